//! The presentation page (`/assignments/{id}/presentation`) and its JSON API.

use std::collections::{BTreeMap, HashMap};

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, CurrentUser, MaybeUser};
use crate::db;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::routes::memo::read_page;
use crate::services::presentations::{self, Viewer};
use crate::state::AppState;
use crate::views::presentations as views;
use crate::views::{see_other, Page};

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    token: Option<String>,
}

/// The viewer: the email link's holder when a token is given, else the signed-in member.
fn viewer_of(token: Option<&str>, user: Option<CurrentUser>) -> Result<Viewer, AppError> {
    match (token.map(str::trim).filter(|t| !t.is_empty()), user) {
        (Some(t), _) => Ok(Viewer::Link(t.to_string())),
        (None, Some(u)) => Ok(Viewer::Member(u)),
        (None, None) => Err(AppError::Unauthenticated),
    }
}

pub async fn show_presentation(
    state: web::Data<AppState>,
    page: Page,
    user: MaybeUser,
    id: web::Path<i32>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let token = query.token.clone();
    let viewer = viewer_of(token.as_deref(), user.0.clone())?;
    let (now, lang) = (state.now(), page.lang(user.0.as_ref()));
    let key = format!("{id} {}", token.as_deref().unwrap_or(""));
    read_page(
        &state,
        &page,
        user.0.as_ref(),
        "presentations/show.html",
        &key,
        |conn| {
            let loaded = presentations::load(conn, &state.links, &viewer, id)?;
            Ok(views::presentation_view(
                &presentations::page_data(conn, loaded)?,
                token,
                None,
                BTreeMap::new(),
                (now, lang),
            ))
        },
    )
}

/// The form's answers: fields named `answer_<key>`.
fn answers_of(form: &HashMap<String, String>) -> BTreeMap<String, String> {
    form.iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("answer_")
                .map(|key| (key.to_string(), v.clone()))
        })
        .collect()
}

pub async fn save_presentation(
    state: web::Data<AppState>,
    page: Page,
    user: MaybeUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let token = form.get("token").cloned().filter(|t| !t.is_empty());
    let viewer = viewer_of(token.as_deref(), user.0.clone())?;
    let submit = form.get("action").is_some_and(|a| a == "submit");
    let raw_value = form.get("value").cloned().unwrap_or_default();
    let answers = answers_of(&form);
    let (st, now) = (state.clone(), state.now());
    let (v, a, t) = (raw_value.clone(), answers.clone(), token.clone());
    let lang = page.lang(user.0.as_ref());
    let result = db::run(&state.pool, move |conn| {
        let format = presentations::presenter_number_format(conn, id)?;
        let value = format.read_optional(
            "value",
            &crate::i18n::t(lang, "presentation-value-label"),
            &v,
        )?;
        presentations::save(
            conn,
            &st.postbox(),
            &viewer,
            id,
            &presentations::Work {
                value,
                answers: &a,
                submit,
            },
            now,
        )?;
        Ok(())
    })
    .await;
    let back = match &t {
        Some(token) => format!("/assignments/{id}/presentation?token={token}"),
        None => format!("/assignments/{id}/presentation"),
    };
    match result {
        Ok(()) => Ok(see_other(
            &state,
            &back,
            Some(&crate::i18n::t(
                lang,
                if submit {
                    "presentation-submitted-flash"
                } else {
                    "presentation-saved-flash"
                },
            )),
        )),
        Err(AppError::Validation(errors)) => {
            let (st, now) = (state.clone(), state.now());
            let viewer = viewer_of(token.as_deref(), user.0.clone())?;
            let view = db::run(&state.pool, move |conn| {
                let loaded = presentations::load(conn, &st.links, &viewer, id)?;
                Ok(views::presentation_view(
                    &presentations::page_data(conn, loaded)?,
                    token,
                    Some((&raw_value, &answers)),
                    errors.by_field(),
                    (now, lang),
                ))
            })
            .await?;
            page.render_refused(user.0.as_ref(), "presentations/show.html", &view)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BriefForm {
    brief: String,
}

pub async fn save_brief(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<BriefForm>,
) -> Result<HttpResponse, AppError> {
    let lang = state.language_of(&user.member);
    let (id, now) = (id.into_inner(), state.now());
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        presentations::owner::set_brief(conn, &st.postbox(), &user, id, &form.brief, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/assignments/{id}/presentation"),
        Some(&crate::i18n::t(lang, "flash-brief-saved")),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FactCheckForm {
    checked: String,
    correction: String,
}

pub async fn save_fact_check(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<FactCheckForm>,
) -> Result<HttpResponse, AppError> {
    let lang = state.language_of(&user.member);
    let (id, now) = (id.into_inner(), state.now());
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        presentations::owner::fact_check(
            conn,
            &st.postbox(),
            &user,
            id,
            flag(&form.checked),
            &form.correction,
            now,
        )
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/assignments/{id}/presentation"),
        Some(&crate::i18n::t(lang, "flash-check-saved")),
    ))
}
