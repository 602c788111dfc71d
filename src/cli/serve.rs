//! `qingdan serve`: build, then serve the output folder on 127.0.0.1 and rebuild when content or theme
//! files change. A failed rebuild prints its errors, the last good site keeps being served, and
//! the open page shows the errors in an overlay.
//!
//! Live reload: every HTML response (never the files on disk) gets a small inline script that
//! polls `/__qingdan/status` and reloads the page when the build generation changes.

use super::http::Reply;
use crate::diag::{Format, Severity};
use crate::{Failure, Options};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// Where the open page asks whether the site changed.
const STATUS_PATH: &str = "/__qingdan/status";
/// How often the watcher looks at the files.
const POLL: Duration = Duration::from_millis(100);
/// A rebuild starts once the files have not changed for this long.
const SETTLE: Duration = Duration::from_millis(200);

/// What the server knows about the builds, shared with the rebuild thread.
#[derive(Default)]
struct State {
    /// Number of successful builds; the page reloads when it changes.
    generation: u64,
    /// The errors of the last build, empty when it succeeded.
    errors: Vec<serde_json::Value>,
    /// A build is running (the output folder may be being swapped).
    building: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

pub fn serve(opts: &Options, port: u16) -> ExitCode {
    let shared: Shared = Arc::default();
    let watched: Vec<PathBuf> = std::iter::once(opts.content.clone()).chain(opts.theme.clone()).collect();
    // Checked before the first build too: a site written where the watcher looks would be
    // rebuilt without end.
    let keep: Vec<&Path> = watched.iter().map(PathBuf::as_path).collect();
    if let Err(e) = crate::write::folder::check(&opts.output, &keep) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let first = fingerprint(&watched);
    rebuild(opts, &shared);
    let listener = match std::net::TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: 无法在 127.0.0.1:{port} 上监听：{e}");
            return ExitCode::from(2);
        }
    };
    println!("预览地址：http://127.0.0.1:{port}/ （Ctrl+C 结束）");
    let rebuild_opts = opts.clone();
    let watcher_state = Arc::clone(&shared);
    std::thread::spawn(move || {
        let mut built = first;
        let mut seen = built.clone();
        let mut changed_at = Instant::now();
        loop {
            std::thread::sleep(POLL);
            let now = fingerprint(&watched);
            if now != seen {
                seen = now;
                changed_at = Instant::now();
            } else if seen != built && changed_at.elapsed() >= SETTLE {
                built = seen.clone();
                println!("检测到文件变化，重新构建…");
                rebuild(&rebuild_opts, &watcher_state);
            }
        }
    });
    let output = opts.output.clone();
    super::http::run(listener, Arc::new(move |url: &str| respond(&output, url, &shared)));
    ExitCode::SUCCESS
}

/// Builds like `qingdan build` and records the outcome in the shared state.
fn rebuild(opts: &Options, shared: &Shared) {
    let (lock, changed) = &**shared;
    lock.lock().unwrap_or_else(|e| e.into_inner()).building = true;
    let errors = match std::panic::catch_unwind(|| build(opts)) {
        Ok(errors) => errors,
        Err(_) => vec![error_json("", 0, 0, "", "Q0500", "构建时发生内部错误")],
    };
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    if errors.is_empty() {
        state.generation += 1;
    }
    state.errors = errors;
    state.building = false;
    changed.notify_all();
}

/// Runs one build as `qingdan build` does and returns its errors as JSON objects (empty on
/// success), for the page's overlay.
fn build(opts: &Options) -> Vec<serde_json::Value> {
    let (result, loaded) = super::build::build_and_report(opts, Format::Human, "继续提供上一次成功的构建");
    match result {
        Ok(_) => Vec::new(),
        Err(Failure::Invalid) => {
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
        Err(Failure::Io(e)) => {
            vec![error_json(&opts.output.display().to_string(), 0, 0, "", "Q0501", &format!("无法写入网站：{e}"))]
        }
    }
}

fn error_json(file: &str, line: usize, column: usize, field: &str, code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "file": file, "line": line, "column": column, "field": field, "code": code, "message": message })
}

fn respond(root: &Path, url: &str, shared: &Shared) -> Reply {
    let (lock, changed) = &**shared;
    if url.split(['?', '#']).next() == Some(STATUS_PATH) {
        let state = lock.lock().unwrap_or_else(|e| e.into_inner());
        let body = serde_json::json!({ "generation": state.generation, "errors": state.errors }).to_string();
        return Reply::new(200, "application/json", body.into_bytes());
    }
    if let Some(to) = folder_without_slash(root, url) {
        return Reply { location: Some(to), ..Reply::new(301, "text/plain", Vec::new()) };
    }
    let mut found = resolve(root, url);
    if found.0 == 404 {
        // A rebuild swaps the output folder; wait for it instead of answering "not found".
        let state = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = changed
            .wait_timeout_while(state, Duration::from_secs(10), |s| s.building)
            .unwrap_or_else(|e| e.into_inner());
        drop(state);
        found = resolve(root, url);
    }
    let (status, path) = found;
    let generation = lock.lock().unwrap_or_else(|e| e.into_inner()).generation;
    let (status, body, kind) = match std::fs::read(&path) {
        Ok(body) if content_type(&path).starts_with("text/html") => {
            (status, inject(body, generation), content_type(&path))
        }
        Ok(body) => (status, body, content_type(&path)),
        // No site yet (the first build failed): a bare page that still shows the errors.
        Err(_) => (
            404,
            inject(b"<!doctype html><meta charset=utf-8><title>qingdan</title><p>not found</p>".to_vec(), generation),
            "text/html; charset=utf-8",
        ),
    };
    Reply::new(status, kind, body)
}

/// Adds the live-reload script before the last `</body>`, or at the end when there is none.
fn inject(mut html: Vec<u8>, generation: u64) -> Vec<u8> {
    let script = format!("<script>{}</script>", RELOAD_JS.replace("__GENERATION__", &generation.to_string()));
    let lower = html.to_ascii_lowercase();
    let at = lower.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
    html.splice(at..at, script.into_bytes());
    html
}

/// Polls the status every second; reloads on a new generation; shows build errors in an overlay.
const RELOAD_JS: &str = r#"(function () {
  var generation = __GENERATION__, shown = '', closed = '', box = null;
  function hide() { if (box) { box.remove(); box = null; } shown = ''; }
  function show(errors, key) {
    if (key === shown || key === closed) return;
    hide();
    shown = key;
    box = document.createElement('div');
    box.setAttribute('role', 'alert');
    box.id = '__qingdan-errors';
    box.style.cssText = 'position:fixed;left:0;right:0;top:0;max-height:80vh;overflow:auto;z-index:2147483647;' +
      'background:#111;color:#fff;border-bottom:4px solid #ff5555;padding:1em 1.25em;font:15px/1.5 monospace;' +
      'white-space:pre-wrap;box-shadow:0 4px 16px rgba(0,0,0,.5)';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = '关闭 ×';
    close.setAttribute('aria-label', '关闭错误提示');
    close.style.cssText = 'float:right;background:#fff;color:#000;border:0;padding:.3em .8em;font:inherit;cursor:pointer';
    close.addEventListener('click', function () { closed = key; hide(); });
    box.appendChild(close);
    var title = document.createElement('strong');
    title.style.color = '#ff8080';
    title.textContent = '构建失败（' + errors.length + ' 个错误），仍在显示上一次成功的构建：';
    box.appendChild(title);
    var list = document.createElement('ul');
    list.style.cssText = 'margin:.5em 0 0;padding-left:1.25em';
    errors.forEach(function (e) {
      var item = document.createElement('li');
      var where = String(e.file || '');
      if (e.line) where += ':' + e.line + (e.column ? ':' + e.column : '');
      item.textContent = where + '  [' + e.code + '] ' + e.message + (e.field ? '（字段 ' + e.field + '）' : '');
      list.appendChild(item);
    });
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }
  function poll() {
    fetch('/__qingdan/status', { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.generation !== generation) { location.reload(); return; }
        if (s.errors && s.errors.length) { show(s.errors, JSON.stringify(s.errors)); } else { hide(); closed = ''; }
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();"#;

/// The address with `/` added when `url` names a folder of the site without it: served as it
/// is, its page's relative links would point one folder too high.
fn folder_without_slash(root: &Path, url: &str) -> Option<String> {
    let (path, rest) = url.find(['?', '#']).map_or((url, ""), |i| url.split_at(i));
    let rel = percent_decode(path);
    let rel = Path::new(rel.trim_start_matches('/'));
    let inside = rel.components().all(|c| matches!(c, Component::Normal(_)));
    (inside && !path.ends_with('/') && !path.is_empty() && root.join(rel).is_dir()).then(|| format!("{path}/{rest}"))
}

/// Maps a request path to a file of the site; unknown paths get `404.html`.
fn resolve(root: &Path, url: &str) -> (u16, PathBuf) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().all(|c| matches!(c, Component::Normal(_))) {
        let mut file = root.join(rel);
        if file.is_dir() {
            file.push("index.html");
        }
        if file.is_file() {
            return (200, file);
        }
    }
    (404, root.join("404.html"))
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

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
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

/// Paths, sizes and modification times of every file under `dirs`.
fn fingerprint(dirs: &[PathBuf]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut all = Vec::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if let Ok(meta) = entry.metadata() {
                all.push((entry.into_path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_the_root_only() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(resolve(root, "/Cargo.toml?x=1"), (200, root.join("Cargo.toml")));
        assert_eq!(resolve(root, "/../etc/passwd").0, 404);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd").0, 404);
        assert_eq!(percent_decode("/%E7%A7%91"), "/科");
    }

    #[test]
    fn a_folder_without_its_slash_is_redirected() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(folder_without_slash(root, "/src?x=1"), Some("/src/?x=1".to_string()));
        assert_eq!(folder_without_slash(root, "/src/"), None);
        assert_eq!(folder_without_slash(root, "/Cargo.toml"), None);
        assert_eq!(folder_without_slash(root, "/../etc"), None);
        assert_eq!(content_type(Path::new("bases/x/contact.vcf")), "text/vcard; charset=utf-8");
    }

    #[test]
    fn injects_the_reload_script_before_the_last_body_end() {
        let page = String::from_utf8(inject(b"<p>a</p></BODY></html>".to_vec(), 7)).unwrap();
        assert!(page.starts_with("<p>a</p><script>(function () {"), "{page}");
        assert!(page.ends_with("</script></BODY></html>"), "{page}");
        assert!(page.contains("var generation = 7,") && page.contains("/__qingdan/status"));
        assert!(!page.contains("innerHTML"));
        let bare = String::from_utf8(inject(b"<p>a".to_vec(), 1)).unwrap();
        assert!(bare.starts_with("<p>a<script>") && bare.ends_with("</script>"), "{bare}");
    }
}
