//! An export in Open Referral's Human Services Data Specification (HSDS 3.0): its tables as
//! JSON arrays under `data/hsds/`, and a `datapackage.json` that lists them. Each record is
//! one organization (the place), one service (visits and programs for pupils), one physical
//! location with its address, the service at that location, its booking office as a contact,
//! its phones, its opening hours as schedules, its fee as a cost option and its language.
//! Categories, themes and grades are taxonomies whose terms a service carries as attributes.
//!
//! Absent values are left out, not `null`: the HSDS schemas type those fields as strings.
//! Ids are name-based UUIDs (RFC 9562 version 5, URL namespace) of the record page's URL and
//! the row's kind, so they are stable for one site and distinct between sites.

mod rows;
mod terms;

use crate::model::Directory;
use crate::write::Stream;
use serde::Serialize;
use std::io::{self, Write};

/// The UUID of the row `what` (`organization`, `phone-1` …) about the page at `url`.
fn uuid(url: &str, what: &str) -> String {
    let name = format!("{url}#{what}");
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()).hyphenated().to_string()
}

/// One HSDS table as written.
struct TableFile {
    file: &'static str,
    /// The HSDS table's name.
    table: &'static str,
    /// What it holds, for the data page.
    what: &'static str,
    /// Its fields with their Table Schema types, for `datapackage.json`.
    fields: &'static [(&'static str, &'static str)],
}

const fn table(
    file: &'static str,
    table: &'static str,
    what: &'static str,
    fields: &'static [(&'static str, &'static str)],
) -> TableFile {
    TableFile { file, table, what, fields }
}

/// The tables in the order they are written.
const TABLES: [TableFile; 13] = [
    table(
        "organizations.json",
        "organization",
        "HSDS organization：每个场所一条",
        &[
            ("id", "string"),
            ("name", "string"),
            ("alternate_name", "string"),
            ("description", "string"),
            ("website", "string"),
            ("uri", "string"),
        ],
    ),
    table(
        "services.json",
        "service",
        "HSDS service：参观与研学服务、预约方式、费用、适宜学段",
        &[
            ("id", "string"),
            ("organization_id", "string"),
            ("name", "string"),
            ("alternate_name", "string"),
            ("description", "string"),
            ("url", "string"),
            ("status", "string"),
            ("application_process", "string"),
            ("fees_description", "string"),
            ("eligibility_description", "string"),
            ("assured_date", "date"),
            ("alert", "string"),
            ("last_modified", "datetime"),
        ],
    ),
    table(
        "locations.json",
        "location",
        "HSDS location：交通与 WGS-84 坐标",
        &[
            ("id", "string"),
            ("location_type", "string"),
            ("url", "string"),
            ("organization_id", "string"),
            ("name", "string"),
            ("alternate_name", "string"),
            ("description", "string"),
            ("transportation", "string"),
            ("latitude", "number"),
            ("longitude", "number"),
            ("external_identifier", "string"),
            ("external_identifier_type", "string"),
        ],
    ),
    table(
        "addresses.json",
        "address",
        "HSDS address：地址（旗县写有邮政编码时）",
        &[
            ("id", "string"),
            ("location_id", "string"),
            ("address_1", "string"),
            ("city", "string"),
            ("region", "string"),
            ("state_province", "string"),
            ("postal_code", "string"),
            ("country", "string"),
            ("address_type", "string"),
        ],
    ),
    table(
        "service_at_locations.json",
        "service_at_location",
        "HSDS service_at_location：服务与地点的对应",
        &[("id", "string"), ("service_id", "string"), ("location_id", "string"), ("description", "string")],
    ),
    table(
        "phones.json",
        "phone",
        "HSDS phone：预约电话",
        &[
            ("id", "string"),
            ("service_id", "string"),
            ("location_id", "string"),
            ("contact_id", "string"),
            ("number", "string"),
            ("type", "string"),
            ("description", "string"),
        ],
    ),
    table(
        "contacts.json",
        "contact",
        "HSDS contact：负责预约的部门",
        &[
            ("id", "string"),
            ("organization_id", "string"),
            ("service_id", "string"),
            ("location_id", "string"),
            ("department", "string"),
        ],
    ),
    table(
        "schedules.json",
        "schedule",
        "HSDS schedule：开放时间（每周规则；季节性的写明起止日期）",
        &[
            ("id", "string"),
            ("service_id", "string"),
            ("location_id", "string"),
            ("service_at_location_id", "string"),
            ("valid_from", "date"),
            ("valid_to", "date"),
            ("freq", "string"),
            ("byday", "string"),
            ("opens_at", "time"),
            ("closes_at", "time"),
            ("description", "string"),
            ("notes", "string"),
        ],
    ),
    table(
        "cost_options.json",
        "cost_option",
        "HSDS cost_option：费用及说明",
        &[
            ("id", "string"),
            ("service_id", "string"),
            ("option", "string"),
            ("currency", "string"),
            ("amount", "number"),
            ("amount_description", "string"),
        ],
    ),
    table(
        "languages.json",
        "language",
        "HSDS language：服务使用的语言",
        &[
            ("id", "string"),
            ("service_id", "string"),
            ("location_id", "string"),
            ("name", "string"),
            ("code", "string"),
        ],
    ),
    table(
        "taxonomies.json",
        "taxonomy",
        "HSDS taxonomy：类别、主题、适宜学段三套分类",
        &[("id", "string"), ("name", "string"), ("description", "string"), ("uri", "string")],
    ),
    table(
        "taxonomy_terms.json",
        "taxonomy_term",
        "HSDS taxonomy_term：分类中的每一项",
        &[
            ("id", "string"),
            ("code", "string"),
            ("name", "string"),
            ("description", "string"),
            ("taxonomy_id", "string"),
            ("language", "string"),
            ("term_uri", "string"),
        ],
    ),
    table(
        "attributes.json",
        "attribute",
        "HSDS attribute：服务所属的类别、主题与学段",
        &[
            ("id", "string"),
            ("link_id", "string"),
            ("link_type", "string"),
            ("link_entity", "string"),
            ("taxonomy_term_id", "string"),
        ],
    ),
];

/// The file listing the tables.
const PACKAGE: &str = "datapackage.json";

/// Writes every HSDS table into the file `open` gives for its name, all in one pass over the
/// records, an element at a time, then `datapackage.json`; returns `(file name, what it holds,
/// size)` of each.
pub fn write<'a>(
    dir: &Directory,
    open: &dyn Fn(&str) -> io::Result<Stream<'a>>,
) -> Vec<(&'static str, &'static str, io::Result<usize>)> {
    let copy = |e: &io::Error| io::Error::new(e.kind(), e.to_string());
    let result =
        TABLES.iter().map(|t| open(t.file).map(Table::new)).collect::<io::Result<Vec<_>>>().and_then(|tables| {
            let mut tables = Tables::from(tables);
            terms::rows(dir, &mut tables)?;
            rows::rows(dir, &mut tables)?;
            tables.finish()
        });
    let package = result.as_ref().map_err(copy).and_then(|sizes| {
        let mut out = open(PACKAGE)?;
        serde_json::to_writer(&mut out, &package(dir, sizes))?;
        out.write_all(b"\n")?;
        out.finish()
    });
    let sizes: Vec<io::Result<usize>> = match result {
        Ok(sizes) => sizes.into_iter().map(Ok).collect(),
        Err(e) => TABLES.iter().map(|_| Err(copy(&e))).collect(),
    };
    listing()
        .into_iter()
        .zip(sizes.into_iter().chain([package]))
        .map(|((file, what), size)| (file, what, size))
        .collect()
}

/// The files [`write`] makes, with what each holds, in its order.
pub fn listing() -> Vec<(&'static str, &'static str)> {
    let mut list: Vec<_> = TABLES.iter().map(|t| (t.file, t.what)).collect();
    list.push((PACKAGE, "Data Package：以上各表的说明（表名、字段、类型、大小）"));
    list
}

/// The Data Package descriptor of the tables (Frictionless Data Package, JSON resources).
fn package(dir: &Directory, sizes: &[usize]) -> serde_json::Value {
    let resources: Vec<serde_json::Value> = TABLES
        .iter()
        .zip(sizes)
        .map(|(TableFile { file, table, what, fields }, bytes)| {
            let fields: Vec<_> =
                fields.iter().map(|(name, kind)| serde_json::json!({"name": name, "type": kind})).collect();
            serde_json::json!({
                "name": table,
                "path": file,
                "title": what,
                "profile": "tabular-data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "bytes": bytes,
                "schema": { "fields": fields, "primaryKey": ["id"] },
            })
        })
        .collect();
    serde_json::json!({
        "name": "qingdan-hsds",
        "title": format!("{}（HSDS 3.0）", dir.site.title),
        "homepage": format!("{}{}", dir.site.base_url, crate::model::urls::DATA),
        "profile": "data-package",
        "keywords": ["HSDS", "Open Referral", "社会实践教育基地"],
        "created": format!("{}T00:00:00+08:00", dir.today),
        "resources": resources,
    })
}

/// The open tables, by name, in [`TABLES`] order.
struct Tables<'a> {
    organization: Table<'a>,
    service: Table<'a>,
    location: Table<'a>,
    address: Table<'a>,
    service_at_location: Table<'a>,
    phone: Table<'a>,
    contact: Table<'a>,
    schedule: Table<'a>,
    cost_option: Table<'a>,
    language: Table<'a>,
    taxonomy: Table<'a>,
    taxonomy_term: Table<'a>,
    attribute: Table<'a>,
}

impl<'a> Tables<'a> {
    fn from(tables: Vec<Table<'a>>) -> Tables<'a> {
        let Ok([a, b, c, d, e, f, g, h, i, j, k, l, m]) = <[Table; 13]>::try_from(tables) else {
            unreachable!("one per entry of TABLES")
        };
        Tables {
            organization: a,
            service: b,
            location: c,
            address: d,
            service_at_location: e,
            phone: f,
            contact: g,
            schedule: h,
            cost_option: i,
            language: j,
            taxonomy: k,
            taxonomy_term: l,
            attribute: m,
        }
    }

    /// Closes every array; returns the sizes in [`TABLES`] order.
    fn finish(self) -> io::Result<Vec<usize>> {
        let Tables {
            organization,
            service,
            location,
            address,
            service_at_location,
            phone,
            contact,
            schedule,
            cost_option,
            language,
            taxonomy,
            taxonomy_term,
            attribute,
        } = self;
        [
            organization,
            service,
            location,
            address,
            service_at_location,
            phone,
            contact,
            schedule,
            cost_option,
            language,
            taxonomy,
            taxonomy_term,
            attribute,
        ]
        .into_iter()
        .map(Table::finish)
        .collect()
    }
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
