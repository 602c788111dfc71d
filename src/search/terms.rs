//! The term ids of every record, field by field, as [`crate::search::index`] makes them and the search
//! export reads them: a record's ids in a field are sorted and stored as the gaps between them
//! in LEB128 bytes (a repeated id is a gap of 0), under 2 bytes a token where a `u32` takes 4.
//!
//! They are only ever read in record order, so past 32 MiB a field's bytes go to a temporary
//! file: at 100,000 records they were 308 MiB of the build's peak memory. The kernel keeps the
//! file in its page cache while memory allows and may drop it when not; where no temporary file
//! can be made, they stay in memory. An export in several passes first [`Terms::split`]s them
//! by pass, so that each pass reads only its own terms' ids.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, Write};
use std::path::PathBuf;

use super::ranking::COUNT;

/// Bytes of a field kept in memory before they go to a file.
const IN_MEMORY: usize = if cfg!(test) { 1 << 16 } else { 32 << 20 };
/// Bytes gathered before each write to the file.
const CHUNK: usize = 1 << 20;

/// Every record's term ids in the [`COUNT`] fields.
#[derive(Default)]
pub struct Terms {
    /// Per record, tokens in each field.
    lens: Vec<[u32; COUNT]>,
    /// Per record, bytes in each field.
    sizes: Vec<[u32; COUNT]>,
    stores: [Store; COUNT],
}

/// One field's bytes: in memory, or written to a file past `limit`.
struct Store {
    limit: usize,
    /// All the bytes, or those not yet written to `file`.
    bytes: Vec<u8>,
    file: Option<File>,
    /// Where `file` is, while it still has a name (removed at once where the system allows).
    path: Option<PathBuf>,
    /// No file could be made: everything stays in `bytes`.
    memory_only: bool,
    /// The first write that failed; reading then fails with it.
    error: Option<io::Error>,
}

impl Default for Store {
    fn default() -> Store {
        Store::new(IN_MEMORY)
    }
}

impl Store {
    fn new(limit: usize) -> Store {
        Store { limit, bytes: Vec::new(), file: None, path: None, memory_only: false, error: None }
    }

    fn push(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
        if self.file.is_none() && !self.memory_only && self.bytes.len() > self.limit {
            match temporary() {
                Ok((file, path)) => (self.file, self.path) = (Some(file), path),
                Err(_) => self.memory_only = true,
            }
        }
        if self.bytes.len() >= CHUNK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let Some(file) = &mut self.file else { return };
        if self.error.is_none() {
            if let Err(e) = file.write_all(&self.bytes) {
                self.error = Some(e);
            }
        }
        self.bytes.clear();
    }

    /// Writes out what is still buffered and frees the buffer.
    fn close(&mut self) {
        self.flush();
        if self.file.is_some() {
            self.bytes = Vec::new();
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        drop(self.file.take());
        if let Some(path) = &self.path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A new file in the temporary folder, removed at once where open files can be removed.
fn temporary() -> io::Result<(File, Option<PathBuf>)> {
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("qingdan-terms-{}-{n}", std::process::id()));
    let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
    let kept = std::fs::remove_file(&path).is_err().then_some(path);
    Ok((file, kept))
}

impl Terms {
    /// Adds the next record's sorted term ids in each field.
    pub fn push(&mut self, fields: [Vec<u32>; COUNT]) {
        let mut bytes = Vec::new();
        let mut sizes = [0u32; COUNT];
        for (f, ids) in fields.iter().enumerate() {
            bytes.clear();
            let mut prev = 0;
            for &id in ids {
                push_gap(&mut bytes, id - prev);
                prev = id;
            }
            sizes[f] = bytes.len() as u32;
            self.stores[f].push(&bytes);
        }
        self.lens.push(fields.map(|ids| ids.len() as u32));
        self.sizes.push(sizes);
    }

    /// Adds the next record's ids as [`Ids::bytes`] gave them, with its tokens in each field.
    pub fn push_encoded(&mut self, lens: [u32; COUNT], fields: &[Vec<u8>; COUNT]) {
        for (store, bytes) in self.stores.iter_mut().zip(fields) {
            store.push(bytes);
        }
        self.lens.push(lens);
        self.sizes.push(fields.each_ref().map(|b| b.len() as u32));
    }

    /// The same records with each id `i` made `map[i]`; `map` must keep the ids' order, so
    /// that each list stays sorted.
    pub fn remap(&self, map: &[u32]) -> io::Result<Terms> {
        let mut out = Terms::default();
        self.records(|_, fields| out.push(fields.map(|ids| ids.ids().map(|id| map[id as usize]).collect())))?;
        out.finish();
        Ok(out)
    }

    /// Writes out what is still buffered: call once every record is in.
    pub fn finish(&mut self) {
        self.stores.iter_mut().for_each(Store::close);
    }

    /// Records.
    pub fn len(&self) -> usize {
        self.lens.len()
    }

    /// Tokens of record `i` in field `f`.
    pub fn tokens(&self, i: usize, f: usize) -> usize {
        self.lens[i][f] as usize
    }

    /// Bytes of record `i`'s ids in field `f`.
    pub fn size(&self, i: usize, f: usize) -> u32 {
        self.sizes[i][f]
    }

    /// Calls `visit(record, ids)` for field `f` of every record, in record order.
    pub fn each(&self, f: usize, visit: impl FnMut(usize, Ids<'_>)) -> io::Result<()> {
        read(&self.stores[f], self.sizes.iter().map(|s| s[f]), visit)
    }

    /// The ids split into `parts` by `part_of[id]`, in one reading: a pass over a part reads
    /// only that part's ids, where reading all ids once per part made the export's ten passes
    /// at 100,000 records cost 25 times the one pass at 10,000.
    pub fn split(&self, part_of: &[u16], parts: usize) -> io::Result<Split> {
        // Straight to files: the whole stays in memory beside them where it is small.
        let mut stores: Vec<Store> = (0..parts * COUNT).map(|_| Store::new(0)).collect();
        let mut sizes = vec![[0u32; COUNT]; parts * self.len()];
        let mut bytes: Vec<Vec<u8>> = vec![Vec::new(); parts];
        let mut prev = vec![0u32; parts];
        self.records(|i, fields| {
            for (f, ids) in fields.into_iter().enumerate() {
                prev.fill(0);
                for id in ids.ids() {
                    let p = part_of[id as usize] as usize;
                    push_gap(&mut bytes[p], id - prev[p]);
                    prev[p] = id;
                }
                for (p, b) in bytes.iter_mut().enumerate() {
                    sizes[p * self.len() + i][f] = b.len() as u32;
                    stores[p * COUNT + f].push(b);
                    b.clear();
                }
            }
        })?;
        stores.iter_mut().for_each(Store::close);
        Ok(Split { records: self.len(), stores, sizes })
    }

    /// Calls `visit(record, ids of each field)` for every record, in record order.
    pub fn records(&self, mut visit: impl FnMut(usize, [Ids<'_>; COUNT])) -> io::Result<()> {
        let mut readers = self.stores.iter().map(Reader::new).collect::<io::Result<Vec<_>>>()?;
        for (i, s) in self.sizes.iter().enumerate() {
            for (reader, size) in readers.iter_mut().zip(s) {
                reader.advance(*size as usize)?;
            }
            visit(i, std::array::from_fn(|f| Ids(readers[f].current())));
        }
        Ok(())
    }
}

/// Term ids split into parts by [`Terms::split`].
pub struct Split {
    records: usize,
    /// Part `p`'s field `f` at `p * COUNT + f`.
    stores: Vec<Store>,
    /// Part `p`'s record `i` at `p * records + i`.
    sizes: Vec<[u32; COUNT]>,
}

impl Split {
    /// Calls `visit(record, ids)` with the ids of part `p` in field `f` of every record, in
    /// record order.
    pub fn each(&self, p: usize, f: usize, visit: impl FnMut(usize, Ids<'_>)) -> io::Result<()> {
        read(
            &self.stores[p * COUNT + f],
            self.sizes[p * self.records..(p + 1) * self.records].iter().map(|s| s[f]),
            visit,
        )
    }
}

fn push_gap(bytes: &mut Vec<u8>, mut gap: u32) {
    while gap >= 0x80 {
        bytes.push(gap as u8 | 0x80);
        gap >>= 7;
    }
    bytes.push(gap as u8);
}

/// Calls `visit(record, ids)` for each record's bytes of `store`, `sizes` long in turn.
fn read(store: &Store, sizes: impl Iterator<Item = u32>, mut visit: impl FnMut(usize, Ids<'_>)) -> io::Result<()> {
    let mut reader = Reader::new(store)?;
    for (i, size) in sizes.enumerate() {
        visit(i, Ids(reader.next(size as usize)?));
    }
    Ok(())
}

/// Reads one field's bytes record by record.
struct Reader<'a> {
    store: &'a Store,
    /// The current record's bytes in `store.bytes`, when they are in memory.
    start: usize,
    at: usize,
    file: Option<BufReader<&'a File>>,
    buf: Vec<u8>,
}

impl<'a> Reader<'a> {
    fn new(store: &'a Store) -> io::Result<Reader<'a>> {
        if let Some(e) = &store.error {
            return Err(io::Error::new(e.kind(), format!("搜索索引的临时文件写入失败：{e}")));
        }
        let file = match &store.file {
            Some(file) => {
                let mut from: &File = file;
                from.seek(io::SeekFrom::Start(0))?;
                Some(BufReader::with_capacity(CHUNK, file))
            }
            None => None,
        };
        Ok(Reader { store, start: 0, at: 0, file, buf: Vec::new() })
    }

    /// Moves on to the next record's bytes, `size` long.
    fn advance(&mut self, size: usize) -> io::Result<()> {
        match &mut self.file {
            None => {
                self.start = self.at;
                self.at += size;
            }
            Some(file) => {
                self.buf.resize(size, 0);
                file.read_exact(&mut self.buf)?;
            }
        }
        Ok(())
    }

    /// The current record's bytes.
    fn current(&self) -> &[u8] {
        match self.file {
            None => &self.store.bytes[self.start..self.at],
            Some(_) => &self.buf,
        }
    }

    fn next(&mut self, size: usize) -> io::Result<&[u8]> {
        self.advance(size)?;
        Ok(self.current())
    }
}

/// One record's term ids in one field.
#[derive(Clone, Copy)]
pub struct Ids<'a>(&'a [u8]);

impl<'a> Ids<'a> {
    /// The ids as stored, for [`Terms::push_encoded`].
    pub fn bytes(self) -> &'a [u8] {
        self.0
    }

    /// The ids, in increasing order, repeated as often as the token occurs.
    pub fn ids(self) -> impl Iterator<Item = u32> + 'a {
        let mut bytes = self.0.iter();
        let mut id = 0u32;
        std::iter::from_fn(move || {
            let (mut gap, mut shift) = (0u32, 0);
            loop {
                let b = *bytes.next()?;
                gap |= u32::from(b & 0x7f) << shift;
                if b < 0x80 {
                    break;
                }
                shift += 7;
            }
            id += gap;
            Some(id)
        })
    }

    /// The distinct ids, each with the number of its tokens.
    pub fn runs(self) -> impl Iterator<Item = (u32, u32)> + 'a {
        let mut ids = self.ids().peekable();
        std::iter::from_fn(move || {
            let id = ids.next()?;
            let mut n = 1;
            while ids.next_if_eq(&id).is_some() {
                n += 1;
            }
            Some((id, n))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(n: u32) -> Vec<[Vec<u32>; COUNT]> {
        (0..n)
            .map(|i| {
                [
                    vec![i, i, i + 300],
                    vec![],
                    (0..i % 50).map(|k| k * 1000).collect(),
                    vec![7; (i % 5) as usize],
                    vec![i % 3],
                ]
            })
            .collect()
    }

    fn stored(input: &[[Vec<u32>; COUNT]]) -> Terms {
        let mut terms = Terms::default();
        input.iter().for_each(|r| terms.push(r.clone()));
        terms.finish();
        terms
    }

    fn read_back(terms: &Terms) -> Vec<[Vec<u32>; COUNT]> {
        let mut out = Vec::new();
        terms.records(|_, ids| out.push(ids.map(|f| f.ids().collect()))).unwrap();
        out
    }

    #[test]
    fn ids_come_back_as_they_went_in_from_memory_and_from_a_file() {
        // Field 2 passes IN_MEMORY (64 KiB in tests) and goes to a file; field 3 does not.
        let input = records(20_000);
        let terms = stored(&input);
        assert!(terms.stores[2].file.is_some() && terms.stores[3].file.is_none());
        assert_eq!(read_back(&terms), input);
        // Read twice, as the export's passes do.
        for _ in 0..2 {
            let mut runs = Vec::new();
            terms
                .each(0, |i, ids| {
                    if i < 2 {
                        runs.push(ids.runs().collect::<Vec<_>>())
                    }
                })
                .unwrap();
            assert_eq!(runs, [vec![(0, 2), (300, 1)], vec![(1, 2), (301, 1)]]);
        }
        assert_eq!(terms.tokens(3, 0), 3);
    }

    #[test]
    fn a_split_holds_each_parts_ids_of_every_record() {
        let input = records(20_000);
        let terms = stored(&input);
        // Three parts by id: below 300, 300 to 999, from 1,000.
        let part_of: Vec<u16> = (0..50_000u32)
            .map(|id| {
                if id < 300 {
                    0
                } else if id < 1000 {
                    1
                } else {
                    2
                }
            })
            .collect();
        let split = terms.split(&part_of, 3).unwrap();
        assert!(split.stores.iter().any(|s| s.file.is_some()), "the largest part goes to a file");
        for f in 0..COUNT {
            for p in 0..3 {
                let mut got = Vec::new();
                split.each(p, f, |_, ids| got.push(ids.ids().collect::<Vec<_>>())).unwrap();
                let want: Vec<Vec<u32>> = input
                    .iter()
                    .map(|r| r[f].iter().copied().filter(|&id| part_of[id as usize] as usize == p).collect())
                    .collect();
                assert_eq!(got, want, "part {p}, field {f}");
            }
        }
    }
}
