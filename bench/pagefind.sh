#!/usr/bin/env bash
# Index a built qingdan site with Pagefind (for comparison with qingdan's own search) and print
# the cost: wall time, CPU time, peak memory, index size. Not run by the tests.
#
#   bench/pagefind.sh SITE_DIR OUT_DIR        e.g. bench/pagefind.sh /tmp/site10k /tmp/pf10k
#
# OUT_DIR is (re)created as a hard-linked copy of SITE_DIR (cp -al: no extra space; Pagefind only
# adds files), the bundle goes to OUT_DIR/pagefind/, and two test pages are added:
# OUT_DIR/pf.html (Pagefind's JS API: search(q), then data() of the first 10 results, as a results
# list needs) and OUT_DIR/pf-ui.html (Pagefind's default UI). Serve OUT_DIR on 127.0.0.1 to try them.
# Needs npm and network access to the npm registry; PAGEFIND_VERSION (default 1) picks the version.
# The npm package of a platform ships only `pagefind_extended` (CJK segmentation), which is used.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 SITE_DIR OUT_DIR" >&2; exit 2; }
site=$(cd "$1" && pwd)
out=$2
[ -f "$site/index.html" ] || { echo "$site: no index.html (build the site first)" >&2; exit 2; }
case "$(realpath -m "$out")/" in "$site"/*) echo "OUT_DIR must not be SITE_DIR or inside it" >&2; exit 2 ;; esac

work=$(mktemp -d /tmp/pagefind-npm.XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "pagefind@${PAGEFIND_VERSION:-1}")
bin=$(ls "$work"/node_modules/@pagefind/*/bin/pagefind_extended 2>/dev/null | head -n1 || true)
[ -n "$bin" ] || bin=$(ls "$work"/node_modules/@pagefind/*/bin/pagefind | head -n1)
echo "pagefind: $("$bin" --version) ($bin)"

rm -rf "$out"
cp -al "$site" "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/pagefind"

# Run the binary itself (not the npx wrapper) so time(1) measures the indexer alone.
# --root-selector body: qingdan's minified pages omit the optional </head> (and </body></html>).
# Pagefind's default root is `html` and it drops `html head` until head's end tag, which its
# streaming parser (lol_html) never sees, so by default every page is dropped ("Indexed 0 pages").
# Rooted at body, the exclusions (nav, footer, form, label, script...) still apply inside body;
# the result title is then the page's first <h1> (Pagefind prefers that over <title> anyway).
# PAGEFIND_ARGS adds options, e.g. PAGEFIND_ARGS="--glob bases/**/*.html" for place pages only.
read -r -a extra <<<"${PAGEFIND_ARGS:-}"   # split on spaces, no globbing
/usr/bin/time -v -o "$work/time.txt" "$bin" --site "$out" --root-selector body ${extra[@]+"${extra[@]}"} >"$work/log.txt" 2>&1 || { cat "$work/log.txt"; exit 1; }
grep -E 'Found|Indexed|Total|Finished|language|Note|warn|error' "$work/log.txt" || true

field() { sed -n "s/^[[:space:]]*$1: //p" "$work/time.txt"; }
user=$(field 'User time (seconds)')
sys=$(field 'System time (seconds)')
echo "wall clock:        $(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)')"
echo "CPU user+sys:      ${user} + ${sys} = $(printf %.2f "$(echo "$user + $sys" | bc)") s  ($(field 'Percent of CPU this job got'))"
echo "peak RSS:          $(field 'Maximum resident set size (kbytes)') KiB"
pf=$out/pagefind
echo "index files:       $(find "$pf" -type f | wc -l) ($(find "$pf" -name '*.pf_fragment' | wc -l) fragment, $(find "$pf" -name '*.pf_index' | wc -l) index, $(find "$pf" -name '*.pf_filter' | wc -l) filter)"
echo "index bytes:       $(du -sb "$pf" | cut -f1) apparent, $(du -sk "$pf" | cut -f1) KiB on disk"

cat >"$out/pf.html" <<'EOF'
<!doctype html><html lang=zh-CN><meta charset=utf-8><meta name=viewport content="width=device-width,initial-scale=1">
<title>Pagefind API</title>
<form id=f><input name=q type=search autocomplete=off aria-label=搜索></form><p id=n></p><ol id=out></ol>
<script type=module>
const pagefind = await import('/pagefind/pagefind.js');
const q = document.querySelector('[name=q]'), out = document.getElementById('out'), n = document.getElementById('n');
let seq = 0;
async function run() {
  const my = ++seq, r = await pagefind.debouncedSearch(q.value, {}, 120);
  if (!r || my !== seq) return;
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  if (my !== seq) return;
  n.textContent = r.results.length + ' results';
  out.replaceChildren(...data.map((d) => Object.assign(document.createElement('li'), { textContent: d.meta.title + ' — ' + d.url })));
}
q.addEventListener('input', run);
document.getElementById('f').addEventListener('submit', (e) => { e.preventDefault(); run(); });
window.pagefindSearch = async (s) => { const r = await pagefind.search(s); const d = await Promise.all(r.results.slice(0, 10).map((x) => x.data())); return { total: r.results.length, unfiltered: r.unfilteredResultCount, first: d.map((x) => [x.url, x.meta.title]) }; };
</script>
EOF
cat >"$out/pf-ui.html" <<'EOF'
<!doctype html><html lang=zh-CN><meta charset=utf-8><meta name=viewport content="width=device-width,initial-scale=1">
<title>Pagefind UI</title>
<link href=/pagefind/pagefind-ui.css rel=stylesheet><script src=/pagefind/pagefind-ui.js></script>
<div id=search></div>
<script>window.addEventListener('DOMContentLoaded', () => new PagefindUI({ element: '#search', showSubResults: false }));</script>
EOF
echo "test pages:        $out/pf.html  $out/pf-ui.html   (python3 -m http.server 8790 --bind 127.0.0.1 --directory $out)"
