use reqwest::StatusCode;

use crate::helpers::{location, spawn_app};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/healthz",
        "/login",
        "/setup",
        "/no-such-page",
        "/api/v1/members",
    ] {
        let res = reqwest::get(format!("{}{path}", app.address))
            .await
            .unwrap();
        let h = res.headers();
        let csp = h
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline")
                && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY", "{path}");
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert_eq!(h.get("referrer-policy").unwrap(), "same-origin", "{path}");
    }
}

#[tokio::test]
async fn a_form_without_or_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let fields = [
        ("name", "Ana"),
        ("email", "ana@example.com"),
        ("role", "member"),
    ];
    let res = browser.post_raw("/members", &fields).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("CSRF"));
    let mut wrong = fields.to_vec();
    wrong.push(("csrf_token", "0123456789abcdef"));
    assert_eq!(
        browser.post_raw("/members", &wrong).await.status(),
        StatusCode::FORBIDDEN
    );
    // The login form is protected too.
    let anonymous = app.browser();
    assert_eq!(
        anonymous
            .post_raw(
                "/login",
                &[("email", "mona@example.com"), ("password", "x")]
            )
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(
        kpi_rotation::models::Member::find_by_email(&mut app.conn(), "ana@example.com")
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn api_writes_with_the_session_cookie_need_the_csrf_header() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let body = serde_json::json!({"name": "Ana", "email": "ana@example.com"});
    let res = browser
        .client
        .post(browser.url("/api/v1/members"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let token = browser.csrf().await;
    let res = browser
        .client
        .post(browser.url("/api/v1/members"))
        .header("X-CSRF-Token", token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    // Reads need no header.
    assert_eq!(
        browser
            .client
            .get(browser.url("/api/v1/members"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

/// Every manager-only route, as (method, path, form or JSON body).
const MANAGER_PAGES: &[(&str, &str)] = &[
    ("GET", "/members/new"),
    ("POST", "/members"),
    ("GET", "/members/1/edit"),
    ("POST", "/members/1"),
    ("POST", "/members/1/deactivate"),
    ("POST", "/members/1/activate"),
    ("POST", "/members/1/password-link"),
    ("GET", "/members/1/sso/unlink"),
    ("POST", "/members/1/sso/unlink"),
    ("GET", "/members/1/delete"),
    ("POST", "/members/1/delete"),
    ("GET", "/metrics/new"),
    ("POST", "/metrics"),
    ("GET", "/metrics/1/edit"),
    ("POST", "/metrics/1"),
    ("GET", "/metrics/1/delete"),
    ("POST", "/metrics/1/delete"),
    ("GET", "/metrics/starter"),
    ("POST", "/metrics/starter"),
    ("GET", "/metrics/import"),
    ("GET", "/values"),
    ("POST", "/values"),
    ("POST", "/reviews"),
    ("POST", "/reviews/2026-12"),
    ("POST", "/reviews/2026-12/cancel"),
    ("POST", "/reviews/2026-12/reopen"),
    ("POST", "/reviews/2026-12/away"),
    ("POST", "/reviews/2026-12/draw"),
    ("GET", "/reviews/2026-12/assignments/1"),
    ("POST", "/reviews/2026-12/swap"),
    ("POST", "/reviews/2026-12/publish"),
    ("POST", "/reviews/2026-12/assignments/1"),
    ("POST", "/reviews/2026-12/assignments/1/replace"),
    ("GET", "/settings"),
    ("POST", "/settings"),
    ("GET", "/settings/template"),
    ("POST", "/settings/template"),
    ("GET", "/admin/mail"),
    ("POST", "/admin/mail/test"),
    ("POST", "/admin/mail/1/retry"),
    ("POST", "/reviews/2026-12/assignments/1/remind"),
    ("GET", "/reviews/2026-12/run"),
    ("POST", "/reviews/2026-12/run/start"),
    ("POST", "/reviews/2026-12/run/slot"),
    ("POST", "/reviews/2026-12/run/notes"),
    ("POST", "/reviews/2026-12/run/actions"),
    ("POST", "/reviews/2026-12/run/end"),
    ("POST", "/reviews/2026-12/run/reopen"),
    ("GET", "/reviews/2026-12/values"),
    ("POST", "/reviews/2026-12/values"),
    ("POST", "/reviews/2026-12/summary"),
    ("GET", "/cards/1/delete"),
    ("POST", "/cards/1/delete"),
];

const MANAGER_API: &[(&str, &str)] = &[
    ("POST", "/members"),
    ("PATCH", "/members/1"),
    ("DELETE", "/members/1"),
    ("POST", "/metrics"),
    ("PATCH", "/metrics/1"),
    ("DELETE", "/metrics/1"),
    ("POST", "/metrics/starter"),
    ("POST", "/values/import"),
    ("POST", "/reviews"),
    ("PATCH", "/reviews/2026-12"),
    ("POST", "/reviews/2026-12/draw"),
    ("PUT", "/reviews/2026-12/assignments/1"),
    ("POST", "/reviews/2026-12/swap"),
    ("POST", "/reviews/2026-12/publish"),
    ("PATCH", "/settings"),
    ("PUT", "/template"),
    ("DELETE", "/cards/1"),
];

#[tokio::test]
async fn every_manager_route_refuses_a_member() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let metric = kpi_rotation::services::metrics::create(
        &mut app.conn(),
        &kpi_rotation::domain::metric::MetricFields {
            name: "CAC".into(),
            ..Default::default()
        },
        false,
        app.now(),
    )
    .unwrap();
    assert_eq!((manager.id, metric.id), (1, 1));
    let (browser, member) = app.member_browser("sam@example.com").await;
    for (method, path) in MANAGER_PAGES {
        let res = match *method {
            "GET" => browser.get(path).await,
            _ => {
                browser
                    .post_form(path, &[("name", "x"), ("email", "x@example.com")])
                    .await
            }
        };
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    let api = app.api(&app.token_for(member.id));
    for (method, path) in MANAGER_API {
        let (status, body) = api
            .send(method.parse().unwrap(), path, Some(serde_json::json!({})))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} /api/v1{path}");
        assert_eq!(body["error"]["code"], "forbidden");
    }
    // Nothing changed.
    assert!(
        kpi_rotation::models::Member::find(&mut app.conn(), 1)
            .unwrap()
            .active
    );
    assert_eq!(
        kpi_rotation::models::Metric::find(&mut app.conn(), 1)
            .unwrap()
            .name,
        "CAC"
    );
}

#[tokio::test]
async fn nobody_signed_in_is_sent_to_login_or_gets_401() {
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    for path in [
        "/",
        "/members",
        "/metrics",
        "/metrics/1",
        "/account",
        "/metrics/export.csv",
    ] {
        let res = browser.get(path).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(location(&res).starts_with("/login"), "{path}");
    }
    for path in ["/members", "/metrics", "/metrics/1/values", "/me"] {
        let res = reqwest::get(format!("{}/api/v1{path}", app.address))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthenticated");
    }
}

#[tokio::test]
async fn unknown_pages_get_a_404_page_and_the_api_a_json_404() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let res = browser.get("/nowhere").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Not found"));
    assert_eq!(
        browser.get("/metrics/999").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        browser.get("/metrics/abc").await.status(),
        StatusCode::NOT_FOUND
    );
    let api = app.api(&app.token_for(manager.id));
    let (status, body) = api.get("/metrics/999").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn api_tokens_authenticate_until_revoked() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let res = browser
        .post_form("/account/tokens", &[("name", "sheet sync")])
        .await;
    let html = res.text().await.unwrap();
    let start = html.find("kpi_").expect("the new token is shown once");
    let token: String = html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let api = app.api(&token);
    let (status, me) = api.get("/me").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["email"], "mona@example.com");
    // A bearer write needs no CSRF token.
    let (status, _) = api
        .post(
            "/members",
            serde_json::json!({"name": "Ana", "email": "ana@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app.api("kpi_wrong").get("/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let page = browser.get_html("/account").await;
    assert!(!page.contains(&token), "the token is never shown again");
    let id_start = page.find("/account/tokens/").unwrap() + "/account/tokens/".len();
    let id: String = page[id_start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    browser
        .post_form(&format!("/account/tokens/{id}/revoke"), &[])
        .await;
    let (status, _) = api.get("/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn oversize_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let huge = "x".repeat(400 * 1024);
    let res = browser.post_form("/members", &[("name", &huge)]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let api = app.api(&app.token_for(manager.id));
    let (status, body) = api
        .post(
            "/members",
            serde_json::json!({"name": huge, "email": "a@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn script_in_names_and_definitions_comes_back_escaped() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    let res = browser
        .post_form(
            "/members",
            &[
                ("name", payload),
                ("email", "x@example.com"),
                ("department", payload),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = browser
        .post_form(
            "/metrics",
            &[
                ("name", payload),
                ("definition", payload),
                ("formula", payload),
                ("on_dashboard", "true"),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let metric_page = location(&res);
    for path in [
        "/members",
        "/metrics",
        metric_page.as_str(),
        "/",
        "/metrics/starter",
        "/members/2/edit",
    ] {
        let html = browser.get_html(path).await;
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(
            html.contains("&lt;script&gt;") || html.contains("&lt;img"),
            "{path} shows the text escaped"
        );
    }
}

#[tokio::test]
async fn static_files_have_hashed_names_a_year_of_cache_and_gzip() {
    let app = spawn_app().await;
    let page = crate::helpers::unescape(
        &reqwest::get(format!("{}/login", app.address))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let start = page.find("/static/app.").expect("the stylesheet link");
    let href: String = page[start..].chars().take_while(|c| *c != '"').collect();
    assert!(
        href.ends_with(".css") && href.len() > "/static/app..css".len() + 8,
        "{href}"
    );
    let client = reqwest::Client::builder().gzip(false).build().unwrap();
    let res = client
        .get(format!("{}{href}", app.address))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    // The plain name still works, briefly cached; unknown files are 404.
    let plain = client
        .get(format!("{}/static/app.css", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.headers()["cache-control"], "public, max-age=300");
    assert_eq!(
        client
            .get(format!("{}/static/nope.js", app.address))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}
