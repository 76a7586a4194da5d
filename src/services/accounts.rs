//! Signing in and out, first-run set-up, passwords and API tokens.

use chrono::{Duration, NaiveDateTime};
use diesel::SqliteConnection;

use super::IssuedSecret;
use crate::auth::password;
use crate::domain::member::{check_new_password, MemberDraft, MemberFields, PasswordOwner, Role};
use crate::domain::throttle;
use crate::domain::validation::{text, ValidationErrors};
use crate::error::AppError;
use crate::models::{ApiToken, LoginFailure, Member, NewMember, PasswordToken, Session};
use crate::secrets::tokens;

/// How long a browser session lasts.
pub const SESSION_DAYS: i64 = 14;
/// How long a "set your password" link works.
pub const PASSWORD_LINK_DAYS: i64 = 7;
/// Count one password check for (account, address) before it is made, in one write
/// transaction, so parallel tries cannot slip past the throttle (the rules are in
/// `domain::throttle`). A correct password then calls [`password_was_right`].
fn count_try(
    conn: &mut SqliteConnection,
    email: &str,
    ip: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    conn.immediate_transaction(|conn| {
        let since = now - Duration::minutes(throttle::WINDOW_MINUTES);
        LoginFailure::delete_older_than(conn, since)?;
        let failures = LoginFailure::window(conn, email, ip, since)?;
        if let Err(wait) = throttle::check(failures, now) {
            return Err(AppError::TooManyRequests {
                message: format!(
                    "Too many wrong passwords from this address; try again in {}, or ask a manager for a new password link",
                    throttle::wait_text(wait)
                ),
                retry_after: wait.num_seconds().max(1),
            });
        }
        LoginFailure::record(conn, email, ip, now)?;
        Ok(())
    })
}

fn password_was_right(conn: &mut SqliteConnection, email: &str, ip: &str) -> Result<(), AppError> {
    LoginFailure::clear_pair(conn, email, ip)?;
    Ok(())
}

/// Check an email and password, throttled per (account, address) and per address.
pub fn login(
    conn: &mut SqliteConnection,
    email: &str,
    pw: &str,
    ip: &str,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    let email = email.trim().to_lowercase();
    count_try(conn, &email, ip, now)?;
    let member = Member::find_by_email(conn, &email)?;
    let ok = match &member {
        Some(m) if m.active => m
            .password_hash
            .as_deref()
            .is_some_and(|h| password::verify(h, pw)),
        _ => {
            password::verify_dummy(pw);
            false
        }
    };
    match member {
        Some(member) if ok => {
            password_was_right(conn, &email, ip)?;
            rehash_if_due(conn, &member, pw, now)?;
            Ok(member)
        }
        _ => {
            // The try was counted as a failure before the check.
            Err(AppError::validation(
                "password",
                "the email or the password is wrong",
            ))
        }
    }
}

/// A password hashed with older parameters is hashed again with today's, now that it is
/// known to be right (the hash it had keeps working until then).
fn rehash_if_due(
    conn: &mut SqliteConnection,
    member: &Member,
    pw: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    if member
        .password_hash
        .as_deref()
        .is_some_and(password::needs_rehash)
    {
        let fresh = password::hash(pw).map_err(AppError::Internal)?;
        Member::set_password_hash(conn, member.id, &fresh, now)?;
    }
    Ok(())
}

/// Start a session; returns the secret for the cookie (only its hash is stored).
pub fn start_session(
    conn: &mut SqliteConnection,
    member_id: i32,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    start_session_with(conn, member_id, None, now)
}

/// Start a session, keeping the ID token when it began at the single sign-on provider.
pub fn start_session_with(
    conn: &mut SqliteConnection,
    member_id: i32,
    sso_id_token: Option<&str>,
    now: NaiveDateTime,
) -> Result<String, AppError> {
    let secret = tokens::new_secret("");
    Session::delete_expired(conn, now)?;
    Session::insert(
        conn,
        &tokens::hash_secret(&secret),
        member_id,
        now,
        now + Duration::days(SESSION_DAYS),
        sso_id_token,
    )?;
    Ok(secret)
}

/// End a session. Returns the ID token it began with at the single sign-on provider, if
/// any, so that signing out can end the provider's session too.
pub fn end_session(
    conn: &mut SqliteConnection,
    token_hash: &str,
) -> Result<Option<String>, AppError> {
    let id_token = Session::sso_id_token(conn, token_hash)?;
    Session::delete(conn, token_hash)?;
    Ok(id_token)
}

/// Create the first manager. Refused (as "not found") once any manager exists, so the
/// set-up page cannot be replayed.
pub fn set_up_first_manager(
    conn: &mut SqliteConnection,
    fields: &MemberFields,
    pw: &str,
    confirmation: &str,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    let fields = MemberFields {
        role: "manager".into(),
        ..fields.clone()
    };
    let (draft, hash) = checked_member_with_password(&fields, pw, confirmation)?;
    conn.immediate_transaction(|conn| {
        if Member::any_manager(conn)? {
            return Err(AppError::NotFound(
                "set-up is done: a manager already exists".into(),
            ));
        }
        if Member::find_by_email(conn, draft.email.as_str())?.is_some() {
            return Err(AppError::validation(
                "email",
                format!("Email {} is already used by another member", draft.email),
            ));
        }
        Ok(Member::insert(
            conn,
            &NewMember::from_draft(&draft, Some(&hash), now),
        )?)
    })
}

/// Create a manager from the shell (`create-manager`), or give an existing member the
/// manager role and a password.
pub fn create_manager(
    conn: &mut SqliteConnection,
    name: &str,
    email: &str,
    pw: &str,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    let fields = MemberFields {
        name: name.into(),
        email: email.into(),
        department: String::new(),
        role: Role::Manager.as_str().into(),
    };
    let (draft, hash) = checked_member_with_password(&fields, pw, pw)?;
    conn.immediate_transaction(|conn| {
        if let Some(existing) = Member::find_by_email(conn, draft.email.as_str())? {
            let changes = crate::models::MemberChanges::from_draft(&draft, now);
            Member::update(conn, existing.id, &changes)?;
            Member::set_password_hash(conn, existing.id, &hash, now)?;
            return Ok(Member::find(conn, existing.id)?);
        }
        Ok(Member::insert(
            conn,
            &NewMember::from_draft(&draft, Some(&hash), now),
        )?)
    })
}

fn checked_member_with_password(
    fields: &MemberFields,
    pw: &str,
    confirmation: &str,
) -> Result<(MemberDraft, String), AppError> {
    let draft = MemberDraft::parse(fields, true);
    let owner = PasswordOwner {
        email: &fields.email,
        name: &fields.name,
    };
    let password_check = check_new_password(pw, confirmation, owner);
    let draft = match (draft, password_check) {
        (Ok(d), Ok(())) => d,
        (d, p) => {
            let mut errors = ValidationErrors::new();
            for e in d
                .err()
                .iter()
                .flat_map(|e| e.iter())
                .chain(p.err().iter().flat_map(|e| e.iter()))
            {
                errors.add(&e.field, e.message.clone());
            }
            return Err(errors.into());
        }
    };
    let hash = password::hash(pw).map_err(AppError::Internal)?;
    Ok((draft, hash))
}

/// Issue a fresh "set your password" link, cancelling older unused ones.
pub fn issue_password_link(
    conn: &mut SqliteConnection,
    member_id: i32,
    now: NaiveDateTime,
) -> Result<IssuedSecret, AppError> {
    let secret = tokens::new_secret("");
    let expires_at = now + Duration::days(PASSWORD_LINK_DAYS);
    PasswordToken::replace(
        conn,
        member_id,
        &tokens::hash_secret(&secret),
        now,
        expires_at,
    )?;
    Ok(IssuedSecret { secret, expires_at })
}

/// The member a password link belongs to, if the link still works.
pub fn check_password_link(
    conn: &mut SqliteConnection,
    secret: &str,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    PasswordToken::find_valid(conn, &tokens::hash_secret(secret), now)?
        .map(|(_, member)| member)
        .ok_or_else(|| {
            AppError::NotFound(
                "this password link is unknown, used or expired; ask a manager for a new one"
                    .into(),
            )
        })
}

/// Use a password link: set the password, spend the link, end other sessions.
pub fn set_password_with_link(
    conn: &mut SqliteConnection,
    secret: &str,
    pw: &str,
    confirmation: &str,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    let holder = check_password_link(conn, secret, now)?;
    check_new_password(
        pw,
        confirmation,
        PasswordOwner {
            email: &holder.email,
            name: &holder.name,
        },
    )?;
    let hash = password::hash(pw).map_err(AppError::Internal)?;
    conn.immediate_transaction(|conn| {
        let (link, member) = PasswordToken::find_valid(conn, &tokens::hash_secret(secret), now)?
            .ok_or_else(|| {
                AppError::NotFound(
                    "this password link is unknown, used or expired; ask a manager for a new one"
                        .into(),
                )
            })?;
        PasswordToken::mark_used(conn, link.id, now)?;
        Member::set_password_hash(conn, member.id, &hash, now)?;
        Session::delete_for_member(conn, member.id, None)?;
        Ok(member)
    })
}

/// What a person types to change their password.
pub struct PasswordChange<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub confirmation: &'a str,
    /// Also revoke every personal API token.
    pub revoke_tokens: bool,
}

/// Change one's own password; other sessions end, the current one stays. The check of
/// the current password is throttled like a sign-in (from `ip`).
pub fn change_password(
    conn: &mut SqliteConnection,
    member: &Member,
    change: &PasswordChange<'_>,
    keep_session: Option<&str>,
    ip: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    count_try(conn, &member.email, ip, now)?;
    if !member
        .password_hash
        .as_deref()
        .is_some_and(|h| password::verify(h, change.current))
    {
        return Err(AppError::validation(
            "current_password",
            "The current password is not right",
        ));
    }
    password_was_right(conn, &member.email, ip)?;
    check_new_password(
        change.new,
        change.confirmation,
        PasswordOwner {
            email: &member.email,
            name: &member.name,
        },
    )?;
    let hash = password::hash(change.new).map_err(AppError::Internal)?;
    conn.immediate_transaction(|conn| {
        Member::set_password_hash(conn, member.id, &hash, now)?;
        Session::delete_for_member(conn, member.id, keep_session)?;
        if change.revoke_tokens {
            ApiToken::delete_for_member(conn, member.id)?;
        }
        Ok(())
    })
}

/// Create a personal API token; the plain token is returned once and never stored.
pub fn create_api_token(
    conn: &mut SqliteConnection,
    member_id: i32,
    name: &str,
    now: NaiveDateTime,
) -> Result<(ApiToken, String), AppError> {
    let name = text("name", name, false, 60)?;
    let name = if name.is_empty() {
        format!("token {}", now.format("%Y-%m-%d %H:%M"))
    } else {
        name
    };
    let secret = tokens::new_secret(tokens::API_TOKEN_PREFIX);
    let token = ApiToken::insert(conn, member_id, &name, &tokens::hash_secret(&secret), now)?;
    Ok((token, secret))
}

pub fn revoke_api_token(
    conn: &mut SqliteConnection,
    crate::domain::ids::MemberId(member_id): crate::domain::ids::MemberId,
    crate::domain::ids::TokenId(token_id): crate::domain::ids::TokenId,
) -> Result<(), AppError> {
    match ApiToken::delete(conn, token_id, member_id)? {
        0 => Err(AppError::not_found("token")),
        _ => Ok(()),
    }
}

/// Whether anyone can sign in yet (else the first visit goes to set-up).
pub fn has_manager(conn: &mut SqliteConnection) -> Result<bool, AppError> {
    Ok(Member::any_manager(conn)?)
}

/// A member's API tokens, for the account page.
pub fn tokens_of(
    conn: &mut SqliteConnection,
    member_id: i32,
) -> Result<Vec<crate::models::ApiToken>, AppError> {
    Ok(crate::models::ApiToken::list_for_member(conn, member_id)?)
}

/// New personal feed links for a member: the old ones stop working.
pub fn renew_feed_links(conn: &mut SqliteConnection, member_id: i32) -> Result<(), AppError> {
    Member::renew_feed_nonce(conn, member_id)?;
    Ok(())
}
