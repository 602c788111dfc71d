//! Every kind of bad input gets a message naming file, line and field, exit status 1, and the
//! previously built site stays exactly as it was.

use crate::common::*;
use std::path::Path;

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/invalid"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Lines of `expected.txt`: (extra args, texts that must appear in stderr).
fn expectations(case: &Path) -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(case.join("expected.txt")).unwrap();
    let mut args = Vec::new();
    let mut texts = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        match line.strip_prefix("args: ") {
            Some(a) => args.extend(a.split_whitespace().map(String::from)),
            None => texts.push(line.to_string()),
        }
    }
    (args, texts)
}

/// The minimal fixture with the case's files laid over it.
fn overlay(dir: &Path, cases: &[&Path]) {
    copy_tree(&root().join("tests/fixtures/minimal"), dir);
    for case in cases {
        for (rel, bytes) in files(case) {
            if rel != "expected.txt" {
                let dest = dir.join(rel);
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                std::fs::write(dest, bytes).unwrap();
            }
        }
    }
}

#[test]
fn each_bad_input_is_reported_precisely_and_publishes_nothing() {
    let mut failures = Vec::new();
    for name in case_names() {
        let case = root().join("tests/invalid").join(&name);
        let (args, texts) = expectations(&case);
        let tmp = tempdir();
        let output = tmp.path().join("public");
        assert!(build(&root().join("tests/fixtures/minimal"), &output, &[]).status.success());
        let before = files(&output);
        // Build from a path under tests/invalid so messages show that path.
        let content = root().join("tests/invalid").join(format!(".run-{name}"));
        let _ = std::fs::remove_dir_all(&content);
        overlay(&content, &[&case]);
        let rel = format!("tests/invalid/.run-{name}");
        let extra: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = build(Path::new(&rel), &output, &extra);
        let err = stderr(&out).replace(&format!(".run-{name}"), &name);
        std::fs::remove_dir_all(&content).unwrap();
        if out.status.code() != Some(1) {
            failures.push(format!("{name}: exit {:?}, expected 1\n{err}", out.status.code()));
        }
        for t in &texts {
            if !err.contains(t.as_str()) {
                failures.push(format!("{name}: missing {t:?} in:\n{err}"));
            }
        }
        if err.contains("panicked") {
            failures.push(format!("{name}: panic\n{err}"));
        }
        if files(&output) != before {
            failures.push(format!("{name}: the previous output changed"));
        }
        assert!(!tmp.path().join(".public.qingdan-tmp").exists(), "{name}: temporary folder left behind");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    // bad-county-code and category-is-county replace a list, and records are checked against
    // valid lists only.
    let skip = ["template-error", "bom", "crlf", "duplicate-id", "bad-county-code", "category-is-county"];
    let names: Vec<String> = case_names().into_iter().filter(|n| !skip.contains(&n.as_str())).collect();
    let cases: Vec<_> = names.iter().map(|n| root().join("tests/invalid").join(n)).collect();
    let content = tempdir();
    overlay(content.path(), &cases.iter().map(|p| p.as_path()).collect::<Vec<_>>());
    let output = content.path().join("out");
    let out = build(content.path(), &output, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    for name in &names {
        let code = expectations(&root().join("tests/invalid").join(name)).1[0].clone();
        assert!(err.contains(&code), "{name}: {code} not reported:\n{err}");
    }
    assert!(!output.exists(), "a failed build must not create the output");
}

#[test]
fn check_reports_the_same_and_writes_nothing() {
    let content = tempdir();
    overlay(content.path(), &[&root().join("tests/invalid/unknown-field")]);
    let out = qingdan(&[
        "check",
        "--content",
        content.path().to_str().unwrap(),
        "--output",
        "/nonexistent/x",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("是否想写 `address`？"));
    assert!(!Path::new("/nonexistent/x").exists());
}

#[test]
fn links_special_files_and_hidden_files_are_never_skipped_silently() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    // A county folder that is a link: its records would vanish without a word.
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::rename(content.join("bases/arxan"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, content.join("bases/arxan")).unwrap();
    let fifo = content.join("bases/ulanhot/pipe.md");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    std::fs::write(content.join("bases/ulanhot/.draft.md"), "---\nname: x\n---\n").unwrap();
    std::fs::write(content.join("bases/ulanhot/.gitkeep"), "").unwrap();
    let out = qingdan(&["check", "--content", content.to_str().unwrap(), "--today", TODAY, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let q0111: Vec<(String, String)> = lines
        .iter()
        .filter(|l| l["code"] == "Q0111")
        .map(|l| {
            (l["file"].as_str().unwrap().rsplit("content/").next().unwrap().to_string(), l["severity"].to_string())
        })
        .collect();
    let expected = [
        ("bases/arxan", "\"error\""),
        ("bases/ulanhot/.draft.md", "\"warning\""),
        ("bases/ulanhot/pipe.md", "\"error\""),
    ];
    assert_eq!(q0111, expected.map(|(f, s)| (f.to_string(), s.to_string())));
}

#[test]
fn values_and_files_too_long_to_be_meant_are_refused() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let name = "长".repeat(101);
    std::fs::write(
        content.join("bases/ulanhot/long-name.md"),
        format!(
            "---\nname: {name}\ncategory: museum\ncounty: ulanhot\naliases: [{}]\n---\n",
            vec!["别名"; 51].join(", ")
        ),
    )
    .unwrap();
    let body = "很长的正文。".repeat(40_000);
    std::fs::write(
        content.join("bases/ulanhot/huge.md"),
        format!("---\nname: 大文件\ncategory: museum\ncounty: ulanhot\n---\n{body}\n"),
    )
    .unwrap();
    let out = qingdan(&["check", "--content", content.to_str().unwrap(), "--today", TODAY]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("error[Q0316]: 字段 `name` 太长（101 个字符）") && err.contains("long-name.md:2:7"), "{err}");
    assert!(err.contains("`aliases` 列了太多项"), "{err}");
    assert!(err.contains("error[Q0112]: 文件太大") && err.contains("huge.md"), "{err}");
}
