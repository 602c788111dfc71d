//! How results are ordered, in one place: BM25 over five fields with a boost each. tantivy's
//! BM25 (the command line) uses K1 1.2 and b 0.75 inside; the static files carry these values
//! and the field boosts in `meta` to search.js, and the parity tests fail if the two orders
//! differ. [`Scorer`] is that BM25 as the static files are made with it.

use super::index::SearchIndex;
use super::postings::Posting;
use tantivy::fieldnorm::FieldNormReader;

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

/// The scorer of a directory's search documents, and each field's tokens over all records.
pub fn scorer(si: &SearchIndex) -> (Scorer, [u64; COUNT]) {
    let n = si.terms.len();
    let totals: [u64; COUNT] = std::array::from_fn(|f| (0..n).map(|i| si.terms.tokens(i, f) as u64).sum());
    let avgdl = totals.map(|tokens| tokens as f32 / n.max(1) as f32);
    (Scorer::new(n, avgdl, FIELDS.map(|f| f.1)), totals)
}

/// The order key of a score, as both engines sort: `round(score × 10000)`.
pub(super) fn key(score: f32) -> i64 {
    (f64::from(score) * 1e4).round() as i64
}
