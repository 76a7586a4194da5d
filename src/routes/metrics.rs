//! Metric pages: list, detail with history and chart, create/edit/delete, monthly
//! values, the starter library, CSV import and export.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::{CsrfForm, CurrentUser, Manager};
use crate::db;
use crate::domain::event::EventFields;
use crate::domain::metric::{Aggregation, Category, Direction, MetricFields, Unit};
use crate::domain::month::YearMonth;
use crate::domain::number::NumberFormat;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::models::{Member, Metric, TeamSettings};
use crate::services::{analysis, metrics, settings, values};
use crate::state::AppState;
use crate::views::metrics::{self as views, ValueForm};
use crate::views::{see_other, Page};

#[derive(Serialize)]
pub struct MetricRow {
    id: i32,
    name: String,
    category: &'static str,
    unit: &'static str,
    direction: &'static str,
    target: Option<String>,
    owner: Option<String>,
    north_star: bool,
    kept_by_manager: bool,
    on_dashboard: bool,
    active: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    all: Option<String>,
}

#[derive(Serialize)]
pub struct ListView {
    metrics: Vec<MetricRow>,
    show_all: bool,
}

pub async fn list_metrics(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let show_all = query.all.as_deref().is_some_and(flag);
    let rows = db::run(&state.pool, move |conn| {
        Ok(Metric::list_with_owner(conn, show_all)?)
    })
    .await?;
    let metrics = rows
        .into_iter()
        .map(|(m, owner)| MetricRow {
            id: m.id,
            category: m.category().label(),
            unit: m.unit().label(),
            direction: m.direction().label(),
            target: m.target.map(|t| m.format(t)),
            owner,
            north_star: m.north_star,
            kept_by_manager: m.kept_by_manager,
            on_dashboard: m.on_dashboard,
            active: m.active,
            name: m.name,
        })
        .collect();
    page.render(
        Some(&user),
        "metrics/list.html",
        &ListView { metrics, show_all },
    )
}

#[derive(Serialize)]
pub struct Choice {
    value: &'static str,
    label: &'static str,
}

fn choices<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: value(*v),
            label: label(*v),
        })
        .collect()
}

#[derive(Serialize)]
pub struct OwnerChoice {
    id: i32,
    name: String,
    department: String,
}

#[derive(Serialize)]
pub struct FormView<'a> {
    metric_id: Option<i32>,
    form: &'a MetricFields,
    categories: Vec<Choice>,
    units: Vec<Choice>,
    directions: Vec<Choice>,
    aggregations: Vec<Choice>,
    owners: Vec<OwnerChoice>,
    errors: BTreeMap<String, String>,
    /// Set when saving would move the North Star: the form asks to confirm.
    confirm_move_star: Option<String>,
}

/// Form fields plus the confirmation to move the North Star.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MetricForm {
    #[serde(flatten)]
    fields: MetricFields,
    move_north_star: String,
}

pub(super) async fn owner_choices(state: &AppState) -> Result<Vec<OwnerChoice>, AppError> {
    let members = db::run(&state.pool, |conn| Ok(Member::list_active(conn)?)).await?;
    Ok(members
        .into_iter()
        .map(|m| OwnerChoice {
            id: m.id,
            name: m.name,
            department: m.department,
        })
        .collect())
}

async fn render_form(
    state: &AppState,
    page: &Page,
    user: &CurrentUser,
    status: StatusCode,
    metric_id: Option<i32>,
    form: &MetricFields,
    error: Option<AppError>,
) -> Result<HttpResponse, AppError> {
    let (errors, confirm_move_star) = match error {
        None => (BTreeMap::new(), None),
        Some(AppError::Validation(errors)) => (errors.by_field(), None),
        Some(conflict @ AppError::Conflict { .. }) if conflict.field() == Some("north_star") => {
            (BTreeMap::new(), Some(conflict.public_message()))
        }
        Some(other) => return Err(other),
    };
    let view = FormView {
        metric_id,
        form,
        categories: choices(Category::ALL, Category::as_str, Category::label),
        units: choices(Unit::ALL, Unit::as_str, Unit::label),
        directions: choices(Direction::ALL, Direction::as_str, Direction::label),
        aggregations: choices(Aggregation::ALL, Aggregation::as_str, Aggregation::label),
        owners: owner_choices(state).await?,
        errors,
        confirm_move_star,
    };
    page.render_status(status, Some(user), "metrics/form.html", &view)
}

pub async fn new_metric_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
) -> Result<HttpResponse, AppError> {
    let currency = db::run(&state.pool, |conn| Ok(TeamSettings::get(conn)?.currency)).await?;
    let form = MetricFields {
        on_dashboard: "true".into(),
        active: "true".into(),
        currency,
        ..Default::default()
    };
    render_form(&state, &page, &user, StatusCode::OK, None, &form, None).await
}

pub async fn create_metric(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<MetricForm>,
) -> Result<HttpResponse, AppError> {
    let mut fields = form.fields.clone();
    // An unticked checkbox is simply absent from the form.
    if fields.active.is_empty() {
        fields.active = "false".into();
    }
    let (move_star, now, submitted) = (flag(&form.move_north_star), state.now(), fields.clone());
    match db::run(&state.pool, move |conn| {
        // The target is typed the team's way.
        let mut submitted = submitted;
        submitted.number_format = settings::number_format(conn)?;
        metrics::create(conn, &submitted, move_star, now)
    })
    .await
    {
        Ok(metric) => Ok(see_other(
            &state,
            &format!("/metrics/{}", metric.id),
            Some(&format!("{} is added.", metric.name)),
        )),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            render_form(
                &state,
                &page,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                &fields,
                Some(e),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn find_metric(state: &AppState, id: i32) -> Result<Metric, AppError> {
    db::run(&state.pool, move |conn| {
        Metric::find(conn, id).map_err(|_| AppError::not_found("metric"))
    })
    .await
}

pub async fn edit_metric_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let metric = find_metric(&state, *id).await?;
    let team = db::run(&state.pool, |conn| Ok(TeamSettings::get(conn)?)).await?;
    let mut form = metric.to_fields();
    if form.currency.is_empty() {
        form.currency = team.currency.clone();
    }
    // Shown the way the team types it, so that saving unchanged reads it back.
    form.target = metric
        .target
        .map(|t| NumberFormat::from_setting(&team.number_format).write(t))
        .unwrap_or_default();
    render_form(
        &state,
        &page,
        &user,
        StatusCode::OK,
        Some(metric.id),
        &form,
        None,
    )
    .await
}

pub async fn update_metric(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<MetricForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let mut fields = form.fields.clone();
    if fields.active.is_empty() {
        fields.active = "false".into();
    }
    let (move_star, now, submitted) = (flag(&form.move_north_star), state.now(), fields.clone());
    match db::run(&state.pool, move |conn| {
        // The target is typed the team's way.
        let mut submitted = submitted;
        submitted.number_format = settings::number_format(conn)?;
        metrics::update(conn, id, &submitted, move_star, now)
    })
    .await
    {
        Ok(metric) => Ok(see_other(
            &state,
            &format!("/metrics/{id}"),
            Some(&format!("{} is saved.", metric.name)),
        )),
        Err(e @ (AppError::Validation(_) | AppError::Conflict { .. })) => {
            render_form(
                &state,
                &page,
                &user,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(id),
                &fields,
                Some(e),
            )
            .await
        }
        Err(e) => Err(e),
    }
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

#[derive(Serialize)]
pub struct EventDeleteView {
    metric_id: i32,
    metric: String,
    event: crate::views::analysis::EventView,
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
    let view = db::run(&state.pool, move |conn| {
        let metric = Metric::find(conn, id).map_err(|_| AppError::not_found("metric"))?;
        let event = crate::models::MetricEvent::find(conn, id, event_id)
            .map_err(|_| AppError::not_found("event"))?;
        if !actor.is_manager() && event.author_id != Some(actor.id()) {
            return Err(AppError::Forbidden(
                "only the manager or the event's author may delete it".into(),
            ));
        }
        Ok(EventDeleteView {
            metric_id: id,
            metric: metric.name,
            event: crate::views::analysis::event_view(&event, None),
        })
    })
    .await?;
    page.render(Some(&user), "metrics/event_delete.html", &view)
}

pub async fn delete_event(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(i32, i32)>,
    _: CsrfForm<crate::routes::auth::Empty>,
) -> Result<HttpResponse, AppError> {
    let (id, event_id) = path.into_inner();
    let event = db::run(&state.pool, move |conn| {
        analysis::delete_event(conn, &user, id, event_id)
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
    page.render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(user),
        "metrics/show.html",
        &view,
    )
}

async fn show_view(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
) -> Result<views::ShowView, AppError> {
    let who = user.clone();
    let data = db::run(&state.pool, move |conn| metrics::page_data(conn, &who, id)).await?;
    Ok(views::show_view(
        &data,
        user,
        YearMonth::of_date(state.now().date()),
    ))
}

pub async fn show_metric(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let view = show_view(&state, &user, *id).await?;
    page.render(Some(&user), "metrics/show.html", &view)
}

pub async fn save_value(
    state: web::Data<AppState>,
    page: Page,
    user: CurrentUser,
    id: web::Path<i32>,
    CsrfForm(form): CsrfForm<ValueForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (actor, submitted, now) = (user.clone(), form.clone(), state.now());
    match db::run(&state.pool, move |conn| {
        let input = values::ValueInput {
            month: &submitted.month,
            value: &submitted.value,
            note: &submitted.note,
            format: settings::number_format(conn)?,
            confirmed: flag(&submitted.confirm_value),
        };
        let saved = values::set(conn, &actor, id, &input, now)?;
        // Say what was read: "Saved 44,800 for December 2026."
        let metric = Metric::find(conn, id)?;
        Ok((
            metric.format(saved.value),
            YearMonth::parse(&saved.month).map_or(saved.month, |m| m.long_label()),
        ))
    })
    .await
    {
        Ok(saved_label) => Ok(see_other(
            &state,
            &format!("/metrics/{id}"),
            Some(&format!("Saved {} for {}.", saved_label.0, saved_label.1)),
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

#[derive(Serialize)]
pub struct DeleteView {
    id: i32,
    name: String,
    has_history: bool,
}

pub async fn delete_metric_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (metric, has_history) = db::run(&state.pool, move |conn| {
        let metric = Metric::find(conn, id).map_err(|_| AppError::not_found("metric"))?;
        Ok((metric, Metric::has_history(conn, id)?))
    })
    .await?;
    page.render(
        Some(&user),
        "metrics/delete.html",
        &DeleteView {
            id,
            name: metric.name,
            has_history,
        },
    )
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn delete_metric(
    state: web::Data<AppState>,
    Manager(_): Manager,
    id: web::Path<i32>,
    _: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let metric = db::run(&state.pool, move |conn| metrics::delete(conn, id)).await?;
    Ok(see_other(
        &state,
        "/metrics",
        Some(&format!("{} is deleted.", metric.name)),
    ))
}
