//! Error handlers for actix's extractors, so malformed input answers like the rest.

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
                other => AppError::bad_request(format!("the JSON body could not be read: {other}")),
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
