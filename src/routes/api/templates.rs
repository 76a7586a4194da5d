//! `GET/PUT /api/v1/template`: the presentation template.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::JsonBody;
use crate::auth::{CurrentUser, Manager};
use crate::db;
use crate::domain::template::{parse_prompts, Prompt};
use crate::error::AppError;
use crate::services::templates;
use crate::state::AppState;

#[derive(Serialize, Deserialize)]
pub struct TemplateJson {
    #[serde(default)]
    version: i32,
    introduction: String,
    prompts: Vec<Prompt>,
}

pub async fn get_template(
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let current = db::read(&state.pool, crate::services::templates::current)?;
    let prompts = parse_prompts(&current.prompts)?;
    Ok(HttpResponse::Ok().json(TemplateJson {
        version: current.version,
        introduction: current.introduction,
        prompts,
    }))
}

pub async fn put_template(
    state: web::Data<AppState>,
    Manager(user): Manager,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: TemplateJson = json.parse()?;
    let now = state.now();
    let saved = db::run(&state.pool, move |conn| {
        templates::save(conn, &user, &body.introduction, &body.prompts, now)
    })
    .await?;
    let prompts = parse_prompts(&saved.prompts)?;
    Ok(HttpResponse::Ok().json(TemplateJson {
        version: saved.version,
        introduction: saved.introduction,
        prompts,
    }))
}
