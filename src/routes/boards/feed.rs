//! Atom feeds of the boards, for feed readers and chat integrations. The boards are not
//! public, so each member's feed URL carries their own token (an HMAC, revocable).

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::card_views;
use crate::db;
use crate::domain::card::Kind;
use crate::error::AppError;
use crate::models::{Card, CardFilter, Member};
use crate::state::AppState;

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

/// Escaped for XML 1.0, which cannot carry most control characters at all (not even as
/// character references): those are dropped, so one card can never break the feed.
fn xml(s: &str) -> String {
    crate::domain::validation::scrub(s, crate::domain::validation::Lines::Many)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
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
    let (entries, updated) = db::run(&state.pool, move |conn| {
        let member = Member::find(conn, member_id).map_err(|_| denied())?;
        if !member.active
            || !st
                .links
                .verify_feed(member.id, member.feed_nonce, &query.token)
        {
            return Err(denied());
        }
        let filter = CardFilter {
            kind: Some(kind.as_str().into()),
            ..Default::default()
        };
        let list = Card::list(conn, &filter, 50, 0)?;
        let updated = list.iter().map(|c| c.updated_at).max();
        // Nobody is signed in: anonymous cards show no name, whoever holds the link.
        Ok((
            card_views(conn, &list, None)?
                .into_iter()
                .zip(list)
                .collect::<Vec<_>>(),
            updated,
        ))
    })
    .await?;
    let base = &state.base_url;
    let stamp = |t: chrono::NaiveDateTime| t.and_utc().to_rfc3339();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let title = match kind {
        Kind::Success => "Success board",
        Kind::Fail => "Fail board",
    };
    out.push_str(&format!("  <title>{} · kpi-rotation</title>\n  <id>{}/boards/{}</id>\n  <link rel=\"alternate\" href=\"{}/boards/{}\"/>\n  <updated>{}</updated>\n", title, xml(base), kind.as_str(), xml(base), kind.as_str(), stamp(updated.unwrap_or_else(|| state.now()))));
    for (view, card) in entries {
        let content = format!(
            "{}{}{}",
            view.body_html,
            view.outcome_html,
            if view.lesson_html.is_empty() {
                String::new()
            } else {
                format!(
                    "<p><strong>What we learned</strong></p>{}",
                    view.lesson_html
                )
            }
        );
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}/cards/{}</id>\n    <link rel=\"alternate\" href=\"{}/cards/{}\"/>\n    <updated>{}</updated>\n    <published>{}</published>\n    <author><name>{}</name></author>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            xml(&card.title),
            xml(base),
            card.id,
            xml(base),
            card.id,
            stamp(card.updated_at),
            stamp(card.created_at),
            xml(&view.author),
            xml(&content)
        ));
    }
    out.push_str("</feed>\n");
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(out))
}
