//! The managers' mail page: the outbox by state, the latest messages with their last
//! error, retrying a failed one, and sending a test email.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::auth::{CsrfOnly, Manager};
use crate::db;
use crate::error::AppError;
use crate::mail::Email;
use crate::models::OutboxMessage;
use crate::state::AppState;
use crate::views::{datetime, see_other, Page};

use crate::domain::paging::Pagination;
use crate::routes::forms::PageQuery;

const PER_PAGE: i64 = 50;

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

pub async fn show_outbox(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let requested = query.number();
    let (counts, messages, pagination) = db::run(&state.pool, move |conn| {
        let counts = OutboxMessage::counts(conn)?;
        let pagination = Pagination::new(requested, PER_PAGE, OutboxMessage::count(conn)?);
        Ok((
            counts,
            OutboxMessage::latest(conn, PER_PAGE, pagination.offset(PER_PAGE))?,
            pagination,
        ))
    })
    .await?;
    let mut all_counts = Vec::new();
    for name in ["queued", "sending", "sent", "failed"] {
        all_counts.push((
            name.to_string(),
            counts
                .iter()
                .find(|(s, _)| s == name)
                .map_or(0, |(_, n)| *n),
        ));
    }
    let rows = messages
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
    let transport = if state.smtp_configured {
        "SMTP (KPI_SMTP_URL)"
    } else {
        "files in the data folder's mail/ (KPI_SMTP_URL is not set)"
    };
    page.render(
        Some(&user),
        "admin/mail.html",
        &OutboxView {
            counts: all_counts,
            rows,
            pagination,
            transport,
            sender: state.mail_health.as_ref().map(|h| {
                let h = h.read();
                SenderView {
                    running: h.running,
                    last_pass: h.last_pass_at.map(datetime),
                    last_error: h.last_error,
                    last_error_at: h.last_error_at.map(datetime),
                    restarts: h.restarts,
                }
            }),
        },
    )
}

pub async fn retry_message(
    state: web::Data<AppState>,
    Manager(_): Manager,
    id: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.now());
    let changed = db::run(&state.pool, move |conn| {
        Ok(OutboxMessage::retry(conn, id, now)?)
    })
    .await?;
    if changed == 0 {
        return Err(AppError::conflict(
            None,
            "only a failed message can be retried",
        ));
    }
    Ok(see_other(
        &state,
        "/admin/mail",
        Some("The message is queued again."),
    ))
}

#[derive(Serialize)]
pub struct TestMail {
    sender: String,
}

pub async fn send_test_email(
    state: web::Data<AppState>,
    Manager(user): Manager,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let st = state.clone();
    let me = user.member.clone();
    db::run(&state.pool, move |conn| {
        let key = format!("test:{}:{}", me.id, now.and_utc().timestamp_micros());
        st.postbox().queue(
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
            },
            now,
        )
    })
    .await?;
    Ok(see_other(
        &state,
        "/admin/mail",
        Some(&format!("A test email to {} is queued.", user.member.email)),
    ))
}
