//! The error policy. Models return `QueryResult`; services and handlers return
//! `Result<_, AppError>`. `AppError` decides the status code; the `render_errors`
//! middleware decides the body: a JSON error for the API (and for clients that ask for
//! JSON), an HTML page for browsers, a redirect to the login page for a browser that is
//! not signed in. Unexpected errors are logged with an id and shown only as that id.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde_json::json;

use crate::domain::validation::ValidationErrors;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that parsed but broke a rule; carries every field that is wrong.
    #[error("{0}")]
    Validation(ValidationErrors),
    /// Input that could not be read at all (malformed JSON, wrong content type).
    #[error("{message}")]
    BadRequest {
        field: Option<String>,
        message: String,
    },
    #[error("please sign in first")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Conflict {
        field: Option<String>,
        message: String,
    },
    #[error("{0}")]
    PayloadTooLarge(String),
    /// Slowed down; the answer's `Retry-After` says how many seconds to wait.
    #[error("{message}")]
    TooManyRequests { message: String, retry_after: i64 },
    #[error("something went wrong on our side")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal(anyhow::anyhow!(message.into()))
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(ValidationErrors::single(field, message))
    }

    pub fn conflict(field: Option<&str>, message: impl Into<String>) -> Self {
        Self::Conflict {
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest {
            field: None,
            message: message.into(),
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::NotFound(format!("{what} not found"))
    }

    pub fn forbidden() -> Self {
        Self::Forbidden("only a manager can do this".into())
    }

    /// Machine-readable code of the JSON error body.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation",
            Self::BadRequest { .. } => "bad_request",
            Self::Unauthenticated => "unauthenticated",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict { .. } => "conflict",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Internal(_) => "internal",
        }
    }

    /// The field the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation(errors) => errors.first().map(|e| e.field.as_str()),
            Self::BadRequest { field, .. } | Self::Conflict { field, .. } => field.as_deref(),
            _ => None,
        }
    }

    /// The text shown to people: the first validation message, or the error itself.
    pub fn public_message(&self) -> String {
        match self {
            Self::Validation(errors) => errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_else(|| "invalid input".into()),
            other => other.to_string(),
        }
    }

    /// The JSON error body of API.md.
    pub fn to_json(&self, error_id: Option<&str>) -> serde_json::Value {
        let mut error = json!({ "code": self.code(), "message": self.public_message() });
        if let Some(field) = self.field() {
            error["field"] = json!(field);
        }
        if let Self::Validation(errors) = self {
            error["fields"] = json!(errors.iter().collect::<Vec<_>>());
        }
        if let Some(id) = error_id {
            error["id"] = json!(id);
        }
        json!({ "error": error })
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// JSON by default; `render_errors` swaps in an HTML page for browsers.
    fn error_response(&self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.status_code());
        if let Self::TooManyRequests { retry_after, .. } = self {
            builder.insert_header(("Retry-After", retry_after.max(&1).to_string()));
        }
        builder.json(self.to_json(None))
    }
}

impl From<DieselError> for AppError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => Self::NotFound("not found".into()),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                Self::conflict(None, format!("this already exists ({})", info.message()))
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                Self::conflict(None, "this is still referenced by other records")
            }
            other => Self::Internal(other.into()),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        Self::Validation(e)
    }
}

impl From<crate::domain::validation::FieldError> for AppError {
    fn from(e: crate::domain::validation::FieldError) -> Self {
        Self::Validation(e.into())
    }
}

impl From<tera::Error> for AppError {
    fn from(e: tera::Error) -> Self {
        // Tera hides the useful part in the source chain.
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        Self::internal(format!("template: {message}"))
    }
}

/// A short random id that ties a 500 page to its log line.
pub fn new_error_id() -> String {
    hex::encode(crate::secrets::tokens::random_bytes(4))
}
