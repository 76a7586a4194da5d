//! The values grid: every active metric against twelve months, with one month's inputs.
//! Pure: built from `services::values::grid`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::domain::month::YearMonth;
use crate::services::values::Grid;

#[derive(Serialize)]
pub struct GridRow {
    id: i32,
    name: String,
    /// The twelve months' values, formatted ("—" where none).
    cells: Vec<String>,
    /// The input for the chosen month, as typed or as recorded.
    input: String,
    error: Option<String>,
}

#[derive(Serialize)]
pub struct GridView {
    month: String,
    month_label: String,
    months: Vec<(String, String)>,
    /// Months a manager may choose to type: the twelve shown, newest first.
    choices: Vec<(String, String)>,
    rows: Vec<GridRow>,
    errors: BTreeMap<String, String>,
    number_format: &'static str,
    ask_confirm: bool,
}

/// The grid ending at `month` or the month before `this_month`, whichever is later; the
/// inputs as typed (`typed`, after a refusal) or as recorded.
pub fn grid_view(
    grid: Grid,
    month: YearMonth,
    typed: Option<&HashMap<String, String>>,
    errors: BTreeMap<String, String>,
) -> GridView {
    let months = grid.months;
    let format = grid.number_format;
    let mut by_metric: HashMap<(i32, String), f64> = HashMap::new();
    for (id, m, v) in grid.points {
        by_metric.insert((id, m), v);
    }
    let key = month.to_string();
    let rows = grid
        .metrics
        .into_iter()
        .map(|m| {
            let field = format!("value_{}", m.id);
            GridRow {
                cells: months
                    .iter()
                    .map(|month| {
                        by_metric
                            .get(&(m.id, month.to_string()))
                            .map_or_else(|| "—".to_string(), |v| m.format(*v))
                    })
                    .collect(),
                input: match typed {
                    Some(t) => t.get(&field).cloned().unwrap_or_default(),
                    None => by_metric
                        .get(&(m.id, key.clone()))
                        .map(|v| format.write(*v))
                        .unwrap_or_default(),
                },
                error: errors.get(&field).cloned(),
                id: m.id,
                name: m.name,
            }
        })
        .collect();
    let ask_confirm = errors.values().any(|e| e.contains("this value is right"));
    GridView {
        month: key,
        month_label: month.long_label(),
        months: months.iter().map(|m| (m.to_string(), m.label())).collect(),
        choices: months
            .iter()
            .rev()
            .map(|m| (m.to_string(), m.long_label()))
            .collect(),
        rows,
        errors,
        number_format: format.as_str(),
        ask_confirm,
    }
}
