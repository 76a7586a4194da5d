//! Markdown from people, rendered to HTML that is safe to mark `| safe`: pulldown-cmark
//! renders, ammonia removes scripts, event handlers, styles and `javascript:` links.

use pulldown_cmark::{html, Options, Parser};

pub fn render(markdown: &str) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 2);
    html::push_html(
        &mut unsafe_html,
        Parser::new_ext(
            markdown,
            Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
        ),
    );
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .clean(&unsafe_html)
        .to_string()
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
    }
}
