//! The plan ahead: a preview, never stored, of the next months' draws with today's team
//! and metrics, starting with the first month that has no published rotation yet.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::month::YearMonth;
use crate::domain::review::ReviewStatus;
use crate::domain::rotation::plan::{plan, Plan, MAX_PLAN_MONTHS};
use crate::domain::rotation::{DrawInput, Presenter};
use crate::error::AppError;
use crate::models::{Member, Metric, Review};
use crate::services::review_context::{parts, presenter, to_place};

/// The most (presenter, metric) pairs a plan draws in all its months together: a large
/// organisation gets a shorter horizon rather than a page that takes a minute.
pub const PLAN_PAIR_BUDGET: usize = 3_000_000;

pub struct PlanAhead {
    /// The plan's first month.
    pub first: YearMonth,
    /// How many months were asked for (the plan may be shorter for a large team).
    pub requested: u32,
    pub plan: Plan,
    pub members: HashMap<i32, Member>,
    /// The rotating metrics in agenda order.
    pub metrics: Vec<Metric>,
}

impl PlanAhead {
    pub fn month(&self, i: usize) -> YearMonth {
        (0..i).fold(self.first, |m, _| m.next())
    }
}

pub fn plan_ahead(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    today: NaiveDate,
    months: u32,
) -> Result<PlanAhead, AppError> {
    actor.require_manager()?;
    let reviews = Review::list(conn, i64::MAX, 0)?;
    let drawn = reviews
        .iter()
        .filter(|r| matches!(r.status(), ReviewStatus::Published | ReviewStatus::Held));
    let latest = drawn
        .filter_map(|r| YearMonth::parse(&r.month).ok().map(|m| (m, r)))
        .max_by_key(|(m, _)| *m);
    let this_month = YearMonth::of_date(today);
    let first = latest.map_or(this_month, |(m, _)| m.next().max(this_month));
    let manager_id = latest
        .and_then(|(_, r)| r.presenting_manager_id)
        .unwrap_or(actor.id());
    let parts = parts(conn, first)?;
    let available = |m: &&Member| m.active;
    let manager = parts
        .members
        .get(&manager_id)
        .filter(available)
        .map(presenter);
    let mut presenters: Vec<Presenter> = parts
        .members
        .values()
        .filter(available)
        .filter(|m| m.id != manager_id)
        .map(presenter)
        .collect();
    presenters.sort_by_key(|p| p.id);
    let rotating = parts.metrics;
    if rotating.is_empty() {
        return Err(AppError::conflict(
            None,
            "there are no active metrics to plan; add metrics first",
        ));
    }
    let input = DrawInput {
        metrics: rotating
            .iter()
            .map(|m| to_place(&parts.members, m))
            .collect(),
        presenters,
        manager,
        history: parts.history,
        recent_months: parts.recent_months,
        // The same plan on every visit, until the team or the history changes.
        seed: u64::from(first.year().unsigned_abs()) * 12 + u64::from(first.month()),
    };
    let pairs = (input.presenters.len() * input.metrics.len()).max(1);
    let requested = months.clamp(1, MAX_PLAN_MONTHS);
    let horizon = requested.min(
        u32::try_from(PLAN_PAIR_BUDGET / pairs)
            .unwrap_or(u32::MAX)
            .max(1),
    );
    let plan = plan(&input, horizon).map_err(|e| AppError::conflict(None, e.to_string()))?;
    Ok(PlanAhead {
        first,
        requested,
        plan,
        members: parts.members,
        metrics: rotating,
    })
}
