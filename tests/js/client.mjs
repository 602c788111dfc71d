// Runs the browser search client under Node, for the parity test against `qingdan search`.
//
//   node tests/js/client.mjs <public/search/<version>> <YYYY-MM-DDTHH:MM> < queries.jsonl
//
// Each input line is a query object as taken by engine.search ({q, county: [], …, limit}); each
// output line is {"ids": [top `limit` (10) record ids], "total", "mode", "counts", "named": county
// ids the query named, "plain": {ids, total, mode} of the same query without counts, "blocks": how
// many later posting blocks (p/<k>-<j>) the query loaded}. The script is the MINIFIED
// search.js the build wrote to <public>/static/search.js, so this covers what browsers get.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const [dir, when] = process.argv.slice(2);
const at = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(when || '');
if (!dir || !at) {
  console.error('usage: node tests/js/client.mjs <public/search/VERSION> <YYYY-MM-DDTHH:MM> < queries.jsonl');
  process.exit(2);
}
const now = new Date(+at[1], at[2] - 1, +at[3], +at[4], +at[5]);

const script = path.join(path.resolve(dir), '..', '..', 'static', 'search.js');
const sandbox = {};
sandbox.window = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(script, 'utf8'), sandbox, { filename: script });
const api = sandbox.qingdanSearch;
if (!api || typeof api.create !== 'function') {
  console.error(`${script} does not define window.qingdanSearch`);
  process.exit(1);
}

// Index files are scripts `qdSearchLoad("name", {...});`: evaluate them as the browser would.
let blocks = 0;
function load(name) {
  if (/^p\/\d+-\d+$/.test(name)) blocks++;
  const file = path.join(dir, `${name}.js`);
  return new Promise((resolve, reject) => {
    let got;
    vm.runInNewContext(fs.readFileSync(file, 'utf8'), {
      qdSearchLoad: (n, data) => { if (n === name) got = { data }; },
    }, { filename: file });
    got ? resolve(got.data) : reject(new Error(`${file} did not call qdSearchLoad("${name}", …)`));
  });
}

const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));

const engine = api.create(load);
const lines = fs.readFileSync(0, 'utf8').split('\n').filter((l) => l.trim());
for (const line of lines) {
  blocks = 0;
  const query = JSON.parse(line);
  // Without the counts first: then only the facet columns the filters read are loaded.
  const plain = await engine.search({ ...query }, now);
  const res = await engine.search({ ...query, counts: true }, now);
  const c = res.counts;
  const ids = (r) => r.results.slice(0, query.limit || 10).map((x) => x.id);
  console.log(JSON.stringify({
    ids: ids(res),
    plain: { ids: ids(plain), total: plain.total, mode: plain.mode },
    named: res.named.map((x) => x.id),
    understood: res.understood,
    blocks,
    total: res.total,
    mode: res.mode,
    counts: {
      county: sorted(c.county), category: sorted(c.category), theme: sorted(c.theme), grade: sorted(c.grade),
      free: c.free, nobooking: c.nobooking, green: c.green,
    },
  }));
}
