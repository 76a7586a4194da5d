//! The success and fail boards: board and card pages and kudos. The Atom feeds live in
//! `feed`, the JSON API in `api`.

pub mod card;
pub mod feed;

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::db;
use crate::domain::card::{fts_query, Kind};
use crate::domain::month::YearMonth;
use crate::error::AppError;
use crate::models::{Card, CardFilter, Member, Metric};
use crate::services::cards;
use crate::state::AppState;
use crate::views::markdown::render;
use crate::views::options::options_html;
use crate::views::{datetime, Page};

use crate::domain::paging::Pagination;

pub const PER_PAGE: i64 = 20;

/// A card as pages show it.
#[derive(Serialize, Clone)]
pub struct CardView {
    pub id: i32,
    pub kind: String,
    pub title: String,
    /// Sanitised HTML rendered from Markdown.
    pub body_html: String,
    pub outcome_html: String,
    pub lesson_html: String,
    pub metric_id: Option<i32>,
    pub metric: Option<String>,
    pub month: Option<String>,
    pub author: String,
    pub coauthors: Vec<String>,
    pub anonymous: bool,
    pub kudos: i64,
    pub kudos_given: bool,
    pub created: String,
    pub can_edit: bool,
}

/// Build the views of `list` for `viewer` (one query each for kudos, names, co-authors).
pub fn card_views(
    conn: &mut diesel::SqliteConnection,
    list: &[Card],
    viewer: Option<&CurrentUser>,
) -> Result<Vec<CardView>, AppError> {
    let ids: Vec<i32> = list.iter().map(|c| c.id).collect();
    let kudos = Card::kudos_counts(conn, &ids)?;
    let given = match viewer {
        Some(v) => Card::kudos_given(conn, &ids, v.id())?,
        None => Vec::new(),
    };
    let names = Member::names(conn)?;
    let metrics = Metric::names(conn)?;
    let coauthors = Card::coauthors(conn, &ids)?;
    Ok(list
        .iter()
        .map(|c| CardView {
            id: c.id,
            kind: c.kind.clone(),
            title: c.title.clone(),
            body_html: render(&c.body),
            outcome_html: render(&c.outcome),
            lesson_html: render(&c.lesson),
            metric_id: c.metric_id,
            metric: c.metric_id.and_then(|m| metrics.get(&m).cloned()),
            month: c
                .month
                .as_deref()
                .and_then(|m| YearMonth::parse(m).ok())
                .map(|m| m.long_label()),
            author: match cards::visible_author(c, viewer) {
                Some(id) => format!(
                    "{}{}",
                    names.get(&id).cloned().unwrap_or_default(),
                    if c.anonymous {
                        " (hidden from the team)"
                    } else {
                        ""
                    }
                ),
                None => "someone on the team".into(),
            },
            coauthors: coauthors
                .iter()
                .filter(|(card, _)| *card == c.id)
                .filter_map(|(_, m)| names.get(m).cloned())
                .collect(),
            anonymous: c.anonymous,
            kudos: kudos.get(&c.id).copied().unwrap_or(0),
            kudos_given: given.contains(&c.id),
            created: datetime(c.created_at),
            can_edit: viewer.is_some_and(|v| cards::may_edit(v, c)),
        })
        .collect())
}

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

#[derive(Serialize)]
pub struct Choice {
    value: String,
    label: String,
}

#[derive(Serialize)]
pub struct BoardView {
    kind: Option<&'static str>,
    title: &'static str,
    intro: &'static str,
    cards: Vec<CardView>,
    celebrated: Vec<CardView>,
    pagination: Pagination,
    query: BoardQuery,
    query_string: String,
    /// `<option>`s of the metric and author filters (thousands in a large organisation).
    metric_options: String,
    author_options: String,
    departments: Vec<String>,
    groups: Vec<(String, Vec<CardView>)>,
    /// This person's Atom feed of the board (none for the by-month page).
    feed_url: Option<String>,
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
    let (viewer, requested, now) = (user.clone(), query.page(), state.now());
    let (cards_list, celebrated, pagination, metrics, authors, departments) =
        db::run(&state.pool, move |conn| {
            let pagination = Pagination::new(requested, PER_PAGE, Card::count(conn, &filter)?);
            let list = Card::list(conn, &filter, PER_PAGE, pagination.offset(PER_PAGE))?;
            let views = card_views(conn, &list, Some(&viewer))?;
            let month_start = YearMonth::of_date(now.date())
                .first_day()
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default();
            let top: Vec<Card> = Card::most_celebrated_since(conn, month_start, 3)?
                .into_iter()
                .filter_map(|(id, _)| Card::find(conn, id).ok())
                .filter(|c| filter.kind.as_deref().is_none_or(|k| k == c.kind))
                .collect();
            let celebrated = card_views(conn, &top, Some(&viewer))?;
            let metrics = Metric::all_names(conn)?;
            let authors = Member::active_names(conn)?;
            Ok((
                views,
                celebrated,
                pagination,
                metrics,
                authors,
                Member::departments(conn)?,
            ))
        })
        .await?;
    let (title, intro) = match kind {
        Some(Kind::Success) => ("Success board", "What worked, with the numbers: celebrate it, and tell the team how."),
        Some(Kind::Fail) => ("Fail board", "Experiments that did not work, and what they taught us. Trying the unexpected is how we learn; nobody is blamed here."),
        None => ("All cards by month", "Successes and instructive failures, month by month."),
    };
    let groups = if kind.is_none() {
        let mut groups: Vec<(String, Vec<CardView>)> = Vec::new();
        for c in &cards_list {
            let label = c
                .created
                .split(' ')
                .skip(1)
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
                .trim_end_matches(',')
                .to_string();
            match groups.last_mut() {
                Some((l, list)) if *l == label => list.push(c.clone()),
                _ => groups.push((label, vec![c.clone()])),
            }
        }
        groups
    } else {
        Vec::new()
    };
    let metric_options = options_html(&metrics, query.metric_id.as_deref());
    let author_options = options_html(&authors, query.author_id.as_deref());
    let view = BoardView {
        kind: kind.map(Kind::as_str),
        title,
        intro,
        cards: cards_list,
        celebrated,
        pagination,
        query_string: query.without_page(),
        query,
        metric_options,
        author_options,
        departments,
        groups,
        feed_url: kind.map(|k| {
            let (success, fail) = feed::feed_urls(state, &user.member);
            match k {
                Kind::Success => success,
                Kind::Fail => fail,
            }
        }),
    };
    page.render(Some(user), "boards/board.html", &view)
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
