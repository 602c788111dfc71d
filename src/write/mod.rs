//! Write: everything a build produces goes through one [`Sink`], which minifies pages, styles
//! and scripts, keeps unchanged files of the previous build ([`cache`]) and puts the finished
//! site in place of the old one only when the whole build succeeded ([`update`]), on disk or,
//! for the preview, in memory ([`memory`]).

pub mod cache;
pub mod folder;
pub mod memory;
pub mod minify;
mod runs;
pub mod sink;
mod stream;
pub mod update;

pub use memory::Site;
pub use sink::{Committed, Sink};
pub use stream::Stream;

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
    /// hash of everything `make` reads (see [`crate::hash::Key`]).
    Derived { path: String, key: u64, make: Make<'a> },
    /// A theme template rendered at `path` (a folder ending in `/`, or a file name) with the
    /// values `context` makes added to the usual context. Made when the page is rendered, one at
    /// a time with the list pages and before the search index (at 100,000 records the quality
    /// and map pages' values are 130 MiB).
    /// `key` is a hash of everything `context` reads but the configuration.
    Page { template: &'static str, path: String, key: u64, context: Context<'a> },
}
