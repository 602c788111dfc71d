//! Index: the search documents of a directory, the static files the browser client reads
//! (format in docs/search.md), and the tantivy index `qingdan search` answers from. Both engines
//! read the same token lists, so the site build needs no tantivy index of its own.

use crate::analyze::{each_index_token, fnv1a, pinyin_tokens};
use crate::directory::{Directory, Record, Status, AUDIENCES};
use crate::hours::{self, Schedule};
use crate::postings::{self, Blocks, Posting, Scorer};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Field names and boosts, in field-number order.
pub const FIELDS: [(&str, f32); 4] = [("name", 3.0), ("py", 2.0), ("tags", 1.5), ("body", 1.0)];

/// Postings per term shard, roughly: a query fetches one shard per term.
const SHARD_POSTINGS: usize = 200;
/// A term with more postings than this gets a file of its own, so that it does not make the
/// shard of every rarer term that hashes beside it heavy.
const OWN_FILE: usize = 256;

/// The searchable facts of one record (a row of `docs.js`).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub county: usize,
    pub category: usize,
    pub themes: u32,
    pub audiences: u32,
    /// Bit 0 free, bit 1 no booking needed, bit 2 open.
    pub flags: u8,
    /// Index into the schedules list, or -1.
    pub schedule: i64,
    pub lat: Option<i64>,
    pub lng: Option<i64>,
}

/// Everything search needs: the terms, each record's term ids per field, rows and distinct
/// schedules. Terms are stored once; records hold 4-byte ids.
pub struct SearchIndex {
    pub vocab: Vec<String>,
    /// Per record, per field, the term ids of its tokens, sorted.
    pub docs: Vec<[Vec<u32>; 4]>,
    pub rows: Vec<Row>,
    pub schedules: Vec<Schedule>,
}

/// A record's tokens, one list per field, as spans of one buffer (no string per token).
struct Tokens {
    text: String,
    fields: [Vec<(u32, u32)>; 4],
}

impl Tokens {
    fn push(&mut self, field: usize, token: &str) {
        let start = self.text.len() as u32;
        self.text.push_str(token);
        self.fields[field].push((start, self.text.len() as u32));
    }
}

/// Pinyin tokens of the county, category and theme names, made once per build.
struct NamePinyin {
    counties: Vec<Vec<String>>,
    categories: Vec<Vec<String>>,
    themes: Vec<Vec<String>>,
}

impl NamePinyin {
    fn new(dir: &Directory) -> NamePinyin {
        let of = |name: &str| {
            let mut out = Vec::new();
            pinyin_tokens(name, &mut out);
            out
        };
        NamePinyin {
            counties: dir.counties.iter().map(|c| of(&c.name)).collect(),
            categories: dir.categories.iter().map(|c| of(&c.name)).collect(),
            themes: dir.themes.iter().map(|t| of(&t.name)).collect(),
        }
    }
}

/// The record's tokens: name, pinyin, tags, body.
fn tokens(dir: &Directory, names: &NamePinyin, r: &Record) -> Tokens {
    let mut out = Tokens { text: String::with_capacity(r.description.len() * 3), fields: Default::default() };
    let county = &dir.counties[r.county].name;
    let category = &dir.categories[r.category];
    let themes: Vec<&str> = r.themes.iter().map(|&t| dir.themes[t].name.as_str()).collect();
    let mut py = Vec::new();
    for n in std::iter::once(&r.name).chain(&r.aliases) {
        each_index_token(n, |t| out.push(0, t));
        pinyin_tokens(n, &mut py);
    }
    let named = names.counties[r.county].iter().chain(&names.categories[r.category]);
    for t in py.iter().chain(named).chain(r.themes.iter().flat_map(|&t| &names.themes[t])) {
        out.push(1, t);
    }
    let audiences = AUDIENCES.iter().filter(|(id, _)| r.audiences.iter().any(|a| a == id)).map(|a| a.1);
    let designations = r.designations.iter().map(|d| d.title.as_str());
    for t in [county.as_str(), &category.name, &category.group].into_iter().chain(themes).chain(audiences).chain(designations) {
        each_index_token(t, |t| out.push(2, t));
    }
    let b = &r.booking;
    let hours = r.hours.as_ref().map(|h| h.text.as_str());
    let texts = [&r.address, &r.transport, &r.hours_note, &b.contact, &b.fee_note, &b.green_channel];
    for t in texts.into_iter().flatten().map(String::as_str).chain(hours) {
        each_index_token(t, |t| out.push(3, t));
    }
    for p in &r.programs {
        each_index_token(&p.title, |t| out.push(3, t));
        each_index_token(p.description.as_deref().unwrap_or(""), |t| out.push(3, t));
    }
    each_index_token(&crate::markdown::to_text(&r.description), |t| out.push(3, t));
    out
}

fn row(r: &Record, schedule: i64) -> Row {
    let mask = |ids: &[usize]| ids.iter().fold(0u32, |m, i| m | 1 << i);
    let audiences: Vec<usize> =
        AUDIENCES.iter().enumerate().filter(|(_, (id, _))| r.audiences.iter().any(|a| a == id)).map(|(i, _)| i).collect();
    let flags = u8::from(r.booking.fee.as_deref() == Some("free"))
        | u8::from(r.booking.required == Some(false)) << 1
        | u8::from(r.status == Status::Open) << 2;
    Row {
        county: r.county,
        category: r.category,
        themes: mask(&r.themes),
        audiences: mask(&audiences),
        flags,
        schedule,
        lat: r.location.map(|l| (l.lat * 10_000.0).round() as i64),
        lng: r.location.map(|l| (l.lng * 10_000.0).round() as i64),
    }
}

/// Builds the search documents of a directory.
pub fn build(dir: &Directory) -> SearchIndex {
    let mut schedules: Vec<Schedule> = Vec::new();
    let mut rows = Vec::with_capacity(dir.records.len());
    for r in &dir.records {
        let schedule = r.hours.as_ref().and_then(|h| hours::schedule(&hours::parse(&h.raw).ok()?));
        let ix = match schedule {
            None => -1,
            Some(s) => match schedules.iter().position(|x| *x == s) {
                Some(i) => i as i64,
                None => {
                    schedules.push(s);
                    schedules.len() as i64 - 1
                }
            },
        };
        rows.push(row(r, ix));
    }
    let mut vocab: Vec<String> = Vec::new();
    // Term → id, holding only the id: each term's text is stored once, in `vocab`.
    let mut ids: hashbrown::HashTable<u32> = hashbrown::HashTable::new();
    let hash = |term: &str| std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, term);
    let mut docs: Vec<[Vec<u32>; 4]> = Vec::with_capacity(dir.records.len());
    let names = NamePinyin::new(dir);
    // Tokenised in parallel a block at a time, so the text of only one block is alive; terms
    // get ids in record order, so the ids do not depend on the number of threads.
    for block in dir.records.chunks(1024) {
        let texts: Vec<Tokens> = block.par_iter().map(|r| tokens(dir, &names, r)).collect();
        for t in texts {
            docs.push(t.fields.map(|list| {
                // `iter`, not `into_iter`: collecting in place would keep the spans' buffer,
                // twice the size the ids need plus its growth slack, for the whole build.
                let mut terms: Vec<u32> = list
                    .iter()
                    .map(|&(a, b)| {
                        let term = &t.text[a as usize..b as usize];
                        let h = hash(term);
                        match ids.find(h, |&id| vocab[id as usize] == term) {
                            Some(id) => *id,
                            None => {
                                vocab.push(term.to_string());
                                let id = vocab.len() as u32 - 1;
                                ids.insert_unique(h, id, |&id| hash(&vocab[id as usize]));
                                id
                            }
                        }
                    })
                    .collect();
                // Sorted: the export reads a term's frequency as the length of its run.
                terms.sort_unstable();
                terms
            }));
        }
    }
    SearchIndex { vocab, docs, rows, schedules }
}

/// The tantivy index (in memory) over the same token lists: the reference engine.
pub fn tantivy(si: &SearchIndex) -> tantivy::Result<Index> {
    let mut schema = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_index_option(IndexRecordOption::WithFreqs));
    let fields = FIELDS.map(|(name, _)| schema.add_text_field(name, text.clone()));
    let doc_field = schema.add_u64_field("doc", INDEXED | FAST);
    let index = Index::create_in_ram(schema.build());
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(1, 50_000_000)?;
    for (n, doc_tokens) in si.docs.iter().enumerate() {
        let mut doc = TantivyDocument::default();
        doc.add_u64(doc_field, n as u64);
        for (field, list) in fields.iter().zip(doc_tokens) {
            let tokens = list
                .iter()
                .enumerate()
                .map(|(i, t)| Token { offset_from: 0, offset_to: 0, position: i, text: si.vocab[*t as usize].clone(), position_length: 1 })
                .collect();
            doc.add_pre_tokenized_text(*field, PreTokenizedString { text: String::new(), tokens });
        }
        writer.add_document(doc)?;
    }
    writer.commit()?;
    Ok(index)
}

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
    let si = build(dir);
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
    let mut flat = vec![Posting { doc: 0, tf: 0, field: 0, norm: 0 }; start[si.vocab.len()]];
    let mut next = start.clone();
    let mut totals = [0u64; 4];
    for f in 0..FIELDS.len() {
        for (doc, fields) in si.docs.iter().enumerate() {
            totals[f] += fields[f].len() as u64;
            let norm = FieldNormReader::fieldnorm_to_id(fields[f].len() as u32);
            for run in fields[f].chunk_by(|a, b| a == b) {
                let term = run[0] as usize;
                flat[next[term]] = Posting { doc: doc as u32, tf: run.len() as u32, field: f as u8, norm };
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
        let encoded: Vec<Result<String, Blocks>> = slice
            .par_iter()
            .map(|&id| {
                let list = postings(id as usize);
                if list.len() > OWN_FILE { Err(postings::blocks(list, &scorer)) } else { Ok(postings::encode(list)) }
            })
            .collect();
        for (&id, entry) in slice.iter().zip(encoded) {
            let term = &si.vocab[id as usize];
            let shard = &mut shard_text[fnv1a(term) as usize % shards];
            shard.push(if shard.is_empty() { '{' } else { ',' });
            shard.push_str(&serde_json::to_string(term).expect("string"));
            shard.push(':');
            match entry {
                Ok(list) => {
                    shard.push('"');
                    shard.push_str(&list);
                    shard.push('"');
                }
                Err(blocks) => {
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
