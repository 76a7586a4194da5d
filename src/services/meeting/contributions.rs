//! What the people in a meeting add to it: action items (with an owner and a due date,
//! marked done later), feedback on a presentation, and the owner's rating of how clear
//! the explanation was.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::ids::AssignmentId;
use crate::domain::month::YearMonth;
use crate::domain::presentation::FeedbackKind;
use crate::domain::review::ReviewStatus;
use crate::domain::validation::{multiline_text, text, FieldError, ValidationErrors};
use crate::error::AppError;
use crate::models::{ActionItem, Assignment, Feedback, Member, Presentation, Review, TeamSettings};

use super::running;

pub const FEEDBACK_MAX: usize = 1000;
pub const ACTION_MAX: usize = 300;

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

/// The owner rates how clear the explanation was (1 to 5), at the slot or afterwards.
pub fn rate(
    conn: &mut SqliteConnection,
    user: &CurrentUser,
    AssignmentId(assignment_id): AssignmentId,
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
