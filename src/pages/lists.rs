//! The contexts of the list pages: a county's records in sections by category group, and the
//! records of a category or theme, their rows made by [`super::rows`].

use super::editions::Edition;
use super::rows::{self, Kind, CARD, COUNTY_ROW};
use super::views;
use super::Pages;
use crate::diag::Diagnostic;
use crate::model::{urls, Directory, Record};
use serde::Serialize;
use tera::Context;

/// A list's rows, by the name of their element, to splice into its page.
pub type Runs = Vec<(&'static str, Vec<u8>)>;

/// The template, path and source of a page (as `render` takes them).
type Page = (&'static str, String, Option<&'static str>);

#[derive(Serialize)]
struct Section<'a> {
    group: &'a str,
    count: usize,
    /// Where its rows go.
    rows: &'a str,
}

/// County `i`'s page: `sections`, one per category group that has records, by name.
pub fn county(
    pages: &Pages,
    edition: &Edition,
    ctx: &mut Context,
    i: usize,
    runs: &mut Runs,
) -> Result<Page, Diagnostic> {
    let dir = pages.dir;
    let records: Vec<_> = dir.county_records(i).collect();
    let county = views::county(&dir.counties[i], records.len());
    let root = urls::root(&county.url);
    let mark = rows::placeholder(COUNTY_ROW);
    let mut sections: Vec<Section> = Vec::new();
    for category in &dir.categories {
        if sections.iter().any(|s| s.group == category.group) {
            continue;
        }
        let mut list: Vec<_> =
            records.iter().filter(|r| dir.categories[r.category].group == category.group).copied().collect();
        list.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        if !list.is_empty() {
            runs.push((COUNTY_ROW.tag, pages.list_rows(edition, COUNTY_ROW, &root, &list)?));
            sections.push(Section { group: &category.group, count: list.len(), rows: &mark });
        }
    }
    ctx.insert("sections", &sections);
    let path = county.url.clone();
    ctx.insert("county", &county);
    Ok(("county.html", path, None))
}

/// The records `keep` holds, by county, name and id: a category's or theme's list.
pub fn listed(dir: &Directory, keep: impl Fn(&Record) -> bool) -> Vec<&Record> {
    let mut list: Vec<_> = dir.records.iter().filter(|r| keep(r)).collect();
    list.sort_by(|a, b| (a.county, &a.name, &a.id).cmp(&(b.county, &b.name, &b.id)));
    list
}

/// A category or theme page (`kind` is its template and the name of `term` in its context),
/// its records' cards in `cards`.
pub fn term(
    pages: &Pages,
    edition: &Edition,
    ctx: &mut Context,
    (kind, term): (&'static str, views::TermView),
    records: &[&Record],
    runs: &mut Runs,
) -> Result<Page, Diagnostic> {
    ctx.insert("cards", &cards(pages, edition, CARD, &urls::root(&term.url), records, runs)?);
    let path = term.url.clone();
    ctx.insert(kind, &term);
    Ok((kind, path, None))
}

/// The cards of `records` added to `runs`; what the page's context says where they go: their
/// placeholder, or nothing when there are none (the template then says so).
pub fn cards(
    pages: &Pages,
    edition: &Edition,
    kind: Kind,
    root: &str,
    records: &[&Record],
    runs: &mut Runs,
) -> Result<String, Diagnostic> {
    if records.is_empty() {
        return Ok(String::new());
    }
    runs.push((kind.tag, pages.list_rows(edition, kind, root, records)?));
    Ok(rows::placeholder(kind))
}
