//! Signal or noise: a metric's analysis over the API and on the pages, events, the
//! signals-first agenda, and the review's own numbers.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_refused, spawn_app, text, Api, PASSWORD};

/// Twelve steady months from January 2025 around 100, then a level shift to about 110.
const STEADY: [f64; 12] = [
    100.0, 102.0, 98.0, 101.0, 99.0, 100.0, 103.0, 97.0, 100.0, 101.0, 99.0, 100.0,
];
const SHIFTED: [f64; 7] = [110.0, 111.0, 109.0, 110.0, 112.0, 110.0, 111.0];

fn months_from_2025(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{}-{:02}", 2025 + i / 12, i % 12 + 1))
        .collect()
}

async fn record(api: &Api, metric: i64, values: &[f64]) {
    for (month, value) in months_from_2025(values.len()).iter().zip(values) {
        let (status, body) = api
            .put(
                &format!("/metrics/{metric}/values/{month}"),
                json!({ "value": value }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

/// A review in March 2027 (ahead of the tests' clock) about July 2026's numbers,
/// drawn and published; its assignments.
async fn july_review(api: &Api, extra: Value) -> Vec<Value> {
    let mut body = json!({"month": "2027-03", "starts_at": "2027-03-02T09:00:00+01:00", "data_month": "2026-07"});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let (status, review) = api.post("/reviews", body).await;
    assert_eq!(status, StatusCode::CREATED, "{review}");
    let (status, body) = api.post("/reviews/2027-03/draw", json!({"seed": 3})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = api.post("/reviews/2027-03/publish", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, list) = api.get("/reviews/2027-03/assignments").await;
    list.as_array().cloned().unwrap_or_default()
}

fn rules_on(analysis: &Value, month: &str) -> Vec<String> {
    analysis["signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["month"] == month)
        .map(|s| s["rule"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_level_shift_is_a_signal_with_limits_comparisons_and_events() {
    let app = spawn_app().await;
    let team = app.team();
    let ids = team
        .metrics(
            &[("Signups", "Ana")],
            json!({"target": 105, "unit": "count"}),
        )
        .await;
    let metric = ids[0];
    let mut values = STEADY.to_vec();
    values.extend(SHIFTED);
    record(&team.api, metric, &values).await;

    let (status, a) = team.api.get(&format!("/metrics/{metric}/analysis")).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    // July 2026 is the latest month: outside the limits and the 7th month of a shift.
    assert_eq!(a["month"], "2026-07");
    assert_eq!(a["value"], 111.0);
    assert_eq!(a["variation"], "special_cause_improvement");
    assert_eq!(a["assurance"], "hit_and_miss");
    let limits = &a["limits"];
    assert_eq!(limits["centre"], 100.0);
    assert_eq!(limits["baseline_from"], "2025-01");
    assert_eq!(limits["baseline_to"], "2025-12");
    assert_eq!(limits["points"], 12);
    assert_eq!(limits["trial"], false);
    let mr = limits["moving_range_mean"].as_f64().unwrap();
    assert!((mr - 28.0 / 11.0).abs() < 1e-9);
    assert!((limits["upper"].as_f64().unwrap() - (100.0 + 2.66 * mr)).abs() < 1e-9);
    let mut rules = rules_on(&a, "2026-07");
    rules.sort();
    assert_eq!(rules, ["outside_limits", "shift", "two_of_three"]);
    assert!(rules_on(&a, "2025-12").is_empty());
    assert!(rules_on(&a, "2026-01").contains(&"shift".to_string()));
    assert_eq!(a["previous"]["month"], "2026-06");
    assert_eq!(a["previous"]["change"], 1.0);
    assert_eq!(a["year_ago"]["month"], "2025-07");
    assert_eq!(a["year_ago"]["change"], 8.0);
    // A count sums: January to July 2026 against January to July 2025.
    assert_eq!(a["year_to_date"]["value"], 773.0);
    assert_eq!(a["year_to_date"]["year_ago_value"], 703.0);
    assert_eq!(a["year_to_date"]["months"], 7);
    assert_eq!(a["target"]["gap"], 6.0);

    // A month in the steady year is common cause; a month without a value is 404.
    let (_, steady) = team
        .api
        .get(&format!("/metrics/{metric}/analysis?month=2025-10"))
        .await;
    assert_eq!(steady["variation"], "common_cause");
    assert!(steady["year_ago"].is_null());
    let (status, body) = team
        .api
        .get(&format!("/metrics/{metric}/analysis?month=2027-03"))
        .await;
    assert_refused(status, &body, StatusCode::NOT_FOUND, "March 2027");
    let (status, _) = team
        .api
        .get(&format!("/metrics/{metric}/analysis?month=March"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // An event that changed the process restarts the limits: trial limits from January.
    let (status, event) = team
        .api
        .post(
            &format!("/metrics/{metric}/events"),
            json!({"month": "2026-01", "title": "New landing page", "note": "Shorter form", "rebase": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    assert_eq!(event["author_id"], i64::from(team.manager.id));
    let (_, a) = team.api.get(&format!("/metrics/{metric}/analysis")).await;
    assert_eq!(a["limits"]["baseline_from"], "2026-01");
    assert_eq!(a["limits"]["trial"], true);
    assert_eq!(a["variation"], "common_cause");
    assert_eq!(a["events"][0]["title"], "New landing page");
    let (_, list) = team.api.get(&format!("/metrics/{metric}/events")).await;
    assert_eq!(list.as_array().unwrap().len(), 1);

    // Bad events are refused, naming the field; a member who is neither owner nor
    // presenter may not write one; the owner may.
    let (status, body) = team
        .api
        .post(
            &format!("/metrics/{metric}/events"),
            json!({"month": "soon"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "month");
    let sam = app.api(&app.token_for(team.members[1].id));
    let (status, _) = sam
        .post(
            &format!("/metrics/{metric}/events"),
            json!({"month": "2026-02", "title": "Mine"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let ana = app.api(&app.token_for(team.members[0].id));
    let (status, _) = ana
        .post(
            &format!("/metrics/{metric}/events"),
            json!({"month": "2026-03", "title": "Tracking broken 3–9 March"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = event["id"].as_i64().unwrap();
    let (status, _) = sam.delete(&format!("/metrics/{metric}/events/{id}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = team
        .api
        .delete(&format!("/metrics/{metric}/events/{id}"))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, a) = team.api.get(&format!("/metrics/{metric}/analysis")).await;
    assert_eq!(
        a["limits"]["baseline_from"], "2025-01",
        "the rebase is gone"
    );
}

#[tokio::test]
async fn one_value_has_no_comparisons_and_a_zero_month_no_percentage() {
    let app = spawn_app().await;
    let team = app.team();
    let ids = team
        .metrics(
            &[("NPS", "Ana"), ("Refunds", "Sam")],
            json!({"unit": "score", "target": 0}),
        )
        .await;
    record(&team.api, ids[0], &[42.0]).await;
    let (status, a) = team.api.get(&format!("/metrics/{}/analysis", ids[0])).await;
    assert_eq!(status, StatusCode::OK);
    for field in [
        "previous",
        "year_ago",
        "year_to_date",
        "limits",
        "assurance",
    ] {
        assert!(a[field].is_null(), "{field}: {a}");
    }
    assert_eq!(a["variation"], "too_few_points");
    assert!(
        a["target"]["gap_pct"].is_null(),
        "a zero target has no percentage"
    );
    record(&team.api, ids[1], &[0.0, 3.0]).await;
    let (_, a) = team.api.get(&format!("/metrics/{}/analysis", ids[1])).await;
    assert_eq!(a["previous"]["change"], 3.0);
    assert!(a["previous"]["change_pct"].is_null());
    // A metric with no values has nothing to analyse.
    let (_, m) = team.api.post("/metrics", json!({"name": "Empty"})).await;
    let (status, _) = team
        .api
        .get(&format!("/metrics/{}/analysis", m["id"]))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn aggregation_defaults_by_unit_and_can_be_chosen() {
    let app = spawn_app().await;
    let team = app.team();
    let (_, rate) = team
        .api
        .post("/metrics", json!({"name": "Bounce", "unit": "percent"}))
        .await;
    assert_eq!(rate["aggregation"], "average");
    let (_, count) = team.api.post("/metrics", json!({"name": "Orders"})).await;
    assert_eq!(count["aggregation"], "sum");
    let id = count["id"].as_i64().unwrap();
    let (status, body) = team
        .api
        .patch(&format!("/metrics/{id}"), json!({"aggregation": "median"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "aggregation");
    let (_, changed) = team
        .api
        .patch(&format!("/metrics/{id}"), json!({"aggregation": "last"}))
        .await;
    assert_eq!(changed["aggregation"], "last");
    record(&team.api, id, &[5.0, 7.0, 6.0]).await;
    let (_, a) = team.api.get(&format!("/metrics/{id}/analysis")).await;
    assert_eq!(a["year_to_date"]["value"], 6.0);
    let (_, back) = team
        .api
        .patch(&format!("/metrics/{id}"), json!({"aggregation": null}))
        .await;
    assert_eq!(back["aggregation"], "sum");
}

#[tokio::test]
async fn signals_first_puts_the_shift_first_with_twice_the_time() {
    let app = spawn_app().await;
    let team = app.team();
    let ids = team
        .metrics(
            &[("Calm", "Ana"), ("Shifted", "Sam"), ("Quiet", "Chris")],
            json!({}),
        )
        .await;
    let mut shifted = STEADY.to_vec();
    shifted.extend(SHIFTED);
    let mut calm = STEADY.to_vec();
    calm.extend(&STEADY[..7]);
    record(&team.api, ids[0], &calm).await;
    record(&team.api, ids[1], &shifted).await;
    record(&team.api, ids[2], &calm).await;
    let list = july_review(&team.api, json!({"agenda": "signals_first"})).await;
    let (_, review) = team.api.get("/reviews/2027-03").await;
    assert_eq!(review["agenda"], "signals_first");
    assert_eq!(list[0]["metric_id"], ids[1], "the signal comes first");
    assert_eq!(list[0]["position"], 0);
    let first = list[0]["timebox_seconds"].as_i64().unwrap();
    let second = list[1]["timebox_seconds"].as_i64().unwrap();
    assert_eq!(first, 2 * second);
    // A 30-minute meeting less the default opening and closing, to the second.
    let total: i64 = list
        .iter()
        .map(|a| a["timebox_seconds"].as_i64().unwrap())
        .sum();
    let (_, settings) = team.api.get("/settings").await;
    let slots = 30
        - settings["opening_minutes"].as_i64().unwrap()
        - settings["closing_minutes"].as_i64().unwrap();
    assert_eq!(total, slots * 60);

    // Back to standard: the draw's order, equal slots; an unknown agenda is refused.
    let (status, body) = team
        .api
        .patch("/reviews/2027-03", json!({"agenda": "loudest_first"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "agenda");
    let (_, review) = team
        .api
        .patch("/reviews/2027-03", json!({"agenda": "standard"}))
        .await;
    assert_eq!(review["agenda"], "standard");
    let (_, list) = team.api.get("/reviews/2027-03/assignments").await;
    let boxes: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["timebox_seconds"].as_i64().unwrap())
        .collect();
    assert!(boxes.windows(2).all(|w| w[0] == w[1]), "{boxes:?}");

    // The page offers the choice and marks the signal.
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    let res = manager
        .post_form("/reviews/2027-03/agenda", &[("agenda", "signals_first")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = manager.get_html("/reviews/2027-03").await;
    assert!(
        page.contains("signal: improvement"),
        "the shifted metric is marked"
    );
    let shifted_at = page.find("<strong>Shifted</strong>").unwrap();
    let calm_at = page.find("<strong>Calm</strong>").unwrap();
    assert!(shifted_at < calm_at, "the page lists the agenda's order");

    // The summary gives each metric's variation, the signals first.
    manager.start_meeting("2027-03").await;
    let res = manager
        .post_form("/reviews/2027-03/run/end", &[("confirm", "true")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let ana = &team.members[0];
    manager
        .post_form(
            "/reviews/2027-03/summary",
            &[(&format!("to_{}", ana.id), "true")],
        )
        .await;
    let summary = kpi_rotation::models::OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|x| x.kind == "summary")
        .expect("a summary");
    let body = &summary.body_text;
    let shifted_at = body.find("Shifted").expect("Shifted in the summary");
    assert!(shifted_at < body.find("Calm").unwrap(), "{body}");
    assert!(body.contains("[signal: improvement]"), "{body}");
    assert!(body.contains("[usual range]"), "{body}");
    assert!(body.contains("July 2026 is inside the usual range: nothing to explain."));
}

#[tokio::test]
async fn the_presenter_sees_the_signal_and_the_event_that_explains_it() {
    let app = spawn_app().await;
    let team = app.team();
    let ids = team
        .metrics(&[("Signups", "Ana")], json!({"on_dashboard": true}))
        .await;
    let mut values = STEADY.to_vec();
    values.extend(SHIFTED);
    record(&team.api, ids[0], &values).await;
    team.api
        .post(
            &format!("/metrics/{}/events", ids[0]),
            json!({"month": "2026-01", "title": "Price cut on the starter plan"}),
        )
        .await;
    let assignments = july_review(&team.api, json!({})).await;
    let presenter = assignments[0]["presenter_id"].as_i64().unwrap();
    let id = assignments[0]["id"].as_i64().unwrap();
    let person = team.person(presenter);
    let browser = app.browser();
    browser.login(&person.email, PASSWORD).await;
    let page = text(
        browser
            .get(&format!("/assignments/{id}/presentation"))
            .await,
    )
    .await;
    assert!(page.contains("Signal or noise?"));
    assert!(
        page.contains("July 2026 is a signal of improvement"),
        "{page}"
    );
    assert!(page.contains("Price cut on the starter plan"));
    assert!(page.contains("Month before (Jun 2026)"));
    assert!(page.contains("A year ago (Jul 2025)"));
    assert!(
        page.contains("class=\"band\""),
        "the chart draws the usual range"
    );
    // The default template asks the question.
    let (_, p) = app
        .api(&app.token_for(person.id))
        .get(&format!("/assignments/{id}/presentation"))
        .await;
    let keys: Vec<&str> = p["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"signal"), "{keys:?}");
    // The presenter may add an event about the metric they present.
    let res = browser
        .post_form(
            &format!("/metrics/{}/events", ids[0]),
            &[("month", "2026-07"), ("title", "Black week campaign")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let metric_page = text(browser.get(&format!("/metrics/{}", ids[0])).await).await;
    assert!(metric_page.contains("Black week campaign"));
    assert!(metric_page.contains("Signal or noise: July 2026"));
    // The dashboard says it too.
    let dashboard = text(browser.get("/").await).await;
    assert!(dashboard.contains("signal: improvement"), "{dashboard}");
    // The meeting slot shows the same facts.
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    manager.start_meeting("2027-03").await;
    manager
        .post_form("/reviews/2027-03/run/slot", &[("go", "1")])
        .await;
    let slot = text(manager.get("/reviews/2027-03/run").await).await;
    assert!(slot.contains("July 2026 is a signal of improvement"));
    assert!(slot.contains("Black week campaign"));
}

#[tokio::test]
async fn the_reviews_own_numbers_come_from_each_held_meeting() {
    let app = spawn_app().await;
    let team = app.team();
    team.metrics(&[("A", "Ana"), ("B", "Sam")], json!({})).await;
    let (_, empty) = team.api.get("/reviews/health").await;
    assert_eq!(empty, json!([]));
    let assignments = july_review(&team.api, json!({})).await;
    // One of the two presenters submits before the deadline.
    let first = &assignments[0];
    let who = app.api(&app.token_for(first["presenter_id"].as_i64().unwrap() as i32));
    let (status, _) = who
        .post(
            &format!("/assignments/{}/presentation/submit", first["id"]),
            json!({"value": 3, "answers": {"insight": "Fewer visits, better ones"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    manager.start_meeting("2027-03").await;
    manager
        .post_form("/reviews/2027-03/run/slot", &[("go", "1")])
        .await;
    manager
        .post_form("/reviews/2027-03/run/slot", &[("go", "3")])
        .await;
    let res = manager
        .post_form("/reviews/2027-03/run/end", &[("confirm", "true")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (status, rows) = team.api.get("/reviews/health").await;
    assert_eq!(status, StatusCode::OK);
    let row = &rows[0];
    assert_eq!(row["month"], "2027-03");
    assert_eq!(row["submitted_share"], 0.5);
    assert_eq!(row["fact_checked_share"], 0.0);
    // Started months early (the tests' clock is today) and ended at once.
    assert!(row["start_delay_minutes"].as_f64().unwrap() < 0.0, "{row}");
    assert!(
        row["overrun_minutes"].as_f64().unwrap() < 0.0,
        "ended early: {row}"
    );
    assert!(row["clarity_mean"].is_null());
    let page = text(manager.get("/reviews/health").await).await;
    assert!(page.contains("March 2027"));
    assert!(page.contains("50 %"));
    assert!(page.contains("no usual range yet"));
}
