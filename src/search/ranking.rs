//! How results are ordered, in one place: BM25 over five fields with a boost each. tantivy's
//! BM25 (the command line) uses K1 1.2 and b 0.75 inside; the static files carry these values
//! and the field boosts in `meta` to search.js, and the parity tests fail if the two orders
//! differ. [`Scorer`] is that BM25 as the static files are made with it.

use super::index::SearchIndex;
use super::postings::Posting;
use crate::hash::Key;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// The number of fields.
pub const COUNT: usize = 5;

/// The boost of a name, in Chinese or in Mongolian.
const NAME: f32 = 3.0;

/// Field names and boosts, in field-number order: a name matters most, then its pinyin, then
/// the county, category, theme and grade words, then the text; last the Mongolian name, a name
/// match too. It is a field of its own because its words' prefixes are many tokens: in `name`
/// they would lengthen the Chinese name, and BM25 would rank the record lower in Chinese searches.
pub const FIELDS: [(&str, f32); COUNT] = [("name", NAME), ("py", 2.0), ("tags", 1.5), ("body", 1.0), ("name_mn", NAME)];

/// BM25's term-frequency saturation, as tantivy's.
pub const K1: f32 = 1.2;

/// BM25's length normalisation, as tantivy's.
pub const B: f32 = 0.75;

/// BM25 in 32-bit floats, operation for operation as the browser client computes it.
pub struct Scorer {
    n: u32,
    avgdl: [f32; COUNT],
    boost: [f32; COUNT],
}

impl Scorer {
    pub fn new(n: usize, avgdl: [f32; COUNT], boost: [f32; COUNT]) -> Scorer {
        Scorer { n: n as u32, avgdl, boost }
    }

    /// Records.
    pub fn n(&self) -> usize {
        self.n as usize
    }

    /// Each field's average length in tokens.
    pub fn avgdl(&self) -> [f32; COUNT] {
        self.avgdl
    }

    /// Everything a score depends on besides the term's postings.
    pub fn key(&self) -> u64 {
        let floats = self.avgdl.iter().chain(&self.boost).chain(&[K1, B]);
        floats.fold(Key::new().raw(&self.n.to_le_bytes()), |k, x| k.raw(&x.to_bits().to_le_bytes())).finish()
    }

    /// boost × idf × (1 + k1) for a term in `df` records' field `field`.
    pub(super) fn weight(&self, field: usize, df: u32) -> f32 {
        let ratio = ((self.n - df) as f32 + 0.5) / (df as f32 + 0.5);
        let idf = f64::from(1.0f32 + ratio).ln() as f32;
        idf * (1.0 + K1) * self.boost[field]
    }

    pub(super) fn part(&self, weight: f32, p: &Posting) -> f32 {
        let dl = FieldNormReader::id_to_fieldnorm(p.norm()) as f32;
        let norm = K1 * ((1.0 - B) + B * dl / self.avgdl[p.field() as usize]);
        let tf = p.tf() as f32;
        weight * (tf / (tf + norm))
    }
}

/// The scorer of a directory's search documents, and each field's tokens over all records as
/// both engines count them ([`coarse`]).
pub fn scorer(si: &SearchIndex) -> (Scorer, [u64; COUNT]) {
    let n = si.terms.len();
    let totals: [u64; COUNT] = std::array::from_fn(|f| coarse((0..n).map(|i| si.terms.tokens(i, f) as u64).sum()));
    let avgdl = totals.map(|tokens| tokens as f32 / n.max(1) as f32);
    (Scorer::new(n, avgdl, FIELDS.map(|f| f.1)), totals)
}

/// `count` rounded to its 7 highest bits (within 0.4%): the token totals BM25 takes its average
/// lengths from, and the number of term shards. An edit of a few words then seldom changes
/// them, and with them the scores and files of every term it does not touch.
pub fn coarse(count: u64) -> u64 {
    let shift = (u64::BITS - count.leading_zeros()).saturating_sub(7);
    let half = (1u64 << shift) >> 1;
    ((count + half) >> shift) << shift
}

/// tantivy's statistics with each field's token total made [`coarse`], as the static files'
/// scorer takes it, for the command line's BM25.
pub struct Statistics<'a>(pub &'a Searcher);

impl Bm25StatisticsProvider for Statistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.0.total_num_tokens(field).map(coarse)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.0)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::doc_freq(self.0, term)
    }
}

/// The order key of a score, as both engines sort: `round(score × 10000)`.
pub(super) fn key(score: f32) -> i64 {
    (f64::from(score) * 1e4).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarse_counts_keep_seven_bits_and_round_to_the_nearest() {
        assert_eq!([0, 1, 127, 128, 129, 255, 256, 257].map(coarse), [0, 1, 127, 128, 130, 256, 256, 256]);
        for count in [1_000u64, 54_321, 7_000_000, 123_456_789] {
            let c = coarse(count);
            assert!(c.abs_diff(count) * 256 <= count, "{count} → {c}");
        }
        // A few tokens more or less in ten million leave the total as it was.
        assert_eq!(coarse(10_000_000), coarse(10_000_040));
        assert_eq!(coarse(10_000_000), coarse(9_999_960));
    }
}
