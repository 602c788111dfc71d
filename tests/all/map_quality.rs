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
fn quality_page_lists_what_to_check_first_then_the_counts() {
    let tmp = tempdir();
    assert!(build(Path::new("tests/fixtures/minimal"), tmp.path(), &[]).status.success());
    let page = read(tmp.path(), "data/quality/index.html");
    assert!(page.contains("共 2 条记录"), "{page}");
    let section = |id: &str| {
        let from = page.find(&format!("id={id}>")).unwrap_or_else(|| panic!("{id}: {page}"));
        page[from..from + page[from..].find("</section>").unwrap()].to_string()
    };
    // What a keeper needs to act: by county, the file to edit and the number to call.
    let due = section("h-due");
    assert!(due.contains("待核实 <span class=n>1 条</span>"), "{due}");
    assert!(due.contains("id=due-arxan>阿尔山市 <span class=n>1 条</span>"), "{due}");
    assert!(due.contains("测试家长学校") && due.contains("<strong>已过期</strong>") && !due.contains("测试博物馆"));
    assert!(due.contains("<code>bases/arxan/old-school.yaml</code>") && due.contains("href=tel:04825550202"), "{due}");
    assert!(section("h-closed").contains("测试家长学校"));
    assert!(section("h-no-location").contains("测试家长学校"));
    assert!(page.find("id=h-due").unwrap() < page.find("id=h-counts").unwrap());
    // On a phone each count names its category (the table's cells carry their column's name).
    assert!(page.contains("data-label=博物馆"), "{page}");
    let csv = read(tmp.path(), "data/quality/due-arxan.csv");
    assert_eq!(
        csv,
        "\u{feff}名称,核实到期,最后核实,预约电话,联系部门,状态,文件,记录id,网址\r\n\
         测试家长学校,2025-05-01,2024-05-01,0482-555 0202,,暂停开放,bases/arxan/old-school.yaml,old-school,\
         https://example.org/qd/bases/old-school/\r\n"
    );

    // Ten months later the museum, verified on 2026-11-01, falls due within 60 days.
    let later = tempdir();
    let out = later.path().to_str().unwrap();
    assert!(qingdan(&["build", "--content", "tests/fixtures/minimal", "-o", out, "--today", "2027-09-15"])
        .status
        .success());
    let page = read(later.path(), "data/quality/index.html");
    let due = &page[page.find("id=due-ulanhot>").unwrap()..];
    assert!(due.contains("测试博物馆") && due.contains("2027-11-01 到期 · 最后核实 2026-11-01"), "{due}");
    assert!(read(later.path(), "data/quality/due-ulanhot.csv").contains("测试博物馆,2027-11-01,2026-11-01"));
}
