//! Metric pages: the list, a metric's page (history, chart, analysis, events, the value
//! form), create, edit and delete. The starter library is `starter`, CSV is `import`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::auth::{CsrfForm, CsrfOnly, CurrentUser, Manager};
use crate::db;
use crate::domain::event::EventFields;
use crate::domain::ids::{EventId, MetricId};
use crate::domain::metric::MetricFields;
use crate::domain::month::YearMonth;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::routes::memo::read_page;
use crate::services::{analysis, metrics, values};
use crate::state::AppState;
use crate::views::metrics::{self as views, forms, ValueForm};
use crate::views::{see_other, Page};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    all: Option<String>,
    page: Option<String>,
}

/// Metrics per page of the list.
const PER_PAGE: i64 = 100;

pub async fn list_metrics(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let show_all = query.all.as_deref().is_some_and(flag);
    let requested = crate::routes::forms::PageQuery {
        page: query.page.clone(),
    }
    .number();
    let key = format!("{show_all}:{requested}");
    let lang = page.lang(Some(&user));
    read_page(
        &state,
        &page,
        Some(&user),
        "metrics/list.html",
        &key,
        |conn| {
            let (rows, pagination) = metrics::list_page(conn, show_all, requested, PER_PAGE)?;
            Ok(forms::list_view(rows, show_all, pagination, lang))
        },
    )
}

/// Form fields plus the confirmation to move the North Star.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MetricForm {
    #[serde(flatten)]
    fields: MetricFields,
    move_north_star: String,
}

impl MetricForm {
    /// The fields as saved: an unticked checkbox is simply absent from the form.
    fn fields(&self) -> MetricFields {
        let mut fields = self.fields.clone();
        if fields.active.is_empty() {
            fields.active = "false".into();
        }
        fields
    }
}

/// The create or edit form, with the last attempt's refusal in place (`status` 422).
async fn render_form(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    status: StatusCode,
    metric_id: Option<i32>,
    form: &MetricFields,
    error: Option<AppError>,
) -> Result<HttpResponse, AppError> {
    let owners = db::read(&state.pool, metrics::owners)?;
    let view = forms::form_view(metric_id, form, owners, error)?;
    page.render_status(status, Some(user), "metrics/form.html", &view)
}

/// Answer a create or update: to the metric's page, or the form again with what was
/// refused.
async fn answer_save(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    metric_id: Option<i32>,
    fields: &MetricFields,
    saved: Result<crate::models::Metric, AppError>,
    said: &str,
) -> Result<HttpResponse, AppError> {
    match saved {
        Ok(metric) => Ok(see_other(
            state,
            &format!("/metrics/{}", metric.id),
            Some(&format!("{} is {said}.", metric.name)),
        )),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            render_form(state, page, user, status, metric_id, fields, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

pub async fn new_metric_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
) -> Result<HttpResponse, AppError> {
    let form = db::read(&state.pool, metrics::new_fields)?;
    render_form(&state, &page, &user, StatusCode::OK, None, &form, None).await
}

pub async fn create_metric(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<MetricForm>,
) -> Result<HttpResponse, AppError> {
    let fields = form.fields();
    let (move_star, now, submitted) = (flag(&form.move_north_star), state.now(), fields.clone());
    let saved = db::run(&state.pool, move |conn| {
        let typed = metrics::typed_the_team_way(conn, &submitted)?;
        metrics::create(conn, &typed, move_star, now)
    })
    .await;
    answer_save(&state, &page, &user, None, &fields, saved, "added").await
}

pub async fn edit_metric_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let form = db::read(&state.pool, move |conn| metrics::edit_fields(conn, id))?;
    render_form(&state, &page, &user, StatusCode::OK, Some(id), &form, None).await
}

pub async fn update_metric(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<MetricForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let fields = form.fields();
    let (move_star, now, submitted) = (flag(&form.move_north_star), state.now(), fields.clone());
    let saved = db::run(&state.pool, move |conn| {
        let typed = metrics::typed_the_team_way(conn, &submitted)?;
        metrics::update(conn, id, &typed, move_star, now)
    })
    .await;
    answer_save(&state, &page, &user, Some(id), &fields, saved, "saved").await
}

/// Add an event ("price increase") to a metric, from its page.
pub async fn add_event(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<views::EventForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let fields = EventFields {
        month: form.month.clone(),
        title: form.title.clone(),
        note: form.note.clone(),
        rebase: form.rebase.clone(),
    };
    let (actor, now) = (user.clone(), state.now());
    match db::run(&state.pool, move |conn| {
        analysis::add_event(conn, &actor, id, &fields, now)
    })
    .await
    {
        Ok(event) => Ok(see_other(
            &state,
            &format!("/metrics/{id}#events-heading"),
            Some(&format!("Added the event \"{}\".", event.title)),
        )),
        Err(AppError::Validation(errors)) => {
            show_refused(&state, &page, &user, id, |view| {
                view.event_errors = errors.by_field();
                view.event_form = form;
            })
            .await
        }
        Err(e) => Err(e),
    }
}

/// Ask before deleting an event.
pub async fn delete_event_form(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, event_id) = path.into_inner();
    let actor = user.clone();
    let (metric, event) = db::read(&state.pool, move |conn| {
        analysis::event_to_delete(conn, &actor, MetricId(id), EventId(event_id))
    })?;
    let view = forms::event_delete_view(metric, &event);
    page.render(Some(&user), "metrics/event_delete.html", &view)
}

pub async fn delete_event(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let (id, event_id) = path.into_inner();
    let event = db::run(&state.pool, move |conn| {
        analysis::delete_event(conn, &user, MetricId(id), EventId(event_id))
    })
    .await?;
    Ok(see_other(
        &state,
        &format!("/metrics/{id}#events-heading"),
        Some(&format!("Deleted the event \"{}\".", event.title)),
    ))
}

/// The metric page again, 422, with a refused form's input and messages in place.
async fn show_refused(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    id: i32,
    fill: impl FnOnce(&mut views::ShowView),
) -> Result<HttpResponse, AppError> {
    let mut view = show_view(state, user, id).await?;
    fill(&mut view);
    page.render_refused(Some(user), "metrics/show.html", &view)
}

async fn show_view(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
) -> Result<views::ShowView, AppError> {
    let who = user.clone();
    let data = db::read(&state.pool, move |conn| metrics::page_data(conn, &who, id))?;
    Ok(views::show_view(
        &data,
        user,
        YearMonth::of_date(state.now().date()),
        state.language_of(&user.member),
    ))
}

pub async fn show_metric(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, this_month) = (*id, YearMonth::of_date(state.now().date()));
    let lang = page.lang(Some(&user));
    read_page(
        &state,
        &page,
        Some(&user),
        "metrics/show.html",
        &id.to_string(),
        |conn| {
            let data = metrics::page_data(conn, &user, id)?;
            Ok(views::show_view(&data, &user, this_month, lang))
        },
    )
}

pub async fn save_value(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<ValueForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let typed = values::TypedValue {
        month: form.month.clone(),
        value: form.value.clone(),
        note: form.note.clone(),
        confirmed: flag(&form.confirm_value),
    };
    let (actor, now) = (user.clone(), state.now());
    match db::run(&state.pool, move |conn| {
        values::set_on_page(conn, &actor, id, &typed, now)
    })
    .await
    {
        Ok(saved) => Ok(see_other(
            &state,
            &format!("/metrics/{id}"),
            Some(&format!("Saved {saved}.")),
        )),
        Err(AppError::Validation(errors)) => {
            show_refused(&state, &page, &user, id, |view| {
                view.errors = errors.by_field();
                view.value_form = form;
            })
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn delete_metric_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (metric, has_history) = db::read(&state.pool, move |conn| metrics::deletion(conn, id))?;
    let view = forms::delete_view(metric, has_history);
    page.render(Some(&user), "metrics/delete.html", &view)
}

pub async fn delete_metric(
    state: web::Data<AppState>,
    Manager(_): Manager,
    id: web::Path<i32>,
    _: CsrfOnly,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let metric = db::run(&state.pool, move |conn| metrics::delete(conn, id)).await?;
    Ok(see_other(
        &state,
        "/metrics",
        Some(&format!("{} is deleted.", metric.name)),
    ))
}
