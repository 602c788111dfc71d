//! The search documents of the last build, kept beside the output's cache (`search`): the
//! vocabulary, and each record's term ids with the file and text hash they were made from. A
//! build takes a record's ids from here when its file is unchanged instead of splitting its text
//! into terms again, so only changed records are tokenised ([`super::index::build_from`]).
//!
//! The file is only a cache. It is written whole under another name and then renamed; one that
//! is missing, short, from another binary or made with other county, category or theme names
//! (which every record's tags and pinyin hold) is not read, and every record is tokenised.

use super::index::SearchIndex;
use super::ranking::COUNT;
use crate::hash::Key;
use crate::model::Directory;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Changes whenever the file's layout or the tokens made of a record change.
const FORMAT: &str = "qingdan-search-state-1";

/// What a record's terms are made of besides its own file: the binary (the analyzer) and the
/// names of counties, categories and themes.
pub fn context(dir: &Directory) -> u64 {
    let mut key = Key::new().add(FORMAT.as_bytes()).add(crate::write::cache::header().as_bytes());
    for c in &dir.counties {
        key = key.add(c.name.as_bytes());
    }
    for c in &dir.categories {
        key = key.add(c.name.as_bytes()).add(c.group.as_bytes());
    }
    for t in &dir.themes {
        key = key.add(t.name.as_bytes());
    }
    key.finish()
}

/// One record's saved term ids: where its bytes are in each field's part of the file.
pub struct Entry {
    digest: u64,
    pub lens: [u32; COUNT],
    sizes: [u32; COUNT],
    at: [u64; COUNT],
}

/// A saved state, read up to the term ids, which are read record by record ([`Reader`]).
pub struct Saved {
    pub vocab: Vec<String>,
    records: HashMap<String, Entry>,
    path: PathBuf,
}

impl Saved {
    /// The state at `path` if it was made for `context` and is whole.
    pub fn load(path: &Path, context: u64) -> Option<Saved> {
        let file = File::open(path).ok()?;
        let length = file.metadata().ok()?.len();
        let mut r = BufReader::with_capacity(1 << 20, &file);
        let mut line = String::new();
        r.read_line(&mut line).ok()?;
        if line != head(context) {
            return None;
        }
        let terms = u32_of(&mut r)? as usize;
        let mut vocab = Vec::with_capacity(terms);
        for _ in 0..terms {
            vocab.push(String::from_utf8(bytes_of(&mut r)?).ok()?);
        }
        let count = u32_of(&mut r)? as usize;
        let mut table = Vec::with_capacity(count);
        let mut totals = [0u64; COUNT];
        for _ in 0..count {
            let source = String::from_utf8(bytes_of(&mut r)?).ok()?;
            let digest = u64_of(&mut r)?;
            let mut lens = [0u32; COUNT];
            let mut sizes = [0u32; COUNT];
            for n in lens.iter_mut().chain(sizes.iter_mut()) {
                *n = u32_of(&mut r)?;
            }
            let at = std::array::from_fn(|f| totals[f]);
            totals.iter_mut().zip(sizes).for_each(|(t, s)| *t += u64::from(s));
            table.push((source, Entry { digest, lens, sizes, at }));
        }
        let start = r.stream_position().ok()?;
        // Each field's part follows the last: offsets from the start of the file.
        let mut base = start;
        let mut bases = [0u64; COUNT];
        for (b, t) in bases.iter_mut().zip(totals) {
            *b = base;
            base += t;
        }
        if base != length {
            return None;
        }
        let records = table
            .into_iter()
            .map(|(source, mut e)| {
                e.at.iter_mut().zip(bases).for_each(|(at, b)| *at += b);
                (source, e)
            })
            .collect();
        Some(Saved { vocab, records, path: path.to_path_buf() })
    }

    /// The saved ids of the record read from `source`, if its text hash is still `digest`.
    pub fn get(&self, source: &str, digest: u64) -> Option<&Entry> {
        self.records.get(source).filter(|e| e.digest == digest)
    }

    /// Records saved.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// A reader of the saved ids: the file opened once per field (a file's handles share
    /// one position).
    pub fn reader(&self) -> io::Result<Reader> {
        let mut fields = Vec::with_capacity(COUNT);
        for _ in 0..COUNT {
            fields.push((BufReader::with_capacity(1 << 18, File::open(&self.path)?), None));
        }
        Ok(Reader { fields: fields.try_into().map_err(|_| io::Error::other("fields"))? })
    }
}

/// Reads records' saved ids, in any order; in the order they were saved, each field's part
/// is read straight through.
pub struct Reader {
    fields: [(BufReader<File>, Option<u64>); COUNT],
}

impl Reader {
    /// The bytes of `e` in each field, into `out`.
    pub fn read(&mut self, e: &Entry, out: &mut [Vec<u8>; COUNT]) -> io::Result<()> {
        for (f, ((reader, at), buf)) in self.fields.iter_mut().zip(out.iter_mut()).enumerate() {
            if *at != Some(e.at[f]) {
                reader.seek(SeekFrom::Start(e.at[f]))?;
            }
            buf.resize(e.sizes[f] as usize, 0);
            reader.read_exact(buf)?;
            *at = Some(e.at[f] + u64::from(e.sizes[f]));
        }
        Ok(())
    }
}

/// Writes `si` as the state of `dir` at `path` (under another name first).
pub fn save(path: &Path, context: u64, dir: &Directory, si: &SearchIndex) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut w = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
    w.write_all(head(context).as_bytes())?;
    w.write_all(&(si.vocab.len() as u32).to_le_bytes())?;
    for term in &si.vocab {
        put_bytes(&mut w, term.as_bytes())?;
    }
    w.write_all(&(dir.records.len() as u32).to_le_bytes())?;
    for (i, r) in dir.records.iter().enumerate() {
        put_bytes(&mut w, r.source.as_bytes())?;
        w.write_all(&r.digest.to_le_bytes())?;
        for f in 0..COUNT {
            w.write_all(&(si.terms.tokens(i, f) as u32).to_le_bytes())?;
        }
        for f in 0..COUNT {
            w.write_all(&si.terms.size(i, f).to_le_bytes())?;
        }
    }
    for f in 0..COUNT {
        let mut written = Ok(());
        si.terms.each(f, |_, ids| {
            if written.is_ok() {
                written = w.write_all(ids.bytes());
            }
        })?;
        written?;
    }
    w.into_inner().map_err(io::IntoInnerError::into_error)?;
    std::fs::rename(&tmp, path)
}

fn head(context: u64) -> String {
    format!("{FORMAT} {context:016x}\n")
}

fn put_bytes(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    w.write_all(&(bytes.len() as u32).to_le_bytes())?;
    w.write_all(bytes)
}

fn u32_of(r: &mut impl Read) -> Option<u32> {
    let mut b = [0; 4];
    r.read_exact(&mut b).ok()?;
    Some(u32::from_le_bytes(b))
}

fn u64_of(r: &mut impl Read) -> Option<u64> {
    let mut b = [0; 8];
    r.read_exact(&mut b).ok()?;
    Some(u64::from_le_bytes(b))
}

fn bytes_of(r: &mut impl Read) -> Option<Vec<u8>> {
    let n = u32_of(r)? as usize;
    // A damaged length must not ask for gigabytes: no term or path is near 1 MiB.
    if n > 1 << 20 {
        return None;
    }
    let mut b = vec![0; n];
    r.read_exact(&mut b).ok()?;
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{build, build_from};
    use std::collections::BTreeMap;

    fn files(dir: &Directory, si: &SearchIndex) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        crate::search::files::export(dir, si, &|_| false, &mut |name, data| {
            files.insert(name.to_string(), data.to_string());
        })
        .unwrap();
        files
    }

    #[test]
    fn saved_ids_are_taken_for_unchanged_files_and_give_the_files_of_a_build_from_nothing() {
        let (dir, _, _) = crate::content::load("content".as_ref(), None, jiff::civil::date(2026, 11, 29), None);
        let mut dir = dir.expect("the sample is valid");
        let path = std::env::temp_dir().join(format!("qingdan-state-test-{}", std::process::id()));
        let context = context(&dir);
        save(&path, context, &dir, &build(&dir)).unwrap();
        let load = || Saved::load(&path, context).expect("a whole state");

        // Nothing changed: every record's ids are the saved ones.
        let (si, same) = build_from(&dir, Some(load()));
        assert!(same);
        assert!(files(&dir, &si) == files(&dir, &build(&dir)));

        // A record renamed while its file hash stays: the saved ids are taken, so the index
        // still has the old name. That is what the hash is for.
        dir.records[0].name = "全新名字馆".into();
        let stale = files(&dir, &build_from(&dir, Some(load())).0);
        assert!(stale != files(&dir, &build(&dir)), "the saved ids were not used");

        // Its file changed, another record gone, one added: the same files as a build from
        // nothing, with the terms only the old name had dropped.
        dir.records[0].digest ^= 1;
        dir.records.remove(3);
        let mut added = dir.records[5].clone();
        added.source = "bases/added.md".into();
        added.name = "另一个新馆".into();
        dir.records.push(added);
        let (si, same) = build_from(&dir, Some(load()));
        assert!(!same);
        assert!(files(&dir, &si) == files(&dir, &build(&dir)), "not the files of a build from nothing");
        let terms = |si: &SearchIndex| si.vocab.iter().cloned().collect::<std::collections::BTreeSet<_>>();
        assert!(terms(&si) == terms(&build(&dir)), "terms no record uses were kept");

        // Another context (a county renamed), a damaged file: not read.
        assert!(Saved::load(&path, context ^ 1).is_none());
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(Saved::load(&path, context).is_none());
        std::fs::remove_file(&path).unwrap();
    }
}
