//! The rotation's explanations, and the one choice made for a single metric: why a draw
//! placed a presenter (each row's `reason`), what a hand choice breaks, and who should
//! replace a presenter who can no longer present.

use std::collections::HashMap;

use super::{History, Load, MetricToPlace, PairCost, Presenter};

/// "not in the owner's department (Paid); has not presented CAC before; first time with
/// any Paid metric".
pub fn reason(c: PairCost, metric: &MetricToPlace) -> String {
    let mut parts = Vec::new();
    let department = metric
        .owner_department
        .as_deref()
        .filter(|d| !d.trim().is_empty());
    match (department, c.same_department) {
        (Some(d), false) => parts.push(format!("not in the owner's department ({d})")),
        (Some(d), true) => parts.push(format!(
            "same department as the owner ({d}): nobody outside it was free"
        )),
        (None, _) => parts.push("no owner's department to avoid".to_string()),
    }
    match (c.recent, c.times_presented, c.last_ago) {
        (_, 0, _) => parts.push(format!("has not presented {} before", metric.name)),
        (Some(ago), _, _) => parts.push(format!(
            "presented {} {ago} month{} ago: no draw this month avoided the repeat and kept the year's load even",
            metric.name,
            plural(ago)
        )),
        (None, times, Some(ago)) => parts.push(format!(
            "presented {} {times} time{} before, last {ago} month{} ago",
            metric.name,
            plural(times),
            plural(ago)
        )),
        (None, times, None) => parts.push(format!(
            "presented {} {times} time{} before",
            metric.name,
            plural(times)
        )),
    }
    if let Some(d) = department {
        if !c.same_department && c.times_department == 0 {
            parts.push(format!("first time with any {d} metric"));
        }
    }
    parts.join("; ")
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The team's load this year, to say where a presenter stands.
pub struct TeamYear {
    least: u32,
    /// The mean of the presenters' presentations over the last twelve months.
    average: f64,
}

impl TeamYear {
    pub fn of(presenters: &[&Presenter], history: &History) -> Self {
        let years: Vec<u32> = presenters.iter().map(|p| history.load(p.id).year).collect();
        let average = if years.is_empty() {
            0.0
        } else {
            f64::from(years.iter().sum::<u32>()) / years.len() as f64
        };
        Self {
            least: years.iter().copied().min().unwrap_or(0),
            average,
        }
    }
}

/// Why a presenter has one of this month's extra metrics (rule 6), or presents at all
/// when there are fewer metrics than people: "has presented least this year: 14 against
/// a team average of 17".
pub fn extra_reason(load: Load, team: &TeamYear, fewer_metrics_than_people: bool) -> String {
    let average = if (team.average - team.average.round()).abs() < 0.05 {
        format!("{:.0}", team.average)
    } else {
        format!("{:.1}", team.average)
    };
    let standing = if load.year <= team.least {
        format!(
            "has presented least this year: {} against a team average of {average}",
            load.year
        )
    } else {
        format!(
            "has presented {} times this year against a team average of {average}",
            load.year
        )
    };
    match (fewer_metrics_than_people, load.last_month) {
        (true, false) => format!("sat out last month; {standing}"),
        (true, true) => standing,
        (false, _) => format!("one of this month's extra metrics: {standing}"),
    }
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
