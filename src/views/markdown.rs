//! Markdown from people, rendered to HTML that is safe to mark `| safe`: pulldown-cmark
//! renders, ammonia removes scripts, event handlers, styles and `javascript:` links.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use pulldown_cmark::{html, Options, Parser};

/// The sanitiser, built once (its allow-lists are sets it would otherwise rebuild).
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.url_schemes(["http", "https", "mailto"].into());
    builder
});

/// Rendered text by its Markdown: boards show the same cards over and over, and cards
/// rarely change. Emptied when full, so it never holds more than `CACHE_ENTRIES`.
static CACHE: LazyLock<Mutex<HashMap<String, String>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));
const CACHE_ENTRIES: usize = 4096;

pub fn render(markdown: &str) -> String {
    if markdown.is_empty() {
        return String::new();
    }
    if let Ok(cache) = CACHE.lock() {
        if let Some(html) = cache.get(markdown) {
            return html.clone();
        }
    }
    let html = render_uncached(markdown);
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(markdown.to_string(), html.clone());
    }
    html
}

fn render_uncached(markdown: &str) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 2);
    html::push_html(
        &mut unsafe_html,
        Parser::new_ext(
            markdown,
            Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
        ),
    );
    CLEANER.clean(&unsafe_html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_and_script_does_not() {
        assert_eq!(render("**CPA** fell"), "<p><strong>CPA</strong> fell</p>\n");
        for evil in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "![x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<div style=\"background:url(x)\" onclick=\"alert(1)\">y</div>",
        ] {
            let html = render(evil);
            assert!(
                !html.contains("<script")
                    && !html.contains("onerror")
                    && !html.contains("javascript:")
                    && !html.contains("onclick")
                    && !html.contains("style="),
                "{evil} -> {html}"
            );
        }
        assert!(render("[site](https://example.com)").contains("rel=\"noopener noreferrer\""));
        assert_eq!(render(""), "");
        assert_eq!(
            render("**CPA** fell"),
            render("**CPA** fell"),
            "cached the same"
        );
    }
}
