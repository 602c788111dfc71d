//! The layout of `src/`: one stage per top-level folder or file, which stage may use which,
//! no cycles between stages, and printing only in `src/cli/`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Stages that are folders (`src/cli/`) and stages that are single files (`src/build.rs`).
const FOLDERS: &[&str] = &["cli", "content", "model", "pages", "search", "outputs", "write"];
const FILES: &[&str] = &["main", "lib", "build", "diag", "hash"];

/// Which stages each stage may use. `main` and `lib` may use anything; "lib" as a target means
/// an item re-exported from lib.rs: only cli may use those, others name the stage's module.
const ALLOWED: &[(&str, &[&str])] = &[
    ("cli", &["lib", "build", "content", "model", "pages", "search", "outputs", "write", "diag", "hash"]),
    ("build", &["content", "pages", "search", "outputs", "model", "write", "diag", "hash"]),
    ("content", &["model", "diag", "hash"]),
    ("pages", &["model", "write", "diag", "hash"]),
    ("search", &["model", "write", "diag", "hash"]),
    ("outputs", &["model", "write", "pages", "diag", "hash"]),
    ("model", &["diag", "hash"]),
    ("write", &["diag", "hash"]),
    ("diag", &[]),
    ("hash", &[]),
];

const PRINTS: &[&str] = &["println!", "print!", "eprintln!", "eprint!", "dbg!", "io::stdout", "io::stderr"];

fn allowed(from: &str, to: &str) -> bool {
    from == to || from == "main" || from == "lib" || ALLOWED.iter().any(|(f, tos)| *f == from && tos.contains(&to))
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every violation in the tree rooted at `src`, one line each.
fn check(src: &Path) -> Vec<String> {
    let mut violations = Vec::new();
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("src/ is readable");
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).unwrap();
        let file = format!("src/{}", rel.to_string_lossy().replace('\\', "/"));
        let mut parts = rel.iter().map(|p| p.to_string_lossy());
        let first = parts.next().unwrap_or_default();
        let from = match parts.next() {
            None => FILES.iter().copied().find(|s| first == format!("{s}.rs")),
            Some(_) => FOLDERS.iter().copied().find(|s| *s == first),
        };
        let Some(from) = from else {
            violations.push(format!("{file}:1: not in a stage (a new top-level file must be a stage or go into one)"));
            continue;
        };
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{file}: {e}"));
        // A test module at the end of a file may print, and may use any stage to make its
        // fixtures: only the code before `#[cfg(test)]` is checked.
        let code: String = code_only(&text)
            .lines()
            .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
            .flat_map(|l| [l, "\n"])
            .collect();

        for (line, name) in uses(&code) {
            let to = FOLDERS.iter().chain(FILES).copied().find(|s| *s == name).unwrap_or("lib");
            if !allowed(from, to) {
                violations.push(format!("{file}:{line}: {from} may not use {to} (crate::{name})"));
            }
            // lib and main are the roots: their uses are declarations and re-exports, not layers.
            if from != to && ![from, to].iter().any(|s| *s == "lib" || *s == "main") {
                graph.entry(from).or_default().insert(to);
            }
        }

        if from != "cli" {
            for (n, line) in code.lines().enumerate() {
                for pattern in PRINTS {
                    for (at, _) in line.match_indices(pattern) {
                        let before = line[..at].chars().next_back().is_some_and(is_ident);
                        let after = line[at + pattern.len()..].chars().next().is_some_and(is_ident);
                        if !before && !after {
                            violations.push(format!("{file}:{}: prints ({pattern}) outside src/cli/", n + 1));
                        }
                    }
                }
            }
        }
    }
    violations.extend(cycles(&graph));
    violations
}

/// The first name after each `crate::`, with its line; `crate::{a::X, b::Y}` gives `a` and `b`.
fn uses(code: &str) -> Vec<(usize, String)> {
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    let mut name_at = |at: usize| {
        let at = at + code[at..].len() - code[at..].trim_start().len();
        let rest = &code[at..];
        let name: String =
            if rest.starts_with('*') { "*".into() } else { rest.chars().take_while(|c| is_ident(*c)).collect() };
        if !name.is_empty() && name != "self" {
            found.push((line_of(at), name));
        }
    };
    for (at, _) in code.match_indices("crate::") {
        if code[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let start = at + "crate::".len();
        let group = start + code[start..].len() - code[start..].trim_start().len();
        if !code[group..].starts_with('{') {
            name_at(start);
            continue;
        }
        // A brace group: each top-level item, split at commas, names one first-level module.
        let (mut depth, mut item) = (0, group + 1);
        for (k, c) in code[group..].char_indices() {
            let k = group + k;
            match c {
                '{' => depth += 1,
                '}' | ',' if depth == 1 => {
                    name_at(item);
                    item = k + 1;
                    if c == '}' {
                        break;
                    }
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
    }
    found
}

/// The text with comments, strings and char literals blanked out; lines stay where they were.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = c.clone();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    let mut i = 0;
    while i < c.len() {
        let start = i;
        let ident_before = |n: usize| i >= n && is_ident(c[i - n]);
        match c[i] {
            '/' if at(i + 1) == '/' => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && at(i + 1) == '*' {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && at(i + 1) == '/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            '"' => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
            }
            // r"..", r#".."#, br"..": a raw string ends at a quote and as many hashes.
            'r' if !ident_before(1) || (matches!(c[i - 1], 'b' | 'c') && !ident_before(2)) => {
                let hashes = c[i + 1..].iter().take_while(|h| **h == '#').count();
                if at(i + 1 + hashes) != '"' {
                    i += 1;
                    continue;
                }
                i += hashes + 2;
                while i < c.len() && !(c[i] == '"' && c[i + 1..].iter().take_while(|h| **h == '#').count() >= hashes) {
                    i += 1;
                }
                i += hashes + 1;
            }
            // 'x' and '\n' are chars; 'a in &'a str is a lifetime and stays.
            '\'' if at(i + 1) == '\\' => {
                i += 3;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            }
            '\'' if at(i + 2) == '\'' => i += 3,
            _ => {
                i += 1;
                continue;
            }
        }
        for ch in &mut out[start..i.min(c.len())] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    }
    out.into_iter().collect()
}

/// One line per cycle found by depth-first search, e.g. `content -> model -> content`.
fn cycles<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<String> {
    fn visit<'a>(
        graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        node: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
        found: &mut Vec<String>,
    ) {
        if let Some(i) = path.iter().position(|n| *n == node) {
            found.push(format!("cycle between stages: {} -> {node}", path[i..].join(" -> ")));
            return;
        }
        if !done.insert(node) {
            return;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            visit(graph, next, path, done, found);
        }
        path.pop();
    }
    let (mut done, mut found) = (BTreeSet::new(), Vec::new());
    for node in graph.keys() {
        visit(graph, node, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

#[test]
fn the_source_tree_follows_the_layout() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = check(&src);
    // Every stage must exist, so that a renamed or empty tree cannot pass.
    for stage in FOLDERS {
        if !src.join(stage).is_dir() {
            violations.push(format!("src/{stage}/: the stage folder is missing"));
        }
    }
    for stage in FILES {
        if !src.join(format!("{stage}.rs")).is_file() {
            violations.push(format!("src/{stage}.rs: the stage file is missing"));
        }
    }
    assert!(violations.is_empty(), "{} layout violations:\n{}", violations.len(), violations.join("\n"));
}

#[test]
fn a_forbidden_use_is_caught() {
    let dir = crate::common::tempdir();
    let files = [
        ("main.rs", "fn main() { println!(\"x\"); qingdan::cli::run(); }\n"),
        ("cli/mod.rs", "use crate::{build, Options};\npub fn run() { eprintln!(\"ok\"); }\n"),
        ("content/mod.rs", "use crate::model::X;\n"),
        (
            "model/mod.rs",
            "pub fn f() { println!(\"x\"); }\nuse crate::content::Y;\n\
             #[cfg(test)]\nmod tests {\n    use crate::pages::fixture;\n    #[test]\n    fn t() { println!(\"tests may print\"); dbg!(1); }\n}\n",
        ),
        ("search/mod.rs", "use crate::pages::views;\nuse crate::Options;\n"),
        (
            "search/query.rs",
            "use crate::{model::A, pages::B};\nuse crate::{model::{C, D}, write::E};\n\
             use crate::{\n    diag::F,\n    pages::G,\n};\n",
        ),
        (
            "search/decoy.rs",
            "// use crate::pages::x;\n/// see [`crate::pages::Y`] /* println!() */\nconst S: &str = \"crate::pages\";\n\
             const R: &str = r#\"println!(\"crate::pages\")\"#;\nconst Q: char = '\"'; const E: char = '\\'';\n\
             fn f<'a>(s: &'a str) -> &'a str { s } // eprint!()\nfn g() { std::io::stdout(); }\n",
        ),
        ("write/mod.rs", "pub(crate) fn w(o: &mut Vec<u8>) { sprint!(); let _ = writeln!(o); }\n"),
    ];
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let mut found = check(dir.path());
    found.sort();
    let mut expected = [
        "src/main.rs:1: prints (println!) outside src/cli/",
        "src/model/mod.rs:1: prints (println!) outside src/cli/",
        "src/model/mod.rs:2: model may not use content (crate::content)",
        "src/search/mod.rs:1: search may not use pages (crate::pages)",
        "src/search/mod.rs:2: search may not use lib (crate::Options)",
        "src/search/query.rs:1: search may not use pages (crate::pages)",
        "src/search/query.rs:5: search may not use pages (crate::pages)",
        // After the decoys: the lexer must not have lost its place.
        "src/search/decoy.rs:7: prints (io::stdout) outside src/cli/",
        "cycle between stages: content -> model -> content",
    ];
    expected.sort();
    assert_eq!(found, expected);
}
