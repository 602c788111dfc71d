//! Facets: the searchable facts of each record besides its terms (county, category, themes,
//! grades, booking flags, schedule, group size, location), the columns `d/<j>.js` of the static
//! index and the filters of both engines.

use super::analyze::{county_forms, normalize};
use crate::model::schedule::Schedule;
use crate::model::{Directory, Record, Status, AUDIENCES};
use serde::Serialize;

/// The searchable facts of one record (its values in the facet columns `d/<j>.js`).
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub county: usize,
    pub category: usize,
    pub themes: u32,
    pub audiences: u32,
    /// Bit 0 free, bit 1 no booking needed, bit 2 open (not closed), bit 3 green channel.
    pub flags: u8,
    /// Index into the schedules list, or -1.
    pub schedule: i64,
    /// The largest school group, 0 when not known.
    pub group_max: u32,
    /// Its name holds its county's name (乌兰浩特市图书馆, 阿尔山国家森林公园): listed first when
    /// browsing by filters alone, before the rest of the county.
    pub namesake: bool,
    pub lat: Option<i64>,
    pub lng: Option<i64>,
}

/// Each record's facets, and the distinct schedules they index.
pub fn rows(dir: &Directory) -> (Vec<Row>, Vec<Schedule>) {
    let mut schedules: Vec<Schedule> = Vec::new();
    let forms = county_forms(dir);
    let rows = dir
        .records
        .iter()
        .map(|r| {
            let schedule = r.hours.as_ref().and_then(|h| h.schedule.clone());
            let ix = match schedule {
                None => -1,
                Some(s) => match schedules.iter().position(|x| *x == s) {
                    Some(i) => i as i64,
                    None => {
                        schedules.push(s);
                        schedules.len() as i64 - 1
                    }
                },
            };
            row(r, ix, &forms)
        })
        .collect();
    (rows, schedules)
}

fn row(r: &Record, schedule: i64, forms: &[(String, usize)]) -> Row {
    let mask = |ids: &[usize]| ids.iter().fold(0u32, |m, i| m | 1 << i);
    let audiences: Vec<usize> = AUDIENCES
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| r.audiences.iter().any(|a| a == id))
        .map(|(i, _)| i)
        .collect();
    let flags = u8::from(r.booking.fee.as_deref() == Some("free"))
        | u8::from(r.booking.required == Some(false)) << 1
        | u8::from(r.status == Status::Open) << 2
        | u8::from(r.booking.green_channel.is_some()) << 3;
    Row {
        county: r.county,
        category: r.category,
        themes: mask(&r.themes),
        audiences: mask(&audiences),
        flags,
        schedule,
        group_max: r.booking.group_max.unwrap_or(0),
        namesake: {
            let name = normalize(&r.name);
            forms.iter().any(|(f, c)| *c == r.county && name.contains(f.as_str()))
        },
        lat: r.location.map(|l| (l.lat * 10_000.0).round() as i64),
        lng: r.location.map(|l| (l.lng * 10_000.0).round() as i64),
    }
}
