//! Search: answer a query with tantivy, then filter, count and order exactly as the browser
//! client does (docs/search.md).

use super::analyze::{county_forms, county_names, fallback_terms, query_terms};
use super::index::SearchIndex;
use super::needs::{understand, Understood};
use super::postings::{self, Posting};
use super::ranking::FIELDS;
use crate::model::hours;
use crate::model::schedule::{spans_on, Schedule};
use crate::model::{Directory, AUDIENCES};
use jiff::civil::DateTime;
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::collector::TopDocs;
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query as TQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Term, TERMINATED};

/// A query and its filters; ids as in the content folder.
#[derive(Debug, Default, Clone)]
pub struct Query {
    pub q: String,
    pub county: Vec<String>,
    pub category: Vec<String>,
    pub theme: Vec<String>,
    pub grade: Vec<String>,
    pub free: bool,
    pub nobooking: bool,
    /// A green channel for school groups.
    pub green: bool,
    /// A group of this many pupils: the place takes groups at least this large.
    pub size: Option<u32>,
    /// Open on one of these: `mo`…`su`, `weekend`, `workday`, `today`, `tomorrow` or `now`.
    pub open: Vec<String>,
    /// A county id or `lat,lng`.
    pub near: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Hit {
    pub doc: usize,
    pub score: f32,
    pub distance_km: Option<f64>,
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub county: BTreeMap<String, usize>,
    pub category: BTreeMap<String, usize>,
    pub theme: BTreeMap<String, usize>,
    pub grade: BTreeMap<String, usize>,
    pub free: usize,
    pub nobooking: usize,
    pub green: usize,
}

#[derive(Debug, Serialize)]
pub struct Outcome {
    pub total: usize,
    /// `all` (every term matched), `fallback` (half of them), `browse` (filters only), `none`.
    pub mode: &'static str,
    pub results: Vec<Hit>,
    pub counts: Counts,
    /// Ids of the counties the query named (docs/search.md, "County names").
    pub named: Vec<String>,
    /// The query's words that were read as filters.
    pub understood: Vec<Understood>,
}

const DAYS: [&str; 7] = ["mo", "tu", "we", "th", "fr", "sa", "su"];

/// Runs a query at the moment `now` (for the `open` filter). Errors name an unknown filter value.
pub fn run(
    dir: &Directory,
    si: &SearchIndex,
    index: &tantivy::Index,
    query: &Query,
    now: DateTime,
) -> Result<Outcome, String> {
    let ids = |list: &[String], known: Vec<&str>, what: &str| -> Result<u32, String> {
        list.iter().try_fold(0u32, |mask, v| match known.iter().position(|k| k == v) {
            Some(i) => Ok(mask | 1 << i),
            None => Err(format!("未知的{what} `{v}`；可选：{}", known.join(", "))),
        })
    };
    let (text, named) = county_names(&query.q, &county_forms(dir));
    let (text, understood) = understand(&text, !named.is_empty());
    let (mut grades, mut days) = (query.grade.clone(), query.open.clone());
    let (mut free, mut nobooking, mut green, mut size) = (query.free, query.nobooking, query.green, query.size);
    for u in &understood {
        match u.filter {
            "free" => free = true,
            "nobooking" => nobooking = true,
            "green" => green = true,
            "grade" => grades.extend(u.value.split(',').map(String::from)),
            "open" => days.push(u.value.clone()),
            _ => size = size.max(u.value.parse().ok()),
        }
    }
    let county = ids(&query.county, dir.counties.iter().map(|c| c.id.as_str()).collect(), "旗县")?
        | named.iter().fold(0u32, |mask, &i| mask | 1 << i);
    let category = ids(&query.category, dir.categories.iter().map(|c| c.id.as_str()).collect(), "类别")?;
    let theme = ids(&query.theme, dir.themes.iter().map(|c| c.id.as_str()).collect(), "主题")?;
    let grade = ids(&grades, AUDIENCES.iter().map(|a| a.0).collect(), "学段")?;
    let open: Vec<DayTest> =
        days.iter().map(|o| open_tests(o, now)).collect::<Result<Vec<_>, _>>()?.into_iter().flatten().collect();
    let near = query.near.as_deref().map(|n| origin(dir, n)).transpose()?;

    let terms = query_terms(&text);
    // Sorting by distance alone lists everything nearest first.
    let any_filter = county | category | theme | grade != 0
        || free
        || nobooking
        || green
        || size.is_some()
        || !open.is_empty()
        || near.is_some();
    let (mode, matches) = if terms.is_empty() {
        let all = if any_filter { (0..si.rows.len()).map(|d| (d, 0.0)).collect() } else { Vec::new() };
        (if any_filter { "browse" } else { "none" }, all)
    } else {
        let all = matching(si, index, &terms).map_err(|e| e.to_string())?;
        // Nothing has every term: the characters of the query, half of them at least, so that
        // one wrong character (科枝馆) still finds the place.
        let chars = if all.is_empty() { fallback_terms(&text, &si.variants) } else { Vec::new() };
        if chars.len() > 1 {
            ("fallback", fallback(si, index, &chars).map_err(|e| e.to_string())?)
        } else {
            ("all", all)
        }
    };

    // Which filter groups each match passes: county, category, theme, grade, free, nobooking, open.
    let mut counts = Counts::default();
    let mut results = Vec::new();
    for (doc, score) in matches {
        let row = &si.rows[doc];
        let pass = [
            county == 0 || county & (1 << row.county) != 0,
            category == 0 || category & (1 << row.category) != 0,
            theme == 0 || theme & row.themes != 0,
            grade == 0 || grade & row.audiences != 0,
            !free || row.flags & 1 != 0,
            !nobooking || row.flags & 2 != 0,
            !green || row.flags & 8 != 0,
            size.is_none_or(|n| row.group_max > 0 && row.group_max >= n),
            // A closed place is open on no day.
            open.is_empty()
                || row.flags & 4 != 0
                    && row.schedule >= 0
                    && open.iter().any(|test| test(&si.schedules[row.schedule as usize])),
        ];
        let others = |g: usize| pass.iter().enumerate().all(|(i, p)| i == g || *p);
        if others(0) {
            *counts.county.entry(dir.counties[row.county].id.clone()).or_default() += 1;
        }
        if others(1) {
            *counts.category.entry(dir.categories[row.category].id.clone()).or_default() += 1;
        }
        if others(2) {
            for (_, t) in dir.themes.iter().enumerate().filter(|(i, _)| row.themes & (1 << i) != 0) {
                *counts.theme.entry(t.id.clone()).or_default() += 1;
            }
        }
        if others(3) {
            for (_, a) in AUDIENCES.iter().enumerate().filter(|(i, _)| row.audiences & (1 << i) != 0) {
                *counts.grade.entry(a.0.to_string()).or_default() += 1;
            }
        }
        counts.free += usize::from(others(4) && row.flags & 1 != 0);
        counts.nobooking += usize::from(others(5) && row.flags & 2 != 0);
        counts.green += usize::from(others(6) && row.flags & 8 != 0);
        if pass.iter().all(|p| *p) {
            let distance_km =
                near.and_then(|(lat, lng)| Some(haversine(lat, lng, row.lat? as f64 / 1e4, row.lng? as f64 / 1e4)));
            results.push(Hit { doc, score, distance_km });
        }
    }
    // Closed places come after open ones, whatever the order; browsing by filters alone, a
    // county's namesakes (its own library, museum, park) before the rest.
    let closed = |h: &Hit| si.rows[h.doc].flags & 4 == 0;
    let first = |h: &Hit| mode == "browse" && si.rows[h.doc].namesake;
    match near {
        Some(_) => {
            results.sort_by_key(|h| (closed(h), h.distance_km.map_or(i64::MAX, |d| (d * 1000.0).round() as i64), h.doc))
        }
        None => results.sort_by_key(|h| (closed(h), !first(h), -((h.score as f64 * 10_000.0).round() as i64), h.doc)),
    }
    let named = named.iter().map(|&i| dir.counties[i].id.clone()).collect();
    Ok(Outcome { total: results.len(), mode, results, counts, named, understood })
}

/// Documents with every term, with tantivy's BM25 score.
fn matching(si: &SearchIndex, index: &tantivy::Index, terms: &[String]) -> tantivy::Result<Vec<(usize, f32)>> {
    let schema = index.schema();
    let fields: Vec<_> =
        FIELDS.iter().map(|(name, boost)| (schema.get_field(name).expect("indexed"), *boost)).collect();
    let clause = |t: &String| -> Box<dyn TQuery> {
        let per_field = fields.iter().map(|(f, boost)| {
            let term = TermQuery::new(Term::from_field_text(*f, t), IndexRecordOption::WithFreqs);
            (Occur::Should, Box::new(BoostQuery::new(Box::new(term), *boost)) as Box<dyn TQuery>)
        });
        Box::new(BooleanQuery::new(per_field.collect()))
    };
    let query = BooleanQuery::new(terms.iter().map(|t| (Occur::Must, clause(t))).collect());
    let searcher = index.reader()?.searcher();
    let top = searcher.search_with_statistics_provider(
        &query,
        &TopDocs::with_limit(si.rows.len().max(1)).order_by_score(),
        &super::ranking::Statistics(&searcher),
    )?;
    top.into_iter()
        .map(|(score, addr)| {
            let column = searcher.segment_reader(addr.segment_ord).fast_fields().u64("doc")?;
            Ok((column.first(addr.doc_id).unwrap_or(0) as usize, score))
        })
        .collect()
}

/// The fallback's matches: the documents with at least half of `terms`, each scored by its
/// terms' [`postings::fallback_scores`] added in term order, as the client adds them.
fn fallback(si: &SearchIndex, index: &tantivy::Index, terms: &[String]) -> tantivy::Result<Vec<(usize, f32)>> {
    let (scorer, _) = super::ranking::scorer(si);
    let mut held = vec![(0, 0f32); si.rows.len()];
    for t in terms {
        for (doc, score) in postings::fallback_scores(&term_postings(index, t)?, &scorer) {
            let h = &mut held[doc as usize];
            *h = (h.0 + 1, h.1 + score);
        }
    }
    let min = terms.len().div_ceil(2);
    Ok(held.into_iter().enumerate().filter(|(_, h)| h.0 >= min).map(|(d, h)| (d, h.1)).collect())
}

/// A term's postings in tantivy's index, as the export reads them from the search documents.
fn term_postings(index: &tantivy::Index, t: &str) -> tantivy::Result<Vec<Posting>> {
    let searcher = index.reader()?.searcher();
    let mut list = Vec::new();
    for (f, (name, _)) in FIELDS.iter().enumerate() {
        let field = index.schema().get_field(name)?;
        for segment in searcher.segment_readers() {
            let docs = segment.fast_fields().u64("doc")?;
            let norms = segment.get_fieldnorms_reader(field)?;
            let term = Term::from_field_text(field, t);
            let Some(mut postings) =
                segment.inverted_index(field)?.read_postings(&term, IndexRecordOption::WithFreqs)?
            else {
                continue;
            };
            while postings.doc() != TERMINATED {
                let doc = docs.first(postings.doc()).unwrap_or(0) as u32;
                list.push(Posting::new(f as u8, doc, postings.term_freq(), norms.fieldnorm_id(postings.doc())));
                postings.advance();
            }
        }
    }
    // Field, then document order, as the export lists them.
    list.sort_by_key(|p| (p.field(), p.doc()));
    Ok(list)
}

/// A test of the `open` filter.
type DayTest = Box<dyn Fn(&Schedule) -> bool>;

/// The tests of one `open` value: open now, or on the next such day (today counts); `weekend`
/// is Saturday or Sunday, `workday` Monday to Friday.
fn open_tests(open: &str, now: DateTime) -> Result<Vec<DayTest>, String> {
    let today = now.date();
    let weekday0 = |d: jiff::civil::Date| d.weekday().to_monday_zero_offset() as usize;
    if open == "now" {
        let minute = now.hour() as u16 * 60 + now.minute() as u16;
        let (m, w) = (today.month() as u8 - 1, weekday0(today) as u8);
        return Ok(vec![Box::new(move |s| spans_on(s, m, w).iter().any(|[a, b]| *a <= minute && minute < *b))]);
    }
    let targets = match open {
        "weekend" => vec![5, 6],
        "workday" => (0..5).collect(),
        "today" => vec![weekday0(today)],
        "tomorrow" => vec![(weekday0(today) + 1) % 7],
        _ => match DAYS.iter().position(|d| *d == open) {
            Some(day) => vec![day],
            None => {
                return Err(format!(
                    "未知的开放日 `{open}`；可选：now, weekend, workday, today, tomorrow, {}",
                    DAYS.join(", ")
                ))
            }
        },
    };
    targets
        .into_iter()
        .map(|target| {
            let ahead = (target as i64 - weekday0(today) as i64).rem_euclid(7);
            let day = today.checked_add(jiff::Span::new().days(ahead)).map_err(|e| e.to_string())?;
            let (m, w) = (day.month() as u8 - 1, target as u8);
            Ok(Box::new(move |s: &Schedule| !spans_on(s, m, w).is_empty()) as DayTest)
        })
        .collect()
}

/// `ulanhot` (the county seat) or `46.08,122.07`, as quantised degrees like the rows.
fn origin(dir: &Directory, near: &str) -> Result<(f64, f64), String> {
    if let Some(c) = dir.counties.iter().find(|c| c.id == near) {
        return c.centre.map(|l| (l.lat, l.lng)).ok_or_else(|| format!("旗县 `{near}` 没有 centre 坐标"));
    }
    let parsed =
        near.split_once(',').and_then(|(a, b)| Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?)));
    match parsed {
        Some((lat, lng)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) => Ok((lat, lng)),
        Some(_) => Err(format!("`{near}` 不在地球上：纬度在 -90 到 90 之间，经度在 -180 到 180 之间")),
        None => Err(format!("`{near}` 既不是旗县 id，也不是“纬度,经度”")),
    }
}

/// Great-circle distance in km.
pub fn haversine(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lng2 - lng1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// Today's opening hours in words, from the schedule when there is one.
pub fn today_hours(si: &SearchIndex, doc: usize, now: DateTime) -> Option<String> {
    let row = &si.rows[doc];
    if row.flags & 4 == 0 {
        return None;
    }
    let schedule = si.schedules.get(usize::try_from(row.schedule).ok()?)?;
    let spans = spans_on(schedule, now.month() as u8 - 1, now.date().weekday().to_monday_zero_offset() as u8);
    if spans.is_empty() {
        return Some("今天闭馆".into());
    }
    Some(format!("今天 {}", hours::spans_words(spans)))
}
