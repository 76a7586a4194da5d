//! The presentation template editor (`/settings/template`) and its API.

use std::collections::HashMap;

use actix_web::{web, HttpResponse};

use crate::auth::{CsrfForm, Manager};
use crate::db;
use crate::domain::template::{parse_prompts, Prompt};
use crate::domain::validation::flag;
use crate::error::AppError;
use crate::services::templates;
use crate::state::AppState;
use crate::views::settings::TemplateView;
use crate::views::{see_other, Page};

pub async fn template_form(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
) -> Result<HttpResponse, AppError> {
    let current = db::read(&state.pool, crate::services::templates::current)?;
    let prompts = parse_prompts(&current.prompts)?;
    let introduction = current.introduction.clone();
    let view = TemplateView::new(&current, introduction, prompts, None);
    page.render(Some(&user), "settings/template.html", &view)
}

/// Rows `key_N`, `question_N`, `help_N`, `required_N`; rows left empty are dropped.
fn prompts_of(form: &HashMap<String, String>) -> Vec<Prompt> {
    let mut indexes: Vec<usize> = form
        .keys()
        .filter_map(|k| k.strip_prefix("question_").and_then(|n| n.parse().ok()))
        .collect();
    indexes.sort_unstable();
    let get = |name: &str, i: usize| {
        form.get(&format!("{name}_{i}"))
            .cloned()
            .unwrap_or_default()
    };
    indexes
        .into_iter()
        .map(|i| Prompt {
            key: get("key", i),
            question: get("question", i),
            help: get("help", i),
            required: flag(&get("required", i)),
        })
        .filter(|p| !(p.key.trim().is_empty() && p.question.trim().is_empty()))
        .collect()
}

pub async fn save_template(
    state: web::Data<AppState>,
    page: Page,
    Manager(user): Manager,
    CsrfForm(form): CsrfForm<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let prompts = prompts_of(&form);
    let introduction = form.get("introduction").cloned().unwrap_or_default();
    let (actor, now, p, i) = (
        user.clone(),
        state.now(),
        prompts.clone(),
        introduction.clone(),
    );
    match db::run(&state.pool, move |conn| {
        templates::save(conn, &actor, &i, &p, now)
    })
    .await
    {
        Ok(saved) => Ok(see_other(
            &state,
            "/settings/template",
            Some(&format!(
                "Saved as version {}. Presentations already started keep their version.",
                saved.version
            )),
        )),
        Err(AppError::Validation(errors)) => {
            let current = db::run(&state.pool, crate::services::templates::current).await?;
            let view = TemplateView::new(&current, introduction, prompts, Some(errors.to_string()));
            page.render_refused(Some(&user), "settings/template.html", &view)
        }
        Err(e) => Err(e),
    }
}
