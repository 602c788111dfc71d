//! The term shards `t/<n>` and common terms' postings `p/<k>` of the static index: terms in
//! shards by hash, each term's postings inline or, for a common term, in blocks by score
//! ([`super::postings`]), made in passes so that the postings in memory stay bounded.

use super::index::SearchIndex;
use super::postings::{self, Blocks, Posting};
use super::ranking::Scorer;
use super::ranking::FIELDS;
use crate::hash::fnv32;
use rayon::prelude::*;
use tantivy::fieldnorm::FieldNormReader;

/// Postings per term shard, roughly: a query fetches one shard per term.
const SHARD_POSTINGS: usize = 200;
/// A term with more postings than this gets a file of its own, so that it does not make the
/// shard of every rarer term that hashes beside it heavy.
pub const OWN_FILE: usize = 256;
/// Postings in memory at once while exporting (8 bytes each, 128 MiB): one pass of terms up to
/// 10,000 records, ten at 100,000 (256 MiB passes took 120 MiB more peak memory and saved no
/// measurable CPU time).
pub const PASS_POSTINGS: usize = 1 << 24;
/// Postings encoded side by side at most, about: see [`runs_of`].
const SLICE_POSTINGS: usize = 1 << 21;

/// A term's postings as its shard holds them: inline, or the number of a common term's files,
/// with those files when this term is the first to have them.
enum Entry {
    Inline(String),
    Own(u32, Option<Blocks>),
}

/// Identifies a common term's postings: terms whose postings are equal share their files. Many
/// do: the pinyin spans of one county or category name (`keji`, `kj`, `kejiguan` …) occur in
/// the same records with the same counts, and were 3,576 of 6,092 common terms at 10,000
/// records. A 64-bit SipHash and the length: a false match among 10^5 terms has odds of 10^-10.
fn fingerprint(list: &[Posting]) -> (u64, usize) {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    list.iter().for_each(|p| h.write_u64(p.bits()));
    (h.finish(), list.len())
}

/// Writes every term's shard and the common terms' files through `emit`, in passes of at
/// most `pass_postings` postings (the files are the same for any pass size); `count` is each
/// term's number of postings. Returns the number of shards.
pub fn write(
    si: &SearchIndex,
    scorer: &Scorer,
    count: &[u32],
    pass_postings: usize,
    emit: &mut dyn FnMut(&str, &str),
) -> std::io::Result<usize> {
    let total_postings: usize = count.iter().map(|&c| c as usize).filter(|&c| c <= OWN_FILE).sum();
    let shards = total_postings.div_ceil(SHARD_POSTINGS).max(1);
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
    let mut own_files = 0u32;
    let mut seen: std::collections::HashMap<(u64, usize), u32> = std::collections::HashMap::new();
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
            let prints: Vec<Option<(u64, usize)>> = slice
                .par_iter()
                .map(|&id| Some(postings(id)).filter(|l| l.len() > OWN_FILE).map(fingerprint))
                .collect();
            // File numbers in term order; a term whose postings came before takes their number.
            let files: Vec<Option<(u32, bool)>> = prints
                .into_iter()
                .map(|print| {
                    Some(match seen.entry(print?) {
                        std::collections::hash_map::Entry::Occupied(e) => (*e.get(), false),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(own_files);
                            own_files += 1;
                            (own_files - 1, true)
                        }
                    })
                })
                .collect();
            let encoded: Vec<Entry> = slice
                .par_iter()
                .zip(files)
                .map(|(&id, file)| match file {
                    None => Entry::Inline(postings::encode(postings(id))),
                    Some((k, first)) => Entry::Own(k, first.then(|| postings::blocks(postings(id), scorer))),
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
                    Entry::Own(k, blocks) => {
                        shard.push_str(&k.to_string());
                        if let Some(blocks) = blocks {
                            emit(&format!("p/{k}"), &blocks.head);
                            for (j, block) in blocks.rest.iter().enumerate() {
                                emit(&format!("p/{k}-{}", j + 1), block);
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
