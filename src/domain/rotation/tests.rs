use proptest::prelude::*;

use super::reasons::{best_replacement, hand_reason, reason};
use super::*;

fn person(id: i32, department: &str) -> Presenter {
    Presenter {
        id,
        name: format!("P{id}"),
        department: department.into(),
    }
}

fn metric(id: i32, owner: Option<(i32, &str)>) -> MetricToPlace {
    MetricToPlace {
        id,
        name: format!("M{id}"),
        owner_id: owner.map(|o| o.0),
        owner_name: owner.map(|o| format!("P{}", o.0)),
        owner_department: owner.map(|o| o.1.to_string()),
        kept_by_manager: false,
    }
}

fn input(presenters: Vec<Presenter>, metrics: Vec<MetricToPlace>) -> DrawInput {
    DrawInput {
        presenters,
        manager: None,
        metrics,
        history: vec![],
        recent_months: 6,
        seed: 1,
    }
}

fn presenter_of(placements: &[Placement], metric_id: i32) -> i32 {
    placements
        .iter()
        .find(|p| p.metric_id == metric_id)
        .map(|p| p.presenter_id)
        .unwrap()
}

#[test]
fn one_member_cannot_present_their_own_metric() {
    let err = draw(&input(
        vec![person(1, "SEO")],
        vec![metric(10, Some((1, "SEO")))],
    ))
    .unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert!(
        err.0[0]
            .reason
            .contains("P1 owns it and is the only available presenter"),
        "{err}"
    );
    // A metric nobody owns is fine.
    assert!(draw(&input(vec![person(1, "SEO")], vec![metric(11, None)])).is_ok());
}

#[test]
fn two_members_owning_each_others_metrics_swap() {
    let placed = draw(&input(
        vec![person(1, "SEO"), person(2, "Paid")],
        vec![metric(10, Some((1, "SEO"))), metric(20, Some((2, "Paid")))],
    ))
    .unwrap();
    assert_eq!(presenter_of(&placed, 10), 2);
    assert_eq!(presenter_of(&placed, 20), 1);
    assert!(placed[0].reason.contains("not in the owner's department"));
}

#[test]
fn everyone_in_one_department_still_gets_a_draw_and_the_reason_says_so() {
    let team = vec![
        person(1, "Marketing"),
        person(2, "Marketing"),
        person(3, "Marketing"),
    ];
    let metrics = vec![
        metric(10, Some((1, "Marketing"))),
        metric(20, Some((2, "Marketing"))),
        metric(30, Some((3, "Marketing"))),
    ];
    let placed = draw(&input(team, metrics)).unwrap();
    for p in &placed {
        assert!(
            p.reason.contains("same department as the owner"),
            "{}",
            p.reason
        );
    }
}

#[test]
fn when_the_only_non_owner_is_away_the_metric_cannot_be_placed() {
    // Members 1 and 2; 2 is away, so only the owner remains.
    let err = draw(&input(
        vec![person(1, "SEO")],
        vec![metric(10, Some((1, "SEO"))), metric(20, None)],
    ))
    .unwrap_err();
    assert_eq!(err.0.iter().map(|u| u.metric_id).collect::<Vec<_>>(), [10]);
}

#[test]
fn with_more_members_than_metrics_nobody_gets_two() {
    let team: Vec<Presenter> = (1..=6)
        .map(|i| person(i, if i % 2 == 0 { "SEO" } else { "Paid" }))
        .collect();
    let placed = draw(&input(
        team,
        vec![
            metric(10, Some((1, "Paid"))),
            metric(20, Some((2, "SEO"))),
            metric(30, None),
        ],
    ))
    .unwrap();
    let mut presenters: Vec<i32> = placed.iter().map(|p| p.presenter_id).collect();
    presenters.sort_unstable();
    presenters.dedup();
    assert_eq!(presenters.len(), 3);
}

#[test]
fn a_manager_owning_all_metrics_is_fine_when_they_do_not_present() {
    // The manager owns everything and presents nothing; the members share the load.
    let mut i = input(
        vec![person(2, "SEO"), person(3, "Paid")],
        (10..14)
            .map(|id| metric(id, Some((1, "Management"))))
            .collect(),
    );
    i.manager = Some(person(1, "Management"));
    let placed = draw(&i).unwrap();
    assert_eq!(placed.iter().filter(|p| p.presenter_id == 2).count(), 2);
    assert_eq!(placed.iter().filter(|p| p.presenter_id == 3).count(), 2);
    // …but a kept metric the manager owns cannot be placed.
    i.metrics[0].kept_by_manager = true;
    let err = draw(&i).unwrap_err();
    assert!(err.0[0].reason.contains("presenting manager owns it"));
}

#[test]
fn kept_metrics_go_to_the_manager_who_presents_nothing_else() {
    let mut i = input(
        vec![person(2, "SEO"), person(3, "Paid")],
        vec![
            metric(10, Some((2, "SEO"))),
            metric(20, Some((3, "Paid"))),
            metric(30, Some((2, "SEO"))),
        ],
    );
    i.metrics[2].kept_by_manager = true;
    i.manager = Some(person(1, "Management"));
    let placed = draw(&i).unwrap();
    assert_eq!(presenter_of(&placed, 30), 1);
    assert_eq!(placed.iter().filter(|p| p.presenter_id == 1).count(), 1);
    i.manager = None;
    assert!(draw(&i).unwrap_err().0[0]
        .reason
        .contains("no presenting manager is available"));
}

#[test]
fn a_recent_presenter_is_avoided_and_the_longer_ago_the_better() {
    let team = vec![person(1, "A"), person(2, "A"), person(3, "A")];
    let mut i = input(team, vec![metric(10, Some((9, "B")))]);
    i.history = vec![
        PastPresentation {
            months_ago: 1,
            metric_id: 10,
            presenter_id: 1,
            owner_department: Some("B".into()),
        },
        PastPresentation {
            months_ago: 2,
            metric_id: 10,
            presenter_id: 2,
            owner_department: Some("B".into()),
        },
    ];
    assert_eq!(presenter_of(&draw(&i).unwrap(), 10), 3);
    i.history.push(PastPresentation {
        months_ago: 3,
        metric_id: 10,
        presenter_id: 3,
        owner_department: Some("B".into()),
    });
    let placed = draw(&i).unwrap();
    assert_eq!(
        presenter_of(&placed, 10),
        3,
        "three months ago beats one and two"
    );
    assert!(placed[0].reason.contains("3 months ago"));
}

#[test]
fn the_same_seed_gives_the_same_draw_and_other_seeds_vary() {
    let team: Vec<Presenter> = (1..=6).map(|i| person(i, "X")).collect();
    let metrics: Vec<MetricToPlace> = (10..16).map(|id| metric(id, None)).collect();
    let mut i = input(team, metrics);
    let first = draw(&i).unwrap();
    assert_eq!(first, draw(&i).unwrap());
    let draws: std::collections::HashSet<Vec<i32>> = (0..20)
        .map(|seed| {
            i.seed = seed;
            draw(&i).unwrap().iter().map(|p| p.presenter_id).collect()
        })
        .collect();
    assert!(draws.len() > 5, "seeds give different, equally good draws");
}

#[test]
fn an_impossible_balance_names_the_metrics_it_cannot_place() {
    // Four metrics, two presenters: each must take two, but P1 can only take P2's one.
    let metrics = vec![
        metric(10, Some((1, "A"))),
        metric(11, Some((1, "A"))),
        metric(12, Some((1, "A"))),
        metric(20, Some((2, "B"))),
    ];
    let err = draw(&input(vec![person(1, "A"), person(2, "B")], metrics)).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert!(
        err.0[0]
            .reason
            .contains("each of the 2 presenters gets exactly 2"),
        "{err}"
    );
}

#[test]
fn large_organisations_are_split_into_balanced_groups() {
    let n = 1_500;
    let team: Vec<Presenter> = (0..n)
        .map(|i| person(i, ["SEO", "Paid", "Content", "Dev"][i as usize % 4]))
        .collect();
    let metrics: Vec<MetricToPlace> = (0..1_700)
        .map(|j| {
            metric(
                10_000 + j,
                Some((
                    j % n,
                    ["SEO", "Paid", "Content", "Dev"][(j % n) as usize % 4],
                )),
            )
        })
        .collect();
    assert!(team.len() * metrics.len() > EXACT_PAIR_LIMIT);
    let placed = draw(&input(team, metrics.clone())).unwrap();
    assert_eq!(placed.len(), metrics.len());
    let mut loads = std::collections::HashMap::new();
    for p in &placed {
        *loads.entry(p.presenter_id).or_insert(0) += 1;
    }
    assert!(loads.values().all(|l| *l == 1 || *l == 2));
    assert!(placed
        .iter()
        .all(|p| p.reason.contains("not in the owner's department")));
}

// ---- property tests against brute force ----

/// The optimum by trying every assignment, or None when no valid one exists.
fn brute_force(i: &DrawInput) -> Option<i128> {
    for m in i.metrics.iter().filter(|m| m.kept_by_manager) {
        match &i.manager {
            Some(manager) if m.owner_id != Some(manager.id) => {}
            _ => return None,
        }
    }
    let others: Vec<&MetricToPlace> = i.metrics.iter().filter(|m| !m.kept_by_manager).collect();
    if others.is_empty() {
        return Some(0);
    }
    let n = i.presenters.len();
    if n == 0 {
        return None;
    }
    let (q, r) = (others.len() / n, others.len() % n);
    let mut best = None;
    let total = n.pow(others.len() as u32);
    for code in 0..total {
        let mut c = code;
        let mut loads = vec![0usize; n];
        let mut placements = Vec::new();
        let mut valid = true;
        for m in &others {
            let p = c % n;
            c /= n;
            if m.owner_id == Some(i.presenters[p].id) {
                valid = false;
                break;
            }
            loads[p] += 1;
            placements.push(Placement {
                metric_id: m.id,
                presenter_id: i.presenters[p].id,
                reason: String::new(),
            });
        }
        let balanced = loads.iter().all(|l| *l == q || *l == q + 1)
            && loads.iter().filter(|l| **l == q + 1).count() == r;
        if valid && balanced {
            let cost = draw_cost(i, &placements);
            if best.is_none_or(|b| cost < b) {
                best = Some(cost);
            }
        }
    }
    best
}

fn small_team() -> impl Strategy<Value = DrawInput> {
    let departments = prop::sample::select(vec!["SEO", "Paid", "Content", ""]);
    (
        1usize..=4,
        0usize..=5,
        any::<bool>(),
        any::<u64>(),
        0u32..=3,
    )
        .prop_flat_map(move |(n, m, with_manager, seed, k)| {
            let people = prop::collection::vec(departments.clone(), n);
            // owner: 0..n a presenter, n the manager, n+1 nobody
            let metrics = prop::collection::vec((0..n + 2, prop::bool::weighted(0.2)), m);
            let history = prop::collection::vec((1u32..=8, 0..m.max(1), 0..n), 0..6);
            (
                Just(n),
                Just(with_manager),
                Just(seed),
                Just(k),
                people,
                metrics,
                history,
            )
        })
        .prop_map(|(n, with_manager, seed, k, people, metrics, history)| {
            let presenters: Vec<Presenter> = people
                .iter()
                .enumerate()
                .map(|(i, d)| person(i as i32 + 1, d))
                .collect();
            let manager = person(100, "Management");
            let metrics: Vec<MetricToPlace> = metrics
                .iter()
                .enumerate()
                .map(|(j, (owner, kept))| {
                    let owner = match *owner {
                        o if o < n => Some((presenters[o].id, presenters[o].department.as_str())),
                        o if o == n => Some((100, "Management")),
                        _ => None,
                    };
                    MetricToPlace {
                        kept_by_manager: *kept,
                        ..metric(j as i32 + 1, owner)
                    }
                })
                .collect();
            let history = history
                .iter()
                .filter(|(_, j, _)| *j < metrics.len())
                .map(|(ago, j, p)| PastPresentation {
                    months_ago: *ago,
                    metric_id: metrics[*j].id,
                    presenter_id: presenters[*p].id,
                    owner_department: metrics[*j].owner_department.clone(),
                })
                .collect();
            DrawInput {
                presenters,
                manager: with_manager.then_some(manager),
                metrics,
                history,
                recent_months: k * 2,
                seed,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_draw_is_valid_exactly_when_brute_force_finds_one_and_as_good(i in small_team()) {
        let expected = brute_force(&i);
        let result = draw(&i);
        prop_assert_eq!(result.is_ok(), expected.is_some(), "{:?}", result);
        if let (Ok(placements), Some(best)) = (result, expected) {
            // Hard rules.
            prop_assert_eq!(placements.len(), i.metrics.len());
            let others = i.metrics.iter().filter(|m| !m.kept_by_manager).count();
            let n = i.presenters.len().max(1);
            for p in &placements {
                let m = i.metrics.iter().find(|m| m.id == p.metric_id).unwrap();
                prop_assert!(m.owner_id != Some(p.presenter_id), "nobody presents their own metric");
                if m.kept_by_manager {
                    prop_assert_eq!(Some(p.presenter_id), i.manager.as_ref().map(|x| x.id));
                } else {
                    prop_assert!(i.presenters.iter().any(|x| x.id == p.presenter_id), "only available presenters");
                    let load = placements.iter().filter(|o| o.presenter_id == p.presenter_id).count();
                    prop_assert!(load == others / n || load == others.div_ceil(n), "balanced load");
                }
            }
            // Optimal.
            prop_assert_eq!(draw_cost(&i, &placements), best);
        }
    }

    #[test]
    fn the_same_input_and_seed_always_give_the_same_draw(i in small_team()) {
        prop_assert_eq!(draw(&i), draw(&i));
    }
}

#[test]
fn a_hand_choice_says_so_and_names_the_soft_rules_it_breaks() {
    let m = metric(1, Some((9, "Paid")));
    let same = PairCost {
        same_department: true,
        recent: Some(2),
        times_presented: 1,
        last_ago: Some(2),
        times_department: 1,
    };
    let by_hand = hand_reason(same, &m);
    assert_eq!(
        by_hand,
        "chosen by hand; breaks the soft rules: same department as the owner (Paid) and presented M1 2 months ago"
    );
    assert!(!by_hand.contains("nobody"), "{by_hand}");
    let fine = PairCost::default();
    assert_eq!(
        hand_reason(fine, &m),
        "chosen by hand; not in the owner's department (Paid); has not presented M1 before"
    );
    // A forced same-department draw is not "the first time with" that department.
    let forced = PairCost {
        same_department: true,
        ..PairCost::default()
    };
    assert!(
        !reason(forced, &m).contains("first time with"),
        "{}",
        reason(forced, &m)
    );
    assert!(reason(fine, &m).ends_with("first time with any Paid metric"));
}

#[test]
fn the_replacement_is_whoever_presents_least_then_breaks_fewest_rules() {
    let metric = metric(1, Some((9, "Paid")));
    let candidates = [
        person(1, "Paid"),
        person(2, "SEO"),
        person(3, "Content"),
        person(9, "Paid"),
    ];
    let history = History::new(&[], 6);
    let loads: HashMap<i32, usize> = [(1, 0), (2, 1), (3, 0)].into_iter().collect();
    // 1 and 3 present nothing yet; 1 is in the owner's department, so 3; never the owner.
    assert_eq!(
        best_replacement(&history, &candidates, &metric, &loads),
        Some(3)
    );
    let loads: HashMap<i32, usize> = [(1, 0), (2, 1), (3, 1)].into_iter().collect();
    assert_eq!(
        best_replacement(&history, &candidates, &metric, &loads),
        Some(1)
    );
    assert_eq!(
        best_replacement(&history, &candidates[3..], &metric, &loads),
        None
    );
}
