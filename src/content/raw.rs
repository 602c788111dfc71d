//! Record: the YAML shapes of the content folder, as written by people, with positions.
//!
//! Every value is `Spanned` so that validation can point at its line and column. Unknown
//! fields are rejected (`deny_unknown_fields`), so a misspelt key never vanishes silently.

use super::read::Source;
use crate::diag::{did_you_mean, Diagnostic};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;
use serde_saphyr::{Error as YamlError, Spanned};

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecord {
    pub name: Option<S<String>>,
    /// The name in traditional Mongolian script, for the Mongolian edition.
    pub name_mn: Option<S<String>>,
    pub aliases: Option<Vec<S<String>>>,
    pub category: Option<S<String>>,
    pub county: Option<S<String>>,
    pub themes: Option<Vec<S<String>>>,
    pub audiences: Option<Vec<S<String>>>,
    pub designations: Option<Vec<RawDesignation>>,
    pub address: Option<S<String>>,
    pub address_mn: Option<S<String>>,
    pub location: Option<S<RawLocation>>,
    pub transport: Option<S<String>>,
    pub hours: Option<S<String>>,
    pub hours_note: Option<S<String>>,
    pub booking: Option<RawBooking>,
    pub programs: Option<Vec<RawProgram>>,
    pub website: Option<S<String>>,
    pub status: Option<S<String>>,
    pub updated: Option<S<String>>,
    pub verified: Option<S<String>>,
    pub sources: Option<Vec<S<String>>>,
    /// Maintainers' notes: accepted and dropped here, so they can reach no later stage.
    #[serde(rename = "private")]
    pub _private: Option<IgnoredAny>,
    /// Only in pure `.yaml` records; Markdown records use their body.
    pub description: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDesignation {
    pub title: S<String>,
    pub level: Option<S<String>>,
    pub year: Option<S<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    pub lat: S<f64>,
    pub lng: S<f64>,
    pub crs: Option<S<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBooking {
    pub required: Option<S<bool>>,
    pub phones: Option<Vec<S<String>>>,
    pub contact: Option<S<String>>,
    pub wechat: Option<S<String>>,
    pub url: Option<S<String>>,
    pub advance_days: Option<S<u32>>,
    pub group_max: Option<S<u32>>,
    pub fee: Option<S<String>>,
    pub fee_note: Option<S<String>>,
    pub green_channel: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProgram {
    pub title: S<String>,
    pub audiences: Option<Vec<S<String>>>,
    pub duration_minutes: Option<S<u32>>,
    pub description: Option<S<String>>,
}

/// `site.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: S<String>,
    pub description: Option<S<String>>,
    pub base_url: Option<S<String>>,
    pub language: Option<S<String>>,
    pub publisher: Option<S<String>>,
    pub contact: Option<RawContact>,
    pub feedback: Option<S<String>>,
    pub sample: Option<bool>,
    pub links: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub phone: Option<S<String>>,
    pub email: Option<S<String>>,
}

/// One entry of `counties.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCounty {
    pub id: S<String>,
    pub name: S<String>,
    pub code: Option<S<String>>,
    pub postal_code: Option<S<String>>,
    pub centre: Option<S<RawLocation>>,
    pub name_mn: Option<S<String>>,
    pub aliases: Option<Vec<S<String>>>,
}

/// One entry of `categories.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub id: S<String>,
    pub name: S<String>,
    pub name_mn: Option<S<String>>,
    pub group: S<String>,
}

/// One entry of `themes.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    pub id: S<String>,
    pub name: S<String>,
    pub name_mn: Option<S<String>>,
}

/// Front matter of a free page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub title: S<String>,
    pub description: Option<S<String>>,
    pub order: Option<S<i64>>,
}

/// A Markdown file split into its YAML front matter and body.
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    /// Line number in the file of the first YAML line.
    pub first_line: usize,
    pub body: &'a str,
}

/// Splits `---\n yaml \n---\n body`; an error names the missing fence.
pub fn split_front_matter<'a>(source: &'a Source) -> Result<FrontMatter<'a>, Diagnostic> {
    let text = source.text.as_str();
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(Diagnostic::error("Q0105", &source.path, "缺少 front matter 的起始行 `---`")
            .at(1, 1)
            .expected("文件第一行是 `---`，接着是 YAML 字段，再以一行 `---` 结束，然后是 Markdown 正文")
            .hint("在文件开头加一行 `---`；纯 YAML 记录请用 .yaml 扩展名"));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(FrontMatter { yaml: &rest[..offset], first_line: 2, body: &rest[offset + line.len()..] });
        }
        offset += line.len();
    }
    Err(Diagnostic::error("Q0106", &source.path, "front matter 没有结束行 `---`")
        .at(1, 1)
        .expected("YAML 字段之后单独一行 `---`，再写 Markdown 正文")
        .hint("在最后一个字段之后加一行 `---`"))
}

/// Parses YAML that starts at line `first_line` of `source`; errors point into the file.
pub fn parse_yaml<T: DeserializeOwned>(source: &Source, yaml: &str, first_line: usize) -> Result<T, Diagnostic> {
    if let Some((line, column, shown)) = super::limits::control_in_yaml(yaml) {
        let key = key_on_line(yaml, line);
        return Err(Diagnostic::error("Q0315", &source.path, format!("字段 `{key}` 含有控制字符 {shown}"))
            .at(line + first_line - 1, column)
            .field(key)
            .expected("可见的文字（换行请用 YAML 的 | 块）")
            .hint("控制字符多来自复制粘贴，或 \\e、\\0、\\x1b 之类的转义：删除它"));
    }
    serde_saphyr::from_str::<T>(yaml).map_err(|e| yaml_error(source, yaml, first_line, &e))
}

/// Turns a YAML or shape error into a diagnostic with the file position and the field.
fn yaml_error(source: &Source, yaml: &str, first_line: usize, err: &YamlError) -> Diagnostic {
    let err = err.without_snippet();
    let (line, column) =
        err.location().map(|l| (l.line() as usize, l.column() as usize)).filter(|(l, _)| *l > 0).unwrap_or((1, 0));
    let key = key_at(yaml, line, column);
    let file_line = line + first_line - 1;
    let d = |code, msg: String| Diagnostic::error(code, &source.path, msg).at(file_line, column);
    match err {
        YamlError::SerdeUnknownField { field, expected, .. } => {
            let d = d("Q0201", format!("未知字段 `{field}`")).field(field.clone()).expected(expected.join(", "));
            match did_you_mean(field, expected.iter().copied()) {
                Some(s) => d.hint(format!("是否想写 `{s}`？")),
                None => d.hint("删除这个字段，或把内容写进正文；仅供维护者看的备注请放在 private: 下"),
            }
        }
        YamlError::SerdeInvalidType { unexpected, expected, .. }
        | YamlError::SerdeInvalidValue { unexpected, expected, .. } => {
            d("Q0202", format!("字段 `{key}` 的类型不对：这里是 {unexpected}"))
                .field(key)
                .expected(expected_words(expected))
        }
        YamlError::SerdeMissingField { field, .. } => {
            d("Q0203", format!("缺少必填字段 `{field}`")).field(*field).expected(format!("`{field}: …`"))
        }
        YamlError::NullIntoString { .. } => d("Q0202", format!("字段 `{key}` 是空的")).field(key).expected("文字"),
        YamlError::InvalidScalar { ty, .. } => {
            let value = value_at(yaml, line, column);
            d("Q0202", format!("字段 `{key}` 的值 `{value}` 类型不对")).field(key).expected(expected_words(ty))
        }
        other if other.to_string().starts_with("duplicate mapping key") => {
            d("Q0107", format!("字段 `{key}` 写了两次")).field(key).hint("删除其中一个，或把两处的内容合在一起")
        }
        other if other.to_string().starts_with("multiple YAML documents") => {
            d("Q0107", "文件里不止一个 YAML 文档（又有一行 `---`）".into())
                .expected("一个文件一条记录：Markdown 记录只在开头有一对 `---`")
                .hint("删除多出来的 `---`，或把第二条记录放到另一个文件")
        }
        other => {
            let text = other.to_string();
            let text = text.split(" at line ").next().unwrap_or(&text).trim().to_string();
            d("Q0107", format!("YAML 语法错误：{text}"))
                .field(key)
                .hint("检查这一行和上一行：缩进（只用空格）、冒号后的空格、未闭合的 [ { 或引号，以及含 `:` 或 `#` 的文字是否加了引号")
        }
    }
}

/// The mapping key of the value at `column` of `line` (1-based): the last `key:` before it, so
/// that `booking: { advance_days: -3 }` gives `advance_days`; the line's first key otherwise.
fn key_at(yaml: &str, line: usize, column: usize) -> String {
    let text: Vec<char> = yaml.lines().nth(line.saturating_sub(1)).unwrap_or("").chars().collect();
    let before = &text[..column.saturating_sub(1).min(text.len())];
    let colon = before.iter().rposition(|c| *c == ':');
    let key: String = colon
        .map(|i| before[..i].iter().rev().take_while(|c| c.is_alphanumeric() || **c == '_').collect::<Vec<_>>())
        .map(|k| k.into_iter().rev().collect())
        .unwrap_or_default();
    if key.is_empty() {
        key_on_line(yaml, line)
    } else {
        key
    }
}

/// The scalar written at `column` of `line` (1-based), up to a `,`, `}` or `]` of flow style.
fn value_at(yaml: &str, line: usize, column: usize) -> String {
    let text = yaml.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let rest: String = text.chars().skip(column.saturating_sub(1)).collect();
    let value = rest.split([',', '}', ']']).next().unwrap_or("").trim();
    if value.is_empty() {
        text.split_once(':').map_or("", |(_, v)| v.trim()).to_string()
    } else {
        value.split(" #").next().unwrap_or(value).trim().to_string()
    }
}

/// The mapping key written on a line of YAML (`  - phones: …` gives `phones`).
fn key_on_line(yaml: &str, line: usize) -> String {
    let text = yaml.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let text = text.trim_start().trim_start_matches("- ").trim_start_matches('{').trim_start();
    match text.find(':') {
        Some(i) => text[..i].trim().trim_matches('"').to_string(),
        None => String::new(),
    }
}

fn expected_words(expected: &str) -> String {
    let words = match expected {
        e if e.contains("u32") || e.contains("integer") => "非负整数，例如 3",
        e if e.contains("f64") || e.contains("float") => "数字，例如 46.08",
        e if e.contains("bool") => "true 或 false",
        e if e.contains("sequence") => "列表，例如 [a, b] 或每行一个 `- 项`",
        e if e.contains("struct") || e.contains("map") => "一组字段（映射）",
        e if e.contains("string") => "文字",
        _ => return expected.to_string(),
    };
    format!("{words}（{expected}）")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::new("bases/ulanhot/x.md".into(), "bases/ulanhot/x.md".into(), text.into())
    }

    #[test]
    fn front_matter_split() {
        let s = Source::new("a.md".into(), "a.md".into(), "---\nname: x\n---\nbody\n".into());
        let fm = split_front_matter(&s).ok().unwrap();
        assert_eq!((fm.yaml, fm.first_line, fm.body), ("name: x\n", 2, "body\n"));
        let s = Source::new(s.path, s.rel, "name: x\n".into());
        assert_eq!(split_front_matter(&s).err().unwrap().code, "Q0105");
    }

    #[test]
    fn unknown_field_has_position_and_suggestion() {
        let yaml = "name: 甲\ncategory: museum\nadress: 某路\n";
        let e = parse_yaml::<RawRecord>(&src(yaml), yaml, 2).unwrap_err();
        assert_eq!((e.code, e.line, e.field.as_str()), ("Q0201", 4, "adress"));
        assert_eq!(e.hint.as_deref(), Some("是否想写 `address`？"));
    }

    #[test]
    fn type_error_names_the_field() {
        let yaml = "name: 甲\nbooking:\n  advance_days: 三天\n";
        let e = parse_yaml::<RawRecord>(&src(yaml), yaml, 1).unwrap_err();
        assert_eq!((e.code, e.line, e.field.as_str()), ("Q0202", 3, "advance_days"), "{e:?}");
    }

    #[test]
    fn a_control_character_is_an_error_at_its_place() {
        let e = parse_yaml::<RawRecord>(&src("name: \"\\0\"\n"), "name: \"\\0\"\n", 2).unwrap_err();
        assert_eq!((e.code, e.line, e.column, e.field.as_str()), ("Q0315", 2, 8, "name"));
    }

    #[test]
    fn errors_in_flow_style_name_their_own_key() {
        let yaml = "name: 甲\nbooking: { required: true, advance_days: -3 }\n";
        let e = parse_yaml::<RawRecord>(&src(yaml), yaml, 2).unwrap_err();
        assert_eq!((e.code, e.line, e.field.as_str()), ("Q0202", 3, "advance_days"), "{e:?}");
        assert!(e.message.contains("`-3`"), "{}", e.message);
        let yaml = "name: 甲\nprograms:\n  - { title: 课, duration_minutes: -5 }\n";
        let e = parse_yaml::<RawRecord>(&src(yaml), yaml, 1).unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (3, "duration_minutes"), "{e:?}");
    }

    #[test]
    fn duplicate_keys_and_second_documents_are_said_plainly() {
        let yaml = "name: 甲\nname: 乙\n";
        let e = parse_yaml::<RawRecord>(&src(yaml), yaml, 1).unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "字段 `name` 写了两次"));
        let yaml = "name: 甲\n---\nname: 乙\n";
        let e = parse_yaml::<RawRecord>(&src(yaml), yaml, 1).unwrap_err();
        assert!(e.message.contains("不止一个 YAML 文档") && !e.message.contains("from_str"), "{}", e.message);
    }

    #[test]
    fn spans_are_file_positions() {
        let yaml = "name: 甲\nbooking:\n  phones: [\"0482-555 0101\"]\n";
        let r = parse_yaml::<RawRecord>(&src(yaml), yaml, 1).unwrap();
        let p = &r.booking.unwrap().phones.unwrap()[0];
        assert_eq!((p.referenced.line(), p.referenced.column()), (3, 12));
    }
}
