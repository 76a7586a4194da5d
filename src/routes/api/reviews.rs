use actix_web::{web, HttpResponse};
use chrono::DateTime;
use serde::{Deserialize, Serialize};

use super::{created, JsonBody};
use crate::auth::{CurrentUser, Manager};
use crate::db;
use crate::domain::ids::{MemberId, MetricId};
use crate::domain::presentation::PresentationStatus;
use crate::domain::review::{in_zone, parse_timezone, Agenda, ReviewStatus};
use crate::domain::validation::ValidationErrors;
use crate::error::AppError;
use crate::models::{Assignment, Review, TeamSettings};
use crate::services::reviews::{self, parse_duration, Schedule};
use crate::services::{agenda, draws, review_context};
use crate::state::AppState;

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

fn review_json(review: Review, away: Vec<i32>) -> ReviewJson {
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

fn assignment_json(
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

async fn load(
    state: &AppState,
    month: String,
) -> Result<(ReviewJson, Vec<AssignmentJson>), AppError> {
    let month = reviews::month(&month)?;
    db::run(&state.pool, move |conn| {
        let review = Review::find_by_month(conn, &month.to_string())?
            .ok_or_else(|| AppError::NotFound(format!("there is no review for {month}")))?;
        let away = Review::absent_member_ids(conn, review.id)?;
        let ctx = review_context::context(conn, review.clone())?;
        let listed = Assignment::list_for_review(conn, review.id)?;
        let planned = agenda::plan(conn, &ctx, listed, false)?;
        let (assignments, timeboxes) = (planned.assignments, planned.timeboxes);
        let ids: Vec<i32> = assignments.iter().map(|a| a.id).collect();
        let presentations = crate::models::Presentation::list_for_assignments(conn, &ids)?;
        let status_of = |id: i32| {
            PresentationStatus::of(
                presentations
                    .iter()
                    .find(|p| p.assignment_id == id)
                    .map(|p| p.status.as_str()),
            )
            .as_str()
        };
        Ok((
            review_json(review, away),
            assignments
                .into_iter()
                .zip(timeboxes)
                .enumerate()
                .map(|(position, (mut a, timebox))| {
                    let status = status_of(a.id);
                    // The position follows the agenda.
                    a.position = i32::try_from(position).unwrap_or(a.position);
                    assignment_json(a, timebox, status)
                })
                .collect(),
        ))
    })
    .await
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
    let (today, now) = (state.now().date(), state.now());
    let list = db::run(&state.pool, move |conn| {
        reviews::create_scheduled(conn, today, now)?;
        let reviews = Review::list(conn, 100, (page - 1) * 100)?;
        reviews
            .into_iter()
            .map(|r| {
                let away = Review::absent_member_ids(conn, r.id)?;
                Ok(review_json(r, away))
            })
            .collect::<Result<Vec<_>, AppError>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

pub async fn get_review(
    state: web::Data<AppState>,
    _user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (review, _) = load(&state, month.into_inner()).await?;
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

/// Build a schedule from the body over `base` (the review's current one, or defaults).
fn schedule_from(body: &ReviewBody, base: Schedule) -> Result<Schedule, AppError> {
    let mut errors = ValidationErrors::new();
    let timezone = match &body.timezone {
        Some(tz) => errors.take(parse_timezone(tz)),
        None => Some(base.timezone),
    };
    let starts_at = match &body.starts_at {
        Some(raw) => errors.take(DateTime::parse_from_rfc3339(raw.trim()).map(|t| t.naive_utc()).map_err(|_| {
            crate::domain::validation::FieldError::new("starts_at", format!("Start {raw:?} (starts_at) is not an RFC 3339 time with an offset, such as 2026-12-01T10:00:00+01:00"))
        })),
        None => Some(base.starts_at),
    };
    let duration = match body.duration_minutes {
        Some(d) => errors.take(parse_duration(&d.to_string())),
        None => Some(base.duration_minutes),
    };
    let location = match &body.location {
        Some(l) => errors.take(crate::domain::validation::text(
            "location",
            l,
            false,
            reviews::LOCATION_MAX,
        )),
        None => Some(base.location),
    };
    let data_month = match &body.data_month {
        Some(raw) => errors.take(reviews::optional_data_month(raw)),
        None => Some(base.data_month),
    };
    match (timezone, starts_at, duration, location, data_month) {
        (
            Some(timezone),
            Some(starts_at),
            Some(duration_minutes),
            Some(location),
            Some(data_month),
        ) if errors.is_empty() => Ok(Schedule {
            starts_at,
            timezone,
            duration_minutes,
            location,
            data_month,
        }),
        _ => Err(errors.into()),
    }
}

fn parse_agenda(body: &ReviewBody) -> Result<Option<Agenda>, AppError> {
    body.agenda
        .as_deref()
        .map(Agenda::parse)
        .transpose()
        .map_err(|e| AppError::from(ValidationErrors::from(e)))
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
    let now = state.now();
    let away = body.away_member_ids.clone();
    let agenda = parse_agenda(&body)?;
    let key = month.to_string();
    db::run(&state.pool, move |conn| {
        let settings = TeamSettings::get(conn)?;
        let base = Schedule {
            starts_at: now,
            timezone: parse_timezone(&settings.default_timezone)?,
            duration_minutes: settings.default_duration_minutes,
            location: settings.default_location,
            data_month: None,
        };
        let schedule = schedule_from(&body, base)?;
        reviews::create(conn, &user, month, &schedule, now)?;
        if let Some(agenda) = agenda {
            reviews::set_agenda(conn, &user, month, agenda, now)?;
        }
        if let Some(ids) = away {
            reviews::set_away(conn, &user, month, &ids, now)?;
        }
        Ok(())
    })
    .await?;
    let (review, _) = load(&state, key.clone()).await?;
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
    let now = state.now();
    let st = state.clone();
    let agenda = parse_agenda(&body)?;
    db::run(&state.pool, move |conn| {
        let review = Review::find_by_month(conn, &month.to_string())?.ok_or_else(|| AppError::NotFound(format!("there is no review for {month}")))?;
        if body.starts_at.is_some() || body.timezone.is_some() || body.duration_minutes.is_some() || body.location.is_some() || body.data_month.is_some() {
            let base = Schedule { starts_at: review.starts_at, timezone: parse_timezone(&review.timezone)?, duration_minutes: review.duration_minutes, location: review.location.clone(), data_month: None };
            let schedule = schedule_from(&body, base)?;
            // A program moving a review means it: no confirmation asked.
            reviews::reschedule(conn, &st.postbox(), &user, month, &schedule, true, now)?;
        }
        if let Some(ids) = &body.away_member_ids {
            reviews::set_away(conn, &user, month, ids, now)?;
        }
        if let Some(agenda) = agenda {
            reviews::set_agenda(conn, &user, month, agenda, now)?;
        }
        match body.status.as_deref() {
            None => {}
            Some("cancelled") => {
                reviews::set_cancelled(conn, &st.postbox(), &user, month, true, now)?;
            }
            Some("planned") => {
                reviews::set_cancelled(conn, &st.postbox(), &user, month, false, now)?;
            }
            // A held meeting reopened (until the next one starts).
            Some("published") if review.status() == ReviewStatus::Held => {
                crate::services::meeting::ending::reopen(conn, &user, month, now)?;
            }
            Some(other) => {
                return Err(AppError::validation("status", format!("Status {other:?} cannot be set here: use \"cancelled\" to cancel, \"planned\" to reopen a cancelled review or \"published\" to reopen a held meeting; draw and publish have their own routes")))
            }
        }
        Ok(())
    })
    .await?;
    let (review, _) = load(&state, key).await?;
    Ok(HttpResponse::Ok().json(review))
}

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
    let (review, _) = load(&state, key).await?;
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
    let (rows, presentations) = db::run(&state.pool, move |conn| {
        let rows = Assignment::list_for_presenter(conn, id)?;
        let ids: Vec<i32> = rows.iter().map(|(_, _, a)| a.id).collect();
        Ok((
            rows,
            crate::models::Presentation::list_for_assignments(conn, &ids)?,
        ))
    })
    .await?;
    let list: Vec<MyAssignmentJson> = rows
        .into_iter()
        .map(|(month, status, a)| {
            let presentation_status = PresentationStatus::of(
                presentations
                    .iter()
                    .find(|p| p.assignment_id == a.id)
                    .map(|p| p.status.as_str()),
            )
            .as_str();
            MyAssignmentJson {
                month,
                review_status: status,
                assignment: assignment_json(a, 0, presentation_status),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(list))
}
