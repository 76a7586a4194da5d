//! The team's pages: the list, the add and edit form, the invitation link, a member's
//! page with what they learned. Pure: built from what `services::members` loads.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::member::MemberFields;
use crate::domain::paging::Pagination;
use crate::models::{Member, SsoIdentity};
use crate::services::history::Learned;
use crate::services::IssuedSecret;
use crate::views::{datetime, DeleteView};

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

pub fn list_view(members: Vec<Member>, pagination: Pagination) -> ListView {
    ListView {
        members: members.into_iter().map(MemberRow::from).collect(),
        pagination,
    }
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

/// The add form (no `member`) or the edit form, with the fields as typed and what was
/// refused.
pub fn form_view<'a>(
    member: Option<&Member>,
    form: &'a MemberFields,
    departments: Vec<String>,
    errors: BTreeMap<String, String>,
) -> FormView<'a> {
    FormView {
        member_id: member.map(|m| m.id),
        form,
        active: member.is_none_or(|m| m.active),
        has_password: member.is_some_and(Member::has_password),
        departments,
        errors,
    }
}

#[derive(Serialize)]
pub struct CreatedView {
    name: String,
    email: String,
    link: String,
    expires: String,
}

/// The one-time link to set a password, shown once to the manager who made it.
pub fn created_view(base_url: &str, member: &Member, link: &IssuedSecret) -> CreatedView {
    CreatedView {
        name: member.name.clone(),
        email: member.email.clone(),
        link: format!("{base_url}/password/{}", link.secret),
        expires: datetime(link.expires_at),
    }
}

pub fn delete_view(member: Member, has_history: bool) -> DeleteView {
    DeleteView::new(member.id, member.name, has_history)
}

#[derive(Serialize)]
pub struct ShowView {
    member: MemberRow,
    learned: Learned,
    identity: Option<IdentityView>,
}

pub fn show_view(member: Member, learned: Learned, identity: Option<SsoIdentity>) -> ShowView {
    ShowView {
        member: member.into(),
        learned,
        identity: identity.map(IdentityView::from),
    }
}

/// The identity a member signs in with at the single sign-on provider.
#[derive(Serialize)]
pub struct IdentityView {
    issuer: String,
    subject: String,
    email: String,
    linked_at: String,
    last_used_at: String,
}

impl From<SsoIdentity> for IdentityView {
    fn from(identity: SsoIdentity) -> Self {
        Self {
            issuer: identity.issuer,
            subject: identity.subject,
            email: identity.email,
            linked_at: datetime(identity.linked_at),
            last_used_at: datetime(identity.last_used_at),
        }
    }
}
