//! The JSON API under `/api/v1` (see API.md). Same services, same rules as the pages;
//! errors are JSON (see `error_pages`).

pub mod analysis;
pub mod cards;
pub mod meeting;
pub mod members;
pub mod metrics;
pub mod presentations;
pub mod reviews;
pub mod settings;
pub mod templates;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::auth::CurrentUser;
use crate::error::AppError;

const OPENAPI: &str = include_str!("openapi.json");

pub async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(OPENAPI)
}

pub async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(members::MemberJson::from(user.member))
}

/// Largest JSON body accepted.
pub const BODY_LIMIT: usize = 256 * 1024;

/// A JSON body, read but not yet parsed. Handlers parse it with [`JsonBody::parse`]
/// after their permission checks: actix polls extractors side by side, so parsing in
/// the extractor would let a malformed body answer 400 before a member learns 403.
pub struct JsonBody(web::Bytes);

impl FromRequest for JsonBody {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        let content_type = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        Box::pin(async move {
            let bytes = body.await.map_err(|e| match e.as_error::<PayloadError>() {
                Some(PayloadError::Overflow) => AppError::PayloadTooLarge(format!(
                    "the body is larger than {} KiB",
                    BODY_LIMIT / 1024
                )),
                _ => AppError::bad_request(format!("the body could not be read: {e}")),
            })?;
            if !content_type.is_empty() && !content_type.starts_with("application/json") {
                return Err(AppError::bad_request(format!(
                    "expected a JSON body (Content-Type: application/json), got {content_type}"
                )));
            }
            Ok(JsonBody(bytes))
        })
    }
}

impl JsonBody {
    /// Parse the body; an error names the field that is wrong (`target: invalid type …`).
    /// An empty body reads as `{}`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, AppError> {
        let bytes: &[u8] = if self.0.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &self.0
        };
        let de = &mut serde_json::Deserializer::from_slice(bytes);
        let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            let path = e.path().to_string();
            let field = (path != ".").then(|| path.clone());
            let message = match &field {
                Some(f) => format!("{f}: {}", e.inner()),
                None => format!("the JSON body could not be read: {}", e.inner()),
            };
            AppError::BadRequest { field, message }
        })?;
        // One JSON value and nothing after it: `{"a":1}{"a":2}` is not a body we guess at.
        de.end().map_err(|e| AppError::BadRequest {
            field: None,
            message: format!("the JSON body has something after its end: {e}"),
        })?;
        Ok(value)
    }
}

/// For PATCH bodies: tells "absent" (`None`) from "null" (`Some(None)`).
pub fn double_option<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// 201 Created with a Location header.
pub fn created<T: Serialize>(location: String, body: &T) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(body)
}
