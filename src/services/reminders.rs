//! Reminders to presenters who have not submitted: the manager's one-click nudge (at
//! most once an hour) and the automatic one, `reminder_days` before the deadline.

use chrono::{Duration, NaiveDateTime};
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::month::YearMonth;
use crate::domain::review::ReviewStatus;
use crate::error::AppError;
use crate::mail::{Email, Postbox};
use crate::models::{Assignment, Member, Metric, Presentation, Review, TeamSettings};

pub const BRIEF_MAX: usize = 1000;
pub const CORRECTION_MAX: usize = 2000;

use super::presentations::{deadline, presentation_link};

#[derive(serde::Serialize)]
struct ReminderMail {
    metric: String,
    month_name: String,
    deadline: String,
    link: String,
    from_manager: Option<String>,
}

fn queue_reminder(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    assignment: &Assignment,
    key: String,
    from_manager: Option<String>,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let review = Review::find(conn, assignment.review_id)?;
    let metric = Metric::find(conn, assignment.metric_id)?;
    let presenter = Member::find(conn, assignment.presenter_id)?;
    let tz = crate::domain::review::parse_timezone(&review.timezone).ok();
    let due = deadline(&review);
    let lang = postbox.language_for(&presenter);
    let context = ReminderMail {
        metric: metric.name,
        month_name: YearMonth::parse(&review.month)
            .map(|m| crate::i18n::format::month_name(lang, m))
            .unwrap_or_default(),
        deadline: match tz {
            Some(_) => crate::i18n::format::when(lang, due, &review.timezone),
            None => due.to_string(),
        },
        link: presentation_link(postbox, assignment),
        from_manager,
    };
    postbox.queue(
        conn,
        Email {
            kind: "reminder",
            key,
            to_email: &presenter.email,
            to_name: &presenter.name,
            context: &context,
            ics: None,
            lang,
        },
        now,
    )
}

/// Remind the presenter of `metric_id` in the review of `month` (see `nudge`).
pub fn nudge_metric(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    manager: &CurrentUser,
    month: crate::domain::month::YearMonth,
    metric_id: i32,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let review = crate::services::review_context::find(conn, month)?;
    let assignment = crate::services::review_context::assignment_of(conn, &review, metric_id)?;
    nudge(conn, postbox, manager, assignment.id, now)
}

/// The manager's one-click reminder. Queued at most once an hour per assignment;
/// returns whether a new one was queued.
pub fn nudge(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    manager: &CurrentUser,
    assignment_id: i32,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    manager.require_manager()?;
    conn.immediate_transaction(|conn| {
        let assignment =
            Assignment::find(conn, assignment_id).map_err(|_| AppError::not_found("assignment"))?;
        let key = format!(
            "nudge:{}:{}:{}",
            assignment.id,
            assignment.presenter_id,
            now.format("%Y%m%d%H")
        );
        queue_reminder(
            conn,
            postbox,
            &assignment,
            key,
            Some(manager.member.name.clone()),
            now,
        )
    })
}

/// Queue the automatic reminders that are due: once per assignment, `reminder_days`
/// before the deadline, only to presenters who have not submitted.
pub fn queue_due_reminders(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    use crate::schema::{assignments, reviews};
    use diesel::prelude::*;
    let days = TeamSettings::get(conn)?.reminder_days;
    if days <= 0 {
        return Ok(0);
    }
    conn.immediate_transaction(|conn| {
        let candidates: Vec<(Review, Assignment)> = assignments::table
            .inner_join(reviews::table)
            .filter(reviews::status.eq(ReviewStatus::Published.as_str()))
            .filter(reviews::starts_at.gt(now))
            .filter(assignments::reminded_at.is_null())
            .select((Review::as_select(), Assignment::as_select()))
            .load(conn)?;
        let mut queued = 0;
        for (review, assignment) in candidates {
            if now < deadline(&review) - Duration::days(i64::from(days)) {
                continue;
            }
            let submitted = Presentation::find_for_assignment(conn, assignment.id)?
                .is_some_and(|p| p.is_submitted());
            if submitted {
                continue;
            }
            let key = format!("reminder:{}:{}", assignment.id, assignment.presenter_id);
            if queue_reminder(conn, postbox, &assignment, key, None, now)? {
                queued += 1;
            }
            Assignment::set_reminded(conn, assignment.id, now)?;
        }
        Ok(queued)
    })
}
