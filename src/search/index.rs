//! Index: the search documents of a directory (each record's terms per field, its facets from
//! [`super::facets`]) and the tantivy index `qingdan search` answers from. The static files the browser client reads
//! are made from the same token lists ([`super::files`]), so the site build needs no
//! tantivy index of its own.

use super::analyze::{each_index_token, pinyin_tokens};
use super::ranking::{COUNT, FIELDS};
use super::state::Saved;
use super::terms::Terms;
use crate::model::schedule::Schedule;
use crate::model::{Directory, Record, AUDIENCES};
use rayon::prelude::*;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexWriter, TantivyDocument};

pub use super::facets::Row;

/// Everything search needs: the terms, each record's term ids per field, rows and distinct
/// schedules. Terms are stored once; records hold their ids (see [`crate::search::terms`]).
pub struct SearchIndex {
    pub vocab: Vec<String>,
    /// Per record, the term ids of its tokens in each field.
    pub terms: Terms,
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

/// Builds the search documents of a directory.
pub fn build(dir: &Directory) -> SearchIndex {
    build_from(dir, None).0
}

/// Builds the search documents of a directory, taking the term ids of records whose file is
/// unchanged from `saved` (the last build's, [`super::state`]); true when they are all the saved
/// ones, as they were. A saved file that cannot be read to the end is left aside.
pub fn build_from(dir: &Directory, saved: Option<Saved>) -> (SearchIndex, bool) {
    let fresh = || documents(dir, None).expect("no file is read");
    match saved.map(|saved| documents(dir, Some(saved))) {
        Some(Ok(built)) => built,
        None | Some(Err(_)) => fresh(),
    }
}

/// The documents, and whether every record's ids were `saved`'s and no saved record is left.
fn documents(dir: &Directory, mut saved: Option<Saved>) -> std::io::Result<(SearchIndex, bool)> {
    let (rows, schedules) = super::facets::rows(dir);
    let mut reader = saved.as_ref().map(Saved::reader).transpose()?;
    let mut taken = 0;
    let mut vocab: Vec<String> = saved.as_mut().map(|s| std::mem::take(&mut s.vocab)).unwrap_or_default();
    // Term → id, holding only the id: each term's text is stored once, in `vocab`. Filled
    // with the saved terms only when a record is tokenised.
    let mut ids: hashbrown::HashTable<u32> = hashbrown::HashTable::new();
    let hash = |term: &str| std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, term);
    let mut terms = Terms::default();
    let names = NamePinyin::new(dir);
    let mut buf: [Vec<u8>; COUNT] = Default::default();
    // Tokenised in parallel a block at a time, so the text of only one block is alive. Each part
    // of a block first numbers its own distinct terms, in parallel; only those are looked up in
    // the vocabulary, in order (one lookup per token, in one thread, was 0.8 s at 10,000
    // records). Terms get ids in order of first use, as if numbered one token at a time, so the
    // ids do not depend on the number of threads or the size of the parts.
    for block in dir.records.chunks(1024) {
        let kept: Vec<_> = block.iter().map(|r| saved.as_ref().and_then(|s| s.get(&r.source, r.digest))).collect();
        let fresh: Vec<&Record> = block.iter().zip(&kept).filter(|(_, k)| k.is_none()).map(|(r, _)| r).collect();
        if !fresh.is_empty() && ids.len() < vocab.len() {
            for (id, term) in vocab.iter().enumerate().skip(ids.len()) {
                ids.insert_unique(hash(term), id as u32, |&id| hash(&vocab[id as usize]));
            }
        }
        let texts: Vec<Tokens> = fresh.par_iter().map(|r| tokens(dir, &names, r)).collect();
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
        let mut lists = lists.into_iter().flatten();
        for entry in kept {
            match (entry, &mut reader) {
                (Some(e), Some(reader)) => {
                    reader.read(e, &mut buf)?;
                    terms.push_encoded(e.lens, &buf);
                    taken += 1;
                }
                _ => terms.push(lists.next().expect("a list per fresh record")),
            }
        }
    }
    terms.finish();
    let saved = saved.map_or(0, |s| s.len());
    // A saved record changed or gone may have held the only use of some terms: those go, as a
    // build from nothing would not have them.
    if saved > taken {
        (vocab, terms) = in_use(vocab, terms)?;
    }
    let single: std::collections::HashSet<char> =
        vocab.iter().filter_map(|t| Some(t.chars().next()?).filter(|_| t.chars().nth(1).is_none())).collect();
    let variants = super::analyze::variants().iter().filter(|(_, to)| single.contains(to)).copied().collect();
    let same = saved == taken && taken == dir.records.len();
    Ok((SearchIndex { vocab, terms, rows, schedules, variants }, same))
}

/// The terms some record uses, and the records' ids renumbered to them.
fn in_use(vocab: Vec<String>, terms: Terms) -> std::io::Result<(Vec<String>, Terms)> {
    let mut used = vec![false; vocab.len()];
    for f in 0..COUNT {
        terms.each(f, |_, ids| ids.ids().for_each(|id| used[id as usize] = true))?;
    }
    if used.iter().all(|&u| u) {
        return Ok((vocab, terms));
    }
    let mut next = 0;
    let map: Vec<u32> = used
        .iter()
        .map(|&u| {
            next += u32::from(u);
            if u {
                next - 1
            } else {
                u32::MAX
            }
        })
        .collect();
    let terms = terms.remap(&map)?;
    let vocab = vocab.into_iter().zip(used).filter(|(_, u)| *u).map(|(t, _)| t).collect();
    Ok((vocab, terms))
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
