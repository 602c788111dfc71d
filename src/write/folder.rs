//! Which output folder a build may replace, and one build at a time per folder.
//!
//! A build replaces its output folder whole. It may do so only to a folder that does not exist,
//! is empty, or holds the [`MARKER`] file every build writes: never a folder someone made by hand,
//! the content folder, a folder holding it or inside it, the current directory or one above it,
//! or a repository (`.git`). A lock file beside the folder keeps a second build out while one runs.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// Written into every site qingdan makes: the sign that a later build may replace the folder.
pub const MARKER: &str = ".qingdan-site";

/// What [`MARKER`] says to whoever opens it.
pub const MARKER_TEXT: &str =
    "这个文件夹由 qingdan 生成，每次构建都会整个替换它。\nMade by qingdan: every build replaces this whole folder.\n";

/// `public` → `.public.qingdan-<what>` in the same parent folder (so a rename suffices).
pub fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.qingdan-{what}"))
}

/// Checks that a build may replace `output`; `keep` are folders no output may be, hold or be
/// inside (the content folder, a theme folder). The error names the folder and why.
pub fn check(output: &Path, keep: &[&Path]) -> io::Result<()> {
    let refuse = |why: String| Err(io::Error::other(format!("不能把网站生成到 {}：{why}", output.display())));
    let out = absolute(output)?;
    for kept in keep {
        let kept = absolute(kept)?;
        if out == kept {
            return refuse("它就是内容文件夹".into());
        }
        if kept.starts_with(&out) {
            return refuse(format!("它包含 {}，构建会替换整个文件夹", kept.display()));
        }
        if out.starts_with(&kept) {
            return refuse(format!("它在 {} 里面，生成的文件会被当作内容读取", kept.display()));
        }
    }
    if absolute(&std::env::current_dir()?)?.starts_with(&out) {
        return refuse("它是当前文件夹或其上级，构建会替换整个文件夹".into());
    }
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return refuse("它是一个文件，不是文件夹".into());
    }
    if out.join(".git").exists() {
        return refuse("它是一个 git 仓库（有 .git）".into());
    }
    if out.join(MARKER).is_file() || fs::read_dir(&out)?.next().is_none() {
        return Ok(());
    }
    refuse(format!(
        "它不是空的，也不是 qingdan 生成的网站（没有 {MARKER} 标记），构建会删除其中的文件；请指定一个空的或新的文件夹"
    ))
}

/// The path made absolute with `.` and `..` resolved, following links in the part that exists
/// (so a link to the content folder is the content folder).
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let path = std::path::absolute(path)?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for name in rest.iter().rev() {
        match name.to_str() {
            Some("..") => {
                out.pop();
            }
            Some(".") => {}
            _ => out.push(name),
        }
    }
    Ok(out)
}

/// Holds the lock of an output folder; released when dropped.
pub struct Lock(#[allow(dead_code)] File);

/// The lock's file in the cache folder: it stays when the cache is forgotten, or a second build
/// could lock a new file while the first holds the removed one.
pub const LOCK: &str = "lock";

/// Takes the lock of `output` (a file in its cache folder), or says that another build holds it.
pub fn lock(output: &Path) -> io::Result<Lock> {
    let dir = sibling(output, "cache");
    fs::create_dir_all(&dir)?;
    let path = dir.join(LOCK);
    let file = File::options().create(true).truncate(false).write(true).open(&path)?;
    match file.try_lock() {
        Ok(()) => Ok(Lock(file)),
        Err(fs::TryLockError::WouldBlock) => Err(io::Error::other(format!(
            "另一个 qingdan 正在生成 {}（锁文件 {}）；请等它结束后再构建",
            output.display(),
            path.display()
        ))),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Removes what builds that were stopped left beside `output` (their temporary folders).
/// Called with the lock held, so no running build owns them.
pub fn clean_up(output: &Path) -> io::Result<()> {
    let Some(parent) = output.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p }) else {
        return Ok(());
    };
    let prefix = sibling(output, "tmp-");
    let prefix = prefix.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let old = sibling(output, "old");
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(&prefix) || Some(name.as_str()) == old.file_name().and_then(|n| n.to_str()) {
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// Replaces `output` with the folder `tmp`.
pub fn swap(tmp: &Path, output: &Path) -> io::Result<()> {
    let old = sibling(output, "old");
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    let had_old = output.exists();
    if had_old {
        fs::rename(output, &old)?;
    }
    if let Err(e) = fs::rename(tmp, output) {
        if had_old {
            fs::rename(&old, output)?;
        }
        return Err(e);
    }
    if had_old {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of this test's own, removed at the end.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("qingdan-folder-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            Scratch(dir.canonicalize().unwrap())
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn only_empty_new_or_marked_folders_are_replaced() {
        let dir = Scratch::new("check");
        let tmp = dir.0.as_path();
        let content = tmp.join("repo/content");
        fs::create_dir_all(&content).unwrap();
        let ok = |p: &Path| check(p, &[&content]).is_ok();
        assert!(ok(&tmp.join("public")), "a new folder");
        assert!(ok(&tmp.join("repo/public")), "a new folder beside the content");
        assert!(!ok(&content), "the content folder");
        assert!(!ok(&tmp.join("repo")), "a folder holding the content");
        assert!(!ok(&content.join("pages/sub")), "a folder inside the content");
        assert!(!ok(&tmp.join("repo/content/../content")), "the content folder by another path");
        assert!(!ok(Path::new(".")) && !ok(Path::new("/")), "the current folder and the root");
        let hand = tmp.join("hand");
        fs::create_dir_all(hand.join("sub")).unwrap();
        fs::write(hand.join("index.html"), "mine").unwrap();
        let e = check(&hand, &[&content]).unwrap_err().to_string();
        assert!(e.contains(&hand.display().to_string()) && e.contains(MARKER), "{e}");
        fs::write(hand.join(MARKER), MARKER_TEXT).unwrap();
        assert!(ok(&hand), "a marked site");
        fs::create_dir_all(hand.join(".git")).unwrap();
        assert!(!ok(&hand), "a repository, even marked");
    }

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = Scratch::new("lock");
        let tmp = dir.0.as_path();
        let output = tmp.join("public");
        let first = lock(&output).unwrap();
        let e = lock(&output).err().expect("held").to_string();
        assert!(e.contains("另一个 qingdan 正在生成"), "{e}");
        drop(first);
        assert!(lock(&output).is_ok());
    }
}
