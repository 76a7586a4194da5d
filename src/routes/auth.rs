//! First-run set-up, signing in and out, and "set your password" links.

use actix_web::cookie::time::Duration;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::cookies::{self, SESSION_COOKIE};
use crate::auth::{AuthMethod, CsrfForm, CsrfOnly, CurrentUser, MaybeUser};
use crate::db;
use crate::domain::member::{MemberFields, PASSWORD_MIN};
use crate::error::AppError;
use crate::services::accounts;
use crate::state::AppState;
use crate::views::{see_other, Page};

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SetupForm {
    name: String,
    email: String,
    password: String,
    password_confirmation: String,
}

#[derive(Serialize)]
pub struct SetupView<'a> {
    form: &'a SetupForm,
    errors: std::collections::BTreeMap<String, String>,
    password_min: usize,
}

pub async fn setup_form(state: web::Data<AppState>, page: Page) -> Result<HttpResponse, AppError> {
    ensure_no_manager(&state).await?;
    setup_allowed(&state)?;
    page.render(
        None,
        "auth/setup.html",
        &SetupView {
            form: &SetupForm::default(),
            errors: Default::default(),
            password_min: PASSWORD_MIN,
        },
    )
}

pub async fn set_up(
    state: web::Data<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<SetupForm>,
) -> Result<HttpResponse, AppError> {
    ensure_no_manager(&state).await?;
    setup_allowed(&state)?;
    let fields = MemberFields {
        name: form.name.clone(),
        email: form.email.clone(),
        ..Default::default()
    };
    let (pw, confirmation) = (form.password.clone(), form.password_confirmation.clone());
    let now = state.now();
    let result = db::run(&state.pool, move |conn| {
        let member = accounts::set_up_first_manager(conn, &fields, &pw, &confirmation, now)?;
        let session = accounts::start_session(conn, member.id, now)?;
        Ok((member, session))
    })
    .await;
    match result {
        Ok((_, session)) => Ok(signed_in(
            &state,
            "/",
            session,
            "Welcome! Next: add your team and your metrics.",
        )),
        Err(AppError::Validation(errors)) => {
            let form = SetupForm {
                password: String::new(),
                password_confirmation: String::new(),
                ..form
            };
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                "auth/setup.html",
                &SetupView {
                    form: &form,
                    errors: errors.by_field(),
                    password_min: PASSWORD_MIN,
                },
            )
        }
        Err(e) => Err(e),
    }
}

/// Refuse what needs password sign-in when it is turned off (single sign-on only).
pub fn password_login_on(state: &AppState) -> Result<(), AppError> {
    if state.password_login {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "password sign-in is turned off here: sign in with SSO, with your company account"
                .into(),
        ))
    }
}

/// First-run set-up chooses a password; with password sign-in off it happens on the
/// command line instead.
fn setup_allowed(state: &AppState) -> Result<(), AppError> {
    if state.password_login {
        return Ok(());
    }
    Err(AppError::Forbidden(
        "password sign-in is turned off, so the first manager is made on the command line: run `kpi-rotation create-manager --email you@example.com --name \"Your Name\" --password-stdin`, then sign in with SSO with that email".into(),
    ))
}

async fn ensure_no_manager(state: &AppState) -> Result<(), AppError> {
    if db::read(&state.pool, accounts::has_manager)? {
        return Err(AppError::NotFound(
            "set-up is done: a manager already exists. Sign in instead.".into(),
        ));
    }
    Ok(())
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

#[derive(Serialize)]
pub struct LoginView<'a> {
    email: &'a str,
    next: &'a str,
    error: Option<String>,
}

/// Only local paths are followed after signing in (no open redirect).
fn safe_next(next: &str) -> &str {
    crate::views::local_path(next).unwrap_or("/")
}

pub async fn login_form(
    state: web::Data<AppState>,
    page: Page,
    user: MaybeUser,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(query.next.as_deref().unwrap_or("/")).to_string();
    if user.0.is_some() {
        return Ok(see_other(&state, &next, None));
    }
    if !db::read(&state.pool, accounts::has_manager)? {
        return Ok(see_other(&state, "/setup", None));
    }
    page.render(
        None,
        "auth/login.html",
        &LoginView {
            email: "",
            next: &next,
            error: None,
        },
    )
}

pub async fn log_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    if !state.password_login {
        return page.render_status(
            StatusCode::FORBIDDEN,
            None,
            "auth/login.html",
            &LoginView {
                email: "",
                next: safe_next(&form.next),
                error: Some("Password sign-in is turned off here: sign in with SSO.".into()),
            },
        );
    }
    let ip = crate::routes::forms::client_ip(&req);
    let (email, pw) = (form.email.clone(), form.password.clone());
    let now = state.now();
    let result = db::run(&state.pool, move |conn| {
        let member = accounts::login(conn, &email, &pw, &ip, now)?;
        accounts::start_session(conn, member.id, now)
    })
    .await;
    let next = safe_next(&form.next);
    match result {
        Ok(session) => Ok(signed_in(&state, next, session, "Signed in.")),
        Err(AppError::Validation(errors)) => {
            let error = errors.first().map(|e| e.message.clone());
            page.render_status(
                StatusCode::UNAUTHORIZED,
                None,
                "auth/login.html",
                &LoginView {
                    email: &form.email,
                    next,
                    error,
                },
            )
        }
        Err(AppError::TooManyRequests {
            message,
            retry_after,
        }) => {
            let mut res = page.render_status(
                StatusCode::TOO_MANY_REQUESTS,
                None,
                "auth/login.html",
                &LoginView {
                    email: &form.email,
                    next,
                    error: Some(message),
                },
            )?;
            res.headers_mut().insert(
                actix_web::http::header::RETRY_AFTER,
                actix_web::http::header::HeaderValue::from(retry_after.max(1)),
            );
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// Redirect with a fresh session cookie (a new session id at every sign-in).
fn signed_in(state: &AppState, location: &str, session: String, flash: &str) -> HttpResponse {
    let mut res = see_other(state, location, Some(flash));
    let cookie = cookies::build(
        &state.key,
        SESSION_COOKIE,
        session,
        state.secure_cookies,
        Some(Duration::days(accounts::SESSION_DAYS)),
    );
    let _ = res.add_cookie(&cookie);
    res
}

pub async fn logout_form(page: Page, user: CurrentUser) -> Result<HttpResponse, AppError> {
    page.render(Some(&user), "auth/logout.html", &serde_json::json!({}))
}

pub async fn log_out(
    state: web::Data<AppState>,
    user: MaybeUser,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let mut id_token = None;
    if let Some(CurrentUser {
        method: AuthMethod::Session(hash),
        ..
    }) = user.0
    {
        id_token = db::run(&state.pool, move |conn| accounts::end_session(conn, &hash)).await?;
    }
    // A session begun at the provider ends there too, when it offers that; it sends the
    // browser back to our sign-in page.
    let provider_logout = id_token
        .zip(state.sso.as_deref())
        .and_then(|(token, sso)| sso.logout_url(&token));
    let location = provider_logout.as_deref().unwrap_or("/login");
    let mut res = see_other(&state, location, Some("Signed out."));
    let _ = res.add_cookie(&cookies::removal(SESSION_COOKIE, state.secure_cookies));
    Ok(res)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
    password_confirmation: String,
}

#[derive(Serialize)]
pub struct SetPasswordView<'a> {
    name: &'a str,
    email: &'a str,
    errors: std::collections::BTreeMap<String, String>,
    password_min: usize,
}

pub async fn set_password_form(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    password_login_on(&state)?;
    let now = state.now();
    let member = db::read(&state.pool, move |conn| {
        accounts::check_password_link(conn, &token, now)
    })?;
    page.render(
        None,
        "auth/set_password.html",
        &SetPasswordView {
            name: &member.name,
            email: &member.email,
            errors: Default::default(),
            password_min: PASSWORD_MIN,
        },
    )
}

pub async fn set_password(
    state: web::Data<AppState>,
    page: Page,
    token: web::Path<String>,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    password_login_on(&state)?;
    let now = state.now();
    let token = token.into_inner();
    let secret = token.clone();
    let result = db::run(&state.pool, move |conn| {
        let member = accounts::set_password_with_link(
            conn,
            &secret,
            &form.password,
            &form.password_confirmation,
            now,
        )?;
        accounts::start_session(conn, member.id, now)
    })
    .await;
    match result {
        Ok(session) => Ok(signed_in(
            &state,
            "/",
            session,
            "Your password is set. Welcome!",
        )),
        Err(AppError::Validation(errors)) => {
            let member = db::run(&state.pool, move |conn| {
                accounts::check_password_link(conn, &token, now)
            })
            .await?;
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                "auth/set_password.html",
                &SetPasswordView {
                    name: &member.name,
                    email: &member.email,
                    errors: errors.by_field(),
                    password_min: PASSWORD_MIN,
                },
            )
        }
        Err(e) => Err(e),
    }
}
