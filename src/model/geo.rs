//! Coordinates: WGS-84 (GPS), GCJ-02 (高德, 腾讯, WeChat) and BD-09 (百度).
//!
//! Records store WGS-84; a record may give its point in GCJ-02 or BD-09 (`crs:`), picked in a
//! Chinese map app, and it is converted here. The GCJ-02 offset is the published public formula.

use crate::model::Location;
use std::f64::consts::PI;

const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;
const X_PI: f64 = PI * 3000.0 / 180.0;

/// Rough bounds of Xing'an League (兴安盟), with a small margin.
pub fn in_league(p: Location) -> bool {
    (44.0..=48.0).contains(&p.lat) && (119.2..=124.0).contains(&p.lng)
}

fn offset_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r + (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0
}

fn offset_lng(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r + (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0
}

pub fn wgs84_to_gcj02(p: Location) -> Location {
    let dlat = offset_lat(p.lng - 105.0, p.lat - 35.0);
    let dlng = offset_lng(p.lng - 105.0, p.lat - 35.0);
    let rad = p.lat / 180.0 * PI;
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt = magic.sqrt();
    Location {
        lat: p.lat + dlat * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt) * PI),
        lng: p.lng + dlng * 180.0 / (A / sqrt * rad.cos() * PI),
    }
}

/// Inverse of [`wgs84_to_gcj02`] by fixed-point iteration (error below 1e-9 degrees).
pub fn gcj02_to_wgs84(g: Location) -> Location {
    let mut w = g;
    for _ in 0..30 {
        let back = wgs84_to_gcj02(w);
        let (dlat, dlng) = (back.lat - g.lat, back.lng - g.lng);
        w = Location { lat: w.lat - dlat, lng: w.lng - dlng };
        if dlat.abs() < 1e-10 && dlng.abs() < 1e-10 {
            break;
        }
    }
    w
}

pub fn gcj02_to_bd09(g: Location) -> Location {
    let (x, y) = (g.lng, g.lat);
    let z = (x * x + y * y).sqrt() + 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) + 0.000003 * (x * X_PI).cos();
    Location { lat: z * theta.sin() + 0.006, lng: z * theta.cos() + 0.0065 }
}

pub fn bd09_to_gcj02(b: Location) -> Location {
    let (x, y) = (b.lng - 0.0065, b.lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * X_PI).cos();
    Location { lat: z * theta.sin(), lng: z * theta.cos() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_offset() {
        let p = Location { lat: 46.0843, lng: 122.0712 };
        let g = wgs84_to_gcj02(p);
        // The GCJ-02 shift in this part of China is a few hundred metres to the east and south.
        assert!((g.lng - p.lng) > 0.004 && (g.lng - p.lng) < 0.01, "{g:?}");
        let back = gcj02_to_wgs84(g);
        assert!((back.lat - p.lat).abs() < 1e-8 && (back.lng - p.lng).abs() < 1e-8);
        let b = gcj02_to_bd09(g);
        let g2 = bd09_to_gcj02(b);
        assert!((g2.lat - g.lat).abs() < 1e-5 && (g2.lng - g.lng).abs() < 1e-5);
        assert!(in_league(p) && !in_league(Location { lat: 39.9, lng: 116.4 }));
    }

    /// The vectors published with the coordtransform libraries (wandergis/coordtransform,
    /// test/app.js: each function applied to (116.404, 39.915)), and the chain WGS-84 → BD-09.
    #[test]
    fn matches_the_published_coordtransform_vectors() {
        let close = |a: Location, lng: f64, lat: f64, tol: f64| (a.lng - lng).abs() < tol && (a.lat - lat).abs() < tol;
        let p = Location { lat: 39.915, lng: 116.404 };
        let g = wgs84_to_gcj02(p);
        assert!(close(g, 116.41024449916938, 39.91640428150164, 1e-6), "{g:?}");
        let b = gcj02_to_bd09(p);
        assert!(close(b, 116.41036949371029, 39.92133699351021, 1e-6), "{b:?}");
        let back = bd09_to_gcj02(p);
        assert!(close(back, 116.39762729119315, 39.90865673957631, 1e-6), "{back:?}");
        // coordtransform's gcj02towgs84 is a one-step approximation; ours iterates to the exact
        // inverse, so they agree to a few metres, and ours maps back onto the input.
        let w = gcj02_to_wgs84(p);
        assert!(close(w, 116.39775550083061, 39.91359571849836, 5e-5), "{w:?}");
        assert!(close(wgs84_to_gcj02(w), p.lng, p.lat, 1e-9));
        // WGS-84 → GCJ-02 → BD-09, the way map links are made (same formulas, chained).
        assert!(close(gcj02_to_bd09(g), 116.41662724378733, 39.922699552216216, 1e-6));
    }
}
