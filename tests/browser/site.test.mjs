// End-to-end tests of the built sample site in headless Chromium, at a phone and a desktop
// viewport: search (typing, filters, shared URLs, back/forward), keyboard use, axe-core,
// no request to other hosts and no console error, pages without JavaScript, the printed county
// list on A4, and the Nu HTML Checker on every page. Run by `cargo test --release --test all browser`, or:
//
//   node tests/browser/site.test.mjs --qingdan target/release/qingdan [--site DIR] [--content DIR] [--shots DIR]
//
// Without --site the sample content is built into a temporary folder (--today 2026-11-29).
// Expected results come from `qingdan search --json`, which answers as the site's search does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DESKTOP, PHONE, launch, makeCli, serve, watch } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const require = createRequire(import.meta.url);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const QINGDAN = resolve(option('qingdan', process.env.QINGDAN_BIN || join(REPO, 'target/release/qingdan')));
const CONTENT = resolve(option('content', join(REPO, 'content')));
const SHOTS = resolve(option('shots', join(REPO, 'target/screenshots')));
let SITE = option('site', '');

const cli = makeCli(QINGDAN, CONTENT);
const COUNTIES = [...readFileSync(join(CONTENT, 'counties.yaml'), 'utf8').matchAll(/^-\s*\{?\s*id:\s*([a-z0-9-]+)/gm)].map((m) => m[1]);
const FREE_PAGES = readdirSync(join(CONTENT, 'pages')).filter((f) => f.endsWith('.md')).map((f) => `/${f.slice(0, -3)}/`);
const MISSING = '/no-such-page/';
const ALL = ['--limit', '100000', ...COUNTIES.flatMap((c) => ['--county', c])];

let browser, server, origin, vnu;
const url = (path) => origin + path;

// ---------------------------------------------------------------------------------------------
// helpers

/** The search results the page shows: name, link and tel: links of each card. */
function shown(page) {
  return page.$$eval('.qs-out:not([hidden]) ol.cards > li', (lis) => lis.map((li) => {
    const a = li.querySelector('.card-title a');
    return {
      name: a ? a.textContent : null,
      path: a ? new URL(a.href).pathname : null,
      tels: [...li.querySelectorAll('a[href^="tel:"]')].map((t) => t.getAttribute('href')),
    };
  }));
}

/** Waits until the page shows the first ten results of `expected` (a `qingdan search --json`
 * answer), then checks names, order, links, tel: links and the total. */
async function expectResults(page, expected, label) {
  const want = expected.results.slice(0, 10);
  const names = want.map((r) => r.name);
  await page.waitForFunction((names) => {
    const got = [...document.querySelectorAll('.qs-out:not([hidden]) ol.cards > li .card-title a')].map((a) => a.textContent);
    return JSON.stringify(got) === JSON.stringify(names);
  }, names, { timeout: 15000 }).catch(() => {});
  const got = await shown(page);
  assert.deepEqual(got.map((g) => g.name), names, `${label}: the results shown differ from \`qingdan search --json\``);
  want.forEach((r, i) => {
    assert.equal(got[i].path, `/${r.url}`, `${label}: link of ${r.name}`);
    assert.deepEqual(got[i].tels, r.phones.map((p) => `tel:${p.tel}`), `${label}: tel: links of ${r.name}`);
  });
  const summary = await page.locator('.qs-sum').first().textContent();
  assert.ok(summary.includes(`${expected.total} 处`), `${label}: summary "${summary}" does not say ${expected.total} 处`);
}

async function typeQuery(page, query) {
  const box = page.locator('#qs-q');
  await box.fill('');
  await box.pressSequentially(query, { delay: 20 });
}

// axe-core is served beside the site so that Chromium caches its compiled code between pages
const AXE_PATH = '/__test__/axe.min.js';
const AXE_VERSION = require('axe-core/package.json').version;

/** axe-core in the loaded page; returns the serious and critical violations as text. */
async function axe(page, label) {
  await page.addScriptTag({ url: AXE_PATH });
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) =>
    `${label}: ${v.impact} ${v.id} (${v.help}) ×${v.nodes.length} at ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The Nu HTML Checker on every .html file of the site, errors only. */
function checkHtml(dir) {
  const jar = join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');
  return new Promise((ok) => {
    let err = '';
    const java = spawn('java', ['-Xss8m', '-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', dir]);
    java.stderr.on('data', (d) => { err += d; });
    java.on('error', (e) => ok({ fault: `cannot run java (${e.message}): run \`bash tests/setup.sh\`` }));
    java.on('close', (code) => {
      try { ok({ messages: JSON.parse(err).messages }); } catch { ok({ fault: `vnu exited ${code}: ${err.slice(0, 2000)}` }); }
    });
  });
}

// The suites below run two at a time (BROWSER_TEST_JOBS), each in its own browser context;
// the tests inside a suite run one after another on one page.
describe('the sample site in Chromium', { concurrency: Number(process.env.BROWSER_TEST_JOBS || 2), timeout: 300000 }, () => {
  before(async () => {
    if (!SITE) {
      SITE = mkdtempSync(join(tmpdir(), 'qingdan-site-'));
      execFileSync(QINGDAN, ['build', '--content', CONTENT, '--output', SITE, '--today', '2026-11-29'], { stdio: ['ignore', 'ignore', 'pipe'] });
      process.on('exit', () => rmSync(SITE, { recursive: true, force: true }));
    }
    SITE = resolve(SITE);
    // ask the CLI the questions of the tests below while the browser starts
    for (const args of [['科技'], ['kjg'], ['五一会址'], ['博物馆'], ALL, ...COUNTIES.map((c) => ['--county', c, '--limit', '100000'])]) {
      cli(...args).catch(() => {});
    }
    mkdirSync(SHOTS, { recursive: true });
    vnu = checkHtml(SITE); // the JVM runs while the browser tests do
    server = await serve(SITE, { [AXE_PATH]: require.resolve('axe-core/axe.min.js') });
    origin = server.origin;
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // ---------------------------------------------------------------------------------------------
  // the same checks at a phone and a desktop viewport

  for (const vp of [PHONE, DESKTOP]) {
    describe(`${vp.name} ${vp.viewport.width}×${vp.viewport.height}`, { concurrency: 1 }, () => {
      let context, page, watcher;
      before(async () => {
        context = await browser.newContext({ ...vp, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        watcher = watch(context, origin, { expect404: [MISSING] });
        page = await context.newPage();
      });
      after(async () => { await context?.close(); });

      test('the home page search box finds 科技, kjg and 五一会址, each with tel: links', async () => {
        await page.goto(url('/'));
        for (const q of ['科技', 'kjg', '五一会址']) {
          const expected = await cli(q);
          assert.ok(expected.total > 0, `qingdan search ${q} finds nothing`);
          assert.ok(expected.results.every((r) => r.phones.length), `a result of ${q} has no phone`);
          await typeQuery(page, q);
          await expectResults(page, expected, `home, typed ${q}`);
        }
      });

      test('a county typed in the box filters by it, and a chip says so', async () => {
        await page.goto(url('/search/'));
        const q = '乌兰浩特 博物馆';
        const expected = await cli(q);
        assert.deepEqual(expected.named, ['ulanhot']);
        assert.ok(expected.results.length > 1 && expected.results.every((r) => r.county === '乌兰浩特市'), 'the CLI keeps 乌兰浩特市 only');
        await typeQuery(page, q);
        await expectResults(page, expected, `search ${q}`);
        const chips = await page.locator('.qs-chips button').allTextContents();
        assert.ok(chips.includes('乌兰浩特市 ×'), `the chips ${chips} do not name the county`);
        // Removing the chip takes the county out of the box and widens the results.
        await page.locator('.qs-chips button', { hasText: '乌兰浩特市' }).click();
        await expectResults(page, await cli('博物馆'), 'after removing the county chip');
        assert.equal((await page.locator('#qs-q').inputValue()).trim(), '博物馆');
      });

      test('a question becomes filters: chips for each, removing one widens, the URL keeps it', async () => {
        await page.goto(url('/search/'));
        const q = '小学 免费 周末';
        const expected = await cli(q);
        assert.deepEqual(expected.understood.map((u) => u.filter), ['grade', 'free', 'open']);
        await typeQuery(page, q);
        await expectResults(page, expected, `search ${q}`);
        const chips = async () => (await page.locator('.qs-chips button').allTextContents()).sort();
        assert.deepEqual(await chips(), ['免费 ×', '周末 ×', '小学 ×']);
        await page.locator('.qs-chips button', { hasText: '免费' }).click();
        const wider = await cli('小学 周末');
        assert.ok(wider.total > expected.total, `without 免费: ${wider.total} is not more than ${expected.total}`);
        await expectResults(page, wider, 'after removing 免费');
        assert.deepEqual(await chips(), ['周末 ×', '小学 ×']);
        // A fresh page from the URL shows the same.
        await page.goto(page.url());
        await expectResults(page, wider, 'the URL after removing 免费');
        assert.deepEqual(await chips(), ['周末 ×', '小学 ×']);
      });

      test('filters change the results, and back/forward restore them', async () => {
        await page.goto(url('/search/'));
        const q = '博物馆';
        await typeQuery(page, q);
        await expectResults(page, await cli(q), `search ${q}`);
        await page.locator('details.qs-f > summary').click();
        // the counts beside each county are those of the CLI
        const counts = (await cli(q)).counts.county;
        const want = Object.fromEntries(COUNTIES.map((id) => [id, String(counts[id] || 0)]));
        const beside = () => page.$$eval('input[name=county]', (es) => Object.fromEntries(es.map((e) => [e.value, e.parentNode.querySelector('.n').textContent])));
        await page.waitForFunction((want) => [...document.querySelectorAll('input[name=county]')]
          .every((e) => e.parentNode.querySelector('.n').textContent === want[e.value]), want, { timeout: 15000 }).catch(() => {});
        assert.deepEqual(await beside(), want, `search ${q}: the counts beside the counties`);
        await page.locator('input[name=county][value=ulanhot]').check();
        const one = await cli('--county', 'ulanhot', q);
        assert.notDeepEqual(one.results.map((r) => r.id), (await cli(q)).results.map((r) => r.id), 'the filter should change the results');
        await expectResults(page, one, `search ${q}, county ulanhot`);
        assert.deepEqual(new URL(page.url()).searchParams.getAll('county'), ['ulanhot']);
        assert.equal(new URL(page.url()).searchParams.get('q'), q);
        await page.locator('input[name=county][value=arxan]').check();
        const two = await cli('--county', 'ulanhot', '--county', 'arxan', q);
        await expectResults(page, two, `search ${q}, counties ulanhot + arxan`);
        await page.locator('input[name=category][value=museum]').check();
        const three = await cli('--county', 'ulanhot', '--county', 'arxan', '--category', 'museum', q);
        await expectResults(page, three, `search ${q}, counties ulanhot + arxan, category museum`);

        await page.goBack();
        await expectResults(page, two, `back to ${q}, counties ulanhot + arxan`);
        assert.equal(await page.locator('input[name=category][value=museum]').isChecked(), false, 'back: museum is unchecked');
        await page.goBack();
        await expectResults(page, one, `back to ${q}, county ulanhot`);
        assert.equal(await page.locator('input[name=county][value=arxan]').isChecked(), false, 'back: arxan is unchecked');
        await page.goBack();
        await expectResults(page, await cli(q), `back to ${q}`);
        assert.equal(await page.locator('input[name=county][value=ulanhot]').isChecked(), false, 'back: ulanhot is unchecked');
        await page.goForward();
        await expectResults(page, one, `forward to ${q}, county ulanhot`);
        assert.equal(await page.locator('input[name=county][value=ulanhot]').isChecked(), true, 'forward: ulanhot is checked');
        await page.goForward();
        await expectResults(page, two, `forward to ${q}, counties ulanhot + arxan`);
      });

      test('a shared search URL restores the search in a fresh page', async () => {
        const fresh = await browser.newContext({ ...vp, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        const w = watch(fresh, origin);
        try {
          const p = await fresh.newPage();
          for (const [query, args] of [
            ['q=科技&county=ulanhot', ['--county', 'ulanhot', '科技']],
            ['q=博物馆&county=ulanhot&county=jalaid&free=1', ['--county', 'ulanhot', '--county', 'jalaid', '--free', '博物馆']],
            ['county=tuquan', ['--county', 'tuquan']],
          ]) {
            await p.goto(url(`/search/?${encodeURI(query)}`));
            await expectResults(p, await cli(...args), `/search/?${query}`);
            const params = new URLSearchParams(query);
            assert.equal(await p.locator('#qs-q').inputValue(), params.get('q') || '', `/search/?${query}: the search box`);
            for (const id of params.getAll('county')) {
              assert.ok(await p.locator(`input[name=county][value="${id}"]`).isChecked(), `/search/?${query}: county ${id} is checked`);
            }
            // The active filters show as chips above the results; the panel stays closed, so
            // that on a phone the first result is in view.
            const chips = await p.locator('.qs-chips button').allTextContents();
            for (const id of params.getAll('county')) {
              const name = await p.locator(`input[name=county][value="${id}"]`).evaluate((e) => e.nextSibling.data.trim());
              assert.ok(chips.some((c) => c.startsWith(name)), `/search/?${query}: a chip for ${name} in ${chips}`);
            }
            assert.equal(await p.locator('details.qs-f').evaluate((d) => d.open), false, `/search/?${query}: the panel is closed`);
          }
        } finally {
          await fresh.close();
        }
        assert.deepEqual(w.problems(), []);
      });

      test('keyboard only: Tab to the search box, type, Tab to the first result, Enter opens it', async () => {
        await page.goto(url('/'));
        let tabs = 0;
        while (!(await page.evaluate(() => document.activeElement?.id === 'qs-q'))) {
          assert.ok(++tabs <= 40, 'the search box was not reached with 40 presses of Tab');
          await page.keyboard.press('Tab');
        }
        await page.keyboard.type('kjg', { delay: 30 });
        const expected = await cli('kjg');
        await expectResults(page, expected, 'typed kjg with the keyboard');
        let more = 0;
        while (!(await page.evaluate(() => !!document.activeElement?.closest('.qs-out')))) {
          assert.ok(++more <= 10, 'no search result was reached with 10 presses of Tab after the search box');
          await page.keyboard.press('Tab');
        }
        const focused = await page.evaluate(() => new URL(document.activeElement.href).pathname);
        assert.equal(focused, `/${expected.results[0].url}`, 'Tab reaches the first result link first');
        await Promise.all([page.waitForURL(`**/${expected.results[0].url}`), page.keyboard.press('Enter')]);
        assert.equal(await page.locator('h1').textContent(), expected.results[0].name);
        // the filters of the search page, by keyboard too: Enter opens them, Space checks a county
        await page.goto(url('/search/?q=' + encodeURIComponent('博物馆')));
        await expectResults(page, await cli('博物馆'), 'search 博物馆');
        tabs = 0;
        while (!(await page.evaluate(() => document.activeElement?.tagName === 'SUMMARY'))) {
          assert.ok(++tabs <= 60, 'the filters were not reached with Tab');
          await page.keyboard.press('Tab');
        }
        await page.keyboard.press('Enter');
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.name), 'county', 'Tab after the opened filters reaches the first county');
        await page.keyboard.press('Space');
        const id = await page.evaluate(() => document.activeElement.value);
        await expectResults(page, await cli('--county', id, '博物馆'), `search 博物馆, county ${id} checked with Space`);
      });

      test('axe-core finds no serious or critical violation on any kind of page', async () => {
        const pages = [
          '/', '/counties/', '/counties/ulanhot/', '/categories/', '/categories/museum/', '/themes/', '/themes/science/',
          '/bases/xinganmeng-science-museum/', ...FREE_PAGES, MISSING, '/updates/', '/map/', '/map/museum/', '/map/ulanhot/', '/data/',
          '/data/quality/', '/search/', '/mn/', '/mn/counties/ulanhot/', '/mn/bases/xinganmeng-museum/', '/mn/search/',
        ];
        const found = [];
        for (const path of pages) {
          const res = await page.goto(url(path));
          assert.equal(res.status(), path === MISSING ? 404 : 200, `HTTP status of ${path}`);
          found.push(...await axe(page, path));
        }
        // pages with search results, and the search page with its filters open
        await page.goto(url('/'));
        await typeQuery(page, '科技');
        await expectResults(page, await cli('科技'), 'home, typed 科技');
        found.push(...await axe(page, '/ with results for 科技'));
        await page.goto(url(`/search/?q=${encodeURIComponent('博物馆')}&county=ulanhot`));
        await expectResults(page, await cli('--county', 'ulanhot', '博物馆'), 'search 博物馆, county ulanhot');
        found.push(...await axe(page, '/search/?q=博物馆&county=ulanhot'));
        assert.deepEqual(found, [], `axe-core ${AXE_VERSION} at ${vp.name} size`);
      });

      if (vp === PHONE) {
        test(`screenshots at phone size in ${SHOTS}`, async () => {
          // the first screen a visitor sees; the record and the county list also whole (…-full.png)
          for (const [name, path, full] of [
            ['home', '/'], ['search', `/search/?q=${encodeURIComponent('博物馆')}`],
            ['record', '/bases/xinganmeng-science-museum/', true], ['county', '/counties/ulanhot/', true],
            ['quality', '/data/quality/', true],
          ]) {
            await page.goto(url(path));
            if (name === 'search') {
              await expectResults(page, await cli('博物馆'), 'search 博物馆');
              await page.locator('#qs-q').evaluate((e) => e.scrollIntoView());
            }
            await page.screenshot({ path: join(SHOTS, `phone-${name}.png`) });
            if (full) await page.screenshot({ path: join(SHOTS, `phone-${name}-full.png`), fullPage: true });
          }
        });
      }

      if (vp === PHONE) {
        test('the map by touch: counties first, then their places, every target at least 44 px, nearest first', async () => {
          const targets = () => page.$$eval('svg.map a circle', (cs) => cs.map((c) => {
            const r = c.getBoundingClientRect();
            return Math.min(r.width, r.height);
          }));
          const smallestText = () => page.$$eval('svg.map text', (ts) => Math.min(...ts.map((t) => t.getBoundingClientRect().height)));
          await page.goto(url('/map/'));
          assert.equal((await targets()).length, COUNTIES.length, 'one circle per county over the League');
          for (const px of await targets()) assert.ok(px >= 44, `a county is ${px.toFixed(1)} px across`);
          assert.ok(await smallestText() >= 12, 'labels are readable at phone size');
          await page.screenshot({ path: join(SHOTS, 'phone-map.png'), fullPage: true });
          // tap a county: its places
          await page.locator('svg.map a', { has: page.locator('title', { hasText: '乌兰浩特市' }) }).locator('circle').tap();
          await page.waitForURL(/\/map\/ulanhot\/$/);
          const sizes = await targets();
          assert.ok(sizes.length > 1, 'the county map shows its places');
          for (const px of sizes) assert.ok(px >= 44, `a mark is ${px.toFixed(1)} px across`);
          assert.ok(await smallestText() >= 12, 'mark numbers are readable');
          assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0);
          // a mark holding several places leads to them in the list under the map
          const many = page.locator('svg.map a[href^="#m"]').first();
          const key = await many.getAttribute('href');
          await many.locator('circle').tap();
          await page.waitForURL((u) => u.hash === key);
          const entry = await page.$eval(key, (li) => ({ top: li.getBoundingClientRect().top, links: li.querySelectorAll('a').length }));
          assert.ok(entry.top > -1 && entry.top < 844 && entry.links > 1, `${key}: ${JSON.stringify(entry)}`);
          // a mark of one place opens it
          const one = page.locator('svg.map a:not([href^="#"])').first();
          const record = await one.getAttribute('href');
          await one.locator('circle').tap();
          await page.waitForURL((u) => u.pathname.endsWith(record.replace(/^(\.\.\/)+/, '')));
          await page.goBack();
          // 按离我远近排序: the position stays in the page and orders the list as the CLI orders by distance
          await context.grantPermissions(['geolocation'], { origin });
          await context.setGeolocation({ latitude: 46.08, longitude: 122.06 });
          await page.click('.map-locate');
          await page.waitForSelector('.map-list .map-d:not(:empty)');
          const first = await page.$eval('.map-list > li', (li) => [...li.querySelectorAll('a')].map((a) => new URL(a.href).pathname));
          const nearest = (await cli('--county', 'ulanhot', '--near', '46.08,122.06', '--limit', '1')).results[0].id;
          assert.ok(first.includes(`/bases/${nearest}/`), `${nearest} is in the first entry: ${first}`);
          assert.ok(await page.$eval('svg.map .map-you', (c) => c.getBoundingClientRect().width > 0), 'the visitor is on the map');
          await context.clearPermissions();
          await page.screenshot({ path: join(SHOTS, 'phone-map-county.png'), fullPage: true });
        });

        test('no page scrolls sideways at 390 px', async () => {
          const wide = [];
          for (const path of ['/', '/counties/', '/counties/ulanhot/', '/categories/museum/', '/themes/science/',
            '/bases/xinganmeng-science-museum/', '/updates/', '/map/', '/map/ulanhot/', '/data/', '/data/quality/', '/search/',
            '/mn/', '/mn/counties/ulanhot/', '/mn/bases/xinganmeng-museum/', '/mn/search/']) {
            await page.goto(url(path));
            const w = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            if (w > 0) wide.push(`${path} is ${w}px too wide`);
          }
          assert.deepEqual(wide, []);
        });

        test('the home page leads with questions: needs and grades link into search, 离我最近 sorts by distance', async () => {
          await page.goto(url('/'));
          const r = await page.evaluate(() => {
            // the characters of the title on its last line
            const h1 = document.querySelector('h1'), text = h1.firstChild, range = document.createRange(), tops = [];
            for (let i = 0; i < text.length; i++) {
              range.setStart(text, i); range.setEnd(text, i + 1);
              tops.push(Math.round(range.getBoundingClientRect().top));
            }
            const top = (sel) => document.querySelector(sel).getBoundingClientRect().top + scrollY;
            const heads = [...document.querySelectorAll('#h-cats ~ h3')];
            return {
              lastLine: tops.filter((t) => t === tops[tops.length - 1]).length,
              needs: [...document.querySelectorAll('ul.needs a')].map((a) => a.getAttribute('href')),
              needsTop: top('ul.needs'), countiesTop: top('#h-counties'),
              // a group heading over a single chip that repeats it
              repeated: heads.filter((h) => h.nextElementSibling.querySelectorAll('li').length < 2).map((h) => h.textContent),
              recent: document.querySelectorAll('#h-recent ~ ul.cards > li').length,
            };
          });
          assert.ok(r.lastLine >= 2, `the title's last line holds ${r.lastLine} character`);
          for (const want of ['search/?open=weekend', 'search/?free=1', 'search/?near=me', 'search/?grade=primary']) {
            assert.ok(r.needs.includes(want), `the home page links ${want}`);
          }
          assert.ok(r.needsTop < r.countiesTop, 'the needs come before the county lists');
          assert.deepEqual(r.repeated, []);
          assert.ok(r.recent > 0 && r.recent <= 6, `${r.recent} recent updates`);
          // 离我最近 asks for the position (never sent anywhere) and sorts by distance from it
          await context.grantPermissions(['geolocation'], { origin });
          await context.setGeolocation({ latitude: 47.177, longitude: 119.943 });
          await page.click('a[href$="search/?near=me"]');
          await page.waitForURL(/near=47\.177%2C119\.943/);
          await expectResults(page, await cli('--near', '47.177,119.943'), 'home, 离我最近 at Arxan');
          await context.clearPermissions();
          await page.goto(url('/search/?free=1'));
          await expectResults(page, await cli('--free'), 'home, 免费');
        });

        test('the Mongolian edition: vertical script in its own font, the switch both ways, no sideways scroll', async () => {
          await page.goto(url('/bases/xinganmeng-museum/'));
          const alternates = await page.$$eval('link[rel=alternate][hreflang]', (ls) => ls.map((l) => [l.hreflang, new URL(l.href).pathname]));
          assert.deepEqual(alternates, [['zh-CN', '/bases/xinganmeng-museum/'], ['mn-Mong', '/mn/bases/xinganmeng-museum/']]);
          await page.click('.langs a[hreflang="mn-Mong"]');
          assert.equal(new URL(page.url()).pathname, '/mn/bases/xinganmeng-museum/');
          for (const path of ['/mn/bases/xinganmeng-museum/', '/mn/counties/ulanhot/', '/mn/']) {
            await page.goto(url(path));
            const r = await page.evaluate(async () => {
              await document.fonts.ready;
              const h1 = document.querySelector('h1'), h2 = document.querySelector('main h2');
              return {
                lang: document.documentElement.lang,
                wide: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                h1: getComputedStyle(h1).writingMode, h1Text: h1.textContent,
                h2: h2 && getComputedStyle(h2).writingMode, h2Text: h2 && h2.textContent,
                font: document.fonts.check('20px "Noto Sans Mongolian"', '\u182e\u1826\u1834\u1838\u1822'),
                nav: [...document.querySelectorAll('.site-nav a')].map((a) => a.textContent),
              };
            });
            assert.equal(r.lang, 'mn-Mong', path);
            assert.equal(r.wide, 0, `${path} scrolls ${r.wide}px sideways`);
            assert.equal(r.h1, 'vertical-lr', `${path}: the title is set vertically`);
            if (r.h2) assert.match(r.h2Text, /[\u1820-\u18aa]/, `${path}: headings are in Mongolian`);
            assert.ok(r.font, `${path}: the Mongolian font is loaded`);
            assert.ok(r.nav.slice(0, 5).every((t) => /[\u1820-\u18aa]/.test(t)), `${path}: the menu is in Mongolian: ${r.nav}`);
            if (path.startsWith('/mn/bases/')) assert.match(r.h1Text, /ᠮᠦᠽᠸᠢ.*兴安盟博物馆/, 'the record\'s Mongolian name beside its Chinese one');
            const name = path.split('/').filter(Boolean).slice(1).join('-') || 'home';
            await page.screenshot({ path: join(SHOTS, `phone-mn-${name}.png`), fullPage: true });
          }
          await page.click('.langs a[hreflang="zh-CN"]');
          assert.equal(new URL(page.url()).pathname, '/');
          // its search page finds a record by the beginning of its Mongolian name, as the CLI does
          await page.goto(url('/mn/search/'));
          const q = 'ᠬᠢᠩ ᠮᠦ\u180bᠽ', expected = await cli(q);
          assert.equal(expected.results[0]?.id, 'xinganmeng-museum', `qingdan search ${q}`);
          await typeQuery(page, q);
          await page.waitForFunction(() => document.querySelector('.qs-out:not([hidden]) ol.cards > li'), null, { timeout: 15000 });
          assert.deepEqual((await shown(page)).map((r) => [r.name, r.path]),
            expected.results.map((r) => [r.name, `/mn/${r.url}`]), `/mn/search/, typed ${q}`);
          // and says what it found in the edition's words (mn.yaml), not in Chinese
          const said = await page.$eval('.qs-sum', (p) => p.textContent);
          assert.match(said, /[\u1820-\u18aa]/, `the summary is in Mongolian: ${said}`);
          assert.doesNotMatch(said, /[\u4e00-\u9fff]/, `no Chinese in the summary: ${said}`);
        });

        test('a record page shows the hours day by day with today marked, and a way to report a mistake', async () => {
          // Wednesday 2 December 2026, in winter: the Nov–Apr table marks 周三, the May–Oct one nothing
          await page.clock.setFixedTime(new Date('2026-12-02T10:00:00+08:00'));
          await page.goto(url('/bases/arxan-geopark-museum/'));
          const tables = await page.$$eval('.week table', (ts) => ts.map((t) => ({
            caption: t.caption.textContent,
            days: [...t.tBodies[0].rows].map((r) => r.cells[0].firstChild.textContent),
            today: [...t.tBodies[0].rows].filter((r) => r.getAttribute('aria-current') === 'date').map((r) => r.textContent),
            closed: [...t.tBodies[0].rows].filter((r) => r.classList.contains('off')).map((r) => r.cells[0].firstChild.textContent),
          })));
          assert.deepEqual(tables.map((t) => t.caption), ['每周开放时间（11月至次年4月）', '每周开放时间（5月至10月）']);
          for (const t of tables) assert.deepEqual(t.days, ['周一', '周二', '周三', '周四', '周五', '周六', '周日']);
          assert.deepEqual(tables[0].today, ['周三今天09:00–16:00']);
          assert.deepEqual(tables[0].closed, ['周一']);
          assert.deepEqual(tables[1].today, [], 'summer hours are not today\'s in December');
          const fix = await page.$eval('.fix a', (a) => a.getAttribute('href'));
          const mail = new URL(fix);
          assert.equal(mail.protocol, 'mailto:');
          assert.match(mail.searchParams.get('subject'), /^纠错：.+（编号 arxan-geopark-museum）$/);
          await page.screenshot({ path: join(SHOTS, 'phone-record-hours.png'), fullPage: true });
          await page.clock.setFixedTime(new Date('2026-07-05T10:00:00+08:00')); // a Sunday in summer
          await page.reload();
          const marked = await page.$$eval('.week tr[aria-current="date"]', (rs) => rs.map((r) => r.closest('table').caption.textContent + r.cells[0].textContent));
          assert.deepEqual(marked, ['每周开放时间（5月至10月）周日今天']);
        });

        test('the data quality page is readable on a phone: what to check first, counts with their names', async () => {
          await page.goto(url('/data/quality/'));
          const r = await page.evaluate(() => {
            const doc = document.documentElement;
            const first = document.querySelector('#h-due ~ ul li');
            const label = (td) => getComputedStyle(td, '::before').content;
            const cells = [...document.querySelectorAll('table.quality tbody td')].filter((td) => td.getClientRects().length);
            return {
              wide: doc.scrollWidth - doc.clientWidth,
              firstTop: first && first.getBoundingClientRect().top + scrollY,
              firstText: first && first.textContent,
              countsTop: document.querySelector('#h-counts').getBoundingClientRect().top + scrollY,
              unlabelled: cells.filter((td) => !/[\u4e00-\u9fff]/.test(label(td))).map((td) => td.outerHTML).slice(0, 3),
              shownZeros: cells.filter((td) => td.classList.contains('zero')).length,
              csv: document.querySelector('#h-due ~ h3 a[download]')?.getAttribute('href'),
            };
          });
          assert.equal(r.wide, 0, 'no horizontal scroll at 390 px');
          assert.ok(r.firstTop < 2 * 844, `the first record to check starts within two screens (at ${r.firstTop}px)`);
          assert.match(r.firstText, /文件 bases\/.+\.(md|yaml)/, 'the record to check names its file');
          assert.match(r.firstText, /0482-/, 'and its booking phone');
          assert.ok(r.firstTop < r.countsTop, 'before the counts');
          assert.deepEqual(r.unlabelled, [], 'every count shown names its category');
          assert.equal(r.shownZeros, 0, 'zero counts are left out on a phone');
          const res = await page.request.get(new URL(r.csv, page.url()).href);
          assert.equal(res.status(), 200);
          assert.match(await res.text(), /^\ufeff名称,核实到期,最后核实,预约电话/);
        });
      }

      test('no request to another host and no console error on any page visited', () => {
        assert.deepEqual(watcher.problems(), []);
      });
    });
  }

  // ---------------------------------------------------------------------------------------------

  describe('without JavaScript (phone)', { concurrency: 1 }, () => {
    let context, page, watcher;
    before(async () => {
      context = await browser.newContext({ ...PHONE, javaScriptEnabled: false, locale: 'zh-CN' });
      watcher = watch(context, origin);
      page = await context.newPage();
    });
    after(async () => { await context?.close(); });

    const rows = (page) => page.$$eval('table.list tbody tr', (trs) => trs.map((tr) => {
      const a = tr.querySelector('.c-name a');
      const seen = (e) => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
      return {
        name: a?.textContent, path: a && new URL(a.href).pathname, visible: seen(a),
        tels: [...tr.querySelectorAll('a[href^="tel:"]')].filter(seen).map((t) => t.getAttribute('href')),
      };
    }));

    test('every county page lists all its records with their tel: links', async () => {
      const all = [];
      for (const id of COUNTIES) {
        await page.goto(url(`/counties/${id}/`));
        const expected = await cli('--county', id, '--limit', '100000');
        assert.ok(expected.total > 0, `county ${id} has records`);
        const got = await rows(page);
        const key = (x) => x.name;
        assert.deepEqual(got.map(key).sort(), expected.results.map(key).sort(), `/counties/${id}/: the records listed`);
        for (const r of expected.results) {
          const row = got.find((g) => g.name === r.name);
          assert.ok(row.visible, `/counties/${id}/: ${r.name} is not visible`);
          assert.equal(row.path, `/${r.url}`, `/counties/${id}/: link of ${r.name}`);
          assert.deepEqual(row.tels, r.phones.map((p) => `tel:${p.tel}`), `/counties/${id}/: visible tel: links of ${r.name}`);
        }
        all.push(...expected.results);
      }
      assert.equal(all.length, (await cli(...ALL)).total);
    });

    test('every record page shows its name and booking phones', async () => {
      const records = (await cli(...ALL)).results;
      assert.ok(records.length > 0);
      const check = async (p, r) => {
        const res = await p.goto(url(`/${r.url}`));
        assert.equal(res.status(), 200, `/${r.url}`);
        assert.equal((await p.locator('h1').textContent()).trim(), r.name, `/${r.url}: heading`);
        const tels = await p.$$eval('.booking a[href^="tel:"]', (as) => as.filter((a) => a.getClientRects().length).map((a) => a.getAttribute('href')));
        assert.ok(tels.length > 0 || r.phones.length === 0, `/${r.url}: no visible booking phone`);
        assert.deepEqual(tels, r.phones.map((x) => `tel:${x.tel}`), `/${r.url}: visible booking phones`);
      };
      // three tabs side by side
      const tabs = [page, await context.newPage(), await context.newPage()];
      const queue = [...records];
      await Promise.all(tabs.map(async (p) => { for (let r; (r = queue.shift());) await check(p, r); }));
      await Promise.all(tabs.slice(1).map((p) => p.close()));
    });

    test('the search page says JavaScript is needed and links to every county list', async () => {
      await page.goto(url('/search/'));
      // (Playwright's text selectors skip <noscript>, so look at the rendered text)
      const said = await page.$eval('main', (m) => m.innerText);
      assert.match(said, /需要.{0,6}JavaScript|JavaScript.{0,6}(需要|启用)/, 'the search page does not say that JavaScript is needed');
      const links = await page.$$eval('main a', (as) => as.filter((a) => a.getClientRects().length).map((a) => new URL(a.href).pathname));
      for (const id of COUNTIES) assert.ok(links.includes(`/counties/${id}/`), `the search page has no visible link to /counties/${id}/`);
      await page.goto(url('/'));
      const tiles = await page.$$eval('main a', (as) => as.filter((a) => a.getClientRects().length).map((a) => new URL(a.href).pathname));
      for (const id of COUNTIES) assert.ok(tiles.includes(`/counties/${id}/`), `the home page has no visible link to /counties/${id}/`);
    });

    test('no request to another host and no console error', () => {
      assert.deepEqual(watcher.problems(), []);
    });
  });

  // ---------------------------------------------------------------------------------------------

  test('the printed county lists fit the width of A4 (210 mm less 2 × 12 mm margins)', async () => {
    // 186 mm at 96 CSS px per inch
    const width = Math.floor((186 / 25.4) * 96);
    const context = await browser.newContext({ viewport: { width, height: 1123 }, locale: 'zh-CN' });
    const watcher = watch(context, origin);
    try {
      const page = await context.newPage();
      await page.emulateMedia({ media: 'print' });
      const faults = [], terms = [];
      for (const id of COUNTIES) {
        await page.goto(url(`/counties/${id}/`));
        const r = await page.evaluate(() => {
          const doc = document.documentElement, out = [];
          if (doc.scrollWidth > doc.clientWidth) out.push(`the page is ${doc.scrollWidth}px wide, over ${doc.clientWidth}px`);
          const tables = [...document.querySelectorAll('table')];
          if (!tables.length) out.push('no table');
          tables.forEach((t, i) => {
            const box = t.getBoundingClientRect();
            if (t.scrollWidth > t.clientWidth) out.push(`table ${i + 1}: scrollWidth ${t.scrollWidth} > clientWidth ${t.clientWidth}`);
            if (box.right > doc.clientWidth + 0.5) out.push(`table ${i + 1} ends at ${box.right}px, past ${doc.clientWidth}px`);
            t.querySelectorAll('thead th').forEach((th) => {
              if (!th.getClientRects().length) out.push(`table ${i + 1}: column "${th.textContent}" is not printed`);
            });
            t.querySelectorAll('th, td').forEach((c) => {
              if (c.scrollWidth > c.clientWidth + 1) out.push(`table ${i + 1} cell "${c.textContent.slice(0, 30)}" overflows: ${c.scrollWidth} > ${c.clientWidth}`);
            });
          });
          return out;
        });
        faults.push(...r.map((f) => `/counties/${id}/ printed: ${f}`));
        terms.push(...await page.$$eval('td.c-tel .terms', (ps) => ps.filter((p) => p.getClientRects().length).map((p) => p.textContent)));
        if (id === COUNTIES[0]) await page.pdf({ path: join(SHOTS, `county-${id}-a4.pdf`), format: 'A4' });
      }
      assert.deepEqual(faults, []);
      // what a school needs to plan a visit, beside each phone: notice, fee, group size, green channel
      for (const want of [/需预约，提前 \d+ 天/, /免费/, /收费/, /团体≤\d+人/, /绿色通道/]) {
        assert.ok(terms.some((t) => want.test(t)), `a printed list shows ${want}`);
      }
    } finally {
      await context.close();
    }
    assert.deepEqual(watcher.problems(), []);
  });

  test('a copy built with --links files works opened from the folder (file://): links and search', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'qingdan-files-'));
    try {
      execFileSync(QINGDAN, ['build', '--content', CONTENT, '--output', copy, '--links', 'files', '--today', '2026-11-29'], { stdio: ['ignore', 'ignore', 'pipe'] });
      const context = await browser.newContext({ ...PHONE, locale: 'zh-CN' });
      const errors = [];
      context.on('weberror', (e) => errors.push(String(e.error())));
      try {
        const page = await context.newPage();
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(pathToFileURL(join(copy, 'index.html')).href);
        // through the menus, as a parent would tap
        await page.click('.site-nav a[href$="counties/index.html"]');
        assert.match(page.url(), /\/counties\/index\.html$/);
        await page.click('.tiles a >> nth=0');
        assert.match(page.url(), /\/counties\/[a-z-]+\/index\.html$/);
        await page.click('table.list .c-name a >> nth=0');
        assert.match(page.url(), /\/bases\/[a-z0-9-]+\/index\.html$/);
        assert.ok(await page.$('.booking a[href^="tel:"]'), 'the record page shows its phone');
        await page.click('.crumbs a >> nth=0');
        assert.match(page.url(), /\/index\.html$/);
        // search reads its index from files too, and its results open
        const expected = await cli('科技');
        await typeQuery(page, '科技');
        await page.waitForSelector('.qs-out:not([hidden]) ol.cards > li .card-title a');
        const first = page.locator('.qs-out ol.cards > li .card-title a').first();
        assert.equal(await first.textContent(), expected.results[0].name);
        await first.click();
        await page.waitForURL(/\/bases\/[a-z0-9-]+\/index\.html$/);
        assert.equal(await page.textContent('h1'), expected.results[0].name);
      } finally {
        await context.close();
      }
      assert.deepEqual(errors, []);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test('every page passes the Nu HTML Checker (vnu) without errors', async () => {
    const res = await vnu;
    assert.ok(!res.fault, res.fault);
    const errors = res.messages.map((m) => `${(m.url || '').replace(`file:${SITE}`, '')}:${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message}`);
    assert.deepEqual(errors, []);
  });
});
