use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::schema::outbox;

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = outbox, check_for_backend(Sqlite))]
pub struct OutboxMessage {
    pub id: i32,
    pub idempotency_key: String,
    pub kind: String,
    pub recipient: String,
    pub recipient_name: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub ics: Option<String>,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = outbox)]
pub struct NewOutboxMessage<'a> {
    pub idempotency_key: &'a str,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub recipient_name: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub body_html: &'a str,
    pub ics: Option<&'a str>,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl OutboxMessage {
    /// Queue a message; a second message with the same idempotency key is ignored.
    /// Returns whether it was queued.
    pub fn enqueue(conn: &mut SqliteConnection, new: &NewOutboxMessage) -> QueryResult<bool> {
        diesel::insert_or_ignore_into(outbox::table)
            .values(new)
            .execute(conn)
            .map(|n| n > 0)
    }

    /// Mark up to `limit` due messages as sending and return them. Runs in one
    /// immediate transaction, so two senders never claim the same message.
    pub fn claim_due(
        conn: &mut SqliteConnection,
        now: NaiveDateTime,
        limit: i64,
    ) -> QueryResult<Vec<OutboxMessage>> {
        conn.immediate_transaction(|conn| {
            let ids: Vec<i32> = outbox::table
                .filter(outbox::state.eq("queued"))
                .filter(outbox::next_attempt_at.le(now))
                .order(outbox::next_attempt_at.asc())
                .limit(limit)
                .select(outbox::id)
                .load(conn)?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
                .set((outbox::state.eq("sending"), outbox::updated_at.eq(now)))
                .returning(OutboxMessage::as_returning())
                .get_results(conn)
        })
    }

    /// Messages left in "sending" by a process that stopped mid-send go back to the queue.
    pub fn requeue_stale(
        conn: &mut SqliteConnection,
        older_than: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            outbox::table
                .filter(outbox::state.eq("sending"))
                .filter(outbox::updated_at.lt(older_than)),
        )
        .set(outbox::state.eq("queued"))
        .execute(conn)
    }

    pub fn mark_sent(
        conn: &mut SqliteConnection,
        id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(outbox::table.find(id))
            .set((
                outbox::state.eq("sent"),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::sent_at.eq(now),
                outbox::updated_at.eq(now),
                outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)
    }

    pub fn mark_retry(
        conn: &mut SqliteConnection,
        id: i32,
        error: &str,
        next: NaiveDateTime,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(outbox::table.find(id))
            .set((
                outbox::state.eq("queued"),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::next_attempt_at.eq(next),
                outbox::last_error.eq(error),
                outbox::updated_at.eq(now),
            ))
            .execute(conn)
    }

    pub fn mark_failed(
        conn: &mut SqliteConnection,
        id: i32,
        error: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(outbox::table.find(id))
            .set((
                outbox::state.eq("failed"),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::last_error.eq(error),
                outbox::updated_at.eq(now),
            ))
            .execute(conn)
    }

    /// Put a failed message back in the queue, due now.
    pub fn retry(conn: &mut SqliteConnection, id: i32, now: NaiveDateTime) -> QueryResult<usize> {
        diesel::update(outbox::table.find(id).filter(outbox::state.eq("failed")))
            .set((
                outbox::state.eq("queued"),
                outbox::next_attempt_at.eq(now),
                outbox::created_at.eq(now),
                outbox::updated_at.eq(now),
            ))
            .execute(conn)
    }

    pub fn counts(conn: &mut SqliteConnection) -> QueryResult<Vec<(String, i64)>> {
        outbox::table
            .group_by(outbox::state)
            .select((outbox::state, diesel::dsl::count_star()))
            .load(conn)
    }

    pub fn latest(
        conn: &mut SqliteConnection,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<OutboxMessage>> {
        outbox::table
            .order(outbox::id.desc())
            .limit(limit)
            .offset(offset)
            .select(OutboxMessage::as_select())
            .load(conn)
    }

    pub fn list_all(conn: &mut SqliteConnection) -> QueryResult<Vec<OutboxMessage>> {
        outbox::table
            .order(outbox::id.asc())
            .select(OutboxMessage::as_select())
            .load(conn)
    }

    pub fn count(conn: &mut SqliteConnection) -> QueryResult<i64> {
        outbox::table.count().get_result(conn)
    }
}
