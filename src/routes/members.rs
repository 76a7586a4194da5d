//! The team: list (everyone), add, edit, deactivate and delete (managers).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::auth::{CsrfForm, CsrfOnly, CurrentUser, Manager};
use crate::db;
use crate::domain::member::MemberFields;
use crate::error::AppError;
use crate::models::Member;
use crate::services::{members, IssuedSecret};
use crate::state::AppState;
use crate::views::{datetime, see_other, Page};

use crate::domain::paging::Pagination;
use crate::routes::forms::PageQuery;

pub const PER_PAGE: i64 = 50;

#[derive(Serialize)]
pub struct MemberRow {
    id: i32,
    name: String,
    email: String,
    department: String,
    role: String,
    active: bool,
    has_password: bool,
}

impl From<Member> for MemberRow {
    fn from(m: Member) -> Self {
        Self {
            has_password: m.has_password(),
            id: m.id,
            name: m.name,
            email: m.email,
            department: m.department,
            role: m.role,
            active: m.active,
        }
    }
}

#[derive(Serialize)]
pub struct ListView {
    members: Vec<MemberRow>,
    pagination: Pagination,
}

pub async fn list_members(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let requested = query.number();
    let (members, pagination) = db::run(&state.pool, move |conn| {
        let pagination = Pagination::new(requested, PER_PAGE, Member::count(conn)?);
        Ok((
            Member::list(conn, PER_PAGE, pagination.offset(PER_PAGE))?,
            pagination,
        ))
    })
    .await?;
    page.render(
        Some(&user),
        "members/list.html",
        &ListView {
            members: members.into_iter().map(MemberRow::from).collect(),
            pagination,
        },
    )
}

#[derive(Serialize)]
pub struct FormView<'a> {
    member_id: Option<i32>,
    form: &'a MemberFields,
    active: bool,
    has_password: bool,
    departments: Vec<String>,
    errors: BTreeMap<String, String>,
}

async fn render_form(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    status: StatusCode,
    member: Option<&Member>,
    form: &MemberFields,
    errors: BTreeMap<String, String>,
) -> Result<HttpResponse, AppError> {
    let departments = db::run(&state.pool, |conn| Ok(Member::departments(conn)?)).await?;
    let view = FormView {
        member_id: member.map(|m| m.id),
        form,
        active: member.is_none_or(|m| m.active),
        has_password: member.is_some_and(Member::has_password),
        departments,
        errors,
    };
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
    render_form(
        &state,
        &page,
        &user,
        StatusCode::OK,
        None,
        &form,
        BTreeMap::new(),
    )
    .await
}

#[derive(Serialize)]
pub struct CreatedView {
    name: String,
    email: String,
    link: String,
    expires: String,
}

fn created_view(page: &Page, member: &Member, link: &IssuedSecret) -> CreatedView {
    CreatedView {
        name: member.name.clone(),
        email: member.email.clone(),
        link: format!("{}/password/{}", page.base_url(), link.secret),
        expires: datetime(link.expires_at),
    }
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
        Ok((member, link)) => page.render(
            Some(&user),
            "members/created.html",
            &created_view(&page, &member, &link),
        ),
        Err(AppError::Validation(errors)) => {
            render_form(
                &state,
                &page,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                &form,
                errors.by_field(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn find_member(state: &AppState, id: i32) -> Result<Member, AppError> {
    db::run(&state.pool, move |conn| {
        Member::find(conn, id).map_err(|_| AppError::not_found("member"))
    })
    .await
}

fn fields_of(m: &Member) -> MemberFields {
    MemberFields {
        name: m.name.clone(),
        email: m.email.clone(),
        department: m.department.clone(),
        role: m.role.clone(),
    }
}

pub async fn edit_member_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let member = find_member(&state, *id).await?;
    render_form(
        &state,
        &page,
        &user,
        StatusCode::OK,
        Some(&member),
        &fields_of(&member),
        BTreeMap::new(),
    )
    .await
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
            render_form(
                &state,
                &page,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&member),
                &form,
                errors,
            )
            .await
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
    let (id, now) = (id.into_inner(), state.now());
    let (st, inviter) = (state.clone(), user.member.name.clone());
    let (member, link) = db::run(&state.pool, move |conn| {
        members::new_password_link(conn, &st.postbox(), &inviter, id, now)
    })
    .await?;
    page.render(
        Some(&user),
        "members/created.html",
        &created_view(&page, &member, &link),
    )
}

#[derive(Serialize)]
pub struct DeleteView {
    id: i32,
    name: String,
    has_history: bool,
}

pub async fn delete_member_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (member, has_history) = db::run(&state.pool, move |conn| {
        let member = Member::find(conn, id).map_err(|_| AppError::not_found("member"))?;
        Ok((member, Member::has_history(conn, id)?))
    })
    .await?;
    page.render(
        Some(&user),
        "members/delete.html",
        &DeleteView {
            id,
            name: member.name,
            has_history,
        },
    )
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

#[derive(Serialize)]
pub struct ShowView {
    member: MemberRow,
    learned: crate::services::history::Learned,
}

pub async fn show_member(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (member, learned) = db::run(&state.pool, move |conn| {
        let member = Member::find(conn, id).map_err(|_| AppError::not_found("member"))?;
        Ok((member, crate::services::history::learned(conn, id)?))
    })
    .await?;
    page.render(
        Some(&user),
        "members/show.html",
        &ShowView {
            member: member.into(),
            learned,
        },
    )
}
