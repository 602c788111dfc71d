//! The rows each record gives: organization, service, location, address, service at location,
//! phones, contact, schedules, cost option, language, and attributes naming its terms.

use super::{terms, uuid, Tables};
use crate::model::{hours, schedule, words, Directory, Record, Status};
use serde::Serialize;
use std::io;

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
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_id: Option<String>,
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
    valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_to: Option<String>,
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

#[derive(Serialize)]
struct Address<'a> {
    id: String,
    location_id: String,
    address_1: &'a str,
    city: &'a str,
    region: &'static str,
    state_province: &'static str,
    postal_code: &'a str,
    country: &'static str,
    address_type: &'static str,
}

#[derive(Serialize)]
struct Contact<'a> {
    id: String,
    organization_id: String,
    service_id: String,
    location_id: String,
    department: &'a str,
}

#[derive(Serialize)]
struct CostOption {
    id: String,
    service_id: String,
    option: &'static str,
    currency: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amount_description: Option<String>,
}

#[derive(Serialize)]
struct Language {
    id: String,
    service_id: String,
    location_id: String,
    name: &'static str,
    code: &'static str,
}

#[derive(Serialize)]
struct Attribute {
    id: String,
    link_id: String,
    link_type: &'static str,
    link_entity: &'static str,
    taxonomy_term_id: String,
}

const BYDAY: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Where the places are, for addresses: the League is in Inner Mongolia.
const REGION: &str = "兴安盟";
const PROVINCE: &str = "内蒙古自治区";

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

/// Each record's rows, into their tables.
pub fn rows(dir: &Directory, t: &mut Tables) -> io::Result<()> {
    for r in &dir.records {
        let url = dir.record_url(r);
        let id = |what: &str| uuid(&url, what);
        let (org, service, location, sal) =
            (id("organization"), id("service"), id("location"), id("service_at_location"));
        let alternate_name = join(r.aliases.clone(), "、");
        let description = if r.description.trim().is_empty() { r.name.as_str() } else { r.description.trim() };
        t.organization.push(&Organization {
            id: org.clone(),
            name: &r.name,
            alternate_name: alternate_name.clone(),
            description,
            website: r.website.as_deref(),
            uri: url.clone(),
        })?;
        let b = &r.booking;
        t.service.push(&Service {
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
        t.location.push(&Location {
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
        // HSDS requires a postal code in an address; without the county's, the street address
        // stays in the location's description only.
        let county = &dir.counties[r.county];
        if let (Some(street), Some(postal_code)) = (&r.address, &county.postal_code) {
            t.address.push(&Address {
                id: id("address"),
                location_id: location.clone(),
                address_1: street,
                city: &county.name,
                region: REGION,
                state_province: PROVINCE,
                postal_code,
                country: "CN",
                address_type: "physical",
            })?;
        }
        t.service_at_location.push(&ServiceAtLocation {
            id: sal.clone(),
            service_id: service.clone(),
            location_id: location.clone(),
            description: r.address.as_deref(),
        })?;
        let contact = b.contact.as_deref().map(|department| (id("contact"), department));
        if let Some((contact, department)) = &contact {
            t.contact.push(&Contact {
                id: contact.clone(),
                organization_id: org.clone(),
                service_id: service.clone(),
                location_id: location.clone(),
                department,
            })?;
        }
        for (i, p) in b.phones.iter().enumerate() {
            t.phone.push(&Phone {
                id: id(&format!("phone-{}", i + 1)),
                service_id: service.clone(),
                location_id: location.clone(),
                contact_id: contact.as_ref().map(|c| c.0.clone()),
                number: &p.display,
                kind: if p.tel.len() == 11 && p.tel.starts_with('1') { "cell" } else { "voice" },
                description: b.contact.as_deref(),
            })?;
        }
        if let Some(h) = &r.hours {
            let mut n = 0;
            let mut row = |valid: Option<(String, String)>, freq, byday, span: Option<[u16; 2]>| {
                n += 1;
                let (valid_from, valid_to) = valid.unzip();
                t.schedule.push(&Schedule {
                    id: id(&format!("schedule-{n}")),
                    service_id: service.clone(),
                    location_id: location.clone(),
                    service_at_location_id: sal.clone(),
                    valid_from,
                    valid_to,
                    freq,
                    byday,
                    opens_at: span.map(|[a, _]| hours::xsd_time(a)),
                    closes_at: span.map(|[_, z]| hours::xsd_time(z)),
                    description: &h.text,
                    notes: r.hours_note.as_deref(),
                })
            };
            let seasons = h.schedule.as_deref().map(schedule::seasons).unwrap_or_default();
            for season in &seasons {
                let valid =
                    (!season.all_year()).then(|| season.dates(dir.today)).map(|(a, z)| (a.to_string(), z.to_string()));
                for (days, spans) in &season.groups {
                    let byday = days.iter().map(|&d| BYDAY[d]).collect::<Vec<_>>().join(",");
                    for &span in spans {
                        row(valid.clone(), Some("WEEKLY"), Some(byday.clone()), Some(span))?;
                    }
                }
            }
            if seasons.is_empty() {
                row(None, None, None, None)?;
            }
        }
        if b.fee.is_some() || b.fee_note.is_some() {
            t.cost_option.push(&CostOption {
                id: id("cost_option"),
                service_id: service.clone(),
                option: "学生团体参观",
                currency: "CNY",
                amount: (b.fee.as_deref() == Some("free")).then_some(0),
                amount_description: words::fee(b),
            })?;
        }
        t.language.push(&Language {
            id: id("language-zh"),
            service_id: service.clone(),
            location_id: location.clone(),
            name: "中文",
            code: "zh",
        })?;
        let mut attribute = |kind: &'static str, code: &str, term: String| {
            t.attribute.push(&Attribute {
                id: id(&format!("attribute-{kind}-{code}")),
                link_id: service.clone(),
                link_type: kind,
                link_entity: "service",
                taxonomy_term_id: terms::id(&term),
            })
        };
        attribute("category", &dir.categories[r.category].id, terms::category(dir, r.category))?;
        for &i in &r.themes {
            attribute("theme", &dir.themes[i].id, terms::theme(dir, i))?;
        }
        for a in &r.audiences {
            attribute("audience", a, terms::grade(dir, a))?;
        }
    }
    Ok(())
}
