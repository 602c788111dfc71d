//! Incremental builds: after edits, additions and deletions of records (and of the configuration
//! and templates), a build that reuses the previous output equals a full build byte for byte.

use crate::common::*;
use std::fs;
use std::path::Path;

/// Builds `content` into `output` with the cache, and into a fresh folder without it; both
/// trees must be identical. Returns the incremental build's summary line (stdout).
fn same_as_full(content: &Path, output: &Path, full: &Path) -> String {
    let out = build(content, output, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let _ = fs::remove_dir_all(full);
    let clean = build(content, full, &["--no-cache"]);
    assert!(clean.status.success(), "{}", stderr(&clean));
    let (a, b) = (files(output), files(full));
    let names = |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same files");
    for (rel, bytes) in &a {
        assert!(bytes == &b[rel], "{rel} differs from a full build");
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// "…；N 个页面与上次相同，直接沿用" → N (0 when the build reused nothing).
fn reused(summary: &str) -> usize {
    summary
        .split("；")
        .find_map(|part| part.strip_suffix(" 个页面与上次相同，直接沿用"))
        .map_or(0, |n| n.trim().parse().unwrap())
}

/// The search index folder (`search/<version>/`).
fn search_folder(output: &Path) -> std::path::PathBuf {
    fs::read_dir(output.join("search")).unwrap().map(|e| e.unwrap().path()).find(|p| p.is_dir()).unwrap()
}

/// The search index files by their name inside the version folder, with their modification time.
fn search_files(output: &Path) -> std::collections::BTreeMap<String, std::time::SystemTime> {
    let folder = search_folder(output);
    walkdir::WalkDir::new(&folder)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(&folder).unwrap().to_string_lossy().into_owned(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect()
}

#[test]
fn incremental_builds_equal_full_builds_after_edits_additions_and_deletions() {
    let tmp = tempdir();
    let (content, output, full) = (tmp.path().join("content"), tmp.path().join("public"), tmp.path().join("full"));
    copy_tree(&root().join("content"), &content);
    let first = same_as_full(&content, &output, &full);
    assert_eq!(reused(&first), 0, "{first}");
    let pages = files(&output).keys().filter(|k| k.ends_with(".html")).count();

    // Nothing changed: every page and QR code comes from the previous build, and every search
    // file is taken from it (so it keeps its modification time).
    // The folder is updated in place, not replaced: unchanged files are not touched at all,
    // and a file the build did not make is removed.
    let search = search_files(&output);
    let times = |out: &Path| {
        files(out)
            .keys()
            .map(|k| (k.clone(), fs::metadata(out.join(k)).unwrap().modified().unwrap()))
            .collect::<Vec<_>>()
    };
    let before = times(&output);
    let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).unwrap());
    let folder = inode(&output);
    fs::write(output.join("bases/stray.html"), "left by hand").unwrap();
    let again = same_as_full(&content, &output, &full);
    assert!(reused(&again) >= pages - 3, "{again}");
    assert!(search_files(&output) == search, "search files were written again");
    assert_eq!(times(&output), before, "an unchanged file was written again");
    assert_eq!(inode(&output), folder, "the output folder was replaced instead of updated");
    assert!(!output.join("bases/stray.html").exists());

    // One record edited: its page, the lists and the search index change; most pages do not.
    let record = content.join("bases/ulanhot/xinganmeng-museum.md");
    let text = fs::read_to_string(&record).unwrap();
    assert!(text.contains("name: 兴安盟博物馆"), "fixture changed: {text}");
    fs::write(&record, text.replace("name: 兴安盟博物馆", "name: 兴安盟博物馆（新馆）")).unwrap();
    let edited = same_as_full(&content, &output, &full);
    assert!(reused(&edited) > pages / 2, "{edited}");
    // The search folder has a new name, but only the files that changed were written again; the
    // previous folder is gone.
    let folders = fs::read_dir(output.join("search")).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count();
    assert_eq!(folders, 1, "one search index folder");
    let now = search_files(&output);
    let kept: Vec<_> = now.iter().filter(|(name, t)| search.get(*name) == Some(*t)).map(|(n, _)| n.as_str()).collect();
    assert!(kept.len() > now.len() / 2, "{} of {} search files kept", kept.len(), now.len());
    let contact =
        |n: &&String| fs::read_to_string(search_folder(&output).join(n)).unwrap().contains("兴安盟博物馆（新馆）");
    let museum = now.keys().filter(|n| n.starts_with("c/")).find(contact).unwrap();
    assert!(!kept.contains(&museum.as_str()), "the edited record's contact file is new");
    assert!(read(&output, "bases/xinganmeng-museum/index.html").contains("兴安盟博物馆（新馆）"));
    assert!(read(&output, "counties/ulanhot/index.html").contains("兴安盟博物馆（新馆）"));

    // A record added, then one deleted.
    let added = content.join("bases/arxan/arxan-museum-copy.md");
    fs::copy(content.join("bases/arxan/arxan-geopark-museum.md"), &added).unwrap();
    same_as_full(&content, &output, &full);
    assert!(output.join("bases/arxan-museum-copy/index.html").is_file());
    fs::remove_file(&added).unwrap();
    fs::remove_file(content.join("bases/tuquan").read_dir().unwrap().next().unwrap().unwrap().path()).unwrap();
    same_as_full(&content, &output, &full);
    assert!(!output.join("bases/arxan-museum-copy").exists());

    // The configuration and a template override change what every page shows.
    let site = fs::read_to_string(content.join("site.yaml")).unwrap();
    fs::write(content.join("site.yaml"), site.replacen("title: ", "title: 新", 1)).unwrap();
    fs::create_dir_all(content.join("templates")).unwrap();
    let record_template = include_str!("../../themes/default/templates/record.html");
    fs::write(content.join("templates/record.html"), format!("{record_template}\n<!-- local -->")).unwrap();
    let changed = same_as_full(&content, &output, &full);
    let qr_codes = files(&output).keys().filter(|k| k.ends_with("/qr.svg")).count();
    assert_eq!(reused(&changed), qr_codes, "only the QR codes (made of the URL alone) are kept: {changed}");

    // The search documents kept beside the cache are the last build's; a category renamed
    // changes every record's tags and pinyin, though no record file changed.
    assert!(tmp.path().join(".public.qingdan-cache/search").is_file());
    let categories = fs::read_to_string(content.join("categories.yaml")).unwrap();
    fs::write(content.join("categories.yaml"), categories.replace("name: 博物馆,", "name: 陈列馆,")).unwrap();
    same_as_full(&content, &output, &full);
    assert!(search_files(&output).keys().any(|name| {
        name.starts_with("t/") && fs::read_to_string(search_folder(&output).join(name)).unwrap().contains("\"chenlie\"")
    }));
}

#[test]
fn a_page_edited_by_hand_in_the_output_is_rebuilt_not_trusted() {
    let tmp = tempdir();
    let (output, full) = (tmp.path().join("public"), tmp.path().join("full"));
    let content = root().join("content");
    same_as_full(&content, &output, &full);
    let page = output.join("bases/xinganmeng-museum/index.html");
    let original = fs::read(&page).unwrap();
    fs::write(&page, b"<p>changed by hand").unwrap();
    same_as_full(&content, &output, &full);
    assert_eq!(fs::read(&page).unwrap(), original);
}

#[test]
fn a_build_without_cache_forgets_the_previous_one() {
    let tmp = tempdir();
    let output = tmp.path().join("public");
    let content = root().join("tests/fixtures/minimal");
    assert!(build(&content, &output, &[]).status.success());
    let manifest = tmp.path().join(".public.qingdan-cache/manifest");
    assert!(manifest.is_file());
    assert!(tmp.path().join(".public.qingdan-cache/search").is_file());
    assert!(build(&content, &output, &["--no-cache"]).status.success());
    assert!(!manifest.exists());
    assert!(!tmp.path().join(".public.qingdan-cache/search").exists(), "the search documents are forgotten too");
    assert!(tmp.path().join(".public.qingdan-cache/lock").exists(), "the lock another build may hold stays");
}

/// A generated directory with common terms, whose files hold scores: one record renamed leaves
/// the token totals the scores depend on as they were, so only the files of the terms the edit
/// touched are made again; the others are taken from the last build.
#[test]
fn one_record_edited_remakes_only_the_common_terms_it_touches() {
    let tmp = tempdir();
    let (content, output, full) = (tmp.path().join("content"), tmp.path().join("public"), tmp.path().join("full"));
    generate(&content, 800);
    same_as_full(&content, &output, &full);
    let before = search_files(&output);
    let common = |files: &std::collections::BTreeMap<String, std::time::SystemTime>| {
        files.keys().filter(|n| n.starts_with("p/")).cloned().collect::<Vec<_>>()
    };
    assert!(common(&before).len() > 100, "{} files of common terms", common(&before).len());

    let record = content.join("bases/ulanhot/r000001.md");
    let text = fs::read_to_string(&record).unwrap();
    let name = text.lines().find(|l| l.starts_with("name: \"")).unwrap();
    fs::write(&record, text.replacen(name, &name.replacen("name: \"", "name: \"乌兰牧骑", 1), 1)).unwrap();
    same_as_full(&content, &output, &full);
    let after = search_files(&output);
    let kept = common(&after).into_iter().filter(|n| before.get(n) == after.get(n)).count();
    let made = common(&after).len() - kept;
    assert!(made > 0, "the renamed record's common terms have new files");
    assert!(kept > 10 * made, "{kept} files of common terms taken from the last build, {made} made");
}
