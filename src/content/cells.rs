//! One spreadsheet row as record fields, and a record's fields as the cells that give them back:
//! the two directions of `import` and `export` are written side by side here so that a value
//! exported and read again is the value it was.

use super::config::Config;
use super::edit::Value;
use super::raw::RawRecord;
use super::{checks, hours_zh};
use crate::model::{hours, AUDIENCES};
use std::collections::BTreeMap;

/// The columns `export` writes, in order: a header `import` reads (see `table::HEADERS`) and its field.
pub const COLUMNS: [(&str, &str); 22] = [
    ("记录id", "id"),
    ("名称", "name"),
    ("别名", "aliases"),
    ("类别", "category"),
    ("主题", "themes"),
    ("适宜学段", "audiences"),
    ("地址", "address"),
    ("纬度", "lat"),
    ("经度", "lng"),
    ("开放时间", "hours"),
    ("开放时间说明", "hours_note"),
    ("是否需预约", "required"),
    ("预约电话", "phones"),
    ("联系部门", "contact"),
    ("微信公众号", "wechat"),
    ("预约网址", "url"),
    ("提前预约天数", "advance_days"),
    ("团体人数上限", "group_max"),
    ("费用", "fee"),
    ("费用说明", "fee_note"),
    ("绿色通道", "green_channel"),
    ("状态", "status"),
];

/// Words a cell may hold for the fields with fixed values: `是|需要|…` → `true`. The first word
/// of each is the one `export` writes and offers in its dropdown.
pub const CHOICES: [(&str, [(&str, &str); 3]); 3] = [
    ("required", [("是|需要|true|yes", "true"), ("否|不需要|无需|false|no", "false"), ("", "")]),
    ("fee", [("免费|free", "free"), ("收费|paid", "paid"), ("", "")]),
    (
        "status",
        [
            ("开放|open|正常开放", "open"),
            ("暂停开放|temporarily_closed|暂停|临时关闭", "temporarily_closed"),
            ("已关闭|closed|关闭|停止开放", "closed"),
        ],
    ),
];

/// Separators between the items of a list cell.
pub const LIST: &[char] = &['、', '，', ',', '；', ';', '/'];
const WORDS: &[char] = &['、', '，', ',', '；', ';', '/', ' ', '　'];

/// The keys under `booking:`, in the order a record writes them.
pub const BOOKING: [&str; 10] = [
    "booking.required",
    "booking.phones",
    "booking.contact",
    "booking.wechat",
    "booking.url",
    "booking.advance_days",
    "booking.group_max",
    "booking.fee",
    "booking.fee_note",
    "booking.green_channel",
];

/// A cell `export` writes: numbers stay numbers in the spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
pub fn q(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

fn list(v: Vec<String>) -> Value {
    Value::List(v)
}

/// The record key a sheet field sets: `phones` → `booking.phones`, `lat` → `location`.
pub fn key(field: &str) -> &str {
    match field {
        "lat" | "lng" => "location",
        f => BOOKING.iter().find(|k| k[8..] == *f).map_or(f, |k| k),
    }
}

/// One row's cells by field; `problems` make it skipped, `warnings` do not.
#[derive(Default)]
pub struct Row {
    /// Field → (`第 N 列（表头）`, cell).
    pub values: BTreeMap<&'static str, (String, String)>,
    pub problems: Vec<String>,
    pub warnings: Vec<String>,
}

impl Row {
    pub fn get(&self, f: &str) -> Option<&str> {
        self.values.get(f).map(|(_, v)| v.as_str())
    }
    fn at(&self, f: &str) -> String {
        self.values.get(f).map_or(String::new(), |v| v.0.clone())
    }
    pub fn problem(&mut self, f: &str, what: String, expected: &str) {
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

/// The record fields of one row as YAML values (`name` → `"某馆"`, `booking.phones` →
/// `["0482-…"]`), in the order a record writes them, `None` for an empty cell; problems are left
/// in `row`.
pub fn fields(row: &mut Row, config: &Config, county: &str) -> Vec<(&'static str, Option<Value>)> {
    let cats: Vec<_> = config.categories.iter().map(|k| (k.id.as_str(), k.name.as_str())).collect();
    let themes: Vec<_> = config.themes.iter().map(|k| (k.id.as_str(), k.name.as_str())).collect();
    let find =
        |known: &[(&str, &str)], s: &str| known.iter().find(|(id, n)| *id == s || *n == s).map(|k| k.0.to_string());
    let all = |known: &[(&str, &str)]| known.iter().map(|(id, n)| format!("{id} {n}")).collect::<Vec<_>>().join(" | ");
    let text = |s: &str| Some(q(s));
    let t = |v: Option<String>| v.map(Value::Text);
    let deg = |max: f64| move |s: &str| s.parse::<f64>().ok().filter(|v| v.abs() <= max).map(|v| v.to_string());
    let int = |s: &str| s.trim_end_matches(['天', '日', '人']).trim().parse::<u32>().ok().map(|n| n.to_string());
    let web =
        |s: &str| s.split_once("://").filter(|(p, h)| matches!(*p, "http" | "https") && h.contains('.')).map(|_| q(s));
    let pick = |f: &str| {
        let opts = CHOICES.iter().find(|c| c.0 == f).expect("a field with choices").1;
        move |s: &str| {
            let s = s.to_lowercase();
            opts.iter().find(|(t, _)| !t.is_empty() && t.split('|').any(|t| t == s)).map(|o| o.1.to_string())
        }
    };
    let said = |f: &str| CHOICES.iter().find(|c| c.0 == f).map_or(String::new(), |c| first_words(&c.1).join("、"));
    for (f, what) in [("name", "名称"), ("category", "类别")] {
        if row.get(f).is_none() {
            row.problems.push(format!("缺少{what}（必填）"));
        }
    }
    let mut out = vec![
        ("name", t(row.one("name", text, ""))),
        ("aliases", row.parts("aliases", LIST, text, "").map(list)),
        ("category", t(row.one("category", |s| find(&cats, s), &format!("类别 id 或名称：{}", all(&cats))))),
        ("county", Some(Value::Text(county.to_string()))),
        (
            "themes",
            row.parts("themes", WORDS, |s| find(&themes, s), &format!("主题 id 或名称：{}", all(&themes))).map(list),
        ),
        ("audiences", row.parts("audiences", WORDS, |s| find(&AUDIENCES, s), &all(&AUDIENCES)).map(list)),
        ("address", t(row.one("address", text, ""))),
        ("location", {
            let lat = row.one("lat", deg(90.0), "纬度，如 46.08");
            row.one("lng", deg(180.0), "经度，如 122.07")
                .zip(lat)
                .map(|(lng, lat)| Value::Text(format!("{{ lat: {lat}, lng: {lng} }}")))
        }),
    ];
    let (mut note, mut hours) = (vec![], None);
    if let Some(h) = row.get("hours").map(str::to_string) {
        let at = row.at("hours");
        match hours::parse(&h).ok().map(|_| (h.clone(), vec![])).or_else(|| hours_zh::convert(&h)) {
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
    out.push(("hours", t(hours)));
    out.push(("hours_note", (!note.is_empty()).then(|| Value::Text(q(&note.join("；"))))));
    let phone = "带区号的固定电话（如 0482-555 0101）或 11 位手机号";
    let booking = [
        t(row.one("required", pick("required"), &said("required"))),
        row.parts("phones", LIST, |s| checks::phone(s).map(|_| q(s)), phone).map(list),
        t(row.one("contact", text, "")),
        t(row.one("wechat", text, "")),
        t(row.one("url", web, "http:// 或 https:// 网址")),
        t(row.one("advance_days", int, "整数，如 3")),
        t(row.one("group_max", int, "整数，如 50")),
        t(row.one("fee", pick("fee"), &said("fee"))),
        t(row.one("fee_note", text, "")),
        t(row.one("green_channel", text, "")),
    ];
    out.extend(BOOKING.into_iter().zip(booking));
    out.push(("status", t(row.one("status", pick("status"), &said("status")))));
    out
}

/// The first word of each choice: what `export` writes.
pub fn first_words(opts: &[(&'static str, &'static str)]) -> Vec<&'static str> {
    opts.iter().filter(|o| !o.0.is_empty()).map(|o| o.0.split('|').next().unwrap_or("")).collect()
}

/// The YAML values a record holds now, as [`fields`] writes them, for the keys a sheet can set;
/// strings are trimmed as cells are.
pub fn current(raw: &RawRecord) -> BTreeMap<&'static str, Value> {
    type Text = Option<super::raw::S<String>>;
    type List = Option<Vec<super::raw::S<String>>>;
    let s = |v: &Text| v.as_ref().map(|v| Value::Text(q(v.value.trim())));
    let strs = |v: &List| v.as_ref().map(|v| list(v.iter().map(|x| q(&x.value)).collect()));
    let ids = |v: &List| v.as_ref().map(|v| list(v.iter().map(|x| x.value.clone()).collect()));
    let plain = |v: Option<String>| v.map(Value::Text);
    let b = raw.booking.as_ref();
    let bs = |f: fn(&super::raw::RawBooking) -> &Text| b.and_then(|b| s(f(b)));
    let n = |v: Option<&super::raw::S<u32>>| plain(v.map(|v| v.value.to_string()));
    let location =
        raw.location.as_ref().map(|l| format!("{{ lat: {}, lng: {} }}", l.value.lat.value, l.value.lng.value));
    let pairs = [
        ("name", s(&raw.name)),
        ("aliases", strs(&raw.aliases)),
        ("category", plain(raw.category.as_ref().map(|c| c.value.clone()))),
        ("themes", ids(&raw.themes)),
        ("audiences", ids(&raw.audiences)),
        ("address", s(&raw.address)),
        ("location", plain(location)),
        ("hours", s(&raw.hours)),
        ("hours_note", s(&raw.hours_note)),
        ("booking.required", plain(b.and_then(|b| b.required.as_ref()).map(|v| v.value.to_string()))),
        ("booking.phones", b.and_then(|b| strs(&b.phones))),
        ("booking.contact", bs(|b| &b.contact)),
        ("booking.wechat", bs(|b| &b.wechat)),
        ("booking.url", bs(|b| &b.url)),
        ("booking.advance_days", n(b.and_then(|b| b.advance_days.as_ref()))),
        ("booking.group_max", n(b.and_then(|b| b.group_max.as_ref()))),
        ("booking.fee", plain(b.and_then(|b| b.fee.as_ref()).map(|v| v.value.clone()))),
        ("booking.fee_note", bs(|b| &b.fee_note)),
        ("booking.green_channel", bs(|b| &b.green_channel)),
        ("status", plain(raw.status.as_ref().map(|v| v.value.clone()))),
    ];
    pairs.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()
}

/// A record's value of sheet field `field` as the cell `export` writes: names for ids, the
/// first word of a choice, lists joined by `、`.
pub fn cell(raw: &RawRecord, field: &str, config: &Config) -> Option<Cell> {
    let b = raw.booking.as_ref();
    let text = |v: &Option<super::raw::S<String>>| v.as_ref().map(|v| Cell::Text(v.value.clone()));
    let join = |v: &Option<Vec<super::raw::S<String>>>, name: &dyn Fn(&str) -> String| {
        v.as_ref().map(|v| Cell::Text(v.iter().map(|x| name(&x.value)).collect::<Vec<_>>().join("、")))
    };
    let word = |f: &str, id: &str| {
        let opts = &CHOICES.iter().find(|c| c.0 == f).expect("a field with choices").1;
        let words = first_words(opts);
        opts.iter().position(|o| o.1 == id).map_or(id.to_string(), |i| words[i].to_string())
    };
    let theme = |id: &str| config.themes.iter().find(|t| t.id == id).map_or(id.to_string(), |t| t.name.clone());
    let audience = |id: &str| AUDIENCES.iter().find(|a| a.0 == id).map_or(id.to_string(), |a| a.1.to_string());
    let bt = |f: fn(&super::raw::RawBooking) -> &Option<super::raw::S<String>>| b.and_then(|b| text(f(b)));
    match field {
        "name" => text(&raw.name),
        "aliases" => join(&raw.aliases, &|s| s.to_string()),
        "category" => raw.category.as_ref().map(|c| {
            Cell::Text(config.categories.iter().find(|k| k.id == c.value).map_or(c.value.clone(), |k| k.name.clone()))
        }),
        "themes" => join(&raw.themes, &theme),
        "audiences" => join(&raw.audiences, &audience),
        "address" => text(&raw.address),
        "lat" => raw.location.as_ref().map(|l| Cell::Number(l.value.lat.value)),
        "lng" => raw.location.as_ref().map(|l| Cell::Number(l.value.lng.value)),
        "hours" => text(&raw.hours),
        "hours_note" => text(&raw.hours_note),
        "required" => b.and_then(|b| b.required.as_ref()).map(|v| Cell::Text(word("required", &v.value.to_string()))),
        "phones" => b.and_then(|b| join(&b.phones, &|s| s.to_string())),
        "contact" => bt(|b| &b.contact),
        "wechat" => bt(|b| &b.wechat),
        "url" => bt(|b| &b.url),
        "advance_days" => b.and_then(|b| b.advance_days.as_ref()).map(|v| Cell::Number(v.value.into())),
        "group_max" => b.and_then(|b| b.group_max.as_ref()).map(|v| Cell::Number(v.value.into())),
        "fee" => b.and_then(|b| b.fee.as_ref()).map(|v| Cell::Text(word("fee", &v.value))),
        "fee_note" => bt(|b| &b.fee_note),
        "green_channel" => bt(|b| &b.green_channel),
        "status" => raw.status.as_ref().map(|v| Cell::Text(word("status", &v.value))),
        _ => None,
    }
}
