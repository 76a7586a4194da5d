//! Single sign-on against a real OpenID Provider (panva's certified `oidc-provider`, run
//! by node from `tests/oidc/provider.mjs`) on loopback: the whole code flow through the
//! provider's own login form, linking, and every attack the relying party must refuse.
//! The provider is `oidc_provider.rs`.

use kpi_rotation::config::{OidcSettings, Settings};
use kpi_rotation::models::{Member, SsoIdentity};
use reqwest::StatusCode;

use crate::helpers::*;
use crate::oidc_provider::{Provider, BUTTON};

async fn sso_app(provider: &Provider, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let oidc = provider.settings();
    spawn_app_with(move |s| {
        s.oidc = Some(oidc);
        configure(s);
    })
    .await
}

fn absolute(base: &str, location: &str) -> String {
    if location.starts_with("http") {
        location.to_string()
    } else {
        format!("{base}{location}")
    }
}

/// Sign in at the provider's own login form as `login`, starting from our button, and
/// stop where the provider sends the browser back: returns that callback URL.
async fn to_callback(browser: &Browser, app: &TestApp, provider: &Provider, login: &str) -> String {
    let res = browser.get("/auth/oidc/login").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "our button");
    let mut url = location(&res);
    assert!(
        url.starts_with(&provider.issuer),
        "off to the provider: {url}"
    );
    assert!(url.contains("code_challenge_method=S256"), "PKCE: {url}");
    for _ in 0..10 {
        if url.starts_with(&format!("{}/auth/oidc/callback", app.address)) {
            return url;
        }
        let res = browser.client.get(&url).send().await.unwrap();
        if res.status() == StatusCode::OK {
            // The provider's login page: any name, any password.
            let html = res.text().await.unwrap();
            let start = html.find("action=\"").expect("a login form") + "action=\"".len();
            let action = &html[start..start + html[start..].find('"').unwrap()];
            let res = browser
                .client
                .post(absolute(&provider.issuer, action))
                .form(&[("prompt", "login"), ("login", login), ("password", "any")])
                .send()
                .await
                .unwrap();
            assert!(res.status().is_redirection(), "the provider's login form");
            url = absolute(&provider.issuer, &location(&res));
        } else {
            assert!(res.status().is_redirection(), "{url}: {}", res.status());
            url = absolute(&provider.issuer, &location(&res));
        }
    }
    panic!("the provider never sent the browser back")
}

/// The whole sign-in: our answer to the provider's callback.
async fn sign_in(
    browser: &Browser,
    app: &TestApp,
    provider: &Provider,
    login: &str,
) -> reqwest::Response {
    let callback = to_callback(browser, app, provider, login).await;
    browser.client.get(&callback).send().await.unwrap()
}

async fn signed_in_as(browser: &Browser) -> Option<String> {
    let res = browser.get("/account").await;
    if res.status() != StatusCode::OK {
        return None;
    }
    let html = res.text().await.unwrap();
    let start = html.find("<h1>Your account</h1>\n<p>")? + "<h1>Your account</h1>\n<p>".len();
    Some(html[start..start + html[start..].find(" · ")?].to_string())
}

/// `login` signs in at the provider and is refused here with `status` and a page that
/// says `needle`; the browser is not signed in.
async fn refused_sign_in(
    app: &TestApp,
    provider: &Provider,
    login: &str,
    status: StatusCode,
    needle: &str,
) {
    let browser = app.browser();
    refusal(
        sign_in(&browser, app, provider, login).await,
        status,
        needle,
    )
    .await;
    assert_eq!(
        signed_in_as(&browser).await,
        None,
        "{login} is not signed in"
    );
}

async fn refusal(res: reqwest::Response, status: StatusCode, needle: &str) {
    assert_eq!(res.status(), status, "refused with {status}");
    let html = unescape(&res.text().await.unwrap());
    assert!(html.contains(needle), "the page says {needle:?}:\n{html}");
    assert!(html.contains(BUTTON), "and offers to try again");
}

#[tokio::test]
async fn the_first_sign_in_links_the_subject_which_counts_from_then_on() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let app = sso_app(&provider, |_| {}).await;
    app.add_manager("Mona", "mona@example.com");
    let ana = app.add_member("Ana", "ana@example.com", "Sales", "member");
    provider.account("ana-1", "ana@example.com", true).await;

    // The sign-in page offers the provider's button next to the password form.
    let html = app.browser().get_html("/login").await;
    assert!(html.contains(BUTTON) && html.contains("name=\"password\""));

    // First sign-in: linked by the verified email.
    let browser = app.browser();
    let res = sign_in(&browser, &app, &provider, "ana-1").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/");
    assert_eq!(signed_in_as(&browser).await.as_deref(), Some("Ana"));
    let linked = SsoIdentity::of_member(&mut app.conn(), ana.id)
        .unwrap()
        .unwrap();
    assert_eq!(
        (linked.issuer.as_str(), linked.subject.as_str()),
        (provider.issuer.as_str(), "ana-1")
    );
    let account = unescape(&browser.get_html("/account").await);
    assert!(account.contains("You sign in through") && account.contains("ana-1"));

    // Her email changes at the provider: the subject still signs her in.
    provider.account("ana-1", "ana.new@example.com", true).await;
    let again = app.browser();
    let res = sign_in(&again, &app, &provider, "ana-1").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(signed_in_as(&again).await.as_deref(), Some("Ana"));

    // Someone else now holds her old address there: they do not get in as Ana.
    provider.account("mallory", "ana@example.com", true).await;
    refused_sign_in(
        &app,
        &provider,
        "mallory",
        StatusCode::FORBIDDEN,
        "signs in with another account at the provider",
    )
    .await;
}

#[tokio::test]
async fn a_public_client_signs_in_with_pkce_and_no_secret() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let mut oidc = provider.settings();
    oidc.client_id = "kpi-public".into();
    oidc.client_secret = None;
    let app = spawn_app_with(move |s| s.oidc = Some(oidc)).await;
    app.add_member("Ana", "ana@example.com", "Sales", "member");
    provider.account("ana", "ana@example.com", true).await;
    let browser = app.browser();
    assert_eq!(
        sign_in(&browser, &app, &provider, "ana").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(signed_in_as(&browser).await.as_deref(), Some("Ana"));
}

#[tokio::test]
async fn unknown_unverified_and_deactivated_people_are_refused() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let app = sso_app(&provider, |_| {}).await;
    app.add_manager("Mona", "mona@example.com");
    let bo = app.add_member("Bo", "bo@example.com", "Product", "member");
    app.add_member("Cy", "cy@example.com", "Product", "member");

    provider
        .account("stranger", "stranger@example.com", true)
        .await;
    refused_sign_in(
        &app,
        &provider,
        "stranger",
        StatusCode::FORBIDDEN,
        "Nobody with the email stranger@example.com is on this team yet. Ask a manager to add you",
    )
    .await;
    assert!(
        Member::find_by_email(&mut app.conn(), "stranger@example.com")
            .unwrap()
            .is_none()
    );

    provider.account("cy", "cy@example.com", false).await;
    refused_sign_in(
        &app,
        &provider,
        "cy",
        StatusCode::FORBIDDEN,
        "says your email address is not verified",
    )
    .await;

    // Bo links, then is deactivated: the linked subject no longer gets in.
    provider.account("bo", "bo@example.com", true).await;
    assert_eq!(
        sign_in(&app.browser(), &app, &provider, "bo")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    Member::set_active(&mut app.conn(), bo.id, false, app.now()).unwrap();
    refused_sign_in(
        &app,
        &provider,
        "bo",
        StatusCode::FORBIDDEN,
        "Your account on this team is deactivated",
    )
    .await;
}

#[tokio::test]
async fn auto_join_lets_a_verified_stranger_in_as_a_member() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let mut oidc = provider.settings();
    oidc.auto_join = true;
    let app = spawn_app_with(move |s| s.oidc = Some(oidc)).await;
    app.add_manager("Mona", "mona@example.com");
    provider.account("dee", "Dee@Example.com", true).await;
    let browser = app.browser();
    let res = sign_in(&browser, &app, &provider, "dee").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let dee = Member::find_by_email(&mut app.conn(), "dee@example.com")
        .unwrap()
        .expect("joined");
    assert_eq!(
        (dee.name.as_str(), dee.role.as_str(), dee.active),
        ("dee at the provider", "member", true)
    );
    assert!(dee.password_hash.is_none());
    assert_eq!(
        signed_in_as(&browser).await.as_deref(),
        Some("dee at the provider")
    );
    // Auto-join never lets in an unverified address.
    provider.account("eve", "eve@example.com", false).await;
    assert_eq!(
        sign_in(&app.browser(), &app, &provider, "eve")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(Member::find_by_email(&mut app.conn(), "eve@example.com")
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_wrong_or_replayed_state_and_a_replayed_code_are_refused() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let app = sso_app(&provider, |_| {}).await;
    app.add_manager("Mona", "mona@example.com");
    app.add_member("Ana", "ana@example.com", "Sales", "member");
    provider.account("ana", "ana@example.com", true).await;

    // A wrong state.
    let browser = app.browser();
    let callback = to_callback(&browser, &app, &provider, "ana").await;
    let (base, query) = callback.split_once('?').unwrap();
    let wrong: String = query
        .split('&')
        .map(|pair| {
            if pair.starts_with("state=") {
                "state=forged".to_string()
            } else {
                pair.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&");
    refusal(
        browser
            .client
            .get(format!("{base}?{wrong}"))
            .send()
            .await
            .unwrap(),
        StatusCode::BAD_REQUEST,
        "wrong state",
    )
    .await;
    assert_eq!(signed_in_as(&browser).await, None);

    // The answer, used once, then replayed: the flow is over.
    let browser = app.browser();
    let callback = to_callback(&browser, &app, &provider, "ana").await;
    let first = browser.client.get(&callback).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    refusal(
        browser.client.get(&callback).send().await.unwrap(),
        StatusCode::BAD_REQUEST,
        "no sign-in in progress",
    )
    .await;

    // The same code with a fresh sign-in's state: the provider refuses the used code.
    let fresh = app.browser();
    let new_callback = to_callback(&fresh, &app, &provider, "ana").await;
    let code = |url: &str| {
        url.split(['?', '&'])
            .find_map(|p| p.strip_prefix("code="))
            .unwrap()
            .to_string()
    };
    let replayed = new_callback.replace(&code(&new_callback), &code(&callback));
    refusal(
        fresh.client.get(&replayed).send().await.unwrap(),
        StatusCode::BAD_REQUEST,
        "the provider refused the sign-in code",
    )
    .await;
    assert_eq!(signed_in_as(&fresh).await, None);

    // An answer naming another issuer (a mix-up between providers).
    let mixed = app.browser();
    let callback = to_callback(&mixed, &app, &provider, "ana").await;
    let other = callback.replace(
        &format!("iss={}", urlencode(&provider.issuer)),
        "iss=https%3A%2F%2Fevil.example.com",
    );
    assert_ne!(other, callback, "the provider sends iss: {callback}");
    refusal(
        mixed.client.get(&other).send().await.unwrap(),
        StatusCode::BAD_REQUEST,
        "the answer names another issuer",
    )
    .await;

    // The provider's own refusal (the person cancelled), and an answer with no flow.
    let res = fresh
        .client
        .get(format!(
            "{}/auth/oidc/callback?error=access_denied&error_description=End-User%20aborted",
            app.address
        ))
        .send()
        .await
        .unwrap();
    // No flow in progress in this browser any more: that is what it says first.
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let cancelling = app.browser();
    cancelling.get("/auth/oidc/login").await;
    refusal(
        cancelling
            .client
            .get(format!(
                "{}/auth/oidc/callback?error=access_denied&error_description=End-User%20aborted",
                app.address
            ))
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "answered \"access_denied\": End-User aborted",
    )
    .await;
}

#[tokio::test]
async fn id_tokens_that_fail_a_check_are_refused_and_a_rotated_key_is_fetched() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let app = sso_app(&provider, |_| {}).await;
    app.add_manager("Mona", "mona@example.com");
    app.add_member("Ana", "ana@example.com", "Sales", "member");
    provider.account("ana", "ana@example.com", true).await;

    for (mode, needle) in [
        ("audience", "the ID token is for another application"),
        ("azp", "the ID token is for another application"),
        ("expired", "the ID token has expired"),
        ("nonce", "wrong nonce"),
        ("issuer", "the ID token is from another issuer"),
        ("none", "The sign-in was refused"),
        ("forged", "the ID token's signature is not the provider's"),
    ] {
        provider.tamper("ana", mode).await;
        let browser = app.browser();
        let res = sign_in(&browser, &app, &provider, "ana").await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{mode}");
        let html = unescape(&res.text().await.unwrap());
        assert!(html.contains(needle), "{mode}: {html}");
        assert_eq!(signed_in_as(&browser).await, None, "{mode}");
    }

    // The provider rotates its signing key: we fetch its keys again and accept.
    provider.tamper("ana", "rotated").await;
    let browser = app.browser();
    let res = sign_in(&browser, &app, &provider, "ana").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "rotated key");
    assert_eq!(signed_in_as(&browser).await.as_deref(), Some("Ana"));
}

#[tokio::test]
async fn with_password_sign_in_off_only_the_provider_lets_people_in() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let app = sso_app(&provider, |s| s.password_login = false).await;
    let mona = app.add_manager("Mona", "mona@example.com");
    provider.account("mona", "mona@example.com", true).await;

    let browser = app.browser();
    let html = browser.get_html("/login").await;
    assert!(html.contains(BUTTON));
    assert!(!html.contains("name=\"password\""), "no password field");

    let res = sign_in(&browser, &app, &provider, "mona").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(signed_in_as(&browser).await.as_deref(), Some("Mona"));

    // A password sent anyway is refused, and so are password links.
    let res = browser
        .post_form(
            "/login",
            &[("email", "mona@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(text(res)
        .await
        .contains("Password sign-in is turned off here"));
    let link =
        kpi_rotation::services::accounts::issue_password_link(&mut app.conn(), mona.id, app.now())
            .unwrap();
    let res = browser.get(&format!("/password/{}", link.secret)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = browser
        .post_form(&format!("/members/{}/password-link", mona.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = browser
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "another long password"),
                ("password_confirmation", "another long password"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no password change");

    // The account page has no password form, and a new member's invitation says to
    // sign in with SSO.
    let account = browser.get_html("/account").await;
    assert!(!account.contains("Change your password"));
    let res = browser
        .post_form(
            "/members",
            &[
                ("name", "Ana"),
                ("email", "ana@example.com"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = text(res).await;
    assert!(
        page.contains("sign in with SSO") && !page.contains("/password/"),
        "{page}"
    );
    let mail: String = kpi_rotation::models::OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.recipient == "ana@example.com")
        .map(|m| m.body_text)
        .unwrap();
    assert!(
        mail.contains("sign in with SSO") && !mail.contains("/password/"),
        "{mail}"
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_at_the_provider_too() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let app = sso_app(&provider, |_| {}).await;
    app.add_manager("Mona", "mona@example.com");
    provider.account("mona", "mona@example.com", true).await;
    let browser = app.browser();
    sign_in(&browser, &app, &provider, "mona").await;
    let res = browser.post_form("/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert!(
        to.starts_with(&format!("{}/session/end?", provider.issuer)),
        "{to}"
    );
    assert!(
        to.contains("id_token_hint=") && to.contains("client_id=kpi"),
        "{to}"
    );
    assert!(
        to.contains(&format!(
            "post_logout_redirect_uri={}",
            urlencode(&format!("{}/login", app.address))
        )),
        "{to}"
    );
    assert_eq!(signed_in_as(&browser).await, None, "signed out here");
    // The provider accepts the request (its "sign out?" page).
    let res = browser.client.get(&to).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // A password session signs out here only.
    let (manager, _) = app.manager_browser().await;
    let res = manager.post_form("/logout", &[]).await;
    assert_eq!(location(&res), "/login");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_manager_can_unlink_an_identity() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let app = sso_app(&provider, |_| {}).await;
    let ana = app.add_member("Ana", "ana@example.com", "Sales", "member");
    provider.account("ana-old", "ana@example.com", true).await;
    sign_in(&app.browser(), &app, &provider, "ana-old").await;
    let (manager, _) = app.manager_browser().await;
    let page = manager.get_html(&format!("/members/{}", ana.id)).await;
    assert!(page.contains("ana-old") && page.contains("Unlink"));
    let confirm = manager
        .get_html(&format!("/members/{}/sso/unlink", ana.id))
        .await;
    assert!(confirm.contains("Unlink Ana"));
    let res = manager
        .post_form(&format!("/members/{}/sso/unlink", ana.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(SsoIdentity::of_member(&mut app.conn(), ana.id)
        .unwrap()
        .is_none());

    // Her new account at the provider now links by her verified email.
    provider.account("ana-new", "ana@example.com", true).await;
    let browser = app.browser();
    assert_eq!(
        sign_in(&browser, &app, &provider, "ana-new").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(signed_in_as(&browser).await.as_deref(), Some("Ana"));
}

#[tokio::test]
async fn a_provider_that_is_down_leaves_password_sign_in_working() {
    // Nothing listens on this port: discovery fails at start-up and at the button.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let app = spawn_app_with(move |s| {
        s.oidc = Some(OidcSettings {
            issuer,
            client_id: "kpi".into(),
            client_secret: None,
            scopes: vec!["openid".into()],
            button: BUTTON.into(),
            auto_join: false,
        })
    })
    .await;
    app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    assert!(browser.get_html("/login").await.contains(BUTTON));
    refusal(
        browser.get("/auth/oidc/login").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "We couldn't reach the sign-in provider",
    )
    .await;
    browser.login("mona@example.com", PASSWORD).await;
    assert_eq!(signed_in_as(&browser).await.as_deref(), Some("Mona"));
}

#[tokio::test]
async fn a_misconfigured_provider_stops_start_up_with_the_reason() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let mut oidc = provider.settings();
    oidc.issuer = format!("{}/not-the-issuer", provider.issuer);
    let mut settings = Settings::for_tests(tempfile::tempdir().unwrap().path());
    settings.oidc = Some(oidc);
    let error = match kpi_rotation::startup::Application::build(settings).await {
        Ok(_) => panic!("started with a wrong issuer"),
        Err(e) => format!("{e:#}"),
    };
    assert!(
        error.contains("KPI_OIDC_ISSUER") && error.contains("404"),
        "{error}"
    );
}

#[tokio::test]
async fn without_single_sign_on_its_routes_are_not_there() {
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    let browser = app.browser();
    assert!(!browser
        .get_html("/login")
        .await
        .contains("/auth/oidc/login"));
    assert_eq!(
        browser.get("/auth/oidc/login").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        browser
            .get("/auth/oidc/callback?code=x&state=y")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn with_password_sign_in_off_first_run_points_to_the_command_line() {
    let Some(provider) = Provider::start() else {
        return;
    };
    let app = sso_app(&provider, |s| s.password_login = false).await;
    let browser = app.browser();
    let res = browser.get("/login").await;
    assert_eq!(location(&res), "/setup");
    let res = browser.get("/setup").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let page = unescape(&text(res).await);
    assert!(page.contains("kpi-rotation create-manager"), "{page}");
}
