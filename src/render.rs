//! Render: every page of the site through Tera, in parallel, into the output sink.

use crate::diag::Diagnostic;
use crate::directory::Directory;
use crate::output::Sink;
use crate::theme::Theme;
use crate::views;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use tera::{Context, Tera};

/// One page to produce.
enum Job<'a> {
    Home,
    /// A template rendered once, at a path.
    Plain(&'static str, &'static str),
    County(usize),
    Category(usize),
    Theme(usize),
    Record(usize),
    Page(&'a crate::directory::Page),
    Extra(&'a crate::outputs::Output),
    NotFound,
}

/// Compiles the theme's templates; an error names the template file.
pub fn templates(theme: &Theme) -> Result<Tera, Diagnostic> {
    let mut tera = Tera::default();
    let files: Vec<(&str, &str)> = theme.templates.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    tera.add_raw_templates(files).map_err(|e| {
        let name = e.to_string();
        let name = name.split('\'').nth(1).unwrap_or("");
        let origin = theme.origin(name);
        Diagnostic::error("Q0501", Path::new(&origin), format!("模板有语法错误：{}", chain(&e)))
    })?;
    Ok(tera)
}

/// Renders all pages and copies the theme's static files. Returns every template error.
pub fn site(
    dir: &Directory,
    theme: &Theme,
    tera: &Tera,
    sink: &Sink,
    search_index: &str,
    extras: &[crate::outputs::Output],
) -> Vec<Diagnostic> {
    let mut shared = views::shared(dir);
    shared.search_index = search_index;
    let base = match Context::from_serialize(&shared) {
        Ok(c) => c,
        Err(e) => return vec![Diagnostic::error("Q0501", Path::new("site"), chain(&e))],
    };
    let mut jobs = vec![
        Job::Home,
        Job::Plain("counties.html", "counties/"),
        Job::Plain("categories.html", "categories/"),
        Job::Plain("themes.html", "themes/"),
    ];
    jobs.extend((0..dir.counties.len()).map(Job::County));
    jobs.extend((0..dir.categories.len()).map(Job::Category));
    jobs.extend((0..dir.themes.len()).map(Job::Theme));
    jobs.extend((0..dir.records.len()).map(Job::Record));
    jobs.extend(dir.pages.iter().map(Job::Page));
    // Optional in a theme: the search page and the service worker that keeps it working offline.
    for (template, path) in [("search.html", "search/"), ("sw.js", "sw.js")] {
        if tera.get_template_names().any(|t| t == template) {
            jobs.push(Job::Plain(template, path));
        }
    }
    jobs.extend(extras.iter().filter(|o| matches!(o, crate::outputs::Output::Page { .. })).map(Job::Extra));
    jobs.push(Job::NotFound);
    let mut errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| render(dir, theme, tera, &base, sink, job).err())
        .collect();
    for file in &theme.statics {
        if let Err(e) = sink.write(&format!("static/{}", file.name), file.text.as_bytes()) {
            errors.push(Diagnostic::error("Q0502", &file.origin, format!("无法写入：{e}")));
        }
    }
    errors
}

fn render(
    dir: &Directory,
    theme: &Theme,
    tera: &Tera,
    base: &Context,
    sink: &Sink,
    job: &Job,
) -> Result<(), Diagnostic> {
    let mut ctx = base.clone();
    let (template, path, source): (&str, String, Option<&str>) = match job {
        Job::Home => {
            let mut recent: Vec<_> = dir.records.iter().filter(|r| r.updated.is_some()).collect();
            recent.sort_by(|a, b| (b.updated, &a.id).cmp(&(a.updated, &b.id)));
            let recent: Vec<_> = recent.into_iter().take(10).map(|r| views::summary(dir, r)).collect();
            ctx.insert("recent", &recent);
            ctx.insert("total", &dir.records.len());
            ("index.html", String::new(), None)
        }
        Job::Plain(template, path) => (*template, path.to_string(), None),
        Job::County(i) => {
            let records: Vec<_> = dir.county_records(*i).collect();
            let county = views::county(&dir.counties[*i], records.len());
            let mut sections: Vec<Section> = Vec::new();
            for category in &dir.categories {
                if sections.iter().any(|s| s.group == category.group) {
                    continue;
                }
                let mut list: Vec<_> =
                    records.iter().filter(|r| dir.categories[r.category].group == category.group).copied().collect();
                list.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
                if !list.is_empty() {
                    let records = list.into_iter().map(|r| views::summary(dir, r)).collect();
                    sections.push(Section { group: &category.group, records });
                }
            }
            ctx.insert("sections", &sections);
            let path = county.url.clone();
            ctx.insert("county", &county);
            ("county.html", path, None)
        }
        Job::Category(i) => {
            let records = listed(dir, |r| r.category == *i);
            let term = views::category(&dir.categories[*i], records.len());
            term_page(&mut ctx, "category", term, records)
        }
        Job::Theme(i) => {
            let records = listed(dir, |r| r.themes.contains(i));
            let term = views::theme(&dir.themes[*i], records.len());
            term_page(&mut ctx, "theme", term, records)
        }
        Job::Record(i) => {
            let r = &dir.records[*i];
            ctx.insert("record", &views::full(dir, r));
            ("record.html", format!("bases/{}/", r.id), Some(r.source.as_str()))
        }
        Job::Page(p) => {
            let view = PageView { id: &p.id, title: &p.title, description: p.description.as_deref(), content_html: crate::markdown::to_html(&p.body) };
            ctx.insert("page", &view);
            ("page.html", format!("{}/", p.id), None)
        }
        Job::Extra(crate::outputs::Output::Page { template, path, context }) => {
            for (k, v) in context {
                ctx.insert(k.as_str(), v);
            }
            (*template, path.clone(), None)
        }
        Job::Extra(crate::outputs::Output::File { .. }) => unreachable!("files are not rendered"),
        Job::NotFound => ("404.html", "404.html".to_string(), None),
    };
    let template = if template.contains('.') { template.to_string() } else { format!("{template}.html") };
    let root = match job {
        // Served for missing URLs at any depth, so its links start from the site's own path.
        Job::NotFound => site_path(&dir.site.base_url),
        _ => "../".repeat(path.matches('/').count()),
    };
    ctx.insert("root", &root);
    ctx.insert("path", &path);
    let html = tera.render(&template, &ctx).map_err(|e| {
        let what = source.map_or_else(|| format!("页面 /{path}"), |s| format!("记录 {s}"));
        Diagnostic::error("Q0501", Path::new(&theme.origin(&template)), format!("渲染{what} 时模板出错：{}", chain(&e)))
    })?;
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    sink.write(&file, html.as_bytes())
        .map_err(|e| Diagnostic::error("Q0502", Path::new(&file), format!("无法写入输出文件：{e}")))
}

#[derive(Serialize)]
struct Section<'a> {
    group: &'a str,
    records: Vec<views::Summary<'a>>,
}

#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    content_html: String,
}

fn listed<'a>(dir: &'a Directory, keep: impl Fn(&crate::directory::Record) -> bool) -> Vec<views::Summary<'a>> {
    let mut list: Vec<_> = dir.records.iter().filter(|r| keep(r)).collect();
    list.sort_by(|a, b| (a.county, &a.name, &a.id).cmp(&(b.county, &b.name, &b.id)));
    list.into_iter().map(|r| views::summary(dir, r)).collect()
}

fn term_page<'a>(
    ctx: &mut Context,
    kind: &'static str,
    term: views::TermView,
    records: Vec<views::Summary>,
) -> (&'a str, String, Option<&'a str>) {
    ctx.insert("records", &records);
    let path = term.url.clone();
    ctx.insert(kind, &term);
    (kind, path, None)
}

/// `https://example.org/qd/` → `/qd/`; `/` when there is no base URL.
fn site_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) if base_url.contains("://") => rest[i..].to_string(),
        _ if base_url.starts_with('/') => base_url.to_string(),
        _ => "/".to_string(),
    }
}

/// The Tera error and its causes on one line: Tera puts the useful part in `source()`.
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join("：")
}
