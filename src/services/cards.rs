//! The success and fail boards. Anyone signed in posts a card; its author (and
//! managers) edit it; only managers delete. On the fail board an author may hide their
//! name from the team, unless the team has anonymity switched off; managers always see it.
//! Kudos: one per person per card, and it can be taken back.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::card::{CardDraft, CardFields, Kind};
use crate::domain::month::YearMonth;
use crate::domain::paging::Pagination;
use crate::error::AppError;
use crate::models::{Card, CardChanges, CardFilter, Member, Metric, NewCard, TeamSettings};
use crate::secrets::links::LinkKey;

fn check(
    conn: &mut SqliteConnection,
    draft: &CardDraft,
    author: i32,
    coauthors: &[i32],
) -> Result<Vec<i32>, AppError> {
    if let Some(metric) = draft.metric_id {
        if Metric::find(conn, metric).is_err() {
            return Err(AppError::validation(
                "metric_id",
                format!("Metric {metric} is not a metric of the team"),
            ));
        }
    }
    if draft.anonymous && !TeamSettings::get(conn)?.anonymous_feedback {
        return Err(AppError::validation(
            "anonymous",
            "Anonymous cards are switched off for this team",
        ));
    }
    let mut ids: Vec<i32> = coauthors
        .iter()
        .copied()
        .filter(|id| *id != author)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in &ids {
        if !Member::find(conn, *id).is_ok_and(|m| m.active) {
            return Err(AppError::validation(
                "coauthor_ids",
                format!("Co-author {id} is not an active member"),
            ));
        }
    }
    Ok(ids)
}

fn changes<'a>(d: &'a CardDraft, month: &'a Option<String>, now: NaiveDateTime) -> CardChanges<'a> {
    CardChanges {
        kind: d.kind.as_str(),
        title: &d.title,
        body: &d.body,
        outcome: &d.outcome,
        lesson: &d.lesson,
        metric_id: d.metric_id,
        month: month.as_deref(),
        anonymous: d.anonymous,
        updated_at: now,
    }
}

pub fn create(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    fields: &CardFields,
    coauthors: &[i32],
    now: NaiveDateTime,
) -> Result<Card, AppError> {
    let draft = CardDraft::parse(fields)?;
    conn.immediate_transaction(|conn| {
        let coauthors = check(conn, &draft, actor.id(), coauthors)?;
        let month = draft.month.map(|m| m.to_string());
        let card = Card::insert(
            conn,
            &NewCard {
                fields: changes(&draft, &month, now),
                author_id: actor.id(),
                created_at: now,
            },
        )?;
        Card::set_coauthors(conn, card.id, &coauthors)?;
        Ok(card)
    })
}

/// May `actor` edit `card`? Its author and managers.
pub fn may_edit(actor: &CurrentUser, card: &Card) -> bool {
    actor.is_manager() || card.author_id == actor.id()
}

pub fn update(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
    fields: &CardFields,
    coauthors: &[i32],
    now: NaiveDateTime,
) -> Result<Card, AppError> {
    let draft = CardDraft::parse(fields)?;
    conn.immediate_transaction(|conn| {
        let card = Card::find(conn, id).map_err(|_| AppError::not_found("card"))?;
        if !may_edit(actor, &card) {
            return Err(AppError::Forbidden(
                "only the card's author or a manager can edit it".into(),
            ));
        }
        let coauthors = check(conn, &draft, card.author_id, coauthors)?;
        let month = draft.month.map(|m| m.to_string());
        let card = Card::update(conn, id, &changes(&draft, &month, now))?;
        Card::set_coauthors(conn, id, &coauthors)?;
        Ok(card)
    })
}

pub fn delete(conn: &mut SqliteConnection, actor: &CurrentUser, id: i32) -> Result<Card, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let card = Card::find(conn, id).map_err(|_| AppError::not_found("card"))?;
        Card::delete(conn, id)?;
        Ok(card)
    })
}

pub fn give_kudos(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let card = Card::find(conn, id).map_err(|_| AppError::not_found("card"))?;
        let coauthor = Card::coauthors(conn, &[id])?
            .iter()
            .any(|(_, member)| *member == actor.id());
        if card.author_id == actor.id() || coauthor {
            return Err(AppError::conflict(
                None,
                "Kudos are for other people's cards; this one is yours",
            ));
        }
        if !Card::add_kudos(conn, id, actor.id(), now)? {
            return Err(AppError::conflict(
                None,
                "you have already given this card kudos",
            ));
        }
        Ok(())
    })
}

pub fn take_back_kudos(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        Card::find(conn, id).map_err(|_| AppError::not_found("card"))?;
        if !Card::remove_kudos(conn, id, actor.id())? {
            return Err(AppError::conflict(
                None,
                "you have not given this card kudos",
            ));
        }
        Ok(())
    })
}

/// The author as `viewer` may see them: hidden on anonymous cards, except for managers
/// and the author themself.
pub fn visible_author(card: &Card, viewer: Option<&CurrentUser>) -> Option<i32> {
    let sees =
        !card.anonymous || viewer.is_some_and(|v| v.is_manager() || v.id() == card.author_id);
    sees.then_some(card.author_id)
}

/// Cards with what showing them needs, loaded with one query each: kudos (and which the
/// viewer gave), co-authors, and the names of members and metrics.
pub struct Shown {
    pub cards: Vec<Card>,
    pub kudos: HashMap<i32, i64>,
    pub given: Vec<i32>,
    /// `(card id, member id)`.
    pub coauthors: Vec<(i32, i32)>,
    pub names: HashMap<i32, String>,
    pub metrics: HashMap<i32, String>,
}

pub fn shown(
    conn: &mut SqliteConnection,
    cards: Vec<Card>,
    viewer: Option<&CurrentUser>,
) -> Result<Shown, AppError> {
    let ids: Vec<i32> = cards.iter().map(|c| c.id).collect();
    let coauthors = Card::coauthors(conn, &ids)?;
    // Only the names these cards show: a large organisation has thousands.
    let people: Vec<i32> = cards
        .iter()
        .map(|c| c.author_id)
        .chain(coauthors.iter().map(|(_, m)| *m))
        .collect();
    let metric_ids: Vec<i32> = cards.iter().filter_map(|c| c.metric_id).collect();
    Ok(Shown {
        kudos: Card::kudos_counts(conn, &ids)?,
        given: match viewer {
            Some(v) => Card::kudos_given(conn, &ids, v.id())?,
            None => Vec::new(),
        },
        names: Member::names_of(conn, &people)?,
        metrics: Metric::names_of(conn, &metric_ids)?,
        coauthors,
        cards,
    })
}

/// A card, or a 404.
pub fn find(conn: &mut SqliteConnection, id: i32) -> Result<Card, AppError> {
    Card::find(conn, id).map_err(|_| AppError::not_found("card"))
}

/// One card as its page shows it.
pub fn one(conn: &mut SqliteConnection, id: i32, viewer: &CurrentUser) -> Result<Shown, AppError> {
    let card = find(conn, id)?;
    shown(conn, vec![card], Some(viewer))
}

/// A page of the cards `filter` finds, newest first.
pub fn list(
    conn: &mut SqliteConnection,
    filter: &CardFilter,
    page: i64,
    per_page: i64,
) -> Result<Vec<Card>, AppError> {
    Ok(Card::list(conn, filter, per_page, (page - 1) * per_page)?)
}

/// A board's page: a page of cards, the month's most celebrated (of the board's kind),
/// and the filters' choices.
pub struct Board {
    pub page: Shown,
    pub celebrated: Shown,
    pub pagination: Pagination,
    pub metric_names: Vec<(i32, String)>,
    pub author_names: Vec<(i32, String)>,
    pub departments: Vec<String>,
}

pub fn board(
    conn: &mut SqliteConnection,
    viewer: &CurrentUser,
    filter: &CardFilter,
    requested: i64,
    per_page: i64,
    now: NaiveDateTime,
) -> Result<Board, AppError> {
    // A search's matches are counted up to a few pages ahead: counting all of them is
    // most of the cost of a common word's search on a large organisation.
    let pagination = if filter.fts.is_some() {
        let cap = Pagination::count_cap(requested, per_page);
        Pagination::capped(requested, per_page, Card::count_up_to(conn, filter, cap)?)
    } else {
        Pagination::new(requested, per_page, Card::count(conn, filter)?)
    };
    let list = Card::list(conn, filter, per_page, pagination.offset(per_page))?;
    let month_start = YearMonth::of_date(now.date())
        .first_day()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let top: Vec<Card> = Card::most_celebrated_since(conn, month_start, 3)?
        .into_iter()
        .filter_map(|(id, _)| Card::find(conn, id).ok())
        .filter(|c| filter.kind.as_deref().is_none_or(|k| k == c.kind))
        .collect();
    Ok(Board {
        page: shown(conn, list, Some(viewer))?,
        celebrated: shown(conn, top, Some(viewer))?,
        pagination,
        metric_names: Metric::all_names(conn)?,
        author_names: Member::active_names(conn)?,
        departments: Member::departments(conn)?,
    })
}

/// What the card form offers: the active metrics, the other active members as
/// co-authors, and whether the team allows anonymous cards.
pub struct FormChoices {
    pub metrics: Vec<(i32, String)>,
    pub members: Vec<(i32, String)>,
    pub anonymity: bool,
}

pub fn form_choices(conn: &mut SqliteConnection, me: i32) -> Result<FormChoices, AppError> {
    Ok(FormChoices {
        metrics: Metric::list_all(conn)?
            .into_iter()
            .filter(|m| m.active)
            .map(|m| (m.id, m.name))
            .collect(),
        members: Member::list_active(conn)?
            .into_iter()
            .filter(|m| m.id != me)
            .map(|m| (m.id, m.name))
            .collect(),
        anonymity: TeamSettings::get(conn)?.anonymous_feedback,
    })
}

/// A card the actor may edit (its author or a manager), with its co-authors.
pub fn editable(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
) -> Result<(Card, Vec<i32>), AppError> {
    let card = find(conn, id)?;
    if !may_edit(actor, &card) {
        return Err(AppError::Forbidden(
            "only the card's author or a manager can edit it".into(),
        ));
    }
    let coauthors = Card::coauthors(conn, &[id])?
        .into_iter()
        .map(|(_, m)| m)
        .collect();
    Ok((card, coauthors))
}

/// How many kudos card `id` has now.
pub fn kudos_of(conn: &mut SqliteConnection, id: i32) -> Result<i64, AppError> {
    Ok(Card::kudos_counts(conn, &[id])?
        .get(&id)
        .copied()
        .unwrap_or(0))
}

/// The newest cards of a board for the Atom feed of `member_id`, whose link carries
/// `token`; `None` when the link is not valid (unknown or inactive member, wrong or
/// revoked token). Nobody is signed in: anonymous cards show no name.
pub fn feed(
    conn: &mut SqliteConnection,
    links: &LinkKey,
    member_id: i32,
    token: &str,
    kind: Kind,
) -> Result<Option<Shown>, AppError> {
    let Ok(member) = Member::find(conn, member_id) else {
        return Ok(None);
    };
    if !member.active || !links.verify_feed(member.id, member.feed_nonce, token) {
        return Ok(None);
    }
    let filter = CardFilter {
        kind: Some(kind.as_str().into()),
        ..Default::default()
    };
    let list = Card::list(conn, &filter, 50, 0)?;
    Ok(Some(shown(conn, list, None)?))
}
