//! The templates, embedded in the binary so it runs from any folder.

use tera::Tera;

macro_rules! embed {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/", $name)))),+]
    };
}

const TEMPLATES: &[(&str, &str)] = embed![
    "base.html",
    "_macros.html",
    "error.html",
    "dashboard.html",
    "auth/setup.html",
    "auth/login.html",
    "auth/logout.html",
    "auth/set_password.html",
    "account/index.html",
    "members/list.html",
    "members/form.html",
    "members/created.html",
    "members/delete.html",
    "members/show.html",
    "metrics/list.html",
    "metrics/form.html",
    "metrics/show.html",
    "metrics/delete.html",
    "metrics/starter.html",
    "metrics/import.html",
    "reviews/list.html",
    "reviews/show.html",
    "reviews/mine.html",
    "reviews/history.html",
    "settings.html",
];

/// Tera with every template, autoescaping HTML.
pub fn load() -> tera::Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(TEMPLATES.iter().copied())?;
    Ok(tera)
}
