//! CPU time of one dashboard request's own work, without HTTP or wrk: the data read
//! (`services::dashboard::load`), the view (`views::dashboard::dashboard_view`) and the
//! Tera render, on the demo team and on the large organisation (`demo --large`). What a
//! request costs when nothing is remembered (the server renders a read page once per
//! change of the database and gives it again while nothing changes, see the README).
//!
//! `cargo bench --bench pages`; a regression shows here before the load benchmark.

use chrono::NaiveDate;
use criterion::{black_box, Criterion};
use diesel::SqliteConnection;

use kpi_rotation::domain::month::YearMonth;
use kpi_rotation::secrets::links::LinkKey;
use kpi_rotation::services::dashboard;
use kpi_rotation::views::dashboard::dashboard_view;

/// One dashboard as a signed-in member's request renders it.
fn render_dashboard(
    conn: &mut SqliteConnection,
    tera: &tera::Tera,
    month: YearMonth,
) -> Result<String, Box<dyn std::error::Error>> {
    let data = dashboard::load(conn).map_err(|e| e.public_message())?;
    let view = dashboard_view(&data, month, kpi_rotation::i18n::Lang::En);
    let mut ctx = tera::Context::from_serialize(&view)?;
    ctx.insert("csrf_token", "0123456789abcdef");
    ctx.insert("flash", &None::<String>);
    for (name, url) in [
        ("css_url", "/static/app.css"),
        ("icon_url", "/static/favicon.svg"),
        ("js_url", "/static/meeting.js"),
    ] {
        ctx.insert(name, url);
    }
    ctx.insert(
        "me",
        &serde_json::json!({"id": 2, "name": "Ana", "is_manager": false}),
    );
    Ok(tera.render("dashboard.html", &ctx)?)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let now = NaiveDate::from_ymd_opt(2026, 12, 2)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .ok_or("no such date")?;
    let month = YearMonth::of_date(now.date());
    let tera = kpi_rotation::views::templates::load()?;
    let links = LinkKey::derive(b"bench");
    let dir = std::env::temp_dir().join(format!("kpi-pages-bench-{}", std::process::id()));
    let mut criterion = Criterion::default().configure_from_args();
    for large in [false, true] {
        let path = dir.join(if large { "large.db" } else { "demo.db" });
        let pool = kpi_rotation::db::connect(&path.to_string_lossy())?;
        let mut conn = pool.get()?;
        if large {
            kpi_rotation::demo::large::run(&mut conn, now)?;
        } else {
            let postbox = kpi_rotation::mail::Postbox {
                tera: &tera,
                base_url: "http://127.0.0.1:8080",
                links: &links,
                password_login: true,
                language: kpi_rotation::i18n::Lang::En,
            };
            kpi_rotation::demo::run(&mut conn, &postbox, now)?;
        }
        let name = if large {
            "dashboard, large organisation"
        } else {
            "dashboard, demo team"
        };
        criterion.bench_function(name, |b| {
            b.iter(|| black_box(render_dashboard(&mut conn, &tera, month)))
        });
    }
    let _ = std::fs::remove_dir_all(&dir);
    criterion.final_summary();
    Ok(())
}
