//! The team settings page and its API.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::auth::{CsrfForm, Manager};
use crate::db;
use crate::error::AppError;
use crate::models::TeamSettings;
use crate::services::settings::{self, describe_schedule, SettingsFields};
use crate::state::AppState;
use crate::views::{see_other, Page};

#[derive(Serialize)]
pub struct SettingsView {
    form: SettingsFields,
    schedule: String,
    errors: std::collections::BTreeMap<String, String>,
    weeks: Vec<(String, &'static str)>,
    weekdays: Vec<(String, &'static str)>,
    number_formats: Vec<(&'static str, &'static str)>,
}

impl SettingsView {
    fn new(
        form: SettingsFields,
        current: &TeamSettings,
        errors: std::collections::BTreeMap<String, String>,
    ) -> Self {
        let numbered = |names: &[&'static str]| {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| ((i + 1).to_string(), *n))
                .collect()
        };
        Self {
            form,
            schedule: describe_schedule(current),
            errors,
            weeks: numbered(&["first", "second", "third", "fourth", "last"]),
            weekdays: numbered(&[
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ]),
            number_formats: vec![
                (
                    "1,234.5",
                    "1,234.5 (a comma groups thousands, a point starts decimals)",
                ),
                (
                    "1.234,5",
                    "1.234,5 (a point groups thousands, a comma starts decimals)",
                ),
                (
                    "1 234,5",
                    "1 234,5 (a space groups thousands, a comma starts decimals)",
                ),
            ],
        }
    }
}

pub async fn settings_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
) -> Result<HttpResponse, AppError> {
    let current = db::run(&state.pool, settings::current).await?;
    let view = SettingsView::new(SettingsFields::of(&current), &current, Default::default());
    page.render(Some(&user), "settings.html", &view)
}

pub async fn save_settings(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<SettingsFields>,
) -> Result<HttpResponse, AppError> {
    let (submitted, now) = (form.clone(), state.now());
    match db::run(&state.pool, move |conn| {
        settings::save(conn, &submitted, now)
    })
    .await
    {
        Ok(_) => Ok(see_other(
            &state,
            "/settings",
            Some("The team settings are saved."),
        )),
        Err(AppError::Validation(errors)) => {
            let current = db::run(&state.pool, settings::current).await?;
            let view = SettingsView::new(form, &current, errors.by_field());
            page.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&user),
                "settings.html",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}
