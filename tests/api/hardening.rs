//! What a hostile or careless input could once do (the security trial's findings), each
//! checked against the real server.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, PASSWORD};
use crate::smtp::SmtpSink;
use kpi_rotation::models::OutboxMessage;

/// Queue a message as an older release could have stored it, bypassing today's checks.
fn queue_raw(conn: &mut diesel::SqliteConnection, key: &str, to: &str, name: &str, now: &str) {
    diesel::sql_query(
        "INSERT INTO outbox (idempotency_key, kind, recipient, recipient_name, subject, \
         body_text, body_html, next_attempt_at, created_at, updated_at) \
         VALUES (?, 'invitation', ?, ?, 'Welcome', 'Hello', '<p>Hello</p>', ?, ?, ?)",
    )
    .bind::<diesel::sql_types::Text, _>(key)
    .bind::<diesel::sql_types::Text, _>(to)
    .bind::<diesel::sql_types::Text, _>(name)
    .bind::<diesel::sql_types::Text, _>(now)
    .bind::<diesel::sql_types::Text, _>(now)
    .bind::<diesel::sql_types::Text, _>(now)
    .execute(conn)
    .unwrap();
}

#[tokio::test]
async fn a_name_with_a_line_break_is_refused_and_a_poisoned_queued_row_cannot_stop_the_mail() {
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = spawn_app_with(|s| {
        s.smtp_url = Some(url);
        s.run_mail_sender = true;
    })
    .await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(mona.id));

    // The API and the form refuse the name, naming the field.
    let (status, body) = api
        .post(
            "/members",
            json!({"name": "Ann\nBcc: victim@example.com", "email": "ann@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "name");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("one line"));
    let (status, body) = api
        .post(
            "/members",
            json!({"name": "Nul\u{0}Name", "email": "nul@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // Rows an older release queued: a line break and a NUL in names, an address that
    // cannot be used. None of them may stop the sender.
    let now = app.now().format("%Y-%m-%d %H:%M:%S").to_string();
    queue_raw(
        &mut app.conn(),
        "old-1",
        "ann@example.com",
        "Ann\r\nBcc: victim@example.com",
        &now,
    );
    queue_raw(
        &mut app.conn(),
        "old-2",
        "nul@example.com",
        "Nul\u{0}Name",
        &now,
    );
    queue_raw(&mut app.conn(), "old-3", "not an address", "X", &now);

    // A member added today is invited, and the invitation arrives.
    let (status, _) = api
        .post(
            "/members",
            json!({"name": "Cleo", "email": "cleo@example.com", "department": "Content"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    app.eventually("the invitation and both old rows arrive", |_| {
        let to: Vec<String> = sink.messages().iter().flat_map(|m| m.to.clone()).collect();
        ["cleo@example.com", "ann@example.com", "nul@example.com"]
            .iter()
            .all(|a| to.iter().any(|t| t == a))
    })
    .await;
    let received = sink.messages();
    assert!(
        received
            .iter()
            .all(|m| !m.to.iter().any(|t| t.contains("victim"))),
        "no header was injected"
    );
    app.eventually("the unusable address is failed with a reason", |app| {
        OutboxMessage::list_all(&mut app.conn())
            .unwrap()
            .iter()
            .any(|m| {
                m.recipient == "not an address"
                    && m.state == "failed"
                    && m.last_error
                        .as_deref()
                        .is_some_and(|e| e.contains("recipient address"))
            })
    })
    .await;

    // The mail page shows the sender running and the failed row's reason.
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    let page = manager.get_html("/admin/mail").await;
    assert!(
        page.contains("Sender: <span class=\"status sent\">running</span>"),
        "{page}"
    );
    assert!(page.contains("could not be built"), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn control_characters_are_refused_in_every_kind_of_text_with_the_field_named() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(mona.id));
    let (status, body) = api.post("/metrics", json!({"name": "CPA\u{1b}[31m"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "name");
    let (status, body) = api
        .post(
            "/cards",
            json!({"kind": "success", "title": "Won\u{1}", "body": "fine"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "title");
    let (status, body) = api
        .post(
            "/cards",
            json!({"kind": "success", "title": "Won", "body": "bell\u{7}"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "body");
    // Line breaks are fine where the field has several lines.
    let (status, body) = api
        .post(
            "/cards",
            json!({"kind": "success", "title": "Won", "body": "line one\r\nline two\tand a tab"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["body"], "line one\nline two\tand a tab");
    // A form says the same beside the field.
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    let res = manager
        .post_form("/cards", &[("kind", "success"), ("title", "Tab\there")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = crate::helpers::text(res).await;
    assert!(page.contains("title cannot contain a tab"), "{page}");
}

#[tokio::test]
async fn the_input_policy_migration_cleans_rows_an_older_release_stored() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let mut conn = app.conn();
    diesel::sql_query("UPDATE members SET name = ?, department = ? WHERE id = ?")
        .bind::<diesel::sql_types::Text, _>("Mona\r\nBcc: x\u{0}\u{1b}")
        .bind::<diesel::sql_types::Text, _>("Paid\u{85}Search")
        .bind::<diesel::sql_types::Integer, _>(mona.id)
        .execute(&mut conn)
        .unwrap();
    let now = app.now().format("%Y-%m-%d %H:%M:%S").to_string();
    queue_raw(&mut conn, "old", "a@example.com", "A\nB", &now);
    conn.batch_execute(include_str!(
        "../../migrations/2026-12-02-000008_input_policy/up.sql"
    ))
    .unwrap();
    let member = kpi_rotation::models::Member::find(&mut conn, mona.id).unwrap();
    assert_eq!(member.name, "Mona  Bcc: x");
    assert_eq!(member.department, "Paid Search");
    let queued = OutboxMessage::list_all(&mut conn).unwrap();
    assert!(queued.iter().any(|m| m.recipient_name == "A B"));
}
