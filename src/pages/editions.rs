//! Editions: the site in each interface language. Chinese is at the site's root, Mongolian under
//! `mn/` with the same paths below it; a page of one is the page of the other rendered with the
//! other strings file (`i18n/<lang>.yaml`). Records, lists and free pages are in every edition;
//! the map, the data pages and the files for machines only in the first.

use crate::model::urls;
use serde::Serialize;
use tera::Context;

/// Each edition's language (its strings file), folder inside the site, and name in itself.
pub const LANGS: [(&str, &str, &str); 2] = [("zh", "", "中文"), ("mn", "mn/", "ᠮᠣᠩᠭᠣᠯ")];

/// Whether the page at `path` (inside the first edition) is in every edition: all but the
/// updates, the map and the data pages, the 404 page and the service worker.
pub fn everywhere(path: &str) -> bool {
    let first_only = path == urls::UPDATES
        || path.starts_with(urls::DATA)
        || path.starts_with(&urls::map(None, None))
        || matches!(path, "404.html" | "sw.js");
    !first_only
}

pub struct Edition {
    pub prefix: &'static str,
    pub name: &'static str,
    /// The `lang` attribute of its pages (`zh-CN`, `mn-Mong`), from its strings.
    pub tag: String,
    pub base: Context,
    /// The key of the templates and of `base`.
    pub base_key: u64,
    /// `base_key` and the configuration files: with a record's file, all its page is made of.
    pub config_key: u64,
}

/// A link to one edition of the page being rendered, for the language switch and hreflang.
#[derive(Serialize)]
pub struct EditionLink<'a> {
    pub tag: &'a str,
    pub name: &'a str,
    /// From the page, relative.
    pub href: String,
    /// The full address, for `<link rel="alternate" hreflang>`; only for a page in every edition.
    pub url: Option<String>,
    pub current: bool,
}

/// The editions of a page at `path` inside its edition (`bases/x/`), from a page whose way back
/// to the site's root is `site_root`. `everywhere`: the page is in every edition; otherwise the
/// other editions' links lead to their home pages.
pub fn links<'a>(
    editions: &'a [Edition],
    current: &Edition,
    path: &str,
    site_root: &str,
    base_url: &str,
    everywhere: bool,
) -> Vec<EditionLink<'a>> {
    editions
        .iter()
        .map(|e| {
            let same = std::ptr::eq(e, current);
            let target = if everywhere || same { format!("{}{path}", e.prefix) } else { e.prefix.to_string() };
            let href = format!("{site_root}{target}");
            EditionLink {
                tag: &e.tag,
                name: e.name,
                href: if href.is_empty() { "./".to_string() } else { href },
                url: everywhere.then(|| format!("{base_url}{target}")),
                current: same,
            }
        })
        .collect()
}
