//! Open-data downloads under `/data/`: every public field of every record as JSON, CSV (one
//! file for the whole directory and one per county), GeoJSON and an Open Referral HSDS export
//! ([`super::hsds`]), plus the JSON Schema of a record file and a page listing them all.
//! Built from the [`Directory`], which never holds `private:` data, so none can leak here.

use crate::diag::Diagnostic;
use crate::hash::Key;
use crate::model::{urls, words, Directory, Phone, Record};
use crate::pages::views::{audiences, designations, programs, DesignationView, Named, ProgramView};
use crate::write::{Output, Sink, Stream};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};

/// JSON Schema (draft 2020-12) of a record file; printed by `qingdan schema`.
pub const RECORD_SCHEMA: &str = include_str!("record.schema.json");

/// Version of the `directory.json` layout; raised when a field changes meaning or is removed.
pub const VERSION: u32 = 1;

/// Writes every download into `sink` as it is made; returns the data page that lists them with
/// their sizes, and the errors writing them.
pub fn write(dir: &Directory, sink: &Sink) -> (Output<'static>, Vec<Diagnostic>) {
    let jobs = downloads(dir);
    // Each is made of every record: unchanged while no input file is (and the day is the same).
    let inputs = dir.digest().to_le_bytes();
    let key = |path: &str| Key::new().add(&inputs).add(&VERSION.to_le_bytes()).add(path.as_bytes()).finish();
    let hsds_files: Vec<(String, u64)> =
        super::hsds::listing().iter().map(|(name, _)| hsds_path(name)).map(|path| (path.clone(), key(&path))).collect();
    // Written as they are made, side by side: at 100,000 records they come to 2 GB.
    let (written, hsds) = rayon::join(
        || {
            jobs.par_iter()
                .map(|(path, _, _, fill)| match sink.reuse(path, key(path)) {
                    Some(size) => Ok(size),
                    None => sink.create(path, key(path)).and_then(|mut s| fill(&mut s).and_then(|()| s.finish())),
                })
                .collect::<Vec<_>>()
        },
        || match sink.reuse_all(&hsds_files) {
            Some(sizes) => super::hsds::listing().into_iter().zip(sizes).map(|((f, w), s)| (f, w, Ok(s))).collect(),
            None => super::hsds::write(dir, &|name| sink.create(&hsds_path(name), key(&hsds_path(name)))),
        },
    );
    let mut files: Vec<(String, &str, String, io::Result<usize>)> =
        jobs.into_iter().zip(written).map(|((path, format, what, _), size)| (path, format, what, size)).collect();
    files.extend(hsds.into_iter().map(|(name, what, size)| (hsds_path(name), "HSDS", what.to_string(), size)));
    let schema = urls::data("record.schema.json");
    let written = sink.write_raw(&schema, RECORD_SCHEMA.as_bytes()).map(|()| RECORD_SCHEMA.len());
    files.push((schema, "JSON Schema", "记录文件的 JSON Schema，编辑器可据此校验与补全".into(), written));
    let mut errors = Vec::new();
    let downloads: Vec<serde_json::Value> = files
        .into_iter()
        .map(|(path, kind, what, written)| {
            let bytes = written.unwrap_or_else(|e| {
                errors.push(Diagnostic::unwritable(std::path::Path::new(&path), &e));
                0
            });
            serde_json::json!({
                "url": path,
                "name": path.trim_start_matches(urls::DATA),
                "format": kind,
                "what": what,
                "bytes": bytes,
                "size": size(bytes),
            })
        })
        .collect();
    let mut context = serde_json::Map::new();
    context.insert("downloads".into(), serde_json::Value::Array(downloads));
    context.insert("data_version".into(), VERSION.into());
    (
        Output::Page {
            template: "data.html",
            path: urls::DATA.into(),
            key: dir.digest(),
            context: Box::new(move || context.clone()),
        },
        errors,
    )
}

/// The downloads made of the records: path, format, what it holds, and how to write it.
fn downloads(dir: &Directory) -> Vec<(String, &'static str, String, Fill<'_>)> {
    let n = dir.records.len();
    let mut jobs: Vec<(String, &'static str, String, Fill)> = vec![
        (
            urls::data("directory.json"),
            "JSON",
            "全部记录的全部公开字段（结构见下文，version 1）".into(),
            Box::new(|s| json(s, &directory_json(dir))),
        ),
        (
            urls::data("directory.csv"),
            "CSV",
            format!("全部 {n} 条记录，一行一条，Excel 可直接打开"),
            Box::new(|s| csv(s, dir, dir.records.iter())),
        ),
    ];
    for (i, c) in dir.counties.iter().enumerate() {
        let what = format!("{}清单：{} 条记录", c.name, dir.county_records(i).count());
        jobs.push((urls::county_csv(&c.id), "CSV", what, Box::new(move |s| csv(s, dir, dir.county_records(i)))));
    }
    jobs.push((
        urls::data("directory.geojson"),
        "GeoJSON",
        "有坐标的场所（WGS-84），可导入地图软件".into(),
        Box::new(|s| json(s, &super::geojson::geojson(dir))),
    ));
    jobs
}

/// Keeps the previous build's downloads and data page, if it made each of them.
pub fn keep_previous(dir: &Directory, sink: &Sink) -> bool {
    let mut paths: Vec<String> = downloads(dir).into_iter().map(|job| job.0).collect();
    paths.extend(super::hsds::listing().iter().map(|(name, _)| hsds_path(name)));
    paths.extend([urls::data("record.schema.json"), urls::file(urls::DATA)]);
    sink.keep_previous(&paths)
}

/// Where the HSDS file `name` goes.
fn hsds_path(name: &str) -> String {
    urls::data(&format!("hsds/{name}"))
}

/// Writes one download into an open file.
type Fill<'a> = Box<dyn Fn(&mut Stream) -> io::Result<()> + Send + Sync + 'a>;

fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

fn json<T: Serialize>(out: &mut Stream, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct DirectoryJson<'a> {
    schema: String,
    version: u32,
    generated: String,
    site: SiteJson<'a>,
    counties: Vec<CountyJson<'a>>,
    categories: Vec<Term<'a>>,
    themes: Vec<Term<'a>>,
    records: Vec<RecordJson<'a>>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: &'a str,
    language: &'a str,
    publisher: Option<&'a str>,
    sample: bool,
}

#[derive(Serialize)]
struct CountyJson<'a> {
    id: &'a str,
    name: &'a str,
    code: Option<&'a str>,
    name_mn: Option<&'a str>,
    centre: Option<LatLng>,
}

#[derive(Serialize)]
struct Term<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
}

#[derive(Serialize)]
struct LatLng {
    lat: f64,
    lng: f64,
}

#[derive(Serialize)]
struct RecordJson<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    aliases: &'a [String],
    county: Term<'a>,
    category: Term<'a>,
    themes: Vec<Term<'a>>,
    audiences: Vec<Named<'static>>,
    designations: Vec<DesignationView<'a>>,
    address: Option<&'a str>,
    /// WGS-84.
    location: Option<LatLng>,
    transport: Option<&'a str>,
    hours: Option<HoursJson<'a>>,
    hours_note: Option<&'a str>,
    booking: BookingJson<'a>,
    programs: Vec<ProgramView<'a>>,
    website: Option<&'a str>,
    status: &'static str,
    status_text: &'static str,
    updated: Option<String>,
    verified: Option<String>,
    stale: bool,
    sources: &'a [String],
    description: &'a str,
}

#[derive(Serialize)]
struct HoursJson<'a> {
    opening_hours: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct BookingJson<'a> {
    required: Option<bool>,
    phones: Vec<&'a str>,
    contact: Option<&'a str>,
    wechat: Option<&'a str>,
    url: Option<&'a str>,
    advance_days: Option<u32>,
    group_max: Option<u32>,
    fee: Option<&'a str>,
    fee_note: Option<&'a str>,
    green_channel: Option<&'a str>,
}

fn directory_json(dir: &Directory) -> DirectoryJson<'_> {
    let s = &dir.site;
    DirectoryJson {
        schema: format!("{}data/#directory-json", s.base_url),
        version: VERSION,
        generated: dir.today.to_string(),
        site: SiteJson {
            title: &s.title,
            description: s.description.as_deref(),
            base_url: &s.base_url,
            language: &s.language,
            publisher: s.publisher.as_deref(),
            sample: s.sample,
        },
        counties: dir
            .counties
            .iter()
            .map(|c| CountyJson {
                id: &c.id,
                name: &c.name,
                code: c.code.as_deref(),
                name_mn: c.name_mn.as_deref(),
                centre: c.centre.map(|l| LatLng { lat: l.lat, lng: l.lng }),
            })
            .collect(),
        categories: dir.categories.iter().map(|c| Term { id: &c.id, name: &c.name, group: Some(&c.group) }).collect(),
        themes: dir.themes.iter().map(|t| Term { id: &t.id, name: &t.name, group: None }).collect(),
        records: {
            // Sorted by id (docs/data.md), whatever order the site lists them in.
            let mut by_id: Vec<&Record> = dir.records.iter().collect();
            by_id.sort_by(|a, b| a.id.cmp(&b.id));
            by_id.into_iter().map(|r| record_json(dir, r)).collect()
        },
    }
}

fn record_json<'a>(dir: &'a Directory, r: &'a Record) -> RecordJson<'a> {
    let (county, category) = (&dir.counties[r.county], &dir.categories[r.category]);
    let b = &r.booking;
    RecordJson {
        id: &r.id,
        url: dir.record_url(r),
        name: &r.name,
        aliases: &r.aliases,
        county: Term { id: &county.id, name: &county.name, group: None },
        category: Term { id: &category.id, name: &category.name, group: Some(&category.group) },
        themes: r
            .themes
            .iter()
            .map(|&t| Term { id: &dir.themes[t].id, name: &dir.themes[t].name, group: None })
            .collect(),
        audiences: audiences(&r.audiences),
        designations: designations(r),
        address: r.address.as_deref(),
        location: r.location.map(|l| LatLng { lat: l.lat, lng: l.lng }),
        transport: r.transport.as_deref(),
        hours: r.hours.as_ref().map(|h| HoursJson { opening_hours: &h.raw, text: &h.text }),
        hours_note: r.hours_note.as_deref(),
        booking: BookingJson {
            required: b.required,
            phones: b.phones.iter().map(|p| p.display.as_str()).collect(),
            contact: b.contact.as_deref(),
            wechat: b.wechat.as_deref(),
            url: b.url.as_deref(),
            advance_days: b.advance_days,
            group_max: b.group_max,
            fee: b.fee.as_deref(),
            fee_note: b.fee_note.as_deref(),
            green_channel: b.green_channel.as_deref(),
        },
        programs: programs(r),
        website: r.website.as_deref(),
        status: r.status.id(),
        status_text: r.status.words(),
        updated: r.updated.map(|d| d.to_string()),
        verified: r.verified.map(|d| d.to_string()),
        stale: r.stale,
        sources: &r.sources,
        description: &r.description,
    }
}

/// Column headers of the CSV files.
pub const CSV_HEADERS: [&str; 26] = [
    "名称",
    "别名",
    "旗县",
    "类别",
    "主题",
    "适宜学段",
    "地址",
    "纬度",
    "经度",
    "开放时间",
    "开放时间说明",
    "是否需预约",
    "预约电话",
    "联系部门",
    "微信公众号",
    "预约网址",
    "提前预约天数",
    "团体人数上限",
    "费用",
    "费用说明",
    "绿色通道",
    "状态",
    "最后更新",
    "最后核实",
    "记录id",
    "网址",
];

/// UTF-8 with a byte order mark, so Excel reads the Chinese correctly; one row per record.
fn csv<'a>(out: &mut Stream, dir: &Directory, records: impl Iterator<Item = &'a Record>) -> io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
    w.write_record(CSV_HEADERS)?;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    for r in records {
        let b = &r.booking;
        let row = [
            r.name.clone(),
            r.aliases.join("、"),
            dir.counties[r.county].name.clone(),
            dir.categories[r.category].name.clone(),
            r.themes.iter().map(|&t| dir.themes[t].name.as_str()).collect::<Vec<_>>().join("、"),
            audiences(&r.audiences).iter().map(|a| a.name).collect::<Vec<_>>().join("、"),
            opt(&r.address),
            r.location.map(|l| l.lat.to_string()).unwrap_or_default(),
            r.location.map(|l| l.lng.to_string()).unwrap_or_default(),
            r.hours.as_ref().map(|h| h.text.clone()).unwrap_or_default(),
            opt(&r.hours_note),
            b.required.map(|x| if x { "是" } else { "否" }.to_string()).unwrap_or_default(),
            phones(&b.phones),
            opt(&b.contact),
            opt(&b.wechat),
            opt(&b.url),
            num(b.advance_days),
            num(b.group_max),
            words::fee_text(b.fee.as_deref()).unwrap_or_default().to_string(),
            opt(&b.fee_note),
            opt(&b.green_channel),
            r.status.words().to_string(),
            r.updated.map(|d| d.to_string()).unwrap_or_default(),
            r.verified.map(|d| d.to_string()).unwrap_or_default(),
            r.id.clone(),
            dir.record_url(r),
        ];
        w.write_record(row.map(inert))?;
    }
    w.flush()
}

/// A cell Excel or WPS will not run: text beginning with `=`, `+`, `-`, `@`, a tab or a carriage
/// return is read as a formula there, so it gets a leading `'` (shown as text); numbers stay.
pub(super) fn inert(cell: String) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if risky {
        format!("'{cell}")
    } else {
        cell
    }
}

pub(super) fn phones(p: &[Phone]) -> String {
    p.iter().map(|p| p.display.as_str()).collect::<Vec<_>>().join("；")
}
