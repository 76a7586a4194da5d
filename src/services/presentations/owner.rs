//! The metric owner's part in a presentation: a brief for the presenter before, and a
//! fact-check (or a correction) once it is submitted.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use super::notes::note_to_presenter;
use super::{load, Role, Viewer, BRIEF_MAX, CORRECTION_MAX};
use crate::auth::CurrentUser;
use crate::domain::review::ReviewStatus;
use crate::domain::validation::multiline_text;
use crate::error::AppError;
use crate::mail::Postbox;
use crate::models::{Assignment, Presentation};

/// The owner's note for the presenter ("watch out: tracking broke on the 12th").
pub fn set_brief(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    user: &CurrentUser,
    assignment_id: i32,
    brief: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let loaded = load(
            conn,
            postbox.links,
            &Viewer::Member(user.clone()),
            assignment_id,
        )?;
        if !matches!(loaded.role, Role::Owner | Role::Manager) {
            return Err(AppError::Forbidden(
                "only the metric's owner (or a manager) can leave a brief".into(),
            ));
        }
        if loaded.review.status() == ReviewStatus::Held {
            return Err(AppError::conflict(None, "the meeting has been held"));
        }
        let brief = multiline_text("brief", brief, false, BRIEF_MAX)?;
        Assignment::set_brief(conn, assignment_id, &brief)?;
        // The presenter hears of a new or changed brief (not of the same one saved again).
        if !brief.trim().is_empty() && brief != loaded.assignment.owner_brief {
            note_to_presenter(conn, postbox, "owner_brief", &loaded, user, brief, now)?;
        }
        Ok(())
    })
}

/// The owner checks a submitted presentation: fact-checked, or a correction.
pub fn fact_check(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    user: &CurrentUser,
    assignment_id: i32,
    checked: bool,
    correction: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let loaded = load(
            conn,
            postbox.links,
            &Viewer::Member(user.clone()),
            assignment_id,
        )?;
        if loaded.role != Role::Owner {
            return Err(AppError::Forbidden(
                "only the metric's owner can fact-check its presentation".into(),
            ));
        }
        let presentation = loaded
            .presentation
            .clone()
            .filter(Presentation::is_submitted)
            .ok_or_else(|| AppError::conflict(None, "the presentation is not submitted yet"))?;
        let correction = multiline_text("correction", correction, false, CORRECTION_MAX)?;
        Presentation::set_fact_check(
            conn,
            presentation.id,
            checked.then_some(now),
            &correction,
            now,
        )?;
        // A new correction reaches the presenter.
        if !correction.trim().is_empty() && correction != presentation.correction {
            note_to_presenter(
                conn,
                postbox,
                "owner_correction",
                &loaded,
                user,
                correction,
                now,
            )?;
        }
        Ok(())
    })
}
