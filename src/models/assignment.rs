use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::domain::review::ReviewStatus;
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
    pub reminded_at: Option<chrono::NaiveDateTime>,
    pub notes: String,
    /// How long its slot of the meeting took.
    pub spoken_seconds: i32,
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
    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<Assignment> {
        assignments::table
            .find(id)
            .select(Assignment::as_select())
            .first(conn)
    }

    pub fn set_brief(conn: &mut SqliteConnection, id: i32, brief: &str) -> QueryResult<usize> {
        diesel::update(assignments::table.find(id))
            .set(assignments::owner_brief.eq(brief))
            .execute(conn)
    }

    pub fn set_reminded(
        conn: &mut SqliteConnection,
        id: i32,
        at: chrono::NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(assignments::table.find(id))
            .set(assignments::reminded_at.eq(at))
            .execute(conn)
    }

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
            .filter(reviews::status.eq_any([
                ReviewStatus::Published.as_str(),
                ReviewStatus::Held.as_str(),
            ]))
            .order((reviews::month.desc(), assignments::position.asc()))
            .select((reviews::month, reviews::status, Assignment::as_select()))
            .load(conn)
    }

    /// The assignments of metrics `member_id` owns in published and held reviews, newest
    /// first (at most `limit`), with the presentation's status, fact-check time and
    /// correction when there is one.
    #[allow(clippy::type_complexity)]
    pub fn list_for_owner(
        conn: &mut SqliteConnection,
        member_id: i32,
        limit: i64,
    ) -> QueryResult<
        Vec<(
            String,
            String,
            Assignment,
            Option<(String, Option<chrono::NaiveDateTime>, String)>,
        )>,
    > {
        use crate::schema::presentations;
        assignments::table
            .inner_join(reviews::table)
            .left_join(presentations::table)
            .filter(assignments::owner_id.eq(member_id))
            .filter(reviews::status.eq_any([
                ReviewStatus::Published.as_str(),
                ReviewStatus::Held.as_str(),
            ]))
            .order((reviews::month.desc(), assignments::position.asc()))
            .limit(limit)
            .select((
                reviews::month,
                reviews::status,
                Assignment::as_select(),
                (
                    presentations::status,
                    presentations::fact_checked_at,
                    presentations::correction,
                )
                    .nullable(),
            ))
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
            .filter(reviews::status.eq_any([
                ReviewStatus::Published.as_str(),
                ReviewStatus::Held.as_str(),
            ]))
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
            .filter(reviews::status.eq_any([
                ReviewStatus::Published.as_str(),
                ReviewStatus::Held.as_str(),
            ]))
            .filter(assignments::metric_id.eq(metric_id))
            .order(reviews::month.desc())
            .select((reviews::month, Assignment::as_select()))
            .load(conn)
    }

    /// Make the review's assignments match `rows`, metric by metric: unchanged
    /// presenters keep their presentation; a changed presenter starts afresh; metrics no
    /// longer drawn lose theirs.
    pub fn sync_for_review(
        conn: &mut SqliteConnection,
        review_id: i32,
        rows: &[NewAssignment],
    ) -> QueryResult<()> {
        let existing = Self::list_for_review(conn, review_id)?;
        for row in rows {
            match existing.iter().find(|a| a.metric_id == row.metric_id) {
                Some(a) => {
                    if a.presenter_id != row.presenter_id {
                        Self::forget_presenter_work(conn, a.id)?;
                    }
                    diesel::update(assignments::table.find(a.id))
                        .set((
                            assignments::presenter_id.eq(row.presenter_id),
                            assignments::owner_id.eq(row.owner_id),
                            assignments::owner_department.eq(row.owner_department),
                            assignments::position.eq(row.position),
                            assignments::reason.eq(row.reason),
                            assignments::warning.eq(row.warning),
                        ))
                        .execute(conn)?;
                }
                None => {
                    diesel::insert_into(assignments::table)
                        .values(row)
                        .execute(conn)?;
                }
            }
        }
        let kept: Vec<i32> = rows.iter().map(|r| r.metric_id).collect();
        diesel::delete(
            assignments::table
                .filter(assignments::review_id.eq(review_id))
                .filter(assignments::metric_id.ne_all(kept)),
        )
        .execute(conn)?;
        Ok(())
    }

    /// A new presenter starts afresh: the old one's presentation and reminder go (their
    /// email link, tied to them, stops working by itself).
    fn forget_presenter_work(conn: &mut SqliteConnection, id: i32) -> QueryResult<()> {
        diesel::delete(
            crate::schema::presentations::table
                .filter(crate::schema::presentations::assignment_id.eq(id)),
        )
        .execute(conn)?;
        diesel::update(assignments::table.find(id))
            .set(assignments::reminded_at.eq(None::<chrono::NaiveDateTime>))
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
        let current: i32 = assignments::table
            .find(id)
            .select(assignments::presenter_id)
            .first(conn)?;
        if current != presenter_id {
            Self::forget_presenter_work(conn, id)?;
        }
        diesel::update(assignments::table.find(id))
            .set((
                assignments::presenter_id.eq(presenter_id),
                assignments::reason.eq(reason),
                assignments::warning.eq(warning),
            ))
            .execute(conn)
    }

    /// Replace the warning `from` by `to` on a presenter's assignments in reviews that
    /// are drafted or published (not yet held). `from: None` replaces whatever warning
    /// they have; returns how many changed.
    pub fn rewarn_open_for_presenter(
        conn: &mut SqliteConnection,
        presenter_id: i32,
        from: Option<&str>,
        to: Option<&str>,
    ) -> QueryResult<usize> {
        use crate::schema::reviews;
        let open = reviews::table
            .filter(reviews::status.eq_any([
                ReviewStatus::Drafted.as_str(),
                ReviewStatus::Published.as_str(),
            ]))
            .select(reviews::id);
        let mine = assignments::table
            .filter(assignments::presenter_id.eq(presenter_id))
            .filter(assignments::review_id.eq_any(open));
        match from {
            Some(text) => diesel::update(mine.filter(assignments::warning.eq(text)))
                .set(assignments::warning.eq(to))
                .execute(conn),
            None => diesel::update(mine)
                .set(assignments::warning.eq(to))
                .execute(conn),
        }
    }

    /// Set the warning of one assignment, replacing only `from` when given (so a rule's
    /// own warning is cleared without touching another one).
    pub fn rewarn(
        conn: &mut SqliteConnection,
        id: i32,
        from: Option<&str>,
        to: Option<&str>,
    ) -> QueryResult<usize> {
        let one = assignments::table.find(id);
        match from {
            Some(text) => diesel::update(one.filter(assignments::warning.eq(text)))
                .set(assignments::warning.eq(to))
                .execute(conn),
            None => diesel::update(one)
                .set(assignments::warning.eq(to))
                .execute(conn),
        }
    }

    pub fn delete_for_review(conn: &mut SqliteConnection, review_id: i32) -> QueryResult<usize> {
        diesel::delete(assignments::table.filter(assignments::review_id.eq(review_id)))
            .execute(conn)
    }
}
