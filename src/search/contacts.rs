//! What a search result shows of a record: its name, where it is and how to book, for
//! `qingdan search --json` and, as an array of values, for the index's `c/<n>.js` files.

use crate::model::{urls, words, Directory, Record, Status};
use serde_json::json;

/// The order of a contact's values in `c/<n>.js`, which holds them as an array: the key names
/// were a third of the bytes of the ten files a result page loads.
const ROW: [&str; 14] = [
    "id",
    "name",
    "county",
    "category",
    "phones",
    "hours",
    "advance_days",
    "fee_text",
    "booking_required",
    "stale",
    "status_text",
    "schedule",
    "group_max",
    "green_channel",
];

/// [`contact`] as `c/<n>.js` holds it: its values in [`ROW`] order, each phone `[display, tel]`.
pub fn row(contact: &serde_json::Value) -> serde_json::Value {
    let phones =
        || contact["phones"].as_array().into_iter().flatten().map(|p| json!([p["display"], p["tel"]])).collect();
    ROW.iter().map(|&k| if k == "phones" { phones() } else { contact[k].clone() }).collect()
}

/// What a result shows: name, where, how to book (`qingdan search --json`, and as [`row`] in
/// the index files).
pub fn contact(dir: &Directory, r: &Record, schedule: i64) -> serde_json::Value {
    json!({
        "id": r.id,
        "name": r.name,
        "url": urls::record(&r.id),
        "county": dir.counties[r.county].name,
        "category": dir.categories[r.category].name,
        "phones": r.booking.phones,
        "hours": r.hours.as_ref().map(|h| &h.text),
        "advance_days": r.booking.advance_days,
        "fee_text": words::fee_text(r.booking.fee.as_deref()),
        "booking_required": r.booking.required,
        "stale": r.stale,
        "status_text": if r.status == Status::Open { None } else { Some(r.status.words()) },
        "schedule": schedule,
        "group_max": r.booking.group_max,
        "green_channel": r.booking.green_channel.is_some().then_some(1),
    })
}
