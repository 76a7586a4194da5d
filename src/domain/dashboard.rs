//! How a metric is doing: its change against last month judged by its direction, and a
//! red/amber/green status against its target.
//!
//! Status rule: on the right side of the target (or on it) is green; on the wrong side
//! by at most 10 % of the target's size is amber; further away is red. A metric without
//! a target has no status, only a trend.

use serde::Serialize;

use super::metric::Direction;
use super::month::YearMonth;

/// Share of the target's size that still counts as "nearly there".
pub const AMBER_BAND: f64 = 0.10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    Good,
    Bad,
    Flat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Green,
    Amber,
    Red,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Amber => "amber",
            Self::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Green => "on target",
            Self::Amber => "close to target",
            Self::Red => "off target",
        }
    }
}

/// Was the move from `previous` to `latest` good news?
pub fn judge_change(direction: Direction, previous: f64, latest: f64) -> Judgement {
    let delta = latest - previous;
    if delta.abs() < f64::EPSILON * previous.abs().max(1.0) {
        return Judgement::Flat;
    }
    let up_is_good = direction == Direction::HigherIsBetter;
    if (delta > 0.0) == up_is_good {
        Judgement::Good
    } else {
        Judgement::Bad
    }
}

/// Where `value` stands against `target`.
pub fn status(direction: Direction, target: f64, value: f64) -> Status {
    let shortfall = match direction {
        Direction::HigherIsBetter => target - value,
        Direction::LowerIsBetter => value - target,
    };
    if shortfall <= 0.0 {
        Status::Green
    } else if shortfall <= AMBER_BAND * target.abs() {
        Status::Amber
    } else {
        Status::Red
    }
}

/// The summary the dashboard shows for one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub latest: Option<(YearMonth, f64)>,
    /// The value of the month just before the latest one, when known.
    pub previous: Option<f64>,
    pub change: Option<(f64, Judgement)>,
    pub status: Option<Status>,
}

/// Summarise a history (in any order) for a metric going `direction` towards `target`.
pub fn trend(direction: Direction, target: Option<f64>, history: &[(YearMonth, f64)]) -> Trend {
    let latest = history.iter().copied().max_by_key(|(m, _)| *m);
    let previous = latest.and_then(|(m, _)| {
        history
            .iter()
            .find(|(p, _)| *p == m.prev())
            .map(|(_, v)| *v)
    });
    let change = match (latest, previous) {
        (Some((_, l)), Some(p)) => Some((l - p, judge_change(direction, p, l))),
        _ => None,
    };
    let status = match (latest, target) {
        (Some((_, v)), Some(t)) => Some(status(direction, t, v)),
        _ => None,
    };
    Trend {
        latest,
        previous,
        change,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    #[test]
    fn a_fall_is_good_news_when_lower_is_better() {
        assert_eq!(
            judge_change(Direction::LowerIsBetter, 50.0, 45.0),
            Judgement::Good
        );
        assert_eq!(
            judge_change(Direction::HigherIsBetter, 50.0, 45.0),
            Judgement::Bad
        );
        assert_eq!(
            judge_change(Direction::HigherIsBetter, 50.0, 50.0),
            Judgement::Flat
        );
    }

    #[test]
    fn status_has_a_ten_percent_amber_band() {
        assert_eq!(
            status(Direction::HigherIsBetter, 100.0, 100.0),
            Status::Green
        );
        assert_eq!(
            status(Direction::HigherIsBetter, 100.0, 91.0),
            Status::Amber
        );
        assert_eq!(status(Direction::HigherIsBetter, 100.0, 89.0), Status::Red);
        assert_eq!(status(Direction::LowerIsBetter, 40.0, 43.0), Status::Amber);
        assert_eq!(status(Direction::LowerIsBetter, 40.0, 45.0), Status::Red);
        assert_eq!(status(Direction::LowerIsBetter, 40.0, 30.0), Status::Green);
    }

    #[test]
    fn trend_compares_with_the_month_just_before() {
        let t = trend(
            Direction::HigherIsBetter,
            Some(10.0),
            &[
                (m("2026-03"), 12.0),
                (m("2026-01"), 8.0),
                (m("2026-02"), 9.0),
            ],
        );
        assert_eq!(t.latest, Some((m("2026-03"), 12.0)));
        assert_eq!(t.change, Some((3.0, Judgement::Good)));
        assert_eq!(t.status, Some(Status::Green));
        // A gap means no month-on-month change.
        let gap = trend(
            Direction::HigherIsBetter,
            None,
            &[(m("2026-03"), 12.0), (m("2026-01"), 8.0)],
        );
        assert_eq!((gap.change, gap.status), (None, None));
    }
}
