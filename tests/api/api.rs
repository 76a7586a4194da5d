use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{error_field, spawn_app};

#[tokio::test]
async fn members_can_be_created_read_updated_and_deleted_over_the_api() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(manager.id));
    let (status, created) = api
        .post(
            "/members",
            json!({"name": "Ana", "email": "ANA@example.com", "department": "Paid"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        (
            created["email"].as_str(),
            created["role"].as_str(),
            created["active"].as_bool()
        ),
        (Some("ana@example.com"), Some("member"), Some(true))
    );
    assert!(created["set_password_url"]
        .as_str()
        .unwrap()
        .contains("/password/"));
    let id = created["id"].as_i64().unwrap();

    let (status, list) = api.get("/members").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let keys: Vec<&str> = list[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["id", "name", "email", "department", "role", "active"] {
        assert!(keys.contains(&key), "{key}");
    }
    let (status, updated) = api
        .patch(
            &format!("/members/{id}"),
            json!({"department": "Paid social", "role": "manager"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            updated["department"].as_str(),
            updated["role"].as_str(),
            updated["name"].as_str()
        ),
        (Some("Paid social"), Some("manager"), Some("Ana"))
    );
    let (status, _) = api.delete(&format!("/members/{id}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = api.get(&format!("/members/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn member_api_validation_errors_name_the_field() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(manager.id));
    for (body, field, status) in [
        (
            json!({"name": "", "email": "a@example.com"}),
            "name",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "A", "email": "not an email"}),
            "email",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "A", "email": "mona@example.com"}),
            "email",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": "A", "email": "a@example.com", "role": "owner"}),
            "role",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"name": 5, "email": "a@example.com"}),
            "name",
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"name": "A", "email": "a@example.com", "colour": "red"}),
            "colour",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (got, err) = api.post("/members", body.clone()).await;
        assert_eq!(got, status, "{body}");
        assert_eq!(error_field(&err), field, "{body}: {err}");
        assert_eq!(
            err["error"]["code"],
            if status == StatusCode::BAD_REQUEST {
                "bad_request"
            } else {
                "validation"
            }
        );
    }
    let res = api
        .client
        .post(format!("{}/api/v1/members", app.address))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        kpi_rotation::models::Member::count(&mut app.conn()).unwrap(),
        1
    );
}

#[tokio::test]
async fn metrics_round_trip_over_the_api_with_every_contract_field() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let owner = app.add_member("Ana", "ana@example.com", "Paid", "member");
    let api = app.api(&app.token_for(manager.id));
    let body = json!({"name": "POAS", "definition": "Profit on ad spend", "category": "efficiency", "unit": "ratio", "direction": "higher_is_better", "target": 1.5, "owner_id": owner.id, "north_star": false, "kept_by_manager": false, "on_dashboard": true});
    let (status, created) = api.post("/metrics", body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    for key in [
        "id",
        "name",
        "definition",
        "category",
        "unit",
        "direction",
        "target",
        "owner_id",
        "north_star",
        "kept_by_manager",
        "on_dashboard",
        "active",
    ] {
        assert!(created.get(key).is_some(), "{key}");
    }
    let id = created["id"].as_i64().unwrap();
    let (status, patched) = api
        .patch(
            &format!("/metrics/{id}"),
            json!({"target": null, "owner_id": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(patched["target"].is_null() && patched["owner_id"].is_null());
    assert_eq!(
        patched["definition"], "Profit on ad spend",
        "fields not sent are kept"
    );
    let (_, list) = api.get("/metrics").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    // A member can read metrics but not change them.
    let member_api = app.api(&app.token_for(owner.id));
    let (status, _) = member_api.get(&format!("/metrics/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = member_api
        .patch(&format!("/metrics/{id}"), json!({"name": "x"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn metric_api_validation_errors_name_the_field() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(manager.id));
    api.post("/metrics", json!({"name": "CAC"})).await;
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (json!({"name": "cac"}), "name"),
        (json!({"name": "X", "owner_id": 999}), "owner_id"),
        (json!({"name": "X", "category": "sales"}), "category"),
        (json!({"name": "X", "unit": "furlongs"}), "unit"),
        (json!({"name": "X", "direction": "up"}), "direction"),
        (
            json!({"name": "X", "unit": "currency", "currency": "euros"}),
            "currency",
        ),
        (json!({"name": "X", "target": "high"}), "target"),
        (json!({"name": "X", "north_star": "yes"}), "north_star"),
    ] {
        let (status, err) = api.post("/metrics", body.clone()).await;
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::BAD_REQUEST,
            "{body}: {status}"
        );
        assert_eq!(error_field(&err), field, "{body}: {err}");
    }
}

#[tokio::test]
async fn the_starter_library_is_available_over_the_api() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(manager.id));
    let (_, library) = api.get("/metrics/starter").await;
    assert_eq!(library.as_array().unwrap().len(), 15);
    let (status, added) = api
        .post(
            "/metrics/starter",
            json!({"metrics": [{"key": "mer"}, {"key": "cpc", "owner_id": manager.id}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(added.as_array().unwrap().len(), 2);
    let (status, err) = api
        .post("/metrics/starter", json!({"metrics": [{"key": "nope"}]}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_field(&err), "metrics");
}

#[tokio::test]
async fn the_openapi_description_lists_the_routes() {
    let app = spawn_app().await;
    let res = reqwest::get(format!("{}/api/v1/openapi.json", app.address))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let doc: serde_json::Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/reviews",
        "/reviews/{month}",
        "/reviews/{month}/draw",
        "/reviews/{month}/assignments",
        "/reviews/{month}/assignments/{metric_id}",
        "/reviews/{month}/swap",
        "/reviews/{month}/publish",
        "/settings",
        "/cards",
        "/cards/{id}",
        "/cards/{id}/kudos",
        "/assignments/{id}/presentation",
        "/template",
        "/members",
        "/members/{id}",
        "/metrics",
        "/metrics/{id}",
        "/metrics/{id}/values",
        "/metrics/{id}/values/{month}",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path}");
    }
}

#[tokio::test]
async fn the_metric_list_pages_with_limit_and_a_next_link() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(mona.id));
    let mut ids = Vec::new();
    for name in ["CPA", "CTR", "MQLs", "Churn", "NPS"] {
        let (status, body) = api.post("/metrics", json!({"name": name})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.push(body["id"].as_i64().unwrap());
    }
    let (_, all) = api.get("/metrics").await;
    assert_eq!(
        all.as_array().unwrap().len(),
        5,
        "without limit, every metric"
    );

    // Follow the next links two at a time: every metric once, in id order.
    let (mut seen, mut pages) = (Vec::new(), 0);
    let mut next = Some(format!("{}/api/v1/metrics?limit=2", api.base));
    while let Some(url) = next.take() {
        let res = api
            .client
            .get(&url)
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        next = res
            .headers()
            .get("link")
            .and_then(|v| v.to_str().ok())
            .map(|link| {
                let path = link
                    .strip_prefix('<')
                    .and_then(|l| l.split_once(">; rel=\"next\""))
                    .expect("a next link")
                    .0;
                format!("{}{path}", api.base)
            });
        let page: serde_json::Value = res.json().await.unwrap();
        seen.extend(
            page.as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_i64().unwrap()),
        );
        pages += 1;
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids);

    let (status, body) = api.get("/metrics?limit=0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_field(&body), "limit");
    let (status, body) = api.get("/metrics?limit=2&cursor=abc").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_field(&body), "cursor");
    // A cursor alone pages by the default size: here the rest after the second.
    let (status, rest) = api.get(&format!("/metrics?cursor={}", ids[1])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rest.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn an_api_call_with_a_bearer_token_sets_no_cookie_while_a_browser_page_gets_its_csrf_cookie()
{
    // Arrange
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let token = app.token_for(manager.id);
    let client = reqwest::Client::new();

    // Act
    let api = client
        .get(format!("{}/api/v1/metrics", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let page = client
        .get(format!("{}/login", app.address))
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(api.status(), StatusCode::OK);
    assert!(api.headers().get_all("set-cookie").iter().next().is_none());
    assert!(page
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap_or("").contains("kpi_csrf=")));
}
