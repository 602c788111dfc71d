//! The term shards `t/<n>` and common terms' postings `p/<name>` of the static index: terms in
//! shards by hash, each term's postings inline or, for a common term, in blocks by score
//! ([`super::postings`]), made in passes so that the postings in memory stay bounded.

use super::index::SearchIndex;
use super::postings::{self, Blocks, Posting};
use super::ranking::{coarse, Scorer, FIELDS};
use crate::hash::{fnv32, Key};
use rayon::prelude::*;
use tantivy::fieldnorm::FieldNormReader;

/// Postings per term shard, roughly: a query fetches one shard per term.
const SHARD_POSTINGS: u64 = 200;
/// A term with more postings than this gets a file of its own, so that it does not make the
/// shard of every rarer term that hashes beside it heavy.
pub const OWN_FILE: usize = 256;
/// Postings in memory at once while exporting (8 bytes each, 128 MiB): one pass of terms up to
/// 10,000 records, ten at 100,000 (256 MiB passes took 120 MiB more peak memory and saved no
/// measurable CPU time).
pub const PASS_POSTINGS: usize = 1 << 24;
/// Postings encoded side by side at most, about: see [`runs_of`].
const SLICE_POSTINGS: usize = 1 << 21;

/// A term's postings as its shard holds them: inline, or the name of a common term's files,
/// with those files when this term is the first to have them and the last build did not.
enum Entry {
    Inline(String),
    Own(u64, Option<Blocks>),
}

/// Identifies a common term's postings: terms whose postings are equal share their files. Many
/// do: the pinyin spans of one county or category name (`keji`, `kj`, `kejiguan` …) occur in
/// the same records with the same counts, and were 3,576 of 6,092 common terms at 10,000
/// records. A 64-bit SipHash and the length: a false match among 10^5 terms has odds of 10^-10.
/// Also the number of records, which gives the number of blocks.
fn fingerprint(list: &[Posting]) -> ((u64, usize), usize) {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    list.iter().for_each(|p| h.write_u64(p.bits()));
    ((h.finish(), list.len()), records(list))
}

/// The records among `list`'s postings (field, then record order): its runs by field, each in
/// record order, merged and counted, without a copy or a sort.
fn records(list: &[Posting]) -> usize {
    let mut runs: Vec<&[Posting]> = list.chunk_by(|a, b| a.field() == b.field()).collect();
    if runs.len() == 1 {
        return list.len();
    }
    let mut n = 0;
    while let Some(doc) = runs.iter().filter_map(|r| r.first()).map(|p| p.doc()).min() {
        n += 1;
        for run in &mut runs {
            if run.first().is_some_and(|p| p.doc() == doc) {
                *run = &run[1..];
            }
        }
    }
    n
}

/// The name of a common term's files (`p/<name>`): its postings' fingerprint and what scores
/// depend on besides, in 52 bits, so that search.js reads it as an exact number. Equal names
/// mean equal files, so a build takes them from the last one (odds of a false match among
/// 10^5 common terms: 10^-6).
fn file_name(print: (u64, usize), scorer: u64) -> u64 {
    Key::new().raw(&scorer.to_le_bytes()).raw(&print.0.to_le_bytes()).raw(&print.1.to_le_bytes()).finish() >> 12
}

/// Writes every term's shard and the common terms' files through `emit`, in passes of at
/// most `pass_postings` postings (the files are the same for any pass size); `count` is each
/// term's number of postings. A common term's files are made only when `keep` cannot take
/// them all from the last build. Returns the number of shards.
pub fn write(
    si: &SearchIndex,
    scorer: &Scorer,
    count: &[u32],
    pass_postings: usize,
    emit: &mut dyn FnMut(&str, &str),
    keep: &dyn Fn(&[String]) -> bool,
) -> std::io::Result<usize> {
    let total_postings: u64 = count.iter().map(|&c| u64::from(c)).filter(|&c| c <= OWN_FILE as u64).sum();
    // Coarse, like the token totals: an edit seldom moves every term to another shard.
    let shards = coarse(total_postings.div_ceil(SHARD_POSTINGS)).max(1) as usize;
    // Terms by shard, then by text: a shard is complete, written and freed as soon as the next
    // one begins (all shards at once took 300 MiB at 100,000 records).
    let mut order: Vec<(u32, u32)> = (0..si.vocab.len() as u32)
        .map(|id| ((fnv32(si.vocab[id as usize].as_bytes()) as usize % shards) as u32, id))
        .collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| si.vocab[a.1 as usize].cmp(&si.vocab[b.1 as usize])));
    let (shard_of, order): (Vec<u32>, Vec<u32>) = order.into_iter().unzip();
    let mut shard = String::new();
    let mut shard_no = 0;
    let mut done = 0;
    let scorer_key = scorer.key();
    let mut seen = std::collections::HashSet::new();
    // Terms are taken in order in passes of at most PASS_POSTINGS postings, each pass's
    // postings in one flat array. With more than one pass, the term ids are first split by
    // pass, so that each pass reads only its own.
    let passes: Vec<&[u32]> = runs_of(&order, count, usize::MAX, pass_postings).collect();
    let split = match passes.len() {
        1 => None,
        n => {
            let mut part_of = vec![0u16; si.vocab.len()];
            for (p, pass) in passes.iter().enumerate() {
                let p = u16::try_from(p).map_err(|_| std::io::Error::other("more than 65,536 passes"))?;
                pass.iter().for_each(|&id| part_of[id as usize] = p);
            }
            Some(si.terms.split(&part_of, n)?)
        }
    };
    let mut place = vec![u32::MAX; si.vocab.len()];
    let mut flat: Vec<Posting> = Vec::new();
    for (p, &pass) in passes.iter().enumerate() {
        let mut at = 0u32;
        for &id in pass {
            place[id as usize] = at;
            at += count[id as usize];
        }
        // Made anew at its exact size, the last pass's freed first: resizing that one grew it
        // by doubling (512 MiB for a pass of 256).
        drop(std::mem::take(&mut flat));
        flat = vec![Posting::new(0, 0, 0, 0); at as usize];
        let mut next = place.clone();
        // Field then record order: the order a term's postings are encoded in.
        for f in 0..FIELDS.len() {
            let visit = |i: usize, ids: super::terms::Ids<'_>| {
                let norm = FieldNormReader::fieldnorm_to_id(si.terms.tokens(i, f) as u32);
                for (id, tf) in ids.runs() {
                    let slot = &mut next[id as usize];
                    if *slot != u32::MAX {
                        flat[*slot as usize] = Posting::new(f as u8, i as u32, tf, norm);
                        *slot += 1;
                    }
                }
            };
            match &split {
                Some(split) => split.each(p, f, visit)?,
                None => si.terms.each(f, visit)?,
            }
        }
        drop(next);
        let postings = |id: u32| &flat[place[id as usize] as usize..(place[id as usize] + count[id as usize]) as usize];
        // Encoded in parallel a slice of terms at a time, written in term order.
        for slice in runs_of(pass, count, 4096, SLICE_POSTINGS) {
            let prints: Vec<Option<((u64, usize), usize)>> = slice
                .par_iter()
                .map(|&id| Some(postings(id)).filter(|l| l.len() > OWN_FILE).map(fingerprint))
                .collect();
            // Whether a common term's files are to be made: not when a term before had the same
            // postings, nor when the last build made them.
            let files: Vec<Option<(u64, bool)>> = prints
                .into_iter()
                .map(|print| {
                    let (print, records) = print?;
                    let name = file_name(print, scorer_key);
                    let blocks = postings::block_starts(records).len();
                    let names = || (0..blocks).map(|j| block_file(name, j)).collect::<Vec<_>>();
                    Some((name, seen.insert(name) && !keep(&names())))
                })
                .collect();
            let encoded: Vec<Entry> = slice
                .par_iter()
                .zip(files)
                .map(|(&id, file)| match file {
                    None => Entry::Inline(postings::encode(postings(id))),
                    Some((name, make)) => Entry::Own(name, make.then(|| postings::blocks(postings(id), scorer))),
                })
                .collect();
            for (&id, entry) in slice.iter().zip(encoded) {
                let term = &si.vocab[id as usize];
                let no = shard_of[done] as usize;
                done += 1;
                // Shards before this term's are complete (empty ones too).
                while shard_no < no {
                    emit(&format!("t/{shard_no}"), &close(&mut shard));
                    shard_no += 1;
                }
                shard.push(if shard.is_empty() { '{' } else { ',' });
                shard.push_str(&serde_json::to_string(term).expect("string"));
                shard.push(':');
                match entry {
                    Entry::Inline(list) => {
                        shard.push('"');
                        shard.push_str(&list);
                        shard.push('"');
                    }
                    Entry::Own(name, blocks) => {
                        shard.push_str(&name.to_string());
                        if let Some(blocks) = blocks {
                            emit(&block_file(name, 0), &blocks.head);
                            for (j, block) in blocks.rest.iter().enumerate() {
                                emit(&block_file(name, j + 1), block);
                            }
                        }
                    }
                }
            }
        }
        for &id in pass {
            place[id as usize] = u32::MAX;
        }
    }
    drop((flat, split));
    for no in shard_no..shards {
        emit(&format!("t/{no}"), &close(&mut shard));
    }
    Ok(shards)
}

/// The file of a common term's block `j`: the head `p/<name>`, then `p/<name>-<j>`.
fn block_file(name: u64, j: usize) -> String {
    if j == 0 {
        format!("p/{name}")
    } else {
        format!("p/{name}-{j}")
    }
}

/// A shard's JSON, leaving `shard` empty for the next one.
fn close(shard: &mut String) -> String {
    let text = std::mem::take(shard);
    if text.is_empty() {
        "{}".into()
    } else {
        text + "}"
    }
}

/// `terms` cut into runs of consecutive terms, each at most `max_terms` long and holding at
/// most `max_postings` postings (a single term may hold more): the passes of the export, and
/// within a pass the slices encoded side by side, whose files are all in memory until written
/// (at 100,000 records 4,096 common terms' blocks came to 320 MiB).
fn runs_of<'a>(
    terms: &'a [u32],
    count: &'a [u32],
    max_terms: usize,
    max_postings: usize,
) -> impl Iterator<Item = &'a [u32]> + 'a {
    let mut rest = terms;
    std::iter::from_fn(move || {
        let (mut n, mut postings) = (0, 0);
        while n < rest.len() && n < max_terms && (n == 0 || postings + count[rest[n] as usize] as usize <= max_postings)
        {
            postings += count[rest[n] as usize] as usize;
            n += 1;
        }
        let (slice, tail) = rest.split_at(n);
        rest = tail;
        (!slice.is_empty()).then_some(slice)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_counted_once_across_fields() {
        // Field 0: every third record; field 3: every second; field 4: one record.
        let mut list: Vec<Posting> = (0..300).step_by(3).map(|d| Posting::new(0, d, 1, 1)).collect();
        list.extend((0..300).step_by(2).map(|d| Posting::new(3, d, 1, 1)));
        list.push(Posting::new(4, 301, 1, 1));
        let mut docs: Vec<u32> = list.iter().map(|p| p.doc()).collect();
        docs.sort_unstable();
        docs.dedup();
        assert_eq!(records(&list), docs.len());
        assert_eq!(records(&list[..100]), 100, "one field");
    }
}
