//! qingdan (清单): a static site generator for public resource directories.
//!
//! ```text
//! content/ ─load─▶ Sources ─config/validate─▶ Directory ─render─▶ Sink (minify, temp dir, swap)
//! ```
//! [`load`] reads and checks a content folder and collects every diagnostic; [`build`] renders
//! a valid one. Stages after validation never see invalid data.

// Diagnostics travel by value on the error path only; boxing them would add noise, not speed.
#![allow(clippy::result_large_err)]

pub mod analyze;
pub mod cache;
pub mod card;
pub mod cli;
pub mod config;
pub mod contacts;
pub mod diag;
pub mod feeds;
pub mod find;
pub mod directory;
pub mod export;
pub mod geo;
pub mod hours;
pub mod hsds;
pub mod import;
pub mod index;
pub mod init;
pub mod load;
pub mod map;
pub mod markdown;
pub mod minify;
pub mod new;
pub mod output;
pub mod outputs;
pub mod postings;
pub mod qr;
pub mod quality;
pub mod record;
pub mod render;
pub mod search;
pub mod search_files;
pub mod serve;
pub mod terms;
pub mod theme;
pub mod validate;
pub mod values;
pub mod views;

use diag::{Diagnostic, Diagnostics, Severity};
use directory::Directory;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// A theme folder on disk instead of the built-in default theme.
    pub theme: Option<PathBuf>,
    /// The day "12 months unverified" counts from; see [`today`].
    pub today: Date,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Print the time of each build stage.
    pub timings: bool,
    /// Reuse files of the previous build whose inputs are unchanged (see [`cache`]).
    pub cache: bool,
}

/// A content folder read and checked: the directory if it is valid, and every diagnostic.
pub struct Loaded {
    pub directory: Option<Directory>,
    pub diagnostics: Diagnostics,
    pub sources: load::Sources,
}

/// Reads, parses and validates a content folder. Never writes anything.
pub fn load(opts: &Options) -> Loaded {
    let mut diags = Diagnostics::default();
    let mut sources = load::load(&opts.content, &mut diags);
    let config = config::config(&sources, opts.base_url.as_deref(), &mut diags);
    let pages = config::pages(&sources, &mut diags);
    let mut records = Vec::new();
    if let Some(cfg) = &config {
        let mut duplicates = Diagnostics::default();
        unique_ids(&sources, &mut duplicates);
        // Each record's text is freed as soon as it is checked, but for the lines its
        // diagnostics quote: all texts and the whole model at once took 1.4 GiB at 100,000.
        let checked: Vec<(Option<directory::Record>, Diagnostics)> = sources
            .records
            .par_iter_mut()
            .map(|s| {
                let mut d = Diagnostics::default();
                let record = validate::record(s, cfg, opts.today, &mut d);
                let lines: Vec<usize> = d.items.iter().chain(&duplicates.items).filter(|x| x.file == s.path).map(|x| x.line).collect();
                s.forget_text(&lines);
                (record, d)
            })
            .collect();
        // Reserved: grown by doubling, moving 100,000 records took 0.4 s.
        records.reserve_exact(checked.len());
        diags.items.reserve(checked.iter().map(|c| c.1.items.len()).sum());
        for (record, d) in checked {
            diags.extend(d);
            records.extend(record);
        }
        diags.extend(duplicates);
    } else {
        sources.forget_texts(&diags);
    }
    // By county, then id: lists read county by county (一旗县一清单), and in the search index
    // a county's records are one run of numbers, so its filter is a range.
    records.sort_by(|a, b| (a.county, &a.id).cmp(&(b.county, &b.id)));
    diags.sort();
    let directory = match config {
        Some(cfg) if !diags.has_errors() => Some(Directory {
            site: cfg.site,
            counties: cfg.counties,
            categories: cfg.categories,
            themes: cfg.themes,
            records,
            pages,
            today: opts.today,
        }),
        _ => None,
    };
    Loaded { directory, diagnostics: diags, sources }
}

/// Record ids are file stems: two files with the same stem would be one page.
fn unique_ids(sources: &load::Sources, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<String, &load::Source> = BTreeMap::new();
    for s in &sources.records {
        let stem = s.rel.rsplit('/').next().unwrap_or("");
        let id = stem.rsplit_once('.').map_or(stem, |(a, _)| a).to_string();
        if let Some(first) = seen.get(&id) {
            diags.push(
                Diagnostic::error("Q0304", &s.path, format!("记录 id `{id}` 重复：{} 也用了这个文件名", first.rel))
                    .at(1, 0)
                    .expected("整个目录中每个记录文件名（不含扩展名）只出现一次")
                    .hint("给其中一个文件改名，例如加上旗县前缀"),
            );
        } else {
            seen.insert(id, s);
        }
    }
}

/// Wall time of build stages, by name.
pub type Timings = Vec<(&'static str, std::time::Duration)>;

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

fn timed<T>(f: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let start = std::time::Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// Renders a loaded, valid directory; replaces `opts.output` only on success.
pub fn build(opts: &Options, loaded: &mut Loaded) -> Result<Built, Failure> {
    let denied = opts.deny_warnings && loaded.diagnostics.count(Severity::Warning) > 0;
    let Some(dir) = loaded.directory.as_ref().filter(|_| !denied) else { return Err(Failure::Invalid) };
    let theme = theme::load(opts.theme.as_deref(), &loaded.sources).map_err(Failure::Io)?;
    let tera = match render::templates(&theme) {
        Ok(t) => t,
        Err(d) => {
            loaded.diagnostics.push(d);
            return Err(Failure::Invalid);
        }
    };
    let sink = output::Sink::new(&opts.output, opts.cache).map_err(Failure::Io)?;
    let search_index = format!("search/{}/", search_files::version(&loaded.sources));
    let ((extras, mut errors), extra_time) = timed(|| outputs::all(dir, &sink));
    // Files are handed over to be written and freed while the pages render.
    let (pages, files): (Vec<_>, Vec<_>) = extras.into_iter().partition(|o| matches!(o, outputs::Output::Page { .. }));
    let site = match render::Pages::new(dir, &theme, &tera, &sink, &loaded.sources, &search_index) {
        Ok(site) => site,
        Err(d) => {
            sink.abort();
            loaded.diagnostics.push(d);
            loaded.diagnostics.sort();
            return Err(Failure::Invalid);
        }
    };
    let done = std::sync::atomic::AtomicBool::new(false);
    // Pages, the search index and the other files do not depend on each other: side by side,
    // except that the large list pages are made before the search index, which would take
    // memory beside them.
    let (((list_errors, lists), (page_errors, pages), search), (file_errors, files)) = std::thread::scope(|scope| {
        scope.spawn(|| output::progress(&sink, &done));
        let result = rayon::join(
            || {
                let lists = timed(|| site.lists(&pages));
                let (rest, search) = rayon::join(|| timed(|| site.rest()), || search_files::write(dir, &sink, &search_index));
                (lists, rest, search)
            },
            || timed(|| write_files(files, &sink)),
        );
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    });
    errors.extend(list_errors);
    errors.extend(page_errors);
    errors.extend(file_errors);
    let mut timings = vec![("other outputs", extra_time), ("list pages", lists), ("pages", pages), ("other files", files)];
    let (write_errors, times) = search;
    errors.extend(write_errors);
    timings.extend(times);
    if !errors.is_empty() {
        sink.abort();
        for e in errors {
            loaded.diagnostics.push(e);
        }
        loaded.diagnostics.sort();
        return Err(Failure::Invalid);
    }
    let (files, bytes) = sink.stats();
    let reused = sink.reused();
    let (committed, commit) = timed(|| sink.commit());
    committed.map_err(Failure::Io)?;
    timings.push(("commit", commit));
    Ok(Built { files, bytes, records: dir.records.len(), reused, timings })
}

/// Writes the producers' files (not their pages, which the theme renders), freeing each.
fn write_files(files: Vec<outputs::Output<'_>>, sink: &output::Sink) -> Vec<Diagnostic> {
    files
        .into_par_iter()
        .filter_map(|file| {
            let (path, written) = match file {
                outputs::Output::File { path, bytes } => {
                    let written = sink.write_raw(&path, &bytes);
                    (path, written)
                }
                outputs::Output::Made { path, make } => {
                    let written = sink.write_raw(&path, &make());
                    (path, written)
                }
                outputs::Output::Derived { path, key, make } if !sink.reuse(&path, key) => {
                    let written = sink.write_keyed(&path, key, &make());
                    (path, written)
                }
                _ => return None,
            };
            written.err().map(|e| Diagnostic::unwritable(std::path::Path::new(&path), &e))
        })
        .collect()
}

/// Today in China (UTC+8), or the day of `SOURCE_DATE_EPOCH` for reproducible builds.
pub fn today() -> Date {
    let offset = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned(offset).date()
}

/// Prints diagnostics to stderr with source snippets; returns (errors, warnings).
pub fn report(loaded: &Loaded) -> (usize, usize) {
    report_as(loaded, diag::Format::Human)
}

/// Prints every diagnostic in `format` (human text to stderr; JSON and GitHub lines to stdout)
/// and returns the number of errors and warnings.
pub fn report_as(loaded: &Loaded, format: diag::Format) -> (usize, usize) {
    let texts: std::collections::HashMap<&std::path::Path, &str> =
        loaded.sources.all().into_iter().map(|s| (s.path.as_path(), s.text.as_str())).collect();
    let mut out: Box<dyn Write> = match format {
        diag::Format::Human => Box::new(std::io::stderr().lock()),
        diag::Format::Json | diag::Format::Github => Box::new(std::io::stdout().lock()),
    };
    for d in &loaded.diagnostics.items {
        let _ = out.write_all(d.format(format, texts.get(d.file.as_path()).copied()).as_bytes());
    }
    let _ = out.flush();
    (loaded.diagnostics.count(Severity::Error), loaded.diagnostics.count(Severity::Warning))
}
