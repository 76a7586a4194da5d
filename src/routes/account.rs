//! The account page: change password, personal API tokens.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{AuthMethod, CsrfForm, CsrfOnly, CurrentUser};
use crate::db;
use crate::domain::ids::{MemberId, TokenId};
use crate::error::AppError;
use crate::services::accounts;
use crate::state::AppState;
use crate::views::account::{self as views, AccountView};
use crate::views::{see_other, Page};

async fn account_view(state: &AppState, user: &CurrentUser) -> Result<AccountView, AppError> {
    let id = user.id();
    let feeds = super::boards::feed::feed_urls(state, &user.member);
    let (tokens, identity) = db::read(&state.pool, |conn| {
        Ok((
            accounts::tokens_of(conn, id)?,
            crate::services::sso::identity_of(conn, id)?,
        ))
    })?;
    let mut view = views::account_view(&user.member, tokens, feeds, state.language);
    view.identity = identity.map(Into::into);
    Ok(view)
}

/// The account page again, 422, with the refused form's messages.
async fn refused(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    errors: crate::domain::validation::ValidationErrors,
) -> Result<HttpResponse, AppError> {
    let mut view = account_view(state, user).await?;
    view.errors = errors.by_field();
    page.render_refused(Some(user), "account/index.html", &view)
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
    crate::routes::auth::password_login_on(&state)?;
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
            Some(&crate::i18n::t(
                state.language_of(&user.member),
                if revoke {
                    "flash-password-changed-tokens"
                } else {
                    "flash-password-changed"
                },
            )),
        )),
        Err(AppError::Validation(errors)) => refused(&state, &page, &user, errors).await,
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LanguageForm {
    /// A language code, or empty for the installation's language.
    language: String,
}

/// Choose the language you read the app and your mail in.
pub async fn set_language(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<LanguageForm>,
) -> Result<HttpResponse, AppError> {
    let chosen = match form.language.trim() {
        "" => None,
        code => match crate::i18n::Lang::parse("language", code) {
            Ok(lang) => Some(lang),
            Err(e) => return refused(&state, &page, &user, e.into()).await,
        },
    };
    let (id, now) = (user.id(), state.now());
    let actor = user.clone();
    db::run(&state.pool, move |conn| {
        crate::services::members::set_language(conn, &actor, id, chosen, now)
    })
    .await?;
    let lang = chosen.unwrap_or(state.language);
    Ok(see_other(
        &state,
        "/account",
        Some(&crate::i18n::t(lang, "account-language-saved")),
    ))
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
            let mut view = account_view(&state, &user).await?;
            view.new_token = Some(secret);
            page.render(Some(&user), "account/index.html", &view)
        }
        Err(AppError::Validation(errors)) => refused(&state, &page, &user, errors).await,
        Err(e) => Err(e),
    }
}

pub async fn revoke_token(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let lang = state.language_of(&user.member);
    let (member_id, token_id) = (MemberId(user.id()), TokenId(path.into_inner()));
    db::run(&state.pool, move |conn| {
        accounts::revoke_api_token(conn, member_id, token_id)
    })
    .await?;
    Ok(see_other(
        &state,
        "/account",
        Some(&crate::i18n::t(lang, "flash-token-revoked")),
    ))
}

#[derive(serde::Deserialize)]
pub struct NoFields {}

/// New personal feed links (the old ones stop working).
pub async fn reset_feeds(
    state: web::Data<AppState>,
    user: CurrentUser,
    _: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    let lang = state.language_of(&user.member);
    let id = user.id();
    db::run(&state.pool, move |conn| {
        accounts::renew_feed_links(conn, id)
    })
    .await?;
    Ok(see_other(
        &state,
        "/account",
        Some(&crate::i18n::t(lang, "flash-feeds-renewed")),
    ))
}
