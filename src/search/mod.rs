//! Search: the same search in the browser (static files, search.js) and on the command line
//! (tantivy), from one set of search documents. [`analyze`] turns text into terms ([`mongol`]:
//! Mongolian words), [`index`] makes each record's documents, [`files`] writes the static index
//! with [`terms`] and [`postings`], [`query`] answers with tantivy, and [`ranking`] holds how
//! both engines score (BM25's constants, and the scorer the static files are made with).
//! docs/search.md is the contract between them.

pub mod analyze;
pub mod contacts;
pub mod facets;
pub mod files;
pub mod index;
pub mod mongol;
pub mod needs;
pub mod postings;
pub mod query;
pub mod ranking;
pub mod shards;
pub mod state;
pub mod terms;

use crate::model::{urls, Directory};
use jiff::civil::DateTime;

pub use files::write;
pub use query::{Hit, Outcome, Query};

/// The search index folder of this build (`search/<version>/`), named by its inputs.
pub fn folder(dir: &Directory) -> String {
    urls::search_index(&files::version(dir))
}

/// A directory's search documents and the tantivy index over them: what `qingdan search` asks.
pub struct Engine {
    documents: index::SearchIndex,
    tantivy: tantivy::Index,
}

impl Engine {
    pub fn new(dir: &Directory) -> tantivy::Result<Engine> {
        let documents = index::build(dir);
        let tantivy = index::tantivy(&documents)?;
        Ok(Engine { documents, tantivy })
    }

    /// Answers `query` at the moment `now` (for the `open` filter), as the browser does.
    pub fn run(&self, dir: &Directory, query: &Query, now: DateTime) -> Result<Outcome, String> {
        query::run(dir, &self.documents, &self.tantivy, query, now)
    }

    /// What a result shows of record number `doc`, with today's hours at `now`.
    pub fn contact(&self, dir: &Directory, doc: usize, now: DateTime) -> serde_json::Value {
        let mut c = contacts::contact(dir, &dir.records[doc], self.documents.rows[doc].schedule);
        c["today"] = serde_json::json!(query::today_hours(&self.documents, doc, now));
        c
    }

    /// Today's opening hours of record number `doc` in words, when its hours are a schedule.
    pub fn today_hours(&self, doc: usize, now: DateTime) -> Option<String> {
        query::today_hours(&self.documents, doc, now)
    }
}
