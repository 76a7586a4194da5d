//! The review's own numbers, per held review (`domain::ritual`).

use diesel::SqliteConnection;

use crate::domain::review::ReviewStatus;
use crate::domain::ritual::{figures, HealthRow, HeldReview, SlotFacts};
use crate::error::AppError;
use crate::models::{Assignment, Presentation, Review};
use crate::services::presentations::deadline;

/// One row per held review, oldest first.
pub fn rows(conn: &mut SqliteConnection) -> Result<Vec<HealthRow>, AppError> {
    let mut held: Vec<Review> = Review::list(conn, i64::MAX, 0)?
        .into_iter()
        .filter(|r| r.status() == ReviewStatus::Held)
        .collect();
    held.sort_by(|a, b| a.month.cmp(&b.month));
    let ids: Vec<i32> = held.iter().map(|r| r.id).collect();
    let assignments: Vec<Assignment> = Assignment::list_for_reviews(conn, &ids)?
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    let assignment_ids: Vec<i32> = assignments.iter().map(|a| a.id).collect();
    let presentations = Presentation::list_for_assignments(conn, &assignment_ids)?;
    Ok(held
        .iter()
        .filter_map(|r| {
            let slots = assignments
                .iter()
                .filter(|a| a.review_id == r.id)
                .map(|a| {
                    let p = presentations.iter().find(|p| p.assignment_id == a.id);
                    SlotFacts {
                        submitted_at: p.and_then(|p| p.submitted_at),
                        fact_checked: p.is_some_and(|p| p.fact_checked_at.is_some()),
                        clarity: p.and_then(|p| p.clarity_rating),
                        spoken_seconds: i64::from(a.spoken_seconds),
                    }
                })
                .collect();
            Some(figures(&HeldReview {
                month: r.meeting_month()?,
                starts_at: r.starts_at,
                deadline: deadline(r),
                duration_minutes: i64::from(r.duration_minutes),
                meeting_started_at: r.meeting_started_at,
                held_at: r.held_at,
                slots,
            }))
        })
        .collect())
}
