//! How results are ordered, in one place: BM25 over four fields with a boost each. tantivy's
//! BM25 (the command line) uses K1 1.2 and b 0.75 inside; the static files carry these values
//! and the field boosts in `meta` to search.js, and the parity tests fail if the two orders
//! differ.

/// The number of fields.
pub const COUNT: usize = 4;

/// Field names and boosts, in field-number order: a name matters most, then its pinyin, then
/// the county, category, theme and grade words, then the text.
pub const FIELDS: [(&str, f32); COUNT] = [("name", 3.0), ("py", 2.0), ("tags", 1.5), ("body", 1.0)];

/// BM25's term-frequency saturation, as tantivy's.
pub const K1: f32 = 1.2;

/// BM25's length normalisation, as tantivy's.
pub const B: f32 = 0.75;
