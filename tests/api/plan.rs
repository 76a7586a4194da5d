//! The plan ahead (`/reviews/plan`, `/api/v1/reviews/plan`): a preview of the coming
//! months' draws with today's team, after the published ones.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_refused, spawn_app, PASSWORD};

#[tokio::test]
async fn the_plan_shows_the_months_ahead_after_the_published_ones() {
    let app = spawn_app().await;
    let t = app.team_of(&[
        ("Ana", "Paid"),
        ("Sam", "SEO"),
        ("Chris", "Content"),
        ("Dana", "SEO"),
    ]);
    let metrics = t
        .metrics(
            &[
                ("CPA", "Ana"),
                ("Traffic", "Sam"),
                ("Engagement", "Chris"),
                ("Bounce rate", "Dana"),
            ],
            json!({}),
        )
        .await;
    t.published_review("2027-03", "2027-03-02T10:00:00+01:00", 4)
        .await;

    let (status, plan) = t.api.get("/reviews/plan?months=6").await;

    assert_eq!(status, StatusCode::OK, "{plan}");
    let months = plan["months"].as_array().unwrap();
    assert_eq!(months.len(), 6);
    assert_eq!(months[0]["month"], "2027-04", "after the published March");
    assert_eq!(months[5]["month"], "2027-09");
    let mut last_coverage = 0.0;
    for month in months {
        let assignments = month["assignments"].as_array().unwrap();
        assert_eq!(assignments.len(), 4, "every metric, every month");
        for a in assignments {
            t.person(a["presenter_id"].as_i64().unwrap());
            assert!(metrics.contains(&a["metric_id"].as_i64().unwrap()));
            assert!(!a["reason"].as_str().unwrap().is_empty());
        }
        let coverage = month["coverage"].as_f64().unwrap();
        assert!(coverage >= last_coverage && coverage <= month["coverage_bound"].as_f64().unwrap());
        last_coverage = coverage;
    }
    // Nobody presents their own metric.
    let owners: Vec<(i64, i64)> = metrics
        .iter()
        .zip([1, 2, 3, 4])
        .map(|(m, i)| (*m, i64::from(t.members[i - 1].id)))
        .collect();
    for month in months {
        for a in month["assignments"].as_array().unwrap() {
            let owner = owners.iter().find(|(m, _)| *m == a["metric_id"]).unwrap().1;
            assert_ne!(a["presenter_id"].as_i64().unwrap(), owner, "{a}");
        }
    }
    // Six months of four metrics over four people: six each.
    let totals: Vec<i64> = plan["yearly_totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["total"].as_i64().unwrap())
        .collect();
    assert!(
        totals.len() == 4 && totals.iter().all(|n| (6..=7).contains(n)),
        "{totals:?}"
    );
    assert!(plan["warnings"].is_array());
    // The preview is not stored: asking again gives the same plan and no review appears.
    let (_, again) = t.api.get("/reviews/plan?months=6").await;
    assert_eq!(again["months"], plan["months"]);
    let (_, reviews) = t.api.get("/reviews").await;
    assert_eq!(reviews.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_plan_page_shows_the_grid_and_the_shape_warnings() {
    let app = spawn_app().await;
    let t = app.team_of(&[("Ana", "Paid"), ("Sam", "SEO"), ("Chris", "Content")]);
    t.metrics(&[("CPA", "Ana"), ("Traffic", "Sam")], json!({}))
        .await;
    let browser = app.browser();
    browser.login("mona@example.com", PASSWORD).await;

    let page = browser.get_html("/reviews/plan?months=3").await;

    assert!(page.contains("<h1>The plan ahead</h1>"), "{page}");
    assert!(
        page.contains("<th scope=\"row\">CPA <span class=\"hint\">(owner Ana)</span></th>"),
        "{page}"
    );
    assert!(
        page.contains("2 metrics for 3 people: each month 2 people present and the others sit out, taking turns"),
        "{page}"
    );
    assert!(page.contains("<option value=\"3\" selected>3</option>"));
    let list = browser.get_html("/reviews").await;
    assert!(list.contains("href=\"/reviews/plan\""));
}

#[tokio::test]
async fn only_managers_plan_and_the_months_are_checked() {
    let app = spawn_app().await;
    let t = app.team();
    t.metrics(&[("CPA", "Ana")], json!({})).await;
    let member = app.api(&app.token_for(t.members[0].id));

    let (status, _) = member.get("/reviews/plan").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for bad in ["0", "25", "twelve"] {
        let (status, body) = t.api.get(&format!("/reviews/plan?months={bad}")).await;
        assert_refused(
            status,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "not a number of months from 1 to 24",
        );
        assert_eq!(body["error"]["field"], "months", "{body}");
    }
    let (status, plan) = t.api.get("/reviews/plan").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        plan["months"].as_array().unwrap().len(),
        12,
        "a year by default"
    );
}

#[tokio::test]
async fn without_metrics_the_plan_says_what_to_do() {
    let app = spawn_app().await;
    let t = app.team();
    let (status, body): (StatusCode, Value) = t.api.get("/reviews/plan").await;
    assert_refused(status, &body, StatusCode::CONFLICT, "add metrics first");
}
