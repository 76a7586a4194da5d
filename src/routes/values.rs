//! The values grid: every active metric against the last twelve months, where a manager
//! types (or pastes a spreadsheet column into) one month's values for all metrics at once.

use std::collections::{BTreeMap, HashMap};

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, Manager};
use crate::db;
use crate::domain::month::YearMonth;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::services::{reviews, values};
use crate::state::AppState;
use crate::views::values as views;
use crate::views::{see_other, Page};

#[derive(Deserialize, Default)]
pub struct GridQuery {
    month: Option<String>,
}

/// The grid page, as typed after a refusal (`typed`, `errors`) or fresh.
async fn grid_page(
    state: &AppState,
    viewer: &crate::models::Member,
    month: YearMonth,
    typed: Option<&HashMap<String, String>>,
    errors: BTreeMap<String, String>,
) -> Result<views::GridView, AppError> {
    let this_month = YearMonth::of_date(state.now().date());
    let viewer = viewer.clone();
    let grid = db::read(&state.pool, move |conn| {
        values::grid(conn, &viewer, month, this_month)
    })?;
    Ok(views::grid_view(grid, month, typed, errors))
}

pub async fn show_grid(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    query: web::Query<GridQuery>,
) -> Result<HttpResponse, AppError> {
    // Last month by default: the month whose numbers come in now.
    let month = match query.month.as_deref().filter(|m| !m.is_empty()) {
        Some(raw) => reviews::month(raw)?,
        None => YearMonth::of_date(state.now().date()).prev(),
    };
    let view = grid_page(&state, &user.member, month, None, BTreeMap::new()).await?;
    page.render(Some(&user), "values/grid.html", &view)
}

pub async fn save_grid(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let raw_month = form.get("month").cloned().unwrap_or_default();
    let month = reviews::month(&raw_month)?;
    let cells: Vec<(i32, String)> = form
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("value_")?.parse().ok()?, v.clone())))
        .collect();
    let confirmed = form.get("confirm_values").is_some_and(|v| flag(v));
    let (actor, now) = (user.clone(), state.now());
    let result = db::run(&state.pool, move |conn| {
        values::set_month_on_page(conn, &actor, &raw_month, &cells, confirmed, now)
    })
    .await;
    match result {
        Ok(saved) => Ok(see_other(
            &state,
            &format!("/values?month={month}"),
            Some(&match saved {
                0 => format!(
                    "Nothing to save for {}: every cell was empty.",
                    month.long_label()
                ),
                1 => format!("Saved 1 value for {}.", month.long_label()),
                n => format!("Saved {n} values for {}.", month.long_label()),
            }),
        )),
        Err(AppError::Validation(errors)) => {
            let view =
                grid_page(&state, &user.member, month, Some(&form), errors.by_field()).await?;
            page.render_refused(Some(&user), "values/grid.html", &view)
        }
        Err(e) => Err(e),
    }
}
