//! Serve: build, then serve the output folder on 127.0.0.1 and rebuild when content or theme
//! files change. A failed rebuild prints its errors and the last good site keeps being served.

use crate::Options;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

pub fn serve(opts: &Options, port: u16) -> ExitCode {
    let _ = crate::cli::build(opts);
    let server = match tiny_http::Server::http(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: 无法在 127.0.0.1:{port} 上监听：{e}");
            return ExitCode::from(2);
        }
    };
    println!("预览地址：http://127.0.0.1:{port}/ （Ctrl+C 结束）");
    let watched: Vec<PathBuf> = std::iter::once(opts.content.clone()).chain(opts.theme.clone()).collect();
    let rebuild_opts = opts.clone();
    std::thread::spawn(move || {
        let mut last = fingerprint(&watched);
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let now = fingerprint(&watched);
            if now != last {
                last = now;
                println!("检测到文件变化，重新构建…");
                let _ = crate::cli::build(&rebuild_opts);
            }
        }
    });
    for request in server.incoming_requests() {
        let (status, path) = resolve(&opts.output, request.url());
        let response = match std::fs::read(&path) {
            Ok(body) => tiny_http::Response::from_data(body).with_status_code(status),
            Err(_) => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let header = tiny_http::Header::from_bytes("Content-Type", content_type(&path)).expect("valid header");
        let _ = request.respond(response.with_header(header));
    }
    ExitCode::SUCCESS
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
}
