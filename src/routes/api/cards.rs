//! The cards API: `/api/v1/cards` with filters, one card, kudos.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::db;
use crate::domain::card::CardFields;
use crate::error::AppError;
use crate::routes::api::JsonBody;
use crate::routes::boards::BoardQuery;
use crate::services::cards::{self, Shown};
use crate::state::AppState;

#[derive(Serialize)]
pub struct CardJson {
    id: i32,
    kind: String,
    title: String,
    body: String,
    outcome: String,
    lesson: String,
    metric_id: Option<i32>,
    month: Option<String>,
    author_id: Option<i32>,
    anonymous: bool,
    coauthor_ids: Vec<i32>,
    kudos: i64,
    created_at: String,
    updated_at: String,
}

/// The cards of `shown` as the API answers them (the author only where `viewer` may
/// see who wrote it).
fn cards_json(shown: Shown, viewer: &CurrentUser) -> Vec<CardJson> {
    let Shown {
        cards: list,
        kudos,
        coauthors,
        ..
    } = shown;
    list.into_iter()
        .map(|c| CardJson {
            author_id: cards::visible_author(&c, Some(viewer)),
            kudos: kudos.get(&c.id).copied().unwrap_or(0),
            coauthor_ids: coauthors
                .iter()
                .filter(|(card, _)| *card == c.id)
                .map(|(_, m)| *m)
                .collect(),
            created_at: c.created_at.and_utc().to_rfc3339(),
            updated_at: c.updated_at.and_utc().to_rfc3339(),
            id: c.id,
            kind: c.kind,
            title: c.title,
            body: c.body,
            outcome: c.outcome,
            lesson: c.lesson,
            metric_id: c.metric_id,
            month: c.month,
            anonymous: c.anonymous,
        })
        .collect()
}

/// One card as the API answers it.
fn card_json(shown: Shown, viewer: &CurrentUser) -> Result<CardJson, AppError> {
    cards_json(shown, viewer)
        .pop()
        .ok_or_else(|| AppError::not_found("card"))
}

pub async fn list_cards_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = query.filter(&user)?;
    let page = query.page();
    let viewer = user.clone();
    let shown = db::read(&state.pool, move |conn| {
        let list = cards::list(conn, &filter, page, 100)?;
        cards::shown(conn, list, Some(&viewer))
    })?;
    Ok(HttpResponse::Ok().json(cards_json(shown, &user)))
}

pub async fn get_card_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let viewer = user.clone();
    let shown = db::read(&state.pool, move |conn| cards::one(conn, id, &viewer))?;
    Ok(HttpResponse::Ok().json(card_json(shown, &user)?))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct CardBody {
    kind: Option<String>,
    title: Option<String>,
    body: Option<String>,
    outcome: Option<String>,
    lesson: Option<String>,
    #[serde(deserialize_with = "crate::routes::api::double_option")]
    metric_id: Option<Option<i32>>,
    #[serde(deserialize_with = "crate::routes::api::double_option")]
    month: Option<Option<String>>,
    anonymous: Option<bool>,
    coauthor_ids: Option<Vec<i32>>,
}

impl CardBody {
    fn over(self, mut f: CardFields) -> (CardFields, Option<Vec<i32>>) {
        if let Some(v) = self.kind {
            f.kind = v
        }
        if let Some(v) = self.title {
            f.title = v
        }
        if let Some(v) = self.body {
            f.body = v
        }
        if let Some(v) = self.outcome {
            f.outcome = v
        }
        if let Some(v) = self.lesson {
            f.lesson = v
        }
        if let Some(v) = self.metric_id {
            f.metric_id = v.map(|m| m.to_string()).unwrap_or_default()
        }
        if let Some(v) = self.month {
            f.month = v.unwrap_or_default()
        }
        if let Some(v) = self.anonymous {
            f.anonymous = v.to_string()
        }
        (f, self.coauthor_ids)
    }
}

pub async fn create_card_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: CardBody = json.parse()?;
    let (fields, coauthors) = body.over(CardFields::default());
    let now = state.now();
    let viewer = user.clone();
    let shown = db::run(&state.pool, move |conn| {
        let card = cards::create(conn, &viewer, &fields, &coauthors.unwrap_or_default(), now)?;
        cards::shown(conn, vec![card], Some(&viewer))
    })
    .await?;
    let card = card_json(shown, &user)?;
    Ok(crate::routes::api::created(
        format!("/api/v1/cards/{}", card.id),
        &card,
    ))
}

pub async fn update_card_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: CardBody = json.parse()?;
    let (id, now) = (id.into_inner(), state.now());
    let viewer = user.clone();
    let shown = db::run(&state.pool, move |conn| {
        let (card, coauthors) = cards::editable(conn, &viewer, id)?;
        let (fields, named) = body.over(card.to_fields());
        let coauthors = named.unwrap_or(coauthors);
        let card = cards::update(conn, &viewer, id, &fields, &coauthors, now)?;
        cards::shown(conn, vec![card], Some(&viewer))
    })
    .await?;
    Ok(HttpResponse::Ok().json(card_json(shown, &user)?))
}

pub async fn delete_card_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    db::run(&state.pool, move |conn| cards::delete(conn, &user, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn give_kudos_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.now());
    let kudos = db::run(&state.pool, move |conn| {
        cards::give_kudos(conn, &user, id, now)?;
        cards::kudos_of(conn, id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "id": id, "kudos": kudos })))
}

pub async fn take_back_kudos_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let kudos = db::run(&state.pool, move |conn| {
        cards::take_back_kudos(conn, &user, id)?;
        cards::kudos_of(conn, id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "id": id, "kudos": kudos })))
}
