use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::domain::metric::{Aggregation, Category, Direction, MetricDraft, MetricFields, Unit};
use crate::schema::{members, metric_values, metrics};

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = metrics, check_for_backend(Sqlite))]
pub struct Metric {
    pub id: i32,
    pub name: String,
    pub definition: String,
    pub formula: String,
    pub category: String,
    pub unit: String,
    pub currency: Option<String>,
    pub direction: String,
    pub target: Option<f64>,
    pub owner_id: Option<i32>,
    pub north_star: bool,
    pub kept_by_manager: bool,
    pub on_dashboard: bool,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `None`: the unit's way (`Unit::default_aggregation`).
    pub aggregation: Option<String>,
}

/// The columns a person edits; used both for inserts and updates.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = metrics, treat_none_as_null = true)]
pub struct MetricChanges<'a> {
    pub name: &'a str,
    pub definition: &'a str,
    pub formula: &'a str,
    pub category: &'a str,
    pub unit: &'a str,
    pub currency: Option<&'a str>,
    pub direction: &'a str,
    pub target: Option<f64>,
    pub owner_id: Option<i32>,
    pub north_star: bool,
    pub kept_by_manager: bool,
    pub on_dashboard: bool,
    pub active: bool,
    pub updated_at: NaiveDateTime,
    pub aggregation: Option<&'a str>,
}

#[derive(Insertable)]
#[diesel(table_name = metrics)]
pub struct NewMetric<'a> {
    #[diesel(embed)]
    pub fields: MetricChanges<'a>,
    pub created_at: NaiveDateTime,
}

impl<'a> MetricChanges<'a> {
    pub fn from_draft(d: &'a MetricDraft, now: NaiveDateTime) -> Self {
        Self {
            name: &d.name,
            definition: &d.definition,
            formula: &d.formula,
            category: d.category.as_str(),
            unit: d.unit.as_str(),
            currency: d.currency.as_deref(),
            direction: d.direction.as_str(),
            target: d.target,
            owner_id: d.owner_id,
            north_star: d.north_star,
            kept_by_manager: d.kept_by_manager,
            on_dashboard: d.on_dashboard,
            active: d.active,
            updated_at: now,
            aggregation: d.aggregation.map(Aggregation::as_str),
        }
    }
}

/// Pure accessors: the stored strings as domain types (the CHECK constraints keep them valid).
impl Metric {
    pub fn category(&self) -> Category {
        Category::parse(&self.category).unwrap_or(Category::Other)
    }

    pub fn unit(&self) -> Unit {
        Unit::parse(&self.unit).unwrap_or(Unit::Count)
    }

    pub fn direction(&self) -> Direction {
        Direction::parse(&self.direction).unwrap_or(Direction::HigherIsBetter)
    }

    /// How its months add up to a year to date: as chosen, or by its unit.
    pub fn aggregation(&self) -> Aggregation {
        self.aggregation
            .as_deref()
            .and_then(|a| Aggregation::parse(a).ok())
            .unwrap_or_else(|| self.unit().default_aggregation())
    }

    pub fn format(&self, value: f64) -> String {
        crate::domain::metric::format_value(self.unit(), self.currency.as_deref(), value)
    }

    /// The metric as form fields, for edit forms and partial API updates.
    pub fn to_fields(&self) -> MetricFields {
        let flag = |b: bool| if b { "true" } else { "false" }.to_string();
        MetricFields {
            name: self.name.clone(),
            definition: self.definition.clone(),
            formula: self.formula.clone(),
            category: self.category.clone(),
            unit: self.unit.clone(),
            currency: self.currency.clone().unwrap_or_default(),
            direction: self.direction.clone(),
            target: self.target.map(|t| t.to_string()).unwrap_or_default(),
            owner_id: self.owner_id.map(|o| o.to_string()).unwrap_or_default(),
            north_star: flag(self.north_star),
            kept_by_manager: flag(self.kept_by_manager),
            on_dashboard: flag(self.on_dashboard),
            active: flag(self.active),
            aggregation: self.aggregation.clone().unwrap_or_default(),
            // `target` above is written the default way.
            number_format: Default::default(),
        }
    }
}

/// A metric with its owner's name, for lists.
pub type MetricWithOwner = (Metric, Option<String>);

// The flags `active` and `north_star` are filtered as bare columns, never as `= ?`: the
// partial index `metrics_one_north_star` (WHERE north_star = 1 AND active = 1) makes
// SQLite compare a bound value on those columns with the index's condition, which ties
// the compiled statement to that value and re-prepares it at every execution (a fifth of
// the dashboard's time, measured with perf).
impl Metric {
    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<Metric> {
        metrics::table
            .find(id)
            .select(Metric::as_select())
            .first(conn)
    }

    pub fn find_with_owner(conn: &mut SqliteConnection, id: i32) -> QueryResult<MetricWithOwner> {
        metrics::table
            .left_join(members::table)
            .filter(metrics::id.eq(id))
            .select((Metric::as_select(), members::name.nullable()))
            .first(conn)
    }

    pub fn find_by_name(conn: &mut SqliteConnection, name: &str) -> QueryResult<Option<Metric>> {
        // SQLite's NOCASE and lower() fold ASCII only; so do we.
        metrics::table
            .filter(lower(metrics::name).eq(name.trim().to_ascii_lowercase()))
            .select(Metric::as_select())
            .first(conn)
            .optional()
    }

    /// All metrics (active first) with their owners' names, by category and name.
    pub fn list_with_owner(
        conn: &mut SqliteConnection,
        include_inactive: bool,
    ) -> QueryResult<Vec<MetricWithOwner>> {
        Self::list_with_owner_paged(conn, include_inactive, i64::MAX, 0)
    }

    /// One page of the list as the metric list shows it (active first, by category, by
    /// name), `limit` rows from `offset`.
    pub fn list_with_owner_paged(
        conn: &mut SqliteConnection,
        include_inactive: bool,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<MetricWithOwner>> {
        let mut query = metrics::table
            .left_join(members::table)
            .select((Metric::as_select(), members::name.nullable()))
            .order((
                metrics::active.desc(),
                metrics::category.asc(),
                metrics::name.asc(),
            ))
            .into_boxed();
        if !include_inactive {
            query = query.filter(metrics::active);
        }
        query.limit(limit).offset(offset).load(conn)
    }

    /// How many metrics the list shows.
    pub fn count_listed(conn: &mut SqliteConnection, include_inactive: bool) -> QueryResult<i64> {
        let mut query = metrics::table.count().into_boxed();
        if !include_inactive {
            query = query.filter(metrics::active);
        }
        query.get_result(conn)
    }

    /// Up to `limit` metrics with their owners' names after id `after`, in id order: a
    /// page of a long list that later pages continue whatever changes in between.
    pub fn page_with_owner(
        conn: &mut SqliteConnection,
        include_inactive: bool,
        after: i32,
        limit: i64,
    ) -> QueryResult<Vec<MetricWithOwner>> {
        let mut query = metrics::table
            .left_join(members::table)
            .filter(metrics::id.gt(after))
            .select((Metric::as_select(), members::name.nullable()))
            .order(metrics::id.asc())
            .limit(limit)
            .into_boxed();
        if !include_inactive {
            query = query.filter(metrics::active);
        }
        query.load(conn)
    }

    pub fn list_by_ids(conn: &mut SqliteConnection, ids: &[i32]) -> QueryResult<Vec<Metric>> {
        metrics::table
            .filter(metrics::id.eq_any(ids))
            .select(Metric::as_select())
            .load(conn)
    }

    pub fn list_all(conn: &mut SqliteConnection) -> QueryResult<Vec<Metric>> {
        metrics::table
            .order(metrics::name.asc())
            .select(Metric::as_select())
            .load(conn)
    }

    /// Every metric's name by id: what lists of other things need, without the rest.
    pub fn names(conn: &mut SqliteConnection) -> QueryResult<HashMap<i32, String>> {
        let rows: Vec<(i32, String)> = metrics::table
            .select((metrics::id, metrics::name))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// The names of the metrics `ids`, by id.
    pub fn names_of(conn: &mut SqliteConnection, ids: &[i32]) -> QueryResult<HashMap<i32, String>> {
        let rows: Vec<(i32, String)> = metrics::table
            .filter(metrics::id.eq_any(ids))
            .select((metrics::id, metrics::name))
            .load(conn)?;
        Ok(rows.into_iter().collect())
    }

    /// Active metrics as (id, name), by name: for pickers.
    pub fn active_names(conn: &mut SqliteConnection) -> QueryResult<Vec<(i32, String)>> {
        metrics::table
            .filter(metrics::active)
            .order(metrics::name.asc())
            .select((metrics::id, metrics::name))
            .load(conn)
    }

    /// All metrics as (id, name), by name: for filters over history.
    pub fn all_names(conn: &mut SqliteConnection) -> QueryResult<Vec<(i32, String)>> {
        metrics::table
            .order(metrics::name.asc())
            .select((metrics::id, metrics::name))
            .load(conn)
    }

    /// The active North Star, if any.
    pub fn north_star(conn: &mut SqliteConnection) -> QueryResult<Option<Metric>> {
        metrics::table
            .filter(metrics::north_star)
            .filter(metrics::active)
            .select(Metric::as_select())
            .first(conn)
            .optional()
    }

    /// Active metrics shown on the dashboard (the North Star excluded), by category and name.
    pub fn list_dashboard(conn: &mut SqliteConnection) -> QueryResult<Vec<MetricWithOwner>> {
        metrics::table
            .left_join(members::table)
            .filter(metrics::active)
            .filter(metrics::on_dashboard.eq(true))
            .filter(diesel::dsl::not(metrics::north_star))
            .order((metrics::category.asc(), metrics::name.asc()))
            .select((Metric::as_select(), members::name.nullable()))
            .load(conn)
    }

    pub fn insert(conn: &mut SqliteConnection, new: &NewMetric) -> QueryResult<Metric> {
        diesel::insert_into(metrics::table)
            .values(new)
            .returning(Metric::as_returning())
            .get_result(conn)
    }

    pub fn update(
        conn: &mut SqliteConnection,
        id: i32,
        changes: &MetricChanges,
    ) -> QueryResult<Metric> {
        diesel::update(metrics::table.find(id))
            .set(changes)
            .returning(Metric::as_returning())
            .get_result(conn)
    }

    /// Take the star from every metric but `except`.
    pub fn clear_north_star(
        conn: &mut SqliteConnection,
        except: Option<i32>,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            metrics::table
                .filter(metrics::north_star)
                .filter(metrics::id.ne(except.unwrap_or(0))),
        )
        .set((metrics::north_star.eq(false), metrics::updated_at.eq(now)))
        .execute(conn)
    }

    pub fn delete(conn: &mut SqliteConnection, id: i32) -> QueryResult<usize> {
        diesel::delete(metrics::table.find(id)).execute(conn)
    }

    /// Whether the metric has values or has been presented.
    pub fn has_history(conn: &mut SqliteConnection, id: i32) -> QueryResult<bool> {
        let values = diesel::select(diesel::dsl::exists(
            metric_values::table.filter(metric_values::metric_id.eq(id)),
        ))
        .get_result::<bool>(conn)?;
        let presented = diesel::select(diesel::dsl::exists(
            crate::schema::assignments::table.filter(crate::schema::assignments::metric_id.eq(id)),
        ))
        .get_result::<bool>(conn)?;
        Ok(values || presented)
    }
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);
