//! The success and fail boards: board and card pages and kudos. The Atom feeds live in
//! `feed`, the JSON API in `api`.

pub mod card;
pub mod feed;

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::domain::card::{fts_query, Kind};
use crate::domain::month::YearMonth;
use crate::error::AppError;
use crate::models::CardFilter;
use crate::routes::memo::read_page;
use crate::services::cards;
use crate::state::AppState;
use crate::views::boards as views;
use crate::views::Page;

pub const PER_PAGE: i64 = 20;

#[derive(Deserialize, Default, Clone, Serialize)]
#[serde(default)]
pub struct BoardQuery {
    month: Option<String>,
    metric_id: Option<String>,
    author_id: Option<String>,
    department: Option<String>,
    q: Option<String>,
    kind: Option<String>,
    page: Option<String>,
}

impl BoardQuery {
    pub(super) fn filter(&self, viewer: &CurrentUser) -> Result<CardFilter, AppError> {
        let blank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let number = |field: &str, v: &Option<String>| -> Result<Option<i32>, AppError> {
            blank(v)
                .map(|s| {
                    s.parse::<i32>().map_err(|_| {
                        AppError::validation(field, format!("{field} {s:?} is not a number"))
                    })
                })
                .transpose()
        };
        let month = blank(&self.month)
            .map(|m| {
                YearMonth::parse(&m)
                    .map(|m| m.to_string())
                    .map_err(|e| AppError::validation("month", e.to_string()))
            })
            .transpose()?;
        let kind = blank(&self.kind)
            .map(|k| Kind::parse(&k).map(|k| k.as_str().to_string()))
            .transpose()?;
        Ok(CardFilter {
            kind,
            month,
            metric_id: number("metric_id", &self.metric_id)?,
            author_id: number("author_id", &self.author_id)?,
            department: blank(&self.department),
            fts: blank(&self.q).and_then(|q| fts_query(&q)),
            see_anonymous_authors: viewer.is_manager(),
        })
    }

    pub(super) fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse().ok())
            .filter(|p: &i64| *p >= 1)
            .unwrap_or(1)
    }

    /// The query string without the page, for pagination links.
    fn without_page(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("month", &self.month),
            ("metric_id", &self.metric_id),
            ("author_id", &self.author_id),
            ("department", &self.department),
            ("q", &self.q),
            ("kind", &self.kind),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
                parts.push(format!("{k}={}", crate::error_pages::urlencode(v)));
            }
        }
        parts.join("&")
    }
}

async fn board(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    kind: Option<Kind>,
    query: BoardQuery,
) -> Result<HttpResponse, AppError> {
    let mut filter = query.filter(user)?;
    if let Some(k) = kind {
        filter.kind = Some(k.as_str().to_string());
    }
    let (requested, now) = (query.page(), state.now());
    let key = format!("{kind:?} {requested} {}", query.without_page());
    let feed_url = kind.map(|k| {
        let (success, fail) = feed::feed_urls(state, &user.member);
        match k {
            Kind::Success => success,
            Kind::Fail => fail,
        }
    });
    let filters = views::Filters {
        query_string: query.without_page(),
        metric_id: query.metric_id.clone(),
        author_id: query.author_id.clone(),
        query,
    };
    let lang = page.lang(Some(user));
    read_page(state, page, Some(user), "boards/board.html", &key, |conn| {
        let data = cards::board(conn, user, &filter, requested, PER_PAGE, now)?;
        Ok(views::board_view(data, user, kind, filters, feed_url, lang))
    })
}

pub async fn show_board(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    kind: web::Path<String>,
    query: web::Query<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    let kind = Kind::parse(&kind).map_err(|_| {
        AppError::NotFound("there is no such board; try /boards/success or /boards/fail".into())
    })?;
    board(&state, &page, &user, Some(kind), query.into_inner()).await
}

pub async fn show_wall(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    board(&state, &page, &user, None, query.into_inner()).await
}
