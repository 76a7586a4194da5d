//! The presentation template: an introduction and an ordered list of prompts. Answers
//! are checked against the version a presentation was started with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::validation::{
    check_characters, label, multiline_text, FieldError, Lines, ValidationErrors,
};

pub const INTRODUCTION_MAX: usize = 4000;
pub const QUESTION_MAX: usize = 300;
pub const HELP_MAX: usize = 500;
pub const ANSWER_MAX: usize = 4000;
pub const MAX_PROMPTS: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    pub key: String,
    pub question: String,
    #[serde(default)]
    pub help: String,
    #[serde(default)]
    pub required: bool,
}

/// Check an edited template: an introduction and 1 to 20 prompts with unique keys made
/// of lower-case letters, digits and underscores.
pub fn check(
    introduction: &str,
    prompts: &[Prompt],
) -> Result<(String, Vec<Prompt>), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let introduction = errors.take(multiline_text(
        "introduction",
        introduction,
        false,
        INTRODUCTION_MAX,
    ));
    if prompts.is_empty() {
        errors.add("prompts", "The template needs at least one question");
    }
    if prompts.len() > MAX_PROMPTS {
        errors.add(
            "prompts",
            format!("The template has at most {MAX_PROMPTS} questions"),
        );
    }
    let mut clean = Vec::new();
    for (i, p) in prompts.iter().enumerate() {
        let n = i + 1;
        let key = p.key.trim().to_lowercase();
        if key.is_empty()
            || key.len() > 40
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            errors.add(
                "prompts",
                format!(
                    "prompt {n}: the key {:?} must be 1 to 40 lower-case letters, digits or _",
                    p.key.trim()
                ),
            );
        } else if clean.iter().any(|c: &Prompt| c.key == key) {
            errors.add(
                "prompts",
                format!("prompt {n}: the key {key:?} is used twice"),
            );
        }
        let question = p.question.trim();
        if question.is_empty() || question.chars().count() > QUESTION_MAX {
            errors.add(
                "prompts",
                format!("prompt {n}: the question must have 1 to {QUESTION_MAX} characters"),
            );
        }
        for (what, value) in [("question", question), ("help text", p.help.trim())] {
            if let Err(e) = check_characters(what, value, Lines::One) {
                errors.add("prompts", format!("Question {n}: {}", e.message));
            }
        }
        if p.help.trim().chars().count() > HELP_MAX {
            errors.add(
                "prompts",
                format!("prompt {n}: the help text must have at most {HELP_MAX} characters"),
            );
        }
        clean.push(Prompt {
            key,
            question: question.to_string(),
            help: p.help.trim().to_string(),
            required: p.required,
        });
    }
    match introduction {
        Some(intro) if errors.is_empty() => Ok((intro, clean)),
        _ => Err(errors),
    }
}

/// Check answers against `prompts`: known keys, bounded length; when `submitting`, every
/// required prompt answered. Returns the trimmed answers.
pub fn check_answers(
    prompts: &[Prompt],
    answers: &BTreeMap<String, String>,
    submitting: bool,
) -> Result<BTreeMap<String, String>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let mut clean = BTreeMap::new();
    for (key, answer) in answers {
        match prompts.iter().find(|p| &p.key == key) {
            None => errors.add(
                &format!("answers.{key}"),
                format!("There is no question {key:?} in this template"),
            ),
            Some(_) => {
                let field = format!("answers.{key}");
                match multiline_text(&field, answer, false, ANSWER_MAX) {
                    Ok(a) if !a.is_empty() => {
                        clean.insert(key.clone(), a);
                    }
                    Ok(_) => {}
                    // Named by the question, not by the key ("answers.insight").
                    Err(e) => errors.add(
                        &e.field,
                        e.message.replacen(&label(&field), "The answer", 1),
                    ),
                }
            }
        }
    }
    if submitting {
        let missing: Vec<&Prompt> = prompts
            .iter()
            .filter(|p| p.required && !clean.contains_key(&p.key))
            .collect();
        for p in &missing {
            errors.add(
                &format!("answers.{}", p.key),
                format!("\"{}\" must be answered before submitting", p.question),
            );
        }
    }
    errors.into_result(clean)
}

/// Parse the stored JSON list of prompts.
pub fn parse_prompts(json: &str) -> Result<Vec<Prompt>, FieldError> {
    serde_json::from_str(json)
        .map_err(|e| FieldError::new("prompts", format!("The questions are not valid: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(key: &str, required: bool) -> Prompt {
        Prompt {
            key: key.into(),
            question: format!("{key}?"),
            help: String::new(),
            required,
        }
    }

    #[test]
    fn a_template_needs_unique_simple_keys_and_questions() {
        assert!(check("Hi", &[prompt("insight", true)]).is_ok());
        let errors = check(
            "Hi",
            &[
                prompt("Insight!", true),
                prompt("a", false),
                prompt("a", false),
            ],
        )
        .unwrap_err();
        let text = errors.to_string();
        assert!(
            text.contains("prompt 1: the key")
                && text.contains("prompt 3: the key \"a\" is used twice"),
            "{text}"
        );
        assert!(check("Hi", &[]).is_err());
    }

    #[test]
    fn submitting_names_the_required_prompts_that_are_missing() {
        let prompts = [prompt("insight", true), prompt("causes", false)];
        let mut answers = BTreeMap::new();
        answers.insert("causes".to_string(), "  rain  ".to_string());
        assert_eq!(
            check_answers(&prompts, &answers, false).unwrap()["causes"],
            "rain"
        );
        let err = check_answers(&prompts, &answers, true).unwrap_err();
        assert_eq!(err.first().unwrap().field, "answers.insight");
        answers.insert("colour".to_string(), "red".to_string());
        assert!(check_answers(&prompts, &answers, false)
            .unwrap_err()
            .to_string()
            .contains("no question \"colour\""));
        let long: BTreeMap<String, String> =
            [("causes".to_string(), "x".repeat(ANSWER_MAX + 1))].into();
        assert!(check_answers(&prompts, &long, false).is_err());
    }
}
