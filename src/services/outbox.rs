//! The outbox as managers see it: how many messages are in each state, a page of the
//! latest, retrying a failed one, and a test email.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;
use serde::Serialize;

use crate::domain::paging::Pagination;
use crate::error::AppError;
use crate::mail::{Email, Postbox};
use crate::models::{Member, OutboxMessage};

/// The states a message goes through, in order.
pub const STATES: [&str; 4] = ["queued", "sending", "sent", "failed"];

pub struct OutboxPage {
    /// Each of `STATES` with its count (zero included).
    pub counts: Vec<(String, i64)>,
    pub messages: Vec<OutboxMessage>,
    pub pagination: Pagination,
}

pub fn page(
    conn: &mut SqliteConnection,
    requested: i64,
    per_page: i64,
) -> Result<OutboxPage, AppError> {
    let stored = OutboxMessage::counts(conn)?;
    let counts = STATES
        .iter()
        .map(|name| {
            let n = stored
                .iter()
                .find(|(s, _)| s == name)
                .map_or(0, |(_, n)| *n);
            (name.to_string(), n)
        })
        .collect();
    let pagination = Pagination::new(requested, per_page, OutboxMessage::count(conn)?);
    Ok(OutboxPage {
        counts,
        messages: OutboxMessage::latest(conn, per_page, pagination.offset(per_page))?,
        pagination,
    })
}

/// Queue a failed message again; anything else is refused.
pub fn retry(conn: &mut SqliteConnection, id: i32, now: NaiveDateTime) -> Result<(), AppError> {
    if OutboxMessage::retry(conn, id, now)? == 0 {
        return Err(AppError::conflict(
            None,
            "only a failed message can be retried",
        ));
    }
    Ok(())
}

#[derive(Serialize)]
struct TestMail {
    sender: String,
}

/// A test email to `me`, through the same outbox as every other message.
pub fn send_test(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    me: &Member,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let key = format!("test:{}:{}", me.id, now.and_utc().timestamp_micros());
    postbox
        .queue(
            conn,
            Email {
                kind: "test",
                key,
                to_email: &me.email,
                to_name: &me.name,
                context: &TestMail {
                    sender: me.name.clone(),
                },
                ics: None,
                lang: postbox.language_for(me),
            },
            now,
        )
        .map(|_| ())
}
