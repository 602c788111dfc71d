//! The browser client, run under Node over the built index files, ranks exactly as
//! `qingdan search --json` does.

use crate::common::*;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const AT: &str = "2026-11-29T10:00";

/// (query, filters as CLI flags) — every kind of query and filter the site offers.
fn cases() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let plain = [
        "科技",
        "博物",
        "消防",
        "兴安盟博物馆",
        "博物馆",
        "五一会址",
        "kejiguan",
        "ke ji guan",
        "wuyihuizhi",
        "kjg",
        "bwg",
        "wlht 博物馆",
        "阿尔山 森林",
        "突泉 劳动教育",
        "兴安盟博物官",
        "科枝馆",
        "兴安盟博務馆",
        "科技館",
        "興安盟博物舘",
        "烏蘭浩特 圖書館",
        "森林",
        "家长学校",
        "图书馆",
        "研学",
        "红色",
        "爱国主义",
        "科普",
        "农耕",
        "温泉",
        "地质公园",
        "医院",
        "体育",
        "乌兰牧骑",
        "消防 科普",
        "wyhz",
        "aes",
        "zlt",
        "科右中旗",
        "烈士陵园",
        "XAM",
        "ｋｊｇ",
        "馆",
        "学",
        "青少年 活动",
        "不存在的地方",
        "阿尔山",
        "突泉县",
        "科右中旗",
        // Mongolian names, whole, begun, with and without format characters
        "ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮᠠᠭ ᠤᠨ ᠮᠦᠽᠸᠢ",
        "ᠮᠦᠽ",
        "ᠮᠦ\u{180B}ᠽᠸᠢ",
        "ᠠᠶᠢᠮ\u{180E}ᠠᠭ\u{202F}ᠤᠨ",
        "ᠬᠢᠩ\u{200D}ᠭᠠᠨ ᠰᠢᠨᠵᠢ",
        "ᠬᠢᠩᠭᠠᠨ 科技",
        "ᠮᠦᠽᠸᠢ ᠲᠠᠩᠬᠢᠮ",
    ];
    let mut cases: Vec<_> = plain.iter().map(|q| (*q, vec![])).collect();
    cases.extend([
        ("博物馆", vec![("county", "ulanhot")]),
        ("博物馆", vec![("county", "ulanhot"), ("county", "arxan")]),
        ("突泉 博物馆", vec![("county", "ulanhot")]),
        ("乌兰浩特", vec![("category", "museum")]),
        ("", vec![("category", "community")]),
        ("", vec![("grade", "parents"), ("theme", "family")]),
        ("研学", vec![("free", "")]),
        ("", vec![("nobooking", ""), ("county", "jalaid")]),
        ("博物馆", vec![("open", "mo")]),
        ("", vec![("open", "sa"), ("category", "museum")]),
        ("", vec![("open", "weekend"), ("grade", "primary")]),
        ("", vec![("open", "sa"), ("open", "mo")]),
        ("科普", vec![("open", "workday"), ("green", "")]),
        ("", vec![("size", "45"), ("free", "")]),
        ("博物馆", vec![("open", "now")]),
        ("", vec![("near", "arxan"), ("category", "museum")]),
        ("科普", vec![("near", "46.08,122.07")]),
        ("教育", vec![("theme", "science"), ("theme", "safety"), ("grade", "primary")]),
    ]);
    cases
}

pub fn cli(q: &str, filters: &[(&str, &str)]) -> Value {
    let mut args: Vec<String> = ["search", "--json", "--at", AT].map(String::from).to_vec();
    for (k, v) in filters {
        args.push(format!("--{}", if *k == "nobooking" { "no-booking" } else { k }));
        if !v.is_empty() {
            args.push(v.to_string());
        }
    }
    args.push(q.to_string());
    let out = qingdan(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

pub fn browser_query(q: &str, filters: &[(&str, &str)]) -> Value {
    let mut v = json!({"q": q, "county": [], "category": [], "theme": [], "grade": [], "open": [], "free": false, "nobooking": false, "green": false, "near": ""});
    for (k, val) in filters {
        match *k {
            "free" | "nobooking" | "green" => v[*k] = json!(true),
            "near" => v[*k] = json!(val),
            "size" => v[*k] = json!(val.parse::<u32>().unwrap()),
            _ => v[*k].as_array_mut().unwrap().push(json!(val)),
        }
    }
    v
}

/// Runs the browser client under Node over `index` for each query line; one JSON line back each.
pub fn client(index: &Path, queries: &[Value]) -> Vec<Value> {
    let input: String = queries.iter().map(|q| q.to_string() + "\n").collect();
    let mut child = Command::new("node")
        .arg(root().join("tests/js/client.mjs"))
        .arg(index)
        .arg(AT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node is installed");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<Value> =
        String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), queries.len());
    lines
}

/// The index folder of a built site.
pub fn index_folder(site: &Path) -> std::path::PathBuf {
    std::fs::read_dir(site.join("search")).unwrap().map(|e| e.unwrap().path()).find(|p| p.is_dir()).unwrap()
}

/// One line per query whose top ids, total, mode or counts differ between the engines.
fn compare(q: &str, f: &[(&str, &str)], tantivy: &Value, browser: &Value, limit: usize) -> Option<String> {
    let expected: Vec<&str> =
        tantivy["results"].as_array().unwrap().iter().take(limit).map(|r| r["id"].as_str().unwrap()).collect();
    let got: Vec<&str> = browser["ids"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    let (tc, bc) = (nonzero(&tantivy["counts"]), nonzero(&browser["counts"]));
    let plain = &browser["plain"];
    let plain_ids: Vec<&str> = plain["ids"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    let differ =
        expected != got || tantivy["total"] != browser["total"] || tantivy["mode"] != browser["mode"] || tc != bc;
    let plain_differs = plain_ids != got || plain["total"] != browser["total"] || plain["mode"] != browser["mode"];
    let read = tantivy["named"] != browser["named"] || tantivy["understood"] != browser["understood"];
    (differ || plain_differs || read).then(|| {
        format!(
            "{q:?} {f:?}\n  tantivy: {expected:?} total {} mode {} counts {} named {} understood {}\n  browser: {got:?} total {} mode {} counts {} named {} understood {}\n  without counts: {plain}",
            tantivy["total"], tantivy["mode"], tc, tantivy["named"], tantivy["understood"], browser["total"], browser["mode"], bc, browser["named"], browser["understood"]
        )
    })
}

#[test]
fn browser_client_ranks_like_tantivy() {
    let tmp = tempdir();
    let out = build(Path::new("content"), tmp.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let cases = cases();
    assert!(cases.len() >= 40);
    let lines = client(&index_folder(tmp.path()), &cases.iter().map(|(q, f)| browser_query(q, f)).collect::<Vec<_>>());
    let mut differences = Vec::new();
    let mut non_empty = 0;
    for ((q, f), browser) in cases.iter().zip(&lines) {
        let tantivy = cli(q, f);
        non_empty += usize::from(tantivy["total"] != 0);
        differences.extend(compare(q, f, &tantivy, browser, 10));
    }
    assert!(non_empty >= 40, "only {non_empty} queries had results");
    assert!(
        differences.is_empty(),
        "{} of {} queries differ:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
}

/// A generated directory of 1,500 records, where common terms have postings in several blocks
/// by falling score: the client fetches only the blocks its top results need, and still ranks
/// exactly as tantivy, also for later pages ("显示更多").
#[test]
fn browser_client_ranks_like_tantivy_in_a_large_directory() {
    let tmp = tempdir();
    let (content, site) = (tmp.path().join("content"), tmp.path().join("site"));
    generate(&content, 1500);
    let out = build(&content, &site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let common = shared_files(&index_folder(&site));
    assert!(
        ["科", "馆", "兴", "五", "学"].iter().all(|c| common.contains(*c)),
        "the fallback's characters are common terms"
    );

    // (query, filters, how many results to compare)
    type Case = (&'static str, Vec<(&'static str, &'static str)>, usize);
    let mut cases: Vec<Case> = [
        "科技",
        "博物馆",
        "消防",
        "乌兰浩特",
        "研学",
        "乌兰浩特 科普",
        "阿尔山 森林",
        "研学基地",
        "红色 教育",
        "消防 安全 体验",
        "kjg",
        "bwg",
        "kejiguan",
        "科右前旗 图书馆",
        "爱国主义教育基地",
        "劳动 实践",
        "突泉 农耕",
        "青少年 活动 中心",
    ]
    .iter()
    .flat_map(|q| [(*q, vec![], 10), (*q, vec![], 40)])
    .collect();
    cases.extend([
        ("博物馆", vec![("county", "ulanhot")], 10),
        ("科普", vec![("free", "")], 10),
        ("研学", vec![("grade", "primary"), ("county", "jalaid")], 20),
        ("消防", vec![("open", "sa")], 10),
        ("乌兰浩特 科普", vec![("category", "science-base")], 10),
        ("", vec![("theme", "patriotism")], 10),
        // every result: every block of these terms, the tail blocks too (named by number)
        ("基地", vec![], 1500),
        ("研学 教育", vec![], 1500),
    ]);
    // The fallback over common characters, ranked from their heads alone.
    let fallback = ["科枝馆", "兴安盟博務馆", "五一会址", "研学基底", "科技館"];
    cases.extend(fallback.iter().flat_map(|q| [(*q, vec![], 10), (*q, vec![], 40)]));
    cases.push(("科枝馆", vec![("county", "ulanhot")], 10));
    let queries: Vec<Value> = cases
        .iter()
        .map(|(q, f, limit)| {
            let mut v = browser_query(q, f);
            v["limit"] = json!(limit);
            v
        })
        .collect();
    let lines = client(&index_folder(&site), &queries);

    let dir = &directory(&content);
    let engine = qingdan::Engine::new(dir).unwrap();
    let at: jiff::civil::DateTime = AT.parse().unwrap();
    let mut differences = Vec::new();
    let (mut deep, mut shallow) = (0, 0);
    for ((q, f, limit), browser) in cases.iter().zip(&lines) {
        let get = |k: &str| f.iter().filter(|(key, _)| *key == k).map(|(_, v)| v.to_string()).collect::<Vec<_>>();
        let query = qingdan::Query {
            q: q.to_string(),
            county: get("county"),
            category: get("category"),
            theme: get("theme"),
            grade: get("grade"),
            free: f.iter().any(|(k, _)| *k == "free"),
            nobooking: f.iter().any(|(k, _)| *k == "nobooking"),
            open: get("open"),
            near: get("near").pop(),
            ..Default::default()
        };
        let o = engine.run(dir, &query, at).unwrap();
        let results: Vec<Value> = o.results.iter().map(|h| json!({"id": dir.records[h.doc].id})).collect();
        let tantivy = json!({"results": results, "total": o.total, "mode": o.mode, "counts": o.counts, "named": o.named, "understood": o.understood});
        differences.extend(compare(q, f, &tantivy, browser, *limit));
        let blocks = browser["blocks"].as_u64().unwrap();
        if f.is_empty() && ["科技", "消防", "研学", "kjg", "bwg", "kejiguan"].contains(q) && *limit == 10 {
            shallow += usize::from(blocks == 0);
        }
        deep += usize::from(blocks > 0);
        if fallback.contains(q) {
            assert_eq!((&browser["mode"], blocks), (&json!("fallback"), 0), "{q}: the fallback reads heads only");
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} queries differ:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
    assert!(deep >= 5, "only {deep} queries needed later blocks: the test does not reach them");
    assert_eq!(shallow, 6, "a one-term query's first page comes from the first block alone");
}

/// Terms with equal postings share their files: 兰浩 and 浩特 occur only in 乌兰浩特 here, so
/// the queries above fetch them once; and no two files of common terms have the same data.
/// Returns the common terms.
fn shared_files(index: &Path) -> std::collections::HashSet<String> {
    let data = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        let start = text.find(',').unwrap() + 1;
        text[start..text.len() - 3].to_string()
    };
    let mut file_of = std::collections::HashMap::new();
    for entry in std::fs::read_dir(index.join("t")).unwrap() {
        let shard: Value = serde_json::from_str(&data(&entry.unwrap().path())).unwrap();
        for (term, v) in shard.as_object().unwrap() {
            if let Some(k) = v.as_u64() {
                file_of.insert(term.clone(), k);
            }
        }
    }
    assert!(file_of.contains_key("兰浩"), "兰浩 is a common term");
    assert_eq!(file_of.get("兰浩"), file_of.get("浩特"));
    let heads = std::fs::read_dir(index.join("p"))
        .unwrap()
        .filter(|e| !e.as_ref().unwrap().file_name().to_str().unwrap().contains('-'))
        .count();
    let distinct: std::collections::HashSet<_> = file_of.values().collect();
    assert_eq!(heads, distinct.len(), "one head per shared number");
    assert!(heads < file_of.len(), "{heads} heads for {} common terms: none shared", file_of.len());
    let mut seen = std::collections::HashMap::new();
    for entry in std::fs::read_dir(index.join("p")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.contains('-') {
            if let Some(other) = seen.insert(data(&path), name.clone()) {
                panic!("{name} and {other} hold the same head");
            }
        }
    }
    file_of.into_keys().collect()
}

/// Counts without the values that count zero (one side may list them, the other not).
fn nonzero(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter().filter(|(_, x)| x.as_u64() != Some(0)).map(|(k, x)| (k.clone(), nonzero(x))).collect(),
        ),
        other => other.clone(),
    }
}
