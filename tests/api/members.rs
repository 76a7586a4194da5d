use reqwest::StatusCode;

use crate::helpers::{location, spawn_app, text, PASSWORD};
use kpi_rotation::models::Member;

#[tokio::test]
async fn a_manager_adds_edits_and_lists_members_with_department_suggestions() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let res = browser
        .post_form(
            "/members",
            &[
                ("name", "Ana"),
                ("email", "ana@example.com"),
                ("department", "Paid"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let ana = Member::find_by_email(&mut app.conn(), "ana@example.com")
        .unwrap()
        .unwrap();
    let form = browser.get_html("/members/new").await;
    assert!(
        form.contains("<option value=\"Paid\">"),
        "existing departments are suggested"
    );

    let res = browser
        .post_form(
            &format!("/members/{}", ana.id),
            &[
                ("name", "Ana Andersen"),
                ("email", "ana@example.com"),
                ("department", "Paid social"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/members");
    let list = browser.get_html("/members").await;
    assert!(
        list.contains("Ana Andersen") && list.contains("Paid social") && list.contains("invited")
    );
}

#[tokio::test]
async fn member_form_errors_are_shown_beside_the_fields() {
    let app = spawn_app().await;
    let (browser, manager) = app.manager_browser().await;
    let res = browser
        .post_form(
            "/members",
            &[("name", " "), ("email", "nope"), ("role", "boss")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(res).await;
    assert!(
        html.contains("Name must not be empty")
            && html.contains("Email is not a valid address")
            && html.contains("Role \"boss\" is not one of manager, member")
    );
    let res = browser
        .post_form(
            "/members",
            &[
                ("name", "Copy"),
                ("email", &manager.email.to_uppercase()),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("is already used by Mona Manager"));
    assert_eq!(Member::count(&mut app.conn()).unwrap(), 1);
}

#[tokio::test]
async fn a_deactivated_member_cannot_sign_in_and_keeps_their_row() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let sam = app.add_member("Sam", "sam@example.com", "SEO", "member");
    let sam_browser = app.browser();
    sam_browser.login(&sam.email, PASSWORD).await;
    let res = browser
        .post_form(&format!("/members/{}/deactivate", sam.id), &[])
        .await;
    assert_eq!(location(&res), "/members");
    // Their open session ends and they cannot sign in again.
    assert_eq!(location(&sam_browser.get("/").await), "/login");
    let res = app
        .browser()
        .post_form(
            "/login",
            &[("email", "sam@example.com"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(!Member::find(&mut app.conn(), sam.id).unwrap().active);
    browser
        .post_form(&format!("/members/{}/activate", sam.id), &[])
        .await;
    app.browser().login("sam@example.com", PASSWORD).await;
}

#[tokio::test]
async fn a_member_without_history_is_deleted_after_confirmation_one_with_history_is_not() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    let fresh = app.add_member("Fresh", "fresh@example.com", "", "member");
    let owner = app.add_member("Owner", "owner@example.com", "Paid", "member");
    let res = browser
        .post_form(
            "/metrics",
            &[
                ("name", "CPC"),
                ("owner_id", &owner.id.to_string()),
                ("active", "true"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let confirm = browser
        .get_html(&format!("/members/{}/delete", fresh.id))
        .await;
    assert!(confirm.contains("cannot be undone"));
    let res = browser
        .post_form(&format!("/members/{}/delete", fresh.id), &[])
        .await;
    assert_eq!(location(&res), "/members");
    assert!(Member::find(&mut app.conn(), fresh.id).is_err());

    let confirm = browser
        .get_html(&format!("/members/{}/delete", owner.id))
        .await;
    assert!(confirm.contains("deactivate them instead") || confirm.contains("Deactivate Owner"));
    let res = browser
        .post_form(&format!("/members/{}/delete", owner.id), &[])
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(Member::find(&mut app.conn(), owner.id).is_ok());
}

#[tokio::test]
async fn the_last_manager_cannot_be_demoted_deactivated_or_removed() {
    let app = spawn_app().await;
    let (_, manager) = app.manager_browser().await;
    let api = app.api(&app.token_for(manager.id));
    let (status, body) = api
        .patch(
            &format!("/members/{}", manager.id),
            serde_json::json!({"role": "member"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("only active manager"));
    let (status, _) = api
        .patch(
            &format!("/members/{}", manager.id),
            serde_json::json!({"active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = api.delete(&format!("/members/{}", manager.id)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(Member::find(&mut app.conn(), manager.id)
        .unwrap()
        .is_manager());
}

#[tokio::test]
async fn the_team_list_is_paginated() {
    let app = spawn_app().await;
    let (browser, _) = app.manager_browser().await;
    for i in 0..55 {
        let fields = kpi_rotation::domain::member::MemberFields {
            name: format!("Person {i:02}"),
            email: format!("p{i}@example.com"),
            ..Default::default()
        };
        kpi_rotation::services::members::create(
            &mut app.conn(),
            &app.postbox(),
            "Mona",
            &fields,
            app.now(),
        )
        .unwrap();
    }
    let first = browser.get_html("/members").await;
    assert!(first.contains("Page 1 of 2") && first.contains("?page=2"));
    let second = browser.get_html("/members?page=2").await;
    assert!(second.contains("Page 2 of 2") && second.contains("Person 54"));
    assert!(browser
        .get_html("/members?page=abc")
        .await
        .contains("Page 1 of 2"));
}
