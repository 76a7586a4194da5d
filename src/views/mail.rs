//! The managers' mail page: the outbox by state, the latest messages with their last
//! error, and the sender's health. Pure: built from `services::outbox::page`.

use serde::Serialize;

use crate::domain::paging::Pagination;
use crate::mail::sender::HealthRecord;
use crate::services::outbox::OutboxPage;
use crate::views::datetime;

#[derive(Serialize)]
pub struct Row {
    id: i32,
    kind: String,
    recipient: String,
    subject: String,
    state: String,
    attempts: i32,
    last_error: Option<String>,
    created: String,
    sent: Option<String>,
    has_invite: bool,
}

#[derive(Serialize)]
pub struct OutboxView {
    counts: Vec<(String, i64)>,
    rows: Vec<Row>,
    pagination: Pagination,
    transport: &'static str,
    sender: Option<SenderView>,
}

/// The sender's health as the page shows it.
#[derive(Serialize)]
pub struct SenderView {
    running: bool,
    last_pass: Option<String>,
    last_error: Option<String>,
    last_error_at: Option<String>,
    restarts: u32,
}

/// `transport` says where mail goes; `health` is the sender's (none in tests that do
/// not run it).
pub fn outbox_view(
    page: OutboxPage,
    transport: &'static str,
    health: Option<HealthRecord>,
) -> OutboxView {
    let rows = page
        .messages
        .into_iter()
        .map(|m| Row {
            id: m.id,
            kind: m.kind,
            recipient: m.recipient,
            subject: m.subject,
            state: m.state,
            attempts: m.attempts,
            last_error: m.last_error,
            created: datetime(m.created_at),
            sent: m.sent_at.map(datetime),
            has_invite: m.ics.is_some(),
        })
        .collect();
    OutboxView {
        counts: page.counts,
        rows,
        pagination: page.pagination,
        transport,
        sender: health.map(|h| SenderView {
            running: h.running,
            last_pass: h.last_pass_at.map(datetime),
            last_error: h.last_error,
            last_error_at: h.last_error_at.map(datetime),
            restarts: h.restarts,
        }),
    }
}
