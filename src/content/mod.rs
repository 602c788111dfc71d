//! Content: the files of a content folder become the checked [`Directory`]. Every problem is
//! collected as a diagnostic at its file, line and field; only a folder without errors gives a
//! directory, so later stages never see invalid data.
//!
//! [`read`] finds and decodes the files, [`raw`] is their front matter and YAML as written,
//! [`config`] checks the lists and `site.yaml`, [`record`] checks one record, [`checks`] holds
//! the checks they share and [`limits`] what no content may hold. [`scaffold`] and [`import`] write content for people: a starter folder, a new record,
//! records from a spreadsheet.

pub mod cells;
pub mod checks;
pub mod config;
pub mod edit;
pub mod export;
#[cfg(test)]
mod fuzz;
pub mod hours_zh;
pub mod import;
pub mod limits;
pub mod raw;
pub mod read;
pub mod record;
pub mod scaffold;
pub mod table;
pub mod update;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Directory, Input, Record};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

pub use read::{Source, Sources};

/// Each record file's checked record and diagnostics from the last load, by its path, with the
/// key of what checking it also read (the configuration, the base URL and the day): a preview
/// that loads again after an edit checks only the files that changed.
#[derive(Default)]
pub struct Memo {
    key: u64,
    records: std::collections::HashMap<String, (u64, Option<Record>, Vec<crate::diag::Diagnostic>)>,
}

/// Reads and checks the content folder `content` as of `today`; `base_url` overrides the one of
/// `site.yaml`. Returns the directory when there is no error, every diagnostic, and the files
/// read (after checking, only the lines diagnostics quote). Never writes anything.
/// With a `memo`, the records whose files did not change are taken from it, and this load's are
/// left in it.
pub fn load(
    content: &Path,
    base_url: Option<&str>,
    today: Date,
    memo: Option<&mut Memo>,
) -> (Option<Directory>, Diagnostics, Sources) {
    let mut diags = Diagnostics::default();
    let mut sources = read::folder(content, &mut diags);
    let config = config::config(&sources, base_url, &mut diags);
    let pages = config::pages(&sources, &mut diags);
    let inputs = sources.inputs();
    let mut records = Vec::new();
    if let Some(cfg) = &config {
        let mut duplicates = Diagnostics::default();
        unique_ids(&sources, &mut duplicates);
        // Each record's text is freed as soon as it is checked, but for the lines its
        // diagnostics quote: all texts and the whole model at once took 1.4 GiB at 100,000.
        let key = crate::hash::Key::new().add(today.to_string().as_bytes()).add(base_url.unwrap_or("").as_bytes());
        let key = crate::model::add_inputs(key, inputs.iter().filter(|i| i.is_config())).finish();
        let empty = std::collections::HashMap::new();
        let known = match memo.as_deref() {
            Some(m) if m.key == key => &m.records,
            _ => &empty,
        };
        let checked: Vec<(Option<Record>, Diagnostics)> = sources
            .records
            .par_iter_mut()
            .map(|s| {
                let mut d = Diagnostics::default();
                let record = match known.get(&s.rel).filter(|m| m.0 == s.digest) {
                    Some((_, record, items)) => {
                        items.iter().for_each(|x| d.push(x.clone()));
                        record.clone()
                    }
                    None => record::record(s, cfg, today, &mut d),
                };
                let lines: Vec<usize> =
                    d.items.iter().chain(&duplicates.items).filter(|x| x.file == s.path).map(|x| x.line).collect();
                s.forget_text(&lines);
                (record, d)
            })
            .collect();
        if let Some(memo) = memo {
            // Updated, not made anew: after an edit only the changed files' entries are new
            // (cloning 10,000 records into a new memo took 0.1 s).
            if memo.key != key {
                *memo = Memo { key, records: Default::default() };
            }
            let present: std::collections::HashSet<&str> = sources.records.iter().map(|s| s.rel.as_str()).collect();
            memo.records.retain(|rel, _| present.contains(rel.as_str()));
            for (s, (r, d)) in sources.records.iter().zip(&checked) {
                if memo.records.get(&s.rel).map(|m| m.0) != Some(s.digest) {
                    memo.records.insert(s.rel.clone(), (s.digest, r.clone(), d.items.clone()));
                }
            }
        }
        // Reserved: grown by doubling, moving 100,000 records took 0.4 s.
        records.reserve_exact(checked.len());
        diags.items.reserve(checked.iter().map(|c| c.1.items.len()).sum());
        for (record, d) in checked {
            diags.extend(d);
            records.extend(record);
        }
        diags.extend(duplicates);
    } else {
        sources.forget_texts(&diags);
    }
    // By county, then id: lists read county by county (一旗县一清单), and in the search index
    // a county's records are one run of numbers, so its filter is a range.
    records.sort_by(|a, b| (a.county, &a.id).cmp(&(b.county, &b.id)));
    diags.sort();
    let directory = match config {
        Some(cfg) if !diags.has_errors() => Some(Directory {
            site: cfg.site,
            counties: cfg.counties,
            categories: cfg.categories,
            themes: cfg.themes,
            records,
            pages,
            today,
            inputs,
        }),
        _ => None,
    };
    (directory, diags, sources)
}

/// A record's id: its file name without the extension (`bases/ulanhot/wuyi-huizhi.md` is
/// `wuyi-huizhi`). The one rule for it, used when checking, creating and importing records.
pub fn record_id(rel: &str) -> &str {
    let stem = rel.rsplit('/').next().unwrap_or("");
    stem.rsplit_once('.').map_or(stem, |(a, _)| a)
}

/// Record ids are file stems: two files with the same stem would be one page.
fn unique_ids(sources: &Sources, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &Source> = BTreeMap::new();
    for s in &sources.records {
        let id = record_id(&s.rel);
        if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::error("Q0304", &s.path, format!("记录 id `{id}` 重复：{} 也用了这个文件名", first.rel))
                    .at(1, 0)
                    .expected("整个目录中每个记录文件名（不含扩展名）只出现一次")
                    .hint("给其中一个文件改名，例如加上旗县前缀"),
            );
        } else {
            seen.insert(id, s);
        }
    }
}

impl Sources {
    /// The files a directory is made of (not the template overrides), in reading order.
    fn inputs(&self) -> Vec<Input> {
        let configs = [&self.site, &self.counties, &self.categories, &self.themes].into_iter().flatten();
        let files = configs.chain(&self.records).chain(&self.pages);
        files.map(|s| Input { rel: s.rel.clone(), digest: s.digest }).collect()
    }
}
