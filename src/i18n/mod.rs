//! Languages: every word the app shows or sends, in English, Swedish, Danish and
//! Indonesian, and numbers and dates written the way each language writes them.
//!
//! - Messages are Project Fluent files, one per language and area, in
//!   `src/i18n/locales/<lang>/<area>.ftl`, embedded at build time. Plurals are Fluent's
//!   (`{ $count -> [one] … *[other] … }`), never string concatenation.
//! - Templates ask for a message with `{{ t(key="nav-dashboard") }}`, or
//!   `{{ t_html(key="…-html", count=n) }}` for a message that holds markup (its string
//!   arguments are escaped, the message itself is ours). The language is the one the
//!   renderer set with [`speaking`] for the page being rendered: a page is rendered on one
//!   thread, start to end, so templates never pass it around.
//! - Dates and numbers come from ICU4X's CLDR data (see [`format`]).
//!
//! Which language a person sees: their own (account page), else the installation's
//! (`KPI_LANGUAGE`); signed out, the browser's `Accept-Language`, else the installation's.

pub mod format;
pub mod tera;

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::LanguageIdentifier;
use serde::Serialize;

use crate::domain::validation::FieldError;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./src/i18n/locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: the pages are HTML with `lang` and
        // `dir` set, and the marks would show up in emails and copied text.
        // NUMBER() selects ordinals ("3rd", "3:e").
        customise: |bundle| {
            bundle.set_use_isolating(false);
            let _ = bundle.add_builtins();
        },
    };
}

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Sv,
    Da,
    Id,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Sv, Lang::Da, Lang::Id];

    /// The code stored in the database, sent by the API and written in `lang=""`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
            Lang::Da => "da",
            Lang::Id => "id",
        }
    }

    /// The language's name in itself, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Sv => "Svenska",
            Lang::Da => "Dansk",
            Lang::Id => "Bahasa Indonesia",
        }
    }

    /// `"sv"` → Swedish; anything else is refused, naming what the app speaks.
    pub fn parse(field: &str, raw: &str) -> Result<Lang, FieldError> {
        let raw = raw.trim();
        Lang::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(raw))
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!("The language {raw:?} is not one of \"en\", \"sv\", \"da\" or \"id\""),
                )
            })
    }

    /// A stored code, read leniently (`None` for an unknown or empty one).
    pub fn from_code(raw: &str) -> Option<Lang> {
        Lang::parse("language", raw).ok()
    }

    /// The first language of an `Accept-Language` header the app speaks, by the
    /// header's weights (`sv-SE,sv;q=0.9,en;q=0.5` → Swedish; `nb` and `de` → none).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut offers: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let primary = tag.split(['-', '_']).next()?;
                let lang = Lang::from_code(primary)?;
                let weight = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (weight > 0.0).then_some((weight, i, lang))
            })
            .collect();
        offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.first().map(|o| o.2)
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::En => fluent_templates::langid!("en"),
            Lang::Sv => fluent_templates::langid!("sv"),
            Lang::Da => fluent_templates::langid!("da"),
            Lang::Id => fluent_templates::langid!("id"),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An argument of a message: a number (which Fluent uses for plurals) or a text.
pub enum Arg<'a> {
    Number(f64),
    Text(Cow<'a, str>),
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Number(n as f64)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Number(n as f64)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

/// The message `key` in `lang` with `args`, or `None` when no file defines it.
pub fn lookup(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Text(s) => FluentValue::from(s.as_ref()),
            };
            (Cow::Owned((*name).to_string()), value)
        })
        .collect();
    let args = (!args.is_empty()).then_some(&args);
    LOCALES
        .lookup_single_language(&lang.langid(), key, args)
        .ok()
        .or_else(|| {
            // A message missing in one language reads in English rather than as a key;
            // the parity test keeps this from happening in a release.
            LOCALES
                .lookup_single_language(&Lang::En.langid(), key, args)
                .ok()
        })
}

/// The message `key` in `lang`; a key no file defines reads as itself (and is a bug the
/// tests catch).
pub fn t(lang: Lang, key: &str) -> String {
    lookup(lang, key, &[]).unwrap_or_else(|| key.to_string())
}

/// The message `key` in `lang` with `args`.
pub fn t_args(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    lookup(lang, key, args).unwrap_or_else(|| key.to_string())
}

/// What a team wrote, or our default in `lang`: text that still equals the English
/// default `key` (the team never changed it) reads as that default's translation; text
/// the team wrote stays theirs, in whatever language they wrote it.
pub fn default_or_own(lang: Lang, key: &str, text: &str) -> String {
    match lookup(Lang::En, key, &[]) {
        Some(english) if english == text => t(lang, key),
        _ => text.to_string(),
    }
}

/// The word for `code` in a family of messages: `word(lang, "unit", "percent")` is the
/// message `unit-percent` ("Percent", "Procent", …).
pub fn word(lang: Lang, family: &str, code: &str) -> String {
    t(lang, &format!("{family}-{code}"))
}

/// A starter library metric's `field` ("name", "definition", "formula") in `lang`.
pub fn starter_text(lang: Lang, key: &str, field: &str) -> String {
    t(lang, &format!("starter-{key}-{field}"))
}

thread_local! {
    static SPEAKING: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language of whatever is being rendered on this thread now.
pub fn current() -> Lang {
    SPEAKING.with(Cell::get)
}

/// Render in `lang` until the guard drops (back to the language before, so renderings
/// can nest: a page that renders a partial in another language).
#[must_use = "the language holds only while the guard lives"]
pub fn speaking(lang: Lang) -> Speaking {
    Speaking(SPEAKING.with(|s| s.replace(lang)))
}

/// Holds [`speaking`]'s language; dropping it restores the one before.
pub struct Speaking(Lang);

impl Drop for Speaking {
    fn drop(&mut self) {
        SPEAKING.with(|s| s.set(self.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_heaviest_language_we_speak() {
        assert_eq!(
            Lang::from_accept_language("sv-SE,sv;q=0.9,en;q=0.5"),
            Some(Lang::Sv)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE, da;q=0.8, en;q=0.9"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_accept_language("nb,de"), None);
        assert_eq!(Lang::from_accept_language("id;q=0, da"), Some(Lang::Da));
        assert_eq!(
            Lang::from_accept_language("en;q=0.2,ID;q=0.7"),
            Some(Lang::Id)
        );
        assert_eq!(Lang::from_accept_language(""), None);
        assert_eq!(Lang::from_accept_language("sv;q=abc"), None);
    }

    #[test]
    fn a_language_code_is_read_or_refused_by_name() {
        assert_eq!(Lang::parse("language", " SV ").unwrap(), Lang::Sv);
        let err = Lang::parse("language", "de").unwrap_err();
        assert!(
            err.message.contains("\"de\" is not one of"),
            "{}",
            err.message
        );
    }

    #[test]
    fn plurals_follow_each_language() {
        let count = |lang, n: i64| t_args(lang, "people-count", &[("count", n.into())]);
        assert_eq!(
            (count(Lang::En, 1), count(Lang::En, 5)),
            ("1 person".into(), "5 people".into())
        );
        assert_eq!(count(Lang::Sv, 5), "5 personer");
        assert_eq!(count(Lang::Da, 1), "1 person");
        // Indonesian has one form for every number.
        assert_eq!(
            (count(Lang::Id, 1), count(Lang::Id, 5)),
            ("1 orang".into(), "5 orang".into())
        );
    }

    #[test]
    fn the_guard_restores_the_language_before() {
        assert_eq!(current(), Lang::En);
        {
            let _sv = speaking(Lang::Sv);
            assert_eq!(current(), Lang::Sv);
            {
                let _da = speaking(Lang::Da);
                assert_eq!(current(), Lang::Da);
            }
            assert_eq!(current(), Lang::Sv);
        }
        assert_eq!(current(), Lang::En);
    }

    /// Each language's files and the keys they define, read from the source tree.
    fn catalogue() -> std::collections::BTreeMap<(Lang, String), Vec<String>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n/locales");
        let mut out = std::collections::BTreeMap::new();
        for lang in Lang::ALL {
            for entry in std::fs::read_dir(root.join(lang.as_str())).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                if let Err((_, errors)) =
                    fluent_templates::fluent_bundle::FluentResource::try_new(text.clone())
                {
                    panic!("{}: {errors:?}", path.display());
                }
                let keys = text
                    .lines()
                    .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
                    .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
                    .collect();
                let area = path.file_name().unwrap().to_string_lossy().into_owned();
                out.insert((lang, area), keys);
            }
        }
        out
    }

    #[test]
    fn every_language_has_every_file_and_key_english_has() {
        let catalogue = catalogue();
        let mut problems = Vec::new();
        for ((lang, area), keys) in &catalogue {
            let english = catalogue.get(&(Lang::En, area.clone()));
            let Some(english) = english else {
                problems.push(format!("{lang}/{area} has no English file"));
                continue;
            };
            for key in english.iter().filter(|k| !keys.contains(k)) {
                problems.push(format!("{lang}/{area} lacks {key}"));
            }
            for key in keys.iter().filter(|k| !english.contains(k)) {
                problems.push(format!("{lang}/{area} has {key}, which English lacks"));
            }
        }
        for ((lang, area), _) in catalogue.iter().filter(|((l, _), _)| *l == Lang::En) {
            for other in Lang::ALL.into_iter().filter(|l| l != lang) {
                if !catalogue.contains_key(&(other, area.clone())) {
                    problems.push(format!("{other} has no {area}"));
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn every_key_a_template_uses_is_defined() {
        let defined: Vec<String> = catalogue()
            .into_iter()
            .filter(|((l, _), _)| *l == Lang::En)
            .flat_map(|(_, keys)| keys)
            .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut missing = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split("key=\"").skip(1) {
                    let key = piece.split('"').next().unwrap_or("");
                    // `key="status-" ~ code`: some message must complete the prefix.
                    let known = match key.strip_suffix('-') {
                        Some(_) => defined.iter().any(|d| d.starts_with(key)),
                        None => defined.iter().any(|d| d == key),
                    };
                    if !known {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "{missing:#?}");
    }
}
