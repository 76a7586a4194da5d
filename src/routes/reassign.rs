//! The page to change one metric's presenter, linked from the rotation of teams too
//! large for a picker in every row (`views::reviews::INLINE_PICKER_MAX`). It posts to the
//! same route as the inline pickers.

use actix_web::{web, HttpResponse};

use crate::auth::Manager;
use crate::db;
use crate::error::AppError;
use crate::services::{review_pages, reviews};
use crate::state::AppState;
use crate::views::reviews::reassign_view;
use crate::views::Page;

/// The page to change one metric's presenter (linked from the rotation of large teams).
pub async fn reassign_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (month, metric_id) = path.into_inner();
    let month = reviews::month(&month)
        .map_err(|_| AppError::NotFound("there is no review for that month".into()))?;
    let data = db::read(&state.pool, move |conn| {
        review_pages::reassigning(conn, month, metric_id)
    })?;
    page.render(
        Some(&user),
        "reviews/reassign.html",
        &reassign_view(data, month),
    )
}
