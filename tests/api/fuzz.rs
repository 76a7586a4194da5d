//! A fuzz pass over every HTML form of the demo team's app: random, oversized and
//! wrongly typed fields, a missing CSRF token, unknown ids, and a member posting to the
//! manager's forms. The server answers each with a 4xx (or, for input it can take, a
//! redirect), never a 5xx.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use scraper::{Html, Selector};

use crate::crawl::crawl;
use crate::helpers::{spawn_app, Browser};

/// A form as the page has it: where it posts and its fields with their types.
#[derive(Clone, Debug)]
struct Form {
    action: String,
    fields: Vec<(String, String)>, // (name, type)
}

async fn forms_of(browser: &Browser, pages: &[String]) -> BTreeMap<String, Form> {
    let form = Selector::parse("form[method=post]").unwrap();
    let control = Selector::parse("input[name], textarea[name], select[name]").unwrap();
    let mut found = BTreeMap::new();
    for page in pages {
        let res = browser.get(page).await;
        if res.status() != StatusCode::OK {
            continue;
        }
        let html = Html::parse_document(&res.text().await.unwrap());
        for f in html.select(&form) {
            let action = f.value().attr("action").unwrap_or(page).to_string();
            // One form per route shape ("/cards/12/kudos" and "/cards/13/kudos" alike).
            let shape: String = action
                .split('/')
                .map(|s| {
                    if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
                        "N"
                    } else {
                        s
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            if action.starts_with("/logout") || found.contains_key(&shape) {
                continue;
            }
            let fields = f
                .select(&control)
                .map(|c| {
                    let name = c.value().attr("name").unwrap_or_default().to_string();
                    let kind = match c.value().name() {
                        "input" => c.value().attr("type").unwrap_or("text").to_string(),
                        other => other.to_string(),
                    };
                    (name, kind)
                })
                .filter(|(name, _)| name != "csrf_token")
                .collect();
            found.insert(shape, Form { action, fields });
        }
    }
    found
}

/// A hostile value for a field of type `kind`.
fn hostile(rng: &mut impl Rng, kind: &str) -> String {
    match rng.gen_range(0..9) {
        0 => "x".repeat(200_000),
        1 => String::new(),
        2 => "-1".into(),
        3 => "99999999999999999999999".into(),
        4 => "<script>alert(1)</script>' OR '1'='1".into(),
        5 => "\u{0}\u{202e}😀 ünïcödé".into(),
        6 => "NaN".into(),
        7 if kind == "number" || kind == "date" || kind == "month" => "not a number".into(),
        _ => (0..rng.gen_range(1..40))
            .map(|_| rng.gen_range(b' '..=b'~') as char)
            .collect(),
    }
}

fn assert_no_server_error(what: &str, status: StatusCode) {
    assert!(
        !status.is_server_error(),
        "{what} answered {status}: a server error"
    );
}

#[tokio::test]
async fn every_form_survives_hostile_input_missing_csrf_and_foreign_ids() {
    let app = spawn_app().await;
    let logins = app.fill_demo();
    let manager = app.browser();
    manager.login(&logins[0].0, &logins[0].1).await;
    let pages: Vec<String> = crawl(&manager, 300).await.into_iter().collect();
    let forms = forms_of(&manager, &pages).await;
    assert!(forms.len() > 30, "the manager's forms: {:?}", forms.keys());

    // Without the CSRF token, every form is refused before it does anything.
    for form in forms.values() {
        let fields: Vec<(&str, &str)> =
            form.fields.iter().map(|(n, _)| (n.as_str(), "1")).collect();
        let status = manager.post_raw(&form.action, &fields).await.status();
        assert!(
            status.is_client_error(),
            "POST {} without a CSRF token answered {status}",
            form.action
        );
    }

    // A member posting to the manager's forms gets a 4xx too (or the member's own
    // version of a page, for forms anyone may use).
    let member = app.browser();
    member.login(&logins[1].0, &logins[1].1).await;
    for form in forms.values() {
        let status = member.post_form(&form.action, &[]).await.status();
        assert_no_server_error(&format!("member POST {}", form.action), status);
    }

    // Unknown ids: every number in the path replaced by one that does not exist.
    for form in forms
        .values()
        .filter(|f| f.action.chars().any(|c| c.is_ascii_digit()))
    {
        let action: String = form
            .action
            .split('/')
            .map(|s| {
                if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                    "987654"
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        if action == form.action {
            continue; // the digits were in a month, e.g. /reviews/2026-12/…
        }
        let status = manager
            .post_form(&action, &[("confirm", "true")])
            .await
            .status();
        assert!(
            status.is_client_error(),
            "POST {action} (an unknown id) answered {status}"
        );
    }

    // Random, oversized and wrongly typed fields, many rounds per form; the deleting
    // forms last, so the others still find their objects.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(8);
    let mut ordered: Vec<&Form> = forms.values().collect();
    ordered.sort_by_key(|f| f.action.contains("delete") || f.action.contains("cancel"));
    let mut posts = 0;
    for form in ordered {
        for _ in 0..6 {
            let mut values: Vec<(String, String)> = Vec::new();
            for (name, kind) in &form.fields {
                if rng.gen_bool(0.85) {
                    values.push((name.clone(), hostile(&mut rng, kind)));
                }
            }
            let fields: Vec<(&str, &str)> = values
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let status = manager.post_form(&form.action, &fields).await.status();
            assert_no_server_error(
                &format!("POST {} with {:.200?}", form.action, fields),
                status,
            );
            posts += 1;
        }
    }
    assert!(posts > 150);
    // And the app still works afterwards.
    assert_eq!(manager.get("/").await.status(), StatusCode::OK);
}
