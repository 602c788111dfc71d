//! A site held in memory, for the preview (`qingdan serve`): every file's bytes and the key it
//! was made from. A build into memory takes the unchanged files of the previous one by sharing
//! their bytes, and the server swaps whole sites, so a visitor never sees half of a build.

use std::collections::HashMap;
use std::sync::Arc;

/// One file of a [`Site`].
#[derive(Clone, Debug)]
pub struct File {
    /// What the file was made from (see [`super::cache`]), or a hash of its bytes.
    pub key: u64,
    pub bytes: Arc<[u8]>,
}

#[derive(Clone, Debug, Default)]
pub struct Site {
    files: HashMap<String, File>,
}

impl Site {
    pub fn new(files: HashMap<String, File>) -> Site {
        Site { files }
    }

    /// The file at `rel` (a `/`-separated path inside the site).
    pub fn get(&self, rel: &str) -> Option<&File> {
        self.files.get(rel)
    }

    /// `rel` is a folder of the site: some file lies inside it.
    pub fn is_folder(&self, rel: &str) -> bool {
        let rel = rel.trim_end_matches('/');
        self.files.contains_key(&format!("{rel}/index.html"))
            || self.files.keys().any(|k| k.len() > rel.len() && k.starts_with(rel) && k.as_bytes()[rel.len()] == b'/')
    }

    /// Every file, in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &File)> {
        self.files.iter().map(|(k, f)| (k.as_str(), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_its_folders() {
        let file = |s: &str| File { key: 0, bytes: s.as_bytes().into() };
        let site = Site::new(HashMap::from([
            ("bases/a/index.html".to_string(), file("a")),
            ("search/1/meta.js".to_string(), file("m")),
        ]));
        assert!(site.is_folder("bases/a") && site.is_folder("bases/a/") && site.is_folder("search"));
        assert!(!site.is_folder("base") && !site.is_folder("bases/a/index.html"));
        assert_eq!(&*site.get("bases/a/index.html").unwrap().bytes, b"a");
    }
}
