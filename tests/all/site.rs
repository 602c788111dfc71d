//! The sample directory and small fixtures, built by the real binary and read back.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn built_sample_directory() -> (TempDir, BTreeMap<String, Vec<u8>>) {
    let tmp = tempdir();
    let out = build(Path::new("content"), &tmp.path().join("public"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = files(&tmp.path().join("public"));
    (tmp, files)
}

fn html(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8(files.get(rel).unwrap_or_else(|| panic!("{rel} was not built")).clone()).unwrap()
}

#[test]
fn sample_directory_covers_every_county_and_category_group() {
    let dir = sample_directory();
    assert!(dir.records.len() >= 40, "{} records", dir.records.len());
    for (i, c) in dir.counties.iter().enumerate() {
        assert!(dir.records.iter().filter(|r| r.county == i).count() >= 5, "{} has few records", c.name);
    }
    for (i, c) in dir.categories.iter().enumerate() {
        assert!(dir.records.iter().any(|r| r.category == i), "no record in category {}", c.id);
    }
    assert!(dir.records.iter().any(|r| r.name.contains("家长学校")));
    assert!(dir.records.iter().any(|r| r.aliases.iter().any(|a| a == "五一会址")));
}

#[test]
fn every_page_exists_and_every_internal_link_resolves() {
    let (_tmp, files) = built_sample_directory();
    let dir = sample_directory();
    let mut expected = vec!["index.html".to_string(), "404.html".into(), "search/index.html".into(), "sw.js".into()];
    expected.extend(["atom.xml", "robots.txt", "sitemap.xml", "updates/index.html"].map(String::from));
    expected
        .extend(crate::common::files(&root().join("themes/default/static")).into_keys().map(|f| format!("static/{f}")));
    expected.extend(["counties", "categories", "themes"].map(|k| format!("{k}/index.html")));
    expected.extend(dir.counties.iter().map(|c| format!("counties/{}/index.html", c.id)));
    expected.extend(dir.categories.iter().map(|c| format!("categories/{}/index.html", c.id)));
    expected.extend(dir.themes.iter().map(|c| format!("themes/{}/index.html", c.id)));
    expected.extend(dir.records.iter().map(|r| format!("bases/{}/index.html", r.id)));
    expected.extend(dir.records.iter().flat_map(|r| ["contact.vcf", "qr.svg"].map(|f| format!("bases/{}/{f}", r.id))));
    expected.extend(dir.pages.iter().map(|p| format!("{}/index.html", p.id)));
    // The Mongolian edition: every page a family reads, again under mn/ (not the files beside them).
    let pages: Vec<String> = expected
        .iter()
        .filter(|p| p.ends_with("index.html") && !p.starts_with("updates/"))
        .map(|p| format!("mn/{p}"))
        .collect();
    expected.extend(pages);
    for rel in &expected {
        assert!(files.contains_key(rel), "{rel} missing");
    }
    // The maps: of all records and of each category, over the League and zoomed into each
    // county that has some of them.
    let used = (0..dir.categories.len()).filter(|c| dir.records.iter().any(|r| r.category == *c));
    for category in std::iter::once(None).chain(used.map(Some)) {
        let folder = category.map_or("map/".to_string(), |c| format!("map/{}/", dir.categories[c].id));
        expected.push(format!("{folder}index.html"));
        for (k, county) in dir.counties.iter().enumerate() {
            if dir.records.iter().any(|r| r.county == k && category.is_none_or(|c| r.category == c)) {
                expected.push(format!("{folder}{}/index.html", county.id));
            }
        }
    }
    expected.push("data/quality/index.html".into());
    // The mark that lets the next build replace the folder (see cli.rs).
    expected.push(".qingdan-site".into());
    // The search index and the data downloads have tests of their own (search.rs, data.rs).
    let extra: Vec<_> = files
        .keys()
        .filter(|k| !expected.contains(k) && !k.starts_with("search/") && !k.starts_with("data/"))
        .collect();
    assert!(extra.is_empty(), "unexpected extra files: {extra:?}");
    let mut broken = Vec::new();
    for (rel, bytes) in files.iter().filter(|(r, _)| r.ends_with(".html") && *r != "404.html") {
        let page = String::from_utf8_lossy(bytes);
        for tag in tags(&page) {
            let Some(link) = tag.attr("href").or(tag.attr("src")) else { continue };
            if tag.name == "link" && tag.attr("rel") == Some("canonical") {
                continue;
            }
            if link.starts_with("tel:")
                || link.starts_with("mailto:")
                || link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with('#')
            {
                continue;
            }
            let target = resolve(rel, link);
            if !files.contains_key(&target) {
                broken.push(format!("{rel}: {link} -> {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Resolves a relative link from the page at `from` to a file path in the site.
fn resolve(from: &str, link: &str) -> String {
    let link = link.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || link.is_empty() {
        path = if path.is_empty() { "index.html".into() } else { format!("{path}/index.html") };
    }
    path
}

#[test]
fn record_page_has_the_booking_card_hours_in_words_and_description() {
    let (_tmp, files) = built_sample_directory();
    let page = html(&files, "bases/wuyi-huizhi/index.html");
    let card = &page[page.find("class=booking").expect("booking card")..];
    let card = &card[..card.find("</section>").unwrap()];
    assert!(card.contains("href=tel:04825550101>0482-555 0101</a>"), "{card}");
    for text in ["需预约", "提前 3 天", "60 人", "免费", "绿色通道", "周二至周日 09:00–16:30，周一闭馆"]
    {
        assert!(card.contains(text), "{text} not in booking card: {card}");
    }
    for text in [
        "全国爱国主义教育示范基地（2009 年）",
        "自治区爱国主义教育基地（1995 年）",
        "红色研学",
        "五一会址",
        "最后核实",
        "1947年5月1日",
    ] {
        assert!(page.contains(text), "{text} missing");
    }
    // A designation's level is said once: a title that names it is not followed by it again.
    assert!(!page.contains("（国家级") && !page.contains("（自治区级"), "{page}");
}

#[test]
fn county_list_shows_every_record_with_phone_and_hours_and_prints_on_a4() {
    let (_tmp, files) = built_sample_directory();
    let dir = sample_directory();
    for (i, county) in dir.counties.iter().enumerate() {
        let page = html(&files, &format!("counties/{}/index.html", county.id));
        for r in dir.records.iter().filter(|r| r.county == i) {
            assert!(page.contains(&format!("bases/{}/", r.id)), "{} not listed on {}", r.id, county.id);
            if let Some(p) = r.booking.phones.first() {
                assert!(page.contains(&format!("tel:{}", p.tel)), "{} phone missing", r.id);
            }
            if let Some(h) = &r.hours {
                assert!(page.contains(&h.text), "{} hours missing", r.id);
            }
        }
    }
    let css = html(&files, "static/style.css");
    assert!(css.contains("@media print") && css.contains("size:A4"), "print stylesheet missing");
}

#[test]
fn home_page_has_title_banner_counties_categories_and_recent_records() {
    let (_tmp, files) = built_sample_directory();
    let dir = sample_directory();
    let page = html(&files, "index.html");
    assert!(page.contains(&dir.site.title) && page.contains("示例数据"));
    for c in &dir.counties {
        assert!(page.contains(&format!("href=counties/{}/", c.id)), "{}", c.id);
    }
    for c in &dir.categories {
        assert!(page.contains(&format!("href=categories/{}/", c.id)), "{}", c.id);
    }
    let newest = dir.records.iter().max_by_key(|r| (r.updated, std::cmp::Reverse(r.id.clone()))).unwrap();
    assert!(page.contains(&format!("href=bases/{}/", newest.id)), "newest record {} not in recent list", newest.id);
}

#[test]
fn stale_records_are_marked_and_warned_about() {
    let tmp = tempdir();
    let out = build(Path::new("tests/fixtures/minimal"), &tmp.path().join("p"), &[]);
    assert!(stderr(&out).contains("warning[Q0401]"));
    assert!(stderr(&out).contains("old-school.yaml:14:11"));
    let page = read(&tmp.path().join("p"), "bases/old-school/index.html");
    assert!(page.contains("信息待核实") && page.contains("暂停开放") && page.contains("材料费10元"));
    let fresh = read(&tmp.path().join("p"), "bases/test-museum/index.html");
    assert!(!fresh.contains("信息待核实"));
}

#[test]
fn private_notes_appear_nowhere_in_the_output() {
    for content in ["content", "tests/fixtures/minimal"] {
        let secrets = private_strings(content);
        assert!(!secrets.is_empty(), "{content} has no private notes to test with");
        let tmp = tempdir();
        assert!(build(Path::new(content), tmp.path(), &[]).status.success());
        for (rel, bytes) in files(tmp.path()) {
            let text = String::from_utf8_lossy(&bytes);
            for s in &secrets {
                assert!(!text.contains(s.as_str()), "private {s:?} leaked into {rel}");
            }
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = built_sample_directory();
    let (_b, second) = built_sample_directory();
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (rel, bytes) in &first {
        assert!(bytes == &second[rel], "{rel} differs between builds");
    }
}

#[test]
fn pages_make_no_request_to_other_hosts() {
    let (_tmp, files) = built_sample_directory();
    for (rel, bytes) in files.iter().filter(|(r, _)| r.ends_with(".html")) {
        for tag in tags(&String::from_utf8_lossy(bytes)) {
            let loads = match tag.name.as_str() {
                // canonical and hreflang alternates name addresses; the browser fetches neither
                "link" if !matches!(tag.attr("rel"), Some("canonical" | "alternate")) => tag.attr("href"),
                "script" | "img" | "iframe" | "source" | "video" | "audio" => tag.attr("src"),
                _ => None,
            };
            if let Some(url) = loads {
                assert!(!url.contains("//"), "{rel} loads {url} from another host");
            }
        }
    }
}

#[test]
fn service_worker_precaches_files_that_exist() {
    let (_tmp, files) = built_sample_directory();
    let sw = html(&files, "sw.js");
    // The first list of strings in the minified worker: its shell (names are shortened).
    let list = &sw[sw.find("=[`").expect("shell list") + 2..];
    let list = &list[..list.find(']').unwrap()];
    let paths: Vec<&str> = list.split(',').map(|p| p.trim_matches(|c| c == '`' || c == '"')).collect();
    assert!(paths.len() >= 3, "{paths:?}");
    for p in paths {
        let file = if p.ends_with('/') || p == "./" {
            format!("{}index.html", p.trim_start_matches("./"))
        } else {
            p.to_string()
        };
        assert!(files.contains_key(&file), "sw.js precaches {p}, which was not built");
    }
    let page = html(&files, "index.html");
    assert!(page.contains("data-index=search/") && page.contains("static/search.js"), "home page has no search box");
}

#[test]
fn the_index_folder_name_depends_on_the_data_not_on_where_it_is() {
    let names =
        [Path::new("tests/fixtures/minimal").to_path_buf(), root().join("tests/fixtures/minimal")].map(|content| {
            let tmp = tempdir();
            assert!(build(&content, tmp.path(), &[]).status.success());
            let found =
                std::fs::read_dir(tmp.path().join("search")).unwrap().map(|e| e.unwrap()).find(|e| e.path().is_dir());
            found.unwrap().file_name()
        });
    assert_eq!(names[0], names[1]);
}

/// The footer says when the data last changed (the newest `updated`), not when it was built, so
/// a page does not change only because a day passed.
#[test]
fn the_footer_date_is_the_newest_update() {
    let (_tmp, files) = built_sample_directory();
    let newest = std::fs::read_dir(root().join("content/bases"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .filter_map(|f| {
            let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
            let line = text.lines().find(|l| l.starts_with("updated:"))?;
            Some(line["updated:".len()..].trim().trim_matches('"').to_string())
        })
        .max()
        .unwrap();
    assert_ne!(newest, TODAY);
    let footer = format!("数据更新至 <time datetime={newest}>{newest}</time>");
    for (page, said) in [
        ("index.html", footer.clone()),
        ("data/index.html", footer),
        ("counties/ulanhot/index.html", format!("数据更新至 {newest}。")),
    ] {
        assert!(html(&files, page).contains(&said), "{page}: {said}");
    }
}

#[test]
fn the_mongolian_edition_names_counties_categories_and_days_in_mongolian() {
    let (_tmp, files) = built_sample_directory();
    let dir = sample_directory();
    let ulanhot = dir.counties.iter().find(|c| c.id == "ulanhot").unwrap();
    let museum = dir.categories.iter().find(|c| c.id == "museum").unwrap();
    let (county_mn, museum_mn) = (ulanhot.name_mn.as_deref().unwrap(), museum.name_mn.as_deref().unwrap());
    let shown = |name_mn: &str, name: &str| format!("<span lang=mn-Mong>{name_mn}</span> {name}");
    let h1 = |page: &str| {
        let text = html(&files, page);
        let from = text.find("<h1>").unwrap();
        text[from..from + text[from..].find("</h1>").unwrap()].to_string()
    };
    assert!(h1("mn/counties/ulanhot/index.html").contains(&shown(county_mn, "")), "mn county title");
    assert!(h1("mn/categories/museum/index.html").contains(&shown(museum_mn, "博物馆")));
    for page in ["mn/index.html", "mn/counties/index.html"] {
        assert!(html(&files, page).contains(&shown(county_mn, "乌兰浩特市")), "{page}");
    }
    assert!(html(&files, "mn/categories/index.html").contains(&shown(museum_mn, "博物馆")));
    // A record's days and 闭馆 are the edition's words too; the hours themselves are numbers.
    let week = |page: &str| {
        let text = html(&files, page);
        let from = text.find("class=week").unwrap_or_else(|| panic!("{page} has a week table"));
        text[from..from + text[from..].find("</div>").unwrap()].to_string()
    };
    let mn_week = week("mn/bases/arxan-geopark-museum/index.html");
    assert!(
        mn_week.contains("<th scope=row>ᠭᠠᠷᠠᠭ") && !mn_week.contains("周一") && !mn_week.contains("闭馆"),
        "{mn_week}"
    );
    assert!(week("bases/arxan-geopark-museum/index.html").contains("<th scope=row>周一<td>闭馆"));
    // The Chinese edition stays Chinese.
    for page in ["index.html", "counties/ulanhot/index.html", "categories/museum/index.html"] {
        assert!(!html(&files, page).contains(county_mn) && !html(&files, page).contains(museum_mn), "{page}");
    }
}
