//! The rotation's explanations, and the one choice made for a single metric: why a draw
//! placed a presenter (each row's `reason`), what a hand choice breaks, and who should
//! replace a presenter who can no longer present.

use std::collections::HashMap;

use super::{History, MetricToPlace, PairCost, Presenter};

/// "not in the owner's department (Paid); has not presented CAC before".
pub fn reason(c: PairCost, metric: &MetricToPlace) -> String {
    let mut parts = Vec::new();
    match (&metric.owner_department, c.same_department) {
        (Some(d), false) if !d.trim().is_empty() => {
            parts.push(format!("not in the owner's department ({d})"))
        }
        (Some(d), true) => parts.push(format!(
            "same department as the owner ({d}): nobody outside it was free"
        )),
        _ => parts.push("no owner's department to avoid".to_string()),
    }
    match (c.recent, c.times_presented) {
        (_, 0) => parts.push(format!("has not presented {} before", metric.name)),
        (Some(ago), _) => parts.push(format!(
            "presented {} {ago} month{} ago: nobody fresher was free",
            metric.name,
            if ago == 1 { "" } else { "s" }
        )),
        (None, times) => parts.push(format!(
            "presented {} {times} time{} before, not recently",
            metric.name,
            if times == 1 { "" } else { "s" }
        )),
    }
    if c.times_department == 0
        && c.times_presented == 0
        && !c.same_department
        && metric
            .owner_department
            .as_deref()
            .is_some_and(|d| !d.trim().is_empty())
    {
        parts.push("a department new to them".to_string());
    }
    parts.join("; ")
}

/// Who should take over `metric` from a presenter who can no longer present it (away,
/// deactivated): among `candidates` (available, not its owner), whoever presents least
/// this month (`loads`, which keeps the load rule), then breaks the fewest soft rules,
/// then presented it least, then the lowest id (so the choice is repeatable).
pub fn best_replacement(
    history: &History,
    candidates: &[Presenter],
    metric: &MetricToPlace,
    loads: &HashMap<i32, usize>,
) -> Option<i32> {
    candidates
        .iter()
        .filter(|p| Some(p.id) != metric.owner_id)
        .min_by_key(|p| {
            let c = history.pair(p, metric);
            (
                loads.get(&p.id).copied().unwrap_or(0),
                u8::from(c.same_department) + u8::from(c.recent.is_some()),
                c.times_presented,
                p.id,
            )
        })
        .map(|p| p.id)
}

/// The reason of a presenter chosen by hand: it says so, and names the soft rules the
/// choice breaks (never that nobody else was free: someone may well have been).
/// "chosen by hand; breaks the soft rules: same department as the owner (Paid)".
pub fn hand_reason(c: PairCost, metric: &MetricToPlace) -> String {
    let mut broken = Vec::new();
    if c.same_department {
        if let Some(d) = metric
            .owner_department
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            broken.push(format!("same department as the owner ({d})"));
        }
    }
    if let Some(ago) = c.recent {
        broken.push(format!(
            "presented {} {ago} month{} ago",
            metric.name,
            if ago == 1 { "" } else { "s" }
        ));
    }
    match broken.len() {
        0 => {
            let mut kept = Vec::new();
            if let Some(d) = metric
                .owner_department
                .as_deref()
                .filter(|d| !d.trim().is_empty())
            {
                kept.push(format!("not in the owner's department ({d})"));
            }
            kept.push(if c.times_presented == 0 {
                format!("has not presented {} before", metric.name)
            } else {
                format!("has not presented {} recently", metric.name)
            });
            format!("chosen by hand; {}", kept.join("; "))
        }
        1 => format!("chosen by hand; breaks a soft rule: {}", broken[0]),
        _ => format!(
            "chosen by hand; breaks the soft rules: {}",
            broken.join(" and ")
        ),
    }
}
