//! Words that mean a filter (docs/search.md, "Words that mean a filter"): each question below is
//! understood as its filters by `qingdan search --json` and by search.js alike, finds exactly
//! what its other words find with those filters set by hand, and every result satisfies the
//! case's predicate.

use crate::common::*;
use crate::parity::{browser_query, cli, client, index_folder};
use qingdan::Record;
use serde_json::Value;
use std::path::Path;

type Check = fn(&Record) -> bool;

fn free(r: &Record) -> bool {
    r.booking.fee.as_deref() == Some("free")
}
fn open(r: &Record) -> bool {
    format!("{:?}", r.status) == "Open" && r.hours.as_ref().is_some_and(|h| h.schedule.is_some())
}
fn grade(r: &Record, g: &str) -> bool {
    r.audiences.iter().any(|a| a == g)
}
fn any(_: &Record) -> bool {
    true
}

/// (question, what it must be understood as, the words left, the same filters by hand, a
/// predicate on every result)
#[allow(clippy::type_complexity)]
fn cases(
) -> Vec<(&'static str, Vec<(&'static str, &'static str)>, &'static str, Vec<(&'static str, &'static str)>, Check)> {
    vec![
        ("博物馆 免费", vec![("free", "")], "博物馆", vec![("free", "")], free),
        ("免费博物馆", vec![("free", "")], "博物馆", vec![("free", "")], free),
        ("不收费 图书馆", vec![("free", "")], "图书馆", vec![("free", "")], free),
        ("不要钱的地方", vec![("free", "")], "", vec![("free", "")], free),
        ("哪里可以免费参观", vec![("free", "")], "", vec![("free", "")], free),
        ("周六 免费", vec![("open", "sa"), ("free", "")], "", vec![("open", "sa"), ("free", "")], |r| {
            free(r) && open(r)
        }),
        ("星期一开放", vec![("open", "mo")], "", vec![("open", "mo")], open),
        ("礼拜天 博物馆", vec![("open", "su")], "博物馆", vec![("open", "su")], open),
        ("周末", vec![("open", "weekend")], "", vec![("open", "weekend")], open),
        ("双休日 科普", vec![("open", "weekend")], "科普", vec![("open", "sa"), ("open", "su")], open),
        ("工作日 消防", vec![("open", "workday")], "消防", vec![("open", "workday")], open),
        ("今天开放的博物馆", vec![("open", "today")], "博物馆", vec![("open", "su")], open),
        ("明天", vec![("open", "tomorrow")], "", vec![("open", "mo")], open),
        ("有没有周六开放的科技馆", vec![("open", "sa")], "科技馆", vec![("open", "sa")], open),
        ("小学", vec![("grade", "primary")], "", vec![("grade", "primary")], |r| grade(r, "primary")),
        ("小学生 科技馆", vec![("grade", "primary")], "科技馆", vec![("grade", "primary")], |r| {
            grade(r, "primary")
        }),
        ("初中生", vec![("grade", "junior")], "", vec![("grade", "junior")], |r| grade(r, "junior")),
        ("高中 红色", vec![("grade", "senior")], "红色", vec![("grade", "senior")], |r| grade(r, "senior")),
        ("中学", vec![("grade", "junior,senior")], "", vec![("grade", "junior"), ("grade", "senior")], |r| {
            grade(r, "junior") || grade(r, "senior")
        }),
        (
            "幼儿园 亲子",
            vec![("grade", "kindergarten"), ("grade", "parents")],
            "",
            vec![("grade", "kindergarten"), ("grade", "parents")],
            |r| grade(r, "kindergarten") || grade(r, "parents"),
        ),
        ("推荐 初中 研学", vec![("grade", "junior")], "研学", vec![("grade", "junior")], |r| {
            grade(r, "junior")
        }),
        ("不用预约", vec![("nobooking", "")], "", vec![("nobooking", "")], |r| r.booking.required == Some(false)),
        (
            "无需预约 免费",
            vec![("nobooking", ""), ("free", "")],
            "",
            vec![("nobooking", ""), ("free", "")],
            |r| free(r) && r.booking.required == Some(false),
        ),
        ("绿色通道", vec![("green", "")], "", vec![("green", "")], |r| r.booking.green_channel.is_some()),
        ("45人", vec![("size", "45")], "", vec![("size", "45")], |r| r.booking.group_max.is_some_and(|n| n >= 45)),
        ("50名学生 科普", vec![("size", "50")], "科普", vec![("size", "50")], |r| {
            r.booking.group_max.is_some_and(|n| n >= 50)
        }),
        ("30 个学生", vec![("size", "30")], "", vec![("size", "30")], |r| {
            r.booking.group_max.is_some_and(|n| n >= 30)
        }),
        ("一个班 周二", vec![("size", "45"), ("open", "tu")], "", vec![("size", "45"), ("open", "tu")], |r| {
            open(r) && r.booking.group_max.is_some_and(|n| n >= 45)
        }),
        ("两个班", vec![("size", "90")], "", vec![("size", "90")], |r| r.booking.group_max.is_some_and(|n| n >= 90)),
        ("阿尔山 免费", vec![("free", "")], "", vec![("county", "arxan"), ("free", "")], free),
        (
            "乌兰浩特 周末 小学",
            vec![("open", "weekend"), ("grade", "primary")],
            "",
            vec![("county", "ulanhot"), ("open", "weekend"), ("grade", "primary")],
            |r| open(r) && grade(r, "primary"),
        ),
        (
            "45名学生 周二 免费 绿色通道",
            vec![("size", "45"), ("open", "tu"), ("free", ""), ("green", "")],
            "",
            vec![("size", "45"), ("open", "tu"), ("free", ""), ("green", "")],
            |r| free(r) && open(r) && r.booking.green_channel.is_some() && r.booking.group_max.is_some_and(|n| n >= 45),
        ),
        // Nothing understood: the words stay words.
        ("4d影院", vec![], "4d影院", vec![], any),
        ("名人", vec![], "名人", vec![], any),
    ]
}

#[test]
fn questions_become_filters_in_both_engines() {
    let tmp = tempdir();
    let out = build(Path::new("content"), tmp.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = sample_directory();
    let cases = cases();
    assert!(cases.len() >= 30);
    let browser = client(&index_folder(tmp.path()), &cases.iter().map(|c| browser_query(c.0, &[])).collect::<Vec<_>>());
    let mut problems = Vec::new();
    let ids = |v: &Value, key: &str| -> Vec<String> {
        v[key].as_array().unwrap().iter().map(|r| r.get("id").unwrap_or(r).as_str().unwrap().to_string()).collect()
    };
    let mut found = 0;
    for ((q, understood, rest, flags, check), js) in cases.iter().zip(&browser) {
        let asked = cli(q, &[]);
        let read: Vec<(String, String)> = asked["understood"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["filter"].as_str().unwrap().into(), u["value"].as_str().unwrap().into()))
            .collect();
        let want: Vec<(String, String)> = understood.iter().map(|(f, v)| (f.to_string(), v.to_string())).collect();
        if read != want {
            problems.push(format!("{q:?} read as {read:?}, not {want:?}"));
        }
        if js["understood"] != asked["understood"] {
            problems.push(format!("{q:?}: search.js read {} , the CLI {}", js["understood"], asked["understood"]));
        }
        // The same as the words left with the filters set by hand.
        let by_hand = cli(rest, flags);
        let all = ids(&asked, "results");
        if all != ids(&by_hand, "results") || asked["total"] != by_hand["total"] {
            problems.push(format!("{q:?} gives {all:?}, {rest:?} with {flags:?} gives {:?}", ids(&by_hand, "results")));
        }
        if js["ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect::<Vec<_>>() != all
            || js["total"] != asked["total"]
        {
            problems.push(format!(
                "{q:?}: search.js gives {} ({}), the CLI {all:?} ({})",
                js["ids"], js["total"], asked["total"]
            ));
        }
        for id in &all {
            let r = dir.records.iter().find(|r| &r.id == id).unwrap();
            if !check(r) {
                problems.push(format!("{q:?}: result {id} does not fit"));
            }
        }
        found += usize::from(!all.is_empty());
    }
    assert!(found >= 28, "only {found} questions found anything");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn closed_places_are_never_open_and_come_last() {
    let dir = sample_directory();
    let closed: Vec<&str> =
        dir.records.iter().filter(|r| format!("{:?}", r.status) != "Open").map(|r| r.id.as_str()).collect();
    assert!(!closed.is_empty(), "the sample has a closed place");
    for day in ["mo", "tu", "we", "th", "fr", "sa", "su", "weekend", "now"] {
        let v = cli("", &[("open", day)]);
        for r in v["results"].as_array().unwrap() {
            assert!(!closed.contains(&r["id"].as_str().unwrap()), "{day}: {r}");
        }
    }
    // Every place of a closed one's county: the closed ones last, without today's hours.
    let r = dir.records.iter().find(|r| r.id == closed[0]).unwrap();
    let county = dir.counties[r.county].id.clone();
    let v = cli("", &[("county", county.as_str()), ("limit", "100")]);
    let list = v["results"].as_array().unwrap();
    let first_closed = list.iter().position(|x| closed.contains(&x["id"].as_str().unwrap())).unwrap();
    assert!(list[first_closed..].iter().all(|x| closed.contains(&x["id"].as_str().unwrap())), "{list:?}");
    assert!(list[first_closed]["today"].is_null(), "{}", list[first_closed]);
}

#[test]
fn one_wrong_or_traditional_character_still_finds_the_place() {
    for (q, id) in [
        ("科枝馆", "xinganmeng-science-museum"),
        ("兴安盟博務馆", "xinganmeng-museum"),
        ("兴安盟科技館", "xinganmeng-science-museum"),
        ("興安盟博物舘", "xinganmeng-museum"),
    ] {
        let v = cli(q, &[]);
        assert_eq!(v["mode"], "fallback", "{q}");
        assert_eq!(v["results"][0]["id"], id, "{q}: {v}");
    }
}
