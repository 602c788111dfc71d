//! Theme: the default theme is compiled into the binary, so `qingdan` works from any folder;
//! `--theme DIR` reads one from disk instead, and a content folder's `templates/` overrides
//! any template by name. Interface strings are in `i18n/<lang>.yaml`, one file per language.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../themes/default/", $path)))),*]
    };
}

/// Every file of `themes/default/`, by path inside the theme.
pub const DEFAULT: &[(&str, &str)] = embed![
    "templates/404.html",
    "templates/base.html",
    "templates/card.html",
    "templates/categories.html",
    "templates/category.html",
    "templates/counties.html",
    "templates/county.html",
    "templates/county_row.html",
    "templates/data.html",
    "templates/index.html",
    "templates/macros.html",
    "templates/map.html",
    "templates/page.html",
    "templates/quality.html",
    "templates/record.html",
    "templates/search.html",
    "templates/sw.js",
    "templates/theme.html",
    "templates/themes.html",
    "templates/updates.html",
    "static/favicon.svg",
    "static/map.js",
    "static/search.js",
    "static/style.css",
    "i18n/zh.yaml",
    "i18n/mn.yaml",
    "static/fonts/OFL.txt",
    "static/mn.css",
];

/// The binary files of `themes/default/` (the Mongolian edition's font), by path inside it.
pub const DEFAULT_BINARY: &[(&str, &[u8])] = &[(
    "static/fonts/NotoSansMongolian-Regular.woff2",
    include_bytes!("../../themes/default/static/fonts/NotoSansMongolian-Regular.woff2"),
)];

/// A template, static or strings file and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct File {
    /// Name inside `templates/`, `static/` or `i18n/`.
    pub name: String,
    pub origin: PathBuf,
    pub text: String,
}

/// The templates and static files a site is built with (a record's themes are `model::Theme`).
#[derive(Debug, Default)]
pub struct ThemeFiles {
    pub templates: Vec<File>,
    pub statics: Vec<File>,
    /// `zh.yaml`, …: the strings templates read as `t`.
    pub strings: Vec<File>,
    /// Static files that are not text (fonts), by name inside `static/`.
    pub binaries: Vec<(String, Vec<u8>)>,
}

/// The theme to build with: the default or `dir`, then `overrides` (the content folder's
/// `templates/`) replacing templates of the same name.
pub fn load(dir: Option<&Path>, overrides: Vec<File>) -> std::io::Result<ThemeFiles> {
    let mut theme = ThemeFiles::default();
    match dir {
        None => {
            for (path, text) in DEFAULT {
                let origin = Path::new("themes/default").join(path);
                theme.add(path, origin, text.to_string());
            }
            for (path, bytes) in DEFAULT_BINARY {
                let name = path.strip_prefix("static/").expect("binaries are static files");
                theme.binaries.push((name.to_string(), bytes.to_vec()));
            }
        }
        Some(dir) => {
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.map_err(std::io::Error::other)?;
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    let bytes = std::fs::read(entry.path())?;
                    match (String::from_utf8(bytes), rel.strip_prefix("static/")) {
                        (Ok(text), _) => theme.add(&rel, entry.path().to_path_buf(), text),
                        (Err(e), Some(name)) => theme.binaries.push((name.to_string(), e.into_bytes())),
                        (Err(e), None) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
                    }
                }
            }
        }
    }
    for file in overrides {
        theme.templates.retain(|t| t.name != file.name);
        theme.templates.push(file);
    }
    Ok(theme)
}

impl ThemeFiles {
    fn add(&mut self, path: &str, origin: PathBuf, text: String) {
        if let Some(name) = path.strip_prefix("templates/") {
            self.templates.push(File { name: name.to_string(), origin, text });
        } else if let Some(name) = path.strip_prefix("static/") {
            self.statics.push(File { name: name.to_string(), origin, text });
        } else if let Some(name) = path.strip_prefix("i18n/") {
            self.strings.push(File { name: name.to_string(), origin, text });
        }
    }

    /// The interface strings of `lang`: the theme's `i18n/<lang>.yaml`, or the default theme's
    /// when a theme folder has none (a theme from before the strings moved out of templates).
    pub fn strings(&self, lang: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
        let name = format!("{lang}.yaml");
        let (origin, text) = match self.strings.iter().find(|f| f.name == name) {
            Some(f) => (f.origin.clone(), f.text.as_str()),
            None => {
                let origin = Path::new("themes/default/i18n").join(&name);
                match DEFAULT.iter().find(|(p, _)| p.strip_prefix("i18n/") == Some(name.as_str())) {
                    Some((_, text)) => (origin, *text),
                    None => return Err(Diagnostic::error("Q0501", &origin, format!("没有语言 {lang} 的界面文字"))),
                }
            }
        };
        serde_saphyr::from_str(text).map_err(|e| {
            let e = e.without_snippet();
            let (line, column) = e.location().map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
            let text = e.to_string();
            let text = text.split(" at line ").next().unwrap_or(&text).trim();
            let message = match text.strip_prefix("duplicate mapping key: ") {
                Some(rest) => format!("界面文字 `{}` 写了两次", rest.split(',').next().unwrap_or(rest)),
                None => format!("界面文字文件有错误：{text}"),
            };
            Diagnostic::error("Q0501", &origin, message)
                .at(line, column)
                .expected("每行一个 `键: 文字`，每个键只写一次")
        })
    }

    pub fn origin(&self, template: &str) -> String {
        self.templates
            .iter()
            .find(|t| t.name == template)
            .map_or_else(|| template.to_string(), |t| t.origin.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_theme_file_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = super::DEFAULT.iter().map(|(p, _)| p.to_string()).collect();
        embedded.extend(super::DEFAULT_BINARY.iter().map(|(p, _)| p.to_string()));
        embedded.sort();
        assert_eq!(on_disk, embedded, "list every file of themes/default in theme.rs");
    }

    /// A key missing from the file fails only the pages that reach it: the sample data may
    /// not, so every `t.<key>` the templates read is looked up here, and no key is left unused.
    #[test]
    fn the_default_templates_and_zh_yaml_have_the_same_keys() {
        let theme = super::load(None, Vec::new()).unwrap();
        let strings = theme.strings("zh").unwrap();
        let mut used = std::collections::BTreeSet::new();
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        for file in &theme.templates {
            // Only inside Tera tags: record.html's script has a `t.` of its own.
            let tags = file.text.split("{{").skip(1).filter_map(|s| s.split_once("}}"));
            let tags = tags.chain(file.text.split("{%").skip(1).filter_map(|s| s.split_once("%}")));
            for (tag, _) in tags {
                for (i, _) in tag.match_indices("t.").filter(|(i, _)| !tag[..*i].ends_with(|c| word(c) || c == '.')) {
                    let key: String = tag[i + 2..].chars().take_while(|c| word(*c)).collect();
                    assert!(strings.contains_key(&key), "{} reads t.{key}, not in i18n/zh.yaml", file.name);
                    used.insert(key);
                }
            }
        }
        let unused: Vec<_> = strings.keys().filter(|k| !used.contains(*k)).collect();
        assert!(unused.is_empty(), "keys of i18n/zh.yaml no template reads: {unused:?}");
        // every other edition's strings have the same keys
        for (lang, _, _) in super::super::editions::LANGS {
            let other = theme.strings(lang).unwrap();
            assert!(other.keys().eq(strings.keys()), "i18n/{lang}.yaml and zh.yaml have different keys");
        }
    }
}
