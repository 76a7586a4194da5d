//! Languages: each person reads the app in their own language (or the installation's),
//! signed-out pages follow the browser, and a page in Swedish, Danish or Indonesian has
//! no English left on it.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

/// Each language's messages as (key, value) pairs, from the source tree's files.
fn messages(lang: &str) -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/i18n/locales")
        .join(lang);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        {
            if let Some((key, value)) = line.split_once(" = ") {
                out.push((key.trim().to_string(), value.trim().to_string()));
            }
        }
    }
    out
}

/// The visible text of a page (what a reader sees, tags and attributes left out), less
/// `<code>` (links and tokens, which are the same in every language).
fn visible_text(html: &str) -> String {
    let mut html = html.to_string();
    while let Some(start) = html.find("<code") {
        let end = html[start..]
            .find("</code>")
            .map_or(html.len(), |e| start + e + 7);
        html.replace_range(start..end, " ");
    }
    let doc = scraper::Html::parse_document(&html);
    let body = scraper::Selector::parse("body").unwrap();
    doc.select(&body)
        .flat_map(|b| b.text())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The English messages still on a page meant to be in `lang`: every English value
/// (without arguments or markup) that this language writes differently.
fn english_left(html: &str, lang: &str) -> Vec<String> {
    let text = visible_text(html);
    let theirs = messages(lang);
    messages("en")
        .into_iter()
        .filter(|(key, value)| {
            // The starter library's names become the team's own metric names.
            !key.ends_with("-html")
                && !key.starts_with("starter-")
                && !value.contains('{')
                && value.len() > 3
                && theirs.iter().any(|(k, v)| k == key && v != value)
                // A word this language uses too ("Score" in "Net Promoter Score") is not
                // an English leftover.
                && !theirs.iter().any(|(_, v)| contains_words(v, value))
        })
        .filter(|(_, value)| contains_words(&text, value))
        .map(|(key, value)| format!("{key}: {value}"))
        .collect()
}

/// Whether `text` holds `words` as whole words ("Team" is not in "Teamet").
fn contains_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + words.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[tokio::test]
async fn a_member_who_chose_swedish_reads_the_app_in_swedish() {
    let app = spawn_app().await;
    let team = app.team();
    let ana = &team.members[0];

    let (status, body) = team
        .api
        .patch(&format!("/members/{}", ana.id), json!({ "language": "sv" }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["language"], "sv");
    let (_, listed) = team.api.get(&format!("/members/{}", team.manager.id)).await;
    assert!(listed["language"].is_null(), "{listed}");

    let browser = app.browser();
    browser.login(&ana.email, PASSWORD).await;
    let html = browser.get_html("/account").await;
    assert!(html.contains(r#"<html lang="sv">"#));
    assert!(
        html.contains("Ditt konto") && html.contains("Översikt"),
        "{html}"
    );
    assert_eq!(english_left(&html, "sv"), Vec::<String>::new());

    // The same page in English is all English: the check finds what it looks for.
    let mona = app.browser();
    mona.login(&team.manager.email, PASSWORD).await;
    let english = mona.get_html("/account").await;
    let left = english_left(&english, "sv");
    assert!(
        left.iter().any(|l| l == "account-title: Your account"),
        "{left:?}"
    );
}

#[tokio::test]
async fn the_account_page_switches_language_and_back_to_the_team_s() {
    let app = spawn_app().await;
    let (browser, _) = app.member_browser("sam@example.com").await;

    let res = browser
        .post_form("/account/language", &[("language", "id")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = browser.get_html("/account").await;
    assert!(html.contains(r#"<html lang="id">"#));
    assert!(
        html.contains("Bahasa Anda tersimpan."),
        "the flash is in the new language"
    );
    assert!(html.contains(r#"<option value="id" lang="id" selected>"#));

    let res = browser
        .post_form("/account/language", &[("language", "xx")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unescape(&text(res).await).contains(r#"The language "xx" is not one of"#));

    browser
        .post_form("/account/language", &[("language", "")])
        .await;
    let html = browser.get_html("/account").await;
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("Your account"));
    assert!(
        html.contains("The team&#x27;s language (English)"),
        "{html}"
    );
}

#[tokio::test]
async fn people_who_chose_nothing_read_the_installation_s_language() {
    let app = spawn_app_with(|s| s.language = kpi_rotation::i18n::Lang::Da).await;
    let (browser, member) = app.member_browser("sam@example.com").await;
    let html = browser.get_html("/account").await;
    assert!(html.contains(r#"<html lang="da">"#) && html.contains("Din konto"));
    assert_eq!(english_left(&html, "da"), Vec::<String>::new());

    // Their own choice wins over the installation's.
    let api = app.api(&app.token_for(member.id));
    let html = {
        browser
            .post_form("/account/language", &[("language", "en")])
            .await;
        browser.get_html("/account").await
    };
    assert!(html.contains(r#"<html lang="en">"#));
    let (_, me) = api.get(&format!("/members/{}", member.id)).await;
    assert_eq!(me["language"], "en");
}

#[tokio::test]
async fn signed_out_pages_follow_the_browser_s_language() {
    let app = spawn_app().await;
    app.add_manager("Mona", "mona@example.com");
    let client = reqwest::Client::new();
    let page = |accept: &'static str| {
        let client = client.clone();
        let url = format!("{}/login", app.address);
        async move {
            let res = client
                .get(url)
                .header("Accept-Language", accept)
                .send()
                .await
                .unwrap();
            res.text().await.unwrap()
        }
    };
    for (accept, lang, title) in [
        ("da-DK,da;q=0.9,en;q=0.8", "da", "Log ind"),
        ("sv", "sv", "Logga in"),
        ("id-ID", "id", "Masuk"),
        ("de-DE,fr;q=0.5", "en", "Sign in"),
    ] {
        let html = page(accept).await;
        assert!(
            html.contains(&format!(r#"<html lang="{lang}">"#)),
            "{accept}"
        );
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{accept}");
        if lang != "en" {
            assert_eq!(english_left(&html, lang), Vec::<String>::new(), "{accept}");
        }
    }

    // An error page too.
    let res = client
        .get(format!("{}/no-such-page", app.address))
        .header("Accept-Language", "sv")
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"<html lang="sv">"#) && html.contains("Hittades inte"),
        "{html}"
    );
}

#[tokio::test]
async fn the_api_refuses_a_language_it_does_not_speak_naming_the_field() {
    let app = spawn_app().await;
    let team = app.team();
    let id = team.members[1].id;
    // A code we don't speak is refused as invalid, a number as malformed, both by name.
    for (bad, expected) in [
        (json!("de"), StatusCode::UNPROCESSABLE_ENTITY),
        (json!(7), StatusCode::BAD_REQUEST),
    ] {
        let (status, body) = team
            .api
            .patch(&format!("/members/{id}"), json!({ "language": bad }))
            .await;
        assert_eq!(status, expected, "{body}");
        assert_eq!(error_field(&body), "language", "{body}");
    }
    let (status, body) = team
        .api
        .patch(&format!("/members/{id}"), json!({ "language": "DA" }))
        .await;
    assert_eq!(
        (status, body["language"].as_str()),
        (StatusCode::OK, Some("da"))
    );
    let (_, body) = team
        .api
        .patch(&format!("/members/{id}"), json!({ "language": null }))
        .await;
    assert!(
        body["language"].is_null(),
        "null goes back to the installation's"
    );

    let (status, body) = team
        .api
        .post(
            "/members",
            json!({ "name": "Ida", "email": "ida@example.com", "department": "Sales",
                    "role": "member", "language": "id" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["language"], "id");
    // A member may not choose another member's language.
    let other = app.api(&app.token_for(team.members[0].id));
    let (status, _) = other
        .patch(&format!("/members/{id}"), json!({ "language": "sv" }))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// A published January 2030 review of CPA (owned by Ana, with a year of values) and
/// Traffic; the presenter of CPA, signed in, with `language` chosen.
async fn presenter_in(app: &TestApp, language: &str) -> (Browser, i64, Api) {
    let team = app.team();
    let (presenter, assignment) = team.cpa_in_january_2030().await;
    let (status, body) = team
        .api
        .patch(
            &format!("/members/{}", presenter.id),
            json!({ "language": language }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let browser = app.browser();
    browser.login(&presenter.email, PASSWORD).await;
    (browser, assignment, team.api)
}

#[tokio::test]
async fn a_presenter_fills_in_the_template_in_swedish_danish_or_indonesian() {
    for (lang, question, month) in [
        ("sv", "Insikten: siffran bakom siffran", "december 2029"),
        ("da", "Indsigten: tallet bag tallet", "december 2029"),
        ("id", "Wawasan: angka di balik angka", "Desember 2029"),
    ] {
        let app = spawn_app().await;
        let (browser, id, api) = presenter_in(&app, lang).await;
        let path = format!("/assignments/{id}/presentation");
        let html = browser.get_html(&path).await;
        assert!(html.contains(&format!(r#"<html lang="{lang}">"#)), "{lang}");
        assert!(
            html.contains(question),
            "{lang}: the default template in the language"
        );
        assert!(unescape(&html).contains(month), "{lang}: {month}");
        assert_eq!(english_left(&html, lang), Vec::<String>::new(), "{lang}");

        let (status, card) = api
            .post(
                "/cards",
                json!({"kind": "fail", "title": "Broad match", "body": "We bid broad", "lesson": "Don't"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{card}");
        let card = format!("/cards/{}", card["id"]);
        // What the page says after a form is saved is in the language too.
        let res = browser
            .post_form(
                "/cards",
                &[
                    ("kind", "success"),
                    ("title", "Ours"),
                    ("body", "It worked"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{lang}");
        let after = browser.get_html(&location(&res)).await;
        assert!(
            after.contains(match lang {
                "sv" => "Ditt kort sitter på tavlan.",
                "da" => "Dit kort er på tavlen.",
                _ => "Kartu Anda sudah di papan.",
            }),
            "{lang}: {after}"
        );
        let (_, metrics) = api.get("/metrics").await;
        let metric = format!("/metrics/{}", metrics[0]["id"]);
        let pages = [
            "/my/assignments",
            "/",
            "/boards/success",
            "/boards/fail",
            "/boards",
            "/cards/new?kind=fail",
            card.as_str(),
            "/metrics",
            metric.as_str(),
            "/reviews/2030-01/follow",
            "/reviews",
            "/members",
        ];
        for page in pages {
            let html = browser.get_html(page).await;
            assert_eq!(
                english_left(&html, lang),
                Vec::<String>::new(),
                "{lang}: {page}"
            );
        }
    }
}

#[tokio::test]
async fn numbers_are_typed_the_way_the_presenter_s_language_writes_them() {
    // "44.800" is forty-four thousand eight hundred to a Dane, 44.8 in English, and a
    // Swede writes neither: the form says what it would have meant.
    for (lang, typed, expected) in [
        ("da", "44.800", Some(44_800.0)),
        ("en", "44.800", Some(44.8)),
        ("sv", "1 234,5", Some(1234.5)),
        ("id", "1.234,5", Some(1234.5)),
        ("sv", "44.800", None),
    ] {
        let app = spawn_app().await;
        let (browser, id, api) = presenter_in(&app, lang).await;
        let path = format!("/assignments/{id}/presentation");
        let res = browser
            .post_form(&path, &[("value", typed), ("action", "save")])
            .await;
        match expected {
            Some(value) => {
                assert_eq!(res.status(), StatusCode::SEE_OTHER, "{lang} {typed}");
                let (_, json) = api.get(&format!("/assignments/{id}/presentation")).await;
                assert_eq!(json["value"].as_f64(), Some(value), "{lang} {typed}");
            }
            None => {
                assert_eq!(
                    res.status(),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{lang} {typed}"
                );
                let html = unescape(&text(res).await);
                assert!(html.contains("44.800"), "{html}");
            }
        }
    }
}

/// The mail queued for `email`: (kind, subject, text body).
fn mail_to(app: &TestApp, email: &str) -> Vec<(String, String, String)> {
    use diesel::prelude::*;
    use kpi_rotation::schema::outbox::dsl::*;
    outbox
        .filter(recipient.eq(email))
        .select((kind, subject, body_text))
        .load(&mut app.conn())
        .unwrap()
}

#[tokio::test]
async fn mail_is_written_in_the_recipient_s_language() {
    let app = spawn_app().await;
    let team = app.team();
    let (status, body) = team
        .api
        .post(
            "/members",
            json!({ "name": "Dag", "email": "dag@example.com", "department": "Sales",
                    "role": "member", "language": "da" }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let invitation = mail_to(&app, "dag@example.com");
    assert_eq!(invitation.len(), 1);
    let (kind, subject, text) = &invitation[0];
    assert_eq!(kind, "invitation");
    assert_eq!(subject, "Mona har inviteret dig til kpi-rotation");
    assert!(text.contains("Vælg din adgangskode her"), "{text}");
    assert_eq!(english_left(text, "da"), Vec::<String>::new());

    // CPA's presenter reads Swedish: their assignment for January 2030 is in Swedish,
    // dates included; CPA's owner, Sam, chose nothing and reads the installation's English.
    team.metrics(&[("CPA", "Sam"), ("Traffic", "Ana")], json!({}))
        .await;
    team.drawn_review("2030-01", "2030-01-08T10:00:00+01:00", 3)
        .await;
    let (_, drawn) = team.api.get("/reviews/2030-01/assignments").await;
    let cpa = drawn
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["owner_id"].as_i64() == Some(i64::from(team.members[1].id)))
        .unwrap()
        .clone();
    let ana = team.person(cpa["presenter_id"].as_i64().unwrap());
    team.api
        .patch(&format!("/members/{}", ana.id), json!({ "language": "sv" }))
        .await;
    // Mona, the manager, presents nothing and is invited, in Indonesian.
    team.api
        .patch(
            &format!("/members/{}", team.manager.id),
            json!({ "language": "id" }),
        )
        .await;
    let (status, body) = team.api.post("/reviews/2030-01/publish", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let invites = mail_to(&app, &team.manager.email);
    let (kind, subject, text) = invites.last().expect("Mona's invite");
    assert_eq!(kind, "invite");
    assert!(
        subject.starts_with("Undangan: tinjauan KPI Januari"),
        "{subject}"
    );
    assert_eq!(english_left(text, "id"), Vec::<String>::new(), "{text}");
    let swedish: Vec<_> = mail_to(&app, &ana.email)
        .into_iter()
        .filter(|(k, _, _)| k == "assignment")
        .collect();
    let (_, subject, text) = swedish.first().expect("the presenter's assignment");
    assert!(subject.starts_with("Du presenterar CPA"), "{subject}");
    assert!(
        subject.contains("januari") && subject.contains("tis 8 jan."),
        "{subject}"
    );
    assert!(text.starts_with(&format!("Hej {},", ana.name)), "{text}");
    assert!(text.contains("Kalenderinbjudan är bifogad."), "{text}");
    assert_eq!(english_left(text, "sv"), Vec::<String>::new());
    let sam = &team.members[1];
    let english: Vec<_> = mail_to(&app, &sam.email)
        .into_iter()
        .filter(|(k, _, _)| k == "assignment")
        .collect();
    assert!(english[0].1.starts_with("You present "), "{}", english[0].1);
    assert!(
        english[0].2.contains("Tue, 8 Jan 2030, 10:00 CET"),
        "{}",
        english[0].2
    );
}

#[tokio::test]
async fn the_starter_library_reads_and_adds_in_the_manager_s_language() {
    let app = spawn_app().await;
    let (browser, mona) = app.manager_browser().await;
    let api = app.api(&app.token_for(mona.id));
    api.patch(
        &format!("/members/{}", mona.id),
        json!({ "language": "sv" }),
    )
    .await;
    let html = browser.get_html("/metrics/starter").await;
    assert!(
        html.contains("Konverteringsgrad") && html.contains("Startbibliotek"),
        "{html}"
    );
    assert!(
        !html.contains("All sessions on the website"),
        "definitions are in Swedish too"
    );
    assert_eq!(english_left(&html, "sv"), Vec::<String>::new());

    let res = browser
        .post_form("/metrics/starter", &[("pick_traffic", "true")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, metrics) = api.get("/metrics").await;
    assert_eq!(metrics[0]["name"], "Trafik");
    assert!(
        metrics[0]["definition"]
            .as_str()
            .unwrap()
            .starts_with("Alla sessioner"),
        "{metrics}"
    );
    // Added in Swedish, it counts as added in English too.
    api.patch(
        &format!("/members/{}", mona.id),
        json!({ "language": "en" }),
    )
    .await;
    let html = browser.get_html("/metrics/starter").await;
    let traffic_row = html
        .split("<tr>")
        .find(|row| row.contains("<strong>Traffic</strong>"))
        .unwrap();
    assert!(
        traffic_row.contains("added") && !traffic_row.contains(r#"name="pick_traffic""#),
        "{traffic_row}"
    );
}
