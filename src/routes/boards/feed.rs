//! Atom feeds of the boards, for feed readers and chat integrations. The boards are not
//! public, so each member's feed URL carries their own token (an HMAC, revocable).

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::db;
use crate::domain::card::Kind;
use crate::error::AppError;
use crate::models::Member;
use crate::services::cards;
use crate::state::AppState;
use crate::views::boards as views;

/// The feed URLs of a member, for the account page.
pub fn feed_urls(state: &AppState, member: &Member) -> (String, String) {
    let token = state.links.feed_token(member.id, member.feed_nonce);
    let url = |kind: &str| {
        format!(
            "{}/boards/{kind}.atom?member={}&token={token}",
            state.base_url, member.id
        )
    };
    (url("success"), url("fail"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    member: String,
    token: String,
}

pub async fn success_feed(
    state: web::Data<AppState>,
    query: web::Query<FeedQuery>,
) -> Result<HttpResponse, AppError> {
    feed(state, query.into_inner(), Kind::Success).await
}

pub async fn fail_feed(
    state: web::Data<AppState>,
    query: web::Query<FeedQuery>,
) -> Result<HttpResponse, AppError> {
    feed(state, query.into_inner(), Kind::Fail).await
}

/// An Atom feed of one board. The boards are not public, so the URL carries a per-member
/// token; anonymous cards appear without a name.
async fn feed(
    state: web::Data<AppState>,
    query: FeedQuery,
    kind: Kind,
) -> Result<HttpResponse, AppError> {
    let denied = || {
        AppError::NotFound(
            "this feed link is not valid; copy a new one from your account page".into(),
        )
    };
    let member_id = query.member.trim().parse::<i32>().map_err(|_| denied())?;
    let st = state.clone();
    let shown = db::read(&state.pool, move |conn| {
        cards::feed(conn, &st.links, member_id, &query.token, kind)
    })?
    .ok_or_else(denied)?;
    let out = views::atom_feed(&shown, kind, &state.base_url, (state.now(), state.language));
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(out))
}
