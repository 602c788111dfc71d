//! The one sink every produced file goes through.
//!
//! Files are minified and written into a temporary folder beside the output folder; only when
//! the whole build succeeded is it swapped into place, so a failed build leaves the previous
//! site exactly as it was and nothing stale from an older build survives. Which folders may be
//! replaced, and the lock that keeps builds apart, are in [`super::folder`].

use super::cache::Cache;
use super::folder::{self, sibling, Lock};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Sink {
    output: PathBuf,
    tmp: PathBuf,
    files: AtomicUsize,
    bytes: AtomicUsize,
    reused: AtomicUsize,
    /// The previous build's keys; `None` builds everything and forgets them.
    cache: Option<Cache>,
    /// Held until the site is in place or thrown away.
    _lock: Lock,
}

impl Sink {
    /// Prepares an empty temporary folder next to `output`, if a build may replace `output`
    /// (see [`folder::check`]; `keep` are the folders it may not touch) and no other build is
    /// writing it. With `cached`, files whose key is unchanged since the previous build are
    /// taken from it.
    pub fn new(output: &Path, cached: bool, keep: &[&Path]) -> io::Result<Sink> {
        folder::check(output, keep)?;
        let lock = folder::lock(output)?;
        folder::clean_up(output)?;
        let tmp = sibling(output, &format!("tmp-{}", std::process::id()));
        fs::create_dir_all(&tmp)?;
        let manifest = sibling(output, "cache").join("manifest");
        let cache = if cached { Some(Cache::open(manifest)) } else { Cache::remove(&manifest).map(|()| None)? };
        let sink = Sink {
            output: output.to_path_buf(),
            tmp,
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            cache,
            _lock: lock,
        };
        sink.write_raw(folder::MARKER, folder::MARKER_TEXT.as_bytes())?;
        Ok(sink)
    }

    /// Takes `rel` from the previous build if it was made from the same `key`.
    pub fn reuse(&self, rel: &str, key: u64) -> bool {
        let Some(cache) = &self.cache else { return false };
        let done = cache.reuse(rel, rel, key, &self.output.join(rel), &self.tmp.join(rel));
        if done {
            self.files.fetch_add(1, Ordering::Relaxed);
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        done
    }

    /// Like [`Sink::write`], and remembers that the file was made from `key`.
    pub fn write_keyed(&self, rel: &str, key: u64, bytes: &[u8]) -> io::Result<()> {
        self.write(rel, bytes)?;
        if let Some(cache) = &self.cache {
            cache.remember(rel, key, &self.tmp.join(rel));
        }
        Ok(())
    }

    /// Writes `rel` (a `/`-separated path inside the site), minifying HTML, CSS and JS.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let data = match rel.rsplit('.').next() {
            Some("html") => super::minify::html(bytes),
            Some("css") => super::minify::embedded(bytes, b"<style>", b"</style>"),
            Some("js") => super::minify::js(bytes),
            _ => bytes.to_vec(),
        };
        self.write_raw(rel, &data)
    }

    /// Writes `rel` as it is, or links the last build's `was` if it held the same bytes: for
    /// files whose folder is renamed with every data change (the search index) but whose
    /// content mostly is not. Linked files count as files, not as reused pages.
    pub fn write_or_link(&self, rel: &str, was: Option<&str>, bytes: &[u8]) -> io::Result<()> {
        let Some(cache) = &self.cache else { return self.write_raw(rel, bytes) };
        let key = crate::hash::Key::new().add(bytes).finish();
        if was.is_some_and(|was| cache.reuse(was, rel, key, &self.output.join(was), &self.tmp.join(rel))) {
            self.files.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.write_raw(rel, bytes)?;
        cache.remember(rel, key, &self.tmp.join(rel));
        Ok(())
    }

    /// The folder just below `prefix` that the last build wrote into, if the cache knows it.
    pub fn previous_folder(&self, prefix: &str) -> Option<String> {
        self.cache.as_ref()?.folder(prefix)
    }

    /// Writes `rel` as it is (generated data that is already compact).
    pub fn write_raw(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.place(rel)?, bytes)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        Ok(())
    }

    /// Opens `rel` to be written piece by piece, for large generated files that should never be
    /// whole in memory (the data downloads). Counted once [`Stream::finish`] succeeds.
    pub fn create(&self, rel: &str) -> io::Result<Stream<'_>> {
        let file = fs::File::create(self.place(rel)?)?;
        Ok(Stream { sink: self, file: io::BufWriter::with_capacity(1 << 16, file), bytes: 0 })
    }

    /// Where `rel` goes in the unfinished site, its folder made.
    fn place(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        Ok(path)
    }

    /// Files and bytes written so far (reused files count as files, not bytes).
    pub fn stats(&self) -> (usize, usize) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Files taken unchanged from the previous build.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Moves the finished site into place, replacing the previous one.
    pub fn commit(self) -> io::Result<()> {
        let old = sibling(&self.output, "old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        let had_old = self.output.exists();
        if had_old {
            fs::rename(&self.output, &old)?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.output) {
            if had_old {
                fs::rename(&old, &self.output)?;
            }
            return Err(e);
        }
        if had_old {
            fs::remove_dir_all(&old)?;
        }
        match self.cache {
            Some(cache) => cache.save(),
            None => Ok(()),
        }
    }

    /// Throws the unfinished site away.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.tmp);
    }
}

/// A file being written through [`Sink::create`].
pub struct Stream<'a> {
    sink: &'a Sink,
    file: io::BufWriter<fs::File>,
    bytes: usize,
}

impl io::Write for Stream<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Stream<'_> {
    /// Writes out what is buffered; returns the file's size.
    pub fn finish(mut self) -> io::Result<usize> {
        io::Write::flush(&mut self.file)?;
        self.sink.files.fetch_add(1, Ordering::Relaxed);
        self.sink.bytes.fetch_add(self.bytes, Ordering::Relaxed);
        Ok(self.bytes)
    }
}
