use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{location, spawn_app, text, unescape, Api, Browser, TestApp, PASSWORD};
use kpi_rotation::models::Member;

struct Meeting {
    api: Api,
    manager: Browser,
    /// (assignment id, metric id, presenter, owner) in agenda order.
    slots: Vec<(i64, i64, Member, Member)>,
}

/// A published December 2030 review with two metrics; the first presentation submitted.
async fn meeting(app: &TestApp) -> Meeting {
    let team = app.team_of(&[("Ana", "Paid"), ("Sam", "SEO")]);
    let (api, ana, sam) = (team.api, team.members[0].clone(), team.members[1].clone());
    api.post(
        "/metrics",
        json!({"name": "Traffic", "category": "acquisition", "owner_id": sam.id}),
    )
    .await;
    api.post(
        "/metrics",
        json!({"name": "CPA", "category": "efficiency", "owner_id": ana.id, "north_star": true}),
    )
    .await;
    api.post(
        "/reviews",
        json!({"month": "2030-12", "starts_at": "2030-12-03T10:00:00+01:00"}),
    )
    .await;
    api.post("/reviews/2030-12/draw", json!({"seed": 1})).await;
    api.post("/reviews/2030-12/publish", json!({})).await;
    let (_, list) = api.get("/reviews/2030-12/assignments").await;
    let person = |id: i64| {
        if id == i64::from(ana.id) {
            ana.clone()
        } else {
            sam.clone()
        }
    };
    let slots: Vec<(i64, i64, Member, Member)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_i64().unwrap(),
                a["metric_id"].as_i64().unwrap(),
                person(a["presenter_id"].as_i64().unwrap()),
                person(a["owner_id"].as_i64().unwrap()),
            )
        })
        .collect();
    let presenter_api = app.api(&app.token_for(slots[0].2.id));
    let (status, _) = presenter_api
        .post(
            &format!("/assignments/{}/presentation/submit", slots[0].0),
            json!({"value": 41.5, "answers": {"insight": "Broad match terms drove CPA up"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    Meeting {
        api,
        manager,
        slots,
    }
}

#[tokio::test]
async fn the_facilitator_steps_through_the_agenda_in_order_with_timed_slots() {
    let app = spawn_app().await;
    let m = meeting(&app).await;
    // Opening meeting mode changes nothing: a start screen with the agenda.
    let start = text(m.manager.get("/reviews/2030-12/run").await).await;
    assert!(
        start.contains("ready to start") && start.contains("Start the meeting"),
        "{start}"
    );
    let (_, state) = m.api.get("/reviews/2030-12/meeting").await;
    assert_eq!(state["current_slot"].as_i64(), Some(0));
    // Before the scheduled day, starting asks for a confirmation, beside the box.
    let res = m.manager.post_form("/reviews/2030-12/run/start", &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res).await.contains(
        "This meeting is scheduled for Tue 3 Dec 2030, 10:00 CET; tick the box to start it now"
    ));
    m.manager.start_meeting("2030-12").await;
    let run = text(m.manager.get("/reviews/2030-12/run").await).await;
    assert!(
        run.contains("<h1 id=\"slot-title\">Opening</h1>")
            && run.contains("data-slot-left=\"180\""),
        "{run}"
    );
    // North Star first, then by category: CPA (the star) before Traffic.
    let agenda = &run[run.find("Agenda").unwrap()..];
    assert!(agenda.find("CPA").unwrap() < agenda.find("Traffic").unwrap());
    assert!(
        agenda.contains("11:00"),
        "two metrics share 22 minutes: {agenda}"
    );
    assert!(
        run.contains("meeting.") && run.contains(".js\" defer"),
        "the timer script is loaded"
    );
    let res = m
        .manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "1")])
        .await;
    assert_eq!(location(&res), "/reviews/2030-12/run");
    let slot = text(m.manager.get("/reviews/2030-12/run").await).await;
    assert!(
        slot.contains("<h1 id=\"slot-title\">CPA</h1>")
            && slot.contains("Broad match terms drove CPA up")
            && slot.contains("41.5"),
        "{slot}"
    );
    let (_, state) = m.api.get("/reviews/2030-12/meeting").await;
    assert_eq!(
        (state["current_slot"].as_i64(), state["slot_count"].as_i64()),
        (Some(1), Some(4))
    );
    assert_eq!(state["current_assignment_id"], m.slots[0].0);
    // Beyond the end is clamped to the closing slot.
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "99")])
        .await;
    assert!(m
        .manager
        .get_html("/reviews/2030-12/run")
        .await
        .contains("End the meeting"));
    // Members follow, but do not run.
    let member = app.browser();
    member.login(&m.slots[0].2.email, PASSWORD).await;
    assert_eq!(
        member.get("/reviews/2030-12/run").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        member
            .post_form("/reviews/2030-12/run/slot", &[("slot", "0")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(member
        .get_html("/reviews/2030-12/follow")
        .await
        .contains("Closing"));
}

#[tokio::test]
async fn feedback_flows_from_the_follow_along_page_and_reaches_the_presenter_after_the_meeting() {
    let app = spawn_app().await;
    let m = meeting(&app).await;
    let (assignment, _, presenter, owner) = m.slots[0].clone();
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "1")])
        .await;
    let attendee = app.browser();
    attendee.login(&owner.email, PASSWORD).await;
    let follow = attendee.get_html("/reviews/2030-12/follow").await;
    assert!(follow.contains("Feedback for") && follow.contains("data-follow"));
    let res = attendee
        .post_form(
            &format!("/assignments/{assignment}/feedback"),
            &[
                ("kind", "kudos"),
                ("body", "Great digging!"),
                ("back", "/reviews/2030-12/follow"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2030-12/follow");
    attendee
        .post_form(
            &format!("/assignments/{assignment}/feedback"),
            &[
                ("kind", "question"),
                ("body", "What about brand terms?"),
                ("anonymous", "true"),
            ],
        )
        .await;
    let res = attendee
        .post_form(
            &format!("/assignments/{assignment}/feedback"),
            &[("kind", "question"), ("body", "")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a question needs words"
    );
    let res = attendee
        .post_form(
            &format!("/assignments/{assignment}/feedback"),
            &[("kind", "insult"), ("body", "x")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The presenter sees it only after the meeting; the anonymous one without a name.
    let presenter_browser = app.browser();
    presenter_browser.login(&presenter.email, PASSWORD).await;
    let path = format!("/assignments/{assignment}/presentation");
    assert!(!presenter_browser
        .get_html(&path)
        .await
        .contains("Great digging!"));
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "3")])
        .await;
    let res = m.manager.post_form("/reviews/2030-12/run/end", &[]).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "ending needs the confirmation"
    );
    // Back on the closing slot, with the message beside the box.
    let page = text(res).await;
    assert!(page.contains("id=\"end-error\""), "{page}");
    assert!(
        page.contains("Tick \"The meeting is over\" to end it"),
        "{page}"
    );
    let res = m
        .manager
        .post_form("/reviews/2030-12/run/end", &[("confirm", "true")])
        .await;
    assert_eq!(location(&res), "/reviews/2030-12/values");
    let page = text(presenter_browser.get(&path).await).await;
    assert!(
        page.contains("Great digging!")
            && page.contains(&format!("— {}", owner.name))
            && page.contains("What about brand terms? <span class=\"hint\">— anonymous"),
        "{page}"
    );
    // Feedback to a held meeting is refused.
    let res = attendee
        .post_form(
            &format!("/assignments/{assignment}/feedback"),
            &[("kind", "kudos"), ("body", "late")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Anonymous to everyone: the manager does not see who wrote it either.
    let archive = text(m.manager.get("/reviews/2030-12/archive").await).await;
    assert!(
        archive.contains("What about brand terms? <span class=\"hint\">— anonymous"),
        "{archive}"
    );
    assert!(!archive.contains("anonymous to the team"), "{archive}");
    let (_, meeting) = m.api.get("/reviews/2030-12/meeting").await;
    assert!(
        !meeting.to_string().contains("anonymous to the team"),
        "{meeting}"
    );
}

#[tokio::test]
async fn anonymous_feedback_can_be_switched_off() {
    let app = spawn_app().await;
    let m = meeting(&app).await;
    let (status, _) = m
        .api
        .patch("/settings", json!({"anonymous_feedback": false}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let member = app.api(&app.token_for(m.slots[1].2.id));
    let (status, err) = member
        .post(
            &format!("/assignments/{}/feedback", m.slots[0].0),
            json!({"kind": "kudos", "anonymous": true}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "anonymous");
    let (status, _) = member
        .post(
            &format!("/assignments/{}/feedback", m.slots[0].0),
            json!({"kind": "kudos"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn notes_and_action_items_are_kept_and_open_items_reappear_in_the_next_opening() {
    let app = spawn_app().await;
    let m = meeting(&app).await;
    let sam = m
        .slots
        .iter()
        .map(|s| s.2.clone())
        .find(|p| p.email == "sam@example.com")
        .unwrap();
    m.manager.start_meeting("2030-12").await;
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "1")])
        .await;
    let res = m
        .manager
        .post_form(
            "/reviews/2030-12/run/notes",
            &[("slot", "1"), ("notes", "Agreed to test exact match")],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2030-12/run");
    let res = m
        .manager
        .post_form(
            "/reviews/2030-12/run/actions",
            &[
                ("slot", "1"),
                ("text", "Pause broad match"),
                ("owner_id", &sam.id.to_string()),
                ("due_date", "2030-12-20"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = m
        .manager
        .post_form(
            "/reviews/2030-12/run/actions",
            &[("slot", "1"), ("text", "x"), ("due_date", "soon")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    m.manager
        .post_form(
            "/reviews/2030-12/run/actions",
            &[("slot", "1"), ("text", "")],
        )
        .await;
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "3")])
        .await;
    m.manager
        .post_form("/reviews/2030-12/run/end", &[("confirm", "true")])
        .await;
    let archive = m.manager.get_html("/reviews/2030-12/archive").await;
    assert!(
        archive.contains("Agreed to test exact match") && archive.contains("Pause broad match")
    );

    // January: the open item is on the opening slot.
    m.api
        .post(
            "/reviews",
            json!({"month": "2031-01", "starts_at": "2031-01-07T10:00:00+01:00"}),
        )
        .await;
    m.api.post("/reviews/2031-01/draw", json!({})).await;
    m.api.post("/reviews/2031-01/publish", json!({})).await;
    m.manager.start_meeting("2031-01").await;
    let opening = m.manager.get_html("/reviews/2031-01/run").await;
    assert!(
        opening.contains("Pause broad match") && opening.contains("Dec 2030"),
        "{opening}"
    );
    // Its owner ticks it off; then it is gone from the opening.
    let sam_browser = app.browser();
    sam_browser.login(&sam.email, PASSWORD).await;
    let id_start = opening.find("/actions/").unwrap() + "/actions/".len();
    let id: String = opening[id_start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let res = sam_browser
        .post_form(
            &format!("/actions/{id}/done"),
            &[("done", "true"), ("back", "/my/assignments")],
        )
        .await;
    assert_eq!(location(&res), "/my/assignments");
    assert!(!m
        .manager
        .get_html("/reviews/2031-01/run")
        .await
        .contains("Pause broad match"));
}

#[tokio::test]
async fn ending_the_meeting_writes_only_the_confirmed_values_and_the_owner_rates_clarity() {
    let app = spawn_app().await;
    let m = meeting(&app).await;
    let (assignment, metric, presenter, owner) = m.slots[0].clone();
    let (other_assignment, other_metric, other_presenter, _) = m.slots[1].clone();
    app.api(&app.token_for(other_presenter.id))
        .post(
            &format!("/assignments/{other_assignment}/presentation/submit"),
            json!({"value": 1000, "answers": {"insight": "seasonal"}}),
        )
        .await;
    m.manager.start_meeting("2030-12").await;
    let res = m
        .manager
        .post_form(
            "/reviews/2030-12/values",
            &[(&format!("write_{metric}"), "true")],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "values wait for the end of the meeting"
    );
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "3")])
        .await;
    m.manager
        .post_form("/reviews/2030-12/run/end", &[("confirm", "true")])
        .await;
    let form = m.manager.get_html("/reviews/2030-12/values").await;
    assert!(form.contains("41.50") || form.contains("41.5"), "{form}");
    let res = m
        .manager
        .post_form(
            "/reviews/2030-12/values",
            &[(&format!("write_{metric}"), "true")],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2030-12/archive");
    let (_, values) = m.api.get(&format!("/metrics/{metric}/values")).await;
    assert_eq!(values.as_array().unwrap().len(), 1);
    // The December review discusses November: the value goes to the data month.
    assert_eq!(
        (values[0]["month"].as_str(), values[0]["value"].as_f64()),
        (Some("2030-11"), Some(41.5))
    );
    let (_, others) = m.api.get(&format!("/metrics/{other_metric}/values")).await;
    assert!(
        others.as_array().unwrap().is_empty(),
        "not confirmed, not written"
    );
    // Held: read-only, and the owner rates the explanation.
    assert_eq!(
        m.manager.get("/reviews/2030-12/run").await.status(),
        StatusCode::CONFLICT
    );
    let owner_browser = app.browser();
    owner_browser.login(&owner.email, PASSWORD).await;
    let res = owner_browser
        .post_form(
            &format!("/assignments/{assignment}/rating"),
            &[("rating", "6")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = owner_browser
        .post_form(
            &format!("/assignments/{assignment}/rating"),
            &[("rating", "4")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let presenter_browser = app.browser();
    presenter_browser.login(&presenter.email, PASSWORD).await;
    let res = presenter_browser
        .post_form(
            &format!("/assignments/{assignment}/rating"),
            &[("rating", "5")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let metric_page = m.manager.get_html(&format!("/metrics/{metric}")).await;
    assert!(
        unescape(&metric_page).contains("clarity 4/5")
            && metric_page.contains("Broad match terms drove CPA up"),
        "{metric_page}"
    );
}

#[tokio::test]
async fn the_summary_goes_once_to_the_attendees_the_manager_chooses() {
    let app = spawn_app().await;
    let m = meeting(&app).await;
    m.manager.start_meeting("2030-12").await;
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "1")])
        .await;
    m.manager
        .post_form(
            "/reviews/2030-12/run/actions",
            &[
                ("slot", "1"),
                ("text", "Pause broad match"),
                ("owner_id", &m.slots[0].2.id.to_string()),
            ],
        )
        .await;
    let res = m
        .manager
        .post_form("/reviews/2030-12/summary", &[("to_1", "true")])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "not before the meeting is held"
    );
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "3")])
        .await;
    m.manager
        .post_form("/reviews/2030-12/run/end", &[("confirm", "true")])
        .await;
    assert!(m
        .manager
        .get_html("/reviews/2030-12/archive")
        .await
        .contains("Email the summary"));
    let chosen = m.slots[0].3.clone();
    let res = m
        .manager
        .post_form(
            "/reviews/2030-12/summary",
            &[(&format!("to_{}", chosen.id), "true")],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2030-12/archive");
    m.manager
        .post_form(
            "/reviews/2030-12/summary",
            &[(&format!("to_{}", chosen.id), "true")],
        )
        .await;
    let summaries: Vec<_> = kpi_rotation::models::OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|x| x.kind == "summary")
        .collect();
    assert_eq!(summaries.len(), 1, "once per person");
    assert_eq!(summaries[0].recipient, chosen.email);
    let body = &summaries[0].body_text;
    assert!(
        body.contains("CPA: 41.5 (presented by")
            && body.contains("Broad match terms drove CPA up")
            && body.contains("Pause broad match")
            && body.contains("/reviews/2030-12/archive"),
        "{body}"
    );
    let res = m.manager.post_form("/reviews/2030-12/summary", &[]).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "someone must be chosen"
    );
}

#[tokio::test]
async fn the_closing_slot_celebrates_the_months_cards_and_the_summary_lists_them() {
    let app = spawn_app().await;
    let m = meeting(&app).await;
    // Run the meeting now, so that cards posted today belong to it.
    use diesel::prelude::*;
    let soon = app.now() + chrono::Duration::hours(1);
    diesel::update(kpi_rotation::schema::reviews::table)
        .set(kpi_rotation::schema::reviews::starts_at.eq(soon))
        .execute(&mut app.conn())
        .unwrap();
    m.manager.start_meeting("2030-12").await;
    m.manager
        .post_form("/reviews/2030-12/run/slot", &[("slot", "3")])
        .await;
    let closing = m.manager.get_html("/reviews/2030-12/run").await;
    assert!(
        closing.contains("No cards yet this month")
            && closing
                .contains("/cards/new?kind=fail&amp;month=2030-12&amp;back=/reviews/2030-12/run")
    );
    // A card added from the follow-along page comes back to it.
    let attendee = app.browser();
    attendee.login(&m.slots[0].2.email, PASSWORD).await;
    assert!(attendee
        .get_html("/reviews/2030-12/follow")
        .await
        .contains("Add a fail card"));
    let res = attendee
        .post_form(
            "/cards",
            &[
                ("kind", "fail"),
                ("title", "Tried a pop-up"),
                ("lesson", "Bounce rose"),
                ("month", "2030-12"),
                ("back", "/reviews/2030-12/follow"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2030-12/follow");
    m.api
        .post(
            "/cards",
            json!({"kind": "success", "title": "Newsletter revived"}),
        )
        .await;
    let closing = m.manager.get_html("/reviews/2030-12/run").await;
    assert!(closing.contains("Tried a pop-up") && closing.contains("Newsletter revived"));
    m.manager
        .post_form("/reviews/2030-12/run/end", &[("confirm", "true")])
        .await;
    m.manager
        .post_form(
            "/reviews/2030-12/summary",
            &[(&format!("to_{}", m.slots[0].2.id), "true")],
        )
        .await;
    let summary = kpi_rotation::models::OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|x| x.kind == "summary")
        .unwrap();
    assert!(
        summary.body_text.contains("Newsletter revived")
            && summary.body_text.contains("Tried a pop-up: Bounce rose"),
        "{}",
        summary.body_text
    );
}

/// A team of three with one metric and next month's review (the 5th, 09:00 UTC) drawn
/// and published, on the app's current date. Returns the manager's browser and the month.
async fn next_months_review(app: &TestApp) -> (Browser, String) {
    let mona = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(mona.id));
    let ana = app.add_member("Ana", "ana@example.com", "Paid", "member");
    app.add_member("Sam", "sam@example.com", "SEO", "member");
    api.post("/metrics", json!({"name": "CPA", "owner_id": ana.id}))
        .await;
    let month = kpi_rotation::domain::month::YearMonth::of_date(app.now().date())
        .next()
        .to_string();
    let (status, _) = api
        .post(
            "/reviews",
            json!({"month": month, "starts_at": format!("{month}-05T09:00:00+00:00")}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    api.post(&format!("/reviews/{month}/draw"), json!({"seed": 1}))
        .await;
    let (status, _) = api
        .post(&format!("/reviews/{month}/publish"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    (manager, month)
}

#[tokio::test]
async fn a_meeting_run_ahead_of_its_date_shows_the_cards_posted_for_it_on_any_day() {
    // Early and late in a month, and across a new year.
    for today in [
        "2026-12-02 09:00",
        "2026-12-28 16:00",
        "2026-12-31 23:30",
        "2027-01-01 08:00",
    ] {
        let app = crate::helpers::spawn_app_with(|s| {
            s.clock = kpi_rotation::clock::Clock::starting_at(crate::helpers::at(today));
        })
        .await;
        let (manager, month) = next_months_review(&app).await;
        manager.start_meeting(&month).await;
        // Slots are clamped to the agenda: a large number is the closing slot.
        manager
            .post_form(&format!("/reviews/{month}/run/slot"), &[("slot", "999")])
            .await;
        let res = manager
            .post_form(
                "/cards",
                &[
                    ("kind", "fail"),
                    ("title", "Tried broad match"),
                    ("lesson", "CPA doubled in a week"),
                    ("month", &month),
                    ("back", &format!("/reviews/{month}/run")),
                ],
            )
            .await;
        assert_eq!(location(&res), format!("/reviews/{month}/run"), "{today}");
        let closing = manager.get_html(&format!("/reviews/{month}/run")).await;
        assert!(
            closing.contains("Tried broad match"),
            "on {today} the closing slot of {month} lists the card posted in it"
        );
        app.stop().await;
    }
}
