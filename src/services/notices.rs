//! The emails a review sends its presenters, queued inside the caller's transaction:
//! assignments with a calendar invite on publish, changes after publishing, the
//! cancellation. All invites of a review share one UID; SEQUENCE grows with each change.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDateTime;
use diesel::SqliteConnection;
use serde::Serialize;

use crate::domain::month::YearMonth;
use crate::domain::review::{in_zone, parse_timezone};
use crate::error::AppError;
use crate::mail::ics::{self, Invite, Method};
use crate::mail::{host_of, Email, Postbox};
use crate::models::{Assignment, Member, Metric, Review};

#[derive(Serialize, Clone)]
struct MetricLine {
    name: String,
    /// Opens the presentation without a password.
    link: String,
    owner: Option<String>,
    owner_department: Option<String>,
}

#[derive(Serialize)]
struct ReviewMail<'a> {
    month_name: String,
    when: String,
    when_short: String,
    duration_minutes: i32,
    location: &'a str,
    prepare_by: String,
    link: String,
    review_link: String,
    metrics: Vec<MetricLine>,
    changed: bool,
}

/// Who presents what in `review`, by presenter.
pub fn presenter_sets(
    conn: &mut SqliteConnection,
    review: &Review,
) -> Result<BTreeMap<i32, BTreeSet<i32>>, AppError> {
    let mut sets: BTreeMap<i32, BTreeSet<i32>> = BTreeMap::new();
    for a in Assignment::list_for_review(conn, review.id)? {
        sets.entry(a.presenter_id).or_default().insert(a.metric_id);
    }
    Ok(sets)
}

struct Sending<'a> {
    review: &'a Review,
    members: HashMap<i32, Member>,
    metrics: HashMap<i32, Metric>,
    organizer: Option<Member>,
    sequence: i32,
    assignments: Vec<Assignment>,
}

impl<'a> Sending<'a> {
    fn load(conn: &mut SqliteConnection, review: &'a Review) -> Result<Self, AppError> {
        let sequence = Review::bump_ics_sequence(conn, review.id)?;
        let members: HashMap<i32, Member> = Member::list(conn, i64::MAX, 0)?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let metrics = Metric::list_all(conn)?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        let organizer = review
            .presenting_manager_id
            .and_then(|id| members.get(&id).cloned());
        let assignments = Assignment::list_for_review(conn, review.id)?;
        Ok(Self {
            review,
            members,
            metrics,
            organizer,
            sequence,
            assignments,
        })
    }

    fn mail(&self, postbox: &Postbox, metric_ids: &BTreeSet<i32>, changed: bool) -> ReviewMail<'a> {
        let link_of = |metric_id: i32| {
            self.assignments
                .iter()
                .find(|a| a.metric_id == metric_id)
                .map(|a| crate::services::presentations::presentation_link(postbox, a))
                .unwrap_or_default()
        };
        let tz = parse_timezone(&self.review.timezone).ok();
        let local = tz.map(|tz| in_zone(self.review.starts_at, tz));
        let month_name = YearMonth::parse(&self.review.month)
            .map(|m| m.first_day().format("%B").to_string())
            .unwrap_or_default();
        ReviewMail {
            month_name,
            when: local.map_or_else(
                || self.review.starts_at.to_string(),
                |l| l.format(crate::domain::review::WHEN_FORMAT).to_string(),
            ),
            when_short: local
                .map_or_else(String::new, |l| l.format("%a %-d %b, %H:%M %Z").to_string()),
            duration_minutes: self.review.duration_minutes,
            location: &self.review.location,
            prepare_by: tz.map_or_else(String::new, |tz| {
                in_zone(crate::services::presentations::deadline(self.review), tz)
                    .format("%a %-d %b, %H:%M")
                    .to_string()
            }),
            link: format!("{}/my/assignments", postbox.base_url),
            review_link: format!("{}/reviews/{}", postbox.base_url, self.review.month),
            metrics: metric_ids
                .iter()
                .filter_map(|id| self.metrics.get(id))
                .map(|m| {
                    let owner = m.owner_id.and_then(|o| self.members.get(&o));
                    MetricLine {
                        link: link_of(m.id),
                        name: m.name.clone(),
                        owner: owner.map(|o| o.name.clone()),
                        owner_department: owner
                            .map(|o| o.department.clone())
                            .filter(|d| !d.is_empty()),
                    }
                })
                .collect(),
            changed,
        }
    }

    fn invite(
        &self,
        postbox: &Postbox,
        method: Method,
        to: &Member,
        summary: &str,
        now: NaiveDateTime,
    ) -> String {
        let uid = format!("review-{}@{}", self.review.month, host_of(postbox.base_url));
        let (org_name, org_email) = self
            .organizer
            .as_ref()
            .map_or(("kpi-rotation", "noreply@localhost"), |o| {
                (o.name.as_str(), o.email.as_str())
            });
        ics::render(&Invite {
            method,
            uid: &uid,
            sequence: self.sequence,
            starts_at_utc: self.review.starts_at,
            duration_minutes: self.review.duration_minutes,
            summary,
            description: &format!(
                "Monthly KPI review. Prepare at {}/my/assignments",
                postbox.base_url
            ),
            location: &self.review.location,
            organizer: (org_name, org_email),
            attendee: (&to.name, &to.email),
            stamp_utc: now,
        })
    }
}

/// Tell each presenter in `who` what they present (all presenters when `None`).
pub fn send_assignments(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    review: &Review,
    who: Option<&[i32]>,
    changed: bool,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let sets = presenter_sets(conn, review)?;
    let sending = Sending::load(conn, review)?;
    let mut queued = 0;
    for (presenter_id, metric_ids) in &sets {
        if who.is_some_and(|w| !w.contains(presenter_id)) {
            continue;
        }
        let Some(to) = sending.members.get(presenter_id) else {
            continue;
        };
        let mail = sending.mail(postbox, metric_ids, changed);
        let names: Vec<&str> = mail.metrics.iter().map(|m| m.name.as_str()).collect();
        let summary = format!(
            "KPI review {}: you present {}",
            mail.month_name,
            names.join(", ")
        );
        let ics = sending.invite(postbox, Method::Request, to, &summary, now);
        let key = format!(
            "assignment:{}:{}:{}",
            review.id, presenter_id, sending.sequence
        );
        if postbox.queue(
            conn,
            Email {
                kind: "assignment",
                key,
                to_email: &to.email,
                to_name: &to.name,
                context: &mail,
                ics: Some(ics),
            },
            now,
        )? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// After a change to a published rotation: the changed presenters hear what they present
/// now; those left with nothing hear that, and their invite is cancelled.
pub fn send_changes(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    review: &Review,
    before: &BTreeMap<i32, BTreeSet<i32>>,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let after = presenter_sets(conn, review)?;
    let changed: Vec<i32> = after
        .iter()
        .filter(|(p, set)| before.get(p) != Some(set))
        .map(|(p, _)| *p)
        .collect();
    let removed: Vec<i32> = before
        .keys()
        .filter(|p| !after.contains_key(p))
        .copied()
        .collect();
    let mut queued = 0;
    if !changed.is_empty() {
        queued += send_assignments(conn, postbox, review, Some(&changed), true, now)?;
    }
    if !removed.is_empty() {
        queued += send_withdrawals(
            conn,
            postbox,
            review,
            &removed,
            "assignment_removed",
            "",
            now,
        )?;
    }
    Ok(queued)
}

/// The review is cancelled: every presenter hears it and the invite is withdrawn.
pub fn send_cancellation(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    review: &Review,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let presenters: Vec<i32> = presenter_sets(conn, review)?.into_keys().collect();
    send_withdrawals(
        conn,
        postbox,
        review,
        &presenters,
        "review_cancelled",
        " (cancelled)",
        now,
    )
}

/// Tell `presenters` they no longer present (message `kind`) and withdraw their invite.
fn send_withdrawals(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    review: &Review,
    presenters: &[i32],
    kind: &str,
    summary_suffix: &str,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let sending = Sending::load(conn, review)?;
    let mut queued = 0;
    for presenter_id in presenters {
        let Some(to) = sending.members.get(presenter_id) else {
            continue;
        };
        let mail = sending.mail(postbox, &BTreeSet::new(), true);
        let ics = sending.invite(
            postbox,
            Method::Cancel,
            to,
            &format!("KPI review {}{summary_suffix}", mail.month_name),
            now,
        );
        let key = format!("{kind}:{}:{}:{}", review.id, presenter_id, sending.sequence);
        if postbox.queue(
            conn,
            Email {
                kind,
                key,
                to_email: &to.email,
                to_name: &to.name,
                context: &mail,
                ics: Some(ics),
            },
            now,
        )? {
            queued += 1;
        }
    }
    Ok(queued)
}
