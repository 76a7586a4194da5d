//! Scheduling monthly reviews: creating them (by hand or by the team's schedule), moving,
//! cancelling and reopening them, and who is away. The rotation itself (drawing,
//! changing and publishing it) is `draws`; both start from `review_context`.

use chrono::{NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::month::YearMonth;
use crate::domain::review::{
    default_data_month, local_to_utc, months_between, nth_weekday, parse_timezone, Agenda,
    ReviewStatus,
};
use crate::domain::validation::{text, FieldError, ValidationErrors};
use crate::error::AppError;
use crate::mail::Postbox;
use crate::models::{
    Assignment, Member, NewReview, Review, RotationChange, ScheduleChange, TeamSettings,
};
use crate::services::notices;

use super::review_context::{ensure_open, find};

pub mod changes;

pub const LOCATION_MAX: usize = 300;

/// When and where a review takes place, validated.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub starts_at: NaiveDateTime,
    pub timezone: Tz,
    pub duration_minutes: i32,
    pub location: String,
    /// The month whose numbers the review discusses; `None` keeps the current one (the
    /// month before the meeting's, for a new review).
    pub data_month: Option<YearMonth>,
}

/// Schedule fields as a form sends them: a local date and time in a time zone.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ScheduleFields {
    pub date: String,
    pub time: String,
    pub timezone: String,
    pub duration_minutes: String,
    pub location: String,
    /// `YYYY-MM`; empty for the default.
    pub data_month: String,
}

impl ScheduleFields {
    pub fn parse(&self) -> Result<Schedule, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let date = errors.take(
            chrono::NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d").map_err(|_| {
                FieldError::new(
                    "date",
                    format!(
                        "date {:?} is not a date written YYYY-MM-DD",
                        self.date.trim()
                    ),
                )
            }),
        );
        let time = errors.take(
            NaiveTime::parse_from_str(self.time.trim(), "%H:%M").map_err(|_| {
                FieldError::new(
                    "time",
                    format!("Time {:?} is not a time written HH:MM", self.time.trim()),
                )
            }),
        );
        let timezone = errors.take(parse_timezone(&self.timezone));
        let duration = errors.take(parse_duration(&self.duration_minutes));
        let location = errors.take(text("location", &self.location, false, LOCATION_MAX));
        let data_month = errors.take(optional_data_month(&self.data_month));
        let (
            Some(date),
            Some(time),
            Some(timezone),
            Some(duration_minutes),
            Some(location),
            Some(data_month),
        ) = (date, time, timezone, duration, location, data_month)
        else {
            return Err(errors);
        };
        let starts_at = local_to_utc(date, time, timezone)?;
        Ok(Schedule {
            starts_at,
            timezone,
            duration_minutes,
            location,
            data_month,
        })
    }
}

/// A data month as typed: empty for the default.
pub fn optional_data_month(raw: &str) -> Result<Option<YearMonth>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    YearMonth::parse(raw).map(Some).map_err(|_| {
        FieldError::new(
            "data_month",
            format!("The data month {raw:?} is not a month written YYYY-MM, such as 2026-12"),
        )
    })
}

/// The data month a review of `month` discusses: the one asked for, which must be the
/// meeting's month or one of the twelve before it, or the default.
fn checked_data_month(
    month: YearMonth,
    asked: Option<YearMonth>,
    current: Option<YearMonth>,
) -> Result<YearMonth, AppError> {
    let chosen = asked
        .or(current)
        .unwrap_or_else(|| default_data_month(month));
    let ago = months_between(chosen, month);
    if (0..=12).contains(&ago) {
        Ok(chosen)
    } else {
        Err(AppError::validation(
            "data_month",
            format!(
                "The data month must be {} or one of the twelve months before it; the {} review usually discusses {}",
                month.long_label(),
                month.long_label(),
                default_data_month(month).long_label()
            ),
        ))
    }
}

pub fn parse_duration(raw: &str) -> Result<i32, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(30);
    }
    raw.parse::<i32>()
        .ok()
        .filter(|d| (10..=240).contains(d))
        .ok_or_else(|| {
            FieldError::new(
                "duration_minutes",
                format!("Duration {raw:?} must be a whole number of minutes from 10 to 240"),
            )
        })
}

/// Parse `YYYY-MM` for a route or a field.
pub fn month(raw: &str) -> Result<YearMonth, AppError> {
    YearMonth::parse(raw).map_err(|e| AppError::validation("month", e.to_string()))
}

/// Schedule a review for `month`.
pub fn create(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    schedule: &Schedule,
    now: NaiveDateTime,
) -> Result<Review, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let key = month.to_string();
        if let Some(existing) = Review::find_by_month(conn, &key)? {
            let message = if existing.status() == ReviewStatus::Cancelled {
                format!(
                    "the {} review was cancelled; reopen it instead of creating another",
                    month.long_label()
                )
            } else {
                format!("there is already a review for {}", month.long_label())
            };
            return Err(AppError::conflict(Some("month"), message));
        }
        let data_month = checked_data_month(month, schedule.data_month, None)?.to_string();
        Ok(Review::insert(
            conn,
            &NewReview {
                month: &key,
                starts_at: schedule.starts_at,
                timezone: schedule.timezone.name(),
                duration_minutes: schedule.duration_minutes,
                location: &schedule.location,
                status: ReviewStatus::Planned.as_str(),
                presenting_manager_id: Some(actor.id()),
                created_at: now,
                updated_at: now,
                data_month: &data_month,
            },
        )?)
    })
}

fn people(n: usize) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{n} people")
    }
}

/// Move a review (new time, length, place or data month) until it is held. Moving a
/// published review emails everyone invited, so it needs `confirmed` (pages ask first).
pub fn reschedule(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    actor: &CurrentUser,
    month: YearMonth,
    schedule: &Schedule,
    confirmed: bool,
    now: NaiveDateTime,
) -> Result<Review, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let review = find(conn, month)?;
        ensure_open(&review, "moved")?;
        let data_month = checked_data_month(month, schedule.data_month, review.data_month())?;
        let moved = Review::set_schedule(
            conn,
            review.id,
            &ScheduleChange {
                starts_at: schedule.starts_at,
                timezone: schedule.timezone.name(),
                duration_minutes: schedule.duration_minutes,
                location: &schedule.location,
                data_month: &data_month.to_string(),
                updated_at: now,
            },
        )?;
        // Everyone invited to a published review gets the updated invite, saying what
        // changed; a page asks first, naming them.
        let changes = notices::schedule_changes(&review, &moved);
        if moved.status() == ReviewStatus::Published && !changes.is_empty() {
            if !confirmed {
                let names = notices::invited_names(conn, &moved)?;
                return Err(AppError::validation(
                    "confirm_move",
                    format!(
                        "The rotation is published: moving the review emails the updated invite to {} ({}). Tick the box to move it and tell them",
                        people(names.len()),
                        names.join(", ")
                    ),
                ));
            }
            notices::send_invites(conn, postbox, &moved, None, &changes, now)?;
        }
        Ok(moved)
    })
}

/// Cancel a review (or reopen a cancelled one).
pub fn set_cancelled(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    actor: &CurrentUser,
    month: YearMonth,
    cancelled: bool,
    now: NaiveDateTime,
) -> Result<Review, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let review = find(conn, month)?;
        if review.status() == ReviewStatus::Held {
            return Err(AppError::conflict(
                None,
                format!(
                    "the {} review has been held; it can no longer be cancelled",
                    review.month
                ),
            ));
        }
        let status = if cancelled {
            ReviewStatus::Cancelled
        } else {
            let drawn = !Assignment::list_for_review(conn, review.id)?.is_empty();
            match (review.published_at, drawn) {
                (Some(_), true) => ReviewStatus::Published,
                (_, true) => ReviewStatus::Drafted,
                _ => ReviewStatus::Planned,
            }
        };
        Review::set_status(conn, review.id, status, now)?;
        if cancelled {
            RotationChange::record(
                conn,
                review.id,
                actor.id(),
                &format!("{} cancelled the review", actor.member.name),
                now,
            )?;
        }
        let updated = find(conn, month)?;
        // Presenters who were told hear of the cancellation, and of the reopening.
        match (review.status(), updated.status()) {
            (ReviewStatus::Published, ReviewStatus::Cancelled) => {
                notices::send_cancellation(conn, postbox, &updated, now)?;
            }
            (ReviewStatus::Cancelled, ReviewStatus::Published) => {
                let back = ["The review is back on: it is no longer cancelled".to_string()];
                notices::send_invites(conn, postbox, &updated, None, &back, now)?;
            }
            _ => {}
        }
        Ok(updated)
    })
}

/// Choose the agenda's order (standard, or signals first). Fixed once the meeting has
/// started, so the slots don't move under the facilitator.
pub fn set_agenda(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    agenda: Agenda,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let review = find(conn, month)?;
        ensure_open(&review, "changed")?;
        if review.meeting_started_at.is_some() && review.agenda() != agenda {
            return Err(AppError::conflict(
                Some("agenda"),
                "the meeting has started; its agenda stays as it is",
            ));
        }
        Review::set_agenda(conn, review.id, agenda.as_str(), now)?;
        Ok(())
    })
}

/// Mark who is away that month (replacing the previous list).
pub fn set_away(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    member_ids: &[i32],
    now: NaiveDateTime,
) -> Result<Vec<i32>, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let review = find(conn, month)?;
        ensure_open(&review, "changed")?;
        let mut ids = member_ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        for id in &ids {
            if Member::find(conn, *id).is_err() {
                return Err(AppError::validation(
                    "away_member_ids",
                    format!("Away: {id} is not a member"),
                ));
            }
        }
        let was_away = Review::absent_member_ids(conn, review.id)?;
        Review::set_absences(conn, review.id, &ids)?;
        // A drawn rotation keeps its presenters: those now away are flagged, with the
        // review page offering to replace them; those back lose the flag.
        for a in Assignment::list_for_review(conn, review.id)? {
            let Ok(presenter) = Member::find(conn, a.presenter_id) else {
                continue;
            };
            let warning = away_warning(&presenter, month);
            if ids.contains(&a.presenter_id) {
                Assignment::rewarn(conn, a.id, None, Some(&warning))?;
            } else if was_away.contains(&a.presenter_id) {
                Assignment::rewarn(conn, a.id, Some(&warning), None)?;
            }
        }
        if review.status() == ReviewStatus::Published {
            RotationChange::record(
                conn,
                review.id,
                actor.id(),
                &format!("{} changed who is away", actor.member.name),
                now,
            )?;
        }
        Ok(ids)
    })
}

/// The warning of an assignment whose presenter was marked away after the draw.
pub fn away_warning(presenter: &Member, month: YearMonth) -> String {
    format!(
        "{} is away in {}; choose another presenter for this metric",
        presenter.name,
        month.long_label()
    )
}

/// The schedule's settings read once, and the meeting date of each month it covers.
struct TeamSchedule {
    settings: TeamSettings,
    tz: Tz,
    time: NaiveTime,
    /// The months from `today`'s on, with the date the schedule gives each (those whose
    /// date has passed are left out).
    months: Vec<(YearMonth, chrono::NaiveDate)>,
}

fn schedule(
    conn: &mut SqliteConnection,
    today: chrono::NaiveDate,
) -> Result<Option<TeamSchedule>, AppError> {
    let settings = TeamSettings::get(conn)?;
    if !settings.schedule_enabled {
        return Ok(None);
    }
    let tz = parse_timezone(&settings.default_timezone)?;
    let time = NaiveTime::parse_from_str(&settings.schedule_time, "%H:%M")
        .map_err(|_| AppError::internal("bad schedule time"))?;
    let weekday = chrono::Weekday::try_from(
        u8::try_from((settings.schedule_weekday - 1).rem_euclid(7)).unwrap_or(0),
    )
    .unwrap_or(chrono::Weekday::Tue);
    let mut months = Vec::new();
    let mut month = YearMonth::of_date(today);
    for _ in 0..=settings.schedule_months_ahead.max(0) {
        let date = nth_weekday(
            month,
            u32::try_from(settings.schedule_week).unwrap_or(1),
            weekday,
        );
        if date >= today {
            months.push((month, date));
        }
        month = month.next();
    }
    Ok(Some(TeamSchedule {
        settings,
        tz,
        time,
        months,
    }))
}

/// Does the team schedule ask for a review that does not exist yet? Reads only, so that
/// the lists call `create_scheduled` (a write) only when it has something to do.
pub fn scheduled_due(
    conn: &mut SqliteConnection,
    today: chrono::NaiveDate,
) -> Result<bool, AppError> {
    let Some(schedule) = schedule(conn, today)? else {
        return Ok(false);
    };
    for (month, _) in &schedule.months {
        if Review::find_by_month(conn, &month.to_string())?.is_none() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Create the reviews the team schedule asks for, `schedule_months_ahead` months ahead
/// of `today`'s month (skipping months that already have one).
pub fn create_scheduled(
    conn: &mut SqliteConnection,
    today: chrono::NaiveDate,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let Some(TeamSchedule {
        settings,
        tz,
        time,
        months,
    }) = schedule(conn, today)?
    else {
        return Ok(0);
    };
    let manager = Member::list_active(conn)?
        .into_iter()
        .find(Member::is_manager)
        .map(|m| m.id);
    let mut created = 0;
    conn.immediate_transaction(|conn| {
        for (month, date) in months {
            if Review::find_by_month(conn, &month.to_string())?.is_none() {
                let starts_at = local_to_utc(date, time, tz)?;
                let key = month.to_string();
                let data_month = default_data_month(month).to_string();
                Review::insert(
                    conn,
                    &NewReview {
                        month: &key,
                        starts_at,
                        timezone: tz.name(),
                        duration_minutes: settings.default_duration_minutes,
                        location: &settings.default_location,
                        status: ReviewStatus::Planned.as_str(),
                        presenting_manager_id: manager,
                        created_at: now,
                        updated_at: now,
                        data_month: &data_month,
                    },
                )?;
                created += 1;
            }
        }
        Ok::<_, AppError>(())
    })?;
    Ok(created)
}
