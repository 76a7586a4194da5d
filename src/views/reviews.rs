//! A review's page as its viewer sees it: when and where, the data month, the rotation
//! with each row's reason, warning and presentation status, who is away, the agenda and
//! the changes made after publishing; and the list of reviews with the form that
//! schedules the next. Pure: built from `services::review_pages`.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::domain::month::YearMonth;
use crate::domain::paging::Pagination;
use crate::domain::presentation::PresentationStatus;
use crate::domain::review::{
    first_free_month, in_zone, local_when, parse_timezone, proposed_date, AgendaPlan, ReviewStatus,
};
use crate::services::review_pages::{Mine, Reassigning, ReviewList, ReviewPage};
use crate::services::reviews::ScheduleFields;
use crate::views::datetime;

/// Up to this many people, each row of the rotation has its own presenter picker; more,
/// and each row links to the page of `routes::reassign` instead.
pub const INLINE_PICKER_MAX: usize = 40;

#[derive(Serialize)]
pub struct PersonView {
    id: i32,
    name: String,
    department: String,
    away: bool,
}

#[derive(Serialize)]
pub struct AssignmentRow {
    assignment_id: i32,
    presentation_status: &'static str,
    metric_id: i32,
    metric: String,
    north_star: bool,
    kept: bool,
    owner: Option<String>,
    owner_department: Option<String>,
    presenter_id: i32,
    presenter: String,
    reason: String,
    warning: Option<String>,
    /// The presenter is away or deactivated: the row offers to replace them.
    unavailable: bool,
    mine: bool,
    /// "4:00": the slot's time on the agenda.
    timebox: String,
    /// The data month's signal or noise, in words.
    variation: Option<&'static str>,
    variation_class: Option<&'static str>,
}

#[derive(Serialize)]
pub struct ChangeView {
    when: String,
    who: String,
    description: String,
}

#[derive(Serialize)]
pub struct ShowView {
    month: String,
    label: String,
    data_label: String,
    /// Who a published review's changes are emailed to.
    invited: Vec<String>,
    when: String,
    location: String,
    duration_minutes: i32,
    status: String,
    open: bool,
    drafted_or_later: bool,
    published: bool,
    show_rotation: bool,
    seed: Option<i64>,
    people: Vec<PersonView>,
    /// Small teams pick a new presenter in each row; larger ones on a page per metric
    /// (a select of every person in every row would make the page megabytes long).
    inline_picker: bool,
    rows: Vec<AssignmentRow>,
    agenda: AgendaPlan,
    /// "standard" or "signals_first", and whether the meeting has fixed it.
    agenda_choice: &'static str,
    agenda_fixed: bool,
    changes: Vec<ChangeView>,
    schedule: ScheduleFields,
    error: Option<String>,
    errors: std::collections::BTreeMap<String, String>,
}

pub fn show_view(
    d: &ReviewPage,
    user: &CurrentUser,
    schedule: Option<ScheduleFields>,
    error: Option<String>,
    errors: BTreeMap<String, String>,
    now: NaiveDateTime,
) -> ShowView {
    let me = user.id();
    let is_manager = user.is_manager();
    {
        let (ctx, assignments, presentations) = (&d.ctx, &d.assignments, &d.presentations);
        let review = &ctx.review;
        let month = d.month;
        let due = crate::services::presentations::deadline(review);
        let status = review.status();
        let show_rotation =
            is_manager || matches!(status, ReviewStatus::Published | ReviewStatus::Held);
        let name_of = |id: i32| {
            ctx.members
                .get(&id)
                .map_or_else(|| format!("member {id}"), |m| m.name.clone())
        };
        let metrics: HashMap<i32, &crate::models::Metric> =
            ctx.metrics.iter().map(|m| (m.id, m)).collect();
        let rows = if show_rotation {
            assignments
                .iter()
                .zip(&d.timeboxes)
                .map(|(a, seconds)| {
                    let metric = metrics.get(&a.metric_id);
                    AssignmentRow {
                        assignment_id: a.id,
                        presentation_status: crate::services::presentations::status(
                            presentations.iter().find(|p| p.assignment_id == a.id),
                            due,
                            now,
                        ),
                        metric_id: a.metric_id,
                        metric: metric
                            .map_or_else(|| format!("metric {}", a.metric_id), |m| m.name.clone()),
                        north_star: metric.is_some_and(|m| m.north_star),
                        kept: metric.is_some_and(|m| m.kept_by_manager),
                        owner: a.owner_id.map(name_of),
                        owner_department: a.owner_department.clone(),
                        presenter_id: a.presenter_id,
                        presenter: name_of(a.presenter_id),
                        reason: a.reason.clone(),
                        warning: a.warning.clone(),
                        unavailable: !ctx.available(a.presenter_id),
                        mine: a.presenter_id == me,
                        timebox: crate::domain::review::minutes_seconds(*seconds),
                        variation: d.variations.get(&a.metric_id).map(|v| v.label()),
                        variation_class: d.variations.get(&a.metric_id).map(|v| v.as_str()),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut people: Vec<PersonView> = ctx
            .members
            .values()
            .filter(|m| m.active)
            .map(|m| PersonView {
                id: m.id,
                name: m.name.clone(),
                department: m.department.clone(),
                away: ctx.away.contains(&m.id),
            })
            .collect();
        people.sort_by_key(|p| p.name.to_lowercase());
        let tz = parse_timezone(&review.timezone).ok();
        let local = tz.map(|tz| in_zone(review.starts_at, tz));
        let schedule = schedule.unwrap_or_else(|| ScheduleFields {
            date: local
                .map(|l| l.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            time: local
                .map(|l| l.format("%H:%M").to_string())
                .unwrap_or_default(),
            timezone: review.timezone.clone(),
            duration_minutes: review.duration_minutes.to_string(),
            location: review.location.clone(),
            data_month: review.data_month.clone(),
        });
        let count = if assignments.is_empty() {
            ctx.metrics.len()
        } else {
            assignments.len()
        };
        ShowView {
            inline_picker: people.len() <= INLINE_PICKER_MAX,
            label: month.long_label(),
            data_label: review
                .data_month()
                .map(|m| m.long_label())
                .unwrap_or_default(),
            invited: d.invited.clone(),
            when: local_when(review.starts_at, &review.timezone),
            location: review.location.clone(),
            duration_minutes: review.duration_minutes,
            status: review.status.clone(),
            open: status.is_open(),
            drafted_or_later: !assignments.is_empty(),
            published: status == ReviewStatus::Published,
            show_rotation,
            seed: review.seed,
            people,
            rows,
            agenda: ctx.agenda(count),
            agenda_choice: review.agenda().as_str(),
            agenda_fixed: review.meeting_started_at.is_some(),
            changes: d
                .changes
                .iter()
                .map(|(c, who)| ChangeView {
                    when: datetime(c.created_at),
                    who: who.clone(),
                    description: c.description.clone(),
                })
                .collect(),
            month: review.month.clone(),
            schedule,
            error,
            errors,
        }
    }
}

#[derive(Serialize)]
pub struct ReviewRow {
    month: String,
    label: String,
    data_label: String,
    when: String,
    location: String,
    status: String,
    status_label: String,
}

#[derive(Serialize)]
pub struct ListView {
    reviews: Vec<ReviewRow>,
    pagination: Pagination,
    form: ScheduleFields,
    month: String,
    errors: BTreeMap<String, String>,
}

/// The review list and the scheduling form: as typed (`form`, after a refusal), or
/// proposing the next month without a review, like the latest one (weekday, time,
/// length, place), else the team's defaults.
pub fn list_view(
    list: ReviewList,
    this_month: YearMonth,
    form: Option<(String, ScheduleFields)>,
    errors: BTreeMap<String, String>,
    lang: crate::i18n::Lang,
) -> ListView {
    use crate::i18n::{format, t};
    let (month, form) = form.unwrap_or_else(|| proposed_schedule(&list, this_month));
    ListView {
        reviews: list
            .reviews
            .iter()
            .map(|r| ReviewRow {
                month: r.month.clone(),
                label: YearMonth::parse(&r.month)
                    .map(|m| format::month(lang, m))
                    .unwrap_or_default(),
                data_label: r
                    .data_month()
                    .map(|m| format::month(lang, m))
                    .unwrap_or_default(),
                when: format::when(lang, r.starts_at, &r.timezone),
                location: r.location.clone(),
                status_label: t(lang, &format!("review-status-{}", r.status)),
                status: r.status.clone(),
            })
            .collect(),
        pagination: list.pagination,
        form,
        month,
        errors,
    }
}

fn proposed_schedule(list: &ReviewList, this_month: YearMonth) -> (String, ScheduleFields) {
    let next_month = first_free_month(this_month.next(), &list.taken);
    let local = list.latest.as_ref().and_then(|r| {
        parse_timezone(&r.timezone)
            .ok()
            .map(|tz| (r, in_zone(r.starts_at, tz)))
    });
    let date = proposed_date(next_month, local.map(|(_, l)| l.date_naive())).to_string();
    let settings = &list.settings;
    let fields = match local {
        Some((r, l)) => ScheduleFields {
            date,
            time: l.format("%H:%M").to_string(),
            timezone: r.timezone.clone(),
            duration_minutes: r.duration_minutes.to_string(),
            location: r.location.clone(),
            data_month: String::new(),
        },
        None => ScheduleFields {
            date,
            time: "10:00".into(),
            timezone: settings.default_timezone.clone(),
            duration_minutes: settings.default_duration_minutes.to_string(),
            location: settings.default_location.clone(),
            data_month: String::new(),
        },
    };
    (next_month.to_string(), fields)
}

#[derive(Serialize)]
pub struct MyRow {
    assignment_id: i32,
    month: String,
    label: String,
    metric_id: i32,
    metric: String,
    owner: Option<String>,
    status: String,
    status_label: String,
}

#[derive(Serialize)]
pub struct OwnedRow {
    assignment_id: i32,
    month: String,
    label: String,
    metric: String,
    presenter: String,
    brief: bool,
    presentation: &'static str,
    presentation_label: String,
    check: &'static str,
    check_label: String,
    open: bool,
}

#[derive(Serialize)]
pub struct MineView {
    rows: Vec<MyRow>,
    /// Metrics you own: who presents them, the brief, the fact-check.
    owned: Vec<OwnedRow>,
}

/// "My assignments": what you present, and how the presentations of metrics you own are
/// going (the brief, the presenter's progress, your fact-check).
pub fn mine_view(mine: Mine, lang: crate::i18n::Lang) -> MineView {
    use crate::i18n::{format, t};
    let label = |month: &str| {
        YearMonth::parse(month)
            .map(|m| format::month(lang, m))
            .unwrap_or_default()
    };
    let (metrics, members) = (&mine.metrics, &mine.members);
    let rows = mine
        .presenting
        .into_iter()
        .map(|p| MyRow {
            assignment_id: p.assignment.id,
            label: label(&p.month),
            month: p.month,
            metric_id: p.assignment.metric_id,
            metric: metrics
                .get(&p.assignment.metric_id)
                .cloned()
                .unwrap_or_default(),
            owner: p.assignment.owner_id.and_then(|o| members.get(&o).cloned()),
            status_label: t(lang, &format!("review-status-{}", p.review_status)),
            status: p.review_status,
        })
        .collect();
    let owned = mine
        .owned
        .into_iter()
        .map(|(month, status, a, p)| {
            let progress = PresentationStatus::of(p.as_ref().map(|(s, _, _)| s.as_str()));
            let check = match &p {
                _ if progress != PresentationStatus::Submitted => "—",
                Some((_, _, c)) if !c.trim().is_empty() => "corrected",
                Some((_, Some(_), _)) => "fact-checked",
                _ => "to check",
            };
            OwnedRow {
                assignment_id: a.id,
                label: label(&month),
                month,
                metric: metrics.get(&a.metric_id).cloned().unwrap_or_default(),
                presenter: members.get(&a.presenter_id).cloned().unwrap_or_default(),
                brief: !a.owner_brief.trim().is_empty(),
                presentation: match progress {
                    PresentationStatus::NotStarted => "not started",
                    other => other.as_str(),
                },
                presentation_label: t(lang, &format!("presentation-status-{}", progress.as_str())),
                check_label: match check {
                    "—" => check.to_string(),
                    code => t(lang, &format!("check-{}", code.replace(' ', "-"))),
                },
                check,
                open: ReviewStatus::parse(&status) != Some(ReviewStatus::Held),
            }
        })
        .collect();
    MineView { rows, owned }
}

#[derive(Serialize)]
pub struct ReassignView {
    month: String,
    label: String,
    metric_id: i32,
    metric: String,
    presenter: String,
    published: bool,
    options: String,
}

/// The page to change one metric's presenter (linked from the rotation of teams too
/// large for a picker in every row): each candidate with their department.
pub fn reassign_view(r: Reassigning, month: YearMonth) -> ReassignView {
    let people: Vec<(i32, String)> = r
        .candidates
        .into_iter()
        .map(|m| {
            let label = if m.department.is_empty() {
                m.name
            } else {
                format!("{} ({})", m.name, m.department)
            };
            (m.id, label)
        })
        .collect();
    ReassignView {
        month: month.to_string(),
        label: month.long_label(),
        metric_id: r.assignment.metric_id,
        metric: r.metric,
        presenter: r.presenter,
        published: r.review.status() == ReviewStatus::Published,
        options: crate::views::options::options_html(
            &people,
            Some(&r.assignment.presenter_id.to_string()),
        ),
    }
}
