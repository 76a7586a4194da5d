//! The values grid: every active metric against the last twelve months, where a manager
//! types (or pastes a spreadsheet column into) one month's values for all metrics at once.

use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{CsrfForm, Manager};
use crate::db;
use crate::domain::month::YearMonth;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::models::{Metric, MetricValue};
use crate::services::{review_context, reviews, settings, values};
use crate::state::AppState;
use crate::views::{see_other, Page};

#[derive(Serialize)]
pub struct GridRow {
    id: i32,
    name: String,
    /// The twelve months' values, formatted ("—" where none).
    cells: Vec<String>,
    /// The input for the chosen month, as typed or as recorded.
    input: String,
    error: Option<String>,
}

#[derive(Serialize)]
pub struct GridView {
    month: String,
    month_label: String,
    months: Vec<(String, String)>,
    /// Months a manager may choose to type: the twelve shown, newest first.
    choices: Vec<(String, String)>,
    rows: Vec<GridRow>,
    errors: BTreeMap<String, String>,
    number_format: &'static str,
    ask_confirm: bool,
}

#[derive(Deserialize, Default)]
pub struct GridQuery {
    month: Option<String>,
}

async fn grid_view(
    state: &AppState,
    month: YearMonth,
    typed: Option<HashMap<String, String>>,
    errors: BTreeMap<String, String>,
) -> Result<GridView, AppError> {
    let this_month = YearMonth::of_date(state.now().date());
    // The grid ends at the chosen month or last month, whichever is later.
    let last = month.max(this_month.prev());
    let months = last.trailing(12);
    let since = months[0].to_string();
    let (metrics, points, format) = db::run(&state.pool, move |conn| {
        let metrics: Vec<Metric> = Metric::list_all(conn)?
            .into_iter()
            .filter(|m| m.active)
            .collect();
        let ids: Vec<i32> = metrics.iter().map(|m| m.id).collect();
        Ok((
            metrics,
            MetricValue::points_for_metrics_since(conn, &ids, &since)?,
            settings::number_format(conn)?,
        ))
    })
    .await?;
    let mut by_metric: HashMap<(i32, String), f64> = HashMap::new();
    for (id, m, v) in points {
        by_metric.insert((id, m), v);
    }
    let key = month.to_string();
    let rows = review_context::agenda_order(metrics)
        .into_iter()
        .map(|m| {
            let field = format!("value_{}", m.id);
            GridRow {
                cells: months
                    .iter()
                    .map(|month| {
                        by_metric
                            .get(&(m.id, month.to_string()))
                            .map_or_else(|| "—".to_string(), |v| m.format(*v))
                    })
                    .collect(),
                input: match &typed {
                    Some(t) => t.get(&field).cloned().unwrap_or_default(),
                    None => by_metric
                        .get(&(m.id, key.clone()))
                        .map(|v| format.write(*v))
                        .unwrap_or_default(),
                },
                error: errors.get(&field).cloned(),
                id: m.id,
                name: m.name,
            }
        })
        .collect();
    let ask_confirm = errors.values().any(|e| e.contains("this value is right"));
    Ok(GridView {
        month: key,
        month_label: month.long_label(),
        months: months.iter().map(|m| (m.to_string(), m.label())).collect(),
        choices: months
            .iter()
            .rev()
            .map(|m| (m.to_string(), m.long_label()))
            .collect(),
        rows,
        errors,
        number_format: format.as_str(),
        ask_confirm,
    })
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
    let view = grid_view(&state, month, None, BTreeMap::new()).await?;
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
        let format = settings::number_format(conn)?;
        values::set_month(conn, &actor, &raw_month, &cells, format, confirmed, now)
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
            let view = grid_view(&state, month, Some(form), errors.by_field()).await?;
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "values/grid.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}
