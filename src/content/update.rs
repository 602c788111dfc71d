//! `import --update`: a row of an edited spreadsheet changes the record it names (by 记录id, else
//! by name) in only the fields the sheet has columns for, edited in place in the record's text.

use super::cells::{self, Row, BOOKING, COLUMNS};
use super::config::Config;
use super::edit::{Doc, Value, TOP_ORDER};
use super::raw::{parse_yaml, split_front_matter, RawRecord};
use super::{record_id, Sources};
use std::path::{Path, PathBuf};

/// A record of the county, as its file says now.
pub struct Existing {
    pub path: PathBuf,
    pub(super) id: String,
    text: String,
    /// Where its YAML is in `text`.
    yaml: std::ops::Range<usize>,
    pub(super) raw: RawRecord,
}

/// The records in `dir` (a county's folder), read; an error names a file that cannot be read.
pub fn existing(sources: &Sources, dir: &Path) -> Result<Vec<Existing>, String> {
    let mut out = Vec::new();
    for s in sources.records.iter().filter(|s| s.path.parent() == Some(dir)) {
        let (yaml, first_line) = if s.rel.ends_with(".md") {
            let fm = split_front_matter(s).map_err(|d| said(&d))?;
            let start = fm.yaml.as_ptr() as usize - s.text.as_ptr() as usize;
            (start..start + fm.yaml.len(), fm.first_line)
        } else {
            (0..s.text.len(), 1)
        };
        let raw: RawRecord = parse_yaml(s, &s.text[yaml.clone()], first_line).map_err(|d| said(&d))?;
        let id = record_id(&s.rel).to_string();
        out.push(Existing { path: s.path.clone(), id, text: s.text.clone(), yaml, raw });
    }
    Ok(out)
}

fn said(d: &crate::diag::Diagnostic) -> String {
    let file = d.file.display();
    format!("{file} 第 {} 行：{}；请先按 `qingdan check` 的提示改正这个文件，再更新", d.line, d.message)
}

/// The record a row updates: by its 记录id, else by its name. `Ok(None)` is a new record; an
/// error says why the row names none clearly.
pub fn target(row: &Row, existing: &[Existing], sources: &Sources) -> Result<Option<usize>, String> {
    if let Some(id) = row.get("id") {
        if let Some(i) = existing.iter().position(|e| e.id == id) {
            return Ok(Some(i));
        }
        if let Some(other) = sources.records.iter().find(|s| record_id(&s.rel) == id) {
            return Err(format!("记录id `{id}` 是 {} 的记录，不在这个旗县；--county 是否写错了？", other.rel));
        }
        return Ok(None);
    }
    let name = row.get("name").unwrap_or("");
    let named: Vec<usize> = (0..existing.len())
        .filter(|&i| existing[i].raw.name.as_ref().is_some_and(|n| n.value.trim() == name))
        .collect();
    match named[..] {
        [] => Ok(None),
        [i] => Ok(Some(i)),
        _ => Err(format!("名称“{name}”有 {} 条记录；请在“记录id”列写明是哪一条", named.len())),
    }
}

/// What a row changes in record `e`: its new text and a line `字段：旧 → 新` per change, or
/// `None` when nothing changes; problems are left in `row`. `columns` are the sheet's fields.
pub fn change(
    row: &mut Row,
    e: &Existing,
    columns: &[&'static str],
    config: &Config,
    county: &str,
    today: jiff::civil::Date,
) -> Option<(String, Vec<String>)> {
    let keys: Vec<&str> = columns.iter().map(|f| cells::key(f)).collect();
    let mut now = cells::current(&e.raw);
    let new = cells::fields(row, config, county);
    if !row.problems.is_empty() {
        return None;
    }
    let yaml = &e.text[e.yaml.clone()];
    let mut doc = match Doc::new(yaml) {
        Ok(doc) => doc,
        Err(why) => {
            row.problems.push(format!("{} 读不出：{why}", e.path.display()));
            return None;
        }
    };
    let mut diff = Vec::new();
    for (key, mut value) in new {
        let managed = keys.contains(&key);
        // Hours in words the converter keeps as a note: added to the note when the sheet has none.
        if key == "hours_note" && !managed {
            let Some(Value::Text(note)) = &value else { continue };
            if now.get(key).is_some_and(|n| n.to_string().contains(note.trim_matches('"'))) {
                continue;
            }
            let joined = [now.get(key).map(unquote), Some(unquote(&Value::Text(note.clone())))];
            value = Some(Value::Text(cells::q(&joined.into_iter().flatten().collect::<Vec<_>>().join("；"))));
        } else if !managed {
            continue;
        }
        let old = now.remove(key);
        if old == value {
            continue;
        }
        // A location keeps its coordinate system.
        if let (Some(Value::Text(v)), Some(crs)) =
            (&mut value, e.raw.location.as_ref().and_then(|l| l.value.crs.as_ref()))
        {
            *v = v.replace(" }", &format!(", crs: {} }}", crs.value));
        }
        let order = if key.starts_with("booking.") { &BOOKING[..] } else { TOP_ORDER };
        let done = match &value {
            Some(v) => doc.set(key, v, order),
            None => {
                doc.remove(key);
                Ok(())
            }
        };
        if let Err(why) = done {
            row.problems.push(format!("{}：{why}", e.path.display()));
            return None;
        }
        diff.push(format!("{}：{} → {}", label(key), shown(old.as_ref()), shown(value.as_ref())));
    }
    if diff.is_empty() {
        return None;
    }
    doc.set("updated", &Value::Text(format!("\"{today}\"")), TOP_ORDER).ok()?;
    let text = format!("{}{}{}", &e.text[..e.yaml.start], doc.finish(), &e.text[e.yaml.end..]);
    Some((text, diff))
}

/// The header of the column that sets `key`: 名称, 预约电话, 经纬度.
fn label(key: &str) -> &'static str {
    if key == "location" {
        return "经纬度";
    }
    COLUMNS.iter().find(|(_, f)| cells::key(f) == key).map_or("", |c| c.0)
}

fn unquote(v: &Value) -> String {
    let text = v.to_string();
    serde_json::from_str::<String>(&text).unwrap_or(text)
}

/// A value as a person reads it in a diff: text without its quotes, lists with `、`.
fn shown(v: Option<&Value>) -> String {
    match v {
        None => "（空）".into(),
        Some(Value::List(items)) if items.is_empty() => "（空）".into(),
        Some(Value::List(items)) => {
            items.iter().map(|i| unquote(&Value::Text(i.clone()))).collect::<Vec<_>>().join("、")
        }
        Some(v) => unquote(v),
    }
}
