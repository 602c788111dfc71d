//! Diagnostics: every problem found in the data, with where it is and what was expected.
//!
//! Stages push diagnostics into a [`Diagnostics`] list instead of returning at the first one,
//! so a build reports every data error at once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// How diagnostics are printed: for people (stderr), one JSON object per line, or GitHub
/// Actions workflow commands (both on stdout).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
}

/// One problem, pointing at a place in a content file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, e.g. `Q0201`; documented in README.
    pub code: &'static str,
    /// Path as shown to the user (relative to the working directory when possible).
    pub file: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    /// Dotted field path such as `booking.phones[0]`; empty for file-level problems.
    pub field: String,
    pub message: String,
    /// What a correct value looks like.
    pub expected: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Q0502: `file` could not be written.
    pub fn unwritable(file: &Path, e: &std::io::Error) -> Self {
        Diagnostic::error("Q0502", file, format!("无法写入：{e}"))
    }

    pub fn error(code: &'static str, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            field: String::new(),
            message: message.into(),
            expected: None,
            hint: None,
        }
    }

    pub fn warning(code: &'static str, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(code, file, message) }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Renders the diagnostic for a terminal, with the offending source line when `source` is
    /// given. Control characters from the data are shown as `�`, never sent to the terminal.
    pub fn render(&self, source: Option<&str>) -> String {
        visible(&self.render_raw(source))
    }

    fn render_raw(&self, source: Option<&str>) -> String {
        let mut out = String::new();
        let label = self.severity.label();
        let _ = writeln!(out, "{label}[{}]: {}", self.code, self.message);
        let _ = write!(out, "  --> {}", self.file.display());
        if self.line > 0 {
            let _ = write!(out, ":{}", self.line);
            if self.column > 0 {
                let _ = write!(out, ":{}", self.column);
            }
        }
        out.push('\n');
        if let Some(text) = source.and_then(|s| s.lines().nth(self.line.wrapping_sub(1))) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let (shown, column) = excerpt(text.trim_end_matches('\r'), self.column);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {shown}");
            if column > 0 {
                let before: String = shown.chars().take(column - 1).collect();
                let rest: String = shown.chars().skip(column - 1).collect();
                let marked = token_len(rest.trim_end_matches('…')).max(1);
                let _ = writeln!(
                    out,
                    "{pad} | {}{}",
                    " ".repeat(display_width(&before)),
                    "^".repeat(display_width(&rest.chars().take(marked).collect::<String>()).max(1))
                );
            }
        }
        if !self.field.is_empty() {
            let _ = writeln!(out, "   = 字段: {}", self.field);
        }
        if let Some(expected) = &self.expected {
            let _ = writeln!(out, "   = 期望: {expected}");
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "   = 提示: {hint}");
        }
        out
    }
}

impl Diagnostic {
    /// The diagnostic as printed in `format`, ending with a newline (human text is followed by
    /// a blank line).
    pub fn format(&self, format: Format, source: Option<&str>) -> String {
        match format {
            Format::Human => self.render(source) + "\n",
            Format::Json => self.to_json() + "\n",
            Format::Github => self.to_github() + "\n",
        }
    }

    /// One line of JSON: file, line, column, field, severity, code, message, expected, hint.
    pub fn to_json(&self) -> String {
        #[derive(serde::Serialize)]
        struct Line<'a> {
            file: std::borrow::Cow<'a, str>,
            line: usize,
            column: usize,
            field: &'a str,
            severity: &'static str,
            code: &'static str,
            message: &'a str,
            expected: Option<&'a str>,
            hint: Option<&'a str>,
        }
        serde_json::to_string(&Line {
            file: self.file.to_string_lossy(),
            line: self.line,
            column: self.column,
            field: &self.field,
            severity: self.severity.label(),
            code: self.code,
            message: &self.message,
            expected: self.expected.as_deref(),
            hint: self.hint.as_deref(),
        })
        .expect("a diagnostic serializes")
    }

    /// A GitHub Actions workflow command (`::error file=…,line=…,col=…,title=…::…`), so the
    /// problem shows as an annotation on the file.
    pub fn to_github(&self) -> String {
        let mut props = format!("file={}", escape_property(&self.file.to_string_lossy()));
        if self.line > 0 {
            let _ = write!(props, ",line={}", self.line);
            if self.column > 0 {
                let _ = write!(props, ",col={}", self.column);
            }
        }
        let _ = write!(props, ",title={}", escape_property(self.code));
        let mut text = self.message.clone();
        if let Some(expected) = &self.expected {
            let _ = write!(text, "\n期望: {expected}");
        }
        if let Some(hint) = &self.hint {
            let _ = write!(text, "\n提示: {hint}");
        }
        visible(&format!("::{} {props}::{}", self.severity.label(), escape_data(&text)))
    }
}

/// `text` with every control character but the line feed replaced by `�`, one column wide like
/// most characters, so carets stay under their place.
fn visible(text: &str) -> String {
    text.chars().map(|c| if c.is_control() && c != '\n' { '\u{FFFD}' } else { c }).collect()
}

/// Escapes the message of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The characters of a quoted line shown at most: a long line is cut around the column.
const QUOTED: usize = 160;

/// `line` as quoted, cut to [`QUOTED`] characters around `column` with `…` where it was cut,
/// and the column in what is shown (an error on a 400 KB line printed it whole, with 400 KB of
/// carets).
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= QUOTED {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(1).saturating_sub(QUOTED / 3).min(chars.len() - QUOTED);
    let end = start + QUOTED;
    let mut shown: String = if start > 0 { "…".into() } else { String::new() };
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let column = if column == 0 { 0 } else { column - start + usize::from(start > 0) };
    (shown, column)
}

/// Length in characters of the token the caret should underline: up to the end of the value.
fn token_len(rest: &str) -> usize {
    let trimmed = rest.trim_end();
    match trimmed.find(" #") {
        Some(i) => trimmed[..i].trim_end().chars().count(),
        None => trimmed.chars().count(),
    }
}

/// Terminal width of text: CJK and full-width characters take two columns.
pub fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// The diagnostics of one build, in a stable order.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts by file, then position, so output does not depend on thread timing.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, a.code, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, b.code, &b.message))
        });
        self.items.dedup();
    }
}

/// "Did you mean" for a misspelt name: the closest candidate within a small edit distance.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let fields = ["address", "aliases", "audiences", "booking"];
        assert_eq!(did_you_mean("adress", fields), Some("address"));
        assert_eq!(did_you_mean("audience", fields), Some("audiences"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }

    #[test]
    fn github_commands_are_escaped() {
        let d = Diagnostic::warning("Q0000", Path::new("a,b:c%.md"), "50% done\r\nnext").at(3, 0).hint("x");
        assert_eq!(d.to_github(), "::warning file=a%2Cb%3Ac%25.md,line=3,title=Q0000::50%25 done%0D%0Anext%0A提示: x");
        let d = Diagnostic::error("Q0001", Path::new("a.md"), "bad: a, b").at(0, 4);
        assert_eq!(d.to_github(), "::error file=a.md,title=Q0001::bad: a, b");
    }

    #[test]
    fn json_has_every_field_with_nulls() {
        let d = Diagnostic::error("Q0001", Path::new("a.md"), "bad\n").field("x").expected("y");
        let v: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"file": "a.md", "line": 0, "column": 0, "field": "x", "severity": "error",
                "code": "Q0001", "message": "bad\n", "expected": "y", "hint": null})
        );
        assert!(!d.to_json().contains('\n'));
        assert!(d.to_json().starts_with(r#"{"file":"a.md","line":0,"column":0,"field":"x","severity":"error","#));
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let d = Diagnostic::error("Q0315", Path::new("a.md"), "bad \u{1b}[31m").at(1, 7);
        let text = d.render(Some("name: \u{1b}[2Jx"));
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        assert!(text.contains("1 | name: \u{FFFD}[2Jx\n  |       ^"), "{text}");
        assert!(!d.to_github().contains('\u{1b}') && !d.to_json().contains('\u{1b}'));
    }

    #[test]
    fn a_long_line_is_quoted_around_its_column() {
        let line = format!("name: {}", "长".repeat(400_000));
        let d = Diagnostic::error("Q0316", Path::new("a.md"), "too long").at(1, 7);
        let text = d.render(Some(&line));
        assert!(text.len() < 2_000, "{} bytes", text.len());
        assert!(text.contains("1 | name: 长长") && text.contains("长…\n"), "{text}");
        assert!(text.contains("  |       ^"), "{text}");
        let d = Diagnostic::error("Q0202", Path::new("a.md"), "bad").at(1, 300_000);
        let text = d.render(Some(&line));
        assert!(text.len() < 2_000 && text.contains("1 | …长"), "{text}");
    }

    #[test]
    fn caret_is_under_the_value_in_wide_text() {
        let d = Diagnostic::error("Q0000", Path::new("a.md"), "bad").at(1, 5);
        let text = d.render(Some("名称: 兴安 # c"));
        assert!(text.contains("1 | 名称: 兴安 # c\n  |       ^^^^\n"), "{text}");
    }
}
