//! A metric's analysis as people read it: the comparison block as rows, the verdict in
//! words, the signals and the events, and the process behaviour chart. Pure: built from
//! `domain::analysis` and the metric's events.

use serde::Serialize;

use super::chart::{process_chart, EventMark, LineChart};
use crate::domain::analysis::{Analysis, Comparison};
use crate::domain::dashboard::judge_change;
use crate::domain::metric::{format_change, Unit};
use crate::domain::month::YearMonth;
use crate::domain::spc::{Point, SignalDirection, Variation};
use crate::i18n::{self, format, Lang};
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
    pub variation_label: String,
    pub is_signal: bool,
    pub assurance: Option<&'static str>,
    pub assurance_label: Option<String>,
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

pub fn analysis_view(metric: &Metric, a: &Analysis, lang: Lang) -> AnalysisView {
    let unit = metric.unit();
    let month = |m: YearMonth| format::short_month(lang, m);
    let mut rows = vec![ComparisonRow {
        label: i18n::t_args(
            lang,
            "analysis-this-month",
            &[("month", month(a.month).into())],
        ),
        value: metric.format(a.value),
        change: None,
        change_pct: None,
        judgement: None,
    }];
    if let Some(c) = &a.previous {
        rows.push(comparison(
            metric,
            i18n::t(lang, "analysis-month-before"),
            c,
            a.value,
        ));
    }
    if let Some(c) = &a.year_ago {
        rows.push(comparison(
            metric,
            i18n::t(lang, "analysis-year-ago"),
            c,
            a.value,
        ));
    }
    if let Some(y) = &a.year_to_date {
        let how = i18n::t(
            lang,
            &format!("analysis-ytd-{}", metric.aggregation().as_str()),
        );
        rows.push(ComparisonRow {
            label: i18n::t_args(
                lang,
                "analysis-year-to-date",
                &[
                    ("how", how.into()),
                    ("from", month(y.from).into()),
                    ("to", month(y.to).into()),
                    ("months", y.months.into()),
                ],
            ),
            value: metric.format(y.value),
            change: y.year_ago_value.map(|v| {
                i18n::t_args(
                    lang,
                    "analysis-year-earlier",
                    &[("value", metric.format(v).into())],
                )
            }),
            change_pct: y.change_pct.filter(|_| unit != Unit::Percent).map(pct),
            judgement: y.year_ago_value.map(|v| judgement(metric, v, y.value)),
        });
    }
    if let Some(t) = &a.target {
        let on_good_side = judge_change(metric.direction(), t.value, a.value);
        let gap = format_change(unit, metric.currency.as_deref(), t.gap);
        rows.push(ComparisonRow {
            label: i18n::t(lang, "analysis-target"),
            value: metric.format(t.value),
            change: Some(i18n::t_args(
                lang,
                "analysis-against-target",
                &[("gap", gap.into())],
            )),
            change_pct: t.gap_pct.filter(|_| unit != Unit::Percent).map(pct),
            judgement: Some(match on_good_side {
                crate::domain::dashboard::Judgement::Bad => "bad",
                _ => "good",
            }),
        });
    }
    let direction = |d: SignalDirection| match d {
        SignalDirection::Improvement => "improvement",
        SignalDirection::Concern => "concern",
    };
    let mut month_signals: Vec<String> = a
        .month_signals()
        .map(|s| {
            i18n::t_args(
                lang,
                "analysis-month-signal",
                &[
                    (
                        "rule",
                        i18n::t(lang, &format!("signal-rule-title-{}", s.rule.as_str())).into(),
                    ),
                    (
                        "direction",
                        i18n::t(lang, &format!("signal-{}", direction(s.direction))).into(),
                    ),
                ],
            )
        })
        .collect();
    month_signals.dedup();
    AnalysisView {
        month_label: format::month(lang, a.month),
        value: metric.format(a.value),
        verdict: verdict(a, lang),
        variation: a.variation.as_str(),
        variation_label: i18n::t(lang, &format!("variation-{}", a.variation.as_str())),
        is_signal: a.variation.is_signal(),
        assurance: a.assurance.map(|x| x.as_str()),
        assurance_label: a
            .assurance
            .map(|x| i18n::t(lang, &format!("assurance-{}", x.as_str()))),
        rows,
        month_signals,
        range: a.limits.map(|l| {
            i18n::t_args(
                lang,
                if l.trial {
                    "analysis-range-trial"
                } else {
                    "analysis-range"
                },
                &[
                    ("lower", metric.format(l.lower).into()),
                    ("upper", metric.format(l.upper).into()),
                    ("centre", metric.format(l.centre).into()),
                    ("from", month(l.baseline_from).into()),
                    ("to", month(l.baseline_to).into()),
                ],
            )
        }),
        trial: a.limits.is_some_and(|l| l.trial),
    }
}

/// The verdict in words a presenter can say out loud, in `lang` (the API sends
/// `Analysis::verdict`, in English).
fn verdict(a: &Analysis, lang: Lang) -> String {
    let name = format::month(lang, a.month);
    let mut rules: Vec<String> = a
        .month_signals()
        .map(|s| i18n::t(lang, &format!("signal-rule-{}", s.rule.as_str())))
        .collect();
    rules.dedup();
    let rules = rules.join("; ");
    match a.variation {
        Variation::TooFewPoints => i18n::t_args(
            lang,
            "verdict-too-few",
            &[
                ("month", name.into()),
                ("min", crate::domain::spc::MIN_POINTS.into()),
            ],
        ),
        Variation::CommonCause if a.run_on_one_side() >= 3 => {
            let above = a.value > a.limits.map_or(0.0, |l| l.centre);
            i18n::t_args(
                lang,
                if above {
                    "verdict-run-above"
                } else {
                    "verdict-run-below"
                },
                &[("month", name.into()), ("run", a.run_on_one_side().into())],
            )
        }
        Variation::CommonCause => i18n::t_args(lang, "verdict-common", &[("month", name.into())]),
        Variation::SpecialCauseImprovement => i18n::t_args(
            lang,
            "verdict-improvement",
            &[("month", name.into()), ("rules", rules.into())],
        ),
        Variation::SpecialCauseConcern => i18n::t_args(
            lang,
            "verdict-concern",
            &[("month", name.into()), ("rules", rules.into())],
        ),
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
    lang: Lang,
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
        analysis: analysis.map(|a| analysis_view(metric, a, lang)),
        events: events
            .iter()
            .map(|e| {
                let mut view = event_view(e, None);
                if let Ok(m) = YearMonth::parse(&e.month) {
                    view.month_label = format::short_month(lang, m);
                }
                view
            })
            .collect(),
    }
}
