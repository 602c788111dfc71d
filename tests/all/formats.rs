//! `--format human|json|github` and the exit status of `check` and `build`.

use crate::common::*;
use std::path::Path;
use std::process::Output;

/// The minimal fixture with the files of the given invalid cases laid over it.
fn overlay(dir: &Path, cases: &[&str]) {
    copy_tree(&root().join("tests/fixtures/minimal"), dir);
    for case in cases {
        for (rel, bytes) in files(&root().join("tests/invalid").join(case)) {
            if rel != "expected.txt" {
                let dest = dir.join(rel);
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::write(dest, bytes).unwrap();
            }
        }
    }
}

fn check(content: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--content", content.to_str().unwrap(), "--today", TODAY];
    args.extend(extra);
    qingdan(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn invalid() -> TempDir {
    let tmp = tempdir();
    overlay(tmp.path(), &["unknown-field", "bad-phone"]);
    tmp
}

#[test]
fn json_prints_one_object_per_diagnostic_and_nothing_else() {
    let tmp = invalid();
    let out = check(tmp.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    for v in &lines {
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(sorted, ["code", "column", "expected", "field", "file", "hint", "line", "message", "severity"]);
    }
    let typo = lines.iter().find(|v| v["code"] == "Q0201").expect("Q0201 reported");
    assert!(typo["file"].as_str().unwrap().ends_with("bases/ulanhot/typo.md"), "{typo}");
    assert_eq!(typo["line"], 10);
    assert_eq!(typo["column"], 1);
    assert_eq!(typo["field"], "adress");
    assert_eq!(typo["severity"], "error");
    assert!(typo["message"].as_str().unwrap().contains("adress"));
    assert!(typo["hint"].as_str().unwrap().contains("address"));
    let phone = lines.iter().find(|v| v["code"] == "Q0305").expect("Q0305 reported");
    assert_eq!((phone["line"].as_u64(), phone["column"].as_u64()), (Some(6), Some(29)));
    assert_eq!(phone["field"], "booking.phones[1]");
    // Absent expected/hint are null, not missing.
    let stale = lines.iter().find(|v| v["code"] == "Q0401" && v["line"] == 14).expect("stale warning");
    assert_eq!(stale["severity"], "warning");
    assert!(stale["expected"].is_null());
    // The summary goes to stderr; no human text on stderr for the diagnostics themselves.
    let err = stderr(&out);
    assert!(err.contains("检查未通过：2 个错误，2 个警告"), "{err}");
    assert!(!err.contains("error[Q0201]"), "{err}");
}

#[test]
fn github_prints_workflow_commands() {
    let tmp = invalid();
    let out = check(tmp.path(), &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines.iter().all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")), "{text}");
    let file = tmp
        .path()
        .join("bases/ulanhot/typo.md")
        .to_string_lossy()
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C");
    let typo = lines.iter().find(|l| l.contains("title=Q0201")).expect("Q0201 reported");
    // The expected list of field names is long; take it from the JSON output of the same check.
    let json = stdout(&check(tmp.path(), &["--format", "json"]));
    let fields = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["code"] == "Q0201")
        .unwrap();
    let expected = fields["expected"].as_str().unwrap();
    assert!(expected.contains("address"));
    assert_eq!(*typo, format!("::error file={file},line=10,col=1,title=Q0201::未知字段 `adress`%0A期望: {expected}%0A提示: 是否想写 `address`？"));
    let stale = lines.iter().find(|l| l.contains("old-school.yaml")).expect("stale warning");
    assert!(stale.starts_with("::warning file=") && stale.contains(",line=14,col=11,title=Q0401::"), "{stale}");
    assert!(stderr(&out).contains("检查未通过"));
}

#[test]
fn human_is_the_default_and_goes_to_stderr() {
    let tmp = invalid();
    let plain = check(tmp.path(), &[]);
    let human = check(tmp.path(), &["--format", "human"]);
    assert_eq!(plain.status.code(), Some(1));
    assert_eq!(stderr(&plain), stderr(&human));
    assert!(stdout(&plain).is_empty());
    let err = stderr(&plain);
    assert!(err.contains("error[Q0201]: 未知字段 `adress`\n  --> "), "{err}");
    assert!(err.contains("typo.md:10:1\n"), "{err}");
    assert!(err.contains("warning[Q0401]"), "{err}");
}

#[test]
fn build_accepts_format_too() {
    let tmp = invalid();
    let output = tmp.path().join("out");
    let out = build(tmp.path(), &output, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 4);
    assert!(!output.exists());

    let ok = tempdir();
    let output = ok.path().join("out");
    let out = build(&root().join("tests/fixtures/minimal"), &output, &["--format", "github"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().all(|l| l.starts_with("::warning ")), "only annotations on stdout: {text}");
    assert!(text.contains("title=Q0401"));
    assert!(stderr(&out).contains("已生成"));
}

#[test]
fn exit_status_is_0_for_warnings_1_for_data_errors_2_for_usage() {
    let minimal = root().join("tests/fixtures/minimal");
    // The minimal fixture has a stale record: a warning only.
    let out = check(&minimal, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(r#""code":"Q0401""#));
    assert!(stderr(&out).contains("检查通过"));
    let out = check(&minimal, &["--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let tmp = tempdir();
    let out = build(&minimal, &tmp.path().join("out"), &["--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!tmp.path().join("out").exists());
    // Usage errors.
    let out = check(&minimal, &["--format", "nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nonsense"));
    assert_eq!(qingdan(&["check", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(qingdan(&["check", "--today", "yesterday"]).status.code(), Some(2));
    // A missing content folder is a data error (Q0109), not a usage error.
    let out = check(&tmp.path().join("missing"), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains(r#""code":"Q0109""#));
}
