//! How a team writes numbers, and reading what people type by that rule. `44.800` is
//! forty-four thousand eight hundred where a point groups thousands and 44.8 where it
//! starts the decimals: the team's number format (a setting) decides, and input that does
//! not fit it is refused with a message saying what it would have meant, never guessed.

use std::fmt;

use serde::Serialize;

use super::validation::FieldError;

/// A team's way of writing numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum NumberFormat {
    /// "1,234.5": a comma groups thousands, a point starts the decimals (also how the
    /// JSON API sends numbers).
    #[default]
    #[serde(rename = "1,234.5")]
    CommaPoint,
    /// "1.234,5": a point groups thousands, a comma starts the decimals.
    #[serde(rename = "1.234,5")]
    PointComma,
    /// "1 234,5": a space groups thousands, a comma starts the decimals.
    #[serde(rename = "1 234,5")]
    SpaceComma,
}

impl NumberFormat {
    pub const ALL: [NumberFormat; 3] = [Self::CommaPoint, Self::PointComma, Self::SpaceComma];

    /// The setting's stored form, which is also its example: "1,234.5".
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CommaPoint => "1,234.5",
            Self::PointComma => "1.234,5",
            Self::SpaceComma => "1 234,5",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == raw)
            .ok_or_else(|| {
                FieldError::new(
                    "number_format",
                    format!(
                        "The number format {raw:?} is not one of \"1,234.5\", \"1.234,5\" or \"1 234,5\""
                    ),
                )
            })
    }

    /// A stored setting, read leniently (an unknown one reads as the default).
    pub fn from_setting(raw: &str) -> Self {
        Self::parse(raw).unwrap_or_default()
    }

    fn decimal(self) -> char {
        match self {
            Self::CommaPoint => '.',
            Self::PointComma | Self::SpaceComma => ',',
        }
    }

    /// The thousands separator besides spaces (always accepted between groups).
    fn group(self) -> Option<char> {
        match self {
            Self::CommaPoint => Some(','),
            Self::PointComma => Some('.'),
            Self::SpaceComma => None,
        }
    }

    /// How the rule reads, for messages: "a comma groups thousands and a point starts the
    /// decimals".
    pub fn rule(self) -> &'static str {
        match self {
            Self::CommaPoint => "a comma groups thousands and a point starts the decimals",
            Self::PointComma => "a point groups thousands and a comma starts the decimals",
            Self::SpaceComma => "a space groups thousands and a comma starts the decimals",
        }
    }

    /// `v` as a person of this team would type it, grouped, with the decimals it has:
    /// "52,310", "1.234,5" (what a form pre-fills, so that it reads back as `v`).
    pub fn write(self, v: f64) -> String {
        let plain = format!("{}", v.abs());
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
        let group = match self {
            Self::CommaPoint => ',',
            Self::PointComma => '.',
            Self::SpaceComma => '\u{a0}',
        };
        let mut out = String::new();
        if v < 0.0 {
            out.push('-');
        }
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push(group);
            }
            out.push(c);
        }
        if !fraction.is_empty() {
            out.push(self.decimal());
            out.push_str(fraction);
        }
        out
    }

    /// Like [`NumberFormat::read`], but an empty input means "no value".
    pub fn read_optional(
        self,
        field: &str,
        label: &str,
        raw: &str,
    ) -> Result<Option<f64>, FieldError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            self.read(field, label, raw).map(Some)
        }
    }

    /// Read a number typed by a person. `label` names the field as the person sees it.
    pub fn read(self, field: &str, label: &str, raw: &str) -> Result<f64, FieldError> {
        let typed = raw.trim();
        self.value_of(typed).map_err(|problem| {
            let why = match problem {
                Problem::Empty => "is empty: write a number".to_string(),
                Problem::NotANumber => "is not a number".to_string(),
                Problem::TooLarge => "is too large".to_string(),
                Problem::DecimalsTwice => format!(
                    "has more than one decimal separator ({}: {})",
                    self.as_str(),
                    self.rule()
                ),
                Problem::Separators => format!(
                    "does not fit the team's number format ({}: {}); {}",
                    self.as_str(),
                    self.rule(),
                    other_reading(self, typed)
                ),
                Problem::Grouping => format!(
                    "does not group thousands in threes ({}: {}); {}",
                    self.as_str(),
                    self.rule(),
                    other_reading(self, typed)
                ),
            };
            FieldError::new(field, format!("{label} {typed:?} {why}"))
        })
    }

    fn value_of(self, typed: &str) -> Result<f64, Problem> {
        if typed.is_empty() {
            return Err(Problem::Empty);
        }
        let (sign, body) = match typed.strip_prefix(['-', '\u{2212}', '+']) {
            Some(rest) => (
                if typed.starts_with('+') { "" } else { "-" },
                rest.trim_start(),
            ),
            None => ("", typed),
        };
        // Scientific notation ("3e2") only without separators, as programs write it.
        if body.contains(['e', 'E']) {
            return match format!("{sign}{body}").parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() < 1e15 && !body.contains(',') => Ok(v),
                _ => Err(Problem::NotANumber),
            };
        }
        let decimal = self.decimal();
        let is_space = |c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}';
        let is_group = |c: char| is_space(c) || Some(c) == self.group();
        if let Some(c) = body
            .chars()
            .find(|c| !c.is_ascii_digit() && *c != decimal && !is_group(*c))
        {
            return Err(if c == '.' || c == ',' {
                Problem::Separators
            } else {
                Problem::NotANumber
            });
        }
        let mut parts = body.split(decimal);
        let whole = parts.next().unwrap_or("");
        let fraction = parts.next();
        if parts.next().is_some() {
            return Err(Problem::DecimalsTwice);
        }
        if fraction.is_some_and(|f| f.chars().any(is_group)) {
            return Err(Problem::Separators);
        }
        let groups: Vec<&str> = whole.split(is_group).collect();
        let well_grouped =
            (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if groups.len() > 1 && !well_grouped {
            return Err(if groups.iter().all(|g| g.is_empty()) {
                Problem::NotANumber
            } else {
                Problem::Grouping
            });
        }
        let digits: String = groups.concat();
        if digits.is_empty() && fraction.is_none_or(str::is_empty) {
            return Err(Problem::NotANumber);
        }
        let plain = match fraction {
            Some(f) => format!(
                "{sign}{}.{f}",
                if digits.is_empty() { "0" } else { &digits }
            ),
            None => format!("{sign}{digits}"),
        };
        match plain.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() < 1e15 => Ok(v),
            _ => Err(Problem::TooLarge),
        }
    }
}

/// Why typed text is not a number in a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    Empty,
    NotANumber,
    TooLarge,
    DecimalsTwice,
    /// Separators that do not fit the format (another format may read them).
    Separators,
    /// Thousands not grouped in threes ("12,5" where a comma groups thousands).
    Grouping,
}

/// What the typed text would have meant in the other formats, to help the person see
/// what went wrong: "written 1.234,5 it would be 44800".
fn other_reading(format: NumberFormat, typed: &str) -> String {
    let mut readings: Vec<(Vec<&str>, f64)> = Vec::new();
    for f in NumberFormat::ALL.into_iter().filter(|f| *f != format) {
        if let Ok(v) = f.value_of(typed) {
            match readings.iter_mut().find(|(_, seen)| *seen == v) {
                Some((names, _)) => names.push(f.as_str()),
                None => readings.push((vec![f.as_str()], v)),
            }
        }
    }
    if readings.is_empty() {
        return format!("write it like {}", format.as_str());
    }
    let said: Vec<String> = readings
        .iter()
        .map(|(names, v)| format!("written {} it would be {v}", names.join(" or ")))
        .collect();
    format!(
        "{}; write it like {} (or change the number format in Settings)",
        said.join(", and "),
        format.as_str()
    )
}

impl fmt::Display for NumberFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EN: NumberFormat = NumberFormat::CommaPoint;
    const DA: NumberFormat = NumberFormat::PointComma;
    const SV: NumberFormat = NumberFormat::SpaceComma;

    fn read(f: NumberFormat, raw: &str) -> Result<f64, String> {
        f.read("value", "Value", raw).map_err(|e| e.message)
    }

    #[test]
    fn forty_four_point_eight_hundred_is_read_by_the_format() {
        assert_eq!(read(EN, "44.800"), Ok(44.8));
        assert_eq!(read(DA, "44.800"), Ok(44800.0));
        assert_eq!(read(EN, "44,800"), Ok(44800.0));
        assert_eq!(read(DA, "44,800"), Ok(44.8));
        for f in NumberFormat::ALL {
            assert_eq!(read(f, "44 800"), Ok(44800.0), "{f}");
            assert_eq!(read(f, "44\u{a0}800"), Ok(44800.0), "{f}");
            assert_eq!(read(f, "-12"), Ok(-12.0), "{f}");
            assert_eq!(read(f, "0"), Ok(0.0), "{f}");
        }
        assert_eq!(read(SV, "44,8"), Ok(44.8));
        assert_eq!(read(SV, "1 234 567,25"), Ok(1_234_567.25));
        assert_eq!(read(EN, "1,234,567.25"), Ok(1_234_567.25));
        assert_eq!(read(DA, "1.234.567,25"), Ok(1_234_567.25));
        assert_eq!(read(EN, ".5"), Ok(0.5));
        assert_eq!(read(EN, "-3e2"), Ok(-300.0));
    }

    #[test]
    fn input_that_does_not_fit_is_refused_saying_what_it_would_mean() {
        // A Swedish point: ambiguous, so refused.
        let e = read(SV, "44.800").unwrap_err();
        assert!(e.contains("1 234,5") && e.contains("44800"), "{e}");
        // A comma that does not group in threes under 1,234.5: probably a decimal comma.
        let e = read(EN, "12,5").unwrap_err();
        assert!(e.contains("threes") && e.contains("12.5"), "{e}");
        assert!(e.starts_with("Value \"12,5\""), "{e}");
        // Both separators the wrong way round.
        let e = read(EN, "1.234,5").unwrap_err();
        assert!(e.contains("1234.5"), "{e}");
        for bad in [
            "", "abc", "12abc", "NaN", "inf", "1e400", "1..2", "1,2,3", ",", "-",
        ] {
            for f in NumberFormat::ALL {
                assert!(read(f, bad).is_err(), "{bad:?} in {f}");
            }
        }
    }

    #[test]
    fn an_empty_number_is_no_value() {
        assert_eq!(EN.read_optional("target", "Target", "  "), Ok(None));
        assert_eq!(
            EN.read_optional("target", "Target", "1,250"),
            Ok(Some(1250.0))
        );
        let e = EN.read_optional("target", "Target", "x").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("target", "Target \"x\" is not a number")
        );
    }

    #[test]
    fn a_prefilled_number_is_written_the_teams_way() {
        assert_eq!(EN.write(52310.0), "52,310");
        assert_eq!(DA.write(1234.5), "1.234,5");
        assert_eq!(SV.write(-1234567.25), "-1\u{a0}234\u{a0}567,25");
        assert_eq!(EN.write(0.125), "0.125");
        assert_eq!(EN.write(999.0), "999");
    }

    #[test]
    fn the_setting_round_trips() {
        for f in NumberFormat::ALL {
            assert_eq!(NumberFormat::parse(f.as_str()).unwrap(), f);
        }
        assert_eq!(
            NumberFormat::parse("1'234.5").unwrap_err().field,
            "number_format"
        );
        assert_eq!(NumberFormat::from_setting("junk"), EN);
    }

    proptest! {
        /// A number written the team's way, grouped or not, reads back as itself.
        #[test]
        fn a_number_written_in_a_format_reads_back(cents in -10_000_000_000i64..10_000_000_000i64, grouped: bool) {
            let v = cents as f64 / 100.0;
            for f in NumberFormat::ALL {
                let written = write(f, cents, grouped);
                prop_assert_eq!(f.read("value", "Value", &written), Ok(v), "{} in {}", written, f);
                prop_assert_eq!(f.read("value", "Value", &f.write(v)), Ok(v), "{} in {}", f.write(v), f);
            }
        }
    }

    fn write(f: NumberFormat, cents: i64, grouped: bool) -> String {
        let sign = if cents < 0 { "-" } else { "" };
        let whole = (cents.abs() / 100).to_string();
        let frac = format!("{:02}", cents.abs() % 100);
        let group = match f {
            NumberFormat::CommaPoint => ",",
            NumberFormat::PointComma => ".",
            NumberFormat::SpaceComma => " ",
        };
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if grouped && i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push_str(group);
            }
            out.push(c);
        }
        format!("{sign}{out}{}{frac}", f.decimal())
    }
}
