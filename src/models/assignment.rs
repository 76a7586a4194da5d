use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::schema::{assignments, reviews};

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = assignments, check_for_backend(Sqlite))]
pub struct Assignment {
    pub id: i32,
    pub review_id: i32,
    pub metric_id: i32,
    pub presenter_id: i32,
    pub owner_id: Option<i32>,
    pub owner_department: Option<String>,
    pub position: i32,
    pub reason: String,
    pub warning: Option<String>,
    pub owner_brief: String,
    pub link_token_hash: Option<String>,
    pub reminded_at: Option<chrono::NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = assignments)]
pub struct NewAssignment<'a> {
    pub review_id: i32,
    pub metric_id: i32,
    pub presenter_id: i32,
    pub owner_id: Option<i32>,
    pub owner_department: Option<&'a str>,
    pub position: i32,
    pub reason: &'a str,
    pub warning: Option<&'a str>,
}

impl Assignment {
    pub fn list_for_review(
        conn: &mut SqliteConnection,
        review_id: i32,
    ) -> QueryResult<Vec<Assignment>> {
        assignments::table
            .filter(assignments::review_id.eq(review_id))
            .order(assignments::position.asc())
            .select(Assignment::as_select())
            .load(conn)
    }

    /// Assignments of the given reviews, with each review's month.
    pub fn list_for_reviews(
        conn: &mut SqliteConnection,
        review_ids: &[i32],
    ) -> QueryResult<Vec<(String, Assignment)>> {
        assignments::table
            .inner_join(reviews::table)
            .filter(assignments::review_id.eq_any(review_ids))
            .order((reviews::month.desc(), assignments::position.asc()))
            .select((reviews::month, Assignment::as_select()))
            .load(conn)
    }

    /// A member's assignments in published reviews, newest month first.
    pub fn list_for_presenter(
        conn: &mut SqliteConnection,
        member_id: i32,
    ) -> QueryResult<Vec<(String, String, Assignment)>> {
        assignments::table
            .inner_join(reviews::table)
            .filter(assignments::presenter_id.eq(member_id))
            .filter(reviews::status.eq_any(["published", "held"]))
            .order((reviews::month.desc(), assignments::position.asc()))
            .select((reviews::month, reviews::status, Assignment::as_select()))
            .load(conn)
    }

    /// Assignments of published and held reviews with months in `from..=to`.
    pub fn list_published_between(
        conn: &mut SqliteConnection,
        from: &str,
        to: &str,
    ) -> QueryResult<Vec<(String, Assignment)>> {
        assignments::table
            .inner_join(reviews::table)
            .filter(reviews::status.eq_any(["published", "held"]))
            .filter(reviews::month.ge(from))
            .filter(reviews::month.le(to))
            .order((reviews::month.asc(), assignments::position.asc()))
            .select((reviews::month, Assignment::as_select()))
            .load(conn)
    }

    /// Every published or held presentation of one metric, newest first.
    pub fn list_published_for_metric(
        conn: &mut SqliteConnection,
        metric_id: i32,
    ) -> QueryResult<Vec<(String, Assignment)>> {
        assignments::table
            .inner_join(reviews::table)
            .filter(reviews::status.eq_any(["published", "held"]))
            .filter(assignments::metric_id.eq(metric_id))
            .order(reviews::month.desc())
            .select((reviews::month, Assignment::as_select()))
            .load(conn)
    }

    pub fn replace_for_review(
        conn: &mut SqliteConnection,
        review_id: i32,
        rows: &[NewAssignment],
    ) -> QueryResult<()> {
        diesel::delete(assignments::table.filter(assignments::review_id.eq(review_id)))
            .execute(conn)?;
        diesel::insert_into(assignments::table)
            .values(rows)
            .execute(conn)?;
        Ok(())
    }

    pub fn set_presenter(
        conn: &mut SqliteConnection,
        id: i32,
        presenter_id: i32,
        reason: &str,
        warning: Option<&str>,
    ) -> QueryResult<usize> {
        diesel::update(assignments::table.find(id))
            .set((
                assignments::presenter_id.eq(presenter_id),
                assignments::reason.eq(reason),
                assignments::warning.eq(warning),
            ))
            .execute(conn)
    }

    pub fn delete_for_review(conn: &mut SqliteConnection, review_id: i32) -> QueryResult<usize> {
        diesel::delete(assignments::table.filter(assignments::review_id.eq(review_id)))
            .execute(conn)
    }
}
