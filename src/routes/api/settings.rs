//! `GET /api/v1/settings` and `PATCH /api/v1/settings`: the team's settings.

use actix_web::{web, HttpResponse};
use serde::Serialize;

use super::JsonBody;
use crate::auth::{CurrentUser, Manager};
use crate::db;
use crate::error::AppError;
use crate::models::TeamSettings;
use crate::services::settings::{self, SettingsFields};
use crate::state::AppState;

#[derive(Serialize, serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct SettingsJson {
    recent_months: Option<i32>,
    default_duration_minutes: Option<i32>,
    default_timezone: Option<String>,
    default_location: Option<String>,
    opening_minutes: Option<i32>,
    closing_minutes: Option<i32>,
    schedule_enabled: Option<bool>,
    schedule_week: Option<i32>,
    schedule_weekday: Option<i32>,
    schedule_time: Option<String>,
    schedule_months_ahead: Option<i32>,
    reminder_days: Option<i32>,
    anonymous_feedback: Option<bool>,
    currency: Option<String>,
    number_format: Option<String>,
}

fn json(s: TeamSettings) -> SettingsJson {
    SettingsJson {
        recent_months: Some(s.recent_months),
        default_duration_minutes: Some(s.default_duration_minutes),
        default_timezone: Some(s.default_timezone),
        default_location: Some(s.default_location),
        opening_minutes: Some(s.opening_minutes),
        closing_minutes: Some(s.closing_minutes),
        schedule_enabled: Some(s.schedule_enabled),
        schedule_week: Some(s.schedule_week),
        schedule_weekday: Some(s.schedule_weekday),
        schedule_time: Some(s.schedule_time),
        schedule_months_ahead: Some(s.schedule_months_ahead),
        reminder_days: Some(s.reminder_days),
        anonymous_feedback: Some(s.anonymous_feedback),
        currency: Some(s.currency),
        number_format: Some(s.number_format),
    }
}

pub async fn get_settings(
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let current = db::read(&state.pool, settings::current)?;
    Ok(HttpResponse::Ok().json(json(current)))
}

pub async fn update_settings(
    state: web::Data<AppState>,
    Manager(_): Manager,
    body: JsonBody,
) -> Result<HttpResponse, AppError> {
    let patch: SettingsJson = body.parse()?;
    let now = state.now();
    let saved = db::run(&state.pool, move |conn| {
        let mut f = SettingsFields::of(&settings::current(conn)?);
        let num = |v: Option<i32>, into: &mut String| {
            if let Some(v) = v {
                *into = v.to_string();
            }
        };
        num(patch.recent_months, &mut f.recent_months);
        num(
            patch.default_duration_minutes,
            &mut f.default_duration_minutes,
        );
        num(patch.opening_minutes, &mut f.opening_minutes);
        num(patch.closing_minutes, &mut f.closing_minutes);
        num(patch.schedule_week, &mut f.schedule_week);
        num(patch.schedule_weekday, &mut f.schedule_weekday);
        num(patch.schedule_months_ahead, &mut f.schedule_months_ahead);
        num(patch.reminder_days, &mut f.reminder_days);
        if let Some(v) = patch.anonymous_feedback {
            f.anonymous_feedback = v.to_string();
        }
        if let Some(v) = patch.default_timezone {
            f.default_timezone = v
        }
        if let Some(v) = patch.default_location {
            f.default_location = v
        }
        if let Some(v) = patch.schedule_time {
            f.schedule_time = v
        }
        if let Some(v) = patch.schedule_enabled {
            f.schedule_enabled = v.to_string()
        }
        if let Some(v) = patch.currency {
            f.currency = v
        }
        if let Some(v) = patch.number_format {
            f.number_format = v
        }
        settings::save(conn, &f, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json(saved)))
}
