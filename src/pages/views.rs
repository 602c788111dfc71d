//! Views: small borrowed shapes of the directory handed to templates.
//!
//! Templates get exactly these fields (documented in README, "Templates"). Nothing here can
//! hold `private:` data: the model never had it.

use crate::model::{hours, urls, words, Category, County, Directory, Phone, Record, Theme, AUDIENCES};
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    pub language: &'a str,
    pub publisher: Option<&'a str>,
    pub contact: ContactView<'a>,
    pub sample: bool,
    pub pages: Vec<PageLink<'a>>,
    /// Links name files (see `model::Site::file_links`); here so that pages are keyed by it.
    pub file_links: bool,
}

#[derive(Serialize)]
pub struct ContactView<'a> {
    pub phone: Option<&'a Phone>,
    pub email: Option<&'a str>,
}

#[derive(Serialize)]
pub struct PageLink<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
}

/// A county, category or theme as a link with its record count.
#[derive(Serialize, Clone)]
pub struct TermView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// The name in traditional Mongolian, shown beside `name` in the Mongolian edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_mn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'a str>,
    pub count: usize,
    pub url: String,
}

#[derive(Serialize)]
pub struct GroupView<'a> {
    pub name: &'a str,
    pub categories: Vec<TermView<'a>>,
}

#[derive(Serialize)]
pub struct Named<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// What every page shares, computed once per build.
#[derive(Serialize)]
pub struct Shared<'a> {
    pub site: SiteView<'a>,
    pub counties: Vec<TermView<'a>>,
    pub categories: Vec<TermView<'a>>,
    pub groups: Vec<GroupView<'a>>,
    pub themes: Vec<TermView<'a>>,
    pub audiences: Vec<Named<'a>>,
    pub build_date: String,
    /// The newest record's `updated` date (the build's day when none has one): what "数据更新至"
    /// says, so that a page does not change only because a day passed.
    pub data_date: String,
    /// Folder of the search index files, relative to the site root.
    pub search_index: &'a str,
}

pub fn county(c: &County, count: usize) -> TermView<'_> {
    let url = urls::county(&c.id);
    let name_mn = c.name_mn.as_deref();
    TermView { id: &c.id, name: &c.name, name_mn, group: None, code: c.code.as_deref(), count, url }
}

pub fn category(c: &Category, count: usize) -> TermView<'_> {
    let url = urls::category(&c.id);
    let name_mn = c.name_mn.as_deref();
    TermView { id: &c.id, name: &c.name, name_mn, group: Some(&c.group), code: None, count, url }
}

pub fn theme(t: &Theme, count: usize) -> TermView<'_> {
    let (name_mn, url) = (t.name_mn.as_deref(), urls::theme(&t.id));
    TermView { id: &t.id, name: &t.name, name_mn, group: None, code: None, count, url }
}

pub fn shared(dir: &Directory) -> Shared<'_> {
    let count = |f: &dyn Fn(&Record) -> bool| dir.records.iter().filter(|r| f(r)).count();
    let counties: Vec<_> = dir.counties.iter().enumerate().map(|(i, c)| county(c, count(&|r| r.county == i))).collect();
    let categories: Vec<_> =
        dir.categories.iter().enumerate().map(|(i, c)| category(c, count(&|r| r.category == i))).collect();
    let mut groups: Vec<GroupView> = Vec::new();
    for c in &categories {
        let group = c.group.unwrap_or("");
        match groups.iter_mut().find(|g| g.name == group) {
            Some(g) => g.categories.push(c.clone()),
            None => groups.push(GroupView { name: group, categories: vec![c.clone()] }),
        }
    }
    let themes = dir.themes.iter().enumerate().map(|(i, t)| theme(t, count(&|r| r.themes.contains(&i)))).collect();
    let pages = dir
        .pages
        .iter()
        .map(|p| PageLink { id: &p.id, title: &p.title, description: p.description.as_deref(), url: urls::page(&p.id) })
        .collect();
    let s = &dir.site;
    Shared {
        site: SiteView {
            title: &s.title,
            description: s.description.as_deref(),
            base_url: &s.base_url,
            language: &s.language,
            publisher: s.publisher.as_deref(),
            contact: ContactView { phone: s.phone.as_ref(), email: s.email.as_deref() },
            sample: s.sample,
            pages,
            file_links: s.file_links,
        },
        counties,
        categories,
        groups,
        themes,
        audiences: AUDIENCES.iter().map(|(id, name)| Named { id, name }).collect(),
        build_date: dir.today.to_string(),
        data_date: dir.records.iter().filter_map(|r| r.updated).max().unwrap_or(dir.today).to_string(),
        search_index: "",
    }
}

/// A record as shown in lists.
#[derive(Serialize)]
pub struct Summary<'a> {
    pub id: &'a str,
    pub url: String,
    pub name: &'a str,
    /// In traditional Mongolian script, shown by the Mongolian edition beside `name`.
    pub name_mn: Option<&'a str>,
    pub aliases: &'a [String],
    pub county: Link<'a>,
    pub category: CategoryLink<'a>,
    pub themes: Vec<Link<'a>>,
    pub audiences: Vec<Named<'static>>,
    pub address: Option<&'a str>,
    pub address_mn: Option<&'a str>,
    pub phones: &'a [Phone],
    pub hours_text: Option<&'a str>,
    pub hours_note: Option<&'a str>,
    pub booking_required: Option<bool>,
    pub fee: Option<&'a str>,
    pub fee_text: Option<&'static str>,
    pub advance_days: Option<u32>,
    pub group_max: Option<u32>,
    pub green_channel: bool,
    pub status: &'static str,
    pub status_text: &'static str,
    pub stale: bool,
    pub updated: Option<String>,
    pub verified: Option<String>,
}

#[derive(Serialize)]
pub struct Link<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct CategoryLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub group: &'a str,
    pub url: String,
}

pub fn audiences(ids: &[String]) -> Vec<Named<'static>> {
    words::audiences(ids).map(|(id, name)| Named { id, name }).collect()
}

pub fn summary<'a>(dir: &'a Directory, r: &'a Record) -> Summary<'a> {
    let county = &dir.counties[r.county];
    let category = &dir.categories[r.category];
    Summary {
        id: &r.id,
        url: urls::record(&r.id),
        name: &r.name,
        name_mn: r.name_mn.as_deref(),
        aliases: &r.aliases,
        county: Link { id: &county.id, name: &county.name, url: urls::county(&county.id) },
        category: CategoryLink {
            id: &category.id,
            name: &category.name,
            group: &category.group,
            url: urls::category(&category.id),
        },
        themes: r
            .themes
            .iter()
            .map(|&t| Link { id: &dir.themes[t].id, name: &dir.themes[t].name, url: urls::theme(&dir.themes[t].id) })
            .collect(),
        audiences: audiences(&r.audiences),
        address: r.address.as_deref(),
        address_mn: r.address_mn.as_deref(),
        phones: &r.booking.phones,
        hours_text: r.hours.as_ref().map(|h| h.text.as_str()),
        hours_note: r.hours_note.as_deref(),
        booking_required: r.booking.required,
        fee: r.booking.fee.as_deref(),
        fee_text: words::fee_text(r.booking.fee.as_deref()),
        advance_days: r.booking.advance_days,
        group_max: r.booking.group_max,
        green_channel: r.booking.green_channel.is_some(),
        status: r.status.id(),
        status_text: r.status.words(),
        stale: r.stale,
        updated: r.updated.map(|d| d.to_string()),
        verified: r.verified.map(|d| d.to_string()),
    }
}

/// A record on its own page: the summary plus everything else it says.
#[derive(Serialize)]
pub struct Full<'a> {
    #[serde(flatten)]
    pub summary: Summary<'a>,
    /// Each designation's title and what its level and year add to it.
    pub designations: Vec<(&'a str, Option<String>)>,
    pub location: Option<LatLng>,
    pub transport: Option<&'a str>,
    pub booking: BookingView<'a>,
    pub programs: Vec<ProgramView<'a>>,
    pub website: Option<&'a str>,
    pub sources: &'a [String],
    pub description_html: String,
    /// The contact card and QR code beside the page (see `outputs::vcard`).
    pub vcard_url: &'static str,
    pub qr_url: &'static str,
    /// 高德, 百度 and 腾讯 map links; empty without a location.
    pub nav: Vec<NavLink>,
    /// schema.org JSON-LD, already safe inside a script element.
    pub json_ld: String,
    /// The hours day by day, one table per season; empty when they have no weekly form.
    pub week: Vec<WeekTable>,
    /// Said under the tables when some months have no open day.
    pub week_rest: bool,
    /// How to report a mistake in this record.
    pub feedback: Option<FeedbackView>,
}

/// One season's hours, Monday first. `months` (0 = January, first and last) lets the page mark
/// today's row.
#[derive(Serialize)]
pub struct WeekTable {
    pub title: Option<String>,
    pub months: [u8; 2],
    /// Monday first, each day's hours (`09:00–16:00`), empty when closed: the theme's strings
    /// name the days and say 闭馆, so that each edition says them in its language.
    pub days: Vec<String>,
}

/// The record's hours as tables of days, and whether some months have no table (closed).
pub fn week(r: &Record) -> (Vec<WeekTable>, bool) {
    let Some(rules) = r.hours.as_ref().and_then(|h| h.schedule.as_deref()) else { return (Vec::new(), false) };
    let seasons = crate::model::schedule::seasons(rules);
    let months: u8 = seasons.iter().map(|s| (s.months[1] + 12 - s.months[0]) % 12 + 1).sum();
    let rest = !seasons.is_empty() && months < 12;
    let whole = seasons.len() == 1 && seasons[0].all_year();
    let tables = seasons
        .iter()
        .map(|s| WeekTable {
            title: (!whole).then(|| hours::months_words(s.months)),
            months: s.months,
            days: (0..7)
                .map(|d| {
                    s.groups.iter().find(|g| g.0.contains(&d)).map_or_else(String::new, |g| hours::spans_words(&g.1))
                })
                .collect(),
        })
        .collect();
    (tables, rest)
}

#[derive(Serialize)]
pub struct FeedbackView {
    /// `mailto:` with the record in the subject, the form's address, or `tel:`.
    pub href: String,
    pub text: String,
    /// What to say beside the link: the mailbox, or the record to name.
    pub note: String,
}

fn feedback(site: &crate::model::Site, r: &Record, page: &str) -> Option<FeedbackView> {
    use crate::model::Feedback;
    let named = format!("请注明{}（编号 {}）", r.name, r.id);
    Some(match site.feedback.as_ref()? {
        Feedback::Email(to) => FeedbackView {
            href: format!(
                "mailto:{to}?subject={}&body={}",
                urls::percent(&format!("纠错：{}（编号 {}）", r.name, r.id)),
                urls::percent(&format!("页面：{page}\n需要更正的内容：\n")),
            ),
            text: "发邮件纠错".to_string(),
            note: to.clone(),
        },
        Feedback::Url(u) => FeedbackView { href: u.clone(), text: "填写纠错表".to_string(), note: named },
        Feedback::Phone(p) => {
            FeedbackView { href: format!("tel:{}", p.tel), text: format!("致电纠错 {}", p.display), note: named }
        }
    })
}

#[derive(Serialize)]
pub struct NavLink {
    pub name: &'static str,
    pub url: String,
}

#[derive(Serialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

#[derive(Serialize)]
pub struct DesignationView<'a> {
    pub title: &'a str,
    pub level: Option<&'a str>,
    pub level_text: Option<&'static str>,
    pub year: Option<u32>,
}

#[derive(Serialize)]
pub struct BookingView<'a> {
    pub required: Option<bool>,
    pub phones: &'a [Phone],
    pub contact: Option<&'a str>,
    pub wechat: Option<&'a str>,
    pub url: Option<&'a str>,
    pub advance_days: Option<u32>,
    pub group_max: Option<u32>,
    pub fee: Option<&'a str>,
    pub fee_text: Option<&'static str>,
    pub fee_note: Option<&'a str>,
    pub green_channel: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ProgramView<'a> {
    pub title: &'a str,
    pub audiences: Vec<Named<'static>>,
    pub duration_minutes: Option<u32>,
    pub description: Option<&'a str>,
}

/// A record's designations, with the level in words (the record page and `directory.json`).
pub fn designations(r: &Record) -> Vec<DesignationView<'_>> {
    r.designations
        .iter()
        .map(|d| DesignationView {
            title: &d.title,
            level: d.level.as_deref(),
            level_text: words::level(d.level.as_deref()),
            year: d.year,
        })
        .collect()
}

/// A record's programs, with their audiences named.
pub fn programs(r: &Record) -> Vec<ProgramView<'_>> {
    r.programs
        .iter()
        .map(|p| ProgramView {
            title: &p.title,
            audiences: audiences(&p.audiences),
            duration_minutes: p.duration_minutes,
            description: p.description.as_deref(),
        })
        .collect()
}

pub fn full<'a>(dir: &'a Directory, r: &'a Record) -> Full<'a> {
    let b = &r.booking;
    let (week, week_rest) = week(r);
    Full {
        summary: summary(dir, r),
        designations: r
            .designations
            .iter()
            .map(|d| (d.title.as_str(), words::designation_note(&d.title, d.level.as_deref(), d.year)))
            .collect(),
        location: r.location.map(|l| LatLng { lat: l.lat, lng: l.lng }),
        transport: r.transport.as_deref(),
        booking: BookingView {
            required: b.required,
            phones: &b.phones,
            contact: b.contact.as_deref(),
            wechat: b.wechat.as_deref(),
            url: b.url.as_deref(),
            advance_days: b.advance_days,
            group_max: b.group_max,
            fee: b.fee.as_deref(),
            fee_text: words::fee_text(b.fee.as_deref()),
            fee_note: b.fee_note.as_deref(),
            green_channel: b.green_channel.as_deref(),
        },
        programs: programs(r),
        website: r.website.as_deref(),
        sources: &r.sources,
        description_html: crate::model::markdown::to_html(&r.description),
        vcard_url: urls::VCARD,
        qr_url: urls::QR,
        nav: r
            .location
            .map(|l| crate::pages::maplinks::nav_links(&r.name, r.address.as_deref(), l))
            .unwrap_or_default()
            .into_iter()
            .map(|(name, url)| NavLink { name, url })
            .collect(),
        json_ld: crate::pages::jsonld::json_ld(dir, r),
        week,
        week_rest,
        feedback: feedback(&dir.site, r, &format!("{}{}", dir.site.base_url, urls::record(&r.id))),
    }
}
