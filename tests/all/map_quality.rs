//! The map (/map/, /map/<category>/) and the data quality page.

use crate::common::*;
use std::path::Path;

fn svg_tags(page: &str) -> Vec<Tag> {
    tags(&page[page.find("<svg").expect("an inline SVG")..page.find("</svg>").unwrap()])
}

fn links_in_svg(page: &str) -> Vec<String> {
    svg_tags(page).into_iter().filter(|t| t.name == "a").filter_map(|t| t.attr("href").map(String::from)).collect()
}

/// The circles of a map as (x, y, r).
fn circles(page: &str) -> Vec<(f64, f64, f64)> {
    let num = |t: &Tag, a: &str| t.attr(a).unwrap().parse::<f64>().unwrap();
    svg_tags(page).iter().filter(|t| t.name == "circle").map(|t| (num(t, "cx"), num(t, "cy"), num(t, "r"))).collect()
}

/// No two circles overlap, and each is at least 44 units across (a fingertip at phone width).
fn assert_touchable(page: &str) {
    let all = circles(page);
    for (i, a) in all.iter().enumerate() {
        assert!(a.2 >= 22.0, "{a:?} is too small to tap");
        for b in &all[i + 1..] {
            assert!((a.0 - b.0).hypot(a.1 - b.1) >= a.2 + b.2 - 0.2, "{a:?} and {b:?} overlap");
        }
    }
}

#[test]
fn the_league_map_groups_places_by_county_and_each_county_zooms_in() {
    let tmp = tempdir();
    assert!(build(Path::new("content"), tmp.path(), &[]).status.success());
    let dir = sample_directory();
    let files = files(tmp.path());
    let league = read(tmp.path(), "map/index.html");
    // Over the League: one circle per county, each leading to its zoomed map; no single places.
    let links = links_in_svg(&league);
    let expected: Vec<String> = dir.counties.iter().map(|c| format!("../map/{}/", c.id)).collect();
    assert_eq!(links, expected);
    assert_touchable(&league);
    assert!(league.contains("不表示行政区划界线"), "a schematic says so");
    for (k, county) in dir.counties.iter().enumerate() {
        let page = read(tmp.path(), &format!("map/{}/index.html", county.id));
        let mine: Vec<&qingdan::Record> = dir.records.iter().filter(|r| r.county == k).collect();
        assert!(league.contains(&format!("{} 处<", mine.len())), "{} shows its count", county.name);
        assert_touchable(&page);
        // Every mark leads to a record page or to its entry in the list under the map.
        for link in links_in_svg(&page) {
            match link.strip_prefix('#') {
                Some(id) => assert!(tags(&page).iter().any(|t| t.name == "li" && t.attr("id") == Some(id)), "{link}"),
                None => assert!(files.contains_key(&format!("{}index.html", &link[6..])), "{link} not built"),
            }
        }
        // The list names each of the county's places once, and nothing else.
        let list = &page[page.find("class=map-list").unwrap()..];
        let listed =
            tags(list).iter().filter(|t| t.name == "a").filter(|t| t.attr("href").unwrap().contains("bases/")).count();
        assert_eq!(listed, mine.len(), "{}", county.name);
        for r in &mine {
            assert_eq!(list.matches(&format!("bases/{}/", r.id)).count(), 1, "{} listed once", r.id);
        }
    }
    // A category's maps show only that category.
    let museums = read(tmp.path(), "map/museum/index.html");
    assert_touchable(&museums);
    for link in links_in_svg(&museums) {
        let zoom = read(tmp.path(), &format!("{}index.html", &link[6..]));
        for href in tags(&zoom).iter().filter_map(|t| t.attr("href")).filter(|h| h.starts_with("../../../bases/")) {
            let record = read(tmp.path(), &format!("{}index.html", &href[9..]));
            assert!(record.contains("categories/museum/"), "{href} is not a museum");
        }
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
