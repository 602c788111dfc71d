//! Index: the search documents of a directory (each record's terms per field, its facets) and
//! the tantivy index `qingdan search` answers from. The static files the browser client reads
//! are made from the same token lists ([`super::files`]), so the site build needs no
//! tantivy index of its own.

use super::analyze::{county_forms, each_index_token, normalize, pinyin_tokens};
use super::ranking::{COUNT, FIELDS};
use crate::model::schedule::Schedule;
use crate::model::{Directory, Record, Status, AUDIENCES};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// The searchable facts of one record (its values in the facet columns `d/<j>.js`).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub county: usize,
    pub category: usize,
    pub themes: u32,
    pub audiences: u32,
    /// Bit 0 free, bit 1 no booking needed, bit 2 open (not closed), bit 3 green channel.
    pub flags: u8,
    /// Index into the schedules list, or -1.
    pub schedule: i64,
    /// The largest school group, 0 when not known.
    pub group_max: u32,
    /// Its name holds its county's name (乌兰浩特市图书馆, 阿尔山国家森林公园): listed first when
    /// browsing by filters alone, before the rest of the county.
    pub namesake: bool,
    pub lat: Option<i64>,
    pub lng: Option<i64>,
}

/// Everything search needs: the terms, each record's term ids per field, rows and distinct
/// schedules. Terms are stored once; records hold their ids (see [`crate::search::terms`]).
pub struct SearchIndex {
    pub vocab: Vec<String>,
    /// Per record, the term ids of its tokens in each field.
    pub terms: crate::search::terms::Terms,
    pub rows: Vec<Row>,
    pub schedules: Vec<Schedule>,
    /// The (traditional, simplified) pairs of [`super::analyze::variants`] whose simplified
    /// character is a term: what the fallback maps a query's characters with, in both engines.
    pub variants: Vec<(char, char)>,
}

/// A record's tokens, one list per field, as spans of one buffer (no string per token).
struct Tokens {
    text: String,
    fields: [Vec<(u32, u32)>; COUNT],
}

/// Records numbered together when the vocabulary is built (see [`build`]).
const PART: usize = 128;

/// Some records' terms, numbered by their own distinct terms in order of first use.
struct Part<'t> {
    distinct: Vec<&'t str>,
    records: Vec<[Vec<u32>; COUNT]>,
}

impl<'t> Part<'t> {
    fn new(texts: &'t [Tokens]) -> Part<'t> {
        let mut local: std::collections::HashMap<&str, u32, rustc_hash::FxBuildHasher> = Default::default();
        let mut distinct = Vec::new();
        let records = texts
            .iter()
            .map(|t| {
                t.fields.each_ref().map(|list| {
                    let number = |&(a, b): &(u32, u32)| {
                        let term = &t.text[a as usize..b as usize];
                        *local.entry(term).or_insert_with(|| {
                            distinct.push(term);
                            distinct.len() as u32 - 1
                        })
                    };
                    list.iter().map(number).collect()
                })
            })
            .collect();
        Part { distinct, records }
    }

    /// Each record's term ids per field, sorted (the export reads a term's frequency as the
    /// length of its run), given the vocabulary id of each distinct term.
    fn numbered(self, global: &[u32]) -> Vec<[Vec<u32>; COUNT]> {
        let mut records = self.records;
        for fields in &mut records {
            for list in fields.iter_mut() {
                list.iter_mut().for_each(|n| *n = global[*n as usize]);
                list.sort_unstable();
            }
        }
        records
    }
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

/// The record's tokens: name, pinyin, tags, body, Mongolian name.
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
    for t in [county.as_str(), &category.name, &category.group]
        .into_iter()
        .chain(themes)
        .chain(audiences)
        .chain(designations)
    {
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
    each_index_token(&crate::model::markdown::to_text(&r.description), |t| out.push(3, t));
    each_index_token(r.name_mn.as_deref().unwrap_or(""), |t| out.push(4, t));
    out
}

fn row(r: &Record, schedule: i64, forms: &[(String, usize)]) -> Row {
    let mask = |ids: &[usize]| ids.iter().fold(0u32, |m, i| m | 1 << i);
    let audiences: Vec<usize> = AUDIENCES
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| r.audiences.iter().any(|a| a == id))
        .map(|(i, _)| i)
        .collect();
    let flags = u8::from(r.booking.fee.as_deref() == Some("free"))
        | u8::from(r.booking.required == Some(false)) << 1
        | u8::from(r.status == Status::Open) << 2
        | u8::from(r.booking.green_channel.is_some()) << 3;
    Row {
        county: r.county,
        category: r.category,
        themes: mask(&r.themes),
        audiences: mask(&audiences),
        flags,
        schedule,
        group_max: r.booking.group_max.unwrap_or(0),
        namesake: {
            let name = normalize(&r.name);
            forms.iter().any(|(f, c)| *c == r.county && name.contains(f.as_str()))
        },
        lat: r.location.map(|l| (l.lat * 10_000.0).round() as i64),
        lng: r.location.map(|l| (l.lng * 10_000.0).round() as i64),
    }
}

/// Builds the search documents of a directory.
pub fn build(dir: &Directory) -> SearchIndex {
    let mut schedules: Vec<Schedule> = Vec::new();
    let mut rows = Vec::with_capacity(dir.records.len());
    let forms = county_forms(dir);
    for r in &dir.records {
        let schedule = r.hours.as_ref().and_then(|h| h.schedule.clone());
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
        rows.push(row(r, ix, &forms));
    }
    let mut vocab: Vec<String> = Vec::new();
    // Term → id, holding only the id: each term's text is stored once, in `vocab`.
    let mut ids: hashbrown::HashTable<u32> = hashbrown::HashTable::new();
    let hash = |term: &str| std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, term);
    let mut terms = crate::search::terms::Terms::default();
    let names = NamePinyin::new(dir);
    // Tokenised in parallel a block at a time, so the text of only one block is alive. Each part
    // of a block first numbers its own distinct terms, in parallel; only those are looked up in
    // the vocabulary, in order (one lookup per token, in one thread, was 0.8 s at 10,000
    // records). Terms get ids in order of first use, as if numbered one token at a time, so the
    // ids do not depend on the number of threads or the size of the parts.
    for block in dir.records.chunks(1024) {
        let texts: Vec<Tokens> = block.par_iter().map(|r| tokens(dir, &names, r)).collect();
        let parts: Vec<Part<'_>> = texts.par_chunks(PART).map(Part::new).collect();
        let global: Vec<Vec<u32>> = parts
            .iter()
            .map(|part| {
                part.distinct
                    .iter()
                    .map(|term| {
                        let h = hash(term);
                        match ids.find(h, |&id| vocab[id as usize] == *term) {
                            Some(id) => *id,
                            None => {
                                vocab.push(term.to_string());
                                let id = vocab.len() as u32 - 1;
                                ids.insert_unique(h, id, |&id| hash(&vocab[id as usize]));
                                id
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        let lists: Vec<Vec<[Vec<u32>; COUNT]>> =
            parts.into_par_iter().zip(&global).map(|(part, global)| part.numbered(global)).collect();
        lists.into_iter().flatten().for_each(|fields| terms.push(fields));
    }
    terms.finish();
    let variants = super::analyze::variants()
        .iter()
        .filter(|(_, to)| {
            ids.find(hash(to.encode_utf8(&mut [0; 4])), |&id| vocab[id as usize].chars().eq([*to])).is_some()
        })
        .copied()
        .collect();
    SearchIndex { vocab, terms, rows, schedules, variants }
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
    let mut added = Ok(());
    si.terms
        .records(|n, ids| {
            if added.is_err() {
                return;
            }
            let mut doc = TantivyDocument::default();
            doc.add_u64(doc_field, n as u64);
            for (field, ids) in fields.iter().zip(ids) {
                let tokens = ids
                    .ids()
                    .enumerate()
                    .map(|(i, t)| Token {
                        offset_from: 0,
                        offset_to: 0,
                        position: i,
                        text: si.vocab[t as usize].clone(),
                        position_length: 1,
                    })
                    .collect();
                doc.add_pre_tokenized_text(*field, PreTokenizedString { text: String::new(), tokens });
            }
            added = writer.add_document(doc).map(drop);
        })
        .map_err(tantivy::TantivyError::from)?;
    added?;
    writer.commit()?;
    Ok(index)
}
