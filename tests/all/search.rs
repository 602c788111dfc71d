//! `qingdan search --json` over the sample directory: every kind of query a teacher types.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

fn search(args: &[&str]) -> Value {
    let mut all = vec!["search", "--json", "--at", "2026-11-29T10:00", "--limit", "100"];
    all.extend(args);
    let out = qingdan(&all);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    v["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

fn first(query: &str) -> String {
    ids(&search(&[query])).into_iter().next().unwrap_or_else(|| panic!("no result for {query}"))
}

#[test]
fn chinese_names_partial_names_and_aliases() {
    assert_eq!(first("科技"), "xinganmeng-science-museum");
    assert_eq!(first("兴安盟博物馆"), "xinganmeng-museum");
    assert_eq!(first("五一会址"), "wuyi-huizhi");
    let museums = search(&["博物馆"]);
    assert!(museums["total"].as_u64().unwrap() >= 5);
    for r in museums["results"].as_array().unwrap().iter().take(5) {
        assert!(r["name"].as_str().unwrap().contains("博物"), "{r}");
    }
    let fire = search(&["消防"]);
    for r in fire["results"].as_array().unwrap().iter().take(3) {
        assert_eq!(r["category"], "消防救援站", "{r}");
    }
}

#[test]
fn pinyin_with_and_without_spaces_and_initials() {
    for q in ["kejiguan", "ke ji guan", "kjg", "KJG"] {
        assert_eq!(first(q), "xinganmeng-science-museum", "{q}");
    }
    assert_eq!(first("wuyihuizhi"), "wuyi-huizhi");
    assert_eq!(first("wyhz"), "wuyi-huizhi");
    let bwg = search(&["bwg"]);
    assert!(bwg["results"][0]["name"].as_str().unwrap().contains("博物馆"), "{bwg}");
}

#[test]
fn mongolian_names_and_their_beginnings_with_or_without_format_characters() {
    // 兴安盟博物馆 is ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮᠠᠭ ᠤᠨ ᠮᠦᠽᠸᠢ, a narrow no-break space before the suffix ᠤᠨ; the
    // queries add or leave out variation selectors (U+180B, U+180C), the vowel separator
    // (U+180E), ZWJ and that space.
    for q in [
        "ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮᠠᠭ ᠤᠨ ᠮᠦᠽᠸᠢ",
        "ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮᠠᠭ\u{202F}ᠤᠨ ᠮᠦᠽᠸᠢ",
        "ᠮᠦᠽᠸᠢ",
        "ᠮᠦᠽ",
        "ᠬᠢᠩ ᠮᠦ",
        "ᠮᠦ\u{180B}ᠽᠸᠢ",
        "ᠠᠶᠢᠮ\u{180E}ᠠᠭ ᠮᠦᠽᠸ\u{180C}ᠢ",
        "ᠮᠦᠽ\u{200D}ᠸᠢ",
    ] {
        assert_eq!(first(q), "xinganmeng-museum", "{q}");
    }
    assert_eq!(search(&["ᠮᠦᠽ"])["total"], 1, "only the museum has a Mongolian word beginning ᠮᠦᠽ");
    for q in ["ᠰᠢᠨᠵᠢᠯᠡᠬᠦ", "ᠬᠢᠩᠭᠠᠨ ᠰᠢᠨ\u{180B}ᠵᠢ ᠲᠠᠩᠬᠢᠮ"] {
        assert_eq!(first(q), "xinganmeng-science-museum", "{q}");
    }
    // Both museums' Mongolian names begin ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮᠠᠭ.
    let both = ids(&search(&["ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮ"]));
    assert_eq!(both.len(), 2, "{both:?}");
    // One letter is not a word's beginning yet.
    assert_eq!(search(&["ᠮ"])["total"], 0);
}

#[test]
fn mixed_queries_and_county_category_theme_names() {
    let v = search(&["wlht", "博物馆"]);
    assert_eq!(ids(&v)[0], "xinganmeng-museum");
    assert!(v["results"].as_array().unwrap().iter().all(|r| r["county"] == "乌兰浩特市"), "{v}");
    assert_eq!(first("阿尔山 森林"), "arxan-forest-park");
    let v = search(&["突泉 劳动教育"]);
    assert_eq!(v["results"][0]["county"], "突泉县");
    assert_eq!(v["results"][0]["category"], "劳动教育基地");
}

#[test]
fn a_county_named_in_the_query_filters_by_that_county() {
    // 乌兰浩特 is cut out of the text and becomes the county filter: the museum named after it
    // elsewhere in the query is still found, and no other county's place is a result.
    for q in ["乌兰浩特 博物馆", "乌兰浩特市博物馆", "博物馆 乌兰浩特"] {
        let v = search(&[q]);
        assert_eq!(v["named"], serde_json::json!(["ulanhot"]), "{q}");
        assert!(v["total"].as_u64().unwrap() >= 2, "{q}: {v}");
        assert!(v["results"].as_array().unwrap().iter().all(|r| r["county"] == "乌兰浩特市"), "{q}: {v}");
        assert_eq!(
            v,
            search(&["--county", "ulanhot", "博物馆"])
                .as_object()
                .map(|o| {
                    let mut o = o.clone();
                    o.insert("query".into(), q.into());
                    o.insert("named".into(), serde_json::json!(["ulanhot"]));
                    Value::Object(o)
                })
                .unwrap(),
            "{q} differs from --county ulanhot 博物馆"
        );
    }
    // An alias from counties.yaml; a county alone lists its places.
    let v = search(&["科右中旗"]);
    assert_eq!((v["named"].clone(), v["mode"].clone()), (serde_json::json!(["horqin-right-middle"]), "browse".into()));
    assert_eq!(v["total"], search(&["--county", "horqin-right-middle"])["total"]);
    // Two counties: either.
    let v = search(&["突泉 阿尔山 博物馆"]);
    assert_eq!(v["named"], serde_json::json!(["tuquan", "arxan"]));
    assert!(
        v["results"].as_array().unwrap().iter().all(|r| r["county"] == "突泉县" || r["county"] == "阿尔山市"),
        "{v}"
    );
    // Text that only looks like part of a name stays text.
    assert_eq!(search(&["乌兰牧骑"])["named"], serde_json::json!([]));
}

#[test]
fn a_county_alone_lists_the_places_named_after_it_first() {
    for (q, name) in [("乌兰浩特", "乌兰浩特"), ("阿尔山", "阿尔山"), ("突泉县", "突泉")] {
        let v = search(&[q]);
        let results = v["results"].as_array().unwrap();
        let open: Vec<&Value> = results.iter().filter(|r| r["status_text"].is_null()).collect();
        let holds: Vec<bool> = open.iter().map(|r| r["name"].as_str().unwrap().contains(name)).collect();
        assert!(holds.iter().any(|h| *h) && holds.iter().any(|h| !h), "{q}: both kinds in the sample: {holds:?}");
        // Every open namesake, then the county's other open places, then the closed ones.
        assert!(holds.windows(2).all(|w| w[0] || !w[1]), "{q}: {holds:?}");
        assert_eq!(open.len() + results.iter().filter(|r| !r["status_text"].is_null()).count(), results.len());
        assert!(results.iter().skip(open.len()).all(|r| !r["status_text"].is_null()), "{q}: closed places last");
        assert_eq!(
            v["total"],
            search(&["--county", v["named"][0].as_str().unwrap()])["total"],
            "{q}: the whole county"
        );
    }
    // With words to search, relevance decides, not the name.
    assert_eq!(ids(&search(&["乌兰浩特 博物馆"])), ids(&search(&["--county", "ulanhot", "博物馆"])));
}

#[test]
fn one_wrong_character_still_finds_the_place() {
    let v = search(&["兴安盟博物官"]);
    assert_eq!(v["mode"], "fallback");
    assert_eq!(ids(&v)[0], "xinganmeng-museum");
    assert_eq!(search(&["兴安盟博物馆"])["mode"], "all");
}

#[test]
fn a_name_match_ranks_above_a_description_match() {
    let v = search(&["森林"]);
    let names: Vec<bool> =
        v["results"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().contains("森林")).collect();
    assert!(names.len() > 1 && names[0], "{v}");
    let first_other = names.iter().position(|n| !n).unwrap_or(names.len());
    assert!(names[first_other..].iter().all(|n| !n), "a description match ranks above a name match: {names:?}");
}

#[test]
fn filters_combine_or_within_and_across_with_disjunctive_counts() {
    let one = search(&["--county", "ulanhot", "博物馆"]);
    assert!(one["results"].as_array().unwrap().iter().all(|r| r["county"] == "乌兰浩特市"));
    // Counts of the county filter ignore its own selection.
    assert!(one["counts"]["county"]["arxan"].as_u64().unwrap() > 0, "{}", one["counts"]);
    let two = search(&["--county", "ulanhot", "--county", "arxan", "博物馆"]);
    assert_eq!(
        two["total"].as_u64().unwrap(),
        one["counts"]["county"]["ulanhot"].as_u64().unwrap() + one["counts"]["county"]["arxan"].as_u64().unwrap()
    );
    let browse = search(&["--category", "community", "--grade", "parents"]);
    assert_eq!(browse["mode"], "browse");
    assert!(browse["total"].as_u64().unwrap() >= 5);
    let free = search(&["--free", "--no-booking", "--theme", "family"]);
    assert!(
        free["results"].as_array().unwrap().iter().all(|r| r["fee_text"] == "免费" && r["booking_required"] == false),
        "{free}"
    );
    // 2026-11-29 is a Sunday: open on Monday excludes places closed on Mondays.
    let monday = search(&["--open", "mo", "博物馆"]);
    assert!(!ids(&monday).contains(&"xinganmeng-museum".to_string()));
    let now = search(&["--open", "now", "博物馆"]);
    assert!(
        now["results"].as_array().unwrap().iter().all(|r| r["today"].as_str().unwrap().starts_with("今天 ")),
        "{now}"
    );
}

#[test]
fn nearest_first_from_a_county_seat() {
    let v = search(&["--near", "arxan", "--category", "museum"]);
    let d: Vec<f64> = v["results"].as_array().unwrap().iter().map(|r| r["distance_km"].as_f64().unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
    assert_eq!(v["results"][0]["county"], "阿尔山市");
    assert!(d[0] < 50.0 && *d.last().unwrap() > 100.0, "{d:?}");
}

#[test]
fn unknown_filter_values_are_usage_errors() {
    let out = qingdan(&["search", "--county", "nowhere", "博物馆"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nowhere") && stderr(&out).contains("ulanhot"));
}

#[test]
fn human_output_has_phone_and_hours_on_each_line() {
    let out = qingdan(&["search", "--at", "2026-11-29T10:00", "五一会址"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().next().unwrap();
    assert!(
        line.contains("内蒙古自治政府成立大会会址")
            && line.contains("☎ 0482-555 0101")
            && line.contains("今天 09:00–16:30"),
        "{line}"
    );
}

#[test]
fn private_text_is_in_no_search_file() {
    let tmp = tempdir();
    assert!(build(Path::new("content"), tmp.path(), &[]).status.success());
    let secrets = private_strings("content");
    let index = files(tmp.path());
    let search_files: Vec<_> = index.iter().filter(|(r, _)| r.starts_with("search/")).collect();
    assert!(search_files.len() > 3);
    for (rel, bytes) in search_files {
        let text = String::from_utf8_lossy(bytes);
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{s:?} in {rel}");
        }
    }
}

#[test]
fn the_browser_client_is_at_most_6_kib_gzipped() {
    let tmp = tempdir();
    assert!(build(Path::new("content"), tmp.path(), &[]).status.success());
    let script = std::fs::read(tmp.path().join("static/search.js")).unwrap();
    // As gzip's own default level (-6) compresses it, the figure the budget was set in.
    let out = std::process::Command::new("gzip")
        .args(["-6", "-c", "-n"])
        .arg(tmp.path().join("static/search.js"))
        .output()
        .expect("gzip is installed");
    let gzipped = out.stdout.len();
    assert!(gzipped <= 6 * 1024, "static/search.js is {gzipped} bytes gzipped ({} minified)", script.len());
    assert!(script.len() > 4 * 1024, "static/search.js is only {} bytes: not the client?", script.len());
}

#[test]
fn a_point_off_the_earth_is_refused() {
    let out = qingdan(&["search", "--near", "999,999", "博物馆"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("不在地球上"), "{}", stderr(&out));
}
