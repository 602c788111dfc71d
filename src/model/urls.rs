//! The URL layout of a site: where each page and file is, relative to the site root. Folders
//! end with `/` and hold an `index.html`. Every stage asks here; the reserved page ids of
//! `content::config` are these folders' names.

/// A record's page.
pub fn record(id: &str) -> String {
    format!("bases/{id}/")
}

/// A record's contact card and QR code, beside its page (named relative to it in templates).
pub const VCARD: &str = "contact.vcf";
pub const QR: &str = "qr.svg";

pub fn vcard(id: &str) -> String {
    format!("{}{VCARD}", record(id))
}

pub fn qr(id: &str) -> String {
    format!("{}{QR}", record(id))
}

/// The list of one county (一旗县一清单).
pub fn county(id: &str) -> String {
    format!("counties/{id}/")
}

pub fn category(id: &str) -> String {
    format!("categories/{id}/")
}

pub fn theme(id: &str) -> String {
    format!("themes/{id}/")
}

/// A free page of `pages/`.
pub fn page(id: &str) -> String {
    format!("{id}/")
}

/// The map of every record or of one category, over the League or zoomed into one county:
/// `map/`, `map/<category>/`, `map/<county>/`, `map/<category>/<county>/`. Category and county
/// ids are distinct (`content::config` checks), so the second and third never meet.
pub fn map(category: Option<&str>, county: Option<&str>) -> String {
    let mut path = String::from("map/");
    for id in [category, county].into_iter().flatten() {
        path.push_str(id);
        path.push('/');
    }
    path
}

/// The index pages of counties, categories and themes, the search page and the updates page.
pub const COUNTIES: &str = "counties/";
pub const CATEGORIES: &str = "categories/";
pub const THEMES: &str = "themes/";
pub const SEARCH: &str = "search/";
pub const UPDATES: &str = "updates/";

/// The open data: the page listing the downloads, the quality page, and the files.
pub const DATA: &str = "data/";
pub const QUALITY: &str = "data/quality/";

/// A data download, by its name inside `data/` (`directory.json`, `hsds/services.json`).
pub fn data(name: &str) -> String {
    format!("{DATA}{name}")
}

/// One county's CSV download.
pub fn county_csv(id: &str) -> String {
    data(&format!("counties/{id}.csv"))
}

/// The search index folder of a build, by its version (the name changes with the data).
pub fn search_index(version: &str) -> String {
    format!("{SEARCH}{version}/")
}

/// The file a page at `path` is written to: `index.html` inside a folder.
pub fn file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// From a page at `path` back to the site root: `../` per folder.
pub fn root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Percent-encodes everything but RFC 3986 unreserved characters (query values of links).
pub fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
