//! Who is asking: the member behind a session cookie or a bearer token.

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::cookies::{self, SESSION_COOKIE};
use super::csrf::{self, CSRF_HEADER};
use crate::db;
use crate::error::AppError;
use crate::models::{ApiToken, Member, Session};
use crate::secrets::tokens::hash_secret;
use crate::state::AppState;

/// How the current request proved who it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthMethod {
    /// A browser session; holds the stored hash of the session token.
    Session(String),
    /// A personal API token.
    Token,
}

/// The signed-in member. Extracting it answers 401 (or, for a browser, a redirect to
/// the login page) when nobody is signed in.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub member: Member,
    pub method: AuthMethod,
}

impl CurrentUser {
    pub fn id(&self) -> i32 {
        self.member.id
    }

    pub fn is_manager(&self) -> bool {
        self.member.is_manager()
    }

    /// Managers pass; everyone else gets 403.
    pub fn require_manager(&self) -> Result<(), AppError> {
        if self.is_manager() {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// The session cookie's secret: as `browser_state` read it, or read here.
fn session_secret(req: &HttpRequest, state: &AppState) -> Option<String> {
    if let Some(read) = req.extensions().get::<csrf::SessionSecret>() {
        return read.0.clone();
    }
    cookies::read(req, &state.key, SESSION_COOKIE, state.secure_cookies)
}

async fn identify(req: HttpRequest) -> Result<Option<CurrentUser>, AppError> {
    if let Some(user) = req.extensions().get::<CurrentUser>() {
        return Ok(Some(user.clone()));
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal("no app state"))?;
    let now = state.now();
    let user = if let Some(token) = bearer_token(&req) {
        let key = format!("t:{}", hash_secret(&token));
        let member = match state.sessions.get(&key, now) {
            Some(member) => Some(member),
            None => {
                let (epoch, hash) = (db::sign_in_epoch(), key[2..].to_string());
                let found = db::run(&state.pool, move |conn| {
                    Ok(ApiToken::find_member(conn, &hash, now)?)
                })
                .await?;
                if let Some(member) = &found {
                    state.sessions.put(key, member.clone(), None, epoch, now);
                }
                found
            }
        };
        // A bearer token that does not work is an error, not an anonymous request.
        let member = member.ok_or(AppError::Unauthenticated)?;
        Some(CurrentUser {
            member,
            method: AuthMethod::Token,
        })
    } else if let Some(token) = session_secret(&req, &state) {
        let hash = hash_secret(&token);
        let key = format!("s:{hash}");
        let member = match state.sessions.get(&key, now) {
            Some(member) => Some(member),
            None => {
                let (epoch, lookup) = (db::sign_in_epoch(), hash.clone());
                let found = db::read(&state.pool, |conn| {
                    Ok(Session::find_member(conn, &lookup, now)?)
                })?;
                found.map(|(member, expires_at)| {
                    state
                        .sessions
                        .put(key, member.clone(), Some(expires_at), epoch, now);
                    member
                })
            }
        };
        member.map(|member| CurrentUser {
            member,
            method: AuthMethod::Session(hash),
        })
    } else {
        None
    };
    if let Some(user) = &user {
        // API writes made with the session cookie need the CSRF header; forms are
        // checked by `CsrfForm`.
        let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        if req.path().starts_with("/api/") && !safe && matches!(user.method, AuthMethod::Session(_))
        {
            let supplied = req
                .headers()
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            csrf::verify(&req, supplied)?;
        }
        req.extensions_mut().insert(user.clone());
    }
    Ok(user)
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { identify(req).await?.ok_or(AppError::Unauthenticated) })
    }
}

/// The signed-in member, if any, for pages that anyone may see.
#[derive(Clone, Debug)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match identify(req).await {
                Ok(user) => Ok(MaybeUser(user)),
                Err(AppError::Unauthenticated) => Ok(MaybeUser(None)),
                Err(e) => Err(e),
            }
        })
    }
}

/// A signed-in manager; anyone else gets 403.
#[derive(Clone, Debug)]
pub struct Manager(pub CurrentUser);

impl FromRequest for Manager {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let user = CurrentUser::from_request(req, payload);
        Box::pin(async move {
            let user = user.await?;
            user.require_manager()?;
            Ok(Manager(user))
        })
    }
}
