//! After the meeting: which presented values go into the history, the archive, the
//! summary email, and marking action items done.

use std::collections::{BTreeMap, HashMap};

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, CurrentUser, Manager};
use crate::db;
use crate::domain::ids::MetricId;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::routes::forms::back_to;
use crate::services::meeting;
use crate::services::reviews;
use crate::state::AppState;
use crate::views::meeting as views;
use crate::views::{see_other, Page};

use super::meeting_page;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneForm {
    done: String,
    back: String,
}

pub async fn set_action_done(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<DoneForm>,
) -> Result<HttpResponse, AppError> {
    let (id, now, done) = (id.into_inner(), state.now(), flag(&form.done));
    db::run(&state.pool, move |conn| {
        meeting::contributions::set_action_done(conn, &user, id, done, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &back_to(&form.back, "/"),
        Some(if done {
            "Marked done."
        } else {
            "Marked open again."
        }),
    ))
}

pub async fn values_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let view = db::read(&state.pool, move |conn| {
        Ok(views::values_view(
            &meeting::ending::values_data(conn, month)?,
            &BTreeMap::new(),
        ))
    })?;
    page.render(Some(&user), "meeting/values.html", &view)
}

pub async fn write_values(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let choice = meeting::ending::ValueChoice {
        write: crate::routes::forms::ticked_ids(&form, "write_")
            .into_iter()
            .map(MetricId)
            .collect(),
        replace: crate::routes::forms::ticked_ids(&form, "replace_")
            .into_iter()
            .map(MetricId)
            .collect(),
    };
    let (now, actor) = (state.now(), user.clone());
    let result = db::run(&state.pool, move |conn| {
        meeting::ending::write_values(conn, &actor, month, &choice, now)
    })
    .await;
    match result {
        Ok(done) => {
            let mut message = match done.written {
                1 => "1 value written to the metric history.".to_string(),
                n => format!("{n} values written to the metric history."),
            };
            if done.unchanged > 0 {
                message.push_str(&format!(
                    " {} already recorded as presented.",
                    done.unchanged
                ));
            }
            Ok(see_other(
                &state,
                &format!("/reviews/{month}/archive"),
                Some(&message),
            ))
        }
        Err(AppError::Validation(errors)) => {
            let by_field = errors.by_field();
            let view = db::run(&state.pool, move |conn| {
                Ok(views::values_view(
                    &meeting::ending::values_data(conn, month)?,
                    &by_field,
                ))
            })
            .await?;
            page.render_refused(Some(&user), "meeting/values.html", &view)
        }
        Err(e) => Err(e),
    }
}

pub async fn show_archive(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    meeting_page(
        &state,
        &page,
        &user,
        ("meeting/archive.html", views::Detail::EverySlot),
        month,
        |conn| meeting::archived(conn, month),
    )
}

pub async fn send_summary(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let ids: Vec<i32> = crate::routes::forms::ticked_ids(&form, "to_");
    let (st, now) = (state.clone(), state.now());
    let queued = db::run(&state.pool, move |conn| {
        meeting::summary::send_summary(conn, &st.postbox(), &user, month, &ids, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/archive"),
        Some(&format!("The summary is on its way to {queued} people.")),
    ))
}
