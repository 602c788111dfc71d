//! Fuzzing on stable Rust: records, record edits, opening hours, Markdown and spreadsheets made by mutating
//! real inputs with the tokens that matter to their parsers, each for a bounded time
//! (`QINGDAN_FUZZ_SECONDS`, 3 s by default; CI gives 20). Every input must be read without a
//! panic and give safe output. Inputs that once failed are kept in [`REGRESSIONS`] and run first.

use super::{config, read, record};
use crate::diag::Diagnostics;
use crate::model::{hours, markdown};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

/// Inputs found failing, kept so they stay fixed: (target, input).
const REGRESSIONS: &[(&str, &str)] = &[
    ("record", "---\nname: \"\\e\"\ncategory: museum\ncounty: ulanhot\n---\n"),
    ("record", "---\nname: x\ncategory: museum\ncounty: ulanhot\nbooking: { advance_days: -3 }\n---\n"),
    ("markdown", "<a name=x>a</a><details>d</details>&#27;<!-- c -->"),
    ("markdown", "<b>粗</nameb> <a href=\"htt\u{1b}ps://a.example\" onclick=x()>链接</a>\n"),
    ("hours", "Mo-Su 22:00-26:00; PH off"),
    ("hours", "Tu-Su 09:00-16:30 \"a\u{1b}b\"; Mo off"),
    ("markdown", "<a href=\"h&#27;ttps://a.example\">链接</a>\n"),
    ("markdown", "[预约](https,:javascript://a.example) [x](JavaScript:alert(1))\n"),
    ("markdown", "<a href=\"jav&#27;ascript:alert(1)\">x</a> <a href=\"ht&#27;tps:x\">y</a>\n"),
    ("markdown", "<a href=\"ht\u{212a}tps://a.example\">K</a>\n"),
    ("edit", "name: 某馆\naliases: [测博]"),
    ("edit", "name: x\nbooking:\n  # 注释\n  fee: paid\n"),
    ("edit", "name: x\nprivate: { : a }\nsources: []\ndescription: |\n  讲"),
    ("edit", "name: x\nprivate:\n  ? a: b\n  c: d\n"),
];

/// Tokens that mean something to YAML, Markdown, HTML, opening_hours or CSV.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "\\",
    "\\e",
    "\\0",
    "\\x1b",
    "\\u0007",
    "\n",
    "\r\n",
    "\t",
    "---",
    "#",
    " #",
    "&a ",
    "*a",
    "!!str ",
    "|",
    ">",
    "? ",
    ",",
    "<",
    ">",
    "<script>",
    "</a>",
    "<a href=",
    "<!--",
    "-->",
    "javascript:",
    "&#27;",
    "&amp;",
    "**",
    "`",
    "```",
    "|--|",
    "Mo",
    "Tu-Su",
    "09:00",
    "-",
    "24:00",
    "26:00",
    ";",
    "off",
    "PH",
    "May-Oct",
    "[1]",
    "+",
    "\u{1b}",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "长",
    "𠀀",
    "=",
    "=HYPERLINK(",
    "\"\"",
    "0482-555 0101",
    "name",
    "category",
    "county",
    "booking",
    "private",
];

/// splitmix64: a small, fast generator; a run is repeatable from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// `seed` changed a few times: a token put in, a piece cut out, doubled or swapped.
    fn mutate(&mut self, seed: &str) -> String {
        let mut chars: Vec<char> = seed.chars().collect();
        for _ in 0..1 + self.below(6) {
            let at = self.below(chars.len() + 1);
            match self.below(5) {
                0 | 1 => {
                    let token = TOKENS[self.below(TOKENS.len())];
                    chars.splice(at..at, token.chars());
                }
                2 if at < chars.len() => {
                    let end = (at + 1 + self.below(20)).min(chars.len());
                    chars.drain(at..end);
                }
                3 if at < chars.len() => {
                    let end = (at + 1 + self.below(40)).min(chars.len());
                    let piece: Vec<char> = chars[at..end].to_vec();
                    chars.splice(at..at, piece.into_iter().cycle().take((end - at) * (1 + self.below(50))));
                }
                _ => {
                    let c = char::from_u32(self.next() as u32 % 0x3_0000).unwrap_or('\u{fffd}');
                    chars.insert(at, c);
                }
            }
        }
        chars.into_iter().collect()
    }
}

fn budget() -> Duration {
    let seconds = std::env::var("QINGDAN_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    Duration::from_secs_f64(seconds)
}

/// Runs `check` on the regressions of `target`, then on mutations of `seeds` until the budget is
/// spent; a panic or a failed property names the input (escaped, to be added to REGRESSIONS).
fn fuzz(target: &str, seeds: &[&str], check: impl Fn(&str) -> Result<(), String>) {
    let known = REGRESSIONS.iter().filter(|(t, _)| *t == target).map(|(_, input)| input.to_string());
    let mut rng = Rng(0x5EED ^ target.len() as u64);
    let start = Instant::now();
    let mut runs = 0;
    let mut inputs = known.chain(seeds.iter().map(|s| s.to_string()));
    loop {
        let input = match inputs.next() {
            Some(input) => input,
            None if start.elapsed() < budget() => {
                let seed = seeds[rng.below(seeds.len())];
                rng.mutate(seed)
            }
            None => break,
        };
        runs += 1;
        match catch_unwind(AssertUnwindSafe(|| check(&input))) {
            Ok(Ok(())) => {}
            Ok(Err(why)) => panic!("{target}: {why}\ninput: {input:?}"),
            Err(_) => panic!("{target}: panicked on input {input:?}"),
        }
    }
    assert!(runs > seeds.len(), "{target}: no mutation ran");
}

/// No control character but tab and line feed.
fn visible(what: &str, text: &str) -> Result<(), String> {
    match text.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n')) {
        Some(c) => Err(format!("{what} holds U+{:04X}", c as u32)),
        None => Ok(()),
    }
}

#[test]
fn records_are_read_without_panic_and_hold_no_control_characters() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let mut diags = Diagnostics::default();
    let sources = read::folder(&fixture, &mut diags);
    let cfg = config::config(&sources, None, &mut diags).expect("the fixture's lists are valid");
    let seeds: Vec<&str> = sources.records.iter().map(|s| s.text.as_str()).collect();
    let today = jiff::civil::date(2026, 11, 29);
    fuzz("record", &seeds, |text| {
        // As a file is read: its encoding and line ends checked first.
        let mut diags = Diagnostics::default();
        let Some(text) = read::decode(Path::new("fuzz.md"), text.as_bytes().to_vec(), &mut diags) else {
            return Ok(());
        };
        let text = text.as_str();
        let source = read::Source::new("bases/ulanhot/fuzz.md".into(), "bases/ulanhot/fuzz.md".into(), text.into());
        let lines = text.lines().count() + 2;
        if let Some(r) = record::record(&source, &cfg, today, &mut diags) {
            let texts = [Some(&r.name), r.address.as_ref(), r.transport.as_ref(), r.booking.contact.as_ref()];
            for t in texts.into_iter().flatten().chain(&r.aliases).chain(std::iter::once(&r.description)) {
                visible("a value", t)?;
            }
        }
        match diags.items.iter().find(|d| d.line > lines) {
            Some(d) => Err(format!("{} points at line {} of {lines}", d.code, d.line)),
            None => Ok(()),
        }
    });
}

#[test]
fn opening_hours_are_read_without_panic() {
    let seeds = [
        "Tu-Su 09:00-16:30; Mo off",
        "May-Oct Mo-Su 08:00-17:30; Nov-Apr Tu-Su 09:00-16:00",
        "Sa[1,3] 09:00+",
        "周二至周日 9:00-16:30，周一闭馆",
        "4月-10月 上午8点半-11:30 下午2:30-5:30（周一至周五）；法定节假日休息",
    ];
    fuzz("hours", &seeds, |value| {
        // Hours written in Chinese: read without panic, and only ever as a valid value.
        if let Some((osm, _)) = super::hours_zh::convert(value) {
            hours::parse(&osm).map_err(|e| format!("{value:?} read as {osm:?}, which does not parse: {e}"))?;
        }
        if let Ok((text, schedule)) = hours::read(value) {
            visible("the words", &text)?;
            for rule in schedule.iter().flatten() {
                if rule.spans.iter().any(|[a, b]| *a > 48 * 60 || *b > 48 * 60) {
                    return Err(format!("a span past two days: {:?}", rule.spans));
                }
            }
        }
        Ok(())
    });
}

/// The start tags of HTML as ammonia writes it (values double-quoted, `"` and `<` in text and
/// values escaped): names and attributes, lowercased names.
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    for piece in html.split('<').skip(1).filter(|p| !p.starts_with('/')) {
        let chars: Vec<char> = piece.chars().collect();
        let mut i = chars.iter().position(|c| !c.is_alphanumeric()).unwrap_or(chars.len());
        let name: String = chars[..i].iter().collect::<String>().to_lowercase();
        let mut attributes = Vec::new();
        while i < chars.len() && chars[i] != '>' {
            if chars[i].is_whitespace() || chars[i] == '/' {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && !matches!(chars[i], '=' | '>' | ' ' | '/') {
                i += 1;
            }
            let attribute: String = chars[start..i].iter().collect::<String>().to_lowercase();
            let mut value = String::new();
            if chars.get(i) == Some(&'=') && chars.get(i + 1) == Some(&'"') {
                let end = chars[i + 2..].iter().position(|c| *c == '"').map_or(chars.len(), |e| i + 2 + e);
                value = chars[i + 2..end].iter().collect();
                i = end + 1;
            }
            attributes.push((attribute, value));
        }
        tags.push((name, attributes));
    }
    tags
}

#[test]
fn markdown_becomes_safe_html() {
    let seeds = [
        "## 参观\n\n- 常设展览\n- **研学** [预约](https://a.example)\n\n| a | b |\n|--|--|\n| 1 | 2 |\n",
        "<b>粗</b> <a href=\"https://a.example\" onclick=x()>链接</a>\n\n```\ncode\n```\n",
    ];
    fuzz("markdown", &seeds, |md| {
        let html = markdown::to_html(md);
        for (name, attributes) in start_tags(&html) {
            if ["script", "img", "details", "summary", "style", "iframe"].contains(&name.as_str()) {
                return Err(format!("the HTML holds <{name}>: {html}"));
            }
            if attributes.iter().any(|(a, _)| a.starts_with("on")) {
                return Err(format!("the HTML holds a handler: {html}"));
            }
            let href = attributes.iter().find(|(a, _)| a == "href").map(|(_, v)| v.as_str());
            // A link's scheme, if its address has one (`https,:x` is a relative address).
            // Checked before lowercasing: `ht\u{212a}tps:` (Kelvin sign) is no scheme, `htktps:` is.
            let scheme = href.and_then(|h| h.split_once(':')).map(|(s, _)| s).filter(|s| {
                s.starts_with(|c: char| c.is_ascii_alphabetic())
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            });
            let scheme = scheme.map(str::to_ascii_lowercase);
            if scheme.is_some_and(|s| !["http", "https", "mailto", "tel"].contains(&s.as_str())) {
                return Err(format!("the HTML links with another scheme: {href:?}"));
            }
            if name == "a" && href.is_none() && attributes.iter().any(|(a, _)| a == "rel") {
                return Err(format!("rel without href: {html}"));
            }
        }
        if html.contains("<!--") {
            return Err(format!("the HTML holds a comment: {html}"));
        }
        visible("the HTML", &html)?;
        visible("the words", &markdown::to_text(md))
    });
}

#[test]
fn spreadsheets_are_read_without_panic() {
    let seeds = [
        "名称,类别,预约电话\n兴安盟博物馆,博物馆,0482-555 0101\n",
        "\u{feff}名称,开放时间\r\n\"a,b\",\"Tu-Su 09:00-16:30\"\r\n",
    ];
    let dir = std::env::temp_dir().join(format!("qingdan-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sheet.csv");
    fuzz("import", &seeds, |text| {
        std::fs::write(&file, text).map_err(|e| e.to_string())?;
        let _ = super::table::read_table(&file);
        Ok(())
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn record_edits_change_only_their_field() {
    use super::cells::{current, BOOKING};
    use super::edit::{Doc, Value, TOP_ORDER};
    use super::raw::RawRecord;
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
    let mut diags = Diagnostics::default();
    let sources = read::folder(&fixture, &mut diags);
    let seeds: Vec<&str> = sources.records.iter().map(|s| s.text.as_str()).collect();
    let parse = |yaml: &str| serde_saphyr::from_str::<RawRecord>(yaml).ok();
    fuzz("edit", &seeds, |text| {
        let yaml = text.strip_prefix("---\n").and_then(|t| t.split("\n---\n").next()).unwrap_or(text);
        let Some(before) = parse(yaml) else { return Ok(()) };
        let edits = [("name", "\"改: 名\""), ("booking.group_max", "45"), ("address", "某路 1 号")];
        let mut doc = Doc::new(yaml).map_err(|e| format!("a record that parses cannot be edited: {e}"))?;
        for (key, value) in edits {
            let order = if key.contains('.') { &BOOKING[..] } else { TOP_ORDER };
            if doc.set(key, &Value::Text(value.into()), order).is_err() {
                return Ok(()); // a one-line `booking: { … }`, refused by design
            }
        }
        let out = doc.finish();
        let after = parse(&out).ok_or_else(|| format!("the edit does not parse:\n{out}"))?;
        let (mut was, mut now) = (current(&before), current(&after));
        let changed = [("name", "\"改: 名\""), ("booking.group_max", "45"), ("address", "\"某路 1 号\"")];
        for (key, value) in changed {
            if now.remove(key) != Some(Value::Text(value.into())) {
                return Err(format!("`{key}` is not {value}:\n{out}"));
            }
            was.remove(key);
        }
        if was != now {
            return Err(format!("other fields changed:\n{out}"));
        }
        Ok(())
    });
}
