use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{created, double_option, JsonBody};
use crate::auth::{CurrentUser, Manager};
use crate::db;
use crate::domain::metric::MetricFields;
use crate::domain::month::YearMonth;
use crate::domain::starter::STARTER_METRICS;
use crate::error::AppError;
use crate::models::{Metric, MetricValue};
use crate::services::metrics::StarterPick;
use crate::services::{metrics, values};
use crate::state::AppState;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MetricJson {
    pub id: i32,
    pub name: String,
    pub definition: String,
    pub formula: String,
    pub category: String,
    pub unit: String,
    pub currency: Option<String>,
    pub direction: String,
    pub target: Option<f64>,
    pub owner_id: Option<i32>,
    pub north_star: bool,
    pub kept_by_manager: bool,
    pub on_dashboard: bool,
    pub active: bool,
    /// "sum", "average" or "last": how its months add up to a year to date.
    #[serde(default)]
    pub aggregation: String,
}

impl From<Metric> for MetricJson {
    fn from(m: Metric) -> Self {
        Self {
            aggregation: m.aggregation().as_str().to_string(),
            id: m.id,
            name: m.name,
            definition: m.definition,
            formula: m.formula,
            category: m.category,
            unit: m.unit,
            currency: m.currency,
            direction: m.direction,
            target: m.target,
            owner_id: m.owner_id,
            north_star: m.north_star,
            kept_by_manager: m.kept_by_manager,
            on_dashboard: m.on_dashboard,
            active: m.active,
        }
    }
}

/// The writable fields; every one optional, so the same body serves POST and PATCH.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MetricInputJson {
    name: Option<String>,
    definition: Option<String>,
    formula: Option<String>,
    category: Option<String>,
    unit: Option<String>,
    #[serde(deserialize_with = "double_option")]
    currency: Option<Option<String>>,
    direction: Option<String>,
    #[serde(deserialize_with = "double_option")]
    target: Option<Option<f64>>,
    #[serde(deserialize_with = "double_option")]
    owner_id: Option<Option<i32>>,
    north_star: Option<bool>,
    kept_by_manager: Option<bool>,
    on_dashboard: Option<bool>,
    active: Option<bool>,
    /// null: the unit's way.
    #[serde(deserialize_with = "double_option")]
    aggregation: Option<Option<String>>,
    /// Confirms taking the North Star from the metric that has it.
    move_north_star: Option<bool>,
}

impl MetricInputJson {
    /// Lay the given fields over `base`, as text for the shared validation.
    fn over(self, mut base: MetricFields) -> (MetricFields, bool) {
        let flag = |b: bool| if b { "true" } else { "false" }.to_string();
        if let Some(v) = self.name {
            base.name = v
        }
        if let Some(v) = self.definition {
            base.definition = v
        }
        if let Some(v) = self.formula {
            base.formula = v
        }
        if let Some(v) = self.category {
            base.category = v
        }
        if let Some(v) = self.unit {
            base.unit = v
        }
        if let Some(v) = self.currency {
            base.currency = v.unwrap_or_default()
        }
        if let Some(v) = self.direction {
            base.direction = v
        }
        if let Some(v) = self.target {
            base.target = v.map(|t| t.to_string()).unwrap_or_default()
        }
        if let Some(v) = self.owner_id {
            base.owner_id = v.map(|o| o.to_string()).unwrap_or_default()
        }
        if let Some(v) = self.north_star {
            base.north_star = flag(v)
        }
        if let Some(v) = self.kept_by_manager {
            base.kept_by_manager = flag(v)
        }
        if let Some(v) = self.on_dashboard {
            base.on_dashboard = flag(v)
        }
        if let Some(v) = self.active {
            base.active = flag(v)
        }
        if let Some(v) = self.aggregation {
            base.aggregation = v.unwrap_or_default()
        }
        (base, self.move_north_star.unwrap_or(false))
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    active: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// The most metrics one page of `GET /api/v1/metrics?limit=` holds.
pub const MAX_PAGE: u32 = 500;

/// The page size when a cursor comes without a limit.
pub const DEFAULT_PAGE: u32 = 100;

impl ListQuery {
    fn limit(&self) -> Result<Option<u32>, AppError> {
        let Some(raw) = self.limit.as_deref().map(str::trim) else {
            return Ok(None);
        };
        raw.parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .map(Some)
            .ok_or_else(|| {
                AppError::validation("limit", format!("not a whole number from 1 to {MAX_PAGE}"))
            })
    }

    fn cursor(&self) -> Result<i32, AppError> {
        let Some(raw) = self.cursor.as_deref().map(str::trim) else {
            return Ok(0);
        };
        raw.parse::<i32>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| AppError::validation("cursor", "not a cursor from a next link"))
    }
}

/// All metrics, or with `limit` one page in id order and a `Link: <…>; rel="next"`
/// header while more follow.
pub async fn list_metrics(
    state: web::Data<AppState>,
    _user: CurrentUser,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let only_active = query
        .active
        .as_deref()
        .is_some_and(crate::domain::validation::flag);
    let json = |rows: Vec<(crate::models::Metric, Option<String>)>| {
        rows.into_iter()
            .map(|(m, _)| MetricJson::from(m))
            .collect::<Vec<_>>()
    };
    // A cursor without a limit pages by the default size.
    let limit = query
        .limit()?
        .or(query.cursor.is_some().then_some(DEFAULT_PAGE));
    let Some(limit) = limit else {
        let rows = db::read(&state.pool, move |conn| metrics::list(conn, !only_active))?;
        return Ok(HttpResponse::Ok().json(json(rows)));
    };
    let after = query.cursor()?;
    let (rows, next) = db::read(&state.pool, move |conn| {
        metrics::page(conn, !only_active, after, limit)
    })?;
    let mut res = HttpResponse::Ok();
    if let Some(next) = next {
        let active = if only_active { "&active=true" } else { "" };
        res.insert_header((
            actix_web::http::header::LINK,
            format!("</api/v1/metrics?limit={limit}&cursor={next}{active}>; rel=\"next\""),
        ));
    }
    Ok(res.json(json(rows)))
}

pub async fn get_metric(
    state: web::Data<AppState>,
    _user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let metric = db::read(&state.pool, move |conn| metrics::find(conn, id))?;
    Ok(HttpResponse::Ok().json(MetricJson::from(metric)))
}

pub async fn create_metric(
    state: web::Data<AppState>,
    Manager(_): Manager,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: MetricInputJson = json.parse()?;
    let (fields, move_star) = body.over(MetricFields {
        active: "true".into(),
        ..Default::default()
    });
    let now = state.now();
    let metric = db::run(&state.pool, move |conn| {
        metrics::create(conn, &fields, move_star, now)
    })
    .await?;
    Ok(created(
        format!("/api/v1/metrics/{}", metric.id),
        &MetricJson::from(metric),
    ))
}

pub async fn update_metric(
    state: web::Data<AppState>,
    Manager(_): Manager,
    id: web::Path<i32>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: MetricInputJson = json.parse()?;
    let (id, now) = (id.into_inner(), state.now());
    let metric = db::run(&state.pool, move |conn| {
        let existing = metrics::find(conn, id)?;
        let (fields, move_star) = body.over(existing.to_fields());
        metrics::update(conn, id, &fields, move_star, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(MetricJson::from(metric)))
}

pub async fn delete_metric(
    state: web::Data<AppState>,
    Manager(_): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    db::run(&state.pool, move |conn| metrics::delete(conn, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize)]
pub struct StarterJson {
    key: &'static str,
    name: &'static str,
    definition: &'static str,
    formula: &'static str,
    category: &'static str,
    unit: &'static str,
    direction: &'static str,
}

pub async fn list_starter(_user: CurrentUser) -> HttpResponse {
    let library: Vec<StarterJson> = STARTER_METRICS
        .iter()
        .map(|m| StarterJson {
            key: m.key,
            name: m.name,
            definition: m.definition,
            formula: m.formula,
            category: m.category.as_str(),
            unit: m.unit.as_str(),
            direction: m.direction.as_str(),
        })
        .collect();
    HttpResponse::Ok().json(library)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StarterPickJson {
    key: String,
    #[serde(default)]
    owner_id: Option<i32>,
    #[serde(default)]
    target: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StarterJsonBody {
    metrics: Vec<StarterPickJson>,
}

pub async fn add_starter(
    state: web::Data<AppState>,
    Manager(_): Manager,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: StarterJsonBody = json.parse()?;
    let picks: Vec<StarterPick> = body
        .metrics
        .into_iter()
        .map(|p| StarterPick {
            key: p.key,
            owner_id: p.owner_id,
            target: p.target.map(|t| t.to_string()).unwrap_or_default(),
        })
        .collect();
    let now = state.now();
    let added = db::run(&state.pool, move |conn| {
        // The API speaks English: the metrics get the library's English names.
        metrics::add_starter(conn, &picks, crate::i18n::Lang::En, now)
    })
    .await?;
    Ok(HttpResponse::Created().json(added.into_iter().map(MetricJson::from).collect::<Vec<_>>()))
}

#[derive(Serialize)]
pub struct ValueJson {
    month: String,
    value: f64,
    note: String,
    updated_by: Option<i32>,
    updated_at: String,
}

impl From<MetricValue> for ValueJson {
    fn from(v: MetricValue) -> Self {
        Self {
            month: v.month,
            value: v.value,
            note: v.note,
            updated_by: v.updated_by,
            updated_at: v.updated_at.and_utc().to_rfc3339(),
        }
    }
}

pub async fn list_values(
    state: web::Data<AppState>,
    _user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let rows = db::read(&state.pool, move |conn| values::history(conn, id))?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|(v, _)| ValueJson::from(v))
            .collect::<Vec<_>>(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueBody {
    value: Option<f64>,
    #[serde(default)]
    note: Option<String>,
}

pub async fn put_value(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, String)>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: ValueBody = json.parse()?;
    let (id, month) = path.into_inner();
    YearMonth::parse(&month).map_err(|e| AppError::validation("month", e.to_string()))?;
    let value = body
        .value
        .ok_or_else(|| AppError::validation("value", "value is required and must be a number"))?;
    let now = state.now();
    let saved = db::run(&state.pool, move |conn| {
        let typed = value.to_string();
        let input = values::ValueInput {
            month: &month,
            value: &typed,
            note: body.note.as_deref().unwrap_or(""),
            // A JSON number, written the default way; programs are not asked to confirm.
            format: crate::domain::number::NumberFormat::default(),
            confirmed: true,
        };
        values::set(conn, &user, id, &input, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(ValueJson::from(saved)))
}

pub async fn export_values(
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    // Every value of every metric: too long to hold up the request's thread.
    let csv = db::run_read(&state.pool, values::export_csv).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"kpi-values.csv\"",
        ))
        .body(csv))
}

#[derive(Serialize)]
pub struct ImportedJson {
    imported: usize,
}

/// The largest CSV body the import reads.
const CSV_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Read a CSV body ourselves, so that a body too large or not UTF-8 is answered in JSON
/// like every other API error (actix's own `String` extractor answers in plain text).
async fn csv_body(mut payload: web::Payload) -> Result<String, AppError> {
    use futures_util::StreamExt;
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::BadRequest {
            field: None,
            message: format!("the CSV body could not be read: {e}"),
        })?;
        if bytes.len() + chunk.len() > CSV_MAX_BYTES {
            return Err(AppError::BadRequest {
                field: None,
                message: format!(
                    "the CSV body is larger than {} MB; split it",
                    CSV_MAX_BYTES / (1024 * 1024)
                ),
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| AppError::BadRequest {
        field: None,
        message: "the CSV body is not UTF-8 text; save the file as UTF-8 and try again".into(),
    })
}

/// `POST /api/v1/values/import` with a `text/csv` body.
pub async fn import_values(
    state: web::Data<AppState>,
    user: CurrentUser,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let body = csv_body(payload).await?;
    let now = state.now();
    let imported = db::run(&state.pool, move |conn| {
        values::import_csv(conn, &user, &body, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(ImportedJson { imported }))
}
