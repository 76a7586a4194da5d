use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::domain::month::YearMonth;
use crate::domain::review::{default_data_month, Agenda, ReviewStatus};
use crate::schema::{review_absences, reviews, rotation_changes, team_settings};

#[derive(Clone, Debug, Queryable, Selectable, Identifiable)]
#[diesel(table_name = reviews, check_for_backend(Sqlite))]
pub struct Review {
    pub id: i32,
    pub month: String,
    pub starts_at: NaiveDateTime,
    pub timezone: String,
    pub duration_minutes: i32,
    pub location: String,
    pub status: String,
    pub seed: Option<i64>,
    pub presenting_manager_id: Option<i32>,
    pub published_at: Option<NaiveDateTime>,
    pub held_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub ics_sequence: i32,
    pub deadline_days: i32,
    pub current_slot: i32,
    pub meeting_started_at: Option<NaiveDateTime>,
    pub slot_started_at: Option<NaiveDateTime>,
    pub opening_notes: String,
    /// The month whose numbers the review discusses (`YYYY-MM`).
    pub data_month: String,
    /// "standard" or "signals_first".
    pub agenda: String,
}

#[derive(Insertable)]
#[diesel(table_name = reviews)]
pub struct NewReview<'a> {
    pub month: &'a str,
    pub starts_at: NaiveDateTime,
    pub timezone: &'a str,
    pub duration_minutes: i32,
    pub location: &'a str,
    pub status: &'a str,
    pub presenting_manager_id: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub data_month: &'a str,
}

/// A review's new time, place and data month.
#[derive(AsChangeset)]
#[diesel(table_name = reviews)]
pub struct ScheduleChange<'a> {
    pub starts_at: NaiveDateTime,
    pub timezone: &'a str,
    pub duration_minutes: i32,
    pub location: &'a str,
    pub data_month: &'a str,
    pub updated_at: NaiveDateTime,
}

impl Review {
    /// The review's status. The database's CHECK constraint admits only the five; a row
    /// that somehow says something else reads as cancelled, so nothing can change it.
    pub fn status(&self) -> ReviewStatus {
        ReviewStatus::parse(&self.status).unwrap_or(ReviewStatus::Cancelled)
    }

    pub fn agenda(&self) -> Agenda {
        Agenda::parse(&self.agenda).unwrap_or(Agenda::Standard)
    }

    /// The month the review meets in.
    pub fn meeting_month(&self) -> Option<YearMonth> {
        YearMonth::parse(&self.month).ok()
    }

    /// The month whose numbers the review discusses; a row from before data months
    /// existed discusses the month before its meeting.
    pub fn data_month(&self) -> Option<YearMonth> {
        YearMonth::parse(&self.data_month)
            .ok()
            .or_else(|| self.meeting_month().map(default_data_month))
    }
}

impl Review {
    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<Review> {
        reviews::table
            .find(id)
            .select(Review::as_select())
            .first(conn)
    }

    pub fn find_by_month(conn: &mut SqliteConnection, month: &str) -> QueryResult<Option<Review>> {
        reviews::table
            .filter(reviews::month.eq(month))
            .select(Review::as_select())
            .first(conn)
            .optional()
    }

    /// Newest month first.
    pub fn list(conn: &mut SqliteConnection, limit: i64, offset: i64) -> QueryResult<Vec<Review>> {
        reviews::table
            .order(reviews::month.desc())
            .limit(limit)
            .offset(offset)
            .select(Review::as_select())
            .load(conn)
    }

    pub fn set_agenda(
        conn: &mut SqliteConnection,
        id: i32,
        agenda: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(reviews::table.find(id))
            .set((reviews::agenda.eq(agenda), reviews::updated_at.eq(now)))
            .execute(conn)
    }

    pub fn count(conn: &mut SqliteConnection) -> QueryResult<i64> {
        reviews::table.count().get_result(conn)
    }

    /// Published and held reviews before `month`, for the rotation's history.
    pub fn list_past_rotations(
        conn: &mut SqliteConnection,
        before_month: &str,
    ) -> QueryResult<Vec<Review>> {
        reviews::table
            .filter(reviews::month.lt(before_month))
            .filter(reviews::status.eq_any([
                ReviewStatus::Published.as_str(),
                ReviewStatus::Held.as_str(),
            ]))
            .order(reviews::month.desc())
            .select(Review::as_select())
            .load(conn)
    }

    /// Reviews after `month`, oldest first.
    pub fn list_after(conn: &mut SqliteConnection, month: &str) -> QueryResult<Vec<Review>> {
        reviews::table
            .filter(reviews::month.gt(month))
            .order(reviews::month.asc())
            .select(Review::as_select())
            .load(conn)
    }

    pub fn insert(conn: &mut SqliteConnection, new: &NewReview) -> QueryResult<Review> {
        diesel::insert_into(reviews::table)
            .values(new)
            .returning(Review::as_returning())
            .get_result(conn)
    }

    pub fn set_schedule(
        conn: &mut SqliteConnection,
        id: i32,
        schedule: &ScheduleChange,
    ) -> QueryResult<Review> {
        diesel::update(reviews::table.find(id))
            .set(schedule)
            .returning(Review::as_returning())
            .get_result(conn)
    }

    pub fn set_status(
        conn: &mut SqliteConnection,
        id: i32,
        status: ReviewStatus,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(reviews::table.find(id))
            .set((
                reviews::status.eq(status.as_str()),
                reviews::updated_at.eq(now),
            ))
            .execute(conn)
    }

    pub fn set_drawn(
        conn: &mut SqliteConnection,
        id: i32,
        seed: i64,
        presenting_manager_id: Option<i32>,
        status: ReviewStatus,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(reviews::table.find(id))
            .set((
                reviews::seed.eq(seed),
                reviews::presenting_manager_id.eq(presenting_manager_id),
                reviews::status.eq(status.as_str()),
                reviews::updated_at.eq(now),
            ))
            .execute(conn)
    }

    pub fn set_published(
        conn: &mut SqliteConnection,
        id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(reviews::table.find(id))
            .set((
                reviews::status.eq(ReviewStatus::Published.as_str()),
                reviews::published_at.eq(now),
                reviews::updated_at.eq(now),
            ))
            .execute(conn)
    }

    /// Count one more change to the review's calendar event; returns the new SEQUENCE.
    pub fn bump_ics_sequence(conn: &mut SqliteConnection, id: i32) -> QueryResult<i32> {
        diesel::update(reviews::table.find(id))
            .set(reviews::ics_sequence.eq(reviews::ics_sequence + 1))
            .returning(reviews::ics_sequence)
            .get_result(conn)
    }

    pub fn absent_member_ids(conn: &mut SqliteConnection, review_id: i32) -> QueryResult<Vec<i32>> {
        review_absences::table
            .filter(review_absences::review_id.eq(review_id))
            .select(review_absences::member_id)
            .order(review_absences::member_id)
            .load(conn)
    }

    /// Who is away from each of the reviews `review_ids`, as (review id, member id) in
    /// member order.
    pub fn absences_of(
        conn: &mut SqliteConnection,
        review_ids: &[i32],
    ) -> QueryResult<Vec<(i32, i32)>> {
        review_absences::table
            .filter(review_absences::review_id.eq_any(review_ids))
            .select((review_absences::review_id, review_absences::member_id))
            .order((review_absences::review_id, review_absences::member_id))
            .load(conn)
    }

    pub fn set_absences(
        conn: &mut SqliteConnection,
        review_id: i32,
        member_ids: &[i32],
    ) -> QueryResult<()> {
        diesel::delete(review_absences::table.filter(review_absences::review_id.eq(review_id)))
            .execute(conn)?;
        let rows: Vec<_> = member_ids
            .iter()
            .map(|m| {
                (
                    review_absences::review_id.eq(review_id),
                    review_absences::member_id.eq(*m),
                )
            })
            .collect();
        diesel::insert_into(review_absences::table)
            .values(&rows)
            .execute(conn)?;
        Ok(())
    }
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = rotation_changes, check_for_backend(Sqlite))]
pub struct RotationChange {
    pub id: i32,
    pub review_id: i32,
    pub changed_by: i32,
    pub description: String,
    pub created_at: NaiveDateTime,
}

impl RotationChange {
    pub fn record(
        conn: &mut SqliteConnection,
        review_id: i32,
        changed_by: i32,
        description: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::insert_into(rotation_changes::table)
            .values((
                rotation_changes::review_id.eq(review_id),
                rotation_changes::changed_by.eq(changed_by),
                rotation_changes::description.eq(description),
                rotation_changes::created_at.eq(now),
            ))
            .execute(conn)
    }

    /// Changes to a review with the changer's name, newest first.
    pub fn list_for_review(
        conn: &mut SqliteConnection,
        review_id: i32,
    ) -> QueryResult<Vec<(RotationChange, String)>> {
        rotation_changes::table
            .inner_join(crate::schema::members::table)
            .filter(rotation_changes::review_id.eq(review_id))
            .order(rotation_changes::id.desc())
            .select((RotationChange::as_select(), crate::schema::members::name))
            .load(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable, AsChangeset)]
#[diesel(table_name = team_settings, check_for_backend(Sqlite))]
pub struct TeamSettings {
    pub id: i32,
    pub recent_months: i32,
    pub default_duration_minutes: i32,
    pub default_timezone: String,
    pub default_location: String,
    pub opening_minutes: i32,
    pub closing_minutes: i32,
    pub schedule_enabled: bool,
    pub schedule_week: i32,
    pub schedule_weekday: i32,
    pub schedule_time: String,
    pub schedule_months_ahead: i32,
    pub updated_at: NaiveDateTime,
    pub reminder_days: i32,
    pub anonymous_feedback: bool,
    /// ISO 4217 code for currency metrics created without one.
    pub currency: String,
    /// How people here write numbers: "1,234.5", "1.234,5" or "1 234,5".
    pub number_format: String,
}

impl TeamSettings {
    pub fn get(conn: &mut SqliteConnection) -> QueryResult<TeamSettings> {
        team_settings::table
            .find(1)
            .select(TeamSettings::as_select())
            .first(conn)
    }

    pub fn save(conn: &mut SqliteConnection, settings: &TeamSettings) -> QueryResult<TeamSettings> {
        diesel::update(team_settings::table.find(1))
            .set(settings)
            .returning(TeamSettings::as_returning())
            .get_result(conn)
    }
}
