use std::sync::atomic::Ordering;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_in, spawn_app_mailing_to, spawn_app_with, Api, TestApp};
use crate::smtp::{free_port, readable, SmtpSink};
use kpi_rotation::models::OutboxMessage;

/// Three members in three departments, three metrics, and a December review drawn.
async fn drawn_review(app: &TestApp) -> Api {
    let team = app.team();
    team.metrics(
        &[
            ("CPA", "Ana"),
            ("Traffic", "Sam"),
            ("Engagement rate", "Chris"),
        ],
        json!({}),
    )
    .await;
    team.drawn_review("2026-12", "2026-12-01T10:00:00+01:00", 1)
        .await;
    team.api
}

fn member_name(app: &TestApp, id: i64) -> String {
    kpi_rotation::models::Member::find(&mut app.conn(), i32::try_from(id).unwrap())
        .unwrap()
        .name
}

fn assignment_messages(app: &TestApp) -> Vec<OutboxMessage> {
    OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "assignment")
        .collect()
}

#[tokio::test]
async fn publishing_delivers_the_invite_to_every_attendee_and_presenters_learn_what_they_present() {
    let sink = SmtpSink::start();
    let url = sink.url();
    let app = spawn_app_mailing_to(url).await;
    let api = drawn_review(&app).await;
    // Invitations went out when the members were added.
    app.eventually("three invitations arrive", |_| sink.messages().len() == 3)
        .await;
    let (status, _) = api.post("/reviews/2026-12/publish", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    app.eventually("three assignments and the manager's invite arrive", |_| {
        sink.messages().len() == 7
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let received = sink.messages();
    assert_eq!(received.len(), 7, "exactly one email per attendee");
    // The manager presents nothing here and is invited all the same, with the place.
    let invite = received
        .iter()
        .find(|m| m.to.iter().any(|t| t == "mona@example.com"))
        .expect("the manager's invite");
    let text = readable(&invite.data);
    assert!(
        text.contains("Subject: Invitation: the December KPI review (Tue 1 Dec, 10:00 CET)"),
        "{text}"
    );
    assert!(
        text.contains("method=REQUEST") && text.contains("LOCATION:Room 3"),
        "{text}"
    );
    let assignments: Vec<_> = received
        .iter()
        .filter(|m| m.data.contains("in the December KPI review"))
        .collect();
    assert_eq!(assignments.len(), 3);
    let mut recipients: Vec<String> = assignments.iter().flat_map(|m| m.to.clone()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        ["ana@example.com", "chris@example.com", "sam@example.com"]
    );
    for m in &assignments {
        let text = readable(&m.data);
        // Each of them owns a metric someone else presents: the brief's link is there.
        assert!(
            text.contains("Your own metrics are presented by someone else")
                && text.contains("write the brief"),
            "{text}"
        );
        assert!(
            text.contains(&format!("{}/my/assignments", app.address)),
            "the link: {text}"
        );
        assert!(text.contains("Tue, 1 Dec 2026, 10:00 CET"), "{text}");
        assert!(m
            .data
            .contains("Content-Type: text/calendar; charset=utf-8; method=REQUEST"));
        // The invite parses, with the right start and a UID stable for the review.
        let ics_start = text.find("BEGIN:VCALENDAR").expect("an invite");
        let ics_end = text.find("END:VCALENDAR").expect("an invite") + "END:VCALENDAR".len();
        let calendar: icalendar::Calendar =
            text[ics_start..ics_end].parse().expect("the invite parses");
        let event = calendar
            .components
            .iter()
            .find_map(|c| c.as_event())
            .expect("an event");
        use icalendar::Component;
        assert_eq!(event.get_uid(), Some("review-2026-12@127.0.0.1"));
        assert_eq!(event.property_value("DTSTART"), Some("20261201T090000Z"));
        assert_eq!(event.property_value("SEQUENCE"), Some("1"));
    }
    assert!(assignment_messages(&app)
        .iter()
        .all(|m| m.state == "sent" && m.attempts == 1));
}

#[tokio::test]
async fn with_the_smtp_server_down_mail_waits_and_is_delivered_once_after_a_restart() {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}?tls=none");
    let first_url = url.clone();
    let app = spawn_app_mailing_to(first_url).await;
    let api = drawn_review(&app).await;
    api.post("/reviews/2026-12/publish", json!({})).await;
    app.eventually("every message was tried and kept", |app| {
        let all = OutboxMessage::list_all(&mut app.conn()).unwrap();
        all.len() == 7
            && all
                .iter()
                .all(|m| m.state == "queued" && m.attempts >= 1 && m.last_error.is_some())
    })
    .await;
    app.stop().await;

    // The SMTP server comes back, and so does the app, on the same database.
    let sink = SmtpSink::start_on(port);
    let dir = app.dir.clone();
    let restarted = spawn_app_in(dir, |s| {
        s.smtp_url = Some(url);
        s.run_mail_sender = true;
    })
    .await;
    restarted
        .eventually("all seven messages are delivered", |_| {
            sink.messages().len() >= 7
        })
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(sink.messages().len(), 7, "each message exactly once");
    assert!(OutboxMessage::list_all(&mut restarted.conn())
        .unwrap()
        .iter()
        .all(|m| m.state == "sent"));
}

#[tokio::test]
async fn a_550_answer_marks_the_message_failed_with_the_servers_text_and_it_can_be_retried() {
    let sink = SmtpSink::start();
    sink.reject.store(true, Ordering::SeqCst);
    let url = sink.url();
    let app = spawn_app_mailing_to(url).await;
    let (manager, _) = app.manager_browser().await;
    manager
        .post_form(
            "/members",
            &[
                ("name", "Ana"),
                ("email", "ana@example.com"),
                ("role", "member"),
            ],
        )
        .await;
    app.eventually("the invitation fails", |app| {
        OutboxMessage::list_all(&mut app.conn())
            .unwrap()
            .iter()
            .any(|m| m.state == "failed")
    })
    .await;
    let failed = OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.state == "failed")
        .unwrap();
    assert!(
        failed
            .last_error
            .as_deref()
            .unwrap()
            .contains("no such mailbox here"),
        "{:?}",
        failed.last_error
    );
    assert_eq!(
        failed.attempts, 1,
        "a permanent failure is not retried by itself"
    );
    let page = manager.get_html("/admin/mail").await;
    assert!(page.contains("no such mailbox here") && page.contains("Retry"));

    sink.reject.store(false, Ordering::SeqCst);
    let res = manager
        .post_form(&format!("/admin/mail/{}/retry", failed.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    app.eventually("the retried invitation arrives", |_| {
        sink.messages().len() == 1
    })
    .await;
    let res = manager
        .post_form(&format!("/admin/mail/{}/retry", failed.id), &[])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "only failed messages can be retried"
    );
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_readable_eml_files() {
    let app = spawn_app_with(|s| s.run_mail_sender = true).await;
    let (manager, _) = app.manager_browser().await;
    manager
        .post_form(
            "/members",
            &[
                ("name", "Ana Paid"),
                ("email", "ana@example.com"),
                ("role", "member"),
            ],
        )
        .await;
    let mail_dir = app.dir.path().join("mail");
    app.eventually("an .eml file is written", |_| {
        std::fs::read_dir(&mail_dir)
            .map(|d| d.count() == 1)
            .unwrap_or(false)
    })
    .await;
    let file = std::fs::read_dir(&mail_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    assert_eq!(file.extension().and_then(|e| e.to_str()), Some("eml"));
    let text = readable(&std::fs::read_to_string(&file).unwrap());
    assert!(
        text.contains("To: \"Ana Paid\" <ana@example.com>")
            || text.contains("To: Ana Paid <ana@example.com>"),
        "{text}"
    );
    assert!(text.contains("Subject: Mona Manager invited you to kpi-rotation"));
    assert!(text.contains(&format!("{}/password/", app.address)));
    assert!(text.contains("Message-ID: <"));
}

#[tokio::test]
async fn a_changed_published_rotation_tells_the_affected_presenters_and_a_cancellation_withdraws_the_invite(
) {
    let app = spawn_app().await;
    let api = drawn_review(&app).await;
    api.post("/reviews/2026-12/publish", json!({})).await;
    assert_eq!(
        assignment_messages(&app).len(),
        3,
        "queued in the publish transaction"
    );
    let (_, list) = api.get("/reviews/2026-12/assignments").await;
    let list = list.as_array().unwrap().clone();
    let (a, b) = (&list[0], &list[1]);
    let (status, _) = api
        .post(
            "/reviews/2026-12/swap",
            json!({"metric_ids": [a["metric_id"], b["metric_id"]], "confirm": true}),
        )
        .await;
    if status == StatusCode::OK {
        let changed: Vec<_> = assignment_messages(&app)
            .into_iter()
            .filter(|m| m.subject.starts_with("Changed:"))
            .collect();
        // The two presenters who swapped hear of it (and the owners of the two metrics,
        // who present something else here), each saying who presents what now.
        let swapped: Vec<String> = [a, b]
            .iter()
            .map(|x| {
                format!(
                    "{}@example.com",
                    member_name(&app, x["presenter_id"].as_i64().unwrap()).to_lowercase()
                )
            })
            .collect();
        for email in &swapped {
            assert!(changed.iter().any(|m| &m.recipient == email), "{email}");
        }
        assert!(
            changed.len() <= 4,
            "only those concerned: {}",
            changed.len()
        );
        assert!(changed.iter().all(|m| {
            m.ics.as_deref().unwrap().contains("SEQUENCE:2")
                && m.body_text.contains("presents")
                && m.body_text.contains("now, instead of")
                && !m.body_text.contains("rotation for the")
        }));
    }
    let (status, _) = api
        .patch("/reviews/2026-12", json!({"status": "cancelled"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let cancelled: Vec<_> = OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "review_cancelled")
        .collect();
    assert_eq!(cancelled.len(), 4, "everyone invited, the manager too");
    assert!(cancelled
        .iter()
        .all(|m| m.ics.as_deref().unwrap().contains("METHOD:CANCEL")));
}

#[tokio::test]
async fn a_malformed_smtp_url_stops_start_up_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = kpi_rotation::config::Settings::for_tests(dir.path());
    settings.smtp_url = Some("smtp://mail.example.com:587?tls=sometimes".into());
    let err = kpi_rotation::startup::Application::build(settings)
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("tls=sometimes"), "{err}");
}

#[tokio::test]
async fn every_email_subject_starts_with_a_capital() {
    let app = spawn_app().await;
    let logins = app.fill_demo();
    let manager = app.browser();
    manager.login(&logins[0].0, &logins[0].1).await;
    manager.post_form("/admin/mail/test", &[]).await;
    let subjects: Vec<String> = OutboxMessage::list_all(&mut app.conn())
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert!(
        subjects.iter().any(|s| s.starts_with("You present")),
        "{subjects:?}"
    );
    assert!(subjects.iter().any(|s| s == "Test email from kpi-rotation"));
    for subject in &subjects {
        assert!(
            subject.chars().next().is_some_and(char::is_uppercase),
            "{subject:?}"
        );
    }
}
