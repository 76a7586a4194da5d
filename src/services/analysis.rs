//! Signal or noise: a metric's analysis for a month (`domain::analysis`), loaded from its
//! values and events, and the events themselves (who may write them).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::analysis::{analyse, Analysis, Facts};
use crate::domain::event::{EventDraft, EventFields};
use crate::domain::ids::{EventId, MetricId};
use crate::domain::month::YearMonth;
use crate::domain::review::ReviewStatus;
use crate::domain::spc::Point;
use crate::error::AppError;
use crate::models::{Assignment, Metric, MetricEvent, MetricValue, NewMetricEvent, Review};

pub fn facts(metric: &Metric) -> Facts {
    Facts {
        direction: metric.direction(),
        aggregation: metric.aggregation(),
        target: metric.target,
    }
}

/// The months of the events that changed the process.
pub fn rebases<'a>(events: impl IntoIterator<Item = &'a MetricEvent>) -> Vec<YearMonth> {
    events
        .into_iter()
        .filter(|e| e.rebase)
        .filter_map(|e| YearMonth::parse(&e.month).ok())
        .collect()
}

/// A metric's values as points, in month order.
pub fn points(conn: &mut SqliteConnection, metric_id: i32) -> Result<Vec<Point>, AppError> {
    Ok(points_of(conn, &[metric_id])?
        .remove(&metric_id)
        .unwrap_or_default())
}

/// Several metrics' values as points, in month order.
pub fn points_of(
    conn: &mut SqliteConnection,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<Point>>, AppError> {
    let mut out: HashMap<i32, Vec<Point>> = HashMap::new();
    for (id, month, value) in MetricValue::points_for_metrics_since(conn, ids, "")? {
        if let Ok(month) = YearMonth::parse(&month) {
            out.entry(id).or_default().push(Point { month, value });
        }
    }
    Ok(out)
}

/// Several metrics' events, in month order.
fn events_of(
    conn: &mut SqliteConnection,
    ids: &[i32],
) -> Result<HashMap<i32, Vec<MetricEvent>>, AppError> {
    let mut events: HashMap<i32, Vec<MetricEvent>> = HashMap::new();
    for e in MetricEvent::list_for_metrics(conn, ids)? {
        events.entry(e.metric_id).or_default().push(e);
    }
    Ok(events)
}

/// One metric's analysis, its points and its events.
pub struct MetricAnalysis {
    pub metric: Metric,
    pub analysis: Analysis,
    pub points: Vec<Point>,
    pub events: Vec<(MetricEvent, Option<String>)>,
}

/// The analysis of `month` (default: the latest month with a value). A month without a
/// value is 404, naming the month.
pub fn of_month(
    conn: &mut SqliteConnection,
    metric_id: i32,
    month: Option<YearMonth>,
) -> Result<MetricAnalysis, AppError> {
    let metric = Metric::find(conn, metric_id).map_err(|_| AppError::not_found("metric"))?;
    let points = points(conn, metric_id)?;
    let events = MetricEvent::list_for_metric(conn, metric_id)?;
    let month = match month.or_else(|| points.last().map(|p| p.month)) {
        Some(m) => m,
        None => {
            return Err(AppError::NotFound(format!(
                "{} has no values yet, so there is nothing to analyse",
                metric.name
            )))
        }
    };
    let analysis = analyse(
        facts(&metric),
        &points,
        &rebases(events.iter().map(|(e, _)| e)),
        month,
    )
    .ok_or_else(|| {
        AppError::NotFound(format!(
            "{} has no value for {} ({month}); analyse a month with a value",
            metric.name,
            month.long_label()
        ))
    })?;
    Ok(MetricAnalysis {
        metric,
        analysis,
        points,
        events,
    })
}

/// The analysis of each metric's data month for a review, with its events and points.
/// `provisional` holds values a presenter brought for months still without a recorded
/// one: they stand in for the month, so the presenter sees the verdict before the value
/// is written into the history.
#[derive(Clone, Default)]
pub struct ReviewAnalyses {
    pub analyses: HashMap<i32, Analysis>,
    pub points: HashMap<i32, Vec<Point>>,
    pub events: HashMap<i32, Vec<MetricEvent>>,
}

impl ReviewAnalyses {
    pub fn is_signal(&self, metric_id: i32) -> bool {
        self.analyses
            .get(&metric_id)
            .is_some_and(|a| a.variation.is_signal())
    }
}

pub fn for_metrics(
    conn: &mut SqliteConnection,
    metrics: &[&Metric],
    month: YearMonth,
    provisional: &HashMap<i32, f64>,
) -> Result<ReviewAnalyses, AppError> {
    let ids: Vec<i32> = metrics.iter().map(|m| m.id).collect();
    let mut points = points_of(conn, &ids)?;
    let events = events_of(conn, &ids)?;
    let mut analyses = HashMap::new();
    for metric in metrics {
        let series = points.entry(metric.id).or_default();
        if let Some(value) = provisional.get(&metric.id) {
            if !series.iter().any(|p| p.month == month) {
                let at = series.partition_point(|p| p.month < month);
                series.insert(
                    at,
                    Point {
                        month,
                        value: *value,
                    },
                );
            }
        }
        let rebases = rebases(events.get(&metric.id).into_iter().flatten());
        if let Some(a) = analyse(facts(metric), series, &rebases, month) {
            analyses.insert(metric.id, a);
        }
    }
    Ok(ReviewAnalyses {
        analyses,
        points,
        events,
    })
}

/// May `actor` write events on `metric`? The manager, its owner, and whoever presents it
/// in a published review that has not been held.
pub fn may_write_events(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    metric: &Metric,
) -> Result<bool, AppError> {
    if actor.is_manager() || metric.owner_id == Some(actor.id()) {
        return Ok(true);
    }
    Ok(Assignment::list_for_presenter(conn, actor.id())?
        .into_iter()
        .any(|(_, status, a)| {
            a.metric_id == metric.id && status == ReviewStatus::Published.as_str()
        }))
}

pub fn list_events(
    conn: &mut SqliteConnection,
    metric_id: i32,
) -> Result<Vec<(MetricEvent, Option<String>)>, AppError> {
    Metric::find(conn, metric_id).map_err(|_| AppError::not_found("metric"))?;
    Ok(MetricEvent::list_for_metric(conn, metric_id)?)
}

pub fn add_event(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    metric_id: i32,
    fields: &EventFields,
    now: NaiveDateTime,
) -> Result<MetricEvent, AppError> {
    conn.immediate_transaction(|conn| {
        let metric = Metric::find(conn, metric_id).map_err(|_| AppError::not_found("metric"))?;
        if !may_write_events(conn, actor, &metric)? {
            return Err(AppError::Forbidden(format!(
                "only the manager, the owner of {} or its presenter this month may add events",
                metric.name
            )));
        }
        let draft = EventDraft::parse(fields)?;
        Ok(MetricEvent::insert(
            conn,
            &NewMetricEvent {
                metric_id,
                month: &draft.month.to_string(),
                title: &draft.title,
                note: &draft.note,
                rebase: draft.rebase,
                author_id: Some(actor.id()),
                created_at: now,
            },
        )?)
    })
}

/// Delete an event: the manager, or whoever wrote it.
pub fn delete_event(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    metric_id: MetricId,
    event_id: EventId,
) -> Result<MetricEvent, AppError> {
    conn.immediate_transaction(|conn| {
        let (_, event) = event_to_delete(conn, actor, metric_id, event_id)?;
        MetricEvent::delete(conn, event.id)?;
        Ok(event)
    })
}

/// An event the actor may delete (the manager, or its author), with its metric: what the
/// page asking "delete it?" shows.
pub fn event_to_delete(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    MetricId(metric_id): MetricId,
    EventId(event_id): EventId,
) -> Result<(Metric, MetricEvent), AppError> {
    let metric = Metric::find(conn, metric_id).map_err(|_| AppError::not_found("metric"))?;
    let event =
        MetricEvent::find(conn, metric_id, event_id).map_err(|_| AppError::not_found("event"))?;
    if !actor.is_manager() && event.author_id != Some(actor.id()) {
        return Err(AppError::Forbidden(
            "only the manager or the event's author may delete it".into(),
        ));
    }
    Ok((metric, event))
}

/// The review's analyses for its assignments' metrics, with the presenters' values
/// standing in for data months not yet recorded.
pub fn for_review(
    conn: &mut SqliteConnection,
    review: &Review,
    assignments: &[Assignment],
) -> Result<ReviewAnalyses, AppError> {
    let month = review
        .data_month()
        .ok_or_else(|| AppError::internal("a review without a month"))?;
    let ids: Vec<i32> = assignments.iter().map(|a| a.metric_id).collect();
    let metrics = Metric::list_by_ids(conn, &ids)?;
    let metric_of: HashMap<i32, i32> = assignments.iter().map(|a| (a.id, a.metric_id)).collect();
    let assignment_ids: Vec<i32> = metric_of.keys().copied().collect();
    let provisional: HashMap<i32, f64> =
        crate::models::Presentation::list_for_assignments(conn, &assignment_ids)?
            .into_iter()
            .filter_map(|p| Some((*metric_of.get(&p.assignment_id)?, p.value?)))
            .collect();
    let refs: Vec<&Metric> = metrics.iter().collect();
    for_metrics(conn, &refs, month, &provisional)
}

/// Each metric's analysis of its latest month with a value (the dashboard's), from its
/// `points` (as `points_of` loads them).
pub fn latest_for_metrics(
    conn: &mut SqliteConnection,
    metrics: &[&Metric],
    points: &HashMap<i32, Vec<Point>>,
) -> Result<HashMap<i32, Analysis>, AppError> {
    let ids: Vec<i32> = metrics.iter().map(|m| m.id).collect();
    let events = events_of(conn, &ids)?;
    Ok(metrics
        .iter()
        .filter_map(|m| {
            let series = points.get(&m.id)?;
            let rebases = rebases(events.get(&m.id).into_iter().flatten());
            let a = analyse(facts(m), series, &rebases, series.last()?.month)?;
            Some((m.id, a))
        })
        .collect())
}
