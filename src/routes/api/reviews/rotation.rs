//! A review's rotation through the API: draw, reassign, swap, publish, list, and the
//! caller's own assignments.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{assignment_json, load, load_review, AssignmentJson, ReviewJson};
use crate::auth::{CurrentUser, Manager};
use crate::db;
use crate::domain::ids::{MemberId, MetricId};
use crate::domain::review::ReviewStatus;
use crate::error::AppError;
use crate::routes::api::JsonBody;
use crate::services::{draws, review_pages, reviews};
use crate::state::AppState;

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DrawBody {
    seed: Option<u64>,
    confirm: bool,
}

#[derive(Serialize)]
pub struct DrawJson {
    review: ReviewJson,
    assignments: Vec<AssignmentJson>,
}

pub async fn draw_rotation(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: DrawBody = json.parse()?;
    let key = month.into_inner();
    let month = reviews::month(&key)?;
    let now = state.now();
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        draws::draw(
            conn,
            &st.postbox(),
            &user,
            month,
            body.seed,
            body.confirm,
            now,
        )
    })
    .await?;
    let (review, assignments) = load(&state, key).await?;
    Ok(HttpResponse::Ok().json(DrawJson {
        review,
        assignments,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReassignBody {
    presenter_id: Option<i32>,
    #[serde(default)]
    confirm: bool,
}

pub async fn reassign_metric(
    state: web::Data<AppState>,
    Manager(user): Manager,
    path: web::Path<(String, i32)>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: ReassignBody = json.parse()?;
    let (key, metric_id) = path.into_inner();
    let month = reviews::month(&key)?;
    let presenter_id = body
        .presenter_id
        .ok_or_else(|| AppError::validation("presenter_id", "presenter_id is required"))?;
    let now = state.now();
    let st = state.clone();
    let changed = db::run(&state.pool, move |conn| {
        let request = draws::ChangeRequest {
            actor: &user,
            month,
            confirm: body.confirm,
            now,
        };
        draws::reassign(
            conn,
            &st.postbox(),
            &request,
            MetricId(metric_id),
            MemberId(presenter_id),
        )
    })
    .await?;
    let (_, assignments) = load(&state, key).await?;
    let one = assignments
        .into_iter()
        .find(|a| a.id == changed.id)
        .ok_or_else(|| AppError::internal("assignment vanished"))?;
    Ok(HttpResponse::Ok().json(one))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwapBody {
    metric_ids: Vec<i32>,
    #[serde(default)]
    confirm: bool,
}

pub async fn swap_presenters(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: SwapBody = json.parse()?;
    let key = month.into_inner();
    let month = reviews::month(&key)?;
    let [a, b] = body.metric_ids[..] else {
        return Err(AppError::validation(
            "metric_ids",
            "metric_ids must name exactly two metrics",
        ));
    };
    let now = state.now();
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        let request = draws::ChangeRequest {
            actor: &user,
            month,
            confirm: body.confirm,
            now,
        };
        draws::swap(conn, &st.postbox(), &request, MetricId(a), MetricId(b))
    })
    .await?;
    let (_, assignments) = load(&state, key).await?;
    Ok(HttpResponse::Ok().json(assignments))
}

pub async fn publish_rotation(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let key = month.into_inner();
    let month = reviews::month(&key)?;
    let now = state.now();
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        draws::publish(conn, &st.postbox(), &user, month, now)
    })
    .await?;
    let review = load_review(&state, key).await?;
    Ok(HttpResponse::Ok().json(review))
}

pub async fn list_assignments(
    state: web::Data<AppState>,
    user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (review, assignments) = load(&state, month.into_inner()).await?;
    // Members see a rotation once it is published.
    let unpublished = matches!(
        ReviewStatus::parse(&review.status),
        Some(ReviewStatus::Planned | ReviewStatus::Drafted)
    );
    if !user.is_manager() && unpublished {
        return Ok(HttpResponse::Ok().json(Vec::<AssignmentJson>::new()));
    }
    Ok(HttpResponse::Ok().json(assignments))
}

#[derive(Serialize)]
pub struct MyAssignmentJson {
    month: String,
    review_status: String,
    #[serde(flatten)]
    assignment: AssignmentJson,
}

pub async fn my_assignments(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let id = user.id();
    let rows = db::read(&state.pool, move |conn| review_pages::presenting(conn, id))?;
    let list: Vec<MyAssignmentJson> = rows
        .into_iter()
        .map(|p| MyAssignmentJson {
            month: p.month,
            review_status: p.review_status,
            assignment: assignment_json(p.assignment, 0, p.presentation.as_str()),
        })
        .collect();
    Ok(HttpResponse::Ok().json(list))
}
