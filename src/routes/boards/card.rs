//! One card: the form to share a success or a fail (new and edit), the card's page,
//! deleting it, and kudos.

use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, CsrfOnly, CurrentUser};
use crate::db;
use crate::domain::card::CardFields;
use crate::error::AppError;
use crate::routes::memo::read_page;
use crate::services::cards;
use crate::state::AppState;
use crate::views::boards::{self as views, FormState};
use crate::views::{see_other, Page};

async fn render_form(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    status: StatusCode,
    f: FormState<'_>,
    errors: BTreeMap<String, String>,
) -> Result<HttpResponse, AppError> {
    let me = user.id();
    let choices = db::read(&state.pool, move |conn| cards::form_choices(conn, me))?;
    let view = views::form_view(f, choices, errors);
    page.render_status(status, Some(user), "boards/form.html", &view)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewQuery {
    kind: String,
    month: String,
    metric_id: String,
    back: String,
}

pub async fn new_card_form(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let form = CardFields {
        kind: if q.kind == "fail" {
            "fail".into()
        } else {
            "success".into()
        },
        month: q.month,
        metric_id: q.metric_id,
        ..Default::default()
    };
    render_form(
        &state,
        &page,
        &user,
        StatusCode::OK,
        FormState {
            card_id: None,
            form: &form,
            coauthor_ids: Vec::new(),
            back: q.back,
        },
        Default::default(),
    )
    .await
}

fn coauthors_of(form: &HashMap<String, String>) -> Vec<i32> {
    crate::routes::forms::ticked_ids(form, "coauthor_")
}

fn fields_of(form: &HashMap<String, String>) -> CardFields {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    CardFields {
        kind: get("kind"),
        title: get("title"),
        body: get("body"),
        outcome: get("outcome"),
        lesson: get("lesson"),
        metric_id: get("metric_id"),
        month: get("month"),
        anonymous: get("anonymous"),
    }
}

fn local_back(back: &str) -> Option<String> {
    crate::views::local_path(back).map(str::to_owned)
}

pub async fn create_card(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let lang = state.language_of(&user.member);
    let (fields, coauthors) = (fields_of(&form), coauthors_of(&form));
    let back = form.get("back").cloned().unwrap_or_default();
    let (actor, now, f, c) = (user.clone(), state.now(), fields.clone(), coauthors.clone());
    match db::run(&state.pool, move |conn| {
        cards::create(conn, &actor, &f, &c, now)
    })
    .await
    {
        Ok(card) => Ok(see_other(
            &state,
            &local_back(&back).unwrap_or(format!("/cards/{}", card.id)),
            Some(&crate::i18n::t(lang, "flash-card-posted")),
        )),
        Err(AppError::Validation(errors)) => {
            render_form(
                &state,
                &page,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                FormState {
                    card_id: None,
                    form: &fields,
                    coauthor_ids: coauthors,
                    back,
                },
                errors.by_field(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn show_card(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let lang = page.lang(Some(&user));
    read_page(
        &state,
        &page,
        Some(&user),
        "boards/show.html",
        &id.to_string(),
        |conn| {
            let shown = cards::one(conn, id, &user)?;
            let card =
                views::card_view(&shown, &user, lang).ok_or_else(|| AppError::not_found("card"))?;
            Ok(views::ShowView { card })
        },
    )
}

pub async fn edit_card_form(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let actor = user.clone();
    let (card, coauthors) = db::read(&state.pool, move |conn| cards::editable(conn, &actor, id))?;
    let form = card.to_fields();
    render_form(
        &state,
        &page,
        &user,
        StatusCode::OK,
        FormState {
            card_id: Some(id),
            form: &form,
            coauthor_ids: coauthors,
            back: String::new(),
        },
        Default::default(),
    )
    .await
}

pub async fn update_card(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let lang = state.language_of(&user.member);
    let id = id.into_inner();
    let (fields, coauthors) = (fields_of(&form), coauthors_of(&form));
    let (actor, now, f, c) = (user.clone(), state.now(), fields.clone(), coauthors.clone());
    match db::run(&state.pool, move |conn| {
        cards::update(conn, &actor, id, &f, &c, now)
    })
    .await
    {
        Ok(card) => Ok(see_other(
            &state,
            &format!("/cards/{}", card.id),
            Some(&crate::i18n::t(lang, "flash-card-saved")),
        )),
        Err(AppError::Validation(errors)) => {
            render_form(
                &state,
                &page,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                FormState {
                    card_id: Some(id),
                    form: &fields,
                    coauthor_ids: coauthors,
                    back: String::new(),
                },
                errors.by_field(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn delete_card_form(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    user.require_manager()?;
    let (id, viewer) = (id.into_inner(), user.clone());
    let shown = db::read(&state.pool, move |conn| cards::one(conn, id, &viewer))?;
    let card = views::card_view(&shown, &user, page.lang(Some(&user)))
        .ok_or_else(|| AppError::not_found("card"))?;
    page.render(Some(&user), "boards/delete.html", &views::ShowView { card })
}

pub async fn delete_card(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let card = db::run(&state.pool, move |conn| cards::delete(conn, &user, id)).await?;
    Ok(see_other(
        &state,
        &format!("/boards/{}", card.kind),
        Some(&format!("\"{}\" is deleted.", card.title)),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct KudosForm {
    action: String,
    back: String,
}

pub async fn toggle_kudos(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<KudosForm>,
) -> Result<HttpResponse, AppError> {
    let (id, now, take_back) = (id.into_inner(), state.now(), form.action == "take_back");
    db::run(&state.pool, move |conn| {
        if take_back {
            cards::take_back_kudos(conn, &user, id)
        } else {
            cards::give_kudos(conn, &user, id, now)
        }
    })
    .await?;
    Ok(see_other(
        &state,
        &local_back(&form.back).unwrap_or(format!("/cards/{id}")),
        None,
    ))
}
