use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{error_field, location, spawn_app, text};

#[tokio::test]
async fn the_owner_and_managers_enter_values_other_members_cannot() {
    let app = spawn_app().await;
    let (manager_browser, manager) = app.manager_browser().await;
    let (owner_browser, owner) = app.member_browser("owner@example.com").await;
    let other = app.add_member("Other", "other@example.com", "Content", "member");
    let api = app.api(&app.token_for(manager.id));
    let (_, metric) = api.post("/metrics", json!({"name": "Conversion rate", "unit": "percent", "owner_id": owner.id, "target": 2.5})).await;
    let id = metric["id"].as_i64().unwrap();

    let res = owner_browser
        .post_form(
            &format!("/metrics/{id}/values"),
            &[
                ("month", "2026-01"),
                ("value", "2.1"),
                ("note", "tracking broke on the 12th"),
            ],
        )
        .await;
    assert_eq!(location(&res), format!("/metrics/{id}"));
    let res = manager_browser
        .post_form(
            &format!("/metrics/{id}/values"),
            &[("month", "2026-01"), ("value", "2.2")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "a manager corrects the value"
    );

    let (status, body) = app
        .api(&app.token_for(other.id))
        .put(
            &format!("/metrics/{id}/values/2026-02"),
            json!({"value": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "forbidden");

    let (status, values) = api.get(&format!("/metrics/{id}/values")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(values.as_array().unwrap().len(), 1);
    assert_eq!(
        (values[0]["month"].as_str(), values[0]["value"].as_f64()),
        (Some("2026-01"), Some(2.2))
    );
    let page = owner_browser.get_html(&format!("/metrics/{id}")).await;
    assert!(page.contains("January 2026") && page.contains("2.20 %"));
}

#[tokio::test]
async fn bad_months_and_values_are_refused_with_the_field_named() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let api = app.api(&app.token_for(manager.id));
    let (_, metric) = api
        .post(
            "/metrics",
            json!({"name": "CPC", "unit": "currency", "currency": "EUR"}),
        )
        .await;
    let id = metric["id"].as_i64().unwrap();
    let (status, body) = api
        .put(
            &format!("/metrics/{id}/values/2026-13"),
            json!({"value": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_field(&body), "month");
    let (status, body) = api
        .put(
            &format!("/metrics/{id}/values/2026-01"),
            json!({"value": "lots"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_field(&body), "value");
    let (status, body) = api
        .put(&format!("/metrics/{id}/values/2026-01"), json!({}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_field(&body), "value");

    let res = browser
        .post_form(
            &format!("/metrics/{id}/values"),
            &[("month", "January"), ("value", "12abc")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(
        html.contains("is not a month written YYYY-MM")
            && html.contains("Value \"12abc\" is not a number")
    );
    assert!(html.contains("value=\"12abc\""), "the input is kept");
    let (_, values) = api.get(&format!("/metrics/{id}/values")).await;
    assert!(values.as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_csv_import_with_any_bad_row_imports_nothing_and_names_every_line() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let api = app.api(&app.token_for(manager.id));
    api.post("/metrics", json!({"name": "CAC"})).await;
    api.post("/metrics", json!({"name": "Traffic"})).await;
    let bad = "metric,month,value\nCAC,2026-01,41\nCPX,2026-01,3\nTraffic,2026-1,100\nTraffic,2026-02,many\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", browser.csrf().await)
        .text("csv", bad);
    let res = browser
        .client
        .post(browser.url("/metrics/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("Nothing was imported"));
    assert!(
        html.contains("line 3: no metric named \"CPX\"")
            && html.contains("line 4:")
            && html.contains("line 5:"),
        "{html}"
    );
    assert!(!html.contains("line 2:"));
    let export = browser
        .get("/metrics/export.csv")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        export.trim(),
        "metric,month,value,note",
        "nothing was imported"
    );

    let good = "CAC,2026-01,41.5\ntraffic,2026-01,\"12,000\",launch month\nCAC,2026-02,39\n";
    let file = reqwest::multipart::Part::bytes(good.as_bytes().to_vec())
        .file_name("values.csv")
        .mime_str("text/csv")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", browser.csrf().await)
        .text("csv", "")
        .part("file", file);
    let res = browser
        .client
        .post(browser.url("/metrics/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/metrics");
    let export = browser
        .get("/metrics/export.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        export.contains("CAC,2026-01,41.5,")
            && export.contains("CAC,2026-02,39,")
            && export.contains("Traffic,2026-01,12000,launch month"),
        "{export}"
    );
}

#[tokio::test]
async fn the_csv_import_form_checks_its_csrf_token() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", "wrong")
        .text("csv", "CAC,2026-01,1");
    let res = browser
        .client
        .post(browser.url("/metrics/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_api_imports_and_exports_csv() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(manager.id));
    api.post("/metrics", json!({"name": "NPS", "unit": "score"}))
        .await;
    let res = api
        .client
        .post(format!("{}/api/v1/values/import", app.address))
        .bearer_auth(&api.token)
        .header("content-type", "text/csv")
        .body("NPS,2026-03,42\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["imported"],
        1
    );
    let res = api
        .client
        .post(format!("{}/api/v1/values/import", app.address))
        .bearer_auth(&api.token)
        .body("NPS,March,42\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["field"], "csv");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("line 1:"));
    let csv = api
        .client
        .get(format!("{}/api/v1/values.csv", app.address))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("NPS,2026-03,42,"));
}
