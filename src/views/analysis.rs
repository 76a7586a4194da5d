//! A metric's analysis as people read it: the comparison block as rows, the verdict in
//! words, the signals and the events, and the process behaviour chart. Pure: built from
//! `domain::analysis` and the metric's events.

use serde::Serialize;

use super::chart::{process_chart, EventMark, LineChart};
use crate::domain::analysis::{Analysis, Comparison};
use crate::domain::dashboard::judge_change;
use crate::domain::metric::{format_change, Unit};
use crate::domain::month::YearMonth;
use crate::domain::spc::{Point, SignalDirection};
use crate::models::{Metric, MetricEvent};
use crate::services::analysis::ReviewAnalyses;
use crate::views::cards::{with_chart, MetricCard};

#[derive(Clone, Debug, Serialize)]
pub struct ComparisonRow {
    pub label: String,
    pub value: String,
    pub change: Option<String>,
    pub change_pct: Option<String>,
    /// "good", "bad" or "flat", by the metric's direction.
    pub judgement: Option<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EventView {
    pub id: i32,
    pub month: String,
    pub month_label: String,
    pub title: String,
    pub note: String,
    pub rebase: bool,
    pub author: Option<String>,
    pub author_id: Option<i32>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AnalysisView {
    pub month_label: String,
    pub value: String,
    pub verdict: String,
    /// "special_cause_improvement", … (a CSS class too).
    pub variation: &'static str,
    pub variation_label: &'static str,
    pub is_signal: bool,
    pub assurance: Option<&'static str>,
    pub assurance_label: Option<&'static str>,
    pub rows: Vec<ComparisonRow>,
    /// The signals on the month, in words ("Outside the usual range: concern").
    pub month_signals: Vec<String>,
    /// "Usual range 93.2 – 106.8 around 100 (from Jan 2025 to Dec 2025)".
    pub range: Option<String>,
    pub trial: bool,
}

pub fn pct(p: f64) -> String {
    let sign = if p > 0.0 {
        "+"
    } else if p < 0.0 {
        "−"
    } else {
        "±"
    };
    format!("{sign}{:.1} %", p.abs())
}

fn judgement(metric: &Metric, from: f64, to: f64) -> &'static str {
    match judge_change(metric.direction(), from, to) {
        crate::domain::dashboard::Judgement::Good => "good",
        crate::domain::dashboard::Judgement::Bad => "bad",
        crate::domain::dashboard::Judgement::Flat => "flat",
    }
}

fn comparison(metric: &Metric, label: String, c: &Comparison, value: f64) -> ComparisonRow {
    let unit = metric.unit();
    ComparisonRow {
        label: format!("{label} ({})", c.month.label()),
        value: metric.format(c.value),
        change: Some(format_change(unit, metric.currency.as_deref(), c.change)),
        // A percent metric's change is already in points; its relative change is noise.
        change_pct: c.change_pct.filter(|_| unit != Unit::Percent).map(pct),
        judgement: Some(judgement(metric, c.value, value)),
    }
}

pub fn event_view(e: &MetricEvent, author: Option<String>) -> EventView {
    EventView {
        id: e.id,
        month_label: YearMonth::parse(&e.month).map_or_else(|_| e.month.clone(), |m| m.label()),
        month: e.month.clone(),
        title: e.title.clone(),
        note: e.note.clone(),
        rebase: e.rebase,
        author,
        author_id: e.author_id,
    }
}

pub fn analysis_view(metric: &Metric, a: &Analysis) -> AnalysisView {
    let unit = metric.unit();
    let mut rows = vec![ComparisonRow {
        label: format!("This month ({})", a.month.label()),
        value: metric.format(a.value),
        change: None,
        change_pct: None,
        judgement: None,
    }];
    if let Some(c) = &a.previous {
        rows.push(comparison(metric, "Month before".into(), c, a.value));
    }
    if let Some(c) = &a.year_ago {
        rows.push(comparison(metric, "A year ago".into(), c, a.value));
    }
    if let Some(y) = &a.year_to_date {
        let how = match metric.aggregation() {
            crate::domain::metric::Aggregation::Sum => "sum",
            crate::domain::metric::Aggregation::Average => "average",
            crate::domain::metric::Aggregation::Last => "latest",
        };
        rows.push(ComparisonRow {
            label: format!(
                "Year to date, {how} ({}–{}, {} months)",
                y.from.label(),
                y.to.label(),
                y.months
            ),
            value: metric.format(y.value),
            change: y
                .year_ago_value
                .map(|v| format!("{} a year earlier", metric.format(v))),
            change_pct: y.change_pct.filter(|_| unit != Unit::Percent).map(pct),
            judgement: y.year_ago_value.map(|v| judgement(metric, v, y.value)),
        });
    }
    if let Some(t) = &a.target {
        let on_good_side = judge_change(metric.direction(), t.value, a.value);
        rows.push(ComparisonRow {
            label: "Target".into(),
            value: metric.format(t.value),
            change: Some(format!(
                "{} against it",
                format_change(unit, metric.currency.as_deref(), t.gap)
            )),
            change_pct: t.gap_pct.filter(|_| unit != Unit::Percent).map(pct),
            judgement: Some(match on_good_side {
                crate::domain::dashboard::Judgement::Bad => "bad",
                _ => "good",
            }),
        });
    }
    let mut month_signals: Vec<String> = a
        .month_signals()
        .map(|s| {
            let mut label = s.rule.label().to_string();
            if let Some(first) = label.get(..1) {
                label = first.to_uppercase() + &label[1..];
            }
            format!(
                "{label}: {}",
                match s.direction {
                    SignalDirection::Improvement => "improvement",
                    SignalDirection::Concern => "concern",
                }
            )
        })
        .collect();
    month_signals.dedup();
    AnalysisView {
        month_label: a.month.long_label(),
        value: metric.format(a.value),
        verdict: a.verdict(),
        variation: a.variation.as_str(),
        variation_label: a.variation.label(),
        is_signal: a.variation.is_signal(),
        assurance: a.assurance.map(|x| x.as_str()),
        assurance_label: a.assurance.map(|x| x.label()),
        rows,
        month_signals,
        range: a.limits.map(|l| {
            format!(
                "Usual range {} to {} around {} (limits from {} to {}{})",
                metric.format(l.lower),
                metric.format(l.upper),
                metric.format(l.centre),
                l.baseline_from.label(),
                l.baseline_to.label(),
                if l.trial {
                    ", trial limits: fewer than 12 months"
                } else {
                    ""
                }
            )
        }),
        trial: a.limits.is_some_and(|l| l.trial),
    }
}

/// The process behaviour chart of `months` (oldest first): values, the current period's
/// centre line and limits, flagged points, event markers.
pub fn chart_of(
    metric: &Metric,
    a: Option<&Analysis>,
    points: &[Point],
    events: &[&MetricEvent],
    months: &[YearMonth],
    width: u32,
    height: u32,
) -> LineChart {
    let values: Vec<Option<f64>> = months
        .iter()
        .map(|m| points.iter().find(|p| p.month == *m).map(|p| p.value))
        .collect();
    let marks: Vec<EventMark> = events
        .iter()
        .filter_map(|e| {
            let month = YearMonth::parse(&e.month).ok()?;
            Some(EventMark {
                index: months.iter().position(|m| *m == month)?,
                title: e.title.clone(),
                rebase: e.rebase,
            })
        })
        .collect();
    process_chart(
        months,
        &values,
        metric.target,
        a.and_then(|a| a.limits.map(|l| (l, a.signals.clone()))),
        &marks,
        width,
        height,
    )
}

/// What a template, a meeting slot or a summary shows about a metric's data month.
#[derive(Clone, Debug, Serialize)]
pub struct SignalView {
    pub analysis: Option<AnalysisView>,
    pub events: Vec<EventView>,
}

/// The signal view of `metric` from a review's analyses; draws the process chart over
/// `months` into `card`.
pub fn signal_of(
    metric: &Metric,
    analyses: &ReviewAnalyses,
    months: &[YearMonth],
    card: &mut MetricCard,
) -> SignalView {
    let analysis = analyses.analyses.get(&metric.id);
    let events: Vec<&MetricEvent> = analyses
        .events
        .get(&metric.id)
        .map(|e| e.iter().collect())
        .unwrap_or_default();
    let points = analyses
        .points
        .get(&metric.id)
        .map_or(&[][..], Vec::as_slice);
    // The chart ends at the data month.
    let shown: Vec<Point> = match months.last() {
        Some(last) => points
            .iter()
            .copied()
            .filter(|p| p.month <= *last)
            .collect(),
        None => Vec::new(),
    };
    with_chart(
        card,
        metric,
        chart_of(
            metric,
            analysis,
            &shown,
            &events,
            months,
            card.chart.width,
            card.chart.height,
        ),
    );
    SignalView {
        analysis: analysis.map(|a| analysis_view(metric, a)),
        events: events.iter().map(|e| event_view(e, None)).collect(),
    }
}
