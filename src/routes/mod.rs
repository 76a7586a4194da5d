//! The one route table. Handlers are thin: extract, call a service inside `db::run`,
//! render or redirect.

pub mod account;
pub mod api;
pub mod auth;
pub mod boards;
pub mod dashboard;
pub mod mail;
pub mod meeting;
pub mod members;
pub mod metrics;
pub mod presentations;
pub mod reassign;
pub mod reviews;
pub mod settings;
pub mod templates;
pub mod values;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::AppError;
use crate::state::AppState;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/static/{file}", web::get().to(static_file))
        .route("/favicon.ico", web::get().to(favicon))
        .route("/", web::get().to(dashboard::show_dashboard))
        .configure(auth::configure)
        .configure(account::configure)
        .configure(members::configure)
        .configure(metrics::configure)
        .configure(values::configure)
        .configure(reviews::configure)
        .configure(reassign::configure)
        .configure(settings::configure)
        .configure(mail::configure)
        .configure(presentations::configure)
        .configure(templates::configure)
        .configure(meeting::configure)
        .configure(boards::configure)
        .service(web::scope("/api/v1").configure(api::configure));
}

/// 200 `ok` when the database answers.
/// Browsers ask for `/favicon.ico` on every site; answer with the SVG icon (cached a day).
async fn favicon(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (asset, _) = state
        .assets
        .find("favicon.svg")
        .ok_or_else(|| AppError::not_found("file"))?;
    Ok(HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=86400",
        ))
        .body(asset.body))
}

async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    use diesel::connection::SimpleConnection;
    crate::db::run(&state.pool, |conn| Ok(conn.batch_execute("SELECT 1")?)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok"))
}

async fn static_file(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (asset, hashed) = state
        .assets
        .find(&file)
        .ok_or_else(|| AppError::not_found("file"))?;
    let cache = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    Ok(HttpResponse::Ok()
        .content_type(asset.content_type)
        .insert_header((header::CACHE_CONTROL, cache))
        .body(asset.body))
}

pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound(format!(
        "there is no page at {}",
        req.path()
    )))
}

/// Error handlers for actix's extractors, so malformed input answers like the rest.
pub mod extractor_config {
    use actix_web::error::{JsonPayloadError, UrlencodedError};
    use actix_web::web;

    use crate::error::AppError;

    /// Form bodies larger than this are refused with 413.
    pub const FORM_LIMIT: usize = 256 * 1024;
    pub const JSON_LIMIT: usize = 256 * 1024;

    pub fn form() -> web::FormConfig {
        web::FormConfig::default()
            .limit(FORM_LIMIT)
            .error_handler(|err, _| {
                match err {
                    UrlencodedError::Overflow { .. } => AppError::PayloadTooLarge(format!(
                        "the form is larger than {} KiB",
                        FORM_LIMIT / 1024
                    )),
                    UrlencodedError::ContentType => {
                        AppError::bad_request("expected a form (application/x-www-form-urlencoded)")
                    }
                    other => AppError::bad_request(format!("the form could not be read: {other}")),
                }
                .into()
            })
    }

    pub fn json() -> web::JsonConfig {
        web::JsonConfig::default()
            .limit(JSON_LIMIT)
            .error_handler(|err, _| {
                match err {
                    JsonPayloadError::OverflowKnownLength { .. }
                    | JsonPayloadError::Overflow { .. } => AppError::PayloadTooLarge(format!(
                        "the body is larger than {} KiB",
                        JSON_LIMIT / 1024
                    )),
                    other => {
                        AppError::bad_request(format!("the JSON body could not be read: {other}"))
                    }
                }
                .into()
            })
    }

    pub fn path() -> web::PathConfig {
        web::PathConfig::default().error_handler(|_, req| {
            AppError::NotFound(format!("there is nothing at {}", req.path())).into()
        })
    }

    pub fn query() -> web::QueryConfig {
        web::QueryConfig::default().error_handler(|err, _| {
            AppError::bad_request(format!("the query string could not be read: {err}")).into()
        })
    }
}

/// A page number from `?page=`, 1-based.
#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    pub page: Option<String>,
}

impl PageQuery {
    pub fn number(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse::<i64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
            .min(100_000)
    }
}

/// Links for a paginated list.
#[derive(serde::Serialize)]
pub struct Pagination {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub prev: Option<i64>,
    pub next: Option<i64>,
}

impl Pagination {
    pub fn new(page: i64, per_page: i64, total: i64) -> Self {
        let pages = ((total + per_page - 1) / per_page).max(1);
        let page = page.min(pages);
        Self {
            page,
            pages,
            total,
            prev: (page > 1).then(|| page - 1),
            next: (page < pages).then(|| page + 1),
        }
    }

    pub fn offset(&self, per_page: i64) -> i64 {
        (self.page - 1) * per_page
    }
}

/// A whole number from a form field, or a validation error naming `field`.
pub fn form_int(raw: &str, field: &str, message: &str) -> Result<i32, AppError> {
    raw.trim()
        .parse::<i32>()
        .map_err(|_| AppError::validation(field, message))
}

/// The ids of the ticked checkboxes named `<prefix><id>` in a form.
pub fn ticked_ids(form: &std::collections::HashMap<String, String>, prefix: &str) -> Vec<i32> {
    form.iter()
        .filter(|(_, v)| crate::domain::validation::flag(v))
        .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse().ok())
        .collect()
}

/// The peer's IP address, for throttling (proxies' headers are not trusted).
pub fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}
