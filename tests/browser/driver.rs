//! Headless Chromium through chromedriver (Debian's `chromium` and `chromium-driver`),
//! with axe-core (from npm, `tests/browser/package.json`) injected for accessibility checks.
//!
//! When no browser is installed the journeys are skipped with a loud message, unless
//! `KPI_REQUIRE_BROWSER=1` (set by `.ci/run`) turns that into a failure.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// Where the browser, its driver and axe-core live.
pub struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
    axe: Arc<String>,
}

impl Tools {
    /// The tools, or `None` (after saying why) when the journeys must be skipped.
    pub fn find() -> Option<Tools> {
        match Self::locate() {
            Ok(tools) => Some(tools),
            Err(why) if std::env::var_os("KPI_REQUIRE_BROWSER").is_some() => {
                panic!("browser journeys cannot run: {why}")
            }
            Err(why) => {
                eprintln!(
                    "\n*** SKIPPED the browser journeys: {why}.\n\
                     *** Install them with `apt-get install chromium chromium-driver` \
                     (and Node.js's npm for axe-core); `.ci/run` does this itself.\n"
                );
                None
            }
        }
    }

    fn locate() -> Result<Tools, String> {
        let chromium = program(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        )
        .ok_or("no Chromium found (set CHROMIUM to its path)")?;
        let chromedriver = program("CHROMEDRIVER", &["chromedriver"])
            .ok_or("no chromedriver found (set CHROMEDRIVER to its path)")?;
        let axe = axe_source()?;
        Ok(Tools {
            chromium,
            chromedriver,
            axe: Arc::new(axe),
        })
    }

    /// A fresh browser with its own profile and its own chromedriver, in British English.
    pub async fn launch(&self) -> Chrome {
        self.launch_in("en-GB").await
    }

    /// [`Tools::launch`], with the browser set to `lang` (its `Accept-Language`).
    pub async fn launch_in(&self, lang: &str) -> Chrome {
        let port = crate::smtp::free_port();
        // A process group of its own, so that the browser it starts goes with it.
        let driver = Command::new(&self.chromedriver)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = DriverProcess(driver);
        let profile = tempfile::tempdir().expect("profile folder");
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": self.chromium,
                // What the browser asks pages for (headless Chromium ignores --lang there).
                "prefs": { "intl.accept_languages": lang },
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    "--force-device-scale-factor=1", "--hide-scrollbars", format!("--lang={lang}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => unreachable!("a JSON object"),
        };
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(e) if started.elapsed() > Duration::from_secs(20) => {
                    panic!("no WebDriver session from {url}: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Chrome {
            client,
            _driver: driver,
            _profile: profile,
            axe: self.axe.clone(),
        }
    }
}

/// Kills chromedriver and every browser process it started (its process group) when
/// the journey ends, even on failure: killing chromedriver alone leaves Chromium running.
struct DriverProcess(Child);

impl Drop for DriverProcess {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// axe-core's source, installing it with `npm ci` the first time.
fn axe_source() -> Result<String, String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let file = folder.join("node_modules/axe-core/axe.min.js");
    if !file.is_file() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&folder)
            .status()
            .map_err(|e| format!("axe-core is not installed and npm cannot run ({e})"))?;
        if !status.success() {
            return Err(format!("`npm ci` in {} failed", folder.display()));
        }
    }
    std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))
}

/// The folder the journeys' screenshots go to: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

pub struct Chrome {
    client: Client,
    _driver: DriverProcess,
    _profile: tempfile::TempDir,
    axe: Arc<String>,
}

impl Chrome {
    /// A tab on the app at `base`, naming its screenshots `<journey>-NN-<step>.png`.
    pub fn tab(&self, base: &str, journey: &'static str) -> Tab<'_> {
        Tab {
            client: &self.client,
            base: base.to_string(),
            journey,
            step: std::sync::atomic::AtomicU32::new(0),
            axe: &self.axe,
        }
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// What a person does in the browser, each call failing with what they would have noticed.
pub struct Tab<'a> {
    pub client: &'a Client,
    base: String,
    journey: &'static str,
    step: std::sync::atomic::AtomicU32,
    axe: &'a str,
}

const PATIENCE: Duration = Duration::from_secs(10);

impl Tab<'_> {
    pub async fn goto(&self, path: &str) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        self.client.goto(&url).await.expect("page loads");
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    pub async fn find(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(e) => panic!("no `{css}` on {}: {e}", self.path().await),
        }
    }

    /// Types into the field whose label is `label` (so labels are tested too).
    pub async fn fill(&self, label: &str, text: &str) {
        let field = self.labelled(label).await;
        field.clear().await.expect("field clears");
        field.send_keys(text).await.expect("typing works");
    }

    /// The form control a `<label>` with this text points to.
    pub async fn labelled(&self, label: &str) -> Element {
        let xpath = format!(
            "//label[starts-with(normalize-space(.), {q})]",
            q = xpath_literal(label)
        );
        let found = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(&xpath))
            .await;
        let mut found = match found {
            Ok(element) => element,
            Err(e) => panic!("no label `{label}` on {}: {e}", self.path().await),
        };
        // "Time" should find "Time", not "Time zone": an exact label wins.
        let exact = format!("//label[normalize-space(.)={q}]", q = xpath_literal(label));
        if let Ok(label) = self.client.find(Locator::XPath(&exact)).await {
            found = label;
        }
        match found.attr("for").await.expect("label attribute") {
            Some(id) => self.find(&format!("[id='{id}']")).await,
            None => found
                .find(Locator::Css("input, select, textarea"))
                .await
                .unwrap_or_else(|_| panic!("label `{label}` has no control")),
        }
    }

    pub async fn select(&self, label: &str, option: &str) {
        let field = self.labelled(label).await;
        field
            .select_by_label(option)
            .await
            .unwrap_or_else(|e| panic!("no option `{option}` in `{label}`: {e}"));
    }

    pub async fn tick(&self, label: &str) {
        let field = self.labelled(label).await;
        if !field.is_selected().await.expect("checkbox state") {
            field.click().await.expect("checkbox ticks");
        }
    }

    /// Clicks the button (or link styled as one) that reads `text`.
    pub async fn press(&self, text: &str) {
        let xpath = format!(
            "//button[normalize-space(.)={q}] | //input[@type='submit' and @value={q}]",
            q = xpath_literal(text)
        );
        self.click_xpath(&xpath, text).await;
    }

    /// Follows the link that reads `text` (or, failing that, contains it: "★ Orders").
    pub async fn follow(&self, text: &str) {
        let q = xpath_literal(text);
        let exact = format!("//a[normalize-space(.)={q}]");
        let xpath = match self.client.find(Locator::XPath(&exact)).await {
            Ok(_) => exact,
            Err(_) => format!("//a[contains(normalize-space(.), {q})]"),
        };
        self.click_xpath(&xpath, text).await;
    }

    async fn click_xpath(&self, xpath: &str, what: &str) {
        let element = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await;
        let element = match element {
            Ok(element) => element,
            Err(e) => panic!(
                "nothing reads `{what}` on {}: {e}\n{}",
                self.path().await,
                self.client.source().await.unwrap_or_default()
            ),
        };
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(&element).expect("element as JSON")],
            )
            .await
            .expect("scrolls");
        let page = self.find("html").await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{what}`: {e}"));
        self.wait_for_new_page(page, what).await;
    }

    /// Waits until `old` (the previous page's root) is gone and the new page has loaded.
    pub async fn wait_for_new_page(&self, old: Element, what: &str) {
        let started = Instant::now();
        while old.tag_name().await.is_ok() {
            assert!(started.elapsed() < PATIENCE, "`{what}` led to no new page");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        loop {
            let state = self
                .client
                .execute("return document.readyState;", vec![])
                .await;
            if matches!(state, Ok(Value::String(s)) if s == "complete") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// What the page says, as a person reads it.
    pub async fn text(&self) -> String {
        let value = self
            .client
            .execute("return document.body.innerText;", vec![])
            .await
            .expect("page text");
        value.as_str().unwrap_or_default().to_string()
    }

    /// Waits until the page says `text`.
    pub async fn see(&self, text: &str) {
        let started = Instant::now();
        loop {
            let page = self.text().await;
            if page.contains(text) {
                return;
            }
            if started.elapsed() > PATIENCE {
                panic!(
                    "expected to see `{text}` on {}; the page says:\n{page}",
                    self.path().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn heading(&self) -> String {
        self.find("h1").await.text().await.expect("heading text")
    }

    /// Presses `key` wherever the focus is.
    pub async fn press_key(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(keys).await.expect("key press");
    }

    /// Presses Tab `times` times and checks the focused element shows a visible outline;
    /// returns its text.
    pub async fn tab_to_visible_focus(&self, times: usize) -> String {
        self.client
            .execute(
                "document.activeElement && document.activeElement.blur();",
                vec![],
            )
            .await
            .expect("blur");
        for _ in 0..times {
            self.press_key('\u{e004}').await;
        }
        let focus = self
            .client
            .execute(
                r#"const e = document.activeElement;
                   const s = getComputedStyle(e);
                   return { tag: e.tagName, text: (e.innerText || e.value || '').trim(),
                            visible: e !== document.body && s.outlineStyle !== 'none'
                                     && parseFloat(s.outlineWidth) >= 2 };"#,
                vec![],
            )
            .await
            .expect("focus probe");
        assert_eq!(
            focus["visible"],
            Value::Bool(true),
            "keyboard focus is visible: {focus}"
        );
        focus["text"].as_str().unwrap_or_default().to_string()
    }

    /// Saves `target/screenshots/<journey>-NN-<name>.png` and returns its path.
    pub async fn shot(&self, name: &str) -> PathBuf {
        let n = self.step.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let png = self.client.screenshot().await.expect("screenshot");
        let path = screenshot_dir().join(format!("{}-{n:02}-{name}.png", self.journey));
        std::fs::write(&path, png).expect("screenshot written");
        path
    }

    /// Runs axe-core on the page and fails on serious or critical violations.
    pub async fn check_accessibility(&self) {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await
            .expect("axe probe");
        if loaded != Value::Bool(true) {
            self.client
                .execute(self.axe, vec![])
                .await
                .expect("axe-core loads");
        }
        let report = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document)
                     .then(r => done({
                        rules: r.passes.length + r.violations.length + r.incomplete.length,
                        problems: r.violations
                          .filter(v => v.impact === 'serious' || v.impact === 'critical')
                          .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at '
                               + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', '))
                     }))
                     .catch(e => done({ rules: 0, problems: ['axe failed: ' + e] }));"#,
                vec![],
            )
            .await
            .expect("axe runs");
        let headings = self
            .client
            .execute(
                r#"const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
                     .map(h => Number(h.tagName[1]));
                   const jumps = levels.filter((l, i) => i > 0 && l > levels[i - 1] + 1);
                   return { h1: levels.filter(l => l === 1).length, first: levels[0] || 0,
                            jumps: jumps.length, levels: levels.join(' ') };"#,
                vec![],
            )
            .await
            .expect("heading probe");
        assert!(
            headings["h1"] == 1 && headings["first"] == 1 && headings["jumps"] == 0,
            "headings in order on {} (one h1 first, no skipped level): {}",
            self.path().await,
            headings["levels"]
        );
        let rules = report["rules"].as_u64().unwrap_or(0);
        let problems: Vec<String> =
            serde_json::from_value(report["problems"].clone()).expect("axe report");
        assert!(rules > 10, "axe-core checked only {rules} rules");
        assert!(
            problems.is_empty(),
            "accessibility problems on {}:\n{}",
            self.path().await,
            problems.join("\n")
        );
    }

    /// A screenshot and an accessibility check: what every main page gets.
    pub async fn inspect(&self, name: &str) {
        self.shot(name).await;
        self.check_accessibility().await;
    }
}

fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else {
        format!("\"{text}\"")
    }
}
