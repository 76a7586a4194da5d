//! The SQLite pool: per-connection PRAGMAs, embedded migrations, `run`, which moves a
//! diesel call that writes off the async threads, and `read`, which answers a read on
//! the request's own thread from a read-only connection.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::SqliteConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

pub type DbConn = PooledConnection<ConnectionManager<SqliteConnection>>;

/// The connection pool, and a limit of one database task per connection for `run`: more
/// would only start threads that wait for a connection (each with its own stack and
/// malloc arena). Derefs to the r2d2 pool for `get()`.
#[derive(Clone)]
pub struct DbPool {
    connections: Pool<ConnectionManager<SqliteConnection>>,
    /// Blocking-pool tasks that may run writes at once (each holds a connection).
    writes: std::sync::Arc<tokio::sync::Semaphore>,
    /// Held by the one write that runs: SQLite has one writer, and a write that waits
    /// here is handed the lock at once when the one before commits, while one that
    /// waits for SQLite's lock sleeps in its busy handler (1, 2, 5, 10 ms…) and comes
    /// back late.
    writer: std::sync::Arc<std::sync::Mutex<()>>,
    /// The long reads that go to the blocking pool beside it (`run_read`).
    long_reads: std::sync::Arc<tokio::sync::Semaphore>,
    /// Where the readers open the database, and which pool they belong to.
    url: std::sync::Arc<str>,
    id: u64,
}

impl std::ops::Deref for DbPool {
    type Target = Pool<ConnectionManager<SqliteConnection>>;

    fn deref(&self) -> &Self::Target {
        &self.connections
    }
}

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// Applied to every connection the pool hands out. `busy_timeout` comes first so that
/// the other statements already wait for a busy database instead of failing.
#[derive(Debug)]
struct Pragmas;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(
            "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
        )
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Open (creating if needed) the database, switch it to WAL once, apply pending
/// migrations, and return a pool.
pub fn connect(database_url: &str) -> anyhow::Result<DbPool> {
    if let Some(parent) = std::path::Path::new(database_url).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating the folder for {database_url}"))?;
        }
    }
    let manager = ConnectionManager::<SqliteConnection>::new(database_url);
    let pool = Pool::builder()
        .max_size(POOL_SIZE)
        // A local file does not drop connections: no `SELECT 1` before every use.
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(Pragmas))
        .build(manager)
        .with_context(|| format!("opening the database {database_url}"))?;
    let mut conn = pool.get().context("getting a first database connection")?;
    conn.batch_execute("PRAGMA journal_mode = WAL;")
        .context("switching the database to WAL mode")?;
    migrate(&mut conn)?;
    static POOLS: AtomicU64 = AtomicU64::new(0);
    Ok(DbPool {
        connections: pool,
        writes: std::sync::Arc::new(tokio::sync::Semaphore::new(POOL_SIZE as usize)),
        writer: Default::default(),
        long_reads: std::sync::Arc::new(tokio::sync::Semaphore::new(POOL_SIZE as usize - 1)),
        url: database_url.into(),
        id: POOLS.fetch_add(1, Ordering::Relaxed),
    })
}

/// Apply every pending migration.
pub fn migrate(conn: &mut SqliteConnection) -> anyhow::Result<usize> {
    let applied = conn
        .run_pending_migrations(MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("applying migrations: {e}"))?;
    for version in &applied {
        tracing::info!(%version, "applied migration");
    }
    Ok(applied.len())
}

/// Connections in the pool: one writer and up to three long reads at once.
pub const POOL_SIZE: u32 = 4;

/// Run the write `f` with a pooled connection on actix's blocking thread pool, one
/// write at a time (see `DbPool::writes`).
pub async fn run<F, T>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut SqliteConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let gate = pool.writes.clone();
    on_blocking_pool(pool, &gate, Some(pool.writer.clone()), f).await
}

/// Run the long read `f` (a whole plan ahead, the CSV export) on the blocking pool, so
/// that it does not hold up the request's thread, beside the writes.
pub async fn run_read<F, T>(pool: &DbPool, f: F) -> Result<T, AppError>
where
    F: FnOnce(&mut SqliteConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let gate = pool.long_reads.clone();
    on_blocking_pool(pool, &gate, None, f).await
}

/// `f` on the blocking pool with a pooled connection, taking `turn` (the writer lock)
/// first when given: a write waiting for its turn holds no connection, so the long
/// reads always find one.
async fn on_blocking_pool<F, T>(
    pool: &DbPool,
    gate: &tokio::sync::Semaphore,
    turn: Option<std::sync::Arc<std::sync::Mutex<()>>>,
    f: F,
) -> Result<T, AppError>
where
    F: FnOnce(&mut SqliteConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let _permit = gate
        .acquire()
        .await
        .map_err(|e| AppError::internal(format!("database task limit: {e}")))?;
    let pool = pool.clone();
    actix_web::web::block(move || {
        let _turn = turn
            .as_ref()
            .map(|lock| lock.lock().unwrap_or_else(|e| e.into_inner()));
        let mut conn = pool
            .get()
            .map_err(|e| AppError::internal(format!("no database connection: {e}")))?;
        settle_sign_in_changes();
        let out = f(&mut conn);
        // After `f`, so after its transaction committed: a reader that cached a member
        // before this point sees a new epoch and reads again.
        settle_sign_in_changes();
        out
    })
    .await
    .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?
}

/// Readers kept per thread; more than one only where one process serves several
/// databases (the tests).
const READERS_PER_THREAD: usize = 4;

thread_local! {
    static SIGN_IN_CHANGED: Cell<bool> = const { Cell::new(false) };
    /// This thread's read-only connections, the most recently used last.
    static READERS: RefCell<Vec<(u64, SqliteConnection)>> = const { RefCell::new(Vec::new()) };
    /// Answers `read_memo` computed on this thread, with the database version they saw.
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// Bytes of answers `read_memo` keeps per thread; past it, it starts again empty.
const MEMO_BYTES: usize = 4 << 20;

#[derive(Default)]
struct Memo {
    answers: std::collections::HashMap<(u64, String), (i64, actix_web::web::Bytes)>,
    bytes: usize,
}

/// `f`'s answer for `key`, computed once per change of the database: kept on this
/// thread with the reader's `PRAGMA data_version`, which moves whenever any connection
/// (this process's writer, another process) commits, and given again while it stays.
/// For answers that depend only on the database and `key`: a key names everything else
/// the answer depends on (the viewer, the month, the minute).
pub fn read_memo(
    pool: &DbPool,
    key: String,
    f: impl FnOnce(&mut SqliteConnection) -> Result<actix_web::web::Bytes, AppError>,
) -> Result<actix_web::web::Bytes, AppError> {
    read(pool, |conn| {
        let version = data_version(conn)?;
        let slot = (pool.id, key);
        let kept = MEMO.with(|m| {
            m.borrow()
                .answers
                .get(&slot)
                .filter(|(v, _)| *v == version)
                .map(|(_, answer)| answer.clone())
        });
        if let Some(answer) = kept {
            return Ok(answer);
        }
        let answer = f(conn)?;
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.bytes + answer.len() > MEMO_BYTES {
                *m = Memo::default();
            }
            m.bytes += answer.len();
            if let Some((_, old)) = m.answers.insert(slot, (version, answer.clone())) {
                m.bytes -= old.len();
            }
        });
        Ok(answer)
    })
}

// `PRAGMA data_version` as SQLite's eponymous table, so that diesel prepares the query
// once per connection and keeps it (a raw SQL query is parsed at every call: it was a
// third of a remembered page's CPU).
diesel::table! {
    pragma_data_version (data_version) {
        data_version -> BigInt,
    }
}

/// This connection's view of the database's version (see `read_memo`).
fn data_version(conn: &mut SqliteConnection) -> Result<i64, AppError> {
    use diesel::{QueryDsl, RunQueryDsl};
    Ok(pragma_data_version::table
        .select(pragma_data_version::data_version)
        .first(conn)?)
}

/// Run a read `f` here, on the calling thread, with this thread's read-only connection
/// to the pool's database (opened on first use, `PRAGMA query_only`, statements cached
/// across requests). For the short reads of a page or an API answer: in WAL mode a
/// reader never waits for the writer, and staying on the request's thread saves the two
/// thread switches of `run`, which were a quarter of a small page's CPU time. A write
/// attempted here fails ("attempt to write a readonly database"); writes go through
/// `run`.
pub fn read<T>(
    pool: &DbPool,
    f: impl FnOnce(&mut SqliteConnection) -> Result<T, AppError>,
) -> Result<T, AppError> {
    // Taken out while in use, so that a nested `read` opens its own connection.
    let kept = READERS.with(|r| {
        let mut readers = r.borrow_mut();
        let at = readers.iter().position(|(id, _)| *id == pool.id)?;
        Some(readers.remove(at).1)
    });
    let mut conn = match kept {
        Some(conn) => conn,
        None => open_reader(&pool.url)?,
    };
    let out = f(&mut conn);
    READERS.with(|r| {
        let mut readers = r.borrow_mut();
        if readers.len() >= READERS_PER_THREAD {
            readers.remove(0);
        }
        readers.push((pool.id, conn));
    });
    out
}

fn open_reader(url: &str) -> Result<SqliteConnection, AppError> {
    use diesel::Connection;
    let mut conn = SqliteConnection::establish(url)
        .map_err(|e| AppError::internal(format!("opening a reader on the database: {e}")))?;
    conn.batch_execute(
        "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA query_only = ON;",
    )?;
    Ok(conn)
}

/// Counts committed changes to who may sign in as whom (members, sessions, API tokens),
/// so that caches of verified sessions know when to read again.
static SIGN_IN_EPOCH: AtomicU64 = AtomicU64::new(0);

/// Called by the models that write members, sessions or API tokens. The epoch moves at
/// once (for writes made outside `run`) and again when the `run` that made the change
/// returns, after its transaction committed, so that nothing read between the write and
/// the commit stays trusted.
pub fn sign_in_changed() {
    SIGN_IN_EPOCH.fetch_add(1, Ordering::AcqRel);
    SIGN_IN_CHANGED.with(|c| c.set(true));
}

/// The current sign-in epoch: read it before reading a session, and trust what was read
/// only while the epoch stays the same.
pub fn sign_in_epoch() -> u64 {
    SIGN_IN_EPOCH.load(Ordering::Acquire)
}

fn settle_sign_in_changes() {
    if SIGN_IN_CHANGED.with(|c| c.replace(false)) {
        SIGN_IN_EPOCH.fetch_add(1, Ordering::AcqRel);
    }
}

/// Write a consistent copy of the database to `to` with `VACUUM INTO`, which reads one
/// snapshot (safe while the server writes; copying the file under a live WAL is not).
/// Refuses to overwrite; checks the copy's integrity; returns its size in bytes.
pub fn backup(conn: &mut SqliteConnection, to: &std::path::Path) -> anyhow::Result<u64> {
    use diesel::RunQueryDsl;
    if to.exists() {
        anyhow::bail!("{} already exists; choose a new file name", to.display());
    }
    let target = to
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("the backup path must be valid UTF-8"))?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<diesel::sql_types::Text, _>(target)
        .execute(conn)
        .with_context(|| format!("writing the backup to {}", to.display()))?;
    let mut copy = <SqliteConnection as diesel::Connection>::establish(target)
        .with_context(|| format!("opening the backup {}", to.display()))?;
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let check: Check = diesel::sql_query("PRAGMA integrity_check")
        .get_result(&mut copy)
        .context("checking the backup")?;
    if check.integrity_check != "ok" {
        anyhow::bail!(
            "the backup failed its integrity check: {}",
            check.integrity_check
        );
    }
    Ok(std::fs::metadata(to)?.len())
}

/// The health check's query: the database answers.
pub fn ping(conn: &mut SqliteConnection) -> Result<(), AppError> {
    use diesel::connection::SimpleConnection;
    Ok(conn.batch_execute("SELECT 1")?)
}
