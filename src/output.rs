//! Output: the one sink every produced file goes through.
//!
//! Files are minified and written into a temporary folder beside the output folder; only when
//! the whole build succeeded is it swapped into place, so a failed build leaves the previous
//! site exactly as it was and nothing stale from an older build survives.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Sink {
    output: PathBuf,
    tmp: PathBuf,
    files: AtomicUsize,
    bytes: AtomicUsize,
}

impl Sink {
    /// Prepares an empty temporary folder next to `output`.
    pub fn new(output: &Path) -> io::Result<Sink> {
        check_replaceable(output)?;
        let tmp = sibling(output, "tmp");
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        Ok(Sink { output: output.to_path_buf(), tmp, files: AtomicUsize::new(0), bytes: AtomicUsize::new(0) })
    }

    /// Writes `rel` (a `/`-separated path inside the site), minifying HTML, CSS and JS.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let data = match rel.rsplit('.').next() {
            Some("html") => minify_html::minify(bytes, &cfg()),
            Some("css") => minify_embedded(bytes, b"<style>", b"</style>"),
            Some("js") => minify_embedded(bytes, b"<script>", b"</script>"),
            _ => bytes.to_vec(),
        };
        self.write_raw(rel, &data)
    }

    /// Writes `rel` as it is (generated data that is already compact).
    pub fn write_raw(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, bytes)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }

    pub fn stats(&self) -> (usize, usize) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Moves the finished site into place, replacing the previous one.
    pub fn commit(self) -> io::Result<()> {
        let old = sibling(&self.output, "old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        let had_old = self.output.exists();
        if had_old {
            fs::rename(&self.output, &old)?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.output) {
            if had_old {
                fs::rename(&old, &self.output)?;
            }
            return Err(e);
        }
        if had_old {
            fs::remove_dir_all(&old)?;
        }
        Ok(())
    }

    /// Throws the unfinished site away.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.tmp);
    }
}

fn cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::default()
    }
}

/// Minifies a stylesheet or script by minifying it as the body of a `<style>` or `<script>` tag.
fn minify_embedded(bytes: &[u8], open: &[u8], close: &[u8]) -> Vec<u8> {
    let mut doc = open.to_vec();
    doc.extend_from_slice(bytes);
    doc.extend_from_slice(close);
    let out = minify_html::minify(&doc, &cfg());
    match out.strip_prefix(open).and_then(|o| o.strip_suffix(close).or(Some(o))) {
        Some(inner) => inner.to_vec(),
        None => bytes.to_vec(),
    }
}

/// `public` → `.public.qingdan-tmp` in the same parent folder (so a rename suffices).
fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.qingdan-{what}"))
}

/// Refuses to replace a folder that does not look like a built site.
fn check_replaceable(output: &Path) -> io::Result<()> {
    if !output.exists() {
        return Ok(());
    }
    let mut entries = fs::read_dir(output)?;
    if entries.next().is_none() || output.join("index.html").is_file() {
        return Ok(());
    }
    Err(io::Error::other(format!(
        "输出文件夹 {} 不是空的，也不像是生成的网站（没有 index.html）；为安全起见不替换它",
        output.display()
    )))
}

#[cfg(test)]
mod tests {
    #[test]
    fn minifies_css_and_js_files() {
        let css = super::minify_embedded(b"a {  color : red ; }\n", b"<style>", b"</style>");
        assert_eq!(css, b"a{color:red}");
        let js = super::minify_embedded(b"(function () { var answer = 42; window.x = answer; })();", b"<script>", b"</script>");
        let js = String::from_utf8(js).unwrap();
        assert!(!js.contains("<script") && js.len() < 50, "{js}");
    }
}
