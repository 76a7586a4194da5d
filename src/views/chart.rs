//! Small server-side SVG charts: a 12-month sparkline for the dashboard and a line
//! chart for a metric's page. Only numbers go into the SVG attributes.

use serde::Serialize;

use crate::domain::month::YearMonth;

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
}

/// Chart the values of `months` (a value per month or a gap) into `width` × `height`.
pub fn line_chart(
    months: &[YearMonth],
    values: &[Option<f64>],
    target: Option<f64>,
    width: u32,
    height: u32,
    pad: f64,
) -> LineChart {
    let known: Vec<f64> = values.iter().flatten().copied().chain(target).collect();
    let (Some(min), Some(max)) = (
        known.iter().copied().reduce(f64::min),
        known.iter().copied().reduce(f64::max),
    ) else {
        return LineChart {
            width,
            height,
            ..Default::default()
        };
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
    let every = if months.len() > 12 { 2 } else { 1 };
    let x_labels = months
        .iter()
        .enumerate()
        .filter(|(i, _)| (months.len() - 1 - i) % every == 0)
        .map(|(i, m)| {
            let name = m.first_day().format("%b").to_string();
            let text = if i == 0 || m.month() == 1 {
                format!("{name} {}", m.year())
            } else {
                name
            };
            (round(pad + step * i as f64), text)
        })
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
    LineChart {
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
    }
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
