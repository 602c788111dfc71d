//! Files written piece by piece through the sink ([`Sink::create`]): large generated files
//! that should never be whole in memory on disk builds (the data downloads).

use super::memory::File;
use super::sink::{Sink, Target};
use std::fs;
use std::io;
use std::sync::atomic::Ordering;

impl Sink {
    /// Opens `rel`, made from `key`, to be written piece by piece, for large generated files that
    /// should never be whole in memory on disk builds (the data downloads). Counted once
    /// [`Stream::finish`] succeeds.
    pub fn create(&self, rel: &str, key: u64) -> io::Result<Stream<'_>> {
        let to = match &self.target {
            Target::Disk(d) => {
                To::File(io::BufWriter::with_capacity(1 << 16, fs::File::create(super::sink::place(&d.tmp, rel)?)?))
            }
            Target::Memory(_) => To::Memory(Vec::new()),
        };
        Ok(Stream { sink: self, rel: rel.to_string(), key, to, bytes: 0 })
    }
}

/// A file being written through [`Sink::create`].
pub struct Stream<'a> {
    sink: &'a Sink,
    rel: String,
    key: u64,
    to: To,
    bytes: usize,
}

enum To {
    File(io::BufWriter<fs::File>),
    Memory(Vec<u8>),
}

impl io::Write for Stream<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = match &mut self.to {
            To::File(f) => f.write(buf)?,
            To::Memory(v) => v.write(buf)?,
        };
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.to {
            To::File(f) => f.flush(),
            To::Memory(_) => Ok(()),
        }
    }
}

impl Stream<'_> {
    /// Writes out what is buffered; returns the file's size.
    pub fn finish(self) -> io::Result<usize> {
        let Stream { sink, rel, key, to, bytes } = self;
        match (to, &sink.target) {
            (To::File(mut f), Target::Disk(d)) => {
                io::Write::flush(&mut f)?;
                drop(f);
                if let Some(cache) = &d.cache {
                    cache.remember(&rel, key, &d.tmp.join(&rel));
                }
            }
            (To::Memory(v), Target::Memory(m)) => {
                m.new.lock().expect("sink lock").insert(rel, File { key, bytes: v.into() });
            }
            _ => unreachable!("a stream writes where its sink does"),
        }
        sink.files.fetch_add(1, Ordering::Relaxed);
        sink.bytes.fetch_add(bytes, Ordering::Relaxed);
        Ok(bytes)
    }
}
