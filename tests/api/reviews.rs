use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_refused, error_field, spawn_app, Api, TestApp};

/// A manager with a team of four in three departments and four metrics.
async fn team(app: &TestApp) -> (Api, Vec<i64>, Vec<i64>) {
    let manager = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(manager.id));
    let mut people = Vec::new();
    for (name, dept) in [
        ("Ana", "Paid"),
        ("Sam", "SEO"),
        ("Chris", "Content"),
        ("Dana", "SEO"),
    ] {
        let (_, m) = api.post("/members", json!({"name": name, "email": format!("{}@example.com", name.to_lowercase()), "department": dept})).await;
        people.push(m["id"].as_i64().unwrap());
    }
    let mut metrics = Vec::new();
    for (name, owner) in [
        ("CPA", people[0]),
        ("Traffic", people[1]),
        ("Engagement rate", people[2]),
        ("Bounce rate", people[3]),
    ] {
        let (_, m) = api
            .post("/metrics", json!({"name": name, "owner_id": owner}))
            .await;
        metrics.push(m["id"].as_i64().unwrap());
    }
    (api, people, metrics)
}

async fn create_december(api: &Api) -> Value {
    let (status, review) = api.post("/reviews", json!({"month": "2026-12", "starts_at": "2026-12-01T10:00:00+01:00", "timezone": "Europe/Copenhagen", "location": "Room 3"})).await;
    assert_eq!(status, StatusCode::CREATED, "{review}");
    review
}

#[tokio::test]
async fn a_review_is_created_with_its_time_zone_and_refused_twice() {
    let app = spawn_app().await;
    let (api, _, _) = team(&app).await;
    let review = create_december(&api).await;
    assert_eq!(review["starts_at"], "2026-12-01T10:00:00+01:00");
    assert_eq!(
        (
            review["status"].as_str(),
            review["duration_minutes"].as_i64()
        ),
        (Some("planned"), Some(30))
    );
    let (status, err) = api
        .post(
            "/reviews",
            json!({"month": "2026-12", "starts_at": "2026-12-08T10:00:00+01:00"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_field(&err), "month");
    for (body, field) in [
        (
            json!({"month": "2026-13", "starts_at": "2026-12-08T10:00:00+01:00"}),
            "month",
        ),
        (
            json!({"month": "2027-01", "starts_at": "next tuesday"}),
            "starts_at",
        ),
        (
            json!({"month": "2027-01", "starts_at": "2027-01-05T10:00:00+01:00", "timezone": "Mars/Olympus"}),
            "timezone",
        ),
        (
            json!({"month": "2027-01", "starts_at": "2027-01-05T10:00:00+01:00", "duration_minutes": 2}),
            "duration_minutes",
        ),
    ] {
        let (status, err) = api.post("/reviews", body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_field(&err), field, "{body}");
    }
}

#[tokio::test]
async fn drawing_gives_every_metric_to_someone_who_does_not_own_it_and_explains_why() {
    let app = spawn_app().await;
    let (api, people, metrics) = team(&app).await;
    create_december(&api).await;
    let (status, drawn) = api.post("/reviews/2026-12/draw", json!({"seed": 7})).await;
    assert_eq!(status, StatusCode::OK, "{drawn}");
    assert_eq!(drawn["review"]["status"], "drafted");
    assert_eq!(drawn["review"]["seed"], 7);
    let assignments = drawn["assignments"].as_array().unwrap();
    assert_eq!(assignments.len(), 4);
    for a in assignments {
        assert_ne!(a["presenter_id"], a["owner_id"]);
        assert!(people.contains(&a["presenter_id"].as_i64().unwrap()));
        assert!(
            a["reason"]
                .as_str()
                .unwrap()
                .contains("not in the owner's department"),
            "{a}"
        );
        assert_eq!(a["timebox_seconds"], (30 - 3 - 5) * 60 / 4);
    }
    // Every presenter gets exactly one.
    let mut presenters: Vec<i64> = assignments
        .iter()
        .map(|a| a["presenter_id"].as_i64().unwrap())
        .collect();
    presenters.sort_unstable();
    presenters.dedup();
    assert_eq!(presenters.len(), 4);
    // The same seed gives the same draw.
    let (_, again) = api.post("/reviews/2026-12/draw", json!({"seed": 7})).await;
    assert_eq!(again["assignments"], drawn["assignments"]);
    assert_eq!(metrics.len(), 4);
}

#[tokio::test]
async fn away_members_get_nothing_and_a_redraw_respects_it() {
    let app = spawn_app().await;
    let (api, people, _) = team(&app).await;
    create_december(&api).await;
    let (status, review) = api
        .patch("/reviews/2026-12", json!({"away_member_ids": [people[3]]}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(review["away_member_ids"], json!([people[3]]));
    for seed in 1..6 {
        let (_, drawn) = api
            .post("/reviews/2026-12/draw", json!({"seed": seed}))
            .await;
        assert!(drawn["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["presenter_id"] != people[3]));
    }
}

#[tokio::test]
async fn reassigning_checks_the_hard_rules_and_warns_on_soft_ones() {
    let app = spawn_app().await;
    let (api, people, metrics) = team(&app).await;
    create_december(&api).await;
    api.patch("/reviews/2026-12", json!({"away_member_ids": [people[2]]}))
        .await;
    let (_, drawn) = api.post("/reviews/2026-12/draw", json!({"seed": 3})).await;
    let cpa = &drawn["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["metric_id"] == metrics[0])
        .unwrap()
        .clone();
    // To the owner: refused.
    let (status, err) = api
        .put(
            &format!("/reviews/2026-12/assignments/{}", metrics[0]),
            json!({"presenter_id": people[0]}),
        )
        .await;
    assert_refused(
        status,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Ana owns CPA and cannot present it",
    );
    // To someone away: refused. To an unknown id: refused.
    let (status, err) = api
        .put(
            &format!("/reviews/2026-12/assignments/{}", metrics[0]),
            json!({"presenter_id": people[2]}),
        )
        .await;
    assert_refused(
        status,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Chris is away in December 2026",
    );
    let (status, _) = api
        .put(
            &format!("/reviews/2026-12/assignments/{}", metrics[0]),
            json!({"presenter_id": 999}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing changed.
    let (_, now) = api.get("/reviews/2026-12/assignments").await;
    assert!(now
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["metric_id"] == metrics[0] && a["presenter_id"] == cpa["presenter_id"]));
    assert_eq!(now.as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn swapping_keeps_the_load_even_and_refuses_to_give_owners_their_own_metric() {
    let app = spawn_app().await;
    let (api, _, metrics) = team(&app).await;
    create_december(&api).await;
    let (_, drawn) = api.post("/reviews/2026-12/draw", json!({"seed": 5})).await;
    let list = drawn["assignments"].as_array().unwrap().clone();
    let pairs: Vec<(&Value, &Value)> = list
        .iter()
        .flat_map(|a| list.iter().map(move |b| (a, b)))
        .filter(|(a, b)| a["id"] != b["id"])
        .collect();
    // Everyone owns one metric and presents one, so some swap would hand an owner their own.
    let (a, b) = pairs
        .iter()
        .find(|(a, b)| a["presenter_id"] == b["owner_id"])
        .unwrap();
    let (status, err) = api
        .post(
            "/reviews/2026-12/swap",
            json!({"metric_ids": [a["metric_id"], b["metric_id"]]}),
        )
        .await;
    assert_refused(
        status,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "cannot present it",
    );
    let (a, b) = pairs
        .iter()
        .find(|(a, b)| a["presenter_id"] != b["owner_id"] && b["presenter_id"] != a["owner_id"])
        .unwrap();
    let (status, swapped) = api
        .post(
            "/reviews/2026-12/swap",
            json!({"metric_ids": [a["metric_id"], b["metric_id"]]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{swapped}");
    let after = swapped.as_array().unwrap();
    let new_a = after
        .iter()
        .find(|x| x["metric_id"] == a["metric_id"])
        .unwrap();
    assert_eq!(new_a["presenter_id"], b["presenter_id"]);
    assert!(new_a["reason"]
        .as_str()
        .unwrap()
        .starts_with("chosen by hand"));
    // Reassigning one metric to someone who already presents one makes the load uneven.
    let (status, err) = api
        .put(
            &format!("/reviews/2026-12/assignments/{}", a["metric_id"]),
            json!({"presenter_id": a["presenter_id"]}),
        )
        .await;
    assert_refused(
        status,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "The load would be uneven",
    );
    assert_eq!(metrics.len(), 4);
}

#[tokio::test]
async fn publishing_freezes_the_rotation_and_changes_then_need_confirmation() {
    let app = spawn_app().await;
    let (api, people, metrics) = team(&app).await;
    create_december(&api).await;
    let (status, err) = api.post("/reviews/2026-12/publish", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "publishing before drawing");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("draw the rotation"));
    api.post("/reviews/2026-12/draw", json!({"seed": 1})).await;
    let (status, review) = api.post("/reviews/2026-12/publish", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(review["status"], "published");
    let (status, _) = api.post("/reviews/2026-12/publish", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "publishing twice");

    let (status, err) = api
        .post(
            "/reviews/2026-12/swap",
            json!({"metric_ids": [metrics[0], metrics[2]]}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_field(&err), "confirm");
    let (status, err) = api.post("/reviews/2026-12/draw", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    let (status, _) = api
        .post("/reviews/2026-12/draw", json!({"seed": 2, "confirm": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, review) = api.get("/reviews/2026-12").await;
    assert_eq!(review["status"], "published", "a redraw keeps it published");

    // The presenters see their assignments.
    let member_api = app.api(&app.token_for(people[0] as i32));
    let (_, mine) = member_api.get("/me/assignments").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["month"], "2026-12");
}

#[tokio::test]
async fn drawing_explains_what_is_missing() {
    let app = spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(manager.id));
    create_december(&api).await;
    let (status, err) = api.post("/reviews/2026-12/draw", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no active metrics"));
    api.post("/metrics", json!({"name": "CAC"})).await;
    let (status, err) = api.post("/reviews/2026-12/draw", json!({})).await;
    assert_refused(
        status,
        &err,
        StatusCode::CONFLICT,
        "CAC: nobody is available to present",
    );
    let (status, _) = api.post("/reviews/2027-01/draw", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err) = api.post("/reviews/january/draw", json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_field(&err), "month");
}

#[tokio::test]
async fn a_cancelled_review_cannot_be_drawn_and_a_member_cannot_manage_reviews() {
    let app = spawn_app().await;
    let (api, people, _) = team(&app).await;
    create_december(&api).await;
    let (status, review) = api
        .patch("/reviews/2026-12", json!({"status": "cancelled"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(review["status"], "cancelled");
    let (status, _) = api.post("/reviews/2026-12/draw", json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, review) = api
        .patch("/reviews/2026-12", json!({"status": "planned"}))
        .await;
    assert_eq!(review["status"], "planned");

    let member = app.api(&app.token_for(people[1] as i32));
    for (method, path) in [
        ("POST", "/reviews"),
        ("PATCH", "/reviews/2026-12"),
        ("POST", "/reviews/2026-12/draw"),
        ("POST", "/reviews/2026-12/publish"),
        ("POST", "/reviews/2026-12/swap"),
        ("PUT", "/reviews/2026-12/assignments/1"),
    ] {
        let (status, _) = member
            .send(method.parse().unwrap(), path, Some(json!({})))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}");
    }
    let (status, _) = member.get("/reviews/2026-12").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_patch_with_a_status_that_cannot_be_set_changes_nothing() {
    let app = spawn_app().await;
    let (api, _, _) = team(&app).await;
    create_december(&api).await;

    let (status, err) = api
        .patch(
            "/reviews/2026-12",
            json!({"location": "Room 9", "status": "held"}),
        )
        .await;

    assert_refused(
        status,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "\"cancelled\" to cancel",
    );
    assert_eq!(error_field(&err), "status");
    let (_, review) = api.get("/reviews/2026-12").await;
    assert_eq!(
        review["location"], "Room 3",
        "the move was not applied either"
    );
    // Reopening a meeting that was never held is refused the same way, before anything.
    let (status, err) = api
        .patch(
            "/reviews/2026-12",
            json!({"location": "Room 9", "status": "published"}),
        )
        .await;
    assert_refused(
        status,
        &err,
        StatusCode::UNPROCESSABLE_ENTITY,
        "reopen a held meeting",
    );
    let (_, review) = api.get("/reviews/2026-12").await;
    assert_eq!(review["location"], "Room 3");
}
