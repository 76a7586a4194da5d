//! `kpi-rotation demo`: a realistic marketing team on an empty database, so a newcomer
//! sees a living app: eight people in five departments, the starter metrics with owners
//! and a North Star, twelve months of values (seasonality, a dip, a recovery), three held
//! reviews with presentations, feedback, action items and cards, and next month's review
//! scheduled and drawn. It goes through the same services as the app, except where it
//! writes history that the rules would refuse today (presentations of past meetings).

pub mod large;

use std::collections::BTreeMap;

use anyhow::{bail, Context};
use chrono::{Duration, NaiveDateTime, NaiveTime, Weekday};
use diesel::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::auth::{password, AuthMethod, CurrentUser};
use crate::domain::ids::{AssignmentId, MetricId};
use crate::domain::member::MemberFields;
use crate::domain::metric::MetricFields;
use crate::domain::month::YearMonth;
use crate::domain::review::{local_to_utc, nth_weekday, parse_timezone};
use crate::mail::Postbox;
use crate::models::{Assignment, Member, Metric, MetricValue, NewMetricValue, Presentation};
use crate::services::{accounts, cards, draws, meeting, members, metrics, reviews};

const PEOPLE: &[(&str, &str, &str)] = &[
    ("Ana Lund", "ana@example.com", "Paid"),
    ("Sam Okafor", "sam@example.com", "SEO"),
    ("Chris Dahl", "chris@example.com", "Content"),
    ("Dana Wijaya", "dana@example.com", "Dev"),
    ("Eli Berg", "eli@example.com", "Customer service"),
    ("Fatima Nasser", "fatima@example.com", "Paid"),
    ("Gus Holm", "gus@example.com", "SEO"),
];

/// (starter key, owner index in PEOPLE, target, base value, monthly trend, on dashboard)
type DemoMetric = (&'static str, usize, Option<f64>, f64, f64, bool);

const METRICS: &[DemoMetric] = &[
    ("traffic", 6, Some(55_000.0), 48_000.0, 900.0, true),
    ("non_paid_traffic_share", 1, Some(65.0), 58.0, 0.4, false),
    ("paid_traffic_share", 5, Some(35.0), 42.0, -0.4, false),
    ("conversion_rate", 3, Some(2.8), 2.2, 0.03, true),
    ("bounce_rate", 3, Some(40.0), 46.0, -0.3, false),
    ("nps", 4, Some(40.0), 32.0, 0.8, true),
    ("cpc", 5, Some(0.9), 1.1, -0.01, false),
    ("cpa", 0, Some(40.0), 47.0, -0.5, true),
    ("mer", 0, Some(4.5), 3.1, 0.05, true),
    ("poas", 0, Some(1.5), 1.1, 0.03, false),
    ("cac", 0, Some(55.0), 64.0, -0.6, true),
    ("clv", 4, Some(420.0), 360.0, 4.0, false),
    ("new_customer_ratio", 2, Some(35.0), 31.0, 0.2, false),
    (
        "active_email_contacts",
        2,
        Some(12_000.0),
        9_500.0,
        180.0,
        true,
    ),
    ("engagement_rate", 2, Some(4.0), 3.1, 0.05, false),
];

const INSIGHTS: &[&str] = &[
    "Most of the change came from mobile: the checkout got slower after the release, and phone conversion fell while desktop held.",
    "November's peak is Black Friday; without those four days the month was flat. Next year we should start the campaign a week earlier.",
    "Paid search got more expensive because two competitors raised their bids on our brand terms; our non-brand CPC did not move.",
    "The newsletter redesign doubled the clicks, but only from people who already buy from us: it does not bring new customers.",
    "NPS rose after the delivery promise changed; the detractors now mostly complain about returns, not delivery times.",
    "Organic traffic grew on the guides we wrote in the spring; the product pages themselves did not gain.",
];

const FEEDBACK: &[(&str, &str)] = &[
    ("kudos", "You found the cause in two days: great digging."),
    ("question", "Did the tracking change at the same time?"),
    ("suggestion", "Show the same month last year next to it."),
    ("kudos", "Now I finally understand what POAS means."),
];

fn rng_value(rng: &mut ChaCha8Rng, base: f64, trend: f64, i: usize, month: u32) -> f64 {
    // Seasonality: a Black Friday/Christmas peak, a summer dip.
    let season = match month {
        11 => 1.12,
        12 => 1.08,
        7 | 8 => 0.94,
        _ => 1.0,
    };
    let noise = 1.0 + rng.gen_range(-0.025..0.025);
    (base + trend * i as f64) * season * noise
}

fn round(v: f64) -> f64 {
    if v.abs() >= 100.0 {
        v.round()
    } else {
        (v * 100.0).round() / 100.0
    }
}

/// Passwords come from the OS's randomness, never the demo's fixed seed.
fn readable_password(rng: &mut impl Rng) -> String {
    const WORDS: &[&str] = &[
        "maple", "river", "orbit", "cactus", "lantern", "pepper", "harbor", "violet", "falcon",
        "meadow", "copper", "tundra",
    ];
    format!(
        "{}-{}-{}",
        WORDS[rng.gen_range(0..WORDS.len())],
        WORDS[rng.gen_range(0..WORDS.len())],
        rng.gen_range(100..1000)
    )
}

/// Fill an empty database; returns the logins (manager first).
pub fn run(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    now: chrono::NaiveDateTime,
) -> anyhow::Result<Vec<(String, String)>> {
    if Member::count(conn)? > 0 || !Metric::list_all(conn)?.is_empty() {
        bail!("the database already has data; `demo` only fills an empty one (point KPI_DATA_DIR at a new folder)");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let err = |e: crate::error::AppError| anyhow::anyhow!("{}", e.public_message());
    let mut logins = Vec::new();

    let manager_password = readable_password(&mut rand::thread_rng());
    let mona = accounts::create_manager(
        conn,
        "Mona Manager",
        "mona@example.com",
        &manager_password,
        now,
    )
    .map_err(err)?;
    conn.batch_execute_ok("UPDATE members SET department = 'Management' WHERE id = 1")?;
    logins.push((mona.email.clone(), manager_password));
    let actor = CurrentUser {
        member: Member::find(conn, mona.id)?,
        method: AuthMethod::Token,
    };
    let mut people = Vec::new();
    for (name, email, department) in PEOPLE {
        let fields = MemberFields {
            name: (*name).into(),
            email: (*email).into(),
            department: (*department).into(),
            role: "member".into(),
        };
        let (member, _) =
            members::create(conn, postbox, "Mona Manager", &fields, now).map_err(err)?;
        let pw = readable_password(&mut rand::thread_rng());
        Member::set_password_hash(conn, member.id, &password::hash(&pw)?, now)?;
        logins.push((member.email.clone(), pw));
        people.push(member);
    }

    // Metrics with owners, plus the North Star.
    let picks: Vec<metrics::StarterPick> = METRICS
        .iter()
        .map(|(key, owner, ..)| metrics::StarterPick {
            key: (*key).into(),
            owner_id: Some(people[*owner].id),
            target: String::new(),
        })
        .collect();
    let added = metrics::add_starter(conn, &picks, crate::i18n::Lang::En, now).map_err(err)?;
    for (metric, (_, _, target, _, _, dashboard)) in added.iter().zip(METRICS) {
        let mut f = metric.to_fields();
        f.target = target.map(|t| t.to_string()).unwrap_or_default();
        f.on_dashboard = dashboard.to_string();
        f.kept_by_manager = (metric.name == "MER").to_string();
        metrics::update(conn, metric.id, &f, false, now).map_err(err)?;
    }
    let star = metrics::create(
        conn,
        &MetricFields {
            name: "Orders".into(),
            definition: "Orders placed in the web shop in the month: the number that best shows customers getting value from us.".into(),
            formula: "count of completed orders".into(),
            category: "revenue".into(),
            unit: "count".into(),
            direction: "higher_is_better".into(),
            target: "1400".into(),
            owner_id: people[0].id.to_string(),
            north_star: "true".into(),
            on_dashboard: "true".into(),
            active: "true".into(),
            ..Default::default()
        },
        false,
        now,
    )
    .map_err(err)?;

    // Twelve months of values, with a dip four months ago and a recovery.
    let this_month = YearMonth::of_date(now.date());
    let months = this_month.prev().trailing(12);
    let all: Vec<(i32, f64, f64)> = added
        .iter()
        .zip(METRICS)
        .map(|(m, (_, _, _, base, trend, _))| (m.id, *base, *trend))
        .chain([(star.id, 1100.0, 25.0)])
        .collect();
    for (metric_id, base, trend) in &all {
        for (i, month) in months.iter().enumerate() {
            let mut value = rng_value(&mut rng, *base, *trend, i, month.month());
            if i == 8 && (*metric_id == added[3].id || *metric_id == star.id) {
                value *= 0.86; // the release that slowed the mobile checkout
            }
            let key = month.to_string();
            MetricValue::upsert(
                conn,
                &NewMetricValue {
                    metric_id: *metric_id,
                    month: &key,
                    value: round(value),
                    note: "",
                    updated_by: Some(people[0].id),
                    updated_at: now,
                },
            )?;
        }
    }

    // What happened to the numbers: the slow release, and the Black Friday campaign.
    for metric_id in [added[3].id, star.id] {
        crate::models::MetricEvent::insert(
            conn,
            &crate::models::NewMetricEvent {
                metric_id,
                month: &months[8].to_string(),
                title: "Release 4.2 slowed the mobile checkout",
                note: "Fixed in 4.2.1 three weeks later.",
                rebase: false,
                author_id: Some(people[0].id),
                created_at: now,
            },
        )?;
    }
    if let Some(november) = months.iter().find(|m| m.month() == 11) {
        for (metric, _) in added.iter().zip(METRICS).filter(|(_, m)| m.0 == "traffic") {
            crate::models::MetricEvent::insert(
                conn,
                &crate::models::NewMetricEvent {
                    metric_id: metric.id,
                    month: &november.to_string(),
                    title: "Black Friday campaign",
                    note: "Four days of paid social and newsletters.",
                    rebase: false,
                    author_id: Some(people[0].id),
                    created_at: now,
                },
            )?;
        }
    }

    // Three held reviews, one per month, then next month's drawn.
    let tz = parse_timezone("Europe/Copenhagen").map_err(|e| anyhow::anyhow!(e.message))?;
    let ten = NaiveTime::from_hms_opt(10, 0, 0).context("time")?;
    let schedule = |month: YearMonth| -> anyhow::Result<reviews::Schedule> {
        let starts_at = local_to_utc(nth_weekday(month, 1, Weekday::Tue), ten, tz)
            .map_err(|e| anyhow::anyhow!(e.message))?;
        Ok(reviews::Schedule {
            starts_at,
            timezone: tz,
            duration_minutes: 30,
            location: "Meeting room Fjord, or https://meet.example.com/kpi".into(),
            data_month: None,
        })
    };
    let mut insight = 0;
    for (n, month) in this_month.trailing(4).into_iter().take(3).enumerate() {
        let review = reviews::create(conn, &actor, month, &schedule(month)?, now).map_err(err)?;
        draws::draw(conn, postbox, &actor, month, Some(n as u64 + 7), false, now).map_err(err)?;
        draws::publish(conn, postbox, &actor, month, now).map_err(err)?;
        let assignments = Assignment::list_for_review(conn, review.id)?;
        for (i, a) in assignments.iter().enumerate() {
            // History: written directly, since the rules no longer accept edits to past meetings.
            let p = Presentation::create(conn, a.id, 1, review.starts_at - Duration::days(3))?;
            // Each review presents its data month: the month before its meeting.
            let value = MetricValue::find(conn, a.metric_id, &review.data_month)?.map(|v| v.value);
            let mut answers = BTreeMap::new();
            answers.insert(
                "insight".to_string(),
                INSIGHTS[insight % INSIGHTS.len()].to_string(),
            );
            answers.insert(
                "asked".to_string(),
                "The owner walked me through the report and the campaign calendar.".to_string(),
            );
            answers.insert(
                "confidence".to_string(),
                ["sure", "best guess", "I need help"][i % 3].to_string(),
            );
            insight += 1;
            Presentation::save(
                conn,
                p.id,
                value,
                &serde_json::to_string(&answers)?,
                Some(review.starts_at - Duration::days(2)),
                review.starts_at - Duration::days(2),
            )?;
            let (kind, body) = FEEDBACK[(i + n) % FEEDBACK.len()];
            let from = people[(i + 3) % people.len()].clone();
            if from.id != a.presenter_id {
                let viewer = CurrentUser {
                    member: from,
                    method: AuthMethod::Token,
                };
                meeting::contributions::add_feedback(
                    conn,
                    &viewer,
                    a.id,
                    kind,
                    body,
                    i % 4 == 1,
                    review.starts_at,
                )
                .map_err(err)?;
            }
        }
        meeting::contributions::add_action_item(
            conn,
            &actor,
            month,
            &meeting::contributions::NewAction {
                slot: 1,
                text: "Compare with the same month last year",
                owner_id: &people[n].id.to_string(),
                due_date: "",
            },
            now,
        )
        .map_err(err)?;
        meeting::end(conn, &actor, month, now).map_err(err)?;
        diesel::update(crate::schema::reviews::table.find(review.id))
            .set(crate::schema::reviews::held_at.eq(review.starts_at + Duration::minutes(30)))
            .execute(conn)?;
        let metric_ids: Vec<i32> = assignments.iter().map(|a| a.metric_id).collect();
        let choice = meeting::ending::ValueChoice {
            write: metric_ids.into_iter().map(MetricId).collect(),
            replace: Vec::new(),
        };
        meeting::ending::write_values(conn, &actor, month, &choice, now).map_err(err)?;
        for a in &assignments {
            if let Some(owner) = a.owner_id.and_then(|o| people.iter().find(|p| p.id == o)) {
                let viewer = CurrentUser {
                    member: owner.clone(),
                    method: AuthMethod::Token,
                };
                meeting::contributions::rate(
                    conn,
                    &viewer,
                    AssignmentId(a.id),
                    rng.gen_range(3..=5),
                    now,
                )
                .map_err(err)?;
            }
        }
        let held_on = review.starts_at;
        demo_cards(conn, &people, month, n, held_on - Duration::days(5), now)?;
    }
    // The earliest action item is done; the others wait for the next opening.
    conn.batch_execute_ok("UPDATE action_items SET done = 1 WHERE id = 1")?;
    let next = this_month.next();
    reviews::create(conn, &actor, next, &schedule(next)?, now).map_err(err)?;
    draws::draw(conn, postbox, &actor, next, Some(42), false, now).map_err(err)?;
    // The demo's people are fictional: their mail is marked sent, not delivered.
    conn.batch_execute_ok("UPDATE outbox SET state = 'sent', sent_at = updated_at")?;
    Ok(logins)
}

fn demo_cards(
    conn: &mut SqliteConnection,
    people: &[Member],
    month: YearMonth,
    n: usize,
    at: NaiveDateTime,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let err = |e: crate::error::AppError| anyhow::anyhow!("{}", e.public_message());
    // (kind, title, what we tried, what happened, what we learned)
    type DemoCard = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    );
    let sets: [&[DemoCard]; 3] = [
        &[("success", "Exact match cut CPA by 19 %", "We paused broad match on the top 20 keywords.", "CPA fell from **48** to **39** EUR in three weeks.", ""), ("fail", "TikTok clips for a month", "Three short videos a week, no paid push.", "1,900 views, 4 sessions, no orders.", "Our buyers are not there yet; try again with creators, not our own account.")],
        &[("success", "The returns FAQ lifted NPS", "Eli rewrote the returns page with the questions customers actually ask.", "Detractors mentioning returns: 41 % → 22 %.", ""), ("fail", "Exit pop-up with a discount", "A 10 % code when the cursor left the page.", "Bounce rate +3 pp and margin down; conversion flat.", "Discounts at exit train people to leave. Remove it, test a delivery promise instead.")],
        &[("success", "Guides bring organic traffic", "Six buying guides written with the support team.", "Organic sessions +18 %, and the guides convert at 3.1 %.", ""), ("success", "Newsletter revived", "New template, one product story per issue.", "Clicks doubled; unsubscribes halved.", "")],
    ];
    for (i, (kind, title, body, outcome, lesson)) in sets[n % 3].iter().enumerate() {
        let author = people[(n * 2 + i) % people.len()].clone();
        let viewer = CurrentUser {
            member: author.clone(),
            method: AuthMethod::Token,
        };
        let fields = crate::domain::card::CardFields {
            kind: (*kind).into(),
            title: (*title).into(),
            body: (*body).into(),
            outcome: (*outcome).into(),
            lesson: (*lesson).into(),
            month: month.to_string(),
            anonymous: (i == 1 && n == 1).to_string(),
            ..Default::default()
        };
        let card = cards::create(conn, &viewer, &fields, &[], now).map_err(err)?;
        let created = at + Duration::hours(i as i64 * 5);
        diesel::update(crate::schema::cards::table.find(card.id))
            .set((
                crate::schema::cards::created_at.eq(created),
                crate::schema::cards::updated_at.eq(created),
            ))
            .execute(conn)?;
        for giver in people.iter().filter(|p| p.id != author.id).take(2 + i + n) {
            let viewer = CurrentUser {
                member: giver.clone(),
                method: AuthMethod::Token,
            };
            cards::give_kudos(conn, &viewer, card.id, created + Duration::hours(1)).map_err(err)?;
        }
    }
    Ok(())
}

/// `batch_execute` for fixed demo statements.
trait BatchOk {
    fn batch_execute_ok(&mut self, sql: &str) -> anyhow::Result<()>;
}

impl BatchOk for SqliteConnection {
    fn batch_execute_ok(&mut self, sql: &str) -> anyhow::Result<()> {
        use diesel::connection::SimpleConnection;
        self.batch_execute(sql)
            .with_context(|| format!("demo: {sql}"))
    }
}
