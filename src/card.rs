//! What parents and teachers take away from a record page: a contact card (vCard 4.0), a QR
//! code of the page to print, map links for 高德/百度/腾讯 and schema.org JSON-LD.

use crate::directory::{Directory, Location, Record};
use crate::outputs::Output;
use serde_json::{json, Map, Value};

/// `bases/<id>/contact.vcf` and `bases/<id>/qr.svg` for every record.
pub fn outputs(dir: &Directory) -> Vec<Output<'_>> {
    let mut out = Vec::with_capacity(dir.records.len() * 2);
    for r in &dir.records {
        out.push(Output::Made { path: format!("bases/{}/contact.vcf", r.id), make: Box::new(move || vcard(dir, r).into_bytes()) });
        // Drawing a QR code costs more than the rest of a record's files: made only when its URL changed.
        let url = dir.record_url(r);
        let key = crate::cache::Key::new().add(b"qr").add(url.as_bytes()).finish();
        let make = Box::new(move || crate::qr::svg(&url).into_bytes());
        out.push(Output::Derived { path: format!("bases/{}/qr.svg", r.id), key, make });
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

/// The booking hints of a record as one line of text.
fn booking_note(dir: &Directory, r: &Record) -> String {
    let b = &r.booking;
    let mut parts = Vec::new();
    match b.required {
        Some(true) => parts.push("需预约".to_string()),
        Some(false) => parts.push("无需预约".to_string()),
        None => {}
    }
    if let Some(d) = b.advance_days {
        parts.push(format!("提前{d}天预约"));
    }
    if let Some(n) = b.group_max {
        parts.push(format!("团体不超过{n}人"));
    }
    if let Some(fee) = crate::views::fee_text(b.fee.as_deref()) {
        parts.push(match &b.fee_note {
            Some(n) => format!("{fee}（{n}）"),
            None => fee.to_string(),
        });
    } else if let Some(n) = &b.fee_note {
        parts.push(format!("费用：{n}"));
    }
    if let Some(c) = &b.contact {
        parts.push(format!("联系部门：{c}"));
    }
    if let Some(w) = &b.wechat {
        parts.push(format!("微信公众号：{w}"));
    }
    if let Some(g) = &b.green_channel {
        parts.push(format!("绿色通道：{g}"));
    }
    if let Some(h) = &r.hours {
        parts.push(format!("开放时间：{}", h.text));
    }
    if let Some(n) = &r.hours_note {
        parts.push(n.clone());
    }
    if let Some(u) = &b.url {
        parts.push(format!("预约网址：{u}"));
    }
    let mut note = parts.join("；");
    if dir.site.sample {
        note.push_str("\n（示例数据，电话与预约方式仅为演示）");
    }
    note
}

/// The vCard 4.0 of a record: name, booking phones, address, page and booking hints.
pub fn vcard(dir: &Directory, r: &Record) -> String {
    let county = &dir.counties[r.county].name;
    let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:4.0".into(), "KIND:org".into()];
    lines.push(format!("FN:{}", esc(&r.name)));
    lines.push(format!("ORG:{}", esc(&r.name)));
    if !r.aliases.is_empty() {
        lines.push(format!("NICKNAME:{}", r.aliases.iter().map(|a| esc(a)).collect::<Vec<_>>().join(",")));
    }
    for p in &r.booking.phones {
        lines.push(format!("TEL;VALUE=uri;TYPE=voice:tel:{}", p.tel));
    }
    if let Some(a) = &r.address {
        // pobox; extended; street; locality; region; code; country
        lines.push(format!("ADR;TYPE=work:;;{};{};兴安盟;;中国", esc(a), esc(county)));
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

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// 腾讯's marker parameter splits on `;` and `:`: keep them out of names and addresses.
fn field(s: &str) -> String {
    s.replace(';', "；").replace(':', "：")
}

/// https map links (they open inside WeChat) for 高德 (GCJ-02, lon,lat), 百度 (BD-09, lat,lng)
/// and 腾讯 (GCJ-02, lat,lng), from a WGS-84 point.
pub fn nav_links(name: &str, address: Option<&str>, location: Location) -> Vec<(&'static str, String)> {
    let g = crate::geo::wgs84_to_gcj02(location);
    let b = crate::geo::gcj02_to_bd09(g);
    let addr = address.unwrap_or("");
    vec![
        (
            "高德地图",
            format!("https://uri.amap.com/marker?position={:.6},{:.6}&name={}&coordinate=gaode&src=qingdan", g.lng, g.lat, pct(name)),
        ),
        (
            "百度地图",
            format!(
                "https://api.map.baidu.com/marker?location={:.6},{:.6}&title={}&content={}&coord_type=bd09ll&output=html&src=webapp.qingdan.site",
                b.lat,
                b.lng,
                pct(name),
                pct(if addr.is_empty() { name } else { addr })
            ),
        ),
        (
            "腾讯地图",
            format!(
                "https://apis.map.qq.com/uri/v1/marker?marker=coord:{:.6},{:.6};title:{};addr:{}&referer=qingdan",
                g.lat,
                g.lng,
                pct(&field(name)),
                pct(&field(addr))
            ),
        ),
    ]
}

/// The schema.org type(s) for a category id. Organization-only types are paired with Place so
/// that `geo`, `openingHoursSpecification` and `containedInPlace` stay valid.
fn schema_type(category: &str) -> Value {
    match category {
        "museum" | "art-gallery" | "science-centre" => json!("Museum"),
        "library" => json!("Library"),
        "sports-venue" => json!("SportsActivityLocation"),
        "fire-station" => json!("FireStation"),
        "university" => json!("CollegeOrUniversity"),
        "youth-centre" | "practice-base" | "labour-base" | "community" => json!("EducationalOrganization"),
        "patriotic-base" => json!(["LandmarksOrHistoricalBuildings", "TouristAttraction"]),
        "health" => json!(["MedicalOrganization", "Place"]),
        "enterprise" => json!(["Organization", "Place"]),
        "performing-arts" => json!(["PerformingGroup", "Place"]),
        _ => json!("Place"),
    }
}

const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

fn hhmm(m: u16) -> String {
    if m == 24 * 60 {
        return "23:59".into();
    }
    let m = m % (24 * 60);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// openingHoursSpecification for a year-round weekly schedule (later rules replace earlier
/// ones per day); none when the hours are seasonal or cannot be read as a schedule.
fn opening_hours(rules: &[crate::hours::Rule]) -> Option<Vec<Value>> {
    if rules.iter().any(|r| r.months & 0xFFF != 0xFFF) {
        return None;
    }
    let mut per_day: [Option<&Vec<[u16; 2]>>; 7] = [None; 7];
    for rule in rules {
        for (d, slot) in per_day.iter_mut().enumerate() {
            if rule.days & (1 << d) != 0 {
                *slot = Some(&rule.spans);
            }
        }
    }
    let mut specs = Vec::new();
    let mut done = [false; 7];
    for d in 0..7 {
        let Some(spans) = per_day[d].filter(|s| !s.is_empty() && !done[d]) else { continue };
        let days: Vec<usize> = (d..7).filter(|&e| per_day[e] == Some(spans)).collect();
        for &e in &days {
            done[e] = true;
        }
        for [a, b] in spans {
            specs.push(json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": days.iter().map(|&e| DAYS[e]).collect::<Vec<_>>(),
                "opens": hhmm(*a),
                "closes": hhmm(*b),
            }));
        }
    }
    (!specs.is_empty()).then_some(specs)
}

/// schema.org JSON-LD of a record, safe to put inside `<script type="application/ld+json">`.
pub fn json_ld(dir: &Directory, r: &Record) -> String {
    let county = &dir.counties[r.county];
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), schema_type(&dir.categories[r.category].id));
    m.insert("@id".into(), json!(format!("{}#place", dir.record_url(r))));
    m.insert("name".into(), json!(r.name));
    if !r.aliases.is_empty() {
        m.insert("alternateName".into(), json!(r.aliases));
    }
    m.insert("url".into(), json!(dir.record_url(r)));
    let phones: Vec<&str> = r.booking.phones.iter().map(|p| p.display.as_str()).collect();
    match phones.len() {
        0 => {}
        1 => {
            m.insert("telephone".into(), json!(phones[0]));
        }
        _ => {
            m.insert("telephone".into(), json!(phones));
        }
    }
    let mut address = json!({
        "@type": "PostalAddress",
        "addressRegion": "兴安盟",
        "addressLocality": county.name,
        "addressCountry": "CN",
    });
    if let Some(a) = &r.address {
        address["streetAddress"] = json!(a);
    }
    m.insert("address".into(), address);
    if let Some(l) = r.location {
        m.insert("geo".into(), json!({"@type": "GeoCoordinates", "latitude": l.lat, "longitude": l.lng}));
    }
    if let Some(specs) = r.hours.as_ref().and_then(|h| h.schedule.as_deref()).and_then(opening_hours) {
        m.insert("openingHoursSpecification".into(), json!(specs));
    }
    match r.booking.fee.as_deref() {
        Some("free") => {
            m.insert("isAccessibleForFree".into(), json!(true));
        }
        Some("paid") => {
            m.insert("isAccessibleForFree".into(), json!(false));
        }
        _ => {}
    }
    if let Some(u) = &r.booking.url {
        m.insert("tourBookingPage".into(), json!(u));
    }
    m.insert(
        "containedInPlace".into(),
        json!({
            "@type": "AdministrativeArea",
            "name": county.name,
            "url": format!("{}counties/{}/", dir.site.base_url, county.id),
        }),
    );
    // `<` never appears raw, so no `</script>` or `<!--` in the data can end the element.
    serde_json::to_string(&Value::Object(m)).expect("JSON").replace('<', "\\u003c")
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

    #[test]
    fn opening_hours_follow_the_schedule() {
        let opening_hours = |raw: &str| opening_hours(&crate::hours::schedule(&crate::hours::parse(raw).unwrap())?);
        let specs = opening_hours("Tu-Su 09:00-16:30; Mo off").unwrap();
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0]["dayOfWeek"].as_array().unwrap().len(), 6);
        assert_eq!(specs[0]["opens"], "09:00");
        assert_eq!(specs[0]["closes"], "16:30");
        let specs = opening_hours("Mo-Su 08:00-12:00,14:00-18:00; Mo off").unwrap();
        assert_eq!(specs.len(), 2);
        assert!(!specs[0]["dayOfWeek"].as_array().unwrap().iter().any(|d| d == "Monday"));
        assert!(opening_hours("May-Oct 08:00-17:00").is_none());
    }

    #[test]
    fn names_are_percent_encoded() {
        let links = nav_links("A&B 馆;x", Some("路:1"), Location { lat: 46.0843, lng: 122.0712 });
        assert_eq!(links.len(), 3);
        assert!(links[0].1.contains("name=A%26B%20%E9%A6%86%3Bx"), "{}", links[0].1);
        assert!(links[2].1.contains("title:A%26B%20%E9%A6%86%EF%BC%9Bx;addr:%E8%B7%AF%EF%BC%9A1&"), "{}", links[2].1);
    }
}
