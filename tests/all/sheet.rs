//! The bureau's spreadsheet both ways: `qingdan export` writes a county's records as a workbook
//! that openpyxl (tests/opendata/sheet.py) reads and edits as a spreadsheet program would, and
//! `qingdan import --update` changes only what the edit changed.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output};

fn sheet(args: &[&str]) -> String {
    let out = Command::new(python()).arg(root().join("tests/opendata/sheet.py")).args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn run(args: &[&str]) -> (Output, String) {
    let out = qingdan_today(args);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, text)
}

fn export(content: &Path, file: &Path) {
    let (out, text) =
        run(&["export", file.to_str().unwrap(), "--county", "arxan", "--content", content.to_str().unwrap()]);
    assert!(out.status.success() && text.contains("条记录"), "{text}{}", stderr(&out));
}

fn update(content: &Path, file: &Path, extra: &[&str]) -> (Output, String) {
    let args =
        ["import", file.to_str().unwrap(), "--county", "arxan", "--content", content.to_str().unwrap(), "--update"];
    run(&[&args[..], extra].concat())
}

#[test]
fn the_export_is_a_sheet_to_edit() {
    let tmp = tempdir();
    let file = tmp.path().join("arxan.xlsx");
    export(&root().join("content"), &file);
    let shown: serde_json::Value = serde_json::from_str(&sheet(&["show", file.to_str().unwrap()])).unwrap();
    assert_eq!(shown["sheets"], serde_json::json!(["阿尔山市", "选项"]));
    assert_eq!(shown["header"][0], "记录id");
    assert_eq!(shown["header_bold"], true);
    assert_eq!(shown["freeze"], "C2", "the header row and the id and name columns stay in view");
    assert_eq!(shown["filter"], "A1:V8");
    // Phones and ids are text, in the cells and for rows typed later.
    let museum = shown["rows"].as_array().unwrap().iter().find(|r| r["记录id"]["value"] == "arxan-geopark-museum");
    let museum = museum.expect("a row per record");
    assert_eq!(museum["预约电话"], serde_json::json!({"value": "0482-555 0203", "type": "s", "format": "@"}));
    assert_eq!(museum["团体人数上限"]["type"], "n");
    assert_eq!(museum["类别"]["value"], "博物馆");
    assert_eq!(museum["主题"]["value"], "科学教育、生态文明、传统文化");
    assert_eq!(shown["columns"]["预约电话"]["format"], "@");
    // Names fit: the longest name is wider than the default column.
    assert!(shown["columns"]["名称"]["width"].as_f64().unwrap() > 30.0, "{}", shown["columns"]);
    // Dropdowns for the fields with fixed values, the categories from the second sheet.
    let lists: Vec<(String, String)> = shown["validations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["type"] == "list")
        .map(|v| (v["range"].as_str().unwrap().to_string(), v["list"].as_str().unwrap().to_string()))
        .collect();
    for (range, list) in [
        ("D2:D508", "'选项'!$A$2:$A$17"),
        ("L2:L508", "\"是,否\""),
        ("S2:S508", "\"免费,收费\""),
        ("V2:V508", "\"开放,暂停开放,已关闭\""),
    ] {
        assert!(lists.contains(&(range.into(), list.into())), "{range} {list}: {lists:?}");
    }
    assert_eq!(shown["lists"]["类别"].as_array().unwrap().len(), 16);
    assert_eq!(shown["lists"]["适宜学段"], serde_json::json!(["幼儿园", "小学", "初中", "高中", "家长"]));
    assert!(shown["lists"]["主题"].as_array().unwrap().contains(&"生态文明".into()));
    // The same records give the same bytes.
    let again = tmp.path().join("again.xlsx");
    export(&root().join("content"), &again);
    assert_eq!(std::fs::read(&file).unwrap(), std::fs::read(&again).unwrap());
}

#[test]
fn an_edited_sheet_changes_only_what_was_edited() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("content"), &content);
    let before = files(&content);
    let (xlsx, edited) = (tmp.path().join("arxan.xlsx"), tmp.path().join("edited.xlsx"));
    export(&content, &xlsx);
    // With no edit, nothing changes.
    let (out, text) = update(&content, &xlsx, &[]);
    assert!(out.status.success() && text.contains("修改 0 个，7 个没有变化，0 个表中没有"), "{text}{}", stderr(&out));
    assert_eq!(files(&content), before);
    let csv = tmp.path().join("arxan.csv");
    let (out, _) = run(&["export", csv.to_str().unwrap(), "--county", "arxan", "--content", content.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(update(&content, &csv, &[]).1.contains("修改 0 个，7 个没有变化"));
    assert_eq!(files(&content), before);

    // Two cells of one record, a row removed and a row added, saved by openpyxl.
    sheet(&[
        "edit",
        xlsx.to_str().unwrap(),
        edited.to_str().unwrap(),
        "arxan-geopark-museum:名称=阿尔山世界地质公园博物馆（新馆）",
        "arxan-geopark-museum:团体人数上限=45",
        "-arxan-cdc",
        "+名称=阿尔山市青少年活动中心;类别=少年宫与青少年活动中心;预约电话=0482-5550299;费用=免费",
    ]);
    let (out, text) = update(&content, &edited, &["--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for line in [
        "第 3 行 → ",
        "arxan-geopark-museum.md（修改）\n    名称：阿尔山世界地质公园博物馆 → 阿尔山世界地质公园博物馆（新馆）\n    团体人数上限：60 → 45\n",
        "a-er-shan-shi-qing-shao-nian-huo-dong.md（新增）",
        "表中没有：",
        "arxan-cdc.md（未删除",
        "试运行，未写入任何文件：新增 1 个记录，修改 1 个，5 个没有变化，1 个表中没有，跳过 0 行（有错误）",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    assert_eq!(files(&content), before, "--dry-run writes nothing");

    let (out, text) = update(&content, &edited, &[]);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    let after = files(&content);
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert_eq!(
        changed,
        ["bases/arxan/a-er-shan-shi-qing-shao-nian-huo-dong.md", "bases/arxan/arxan-geopark-museum.md"]
    );
    let old = String::from_utf8(before["bases/arxan/arxan-geopark-museum.md"].clone()).unwrap();
    let new = String::from_utf8(after["bases/arxan/arxan-geopark-museum.md"].clone()).unwrap();
    // The name and the limit where they stood, `updated` set; the body, the `private:` block,
    // the order and the quoting of everything else as they were.
    let want = old
        .replace("name: 阿尔山世界地质公园博物馆\n", "name: 阿尔山世界地质公园博物馆（新馆）\n")
        .replace("  group_max: 60\n", "  group_max: 45\n")
        .replace("updated: \"2024-07-25\"", &format!("updated: \"{TODAY}\""));
    assert_eq!(new, want);
    assert!(
        new.contains("private:\n  note: 冬夏两季开放时间需每年核对\n") && new.ends_with("再到地质公园现场印证。\n")
    );
    let check = qingdan_today(&["check", "--content", content.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));

    // Exported again and imported again, nothing changes.
    let second = tmp.path().join("second.xlsx");
    export(&content, &second);
    let (_, text) = update(&content, &second, &[]);
    assert!(text.contains("新增 0 个记录，修改 0 个，8 个没有变化"), "{text}");
    assert_eq!(files(&content), after);
}

#[test]
fn rows_that_name_no_record_clearly_are_refused() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("content"), &content);
    let before = files(&content);
    let file = tmp.path().join("rows.csv");
    std::fs::write(
        &file,
        "记录id,名称,类别,团体人数上限\n\
         ulanfu-office,乌兰夫办公旧址,博物馆,30\n\
         arxan-geopark-museum,阿尔山世界地质公园博物馆,博物馆,四十\n\
         ,阿尔山世界地质公园博物馆,博物馆,40\n",
    )
    .unwrap();
    let (out, _) = update(&content, &file, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("rows.csv 第 2 行，记录id `ulanfu-office` 是 bases/ulanhot/ulanfu-office.md 的记录，不在这个旗县"),
        "{err}"
    );
    assert!(err.contains("rows.csv 第 3 行，第 4 列（团体人数上限）：`四十` 无效；应为整数"), "{err}");
    // The third row names the same place by its name: one row per record.
    assert!(err.contains("第 4 行，") && err.contains("arxan-geopark-museum.md 已由上面一行更新"), "{err}");
    assert_eq!(files(&content), before);
}
