//! The success and fail boards. Anyone signed in posts a card; its author (and
//! managers) edit it; only managers delete. On the fail board an author may hide their
//! name from the team, unless the team has anonymity switched off; managers always see it.
//! Kudos: one per person per card, and it can be taken back.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::card::{CardDraft, CardFields};
use crate::error::AppError;
use crate::models::{Card, CardChanges, Member, Metric, NewCard, TeamSettings};

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
