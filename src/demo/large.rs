//! `kpi-rotation demo --large`: a large organisation for load tests and benchmarks. 500
//! members in 20 departments, 2,000 metrics with five years of monthly values, 60 held
//! reviews (every metric presented in each, a quarter of them with a submitted
//! presentation), next month's review published, and 10,000 success and fail cards
//! with kudos.
//!
//! The rows are generated inside SQLite (recursive CTEs in one transaction), so it takes
//! seconds, not minutes. Only the manager and three members get a password (printed like
//! the demo's logins); the others are invited but never signed in.

use anyhow::bail;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::SqliteConnection;

use crate::auth::password;
use crate::domain::month::YearMonth;
use crate::models::{Member, Metric};

pub const MEMBERS: usize = 500;
pub const METRICS: usize = 2_000;
pub const MONTHS: usize = 60;
pub const CARDS: usize = 10_000;

const DEPARTMENTS: &[&str] = &[
    "SEO",
    "Paid",
    "Content",
    "Dev",
    "Customer service",
    "CRM",
    "Social",
    "Design",
    "Data",
    "Brand",
    "Partnerships",
    "Sales",
    "Product",
    "Retail",
    "Events",
    "PR",
    "Growth",
    "Localisation",
    "Affiliate",
    "Video",
];

const METRIC_NAMES: &[&str] = &[
    "Traffic",
    "Paid traffic %",
    "Conversion rate",
    "Bounce rate",
    "NPS",
    "CPC",
    "CPA",
    "MER",
    "POAS",
    "CAC",
    "CLV",
    "New customer ratio",
    "Active email contacts",
    "Engagement rate",
    "Orders",
    "Revenue",
];

/// Fill an empty database with the large organisation; returns the logins (manager first).
pub fn run(
    conn: &mut SqliteConnection,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<Vec<(String, String)>> {
    if Member::count(conn)? > 0 || !Metric::list_all(conn)?.is_empty() {
        bail!("the database already has data; `demo --large` only fills an empty one (point KPI_DATA_DIR at a new folder)");
    }
    let this_month = YearMonth::of_date(now.date());
    let held: Vec<String> = this_month
        .prev()
        .trailing(MONTHS)
        .into_iter()
        .map(|m| m.to_string())
        .collect();
    let next = this_month.next().to_string();
    let now = now.format("%F %T").to_string();

    let logins: Vec<(String, String)> = [
        ("maja@example.com", 1),
        ("person2@example.com", 2),
        ("person3@example.com", 3),
        ("person4@example.com", 4),
    ]
    .into_iter()
    .map(|(email, _)| (email.to_string(), random_password()))
    .collect();
    let hashes = logins
        .iter()
        .map(|(_, p)| password::hash(p))
        .collect::<anyhow::Result<Vec<_>>>()?;

    conn.immediate_transaction::<_, anyhow::Error, _>(|conn| {
        conn.batch_execute(&setup_sql(&held, &next))?;
        for statement in GENERATE {
            if statement.contains("?1") {
                diesel::sql_query(*statement)
                    .bind::<Text, _>(&now)
                    .execute(conn)?;
            } else {
                conn.batch_execute(statement)?;
            }
        }
        for ((email, _), hash) in logins.iter().zip(&hashes) {
            diesel::sql_query("UPDATE members SET password_hash = ? WHERE email = ?")
                .bind::<Text, _>(hash)
                .bind::<Text, _>(email)
                .execute(conn)?;
        }
        conn.batch_execute("DROP TABLE temp.n; DROP TABLE temp.months; DROP TABLE temp.words;")?;
        Ok(())
    })?;
    conn.batch_execute("ANALYZE; PRAGMA optimize;")?;
    Ok(logins)
}

fn random_password() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..4)
        .map(|_| format!("{:04}", rng.gen_range(0..10_000)))
        .collect::<Vec<_>>()
        .join("-")
}

/// Helper tables: numbers 1..=10,000, the held months (k = 1 oldest) and next month
/// (k = 0), departments and metric names.
fn setup_sql(held: &[String], next: &str) -> String {
    let months = held
        .iter()
        .enumerate()
        .map(|(k, m)| format!("({}, '{m}')", k + 1))
        .chain(std::iter::once(format!("(0, '{next}')")))
        .collect::<Vec<_>>()
        .join(", ");
    let words = DEPARTMENTS
        .iter()
        .enumerate()
        .map(|(i, d)| format!("({i}, 'department', '{d}')"))
        .chain(
            METRIC_NAMES
                .iter()
                .enumerate()
                .map(|(i, n)| format!("({i}, 'metric', '{n}')")),
        )
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "CREATE TEMP TABLE n (i INTEGER PRIMARY KEY);
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 10000)
         INSERT INTO temp.n SELECT i FROM c;
         CREATE TEMP TABLE months (k INTEGER PRIMARY KEY, month TEXT NOT NULL);
         INSERT INTO temp.months VALUES {months};
         CREATE TEMP TABLE words (i INTEGER, kind TEXT, word TEXT);
         INSERT INTO temp.words VALUES {words};"
    )
}

/// The generating statements; `?1` is the current timestamp.
const GENERATE: &[&str] = &[
    // Members: 1 is the manager, the rest spread over the departments.
    "INSERT INTO members (id, name, email, department, role, active, created_at, updated_at)
     SELECT i,
            CASE i WHEN 1 THEN 'Maja Manager' ELSE 'Person ' || i END,
            CASE i WHEN 1 THEN 'maja@example.com' ELSE 'person' || i || '@example.com' END,
            (SELECT word FROM temp.words WHERE kind = 'department' AND words.i = n.i % 20),
            CASE i WHEN 1 THEN 'manager' ELSE 'member' END, 1, ?1, ?1
     FROM temp.n WHERE i <= 500",
    // Metrics: owned by members 2..=500 (metric m by 2 + m % 499); ten on the dashboard,
    // metric 1 the North Star.
    "INSERT INTO metrics (id, name, definition, formula, category, unit, direction, target,
                          owner_id, north_star, kept_by_manager, on_dashboard, active,
                          created_at, updated_at)
     SELECT i,
            (SELECT word FROM temp.words WHERE kind = 'metric' AND words.i = n.i % 16)
              || ' · ' || (SELECT word FROM temp.words WHERE kind = 'department' AND words.i = n.i % 20)
              || ' ' || ((i - 1) / 80 + 1),
            'A generated metric of the large organisation.', '',
            CASE i % 5 WHEN 0 THEN 'acquisition' WHEN 1 THEN 'activation' WHEN 2 THEN 'retention'
                       WHEN 3 THEN 'revenue' ELSE 'efficiency' END,
            CASE i % 3 WHEN 0 THEN 'count' WHEN 1 THEN 'percent' ELSE 'score' END,
            CASE i % 4 WHEN 0 THEN 'lower_is_better' ELSE 'higher_is_better' END,
            100 + i % 50,
            2 + i % 499, i = 1, 0, i <= 10, 1, ?1, ?1
     FROM temp.n WHERE i <= 2000",
    // Five years of values: a trend, a season and some noise.
    "INSERT INTO metric_values (metric_id, month, value, note, updated_by, updated_at)
     SELECT n.i, months.month,
            round(80 + n.i % 50 + months.k * 0.4 + (months.k % 12) * 1.5 + abs(random() % 1000) / 100.0, 2),
            '', 2 + n.i % 499, ?1
     FROM temp.n, temp.months WHERE n.i <= 2000 AND months.k >= 1",
    // Sixty held reviews and next month's, published.
    "INSERT INTO reviews (id, month, starts_at, timezone, duration_minutes, location, status,
                          seed, published_at, held_at, created_at, updated_at)
     SELECT k + 1, month, month || '-05 09:00:00', 'Europe/Copenhagen', 30, 'Room 4',
            CASE k WHEN 0 THEN 'published' ELSE 'held' END, k,
            ?1, CASE k WHEN 0 THEN NULL ELSE month || '-05 09:30:00' END, ?1, ?1
     FROM temp.months",
    // Every metric in every review, presented by someone who does not own it.
    "INSERT INTO assignments (review_id, metric_id, presenter_id, owner_id, owner_department,
                              position, reason)
     SELECT months.k + 1, n.i, 2 + (n.i + months.k * 7 + 1) % 499, 2 + n.i % 499,
            (SELECT department FROM members WHERE id = 2 + n.i % 499), n.i,
            'not in the owner''s department'
     FROM temp.months, temp.n WHERE n.i <= 2000",
    // A quarter of the held presentations were submitted, with an insight.
    "INSERT INTO presentations (assignment_id, template_version, value, answers, status,
                                submitted_at, clarity_rating, created_at, updated_at)
     SELECT a.id, 1, 100 + a.metric_id % 50,
            '{\"change\":\"Up against last month.\",\"insight\":\"The spring campaign moved it; the owner confirmed the tracking.\",\"causes\":\"Campaign\",\"asked\":\"The owner\",\"proposal\":\"Keep going.\"}',
            'submitted', ?1, 1 + a.id % 5, ?1, ?1
     FROM assignments a JOIN reviews r ON r.id = a.review_id
     WHERE r.status = 'held' AND a.metric_id % 4 = 0",
    // 10,000 cards over the five years, every third one a fail.
    "INSERT INTO cards (id, kind, title, body, outcome, lesson, metric_id, month, author_id,
                        anonymous, created_at, updated_at)
     SELECT n.i,
            CASE n.i % 3 WHEN 0 THEN 'fail' ELSE 'success' END,
            CASE n.i % 4 WHEN 0 THEN 'Broad match burned the budget ' WHEN 1 THEN 'Guides bring organic traffic '
                         WHEN 2 THEN 'Newsletter revived ' ELSE 'Checkout test ' END || n.i,
            'We tried a new approach on the campaign for a month, with a control group.',
            'Clicks moved by ' || (n.i % 40) || ' %, conversions by ' || (n.i % 7) || ' %.',
            CASE n.i % 3 WHEN 0 THEN 'Test on a small budget first; keep exact match on brand terms.' ELSE '' END,
            1 + n.i % 2000,
            (SELECT month FROM temp.months WHERE k = 1 + n.i % 60),
            2 + n.i % 499, 0,
            (SELECT month FROM temp.months WHERE k = 1 + n.i % 60) || '-1' || (n.i % 9) || ' 12:00:00', ?1
     FROM temp.n",
    // Kudos: each card gets a few, never from the members with logins (2 to 4), so a
    // load test can give and take back theirs.
    "INSERT INTO kudos (card_id, member_id, created_at)
     SELECT c.id, 5 + (c.id * 13 + k.i) % 496, c.created_at
     FROM cards c, temp.n k WHERE k.i <= 1 + c.id % 4",
];
