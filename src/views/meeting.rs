//! The meeting's pages as people see them: every slot (opening, one per metric, closing)
//! with its numbers, presentation, notes, feedback and action items, the facilitator's
//! view around them, and the form that writes the presented values into the history.
//! Pure: built from what `services::meeting` loads.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::domain::month::YearMonth;
use crate::models::ActionItem;
use crate::services::meeting::ending::ValuesData;
use crate::services::meeting::{self, Meeting, SlotData};
use crate::views::analysis::{signal_of, SignalView};
use crate::views::cards::{metric_card, MetricCard};

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
    /// Metric slots: signal or noise, the comparison block and the events.
    signal: Option<SignalView>,
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
/// Every slot of the agenda. Only the slots `detailed` names get their chart, signal,
/// answers, feedback and actions (the rest carry what the agenda lists: title, time,
/// presenter): a meeting page shows one slot, the archive all of them.
pub fn slots(
    m: &Meeting,
    d: &SlotData,
    detailed: &dyn Fn(i32) -> bool,
    lang: crate::i18n::Lang,
) -> Vec<SlotView> {
    use crate::i18n::{self, format};
    let names: HashMap<i32, String> = m
        .ctx
        .members
        .values()
        .map(|x| (x.id, x.name.clone()))
        .collect();
    let (presentations, feedback, actions) = (&d.presentations, &d.feedback, &d.actions);
    let plan = m.ctx.agenda(m.assignments.len());
    let data_month = d.data_month;
    let chart_months = data_month.trailing(12);
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
            signal: None,
            data_label: format::month(lang, data_month),
            data_short: format::short_month(lang, data_month),
        };
    let metrics: HashMap<i32, &crate::models::Metric> =
        m.ctx.metrics.iter().map(|x| (x.id, x)).collect();
    let by_assignment: HashMap<i32, &crate::models::Presentation> =
        presentations.iter().map(|p| (p.assignment_id, p)).collect();
    let mut out = Vec::new();
    let mut opening = blank(
        0,
        "opening",
        i18n::t(lang, "meeting-opening"),
        plan.opening.seconds,
        plan.opening.label.clone(),
    );
    opening.notes = m.review().opening_notes.clone();
    opening.actions = d
        .open_before
        .iter()
        .map(|(month, a)| {
            let from = YearMonth::parse(month)
                .ok()
                .map(|m| format::short_month(lang, m));
            action_view(a, &names, from)
        })
        .collect();
    opening.added = actions
        .iter()
        .filter(|x| x.assignment_id.is_none())
        .map(|x| action_view(x, &names, None))
        .collect();
    out.push(opening);
    for (i, a) in m.assignments.iter().enumerate() {
        let metric = metrics.get(&a.metric_id).copied();
        let p = by_assignment.get(&a.id).copied();
        let seconds = m
            .timeboxes
            .get(i)
            .copied()
            .unwrap_or(plan.per_metric.seconds);
        let mut slot = blank(
            i32::try_from(i + 1).unwrap_or(0),
            "metric",
            metric.map_or_else(|| format!("metric {}", a.metric_id), |x| x.name.clone()),
            seconds,
            crate::domain::review::minutes_seconds(seconds),
        );
        slot.assignment_id = Some(a.id);
        slot.metric_id = Some(a.metric_id);
        slot.presenter = names.get(&a.presenter_id).cloned();
        slot.owner = a.owner_id.and_then(|o| names.get(&o).cloned());
        slot.owner_id = a.owner_id;
        if !detailed(slot.index) {
            out.push(slot);
            continue;
        }
        slot.target = metric.and_then(|x| x.target.map(|t| x.format(t)));
        slot.notes = a.notes.clone();
        slot.brief = a.owner_brief.clone();
        slot.card = metric.map(|x| {
            let mut card = metric_card(
                x,
                slot.owner.clone(),
                d.history.get(&x.id).map_or(&[][..], Vec::as_slice),
                &chart_months,
                560,
                160,
            );
            slot.signal = Some(signal_of(x, &d.analyses, &chart_months, &mut card, lang));
            card.localize(x, &chart_months, lang);
            card
        });
        if let Some(p) = p {
            slot.submitted = p.is_submitted();
            slot.value = p.value.and_then(|v| metric.map(|x| x.format(v)));
            slot.correction = p.correction.clone();
            slot.fact_checked = p.fact_checked_at.is_some();
            slot.rating = p.clarity_rating;
            let prompts = d
                .prompts
                .get(&p.template_version)
                .map_or(&[][..], Vec::as_slice);
            let answers: BTreeMap<String, String> =
                serde_json::from_str(&p.answers).unwrap_or_default();
            slot.answers = prompts
                .iter()
                .filter_map(|q| {
                    let question = i18n::default_or_own(
                        lang,
                        &format!("prompt-{}-question", q.key),
                        &q.question,
                    );
                    answers.get(&q.key).map(|ans| (question, ans.clone()))
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
                    i18n::t(lang, "feedback-anonymous")
                } else {
                    names.get(&f.author_id).cloned().unwrap_or_default()
                },
                when: format::utc_when(lang, f.created_at),
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
        i18n::t(lang, "meeting-closing"),
        plan.closing.seconds,
        plan.closing.label.clone(),
    );
    closing.actions = actions
        .iter()
        .filter(|x| x.assignment_id.is_none())
        .map(|x| action_view(x, &names, None))
        .collect();
    closing.cards = d
        .cards
        .iter()
        .map(|c| (c.id, c.kind.clone(), c.title.clone()))
        .collect();
    out.push(closing);
    out
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
    pub start_error: Option<String>,
    /// The end form's error, beside its confirmation box.
    pub end_error: Option<String>,
}

pub use crate::services::meeting::Detail;

/// The meeting as its pages show it.
pub fn meeting_view(
    m: &Meeting,
    d: &SlotData,
    (now, lang): (NaiveDateTime, crate::i18n::Lang),
    detail: Detail,
) -> MeetingView {
    let review = m.review();
    let current = review.current_slot.clamp(0, m.slot_count() - 1);
    let slots = slots(
        m,
        d,
        &|index| detail == Detail::EverySlot || index == current,
        lang,
    );
    // `slots` always holds the opening and the closing, and `current` is clamped.
    let slot = slots[usize::try_from(current).unwrap_or(0).min(slots.len() - 1)].clone();
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
    MeetingView {
        month: review.month.clone(),
        label: YearMonth::parse(&review.month)
            .map(|x| crate::i18n::format::month(lang, x))
            .unwrap_or_default(),
        status: review.status.clone(),
        when: crate::i18n::format::when(lang, review.starts_at, &review.timezone),
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
        anonymous_allowed: d.anonymous_allowed,
        agenda_warning: m.ctx.agenda(m.assignments.len()).warning,
    }
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

pub fn values_view(d: &ValuesData, errors: &BTreeMap<String, String>) -> ValuesView {
    let m = &d.meeting;
    let rows = m
        .assignments
        .iter()
        .filter_map(|a| {
            let metric = m.ctx.metrics.iter().find(|x| x.id == a.metric_id)?;
            let recorded = d.recorded.get(&metric.id).copied();
            let value = d
                .presentations
                .iter()
                .find(|p| p.assignment_id == a.id)
                .and_then(|p| p.value);
            Some(ValueRow {
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
            })
        })
        .collect();
    ValuesView {
        month: d.month.to_string(),
        label: d.month.long_label(),
        data_label: d.data_month.long_label(),
        can_reopen: d.can_reopen,
        rows,
    }
}
