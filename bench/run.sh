#!/usr/bin/env bash
# Full build of generated directories with qingdan and with Hugo, side by side in one run:
# wall time, CPU time (user+sys) and peak memory (max RSS) of each build, and the ratio
# qingdan/Hugo. Prints a Markdown report on stdout (and keeps a copy in $BENCH_DIR/report.md).
#
#   bench/run.sh [SIZES...]          default: 1000 10000 100000
#
# For each size: examples/gen writes the records, bench/hugo/convert.py turns them into a Hugo
# site, then the builds run alternately (qingdan, Hugo, Hugo, qingdan, ...) from an empty output
# folder of its own each time; 3 runs each below 100,000 records (median reported), 1 run from
# 100,000.
# qingdan builds with search index and minification (`build --timings`, everything it writes,
# with `--no-cache` where the binary has incremental builds); where it has them, one more
# qingdan build after one record's description changed measures the incremental rebuild;
# Hugo builds the same pages with `--minify` and no search index (see bench/hugo/convert.py).
#
# Environment:
#   BENCH_DIR   work folder for data and outputs (default /tmp/qingdan-bench)
#   QINGDAN     qingdan binary (default: target/release/qingdan, built by this script)
#   GEN         generator binary (default: target/release/examples/gen, built by this script)
#   HUGO        hugo binary (default: hugo on PATH; Debian: apt-get install hugo)
#   RUNS        runs per tool below 100,000 records (default 3); RUNS_LARGE from 100,000 (default 1)
#   TODAY       --today of the qingdan build and the Hugo site (default 2026-11-29)
#   KEEP=1      keep the last outputs (by default they are deleted after each size)
#   SETTLE      seconds of rest after `sync`, before each build (default 5)
#   RECENT      seconds to wait after deleting a previous benchmark's files, before the first
#               build (default 370; see below)
#
# No file is deleted between builds: every build writes a new folder, and all of them are
# deleted at the end. ext4 without a journal (as on the benchmark VM) does not reuse an inode
# for 60 s after it was freed, or 360 s while its inode table block is dirty (and making a
# file beside it dirties it): each new file then scans past every such inode of its group. A
# qingdan build started 35 s after deleting the last output took 10-14 s instead of 7 s
# (8-15 s of system time instead of 1.6-3), and Hugo suffered the same way.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
for s in "${sizes[@]}"; do
    [[ $s =~ ^[0-9]+$ && $s -gt 0 ]] || { echo "usage: $0 [SIZES...]  (record counts, e.g. 1000 10000)" >&2; exit 2; }
done
bench=${BENCH_DIR:-/tmp/qingdan-bench}
runs_small=${RUNS:-3}
runs_large=${RUNS_LARGE:-1}
today=${TODAY:-2026-11-29}
settle=${SETTLE:-5}
recent=${RECENT:-370}
hugo=${HUGO:-hugo}
timecmd=/usr/bin/time
[ -x "$timecmd" ] || { echo "$0: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v "$hugo" >/dev/null || { echo "$0: no hugo (apt-get install -y --no-install-recommends hugo, or set HUGO)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "$0: needs python3 for bench/hugo/convert.py" >&2; exit 2; }

if [ -z "${QINGDAN:-}" ] || [ -z "${GEN:-}" ]; then
    echo "building qingdan and the generator: cargo build --release --bin qingdan --example gen" >&2
    (cd "$repo" && cargo build --release --quiet --bin qingdan --example gen) >&2
fi
qingdan=$(realpath "${QINGDAN:-$repo/target/release/qingdan}")
gen=$(realpath "${GEN:-$repo/target/release/examples/gen}")
hugo=$(command -v "$hugo")
mkdir -p "$bench"
bench=$(cd "$bench" && pwd)
report=$bench/report.md
: >"$report"
out() { printf '%s\n' "$*" | tee -a "$report"; }

# --- machine and versions -------------------------------------------------------------------
qd_version=$("$qingdan" --version 2>/dev/null || true)
# a full build every time: no incremental cache, where the binary has one
no_cache=
if "$qingdan" build --help 2>&1 | grep -q -- --no-cache; then no_cache=--no-cache; fi
git_rev=$(git -C "$repo" describe --always --dirty 2>/dev/null || echo unknown)
out "## Full build against Hugo ($(date -u +%Y-%m-%d))"
out ""
out "- machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) memory, $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
out "- qingdan: ${qd_version:-?} (${qingdan}); scripts from the repository at ${git_rev}; $(rustc --version 2>/dev/null || echo 'rustc: not found')"
out "- Hugo: $("$hugo" version | head -n1)"
out "- converter: $(python3 --version) bench/hugo/convert.py"
out "- runs: ${runs_small} per tool below 100,000 records (median of each column), ${runs_large} from 100,000; tools alternate"
out ""
out "Commands (per size N and run I, each into a new folder; \`sync\` and ${settle} s of rest before each run; nothing deleted until all runs are done):"
out ""
out '```sh'
out "$gen --records N --out $bench/gen-N"
out "python3 bench/hugo/convert.py $bench/gen-N $bench/hugo-N --today $today"
out "$timecmd -v $qingdan build --content $bench/gen-N --output $bench/out-qingdan-N-I --today $today --timings${no_cache:+ $no_cache}"
out "$timecmd -v $hugo --source $bench/hugo-N --destination $bench/out-hugo-N-I --minify --quiet"
out '```'
out ""

# --- helpers ----------------------------------------------------------------------------------
field() { sed -n "s/^[[:space:]]*$1: //p" "$2"; }
wall_seconds() { # h:mm:ss or m:ss.cc -> seconds
    awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<<"$1"
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'; }

# run TOOL SIZE RUN: one build, appends "wall cpu rss_kib" to $bench/N.TOOL.txt
run() {
    local tool=$1 n=$2 i=$3 dest log tf
    dest=$bench/out-$tool-$n-$i
    log=$bench/log-$tool-$n-$i.txt
    tf=$bench/time-$tool-$n-$i.txt
    sync
    sleep "$settle"
    if [ "$tool" = qingdan ]; then
        set -- "$qingdan" build --content "$bench/gen-$n" --output "$dest" --today "$today" --timings ${no_cache:+"$no_cache"}
    else
        rm -rf "$bench/hugo-$n/resources" "$bench/hugo-$n/.hugo_build.lock"
        set -- "$hugo" --source "$bench/hugo-$n" --destination "$dest" --minify --quiet
    fi
    # qingdan exits 0 with warnings (records not verified for 12 months); anything else is a failure
    if ! "$timecmd" -v -o "$tf" "$@" >"$log" 2>&1; then
        echo "$tool build of $n records failed (run $i); last lines of $log:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    local w u s r
    w=$(wall_seconds "$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$tf")")
    u=$(field 'User time (seconds)' "$tf")
    s=$(field 'System time (seconds)' "$tf")
    r=$(field 'Maximum resident set size (kbytes)' "$tf")
    echo "$w $(awk "BEGIN { print $u + $s }") $r" >>"$bench/$n.$tool.txt"
    printf '  %-7s run %d: wall %6.2f s, CPU %6.2f s, peak %5d MiB\n' "$tool" "$i" "$w" "$(awk "BEGIN { print $u + $s }")" $((r / 1024)) >&2
}

col() { awk -v c="$1" '{ print $c }' "$2" | median; }

# The last benchmark's files, deleted once and long enough before the first build (see RECENT).
old=$(find "$bench" -mindepth 1 -maxdepth 1 \( -name 'out-*' -o -name 'gen-*' -o -name 'hugo-*' -o -name '.out-*' \) | head -n1)
if [ -n "$old" ]; then
    echo "deleting the last benchmark's files in $bench, then waiting ${recent} s" >&2
    find "$bench" -mindepth 1 -maxdepth 1 \( -name 'out-*' -o -name 'gen-*' -o -name 'hugo-*' -o -name '.out-*' \) -exec rm -rf {} +
    sync
    sleep "$recent"
fi

rows=()
notes=()
for n in "${sizes[@]}"; do
    echo "== $n records" >&2
    rm -f "$bench/$n.qingdan.txt" "$bench/$n.hugo.txt"
    "$gen" --records "$n" --out "$bench/gen-$n" >&2
    python3 "$repo/bench/hugo/convert.py" "$bench/gen-$n" "$bench/hugo-$n" --today "$today" >&2
    r=$runs_small
    [ "$n" -lt 100000 ] || r=$runs_large
    for i in $(seq 1 "$r"); do
        if [ $((i % 2)) -eq 1 ]; then run qingdan "$n" "$i"; run hugo "$n" "$i"; else run hugo "$n" "$i"; run qingdan "$n" "$i"; fi
    done

    qw=$(col 1 "$bench/$n.qingdan.txt"); qc=$(col 2 "$bench/$n.qingdan.txt"); qr=$(col 3 "$bench/$n.qingdan.txt")
    hw=$(col 1 "$bench/$n.hugo.txt"); hc=$(col 2 "$bench/$n.hugo.txt"); hr=$(col 3 "$bench/$n.hugo.txt")
    rows+=("$(awk -v n="$n" -v qw="$qw" -v qc="$qc" -v qr="$qr" -v hw="$hw" -v hc="$hc" -v hr="$hr" -v r="$r" 'BEGIN {
        printf "| %d | %d | %.2f s | %.2f s | %d | %.2f s | %.2f s | %d | %.2f | %.2f |", n, r, qw, qc, qr/1024, hw, hc, hr/1024, qw/hw, qc/hc }')")

    # page counts: qingdan also writes map/ and data/ pages, which the Hugo site does not have
    qd=$bench/out-qingdan-$n-$r; hd=$bench/out-hugo-$n-$r
    q_html=$(find "$qd" -name '*.html' | wc -l)
    q_same=$(find "$qd" -name '*.html' -not -path "$qd/map/*" -not -path "$qd/data/*" | wc -l)
    h_html=$(find "$hd" -name '*.html' | wc -l)
    q_rec=$(find "$qd/bases" -name index.html | wc -l)
    h_rec=$(find "$hd/bases" -name index.html | wc -l)
    q_files=$(find "$qd" -type f | wc -l); h_files=$(find "$hd" -type f | wc -l)
    q_mb=$(du -sm "$qd" | cut -f1); h_mb=$(du -sm "$hd" | cut -f1)
    q_page=$(find "$qd" -name '*.html' -not -path "$qd/map/*" -not -path "$qd/data/*" -print0 | du -cb --files0-from=- | tail -n1 | cut -f1)
    h_page=$(find "$hd" -name '*.html' -print0 | du -cb --files0-from=- | tail -n1 | cut -f1)
    notes+=("- $n records: qingdan $q_html HTML pages ($q_same without map/ and data/; $q_rec record pages), $q_files files, $q_mb MB; Hugo $h_html HTML pages ($h_rec record pages), $h_files files, $h_mb MB. HTML of the same pages: qingdan $((q_page / 1048576)) MiB, Hugo $((h_page / 1048576)) MiB.")
    if [ "$q_rec" -ne "$n" ] || [ "$h_rec" -ne "$n" ]; then
        echo "record pages do not match: qingdan $q_rec, Hugo $h_rec, expected $n" >&2
        exit 1
    fi
    diff=$((q_same > h_html ? q_same - h_html : h_html - q_same))
    [ $((diff * 100)) -le "$q_same" ] || echo "warning: page counts differ by more than 1%: qingdan $q_same, Hugo $h_html" >&2
    if [ "$n" -eq 10000 ] || [ ${#sizes[@]} -eq 1 ]; then
        timings=$(grep -E '^  [a-z:]' "$bench/log-qingdan-$n-$r.txt" || true)
        notes+=("- qingdan \`--timings\` at $n records (run $r): $(echo "$timings" | sed -E 's/^ +//; s/ +/ /g' | paste -sd ';' | sed 's/;/; /g')")
    fi
    if [ -n "$no_cache" ]; then
        # A rebuild after one record changes: a cached build first (untimed), then one record's
        # description edited and the build timed again (the edit is undone afterwards).
        inc=$bench/out-inc-$n
        "$qingdan" build --content "$bench/gen-$n" --output "$inc" --today "$today" >/dev/null 2>&1
        rec=$(find "$bench/gen-$n/bases" -name '*.md' | sort | sed -n 1p)
        cp "$rec" "$bench/edited.bak"
        printf '\n本馆新增一项研学活动。\n' >>"$rec"
        "$timecmd" -v -o "$bench/time-inc-$n.txt" "$qingdan" build --content "$bench/gen-$n" --output "$inc" --today "$today" --timings >"$bench/log-inc-$n.txt" 2>&1
        mv "$bench/edited.bak" "$rec"
        iw=$(wall_seconds "$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$bench/time-inc-$n.txt")")
        ic=$(awk "BEGIN { print $(field 'User time (seconds)' "$bench/time-inc-$n.txt") + $(field 'System time (seconds)' "$bench/time-inc-$n.txt") }")
        reused=$(grep -o '[0-9]* 个页面与上次相同' "$bench/log-inc-$n.txt" | cut -d' ' -f1 || true)
        notes+=("- $n records, rebuild after one record changed (\`$(basename "$rec")\`, cached): wall ${iw} s, CPU ${ic} s, ${reused:-0} files reused; full build median ${qw} s, so $(awk -v a="$qw" -v b="$iw" 'BEGIN { printf "%.1f", a / b }')× faster")
    fi
done
out "| records | runs | qingdan wall | qingdan CPU | qingdan peak MiB | Hugo wall | Hugo CPU | Hugo peak MiB | wall qingdan/Hugo | CPU qingdan/Hugo |"
out "|---|---|---|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do out "$row"; done
out ""
for note in "${notes[@]}"; do out "$note"; done
out "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
# Outputs are deleted only now (data too, unless KEEP=1), so that no build made files beside
# inodes freed moments before.
if [ "${KEEP:-}" != 1 ]; then
    find "$bench" -mindepth 1 -maxdepth 1 \( -name 'out-*' -o -name 'gen-*' -o -name 'hugo-*' -o -name '.out-*' \) -exec rm -rf {} +
fi

