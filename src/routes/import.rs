//! Values in and out as CSV: the import form (a file or pasted rows, all or nothing)
//! and the export.

use actix_multipart::form::{bytes::Bytes, text::Text, MultipartForm};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::auth::{csrf, CurrentUser, Manager};
use crate::db;
use crate::error::AppError;
use crate::services::values;
use crate::state::AppState;
use crate::views::{see_other, Page};

#[derive(Serialize, Default)]
pub struct ImportView {
    csv: String,
    errors: Vec<String>,
}

pub async fn import_form(page: Page, Manager(user): Manager) -> Result<HttpResponse, AppError> {
    page.render(Some(&user), "metrics/import.html", &ImportView::default())
}

/// The import form: a CSV file or pasted text.
#[derive(MultipartForm)]
pub struct ImportForm {
    csrf_token: Text<String>,
    csv: Option<Text<String>>,
    #[multipart(limit = "4MB")]
    file: Option<Bytes>,
}

pub async fn import_values(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    MultipartForm(form): MultipartForm<ImportForm>,
) -> Result<HttpResponse, AppError> {
    csrf::verify(&req, &form.csrf_token)?;
    let pasted = form.csv.map(|t| t.into_inner()).unwrap_or_default();
    let text = match form.file.filter(|f| !f.data.is_empty()) {
        Some(file) => String::from_utf8(file.data.to_vec()).map_err(|_| {
            AppError::validation(
                "file",
                "file is not UTF-8 text; save the spreadsheet as CSV UTF-8",
            )
        })?,
        None => pasted.clone(),
    };
    let (actor, now) = (user.clone(), state.now());
    match db::run(&state.pool, move |conn| {
        values::import_csv(conn, &actor, &text, now)
    })
    .await
    {
        Ok(count) => Ok(see_other(
            &state,
            "/metrics",
            Some(&format!("Imported {count} values.")),
        )),
        Err(AppError::Validation(errors)) => {
            let view = ImportView {
                csv: pasted,
                errors: errors.iter().map(|e| e.message.clone()).collect(),
            };
            page.render_refused(Some(&user), "metrics/import.html", &view)
        }
        Err(e) => Err(e),
    }
}

pub async fn export_values(
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    // Every value of every metric: too long to hold up the request's thread.
    let csv = db::run_read(&state.pool, values::export_csv).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"kpi-values.csv\"",
        ))
        .body(csv))
}
