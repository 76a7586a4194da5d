//! A real month, end to end: the data month, reopening a held meeting, every slot's
//! numbers, entering numbers by the team's format, the default currency.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{location, spawn_app, text, unescape, Api, Browser, TestApp, PASSWORD};

/// A January 2027 review (data month December 2026) with one metric, CPA, owned by Ana
/// and presented by Sam, who submitted 52310 for it; November and December are recorded.
struct January {
    api: Api,
    sam: i32,
    manager: Browser,
    metric: i64,
    assignment: i64,
}

async fn january(app: &TestApp, december: Option<f64>) -> January {
    let team = app.team_of(&[("Ana", "Paid"), ("Sam", "SEO")]);
    let (api, ana, sam) = (team.api, team.members[0].clone(), team.members[1].clone());
    let (_, metric) = api
        .post(
            "/metrics",
            json!({"name": "CPA", "owner_id": ana.id, "target": 50000}),
        )
        .await;
    let metric = metric["id"].as_i64().unwrap();
    api.put(
        &format!("/metrics/{metric}/values/2026-11"),
        json!({"value": 48000}),
    )
    .await;
    if let Some(v) = december {
        api.put(
            &format!("/metrics/{metric}/values/2026-12"),
            json!({"value": v}),
        )
        .await;
    }
    let (status, review) = api
        .post(
            "/reviews",
            json!({"month": "2027-01", "starts_at": "2027-01-05T09:00:00+01:00"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{review}");
    assert_eq!(
        review["data_month"], "2026-12",
        "the default: the month before"
    );
    api.post("/reviews/2027-01/draw", json!({"seed": 1})).await;
    api.post("/reviews/2027-01/publish", json!({})).await;
    let (_, list) = api.get("/reviews/2027-01/assignments").await;
    let a = &list[0];
    assert_eq!(a["presenter_id"].as_i64(), Some(i64::from(sam.id)));
    let assignment = a["id"].as_i64().unwrap();
    let manager = app.browser();
    manager.login("mona@example.com", PASSWORD).await;
    January {
        api,
        sam: sam.id,
        manager,
        metric,
        assignment,
    }
}

async fn hold(app: &TestApp, j: &January, presented: f64) {
    let sam = app.api(&app.token_for(j.sam));
    let (status, _) = sam
        .post(
            &format!("/assignments/{}/presentation/submit", j.assignment),
            json!({"value": presented, "answers": {"insight": "Fewer clicks from broad match"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    j.manager.start_meeting("2027-01").await;
    j.manager
        .post_form("/reviews/2027-01/run/slot", &[("go", "2")])
        .await;
    let res = j
        .manager
        .post_form("/reviews/2027-01/run/end", &[("confirm", "true")])
        .await;
    assert_eq!(location(&res), "/reviews/2027-01/values");
}

async fn value_of(api: &Api, metric: i64, month: &str) -> Option<f64> {
    let (_, values) = api.get(&format!("/metrics/{metric}/values")).await;
    values
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["month"] == month)
        .and_then(|v| v["value"].as_f64())
}

#[tokio::test]
async fn the_january_review_presents_and_writes_december_never_january() {
    let app = spawn_app().await;
    let j = january(&app, None).await;
    // The template asks for December's value and pre-fills nothing from November.
    let sam = app.browser();
    sam.login("sam@example.com", PASSWORD).await;
    let page = sam
        .get_html(&format!("/assignments/{}/presentation", j.assignment))
        .await;
    assert!(page.contains("The value for December 2026"), "{page}");
    assert!(
        page.contains("nothing recorded for Dec 2026 yet; Nov 2026 was 48,000"),
        "{page}"
    );
    assert!(
        page.contains("id=\"value\" name=\"value\" value=\"\""),
        "{page}"
    );
    hold(&app, &j, 52310.0).await;
    let form = j.manager.get_html("/reviews/2027-01/values").await;
    assert!(
        form.contains("numbers of <strong>December 2026</strong>"),
        "{form}"
    );
    let res = j
        .manager
        .post_form(
            "/reviews/2027-01/values",
            &[(&format!("write_{}", j.metric), "true")],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2027-01/archive");
    assert_eq!(value_of(&j.api, j.metric, "2026-12").await, Some(52310.0));
    assert_eq!(value_of(&j.api, j.metric, "2027-01").await, None);
}

#[tokio::test]
async fn writing_never_silently_replaces_a_different_recorded_value() {
    let app = spawn_app().await;
    let j = january(&app, Some(52000.0)).await;
    // December is recorded: the template pre-fills it.
    let sam = app.browser();
    sam.login("sam@example.com", PASSWORD).await;
    let page = sam
        .get_html(&format!("/assignments/{}/presentation", j.assignment))
        .await;
    assert!(page.contains("value=\"52,000\""), "{page}");
    assert!(page.contains("52,000 recorded for Dec 2026"), "{page}");
    hold(&app, &j, 52310.0).await;
    // Both values shown, the box to replace not ticked.
    let form = j.manager.get_html("/reviews/2027-01/values").await;
    assert!(form.contains("52,310") && form.contains("52,000"), "{form}");
    assert!(
        form.contains(&format!("name=\"replace_{}\" value=\"true\">", j.metric)),
        "{form}"
    );
    // Asked to write without replacing: refused, nothing written, both named.
    let res = j
        .manager
        .post_form(
            "/reviews/2027-01/values",
            &[(&format!("write_{}", j.metric), "true")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(res).await;
    assert!(
        page.contains("CPA already has 52,000 recorded for December 2026; 52,310 was presented"),
        "{page}"
    );
    assert_eq!(value_of(&j.api, j.metric, "2026-12").await, Some(52000.0));
    // Replacing on purpose works.
    let res = j
        .manager
        .post_form(
            "/reviews/2027-01/values",
            &[(&format!("replace_{}", j.metric), "true")],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2027-01/archive");
    assert_eq!(value_of(&j.api, j.metric, "2026-12").await, Some(52310.0));
}

#[tokio::test]
async fn a_held_meeting_reopens_until_the_next_starts_and_takes_back_its_values() {
    let app = spawn_app().await;
    let j = january(&app, Some(52000.0)).await;
    hold(&app, &j, 52310.0).await;
    j.manager
        .post_form(
            "/reviews/2027-01/values",
            &[(&format!("replace_{}", j.metric), "true")],
        )
        .await;
    // The presenter's link has expired with the meeting.
    let (_, review) = j.api.get("/reviews/2027-01").await;
    assert_eq!(review["status"], "held");
    let res = j
        .manager
        .post_form("/reviews/2027-01/run/reopen", &[])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "needs the tick"
    );
    let res = j
        .manager
        .post_form("/reviews/2027-01/run/reopen", &[("confirm", "true")])
        .await;
    assert_eq!(location(&res), "/reviews/2027-01/run");
    let (_, review) = j.api.get("/reviews/2027-01").await;
    assert_eq!(review["status"], "published");
    // The value the ending wrote is taken back: December is 52,000 again.
    assert_eq!(value_of(&j.api, j.metric, "2026-12").await, Some(52000.0));
    // The presenter may edit again (the meeting runs, so the page is read-only, but it
    // opens: the link works).
    let sam = app.browser();
    sam.login("sam@example.com", PASSWORD).await;
    let res = sam
        .get(&format!("/assignments/{}/presentation", j.assignment))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Held again; then February's meeting starts: January can no longer be reopened.
    let res = j
        .manager
        .post_form("/reviews/2027-01/run/end", &[("confirm", "true")])
        .await;
    assert_eq!(location(&res), "/reviews/2027-01/values");
    j.api
        .post(
            "/reviews",
            json!({"month": "2027-02", "starts_at": "2027-02-02T09:00:00+01:00"}),
        )
        .await;
    j.api
        .post("/reviews/2027-02/draw", json!({"seed": 1}))
        .await;
    j.api.post("/reviews/2027-02/publish", json!({})).await;
    j.manager.start_meeting("2027-02").await;
    let (status, err) = j
        .api
        .patch("/reviews/2027-01", json!({"status": "published"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(err.to_string().contains("February 2027"), "{err}");
}

#[tokio::test]
async fn the_data_month_is_set_when_scheduling_and_checked() {
    let app = spawn_app().await;
    let mona = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(mona.id));
    let (status, review) = api
        .post(
            "/reviews",
            json!({"month": "2027-03", "starts_at": "2027-03-02T09:00:00+01:00", "data_month": "2027-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(review["data_month"], "2027-01");
    let (status, err) = api
        .patch("/reviews/2027-03", json!({"data_month": "2027-04"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "data_month", "{err}");
    let (status, review) = api
        .patch("/reviews/2027-03", json!({"data_month": "2027-02"}))
        .await;
    assert_eq!(
        (status, review["data_month"].as_str()),
        (StatusCode::OK, Some("2027-02"))
    );
    // The page shows it, and the form keeps it.
    let browser = app.browser();
    browser.login("mona@example.com", PASSWORD).await;
    let page = browser.get_html("/reviews/2027-03").await;
    assert!(
        page.contains("Discusses the numbers of <strong>February 2027</strong>"),
        "{page}"
    );
    assert!(
        page.contains("name=\"data_month\" value=\"2027-02\""),
        "{page}"
    );
}

#[tokio::test]
async fn every_slot_shows_the_number_chart_and_brief_without_a_presentation() {
    let app = spawn_app().await;
    let j = january(&app, Some(52000.0)).await;
    // The owner's brief, no presentation.
    let ana = app.browser();
    ana.login("ana@example.com", PASSWORD).await;
    let res = ana
        .post_form(
            &format!("/assignments/{}/brief", j.assignment),
            &[("brief", "December had the Christmas campaign")],
        )
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    j.manager.start_meeting("2027-01").await;
    let run = j
        .manager
        .post_form("/reviews/2027-01/run/slot", &[("go", "1")])
        .await;
    assert!(run.status().is_redirection());
    let page = j.manager.get_html("/reviews/2027-01/run").await;
    assert!(page.contains("has not submitted a presentation"), "{page}");
    for wanted in [
        "<dt>December 2026</dt>",
        "52,000",
        "Against the month before",
        "+4,000",
        "50,000",
        "The 12 months up to December 2026",
        "December had the Christmas campaign",
    ] {
        assert!(page.contains(wanted), "{wanted}: {page}");
    }
}

#[tokio::test]
async fn notes_go_with_the_move_to_another_slot() {
    let app = spawn_app().await;
    let j = january(&app, None).await;
    j.manager.start_meeting("2027-01").await;
    let res = j
        .manager
        .post_form(
            "/reviews/2027-01/run/slot",
            &[("notes_slot", "0"), ("notes", "Welcome, Ana!"), ("go", "1")],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2027-01/run");
    let (_, state) = j.api.get("/reviews/2027-01/meeting").await;
    assert_eq!(state["current_slot"].as_i64(), Some(1));
    j.manager
        .post_form("/reviews/2027-01/run/slot", &[("go", "0")])
        .await;
    let page = j.manager.get_html("/reviews/2027-01/run").await;
    assert!(page.contains(">Welcome, Ana!</textarea>"), "{page}");
    // The script's autosave answers without a page.
    let res = j
        .manager
        .post_form(
            "/reviews/2027-01/run/notes",
            &[
                ("slot", "0"),
                ("notes", "Welcome, all"),
                ("autosave", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(j
        .manager
        .get_html("/reviews/2027-01/run")
        .await
        .contains(">Welcome, all</textarea>"));
}

#[tokio::test]
async fn numbers_are_read_by_the_teams_format_and_tenfold_jumps_are_confirmed() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let api = app.api(&app.token_for(1));
    let (_, metric) = api.post("/metrics", json!({"name": "Visits"})).await;
    let id = metric["id"].as_i64().unwrap();
    let path = format!("/metrics/{id}/values");
    // 1,234.5: "44.800" is 44.8, "12,5" is refused saying what it would mean.
    let res = browser
        .post_form(&path, &[("month", "2026-10"), ("value", "44.800")])
        .await;
    assert!(res.status().is_redirection());
    assert_eq!(value_of(&api, id, "2026-10").await, Some(44.8));
    let res = browser
        .post_form(&path, &[("month", "2026-10"), ("value", "12,5")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(res).await;
    assert!(
        page.contains("Value \"12,5\" does not group thousands in threes")
            && page.contains("it would be 12.5"),
        "{page}"
    );
    // A Danish team: 44.800 is forty-four thousand eight hundred.
    let (status, _) = api
        .patch("/settings", json!({"number_format": "1.234,5"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let res = browser
        .post_form(&path, &[("month", "2026-11"), ("value", "44.800")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "tenfold");
    let page = text(res).await;
    assert!(page.contains("more than ten times"), "{page}");
    assert!(page.contains("name=\"confirm_value\""), "{page}");
    let res = browser
        .post_form(
            &path,
            &[
                ("month", "2026-11"),
                ("value", "44.800"),
                ("confirm_value", "true"),
            ],
        )
        .await;
    assert!(res.status().is_redirection());
    assert_eq!(value_of(&api, id, "2026-11").await, Some(44800.0));
    // The JSON API is not asked, and takes JSON numbers whatever the format.
    let (status, _) = api
        .put(
            &format!("/metrics/{id}/values/2026-12"),
            json!({"value": 1.5}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(value_of(&api, id, "2026-12").await, Some(1.5));
    let (status, err) = api
        .patch("/settings", json!({"number_format": "1'234.5"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "number_format");
}

#[tokio::test]
async fn the_values_grid_saves_a_month_for_every_metric_or_none() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let api = app.api(&app.token_for(1));
    let (_, a) = api.post("/metrics", json!({"name": "Visits"})).await;
    let (_, b) = api.post("/metrics", json!({"name": "Leads"})).await;
    let (a, b) = (a["id"].as_i64().unwrap(), b["id"].as_i64().unwrap());
    let page = browser.get_html("/values").await;
    assert!(
        page.contains("November 2026") && page.contains("Visits"),
        "{page}"
    );
    // One bad cell: nothing saved, the bad one named, the typed ones kept.
    let res = browser
        .post_form(
            "/values",
            &[
                ("month", "2026-11"),
                (&format!("value_{a}"), "1,200"),
                (&format!("value_{b}"), "lots"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(res).await;
    assert!(page.contains("Leads \"lots\" is not a number"), "{page}");
    assert!(page.contains("value=\"1,200\""), "{page}");
    assert_eq!(value_of(&api, a, "2026-11").await, None);
    let res = browser
        .post_form(
            "/values",
            &[
                ("month", "2026-11"),
                (&format!("value_{a}"), "1,200"),
                (&format!("value_{b}"), "35"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/values?month=2026-11");
    assert_eq!(value_of(&api, a, "2026-11").await, Some(1200.0));
    assert_eq!(value_of(&api, b, "2026-11").await, Some(35.0));
    let page = browser.get_html("/values?month=2026-11").await;
    assert!(
        page.contains("1,200") && page.contains("value=\"35\""),
        "{page}"
    );
    // Members may not use it.
    let (member, _) = app.member_browser("sam@example.com").await;
    assert_eq!(member.get("/values").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_currency_metric_without_a_currency_takes_the_teams() {
    let app = spawn_app().await;
    let api = app.api(&app.token_for(app.add_manager("Mona", "mona@example.com").id));
    let (status, metric) = api
        .post("/metrics", json!({"name": "Revenue", "unit": "currency"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{metric}");
    assert_eq!(metric["currency"], "EUR");
    api.patch("/settings", json!({"currency": "dkk"})).await;
    let (_, metric) = api
        .post("/metrics", json!({"name": "Cost", "unit": "currency"}))
        .await;
    assert_eq!(metric["currency"], "DKK");
    let (status, err) = api.patch("/settings", json!({"currency": "kroner"})).await;
    assert_eq!(
        (status, err["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("currency"))
    );
}

#[tokio::test]
async fn the_schedule_form_proposes_the_next_free_month_like_the_last_review() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let api = app.api(&app.token_for(1));
    // The last review: second Thursday of January, 14:30, 45 minutes, Room 2.
    api.post(
        "/reviews",
        json!({"month": "2027-01", "starts_at": "2027-01-14T14:30:00+01:00", "duration_minutes": 45, "location": "Room 2"}),
    )
    .await;
    let page = browser.get_html("/reviews").await;
    for wanted in [
        "name=\"month\" type=\"month\" value=\"2027-02\"",
        "name=\"date\" type=\"date\" value=\"2027-02-11\"",
        "value=\"14:30\"",
        "value=\"45\"",
        "value=\"Room 2\"",
    ] {
        assert!(page.contains(wanted), "{wanted}: {page}");
    }
}

fn outbox(app: &TestApp) -> Vec<kpi_rotation::models::OutboxMessage> {
    kpi_rotation::models::OutboxMessage::list_all(&mut app.conn()).unwrap()
}

/// The queued messages of one kind.
fn mails(app: &TestApp, kind: &str) -> Vec<kpi_rotation::models::OutboxMessage> {
    outbox(app).into_iter().filter(|m| m.kind == kind).collect()
}

#[tokio::test]
async fn owners_are_invited_briefed_and_asked_to_fact_check_once() {
    let app = spawn_app().await;
    let j = january(&app, None).await;
    // Publishing invited everyone: Ana, who owns CPA, hears who presents it.
    let mail = outbox(&app);
    let ana_invite = mail
        .iter()
        .find(|m| m.recipient == "ana@example.com" && m.kind == "invite")
        .expect("the owner's invite");
    assert!(
        ana_invite
            .subject
            .starts_with("Sam presents your CPA in the January KPI review"),
        "{}",
        ana_invite.subject
    );
    assert!(
        ana_invite.body_text.contains("Write them a brief"),
        "{}",
        ana_invite.body_text
    );
    assert!(ana_invite
        .ics
        .as_deref()
        .unwrap()
        .contains("METHOD:REQUEST"));
    assert!(mail
        .iter()
        .any(|m| m.recipient == "mona@example.com" && m.kind == "invite"));
    // "Metrics you own" lists it, with no brief yet.
    let ana = app.browser();
    ana.login("ana@example.com", PASSWORD).await;
    let mine = ana.get_html("/my/assignments").await;
    assert!(
        mine.contains("Metrics you own") && mine.contains("write one"),
        "{mine}"
    );
    // A brief reaches the presenter, once per text.
    for _ in 0..2 {
        ana.post_form(
            &format!("/assignments/{}/brief", j.assignment),
            &[("brief", "Tracking broke on the 12th")],
        )
        .await;
    }
    let briefs = mails(&app, "owner_brief");
    assert_eq!(briefs.len(), 1);
    assert_eq!(briefs[0].recipient, "sam@example.com");
    assert!(briefs[0].body_text.contains("Tracking broke on the 12th"));
    // The owner does not see the presenter's introduction.
    let page = ana
        .get_html(&format!("/assignments/{}/presentation", j.assignment))
        .await;
    assert!(!page.contains("class=\"callout intro\""), "{page}");
    // Submitting asks the owner to fact-check, once, however often it is submitted.
    let sam = app.api(&app.token_for(j.sam));
    for _ in 0..2 {
        let (status, _) = sam
            .post(
                &format!("/assignments/{}/presentation/submit", j.assignment),
                json!({"value": 52310, "answers": {"insight": "Broad match"}}),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let asks = mails(&app, "fact_check_request");
    assert_eq!(asks.len(), 1);
    assert_eq!(asks[0].recipient, "ana@example.com");
    assert!(
        asks[0].subject.contains("please fact-check"),
        "{}",
        asks[0].subject
    );
    let mine = ana.get_html("/my/assignments").await;
    assert!(mine.contains("check it"), "{mine}");
    // A correction reaches the presenter.
    ana.post_form(
        &format!("/assignments/{}/fact-check", j.assignment),
        &[("correction", "December includes the refunds")],
    )
    .await;
    let corrections = mails(&app, "owner_correction");
    assert_eq!(corrections.len(), 1);
    assert_eq!(corrections[0].recipient, "sam@example.com");
    assert!(ana.get_html("/my/assignments").await.contains("corrected"));
    // At the slot, the follow-along page asks the owner how clear it was.
    j.manager.start_meeting("2027-01").await;
    j.manager
        .post_form("/reviews/2027-01/run/slot", &[("go", "1")])
        .await;
    let follow = ana.get_html("/reviews/2027-01/follow").await;
    assert!(
        follow.contains("how clear was the explanation?"),
        "{follow}"
    );
    let res = ana
        .post_form(
            &format!("/assignments/{}/rating", j.assignment),
            &[("rating", "4"), ("back", "/reviews/2027-01/follow")],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2027-01/follow");
    // The way back stays on this site.
    let res = ana
        .post_form(
            &format!("/assignments/{}/rating", j.assignment),
            &[("rating", "4"), ("back", "/\\evil.example/x")],
        )
        .await;
    assert_eq!(
        location(&res),
        format!("/assignments/{}/presentation", j.assignment)
    );
    assert!(unescape(&ana.get_html("/reviews/2027-01/follow").await).contains("(now 4 / 5)"));
    // Nobody else is asked.
    let sam_browser = app.browser();
    sam_browser.login("sam@example.com", PASSWORD).await;
    assert!(!sam_browser
        .get_html("/reviews/2027-01/follow")
        .await
        .contains("how clear was the explanation?"));
}

#[tokio::test]
async fn moving_a_published_review_asks_first_and_says_what_changed() {
    let app = spawn_app().await;
    let j = january(&app, None).await;
    let before = outbox(&app).len();
    let page = j.manager.get_html("/reviews/2027-01").await;
    assert!(
        page.contains("to the 3 people invited: Ana, Mona, Sam"),
        "{page}"
    );
    let form = [
        ("date", "2027-01-06"),
        ("time", "10:00"),
        ("timezone", "Europe/Copenhagen"),
        ("duration_minutes", "30"),
        ("location", ""),
        ("data_month", "2026-12"),
    ];
    let res = j.manager.post_form("/reviews/2027-01", &form).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(res).await;
    assert!(
        page.contains("moving the review emails the updated invite to 3 people (Ana, Mona, Sam)"),
        "{page}"
    );
    assert_eq!(outbox(&app).len(), before, "nothing sent, nothing moved");
    let (_, review) = j.api.get("/reviews/2027-01").await;
    assert!(review["starts_at"]
        .as_str()
        .unwrap()
        .starts_with("2027-01-05"));
    let mut confirmed = form.to_vec();
    confirmed.push(("confirm_move", "true"));
    let res = j.manager.post_form("/reviews/2027-01", &confirmed).await;
    assert_eq!(location(&res), "/reviews/2027-01");
    let moved: Vec<_> = outbox(&app).into_iter().skip(before).collect();
    assert_eq!(moved.len(), 3, "everyone invited hears it");
    for m in &moved {
        assert!(
            m.body_text
                .contains("The time: Wed 6 Jan 2027, 10:00 CET (was Tue 5 Jan 2027, 09:00 CET)"),
            "{}",
            m.body_text
        );
        assert!(
            !m.body_text.contains("rotation"),
            "only the time changed: {}",
            m.body_text
        );
        assert!(m.subject.starts_with("Changed:"), "{}", m.subject);
        assert!(m.ics.as_deref().unwrap().contains("SEQUENCE:2"));
        // No place set: the calendar's location is the review's page.
        assert!(
            m.ics.as_deref().unwrap().contains("LOCATION:http"),
            "{:?}",
            m.ics
        );
    }
}

#[tokio::test]
async fn a_presenter_marked_away_after_the_draw_is_flagged_and_replaced() {
    let app = spawn_app().await;
    let j = january(&app, None).await;
    let chris = app.add_member("Chris", "chris@example.com", "Content", "member");
    let (status, _) = j
        .api
        .patch("/reviews/2027-01", json!({"away_member_ids": [j.sam]}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = j.api.get("/reviews/2027-01/assignments").await;
    assert_eq!(
        list[0]["warning"],
        "Sam is away in January 2027; choose another presenter for this metric"
    );
    let page = j.manager.get_html("/reviews/2027-01").await;
    assert!(page.contains("Replace Sam</button>"), "{page}");
    // Published: replacing asks for the confirmation, then picks the best free person.
    let path = format!("/reviews/2027-01/assignments/{}/replace", j.metric);
    let res = j.manager.post_form(&path, &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = j.manager.post_form(&path, &[("confirm", "true")]).await;
    assert_eq!(location(&res), "/reviews/2027-01");
    let (_, list) = j.api.get("/reviews/2027-01/assignments").await;
    let presenter = list[0]["presenter_id"].as_i64().unwrap();
    assert!(
        presenter == i64::from(chris.id) || presenter == 1,
        "not Sam (away) nor Ana (the owner): {presenter}"
    );
    assert!(list[0]["warning"].is_null(), "{}", list[0]);
    assert!(list[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("chosen by hand"));
    // Back from being away: a flag that no longer holds is cleared.
    j.api
        .patch("/reviews/2027-01", json!({"away_member_ids": [chris.id]}))
        .await;
    j.api
        .patch("/reviews/2027-01", json!({"away_member_ids": []}))
        .await;
    let (_, list) = j.api.get("/reviews/2027-01/assignments").await;
    assert!(list[0]["warning"].is_null(), "{}", list[0]);
}
