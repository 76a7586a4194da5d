//! Managing the team: add, edit, deactivate, delete.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use super::{accounts, IssuedSecret};
use crate::auth::CurrentUser;
use crate::domain::member::{MemberDraft, MemberFields, Role};
use crate::domain::paging::Pagination;
use crate::error::AppError;
use crate::mail::{Email, Postbox};
use crate::models::{
    ApiToken, Assignment, Member, MemberChanges, NewMember, PasswordToken, Session,
};

fn email_taken(
    conn: &mut SqliteConnection,
    draft: &MemberDraft,
    except: Option<i32>,
) -> Result<(), AppError> {
    match Member::find_by_email(conn, draft.email.as_str())? {
        Some(other) if Some(other.id) != except => Err(AppError::validation(
            "email",
            format!("Email {} is already used by {}", draft.email, other.name),
        )),
        _ => Ok(()),
    }
}

/// One page of the team, in name order, and the links around it.
pub fn list_page(
    conn: &mut SqliteConnection,
    requested: i64,
    per_page: i64,
) -> Result<(Vec<Member>, Pagination), AppError> {
    let pagination = Pagination::new(requested, per_page, Member::count(conn)?);
    let members = Member::list(conn, per_page, pagination.offset(per_page))?;
    Ok((members, pagination))
}

/// A member, or a 404 naming them.
pub fn find(conn: &mut SqliteConnection, id: i32) -> Result<Member, AppError> {
    Member::find(conn, id).map_err(|_| AppError::not_found("member"))
}

/// The departments the team has (the form suggests them).
pub fn departments(conn: &mut SqliteConnection) -> Result<Vec<String>, AppError> {
    Ok(Member::departments(conn)?)
}

/// What deleting a member would take with it: the member and whether they have history.
pub fn deletion(conn: &mut SqliteConnection, id: i32) -> Result<(Member, bool), AppError> {
    let member = find(conn, id)?;
    let has_history = Member::has_history(conn, id)?;
    Ok((member, has_history))
}

/// A member's page: the member and what they learned presenting others' metrics.
pub fn profile(
    conn: &mut SqliteConnection,
    id: i32,
) -> Result<(Member, crate::services::history::Learned), AppError> {
    let member = find(conn, id)?;
    let learned = crate::services::history::learned(conn, id)?;
    Ok((member, learned))
}

/// Add a member and issue their "set your password" link.
pub fn create(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    inviter: &str,
    fields: &MemberFields,
    now: NaiveDateTime,
) -> Result<(Member, IssuedSecret), AppError> {
    create_in(conn, postbox, inviter, fields, None, now)
}

/// [`create`], reading the app (and the invitation) in `language`.
pub fn create_in(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    inviter: &str,
    fields: &MemberFields,
    language: Option<crate::i18n::Lang>,
    now: NaiveDateTime,
) -> Result<(Member, IssuedSecret), AppError> {
    let draft = MemberDraft::parse(fields, true)?;
    conn.immediate_transaction(|conn| {
        email_taken(conn, &draft, None)?;
        let member = Member::insert(conn, &NewMember::from_draft(&draft, None, now))?;
        let member = match language {
            Some(_) => Member::set_language(conn, member.id, language, now)?,
            None => member,
        };
        let link = accounts::issue_password_link(conn, member.id, now)?;
        mail_link(conn, postbox, inviter, &member, &link, now)?;
        Ok((member, link))
    })
}

#[derive(serde::Serialize)]
struct LinkMail<'a> {
    inviter: &'a str,
    email: &'a str,
    link: String,
    expires: String,
}

/// Email a password link: an invitation to someone new, a reset to someone with a password.
fn mail_link(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    inviter: &str,
    member: &Member,
    link: &IssuedSecret,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let kind = if member.has_password() {
        "password_reset"
    } else {
        "invitation"
    };
    let context = LinkMail {
        inviter,
        email: &member.email,
        link: format!("{}/password/{}", postbox.base_url, link.secret),
        expires: crate::i18n::format::utc_when(postbox.language_for(member), link.expires_at),
    };
    let key = format!(
        "{kind}:{}:{}",
        member.id,
        &crate::secrets::tokens::hash_secret(&link.secret)[..16]
    );
    postbox.queue(
        conn,
        Email {
            kind,
            key,
            to_email: &member.email,
            to_name: &member.name,
            context: &context,
            ics: None,
            lang: postbox.language_for(member),
        },
        now,
    )?;
    Ok(())
}

/// Change a member's fields (and, through the API, whether they are active).
pub fn update(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
    fields: &MemberFields,
    active: Option<bool>,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    conn.immediate_transaction(|conn| {
        let existing = Member::find(conn, id).map_err(|_| AppError::not_found("member"))?;
        let draft = MemberDraft::parse(fields, active.unwrap_or(existing.active))?;
        email_taken(conn, &draft, Some(id))?;
        guard_last_manager(conn, &existing, draft.role, draft.active)?;
        if actor.id() == id && !draft.active {
            return Err(AppError::conflict(
                Some("active"),
                "you cannot deactivate yourself",
            ));
        }
        let member = Member::update(conn, id, &MemberChanges::from_draft(&draft, now))?;
        if existing.active != member.active {
            access_changed(conn, &member)?;
        }
        Ok(member)
    })
}

/// Choose `id`'s language (`None`: the installation's). Anyone may choose their own; a
/// manager may choose anyone's.
pub fn set_language(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
    language: Option<crate::i18n::Lang>,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    if actor.id() != id {
        actor.require_manager()?;
    }
    Member::find(conn, id).map_err(|_| AppError::not_found("member"))?;
    Ok(Member::set_language(conn, id, language, now)?)
}

/// Deactivate or reactivate. Deactivated members keep their history, cannot sign in,
/// and are left out of future rotations.
pub fn set_active(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
    active: bool,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    conn.immediate_transaction(|conn| {
        let existing = Member::find(conn, id).map_err(|_| AppError::not_found("member"))?;
        if actor.id() == id && !active {
            return Err(AppError::conflict(
                Some("active"),
                "you cannot deactivate yourself",
            ));
        }
        guard_last_manager(conn, &existing, existing.role(), active)?;
        Member::set_active(conn, id, active, now)?;
        let member = Member::find(conn, id)?;
        if existing.active != active {
            access_changed(conn, &member)?;
        }
        Ok(member)
    })
}

/// The warning a presenter's open assignments carry while they are deactivated.
fn deactivated_warning(member: &Member) -> String {
    format!(
        "{} has been deactivated; choose another presenter for this metric",
        member.name
    )
}

/// After (de)activation. Deactivating ends every way in: sessions, API tokens, feed
/// links and unused password links (so re-activating starts clean: a new password link,
/// new tokens), and warns on the member's assignments in reviews not yet held.
/// Re-activating takes that warning back.
fn access_changed(conn: &mut SqliteConnection, member: &Member) -> Result<(), AppError> {
    let warning = deactivated_warning(member);
    if member.active {
        Assignment::rewarn_open_for_presenter(conn, member.id, Some(&warning), None)?;
    } else {
        Session::delete_for_member(conn, member.id, None)?;
        ApiToken::delete_for_member(conn, member.id)?;
        PasswordToken::delete_unused_for_member(conn, member.id)?;
        Member::renew_feed_nonce(conn, member.id)?;
        Assignment::rewarn_open_for_presenter(conn, member.id, None, Some(&warning))?;
    }
    Ok(())
}

/// Delete a member who has no history; one with history can only be deactivated.
pub fn delete(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    id: i32,
) -> Result<Member, AppError> {
    conn.immediate_transaction(|conn| {
        let existing = Member::find(conn, id).map_err(|_| AppError::not_found("member"))?;
        if actor.id() == id {
            return Err(AppError::conflict(None, "you cannot delete yourself"));
        }
        guard_last_manager(conn, &existing, Role::Member, false)?;
        if Member::has_history(conn, id)? {
            return Err(history_conflict(&existing));
        }
        Member::delete(conn, id).map_err(|e| match AppError::from(e) {
            AppError::Conflict { .. } => history_conflict(&existing),
            other => other,
        })?;
        Ok(existing)
    })
}

fn history_conflict(member: &Member) -> AppError {
    AppError::conflict(None, format!("{} has history (owns metrics or entered values) and cannot be deleted; deactivate them instead", member.name))
}

/// A team always keeps at least one active manager.
fn guard_last_manager(
    conn: &mut SqliteConnection,
    existing: &Member,
    new_role: Role,
    new_active: bool,
) -> Result<(), AppError> {
    let loses_manager =
        existing.is_manager() && existing.active && (new_role != Role::Manager || !new_active);
    if loses_manager && Member::count_active_managers(conn)? <= 1 {
        return Err(AppError::conflict(
            Some("role"),
            format!(
                "{} is the only active manager; make someone else a manager first",
                existing.name
            ),
        ));
    }
    Ok(())
}

/// A new "set your password" link for a member (also serves as a password reset).
pub fn new_password_link(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    inviter: &str,
    id: i32,
    now: NaiveDateTime,
) -> Result<(Member, IssuedSecret), AppError> {
    conn.immediate_transaction(|conn| {
        let member = Member::find(conn, id).map_err(|_| AppError::not_found("member"))?;
        if !member.active {
            return Err(AppError::conflict(
                None,
                format!("{} is deactivated; reactivate them first", member.name),
            ));
        }
        let link = accounts::issue_password_link(conn, id, now)?;
        mail_link(conn, postbox, inviter, &member, &link, now)?;
        Ok((member, link))
    })
}

/// Everyone on the team, in name order (the API answers the whole list).
pub fn all(conn: &mut SqliteConnection) -> Result<Vec<Member>, AppError> {
    Ok(Member::list(conn, i64::MAX, 0)?)
}
