//! Drawing a review's rotation and changing it by hand. Every change is checked against
//! the rotation's hard rules; a soft rule broken by hand is allowed and shown as a
//! warning; a published rotation changes only when confirmed, each change is recorded,
//! and the presenters it affects are told.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::SqliteConnection;
use rand::RngCore;

use super::notices;
use super::review_context::{context, ensure_open, find, Context};
use crate::auth::CurrentUser;
use crate::domain::ids::{MemberId, MetricId};
use crate::domain::month::YearMonth;
use crate::domain::review::ReviewStatus;
use crate::domain::rotation::{self, History, MetricToPlace, Presenter};
use crate::domain::validation::ValidationErrors;
use crate::error::AppError;
use crate::mail::Postbox;
use crate::models::{Assignment, NewAssignment, Review, RotationChange};

/// Draw (or redraw) the rotation; a published one only with `confirm`.
pub fn draw(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    actor: &CurrentUser,
    month: YearMonth,
    seed: Option<u64>,
    confirm: bool,
    now: NaiveDateTime,
) -> Result<(Review, Vec<Assignment>), AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let review = find(conn, month)?;
        ensure_open(&review, "drawn")?;
        let published = review.status() == ReviewStatus::Published;
        if published && !confirm {
            return Err(published_conflict());
        }
        let before = notices::presenter_sets(conn, &review)?;
        let mut ctx = context(conn, review)?;
        if ctx.manager_id.is_none() {
            ctx.manager_id = Some(actor.id());
        }
        if ctx.metrics.is_empty() {
            return Err(AppError::conflict(
                None,
                "there are no active metrics to present; add metrics first",
            ));
        }
        let seed = seed.unwrap_or_else(|| rand::rngs::OsRng.next_u64() >> 1);
        let input = ctx.draw_input(seed);
        let placements =
            rotation::draw(&input).map_err(|e| AppError::conflict(None, e.to_string()))?;
        let by_metric: HashMap<i32, &rotation::Placement> =
            placements.iter().map(|p| (p.metric_id, p)).collect();
        let mut rows = Vec::new();
        for (position, metric) in ctx.metrics.iter().enumerate() {
            let Some(p) = by_metric.get(&metric.id) else {
                continue;
            };
            let place = ctx.to_place(metric);
            rows.push((
                metric.id,
                p.presenter_id,
                place.owner_id,
                place.owner_department,
                position as i32,
                p.reason.clone(),
            ));
        }
        let new_rows: Vec<NewAssignment> = rows
            .iter()
            .map(
                |(metric_id, presenter_id, owner_id, dept, position, reason)| NewAssignment {
                    review_id: ctx.review.id,
                    metric_id: *metric_id,
                    presenter_id: *presenter_id,
                    owner_id: *owner_id,
                    owner_department: dept.as_deref(),
                    position: *position,
                    reason,
                    warning: None,
                },
            )
            .collect();
        Assignment::sync_for_review(conn, ctx.review.id, &new_rows)?;
        let status = if published {
            ReviewStatus::Published
        } else {
            ReviewStatus::Drafted
        };
        let seed_i64 = i64::try_from(seed).unwrap_or(i64::MAX);
        Review::set_drawn(conn, ctx.review.id, seed_i64, ctx.manager_id, status, now)?;
        if published {
            RotationChange::record(
                conn,
                ctx.review.id,
                actor.id(),
                &format!(
                    "{} redrew the published rotation (seed {seed})",
                    actor.member.name
                ),
                now,
            )?;
        }
        let review = find(conn, month)?;
        if published {
            notices::send_changes(conn, postbox, &review, &before, now)?;
        }
        let assignments = Assignment::list_for_review(conn, review.id)?;
        Ok((review, assignments))
    })
}

fn published_conflict() -> AppError {
    AppError::conflict(
        Some("confirm"),
        "the rotation is published and the presenters have been told; confirm to change it",
    )
}

/// Who changes which review's rotation, when, and whether they confirmed changing a
/// published one.
pub struct ChangeRequest<'a> {
    pub actor: &'a CurrentUser,
    pub month: YearMonth,
    pub confirm: bool,
    pub now: NaiveDateTime,
}

/// Give one metric to another presenter, within the hard rules.
pub fn reassign(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    request: &ChangeRequest,
    MetricId(metric_id): MetricId,
    MemberId(presenter_id): MemberId,
) -> Result<Assignment, AppError> {
    let actor = request.actor;
    change(conn, postbox, request, |ctx, assignments| {
        let index = assignments
            .iter()
            .position(|a| a.metric_id == metric_id)
            .ok_or_else(|| AppError::not_found("assignment for that metric"))?;
        let before = assignments[index].presenter_id;
        if before == presenter_id {
            return Err(AppError::validation(
                "presenter_id",
                format!("{} already presents it", ctx.name(presenter_id)),
            ));
        }
        assignments[index].presenter_id = presenter_id;
        let metric = ctx
            .metrics
            .iter()
            .find(|m| m.id == metric_id)
            .map_or_else(|| format!("metric {metric_id}"), |m| m.name.clone());
        Ok((
            vec![index],
            format!(
                "{} gave {metric} to {} instead of {}",
                actor.member.name,
                ctx.name(presenter_id),
                ctx.name(before)
            ),
        ))
    })
    .and_then(|mut changed| {
        changed
            .pop()
            .ok_or_else(|| AppError::internal("no assignment changed"))
    })
}

/// Give `metric_id` to the best free presenter (`rotation::best_replacement`): the
/// review page's Replace button, for a presenter who went away or was deactivated.
pub fn replace(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    request: &ChangeRequest,
    MetricId(metric_id): MetricId,
) -> Result<Assignment, AppError> {
    let review = find(conn, request.month)?;
    let ctx = context(conn, review)?;
    let assignments = Assignment::list_for_review(conn, ctx.review.id)?;
    let current = assignments
        .iter()
        .find(|a| a.metric_id == metric_id)
        .ok_or_else(|| AppError::not_found("assignment for that metric"))?;
    let metric = ctx
        .metrics
        .iter()
        .find(|m| m.id == metric_id)
        .ok_or_else(|| AppError::not_found("metric"))?;
    let input = ctx.draw_input(0);
    let candidates: Vec<Presenter> = if metric.kept_by_manager {
        input.manager.into_iter().collect()
    } else {
        input.presenters
    };
    let candidates: Vec<Presenter> = candidates
        .into_iter()
        .filter(|p| p.id != current.presenter_id)
        .collect();
    let mut loads: HashMap<i32, usize> = HashMap::new();
    for a in &assignments {
        *loads.entry(a.presenter_id).or_default() += 1;
    }
    let history = History::new(&ctx.history, ctx.recent_months);
    let chosen =
        rotation::reasons::best_replacement(&history, &candidates, &ctx.to_place(metric), &loads)
            .ok_or_else(|| {
            AppError::conflict(
                None,
                format!("nobody else is free to present {}", metric.name),
            )
        })?;
    reassign(
        conn,
        postbox,
        request,
        MetricId(metric_id),
        MemberId(chosen),
    )
}

/// Exchange the presenters of two metrics.
pub fn swap(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    request: &ChangeRequest,
    MetricId(metric_a): MetricId,
    MetricId(metric_b): MetricId,
) -> Result<Vec<Assignment>, AppError> {
    let actor = request.actor;
    change(conn, postbox, request, |ctx, assignments| {
        let find = |id: i32| {
            assignments
                .iter()
                .position(|a| a.metric_id == id)
                .ok_or_else(|| AppError::not_found("assignment for that metric"))
        };
        let (a, b) = (find(metric_a)?, find(metric_b)?);
        if assignments[a].presenter_id == assignments[b].presenter_id {
            return Err(AppError::validation(
                "metric_ids",
                "both metrics have the same presenter; there is nothing to swap",
            ));
        }
        let (pa, pb) = (assignments[a].presenter_id, assignments[b].presenter_id);
        assignments[a].presenter_id = pb;
        assignments[b].presenter_id = pa;
        let name = |id: i32| {
            ctx.metrics
                .iter()
                .find(|m| m.id == id)
                .map_or_else(|| format!("metric {id}"), |m| m.name.clone())
        };
        Ok((
            vec![a, b],
            format!(
                "{} swapped {} ({} → {}) and {} ({} → {})",
                actor.member.name,
                name(metric_a),
                ctx.name(pa),
                ctx.name(pb),
                name(metric_b),
                ctx.name(pb),
                ctx.name(pa)
            ),
        ))
    })
}

/// Apply a hand change to the drawn rotation, check it, store it, record it.
fn change(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    request: &ChangeRequest,
    edit: impl FnOnce(&Context, &mut Vec<Assignment>) -> Result<(Vec<usize>, String), AppError>,
) -> Result<Vec<Assignment>, AppError> {
    let ChangeRequest {
        actor,
        month,
        confirm,
        now,
    } = *request;
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let review = find(conn, month)?;
        ensure_open(&review, "changed")?;
        match review.status() {
            ReviewStatus::Planned => {
                return Err(AppError::conflict(None, "draw the rotation first"))
            }
            ReviewStatus::Published if !confirm => return Err(published_conflict()),
            _ => {}
        }
        let published = review.status() == ReviewStatus::Published;
        let before = notices::presenter_sets(conn, &review)?;
        let ctx = context(conn, review)?;
        let mut assignments = Assignment::list_for_review(conn, ctx.review.id)?;
        let (changed, description) = edit(&ctx, &mut assignments)?;
        check_hard_rules(&ctx, &assignments, Some(&changed))?;
        let history = History::new(&ctx.history, ctx.recent_months);
        let mut updated = Vec::new();
        for index in changed {
            let a = &assignments[index];
            let metric = ctx
                .metrics
                .iter()
                .find(|m| m.id == a.metric_id)
                .ok_or_else(|| AppError::not_found("metric"))?;
            let presenter = ctx
                .presenter(a.presenter_id)
                .ok_or_else(|| AppError::not_found("presenter"))?;
            let place = ctx.to_place(metric);
            let (reason, warning) = if metric.kept_by_manager {
                ("kept by the manager".to_string(), None)
            } else {
                let cost = history.pair(&presenter, &place);
                (
                    rotation::reasons::hand_reason(cost, &place),
                    soft_warning(&presenter, &place, cost),
                )
            };
            Assignment::set_presenter(conn, a.id, a.presenter_id, &reason, warning.as_deref())?;
            updated.push(a.id);
        }
        if published {
            RotationChange::record(conn, ctx.review.id, actor.id(), &description, now)?;
            notices::send_changes(conn, postbox, &ctx.review, &before, now)?;
        }
        let all = Assignment::list_for_review(conn, ctx.review.id)?;
        Ok(all
            .into_iter()
            .filter(|a| updated.contains(&a.id))
            .collect())
    })
}

/// A soft rule broken by hand, in words; `None` when the choice is a good one.
fn soft_warning(p: &Presenter, m: &MetricToPlace, cost: rotation::PairCost) -> Option<String> {
    let mut warnings = Vec::new();
    if cost.same_department {
        warnings.push(format!(
            "{} is in the owner's department ({})",
            p.name,
            m.owner_department.as_deref().unwrap_or("")
        ));
    }
    if let Some(ago) = cost.recent {
        warnings.push(format!(
            "{} presented {} {ago} month{} ago",
            p.name,
            m.name,
            if ago == 1 { "" } else { "s" }
        ));
    }
    (!warnings.is_empty()).then(|| warnings.join("; "))
}

/// The rotation's hard rules over a complete set of assignments.
/// `changed`, when given, limits the per-assignment rules to those assignments: a hand
/// change must not be refused because another presenter went away after the draw (that
/// assignment carries a warning and its own Replace button).
fn check_hard_rules(
    ctx: &Context,
    assignments: &[Assignment],
    changed: Option<&[usize]>,
) -> Result<(), AppError> {
    let mut errors = ValidationErrors::new();
    let month = YearMonth::parse(&ctx.review.month)
        .map(|m| m.long_label())
        .unwrap_or_default();
    for (i, a) in assignments.iter().enumerate() {
        if changed.is_some_and(|c| !c.contains(&i)) {
            continue;
        }
        let Some(metric) = ctx.metrics.iter().find(|m| m.id == a.metric_id) else {
            continue;
        };
        let name = ctx.name(a.presenter_id);
        match ctx.members.get(&a.presenter_id) {
            None => errors.add("presenter_id", format!("Presenter {} is not a member", a.presenter_id)),
            Some(m) if !m.active => errors.add("presenter_id", format!("{name} is deactivated")),
            Some(_) if ctx.away.contains(&a.presenter_id) => errors.add("presenter_id", format!("{name} is away in {month}")),
            Some(_) if metric.owner_id == Some(a.presenter_id) => errors.add("presenter_id", format!("{name} owns {} and cannot present it", metric.name)),
            Some(_) if metric.kept_by_manager && Some(a.presenter_id) != ctx.manager_id => {
                errors.add("presenter_id", format!("{} is kept by the manager; only {} presents it", metric.name, ctx.manager_id.map(|id| ctx.name(id)).unwrap_or_default()))
            }
            Some(_) if !metric.kept_by_manager && Some(a.presenter_id) == ctx.manager_id => {
                errors.add("presenter_id", format!("{name} is the presenting manager and presents only the metrics kept by the manager"))
            }
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    // Load balance over everyone available except the presenting manager.
    let presenters: Vec<i32> = ctx
        .members
        .values()
        .filter(|m| ctx.available(m.id) && Some(m.id) != ctx.manager_id)
        .map(|m| m.id)
        .collect();
    let kept: Vec<i32> = ctx
        .metrics
        .iter()
        .filter(|m| m.kept_by_manager)
        .map(|m| m.id)
        .collect();
    let others = assignments
        .iter()
        .filter(|a| !kept.contains(&a.metric_id))
        .count();
    if !presenters.is_empty() {
        let (low, high) = (others / presenters.len(), others.div_ceil(presenters.len()));
        let mut loads: Vec<(usize, i32)> = presenters
            .iter()
            .map(|id| {
                (
                    assignments
                        .iter()
                        .filter(|a| a.presenter_id == *id && !kept.contains(&a.metric_id))
                        .count(),
                    *id,
                )
            })
            .collect();
        loads.sort_unstable();
        let uneven: Vec<String> = loads
            .iter()
            .filter(|(l, _)| *l < low || *l > high)
            .map(|(l, id)| format!("{} would present {l}", ctx.name(*id)))
            .collect();
        if !uneven.is_empty() {
            let rule = if low == high {
                format!("{low}")
            } else {
                format!("{low} or {high}")
            };
            return Err(AppError::validation("presenter_id", format!("The load would be uneven: {} (everyone presents {rule}); swap two metrics instead", uneven.join(", "))));
        }
    }
    Ok(())
}

/// Publish the drawn rotation: assignments freeze and presenters are told.
pub fn publish(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    actor: &CurrentUser,
    month: YearMonth,
    now: NaiveDateTime,
) -> Result<Review, AppError> {
    actor.require_manager()?;
    conn.immediate_transaction(|conn| {
        let review = find(conn, month)?;
        match review.status() {
            ReviewStatus::Planned => Err(AppError::conflict(
                None,
                "draw the rotation before publishing it",
            )),
            ReviewStatus::Published => Err(AppError::conflict(
                None,
                format!("the {} rotation is already published", review.month),
            )),
            ReviewStatus::Held | ReviewStatus::Cancelled => {
                ensure_open(&review, "published").map(|_| review)
            }
            ReviewStatus::Drafted => {
                let ctx = context(conn, review)?;
                check_hard_rules(
                    &ctx,
                    &Assignment::list_for_review(conn, ctx.review.id)?,
                    None,
                )?;
                Review::set_published(conn, ctx.review.id, now)?;
                let published = find(conn, month)?;
                // The invite to every attendee, in this same transaction.
                notices::send_invites(conn, postbox, &published, None, &[], now)?;
                Ok(published)
            }
        }
    })
}
