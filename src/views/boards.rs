//! The boards as pages show them: each card (Markdown rendered, the author as the viewer
//! may see them), a board's page with its filters and the month's most celebrated, the
//! card form, and the Atom feed. Pure: built from what `services::cards` loads.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::auth::CurrentUser;
use crate::domain::card::{CardFields, Kind};
use crate::domain::month::YearMonth;
use crate::domain::paging::Pagination;
use crate::i18n::{self, Lang};
use crate::services::cards::{self, Board, FormChoices, Shown};
use crate::views::markdown::render;
use crate::views::options::options_html;

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
    /// The month it was shared in, which the board by month groups by.
    #[serde(skip)]
    pub created_month: YearMonth,
    pub can_edit: bool,
}

/// The cards of `shown` as `viewer` may see them (`None`: nobody signed in, as in feeds).
pub fn card_views(shown: &Shown, viewer: Option<&CurrentUser>, lang: Lang) -> Vec<CardView> {
    let Shown {
        cards: list,
        kudos,
        given,
        coauthors,
        names,
        metrics,
    } = shown;
    list.iter()
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
                .map(|m| i18n::format::month(lang, m)),
            author: match cards::visible_author(c, viewer) {
                Some(id) if c.anonymous => i18n::t_args(
                    lang,
                    "card-author-hidden",
                    &[("name", names.get(&id).cloned().unwrap_or_default().into())],
                ),
                Some(id) => names.get(&id).cloned().unwrap_or_default(),
                None => i18n::t(lang, "card-someone"),
            },
            coauthors: coauthors
                .iter()
                .filter(|(card, _)| *card == c.id)
                .filter_map(|(_, m)| names.get(m).cloned())
                .collect(),
            anonymous: c.anonymous,
            kudos: kudos.get(&c.id).copied().unwrap_or(0),
            kudos_given: given.contains(&c.id),
            created: i18n::format::utc_when(lang, c.created_at),
            created_month: YearMonth::of_date(c.created_at.date()),
            can_edit: viewer.is_some_and(|v| cards::may_edit(v, c)),
        })
        .collect()
}

/// The one card of `shown`, if it is there.
pub fn card_view(shown: &Shown, viewer: &CurrentUser, lang: Lang) -> Option<CardView> {
    card_views(shown, Some(viewer), lang).pop()
}

#[derive(Serialize)]
pub struct Choice {
    value: String,
    label: String,
}

fn choices(list: Vec<(i32, String)>) -> Vec<Choice> {
    list.into_iter()
        .map(|(id, label)| Choice {
            value: id.to_string(),
            label,
        })
        .collect()
}

/// The board's filters as the page was asked for them, kept in the form and the links.
#[derive(Serialize)]
pub struct Filters<Q: Serialize> {
    pub query: Q,
    /// The query string without the page, for pagination links.
    pub query_string: String,
    pub metric_id: Option<String>,
    pub author_id: Option<String>,
}

#[derive(Serialize)]
pub struct BoardView<Q: Serialize> {
    kind: Option<&'static str>,
    title: String,
    intro: String,
    cards: Vec<CardView>,
    celebrated: Vec<CardView>,
    pagination: Pagination,
    query: Q,
    query_string: String,
    /// `<option>`s of the metric and author filters (thousands in a large organisation).
    metric_options: String,
    author_options: String,
    departments: Vec<String>,
    groups: Vec<(String, Vec<CardView>)>,
    /// This person's Atom feed of the board (none for the by-month page).
    feed_url: Option<String>,
}

/// A board (`kind`), or every card by month (`None`).
pub fn board_view<Q: Serialize>(
    board: Board,
    viewer: &CurrentUser,
    kind: Option<Kind>,
    filters: Filters<Q>,
    feed_url: Option<String>,
    lang: Lang,
) -> BoardView<Q> {
    let cards = card_views(&board.page, Some(viewer), lang);
    let celebrated = card_views(&board.celebrated, Some(viewer), lang);
    let name = kind.map_or("all", Kind::as_str);
    let title = i18n::t(lang, &format!("board-{name}-title"));
    let intro = i18n::t(lang, &format!("board-{name}-intro"));
    let groups = if kind.is_none() {
        by_month(&cards, lang)
    } else {
        Vec::new()
    };
    BoardView {
        kind: kind.map(Kind::as_str),
        title,
        intro,
        metric_options: options_html(&board.metric_names, filters.metric_id.as_deref()),
        author_options: options_html(&board.author_names, filters.author_id.as_deref()),
        cards,
        celebrated,
        pagination: board.pagination,
        query_string: filters.query_string,
        query: filters.query,
        departments: board.departments,
        groups,
        feed_url,
    }
}

/// Cards grouped by the month they were shared in ("Dec 2026"), newest first.
fn by_month(cards: &[CardView], lang: Lang) -> Vec<(String, Vec<CardView>)> {
    let mut groups: Vec<(String, Vec<CardView>)> = Vec::new();
    for c in cards {
        let label = i18n::format::short_month(lang, c.created_month);
        match groups.last_mut() {
            Some((l, list)) if *l == label => list.push(c.clone()),
            _ => groups.push((label, vec![c.clone()])),
        }
    }
    groups
}

#[derive(Serialize)]
pub struct FormView<'a> {
    card_id: Option<i32>,
    form: &'a CardFields,
    coauthor_ids: Vec<i32>,
    back: String,
    metrics: Vec<Choice>,
    members: Vec<Choice>,
    anonymity: bool,
    errors: BTreeMap<String, String>,
}

/// What the card form shows: which card (none when new), its fields, co-authors, and
/// where to go back to.
pub struct FormState<'a> {
    pub card_id: Option<i32>,
    pub form: &'a CardFields,
    pub coauthor_ids: Vec<i32>,
    pub back: String,
}

pub fn form_view<'a>(
    f: FormState<'a>,
    choices_: FormChoices,
    errors: BTreeMap<String, String>,
) -> FormView<'a> {
    FormView {
        card_id: f.card_id,
        form: f.form,
        coauthor_ids: f.coauthor_ids,
        back: f.back,
        metrics: choices(choices_.metrics),
        members: choices(choices_.members),
        anonymity: choices_.anonymity,
        errors,
    }
}

#[derive(Serialize)]
pub struct ShowView {
    pub card: CardView,
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

/// The Atom feed of one board; `now` stands in for the update time of an empty board.
pub fn atom_feed(
    shown: &Shown,
    kind: Kind,
    base: &str,
    (now, lang): (chrono::NaiveDateTime, Lang),
) -> String {
    let views = card_views(shown, None, lang);
    let updated = shown.cards.iter().map(|c| c.updated_at).max();
    let stamp = |t: chrono::NaiveDateTime| t.and_utc().to_rfc3339();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let title = i18n::t(lang, &format!("board-{}-title", kind.as_str()));
    out.push_str(&format!("  <title>{} · kpi-rotation</title>\n  <id>{}/boards/{}</id>\n  <link rel=\"alternate\" href=\"{}/boards/{}\"/>\n  <updated>{}</updated>\n", title, xml(base), kind.as_str(), xml(base), kind.as_str(), stamp(updated.unwrap_or(now))));
    for (view, card) in views.iter().zip(&shown.cards) {
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
    out
}
