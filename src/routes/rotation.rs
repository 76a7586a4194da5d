//! Changing a review's rotation: drawing it, publishing it, and the hand changes
//! (reassigning one metric, replacing an absent presenter, swapping two), plus the
//! manager's one-click reminder to a presenter.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, CurrentUser, Manager};
use crate::db;
use crate::domain::ids::{MemberId, MetricId};
use crate::domain::month::YearMonth;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::services::reviews;
use crate::services::{draws, reminders};
use crate::state::AppState;
use crate::views::{see_other, Page};

use crate::routes::forms::form_int;

use super::reviews::{act_on_review, ConfirmForm};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DrawForm {
    seed: String,
    confirm: String,
}

pub async fn draw_rotation(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<DrawForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let seed = match form.seed.trim() {
        "" => None,
        s => Some(s.parse::<u64>().map_err(|_| {
            AppError::validation("seed", format!("Seed {s:?} is not a whole number"))
        })?),
    };
    let confirm = flag(&form.confirm);
    act_on_review(
        &state,
        &page,
        &user,
        month,
        "The rotation is drawn. Check it, adjust it if needed, then publish.",
        move |conn, postbox, actor, now| {
            draws::draw(conn, postbox, actor, month, seed, confirm, now).map(|_| ())
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReassignForm {
    presenter_id: String,
    confirm: String,
}

/// A hand change to the drawn rotation (reassign, replace, swap): run `change` as the
/// manager (confirmed when the form's box is ticked), then back to the review's page.
async fn change_rotation(
    state: &web::Data<AppState>,
    page: &Page,
    user: &CurrentUser,
    month: YearMonth,
    confirm: bool,
    done: &str,
    change: impl FnOnce(
            &mut diesel::SqliteConnection,
            &crate::mail::Postbox,
            &draws::ChangeRequest,
        ) -> Result<(), AppError>
        + Send
        + 'static,
) -> Result<HttpResponse, AppError> {
    act_on_review(
        state,
        page,
        user,
        month,
        done,
        move |conn, postbox, actor, now| {
            let request = draws::ChangeRequest {
                actor,
                month,
                confirm,
                now,
            };
            change(conn, postbox, &request)
        },
    )
    .await
}

pub async fn reassign_metric(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    path: web::Path<(String, i32)>,
    CsrfForm(form): CsrfForm<ReassignForm>,
) -> Result<HttpResponse, AppError> {
    let (month, metric_id) = path.into_inner();
    let month = reviews::month(&month)?;
    let presenter_id = form_int(&form.presenter_id, "presenter_id", "choose a presenter")?;
    change_rotation(
        &state,
        &page,
        &user,
        month,
        flag(&form.confirm),
        "The presenter is changed.",
        move |conn, postbox, request| {
            draws::reassign(
                conn,
                postbox,
                request,
                MetricId(metric_id),
                MemberId(presenter_id),
            )
            .map(|_| ())
        },
    )
    .await
}

/// Replace a presenter who went away or was deactivated with the best free one.
pub async fn replace_presenter(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    path: web::Path<(String, i32)>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let (month, metric_id) = path.into_inner();
    let month = reviews::month(&month)?;
    change_rotation(
        &state,
        &page,
        &user,
        month,
        flag(&form.confirm),
        "The presenter is replaced.",
        move |conn, postbox, request| {
            draws::replace(conn, postbox, request, MetricId(metric_id)).map(|_| ())
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SwapForm {
    metric_a: String,
    metric_b: String,
    confirm: String,
}

pub async fn swap_presenters(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<SwapForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let parse = |s: &str| form_int(s, "metric_ids", "choose two metrics to swap");
    let (a, b) = (parse(&form.metric_a)?, parse(&form.metric_b)?);
    change_rotation(
        &state,
        &page,
        &user,
        month,
        flag(&form.confirm),
        "The presenters are swapped.",
        move |conn, postbox, request| {
            draws::swap(conn, postbox, request, MetricId(a), MetricId(b)).map(|_| ())
        },
    )
    .await
}

pub async fn publish_rotation(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    _: CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    act_on_review(
        &state,
        &page,
        &user,
        month,
        "The rotation is published: presenters can now see what they present.",
        move |conn, postbox, actor, now| {
            draws::publish(conn, postbox, actor, month, now).map(|_| ())
        },
    )
    .await
}

pub async fn remind_presenter(
    state: web::Data<AppState>,
    Manager(user): Manager,
    path: web::Path<(String, i32)>,
    _: CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let (month, metric_id) = path.into_inner();
    let month = reviews::month(&month)?;
    let (st, now) = (state.clone(), state.now());
    let queued = db::run(&state.pool, move |conn| {
        reminders::nudge_metric(conn, &st.postbox(), &user, month, metric_id, now)
    })
    .await?;
    let message = if queued {
        "A reminder is on its way."
    } else {
        "A reminder already went out this hour."
    };
    Ok(see_other(
        &state,
        &format!("/reviews/{month}"),
        Some(message),
    ))
}
