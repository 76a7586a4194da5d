use std::io::Write;
use std::process::{Command, Stdio};

use kpi_rotation::db;
use kpi_rotation::domain::member::MemberFields;
use kpi_rotation::domain::metric::MetricFields;
use kpi_rotation::secrets::tokens::hash_secret;

fn kpi(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpi-rotation"))
        .args(args)
        .env("KPI_DATA_DIR", dir)
        .env_remove("KPI_DATABASE_URL")
        .env_remove("KPI_BIND")
        .env_remove("KPI_BASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn migrate_create_manager_and_create_token_work_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, _) = kpi(dir.path(), &["migrate"], None);
    assert!(ok && out.contains("up to date"));
    let (ok, out, err) = kpi(
        dir.path(),
        &[
            "create-manager",
            "--email",
            "Mona@Example.com",
            "--name",
            "Mona",
        ],
        None,
    );
    assert!(ok, "{err}");
    let password_line = out
        .lines()
        .find(|l| l.starts_with("mona@example.com password: "))
        .expect("a generated password");
    assert!(password_line.len() > "mona@example.com password: ".len() + 10);
    let (ok, _, _) = kpi(
        dir.path(),
        &[
            "create-manager",
            "--email",
            "ana@example.com",
            "--name",
            "Ana",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(ok);
    let (ok, _, err) = kpi(
        dir.path(),
        &[
            "create-manager",
            "--email",
            "bad",
            "--name",
            "X",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(!ok && err.contains("Email is not a valid address"), "{err}");

    let (ok, out, _) = kpi(
        dir.path(),
        &["create-token", "--email", "mona@example.com"],
        None,
    );
    assert!(ok);
    let token = out.lines().last().unwrap().trim();
    assert!(token.starts_with("kpi_"));
    let pool = db::connect(dir.path().join("kpi-rotation.db").to_str().unwrap()).unwrap();
    let member = kpi_rotation::models::ApiToken::find_member(
        &mut pool.get().unwrap(),
        &hash_secret(token),
        chrono::Utc::now().naive_utc(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(member.email, "mona@example.com");
    let (ok, _, err) = kpi(
        dir.path(),
        &["create-token", "--email", "nobody@example.com"],
        None,
    );
    assert!(!ok && err.contains("no active member"));
}

#[test]
fn rotate_prints_the_draw_and_stores_it_unless_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let pool = db::connect(dir.path().join("kpi-rotation.db").to_str().unwrap()).unwrap();
    let mut conn = pool.get().unwrap();
    let now = chrono::Utc::now().naive_utc();
    let manager = kpi_rotation::services::accounts::create_manager(
        &mut conn,
        "Mona",
        "mona@example.com",
        "a long enough password",
        now,
    )
    .unwrap();
    let tera = kpi_rotation::views::templates::load().unwrap();
    let mut owners = Vec::new();
    for (name, dept) in [("Ana", "Paid"), ("Sam", "SEO")] {
        let fields = MemberFields {
            name: name.into(),
            email: format!("{}@example.com", name.to_lowercase()),
            department: dept.into(),
            role: "member".into(),
        };
        owners.push(
            kpi_rotation::services::members::create(
                &mut conn,
                &kpi_rotation::mail::Postbox {
                    tera: &tera,
                    base_url: "http://localhost",
                    links: &kpi_rotation::secrets::links::LinkKey::derive(b"test"),
                    password_login: true,
                    language: kpi_rotation::i18n::Lang::En,
                },
                "Mona",
                &fields,
                now,
            )
            .unwrap()
            .0,
        );
    }
    for (name, owner) in [("CPA", owners[0].id), ("Traffic", owners[1].id)] {
        let fields = MetricFields {
            name: name.into(),
            owner_id: owner.to_string(),
            ..Default::default()
        };
        kpi_rotation::services::metrics::create(&mut conn, &fields, false, now).unwrap();
    }
    let (ok, _, err) = kpi(dir.path(), &["rotate", "--month", "2026-12"], None);
    assert!(
        !ok && err.contains("there is no review for 2026-12"),
        "{err}"
    );
    let actor = kpi_rotation::auth::CurrentUser {
        member: manager,
        method: kpi_rotation::auth::AuthMethod::Token,
    };
    let schedule = kpi_rotation::services::reviews::ScheduleFields {
        date: "2026-12-01".into(),
        time: "10:00".into(),
        timezone: "Europe/Copenhagen".into(),
        ..Default::default()
    }
    .parse()
    .unwrap();
    kpi_rotation::services::reviews::create(
        &mut conn,
        &actor,
        "2026-12".parse().unwrap(),
        &schedule,
        now,
    )
    .unwrap();
    drop(conn);

    let (ok, out, err) = kpi(
        dir.path(),
        &["rotate", "--month", "2026-12", "--seed", "4", "--dry-run"],
        None,
    );
    assert!(ok, "{err}");
    assert!(
        out.starts_with("METRIC")
            && out.contains("CPA")
            && out.contains("Dry run (nothing stored)")
            && out.contains("seed 4"),
        "{out}"
    );
    let review = kpi_rotation::models::Review::find_by_month(&mut pool.get().unwrap(), "2026-12")
        .unwrap()
        .unwrap();
    assert_eq!(review.status, "planned");

    let (ok, stored, _) = kpi(
        dir.path(),
        &["rotate", "--month", "2026-12", "--seed", "4"],
        None,
    );
    assert!(ok && stored.contains("Stored the 2026-12 rotation with seed 4"));
    // The dry run showed what was then stored.
    assert_eq!(out.lines().nth(1), stored.lines().nth(1));
    let review = kpi_rotation::models::Review::find_by_month(&mut pool.get().unwrap(), "2026-12")
        .unwrap()
        .unwrap();
    assert_eq!(review.status, "drafted");
    let (ok, _, err) = kpi(dir.path(), &["rotate", "--month", "December"], None);
    assert!(!ok && err.contains("YYYY-MM"));
}

#[test]
fn demo_fills_an_empty_database_with_a_living_team_and_refuses_a_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out, err) = kpi(dir.path(), &["demo"], None);
    assert!(ok, "{err}");
    let logins: Vec<&str> = out.lines().filter(|l| l.contains(" password: ")).collect();
    assert_eq!(logins.len(), 8);
    assert!(
        logins[0].starts_with("mona@example.com password: "),
        "the manager first"
    );
    let pool = db::connect(dir.path().join("kpi-rotation.db").to_str().unwrap()).unwrap();
    let mut conn = pool.get().unwrap();
    // The printed password works.
    let password = logins[1].split(" password: ").nth(1).unwrap();
    let ana = kpi_rotation::models::Member::find_by_email(&mut conn, "ana@example.com")
        .unwrap()
        .unwrap();
    assert!(kpi_rotation::auth::password::verify(
        ana.password_hash.as_deref().unwrap(),
        password
    ));
    let metrics = kpi_rotation::models::Metric::list_all(&mut conn).unwrap();
    assert_eq!(metrics.len(), 16);
    assert!(kpi_rotation::models::Metric::north_star(&mut conn)
        .unwrap()
        .is_some());
    let reviews = kpi_rotation::models::Review::list(&mut conn, 10, 0).unwrap();
    assert_eq!(reviews.iter().filter(|r| r.status == "held").count(), 3);
    // Each review presents the month before its meeting, and its values went there.
    for r in &reviews {
        assert_eq!(
            r.data_month(),
            r.meeting_month().map(|m| m.prev()),
            "{}",
            r.month
        );
    }
    assert!(
        out.contains("sign in at http://127.0.0.1:8080/login"),
        "{out}"
    );
    assert_eq!(reviews.iter().filter(|r| r.status == "drafted").count(), 1);
    let values =
        kpi_rotation::models::MetricValue::list_for_metric(&mut conn, metrics[0].id).unwrap();
    assert!(values.len() >= 12, "a year of values");
    let filter = kpi_rotation::models::CardFilter::default();
    assert!(kpi_rotation::models::Card::count(&mut conn, &filter).unwrap() >= 5);
    assert!(
        kpi_rotation::models::OutboxMessage::list_all(&mut conn)
            .unwrap()
            .iter()
            .all(|m| m.state == "sent"),
        "no mail to fictional people"
    );
    drop(conn);
    let (ok, _, err) = kpi(dir.path(), &["demo"], None);
    assert!(!ok && err.contains("already has data"), "{err}");
    // The sign-in address printed is the one the server will use.
    let other = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kpi-rotation"))
        .arg("demo")
        .env("KPI_DATA_DIR", other.path())
        .env_remove("KPI_DATABASE_URL")
        .env_remove("KPI_BASE_URL")
        .env("KPI_BIND", "127.0.0.1:9123")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("sign in at http://127.0.0.1:9123/login"),
        "{text}"
    );
    let third = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kpi-rotation"))
        .arg("demo")
        .env("KPI_DATA_DIR", third.path())
        .env_remove("KPI_DATABASE_URL")
        .env_remove("KPI_BIND")
        .env("KPI_BASE_URL", "https://kpi.example.com")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("sign in at https://kpi.example.com/login"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_writes_a_consistent_copy_while_the_app_is_writing() {
    let app = crate::helpers::spawn_app().await;
    let manager = app.add_manager("Mona", "mona@example.com");
    let api = app.api(&app.token_for(manager.id));
    let (_, metric) = api
        .post("/metrics", serde_json::json!({"name": "Traffic"}))
        .await;
    // Keep writing while the backup runs.
    let writer = {
        let api = crate::helpers::Api {
            client: reqwest::Client::new(),
            base: api.base.clone(),
            token: api.token.clone(),
        };
        let id = metric["id"].clone();
        tokio::spawn(async move {
            for i in 0..40 {
                api.put(
                    &format!("/metrics/{id}/values/2025-{:02}", i % 12 + 1),
                    serde_json::json!({"value": i}),
                )
                .await;
            }
        })
    };
    let target = app.dir.path().join("backup.db");
    let data_dir = app.dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_kpi-rotation"))
            .args(["backup", "--to", target.to_str().unwrap()])
            .env("KPI_DATA_DIR", &data_dir)
            .env("KPI_DATABASE_URL", data_dir.join("test.db"))
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    writer.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("backed up"));
    // The copy opens and serves.
    let copy_dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        app.dir.path().join("backup.db"),
        copy_dir.path().join("test.db"),
    )
    .unwrap();
    let restored = crate::helpers::spawn_app_in(std::sync::Arc::new(copy_dir), |_| {}).await;
    let member =
        kpi_rotation::models::Member::find_by_email(&mut restored.conn(), "mona@example.com")
            .unwrap();
    assert!(member.is_some(), "the restored database has the data");
    let again = Command::new(env!("CARGO_BIN_EXE_kpi-rotation"))
        .args([
            "backup",
            "--to",
            app.dir.path().join("backup.db").to_str().unwrap(),
        ])
        .env("KPI_DATA_DIR", app.dir.path())
        .env("KPI_DATABASE_URL", app.dir.path().join("test.db"))
        .output()
        .unwrap();
    assert!(
        !again.status.success()
            && String::from_utf8_lossy(&again.stderr).contains("already exists")
    );
}
