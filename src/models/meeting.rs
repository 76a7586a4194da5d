//! What happens in the meeting: feedback on presentations and action items.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::domain::review::ReviewStatus;
use crate::schema::{action_items, assignments, feedback, reviews};

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = feedback, check_for_backend(Sqlite))]
pub struct Feedback {
    pub id: i32,
    pub assignment_id: i32,
    pub author_id: i32,
    pub kind: String,
    pub body: String,
    pub anonymous: bool,
    pub created_at: NaiveDateTime,
}

impl Feedback {
    pub fn insert(
        conn: &mut SqliteConnection,
        assignment_id: i32,
        author_id: i32,
        kind: &str,
        body: &str,
        anonymous: bool,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::insert_into(feedback::table)
            .values((
                feedback::assignment_id.eq(assignment_id),
                feedback::author_id.eq(author_id),
                feedback::kind.eq(kind),
                feedback::body.eq(body),
                feedback::anonymous.eq(anonymous),
                feedback::created_at.eq(now),
            ))
            .execute(conn)
    }

    pub fn list_for_assignments(
        conn: &mut SqliteConnection,
        ids: &[i32],
    ) -> QueryResult<Vec<Feedback>> {
        feedback::table
            .filter(feedback::assignment_id.eq_any(ids))
            .order(feedback::id.asc())
            .select(Feedback::as_select())
            .load(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = action_items, check_for_backend(Sqlite))]
pub struct ActionItem {
    pub id: i32,
    pub review_id: i32,
    pub assignment_id: Option<i32>,
    pub text: String,
    pub owner_id: Option<i32>,
    pub due_date: Option<String>,
    pub done: bool,
    pub done_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

impl ActionItem {
    pub fn insert(
        conn: &mut SqliteConnection,
        review_id: i32,
        assignment_id: Option<i32>,
        text: &str,
        owner_id: Option<i32>,
        due_date: Option<&str>,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::insert_into(action_items::table)
            .values((
                action_items::review_id.eq(review_id),
                action_items::assignment_id.eq(assignment_id),
                action_items::text.eq(text),
                action_items::owner_id.eq(owner_id),
                action_items::due_date.eq(due_date),
                action_items::created_at.eq(now),
            ))
            .execute(conn)
    }

    pub fn find(conn: &mut SqliteConnection, id: i32) -> QueryResult<ActionItem> {
        action_items::table
            .find(id)
            .select(ActionItem::as_select())
            .first(conn)
    }

    pub fn set_done(
        conn: &mut SqliteConnection,
        id: i32,
        done: bool,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(action_items::table.find(id))
            .set((
                action_items::done.eq(done),
                action_items::done_at.eq(done.then_some(now)),
            ))
            .execute(conn)
    }

    pub fn list_for_review(
        conn: &mut SqliteConnection,
        review_id: i32,
    ) -> QueryResult<Vec<ActionItem>> {
        action_items::table
            .filter(action_items::review_id.eq(review_id))
            .order(action_items::id.asc())
            .select(ActionItem::as_select())
            .load(conn)
    }

    /// Open items of reviews before `month`, with the month they come from.
    pub fn list_open_before(
        conn: &mut SqliteConnection,
        month: &str,
    ) -> QueryResult<Vec<(String, ActionItem)>> {
        action_items::table
            .inner_join(reviews::table)
            .filter(reviews::month.lt(month))
            .filter(action_items::done.eq(false))
            .order((reviews::month.asc(), action_items::id.asc()))
            .select((reviews::month, ActionItem::as_select()))
            .load(conn)
    }
}

/// Meeting fields of a review and its assignments.
pub struct MeetingState;

impl MeetingState {
    pub fn set_slot(
        conn: &mut SqliteConnection,
        review_id: i32,
        slot: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(reviews::table.find(review_id))
            .set((
                reviews::current_slot.eq(slot),
                reviews::slot_started_at.eq(now),
            ))
            .execute(conn)
    }

    pub fn start(
        conn: &mut SqliteConnection,
        review_id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(
            reviews::table
                .find(review_id)
                .filter(reviews::meeting_started_at.is_null()),
        )
        .set((
            reviews::meeting_started_at.eq(now),
            reviews::slot_started_at.eq(now),
            reviews::current_slot.eq(0),
        ))
        .execute(conn)
    }

    pub fn add_spoken(
        conn: &mut SqliteConnection,
        assignment_id: i32,
        seconds: i32,
    ) -> QueryResult<usize> {
        diesel::update(assignments::table.find(assignment_id))
            .set(assignments::spoken_seconds.eq(assignments::spoken_seconds + seconds))
            .execute(conn)
    }

    pub fn set_opening_notes(
        conn: &mut SqliteConnection,
        review_id: i32,
        notes: &str,
    ) -> QueryResult<usize> {
        diesel::update(reviews::table.find(review_id))
            .set(reviews::opening_notes.eq(notes))
            .execute(conn)
    }

    pub fn set_notes(
        conn: &mut SqliteConnection,
        assignment_id: i32,
        notes: &str,
    ) -> QueryResult<usize> {
        diesel::update(assignments::table.find(assignment_id))
            .set(assignments::notes.eq(notes))
            .execute(conn)
    }

    pub fn set_held(
        conn: &mut SqliteConnection,
        review_id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(reviews::table.find(review_id))
            .set((
                reviews::status.eq(ReviewStatus::Held.as_str()),
                reviews::held_at.eq(now),
                reviews::updated_at.eq(now),
            ))
            .execute(conn)
    }

    /// A held meeting back to running: published again, not held.
    pub fn reopen(
        conn: &mut SqliteConnection,
        review_id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(reviews::table.find(review_id))
            .set((
                reviews::status.eq(ReviewStatus::Published.as_str()),
                reviews::held_at.eq(None::<NaiveDateTime>),
                reviews::updated_at.eq(now),
            ))
            .execute(conn)
    }
}
