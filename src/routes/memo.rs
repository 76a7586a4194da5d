//! Read pages rendered once per change of the database and given again while nothing
//! changes (see `db::read_memo`): most requests for a page are reads of data that has
//! not moved since the last one.

use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use diesel::SqliteConnection;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::db;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::Page;

/// `template` with the view `load` reads, as 200 OK. `key` names what the view depends
/// on besides the database and the viewer (the path's ids, the query); the viewer, their
/// language, the page's CSRF token and the current minute (what pages say of time: "due tomorrow",
/// "late") are added here. A page showing a flash message is rendered afresh.
pub fn read_page<V: Serialize>(
    state: &AppState,
    page: &Page,
    user: Option<&CurrentUser>,
    template: &str,
    key: &str,
    load: impl FnOnce(&mut SqliteConnection) -> Result<V, AppError>,
) -> Result<HttpResponse, AppError> {
    read_page_kept_for(state, (page, user), template, key, 60, load)
}

/// `read_page` kept for `seconds` at most: 1 for a page that counts seconds (a
/// meeting's clock).
pub fn read_page_kept_for<V: Serialize>(
    state: &AppState,
    (page, user): (&Page, Option<&CurrentUser>),
    template: &str,
    key: &str,
    seconds: i64,
    load: impl FnOnce(&mut SqliteConnection) -> Result<V, AppError>,
) -> Result<HttpResponse, AppError> {
    let render = |conn: &mut SqliteConnection| -> Result<Bytes, AppError> {
        let view = load(conn)?;
        Ok(Bytes::from(page.render_html(user, template, &view)?))
    };
    let body = match page.layout_key() {
        Some(layout) => {
            let time = state.now().and_utc().timestamp().div_euclid(seconds);
            let who = user.map_or(0, CurrentUser::id);
            let lang = page.lang(user);
            let key =
                format!("{template}\u{1f}{key}\u{1f}{who}\u{1f}{lang}\u{1f}{layout}\u{1f}{time}");
            db::read_memo(&state.pool, key, render)?
        }
        None => db::read(&state.pool, render)?,
    };
    Ok(Page::html(StatusCode::OK, body))
}
