//! Defining metrics: create, edit, the one North Star, the starter library.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::domain::metric::{MetricDraft, MetricFields};
use crate::domain::number::NumberFormat;
use crate::domain::paging::Pagination;
use crate::domain::starter;
use crate::domain::validation::ValidationErrors;
use crate::error::AppError;
use crate::models::{Member, Metric, MetricChanges, MetricWithOwner, NewMetric, TeamSettings};

/// What a metric's page shows, loaded at once.
pub struct MetricPage {
    pub metric: Metric,
    pub owner: Option<String>,
    /// Every value, oldest first, with who entered it.
    pub history: Vec<(crate::models::MetricValue, Option<String>)>,
    pub presenters: Vec<crate::services::history::PresenterEntry>,
    /// The newest cards about it: (id, kind, title).
    pub cards: Vec<(i32, String, String)>,
    pub number_format: crate::domain::number::NumberFormat,
    /// The latest month's analysis, when there is a value.
    pub analysis: Option<crate::domain::analysis::Analysis>,
    pub events: Vec<(crate::models::MetricEvent, Option<String>)>,
    pub may_write_events: bool,
}

pub fn page_data(
    conn: &mut SqliteConnection,
    user: &crate::auth::CurrentUser,
    id: i32,
) -> Result<MetricPage, AppError> {
    let (metric, owner) =
        Metric::find_with_owner(conn, id).map_err(|_| AppError::not_found("metric"))?;
    let events = crate::models::MetricEvent::list_for_metric(conn, id)?;
    let points = crate::services::analysis::points(conn, id)?;
    let analysis = points.last().and_then(|last| {
        crate::domain::analysis::analyse(
            crate::services::analysis::facts(&metric),
            &points,
            &crate::services::analysis::rebases(events.iter().map(|(e, _)| e)),
            last.month,
        )
    });
    let filter = crate::models::CardFilter {
        metric_id: Some(id),
        ..Default::default()
    };
    Ok(MetricPage {
        history: crate::models::MetricValue::list_for_metric(conn, id)?,
        presenters: crate::services::history::presenters_of(conn, id)?,
        cards: crate::models::Card::list(conn, &filter, 20, 0)?
            .into_iter()
            .map(|c| (c.id, c.kind, c.title))
            .collect(),
        number_format: crate::services::settings::number_format_for(conn, &user.member)?,
        may_write_events: crate::services::analysis::may_write_events(conn, user, &metric)?,
        analysis,
        events,
        metric,
        owner,
    })
}

/// The metric list: each metric with its owner's name; the inactive ones too when asked.
pub fn list(
    conn: &mut SqliteConnection,
    show_all: bool,
) -> Result<Vec<(Metric, Option<String>)>, AppError> {
    Ok(Metric::list_with_owner(conn, show_all)?)
}

/// One page of the metric list (`per_page` rows), and where it is in the whole.
pub fn list_page(
    conn: &mut SqliteConnection,
    show_all: bool,
    requested: i64,
    per_page: i64,
) -> Result<(Vec<MetricWithOwner>, Pagination), AppError> {
    let pagination = Pagination::new(requested, per_page, Metric::count_listed(conn, show_all)?);
    let rows =
        Metric::list_with_owner_paged(conn, show_all, per_page, pagination.offset(per_page))?;
    Ok((rows, pagination))
}

/// One page of the metric list in id order, after id `after`, and the id the next page
/// starts after when there is one.
pub fn page(
    conn: &mut SqliteConnection,
    show_all: bool,
    after: i32,
    limit: u32,
) -> Result<(Vec<MetricWithOwner>, Option<i32>), AppError> {
    let mut rows = Metric::page_with_owner(conn, show_all, after, i64::from(limit) + 1)?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = more.then(|| rows.last().map(|(m, _)| m.id)).flatten();
    Ok((rows, next))
}

/// Who may own a metric: the active members.
pub fn owners(conn: &mut SqliteConnection) -> Result<Vec<Member>, AppError> {
    Ok(Member::list_active(conn)?)
}

/// A metric, or a 404 naming it.
pub fn find(conn: &mut SqliteConnection, id: i32) -> Result<Metric, AppError> {
    Metric::find(conn, id).map_err(|_| AppError::not_found("metric"))
}

/// The create form's starting fields: shown on the dashboard, active, in the team's
/// currency.
pub fn new_fields(conn: &mut SqliteConnection) -> Result<MetricFields, AppError> {
    Ok(MetricFields {
        on_dashboard: "true".into(),
        active: "true".into(),
        currency: TeamSettings::get(conn)?.currency,
        ..Default::default()
    })
}

/// The edit form's fields: the target written the way the team types it, so that saving
/// unchanged reads it back.
pub fn edit_fields(conn: &mut SqliteConnection, id: i32) -> Result<MetricFields, AppError> {
    let metric = find(conn, id)?;
    let team = TeamSettings::get(conn)?;
    let mut form = metric.to_fields();
    if form.currency.is_empty() {
        form.currency = team.currency;
    }
    form.target = metric
        .target
        .map(|t| NumberFormat::from_setting(&team.number_format).write(t))
        .unwrap_or_default();
    Ok(form)
}

/// Fields typed on a page: numbers (the target) are read the team's way.
pub fn typed_the_team_way(
    conn: &mut SqliteConnection,
    fields: &MetricFields,
) -> Result<MetricFields, AppError> {
    let mut fields = fields.clone();
    fields.number_format = crate::services::settings::number_format(conn)?;
    Ok(fields)
}

/// What deleting a metric would take with it: the metric and whether it has history
/// (values, presentations), which deleting keeps by deactivating instead.
pub fn deletion(conn: &mut SqliteConnection, id: i32) -> Result<(Metric, bool), AppError> {
    let metric = find(conn, id)?;
    let has_history = Metric::has_history(conn, id)?;
    Ok((metric, has_history))
}

/// What the starter library page needs: the team's metrics (to mark those it has), its
/// currency and who may own a metric.
pub fn starter_data(
    conn: &mut SqliteConnection,
) -> Result<(Vec<Metric>, String, Vec<Member>), AppError> {
    Ok((
        Metric::list_all(conn)?,
        TeamSettings::get(conn)?.currency,
        owners(conn)?,
    ))
}

/// Create a metric. `move_star` confirms taking the North Star from another metric.
pub fn create(
    conn: &mut SqliteConnection,
    fields: &MetricFields,
    move_star: bool,
    now: NaiveDateTime,
) -> Result<Metric, AppError> {
    conn.immediate_transaction(|conn| {
        let draft = MetricDraft::parse(&with_default_currency(conn, fields)?)?;
        check_rules(conn, &draft, None, move_star, now)?;
        Ok(Metric::insert(
            conn,
            &NewMetric {
                fields: MetricChanges::from_draft(&draft, now),
                created_at: now,
            },
        )?)
    })
}

/// Replace a metric's fields.
pub fn update(
    conn: &mut SqliteConnection,
    id: i32,
    fields: &MetricFields,
    move_star: bool,
    now: NaiveDateTime,
) -> Result<Metric, AppError> {
    conn.immediate_transaction(|conn| {
        let draft = MetricDraft::parse(&with_default_currency(conn, fields)?)?;
        Metric::find(conn, id).map_err(|_| AppError::not_found("metric"))?;
        check_rules(conn, &draft, Some(id), move_star, now)?;
        Ok(Metric::update(
            conn,
            id,
            &MetricChanges::from_draft(&draft, now),
        )?)
    })
}

/// A currency metric sent without a currency is in the team's default currency.
fn with_default_currency(
    conn: &mut SqliteConnection,
    fields: &MetricFields,
) -> Result<MetricFields, AppError> {
    let mut fields = fields.clone();
    if fields.unit.trim().eq_ignore_ascii_case("currency") && fields.currency.trim().is_empty() {
        fields.currency = TeamSettings::get(conn)?.currency;
    }
    Ok(fields)
}

/// The rules that need the database: unique names, a real owner, one North Star.
fn check_rules(
    conn: &mut SqliteConnection,
    draft: &MetricDraft,
    id: Option<i32>,
    move_star: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let mut errors = ValidationErrors::new();
    if let Some(other) = Metric::find_by_name(conn, &draft.name)? {
        if Some(other.id) != id {
            errors.add(
                "name",
                format!("Name {:?} is already used by another metric", other.name),
            );
        }
    }
    if let Some(owner_id) = draft.owner_id {
        match Member::find(conn, owner_id) {
            Ok(owner) if owner.active => {}
            Ok(owner) => errors.add(
                "owner_id",
                format!(
                    "The owner, {}, is deactivated; choose an active member",
                    owner.name
                ),
            ),
            Err(_) => errors.add(
                "owner_id",
                format!("The owner (member {owner_id}) is not a member of the team"),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    if draft.north_star && draft.active {
        if let Some(star) = Metric::north_star(conn)? {
            if Some(star.id) != id {
                if !move_star {
                    return Err(AppError::conflict(
                        Some("north_star"),
                        format!("{} is already the North Star; tick \"Move the North Star here\" to make this one the North Star instead", star.name),
                    ));
                }
                Metric::clear_north_star(conn, id, now)?;
            }
        }
    }
    Ok(())
}

/// Delete a metric without history; one with values can only be deactivated.
pub fn delete(conn: &mut SqliteConnection, id: i32) -> Result<Metric, AppError> {
    conn.immediate_transaction(|conn| {
        let metric = Metric::find(conn, id).map_err(|_| AppError::not_found("metric"))?;
        let conflict = || {
            AppError::conflict(
                None,
                format!(
                    "{} has recorded values or presentations and cannot be deleted; deactivate it instead",
                    metric.name
                ),
            )
        };
        if Metric::has_history(conn, id)? {
            return Err(conflict());
        }
        Metric::delete(conn, id).map_err(|e| match AppError::from(e) {
            AppError::Conflict { .. } => conflict(),
            other => other,
        })?;
        Ok(metric)
    })
}

/// One pick from the starter library.
#[derive(Clone, Debug)]
pub struct StarterPick {
    pub key: String,
    pub owner_id: Option<i32>,
    /// The target as typed (empty: none).
    pub target: String,
}

impl StarterPick {
    /// The picks ticked on the starter page (`pick_KEY`, `owner_KEY`, `target_KEY`).
    pub fn from_form(
        form: &std::collections::HashMap<String, String>,
    ) -> Result<Vec<StarterPick>, AppError> {
        let typed = |field: &str, key: &str| form.get(&format!("{field}_{key}"));
        let mut picks = Vec::new();
        for m in starter::STARTER_METRICS {
            if !typed("pick", m.key).is_some_and(|v| crate::domain::validation::flag(v)) {
                continue;
            }
            let owner = typed("owner", m.key).map_or("", |s| s.trim());
            let owner_id = if owner.is_empty() {
                None
            } else {
                Some(owner.parse::<i32>().map_err(|_| {
                    AppError::validation("owner_id", format!("Owner {owner:?} is not a member"))
                })?)
            };
            picks.push(StarterPick {
                key: m.key.to_string(),
                owner_id,
                target: typed("target", m.key).cloned().unwrap_or_default(),
            });
        }
        Ok(picks)
    }
}

/// Add the picked starter metrics in one step: all of them or, on any problem, none.
pub fn add_starter(
    conn: &mut SqliteConnection,
    picks: &[StarterPick],
    lang: crate::i18n::Lang,
    now: NaiveDateTime,
) -> Result<Vec<Metric>, AppError> {
    if picks.is_empty() {
        return Err(AppError::validation(
            "metrics",
            "Pick at least one metric to add",
        ));
    }
    conn.immediate_transaction(|conn| {
        let currency = TeamSettings::get(conn)?.currency;
        let mut added = Vec::new();
        for pick in picks {
            let template = starter::find(&pick.key).ok_or_else(|| {
                AppError::validation(
                    "metrics",
                    format!("metrics: {:?} is not in the starter library", pick.key),
                )
            })?;
            let text = |field| crate::i18n::starter_text(lang, template.key, field);
            let fields = MetricFields {
                name: text("name"),
                definition: text("definition"),
                formula: text("formula"),
                category: template.category.as_str().into(),
                unit: template.unit.as_str().into(),
                currency: currency.clone(),
                direction: template.direction.as_str().into(),
                target: pick.target.clone(),
                owner_id: pick.owner_id.map(|o| o.to_string()).unwrap_or_default(),
                on_dashboard: "true".into(),
                ..Default::default()
            };
            let draft = MetricDraft::parse(&fields).map_err(|errors| {
                AppError::Validation(ValidationErrors::single(
                    "metrics",
                    format!("{}: {}", template.name, errors),
                ))
            })?;
            check_rules(conn, &draft, None, false, now).map_err(|e| match e {
                AppError::Validation(errors) => AppError::Validation(ValidationErrors::single(
                    "metrics",
                    format!("{}: {}", template.name, errors),
                )),
                other => other,
            })?;
            added.push(Metric::insert(
                conn,
                &NewMetric {
                    fields: MetricChanges::from_draft(&draft, now),
                    created_at: now,
                },
            )?);
        }
        Ok(added)
    })
}
