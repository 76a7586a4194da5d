//! Turns `AppError`s into what the client asked for: JSON for the API and for clients
//! that accept only JSON, an HTML page for browsers, a redirect to the login page for a
//! browser that is not signed in. Unexpected errors are logged with an id that the
//! page shows; nothing else about them leaves the server.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest};
use serde_json::json;

use crate::error::{new_error_id, AppError};
use crate::state::AppState;

fn wants_json(req: &HttpRequest) -> bool {
    if req.path().starts_with("/api/") {
        return true;
    }
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    accept.contains("application/json") && !accept.contains("text/html")
}

pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(app_error) = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
    else {
        return Ok(res);
    };
    let status = res.status();
    let error_id = matches!(app_error, AppError::Internal(_)).then(new_error_id);
    match (app_error, &error_id) {
        (AppError::Internal(source), Some(id)) => {
            tracing::error!(error_id = %id, error = ?source, "request failed")
        }
        (other, _) => tracing::debug!(error = %other, "request refused"),
    }
    let request = res.request().clone();

    if wants_json(&request) {
        let body = app_error.to_json(error_id.as_deref()).to_string();
        return Ok(res.map_body(|head, _| {
            head.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            BoxBody::new(body)
        }));
    }

    if matches!(app_error, AppError::Unauthenticated) {
        let target = request
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        let location = format!("/login?next={}", urlencode(target));
        return Ok(res.map_body(|head, _| {
            head.status = StatusCode::SEE_OTHER;
            if let Ok(value) = HeaderValue::from_str(&location) {
                head.headers_mut().insert(header::LOCATION, value);
            }
            BoxBody::new(())
        }));
    }

    let title = match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::CONFLICT => "error-conflict",
        StatusCode::TOO_MANY_REQUESTS => "error-too-many",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        s if s.is_server_error() => "error-server",
        _ => "error-other",
    };
    // The reader's language: theirs when signed in, else the browser's, else ours.
    let signed_in = request
        .extensions()
        .get::<crate::auth::CurrentUser>()
        .map(|u| u.member.clone());
    let browser = crate::views::browser_language(&request);
    let html = request
        .app_data::<web::Data<AppState>>()
        .and_then(|state| {
            let lang = match &signed_in {
                Some(member) => state.language_of(member),
                None => browser.unwrap_or(state.language),
            };
            let _speaking = crate::i18n::speaking(lang);
            let mut ctx = tera::Context::new();
            ctx.insert("lang", lang.as_str());
            ctx.insert("title", &crate::i18n::t(lang, title));
            ctx.insert("status", &status.as_u16());
            ctx.insert("message", &app_error.public_message());
            ctx.insert("error_id", &error_id);
            ctx.insert("css_url", &state.assets.url("app.css"));
            ctx.insert("icon_url", &state.assets.url("favicon.svg"));
            state.tera.render("error.html", &ctx).ok()
        })
        .unwrap_or_else(|| json!({ "error": app_error.public_message() }).to_string());
    Ok(res.map_body(|head, _| {
        head.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        BoxBody::new(html)
    }))
}

/// Percent-encode a path for use as a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
