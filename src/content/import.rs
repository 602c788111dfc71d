//! A bureau's spreadsheet (one row per venue, Chinese headers) read as record files for
//! `bases/COUNTY/`: [`plan`] says what each row becomes, or why it cannot; `qingdan import`
//! writes and reports it.

use super::cells::{self, Row, LIST};
use super::config::Config;
use super::table::{self, clean_header, field, HEADERS};
use super::{checks, record_id, update, Sources};
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

/// The text of a new record from one row, or `None` with problems left in `row`.
fn record(row: &mut Row, config: &Config, county: &str, source: &str, today: jiff::civil::Date) -> Option<String> {
    let mut y = format!("---\n# 由 qingdan import 从 {source}导入；请核对并补充简介\n");
    let mut status = "open".to_string();
    let mut booking = false;
    for (k, v) in cells::fields(row, config, county) {
        let Some(v) = v else { continue };
        if let Some(k) = k.strip_prefix("booking.") {
            if !booking {
                y.push_str("booking:\n");
                booking = true;
            }
            y.push_str(&format!("  {k}: {v}\n"));
        } else if k == "status" {
            status = v.to_string();
        } else {
            y.push_str(&format!("{k}: {v}\n"));
        }
    }
    y.push_str(&format!(
        "status: {status}\nupdated: \"{today}\"\nverified: \"{today}\"\n---\n<!-- 在这里用 Markdown 写场所简介 -->\n"
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
    /// With `update`: the county's records no row names, which are kept.
    pub missing: Vec<PathBuf>,
}

/// What one row becomes, for the record file at `path`.
pub struct Planned {
    /// The row's number in the file.
    pub line: usize,
    pub path: PathBuf,
    pub outcome: Outcome,
    pub warnings: Vec<String>,
}

pub enum Outcome {
    /// A new record with this text.
    New(String),
    /// The record's new text and a line `字段：旧 → 新` for each change.
    Changed(String, Vec<String>),
    /// The record already says what the row says.
    Same,
    /// The row's problems; nothing is written for it.
    Skipped(Vec<String>),
}

/// How [`plan`] reads a sheet: `map` is a YAML file mapping more header texts to fields;
/// `update` matches rows to the county's records instead of making every row a new one.
pub struct Reading<'a> {
    pub county: &'a str,
    pub map: Option<&'a Path>,
    pub update: bool,
    pub today: jiff::civil::Date,
}

/// Reads `file` (.xlsx or UTF-8 .csv) for county `county` of the content folder `content`
/// (already read as `sources`, its lists as `config`). An error is why nothing can be imported.
pub fn plan(file: &Path, content: &Path, sources: &Sources, config: &Config, how: &Reading) -> Result<Plan, String> {
    let Reading { county, map, update, today } = *how;
    config.county(county)?;
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
    let existing = if update { update::existing(sources, &dir)? } else { Vec::new() };
    let mut named = vec![false; existing.len()];
    let fields: Vec<&'static str> = columns.iter().flatten().copied().filter(|f| *f != "id").collect();
    let mut taken: HashSet<String> = (sources.records.iter())
        .filter(|s| update || s.path.parent() != Some(dir.as_path()) || !s.rel.ends_with(".md"))
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
        if update {
            match update::target(&row, &existing, sources) {
                Ok(Some(i)) if named[i] => {
                    row.problems.push(format!("{} 已由上面一行更新", existing[i].path.display()))
                }
                Ok(Some(i)) => {
                    named[i] = true;
                    let outcome = match update::change(&mut row, &existing[i], &fields, config, county, today) {
                        Some((text, diff)) => Outcome::Changed(text, diff),
                        None if row.problems.is_empty() => Outcome::Same,
                        None => Outcome::Skipped(std::mem::take(&mut row.problems)),
                    };
                    let path = existing[i].path.clone();
                    planned.push(Planned { line: *line, path, outcome, warnings: row.warnings });
                    continue;
                }
                Ok(None) => {}
                Err(why) => row.problems.push(why),
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
        let outcome = text.map_or_else(|| Outcome::Skipped(std::mem::take(&mut row.problems)), Outcome::New);
        planned.push(Planned { line: *line, path, outcome, warnings: row.warnings });
    }
    let missing = existing.iter().zip(named).filter(|(_, n)| !n).map(|(e, _)| e.path.clone()).collect();
    Ok(Plan { source, warnings, rows: planned, missing })
}
