//! The static search files under `search/<version>/` (format in docs/search.md): term shards,
//! common terms' postings in blocks by score ([`super::postings`]), statistics, facets and the
//! display data of each record, made from the search documents of [`super::index`].

use super::analyze::county_forms;
use super::contacts;
use super::index::{Row, SearchIndex};
use super::postings;
use super::ranking::{B, COUNT, FIELDS, K1};
use super::shards;
use crate::diag::Diagnostic;
use crate::hash::Key;
use crate::model::{Directory, AUDIENCES};
use crate::write::Sink;
use serde_json::json;

/// The name of the index folder: a hash of every input file and of the index format, so a
/// browser or service worker never mixes files of two builds, and unchanged data keeps its name.
pub fn version(dir: &Directory) -> String {
    let mut h = Key::new().raw(FORMAT.as_bytes());
    // Paths inside the content folder, so the name does not depend on where the folder is.
    for input in &dir.inputs {
        h = h.raw(input.rel.as_bytes()).raw(&input.digest.to_le_bytes());
    }
    format!("{:08x}", h.finish() >> 32)
}

/// Changes whenever the index files change shape or content for the same input.
const FORMAT: &str = concat!("qingdan-search-14/", env!("CARGO_PKG_VERSION"));

/// Builds, exports and writes the index under `folder`; returns write errors and stage times.
pub fn write(
    dir: &Directory,
    sink: &Sink,
    folder: &str,
) -> (Vec<Diagnostic>, Vec<(&'static str, std::time::Duration)>) {
    // Named by its inputs: a folder the previous build left unchanged is the same index.
    if sink.reuse_folder(folder) {
        return (Vec::new(), Vec::new());
    }
    let start = std::time::Instant::now();
    // Records whose file is unchanged keep the last build's term ids.
    let state = sink.state_file("search");
    let context = super::state::context(dir);
    let saved = state.as_deref().and_then(|path| super::state::Saved::load(path, context));
    let (si, same) = super::index::build_from(dir, saved);
    let built = start.elapsed();
    let mut errors = Vec::new();
    let mut written = std::time::Duration::ZERO;
    // The folder is renamed with every data change, but most files in it stay the same: those
    // are taken from the last build's folder rather than written again.
    let before = sink.previous_folder("search/");
    // A common term's files are named by all they are made from: when the last build has
    // them, they are taken as they are.
    let keep = |names: &[String]| {
        let Some(before) = &before else { return false };
        let files: Vec<_> = names.iter().map(|n| (format!("{folder}{n}.js"), format!("{before}{n}.js"))).collect();
        sink.take_all(&files)
    };
    // Each file is written as soon as it is made, so the index is never in memory twice.
    let result = export(dir, &si, &keep, &mut |name, data| {
        let t = std::time::Instant::now();
        let text = format!("qdSearchLoad({},{data});\n", serde_json::to_string(name).expect("string"));
        let was = before.as_ref().map(|b| format!("{b}{name}.js"));
        if let Err(e) = sink.write_or_take(&format!("{folder}{name}.js"), was.as_deref(), text.as_bytes()) {
            errors.push(Diagnostic::unwritable(std::path::Path::new(name), &e));
        }
        written += t.elapsed();
    });
    if let Err(e) = result {
        errors.push(Diagnostic::unwritable(std::path::Path::new(folder), &e));
    }
    let exported = start.elapsed() - built - written;
    let saving = std::time::Instant::now();
    if let Some(path) = state.filter(|_| !same && errors.is_empty()) {
        // Only a cache: a state not written leaves the last one, still right for its records,
        // or none, and the next build tokenises more.
        let _ = super::state::save(&path, context, dir, &si);
    }
    let times = [("search: tokens", built), ("search: export", exported), ("search: write", written)];
    (errors, [times.as_slice(), &[("search: state", saving.elapsed())]].concat())
}

/// The static index files: `emit(name, data)` for each, `name` inside the version folder and
/// `data` the JSON its script passes to `qdSearchLoad`, except the common terms' files that
/// `keep(names)` took from the last build.
pub fn export(
    dir: &Directory,
    si: &SearchIndex,
    keep: &dyn Fn(&[String]) -> bool,
    emit: &mut dyn FnMut(&str, &str),
) -> std::io::Result<()> {
    export_in_passes(dir, si, shards::PASS_POSTINGS, keep, emit)
}

/// [`export`] with passes of at most `pass_postings` postings: the files are the same.
fn export_in_passes(
    dir: &Directory,
    si: &SearchIndex,
    pass_postings: usize,
    keep: &dyn Fn(&[String]) -> bool,
    emit: &mut dyn FnMut(&str, &str),
) -> std::io::Result<()> {
    let n = si.terms.len();
    // Postings per term (a record's field counts once).
    let mut count = vec![0u32; si.vocab.len()];
    for f in 0..COUNT {
        si.terms.each(f, |_, ids| ids.runs().for_each(|(id, _)| count[id as usize] += 1))?;
    }
    let (scorer, totals) = super::ranking::scorer(si);
    let avgdl = scorer.avgdl();
    let shards = shards::write(si, &scorer, &count, pass_postings, emit, keep)?;
    let named = |list: Vec<(&str, &str)>| {
        list.into_iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>()
    };
    let gaps = |keep: &dyn Fn(&Row) -> bool| {
        postings::gaps(&si.rows.iter().enumerate().filter(|(_, r)| keep(r)).map(|(d, _)| d as u32).collect::<Vec<_>>())
    };
    let meta = json!({
        "n": n,
        "k1": K1,
        "b": B,
        "fields": FIELDS.iter().zip(totals).zip(avgdl).map(|(((name, boost), tokens), avgdl)| json!({"name": name, "boost": boost, "tokens": tokens, "avgdl": avgdl})).collect::<Vec<_>>(),
        "shards": shards,
        "counties": dir.counties.iter().map(|c| json!({"id": c.id, "name": c.name, "centre": c.centre.map(|l| [l.lat, l.lng])})).collect::<Vec<_>>(),
        "forms": county_forms(dir),
        "categories": named(dir.categories.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect()),
        "themes": named(dir.themes.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect()),
        "audiences": named(AUDIENCES.to_vec()),
        "schedules": si.schedules,
        // Closed places rank after open ones, and namesakes first when browsing, with or
        // without the facet columns.
        "closed": gaps(&|r| r.flags & 4 == 0),
        "first": gaps(&|r| r.namesake),
        "words": super::needs::table(),
    });
    emit("meta", &meta.to_string());
    // One file per column of the facets, so that a query loads only the columns its filters
    // read: `周末 免费` needs the flags and schedules, 9 KiB at 10,000 records of the 55 all take.
    let columns: [&dyn Fn(&Row) -> i64; 7] = [
        &|r| r.county as i64,
        &|r| r.category as i64,
        &|r| r.themes.into(),
        &|r| r.audiences.into(),
        &|r| r.flags.into(),
        &|r| r.schedule,
        &|r| r.group_max.into(),
    ];
    for (j, column) in columns.iter().enumerate() {
        emit(&format!("d/{j}"), &json!(si.rows.iter().map(column).collect::<Vec<_>>()).to_string());
    }
    // The fallback's traditional → simplified pairs, loaded only when nothing has every term.
    let (k, v): (String, String) = si.variants.iter().copied().unzip();
    emit("v", &json!({ "k": k, "s": v }).to_string());
    let points: Vec<_> = si.rows.iter().map(|r| r.lat.zip(r.lng).map_or(json!(0), |(a, b)| json!([a, b]))).collect();
    emit("geo", &json!({ "points": points }).to_string());
    for (i, r) in dir.records.iter().enumerate() {
        emit(&format!("c/{i}"), &contacts::row(&contacts::contact(dir, r, si.rows[i].schedule)).to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_the_same_in_one_pass_or_many() {
        let (dir, _, _) = crate::content::load("content".as_ref(), None, jiff::civil::date(2026, 11, 29), None);
        let dir = dir.as_ref().expect("the sample is valid");
        let si = super::super::index::build(dir);
        let files = |pass_postings: usize| {
            let mut files = std::collections::BTreeMap::new();
            export_in_passes(dir, &si, pass_postings, &|_| false, &mut |name, data| {
                files.insert(name.to_string(), data.to_string());
            })
            .unwrap();
            files
        };
        let whole = files(shards::PASS_POSTINGS);
        // The sample's postings are a few thousand: passes of 500 are several.
        let mut count = 0;
        si.terms.each(3, |_, ids| count += ids.runs().count()).unwrap();
        assert!(count > 2_000, "{count}");
        assert!(whole.keys().filter(|k| k.starts_with("t/")).count() > 1);
        assert!(files(500) == whole, "a different index in passes of 500 postings");
    }
}
