//! The browser client, run under Node over the built index files, ranks exactly as
//! `qingdan search --json` does.

mod common;
use common::*;
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const AT: &str = "2026-11-29T10:00";

/// (query, filters as CLI flags) — every kind of query and filter the site offers.
fn cases() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let plain = [
        "科技", "博物", "消防", "兴安盟博物馆", "博物馆", "五一会址", "kejiguan", "ke ji guan", "wuyihuizhi", "kjg",
        "bwg", "wlht 博物馆", "阿尔山 森林", "突泉 劳动教育", "兴安盟博物官", "森林", "家长学校", "图书馆", "研学", "红色",
        "爱国主义", "科普", "农耕", "温泉", "地质公园", "医院", "体育", "乌兰牧骑", "消防 科普", "wyhz", "aes", "zlt",
        "科右中旗", "烈士陵园", "XAM", "ｋｊｇ", "馆", "学", "青少年 活动", "不存在的地方",
    ];
    let mut cases: Vec<_> = plain.iter().map(|q| (*q, vec![])).collect();
    cases.extend([
        ("博物馆", vec![("county", "ulanhot")]),
        ("博物馆", vec![("county", "ulanhot"), ("county", "arxan")]),
        ("", vec![("category", "community")]),
        ("", vec![("grade", "parents"), ("theme", "family")]),
        ("研学", vec![("free", "")]),
        ("", vec![("nobooking", ""), ("county", "jalaid")]),
        ("博物馆", vec![("open", "mo")]),
        ("", vec![("open", "sa"), ("category", "museum")]),
        ("博物馆", vec![("open", "now")]),
        ("", vec![("near", "arxan"), ("category", "museum")]),
        ("科普", vec![("near", "46.08,122.07")]),
        ("教育", vec![("theme", "science"), ("theme", "safety"), ("grade", "primary")]),
    ]);
    cases
}

fn cli(q: &str, filters: &[(&str, &str)]) -> Value {
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

fn browser_query(q: &str, filters: &[(&str, &str)]) -> Value {
    let mut v = json!({"q": q, "county": [], "category": [], "theme": [], "grade": [], "free": false, "nobooking": false, "open": "", "near": ""});
    for (k, val) in filters {
        match *k {
            "free" | "nobooking" => v[*k] = json!(true),
            "open" | "near" => v[*k] = json!(val),
            _ => v[*k].as_array_mut().unwrap().push(json!(val)),
        }
    }
    v
}

#[test]
fn browser_client_ranks_like_tantivy() {
    let tmp = tempfile::tempdir().unwrap();
    let out = build(Path::new("content"), tmp.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = std::fs::read_dir(tmp.path().join("search")).unwrap().map(|e| e.unwrap().path()).find(|p| p.is_dir()).unwrap();
    let cases = cases();
    assert!(cases.len() >= 40);
    let input: String = cases.iter().map(|(q, f)| browser_query(q, f).to_string() + "\n").collect();
    let mut child = Command::new("node")
        .arg(root().join("tests/js/client.mjs"))
        .arg(&index)
        .arg(AT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node is installed");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<Value> = String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), cases.len());
    let mut differences = Vec::new();
    let mut non_empty = 0;
    for ((q, f), browser) in cases.iter().zip(&lines) {
        let tantivy = cli(q, f);
        let expected: Vec<&str> = tantivy["results"].as_array().unwrap().iter().take(10).map(|r| r["id"].as_str().unwrap()).collect();
        let got: Vec<&str> = browser["ids"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        non_empty += usize::from(!expected.is_empty());
        let (tc, bc) = (nonzero(&tantivy["counts"]), nonzero(&browser["counts"]));
        if expected != got || tantivy["total"] != browser["total"] || tantivy["mode"] != browser["mode"] || tc != bc {
            differences.push(format!("{q:?} {f:?}\n  tantivy: {expected:?} total {} mode {} counts {}\n  browser: {got:?} total {} mode {} counts {}", tantivy["total"], tantivy["mode"], tc, browser["total"], browser["mode"], bc));
        }
    }
    assert!(non_empty >= 40, "only {non_empty} queries had results");
    assert!(differences.is_empty(), "{} of {} queries differ:\n{}", differences.len(), cases.len(), differences.join("\n"));
}

/// Counts without the values that count zero (one side may list them, the other not).
fn nonzero(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(o.iter().filter(|(_, x)| x.as_u64() != Some(0)).map(|(k, x)| (k.clone(), nonzero(x))).collect()),
        other => other.clone(),
    }
}
