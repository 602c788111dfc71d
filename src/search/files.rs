//! The static search files under `search/<version>/` (format in docs/search.md): term shards,
//! common terms' postings in blocks by score ([`super::postings`]), statistics, facets and the
//! display data of each record, made from the search documents of [`super::index`].

use super::analyze::county_forms;
use super::contacts;
use super::index::SearchIndex;
use super::postings::{self, Blocks, Posting, Scorer};
use super::ranking::{B, FIELDS, K1};
use crate::diag::Diagnostic;
use crate::hash::{fnv32, Key};
use crate::model::{Directory, AUDIENCES};
use crate::write::Sink;
use rayon::prelude::*;
use serde_json::json;
use tantivy::fieldnorm::FieldNormReader;

/// Postings per term shard, roughly: a query fetches one shard per term.
const SHARD_POSTINGS: usize = 200;
/// A term with more postings than this gets a file of its own, so that it does not make the
/// shard of every rarer term that hashes beside it heavy.
const OWN_FILE: usize = 256;
/// Postings in memory at once while exporting (8 bytes each, 128 MiB): one pass of terms up to
/// 10,000 records, ten at 100,000 (256 MiB passes took 120 MiB more peak memory and saved no
/// measurable CPU time).
const PASS_POSTINGS: usize = 1 << 24;
/// Postings encoded side by side at most, about: see [`runs_of`].
const SLICE_POSTINGS: usize = 1 << 21;

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
const FORMAT: &str = concat!("qingdan-search-8/", env!("CARGO_PKG_VERSION"));

/// Builds, exports and writes the index under `folder`; returns write errors and stage times.
pub fn write(
    dir: &Directory,
    sink: &Sink,
    folder: &str,
) -> (Vec<Diagnostic>, Vec<(&'static str, std::time::Duration)>) {
    let start = std::time::Instant::now();
    let si = super::index::build(dir);
    let built = start.elapsed();
    let mut errors = Vec::new();
    let mut written = std::time::Duration::ZERO;
    // The folder is renamed with every data change, but most files in it stay the same: those
    // are linked from the last build's folder rather than written again.
    let before = sink.previous_folder("search/");
    // Each file is written as soon as it is made, so the index is never in memory twice.
    let result = export(dir, &si, &mut |name, data| {
        let t = std::time::Instant::now();
        let text = format!("qdSearchLoad({},{data});\n", serde_json::to_string(name).expect("string"));
        let was = before.as_ref().map(|b| format!("{b}{name}.js"));
        if let Err(e) = sink.write_or_link(&format!("{folder}{name}.js"), was.as_deref(), text.as_bytes()) {
            errors.push(Diagnostic::unwritable(std::path::Path::new(name), &e));
        }
        written += t.elapsed();
    });
    if let Err(e) = result {
        errors.push(Diagnostic::unwritable(std::path::Path::new(folder), &e));
    }
    let exported = start.elapsed() - built - written;
    (errors, vec![("search: tokens", built), ("search: export", exported), ("search: write", written)])
}

/// A term's postings as its shard holds them: inline, or the number of a common term's files,
/// with those files when this term is the first to have them.
enum Entry {
    Inline(String),
    Own(u32, Option<Blocks>),
}

/// Identifies a common term's postings: terms whose postings are equal share their files. Many
/// do: the pinyin spans of one county or category name (`keji`, `kj`, `kejiguan` …) occur in
/// the same records with the same counts, and were 3,576 of 6,092 common terms at 10,000
/// records. A 64-bit SipHash and the length: a false match among 10^5 terms has odds of 10^-10.
fn fingerprint(list: &[Posting]) -> (u64, usize) {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    list.iter().for_each(|p| h.write_u64(p.bits()));
    (h.finish(), list.len())
}

/// The static index files: `emit(name, data)` for each, `name` inside the version folder and
/// `data` the JSON its script passes to `qdSearchLoad`.
pub fn export(dir: &Directory, si: &SearchIndex, emit: &mut dyn FnMut(&str, &str)) -> std::io::Result<()> {
    export_in_passes(dir, si, PASS_POSTINGS, emit)
}

/// [`export`] with passes of at most `pass_postings` postings: the files are the same.
fn export_in_passes(
    dir: &Directory,
    si: &SearchIndex,
    pass_postings: usize,
    emit: &mut dyn FnMut(&str, &str),
) -> std::io::Result<()> {
    let n = si.terms.len();
    // Postings per term (a record's field counts once) and tokens per field.
    let mut count = vec![0u32; si.vocab.len()];
    let mut totals = [0u64; 4];
    for (f, total) in totals.iter_mut().enumerate() {
        si.terms.each(f, |i, ids| {
            *total += si.terms.tokens(i, f) as u64;
            ids.runs().for_each(|(id, _)| count[id as usize] += 1);
        })?;
    }
    let avgdl = totals.map(|tokens| tokens as f32 / n.max(1) as f32);
    let scorer = Scorer::new(n, avgdl, FIELDS.map(|f| f.1));
    let total_postings: usize = count.iter().map(|&c| c as usize).filter(|&c| c <= OWN_FILE).sum();
    let shards = total_postings.div_ceil(SHARD_POSTINGS).max(1);
    // Terms by shard, then by text: a shard is complete, written and freed as soon as the next
    // one begins (all shards at once took 300 MiB at 100,000 records).
    let mut order: Vec<(u32, u32)> = (0..si.vocab.len() as u32)
        .map(|id| ((fnv32(si.vocab[id as usize].as_bytes()) as usize % shards) as u32, id))
        .collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| si.vocab[a.1 as usize].cmp(&si.vocab[b.1 as usize])));
    let (shard_of, order): (Vec<u32>, Vec<u32>) = order.into_iter().unzip();
    let mut shard = String::new();
    let mut shard_no = 0;
    let mut done = 0;
    let mut own_files = 0u32;
    let mut seen: std::collections::HashMap<(u64, usize), u32> = std::collections::HashMap::new();
    // Terms are taken in order in passes of at most PASS_POSTINGS postings, each pass's
    // postings in one flat array. With more than one pass, the term ids are first split by
    // pass, so that each pass reads only its own.
    let passes: Vec<&[u32]> = runs_of(&order, &count, usize::MAX, pass_postings).collect();
    let split = match passes.len() {
        1 => None,
        n => {
            let mut part_of = vec![0u16; si.vocab.len()];
            for (p, pass) in passes.iter().enumerate() {
                let p = u16::try_from(p).map_err(|_| std::io::Error::other("more than 65,536 passes"))?;
                pass.iter().for_each(|&id| part_of[id as usize] = p);
            }
            Some(si.terms.split(&part_of, n)?)
        }
    };
    let mut place = vec![u32::MAX; si.vocab.len()];
    let mut flat: Vec<Posting> = Vec::new();
    for (p, &pass) in passes.iter().enumerate() {
        let mut at = 0u32;
        for &id in pass {
            place[id as usize] = at;
            at += count[id as usize];
        }
        // Made anew at its exact size, the last pass's freed first: resizing that one grew it
        // by doubling (512 MiB for a pass of 256).
        drop(std::mem::take(&mut flat));
        flat = vec![Posting::new(0, 0, 0, 0); at as usize];
        let mut next = place.clone();
        // Field then record order: the order a term's postings are encoded in.
        for f in 0..FIELDS.len() {
            let visit = |i: usize, ids: super::terms::Ids<'_>| {
                let norm = FieldNormReader::fieldnorm_to_id(si.terms.tokens(i, f) as u32);
                for (id, tf) in ids.runs() {
                    let slot = &mut next[id as usize];
                    if *slot != u32::MAX {
                        flat[*slot as usize] = Posting::new(f as u8, i as u32, tf, norm);
                        *slot += 1;
                    }
                }
            };
            match &split {
                Some(split) => split.each(p, f, visit)?,
                None => si.terms.each(f, visit)?,
            }
        }
        drop(next);
        let postings = |id: u32| &flat[place[id as usize] as usize..(place[id as usize] + count[id as usize]) as usize];
        // Encoded in parallel a slice of terms at a time, written in term order.
        for slice in runs_of(pass, &count, 4096, SLICE_POSTINGS) {
            let prints: Vec<Option<(u64, usize)>> = slice
                .par_iter()
                .map(|&id| Some(postings(id)).filter(|l| l.len() > OWN_FILE).map(fingerprint))
                .collect();
            // File numbers in term order; a term whose postings came before takes their number.
            let files: Vec<Option<(u32, bool)>> = prints
                .into_iter()
                .map(|print| {
                    Some(match seen.entry(print?) {
                        std::collections::hash_map::Entry::Occupied(e) => (*e.get(), false),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(own_files);
                            own_files += 1;
                            (own_files - 1, true)
                        }
                    })
                })
                .collect();
            let encoded: Vec<Entry> = slice
                .par_iter()
                .zip(files)
                .map(|(&id, file)| match file {
                    None => Entry::Inline(postings::encode(postings(id))),
                    Some((k, first)) => Entry::Own(k, first.then(|| postings::blocks(postings(id), &scorer))),
                })
                .collect();
            for (&id, entry) in slice.iter().zip(encoded) {
                let term = &si.vocab[id as usize];
                let no = shard_of[done] as usize;
                done += 1;
                // Shards before this term's are complete (empty ones too).
                while shard_no < no {
                    emit(&format!("t/{shard_no}"), &close(&mut shard));
                    shard_no += 1;
                }
                shard.push(if shard.is_empty() { '{' } else { ',' });
                shard.push_str(&serde_json::to_string(term).expect("string"));
                shard.push(':');
                match entry {
                    Entry::Inline(list) => {
                        shard.push('"');
                        shard.push_str(&list);
                        shard.push('"');
                    }
                    Entry::Own(k, blocks) => {
                        shard.push_str(&k.to_string());
                        if let Some(blocks) = blocks {
                            emit(&format!("p/{k}"), &blocks.head);
                            for (j, block) in blocks.rest.iter().enumerate() {
                                emit(&format!("p/{k}-{}", j + 1), block);
                            }
                        }
                    }
                }
            }
        }
        for &id in pass {
            place[id as usize] = u32::MAX;
        }
    }
    drop((flat, split));
    for no in shard_no..shards {
        emit(&format!("t/{no}"), &close(&mut shard));
    }
    let named = |list: Vec<(&str, &str)>| {
        list.into_iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>()
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
    });
    emit("meta", &meta.to_string());
    let rows: Vec<_> =
        si.rows.iter().map(|r| json!([r.county, r.category, r.themes, r.audiences, r.flags, r.schedule])).collect();
    emit("docs", &json!({ "rows": rows }).to_string());
    // Each county's records, so that a county filter alone needs no docs.js.
    let mut members = vec![Vec::new(); dir.counties.len()];
    for (doc, r) in si.rows.iter().enumerate() {
        members[r.county].push(doc as u32);
    }
    for (i, docs) in members.iter().enumerate() {
        emit(&format!("k/{i}"), &format!("\"{}\"", postings::gaps(docs)));
    }
    let points: Vec<_> = si.rows.iter().map(|r| r.lat.zip(r.lng).map_or(json!(0), |(a, b)| json!([a, b]))).collect();
    emit("geo", &json!({ "points": points }).to_string());
    for (i, r) in dir.records.iter().enumerate() {
        emit(&format!("c/{i}"), &contacts::row(&contacts::contact(dir, r, si.rows[i].schedule)).to_string());
    }
    Ok(())
}

/// A shard's JSON, leaving `shard` empty for the next one.
fn close(shard: &mut String) -> String {
    let text = std::mem::take(shard);
    if text.is_empty() {
        "{}".into()
    } else {
        text + "}"
    }
}

/// `terms` cut into runs of consecutive terms, each at most `max_terms` long and holding at
/// most `max_postings` postings (a single term may hold more): the passes of the export, and
/// within a pass the slices encoded side by side, whose files are all in memory until written
/// (at 100,000 records 4,096 common terms' blocks came to 320 MiB).
fn runs_of<'a>(
    terms: &'a [u32],
    count: &'a [u32],
    max_terms: usize,
    max_postings: usize,
) -> impl Iterator<Item = &'a [u32]> + 'a {
    let mut rest = terms;
    std::iter::from_fn(move || {
        let (mut n, mut postings) = (0, 0);
        while n < rest.len() && n < max_terms && (n == 0 || postings + count[rest[n] as usize] as usize <= max_postings)
        {
            postings += count[rest[n] as usize] as usize;
            n += 1;
        }
        let (slice, tail) = rest.split_at(n);
        rest = tail;
        (!slice.is_empty()).then_some(slice)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_the_same_in_one_pass_or_many() {
        let (dir, _, _) = crate::content::load("content".as_ref(), None, jiff::civil::date(2026, 11, 29));
        let dir = dir.as_ref().expect("the sample is valid");
        let si = super::super::index::build(dir);
        let files = |pass_postings: usize| {
            let mut files = std::collections::BTreeMap::new();
            export_in_passes(dir, &si, pass_postings, &mut |name, data| {
                files.insert(name.to_string(), data.to_string());
            })
            .unwrap();
            files
        };
        let whole = files(PASS_POSTINGS);
        // The sample's postings are a few thousand: passes of 500 are several.
        let mut count = 0;
        si.terms.each(3, |_, ids| count += ids.runs().count()).unwrap();
        assert!(count > 2_000, "{count}");
        assert!(whole.keys().filter(|k| k.starts_with("t/")).count() > 1);
        assert!(files(500) == whole, "a different index in passes of 500 postings");
    }
}
