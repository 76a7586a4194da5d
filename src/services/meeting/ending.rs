//! After the meeting: writing the presented values into the data month's history
//! (never silently replacing a different one), and reopening a meeting ended too soon
//! (which takes those values back).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::ids::MetricId;
use crate::domain::month::YearMonth;
use crate::domain::review::ReviewStatus;
use crate::domain::validation::ValidationErrors;
use crate::error::AppError;
use crate::models::{MeetingState, MetricValue, NewMetricValue, Presentation, Review, ValueWrite};

use super::{load, Meeting};

/// What the form that writes the presented values shows: a held meeting, its
/// presentations, and the data month's recorded values.
pub struct ValuesData {
    pub meeting: Meeting,
    pub month: YearMonth,
    pub data_month: YearMonth,
    pub presentations: Vec<Presentation>,
    /// Metric id → the value recorded for the data month.
    pub recorded: HashMap<i32, f64>,
    /// Still possible: no later meeting has started.
    pub can_reopen: bool,
}

pub fn values_data(conn: &mut SqliteConnection, month: YearMonth) -> Result<ValuesData, AppError> {
    let meeting = load(conn, month)?;
    if meeting.review().status() != ReviewStatus::Held {
        return Err(AppError::conflict(
            None,
            "values are written after the meeting is held",
        ));
    }
    let data_month = meeting
        .review()
        .data_month()
        .ok_or_else(|| AppError::internal("a review without a data month"))?;
    let ids: Vec<i32> = meeting.assignments.iter().map(|a| a.id).collect();
    let mut recorded = HashMap::new();
    for a in &meeting.assignments {
        if let Some(v) = MetricValue::find(conn, a.metric_id, &data_month.to_string())? {
            recorded.insert(a.metric_id, v.value);
        }
    }
    Ok(ValuesData {
        presentations: Presentation::list_for_assignments(conn, &ids)?,
        can_reopen: later_started(conn, meeting.review())?.is_none(),
        meeting,
        month,
        data_month,
        recorded,
    })
}

/// Which presented values go into the history: `write` are written where the data month
/// has no value or the same one; `replace` may also replace a different recorded value
/// (the person saw both and chose the presented one).
#[derive(Clone, Debug, Default)]
pub struct ValueChoice {
    pub write: Vec<MetricId>,
    pub replace: Vec<MetricId>,
}

/// What writing the values did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub written: usize,
    /// Ticked values already recorded as presented.
    pub unchanged: usize,
}

/// After the meeting, write the presented values of the chosen metrics into their history
/// for the review's data month. A different value already recorded is never replaced
/// silently: unless the metric is in `replace`, nothing is written and the error names it.
pub fn write_values(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    choice: &ValueChoice,
    now: NaiveDateTime,
) -> Result<Written, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let meeting = load(conn, month)?;
        let review = meeting.review();
        if review.status() != ReviewStatus::Held {
            return Err(AppError::conflict(
                None,
                "values are written after the meeting is held",
            ));
        }
        let data_month = review
            .data_month()
            .ok_or_else(|| AppError::internal("a review without a data month"))?;
        let key = data_month.to_string();
        let ids: Vec<i32> = meeting.assignments.iter().map(|a| a.id).collect();
        let presentations = Presentation::list_for_assignments(conn, &ids)?;
        let mut errors = ValidationErrors::new();
        let mut done = Written::default();
        for a in &meeting.assignments {
            let replace = choice.replace.contains(&MetricId(a.metric_id));
            if !replace && !choice.write.contains(&MetricId(a.metric_id)) {
                continue;
            }
            let Some(value) = presentations
                .iter()
                .find(|p| p.assignment_id == a.id)
                .and_then(|p| p.value)
            else {
                continue;
            };
            let metric = meeting.ctx.metrics.iter().find(|m| m.id == a.metric_id);
            let recorded = MetricValue::find(conn, a.metric_id, &key)?;
            match &recorded {
                Some(r) if r.value == value => {
                    done.unchanged += 1;
                    continue;
                }
                Some(r) if !replace => {
                    let name = metric.map_or("this metric", |m| m.name.as_str());
                    let format = |v: f64| metric.map_or_else(|| v.to_string(), |m| m.format(v));
                    errors.add(
                        &format!("write_{}", a.metric_id),
                        format!(
                            "{name} already has {} recorded for {}; {} was presented. Tick \"Replace\" to write the presented value, or leave it out",
                            format(r.value),
                            data_month.long_label(),
                            format(value)
                        ),
                    );
                    continue;
                }
                _ => {}
            }
            ValueWrite::record(
                conn,
                &ValueWrite {
                    review_id: review.id,
                    metric_id: a.metric_id,
                    month: key.clone(),
                    written_value: value,
                    previous_value: recorded.as_ref().map(|r| r.value),
                    previous_note: recorded.as_ref().map(|r| r.note.clone()),
                    previous_updated_by: recorded.as_ref().and_then(|r| r.updated_by),
                    previous_updated_at: recorded.as_ref().map(|r| r.updated_at),
                },
            )?;
            let note = format!(
                "presented by {} in the {} review",
                meeting
                    .ctx
                    .members
                    .get(&a.presenter_id)
                    .map_or("", |m| m.name.as_str()),
                month.long_label()
            );
            MetricValue::upsert(
                conn,
                &NewMetricValue {
                    metric_id: a.metric_id,
                    month: &key,
                    value,
                    note: &note,
                    updated_by: Some(actor.id()),
                    updated_at: now,
                },
            )?;
            done.written += 1;
        }
        if !errors.is_empty() {
            // All or nothing: the transaction rolls back what was written above.
            return Err(errors.into());
        }
        Ok(done)
    })
}

/// The first later review whose meeting has started: a held meeting can be reopened
/// until then.
pub fn later_started(
    conn: &mut SqliteConnection,
    review: &Review,
) -> Result<Option<Review>, AppError> {
    Ok(Review::list_after(conn, &review.month)?
        .into_iter()
        .find(|r| r.status() == ReviewStatus::Held || r.meeting_started_at.is_some()))
}

/// Reopen a held meeting (a manager, until the next review's meeting has started): the
/// review is published again, presenters' links work again, and the values its ending
/// wrote into the history are taken back (a value changed since is left as it is).
/// Returns how many values were taken back.
pub fn reopen(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let review = crate::services::review_context::find(conn, month)?;
        if review.status() != ReviewStatus::Held {
            return Err(AppError::conflict(
                None,
                "only a held meeting can be reopened",
            ));
        }
        if let Some(later) = later_started(conn, &review)? {
            return Err(AppError::conflict(
                None,
                format!(
                    "the {} review has started since; a meeting can be reopened only until the next one starts",
                    later
                        .meeting_month()
                        .map_or(later.month.clone(), |m| m.long_label())
                ),
            ));
        }
        let mut taken_back = 0;
        for w in ValueWrite::list_for_review(conn, review.id)? {
            let current = MetricValue::find(conn, w.metric_id, &w.month)?;
            if current.as_ref().map(|c| c.value) != Some(w.written_value) {
                continue;
            }
            match (w.previous_value, w.previous_updated_at) {
                (Some(value), Some(updated_at)) => {
                    MetricValue::upsert(
                        conn,
                        &NewMetricValue {
                            metric_id: w.metric_id,
                            month: &w.month,
                            value,
                            note: w.previous_note.as_deref().unwrap_or(""),
                            updated_by: w.previous_updated_by,
                            updated_at,
                        },
                    )?;
                }
                _ => {
                    MetricValue::delete(conn, w.metric_id, &w.month)?;
                }
            }
            taken_back += 1;
        }
        ValueWrite::forget_review(conn, review.id)?;
        MeetingState::reopen(conn, review.id, now)?;
        crate::models::RotationChange::record(
            conn,
            review.id,
            actor.id(),
            &format!("{} reopened the meeting", actor.member.name),
            now,
        )?;
        Ok(taken_back)
    })
}
