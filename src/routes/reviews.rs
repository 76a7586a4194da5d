//! Review pages: the list and the scheduling form, one review with its rotation and
//! agenda, and "My assignments".

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{CsrfForm, CurrentUser, Manager};
use crate::db;
use crate::domain::month::YearMonth;
use crate::domain::review::{
    first_free_month, in_zone, parse_timezone, proposed_date, AgendaPlan, ReviewStatus,
};
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::models::{Assignment, Review, RotationChange, TeamSettings};
use crate::services::review_context;
use crate::services::reviews::{self, ScheduleFields};
use crate::state::AppState;
use crate::views::{datetime, see_other, Page};

use super::{PageQuery, Pagination};

const PER_PAGE: i64 = 24;

/// Up to this many people, each row of the rotation has its own presenter picker; more,
/// and each row links to `routes::reassign`'s page instead.
pub const INLINE_PICKER_MAX: usize = 40;

/// "Tue 1 Dec 2026, 10:00 CET".
fn when(review: &Review) -> String {
    crate::domain::review::local_when(review.starts_at, &review.timezone)
}

#[derive(Serialize)]
pub struct ReviewRow {
    month: String,
    label: String,
    data_label: String,
    when: String,
    location: String,
    status: String,
}

#[derive(Serialize)]
pub struct ListView {
    reviews: Vec<ReviewRow>,
    pagination: Pagination,
    form: ScheduleFields,
    month: String,
    errors: std::collections::BTreeMap<String, String>,
}

async fn list_view(
    state: &AppState,
    page_number: i64,
    form: Option<(String, ScheduleFields)>,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<ListView, AppError> {
    let (today, now) = (state.now().date(), state.now());
    let (reviews, pagination, settings, taken, latest) = db::run(&state.pool, move |conn| {
        reviews::create_scheduled(conn, today, now)?;
        let pagination = Pagination::new(page_number, PER_PAGE, Review::count(conn)?);
        let all = Review::list(conn, i64::MAX, 0)?;
        let taken: Vec<YearMonth> = all.iter().filter_map(Review::meeting_month).collect();
        let latest = all
            .into_iter()
            .find(|r| r.status() != ReviewStatus::Cancelled);
        Ok((
            Review::list(conn, PER_PAGE, pagination.offset(PER_PAGE))?,
            pagination,
            TeamSettings::get(conn)?,
            taken,
            latest,
        ))
    })
    .await?;
    // The next month without a review, like the latest one (weekday, time, length, place).
    let next_month = first_free_month(YearMonth::of_date(today).next(), &taken);
    let (month, form) = form.unwrap_or_else(|| {
        let local = latest.as_ref().and_then(|r| {
            parse_timezone(&r.timezone)
                .ok()
                .map(|tz| (r, in_zone(r.starts_at, tz)))
        });
        let date = proposed_date(next_month, local.map(|(_, l)| l.date_naive()));
        (
            next_month.to_string(),
            match local {
                Some((r, l)) => ScheduleFields {
                    date: date.to_string(),
                    time: l.format("%H:%M").to_string(),
                    timezone: r.timezone.clone(),
                    duration_minutes: r.duration_minutes.to_string(),
                    location: r.location.clone(),
                    data_month: String::new(),
                },
                None => ScheduleFields {
                    date: date.to_string(),
                    time: "10:00".into(),
                    timezone: settings.default_timezone.clone(),
                    duration_minutes: settings.default_duration_minutes.to_string(),
                    location: settings.default_location.clone(),
                    data_month: String::new(),
                },
            },
        )
    });
    Ok(ListView {
        reviews: reviews
            .iter()
            .map(|r| ReviewRow {
                month: r.month.clone(),
                label: YearMonth::parse(&r.month)
                    .map(|m| m.long_label())
                    .unwrap_or_default(),
                data_label: r.data_month().map(|m| m.long_label()).unwrap_or_default(),
                when: when(r),
                location: r.location.clone(),
                status: r.status.clone(),
            })
            .collect(),
        pagination,
        form,
        month,
        errors,
    })
}

pub async fn list_reviews(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let view = list_view(&state, query.number(), None, Default::default()).await?;
    page.render(Some(&user), "reviews/list.html", &view)
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CreateForm {
    month: String,
    #[serde(flatten)]
    schedule: ScheduleFields,
}

pub async fn create_review(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let submitted = form.clone();
    let (actor, now) = (user.clone(), state.now());
    let result = async {
        let month = reviews::month(&submitted.month)?;
        let schedule = submitted.schedule.parse()?;
        db::run(&state.pool, move |conn| {
            reviews::create(conn, &actor, month, &schedule, now)
        })
        .await
    }
    .await;
    match result {
        Ok(review) => Ok(see_other(
            &state,
            &format!("/reviews/{}", review.month),
            Some("The review is scheduled. Next: mark who is away, then draw the rotation."),
        )),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let errors = match e {
                AppError::Validation(errors) => errors.by_field(),
                other => [(
                    other.field().unwrap_or("month").to_string(),
                    other.public_message(),
                )]
                .into(),
            };
            let view = list_view(&state, 1, Some((form.month, form.schedule)), errors).await?;
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "reviews/list.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}

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
    changes: Vec<ChangeView>,
    schedule: ScheduleFields,
    error: Option<String>,
    errors: std::collections::BTreeMap<String, String>,
}

async fn show_view(
    state: &AppState,
    user: &CurrentUser,
    month: YearMonth,
    error: Option<String>,
    schedule: Option<ScheduleFields>,
    errors: std::collections::BTreeMap<String, String>,
) -> Result<ShowView, AppError> {
    let me = user.id();
    let is_manager = user.is_manager();
    let now = state.now();
    db::run(&state.pool, move |conn| {
        let review = Review::find_by_month(conn, &month.to_string())?.ok_or_else(|| {
            AppError::NotFound(format!("there is no review for {}", month.long_label()))
        })?;
        let assignments = Assignment::list_for_review(conn, review.id)?;
        let changes = RotationChange::list_for_review(conn, review.id)?;
        let ids: Vec<i32> = assignments.iter().map(|a| a.id).collect();
        let presentations = crate::models::Presentation::list_for_assignments(conn, &ids)?;
        let due = crate::services::presentations::deadline(&review);
        let ctx = review_context::context(conn, review.clone())?;
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
                .map(|a| {
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
        Ok(ShowView {
            inline_picker: people.len() <= INLINE_PICKER_MAX,
            label: month.long_label(),
            data_label: review
                .data_month()
                .map(|m| m.long_label())
                .unwrap_or_default(),
            invited: if review.status() == ReviewStatus::Published {
                crate::services::notices::invited_names(conn, &review)?
            } else {
                Vec::new()
            },
            when: when(&review),
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
            changes: changes
                .into_iter()
                .map(|(c, who)| ChangeView {
                    when: datetime(c.created_at),
                    who,
                    description: c.description,
                })
                .collect(),
            month: review.month,
            schedule,
            error,
            errors,
        })
    })
    .await
}

pub async fn show_review(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)
        .map_err(|_| AppError::NotFound("there is no review for that month".into()))?;
    let view = show_view(&state, &user, month, None, None, Default::default()).await?;
    page.render(Some(&user), "reviews/show.html", &view)
}

/// Redirect back to the review on success; show the refusal on the review page otherwise.
pub(super) async fn after(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    month: YearMonth,
    result: Result<(), AppError>,
    done: &str,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(()) => Ok(see_other(state, &format!("/reviews/{month}"), Some(done))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let status = actix_web::ResponseError::status_code(&e);
            let message = match &e {
                AppError::Validation(errors) => errors.to_string(),
                other => other.public_message(),
            };
            let view =
                show_view(state, user, month, Some(message), None, Default::default()).await?;
            page.render_status(status, Some(user), "reviews/show.html", &view)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MoveForm {
    #[serde(flatten)]
    schedule: ScheduleFields,
    /// Moving a published review emails everyone invited: the form asks first.
    confirm_move: String,
}

pub async fn reschedule_review(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let confirmed = flag(&form.confirm_move);
    let result = match form.schedule.parse() {
        Ok(schedule) => {
            let (actor, now) = (user.clone(), state.now());
            let st = state.clone();
            db::run(&state.pool, move |conn| {
                reviews::reschedule(
                    conn,
                    &st.postbox(),
                    &actor,
                    month,
                    &schedule,
                    confirmed,
                    now,
                )
                .map(|_| ())
            })
            .await
        }
        Err(errors) => Err(AppError::Validation(errors)),
    };
    match result {
        // The typed form stays, each message beside its field.
        Err(AppError::Validation(errors)) => {
            let view = show_view(
                &state,
                &user,
                month,
                None,
                Some(form.schedule),
                errors.by_field(),
            )
            .await?;
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "reviews/show.html",
                &view,
            )
        }
        other => after(&state, &page, &user, month, other, "The review is moved.").await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    pub(super) confirm: String,
}

pub async fn cancel_review(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    if !flag(&form.confirm) {
        let result = Err(AppError::conflict(
            Some("confirm"),
            "tick the box to confirm cancelling the review",
        ));
        return after(&state, &page, &user, month, result, "").await;
    }
    let (actor, now) = (user.clone(), state.now());
    let st = state.clone();
    let result = db::run(&state.pool, move |conn| {
        reviews::set_cancelled(conn, &st.postbox(), &actor, month, true, now).map(|_| ())
    })
    .await;
    after(
        &state,
        &page,
        &user,
        month,
        result,
        "The review is cancelled.",
    )
    .await
}

pub async fn reopen_review(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    _: CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let (actor, now) = (user.clone(), state.now());
    let st = state.clone();
    let result = db::run(&state.pool, move |conn| {
        reviews::set_cancelled(conn, &st.postbox(), &actor, month, false, now).map(|_| ())
    })
    .await;
    after(
        &state,
        &page,
        &user,
        month,
        result,
        "The review is back on.",
    )
    .await
}

pub async fn set_away(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let ids: Vec<i32> = super::ticked_ids(&form, "away_");
    let (actor, now) = (user.clone(), state.now());
    let result = db::run(&state.pool, move |conn| {
        reviews::set_away(conn, &actor, month, &ids, now).map(|_| ())
    })
    .await;
    after(&state, &page, &user, month, result, "Saved who is away.").await
}
