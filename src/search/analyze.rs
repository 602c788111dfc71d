//! Analyze: how text becomes search terms, for the index and for queries.
//!
//! Chinese is split into characters and character pairs, so no dictionary is needed in the
//! browser and any substring of two characters or more matches. Pinyin and initials of names are
//! computed here, at build time only. A traditional Mongolian word is indexed with its prefixes,
//! as pinyin is with its spans, so a query term is looked up as typed. The browser client
//! repeats `normalize` and `query_terms` exactly (docs/search.md is the contract).

use super::mongol::{self, prefixes};
use crate::model::{half_width, County, Directory};
use pinyin::ToPinyin;

/// The longest run of characters whose pinyin spans are indexed.
const MAX_PINYIN_SPAN: usize = 12;

/// Readings of characters whose most common reading is wrong in place names here.
const READINGS: &[(char, &str)] = &[('扎', "zha"), ('会', "hui"), ('乐', "le"), ('长', "chang"), ('行', "xing")];

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF) || c == '〇'
}

/// Every traditional or variant Han character that has one simplified form, with that form
/// (fast2s's table, one character at a time), in character order.
pub fn variants() -> &'static [(char, char)] {
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let han = (0x3400..=0x4DBF).chain(0x4E00..=0x9FFF).chain(0xF900..=0xFAFF).filter_map(char::from_u32);
        han.filter_map(|c| {
            let mut to = fast2s::convert(c.encode_utf8(&mut [0; 4])).chars().collect::<Vec<_>>();
            (to.len() == 1 && to[0] != c).then(|| (c, to.remove(0)))
        })
        .collect()
    })
}

/// `c` as simplified, when [`variants`] has it; other characters (most of any text) without a
/// look-up.
fn simplified(c: char) -> char {
    if is_han(c) {
        simple(variants(), c)
    } else {
        c
    }
}

/// `c` as `table` (trad → simplified, by trad) has it, or itself.
fn simple(table: &[(char, char)], c: char) -> char {
    table.binary_search_by_key(&c, |v| v.0).map_or(c, |i| table[i].1)
}

/// Full-width ASCII to ASCII, ideographic space to space, ASCII lowercase, without the
/// format characters of [`mongol::folded`].
pub fn normalize(text: &str) -> String {
    text.chars().filter(|&c| !mongol::folded(c)).map(|c| half_width(c).to_ascii_lowercase()).collect()
}

#[derive(Debug, PartialEq)]
enum Run {
    Han(Vec<char>),
    /// An alnum word, and whether only whitespace separates it from the previous alnum word.
    Word(String, bool),
    /// A Mongolian word.
    Mongol(String),
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Han,
    Alnum,
    Mongol,
    Space,
    Other,
}

fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut prev = Class::Other;
    // Only whitespace since the end of the last alnum word.
    let mut after_word = false;
    for c in normalize(text).chars() {
        let class = match c {
            _ if is_han(c) => Class::Han,
            'a'..='z' | '0'..='9' => Class::Alnum,
            _ if mongol::letter(c) => Class::Mongol,
            _ if c.is_whitespace() => Class::Space,
            _ => Class::Other,
        };
        match (class, out.last_mut()) {
            (Class::Han, Some(Run::Han(chars))) if prev == Class::Han => chars.push(c),
            (Class::Han, _) => out.push(Run::Han(vec![c])),
            (Class::Alnum, Some(Run::Word(w, _))) if prev == Class::Alnum => w.push(c),
            (Class::Alnum, _) => out.push(Run::Word(c.to_string(), after_word)),
            (Class::Mongol, Some(Run::Mongol(w))) if prev == Class::Mongol => w.push(c),
            (Class::Mongol, _) => out.push(Run::Mongol(c.to_string())),
            _ => {}
        }
        after_word = class == Class::Space && (prev == Class::Alnum || (prev == Class::Space && after_word));
        prev = class;
    }
    out
}

/// Calls `f` with each index token of `text` (Han unigrams and bigrams, alnum words, Mongolian
/// words' [`prefixes`]), in text order, without allocating a string per token: tokens are
/// slices of the normalised text.
pub fn each_index_token(text: &str, mut f: impl FnMut(&str)) {
    // Indexed as simplified: a record written in traditional characters is found by either.
    let norm: String = normalize(text).chars().map(simplified).collect();
    // Byte offsets: the start of the previous character if it was Han, of the current alnum
    // word, of the current Mongolian word.
    let (mut han, mut word, mut mongol) = (None::<usize>, None::<usize>, None::<usize>);
    for (i, c) in norm.char_indices() {
        let alnum = c.is_ascii_lowercase() || c.is_ascii_digit();
        if !alnum {
            if let Some(w) = word.take() {
                f(&norm[w..i]);
            }
        }
        if mongol::letter(c) {
            mongol.get_or_insert(i);
        } else if let Some(m) = mongol.take() {
            prefixes(&norm[m..i], &mut f);
        }
        if is_han(c) {
            let end = i + c.len_utf8();
            if let Some(p) = han {
                f(&norm[p..end]);
            }
            f(&norm[i..end]);
            han = Some(i);
        } else {
            han = None;
            if alnum && word.is_none() {
                word = Some(i);
            }
        }
    }
    if let Some(w) = word {
        f(&norm[w..]);
    }
    if let Some(m) = mongol {
        prefixes(&norm[m..], &mut f);
    }
}

/// Query terms: the bigrams that cover each Han run (`乌兰浩特` → `乌兰`, `浩特`; an odd run ends
/// with its last pair, `博物馆` → `博物`, `物馆`; one character stays itself), alnum words joined
/// across spaces (`ke ji guan` → `kejiguan`), Mongolian words as typed, without duplicates.
/// Covering pairs find the same names as every pair would, with fewer terms to fetch.
pub fn query_terms(query: &str) -> Vec<String> {
    terms(query, |chars| match chars.len() {
        1 => vec![chars[0].to_string()],
        n => {
            let starts = (0..n - 1).step_by(2).chain((n % 2 == 1).then(|| n - 2));
            starts.map(|i| chars[i..i + 2].iter().collect()).collect()
        }
    })
}

/// The terms of the fallback (docs/search.md, "Matching"): each character of the Han runs, as
/// `variants` (trad → simplified, by trad) has it, and the Latin words as in [`query_terms`].
pub fn fallback_terms(query: &str, variants: &[(char, char)]) -> Vec<String> {
    terms(query, |chars| chars.iter().map(|&c| simple(variants, c).to_string()).collect())
}

/// The terms of a query: `han` gives those of each Han run, Latin words are joined across spaces.
fn terms(query: &str, han: impl Fn(&[char]) -> Vec<String>) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for run in runs(query) {
        match run {
            Run::Han(chars) => terms.extend(han(&chars)),
            Run::Word(w, true) => match terms.last_mut() {
                Some(last) if last.bytes().all(|b| b.is_ascii_alphanumeric()) => last.push_str(&w),
                _ => terms.push(w),
            },
            Run::Word(w, false) | Run::Mongol(w) => terms.push(w),
        }
    }
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    terms
}

/// Takes county names out of a query (docs/search.md, "County names"): at each place the first
/// of `forms` (normalised `(form, county)`, longest first) that starts there is cut out. Returns
/// the rest of the normalised query and the counties named, in order of appearance.
pub fn county_names(query: &str, forms: &[(String, usize)]) -> (String, Vec<usize>) {
    let chars: Vec<char> = normalize(query).chars().collect();
    let forms: Vec<(Vec<char>, usize)> = forms.iter().map(|(f, c)| (f.chars().collect(), *c)).collect();
    let (mut rest, mut found, mut i) = (String::new(), Vec::new(), 0);
    while i < chars.len() {
        match forms.iter().find(|(f, _)| !f.is_empty() && chars[i..].starts_with(f)) {
            Some((f, c)) => {
                if !found.contains(c) {
                    found.push(*c);
                }
                rest.push(' ');
                i += f.len();
            }
            None => {
                rest.push(chars[i]);
                i += 1;
            }
        }
    }
    (rest, found)
}

fn syllable(c: char) -> Option<String> {
    if let Some((_, r)) = READINGS.iter().find(|(h, _)| *h == c) {
        return Some(r.to_string());
    }
    c.to_pinyin().map(|p| p.plain().replace('ü', "v"))
}

/// Pinyin tokens of a name: joined syllables and joined initials of every span of 2 to 12
/// characters of each Han run.
pub fn pinyin_tokens(text: &str, out: &mut Vec<String>) {
    for run in runs(text) {
        let Run::Han(chars) = run else { continue };
        let syllables: Vec<String> = chars.iter().map(|c| syllable(*c).unwrap_or_default()).collect();
        for start in 0..syllables.len() {
            for end in start + 2..=(start + MAX_PINYIN_SPAN).min(syllables.len()) {
                let span = &syllables[start..end];
                if span.iter().any(String::is_empty) {
                    break;
                }
                out.push(span.concat());
                out.push(span.iter().filter_map(|s| s.chars().next()).collect());
            }
        }
    }
}

/// The names a query may use for a county (docs/search.md, "County names"): its name, the
/// name without a final 市/旗/县, and its aliases, normalised.
fn forms(county: &County) -> Vec<String> {
    let name = county.name.as_str();
    let short = name.strip_suffix(['市', '旗', '县']).filter(|s| s.chars().count() >= 2);
    let mut forms: Vec<String> = Vec::new();
    for f in std::iter::once(name).chain(short).chain(county.aliases.iter().map(String::as_str)) {
        let f = normalize(f.trim());
        if !f.is_empty() && !forms.contains(&f) {
            forms.push(f);
        }
    }
    forms
}

/// Every county's forms with its index, longest first (then in file order), as `meta.forms`
/// gives them to the browser.
pub fn county_forms(dir: &Directory) -> Vec<(String, usize)> {
    let mut forms: Vec<(String, usize)> =
        dir.counties.iter().enumerate().flat_map(|(i, c)| forms(c).into_iter().map(move |f| (f, i))).collect();
    forms.sort_by_key(|(f, _)| std::cmp::Reverse(f.chars().count()));
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        each_index_token(t, |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn han_unigrams_and_bigrams_and_words() {
        assert_eq!(tokens("科技馆"), ["科", "科技", "技", "技馆", "馆"]);
        assert_eq!(tokens("４Ｄ影院 VR"), ["4d", "影", "影院", "院", "vr"]);
    }

    /// The tokens as the query side splits text (`runs`), which the index side must equal.
    fn by_runs(t: &str) -> Vec<String> {
        let mut out = Vec::new();
        for run in runs(t) {
            match run {
                Run::Han(c) => (0..c.len()).for_each(|i| {
                    out.push(c[i].to_string());
                    out.extend(c.get(i + 1).map(|n| [c[i], *n].iter().collect::<String>()));
                }),
                Run::Word(w, _) => out.push(w),
                Run::Mongol(w) => prefixes(&w, |p| out.push(p.to_string())),
            }
        }
        out
    }

    #[test]
    fn index_tokens_split_text_as_the_query_side_does() {
        for t in [
            "",
            "a",
            "科",
            "A1科技b2",
            "乌兰浩特 ke ji, 馆３",
            "“红色”教育-基地（AAAA级）",
            "〇一二x",
            "é科ß技",
            "ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮᠠᠭ\u{202F}ᠤᠨ ᠮᠦᠽᠸᠢ",
            "ab\u{180A}ᠤ科ᠬᠠᠷ\u{180E}ᠠ\u{180B}cd ᠤ",
        ] {
            assert_eq!(tokens(t), by_runs(t), "{t}");
        }
    }

    #[test]
    fn mongolian_words_give_their_prefixes_without_format_characters() {
        // A vowel separator and a variation selector are dropped; a narrow no-break space
        // separates words; a one-letter word is itself.
        assert_eq!(tokens("ᠬᠠᠷ\u{180E}ᠠ\u{180B}\u{202F}ᠤ"), ["ᠬᠠ", "ᠬᠠᠷ", "ᠬᠠᠷᠠ", "ᠤ"]);
        assert_eq!(tokens("ᠤᠨ科"), ["ᠤᠨ", "科"]);
        assert_eq!(query_terms("ᠬᠢᠩ\u{180C}ᠭᠠᠨ  ᠮᠦᠽ ke ji"), ["ᠬᠢᠩᠭᠠᠨ", "ᠮᠦᠽ", "keji"]);
        assert_eq!(query_terms("ke ᠮᠦᠽ\u{200D}\u{202F}ᠤᠨ 科"), ["ke", "ᠮᠦᠽ", "ᠤᠨ", "科"]);
        assert_eq!(fallback_terms("ᠮᠦᠽ\u{200C}ᠸᠢ 科技", &[]), ["ᠮᠦᠽᠸᠢ", "科", "技"]);
    }

    #[test]
    fn query_terms_join_latin_words_and_use_bigrams() {
        assert_eq!(query_terms("博物馆"), ["博物", "物馆"]);
        assert_eq!(query_terms("乌兰浩特"), ["乌兰", "浩特"]);
        assert_eq!(query_terms("兴安盟博物馆"), ["兴安", "盟博", "物馆"]);
        assert_eq!(query_terms("研学实践基地"), ["研学", "实践", "基地"]);
        assert_eq!(query_terms("ke ji guan"), ["kejiguan"]);
        assert_eq!(query_terms("wlht 博物馆"), ["wlht", "博物", "物馆"]);
        assert_eq!(query_terms("科 科技"), ["科", "科技"]);
        assert_eq!(query_terms("a,b"), ["a", "b"]);
        assert_eq!(fallback_terms("科枝馆 ke ji", &[]), ["科", "枝", "馆", "keji"]);
        assert_eq!(fallback_terms("科技館馆", &[('館', '馆')]), ["科", "技", "馆"]);
        assert_eq!(simplified('館'), '馆');
        assert_eq!(simplified('舘'), '馆');
    }

    #[test]
    fn county_names_are_cut_out_longest_first() {
        let forms: Vec<(String, usize)> =
            [("乌兰浩特市", 0), ("乌兰浩特", 0), ("突泉县", 1), ("突泉", 1), ("科右中旗", 2)]
                .map(|(f, c)| (f.to_string(), c))
                .to_vec();
        assert_eq!(county_names("乌兰浩特市博物馆", &forms), (" 博物馆".to_string(), vec![0]));
        assert_eq!(county_names("突泉 劳动教育 乌兰浩特", &forms), ("  劳动教育  ".to_string(), vec![1, 0]));
        assert_eq!(county_names("科右中旗ＫＪＧ 突泉县突泉", &forms), (" kjg   ".to_string(), vec![2, 1]));
        assert_eq!(county_names("乌兰牧骑", &forms), ("乌兰牧骑".to_string(), vec![]));
    }

    #[test]
    fn pinyin_spans_and_initials() {
        let mut out = Vec::new();
        pinyin_tokens("科技馆", &mut out);
        assert_eq!(out, ["keji", "kj", "kejiguan", "kjg", "jiguan", "jg"]);
        let mut out = Vec::new();
        pinyin_tokens("五一会址", &mut out);
        assert!(out.contains(&"wuyihuizhi".to_string()) && out.contains(&"wyhz".to_string()));
        let mut out = Vec::new();
        pinyin_tokens("扎赉特旗", &mut out);
        assert!(out.contains(&"zhalaiteqi".to_string()), "{out:?}");
    }
}
