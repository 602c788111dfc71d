//! Load: find the files of a content folder and read them as text.
//!
//! Encoding problems are caught here, once, so later stages only see clean UTF-8 with `\n`
//! line ends. A BOM or CRLF line ends are accepted with a warning (Windows editors write them);
//! bytes that are not UTF-8 are an error that names the first bad line.

use crate::diag::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A text file of the content folder.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path as given to the user in messages.
    pub path: PathBuf,
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    /// After checking, only the lines diagnostics quote (see [`Sources::forget_texts`]).
    pub text: String,
    /// A hash of the text, for the keys of cached pages and the search index's name.
    pub digest: u64,
}

impl Source {
    pub fn new(path: PathBuf, rel: String, text: String) -> Source {
        let digest = crate::hash::Key::new().add(text.as_bytes()).finish();
        Source { path, rel, text, digest }
    }

    /// Keeps only `lines` (1-based) of the text, each at its place, the others empty.
    pub fn forget_text(&mut self, lines: &[usize]) {
        let last = lines.iter().copied().max().unwrap_or(0);
        let kept: Vec<&str> = self
            .text
            .lines()
            .take(last)
            .enumerate()
            .map(|(i, l)| if lines.contains(&(i + 1)) { l } else { "" })
            .collect();
        self.text = kept.join("\n");
    }
}

/// Everything read from a content folder, before parsing.
#[derive(Debug, Default)]
pub struct Sources {
    pub site: Option<Source>,
    pub counties: Option<Source>,
    pub categories: Option<Source>,
    pub themes: Option<Source>,
    /// Record files under `bases/<county>/`, sorted by path.
    pub records: Vec<Source>,
    /// Free pages under `pages/`.
    pub pages: Vec<Source>,
    /// Template overrides under `templates/`, by template name.
    pub templates: BTreeMap<String, Source>,
}

const CONFIG_FILES: [&str; 4] = ["site.yaml", "counties.yaml", "categories.yaml", "themes.yaml"];

/// Reads every file qingdan uses from `content`; problems go into `diags`.
pub fn folder(content: &Path, diags: &mut Diagnostics) -> Sources {
    let mut sources = Sources::default();
    if !content.is_dir() {
        diags.push(
            Diagnostic::error("Q0109", content, "内容文件夹不存在")
                .expected("包含 site.yaml、counties.yaml、categories.yaml、themes.yaml 和 bases/ 的文件夹")
                .hint("用 `qingdan init 文件夹` 新建一个，或用 --content 指定位置"),
        );
        return sources;
    }
    for name in CONFIG_FILES {
        let path = content.join(name);
        let slot = match name {
            "site.yaml" => &mut sources.site,
            "counties.yaml" => &mut sources.counties,
            "categories.yaml" => &mut sources.categories,
            _ => &mut sources.themes,
        };
        if path.is_file() {
            *slot = read(&path, name, diags);
        } else {
            diags.push(Diagnostic::error("Q0109", &path, format!("缺少配置文件 {name}")));
        }
    }
    let mut records = Vec::new();
    for entry in walk(&content.join("bases"), diags) {
        let rel = rel_path(content, &entry);
        let depth = rel.matches('/').count();
        match extension(&entry) {
            Some("md" | "yaml" | "yml") if depth == 2 => records.push((entry, rel)),
            Some("md" | "yaml" | "yml") => diags.push(
                Diagnostic::error("Q0108", &entry, "记录文件的位置不对")
                    .expected("bases/<旗县id>/<记录id>.md 或 .yaml")
                    .hint("把文件移到它所属旗县的文件夹里"),
            ),
            _ => diags.push(
                Diagnostic::warning("Q0108", &entry, "bases/ 下的这个文件不是记录，已忽略")
                    .expected("扩展名为 .md、.yaml 或 .yml 的记录文件"),
            ),
        }
    }
    // Read side by side: one thread read 100,000 files at 40 MB/s.
    let texts: Vec<(Option<Source>, Diagnostics)> = records
        .par_iter()
        .map(|(entry, rel)| {
            let mut d = Diagnostics::default();
            (read(entry, rel, &mut d), d)
        })
        .collect();
    for (source, d) in texts {
        diags.extend(d);
        sources.records.extend(source);
    }
    for entry in walk(&content.join("pages"), diags) {
        let rel = rel_path(content, &entry);
        if extension(&entry) == Some("md") && rel.matches('/').count() == 1 {
            sources.pages.extend(read(&entry, &rel, diags));
        } else {
            diags.push(
                Diagnostic::warning("Q0108", &entry, "pages/ 下的这个文件不是页面，已忽略")
                    .expected("pages/<页面id>.md"),
            );
        }
    }
    let templates = content.join("templates");
    for entry in walk(&templates, diags) {
        let name = rel_path(&templates, &entry);
        if let Some(source) = read(&entry, &rel_path(content, &entry), diags) {
            sources.templates.insert(name, source);
        }
    }
    sources
}

impl Sources {
    /// Frees the texts of record files, all but the lines diagnostics quote: once checked, a
    /// record is read from the directory model and known by its digest (at 100,000 records the
    /// texts took 500 MiB for the whole build, and half the records had a warning).
    pub fn forget_texts(&mut self, diags: &Diagnostics) {
        let mut quoted: std::collections::HashMap<&Path, Vec<usize>> = std::collections::HashMap::new();
        for d in &diags.items {
            quoted.entry(d.file.as_path()).or_default().push(d.line);
        }
        for s in &mut self.records {
            s.forget_text(quoted.get(s.path.as_path()).map_or(&[][..], Vec::as_slice));
        }
    }

    /// Every file read, config files first.
    pub fn all(&self) -> Vec<&Source> {
        let configs = [&self.site, &self.counties, &self.categories, &self.themes];
        configs.into_iter().flatten().chain(&self.records).chain(&self.pages).chain(self.templates.values()).collect()
    }
}

/// Hidden files that editors and systems make on their own: skipped without a word.
const QUIET: [&str; 2] = [".gitkeep", ".DS_Store"];

/// Regular files under `dir`, sorted; a missing folder is simply empty. Anything else is said:
/// a link or a special file is an error (a county folder that is a link would lose its records
/// without it), a hidden file or folder a warning.
fn walk(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut walker = WalkDir::new(dir).sort_by_file_name().into_iter();
    while let Some(entry) = walker.next() {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                diags.push(Diagnostic::error("Q0110", &path, format!("无法读取：{e}")));
                continue;
            }
        };
        let (kind, name) = (e.file_type(), e.file_name().to_string_lossy());
        if e.depth() > 0 && name.starts_with('.') {
            if kind.is_dir() {
                walker.skip_current_dir();
            }
            if !QUIET.contains(&name.as_ref()) {
                diags.push(
                    Diagnostic::warning("Q0111", e.path(), "隐藏的文件或文件夹（名称以 . 开头）不会被读取")
                        .expected("名称不以 . 开头的文件")
                        .hint("要使用它就去掉名称开头的 .，不需要就删除"),
                );
            }
        } else if kind.is_symlink() {
            diags.push(
                Diagnostic::error("Q0111", e.path(), "这是一个符号链接，不会被读取")
                    .expected("内容文件夹里的普通文件和文件夹")
                    .hint("把链接指向的文件或文件夹复制到这里"),
            );
        } else if kind.is_file() {
            files.push(e.into_path());
        } else if !kind.is_dir() {
            diags.push(
                Diagnostic::error("Q0111", e.path(), "这不是普通文件（管道、设备或套接字），不会被读取")
                    .expected("内容文件夹里的普通文件和文件夹"),
            );
        }
    }
    files
}

fn extension(path: &Path) -> Option<&str> {
    path.extension().and_then(|e| e.to_str())
}

fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn read(path: &Path, rel: &str, diags: &mut Diagnostics) -> Option<Source> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > super::limits::MAX_FILE {
        diags.push(
            Diagnostic::error("Q0112", path, format!("文件太大（{} KB）", size / 1024))
                .expected(format!("不超过 {} KB 的文本文件", super::limits::MAX_FILE / 1024))
                .hint("图片和文档不要放在内容文件夹里；很长的介绍请精简或链接到其他网页"),
        );
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error("Q0110", path, format!("无法读取：{e}")));
            return None;
        }
    };
    let text = decode(path, bytes, diags)?;
    Some(Source::new(path.to_path_buf(), rel.to_string(), text))
}

/// Checks the encoding and line ends of a file and returns its text with `\n` line ends.
pub fn decode(path: &Path, mut bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        diags.push(
            Diagnostic::warning("Q0103", path, "文件以 BOM（字节顺序标记）开头，已忽略")
                .at(1, 1)
                .expected("不带 BOM 的 UTF-8")
                .hint("在编辑器中另存为“UTF-8（无 BOM）”"),
        );
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let bytes = e.as_bytes();
            let line_end = bytes[line_start..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |i| line_start + i);
            let text = String::from_utf8_lossy(&bytes[line_start..line_end]);
            let field = text.split_once(':').map_or("", |(k, _)| k.trim());
            diags.push(
                Diagnostic::error("Q0101", path, "文件不是 UTF-8 编码")
                    .at(line, column)
                    .field(field)
                    .expected("UTF-8 编码的文本")
                    .hint("这可能是 GBK/GB18030 编码：在编辑器中选择“另存为 UTF-8”"),
            );
            return None;
        }
    };
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::error("Q0102", path, "文件是空的")
                .at(1, 1)
                .expected("至少包含必填字段 name、category、county 的记录")
                .hint("删除这个文件，或用 `qingdan init` 生成的示例记录作为起点"),
        );
        return None;
    }
    if let Some(at) = text.find("\r\n") {
        let line = text[..at].matches('\n').count() + 1;
        diags.push(
            Diagnostic::warning("Q0104", path, "文件使用 Windows 换行符（CRLF），已按 LF 读取")
                .at(line, 0)
                .expected("LF（\\n）换行")
                .hint("在编辑器中把换行符改为 LF，或在 .gitattributes 中设置 `* text=auto eol=lf`"),
        );
        return Some(text.replace("\r\n", "\n"));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_non_utf8_line_and_strips_bom_and_crlf() {
        let mut d = Diagnostics::default();
        let p = Path::new("x.md");
        assert!(decode(p, b"a: 1\nb: \xB2\xE2\n".to_vec(), &mut d).is_none());
        assert_eq!((d.items[0].code, d.items[0].line, d.items[0].column), ("Q0101", 2, 4));
        let mut d = Diagnostics::default();
        assert_eq!(decode(p, b"\xEF\xBB\xBFa: 1\r\nb: 2\r\n".to_vec(), &mut d).unwrap(), "a: 1\nb: 2\n");
        assert_eq!(d.items.iter().map(|x| x.code).collect::<Vec<_>>(), ["Q0103", "Q0104"]);
    }

    #[test]
    fn forgotten_texts_keep_the_quoted_lines_in_place() {
        let text = "---\nname: x\nverified: 2020-01-01\n---\nbody\n";
        let mut sources = Sources::default();
        sources.records.push(Source::new("a.md".into(), "a.md".into(), text.into()));
        sources.records.push(Source::new("b.md".into(), "b.md".into(), text.into()));
        let mut d = Diagnostics::default();
        d.push(Diagnostic::warning("Q0401", Path::new("a.md"), "old").at(3, 11));
        sources.forget_texts(&d);
        let [a, b] = &sources.records[..] else { panic!() };
        assert_eq!(a.text, "\n\nverified: 2020-01-01");
        assert_eq!(a.text.lines().nth(2), text.lines().nth(2));
        assert_eq!(b.text, "");
        assert_eq!(a.digest, b.digest, "the digest is of the whole text");
        assert!(d.items[0].render(Some(&a.text)).contains("3 | verified: 2020-01-01\n"));
    }
}
