//! A bureau's spreadsheet (one row per venue, Chinese headers) read as record files for
//! `bases/COUNTY/`: [`plan`] says what each row becomes, or why it cannot; `qingdan import`
//! writes and reports it.

use super::config::Config;
use super::table::{self, clean_header, field, HEADERS};
use super::{checks, record_id, Sources};
use crate::model::{hours, AUDIENCES};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// A URL-safe id from a name: pinyin syllables joined by `-`, at most 40 characters.
pub fn slug(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut s = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => s.push_str(&format!("-{}-", p.plain().replace('ü', "v"))),
            None if c.is_ascii_alphanumeric() => s.push(c.to_ascii_lowercase()),
            None => s.push('-'),
        }
    }
    let mut id = String::new();
    for part in s.split('-').filter(|p| !p.is_empty()) {
        if !id.is_empty() && id.len() + part.len() >= 40 {
            break;
        }
        id = if id.is_empty() { part.to_string() } else { format!("{id}-{part}") };
    }
    id.truncate(40);
    if id.is_empty() {
        "place".into()
    } else {
        id
    }
}

fn q(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

/// One row's cells by field; `problems` make it skipped, `warnings` do not.
#[derive(Default)]
struct Row {
    /// Field → (`第 N 列（表头）`, cell).
    values: BTreeMap<&'static str, (String, String)>,
    problems: Vec<String>,
    warnings: Vec<String>,
}

impl Row {
    fn get(&self, f: &str) -> Option<&str> {
        self.values.get(f).map(|(_, v)| v.as_str())
    }
    fn at(&self, f: &str) -> String {
        self.values.get(f).map_or(String::new(), |v| v.0.clone())
    }
    fn problem(&mut self, f: &str, what: String, expected: &str) {
        self.problems.push(format!("{}：{what}；应为{expected}", self.at(f)));
    }
    /// The cell split at `seps`, each part through `conv`; a part it rejects is a problem.
    fn parts(
        &mut self,
        f: &str,
        seps: &[char],
        conv: impl Fn(&str) -> Option<String>,
        expected: &str,
    ) -> Option<Vec<String>> {
        let text = self.get(f)?.to_string();
        let mut out = Vec::new();
        for part in text.split(|c| seps.contains(&c)).map(str::trim).filter(|s| !s.is_empty()) {
            match conv(part) {
                Some(v) => out.push(v),
                None => self.problem(f, format!("`{part}` 无效"), expected),
            }
        }
        Some(out)
    }
    fn one(&mut self, f: &str, conv: impl Fn(&str) -> Option<String>, expected: &str) -> Option<String> {
        self.parts(f, &[], conv, expected)?.pop()
    }
}

const LIST: &[char] = &['、', '，', ',', '；', ';', '/'];
const WORDS: &[char] = &['、', '，', ',', '；', ';', '/', ' ', '　'];

/// Builds the record text of one row, or leaves problems in `row`.
fn record(row: &mut Row, config: &Config, county: &str, source: &str, today: jiff::civil::Date) -> Option<String> {
    let cats: Vec<_> = config.categories.iter().map(|k| (k.id.as_str(), k.name.as_str())).collect();
    let themes: Vec<_> = config.themes.iter().map(|k| (k.id.as_str(), k.name.as_str())).collect();
    let find =
        |known: &[(&str, &str)], s: &str| known.iter().find(|(id, n)| *id == s || *n == s).map(|k| k.0.to_string());
    let all = |known: &[(&str, &str)]| known.iter().map(|(id, n)| format!("{id} {n}")).collect::<Vec<_>>().join(" | ");
    let list = |v: Vec<String>| format!("[{}]", v.join(", "));
    let text = |s: &str| Some(q(s));
    let deg = |max: f64| move |s: &str| s.parse::<f64>().ok().filter(|v| v.abs() <= max).map(|v| v.to_string());
    let int = |s: &str| s.trim_end_matches(['天', '日', '人']).trim().parse::<u32>().ok().map(|n| n.to_string());
    let web =
        |s: &str| s.split_once("://").filter(|(p, h)| matches!(*p, "http" | "https") && h.contains('.')).map(|_| q(s));
    let pick = |opts: [(&'static str, &'static str); 2]| {
        move |s: &str| opts.iter().find(|(t, _)| t.split('|').any(|t| t == s.to_lowercase())).map(|o| o.1.to_string())
    };
    for (f, what) in [("name", "名称"), ("category", "类别")] {
        if row.get(f).is_none() {
            row.problems.push(format!("缺少{what}（必填）"));
        }
    }
    let top = [
        ("name", row.one("name", text, "")),
        ("aliases", row.parts("aliases", LIST, text, "").map(list)),
        ("category", row.one("category", |s| find(&cats, s), &format!("类别 id 或名称：{}", all(&cats)))),
        ("county", Some(county.to_string())),
        (
            "themes",
            row.parts("themes", WORDS, |s| find(&themes, s), &format!("主题 id 或名称：{}", all(&themes))).map(list),
        ),
        ("audiences", row.parts("audiences", WORDS, |s| find(&AUDIENCES, s), &all(&AUDIENCES)).map(list)),
        ("address", row.one("address", text, "")),
        ("location", {
            let lat = row.one("lat", deg(90.0), "纬度，如 46.08");
            row.one("lng", deg(180.0), "经度，如 122.07")
                .zip(lat)
                .map(|(lng, lat)| format!("{{ lat: {lat}, lng: {lng} }}"))
        }),
    ];
    let (mut note, mut hours) = (vec![], None);
    if let Some(h) = row.get("hours").map(str::to_string) {
        let at = row.at("hours");
        match hours::parse(&h).ok().map(|_| (h.clone(), vec![])).or_else(|| super::hours_zh::convert(&h)) {
            Some((value, remarks)) => {
                if value != h {
                    row.warnings.push(format!("{at}：`{h}` 已写作 `{value}`，请核对"));
                }
                hours = Some(q(&value));
                note.extend(remarks);
            }
            None => {
                row.warnings.push(format!("{at}：`{h}` 读不出开放时间（如 周二至周日 9:00-16:30），已写入 hours_note"));
                note.push(h);
            }
        }
    }
    note.extend(row.get("hours_note").map(str::to_string));
    let hours_note = (!note.is_empty()).then(|| q(&note.join("；")));
    let booking = [
        (
            "required",
            row.one("required", pick([("是|需要|true|yes", "true"), ("否|不需要|无需|false|no", "false")]), "是或否"),
        ),
        (
            "phones",
            row.parts(
                "phones",
                LIST,
                |s| checks::phone(s).map(|_| q(s)),
                "带区号的固定电话（如 0482-555 0101）或 11 位手机号",
            )
            .map(list),
        ),
        ("contact", row.one("contact", text, "")),
        ("wechat", row.one("wechat", text, "")),
        ("url", row.one("url", web, "http:// 或 https:// 网址")),
        ("advance_days", row.one("advance_days", int, "整数，如 3")),
        ("group_max", row.one("group_max", int, "整数，如 50")),
        ("fee", row.one("fee", pick([("免费|free", "free"), ("收费|paid", "paid")]), "免费或收费")),
        ("fee_note", row.one("fee_note", text, "")),
        ("green_channel", row.one("green_channel", text, "")),
    ];
    let mut y = format!("---\n# 由 qingdan import 从 {source}导入；请核对并补充简介\n");
    for (k, v) in top.into_iter().chain([("hours", hours), ("hours_note", hours_note)]) {
        y.extend(v.map(|v| format!("{k}: {v}\n")));
    }
    if booking.iter().any(|(_, v)| v.is_some()) {
        y.push_str("booking:\n");
    }
    for (k, v) in booking {
        y.extend(v.map(|v| format!("  {k}: {v}\n")));
    }
    y.push_str(&format!(
        "status: open\nupdated: \"{today}\"\nverified: \"{today}\"\n---\n<!-- 在这里用 Markdown 写场所简介 -->\n"
    ));
    row.problems.is_empty().then_some(y)
}

/// A landline Excel stored as a number has lost its leading 0 (`4825556003`): no phone has ten
/// digits without a 0 or 1 first, so the 0 is put back, and `said` is told of each.
fn leading_zero(cell: &str, said: &mut dyn FnMut(&str)) -> String {
    let mut out = cell.to_string();
    for part in cell.split(LIST).map(str::trim) {
        let lost = part.len() >= 9 && part.bytes().all(|b| b.is_ascii_digit()) && !part.starts_with(['0', '1']);
        if lost && checks::phone(part).is_none() && checks::phone(&format!("0{part}")).is_some() {
            out = out.replacen(part, &format!("0{part}"), 1);
            said(part);
        }
    }
    out
}

/// What a spreadsheet becomes.
pub struct Plan {
    /// The file name, as messages name it.
    pub source: String,
    /// Warnings about the whole sheet (unknown columns).
    pub warnings: Vec<String>,
    pub rows: Vec<Planned>,
}

/// What one row becomes: a record file at `path`, or the problems that skip it.
pub struct Planned {
    /// The row's number in the file.
    pub line: usize,
    pub path: PathBuf,
    pub text: Result<String, Vec<String>>,
    pub warnings: Vec<String>,
}

/// Reads `file` (.xlsx or UTF-8 .csv) for county `county` of the content folder `content`
/// (already read as `sources`, its lists as `config`); `map` is a YAML file mapping more
/// header texts to fields. An error is why nothing can be imported.
pub fn plan(
    file: &Path,
    content: &Path,
    sources: &Sources,
    config: &Config,
    county: &str,
    map: Option<&Path>,
    today: jiff::civil::Date,
) -> Result<Plan, String> {
    if !config.counties.iter().any(|c| c.id == county) {
        return Err(format!("未知旗县 `{county}`；counties.yaml 中的 id：{}", config.county_ids().join(", ")));
    }
    let mut mapping: BTreeMap<String, &'static str> = HEADERS.iter().map(|(h, f)| (h.to_string(), *f)).collect();
    if let Some(map) = map {
        let err = |e: String| format!("{}: {e}", map.display());
        let text = std::fs::read_to_string(map).map_err(|e| err(e.to_string()))?;
        let extra: BTreeMap<String, String> = serde_saphyr::from_str(&text).map_err(|e| err(e.to_string()))?;
        for (header, name) in extra {
            let f = field(&name).ok_or_else(|| err(format!("未知字段 `{name}`（列 `{header}`）")))?;
            mapping.insert(clean_header(&header), f);
        }
    }
    let rows = table::read_table(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let source = file.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
    if rows.is_empty() {
        return Err(format!("{source}: 文件是空的"));
    }
    let header = |h: &str| mapping.get(h).copied().or_else(|| field(h));
    let Some(at) = table::header_row(&rows, header) else {
        let names: Vec<&str> = HEADERS.iter().filter(|h| h.1 == "name").map(|h| h.0).collect();
        return Err(format!(
            "{source}: 前 10 行中没有“名称”列（{}）；第 1 行：{}；可用 --map",
            names.join("、"),
            rows[0].1.join("、")
        ));
    };
    let ((header_line, headers), body) = (&rows[at], &rows[at + 1..]);
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    let mut warnings = Vec::new();
    for (i, h) in headers.iter().map(|h| clean_header(h)).enumerate() {
        let f = header(&h);
        if f.is_none() && !h.is_empty() {
            warnings
                .push(format!("{source} 第 {header_line} 行，第 {} 列（{h}）：未知列名，已忽略（可用 --map）", i + 1));
        }
        columns.push(f.filter(|_| !columns.contains(&f)));
    }
    // Ids used elsewhere; a file at the target path is the same venue imported before.
    let dir = content.join("bases").join(county);
    let mut taken: HashSet<String> = (sources.records.iter())
        .filter(|s| s.path.parent() != Some(dir.as_path()) || !s.rel.ends_with(".md"))
        .map(|s| record_id(&s.rel).to_string())
        .collect();
    let mut planned = Vec::new();
    for (line, cells) in body {
        let mut row = Row::default();
        for (i, cell) in cells.iter().enumerate().filter(|(_, c)| !c.trim().is_empty()) {
            if let Some(Some(f)) = columns.get(i) {
                let at = format!("第 {} 列（{}）", i + 1, headers[i].trim());
                // A formula's value is Excel's, not the sheet's: its text must be typed in.
                if cell.starts_with('=') {
                    row.problems
                        .push(format!("{at}：`{cell}` 是公式；应为文字（在 Excel 中复制后“选择性粘贴 → 数值”）"));
                    continue;
                }
                // Phones, numbers and ids typed with full-width characters.
                let plain = ["phones", "lat", "lng", "advance_days", "group_max", "id", "required", "fee"].contains(f);
                let mut cell = if plain { table::ascii(cell.trim()) } else { cell.trim().to_string() };
                if *f == "phones" {
                    cell = leading_zero(&cell, &mut |fixed| {
                        row.warnings.push(format!("{at}：`{fixed}` 开头的 0 已补回（Excel 把电话存成了数字）；请核对"));
                    });
                }
                row.values.insert(f, (at, cell));
            }
        }
        let given = row.get("id").map(str::to_string);
        let base = given.clone().unwrap_or_else(|| slug(row.get("name").unwrap_or("")));
        let mut id = base.clone();
        if given.is_some() && (!checks::is_id(&id) || taken.contains(&id)) {
            row.problem("id", format!("记录 id `{id}` 无效或已被使用"), "目录中唯一的 id：小写字母、数字和连字符");
        }
        for n in 2.. {
            if given.is_some() || !taken.contains(&id) {
                break;
            }
            id = format!("{base}-{n}");
        }
        let text = record(&mut row, config, county, &format!("{source} 第 {line} 行"), today);
        let path = dir.join(format!("{id}.md"));
        if text.is_some() {
            taken.insert(id);
        }
        let text = text.ok_or(std::mem::take(&mut row.problems));
        planned.push(Planned { line: *line, path, text, warnings: row.warnings });
    }
    Ok(Plan { source, warnings, rows: planned })
}
