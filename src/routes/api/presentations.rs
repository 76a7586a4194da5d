//! `GET/PUT /api/v1/assignments/{id}/presentation` and its `submit`: a presentation
//! for its presenter (and, reading, for the owner, the manager and the team).

use std::collections::BTreeMap;

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::JsonBody;
use crate::auth::CurrentUser;
use crate::db;
use crate::error::AppError;
use crate::services::presentations::{self, Loaded, Viewer};
use crate::state::AppState;

#[derive(Serialize)]
pub struct PromptJson {
    key: String,
    question: String,
    help: String,
    required: bool,
}

#[derive(Serialize)]
pub struct PresentationJson {
    assignment_id: i32,
    value: Option<f64>,
    answers: BTreeMap<String, String>,
    prompts: Vec<PromptJson>,
    status: &'static str,
    late: bool,
    submitted_at: Option<String>,
    deadline: String,
    template_version: i32,
    owner_brief: String,
    fact_checked_at: Option<String>,
    correction: String,
}

fn presentation_json(loaded: &Loaded, now: chrono::NaiveDateTime) -> PresentationJson {
    let status = loaded.status(now);
    PresentationJson {
        assignment_id: loaded.assignment.id,
        value: loaded.presentation.as_ref().and_then(|p| p.value),
        answers: loaded.answers(),
        prompts: loaded
            .prompts
            .iter()
            .map(|p| PromptJson {
                key: p.key.clone(),
                question: p.question.clone(),
                help: p.help.clone(),
                required: p.required,
            })
            .collect(),
        status: match (status, &loaded.presentation) {
            ("late", Some(_)) => "draft",
            ("late", None) => "not_started",
            (s, _) => s,
        },
        late: status == "late",
        submitted_at: loaded
            .presentation
            .as_ref()
            .and_then(|p| p.submitted_at)
            .map(|t| t.and_utc().to_rfc3339()),
        deadline: loaded.deadline().and_utc().to_rfc3339(),
        template_version: loaded.template.version,
        owner_brief: loaded.assignment.owner_brief.clone(),
        fact_checked_at: loaded
            .presentation
            .as_ref()
            .and_then(|p| p.fact_checked_at)
            .map(|t| t.and_utc().to_rfc3339()),
        correction: loaded
            .presentation
            .as_ref()
            .map(|p| p.correction.clone())
            .unwrap_or_default(),
    }
}

pub async fn get_presentation_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (st, now) = (state.clone(), state.now());
    let json = db::read(&state.pool, move |conn| {
        presentations::load(conn, &st.links, &Viewer::Member(user), id)
            .map(|l| presentation_json(&l, now))
    })?;
    Ok(HttpResponse::Ok().json(json))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct PresentationBody {
    #[serde(deserialize_with = "super::double_option")]
    value: Option<Option<f64>>,
    answers: Option<BTreeMap<String, String>>,
}

async fn write_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: i32,
    body: PresentationBody,
    submit: bool,
) -> Result<HttpResponse, AppError> {
    let (st, now) = (state.clone(), state.now());
    let json = db::run(&state.pool, move |conn| {
        let viewer = Viewer::Member(user);
        // A field left out keeps what is saved; read it only then.
        let (value, answers) = match (body.value, body.answers) {
            (Some(value), Some(answers)) => (value, answers),
            (value, answers) => {
                let current = presentations::load(conn, &st.links, &viewer, id)?;
                (
                    value.unwrap_or_else(|| current.presentation.as_ref().and_then(|p| p.value)),
                    answers.unwrap_or_else(|| current.answers()),
                )
            }
        };
        let saved = presentations::save(
            conn,
            &st.postbox(),
            &viewer,
            id,
            &presentations::Work {
                value,
                answers: &answers,
                submit,
            },
            now,
        )?;
        Ok(presentation_json(&saved, now))
    })
    .await?;
    Ok(HttpResponse::Ok().json(json))
}

pub async fn put_presentation_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: PresentationBody = json.parse()?;
    write_json(state, user, id.into_inner(), body, false).await
}

pub async fn submit_presentation_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: PresentationBody = json.parse()?;
    write_json(state, user, id.into_inner(), body, true).await
}
