//! The comparison block and the verdict, on hand-computed months.

use super::*;

fn ym(s: &str) -> YearMonth {
    YearMonth::parse(s).unwrap()
}

fn points(from: &str, values: &[f64]) -> Vec<Point> {
    std::iter::successors(Some(ym(from)), |m| Some(m.next()))
        .zip(values)
        .map(|(month, value)| Point {
            month,
            value: *value,
        })
        .collect()
}

fn facts(aggregation: Aggregation, target: Option<f64>) -> Facts {
    Facts {
        direction: Direction::HigherIsBetter,
        aggregation,
        target,
    }
}

#[test]
fn the_comparison_block_sets_the_month_against_last_month_a_year_ago_and_the_target() {
    // Jan 2025 … Mar 2026: 10, 11, …, 24.
    let values: Vec<f64> = (10..=24).map(f64::from).collect();
    let p = points("2025-01", &values);
    let a = analyse(facts(Aggregation::Sum, Some(20.0)), &p, &[], ym("2026-03")).unwrap();
    assert_eq!(a.value, 24.0);
    let prev = a.previous.unwrap();
    assert_eq!(
        (prev.month, prev.value, prev.change),
        (ym("2026-02"), 23.0, 1.0)
    );
    assert!((prev.change_pct.unwrap() - 100.0 / 23.0).abs() < 1e-9);
    let year = a.year_ago.unwrap();
    assert_eq!(
        (year.month, year.value, year.change),
        (ym("2025-03"), 12.0, 12.0)
    );
    assert_eq!(year.change_pct, Some(100.0));
    let ytd = a.year_to_date.unwrap();
    assert_eq!(
        (ytd.from, ytd.to, ytd.months),
        (ym("2026-01"), ym("2026-03"), 3)
    );
    assert_eq!(
        (ytd.value, ytd.year_ago_value),
        (22.0 + 23.0 + 24.0, Some(33.0))
    );
    assert!((ytd.change_pct.unwrap() - (69.0 - 33.0) / 33.0 * 100.0).abs() < 1e-9);
    let t = a.target.unwrap();
    assert_eq!((t.value, t.gap, t.gap_pct), (20.0, 4.0, Some(20.0)));

    let avg = analyse(facts(Aggregation::Average, None), &p, &[], ym("2026-03")).unwrap();
    assert_eq!(avg.year_to_date.unwrap().value, 23.0);
    assert_eq!(avg.year_to_date.unwrap().year_ago_value, Some(11.0));
    let last = analyse(facts(Aggregation::Last, None), &p, &[], ym("2026-03")).unwrap();
    assert_eq!(last.year_to_date.unwrap().value, 24.0);
    assert!(avg.target.is_none() && avg.assurance.is_none());
}

#[test]
fn one_value_has_no_comparisons_and_too_few_points() {
    let p = points("2026-05", &[42.0]);
    let a = analyse(facts(Aggregation::Sum, Some(40.0)), &p, &[], ym("2026-05")).unwrap();
    assert!(a.previous.is_none() && a.year_ago.is_none() && a.year_to_date.is_none());
    assert_eq!(a.variation, Variation::TooFewPoints);
    assert!(a.limits.is_none() && a.assurance.is_none() && a.signals.is_empty());
    assert!(
        a.verdict().contains("no usual range yet"),
        "{}",
        a.verdict()
    );
}

#[test]
fn a_zero_month_before_gives_no_percentage() {
    let p = points("2026-01", &[0.0, 5.0]);
    let a = analyse(facts(Aggregation::Sum, Some(0.0)), &p, &[], ym("2026-02")).unwrap();
    let prev = a.previous.unwrap();
    assert_eq!((prev.change, prev.change_pct), (5.0, None));
    assert_eq!(a.target.unwrap().gap_pct, None);
}

#[test]
fn a_month_without_a_value_has_no_analysis_and_later_months_are_ignored() {
    let p = points("2026-01", &[1.0, 2.0, 3.0]);
    assert!(analyse(facts(Aggregation::Sum, None), &p, &[], ym("2026-05")).is_none());
    let a = analyse(facts(Aggregation::Sum, None), &p, &[], ym("2026-02")).unwrap();
    assert_eq!(a.year_to_date.unwrap().value, 3.0);
}

#[test]
fn the_verdict_says_nothing_to_explain_or_names_the_signal() {
    let stable = [
        100.0, 102.0, 98.0, 101.0, 99.0, 100.0, 103.0, 97.0, 100.0, 101.0, 99.0, 100.0,
    ];
    let mut values = stable.to_vec();
    values.push(101.0);
    let p = points("2025-01", &values);
    let a = analyse(facts(Aggregation::Sum, None), &p, &[], ym("2026-01")).unwrap();
    assert_eq!(a.variation, Variation::CommonCause);
    assert_eq!(
        a.verdict(),
        "January 2026 is inside the usual range: nothing to explain."
    );

    values.extend([102.0, 101.5]);
    let p = points("2025-01", &values);
    let a = analyse(facts(Aggregation::Sum, None), &p, &[], ym("2026-03")).unwrap();
    assert_eq!(a.run_on_one_side(), 3);
    assert!(a
        .verdict()
        .contains("3rd month in a row above the centre line: a shift may be starting"));

    values.extend([112.0]);
    let p = points("2025-01", &values);
    let a = analyse(facts(Aggregation::Sum, Some(105.0)), &p, &[], ym("2026-04")).unwrap();
    assert_eq!(a.variation, Variation::SpecialCauseImprovement);
    assert!(
        a.verdict().contains("outside the usual range"),
        "{}",
        a.verdict()
    );
    assert_eq!(a.assurance, Some(Assurance::HitAndMiss));
    // A rebase in April restarts the limits: too few months since.
    let a = analyse(
        facts(Aggregation::Sum, None),
        &p,
        &[ym("2026-04")],
        ym("2026-04"),
    )
    .unwrap();
    assert_eq!(a.variation, Variation::TooFewPoints);
    // A rebase after the month does not count for it.
    let a = analyse(
        facts(Aggregation::Sum, None),
        &p,
        &[ym("2026-04")],
        ym("2026-03"),
    )
    .unwrap();
    assert!(a.limits.is_some());
}
