//! Editing the presentation template. Every save is a new version; a presentation keeps
//! the version it was started with.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::auth::CurrentUser;
use crate::domain::template::{self, Prompt};
use crate::error::AppError;
use crate::models::PresentationTemplate;

/// Save a new version of the template.
pub fn save(
    conn: &mut SqliteConnection,
    actor: &CurrentUser,
    introduction: &str,
    prompts: &[Prompt],
    now: NaiveDateTime,
) -> Result<PresentationTemplate, AppError> {
    actor.require_manager()?;
    let (introduction, prompts) = template::check(introduction, prompts)?;
    let json = serde_json::to_string(&prompts).map_err(|e| AppError::internal(e.to_string()))?;
    conn.immediate_transaction(|conn| {
        let current = PresentationTemplate::current(conn)?;
        if current.introduction == introduction
            && template::parse_prompts(&current.prompts).ok().as_deref() == Some(prompts.as_slice())
        {
            return Ok(current);
        }
        Ok(PresentationTemplate::insert_next(
            conn,
            &introduction,
            &json,
            actor.id(),
            now,
        )?)
    })
}

/// The team's presentation template as it stands.
pub fn current(
    conn: &mut SqliteConnection,
) -> Result<crate::models::PresentationTemplate, AppError> {
    Ok(crate::models::PresentationTemplate::current(conn)?)
}
