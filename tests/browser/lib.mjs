// Helpers of the browser tests: a static server for the built site, Debian's Chromium kept
// offline, a watcher of what pages request and log, and `qingdan search --json`.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { execFile } from 'node:child_process';
import { chromium } from 'playwright-core';

export const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

export const PHONE = {
  name: 'phone',
  viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) '
    + 'Chrome/156.0.0.0 Mobile Safari/537.36',
};
export const DESKTOP = { name: 'desktop', viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 };

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.geojson': 'application/geo+json', '.svg': 'image/svg+xml',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.csv': 'text/csv; charset=utf-8',
  '.vcf': 'text/vcard; charset=utf-8', '.png': 'image/png', '.ico': 'image/x-icon',
};

/** Serves `root` on 127.0.0.1 at a free port: folders answer with their index.html, a folder
 * without its trailing slash is redirected, anything missing gets /404.html with status 404.
 * `extra` maps paths outside the site (test tools such as axe-core) to files. */
export async function serve(root, extra = {}) {
  const server = createServer((req, res) => {
    let path;
    try { path = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { path = '/'; }
    let file = extra[path] || normalize(join(root, path));
    if (!extra[path] && file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) file = '';
    let st = file && existsSync(file) ? statSync(file) : null;
    if (st && st.isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: path + '/' });
        return res.end();
      }
      file = join(file, 'index.html');
      st = existsSync(file) ? statSync(file) : null;
    }
    let status = 200;
    if (!st || !st.isFile()) {
      status = 404;
      file = join(root, '404.html');
    }
    const body = readFileSync(file);
    res.writeHead(status, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok, no) => server.listen(0, '127.0.0.1', ok).on('error', no));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((ok) => server.close(ok)) };
}

// Any host but loopback fails to resolve inside Chromium, so nothing can leave the machine
// even if a page asked; the request is still seen by the watcher below and reported.
const HOST_RULES = 'MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]';

/** One headless Chromium (Debian's; playwright-core never downloads a browser). Playwright
 * gives it a fresh temporary --user-data-dir and removes it on close. */
export async function launch() {
  if (!existsSync(CHROME)) throw new Error(`${CHROME} is missing: run \`bash tests/setup.sh\``);
  return chromium.launch({
    executablePath: CHROME, headless: true, chromiumSandbox: false, timeout: 60000,
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      `--host-resolver-rules=${HOST_RULES}`],
  });
}

/** Records, for every page of `context`: requests to any other origin than `origin`, failed
 * requests, HTTP errors (except `expect404` paths, which are meant to be missing), console
 * errors and uncaught exceptions. `problems()` lists them, each with the page it came from. */
export function watch(context, origin, { expect404 = [] } = {}) {
  const found = [];
  const local = (u) => {
    if (/^(data|blob|about):/.test(u)) return true;
    try { return new URL(u).origin === origin; } catch { return false; }
  };
  const from = (req) => {
    try { return req.frame().page().url(); } catch { return '(service worker)'; }
  };
  context.on('request', (req) => {
    if (!local(req.url())) found.push(`request to another host: ${req.url()} (from ${from(req)})`);
  });
  context.on('requestfailed', (req) => {
    const err = req.failure()?.errorText || '';
    // a navigation cancels the index files the page was still loading: not a fault
    if (local(req.url()) && err !== 'net::ERR_ABORTED') found.push(`request failed: ${req.url()} ${err} (from ${from(req)})`);
  });
  context.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (res.status() >= 400 && !(res.status() === 404 && expect404.includes(path))) {
      found.push(`HTTP ${res.status()}: ${res.url()} (from ${from(res.request())})`);
    }
  });
  const onPage = (page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const at = msg.location()?.url || '';
      // Chromium logs the status of a page that is meant to be missing as an error too
      if (/status of 404/.test(msg.text()) && expect404.includes(new URL(at || page.url()).pathname)) return;
      found.push(`console error on ${page.url()}: ${msg.text()}${at ? ` (at ${at})` : ''}`);
    });
    page.on('pageerror', (err) => found.push(`uncaught exception on ${page.url()}: ${err.message}`));
  };
  context.pages().forEach(onPage);
  context.on('page', onPage);
  return { problems: () => found.splice(0) };
}

/** `qingdan search --json --content CONTENT ARGS…` (the site's search as the CLI answers it),
 * run in the background and remembered: `await cli('--county', 'ulanhot', '博物馆')`. */
export function makeCli(qingdan, content) {
  const cache = new Map();
  return (...args) => {
    const key = JSON.stringify(args);
    if (!cache.has(key)) {
      cache.set(key, new Promise((ok, no) => {
        execFile(qingdan, ['search', '--json', '--content', content, ...args], { maxBuffer: 64 << 20 }, (err, out, errOut) =>
          err ? no(new Error(`qingdan search ${args.join(' ')}: ${err.message}\n${errOut}`)) : ok(JSON.parse(out)));
      }));
    }
    return cache.get(key);
  };
}
