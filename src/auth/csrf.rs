//! CSRF protection. A signed-in browser's token is an HMAC of its session secret
//! (bound to the session, new at every sign-in); before signing in, the token is a
//! random one held in an encrypted cookie (double submit). Each form carries the token
//! in a hidden field (and API calls made with the session cookie carry it in
//! `X-CSRF-Token`). A forged cross-site request can send the cookies but cannot read
//! them, so it cannot supply the matching field.
//! Bearer-token API calls need no CSRF token: browsers never attach those by themselves.

use actix_web::body::MessageBody;
use actix_web::cookie::time::Duration;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::cookies::{self, CSRF_COOKIE, FLASH_COOKIE, SESSION_COOKIE};
use crate::error::AppError;
use crate::secrets::tokens::{new_secret, secrets_match};
use crate::state::AppState;

pub const CSRF_HEADER: &str = "x-csrf-token";
pub const CSRF_FIELD: &str = "csrf_token";

/// This browser's CSRF token, for rendering into forms.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// The session cookie's secret as `browser_state` decrypted it, so that finding who is
/// signed in does not decrypt it again.
#[derive(Clone, Debug)]
pub(super) struct SessionSecret(pub Option<String>);

/// A one-shot message carried across a redirect ("Member added").
#[derive(Clone, Debug, Default)]
pub struct Flash(pub Option<String>);

/// Gives every browser request its CSRF token (setting the cookie the first time) and
/// its flash message (clearing the cookie once a page has shown it).
pub async fn browser_state(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path();
    // An API call with a bearer token is no browser: it needs no CSRF token (identify
    // takes the token first), and minting a cookie for each call was a write's cost.
    let bearer = path.starts_with("/api/")
        && req
            .headers()
            .contains_key(actix_web::http::header::AUTHORIZATION);
    let skip = path.starts_with("/static/") || path == "/healthz" || bearer;
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let (Some(state), false) = (state, skip) else {
        return next.call(req).await;
    };
    let existing = cookies::read(req.request(), &state.key, CSRF_COOKIE, state.secure_cookies);
    let fresh = existing.is_none();
    let anonymous = existing.unwrap_or_else(|| new_secret(""));
    let session = cookies::read(
        req.request(),
        &state.key,
        SESSION_COOKIE,
        state.secure_cookies,
    );
    let token = match &session {
        Some(session) => state.links.session_csrf(session),
        None => anonymous.clone(),
    };
    req.extensions_mut().insert(SessionSecret(session));
    let flash = cookies::read(
        req.request(),
        &state.key,
        FLASH_COOKIE,
        state.secure_cookies,
    );
    let had_flash = req
        .cookie(cookies::named(FLASH_COOKIE, state.secure_cookies))
        .is_some();
    req.extensions_mut().insert(CsrfToken(token.clone()));
    req.extensions_mut().insert(Flash(flash));

    let mut res = next.call(req).await?;
    if fresh {
        let cookie = cookies::build(
            &state.key,
            CSRF_COOKIE,
            anonymous,
            state.secure_cookies,
            Some(Duration::days(365)),
        );
        res.response_mut().add_cookie(&cookie)?;
    }
    let is_redirect = res.status().is_redirection();
    if had_flash && !is_redirect {
        res.response_mut()
            .add_cookie(&cookies::removal(FLASH_COOKIE, state.secure_cookies))?;
    }
    Ok(res)
}

impl FromRequest for CsrfToken {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<CsrfToken>()
                .cloned()
                .ok_or_else(|| AppError::internal("browser_state middleware is not installed")),
        )
    }
}

impl FromRequest for Flash {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(req
            .extensions()
            .get::<Flash>()
            .cloned()
            .unwrap_or_default()))
    }
}

/// Does `supplied` match this browser's CSRF token?
pub fn verify(req: &HttpRequest, supplied: &str) -> Result<(), AppError> {
    let expected = req.extensions().get::<CsrfToken>().map(|t| t.0.clone());
    match expected {
        Some(expected) if !supplied.is_empty() && secrets_match(&expected, supplied) => Ok(()),
        _ => Err(AppError::Forbidden(
            "this form has expired or did not come from this site (missing or wrong CSRF token); reload the page and try again".into(),
        )),
    }
}

#[derive(Deserialize)]
struct WithToken<T> {
    #[serde(default)]
    csrf_token: String,
    #[serde(flatten)]
    inner: T,
}

/// A URL-encoded form whose CSRF token has been checked. Every state-changing form
/// handler takes this instead of `web::Form`.
pub struct CsrfForm<T>(pub T);

/// A form that carries nothing but its CSRF token (a button: deactivate, revoke, send).
#[derive(Deserialize)]
pub struct NoFields {}

/// The extractor for such a button: the token is checked, there is nothing else to read.
pub type CsrfOnly = CsrfForm<NoFields>;

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let form = web::Form::<WithToken<T>>::from_request(&req, payload);
        Box::pin(async move {
            let form = form.await?.into_inner();
            verify(&req, &form.csrf_token)?;
            Ok(CsrfForm(form.inner))
        })
    }
}
