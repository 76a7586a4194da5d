//! Rotation draw speed with 12 months of history: criterion for the team sizes, a
//! single timed run (with peak memory) for the 10,000 × 50,000 organisation, and the
//! cost gap of the grouped method against the exact one where both run.
//!
//! `cargo bench --bench rotation` (add `-- --quick` for a shorter run).

use std::time::Instant;

use criterion::{black_box, BenchmarkId, Criterion};
use kpi_rotation::domain::rotation::{
    draw, draw_cost, draw_with, DrawInput, DrawOptions, MetricToPlace, PastPresentation, Presenter,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const DEPARTMENTS: [&str; 6] = ["SEO", "Paid", "Content", "Dev", "Customer service", "Data"];

/// `n` presenters, `m` metrics owned by random presenters, and 12 months of history in
/// which every metric was presented by a random non-owner.
fn organisation(n: usize, m: usize, seed: u64) -> DrawInput {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let presenters: Vec<Presenter> = (0..n)
        .map(|i| Presenter {
            id: i as i32,
            name: format!("P{i}"),
            department: DEPARTMENTS[rng.gen_range(0..DEPARTMENTS.len())].into(),
        })
        .collect();
    let metrics: Vec<MetricToPlace> = (0..m)
        .map(|j| {
            let owner = &presenters[rng.gen_range(0..n)];
            MetricToPlace {
                id: j as i32,
                name: format!("M{j}"),
                owner_id: Some(owner.id),
                owner_name: Some(owner.name.clone()),
                owner_department: Some(owner.department.clone()),
                kept_by_manager: false,
            }
        })
        .collect();
    let mut history = Vec::with_capacity(12 * m);
    for months_ago in 1..=12 {
        for metric in &metrics {
            let mut p = rng.gen_range(0..n);
            if Some(p as i32) == metric.owner_id {
                p = (p + 1) % n;
            }
            history.push(PastPresentation {
                months_ago,
                metric_id: metric.id,
                presenter_id: p as i32,
                owner_department: metric.owner_department.clone(),
            });
        }
    }
    DrawInput {
        presenters,
        manager: None,
        metrics,
        history,
        recent_months: 6,
        seed,
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn team_sizes(c: &mut Criterion) {
    let mut group = c.benchmark_group("rotation_draw");
    for (n, m) in [(8, 12), (50, 200), (500, 2_000)] {
        let input = organisation(n, m, 42);
        if n >= 500 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{n}x{m}")),
            &input,
            |b, input| b.iter(|| draw(black_box(input)).map(|p| p.len())),
        );
    }
    group.finish();
}

fn cost_gap() {
    for (n, m) in [(200, 800), (500, 2_000)] {
        let input = organisation(n, m, 7);
        let exact = draw_with(
            &input,
            &DrawOptions {
                exact_pair_limit: usize::MAX,
                group_presenters: n,
            },
        );
        let grouped = draw_with(
            &input,
            &DrawOptions {
                exact_pair_limit: 0,
                group_presenters: 100,
            },
        );
        if let (Ok(exact), Ok(grouped)) = (exact, grouped) {
            let (e, g) = (draw_cost(&input, &exact), draw_cost(&input, &grouped));
            let gap = if e == 0 {
                0.0
            } else {
                (g - e) as f64 / e as f64 * 100.0
            };
            println!(
                "cost gap {n}x{m}: exact {e}, grouped by 100 presenters {g} ({gap:.2} % more)"
            );
        }
    }
}

fn organisation_scale() {
    let (n, m) = (10_000, 50_000);
    let input = organisation(n, m, 42);
    let start = Instant::now();
    let result = draw(&input);
    let elapsed = start.elapsed();
    println!(
        "organisation {n}x{m} (12 months of history): {} placements in {:.2} s, peak RSS {:.0} MiB",
        result.as_ref().map_or(0, Vec::len),
        elapsed.as_secs_f64(),
        peak_rss_mib()
    );
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    team_sizes(&mut criterion);
    criterion.final_summary();
    cost_gap();
    organisation_scale();
}
