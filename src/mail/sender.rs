//! Delivers the outbox: claims due messages, sends them, records the outcome. Transient
//! failures retry with exponential backoff and jitter for up to 24 hours; permanent ones
//! are marked failed with the server's answer. Each message carries a Message-ID derived
//! from its idempotency key, so a message re-sent after a crash mid-delivery is
//! recognisable as the same message.
//!
//! The sender runs under a supervisor: if it ever stops (a panic in a dependency), it is
//! started again, and its health (last pass, last error, restarts) is on `/admin/mail`.

use std::sync::{Arc, Mutex, PoisonError};
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
    health: SenderHealth,
}

/// How the sender is doing, shared between the sender and the mail page.
#[derive(Clone, Debug, Default)]
pub struct SenderHealth(Arc<Mutex<HealthRecord>>);

/// One reading of [`SenderHealth`].
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct HealthRecord {
    /// The sender loop is running (false before it starts and while it restarts).
    pub running: bool,
    pub last_pass_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub last_error_at: Option<NaiveDateTime>,
    /// How often the supervisor had to start the sender again.
    pub restarts: u32,
}

impl SenderHealth {
    pub fn read(&self) -> HealthRecord {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn update(&self, f: impl FnOnce(&mut HealthRecord)) {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner));
    }

    fn error(&self, at: NaiveDateTime, error: String) {
        self.update(|h| {
            h.last_error = Some(error);
            h.last_error_at = Some(at);
        });
    }
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
            health: SenderHealth::default(),
        }
    }

    /// The health record this sender keeps up to date.
    pub fn health(&self) -> SenderHealth {
        self.health.clone()
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
        self.health.update(|h| h.running = true);
        loop {
            match self.run_once().await {
                Ok(_) => {
                    let now = self.clock.now();
                    self.health.update(|h| h.last_pass_at = Some(now));
                }
                Err(e) => {
                    tracing::error!(error = %e, "mail sender pass failed");
                    self.health.error(self.clock.now(), format!("{e:#}"));
                }
            }
            tokio::time::sleep(poll).await;
        }
    }

    /// Run the sender, and start it again whenever it stops, for as long as this future
    /// lives (dropping it stops the sender too).
    pub async fn supervise(self, poll: Duration) {
        let (health, clock) = (self.health.clone(), self.clock.clone());
        restart_forever(health, clock, Duration::from_secs(1), move || {
            self.clone().run_forever(poll)
        })
        .await;
    }
}

/// Spawn the task `start` makes; whenever it ends (a panic included), record why in
/// `health` and spawn a new one after `pause`.
async fn restart_forever<F>(
    health: SenderHealth,
    clock: Clock,
    pause: Duration,
    start: impl Fn() -> F,
) where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    loop {
        let ended = AbortOnDrop(tokio::spawn(start())).join().await;
        health.update(|h| {
            h.running = false;
            h.restarts += 1;
        });
        let why = match ended {
            Err(e) if e.is_panic() => {
                format!("the sender stopped with a panic: {}", panic_text(e))
            }
            Err(e) => format!("the sender stopped: {e}"),
            Ok(()) => "the sender stopped".to_string(),
        };
        tracing::error!(error = %why, "restarting the mail sender");
        health.error(clock.now(), why);
        tokio::time::sleep(pause).await;
    }
}

/// A spawned task that is aborted when its handle is dropped, so aborting the
/// supervisor cannot leave the sender running on its own.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl AbortOnDrop {
    async fn join(mut self) -> Result<(), tokio::task::JoinError> {
        (&mut self.0).await
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn panic_text(e: tokio::task::JoinError) -> String {
    let payload = e.into_panic();
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sender_that_panics_is_started_again_and_the_reason_is_kept() {
        let health = SenderHealth::default();
        let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = runs.clone();
        let watched = health.clone();
        let supervisor = tokio::spawn(restart_forever(
            health.clone(),
            Clock::system(),
            Duration::from_millis(10),
            move || {
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let health = watched.clone();
                async move {
                    if n == 0 {
                        panic!("a header the mail library refused");
                    }
                    health.update(|h| h.running = true);
                    std::future::pending::<()>().await;
                }
            },
        ));
        for _ in 0..200 {
            if health.read().running {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let h = health.read();
        assert!(h.running, "running again after the panic");
        assert_eq!(h.restarts, 1);
        assert!(
            h.last_error
                .as_deref()
                .is_some_and(|e| e.contains("a header the mail library refused")),
            "{h:?}"
        );
        supervisor.abort();
    }

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
