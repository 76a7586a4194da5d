//! Review pages: the list and the scheduling form, one review with its rotation and
//! agenda, and "My assignments".

use std::collections::{BTreeMap, HashMap};

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, CurrentUser, Manager};
use crate::db;
use crate::domain::month::YearMonth;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::routes::forms::PageQuery;
use crate::routes::memo::read_page;
use crate::services::reviews::{self, ScheduleFields};
use crate::services::{review_health, review_pages};
use crate::state::AppState;
use crate::views::reviews as views;
use crate::views::{see_other, Page};

const PER_PAGE: i64 = 24;

/// Create the reviews the team's schedule asks for, when it asks for one that is missing
/// (checked with a read, so that a list only writes when there is something to create).
pub(crate) async fn create_scheduled(state: &AppState) -> Result<(), AppError> {
    let (today, now) = (state.now().date(), state.now());
    if db::read(&state.pool, |conn| reviews::scheduled_due(conn, today))? {
        db::run(&state.pool, move |conn| {
            reviews::create_scheduled(conn, today, now)
        })
        .await?;
    }
    Ok(())
}

/// The list page after a refused scheduling form (`form`, `errors`).
async fn list_view(
    state: &AppState,
    lang: crate::i18n::Lang,
    requested: i64,
    form: Option<(String, ScheduleFields)>,
    errors: BTreeMap<String, String>,
) -> Result<views::ListView, AppError> {
    create_scheduled(state).await?;
    let today = state.now().date();
    let list = db::read(&state.pool, |conn| {
        review_pages::list_page(conn, requested, PER_PAGE)
    })?;
    Ok(views::list_view(
        list,
        YearMonth::of_date(today),
        form,
        errors,
        lang,
    ))
}

pub async fn list_reviews(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    create_scheduled(&state).await?;
    let (requested, this_month) = (query.number(), YearMonth::of_date(state.now().date()));
    let lang = page.lang(Some(&user));
    read_page(
        &state,
        &page,
        Some(&user),
        "reviews/list.html",
        &requested.to_string(),
        |conn| {
            let list = review_pages::list_page(conn, requested, PER_PAGE)?;
            Ok(views::list_view(
                list,
                this_month,
                None,
                Default::default(),
                lang,
            ))
        },
    )
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
            let view = list_view(
                &state,
                state.language_of(&user.member),
                1,
                Some((form.month, form.schedule)),
                errors,
            )
            .await?;
            page.render_refused(Some(&user), "reviews/list.html", &view)
        }
        Err(e) => Err(e),
    }
}

async fn show_view(
    state: &AppState,
    user: &CurrentUser,
    month: YearMonth,
    error: Option<String>,
    schedule: Option<ScheduleFields>,
    errors: BTreeMap<String, String>,
) -> Result<views::ShowView, AppError> {
    let viewer = user.clone();
    let now = state.now();
    let data = db::read(&state.pool, move |conn| {
        review_pages::page_data(conn, month)
    })?;
    Ok(views::show_view(
        &data, &viewer, schedule, error, errors, now,
    ))
}

pub async fn show_review(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    month: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)
        .map_err(|_| AppError::NotFound("there is no review for that month".into()))?;
    let now = state.now();
    read_page(
        &state,
        &page,
        Some(&user),
        "reviews/show.html",
        &month.to_string(),
        |conn| {
            let data = review_pages::page_data(conn, month)?;
            Ok(views::show_view(
                &data,
                &user,
                None,
                None,
                Default::default(),
                now,
            ))
        },
    )
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

/// A manager's action on the review of `month` (cancel, reopen, who is away, draw,
/// publish, a hand change): run `act` with the postbox, the actor and the time, then back
/// to the review's page with `done`, or the page with the refusal.
pub(super) async fn act_on_review(
    state: &web::Data<AppState>,
    page: &Page,
    user: &CurrentUser,
    month: YearMonth,
    done: &str,
    act: impl FnOnce(
            &mut diesel::SqliteConnection,
            &crate::mail::Postbox,
            &CurrentUser,
            chrono::NaiveDateTime,
        ) -> Result<(), AppError>
        + Send
        + 'static,
) -> Result<HttpResponse, AppError> {
    let (actor, now) = (user.clone(), state.now());
    let st = state.clone();
    let result = db::run(&state.pool, move |conn| {
        act(conn, &st.postbox(), &actor, now)
    })
    .await;
    after(state, page, user, month, result, done).await
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
            page.render_refused(Some(&user), "reviews/show.html", &view)
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
    set_cancelled(&state, &page, &user, month, true).await
}

pub async fn reopen_review(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    _: CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    set_cancelled(&state, &page, &user, month, false).await
}

/// Cancel the review of `month`, or put it back on.
async fn set_cancelled(
    state: &web::Data<AppState>,
    page: &Page,
    user: &CurrentUser,
    month: YearMonth,
    cancelled: bool,
) -> Result<HttpResponse, AppError> {
    let done = if cancelled {
        "The review is cancelled."
    } else {
        "The review is back on."
    };
    act_on_review(
        state,
        page,
        user,
        month,
        done,
        move |conn, postbox, actor, now| {
            reviews::set_cancelled(conn, postbox, actor, month, cancelled, now).map(|_| ())
        },
    )
    .await
}

/// Choose the agenda: standard, or signals first.
pub async fn set_agenda(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    month: web::Path<String>,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let month = reviews::month(&month)?;
    let agenda =
        crate::domain::review::Agenda::parse(form.get("agenda").map_or("", String::as_str))
            .map_err(|e| AppError::from(crate::domain::validation::ValidationErrors::from(e)))?;
    act_on_review(
        &state,
        &page,
        &user,
        month,
        "Saved the agenda.",
        move |conn, _, actor, now| reviews::set_agenda(conn, actor, month, agenda, now),
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
    let ids: Vec<i32> = crate::routes::forms::ticked_ids(&form, "away_");
    act_on_review(
        &state,
        &page,
        &user,
        month,
        "Saved who is away.",
        move |conn, _, actor, now| reviews::set_away(conn, actor, month, &ids, now).map(|_| ()),
    )
    .await
}

/// The review's own numbers: one row per held review, each figure as a series with
/// its usual range.
pub async fn show_health(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let rows = db::read(&state.pool, review_health::rows)?;
    let view = crate::views::review_health::health_view(&rows);
    page.render(Some(&user), "reviews/health.html", &view)
}

/// The plan ahead: the next months' draws with today's team, not stored.
pub async fn show_plan(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    query: web::Query<crate::routes::forms::PlanQuery>,
) -> Result<HttpResponse, AppError> {
    let (months, today, actor) = (query.months()?, state.now().date(), user.clone());
    // A whole draw per month ahead: too long to hold up the request's thread.
    let view = db::run_read(&state.pool, move |conn| {
        let ahead = crate::services::plan::plan_ahead(conn, &actor, today, months)?;
        Ok(crate::views::plan::plan_view(&ahead))
    })
    .await?;
    page.render(Some(&user), "reviews/plan.html", &view)
}
