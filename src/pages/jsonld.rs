//! schema.org JSON-LD of a record page.

use crate::model::{hours, schedule, urls, Directory, Record};
use jiff::civil::Date;
use serde_json::{json, Map, Value};

/// The schema.org type(s) for a category id. Organization-only types are paired with Place so
/// that `geo`, `openingHoursSpecification` and `containedInPlace` stay valid.
fn schema_type(category: &str) -> Value {
    match category {
        "museum" | "art-gallery" | "science-centre" => json!("Museum"),
        "library" => json!("Library"),
        "sports-venue" => json!("SportsActivityLocation"),
        "fire-station" => json!("FireStation"),
        "university" => json!("CollegeOrUniversity"),
        "youth-centre" | "practice-base" | "labour-base" | "community" => json!("EducationalOrganization"),
        "patriotic-base" => json!(["LandmarksOrHistoricalBuildings", "TouristAttraction"]),
        "health" => json!(["MedicalOrganization", "Place"]),
        "enterprise" => json!(["Organization", "Place"]),
        "performing-arts" => json!(["PerformingGroup", "Place"]),
        _ => json!("Place"),
    }
}

/// schema.org's day IRIs, Monday first.
const DAYS: [&str; 7] = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
];

/// openingHoursSpecification for a weekly schedule; a seasonal one carries `validFrom` and
/// `validThrough` for its current or next season. None when the hours cannot be read as a
/// schedule.
fn opening_hours(rules: &[schedule::Rule], today: Date) -> Option<Vec<Value>> {
    let mut specs = Vec::new();
    for season in schedule::seasons(rules) {
        let valid = (!season.all_year()).then(|| season.dates(today));
        for (days, spans) in &season.groups {
            let days: Vec<&str> = days.iter().map(|&d| DAYS[d]).collect();
            for &[a, b] in spans {
                let mut spec = json!({
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": days,
                    "opens": hours::xsd_time(a),
                    "closes": hours::xsd_time(b),
                });
                if let Some((from, through)) = valid {
                    spec["validFrom"] = json!(from.to_string());
                    spec["validThrough"] = json!(through.to_string());
                }
                specs.push(spec);
            }
        }
    }
    (!specs.is_empty()).then_some(specs)
}

/// schema.org JSON-LD of a record, safe to put inside `<script type="application/ld+json">`.
pub fn json_ld(dir: &Directory, r: &Record) -> String {
    let county = &dir.counties[r.county];
    let mut m = Map::new();
    m.insert("@context".into(), json!("https://schema.org"));
    m.insert("@type".into(), schema_type(&dir.categories[r.category].id));
    m.insert("@id".into(), json!(format!("{}#place", dir.record_url(r))));
    m.insert("name".into(), json!(r.name));
    if !r.aliases.is_empty() {
        m.insert("alternateName".into(), json!(r.aliases));
    }
    m.insert("url".into(), json!(dir.record_url(r)));
    let phones: Vec<String> = r.booking.phones.iter().map(|p| p.international()).collect();
    match phones.len() {
        0 => {}
        1 => {
            m.insert("telephone".into(), json!(phones[0]));
        }
        _ => {
            m.insert("telephone".into(), json!(phones));
        }
    }
    let mut address = json!({
        "@type": "PostalAddress",
        "addressRegion": "兴安盟",
        "addressLocality": county.name,
        "addressCountry": "CN",
    });
    if let Some(a) = &r.address {
        address["streetAddress"] = json!(a);
    }
    m.insert("address".into(), address);
    if let Some(l) = r.location {
        m.insert("geo".into(), json!({"@type": "GeoCoordinates", "latitude": l.lat, "longitude": l.lng}));
    }
    if let Some(specs) =
        r.hours.as_ref().and_then(|h| h.schedule.as_deref()).and_then(|rules| opening_hours(rules, dir.today))
    {
        m.insert("openingHoursSpecification".into(), json!(specs));
    }
    match r.booking.fee.as_deref() {
        Some("free") => {
            m.insert("isAccessibleForFree".into(), json!(true));
        }
        Some("paid") => {
            m.insert("isAccessibleForFree".into(), json!(false));
        }
        _ => {}
    }
    if let Some(u) = &r.booking.url {
        m.insert("tourBookingPage".into(), json!(u));
    }
    m.insert(
        "containedInPlace".into(),
        json!({
            "@type": "AdministrativeArea",
            "name": county.name,
            "url": format!("{}{}", dir.site.base_url, urls::county(&county.id)),
        }),
    );
    // `<` never appears raw, so no `</script>` or `<!--` in the data can end the element.
    serde_json::to_string(&Value::Object(m)).expect("JSON").replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_hours_follow_the_schedule() {
        let today: Date = "2026-12-01".parse().unwrap();
        let opening_hours = |raw: &str| opening_hours(&schedule::schedule(&hours::parse(raw).unwrap())?, today);
        let specs = opening_hours("Tu-Su 09:00-16:30; Mo off").unwrap();
        assert_eq!(specs.len(), 1);
        assert_eq!(specs[0]["dayOfWeek"].as_array().unwrap().len(), 6);
        assert_eq!(specs[0]["dayOfWeek"][0], "https://schema.org/Tuesday");
        assert_eq!(specs[0]["opens"], "09:00");
        assert_eq!(specs[0]["closes"], "16:30");
        assert!(specs[0].get("validFrom").is_none());
        let specs = opening_hours("Mo-Su 08:00-12:00,14:00-18:00; Mo off").unwrap();
        assert_eq!(specs.len(), 2);
        assert!(!specs[0]["dayOfWeek"].as_array().unwrap().iter().any(|d| d == "https://schema.org/Monday"));
        let specs = opening_hours("May-Oct 08:00-17:00").unwrap();
        assert_eq!(specs.len(), 1);
        assert_eq!((&specs[0]["validFrom"], &specs[0]["validThrough"]), (&json!("2027-05-01"), &json!("2027-10-31")));
    }
}
