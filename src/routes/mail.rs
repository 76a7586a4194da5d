//! The managers' mail page: the outbox by state, the latest messages with their last
//! error, retrying a failed one, and sending a test email.

use actix_web::{web, HttpResponse};

use crate::auth::{CsrfOnly, Manager};
use crate::db;
use crate::error::AppError;
use crate::routes::forms::PageQuery;
use crate::services::outbox;
use crate::state::AppState;
use crate::views::mail::outbox_view;
use crate::views::{see_other, Page};

const PER_PAGE: i64 = 50;

pub async fn show_outbox(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let requested = query.number();
    let data = db::read(&state.pool, move |conn| {
        outbox::page(conn, requested, PER_PAGE)
    })?;
    let transport = if state.smtp_configured {
        "SMTP (KPI_SMTP_URL)"
    } else {
        "files in the data folder's mail/ (KPI_SMTP_URL is not set)"
    };
    let health = state.mail_health.as_ref().map(|h| h.read());
    page.render(
        Some(&user),
        "admin/mail.html",
        &outbox_view(data, transport, health),
    )
}

pub async fn retry_message(
    state: web::Data<AppState>,
    Manager(_): Manager,
    id: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.now());
    db::run(&state.pool, move |conn| outbox::retry(conn, id, now)).await?;
    Ok(see_other(
        &state,
        "/admin/mail",
        Some("The message is queued again."),
    ))
}

pub async fn send_test_email(
    state: web::Data<AppState>,
    Manager(user): Manager,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let (now, st, me) = (state.now(), state.clone(), user.member.clone());
    db::run(&state.pool, move |conn| {
        outbox::send_test(conn, &st.postbox(), &me, now)
    })
    .await?;
    Ok(see_other(
        &state,
        "/admin/mail",
        Some(&format!("A test email to {} is queued.", user.member.email)),
    ))
}
