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
                format!("role {other:?} is not one of manager, member"),
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

/// Check a new password and its confirmation.
pub fn check_new_password(password: &str, confirmation: &str) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        errors.add(
            "password",
            format!("password must have at least {PASSWORD_MIN} characters"),
        );
    } else if length > PASSWORD_MAX {
        errors.add(
            "password",
            format!("password must have at most {PASSWORD_MAX} characters"),
        );
    } else if password != confirmation {
        errors.add(
            "password_confirmation",
            "password_confirmation does not match the password",
        );
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(check_new_password("short", "short").is_err());
        assert_eq!(
            check_new_password("long enough pw", "different pw")
                .unwrap_err()
                .first()
                .unwrap()
                .field,
            "password_confirmation"
        );
        assert!(check_new_password("long enough pw", "long enough pw").is_ok());
    }
}
