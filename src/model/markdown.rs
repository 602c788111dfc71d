//! Markdown of descriptions and free pages, read one way for pages ([`to_html`]) and search
//! ([`to_text`]).
//!
//! pulldown-cmark passes raw HTML through, so its output is cleaned by ammonia: no script,
//! no event handlers, no `javascript:` URLs. Headings move one level down because the page
//! title is the only `<h1>`. A description is parsed once for its page and once for its
//! search words, in stages that run side by side: keeping the parsed form for the other would
//! hold every description twice for the whole build (the generated 100,000-record directory
//! has 270 MB of descriptions, against a 1.5 GB memory goal).

use super::is_control;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::sync::OnceLock;

/// The Markdown that descriptions may use: CommonMark, tables and strikethrough.
fn parse(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH)
}

/// Text and raw HTML without control characters, which a character reference (`&#27;`) can
/// still make: no page may carry one.
fn visible(event: Event<'_>) -> Event<'_> {
    let clean = |t: &str| t.chars().filter(|c| !is_control(*c)).collect::<String>();
    match event {
        Event::Text(t) if t.chars().any(is_control) => Event::Text(clean(&t).into()),
        Event::Code(t) if t.chars().any(is_control) => Event::Code(clean(&t).into()),
        Event::Html(t) if t.chars().any(is_control) => Event::Html(clean(&t).into()),
        Event::InlineHtml(t) if t.chars().any(is_control) => Event::InlineHtml(clean(&t).into()),
        other => other,
    }
}

/// Safe HTML, headings starting at `<h2>`.
pub fn to_html(markdown: &str) -> String {
    let events: Vec<Event> = parse(markdown).map(visible).collect();
    // The top heading level of the text becomes <h2>, keeping the levels below it in order.
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let shift =
        |level: HeadingLevel| HeadingLevel::try_from((level as usize + 2).saturating_sub(top).min(6)).unwrap_or(level);
    let events = events.into_iter().map(|event| match event {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: shift(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    let html = rel_only_on_links(cleaner().clean(&html).to_string());
    // A character reference in raw HTML (`href="&#27;"`) is decoded by the sanitiser. Replaced,
    // not removed: removed, `jav&#27;ascript:` would become a script link after the check.
    if html.chars().any(is_control) {
        html.chars().map(|c| if is_control(c) { '\u{FFFD}' } else { c }).collect()
    } else {
        html
    }
}

/// ammonia gives every `<a>` a `rel`, but `rel` is only valid on a link with an `href`: an
/// `<a>` of raw HTML without one keeps none. (ammonia writes attributes double-quoted.)
fn rel_only_on_links(html: String) -> String {
    if !html.contains("<a ") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<a ") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        if tag.contains(" href=\"") {
            out.push_str(tag);
        } else {
            out.push_str(&tag.replace(" rel=\"noopener noreferrer\"", ""));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `markdown` without its HTML comments (`<!-- … -->`), where people keep notes that are not for
/// publishing; comments inside code stay, as they are text there.
pub fn without_comments(markdown: &str) -> String {
    if !markdown.contains("<!--") {
        return markdown.to_string();
    }
    let code: Vec<std::ops::Range<usize>> = parse(markdown)
        .into_offset_iter()
        .filter(|(e, _)| matches!(e, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range)
        .collect();
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    while let Some(open) = markdown[at..].find("<!--").map(|i| at + i) {
        let Some(close) = markdown[open..].find("-->").map(|i| open + i + 3) else { break };
        if code.iter().any(|r| r.contains(&open)) {
            out.push_str(&markdown[at..open + 4]);
            at = open + 4;
        } else {
            out.push_str(&markdown[at..open]);
            at = close;
        }
    }
    out.push_str(&markdown[at..]);
    out
}

/// The words of a Markdown text, for the search index: no markup, no raw HTML.
pub fn to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in parse(markdown).map(visible) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push('\n'),
            _ => {}
        }
    }
    text
}

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"))
            // <details> wants a <summary> first, which Markdown cannot promise.
            .rm_tags(["img", "details", "summary"]);
        b
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_start_at_h2() {
        assert_eq!(to_html("## 甲\n\n### 乙\n"), "<h2>甲</h2>\n<h3>乙</h3>\n");
        assert_eq!(to_html("# 甲\n\n## 乙\n"), "<h2>甲</h2>\n<h3>乙</h3>\n");
        assert_eq!(to_html("### 甲\n"), "<h2>甲</h2>\n");
    }

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

    #[test]
    fn the_html_it_writes_is_valid() {
        assert_eq!(
            to_html("<a name=x>anchor</a> [link](https://a.example)"),
            "<p><a>anchor</a> <a href=\"https://a.example\" rel=\"noopener noreferrer\">link</a></p>\n"
        );
        assert_eq!(to_html("<details><p>more</p></details>"), "<p>more</p>");
    }

    #[test]
    fn comments_are_notes_not_for_publishing() {
        let md = "开放。<!-- 电话待确认 -->\n\n<!--\n负责人：张三\n-->\n\n`<!-- code -->` 保留\n";
        assert_eq!(without_comments(md), "开放。\n\n\n\n`<!-- code -->` 保留\n");
        assert_eq!(without_comments("无注释 *强调*\n"), "无注释 *强调*\n");
    }

    #[test]
    fn character_references_make_no_control_characters() {
        assert_eq!(to_html("a&#27;b `&#7;` c\n"), "<p>ab <code>&amp;#7;</code> c</p>\n");
        assert_eq!(to_text("a&#27;b"), "ab\n");
    }
}
