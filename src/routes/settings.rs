//! The team settings page and its API.

use actix_web::{web, HttpResponse};

use crate::auth::{CsrfForm, Manager};
use crate::db;
use crate::error::AppError;
use crate::services::settings::{self, SettingsFields};
use crate::state::AppState;
use crate::views::settings::SettingsView;
use crate::views::{see_other, Page};

pub async fn settings_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
) -> Result<HttpResponse, AppError> {
    let current = db::read(&state.pool, settings::current)?;
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
            page.render_refused(Some(&user), "settings.html", &view)
        }
        Err(e) => Err(e),
    }
}
