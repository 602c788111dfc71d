//! Helpers shared by the integration tests: run the real binary on fixture folders.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The fixed day the tests build as, so "not verified for 12 months" never depends on the clock.
pub const TODAY: &str = "2026-11-29";

/// The Python of tests/opendata/.venv, which tests/setup.sh makes.
pub fn python() -> PathBuf {
    let python = root().join("tests/opendata/.venv/bin/python");
    assert!(python.exists(), "{} is missing: run `bash tests/setup.sh` first", python.display());
    python
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `qingdan` with `args` from the repository root.
pub fn qingdan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qingdan")).args(args).current_dir(root()).output().expect("run qingdan")
}

/// `qingdan ARGS…` in the root folder on the day `TODAY` (China time), as `SOURCE_DATE_EPOCH` says.
pub fn qingdan_today(args: &[&str]) -> Output {
    let day: jiff::civil::Date = TODAY.parse().unwrap();
    let noon = day.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(8))).unwrap();
    Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", noon.timestamp().as_second().to_string())
        .current_dir(root())
        .output()
        .expect("run qingdan")
}

/// `qingdan build --content CONTENT --output OUTPUT --today TODAY …`.
pub fn build(content: &Path, output: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--content", content.to_str().unwrap(), "--output", output.to_str().unwrap()];
    args.extend(["--today", TODAY]);
    args.extend(extra);
    qingdan(&args)
}

/// Writes a generated directory of `records` records into `content` (`examples/gen.rs`).
pub fn generate(content: &Path, records: usize) {
    let mut gen = Command::new(env!("CARGO"));
    gen.args(["run", "--quiet", "--example", "gen"]);
    if !cfg!(debug_assertions) {
        gen.arg("--release");
    }
    gen.args(["--", "--records", &records.to_string(), "--out"]).arg(content);
    let status = gen.current_dir(root()).status().expect("cargo runs the generator");
    assert!(status.success());
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Copies a folder tree (files only).
pub fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in files(from) {
        let dest = to.join(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

/// A start tag found in HTML: name and attributes (names lowercased, values unquoted).
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The start tags of an HTML document, read the way a browser tokenizer does: text inside
/// `<title>`, `<textarea>`, `<script>` and `<style>` is not markup, comments are skipped, and
/// attribute values may be quoted or not. Enough to judge what the browser would run.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let s = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr = html[s..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i] as char;
                    let e = html[i + 1..].find(q).map_or(b.len(), |e| i + 1 + e);
                    value = html[i + 1..e].to_string();
                    i = (e + 1).min(b.len());
                } else {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[s..i].to_string();
                }
            }
            attrs.push((attr, decode_entities(&value)));
        }
        if matches!(name.as_str(), "title" | "textarea" | "script" | "style") {
            let close = format!("</{name}");
            i = html[i..].to_ascii_lowercase().find(&close).map_or(b.len(), |e| i + e);
        }
        out.push(Tag { name, attrs });
    }
    out
}

fn decode_entities(v: &str) -> String {
    v.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every text of 8 characters or more under `private:` in the records of a content folder.
pub fn private_strings(content: &str) -> Vec<String> {
    let mut secrets = Vec::new();
    for (rel, bytes) in files(&root().join(content).join("bases")) {
        let text = String::from_utf8(bytes).unwrap();
        let yaml = if rel.ends_with(".md") {
            text.split("\n---").next().unwrap().trim_start_matches("---\n").to_string()
        } else {
            text
        };
        let value: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
        collect_strings(&value["private"], &mut secrets);
    }
    secrets
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) if s.chars().count() >= 8 => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// The sample content as the library reads it, to know which pages and values to expect.
pub fn sample_directory() -> qingdan::Directory {
    directory(&root().join("content"))
}

/// A valid content folder as the library reads it.
pub fn directory(content: &Path) -> qingdan::Directory {
    let opts = qingdan::Options::reading(content.to_path_buf(), TODAY.parse().unwrap());
    qingdan::load(&opts).directory.expect("the content is valid")
}

/// A temporary folder, removed when dropped. The tests' own rather than the tempfile crate's:
/// that crate turns on features of dependencies qingdan shares (bitflags' `std`), so that
/// `cargo test --release` compiled 24 crates again after `cargo build --release`.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A new empty folder under the system's temporary folder, unique to this process and call.
pub fn tempdir() -> TempDir {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("qingdan-test-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    TempDir(dir)
}
