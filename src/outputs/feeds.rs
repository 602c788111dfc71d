//! Feeds: `/atom.xml` and `/updates/` (records by last change, newest first), `sitemap.xml`
//! and `robots.txt`, all with absolute URLs from `base_url`.

use crate::model::{urls, Directory, Record};
use crate::write::Output;
use std::fmt::Write as _;

/// Entries in the feed and on the updates page: the most recent changes, not the whole directory.
const RECENT: usize = 100;
/// The sitemap protocol's limit of URLs per file.
const SITEMAP_URLS: usize = 50_000;

pub fn outputs(dir: &Directory) -> Vec<Output<'_>> {
    let recent = dir.recent(RECENT);
    let records: Vec<_> = recent.iter().map(|r| crate::pages::views::summary(dir, r)).collect();
    let mut context = serde_json::Map::new();
    context.insert("records".into(), serde_json::to_value(records).expect("plain data"));
    let mut out = vec![
        Output::File { path: "atom.xml".into(), bytes: atom(dir, &recent).into_bytes() },
        Output::File {
            path: "robots.txt".into(),
            bytes: format!("User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n", dir.site.base_url).into_bytes(),
        },
        Output::Page {
            template: "updates.html",
            path: urls::UPDATES.into(),
            key: dir.digest(),
            context: Box::new(move || context.clone()),
        },
    ];
    out.extend(sitemaps(dir));
    out
}

/// Text for XML content and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' => {}
            c => out.push(c),
        }
    }
    out
}

fn timestamp(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00+08:00")
}

fn atom(dir: &Directory, recent: &[&Record]) -> String {
    let base = &dir.site.base_url;
    let newest = recent.first().and_then(|r| r.updated).unwrap_or(dir.today);
    let author = dir.site.publisher.as_deref().unwrap_or(&dir.site.title);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n",
    );
    let _ = writeln!(x, "<title>{}</title>", xml(&format!("{}：最近更新", dir.site.title)));
    let _ = writeln!(x, "<id>{}</id>\n<updated>{}</updated>", xml(base), timestamp(newest));
    let _ = writeln!(
        x,
        "<link rel=\"self\" href=\"{}atom.xml\"/>\n<link rel=\"alternate\" href=\"{}updates/\"/>",
        xml(base),
        xml(base)
    );
    let _ = writeln!(x, "<author><name>{}</name></author>", xml(author));
    for r in recent {
        let url = dir.record_url(r);
        let mut summary = vec![dir.categories[r.category].name.clone(), dir.counties[r.county].name.clone()];
        summary.extend(r.address.clone());
        summary.extend(r.booking.phones.first().map(|p| format!("预约电话 {}", p.display)));
        summary.extend(r.hours.as_ref().map(|h| h.text.clone()));
        if r.stale {
            summary.push("信息待核实".into());
        }
        let _ = writeln!(
            x,
            "<entry><title>{}</title><id>{}</id><link href=\"{}\"/><updated>{}</updated><summary>{}</summary></entry>",
            xml(&r.name),
            xml(&url),
            xml(&url),
            timestamp(r.updated.unwrap_or(dir.today)),
            xml(&summary.join(" · "))
        );
    }
    x.push_str("</feed>\n");
    x
}

/// `sitemap.xml`, or a sitemap index over `sitemap-N.xml` files beyond 50,000 URLs.
fn sitemaps(dir: &Directory) -> Vec<Output<'static>> {
    let mut list: Vec<(String, Option<jiff::civil::Date>)> =
        ["", urls::COUNTIES, urls::CATEGORIES, urls::THEMES, urls::SEARCH, urls::UPDATES]
            .iter()
            .map(|p| (p.to_string(), None))
            .collect();
    list.extend(dir.counties.iter().map(|c| (urls::county(&c.id), None)));
    list.extend(dir.categories.iter().map(|c| (urls::category(&c.id), None)));
    list.extend(dir.themes.iter().map(|t| (urls::theme(&t.id), None)));
    list.extend(dir.pages.iter().map(|p| (urls::page(&p.id), None)));
    list.extend([urls::DATA, urls::QUALITY].map(|p| (p.to_string(), None)));
    list.extend(super::map::pages(dir).map(|(c, k)| (super::map::map_path(dir, c, k), None)));
    list.extend(dir.records.iter().map(|r| (urls::record(&r.id), r.updated)));
    // The other editions' pages: those of the first that are in every edition.
    let everywhere: Vec<_> = list.iter().filter(|(p, _)| crate::pages::editions::everywhere(p)).cloned().collect();
    for (_, prefix, _) in crate::pages::editions::LANGS.iter().skip(1) {
        list.extend(everywhere.iter().map(|(p, d)| (format!("{prefix}{p}"), *d)));
    }
    let base = &dir.site.base_url;
    let file = |chunk: &[(String, Option<jiff::civil::Date>)]| {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (path, date) in chunk {
            let _ = write!(x, "<url><loc>{}</loc>", xml(&format!("{base}{path}")));
            if let Some(d) = date {
                let _ = write!(x, "<lastmod>{d}</lastmod>");
            }
            x.push_str("</url>\n");
        }
        x.push_str("</urlset>\n");
        x.into_bytes()
    };
    if list.len() <= SITEMAP_URLS {
        return vec![Output::File { path: "sitemap.xml".into(), bytes: file(&list) }];
    }
    let mut out = Vec::new();
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, chunk) in list.chunks(SITEMAP_URLS).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        let _ = writeln!(index, "<sitemap><loc>{}</loc></sitemap>", xml(&format!("{base}{name}")));
        out.push(Output::File { path: name, bytes: file(chunk) });
    }
    index.push_str("</sitemapindex>\n");
    out.push(Output::File { path: "sitemap.xml".into(), bytes: index.into_bytes() });
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(super::xml("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }
}
