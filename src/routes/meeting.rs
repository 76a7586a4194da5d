//! Meeting mode: the facilitator's view (`/reviews/{month}/run`), the follow-along page
//! for attendees, feedback, notes and action items, ending the meeting, writing the
//! presented values into the history, and the archive.

use std::collections::{BTreeMap, HashMap};

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::form_int;
use crate::auth::{CsrfForm, CurrentUser, Manager};
use crate::db;
use crate::domain::month::YearMonth;
use crate::domain::review::ReviewStatus;
use crate::domain::template::parse_prompts;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::models::{
    ActionItem, Feedback, MetricValue, Presentation, PresentationTemplate, TeamSettings,
};
use crate::services::meeting::{self, Meeting, NewAction};
use crate::services::reviews;
use crate::state::AppState;
use crate::views::cards::{metric_card, MetricCard};
use crate::views::{datetime, see_other, Page};

#[derive(Serialize, Clone)]
pub struct FeedbackView {
    kind: String,
    body: String,
    author: String,
    when: String,
}

#[derive(Serialize, Clone)]
pub struct ActionView {
    id: i32,
    text: String,
    owner: Option<String>,
    due: Option<String>,
    done: bool,
    from_month: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct SlotView {
    index: i32,
    kind: &'static str,
    title: String,
    seconds: i64,
    label: String,
    assignment_id: Option<i32>,
    metric_id: Option<i32>,
    presenter: Option<String>,
    owner: Option<String>,
    owner_id: Option<i32>,
    value: Option<String>,
    target: Option<String>,
    answers: Vec<(String, String)>,
    submitted: bool,
    correction: String,
    fact_checked: bool,
    notes: String,
    feedback: Vec<FeedbackView>,
    actions: Vec<ActionView>,
    /// Opening slot: the action items added in this meeting outside a metric's slot.
    added: Vec<ActionView>,
    rating: Option<i32>,
    /// Closing slot: the cards shared this month, as (id, kind, title).
    cards: Vec<(i32, String, String)>,
    /// Metric slots: the metric's recorded numbers up to the data month (value, change
    /// against the month before, target, status, the 12-month chart).
    card: Option<MetricCard>,
    /// The owner's brief for the presenter.
    brief: String,
    /// The review's data month: "December 2026" and "Dec 2026".
    data_label: String,
    data_short: String,
}

fn action_view(
    a: &ActionItem,
    names: &HashMap<i32, String>,
    from_month: Option<String>,
) -> ActionView {
    ActionView {
        id: a.id,
        text: a.text.clone(),
        owner: a.owner_id.and_then(|o| names.get(&o).cloned()),
        due: a.due_date.clone(),
        done: a.done,
        from_month,
    }
}

/// Every slot of the meeting, in order, as people see it. Anonymous feedback shows no
/// author to anyone.
fn slots(
    conn: &mut diesel::SqliteConnection,
    m: &Meeting,
    now: chrono::NaiveDateTime,
) -> Result<Vec<SlotView>, AppError> {
    let names: HashMap<i32, String> = m
        .ctx
        .members
        .values()
        .map(|x| (x.id, x.name.clone()))
        .collect();
    let ids: Vec<i32> = m.assignments.iter().map(|a| a.id).collect();
    let presentations = Presentation::list_for_assignments(conn, &ids)?;
    let feedback = Feedback::list_for_assignments(conn, &ids)?;
    let actions = ActionItem::list_for_review(conn, m.review().id)?;
    let plan = m.ctx.agenda(m.assignments.len());
    let data_month = m
        .review()
        .data_month()
        .ok_or_else(|| AppError::internal("a review without a month"))?;
    let chart_months = data_month.trailing(12);
    let metric_ids: Vec<i32> = m.assignments.iter().map(|a| a.metric_id).collect();
    let mut history: HashMap<i32, Vec<(YearMonth, f64)>> = HashMap::new();
    for (id, month, value) in MetricValue::points_for_metrics_since(
        conn,
        &metric_ids,
        &data_month.trailing(13)[0].to_string(),
    )? {
        if let Ok(month) = YearMonth::parse(&month) {
            if month <= data_month {
                history.entry(id).or_default().push((month, value));
            }
        }
    }
    let mut templates: HashMap<i32, Vec<crate::domain::template::Prompt>> = HashMap::new();
    let blank =
        |index: i32, kind: &'static str, title: String, seconds: i64, label: String| SlotView {
            index,
            kind,
            title,
            seconds,
            label,
            assignment_id: None,
            metric_id: None,
            presenter: None,
            owner: None,
            owner_id: None,
            value: None,
            target: None,
            answers: Vec::new(),
            submitted: false,
            correction: String::new(),
            fact_checked: false,
            notes: String::new(),
            feedback: Vec::new(),
            actions: Vec::new(),
            added: Vec::new(),
            rating: None,
            cards: Vec::new(),
            card: None,
            brief: String::new(),
            data_label: data_month.long_label(),
            data_short: data_month.label(),
        };
    let mut out = Vec::new();
    let mut opening = blank(
        0,
        "opening",
        "Opening".into(),
        plan.opening.seconds,
        plan.opening.label.clone(),
    );
    opening.notes = m.review().opening_notes.clone();
    opening.actions = ActionItem::list_open_before(conn, &m.review().month)?
        .into_iter()
        .map(|(month, a)| action_view(&a, &names, YearMonth::parse(&month).ok().map(|m| m.label())))
        .collect();
    opening.added = actions
        .iter()
        .filter(|x| x.assignment_id.is_none())
        .map(|x| action_view(x, &names, None))
        .collect();
    out.push(opening);
    for (i, a) in m.assignments.iter().enumerate() {
        let metric = m.ctx.metrics.iter().find(|x| x.id == a.metric_id);
        let p = presentations.iter().find(|p| p.assignment_id == a.id);
        let mut slot = blank(
            i32::try_from(i + 1).unwrap_or(0),
            "metric",
            metric.map_or_else(|| format!("metric {}", a.metric_id), |x| x.name.clone()),
            plan.per_metric.seconds,
            plan.per_metric.label.clone(),
        );
        slot.assignment_id = Some(a.id);
        slot.metric_id = Some(a.metric_id);
        slot.presenter = names.get(&a.presenter_id).cloned();
        slot.owner = a.owner_id.and_then(|o| names.get(&o).cloned());
        slot.owner_id = a.owner_id;
        slot.target = metric.and_then(|x| x.target.map(|t| x.format(t)));
        slot.notes = a.notes.clone();
        slot.brief = a.owner_brief.clone();
        slot.card = metric.map(|x| {
            metric_card(
                x,
                slot.owner.clone(),
                history.get(&x.id).map_or(&[][..], Vec::as_slice),
                &chart_months,
                560,
                160,
            )
        });
        if let Some(p) = p {
            slot.submitted = p.is_submitted();
            slot.value = p.value.and_then(|v| metric.map(|x| x.format(v)));
            slot.correction = p.correction.clone();
            slot.fact_checked = p.fact_checked_at.is_some();
            slot.rating = p.clarity_rating;
            let prompts = match templates.get(&p.template_version) {
                Some(prompts) => prompts.clone(),
                None => {
                    let prompts = parse_prompts(
                        &PresentationTemplate::find(conn, p.template_version)?.prompts,
                    )?;
                    templates.insert(p.template_version, prompts.clone());
                    prompts
                }
            };
            let answers: BTreeMap<String, String> =
                serde_json::from_str(&p.answers).unwrap_or_default();
            slot.answers = prompts
                .iter()
                .filter_map(|q| {
                    answers
                        .get(&q.key)
                        .map(|ans| (q.question.clone(), ans.clone()))
                })
                .collect();
        }
        slot.feedback = feedback
            .iter()
            .filter(|f| f.assignment_id == a.id)
            .map(|f| FeedbackView {
                kind: f.kind.clone(),
                body: f.body.clone(),
                // Feedback given without a name is anonymous to everyone, managers too.
                author: if f.anonymous {
                    "anonymous".into()
                } else {
                    names.get(&f.author_id).cloned().unwrap_or_default()
                },
                when: datetime(f.created_at),
            })
            .collect();
        slot.actions = actions
            .iter()
            .filter(|x| x.assignment_id == Some(a.id))
            .map(|x| action_view(x, &names, None))
            .collect();
        out.push(slot);
    }
    let mut closing = blank(
        i32::try_from(m.assignments.len() + 1).unwrap_or(0),
        "closing",
        "Closing: boards and feedback".into(),
        plan.closing.seconds,
        plan.closing.label.clone(),
    );
    closing.actions = actions
        .iter()
        .filter(|x| x.assignment_id.is_none())
        .map(|x| action_view(x, &names, None))
        .collect();
    closing.cards = meeting::month_cards(conn, m.review(), now)?
        .into_iter()
        .map(|c| (c.id, c.kind, c.title))
        .collect();
    out.push(closing);
    Ok(out)
}

#[derive(Serialize)]
pub struct MeetingView {
    month: String,
    label: String,
    status: String,
    when: String,
    slots: Vec<SlotView>,
    current: i32,
    slot: SlotView,
    /// Seconds left in the current slot and in the whole meeting, when it has started.
    slot_left: i64,
    meeting_left: Option<i64>,
    members: Vec<(i32, String)>,
    anonymous_allowed: bool,
    agenda_warning: Option<String>,
    is_last: bool,
    /// The clock runs (the manager pressed Start).
    started: bool,
    /// When the scheduled day is still ahead: its date and time, for the confirmation.
    scheduled_later: Option<String>,
    /// The start form's error, beside its confirmation box.
    start_error: Option<String>,
    /// The end form's error, beside its confirmation box.
    end_error: Option<String>,
}

fn meeting_view(
    conn: &mut diesel::SqliteConnection,
    m: &Meeting,
    now: chrono::NaiveDateTime,
) -> Result<MeetingView, AppError> {
    let slots = slots(conn, m, now)?;
    let review = m.review();
    let current = review.current_slot.clamp(0, m.slot_count() - 1);
    let slot = slots
        .get(usize::try_from(current).unwrap_or(0))
        .cloned()
        .ok_or_else(|| AppError::internal("no slot"))?;
    let elapsed = review
        .slot_started_at
        .map_or(0, |t| (now - t).num_seconds());
    let mut members: Vec<(i32, String)> = m
        .ctx
        .members
        .values()
        .filter(|x| x.active)
        .map(|x| (x.id, x.name.clone()))
        .collect();
    members.sort_by_key(|(_, n)| n.to_lowercase());
    Ok(MeetingView {
        month: review.month.clone(),
        label: YearMonth::parse(&review.month)
            .map(|x| x.long_label())
            .unwrap_or_default(),
        status: review.status.clone(),
        when: crate::domain::review::local_when(review.starts_at, &review.timezone),
        slot_left: slot.seconds - elapsed,
        meeting_left: review
            .meeting_started_at
            .map(|t| i64::from(review.duration_minutes) * 60 - (now - t).num_seconds()),
        is_last: current == m.slot_count() - 1,
        started: review.meeting_started_at.is_some(),
        scheduled_later: meeting::scheduled_later(review, now),
        start_error: None,
        end_error: None,
        slots,
        current,
        slot,
        members,
        anonymous_allowed: TeamSettings::get(conn)?.anonymous_feedback,
        agenda_warning: m.ctx.agenda(m.assignments.len()).warning,
    })
}

pub async fn run_meeting(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let (actor, now) = (user.clone(), state.now());
    let view = db::run(&state.pool, move |conn| {
        let m = meeting::open(conn, &actor, month)?;
        meeting_view(conn, &m, now)
    })
    .await?;
    page.render(Some(&user), "meeting/run.html", &view)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StartForm {
    confirm: String,
}

/// Start the meeting: the start screen's button (a POST: opening the page changes
/// nothing). Before the scheduled day the form needs its confirmation box ticked.
pub async fn start_meeting(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<StartForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let (actor, now, confirmed) = (user.clone(), state.now(), flag(&form.confirm));
    let result = db::run(&state.pool, move |conn| {
        meeting::start(conn, &actor, month, confirmed, now)
    })
    .await;
    match result {
        Ok(()) => Ok(see_other(&state, &format!("/reviews/{month}/run"), None)),
        Err(AppError::Validation(errors)) => {
            let actor = user.clone();
            let mut view = db::run(&state.pool, move |conn| {
                let m = meeting::open(conn, &actor, month)?;
                meeting_view(conn, &m, now)
            })
            .await?;
            view.start_error = errors.first().map(|e| e.message.clone());
            page.render_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "meeting/run.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SlotForm {
    /// The slot to go to (`go` from the page's buttons; `slot` from older forms).
    slot: String,
    go: String,
    /// The notes of the slot being left, saved before moving.
    notes_slot: String,
    notes: Option<String>,
}

pub async fn go_to_slot(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<SlotForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let target = if form.go.trim().is_empty() {
        &form.slot
    } else {
        &form.go
    };
    let slot = form_int(target, "slot", "slot is not a number")?;
    let notes = match form.notes {
        Some(notes) => Some((
            form_int(&form.notes_slot, "slot", "slot is not a number")?,
            notes,
        )),
        None => None,
    };
    let stays = notes.as_ref().is_some_and(|(from, _)| *from == slot);
    let now = state.now();
    db::run(&state.pool, move |conn| {
        if let Some((from, notes)) = &notes {
            meeting::save_notes(conn, &user, month, *from, notes)?;
        }
        if stays {
            // Saving the notes does not restart the slot's clock.
            return Ok(slot);
        }
        meeting::go_to(conn, &user, month, slot, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/run"),
        stays.then_some("Notes saved."),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NotesForm {
    slot: String,
    notes: String,
    /// Sent by the page's script as the notes change: answered with 204, no page.
    autosave: String,
}

pub async fn save_notes(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<NotesForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let slot = form_int(&form.slot, "slot", "slot is not a number")?;
    let autosave = flag(&form.autosave);
    db::run(&state.pool, move |conn| {
        meeting::save_notes(conn, &user, month, slot, &form.notes)
    })
    .await?;
    if autosave {
        return Ok(HttpResponse::NoContent().finish());
    }
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/run"),
        Some("Notes saved."),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActionForm {
    slot: String,
    text: String,
    owner_id: String,
    due_date: String,
}

pub async fn add_action(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let slot = form.slot.trim().parse::<i32>().unwrap_or(-1);
    let now = state.now();
    db::run(&state.pool, move |conn| {
        meeting::add_action_item(
            conn,
            &user,
            month,
            &NewAction {
                slot,
                text: &form.text,
                owner_id: &form.owner_id,
                due_date: &form.due_date,
            },
            now,
        )
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/run"),
        Some("Action item added."),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneForm {
    done: String,
    back: String,
}

/// A local path to go back to (never another site).
fn back_to(back: &str, fallback: &str) -> String {
    if back.starts_with('/') && !back.starts_with("//") {
        back.to_string()
    } else {
        fallback.to_string()
    }
}

pub async fn set_action_done(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<DoneForm>,
) -> Result<HttpResponse, AppError> {
    let (id, now, done) = (id.into_inner(), state.now(), flag(&form.done));
    db::run(&state.pool, move |conn| {
        meeting::set_action_done(conn, &user, id, done, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &back_to(&form.back, "/"),
        Some(if done {
            "Marked done."
        } else {
            "Marked open again."
        }),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EndForm {
    confirm: String,
}

pub async fn end_meeting(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let now = state.now();
    if !flag(&form.confirm) {
        // Back to the closing slot, with the message beside the box.
        let actor = user.clone();
        let mut view = db::run(&state.pool, move |conn| {
            let m = meeting::open(conn, &actor, month)?;
            meeting_view(conn, &m, now)
        })
        .await?;
        view.end_error = Some(
            "Tick \"The meeting is over\" to end it: the meeting then becomes read-only.".into(),
        );
        return page.render_status(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            Some(&user),
            "meeting/run.html",
            &view,
        );
    }
    db::run(&state.pool, move |conn| {
        meeting::end(conn, &user, month, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/values"),
        Some("The meeting is over. Which presented values go into the history?"),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReopenForm {
    confirm: String,
}

/// Reopen a held meeting (until the next one starts): presenters' links work again and
/// the values its ending wrote are taken back.
pub async fn reopen_meeting(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<ReopenForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    if !flag(&form.confirm) {
        return Err(AppError::validation(
            "confirm",
            "Tick \"Reopen the meeting\" to confirm: values written at its end are taken back",
        ));
    }
    let now = state.now();
    let taken_back = db::run(&state.pool, move |conn| {
        meeting::reopen(conn, &user, month, now)
    })
    .await?;
    let message = match taken_back {
        0 => "The meeting is open again; presenters' links work again.".to_string(),
        1 => "The meeting is open again; presenters' links work again, and the value its ending wrote was taken back.".to_string(),
        n => format!("The meeting is open again; presenters' links work again, and the {n} values its ending wrote were taken back."),
    };
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/run"),
        Some(&message),
    ))
}

pub async fn follow_meeting(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let now = state.now();
    let view = db::run(&state.pool, move |conn| {
        let m = meeting::load(conn, month)?;
        if !matches!(
            m.review().status(),
            ReviewStatus::Published | ReviewStatus::Held
        ) {
            return Err(AppError::NotFound(
                "this meeting has no published rotation yet".into(),
            ));
        }
        meeting_view(conn, &m, now)
    })
    .await?;
    page.render(Some(&user), "meeting/follow.html", &view)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedbackForm {
    kind: String,
    body: String,
    anonymous: String,
    back: String,
}

pub async fn post_feedback(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<FeedbackForm>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.now());
    let (kind, body, anonymous) = (form.kind.clone(), form.body.clone(), flag(&form.anonymous));
    db::run(&state.pool, move |conn| {
        meeting::add_feedback(conn, &user, id, &kind, &body, anonymous, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &back_to(&form.back, &format!("/assignments/{id}/presentation")),
        Some("Thank you for the feedback."),
    ))
}

#[derive(Serialize)]
pub struct ValueRow {
    metric_id: i32,
    metric: String,
    presenter: String,
    value: Option<String>,
    recorded: Option<String>,
    /// A different value is recorded: writing replaces it, so the row asks.
    differs: bool,
    /// Nothing to write: the presented value is already the recorded one.
    same: bool,
    error: Option<String>,
}

#[derive(Serialize)]
pub struct ValuesView {
    month: String,
    label: String,
    data_label: String,
    rows: Vec<ValueRow>,
    can_reopen: bool,
}

fn values_view(
    conn: &mut diesel::SqliteConnection,
    month: YearMonth,
    errors: &BTreeMap<String, String>,
) -> Result<ValuesView, AppError> {
    let m = meeting::load(conn, month)?;
    if m.review().status() != ReviewStatus::Held {
        return Err(AppError::conflict(
            None,
            "values are written after the meeting is held",
        ));
    }
    let data_month = m
        .review()
        .data_month()
        .ok_or_else(|| AppError::internal("a review without a data month"))?;
    let ids: Vec<i32> = m.assignments.iter().map(|a| a.id).collect();
    let presentations = Presentation::list_for_assignments(conn, &ids)?;
    let mut rows = Vec::new();
    for a in &m.assignments {
        let Some(metric) = m.ctx.metrics.iter().find(|x| x.id == a.metric_id) else {
            continue;
        };
        let recorded =
            MetricValue::find(conn, metric.id, &data_month.to_string())?.map(|v| v.value);
        let value = presentations
            .iter()
            .find(|p| p.assignment_id == a.id)
            .and_then(|p| p.value);
        rows.push(ValueRow {
            metric_id: metric.id,
            metric: metric.name.clone(),
            presenter: m
                .ctx
                .members
                .get(&a.presenter_id)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            differs: matches!((value, recorded), (Some(v), Some(r)) if v != r),
            same: matches!((value, recorded), (Some(v), Some(r)) if v == r),
            value: value.map(|v| metric.format(v)),
            recorded: recorded.map(|v| metric.format(v)),
            error: errors.get(&format!("write_{}", metric.id)).cloned(),
        });
    }
    Ok(ValuesView {
        month: month.to_string(),
        label: month.long_label(),
        data_label: data_month.long_label(),
        can_reopen: meeting::later_started(conn, m.review())?.is_none(),
        rows,
    })
}

pub async fn values_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let view = db::run(&state.pool, move |conn| {
        values_view(conn, month, &BTreeMap::new())
    })
    .await?;
    page.render(Some(&user), "meeting/values.html", &view)
}

pub async fn write_values(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let choice = meeting::ValueChoice {
        write: super::ticked_ids(&form, "write_"),
        replace: super::ticked_ids(&form, "replace_"),
    };
    let (now, actor) = (state.now(), user.clone());
    let result = db::run(&state.pool, move |conn| {
        meeting::write_values(conn, &actor, month, &choice, now)
    })
    .await;
    match result {
        Ok(done) => {
            let mut message = match done.written {
                1 => "1 value written to the metric history.".to_string(),
                n => format!("{n} values written to the metric history."),
            };
            if done.unchanged > 0 {
                message.push_str(&format!(
                    " {} already recorded as presented.",
                    done.unchanged
                ));
            }
            Ok(see_other(
                &state,
                &format!("/reviews/{month}/archive"),
                Some(&message),
            ))
        }
        Err(AppError::Validation(errors)) => {
            let by_field = errors.by_field();
            let view =
                db::run(&state.pool, move |conn| values_view(conn, month, &by_field)).await?;
            page.render_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "meeting/values.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}

pub async fn show_archive(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let now = state.now();
    let view = db::run(&state.pool, move |conn| {
        let m = meeting::load(conn, month)?;
        if m.review().status() != ReviewStatus::Held {
            return Err(AppError::NotFound(
                "the archive exists once the meeting is held".into(),
            ));
        }
        meeting_view(conn, &m, now)
    })
    .await?;
    page.render(Some(&user), "meeting/archive.html", &view)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RatingForm {
    rating: String,
    /// Where to go after rating (the follow-along page rates at the slot).
    back: String,
}

pub async fn rate_clarity(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<RatingForm>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.now());
    let rating = form_int(&form.rating, "rating", "rating must be from 1 to 5")?;
    db::run(&state.pool, move |conn| {
        meeting::rate(conn, &user, id, rating, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &back_to(&form.back, &format!("/assignments/{id}/presentation")),
        Some("Thank you: your rating is saved."),
    ))
}

pub async fn send_summary(
    state: web::Data<AppState>,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let ids: Vec<i32> = super::ticked_ids(&form, "to_");
    let (st, now) = (state.clone(), state.now());
    let queued = db::run(&state.pool, move |conn| {
        meeting::send_summary(conn, &st.postbox(), &user, month, &ids, now)
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/reviews/{month}/archive"),
        Some(&format!("The summary is on its way to {queued} people.")),
    ))
}
