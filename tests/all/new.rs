//! `qingdan new`: a record template that validates, builds, and is never overwritten by accident.

use crate::common::*;
use std::path::Path;
use std::process::{Command, Output};

/// `qingdan new …` on the day `TODAY` (pinned through `SOURCE_DATE_EPOCH`, read as UTC+8).
fn new(content: &Path, args: &[&str]) -> Output {
    let day: jiff::civil::Date = TODAY.parse().unwrap();
    let noon = day.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8))).unwrap();
    Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .arg("new")
        .args(args)
        .args(["--content", content.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", noon.timestamp().as_second().to_string())
        .current_dir(root())
        .output()
        .expect("run qingdan")
}

#[test]
fn new_writes_a_record_that_checks_and_builds() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    // The fixture keeps one stale record on purpose; freshen it so --deny-warnings means 0 warnings.
    let old = content.join("bases/arxan/old-school.yaml");
    std::fs::write(&old, std::fs::read_to_string(&old).unwrap().replace("2024-05-01", "2026-05-01")).unwrap();

    let out = new(&content, &["ulanhot", "my-place"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = content.join("bases/ulanhot/my-place.md");
    let text = std::fs::read_to_string(&file).unwrap();
    for field in [
        "name:",
        "aliases:",
        "category: museum",
        "county: ulanhot",
        "themes:",
        "audiences:",
        "designations:",
        "address:",
        "location:",
        "transport:",
        "hours:",
        "hours_note:",
        "booking:",
        "required:",
        "phones:",
        "contact:",
        "wechat:",
        "url:",
        "advance_days:",
        "group_max:",
        "fee:",
        "fee_note:",
        "green_channel:",
        "programs:",
        "website:",
        "status: open",
        "sources:",
        "private:",
    ] {
        assert!(text.contains(field), "missing {field} in\n{text}");
    }
    assert!(
        text.contains(&format!("updated: \"{TODAY}\"")) && text.contains(&format!("verified: \"{TODAY}\"")),
        "{text}"
    );
    assert!(text.contains("kindergarten 幼儿园"), "audience comments");

    let check = qingdan(&["check", "--content", content.to_str().unwrap(), "--today", TODAY, "--deny-warnings"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(String::from_utf8_lossy(&check.stdout).contains("3 条记录，0 个警告"));
    let site = tmp.path().join("out");
    let built = build(&content, &site, &["--deny-warnings"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = read(&site, "bases/my-place/index.html");
    assert!(page.contains("示例场所名称") && page.contains("tel:04825550101"));
    assert!(!page.contains("负责人手机待确认"), "private must not be rendered");

    // A second `new` with the same id refuses and leaves the file as it was.
    std::fs::write(&file, "edited").unwrap();
    let again = new(&content, &["ulanhot", "my-place"]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "edited");
    // --force overwrites.
    let forced = new(&content, &["ulanhot", "my-place", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn new_refuses_unknown_counties_bad_ids_and_duplicate_ids() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);

    let county = new(&content, &["hulunbuir", "my-place"]);
    assert_eq!(county.status.code(), Some(2));
    assert!(stderr(&county).contains("ulanhot, arxan"), "{}", stderr(&county));

    let bad = new(&content, &["ulanhot", "My_Place"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("My_Place"));

    // An id already used in another county would be a duplicate page.
    let dup = new(&content, &["arxan", "test-museum"]);
    assert_eq!(dup.status.code(), Some(2));
    assert!(!content.join("bases/arxan/test-museum.md").exists());
    assert!(!content.join("bases/hulunbuir").exists() && !content.join("bases/ulanhot/My_Place.md").exists());
}

#[test]
fn new_and_import_never_write_through_a_link() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "not yours").unwrap();
    std::os::unix::fs::symlink(&outside, content.join("bases/ulanhot/my-place.md")).unwrap();
    let out = new(&content, &["ulanhot", "my-place", "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("符号链接"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not yours");
}
