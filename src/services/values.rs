//! Monthly values: entering and correcting them, CSV import and export.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::csv_import;
use crate::domain::csv_import::spreadsheet_safe;
use crate::domain::month::YearMonth;
use crate::domain::validation::{number, text, FieldError, ValidationErrors};
use crate::error::AppError;
use crate::models::{Metric, MetricValue, NewMetricValue};

pub const NOTE_MAX: usize = 500;

/// Managers and the metric's owner may enter its values.
pub fn may_edit(actor: &CurrentUser, metric: &Metric) -> bool {
    actor.is_manager() || metric.owner_id == Some(actor.id())
}

/// Enter or correct one month's value (`value` as typed).
pub fn set(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    metric_id: i32,
    month: &str,
    value: &str,
    note: &str,
    now: NaiveDateTime,
) -> Result<MetricValue, AppError> {
    let mut errors = ValidationErrors::new();
    let month =
        errors.take(YearMonth::parse(month).map_err(|e| FieldError::new("month", e.to_string())));
    let value = errors.take(number("value", value));
    let note = errors.take(text("note", note, false, NOTE_MAX));
    let (Some(month), Some(value), Some(note)) = (month, value, note) else {
        return Err(errors.into());
    };
    conn.immediate_transaction(|conn| {
        let metric = Metric::find(conn, metric_id).map_err(|_| AppError::not_found("metric"))?;
        if !may_edit(actor, &metric) {
            return Err(AppError::Forbidden(format!(
                "only a manager or the owner of {} can enter its values",
                metric.name
            )));
        }
        let month = month.to_string();
        Ok(MetricValue::upsert(
            conn,
            &NewMetricValue {
                metric_id,
                month: &month,
                value,
                note: &note,
                updated_by: Some(actor.id()),
                updated_at: now,
            },
        )?)
    })
}

/// Import `metric,month,value[,note]` rows: every row, or (if any row is bad) none,
/// with every bad row reported under the field `csv`.
pub fn import_csv(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    text: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let metrics = Metric::list_all(conn)?;
        let by_name: HashMap<String, i32> = metrics
            .iter()
            .map(|m| (m.name.to_lowercase(), m.id))
            .collect();
        let resolve = |key: &str| {
            by_name.get(&key.to_lowercase()).copied().or_else(|| {
                key.parse::<i32>()
                    .ok()
                    .filter(|id| metrics.iter().any(|m| m.id == *id))
            })
        };
        let rows = csv_import::parse_values(text, resolve).map_err(|line_errors| {
            let mut errors = ValidationErrors::new();
            for e in line_errors {
                errors.add("csv", e.message);
            }
            AppError::Validation(errors)
        })?;
        for row in &rows {
            let month = row.month.to_string();
            MetricValue::upsert(
                conn,
                &NewMetricValue {
                    metric_id: row.metric_id,
                    month: &month,
                    value: row.value,
                    note: &row.note,
                    updated_by: Some(actor.id()),
                    updated_at: now,
                },
            )?;
        }
        Ok(rows.len())
    })
}

/// Every value as CSV, in the format `import_csv` reads.
pub fn export_csv(conn: &mut SqliteConnection) -> Result<String, AppError> {
    let rows = MetricValue::list_all_with_metric(conn)?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::internal(format!("writing CSV: {e}"));
    writer
        .write_record(["metric", "month", "value", "note"])
        .map_err(fail)?;
    for (name, value) in rows {
        writer
            .write_record([
                spreadsheet_safe(&name).as_ref(),
                &value.month,
                &value.value.to_string(),
                spreadsheet_safe(&value.note).as_ref(),
            ])
            .map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| AppError::internal(format!("writing CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::internal(format!("CSV is not UTF-8: {e}")))
}
