//! The starter library: metrics the KPI-review articles recommend, added with their
//! owners (and targets) in one step.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use crate::auth::{CsrfForm, CurrentUser, Manager};
use crate::db;
use crate::error::AppError;
use crate::services::metrics;
use crate::services::metrics::StarterPick;
use crate::state::AppState;
use crate::views::metrics::forms;
use crate::views::{see_other, Page};

async fn render(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    status: StatusCode,
    form: &HashMap<String, String>,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let (existing, currency, owners) = db::read(&state.pool, metrics::starter_data)?;
    let view = forms::starter_view(
        &existing,
        currency,
        owners,
        form,
        (error, state.language_of(&user.member)),
    );
    page.render_status(status, Some(user), "metrics/starter.html", &view)
}

pub async fn starter_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
) -> Result<HttpResponse, AppError> {
    render(&state, &page, &user, StatusCode::OK, &HashMap::new(), None).await
}

pub async fn add_starter(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let picks = StarterPick::from_form(&form)?;
    let (now, lang) = (state.now(), state.language_of(&user.member));
    match db::run(&state.pool, move |conn| {
        metrics::add_starter(conn, &picks, lang, now)
    })
    .await
    {
        Ok(added) => {
            let names: Vec<String> = added.into_iter().map(|m| m.name).collect();
            Ok(see_other(
                &state,
                "/metrics",
                Some(&format!("Added {}.", names.join(", "))),
            ))
        }
        Err(e @ AppError::Validation(_)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render(
                &state,
                &page,
                &user,
                status,
                &form,
                Some(e.public_message()),
            )
            .await
        }
        Err(e) => Err(e),
    }
}
