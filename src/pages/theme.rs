//! Theme: the default theme is compiled into the binary, so `qingdan` works from any folder;
//! `--theme DIR` reads one from disk instead, and a content folder's `templates/` overrides
//! any template by name.

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
    "templates/categories.html",
    "templates/category.html",
    "templates/counties.html",
    "templates/county.html",
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
    "static/search.js",
    "static/style.css",
];

/// A template or static file and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct File {
    /// Name inside `templates/` or `static/`.
    pub name: String,
    pub origin: PathBuf,
    pub text: String,
}

/// The templates and static files a site is built with (a record's themes are `model::Theme`).
#[derive(Debug, Default)]
pub struct ThemeFiles {
    pub templates: Vec<File>,
    pub statics: Vec<File>,
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
        }
        Some(dir) => {
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let entry = entry.map_err(std::io::Error::other)?;
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    theme.add(&rel, entry.path().to_path_buf(), std::fs::read_to_string(entry.path())?);
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
        }
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
        embedded.sort();
        assert_eq!(on_disk, embedded, "list every file of themes/default in theme.rs");
    }
}
