use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{error_field, location, spawn_app, text};
use kpi_rotation::models::Metric;

#[tokio::test]
async fn a_manager_creates_and_edits_a_metric_through_the_pages() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let owner = app.add_member("Ana", "ana@example.com", "Paid", "member");
    let res = browser
        .post_form(
            "/metrics",
            &[
                ("name", "CPA"),
                ("definition", "Cost per acquisition"),
                ("category", "efficiency"),
                ("unit", "currency"),
                ("currency", "dkk"),
                ("direction", "lower_is_better"),
                ("target", "120.5"),
                ("owner_id", &owner.id.to_string()),
                ("on_dashboard", "true"),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = browser.get_html(&location(&res)).await;
    assert!(
        page.contains("Cost per acquisition")
            && page.contains("120.50 DKK")
            && page.contains("Ana")
    );
    let metric = Metric::find_by_name(&mut app.conn(), "cpa")
        .unwrap()
        .unwrap();
    assert_eq!(
        (metric.currency.as_deref(), metric.target),
        (Some("DKK"), Some(120.5))
    );

    let edit = browser
        .get_html(&format!("/metrics/{}/edit", metric.id))
        .await;
    assert!(edit.contains("value=\"CPA\""));
    // Unticking "active" makes it inactive.
    let res = browser
        .post_form(
            &format!("/metrics/{}", metric.id),
            &[
                ("name", "CPA"),
                ("category", "efficiency"),
                ("unit", "count"),
                ("direction", "lower_is_better"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(!Metric::find(&mut app.conn(), metric.id).unwrap().active);
    assert!(!browser.get_html("/metrics").await.contains(">CPA<"));
    assert!(browser.get_html("/metrics?all=1").await.contains(">CPA<"));
}

#[tokio::test]
async fn metric_form_errors_name_each_field() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    browser
        .post_form("/metrics", &[("name", "NPS"), ("active", "true")])
        .await;
    let res = browser
        .post_form(
            "/metrics",
            &[
                ("name", "nps"),
                ("category", "sales"),
                ("unit", "currency"),
                ("currency", "12"),
                ("target", "lots"),
                ("owner_id", "999"),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Category \"sales\" is not one of"), "{html}");
    assert!(html.contains("Currency must be a three-letter code"));
    assert!(html.contains("Target \"lots\" is not a number"), "{html}");
    // Name and owner are checked against the database once the fields parse.
    let res = browser
        .post_form(
            "/metrics",
            &[("name", "nps"), ("owner_id", "999"), ("active", "true")],
        )
        .await;
    let html = text(res).await;
    assert!(
        html.contains("is already used by another metric")
            && html.contains("The owner (member 999) is not a member of the team")
    );
}

#[tokio::test]
async fn there_is_one_north_star_and_moving_it_needs_confirmation() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let api = app.api(&app.token_for(manager.id));
    let (status, mer) = api
        .post("/metrics", json!({"name": "MER", "north_star": true}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = api
        .post("/metrics", json!({"name": "CLV", "north_star": true}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_field(&body), "north_star");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("MER is already the North Star"));
    assert!(
        Metric::find_by_name(&mut app.conn(), "CLV")
            .unwrap()
            .is_none(),
        "nothing is half-written"
    );

    // The page asks to confirm, and moves the star when confirmed.
    let res = browser
        .post_form(
            "/metrics",
            &[("name", "CLV"), ("north_star", "true"), ("active", "true")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Yes, move the North Star"));
    let res = browser
        .post_form(
            "/metrics",
            &[
                ("name", "CLV"),
                ("north_star", "true"),
                ("move_north_star", "true"),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let star = Metric::north_star(&mut app.conn()).unwrap().unwrap();
    assert_eq!(star.name, "CLV");
    let (_, mer) = api.get(&format!("/metrics/{}", mer["id"])).await;
    assert_eq!(mer["north_star"], false);
}

#[tokio::test]
async fn the_starter_library_adds_the_picked_metrics_with_owners_in_one_step() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let ana = app.add_member("Ana", "ana@example.com", "Paid", "member");
    let page = browser.get_html("/metrics/starter").await;
    for name in [
        "MER",
        "POAS",
        "CAC",
        "CLV",
        "New customer ratio",
        "Traffic",
        "Paid traffic %",
        "Non-paid traffic %",
        "Conversion rate",
        "Bounce rate",
        "NPS",
        "CPC",
        "CPA",
        "Active email contacts",
        "Engagement rate",
    ] {
        assert!(
            page.contains(&format!("<strong>{}</strong>", name)),
            "{name}"
        );
    }
    let owner = ana.id.to_string();
    let res = browser
        .post_form(
            "/metrics/starter",
            &[
                ("pick_cac", "true"),
                ("owner_cac", &owner),
                ("pick_mer", "true"),
                ("pick_nps", "true"),
                ("owner_nps", ""),
            ],
        )
        .await;
    assert_eq!(location(&res), "/metrics");
    let cac = Metric::find_by_name(&mut app.conn(), "CAC")
        .unwrap()
        .unwrap();
    assert_eq!(
        (cac.owner_id, cac.unit.as_str(), cac.direction.as_str()),
        (Some(ana.id), "currency", "lower_is_better")
    );
    assert!(cac.formula.contains("new customers"));
    assert!(browser.get_html("/metrics/starter").await.contains("added"));

    // Picking one that exists adds none of the picks.
    let res = browser
        .post_form(
            "/metrics/starter",
            &[("pick_cpc", "true"), ("pick_cac", "true")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res)
        .await
        .contains("CAC: Name \"CAC\" is already used"));
    assert!(Metric::find_by_name(&mut app.conn(), "CPC")
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn a_metric_without_values_can_be_deleted_one_with_values_only_deactivated() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let api = app.api(&app.token_for(manager.id));
    let (_, a) = api
        .post(
            "/metrics",
            json!({"name": "Bounce rate", "unit": "percent"}),
        )
        .await;
    let (_, b) = api.post("/metrics", json!({"name": "Traffic"})).await;
    api.put(
        &format!("/metrics/{}/values/2026-01", b["id"]),
        json!({"value": 1000}),
    )
    .await;
    assert!(browser
        .get_html(&format!("/metrics/{}/delete", a["id"]))
        .await
        .contains("cannot be undone"));
    let res = browser
        .post_form(&format!("/metrics/{}/delete", a["id"]), &[])
        .await;
    assert_eq!(location(&res), "/metrics");
    let (status, body) = api.delete(&format!("/metrics/{}", b["id"])).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("deactivate it instead"));
}

#[tokio::test]
async fn a_long_metric_list_comes_in_pages_of_a_hundred() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    for i in 0..105 {
        kpi_rotation::services::metrics::create(
            &mut app.conn(),
            &kpi_rotation::domain::metric::MetricFields {
                name: format!("Metric {i:03}"),
                ..Default::default()
            },
            false,
            app.now(),
        )
        .unwrap();
    }
    let first = browser.get_html("/metrics").await;
    assert!(first.contains("Page 1 of 2 (105 metrics)"), "{first}");
    assert!(first.contains("Metric 099") && !first.contains("Metric 100"));
    let second = browser.get_html("/metrics?page=2").await;
    assert!(second.contains("Metric 100") && second.contains("Metric 104"));
    assert!(!second.contains("Metric 099"));
    // A page past the end shows the last one.
    assert!(browser
        .get_html("/metrics?page=9")
        .await
        .contains("Metric 104"));
}
