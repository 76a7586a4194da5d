//! Team members as the rules see them: a name, an address, a department and a role.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::email::EmailAddress;
use super::validation::{text, FieldError, ValidationErrors};

/// What a person may do: managers run the team, members take part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Manager,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Manager => "manager",
            Self::Member => "member",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().as_str() {
            "manager" => Ok(Self::Manager),
            "member" | "" => Ok(Self::Member),
            other => Err(FieldError::new(
                "role",
                format!("Role {other:?} is not one of manager, member"),
            )),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub const NAME_MAX: usize = 100;
pub const DEPARTMENT_MAX: usize = 60;
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;

/// A member's editable fields, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberDraft {
    pub name: String,
    pub email: EmailAddress,
    pub department: String,
    pub role: Role,
    pub active: bool,
}

/// The same fields as people type them, before validation.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MemberFields {
    pub name: String,
    pub email: String,
    pub department: String,
    pub role: String,
}

impl MemberDraft {
    pub fn parse(fields: &MemberFields, active: bool) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.take(text("name", &fields.name, true, NAME_MAX));
        let email = errors.take(EmailAddress::parse(&fields.email));
        let department = errors.take(text(
            "department",
            &fields.department,
            false,
            DEPARTMENT_MAX,
        ));
        let role = errors.take(Role::parse(&fields.role));
        match (name, email, department, role) {
            (Some(name), Some(email), Some(department), Some(role)) if errors.is_empty() => {
                Ok(Self {
                    name,
                    email,
                    department,
                    role,
                    active,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The passwords attackers try first: the 10,000 most frequent in leaked password
/// sets, most frequent first (from zxcvbn's frequency lists, MIT licence).
const COMMON_PASSWORDS: &str = include_str!("../auth/common_passwords.txt");

fn common_passwords() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Whether `password` is on the common-password list, as it is or with digits and
/// symbols added at the end ("password12", "dragon2024!").
fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let base = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    let list = common_passwords();
    list.contains(lower.as_str()) || (base.chars().count() >= 4 && list.contains(base))
}

/// `text` lower-cased without white space, for comparing a password with a name.
fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Who a new password belongs to: it must not be their email or their name.
#[derive(Clone, Copy, Debug)]
pub struct PasswordOwner<'a> {
    pub email: &'a str,
    pub name: &'a str,
}

/// Check a new password and its confirmation by OWASP ASVS V2.1: at least
/// `PASSWORD_MIN` characters (any characters, spaces included), at most `PASSWORD_MAX`;
/// refused when it is one character repeated, a common password (or one with digits
/// added), or the owner's email, the part before its `@`, or their name.
pub fn check_new_password(
    password: &str,
    confirmation: &str,
    owner: PasswordOwner<'_>,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let length = password.chars().count();
    let squashed_pw = squashed(password);
    let email = owner.email.trim().to_lowercase();
    let local_part = email.split('@').next().unwrap_or("");
    let mut chars = password.chars();
    let first = chars.next();
    if length < PASSWORD_MIN {
        errors.add(
            "password",
            format!("Password must have at least {PASSWORD_MIN} characters"),
        );
    } else if length > PASSWORD_MAX {
        errors.add(
            "password",
            format!("Password must have at most {PASSWORD_MAX} characters"),
        );
    } else if first.is_some_and(|f| chars.all(|c| c == f)) {
        errors.add(
            "password",
            "Password is one character repeated; choose a password that is hard to guess",
        );
    } else if is_common(password) {
        errors.add(
            "password",
            "Password is on the list of the most common passwords (attackers try those first); choose another",
        );
    } else if squashed_pw == squashed(&email)
        || (!local_part.is_empty() && squashed_pw == squashed(local_part))
        || (!owner.name.trim().is_empty() && squashed_pw == squashed(owner.name))
    {
        errors.add(
            "password",
            "Password must not be your email address or your name",
        );
    } else if password != confirmation {
        errors.add(
            "password_confirmation",
            "The repeated password does not match the password",
        );
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANN: PasswordOwner<'static> = PasswordOwner {
        email: "ann.andersson@example.com",
        name: "Ann Andersson",
    };

    #[test]
    fn weak_passwords_are_refused_by_the_asvs_rules() {
        for (pw, why) in [
            ("password12", "common"),
            ("1234567890", "common"),
            ("qwertyuiop", "common"),
            ("Dragon2024!", "common"),
            ("          ", "repeated"),
            ("aaaaaaaaaaaa", "repeated"),
            ("ann.andersson@example.com", "email"),
            ("ANN.ANDERSSON", "email"),
            ("ann andersson", "your name"),
        ] {
            let err = check_new_password(pw, pw, ANN).unwrap_err();
            let message = &err.first().unwrap().message;
            let expected = match why {
                "common" => "most common passwords",
                "repeated" => "one character repeated",
                other => other,
            };
            assert!(message.contains(expected), "{pw:?}: {message}");
        }
        for good in [
            "correct horse battery",
            "Tr0ub4dor&3-staple",
            "ann loves kpis",
        ] {
            assert!(check_new_password(good, good, ANN).is_ok(), "{good:?}");
        }
    }

    fn fields(name: &str, email: &str, role: &str) -> MemberFields {
        MemberFields {
            name: name.into(),
            email: email.into(),
            department: " SEO ".into(),
            role: role.into(),
        }
    }

    #[test]
    fn a_valid_member_is_trimmed() {
        let d = MemberDraft::parse(&fields(" Ana ", "ana@example.com", "manager"), true).unwrap();
        assert_eq!(
            (d.name.as_str(), d.department.as_str(), d.role),
            ("Ana", "SEO", Role::Manager)
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = MemberDraft::parse(&fields("", "nope", "boss"), true).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "role"]);
    }

    #[test]
    fn passwords_need_length_and_a_matching_confirmation() {
        assert!(check_new_password("short", "short", ANN).is_err());
        assert_eq!(
            check_new_password("long enough pw", "different pw", ANN)
                .unwrap_err()
                .first()
                .unwrap()
                .field,
            "password_confirmation"
        );
        assert!(check_new_password("long enough pw", "long enough pw", ANN).is_ok());
    }
}
