// Bytes a search costs a visitor: runs the minified client under Node over a built site and
// adds up the gzip size of every file each query loads (the script, meta, facets, shards and
// contact chunks). A cold first query pays for the script too; later queries only for files
// not loaded before.
//
//   node bench/search-bytes.mjs <public dir> [query …]
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

const [site, ...args] = process.argv.slice(2);
const queries = args.length ? args : ['科技', '博物馆', 'kjg', '五一会址', 'wlht 博物馆', '阿尔山 森林', '突泉 劳动教育', '消防'];
const version = fs.readdirSync(path.join(site, 'search')).find((d) => /^[0-9a-f]{8}$/.test(d));
const dir = path.join(site, 'search', version);
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 6 }).length;
const script = path.join(site, 'static', 'search.js');

function engineWith(seen) {
  const sandbox = {};
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(script, 'utf8'), sandbox);
  return sandbox.qingdanSearch.create((name) => {
    const file = path.join(dir, `${name}.js`);
    seen.add(file);
    let data;
    vm.runInNewContext(fs.readFileSync(file, 'utf8'), { qdSearchLoad: (n, d) => { data = d; } });
    return Promise.resolve(data);
  });
}

const blank = { county: [], category: [], theme: [], grade: [], free: false, nobooking: false, open: '', near: '' };
const now = new Date(2026, 10, 29, 10, 0);
const rows = [];
const kb = (b) => (b / 1024).toFixed(1);
// Each query cold (a new visitor), then all queries in one visit.
for (const q of queries) {
  const seen = new Set();
  const t0 = process.hrtime.bigint();
  const res = await engineWith(seen).search({ ...blank, q }, now);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const bytes = gz(script) + [...seen].reduce((s, f) => s + gz(f), 0);
  rows.push({ q, results: res.total, files: seen.size + 1, kb: kb(bytes), ms: ms.toFixed(0) });
}
const seen = new Set();
const engine = engineWith(seen);
const further = [];
let before = 0;
for (const q of queries) {
  await engine.search({ ...blank, q }, now);
  const total = [...seen].reduce((s, f) => s + gz(f), 0);
  further.push(kb(total - before));
  before = total;
}
console.log(`index ${dir}: ${fs.readdirSync(path.join(dir, 't')).length} shards, ${fs.readdirSync(path.join(dir, 'c')).length} contact chunks`);
console.log('query\tresults\tfiles\tfirst query KiB gz\tms (Node)\tas a further query KiB gz');
rows.forEach((r, i) => console.log(`${r.q}\t${r.results}\t${r.files}\t${r.kb}\t${r.ms}\t${i ? further[i] : '-'}`));
