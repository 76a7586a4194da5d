//! The starter library: metrics the KPI-review articles recommend, added with their
//! owners (and targets) in one step.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::auth::{CsrfForm, Manager};
use crate::db;
use crate::domain::starter::STARTER_METRICS;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::models::{Metric, TeamSettings};
use crate::services::metrics;
use crate::services::metrics::StarterPick;
use crate::state::AppState;
use crate::views::{see_other, Page};

use super::metrics::{owner_choices, OwnerChoice};

#[derive(Serialize)]
pub struct StarterRow {
    key: &'static str,
    name: &'static str,
    definition: &'static str,
    formula: &'static str,
    category: &'static str,
    unit: &'static str,
    direction: &'static str,
    already_added: bool,
    picked: bool,
    owner_id: String,
    target: String,
}

#[derive(Serialize)]
pub struct StarterView {
    currency: String,
    metrics: Vec<StarterRow>,
    owners: Vec<OwnerChoice>,
    error: Option<String>,
}

async fn starter_view(
    state: &AppState,
    form: &HashMap<String, String>,
    error: Option<String>,
) -> Result<StarterView, AppError> {
    let (existing, currency) = db::run(&state.pool, |conn| {
        Ok((Metric::list_all(conn)?, TeamSettings::get(conn)?.currency))
    })
    .await?;
    let names: Vec<String> = existing.iter().map(|m| m.name.to_lowercase()).collect();
    let metrics = STARTER_METRICS
        .iter()
        .map(|m| StarterRow {
            key: m.key,
            name: m.name,
            definition: m.definition,
            formula: m.formula,
            category: m.category.label(),
            unit: m.unit.label(),
            direction: m.direction.label(),
            already_added: names.contains(&m.name.to_lowercase()),
            picked: form
                .get(&format!("pick_{}", m.key))
                .is_some_and(|v| flag(v)),
            owner_id: form
                .get(&format!("owner_{}", m.key))
                .cloned()
                .unwrap_or_default(),
            target: form
                .get(&format!("target_{}", m.key))
                .cloned()
                .unwrap_or_default(),
        })
        .collect();
    Ok(StarterView {
        currency,
        metrics,
        owners: owner_choices(state).await?,
        error,
    })
}

pub async fn starter_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
) -> Result<HttpResponse, AppError> {
    let view = starter_view(&state, &HashMap::new(), None).await?;
    page.render(Some(&user), "metrics/starter.html", &view)
}

pub async fn add_starter(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let mut picks = Vec::new();
    for m in STARTER_METRICS {
        if form
            .get(&format!("pick_{}", m.key))
            .is_some_and(|v| flag(v))
        {
            let owner = form
                .get(&format!("owner_{}", m.key))
                .map(|s| s.trim())
                .unwrap_or("");
            let owner_id = if owner.is_empty() {
                None
            } else {
                Some(owner.parse::<i32>().map_err(|_| {
                    AppError::validation("owner_id", format!("Owner {owner:?} is not a member"))
                })?)
            };
            picks.push(StarterPick {
                key: m.key.to_string(),
                owner_id,
                target: form
                    .get(&format!("target_{}", m.key))
                    .cloned()
                    .unwrap_or_default(),
            });
        }
    }
    let now = state.now();
    match db::run(&state.pool, move |conn| {
        metrics::add_starter(conn, &picks, now)
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
            let view = starter_view(&state, &form, Some(e.public_message())).await?;
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "metrics/starter.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}
