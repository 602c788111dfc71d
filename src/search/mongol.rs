//! Traditional Mongolian text in search: which characters make a word, which format characters
//! are dropped, and which prefixes of a word are indexed, so that a visitor who types the
//! beginning of a word, with or without the invisible characters, finds it (docs/search.md).

/// The shortest prefix of a word that is indexed (a shorter word is indexed whole).
const MIN_PREFIX: usize = 2;

/// Traditional Mongolian letters and digits: the characters of a word.
pub fn letter(c: char) -> bool {
    matches!(c as u32, 0x1810..=0x18AF)
}

/// Format characters a word may be typed with or without (free variation selectors, the vowel
/// separator, ZWNJ and ZWJ): dropped from index and query text alike.
pub fn folded(c: char) -> bool {
    matches!(c as u32, 0x180B..=0x180F | 0x200C | 0x200D)
}

/// Calls `f` with each prefix of a word from [`MIN_PREFIX`] letters on, shortest first, or
/// with the word when it is shorter: what a visitor may have typed of it.
pub fn prefixes(word: &str, mut f: impl FnMut(&str)) {
    for (n, (i, c)) in word.char_indices().enumerate() {
        let end = i + c.len_utf8();
        if n + 1 >= MIN_PREFIX || end == word.len() {
            f(&word[..end]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_from_two_letters_and_short_words_whole() {
        let mut got = Vec::new();
        for word in ["ᠮᠦᠽᠸᠢ", "ᠤ", ""] {
            prefixes(word, |p| got.push(p.to_string()));
        }
        assert_eq!(got, ["ᠮᠦ", "ᠮᠦᠽ", "ᠮᠦᠽᠸ", "ᠮᠦᠽᠸᠢ", "ᠤ"]);
        assert!(letter('ᠮ') && letter('\u{1810}') && !letter('\u{180E}') && !letter('\u{1803}'));
        assert!(folded('\u{180B}') && folded('\u{180E}') && folded('\u{200D}') && !folded('\u{202F}'));
    }
}
