// Search in a real browser: types each query into the home page search box of a served qingdan
// site (headless Chromium, phone viewport 390x844) and reports, per query, on a cold cache
// (a new browser context each time):
//   bytes   what the search cost: static/search.js (loaded with the page) plus every index file
//           (search/<version>/…) requested after the box got focus (meta, shards, contact
//           chunks); on the wire (headers + body, as the server sent them) and the gzip -6 size
//           of each body, for comparison with bench/search-bytes.mjs;
//   render  ms from the end of the last search-index response (responseEnd of the last
//           `search/<version>/` resource, Resource Timing) to the last update of the results list
//           (a MutationObserver on `.qs-out ol`; for a query without results, `.qs-out`), in the
//           page's clock; "paint" adds the next animation frame; goal: render < 50 ms;
//   index   ms from the end of the last index file other than contact chunks (meta, t/, p/) to
//           that update: scoring, then the chunks for the first ten cards (c/), then rendering;
//           "compute" is the part before the first chunk request;
//   total   ms from the query's (last) input event to that update (includes the client's 120 ms
//           debounce).
// The query is inserted with one input event (an IME commit or a paste); --delay MS types it
// key by key instead (Playwright's key press waits MS between down and up and MS before the next
// key, so a pause of 2*MS between ASCII keys can exceed the debounce and run a shorter query).
// The service worker is blocked by default so that its precache (docs.js, meta.js …) does not
// mix with the query's own requests; --sw allows it: the page's requests then come from the
// worker (0 bytes on the page's wire; gzip sizes still count), and "sw" is every byte the worker
// itself fetched (precache during the page load, then the query's index files).
//
//   python3 -m http.server 8765 --bind 127.0.0.1 --directory public &
//   node bench/render-time.mjs http://127.0.0.1:8765/ [--playwright DIR] [--chrome PATH]
//        [--runs N] [--throttle X] [--delay MS] [--sw] [--json] QUERY …
//
// playwright-core is not a dependency of qingdan: give its directory with --playwright (e.g.
// /tmp/qa/node_modules/playwright-core) or put its parent on NODE_PATH (ESM ignores NODE_PATH,
// so it is resolved here by hand). --chrome defaults to $CHROME_PATH or /usr/bin/chromium.
// --throttle X slows the CPU X times (DevTools CPU throttling; Lighthouse's phone uses 4).
// Non-loopback hosts are unreachable from the browser (host resolver rules). Not run by tests.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import zlib from 'node:zlib';

const argv = process.argv.slice(2);
const opt = { runs: 1, throttle: 1, delay: '', sw: false, json: false, playwright: '', chrome: process.env.CHROME_PATH || '/usr/bin/chromium' };
const pos = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--sw' || a === '--json') opt[a.slice(2)] = true;
  else if (['--runs', '--throttle', '--playwright', '--chrome', '--delay'].includes(a)) opt[a.slice(2)] = argv[++i];
  else if (a.startsWith('--')) { console.error(`unknown option ${a}`); process.exit(2); }
  else pos.push(a);
}
const [url, ...queries] = pos;
if (!url || !queries.length) {
  console.error('usage: node bench/render-time.mjs URL [--playwright DIR] [--chrome PATH] [--runs N] [--throttle X] [--delay MS] [--sw] [--json] QUERY …');
  process.exit(2);
}

async function loadPlaywright() {
  let entry;
  if (opt.playwright) entry = path.join(path.resolve(opt.playwright), 'index.mjs');
  else {
    const paths = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean).concat(process.cwd());
    entry = createRequire(import.meta.url).resolve('playwright-core', { paths }).replace(/index\.js$/, 'index.mjs');
  }
  return import(pathToFileURL(entry).href);
}
const { chromium } = await loadPlaywright();

const HOST_RULES = 'MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]';
const browser = await chromium.launch({
  executablePath: opt.chrome, headless: true, chromiumSandbox: false,
  args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=' + HOST_RULES],
});
const PHONE = {
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN',
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};
const INDEX = /\/search\/[0-9a-f]{8}\//;

async function once(q) {
  const ctx = await browser.newContext({ ...PHONE, serviceWorkers: opt.sw ? 'allow' : 'block' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  if (+opt.throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: +opt.throttle });
  let phase = 'load', last = Date.now();
  const reqs = new Map();
  cdp.on('Network.requestWillBeSent', (e) => { last = Date.now(); if (!reqs.has(e.requestId)) reqs.set(e.requestId, { url: e.request.url, phase, wire: 0, done: false }); });
  cdp.on('Network.responseReceived', (e) => { const r = reqs.get(e.requestId); if (r) r.sw = !!e.response.fromServiceWorker; });
  cdp.on('Network.loadingFinished', (e) => { last = Date.now(); const r = reqs.get(e.requestId); if (r) { r.wire = e.encodedDataLength; r.done = true; } });
  cdp.on('Network.loadingFailed', (e) => { last = Date.now(); const r = reqs.get(e.requestId); if (r) { r.failed = e.errorText; r.done = true; } });
  const swReqs = [];
  ctx.on('requestfinished', async (r) => {
    if (!r.serviceWorker()) return;
    const z = await r.sizes().catch(() => null);
    swReqs.push({ url: r.url(), phase, wire: z ? z.responseHeadersSize + z.responseBodySize : 0 });
  });
  const bodies = new Map(); // url -> gzip size of the body
  page.on('response', async (res) => {
    try { const b = await res.body(); bodies.set(res.url(), { raw: b.length, gz: zlib.gzipSync(b, { level: 6 }).length }); } catch {}
  });
  const quiet = async (ms = 500, max = 20000) => {
    const t0 = Date.now();
    while (Date.now() - t0 < max) {
      if ([...reqs.values()].every((r) => r.done) && Date.now() - last >= ms) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await page.goto(url, { waitUntil: 'load' });
  await quiet(800);
  await page.evaluate(() => {
    const out = document.querySelector('.qs-out'), ol = out.querySelector('ol');
    window.__mut = { ol: [], out: [] };
    document.querySelector('input[name=q]').addEventListener('input', () => { window.__lastInput = performance.now(); });
    new MutationObserver(() => window.__mut.ol.push(performance.now())).observe(ol, { childList: true, subtree: true, characterData: true });
    new MutationObserver(() => window.__mut.out.push(performance.now())).observe(out, { childList: true, subtree: true, characterData: true, attributes: true });
    window.__frames = [];
    (function loop() { requestAnimationFrame((t) => { window.__frames.push(t); if (window.__frames.length < 5000) loop(); }); })();
  });
  phase = 'search';
  const input = page.locator('input[name=q]').first();
  await input.click();
  if (opt.delay === '') await page.keyboard.insertText(q); // one input event, as an IME commit or a paste
  else await input.pressSequentially(q, { delay: +opt.delay }); // key by key (an intermediate query may run)
  await page.waitForFunction(() => document.querySelector('.qs-sum, [role=status]')?.textContent.trim(), null, { timeout: 20000 }).catch(() => {});
  await quiet(600);
  await page.waitForTimeout(200);
  const m = await page.evaluate(([src]) => {
    const tKey = window.__lastInput;
    const res = performance.getEntriesByType('resource').filter((e) => new RegExp(src).test(e.name));
    const end = Math.max(...res.map((e) => e.responseEnd));
    const idx = res.filter((e) => !/\/c\/\d+\.js$/.test(e.name)), idxEnd = Math.max(...idx.map((e) => e.responseEnd));
    const chunks = res.filter((e) => /\/c\/\d+\.js$/.test(e.name) && e.startTime >= idxEnd);
    const chunkStart = chunks.length ? Math.min(...chunks.map((e) => e.startTime)) : null;
    const ol = window.__mut.ol.filter((t) => t >= tKey), out = window.__mut.out.filter((t) => t >= tKey);
    const upd = ol.length ? Math.max(...ol) : Math.max(...out);
    const paint = window.__frames.find((t) => t >= upd);
    return {
      files: res.length, lastEnd: end, update: upd, paint,
      render: upd - end, renderPaint: paint - end, total: upd - tKey,
      fromIndex: upd - idxEnd, compute: (chunkStart ?? upd) - idxEnd,
      summary: (document.querySelector('.qs-sum') || document.querySelector('[role=status]')).textContent.trim(),
      shown: document.querySelectorAll('.qs-out ol > li').length,
      first: [...document.querySelectorAll('.qs-out ol > li h3')].slice(0, 3).map((h) => h.textContent),
    };
  }, [INDEX.source]);
  const all = [...reqs.values()];
  const searchReqs = all.filter((r) => r.phase === 'search' && !r.failed && INDEX.test(r.url));
  const script = all.find((r) => /static\/search\.js/.test(r.url));
  const take = (list) => ({
    requests: list.length,
    wire: list.reduce((s, r) => s + r.wire, 0),
    raw: list.reduce((s, r) => s + (bodies.get(r.url)?.raw || 0), 0),
    gz: list.reduce((s, r) => s + (bodies.get(r.url)?.gz || 0), 0),
  });
  const bytes = take([script, ...searchReqs].filter(Boolean));
  await ctx.close();
  return { q, ...m, bytes, searchOnly: take(searchReqs), urls: [script, ...searchReqs].filter(Boolean).map((r) => `${r.wire}\t${r.url}`), sw: opt.sw ? { load: swReqs.filter((r) => r.phase === 'load').reduce((s, r) => s + r.wire, 0),
    search: swReqs.filter((r) => r.phase === 'search').reduce((s, r) => s + r.wire, 0), urls: swReqs.map((r) => `${r.phase}\t${r.wire}\t${r.url}`) } : null,
    failed: all.filter((r) => r.failed).map((r) => r.url) };
}

const rows = [];
for (const q of queries) for (let i = 0; i < +opt.runs; i++) rows.push(await once(q));
await browser.close();
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
if (opt.json) console.log(JSON.stringify({ url, chromium: browser.version(), throttle: +opt.throttle, rows }, null, 2));
else {
  console.log(`${url}  Chromium ${browser.version()}  CPU throttle ${opt.throttle}x  service worker ${opt.sw ? 'allowed' : 'blocked'}`);
  console.log('query\tsummary\tshown\tfiles\tKiB wire\tKiB gz\trender ms\t+paint ms\tindex ms\tcompute ms\ttotal ms');
  for (const r of rows) {
    console.log([r.q, r.summary, r.shown, r.bytes.requests, (r.bytes.wire / 1024).toFixed(1), (r.bytes.gz / 1024).toFixed(1),
      r.render.toFixed(1), r.renderPaint.toFixed(1), r.fromIndex.toFixed(1), r.compute.toFixed(1), r.total.toFixed(1)].join('\t')
      + (r.sw ? `\tsw: load ${(r.sw.load / 1024).toFixed(1)} KiB, search ${(r.sw.search / 1024).toFixed(1)} KiB` : '') + (r.failed.length ? `\tFAILED ${r.failed.join(' ')}` : ''));
  }
  console.log(`median render ${med(rows.map((r) => r.render)).toFixed(1)} ms, max ${Math.max(...rows.map((r) => r.render)).toFixed(1)} ms`);
}
