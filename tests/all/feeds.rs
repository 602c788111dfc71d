//! The Atom feed, the updates page, sitemap.xml and robots.txt, read with a real XML parser.

use crate::common::*;
use std::path::Path;

fn built() -> (TempDir, std::collections::BTreeMap<String, Vec<u8>>) {
    let tmp = tempdir();
    let out = build(Path::new("content"), tmp.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = files(tmp.path());
    (tmp, files)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8(files[rel].clone()).unwrap()
}

#[test]
fn atom_feed_is_well_formed_and_newest_first() {
    let (_tmp, files) = built();
    let feed = text(&files, "atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let child = |n: roxmltree::Node, name: &str| {
        n.children().find(|c| c.tag_name().name() == name).map(|c| c.text().unwrap_or("").to_string())
    };
    assert!(child(root, "author").is_some() || root.children().any(|c| c.tag_name().name() == "author"));
    let entries: Vec<_> = root.children().filter(|c| c.tag_name().name() == "entry").collect();
    assert!(entries.len() >= 40, "{} entries", entries.len());
    let dates: Vec<String> = entries.iter().map(|e| child(*e, "updated").unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "not newest first: {dates:?}");
    assert_eq!(child(root, "updated").unwrap(), dates[0], "feed updated is the newest entry");
    for e in &entries {
        let id = child(*e, "id").unwrap();
        let rel = id.strip_prefix("https://example.org/").unwrap();
        assert!(files.contains_key(&format!("{rel}index.html")), "{id} is not a built page");
    }
    let updates = text(&files, "updates/index.html");
    let first = entries[0].children().find(|c| c.tag_name().name() == "title").unwrap().text().unwrap();
    assert!(updates.contains(first) && updates.contains("atom.xml"));
}

#[test]
fn sitemap_lists_every_page_once_and_robots_points_to_it() {
    let (_tmp, files) = built();
    let sitemap = text(&files, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("well-formed XML");
    let locs: Vec<&str> =
        doc.descendants().filter(|n| n.tag_name().name() == "loc").map(|n| n.text().unwrap()).collect();
    let mut unique = locs.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), locs.len(), "duplicate URLs");
    for loc in &locs {
        let rel = loc.strip_prefix("https://example.org/").unwrap();
        assert!(files.contains_key(&format!("{rel}index.html")), "{loc} is not a built page");
    }
    // Every public page: each `index.html` the build wrote (the 404 page is no page of its own).
    let mut pages: Vec<String> =
        files.keys().filter_map(|k| k.strip_suffix("index.html")).map(|p| format!("https://example.org/{p}")).collect();
    pages.sort_unstable();
    assert_eq!(unique, pages, "the sitemap lists every page");
    assert!(text(&files, "robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn feeds_escape_record_text_and_hold_no_private_notes() {
    let tmp = tempdir();
    assert!(build(Path::new("tests/fixtures/xss"), tmp.path(), &[]).status.success());
    let feed = std::fs::read_to_string(tmp.path().join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).expect("record text is escaped");
    let title = doc
        .descendants()
        .find(|n| n.tag_name().name() == "entry")
        .unwrap()
        .children()
        .find(|c| c.tag_name().name() == "title")
        .unwrap();
    assert!(title.text().unwrap().contains("<script>"), "the name is kept as text");
    let (_t, files) = built();
    for s in private_strings("content") {
        for rel in ["atom.xml", "sitemap.xml", "updates/index.html"] {
            assert!(!text(&files, rel).contains(&s), "{s:?} in {rel}");
        }
    }
}
