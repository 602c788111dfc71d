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

use std::ops::Range;

/// Pages smaller than this are minified whole.
const SPLIT_ABOVE: usize = 1 << 20;
/// Bytes of items minified together, about.
const RUN: usize = 1 << 17;

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
    if src.len() < SPLIT_ABOVE || contains(src, b"data-qingdan-run") {
        return whole();
    }
    match runs(src) {
        Some(runs) if !runs.is_empty() => pieces(src, &runs).unwrap_or_else(whole),
        _ => whole(),
    }
}

fn pieces(src: &[u8], runs: &Runs) -> Option<Vec<u8>> {
    // The page with each run replaced by one empty element of its items' name.
    let mut rest = Vec::with_capacity(src.len() / 4);
    let mut at = 0;
    for cut in runs {
        rest.extend_from_slice(&src[at..cut.range.start]);
        rest.extend_from_slice(&[b"<", cut.tag, b" data-qingdan-run></", cut.tag, b">"].concat());
        at = cut.range.end;
    }
    rest.extend_from_slice(&src[at..]);
    let rest = minify_html::minify(&rest, &cfg());
    let mut out = Vec::with_capacity(src.len());
    let mut at = 0;
    for cut in runs {
        let mark = [b"<", cut.tag, b" data-qingdan-run>"].concat();
        let found = find(&rest[at..], &mark)?;
        out.extend_from_slice(&rest[at..at + found]);
        at += found + mark.len();
        // The placeholder's end tag, where the minifier kept it.
        let end = [b"</", cut.tag, b">"].concat();
        if rest[at..].starts_with(&end) {
            at += end.len();
        }
        // The run inside its parent's tags, which are then taken off again.
        let (open, close) = (&src[cut.parent.clone()], [b"</", cut.parent_name, b">"].concat());
        let empty = minify_html::minify(&[open, &close].concat(), &cfg());
        let open = empty.strip_suffix(close.as_slice()).unwrap_or(&empty);
        let run = minify_html::minify(&[open, &src[cut.range.clone()], &close].concat(), &cfg());
        let run = run.strip_prefix(open)?;
        out.extend_from_slice(run.strip_suffix(close.as_slice()).unwrap_or(run));
    }
    out.extend_from_slice(&rest[at..]);
    Some(out)
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

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

/// Items gathered in one parent: where the first starts, where the last starts and ends.
#[derive(Clone, Copy)]
struct Run<'a> {
    start: usize,
    last: usize,
    end: usize,
    tag: &'a [u8],
}

/// An open element while scanning: its name, its start tag and the run of items in it.
struct Open<'a> {
    name: &'a [u8],
    tag: Range<usize>,
    run: Option<Run<'a>>,
}

/// A run cut out of a page: where, its items' name, its parent's start tag and name.
struct Cut<'a> {
    range: Range<usize>,
    tag: &'a [u8],
    parent: Range<usize>,
    parent_name: &'a [u8],
}

type Runs<'a> = Vec<Cut<'a>>;

const VOID: [&[u8]; 14] = [
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"!doctype",
];
const RAW: [&[u8]; 4] = [b"script", b"style", b"textarea", b"title"];

/// Ends the run of `open`: through its last item when another item or the parent's end follows
/// (`whole`), else through the item before it. A run with runs inside it is left whole, for
/// those are smaller (the `<body>` holding the lists, say).
fn end_run<'a>(open: &mut Open<'a>, runs: &mut Runs<'a>, whole: bool) {
    let Some(run) = open.run.take() else { return };
    let end = if whole { run.end } else { run.last };
    let inner = runs.last().is_some_and(|c| c.range.start >= run.start);
    if end - run.start >= RUN / 8 && !open.name.is_empty() && !inner {
        runs.push(Cut { range: run.start..end, tag: run.tag, parent: open.tag.clone(), parent_name: open.name });
    }
}

/// Runs of sibling elements of one name, in document order, none inside another; `None` when
/// the document's tags do not nest plainly (an end tag left out, a stray one).
fn runs(src: &[u8]) -> Option<Runs<'_>> {
    let mut runs = Runs::new();
    let mut stack = vec![Open { name: b"", tag: 0..0, run: None }];
    let mut i = 0;
    while let Some(lt) = src[i..].iter().position(|&b| b == b'<') {
        if !src[i..i + lt].iter().all(u8::is_ascii_whitespace) {
            end_run(stack.last_mut()?, &mut runs, false);
        }
        let at = i + lt;
        let rest = &src[at..];
        if rest.starts_with(b"<!--") {
            i = at + find(rest, b"-->")? + 3;
            continue;
        }
        let end = at + tag_end(rest)?;
        i = end;
        let closing = rest.get(1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len =
            src[name_start..end].iter().position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>').unwrap_or(0);
        let name = &src[name_start..name_start + name_len];
        if closing {
            let mut open = stack.pop()?;
            if !open.name.eq_ignore_ascii_case(name) || stack.is_empty() {
                return None;
            }
            end_run(&mut open, &mut runs, true);
            if let Some(run) = &mut stack.last_mut()?.run {
                if run.tag.eq_ignore_ascii_case(name) {
                    run.end = end;
                }
            }
            continue;
        }
        let void = VOID.iter().any(|v| name.eq_ignore_ascii_case(v)) || src[..end].ends_with(b"/>");
        let raw = RAW.iter().any(|r| name.eq_ignore_ascii_case(r));
        if raw {
            let close = [b"</", name].concat();
            i += src[i..].windows(close.len()).position(|w| w.eq_ignore_ascii_case(&close))?;
        }
        let parent = stack.last_mut()?;
        match parent.run {
            _ if void || raw || name.is_empty() => end_run(parent, &mut runs, false),
            // A full run ends before this item, which starts the next.
            Some(run) if run.tag.eq_ignore_ascii_case(name) && run.end - run.start >= RUN => {
                end_run(parent, &mut runs, true);
                parent.run = Some(Run { start: at, last: at, end: at, tag: name });
            }
            Some(run) if run.tag.eq_ignore_ascii_case(name) => parent.run = Some(Run { last: at, ..run }),
            _ => {
                end_run(parent, &mut runs, false);
                parent.run = Some(Run { start: at, last: at, end: at, tag: name });
            }
        }
        if !void {
            stack.push(Open { name, tag: at..end, run: None });
        }
    }
    (stack.len() == 1).then_some(runs)
}

/// Length of the tag starting `rest` (at its `<`), through its `>`, quotes respected.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in rest.iter().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i + 1),
            None => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: usize, table: bool) -> String {
        let mut s = String::from("<!doctype html><html lang=zh-CN><head><meta charset=utf-8><title>t</title>\n<style>p { color : red }</style></head><body>\n<main><h1> 列表 </h1>\n");
        s.push_str(if table {
            "<table><thead><tr><th>名称</th></tr></thead>\n<tbody>\n"
        } else {
            "<ul class=\"cards\">\n"
        });
        for i in 0..items {
            if table {
                s.push_str(&format!(
                    "<tr>\n<td><a href=\"bases/r{i}/\"> 场所 {i} </a></td>\n<td>0482-{i:07}</td>\n</tr>\n"
                ));
            } else {
                s.push_str(&format!("<li class=\"card\">\n<h2 class=\"card-title\"><a href=\"bases/r{i}/\">场所 {i}</a></h2>\n<p>地址： 乌兰浩特市 {i} 号 </p>\n<ul class=\"tel\"><li><a href=\"tel:0482{i}\">0482 {i}</a></li></ul>\n</li>\n"));
            }
        }
        s.push_str(if table { "</tbody>\n</table>\n" } else { "</ul>\n" });
        s.push_str("<p>共 <b>1</b> 页</p><script>var a = 1 < 2;</script></main></body></html>\n");
        s
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
