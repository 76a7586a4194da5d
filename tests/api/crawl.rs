//! Every page a signed-in person can reach by following links answers without a server
//! error: a crawl of the demo team's app, as its manager and as a member.

use std::collections::{BTreeSet, VecDeque};

use scraper::{Html, Selector};

use crate::helpers::{spawn_app, Browser};

/// Follows every same-site link from `/` (GET only), at most `limit` pages; returns
/// the pages visited, failing on the first 5xx.
pub async fn crawl(browser: &Browser, limit: usize) -> BTreeSet<String> {
    let links = Selector::parse("a[href]").expect("selector");
    let mut seen = BTreeSet::from(["/".to_string()]);
    let mut queue = VecDeque::from(["/".to_string()]);
    while let Some(path) = queue.pop_front() {
        let res = browser.get(&path).await;
        let status = res.status();
        assert!(
            !status.is_server_error(),
            "GET {path} answered {status}: {}",
            res.text().await.unwrap_or_default()
        );
        let is_html = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if !is_html {
            continue;
        }
        let html = res.text().await.expect("body");
        let document = Html::parse_document(&html);
        for a in document.select(&links) {
            let href = a.value().attr("href").unwrap_or_default();
            let href = href.split('#').next().unwrap_or_default();
            if !href.starts_with('/') || href.starts_with("//") || href.starts_with("/static/") {
                continue;
            }
            if seen.len() < limit && seen.insert(href.to_string()) {
                queue.push_back(href.to_string());
            }
        }
    }
    seen
}

#[tokio::test]
async fn every_linked_page_of_the_demo_answers_without_a_server_error() {
    let app = spawn_app().await;
    let logins = app.fill_demo();

    let manager = app.browser();
    manager.login(&logins[0].0, &logins[0].1).await;
    let pages = crawl(&manager, 400).await;
    assert!(
        pages.len() > 60,
        "the manager reaches the whole app: {pages:?}"
    );
    for expected in ["/logout", "/reviews/history", "/boards/fail", "/admin/mail"] {
        assert!(pages.contains(expected), "{expected} is linked");
    }

    let member = app.browser();
    member.login(&logins[1].0, &logins[1].1).await;
    let pages = crawl(&member, 400).await;
    assert!(pages.len() > 30, "a member reaches their part: {pages:?}");
}
