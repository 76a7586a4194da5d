//! Running the meeting: the agenda's slots, where the facilitator is, notes, and ending
//! it. What attendees add (action items, feedback, the owner's rating) is
//! `contributions`; writing the presented values into the history is `ending`.
//!
//! Slots: 0 is the opening, 1..=n one per assignment in agenda order, n + 1 the closing.
//! Only managers run the meeting; everyone signed in may follow it and leave feedback
//! until it is held. After that it is read-only, apart from the owner's clarity rating.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::month::YearMonth;
use crate::domain::review::ReviewStatus;
use crate::domain::template::{parse_prompts, Prompt};
use crate::domain::validation::multiline_text;
use crate::error::AppError;
use crate::models::{
    ActionItem, Assignment, Feedback, MeetingState, MetricValue, Presentation,
    PresentationTemplate, Review, TeamSettings,
};
use crate::services::review_context::{self, Context};

pub const NOTES_MAX: usize = 4000;

/// A review with its meeting context: the assignments in agenda order, each slot's
/// seconds, and the analysis of each metric's data month.
pub struct Meeting {
    pub ctx: Context,
    pub assignments: Vec<Assignment>,
    pub timeboxes: Vec<i64>,
    /// Loaded with the agenda when it needed them (signals first); see [`Meeting::analyses`].
    pub analyses: Option<crate::services::analysis::ReviewAnalyses>,
}

impl Meeting {
    pub fn review(&self) -> &Review {
        &self.ctx.review
    }

    /// The analyses of the metrics' data month that `detail` shows, loaded now if the
    /// agenda did not (it does for a signals-first agenda, which orders by them).
    pub fn analyses(
        &self,
        conn: &mut SqliteConnection,
        detail: Detail,
    ) -> Result<crate::services::analysis::ReviewAnalyses, AppError> {
        if let Some(a) = &self.analyses {
            return Ok(a.clone());
        }
        crate::services::analysis::for_review(conn, self.review(), self.shown(detail))
    }

    /// The assignments whose slots `detail` shows in full.
    pub fn shown(&self, detail: Detail) -> &[Assignment] {
        match detail {
            Detail::EverySlot => &self.assignments,
            Detail::CurrentSlot => self
                .assignment_at(self.review().current_slot)
                .map_or(&[], std::slice::from_ref),
        }
    }

    /// Number of slots: opening, one per assignment, closing.
    pub fn slot_count(&self) -> i32 {
        i32::try_from(self.assignments.len()).unwrap_or(0) + 2
    }

    /// The assignment shown in `slot`, if it is a metric slot.
    pub fn assignment_at(&self, slot: i32) -> Option<&Assignment> {
        usize::try_from(slot - 1)
            .ok()
            .and_then(|i| self.assignments.get(i))
    }
}

pub fn load(conn: &mut SqliteConnection, month: YearMonth) -> Result<Meeting, AppError> {
    let review = Review::find_by_month(conn, &month.to_string())?.ok_or_else(|| {
        AppError::NotFound(format!("there is no review for {}", month.long_label()))
    })?;
    let assignments = Assignment::list_for_review(conn, review.id)?;
    let ctx = review_context::shown(conn, review)?;
    let planned = crate::services::agenda::plan(conn, &ctx, assignments, false)?;
    Ok(Meeting {
        ctx,
        assignments: planned.assignments,
        timeboxes: planned.timeboxes,
        analyses: planned.analyses,
    })
}

/// The meeting as attendees follow it: once its rotation is published.
pub fn followed(conn: &mut SqliteConnection, month: YearMonth) -> Result<Meeting, AppError> {
    let meeting = load(conn, month)?;
    match meeting.review().status() {
        ReviewStatus::Published | ReviewStatus::Held => Ok(meeting),
        _ => Err(AppError::NotFound(
            "this meeting has no published rotation yet".into(),
        )),
    }
}

/// The meeting's archive: once it is held.
pub fn archived(conn: &mut SqliteConnection, month: YearMonth) -> Result<Meeting, AppError> {
    let meeting = load(conn, month)?;
    if meeting.review().status() != ReviewStatus::Held {
        return Err(AppError::NotFound(
            "the archive exists once the meeting is held".into(),
        ));
    }
    Ok(meeting)
}

pub(super) fn running(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
) -> Result<Meeting, AppError> {
    actor.require_manager()?;
    let meeting = load(conn, month)?;
    match meeting.review().status() {
        ReviewStatus::Published => Ok(meeting),
        ReviewStatus::Held => Err(AppError::conflict(
            None,
            "this meeting has been held; its archive is read-only",
        )),
        _ => Err(AppError::conflict(
            None,
            "publish the rotation before running the meeting",
        )),
    }
}

/// The cards shared since the previous review (or since the data month began), up to the
/// meeting's end, to celebrate in the closing slot and the summary (the window's rule is
/// `domain::review::closing_cards_window`).
pub fn month_cards(
    conn: &mut SqliteConnection,
    review: &Review,
    now: NaiveDateTime,
) -> Result<Vec<crate::models::Card>, AppError> {
    let previous = Review::list_past_rotations(conn, &review.month)?
        .into_iter()
        .map(|r| r.starts_at)
        .max();
    let data_month = review
        .data_month()
        .ok_or_else(|| AppError::internal(format!("review month {:?}", review.month)))?;
    let (from, to) = crate::domain::review::closing_cards_window(
        data_month,
        previous,
        review.meeting_started_at,
        review.starts_at,
        review.held_at,
        now,
    );
    Ok(crate::models::Card::created_between(conn, from, to)?)
}

/// Everything the meeting's slots show, loaded at once.
pub struct SlotData {
    pub presentations: Vec<Presentation>,
    pub feedback: Vec<Feedback>,
    /// This meeting's action items.
    pub actions: Vec<ActionItem>,
    /// Open action items of earlier reviews, with the month they come from.
    pub open_before: Vec<(String, ActionItem)>,
    /// Each metric's values over the 13 months up to the data month.
    pub history: HashMap<i32, Vec<(YearMonth, f64)>>,
    /// The questions of each template version the presentations use.
    pub prompts: HashMap<i32, Vec<Prompt>>,
    /// The cards the closing slot celebrates.
    pub cards: Vec<crate::models::Card>,
    pub data_month: YearMonth,
    pub anonymous_allowed: bool,
    /// Signal or noise of each metric's data month.
    pub analyses: crate::services::analysis::ReviewAnalyses,
}

/// Which slots a meeting page shows in full.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// The current slot (running and following the meeting); the others are agenda lines.
    CurrentSlot,
    /// Every slot (the archive).
    EverySlot,
}

pub fn slot_data(
    conn: &mut SqliteConnection,
    m: &Meeting,
    now: NaiveDateTime,
    detail: Detail,
) -> Result<SlotData, AppError> {
    // Only the slots shown in full need their presentations, feedback and values.
    let shown = m.shown(detail);
    let ids: Vec<i32> = shown.iter().map(|a| a.id).collect();
    let presentations = Presentation::list_for_assignments(conn, &ids)?;
    let data_month = m
        .review()
        .data_month()
        .ok_or_else(|| AppError::internal("a review without a month"))?;
    let metric_ids: Vec<i32> = shown.iter().map(|a| a.metric_id).collect();
    let mut history: HashMap<i32, Vec<(YearMonth, f64)>> = HashMap::new();
    for (id, month, value) in MetricValue::points_for_metrics_since(
        conn,
        &metric_ids,
        &data_month.trailing(13)[0].to_string(),
    )? {
        if let Ok(month) = YearMonth::parse(&month) {
            if month <= data_month {
                history.entry(id).or_default().push((month, value));
            }
        }
    }
    let mut prompts = HashMap::new();
    for version in presentations.iter().map(|p| p.template_version) {
        if let std::collections::hash_map::Entry::Vacant(e) = prompts.entry(version) {
            e.insert(parse_prompts(
                &PresentationTemplate::find(conn, version)?.prompts,
            )?);
        }
    }
    Ok(SlotData {
        feedback: Feedback::list_for_assignments(conn, &ids)?,
        actions: ActionItem::list_for_review(conn, m.review().id)?,
        open_before: ActionItem::list_open_before(conn, &m.review().month)?,
        cards: month_cards(conn, m.review(), now)?,
        anonymous_allowed: TeamSettings::get(conn)?.anonymous_feedback,
        analyses: m.analyses(conn, detail)?,
        presentations,
        history,
        prompts,
        data_month,
    })
}

/// Open meeting mode (reading only: the meeting starts when the manager starts it).
pub fn open(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
) -> Result<Meeting, AppError> {
    running(conn, actor, month)
}

/// The scheduled start in the review's own time zone when that day is still ahead of
/// `now` ("Tue 5 Jan 2027, 09:00 CET"), so starting asks for a confirmation.
pub fn scheduled_later(review: &crate::models::Review, now: NaiveDateTime) -> Option<String> {
    let tz = crate::domain::review::parse_timezone(&review.timezone).ok()?;
    let starts = crate::domain::review::in_zone(review.starts_at, tz);
    let today = crate::domain::review::in_zone(now, tz).date_naive();
    (today < starts.date_naive()).then(|| {
        starts
            .format(crate::domain::review::WHEN_FORMAT)
            .to_string()
    })
}

/// Start the meeting's clock (once). Before the scheduled day it needs `confirmed`.
pub fn start(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    confirmed: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let meeting = running(conn, actor, month)?;
        if let Some(when) = scheduled_later(meeting.review(), now) {
            if !confirmed {
                return Err(AppError::validation(
                    "confirm",
                    format!("This meeting is scheduled for {when}; tick the box to start it now"),
                ));
            }
        }
        MeetingState::start(conn, meeting.review().id, now)?;
        Ok(())
    })
}

/// Add the time spent on the current metric slot to its assignment (the review's
/// figures spread it across slots). A slot visited twice counts both visits.
fn record_slot_time(
    conn: &mut SqliteConnection,
    meeting: &Meeting,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let review = meeting.review();
    if let (Some(_), Some(since), Some(a)) = (
        review.meeting_started_at,
        review.slot_started_at,
        meeting.assignment_at(review.current_slot),
    ) {
        let seconds = (now - since).num_seconds().clamp(0, 24 * 3600);
        MeetingState::add_spoken(conn, a.id, i32::try_from(seconds).unwrap_or(0))?;
    }
    Ok(())
}

/// Move to `slot` (clamped to the agenda).
pub fn go_to(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    slot: i32,
    now: NaiveDateTime,
) -> Result<i32, AppError> {
    conn.immediate_transaction(|conn| {
        let meeting = running(conn, actor, month)?;
        let slot = slot.clamp(0, meeting.slot_count() - 1);
        record_slot_time(conn, &meeting, now)?;
        MeetingState::start(conn, meeting.review().id, now)?;
        MeetingState::set_slot(conn, meeting.review().id, slot, now)?;
        Ok(slot)
    })
}

/// Notes for a slot: the opening's notes, or a metric's.
pub fn save_notes(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    slot: i32,
    notes: &str,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let meeting = running(conn, actor, month)?;
        let notes = multiline_text("notes", notes, false, NOTES_MAX)?;
        match meeting.assignment_at(slot) {
            Some(a) => MeetingState::set_notes(conn, a.id, &notes)?,
            None if slot == 0 => {
                MeetingState::set_opening_notes(conn, meeting.review().id, &notes)?
            }
            None => {
                return Err(AppError::validation(
                    "slot",
                    "notes belong to the opening or a metric",
                ))
            }
        };
        Ok(())
    })
}

/// End the meeting: the review is held and read-only from now on.
pub fn end(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let meeting = running(conn, actor, month)?;
        record_slot_time(conn, &meeting, now)?;
        MeetingState::set_held(conn, meeting.review().id, now)?;
        Ok(())
    })
}

pub mod contributions;
pub mod ending;
pub mod summary;
