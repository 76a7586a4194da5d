//! A review created or changed in one request by a program (the JSON API): any of its
//! schedule's fields, the agenda, who is away and its status, applied in that order.
//! Pages change one thing at a time through the functions in `reviews`.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::SqliteConnection;

use super::{create, reschedule, set_agenda, set_away, set_cancelled, Schedule};
use crate::auth::CurrentUser;
use crate::domain::month::YearMonth;
use crate::domain::review::{parse_timezone, Agenda, ReviewStatus};
use crate::error::AppError;
use crate::mail::Postbox;
use crate::models::{Review, TeamSettings};
use crate::services::review_context::find;

/// The schedule's fields a request names, each already valid; the others stay as they
/// are (or take the team's defaults for a new review).
#[derive(Clone, Debug, Default)]
pub struct ScheduleChanges {
    pub starts_at: Option<NaiveDateTime>,
    pub timezone: Option<Tz>,
    pub duration_minutes: Option<i32>,
    pub location: Option<String>,
    /// `Some(None)`: back to the month before the meeting's.
    pub data_month: Option<Option<YearMonth>>,
}

impl ScheduleChanges {
    pub fn is_empty(&self) -> bool {
        self.starts_at.is_none()
            && self.timezone.is_none()
            && self.duration_minutes.is_none()
            && self.location.is_none()
            && self.data_month.is_none()
    }

    /// These changes over `base`.
    pub fn over(&self, base: Schedule) -> Schedule {
        Schedule {
            starts_at: self.starts_at.unwrap_or(base.starts_at),
            timezone: self.timezone.unwrap_or(base.timezone),
            duration_minutes: self.duration_minutes.unwrap_or(base.duration_minutes),
            location: self.location.clone().unwrap_or(base.location),
            data_month: self.data_month.unwrap_or(base.data_month),
        }
    }
}

/// What a request may change besides the schedule: the review's status, as the API
/// names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusChange {
    /// "cancelled": cancel the review.
    Cancel,
    /// "planned": a cancelled review back on.
    Reopen,
    /// "published": a held meeting reopened (until the next one starts).
    ReopenMeeting,
}

impl StatusChange {
    /// The status as a request names it; anything else is refused with what may be set.
    pub fn parse(raw: &str) -> Result<StatusChange, AppError> {
        match raw {
            "cancelled" => Ok(StatusChange::Cancel),
            "planned" => Ok(StatusChange::Reopen),
            "published" => Ok(StatusChange::ReopenMeeting),
            other => Err(AppError::validation(
                "status",
                format!("Status {other:?} cannot be set here: {STATUS_HELP}"),
            )),
        }
    }
}

const STATUS_HELP: &str = "use \"cancelled\" to cancel, \"planned\" to reopen a cancelled review or \"published\" to reopen a held meeting; draw and publish have their own routes";

#[derive(Clone, Debug, Default)]
pub struct ReviewChanges {
    pub schedule: ScheduleChanges,
    pub agenda: Option<Agenda>,
    pub away_member_ids: Option<Vec<i32>>,
    pub status: Option<StatusChange>,
}

/// Schedule a review for `month` with `changes` over the team's defaults (a program
/// names at least the start).
pub fn create_with(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    changes: &ReviewChanges,
    now: NaiveDateTime,
) -> Result<Review, AppError> {
    let settings = TeamSettings::get(conn)?;
    let base = Schedule {
        starts_at: now,
        timezone: parse_timezone(&settings.default_timezone)?,
        duration_minutes: settings.default_duration_minutes,
        location: settings.default_location,
        data_month: None,
    };
    create(conn, actor, month, &changes.schedule.over(base), now)?;
    if let Some(agenda) = changes.agenda {
        set_agenda(conn, actor, month, agenda, now)?;
    }
    if let Some(ids) = &changes.away_member_ids {
        set_away(conn, actor, month, ids, now)?;
    }
    find(conn, month)
}

/// Apply `changes` to the review of `month`. A program moving a review means it: no
/// confirmation is asked.
pub fn apply(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    actor: &CurrentUser,
    month: YearMonth,
    changes: &ReviewChanges,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let review = find(conn, month)?;
    if changes.status == Some(StatusChange::ReopenMeeting) && review.status() != ReviewStatus::Held
    {
        return Err(AppError::validation(
            "status",
            format!("Status \"published\" cannot be set here: {STATUS_HELP}"),
        ));
    }
    if !changes.schedule.is_empty() {
        let base = Schedule {
            starts_at: review.starts_at,
            timezone: parse_timezone(&review.timezone)?,
            duration_minutes: review.duration_minutes,
            location: review.location.clone(),
            data_month: None,
        };
        let schedule = changes.schedule.over(base);
        reschedule(conn, postbox, actor, month, &schedule, true, now)?;
    }
    if let Some(ids) = &changes.away_member_ids {
        set_away(conn, actor, month, ids, now)?;
    }
    if let Some(agenda) = changes.agenda {
        set_agenda(conn, actor, month, agenda, now)?;
    }
    match changes.status {
        None => {}
        Some(StatusChange::Cancel) => {
            set_cancelled(conn, postbox, actor, month, true, now)?;
        }
        Some(StatusChange::Reopen) => {
            set_cancelled(conn, postbox, actor, month, false, now)?;
        }
        Some(StatusChange::ReopenMeeting) => {
            crate::services::meeting::ending::reopen(conn, actor, month, now)?;
        }
    }
    Ok(())
}
