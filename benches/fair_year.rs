//! A fair year: twelve months of draws simulated for generated teams, judged by coverage
//! of cross-department pairs (against the most possible), repeats inside K, the spread
//! of yearly loads (against the even share) and the departments each person met; the
//! same figures for a random balanced draw (hard rules only), and the time per draw.
//!
//! `cargo bench --bench fair_year` prints the table the README keeps.

use std::time::Instant;

use kpi_rotation::domain::min_cost_flow::MinCostFlow;
use kpi_rotation::domain::rotation::plan::{figures, simulate, Figures, MonthTeam};
use kpi_rotation::domain::rotation::{
    draw, DrawError, DrawInput, Placement, Presenter, Unplaceable,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const K: u32 = 6;
const MONTHS: usize = 12;

fn team(sizes: &[usize], owned: &[usize]) -> MonthTeam {
    MonthTeam::generated(sizes, owned)
}

/// The hard rules only: a balanced draw in which nobody presents their own metric,
/// otherwise at random (a minimum-cost flow with random costs).
fn random_draw(input: &DrawInput) -> Result<Vec<Placement>, DrawError> {
    let mut rng = ChaCha8Rng::seed_from_u64(input.seed);
    let (n, m) = (input.presenters.len(), input.metrics.len());
    let (q, r) = ((m / n) as i32, (m % n) as i32);
    let (source, extra, sink) = (0, 1, 2);
    let mut g = MinCostFlow::new(3 + n + m);
    if r > 0 {
        g.add_edge(source, extra, r, 0);
    }
    for i in 0..n {
        if q > 0 {
            g.add_edge(source, 3 + i, q, 0);
        }
        if r > 0 {
            g.add_edge(extra, 3 + i, 1, 0);
        }
    }
    let mut edges = Vec::new();
    for (j, metric) in input.metrics.iter().enumerate() {
        g.add_edge(3 + n + j, sink, 1, 0);
        for (i, p) in input.presenters.iter().enumerate() {
            if metric.owner_id != Some(p.id) {
                let e = g.add_edge(3 + i, 3 + n + j, 1, rng.gen_range(0..1000));
                edges.push((e, i, j));
            }
        }
    }
    let (flow, _) = g.solve(source, sink, m as i32);
    if flow < m as i32 {
        return Err(DrawError(vec![Unplaceable {
            metric_id: 0,
            metric_name: "?".into(),
            reason: "no balanced draw".into(),
        }]));
    }
    Ok(edges
        .into_iter()
        .filter(|(e, _, _)| g.flow_on(*e) > 0)
        .map(|(_, i, j)| Placement {
            metric_id: input.metrics[j].id,
            presenter_id: input.presenters[i].id,
            reason: String::new(),
        })
        .collect())
}

fn line(name: &str, method: &str, f: &Figures, per_draw_ms: f64) {
    let last = f.coverage.last().copied().unwrap_or(0.0);
    let bound = f.coverage_bound.last().copied().unwrap_or(0.0);
    let least = f.yearly_totals.iter().map(|t| t.1).min().unwrap_or(0);
    let most = f.yearly_totals.iter().map(|t| t.1).max().unwrap_or(0);
    println!(
        "| {name} | {method} | {:.0} % of {:.0} % | {} ({}) | {least}–{most} (spread {}, even {}) | {:.0} % | {per_draw_ms:.2} ms |",
        last * 100.0,
        bound * 100.0,
        f.repeats_within_k,
        f.closest_repeat
            .map_or("none".to_string(), |c| format!("closest {c} months")),
        f.spread,
        f.even_spread,
        f.departments_met_share() * 100.0,
    );
}

fn run(name: &str, teams: &[MonthTeam]) {
    for (method, draw_month) in [
        (
            "engine",
            draw as fn(&DrawInput) -> Result<Vec<Placement>, DrawError>,
        ),
        ("random", random_draw),
    ] {
        let started = Instant::now();
        match simulate(teams, &[], K, 7, draw_month) {
            Ok(drawn) => {
                let per_draw = started.elapsed().as_secs_f64() * 1000.0 / teams.len() as f64;
                line(name, method, &figures(teams, &[], &drawn, K), per_draw);
            }
            Err(e) => println!("| {name} | {method} | {e} | | | | |"),
        }
    }
}

fn main() {
    println!("| team | draw | coverage (of the most possible) | repeats inside K={K} | yearly totals | departments met | per draw |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let same = |t: MonthTeam| vec![t; MONTHS];
    run(
        "12 people, 18 metrics, 4 even departments",
        &same(team(&[3, 3, 3, 3], &[5, 5, 4, 4])),
    );
    run(
        "7 people, 12 metrics, 3 departments",
        &same(team(&[3, 2, 2], &[5, 4, 3])),
    );
    run(
        "25 people, 40 metrics, 5 departments",
        &same(team(&[5, 5, 5, 5, 5], &[8, 8, 8, 8, 8])),
    );
    run(
        "12 people, 18 metrics, one department owns half",
        &same(team(&[4, 3, 3, 2], &[9, 4, 4, 1])),
    );
    run(
        "20 people, 30 metrics, one Content metric",
        &same(team(&[6, 6, 4, 4], &[12, 12, 5, 1])),
    );
    run("10 people, 4 metrics", &same(team(&[4, 3, 3], &[2, 1, 1])));
    // People leaving and joining: two leave after month 4, two join in month 7.
    let base = team(&[4, 4, 4], &[6, 6, 6]);
    let mut teams = Vec::new();
    for month in 0..MONTHS {
        let mut t = base.clone();
        if month >= 4 {
            t.presenters.retain(|p| p.id != 2 && p.id != 6);
        }
        if month >= 6 {
            for (id, d) in [(101, "D0"), (102, "D2")] {
                t.presenters.push(Presenter {
                    id,
                    name: format!("P{id}"),
                    department: d.into(),
                });
            }
        }
        teams.push(t);
    }
    run("12 people, 18 metrics, 2 leave, 2 join", &teams);
    // A large organisation: the draw time at scale.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let sizes: Vec<usize> = (0..10).map(|_| rng.gen_range(30..70)).collect();
    let owned: Vec<usize> = (0..10).map(|_| rng.gen_range(100..300)).collect();
    let large = team(&sizes, &owned);
    let label = format!(
        "{} people, {} metrics, 10 departments (3 months)",
        large.presenters.len(),
        large.metrics.len()
    );
    run(&label, &vec![large; 3]);
}
