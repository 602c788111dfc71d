//! How results are ordered, in one place: BM25 over five fields with a boost each. tantivy's
//! BM25 (the command line) uses K1 1.2 and b 0.75 inside; the static files carry these values
//! and the field boosts in `meta` to search.js, and the parity tests fail if the two orders
//! differ.

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
