//! Small server-side SVG charts: a 12-month sparkline for the dashboard and a line
//! chart for a metric's page. Only numbers go into the SVG attributes.

use serde::Serialize;

use crate::domain::month::YearMonth;
use crate::domain::spc::{Limits, Signal};

/// One drawn series: polyline segments (a gap in the data breaks the line) and dots.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct LineChart {
    pub width: u32,
    pub height: u32,
    /// `points` attributes, one per unbroken run of months.
    pub segments: Vec<String>,
    /// The last point, to mark it.
    pub last: Option<(f64, f64)>,
    /// The target as a horizontal line's y, when it falls inside the chart.
    pub target_y: Option<f64>,
    pub min_label: Option<f64>,
    pub max_label: Option<f64>,
    pub first_month: Option<String>,
    pub last_month: Option<String>,
    /// Month labels along the x axis: (x, "Jan"), the year shown on January and on the
    /// first label; every other month when there are more than twelve.
    pub x_labels: Vec<(f64, String)>,
    /// The value scale: (y, value) for the lowest, middle and highest value shown.
    pub y_ticks: Vec<(f64, f64)>,
    /// Process behaviour chart: the centre line's y and the band of usual values.
    pub process: Option<ProcessOverlay>,
}

/// What a process behaviour chart draws over the line.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct ProcessOverlay {
    /// The current period has limits (six months or more).
    pub has_limits: bool,
    /// Where the current period starts and the chart ends.
    pub x1: f64,
    pub x2: f64,
    pub centre_y: f64,
    pub upper_y: f64,
    pub lower_y: f64,
    /// Flagged points: (x, y, "improvement" or "concern").
    pub flags: Vec<(f64, f64, &'static str)>,
    /// Events: (x, number shown, title, rebase).
    pub events: Vec<(f64, usize, String, bool)>,
}

/// An event to mark on a chart: the index of its month among the chart's months.
#[derive(Clone, Debug)]
pub struct EventMark {
    pub index: usize,
    pub title: String,
    pub rebase: bool,
}

/// A line chart with the current period's centre line, limits, flagged points (a
/// different shape per direction) and events.
pub fn process_chart(
    months: &[YearMonth],
    values: &[Option<f64>],
    target: Option<f64>,
    analysis: Option<(Limits, Vec<Signal>)>,
    events: &[EventMark],
    width: u32,
    height: u32,
) -> LineChart {
    let pad = 3.0;
    let extra: Vec<f64> = analysis
        .iter()
        .flat_map(|(l, _)| [l.lower, l.upper])
        .collect();
    let (mut chart, scale) = draw(months, values, target, &extra, width, height, pad);
    let Some(scale) = scale else { return chart };
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let marks = events
        .iter()
        .enumerate()
        .map(|(n, e)| (round(scale.x(e.index)), n + 1, e.title.clone(), e.rebase))
        .collect();
    let mut overlay = ProcessOverlay {
        events: marks,
        x1: 0.0,
        x2: round(scale.x(months.len().saturating_sub(1))),
        ..Default::default()
    };
    if let Some((l, signals)) = analysis {
        let start = months
            .iter()
            .position(|m| *m >= l.baseline_from)
            .unwrap_or(0);
        overlay.has_limits = true;
        overlay.x1 = round(scale.x(start));
        overlay.centre_y = round(scale.y(l.centre));
        overlay.upper_y = round(scale.y(l.upper));
        overlay.lower_y = round(scale.y(l.lower));
        let mut flags: Vec<(f64, f64, &'static str)> = Vec::new();
        for s in &signals {
            let Some(i) = months.iter().position(|m| *m == s.month) else {
                continue;
            };
            let Some(v) = values.get(i).copied().flatten() else {
                continue;
            };
            let point = (round(scale.x(i)), round(scale.y(v)), s.direction.as_str());
            // One mark per point: a concern outweighs an improvement.
            match flags.iter_mut().find(|f| f.0 == point.0) {
                Some(f) if point.2 == "concern" => *f = point,
                Some(_) => {}
                None => flags.push(point),
            }
        }
        overlay.flags = flags;
    } else if overlay.events.is_empty() {
        return chart;
    }
    chart.process = Some(overlay);
    chart
}

/// Where months and values land on a chart.
struct Scale {
    min: f64,
    span: f64,
    pad: f64,
    inner_h: f64,
    step: f64,
}

impl Scale {
    fn x(&self, i: usize) -> f64 {
        self.pad + self.step * i as f64
    }

    fn y(&self, v: f64) -> f64 {
        self.pad + self.inner_h - (v - self.min) / self.span * self.inner_h
    }
}

/// Chart the values of `months` (a value per month or a gap) into `width` × `height`.
/// The months that get a label on the x axis, with their index: every month, or every
/// other one when there are more than twelve (always the last).
fn labelled_months(months: &[YearMonth]) -> impl Iterator<Item = (usize, YearMonth)> + '_ {
    let every = if months.len() > 12 { 2 } else { 1 };
    months
        .iter()
        .copied()
        .enumerate()
        .filter(move |(i, _)| (months.len() - 1 - i).is_multiple_of(every))
}

/// "Jan 2027" on January and on the first label, "Feb" elsewhere; in `lang`, or in
/// English when none is given.
fn month_tick(m: YearMonth, index: usize, lang: Option<crate::i18n::Lang>) -> String {
    let name = match lang {
        Some(lang) => crate::i18n::format::month_abbr(lang, m),
        None => m.first_day().format("%b").to_string(),
    };
    if index == 0 || m.month() == 1 {
        format!("{name} {}", m.year())
    } else {
        name
    }
}

/// Name `chart`'s x-axis months (the `months` it was drawn from) in `lang`.
pub fn localize_months(chart: &mut LineChart, months: &[YearMonth], lang: crate::i18n::Lang) {
    for (label, (i, m)) in chart.x_labels.iter_mut().zip(labelled_months(months)) {
        label.1 = month_tick(m, i, Some(lang));
    }
    chart.first_month = months
        .first()
        .map(|m| crate::i18n::format::short_month(lang, *m));
    chart.last_month = months
        .last()
        .map(|m| crate::i18n::format::short_month(lang, *m));
}

pub fn line_chart(
    months: &[YearMonth],
    values: &[Option<f64>],
    target: Option<f64>,
    width: u32,
    height: u32,
    pad: f64,
) -> LineChart {
    draw(months, values, target, &[], width, height, pad).0
}

/// The line chart, with `extra` values the scale must include (limits), and its scale.
fn draw(
    months: &[YearMonth],
    values: &[Option<f64>],
    target: Option<f64>,
    extra: &[f64],
    width: u32,
    height: u32,
    pad: f64,
) -> (LineChart, Option<Scale>) {
    let known: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .chain(target)
        .chain(extra.iter().copied())
        .collect();
    let (Some(min), Some(max)) = (
        known.iter().copied().reduce(f64::min),
        known.iter().copied().reduce(f64::max),
    ) else {
        return (
            LineChart {
                width,
                height,
                ..Default::default()
            },
            None,
        );
    };
    let span = if (max - min).abs() < f64::EPSILON {
        1.0
    } else {
        max - min
    };
    let inner_w = f64::from(width) - 2.0 * pad;
    let inner_h = f64::from(height) - 2.0 * pad;
    let step = if values.len() > 1 {
        inner_w / (values.len() - 1) as f64
    } else {
        0.0
    };
    let y_of = |v: f64| pad + inner_h - (v - min) / span * inner_h;
    let mut segments = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut last = None;
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => {
                let (x, y) = (pad + step * i as f64, y_of(*v));
                current.push(format!("{x:.1},{y:.1}"));
                last = Some(((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0));
            }
            None if !current.is_empty() => segments.push(std::mem::take(&mut current).join(" ")),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current.join(" "));
    }
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let x_labels = labelled_months(months)
        .map(|(i, m)| (round(pad + step * i as f64), month_tick(m, i, None)))
        .collect();
    let y_ticks = if (max - min).abs() < f64::EPSILON {
        vec![(round(y_of(min)), min)]
    } else {
        let mid = (min + max) / 2.0;
        vec![
            (round(y_of(max)), max),
            (round(y_of(mid)), mid),
            (round(y_of(min)), min),
        ]
    };
    let chart = LineChart {
        x_labels,
        y_ticks,
        width,
        height,
        segments,
        last,
        target_y: target.map(|t| (y_of(t) * 10.0).round() / 10.0),
        min_label: Some(min),
        max_label: Some(max),
        first_month: months.first().map(|m| m.label()),
        last_month: months.last().map(|m| m.label()),
        process: None,
    };
    (
        chart,
        Some(Scale {
            min,
            span,
            pad,
            inner_h,
            step,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axes_name_the_months_and_the_scale() {
        let months = YearMonth::parse("2027-02").unwrap().trailing(4);
        let chart = line_chart(
            &months,
            &[Some(10.0), Some(30.0), None, Some(20.0)],
            None,
            300,
            100,
            0.0,
        );
        let labels: Vec<&str> = chart.x_labels.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Nov 2026", "Dec", "Jan 2027", "Feb"]);
        assert_eq!(chart.x_labels[3].0, 300.0);
        assert_eq!(
            chart.y_ticks,
            vec![(0.0, 30.0), (50.0, 20.0), (100.0, 10.0)]
        );
        // Two years of months: every other one is named, ending with the last.
        let long = YearMonth::parse("2027-02").unwrap().trailing(24);
        let chart = line_chart(&long, &vec![Some(1.0); 24], None, 230, 50, 0.0);
        assert_eq!(chart.x_labels.len(), 12);
        assert_eq!(chart.x_labels.last().map(|l| l.1.as_str()), Some("Feb"));
    }

    #[test]
    fn a_gap_breaks_the_line_and_the_extremes_touch_the_padding() {
        let months = YearMonth::parse("2026-04").unwrap().trailing(4);
        let chart = line_chart(
            &months,
            &[Some(0.0), Some(10.0), None, Some(5.0)],
            None,
            100,
            40,
            2.0,
        );
        assert_eq!(chart.segments, ["2.0,38.0 34.0,2.0", "98.0,20.0"]);
        assert_eq!(chart.last, Some((98.0, 20.0)));
        assert_eq!(chart.first_month.as_deref(), Some("Jan 2026"));
    }

    #[test]
    fn no_data_draws_nothing() {
        let chart = line_chart(&[], &[None, None], None, 100, 40, 2.0);
        assert!(chart.segments.is_empty() && chart.last.is_none());
    }
}
