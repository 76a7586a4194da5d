//! What a hostile or careless input could once do (the security trial's findings), each
//! checked against the real server.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_mailing_to, spawn_app_with, PASSWORD};
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
    let app = spawn_app_mailing_to(url).await;
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
    let refused = [
        ("/metrics", json!({"name": "CPA\u{1b}[31m"}), "name"),
        (
            "/metrics",
            json!({"name": "CPA", "definition": "x\u{0}"}),
            "definition",
        ),
        (
            "/members",
            json!({"name": "Ann", "email": "a@example.com", "department": "S\u{9b}"}),
            "department",
        ),
        (
            "/cards",
            json!({"kind": "success", "title": "Won\u{1}"}),
            "title",
        ),
        (
            "/cards",
            json!({"kind": "success", "title": "Won", "body": "bell\u{7}"}),
            "body",
        ),
        (
            "/reviews",
            json!({"month": "2027-01", "starts_at": "2027-01-05T09:00:00+00:00", "location": "Room\n3"}),
            "location",
        ),
    ];
    for (path, input, field) in refused {
        let (status, body) = api.post(path, input.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{input}: {body}");
        assert_eq!(body["error"]["field"], field, "{input}");
    }
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
    assert!(page.contains("Title cannot contain a tab"), "{page}");
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

/// Sign in through the form from `address` (any of 127.0.0.0/8), with a fresh cookie
/// jar; the answer's status.
async fn try_login(
    app: &crate::helpers::TestApp,
    address: &str,
    email: &str,
    pw: &str,
) -> StatusCode {
    let client = reqwest::Client::builder()
        .local_address(address.parse::<std::net::IpAddr>().unwrap())
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = client
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::helpers::csrf_in(&form).unwrap();
    client
        .post(format!("{}/login", app.address))
        .form(&[("email", email), ("password", pw), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn the_lockout_cannot_be_turned_against_the_account_owner() {
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    app.add_member("Sam", "sam@example.com", "SEO", "member");

    // Forty parallel wrong guesses for Mona from one address: exactly five are checked.
    let guesses =
        (0..40).map(|_| try_login(&app, "127.0.0.2", "mona@example.com", "wrong guess here"));
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let slowed = answers
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((checked, slowed), (5, 35), "{answers:?}");

    // Account × address: the guesser's address waits for Mona, nobody else does.
    assert_eq!(
        try_login(&app, "127.0.0.2", "mona@example.com", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "the guessing address waits, even with the right password"
    );
    assert_eq!(
        try_login(&app, "127.0.0.3", "mona@example.com", PASSWORD).await,
        StatusCode::SEE_OTHER,
        "Mona signs in from her own address"
    );
    assert_eq!(
        try_login(&app, "127.0.0.2", "sam@example.com", PASSWORD).await,
        StatusCode::SEE_OTHER,
        "a colleague behind the guesser's address signs in"
    );

    // After the delay the guessing address may try again (and is slowed more each time).
    app.clock.set(app.now() + chrono::Duration::seconds(31));
    assert_eq!(
        try_login(&app, "127.0.0.2", "mona@example.com", "wrong guess here").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        try_login(&app, "127.0.0.2", "mona@example.com", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.clock.set(app.now() + chrono::Duration::seconds(61));
    assert_eq!(
        try_login(&app, "127.0.0.2", "mona@example.com", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn one_address_guessing_many_accounts_reaches_a_ceiling() {
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    for i in 0..kpi_rotation::domain::throttle::ADDRESS_CEILING {
        let email = format!("nobody{i}@example.com");
        assert_eq!(
            try_login(&app, "127.0.0.4", &email, "wrong guess here").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        try_login(&app, "127.0.0.4", "mona@example.com", PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        try_login(&app, "127.0.0.5", "mona@example.com", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn the_current_password_check_is_throttled_too() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    for _ in 0..5 {
        let res = browser
            .post_form(
                "/account/password",
                &[
                    ("current_password", "not it at all"),
                    ("password", "a brand new password"),
                    ("password_confirmation", "a brand new password"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = browser
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "a brand new password"),
                ("password_confirmation", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn exported_csv_cells_cannot_become_formulas_and_import_back_unchanged() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(mona.id));
    let (status, metric) = api
        .post(
            "/metrics",
            json!({"name": "=HYPERLINK(\"http://evil.example\",\"CPA\")"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{metric}");
    let id = metric["id"].as_i64().unwrap();
    let (status, _) = api
        .put(
            &format!("/metrics/{id}/values/2026-11"),
            json!({"value": -12.5, "note": "@SUM(A1:A9)"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    for path in ["/api/v1/values.csv", "/metrics/export.csv"] {
        let csv = manager.get(path).await.text().await.unwrap();
        let row = csv.lines().nth(1).unwrap();
        assert!(
            row.starts_with("\"'=HYPERLINK(") && row.ends_with(",'@SUM(A1:A9)"),
            "{path}: {row}"
        );
        assert!(row.contains(",-12.5,"), "numbers stay numbers: {row}");
    }
}

#[tokio::test]
async fn back_links_cannot_lead_to_another_site() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    for evil in [
        "//evil.example/x",
        "/\\evil.example/x",
        "https://evil.example/",
        "/\\/evil.example",
    ] {
        let res = browser
            .post_form(
                "/cards",
                &[("kind", "success"), ("title", "Won"), ("back", evil)],
            )
            .await;
        let to = crate::helpers::location(&res);
        assert!(to.starts_with("/cards/"), "{evil:?} led to {to}");
    }
}

#[tokio::test]
async fn a_deactivated_presenter_loses_every_way_in_and_their_slot_is_flagged() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(mona.id));
    let ana = app.add_member("Ana", "ana@example.com", "Paid", "member");
    let sam = app.add_member("Sam", "sam@example.com", "SEO", "member");
    api.post("/metrics", json!({"name": "CPA", "owner_id": ana.id}))
        .await;
    api.post(
        "/reviews",
        json!({"month": "2027-01", "starts_at": "2027-01-05T09:00:00+00:00"}),
    )
    .await;
    api.post("/reviews/2027-01/draw", json!({"seed": 1})).await;
    api.post("/reviews/2027-01/publish", json!({})).await;
    let (_, list) = api.get("/reviews/2027-01/assignments").await;
    let slot = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["presenter_id"] == sam.id)
        .expect("Sam presents CPA (Ana owns it)")
        .clone();
    let id = slot["id"].as_i64().unwrap();
    let secret = app.links.token(i32::try_from(id).unwrap(), sam.id);
    let link = format!("/assignments/{id}/presentation?token={secret}");
    let sam_token = app.token_for(sam.id);
    let stranger = app.browser();
    assert_eq!(stranger.get(&link).await.status(), StatusCode::OK);

    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    let res = manager
        .post_form(&format!("/members/{}/deactivate", sam.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // The emailed link, the API token and the presentation form are refused.
    let res = stranger.get(&link).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(crate::helpers::text(res).await.contains("deactivated"));
    let res = stranger
        .post_form(
            &format!("/assignments/{id}/presentation"),
            &[
                ("token", &secret),
                ("answer_insight", "still here"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.api(&sam_token).get("/members").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The assignment says what is wrong.
    let (_, list) = api.get("/reviews/2027-01/assignments").await;
    let flagged = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap();
    assert_eq!(
        flagged["warning"],
        "Sam has been deactivated; choose another presenter for this metric"
    );

    // Re-activating starts clean: the warning goes, the old token stays revoked.
    let (status, _) = api
        .patch(&format!("/members/{}", sam.id), json!({"active": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.api(&sam_token).get("/members").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "old tokens do not come back"
    );
    let (_, list) = api.get("/reviews/2027-01/assignments").await;
    let cleared = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap();
    assert!(cleared["warning"].is_null(), "{cleared}");
}

#[tokio::test]
async fn the_csrf_token_is_bound_to_the_session_and_rotated_at_sign_in() {
    async fn post_card(browser: &crate::helpers::Browser, token: String) -> StatusCode {
        browser
            .post_raw(
                "/cards",
                &[
                    ("kind", "success"),
                    ("title", "Won"),
                    ("csrf_token", &token),
                ],
            )
            .await
            .status()
    }
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    let before = browser.csrf().await;
    browser.login("mona@example.com", PASSWORD).await;
    // The token from before signing in no longer works.
    assert_eq!(
        post_card(&browser, before.clone()).await,
        StatusCode::FORBIDDEN
    );
    let after = browser.csrf().await;
    assert_ne!(before, after);
    assert_eq!(
        post_card(&browser, after.clone()).await,
        StatusCode::SEE_OTHER
    );
    // Another session of the same person has a token of its own.
    let other = app.browser();
    other.login("mona@example.com", PASSWORD).await;
    assert_eq!(post_card(&other, after).await, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn private_pages_are_not_stored_and_https_sites_send_hsts() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let res = browser.get("/account").await;
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers().get("strict-transport-security").is_none());
    let secure = spawn_app_with(|s| s.base_url = Some("https://kpi.example.com".into())).await;
    let res = reqwest::get(format!("{}/login", secure.address))
        .await
        .unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    // Its cookies carry the __Host- prefix (Secure, the whole site, no Domain).
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    let csrf = cookies
        .iter()
        .find(|c| c.starts_with("__Host-kpi_csrf="))
        .unwrap_or_else(|| panic!("{cookies:?}"));
    assert!(csrf.contains("Secure") && csrf.contains("Path=/") && !csrf.contains("Domain"));
    secure.add_manager("Mona", "mona@example.com");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = res.text().await.unwrap();
    let token = crate::helpers::csrf_in(&page).unwrap();
    let jar_cookie = csrf.split(';').next().unwrap().to_string();
    let res = client
        .post(format!("{}/login", secure.address))
        .header("cookie", jar_cookie)
        .form(&[
            ("email", "mona@example.com"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap_or("").starts_with("__Host-kpi_session=")));
}

#[tokio::test]
async fn json_with_trailing_data_and_bad_csv_bodies_get_json_errors() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let token = app.token_for(mona.id);
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{}/api/v1/metrics", app.address))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(r#"{"name":"CPA"}{"name":"CAC"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = res.json().await.unwrap();
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("something after its end"));
    for (bytes, expected) in [
        (vec![0xff, 0xfe, b'x'], "not UTF-8"),
        (vec![b'a'; 3 * 1024 * 1024], "larger than 2 MB"),
    ] {
        let res = client
            .post(format!("{}/api/v1/values/import", app.address))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let body: serde_json::Value = res.json().await.expect("a JSON error");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(expected),
            "{body}"
        );
    }
}

#[tokio::test]
async fn nobody_gives_kudos_to_their_own_card() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let sam = app.add_member("Sam", "sam@example.com", "SEO", "member");
    let api = app.api(&app.token_for(mona.id));
    let (_, card) = api
        .post(
            "/cards",
            json!({"kind": "success", "title": "Newsletter revived"}),
        )
        .await;
    let id = card["id"].as_i64().unwrap();
    let (status, body) = api.post(&format!("/cards/{id}/kudos"), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("this one is yours"));
    let (status, _) = app
        .api(&app.token_for(sam.id))
        .post(&format!("/cards/{id}/kudos"), json!({}))
        .await;
    assert!(status.is_success(), "{status}");
}

#[tokio::test]
async fn a_card_with_control_characters_from_an_older_release_cannot_break_the_feed() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(mona.id));
    let (_, card) = api
        .post(
            "/cards",
            json!({"kind": "success", "title": "Newsletter", "body": "fine"}),
        )
        .await;
    diesel::sql_query("UPDATE cards SET title = ?, body = ? WHERE id = ?")
        .bind::<diesel::sql_types::Text, _>("News\u{1}letter \u{1b}[31m & <b>")
        .bind::<diesel::sql_types::Text, _>("bell\u{7} and \u{0}nul")
        .bind::<diesel::sql_types::Integer, _>(i32::try_from(card["id"].as_i64().unwrap()).unwrap())
        .execute(&mut app.conn())
        .unwrap();
    let member = kpi_rotation::models::Member::find(&mut app.conn(), mona.id).unwrap();
    let token = app.links.feed_token(member.id, member.feed_nonce);
    let res = reqwest::get(format!(
        "{}/boards/success.atom?member={}&token={token}",
        app.address, member.id
    ))
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let xml = res.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let title = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .nth(1)
        .and_then(|n| n.text())
        .unwrap();
    assert_eq!(title, "Newsletter [31m & <b>");
}

#[tokio::test]
async fn boards_link_their_feed_the_site_has_an_icon_and_only_managers_see_dashboard_advice() {
    let app = spawn_app().await;
    let logins = app.fill_demo();
    let (manager_email, manager_pw) = &logins[0];
    let manager = app.browser();
    manager.login(manager_email, manager_pw).await;
    let board = manager.get_html("/boards/fail").await;
    assert!(
        board.contains("rel=\"alternate\" type=\"application/atom+xml\"")
            && board.contains("fail.atom?member=")
            && board.contains("Follow this board in a feed reader"),
        "{board}"
    );
    let icon = reqwest::get(format!("{}/favicon.ico", app.address))
        .await
        .unwrap();
    assert_eq!(icon.status(), StatusCode::OK);
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    assert!(board.contains("rel=\"icon\""));

    // Make the dashboard overloaded: every metric on it.
    diesel::sql_query("UPDATE metrics SET on_dashboard = 1")
        .execute(&mut app.conn())
        .unwrap();
    let advice = "consider taking some off";
    assert!(manager.get_html("/").await.contains(advice));
    let (member_email, member_pw) = &logins[1];
    let member = app.browser();
    member.login(member_email, member_pw).await;
    assert!(!member.get_html("/").await.contains(advice));
}

#[tokio::test]
async fn a_password_change_can_revoke_the_api_tokens_too() {
    let app = spawn_app().await;
    let (browser, mona) = app.manager_browser().await;
    let kept = app.token_for(mona.id);
    let page = browser.get_html("/account").await;
    assert!(page.contains("Also revoke my API tokens (1)"), "{page}");
    let res = browser
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "a brand new password"),
                ("password_confirmation", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, _) = app.api(&kept).get("/members").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "without the box, tokens keep working"
    );
    let res = browser
        .post_form(
            "/account/password",
            &[
                ("current_password", "a brand new password"),
                ("password", "another new password"),
                ("password_confirmation", "another new password"),
                ("revoke_tokens", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, _) = app.api(&kept).get("/members").await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "with it, they are revoked"
    );
}
