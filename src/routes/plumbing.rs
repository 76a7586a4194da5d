//! The plumbing every site has: the health check, static files, the favicon, the 404.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::AppError;
use crate::state::AppState;

/// Browsers ask for `/favicon.ico` on every site; answer with the SVG icon (cached a day).
pub async fn favicon(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
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

/// 200 `ok` when the database answers (a read on the request's thread, as every page's).
pub async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    crate::db::read(&state.pool, crate::db::ping)?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok"))
}

pub async fn static_file(
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
