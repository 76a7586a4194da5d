//! The account page: change password, personal API tokens.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{AuthMethod, CsrfForm, CsrfOnly, CurrentUser};
use crate::db;
use crate::domain::member::PASSWORD_MIN;
use crate::error::AppError;
use crate::services::accounts;
use crate::state::AppState;
use crate::views::{datetime, see_other, Page};

#[derive(Serialize)]
pub struct TokenView {
    id: i32,
    name: String,
    created: String,
    last_used: Option<String>,
}

#[derive(Serialize, Default)]
pub struct AccountView {
    name: String,
    email: String,
    role: String,
    department: String,
    tokens: Vec<TokenView>,
    new_token: Option<String>,
    errors: BTreeMap<String, String>,
    password_min: usize,
    success_feed: String,
    fail_feed: String,
}

async fn account_view(state: &AppState, user: &CurrentUser) -> Result<AccountView, AppError> {
    let id = user.id();
    let feeds = super::boards::feed::feed_urls(state, &user.member);
    let tokens = db::run(&state.pool, move |conn| accounts::tokens_of(conn, id)).await?;
    Ok(AccountView {
        name: user.member.name.clone(),
        email: user.member.email.clone(),
        role: user.member.role.clone(),
        department: user.member.department.clone(),
        tokens: tokens
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                name: t.name,
                created: datetime(t.created_at),
                last_used: t.last_used_at.map(datetime),
            })
            .collect(),
        password_min: PASSWORD_MIN,
        success_feed: feeds.0,
        fail_feed: feeds.1,
        ..Default::default()
    })
}

pub async fn show_account(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let view = account_view(&state, &user).await?;
    page.render(Some(&user), "account/index.html", &view)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    password: String,
    password_confirmation: String,
    revoke_tokens: String,
}

pub async fn change_password(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let member = user.member.clone();
    let keep = match &user.method {
        AuthMethod::Session(hash) => Some(hash.clone()),
        AuthMethod::Token => None,
    };
    let (now, ip) = (state.now(), crate::routes::forms::client_ip(&req));
    let revoke = crate::domain::validation::flag(&form.revoke_tokens);
    let result = db::run(&state.pool, move |conn| {
        let change = accounts::PasswordChange {
            current: &form.current_password,
            new: &form.password,
            confirmation: &form.password_confirmation,
            revoke_tokens: revoke,
        };
        accounts::change_password(conn, &member, &change, keep.as_deref(), &ip, now)
    })
    .await;
    match result {
        Ok(()) => Ok(see_other(
            &state,
            "/account",
            Some(if revoke {
                "Your password is changed; other sessions were signed out and your API tokens revoked."
            } else {
                "Your password is changed; other sessions were signed out."
            }),
        )),
        Err(AppError::Validation(errors)) => {
            let view = AccountView {
                errors: errors.by_field(),
                ..account_view(&state, &user).await?
            };
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "account/index.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    name: String,
}

pub async fn create_token(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<TokenForm>,
) -> Result<HttpResponse, AppError> {
    let id = user.id();
    let now = state.now();
    let result = db::run(&state.pool, move |conn| {
        accounts::create_api_token(conn, id, &form.name, now)
    })
    .await;
    match result {
        // The token is shown once, on this response, and never again.
        Ok((_, secret)) => {
            let view = AccountView {
                new_token: Some(secret),
                ..account_view(&state, &user).await?
            };
            page.render(Some(&user), "account/index.html", &view)
        }
        Err(AppError::Validation(errors)) => {
            let view = AccountView {
                errors: errors.by_field(),
                ..account_view(&state, &user).await?
            };
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "account/index.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}

pub async fn revoke_token(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let (member_id, token_id) = (user.id(), path.into_inner());
    db::run(&state.pool, move |conn| {
        accounts::revoke_api_token(conn, member_id, token_id)
    })
    .await?;
    Ok(see_other(&state, "/account", Some("The token is revoked.")))
}

#[derive(serde::Deserialize)]
pub struct NoFields {}

/// New personal feed links (the old ones stop working).
pub async fn reset_feeds(
    state: web::Data<AppState>,
    user: CurrentUser,
    _: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let id = user.id();
    db::run(&state.pool, move |conn| {
        accounts::renew_feed_links(conn, id)
    })
    .await?;
    Ok(see_other(
        &state,
        "/account",
        Some("New feed links are ready; the old ones no longer work."),
    ))
}
