//! `qingdan serve`: build into memory, serve it on 127.0.0.1, and rebuild when content or theme
//! files change, re-rendering only what the change touches. A failed rebuild prints its errors,
//! the last good site keeps being served, and the open page shows the errors in an overlay.
//! Nothing is written to disk unless `--output` is given; then each good build is saved there
//! too, as `qingdan build` would write it.
//!
//! A rebuild first makes the pages, keeping the previous search index (the pages it serves name
//! it), and swaps the site in; then it makes the new index and swaps again. Each swap replaces
//! the whole site, so a page never mixes two builds.
//!
//! Live reload: every HTML response gets a small inline script that polls `/__qingdan/status`
//! and reloads the page when the build generation changes.

use super::http::Reply;
use super::reload::inject;
use crate::diag::{Format, Severity};
use crate::{Failure, Loaded, Options, Site};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Where the open page asks whether the site changed.
const STATUS_PATH: &str = "/__qingdan/status";
/// What the server knows about the builds, shared with the rebuild thread.
#[derive(Default)]
struct State {
    /// Number of successful builds; the page reloads when it changes.
    generation: u64,
    /// The errors of the last build, empty when it succeeded.
    errors: Vec<serde_json::Value>,
    /// The site being served.
    site: Arc<Site>,
    /// The records of the last load (see [`crate::content::Memo`]).
    memo: crate::content::Memo,
}

type Shared = Arc<Mutex<State>>;

pub fn serve(opts: &Options, port: u16, save: bool) -> ExitCode {
    let shared: Shared = Arc::default();
    let watched: Vec<PathBuf> = opts.sources().into_iter().map(Path::to_path_buf).collect();
    // Checked before the first build too: a site written where the watcher looks would be
    // rebuilt without end.
    if let Err(e) = if save { crate::write::folder::check(&opts.output, &opts.sources()) } else { Ok(()) } {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    // The first build is made once the folders are watched, so an edit made meanwhile is seen,
    // and before the server listens, so the first request finds the site.
    let (built, first) = std::sync::mpsc::channel();
    let (rebuild_opts, watcher_state) = (opts.clone(), Arc::clone(&shared));
    std::thread::spawn(move || {
        let mut count = 0;
        // The list pages' rows, kept from one rebuild to the next.
        let rows = crate::pages::rows::Rows::kept();
        super::watch::watch(&watched, || {
            if count > 0 {
                println!("检测到文件变化，重新构建…");
            }
            count += 1;
            rebuild(&rebuild_opts, &watcher_state, save, &rows);
            let _ = built.send(());
        })
    });
    let _ = first.recv();
    let listener = match std::net::TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: 无法在 127.0.0.1:{port} 上监听：{e}");
            return ExitCode::from(2);
        }
    };
    println!("预览地址：http://127.0.0.1:{port}/ （Ctrl+C 结束）");
    super::http::run(listener, Arc::new(move |url: &str| respond(url, &shared)));
    ExitCode::SUCCESS
}

/// Loads and builds into memory, swapping the new site in (pages first, then the search index)
/// and recording the outcome in the shared state.
fn rebuild(opts: &Options, shared: &Shared, save: bool, rows: &crate::pages::rows::Rows) {
    let started = Instant::now();
    let previous = Arc::clone(&lock(shared).site);
    let first = previous.is_empty();
    // Taken out while loading: the server answers from the state meanwhile.
    let mut memo = std::mem::take(&mut lock(shared).memo);
    let mut loaded = crate::build::load_again(opts, &mut memo);
    lock(shared).memo = memo;
    let loading = started.elapsed();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::preview(opts, &mut loaded, previous, !first, rows)
    }));
    let rendering = started.elapsed() - loading;
    let (errors, warnings) = super::report::diagnostics(&loaded.diagnostics, &loaded.sources, Format::Human);
    if opts.timings {
        println!(
            "  load and check {:.2} s, pages {:.2} s, report {:.2} s",
            loading.as_secs_f64(),
            rendering.as_secs_f64(),
            (started.elapsed() - loading - rendering).as_secs_f64()
        );
    }
    let site = match outcome {
        Ok(Ok((built, site))) => {
            if opts.timings {
                built.timings.iter().for_each(|(stage, time)| println!("  {stage:<16} {:>8.2} s", time.as_secs_f64()));
            }
            let warned = if warnings > 0 { format!("；{warnings} 个警告") } else { String::new() };
            println!(
                "已更新 {} 条记录的网站（{} 个文件与上次相同），用时 {:.2} 秒{warned}",
                built.records,
                built.reused,
                started.elapsed().as_secs_f64()
            );
            site
        }
        Ok(Err(failure)) => {
            eprintln!("构建失败：{errors} 个错误，{warnings} 个警告；继续提供上一次成功的构建");
            lock(shared).errors = failure_json(opts, &loaded, &failure);
            return;
        }
        Err(_) => {
            lock(shared).errors = vec![error_json("", 0, 0, "", "Q0500", "构建时发生内部错误")];
            return;
        }
    };
    let site = Arc::new(site);
    {
        let mut state = lock(shared);
        state.site = Arc::clone(&site);
        state.generation += 1;
        state.errors.clear();
    }
    // The pages are served; now the index of this data, if the previous one was kept.
    let site = if first {
        site
    } else {
        match crate::preview(opts, &mut loaded, site, false, rows) {
            Ok((_, with_index)) => {
                let with_index = Arc::new(with_index);
                lock(shared).site = Arc::clone(&with_index);
                with_index
            }
            Err(failure) => {
                lock(shared).errors = failure_json(opts, &loaded, &failure);
                return;
            }
        }
    };
    if save {
        if let Err(e) = crate::save(opts, &site) {
            eprintln!("error: 无法写入 {}：{e}", opts.output.display());
        }
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// A failed build's errors as JSON objects, for the page's overlay.
fn failure_json(opts: &Options, loaded: &Loaded, failure: &Failure) -> Vec<serde_json::Value> {
    match failure {
        Failure::Invalid => {
            // With --deny-warnings the warnings are what failed the build.
            let errors = loaded.diagnostics.count(Severity::Error);
            let shown = if errors == 0 { Severity::Warning } else { Severity::Error };
            let list: Vec<_> = loaded
                .diagnostics
                .items
                .iter()
                .filter(|d| d.severity == shown)
                .map(|d| error_json(&d.file.display().to_string(), d.line, d.column, &d.field, d.code, &d.message))
                .collect();
            if list.is_empty() {
                vec![error_json("", 0, 0, "", "Q0500", "构建失败")]
            } else {
                list
            }
        }
        Failure::Io(e) => {
            vec![error_json(&opts.output.display().to_string(), 0, 0, "", "Q0501", &format!("无法写入网站：{e}"))]
        }
    }
}

fn error_json(file: &str, line: usize, column: usize, field: &str, code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "file": file, "line": line, "column": column, "field": field, "code": code, "message": message })
}

fn respond(url: &str, shared: &Shared) -> Reply {
    if url.split(['?', '#']).next() == Some(STATUS_PATH) {
        let state = lock(shared);
        let body = serde_json::json!({ "generation": state.generation, "errors": state.errors }).to_string();
        return Reply::new(200, "application/json", body.into_bytes());
    }
    let (site, generation) = {
        let state = lock(shared);
        (Arc::clone(&state.site), state.generation)
    };
    if let Some(to) = folder_without_slash(&site, url) {
        return Reply { location: Some(to), ..Reply::new(301, "text/plain", Vec::new()) };
    }
    let (status, rel) = resolve(&site, url);
    let (status, body, kind) = match site.get(&rel) {
        Some(file) if content_type(&rel).starts_with("text/html") => {
            (status, inject(file.bytes.to_vec(), generation), content_type(&rel))
        }
        Some(file) => (status, file.bytes.to_vec(), content_type(&rel)),
        // No site yet (the first build failed): a bare page that still shows the errors.
        None => (
            404,
            inject(b"<!doctype html><meta charset=utf-8><title>qingdan</title><p>not found</p>".to_vec(), generation),
            "text/html; charset=utf-8",
        ),
    };
    Reply::new(status, kind, body)
}

/// The address with `/` added when `url` names a folder of the site without it: served as it
/// is, its page's relative links would point one folder too high.
fn folder_without_slash(site: &Site, url: &str) -> Option<String> {
    let (path, rest) = url.find(['?', '#']).map_or((url, ""), |i| url.split_at(i));
    let rel = percent_decode(path);
    let rel = rel.trim_start_matches('/');
    let inside = !rel.is_empty() && rel.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    (inside && !path.ends_with('/') && site.get(rel).is_none() && site.is_folder(rel)).then(|| format!("{path}/{rest}"))
}

/// Maps a request path to a file of the site; unknown paths get `404.html`.
fn resolve(site: &Site, url: &str) -> (u16, String) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let rel = decoded.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    if site.get(&rel).is_some() {
        return (200, rel);
    }
    (404, "404.html".to_string())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(rel: &str) -> &'static str {
    match rel.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("csv") => "text/csv; charset=utf-8",
        Some("vcf") => "text/vcard; charset=utf-8",
        Some("geojson") => "application/geo+json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::memory::File;

    fn site() -> Site {
        let file = |s: &str| File { key: 0, bytes: s.as_bytes().into() };
        Site::new(std::collections::HashMap::from([
            ("index.html".to_string(), file("home")),
            ("404.html".to_string(), file("missing")),
            ("bases/a/index.html".to_string(), file("a")),
            ("static/style.css".to_string(), file("css")),
        ]))
    }

    #[test]
    fn resolves_inside_the_site_only() {
        let site = site();
        assert_eq!(resolve(&site, "/?x=1"), (200, "index.html".to_string()));
        assert_eq!(resolve(&site, "/bases/a/"), (200, "bases/a/index.html".to_string()));
        assert_eq!(resolve(&site, "/static/style.css#x"), (200, "static/style.css".to_string()));
        assert_eq!(resolve(&site, "/../etc/passwd").0, 404);
        assert_eq!(resolve(&site, "/%2e%2e/etc/passwd").0, 404);
        assert_eq!(percent_decode("/%E7%A7%91"), "/科");
    }

    #[test]
    fn a_folder_without_its_slash_is_redirected() {
        let site = site();
        assert_eq!(folder_without_slash(&site, "/bases/a?x=1"), Some("/bases/a/?x=1".to_string()));
        assert_eq!(folder_without_slash(&site, "/bases"), Some("/bases/".to_string()));
        assert_eq!(folder_without_slash(&site, "/bases/a/"), None);
        assert_eq!(folder_without_slash(&site, "/static/style.css"), None);
        assert_eq!(folder_without_slash(&site, "/../bases"), None);
        assert_eq!(content_type("bases/x/contact.vcf"), "text/vcard; charset=utf-8");
    }
}
