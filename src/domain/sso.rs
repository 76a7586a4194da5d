//! Who a single sign-on identity signs in as. The provider's subject (issuer + `sub`) is
//! the identity: once linked to a member it is used from then on, whatever email the
//! provider shows later. A verified email links a member only the first time, and only a
//! member who is not linked to another identity already, so a reused or changed address
//! at the provider cannot take over someone's account.

use std::fmt;

/// A member as these rules see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub member_id: i32,
    pub active: bool,
    /// Linked to some identity at the provider already.
    pub linked: bool,
}

/// What the provider said about the person's email.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmailClaim<'a> {
    pub email: Option<&'a str>,
    pub verified: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Sign in as this member; `link` when the identity is to be linked now.
    SignIn {
        member_id: i32,
        link: bool,
    },
    /// Create a member for this email and link the identity (auto-join).
    Join,
    Refuse(Refusal),
}

/// Why someone the provider vouched for may not sign in here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    NoEmail,
    EmailNotVerified,
    /// No member has this email, and auto-join is off.
    Unknown(String),
    Deactivated,
    /// The member with this email is linked to another identity at the provider.
    LinkedElsewhere(String),
}

impl Refusal {
    /// A short name for the log.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoEmail => "no_email",
            Self::EmailNotVerified => "email_not_verified",
            Self::Unknown(_) => "unknown_email",
            Self::Deactivated => "deactivated",
            Self::LinkedElsewhere(_) => "linked_elsewhere",
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoEmail => f.write_str(
                "The sign-in provider did not tell us your email address, so we can't tell who you are here. Ask your administrator to release the email claim to this app.",
            ),
            Self::EmailNotVerified => f.write_str(
                "The sign-in provider says your email address is not verified. Verify it there, then sign in again.",
            ),
            Self::Unknown(email) => write!(
                f,
                "Nobody with the email {email} is on this team yet. Ask a manager to add you, then sign in again."
            ),
            Self::Deactivated => f.write_str(
                "Your account on this team is deactivated. Ask a manager if you think that is a mistake.",
            ),
            Self::LinkedElsewhere(email) => write!(
                f,
                "The member with the email {email} signs in with another account at the provider. Ask a manager to unlink it if it should be this one."
            ),
        }
    }
}

/// Decide who signs in. `by_subject` is the member the identity is linked to, if any;
/// `by_email` the member with the claimed email, if any.
pub fn decide(
    by_subject: Option<Candidate>,
    claim: EmailClaim<'_>,
    by_email: Option<Candidate>,
    auto_join: bool,
) -> Decision {
    if let Some(member) = by_subject {
        return if member.active {
            Decision::SignIn {
                member_id: member.member_id,
                link: false,
            }
        } else {
            Decision::Refuse(Refusal::Deactivated)
        };
    }
    let Some(email) = claim.email.filter(|e| !e.trim().is_empty()) else {
        return Decision::Refuse(Refusal::NoEmail);
    };
    if !claim.verified {
        return Decision::Refuse(Refusal::EmailNotVerified);
    }
    match by_email {
        Some(member) if !member.active => Decision::Refuse(Refusal::Deactivated),
        Some(member) if member.linked => {
            Decision::Refuse(Refusal::LinkedElsewhere(email.to_string()))
        }
        Some(member) => Decision::SignIn {
            member_id: member.member_id,
            link: true,
        },
        None if auto_join => Decision::Join,
        None => Decision::Refuse(Refusal::Unknown(email.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIVE: Candidate = Candidate {
        member_id: 7,
        active: true,
        linked: false,
    };
    const VERIFIED: EmailClaim = EmailClaim {
        email: Some("ana@example.com"),
        verified: true,
    };

    #[test]
    fn a_linked_identity_signs_in_whatever_the_email_says_now() {
        let linked = Candidate {
            linked: true,
            ..ACTIVE
        };
        let unverified_new_address = EmailClaim {
            email: Some("someone.else@example.com"),
            verified: false,
        };
        assert_eq!(
            decide(Some(linked), unverified_new_address, None, false),
            Decision::SignIn {
                member_id: 7,
                link: false
            }
        );
    }

    #[test]
    fn a_verified_email_links_an_unlinked_member_once() {
        assert_eq!(
            decide(None, VERIFIED, Some(ACTIVE), false),
            Decision::SignIn {
                member_id: 7,
                link: true
            }
        );
        let linked = Candidate {
            linked: true,
            ..ACTIVE
        };
        assert_eq!(
            decide(None, VERIFIED, Some(linked), true),
            Decision::Refuse(Refusal::LinkedElsewhere("ana@example.com".into()))
        );
    }

    #[test]
    fn unverified_or_missing_emails_and_deactivated_members_are_refused() {
        let unverified = EmailClaim {
            verified: false,
            ..VERIFIED
        };
        assert_eq!(
            decide(None, unverified, Some(ACTIVE), true),
            Decision::Refuse(Refusal::EmailNotVerified)
        );
        let none = EmailClaim {
            email: None,
            verified: true,
        };
        assert_eq!(
            decide(None, none, None, true),
            Decision::Refuse(Refusal::NoEmail)
        );
        let inactive = Candidate {
            active: false,
            ..ACTIVE
        };
        assert_eq!(
            decide(None, VERIFIED, Some(inactive), true),
            Decision::Refuse(Refusal::Deactivated)
        );
        assert_eq!(
            decide(Some(inactive), VERIFIED, None, true),
            Decision::Refuse(Refusal::Deactivated)
        );
    }

    #[test]
    fn an_unknown_email_joins_only_with_auto_join() {
        assert_eq!(decide(None, VERIFIED, None, true), Decision::Join);
        assert_eq!(
            decide(None, VERIFIED, None, false),
            Decision::Refuse(Refusal::Unknown("ana@example.com".into()))
        );
    }
}
