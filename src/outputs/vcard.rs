//! The contact card of every record (`bases/<id>/contact.vcf`, vCard 4.0) and the QR code of
//! its page to print (`bases/<id>/qr.svg`).

use crate::model::{urls, words, Directory, Record};
use crate::write::Output;

/// `bases/<id>/contact.vcf` and `bases/<id>/qr.svg` for every record.
pub fn outputs(dir: &Directory) -> Vec<Output<'_>> {
    let mut out = Vec::with_capacity(dir.records.len() * 2);
    for r in &dir.records {
        out.push(Output::Made { path: urls::vcard(&r.id), make: Box::new(move || vcard(dir, r).into_bytes()) });
        // Drawing a QR code costs more than the rest of a record's files: made only when its URL changed.
        let url = dir.record_url(r);
        let key = crate::hash::Key::new().add(b"qr").add(url.as_bytes()).finish();
        let make = Box::new(move || super::qr::svg(&url).into_bytes());
        out.push(Output::Derived { path: urls::qr(&r.id), key, make });
    }
    out
}

/// Escapes a text value per RFC 6350 §3.4: backslash, comma, semicolon and newlines.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.replace("\r\n", "\n").replace('\r', "\n").chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line to at most 75 octets per physical line (RFC 6350 §3.2), never inside
/// a UTF-8 character; every line ends with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// How to book, the fee and the hours, as one text (the phones are the card's TEL lines).
fn booking_note(dir: &Directory, r: &Record) -> String {
    let mut parts = words::booking(&r.booking);
    parts.extend(words::fee(&r.booking));
    parts.extend(r.hours.as_ref().map(|h| format!("开放时间：{}", h.text)));
    parts.extend(r.hours_note.clone());
    let mut note = parts.join("；");
    if dir.site.sample {
        note.push_str("\n（示例数据，电话与预约方式仅为演示）");
    }
    note
}

/// The vCard 4.0 of a record: name, booking phones, address, page and booking hints.
pub fn vcard(dir: &Directory, r: &Record) -> String {
    let county = &dir.counties[r.county];
    let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:4.0".into(), "KIND:org".into()];
    lines.push(format!("FN:{}", esc(&r.name)));
    lines.push(format!("ORG:{}", esc(&r.name)));
    if !r.aliases.is_empty() {
        lines.push(format!("NICKNAME:{}", r.aliases.iter().map(|a| esc(a)).collect::<Vec<_>>().join(",")));
    }
    for p in &r.booking.phones {
        lines.push(format!("TEL;VALUE=uri;TYPE=voice:tel:{}", p.international()));
    }
    if let Some(a) = &r.address {
        // pobox; extended; street; locality; region; code; country
        let code = county.postal_code.as_deref().unwrap_or("");
        lines.push(format!("ADR;TYPE=work:;;{};{};兴安盟;{code};中国", esc(a), esc(&county.name)));
    }
    if let Some(l) = r.location {
        lines.push(format!("GEO:geo:{:.6},{:.6}", l.lat, l.lng));
    }
    lines.push(format!("URL:{}", dir.record_url(r)));
    let note = booking_note(dir, r);
    if !note.is_empty() {
        lines.push(format!("NOTE:{}", esc(&note)));
    }
    lines.push("END:VCARD".into());
    let mut out = String::new();
    for l in &lines {
        fold(l, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        fold(&format!("NOTE:{}", "预约".repeat(40)), &mut out);
        for line in out.split_terminator("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, format!("NOTE:{}", "预约".repeat(40)));
        assert_eq!(esc("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
