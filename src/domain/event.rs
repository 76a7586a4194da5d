//! Events: dated notes on a metric ("price increase", "tracking broken 3–9 May") that
//! explain its numbers. An event that changed the process (`rebase`) restarts the
//! metric's process limits from its month.

use serde::Deserialize;

use super::month::YearMonth;
use super::validation::{flag, multiline_text, text, FieldError, ValidationErrors};

pub const TITLE_MAX: usize = 120;
pub const NOTE_MAX: usize = 1000;

/// An event as a form or the API sends it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct EventFields {
    pub month: String,
    pub title: String,
    pub note: String,
    pub rebase: String,
}

/// A checked event.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDraft {
    pub month: YearMonth,
    pub title: String,
    pub note: String,
    pub rebase: bool,
}

impl EventDraft {
    pub fn parse(f: &EventFields) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let month = errors
            .take(YearMonth::parse(&f.month).map_err(|e| FieldError::new("month", e.to_string())));
        let title = errors.take(text("title", &f.title, true, TITLE_MAX));
        let note = errors.take(multiline_text("note", &f.note, false, NOTE_MAX));
        match (month, title, note) {
            (Some(month), Some(title), Some(note)) if errors.is_empty() => Ok(Self {
                month,
                title,
                note,
                rebase: flag(&f.rebase),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_needs_a_month_and_a_title() {
        let e = EventDraft::parse(&EventFields {
            month: "2026-05".into(),
            title: " Price increase ".into(),
            note: "Plans up 10 %\r\nfrom 1 May".into(),
            rebase: "on".into(),
        })
        .unwrap();
        assert_eq!(e.title, "Price increase");
        assert_eq!(e.note, "Plans up 10 %\nfrom 1 May");
        assert!(e.rebase);
        let errors = EventDraft::parse(&EventFields {
            month: "May".into(),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["month", "title"]);
    }
}
