//! Dates and numbers the way each language writes them, from ICU4X's CLDR data (never a
//! table of our own): "2 Dec 2026", "2 dec. 2026", "2. dec. 2026", "2 Des 2026";
//! "December 2026", "december 2026", "Desember 2026"; "1,393.5", "1 393,5", "1.393,5".
//!
//! English is written the British way (day before month, a 24-hour clock), as the app
//! always has.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use icu_datetime::fieldsets::{M, MDET, YM, YMDET, YMDT};
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_datetime::DateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale_core::{locale, Locale};

use super::Lang;
use crate::domain::number::NumberFormat;

fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::En => locale!("en-GB"),
        Lang::Sv => locale!("sv"),
        Lang::Da => locale!("da"),
        Lang::Id => locale!("id"),
    }
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Sv => 1,
        Lang::Da => 2,
        Lang::Id => 3,
    }
}

/// One formatter per language, built on first use (building reads CLDR data; formatting
/// is then cheap).
struct PerLang<T>([OnceLock<Option<T>>; 4]);

impl<T> PerLang<T> {
    const fn new() -> Self {
        Self([
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ])
    }

    fn get(&self, lang: Lang, build: impl FnOnce(Locale) -> Option<T>) -> Option<&T> {
        self.0[index(lang)]
            .get_or_init(|| build(locale_of(lang)))
            .as_ref()
    }
}

fn iso(date: NaiveDate) -> Option<Date<icu_calendar::Iso>> {
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    Date::try_new_iso(date.year(), month, day).ok()
}

/// The month `year`-`month` written by `render` (a formatter of its first day), or by
/// chrono's `fallback` pattern should the CLDR data not load.
fn of_month(
    year: i32,
    month: u32,
    fallback: &str,
    render: impl FnOnce(&Date<icu_calendar::Iso>) -> Option<String>,
) -> String {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return String::new();
    };
    iso(first)
        .and_then(|d| render(&d))
        .unwrap_or_else(|| first.format(fallback).to_string())
}

/// "December 2026" / "december 2026" / "Desember 2026": a month, as headings name it.
pub fn month_year(lang: Lang, year: i32, month: u32) -> String {
    static CACHE: PerLang<DateTimeFormatter<YM>> = PerLang::new();
    let f = CACHE.get(lang, |l| {
        DateTimeFormatter::try_new(l.into(), YM::long()).ok()
    });
    of_month(year, month, "%B %Y", |d| f.map(|f| f.format(d).to_string()))
}

/// "Dec 2026" / "dec. 2026" / "Des 2026": a month in a table or a chart.
pub fn short_month_year(lang: Lang, year: i32, month: u32) -> String {
    static CACHE: PerLang<DateTimeFormatter<YM>> = PerLang::new();
    let f = CACHE.get(lang, |l| {
        DateTimeFormatter::try_new(l.into(), YM::medium()).ok()
    });
    of_month(year, month, "%b %Y", |d| f.map(|f| f.format(d).to_string()))
}

/// "2 Dec 2026, 14:05" and the like: a moment in local time (the caller adds the zone).
pub fn date_time(lang: Lang, t: NaiveDateTime) -> String {
    static CACHE: PerLang<DateTimeFormatter<YMDT>> = PerLang::new();
    let f = CACHE.get(lang, |l| {
        let fields = YMDT::medium().with_time_precision(TimePrecision::Minute);
        DateTimeFormatter::try_new(l.into(), fields).ok()
    });
    let time = match (u8::try_from(t.hour()), u8::try_from(t.minute())) {
        (Ok(h), Ok(m)) => Time::try_new(h, m, 0, 0).ok(),
        _ => None,
    };
    match (f, iso(t.date()), time) {
        (Some(f), Some(date), Some(time)) => f.format(&DateTime { date, time }).to_string(),
        _ => t.format("%-d %b %Y, %H:%M").to_string(),
    }
}

/// "Tue, 1 Dec 2026, 10:00 CET" / "tis 1 dec. 2026 10:00 CET" / …: a meeting's moment
/// in its own time zone, with the weekday (people plan around it) and the zone's name.
pub fn when(lang: Lang, utc: NaiveDateTime, timezone: &str) -> String {
    static CACHE: PerLang<DateTimeFormatter<YMDET>> = PerLang::new();
    let f = CACHE.get(lang, |l| {
        let fields = YMDET::medium().with_time_precision(TimePrecision::Minute);
        DateTimeFormatter::try_new(l.into(), fields).ok()
    });
    zoned(|t| f.map(|f| f.format(&t).to_string()), lang, utc, timezone)
}

/// "Tue 1 Dec, 10:00 CET": [`when`] without the year, for subject lines.
pub fn when_short(lang: Lang, utc: NaiveDateTime, timezone: &str) -> String {
    static CACHE: PerLang<DateTimeFormatter<MDET>> = PerLang::new();
    let f = CACHE.get(lang, |l| {
        let fields = MDET::medium().with_time_precision(TimePrecision::Minute);
        DateTimeFormatter::try_new(l.into(), fields).ok()
    });
    zoned(|t| f.map(|f| f.format(&t).to_string()), lang, utc, timezone)
}

/// `utc` in `timezone`, written by `render` (a formatter of the date and the time),
/// with the zone's name after it.
fn zoned(
    render: impl FnOnce(DateTime<icu_calendar::Iso>) -> Option<String>,
    lang: Lang,
    utc: NaiveDateTime,
    timezone: &str,
) -> String {
    let Ok(tz) = crate::domain::review::parse_timezone(timezone) else {
        return format!("{} UTC", date_time(lang, utc));
    };
    let local = crate::domain::review::in_zone(utc, tz);
    let zone = local.format("%Z").to_string();
    let local = local.naive_local();
    let time = match (u8::try_from(local.hour()), u8::try_from(local.minute())) {
        (Ok(h), Ok(m)) => Time::try_new(h, m, 0, 0).ok(),
        _ => None,
    };
    let text = iso(local.date())
        .zip(time)
        .and_then(|(date, time)| render(DateTime { date, time }))
        .unwrap_or_else(|| local.format("%a %-d %b %Y, %H:%M").to_string());
    format!("{text} {zone}")
}

/// "1 Dec 2026, 10:00 UTC": a moment in UTC (when something was submitted or sent).
pub fn utc_when(lang: Lang, utc: NaiveDateTime) -> String {
    format!("{} UTC", date_time(lang, utc))
}

/// A review's or value's month in full: "December 2026", "december 2026".
pub fn month(lang: Lang, m: crate::domain::month::YearMonth) -> String {
    month_year(lang, m.year(), m.month())
}

/// A month in a table or chart: "Dec 2026", "dec. 2026", "Des 2026".
pub fn short_month(lang: Lang, m: crate::domain::month::YearMonth) -> String {
    short_month_year(lang, m.year(), m.month())
}

/// A month's name alone, as a sentence says it: "December" / "december" / "Desember".
pub fn month_name(lang: Lang, m: crate::domain::month::YearMonth) -> String {
    static CACHE: PerLang<DateTimeFormatter<M>> = PerLang::new();
    let f = CACHE.get(lang, |l| {
        DateTimeFormatter::try_new(l.into(), M::long()).ok()
    });
    of_month(m.year(), m.month(), "%B", |d| {
        f.map(|f| f.format(d).to_string())
    })
}

/// A month's short name on a chart's axis: "Dec" / "dec." / "Des".
pub fn month_abbr(lang: Lang, m: crate::domain::month::YearMonth) -> String {
    static CACHE: PerLang<DateTimeFormatter<M>> = PerLang::new();
    let f = CACHE.get(lang, |l| {
        DateTimeFormatter::try_new(l.into(), M::medium()).ok()
    });
    of_month(m.year(), m.month(), "%b", |d| {
        f.map(|f| f.format(d).to_string())
    })
}

fn decimal_formatter(lang: Lang) -> Option<&'static DecimalFormatter> {
    static CACHE: PerLang<DecimalFormatter> = PerLang::new();
    CACHE.get(lang, |locale| {
        DecimalFormatter::try_new(locale.into(), Default::default()).ok()
    })
}

/// `v` grouped and with the decimals it has: "1,393.5" / "1 393,5" / "1.393,5".
pub fn number(lang: Lang, v: f64) -> String {
    let plain = format!("{v}");
    match (decimal_formatter(lang), plain.parse::<Decimal>()) {
        (Some(f), Ok(d)) => f.format(&d).to_string(),
        _ => plain,
    }
}

/// How people who speak `lang` type numbers, read from how CLDR writes 1234.5 in it;
/// it decides what `44.800` means in their forms.
pub fn number_format(lang: Lang) -> NumberFormat {
    let sample = number(lang, 1234.5);
    let decimal = sample.chars().rev().find(|c| !c.is_ascii_digit());
    let group = sample.chars().find(|c| !c.is_ascii_digit());
    match (group, decimal) {
        (Some('.'), Some(',')) => NumberFormat::PointComma,
        (Some(g), Some(',')) if g.is_whitespace() || g == '\u{202f}' => NumberFormat::SpaceComma,
        _ => NumberFormat::CommaPoint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_day_and_its_month_read_as_each_language_writes_them() {
        let t = day(2026, 12, 2).and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(date_time(Lang::En, t), "2 Dec 2026, 09:00");
        assert_eq!(date_time(Lang::Sv, t), "2 dec. 2026 09:00");
        assert_eq!(date_time(Lang::Da, t), "2. dec. 2026, 09.00");
        assert_eq!(date_time(Lang::Id, t), "2 Des 2026, 09.00");
        let m = crate::domain::month::YearMonth::parse("2026-12").unwrap();
        assert_eq!(month_name(Lang::Sv, m), "december");
        assert_eq!(month_name(Lang::Id, m), "Desember");
        assert_eq!(month_abbr(Lang::En, m), "Dec");
    }

    #[test]
    fn months_are_named_in_each_language() {
        assert_eq!(month_year(Lang::En, 2026, 3), "March 2026");
        assert_eq!(month_year(Lang::Sv, 2026, 3), "mars 2026");
        assert_eq!(month_year(Lang::Da, 2026, 3), "marts 2026");
        assert_eq!(month_year(Lang::Id, 2026, 3), "Maret 2026");
        for lang in Lang::ALL {
            assert!(!short_month_year(lang, 2026, 5).is_empty());
        }
    }

    #[test]
    fn times_use_each_language_s_clock() {
        let t = day(2026, 12, 2).and_hms_opt(14, 5, 0).unwrap();
        assert!(
            date_time(Lang::En, t).contains("14:05"),
            "{}",
            date_time(Lang::En, t)
        );
        assert!(
            date_time(Lang::Sv, t).contains("14:05"),
            "{}",
            date_time(Lang::Sv, t)
        );
        assert!(
            date_time(Lang::Da, t).contains("14.05"),
            "{}",
            date_time(Lang::Da, t)
        );
        assert!(
            date_time(Lang::Id, t).contains("14.05"),
            "{}",
            date_time(Lang::Id, t)
        );
    }

    #[test]
    fn a_meeting_reads_in_its_own_zone_with_the_weekday() {
        let utc = day(2026, 12, 1).and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(
            when(Lang::En, utc, "Europe/Copenhagen"),
            "Tue, 1 Dec 2026, 10:00 CET"
        );
        assert_eq!(
            when(Lang::Sv, utc, "Europe/Stockholm"),
            "tis 1 dec. 2026 10:00 CET"
        );
        assert_eq!(
            when(Lang::Da, utc, "Europe/Copenhagen"),
            "tirs. 1. dec. 2026, 10.00 CET"
        );
        assert_eq!(
            when(Lang::Id, utc, "Asia/Jakarta"),
            "Sel, 1 Des 2026, 16.00 WIB"
        );
        assert!(when(Lang::En, utc, "Mars/Olympus").ends_with("09:00 UTC"));
        assert_eq!(
            when_short(Lang::En, utc, "Europe/Copenhagen"),
            "Tue 1 Dec, 10:00 CET"
        );
    }

    #[test]
    fn numbers_are_grouped_as_each_language_groups_them() {
        assert_eq!(number(Lang::En, 1393.5), "1,393.5");
        assert_eq!(number(Lang::Sv, 1393.5), "1\u{a0}393,5");
        assert_eq!(number(Lang::Da, 1393.5), "1.393,5");
        assert_eq!(number(Lang::Id, 1393.5), "1.393,5");
        assert_eq!(number(Lang::En, -52310.0), "-52,310");
    }

    #[test]
    fn what_is_written_reads_back_as_the_same_number() {
        for lang in Lang::ALL {
            let format = number_format(lang);
            for v in [1393.5, 44.8, 44800.0, -0.25, 1_234_567.0] {
                let written = number(lang, v);
                assert_eq!(
                    format.read("value", "Value", &written).unwrap(),
                    v,
                    "{lang}: {written}"
                );
            }
        }
        assert_eq!(number_format(Lang::En), NumberFormat::CommaPoint);
        assert_eq!(number_format(Lang::Sv), NumberFormat::SpaceComma);
        assert_eq!(number_format(Lang::Da), NumberFormat::PointComma);
        assert_eq!(number_format(Lang::Id), NumberFormat::PointComma);
    }
}
