//! Verified sessions and API tokens, kept in memory for a few seconds so that a signed-in
//! page costs one trip to the database instead of two.
//!
//! An entry is trusted only while three things hold: it is younger than [`TTL`], the
//! session has not expired by the application's clock, and no member, session or API
//! token has changed since it was read (the sign-in epoch of `db`, which moves after the
//! transaction of every such change commits: sign-out, password change, deactivation, a
//! role change, a revoked token). So a revoked session fails on the very next request;
//! the TTL bounds only changes made by another process (the command line).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use crate::models::Member;

/// How long an entry is trusted at most.
pub const TTL: Duration = Duration::from_secs(10);

/// Entries kept at most; a full cache first drops stale entries, then starts over.
pub const CAPACITY: usize = 10_000;

/// What was read for a credential (a session's or token's hash).
#[derive(Clone)]
struct Entry {
    member: Member,
    /// When the session expires (`None` for an API token).
    expires_at: Option<NaiveDateTime>,
    stored: Instant,
    epoch: u64,
}

impl Entry {
    fn fresh(&self, now: NaiveDateTime, epoch: u64) -> bool {
        self.epoch == epoch
            && self.stored.elapsed() < TTL
            && self.expires_at.is_none_or(|at| at > now)
    }
}

#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, Entry>>,
}

impl SessionCache {
    /// The member behind `hash`, if a fresh entry says so.
    pub fn get(&self, hash: &str, now: NaiveDateTime) -> Option<Member> {
        let epoch = crate::db::sign_in_epoch();
        let entries = self.entries.lock().ok()?;
        entries
            .get(hash)
            .filter(|e| e.fresh(now, epoch))
            .map(|e| e.member.clone())
    }

    /// Remember what was read for `hash` at sign-in epoch `epoch` (read before the query).
    pub fn put(
        &self,
        hash: String,
        member: Member,
        expires_at: Option<NaiveDateTime>,
        epoch: u64,
        now: NaiveDateTime,
    ) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= CAPACITY {
            let current = crate::db::sign_in_epoch();
            entries.retain(|_, e| e.fresh(now, current));
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(
            hash,
            Entry {
                member,
                expires_at,
                stored: Instant::now(),
                epoch,
            },
        );
    }
}
