//! Verified sessions and tokens are kept in memory for a few seconds; every way of
//! revoking one must still work on the very next request.

use reqwest::StatusCode;

use crate::helpers::{location, spawn_app, PASSWORD};

/// The `kpi_session=…` pair a login response set.
fn session_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kpi_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string()
}

/// GET `path` with only `cookie`, as a copied cookie would be replayed.
async fn replay(base: &str, path: &str, cookie: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{base}{path}"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_signed_out_session_fails_on_the_next_request() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    let cookie = session_cookie(&browser.login(&mona.email, PASSWORD).await);
    // Read twice: the second answer may come from memory.
    for _ in 0..2 {
        let res = replay(&app.address, "/", &cookie).await;
        assert_eq!(res.status(), StatusCode::OK);
    }

    browser.post_form("/logout", &[]).await;

    let res = replay(&app.address, "/", &cookie).await;
    assert_eq!(
        location(&res),
        "/login",
        "the copied cookie is signed out too"
    );
}

#[tokio::test]
async fn deactivating_a_member_ends_their_session_and_token_on_the_next_request() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let sam = app.add_member("Sam", "sam@example.com", "SEO", "member");
    let browser = app.browser();
    browser.login(&sam.email, PASSWORD).await;
    let sam_api = app.api(&app.token_for(sam.id));
    for _ in 0..2 {
        assert_eq!(browser.get("/").await.status(), StatusCode::OK);
        assert_eq!(sam_api.get("/metrics").await.0, StatusCode::OK);
    }

    let (status, _) = app
        .api(&app.token_for(mona.id))
        .patch(
            &format!("/members/{}", sam.id),
            serde_json::json!({"active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    assert_eq!(location(&browser.get("/").await), "/login");
    assert_eq!(sam_api.get("/metrics").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_demoted_manager_loses_the_manager_pages_on_the_next_request() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let bea = app.add_member("Bea", "bea@example.com", "Paid", "manager");
    let browser = app.browser();
    browser.login(&bea.email, PASSWORD).await;
    for _ in 0..2 {
        assert_eq!(browser.get("/settings").await.status(), StatusCode::OK);
    }

    let (status, _) = app
        .api(&app.token_for(mona.id))
        .patch(
            &format!("/members/{}", bea.id),
            serde_json::json!({"role": "member"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    assert_eq!(
        browser.get("/settings").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions_on_the_next_request() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let (here, elsewhere) = (app.browser(), app.browser());
    here.login(&mona.email, PASSWORD).await;
    elsewhere.login(&mona.email, PASSWORD).await;
    for _ in 0..2 {
        assert_eq!(elsewhere.get("/").await.status(), StatusCode::OK);
    }

    let res = here
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

    assert_eq!(here.get("/").await.status(), StatusCode::OK);
    assert_eq!(location(&elsewhere.get("/").await), "/login");
}

#[tokio::test]
async fn a_revoked_token_fails_on_the_next_call() {
    let app = spawn_app().await;
    let (browser, mona) = app.manager_browser().await;
    let api = app.api(&app.token_for(mona.id));
    for _ in 0..2 {
        assert_eq!(api.get("/metrics").await.0, StatusCode::OK);
    }
    let id =
        kpi_rotation::models::ApiToken::list_for_member(&mut app.conn(), mona.id).unwrap()[0].id;

    let res = browser
        .post_form(&format!("/account/tokens/{id}/revoke"), &[])
        .await;
    assert_eq!(location(&res), "/account");

    assert_eq!(api.get("/metrics").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_expired_session_fails_even_when_it_was_just_read() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    assert_eq!(browser.get("/").await.status(), StatusCode::OK);

    app.clock.set(app.now() + chrono::Duration::days(15));

    assert_eq!(location(&browser.get("/").await), "/login");
}
