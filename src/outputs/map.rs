//! The maps, drawn at build time as data for the theme's SVG: no tiles, no script needed.
//!
//! Over the League (`map/`, `map/<category>/`) each county is one circle, sized by its number of
//! places and pushed apart from its neighbours so that every circle can be tapped: a schematic
//! (a Dorling cartogram), not boundaries. Tapping a county zooms into it (`map/<county>/`,
//! `map/<category>/<county>/`), where places closer than a fingertip share one numbered mark
//! and the list under the map says which places each mark holds.

use crate::model::{urls, Directory, Location, Record, Status};
use crate::write::Output;
use serde::Serialize;

/// The drawing's width in SVG units: one unit is at least 0.96 CSS px on a phone 360 px wide
/// (328 px of content), more on wider screens.
const WIDTH: f64 = 340.0;
/// A mark's radius: 48 units, at least 46 px across on such a phone; 44 px is the smallest
/// target a finger hits reliably.
const MARK: f64 = 24.0;
/// County circles: radius of the smallest and of the largest county, and the gap between them.
const COUNTY_MIN: f64 = 34.0;
const COUNTY_MAX: f64 = 56.0;
const GAP: f64 = 6.0;
/// A zoomed map is at least this high and at most this high (units).
const HEIGHT_MIN: f64 = 200.0;
const HEIGHT_MAX: f64 = 460.0;
/// The smallest area a zoomed map shows (degrees across, half that down), so that places a
/// street apart are not drawn a screen apart.
const SPAN_MIN: f64 = 0.05;

pub fn outputs(dir: &Directory) -> Vec<Output<'_>> {
    pages(dir)
        .map(|(category, county)| {
            let path = map_path(dir, category, county);
            let context = move || match county {
                None => overview(dir, category),
                Some(county) => zoom(dir, category, county),
            };
            let key = Directory::records_key(selected(dir, category, county));
            Output::Page { template: "map.html", path, key, context: Box::new(context) }
        })
        .collect()
}

/// Every map there is, as (category, county): the League for all records and for each category
/// with records, then each of those zoomed into each county that has some of its records.
pub fn pages(dir: &Directory) -> impl Iterator<Item = (Option<usize>, Option<usize>)> + '_ {
    let used = (0..dir.categories.len()).filter(|c| dir.records.iter().any(|r| r.category == *c));
    std::iter::once(None).chain(used.map(Some)).flat_map(move |category| {
        let counties = (0..dir.counties.len()).filter(move |k| selected(dir, category, Some(*k)).next().is_some());
        std::iter::once((category, None)).chain(counties.map(move |k| (category, Some(k))))
    })
}

pub fn map_path(dir: &Directory, category: Option<usize>, county: Option<usize>) -> String {
    urls::map(category.map(|c| dir.categories[c].id.as_str()), county.map(|k| dir.counties[k].id.as_str()))
}

fn selected(dir: &Directory, category: Option<usize>, county: Option<usize>) -> impl Iterator<Item = &Record> {
    dir.records.iter().filter(move |r| category.is_none_or(|c| r.category == c) && county.is_none_or(|k| r.county == k))
}

/// A drawing's size and its projection, `x = a + lng·b`, `y = c − lat·d` (for the page's script).
#[derive(Serialize)]
struct Drawing {
    width: String,
    height: String,
    projection: String,
}

/// Equirectangular, x scaled by cos(latitude): the shape is right at the League's latitude.
#[derive(Clone, Copy)]
struct Frame {
    a: f64,
    b: f64,
    c: f64,
    d: f64,
    height: f64,
}

impl Frame {
    /// The frame that shows `points` inside a `margin`, within the height limits.
    fn fit(points: &[Location], margin: f64) -> Frame {
        let (mut south, mut north, mut west, mut east) = (90.0f64, -90.0f64, 180.0f64, -180.0f64);
        for p in points {
            (south, north, west, east) = (south.min(p.lat), north.max(p.lat), west.min(p.lng), east.max(p.lng));
        }
        let k = ((south + north) / 2.0).to_radians().cos();
        let (mid_lat, mid_lng) = ((south + north) / 2.0, (west + east) / 2.0);
        let span_x = ((east - west) * k).max(SPAN_MIN);
        let span_y = (north - south).max(SPAN_MIN / 2.0);
        let inner = WIDTH - 2.0 * margin;
        let scale = (inner / span_x).min((HEIGHT_MAX - 2.0 * margin) / span_y);
        let height = (span_y * scale + 2.0 * margin).max(HEIGHT_MIN);
        // The centre of the points at the centre of the drawing.
        let d = scale;
        let b = scale * k;
        Frame { a: WIDTH / 2.0 - mid_lng * b, b, c: height / 2.0 + mid_lat * d, d, height }
    }

    fn project(&self, p: Location) -> (f64, f64) {
        (self.a + p.lng * self.b, self.c - p.lat * self.d)
    }

    fn drawing(&self) -> Drawing {
        Drawing {
            width: format!("{WIDTH:.0}"),
            height: format!("{:.0}", self.height),
            projection: format!("{:.3} {:.3} {:.3} {:.3}", self.a, self.b, self.c, self.d),
        }
    }
}

#[derive(Serialize)]
struct CountyMark<'a> {
    #[serde(skip)]
    county: usize,
    name: &'a str,
    /// The name short enough for the circle: the shortest of the name and its aliases.
    label: &'a str,
    count: usize,
    href: String,
    /// Where it is drawn, absent for a county without a `centre`.
    at: Option<(String, String, String)>,
}

/// The counties that have places of this kind, each with its zoomed map.
fn county_maps(dir: &Directory, category: Option<usize>) -> Vec<CountyMark<'_>> {
    (0..dir.counties.len())
        .filter_map(|k| {
            let count = selected(dir, category, Some(k)).count();
            let county = &dir.counties[k];
            let label = county.aliases.iter().map(String::as_str).fold(county.name.as_str(), |best, a| {
                if a.chars().count() < best.chars().count() {
                    a
                } else {
                    best
                }
            });
            let href = map_path(dir, category, Some(k));
            (count > 0).then_some(CountyMark { county: k, name: &county.name, label, count, href, at: None })
        })
        .collect()
}

/// The League: one circle per county that has places of this kind.
fn overview(dir: &Directory, category: Option<usize>) -> serde_json::Map<String, serde_json::Value> {
    let mut marks = county_maps(dir, category);
    let most = marks.iter().map(|m| m.count).max().unwrap_or(1) as f64;
    let placed: Vec<(usize, Location, f64)> = marks
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let r = COUNTY_MIN + (COUNTY_MAX - COUNTY_MIN) * (m.count as f64 / most).sqrt();
            dir.counties[m.county].centre.map(|c| (i, c, r))
        })
        .collect();
    let frame = Frame::fit(&placed.iter().map(|p| p.1).collect::<Vec<_>>(), COUNTY_MAX + GAP);
    let mut circles: Vec<(f64, f64, f64)> = placed
        .iter()
        .map(|&(_, c, r)| {
            let (x, y) = frame.project(c);
            (x, y, r)
        })
        .collect();
    spread(&mut circles, frame.height);
    for (&(i, _, _), (x, y, r)) in placed.iter().zip(circles) {
        marks[i].at = Some((format!("{x:.1}"), format!("{y:.1}"), format!("{r:.1}")));
    }
    let shown: usize = marks.iter().map(|m| m.count).sum();
    let mut context = common(dir, category, None);
    context.insert("drawing".into(), json(frame.drawing()));
    context.insert("county_maps".into(), json(marks));
    context.insert("shown".into(), shown.into());
    context
}

/// Pushes overlapping circles apart, a little at a time, keeping them inside the drawing.
fn spread(circles: &mut [(f64, f64, f64)], height: f64) {
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..circles.len() {
            for j in i + 1..circles.len() {
                let (dx, dy) = (circles[j].0 - circles[i].0, circles[j].1 - circles[i].1);
                let d = (dx * dx + dy * dy).sqrt();
                let need = circles[i].2 + circles[j].2 + GAP;
                if d >= need {
                    continue;
                }
                // Circles on one spot part along a direction set by their order.
                let (ux, uy) = if d < 1e-6 { ((j as f64).cos(), (j as f64).sin()) } else { (dx / d, dy / d) };
                let push = (need - d) / 2.0 + 0.01;
                circles[i].0 -= ux * push;
                circles[i].1 -= uy * push;
                circles[j].0 += ux * push;
                circles[j].1 += uy * push;
                moved = true;
            }
        }
        // Inside the drawing, with room for the outline.
        for c in circles.iter_mut() {
            let r = c.2 + GAP / 2.0;
            c.0 = c.0.clamp(r, WIDTH - r);
            c.1 = c.1.clamp(r, height - r);
        }
        if !moved {
            break;
        }
    }
}

#[derive(Serialize)]
struct Mark<'a> {
    /// The mark's number, in reading order (top to bottom, then left to right).
    n: usize,
    x: String,
    y: String,
    places: Vec<Place<'a>>,
}

#[derive(Serialize)]
struct Place<'a> {
    name: &'a str,
    href: String,
    category: &'a str,
    /// "lat,lng" for the page's script that sorts by distance; empty for a place not open now,
    /// which is never the nearest (as in search).
    ll: String,
    /// 暂停开放 or 已关闭, for a place not open.
    status: Option<&'static str>,
}

/// One county: places within a fingertip of each other share a mark.
fn zoom<'a>(dir: &'a Directory, category: Option<usize>, county: usize) -> serde_json::Map<String, serde_json::Value> {
    let records: Vec<&Record> = selected(dir, category, Some(county)).collect();
    let located: Vec<(&Record, Location)> = records.iter().filter_map(|r| r.location.map(|l| (*r, l))).collect();
    let frame = Frame::fit(&located.iter().map(|p| p.1).collect::<Vec<_>>(), MARK + 2.0);
    // Each place joins the first mark within 2·MARK of it, else starts one: marks never overlap.
    let mut groups: Vec<((f64, f64), Vec<&Record>)> = Vec::new();
    for &(r, l) in &located {
        let (x, y) = frame.project(l);
        match groups.iter_mut().find(|((gx, gy), _)| (gx - x).hypot(gy - y) < 2.0 * MARK) {
            Some(group) => group.1.push(r),
            None => groups.push(((x, y), vec![r])),
        }
    }
    groups.sort_by(|a, b| {
        let row = |g: &((f64, f64), Vec<&Record>)| (g.0 .1 / (2.0 * MARK)).floor();
        row(a).total_cmp(&row(b)).then(a.0 .0.total_cmp(&b.0 .0))
    });
    let place = |r: &&'a Record| Place {
        name: &r.name,
        href: urls::record(&r.id),
        category: &dir.categories[r.category].name,
        ll: r.location.filter(|_| r.status == Status::Open).map(|l| format!("{},{}", l.lat, l.lng)).unwrap_or_default(),
        status: (r.status != Status::Open).then(|| r.status.words()),
    };
    let marks: Vec<Mark> = groups
        .iter()
        .enumerate()
        .map(|(i, ((x, y), rs))| Mark {
            n: i + 1,
            x: format!("{x:.1}"),
            y: format!("{y:.1}"),
            places: rs.iter().map(place).collect(),
        })
        .collect();
    let unplaced: Vec<Place> = records.iter().filter(|r| r.location.is_none()).map(place).collect();
    let mut context = common(dir, category, Some(county));
    context.insert("drawing".into(), json(frame.drawing()));
    context.insert("marks".into(), json(marks));
    context.insert("unplaced".into(), json(unplaced));
    context.insert("county_maps".into(), json(county_maps(dir, category)));
    context.insert("mark".into(), format!("{MARK:.0}").into());
    context.insert("shown".into(), located.len().into());
    context
}

/// What every map page says about itself: its category and county, and the map a level up.
fn common(
    dir: &Directory,
    category: Option<usize>,
    county: Option<usize>,
) -> serde_json::Map<String, serde_json::Value> {
    let mut context = serde_json::Map::new();
    let named = |id: &str, name: &str| serde_json::json!({"id": id, "name": name});
    let category_value = category.map(|c| named(&dir.categories[c].id, &dir.categories[c].name));
    let county_value = county.map(|k| named(&dir.counties[k].id, &dir.counties[k].name));
    context.insert("category".into(), category_value.unwrap_or_default());
    context.insert("county".into(), county_value.unwrap_or_default());
    context.insert("league_map".into(), map_path(dir, category, None).into());
    context
}

fn json(value: impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).expect("map views serialize")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_keeps_its_points_inside_the_margin() {
        let points = [Location { lat: 47.177, lng: 119.943 }, Location { lat: 45.06, lng: 122.9 }];
        let frame = Frame::fit(&points, MARK);
        for p in points {
            let (x, y) = frame.project(p);
            assert!((MARK - 1e-9..=WIDTH - MARK + 1e-9).contains(&x), "{x}");
            assert!((MARK - 1e-9..=frame.height - MARK + 1e-9).contains(&y), "{y}");
        }
        assert!(frame.height <= HEIGHT_MAX + 1e-9);
    }

    #[test]
    fn spread_circles_do_not_overlap() {
        // Two county seats nine kilometres apart, and a third on the same spot as one of them.
        let mut circles = vec![(180.0, 200.0, 40.0), (176.0, 200.0, 40.0), (180.0, 200.0, 34.0)];
        spread(&mut circles, 400.0);
        for i in 0..circles.len() {
            for j in i + 1..circles.len() {
                let (a, b) = (circles[i], circles[j]);
                assert!((a.0 - b.0).hypot(a.1 - b.1) >= a.2 + b.2 + GAP - 0.5, "{a:?} {b:?}");
            }
        }
    }
}
