//! The home page: the North Star, then the dashboard metrics with a year's sparkline,
//! their status and variation. Pure: built from `services::dashboard::load`.

use serde::Serialize;

use crate::domain::month::YearMonth;
use crate::services::dashboard::Dashboard;
use crate::views::cards::{metric_card, with_analysis, MetricCard};

/// More dashboard metrics than this and the dashboard warns it is overloaded.
pub const DASHBOARD_RECOMMENDED_MAX: usize = 10;
const SPARK_MONTHS: usize = 12;

#[derive(Serialize)]
pub struct DashboardView {
    north_star: Option<MetricCard>,
    cards: Vec<MetricCard>,
    overloaded: bool,
    metric_count: usize,
    member_count: i64,
    recommended_max: usize,
}

pub fn dashboard_view(
    d: &Dashboard,
    this_month: YearMonth,
    lang: crate::i18n::Lang,
) -> DashboardView {
    let since = this_month.trailing(SPARK_MONTHS * 3)[0];
    let recent = |id: i32| {
        d.points
            .get(&id)
            .into_iter()
            .flatten()
            .filter(move |p| p.month >= since)
    };
    // The window ends at the newest month with data, so a dashboard whose values are
    // entered a month late still shows a full year.
    let newest = d
        .metrics
        .iter()
        .flat_map(|(m, _)| recent(m.id).map(|p| p.month))
        .max()
        .unwrap_or(this_month);
    let months = newest.trailing(SPARK_MONTHS);
    let mut cards: Vec<MetricCard> = d
        .metrics
        .iter()
        .map(|(metric, owner)| {
            let history: Vec<(YearMonth, f64)> = recent(metric.id)
                .filter(|p| p.month <= newest)
                .map(|p| (p.month, p.value))
                .collect();
            let mut card = metric_card(metric, owner.clone(), &history, &months, 140, 36);
            if let Some(a) = d.analyses.get(&metric.id) {
                with_analysis(&mut card, a);
            }
            card.localize(metric, &months, lang);
            card
        })
        .collect();
    let north_star = if d.has_north_star && !cards.is_empty() {
        Some(cards.remove(0))
    } else {
        None
    };
    let metric_count = cards.len() + usize::from(north_star.is_some());
    DashboardView {
        north_star,
        overloaded: metric_count > DASHBOARD_RECOMMENDED_MAX,
        cards,
        metric_count,
        member_count: d.member_count,
        recommended_max: DASHBOARD_RECOMMENDED_MAX,
    }
}
