#!/usr/bin/env python3
"""Sum a `perf script` of a qingdan build by build stage and by kind of work.

    perf record -F 149 --call-graph dwarf,16384 -o perf.data -- qingdan build ... --timings
    perf script -i perf.data -F comm,tid,period,ip,sym,dso > perf.txt
    python3 bench/profile-summary.py perf.txt

A sample's stage is the build stage (as `--timings` names them) of the first rule in STAGES
that matches a frame of its stack. Its kind is the first rule below
that matches any frame of the stack, so time spent in malloc, memcpy or the kernel on behalf
of a library is counted with that library (a write(2) under minify-html's caller is "file
writes", an allocation inside Tera is "Tera rendering"). Samples are CPU time of all threads.
"""

import collections
import re
import sys

# (kind, regex on a frame's symbol); first match over the whole stack wins, in this order.
KINDS = [
    ("QR codes", r"^<?(qrcode::|qingdan::qr::)"),
    ("minify-html", r"^<?minify_html::"),
    ("HTML sanitising (ammonia)", r"^<?ammonia::"),
    ("Markdown (pulldown-cmark)", r"^<?pulldown_cmark::"),
    ("Tera rendering", r"^<?tera::"),
    ("YAML parsing (serde-saphyr)", r"^<?(serde_saphyr|saphyr|granit_parser)"),
    ("opening hours (parsing, words)", r"^<?(opening_hours|qingdan::hours::)"),
    ("search tokenisation (pinyin, character pairs)", r"^<?qingdan::(analyze|index::tokens)"),
    ("search term ids (vocabulary, LEB128, temporary files)", r"^<?qingdan::(index::build|terms::)"),
    ("search postings (passes, blocks, encoding)", r"^<?qingdan::(search_files::export|postings::)"),
    ("JSON/CSV/GeoJSON/HSDS data export", r"^<?qingdan::(export|hsds)::"),
    ("page views (records to Tera contexts)", r"^<?qingdan::views::"),
    ("page cache keys (hashing values)", r"^<?qingdan::cache::"),
    ("file writes (write, create, mkdir, link, close)", r"^(__GI___libc_write|__libc_write|write|__libc_open64|__open64|open64|mkdir|__mkdir|__close|close|link|ksys_write|__x64_sys_(write|openat|mkdir|close|link))$|^std::fs::(write|DirBuilder|File::create|hard_link)|^std::fs::create_dir_all"),
    ("file reads", r"^(read|__libc_read|__GI___libc_read)$|^std::fs::read"),
    ("validation and the directory model", r"^<?qingdan::(validate|record|config|directory|values|load|geo)::"),
    ("SVG map, feeds, quality page", r"^<?qingdan::(map|feeds|quality)::"),
    ("vCards", r"^<?qingdan::card::"),
    ("thread start-up, exit and page faults", r"^(_dl_|exit|__libc_start_main|asm_exc_page_fault)"),
]
KINDS = [(k, re.compile(r)) for k, r in KINDS]

STAGES = [
    # checked in this order against every frame, as `--timings` names the stages
    ("search: tokens", r"^qingdan::index::build"),
    ("search: export", r"^qingdan::(search_files::export|postings::)"),
    ("search: write", r"^qingdan::search_files::write"),
    ("list pages", r"^qingdan::render::Pages::lists"),
    ("pages", r"^qingdan::render::"),
    ("other files", r"^qingdan::write_files"),
    ("other outputs", r"^qingdan::(outputs::|export::write)"),
    ("commit", r"^qingdan::output::Sink::commit"),
    ("load and check", r"^qingdan::(load|validate|config)|^<?(serde_saphyr|granit_parser)"),
]
STAGES = [(k, re.compile(r)) for k, r in STAGES]


def samples(path):
    cur = None
    for line in open(path, encoding="utf-8", errors="replace"):
        if not line.strip():
            if cur is not None:
                yield cur
            cur = None
            continue
        if not line.startswith((" ", "\t")):
            parts = line.split()
            period = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1
            cur = (period, [])
            continue
        m = re.match(r"\s*[0-9a-f]+ (.*) \((.*)\)\s*$", line)
        if m and cur is not None:
            cur[1].append(m.group(1))
    if cur is not None:
        yield cur


def main(path):
    by_kind = collections.Counter()
    by_stage = collections.Counter()
    by_stage_kind = collections.defaultdict(collections.Counter)
    total = 0
    for period, frames in samples(path):
        total += period
        kind = "other"
        for name, rx in KINDS:
            if any(rx.search(f) for f in frames):
                kind = name
                break
        if kind == "other" and frames and frames[0].startswith(("_int_malloc", "malloc", "_int_free", "cfree", "free", "realloc", "malloc_consolidate", "unlink_chunk")):
            kind = "other (allocator)"
        stage = next((n for n, rx in STAGES if any(rx.search(f) for f in frames)), "outside the stages (start-up, warnings, exit)")
        by_kind[kind] += period
        by_stage[stage] += period
        by_stage_kind[stage][kind] += period
    print(f"{total / 1e9:.1f} s of CPU sampled\n")
    print("by stage:")
    for k, v in by_stage.most_common():
        print(f"  {100 * v / total:5.1f}%  {k}")
        for kk, vv in by_stage_kind[k].most_common(8):
            print(f"           {100 * vv / total:5.1f}%  {kk}")
    print("\nby kind of work:")
    for k, v in by_kind.most_common():
        print(f"  {100 * v / total:5.1f}%  {k}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
