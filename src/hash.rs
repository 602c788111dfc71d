//! FNV-1a, the project's one hash: cache keys and file digests (64 bits), the search index's
//! term shards (32 bits, repeated in search.js). Fast and
//! stable across builds and machines; not meant to resist collisions chosen on purpose.

use std::io::{self, Write};

const OFFSET_64: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME_64: u64 = 0x0100_0000_01b3;

/// A 64-bit FNV-1a hash built from parts. [`Key::add`] ends each part with a separator, so
/// that ("ab", "c") and ("a", "bc") differ; [`Key::raw`] does not.
#[derive(Clone, Copy, Debug)]
pub struct Key(u64);

impl Key {
    pub fn new() -> Key {
        Key(OFFSET_64)
    }

    /// The bytes as they are, with no separator after them.
    pub fn raw(mut self, bytes: &[u8]) -> Key {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(PRIME_64);
        }
        self
    }

    /// One part: its bytes and a separator.
    pub fn add(self, bytes: &[u8]) -> Key {
        self.raw(bytes).raw(&[0xff])
    }

    /// A value as JSON, as one part.
    pub fn add_json(mut self, value: &impl serde::Serialize) -> Key {
        let _ = serde_json::to_writer(&mut self, value);
        self.add(&[])
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Key {
    fn default() -> Key {
        Key::new()
    }
}

impl Write for Key {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        *self = self.raw(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// FNV-1a, 32 bits: the search client computes the same (a term's shard).
pub fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_the_reference_values() {
        assert_eq!(fnv32(b""), 0x811c9dc5);
        assert_eq!(fnv32(b"a"), 0xe40c292c);
        assert_eq!(Key::new().raw(b"a").finish(), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(Key::new().add(b"ab").add(b"c").finish(), Key::new().add(b"a").add(b"bc").finish());
        assert_eq!(Key::new().add_json(&[1, 2]).finish(), Key::new().add_json(&[1, 2]).finish());
    }
}
