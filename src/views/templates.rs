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
    "auth/sso_refused.html",
    "account/index.html",
    "members/list.html",
    "members/form.html",
    "members/created.html",
    "members/delete.html",
    "members/show.html",
    "members/unlink_sso.html",
    "metrics/list.html",
    "metrics/form.html",
    "metrics/show.html",
    "metrics/delete.html",
    "metrics/event_delete.html",
    "metrics/starter.html",
    "metrics/import.html",
    "values/grid.html",
    "reviews/list.html",
    "reviews/show.html",
    "reviews/reassign.html",
    "reviews/mine.html",
    "reviews/history.html",
    "reviews/health.html",
    "reviews/plan.html",
    "settings.html",
    "presentations/show.html",
    "settings/template.html",
    "boards/_card.html",
    "boards/board.html",
    "boards/form.html",
    "boards/show.html",
    "boards/delete.html",
    "meeting/_slot.html",
    "meeting/run.html",
    "meeting/follow.html",
    "meeting/values.html",
    "meeting/archive.html",
    "admin/mail.html",
    "emails/invitation/subject.txt",
    "emails/invitation/body.txt",
    "emails/invitation/body.html",
    "emails/password_reset/subject.txt",
    "emails/password_reset/body.txt",
    "emails/password_reset/body.html",
    "emails/assignment/subject.txt",
    "emails/assignment/body.txt",
    "emails/assignment/body.html",
    "emails/fact_check_request/subject.txt",
    "emails/fact_check_request/body.txt",
    "emails/fact_check_request/body.html",
    "emails/owner_brief/subject.txt",
    "emails/owner_brief/body.txt",
    "emails/owner_brief/body.html",
    "emails/owner_correction/subject.txt",
    "emails/owner_correction/body.txt",
    "emails/owner_correction/body.html",
    "emails/invite/subject.txt",
    "emails/invite/body.txt",
    "emails/invite/body.html",
    "emails/review_cancelled/subject.txt",
    "emails/review_cancelled/body.txt",
    "emails/review_cancelled/body.html",
    "emails/reminder/subject.txt",
    "emails/reminder/body.txt",
    "emails/reminder/body.html",
    "emails/summary/subject.txt",
    "emails/summary/body.txt",
    "emails/summary/body.html",
    "emails/test/subject.txt",
    "emails/test/body.txt",
    "emails/test/body.html",
];

/// Tera with every template, autoescaping HTML.
pub fn load() -> tera::Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    crate::i18n::tera::register(&mut tera);
    tera.add_raw_templates(TEMPLATES.iter().copied())?;
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A template added to the folder but not to the list would answer 500 at runtime.
    #[test]
    fn every_template_file_is_embedded() {
        fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    let name = path.strip_prefix(root).unwrap().to_string_lossy();
                    out.push(name.replace('\\', "/"));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut files = Vec::new();
        walk(&root, &root, &mut files);
        let embedded: Vec<&str> = TEMPLATES.iter().map(|(name, _)| *name).collect();
        for file in &files {
            assert!(embedded.contains(&file.as_str()), "{file} is not embedded");
        }
        load().unwrap();
    }
}
