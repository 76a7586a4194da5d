//! Attendees' side of a meeting: the follow-along page, feedback on a presentation, and
//! the clarity rating.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, CurrentUser};
use crate::db;
use crate::domain::ids::AssignmentId;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::routes::forms::{back_to, form_int};
use crate::services::meeting;
use crate::services::reviews;
use crate::state::AppState;
use crate::views::meeting::Detail;
use crate::views::{see_other, Page};

use super::meeting_page;

pub async fn follow_meeting(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let shown = ("meeting/follow.html", Detail::CurrentSlot);
    meeting_page(&state, &page, &user, shown, month, |conn| {
        meeting::followed(conn, month)
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedbackForm {
    kind: String,
    body: String,
    anonymous: String,
    back: String,
}

pub async fn post_feedback(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<FeedbackForm>,
) -> Result<HttpResponse, AppError> {
    let lang = state.language_of(&user.member);
    let (id, now) = (id.into_inner(), state.now());
    let (kind, body, anonymous) = (form.kind.clone(), form.body.clone(), flag(&form.anonymous));
    db::run(&state.pool, move |conn| {
        meeting::contributions::add_feedback(conn, &user, id, &kind, &body, anonymous, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &back_to(&form.back, &format!("/assignments/{id}/presentation")),
        Some(&crate::i18n::t(lang, "flash-feedback-thanks")),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RatingForm {
    rating: String,
    /// Where to go after rating (the follow-along page rates at the slot).
    back: String,
}

pub async fn rate_clarity(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<RatingForm>,
) -> Result<HttpResponse, AppError> {
    let lang = state.language_of(&user.member);
    let (id, now) = (id.into_inner(), state.now());
    let rating = form_int(&form.rating, "rating", "rating must be from 1 to 5")?;
    db::run(&state.pool, move |conn| {
        meeting::contributions::rate(conn, &user, AssignmentId(id), rating, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &back_to(&form.back, &format!("/assignments/{id}/presentation")),
        Some(&crate::i18n::t(lang, "flash-rating-saved")),
    ))
}
