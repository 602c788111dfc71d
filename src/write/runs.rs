//! Runs of sibling elements of one name in a page (`<li>`, `<tr>`, the map's `<a>`): what
//! [`super::minify::html`] cuts out of a large page to minify apart.

use super::minify::{find, RUN};
use std::ops::Range;

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
pub(super) struct Cut<'a> {
    pub range: Range<usize>,
    pub tag: &'a [u8],
    pub parent: Range<usize>,
    pub parent_name: &'a [u8],
}

pub(super) type Runs<'a> = Vec<Cut<'a>>;

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
pub(super) fn runs(src: &[u8]) -> Option<Runs<'_>> {
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
