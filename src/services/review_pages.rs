//! What the review pages load: the list with what the scheduling form proposes, and one
//! review with its rotation, agenda, presentations and changes. Built into pages by
//! `views::reviews`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::SqliteConnection;

use crate::domain::month::YearMonth;
use crate::domain::paging::Pagination;
use crate::domain::review::ReviewStatus;
use crate::error::AppError;
use crate::models::{Assignment, Review, RotationChange, TeamSettings};
use crate::services::notices;
use crate::services::review_context::{self, find, Context};

/// The review list's page: one page of reviews and what the form proposes next.
pub struct ReviewList {
    pub reviews: Vec<Review>,
    pub pagination: Pagination,
    pub settings: TeamSettings,
    /// The months that have a review (the form proposes the first free one).
    pub taken: Vec<YearMonth>,
    /// The newest review not cancelled: the next is proposed like it.
    pub latest: Option<Review>,
}

/// The review list, after creating the reviews the team's schedule asks for.
pub fn list_page(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    now: NaiveDateTime,
    requested: i64,
    per_page: i64,
) -> Result<ReviewList, AppError> {
    crate::services::reviews::create_scheduled(conn, today, now)?;
    let pagination = Pagination::new(requested, per_page, Review::count(conn)?);
    let all = Review::list(conn, i64::MAX, 0)?;
    let taken = all.iter().filter_map(Review::meeting_month).collect();
    let latest = all
        .into_iter()
        .find(|r| r.status() != ReviewStatus::Cancelled);
    Ok(ReviewList {
        reviews: Review::list(conn, per_page, pagination.offset(per_page))?,
        pagination,
        settings: TeamSettings::get(conn)?,
        taken,
        latest,
    })
}

/// What a review's page shows, loaded at once for `views::reviews`.
pub struct ReviewPage {
    /// Each assignment's slot seconds, in agenda order (as `assignments`).
    pub timeboxes: Vec<i64>,
    /// The data month's variation per metric.
    pub variations: std::collections::HashMap<i32, crate::domain::spc::Variation>,
    pub month: YearMonth,
    pub ctx: Context,
    pub assignments: Vec<Assignment>,
    pub presentations: Vec<crate::models::Presentation>,
    /// Changes after publishing, with who made them.
    pub changes: Vec<(RotationChange, String)>,
    /// Who a published review's changes are emailed to.
    pub invited: Vec<String>,
}

pub fn page_data(conn: &mut SqliteConnection, month: YearMonth) -> Result<ReviewPage, AppError> {
    let review = find(conn, month)?;
    let listed = Assignment::list_for_review(conn, review.id)?;
    let changes = RotationChange::list_for_review(conn, review.id)?;
    let ctx = review_context::context(conn, review.clone())?;
    let planned = crate::services::agenda::plan(conn, &ctx, listed, true)?;
    let assignments = planned.assignments;
    let variations = planned
        .analyses
        .iter()
        .flat_map(|a| a.analyses.iter())
        .map(|(id, a)| (*id, a.variation))
        .collect();
    let ids: Vec<i32> = assignments.iter().map(|a| a.id).collect();
    let presentations = crate::models::Presentation::list_for_assignments(conn, &ids)?;
    let invited = if review.status() == ReviewStatus::Published {
        notices::invited_names(conn, &review)?
    } else {
        Vec::new()
    };
    Ok(ReviewPage {
        ctx,
        timeboxes: planned.timeboxes,
        variations,
        month,
        assignments,
        presentations,
        changes,
        invited,
    })
}
