//! `qingdan serve`: loopback only, rebuilds on change, live reload and the error overlay.

use crate::common::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `qingdan serve` on a copy of the minimal fixture; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    content: PathBuf,
    _tmp: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Serves with `--output public`, which keeps a copy on disk.
    fn start() -> Server {
        Server::start_saving(true)
    }

    /// Serves from the temporary folder, with or without `--output public`.
    fn start_saving(save: bool) -> Server {
        let tmp = tempdir();
        let content = tmp.path().join("content");
        copy_tree(&root().join("tests/fixtures/minimal"), &content);
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let output: &[&str] = if save { &["--output", "public"] } else { &[] };
        let child = Command::new(env!("CARGO_BIN_EXE_qingdan"))
            .args(["serve", "--port", &port.to_string(), "--today", TODAY])
            .arg("--content")
            .arg(&content)
            .args(output)
            .current_dir(tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { child, port, content, _tmp: tmp };
        assert!(wait_for(Duration::from_secs(30), || server.get("/").is_some()), "server did not answer");
        server
    }

    fn get(&self, path: &str) -> Option<(u16, String)> {
        get(self.port, path)
    }

    /// The body of a 200 response.
    fn page(&self, path: &str) -> String {
        let (status, text) = self.get(path).unwrap();
        assert_eq!(status, 200, "{path}: {text}");
        body(&text).to_string()
    }

    fn status(&self) -> Option<serde_json::Value> {
        let (code, text) = self.get("/__qingdan/status")?;
        assert_eq!(code, 200);
        assert!(headers(&text).contains("application/json"), "{text}");
        serde_json::from_str(body(&text)).ok()
    }

    fn record(&self) -> PathBuf {
        self.content.join("bases/ulanhot/test-museum.md")
    }

    fn edit(&self, from: &str, to: &str) {
        let text = std::fs::read_to_string(self.record()).unwrap();
        assert!(text.contains(from));
        std::fs::write(self.record(), text.replacen(from, to, 1)).unwrap();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let status = text.split(' ').nth(1)?.parse().ok()?;
    Some((status, text))
}

fn headers(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or(response, |(h, _)| h)
}

fn body(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

/// Polls `f` every 50 ms until it returns true or `limit` passes.
fn wait_for(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn generation(status: &serde_json::Value) -> u64 {
    status["generation"].as_u64().expect("a generation number")
}

fn errors(status: &serde_json::Value) -> &Vec<serde_json::Value> {
    status["errors"].as_array().expect("an error list")
}

#[test]
fn serve_answers_on_loopback_and_rebuilds_on_change() {
    let server = Server::start();
    let (status, text) = server.get("/bases/test-museum/").unwrap();
    assert_eq!(status, 200);
    assert!(text.contains("测试博物馆") && headers(&text).contains("text/html"));
    assert_eq!(server.get("/no/such/page/").unwrap().0, 404);
    assert_eq!(server.get("/../Cargo.toml").unwrap().0, 404);
    // A folder without its slash is redirected, so that its page's relative links work.
    let (status, text) = server.get("/bases/test-museum?x=1").unwrap();
    assert_eq!(status, 301);
    assert!(headers(&text).contains("Location: /bases/test-museum/?x=1"), "{text}");
    let (status, text) = server.get("/bases/test-museum/contact.vcf").unwrap();
    assert!(status == 200 && headers(&text).contains("text/vcard"), "{text}");
    server.edit("测试博物馆", "改名后的博物馆");
    let rebuilt = wait_for(Duration::from_secs(30), || {
        server.get("/bases/test-museum/").is_some_and(|(_, b)| b.contains("改名后的博物馆"))
    });
    assert!(rebuilt, "the change was not rebuilt");
}

/// The `search/<version>/` folder a search page names.
fn index_folder(page: &str) -> String {
    let at = page.find("data-index=").expect("the search form names its index") + "data-index=".len();
    let rest = page[at..].trim_start_matches(['"', '/', '.']);
    rest[..rest.find(['"', ' ', '>']).unwrap()].to_string()
}

#[test]
fn serve_builds_in_memory_writes_nothing_and_the_index_follows_an_edit() {
    let server = Server::start_saving(false);
    let index = index_folder(&server.page("/search/"));
    assert!(index.starts_with("search/") && server.get(&format!("/{index}meta.js")).unwrap().0 == 200, "{index}");
    server.edit("测试博物馆", "改名后的博物馆");
    // Its rows in the lists of each edition are made again, not kept from the last preview.
    let lists = ["/counties/ulanhot/", "/mn/counties/ulanhot/", "/categories/museum/", "/mn/themes/patriotism/"];
    let shown = wait_for(Duration::from_secs(30), || {
        lists.iter().chain(&["/bases/test-museum/"]).all(|p| server.page(p).contains("改名后的博物馆"))
    });
    assert!(shown, "the record and the lists that show it show the edit");
    assert!(lists.iter().all(|p| !server.page(p).contains("测试博物馆")), "no list keeps the old row");
    // The index of the new data follows, whole: its files are served and name the new name.
    let mut now = String::new();
    let followed = wait_for(Duration::from_secs(30), || {
        now = index_folder(&server.page("/search/"));
        now != index
    });
    assert!(followed, "the search index was not made again");
    assert!(server.get(&format!("/{now}meta.js")).unwrap().0 == 200);
    let contacts: Vec<String> =
        (0..20).filter_map(|i| server.get(&format!("/{now}c/{i}.js"))).filter(|r| r.0 == 200).map(|r| r.1).collect();
    assert!(contacts.iter().any(|c| c.contains("改名后的博物馆")), "{contacts:?}");
    let names: Vec<_> = std::fs::read_dir(server._tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["content"], "nothing but the content folder: the site is in memory");
}

#[test]
fn html_responses_carry_the_reload_script_and_the_files_on_disk_do_not() {
    let server = Server::start();
    let page = server.page("/bases/test-museum/");
    assert!(page.contains("/__qingdan/status") && page.contains("location.reload()"), "{page}");
    let status = server.status().expect("status JSON");
    assert!(generation(&status) >= 1, "{status}");
    assert!(errors(&status).is_empty(), "{status}");
    assert!(page.contains(&format!("var generation = {},", generation(&status))), "{page}");
    // The script goes into the served page, never the built file, nor anything but HTML.
    let on_disk = std::fs::read_to_string(server._tmp.path().join("public/bases/test-museum/index.html")).unwrap();
    assert!(!on_disk.contains("__qingdan"));
    assert!(!server.page("/static/style.css").contains("__qingdan"));
    assert!(server.get("/no/such/page/").unwrap().1.contains("/__qingdan/status"), "404 page reloads too");
    // The built page and the served one differ only by the script.
    assert_eq!(strip_script(&page), on_disk);
}

fn strip_script(page: &str) -> String {
    let start = page.rfind("<script>(function () {\n  var generation").expect("the reload script");
    let end = start + page[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &page[..start], &page[end..])
}

#[test]
fn a_data_error_is_reported_to_the_page_and_the_last_good_site_stays() {
    let server = Server::start();
    let before = server.status().expect("status JSON");
    let first = generation(&before);
    let script = server.page("/bases/test-museum/");
    assert!(script.contains("role") && script.contains("alert") && script.contains("textContent"));
    assert!(!script.contains("innerHTML"));

    // Break the record: an unknown field on line 24, and a new name that must not appear.
    server.edit("status: open", "status: open\nbogus_field: 1");
    server.edit("测试博物馆", "坏掉的博物馆");
    let mut broken = serde_json::Value::Null;
    let reported = wait_for(Duration::from_secs(30), || {
        broken = server.status().unwrap_or_default();
        broken["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    assert!(reported, "the error never showed in the status: {broken}");
    let error = errors(&broken)
        .iter()
        .find(|e| e["file"].as_str().is_some_and(|f| Path::new(f).ends_with("bases/ulanhot/test-museum.md")))
        .unwrap_or_else(|| panic!("no error names the record: {broken}"));
    assert_eq!(error["line"], 24, "{error}");
    assert_eq!(error["column"], 1, "{error}");
    assert_eq!(error["code"], "Q0201", "{error}");
    assert_eq!(error["field"], "bogus_field", "{error}");
    assert!(error["message"].as_str().unwrap().contains("bogus_field"), "{error}");
    assert_eq!(generation(&broken), first, "a failed build must not reload the page");
    let page = server.page("/bases/test-museum/");
    assert!(page.contains("测试博物馆") && !page.contains("坏掉的博物馆"), "the last good site is served");

    // Fix it: the errors go, the generation moves on, the page shows the change.
    server.edit("status: open\nbogus_field: 1", "status: open");
    let mut fixed = serde_json::Value::Null;
    let recovered = wait_for(Duration::from_secs(30), || {
        fixed = server.status().unwrap_or_default();
        fixed["errors"].as_array().is_some_and(|e| e.is_empty())
            && fixed["generation"].as_u64().is_some_and(|g| g > first)
    });
    assert!(recovered, "the fix was not rebuilt: {fixed}");
    let page = server.page("/bases/test-museum/");
    assert!(page.contains("坏掉的博物馆"), "the page shows the change");
    assert!(page.contains(&format!("var generation = {},", generation(&fixed))));
}

#[test]
fn serve_refuses_an_output_inside_the_content_folder_before_building() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let out = Command::new(env!("CARGO_BIN_EXE_qingdan"))
        .args(["serve", "--port", "0", "--today", TODAY, "--content", content.to_str().unwrap()])
        .arg("--output")
        .arg(content.join("pages/site"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("里面"), "{}", stderr(&out));
    assert!(!content.join("pages/site").exists(), "nothing was written into the content folder");
}
