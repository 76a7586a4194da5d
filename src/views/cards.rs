//! A metric as the dashboard and the metric pages show it: formatted numbers, trend,
//! status and a chart.

use serde::Serialize;

use super::chart::{line_chart, localize_months, LineChart};
use crate::domain::dashboard::{trend, Judgement, Status};
use crate::domain::metric::format_change;
use crate::domain::month::YearMonth;
use crate::i18n::{self, Lang};
use crate::models::Metric;

#[derive(Clone, Serialize)]
pub struct MetricCard {
    pub id: i32,
    pub name: String,
    pub category: String,
    pub owner: Option<String>,
    pub north_star: bool,
    pub direction: String,
    pub latest: Option<String>,
    pub latest_month: Option<String>,
    /// The month of the latest value.
    #[serde(skip)]
    pub latest_of: Option<YearMonth>,
    pub target: Option<String>,
    pub change: Option<String>,
    pub judgement: Option<Judgement>,
    pub status: Option<Status>,
    pub status_label: Option<String>,
    pub chart: LineChart,
    /// Lowest and highest value in the chart, formatted.
    pub low: Option<String>,
    pub high: Option<String>,
    /// The chart's value scale, formatted: (y, "52,310").
    pub ticks: Vec<(f64, String)>,
    /// Signal or noise of the latest month ("special_cause_concern", …), in words, and
    /// whether the process will meet its target.
    pub variation: Option<&'static str>,
    pub variation_label: Option<String>,
    pub assurance: Option<&'static str>,
    pub assurance_label: Option<String>,
}

/// Add the latest month's variation and assurance to a card.
pub fn with_analysis(card: &mut MetricCard, a: &crate::domain::analysis::Analysis) {
    card.variation = Some(a.variation.as_str());
    card.variation_label = Some(a.variation.label().to_string());
    card.assurance = a.assurance.map(|x| x.as_str());
    card.assurance_label = a.assurance.map(|x| x.label().to_string());
}

/// Summarise `metric` over `months` (oldest first) from its `history`.
pub fn metric_card(
    metric: &Metric,
    owner: Option<String>,
    history: &[(YearMonth, f64)],
    months: &[YearMonth],
    width: u32,
    height: u32,
) -> MetricCard {
    let t = trend(metric.direction(), metric.target, history);
    let values: Vec<Option<f64>> = months
        .iter()
        .map(|m| history.iter().find(|(hm, _)| hm == m).map(|(_, v)| *v))
        .collect();
    let chart = line_chart(months, &values, metric.target, width, height, 3.0);
    let unit = metric.unit();
    let shown = values.iter().flatten().copied();
    let low = shown.clone().reduce(f64::min).map(|v| metric.format(v));
    let high = shown.reduce(f64::max).map(|v| metric.format(v));
    MetricCard {
        id: metric.id,
        name: metric.name.clone(),
        category: metric.category().label().to_string(),
        owner,
        north_star: metric.north_star,
        direction: metric.direction().label().to_string(),
        latest: t.latest.map(|(_, v)| metric.format(v)),
        latest_month: t.latest.map(|(m, _)| m.label()),
        latest_of: t.latest.map(|(m, _)| m),
        target: metric.target.map(|v| metric.format(v)),
        change: t
            .change
            .map(|(delta, _)| format_change(unit, metric.currency.as_deref(), delta)),
        judgement: t.change.map(|(_, j)| j),
        status: t.status,
        status_label: t.status.map(|s| s.label().to_string()),
        chart: chart.clone(),
        ticks: chart
            .y_ticks
            .iter()
            .map(|(y, v)| (*y, metric.format(*v)))
            .collect(),
        low,
        high,
        variation: None,
        variation_label: None,
        assurance: None,
        assurance_label: None,
    }
}

impl MetricCard {
    /// The card's words in `lang`: its category, direction, status, signal and the
    /// months on its chart (drawn over `months`).
    pub fn localize(&mut self, metric: &Metric, months: &[YearMonth], lang: Lang) {
        let word = |prefix: &str, code: &str| i18n::t(lang, &format!("{prefix}-{code}"));
        self.category = word("category", metric.category().as_str());
        self.direction = word("direction", metric.direction().as_str());
        if let Some(status) = self.status {
            self.status_label = Some(word("status", status.as_str()));
        }
        if let Some(v) = self.variation {
            self.variation_label = Some(word("variation", v));
        }
        if let Some(a) = self.assurance {
            self.assurance_label = Some(word("assurance", a));
        }
        if let Some(latest) = self.latest_of {
            self.latest_month = Some(i18n::format::short_month(lang, latest));
        }
        localize_months(&mut self.chart, months, lang);
    }
}

/// Put `chart` (a process behaviour chart) on `card`, with its value scale formatted.
pub fn with_chart(card: &mut MetricCard, metric: &Metric, chart: LineChart) {
    card.ticks = chart
        .y_ticks
        .iter()
        .map(|(y, v)| (*y, metric.format(*v)))
        .collect();
    card.chart = chart;
}
