//! The home page: the North Star, then the dashboard metrics with trend and status.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::auth::MaybeUser;
use crate::db;
use crate::domain::month::YearMonth;
use crate::error::AppError;
use crate::models::{Member, Metric};
use crate::services::analysis;
use crate::state::AppState;
use crate::views::cards::{metric_card, with_analysis, MetricCard};
use crate::views::{see_other, Page};

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

pub async fn show_dashboard(
    state: web::Data<AppState>,
    page: Page,
    user: MaybeUser,
) -> Result<HttpResponse, AppError> {
    let Some(user) = user.0 else {
        let has_manager = db::run(&state.pool, |conn| Ok(Member::any_manager(conn)?)).await?;
        return Ok(see_other(
            &state,
            if has_manager { "/login" } else { "/setup" },
            None,
        ));
    };
    let this_month = YearMonth::of_date(state.now().date());
    let view = db::run(&state.pool, move |conn| {
        let north_star = Metric::north_star(conn)?;
        let mut metrics: Vec<(Metric, Option<String>)> = Vec::new();
        if let Some(star) = north_star {
            let owner = star
                .owner_id
                .map(|id| Member::find(conn, id))
                .transpose()?
                .map(|m| m.name);
            metrics.push((star, owner));
        }
        let has_star = !metrics.is_empty();
        metrics.extend(Metric::list_dashboard(conn)?);
        let ids: Vec<i32> = metrics.iter().map(|(m, _)| m.id).collect();
        // Every value once: the analysis needs the whole series, the sparklines the
        // recent months.
        let points = analysis::points_of(conn, &ids)?;
        let since = this_month.trailing(SPARK_MONTHS * 3)[0];
        let values: Vec<(i32, YearMonth, f64)> = points
            .iter()
            .flat_map(|(id, series)| {
                series
                    .iter()
                    .filter(|p| p.month >= since)
                    .map(move |p| (*id, p.month, p.value))
            })
            .collect();
        // The window ends at the newest month with data, so a dashboard whose values
        // are entered a month late still shows a full year.
        let newest = values
            .iter()
            .map(|(_, m, _)| *m)
            .max()
            .unwrap_or(this_month);
        let months = newest.trailing(SPARK_MONTHS);
        let refs: Vec<&Metric> = metrics.iter().map(|(m, _)| m).collect();
        let analyses = analysis::latest_for_metrics(conn, &refs, &points)?;
        let mut cards: Vec<MetricCard> = metrics
            .iter()
            .map(|(metric, owner)| {
                let history: Vec<(YearMonth, f64)> = values
                    .iter()
                    .filter(|(id, m, _)| *id == metric.id && *m <= newest)
                    .map(|(_, m, v)| (*m, *v))
                    .collect();
                let mut card = metric_card(metric, owner.clone(), &history, &months, 140, 36);
                if let Some(a) = analyses.get(&metric.id) {
                    with_analysis(&mut card, a);
                }
                card
            })
            .collect();
        let north_star = if has_star {
            Some(cards.remove(0))
        } else {
            None
        };
        let metric_count = cards.len() + usize::from(north_star.is_some());
        Ok(DashboardView {
            north_star,
            overloaded: metric_count > DASHBOARD_RECOMMENDED_MAX,
            cards,
            metric_count,
            member_count: Member::count(conn)?,
            recommended_max: DASHBOARD_RECOMMENDED_MAX,
        })
    })
    .await?;
    page.render(Some(&user), "dashboard.html", &view)
}
