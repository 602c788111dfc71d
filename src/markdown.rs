//! Markdown descriptions to safe HTML.
//!
//! pulldown-cmark passes raw HTML through, so its output is cleaned by ammonia: no script,
//! no event handlers, no `javascript:` URLs. Headings move one level down because the page
//! title is the only `<h1>`.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::sync::OnceLock;

pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: demote(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    cleaner().clean(&html).to_string()
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            .rm_tags(["img"]);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_script_handlers_and_js_urls() {
        let html = to_html(
            "# 标题\n\n<script>alert(1)</script><img src=x onerror=alert(2)>\n\n[点我](javascript:alert(3)) <a href=\"https://a.example\" onclick=\"x()\">外链</a>",
        );
        assert!(html.contains("<h2>标题</h2>"), "{html}");
        for bad in ["<script", "onerror", "onclick", "javascript:", "<img"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
