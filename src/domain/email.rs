//! Email addresses, parsed once at the edge so that everything stored can be mailed.

use std::fmt;

use serde::Serialize;

use super::validation::FieldError;

/// A syntactically valid, lower-cased email address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parse user input; `field` names the input in the error.
    pub fn parse_field(field: &str, raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(FieldError::new(
                field,
                format!("{} must not be empty", super::validation::label(field)),
            ));
        }
        let invalid = || {
            FieldError::new(
                field,
                format!("{} is not a valid address", super::validation::label(field)),
            )
        };
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        if local.is_empty() || domain.is_empty() || domain.starts_with('.') || domain.ends_with('.')
        {
            return Err(invalid());
        }
        // lettre decides what it can send to; an address it refuses is refused here.
        value.parse::<lettre::Address>().map_err(|_| invalid())?;
        Ok(Self(value))
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::parse_field("email", raw)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            EmailAddress::parse("  Ana@Example.COM ").unwrap().as_str(),
            "ana@example.com"
        );
    }

    #[test]
    fn malformed_addresses_are_refused_with_the_field_named() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana @example.com",
            "ana@example.com.",
            "a@b@c",
        ] {
            let err = EmailAddress::parse(bad).unwrap_err();
            assert_eq!(err.field, "email", "{bad:?}");
        }
    }
}
