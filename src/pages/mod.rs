//! Pages: every page of the site through Tera, in parallel, into the output sink. Templates see
//! small borrowed [`views`] of the model; the [`theme`] is the built-in default or a folder.

pub mod editions;
pub mod filelinks;
pub mod jsonld;
mod keys;
mod lists;
pub mod maplinks;
pub mod rows;
pub mod theme;
pub mod views;

use crate::diag::Diagnostic;
use crate::model::{urls, Directory};
use crate::write::Sink;
use editions::Edition;
use rayon::prelude::*;
use rows::{Rows, HOME_CARD};
use serde::Serialize;
use std::path::Path;
use tera::{Context, Tera};
use theme::ThemeFiles;

/// One page to produce.
#[derive(Clone)]
enum Job<'a> {
    Home,
    /// A template rendered once, at a path.
    Plain(&'static str, &'static str),
    County(usize),
    Category(usize),
    Theme(usize),
    Record(usize),
    Page(&'a crate::model::Page),
    Extra(&'a crate::write::Output<'a>),
    NotFound,
}

impl Job<'_> {
    /// In every edition (see [`editions::everywhere`]).
    fn everywhere(&self) -> bool {
        match self {
            Job::Plain(_, path) => editions::everywhere(path),
            Job::Extra(crate::write::Output::Page { path, .. }) => editions::everywhere(path),
            Job::Extra(_) | Job::NotFound => false,
            _ => true,
        }
    }
}

/// Compiles the theme's templates; an error names the template file.
pub fn templates(theme: &ThemeFiles) -> Result<Tera, Diagnostic> {
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

/// What every page job reads: made once, then [`Pages::lists`] and [`Pages::rest`] render the
/// pages in two groups.
pub struct Pages<'a> {
    dir: &'a Directory,
    theme: &'a ThemeFiles,
    tera: &'a Tera,
    /// The first is the site's own; see [`editions`].
    editions: Vec<Edition>,
    /// The search index folder's name, put in place of `INDEX`.
    version: &'a str,
    sink: &'a Sink,
    rows: &'a Rows,
}

impl<'a> Pages<'a> {
    pub fn new(
        dir: &'a Directory,
        theme: &'a ThemeFiles,
        tera: &'a Tera,
        sink: &'a Sink,
        search_index: &'a str,
        rows: &'a Rows,
    ) -> Result<Pages<'a>, Diagnostic> {
        let mut shared = views::shared(dir);
        // Pages are rendered with a stand-in for the index folder (a hash of all data), so that a
        // page's key changes only when its own data does; the few pages naming it are never reused.
        shared.search_index = PLACEHOLDER;
        let shared =
            Context::from_serialize(&shared).map_err(|e| Diagnostic::error("Q0501", Path::new("site"), chain(&e)))?;
        let version = search_index.trim_start_matches(urls::SEARCH).trim_end_matches('/');
        let mut templates = crate::hash::Key::new();
        for t in &theme.templates {
            templates = templates.add(t.name.as_bytes()).add(t.text.as_bytes());
        }
        let mut editions = Vec::new();
        for (lang, prefix, name) in editions::LANGS {
            let strings = theme.strings(lang)?;
            let mut base = shared.clone();
            base.insert("t", &strings);
            base.insert("lang", lang);
            let base_key = templates.add_json(&base.clone().into_json()).finish();
            let config = crate::hash::Key::new().add(&base_key.to_le_bytes());
            let config = crate::model::add_inputs(config, dir.inputs.iter().filter(|i| i.is_config()));
            let tag = strings.get("lang").cloned().unwrap_or_else(|| lang.to_string());
            editions.push(Edition { prefix, name, tag, base, base_key, config_key: config.finish() });
        }
        Ok(Pages { dir, theme, tera, editions, version, sink, rows })
    }

    /// The lists of a county, category or theme and the producers' pages (map, data quality),
    /// one at a time in a whole build: at 100,000 records each lists a sixth of the records or
    /// more, and the largest took 400 MiB to render. An incremental build (a preview, or a build
    /// over a previous output) re-renders only the lists an edit touches, side by side. Returns
    /// every template error.
    pub fn lists(&self, extras: &[crate::write::Output<'_>]) -> Vec<Diagnostic> {
        let dir = self.dir;
        let lists = (0..dir.counties.len())
            .map(Job::County)
            .chain((0..dir.categories.len()).map(Job::Category))
            .chain((0..dir.themes.len()).map(Job::Theme));
        let extras = extras.iter().filter(|o| matches!(o, crate::write::Output::Page { .. })).map(Job::Extra);
        let jobs = lists.flat_map(|job| self.editions.iter().map(move |e| (job.clone(), e)));
        let jobs = jobs.chain(extras.map(|job| (job, &self.editions[0])));
        if self.sink.incremental() {
            let jobs: Vec<_> = jobs.collect();
            return jobs.par_iter().filter_map(|(job, e)| render(self, job, e).err()).collect();
        }
        jobs.filter_map(|(job, e)| render(self, &job, e).err()).collect()
    }

    /// All other pages, side by side, and the theme's static files. Returns every template error.
    pub fn rest(&self) -> Vec<Diagnostic> {
        let mut jobs = vec![
            Job::Home,
            Job::Plain("counties.html", urls::COUNTIES),
            Job::Plain("categories.html", urls::CATEGORIES),
            Job::Plain("themes.html", urls::THEMES),
        ];
        jobs.extend((0..self.dir.records.len()).map(Job::Record));
        jobs.extend(self.dir.pages.iter().map(Job::Page));
        // Optional in a theme: the search page and the service worker that keeps it working offline.
        for (template, path) in [("search.html", urls::SEARCH), ("sw.js", "sw.js")] {
            if self.tera.get_template_names().any(|t| t == template) {
                jobs.push(Job::Plain(template, path));
            }
        }
        jobs.push(Job::NotFound);
        let jobs: Vec<(&Job, &Edition)> = jobs
            .iter()
            .flat_map(|job| {
                self.editions.iter().filter(|e| job.everywhere() || e.prefix.is_empty()).map(move |e| (job, e))
            })
            .collect();
        let mut errors: Vec<Diagnostic> = jobs.par_iter().filter_map(|(job, e)| render(self, job, e).err()).collect();
        for file in &self.theme.statics {
            if let Err(e) = self.sink.write(&format!("static/{}", file.name), file.text.as_bytes()) {
                errors.push(Diagnostic::unwritable(&file.origin, &e));
            }
        }
        for (name, bytes) in &self.theme.binaries {
            let path = format!("static/{name}");
            if let Err(e) = self.sink.write_raw(&path, bytes) {
                errors.push(Diagnostic::unwritable(Path::new(&path), &e));
            }
        }
        errors
    }
}

/// Replaced alone, not as `PLACEHOLDER`: sw.js takes the folder name without `search/` and `/`.
/// Recent updates on the home page: a glance, the updates page has the rest.
const HOME_RECENT: usize = 6;
const INDEX: &str = "__qingdan_search_index__";
const PLACEHOLDER: &str = "search/__qingdan_search_index__/";

fn render(shared: &Pages, job: &Job, edition: &Edition) -> Result<(), Diagnostic> {
    let Pages { dir, theme, tera, sink, .. } = shared;
    // Pages whose inputs are known without building their views (see [`keys`]).
    let early = keys::early(dir, job, edition);
    if let Some((file, key)) = &early {
        if sink.reuse(file, *key).is_some() {
            return Ok(());
        }
    }
    // The page's own values; other pages are keyed by them and the base key.
    let mut ctx = Context::new();
    // The rows of a list, made apart and spliced into the page where their placeholder is.
    let mut runs = lists::Runs::new();
    let (template, path, source): (&str, String, Option<&str>) = match job {
        Job::Home => {
            let recent = dir.recent(HOME_RECENT);
            ctx.insert("recent", &lists::cards(shared, edition, HOME_CARD, &urls::root(""), &recent, &mut runs)?);
            ctx.insert("total", &dir.records.len());
            ("index.html", String::new(), None)
        }
        Job::Plain(template, path) => (*template, path.to_string(), None),
        Job::County(i) => lists::county(shared, edition, &mut ctx, *i, &mut runs)?,
        Job::Category(i) => {
            let records = lists::listed(dir, |r| r.category == *i);
            let term = views::category(&dir.categories[*i], records.len());
            lists::term(shared, edition, &mut ctx, ("category", term), &records, &mut runs)?
        }
        Job::Theme(i) => {
            let records = lists::listed(dir, |r| r.themes.contains(i));
            let term = views::theme(&dir.themes[*i], records.len());
            lists::term(shared, edition, &mut ctx, ("theme", term), &records, &mut runs)?
        }
        Job::Record(i) => {
            let r = &dir.records[*i];
            ctx.insert("record", &views::full(dir, r));
            ("record.html", urls::record(&r.id), Some(r.source.as_str()))
        }
        Job::Page(p) => {
            let view = PageView {
                id: &p.id,
                title: &p.title,
                description: p.description.as_deref(),
                content_html: crate::model::markdown::to_html(&p.body),
            };
            ctx.insert("page", &view);
            ("page.html", urls::page(&p.id), None)
        }
        Job::Extra(crate::write::Output::Page { template, path, context, .. }) => {
            for (k, v) in context() {
                ctx.insert(k, &v);
            }
            (*template, path.clone(), None)
        }
        Job::Extra(_) => unreachable!("only pages are rendered"),
        Job::NotFound => ("404.html", "404.html".to_string(), None),
    };
    let template = if template.contains('.') { template.to_string() } else { format!("{template}.html") };
    // `root` leads to the edition's home (page links), `site_root` to the site's (its files).
    let inner = path;
    let path = format!("{}{inner}", edition.prefix);
    let (root, site_root) = match job {
        // Served for missing URLs at any depth, so its links start from the site's own path.
        Job::NotFound => (site_path(&dir.site.base_url), site_path(&dir.site.base_url)),
        _ => (urls::root(&inner), urls::root(&path)),
    };
    let links = editions::links(&shared.editions, edition, &inner, &site_root, &dir.site.base_url, job.everywhere());
    ctx.insert("editions", &links);
    ctx.insert("root", &root);
    ctx.insert("site_root", &site_root);
    ctx.insert("path", &path);
    let file = urls::file(&path);
    let key = match early {
        Some((_, key)) => key,
        None => {
            // Taken apart and put together rather than cloned: a list page's values took 200
            // MiB at 100,000 records.
            let values = ctx.into_json();
            let key =
                crate::hash::Key::new().add(&edition.base_key.to_le_bytes()).add(template.as_bytes()).add_json(&values);
            let key = runs.iter().fold(key, |key, (_, run)| key.add(run)).finish();
            ctx = Context::from_value(values).expect("a context is an object");
            if sink.reuse(&file, key).is_some() {
                return Ok(());
            }
            key
        }
    };
    let mut full = edition.base.clone();
    full.extend(ctx);
    let html = tera.render(&template, &full).map_err(|e| {
        let what = source.map_or_else(|| format!("页面 /{path}"), |s| format!("记录 {s}"));
        Diagnostic::error("Q0501", Path::new(&theme.origin(&template)), format!("渲染{what} 时模板出错：{}", chain(&e)))
    })?;
    let html = if dir.site.file_links { filelinks::to_files(&html) } else { html };
    // A page naming the search index is written as made, never reused.
    let named = html.contains(INDEX);
    let html = if named { html.replace(INDEX, shared.version) } else { html };
    let written = match runs.is_empty() {
        true if named => sink.write(&file, html.as_bytes()),
        true => sink.write_keyed(&file, key, html.as_bytes()),
        false => {
            let runs = runs.iter().map(|(tag, run)| (tag.as_bytes(), run.as_slice()));
            let Some(page) = crate::write::minify::splice(html.as_bytes(), runs) else {
                let origin = theme.origin(&template);
                let what = "模板没有原样写出列表的行（须写作 {{ … | safe }}，放在 <tbody> 或 <ul> 里）";
                return Err(Diagnostic::error("Q0501", Path::new(&origin), format!("渲染页面 /{path} 时{what}")));
            };
            if named {
                sink.write_raw(&file, &page)
            } else {
                sink.write_minified(&file, key, &page)
            }
        }
    };
    written.map_err(|e| Diagnostic::error("Q0502", Path::new(&file), format!("无法写入输出文件：{e}")))
}

#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    content_html: String,
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
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join("：")
}
