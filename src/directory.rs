//! Directory: the validated model of a content folder. Later stages only ever see this.

use jiff::civil::Date;

#[derive(Debug, Clone)]
pub struct Directory {
    pub site: Site,
    pub counties: Vec<County>,
    pub categories: Vec<Category>,
    pub themes: Vec<Theme>,
    /// Sorted by id.
    pub records: Vec<Record>,
    /// Sorted by `order`, then id.
    pub pages: Vec<Page>,
    /// The day the build counts from (for 信息待核实).
    pub today: Date,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub description: Option<String>,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub publisher: Option<String>,
    pub phone: Option<Phone>,
    pub email: Option<String>,
    pub sample: bool,
}

#[derive(Debug, Clone)]
pub struct County {
    pub id: String,
    pub name: String,
    pub code: Option<String>,
    pub centre: Option<Location>,
    pub name_mn: Option<String>,
    /// Other names people type, e.g. 科右前旗.
    pub aliases: Vec<String>,
}

impl County {
    /// The names a query may use for this county (docs/search.md): the name, the name without
    /// a final 市/旗/县, and the aliases, normalised.
    pub fn forms(&self) -> Vec<String> {
        let short = self.name.strip_suffix(['市', '旗', '县']).filter(|s| s.chars().count() >= 2);
        let mut forms: Vec<String> = Vec::new();
        for f in std::iter::once(self.name.as_str()).chain(short).chain(self.aliases.iter().map(String::as_str)) {
            let f = crate::analyze::normalize(f.trim());
            if !f.is_empty() && !forms.contains(&f) {
                forms.push(f);
            }
        }
        forms
    }
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub group: String,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub id: String,
    pub name: String,
}

/// School stages and parents, in the order they are shown.
pub const AUDIENCES: [(&str, &str); 5] =
    [("kindergarten", "幼儿园"), ("primary", "小学"), ("junior", "初中"), ("senior", "高中"), ("parents", "家长")];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    TemporarilyClosed,
    Closed,
}

impl Status {
    pub const IDS: [&'static str; 3] = ["open", "temporarily_closed", "closed"];

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "open" => Some(Status::Open),
            "temporarily_closed" => Some(Status::TemporarilyClosed),
            "closed" => Some(Status::Closed),
            _ => None,
        }
    }

    pub fn id(self) -> &'static str {
        Self::IDS[self as usize]
    }

    pub fn words(self) -> &'static str {
        ["开放", "暂停开放", "已关闭"][self as usize]
    }
}

/// A phone number as written and as dialled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Phone {
    pub display: String,
    /// Digits only, for `tel:` links.
    pub tel: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location {
    pub lat: f64,
    pub lng: f64,
}

#[derive(Debug, Clone)]
pub struct Designation {
    pub title: String,
    /// national | region | league | county
    pub level: Option<String>,
    pub year: Option<u32>,
}

pub const LEVELS: [(&str, &str); 4] = [("national", "国家级"), ("region", "自治区级"), ("league", "盟级"), ("county", "旗县级")];

#[derive(Debug, Clone, Default)]
pub struct Booking {
    pub required: Option<bool>,
    pub phones: Vec<Phone>,
    pub contact: Option<String>,
    pub wechat: Option<String>,
    pub url: Option<String>,
    pub advance_days: Option<u32>,
    pub group_max: Option<u32>,
    /// free | paid
    pub fee: Option<String>,
    pub fee_note: Option<String>,
    pub green_channel: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Program {
    pub title: String,
    pub audiences: Vec<String>,
    pub duration_minutes: Option<u32>,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Hours {
    /// The opening_hours value as written.
    pub raw: String,
    /// In Chinese words.
    pub text: String,
    /// As weekly rules, when it has that form: what search filters, JSON-LD and HSDS read,
    /// parsed once.
    pub schedule: Option<crate::hours::Schedule>,
}

/// One place. Holds no `private:` data: that is dropped while parsing.
#[derive(Debug, Clone)]
pub struct Record {
    /// The file stem; URL-safe and unique.
    pub id: String,
    /// The file it came from, relative to the content folder.
    pub source: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Index into `Directory::categories`.
    pub category: usize,
    /// Index into `Directory::counties`.
    pub county: usize,
    /// Indexes into `Directory::themes`.
    pub themes: Vec<usize>,
    /// Ids from [`AUDIENCES`], in that order.
    pub audiences: Vec<String>,
    pub designations: Vec<Designation>,
    pub address: Option<String>,
    /// WGS-84.
    pub location: Option<Location>,
    pub transport: Option<String>,
    pub hours: Option<Hours>,
    pub hours_note: Option<String>,
    pub booking: Booking,
    pub programs: Vec<Program>,
    pub website: Option<String>,
    pub status: Status,
    pub updated: Option<Date>,
    pub verified: Option<Date>,
    pub sources: Vec<String>,
    /// Markdown.
    pub description: String,
    /// Not verified within the last 12 months (or never).
    pub stale: bool,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub order: i64,
    /// Markdown.
    pub body: String,
}

impl Directory {
    /// The absolute address of a record's page, from `base_url`.
    pub fn record_url(&self, r: &Record) -> String {
        format!("{}bases/{}/", self.site.base_url, r.id)
    }

    pub fn county_records(&self, county: usize) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(move |r| r.county == county)
    }
}
