//! The emails a review sends, queued inside the caller's transaction. On publish every
//! attendee (each active member who is not away, the manager included) gets the calendar
//! invite: presenters with what they present, owners with who presents their metrics and
//! a link to write the brief. Changes after publishing say what changed (the time, the
//! place, who presents what) to those they concern; a cancellation withdraws the invite.
//! All invites of a review share one UID; SEQUENCE grows with each change.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDateTime;
use diesel::SqliteConnection;
use serde::Serialize;

use crate::domain::month::YearMonth;
use crate::domain::review::parse_timezone;
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

/// A metric the recipient owns: who presents it, and where to write them a brief.
#[derive(Serialize, Clone)]
struct OwnedLine {
    name: String,
    presenter: String,
    link: String,
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
    owned: Vec<OwnedLine>,
    /// What changed since the last invite, in words; empty for the first one.
    changes: Vec<String>,
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

    fn mail(
        &self,
        postbox: &Postbox,
        recipient: i32,
        metric_ids: &BTreeSet<i32>,
        changes: &[String],
    ) -> ReviewMail<'a> {
        let link_of = |metric_id: i32| {
            self.assignments
                .iter()
                .find(|a| a.metric_id == metric_id)
                .map(|a| crate::services::presentations::presentation_link(postbox, a))
                .unwrap_or_default()
        };
        let lang = self
            .members
            .get(&recipient)
            .map_or(postbox.language, |m| postbox.language_for(m));
        let timezone = &self.review.timezone;
        let known_zone = parse_timezone(timezone).is_ok();
        let when = |t| {
            if known_zone {
                crate::i18n::format::when(lang, t, timezone)
            } else {
                t.to_string()
            }
        };
        let month_name = YearMonth::parse(&self.review.month)
            .map(|m| crate::i18n::format::month_name(lang, m))
            .unwrap_or_default();
        ReviewMail {
            month_name,
            when: when(self.review.starts_at),
            when_short: if known_zone {
                crate::i18n::format::when_short(lang, self.review.starts_at, timezone)
            } else {
                String::new()
            },
            duration_minutes: self.review.duration_minutes,
            location: &self.review.location,
            prepare_by: when(crate::services::presentations::deadline(self.review)),
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
            owned: self
                .assignments
                .iter()
                .filter(|a| a.owner_id == Some(recipient))
                .filter_map(|a| {
                    Some(OwnedLine {
                        name: self.metrics.get(&a.metric_id)?.name.clone(),
                        presenter: self.members.get(&a.presenter_id)?.name.clone(),
                        link: format!("{}/assignments/{}/presentation", postbox.base_url, a.id),
                    })
                })
                .collect(),
            changes: changes.to_vec(),
            changed: !changes.is_empty(),
        }
    }

    /// Everyone invited: active members who are not away, the manager included.
    fn attendees(&self, away: &[i32]) -> Vec<i32> {
        let mut ids: Vec<i32> = self
            .members
            .values()
            .filter(|m| m.active && !away.contains(&m.id))
            .map(|m| m.id)
            .collect();
        ids.sort_unstable();
        ids
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
        let review_link = format!("{}/reviews/{}", postbox.base_url, self.review.month);
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
            // Without a place, the review's page (calendars show LOCATION prominently).
            location: if self.review.location.trim().is_empty() {
                &review_link
            } else {
                &self.review.location
            },
            organizer: (org_name, org_email),
            attendee: (&to.name, &to.email),
            stamp_utc: now,
        })
    }
}

/// Send the calendar invite to the attendees in `who` (everyone invited when `None`):
/// presenters with what they present ("assignment"), everyone else as an attendee
/// ("invite"), owners with who presents their metrics. `changes` says what changed since
/// the last invite (empty for the first).
pub fn send_invites(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    review: &Review,
    who: Option<&[i32]>,
    changes: &[String],
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let away = Review::absent_member_ids(conn, review.id)?;
    let sets = presenter_sets(conn, review)?;
    let sending = Sending::load(conn, review)?;
    let mut queued = 0;
    for id in sending.attendees(&away) {
        if who.is_some_and(|w| !w.contains(&id)) {
            continue;
        }
        let Some(to) = sending.members.get(&id) else {
            continue;
        };
        let none = BTreeSet::new();
        let metric_ids = sets.get(&id).unwrap_or(&none);
        let mail = sending.mail(postbox, id, metric_ids, changes);
        let kind = if metric_ids.is_empty() {
            "invite"
        } else {
            "assignment"
        };
        let names: Vec<&str> = mail.metrics.iter().map(|m| m.name.as_str()).collect();
        let summary = if names.is_empty() {
            format!("KPI review {}", mail.month_name)
        } else {
            format!(
                "KPI review {}: you present {}",
                mail.month_name,
                names.join(", ")
            )
        };
        let ics = sending.invite(postbox, Method::Request, to, &summary, now);
        let key = format!("{kind}:{}:{}:{}", review.id, id, sending.sequence);
        if postbox.queue(
            conn,
            Email {
                kind,
                key,
                to_email: &to.email,
                to_name: &to.name,
                context: &mail,
                ics: Some(ics),
                lang: postbox.language_for(to),
            },
            now,
        )? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// After a change to a published rotation: the presenters whose metrics changed, and
/// the owners of those metrics, hear who presents what now (with the updated invite).
pub fn send_changes(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    review: &Review,
    before: &BTreeMap<i32, BTreeSet<i32>>,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let after = presenter_sets(conn, review)?;
    let presenter_of = |sets: &BTreeMap<i32, BTreeSet<i32>>, metric: i32| {
        sets.iter()
            .find(|(_, set)| set.contains(&metric))
            .map(|(p, _)| *p)
    };
    let metrics: BTreeSet<i32> = before
        .values()
        .chain(after.values())
        .flatten()
        .copied()
        .collect();
    let members: HashMap<i32, Member> = Member::list(conn, i64::MAX, 0)?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let name = |id: Option<i32>| {
        id.and_then(|id| members.get(&id))
            .map_or_else(|| "nobody".to_string(), |m| m.name.clone())
    };
    let assignments = Assignment::list_for_review(conn, review.id)?;
    let mut lines = Vec::new();
    let mut concerned: BTreeSet<i32> = BTreeSet::new();
    for metric in metrics {
        let (old, new) = (presenter_of(before, metric), presenter_of(&after, metric));
        if old == new {
            continue;
        }
        let metric_name = Metric::find(conn, metric)
            .map(|m| m.name)
            .unwrap_or_default();
        lines.push(format!(
            "{} presents {metric_name} now, instead of {}",
            name(new),
            name(old)
        ));
        concerned.extend(old.into_iter().chain(new));
        if let Some(owner) = assignments
            .iter()
            .find(|a| a.metric_id == metric)
            .and_then(|a| a.owner_id)
        {
            concerned.insert(owner);
        }
    }
    if lines.is_empty() {
        return Ok(0);
    }
    let who: Vec<i32> = concerned.into_iter().collect();
    send_invites(conn, postbox, review, Some(&who), &lines, now)
}

/// What moving a review changed, in words: "The time: Tue 5 Jan 2027, 09:00 CET (was
/// Mon 4 Jan 2027, 10:00 CET)". Empty when nothing an attendee sees changed.
pub fn schedule_changes(before: &Review, after: &Review) -> Vec<String> {
    let when = |r: &Review| crate::domain::review::local_when(r.starts_at, &r.timezone);
    let mut lines = Vec::new();
    if before.starts_at != after.starts_at || before.timezone != after.timezone {
        lines.push(format!("The time: {} (was {})", when(after), when(before)));
    }
    if before.duration_minutes != after.duration_minutes {
        lines.push(format!(
            "The length: {} minutes (was {})",
            after.duration_minutes, before.duration_minutes
        ));
    }
    if before.location != after.location {
        let place = |l: &str| {
            if l.is_empty() {
                "not set".to_string()
            } else {
                l.to_string()
            }
        };
        lines.push(format!(
            "The place: {} (was {})",
            place(&after.location),
            place(&before.location)
        ));
    }
    lines
}

/// The names of everyone a published review's emails go to, for a confirmation.
pub fn invited_names(
    conn: &mut SqliteConnection,
    review: &Review,
) -> Result<Vec<String>, AppError> {
    let away = Review::absent_member_ids(conn, review.id)?;
    let mut names: Vec<String> = Member::list_active(conn)?
        .into_iter()
        .filter(|m| !away.contains(&m.id))
        .map(|m| m.name)
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    Ok(names)
}

/// The review is cancelled: everyone invited hears it and the invite is withdrawn.
pub fn send_cancellation(
    conn: &mut SqliteConnection,
    postbox: &Postbox,
    review: &Review,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    let away = Review::absent_member_ids(conn, review.id)?;
    let sending = Sending::load(conn, review)?;
    let mut queued = 0;
    for id in sending.attendees(&away) {
        let Some(to) = sending.members.get(&id) else {
            continue;
        };
        let mail = sending.mail(postbox, id, &BTreeSet::new(), &[]);
        let summary = format!("KPI review {} (cancelled)", mail.month_name);
        let ics = sending.invite(postbox, Method::Cancel, to, &summary, now);
        let key = format!("review_cancelled:{}:{}:{}", review.id, id, sending.sequence);
        if postbox.queue(
            conn,
            Email {
                kind: "review_cancelled",
                key,
                to_email: &to.email,
                to_name: &to.name,
                context: &mail,
                ics: Some(ics),
                lang: postbox.language_for(to),
            },
            now,
        )? {
            queued += 1;
        }
    }
    Ok(queued)
}
