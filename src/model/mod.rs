//! The model: the checked directory and what it means. Every stage after `content` sees
//! only this: records, counties, categories and themes, and the rules that give them meaning
//! ([`hours`], [`geo`], [`markdown`], [`urls`], [`words`], [`time`]).

pub mod geo;
pub mod hours;
pub mod markdown;
pub mod schedule;
pub mod time;
pub mod urls;
pub mod words;

use jiff::civil::Date;

/// A control character no published text may carry: all but tab and line feed. `content`
/// refuses them in values; the Markdown renderer never writes one.
pub fn is_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

/// A full-width letter, digit or punctuation mark as its ASCII form (as NFKC has it), the
/// ideographic space as a space: what a Chinese input method types for `0482-555`.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

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
    /// The files it was read from (config files, records, pages), in reading order.
    pub inputs: Vec<Input>,
}

/// A file the directory was read from: its path inside the content folder and a hash of its
/// text. Cache keys and the search index's folder name are made of these.
#[derive(Debug, Clone)]
pub struct Input {
    pub rel: String,
    pub digest: u64,
}

/// `key` with the path and text hash of each of `inputs` added, in order: what a cache key
/// holds of the files something was made from.
pub fn add_inputs<'a>(key: crate::hash::Key, inputs: impl IntoIterator<Item = &'a Input>) -> crate::hash::Key {
    inputs.into_iter().fold(key, |key, i| key.add(i.rel.as_bytes()).add(&i.digest.to_le_bytes()))
}

impl Input {
    /// `site.yaml`, `counties.yaml`, `categories.yaml` or `themes.yaml`: what every page shows.
    pub fn is_config(&self) -> bool {
        !self.rel.contains('/')
    }
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
    /// Where readers report a mistake in a record (`feedback:`, else the contact email or phone).
    pub feedback: Option<Feedback>,
    pub sample: bool,
    /// Links name each page's file (`counties/index.html`), so that the site works opened from
    /// a folder, a zip or a USB stick (`file://`), where a folder link shows a file listing.
    pub file_links: bool,
}

/// An address for corrections (纠错): a mailbox, a phone or a web form.
#[derive(Debug, Clone)]
pub enum Feedback {
    Email(String),
    Phone(Phone),
    Url(String),
}

#[derive(Debug, Clone)]
pub struct County {
    pub id: String,
    pub name: String,
    /// The six-digit administrative division code (行政区划代码).
    pub code: Option<String>,
    /// The six-digit postal code of the county's seat, for addresses in the data downloads.
    pub postal_code: Option<String>,
    pub centre: Option<Location>,
    pub name_mn: Option<String>,
    /// Other names people type, e.g. 科右前旗.
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// In traditional Mongolian script, for the Mongolian edition.
    pub name_mn: Option<String>,
    pub group: String,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub id: String,
    pub name: String,
    pub name_mn: Option<String>,
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

impl Phone {
    /// The number in international form, `+86-482-5550101` or `+86-139-0000-0001`: what other
    /// systems read (vCard `tel:` URIs, JSON-LD), where a number without its country is not
    /// a valid global number. Area codes 010 and 020–029 have two digits, the others three.
    pub fn international(&self) -> String {
        let t = &self.tel;
        match t.strip_prefix('0') {
            Some(rest) => {
                let area = if rest.starts_with(['1', '2']) { 2 } else { 3 };
                format!("+86-{}-{}", &rest[..area], &rest[area..])
            }
            None => format!("+86-{}-{}-{}", &t[..3], &t[3..7], &t[7..]),
        }
    }
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

pub const LEVELS: [(&str, &str); 4] =
    [("national", "国家级"), ("region", "自治区级"), ("league", "盟级"), ("county", "旗县级")];

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
    pub schedule: Option<schedule::Schedule>,
}

/// One place. Holds no `private:` data: that is dropped while parsing.
#[derive(Debug, Clone)]
pub struct Record {
    /// The file stem; URL-safe and unique.
    pub id: String,
    /// The file it came from, relative to the content folder.
    pub source: String,
    /// A hash of that file's text: all a record page is made of, with the config files.
    pub digest: u64,
    pub name: String,
    /// The name and address in traditional Mongolian script, for the Mongolian edition.
    pub name_mn: Option<String>,
    pub address_mn: Option<String>,
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
    /// A hash of every input file, the base URL (which the command line may set) and the day the
    /// build counts from: what a file made of the whole directory depends on.
    pub fn digest(&self) -> u64 {
        let key = crate::hash::Key::new().add(self.today.to_string().as_bytes()).add(self.site.base_url.as_bytes());
        add_inputs(key, &self.inputs).finish()
    }

    /// A hash of the files of `records`, in their order: with the configuration, what a page
    /// listing them is made of.
    pub fn records_key<'a>(records: impl Iterator<Item = &'a Record>) -> u64 {
        records
            .fold(crate::hash::Key::new(), |key, r| key.add(r.source.as_bytes()).add(&r.digest.to_le_bytes()))
            .finish()
    }

    /// The absolute address of a record's page, from `base_url`.
    pub fn record_url(&self, r: &Record) -> String {
        format!("{}{}", self.site.base_url, urls::record(&r.id))
    }

    /// Records with an `updated` date, the most recently updated first (then by id), at most
    /// `limit`: the home page's and the feed's "recent changes".
    pub fn recent(&self, limit: usize) -> Vec<&Record> {
        let mut list: Vec<&Record> = self.records.iter().filter(|r| r.updated.is_some()).collect();
        list.sort_by(|a, b| (b.updated, &a.id).cmp(&(a.updated, &b.id)));
        list.truncate(limit);
        list
    }

    pub fn county_records(&self, county: usize) -> impl Iterator<Item = &Record> {
        self.records.iter().filter(move |r| r.county == county)
    }
}
