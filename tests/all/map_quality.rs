//! The map (/map/, /map/<category>/) and the data quality page.

use crate::common::*;
use std::path::Path;

fn links_in_svg(page: &str) -> Vec<String> {
    let svg = &page[page.find("<svg").expect("an inline SVG")..page.find("</svg>").unwrap()];
    tags(svg).into_iter().filter(|t| t.name == "a").filter_map(|t| t.attr("href").map(String::from)).collect()
}

#[test]
fn every_map_point_links_to_a_built_page() {
    let tmp = tempdir();
    assert!(build(Path::new("content"), tmp.path(), &[]).status.success());
    let files = files(tmp.path());
    let page = read(tmp.path(), "map/index.html");
    let links = links_in_svg(&page);
    let records: Vec<&String> =
        files.keys().filter(|k| k.starts_with("bases/") && k.ends_with("/index.html")).collect();
    let points: Vec<&String> = links.iter().filter(|l| l.starts_with("../bases/")).collect();
    assert_eq!(points.len(), records.len(), "every sample record has a location and a point");
    for link in &links {
        let target = format!("{}index.html", link.trim_start_matches("../"));
        assert!(files.contains_key(&target), "map links to {link}, which was not built");
    }
    assert_eq!(links.iter().filter(|l| l.starts_with("../counties/")).count(), 6, "six county seats");
    // A category map shows only that category.
    let museums = read(tmp.path(), "map/museum/index.html");
    for link in links_in_svg(&museums).iter().filter(|l| l.starts_with("../../bases/")) {
        let record = read(tmp.path(), &format!("{}index.html", link.trim_start_matches("../../")));
        assert!(record.contains("categories/museum/"), "{link} is not a museum");
    }
}

#[test]
fn quality_page_counts_records_and_lists_the_stale_ones() {
    let tmp = tempdir();
    assert!(build(Path::new("tests/fixtures/minimal"), tmp.path(), &[]).status.success());
    let page = read(tmp.path(), "data/quality/index.html");
    assert!(page.contains("共 2 条记录"), "{page}");
    let stale = &page[page.find("超过 12 个月未核实").unwrap()..];
    assert!(stale.contains("测试家长学校") && !stale[..stale.find("</section>").unwrap()].contains("测试博物馆"));
    let missing_location = &page[page.find("缺少坐标").unwrap()..];
    assert!(missing_location[..missing_location.find("</section>").unwrap()].contains("测试家长学校"));
    // What a keeper needs to act: the file to edit and the number to call, before the counts.
    let stale = &page[page.find("超过 12 个月未核实 <span").unwrap()..];
    let stale = &stale[..stale.find("</section>").unwrap()];
    assert!(
        stale.contains("<code>bases/arxan/old-school.yaml</code>") && stale.contains("href=tel:04825550202"),
        "{stale}"
    );
    assert!(page.find("超过 12 个月未核实 <span").unwrap() < page.find("id=h-counts").unwrap());
    // On a phone each count names its category (the table's cells carry their column's name).
    assert!(page.contains("data-label=博物馆"), "{page}");
}
