//! Delivers the outbox: claims due messages, sends them, records the outcome. Transient
//! failures retry with exponential backoff and jitter for up to 24 hours; permanent ones
//! are marked failed with the server's answer. Each message carries a Message-ID derived
//! from its idempotency key, so a message re-sent after a crash mid-delivery is
//! recognisable as the same message.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use lettre::message::Mailbox;
use rand::Rng;

use super::transport::{SendError, Transport};
use crate::clock::Clock;
use crate::db::DbPool;
use crate::models::OutboxMessage;

pub const GIVE_UP_AFTER_HOURS: i64 = 24;
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
const BATCH: i64 = 20;

#[derive(Clone)]
pub struct Sender {
    pool: DbPool,
    transport: Arc<Transport>,
    from: Mailbox,
    domain: String,
    retry_base: Duration,
    clock: Clock,
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// The wait before attempt `attempts + 1`: base · 2^attempts, at most an hour, ±20 %.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let exp = base
        .saturating_mul(2u32.saturating_pow(u32::try_from(attempts.clamp(0, 20)).unwrap_or(20)));
    let capped = exp.min(MAX_BACKOFF);
    capped.mul_f64(rand::thread_rng().gen_range(0.8..1.2))
}

impl Sender {
    pub fn new(
        pool: DbPool,
        transport: Arc<Transport>,
        from: Mailbox,
        domain: String,
        retry_base: Duration,
        clock: Clock,
    ) -> Self {
        Self {
            pool,
            transport,
            from,
            domain,
            retry_base,
            clock,
        }
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut diesel::SqliteConnection) -> diesel::QueryResult<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get()?;
            Ok(f(&mut conn)?)
        })
        .await?
    }

    /// Send everything due now.
    pub async fn run_once(&self) -> anyhow::Result<Pass> {
        let mut pass = Pass::default();
        loop {
            let now = self.clock.now();
            let batch = self
                .blocking(move |conn| OutboxMessage::claim_due(conn, now, BATCH))
                .await?;
            if batch.is_empty() {
                return Ok(pass);
            }
            for message in batch {
                let outcome = self
                    .transport
                    .send(&message, &self.from, &self.domain)
                    .await;
                let now = self.clock.now();
                self.record(&message, outcome, now, &mut pass).await?;
            }
        }
    }

    async fn record(
        &self,
        message: &OutboxMessage,
        outcome: Result<(), SendError>,
        now: NaiveDateTime,
        pass: &mut Pass,
    ) -> anyhow::Result<()> {
        let id = message.id;
        match outcome {
            Ok(()) => {
                pass.sent += 1;
                self.blocking(move |conn| OutboxMessage::mark_sent(conn, id, now))
                    .await?;
            }
            Err(SendError::Permanent(error)) => {
                pass.failed += 1;
                tracing::warn!(id, to = %message.recipient, %error, "mail refused for good");
                self.blocking(move |conn| OutboxMessage::mark_failed(conn, id, &error, now))
                    .await?;
            }
            Err(SendError::Transient(error)) => {
                if now - message.created_at > chrono::Duration::hours(GIVE_UP_AFTER_HOURS) {
                    pass.failed += 1;
                    let error = format!("gave up after {GIVE_UP_AFTER_HOURS} hours: {error}");
                    self.blocking(move |conn| OutboxMessage::mark_failed(conn, id, &error, now))
                        .await?;
                } else {
                    pass.retried += 1;
                    let wait = backoff(self.retry_base, message.attempts);
                    let next = now
                        + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::minutes(1));
                    tracing::info!(id, to = %message.recipient, %error, retry_in = ?wait, "mail delivery will be retried");
                    self.blocking(move |conn| {
                        OutboxMessage::mark_retry(conn, id, &error, next, now)
                    })
                    .await?;
                }
            }
        }
        Ok(())
    }

    /// Requeue messages a stopped process left half-sent, then deliver forever.
    pub async fn run_forever(self, poll: Duration) {
        let stale = self.clock.now() - chrono::Duration::minutes(5);
        if let Err(e) = self
            .blocking(move |conn| OutboxMessage::requeue_stale(conn, stale))
            .await
        {
            tracing::error!(error = %e, "could not requeue half-sent mail");
        }
        tracing::info!(transport = %self.transport.describe(), "mail sender started");
        loop {
            if let Err(e) = self.run_once().await {
                tracing::error!(error = %e, "mail sender pass failed");
            }
            tokio::time::sleep(poll).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_stops_at_an_hour() {
        let base = Duration::from_secs(30);
        for attempts in 0..4 {
            let expected = 30.0 * 2f64.powi(attempts);
            let got = backoff(base, attempts).as_secs_f64();
            assert!(
                got >= expected * 0.79 && got <= expected * 1.21,
                "{attempts}: {got}"
            );
        }
        assert!(backoff(base, 30).as_secs_f64() <= 3600.0 * 1.21);
    }
}
