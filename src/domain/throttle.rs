//! The sign-in throttle's rules. They must slow a guesser without letting anyone lock
//! somebody else out, so they never count "failures for an account" on their own:
//!
//! 1. Failures are counted per (account, address) and per address, over the last
//!    [`WINDOW_MINUTES`]; older ones are forgotten.
//! 2. The first [`FREE_TRIES`] failures for an (account, address) pair cost nothing.
//!    After that each further try from that address for that account must wait
//!    [`delay_after`]: 30 seconds, doubling, at most 15 minutes after the last failure.
//!    Another address (the real owner at home) is not slowed at all.
//! 3. An address with [`ADDRESS_CEILING`] failures over any accounts (a guesser trying
//!    many accounts) waits until its failures fall out of the window. The ceiling is high
//!    so that an office behind one NAT address does not lock itself out with typos.
//! 4. A try is counted before the password is checked (in one write transaction), so
//!    parallel tries cannot slip past the count; a correct password takes its try back
//!    and clears the pair's failures.

use chrono::{Duration, NaiveDateTime};

pub const WINDOW_MINUTES: i64 = 15;
pub const FREE_TRIES: i64 = 5;
pub const ADDRESS_CEILING: i64 = 50;
const FIRST_DELAY_SECONDS: i64 = 30;
const MAX_DELAY_SECONDS: i64 = 15 * 60;

/// What the window holds for one try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Failures {
    /// Failures for this account from this address.
    pub pair: i64,
    /// The latest of those.
    pub pair_latest: Option<NaiveDateTime>,
    /// Failures from this address, for any account.
    pub address: i64,
    /// The oldest of those.
    pub address_oldest: Option<NaiveDateTime>,
}

/// How long a pair waits after `failures` failures (rule 2).
pub fn delay_after(failures: i64) -> Duration {
    if failures < FREE_TRIES {
        return Duration::zero();
    }
    let doublings = u32::try_from((failures - FREE_TRIES).min(10)).unwrap_or(10);
    Duration::seconds((FIRST_DELAY_SECONDS << doublings).min(MAX_DELAY_SECONDS))
}

/// `Ok` when the try may go ahead, else how long to wait.
pub fn check(f: Failures, now: NaiveDateTime) -> Result<(), Duration> {
    if f.address >= ADDRESS_CEILING {
        let frees_at = f.address_oldest.unwrap_or(now) + Duration::minutes(WINDOW_MINUTES);
        return Err((frees_at - now).max(Duration::seconds(1)));
    }
    let delay = delay_after(f.pair);
    match f.pair_latest {
        Some(latest) if delay > Duration::zero() && now < latest + delay => {
            Err((latest + delay - now).max(Duration::seconds(1)))
        }
        _ => Ok(()),
    }
}

/// "30 seconds", "2 minutes": how a wait reads in a message.
pub fn wait_text(wait: Duration) -> String {
    let seconds = wait.num_seconds().max(1);
    if seconds < 90 {
        format!("{seconds} second{}", if seconds == 1 { "" } else { "s" })
    } else {
        let minutes = (seconds + 59) / 60;
        format!("{minutes} minutes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + seconds, 0)
            .unwrap()
            .naive_utc()
    }

    fn pair(n: i64, latest: i64) -> Failures {
        Failures {
            pair: n,
            pair_latest: Some(t(latest)),
            address: n,
            address_oldest: Some(t(0)),
        }
    }

    #[test]
    fn the_first_five_failures_cost_nothing() {
        for n in 0..FREE_TRIES {
            assert_eq!(check(pair(n, 0), t(0)), Ok(()));
        }
    }

    #[test]
    fn after_that_each_try_waits_longer_up_to_fifteen_minutes() {
        assert_eq!(check(pair(5, 0), t(10)), Err(Duration::seconds(20)));
        assert_eq!(check(pair(5, 0), t(30)), Ok(()));
        assert_eq!(delay_after(6), Duration::seconds(60));
        assert_eq!(delay_after(7), Duration::seconds(120));
        assert_eq!(delay_after(40), Duration::minutes(15));
    }

    #[test]
    fn an_address_past_the_ceiling_waits_for_its_window() {
        let f = Failures {
            pair: 0,
            pair_latest: None,
            address: ADDRESS_CEILING,
            address_oldest: Some(t(0)),
        };
        assert_eq!(check(f, t(60)), Err(Duration::minutes(14)));
        let below = Failures {
            address: ADDRESS_CEILING - 1,
            ..f
        };
        assert_eq!(
            check(below, t(60)),
            Ok(()),
            "an office's typos stay below it"
        );
    }

    #[test]
    fn waits_read_in_seconds_or_minutes() {
        assert_eq!(wait_text(Duration::seconds(1)), "1 second");
        assert_eq!(wait_text(Duration::seconds(20)), "20 seconds");
        assert_eq!(wait_text(Duration::seconds(840)), "14 minutes");
    }
}
