//! What templates call to speak the page's language (see the module above): the `t` and
//! `t_html` functions for messages. Dates and numbers are written by the views, which
//! take the reader's language (see `format`).

use std::collections::HashMap;

use tera::{Tera, Value};

use super::{current, lookup, Arg};

/// Add the language functions and filters to `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_function("t", Message { markup: false });
    tera.register_function("t_html", Message { markup: true });
}

/// `t(key="…", name=…)`: the message in the page's language; `t_html` for a message
/// whose key ends in `-html`, which may hold our own markup (its text arguments are
/// escaped, and the result is not escaped again).
struct Message {
    markup: bool,
}

impl tera::Function for Message {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
        if self.markup != key.ends_with("-html") {
            return Err(tera::Error::msg(format!(
                "{key}: keys ending in -html go through t_html(), the others through t()"
            )));
        }
        let fluent_args: Vec<(&str, Arg<'_>)> = args
            .iter()
            .filter(|(name, _)| name.as_str() != "key")
            .map(|(name, value)| (name.as_str(), self.arg(value)))
            .collect();
        // A key no file defines (the tests keep templates from naming one; a key built
        // from data, `"status-" ~ code`, could) reads as itself rather than failing the page.
        Ok(Value::String(
            lookup(current(), key, &fluent_args).unwrap_or_else(|| {
                tracing::warn!(key, "no language file defines this message");
                key.to_string()
            }),
        ))
    }

    fn is_safe(&self) -> bool {
        self.markup
    }
}

impl Message {
    fn arg<'a>(&self, value: &'a Value) -> Arg<'a> {
        match value {
            Value::Number(n) => Arg::Number(n.as_f64().unwrap_or(0.0)),
            Value::String(s) if self.markup => Arg::Text(tera::escape_html(s).into()),
            Value::String(s) => Arg::Text(s.as_str().into()),
            Value::Null => Arg::Text("".into()),
            other => {
                let text = other.to_string();
                Arg::Text(
                    if self.markup {
                        tera::escape_html(&text)
                    } else {
                        text
                    }
                    .into(),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(source: &str, lang: crate::i18n::Lang) -> String {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template("t.html", source).unwrap();
        let _speaking = crate::i18n::speaking(lang);
        tera.render("t.html", &tera::Context::new()).unwrap()
    }

    #[test]
    fn messages_follow_the_page_s_language() {
        use crate::i18n::Lang;
        let page = r#"{{ t(key="nav-sign-out") }} · {{ t(key="people-count", count=5) }}"#;
        assert_eq!(render(page, Lang::Sv), "Logga ut · 5 personer");
        assert_eq!(render(page, Lang::Id), "Keluar · 5 orang");
    }

    #[test]
    fn markup_messages_escape_their_arguments_and_plain_ones_are_escaped_by_tera() {
        use crate::i18n::Lang;
        let html = render(
            r#"{{ t_html(key="card-no-values-html", id="<b>") }}"#,
            Lang::En,
        );
        assert!(html.contains("/metrics/&lt;b&gt;#enter-value"), "{html}");
        let plain = render(r#"{{ t(key="card-owned-by", owner="<i>") }}"#, Lang::En);
        assert!(
            plain.contains("&lt;i&gt;") && !plain.contains("<i>"),
            "{plain}"
        );
    }

    #[test]
    fn an_unknown_message_reads_as_its_key_instead_of_failing_the_page() {
        let html = render(
            r#"{{ t(key="review-status-" ~ "archived") }}"#,
            crate::i18n::Lang::Da,
        );
        assert_eq!(html, "review-status-archived");
    }
}
