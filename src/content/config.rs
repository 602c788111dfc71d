//! Config: `site.yaml`, the id lists (`counties.yaml`, `categories.yaml`, `themes.yaml`) and the
//! free pages, checked with the same care as records.

use super::checks::{base_url_problem, is_id, mongolian, phone_field, url, Ctx, BASE_URL_EXPECTED};
use super::limits::control_in_text;
use super::raw::split_front_matter;
use super::raw::{parse_yaml, RawCategory, RawCounty, RawPage, RawSite, RawTheme, S};
use super::read::{Source, Sources};
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::{Category, County, Feedback, Location, Page, Site, Theme};
use serde::de::DeserializeOwned;
use std::path::Path;

#[derive(Debug)]
pub struct Config {
    pub site: Site,
    pub counties: Vec<County>,
    pub categories: Vec<Category>,
    pub themes: Vec<Theme>,
}

impl Config {
    /// The county with id `id`, or the message naming the ids there are.
    pub fn county(&self, id: &str) -> Result<&County, String> {
        let known = || format!("未知旗县 `{id}`；counties.yaml 中的 id：{}", self.county_ids().join(", "));
        self.counties.iter().find(|c| c.id == id).ok_or_else(known)
    }
    pub fn county_ids(&self) -> Vec<&str> {
        self.counties.iter().map(|c| c.id.as_str()).collect()
    }
    pub fn category_ids(&self) -> Vec<&str> {
        self.categories.iter().map(|c| c.id.as_str()).collect()
    }
    pub fn theme_ids(&self) -> Vec<&str> {
        self.themes.iter().map(|c| c.id.as_str()).collect()
    }
}

/// The longest `base_url` accepted, so that record addresses fit in their QR codes.
const MAX_BASE_URL: usize = 1000;

/// Page ids that would collide with the site's own folders.
const RESERVED: [&str; 12] = [
    "bases",
    "counties",
    "categories",
    "themes",
    "static",
    "search",
    "data",
    "map",
    "updates",
    "pages",
    "404",
    "index",
];

/// Reads the four config files. `None` if any is missing or has errors.
pub fn config(sources: &Sources, base_url: Option<&str>, diags: &mut Diagnostics) -> Option<Config> {
    let site = sources.site.as_ref().and_then(|s| site(s, base_url, diags));
    let counties = list::<RawCounty>(sources.counties.as_ref(), diags, |cx, c| {
        check_id(cx, &c.id, "id");
        let centre = c.centre.map(|l| Location { lat: l.value.lat.value, lng: l.value.lng.value });
        County {
            id: c.id.value,
            name: c.name.value,
            code: c.code.and_then(|x| six_digits(cx, x, "code", "行政区划代码，例如 152201")),
            postal_code: c.postal_code.and_then(|x| six_digits(cx, x, "postal_code", "邮政编码，例如 137400")),
            centre,
            name_mn: c.name_mn.and_then(|x| mongolian(cx, x, "name_mn")),
            aliases: c.aliases.unwrap_or_default().into_iter().map(|a| a.value).collect(),
        }
    });
    let categories = list::<RawCategory>(sources.categories.as_ref(), diags, |cx, c| {
        check_id(cx, &c.id, "id");
        // Both name maps: `map/<category>/` and `map/<county>/` (urls::map).
        if counties.iter().flatten().any(|k| k.id == c.id.value) {
            cx.error("Q0304", &c.id, "id", format!("类别 id `{}` 与旗县 id 相同", c.id.value))
                .expected("类别与旗县各用不同的 id（两者都是地图的网址 map/<id>/）");
        }
        let name_mn = c.name_mn.and_then(|x| mongolian(cx, x, "name_mn"));
        Category { id: c.id.value, name: c.name.value, name_mn, group: c.group.value }
    });
    let themes = list::<RawTheme>(sources.themes.as_ref(), diags, |cx, t| {
        check_id(cx, &t.id, "id");
        let name_mn = t.name_mn.and_then(|x| mongolian(cx, x, "name_mn"));
        Theme { id: t.id.value, name: t.name.value, name_mn }
    });
    Some(Config { site: site?, counties: counties?, categories: categories?, themes: themes? })
}

/// Reads a YAML list file, checking each entry and that ids are unique.
fn list<R: DeserializeOwned + HasId>(
    source: Option<&Source>,
    diags: &mut Diagnostics,
    mut each: impl FnMut(&mut Ctx, R) -> <R as HasId>::Out,
) -> Option<Vec<R::Out>> {
    let source = source?;
    let raw: Vec<R> = parse_yaml(source, &source.text, 1).map_err(|d| diags.push(d)).ok()?;
    let errors = diags.count(Severity::Error);
    let mut cx = Ctx { source, first_line: 1, diags };
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for entry in raw {
        if seen.contains(&entry.id().value) {
            let id = entry.id().value.clone();
            cx.error("Q0304", entry.id(), "id", format!("id `{id}` 重复")).expected("每个 id 只出现一次");
        }
        seen.push(entry.id().value.clone());
        out.push(each(&mut cx, entry));
    }
    if out.is_empty() {
        diags.push(
            Diagnostic::error("Q0203", &source.path, "列表是空的").at(1, 1).expected("至少一项 `- { id: …, name: … }`"),
        );
    }
    (diags.count(Severity::Error) == errors).then_some(out)
}

pub trait HasId {
    type Out;
    fn id(&self) -> &S<String>;
}

macro_rules! has_id {
    ($raw:ty => $out:ty) => {
        impl HasId for $raw {
            type Out = $out;
            fn id(&self) -> &S<String> {
                &self.id
            }
        }
    };
}
has_id!(RawCounty => County);
has_id!(RawCategory => Category);
has_id!(RawTheme => Theme);

fn check_id(cx: &mut Ctx, id: &S<String>, field: &str) {
    if !is_id(&id.value) {
        cx.error("Q0312", id, field, format!("id `{}` 不能用在网址里", id.value))
            .expected("小写英文字母、数字和连字符，例如 horqin-right-front");
    }
}

/// A code of six ASCII digits, or an error naming what it is.
fn six_digits(cx: &mut Ctx, value: S<String>, field: &str, what: &str) -> Option<String> {
    if value.value.len() == 6 && value.value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.value);
    }
    cx.error("Q0318", &value, field, format!("`{}` 不是六位数字", value.value)).expected(format!("六位数字的{what}"));
    None
}

fn site(source: &Source, base_url: Option<&str>, diags: &mut Diagnostics) -> Option<Site> {
    let raw: RawSite = parse_yaml(source, &source.text, 1).map_err(|d| diags.push(d)).ok()?;
    let mut cx = Ctx { source, first_line: 1, diags };
    let base = match base_url {
        Some(b) => match base_url_problem(b) {
            None => Some(b.to_string()),
            Some(why) => {
                let d = Diagnostic::error(
                    "Q0306",
                    Path::new("--base-url"),
                    format!("--base-url `{b}` 不能用作网站地址：{why}"),
                );
                cx.diags.push(d.field("base_url").expected(BASE_URL_EXPECTED));
                None
            }
        },
        None => raw.base_url.and_then(|u| {
            let at = S { value: String::new(), referenced: u.referenced, defined: u.defined };
            let v = url(&mut cx, u, "base_url")?;
            match base_url_problem(&v) {
                None => Some(v),
                Some(why) => {
                    cx.error("Q0306", &at, "base_url", format!("base_url `{v}` 不能用作网站地址：{why}"))
                        .expected(BASE_URL_EXPECTED);
                    None
                }
            }
        }),
    };
    let mut base = base.unwrap_or_else(|| "/".to_string());
    if !base.ends_with('/') {
        base.push('/');
    }
    // Every record page's address goes into a QR code, which holds about 2,300 bytes at most.
    if base.len() > MAX_BASE_URL {
        let d = Diagnostic::error("Q0306", &source.path, format!("base_url 太长（{} 字节）", base.len()))
            .at(1, 1)
            .field("base_url")
            .expected(format!("不超过 {MAX_BASE_URL} 字节的网址"));
        cx.diags.push(d);
    }
    let contact = raw.contact;
    let phone = contact.as_ref().and_then(|c| c.phone.as_ref()).and_then(|p| phone_field(&mut cx, p, "contact.phone"));
    let email = contact.and_then(|c| c.email).map(|e| e.value);
    let feedback = match raw.feedback {
        Some(f) => feedback(&mut cx, f),
        None => email.clone().map(Feedback::Email).or_else(|| phone.clone().map(Feedback::Phone)),
    };
    let file_links = match raw.links {
        None => false,
        Some(l) if l.value == "folders" || l.value == "files" => l.value == "files",
        Some(l) => {
            cx.error("Q0306", &l, "links", format!("links 不能是 `{}`", l.value))
                .expected("folders（网站放在服务器上，默认）或 files（复制到 U 盘或压缩包、直接打开文件浏览）");
            false
        }
    };
    let site = Site {
        title: raw.title.value,
        description: raw.description.map(|d| d.value),
        base_url: base,
        language: raw.language.map_or_else(|| "zh-CN".to_string(), |l| l.value),
        publisher: raw.publisher.map(|p| p.value),
        phone,
        email,
        feedback,
        file_links,
        sample: raw.sample.unwrap_or(false),
    };
    // A wrong value is reported and the build fails, but the records are still checked
    // against the rest, so that one build lists every error.
    Some(site)
}

/// `feedback:` is a mailbox, a web address or a phone number, told apart by their form.
fn feedback(cx: &mut Ctx, value: S<String>) -> Option<Feedback> {
    let v = value.value.trim();
    if v.starts_with("http://") || v.starts_with("https://") {
        return url(cx, value, "feedback").map(Feedback::Url);
    }
    if let Some((user, host)) = v.split_once('@') {
        let bad = |c: char| c.is_whitespace() || "<>\"'`?&#@:/".contains(c);
        let ok = !user.is_empty() && host.contains('.') && !user.contains(bad) && !host.contains(bad);
        if !ok {
            cx.error("Q0306", &value, "feedback", format!("纠错邮箱 `{v}` 无效")).expected(FEEDBACK_EXPECTED);
            return None;
        }
        return Some(Feedback::Email(v.to_string()));
    }
    match super::checks::phone(v) {
        Some(p) => Some(Feedback::Phone(p)),
        None => {
            cx.error("Q0306", &value, "feedback", format!("纠错方式 `{v}` 既不是邮箱、网址，也不是电话号码"))
                .expected(FEEDBACK_EXPECTED);
            None
        }
    }
}

const FEEDBACK_EXPECTED: &str =
    "邮箱（如 jiucuo@example.org）、以 https:// 开头的网址，或带区号的电话（如 0482-555 0000）";

/// Reads the free pages; pages with errors are left out (their errors are reported).
pub fn pages(sources: &Sources, diags: &mut Diagnostics) -> Vec<Page> {
    let mut pages = Vec::new();
    for source in &sources.pages {
        let fm = match split_front_matter(source) {
            Ok(fm) => fm,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let raw: RawPage = match parse_yaml(source, fm.yaml, fm.first_line) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if let Some((line, column)) = control_in_text(fm.body) {
            let at = fm.first_line + fm.yaml.lines().count() + line;
            let d = Diagnostic::error("Q0315", &source.path, "正文含有控制字符").at(at, column).expected("可见的文字");
            diags.push(d.hint("控制字符多来自复制粘贴：删除它"));
            continue;
        }
        let stem = source.rel.trim_start_matches("pages/").trim_end_matches(".md").to_string();
        if !is_id(&stem) || RESERVED.contains(&stem.as_str()) {
            diags.push(
                Diagnostic::error("Q0314", &source.path, format!("页面 id（文件名）`{stem}` 不可用"))
                    .at(1, 0)
                    .expected(format!("小写字母、数字和连字符，且不是 {}", RESERVED.join("、"))),
            );
            continue;
        }
        pages.push(Page {
            id: stem,
            title: raw.title.value,
            description: raw.description.map(|d| d.value),
            order: raw.order.map_or(0, |o| o.value),
            body: fm.body.to_string(),
        });
    }
    pages.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
    pages
}
