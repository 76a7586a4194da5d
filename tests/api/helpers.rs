#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use kpi_rotation::auth::password;
use kpi_rotation::clock::Clock;
use kpi_rotation::config::Settings;
use kpi_rotation::db::{self, DbPool};
use kpi_rotation::domain::member::MemberFields;
use kpi_rotation::models::Member;
use kpi_rotation::services::{accounts, members};
use kpi_rotation::startup::Application;
use reqwest::{Response, StatusCode};
use serde_json::Value;

pub const PASSWORD: &str = "a long enough password";

/// The moment the tests' apps start at unless a test picks another: early in a month
/// (2 December 2026, 09:00 UTC), where calendar bugs show (the suite was once red on
/// that day only). Every app of one test process reads the same running clock, so a
/// restarted app carries on where the first one stopped.
pub fn test_clock() -> Clock {
    static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let started = STARTED.get_or_init(std::time::Instant::now);
    let elapsed = chrono::Duration::from_std(started.elapsed()).unwrap_or_default();
    Clock::starting_at(at("2026-12-02 09:00") + elapsed)
}

/// `"2026-12-02 09:00"` as a UTC date and time.
pub fn at(text: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("a date and time")
}

/// A running app with its own database file in a temporary folder.
pub struct TestApp {
    pub address: String,
    pub pool: DbPool,
    pub dir: Arc<tempfile::TempDir>,
    pub tera: tera::Tera,
    pub links: kpi_rotation::secrets::links::LinkKey,
    /// The app's clock: `app.clock.set(..)` moves it for the running server too.
    pub clock: Clock,
    stopper: kpi_rotation::startup::Stopper,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// An app whose settings `configure` adjusts (SMTP URL, mail sender on, …).
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_in(Arc::new(tempfile::tempdir().expect("temp dir")), configure).await
}

/// An app that delivers its mail to the SMTP server at `smtp_url` (its sender running).
pub async fn spawn_app_mailing_to(smtp_url: String) -> TestApp {
    spawn_app_with(|s| {
        s.smtp_url = Some(smtp_url);
        s.run_mail_sender = true;
    })
    .await
}

/// An app on the data folder `dir`: a second one on the same folder is a restart.
pub async fn spawn_app_in(
    dir: Arc<tempfile::TempDir>,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    let mut settings = Settings::for_tests(dir.path());
    settings.clock = test_clock();
    configure(&mut settings);
    let clock = settings.clock.clone();
    let app = Application::build(settings).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    let stopper = app.stopper();
    tokio::spawn(app.run_until_stopped());
    let links = kpi_rotation::secrets::links::LinkKey::derive(
        &[7; kpi_rotation::config::SECRET_KEY_MIN_BYTES],
    );
    TestApp {
        address,
        pool,
        dir,
        tera: kpi_rotation::views::templates::load().expect("templates"),
        links,
        clock,
        stopper,
    }
}

impl TestApp {
    /// Stop the server and its mail sender.
    pub async fn stop(&self) {
        self.stopper.stop().await;
    }

    /// Now, by the app's clock.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.clock.now()
    }

    pub fn postbox(&self) -> kpi_rotation::mail::Postbox<'_> {
        kpi_rotation::mail::Postbox {
            tera: &self.tera,
            base_url: &self.address,
            links: &self.links,
            password_login: true,
            language: kpi_rotation::i18n::Lang::En,
        }
    }

    /// Fill the database with the demo team; returns the logins, manager first.
    pub fn fill_demo(&self) -> Vec<(String, String)> {
        kpi_rotation::demo::run(&mut self.conn(), &self.postbox(), self.now())
            .expect("the demo fills the database")
    }

    /// Wait (up to ten seconds) until `check` holds.
    pub async fn eventually(&self, what: &str, mut check: impl FnMut(&TestApp) -> bool) {
        for _ in 0..200 {
            if check(self) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("timed out waiting until {what}");
    }

    /// A new browser with its own cookie jar that does not follow redirects.
    pub fn browser(&self) -> Browser {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Browser {
            client,
            base: self.address.clone(),
            csrf: Mutex::new(None),
        }
    }

    /// A plain HTTP client for API calls (no cookies).
    pub fn api(&self, token: &str) -> Api {
        Api {
            client: reqwest::Client::new(),
            base: self.address.clone(),
            token: token.to_string(),
        }
    }

    pub fn conn(&self) -> db::DbConn {
        self.pool.get().expect("db connection")
    }

    /// Create a manager with a password directly in the database.
    pub fn add_manager(&self, name: &str, email: &str) -> Member {
        accounts::create_manager(&mut self.conn(), name, email, PASSWORD, self.now())
            .expect("manager")
    }

    /// Create a member (role "member" or "manager") who has set their password.
    pub fn add_member(&self, name: &str, email: &str, department: &str, role: &str) -> Member {
        let fields = MemberFields {
            name: name.into(),
            email: email.into(),
            department: department.into(),
            role: role.into(),
        };
        let (member, _) = members::create(
            &mut self.conn(),
            &self.postbox(),
            "Mona",
            &fields,
            self.now(),
        )
        .expect("member");
        let hash = password::hash(PASSWORD).expect("hash");
        Member::set_password_hash(&mut self.conn(), member.id, &hash, self.now())
            .expect("password");
        member
    }

    pub fn token_for(&self, member_id: i32) -> String {
        accounts::create_api_token(&mut self.conn(), member_id, "test", self.now())
            .expect("token")
            .1
    }

    /// A browser signed in as a new manager.
    pub async fn manager_browser(&self) -> (Browser, Member) {
        let m = self.add_manager("Mona Manager", "mona@example.com");
        let b = self.browser();
        b.login(&m.email, PASSWORD).await;
        (b, m)
    }

    /// A browser signed in as a new member.
    pub async fn member_browser(&self, email: &str) -> (Browser, Member) {
        let m = self.add_member("Sam Seo", email, "SEO", "member");
        let b = self.browser();
        b.login(&m.email, PASSWORD).await;
        (b, m)
    }
}

pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
    csrf: Mutex<Option<String>>,
}

/// The value of the first hidden `csrf_token` field in `html`.
pub fn csrf_in(html: &str) -> Option<String> {
    let start = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    /// GET a page, asserting 200, and return its HTML.
    pub async fn get_html(&self, path: &str) -> String {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.text().await.expect("body")
    }

    /// This browser's CSRF token, read from a page the first time.
    pub async fn csrf(&self) -> String {
        if let Some(token) = self.csrf.lock().expect("lock").clone() {
            return token;
        }
        let mut token = None;
        for page in ["/login", "/setup", "/account"] {
            token = csrf_in(&self.get(page).await.text().await.expect("body"));
            if token.is_some() {
                break;
            }
        }
        let token = token.expect("a page with a CSRF token");
        *self.csrf.lock().expect("lock") = Some(token.clone());
        token
    }

    /// POST a form with this browser's CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf().await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .expect("request")
    }

    /// POST a form exactly as given (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(path))
            .form(fields)
            .send()
            .await
            .expect("request")
    }

    /// Fetch the CSRF token afresh on the next form: signing in rotates it (it is bound
    /// to the session).
    pub fn forget_csrf(&self) {
        *self.csrf.lock().expect("lock") = None;
    }

    /// Open meeting mode for `month` and start its clock (confirming an early start), as
    /// the manager does.
    pub async fn start_meeting(&self, month: &str) {
        let res = self.get(&format!("/reviews/{month}/run")).await;
        assert_eq!(res.status(), StatusCode::OK, "meeting mode for {month}");
        let res = self
            .post_form(
                &format!("/reviews/{month}/run/start"),
                &[("confirm", "true")],
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "starting the {month} meeting"
        );
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        let res = self
            .post_form("/login", &[("email", email), ("password", password)])
            .await;
        self.forget_csrf();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "login as {email}");
        res
    }
}

pub fn location(res: &Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// A bearer-token API client.
pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .client
            .request(method, format!("{}/api/v1{}", self.base, path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, json)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.send(reqwest::Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::DELETE, path, None).await
    }
}

/// The `field` of a JSON error body.
/// The API refused with `status`, and its message says `needle`.
pub fn assert_refused(status: StatusCode, body: &Value, expected: StatusCode, needle: &str) {
    assert_eq!(status, expected, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(needle), "{needle:?} not in {body}");
}

pub fn error_field(body: &Value) -> &str {
    body["error"]["field"].as_str().unwrap_or("")
}

/// `html` with Tera's escapes turned back into text, for asserting on messages.
pub fn unescape(html: &str) -> String {
    html.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The body of `res` as text with escapes undone.
pub async fn text(res: Response) -> String {
    unescape(&res.text().await.expect("body"))
}

/// The team most tests start from: Mona the manager (with an API token) and members in
/// departments, each owning the metrics given to them.
pub struct Team {
    pub manager: Member,
    /// Mona's API client.
    pub api: Api,
    pub members: Vec<Member>,
}

impl TestApp {
    /// Mona (manager) and `people` as (name, department), emailed at name@example.com.
    pub fn team_of(&self, people: &[(&str, &str)]) -> Team {
        let manager = self.add_manager("Mona", "mona@example.com");
        let api = self.api(&self.token_for(manager.id));
        let members = people
            .iter()
            .map(|(name, department)| {
                self.add_member(
                    name,
                    &format!("{}@example.com", name.to_lowercase()),
                    department,
                    "member",
                )
            })
            .collect();
        Team {
            manager,
            api,
            members,
        }
    }

    /// Mona, and Ana (Paid), Sam (SEO) and Chris (Content).
    pub fn team(&self) -> Team {
        self.team_of(&[("Ana", "Paid"), ("Sam", "SEO"), ("Chris", "Content")])
    }
}

impl Team {
    /// The member (or manager) with this id.
    pub fn person(&self, id: i64) -> Member {
        std::iter::once(&self.manager)
            .chain(&self.members)
            .find(|m| i64::from(m.id) == id)
            .cloned()
            .unwrap_or_else(|| panic!("no member {id} in the team"))
    }

    /// Create the metrics `(name, owner's name)` with `extra` fields; their ids.
    pub async fn metrics(&self, list: &[(&str, &str)], extra: Value) -> Vec<i64> {
        let mut ids = Vec::new();
        for (name, owner) in list {
            let owner = self
                .members
                .iter()
                .find(|m| m.name == *owner)
                .unwrap_or_else(|| panic!("no member {owner}"));
            let mut body = serde_json::json!({"name": name, "owner_id": owner.id});
            if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
                body.extend(extra.clone());
            }
            let (status, metric) = self.api.post("/metrics", body).await;
            assert_eq!(status, StatusCode::CREATED, "{metric}");
            ids.push(metric["id"].as_i64().unwrap());
        }
        ids
    }

    /// Schedule `month` at `starts_at` (Europe/Copenhagen) and draw it with `seed`.
    pub async fn drawn_review(&self, month: &str, starts_at: &str, seed: u64) {
        let (status, body) = self
            .api
            .post(
                "/reviews",
                serde_json::json!({"month": month, "starts_at": starts_at, "timezone": "Europe/Copenhagen", "location": "Room 3"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, body) = self
            .api
            .post(
                &format!("/reviews/{month}/draw"),
                serde_json::json!({"seed": seed}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    /// CPA (owned by Ana, May to December 2029 valued 40 to 47) and Traffic (Sam's), both
    /// with target 40, in a published January 2030 review: CPA's presenter and their
    /// assignment's id.
    pub async fn cpa_in_january_2030(&self) -> (Member, i64) {
        let ids = self
            .metrics(
                &[("CPA", "Ana"), ("Traffic", "Sam")],
                serde_json::json!({"target": 40}),
            )
            .await;
        for (i, month) in (5..=12).map(|m| format!("2029-{m:02}")).enumerate() {
            let (status, body) = self
                .api
                .put(
                    &format!("/metrics/{}/values/{month}", ids[0]),
                    serde_json::json!({"value": 40 + i}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let assignments = self
            .published_review("2030-01", "2030-01-08T10:00:00+01:00", 3)
            .await;
        let cpa = assignments
            .iter()
            .find(|a| a["metric_id"].as_i64() == Some(ids[0]))
            .expect("CPA is presented");
        let presenter = self.person(cpa["presenter_id"].as_i64().expect("a presenter"));
        (presenter, cpa["id"].as_i64().expect("an assignment id"))
    }

    /// [`Team::drawn_review`], then published; its assignments.
    pub async fn published_review(&self, month: &str, starts_at: &str, seed: u64) -> Vec<Value> {
        self.drawn_review(month, starts_at, seed).await;
        let (status, body) = self
            .api
            .post(&format!("/reviews/{month}/publish"), serde_json::json!({}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, list) = self.api.get(&format!("/reviews/{month}/assignments")).await;
        list.as_array().cloned().unwrap_or_default()
    }
}
