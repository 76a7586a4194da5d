//! The number behind the number: for one metric and one month, the fixed comparison
//! block (the month before, a year ago, year to date, the gap to target) and the
//! process behaviour chart's verdict (limits, signals, variation, assurance).
//!
//! Pure: the metric's facts, its values and its events in; the analysis out.

use serde::Serialize;

use super::metric::{Aggregation, Direction};
use super::month::YearMonth;
use super::spc::{self, Assurance, Limits, Point, Signal, Variation};

/// What the analysis needs to know about the metric.
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub direction: Direction,
    pub aggregation: Aggregation,
    pub target: Option<f64>,
}

/// The month compared with another one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub month: YearMonth,
    pub value: f64,
    /// `this month − that month` (percentage points for a percent metric).
    pub change: f64,
    /// The change relative to that month's value; `None` when that value is zero.
    pub change_pct: Option<f64>,
}

/// January to the month, against the same span a year earlier.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct YearToDate {
    pub from: YearMonth,
    pub to: YearMonth,
    /// Months with a value in the span.
    pub months: usize,
    pub value: f64,
    pub year_ago_value: Option<f64>,
    pub change_pct: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TargetGap {
    pub value: f64,
    /// `value − target`: positive above the target.
    pub gap: f64,
    pub gap_pct: Option<f64>,
}

/// The complete analysis of one month.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub month: YearMonth,
    pub value: f64,
    pub previous: Option<Comparison>,
    pub year_ago: Option<Comparison>,
    pub year_to_date: Option<YearToDate>,
    pub target: Option<TargetGap>,
    pub limits: Option<Limits>,
    pub variation: Variation,
    pub assurance: Option<Assurance>,
    /// Every flagged point of the current period up to the month.
    pub signals: Vec<Signal>,
    /// Months up to this one on the same side of the centre line, in a row.
    pub run: usize,
}

/// `part / whole` in percent, or `None` when `whole` is zero (never NaN or infinity).
pub fn percent_of(part: f64, whole: f64) -> Option<f64> {
    let pct = part / whole.abs() * 100.0;
    (whole != 0.0 && pct.is_finite()).then_some(pct)
}

fn compare(value: f64, other: Option<Point>) -> Option<Comparison> {
    other.map(|o| Comparison {
        month: o.month,
        value: o.value,
        change: value - o.value,
        change_pct: percent_of(value - o.value, o.value),
    })
}

fn aggregate(aggregation: Aggregation, values: &[f64]) -> Option<f64> {
    let last = values.last().copied()?;
    Some(match aggregation {
        Aggregation::Sum => values.iter().sum(),
        Aggregation::Average => values.iter().sum::<f64>() / values.len() as f64,
        Aggregation::Last => last,
    })
}

/// Values of the months `from..=to` that have one.
fn span(points: &[Point], from: YearMonth, to: YearMonth) -> Vec<f64> {
    points
        .iter()
        .filter(|p| p.month >= from && p.month <= to)
        .map(|p| p.value)
        .collect()
}

fn year_to_date(points: &[Point], month: YearMonth, how: Aggregation) -> Option<YearToDate> {
    let from = YearMonth::new(month.year(), 1)?;
    let this = span(points, from, month);
    let value = aggregate(how, &this)?;
    let year_ago = YearMonth::new(month.year() - 1, 1)
        .zip(YearMonth::new(month.year() - 1, month.month()))
        .and_then(|(f, t)| aggregate(how, &span(points, f, t)));
    // One month alone, with nothing to set it against, says nothing the month doesn't.
    if this.len() < 2 && year_ago.is_none() {
        return None;
    }
    Some(YearToDate {
        from,
        to: month,
        months: this.len(),
        value,
        year_ago_value: year_ago,
        change_pct: year_ago.and_then(|y| percent_of(value - y, y)),
    })
}

/// Analyse `month` of a metric. `points` are its values in month order; `rebases` the
/// months of its events that changed the process. `None` when `month` has no value.
pub fn analyse(
    facts: Facts,
    points: &[Point],
    rebases: &[YearMonth],
    month: YearMonth,
) -> Option<Analysis> {
    let upto = &points[..points.partition_point(|p| p.month <= month)];
    let value = upto.last().filter(|p| p.month == month)?.value;
    let find = |m: YearMonth| upto.iter().find(|p| p.month == m).copied();
    let year_ago_month = YearMonth::new(month.year() - 1, month.month());
    let earlier: Vec<YearMonth> = rebases.iter().copied().filter(|r| *r <= month).collect();
    let period = spc::period(upto, &earlier);
    let limits = spc::limits(period);
    let signals = limits
        .as_ref()
        .map(|l| spc::signals(period, l, facts.direction))
        .unwrap_or_default();
    Some(Analysis {
        month,
        value,
        previous: compare(value, find(month.prev())),
        year_ago: compare(value, year_ago_month.and_then(find)),
        year_to_date: year_to_date(upto, month, facts.aggregation),
        target: facts.target.map(|t| TargetGap {
            value: t,
            gap: value - t,
            gap_pct: percent_of(value - t, t),
        }),
        variation: spc::variation(month, limits.as_ref(), &signals),
        assurance: limits
            .as_ref()
            .zip(facts.target)
            .map(|(l, t)| spc::assurance(l, t, facts.direction)),
        run: limits.map_or(0, |l| run_at_end(period, l.centre)),
        limits,
        signals,
    })
}

impl Analysis {
    /// The signals on the analysed month itself.
    pub fn month_signals(&self) -> impl Iterator<Item = &Signal> {
        self.signals.iter().filter(move |s| s.month == self.month)
    }

    /// The verdict in words a presenter can say out loud.
    pub fn verdict(&self) -> String {
        let name = self.month.long_label();
        let rules: Vec<&str> = {
            let mut r: Vec<&str> = self.month_signals().map(|s| s.rule.label()).collect();
            r.dedup();
            r
        };
        match self.variation {
            Variation::TooFewPoints => format!(
                "{name}: fewer than {} months since the series began or was rebased, so there is no usual range yet; compare with the month before and the target.",
                spc::MIN_POINTS
            ),
            Variation::CommonCause => {
                let run = self.run_on_one_side();
                if run >= 3 {
                    format!(
                        "{name} is inside the usual range, but it is the {} month in a row {} the centre line: a shift may be starting.",
                        ordinal(run),
                        if self.value > self.limits.map_or(0.0, |l| l.centre) { "above" } else { "below" }
                    )
                } else {
                    format!("{name} is inside the usual range: nothing to explain.")
                }
            }
            Variation::SpecialCauseImprovement => format!(
                "{name} is a signal of improvement ({}): worth explaining what changed.",
                rules.join("; ")
            ),
            Variation::SpecialCauseConcern => format!(
                "{name} is a signal of concern ({}): worth explaining what changed.",
                rules.join("; ")
            ),
        }
    }

    /// How many months up to this one sit on the same side of the centre, in a row.
    pub fn run_on_one_side(&self) -> usize {
        self.run
    }
}

/// Points at the end of `period` strictly on the same side of `centre`, in a row.
fn run_at_end(period: &[Point], centre: f64) -> usize {
    let Some(last) = period.last() else { return 0 };
    let above = last.value > centre;
    if last.value == centre {
        return 0;
    }
    period
        .iter()
        .rev()
        .take_while(|p| p.value != centre && (p.value > centre) == above)
        .count()
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, r) if r != 11 => "st",
        (2, r) if r != 12 => "nd",
        (3, r) if r != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests;
