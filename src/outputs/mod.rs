//! Outputs beyond the theme's own pages: data downloads, feeds, the map, the quality page,
//! per-record contact cards and QR codes. Each producer returns what to write as
//! [`Output`]s: `Page`s are rendered with the theme like every other page, files are written
//! as they are. A new producer adds a module here and a line to [`all`].

pub mod data;
pub mod feeds;
pub mod geojson;
pub mod hsds;
pub mod map;
pub mod qr;
pub mod quality;
pub mod vcard;

use crate::diag::Diagnostic;
use crate::model::Directory;
use crate::write::{Output, Sink};

/// Everything every producer makes for this directory. The data downloads are written to
/// `sink` as they are made rather than returned (at 100,000 records they are 2 GB), so this
/// also returns the errors writing them. With `later`, the previous build's downloads, their
/// page and the quality report (each about the whole directory, and slow at 10,000 records) are
/// kept if there are some: the preview makes them again a moment later.
pub fn all<'a>(dir: &'a Directory, sink: &Sink, later: bool) -> (Vec<Output<'a>>, Vec<Diagnostic>) {
    let producers: &[fn(&Directory) -> Vec<Output<'_>>] = &[feeds::outputs, map::outputs, vcard::outputs];
    let mut out: Vec<Output> = producers.iter().flat_map(|produce| produce(dir)).collect();
    if !(later && quality::keep_previous(dir, sink)) {
        out.extend(quality::outputs(dir));
    }
    if later && data::keep_previous(dir, sink) {
        return (out, Vec::new());
    }
    let (data_page, errors) = data::write(dir, sink);
    out.push(data_page);
    (out, errors)
}
