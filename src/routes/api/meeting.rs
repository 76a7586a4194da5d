//! `GET /api/v1/reviews/{month}/meeting` (where the meeting is, for the follow-along
//! page and scripts) and `POST /api/v1/assignments/{id}/feedback`.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::JsonBody;
use crate::auth::CurrentUser;
use crate::db;
use crate::error::AppError;
use crate::services::{meeting, reviews};
use crate::state::AppState;

#[derive(Serialize)]
pub struct MeetingJson {
    month: String,
    status: String,
    current_slot: i32,
    slot_count: i32,
    current_assignment_id: Option<i32>,
    meeting_started_at: Option<String>,
    slot_started_at: Option<String>,
}

pub async fn meeting_json(
    state: web::Data<AppState>,
    _user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let json = db::read(&state.pool, move |conn| {
        let m = meeting::load(conn, month)?;
        let review = m.review();
        Ok(MeetingJson {
            month: review.month.clone(),
            status: review.status.clone(),
            current_slot: review.current_slot,
            slot_count: m.slot_count(),
            current_assignment_id: m.assignment_at(review.current_slot).map(|a| a.id),
            meeting_started_at: review.meeting_started_at.map(|t| t.and_utc().to_rfc3339()),
            slot_started_at: review.slot_started_at.map(|t| t.and_utc().to_rfc3339()),
        })
    })?;
    Ok(HttpResponse::Ok().json(json))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    kind: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    anonymous: bool,
}

pub async fn feedback_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: FeedbackBody = json.parse()?;
    let (id, now) = (id.into_inner(), state.now());
    db::run(&state.pool, move |conn| {
        meeting::contributions::add_feedback(
            conn,
            &user,
            id,
            &body.kind,
            &body.body,
            body.anonymous,
            now,
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({"assignment_id": id})))
}
