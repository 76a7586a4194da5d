//! The cards API: `/api/v1/cards` with filters, one card, kudos.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::db;
use crate::domain::card::CardFields;
use crate::error::AppError;
use crate::models::Card;
use crate::routes::api::JsonBody;
use crate::routes::boards::BoardQuery;
use crate::services::cards;
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

fn cards_json(
    conn: &mut diesel::SqliteConnection,
    list: Vec<Card>,
    viewer: &CurrentUser,
) -> Result<Vec<CardJson>, AppError> {
    let ids: Vec<i32> = list.iter().map(|c| c.id).collect();
    let kudos = Card::kudos_counts(conn, &ids)?;
    let coauthors = Card::coauthors(conn, &ids)?;
    Ok(list
        .into_iter()
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
        .collect())
}

pub async fn list_cards_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = query.filter(&user)?;
    let page = query.page();
    let list = db::run(&state.pool, move |conn| {
        let list = Card::list(conn, &filter, 100, (page - 1) * 100)?;
        cards_json(conn, list, &user)
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

pub async fn get_card_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let mut list = db::run(&state.pool, move |conn| {
        let card = Card::find(conn, id).map_err(|_| AppError::not_found("card"))?;
        cards_json(conn, vec![card], &user)
    })
    .await?;
    Ok(HttpResponse::Ok().json(list.pop()))
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
    let mut list = db::run(&state.pool, move |conn| {
        let card = cards::create(conn, &user, &fields, &coauthors.unwrap_or_default(), now)?;
        cards_json(conn, vec![card], &user)
    })
    .await?;
    let card = list.pop().ok_or_else(|| AppError::internal("no card"))?;
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
    let mut list = db::run(&state.pool, move |conn| {
        let card = Card::find(conn, id).map_err(|_| AppError::not_found("card"))?;
        if !cards::may_edit(&user, &card) {
            return Err(AppError::Forbidden(
                "only the card's author or a manager can edit it".into(),
            ));
        }
        let existing = CardFields {
            kind: card.kind.clone(),
            title: card.title.clone(),
            body: card.body.clone(),
            outcome: card.outcome.clone(),
            lesson: card.lesson.clone(),
            metric_id: card.metric_id.map(|m| m.to_string()).unwrap_or_default(),
            month: card.month.clone().unwrap_or_default(),
            anonymous: card.anonymous.to_string(),
        };
        let (fields, coauthors) = body.over(existing);
        let coauthors = match coauthors {
            Some(c) => c,
            None => Card::coauthors(conn, &[id])?
                .into_iter()
                .map(|(_, m)| m)
                .collect(),
        };
        let card = cards::update(conn, &user, id, &fields, &coauthors, now)?;
        cards_json(conn, vec![card], &user)
    })
    .await?;
    Ok(HttpResponse::Ok().json(list.pop()))
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

/// How many kudos card `id` has now.
fn kudos_of(conn: &mut diesel::SqliteConnection, id: i32) -> diesel::QueryResult<i64> {
    Ok(Card::kudos_counts(conn, &[id])?
        .get(&id)
        .copied()
        .unwrap_or(0))
}

pub async fn give_kudos_json(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.now());
    let kudos = db::run(&state.pool, move |conn| {
        cards::give_kudos(conn, &user, id, now)?;
        Ok(kudos_of(conn, id)?)
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
        Ok(kudos_of(conn, id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "id": id, "kudos": kudos })))
}
