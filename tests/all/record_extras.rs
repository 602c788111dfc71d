//! What a record page gives to take away: contact card, QR code, map links and JSON-LD,
//! built by the real binary from the sample content and read back.

use crate::common::*;
use qingdan::{Directory, Location};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

type Files = BTreeMap<String, Vec<u8>>;

fn build_sample() -> Files {
    let tmp = tempdir();
    let out = build(Path::new("content"), &tmp.path().join("public"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    files(&tmp.path().join("public"))
}

/// The sample built once for this file.
fn built() -> &'static Files {
    static BUILT: OnceLock<Files> = OnceLock::new();
    BUILT.get_or_init(build_sample)
}

fn sample() -> &'static Directory {
    static DIR: OnceLock<Directory> = OnceLock::new();
    DIR.get_or_init(sample_directory)
}

fn text(rel: &str) -> String {
    String::from_utf8(built().get(rel).unwrap_or_else(|| panic!("{rel} was not built")).clone()).unwrap()
}

/// RFC 6350 §3.2: content lines end in CRLF; a CRLF followed by one space or tab continues the
/// previous line. Returns the logical lines.
fn unfold(card: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in card.split_terminator("\r\n") {
        match physical.strip_prefix([' ', '\t']) {
            Some(rest) => lines.last_mut().expect("a continuation needs a line").push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    lines
}

/// Undoes RFC 6350 text escapes.
fn unescape(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(c) => out.push(c),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The query of a URL as (name, decoded value) pairs.
fn query(url: &str) -> BTreeMap<String, String> {
    let q = url.split_once('?').expect("a query").1;
    q.split('&').map(|kv| kv.split_once('=').unwrap()).map(|(k, v)| (k.to_string(), percent_decode(v))).collect()
}

fn pair(s: &str) -> (f64, f64) {
    let (a, b) = s.split_once(',').unwrap();
    (a.parse().unwrap(), b.parse().unwrap())
}

/// The JSON-LD blocks of a page.
fn json_ld(page: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for (at, _) in page.match_indices("<script") {
        let open_end = at + page[at..].find('>').unwrap() + 1;
        if page[at..open_end].contains("application/ld+json") {
            let body = &page[open_end..open_end + page[open_end..].find("</script").unwrap()];
            assert!(!body.contains('<'));
            out.push(serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}")));
        }
    }
    out
}

#[test]
fn every_record_has_a_vcard_with_its_name_phones_and_page() {
    let dir = sample();
    for r in &dir.records {
        let card = text(&format!("bases/{}/contact.vcf", r.id));
        assert!(card.ends_with("\r\n"), "{}: no final CRLF", r.id);
        assert_eq!(card.matches('\n').count(), card.matches("\r\n").count(), "{}: bare LF", r.id);
        assert_eq!(card.matches('\r').count(), card.matches("\r\n").count(), "{}: bare CR", r.id);
        for physical in card.split_terminator("\r\n") {
            assert!(physical.len() <= 75, "{}: line of {} octets: {physical}", r.id, physical.len());
        }
        let lines = unfold(&card);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCARD"));
        assert_eq!(lines.get(1).map(String::as_str), Some("VERSION:4.0"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCARD"));
        let value = |prop: &str| lines.iter().find_map(|l| l.strip_prefix(prop)).map(unescape);
        assert_eq!(value("FN:").as_deref(), Some(r.name.as_str()), "{}", r.id);
        let tels: Vec<&str> = lines.iter().filter_map(|l| l.strip_prefix("TEL;VALUE=uri;TYPE=voice:")).collect();
        let expected: Vec<String> = r.booking.phones.iter().map(|p| format!("tel:{}", p.international())).collect();
        assert!(tels.iter().all(|t| t.starts_with("tel:+86-")), "{}: {tels:?}", r.id);
        assert_eq!(tels, expected, "{}", r.id);
        assert_eq!(value("URL:"), Some(format!("{}bases/{}/", dir.site.base_url, r.id)));
        if let Some(a) = &r.address {
            let adr = lines.iter().find_map(|l| l.strip_prefix("ADR;TYPE=work:")).expect("ADR");
            assert!(adr.contains(&a.replace(',', "\\,").replace(';', "\\;")), "{}: {adr}", r.id);
        }
    }
    let wuyi = unfold(&text("bases/wuyi-huizhi/contact.vcf"));
    let note = unescape(wuyi.iter().find_map(|l| l.strip_prefix("NOTE:")).unwrap());
    assert!(note.contains("需提前3天预约") && note.contains("联系部门：宣教部") && note.contains("免费"), "{note}");
}

#[test]
fn the_qr_code_is_a_printable_svg_of_the_page_url() {
    let dir = sample();
    for r in &dir.records {
        let svg = text(&format!("bases/{}/qr.svg", r.id));
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"), "{}", r.id);
        assert!(svg.contains("<svg ") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains(r#"width="40mm" height="40mm""#) && svg.contains("viewBox=\"0 0 "), "{}", r.id);
        assert!(svg.contains(r##"fill="#000""##) && svg.contains(r##"fill="#fff""##));
        // Encoding the page URL again with the qrcode crate gives the same modules.
        let url = format!("{}bases/{}/", dir.site.base_url, r.id);
        let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).unwrap();
        let w = code.width() + 8; // a quiet zone of 4 modules on each side
        assert!(svg.contains(&format!(r#"viewBox="0 0 {w} {w}""#)), "{}", r.id);
        // The path's runs `Mx yhNv1h-Nz` paint exactly the dark modules.
        let d = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut dark = vec![false; w * w];
        for run in d.split('M').filter(|s| !s.is_empty()) {
            let (xy, rest) = run.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y, n): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), rest.split('v').next().unwrap().parse().unwrap());
            assert_eq!(rest, format!("{n}v1h-{n}z"), "{}", r.id);
            (x..x + n).for_each(|x| dark[y * w + x] = true);
        }
        let modules = code.to_colors();
        for y in 0..w {
            for x in 0..w {
                let inside = (4..w - 4).contains(&x) && (4..w - 4).contains(&y);
                let expected = inside && modules[(y - 4) * code.width() + x - 4] == qrcode::Color::Dark;
                assert_eq!(dark[y * w + x], expected, "{} module {x},{y}", r.id);
            }
        }
    }
}

#[test]
fn contact_cards_and_qr_codes_are_the_same_in_every_build() {
    let again = build_sample();
    for (rel, bytes) in
        built().iter().filter(|(r, _)| r.starts_with("bases/") && (r.ends_with(".vcf") || r.ends_with(".svg")))
    {
        assert_eq!(again.get(rel), Some(bytes), "{rel} differs between two builds");
    }
}

#[test]
fn json_ld_describes_the_place() {
    let dir = sample();
    let r = dir.records.iter().find(|r| r.id == "wuyi-huizhi").unwrap();
    let page = text("bases/wuyi-huizhi/index.html");
    let blocks = json_ld(&page);
    assert_eq!(blocks.len(), 1);
    let v = &blocks[0];
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], serde_json::json!(["LandmarksOrHistoricalBuildings", "TouristAttraction"]));
    assert_eq!(v["name"], r.name.as_str());
    assert_eq!(v["alternateName"][0], "五一会址");
    assert_eq!(v["url"], format!("{}bases/wuyi-huizhi/", dir.site.base_url));
    assert_eq!(v["telephone"], r.booking.phones[0].international());
    assert!(v["telephone"].as_str().unwrap().starts_with("+86-"));
    let loc = r.location.unwrap();
    assert_eq!(v["geo"]["latitude"].as_f64(), Some(loc.lat));
    assert_eq!(v["geo"]["longitude"].as_f64(), Some(loc.lng));
    assert_eq!(v["address"]["addressLocality"], "乌兰浩特市");
    assert_eq!(v["address"]["addressRegion"], "兴安盟");
    assert_eq!(v["address"]["addressCountry"], "CN");
    assert_eq!(v["containedInPlace"]["name"], "乌兰浩特市");
    assert_eq!(v["isAccessibleForFree"], true);
    // "Tu-Su 09:00-16:30; Mo off"
    let specs = v["openingHoursSpecification"].as_array().unwrap();
    assert_eq!(specs.len(), 1);
    assert_eq!(specs[0]["opens"], "09:00");
    assert_eq!(specs[0]["closes"], "16:30");
    let days = specs[0]["dayOfWeek"].as_array().unwrap();
    assert_eq!(days.len(), 6);
    assert!(!days.iter().any(|d| d == "https://schema.org/Monday"));
    assert_eq!(days[0], "https://schema.org/Tuesday");
    assert!(specs[0].get("validFrom").is_none(), "year-round hours have no season");

    // "May-Oct Mo-Su 08:00-17:30; Nov-Apr Tu-Su 09:00-16:00": each season dated, the current
    // one (winter, on TODAY) and the next summer.
    let v = &json_ld(&text("bases/bailang-forest-culture/index.html"))[0];
    let seasons: Vec<(&str, &str, usize, &str)> = v["openingHoursSpecification"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let days = s["dayOfWeek"].as_array().unwrap().len();
            (s["validFrom"].as_str().unwrap(), s["validThrough"].as_str().unwrap(), days, s["opens"].as_str().unwrap())
        })
        .collect();
    assert_eq!(seasons, [("2026-11-01", "2027-04-30", 6, "09:00"), ("2027-05-01", "2027-10-31", 7, "08:00")]);

    // Every record page has exactly one block, of a type fitting its category.
    for r in &dir.records {
        let blocks = json_ld(&text(&format!("bases/{}/index.html", r.id)));
        assert_eq!(blocks.len(), 1, "{}", r.id);
        let ty = &blocks[0]["@type"];
        let category = dir.categories[r.category].id.as_str();
        let want = match category {
            "museum" | "art-gallery" => "Museum",
            "library" => "Library",
            "fire-station" => "FireStation",
            "sports-venue" => "SportsActivityLocation",
            "university" => "CollegeOrUniversity",
            _ => continue,
        };
        assert_eq!(ty, want, "{} ({category})", r.id);
    }
}

#[test]
fn map_links_carry_coordinates_converted_for_each_app() {
    let dir = sample();
    let r = dir.records.iter().find(|r| r.id == "wuyi-huizhi").unwrap();
    let page = text("bases/wuyi-huizhi/index.html");
    let links: Vec<(String, Option<String>)> = tags(&page)
        .into_iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| Some((t.attr("href")?.to_string(), t.attr("rel").map(String::from))))
        .filter(|(h, _)| h.contains("uri.amap.com") || h.contains("api.map.baidu.com") || h.contains("apis.map.qq.com"))
        .collect();
    assert_eq!(links.len(), 3, "{links:?}");
    assert!(links.iter().all(|(h, rel)| h.starts_with("https://") && rel.as_deref() == Some("noopener noreferrer")));
    let w = r.location.unwrap();
    let g = qingdan::geo::wgs84_to_gcj02(w);
    let b = qingdan::geo::gcj02_to_bd09(g);
    let near = |(x, y): (f64, f64), (ex, ey): (f64, f64)| (x - ex).abs() < 1e-6 && (y - ey).abs() < 1e-6;
    for (href, _) in &links {
        let q = query(href);
        if href.starts_with("https://uri.amap.com/marker?") {
            assert!(near(pair(&q["position"]), (g.lng, g.lat)), "{href}");
            assert_eq!(q["coordinate"], "gaode");
            assert_eq!(q["name"], r.name);
        } else if href.starts_with("https://api.map.baidu.com/marker?") {
            assert!(near(pair(&q["location"]), (b.lat, b.lng)), "{href}");
            assert_eq!(q["coord_type"], "bd09ll");
            assert_eq!(q["output"], "html");
            assert!(q.contains_key("src"));
            assert_eq!(q["title"], r.name);
        } else {
            assert!(href.starts_with("https://apis.map.qq.com/uri/v1/marker?"), "{href}");
            let marker = &q["marker"];
            let coord = marker.strip_prefix("coord:").unwrap().split(';').next().unwrap();
            assert!(near(pair(coord), (g.lat, g.lng)), "{href}");
            assert!(marker.contains(&format!(";title:{}", r.name)), "{marker}");
            assert!(q.contains_key("referer"));
        }
    }
    // GCJ-02 is a shift of a few hundred metres, not nothing.
    assert!((g.lng - w.lng).abs() > 0.003);

    // Against the published coordtransform vector: WGS-84 (116.404, 39.915) → GCJ-02
    // (116.41024449916938, 39.91640428150164).
    let links = qingdan::nav_links("天安门", Some("北京市东城区"), Location { lat: 39.915, lng: 116.404 });
    let amap = query(&links.iter().find(|(n, _)| n.contains("高德")).unwrap().1);
    assert!(near(pair(&amap["position"]), (116.41024449916938, 39.91640428150164)), "{amap:?}");
    let qq = query(&links.iter().find(|(n, _)| n.contains("腾讯")).unwrap().1);
    assert!(qq["marker"].starts_with("coord:39.916404,116.410244;title:天安门;addr:北京市东城区"), "{qq:?}");
}

#[test]
fn the_record_page_links_the_card_the_qr_code_and_open_graph() {
    let page = text("bases/wuyi-huizhi/index.html");
    let t = tags(&page);
    assert!(t.iter().any(|t| t.name == "a" && t.attr("href") == Some("contact.vcf") && t.attr("download").is_some()));
    let img = t.iter().find(|t| t.name == "img").expect("QR image");
    assert_eq!(img.attr("src"), Some("qr.svg"));
    assert!(
        img.attr("alt").is_some_and(|a| a.contains("二维码"))
            && img.attr("width").is_some()
            && img.attr("height").is_some()
    );
    let og = |p: &str| {
        t.iter()
            .find(|t| t.name == "meta" && t.attr("property") == Some(p))
            .and_then(|t| t.attr("content"))
            .map(String::from)
    };
    assert_eq!(og("og:url").as_deref(), Some("https://example.org/bases/wuyi-huizhi/"));
    assert_eq!(og("og:locale").as_deref(), Some("zh_CN"));
    assert_eq!(og("og:type").as_deref(), Some("place"));
    assert!(og("og:title").unwrap().contains("内蒙古自治政府成立大会会址"));
    assert!(og("og:site_name").is_some() && og("og:description").is_some());
}

#[test]
fn no_private_value_leaves_in_cards_qr_codes_or_json_ld() {
    let secrets = private_strings("content");
    assert!(!secrets.is_empty());
    for (rel, bytes) in built() {
        let text = String::from_utf8_lossy(bytes);
        let checked: String = if rel.ends_with(".vcf") {
            unfold(&text).iter().map(|l| unescape(l)).collect::<Vec<_>>().join("\n")
        } else if rel.ends_with(".svg") {
            text.into_owned()
        } else if rel.starts_with("bases/") && rel.ends_with(".html") {
            json_ld(&text).iter().map(|v| v.to_string()).collect()
        } else {
            continue;
        };
        for s in &secrets {
            assert!(!checked.contains(s.as_str()), "{rel} holds a private value: {s}");
        }
    }
}
