//! The page to change one metric's presenter, linked from the rotation of teams too
//! large for a picker in every row (`views::reviews::INLINE_PICKER_MAX`). It posts to the
//! same route as the inline pickers.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::auth::Manager;
use crate::db;
use crate::error::AppError;
use crate::models::{Assignment, Member, Metric, Review};
use crate::services::reviews;
use crate::state::AppState;
use crate::views::options::options_html;
use crate::views::Page;

#[derive(Serialize)]
pub struct ReassignView {
    month: String,
    label: String,
    metric_id: i32,
    metric: String,
    presenter: String,
    published: bool,
    options: String,
}

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
    let view = db::run(&state.pool, move |conn| {
        let review = Review::find_by_month(conn, &month.to_string())?
            .ok_or_else(|| AppError::not_found("review"))?;
        let assignment = Assignment::list_for_review(conn, review.id)?
            .into_iter()
            .find(|a| a.metric_id == metric_id)
            .ok_or_else(|| AppError::not_found("assignment"))?;
        let away = Review::absent_member_ids(conn, review.id)?;
        let people: Vec<(i32, String)> = Member::list_active(conn)?
            .into_iter()
            .filter(|m| !away.contains(&m.id))
            .map(|m| {
                let label = if m.department.is_empty() {
                    m.name
                } else {
                    format!("{} ({})", m.name, m.department)
                };
                (m.id, label)
            })
            .collect();
        let names = Member::names(conn)?;
        let metric = Metric::names(conn)?.remove(&metric_id).unwrap_or_default();
        Ok(ReassignView {
            month: month.to_string(),
            label: month.long_label(),
            metric_id,
            metric,
            presenter: names
                .get(&assignment.presenter_id)
                .cloned()
                .unwrap_or_default(),
            published: review.status() == crate::domain::review::ReviewStatus::Published,
            options: options_html(&people, Some(&assignment.presenter_id.to_string())),
        })
    })
    .await?;
    page.render(Some(&user), "reviews/reassign.html", &view)
}
