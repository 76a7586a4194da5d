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

/// Whether a stored text may span several lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// Names, titles, places: no line breaks, no tabs.
    One,
    /// Notes, answers, card texts: line breaks and tabs are fine.
    Many,
}

/// A single-line text: trimmed, bounded in characters, and clean by the input policy
/// ([`check_characters`]); `field` names the field in messages.
pub fn text(
    field: &str,
    raw: &str,
    required: bool,
    max_chars: usize,
) -> Result<String, FieldError> {
    checked_text(field, raw, required, max_chars, Lines::One)
}

/// A multi-line text (a `<textarea>`): like [`text`], with line breaks normalised to
/// `\n` (browsers send `\r\n`) and tabs allowed.
pub fn multiline_text(
    field: &str,
    raw: &str,
    required: bool,
    max_chars: usize,
) -> Result<String, FieldError> {
    checked_text(field, raw, required, max_chars, Lines::Many)
}

fn checked_text(
    field: &str,
    raw: &str,
    required: bool,
    max_chars: usize,
    lines: Lines,
) -> Result<String, FieldError> {
    let normalised;
    let raw = match lines {
        Lines::Many if raw.contains('\r') => {
            normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
            normalised.as_str()
        }
        _ => raw,
    };
    let value = raw.trim();
    check_characters(field, value, lines)?;
    if required && value.is_empty() {
        return Err(FieldError::new(
            field,
            format!("{} must not be empty", label(field)),
        ));
    }
    let count = value.chars().count();
    if count > max_chars {
        return Err(FieldError::new(
            field,
            format!(
                "{} is too long ({count} characters, at most {max_chars})",
                label(field)
            ),
        ));
    }
    Ok(value.to_string())
}

/// A field's name as people see it beside the input, for messages ("owner_id" is
/// "Owner"): messages start with it, so they read as sentences on a page and still name
/// the field for a program (which also gets the field's key beside the message).
pub fn label(field: &str) -> String {
    let known = match field {
        "owner_id" => "Owner",
        "presenter_id" => "Presenter",
        "metric_id" => "Metric",
        "author_id" => "Author",
        "password_confirmation" => "The repeated password",
        "current_password" => "Current password",
        "duration_minutes" | "default_duration_minutes" => "Duration",
        "location" | "default_location" => "Place",
        "timezone" | "default_timezone" => "Time zone",
        "recent_months" => "Months without repeats (K)",
        "opening_minutes" => "Opening slot",
        "closing_minutes" => "Closing slot",
        "schedule_week" => "Week",
        "schedule_weekday" => "Day",
        "schedule_time" => "Time",
        "schedule_months_ahead" => "Months ahead",
        "reminder_days" => "Reminder days",
        "data_month" => "Data month",
        "number_format" => "Number format",
        "north_star" => "North Star",
        "kept_by_manager" => "Kept by the manager",
        "on_dashboard" => "On the dashboard",
        "body" => "The text",
        "text" => "The action item",
        "due_date" => "Due date",
        "csv" => "The CSV",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let words = field.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The input policy for every text the app stores. Control characters never reach the
/// database: they break mail headers, Atom feeds (XML 1.0 cannot carry most of them)
/// and terminals (`rotate --dry-run` prints names). Refused: C0 controls (U+0000 to
/// U+001F) except, in multi-line fields, TAB and LF; DEL (U+007F); and C1 controls
/// (U+0080 to U+009F). Single-line fields also refuse every line break, including
/// U+2028 and U+2029.
pub fn check_characters(field: &str, value: &str, lines: Lines) -> Result<(), FieldError> {
    let Some(bad) = value.chars().find(|&c| !allowed(c, lines)) else {
        return Ok(());
    };
    let name = label(field);
    let message = if lines == Lines::One && is_line_break(bad) {
        format!("{name} must be on one line (it contains a line break)")
    } else if bad == '\t' {
        format!("{name} cannot contain a tab; use spaces")
    } else {
        format!(
            "{name} contains a control character (U+{:04X}) that cannot be stored; remove it",
            u32::from(bad)
        )
    };
    Err(FieldError::new(field, message))
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn allowed(c: char, lines: Lines) -> bool {
    match c {
        '\t' | '\n' => lines == Lines::Many,
        '\u{2028}' | '\u{2029}' => lines == Lines::Many,
        c => !c.is_control(),
    }
}

/// `value` with what the input policy refuses replaced: line breaks and tabs by a space
/// in single-line texts, other control characters dropped. For text that comes from
/// elsewhere (a mail header built from stored rows, an old database), never instead of
/// refusing what a person types.
pub fn scrub(value: &str, lines: Lines) -> String {
    value
        .chars()
        .filter_map(|c| {
            if allowed(c, lines) {
                Some(c)
            } else if lines == Lines::One && (is_line_break(c) || c == '\t') {
                Some(' ')
            } else {
                None
            }
        })
        .collect()
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
    fn control_characters_are_refused_with_the_field_named() {
        for bad in [
            "a\u{0}b",
            "bell\u{7}",
            "esc\u{1b}[31m",
            "del\u{7f}",
            "c1\u{9b}x",
        ] {
            for lines in [Lines::One, Lines::Many] {
                let err = checked_text("title", bad, true, 100, lines).unwrap_err();
                assert_eq!(err.field, "title");
                assert!(
                    err.message.contains("control character"),
                    "{bad:?}: {}",
                    err.message
                );
            }
        }
        let err = text("name", "Ann\nBcc: x@example.com", true, 100).unwrap_err();
        assert_eq!(
            err.message,
            "Name must be on one line (it contains a line break)"
        );
        assert!(text("name", "tab\there", true, 100).is_err());
        assert!(text("name", "line\u{2028}sep", true, 100).is_err());
    }

    #[test]
    fn multi_line_texts_keep_their_lines_and_tabs() {
        assert_eq!(
            multiline_text("body", "one\r\ntwo\rthree\n\tfour", true, 100).unwrap(),
            "one\ntwo\nthree\n\tfour"
        );
        assert_eq!(
            text("name", "Åsa Öberg – SEO ✓", true, 100).unwrap(),
            "Åsa Öberg – SEO ✓"
        );
    }

    #[test]
    fn scrubbing_leaves_only_what_the_policy_allows() {
        assert_eq!(scrub("Ann\r\nBcc:\u{0} x", Lines::One), "Ann  Bcc: x");
        assert_eq!(scrub("a\u{1}\nb\tc", Lines::Many), "a\nb\tc");
    }

    proptest::proptest! {
        #[test]
        fn whatever_the_policy_accepts_survives_a_scrub_unchanged(s in "\\PC*") {
            if let Ok(v) = text("f", &s, false, 10_000) {
                proptest::prop_assert_eq!(scrub(&v, Lines::One), v);
            }
        }

        #[test]
        fn a_scrubbed_text_is_always_accepted(s in any_text()) {
            let one = scrub(&s, Lines::One);
            proptest::prop_assert!(check_characters("f", &one, Lines::One).is_ok());
            let many = scrub(&s, Lines::Many);
            proptest::prop_assert!(check_characters("f", &many, Lines::Many).is_ok());
        }
    }

    fn any_text() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::collection::vec(proptest::char::any(), 0..40)
            .prop_map(|cs| cs.into_iter().collect())
    }

    use proptest::strategy::Strategy as _;

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
