//! Categories, themes and grades as HSDS taxonomies. A term's id is derived from the page that
//! lists its places (a grade's from the search page filtered by it), so the attribute rows in
//! [`super::rows`] name a term by the same URL.

use super::{uuid, Tables};
use crate::model::{urls, Directory, AUDIENCES};
use serde::Serialize;
use std::io;

#[derive(Serialize)]
struct Taxonomy<'a> {
    id: String,
    name: &'a str,
    description: &'a str,
    uri: String,
}

#[derive(Serialize)]
struct Term<'a> {
    id: String,
    code: &'a str,
    name: &'a str,
    description: String,
    taxonomy_id: String,
    language: &'static str,
    term_uri: String,
}

/// The page listing a category's places.
pub fn category(dir: &Directory, i: usize) -> String {
    format!("{}{}", dir.site.base_url, urls::category(&dir.categories[i].id))
}

/// The page listing a theme's places.
pub fn theme(dir: &Directory, i: usize) -> String {
    format!("{}{}", dir.site.base_url, urls::theme(&dir.themes[i].id))
}

/// The search page filtered by a grade.
pub fn grade(dir: &Directory, id: &str) -> String {
    format!("{}{}?grade={id}", dir.site.base_url, urls::SEARCH)
}

/// The id of the term whose page is `url`.
pub fn id(url: &str) -> String {
    uuid(url, "taxonomy_term")
}

/// The taxonomy and taxonomy_term rows, into the tables of [`super::TABLES`].
pub fn rows(dir: &Directory, tables: &mut Tables) -> io::Result<()> {
    let base = &dir.site.base_url;
    let categories: Vec<(&str, &str, String)> =
        dir.categories.iter().enumerate().map(|(i, c)| (c.id.as_str(), c.name.as_str(), category(dir, i))).collect();
    let themes: Vec<(&str, &str, String)> =
        dir.themes.iter().enumerate().map(|(i, t)| (t.id.as_str(), t.name.as_str(), theme(dir, i))).collect();
    let grades: Vec<(&str, &str, String)> = AUDIENCES.iter().map(|&(id, name)| (id, name, grade(dir, id))).collect();
    let lists = [
        ("类别", "场所的类别，如博物馆、图书馆、消防站", format!("{base}{}", urls::CATEGORIES), categories),
        ("主题", "研学与实践的主题，如红色教育、科普、劳动", format!("{base}{}", urls::THEMES), themes),
        ("适宜学段", "适合前往的学段：幼儿园、小学、初中、高中与家长", format!("{base}{}", urls::SEARCH), grades),
    ];
    for (name, description, uri, terms) in &lists {
        let taxonomy = uuid(uri, "taxonomy");
        tables.taxonomy.push(&Taxonomy { id: taxonomy.clone(), name, description, uri: uri.clone() })?;
        for (code, term, url) in terms {
            tables.taxonomy_term.push(&Term {
                id: id(url),
                code,
                name: term,
                description: format!("{name}：{term}"),
                taxonomy_id: taxonomy.clone(),
                language: "zh",
                term_uri: url.clone(),
            })?;
        }
    }
    Ok(())
}
