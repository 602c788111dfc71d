//! Minification of HTML, CSS and JavaScript with minify-html.
//!
//! minify-html builds a tree of the whole document, about 20 bytes for each byte of HTML: the
//! 23 MB list page of a county with 25,000 records took 480 MB. A large page is therefore
//! minified in pieces: long runs of sibling elements of one name (`<li>`, `<tr>`, the map's
//! `<a>`) are cut out, each run is minified inside a copy of its parent's start and end tags,
//! and the rest of the page is minified with one empty placeholder element per run. An item
//! minifies the same there as among its siblings (an optional end tag is left out before
//! another item and before its parent's end, in both cases), so the pieces put together are the
//! page minified whole; a run ends only before another item or its parent's end tag. Where
//! anything does not fit (tags that do not nest plainly), the page is minified whole.

use super::runs::{runs, Runs};

/// Pages smaller than this are minified whole.
const SPLIT_ABOVE: usize = 1 << 20;
/// Bytes of items minified together, about.
pub(super) const RUN: usize = 1 << 17;

fn cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_html_and_head_opening_tags: true,
        ..minify_html::Cfg::default()
    }
}

/// Minifies an HTML document; a large one in pieces (see the module notes).
pub fn html(src: &[u8]) -> Vec<u8> {
    let whole = || minify_html::minify(src, &cfg());
    if src.len() < SPLIT_ABOVE || contains(src, MARK.as_bytes()) {
        return whole();
    }
    match runs(src) {
        Some(runs) if !runs.is_empty() => pieces(src, &runs).unwrap_or_else(whole),
        _ => whole(),
    }
}

fn pieces(src: &[u8], runs: &Runs) -> Option<Vec<u8>> {
    // The page with each run replaced by one placeholder element of its items' name.
    let mut rest = Vec::with_capacity(src.len() / 4);
    let mut items = Vec::with_capacity(runs.len());
    let mut at = 0;
    for cut in runs {
        rest.extend_from_slice(&src[at..cut.range.start]);
        rest.extend_from_slice(&placeholder(cut.tag));
        at = cut.range.end;
        items.push((cut.tag, Parent::new(&src[cut.parent.clone()], cut.parent_name).items(&src[cut.range.clone()])?));
    }
    rest.extend_from_slice(&src[at..]);
    splice(&rest, items.iter().map(|(tag, run)| (*tag, run.as_slice())))
}

/// Marks the placeholder element that stands for a run of items in a page given to [`splice`].
pub const MARK: &str = "data-qingdan-run";

/// The placeholder of a run of `tag` items: an empty element of that name.
pub fn placeholder(tag: &[u8]) -> Vec<u8> {
    [b"<", tag, b" ", MARK.as_bytes(), b"></", tag, b">"].concat()
}

/// The element items sit in, to minify them inside: its start tag minified, and its end tag.
pub struct Parent {
    open: Vec<u8>,
    close: Vec<u8>,
}

impl Parent {
    /// The parent with the start tag `open` and the name `name`.
    pub fn new(open: &[u8], name: &[u8]) -> Parent {
        let close = [b"</", name, b">"].concat();
        let empty = minify_html::minify(&[open, &close].concat(), &cfg());
        let open = empty.strip_suffix(close.as_slice()).unwrap_or(&empty).to_vec();
        Parent { open, close }
    }

    /// `items`, sibling elements inside this parent, minified as they are among the rest of
    /// the page: an item minifies the same among its siblings as alone inside its parent (an
    /// optional end tag is left out before another item and before the parent's end, in both
    /// cases), so items minified one by one may be joined.
    pub fn items(&self, items: &[u8]) -> Option<Vec<u8>> {
        let run = minify_html::minify(&[&self.open, items, &self.close].concat(), &cfg());
        let run = run.strip_prefix(self.open.as_slice())?;
        Some(run.strip_suffix(self.close.as_slice()).unwrap_or(run).to_vec())
    }
}

/// `page` minified, each of its [`placeholder`]s in turn replaced by a run of items minified
/// with [`Parent::items`]: the page minified whole, had the items been in it. `None` when a
/// placeholder is missing.
pub fn splice<'a>(page: &[u8], runs: impl IntoIterator<Item = (&'a [u8], &'a [u8])>) -> Option<Vec<u8>> {
    let rest = minify_html::minify(page, &cfg());
    let mut out = Vec::with_capacity(rest.len());
    let mut at = 0;
    for (tag, run) in runs {
        let mark = [b"<", tag, b" ", MARK.as_bytes(), b">"].concat();
        let found = find(&rest[at..], &mark)?;
        out.extend_from_slice(&rest[at..at + found]);
        at += found + mark.len();
        // The placeholder's end tag, where the minifier kept it.
        let end = [b"</", tag, b">"].concat();
        if rest[at..].starts_with(&end) {
            at += end.len();
        }
        out.extend_from_slice(run);
    }
    out.extend_from_slice(&rest[at..]);
    Some(out)
}

/// The bytes of `rel` minified, if it is HTML, CSS or JS.
pub fn file(rel: &str, bytes: &[u8]) -> Vec<u8> {
    match rel.rsplit('.').next() {
        Some("html") => html(bytes),
        Some("css") => embedded(bytes, b"<style>", b"</style>"),
        Some("js") => js(bytes),
        _ => bytes.to_vec(),
    }
}

/// Minifies a stylesheet or script by minifying it as the body of a `<style>` or `<script>` tag.
pub fn embedded(bytes: &[u8], open: &[u8], close: &[u8]) -> Vec<u8> {
    let mut doc = open.to_vec();
    doc.extend_from_slice(bytes);
    doc.extend_from_slice(close);
    let out = minify_html::minify(&doc, &cfg());
    match out.strip_prefix(open).and_then(|o| o.strip_suffix(close).or(Some(o))) {
        Some(inner) => inner.to_vec(),
        None => bytes.to_vec(),
    }
}

/// Minifies a script file with oxc as minify-html does, but also writes the shortened local
/// names its mangler chose (minify-html 0.18 computes them and prints the long ones). Falls back
/// to minify-html for a script oxc cannot parse.
pub fn js(bytes: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else { return embedded(bytes, b"<script>", b"</script>") };
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, text, oxc_span::SourceType::default()).parse();
    if !parsed.errors.is_empty() {
        return embedded(bytes, b"<script>", b"</script>");
    }
    let mut program = parsed.program;
    let options = oxc_minifier::MinifierOptions {
        mangle: Some(oxc_minifier::MangleOptions::default()),
        compress: Some(oxc_minifier::CompressOptions::safest()),
    };
    let done = oxc_minifier::Minifier::new(options).minify(&allocator, &mut program);
    let code = oxc_codegen::Codegen::new()
        // No comments: the client's statement comments (and `@__PURE__` marks) were a tenth of it.
        .with_options(oxc_codegen::CodegenOptions::minify())
        .with_scoping(done.scoping)
        .build(&program)
        .code;
    code.into_bytes()
}

pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::runs::runs;
    use super::*;

    /// A list page of `items` records in a table or in cards: before the items, the items,
    /// after them.
    fn parts(items: usize, table: bool) -> (String, Vec<String>, String) {
        let mut before = String::from("<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>t</title>\n<style>p { color : red }</style></head><body>\n<main><h1> 列表 </h1>\n");
        before.push_str(if table {
            "<table><thead><tr><th>名称</th></tr></thead>\n<tbody>\n"
        } else {
            "<ul class=\"cards\">\n"
        });
        let items = (0..items)
            .map(|i| {
                if table {
                    format!("<tr>\n<td><a href=\"bases/r{i}/\"> 场所 {i} </a></td>\n<td>0482-{i:07}</td>\n</tr>\n")
                } else {
                    format!("<li class=\"card\">\n<h2 class=\"card-title\"><a href=\"bases/r{i}/\">场所 {i}</a></h2>\n<p>地址： 乌兰浩特市 {i} 号 </p>\n<ul class=\"tel\"><li><a href=\"tel:0482{i}\">0482 {i}</a></li></ul>\n</li>\n")
                }
            })
            .collect();
        let mut after = String::from(if table { "</tbody>\n</table>\n" } else { "</ul>\n" });
        after.push_str("<p>共 <b>1</b> 页</p><script>var a = 1 < 2;</script></main></body></html>\n");
        (before, items, after)
    }

    fn page(items: usize, table: bool) -> String {
        let (before, items, after) = parts(items, table);
        format!("{before}{}{after}", items.concat())
    }

    #[test]
    fn items_minified_one_by_one_and_spliced_in_are_the_page_minified_whole() {
        for table in [false, true] {
            let (before, list, after) = parts(300, table);
            let (open, parent, tag) =
                if table { ("<tbody>", "tbody", "tr") } else { ("<ul class=\"cards\">", "ul", "li") };
            let parent = Parent::new(open.as_bytes(), parent.as_bytes());
            let run: Vec<u8> = list.iter().flat_map(|i| parent.items(i.as_bytes()).unwrap()).collect();
            let frame = format!("{before}{}{after}", String::from_utf8(placeholder(tag.as_bytes())).unwrap());
            let spliced = splice(frame.as_bytes(), [(tag.as_bytes(), run.as_slice())]).unwrap();
            let whole = minify_html::minify(page(300, table).as_bytes(), &cfg());
            assert_eq!(String::from_utf8(spliced).unwrap(), String::from_utf8(whole).unwrap(), "table: {table}");
        }
    }

    #[test]
    fn minifies_css_and_js_files() {
        let css = embedded(b"a {  color : red ; }\n", b"<style>", b"</style>");
        assert_eq!(css, b"a{color:red}");
        let js = embedded(b"(function () { var answer = 42; window.x = answer; })();", b"<script>", b"</script>");
        let js = String::from_utf8(js).unwrap();
        assert!(!js.contains("<script") && js.len() < 50, "{js}");
    }

    #[test]
    fn script_files_get_short_local_names() {
        let src = "(w => { var answer = 42, twice = n => n * answer; w.api = { twice }; })(window);";
        let out = String::from_utf8(js(src.as_bytes())).unwrap();
        assert!(!out.contains("answer") && out.contains("api") && out.contains("twice:"), "{out}");
        // Not parsed: minify-html's fallback, never the text lost.
        assert!(!js(b"var = ;").is_empty());
    }

    #[test]
    fn a_large_map_in_pieces_is_the_map_minified_whole() {
        let mut src = String::from("<!doctype html><html><body><figure><svg viewBox=\"0 0 600 679\" class=\"map\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        for i in 0..20_000 {
            src.push_str(&format!("<a href=\"../bases/r{i}/\"> <circle class=\"map-pt\" cx=\"{}.5\" cy=\"2\" r=\"3\" /><title>场所 {i}</title></a>\n", i % 600));
        }
        src.push_str("</svg></figure></body></html>");
        assert!(runs(src.as_bytes()).expect("plain nesting").len() > 10);
        assert_eq!(html(src.as_bytes()), minify_html::minify(src.as_bytes(), &cfg()));
    }

    #[test]
    fn a_large_page_in_pieces_is_the_page_minified_whole() {
        for table in [false, true] {
            let src = page(20_000, table);
            assert!(src.len() > SPLIT_ABOVE);
            let runs = runs(src.as_bytes()).expect("plain nesting");
            assert!(runs.len() > 10, "{} runs", runs.len());
            assert_eq!(html(src.as_bytes()), minify_html::minify(src.as_bytes(), &cfg()), "table: {table}");
        }
    }

    #[test]
    fn a_run_never_ends_before_something_other_than_an_item() {
        let mut src = page(20_000, false);
        // A paragraph after the items, inside their list: the last item keeps its end tag.
        src = src.replacen("</ul>\n<p>共", "<p>其他</p></ul>\n<p>共", 1);
        assert_eq!(html(src.as_bytes()), minify_html::minify(src.as_bytes(), &cfg()));
    }

    #[test]
    fn tags_that_do_not_nest_plainly_are_minified_whole() {
        let src = page(20_000, false).replacen("</h1>", "", 1);
        assert!(runs(src.as_bytes()).is_none());
        assert_eq!(html(src.as_bytes()), minify_html::minify(src.as_bytes(), &cfg()));
    }
}
