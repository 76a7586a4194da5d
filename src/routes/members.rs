//! The team: list (everyone), add, edit, deactivate and delete (managers).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use crate::auth::{CsrfForm, CsrfOnly, CurrentUser, Manager};
use crate::db;
use crate::domain::member::MemberFields;
use crate::error::AppError;
use crate::models::Member;
use crate::routes::forms::PageQuery;
use crate::routes::memo::read_page;
use crate::services::members;
use crate::state::AppState;
use crate::views::members as views;
use crate::views::{see_other, Page};

pub const PER_PAGE: i64 = 50;

pub async fn list_members(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let requested = query.number();
    let (members, pagination) = db::read(&state.pool, move |conn| {
        members::list_page(conn, requested, PER_PAGE)
    })?;
    let view = views::list_view(members, pagination);
    page.render(Some(&user), "members/list.html", &view)
}

/// The add or edit form, with what the last attempt had refused.
async fn render_form(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    status: StatusCode,
    member: Option<&Member>,
    form: &MemberFields,
    errors: BTreeMap<String, String>,
) -> Result<HttpResponse, AppError> {
    let departments = db::read(&state.pool, members::departments)?;
    let view = views::form_view(member, form, departments, errors);
    page.render_status(status, Some(user), "members/form.html", &view)
}

pub async fn new_member_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
) -> Result<HttpResponse, AppError> {
    let form = MemberFields {
        role: "member".into(),
        ..Default::default()
    };
    let (status, errors) = (StatusCode::OK, BTreeMap::new());
    render_form(&state, &page, &user, status, None, &form, errors).await
}

pub async fn create_member(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<MemberFields>,
) -> Result<HttpResponse, AppError> {
    let (fields, st, inviter) = (form.clone(), state.clone(), user.member.name.clone());
    let now = state.now();
    match db::run(&state.pool, move |conn| {
        members::create(conn, &st.postbox(), &inviter, &fields, now)
    })
    .await
    {
        Ok((member, link)) => {
            let view = views::created_view(page.base_url(), &member, &link);
            page.render(Some(&user), "members/created.html", &view)
        }
        Err(AppError::Validation(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_form(&state, &page, &user, status, None, &form, errors.by_field()).await
        }
        Err(e) => Err(e),
    }
}

async fn find_member(state: &AppState, id: i32) -> Result<Member, AppError> {
    db::read(&state.pool, move |conn| members::find(conn, id))
}

pub async fn edit_member_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let member = find_member(&state, *id).await?;
    let (status, errors) = (StatusCode::OK, BTreeMap::new());
    let form = member.to_fields();
    render_form(&state, &page, &user, status, Some(&member), &form, errors).await
}

pub async fn update_member(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<MemberFields>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (actor, fields, now) = (user.clone(), form.clone(), state.now());
    match db::run(&state.pool, move |conn| {
        members::update(conn, &actor, id, &fields, None, now)
    })
    .await
    {
        Ok(member) => Ok(see_other(
            &state,
            "/members",
            Some(&format!("{} is saved.", member.name)),
        )),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let member = find_member(&state, id).await?;
            let errors = match e {
                AppError::Validation(errors) => errors.by_field(),
                other => BTreeMap::from([(
                    other.field().unwrap_or("role").to_string(),
                    other.public_message(),
                )]),
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_form(&state, &page, &user, status, Some(&member), &form, errors).await
        }
        Err(e) => Err(e),
    }
}

pub async fn deactivate_member(
    state: web::Data<AppState>,
    Manager(user): Manager,
    id: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    set_active(state, user, id.into_inner(), false).await
}

pub async fn activate_member(
    state: web::Data<AppState>,
    Manager(user): Manager,
    id: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    set_active(state, user, id.into_inner(), true).await
}

async fn set_active(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: i32,
    active: bool,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let member = db::run(&state.pool, move |conn| {
        members::set_active(conn, &user, id, active, now)
    })
    .await?;
    let message = if active {
        format!("{} is active again.", member.name)
    } else {
        format!("{} is deactivated; their history is kept.", member.name)
    };
    Ok(see_other(&state, "/members", Some(&message)))
}

pub async fn new_password_link(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    crate::routes::auth::password_login_on(&state)?;
    let (id, now) = (id.into_inner(), state.now());
    let (st, inviter) = (state.clone(), user.member.name.clone());
    let (member, link) = db::run(&state.pool, move |conn| {
        members::new_password_link(conn, &st.postbox(), &inviter, id, now)
    })
    .await?;
    let view = views::created_view(page.base_url(), &member, &link);
    page.render(Some(&user), "members/created.html", &view)
}

pub async fn delete_member_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (member, has_history) = db::read(&state.pool, move |conn| members::deletion(conn, id))?;
    let view = views::delete_view(member, has_history);
    page.render(Some(&user), "members/delete.html", &view)
}

pub async fn delete_member(
    state: web::Data<AppState>,
    Manager(user): Manager,
    id: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let member = db::run(&state.pool, move |conn| members::delete(conn, &user, id)).await?;
    Ok(see_other(
        &state,
        "/members",
        Some(&format!("{} is deleted.", member.name)),
    ))
}

pub async fn show_member(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    read_page(
        &state,
        &page,
        Some(&user),
        "members/show.html",
        &id.to_string(),
        |conn| {
            let (member, learned) = members::profile(conn, id)?;
            let identity = crate::services::sso::identity_of(conn, id)?;
            Ok(views::show_view(member, learned, identity))
        },
    )
}
