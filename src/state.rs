//! The application state every handler reaches: the database pool, the templates, the
//! keys, the clock. It sits below the routes (which use it) and above the services
//! (which never see it: handlers hand them a connection, a postbox and the time).

use actix_web::cookie::Key;
use tera::Tera;

use crate::assets::Assets;
use crate::db::DbPool;

/// What every handler can reach, built once and shared by all workers.
pub struct AppState {
    pub pool: DbPool,
    pub tera: Tera,
    pub assets: Assets,
    pub key: Key,
    /// Public URL used in links and emails, without a trailing slash.
    pub base_url: String,
    /// Mark cookies Secure (the site is served over https).
    pub secure_cookies: bool,
    /// Mail goes to an SMTP server (otherwise to files).
    pub smtp_configured: bool,
    pub links: crate::secrets::links::LinkKey,
    /// What time it is (tests move it; see `clock`).
    pub clock: crate::clock::Clock,
    /// The in-process mail sender's health (`None` when this process runs no sender).
    pub mail_health: Option<crate::mail::sender::SenderHealth>,
    /// Sessions and API tokens verified in the last few seconds.
    pub sessions: crate::session_cache::SessionCache,
    /// Single sign-on through the company's identity provider, when configured.
    pub sso: Option<std::sync::Arc<crate::oidc::Sso>>,
    /// Whether password sign-in (and password links) work; off only with single sign-on.
    pub password_login: bool,
    /// The installation's language (`KPI_LANGUAGE`).
    pub language: crate::i18n::Lang,
}

impl AppState {
    /// The current time by the application's clock.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.clock.now()
    }

    /// The language `member` reads pages in: theirs, else the installation's (what
    /// `views::Page::lang` says for a signed-in page, for handlers without a `Page`).
    pub fn language_of(&self, member: &crate::models::Member) -> crate::i18n::Lang {
        member.language().unwrap_or(self.language)
    }

    /// What services need to queue mail.
    pub fn postbox(&self) -> crate::mail::Postbox<'_> {
        crate::mail::Postbox {
            tera: &self.tera,
            base_url: &self.base_url,
            links: &self.links,
            password_login: self.password_login,
            language: self.language,
        }
    }
}
