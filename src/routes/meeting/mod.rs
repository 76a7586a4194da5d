//! Meeting mode, the facilitator's side (`/reviews/{month}/run`): the start screen, moving
//! between slots, notes and action items, ending and reopening the meeting. Attendees'
//! pages (follow along, feedback, rating) are `attendees`; what comes after the meeting
//! (writing values, the archive, the summary) is `afterwards`.

pub mod afterwards;
pub mod attendees;

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, CurrentUser, Manager};
use crate::db;
use crate::domain::month::YearMonth;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::routes::forms::form_int;
use crate::routes::memo::read_page_kept_for;
use crate::services::meeting::{self, contributions::NewAction};
use crate::services::reviews;
use crate::state::AppState;
use crate::views::meeting as views;
use crate::views::{see_other, Page};

use super::reviews::ConfirmForm;

/// A meeting page's view (the facilitator's, the follow-along, the archive): `find`
/// loads the meeting (and refuses what this page may not show), then its slots.
/// The view alone, for a page that shows a refusal beside it.
fn refused_view(
    state: &AppState,
    lang: crate::i18n::Lang,
    find: impl FnOnce(&mut diesel::SqliteConnection) -> Result<meeting::Meeting, AppError>,
) -> Result<views::MeetingView, AppError> {
    let now = state.now();
    db::read(&state.pool, |conn| {
        let m = find(conn)?;
        let data = meeting::slot_data(conn, &m, now, views::Detail::CurrentSlot)?;
        Ok(views::meeting_view(
            &m,
            &data,
            (now, lang),
            views::Detail::CurrentSlot,
        ))
    })
}

pub(super) fn meeting_page(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    (template, detail): (&str, views::Detail),
    month: YearMonth,
    find: impl FnOnce(&mut diesel::SqliteConnection) -> Result<meeting::Meeting, AppError>,
) -> Result<HttpResponse, AppError> {
    let (now, lang) = (state.now(), page.lang(Some(user)));
    // The meeting's clock counts seconds.
    read_page_kept_for(
        state,
        (page, Some(user)),
        template,
        &month.to_string(),
        1,
        |conn| {
            let m = find(conn)?;
            let data = meeting::slot_data(conn, &m, now, detail)?;
            Ok(views::meeting_view(&m, &data, (now, lang), detail))
        },
    )
}

pub async fn run_meeting(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let shown = ("meeting/run.html", views::Detail::CurrentSlot);
    meeting_page(&state, &page, &user, shown, month, |conn| {
        meeting::open(conn, &user, month)
    })
}

/// Start the meeting: the start screen's button (a POST: opening the page changes
/// nothing). Before the scheduled day the form needs its confirmation box ticked.
pub async fn start_meeting(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let (actor, now, confirmed) = (user.clone(), state.now(), flag(&form.confirm));
    let result = db::run(&state.pool, move |conn| {
        meeting::start(conn, &actor, month, confirmed, now)
    })
    .await;
    match result {
        Ok(()) => Ok(see_other(&state, &format!("/reviews/{month}/run"), None)),
        Err(AppError::Validation(errors)) => {
            let mut view = refused_view(&state, state.language_of(&user.member), |conn| {
                meeting::open(conn, &user, month)
            })?;
            view.start_error = errors.first().map(|e| e.message.clone());
            page.render_refused(Some(&user), "meeting/run.html", &view)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SlotForm {
    /// The slot to go to (`go` from the page's buttons; `slot` from older forms).
    slot: String,
    go: String,
    /// The notes of the slot being left, saved before moving.
    notes_slot: String,
    notes: Option<String>,
}

pub async fn go_to_slot(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<SlotForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let target = if form.go.trim().is_empty() {
        &form.slot
    } else {
        &form.go
    };
    let slot = form_int(target, "slot", "slot is not a number")?;
    let notes = match form.notes {
        Some(notes) => Some((
            form_int(&form.notes_slot, "slot", "slot is not a number")?,
            notes,
        )),
        None => None,
    };
    let stays = notes.as_ref().is_some_and(|(from, _)| *from == slot);
    let now = state.now();
    db::run(&state.pool, move |conn| {
        if let Some((from, notes)) = &notes {
            meeting::save_notes(conn, &user, month, *from, notes)?;
        }
        if stays {
            // Saving the notes does not restart the slot's clock.
            return Ok(slot);
        }
        meeting::go_to(conn, &user, month, slot, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/run"),
        stays.then_some("Notes saved."),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NotesForm {
    slot: String,
    notes: String,
    /// Sent by the page's script as the notes change: answered with 204, no page.
    autosave: String,
}

pub async fn save_notes(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<NotesForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let slot = form_int(&form.slot, "slot", "slot is not a number")?;
    let autosave = flag(&form.autosave);
    db::run(&state.pool, move |conn| {
        meeting::save_notes(conn, &user, month, slot, &form.notes)
    })
    .await?;
    if autosave {
        return Ok(HttpResponse::NoContent().finish());
    }
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/run"),
        Some("Notes saved."),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    slot: String,
    text: String,
    owner_id: String,
    due_date: String,
}

pub async fn add_action(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let slot = form.slot.trim().parse::<i32>().unwrap_or(-1);
    let now = state.now();
    db::run(&state.pool, move |conn| {
        meeting::contributions::add_action_item(
            conn,
            &user,
            month,
            &NewAction {
                slot,
                text: &form.text,
                owner_id: &form.owner_id,
                due_date: &form.due_date,
            },
            now,
        )
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/run"),
        Some("Action item added."),
    ))
}

pub async fn end_meeting(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let now = state.now();
    if !flag(&form.confirm) {
        // Back to the closing slot, with the message beside the box.
        let mut view = refused_view(&state, state.language_of(&user.member), |conn| {
            meeting::open(conn, &user, month)
        })?;
        view.end_error = Some(
            "Tick \"The meeting is over\" to end it: the meeting then becomes read-only.".into(),
        );
        return page.render_refused(Some(&user), "meeting/run.html", &view);
    }
    db::run(&state.pool, move |conn| {
        meeting::end(conn, &user, month, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/values"),
        Some("The meeting is over. Which presented values go into the history?"),
    ))
}

/// Reopen a held meeting (until the next one starts): presenters' links work again and
/// the values its ending wrote are taken back.
pub async fn reopen_meeting(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    if !flag(&form.confirm) {
        return Err(AppError::validation(
            "confirm",
            "Tick \"Reopen the meeting\" to confirm: values written at its end are taken back",
        ));
    }
    let now = state.now();
    let taken_back = db::run(&state.pool, move |conn| {
        meeting::ending::reopen(conn, &user, month, now)
    })
    .await?;
    let message = match taken_back {
        0 => "The meeting is open again; presenters' links work again.".to_string(),
        1 => "The meeting is open again; presenters' links work again, and the value its ending wrote was taken back.".to_string(),
        n => format!("The meeting is open again; presenters' links work again, and the {n} values its ending wrote were taken back."),
    };
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/run"),
        Some(&message),
    ))
}
