//! A metric's page: its facts, a chart of up to two years with scales, the history table
//! with who entered each value, who presented it and the cards about it, and the form
//! to enter a value. Pure: built from `services::metrics::page_data`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::domain::month::YearMonth;
use crate::domain::spc::Point;
use crate::services::metrics::MetricPage;
use crate::services::values::may_edit;
use crate::views::analysis::{analysis_view, chart_of, event_view, AnalysisView, EventView};
use crate::views::cards::{metric_card, with_chart, MetricCard};

pub mod forms;

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ValueForm {
    pub month: String,
    pub value: String,
    pub note: String,
    /// "Yes, this value is right" (asked when it jumps tenfold).
    pub confirm_value: String,
}

#[derive(Serialize)]
pub struct HistoryRow {
    month: String,
    month_label: String,
    value: String,
    raw_value: f64,
    note: String,
    entered_by: Option<String>,
    entered_at: String,
}

#[derive(Serialize)]
pub struct ShowView {
    card: MetricCard,
    definition: String,
    formula: String,
    unit: String,
    currency: Option<String>,
    kept_by_manager: bool,
    on_dashboard: bool,
    active: bool,
    history: Vec<HistoryRow>,
    can_enter_values: bool,
    default_month: String,
    pub errors: BTreeMap<String, String>,
    pub value_form: ValueForm,
    presenters: Vec<crate::services::history::PresenterEntry>,
    cards: Vec<(i32, String, String)>,
    /// "1,234.5": how the team writes numbers.
    number_format: &'static str,
    analysis: Option<AnalysisView>,
    events: Vec<EventView>,
    may_write_events: bool,
    aggregation: String,
    pub event_form: EventForm,
    pub event_errors: BTreeMap<String, String>,
}

/// The "what happened to the number" form, as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct EventForm {
    pub month: String,
    pub title: String,
    pub note: String,
    pub rebase: String,
}

const CHART_MONTHS: usize = 24;

pub fn show_view(
    d: &MetricPage,
    user: &CurrentUser,
    this_month: YearMonth,
    lang: crate::i18n::Lang,
) -> ShowView {
    use crate::i18n::{format, word};
    let (metric, history) = (&d.metric, &d.history);
    let points: Vec<(YearMonth, f64)> = history
        .iter()
        .filter_map(|(v, _)| YearMonth::parse(&v.month).ok().map(|m| (m, v.value)))
        .collect();
    let newest = points.iter().map(|(m, _)| *m).max().unwrap_or(this_month);
    let oldest = points.iter().map(|(m, _)| *m).min().unwrap_or(this_month);
    // From the first month with data, at most CHART_MONTHS back.
    let months: Vec<YearMonth> = newest
        .trailing(CHART_MONTHS)
        .into_iter()
        .filter(|m| *m >= oldest)
        .collect();
    let mut card = metric_card(metric, d.owner.clone(), &points, &months, 640, 200);
    let series: Vec<Point> = points
        .iter()
        .map(|(month, value)| Point {
            month: *month,
            value: *value,
        })
        .collect();
    let events: Vec<&crate::models::MetricEvent> = d.events.iter().map(|(e, _)| e).collect();
    with_chart(
        &mut card,
        metric,
        chart_of(
            metric,
            d.analysis.as_ref(),
            &series,
            &events,
            &months,
            640,
            200,
        ),
    );
    card.localize(metric, &months, lang);
    let rows = history
        .iter()
        .rev()
        .map(|(v, by)| HistoryRow {
            month_label: YearMonth::parse(&v.month)
                .map_or_else(|_| v.month.clone(), |m| format::month(lang, m)),
            month: v.month.clone(),
            value: metric.format(v.value),
            raw_value: v.value,
            note: v.note.clone(),
            entered_by: by.clone(),
            entered_at: format::utc_when(lang, v.updated_at),
        })
        .collect();
    ShowView {
        card,
        number_format: d.number_format.as_str(),
        can_enter_values: may_edit(user, metric),
        definition: metric.definition.clone(),
        formula: metric.formula.clone(),
        unit: word(lang, "unit", metric.unit().as_str()),
        currency: metric.currency.clone(),
        kept_by_manager: metric.kept_by_manager,
        on_dashboard: metric.on_dashboard,
        active: metric.active,
        history: rows,
        default_month: this_month.prev().to_string(),
        errors: BTreeMap::new(),
        value_form: ValueForm::default(),
        presenters: d
            .presenters
            .iter()
            .cloned()
            .map(|mut p| {
                if let Ok(m) = YearMonth::parse(&p.month) {
                    p.label = format::month(lang, m);
                }
                p
            })
            .collect(),
        cards: d.cards.clone(),
        analysis: d.analysis.as_ref().map(|a| analysis_view(metric, a, lang)),
        events: d
            .events
            .iter()
            .rev()
            .map(|(e, by)| {
                let mut view = event_view(e, by.clone());
                if let Ok(m) = YearMonth::parse(&e.month) {
                    view.month_label = format::short_month(lang, m);
                }
                view
            })
            .collect(),
        may_write_events: d.may_write_events,
        aggregation: word(lang, "aggregation", metric.aggregation().as_str()),
        event_form: EventForm {
            month: this_month.prev().to_string(),
            ..Default::default()
        },
        event_errors: BTreeMap::new(),
    }
}
