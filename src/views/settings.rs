//! The team settings page and the presentation template's editor. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::review::{SCHEDULE_WEEKS, WEEKDAYS};
use crate::domain::template::Prompt;
use crate::models::{PresentationTemplate, TeamSettings};
use crate::services::settings::{describe_schedule, SettingsFields};
use crate::views::datetime;

#[derive(Serialize)]
pub struct SettingsView {
    form: SettingsFields,
    schedule: String,
    errors: BTreeMap<String, String>,
    weeks: Vec<(String, &'static str)>,
    weekdays: Vec<(String, &'static str)>,
    number_formats: Vec<(&'static str, &'static str)>,
}

impl SettingsView {
    pub fn new(
        form: SettingsFields,
        current: &TeamSettings,
        errors: BTreeMap<String, String>,
    ) -> Self {
        let numbered = |names: &[&'static str]| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| ((i + 1).to_string(), *n))
                .collect()
        };
        Self {
            form,
            schedule: describe_schedule(current),
            errors,
            weeks: numbered(&SCHEDULE_WEEKS),
            weekdays: numbered(&WEEKDAYS),
            number_formats: vec![
                (
                    "1,234.5",
                    "1,234.5 (a comma groups thousands, a point starts decimals)",
                ),
                (
                    "1.234,5",
                    "1.234,5 (a point groups thousands, a comma starts decimals)",
                ),
                (
                    "1 234,5",
                    "1 234,5 (a space groups thousands, a comma starts decimals)",
                ),
            ],
        }
    }
}

/// Empty rows offered for new prompts.
const SPARE_ROWS: usize = 3;

#[derive(Serialize)]
pub struct TemplateView {
    version: i32,
    saved: String,
    introduction: String,
    prompts: Vec<Prompt>,
    error: Option<String>,
}

impl TemplateView {
    /// The editor for the `current` template, showing `introduction` and `prompts` (as
    /// saved, or as typed after a refusal) with spare rows for new prompts.
    pub fn new(
        current: &PresentationTemplate,
        introduction: String,
        prompts: Vec<Prompt>,
        error: Option<String>,
    ) -> Self {
        Self {
            version: current.version,
            saved: datetime(current.created_at),
            introduction,
            prompts: with_spares(prompts),
            error,
        }
    }
}

fn with_spares(mut prompts: Vec<Prompt>) -> Vec<Prompt> {
    for _ in 0..SPARE_ROWS {
        prompts.push(Prompt {
            key: String::new(),
            question: String::new(),
            help: String::new(),
            required: false,
        });
    }
    prompts
}
