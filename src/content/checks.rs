//! Values: checks shared by records and config files (phones, URLs, ids, known names), and
//! the context that turns a value's span into a diagnostic at its file position.

use super::raw::S;
use super::read::Source;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Severity};
use crate::model::Phone;

/// Where a file's YAML is, so spans can be turned into file positions.
pub struct Ctx<'a> {
    pub source: &'a Source,
    pub first_line: usize,
    pub diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    /// A diagnostic at the value `at`, for `field`.
    pub fn at<T>(&self, severity: Severity, code: &'static str, at: &S<T>, field: &str, msg: String) -> Diagnostic {
        let d = match severity {
            Severity::Error => Diagnostic::error(code, &self.source.path, msg),
            Severity::Warning => Diagnostic::warning(code, &self.source.path, msg),
        };
        let loc = at.referenced;
        d.at(loc.line() as usize + self.first_line - 1, loc.column() as usize).field(field)
    }

    /// An error at `at`; pushed when the returned value is dropped, after `.expected()`/`.hint()`.
    pub fn error<T>(&mut self, code: &'static str, at: &S<T>, field: &str, msg: String) -> Pending<'_> {
        let d = self.at(Severity::Error, code, at, field, msg);
        Pending { diags: self.diags, d: Some(d) }
    }

    pub fn warn<T>(&mut self, code: &'static str, at: &S<T>, field: &str, msg: String) -> Pending<'_> {
        let d = self.at(Severity::Warning, code, at, field, msg);
        Pending { diags: self.diags, d: Some(d) }
    }

    /// Checks `value` is one of `ids`; returns its index.
    pub fn known(&mut self, at: &S<String>, field: &str, what: &str, ids: &[&str]) -> Option<usize> {
        let value = at.value.as_str();
        if let Some(i) = ids.iter().position(|id| *id == value) {
            return Some(i);
        }
        let hint = did_you_mean(value, ids.iter().copied()).map(|s| format!("是否想写 `{s}`？"));
        let d = self.error("Q0301", at, field, format!("未知的{what} `{value}`")).expected(ids.join(", "));
        if let Some(h) = hint {
            d.hint(h);
        }
        None
    }
}

/// A diagnostic being built; it joins the list when dropped.
pub struct Pending<'a> {
    diags: &'a mut Diagnostics,
    d: Option<Diagnostic>,
}

impl Pending<'_> {
    pub fn expected(mut self, e: impl Into<String>) -> Self {
        self.d = self.d.take().map(|d| d.expected(e));
        self
    }

    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.d = self.d.take().map(|d| d.hint(h));
        self
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if let Some(d) = self.d.take() {
            self.diags.push(d);
        }
    }
}

/// Checks a phone value; shared with `site.yaml`.
pub fn phone_field(cx: &mut Ctx, value: &S<String>, field: &str) -> Option<Phone> {
    let parsed = phone(&value.value);
    if parsed.is_none() {
        cx.error("Q0305", value, field, format!("电话号码 `{}` 格式不对", value.value))
            .expected("带区号的固定电话（如 0482-555 0101）或 11 位手机号（如 139 0000 0000）")
            .hint("一个字段只写一个号码；分机号请写在 contact 里");
    }
    parsed
}

/// A Chinese landline with area code (0 + 2–3 digit code + 7–8 digits) or an 11-digit mobile.
pub fn phone(text: &str) -> Option<Phone> {
    let trimmed = text.trim();
    let rest = trimmed.strip_prefix("+86").unwrap_or(trimmed);
    let digits: String = rest.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let bytes = digits.as_bytes();
    let landline = bytes[0] == b'0' && bytes.get(1).is_some_and(|b| *b != b'0') && (10..=12).contains(&bytes.len());
    let mobile = bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]);
    let digits = if rest.len() < trimmed.len() && !landline && !mobile { format!("0{digits}") } else { digits };
    let bytes = digits.as_bytes();
    let landline = bytes[0] == b'0' && bytes.get(1).is_some_and(|b| *b != b'0') && (10..=12).contains(&bytes.len());
    (landline || mobile).then(|| Phone { display: trimmed.to_string(), tel: digits })
}

/// Checks a `*_mn` value: traditional Mongolian script (U+1800–U+18AF), with digits, spaces and
/// punctuation, but no Chinese or Cyrillic letters (a Chinese name copied in, or Mongolian typed
/// in Cyrillic, which families reading the vertical script do not read).
pub fn mongolian(cx: &mut Ctx, value: S<String>, field: &str) -> Option<String> {
    let v = value.value.trim();
    let script = |c: char| ('\u{1800}'..='\u{18AF}').contains(&c);
    let problem = match v.chars().find(|c| c.is_alphabetic() && !script(*c)) {
        Some(c) => Some(format!("含有非蒙古文字母 `{c}`")),
        None if !v.chars().any(|c| script(c) && c.is_alphabetic()) => Some("没有蒙古文字母".to_string()),
        None => None,
    };
    if let Some(why) = problem {
        cx.error("Q0319", &value, field, format!("`{v}` 不是传统蒙古文：{why}"))
            .expected("传统蒙古文（竖写的回鹘式蒙古文，Unicode U+1800–U+18AF），例如 ᠬᠢᠩᠭᠠᠨ ᠠᠶᠢᠮᠠᠭ")
            .hint("没有蒙古文名称时删除这个字段，页面会显示中文名称");
        return None;
    }
    Some(v.to_string())
}

/// Checks an http(s) URL; shared with `site.yaml`.
pub fn url(cx: &mut Ctx, value: S<String>, field: &str) -> Option<String> {
    let v = value.value.trim();
    let host =
        v.strip_prefix("https://").or_else(|| v.strip_prefix("http://")).map(|r| r.split('/').next().unwrap_or(""));
    let ok = host.is_some_and(|h| !h.is_empty() && h.contains('.') || h.starts_with("localhost"))
        && !v.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'));
    if !ok {
        cx.error("Q0306", &value, field, format!("网址 `{v}` 无效"))
            .expected("以 http:// 或 https:// 开头的完整网址，例如 https://example.org/booking");
        return None;
    }
    Some(v.to_string())
}

/// What a base URL looks like, for messages.
pub const BASE_URL_EXPECTED: &str =
    "http(s) 网址，例如 https://jyj.example.cn/qingdan/（不带 ?、# 或用户名密码），或从网站根开始的路径，例如 /qingdan/";

/// Why `v` cannot be a site's base URL, if it cannot. It starts every page's address, the
/// sitemap's and the QR codes': an http(s) address with a host and no user, query or fragment,
/// or a path from the server's root (`/qingdan/`).
pub fn base_url_problem(v: &str) -> Option<&'static str> {
    if v.is_empty() {
        return Some("是空的");
    }
    if v.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\')) {
        return Some("含有空格、引号或尖括号");
    }
    if v.contains(['?', '#']) {
        return Some("带有 ? 或 #：每个页面的地址都接在它后面");
    }
    let Some(rest) = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://")) else {
        return (!v.starts_with('/') || v.starts_with("//")).then_some("不是 http(s) 网址，也不是以 / 开头的路径");
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.contains('@') {
        return Some("带有用户名或密码");
    }
    if host.is_empty() || !(host.contains('.') || host.starts_with("localhost")) {
        return Some("没有主机名");
    }
    None
}

/// An id usable in URLs: lowercase ASCII letters, digits and hyphens.
pub fn is_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert_eq!(phone("0482-555 0101").unwrap().tel, "04825550101");
        assert_eq!(phone("13900000000").unwrap().tel, "13900000000");
        assert_eq!(phone("+86 482 555 0101").unwrap().tel, "04825550101");
        assert_eq!(phone("(0482) 8261234").unwrap().tel, "04828261234");
        for bad in ["5550101", "12345678901", "0482-555 01", "电话", "0482-5550101转8", ""] {
            assert!(phone(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn base_urls() {
        for ok in ["https://jyj.example.cn/qingdan/", "http://localhost:8000/", "/qingdan/", "/"] {
            assert_eq!(base_url_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "javascript:alert(1)",
            "https://example.org/?q=1#frag",
            "https://user:pw@host.cn/",
            "//x.cn/",
            "https:///a",
            "https://a b.cn/",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn phones_in_international_form() {
        let intl = |p: &str| phone(p).unwrap().international();
        assert_eq!(intl("0482-555 0101"), "+86-482-5550101");
        assert_eq!(intl("010-6512 3456"), "+86-10-65123456");
        assert_eq!(intl("(024) 8261234"), "+86-24-8261234");
        assert_eq!(intl("139 0000 0001"), "+86-139-0000-0001");
        assert_eq!(intl("+86 482 555 0101"), "+86-482-5550101");
    }

    #[test]
    fn ids() {
        assert!(is_id("wuyi-huizhi") && is_id("3d-park"));
        assert!(!is_id("Wuyi") && !is_id("-a") && !is_id("五一") && !is_id("a_b"));
    }
}
