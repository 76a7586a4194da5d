//! The review's own numbers as a page: one row per held review, and each figure as a
//! series with its usual range and signals. Pure: built from `services::review_health`.

use serde::Serialize;

use crate::domain::ritual::{series, HealthRow};

#[derive(Serialize)]
pub struct HealthView {
    rows: Vec<HealthLine>,
    series: Vec<SeriesLine>,
}

#[derive(Serialize)]
pub struct HealthLine {
    month: String,
    label: String,
    cells: Vec<String>,
}

#[derive(Serialize)]
pub struct SeriesLine {
    label: &'static str,
    range: Option<String>,
    signals: Vec<String>,
}

/// "—" for a figure a review has not got; shares in per cent, the rest with one decimal.
fn figure(v: Option<f64>, share: bool) -> String {
    match v {
        None => "—".to_string(),
        Some(v) if share => format!("{:.0} %", v * 100.0),
        Some(v) => format!("{v:.1}"),
    }
}

pub fn health_view(rows: &[HealthRow]) -> HealthView {
    HealthView {
        rows: rows
            .iter()
            .map(|r| HealthLine {
                month: r.month.to_string(),
                label: r.month.long_label(),
                cells: vec![
                    figure(r.submitted_share, true),
                    figure(r.fact_checked_share, true),
                    figure(r.start_delay_minutes, false),
                    figure(r.overrun_minutes, false),
                    figure(r.clarity_mean, false),
                    figure(r.slot_spread, false),
                ],
            })
            .collect(),
        series: series(rows)
            .iter()
            .map(|s| SeriesLine {
                label: s.label,
                range: s.limits.map(|l| {
                    format!(
                        "usual range {:.1} to {:.1} around {:.1}{}",
                        l.lower,
                        l.upper,
                        l.centre,
                        if l.trial { " (trial limits)" } else { "" }
                    )
                }),
                signals: {
                    let mut out: Vec<String> = s
                        .signals
                        .iter()
                        .map(|x| {
                            format!(
                                "{}: {} ({})",
                                x.month.label(),
                                x.rule.label(),
                                x.direction.as_str()
                            )
                        })
                        .collect();
                    out.dedup();
                    out
                },
            })
            .collect(),
    }
}
