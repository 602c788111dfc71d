//! The one sink every produced file goes through.
//!
//! On disk, files are minified and written into a temporary folder beside the output folder;
//! only when the whole build succeeded do they go into place, so a failed build leaves the
//! previous site exactly as it was. A first build (or one without cache) swaps the whole folder;
//! a build over a previous one writes and moves only what changed ([`super::update`]). Which
//! folders may be replaced, and the lock that keeps builds apart, are in [`super::folder`].
//!
//! In memory ([`Sink::memory`], for the preview), files go into a new [`Site`] that shares the
//! bytes of the previous one's unchanged files.

use super::cache::{Cache, Entry};
use super::folder::{self, sibling, Lock};
use super::memory::{File, Site};
use crate::hash::Key;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub struct Sink {
    pub(super) target: Target,
    pub(super) files: AtomicUsize,
    pub(super) bytes: AtomicUsize,
    reused: AtomicUsize,
}

pub(super) enum Target {
    Disk(Disk),
    Memory(Memory),
}

pub(super) struct Memory {
    previous: Arc<Site>,
    pub(super) new: Mutex<HashMap<String, File>>,
}

pub(super) struct Disk {
    output: PathBuf,
    pub(super) tmp: PathBuf,
    /// The previous build's keys; `None` builds everything and forgets them.
    pub(super) cache: Option<Cache>,
    /// Only changed files are written and moved into the previous output (see
    /// [`super::update`]); otherwise the temporary folder becomes the whole site.
    update: bool,
    /// Folders of the previous output renamed to this build's (old, new): see
    /// [`Sink::write_or_take`].
    renames: Mutex<Vec<(String, String)>>,
    /// The previous output's files, listed while the build runs, when updating it.
    before: Option<super::update::Listing>,
    /// Held until the site is in place or thrown away.
    _lock: Lock,
}

/// What a finished build leaves: nothing more on disk, the site itself in memory.
pub enum Committed {
    Disk,
    Memory(Site),
}

impl Sink {
    /// Prepares an empty temporary folder next to `output`, if a build may replace `output`
    /// (see [`folder::check`]; `keep` are the folders it may not touch) and no other build is
    /// writing it. With `cached`, files whose key is unchanged since the previous build are
    /// left in place.
    pub fn new(output: &Path, cached: bool, keep: &[&Path]) -> io::Result<Sink> {
        folder::check(output, keep)?;
        let lock = folder::lock(output)?;
        folder::clean_up(output)?;
        let tmp = sibling(output, &format!("tmp-{}", std::process::id()));
        fs::create_dir_all(&tmp)?;
        let manifest = sibling(output, "cache").join("manifest");
        let cache = if cached { Some(Cache::open(manifest)) } else { Cache::forget(&manifest).map(|()| None)? };
        let update = cache.as_ref().is_some_and(|c| !c.is_empty()) && output.join(folder::MARKER).is_file();
        let before = update.then(|| super::update::Listing::start(output));
        let renames = Mutex::default();
        let disk = Disk { output: output.to_path_buf(), tmp, cache, update, renames, before, _lock: lock };
        let sink = Sink::with(Target::Disk(disk));
        sink.write_raw(folder::MARKER, folder::MARKER_TEXT.as_bytes())?;
        Ok(sink)
    }

    /// A sink into memory that takes unchanged files from `previous`.
    pub fn memory(previous: Arc<Site>) -> Sink {
        Sink::with(Target::Memory(Memory { previous, new: Mutex::default() }))
    }

    fn with(target: Target) -> Sink {
        Sink { target, files: AtomicUsize::new(0), bytes: AtomicUsize::new(0), reused: AtomicUsize::new(0) }
    }

    /// Keeps `rel` as the previous build made it if that was from the same `key`; its size.
    pub fn reuse(&self, rel: &str, key: u64) -> Option<usize> {
        let size = self.unchanged(rel, key)?;
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(size)
    }

    /// Keeps each of `files` as the previous build made it, whatever it was made from: for files
    /// that follow a moment later in the preview (see [`crate::build::preview`]). False, and
    /// the files must be made, if the previous build lacks one of them.
    pub fn keep_previous(&self, files: &[String]) -> bool {
        let Target::Memory(m) = &self.target else { return false };
        files.iter().all(|rel| m.previous.get(rel).is_some_and(|f| self.unchanged(rel, f.key).is_some()))
    }

    /// Keeps every one of `files` (path, key) if each can be kept (see [`Sink::reuse`]), else
    /// none: for files made together. Their sizes.
    pub fn reuse_all(&self, files: &[(String, u64)]) -> Option<Vec<usize>> {
        let kept = |(rel, key): &(String, u64)| match &self.target {
            Target::Disk(d) => d.previous(rel, *key).is_some(),
            Target::Memory(m) => m.previous(rel, *key).is_some(),
        };
        files.iter().all(kept).then(|| files.iter().map(|(rel, key)| self.reuse(rel, *key)).collect())?
    }

    /// Keeps `rel` if the previous build made it from `key`, without counting it as reused.
    fn unchanged(&self, rel: &str, key: u64) -> Option<usize> {
        let size = match &self.target {
            Target::Disk(d) => {
                let (cache, entry) = d.previous(rel, key)?;
                cache.keep(rel, entry);
                entry.size as usize
            }
            Target::Memory(m) => {
                let file = m.previous(rel, key)?;
                m.new.lock().expect("sink lock").insert(rel.to_string(), file.clone());
                file.bytes.len()
            }
        };
        self.files.fetch_add(1, Ordering::Relaxed);
        Some(size)
    }

    /// Keeps every file under `prefix` (a folder) as the previous build left it, if it has one
    /// there and none of them changed since; false otherwise (then nothing is kept).
    pub fn reuse_folder(&self, prefix: &str) -> bool {
        let kept = match &self.target {
            Target::Disk(d) => {
                let Some(cache) = d.cache.as_ref().filter(|_| d.update) else { return false };
                let Some(entries) = cache.unchanged_under(prefix, &d.output) else { return false };
                let n = entries.len();
                entries.into_iter().for_each(|(rel, e): (String, Entry)| cache.keep(&rel, e));
                n
            }
            Target::Memory(m) => {
                let files: Vec<_> = m.previous.files().filter(|(rel, _)| rel.starts_with(prefix)).collect();
                let mut new = m.new.lock().expect("sink lock");
                files.iter().for_each(|(rel, f)| drop(new.insert(rel.to_string(), (*f).clone())));
                files.len()
            }
        };
        self.files.fetch_add(kept, Ordering::Relaxed);
        kept > 0
    }

    /// Like [`Sink::write`], for a file made from `key` (the caller found [`Sink::reuse`] could
    /// not keep it).
    pub fn write_keyed(&self, rel: &str, key: u64, bytes: &[u8]) -> io::Result<()> {
        self.put(rel, key, &super::minify::file(rel, bytes))
    }

    /// Like [`Sink::write_keyed`], for bytes already minified.
    pub fn write_minified(&self, rel: &str, key: u64, bytes: &[u8]) -> io::Result<()> {
        self.put(rel, key, bytes)
    }

    /// Writes `rel` (a `/`-separated path inside the site), minifying HTML, CSS and JS.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.write_raw(rel, &super::minify::file(rel, bytes))
    }

    /// Writes `rel` as it is (generated data that is already compact), unless the previous
    /// build left the same bytes there.
    pub fn write_raw(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.put_changed(rel, Key::new().add(bytes).finish(), bytes)
    }

    /// Writes `rel` as it is, or takes the last build's `was` if it held the same bytes: for
    /// files whose folder is renamed with every data change (the search index) but whose
    /// content mostly is not. Over a previous output the old folder is renamed at the commit and
    /// such files are not touched at all; otherwise they are linked.
    pub fn write_or_take(&self, rel: &str, was: Option<&str>, bytes: &[u8]) -> io::Result<()> {
        let key = Key::new().add(bytes).finish();
        if was.is_some_and(|was| self.take(rel, was, key)) {
            return Ok(());
        }
        self.put(rel, key, bytes)
    }

    /// Takes each of `files` (rel, was) as the last build left `was`, whatever it holds, if the
    /// last build made them all and none changed since; else none, and false. For files whose
    /// name tells all they are made from (a common search term's postings).
    pub fn take_all(&self, files: &[(String, String)]) -> bool {
        match &self.target {
            Target::Disk(d) => {
                let Some(cache) = d.cache.as_ref().filter(|_| d.update) else { return false };
                let entry = |was: &str| cache.unchanged(was, cache.key_of(was)?, &d.output.join(was));
                let Some(entries) = files.iter().map(|(_, was)| entry(was)).collect::<Option<Vec<_>>>() else {
                    return false;
                };
                files.iter().zip(entries).for_each(|((rel, was), entry)| d.keep_as(cache, rel, was, entry));
            }
            Target::Memory(m) => {
                let Some(found) = files.iter().map(|(_, was)| m.previous.get(was)).collect::<Option<Vec<_>>>() else {
                    return false;
                };
                let mut new = m.new.lock().expect("sink lock");
                files.iter().zip(found).for_each(|((rel, _), file)| drop(new.insert(rel.clone(), file.clone())));
            }
        }
        self.files.fetch_add(files.len(), Ordering::Relaxed);
        true
    }

    /// Takes the last build's `was` as `rel` if it was made from `key`: over a previous output,
    /// by renaming its folder at the commit; otherwise by a link, or in memory by sharing it.
    fn take(&self, rel: &str, was: &str, key: u64) -> bool {
        let taken = match &self.target {
            Target::Disk(d) if d.update => d.previous(was, key).is_some_and(|(cache, entry)| {
                d.keep_as(cache, rel, was, entry);
                true
            }),
            Target::Disk(d) => {
                d.cache.as_ref().is_some_and(|c| c.link(was, rel, key, &d.output.join(was), &d.tmp.join(rel)))
            }
            Target::Memory(m) => match m.previous(was, key) {
                Some(file) => m.new.lock().expect("sink lock").insert(rel.to_string(), file.clone()).is_none(),
                None => false,
            },
        };
        if taken {
            self.files.fetch_add(1, Ordering::Relaxed);
        }
        taken
    }

    /// Writes `file` at `rel` as it is, unless the previous build made the same: a site built in
    /// memory, saved.
    pub fn copy(&self, rel: &str, file: &File) -> io::Result<()> {
        self.put_changed(rel, file.key, &file.bytes)
    }

    /// Stores `bytes` at `rel`, made from `key`, unless the previous build made the same.
    fn put_changed(&self, rel: &str, key: u64, bytes: &[u8]) -> io::Result<()> {
        match self.unchanged(rel, key) {
            Some(_) => Ok(()),
            None => self.put(rel, key, bytes),
        }
    }

    /// Where a stage keeps `name`, what it needs of the last build beside the output's files
    /// (the search documents): in the cache's folder, when building with the cache on disk.
    pub fn state_file(&self, name: &str) -> Option<PathBuf> {
        match &self.target {
            Target::Disk(d) => Some(d.cache.as_ref()?.path().with_file_name(name)),
            Target::Memory(_) => None,
        }
    }

    /// The folder just below `prefix` that the last build wrote into, if the cache knows it.
    pub fn previous_folder(&self, prefix: &str) -> Option<String> {
        match &self.target {
            Target::Disk(d) => d.cache.as_ref()?.folder(prefix),
            Target::Memory(m) => super::cache::folder_below(m.previous.files().map(|(rel, _)| rel), prefix),
        }
    }

    /// Stores the bytes of `rel`, made from `key`.
    fn put(&self, rel: &str, key: u64, bytes: &[u8]) -> io::Result<()> {
        match &self.target {
            Target::Disk(d) => {
                let path = place(&d.tmp, rel)?;
                fs::write(&path, bytes)?;
                if let Some(cache) = &d.cache {
                    cache.remember(rel, key, &path);
                }
            }
            Target::Memory(m) => {
                m.new.lock().expect("sink lock").insert(rel.to_string(), File { key, bytes: bytes.into() });
            }
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }

    /// The site is made in memory (the preview), or over a previous output on disk: few of
    /// its large pages are made again, so they may be made side by side without the memory of
    /// a whole build.
    pub fn incremental(&self) -> bool {
        match &self.target {
            Target::Disk(d) => d.update,
            Target::Memory(_) => true,
        }
    }

    /// Files and bytes written so far (files kept from the last build count as files, not bytes).
    pub fn stats(&self) -> (usize, usize) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Files taken unchanged from the previous build through [`Sink::reuse`].
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Puts the finished site in place of the previous one.
    pub fn commit(self) -> io::Result<Committed> {
        let d = match self.target {
            Target::Memory(m) => return Ok(Committed::Memory(Site::new(m.new.into_inner().expect("sink lock")))),
            Target::Disk(d) => d,
        };
        match (d.before, d.cache) {
            (Some(before), Some(cache)) => {
                // Without a manifest, a build stopped half-way is followed by a whole new one.
                Cache::remove(cache.path())?;
                let renames = d.renames.into_inner().expect("sink lock");
                super::update::apply(&d.tmp, &d.output, &renames, &cache.written(), before)?;
                cache.save()?;
            }
            (_, cache) => {
                super::folder::swap(&d.tmp, &d.output)?;
                if let Some(cache) = cache {
                    cache.save()?;
                }
            }
        }
        Ok(Committed::Disk)
    }

    /// Throws the unfinished site away.
    pub fn abort(self) {
        if let Target::Disk(d) = self.target {
            let _ = fs::remove_dir_all(&d.tmp);
        }
    }
}

impl Disk {
    /// The previous build's entry of `rel` and the cache holding it, if it was made from `key`
    /// and is still as it was made.
    fn previous(&self, rel: &str, key: u64) -> Option<(&Cache, Entry)> {
        let cache = self.cache.as_ref().filter(|_| self.update)?;
        Some((cache, cache.unchanged(rel, key, &self.output.join(rel))?))
    }

    /// Keeps the last build's `was` (its `entry`) as `rel`: its folder is renamed at the commit.
    fn keep_as(&self, cache: &Cache, rel: &str, was: &str, entry: Entry) {
        cache.keep(rel, entry);
        super::update::rename(&mut self.renames.lock().expect("sink lock"), was, rel);
    }
}

impl Memory {
    /// The previous build's `rel`, if it was made from `key`.
    fn previous(&self, rel: &str, key: u64) -> Option<&File> {
        self.previous.get(rel).filter(|f| f.key == key)
    }
}

/// Where `rel` goes under `root`, its folder made.
pub(super) fn place(root: &Path, rel: &str) -> io::Result<PathBuf> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    Ok(path)
}
