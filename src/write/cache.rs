//! Cache: what the previous build wrote, and a key for each file: a hash of everything the file
//! was made from (template texts, the page's data), or of its bytes when it is written as it is.
//! A file whose key is unchanged is left where it is instead of being rendered, minified and
//! written again (see [`super::update`]).
//!
//! The manifest lives beside the output (`.public.qingdan-cache/manifest`). It is removed before
//! a build changes the output and written again after, so a build stopped half-way leaves no
//! manifest and the next one starts afresh. A previous file is reused only if its size and
//! modification time are still those the manifest recorded, so a site edited by hand is rebuilt,
//! not trusted.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

/// Changes whenever keys are computed differently.
const FORMAT: &str = concat!("qingdan-cache-2 ", env!("CARGO_PKG_VERSION"));

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Entry {
    pub key: u64,
    pub size: u64,
    mtime: u128,
}

pub struct Cache {
    manifest: PathBuf,
    header: String,
    old: HashMap<String, Entry>,
    new: Mutex<Vec<(String, Entry)>>,
}

impl Cache {
    /// Reads the manifest at `manifest`; an unreadable one or one written by another binary is
    /// an empty cache (everything is built).
    pub fn open(manifest: PathBuf) -> Cache {
        let header = header();
        let mut old = HashMap::new();
        if let Ok(text) = fs::read_to_string(&manifest) {
            let mut lines = text.lines();
            if lines.next() == Some(header.as_str()) {
                old = lines.filter_map(parse).collect();
            }
        }
        Cache { manifest, header, old, new: Mutex::new(Vec::new()) }
    }

    /// The previous build left a manifest to build on.
    pub fn is_empty(&self) -> bool {
        self.old.is_empty()
    }

    /// The key the previous build made `rel` from, if it made it.
    pub fn key_of(&self, rel: &str) -> Option<u64> {
        self.old.get(rel).map(|e| e.key)
    }

    /// The previous build's entry of `rel`, if it was made from `key` and `file` (its copy in the
    /// output) has not changed since.
    pub fn unchanged(&self, rel: &str, key: u64, file: &Path) -> Option<Entry> {
        let entry = self.old.get(rel).filter(|e| e.key == key)?;
        (stat(file).ok() == Some((entry.size, entry.mtime))).then_some(*entry)
    }

    /// Every previous entry under `prefix`, if there is one and none has changed since (`root`
    /// is the output folder).
    pub fn unchanged_under(&self, prefix: &str, root: &Path) -> Option<Vec<(String, Entry)>> {
        let list: Vec<(String, Entry)> =
            self.old.iter().filter(|(rel, _)| rel.starts_with(prefix)).map(|(r, e)| (r.clone(), *e)).collect();
        let same = |(rel, e): &(String, Entry)| stat(&root.join(rel)).ok() == Some((e.size, e.mtime));
        (!list.is_empty() && list.iter().all(same)).then_some(list)
    }

    /// Links `previous` (the last build's `was`) into `target` if the manifest says it was made
    /// from `key` and it has not changed since; records it as `rel` for the next build. False
    /// when it must be made again.
    pub fn link(&self, was: &str, rel: &str, key: u64, previous: &Path, target: &Path) -> bool {
        if self.unchanged(was, key, previous).is_none() {
            return false;
        }
        if let Some(dir) = target.parent() {
            if fs::create_dir_all(dir).is_err() {
                return false;
            }
        }
        if fs::hard_link(previous, target).or_else(|_| fs::copy(previous, target).map(|_| ())).is_err() {
            return false;
        }
        self.remember(rel, key, target);
        true
    }

    /// The folder just below `prefix` that the last build wrote into (`search/` →
    /// `search/1a2b3c4d/`), if any.
    pub fn folder(&self, prefix: &str) -> Option<String> {
        folder_below(self.old.keys().map(String::as_str), prefix)
    }

    /// Records that `written` (a file just made at `rel`) was made from `key`.
    pub fn remember(&self, rel: &str, key: u64, written: &Path) {
        if let Ok((size, mtime)) = stat(written) {
            self.keep(rel, Entry { key, size, mtime });
        }
    }

    /// Records that `rel` stays as the previous build left it.
    pub fn keep(&self, rel: &str, entry: Entry) {
        self.new.lock().expect("cache lock").push((rel.to_string(), entry));
    }

    /// Every file of this build, sorted.
    pub fn written(&self) -> Vec<String> {
        let mut list: Vec<String> = self.new.lock().expect("cache lock").iter().map(|(r, _)| r.clone()).collect();
        list.sort();
        list
    }

    /// Writes the manifest of this build (after the output is in place).
    pub fn save(self) -> io::Result<()> {
        let mut entries = self.new.into_inner().expect("cache lock");
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut text = self.header;
        text.push('\n');
        for (rel, e) in entries {
            text.push_str(&format!("{:016x} {} {} {rel}\n", e.key, e.size, e.mtime));
        }
        if let Some(dir) = self.manifest.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = self.manifest.with_extension("tmp");
        fs::write(&tmp, text)?;
        fs::rename(&tmp, &self.manifest)
    }

    /// Forgets the previous build's files before the output is changed in place: a build
    /// stopped half-way must not leave a stale manifest.
    pub fn remove(manifest: &Path) -> io::Result<()> {
        match fs::remove_file(manifest) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Forgets the previous build and what stages kept of it beside the manifest
    /// ([`super::Sink::state_file`]): a build without cache.
    pub fn forget(manifest: &Path) -> io::Result<()> {
        let Some(Ok(entries)) = manifest.parent().map(fs::read_dir) else { return Ok(()) };
        for entry in entries {
            let entry = entry?;
            if entry.file_name() != super::folder::LOCK && entry.file_type()?.is_file() {
                Cache::remove(&entry.path())?;
            }
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.manifest
    }
}

/// The folder just below `prefix` that one of `files` (paths inside a site) lies in.
pub fn folder_below<'a>(mut files: impl Iterator<Item = &'a str>, prefix: &str) -> Option<String> {
    files.find_map(|rel| {
        let rest = rel.strip_prefix(prefix)?;
        Some(format!("{prefix}{}/", &rest[..rest.find('/')?]))
    })
}

/// The format and the running binary: a rebuilt qingdan may render the same data differently.
pub fn header() -> String {
    let exe = std::env::current_exe().ok().and_then(|p| stat(&p).ok()).unwrap_or((0, 0));
    format!("{FORMAT} {} {}", exe.0, exe.1)
}

fn parse(line: &str) -> Option<(String, Entry)> {
    let mut parts = line.splitn(4, ' ');
    let key = u64::from_str_radix(parts.next()?, 16).ok()?;
    let size = parts.next()?.parse().ok()?;
    let mtime = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), Entry { key, size, mtime }))
}

fn stat(path: &Path) -> io::Result<(u64, u128)> {
    let meta = fs::metadata(path)?;
    let mtime = meta.modified()?.duration_since(UNIX_EPOCH).map_err(io::Error::other)?.as_nanos();
    Ok((meta.len(), mtime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_only_an_unchanged_file_with_the_same_key() {
        let dir = std::env::temp_dir().join(format!("qingdan-cache-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("old")).unwrap();
        let (old, new) = (dir.join("old/a.html"), dir.join("new/a.html"));
        fs::write(&old, "<p>a").unwrap();
        let manifest = dir.join("cache/manifest");
        let first = Cache::open(manifest.clone());
        first.remember("a.html", 7, &old);
        first.save().unwrap();

        let second = Cache::open(manifest.clone());
        assert!(!second.link("a.html", "a.html", 8, &old, &new), "another key");
        assert!(second.link("a.html", "a.html", 7, &old, &new));
        assert_eq!(fs::read(&new).unwrap(), b"<p>a");

        fs::write(&old, "<p>edited by hand").unwrap();
        let third = Cache::open(manifest);
        assert!(third.unchanged("a.html", 7, &old).is_none(), "changed since");
        fs::remove_dir_all(&dir).unwrap();
    }
}
