//! The metric list and the forms around a metric: create and edit, delete, delete an
//! event, the starter library. Pure: built from what `services::metrics` loads.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::domain::metric::{Aggregation, Category, Direction, MetricFields, Unit};
use crate::domain::starter::STARTER_METRICS;
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::models::{Member, Metric, MetricEvent};
use crate::views::analysis::{event_view, EventView};
use crate::views::DeleteView;

#[derive(Serialize)]
pub struct MetricRow {
    id: i32,
    name: String,
    category: String,
    unit: String,
    direction: String,
    target: Option<String>,
    owner: Option<String>,
    north_star: bool,
    kept_by_manager: bool,
    on_dashboard: bool,
    active: bool,
}

#[derive(Serialize)]
pub struct ListView {
    metrics: Vec<MetricRow>,
    show_all: bool,
    pagination: crate::domain::paging::Pagination,
}

/// The metric list: each metric with its owner, the inactive ones when asked.
pub fn list_view(
    rows: Vec<(Metric, Option<String>)>,
    show_all: bool,
    pagination: crate::domain::paging::Pagination,
    lang: crate::i18n::Lang,
) -> ListView {
    use crate::i18n::word;
    let metrics = rows
        .into_iter()
        .map(|(m, owner)| MetricRow {
            id: m.id,
            category: word(lang, "category", m.category().as_str()),
            unit: word(lang, "unit", m.unit().as_str()),
            direction: word(lang, "direction", m.direction().as_str()),
            target: m.target.map(|t| m.format(t)),
            owner,
            north_star: m.north_star,
            kept_by_manager: m.kept_by_manager,
            on_dashboard: m.on_dashboard,
            active: m.active,
            name: m.name,
        })
        .collect();
    ListView {
        metrics,
        show_all,
        pagination,
    }
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

fn owner_choices(members: Vec<Member>) -> Vec<OwnerChoice> {
    members
        .into_iter()
        .map(|m| OwnerChoice {
            id: m.id,
            name: m.name,
            department: m.department,
        })
        .collect()
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

/// The create or edit form, with the refusal (`error`) of the last attempt in place: field
/// messages for a validation error, a confirmation for moving the North Star. Any other
/// error is handed back.
pub fn form_view(
    metric_id: Option<i32>,
    form: &MetricFields,
    owners: Vec<Member>,
    error: Option<AppError>,
) -> Result<FormView<'_>, AppError> {
    let (errors, confirm_move_star) = match error {
        None => (BTreeMap::new(), None),
        Some(AppError::Validation(errors)) => (errors.by_field(), None),
        Some(conflict @ AppError::Conflict { .. }) if conflict.field() == Some("north_star") => {
            (BTreeMap::new(), Some(conflict.public_message()))
        }
        Some(other) => return Err(other),
    };
    Ok(FormView {
        metric_id,
        form,
        categories: choices(Category::ALL, Category::as_str, Category::label),
        units: choices(Unit::ALL, Unit::as_str, Unit::label),
        directions: choices(Direction::ALL, Direction::as_str, Direction::label),
        aggregations: choices(Aggregation::ALL, Aggregation::as_str, Aggregation::label),
        owners: owner_choices(owners),
        errors,
        confirm_move_star,
    })
}

pub fn delete_view(metric: Metric, has_history: bool) -> DeleteView {
    DeleteView::new(metric.id, metric.name, has_history)
}

#[derive(Serialize)]
pub struct EventDeleteView {
    metric_id: i32,
    metric: String,
    event: EventView,
}

pub fn event_delete_view(metric: Metric, event: &MetricEvent) -> EventDeleteView {
    EventDeleteView {
        metric_id: metric.id,
        metric: metric.name,
        event: event_view(event, None),
    }
}

#[derive(Serialize)]
pub struct StarterRow {
    key: &'static str,
    name: String,
    definition: String,
    formula: String,
    category: String,
    unit: String,
    direction: String,
    already_added: bool,
    picked: bool,
    owner_id: String,
    target: String,
}

#[derive(Serialize)]
pub struct StarterView {
    currency: String,
    metrics: Vec<StarterRow>,
    owners: Vec<OwnerChoice>,
    error: Option<String>,
}

/// The starter library, marking what the team has already, with the form as typed.
pub fn starter_view(
    existing: &[Metric],
    currency: String,
    owners: Vec<Member>,
    form: &HashMap<String, String>,
    (error, lang): (Option<String>, crate::i18n::Lang),
) -> StarterView {
    use crate::i18n::{starter_text, word, Lang};
    let names: Vec<String> = existing.iter().map(|m| m.name.to_lowercase()).collect();
    // Added in any language: a Swede's "Trafik" is the library's Traffic.
    let added = |key: &str| {
        Lang::ALL
            .iter()
            .any(|l| names.contains(&starter_text(*l, key, "name").to_lowercase()))
    };
    let typed = |field: &str, key: &str| form.get(&format!("{field}_{key}")).cloned();
    let metrics = STARTER_METRICS
        .iter()
        .map(|m| StarterRow {
            key: m.key,
            name: starter_text(lang, m.key, "name"),
            definition: starter_text(lang, m.key, "definition"),
            formula: starter_text(lang, m.key, "formula"),
            category: word(lang, "category", m.category.as_str()),
            unit: word(lang, "unit", m.unit.as_str()),
            direction: word(lang, "direction", m.direction.as_str()),
            already_added: added(m.key),
            picked: typed("pick", m.key).is_some_and(|v| flag(&v)),
            owner_id: typed("owner", m.key).unwrap_or_default(),
            target: typed("target", m.key).unwrap_or_default(),
        })
        .collect();
    StarterView {
        currency,
        metrics,
        owners: owner_choices(owners),
        error,
    }
}
