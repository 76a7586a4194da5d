//! The months ahead: the draws the engine would make, month after month, each month's
//! draw becoming the next month's history; the figures that judge a year of draws
//! (coverage, repeats inside K, the spread of yearly loads, departments met); and the
//! warnings where the team's shape makes a rule impossible. Pure, like the draw.

use std::collections::{HashMap, HashSet};

use super::{
    dept_key, draw, DrawError, DrawInput, MetricToPlace, PastPresentation, Placement, Presenter,
    YEAR_MONTHS,
};

/// The most months a plan looks ahead.
pub const MAX_PLAN_MONTHS: u32 = 24;

/// One month of a simulation: who is around and what rotates.
#[derive(Clone, Debug)]
pub struct MonthTeam {
    pub presenters: Vec<Presenter>,
    pub manager: Option<Presenter>,
    pub metrics: Vec<MetricToPlace>,
}

impl MonthTeam {
    /// A generated team for simulations (the tests, the fair-year benchmark): `sizes`
    /// people per department D0, D1, …, and `owned` metrics per department, owned by its
    /// people in turn (without an owner where the department has nobody).
    pub fn generated(sizes: &[usize], owned: &[usize]) -> Self {
        let mut presenters = Vec::new();
        for (d, size) in sizes.iter().enumerate() {
            for _ in 0..*size {
                let id = presenters.len() as i32 + 1;
                presenters.push(Presenter {
                    id,
                    name: format!("P{id}"),
                    department: format!("D{d}"),
                });
            }
        }
        let mut metrics = Vec::new();
        for (d, count) in owned.iter().enumerate() {
            let people: Vec<&Presenter> = presenters
                .iter()
                .filter(|p| p.department == format!("D{d}"))
                .collect();
            for i in 0..*count {
                let id = metrics.len() as i32 + 1;
                let owner = people.get(i % people.len().max(1));
                metrics.push(MetricToPlace {
                    id,
                    name: format!("M{id}"),
                    owner_id: owner.map(|o| o.id),
                    owner_name: owner.map(|o| o.name.clone()),
                    owner_department: owner.map(|o| o.department.clone()),
                    kept_by_manager: false,
                });
            }
        }
        Self {
            presenters,
            manager: None,
            metrics,
        }
    }
}

/// Draw `teams.len()` months in a row after `history`, with `draw_month` (the engine, or
/// another method a benchmark compares it with). Month `i`'s draw is history for month
/// `i + 1`. Returns each month's placements.
pub fn simulate(
    teams: &[MonthTeam],
    history: &[PastPresentation],
    recent_months: u32,
    seed: u64,
    draw_month: impl Fn(&DrawInput) -> Result<Vec<Placement>, DrawError>,
) -> Result<Vec<Vec<Placement>>, DrawError> {
    let mut past: Vec<PastPresentation> = history.to_vec();
    let mut drawn = Vec::with_capacity(teams.len());
    for (i, team) in teams.iter().enumerate() {
        let input = DrawInput {
            presenters: team.presenters.clone(),
            manager: team.manager.clone(),
            metrics: team.metrics.clone(),
            history: past.clone(),
            recent_months,
            seed: month_seed(seed, i),
        };
        let placements = draw_month(&input)?;
        for p in &mut past {
            p.months_ago += 1;
        }
        let departments: HashMap<i32, Option<String>> = team
            .metrics
            .iter()
            .map(|m| (m.id, m.owner_department.clone()))
            .collect();
        past.extend(placements.iter().map(|p| PastPresentation {
            months_ago: 1,
            metric_id: p.metric_id,
            presenter_id: p.presenter_id,
            owner_department: departments.get(&p.metric_id).cloned().flatten(),
        }));
        drawn.push(placements);
    }
    Ok(drawn)
}

/// A different, repeatable seed for each month of a simulation.
fn month_seed(seed: u64, month: usize) -> u64 {
    seed ^ (month as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The figures of a simulated stretch of months.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Share of the cross-department (person, metric) pairs met at least once, history
    /// included, after each month.
    pub coverage: Vec<f64>,
    /// The most coverage possible after each month: every placement a new pair.
    pub coverage_bound: Vec<f64>,
    /// How many pairs there are to meet.
    pub pairs: usize,
    /// Placements that repeat a pair presented within the last K months.
    pub repeats_within_k: usize,
    /// The fewest months between a simulated presentation and the pair's previous one,
    /// history included (None: no pair met twice).
    pub closest_repeat: Option<usize>,
    /// Each presenter's presentations over the last twelve simulated months (the manager's
    /// kept metrics not counted), for those present in every one of them.
    pub yearly_totals: Vec<(i32, u32)>,
    /// Highest minus lowest of `yearly_totals`.
    pub spread: u32,
    /// The least spread any plan could reach with these loads: 0 when the year's
    /// placements divide evenly among those present all year, else 1.
    pub even_spread: u32,
    /// Per presenter: the other departments (owning metrics) they presented from in the
    /// whole history and the simulated months, and how many other departments there are.
    pub departments_met: Vec<(i32, usize, usize)>,
}

impl Figures {
    /// Mean share of the other departments each person met.
    pub fn departments_met_share(&self) -> f64 {
        let shares: Vec<f64> = self
            .departments_met
            .iter()
            .filter(|(_, _, of)| *of > 0)
            .map(|(_, met, of)| *met as f64 / *of as f64)
            .collect();
        if shares.is_empty() {
            1.0
        } else {
            shares.iter().sum::<f64>() / shares.len() as f64
        }
    }
}

/// Judge the months `drawn` (after `history`) for the teams they were drawn for.
pub fn figures(
    teams: &[MonthTeam],
    history: &[PastPresentation],
    drawn: &[Vec<Placement>],
    recent_months: u32,
) -> Figures {
    let people: HashMap<i32, &Presenter> = teams
        .iter()
        .flat_map(|t| t.presenters.iter())
        .map(|p| (p.id, p))
        .collect();
    let metrics: HashMap<i32, &MetricToPlace> = teams
        .iter()
        .flat_map(|t| t.metrics.iter())
        .filter(|m| !m.kept_by_manager)
        .map(|m| (m.id, m))
        .collect();
    // The pairs to meet: across departments where the team has any, else every pair that
    // is not an owner's.
    let eligible = |cross: bool| -> HashSet<(i32, i32)> {
        people
            .values()
            .flat_map(|p| metrics.values().map(move |m| (*p, *m)))
            .filter(|(p, m)| m.owner_id != Some(p.id))
            .filter(|(p, m)| !cross || !same_department(p, m))
            .map(|(p, m)| (p.id, m.id))
            .collect()
    };
    let cross = eligible(true);
    let pairs = if cross.is_empty() {
        eligible(false)
    } else {
        cross
    };
    let mut met: HashSet<(i32, i32)> = history
        .iter()
        .map(|h| (h.presenter_id, h.metric_id))
        .filter(|k| pairs.contains(k))
        .collect();
    let mut last: HashMap<(i32, i32), usize> = HashMap::new();
    let offset = history.iter().map(|h| h.months_ago).max().unwrap_or(0) as usize;
    for h in history {
        let at = offset + 1 - h.months_ago as usize;
        let key = (h.presenter_id, h.metric_id);
        last.entry(key)
            .and_modify(|a| *a = (*a).max(at))
            .or_insert(at);
    }
    let mut departments: HashMap<i32, HashSet<String>> = HashMap::new();
    for h in history {
        if let (Some(p), Some(d)) = (people.get(&h.presenter_id), &h.owner_department) {
            if dept_key(d) != dept_key(&p.department) && !d.trim().is_empty() {
                departments.entry(p.id).or_default().insert(dept_key(d));
            }
        }
    }
    let (mut coverage, mut bound) = (Vec::new(), Vec::new());
    let mut repeats_within_k = 0;
    let mut closest_repeat: Option<usize> = None;
    let mut possible = met.len();
    for (i, month) in drawn.iter().enumerate() {
        let at = offset + 1 + i;
        for p in month {
            let Some(metric) = metrics.get(&p.metric_id) else {
                continue; // kept by the manager
            };
            let key = (p.presenter_id, p.metric_id);
            if let Some(l) = last.get(&key) {
                let gap = at - l;
                closest_repeat = Some(closest_repeat.map_or(gap, |c| c.min(gap)));
            }
            if last
                .get(&key)
                .is_some_and(|l| at - l <= recent_months as usize)
            {
                repeats_within_k += 1;
            }
            last.insert(key, at);
            if pairs.contains(&key) {
                met.insert(key);
            }
            if let (Some(person), Some(d)) = (people.get(&p.presenter_id), &metric.owner_department)
            {
                if !same_department(person, metric) && !d.trim().is_empty() {
                    departments
                        .entry(person.id)
                        .or_default()
                        .insert(dept_key(d));
                }
            }
        }
        possible = (possible + month.len()).min(pairs.len());
        let share = |n: usize| {
            if pairs.is_empty() {
                1.0
            } else {
                n as f64 / pairs.len() as f64
            }
        };
        coverage.push(share(met.len()));
        bound.push(share(possible));
    }
    // Yearly loads over the last twelve months, for those present in all of them.
    let year = &drawn[drawn.len().saturating_sub(YEAR_MONTHS as usize)..];
    let year_teams = &teams[teams.len().saturating_sub(YEAR_MONTHS as usize)..];
    let all_year: Vec<i32> = people
        .keys()
        .copied()
        .filter(|id| {
            year_teams
                .iter()
                .all(|t| t.presenters.iter().any(|p| p.id == *id))
        })
        .collect();
    let mut totals: Vec<(i32, u32)> = all_year
        .iter()
        .map(|id| {
            let n = year
                .iter()
                .flatten()
                .filter(|p| p.presenter_id == *id && metrics.contains_key(&p.metric_id))
                .count();
            (*id, n as u32)
        })
        .collect();
    totals.sort_unstable();
    let spread = totals.iter().map(|t| t.1).max().unwrap_or(0)
        - totals.iter().map(|t| t.1).min().unwrap_or(0);
    let placed: u32 = totals.iter().map(|t| t.1).sum();
    let even_spread = u32::from(!totals.is_empty() && !placed.is_multiple_of(totals.len() as u32));
    let owning: HashSet<String> = metrics
        .values()
        .filter_map(|m| m.owner_department.as_deref())
        .filter(|d| !d.trim().is_empty())
        .map(dept_key)
        .collect();
    let mut departments_met: Vec<(i32, usize, usize)> = people
        .values()
        .map(|p| {
            let others = owning
                .iter()
                .filter(|d| **d != dept_key(&p.department))
                .count();
            let met = departments.get(&p.id).map_or(0, HashSet::len);
            (p.id, met, others)
        })
        .collect();
    departments_met.sort_unstable();
    Figures {
        coverage,
        coverage_bound: bound,
        pairs: pairs.len(),
        repeats_within_k,
        closest_repeat,
        yearly_totals: totals,
        spread,
        even_spread,
        departments_met,
    }
}

fn same_department(p: &Presenter, m: &MetricToPlace) -> bool {
    m.owner_department
        .as_deref()
        .map(dept_key)
        .is_some_and(|d| !d.is_empty() && d == dept_key(&p.department))
}

/// The plan ahead: `months` draws with today's team (`input`) and its history.
#[derive(Clone, Debug)]
pub struct Plan {
    pub months: Vec<Vec<Placement>>,
    pub figures: Figures,
    /// Where the team's shape makes a rule impossible over the horizon.
    pub warnings: Vec<String>,
}

pub fn plan(input: &DrawInput, months: u32) -> Result<Plan, DrawError> {
    let months = months.clamp(1, MAX_PLAN_MONTHS);
    let team = MonthTeam {
        presenters: input.presenters.clone(),
        manager: input.manager.clone(),
        metrics: input.metrics.clone(),
    };
    let teams = vec![team; months as usize];
    let drawn = simulate(
        &teams,
        &input.history,
        input.recent_months,
        input.seed,
        draw,
    )?;
    let figures = figures(&teams, &input.history, &drawn, input.recent_months);
    Ok(Plan {
        months: drawn,
        figures,
        warnings: shape_warnings(input, months),
    })
}

/// What the team's shape makes impossible within `months`: a department whose metrics
/// too few people can present in that time, a department owning more metrics than the
/// people outside it can take each month, fewer metrics than people.
pub fn shape_warnings(input: &DrawInput, months: u32) -> Vec<String> {
    let rotating: Vec<&MetricToPlace> = input
        .metrics
        .iter()
        .filter(|m| !m.kept_by_manager)
        .collect();
    let n = input.presenters.len();
    let mut warnings = Vec::new();
    if n == 0 || rotating.is_empty() {
        return warnings;
    }
    let mut by_department: Vec<(String, String, usize)> = Vec::new();
    for m in &rotating {
        let Some(d) = m
            .owner_department
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        else {
            continue;
        };
        match by_department.iter_mut().find(|(k, _, _)| *k == dept_key(d)) {
            Some(entry) => entry.2 += 1,
            None => by_department.push((dept_key(d), d.trim().to_string(), 1)),
        }
    }
    by_department.sort();
    let most = rotating.len().div_ceil(n);
    let span = if months == 1 {
        "this month".to_string()
    } else {
        format!("in {months} months")
    };
    for (key, name, owned) in &by_department {
        let outside = input
            .presenters
            .iter()
            .filter(|p| dept_key(&p.department) != *key)
            .count();
        let can_present = owned * months as usize;
        if outside > 0 && can_present < outside {
            warnings.push(format!(
                "{name} owns {owned} metric{}: at most {can_present} of the {outside} people outside {name} can present {} {span}",
                if *owned == 1 { "" } else { "s" },
                if *owned == 1 { "it" } else { "them" },
            ));
        }
        if *owned > outside * most {
            warnings.push(format!(
                "{name} owns {owned} of the {} metrics, more than the {outside} people outside it can take each month: some {name} metrics go to {name} people",
                rotating.len()
            ));
        }
    }
    if rotating.len() < n {
        warnings.push(format!(
            "{} metrics for {n} people: each month {} people present and the others sit out, taking turns",
            rotating.len(),
            rotating.len()
        ));
    }
    warnings
}

#[cfg(test)]
mod tests;
