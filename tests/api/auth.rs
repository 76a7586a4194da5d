use reqwest::StatusCode;

use crate::helpers::{csrf_in, location, spawn_app, text, PASSWORD};
use kpi_rotation::models::Member;

#[tokio::test]
async fn health_check_answers_ok() {
    let app = spawn_app().await;
    let res = reqwest::get(format!("{}/healthz", app.address))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn an_empty_instance_sends_everyone_to_set_up_and_set_up_works_only_once() {
    let app = spawn_app().await;
    let browser = app.browser();
    let res = browser.get("/").await;
    assert_eq!(location(&res), "/setup");
    assert!(browser
        .get_html("/setup")
        .await
        .contains("Create the first manager account"));

    let res = browser
        .post_form(
            "/setup",
            &[
                ("name", "Mona"),
                ("email", "Mona@Example.com"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
    // Signed in straight away.
    let dashboard = browser.get_html("/").await;
    assert!(dashboard.contains("Dashboard") && dashboard.contains("Mona"));

    // The set-up page is gone, whatever is posted to it.
    let other = app.browser();
    assert_eq!(other.get("/setup").await.status(), StatusCode::NOT_FOUND);
    let res = other
        .post_form(
            "/setup",
            &[
                ("name", "Eve"),
                ("email", "eve@example.com"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(Member::find_by_email(&mut app.conn(), "eve@example.com")
        .unwrap()
        .is_none());
    assert_eq!(location(&other.get("/").await), "/login");
}

#[tokio::test]
async fn set_up_shows_every_problem_beside_its_field() {
    let app = spawn_app().await;
    let browser = app.browser();
    let res = browser
        .post_form(
            "/setup",
            &[
                ("name", ""),
                ("email", "not-an-email"),
                ("password", "short"),
                ("password_confirmation", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Name must not be empty"));
    assert!(html.contains("Email is not a valid address"));
    assert!(html.contains("Password must have at least 10 characters"));
    assert!(html.contains("value=\"not-an-email\""), "the input is kept");
    assert!(!Member::any_manager(&mut app.conn()).unwrap());
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_the_right_one_signs_in_and_out() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    let res = browser
        .post_form(
            "/login",
            &[
                ("email", "mona@example.com"),
                ("password", "wrong password!"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("the email or the password is wrong"));
    assert_eq!(location(&browser.get("/").await), "/login");

    browser.login(&manager.email, PASSWORD).await;
    assert_eq!(browser.get("/").await.status(), StatusCode::OK);

    let confirm = browser.get_html("/logout").await;
    assert!(confirm.contains("Sign out of kpi-rotation on this browser?"));
    let res = browser.post_form("/logout", &[]).await;
    assert_eq!(location(&res), "/login");
    assert_eq!(location(&browser.get("/").await), "/login");
    let sessions: i64 = {
        use diesel::prelude::*;
        kpi_rotation::schema::sessions::table
            .count()
            .get_result(&mut app.conn())
            .unwrap()
    };
    assert_eq!(sessions, 0, "logout deletes the session row");
}

#[tokio::test]
async fn login_follows_only_local_next_links() {
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    let res = browser.get("/metrics").await;
    assert_eq!(location(&res), "/login?next=/metrics");
    let res = browser
        .post_form(
            "/login",
            &[
                ("email", "mona@example.com"),
                ("password", PASSWORD),
                ("next", "/metrics"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/metrics");
    let other = app.browser();
    let res = other
        .post_form(
            "/login",
            &[
                ("email", "mona@example.com"),
                ("password", PASSWORD),
                ("next", "//evil.example.com/"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/");
}

#[tokio::test]
async fn five_failed_logins_slow_further_tries_down() {
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    for _ in 0..5 {
        let res = browser
            .post_form(
                "/login",
                &[
                    ("email", "mona@example.com"),
                    ("password", "guess guess guess"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // From this address, even the right password now waits its turn.
    let res = browser
        .post_form(
            "/login",
            &[("email", "mona@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=30).contains(&wait),
        "the first delay is 30 seconds: {wait}"
    );
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Too many wrong passwords from this address; try again in"));
}

#[tokio::test]
async fn failures_for_other_accounts_from_one_address_do_not_lock_out_a_colleague() {
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    for i in 0..5 {
        let email = format!("nobody{i}@example.com");
        browser
            .post_form(
                "/login",
                &[("email", &email), ("password", "guess guess guess")],
            )
            .await;
    }
    // An office behind one address: five typos of other people do not block Mona.
    let res = browser
        .post_form(
            "/login",
            &[("email", "mona@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_new_member_sets_their_password_with_the_one_time_link() {
    let app = spawn_app().await;
    let (manager, _) = app.manager_browser().await;
    let res = manager
        .post_form(
            "/members",
            &[
                ("name", "Ana Paid"),
                ("email", "ana@example.com"),
                ("department", "Paid"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = text(res).await;
    let start = html.find("/password/").expect("the page shows the link");
    let token: String = html[start + "/password/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(token.len(), 64);

    let ana = app.browser();
    let form = ana.get_html(&format!("/password/{token}")).await;
    assert!(form.contains("Ana Paid"));
    let res = ana
        .post_form(
            &format!("/password/{token}"),
            &[
                ("password", PASSWORD),
                ("password_confirmation", "something else"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = ana
        .post_form(
            &format!("/password/{token}"),
            &[("password", PASSWORD), ("password_confirmation", PASSWORD)],
        )
        .await;
    assert_eq!(location(&res), "/");
    assert!(ana.get_html("/").await.contains("Ana Paid"));

    // The link works once.
    let again = app.browser();
    assert_eq!(
        again.get(&format!("/password/{token}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        again.get("/password/0000").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
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
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("The current password is not right"));
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
    assert_eq!(location(&res), "/account");
    // Still signed in here; the new password works elsewhere and the old does not.
    assert_eq!(browser.get("/account").await.status(), StatusCode::OK);
    let other = app.browser();
    let res = other
        .post_form(
            "/login",
            &[("email", &manager.email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    other.login(&manager.email, "a brand new password").await;
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_renewed_at_login() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    let first = browser
        .post_form(
            "/login",
            &[("email", &manager.email), ("password", PASSWORD)],
        )
        .await;
    let cookie = |res: &reqwest::Response| {
        res.headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("kpi_session="))
            .map(str::to_string)
            .unwrap()
    };
    let first_cookie = cookie(&first);
    assert!(first_cookie.contains("HttpOnly") && first_cookie.contains("SameSite=Lax"));
    browser.forget_csrf();
    let second = browser
        .post_form(
            "/login",
            &[("email", &manager.email), ("password", PASSWORD)],
        )
        .await;
    assert_ne!(
        first_cookie,
        cookie(&second),
        "a new session id at every login"
    );
    assert!(csrf_in(&browser.get_html("/account").await).is_some());
}

#[tokio::test]
async fn a_password_hashed_with_older_parameters_signs_in_and_is_hashed_again() {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    // The 19 MiB, 2 passes hash an earlier release stored.
    let params = argon2::Params::new(19 * 1024, 2, 1, None).unwrap();
    let old = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
    Member::set_password_hash(&mut app.conn(), mona.id, &old, app.now()).unwrap();

    app.browser().login("mona@example.com", PASSWORD).await;
    let stored = Member::find(&mut app.conn(), mona.id)
        .unwrap()
        .password_hash
        .unwrap();
    assert!(
        stored.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
        "{stored}"
    );
    // And the new hash signs in too.
    app.browser().login("mona@example.com", PASSWORD).await;
}
