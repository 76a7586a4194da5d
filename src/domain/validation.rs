//! Field-level validation errors, collected so a form can show every problem at once.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// One problem with one input field. `message` reads on its own ("email is not a valid
/// address") because the JSON API returns it without the form around it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// All problems found in one input, in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationErrors(Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// A single error, for checks that stand alone.
    pub fn single(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<&FieldError> {
        self.0.first()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was added, otherwise the errors.
    pub fn into_result<T>(self, value: T) -> Result<T, Self> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Field name to its first message, for rendering beside form fields.
    pub fn by_field(&self) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for e in &self.0 {
            map.entry(e.field.clone())
                .or_insert_with(|| e.message.clone());
        }
        map
    }

    /// Collect the error of `result` under its field, returning the value if any.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(e: FieldError) -> Self {
        Self(vec![e])
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&messages.join("; "))
    }
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Trim `raw` and check its length in characters; `label` names the field in messages.
pub fn text(
    field: &str,
    raw: &str,
    required: bool,
    max_chars: usize,
) -> Result<String, FieldError> {
    let value = raw.trim();
    if required && value.is_empty() {
        return Err(FieldError::new(field, format!("{field} must not be empty")));
    }
    let count = value.chars().count();
    if count > max_chars {
        return Err(FieldError::new(
            field,
            format!("{field} is too long ({count} characters, at most {max_chars})"),
        ));
    }
    Ok(value.to_string())
}

/// Parse a decimal number as people type it: spaces and thousands separators are
/// ignored, a lone comma is read as the decimal point ("12,5").
pub fn number(field: &str, raw: &str) -> Result<f64, FieldError> {
    let mut s: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    if s.contains(',') {
        s = if s.contains('.') || thousands_comma(&s) {
            s.replace(',', "")
        } else {
            s.replace(',', ".")
        };
    }
    let bad = || FieldError::new(field, format!("{field} {:?} is not a number", raw.trim()));
    if s.is_empty() || s.chars().any(|c| c.is_alphabetic() && c != 'e' && c != 'E') {
        return Err(bad());
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() < 1e15 => Ok(v),
        _ => Err(bad()),
    }
}

/// "1,234" and "1,234,567" group thousands; "12,5" and "0,125" use a decimal comma.
fn thousands_comma(s: &str) -> bool {
    let parts: Vec<&str> = s.trim_start_matches(['-', '+']).split(',').collect();
    let head = parts[0];
    parts.len() > 2 || (parts.len() == 2 && parts[1].len() == 3 && !head.is_empty() && head != "0")
}

/// Like [`number`], but an empty input means "no value".
pub fn optional_number(field: &str, raw: &str) -> Result<Option<f64>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        number(field, raw).map(Some)
    }
}

/// A checkbox or JSON boolean typed as text: "on", "true", "1", "yes" are true.
pub fn flag(raw: &str) -> bool {
    matches!(
        raw.trim().to_lowercase().as_str(),
        "on" | "true" | "1" | "yes"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_the_way_people_type_them() {
        assert_eq!(number("value", " 1 234.5 ").unwrap(), 1234.5);
        assert_eq!(number("value", "12,5").unwrap(), 12.5);
        assert_eq!(number("value", "0,125").unwrap(), 0.125);
        assert_eq!(number("value", "1,234").unwrap(), 1234.0);
        assert_eq!(number("value", "-1,234,567").unwrap(), -1234567.0);
        assert_eq!(number("value", "1,234.5").unwrap(), 1234.5);
        assert_eq!(number("value", "-3e2").unwrap(), -300.0);
        for bad in ["", "abc", "12abc", "NaN", "inf", "1e400"] {
            assert_eq!(number("value", bad).unwrap_err().field, "value", "{bad:?}");
        }
        assert_eq!(optional_number("target", "  ").unwrap(), None);
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(text("name", "  x ", true, 5).unwrap(), "x");
        assert!(text("name", "   ", true, 5).is_err());
        assert!(text("name", "toolong", true, 5)
            .unwrap_err()
            .message
            .contains("too long"));
    }
}
