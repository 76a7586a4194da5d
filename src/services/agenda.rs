//! The order and time of a review's metric slots. The standard agenda keeps the draw's
//! order with equal slots; signals first puts the metrics whose data month is a signal
//! first, with twice the time (`domain::review::order_slots`).

use diesel::SqliteConnection;

use crate::domain::review::{order_slots, Agenda};
use crate::error::AppError;
use crate::models::Assignment;
use crate::services::analysis::{self, ReviewAnalyses};
use crate::services::review_context::Context;

/// A review's assignments in agenda order, each with its slot's seconds, and the
/// analyses of their metrics' data month when they were needed (signals first) or asked
/// for (`want_analyses`): a standard agenda's actions (a slot change, an autosave) need
/// no values.
pub struct Planned {
    pub assignments: Vec<Assignment>,
    pub timeboxes: Vec<i64>,
    pub analyses: Option<ReviewAnalyses>,
}

pub fn plan(
    conn: &mut SqliteConnection,
    ctx: &Context,
    assignments: Vec<Assignment>,
    want_analyses: bool,
) -> Result<Planned, AppError> {
    let plan = ctx.agenda(assignments.len());
    match ctx.review.agenda() {
        Agenda::Standard => Ok(Planned {
            analyses: want_analyses
                .then(|| analysis::for_review(conn, &ctx.review, &assignments))
                .transpose()?,
            timeboxes: vec![plan.per_metric.seconds; assignments.len()],
            assignments,
        }),
        Agenda::SignalsFirst => {
            let analyses = analysis::for_review(conn, &ctx.review, &assignments)?;
            let signal: Vec<bool> = assignments
                .iter()
                .map(|a| analyses.is_signal(a.metric_id))
                .collect();
            let slots = order_slots(Agenda::SignalsFirst, ctx.metric_seconds(), &signal);
            let mut by_index: Vec<Option<Assignment>> = assignments.into_iter().map(Some).collect();
            let mut ordered = Vec::with_capacity(slots.len());
            let mut timeboxes = Vec::with_capacity(slots.len());
            for (i, seconds) in slots {
                if let Some(a) = by_index.get_mut(i).and_then(Option::take) {
                    ordered.push(a);
                    timeboxes.push(seconds);
                }
            }
            Ok(Planned {
                assignments: ordered,
                timeboxes,
                analyses: Some(analyses),
            })
        }
    }
}
