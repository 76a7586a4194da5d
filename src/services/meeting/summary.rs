//! The meeting's summary email: values, insights, action items and the month's cards.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::card::Kind as CardKind;
use crate::domain::month::YearMonth;
use crate::domain::review::ReviewStatus;
use crate::error::AppError;
use crate::models::{ActionItem, Presentation};

use super::{load, month_cards};

#[derive(serde::Serialize)]
struct SummaryMetric {
    name: String,
    presenter: String,
    value: Option<String>,
    insight: Option<String>,
    /// "signal: concern", "usual range"…, with the verdict in words.
    variation: Option<&'static str>,
    verdict: Option<String>,
    signal: bool,
    events: Vec<String>,
}

#[derive(serde::Serialize)]
struct SummaryAction {
    text: String,
    owner: Option<String>,
    due: Option<String>,
}

#[derive(serde::Serialize)]
struct SummaryMail {
    month_name: String,
    /// "December 2026": the month whose numbers were presented.
    data_month_name: String,
    archive_link: String,
    metrics: Vec<SummaryMetric>,
    actions: Vec<SummaryAction>,
    successes: Vec<SummaryCard>,
    fails: Vec<SummaryCard>,
}

#[derive(serde::Serialize)]
struct SummaryCard {
    title: String,
    lesson: String,
    link: String,
}

/// Email the meeting's summary to the chosen members (once each).
pub fn send_summary(
    conn: &mut SqliteConnection,
    postbox: &crate::mail::Postbox,
    actor: &CurrentUser,
    month: YearMonth,
    member_ids: &[i32],
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    actor.require_manager()?;
    if member_ids.is_empty() {
        return Err(AppError::validation(
            "member_ids",
            "Choose at least one person to send the summary to",
        ));
    }
    conn.immediate_transaction(|conn| {
        let m = load(conn, month)?;
        if m.review().status() != ReviewStatus::Held {
            return Err(AppError::conflict(
                None,
                "the summary goes out after the meeting is held",
            ));
        }
        let ids: Vec<i32> = m.assignments.iter().map(|a| a.id).collect();
        let presentations = Presentation::list_for_assignments(conn, &ids)?;
        let data_month = m
            .review()
            .data_month()
            .ok_or_else(|| AppError::internal("a review without a month"))?;
        let analyses = m.analyses(conn, super::Detail::EverySlot)?;
        let name_of = |id: i32| m.ctx.members.get(&id).map(|x| x.name.clone());
        let mut metrics: Vec<SummaryMetric> = m
            .assignments
            .iter()
            .filter_map(|a| {
                let metric = m.ctx.metrics.iter().find(|x| x.id == a.metric_id)?;
                let p = presentations.iter().find(|p| p.assignment_id == a.id);
                let answers: std::collections::BTreeMap<String, String> = p
                    .and_then(|p| serde_json::from_str(&p.answers).ok())
                    .unwrap_or_default();
                Some(SummaryMetric {
                    name: metric.name.clone(),
                    presenter: name_of(a.presenter_id).unwrap_or_default(),
                    value: p.and_then(|p| p.value).map(|v| metric.format(v)),
                    insight: answers.get("insight").cloned(),
                    variation: analyses
                        .analyses
                        .get(&metric.id)
                        .map(|x| x.variation.label()),
                    verdict: analyses.analyses.get(&metric.id).map(|x| x.verdict()),
                    signal: analyses.is_signal(metric.id),
                    events: analyses
                        .events
                        .get(&metric.id)
                        .into_iter()
                        .flatten()
                        .filter(|e| e.month == data_month.to_string())
                        .map(|e| e.title.clone())
                        .collect(),
                })
            })
            .collect();
        // The signals first: they are what the month had to explain.
        metrics.sort_by_key(|x| !x.signal);
        let actions = ActionItem::list_for_review(conn, m.review().id)?
            .into_iter()
            .map(|a| SummaryAction {
                owner: a.owner_id.and_then(name_of),
                due: a.due_date,
                text: a.text,
            })
            .collect();
        let cards = month_cards(conn, m.review(), now)?;
        let card = |c: &crate::models::Card| SummaryCard {
            title: c.title.clone(),
            lesson: c.lesson.clone(),
            link: format!("{}/cards/{}", postbox.base_url, c.id),
        };
        let successes = cards
            .iter()
            .filter(|c| c.kind == CardKind::Success.as_str())
            .map(card)
            .collect();
        let fails = cards
            .iter()
            .filter(|c| c.kind == CardKind::Fail.as_str())
            .map(card)
            .collect();
        let mail = SummaryMail {
            month_name: month.long_label(),
            data_month_name: m
                .review()
                .data_month()
                .map(|d| d.long_label())
                .unwrap_or_default(),
            archive_link: format!("{}/reviews/{month}/archive", postbox.base_url),
            metrics,
            actions,
            successes,
            fails,
        };
        let mut queued = 0;
        for id in member_ids {
            let Some(to) = m.ctx.members.get(id).filter(|x| x.active) else {
                return Err(AppError::validation(
                    "member_ids",
                    format!("Member {id} is not an active member"),
                ));
            };
            let key = format!("summary:{}:{}", m.review().id, to.id);
            if postbox.queue(
                conn,
                crate::mail::Email {
                    kind: "summary",
                    key,
                    to_email: &to.email,
                    to_name: &to.name,
                    context: &mail,
                    ics: None,
                    lang: postbox.language_for(to),
                },
                now,
            )? {
                queued += 1;
            }
        }
        Ok(queued)
    })
}
