use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sqlite::Sqlite;

use crate::domain::presentation::PresentationStatus;
use crate::schema::{presentation_templates, presentations};

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = presentation_templates, check_for_backend(Sqlite))]
pub struct PresentationTemplate {
    pub version: i32,
    pub introduction: String,
    pub prompts: String,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

impl PresentationTemplate {
    pub fn current(conn: &mut SqliteConnection) -> QueryResult<PresentationTemplate> {
        presentation_templates::table
            .order(presentation_templates::version.desc())
            .select(PresentationTemplate::as_select())
            .first(conn)
    }

    pub fn find(conn: &mut SqliteConnection, version: i32) -> QueryResult<PresentationTemplate> {
        presentation_templates::table
            .find(version)
            .select(PresentationTemplate::as_select())
            .first(conn)
    }

    /// Store a new version (one more than the newest).
    pub fn insert_next(
        conn: &mut SqliteConnection,
        introduction: &str,
        prompts_json: &str,
        by: i32,
        now: NaiveDateTime,
    ) -> QueryResult<PresentationTemplate> {
        let next = Self::current(conn).map(|t| t.version + 1).unwrap_or(1);
        diesel::insert_into(presentation_templates::table)
            .values((
                presentation_templates::version.eq(next),
                presentation_templates::introduction.eq(introduction),
                presentation_templates::prompts.eq(prompts_json),
                presentation_templates::created_by.eq(by),
                presentation_templates::created_at.eq(now),
            ))
            .returning(PresentationTemplate::as_returning())
            .get_result(conn)
    }
}

#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = presentations, check_for_backend(Sqlite))]
pub struct Presentation {
    pub id: i32,
    pub assignment_id: i32,
    pub template_version: i32,
    pub value: Option<f64>,
    pub answers: String,
    pub status: String,
    pub submitted_at: Option<NaiveDateTime>,
    pub fact_checked_at: Option<NaiveDateTime>,
    pub correction: String,
    pub clarity_rating: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When the owner was asked to fact-check the submitted presentation.
    pub owner_asked_at: Option<NaiveDateTime>,
}

impl Presentation {
    /// Where the presenter is with it.
    pub fn progress(&self) -> PresentationStatus {
        PresentationStatus::of(Some(&self.status))
    }

    pub fn is_submitted(&self) -> bool {
        self.progress() == PresentationStatus::Submitted
    }

    pub fn find_for_assignment(
        conn: &mut SqliteConnection,
        assignment_id: i32,
    ) -> QueryResult<Option<Presentation>> {
        presentations::table
            .filter(presentations::assignment_id.eq(assignment_id))
            .select(Presentation::as_select())
            .first(conn)
            .optional()
    }

    pub fn list_for_assignments(
        conn: &mut SqliteConnection,
        ids: &[i32],
    ) -> QueryResult<Vec<Presentation>> {
        presentations::table
            .filter(presentations::assignment_id.eq_any(ids))
            .select(Presentation::as_select())
            .load(conn)
    }

    /// Create the presentation on first save, with the template version it starts with.
    pub fn create(
        conn: &mut SqliteConnection,
        assignment_id: i32,
        template_version: i32,
        now: NaiveDateTime,
    ) -> QueryResult<Presentation> {
        diesel::insert_into(presentations::table)
            .values((
                presentations::assignment_id.eq(assignment_id),
                presentations::template_version.eq(template_version),
                presentations::created_at.eq(now),
                presentations::updated_at.eq(now),
            ))
            .returning(Presentation::as_returning())
            .get_result(conn)
    }

    pub fn save(
        conn: &mut SqliteConnection,
        id: i32,
        value: Option<f64>,
        answers_json: &str,
        submitted_at: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> QueryResult<Presentation> {
        let status = if submitted_at.is_some() {
            PresentationStatus::Submitted
        } else {
            PresentationStatus::Draft
        }
        .as_str();
        diesel::update(presentations::table.find(id))
            .set((
                presentations::value.eq(value),
                presentations::answers.eq(answers_json),
                presentations::status.eq(status),
                presentations::submitted_at.eq(submitted_at),
                presentations::updated_at.eq(now),
            ))
            .returning(Presentation::as_returning())
            .get_result(conn)
    }

    pub fn set_rating(
        conn: &mut SqliteConnection,
        id: i32,
        rating: i32,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(presentations::table.find(id))
            .set((
                presentations::clarity_rating.eq(rating),
                presentations::updated_at.eq(now),
            ))
            .execute(conn)
    }

    /// Mark that the owner was asked to fact-check; false when they already were.
    pub fn mark_owner_asked(
        conn: &mut SqliteConnection,
        id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<bool> {
        diesel::update(
            presentations::table
                .find(id)
                .filter(presentations::owner_asked_at.is_null()),
        )
        .set(presentations::owner_asked_at.eq(now))
        .execute(conn)
        .map(|n| n == 1)
    }

    pub fn set_fact_check(
        conn: &mut SqliteConnection,
        id: i32,
        checked_at: Option<NaiveDateTime>,
        correction: &str,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        diesel::update(presentations::table.find(id))
            .set((
                presentations::fact_checked_at.eq(checked_at),
                presentations::correction.eq(correction),
                presentations::updated_at.eq(now),
            ))
            .execute(conn)
    }

    /// Earlier submitted insights on a metric: (month, presenter id, answers JSON), newest first.
    pub fn earlier_for_metric(
        conn: &mut SqliteConnection,
        metric_id: i32,
        before_month: &str,
    ) -> QueryResult<Vec<(String, i32, String)>> {
        use crate::schema::{assignments, reviews};
        presentations::table
            .inner_join(assignments::table.inner_join(reviews::table))
            .filter(assignments::metric_id.eq(metric_id))
            .filter(reviews::month.lt(before_month))
            .filter(presentations::status.eq(PresentationStatus::Submitted.as_str()))
            .order(reviews::month.desc())
            .limit(6)
            .select((
                reviews::month,
                assignments::presenter_id,
                presentations::answers,
            ))
            .load(conn)
    }
}
