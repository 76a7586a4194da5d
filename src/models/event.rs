use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::schema::{members, metric_events};

/// A dated note on a metric: what happened to the number.
#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = metric_events, check_for_backend(Sqlite))]
pub struct MetricEvent {
    pub id: i32,
    pub metric_id: i32,
    pub month: String,
    pub title: String,
    pub note: String,
    /// It changed the process: the limits restart from its month.
    pub rebase: bool,
    pub author_id: Option<i32>,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = metric_events)]
pub struct NewMetricEvent<'a> {
    pub metric_id: i32,
    pub month: &'a str,
    pub title: &'a str,
    pub note: &'a str,
    pub rebase: bool,
    pub author_id: Option<i32>,
    pub created_at: NaiveDateTime,
}

impl MetricEvent {
    pub fn insert(conn: &mut SqliteConnection, new: &NewMetricEvent) -> QueryResult<MetricEvent> {
        diesel::insert_into(metric_events::table)
            .values(new)
            .returning(MetricEvent::as_returning())
            .get_result(conn)
    }

    pub fn find(conn: &mut SqliteConnection, metric_id: i32, id: i32) -> QueryResult<MetricEvent> {
        metric_events::table
            .filter(metric_events::metric_id.eq(metric_id))
            .find(id)
            .select(MetricEvent::as_select())
            .first(conn)
    }

    pub fn delete(conn: &mut SqliteConnection, id: i32) -> QueryResult<usize> {
        diesel::delete(metric_events::table.find(id)).execute(conn)
    }

    /// A metric's events in month order, with their author's name.
    pub fn list_for_metric(
        conn: &mut SqliteConnection,
        metric_id: i32,
    ) -> QueryResult<Vec<(MetricEvent, Option<String>)>> {
        metric_events::table
            .left_join(members::table)
            .filter(metric_events::metric_id.eq(metric_id))
            .order((metric_events::month.asc(), metric_events::id.asc()))
            .select((MetricEvent::as_select(), members::name.nullable()))
            .load(conn)
    }

    /// The events of several metrics, in month order.
    pub fn list_for_metrics(
        conn: &mut SqliteConnection,
        ids: &[i32],
    ) -> QueryResult<Vec<MetricEvent>> {
        metric_events::table
            .filter(metric_events::metric_id.eq_any(ids))
            .order((metric_events::month.asc(), metric_events::id.asc()))
            .select(MetricEvent::as_select())
            .load(conn)
    }
}
