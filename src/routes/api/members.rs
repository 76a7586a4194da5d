use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::{created, JsonBody};
use crate::auth::{CurrentUser, Manager};
use crate::db;
use crate::domain::member::MemberFields;
use crate::error::AppError;
use crate::models::Member;
use crate::services::members;
use crate::state::AppState;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MemberJson {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub department: String,
    pub role: String,
    pub active: bool,
    /// `"en"`, `"sv"`, `"da"`, `"id"`, or `None` for the installation's language.
    #[serde(default)]
    pub language: Option<String>,
}

impl From<Member> for MemberJson {
    fn from(m: Member) -> Self {
        Self {
            id: m.id,
            name: m.name,
            email: m.email,
            department: m.department,
            role: m.role,
            active: m.active,
            language: m.language,
        }
    }
}

pub async fn list_members(
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let members = db::read(&state.pool, members::all)?;
    Ok(HttpResponse::Ok().json(
        members
            .into_iter()
            .map(MemberJson::from)
            .collect::<Vec<_>>(),
    ))
}

pub async fn get_member(
    state: web::Data<AppState>,
    _user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let member = db::read(&state.pool, move |conn| members::find(conn, id))?;
    Ok(HttpResponse::Ok().json(MemberJson::from(member)))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct NewMemberJson {
    name: String,
    email: String,
    department: String,
    role: String,
    language: Option<String>,
}

#[derive(Serialize)]
pub struct CreatedMemberJson {
    #[serde(flatten)]
    member: MemberJson,
    /// The one-time link the new member uses to choose a password.
    set_password_url: String,
    set_password_expires_at: String,
}

pub async fn create_member(
    state: web::Data<AppState>,
    Manager(user): Manager,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let body: NewMemberJson = json.parse()?;
    let language = language_of(body.language.as_deref())?;
    let fields = MemberFields {
        name: body.name,
        email: body.email,
        department: body.department,
        role: body.role,
    };
    let now = state.now();
    let st = state.clone();
    let (member, link) = db::run(&state.pool, move |conn| {
        members::create_in(
            conn,
            &st.postbox(),
            &user.member.name,
            &fields,
            language,
            now,
        )
    })
    .await?;
    let body = CreatedMemberJson {
        set_password_url: format!("{}/password/{}", state.base_url, link.secret),
        set_password_expires_at: link.expires_at.and_utc().to_rfc3339(),
        member: member.into(),
    };
    Ok(created(
        format!("/api/v1/members/{}", body.member.id),
        &body,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MemberPatchJson {
    name: Option<String>,
    email: Option<String>,
    department: Option<String>,
    role: Option<String>,
    active: Option<bool>,
    /// Absent: unchanged; `null`: the installation's language; a code: that language.
    #[serde(deserialize_with = "present")]
    language: Option<Option<String>>,
}

/// A field that is there, even as `null` (absent stays `None` by `#[serde(default)]`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// A language code from a JSON body, refused by name when the app does not speak it.
fn language_of(code: Option<&str>) -> Result<Option<crate::i18n::Lang>, AppError> {
    Ok(code
        .map(|c| crate::i18n::Lang::parse("language", c))
        .transpose()?)
}

pub async fn update_member(
    state: web::Data<AppState>,
    Manager(user): Manager,
    id: web::Path<i32>,
    json: JsonBody,
) -> Result<HttpResponse, AppError> {
    let patch: MemberPatchJson = json.parse()?;
    let (id, now) = (id.into_inner(), state.now());
    let language = patch
        .language
        .as_ref()
        .map(|code| language_of(code.as_deref()))
        .transpose()?;
    let member = db::run(&state.pool, move |conn| {
        let existing = members::find(conn, id)?;
        let fields = MemberFields {
            name: patch.name.unwrap_or(existing.name),
            email: patch.email.unwrap_or(existing.email),
            department: patch.department.unwrap_or(existing.department),
            role: patch.role.unwrap_or(existing.role),
        };
        let member = members::update(conn, &user, id, &fields, patch.active, now)?;
        match language {
            Some(lang) => members::set_language(conn, &user, id, lang, now),
            None => Ok(member),
        }
    })
    .await?;
    Ok(HttpResponse::Ok().json(MemberJson::from(member)))
}

pub async fn delete_member(
    state: web::Data<AppState>,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    db::run(&state.pool, move |conn| members::delete(conn, &user, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
