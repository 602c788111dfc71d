//! What content may not hold, however well formed: control characters (Q0315), values too
//! long to be what their field means (Q0316) and files too large to be meant (Q0112). The
//! README's "Limits and safety" lists them.

use super::checks::Ctx;
use super::raw::{RawRecord, S};
use crate::model::is_control;

/// The largest content file read, in bytes: a record with a long description is some tens of
/// kilobytes; a file beyond this is a mistake (a pasted document, a binary) that would slow every
/// build and search.
pub const MAX_FILE: u64 = 512 * 1024;

/// The first control character of a text (a Markdown body) as (line, column), both 1-based.
pub fn control_in_text(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(n, line)| line.chars().position(is_control).map(|c| (n + 1, c + 1)))
}

/// A control character a value would hold, but tab and line feed: written raw, or as an escape
/// in a double-quoted string (`"\e"`, `"\x1b"`, `"\u0000"`). Pages, downloads and terminals
/// would get it as it is. Returns its line and column (1-based) and how it is written.
pub fn control_in_yaml(yaml: &str) -> Option<(usize, usize, String)> {
    let mut quoted = false;
    for (n, line) in yaml.lines().enumerate() {
        let mut comment = false;
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_control(c) {
                return Some((n + 1, i + 1, format!("U+{:04X}", c as u32)));
            }
            if comment {
            } else if quoted && c == '\\' {
                let hex = |len: usize| {
                    let digits: String = chars.iter().skip(i + 2).take(len).collect();
                    u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32)
                };
                let escaped = match chars.get(i + 1) {
                    Some('0' | 'a' | 'b' | 'v' | 'f' | 'r' | 'e' | 'N') => Some('\u{1}'),
                    Some('x') => hex(2),
                    Some('u') => hex(4),
                    Some('U') => hex(8),
                    _ => None,
                };
                if escaped.is_some_and(is_control) {
                    let len = match chars[i + 1] {
                        'x' => 4,
                        'u' => 6,
                        'U' => 10,
                        _ => 2,
                    };
                    return Some((n + 1, i + 1, chars[i..(i + len).min(chars.len())].iter().collect()));
                }
                i += 1;
            } else if c == '"' {
                quoted = !quoted;
            } else if !quoted && c == '#' && (i == 0 || chars[i - 1].is_whitespace()) {
                comment = true;
            } else if !quoted && c == '\'' {
                // A single-quoted string has no escapes: skip to its end ('' is a quote inside).
                i += 1;
                while i < chars.len() && !(chars[i] == '\'' && chars.get(i + 1) != Some(&'\'')) {
                    i += if chars[i] == '\'' { 2 } else { 1 };
                }
            }
            i += 1;
        }
    }
    None
}

/// The longest name or alias, in characters: names are shown in every list and their pinyin is
/// indexed span by span.
pub const MAX_NAME: usize = 100;
/// The longest other one-line value, in characters.
pub const MAX_TEXT: usize = 1000;
/// The most aliases, sources or programs a record may list.
pub const MAX_ITEMS: usize = 50;

/// Reports values too long to be what their field means (Q0316): a 1 MB name made search take
/// 3 GB. The whole file is bounded by [`MAX_FILE`].
pub fn lengths(cx: &mut Ctx, raw: &RawRecord) {
    let mut long = |v: Option<&S<String>>, field: String, max: usize| {
        let Some(v) = v.filter(|v| v.value.chars().count() > max) else { return };
        let n = v.value.chars().count();
        cx.error("Q0316", v, &field, format!("字段 `{field}` 太长（{n} 个字符）"))
            .expected(format!("不超过 {max} 个字符"))
            .hint("长的介绍请写在正文里");
    };
    long(raw.name.as_ref(), "name".into(), MAX_NAME);
    for (i, a) in raw.aliases.iter().flatten().enumerate() {
        long(Some(a), format!("aliases[{i}]"), MAX_NAME);
    }
    for (v, field) in [
        (&raw.address, "address"),
        (&raw.transport, "transport"),
        (&raw.hours, "hours"),
        (&raw.hours_note, "hours_note"),
    ] {
        long(v.as_ref(), field.into(), MAX_TEXT);
    }
    if let Some(b) = &raw.booking {
        for (v, field) in [
            (&b.contact, "contact"),
            (&b.wechat, "wechat"),
            (&b.fee_note, "fee_note"),
            (&b.green_channel, "green_channel"),
        ] {
            long(v.as_ref(), format!("booking.{field}"), MAX_TEXT);
        }
    }
    for (i, d) in raw.designations.iter().flatten().enumerate() {
        long(Some(&d.title), format!("designations[{i}].title"), MAX_TEXT);
    }
    for (i, p) in raw.programs.iter().flatten().enumerate() {
        long(Some(&p.title), format!("programs[{i}].title"), MAX_TEXT);
        long(p.description.as_ref(), format!("programs[{i}].description"), MAX_TEXT);
    }
    let lists = [("aliases", raw.aliases.as_ref()), ("sources", raw.sources.as_ref()), ("themes", raw.themes.as_ref())];
    for (field, list) in lists {
        if let Some(item) = list.and_then(|l| l.get(MAX_ITEMS)) {
            cx.error("Q0316", item, field, format!("`{field}` 列了太多项")).expected(format!("不超过 {MAX_ITEMS} 项"));
        }
    }
    if let Some(p) = raw.programs.as_ref().and_then(|l| l.get(MAX_ITEMS)) {
        cx.error("Q0316", &p.title, "programs", "`programs` 列了太多项".into())
            .expected(format!("不超过 {MAX_ITEMS} 项"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_raw_or_escaped() {
        let at = control_in_yaml;
        assert_eq!(at("name: \"a\\eb\"\n"), Some((1, 9, "\\e".into())));
        assert_eq!(at("name: ok\naddress: \"x\\x1bY\"\n"), Some((2, 12, "\\x1b".into())));
        assert_eq!(at("name: \"\\u0007\"\n"), Some((1, 8, "\\u0007".into())));
        assert_eq!(at("name: a\u{7}b\n"), Some((1, 8, "U+0007".into())));
        assert_eq!(at("name: \"a\\tb \\\\e \\u4e2d\" # \\e\nnote: 'it''s \\e'\n"), None);
    }
}
