//! The rotation: who presents which metric this month. Pure: no database, no clock; the
//! same input and seed always give the same draw.
//!
//! Hard rules (never bent; if they cannot all hold the draw fails and names every metric
//! it cannot place, and why):
//! 1. Nobody presents a metric they own.
//! 2. Only the presenters passed in (active, not away) get anything.
//! 3. Metrics kept by the manager go to the presenting manager, who presents only those.
//! 4. Everyone else gets floor(M/N) or ceil(M/N) of the other M metrics.
//!
//! Soft rules, strictly in this order (a lower rule never outweighs a higher one):
//! 5. The presenter is not from the owner's department.
//! 6. Year-to-date load: the month's extra metrics (when M is not a multiple of N, or
//!    every metric when there are fewer metrics than people) go to whoever presented
//!    least in the last twelve months, then to whoever sat out last month.
//! 7. Nobody presents a metric they presented in the last K months; the longer ago, the
//!    better.
//! 8. Whole history: (person, metric) pairs never met come first, then pairs met fewer
//!    times (no cliff at K).
//! 9. Departments per person: each person presents from every other department before
//!    presenting from one a second time, where the team's shape allows.
//! 10. Among pairs met as often, the one met longest ago.
//! 11. Among equally good draws the seeded rng chooses.
//!
//! The load rule sits above the K rule and the history rules because the year is judged
//! by all of them and only the load rule can always be met exactly. It only decides who
//! takes the month's extra metrics, never which metric, so it bends the K rule only where
//! the team's shape makes an even year and no repeat inside K impossible together (a
//! department owning half the metrics: its people must present the other half twice a
//! year). With the K rule above it the yearly totals followed the departments again, and
//! on teams with fewer metrics than people both the totals and the repeats came out worse
//! (the fair-year benchmark in the README shows the orders side by side).
//!
//! The soft rules become one integer cost per (presenter, metric) pair, and rule 6 a cost
//! on each presenter's extra metric, weighted so that each rule dominates all the ones
//! below it (128-bit costs leave room for that), and the draw is a minimum-cost flow, so it
//! is optimal whenever a valid draw exists (no greedy dead ends). Organisations too
//! large for one exact solve are split into balanced groups solved exactly each
//! ([`draw`] says when; the benchmark measures the gap).

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::min_cost_flow::MinCostFlow;

/// Someone who can present this month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Presenter {
    pub id: i32,
    pub name: String,
    pub department: String,
}

/// A metric to place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricToPlace {
    pub id: i32,
    pub name: String,
    pub owner_id: Option<i32>,
    pub owner_name: Option<String>,
    pub owner_department: Option<String>,
    pub kept_by_manager: bool,
}

/// One earlier presentation: `months_ago` = 1 means last month's review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastPresentation {
    pub months_ago: u32,
    pub metric_id: i32,
    pub presenter_id: i32,
    pub owner_department: Option<String>,
}

/// Everything a draw depends on.
#[derive(Clone, Debug)]
pub struct DrawInput {
    /// Available presenters other than the presenting manager.
    pub presenters: Vec<Presenter>,
    /// The presenting manager, when available; presents the kept metrics only.
    pub manager: Option<Presenter>,
    pub metrics: Vec<MetricToPlace>,
    pub history: Vec<PastPresentation>,
    /// K of rule 7 (months in which a repeat is avoided).
    pub recent_months: u32,
    pub seed: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    pub metric_id: i32,
    pub presenter_id: i32,
    /// Why this presenter, in a few words.
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaceable {
    pub metric_id: i32,
    pub metric_name: String,
    pub reason: String,
}

/// The draw failed: every metric that cannot be placed, with why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the rotation cannot be drawn: {}", .0.iter().map(|u| format!("{}: {}", u.metric_name, u.reason)).collect::<Vec<_>>().join("; "))]
pub struct DrawError(pub Vec<Unplaceable>);

/// The largest K honoured, so that the cost weights cannot overflow.
pub const MAX_RECENT_MONTHS: u32 = 24;
/// Above this many (presenter, metric) pairs the draw is split into groups.
pub const EXACT_PAIR_LIMIT: usize = 2_000_000;
/// Presenters per group when split.
pub const GROUP_PRESENTERS: usize = 200;

/// Costs of one pair, by rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PairCost {
    pub same_department: bool,
    /// Months since they last presented it, when within K.
    pub recent: Option<u32>,
    /// How often they presented it, in the whole history.
    pub times_presented: u32,
    /// Months since they last presented it, in the whole history.
    pub last_ago: Option<u32>,
    /// How often they presented a metric of its owner's department.
    pub times_department: u32,
}

/// A presenter's load over the last twelve months (rule 6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Load {
    /// Presentations in the last 12 months.
    pub year: u32,
    /// Whether they presented last month.
    pub last_month: bool,
}

/// How many months count as "this year" for the load rule.
pub const YEAR_MONTHS: u32 = 12;

/// Precomputed history lookups.
pub struct History {
    last: HashMap<(i32, i32), u32>,
    times: HashMap<(i32, i32), u32>,
    departments: HashMap<(i32, String), u32>,
    loads: HashMap<i32, Load>,
    recent_months: u32,
}

fn dept_key(d: &str) -> String {
    d.trim().to_lowercase()
}

impl History {
    pub fn new(past: &[PastPresentation], recent_months: u32) -> Self {
        let mut last: HashMap<(i32, i32), u32> = HashMap::new();
        let mut times = HashMap::new();
        let mut departments = HashMap::new();
        let mut loads: HashMap<i32, Load> = HashMap::new();
        for p in past {
            let key = (p.presenter_id, p.metric_id);
            last.entry(key)
                .and_modify(|m| *m = (*m).min(p.months_ago))
                .or_insert(p.months_ago);
            *times.entry(key).or_insert(0) += 1;
            if let Some(d) = p
                .owner_department
                .as_deref()
                .filter(|d| !d.trim().is_empty())
            {
                *departments
                    .entry((p.presenter_id, dept_key(d)))
                    .or_insert(0) += 1;
            }
            if (1..=YEAR_MONTHS).contains(&p.months_ago) {
                let load = loads.entry(p.presenter_id).or_default();
                load.year += 1;
                load.last_month |= p.months_ago == 1;
            }
        }
        Self {
            last,
            times,
            departments,
            loads,
            recent_months: recent_months.min(MAX_RECENT_MONTHS),
        }
    }

    pub fn pair(&self, presenter: &Presenter, metric: &MetricToPlace) -> PairCost {
        let owner_dept = metric
            .owner_department
            .as_deref()
            .map(dept_key)
            .filter(|d| !d.is_empty());
        let same_department = owner_dept
            .as_deref()
            .is_some_and(|d| d == dept_key(&presenter.department));
        let last = self.last.get(&(presenter.id, metric.id)).copied();
        PairCost {
            same_department,
            recent: last.filter(|m| *m <= self.recent_months),
            times_presented: self
                .times
                .get(&(presenter.id, metric.id))
                .copied()
                .unwrap_or(0),
            last_ago: last,
            times_department: owner_dept
                .and_then(|d| self.departments.get(&(presenter.id, d)).copied())
                .unwrap_or(0),
        }
    }

    /// What `presenter_id` presented over the last twelve months.
    pub fn load(&self, presenter_id: i32) -> Load {
        self.loads.get(&presenter_id).copied().unwrap_or_default()
    }
}

/// Caps of the graded rules: beyond these, more of the same costs no more.
const TIMES_CAP: u32 = 3;
const DEPARTMENT_CAP: u32 = 3;
const AGO_CAP: u32 = 36;
const LOAD_CAP: u32 = 24;

/// Weights that make each soft rule outweigh everything below it, for a draw of
/// `metrics` pairs of which `extras` are the month's extra metrics (those beyond
/// floor(M/N) each; all of them when there are fewer metrics than people).
#[derive(Clone, Copy, Debug)]
pub struct Weights {
    department: i128,
    recent: i128,
    times: i128,
    variety: i128,
    load: i128,
    recent_months: i128,
    /// The fewest presentations anyone available had this year (loads count above it).
    least_year: u32,
}

impl Weights {
    pub fn new(metrics: usize, extras: usize, recent_months: u32, least_year: u32) -> Self {
        let m = metrics.max(1) as i128;
        let x = extras.max(1) as i128;
        let k = i128::from(recent_months.min(MAX_RECENT_MONTHS));
        // Each tier's weight exceeds the most that all the tiers below it can add up to.
        let variety = m * i128::from(AGO_CAP) + 1;
        let times = m * i128::from(DEPARTMENT_CAP) * variety + 1;
        let recent = m * i128::from(TIMES_CAP) * times + 1;
        let load = m * (k + 1) * recent + 1;
        let department = (x * i128::from(2 * LOAD_CAP + 1) + 1) * load + 1;
        Self {
            department,
            recent,
            times,
            variety,
            load,
            recent_months: k,
            least_year,
        }
    }

    /// The weights for the presenters and metrics of one draw.
    pub fn of(
        presenters: &[&Presenter],
        metrics: usize,
        history: &History,
        recent_months: u32,
    ) -> Self {
        let n = presenters.len().max(1);
        let extras = if metrics < n { metrics } else { metrics % n };
        let least = presenters
            .iter()
            .map(|p| history.load(p.id).year)
            .min()
            .unwrap_or(0);
        Self::new(metrics, extras, recent_months, least)
    }

    /// Rules 5 and 7 to 10: the cost of one (presenter, metric) pair.
    pub fn cost(&self, c: PairCost) -> i128 {
        let recency = c
            .recent
            .map_or(0, |ago| self.recent_months + 1 - i128::from(ago));
        let ago = c
            .last_ago
            .map_or(0, |ago| i128::from(AGO_CAP - ago.min(AGO_CAP)));
        i128::from(c.same_department) * self.department
            + recency * self.recent
            + i128::from(c.times_presented.min(TIMES_CAP)) * self.times
            + i128::from(c.times_department.min(DEPARTMENT_CAP)) * self.variety
            + ago
    }

    /// Rule 6: the cost of giving one of the month's extra metrics to someone with this
    /// load. Whoever presented least this year comes first, then whoever sat out last
    /// month.
    pub fn extra(&self, load: Load) -> i128 {
        let above = load.year.saturating_sub(self.least_year).min(LOAD_CAP);
        i128::from(2 * above + u32::from(load.last_month)) * self.load
    }
}

/// The total soft cost of a complete draw (for tests and the benchmark's gap figure).
pub fn draw_cost(input: &DrawInput, placements: &[Placement]) -> i128 {
    let history = History::new(&input.history, input.recent_months);
    let presenters: Vec<&Presenter> = input.presenters.iter().collect();
    let others = input.metrics.iter().filter(|m| !m.kept_by_manager).count();
    let weights = Weights::of(&presenters, others, &history, input.recent_months);
    let pairs: i128 = placements
        .iter()
        .filter_map(|p| {
            let metric = input.metrics.iter().find(|m| m.id == p.metric_id)?;
            if metric.kept_by_manager {
                return Some(0);
            }
            let presenter = input.presenters.iter().find(|x| x.id == p.presenter_id)?;
            Some(weights.cost(history.pair(presenter, metric)))
        })
        .sum();
    let q = others / presenters.len().max(1);
    let extras: i128 = input
        .presenters
        .iter()
        .filter(|x| placements.iter().filter(|p| p.presenter_id == x.id).count() > q)
        .map(|x| weights.extra(history.load(x.id)))
        .sum();
    pairs + extras
}

/// When to split a draw into groups.
#[derive(Clone, Copy, Debug)]
pub struct DrawOptions {
    pub exact_pair_limit: usize,
    pub group_presenters: usize,
}

impl Default for DrawOptions {
    fn default() -> Self {
        Self {
            exact_pair_limit: EXACT_PAIR_LIMIT,
            group_presenters: GROUP_PRESENTERS,
        }
    }
}

/// Draw the rotation.
pub fn draw(input: &DrawInput) -> Result<Vec<Placement>, DrawError> {
    draw_with(input, &DrawOptions::default())
}

/// Draw the rotation with explicit options (the benchmark compares methods with it).
pub fn draw_with(input: &DrawInput, options: &DrawOptions) -> Result<Vec<Placement>, DrawError> {
    let mut problems = Vec::new();
    let mut placements = Vec::new();
    let (kept, others): (Vec<&MetricToPlace>, Vec<&MetricToPlace>) =
        input.metrics.iter().partition(|m| m.kept_by_manager);
    for metric in kept {
        match &input.manager {
            Some(manager) if metric.owner_id == Some(manager.id) => problems.push(unplaceable(metric, "kept by the manager, but the presenting manager owns it; give it another owner or stop keeping it")),
            Some(manager) => placements.push(Placement { metric_id: metric.id, presenter_id: manager.id, reason: "kept by the manager".into() }),
            None => problems.push(unplaceable(metric, "kept by the manager, but no presenting manager is available this month")),
        }
    }
    if !others.is_empty() {
        if input.presenters.is_empty() {
            for m in &others {
                problems.push(unplaceable(
                    m,
                    "nobody is available to present (everyone is away or inactive)",
                ));
            }
        } else {
            for m in &others {
                if input.presenters.iter().all(|p| Some(p.id) == m.owner_id) {
                    let owner = m.owner_name.clone().unwrap_or_else(|| "its owner".into());
                    problems.push(unplaceable(
                        m,
                        &format!("{owner} owns it and is the only available presenter"),
                    ));
                }
            }
            if problems.is_empty() {
                match solve(input, &others, options) {
                    Ok(mut placed) => placements.append(&mut placed),
                    Err(mut unplaced) => problems.append(&mut unplaced),
                }
            }
        }
    }
    if problems.is_empty() {
        let order: HashMap<i32, usize> = input
            .metrics
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id, i))
            .collect();
        placements.sort_by_key(|p| order.get(&p.metric_id).copied().unwrap_or(usize::MAX));
        Ok(placements)
    } else {
        Err(DrawError(problems))
    }
}

fn unplaceable(m: &MetricToPlace, reason: &str) -> Unplaceable {
    Unplaceable {
        metric_id: m.id,
        metric_name: m.name.clone(),
        reason: reason.to_string(),
    }
}

/// Shuffle by the seed (rule 11), then solve exactly, or by groups when too large.
fn solve(
    input: &DrawInput,
    metrics: &[&MetricToPlace],
    options: &DrawOptions,
) -> Result<Vec<Placement>, Vec<Unplaceable>> {
    let mut rng = ChaCha8Rng::seed_from_u64(input.seed);
    let mut presenters: Vec<&Presenter> = input.presenters.iter().collect();
    let mut metrics: Vec<&MetricToPlace> = metrics.to_vec();
    presenters.shuffle(&mut rng);
    metrics.shuffle(&mut rng);
    let history = History::new(&input.history, input.recent_months);
    let weights = Weights::of(&presenters, metrics.len(), &history, input.recent_months);
    if presenters.len() * metrics.len() <= options.exact_pair_limit {
        return solve_exact(&presenters, &metrics, &history, &weights);
    }
    // Balanced groups: every group gets the same share of metrics per presenter, so
    // loads stay within floor/ceil of the whole; the remainder is spread one by one.
    let (n, m) = (presenters.len(), metrics.len());
    let groups = n.div_ceil(options.group_presenters.max(1));
    let (q, mut r) = (m / n, m % n);
    let mut placements = Vec::with_capacity(m);
    let mut problems = Vec::new();
    let (mut p_at, mut m_at) = (0, 0);
    for g in 0..groups {
        let size = n / groups + usize::from(g < n % groups);
        let extra = r.min(size);
        r -= extra;
        let count = size * q + extra;
        let group_presenters = &presenters[p_at..p_at + size];
        let group_metrics = &metrics[m_at..m_at + count];
        match solve_exact(group_presenters, group_metrics, &history, &weights) {
            Ok(mut placed) => placements.append(&mut placed),
            Err(mut unplaced) => problems.append(&mut unplaced),
        }
        p_at += size;
        m_at += count;
    }
    if problems.is_empty() {
        Ok(placements)
    } else {
        Err(problems)
    }
}

fn solve_exact(
    presenters: &[&Presenter],
    metrics: &[&MetricToPlace],
    history: &History,
    weights: &Weights,
) -> Result<Vec<Placement>, Vec<Unplaceable>> {
    let (n, m) = (presenters.len(), metrics.len());
    let (q, r) = ((m / n) as i32, (m % n) as i32);
    // Nodes: 0 source, 1 "one extra" pool, 2 sink, then presenters, then metrics.
    let (source, extra, sink) = (0, 1, 2);
    let p_node = |i: usize| 3 + i;
    let m_node = |j: usize| 3 + n + j;
    let mut g = MinCostFlow::new(3 + n + m);
    if r > 0 {
        g.add_edge(source, extra, r, 0);
    }
    for (i, presenter) in presenters.iter().enumerate() {
        if q > 0 {
            g.add_edge(source, p_node(i), q, 0);
        }
        if r > 0 {
            let load = weights.extra(history.load(presenter.id));
            g.add_edge(extra, p_node(i), 1, load);
        }
    }
    let mut pair_edges = Vec::new();
    for (j, metric) in metrics.iter().enumerate() {
        g.add_edge(m_node(j), sink, 1, 0);
        for (i, presenter) in presenters.iter().enumerate() {
            if metric.owner_id == Some(presenter.id) {
                continue;
            }
            let e = g.add_edge(
                p_node(i),
                m_node(j),
                1,
                weights.cost(history.pair(presenter, metric)),
            );
            pair_edges.push((e, i, j));
        }
    }
    let (flow, _) = g.solve(source, sink, m as i32);
    let mut assigned = vec![None; m];
    for (e, i, j) in pair_edges {
        if g.flow_on(e) > 0 {
            assigned[j] = Some(i);
        }
    }
    if flow < m as i32 {
        let rule = if q == 0 {
            "at most 1".to_string()
        } else if r == 0 {
            format!("exactly {q}")
        } else {
            format!("{q} or {}", q + 1)
        };
        return Err(metrics
            .iter()
            .zip(&assigned)
            .filter(|(_, a)| a.is_none())
            .map(|(metric, _)| {
                unplaceable(metric, &format!("cannot be placed while each of the {n} presenters gets {rule} metrics: too many of the metrics belong to the same people"))
            })
            .collect());
    }
    let mut counts = vec![0usize; n];
    for i in assigned.iter().flatten() {
        counts[*i] += 1;
    }
    let team_year = reasons::TeamYear::of(presenters, history);
    Ok(metrics
        .iter()
        .zip(assigned)
        .filter_map(|(metric, a)| {
            let i = a?;
            let presenter = presenters[i];
            let extra = (counts[i] > q as usize)
                .then(|| reasons::extra_reason(history.load(presenter.id), &team_year, q == 0));
            let mut reason = reasons::reason(history.pair(presenter, metric), metric);
            if let Some(extra) = extra {
                reason.push_str("; ");
                reason.push_str(&extra);
            }
            Some(Placement {
                metric_id: metric.id,
                presenter_id: presenter.id,
                reason,
            })
        })
        .collect())
}

pub mod plan;
pub mod reasons;

#[cfg(test)]
mod tests;
