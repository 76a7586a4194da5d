use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{location, spawn_app, text, Api, TestApp, PASSWORD};
use kpi_rotation::models::{Member, OutboxMessage};

struct Team {
    api: Api,
    /// (assignment id, presenter, owner) for each metric.
    assignments: Vec<(i64, Member, Member)>,
}

/// Three members owning one metric each, a review on `starts_at`, drawn and published.
async fn published(app: &TestApp, month: &str, starts_at: &str) -> Team {
    let team = app.team();
    team.metrics(
        &[
            ("CPA", "Ana"),
            ("Traffic", "Sam"),
            ("Engagement rate", "Chris"),
        ],
        json!({"target": 10}),
    )
    .await;
    let assignments = team
        .published_review(month, starts_at, 3)
        .await
        .iter()
        .map(|a| {
            (
                a["id"].as_i64().unwrap(),
                team.person(a["presenter_id"].as_i64().unwrap()),
                team.person(a["owner_id"].as_i64().unwrap()),
            )
        })
        .collect();
    Team {
        api: team.api,
        assignments,
    }
}

async fn signed_in(app: &TestApp, who: &Member) -> crate::helpers::Browser {
    let b = app.browser();
    b.login(&who.email, PASSWORD).await;
    b
}

#[tokio::test]
async fn a_presenter_saves_a_draft_then_submits_and_missing_required_prompts_are_named() {
    let app = spawn_app().await;
    let team = published(&app, "2030-01", "2030-01-08T10:00:00+01:00").await;
    let (id, presenter, owner) = team.assignments[0].clone();
    let browser = signed_in(&app, &presenter).await;
    let page = text(
        browser
            .get(&format!("/assignments/{id}/presentation"))
            .await,
    )
    .await;
    assert!(
        page.contains("The insight: the number behind the number") && page.contains("(required)")
    );
    assert!(page.contains(&owner.name) && page.contains("You are the first to present it"));

    let path = format!("/assignments/{id}/presentation");
    let res = browser
        .post_form(
            &path,
            &[
                ("value", "12.5"),
                ("answer_causes", "a new campaign"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(location(&res), path);
    let res = browser
        .post_form(
            &path,
            &[
                ("value", "12.5"),
                ("answer_causes", "a new campaign"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(
        html.contains(
            "\"The insight: the number behind the number\" must be answered before submitting"
        ),
        "{html}"
    );
    assert!(html.contains("a new campaign"), "the input is kept");

    let res = browser
        .post_form(
            &path,
            &[
                ("value", "12.5"),
                ("answer_causes", "a new campaign"),
                ("answer_insight", "CPA rose because we bid on broad terms"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(location(&res), path);
    let (_, json) = team
        .api
        .get(&format!("/assignments/{id}/presentation"))
        .await;
    assert_eq!(
        (json["status"].as_str(), json["value"].as_f64()),
        (Some("submitted"), Some(12.5))
    );
    assert_eq!(
        json["answers"]["insight"],
        "CPA rose because we bid on broad terms"
    );
    assert!(json["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["key"] == "insight" && p["required"] == true));
    let (_, assignments) = team.api.get("/reviews/2030-01/assignments").await;
    assert!(assignments
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == id && a["presentation_status"] == "submitted"));
    // Editing after submitting keeps it submitted.
    browser
        .post_form(
            &path,
            &[
                ("value", "13"),
                ("answer_insight", "better"),
                ("action", "save"),
            ],
        )
        .await;
    let (_, json) = team
        .api
        .get(&format!("/assignments/{id}/presentation"))
        .await;
    assert_eq!(
        (json["status"].as_str(), json["value"].as_f64()),
        (Some("submitted"), Some(13.0))
    );
    let long = "x".repeat(4001);
    let res = browser
        .post_form(&path, &[("answer_insight", &long), ("action", "save")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn drafts_are_private_to_presenter_owner_and_managers_until_submitted() {
    let app = spawn_app().await;
    let team = published(&app, "2030-01", "2030-01-08T10:00:00+01:00").await;
    let (id, presenter, owner) = team.assignments[0].clone();
    let other = team
        .assignments
        .iter()
        .map(|(_, p, _)| p.clone())
        .find(|p| p.id != presenter.id && p.id != owner.id)
        .unwrap();
    let path = format!("/assignments/{id}/presentation");
    let presenter_browser = signed_in(&app, &presenter).await;
    presenter_browser
        .post_form(
            &path,
            &[("answer_insight", "draft thoughts"), ("action", "save")],
        )
        .await;

    let other_browser = signed_in(&app, &other).await;
    let res = other_browser.get(&path).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!text(res).await.contains("draft thoughts"));
    let res = other_browser
        .post_form(&path, &[("answer_insight", "sabotage"), ("action", "save")])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "nobody writes another's presentation"
    );
    let owner_browser = signed_in(&app, &owner).await;
    assert!(owner_browser
        .get_html(&path)
        .await
        .contains("draft thoughts"));
    let res = owner_browser
        .post_form(
            &path,
            &[("answer_insight", "owner writes"), ("action", "save")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "the owner never writes the presentation"
    );
    let (status, _) = app
        .api(&app.token_for(other.id))
        .put(
            &format!("/assignments/{id}/presentation"),
            json!({"answers": {"insight": "x"}}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Submitted: the whole team reads it.
    presenter_browser
        .post_form(
            &path,
            &[("answer_insight", "the real insight"), ("action", "submit")],
        )
        .await;
    assert!(other_browser
        .get_html(&path)
        .await
        .contains("the real insight"));
}

#[tokio::test]
async fn the_email_link_opens_the_presentation_without_a_password_and_only_that_one() {
    let app = spawn_app().await;
    let team = published(&app, "2030-01", "2030-01-08T10:00:00+01:00").await;
    let (id, presenter, _) = team.assignments[0].clone();
    let mail = OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.kind == "assignment" && m.recipient == presenter.email)
        .unwrap();
    let start = mail
        .body_text
        .find(&format!("/assignments/{id}/presentation?token="))
        .expect("the email carries the link");
    let link: String = mail.body_text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let token = link.split("token=").nth(1).unwrap().to_string();

    let anonymous = app.browser();
    let page = anonymous.get_html(&link).await;
    assert!(page.contains("Your presentation"));
    let res = anonymous
        .post_form(
            &format!("/assignments/{id}/presentation"),
            &[
                ("token", &token),
                ("answer_insight", "via the link"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(location(&res), link);
    let (_, json) = team
        .api
        .get(&format!("/assignments/{id}/presentation"))
        .await;
    assert_eq!(json["answers"]["insight"], "via the link");

    // The token opens no other presentation, and a wrong token gets a clear page.
    let (other_id, _, _) = team.assignments[1].clone();
    let res = anonymous
        .get(&format!(
            "/assignments/{other_id}/presentation?token={token}"
        ))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(text(res).await.contains("this link is not valid"));
    let res = anonymous
        .get(&format!("/assignments/{id}/presentation?token=nonsense"))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Without a token, anonymous visitors are sent to sign in.
    assert!(location(
        &anonymous
            .get(&format!("/assignments/{id}/presentation"))
            .await
    )
    .starts_with("/login"));
    // Once the meeting is held the link expires.
    use diesel::prelude::*;
    diesel::update(kpi_rotation::schema::reviews::table)
        .set(kpi_rotation::schema::reviews::status.eq("held"))
        .execute(&mut app.conn())
        .unwrap();
    let res = anonymous.get(&link).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(text(res).await.contains("this link has expired"));
}

#[tokio::test]
async fn after_the_deadline_it_shows_late_and_after_the_start_nothing_changes() {
    let app = spawn_app().await;
    let soon = (app.now().and_utc() + chrono::Duration::hours(30))
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string();
    let month = kpi_rotation::domain::month::YearMonth::of_date(
        (app.now().and_utc() + chrono::Duration::hours(30)).date_naive(),
    )
    .to_string();
    let team = published(&app, &month, &soon).await;
    let (id, presenter, _) = team.assignments[0].clone();
    let path = format!("/assignments/{id}/presentation");
    let browser = signed_in(&app, &presenter).await;
    assert!(browser.get_html(&path).await.contains("The deadline"));
    let (_, json) = team.api.get(&path).await;
    assert_eq!(
        (json["status"].as_str(), json["late"].as_bool()),
        (Some("not_started"), Some(true))
    );
    let review_page = app.browser();
    let manager = Member::find_by_email(&mut app.conn(), "mona@example.com")
        .unwrap()
        .unwrap();
    review_page.login(&manager.email, PASSWORD).await;
    assert!(review_page
        .get_html(&format!("/reviews/{month}"))
        .await
        .contains("status late"));
    // Late submissions are still accepted before the meeting.
    let res = browser
        .post_form(
            &path,
            &[("answer_insight", "late but honest"), ("action", "submit")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Once the meeting has started, nothing changes.
    use diesel::prelude::*;
    let past = app.now() - chrono::Duration::minutes(1);
    diesel::update(kpi_rotation::schema::reviews::table)
        .set(kpi_rotation::schema::reviews::starts_at.eq(past))
        .execute(&mut app.conn())
        .unwrap();
    let res = browser
        .post_form(&path, &[("answer_insight", "too late"), ("action", "save")])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(text(res).await.contains("the meeting has started"));
}

#[tokio::test]
async fn the_owner_leaves_a_brief_and_fact_checks_a_submitted_presentation() {
    let app = spawn_app().await;
    let team = published(&app, "2030-01", "2030-01-08T10:00:00+01:00").await;
    let (id, presenter, owner) = team.assignments[0].clone();
    let path = format!("/assignments/{id}/presentation");
    let owner_browser = signed_in(&app, &owner).await;
    let res = owner_browser
        .post_form(
            &format!("/assignments/{id}/brief"),
            &[("brief", "watch out: tracking broke on the 12th")],
        )
        .await;
    assert_eq!(location(&res), path);
    let presenter_browser = signed_in(&app, &presenter).await;
    assert!(presenter_browser
        .get_html(&path)
        .await
        .contains("watch out: tracking broke on the 12th"));
    let res = presenter_browser
        .post_form(&format!("/assignments/{id}/brief"), &[("brief", "mine")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = owner_browser
        .post_form(
            &format!("/assignments/{id}/fact-check"),
            &[("checked", "true")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "nothing to check before it is submitted"
    );
    presenter_browser
        .post_form(
            &path,
            &[("answer_insight", "CPA up 20 %"), ("action", "submit")],
        )
        .await;
    owner_browser
        .post_form(
            &format!("/assignments/{id}/fact-check"),
            &[("correction", "it was 12 %, not 20 %")],
        )
        .await;
    let page = text(presenter_browser.get(&path).await).await;
    assert!(page.contains("Correction from") && page.contains("it was 12 %, not 20 %"));
    let res = presenter_browser
        .post_form(
            &format!("/assignments/{id}/fact-check"),
            &[("checked", "true")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn reminders_go_once_and_only_to_presenters_who_have_not_submitted() {
    let app = spawn_app().await;
    // Deadline in 1.5 days: inside the default 2-day reminder window.
    let starts = app.now().and_utc() + chrono::Duration::hours(84);
    let month = kpi_rotation::domain::month::YearMonth::of_date(starts.date_naive()).to_string();
    let team = published(
        &app,
        &month,
        &starts.format("%Y-%m-%dT%H:%M:%S+00:00").to_string(),
    )
    .await;
    let (id, presenter, _) = team.assignments[0].clone();
    let browser = signed_in(&app, &presenter).await;
    browser
        .post_form(
            &format!("/assignments/{id}/presentation"),
            &[("answer_insight", "done"), ("action", "submit")],
        )
        .await;
    let now = app.now();
    let queued = kpi_rotation::services::reminders::queue_due_reminders(
        &mut app.conn(),
        &app.postbox(),
        now,
    )
    .unwrap();
    assert_eq!(queued, 2, "the two who have not submitted");
    assert_eq!(
        kpi_rotation::services::reminders::queue_due_reminders(
            &mut app.conn(),
            &app.postbox(),
            now
        )
        .unwrap(),
        0,
        "once only"
    );
    let reminders: Vec<OutboxMessage> = OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "reminder")
        .collect();
    assert_eq!(reminders.len(), 2);
    assert!(reminders
        .iter()
        .all(|m| m.recipient != presenter.email && m.body_text.contains("/presentation?token=")));

    // The manager's one-click nudge: once an hour.
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    let (_, list) = team.api.get(&format!("/reviews/{month}/assignments")).await;
    let pending: &Value = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["presentation_status"] != "submitted")
        .unwrap();
    let res = manager
        .post_form(
            &format!(
                "/reviews/{month}/assignments/{}/remind",
                pending["metric_id"]
            ),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    manager
        .post_form(
            &format!(
                "/reviews/{month}/assignments/{}/remind",
                pending["metric_id"]
            ),
            &[],
        )
        .await;
    let nudges = OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.idempotency_key.starts_with("nudge:"))
        .count();
    assert_eq!(nudges, 1);
}

#[tokio::test]
async fn the_template_is_versioned_and_a_started_presentation_keeps_its_version() {
    let app = spawn_app().await;
    let team = published(&app, "2030-01", "2030-01-08T10:00:00+01:00").await;
    let (first, presenter, _) = team.assignments[0].clone();
    let (second, second_presenter, _) = team.assignments[1].clone();
    // One presentation is started on version 2 (the default since it asks "signal or noise?").
    signed_in(&app, &presenter)
        .await
        .post_form(
            &format!("/assignments/{first}/presentation"),
            &[("answer_insight", "v1 work"), ("action", "save")],
        )
        .await;

    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    let form = manager.get_html("/settings/template").await;
    assert!(form.contains("Version 2"));
    let res = manager
        .post_form(
            "/settings/template",
            &[
                ("introduction", "Keep it short."),
                ("key_1", "insight"),
                ("question_1", "The insight"),
                ("required_1", "true"),
                ("key_2", "insight"),
                ("question_2", "Again"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res)
        .await
        .contains("the key \"insight\" is used twice"));
    let res = manager
        .post_form(
            "/settings/template",
            &[
                ("introduction", "Keep it short."),
                ("key_1", "insight"),
                ("question_1", "The insight"),
                ("required_1", "true"),
                ("key_2", "risks"),
                ("question_2", "What could go wrong?"),
                ("required_2", "true"),
                ("key_3", ""),
                ("question_3", ""),
            ],
        )
        .await;
    assert_eq!(location(&res), "/settings/template");
    let (_, template) = team.api.get("/template").await;
    assert_eq!(template["version"], 3);
    assert_eq!(template["prompts"].as_array().unwrap().len(), 2);

    let (_, started) = team
        .api
        .get(&format!("/assignments/{first}/presentation"))
        .await;
    assert_eq!(started["template_version"], 2);
    assert!(
        started["prompts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["key"] == "causes"),
        "version 2 prompts"
    );
    let (_, fresh) = team
        .api
        .get(&format!("/assignments/{second}/presentation"))
        .await;
    assert_eq!(fresh["template_version"], 3);
    // The new required prompt applies to new presentations.
    let member_api = app.api(&app.token_for(second_presenter.id));
    let (status, err) = member_api
        .post(
            &format!("/assignments/{second}/presentation/submit"),
            json!({"answers": {"insight": "x"}}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "answers.risks");
    let (status, ok) = member_api
        .post(
            &format!("/assignments/{second}/presentation/submit"),
            json!({"value": 4.2, "answers": {"insight": "x", "risks": "y"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{ok}");
    assert_eq!(ok["status"], "submitted");
    let (status, _) = member_api
        .send(
            reqwest::Method::PUT,
            "/template",
            Some(json!({"introduction": "x", "prompts": []})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
