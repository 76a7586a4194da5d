//! Reviews as the rules see them: their life cycle, the agenda's arithmetic, the
//! "first Tuesday of each month" schedule, and local times in an IANA time zone.

use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::Serialize;

use super::month::YearMonth;
use super::validation::FieldError;

/// The weeks a monthly schedule may name ("the second Tuesday"), 1-based in settings.
pub const SCHEDULE_WEEKS: [&str; 5] = ["first", "second", "third", "fourth", "last"];
/// The weekdays, Monday first, 1-based in settings.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Where a review is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Scheduled; nobody drawn yet.
    Planned,
    /// A rotation is drawn but not published.
    Drafted,
    /// Presenters know what they present.
    Published,
    /// The meeting took place; read-only from now on.
    Held,
    Cancelled,
}

impl ReviewStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Drafted => "drafted",
            Self::Published => "published",
            Self::Held => "held",
            Self::Cancelled => "cancelled",
        }
    }

    /// A stored status; `None` for anything else (never silently "planned").
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "planned" => Some(Self::Planned),
            "drafted" => Some(Self::Drafted),
            "published" => Some(Self::Published),
            "held" => Some(Self::Held),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }

    /// Moving, cancelling and drawing stop once the meeting is held (or cancelled).
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Held | Self::Cancelled)
    }
}

/// Parse an IANA time zone name ("Europe/Copenhagen").
/// The order of a review's metric slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agenda {
    /// North Star first, then by category and name; equal slots.
    Standard,
    /// Metrics whose data month is a signal first, with twice the time of the others.
    SignalsFirst,
}

impl Agenda {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::SignalsFirst => "signals_first",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Standard => "Standard: North Star first, equal time for every metric",
            Self::SignalsFirst => "Signals first: metrics with a signal first, with twice the time",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "standard" => Ok(Self::Standard),
            "signals_first" => Ok(Self::SignalsFirst),
            other => Err(FieldError::new(
                "agenda",
                format!("Agenda {other:?} is not one of standard, signals_first"),
            )),
        }
    }
}

/// The metric slots of an agenda: which slot shows which metric (indexes into the
/// standard order) and for how many seconds. With signals first, the metrics marked in
/// `signal` come first (keeping their order) and get twice the time of the others; the
/// seconds add up to exactly what the opening and closing leave, the odd seconds going
/// to the first slots.
pub fn order_slots(agenda: Agenda, available_seconds: i64, signal: &[bool]) -> Vec<(usize, i64)> {
    let n = signal.len();
    let mut order: Vec<usize> = (0..n).collect();
    let weight = |i: usize| -> i64 {
        if agenda == Agenda::SignalsFirst && signal[i] {
            2
        } else {
            1
        }
    };
    if agenda == Agenda::SignalsFirst {
        order.sort_by_key(|i| !signal[*i]);
    }
    let total: i64 = order.iter().map(|i| weight(*i)).sum();
    if total == 0 {
        return Vec::new();
    }
    let available = available_seconds.max(0);
    let unit = available / total;
    let mut left = available - unit * total;
    order
        .into_iter()
        .map(|i| {
            let extra = left.min(weight(i));
            left -= extra;
            (i, unit * weight(i) + extra)
        })
        .collect()
}

pub fn parse_timezone(raw: &str) -> Result<Tz, FieldError> {
    raw.trim().parse::<Tz>().map_err(|_| {
        FieldError::new(
            "timezone",
            format!(
                "Time zone {:?} is not an IANA time zone such as Europe/Copenhagen",
                raw.trim()
            ),
        )
    })
}

/// A local wall-clock time in `tz` as UTC. A time skipped by a daylight-saving change is
/// an error; a repeated one takes the first occurrence.
pub fn local_to_utc(date: NaiveDate, time: NaiveTime, tz: Tz) -> Result<NaiveDateTime, FieldError> {
    tz.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc).naive_utc())
        .ok_or_else(|| {
            FieldError::new(
                "time",
                format!("{date} {time} does not exist in {tz} (the clocks jump at that time)"),
            )
        })
}

/// A stored UTC time shown in `tz`.
pub fn in_zone(utc: NaiveDateTime, tz: Tz) -> DateTime<Tz> {
    Utc.from_utc_datetime(&utc).with_timezone(&tz)
}

/// The `week`-th `weekday` of `month` (week 5 = the last one).
pub fn nth_weekday(month: YearMonth, week: u32, weekday: Weekday) -> NaiveDate {
    let first = month.first_day();
    let offset = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let first_match = first + Duration::days(i64::from(offset));
    let wanted = first_match + Duration::weeks(i64::from(week.clamp(1, 5) - 1));
    if wanted.month() == first.month() {
        wanted
    } else {
        wanted - Duration::weeks(1)
    }
}

/// The first month from `from` on that has no review yet.
pub fn first_free_month(from: YearMonth, taken: &[YearMonth]) -> YearMonth {
    let mut month = from;
    while taken.contains(&month) {
        month = month.next();
    }
    month
}

/// The date the schedule form proposes in `month`: the same week and weekday of the month
/// as `like` (the latest review's local date: "the second Thursday"), or the first Tuesday.
pub fn proposed_date(month: YearMonth, like: Option<NaiveDate>) -> NaiveDate {
    match like {
        Some(d) => nth_weekday(month, (d.day() - 1) / 7 + 1, d.weekday()),
        None => nth_weekday(month, 1, Weekday::Tue),
    }
}

/// One slot of the agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Slot {
    pub seconds: i64,
    /// "4:30".
    pub label: String,
}

/// The agenda's arithmetic: opening, one equal slot per metric, closing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgendaPlan {
    pub opening: Slot,
    pub per_metric: Slot,
    pub closing: Slot,
    /// Set when a metric slot is under two minutes.
    pub warning: Option<String>,
}

pub const MIN_SLOT_SECONDS: i64 = 120;

pub fn minutes_seconds(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// Split `duration_minutes` into opening, `metrics` equal slots and closing.
pub fn plan_agenda(
    duration_minutes: i64,
    opening_minutes: i64,
    closing_minutes: i64,
    metrics: usize,
) -> AgendaPlan {
    let slot = |seconds: i64| Slot {
        seconds,
        label: minutes_seconds(seconds),
    };
    let available = ((duration_minutes - opening_minutes - closing_minutes) * 60).max(0);
    let per_metric = if metrics == 0 {
        0
    } else {
        available / metrics as i64
    };
    let warning = (metrics > 0 && per_metric < MIN_SLOT_SECONDS).then(|| {
        format!(
            "each metric gets only {} — under 2 minutes. Too many metrics for {duration_minutes} minutes: keep fewer metrics, or lengthen the meeting.",
            minutes_seconds(per_metric)
        )
    });
    AgendaPlan {
        opening: slot(opening_minutes * 60),
        per_metric: slot(per_metric),
        closing: slot(closing_minutes * 60),
        warning,
    }
}

/// Months from `earlier` to `later` (positive when `earlier` is before).
pub fn months_between(earlier: YearMonth, later: YearMonth) -> i64 {
    i64::from(later.year() - earlier.year()) * 12 + i64::from(later.month())
        - i64::from(earlier.month())
}

/// A moment in UTC for people: "2 Dec 2026, 09:00 UTC" (link expiries, entry times).
pub fn utc_when(t: NaiveDateTime) -> String {
    t.format("%-d %b %Y, %H:%M UTC").to_string()
}

/// How a meeting's date and time read in its own time zone: "Tue 1 Dec 2026, 10:00 CET".
pub const WHEN_FORMAT: &str = "%a %-d %b %Y, %H:%M %Z";

/// `utc` in the time zone named `timezone`, as [`WHEN_FORMAT`] (in UTC if the name is
/// not a zone, which validation does not let in).
pub fn local_when(utc: NaiveDateTime, timezone: &str) -> String {
    match parse_timezone(timezone) {
        Ok(tz) => in_zone(utc, tz).format(WHEN_FORMAT).to_string(),
        Err(_) => utc.format("%-d %b %Y, %H:%M UTC").to_string(),
    }
}

/// The data month of a review held in `review_month`: the month whose numbers it
/// discusses, by default the month before the meeting (the January review discusses
/// December).
pub fn default_data_month(review_month: YearMonth) -> YearMonth {
    review_month.prev()
}

/// When the cards that a review's closing slot celebrates were posted: from the start of
/// the previous review (or, for a team's first review, from the first day of the data
/// month), up to the end of this meeting (or now, while it has not ended; at least its
/// scheduled start). A meeting run earlier than that window (before its data month is
/// over) still shows the cards posted since it began, so nothing posted for it is lost.
pub fn closing_cards_window(
    data_month: YearMonth,
    previous_review_start: Option<NaiveDateTime>,
    meeting_started_at: Option<NaiveDateTime>,
    scheduled_start: NaiveDateTime,
    held_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> (NaiveDateTime, NaiveDateTime) {
    let data_start = data_month.first_day().and_time(NaiveTime::MIN);
    let mut from = previous_review_start.unwrap_or(data_start);
    if let Some(started) = meeting_started_at {
        from = from.min(started);
    }
    let end = held_at.unwrap_or(now);
    (from.min(end), end.max(scheduled_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn the_schedule_form_proposes_the_next_free_month_like_the_last_review() {
        let taken = [m("2027-01"), m("2027-02")];
        assert_eq!(first_free_month(m("2027-01"), &taken), m("2027-03"));
        assert_eq!(first_free_month(m("2026-12"), &taken), m("2026-12"));
        // The last review was on the second Thursday (10 Dec 2026).
        let like = NaiveDate::from_ymd_opt(2026, 12, 10);
        assert_eq!(
            proposed_date(m("2027-03"), like),
            NaiveDate::from_ymd_opt(2027, 3, 11).unwrap()
        );
        assert_eq!(
            proposed_date(m("2027-01"), None),
            NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()
        );
    }

    #[test]
    fn the_january_review_discusses_december() {
        assert_eq!(default_data_month(m("2027-01")), m("2026-12"));
        assert_eq!(default_data_month(m("2026-12")), m("2026-11"));
    }

    #[test]
    fn a_first_review_run_early_in_the_month_shows_the_cards_posted_that_day() {
        // 2 December: January's review (data month December) run ahead of its date.
        let now = at("2026-12-02 10:30");
        let (from, to) = closing_cards_window(
            m("2026-12"),
            None,
            Some(at("2026-12-02 10:00")),
            at("2027-01-05 09:00"),
            None,
            now,
        );
        assert!(from <= at("2026-12-02 10:15") && to >= at("2026-12-02 10:15"));
        assert_eq!(from, at("2026-12-01 00:00"));
    }

    #[test]
    fn cards_since_the_previous_review_belong_to_the_next_one() {
        let (from, to) = closing_cards_window(
            m("2026-12"),
            Some(at("2026-12-01 09:00")),
            Some(at("2027-01-05 09:00")),
            at("2027-01-05 09:00"),
            Some(at("2027-01-05 09:40")),
            at("2027-02-01 12:00"),
        );
        assert_eq!(from, at("2026-12-01 09:00"));
        assert_eq!(to, at("2027-01-05 09:40"), "a held meeting ends its window");
    }

    #[test]
    fn a_meeting_run_before_its_data_month_still_shows_what_was_posted_in_it() {
        // 20 November: the January review (data month December) opened by mistake early.
        let (from, to) = closing_cards_window(
            m("2026-12"),
            None,
            Some(at("2026-11-20 10:00")),
            at("2027-01-05 09:00"),
            None,
            at("2026-11-20 10:10"),
        );
        assert_eq!(from, at("2026-11-20 10:00"));
        assert_eq!(to, at("2027-01-05 09:00"));
    }

    #[test]
    fn finds_the_first_and_last_weekday_of_a_month() {
        assert_eq!(
            nth_weekday(m("2026-12"), 1, Weekday::Tue).to_string(),
            "2026-12-01"
        );
        assert_eq!(
            nth_weekday(m("2026-11"), 1, Weekday::Tue).to_string(),
            "2026-11-03"
        );
        assert_eq!(
            nth_weekday(m("2026-11"), 5, Weekday::Mon).to_string(),
            "2026-11-30"
        );
        assert_eq!(
            nth_weekday(m("2026-02"), 5, Weekday::Fri).to_string(),
            "2026-02-27"
        );
    }

    #[test]
    fn local_times_respect_daylight_saving() {
        let tz = parse_timezone("Europe/Copenhagen").unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let utc = local_to_utc(date, NaiveTime::from_hms_opt(10, 0, 0).unwrap(), tz).unwrap();
        assert_eq!(utc.to_string(), "2026-12-01 09:00:00");
        let summer = local_to_utc(
            NaiveDate::from_ymd_opt(2026, 6, 2).unwrap(),
            NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            tz,
        )
        .unwrap();
        assert_eq!(summer.to_string(), "2026-06-02 08:00:00");
        assert_eq!(in_zone(utc, tz).to_rfc3339(), "2026-12-01T10:00:00+01:00");
        let gap = local_to_utc(
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
            tz,
        );
        assert!(gap.is_err());
        assert!(parse_timezone("Mars/Olympus").is_err());
    }

    #[test]
    fn signals_first_puts_signals_first_with_twice_the_time_and_adds_up() {
        let signal = [false, true, false, true, false];
        let slots = order_slots(Agenda::SignalsFirst, 1401, &signal);
        let order: Vec<usize> = slots.iter().map(|s| s.0).collect();
        assert_eq!(order, [1, 3, 0, 2, 4]);
        // 1401 s over 2 + 2 + 1 + 1 + 1 = 7 shares of 200 s; one second left over.
        let seconds: Vec<i64> = slots.iter().map(|s| s.1).collect();
        assert_eq!(seconds, [401, 400, 200, 200, 200]);
        assert_eq!(seconds.iter().sum::<i64>(), 1401);
        // The standard agenda keeps the order and splits evenly.
        let slots = order_slots(Agenda::Standard, 1401, &signal);
        assert_eq!(
            slots.iter().map(|s| s.0).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(slots.iter().map(|s| s.1).sum::<i64>(), 1401);
        assert!(order_slots(Agenda::SignalsFirst, 600, &[]).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn the_slots_always_add_up_to_the_time_available(
            signal in proptest::collection::vec(proptest::bool::ANY, 1..40),
            seconds in 0i64..20_000,
            first in proptest::bool::ANY,
        ) {
            let agenda = if first { Agenda::SignalsFirst } else { Agenda::Standard };
            let slots = order_slots(agenda, seconds, &signal);
            proptest::prop_assert_eq!(slots.iter().map(|s| s.1).sum::<i64>(), seconds);
            let mut seen: Vec<usize> = slots.iter().map(|s| s.0).collect();
            seen.sort_unstable();
            proptest::prop_assert_eq!(seen, (0..signal.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_agenda_splits_the_half_hour_and_warns_under_two_minutes() {
        let plan = plan_agenda(30, 3, 5, 8);
        assert_eq!(plan.per_metric.label, "2:45");
        assert!(plan.warning.is_none());
        let crowded = plan_agenda(30, 3, 5, 12);
        assert_eq!(crowded.per_metric.label, "1:50");
        assert!(crowded.warning.unwrap().contains("under 2 minutes"));
    }
}
