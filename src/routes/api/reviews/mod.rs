use actix_web::{web, HttpResponse};
use chrono::DateTime;
use serde::{Deserialize, Serialize};

use super::{created, JsonBody};
use crate::auth::{CurrentUser, Manager};
use crate::db;
use crate::domain::review::{in_zone, parse_timezone, Agenda};
use crate::domain::validation::{text, FieldError, ValidationErrors};
use crate::error::AppError;
use crate::models::{Assignment, Review};
use crate::services::review_pages;
use crate::services::reviews::changes::{self, ReviewChanges, ScheduleChanges, StatusChange};
use crate::services::reviews::{self, parse_duration};
use crate::state::AppState;

pub mod rotation;

#[derive(Serialize)]
pub struct ReviewJson {
    month: String,
    data_month: String,
    starts_at: String,
    timezone: String,
    duration_minutes: i32,
    location: String,
    status: String,
    away_member_ids: Vec<i32>,
    /// "standard" or "signals_first".
    agenda: &'static str,
    seed: Option<i64>,
    presenting_manager_id: Option<i32>,
    published_at: Option<String>,
}

pub(super) fn review_json(review: Review, away: Vec<i32>) -> ReviewJson {
    let starts_at = parse_timezone(&review.timezone).map_or_else(
        |_| review.starts_at.and_utc().to_rfc3339(),
        |tz| in_zone(review.starts_at, tz).to_rfc3339(),
    );
    ReviewJson {
        data_month: review
            .data_month()
            .map_or_else(|| review.data_month.clone(), |m| m.to_string()),
        agenda: review.agenda().as_str(),
        month: review.month,
        starts_at,
        timezone: review.timezone,
        duration_minutes: review.duration_minutes,
        location: review.location,
        status: review.status,
        away_member_ids: away,
        seed: review.seed,
        presenting_manager_id: review.presenting_manager_id,
        published_at: review.published_at.map(|t| t.and_utc().to_rfc3339()),
    }
}

#[derive(Serialize)]
pub struct AssignmentJson {
    id: i32,
    metric_id: i32,
    presenter_id: i32,
    owner_id: Option<i32>,
    position: i32,
    timebox_seconds: i64,
    reason: String,
    warning: Option<String>,
    presentation_status: &'static str,
}

pub(super) fn assignment_json(
    a: Assignment,
    timebox_seconds: i64,
    presentation_status: &'static str,
) -> AssignmentJson {
    AssignmentJson {
        id: a.id,
        metric_id: a.metric_id,
        presenter_id: a.presenter_id,
        owner_id: a.owner_id,
        position: a.position,
        timebox_seconds,
        reason: a.reason,
        warning: a.warning,
        presentation_status,
    }
}

/// The review of `month` and its rotation as the API shows them.
/// The review of `month` as JSON, without its rotation (the agenda's timing and the
/// presentations' progress are the dear part of a large review).
pub(super) async fn load_review(state: &AppState, month: String) -> Result<ReviewJson, AppError> {
    let month = reviews::month(&month)?;
    let (review, away) = db::read(&state.pool, |conn| {
        review_pages::review_with_away(conn, month)
    })?;
    Ok(review_json(review, away))
}

pub(super) async fn load(
    state: &AppState,
    month: String,
) -> Result<(ReviewJson, Vec<AssignmentJson>), AppError> {
    let month = reviews::month(&month)?;
    let rotation = db::read(&state.pool, move |conn| review_pages::rotation(conn, month))?;
    Ok((
        review_json(rotation.review, rotation.away),
        rotation
            .slots
            .into_iter()
            .map(|(a, seconds, status)| assignment_json(a, seconds, status.as_str()))
            .collect(),
    ))
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    page: Option<i64>,
}

pub async fn list_reviews(
    state: web::Data<AppState>,
    _user: CurrentUser,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let page = query.page.unwrap_or(1).max(1);
    crate::routes::reviews::create_scheduled(&state).await?;
    let list = db::read(&state.pool, |conn| {
        review_pages::list_with_away(conn, page, 100)
    })?;
    let list: Vec<ReviewJson> = list
        .into_iter()
        .map(|(review, away)| review_json(review, away))
        .collect();
    Ok(HttpResponse::Ok().json(list))
}

pub async fn get_review(
    state: web::Data<AppState>,
    _user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let review = load_review(&state, month.into_inner()).await?;
    Ok(HttpResponse::Ok().json(review))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewBody {
    month: Option<String>,
    starts_at: Option<String>,
    timezone: Option<String>,
    duration_minutes: Option<i32>,
    location: Option<String>,
    data_month: Option<String>,
    agenda: Option<String>,
    away_member_ids: Option<Vec<i32>>,
    /// PATCH only: "cancelled" cancels, "planned" reopens a cancelled review.
    status: Option<String>,
}

/// What the body asks to change, each field checked (all messages at once).
fn changes_from(body: &ReviewBody) -> Result<ReviewChanges, AppError> {
    let mut errors = ValidationErrors::new();
    let mut schedule = ScheduleChanges::default();
    if let Some(tz) = &body.timezone {
        schedule.timezone = errors.take(parse_timezone(tz));
    }
    if let Some(raw) = &body.starts_at {
        schedule.starts_at = errors.take(
            DateTime::parse_from_rfc3339(raw.trim())
                .map(|t| t.naive_utc())
                .map_err(|_| {
                    FieldError::new(
                        "starts_at",
                        format!("Start {raw:?} (starts_at) is not an RFC 3339 time with an offset, such as 2026-12-01T10:00:00+01:00"),
                    )
                }),
        );
    }
    if let Some(d) = body.duration_minutes {
        schedule.duration_minutes = errors.take(parse_duration(&d.to_string()));
    }
    if let Some(l) = &body.location {
        schedule.location = errors.take(text("location", l, false, reviews::LOCATION_MAX));
    }
    if let Some(raw) = &body.data_month {
        schedule.data_month = errors.take(reviews::optional_data_month(raw));
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    Ok(ReviewChanges {
        schedule,
        agenda: body
            .agenda
            .as_deref()
            .map(Agenda::parse)
            .transpose()
            .map_err(|e| AppError::from(ValidationErrors::from(e)))?,
        away_member_ids: body.away_member_ids.clone(),
        status: body
            .status
            .as_deref()
            .map(StatusChange::parse)
            .transpose()?,
    })
}

pub async fn create_review(
    state: web::Data<AppState>,
    Manager(user): Manager,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: ReviewBody = json.parse()?;
    let month = reviews::month(
        body.month
            .as_deref()
            .ok_or_else(|| AppError::validation("month", "month is required (YYYY-MM)"))?,
    )?;
    if body.starts_at.is_none() {
        return Err(AppError::validation(
            "starts_at",
            "starts_at is required (RFC 3339 with offset)",
        ));
    }
    // A new review is planned, whatever the body says (as it always was).
    let changes = changes_from(&ReviewBody {
        status: None,
        ..body
    })?;
    let now = state.now();
    let key = month.to_string();
    db::run(&state.pool, move |conn| {
        changes::create_with(conn, &user, month, &changes, now)
    })
    .await?;
    let review = load_review(&state, key.clone()).await?;
    Ok(created(format!("/api/v1/reviews/{key}"), &review))
}

pub async fn update_review(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: ReviewBody = json.parse()?;
    let key = month.into_inner();
    let month = reviews::month(&key)?;
    if body.month.as_deref().is_some_and(|m| m != key) {
        return Err(AppError::validation(
            "month",
            "month cannot be changed; create a review for the other month instead",
        ));
    }
    let changes = changes_from(&body)?;
    let (now, st) = (state.now(), state.clone());
    db::run(&state.pool, move |conn| {
        changes::apply(conn, &st.postbox(), &user, month, &changes, now)
    })
    .await?;
    let review = load_review(&state, key).await?;
    Ok(HttpResponse::Ok().json(review))
}

#[derive(Serialize)]
pub struct PlanJson {
    months: Vec<PlanMonthJson>,
    yearly_totals: Vec<YearlyTotalJson>,
    departments_met: Vec<DepartmentsMetJson>,
    spread: u32,
    warnings: Vec<String>,
}

#[derive(Serialize)]
pub struct PlanMonthJson {
    month: String,
    coverage: f64,
    coverage_bound: f64,
    assignments: Vec<PlannedJson>,
}

#[derive(Serialize)]
pub struct PlannedJson {
    metric_id: i32,
    presenter_id: i32,
    reason: String,
}

#[derive(Serialize)]
pub struct YearlyTotalJson {
    member_id: i32,
    total: u32,
}

#[derive(Serialize)]
pub struct DepartmentsMetJson {
    member_id: i32,
    met: usize,
    of: usize,
}

/// The plan ahead (managers): the next `months` draws with today's team, not stored.
pub async fn plan_json(
    state: web::Data<AppState>,
    Manager(user): Manager,
    query: web::Query<crate::routes::forms::PlanQuery>,
) -> Result<HttpResponse, AppError> {
    let (months, today) = (query.months()?, state.now().date());
    // A whole draw per month ahead: too long to hold up the request's thread.
    let ahead = db::run_read(&state.pool, move |conn| {
        crate::services::plan::plan_ahead(conn, &user, today, months)
    })
    .await?;
    let f = &ahead.plan.figures;
    let json = PlanJson {
        months: ahead
            .plan
            .months
            .iter()
            .enumerate()
            .map(|(i, placements)| PlanMonthJson {
                month: ahead.month(i).to_string(),
                coverage: f.coverage.get(i).copied().unwrap_or(0.0),
                coverage_bound: f.coverage_bound.get(i).copied().unwrap_or(0.0),
                assignments: placements
                    .iter()
                    .map(|p| PlannedJson {
                        metric_id: p.metric_id,
                        presenter_id: p.presenter_id,
                        reason: p.reason.clone(),
                    })
                    .collect(),
            })
            .collect(),
        yearly_totals: f
            .yearly_totals
            .iter()
            .map(|(member_id, total)| YearlyTotalJson {
                member_id: *member_id,
                total: *total,
            })
            .collect(),
        departments_met: f
            .departments_met
            .iter()
            .map(|(member_id, met, of)| DepartmentsMetJson {
                member_id: *member_id,
                met: *met,
                of: *of,
            })
            .collect(),
        spread: f.spread,
        warnings: ahead.plan.warnings.clone(),
    };
    Ok(HttpResponse::Ok().json(json))
}
