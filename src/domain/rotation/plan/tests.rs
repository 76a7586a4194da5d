use proptest::prelude::*;

use super::*;
use crate::domain::rotation::{History, PairCost, Weights};

fn team(sizes: &[usize], owned: &[usize]) -> MonthTeam {
    MonthTeam::generated(sizes, owned)
}

fn year(t: &MonthTeam, k: u32, seed: u64) -> (Vec<MonthTeam>, Vec<Vec<Placement>>) {
    let teams = vec![t.clone(); 12];
    let drawn = simulate(&teams, &[], k, seed, draw).expect("the team can be drawn");
    (teams, drawn)
}

fn hard_rules_hold(t: &MonthTeam, month: &[Placement]) -> Result<(), TestCaseError> {
    let n = t.presenters.len();
    let m = t.metrics.len();
    prop_assert_eq!(month.len(), m);
    for p in month {
        let metric = t.metrics.iter().find(|x| x.id == p.metric_id).unwrap();
        prop_assert!(
            metric.owner_id != Some(p.presenter_id),
            "nobody presents their own"
        );
        let load = month
            .iter()
            .filter(|o| o.presenter_id == p.presenter_id)
            .count();
        prop_assert!(load == m / n || load == m.div_ceil(n), "balanced: {load}");
    }
    Ok(())
}

/// The (department, recent, times) cost of a pair this month: the tiers above the
/// department variety rule.
fn upper(c: PairCost) -> (u32, u32, u32) {
    (
        u32::from(c.same_department),
        c.recent.map_or(0, |ago| 100 - ago),
        c.times_presented.min(3),
    )
}

#[test]
fn with_fewer_metrics_than_people_everyone_takes_turns() {
    // 4 metrics, 10 people: 48 presentations a year, 4 or 5 each, nobody sitting out
    // four months and then presenting three in a row. K = 6 cannot hold here (the four
    // D0 people can present only the two metrics outside D0): the load rule stands above
    // it.
    let t = team(&[4, 3, 3], &[2, 1, 1]);
    let (teams, drawn) = year(&t, 6, 3);
    let f = figures(&teams, &[], &drawn, 6);
    assert!(f.spread <= 1, "{:?}", f.yearly_totals);
    for p in &t.presenters {
        let months: Vec<bool> = drawn
            .iter()
            .map(|m| m.iter().any(|x| x.presenter_id == p.id))
            .collect();
        let longest_pause = months
            .split(|presented| *presented)
            .map(<[bool]>::len)
            .max()
            .unwrap_or(0);
        assert!(longest_pause <= 3, "{}: {months:?}", p.name);
        assert!(
            !months.windows(2).any(|w| w[0] && w[1]),
            "{} presented two months in a row: {months:?}",
            p.name
        );
    }
    // The reasons say why someone presents this month: the four of month 2 sat out the
    // first month and have presented least.
    assert!(
        drawn[1].iter().all(|p| p.reason.contains(
            "sat out last month; has presented least this year: 0 against a team average of 0.4"
        )),
        "{:?}",
        drawn[1].iter().map(|p| &p.reason).collect::<Vec<_>>()
    );
}

#[test]
fn the_only_metric_of_a_department_goes_round_before_anyone_presents_it_twice() {
    // One Content metric and 19 people outside Content: twelve different presenters.
    let t = team(&[6, 6, 4, 4], &[12, 12, 5, 1]);
    let (_, drawn) = year(&t, 6, 11);
    let content = t.metrics.last().unwrap().id;
    let presenters: Vec<i32> = drawn
        .iter()
        .map(|m| {
            m.iter()
                .find(|p| p.metric_id == content)
                .unwrap()
                .presenter_id
        })
        .collect();
    let mut distinct = presenters.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 12, "{presenters:?}");
    assert!(drawn[0]
        .iter()
        .find(|p| p.metric_id == content)
        .unwrap()
        .reason
        .contains("first time with any D3 metric"));
}

#[test]
fn a_department_owning_half_the_metrics_does_not_decide_who_presents_more() {
    // 12 people, 18 metrics, D0 owns 9: the year's 216 presentations are 18 each. For
    // D0 people that means each metric outside D0 twice a year, so some repeats inside
    // K = 6 cannot be avoided; the load rule stands above K, and rule 7 keeps the
    // repeats far apart (at least four months).
    let t = team(&[4, 3, 3, 2], &[9, 4, 4, 1]);
    let (teams, drawn) = year(&t, 6, 5);
    let f = figures(&teams, &[], &drawn, 6);
    assert!(
        f.closest_repeat.is_some_and(|c| c >= 4),
        "{:?}",
        f.closest_repeat
    );
    assert!(f.spread <= f.even_spread + 1, "{:?}", f.yearly_totals);
    // Nobody presents a metric of their own department: the shape allows it.
    for month in &drawn {
        for p in month {
            let person = t
                .presenters
                .iter()
                .find(|x| x.id == p.presenter_id)
                .unwrap();
            let metric = t.metrics.iter().find(|x| x.id == p.metric_id).unwrap();
            assert_ne!(
                metric.owner_department.as_deref(),
                Some(person.department.as_str())
            );
        }
    }
}

#[test]
fn the_shape_warnings_name_what_cannot_be_done() {
    let t = team(&[4, 4, 4, 1], &[6, 6, 5, 1]);
    let input = DrawInput {
        presenters: t.presenters.clone(),
        manager: None,
        metrics: t.metrics.clone(),
        history: vec![],
        recent_months: 6,
        seed: 1,
    };
    // 12 people outside D3 and 12 months: its one metric can go round.
    assert!(
        shape_warnings(&input, 12).is_empty(),
        "{:?}",
        shape_warnings(&input, 12)
    );
    assert_eq!(
        shape_warnings(&input, 6),
        vec!["D3 owns 1 metric: at most 6 of the 12 people outside D3 can present it in 6 months"]
    );
    let few = team(&[4, 3, 3], &[2, 1, 1]);
    let input = DrawInput {
        presenters: few.presenters,
        metrics: few.metrics,
        ..input
    };
    assert!(shape_warnings(&input, 12)
        .iter()
        .any(|w| w == "4 metrics for 10 people: each month 4 people present and the others sit out, taking turns"));
    let skewed = team(&[10, 2], &[20, 0]);
    let input = DrawInput {
        presenters: skewed.presenters,
        metrics: skewed.metrics,
        ..input
    };
    assert!(shape_warnings(&input, 12).iter().any(|w| w
        == "D0 owns 20 of the 20 metrics, more than the 2 people outside it can take each month: some D0 metrics go to D0 people"));
}

#[test]
fn the_plan_carries_each_month_into_the_next() {
    let t = team(&[3, 3, 3], &[3, 3, 3]);
    let input = DrawInput {
        presenters: t.presenters.clone(),
        manager: None,
        metrics: t.metrics.clone(),
        history: vec![],
        recent_months: 3,
        seed: 9,
    };
    let p = plan(&input, 6).unwrap();
    assert_eq!(p.months.len(), 6);
    // Coverage only grows, never beyond what was possible.
    for (c, b) in p.figures.coverage.iter().zip(&p.figures.coverage_bound) {
        assert!(c <= b);
    }
    assert!(p.figures.coverage.windows(2).all(|w| w[0] <= w[1]));
    // No repeat inside K = 3 where the team leaves room: 6 cross-department metrics
    // per person, one a month.
    assert_eq!(p.figures.repeats_within_k, 0);
    // The same plan every time.
    assert_eq!(plan(&input, 6).unwrap().months, p.months);
}

/// An even team: `d` departments of `s` people, each person owning `c` metrics.
fn even_team() -> impl Strategy<Value = (MonthTeam, u32, u64)> {
    (2usize..=4, 2usize..=4, 1usize..=2, 0u32..=4, any::<u64>())
        .prop_map(|(d, s, c, k, seed)| (team(&vec![s; d], &vec![s * c; d]), k, seed))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn a_year_of_draws_keeps_the_hard_rules_and_an_even_load((t, k, seed) in even_team()) {
        let (teams, drawn) = year(&t, k, seed);
        for month in &drawn {
            hard_rules_hold(&t, month)?;
        }
        let f = figures(&teams, &[], &drawn, k);
        prop_assert!(f.spread <= f.even_spread + 1, "{:?}", f.yearly_totals);
    }

    /// No month repeats a pair met before while a swap of two presenters would have met
    /// a new pair instead without bending a higher rule.
    #[test]
    fn no_repeat_where_a_swap_would_have_met_someone_new((t, k, seed) in even_team()) {
        let teams = vec![t.clone(); 12];
        let mut past = Vec::new();
        for (i, team) in teams.iter().enumerate() {
            let input = DrawInput {
                presenters: team.presenters.clone(),
                manager: None,
                metrics: team.metrics.clone(),
                history: past.clone(),
                recent_months: k,
                seed: seed ^ i as u64,
            };
            let month = draw(&input).unwrap();
            let history = History::new(&past, k);
            let who = |id: i32| t.presenters.iter().find(|p| p.id == id).unwrap();
            let what = |id: i32| t.metrics.iter().find(|m| m.id == id).unwrap();
            let cost = |p: i32, m: i32| upper(history.pair(who(p), what(m)));
            let add = |a: (u32, u32, u32), b: (u32, u32, u32)| (a.0 + b.0, a.1 + b.1, a.2 + b.2);
            for a in &month {
                for b in &month {
                    if a.presenter_id == b.presenter_id
                        || what(a.metric_id).owner_id == Some(b.presenter_id)
                        || what(b.metric_id).owner_id == Some(a.presenter_id)
                    {
                        continue;
                    }
                    let now = add(cost(a.presenter_id, a.metric_id), cost(b.presenter_id, b.metric_id));
                    let swapped = add(cost(b.presenter_id, a.metric_id), cost(a.presenter_id, b.metric_id));
                    prop_assert!(swapped >= now, "month {i}: swapping {a:?} and {b:?} is better");
                }
            }
            for p in &mut past {
                p.months_ago += 1;
            }
            past.extend(month.iter().map(|p| PastPresentation {
                months_ago: 1,
                metric_id: p.metric_id,
                presenter_id: p.presenter_id,
                owner_department: what(p.metric_id).owner_department.clone(),
            }));
        }
        let _ = Weights::new(1, 1, k, 0);
    }
}
