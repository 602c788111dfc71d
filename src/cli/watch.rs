//! Watching the content and theme folders for `serve`. The system's file events (through
//! `notify`: inotify, FSEvents, ReadDirectoryChangesW) say at once that a file was saved, where
//! polling every 100 ms and waiting for a quiet 100 ms cost a preview 0.1–0.2 s per edit. A
//! rebuild starts once no event has come for [`SETTLE`]: an editor's save (write, rename,
//! touch) is one burst. Where events are not available (some network drives, too many
//! watches), the folders are polled.

use notify::event::{AccessKind, AccessMode, EventKind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

/// A rebuild starts once the files have not changed for this long.
const SETTLE: Duration = Duration::from_millis(30);
/// How often the folders are looked at when there are no file events.
const POLL: Duration = Duration::from_millis(100);

/// Calls `changed` once the folders are watched, then after each burst of changes under `dirs`,
/// for ever.
pub fn watch(dirs: &[PathBuf], mut changed: impl FnMut()) {
    let (tx, rx) = mpsc::channel();
    let events = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // An error (events lost) is a change too: the rebuild reads everything again.
        if event.map_or(true, |e| counts(&e)) {
            let _ = tx.send(());
        }
    });
    let watching = events.and_then(|mut w| {
        dirs.iter().try_for_each(|d| notify::Watcher::watch(&mut w, d, notify::RecursiveMode::Recursive))?;
        Ok(w)
    });
    let Ok(_watcher) = watching else { return poll(dirs, changed) };
    changed();
    while rx.recv().is_ok() {
        while rx.recv_timeout(SETTLE).is_ok() {}
        changed();
    }
}

/// A change the site may show: not a read (the rebuild's own reads), nor an editor's hidden
/// swap or backup file.
fn counts(event: &notify::Event) -> bool {
    let read = matches!(event.kind, EventKind::Access(kind) if kind != AccessKind::Close(AccessMode::Write));
    !read && (event.paths.is_empty() || !event.paths.iter().all(|p| scratch(p)))
}

/// `.record.md.swp`, `record.md~`, vim's `4913`: files an editor makes beside the one it saves.
fn scratch(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name == "4913"
}

/// [`watch`] by looking at every file's size and time every [`POLL`].
fn poll(dirs: &[PathBuf], mut changed: impl FnMut()) {
    let mut built = fingerprint(dirs);
    changed();
    let mut seen = built.clone();
    let mut changed_at = Instant::now();
    loop {
        std::thread::sleep(POLL);
        let now = fingerprint(dirs);
        if now != seen {
            seen = now;
            changed_at = Instant::now();
        } else if seen != built && changed_at.elapsed() >= SETTLE {
            built = seen.clone();
            changed();
        }
    }
}

/// Paths, sizes and modification times of every file under `dirs`.
fn fingerprint(dirs: &[PathBuf]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut all = Vec::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if let Ok(meta) = entry.metadata() {
                all.push((entry.into_path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind};

    #[test]
    fn saves_count_and_reads_and_scratch_files_do_not() {
        let event = |kind, path: &str| notify::Event::new(kind).add_path(PathBuf::from(path));
        let md = "content/bases/ulanhot/a.md";
        assert!(counts(&event(EventKind::Modify(ModifyKind::Any), md)));
        assert!(counts(&event(EventKind::Create(CreateKind::File), md)));
        assert!(counts(&event(EventKind::Access(AccessKind::Close(AccessMode::Write)), md)));
        assert!(!counts(&event(EventKind::Access(AccessKind::Open(AccessMode::Any)), md)));
        assert!(!counts(&event(EventKind::Access(AccessKind::Close(AccessMode::Read)), md)));
        assert!(!counts(&event(EventKind::Modify(ModifyKind::Any), "content/bases/ulanhot/.a.md.swp")));
        assert!(!counts(&event(EventKind::Create(CreateKind::File), "content/bases/ulanhot/4913")));
        assert!(!counts(&event(EventKind::Modify(ModifyKind::Any), "content/bases/ulanhot/a.md~")));
    }
}
