//! Hand-computed series, and the properties every limit must have.

use proptest::prelude::*;

use super::*;

fn months(n: usize) -> Vec<YearMonth> {
    let first = YearMonth::new(2025, 1).unwrap();
    std::iter::successors(Some(first), |m| Some(m.next()))
        .take(n)
        .collect()
}

fn series(values: &[f64]) -> Vec<Point> {
    months(values.len())
        .into_iter()
        .zip(values)
        .map(|(month, value)| Point {
            month,
            value: *value,
        })
        .collect()
}

fn month(n: usize) -> YearMonth {
    months(n)[n - 1]
}

/// Mean 100, moving ranges 2,4,3,2,1,3,6,3,1,2,1 (mean 28/11).
const STABLE: [f64; 12] = [
    100.0, 102.0, 98.0, 101.0, 99.0, 100.0, 103.0, 97.0, 100.0, 101.0, 99.0, 100.0,
];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn flagged(signals: &[Signal], rule: Rule) -> Vec<usize> {
    signals
        .iter()
        .filter(|s| s.rule == rule)
        .map(|s| months(40).iter().position(|m| *m == s.month).unwrap() + 1)
        .collect()
}

#[test]
fn a_stable_series_has_limits_and_no_signals() {
    let points = series(&STABLE);
    let l = limits(&points).unwrap();
    assert!(close(l.centre, 100.0));
    assert!(close(l.moving_range_mean, 28.0 / 11.0));
    assert!(close(l.upper, 100.0 + 2.66 * 28.0 / 11.0));
    assert!(close(l.lower, 100.0 - 2.66 * 28.0 / 11.0));
    assert!(close(l.moving_range_upper, 3.267 * 28.0 / 11.0));
    assert_eq!((l.points, l.trial), (12, false));
    assert_eq!((l.baseline_from, l.baseline_to), (month(1), month(12)));
    let s = signals(&points, &l, Direction::HigherIsBetter);
    assert!(s.is_empty(), "{s:?}");
    assert_eq!(variation(month(12), Some(&l), &s), Variation::CommonCause);
}

#[test]
fn a_level_shift_after_month_twelve_is_outside_the_limits_and_a_shift() {
    let mut values = STABLE.to_vec();
    values.extend([110.0, 111.0, 109.0, 110.0, 112.0, 110.0, 111.0]);
    let points = series(&values);
    let l = limits(&points).unwrap();
    // The baseline is still the first twelve months.
    assert!(close(l.centre, 100.0) && l.baseline_to == month(12));
    let s = signals(&points, &l, Direction::HigherIsBetter);
    let shifted: Vec<usize> = (13..=19).collect();
    assert_eq!(flagged(&s, Rule::OutsideLimits), shifted);
    assert_eq!(flagged(&s, Rule::Shift), shifted);
    assert!(s
        .iter()
        .all(|x| x.direction == SignalDirection::Improvement));
    assert_eq!(
        variation(month(19), Some(&l), &s),
        Variation::SpecialCauseImprovement
    );
    // The same rise is a concern when lower is better.
    let s = signals(&points, &l, Direction::LowerIsBetter);
    assert_eq!(
        variation(month(19), Some(&l), &s),
        Variation::SpecialCauseConcern
    );
    assert_eq!(variation(month(12), Some(&l), &s), Variation::CommonCause);
}

#[test]
fn six_in_a_row_is_not_a_shift_and_a_point_on_the_centre_breaks_the_run() {
    let mut values = STABLE.to_vec();
    values.extend([101.0, 102.0, 101.0, 100.0, 101.0, 102.0, 101.0, 102.0]);
    let points = series(&values);
    let l = limits(&points).unwrap();
    let s = signals(&points, &l, Direction::HigherIsBetter);
    // Months 13–15 and 17–20 are above, but month 16 sits on the centre.
    assert!(flagged(&s, Rule::Shift).is_empty(), "{s:?}");
}

#[test]
fn a_steady_climb_is_a_trend_on_every_point() {
    let values: Vec<f64> = (1..=10).map(f64::from).collect();
    let points = series(&values);
    let l = limits(&points).unwrap();
    // Ten points: trial limits at 5.5 ± 2.66.
    assert!(l.trial && close(l.centre, 5.5) && close(l.moving_range_mean, 1.0));
    let s = signals(&points, &l, Direction::LowerIsBetter);
    assert_eq!(flagged(&s, Rule::Trend), (1..=10).collect::<Vec<_>>());
    assert!(s
        .iter()
        .filter(|x| x.rule == Rule::Trend)
        .all(|x| x.direction == SignalDirection::Concern));
    // Below 2.84 and above 8.16.
    assert_eq!(flagged(&s, Rule::OutsideLimits), [1, 2, 9, 10]);
    assert!(flagged(&s, Rule::Shift).is_empty());
}

#[test]
fn six_rising_points_are_not_a_trend_and_a_flat_step_ends_one() {
    let values = [
        5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 10.0, 11.0, 12.0, 6.0, 5.0, 4.0,
    ];
    let points = series(&values);
    let l = limits(&points).unwrap();
    let s = signals(&points, &l, Direction::HigherIsBetter);
    assert!(flagged(&s, Rule::Trend).is_empty(), "{s:?}");
}

#[test]
fn screening_keeps_one_outlier_from_widening_the_limits() {
    let values = [
        10.0, 11.0, 10.0, 12.0, 11.0, 10.0, 50.0, 11.0, 10.0, 11.0, 12.0, 10.0,
    ];
    let points = series(&values);
    let l = limits(&points).unwrap();
    // Ranges 1,1,2,1,1,40,39,1,1,1,2: mean 90/11; 40 and 39 are above 3.267 × that.
    assert!(close(l.moving_range_mean, 11.0 / 9.0));
    assert!(close(l.centre, 14.0));
    assert!(close(l.upper - l.lower, 2.0 * 2.66 * 11.0 / 9.0));
    let s = signals(&points, &l, Direction::HigherIsBetter);
    assert!(flagged(&s, Rule::OutsideLimits).contains(&7));
}

#[test]
fn two_of_three_near_a_limit_flags_the_two() {
    let mut values = STABLE.to_vec();
    // Two thirds of the way to the upper limit is 100 + 4.51.
    values.extend([105.0, 101.0, 106.0]);
    let points = series(&values);
    let l = limits(&points).unwrap();
    let s = signals(&points, &l, Direction::HigherIsBetter);
    assert_eq!(flagged(&s, Rule::TwoOfThree), [13, 15]);
    assert!(flagged(&s, Rule::OutsideLimits).is_empty());
    // Not when the middle one is on the other side.
    let mut values = STABLE.to_vec();
    values.extend([105.0, 99.0, 106.0]);
    let points = series(&values);
    let s = signals(
        &points,
        &limits(&points).unwrap(),
        Direction::HigherIsBetter,
    );
    assert!(flagged(&s, Rule::TwoOfThree).is_empty());
}

#[test]
fn a_rebase_restarts_the_limits_and_one_on_the_first_month_changes_nothing() {
    let mut values = STABLE.to_vec();
    values.extend([110.0, 111.0, 109.0, 110.0, 112.0, 110.0, 111.0]);
    let points = series(&values);
    let after = period(&points, &[month(13)]);
    assert_eq!(after.len(), 7);
    let l = limits(after).unwrap();
    assert!(l.trial && l.baseline_from == month(13) && close(l.centre, 773.0 / 7.0));
    assert!(signals(after, &l, Direction::HigherIsBetter).is_empty());
    assert_eq!(period(&points, &[month(1)]).len(), points.len());
    // A rebase in a month without a value starts at the next value; a later one is
    // the one that counts.
    assert_eq!(period(&points, &[month(3), month(15)]).len(), 5);
    assert!(limits(period(&points, &[month(15)])).is_none());
    assert_eq!(variation(month(19), None, &[]), Variation::TooFewPoints);
}

#[test]
fn fewer_than_six_points_have_no_limits() {
    assert!(limits(&series(&[1.0, 2.0, 3.0, 4.0, 5.0])).is_none());
    assert!(limits(&series(&[1.0; 6])).is_some());
}

#[test]
fn a_flat_series_has_zero_width_limits_and_no_nan() {
    let points = series(&[4.0; 8]);
    let l = limits(&points).unwrap();
    assert_eq!((l.lower, l.centre, l.upper), (4.0, 4.0, 4.0));
    assert!(signals(&points, &l, Direction::HigherIsBetter).is_empty());
}

#[test]
fn assurance_compares_the_band_with_the_target() {
    let l = limits(&series(&STABLE)).unwrap(); // about 93.2 to 106.8
    use Direction::*;
    assert_eq!(
        assurance(&l, 90.0, HigherIsBetter),
        Assurance::ConsistentlyPasses
    );
    assert_eq!(
        assurance(&l, 110.0, HigherIsBetter),
        Assurance::ConsistentlyFails
    );
    assert_eq!(assurance(&l, 100.0, HigherIsBetter), Assurance::HitAndMiss);
    assert_eq!(
        assurance(&l, 110.0, LowerIsBetter),
        Assurance::ConsistentlyPasses
    );
    assert_eq!(
        assurance(&l, 90.0, LowerIsBetter),
        Assurance::ConsistentlyFails
    );
}

proptest! {
    #[test]
    fn limits_are_symmetric_and_follow_shifts_and_scales(
        values in prop::collection::vec(-1000i32..1000, 6..30),
        shift in -500i32..500,
        power in 0i32..6,
    ) {
        let base: Vec<f64> = values.iter().map(|v| f64::from(*v)).collect();
        let points = series(&base);
        let l = limits(&points).unwrap();
        let tol = 1e-6 * (1.0 + l.centre.abs() + l.upper.abs());
        prop_assert!(((l.upper - l.centre) - (l.centre - l.lower)).abs() < tol);
        prop_assert!(l.lower <= l.centre && l.centre <= l.upper);
        prop_assert!(l.moving_range_mean.is_finite() && l.moving_range_mean >= 0.0);

        let c = f64::from(shift);
        let moved = series(&base.iter().map(|v| v + c).collect::<Vec<_>>());
        let m = limits(&moved).unwrap();
        prop_assert!((m.centre - (l.centre + c)).abs() < tol + 1e-6 * c.abs());
        prop_assert!((m.upper - (l.upper + c)).abs() < tol + 1e-6 * c.abs());
        prop_assert!((m.moving_range_mean - l.moving_range_mean).abs() < tol);

        // Scaling by a power of two is exact, so every signal stays.
        let k = 2f64.powi(power);
        let scaled = series(&base.iter().map(|v| v * k).collect::<Vec<_>>());
        let s = limits(&scaled).unwrap();
        prop_assert_eq!(s.centre, l.centre * k);
        prop_assert_eq!(s.upper, l.upper * k);
        prop_assert_eq!(s.moving_range_mean, l.moving_range_mean * k);
        prop_assert_eq!(
            signals(&scaled, &s, Direction::HigherIsBetter),
            signals(&points, &l, Direction::HigherIsBetter)
        );
    }

    #[test]
    fn signals_fall_on_the_period_and_name_known_rules(
        values in prop::collection::vec(0i32..100, 0..40),
    ) {
        let points = series(&values.iter().map(|v| f64::from(*v)).collect::<Vec<_>>());
        if let Some(l) = limits(&points) {
            for s in signals(&points, &l, Direction::LowerIsBetter) {
                prop_assert!(points.iter().any(|p| p.month == s.month));
            }
        } else {
            prop_assert!(points.len() < MIN_POINTS);
        }
    }
}
