//! Board cards: successes and instructive failures. A fail card is about its lesson, so
//! the lesson is required there.

use serde::{Deserialize, Serialize};

use super::month::YearMonth;
use super::validation::{flag, multiline_text, text, FieldError, ValidationErrors};

pub const TITLE_MAX: usize = 120;
pub const TEXT_MAX: usize = 5000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Success,
    Fail,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Fail => "fail",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "success" => Ok(Self::Success),
            "fail" => Ok(Self::Fail),
            other => Err(FieldError::new(
                "kind",
                format!("Kind {other:?} is not one of success, fail"),
            )),
        }
    }
}

/// A card's fields as text, from a form (the API converts to this too).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CardFields {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub outcome: String,
    pub lesson: String,
    pub metric_id: String,
    pub month: String,
    pub anonymous: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CardDraft {
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub outcome: String,
    pub lesson: String,
    pub metric_id: Option<i32>,
    pub month: Option<YearMonth>,
    pub anonymous: bool,
}

impl CardDraft {
    pub fn parse(f: &CardFields) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let kind = errors.take(Kind::parse(&f.kind));
        let title = errors.take(text("title", &f.title, true, TITLE_MAX));
        let body = errors.take(multiline_text("body", &f.body, false, TEXT_MAX));
        let outcome = errors.take(multiline_text("outcome", &f.outcome, false, TEXT_MAX));
        let lesson = errors.take(multiline_text("lesson", &f.lesson, false, TEXT_MAX));
        if kind == Some(Kind::Fail) && lesson.as_deref().is_some_and(str::is_empty) {
            errors.add(
                "lesson",
                "What we learned must not be empty on a fail card: a fail card is about the lesson",
            );
        }
        let metric_id = match f.metric_id.trim() {
            "" => Some(None),
            raw => errors.take(raw.parse::<i32>().map(Some).map_err(|_| {
                FieldError::new("metric_id", format!("Metric {raw:?} is not a metric"))
            })),
        };
        let month = match f.month.trim() {
            "" => Some(None),
            raw => errors.take(
                YearMonth::parse(raw)
                    .map(Some)
                    .map_err(|e| FieldError::new("month", e.to_string())),
            ),
        };
        match (kind, title, body, outcome, lesson, metric_id, month) {
            (
                Some(kind),
                Some(title),
                Some(body),
                Some(outcome),
                Some(lesson),
                Some(metric_id),
                Some(month),
            ) if errors.is_empty() => {
                // Only fail cards may hide their author.
                let anonymous = kind == Kind::Fail && flag(&f.anonymous);
                Ok(Self {
                    kind,
                    title,
                    body,
                    outcome,
                    lesson,
                    metric_id,
                    month,
                    anonymous,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Words of a search, quoted for FTS5 so that no input can be a syntax error.
pub fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(10)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fail_card_needs_its_lesson_and_only_fail_cards_hide_their_author() {
        let fields = CardFields {
            kind: "fail".into(),
            title: "Tried TikTok".into(),
            anonymous: "true".into(),
            ..Default::default()
        };
        assert_eq!(
            CardDraft::parse(&fields)
                .unwrap_err()
                .first()
                .unwrap()
                .field,
            "lesson"
        );
        let ok = CardDraft::parse(&CardFields {
            lesson: "Our buyers are not there".into(),
            ..fields.clone()
        })
        .unwrap();
        assert!(ok.anonymous);
        let success = CardDraft::parse(&CardFields {
            kind: "success".into(),
            ..fields
        })
        .unwrap();
        assert!(!success.anonymous);
    }

    #[test]
    fn bad_fields_are_named() {
        let f = CardFields {
            kind: "meh".into(),
            title: " ".into(),
            metric_id: "x".into(),
            month: "2026-13".into(),
            ..Default::default()
        };
        let names: Vec<String> = CardDraft::parse(&f)
            .unwrap_err()
            .iter()
            .map(|e| e.field.clone())
            .collect();
        assert_eq!(names, ["kind", "title", "metric_id", "month"]);
    }

    #[test]
    fn searches_cannot_break_fts_syntax() {
        assert_eq!(
            fts_query("tik\"tok OR *"),
            Some("\"tik\"* \"tok\"* \"OR\"*".into())
        );
        assert_eq!(fts_query("  \"*() "), None);
    }
}
