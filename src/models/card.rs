use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel::sqlite::Sqlite;

use crate::schema::{card_coauthors, cards, kudos, members};

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = cards, check_for_backend(Sqlite))]
pub struct Card {
    pub id: i32,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub outcome: String,
    pub lesson: String,
    pub metric_id: Option<i32>,
    pub month: Option<String>,
    pub author_id: i32,
    pub anonymous: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The columns a person edits.
#[derive(AsChangeset, Insertable)]
#[diesel(table_name = cards, treat_none_as_null = true)]
pub struct CardChanges<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub outcome: &'a str,
    pub lesson: &'a str,
    pub metric_id: Option<i32>,
    pub month: Option<&'a str>,
    pub anonymous: bool,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = cards)]
pub struct NewCard<'a> {
    #[diesel(embed)]
    pub fields: CardChanges<'a>,
    pub author_id: i32,
    pub created_at: NaiveDateTime,
}

/// What to show of the boards.
#[derive(Clone, Debug, Default)]
pub struct CardFilter {
    pub kind: Option<String>,
    pub month: Option<String>,
    pub metric_id: Option<i32>,
    pub author_id: Option<i32>,
    pub department: Option<String>,
    /// An FTS5 query (already quoted, see `domain::card::fts_query`).
    pub fts: Option<String>,
    /// When filtering by author, may cards that hide their author match? (managers only)
    pub see_anonymous_authors: bool,
}

// The full-text index over the cards' words (an FTS5 table kept by triggers, see the
// boards migration); its rowid is the card's id. Joined from, so that SQLite walks the
// matches newest first and stops after a page.
diesel::table! {
    cards_fts (rowid) {
        rowid -> Integer,
    }
}
diesel::allow_tables_to_appear_in_same_query!(cards_fts, cards);
diesel::allow_tables_to_appear_in_same_query!(cards_fts, members);

/// `query` (over `cards`, or `cards_fts` joined to `cards`) narrowed by the filter's
/// columns; the words are matched by the caller.
macro_rules! narrowed {
    ($query:expr, $f:expr) => {{
        let f: &CardFilter = $f;
        let mut q = $query;
        if let Some(kind) = &f.kind {
            q = q.filter(cards::kind.eq(kind.clone()));
        }
        if let Some(month) = &f.month {
            q = q.filter(cards::month.eq(month.clone()));
        }
        if let Some(metric) = f.metric_id {
            q = q.filter(cards::metric_id.eq(metric));
        }
        if let Some(author) = f.author_id {
            q = q.filter(cards::author_id.eq(author));
            if !f.see_anonymous_authors {
                q = q.filter(cards::anonymous.eq(false));
            }
        }
        if let Some(department) = &f.department {
            let authors = members::table
                .filter(members::department.eq(department.clone()))
                .select(members::id);
            q = q.filter(cards::author_id.eq_any(authors));
            if !f.see_anonymous_authors {
                q = q.filter(cards::anonymous.eq(false));
            }
        }
        q
    }};
}

/// The cards matching a filter without words, boxed.
fn filtered(f: &CardFilter) -> cards::BoxedQuery<'static, Sqlite> {
    narrowed!(cards::table.into_boxed(), f)
}

/// The cards matching a search's words (an FTS5 query) and the filter, from the index.
fn searched(
    f: &CardFilter,
    words: &str,
) -> diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoinOn<
        cards_fts::table,
        cards::table,
        diesel::dsl::Eq<cards::id, cards_fts::rowid>,
    >,
    Sqlite,
> {
    let matching = sql::<Bool>("cards_fts MATCH ").bind::<Text, _>(words.to_string());
    narrowed!(
        cards_fts::table
            .inner_join(cards::table.on(cards::id.eq(cards_fts::rowid)))
            .into_boxed()
            .filter(matching),
        f
    )
}

impl Card {
    /// The card as its edit form (and a partial update) starts from.
    pub fn to_fields(&self) -> crate::domain::card::CardFields {
        crate::domain::card::CardFields {
            kind: self.kind.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            outcome: self.outcome.clone(),
            lesson: self.lesson.clone(),
            metric_id: self.metric_id.map(|m| m.to_string()).unwrap_or_default(),
            month: self.month.clone().unwrap_or_default(),
            anonymous: self.anonymous.to_string(),
        }
    }

    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<Card> {
        cards::table.find(id).select(Card::as_select()).first(conn)
    }

    /// Newest first: by the time written, or for a search by the order of posting (the
    /// index's order, so that a page of a search reads only that page's matches).
    pub fn list(
        conn: &mut SqliteConnection,
        filter: &CardFilter,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<Card>> {
        match &filter.fts {
            Some(words) => searched(filter, words)
                .order(cards_fts::rowid.desc())
                .limit(limit)
                .offset(offset)
                .select(Card::as_select())
                .load(conn),
            None => filtered(filter)
                .order((cards::created_at.desc(), cards::id.desc()))
                .limit(limit)
                .offset(offset)
                .select(Card::as_select())
                .load(conn),
        }
    }

    /// How many cards the filter finds, counting at most `cap`.
    pub fn count_up_to(
        conn: &mut SqliteConnection,
        filter: &CardFilter,
        cap: i64,
    ) -> QueryResult<i64> {
        let ids: Vec<i32> = match &filter.fts {
            Some(words) => searched(filter, words)
                .select(cards::id)
                .limit(cap)
                .load(conn)?,
            None => filtered(filter).select(cards::id).limit(cap).load(conn)?,
        };
        Ok(ids.len() as i64)
    }

    /// How many cards the filter finds.
    pub fn count(conn: &mut SqliteConnection, filter: &CardFilter) -> QueryResult<i64> {
        match &filter.fts {
            Some(words) => searched(filter, words).count().get_result(conn),
            None => filtered(filter).count().get_result(conn),
        }
    }

    pub fn insert(conn: &mut SqliteConnection, new: &NewCard) -> QueryResult<Card> {
        diesel::insert_into(cards::table)
            .values(new)
            .returning(Card::as_returning())
            .get_result(conn)
    }

    pub fn update(
        conn: &mut SqliteConnection,
        id: i32,
        changes: &CardChanges,
    ) -> QueryResult<Card> {
        diesel::update(cards::table.find(id))
            .set(changes)
            .returning(Card::as_returning())
            .get_result(conn)
    }

    pub fn delete(conn: &mut SqliteConnection, id: i32) -> QueryResult<usize> {
        diesel::delete(cards::table.find(id)).execute(conn)
    }

    pub fn created_between(
        conn: &mut SqliteConnection,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> QueryResult<Vec<Card>> {
        cards::table
            .filter(cards::created_at.gt(from))
            .filter(cards::created_at.le(to))
            .order(cards::created_at.asc())
            .select(Card::as_select())
            .load(conn)
    }

    pub fn kudos_counts(
        conn: &mut SqliteConnection,
        ids: &[i32],
    ) -> QueryResult<HashMap<i32, i64>> {
        let rows: Vec<(i32, i64)> = kudos::table
            .filter(kudos::card_id.eq_any(ids))
            .group_by(kudos::card_id)
            .select((kudos::card_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// Which of `ids` `member` has given kudos to.
    pub fn kudos_given(
        conn: &mut SqliteConnection,
        ids: &[i32],
        member: i32,
    ) -> QueryResult<Vec<i32>> {
        kudos::table
            .filter(kudos::card_id.eq_any(ids))
            .filter(kudos::member_id.eq(member))
            .select(kudos::card_id)
            .load(conn)
    }

    /// Add a kudos; returns false when this member had already given one.
    pub fn add_kudos(
        conn: &mut SqliteConnection,
        card: i32,
        member: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        diesel::insert_or_ignore_into(kudos::table)
            .values((
                kudos::card_id.eq(card),
                kudos::member_id.eq(member),
                kudos::created_at.eq(now),
            ))
            .execute(conn)
            .map(|n| n > 0)
    }

    pub fn remove_kudos(conn: &mut SqliteConnection, card: i32, member: i32) -> QueryResult<bool> {
        diesel::delete(
            kudos::table
                .filter(kudos::card_id.eq(card))
                .filter(kudos::member_id.eq(member)),
        )
        .execute(conn)
        .map(|n| n > 0)
    }

    /// The cards with the most kudos given since `since`, with that count.
    pub fn most_celebrated_since(
        conn: &mut SqliteConnection,
        since: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<(i32, i64)>> {
        kudos::table
            .filter(kudos::created_at.ge(since))
            .group_by(kudos::card_id)
            .select((kudos::card_id, diesel::dsl::count_star()))
            .order(diesel::dsl::count_star().desc())
            .limit(limit)
            .load(conn)
    }

    pub fn coauthors(conn: &mut SqliteConnection, ids: &[i32]) -> QueryResult<Vec<(i32, i32)>> {
        card_coauthors::table
            .filter(card_coauthors::card_id.eq_any(ids))
            .select((card_coauthors::card_id, card_coauthors::member_id))
            .load(conn)
    }

    pub fn set_coauthors(
        conn: &mut SqliteConnection,
        card: i32,
        member_ids: &[i32],
    ) -> QueryResult<()> {
        diesel::delete(card_coauthors::table.filter(card_coauthors::card_id.eq(card)))
            .execute(conn)?;
        let rows: Vec<_> = member_ids
            .iter()
            .map(|m| {
                (
                    card_coauthors::card_id.eq(card),
                    card_coauthors::member_id.eq(*m),
                )
            })
            .collect();
        diesel::insert_into(card_coauthors::table)
            .values(&rows)
            .execute(conn)?;
        Ok(())
    }
}
