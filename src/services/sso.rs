//! Signing in through the single sign-on provider: who the identity is here (the rules
//! are `domain::sso`), linking it, joining, and unlinking.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use super::accounts;
use crate::domain::member::{MemberDraft, MemberFields};
use crate::domain::sso::{self, Candidate, Decision, EmailClaim, Refusal};
use crate::error::AppError;
use crate::models::{Member, NewMember, SsoIdentity};
use crate::oidc::Identity;

/// A signed-in member and their new session's secret.
pub struct SignedIn {
    pub member: Member,
    pub session: String,
    /// Whether this sign-in linked the identity (the first one) or created the member.
    pub linked: bool,
    pub joined: bool,
}

/// Sign in as whoever `identity` is here, linking or creating the member as the rules
/// say, and start a session; or say why not.
pub fn sign_in(
    conn: &mut SqliteConnection,
    identity: &Identity,
    auto_join: bool,
    now: NaiveDateTime,
) -> Result<Result<SignedIn, Refusal>, AppError> {
    conn.immediate_transaction(|conn| {
        let linked = SsoIdentity::find_member(conn, &identity.issuer, &identity.subject)?;
        let by_subject = linked.as_ref().map(|(_, m)| Candidate {
            member_id: m.id,
            active: m.active,
            linked: true,
        });
        let email = identity.email.as_deref().map(|e| e.trim().to_lowercase());
        let by_email = match (&linked, &email) {
            (None, Some(email)) => match Member::find_by_email(conn, email)? {
                Some(m) => Some(Candidate {
                    member_id: m.id,
                    active: m.active,
                    linked: SsoIdentity::of_member(conn, m.id)?.is_some(),
                }),
                None => None,
            },
            _ => None,
        };
        let claim = EmailClaim {
            email: email.as_deref(),
            verified: identity.email_verified,
        };
        let (member, link, joined) = match sso::decide(by_subject, claim, by_email, auto_join) {
            Decision::Refuse(refusal) => return Ok(Err(refusal)),
            Decision::SignIn { member_id, link } => (Member::find(conn, member_id)?, link, false),
            Decision::Join => (
                join(conn, identity, email.as_deref().unwrap_or(""), now)?,
                true,
                true,
            ),
        };
        if link {
            SsoIdentity::link(
                conn,
                member.id,
                &identity.issuer,
                &identity.subject,
                email.as_deref().unwrap_or(""),
                now,
            )?;
        } else if let Some((known, _)) = &linked {
            SsoIdentity::touch(conn, known.id, now)?;
        }
        let session = accounts::start_session_with(conn, member.id, Some(&identity.id_token), now)?;
        Ok(Ok(SignedIn {
            member,
            session,
            linked: link,
            joined,
        }))
    })
}

/// A new member for someone the provider vouched for (auto-join), named as the provider
/// names them, or after their address when that name does not pass our rules.
fn join(
    conn: &mut SqliteConnection,
    identity: &Identity,
    email: &str,
    now: NaiveDateTime,
) -> Result<Member, AppError> {
    let fields = |name: &str| MemberFields {
        name: name.to_string(),
        email: email.to_string(),
        department: String::new(),
        role: "member".into(),
    };
    let given = identity.name.as_deref().unwrap_or("").trim();
    let draft = MemberDraft::parse(&fields(given), true).or_else(|_| {
        let local = email.split('@').next().unwrap_or(email);
        MemberDraft::parse(&fields(local), true)
    })?;
    Ok(Member::insert(
        conn,
        &NewMember::from_draft(&draft, None, now),
    )?)
}

/// A member and the identity they sign in with at the provider, if linked (the
/// unlink page).
pub fn member_identity(
    conn: &mut SqliteConnection,
    member_id: i32,
) -> Result<(Member, Option<SsoIdentity>), AppError> {
    let member = Member::find(conn, member_id).map_err(|_| AppError::not_found("member"))?;
    Ok((member, SsoIdentity::of_member(conn, member_id)?))
}

/// The identity a member signs in with at the provider, if linked.
pub fn identity_of(
    conn: &mut SqliteConnection,
    member_id: i32,
) -> Result<Option<SsoIdentity>, AppError> {
    Ok(SsoIdentity::of_member(conn, member_id)?)
}

/// Unlink a member's identity (a manager's action): their next sign-in through the
/// provider links again by verified email. Returns whether there was one.
pub fn unlink(conn: &mut SqliteConnection, member_id: i32) -> Result<bool, AppError> {
    Member::find(conn, member_id).map_err(|_| AppError::not_found("member"))?;
    Ok(SsoIdentity::unlink(conn, member_id)? > 0)
}
