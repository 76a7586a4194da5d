//! Running the meeting: the agenda's slots, where the facilitator is, notes, action
//! items, feedback, ending it, and writing the presented values into the history.
//!
//! Slots: 0 is the opening, 1..=n one per assignment in agenda order, n + 1 the closing.
//! Only managers run the meeting; everyone signed in may follow it and leave feedback
//! until it is held. After that it is read-only, apart from the owner's clarity rating.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::card::Kind as CardKind;
use crate::domain::month::YearMonth;
use crate::domain::presentation::FeedbackKind;
use crate::domain::review::ReviewStatus;
use crate::domain::validation::{multiline_text, text, FieldError, ValidationErrors};
use crate::error::AppError;
use crate::models::{
    ActionItem, Assignment, Feedback, MeetingState, Member, MetricValue, NewMetricValue,
    Presentation, Review, TeamSettings, ValueWrite,
};
use crate::services::review_context::{self, Context};

pub const NOTES_MAX: usize = 4000;
pub const FEEDBACK_MAX: usize = 1000;
pub const ACTION_MAX: usize = 300;

/// A review with its meeting context.
pub struct Meeting {
    pub ctx: Context,
    pub assignments: Vec<Assignment>,
}

impl Meeting {
    pub fn review(&self) -> &Review {
        &self.ctx.review
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
    let ctx = review_context::context(conn, review)?;
    Ok(Meeting { ctx, assignments })
}

fn running(
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

/// A new action item, optionally for a metric's slot.
pub struct NewAction<'a> {
    pub slot: i32,
    pub text: &'a str,
    pub owner_id: &'a str,
    pub due_date: &'a str,
}

pub fn add_action_item(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: YearMonth,
    action: &NewAction,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let meeting = running(conn, actor, month)?;
        let mut errors = ValidationErrors::new();
        let body = errors.take(text("text", action.text, true, ACTION_MAX));
        let owner = match action.owner_id.trim() {
            "" => None,
            raw => match raw
                .parse::<i32>()
                .ok()
                .and_then(|id| Member::find(conn, id).ok())
                .filter(|m| m.active)
            {
                Some(m) => Some(m.id),
                None => {
                    errors.add(
                        "owner_id",
                        format!("The owner ({raw:?}) is not an active member"),
                    );
                    None
                }
            },
        };
        let due = match action.due_date.trim() {
            "" => None,
            raw => errors.take(
                NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                    .map(|d| d.to_string())
                    .map_err(|_| {
                        FieldError::new(
                            "due_date",
                            format!("Due date {raw:?} is not a date written YYYY-MM-DD"),
                        )
                    }),
            ),
        };
        let Some(body) = body else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let assignment = meeting.assignment_at(action.slot).map(|a| a.id);
        ActionItem::insert(
            conn,
            meeting.review().id,
            assignment,
            &body,
            owner,
            due.as_deref(),
            now,
        )?;
        Ok(())
    })
}

/// Tick an action item off (or on again), from any meeting or its owner.
pub fn set_action_done(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
    done: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let item = ActionItem::find(conn, id).map_err(|_| AppError::not_found("action item"))?;
        if !actor.is_manager() && item.owner_id != Some(actor.id()) {
            return Err(AppError::Forbidden(
                "only a manager or the item's owner can tick it off".into(),
            ));
        }
        ActionItem::set_done(conn, id, done, now)?;
        Ok(())
    })
}

/// Feedback on a presentation from anyone signed in, until the meeting is held.
pub fn add_feedback(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    assignment_id: i32,
    kind: &str,
    body: &str,
    anonymous: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let assignment = Assignment::find(conn, assignment_id)
            .map_err(|_| AppError::not_found("presentation"))?;
        let review = Review::find(conn, assignment.review_id)?;
        match review.status() {
            ReviewStatus::Published => {}
            ReviewStatus::Held => {
                return Err(AppError::conflict(
                    None,
                    "this meeting has been held; feedback is closed",
                ))
            }
            _ => return Err(AppError::not_found("presentation")),
        }
        let mut errors = ValidationErrors::new();
        let kind = errors.take(FeedbackKind::parse(kind));
        if kind == Some(FeedbackKind::Kudos) && assignment.presenter_id == user.id() {
            errors.add("kind", "Kudos are for other presenters; this slot is yours");
        }
        // Kudos may come without words; a question or a suggestion needs them.
        let needs_words = kind.is_some_and(|k| k != FeedbackKind::Kudos);
        let body = errors.take(multiline_text("body", body, needs_words, FEEDBACK_MAX));
        if anonymous && !TeamSettings::get(conn)?.anonymous_feedback {
            errors.add(
                "anonymous",
                "Anonymous feedback is switched off for this team",
            );
        }
        let (Some(kind), Some(body)) = (kind, body) else {
            return Err(errors.into());
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        Feedback::insert(
            conn,
            assignment.id,
            user.id(),
            kind.as_str(),
            &body,
            anonymous,
            now,
        )?;
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
        MeetingState::set_held(conn, meeting.review().id, now)?;
        Ok(())
    })
}

/// Which presented values go into the history: `write` are written where the data month
/// has no value or the same one; `replace` may also replace a different recorded value
/// (the person saw both and chose the presented one).
#[derive(Clone, Debug, Default)]
pub struct ValueChoice {
    pub write: Vec<i32>,
    pub replace: Vec<i32>,
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
            let replace = choice.replace.contains(&a.metric_id);
            if !replace && !choice.write.contains(&a.metric_id) {
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

/// The owner rates how clear the explanation was (1 to 5), at the slot or afterwards.
pub fn rate(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    assignment_id: i32,
    rating: i32,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let assignment = Assignment::find(conn, assignment_id)
            .map_err(|_| AppError::not_found("presentation"))?;
        if assignment.owner_id != Some(user.id()) {
            return Err(AppError::Forbidden(
                "only the metric's owner rates how clear the explanation was".into(),
            ));
        }
        let review = Review::find(conn, assignment.review_id)?;
        // At the slot (the meeting has started) or afterwards.
        let started = review.status() == ReviewStatus::Published && review.meeting_started_at.is_some();
        if review.status() != ReviewStatus::Held && !started {
            return Err(AppError::conflict(
                None,
                "rate the explanation when it has been given: at its slot in the meeting, or afterwards",
            ));
        }
        if !(1..=5).contains(&rating) {
            return Err(AppError::validation("rating", "The rating must be from 1 to 5"));
        }
        let presentation = Presentation::find_for_assignment(conn, assignment_id)?
            .ok_or_else(|| AppError::conflict(None, "there is no presentation to rate"))?;
        Presentation::set_rating(conn, presentation.id, rating, now)?;
        Ok(())
    })
}

#[derive(serde::Serialize)]
struct SummaryMetric {
    name: String,
    presenter: String,
    value: Option<String>,
    insight: Option<String>,
}

#[derive(serde::Serialize)]
struct SummaryAction {
    text: String,
    owner: Option<String>,
    due: Option<String>,
}

#[derive(serde::Serialize)]
struct SummaryMail {
    month_name: String,
    /// "December 2026": the month whose numbers were presented.
    data_month_name: String,
    archive_link: String,
    metrics: Vec<SummaryMetric>,
    actions: Vec<SummaryAction>,
    successes: Vec<SummaryCard>,
    fails: Vec<SummaryCard>,
}

#[derive(serde::Serialize)]
struct SummaryCard {
    title: String,
    lesson: String,
    link: String,
}

/// Email the meeting's summary to the chosen members (once each).
pub fn send_summary(
    conn: &mut SqliteConnection,
    postbox: &crate::mail::Postbox,
    actor: &CurrentUser,
    month: YearMonth,
    member_ids: &[i32],
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    actor.require_manager()?;
    if member_ids.is_empty() {
        return Err(AppError::validation(
            "member_ids",
            "Choose at least one person to send the summary to",
        ));
    }
    conn.immediate_transaction(|conn| {
        let m = load(conn, month)?;
        if m.review().status() != ReviewStatus::Held {
            return Err(AppError::conflict(
                None,
                "the summary goes out after the meeting is held",
            ));
        }
        let ids: Vec<i32> = m.assignments.iter().map(|a| a.id).collect();
        let presentations = Presentation::list_for_assignments(conn, &ids)?;
        let name_of = |id: i32| m.ctx.members.get(&id).map(|x| x.name.clone());
        let metrics = m
            .assignments
            .iter()
            .filter_map(|a| {
                let metric = m.ctx.metrics.iter().find(|x| x.id == a.metric_id)?;
                let p = presentations.iter().find(|p| p.assignment_id == a.id);
                let answers: std::collections::BTreeMap<String, String> = p
                    .and_then(|p| serde_json::from_str(&p.answers).ok())
                    .unwrap_or_default();
                Some(SummaryMetric {
                    name: metric.name.clone(),
                    presenter: name_of(a.presenter_id).unwrap_or_default(),
                    value: p.and_then(|p| p.value).map(|v| metric.format(v)),
                    insight: answers.get("insight").cloned(),
                })
            })
            .collect();
        let actions = ActionItem::list_for_review(conn, m.review().id)?
            .into_iter()
            .map(|a| SummaryAction {
                owner: a.owner_id.and_then(name_of),
                due: a.due_date,
                text: a.text,
            })
            .collect();
        let cards = month_cards(conn, m.review(), now)?;
        let card = |c: &crate::models::Card| SummaryCard {
            title: c.title.clone(),
            lesson: c.lesson.clone(),
            link: format!("{}/cards/{}", postbox.base_url, c.id),
        };
        let successes = cards
            .iter()
            .filter(|c| c.kind == CardKind::Success.as_str())
            .map(card)
            .collect();
        let fails = cards
            .iter()
            .filter(|c| c.kind == CardKind::Fail.as_str())
            .map(card)
            .collect();
        let mail = SummaryMail {
            month_name: month.long_label(),
            data_month_name: m
                .review()
                .data_month()
                .map(|d| d.long_label())
                .unwrap_or_default(),
            archive_link: format!("{}/reviews/{month}/archive", postbox.base_url),
            metrics,
            actions,
            successes,
            fails,
        };
        let mut queued = 0;
        for id in member_ids {
            let Some(to) = m.ctx.members.get(id).filter(|x| x.active) else {
                return Err(AppError::validation(
                    "member_ids",
                    format!("Member {id} is not an active member"),
                ));
            };
            let key = format!("summary:{}:{}", m.review().id, to.id);
            if postbox.queue(
                conn,
                crate::mail::Email {
                    kind: "summary",
                    key,
                    to_email: &to.email,
                    to_name: &to.name,
                    context: &mail,
                    ics: None,
                },
                now,
            )? {
                queued += 1;
            }
        }
        Ok(queued)
    })
}
