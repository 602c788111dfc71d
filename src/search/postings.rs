//! Postings as the browser reads them (docs/search.md): numbers as text the gzip of a page
//! compresses well, and for common terms the records that hold them plus their field data in
//! blocks of falling score, so a query fetches only as deep as its top results need.

use super::ranking::{key, Scorer, COUNT};

/// One record of a term's postings, in one field, in 8 bytes (a build holds one per term, field
/// and record at once: 150 million at 100,000 records): the field in the top 3 bits of the
/// record number, the term frequency above the 8-bit field norm id.
#[derive(Clone, Copy)]
pub struct Posting {
    field_doc: u32,
    tf_norm: u32,
}

impl Posting {
    /// Records are numbered below 2^29, and a field holds a term fewer than 2^24 times (a field
    /// of 16 million tokens could not be a record).
    pub fn new(field: u8, doc: u32, tf: u32, norm: u8) -> Posting {
        debug_assert!(usize::from(field) < COUNT && doc <= DOC);
        Posting { field_doc: u32::from(field) << 29 | doc, tf_norm: tf.min((1 << 24) - 1) << 8 | u32::from(norm) }
    }

    pub fn field(&self) -> u8 {
        (self.field_doc >> 29) as u8
    }

    pub fn doc(&self) -> u32 {
        self.field_doc & DOC
    }

    pub fn tf(&self) -> u32 {
        self.tf_norm >> 8
    }

    pub fn norm(&self) -> u8 {
        self.tf_norm as u8
    }

    /// All of it in one number.
    pub fn bits(&self) -> u64 {
        u64::from(self.field_doc) << 32 | u64::from(self.tf_norm)
    }

    /// The same posting naming record `doc` instead.
    fn with_doc(self, doc: u32) -> Posting {
        Posting { field_doc: self.field_doc & !DOC | doc, ..self }
    }
}

/// The record number's bits of `Posting::field_doc`.
const DOC: u32 = (1 << 29) - 1;

/// Records in a common term's first block; each later block holds twice as many as the one
/// before, so a query needs few rounds however deep it goes.
pub const FIRST_BLOCK: usize = 64;

/// Where each block of a common term's `records` starts: 0, 64, 192, 448 …
pub fn block_starts(records: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut size = FIRST_BLOCK;
    while starts[starts.len() - 1] + size < records {
        starts.push(starts[starts.len() - 1] + size);
        size *= 2;
    }
    starts
}

/// Appends `n` in base 32, high digits first: `]`…`|` for every digit but the last, `#`…`B`
/// for the last. No digit needs escaping in a JSON string.
pub fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 7];
    let mut i = digits.len() - 1;
    digits[i] = b'#' + (n & 31) as u8;
    n >>= 5;
    while n > 0 {
        i -= 1;
        digits[i] = b']' + (n & 31) as u8;
        n >>= 5;
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

/// Record numbers in rising order as gaps, the first from −1, each written as gap − 1.
pub fn gaps(docs: &[u32]) -> String {
    let mut list = String::with_capacity(docs.len() * 2);
    let mut prev = -1i64;
    for &doc in docs {
        push_number(&mut list, (i64::from(doc) - prev - 1) as u32);
        prev = i64::from(doc);
    }
    list
}

/// Per field: field, count, then `count` document gaps (the first from 0), then `count` codes
/// `fieldnorm_id + 256 × (tf − 1)`. `list` is in field, then document order.
pub fn encode(list: &[Posting]) -> String {
    let mut out = String::with_capacity(list.len() * 3 + 4);
    for group in list.chunk_by(|a, b| a.field() == b.field()) {
        push_number(&mut out, u32::from(group[0].field()));
        push_number(&mut out, group.len() as u32);
        let mut prev = 0;
        for p in group {
            push_number(&mut out, p.doc() - prev);
            prev = p.doc();
        }
        for p in group {
            push_number(&mut out, u32::from(p.norm()) + 256 * (p.tf() - 1));
        }
    }
    out
}

/// A common term's files: `head` (JSON for `p/<k>`) and the later blocks (`p/<k>-<j>`, j ≥ 1,
/// each a JSON string).
pub struct Blocks {
    pub head: String,
    pub rest: Vec<String>,
}

/// A common term's records in falling score for this term alone, cut into blocks: what both
/// its files ([`blocks`]) and the fallback's scores ([`fallback_scores`]) are made from.
struct Ranked {
    /// Records per field.
    df: [u32; COUNT],
    /// (−order key, record, score), in the order results take.
    order: Vec<(i64, u32, f32)>,
    /// Where each block starts in `order`: 64, 128, 256 … records.
    starts: Vec<usize>,
    /// Each block's best score.
    best: Vec<f32>,
    /// The first block of the tail, or the number of blocks.
    tail: usize,
}

fn ranked(list: &[Posting], scorer: &Scorer) -> Ranked {
    let mut df = [0u32; COUNT];
    list.iter().for_each(|p| df[p.field() as usize] += 1);
    let weights: [f32; COUNT] = std::array::from_fn(|f| scorer.weight(f, df[f]));
    // Each record's score for this term: its fields' parts added in field order, as the client does.
    let mut parts: Vec<(u32, u8, f32)> =
        list.iter().map(|p| (p.doc(), p.field(), scorer.part(weights[p.field() as usize], p))).collect();
    // Stable: the parts are one run by record per field, which a merge sort only merges.
    parts.sort_by_key(|&(doc, field, _)| (doc, field));
    let mut docs: Vec<(u32, f32)> = Vec::with_capacity(parts.len());
    for &(doc, _, part) in &parts {
        match docs.last_mut() {
            Some((d, s)) if *d == doc => *s += part,
            _ => docs.push((doc, part)),
        }
    }
    drop(parts);
    // Falling score: the order the results themselves take, so a one-term query's top results
    // are the first block's.
    let mut order: Vec<(i64, u32, f32)> = docs.into_iter().map(|(doc, s)| (-key(s), doc, s)).collect();
    order.sort_unstable_by_key(|&(k, doc, _)| (k, doc));
    let starts = block_starts(order.len());
    let best: Vec<f32> = (0..starts.len())
        .map(|j| {
            order[starts[j]..starts.get(j + 1).copied().unwrap_or(order.len())].iter().map(|x| x.2).fold(0f32, f32::max)
        })
        .collect();
    // The tail: the later blocks from the first whose best score is under a quarter of the
    // term's best (records that hold the term only in long texts). Its records are one set in
    // the head, not listed block by block, and its blocks name records by number.
    let tail = (1..starts.len()).find(|&j| best[j] < best[0] / 4.0).unwrap_or(starts.len());
    Ranked { df, order, starts, best, tail }
}

/// The fallback's score of each record that holds a term (docs/search.md, "Matching"): what
/// the term's shard entry or head tells without its later blocks. Exact for a term written
/// inline and in a common term's first block; elsewhere the best score of the record's block,
/// the tail's blocks counting as its first. Records in falling score.
pub fn fallback_scores(list: &[Posting], scorer: &Scorer) -> Vec<(u32, f32)> {
    let Ranked { order, starts, best, tail, .. } = ranked(list, scorer);
    let common = list.len() > super::shards::OWN_FILE;
    let mut j = 0;
    order
        .iter()
        .enumerate()
        .map(|(i, &(_, doc, score))| {
            while starts.get(j + 1).is_some_and(|&s| s <= i) {
                j += 1;
            }
            (doc, if common && j > 0 { best[j.min(tail)] } else { score })
        })
        .collect()
}

/// Splits a common term's postings (field, then document order) into blocks by falling score.
/// The head holds the per-field document counts, the first block, each later block's best
/// score, the records of each listed block and the tail's records as one set (docs/search.md).
pub fn blocks(list: &[Posting], scorer: &Scorer) -> Blocks {
    let Ranked { df, order, starts, best, tail } = ranked(list, scorer);
    // Each record's block and its place among the block's records by number: a listed block's
    // postings name records by that place, since the head already lists their numbers.
    let mut block_of: Vec<(u32, u32, u32)> = Vec::with_capacity(order.len());
    let mut members = String::new();
    let mut maxes = String::new();
    let mut in_tail: Vec<u32> = Vec::new();
    for (j, &b) in starts.iter().enumerate() {
        let end = starts.get(j + 1).copied().unwrap_or(order.len());
        let mut docs: Vec<u32> = order[b..end].iter().map(|x| x.1).collect();
        docs.sort_unstable();
        let listed = j > 0 && j < tail;
        block_of.extend(docs.iter().enumerate().map(|(i, &doc)| (doc, j as u32, if listed { i as u32 } else { doc })));
        if j == 0 {
            continue;
        }
        // Each later block's best score, so a query knows whether fetching it could change its
        // top results; a listed block's records, so it knows which block holds a record.
        let sep = if j > 1 { "," } else { "" };
        maxes.push_str(&format!("{sep}{}", best[j]));
        if listed {
            members.push_str(&format!("{sep}\"{}\"", gaps(&docs)));
        } else {
            in_tail.extend(docs);
        }
    }

    // One sorted run per block.
    block_of.sort();
    // The tail's records, or where fewer the records the term is not in ("u"): a term in nine
    // records of ten is cheaper to write by the tenth.
    let absent = scorer.n() - block_of.len();
    let tail_set = if in_tail.is_empty() {
        String::new()
    } else if in_tail.len() <= absent {
        in_tail.sort_unstable();
        format!(r#","t":"{}""#, gaps(&in_tail))
    } else {
        let mut members = block_of.iter().map(|x| x.0).peekable();
        let absent: Vec<u32> = (0..scorer.n() as u32).filter(|&d| members.next_if_eq(&d).is_none()).collect();
        format!(r#","u":"{}""#, gaps(&absent))
    };
    let mut per_block: Vec<Vec<Posting>> = vec![Vec::new(); starts.len()];
    for p in list {
        let (_, j, place) = block_of[block_of.binary_search_by_key(&p.doc(), |x| x.0).expect("a member")];
        per_block[j as usize].push(p.with_doc(place));
    }
    let mut encoded = per_block.iter().map(|b| encode(b));
    let first = encoded.next().expect("one block");
    let df = df.map(|n| n.to_string()).join(",");
    let head = format!(r#"{{"df":[{df}],"b":"{first}","m":[{members}],"max":[{maxes}]{tail_set}}}"#);
    Blocks { head, rest: encoded.map(|b| format!("\"{b}\"")).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The most postings a term written inline has.
    const OWN: usize = crate::search::shards::OWN_FILE;

    fn p(field: u8, doc: u32, tf: u32, norm: u8) -> Posting {
        Posting::new(field, doc, tf, norm)
    }

    #[test]
    fn a_posting_keeps_each_of_the_fields() {
        let list: Vec<Posting> = (0..COUNT as u8).map(|f| p(f, DOC, 3, 7)).collect();
        assert_eq!(
            list.iter().map(|p| (p.field(), p.doc(), p.tf(), p.norm())).collect::<Vec<_>>(),
            [(0, DOC, 3, 7), (1, DOC, 3, 7), (2, DOC, 3, 7), (3, DOC, 3, 7), (4, DOC, 3, 7)]
        );
    }

    #[test]
    fn numbers_are_base_32_with_a_last_digit_mark() {
        let mut s = String::new();
        for n in [0, 31, 32, 263, 1 << 20] {
            push_number(&mut s, n);
        }
        assert_eq!(s, "#B^#e*^]]]#");
    }

    #[test]
    fn postings_are_gaps_then_codes_per_field() {
        let list = [p(0, 3, 1, 5), p(0, 10, 2, 7), p(3, 3, 1, 40)];
        let mut want = String::new();
        for n in [0, 2, 3, 7, 5, 263, 3, 1, 3, 40] {
            push_number(&mut want, n);
        }
        assert_eq!(encode(&list), want);
    }

    #[test]
    fn blocks_fall_in_score_and_bound_the_rest() {
        // 200 records in the body, record 7 also in the name: it scores highest.
        let mut list = vec![p(0, 7, 1, 4)];
        list.extend((0..200).map(|d| p(3, d, 1 + d % 3, 20 + (d % 50) as u8)));
        let scorer = Scorer::new(1000, [4.0, 8.0, 6.0, 60.0, 1.0], [3.0, 2.0, 1.5, 1.0, 3.0]);
        let b = blocks(&list, &scorer);
        assert_eq!(b.rest.len(), 2, "64, 128, then 8 records");
        let head: serde_json::Value = serde_json::from_str(&b.head).unwrap();
        assert_eq!(head["df"], serde_json::json!([1, 0, 0, 200, 0]));
        let first = head["b"].as_str().unwrap();
        // the name field group comes first and holds record 7
        assert!(first.starts_with("#$*"), "{first}");
        let count = |v: &serde_json::Value| v.as_str().unwrap().bytes().filter(|c| *c < b']').count();
        let max: Vec<f64> = head["max"].as_array().unwrap().iter().map(|m| m.as_f64().unwrap()).collect();
        assert!(max[0] >= max[1] && max[1] > 0.0, "{max:?}");
        // Record 7's name gives the best score, more than four times any body-only score: the
        // later blocks are the tail, one set of 136 records, written as itself (864 are absent).
        assert_eq!(head["m"], serde_json::json!([]), "{head}");
        assert_eq!(count(&head["t"]), 136, "one last digit per record of the tail");
        // The same records without the name: no tail, both later blocks listed.
        let b = blocks(&list[1..], &scorer);
        let head: serde_json::Value = serde_json::from_str(&b.head).unwrap();
        let listed: Vec<usize> = head["m"].as_array().unwrap().iter().map(count).collect();
        assert_eq!((listed, head.get("t"), head.get("u")), (vec![128, 8], None, None), "{head}");
    }

    #[test]
    fn the_fallback_scores_what_a_head_tells() {
        // A common term: 400 records in the body, in blocks of 64, 128 and 208.
        let list: Vec<Posting> = (0..400).map(|d| p(3, d, 1 + d % 3, 20 + (d % 50) as u8)).collect();
        let scorer = Scorer::new(1000, [4.0, 8.0, 6.0, 60.0, 1.0], [3.0, 2.0, 1.5, 1.0, 3.0]);
        let head: serde_json::Value = serde_json::from_str(&blocks(&list, &scorer).head).unwrap();
        let max: Vec<f32> = head["max"].as_array().unwrap().iter().map(|m| m.as_f64().unwrap() as f32).collect();
        let exact = ranked(&list, &scorer).order;
        let scores = fallback_scores(&list, &scorer);
        assert_eq!(scores.len(), 400);
        // The first block exact, then each record at its block's best: the last block is
        // listed or the tail, bounded by max[1] either way.
        let want = |i: usize| if i < 64 { exact[i].2 } else { max[usize::from(i >= 192)] };
        assert!(scores.iter().enumerate().all(|(i, &(doc, s))| doc == exact[i].1 && s == want(i)), "{scores:?}");
        // Rounded up, never past the block before.
        assert!(key(max[0]) <= key(exact[63].2));
        // A term written inline: every score exact.
        let scores = fallback_scores(&list[..OWN], &scorer);
        assert!(scores.iter().zip(&ranked(&list[..OWN], &scorer).order).all(|(a, b)| *a == (b.1, b.2)));
    }

    #[test]
    fn a_term_in_most_records_writes_those_it_is_not_in() {
        // In 900 of 1,000 records, 20 of them with the term in the name.
        let mut list: Vec<Posting> = (0..20).map(|d| p(0, d * 7, 1, 4)).collect();
        list.extend((0..1000).filter(|d| d % 10 != 3).map(|d| p(3, d, 1, 60)));
        let scorer = Scorer::new(1000, [4.0, 8.0, 6.0, 60.0, 1.0], [3.0, 2.0, 1.5, 1.0, 3.0]);
        let head: serde_json::Value = serde_json::from_str(&blocks(&list, &scorer).head).unwrap();
        // (63 and 133 have the term in the name only)
        let absent: Vec<u32> = (0..1000).filter(|&d| d % 10 == 3 && d != 63 && d != 133).collect();
        assert_eq!((head.get("t"), head["u"].as_str()), (None, Some(gaps(&absent).as_str())), "{head}");
    }
}
