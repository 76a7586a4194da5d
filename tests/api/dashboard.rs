use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn an_empty_dashboard_says_what_to_do_next() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let html = browser.get_html("/").await;
    assert!(html.contains("Nothing on the dashboard yet"));
    assert!(html.contains("/metrics/starter") && html.contains("/members/new"));
}

#[tokio::test]
async fn the_dashboard_shows_the_north_star_first_then_latest_values_changes_and_status() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let api = app.api(&app.token_for(manager.id));
    let (_, star) = api
        .post(
            "/metrics",
            json!({"name": "Nights booked", "north_star": true, "target": 1000}),
        )
        .await;
    let (_, cac) = api.post("/metrics", json!({"name": "CAC", "unit": "currency", "currency": "EUR", "direction": "lower_is_better", "target": 40, "on_dashboard": true})).await;
    let (_, conv) = api.post("/metrics", json!({"name": "Conversion rate", "unit": "percent", "target": 3, "on_dashboard": true})).await;
    api.post("/metrics", json!({"name": "Hidden", "on_dashboard": false}))
        .await;
    for (metric, month, value) in [
        (&star, "2026-01", 900.0),
        (&star, "2026-02", 1200.0),
        (&cac, "2026-01", 38.0),
        (&cac, "2026-02", 43.0),
        (&conv, "2026-01", 2.0),
        (&conv, "2026-02", 2.5),
    ] {
        api.put(
            &format!("/metrics/{}/values/{month}", metric["id"]),
            json!({"value": value}),
        )
        .await;
    }
    let html = browser.get_html("/").await;
    let star_at = html.find("Nights booked").unwrap();
    assert!(
        star_at < html.find("CAC").unwrap(),
        "the North Star comes first"
    );
    assert!(!html.contains("Hidden"));
    // North Star: 1,200 against a target of 1,000: green, up 300 is good.
    assert!(html.contains("1,200") && html.contains("+300"));
    // CAC rose from 38 to 43 EUR: a bad change for a lower-is-better metric, 3 over a
    // target of 40 is within 10 %: amber.
    let cac_card = &html[html.find("CAC").unwrap()..];
    assert!(cac_card.contains("43.00 EUR"));
    assert!(cac_card.contains("change bad\">+5.00 EUR"), "{cac_card}");
    assert!(cac_card.contains("badge amber"));
    // Conversion 2.5 % against 3 %: red; +0.5 pp is good.
    let conv_card = &html[html.find("Conversion rate").unwrap()..];
    assert!(
        conv_card.contains("2.50 %")
            && conv_card.contains("change good\">+0.50 pp")
            && conv_card.contains("badge red"),
        "{conv_card}"
    );
    assert!(
        html.contains("<svg class=\"spark\""),
        "a sparkline is drawn"
    );
    assert!(html.contains("status-green") && html.contains("Feb 2026"));
    assert!(!html.contains("overloaded") && !html.contains("A dashboard is most useful"));
}

#[tokio::test]
async fn more_than_ten_dashboard_metrics_show_a_warning() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let api = app.api(&app.token_for(manager.id));
    for i in 0..10 {
        api.post(
            "/metrics",
            json!({"name": format!("Metric {i}"), "on_dashboard": true}),
        )
        .await;
    }
    assert!(!browser
        .get_html("/")
        .await
        .contains("A dashboard is most useful"));
    api.post(
        "/metrics",
        json!({"name": "Metric 11", "on_dashboard": true}),
    )
    .await;
    let html = browser.get_html("/").await;
    assert!(
        html.contains("The dashboard shows 11 metrics. A dashboard is most useful with 5 to 10")
    );
}
