//! The review's own numbers: the monthly review is a process too. Per held review, how
//! many templates came in before the deadline, how many the owners fact-checked, how
//! late the meeting started, how far it ran over, how clear the owners found the
//! explanations, and how unevenly the slots' time was spread; each as a series with
//! natural process limits, so a manager sees whether the ritual itself is improving.

use chrono::NaiveDateTime;
use serde::Serialize;

use super::metric::Direction;
use super::month::YearMonth;
use super::spc::{self, Limits, Point, Signal};

/// One metric slot of a held review.
#[derive(Clone, Debug, Default)]
pub struct SlotFacts {
    pub submitted_at: Option<NaiveDateTime>,
    pub fact_checked: bool,
    pub clarity: Option<i32>,
    pub spoken_seconds: i64,
}

/// What a held review's figures are computed from.
#[derive(Clone, Debug)]
pub struct HeldReview {
    pub month: YearMonth,
    pub starts_at: NaiveDateTime,
    pub deadline: NaiveDateTime,
    pub duration_minutes: i64,
    pub meeting_started_at: Option<NaiveDateTime>,
    pub held_at: Option<NaiveDateTime>,
    pub slots: Vec<SlotFacts>,
}

/// The figures of one held review. Shares are fractions from 0 to 1; minutes may be
/// negative (started early, finished early). `None` where there is nothing to measure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HealthRow {
    pub month: YearMonth,
    pub submitted_share: Option<f64>,
    pub fact_checked_share: Option<f64>,
    pub start_delay_minutes: Option<f64>,
    pub overrun_minutes: Option<f64>,
    pub clarity_mean: Option<f64>,
    /// The longest metric slot minus the shortest, in minutes.
    pub slot_spread: Option<f64>,
}

fn minutes(seconds: i64) -> f64 {
    (seconds as f64 / 6.0).round() / 10.0
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

pub fn figures(r: &HeldReview) -> HealthRow {
    let n = r.slots.len();
    let on_time = r
        .slots
        .iter()
        .filter(|s| s.submitted_at.is_some_and(|t| t <= r.deadline))
        .count();
    let checked = r.slots.iter().filter(|s| s.fact_checked).count();
    let ratings: Vec<f64> = r
        .slots
        .iter()
        .filter_map(|s| s.clarity)
        .map(f64::from)
        .collect();
    let timed: Vec<i64> = r
        .slots
        .iter()
        .map(|s| s.spoken_seconds)
        .filter(|s| *s > 0)
        .collect();
    HealthRow {
        month: r.month,
        submitted_share: share(on_time, n),
        fact_checked_share: share(checked, n),
        start_delay_minutes: r
            .meeting_started_at
            .map(|t| minutes((t - r.starts_at).num_seconds())),
        overrun_minutes: r
            .meeting_started_at
            .zip(r.held_at)
            .map(|(start, end)| minutes((end - start).num_seconds() - r.duration_minutes * 60)),
        clarity_mean: (!ratings.is_empty())
            .then(|| ratings.iter().sum::<f64>() / ratings.len() as f64),
        slot_spread: (timed.len() >= 2).then(|| {
            let (lo, hi) = (
                timed.iter().copied().min().unwrap_or(0),
                timed.iter().copied().max().unwrap_or(0),
            );
            minutes(hi - lo)
        }),
    }
}

/// One figure over the held reviews, with its limits and signals.
#[derive(Clone, Debug)]
pub struct Series {
    pub key: &'static str,
    pub label: &'static str,
    pub better: Direction,
    pub points: Vec<Point>,
    pub limits: Option<Limits>,
    pub signals: Vec<Signal>,
}

/// Every figure as a series (months where it could not be measured are left out).
pub fn series(rows: &[HealthRow]) -> Vec<Series> {
    type Pick = fn(&HealthRow) -> Option<f64>;
    let figures: [(&'static str, &'static str, Direction, Pick); 6] = [
        (
            "submitted_share",
            "Templates submitted before the deadline",
            Direction::HigherIsBetter,
            |r| r.submitted_share.map(|s| s * 100.0),
        ),
        (
            "fact_checked_share",
            "Fact-checked by the owner",
            Direction::HigherIsBetter,
            |r| r.fact_checked_share.map(|s| s * 100.0),
        ),
        (
            "start_delay_minutes",
            "Minutes late to start",
            Direction::LowerIsBetter,
            |r| r.start_delay_minutes,
        ),
        (
            "overrun_minutes",
            "Minutes over time",
            Direction::LowerIsBetter,
            |r| r.overrun_minutes,
        ),
        (
            "clarity_mean",
            "Clarity rating (1 to 5)",
            Direction::HigherIsBetter,
            |r| r.clarity_mean,
        ),
        (
            "slot_spread",
            "Spread of slot times (minutes)",
            Direction::LowerIsBetter,
            |r| r.slot_spread,
        ),
    ];
    figures
        .into_iter()
        .map(|(key, label, better, pick)| {
            let points: Vec<Point> = rows
                .iter()
                .filter_map(|r| {
                    pick(r).map(|value| Point {
                        month: r.month,
                        value,
                    })
                })
                .collect();
            let limits = spc::limits(&points);
            let signals = limits
                .as_ref()
                .map(|l| spc::signals(&points, l, better))
                .unwrap_or_default();
            Series {
                key,
                label,
                better,
                points,
                limits,
                signals,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_held_review_is_measured() {
        let slot = |submitted: Option<&str>, checked, clarity, spoken| SlotFacts {
            submitted_at: submitted.map(at),
            fact_checked: checked,
            clarity,
            spoken_seconds: spoken,
        };
        let review = HeldReview {
            month: YearMonth::new(2026, 12).unwrap(),
            starts_at: at("2026-12-01 09:00"),
            deadline: at("2026-11-29 09:00"),
            duration_minutes: 30,
            meeting_started_at: Some(at("2026-12-01 09:04")),
            held_at: Some(at("2026-12-01 09:40")),
            slots: vec![
                slot(Some("2026-11-28 10:00"), true, Some(4), 300),
                slot(Some("2026-11-30 10:00"), false, Some(5), 150),
                slot(None, false, None, 0),
                slot(Some("2026-11-20 10:00"), true, None, 240),
            ],
        };
        let row = figures(&review);
        assert_eq!(row.submitted_share, Some(0.5));
        assert_eq!(row.fact_checked_share, Some(0.5));
        assert_eq!(row.start_delay_minutes, Some(4.0));
        assert_eq!(row.overrun_minutes, Some(6.0));
        assert_eq!(row.clarity_mean, Some(4.5));
        assert_eq!(row.slot_spread, Some(2.5));
        let empty = figures(&HeldReview {
            slots: vec![],
            meeting_started_at: None,
            ..review
        });
        assert_eq!(empty.submitted_share, None);
        assert_eq!((empty.overrun_minutes, empty.slot_spread), (None, None));
        let series = series(&[row]);
        assert_eq!(series.len(), 6);
        assert_eq!(series[0].points[0].value, 50.0);
        assert!(series[0].limits.is_none());
    }
}
