//! Typed settings, read from `KPI_*` environment variables with defaults (see API.md).
//! Settings are built once and passed by value: no globals, so every test can run its
//! own configuration side by side.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// Everything the application needs to know about its environment.
#[derive(Clone, Debug)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub bind: SocketAddr,
    /// Public base URL without a trailing slash; `None` means "derive from the bound port".
    pub base_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The secret key; `None` means "load or generate `$KPI_DATA_DIR/secret.key`".
    pub secret_key: Option<Vec<u8>>,
    /// Run the background mail sender inside the server.
    pub run_mail_sender: bool,
    /// How often the sender looks for due mail.
    pub mail_poll: std::time::Duration,
    /// The first retry delay after a transient failure (doubling each time).
    pub mail_retry_base: std::time::Duration,
    /// The clock the app reads (the system clock; tests move it to a fixed date).
    pub clock: crate::clock::Clock,
    /// OpenID Connect single sign-on, when `KPI_OIDC_ISSUER` is set.
    pub oidc: Option<OidcSettings>,
    /// Whether people may sign in with a password (`KPI_PASSWORD_LOGIN`; only `false`
    /// with single sign-on configured).
    pub password_login: bool,
    /// The installation's language (`KPI_LANGUAGE`): what people see who chose none, and
    /// what signed-out pages fall back to when the browser asks for none we speak.
    pub language: crate::i18n::Lang,
}

/// The identity provider and how this app is registered with it.
#[derive(Clone, Debug)]
pub struct OidcSettings {
    /// The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    /// `None` for a public client (PKCE only).
    pub client_secret: Option<String>,
    /// The scopes asked for; always includes `openid`.
    pub scopes: Vec<String>,
    /// The sign-in button's label.
    pub button: String,
    /// Let a verified email that matches no member join the team as a member.
    pub auto_join: bool,
}

impl OidcSettings {
    /// Read the `KPI_OIDC_*` variables; `None` when no issuer is set.
    fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> anyhow::Result<Option<Self>> {
        let Some(issuer) = lookup("KPI_OIDC_ISSUER") else {
            for name in [
                "KPI_OIDC_CLIENT_ID",
                "KPI_OIDC_CLIENT_SECRET",
                "KPI_OIDC_AUTO_JOIN",
            ] {
                if lookup(name).is_some() {
                    bail!("{name} is set but KPI_OIDC_ISSUER is not: set the provider's issuer URL too");
                }
            }
            return Ok(None);
        };
        let issuer = issuer.trim().trim_end_matches('/').to_string();
        if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
            bail!("KPI_OIDC_ISSUER={issuer:?} must be a URL starting with https://");
        }
        let client_id = lookup("KPI_OIDC_CLIENT_ID")
            .map(|id| id.trim().to_string())
            .context("KPI_OIDC_ISSUER is set, so KPI_OIDC_CLIENT_ID must be too (the client id the provider gave this app)")?;
        let mut scopes: Vec<String> = lookup("KPI_OIDC_SCOPES")
            .unwrap_or_else(|| "openid email profile".into())
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if !scopes.iter().any(|s| s == "openid") {
            scopes.insert(0, "openid".into());
        }
        let auto_join = match lookup("KPI_OIDC_AUTO_JOIN").as_deref().map(str::trim) {
            None => false,
            Some("member") => true,
            Some(other) => bail!(
                "KPI_OIDC_AUTO_JOIN={other:?}: the only value is `member` (unset it to refuse unknown emails)"
            ),
        };
        Ok(Some(Self {
            issuer,
            client_id,
            client_secret: lookup("KPI_OIDC_CLIENT_SECRET"),
            scopes,
            button: lookup("KPI_OIDC_BUTTON")
                .map(|b| b.trim().to_string())
                .unwrap_or_else(|| "Sign in with SSO".into()),
            auto_join,
        }))
    }
}

/// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`) for a flag variable.
fn parse_flag(name: &str, value: &str) -> anyhow::Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        other => bail!("{name}={other:?} is neither true nor false"),
    }
}

/// Minimum key length accepted by the cookie crate for signed+encrypted cookies.
pub const SECRET_KEY_MIN_BYTES: usize = 64;

impl Settings {
    /// Read settings from the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Read settings through `lookup`, so tests can configure without touching the
    /// process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(lookup("KPI_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = lookup("KPI_DATABASE_URL").unwrap_or_else(|| {
            data_dir
                .join("kpi-rotation.db")
                .to_string_lossy()
                .into_owned()
        });
        let bind_text = lookup("KPI_BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind: SocketAddr = bind_text.parse().with_context(|| {
            format!("KPI_BIND={bind_text:?} is not an address like 127.0.0.1:8080")
        })?;
        let base_url = match lookup("KPI_BASE_URL") {
            Some(url) => Some(parse_base_url(&url)?),
            None => None,
        };
        let secret_key = match lookup("KPI_SECRET_KEY") {
            Some(key) if key.len() < SECRET_KEY_MIN_BYTES => bail!(
                "KPI_SECRET_KEY must be at least {SECRET_KEY_MIN_BYTES} bytes long (it has {})",
                key.len()
            ),
            Some(key) => Some(key.into_bytes()),
            None => None,
        };
        let oidc = OidcSettings::from_lookup(&lookup)?;
        let password_login = match lookup("KPI_PASSWORD_LOGIN") {
            Some(value) => parse_flag("KPI_PASSWORD_LOGIN", &value)?,
            None => true,
        };
        if !password_login && oidc.is_none() {
            bail!("KPI_PASSWORD_LOGIN=false needs single sign-on (KPI_OIDC_ISSUER and KPI_OIDC_CLIENT_ID), or nobody could sign in");
        }
        let language = match lookup("KPI_LANGUAGE") {
            Some(code) => crate::i18n::Lang::parse("KPI_LANGUAGE", &code)
                .map_err(|e| anyhow::anyhow!("KPI_LANGUAGE: {}", e.message))?,
            None => crate::i18n::Lang::En,
        };
        Ok(Self {
            data_dir,
            database_url,
            bind,
            base_url,
            smtp_url: lookup("KPI_SMTP_URL"),
            mail_from: lookup("KPI_MAIL_FROM")
                .unwrap_or_else(|| "kpi-rotation <noreply@localhost>".into()),
            secret_key,
            run_mail_sender: true,
            mail_poll: std::time::Duration::from_secs(2),
            mail_retry_base: std::time::Duration::from_secs(30),
            clock: crate::clock::Clock::system(),
            oidc,
            password_login,
            language,
        })
    }

    /// Settings for a throw-away instance in `dir` on a free loopback port (tests, benches).
    pub fn for_tests(dir: &Path) -> Self {
        Self {
            data_dir: dir.to_path_buf(),
            database_url: dir.join("test.db").to_string_lossy().into_owned(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            base_url: None,
            smtp_url: None,
            mail_from: "kpi-rotation <noreply@localhost>".into(),
            secret_key: Some(vec![7; SECRET_KEY_MIN_BYTES]),
            run_mail_sender: false,
            mail_poll: std::time::Duration::from_millis(100),
            mail_retry_base: std::time::Duration::from_millis(200),
            clock: crate::clock::Clock::system(),
            oidc: None,
            password_login: true,
            language: crate::i18n::Lang::En,
        }
    }

    /// The secret key from the settings, or from `$KPI_DATA_DIR/secret.key`, generating
    /// that file on first use.
    pub fn load_secret_key(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(key) = &self.secret_key {
            return Ok(key.clone());
        }
        let path = self.data_dir.join("secret.key");
        if path.exists() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let key = hex::decode(text.trim()).with_context(|| {
                format!(
                    "{} is not hex; delete it to generate a new key",
                    path.display()
                )
            })?;
            if key.len() < SECRET_KEY_MIN_BYTES {
                bail!(
                    "{} holds fewer than {SECRET_KEY_MIN_BYTES} bytes",
                    path.display()
                );
            }
            return Ok(key);
        }
        let key = crate::secrets::tokens::random_bytes(SECRET_KEY_MIN_BYTES);
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("creating {}", self.data_dir.display()))?;
        write_private_file(&path, hex::encode(&key).as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        tracing::info!(path = %path.display(), "generated a new secret key");
        Ok(key)
    }
}

/// The public base URL: `KPI_BASE_URL` when set, otherwise `http://<bound address>`.
pub fn effective_base_url(configured: Option<&str>, bound: SocketAddr) -> String {
    configured
        .map(str::to_owned)
        .unwrap_or_else(|| format!("http://{bound}"))
}

fn parse_base_url(url: &str) -> anyhow::Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
        bail!("KPI_BASE_URL={url:?} must start with http:// or https://");
    }
    Ok(trimmed.to_string())
}

#[cfg(unix)]
fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn defaults_follow_the_data_dir() {
        let s = Settings::from_lookup(lookup(&[("KPI_DATA_DIR", "/srv/kpi")])).unwrap();
        assert_eq!(s.database_url, "/srv/kpi/kpi-rotation.db");
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.base_url, None);
    }

    #[test]
    fn a_short_secret_key_is_refused() {
        let err = Settings::from_lookup(lookup(&[("KPI_SECRET_KEY", "short")])).unwrap_err();
        assert!(err.to_string().contains("at least 64 bytes"));
    }

    #[test]
    fn base_url_loses_its_trailing_slash_and_needs_a_scheme() {
        let s =
            Settings::from_lookup(lookup(&[("KPI_BASE_URL", "https://kpi.example.com/")])).unwrap();
        assert_eq!(s.base_url.as_deref(), Some("https://kpi.example.com"));
        assert!(Settings::from_lookup(lookup(&[("KPI_BASE_URL", "kpi.example.com")])).is_err());
    }

    #[test]
    fn the_language_is_english_unless_set_and_a_wrong_one_stops_start_up() {
        use crate::i18n::Lang;
        assert_eq!(
            Settings::from_lookup(lookup(&[])).unwrap().language,
            Lang::En
        );
        let s = Settings::from_lookup(lookup(&[("KPI_LANGUAGE", "da")])).unwrap();
        assert_eq!(s.language, Lang::Da);
        let err = Settings::from_lookup(lookup(&[("KPI_LANGUAGE", "de")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("KPI_LANGUAGE") && err.contains("\"sv\""),
            "{err}"
        );
    }

    #[test]
    fn single_sign_on_reads_its_variables_with_defaults() {
        assert!(Settings::from_lookup(lookup(&[])).unwrap().oidc.is_none());
        let s = Settings::from_lookup(lookup(&[
            ("KPI_OIDC_ISSUER", "https://id.example.com/realms/acme/"),
            ("KPI_OIDC_CLIENT_ID", "kpi"),
        ]))
        .unwrap();
        let oidc = s.oidc.unwrap();
        assert_eq!(oidc.issuer, "https://id.example.com/realms/acme");
        assert_eq!(oidc.scopes, ["openid", "email", "profile"]);
        assert_eq!(oidc.button, "Sign in with SSO");
        assert_eq!(oidc.client_secret, None);
        assert!(!oidc.auto_join);
        assert!(s.password_login);
        let s = Settings::from_lookup(lookup(&[
            ("KPI_OIDC_ISSUER", "https://id.example.com"),
            ("KPI_OIDC_CLIENT_ID", "kpi"),
            ("KPI_OIDC_SCOPES", "email groups"),
            ("KPI_OIDC_AUTO_JOIN", "member"),
            ("KPI_PASSWORD_LOGIN", "false"),
        ]))
        .unwrap();
        let oidc = s.oidc.unwrap();
        assert_eq!(oidc.scopes, ["openid", "email", "groups"]);
        assert!(oidc.auto_join && !s.password_login);
    }

    #[test]
    fn single_sign_on_mistakes_stop_start_up_with_the_variable_named() {
        let refused = |pairs: &[(&str, &str)]| {
            Settings::from_lookup(lookup(pairs))
                .unwrap_err()
                .to_string()
        };
        assert!(refused(&[("KPI_OIDC_ISSUER", "https://id.example.com")])
            .contains("KPI_OIDC_CLIENT_ID"));
        assert!(refused(&[("KPI_OIDC_CLIENT_ID", "kpi")]).contains("KPI_OIDC_ISSUER"));
        assert!(refused(&[("KPI_PASSWORD_LOGIN", "false")]).contains("nobody could sign in"));
        assert!(refused(&[("KPI_PASSWORD_LOGIN", "maybe")]).contains("KPI_PASSWORD_LOGIN"));
        assert!(refused(&[
            ("KPI_OIDC_ISSUER", "https://id.example.com"),
            ("KPI_OIDC_CLIENT_ID", "kpi"),
            ("KPI_OIDC_AUTO_JOIN", "manager"),
        ])
        .contains("KPI_OIDC_AUTO_JOIN"));
        assert!(refused(&[
            ("KPI_OIDC_ISSUER", "id.example.com"),
            ("KPI_OIDC_CLIENT_ID", "kpi")
        ])
        .contains("https://"));
    }
}
