//! `--links files`: a copy of the site opened from a folder (`file://`) navigates, because every
//! link inside the site names a file; the default build's links name folders.

use crate::common::*;
use std::path::Path;

/// Links of the built pages that lead to a folder, not a file, as `page: link`.
fn folder_links(site: &Path) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut folders = Vec::new();
    for (rel, bytes) in files(site).into_iter().filter(|(r, _)| r.ends_with(".html")) {
        let page = String::from_utf8(bytes).unwrap();
        let here = site.join(&rel);
        for tag in tags(&page) {
            let Some(link) = tag.attr("href").or_else(|| tag.attr("action")) else { continue };
            let path = link.split(['?', '#']).next().unwrap();
            if path.is_empty() || path.starts_with('/') || path.contains(':') {
                continue;
            }
            checked += 1;
            let target = here.parent().unwrap().join(path);
            if !target.is_file() {
                folders.push(format!("{rel}: {link}"));
            }
        }
    }
    (checked, folders)
}

#[test]
fn with_links_files_every_link_inside_the_site_names_a_file() {
    let files_site = tempdir();
    let out = build(&root().join("content"), files_site.path(), &["--links", "files"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (checked, folders) = folder_links(files_site.path());
    assert!(checked > 1000, "only {checked} links checked");
    assert_eq!(folders, Vec::<String>::new());

    // The default build links folders (a web server finds their index.html).
    let default_site = tempdir();
    let out = build(&root().join("content"), default_site.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, folders) = folder_links(default_site.path());
    assert!(folders.iter().any(|l| l.ends_with(": ../../counties/")), "{:?}", &folders[..folders.len().min(5)]);
}
