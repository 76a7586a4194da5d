use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::schema::{meeting_value_writes, members, metric_values, metrics};

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = metric_values, check_for_backend(Sqlite))]
pub struct MetricValue {
    pub metric_id: i32,
    pub month: String,
    pub value: f64,
    pub note: String,
    pub updated_by: Option<i32>,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = metric_values)]
pub struct NewMetricValue<'a> {
    pub metric_id: i32,
    pub month: &'a str,
    pub value: f64,
    pub note: &'a str,
    pub updated_by: Option<i32>,
    pub updated_at: NaiveDateTime,
}

impl MetricValue {
    /// The value of one month, if recorded.
    pub fn find(
        conn: &mut SqliteConnection,
        metric_id: i32,
        month: &str,
    ) -> QueryResult<Option<MetricValue>> {
        metric_values::table
            .find((metric_id, month))
            .select(MetricValue::as_select())
            .first(conn)
            .optional()
    }

    pub fn delete(conn: &mut SqliteConnection, metric_id: i32, month: &str) -> QueryResult<usize> {
        diesel::delete(metric_values::table.find((metric_id, month))).execute(conn)
    }

    /// Insert or correct the value of one month.
    pub fn upsert(conn: &mut SqliteConnection, new: &NewMetricValue) -> QueryResult<MetricValue> {
        diesel::insert_into(metric_values::table)
            .values(new)
            .on_conflict((metric_values::metric_id, metric_values::month))
            .do_update()
            .set(new)
            .returning(MetricValue::as_returning())
            .get_result(conn)
    }

    /// One metric's history, oldest first, with the name of who entered each value.
    pub fn list_for_metric(
        conn: &mut SqliteConnection,
        metric_id: i32,
    ) -> QueryResult<Vec<(MetricValue, Option<String>)>> {
        metric_values::table
            .left_join(members::table)
            .filter(metric_values::metric_id.eq(metric_id))
            .order(metric_values::month.asc())
            .select((MetricValue::as_select(), members::name.nullable()))
            .load(conn)
    }

    /// (metric, month, value) of `ids` from `since` on, by metric and month: what charts
    /// need, without the notes and bookkeeping.
    pub fn points_for_metrics_since(
        conn: &mut SqliteConnection,
        ids: &[i32],
        since: &str,
    ) -> QueryResult<Vec<(i32, String, f64)>> {
        metric_values::table
            .filter(metric_values::metric_id.eq_any(ids))
            .filter(metric_values::month.ge(since))
            .order((metric_values::metric_id.asc(), metric_values::month.asc()))
            .select((
                metric_values::metric_id,
                metric_values::month,
                metric_values::value,
            ))
            .load(conn)
    }

    /// The newest value of `metric_id` up to and including `month`, as (month, value).
    pub fn latest_until(
        conn: &mut SqliteConnection,
        metric_id: i32,
        month: &str,
    ) -> QueryResult<Option<(String, f64)>> {
        metric_values::table
            .filter(metric_values::metric_id.eq(metric_id))
            .filter(metric_values::month.le(month))
            .order(metric_values::month.desc())
            .select((metric_values::month, metric_values::value))
            .first(conn)
            .optional()
    }

    /// Every value with its metric's name, for the CSV export.
    pub fn list_all_with_metric(
        conn: &mut SqliteConnection,
    ) -> QueryResult<Vec<(String, MetricValue)>> {
        metric_values::table
            .inner_join(metrics::table)
            .order((metrics::name.asc(), metric_values::month.asc()))
            .select((metrics::name, MetricValue::as_select()))
            .load(conn)
    }
}

/// A value the ending of a meeting wrote into a metric's history, with what was recorded
/// before, so that reopening the meeting can take it back.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = meeting_value_writes, check_for_backend(Sqlite))]
pub struct ValueWrite {
    pub review_id: i32,
    pub metric_id: i32,
    pub month: String,
    pub written_value: f64,
    pub previous_value: Option<f64>,
    pub previous_note: Option<String>,
    pub previous_updated_by: Option<i32>,
    pub previous_updated_at: Option<NaiveDateTime>,
}

impl ValueWrite {
    /// Remember a write; a second write of the same metric keeps the first "before".
    pub fn record(conn: &mut SqliteConnection, write: &ValueWrite) -> QueryResult<usize> {
        diesel::insert_into(meeting_value_writes::table)
            .values(write)
            .on_conflict((
                meeting_value_writes::review_id,
                meeting_value_writes::metric_id,
            ))
            .do_update()
            .set(meeting_value_writes::written_value.eq(write.written_value))
            .execute(conn)
    }

    pub fn list_for_review(
        conn: &mut SqliteConnection,
        review_id: i32,
    ) -> QueryResult<Vec<ValueWrite>> {
        meeting_value_writes::table
            .filter(meeting_value_writes::review_id.eq(review_id))
            .select(ValueWrite::as_select())
            .load(conn)
    }

    pub fn forget_review(conn: &mut SqliteConnection, review_id: i32) -> QueryResult<usize> {
        diesel::delete(
            meeting_value_writes::table.filter(meeting_value_writes::review_id.eq(review_id)),
        )
        .execute(conn)
    }
}
