//! The presentation page as its viewer sees it: the presenter's form (or the answers),
//! the metric's facts, chart and history, earlier insights, the owner's brief and
//! fact-check, and the feedback. Pure: built from what `services::presentations` loads.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::month::YearMonth;
use crate::domain::template::Prompt;
use crate::i18n::{self, format, Lang};
use crate::services::presentations::{PageData, Role};
use crate::views::analysis::{signal_of, SignalView};
use crate::views::cards::{metric_card, MetricCard};

fn local(lang: Lang, review: &crate::models::Review, t: chrono::NaiveDateTime) -> String {
    format::when(lang, t, &review.timezone)
}

#[derive(Serialize)]
pub struct PromptView {
    key: String,
    question: String,
    help: String,
    required: bool,
    answer: String,
    error: Option<String>,
}

#[derive(Serialize)]
pub struct Insight {
    month: String,
    presenter: String,
    text: String,
}

#[derive(Serialize)]
pub struct HistoryRow {
    month: String,
    value: String,
}

#[derive(Serialize)]
pub struct PresentationView {
    assignment_id: i32,
    month: String,
    month_label: String,
    presenter: String,
    owner: Option<String>,
    owner_department: Option<String>,
    role: Role,
    status: &'static str,
    deadline: String,
    starts: String,
    editable: bool,
    meeting_started: bool,
    held: bool,
    introduction: String,
    value: String,
    shown_value: Option<String>,
    /// "December 2026": the month whose value is presented.
    data_label: String,
    value_hint: Option<String>,
    prompts: Vec<PromptView>,
    card: MetricCard,
    /// Signal or noise: the comparison block, the verdict, the signals, the events.
    signal: SignalView,
    definition: String,
    formula: String,
    history: Vec<HistoryRow>,
    insights: Vec<Insight>,
    brief: String,
    fact_checked: bool,
    correction: String,
    token: Option<String>,
    errors: BTreeMap<String, String>,
    submitted_at: Option<String>,
    feedback: Vec<FeedbackLine>,
    rating: Option<i32>,
    can_rate: bool,
}

#[derive(Serialize)]
pub struct FeedbackLine {
    kind: String,
    body: String,
    author: String,
}

pub fn presentation_view(
    d: &PageData,
    token: Option<String>,
    form: Option<(&str, &BTreeMap<String, String>)>,
    errors: BTreeMap<String, String>,
    (now, lang): (NaiveDateTime, Lang),
) -> PresentationView {
    let loaded = &d.loaded;
    let answers = form.map_or_else(|| loaded.answers(), |(_, a)| a.clone());
    let review_month = d.review_month;
    let known = &d.known;
    let number_format = d.number_format;
    let data_month = known.data_month;
    let months = data_month.trailing(12);
    let history = &d.history;
    let in_window: Vec<(YearMonth, f64)> = history
        .iter()
        .copied()
        .filter(|(m, _)| *m <= data_month)
        .collect();
    let mut card = metric_card(
        &loaded.metric,
        loaded.owner.as_ref().map(|o| o.name.clone()),
        &in_window,
        &months,
        560,
        160,
    );
    let signal = signal_of(&loaded.metric, &d.analyses, &months, &mut card, lang);
    card.localize(&loaded.metric, &months, lang);
    let value = match form {
        Some((v, _)) => v.to_string(),
        None => loaded
            .presentation
            .as_ref()
            .and_then(|p| p.value)
            .or(known.recorded)
            .map(|v| number_format.write(v))
            .unwrap_or_default(),
    };
    // The value as people read it (52,310 EUR), where it is not being edited.
    let shown_value = loaded
        .presentation
        .as_ref()
        .and_then(|p| p.value)
        .map(|v| loaded.metric.format(v));
    let names = &d.names;
    let insights = d
        .earlier
        .iter()
        .filter_map(|(month, presenter, json)| {
            let answers: BTreeMap<String, String> = serde_json::from_str(json).ok()?;
            let text = answers.get("insight").cloned()?;
            Some(Insight {
                month: YearMonth::parse(month)
                    .map_or_else(|_| month.clone(), |m| format::month(lang, m)),
                presenter: names.get(presenter).cloned().unwrap_or_default(),
                text,
            })
        })
        .collect();
    let started = loaded.meeting_started(now);
    let held = loaded.review.status() == crate::domain::review::ReviewStatus::Held;
    // Feedback reaches the presenter after the meeting; managers see it as it comes.
    let show_feedback = held || loaded.role == Role::Manager;
    let feedback = if show_feedback {
        d.feedback
            .iter()
            .map(|f| FeedbackLine {
                author: if f.anonymous {
                    i18n::t(lang, "feedback-anonymous")
                } else {
                    names.get(&f.author_id).cloned().unwrap_or_default()
                },
                kind: f.kind.clone(),
                body: f.body.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    PresentationView {
        assignment_id: loaded.assignment.id,
        month: loaded.review.month.clone(),
        month_label: format::month(lang, review_month),
        presenter: loaded.presenter.name.clone(),
        owner: loaded.owner.as_ref().map(|o| o.name.clone()),
        owner_department: loaded
            .owner
            .as_ref()
            .map(|o| o.department.clone())
            .filter(|d| !d.is_empty()),
        role: loaded.role,
        status: loaded.status(now),
        deadline: local(lang, &loaded.review, loaded.deadline()),
        starts: local(lang, &loaded.review, loaded.review.starts_at),
        editable: loaded.role == Role::Presenter && !started,
        meeting_started: started,
        held: loaded.review.status() == crate::domain::review::ReviewStatus::Held,
        introduction: i18n::default_or_own(
            lang,
            "template-introduction",
            &loaded.template.introduction,
        ),
        value,
        data_label: format::month(lang, data_month),
        shown_value,
        value_hint: match (known.recorded, known.before) {
            (Some(v), _) => Some(i18n::t_args(
                lang,
                "presentation-value-recorded",
                &[
                    ("value", loaded.metric.format(v).into()),
                    ("month", format::short_month(lang, data_month).into()),
                ],
            )),
            (None, Some((m, v))) => Some(i18n::t_args(
                lang,
                "presentation-value-before",
                &[
                    ("month", format::short_month(lang, data_month).into()),
                    ("before", format::short_month(lang, m).into()),
                    ("value", loaded.metric.format(v).into()),
                ],
            )),
            (None, None) => None,
        },
        prompts: loaded
            .prompts
            .iter()
            .map(|p: &Prompt| PromptView {
                key: p.key.clone(),
                question: i18n::default_or_own(
                    lang,
                    &format!("prompt-{}-question", p.key),
                    &p.question,
                ),
                help: i18n::default_or_own(lang, &format!("prompt-{}-help", p.key), &p.help),
                required: p.required,
                answer: answers.get(&p.key).cloned().unwrap_or_default(),
                error: errors.get(&format!("answers.{}", p.key)).cloned(),
            })
            .collect(),
        definition: loaded.metric.definition.clone(),
        formula: loaded.metric.formula.clone(),
        history: in_window
            .iter()
            .rev()
            .take(12)
            .map(|(m, v)| HistoryRow {
                month: format::short_month(lang, *m),
                value: loaded.metric.format(*v),
            })
            .collect(),
        card,
        signal,
        insights,
        brief: loaded.assignment.owner_brief.clone(),
        fact_checked: loaded
            .presentation
            .as_ref()
            .is_some_and(|p| p.fact_checked_at.is_some()),
        correction: loaded
            .presentation
            .as_ref()
            .map(|p| p.correction.clone())
            .unwrap_or_default(),
        token,
        errors,
        submitted_at: loaded
            .presentation
            .as_ref()
            .and_then(|p| p.submitted_at)
            .map(|t| local(lang, &loaded.review, t)),
        feedback,
        rating: loaded.presentation.as_ref().and_then(|p| p.clarity_rating),
        can_rate: held && loaded.role == Role::Owner && loaded.presentation.is_some(),
    }
}
