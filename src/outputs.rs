//! Outputs beyond the theme's own pages: data downloads, feeds, per-record files. Each producer
//! returns what to write; `Page`s are rendered with the theme like every other page, `File`s are
//! written as they are. New producers add a line to [`all`].

use crate::diag::Diagnostic;
use crate::directory::Directory;
use crate::output::Sink;

/// Makes a file's bytes (see [`Output::Made`] and [`Output::Derived`]).
pub type Make<'a> = Box<dyn Fn() -> Vec<u8> + Send + Sync + 'a>;

/// Makes a page's values (see [`Output::Page`]).
pub type Context<'a> = Box<dyn Fn() -> serde_json::Map<String, serde_json::Value> + Send + Sync + 'a>;

pub enum Output<'a> {
    /// A file written byte for byte at `path` (relative to the site root).
    File { path: String, bytes: Vec<u8> },
    /// A file made by `make` when it is written, so that one per record are not all in memory
    /// at once (at 100,000 records the vCards took 100 MiB).
    Made { path: String, make: Make<'a> },
    /// A file made by `make` only when the previous build's copy cannot be reused; `key` is a
    /// hash of everything `make` reads (see [`crate::cache::Key`]).
    Derived { path: String, key: u64, make: Make<'a> },
    /// A theme template rendered at `path` (a folder ending in `/`, or a file name) with the
    /// values `context` makes added to the usual context. Made when the page is rendered, one at
    /// a time with the list pages and before the search index (at 100,000 records the quality
    /// and map pages' values are 130 MiB).
    Page { template: &'static str, path: String, context: Context<'a> },
}

/// Everything every producer makes for this directory. The data downloads are written to
/// `sink` as they are made rather than returned (at 100,000 records they are 2 GB), so this
/// also returns the errors writing them.
pub fn all<'a>(dir: &'a Directory, sink: &Sink) -> (Vec<Output<'a>>, Vec<Diagnostic>) {
    let producers: &[fn(&Directory) -> Vec<Output<'_>>] = &[
        crate::feeds::outputs,
        crate::map::outputs,
        crate::quality::outputs,
        crate::card::outputs,
    ];
    let mut out: Vec<Output> = producers.iter().flat_map(|produce| produce(dir)).collect();
    let (data_page, errors) = crate::export::write(dir, sink);
    out.push(data_page);
    (out, errors)
}
