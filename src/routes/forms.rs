//! What handlers read from requests besides their typed forms: a page number, a whole
//! number from a field, ticked checkboxes, the peer's address.

use actix_web::HttpRequest;

use crate::error::AppError;

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

/// A local path to go back to (never another site: `views::local_path` decides).
pub fn back_to(back: &str, fallback: &str) -> String {
    crate::views::local_path(back)
        .unwrap_or(fallback)
        .to_string()
}

/// `?months=` of the plan ahead.
#[derive(serde::Deserialize, Default)]
pub struct PlanQuery {
    months: Option<String>,
}

impl PlanQuery {
    /// The months asked for: 12 unless a number from 1 to 24 is given.
    pub fn months(&self) -> Result<u32, AppError> {
        match self
            .months
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            None => Ok(12),
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|m| (1..=crate::domain::rotation::plan::MAX_PLAN_MONTHS).contains(m))
                .ok_or_else(|| {
                    AppError::validation(
                        "months",
                        format!(
                            "Months {raw:?} is not a number of months from 1 to {}",
                            crate::domain::rotation::plan::MAX_PLAN_MONTHS
                        ),
                    )
                }),
        }
    }
}
