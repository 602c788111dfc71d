//! The static search files under `search/<version>/` (format in docs/search.md): term shards,
//! common terms' postings in blocks by score ([`crate::postings`]), statistics, facets and the
//! display data of each record, made from the search documents of [`crate::index`].

use crate::analyze::fnv1a;
use crate::directory::{Directory, Record, Status, AUDIENCES};
use crate::index::{SearchIndex, FIELDS};
use crate::postings::{self, Blocks, Posting, Scorer};
use rayon::prelude::*;
use serde_json::json;
use tantivy::fieldnorm::FieldNormReader;

/// Postings per term shard, roughly: a query fetches one shard per term.
const SHARD_POSTINGS: usize = 200;
/// A term with more postings than this gets a file of its own, so that it does not make the
/// shard of every rarer term that hashes beside it heavy.
const OWN_FILE: usize = 256;

/// The name of the index folder: a hash of every input file and of the index format, so a
/// browser or service worker never mixes files of two builds, and unchanged data keeps its name.
pub fn version(sources: &crate::load::Sources) -> String {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(FORMAT.as_bytes());
    // Paths inside the content folder, so the name does not depend on where the folder is.
    for source in sources.all() {
        eat(source.rel.as_bytes());
        eat(source.text.as_bytes());
    }
    format!("{:08x}", h >> 32)
}

/// Changes whenever the index files change shape or content for the same input.
const FORMAT: &str = concat!("qingdan-search-3/", env!("CARGO_PKG_VERSION"));

/// Builds, exports and writes the index under `folder`; returns write errors and stage times.
pub fn write(
    dir: &Directory,
    sink: &crate::output::Sink,
    folder: &str,
) -> (Vec<crate::diag::Diagnostic>, crate::Timings) {
    let start = std::time::Instant::now();
    let si = crate::index::build(dir);
    let built = start.elapsed();
    let mut errors = Vec::new();
    let mut written = std::time::Duration::ZERO;
    // The folder is renamed with every data change, but most files in it stay the same: those
    // are linked from the last build's folder rather than written again.
    let before = sink.previous_folder("search/");
    // Each file is written as soon as it is made, so the index is never in memory twice.
    export(dir, &si, &mut |name, data| {
        let t = std::time::Instant::now();
        let text = format!("qdSearchLoad({},{data});\n", serde_json::to_string(name).expect("string"));
        let was = before.as_ref().map(|b| format!("{b}{name}.js"));
        if let Err(e) = sink.write_or_link(&format!("{folder}{name}.js"), was.as_deref(), text.as_bytes()) {
            errors.push(crate::diag::Diagnostic::error("Q0502", std::path::Path::new(name), format!("无法写入：{e}")));
        }
        written += t.elapsed();
    });
    let exported = start.elapsed() - built - written;
    (errors, vec![("search: tokens", built), ("search: export", exported), ("search: write", written)])
}

/// A term's postings as its shard holds them: inline, or files of its own (a common term).
enum Entry {
    Inline(String),
    Own(Blocks),
}

/// The static index files: `emit(name, data)` for each, `name` inside the version folder and
/// `data` the JSON its script passes to `qdSearchLoad`.
pub fn export(dir: &Directory, si: &SearchIndex, emit: &mut dyn FnMut(&str, &str)) {
    let n = si.docs.len();
    // term id → postings (field, doc, tf, fieldnorm id), in field then doc order, in one flat
    // array: counted first, so nothing is over-allocated (at 100,000 records they are ~150 M).
    let mut start = vec![0usize; si.vocab.len() + 1];
    for fields in &si.docs {
        for list in fields {
            list.chunk_by(|a, b| a == b).for_each(|g| start[g[0] as usize + 1] += 1);
        }
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut flat = vec![Posting::new(0, 0, 0, 0); start[si.vocab.len()]];
    let mut next = start.clone();
    let mut totals = [0u64; 4];
    for f in 0..FIELDS.len() {
        for (doc, fields) in si.docs.iter().enumerate() {
            totals[f] += fields[f].len() as u64;
            let norm = FieldNormReader::fieldnorm_to_id(fields[f].len() as u32);
            for run in fields[f].chunk_by(|a, b| a == b) {
                let term = run[0] as usize;
                flat[next[term]] = Posting::new(f as u8, doc as u32, run.len() as u32, norm);
                next[term] += 1;
            }
        }
    }
    drop(next);
    let avgdl = totals.map(|tokens| tokens as f32 / n.max(1) as f32);
    let scorer = Scorer::new(n, avgdl, FIELDS.map(|f| f.1));
    let postings = |id: usize| &flat[start[id]..start[id + 1]];
    let mut order: Vec<u32> = (0..si.vocab.len() as u32).collect();
    order.sort_unstable_by(|a, b| si.vocab[*a as usize].cmp(&si.vocab[*b as usize]));
    let total_postings: usize = (0..si.vocab.len()).map(|id| postings(id).len()).filter(|n| *n <= OWN_FILE).sum();
    let shards = total_postings.div_ceil(SHARD_POSTINGS).max(1);
    let mut shard_text: Vec<String> = vec![String::new(); shards];
    let mut own_files = 0;
    // Encoded in parallel a slice of terms at a time, written in term order.
    for slice in order.chunks(4096) {
        let encoded: Vec<Entry> = slice
            .par_iter()
            .map(|&id| {
                let list = postings(id as usize);
                if list.len() > OWN_FILE { Entry::Own(postings::blocks(list, &scorer)) } else { Entry::Inline(postings::encode(list)) }
            })
            .collect();
        for (&id, entry) in slice.iter().zip(encoded) {
            let term = &si.vocab[id as usize];
            let shard = &mut shard_text[fnv1a(term) as usize % shards];
            shard.push(if shard.is_empty() { '{' } else { ',' });
            shard.push_str(&serde_json::to_string(term).expect("string"));
            shard.push(':');
            match entry {
                Entry::Inline(list) => {
                    shard.push('"');
                    shard.push_str(&list);
                    shard.push('"');
                }
                Entry::Own(blocks) => {
                    shard.push_str(&own_files.to_string());
                    emit(&format!("p/{own_files}"), &blocks.head);
                    for (j, block) in blocks.rest.iter().enumerate() {
                        emit(&format!("p/{own_files}-{}", j + 1), block);
                    }
                    own_files += 1;
                }
            }
        }
    }
    drop(flat);
    for (i, text) in shard_text.into_iter().enumerate() {
        emit(&format!("t/{i}"), &if text.is_empty() { "{}".into() } else { text + "}" });
    }
    let named = |list: Vec<(&str, &str)>| list.into_iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>();
    let meta = json!({
        "n": n,
        "fields": FIELDS.iter().zip(totals).zip(avgdl).map(|(((name, boost), tokens), avgdl)| json!({"name": name, "boost": boost, "tokens": tokens, "avgdl": avgdl})).collect::<Vec<_>>(),
        "shards": shards,
        "counties": dir.counties.iter().map(|c| json!({"id": c.id, "name": c.name, "centre": c.centre.map(|l| [l.lat, l.lng])})).collect::<Vec<_>>(),
        "categories": named(dir.categories.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect()),
        "themes": named(dir.themes.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect()),
        "audiences": named(AUDIENCES.to_vec()),
        "schedules": si.schedules,
    });
    emit("meta", &meta.to_string());
    let rows: Vec<_> = si.rows.iter().map(|r| json!([r.county, r.category, r.themes, r.audiences, r.flags, r.schedule])).collect();
    emit("docs", &json!({ "rows": rows }).to_string());
    let points: Vec<_> = si.rows.iter().map(|r| r.lat.zip(r.lng).map_or(json!(0), |(a, b)| json!([a, b]))).collect();
    emit("geo", &json!({ "points": points }).to_string());
    for (i, r) in dir.records.iter().enumerate() {
        emit(&format!("c/{i}"), &contact(dir, r, si.rows[i].schedule).to_string());
    }
}

/// What a result shows: name, where, how to book (docs/search.md, `c/<chunk>.js`).
pub fn contact(dir: &Directory, r: &Record, schedule: i64) -> serde_json::Value {
    let v = crate::views::summary(dir, r);
    json!({
        "id": r.id,
        "name": r.name,
        "url": v.url,
        "county": v.county.name,
        "category": v.category.name,
        "phones": r.booking.phones,
        "hours": v.hours_text,
        "advance_days": r.booking.advance_days,
        "fee_text": v.fee_text,
        "booking_required": r.booking.required,
        "stale": r.stale,
        "status_text": if r.status == Status::Open { None } else { Some(r.status.words()) },
        "schedule": schedule,
    })
}
