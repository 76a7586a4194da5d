//! Where a presenter is with their presentation.

use serde::Serialize;

use super::validation::FieldError;

/// A presentation's progress, as the database stores it and the API sends it
/// (`presentation_status`: "not_started", "draft", "submitted").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PresentationStatus {
    /// No presentation row yet.
    NotStarted,
    Draft,
    Submitted,
}

impl PresentationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::Draft => "draft",
            Self::Submitted => "submitted",
        }
    }

    /// A stored status; `None` when it is not one the database holds ("draft" or
    /// "submitted").
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "draft" => Some(Self::Draft),
            "submitted" => Some(Self::Submitted),
            _ => None,
        }
    }

    /// The progress of a presentation that may not exist yet (`stored` is its status).
    pub fn of(stored: Option<&str>) -> Self {
        match stored.and_then(Self::parse) {
            Some(status) => status,
            // A row exists: started, whatever it says.
            None if stored.is_some() => Self::Draft,
            None => Self::NotStarted,
        }
    }
}

/// What an attendee's feedback on a presentation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Kudos,
    Question,
    Suggestion,
}

impl FeedbackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kudos => "kudos",
            Self::Question => "question",
            Self::Suggestion => "suggestion",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "kudos" => Ok(Self::Kudos),
            "question" => Ok(Self::Question),
            "suggestion" => Ok(Self::Suggestion),
            other => Err(FieldError::new(
                "kind",
                format!("Kind {other:?} is not one of kudos, question, suggestion"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_kinds_round_trip_and_others_are_refused_by_name() {
        for k in [
            FeedbackKind::Kudos,
            FeedbackKind::Question,
            FeedbackKind::Suggestion,
        ] {
            assert_eq!(FeedbackKind::parse(k.as_str()), Ok(k));
        }
        assert_eq!(FeedbackKind::parse("praise").unwrap_err().field, "kind");
    }

    #[test]
    fn statuses_round_trip_and_a_missing_row_is_not_started() {
        for s in [PresentationStatus::Draft, PresentationStatus::Submitted] {
            assert_eq!(PresentationStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(PresentationStatus::parse("not_started"), None);
        assert_eq!(PresentationStatus::of(None), PresentationStatus::NotStarted);
        assert_eq!(
            PresentationStatus::of(Some("submitted")),
            PresentationStatus::Submitted
        );
    }
}
