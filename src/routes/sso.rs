//! Signing in through the company's identity provider (OpenID Connect): leaving for the
//! provider, coming back, and a manager unlinking someone's identity. The flow's secrets
//! (state, nonce, PKCE verifier) travel in an encrypted cookie bound to this browser.

use actix_web::cookie::time::Duration;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::cookies::{self, SSO_COOKIE};
use crate::auth::{CsrfOnly, Manager};
use crate::db;
use crate::error::AppError;
use crate::oidc::{Flow, Sso, SsoError, FLOW_MINUTES};
use crate::services::sso;
use crate::state::AppState;
use crate::views::{see_other, Page};

#[derive(Deserialize, Default)]
pub struct BeginQuery {
    next: Option<String>,
}

/// What the provider sends back: a code and our state, or an error.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
    /// The provider that answers (RFC 9207), when it says.
    iss: Option<String>,
}

#[derive(Serialize)]
struct RefusedView<'a> {
    title: &'a str,
    message: String,
    button: &'a str,
    password_login: bool,
}

fn configured(state: &AppState) -> Result<&Sso, AppError> {
    state
        .sso
        .as_deref()
        .ok_or_else(|| AppError::NotFound("single sign-on is not configured here".into()))
}

/// A page that says why signing in did not work, with a way to try again. Every
/// refusal is logged with its reason; the page never shows a secret.
fn refused(
    state: &AppState,
    page: &Page,
    status: StatusCode,
    title: &str,
    message: String,
) -> Result<HttpResponse, AppError> {
    tracing::warn!(status = status.as_u16(), reason = %message, "single sign-on refused");
    let button = state
        .sso
        .as_deref()
        .map(Sso::button)
        .unwrap_or("Sign in with SSO");
    let mut res = page.render_status(
        status,
        None,
        "auth/sso_refused.html",
        &RefusedView {
            title,
            message,
            button,
            password_login: state.password_login,
        },
    )?;
    let _ = res.add_cookie(&cookies::removal(SSO_COOKIE, state.secure_cookies));
    Ok(res)
}

/// `GET /auth/oidc/login`: off to the provider, with a fresh state, nonce and PKCE
/// challenge remembered in this browser's cookie.
pub async fn begin(
    state: web::Data<AppState>,
    page: Page,
    query: web::Query<BeginQuery>,
) -> Result<HttpResponse, AppError> {
    let sso = configured(&state)?;
    let next = crate::views::local_path(query.next.as_deref().unwrap_or("/"))
        .unwrap_or("/")
        .to_string();
    match sso.begin(&next).await {
        Ok((url, flow)) => {
            let value = serde_json::to_string(&flow).map_err(|e| AppError::Internal(e.into()))?;
            let mut res = HttpResponse::SeeOther()
                .insert_header((actix_web::http::header::LOCATION, url))
                .finish();
            let _ = res.add_cookie(&cookies::build(
                &state.key,
                SSO_COOKIE,
                value,
                state.secure_cookies,
                Some(Duration::minutes(FLOW_MINUTES)),
            ));
            Ok(res)
        }
        Err(SsoError::Unreachable(reason)) => unreachable_page(&state, &page, reason),
        Err(SsoError::Refused(reason)) => refused(
            &state,
            &page,
            StatusCode::BAD_GATEWAY,
            "The sign-in provider is misconfigured",
            format!("The sign-in provider did not answer as expected: {reason}."),
        ),
    }
}

fn unreachable_page(
    state: &AppState,
    page: &Page,
    reason: String,
) -> Result<HttpResponse, AppError> {
    let alternative = if state.password_login {
        " Try again in a minute, or sign in with your password."
    } else {
        " Try again in a minute."
    };
    refused(
        state,
        page,
        StatusCode::SERVICE_UNAVAILABLE,
        "The sign-in provider can't be reached",
        format!("We couldn't reach the sign-in provider ({reason}).{alternative}"),
    )
}

/// `GET /auth/oidc/callback`: the provider's answer. Every check failing is a clear
/// page (400 for an answer that does not add up, 403 for a person who may not sign in
/// here, 503 for a provider that did not answer), logged, never a 500.
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let sso = configured(&state)?;
    let bad = |message: String| {
        refused(
            &state,
            &page,
            StatusCode::BAD_REQUEST,
            "Sign-in didn't work",
            message,
        )
    };
    let flow: Option<Flow> = cookies::read(&req, &state.key, SSO_COOKIE, state.secure_cookies)
        .and_then(|value| serde_json::from_str(&value).ok());
    let Some(flow) = flow else {
        return bad(format!(
            "This browser has no sign-in in progress: it finished already, took longer than {FLOW_MINUTES} minutes, or began in another browser. Start again."
        ));
    };
    if let Some(error) = &query.error {
        let detail = query
            .error_description
            .as_deref()
            .map(|d| format!(": {}", provider_text(d)))
            .unwrap_or_default();
        return refused(
            &state,
            &page,
            StatusCode::FORBIDDEN,
            "The sign-in provider said no",
            format!(
                "The sign-in provider answered \"{}\"{detail}.",
                provider_text(error)
            ),
        );
    }
    let (Some(code), Some(answer_state)) = (query.code.as_deref(), query.state.as_deref()) else {
        return bad("The sign-in provider's answer has no code or no state.".into());
    };
    let next = crate::views::local_path(&flow.next)
        .unwrap_or("/")
        .to_string();
    let identity = match sso
        .finish(flow, answer_state, code, query.iss.as_deref())
        .await
    {
        Ok(identity) => identity,
        Err(SsoError::Unreachable(reason)) => return unreachable_page(&state, &page, reason),
        Err(SsoError::Refused(reason)) => {
            return bad(format!("The sign-in was refused: {reason}."))
        }
    };
    let auto_join = sso.auto_join();
    let now = state.now();
    let who = identity.clone();
    let outcome = db::run(&state.pool, move |conn| {
        sso::sign_in(conn, &who, auto_join, now)
    })
    .await?;
    match outcome {
        Ok(signed_in) => {
            tracing::info!(
                member = signed_in.member.id,
                linked = signed_in.linked,
                joined = signed_in.joined,
                "signed in through single sign-on"
            );
            let flash = if signed_in.joined {
                "Welcome! You joined the team as a member."
            } else {
                "Signed in."
            };
            let mut res = see_other(&state, &next, Some(flash));
            let _ = res.add_cookie(&cookies::build(
                &state.key,
                cookies::SESSION_COOKIE,
                signed_in.session,
                state.secure_cookies,
                Some(Duration::days(crate::services::accounts::SESSION_DAYS)),
            ));
            let _ = res.add_cookie(&cookies::removal(SSO_COOKIE, state.secure_cookies));
            Ok(res)
        }
        Err(refusal) => {
            tracing::warn!(
                issuer = %identity.issuer,
                subject = %identity.subject,
                refusal = refusal.code(),
                "single sign-on: the person may not sign in here"
            );
            refused(
                &state,
                &page,
                StatusCode::FORBIDDEN,
                "You can't sign in here yet",
                refusal.to_string(),
            )
        }
    }
}

/// Text the provider put in the query string, fit for one line of a page (escaped by
/// the template like everything else).
fn provider_text(text: &str) -> String {
    let line = crate::domain::validation::scrub(text, crate::domain::validation::Lines::One);
    line.chars().take(300).collect()
}

#[derive(Serialize)]
struct UnlinkView {
    member_id: i32,
    member_name: String,
    issuer: String,
    email: String,
}

/// `GET /members/{id}/sso/unlink`: "unlink this identity?"
pub async fn unlink_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (member, identity) = db::read(&state.pool, move |conn| sso::member_identity(conn, id))?;
    let Some(identity) = identity else {
        return Ok(see_other(
            &state,
            &format!("/members/{id}"),
            Some("This member has no single sign-on identity to unlink."),
        ));
    };
    page.render(
        Some(&user),
        "members/unlink_sso.html",
        &UnlinkView {
            member_id: id,
            member_name: member.name,
            issuer: identity.issuer,
            email: identity.email,
        },
    )
}

/// `POST /members/{id}/sso/unlink`.
pub async fn unlink(
    state: web::Data<AppState>,
    Manager(_): Manager,
    _: CsrfOnly,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let had = db::run(&state.pool, move |conn| sso::unlink(conn, id)).await?;
    let flash = if had {
        "Unlinked. Their next sign-in with SSO links the account that has their email."
    } else {
        "This member had no single sign-on identity."
    };
    Ok(see_other(&state, &format!("/members/{id}"), Some(flash)))
}
