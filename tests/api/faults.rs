//! Faults, against the real binary: mixed load loses nothing and never says "database is
//! locked"; `kill -9` in the middle of writes loses no acknowledged write and leaves an
//! intact database. (The mail outage is in `mail.rs`; backups under load in `cli.rs`.)
//!
//! `KPI_LOAD_SECONDS` sets how long the mixed load runs (default 8; the full run
//! is 30).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::smtp::free_port;

/// `kpi-rotation` running as its own process on a data folder.
struct Server {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Server {
    async fn start(dir: &Path, name: &str) -> Server {
        let port = free_port();
        let log = dir.join(format!("{name}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_kpi-rotation"))
            .env("KPI_DATA_DIR", dir)
            .env("KPI_BIND", format!("127.0.0.1:{port}"))
            .env("KPI_LOG", "info")
            .env_remove("KPI_DATABASE_URL")
            .env_remove("KPI_SMTP_URL")
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let started = Instant::now();
        while !client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            assert!(started.elapsed() < Duration::from_secs(20), "server starts");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Server { child, base, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no flush, nothing.
    fn kill9(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cli(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kpi-rotation"))
        .args(args)
        .env("KPI_DATA_DIR", dir)
        .env_remove("KPI_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The demo team's emails (manager first) and a token for each.
fn demo_with_tokens(dir: &Path) -> Vec<(String, String)> {
    let out = cli(dir, &["demo"]);
    out.lines()
        .filter_map(|l| {
            l.split_once(" password: ")
                .map(|(email, _)| email.to_string())
        })
        .map(|email| {
            let token = cli(dir, &["create-token", "--email", &email])
                .lines()
                .last()
                .unwrap()
                .to_string();
            (email, token)
        })
        .collect()
}

/// Every acknowledged card (id → title) is in the database with its title.
fn assert_cards_stored(conn: &mut SqliteConnection, cards: &BTreeMap<i64, String>) {
    for (id, title) in cards {
        let stored: String = kpi_rotation::schema::cards::table
            .find(*id as i32)
            .select(kpi_rotation::schema::cards::title)
            .first(conn)
            .unwrap_or_else(|_| panic!("acknowledged card {id} is missing"));
        assert_eq!(&stored, title);
    }
}

fn database(dir: &Path) -> SqliteConnection {
    SqliteConnection::establish(dir.join("kpi-rotation.db").to_str().unwrap()).unwrap()
}

/// What a client saw go wrong: 5xx answers and "database is locked" anywhere.
#[derive(Default)]
struct Trouble(Mutex<Vec<String>>);

impl Trouble {
    fn check(&self, what: &str, status: reqwest::StatusCode, body: &str) {
        if status.is_server_error() || body.contains("database is locked") {
            self.0
                .lock()
                .unwrap()
                .push(format!("{what}: {status} {}", &body[..body.len().min(200)]));
        }
    }

    fn assert_none(&self) {
        let seen = self.0.lock().unwrap();
        assert!(
            seen.is_empty(),
            "{} bad answers, e.g. {:?}",
            seen.len(),
            &seen[..seen.len().min(5)]
        );
    }
}

async fn send(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
    trouble: &Trouble,
) -> Option<(reqwest::StatusCode, Value)> {
    let mut request = client.request(method.clone(), &url).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.ok()?;
    let status = response.status();
    let text = response.text().await.ok()?;
    trouble.check(&format!("{method} {url}"), status, &text);
    Some((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_clients_writing_and_reading_lose_nothing_and_never_see_a_locked_database() {
    let seconds: u64 = std::env::var("KPI_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    let dir = tempfile::tempdir().unwrap();
    let people = demo_with_tokens(dir.path());
    let server = Server::start(dir.path(), "load").await;
    let base = server.base.clone();
    let client = reqwest::Client::new();
    let trouble = Arc::new(Trouble::default());

    // The upcoming review is published, so its presenters can save drafts.
    let manager = &people[0].1;
    let (_, reviews) = send(
        &client,
        reqwest::Method::GET,
        format!("{base}/api/v1/reviews"),
        manager,
        None,
        &trouble,
    )
    .await
    .unwrap();
    for review in reviews.as_array().unwrap() {
        if review["status"] == "drafted" {
            let month = review["month"].as_str().unwrap();
            let (status, _) = send(
                &client,
                reqwest::Method::POST,
                format!("{base}/api/v1/reviews/{month}/publish"),
                manager,
                Some(json!({})),
                &trouble,
            )
            .await
            .unwrap();
            assert!(status.is_success());
        }
    }
    let mut drafts = Vec::new(); // (token, assignment id)
    for (_, token) in &people {
        let (_, mine) = send(
            &client,
            reqwest::Method::GET,
            format!("{base}/api/v1/me/assignments"),
            token,
            None,
            &trouble,
        )
        .await
        .unwrap();
        if let Some(a) = mine
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["review_status"] == "published")
        {
            drafts.push((token.clone(), a["id"].as_i64().unwrap()));
        }
    }
    assert!(
        drafts.len() >= 4,
        "presenters with drafts to save: {}",
        drafts.len()
    );
    let (_, metrics) = send(
        &client,
        reqwest::Method::GET,
        format!("{base}/api/v1/metrics"),
        manager,
        None,
        &trouble,
    )
    .await
    .unwrap();
    let metric_id = metrics[0]["id"].as_i64().unwrap();

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let last_draft: Arc<Mutex<BTreeMap<i64, i64>>> = Arc::default();
    let cards: Arc<Mutex<BTreeMap<i64, String>>> = Arc::default();
    let kudos: Arc<Mutex<BTreeSet<(i64, usize)>>> = Arc::default();
    let reads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for n in 0..32usize {
        let (client, base, trouble) = (client.clone(), base.clone(), trouble.clone());
        let (people, drafts) = (people.clone(), drafts.clone());
        let (last_draft, cards, kudos, reads) = (
            last_draft.clone(),
            cards.clone(),
            kudos.clone(),
            reads.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = 0i64;
            while Instant::now() < deadline {
                i += 1;
                match n {
                    // One writer per presentation: the last acknowledged draft must stay.
                    n if n < drafts.len().min(6) => {
                        let (token, id) = &drafts[n];
                        let value = i * 100 + n as i64;
                        let body = json!({"value": value, "answers": {"insight": format!("draft {value}")}});
                        if let Some((s, _)) = send(&client, reqwest::Method::PUT, format!("{base}/api/v1/assignments/{id}/presentation"), token, Some(body), &trouble).await {
                            if s.is_success() {
                                last_draft.lock().unwrap().insert(*id, value);
                            }
                        }
                    }
                    6..=13 => {
                        let title = format!("Load test card {n}-{i}");
                        let (_, token) = &people[n % people.len()];
                        let body = json!({"kind": if i % 3 == 0 { "fail" } else { "success" }, "title": title, "body": "Tried under load.", "lesson": "Nothing is lost."});
                        if let Some((s, card)) = send(&client, reqwest::Method::POST, format!("{base}/api/v1/cards"), token, Some(body), &trouble).await {
                            if s.is_success() {
                                cards.lock().unwrap().insert(card["id"].as_i64().unwrap(), title);
                            }
                        }
                    }
                    14..=17 => {
                        let giver = n % people.len();
                        let card = cards.lock().unwrap().keys().nth(i as usize).copied();
                        if let Some(card) = card {
                            if let Some((s, _)) = send(&client, reqwest::Method::POST, format!("{base}/api/v1/cards/{card}/kudos"), &people[giver].1, None, &trouble).await {
                                if s.is_success() {
                                    kudos.lock().unwrap().insert((card, giver));
                                }
                            }
                        } else {
                            tokio::time::sleep(Duration::from_millis(10)).await;
                        }
                    }
                    _ => {
                        let path = match i % 6 {
                            0 => "/".to_string(),
                            1 => "/boards/fail?q=budget".to_string(),
                            2 => format!("/metrics/{metric_id}"),
                            3 => "/api/v1/metrics".to_string(),
                            4 => "/api/v1/cards?kind=success".to_string(),
                            _ => "/reviews".to_string(),
                        };
                        let (_, token) = &people[n % people.len()];
                        send(&client, reqwest::Method::GET, format!("{base}{path}"), token, None, &trouble).await;
                        reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    trouble.assert_none();

    let emails: Vec<String> = people.iter().map(|(e, _)| e.clone()).collect();
    let mut conn = database(dir.path());
    let cards = cards.lock().unwrap().clone();
    assert!(cards.len() > 50, "cards were posted: {}", cards.len());
    assert!(
        reads.load(std::sync::atomic::Ordering::Relaxed) > 200,
        "pages were read"
    );
    assert_cards_stored(&mut conn, &cards);
    for (assignment, value) in last_draft.lock().unwrap().iter() {
        let stored: Option<f64> = kpi_rotation::schema::presentations::table
            .filter(kpi_rotation::schema::presentations::assignment_id.eq(*assignment as i32))
            .select(kpi_rotation::schema::presentations::value)
            .first(&mut conn)
            .unwrap();
        assert_eq!(
            stored,
            Some(*value as f64),
            "the last saved draft of {assignment}"
        );
    }
    let kudos = kudos.lock().unwrap().clone();
    assert!(!kudos.is_empty(), "kudos were given");
    eprintln!(
        "mixed load, {seconds} s: {} cards, {} draft writers, {} kudos, {} reads",
        cards.len(),
        last_draft.lock().unwrap().len(),
        kudos.len(),
        reads.load(std::sync::atomic::Ordering::Relaxed)
    );
    for (card, giver) in kudos {
        let member: i32 = kpi_rotation::schema::members::table
            .filter(kpi_rotation::schema::members::email.eq(&emails[giver]))
            .select(kpi_rotation::schema::members::id)
            .first(&mut conn)
            .unwrap();
        let found: i64 = kpi_rotation::schema::kudos::table
            .filter(kpi_rotation::schema::kudos::card_id.eq(card as i32))
            .filter(kpi_rotation::schema::kudos::member_id.eq(member))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(found, 1, "acknowledged kudos on card {card}");
    }
    let log = server.log();
    assert!(
        !log.contains("database is locked"),
        "the log mentions a locked database"
    );
    assert!(!log.contains("panicked"), "the server panicked:\n{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_writes_loses_no_acknowledged_write_and_the_database_stays_intact() {
    let dir = tempfile::tempdir().unwrap();
    let people = demo_with_tokens(dir.path());
    let manager = people[0].1.clone();
    let mut server = Server::start(dir.path(), "before-crash").await;
    let base = server.base.clone();
    let client = reqwest::Client::new();
    let trouble = Arc::new(Trouble::default());
    let (_, metrics) = send(
        &client,
        reqwest::Method::GET,
        format!("{base}/api/v1/metrics"),
        &manager,
        None,
        &trouble,
    )
    .await
    .unwrap();
    let metric_ids: Vec<i64> = metrics
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();

    let cards: Arc<Mutex<BTreeMap<i64, String>>> = Arc::default();
    // (metric, month) -> value; every write goes to a month of its own.
    let values: Arc<Mutex<BTreeMap<(i64, String), i64>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for n in 0..8usize {
        let (client, base, trouble, manager) = (
            client.clone(),
            base.clone(),
            trouble.clone(),
            manager.clone(),
        );
        let (cards, values, stop, metric_ids) = (
            cards.clone(),
            values.clone(),
            stop.clone(),
            metric_ids.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut i = 0i64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                i += 1;
                if n % 2 == 0 {
                    let title = format!("Crash test card {n}-{i}");
                    let body = json!({"kind": "success", "title": title});
                    if let Some((s, card)) = send(
                        &client,
                        reqwest::Method::POST,
                        format!("{base}/api/v1/cards"),
                        &manager,
                        Some(body),
                        &trouble,
                    )
                    .await
                    {
                        if s.is_success() {
                            cards
                                .lock()
                                .unwrap()
                                .insert(card["id"].as_i64().unwrap(), title);
                        }
                    }
                } else {
                    let metric = metric_ids[(n + i as usize) % metric_ids.len()];
                    let month = format!("{}-{:02}", 1900 + n as i64 * 12 + i / 12, i % 12 + 1);
                    let value = i * 10 + n as i64;
                    if let Some((s, _)) = send(
                        &client,
                        reqwest::Method::PUT,
                        format!("{base}/api/v1/metrics/{metric}/values/{month}"),
                        &manager,
                        Some(json!({"value": value})),
                        &trouble,
                    )
                    .await
                    {
                        if s.is_success() {
                            values.lock().unwrap().insert((metric, month), value);
                        }
                    }
                }
            }
        }));
    }
    // Kill once both kinds of write have been acknowledged a few dozen times, while the
    // writers are still going.
    let started = Instant::now();
    while cards.lock().unwrap().len() < 30 || values.lock().unwrap().len() < 30 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "writes are acknowledged"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.kill9();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for task in tasks {
        task.await.unwrap();
    }
    trouble.assert_none();
    let cards = cards.lock().unwrap().clone();
    let values = values.lock().unwrap().clone();
    assert!(
        cards.len() > 20 && values.len() > 20,
        "writes were acknowledged before the kill"
    );
    eprintln!(
        "kill -9 after {} cards and {} values acknowledged",
        cards.len(),
        values.len()
    );

    let restarted = Server::start(dir.path(), "after-crash").await;
    let mut conn = database(dir.path());
    #[derive(QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let check: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .unwrap();
    assert_eq!(check.len(), 1);
    assert_eq!(check[0].integrity_check, "ok");
    assert_cards_stored(&mut conn, &cards);
    for ((metric, month), value) in &values {
        let stored: f64 = kpi_rotation::schema::metric_values::table
            .find((*metric as i32, month))
            .select(kpi_rotation::schema::metric_values::value)
            .first(&mut conn)
            .unwrap_or_else(|_| panic!("acknowledged value {metric} {month} is missing"));
        assert_eq!(stored, *value as f64);
    }
    let (status, listed) = send(
        &client,
        reqwest::Method::GET,
        format!("{}/api/v1/cards", restarted.base),
        &manager,
        None,
        &trouble,
    )
    .await
    .unwrap();
    assert!(status.is_success() && listed.as_array().is_some_and(|a| !a.is_empty()));
}
