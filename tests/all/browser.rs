//! End-to-end tests in headless Chromium: builds the sample site with this crate's binary, then
//! runs `tests/browser/site.test.mjs` (search, filters, shared URLs, keyboard, axe-core, no other
//! hosts and no console errors, pages without JavaScript, the A4 print of county lists, the Nu
//! HTML Checker). Needs what `bash tests/setup.sh` installs; fails, naming it, when it is missing.
//! Screenshots and a printed county list go to `target/screenshots/`.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const SETUP: &str = "run `bash tests/setup.sh` once (it installs Chromium, CJK fonts, Java and the npm test packages)";

fn missing() -> Vec<String> {
    let chrome = std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut missing = Vec::new();
    if !Path::new(&chrome).exists() {
        missing.push(format!("{chrome} (Debian's chromium)"));
    }
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        if !root().join("tests/browser/node_modules").join(package).join("package.json").exists() {
            missing.push(format!("tests/browser/node_modules/{package}"));
        }
    }
    for (tool, arg) in [("node", "--version"), ("java", "-version")] {
        if Command::new(tool).arg(arg).output().map(|o| !o.status.success()).unwrap_or(true) {
            missing.push(format!("`{tool}` on the PATH"));
        }
    }
    missing
}

#[test]
fn sample_site_in_chromium() {
    let missing = missing();
    assert!(missing.is_empty(), "the browser tests need {}: {SETUP}", missing.join(", "));

    let site = tempdir();
    let out = build(Path::new("content"), site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // CARGO_TARGET_TMPDIR is <target>/tmp
    let shots: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("screenshots");

    let out = Command::new("node")
        .arg("--test-reporter=spec")
        .arg(root().join("tests/browser/site.test.mjs"))
        .arg("--site")
        .arg(site.path())
        .arg("--qingdan")
        .arg(env!("CARGO_BIN_EXE_qingdan"))
        .arg("--content")
        .arg(root().join("content"))
        .arg("--shots")
        .arg(&shots)
        .current_dir(root())
        .output()
        .expect("run node");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the browser tests failed:\n{report}");
    println!("{report}\nscreenshots: {}", shots.display());
}
