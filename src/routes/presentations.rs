//! The presentation page (`/assignments/{id}/presentation`) and its JSON API.

use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{CsrfForm, CurrentUser, MaybeUser};
use crate::db;
use crate::domain::month::YearMonth;
use crate::domain::template::Prompt;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::models::{Member, MetricValue, Presentation};
use crate::services::presentations::{self, Loaded, Role, Viewer};
use crate::state::AppState;
use crate::views::cards::{metric_card, MetricCard};
use crate::views::{see_other, Page};

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    token: Option<String>,
}

/// The viewer: the email link's holder when a token is given, else the signed-in member.
fn viewer_of(token: Option<&str>, user: Option<CurrentUser>) -> Result<Viewer, AppError> {
    match (token.map(str::trim).filter(|t| !t.is_empty()), user) {
        (Some(t), _) => Ok(Viewer::Link(t.to_string())),
        (None, Some(u)) => Ok(Viewer::Member(u)),
        (None, None) => Err(AppError::Unauthenticated),
    }
}

fn local(review: &crate::models::Review, t: chrono::NaiveDateTime) -> String {
    crate::domain::review::local_when(t, &review.timezone)
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

fn build_view(
    conn: &mut diesel::SqliteConnection,
    loaded: &Loaded,
    token: Option<String>,
    form: Option<(&str, &BTreeMap<String, String>)>,
    errors: BTreeMap<String, String>,
    now: chrono::NaiveDateTime,
) -> Result<PresentationView, AppError> {
    let answers = form.map_or_else(|| loaded.answers(), |(_, a)| a.clone());
    let review_month =
        YearMonth::parse(&loaded.review.month).map_err(|e| AppError::internal(e.to_string()))?;
    let known = presentations::known_value(conn, loaded)?;
    let number_format = crate::services::settings::number_format(conn)?;
    let data_month = known.data_month;
    let months = data_month.trailing(12);
    // The chart's year and the month before it (for the change).
    let since = data_month.trailing(13)[0].to_string();
    let history: Vec<(YearMonth, f64)> =
        MetricValue::points_for_metrics_since(conn, &[loaded.metric.id], &since)?
            .into_iter()
            .filter_map(|(_, month, value)| YearMonth::parse(&month).ok().map(|m| (m, value)))
            .collect();
    let in_window: Vec<(YearMonth, f64)> = history
        .iter()
        .copied()
        .filter(|(m, _)| *m <= data_month)
        .collect();
    let card = metric_card(
        &loaded.metric,
        loaded.owner.as_ref().map(|o| o.name.clone()),
        &in_window,
        &months,
        560,
        160,
    );
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
    let earlier = Presentation::earlier_for_metric(conn, loaded.metric.id, &loaded.review.month)?;
    let feedback_rows = if loaded.review.status() == crate::domain::review::ReviewStatus::Held
        || loaded.role == Role::Manager
    {
        crate::models::Feedback::list_for_assignments(conn, &[loaded.assignment.id])?
    } else {
        Vec::new()
    };
    let people: Vec<i32> = earlier
        .iter()
        .map(|(_, presenter, _)| *presenter)
        .chain(feedback_rows.iter().map(|f| f.author_id))
        .collect();
    let names = Member::names_of(conn, &people)?;
    let insights = earlier
        .into_iter()
        .filter_map(|(month, presenter, json)| {
            let answers: BTreeMap<String, String> = serde_json::from_str(&json).ok()?;
            let text = answers.get("insight").cloned()?;
            Some(Insight {
                month: YearMonth::parse(&month)
                    .map(|m| m.long_label())
                    .unwrap_or(month),
                presenter: names.get(&presenter).cloned().unwrap_or_default(),
                text,
            })
        })
        .collect();
    let started = loaded.meeting_started(now);
    let held = loaded.review.status() == crate::domain::review::ReviewStatus::Held;
    // Feedback reaches the presenter after the meeting; managers see it as it comes.
    let show_feedback = held || loaded.role == Role::Manager;
    let feedback = if show_feedback {
        feedback_rows
            .into_iter()
            .map(|f| FeedbackLine {
                author: if f.anonymous {
                    "anonymous".into()
                } else {
                    names.get(&f.author_id).cloned().unwrap_or_default()
                },
                kind: f.kind,
                body: f.body,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(PresentationView {
        assignment_id: loaded.assignment.id,
        month: loaded.review.month.clone(),
        month_label: review_month.long_label(),
        presenter: loaded.presenter.name.clone(),
        owner: loaded.owner.as_ref().map(|o| o.name.clone()),
        owner_department: loaded
            .owner
            .as_ref()
            .map(|o| o.department.clone())
            .filter(|d| !d.is_empty()),
        role: loaded.role,
        status: loaded.status(now),
        deadline: local(&loaded.review, loaded.deadline()),
        starts: local(&loaded.review, loaded.review.starts_at),
        editable: loaded.role == Role::Presenter && !started,
        meeting_started: started,
        held: loaded.review.status() == crate::domain::review::ReviewStatus::Held,
        introduction: loaded.template.introduction.clone(),
        value,
        data_label: data_month.long_label(),
        shown_value,
        value_hint: match (known.recorded, known.before) {
            (Some(v), _) => Some(format!(
                "{} recorded for {}",
                loaded.metric.format(v),
                data_month.label()
            )),
            (None, Some((m, v))) => Some(format!(
                "nothing recorded for {} yet; {} was {}",
                data_month.label(),
                m.label(),
                loaded.metric.format(v)
            )),
            (None, None) => None,
        },
        prompts: loaded
            .prompts
            .iter()
            .map(|p: &Prompt| PromptView {
                key: p.key.clone(),
                question: p.question.clone(),
                help: p.help.clone(),
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
                month: m.label(),
                value: loaded.metric.format(*v),
            })
            .collect(),
        card,
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
            .map(|t| local(&loaded.review, t)),
        feedback,
        rating: loaded.presentation.as_ref().and_then(|p| p.clarity_rating),
        can_rate: held && loaded.role == Role::Owner && loaded.presentation.is_some(),
    })
}

pub async fn show_presentation(
    state: web::Data<AppState>,
    page: Page,
    user: MaybeUser,
    id: web::Path<i32>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let token = query.token.clone();
    let viewer = viewer_of(token.as_deref(), user.0.clone())?;
    let (st, now) = (state.clone(), state.now());
    let view = db::run(&state.pool, move |conn| {
        let loaded = presentations::load(conn, &st.links, &viewer, id)?;
        build_view(conn, &loaded, token, None, BTreeMap::new(), now)
    })
    .await?;
    page.render(user.0.as_ref(), "presentations/show.html", &view)
}

/// The form's answers: fields named `answer_<key>`.
fn answers_of(form: &HashMap<String, String>) -> BTreeMap<String, String> {
    form.iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("answer_")
                .map(|key| (key.to_string(), v.clone()))
        })
        .collect()
}

pub async fn save_presentation(
    state: web::Data<AppState>,
    page: Page,
    user: MaybeUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let token = form.get("token").cloned().filter(|t| !t.is_empty());
    let viewer = viewer_of(token.as_deref(), user.0.clone())?;
    let submit = form.get("action").is_some_and(|a| a == "submit");
    let raw_value = form.get("value").cloned().unwrap_or_default();
    let answers = answers_of(&form);
    let (st, now) = (state.clone(), state.now());
    let (v, a, t) = (raw_value.clone(), answers.clone(), token.clone());
    let result = db::run(&state.pool, move |conn| {
        let format = crate::services::settings::number_format(conn)?;
        let value = format.read_optional("value", "The value", &v)?;
        presentations::save(
            conn,
            &st.postbox(),
            &viewer,
            id,
            &presentations::Work {
                value,
                answers: &a,
                submit,
            },
            now,
        )?;
        Ok(())
    })
    .await;
    let back = match &t {
        Some(token) => format!("/assignments/{id}/presentation?token={token}"),
        None => format!("/assignments/{id}/presentation"),
    };
    match result {
        Ok(()) => Ok(see_other(
            &state,
            &back,
            Some(if submit {
                "Submitted. You can still edit it until the meeting starts."
            } else {
                "Draft saved."
            }),
        )),
        Err(AppError::Validation(errors)) => {
            let (st, now) = (state.clone(), state.now());
            let viewer = viewer_of(token.as_deref(), user.0.clone())?;
            let view = db::run(&state.pool, move |conn| {
                let loaded = presentations::load(conn, &st.links, &viewer, id)?;
                build_view(
                    conn,
                    &loaded,
                    token,
                    Some((&raw_value, &answers)),
                    errors.by_field(),
                    now,
                )
            })
            .await?;
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                user.0.as_ref(),
                "presentations/show.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BriefForm {
    brief: String,
}

pub async fn save_brief(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<BriefForm>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.now());
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        presentations::set_brief(conn, &st.postbox(), &user, id, &form.brief, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/assignments/{id}/presentation"),
        Some("Your brief for the presenter is saved."),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FactCheckForm {
    checked: String,
    correction: String,
}

pub async fn save_fact_check(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<FactCheckForm>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.now());
    let st = state.clone();
    db::run(&state.pool, move |conn| {
        presentations::fact_check(
            conn,
            &st.postbox(),
            &user,
            id,
            flag(&form.checked),
            &form.correction,
            now,
        )
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/assignments/{id}/presentation"),
        Some("Your check is saved."),
    ))
}
