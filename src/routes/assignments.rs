//! "My assignments" (what you present, and the metrics you own) and the history grid
//! of who presented what.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::db;
use crate::domain::month::YearMonth;
use crate::domain::presentation::PresentationStatus;
use crate::domain::review::ReviewStatus;
use crate::error::AppError;
use crate::models::{Assignment, Member};
use crate::state::AppState;
use crate::views::Page;

#[derive(Serialize)]
pub struct MyRow {
    assignment_id: i32,
    month: String,
    label: String,
    metric_id: i32,
    metric: String,
    owner: Option<String>,
    status: String,
}

#[derive(Serialize)]
pub struct MineView {
    rows: Vec<MyRow>,
    /// Metrics you own: who presents them, the brief, the fact-check.
    owned: Vec<OwnedRow>,
}

pub async fn my_assignments(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let id = user.id();
    let (rows, owned) = db::run(&state.pool, move |conn| {
        let rows = Assignment::list_for_presenter(conn, id)?;
        let owned = Assignment::list_for_owner(conn, id, OWNED_SHOWN)?;
        let metrics = crate::models::Metric::names(conn)?;
        let members = Member::names(conn)?;
        let label = |month: &str| {
            YearMonth::parse(month)
                .map(|m| m.long_label())
                .unwrap_or_default()
        };
        let rows = rows
            .into_iter()
            .map(|(month, status, a)| MyRow {
                assignment_id: a.id,
                label: label(&month),
                month,
                metric_id: a.metric_id,
                metric: metrics.get(&a.metric_id).cloned().unwrap_or_default(),
                owner: a.owner_id.and_then(|o| members.get(&o).cloned()),
                status,
            })
            .collect::<Vec<_>>();
        let owned = owned
            .into_iter()
            .map(|(month, status, a, p)| {
                let progress = PresentationStatus::of(p.as_ref().map(|(s, _, _)| s.as_str()));
                OwnedRow {
                    assignment_id: a.id,
                    label: label(&month),
                    month,
                    metric: metrics.get(&a.metric_id).cloned().unwrap_or_default(),
                    presenter: members.get(&a.presenter_id).cloned().unwrap_or_default(),
                    brief: !a.owner_brief.trim().is_empty(),
                    presentation: match progress {
                        PresentationStatus::NotStarted => "not started",
                        other => other.as_str(),
                    },
                    check: match &p {
                        _ if progress != PresentationStatus::Submitted => "—",
                        Some((_, _, c)) if !c.trim().is_empty() => "corrected",
                        Some((_, Some(_), _)) => "fact-checked",
                        _ => "to check",
                    },
                    open: ReviewStatus::parse(&status) != Some(ReviewStatus::Held),
                }
            })
            .collect::<Vec<_>>();
        Ok((rows, owned))
    })
    .await?;
    page.render(Some(&user), "reviews/mine.html", &MineView { rows, owned })
}

/// How many of the metrics a person owns "My assignments" lists (the newest).
const OWNED_SHOWN: i64 = 24;

#[derive(Serialize)]
pub struct OwnedRow {
    assignment_id: i32,
    month: String,
    label: String,
    metric: String,
    presenter: String,
    brief: bool,
    presentation: &'static str,
    check: &'static str,
    open: bool,
}

#[derive(Deserialize, Default)]
pub struct HistoryQuery {
    months: Option<usize>,
}

pub async fn show_history(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<HistoryQuery>,
) -> Result<HttpResponse, AppError> {
    let count = query.months.unwrap_or(12).clamp(1, 36);
    let end = YearMonth::of_date(state.now().date()).next().next();
    let grid = db::run(&state.pool, move |conn| {
        crate::services::history::grid(conn, end, count)
    })
    .await?;
    page.render(Some(&user), "reviews/history.html", &grid)
}
