//! "My assignments" (what you present, and the metrics you own) and the history grid
//! of who presented what.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::db;
use crate::domain::month::YearMonth;
use crate::error::AppError;
use crate::routes::memo::read_page;
use crate::services::review_pages;
use crate::state::AppState;
use crate::views::reviews as views;
use crate::views::Page;

/// How many of the metrics a person owns "My assignments" lists (the newest).
const OWNED_SHOWN: i64 = 24;

pub async fn my_assignments(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let id = user.id();
    let mine = db::read(&state.pool, move |conn| {
        review_pages::mine(conn, id, OWNED_SHOWN)
    })?;
    let lang = page.lang(Some(&user));
    page.render(
        Some(&user),
        "reviews/mine.html",
        &views::mine_view(mine, lang),
    )
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
    let key = format!("{end} {count}");
    read_page(
        &state,
        &page,
        Some(&user),
        "reviews/history.html",
        &key,
        |conn| crate::services::history::grid(conn, end, count),
    )
}
