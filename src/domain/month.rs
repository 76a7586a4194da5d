//! `YearMonth`: the month a review, a value or a card belongs to, written `YYYY-MM`.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar month between the years 2000 and 2100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("month {0:?} is not a month written YYYY-MM (for example 2026-03)")]
pub struct MonthError(String);

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((2000..=2100).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    pub fn parse(raw: &str) -> Result<Self, MonthError> {
        let s = raw.trim();
        let bad = || MonthError(raw.to_string());
        let bytes = s.as_bytes();
        if bytes.len() != 7
            || bytes[4] != b'-'
            || !s[..4].bytes().all(|b| b.is_ascii_digit())
            || !s[5..].bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year = s[..4].parse().map_err(|_| bad())?;
        let month = s[5..].parse().map_err(|_| bad())?;
        Self::new(year, month).ok_or_else(bad)
    }

    pub fn of_date(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn prev(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// `count` months ending with (and including) `self`, oldest first.
    pub fn trailing(self, count: usize) -> Vec<Self> {
        let mut months = Vec::with_capacity(count);
        let mut m = self;
        for _ in 0..count {
            months.push(m);
            m = m.prev();
        }
        months.reverse();
        months
    }

    /// "Mar 2026".
    pub fn label(self) -> String {
        self.first_day().format("%b %Y").to_string()
    }

    /// "March 2026".
    pub fn long_label(self) -> String {
        self.first_day().format("%B %Y").to_string()
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = MonthError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_yyyy_mm() {
        let m = YearMonth::parse("2026-03").unwrap();
        assert_eq!((m.year(), m.month()), (2026, 3));
        assert_eq!(m.to_string(), "2026-03");
        assert_eq!(m.label(), "Mar 2026");
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "2026-13",
            "2026-00",
            "2026-3",
            "26-03",
            "2026/03",
            "",
            "march",
            "1999-12",
            "2026-03-01",
            "+026-03",
        ] {
            assert!(YearMonth::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn steps_across_year_ends() {
        let jan = YearMonth::parse("2026-01").unwrap();
        assert_eq!(jan.prev().to_string(), "2025-12");
        assert_eq!(jan.prev().next(), jan);
        let months: Vec<String> = jan.trailing(3).iter().map(ToString::to_string).collect();
        assert_eq!(months, ["2025-11", "2025-12", "2026-01"]);
    }
}
