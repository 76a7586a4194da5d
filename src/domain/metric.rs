//! Metrics: what is measured, in which unit, which way is good, and who owns it.

use serde::{Deserialize, Serialize};

use super::number::NumberFormat;
use super::validation::{flag, multiline_text, text, FieldError, ValidationErrors};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($variant:ident => $text:literal, $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The word shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                let wanted = raw.trim().to_lowercase();
                Self::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    FieldError::new($field, format!("{} {:?} is not one of {}", super::validation::label($field), raw.trim(), names.join(", ")))
                })
            }
        }
    };
}

string_enum!(
    /// The stage of the customer journey a metric belongs to.
    Category, "category" {
        Acquisition => "acquisition", "Acquisition",
        Activation => "activation", "Activation",
        Retention => "retention", "Retention",
        Revenue => "revenue", "Revenue",
        Efficiency => "efficiency", "Efficiency",
        Other => "other", "Other",
    }
);

string_enum!(
    /// How a value is read and formatted.
    Unit, "unit" {
        Count => "count", "Count",
        Percent => "percent", "Percent",
        Currency => "currency", "Currency",
        Ratio => "ratio", "Ratio",
        Score => "score", "Score",
        Duration => "duration", "Duration (seconds)",
    }
);

string_enum!(
    /// Which way the number should move.
    Direction, "direction" {
        HigherIsBetter => "higher_is_better", "Higher is better",
        LowerIsBetter => "lower_is_better", "Lower is better",
    }
);

string_enum!(
    /// How the months of a metric add up to a year to date.
    Aggregation, "aggregation" {
        Sum => "sum", "Sum of the months",
        Average => "average", "Average of the months",
        Last => "last", "The latest month",
    }
);

impl Unit {
    /// Counts and money add up over a year; rates, scores and durations average.
    pub fn default_aggregation(self) -> Aggregation {
        match self {
            Unit::Count | Unit::Currency => Aggregation::Sum,
            Unit::Percent | Unit::Ratio | Unit::Score | Unit::Duration => Aggregation::Average,
        }
    }
}

pub const NAME_MAX: usize = 80;
pub const DEFINITION_MAX: usize = 2000;
pub const FORMULA_MAX: usize = 300;

/// A metric's editable fields, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricDraft {
    pub name: String,
    pub definition: String,
    pub formula: String,
    pub category: Category,
    pub unit: Unit,
    /// ISO 4217 code, present exactly when `unit` is currency.
    pub currency: Option<String>,
    pub direction: Direction,
    pub target: Option<f64>,
    pub owner_id: Option<i32>,
    pub north_star: bool,
    pub kept_by_manager: bool,
    pub on_dashboard: bool,
    pub active: bool,
    /// `None`: by the unit (counts and money add up, rates average).
    pub aggregation: Option<Aggregation>,
}

/// A metric's fields as text, the way a form sends them (the JSON API converts to this
/// too, so both are checked by the same code).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MetricFields {
    pub name: String,
    pub definition: String,
    pub formula: String,
    pub category: String,
    pub unit: String,
    pub currency: String,
    pub direction: String,
    pub target: String,
    pub owner_id: String,
    pub north_star: String,
    pub kept_by_manager: String,
    pub on_dashboard: String,
    pub active: String,
    /// "sum", "average", "last", or empty for the unit's way.
    pub aggregation: String,
    /// How `target` is written: the team's format from a form, the default from JSON.
    #[serde(skip)]
    pub number_format: NumberFormat,
}

impl MetricDraft {
    pub fn parse(f: &MetricFields) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.take(text("name", &f.name, true, NAME_MAX));
        let definition = errors.take(multiline_text(
            "definition",
            &f.definition,
            false,
            DEFINITION_MAX,
        ));
        let formula = errors.take(text("formula", &f.formula, false, FORMULA_MAX));
        let category = errors.take(if f.category.trim().is_empty() {
            Ok(Category::Other)
        } else {
            Category::parse(&f.category)
        });
        let unit = errors.take(if f.unit.trim().is_empty() {
            Ok(Unit::Count)
        } else {
            Unit::parse(&f.unit)
        });
        let direction = errors.take(if f.direction.trim().is_empty() {
            Ok(Direction::HigherIsBetter)
        } else {
            Direction::parse(&f.direction)
        });
        let currency = match unit {
            Some(Unit::Currency) => errors.take(parse_currency(&f.currency).map(Some)),
            _ => Some(None),
        };
        let target = errors.take(f.number_format.read_optional("target", "Target", &f.target));
        let owner_id = errors.take(parse_owner(&f.owner_id));
        let aggregation = errors.take(if f.aggregation.trim().is_empty() {
            Ok(None)
        } else {
            Aggregation::parse(&f.aggregation).map(Some)
        });
        let (
            Some(name),
            Some(definition),
            Some(formula),
            Some(category),
            Some(unit),
            Some(direction),
            Some(currency),
            Some(target),
            Some(owner_id),
            Some(aggregation),
        ) = (
            name,
            definition,
            formula,
            category,
            unit,
            direction,
            currency,
            target,
            owner_id,
            aggregation,
        )
        else {
            return Err(errors);
        };
        Ok(Self {
            name,
            definition,
            formula,
            category,
            unit,
            currency,
            direction,
            target,
            owner_id,
            north_star: flag(&f.north_star),
            kept_by_manager: flag(&f.kept_by_manager),
            on_dashboard: flag(&f.on_dashboard),
            active: f.active.trim().is_empty() || flag(&f.active),
            aggregation,
        })
    }

    /// How its months add up to a year to date.
    pub fn aggregation(&self) -> Aggregation {
        self.aggregation
            .unwrap_or_else(|| self.unit.default_aggregation())
    }

    /// Format a value of this metric for people.
    pub fn format(&self, value: f64) -> String {
        format_value(self.unit, self.currency.as_deref(), value)
    }
}

/// An ISO 4217 code as typed ("eur" reads as EUR).
pub fn parse_currency(raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(FieldError::new(
            "currency",
            "Currency must be a three-letter code such as EUR or DKK",
        ))
    }
}

fn parse_owner(raw: &str) -> Result<Option<i32>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .map(Some)
        .ok_or_else(|| FieldError::new("owner_id", format!("Owner {raw:?} is not a member")))
}

/// Format `value` in `unit`: "12.3 %", "1,234.50 EUR", "2m 05s".
pub fn format_value(unit: Unit, currency: Option<&str>, value: f64) -> String {
    match unit {
        // A count shows the decimals it was entered with (up to two), none when whole.
        Unit::Count => group(value, entered_decimals(value, 2)),
        Unit::Percent => format!("{} %", group(value, percent_decimals(value))),
        Unit::Currency => format!("{} {}", group(value, 2), currency.unwrap_or(""))
            .trim_end()
            .to_string(),
        Unit::Ratio => group(value, 2),
        Unit::Score => group(value, if value.fract() == 0.0 { 0 } else { 1 }),
        Unit::Duration => format_duration(value),
    }
}

/// Format a change between two values: percentage points for percentages.
pub fn format_change(unit: Unit, currency: Option<&str>, change: f64) -> String {
    let sign = if change > 0.0 {
        "+"
    } else if change < 0.0 {
        "−"
    } else {
        "±"
    };
    let magnitude = change.abs();
    match unit {
        Unit::Percent => format!("{sign}{} pp", group(magnitude, percent_decimals(magnitude))),
        _ => format!("{sign}{}", format_value(unit, currency, magnitude)),
    }
}

/// Small percentages (a 2.47 % conversion rate) need two decimals; large ones one.
fn percent_decimals(value: f64) -> usize {
    if value.abs() < 10.0 {
        2
    } else {
        1
    }
}

fn format_duration(seconds: f64) -> String {
    let negative = seconds < 0.0;
    let s = seconds.abs();
    let text = if s < 60.0 {
        format!("{s:.1} s")
    } else if s < 3600.0 {
        let whole = s.round() as i64;
        format!("{}m {:02}s", whole / 60, whole % 60)
    } else {
        let minutes = (s / 60.0).round() as i64;
        format!("{}h {:02}m", minutes / 60, minutes % 60)
    };
    if negative {
        format!("-{text}")
    } else {
        text
    }
}

/// `decimals` places with a comma between thousands.
/// How many decimals `value` has, up to `max`: 0 for 52310, 1 for 12.5, 2 for 12.25.
fn entered_decimals(value: f64, max: usize) -> usize {
    (0..max)
        .find(|d| {
            let scaled = value * 10f64.powi(i32::try_from(*d).unwrap_or(0));
            (scaled - scaled.round()).abs() < 1e-9 * scaled.abs().max(1.0)
        })
        .unwrap_or(max)
}

fn group(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    format!(
        "{}{}{}",
        if negative { "-" } else { "" },
        grouped,
        frac.map(|f| format!(".{f}")).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> MetricFields {
        MetricFields {
            name: "CAC".into(),
            category: "efficiency".into(),
            unit: "currency".into(),
            currency: "eur".into(),
            direction: "lower_is_better".into(),
            target: "40".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_metric_parses_with_defaults() {
        let d = MetricDraft::parse(&fields()).unwrap();
        assert_eq!(d.currency.as_deref(), Some("EUR"));
        assert_eq!(d.target, Some(40.0));
        assert!(d.active && !d.north_star);
    }

    #[test]
    fn every_bad_field_is_named() {
        let f = MetricFields {
            name: " ".into(),
            category: "sales".into(),
            unit: "currency".into(),
            direction: "up".into(),
            target: "lots".into(),
            owner_id: "x".into(),
            ..Default::default()
        };
        let fields: Vec<String> = MetricDraft::parse(&f)
            .unwrap_err()
            .iter()
            .map(|e| e.field.clone())
            .collect();
        assert_eq!(
            fields,
            [
                "name",
                "category",
                "direction",
                "currency",
                "target",
                "owner_id"
            ]
        );
    }

    #[test]
    fn values_are_formatted_by_unit() {
        assert_eq!(format_value(Unit::Count, None, 1234567.0), "1,234,567");
        assert_eq!(format_value(Unit::Count, None, 52310.0), "52,310");
        assert_eq!(format_value(Unit::Count, None, 12.5), "12.5");
        assert_eq!(format_value(Unit::Count, None, 12.25), "12.25");
        assert_eq!(format_value(Unit::Percent, None, 2.345), "2.35 %");
        assert_eq!(format_value(Unit::Percent, None, 45.67), "45.7 %");
        assert_eq!(
            format_value(Unit::Currency, Some("EUR"), -1234.5),
            "-1,234.50 EUR"
        );
        assert_eq!(format_value(Unit::Duration, None, 125.0), "2m 05s");
        assert_eq!(format_change(Unit::Percent, None, -0.4), "−0.40 pp");
        assert_eq!(format_change(Unit::Count, None, 12.0), "+12");
    }
}
