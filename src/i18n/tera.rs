//! What templates call to speak the page's language (see the module above): the `t` and
//! `t_html` functions for messages, and filters that write dates and numbers by locale.

use std::collections::HashMap;

use chrono::NaiveDate;
use tera::{Tera, Value};

use super::{current, format, lookup, Arg};

/// Add the language functions and filters to `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_function("t", Message { markup: false });
    tera.register_function("t_html", Message { markup: true });
    tera.register_filter("long_date", long_date);
    tera.register_filter("month_name", month_name);
    tera.register_filter("short_month", short_month);
    tera.register_filter("num", num);
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

fn text<'a>(value: &'a Value, filter: &str) -> tera::Result<&'a str> {
    value
        .as_str()
        .ok_or_else(|| tera::Error::msg(format!("{filter} takes a text, not {value}")))
}

/// `"2026-12-02" | long_date` → "2 December 2026" in the page's language.
fn long_date(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let raw = text(value, "long_date")?;
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| tera::Error::msg(format!("long_date: {raw:?} is not YYYY-MM-DD")))?;
    Ok(Value::String(format::long_date(current(), date)))
}

fn year_month(raw: &str, filter: &str) -> tera::Result<(i32, u32)> {
    raw.split_once('-')
        .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
        .filter(|(_, m)| (1..=12).contains(m))
        .ok_or_else(|| tera::Error::msg(format!("{filter}: {raw:?} is not YYYY-MM")))
}

/// `"2026-12" | month_name` → "December 2026" in the page's language.
fn month_name(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let (y, m) = year_month(text(value, "month_name")?, "month_name")?;
    Ok(Value::String(format::month_year(current(), y, m)))
}

/// `"2026-12" | short_month` → "Dec 2026" in the page's language.
fn short_month(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let (y, m) = year_month(text(value, "short_month")?, "short_month")?;
    Ok(Value::String(format::short_month_year(current(), y, m)))
}

/// `1393.5 | num` → "1,393.5" / "1 393,5" / "1.393,5".
fn num(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = value
        .as_f64()
        .ok_or_else(|| tera::Error::msg(format!("num takes a number, not {value}")))?;
    Ok(Value::String(format::number(current(), n)))
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
    fn messages_dates_and_numbers_follow_the_page_s_language() {
        use crate::i18n::Lang;
        let page =
            r#"{{ t(key="nav-sign-out") }} · {{ "2026-12" | month_name }} · {{ 1393.5 | num }}"#;
        assert_eq!(
            render(page, Lang::Sv),
            "Logga ut · december 2026 · 1\u{a0}393,5"
        );
        assert_eq!(render(page, Lang::Da), "Log ud · december 2026 · 1.393,5");
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
