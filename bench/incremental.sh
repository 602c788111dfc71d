#!/usr/bin/env bash
# Incremental builds and the preview, at each size: a full build, the same build again with
# nothing changed, the build after one record's name changed, and how long `qingdan serve` takes
# from saving an edit to serving the edited record page and its county list. Prints a Markdown
# table (a copy is kept in $BENCH_DIR/incremental.md).
#
#   bench/incremental.sh [SIZES...]        default: 1000 10000 100000
#
# Environment:
#   BENCH_DIR   work folder (default /tmp/qingdan-bench); generated data is kept and reused
#   QINGDAN     qingdan binary (default target/release/qingdan, built by this script)
#   GEN         generator (default target/release/examples/gen, built by this script)
#   EDITS       edits timed in serve per size (default 3; the median is reported)
#   TODAY       --today (default 2026-11-29)
# Needs curl and GNU time. Wall times are one run each, on whatever else the machine is doing:
# compare the three builds of one size with each other, not with other runs.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
bench=${BENCH_DIR:-/tmp/qingdan-bench}
edits=${EDITS:-3}
today=${TODAY:-2026-11-29}
command -v curl >/dev/null || { echo "$0: needs curl" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "$0: needs GNU time at /usr/bin/time" >&2; exit 2; }
if [ -z "${QINGDAN:-}" ] || [ -z "${GEN:-}" ]; then
    (cd "$repo" && cargo build --release --quiet --bin qingdan --example gen) >&2
fi
qingdan=$(realpath "${QINGDAN:-$repo/target/release/qingdan}")
gen=$(realpath "${GEN:-$repo/target/release/examples/gen}")
mkdir -p "$bench"

# Seconds of wall time of one build ($1: output folder, rest: options). The previous build's
# files are flushed to disk first: a full build leaves 600 MB at 10,000 records, and the kernel
# writing them back slowed the next build by half again.
timed_build() {
    local out=$1; shift
    sync
    /usr/bin/time -f '%e' -o "$bench/time" "$qingdan" build --content "$content" --output "$out" \
        --today "$today" "$@" >/dev/null 2>&1
    cat "$bench/time"
}

# Renames the record $1 (a file), appending $2 to its name.
rename() {
    sed -i -E "0,/^name: /s/^name: \"?([^\"]*)\"?\$/name: \"\\1$2\"/" "$1"
}

# The search index folder the search page of the server on port $1 names.
index() { curl -s "http://127.0.0.1:$1/search/" | grep -o 'search/[0-9a-f]*/' | head -n 1 || true; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report="$bench/incremental.md"
{
    echo "| records | full build | nothing changed | one record changed | ratio (nothing / one) | serve: edit to page | serve: edit to county list |"
    echo "|---|---|---|---|---|---|---|"
} >"$report"
for n in "${sizes[@]}"; do
    content="$bench/gen-$n"
    [ -d "$content/bases" ] || "$gen" --records "$n" --out "$content" >/dev/null
    records=("$content"/bases/ulanhot/*.md)
    record=${records[0]}
    id=$(basename "$record" .md)
    # Put back after the run, so that repeated runs do not lengthen the name past its limit.
    cp "$record" "$bench/original.md"
    out="$bench/inc-$n"
    rm -rf "$out" "$bench/.inc-$n.qingdan-"*
    full=$(timed_build "$out" --no-cache)
    # The cache is written by a build with it: this one is the "first" build of the series.
    timed_build "$out" >/dev/null
    same=$(timed_build "$out")
    rename "$record" "改"
    one=$(timed_build "$out")

    port=$((20000 + RANDOM % 20000))
    "$qingdan" serve --content "$content" --port "$port" --today "$today" >"$bench/serve-$n.log" 2>&1 &
    pid=$!
    until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.2; done
    pages=() lists=()
    before=$(index "$port")
    for i in $(seq "$edits"); do
        mark="改$i$RANDOM"
        rename "$record" "$mark"
        t0=$(date +%s.%N)
        until curl -s "http://127.0.0.1:$port/bases/$id/" | grep -q "$mark"; do sleep 0.01; done
        t1=$(date +%s.%N)
        until curl -s "http://127.0.0.1:$port/counties/ulanhot/" | grep -q "$mark"; do sleep 0.01; done
        t2=$(date +%s.%N)
        pages+=("$(echo "$t1 - $t0" | bc)") lists+=("$(echo "$t2 - $t0" | bc)")
        # The search index follows; the search page names the new one when it is in.
        until [ "$(index "$port")" != "$before" ]; do sleep 0.2; done
        before=$(index "$port")
    done
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    cp "$bench/original.md" "$record"
    page=$(printf '%s\n' "${pages[@]}" | median)
    list=$(printf '%s\n' "${lists[@]}" | median)
    ratio=$(echo "scale=3; $same / $full; $one / $full" | bc | paste -sd/ -)
    printf '| %s | %s s | %s s | %s s | %s | %.2f s | %.2f s |\n' \
        "$n" "$full" "$same" "$one" "$ratio" "$page" "$list" >>"$report"
    rm -rf "$out"
done
cat "$report"
echo "qingdan: $qingdan ($(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo '?')), $(nproc) cores, $(date -u +%F)"
