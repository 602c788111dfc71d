//! The pipeline: a content folder is read and checked into the [`Directory`] ([`load`]); a
//! valid one becomes pages, search files and the other outputs side by side, all written
//! through one sink that replaces the output folder only when everything succeeded ([`build`]).

use crate::content::Sources;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::Directory;
use crate::pages::theme;
use crate::write::{Committed, Output, Sink, Site};
use crate::{outputs, pages, search};
use jiff::civil::Date;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// A theme folder on disk instead of the built-in default theme.
    pub theme: Option<PathBuf>,
    /// The day "12 months unverified" counts from (see [`crate::model::time::today`]).
    pub today: Date,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Print the time of each build stage.
    pub timings: bool,
    /// Reuse files of the previous build whose inputs are unchanged (see [`crate::write::cache`]).
    pub cache: bool,
    /// Overrides `links` of `site.yaml`: links name files, for a site opened from a folder.
    pub file_links: Option<bool>,
}

impl Options {
    /// The folders a build reads and so may never write into: the content and the theme.
    pub fn sources(&self) -> Vec<&std::path::Path> {
        std::iter::once(self.content.as_path()).chain(self.theme.as_deref()).collect()
    }

    /// Options to read `content` as of `today`, for commands that write no site.
    pub fn reading(content: PathBuf, today: Date) -> Options {
        Options {
            content,
            output: PathBuf::new(),
            base_url: None,
            theme: None,
            today,
            deny_warnings: false,
            timings: false,
            cache: false,
            file_links: None,
        }
    }
}

/// A content folder read and checked: the directory if it is valid, every diagnostic, and the
/// files read (their quoted lines, for reports).
pub struct Loaded {
    pub directory: Option<Directory>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Reads, parses and validates a content folder. Never writes anything.
pub fn load(opts: &Options) -> Loaded {
    load_with(opts, None)
}

/// [`load`] for a preview that loads again after each edit: records whose files did not change
/// are taken from `memo` instead of being checked again.
pub fn load_again(opts: &Options, memo: &mut crate::content::Memo) -> Loaded {
    load_with(opts, Some(memo))
}

fn load_with(opts: &Options, memo: Option<&mut crate::content::Memo>) -> Loaded {
    let (mut directory, diagnostics, sources) =
        crate::content::load(&opts.content, opts.base_url.as_deref(), opts.today, memo);
    if let (Some(dir), Some(files)) = (directory.as_mut(), opts.file_links) {
        dir.site.file_links = files;
    }
    Loaded { directory, diagnostics, sources }
}

/// Wall time of build stages, by name.
pub type Timings = Vec<(&'static str, Duration)>;

/// The result of a successful build.
#[derive(Debug)]
pub struct Built {
    pub files: usize,
    pub bytes: usize,
    pub records: usize,
    /// Files taken unchanged from the previous build.
    pub reused: usize,
    /// Wall time of each stage, in the order they finished.
    pub timings: Timings,
}

/// Why a build produced nothing (the previous output is untouched).
pub enum Failure {
    /// Data or template errors; the diagnostics hold them.
    Invalid,
    Io(std::io::Error),
}

/// How far a build is: files and bytes written so far, and the time since writing began.
/// Reported every 50 ms while files are written, and once more with `done`.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    pub files: usize,
    pub bytes: usize,
    pub elapsed: Duration,
    pub done: bool,
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// Renders a loaded, valid directory; replaces `opts.output` only on success.
pub fn build(opts: &Options, loaded: &mut Loaded, progress: &(dyn Fn(Progress) + Sync)) -> Result<Built, Failure> {
    let sink = || Sink::new(&opts.output, opts.cache, &opts.sources());
    let rows = pages::rows::Rows::for_build();
    render(opts, loaded, &sink, Index::Current, &rows, progress).map(|(built, _)| built)
}

/// Renders a loaded, valid directory into memory, taking unchanged files from `previous`. With
/// `later_index`, the previous search index and data downloads are kept as they are (the pages
/// still name that index), so that the pages are ready before those files of the whole
/// directory are made again. `rows` holds the list pages' rows from earlier previews.
pub fn preview(
    opts: &Options,
    loaded: &mut Loaded,
    previous: Arc<Site>,
    later_index: bool,
    rows: &pages::rows::Rows,
) -> Result<(Built, Site), Failure> {
    let sink = || Ok(Sink::memory(Arc::clone(&previous)));
    let index = if later_index { Index::Previous } else { Index::Current };
    match render(opts, loaded, &sink, index, rows, &|_| ())? {
        (built, Committed::Memory(site)) => Ok((built, site)),
        (_, Committed::Disk) => unreachable!("a memory sink commits into memory"),
    }
}

/// Writes a site built in memory to `opts.output`, as a build would have (only what changed).
pub fn save(opts: &Options, site: &Site) -> std::io::Result<()> {
    let sink = Sink::new(&opts.output, opts.cache, &opts.sources())?;
    let files: Vec<_> = site.files().collect();
    let written = files.into_par_iter().try_for_each(|(rel, file)| sink.copy(rel, file));
    match written {
        Ok(()) => sink.commit().map(|_| ()),
        Err(e) => {
            sink.abort();
            Err(e)
        }
    }
}

/// Which search index the pages name and the build writes.
#[derive(Clone, Copy, PartialEq)]
enum Index {
    /// The index of this directory.
    Current,
    /// The one the previous build wrote, if there is one.
    Previous,
}

fn render(
    opts: &Options,
    loaded: &mut Loaded,
    open: &dyn Fn() -> std::io::Result<Sink>,
    index: Index,
    rows: &pages::rows::Rows,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Built, Committed), Failure> {
    let denied = opts.deny_warnings && loaded.diagnostics.count(Severity::Warning) > 0;
    let Some(dir) = loaded.directory.as_ref().filter(|_| !denied) else { return Err(Failure::Invalid) };
    let overrides: Vec<theme::File> = loaded
        .sources
        .templates
        .iter()
        .map(|(name, s)| theme::File { name: name.clone(), origin: s.path.clone(), text: s.text.clone() })
        .collect();
    let theme = theme::load(opts.theme.as_deref(), overrides).map_err(Failure::Io)?;
    let invalid = |diags: &mut Diagnostics, errors: Vec<Diagnostic>| {
        errors.into_iter().for_each(|e| diags.push(e));
        diags.sort();
        Failure::Invalid
    };
    let tera = match pages::templates(&theme) {
        Ok(t) => t,
        Err(d) => return Err(invalid(&mut loaded.diagnostics, vec![d])),
    };
    let sink = open().map_err(Failure::Io)?;
    let previous = (index == Index::Previous).then(|| sink.previous_folder(crate::model::urls::SEARCH)).flatten();
    let search_index = previous.unwrap_or_else(|| search::folder(dir));
    let site = match pages::Pages::new(dir, &theme, &tera, &sink, &search_index, rows) {
        Ok(site) => site,
        Err(d) => {
            sink.abort();
            return Err(invalid(&mut loaded.diagnostics, vec![d]));
        }
    };
    let later = index == Index::Previous;
    let done = AtomicBool::new(false);
    let (made, search) = std::thread::scope(|scope| {
        scope.spawn(|| watch(&sink, &done, progress));
        let index = || search::write(dir, &sink, &search_index);
        let result = if sink.incremental() {
            // Over a previous site few pages change, and the index is the longest task: it
            // starts at once, beside all the rest.
            rayon::join(|| make(&site, dir, &sink, later, None), index)
        } else {
            // In a whole build the large list pages are made first: the search index would take
            // memory beside them.
            let mut search = None;
            let made = make(&site, dir, &sink, later, Some(&mut || search = Some(index())));
            (made, search.expect("made beside the pages"))
        };
        done.store(true, Ordering::Relaxed);
        result
    });
    let Made { mut errors, mut timings } = made;
    let (write_errors, times) = search;
    errors.extend(write_errors);
    timings.extend(times);
    if !errors.is_empty() {
        sink.abort();
        return Err(invalid(&mut loaded.diagnostics, errors));
    }
    let (files, bytes) = sink.stats();
    let reused = sink.reused();
    let (committed, commit) = timed(|| sink.commit());
    let committed = committed.map_err(Failure::Io)?;
    timings.push(("commit", commit));
    Ok((Built { files, bytes, records: dir.records.len(), reused, timings }, committed))
}

/// The errors of the pages and of the producers' files, and the time of each stage.
struct Made {
    errors: Vec<Diagnostic>,
    timings: Timings,
}

/// Makes the producers' files and the theme's pages; `beside` (the search index, in a whole
/// build) runs beside the pages other than the lists, once those are made.
fn make(
    site: &pages::Pages,
    dir: &crate::model::Directory,
    sink: &Sink,
    later: bool,
    beside: Option<&mut (dyn FnMut() + Send)>,
) -> Made {
    let ((extras, mut errors), extra_time) = timed(|| outputs::all(dir, sink, later));
    // Files are handed over to be written and freed while the pages render.
    let (extra_pages, files): (Vec<_>, Vec<_>) = extras.into_iter().partition(|o| matches!(o, Output::Page { .. }));
    let (((list_errors, lists), (page_errors, rest)), (file_errors, written)) = rayon::join(
        || {
            let lists = timed(|| site.lists(&extra_pages));
            let rest = match beside {
                Some(beside) => rayon::join(|| timed(|| site.rest()), beside).0,
                None => timed(|| site.rest()),
            };
            (lists, rest)
        },
        || timed(|| write_files(files, sink)),
    );
    errors.extend(list_errors);
    errors.extend(page_errors);
    errors.extend(file_errors);
    let timings = vec![("other outputs", extra_time), ("list pages", lists), ("pages", rest), ("other files", written)];
    Made { errors, timings }
}

/// Reports the sink's counts every 50 ms until `done`, then once more.
fn watch(sink: &Sink, done: &AtomicBool, progress: &(dyn Fn(Progress) + Sync)) {
    let start = Instant::now();
    let report = |done| {
        let (files, bytes) = sink.stats();
        progress(Progress { files, bytes, elapsed: start.elapsed(), done });
    };
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50));
        report(false);
    }
    report(true);
}

/// Writes the producers' files (not their pages, which the theme renders), freeing each.
fn write_files(files: Vec<Output<'_>>, sink: &Sink) -> Vec<Diagnostic> {
    files
        .into_par_iter()
        .filter_map(|file| {
            let (path, written) = match file {
                Output::File { path, bytes } => {
                    let written = sink.write_raw(&path, &bytes);
                    (path, written)
                }
                Output::Made { path, make } => {
                    let written = sink.write_raw(&path, &make());
                    (path, written)
                }
                Output::Derived { path, key, make } if sink.reuse(&path, key).is_none() => {
                    let written = sink.write_keyed(&path, key, &make());
                    (path, written)
                }
                _ => return None,
            };
            written.err().map(|e| Diagnostic::unwritable(std::path::Path::new(&path), &e))
        })
        .collect()
}
