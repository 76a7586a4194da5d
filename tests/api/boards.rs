use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{location, spawn_app, text, Api, TestApp, PASSWORD};
use kpi_rotation::models::Member;

struct Team {
    manager: Api,
    ana: (Member, Api),
    sam: (Member, Api),
}

async fn team(app: &TestApp) -> Team {
    let team = app.team_of(&[("Ana", "Paid"), ("Sam", "SEO")]);
    let (ana, sam) = (team.members[0].clone(), team.members[1].clone());
    Team {
        ana: (ana.clone(), app.api(&app.token_for(ana.id))),
        sam: (sam.clone(), app.api(&app.token_for(sam.id))),
        manager: team.api,
    }
}

#[tokio::test]
async fn members_post_cards_authors_edit_them_and_only_managers_delete() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let (status, card) = t.ana.1.post("/cards", json!({"kind": "success", "title": "Exact match cut CPA", "body": "We paused **broad match**.", "outcome": "CPA fell from 48 to 39 EUR.", "coauthor_ids": [t.sam.0.id]})).await;
    assert_eq!(status, StatusCode::CREATED, "{card}");
    for key in [
        "id",
        "kind",
        "title",
        "body",
        "lesson",
        "metric_id",
        "month",
        "author_id",
        "kudos",
    ] {
        assert!(card.get(key).is_some(), "{key}");
    }
    assert_eq!(card["coauthor_ids"], json!([t.sam.0.id]));
    let id = card["id"].as_i64().unwrap();
    let (status, _) = t
        .sam
        .1
        .patch(&format!("/cards/{id}"), json!({"title": "mine now"}))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a co-author is not the author"
    );
    let (status, edited) = t
        .ana
        .1
        .patch(
            &format!("/cards/{id}"),
            json!({"title": "Exact match cut CPA by 19 %"}),
        )
        .await;
    assert_eq!(
        (status, edited["title"].as_str()),
        (StatusCode::OK, Some("Exact match cut CPA by 19 %"))
    );
    let (status, _) = t
        .manager
        .patch(&format!("/cards/{id}"), json!({"month": "2026-10"}))
        .await;
    assert_eq!(status, StatusCode::OK, "managers edit");
    let (status, _) = t.ana.1.delete(&format!("/cards/{id}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only managers delete");

    // The page: permalink, then delete after a confirmation.
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    let page = manager.get_html(&format!("/cards/{id}")).await;
    assert!(page.contains("<strong>broad match</strong>") && page.contains("with Sam"));
    assert!(manager
        .get_html(&format!("/cards/{id}/delete"))
        .await
        .contains("cannot be undone"));
    let res = manager.post_form(&format!("/cards/{id}/delete"), &[]).await;
    assert_eq!(location(&res), "/boards/success");
    let (status, _) = t.manager.get(&format!("/cards/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_cards_are_refused_with_the_field_named() {
    let app = spawn_app().await;
    let t = team(&app).await;
    for (body, field) in [
        (json!({"kind": "fail", "title": "Tried TikTok"}), "lesson"),
        (json!({"kind": "success", "title": ""}), "title"),
        (json!({"kind": "meh", "title": "x"}), "kind"),
        (
            json!({"kind": "success", "title": "x", "metric_id": 999}),
            "metric_id",
        ),
        (
            json!({"kind": "success", "title": "x", "month": "2026-13"}),
            "month",
        ),
        (
            json!({"kind": "success", "title": "x".repeat(121)}),
            "title",
        ),
    ] {
        let (status, err) = t.ana.1.post("/cards", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(err["error"]["field"], field, "{body}");
    }
    let browser = app.browser();
    browser.login("ana@example.com", PASSWORD).await;
    let res = browser
        .post_form(
            "/cards",
            &[
                ("kind", "fail"),
                ("title", "Tried TikTok"),
                ("body", "3 weeks of videos"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(
        html.contains("What we learned must not be empty on a fail card")
            && html.contains("3 weeks of videos")
    );
    let (_, list) = t.manager.get("/cards").await;
    assert!(list.as_array().unwrap().is_empty(), "nothing was created");
}

#[tokio::test]
async fn kudos_are_one_per_person_and_can_be_taken_back() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let (_, card) = t
        .ana
        .1
        .post(
            "/cards",
            json!({"kind": "success", "title": "Newsletter revived"}),
        )
        .await;
    let id = card["id"].as_i64().unwrap();
    let (status, k) = t.sam.1.post(&format!("/cards/{id}/kudos"), json!({})).await;
    assert_eq!((status, k["kudos"].as_i64()), (StatusCode::OK, Some(1)));
    let (status, _) = t.sam.1.post(&format!("/cards/{id}/kudos"), json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "kudos twice");
    t.manager
        .post(&format!("/cards/{id}/kudos"), json!({}))
        .await;
    let (_, card) = t.ana.1.get(&format!("/cards/{id}")).await;
    assert_eq!(card["kudos"], 2);
    let (status, k) = t.sam.1.delete(&format!("/cards/{id}/kudos")).await;
    assert_eq!((status, k["kudos"].as_i64()), (StatusCode::OK, Some(1)));
    let (status, _) = t.sam.1.delete(&format!("/cards/{id}/kudos")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The board shows the most celebrated card of the month.
    let browser = app.browser();
    browser.login("sam@example.com", PASSWORD).await;
    let board = browser.get_html("/boards/success").await;
    assert!(board.contains("Most celebrated this month") && board.contains("★ 1"));
    let res = browser
        .post_form(
            &format!("/cards/{id}/kudos"),
            &[("action", "give"), ("back", "/boards/success")],
        )
        .await;
    assert_eq!(location(&res), "/boards/success");
    assert!(browser
        .get_html("/boards/success")
        .await
        .contains("take back my kudos"));
}

#[tokio::test]
async fn boards_filter_search_and_paginate() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let (_, metric) = t
        .manager
        .post("/metrics", json!({"name": "Engagement rate"}))
        .await;
    for i in 0..23 {
        t.ana
            .1
            .post(
                "/cards",
                json!({"kind": "success", "title": format!("Win number {i}"), "month": "2026-09"}),
            )
            .await;
    }
    t.sam.1.post("/cards", json!({"kind": "fail", "title": "Short videos", "body": "We posted TikTok clips daily", "lesson": "Our buyers are not there", "metric_id": metric["id"], "month": "2026-10"})).await;
    let browser = app.browser();
    browser.login("mona@example.com", PASSWORD).await;
    let first = browser.get_html("/boards/success").await;
    assert!(
        first.contains("Page 1 of 2 (23 cards)")
            && first.contains("Win number 22")
            && !first.contains("Win number 0<")
    );
    assert!(first.contains("href=\"?page=2\" rel=\"next\""), "{first}");
    assert!(browser
        .get_html("/boards/success?page=2")
        .await
        .contains("Win number 0"));
    // The next page keeps the search.
    let searched = browser.get_html("/boards/success?q=win").await;
    assert!(
        searched.contains("href=\"?q=win&amp;page=2\" rel=\"next\""),
        "{searched}"
    );
    // Full-text search finds a word from the body, with prefix matching.
    let found = browser.get_html("/boards/fail?q=tikto").await;
    assert!(found.contains("Short videos"));
    assert!(browser
        .get_html("/boards/fail?q=instagram")
        .await
        .contains("No card matches"));
    assert!(
        browser
            .get_html("/boards/fail?q=%22%2A%28")
            .await
            .contains("Short videos"),
        "odd input is not an error"
    );
    let (_, by_metric) = t
        .manager
        .get(&format!("/cards?metric_id={}", metric["id"]))
        .await;
    assert_eq!(by_metric.as_array().unwrap().len(), 1);
    let (_, by_month) = t.manager.get("/cards?month=2026-09&kind=success").await;
    assert_eq!(by_month.as_array().unwrap().len(), 23);
    let (_, by_author) = t
        .manager
        .get(&format!("/cards?author_id={}", t.sam.0.id))
        .await;
    assert_eq!(by_author.as_array().unwrap().len(), 1);
    let by_department = browser.get_html("/boards?department=SEO").await;
    assert!(by_department.contains("Short videos") && !by_department.contains("Win number"));
    let (status, err) = t.manager.get("/cards?month=september").await;
    assert_eq!(
        (status, err["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("month"))
    );
    // The metric's page lists its cards.
    assert!(browser
        .get_html(&format!("/metrics/{}", metric["id"]))
        .await
        .contains("Short videos"));
}

#[tokio::test]
async fn a_search_with_many_matches_counts_a_few_pages_ahead_and_pages_on_newest_first() {
    let app = spawn_app().await;
    let t = team(&app).await;
    for i in 0..225 {
        let (status, _) = t
            .ana
            .1
            .post(
                "/cards",
                json!({"kind": "success", "title": format!("Budget win {i}")}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let browser = app.browser();
    browser.login("mona@example.com", PASSWORD).await;
    let first = browser.get_html("/boards/success?q=budget").await;
    assert!(first.contains("Page 1 of 11+ (220+ cards)"), "{first}");
    assert!(first.contains("Budget win 224") && !first.contains("Budget win 204<"));
    let eleventh = browser.get_html("/boards/success?q=budget&page=11").await;
    assert!(eleventh.contains("Page 11 of 12 (225 cards)"), "{eleventh}");
    assert!(
        eleventh.contains("Budget win 24<")
            && eleventh.contains("href=\"?q=budget&amp;page=12\" rel=\"next\"")
    );
    let last = browser.get_html("/boards/success?q=budget&page=99").await;
    assert!(last.contains("Page 12 of 12 (225 cards)") && last.contains("Budget win 0<"));
}

#[tokio::test]
async fn an_author_may_hide_their_name_on_a_fail_card_from_the_team_but_not_from_managers() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let (status, card) = t.ana.1.post("/cards", json!({"kind": "fail", "title": "Doubled the budget in a week", "lesson": "Ramp slowly", "anonymous": true})).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = card["id"].as_i64().unwrap();
    let (_, seen_by_sam) = t.sam.1.get(&format!("/cards/{id}")).await;
    assert!(seen_by_sam["author_id"].is_null());
    let (_, by_author) = t
        .sam
        .1
        .get(&format!("/cards?author_id={}", t.ana.0.id))
        .await;
    assert!(
        by_author.as_array().unwrap().is_empty(),
        "filters do not reveal the author"
    );
    let (_, seen_by_manager) = t.manager.get(&format!("/cards/{id}")).await;
    assert_eq!(seen_by_manager["author_id"], t.ana.0.id);
    let sam_browser = app.browser();
    sam_browser.login("sam@example.com", PASSWORD).await;
    let page = sam_browser.get_html(&format!("/cards/{id}")).await;
    assert!(page.contains("someone on the team") && !page.contains("Ana"));
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    assert!(manager
        .get_html(&format!("/cards/{id}"))
        .await
        .contains("Ana (hidden from the team)"));
    // With anonymity off, nobody can hide.
    t.manager
        .patch("/settings", json!({"anonymous_feedback": false}))
        .await;
    let (status, err) = t
        .sam
        .1
        .post(
            "/cards",
            json!({"kind": "fail", "title": "x", "lesson": "y", "anonymous": true}),
        )
        .await;
    assert_eq!(
        (status, err["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("anonymous"))
    );
}

#[tokio::test]
async fn the_atom_feeds_are_valid_need_a_personal_token_and_hide_anonymous_authors() {
    let app = spawn_app().await;
    let t = team(&app).await;
    t.ana.1.post("/cards", json!({"kind": "fail", "title": "Doubled the budget", "lesson": "Ramp <slowly> & carefully", "anonymous": true})).await;
    t.sam
        .1
        .post(
            "/cards",
            json!({"kind": "fail", "title": "Pop-up on entry", "lesson": "Bounce went up"}),
        )
        .await;
    let browser = app.browser();
    browser.login("sam@example.com", PASSWORD).await;
    let account = text(browser.get("/account").await).await;
    let start = account.find("/boards/fail.atom?member=").unwrap();
    let begin = account[..start].rfind("http").unwrap();
    let url: String = account[begin..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '<')
        .collect();
    let res = reqwest::get(&url).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let body = res.text().await.unwrap();
    let doc = roxmltree::Document::parse(&body).expect("the feed is well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        (root.tag_name().name(), root.tag_name().namespace()),
        ("feed", Some("http://www.w3.org/2005/Atom"))
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 2);
    for entry in &entries {
        for child in ["title", "id", "updated", "author", "content"] {
            assert!(
                entry.children().any(|n| n.has_tag_name(child)),
                "entry has {child}"
            );
        }
    }
    assert!(
        body.contains("someone on the team") && !body.contains("<name>Ana"),
        "{body}"
    );
    // No token, a wrong token, or a reset link: no feed.
    let bare = url.split('?').next().unwrap();
    assert_eq!(
        reqwest::get(bare).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        reqwest::get(format!("{url}x")).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    browser.post_form("/account/feeds/reset", &[]).await;
    assert_eq!(
        reqwest::get(&url).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn script_in_every_card_field_comes_back_inert() {
    let app = spawn_app().await;
    let t = team(&app).await;
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>[click](javascript:alert(3)) ![i](javascript:alert(4))";
    let (status, card) = t
        .ana
        .1
        .post(
            "/cards",
            json!({"kind": "fail", "title": evil, "body": evil, "outcome": evil, "lesson": evil}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let browser = app.browser();
    browser.login("sam@example.com", PASSWORD).await;
    for path in [
        format!("/cards/{}", card["id"]),
        "/boards/fail".to_string(),
        "/boards".to_string(),
    ] {
        let html = browser.get_html(&path).await;
        // The text may show the payload escaped; no live tag or attribute may carry it.
        assert!(!html.contains("<script>alert"), "{path}");
        for needle in ["onerror", "javascript:"] {
            assert!(
                !inside_a_tag(&html, needle),
                "{path}: {needle} inside a tag"
            );
        }
        assert!(
            html.contains("&lt;script&gt;"),
            "{path}: the title is shown as text"
        );
    }
}

/// Whether `needle` occurs inside markup (after a `<` not yet closed by `>`), as opposed
/// to in escaped text.
fn inside_a_tag(html: &str, needle: &str) -> bool {
    html.match_indices(needle).any(|(at, _)| {
        let before = &html[..at];
        matches!((before.rfind('<'), before.rfind('>')), (Some(open), close) if close.is_none_or(|c| c < open))
    })
}
