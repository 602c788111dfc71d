//! An export compatible with Open Referral's Human Services Data Specification (HSDS 3.0):
//! the core tables as JSON arrays under `data/hsds/`. Each record becomes one organization
//! (the place), one service (visits and programs for pupils), one physical location, the
//! service at that location, its booking phones and its opening hours as schedules.
//!
//! Absent values are left out, not `null`: the HSDS schemas type those fields as strings.
//!
//! HSDS ids are UUIDs. Ours are derived from the record id (FNV-1a 128 of
//! `qingdan:<table>:<record id>[:n]`, formatted as a version-8 UUID), so they are stable per
//! record id and builds stay byte-identical.

use crate::hash::fnv128;
use crate::model::{hours, schedule, words, Directory, Record, Status};
use crate::write::Stream;
use serde::Serialize;
use std::io::{self, Write};

/// A stable UUID (RFC 9562 version 8, custom) for `key`.
pub fn uuid(key: &str) -> String {
    let mut b = fnv128(key.as_bytes()).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

fn id(table: &str, r: &Record) -> String {
    uuid(&format!("qingdan:{table}:{}", r.id))
}

#[derive(Serialize)]
struct Organization<'a> {
    id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternate_name: Option<String>,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<&'a str>,
    uri: String,
}

#[derive(Serialize)]
struct Service<'a> {
    id: String,
    organization_id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternate_name: Option<String>,
    description: &'a str,
    url: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    application_process: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fees_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eligibility_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assured_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alert: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_modified: Option<String>,
}

#[derive(Serialize)]
struct Location<'a> {
    id: String,
    location_type: &'static str,
    url: String,
    organization_id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    alternate_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transportation: Option<&'a str>,
    /// WGS-84.
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<f64>,
    external_identifier: &'a str,
    external_identifier_type: &'static str,
}

#[derive(Serialize)]
struct ServiceAtLocation<'a> {
    id: String,
    service_id: String,
    location_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct Phone<'a> {
    id: String,
    service_id: String,
    location_id: String,
    number: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct Schedule<'a> {
    id: String,
    service_id: String,
    location_id: String,
    service_at_location_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    freq: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byday: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    opens_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closes_at: Option<String>,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
}

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn join(parts: Vec<String>, sep: &str) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(sep))
}

/// How to book, and the phones to call.
fn application_process(r: &Record) -> Option<String> {
    let mut parts = words::booking(&r.booking);
    if !r.booking.phones.is_empty() {
        parts.push(format!(
            "预约电话：{}",
            r.booking.phones.iter().map(|p| p.display.as_str()).collect::<Vec<_>>().join("、")
        ));
    }
    join(parts, "；")
}

/// The HSDS tables: file name and what it holds, in the order they are listed.
const TABLES: [(&str, &str); 6] = [
    ("organizations.json", "HSDS organization：每个场所一条"),
    ("services.json", "HSDS service：参观与研学服务、预约方式、费用、适宜学段"),
    ("locations.json", "HSDS location：地址、交通与 WGS-84 坐标"),
    ("service_at_locations.json", "HSDS service_at_location：服务与地点的对应"),
    ("phones.json", "HSDS phone：预约电话"),
    ("schedules.json", "HSDS schedule：开放时间（每周规则，byday/opens_at/closes_at）"),
];

/// Writes every HSDS table into the file `open` gives for its name, all six in one pass over
/// the records, an element at a time; returns `(file name, what it holds, size)` of each.
pub fn write<'a>(
    dir: &Directory,
    open: &dyn Fn(&str) -> io::Result<Stream<'a>>,
) -> Vec<(&'static str, &'static str, io::Result<usize>)> {
    let copy = |e: &io::Error| io::Error::new(e.kind(), e.to_string());
    let result = TABLES.iter().map(|(name, _)| open(name).map(Table::new)).collect::<io::Result<Vec<_>>>().and_then(
        |mut tables| {
            rows(dir, &mut tables)?;
            Ok(tables.into_iter().map(Table::finish).collect::<Vec<_>>())
        },
    );
    let sizes: Vec<io::Result<usize>> = match result {
        Ok(sizes) => sizes,
        Err(e) => TABLES.iter().map(|_| Err(copy(&e))).collect(),
    };
    TABLES.iter().zip(sizes).map(|((name, what), size)| (*name, *what, size)).collect()
}

/// A JSON array written an element at a time.
struct Table<'a> {
    out: Stream<'a>,
    empty: bool,
}

impl<'a> Table<'a> {
    fn new(out: Stream<'a>) -> Table<'a> {
        Table { out, empty: true }
    }

    fn push<T: Serialize>(&mut self, item: &T) -> io::Result<()> {
        self.out.write_all(if self.empty { b"[" } else { b"," })?;
        self.empty = false;
        Ok(serde_json::to_writer(&mut self.out, item)?)
    }

    fn finish(mut self) -> io::Result<usize> {
        self.out.write_all(if self.empty { b"[]\n" } else { b"]\n" })?;
        self.out.finish()
    }
}

/// Each record's rows, into the tables in `TABLES` order.
fn rows(dir: &Directory, tables: &mut [Table]) -> io::Result<()> {
    let [orgs, services, locations, sals, phones, schedules] = tables else { unreachable!("six tables") };
    for r in &dir.records {
        let (org, service, location, sal) =
            (id("organization", r), id("service", r), id("location", r), id("service_at_location", r));
        let url = dir.record_url(r);
        let alternate_name = join(r.aliases.clone(), "、");
        let description = if r.description.trim().is_empty() { r.name.as_str() } else { r.description.trim() };
        orgs.push(&Organization {
            id: org.clone(),
            name: &r.name,
            alternate_name: alternate_name.clone(),
            description,
            website: r.website.as_deref(),
            uri: url.clone(),
        })?;
        let b = &r.booking;
        services.push(&Service {
            id: service.clone(),
            organization_id: org.clone(),
            name: &r.name,
            alternate_name: alternate_name.clone(),
            description,
            url: url.clone(),
            status: match r.status {
                Status::Open => "active",
                Status::TemporarilyClosed => "temporarily closed",
                Status::Closed => "inactive",
            },
            application_process: application_process(r),
            fees_description: words::fee(b),
            eligibility_description: join(
                words::audiences(&r.audiences).map(|(_, name)| name.to_string()).collect(),
                "、",
            )
            .map(|a| format!("适宜：{a}")),
            assured_date: r.verified.map(|d| d.to_string()),
            alert: (r.status != Status::Open).then(|| r.status.words()),
            last_modified: r.updated.map(|d| format!("{d}T00:00:00+08:00")),
        })?;
        locations.push(&Location {
            id: location.clone(),
            location_type: "physical",
            url: url.clone(),
            organization_id: org.clone(),
            name: &r.name,
            alternate_name,
            description: r.address.as_deref(),
            transportation: r.transport.as_deref(),
            latitude: r.location.map(|l| l.lat),
            longitude: r.location.map(|l| l.lng),
            external_identifier: &r.id,
            external_identifier_type: "qingdan record id",
        })?;
        sals.push(&ServiceAtLocation {
            id: sal.clone(),
            service_id: service.clone(),
            location_id: location.clone(),
            description: r.address.as_deref(),
        })?;
        for (i, p) in b.phones.iter().enumerate() {
            phones.push(&Phone {
                id: uuid(&format!("qingdan:phone:{}:{i}", r.id)),
                service_id: service.clone(),
                location_id: location.clone(),
                number: &p.display,
                kind: if p.tel.len() == 11 && p.tel.starts_with('1') { "cell" } else { "voice" },
                description: b.contact.as_deref(),
            })?;
        }
        let Some(h) = &r.hours else { continue };
        let mut n = 0;
        let mut row = |freq, byday, opens_at, closes_at| {
            n += 1;
            schedules.push(&Schedule {
                id: uuid(&format!("qingdan:schedule:{}:{n}", r.id)),
                service_id: service.clone(),
                location_id: location.clone(),
                service_at_location_id: sal.clone(),
                freq,
                byday,
                opens_at,
                closes_at,
                description: &h.text,
                notes: r.hours_note.as_deref(),
            })
        };
        match h.schedule.as_deref().and_then(schedule::weekly) {
            Some(groups) if !groups.is_empty() => {
                for (days, spans) in groups {
                    let byday = days.iter().map(|&d| BYDAY[d]).collect::<Vec<_>>().join(",");
                    for [a, z] in spans {
                        row(Some("WEEKLY"), Some(byday.clone()), Some(hours::xsd_time(a)), Some(hours::xsd_time(z)))?;
                    }
                }
            }
            _ => row(None, None, None, None)?,
        }
    }
    Ok(())
}
