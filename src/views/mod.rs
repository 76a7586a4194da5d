//! Rendering pages: the shared layout context, number formatting helpers, charts.

pub mod account;
pub mod analysis;
pub mod boards;
pub mod cards;
pub mod chart;
pub mod dashboard;
pub mod mail;
pub mod markdown;
pub mod meeting;
pub mod members;
pub mod metrics;
pub mod options;
pub mod plan;
pub mod presentations;
pub mod review_health;
pub mod reviews;
pub mod settings;
pub mod templates;
pub mod values;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use serde::Serialize;
use tera::Context;

use crate::auth::{CsrfToken, CurrentUser, Flash};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// The signed-in member as the layout shows them.
#[derive(Serialize)]
struct Me<'a> {
    id: i32,
    name: &'a str,
    is_manager: bool,
}

/// Everything a page needs besides its own data: templates, the CSRF token for its
/// forms, a flash message, asset URLs.
pub struct Page {
    state: web::Data<AppState>,
    csrf_token: String,
    flash: Option<String>,
    /// The browser's language (`Accept-Language`), for people who are not signed in.
    browser: Option<Lang>,
}

impl FromRequest for Page {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let csrf = req
            .extensions()
            .get::<CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let flash = req.extensions().get::<Flash>().and_then(|f| f.0.clone());
        let browser = browser_language(req);
        std::future::ready(
            state
                .map(|state| Page {
                    state,
                    csrf_token: csrf,
                    flash,
                    browser,
                })
                .ok_or_else(|| AppError::internal("no app state")),
        )
    }
}

/// The first language of the request's `Accept-Language` the app speaks.
pub fn browser_language(req: &HttpRequest) -> Option<Lang> {
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Lang::from_accept_language)
}

impl Page {
    /// The language `user` reads this page in: their own, else the installation's;
    /// signed out, the browser's, else the installation's.
    pub fn lang(&self, user: Option<&CurrentUser>) -> Lang {
        match user {
            Some(u) => self.state.language_of(&u.member),
            None => self.browser.unwrap_or(self.state.language),
        }
    }

    /// Render `template` with `view` plus the layout context, as 200 OK.
    pub fn render<V: Serialize>(
        &self,
        user: Option<&CurrentUser>,
        template: &str,
        view: &V,
    ) -> Result<HttpResponse, AppError> {
        self.render_status(StatusCode::OK, user, template, view)
    }

    /// The page again with what was refused (422 Unprocessable Content).
    pub fn render_refused<V: Serialize>(
        &self,
        user: Option<&CurrentUser>,
        template: &str,
        view: &V,
    ) -> Result<HttpResponse, AppError> {
        self.render_status(StatusCode::UNPROCESSABLE_ENTITY, user, template, view)
    }

    pub fn render_status<V: Serialize>(
        &self,
        status: StatusCode,
        user: Option<&CurrentUser>,
        template: &str,
        view: &V,
    ) -> Result<HttpResponse, AppError> {
        let html = self.render_html(user, template, view)?;
        Ok(Self::html(status, html))
    }

    /// An HTML answer with `html` as its body.
    pub fn html(
        status: StatusCode,
        html: impl actix_web::body::MessageBody + 'static,
    ) -> HttpResponse {
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html)
    }

    /// What a page with this flash message and CSRF token looks like, as a key: two
    /// renderings of one template and view with the same key are the same HTML (the
    /// flash is shown once, so a page with one has no key).
    pub fn layout_key(&self) -> Option<&str> {
        self.flash.is_none().then_some(self.csrf_token.as_str())
    }

    /// `template` with `view` plus the layout context, as HTML.
    pub fn render_html<V: Serialize>(
        &self,
        user: Option<&CurrentUser>,
        template: &str,
        view: &V,
    ) -> Result<String, AppError> {
        let lang = self.lang(user);
        let _speaking = crate::i18n::speaking(lang);
        let mut ctx = Context::from_serialize(view)?;
        ctx.insert("lang", lang.as_str());
        ctx.insert("csrf_token", &self.csrf_token);
        ctx.insert("flash", &self.flash);
        ctx.insert("css_url", &self.state.assets.url("app.css"));
        ctx.insert("icon_url", &self.state.assets.url("favicon.svg"));
        ctx.insert("js_url", &self.state.assets.url("meeting.js"));
        // How people sign in here: with a password, and with single sign-on's button.
        ctx.insert("password_login", &self.state.password_login);
        ctx.insert(
            "sso_button",
            &self.state.sso.as_deref().map(crate::oidc::Sso::button),
        );
        ctx.insert(
            "me",
            &user.map(|u| Me {
                id: u.member.id,
                name: &u.member.name,
                is_manager: u.is_manager(),
            }),
        );
        Ok(self.state.tera.render(template, &ctx)?)
    }

    pub fn base_url(&self) -> &str {
        &self.state.base_url
    }
}

/// Answer a successful form post: 303 See Other to `location`, with a flash message.
/// `path` when it is a path on this site ("/reviews/2026-12"), never a way to another
/// host: `//host`, `/\\host` (browsers read a backslash as a slash) and anything with a
/// scheme or a control character are refused. Used for every `next=` and `back=`.
pub fn local_path(path: &str) -> Option<&str> {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\');
    local.then_some(path)
}

pub fn see_other(state: &AppState, location: &str, flash: Option<&str>) -> HttpResponse {
    let mut res = HttpResponse::SeeOther();
    res.insert_header((actix_web::http::header::LOCATION, location.to_string()));
    if let Some(message) = flash {
        res.cookie(crate::auth::cookies::build(
            &state.key,
            crate::auth::cookies::FLASH_COOKIE,
            message.to_string(),
            state.secure_cookies,
            None,
        ));
    }
    res.finish()
}

/// "12 Mar 2026, 14:05 UTC".
pub fn datetime(t: chrono::NaiveDateTime) -> String {
    crate::domain::review::utc_when(t)
}

/// "Delete X?": a member or a metric, and whether it has history (which deleting would
/// lose, so the page offers to deactivate instead).
#[derive(Serialize)]
pub struct DeleteView {
    id: i32,
    name: String,
    has_history: bool,
}

impl DeleteView {
    pub fn new(id: i32, name: String, has_history: bool) -> Self {
        Self {
            id,
            name,
            has_history,
        }
    }
}
