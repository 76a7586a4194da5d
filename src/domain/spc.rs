//! Natural process limits and the signals of a process behaviour (XmR) chart, computed
//! as NHS England's "Making Data Count" computes them, so the results agree with other
//! SPC tools.
//!
//! - The *period* runs from the latest rebase (or the first point) to the end.
//! - Its *baseline* is its first 12 points (all of them when fewer: *trial* limits).
//! - Centre = mean of the baseline. Moving ranges = |xᵢ − xᵢ₋₁| inside the baseline;
//!   mR̄ = their mean, recomputed once without the ranges above 3.267 × mR̄.
//! - Limits = centre ± 2.66 × mR̄; upper range limit = 3.267 × mR̄.
//! - Fewer than 6 points in the period: no limits.
//!
//! Signals over every point of the period:
//! - `outside_limits`: a point beyond a limit;
//! - `shift`: 7 or more points in a row on one side of the centre (a point on the centre
//!   breaks the run), every point of the run flagged;
//! - `trend`: 7 or more points in a row, each strictly above (or each strictly below)
//!   the one before, every point flagged;
//! - `two_of_three`: 2 of 3 points in a row beyond two thirds of the way from the
//!   centre to a limit, all 3 on the same side of the centre; those beyond flagged.
//!
//! Pure: points in, limits and signals out.

use serde::Serialize;

use super::metric::Direction;
use super::month::YearMonth;

/// The moving-range constant: limits are this many mR̄ from the centre.
pub const LIMIT_FACTOR: f64 = 2.66;
/// The upper range limit, and the screening cut, in mR̄.
pub const RANGE_FACTOR: f64 = 3.267;
/// Points in the baseline once it is complete.
pub const BASELINE_POINTS: usize = 12;
/// A period needs this many points before it has limits.
pub const MIN_POINTS: usize = 6;
/// Points in a row for a shift or a trend.
pub const RUN_LENGTH: usize = 7;

/// One month's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub month: YearMonth,
    pub value: f64,
}

/// The natural process limits of a period.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Limits {
    pub centre: f64,
    pub lower: f64,
    pub upper: f64,
    pub moving_range_mean: f64,
    pub moving_range_upper: f64,
    pub baseline_from: YearMonth,
    pub baseline_to: YearMonth,
    /// Points in the baseline.
    pub points: usize,
    /// Fewer than 12 baseline points: the limits will move as months are added.
    pub trial: bool,
}

impl Limits {
    /// How far `value` is from the centre, in units of "centre to limit" (1 = on a limit).
    fn reach(&self, value: f64) -> f64 {
        let half = self.upper - self.centre;
        if half > 0.0 {
            (value - self.centre) / half
        } else {
            0.0
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    OutsideLimits,
    Shift,
    Trend,
    TwoOfThree,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OutsideLimits => "outside_limits",
            Self::Shift => "shift",
            Self::Trend => "trend",
            Self::TwoOfThree => "two_of_three",
        }
    }

    /// In words, for the chart's legend and the template.
    pub fn label(self) -> &'static str {
        match self {
            Self::OutsideLimits => "outside the usual range",
            Self::Shift => "a run of 7 or more on one side of the centre line",
            Self::Trend => "7 or more rising or falling in a row",
            Self::TwoOfThree => "2 of 3 close to a limit",
        }
    }
}

/// Whether a flagged point is good or bad news, by the metric's direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalDirection {
    Improvement,
    Concern,
}

impl SignalDirection {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Improvement => "improvement",
            Self::Concern => "concern",
        }
    }

    /// An upward (`up`) movement of a metric with `direction`.
    pub fn of(direction: Direction, up: bool) -> Self {
        if up == (direction == Direction::HigherIsBetter) {
            Self::Improvement
        } else {
            Self::Concern
        }
    }
}

/// One flagged point under one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Signal {
    pub month: YearMonth,
    pub rule: Rule,
    pub direction: SignalDirection,
}

/// Is the month's value a change, or the ordinary wobble?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    SpecialCauseImprovement,
    SpecialCauseConcern,
    CommonCause,
    TooFewPoints,
}

impl Variation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SpecialCauseImprovement => "special_cause_improvement",
            Self::SpecialCauseConcern => "special_cause_concern",
            Self::CommonCause => "common_cause",
            Self::TooFewPoints => "too_few_points",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SpecialCauseImprovement => "signal: improvement",
            Self::SpecialCauseConcern => "signal: concern",
            Self::CommonCause => "usual range",
            Self::TooFewPoints => "too few months",
        }
    }

    pub fn is_signal(self) -> bool {
        matches!(
            self,
            Self::SpecialCauseImprovement | Self::SpecialCauseConcern
        )
    }
}

/// Will the process meet its target?
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    ConsistentlyPasses,
    ConsistentlyFails,
    HitAndMiss,
}

impl Assurance {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConsistentlyPasses => "consistently_passes",
            Self::ConsistentlyFails => "consistently_fails",
            Self::HitAndMiss => "hit_and_miss",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ConsistentlyPasses => "will meet the target",
            Self::ConsistentlyFails => "will miss the target",
            Self::HitAndMiss => "hit and miss",
        }
    }
}

/// The points of the current period: from the latest rebase month (the first point
/// at or after it) on. `points` are in month order.
pub fn period<'a>(points: &'a [Point], rebases: &[YearMonth]) -> &'a [Point] {
    let start = rebases
        .iter()
        .filter(|r| points.first().is_some_and(|p| **r > p.month))
        .max()
        .map_or(0, |r| points.partition_point(|p| p.month < *r));
    &points[start.min(points.len())..]
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The limits of a period, or `None` under 6 points.
pub fn limits(period: &[Point]) -> Option<Limits> {
    if period.len() < MIN_POINTS {
        return None;
    }
    let baseline = &period[..period.len().min(BASELINE_POINTS)];
    let centre = mean(baseline.iter().map(|p| p.value))?;
    let ranges: Vec<f64> = baseline
        .windows(2)
        .map(|w| (w[1].value - w[0].value).abs())
        .collect();
    let first = mean(ranges.iter().copied())?;
    let screened = mean(
        ranges
            .iter()
            .copied()
            .filter(|r| *r <= RANGE_FACTOR * first),
    )
    .unwrap_or(first);
    Some(Limits {
        centre,
        lower: centre - LIMIT_FACTOR * screened,
        upper: centre + LIMIT_FACTOR * screened,
        moving_range_mean: screened,
        moving_range_upper: RANGE_FACTOR * screened,
        baseline_from: baseline[0].month,
        baseline_to: baseline[baseline.len() - 1].month,
        points: baseline.len(),
        trial: baseline.len() < BASELINE_POINTS,
    })
}

/// Every flagged point of `period` under every rule, in month then rule order.
pub fn signals(period: &[Point], limits: &Limits, direction: Direction) -> Vec<Signal> {
    let mut out = Vec::new();
    let mut flag = |i: usize, rule: Rule, up: bool| {
        out.push(Signal {
            month: period[i].month,
            rule,
            direction: SignalDirection::of(direction, up),
        });
    };
    for (i, p) in period.iter().enumerate() {
        if p.value > limits.upper {
            flag(i, Rule::OutsideLimits, true);
        } else if p.value < limits.lower {
            flag(i, Rule::OutsideLimits, false);
        }
    }
    // Runs on one side of the centre.
    let side = |v: f64| (v - limits.centre).partial_cmp(&0.0);
    for (start, end, up) in runs(period.len(), |i| match side(period[i].value) {
        Some(std::cmp::Ordering::Greater) => Some(true),
        Some(std::cmp::Ordering::Less) => Some(false),
        _ => None,
    }) {
        if end - start >= RUN_LENGTH {
            (start..end).for_each(|i| flag(i, Rule::Shift, up));
        }
    }
    // Runs of strict rises or falls: point i continues the run begun before it.
    let step = |i: usize| -> Option<bool> {
        let (a, b) = (period[i - 1].value, period[i].value);
        if b > a {
            Some(true)
        } else if b < a {
            Some(false)
        } else {
            None
        }
    };
    if period.len() > 1 {
        for (start, end, up) in runs(period.len() - 1, |i| step(i + 1)) {
            // `end - start` steps join `end - start + 1` points.
            if end - start + 1 >= RUN_LENGTH {
                (start..=end).for_each(|i| flag(i, Rule::Trend, up));
            }
        }
    }
    // Two of three beyond two thirds of the way to a limit, all on one side.
    let mut near = vec![false; period.len()];
    for w in 0..period.len().saturating_sub(2) {
        let reach: Vec<f64> = (w..w + 3).map(|i| limits.reach(period[i].value)).collect();
        for up in [true, false] {
            let same_side = reach.iter().all(|r| if up { *r > 0.0 } else { *r < 0.0 });
            let beyond: Vec<usize> = (0..3)
                .filter(|k| {
                    if up {
                        reach[*k] > 2.0 / 3.0
                    } else {
                        reach[*k] < -2.0 / 3.0
                    }
                })
                .collect();
            if same_side && beyond.len() >= 2 {
                for k in beyond {
                    if !near[w + k] {
                        near[w + k] = true;
                        flag(w + k, Rule::TwoOfThree, up);
                    }
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Maximal runs (start, end exclusive, direction) of the `len` items where `at(i)` is
/// the same `Some(direction)`; the callers keep the long ones.
fn runs(len: usize, at: impl Fn(usize) -> Option<bool>) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < len {
        let Some(dir) = at(i) else {
            i += 1;
            continue;
        };
        let start = i;
        while i < len && at(i) == Some(dir) {
            i += 1;
        }
        out.push((start, i, dir));
    }
    out
}

/// The month's variation from the signals on its point: concern wins over improvement.
pub fn variation(month: YearMonth, limits: Option<&Limits>, signals: &[Signal]) -> Variation {
    if limits.is_none() {
        return Variation::TooFewPoints;
    }
    let on_month = signals.iter().filter(|s| s.month == month);
    let mut variation = Variation::CommonCause;
    for s in on_month {
        match s.direction {
            SignalDirection::Concern => return Variation::SpecialCauseConcern,
            SignalDirection::Improvement => variation = Variation::SpecialCauseImprovement,
        }
    }
    variation
}

/// Where the band of usual values lies against `target`.
pub fn assurance(limits: &Limits, target: f64, direction: Direction) -> Assurance {
    let (good_edge, bad_edge) = match direction {
        Direction::HigherIsBetter => (limits.lower, limits.upper),
        Direction::LowerIsBetter => (limits.upper, limits.lower),
    };
    let passes = |v: f64| match direction {
        Direction::HigherIsBetter => v >= target,
        Direction::LowerIsBetter => v <= target,
    };
    if passes(good_edge) {
        Assurance::ConsistentlyPasses
    } else if !passes(bad_edge) {
        Assurance::ConsistentlyFails
    } else {
        Assurance::HitAndMiss
    }
}

#[cfg(test)]
mod tests;
