//! A real OpenID Provider for the single sign-on tests (panva's certified
//! `oidc-provider`, run by node from `tests/oidc/provider.mjs`) on loopback, shared by
//! the API tests and the browser journey.
//!
//! Node and the provider's npm packages are needed; they are installed on first use
//! when npm is there. When they are missing the tests are skipped with a loud message,
//! unless `KPI_REQUIRE_PROVIDER=1` (set by `.ci/run`).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

use kpi_rotation::config::OidcSettings;
use reqwest::StatusCode;
use serde_json::json;

/// The label the tests give the sign-in button.
pub const BUTTON: &str = "Sign in with Example ID";

/// The provider, running until dropped.
pub struct Provider {
    child: Child,
    pub issuer: String,
    /// Kept open: a closed pipe would end the provider at its next line of output.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn provider_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc")
}

/// Install the provider's packages once per test run, if npm is there.
fn packages_ready() -> Result<(), String> {
    static INSTALLED: Mutex<Option<Result<(), String>>> = Mutex::new(None);
    let mut installed = INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(result) = installed.clone() {
        return result;
    }
    let dir = provider_dir();
    let result = if dir.join("node_modules/oidc-provider").exists() {
        Ok(())
    } else {
        match Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
        {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(format!("`npm ci` in tests/oidc failed ({status})")),
            Err(e) => Err(format!("npm is not installed ({e})")),
        }
    };
    *installed = Some(result.clone());
    result
}

impl Provider {
    /// Start a provider, or `None` (skipped) when node or its packages are missing.
    pub fn start() -> Option<Provider> {
        match Self::try_start() {
            Ok(provider) => Some(provider),
            Err(why) if std::env::var_os("KPI_REQUIRE_PROVIDER").is_some() => {
                panic!("the single sign-on tests cannot run: {why}")
            }
            Err(why) => {
                eprintln!(
                    "\n*** SKIPPED a single sign-on test: {why}.\n\
                     *** Install Node.js and npm; `.ci/run` does this itself.\n"
                );
                None
            }
        }
    }

    fn try_start() -> Result<Provider, String> {
        packages_ready()?;
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(provider_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("node is not installed ({e})"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        let mut stdout = BufReader::new(stdout);
        stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        let port = line
            .strip_prefix("READY ")
            .map(str::trim)
            .ok_or_else(|| format!("the provider did not start: {line:?}"))?;
        Ok(Provider {
            issuer: format!("http://127.0.0.1:{port}"),
            child,
            _stdout: stdout,
        })
    }

    pub fn settings(&self) -> OidcSettings {
        OidcSettings {
            issuer: self.issuer.clone(),
            client_id: "kpi".into(),
            client_secret: Some("kpi-secret".into()),
            scopes: vec!["openid".into(), "email".into(), "profile".into()],
            button: BUTTON.into(),
            auto_join: false,
        }
    }

    /// What the provider says about the account `login`.
    pub async fn account(&self, login: &str, email: &str, verified: bool) {
        let body = json!({"login": login, "email": email, "email_verified": verified, "name": format!("{login} at the provider")});
        self.post("/__test/account", body).await;
    }

    /// The next ID token for `login` is changed as `mode` says (see provider.mjs).
    pub async fn tamper(&self, login: &str, mode: &str) {
        self.post("/__test/tamper", json!({"login": login, "mode": mode}))
            .await;
    }

    async fn post(&self, path: &str, body: serde_json::Value) {
        let res = reqwest::Client::new()
            .post(format!("{}{path}", self.issuer))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
    }
}
