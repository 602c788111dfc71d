//! Links that name files: with `links: files`, every link of a page to a folder of the site
//! (`../counties/`, `search/?q=…`) names the folder's `index.html`, because a site opened from
//! a folder, a zip or a USB stick (`file://`) has no server to find it and shows a listing.
//! Done on the rendered page, so templates and views keep one form of every address.

use crate::model::urls;

/// The page with the `href` and `action` values that lead to a folder of the site made to
/// name its page file. Templates quote every attribute with `"`, and anything a record says is
/// escaped, so a value ends at the next `"`.
pub fn to_files(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = next_link(rest) {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        out.push_str(&file_link(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Where the next `href="` or `action="` value starts.
fn next_link(s: &str) -> Option<usize> {
    [" href=\"", " action=\""].iter().filter_map(|a| s.find(a).map(|i| i + a.len())).min()
}

/// A relative link to a folder, with its query or fragment, as a link to the folder's page.
/// Tera writes `/` in values as `&#x2F;`; it needs no escaping, and comes out plain.
fn file_link(value: &str) -> String {
    let value = &value.replace("&#x2F;", "/");
    let cut = value.find(['?', '#']).unwrap_or(value.len());
    let (path, suffix) = value.split_at(cut);
    let outside = path.is_empty() || path.starts_with('/') || path.contains(':');
    if outside || !path.ends_with('/') {
        return value.to_string();
    }
    format!("{}{suffix}", urls::file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_links_name_their_page_and_nothing_else_changes() {
        let page = concat!(
            r##"<a href="./">首页</a><a href="..&#x2F;..&#x2F;counties&#x2F;arxan&#x2F;">阿尔山市</a>"##,
            r##"<form action="../search/" method="get"><a href="search/?free=1#r">免费</a>"##,
            r##"<a href="contact.vcf">名片</a><a href="https://example.org/x/">外部</a><a href="#main">跳</a>"##,
            r##"<a href="/abs/">根</a><a href="tel:0482">电话</a><div data-index="../search/v1/"></div>"##,
        );
        assert_eq!(
            to_files(page),
            concat!(
                r##"<a href="./index.html">首页</a><a href="../../counties/arxan/index.html">阿尔山市</a>"##,
                r##"<form action="../search/index.html" method="get"><a href="search/index.html?free=1#r">免费</a>"##,
                r##"<a href="contact.vcf">名片</a><a href="https://example.org/x/">外部</a><a href="#main">跳</a>"##,
                r##"<a href="/abs/">根</a><a href="tel:0482">电话</a><div data-index="../search/v1/"></div>"##,
            )
        );
    }
}
