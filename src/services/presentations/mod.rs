//! Presentations: the presenter fills in the template before the meeting.
//!
//! Access rules:
//! - A presentation exists for assignments of published (and held) reviews only.
//! - Its presenter (signed in, or holding the email link), the metric's owner and
//!   managers can read it at any time; the rest of the team once it is submitted.
//! - Only the presenter writes it, until the meeting starts; the owner may leave a brief
//!   and, once it is submitted, mark it fact-checked or add a correction.
//! - Submitting after the deadline (`deadline_days` before the meeting) is allowed and
//!   shows as late; email links stop working once the meeting is held.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::month::YearMonth;
use crate::domain::presentation::PresentationStatus;
use crate::domain::review::ReviewStatus;
use crate::domain::template::{self, Prompt};
use crate::error::AppError;
use crate::mail::Postbox;
use crate::models::{
    Assignment, Member, Metric, MetricValue, Presentation, PresentationTemplate, Review,
};
use crate::secrets::links::LinkKey;

pub mod notes;
pub mod owner;

pub const BRIEF_MAX: usize = 1000;
pub const CORRECTION_MAX: usize = 2000;

/// Who is asking.
#[derive(Clone, Debug)]
pub enum Viewer {
    Member(CurrentUser),
    /// Someone holding the presenter's email link (a token for this assignment).
    Link(String),
}

/// What the viewer may do with this presentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Presenter,
    Owner,
    Manager,
    Team,
}

/// Everything about one presentation.
pub struct Loaded {
    pub assignment: Assignment,
    pub review: Review,
    pub metric: Metric,
    pub presenter: Member,
    pub owner: Option<Member>,
    pub presentation: Option<Presentation>,
    pub template: PresentationTemplate,
    pub prompts: Vec<Prompt>,
    pub role: Role,
}

impl Loaded {
    pub fn deadline(&self) -> NaiveDateTime {
        deadline(&self.review)
    }

    pub fn answers(&self) -> BTreeMap<String, String> {
        self.presentation
            .as_ref()
            .and_then(|p| serde_json::from_str(&p.answers).ok())
            .unwrap_or_default()
    }

    pub fn status(&self, now: NaiveDateTime) -> &'static str {
        status(self.presentation.as_ref(), deadline(&self.review), now)
    }

    pub fn meeting_started(&self, now: NaiveDateTime) -> bool {
        now >= self.review.starts_at || self.review.status() == ReviewStatus::Held
    }
}

/// When presentations are due: `deadline_days` before the meeting starts.
pub fn deadline(review: &Review) -> NaiveDateTime {
    review.starts_at - Duration::days(i64::from(review.deadline_days))
}

/// "not_started", "draft", "submitted", or "late" (not submitted, deadline passed).
pub fn status(
    p: Option<&Presentation>,
    deadline: NaiveDateTime,
    now: NaiveDateTime,
) -> &'static str {
    match PresentationStatus::of(p.map(|p| p.status.as_str())) {
        PresentationStatus::Submitted => "submitted",
        _ if now > deadline => "late",
        other => other.as_str(),
    }
}

/// How the presenter of `assignment_id` types the presentation's value (see
/// `settings::number_format_for`), whoever sends the form: only the presenter can.
pub fn presenter_number_format(
    conn: &mut SqliteConnection,
    assignment_id: i32,
) -> Result<crate::domain::number::NumberFormat, AppError> {
    let not_found = || AppError::NotFound("there is no such presentation".into());
    let assignment = Assignment::find(conn, assignment_id).map_err(|_| not_found())?;
    let presenter = Member::find(conn, assignment.presenter_id).map_err(|_| not_found())?;
    crate::services::settings::number_format_for(conn, &presenter)
}

/// Load a presentation for `viewer`, refusing who may not see it.
pub fn load(
    conn: &mut SqliteConnection,
    links: &LinkKey,
    viewer: &Viewer,
    assignment_id: i32,
) -> Result<Loaded, AppError> {
    let not_found = || AppError::NotFound("there is no such presentation".into());
    let assignment = Assignment::find(conn, assignment_id).map_err(|_| not_found())?;
    let review = Review::find(conn, assignment.review_id).map_err(|_| not_found())?;
    if !matches!(
        review.status(),
        ReviewStatus::Published | ReviewStatus::Held
    ) {
        return Err(not_found());
    }
    let role = match viewer {
        Viewer::Link(token) => {
            if review.status() == ReviewStatus::Held {
                return Err(AppError::NotFound("this link has expired: the meeting has been held. Sign in to read the presentation.".into()));
            }
            if !links.verify(assignment.id, assignment.presenter_id, token) {
                return Err(AppError::NotFound("this link is not valid (it may belong to an earlier presenter); sign in instead".into()));
            }
            if !Member::find(conn, assignment.presenter_id)?.active {
                return Err(AppError::Forbidden(
                    "this link no longer works: your account has been deactivated. Ask a manager if that is a mistake.".into(),
                ));
            }
            Role::Presenter
        }
        Viewer::Member(user) if user.id() == assignment.presenter_id => Role::Presenter,
        Viewer::Member(user) if assignment.owner_id == Some(user.id()) => Role::Owner,
        Viewer::Member(user) if user.is_manager() => Role::Manager,
        Viewer::Member(_) => Role::Team,
    };
    let presentation = Presentation::find_for_assignment(conn, assignment.id)?;
    if role == Role::Team && presentation.as_ref().is_none_or(|p| !p.is_submitted()) {
        return Err(AppError::Forbidden(
            "this presentation is not submitted yet; the team can read it once it is".into(),
        ));
    }
    let template = match &presentation {
        Some(p) => PresentationTemplate::find(conn, p.template_version)?,
        None => PresentationTemplate::current(conn)?,
    };
    let prompts = template::parse_prompts(&template.prompts)?;
    let metric = Metric::find(conn, assignment.metric_id).map_err(|_| not_found())?;
    let presenter = Member::find(conn, assignment.presenter_id)?;
    let owner = assignment
        .owner_id
        .map(|id| Member::find(conn, id))
        .transpose()?;
    Ok(Loaded {
        assignment,
        review,
        metric,
        presenter,
        owner,
        presentation,
        template,
        prompts,
        role,
    })
}

/// What is recorded for a presentation's metric: the value of the review's data month,
/// if there is one, and the latest value before it (for the hint).
pub struct KnownValue {
    pub data_month: YearMonth,
    pub recorded: Option<f64>,
    pub before: Option<(YearMonth, f64)>,
}

/// The value to pre-fill is the one recorded for the review's data month, never a value
/// of another month.
pub fn known_value(conn: &mut SqliteConnection, loaded: &Loaded) -> Result<KnownValue, AppError> {
    let data_month = loaded
        .review
        .data_month()
        .ok_or_else(|| AppError::internal("a review without a month"))?;
    let latest = MetricValue::latest_until(conn, loaded.metric.id, &data_month.to_string())?
        .and_then(|(m, v)| YearMonth::parse(&m).ok().map(|m| (m, v)));
    Ok(match latest {
        Some((m, v)) if m == data_month => KnownValue {
            data_month,
            recorded: Some(v),
            before: MetricValue::latest_until(
                conn,
                loaded.metric.id,
                &data_month.prev().to_string(),
            )?
            .and_then(|(m, v)| YearMonth::parse(&m).ok().map(|m| (m, v))),
        },
        before => KnownValue {
            data_month,
            recorded: None,
            before,
        },
    })
}

/// What the presentation page shows, loaded at once.
pub struct PageData {
    pub loaded: Loaded,
    pub review_month: YearMonth,
    pub known: KnownValue,
    pub number_format: crate::domain::number::NumberFormat,
    /// The metric's values over the 13 months up to the data month.
    pub history: Vec<(YearMonth, f64)>,
    /// Earlier presentations of the metric: (month, presenter id, answers JSON).
    pub earlier: Vec<(String, i32, String)>,
    /// The feedback this viewer may read (after the meeting, or a manager's).
    pub feedback: Vec<crate::models::Feedback>,
    /// Names of the earlier presenters and the feedback's authors.
    pub names: std::collections::HashMap<i32, String>,
    /// Signal or noise: the data month's analysis (the presenter's value standing in
    /// while none is recorded), the metric's values and its events.
    pub analyses: crate::services::analysis::ReviewAnalyses,
}

pub fn page_data(conn: &mut SqliteConnection, loaded: Loaded) -> Result<PageData, AppError> {
    let review_month =
        YearMonth::parse(&loaded.review.month).map_err(|e| AppError::internal(e.to_string()))?;
    let known = known_value(conn, &loaded)?;
    let since = known.data_month.trailing(13)[0].to_string();
    let history =
        crate::models::MetricValue::points_for_metrics_since(conn, &[loaded.metric.id], &since)?
            .into_iter()
            .filter_map(|(_, month, value)| YearMonth::parse(&month).ok().map(|m| (m, value)))
            .collect();
    let earlier = Presentation::earlier_for_metric(conn, loaded.metric.id, &loaded.review.month)?;
    let feedback = if loaded.review.status() == ReviewStatus::Held || loaded.role == Role::Manager {
        crate::models::Feedback::list_for_assignments(conn, &[loaded.assignment.id])?
    } else {
        Vec::new()
    };
    let people: Vec<i32> = earlier
        .iter()
        .map(|(_, presenter, _)| *presenter)
        .chain(feedback.iter().map(|f| f.author_id))
        .collect();
    let provisional: std::collections::HashMap<i32, f64> = loaded
        .presentation
        .as_ref()
        .and_then(|p| p.value)
        .map(|v| (loaded.metric.id, v))
        .into_iter()
        .collect();
    let analyses = crate::services::analysis::for_metrics(
        conn,
        &[&loaded.metric],
        known.data_month,
        &provisional,
    )?;
    Ok(PageData {
        analyses,
        // The form is the presenter's: it pre-fills and reads numbers their way.
        number_format: crate::services::settings::number_format_for(conn, &loaded.presenter)?,
        names: Member::names_of(conn, &people)?,
        loaded,
        review_month,
        known,
        history,
        earlier,
        feedback,
    })
}

/// Save the presenter's work; `submit` also checks the required prompts. A submitted
/// presentation stays submitted when edited again.
/// What the presenter sends: the value, the answers, and whether to submit.
pub struct Work<'a> {
    pub value: Option<f64>,
    pub answers: &'a BTreeMap<String, String>,
    pub submit: bool,
}

/// Save the presenter's work (and submit it when `work.submit`); the presentation as it
/// now stands.
pub fn save(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    viewer: &Viewer,
    assignment_id: i32,
    work: &Work,
    now: NaiveDateTime,
) -> Result<Loaded, AppError> {
    conn.immediate_transaction(|conn| {
        let mut loaded = load(conn, postbox.links, viewer, assignment_id)?;
        if loaded.role != Role::Presenter {
            return Err(AppError::Forbidden(format!(
                "only {} can write this presentation",
                loaded.presenter.name
            )));
        }
        if loaded.meeting_started(now) {
            return Err(AppError::conflict(
                None,
                "the meeting has started; the presentation can no longer be changed",
            ));
        }
        let Work {
            value,
            answers,
            submit,
        } = *work;
        if let Some(v) = value {
            if !v.is_finite() || v.abs() >= 1e15 {
                return Err(AppError::validation("value", "value is not a number"));
            }
        }
        let answers = template::check_answers(&loaded.prompts, answers, submit)?;
        let json =
            serde_json::to_string(&answers).map_err(|e| AppError::internal(e.to_string()))?;
        let presentation = match loaded.presentation.take() {
            Some(p) => p,
            None => Presentation::create(conn, assignment_id, loaded.template.version, now)?,
        };
        let submitted_at = presentation.submitted_at.or(submit.then_some(now));
        let saved = Presentation::save(conn, presentation.id, value, &json, submitted_at, now)?;
        // Submitted: the owner is asked to fact-check it, once.
        if submit {
            if let Some(owner) = &loaded.owner {
                if owner.active && Presentation::mark_owner_asked(conn, saved.id, now)? {
                    notes::notify(
                        conn,
                        postbox,
                        "fact_check_request",
                        format!("fact_check_request:{}", saved.id),
                        owner,
                        &notes::OwnerNote {
                            metric: loaded.metric.name.clone(),
                            from: loaded.presenter.name.clone(),
                            text: String::new(),
                            link: notes::owner_link(postbox, &loaded.assignment),
                            when: notes::local_start(postbox, &loaded.review, owner),
                        },
                        now,
                    )?;
                }
            }
        }
        loaded.presentation = Some(saved);
        Ok(loaded)
    })
}

/// The presenter's link to their presentation.
pub fn presentation_link(postbox: &Postbox, a: &Assignment) -> String {
    format!(
        "{}/assignments/{}/presentation?token={}",
        postbox.base_url,
        a.id,
        postbox.links.token(a.id, a.presenter_id)
    )
}
