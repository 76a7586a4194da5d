//! Read pages are rendered once per change of the database and given again while it
//! stays the same: any write, by this server or by anything else holding the file, must
//! show on the very next request.

use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::helpers::{spawn_app, PASSWORD};

#[tokio::test]
async fn a_page_given_again_shows_a_change_made_on_any_connection_at_once() {
    // Arrange
    let app = spawn_app().await;
    let t = app.team();
    let ana = t.members[0].clone();
    let ids = t
        .metrics(&[("Leads", "Ana")], json!({"on_dashboard": true}))
        .await;
    let browser = app.browser();
    browser.login("mona@example.com", PASSWORD).await;
    let profile = format!("/members/{}", ana.id);
    assert!(browser.get_html(&profile).await.contains("Ana"));
    assert!(
        browser.get_html(&profile).await.contains("Ana"),
        "given again"
    );
    assert!(browser.get_html("/").await.contains("Leads"));

    // Act: written behind the server's back, on a connection of its own.
    app.conn()
        .batch_execute(&format!(
            "UPDATE members SET name = 'Ana Lindqvist' WHERE id = {};
             UPDATE metrics SET name = 'Qualified leads' WHERE id = {};",
            ana.id, ids[0]
        ))
        .unwrap();

    // Assert
    assert!(browser.get_html(&profile).await.contains("Ana Lindqvist"));
    assert!(browser.get_html("/").await.contains("Qualified leads"));
}

#[tokio::test]
async fn a_page_given_again_is_each_viewers_own() {
    // Arrange
    let app = spawn_app().await;
    let t = app.team();
    t.metrics(&[("Leads", "Ana")], json!({"on_dashboard": true}))
        .await;
    let (manager, member) = (app.browser(), app.browser());
    manager.login("mona@example.com", PASSWORD).await;
    member.login("ana@example.com", PASSWORD).await;

    // Act
    let as_manager = manager.get_html("/metrics").await;
    let as_member = member.get_html("/metrics").await;

    // Assert: the manager's page has the manager's buttons, the member's has not.
    assert!(as_manager.contains("href=\"/metrics/new\""), "{as_manager}");
    assert!(!as_member.contains("href=\"/metrics/new\""), "{as_member}");
    assert!(member.get_html("/").await.contains("Ana"));
}
