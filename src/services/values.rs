//! Monthly values: entering and correcting them, CSV import and export.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::csv_import;
use crate::domain::csv_import::spreadsheet_safe;
use crate::domain::month::YearMonth;
use crate::domain::number::NumberFormat;
use crate::domain::validation::{text, FieldError, ValidationErrors};
use crate::error::AppError;
use crate::models::{Metric, MetricValue, NewMetricValue};

pub const NOTE_MAX: usize = 500;

/// Managers and the metric's owner may enter its values.
pub fn may_edit(actor: &CurrentUser, metric: &Metric) -> bool {
    actor.is_manager() || metric.owner_id == Some(actor.id())
}

/// One month's value as typed.
pub struct ValueInput<'a> {
    pub month: &'a str,
    pub value: &'a str,
    pub note: &'a str,
    /// How `value` is written (the team's format on a page; the default from JSON).
    pub format: NumberFormat,
    /// A value more than ten times (or under a tenth of) the month before is saved only
    /// when confirmed (pages ask; programs are not asked).
    pub confirmed: bool,
}

/// Enter or correct one month's value.
pub fn set(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    metric_id: i32,
    input: &ValueInput,
    now: NaiveDateTime,
) -> Result<MetricValue, AppError> {
    let mut errors = ValidationErrors::new();
    let month = errors
        .take(YearMonth::parse(input.month).map_err(|e| FieldError::new("month", e.to_string())));
    let value = errors.take(input.format.read("value", "Value", input.value));
    let note = errors.take(text("note", input.note, false, NOTE_MAX));
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
        if !input.confirmed {
            let before = MetricValue::latest_until(conn, metric_id, &month.prev().to_string())?;
            if let Some((before_month, before)) = before {
                if let Some(message) = implausible_jump(&metric, value, &before_month, before) {
                    return Err(AppError::validation("value", message));
                }
            }
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

/// A value typed on the metric page (the team's number format), saved; says what it read:
/// "44,800 for December 2026".
pub fn set_on_page(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    metric_id: i32,
    typed: &TypedValue,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    let input = ValueInput {
        month: &typed.month,
        value: &typed.value,
        note: &typed.note,
        format: crate::services::settings::number_format_for(conn, &actor.member)?,
        confirmed: typed.confirmed,
    };
    let saved = set(conn, actor, metric_id, &input, now)?;
    let metric = Metric::find(conn, metric_id)?;
    let month = YearMonth::parse(&saved.month).map_or(saved.month, |m| m.long_label());
    Ok(format!("{} for {month}", metric.format(saved.value)))
}

/// One month's value as a page's form sends it.
pub struct TypedValue {
    pub month: String,
    pub value: String,
    pub note: String,
    pub confirmed: bool,
}

/// One month's values for many metrics at once, as typed in the values grid: all of
/// them or, if any is wrong (or jumps tenfold unconfirmed), none. An empty cell leaves
/// that metric's month as it is. Errors are named `value_{metric_id}`.
pub fn set_month(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: &str,
    cells: &[(i32, String)],
    format: NumberFormat,
    confirmed: bool,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    actor.require_manager()?;
    let month =
        YearMonth::parse(month).map_err(|e| AppError::validation("month", e.to_string()))?;
    let key = month.to_string();
    conn.immediate_transaction(|conn| {
        let metrics = Metric::list_all(conn)?;
        let mut errors = ValidationErrors::new();
        let mut rows = Vec::new();
        for (metric_id, raw) in cells {
            if raw.trim().is_empty() {
                continue;
            }
            let field = format!("value_{metric_id}");
            let Some(metric) = metrics.iter().find(|m| m.id == *metric_id) else {
                errors.add(&field, format!("There is no metric {metric_id}"));
                continue;
            };
            let value = match format.read(&field, &metric.name, raw) {
                Ok(v) => v,
                Err(e) => {
                    errors.add(&field, e.message);
                    continue;
                }
            };
            if !confirmed {
                let before = MetricValue::latest_until(conn, metric.id, &month.prev().to_string())?;
                if let Some(message) =
                    before.and_then(|(m, b)| implausible_jump(metric, value, &m, b))
                {
                    errors.add(&field, format!("{}: {message}", metric.name));
                    continue;
                }
            }
            rows.push((metric.id, value));
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        for (metric_id, value) in &rows {
            let existing = MetricValue::find(conn, *metric_id, &key)?;
            if existing.as_ref().is_some_and(|v| v.value == *value) {
                continue;
            }
            let note = existing.map(|v| v.note).unwrap_or_default();
            MetricValue::upsert(
                conn,
                &NewMetricValue {
                    metric_id: *metric_id,
                    month: &key,
                    value: *value,
                    note: &note,
                    updated_by: Some(actor.id()),
                    updated_at: now,
                },
            )?;
        }
        Ok(rows.len())
    })
}

/// The values grid: the active metrics in agenda order, twelve months ending at `month`
/// or the month before `this_month` (whichever is later), their values in those months
/// and how the team writes numbers.
pub struct Grid {
    pub metrics: Vec<Metric>,
    pub months: Vec<YearMonth>,
    /// `(metric id, "YYYY-MM", value)`.
    pub points: Vec<(i32, String, f64)>,
    pub number_format: NumberFormat,
}

pub fn grid(
    conn: &mut SqliteConnection,
    viewer: &crate::models::Member,
    month: YearMonth,
    this_month: YearMonth,
) -> Result<Grid, AppError> {
    let months = month.max(this_month.prev()).trailing(12);
    let metrics: Vec<Metric> = Metric::list_all(conn)?
        .into_iter()
        .filter(|m| m.active)
        .collect();
    let ids: Vec<i32> = metrics.iter().map(|m| m.id).collect();
    let since = months[0].to_string();
    Ok(Grid {
        points: MetricValue::points_for_metrics_since(conn, &ids, &since)?,
        metrics: crate::services::review_context::agenda_order(metrics),
        months,
        number_format: crate::services::settings::number_format_for(conn, viewer)?,
    })
}

/// One month's values typed into the grid (the team's number format); see `set_month`.
pub fn set_month_on_page(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    month: &str,
    cells: &[(i32, String)],
    confirmed: bool,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let format = crate::services::settings::number_format_for(conn, &actor.member)?;
    set_month(conn, actor, month, cells, format, confirmed, now)
}

/// A value more than ten times, or under a tenth of, the one before is probably a slip
/// (a misplaced separator, a missing digit): the message asks to confirm it.
pub fn implausible_jump(
    metric: &Metric,
    value: f64,
    before_month: &str,
    before: f64,
) -> Option<String> {
    let ratio = value / before;
    let jumps =
        before != 0.0 && value != 0.0 && ratio.is_finite() && !(0.1..=10.0).contains(&ratio.abs());
    jumps.then(|| {
        let label = YearMonth::parse(before_month).map_or(before_month.to_string(), |m| m.long_label());
        format!(
            "Value {} is {} the {} recorded for {label}; if it is right, tick \"Yes, this value is right\" and save again",
            metric.format(value),
            if ratio.abs() > 10.0 { "more than ten times" } else { "under a tenth of" },
            metric.format(before),
        )
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
        // Spreadsheets write numbers the way the team does.
        let format = crate::services::settings::number_format(conn)?;
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
        let rows = csv_import::parse_values(text, resolve, format).map_err(|line_errors| {
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

/// A metric's values, oldest first, with who entered each; a 404 for an unknown metric.
pub fn history(
    conn: &mut SqliteConnection,
    metric_id: i32,
) -> Result<Vec<(MetricValue, Option<String>)>, AppError> {
    crate::services::metrics::find(conn, metric_id)?;
    Ok(MetricValue::list_for_metric(conn, metric_id)?)
}
