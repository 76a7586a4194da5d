//! Signal or noise over JSON: a metric's analysis of a month, its events, and the
//! review's own numbers (`/reviews/health`).

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{created, JsonBody};
use crate::auth::CurrentUser;
use crate::db;
use crate::domain::analysis::{Comparison, TargetGap, YearToDate};
use crate::domain::event::EventFields;
use crate::domain::ids::{EventId, MetricId};
use crate::domain::month::YearMonth;
use crate::domain::spc::Limits;
use crate::error::AppError;
use crate::models::MetricEvent;
use crate::services::{analysis, review_health};
use crate::state::AppState;

#[derive(Serialize)]
pub struct EventJson {
    id: i32,
    month: String,
    title: String,
    note: String,
    rebase: bool,
    author_id: Option<i32>,
    created_at: String,
}

impl From<MetricEvent> for EventJson {
    fn from(e: MetricEvent) -> Self {
        Self {
            id: e.id,
            month: e.month,
            title: e.title,
            note: e.note,
            rebase: e.rebase,
            author_id: e.author_id,
            created_at: e.created_at.and_utc().to_rfc3339(),
        }
    }
}

#[derive(Serialize)]
pub struct SignalJson {
    month: YearMonth,
    rule: &'static str,
    direction: &'static str,
}

#[derive(Serialize)]
pub struct AnalysisJson {
    metric_id: i32,
    month: YearMonth,
    value: f64,
    previous: Option<Comparison>,
    year_ago: Option<Comparison>,
    year_to_date: Option<YearToDate>,
    target: Option<TargetGap>,
    limits: Option<Limits>,
    variation: &'static str,
    assurance: Option<&'static str>,
    signals: Vec<SignalJson>,
    events: Vec<EventJson>,
}

#[derive(Deserialize)]
pub struct AnalysisQuery {
    month: Option<String>,
}

pub async fn metric_analysis(
    state: web::Data<AppState>,
    _user: CurrentUser,
    id: web::Path<i32>,
    query: web::Query<AnalysisQuery>,
) -> Result<HttpResponse, AppError> {
    let month = match query.month.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => {
            Some(YearMonth::parse(raw).map_err(|e| AppError::validation("month", e.to_string()))?)
        }
    };
    let id = id.into_inner();
    let found = db::read(&state.pool, move |conn| analysis::of_month(conn, id, month))?;
    let a = found.analysis;
    Ok(HttpResponse::Ok().json(AnalysisJson {
        metric_id: found.metric.id,
        month: a.month,
        value: a.value,
        previous: a.previous,
        year_ago: a.year_ago,
        year_to_date: a.year_to_date,
        target: a.target,
        limits: a.limits,
        variation: a.variation.as_str(),
        assurance: a.assurance.map(|x| x.as_str()),
        signals: a
            .signals
            .iter()
            .map(|s| SignalJson {
                month: s.month,
                rule: s.rule.as_str(),
                direction: s.direction.as_str(),
            })
            .collect(),
        events: found
            .events
            .into_iter()
            .map(|(e, _)| EventJson::from(e))
            .collect(),
    }))
}

pub async fn list_events(
    state: web::Data<AppState>,
    _user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let events = db::read(&state.pool, move |conn| analysis::list_events(conn, id))?;
    Ok(HttpResponse::Ok().json(
        events
            .into_iter()
            .map(|(e, _)| EventJson::from(e))
            .collect::<Vec<_>>(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    month: Option<String>,
    title: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    rebase: Option<bool>,
}

pub async fn create_event(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: EventBody = json.parse()?;
    let fields = EventFields {
        month: body.month.unwrap_or_default(),
        title: body.title.unwrap_or_default(),
        note: body.note.unwrap_or_default(),
        rebase: body.rebase.unwrap_or(false).to_string(),
    };
    let (id, now) = (id.into_inner(), state.now());
    let event = db::run(&state.pool, move |conn| {
        analysis::add_event(conn, &user, id, &fields, now)
    })
    .await?;
    Ok(created(
        format!("/api/v1/metrics/{id}/events/{}", event.id),
        &EventJson::from(event),
    ))
}

pub async fn delete_event(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, event_id) = path.into_inner();
    db::run(&state.pool, move |conn| {
        analysis::delete_event(conn, &user, MetricId(id), EventId(event_id))
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn reviews_health(
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let rows = db::read(&state.pool, review_health::rows)?;
    Ok(HttpResponse::Ok().json(rows))
}
