//! The application's clock. Everything that asks "what time is it?" (sessions, links,
//! deadlines, the meeting, the boards' month) asks the clock in the application state,
//! never the system directly, so a test can run the app on 2 December or on New Year's
//! Eve and get the same answer every day of the year.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{Duration, NaiveDateTime, Utc};

/// The system clock, or the system clock moved to a chosen moment (tests). A moved clock
/// keeps running from that moment, so timers, expiry and "updated 2 s ago" behave as in
/// production. Clones share one setting: moving one moves them all.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Milliseconds added to the system time (0 for the real clock).
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `at` now and runs on from there.
    pub fn starting_at(at: NaiveDateTime) -> Self {
        let clock = Self::default();
        clock.set(at);
        clock
    }

    /// Move the clock so that it reads `at` now.
    pub fn set(&self, at: NaiveDateTime) {
        let offset = (at - system_now()).num_milliseconds();
        self.offset_ms.store(offset, Ordering::Relaxed);
    }

    /// The current time in UTC without offset, the form timestamps are stored in.
    pub fn now(&self) -> NaiveDateTime {
        system_now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Today's date in UTC.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now().date()
    }
}

fn system_now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_clock_reads_the_chosen_moment_and_runs_on() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap();
        let clock = Clock::starting_at(at);
        let read = clock.now();
        assert!(read >= at && read - at < Duration::seconds(5), "{read}");
        let shared = clock.clone();
        let later = at + Duration::days(40);
        shared.set(later);
        assert_eq!(clock.today(), later.date(), "clones share the setting");
    }

    #[test]
    fn the_system_clock_is_not_moved() {
        let clock = Clock::system();
        assert!((clock.now() - system_now()).num_seconds().abs() < 5);
    }
}
