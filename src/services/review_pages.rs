//! What the review pages and the review API load: the list with what the scheduling form
//! proposes, one review with its rotation, agenda, presentations and changes, a review's
//! rotation in agenda order, and a person's assignments, for the pages and the JSON API
//! to show.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::domain::month::YearMonth;
use crate::domain::paging::Pagination;
use crate::domain::presentation::PresentationStatus;
use crate::domain::review::ReviewStatus;
use crate::error::AppError;
use crate::models::{
    Assignment, Member, Metric, Presentation, Review, RotationChange, TeamSettings,
};
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

/// The review list (the scheduled reviews are created first, see `reviews::scheduled_due`).
pub fn list_page(
    conn: &mut SqliteConnection,
    requested: i64,
    per_page: i64,
) -> Result<ReviewList, AppError> {
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

/// What a review's page shows, loaded at once.
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
    let ctx = review_context::shown(conn, review.clone())?;
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

/// A review's rotation as the API shows it: in agenda order (positions renumbered), each
/// slot's seconds and its presentation's progress.
pub struct ReviewRotation {
    pub review: Review,
    pub away: Vec<i32>,
    /// `(assignment, slot seconds, presentation status)`.
    pub slots: Vec<(Assignment, i64, PresentationStatus)>,
}

/// The review of `month` and who is away, without its rotation.
pub fn review_with_away(
    conn: &mut SqliteConnection,
    month: YearMonth,
) -> Result<(Review, Vec<i32>), AppError> {
    let review = find(conn, month)?;
    let away = Review::absent_member_ids(conn, review.id)?;
    Ok((review, away))
}

pub fn rotation(conn: &mut SqliteConnection, month: YearMonth) -> Result<ReviewRotation, AppError> {
    let review = find(conn, month)?;
    let away = Review::absent_member_ids(conn, review.id)?;
    let ctx = review_context::shown(conn, review.clone())?;
    let listed = Assignment::list_for_review(conn, review.id)?;
    let planned = crate::services::agenda::plan(conn, &ctx, listed, false)?;
    let ids: Vec<i32> = planned.assignments.iter().map(|a| a.id).collect();
    let statuses = presentation_statuses(conn, &ids)?;
    let slots = planned
        .assignments
        .into_iter()
        .zip(planned.timeboxes)
        .zip(statuses)
        .enumerate()
        .map(|(position, ((mut a, seconds), status))| {
            // The position follows the agenda.
            a.position = i32::try_from(position).unwrap_or(a.position);
            (a, seconds, status)
        })
        .collect();
    Ok(ReviewRotation {
        review,
        away,
        slots,
    })
}

/// Each assignment's presentation progress, in the order of `assignment_ids`.
fn presentation_statuses(
    conn: &mut SqliteConnection,
    assignment_ids: &[i32],
) -> Result<Vec<PresentationStatus>, AppError> {
    let presentations = Presentation::list_for_assignments(conn, assignment_ids)?;
    Ok(assignment_ids
        .iter()
        .map(|id| {
            PresentationStatus::of(
                presentations
                    .iter()
                    .find(|p| p.assignment_id == *id)
                    .map(|p| p.status.as_str()),
            )
        })
        .collect())
}

/// A page of reviews for the API, each with who is away.
pub fn list_with_away(
    conn: &mut SqliteConnection,
    page: i64,
    per_page: i64,
) -> Result<Vec<(Review, Vec<i32>)>, AppError> {
    let reviews = Review::list(conn, per_page, (page - 1) * per_page)?;
    let ids: Vec<i32> = reviews.iter().map(|r| r.id).collect();
    let mut away: std::collections::HashMap<i32, Vec<i32>> = Default::default();
    for (review, member) in Review::absences_of(conn, &ids)? {
        away.entry(review).or_default().push(member);
    }
    Ok(reviews
        .into_iter()
        .map(|r| {
            let away = away.remove(&r.id).unwrap_or_default();
            (r, away)
        })
        .collect())
}

/// One assignment of a person's: the review's month and status, the assignment and its
/// presentation's progress.
pub struct Presenting {
    pub month: String,
    pub review_status: String,
    pub assignment: Assignment,
    pub presentation: PresentationStatus,
}

/// What a person presents, newest review first.
pub fn presenting(
    conn: &mut SqliteConnection,
    member_id: i32,
) -> Result<Vec<Presenting>, AppError> {
    let rows = Assignment::list_for_presenter(conn, member_id)?;
    let ids: Vec<i32> = rows.iter().map(|(_, _, a)| a.id).collect();
    let statuses = presentation_statuses(conn, &ids)?;
    Ok(rows
        .into_iter()
        .zip(statuses)
        .map(
            |((month, review_status, assignment), presentation)| Presenting {
                month,
                review_status,
                assignment,
                presentation,
            },
        )
        .collect())
}

/// One metric a person owns, as presented by someone else: the review's month and status,
/// the assignment, and the presentation's (status, fact-checked at, correction).
pub type Owned = (
    String,
    String,
    Assignment,
    Option<(String, Option<NaiveDateTime>, String)>,
);

/// "My assignments": what a person presents, the newest `owned_shown` presentations of
/// metrics they own, and the names of metrics and members to show.
pub struct Mine {
    pub presenting: Vec<Presenting>,
    pub owned: Vec<Owned>,
    pub metrics: std::collections::HashMap<i32, String>,
    pub members: std::collections::HashMap<i32, String>,
}

pub fn mine(
    conn: &mut SqliteConnection,
    member_id: i32,
    owned_shown: i64,
) -> Result<Mine, AppError> {
    Ok(Mine {
        presenting: presenting(conn, member_id)?,
        owned: Assignment::list_for_owner(conn, member_id, owned_shown)?,
        metrics: Metric::names(conn)?,
        members: Member::names(conn)?,
    })
}

/// The page to change one metric's presenter: the review, the assignment, who may take
/// it (active and not away) and the names to show.
pub struct Reassigning {
    pub review: Review,
    pub assignment: Assignment,
    pub candidates: Vec<Member>,
    pub metric: String,
    pub presenter: String,
}

pub fn reassigning(
    conn: &mut SqliteConnection,
    month: YearMonth,
    metric_id: i32,
) -> Result<Reassigning, AppError> {
    let review = find(conn, month)?;
    let assignment = review_context::assignment_of(conn, &review, metric_id)?;
    let away = Review::absent_member_ids(conn, review.id)?;
    let candidates = Member::list_active(conn)?
        .into_iter()
        .filter(|m| !away.contains(&m.id))
        .collect();
    let presenter = Member::names_of(conn, &[assignment.presenter_id])?
        .remove(&assignment.presenter_id)
        .unwrap_or_default();
    let metric = Metric::names(conn)?.remove(&metric_id).unwrap_or_default();
    Ok(Reassigning {
        review,
        assignment,
        candidates,
        metric,
        presenter,
    })
}
