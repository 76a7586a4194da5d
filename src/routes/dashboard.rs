//! The home page: the North Star, then the dashboard metrics with trend and status.

use actix_web::{web, HttpResponse};

use crate::auth::MaybeUser;
use crate::db;
use crate::domain::month::YearMonth;
use crate::error::AppError;
use crate::routes::memo::read_page;
use crate::services::{accounts, dashboard};
use crate::state::AppState;
use crate::views::dashboard::dashboard_view;
use crate::views::{see_other, Page};

pub async fn show_dashboard(
    state: web::Data<AppState>,
    page: Page,
    user: MaybeUser,
) -> Result<HttpResponse, AppError> {
    let Some(user) = user.0 else {
        let has_manager = db::read(&state.pool, accounts::has_manager)?;
        let to = if has_manager { "/login" } else { "/setup" };
        return Ok(see_other(&state, to, None));
    };
    let this_month = YearMonth::of_date(state.now().date());
    let lang = page.lang(Some(&user));
    read_page(&state, &page, Some(&user), "dashboard.html", "", |conn| {
        Ok(dashboard_view(&dashboard::load(conn)?, this_month, lang))
    })
}
