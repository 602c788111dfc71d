//! The rows of list pages: a county table's rows and the cards of the category, theme and home
//! pages, each rendered by a template of its own (`county_row.html`, `card.html`) and minified
//! once per record and edition. A list page is rendered as a frame with a placeholder where its
//! rows go ([`crate::write::minify::splice`]), so the rows of a record listed on several pages
//! are made once, and an edit re-renders only its own rows: a county list of 1,700 records was
//! Tera and the minifier going over 1,700 rows to change one.

use super::editions::Edition;
use super::views;
use crate::diag::Diagnostic;
use crate::model::Record;
use crate::write::minify;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tera::Context;

/// One kind of row: its template, the element it is, the parent it sits in, and for cards the
/// level of their headings.
#[derive(Clone, Copy)]
pub struct Kind {
    pub template: &'static str,
    pub tag: &'static str,
    parent_open: &'static str,
    parent: &'static str,
    level: u8,
    /// Its place among a record's rows in [`Rows`].
    slot: usize,
    /// On several pages of a build, so kept for the build (a county row is on one).
    shared: bool,
}

pub const COUNTY_ROW: Kind = Kind {
    template: "county_row.html",
    tag: "tr",
    parent_open: "<tbody>",
    parent: "tbody",
    level: 0,
    slot: 0,
    shared: false,
};
/// A card on a category or theme page.
pub const CARD: Kind = Kind {
    template: "card.html",
    tag: "li",
    parent_open: "<ul class=\"cards\">",
    parent: "ul",
    level: 2,
    slot: 1,
    shared: true,
};
/// A card among the home page's recent updates, a level below its heading.
pub const HOME_CARD: Kind = Kind { level: 3, slot: 2, ..CARD };
const KINDS: usize = 3;

/// A record's rows, each with the key it was made from.
type Slots = Vec<Option<(u64, Arc<[u8]>)>>;

/// Rows already made, by record id, edition and kind. A build shares them between its pages;
/// `serve` keeps them from one preview to the next. A row is used only while its key (the
/// edition's configuration key, the kind, the page's root and the record's file) is the same.
pub struct Rows {
    made: Mutex<HashMap<Box<str>, Slots>>,
    /// Keep rows that are not shared too: a whole build uses each once, a preview again at the
    /// next edit.
    all: bool,
}

impl Rows {
    /// For one build: the cards, which several pages share.
    pub fn for_build() -> Rows {
        Rows { made: Mutex::default(), all: false }
    }

    /// For previews one after another: every row.
    pub fn kept() -> Rows {
        Rows { made: Mutex::default(), all: true }
    }

    fn get(&self, id: &str, slot: usize, key: u64) -> Option<Arc<[u8]>> {
        let made = self.made.lock().expect("rows lock");
        let (k, row) = made.get(id)?.get(slot)?.as_ref()?;
        (*k == key).then(|| Arc::clone(row))
    }

    fn put(&self, id: &str, slot: usize, key: u64, row: Arc<[u8]>) {
        let mut made = self.made.lock().expect("rows lock");
        let slots = made.entry(id.into()).or_default();
        if slots.len() <= slot {
            slots.resize(slot + 1, None);
        }
        slots[slot] = Some((key, row));
    }
}

impl super::Pages<'_> {
    /// The rows of `records` in `edition` on a page whose root is `root`, minified and joined,
    /// in order. An error names the row template and the record.
    pub(super) fn list_rows(
        &self,
        edition: &Edition,
        kind: Kind,
        root: &str,
        records: &[&Record],
    ) -> Result<Vec<u8>, Diagnostic> {
        let e = self.editions.iter().position(|x| std::ptr::eq(x, edition)).expect("one of the editions");
        let slot = e * KINDS + kind.slot;
        let mut base = Context::new();
        for name in ["t", "lang"] {
            if let Some(value) = edition.base.get(name) {
                base.insert(name, value);
            }
        }
        base.insert("root", root);
        base.insert("level", &kind.level);
        let parent = minify::Parent::new(kind.parent_open.as_bytes(), kind.parent.as_bytes());
        let rows: Vec<Arc<[u8]>> = records
            .par_iter()
            .map_init(
                || base.clone(),
                |ctx, r| {
                    let key = super::keys::record_inputs(edition, r)
                        .add(kind.template.as_bytes())
                        .add(&[kind.level])
                        .add(root.as_bytes())
                        .finish();
                    if let Some(row) = self.rows.get(&r.id, slot, key) {
                        return Ok(row);
                    }
                    let row: Arc<[u8]> = self.row(ctx, kind, &parent, r)?.into();
                    if self.rows.all || kind.shared {
                        self.rows.put(&r.id, slot, key, Arc::clone(&row));
                    }
                    Ok(row)
                },
            )
            .collect::<Result<_, Diagnostic>>()?;
        Ok(rows.concat())
    }

    fn row(&self, ctx: &mut Context, kind: Kind, parent: &minify::Parent, r: &Record) -> Result<Vec<u8>, Diagnostic> {
        ctx.insert("r", &views::summary(self.dir, r));
        let error = |what: String| {
            Diagnostic::error(
                "Q0501",
                Path::new(&self.theme.origin(kind.template)),
                format!("渲染记录 {} 时{what}", r.source),
            )
        };
        let html =
            self.tera.render(kind.template, ctx).map_err(|e| error(format!("模板出错：{}", super::chain(&e))))?;
        let html = if self.dir.site.file_links { super::filelinks::to_files(&html) } else { html };
        parent.items(html.as_bytes()).ok_or_else(|| error(format!("模板写出的不是一个个 <{}> 元素", kind.tag)))
    }
}

/// Where a kind's rows go in its page's context: the placeholder the page is spliced at.
pub fn placeholder(kind: Kind) -> String {
    String::from_utf8(minify::placeholder(kind.tag.as_bytes())).expect("ASCII")
}
