//! The map: an SVG drawn at build time with every record as a point linking to its page, over
//! the county seats of the League. No tiles, no script. `/map/` shows every record,
//! `/map/<category>/` one category.

use super::feeds::xml;
use crate::model::{urls, Directory, Location};
use crate::write::Output;
use std::fmt::Write as _;

/// The drawn area (WGS-84 degrees) and the drawing width in SVG units.
const SOUTH: f64 = 44.1;
const NORTH: f64 = 47.8;
const WEST: f64 = 119.2;
const EAST: f64 = 123.9;
const WIDTH: f64 = 600.0;

pub fn outputs(dir: &Directory) -> Vec<Output<'_>> {
    categories(dir).map(|c| page(dir, c)).collect()
}

/// The maps there are: of every record (`None`), and of each category that has records.
pub fn categories(dir: &Directory) -> impl Iterator<Item = Option<usize>> + '_ {
    let used = (0..dir.categories.len()).filter(|c| dir.records.iter().any(|r| r.category == *c));
    std::iter::once(None).chain(used.map(Some))
}

fn page(dir: &Directory, category: Option<usize>) -> Output<'_> {
    let path = urls::map(category.map(|c| dir.categories[c].id.as_str()));
    let root = urls::root(&path);
    Output::Page { template: "map.html", path, context: Box::new(move || context(dir, category, &root)) }
}

/// The page's values; `root` leads from the page to the site root, as links in the SVG are
/// relative to the page.
fn context(dir: &Directory, category: Option<usize>, root: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut context = serde_json::Map::new();
    let (svg, shown) = svg(dir, category, root);
    context.insert("svg".into(), svg.into());
    context.insert("shown".into(), shown.into());
    context.insert(
        "category".into(),
        category.map_or(
            serde_json::Value::Null,
            |c| serde_json::json!({"id": dir.categories[c].id, "name": dir.categories[c].name}),
        ),
    );
    context
}

/// Equirectangular projection, x scaled by cos(latitude) so the shape is right at this latitude.
fn project(p: Location) -> (f64, f64) {
    let k = ((SOUTH + NORTH) / 2.0).to_radians().cos();
    let scale = WIDTH / ((EAST - WEST) * k);
    ((p.lng - WEST) * k * scale, (NORTH - p.lat) * scale)
}

/// The SVG (as markup safe to insert) and how many records it shows.
fn svg(dir: &Directory, category: Option<usize>, root: &str) -> (String, usize) {
    let (_, height) = project(Location { lat: SOUTH, lng: WEST });
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"map\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" aria-label=\"兴安盟校外学习场所分布图\">"
    );
    let _ = write!(s, "<rect width=\"{WIDTH:.0}\" height=\"{height:.0}\" class=\"map-bg\"/>");
    // Seats close together (科右前旗 sits in 乌兰浩特) get their labels moved down, not overlapped.
    let mut labels: Vec<(f64, f64)> = Vec::new();
    for c in &dir.counties {
        let Some(centre) = c.centre else { continue };
        let (x, y) = project(centre);
        let mut ly = y + 5.0;
        while labels.iter().any(|(lx, oy)| (lx - (x + 12.0)).abs() < 110.0 && (oy - ly).abs() < 18.0) {
            ly += 20.0;
        }
        labels.push((x + 12.0, ly));
        let _ = write!(
            s,
            "<a href=\"{root}{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"9\" class=\"map-seat\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"map-label\">{}</text><title>{}清单</title></a>",
            xml(&urls::county(&c.id)),
            x + 12.0,
            ly,
            xml(&c.name),
            xml(&c.name)
        );
    }
    let mut shown = 0;
    for r in dir.records.iter().filter(|r| category.is_none_or(|c| r.category == c)) {
        let Some(p) = r.location else { continue };
        let (x, y) = project(p);
        shown += 1;
        let _ = write!(
            s,
            "<a href=\"{root}{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" class=\"map-point\"/><title>{}（{}）</title></a>",
            xml(&urls::record(&r.id)),
            xml(&r.name),
            xml(&dir.categories[r.category].name)
        );
    }
    s.push_str("</svg>");
    (s, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_keeps_the_league_inside_the_drawing() {
        let (x0, y0) = project(Location { lat: NORTH, lng: WEST });
        let (x1, y1) = project(Location { lat: SOUTH, lng: EAST });
        assert!(x0.abs() < 1e-9 && y0.abs() < 1e-9);
        assert!((x1 - WIDTH).abs() < 1e-9 && y1 > 0.0);
        let ulanhot = project(Location { lat: 46.078, lng: 122.069 });
        assert!(ulanhot.0 > 0.0 && ulanhot.0 < WIDTH && ulanhot.1 > 0.0 && ulanhot.1 < y1);
    }
}
