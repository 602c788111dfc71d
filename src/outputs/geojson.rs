//! `directory.geojson`: the places with coordinates as GeoJSON points (RFC 7946), for map
//! software.

use crate::model::Directory;
use serde::Serialize;

#[derive(Serialize)]
pub struct FeatureCollection<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<Feature<'a>>,
}

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    /// [longitude, latitude], WGS-84 (RFC 7946).
    coordinates: [f64; 2],
}

#[derive(Serialize)]
struct Properties<'a> {
    id: &'a str,
    name: &'a str,
    county: &'a str,
    category: &'a str,
    phones: Vec<&'a str>,
    hours: Option<&'a str>,
    url: String,
}

pub fn geojson(dir: &Directory) -> FeatureCollection<'_> {
    let features = dir
        .records
        .iter()
        .filter_map(|r| {
            let l = r.location?;
            Some(Feature {
                kind: "Feature",
                id: &r.id,
                geometry: Point { kind: "Point", coordinates: [l.lng, l.lat] },
                properties: Properties {
                    id: &r.id,
                    name: &r.name,
                    county: &dir.counties[r.county].name,
                    category: &dir.categories[r.category].name,
                    phones: r.booking.phones.iter().map(|p| p.display.as_str()).collect(),
                    hours: r.hours.as_ref().map(|h| h.text.as_str()),
                    url: dir.record_url(r),
                },
            })
        })
        .collect();
    FeatureCollection { kind: "FeatureCollection", features }
}
