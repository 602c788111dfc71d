//! Edits of a record's YAML at the positions its parser reports: a changed value is replaced
//! where it stands, a new key goes after the key before it in a record's order, and everything
//! else (comments, order, quoting, the Markdown body) stays as it was written.

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A YAML node with the byte positions of its keys and scalars.
enum Node {
    Scalar,
    Seq(Vec<Spanned<Node>>),
    Map(Vec<Entry>),
}

struct Entry {
    key: String,
    /// Byte offset of the key.
    start: usize,
    /// Byte offset after the entry's last line (its trailing blank and comment lines excluded).
    end: usize,
    value: Spanned<Node>,
}

/// The `visit_*` methods of a scalar: `$value` for any of them.
macro_rules! scalars {
    ($ty:ty, $value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_unit<E>(self) -> Result<$ty, E> {
            Ok($value)
        }
        fn visit_none<E>(self) -> Result<$ty, E> {
            Ok($value)
        }
    };
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("YAML")
            }
            scalars!(Node, Node::Scalar);
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<Spanned<Key>, Spanned<Node>>()? {
                    let start = offset(&key);
                    entries.push(Entry { key: key.value.0, start, end: 0, value });
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// A mapping key as text; other keys (`~`, `1`, `? a: b`) are none a sheet sets, so all read as "".
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            scalars!(Key, Key(String::new()));
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Key(String::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Key(String::new()))
            }
        }
        d.deserialize_any(V)
    }
}

fn offset<T>(s: &Spanned<T>) -> usize {
    s.referenced.span().byte_offset().unwrap_or(0) as usize
}

/// The byte after the last scalar of `node`.
fn last_byte(node: &Spanned<Node>) -> usize {
    let span = node.referenced.span();
    let own = (span.byte_offset().unwrap_or(0) + span.byte_len().unwrap_or(0)) as usize;
    match &node.value {
        Node::Scalar => own,
        Node::Seq(items) => items.last().map_or(own, last_byte),
        Node::Map(entries) => entries.last().map_or(own, |e| last_byte(&e.value)),
    }
}

/// A value to write: one scalar or flow text, or a list (block style where the old one was).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

/// A record's YAML and the edits made to it so far.
pub struct Doc<'a> {
    text: &'a str,
    top: Vec<Entry>,
    edits: Vec<(usize, usize, String)>,
}

impl<'a> Doc<'a> {
    /// Reads `text`, which must be a mapping (a record's YAML, already checked to parse).
    pub fn new(text: &'a str) -> Result<Doc<'a>, String> {
        let node: Spanned<Node> = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        let Node::Map(mut top) = node.value else { return Err("不是 YAML 映射".into()) };
        ends(text, &mut top, text.len());
        Ok(Doc { text, top, edits: Vec::new() })
    }

    /// Sets `key` (`name`, or `booking.phones` one level down) to `value`; `order` is the keys
    /// of its level in a record's order, to place a new key. An error says why it cannot.
    pub fn set(&mut self, key: &str, value: &Value, order: &[&str]) -> Result<(), String> {
        let (parent, name) = key.split_once('.').map_or((None, key), |(p, k)| (Some(p), k));
        let (entries, indent, at_end) = match parent {
            None => (&self.top, String::new(), self.text.len()),
            Some(p) => {
                let Some(e) = self.top.iter().find(|e| e.key == p) else {
                    let block = format!("{p}:\n{}", render("  ", name, value, false));
                    let at = insert_at(self.text, &self.top, p, TOP_ORDER, self.text.len());
                    self.insert(at, block);
                    return Ok(());
                };
                match &e.value.value {
                    Node::Map(children) if !self.text[e.start..e.end].contains('{') => {
                        let indent = children.first().map_or("  ".into(), |c| line_prefix(self.text, c.start));
                        (children, indent, e.end)
                    }
                    Node::Scalar => {
                        let block = format!("{p}:\n{}", render("  ", name, value, false));
                        self.edits.push((line_start(self.text, e.start), e.end, block));
                        return Ok(());
                    }
                    _ => return Err(format!("`{p}` 写在一行的 {{ }} 里，无法逐项修改；请改成每项一行")),
                }
            }
        };
        let Some(entry) = entries.iter().find(|e| e.key == name) else {
            let at = insert_at(self.text, entries, name, order, at_end);
            self.insert(at, render(&indent, name, value, false));
            return Ok(());
        };
        let span = entry.value.referenced.span();
        let (from, len) = (offset(&entry.value), span.byte_len().unwrap_or(0) as usize);
        let between = &self.text[entry.start..from];
        // A scalar on its key's line keeps the comment after it.
        if let (Node::Scalar, Value::Text(v)) = (&entry.value.value, value) {
            if !between.contains(['\n', '|', '>']) && len > 0 && self.text.is_char_boundary(from + len) {
                let quoted = self.text[from..].starts_with(['"', '\'']);
                self.edits.push((from, from + len, if quoted { v.clone() } else { plain(v) }));
                return Ok(());
            }
        }
        let block = matches!(entry.value.value, Node::Seq(_)) && self.text[from..].starts_with('-');
        let prefix = line_prefix(self.text, entry.start);
        let line = line_start(self.text, entry.start);
        self.edits.push((line, entry.end, render(&prefix, name, value, block)));
        Ok(())
    }

    /// New lines at `at`, after a line feed if the text before has none.
    fn insert(&mut self, at: usize, lines: String) {
        let bare = at > 0 && self.text.as_bytes()[at - 1] != b'\n';
        self.edits.push((at, at, if bare { format!("\n{lines}") } else { lines }));
    }

    /// Removes `key` (as in [`Doc::set`]) with its value, if it is there.
    pub fn remove(&mut self, key: &str) {
        let (parent, name) = key.split_once('.').map_or((None, key), |(p, k)| (Some(p), k));
        let entries = match parent {
            None => &self.top,
            Some(p) => match self.top.iter().find(|e| e.key == p).map(|e| &e.value.value) {
                Some(Node::Map(children)) => children,
                _ => return,
            },
        };
        if let Some(e) = entries.iter().find(|e| e.key == name) {
            self.edits.push((line_start(self.text, e.start), e.end, String::new()));
        }
    }

    /// The text with every edit made.
    pub fn finish(mut self) -> String {
        // Inserts at one place keep the order they were made in.
        self.edits.sort_by_key(|e| (e.0, e.1));
        let mut out = String::with_capacity(self.text.len() + 64);
        let mut at = 0;
        for (from, to, with) in &self.edits {
            out.push_str(&self.text[at.min(*from)..*from]);
            out.push_str(with);
            at = at.max(*to);
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// The top-level keys of a record, in the order the record template writes them.
pub const TOP_ORDER: &[&str] = &[
    "name",
    "aliases",
    "category",
    "county",
    "themes",
    "audiences",
    "designations",
    "address",
    "location",
    "transport",
    "hours",
    "hours_note",
    "booking",
    "programs",
    "website",
    "status",
    "updated",
    "verified",
    "sources",
    "private",
    "description",
];

impl std::fmt::Display for Value {
    /// As YAML flow text.
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Value::Text(v) => f.write_str(v),
            Value::List(items) => write!(f, "[{}]", items.join(", ")),
        }
    }
}

/// A double-quoted string without its quotes where YAML (1.1 and 1.2 alike) reads it as the
/// same text, so that a plain value stays plain: `"新馆"` → `新馆`; anything else as it is.
fn plain(v: &str) -> String {
    let Ok(text) = serde_json::from_str::<String>(v) else { return v.to_string() };
    let first = text.chars().next().is_some_and(|c| !c.is_ascii() || c.is_ascii_alphabetic());
    let words = ["true", "false", "yes", "no", "on", "off", "y", "n", "null"];
    let safe = first
        && text.trim() == text
        && !text.chars().any(|c| c.is_control() || "\":#,[]{}&*!|>'%@`".contains(c))
        && !words.contains(&text.to_lowercase().as_str());
    if safe {
        text
    } else {
        v.to_string()
    }
}

/// `key: value` lines at `indent`.
fn render(indent: &str, key: &str, value: &Value, block: bool) -> String {
    match value {
        Value::Text(_) => format!("{indent}{key}: {value}\n"),
        Value::List(items) if block && !items.is_empty() => {
            let lines: String = items.iter().map(|i| format!("{indent}  - {i}\n")).collect();
            format!("{indent}{key}:\n{lines}")
        }
        Value::List(_) => format!("{indent}{key}: {value}\n"),
    }
}

/// Where a new `key` goes: after the last entry that comes before it in `order`, else before
/// the first entry, else at `end`.
fn insert_at(text: &str, entries: &[Entry], key: &str, order: &[&str], end: usize) -> usize {
    // `order` may name nested keys in full (`booking.fee`).
    let rank = |k: &str| order.iter().position(|o| o.rsplit('.').next() == Some(k)).unwrap_or(order.len());
    let before = entries.iter().filter(|e| rank(&e.key) <= rank(key)).max_by_key(|e| e.end);
    match before {
        Some(e) => e.end,
        None => entries.iter().map(|e| line_start(text, e.start)).min().unwrap_or(end),
    }
}

/// Sets each entry's end: up to the next entry's line, less trailing blank and comment lines,
/// but never before its last scalar.
fn ends(text: &str, entries: &mut [Entry], parent_end: usize) {
    let starts: Vec<usize> = entries.iter().map(|e| line_start(text, e.start)).collect();
    for (i, e) in entries.iter_mut().enumerate() {
        let next = starts.get(i + 1).copied().unwrap_or(parent_end).max(e.start);
        let mut end = next;
        while end > e.start {
            let line = line_start(text, end - 1);
            let t = text[line..end].trim();
            if line <= e.start || !(t.is_empty() || t.starts_with('#')) {
                break;
            }
            end = line;
        }
        end = end.max(line_end(text, last_byte(&e.value)).min(next));
        if let Node::Map(children) = &mut e.value.value {
            ends(text, children, end);
        }
        e.end = end;
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text.as_bytes()[..at].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1)
}

/// The byte after the line feed ending the line that holds `at - 1`.
fn line_end(text: &str, at: usize) -> usize {
    // A block scalar's span may count a line feed the file does not end with.
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The spaces before the key at `at`.
fn line_prefix(text: &str, at: usize) -> String {
    text[line_start(text, at)..at].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\
# 由 qingdan import 导入
name: 某馆   # 旧名
themes:
  - patriotism
  - science
hours_note: |
  多行
  说明
# 预约
booking:
  phones: [\"0482-5550101\"]
  fee: free
status: open
updated: \"2025-01-01\"
private:
  note: 保留
";

    fn edit(f: impl FnOnce(&mut Doc)) -> String {
        let mut doc = Doc::new(YAML).unwrap();
        f(&mut doc);
        doc.finish()
    }

    #[test]
    fn a_scalar_is_replaced_where_it_stands() {
        let out = edit(|d| d.set("name", &Value::Text("\"新馆\"".into()), TOP_ORDER).unwrap());
        assert_eq!(out, YAML.replace("name: 某馆   # 旧名", "name: 新馆   # 旧名"));
        let out = edit(|d| d.set("name", &Value::Text("\"馆: #1\"".into()), TOP_ORDER).unwrap());
        assert_eq!(out, YAML.replace("name: 某馆   # 旧名", "name: \"馆: #1\"   # 旧名"));
        for (quoted, stays) in
            [("\"Yes\"", true), ("\"2024-01-01\"", true), ("\"a\\nb\"", true), ("\"科技馆 A\"", false)]
        {
            assert_eq!(plain(quoted) == quoted, stays, "{quoted}");
        }
        let out = edit(|d| d.set("booking.fee", &Value::Text("paid".into()), &[]).unwrap());
        assert_eq!(out, YAML.replace("fee: free", "fee: paid"));
    }

    #[test]
    fn lists_and_blocks_keep_their_style() {
        let themes = Value::List(vec!["science".into()]);
        let out = edit(|d| d.set("themes", &themes, TOP_ORDER).unwrap());
        assert_eq!(out, YAML.replace("  - patriotism\n", ""));
        let out = edit(|d| d.set("hours_note", &Value::Text("\"一行\"".into()), TOP_ORDER).unwrap());
        assert_eq!(out, YAML.replace("hours_note: |\n  多行\n  说明\n", "hours_note: \"一行\"\n"));
        let phones = Value::List(vec!["\"0482-5550101\"".into(), "\"13800000000\"".into()]);
        let out = edit(|d| d.set("booking.phones", &phones, &[]).unwrap());
        assert!(out.contains("  phones: [\"0482-5550101\", \"13800000000\"]\n  fee: free\n"), "{out}");
    }

    #[test]
    fn new_keys_follow_the_record_order_and_removed_ones_leave_no_line() {
        let out = edit(|d| {
            d.set("address", &Value::Text("\"某路 1 号\"".into()), TOP_ORDER).unwrap();
            d.set("booking.contact", &Value::Text("\"社教部\"".into()), &crate::content::cells::BOOKING).unwrap();
            d.set("updated", &Value::Text("\"2026-12-01\"".into()), TOP_ORDER).unwrap();
            d.remove("booking.fee");
        });
        let want = YAML
            .replace("  - science\n", "  - science\naddress: \"某路 1 号\"\n")
            .replace(
                "  phones: [\"0482-5550101\"]\n  fee: free\n",
                "  phones: [\"0482-5550101\"]\n  contact: \"社教部\"\n",
            )
            .replace("2025-01-01", "2026-12-01");
        assert_eq!(out, want);
        // The comment above `booking:` stays with it.
        assert!(out.contains("  说明\n# 预约\nbooking:"));
    }

    #[test]
    fn a_missing_block_is_made_and_a_one_line_block_is_refused() {
        let mut doc = Doc::new("name: 某馆\nstatus: open\n").unwrap();
        doc.set("booking.fee", &Value::Text("free".into()), &[]).unwrap();
        assert_eq!(doc.finish(), "name: 某馆\nbooking:\n  fee: free\nstatus: open\n");
        let mut doc = Doc::new("name: 某馆\nbooking: { fee: free }\n").unwrap();
        assert!(doc.set("booking.fee", &Value::Text("paid".into()), &[]).is_err());
    }
}
