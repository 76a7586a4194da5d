use reqwest::StatusCode;

use crate::helpers::{location, spawn_app, text, unescape, PASSWORD};

#[tokio::test]
async fn a_manager_schedules_marks_away_draws_adjusts_and_publishes_from_the_pages() {
    let app = spawn_app().await;
    let (manager, _) = app.manager_browser().await;
    let ana = app.add_member("Ana", "ana@example.com", "Paid", "member");
    let sam = app.add_member("Sam", "sam@example.com", "SEO", "member");
    let chris = app.add_member("Chris", "chris@example.com", "Content", "member");
    for (name, owner) in [
        ("CPA", ana.id),
        ("Traffic", sam.id),
        ("Engagement rate", chris.id),
    ] {
        manager
            .post_form(
                "/metrics",
                &[
                    ("name", name),
                    ("owner_id", &owner.to_string()),
                    ("active", "true"),
                ],
            )
            .await;
    }
    assert!(manager
        .get_html("/reviews")
        .await
        .contains("No reviews yet"));
    let res = manager
        .post_form(
            "/reviews",
            &[
                ("month", "2026-12"),
                ("date", "2026-12-01"),
                ("time", "10:00"),
                ("timezone", "Europe/Copenhagen"),
                ("duration_minutes", "30"),
                ("location", "Room 3"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2026-12");
    let page = manager.get_html("/reviews/2026-12").await;
    assert!(page.contains("Tue 1 Dec 2026, 10:00 CET") && page.contains("Room 3"));

    // Chris is away; the draw gives Chris nothing.
    let res = manager
        .post_form(
            "/reviews/2026-12/away",
            &[(&format!("away_{}", chris.id), "true")],
        )
        .await;
    assert_eq!(location(&res), "/reviews/2026-12");
    let res = manager
        .post_form("/reviews/2026-12/draw", &[("seed", "11")])
        .await;
    assert_eq!(location(&res), "/reviews/2026-12");
    let page = text(manager.get("/reviews/2026-12").await).await;
    assert!(
        page.contains("Draft rotation")
            && page.contains("seed 11")
            && page.contains("not in the owner's department")
    );
    assert!(page.contains("Publish the rotation"));

    // A member sees nothing of the draft.
    let sam_browser = app.browser();
    sam_browser.login(&sam.email, PASSWORD).await;
    let draft = sam_browser.get_html("/reviews/2026-12").await;
    assert!(draft.contains("not published yet") && !draft.contains("Draft rotation"));

    // Giving CPA to its owner is refused with the reason on the page.
    let metric_id = kpi_rotation::models::Metric::find_by_name(&mut app.conn(), "CPA")
        .unwrap()
        .unwrap()
        .id;
    let res = manager
        .post_form(
            &format!("/reviews/2026-12/assignments/{metric_id}"),
            &[("presenter_id", &ana.id.to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res)
        .await
        .contains("Ana owns CPA and cannot present it"));

    let res = manager.post_form("/reviews/2026-12/publish", &[]).await;
    assert_eq!(location(&res), "/reviews/2026-12");
    let res = manager.post_form("/reviews/2026-12/publish", &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(text(res).await.contains("already published"));

    // Now Sam sees the rotation and their own assignment.
    let published = sam_browser.get_html("/reviews/2026-12").await;
    assert!(published.contains("Who presents what") && published.contains(">you<"));
    let mine = sam_browser.get_html("/my/assignments").await;
    assert!(mine.contains("December 2026"));
    assert!(app.browser().get("/my/assignments").await.status() == StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_bad_schedule_is_shown_beside_its_fields_and_a_second_review_for_a_month_is_refused() {
    let app = spawn_app().await;
    let (manager, _) = app.manager_browser().await;
    let res = manager
        .post_form(
            "/reviews",
            &[
                ("month", "2026-13"),
                ("date", "tomorrow"),
                ("time", "25:00"),
                ("timezone", "Nowhere/City"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(html.contains("is not a month written YYYY-MM"), "{html}");
    let fields = [
        ("month", "2026-12"),
        ("date", "2026-12-01"),
        ("time", "10:00"),
        ("timezone", "Europe/Copenhagen"),
    ];
    let res = manager.post_form("/reviews", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = manager.post_form("/reviews", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(res)
        .await
        .contains("there is already a review for December 2026"));
    let res = manager
        .post_form(
            "/reviews",
            &[
                ("month", "2027-01"),
                ("date", "2027-01-05"),
                ("time", "25:00"),
                ("timezone", "Nowhere/City"),
            ],
        )
        .await;
    let html = text(res).await;
    assert!(
        html.contains("Time \"25:00\" is not a time written HH:MM")
            && html.contains("Time zone \"Nowhere/City\" is not an IANA time zone"),
        "{html}"
    );
    // Cancelling needs the confirmation box.
    let res = manager.post_form("/reviews/2026-12/cancel", &[]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = manager
        .post_form("/reviews/2026-12/cancel", &[("confirm", "true")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(manager.get_html("/reviews").await.contains("cancelled"));
}

#[tokio::test]
async fn team_settings_validate_and_the_schedule_creates_the_next_reviews() {
    let app = spawn_app().await;
    let (manager, _) = app.manager_browser().await;
    let page = text(manager.get("/settings").await).await;
    assert!(page.contains("first Tuesday of each month, 10:00 Europe/Copenhagen"));
    let bad = [
        ("recent_months", "99"),
        ("default_duration_minutes", "30"),
        ("default_timezone", "Europe/Copenhagen"),
        ("opening_minutes", "20"),
        ("closing_minutes", "15"),
        ("schedule_week", "1"),
        ("schedule_weekday", "2"),
        ("schedule_time", "10:00"),
        ("schedule_months_ahead", "2"),
        ("reminder_days", "2"),
        ("anonymous_feedback", "true"),
    ];
    let res = manager.post_form("/settings", &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(
        html.contains("Months without repeats (K) must be a whole number from 0 to 24")
            && html.contains("leave no time for the metrics"),
        "{html}"
    );

    let good = [
        ("recent_months", "4"),
        ("default_duration_minutes", "30"),
        ("default_timezone", "Asia/Jakarta"),
        ("opening_minutes", "3"),
        ("closing_minutes", "5"),
        ("schedule_enabled", "true"),
        ("schedule_week", "5"),
        ("schedule_weekday", "5"),
        ("schedule_time", "09:30"),
        ("schedule_months_ahead", "2"),
        ("reminder_days", "2"),
        ("anonymous_feedback", "true"),
    ];
    let res = manager.post_form("/settings", &good).await;
    assert_eq!(location(&res), "/settings");
    assert!(text(manager.get("/settings").await)
        .await
        .contains("last Friday of each month, 09:30 Asia/Jakarta"));
    // Visiting the reviews creates this month's (if still ahead) and the next two.
    let list = manager.get_html("/reviews").await;
    let today = app.now().date();
    let next = kpi_rotation::domain::month::YearMonth::of_date(today).next();
    assert!(list.contains(&next.long_label()), "{list}");
    assert!(list.contains("09:30 WIB"), "{list}");
    let count = kpi_rotation::models::Review::count(&mut app.conn()).unwrap();
    assert!((2..=3).contains(&count));
    // A second visit creates nothing more.
    manager.get_html("/reviews").await;
    assert_eq!(
        kpi_rotation::models::Review::count(&mut app.conn()).unwrap(),
        count
    );
}

#[tokio::test]
async fn history_shows_who_presented_what_and_the_team_coverage() {
    let app = spawn_app().await;
    let (manager, mona) = app.manager_browser().await;
    let ana = app.add_member("Ana", "ana@example.com", "Paid", "member");
    let sam = app.add_member("Sam", "sam@example.com", "SEO", "member");
    let api = app.api(&app.token_for(mona.id));
    api.post(
        "/metrics",
        serde_json::json!({"name": "CPA", "owner_id": ana.id}),
    )
    .await;
    api.post(
        "/metrics",
        serde_json::json!({"name": "Traffic", "owner_id": sam.id}),
    )
    .await;
    let today = app.now().date();
    let month = kpi_rotation::domain::month::YearMonth::of_date(today).to_string();
    api.post(
        "/reviews",
        serde_json::json!({"month": month, "starts_at": format!("{month}-15T10:00:00+00:00")}),
    )
    .await;
    api.post(&format!("/reviews/{month}/draw"), serde_json::json!({}))
        .await;
    api.post(&format!("/reviews/{month}/publish"), serde_json::json!({}))
        .await;

    let grid = manager.get_html("/reviews/history").await;
    // Ana presents Traffic, Sam presents CPA: 2 of the 4 possible non-owner pairs
    // (Mona presents nothing), so coverage is 2 / 4.
    assert!(
        grid.contains("<strong>50 %</strong>") && grid.contains("(2 of 4"),
        "{grid}"
    );
    assert!(grid.contains(">Traffic<") || grid.contains(">CPA<"));
    // The grid starts at the first review; months without one are not links (no 404s).
    let this = kpi_rotation::domain::month::YearMonth::of_date(today);
    let before = this.prev().label();
    assert!(
        !grid.contains(&format!(">{before}<")),
        "starts at the first review: {grid}"
    );
    assert!(
        grid.contains(&format!("<a href=\"/reviews/{month}\">")),
        "{grid}"
    );
    let next = this.next();
    assert!(
        grid.contains(&format!("<th scope=\"col\">{}</th>", next.label()))
            && !grid.contains(&format!("href=\"/reviews/{next}\"")),
        "{grid}"
    );
    let ana_page = manager.get_html(&format!("/members/{}", ana.id)).await;
    assert!(
        ana_page.contains("What Ana has learned")
            && ana_page.contains("Traffic")
            && ana_page.contains("SEO (1)"),
        "{ana_page}"
    );
    let metric = kpi_rotation::models::Metric::find_by_name(&mut app.conn(), "CPA")
        .unwrap()
        .unwrap();
    let metric_page = manager.get_html(&format!("/metrics/{}", metric.id)).await;
    assert!(metric_page.contains("Who presented it") && metric_page.contains(": Sam"));
}

#[tokio::test]
async fn a_large_team_changes_a_presenter_on_a_page_of_its_own_not_in_every_row() {
    let app = spawn_app().await;
    let (manager, _) = app.manager_browser().await;
    let people: Vec<_> = (0..45)
        .map(|i| {
            app.add_member(
                &format!("Person {i:02}"),
                &format!("p{i}@example.com"),
                ["SEO", "Paid", "Content"][i % 3],
                "member",
            )
        })
        .collect();
    for (i, owner) in people.iter().take(3).enumerate() {
        manager
            .post_form(
                "/metrics",
                &[
                    ("name", &format!("Metric {i}")),
                    ("owner_id", &owner.id.to_string()),
                    ("active", "true"),
                ],
            )
            .await;
    }
    manager
        .post_form(
            "/reviews",
            &[
                ("month", "2026-12"),
                ("date", "2026-12-01"),
                ("time", "10:00"),
                ("timezone", "Europe/Copenhagen"),
                ("duration_minutes", "30"),
            ],
        )
        .await;
    manager
        .post_form("/reviews/2026-12/draw", &[("seed", "3")])
        .await;
    let page = unescape(&manager.get_html("/reviews/2026-12").await);
    assert!(
        !page.contains("name=\"presenter_id\""),
        "no picker in every row of a 46-person team"
    );
    let metric_id: i32 = {
        use diesel::prelude::*;
        kpi_rotation::schema::metrics::table
            .filter(kpi_rotation::schema::metrics::name.eq("Metric 0"))
            .select(kpi_rotation::schema::metrics::id)
            .first(&mut app.conn())
            .unwrap()
    };
    let link = format!("/reviews/2026-12/assignments/{metric_id}");
    assert!(
        page.contains(&format!("href=\"{link}\"")),
        "each row links to its page"
    );

    let form = manager.get_html(&link).await;
    assert!(form.contains("Change the presenter of Metric 0"));
    assert_eq!(
        form.matches("<option").count(),
        46,
        "everyone who is not away"
    );
    assert_eq!(
        form.matches(" selected>").count(),
        1,
        "the current presenter"
    );
    // The owner of Metric 0 is refused as its presenter; someone else is taken.
    let res = manager
        .post_form(&link, &[("presenter_id", &people[0].id.to_string())])
        .await;
    assert!(res.status().is_client_error());
    let res = manager
        .post_form(&link, &[("presenter_id", &people[44].id.to_string())])
        .await;
    assert_eq!(location(&res), "/reviews/2026-12");
    let form = manager.get_html(&link).await;
    assert!(form.contains("now presented by <strong>Person 44</strong>"));

    assert_eq!(
        manager
            .get("/reviews/2026-12/assignments/99999")
            .await
            .status(),
        reqwest::StatusCode::NOT_FOUND
    );
}
