/* qingdan search: docs/search.md */
(W => {
  'use strict';
  var F = Math.fround,
    // window.qingdanSearch (the engine, also run under Node) and the search form. The build
    // shortens local names; names of properties (meta.js fields, the API) stay as written.
    DAYS = 'mo tu we th fr sa su'.split(' '),
    HAN = '[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]',
    SP = '[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]',
    // a Han run, Latin words joined across spaces, a Mongolian word
    TOK = RegExp('(' + HAN + '+)|[a-z0-9]+(?:' + SP + '+[a-z0-9]+)*|[\u1810-\u18af]+', 'g'),
    // tantivy's FIELD_NORMS_TABLE, filled below
    FN = [], i,
    nd = () => new Date,
    wd = d => (d.getDay() + 6) % 7,
    hm = m => [(m > 1440 ? m - 1440 : m) / 60 | 0, m % 60].map(x => (x < 10 ? '0' : '') + x).join(':'),
    spans = (s, m, w) => {
      for (var j = s.length; j--;) if (s[j].months >> m & 1 && s[j].days >> w & 1) return s[j].spans;
      return [];
    },
    // without Mongolian format characters (FVS, MVS, ZWNJ, ZWJ), typed or not
    norm = s => String(s).replace(/[\u180b-\u180f\u200c\u200d]/g, '').replace(/[\uff01-\uff5e\u3000A-Z]/g, c => (i = c.charCodeAt(0)) == 12288 ? ' ' :
      (i > 255 ? String.fromCharCode(i - 65248) : c).toLowerCase()),
    // query terms; with c, the fallback's: each character of the Han runs
    tokenize = (q, c) => {
      var T = [], m, h, j;
      q = norm(q || '');
      TOK.lastIndex = 0;
      while ((m = TOK.exec(q))) {
        h = m[1];
        if (!h) T.push(m[0].replace(RegExp(SP, 'g'), ''));
        // v.js: each character as simplified
        else if (c) T.push(...[...h].map(x => c.s[c.k.indexOf(x)] || x));
        // the pairs that cover the run; an odd one ends with its last pair, one character is itself
        else for (j = 0; j < h.length; j += 2) T.push(h.substr(j + 2 > h.length ? -2 : j, 2));
      }
      return [...new Set(T)];
    },
    // great-circle distance in km
    hav = (a, b, c, d, r = Math.PI / 180, x = Math.sin((c - a) * r / 2), y = Math.sin((d - b) * r / 2)) =>
      12742 * Math.asin(Math.sqrt(x * x + Math.cos(a * r) * Math.cos(c * r) * (y * y))),
    fnv = s => {
      var h = 2166136261, b = unescape(encodeURIComponent(s)), j;
      for (j = 0; j < b.length; j++) h = Math.imul(h ^ b.charCodeAt(j), 16777619);
      return h >>> 0;
    };
  for (i = 0; i < 256; i++) FN[i] = i < 32 ? i : 24 + (((i - 24) & 7 | 8) << ((i - 24) >> 3) - 1);

  function create(load) {
    var C = {}, M, K1, K, B, CL,
      get = n => C[n] || (C[n] = Promise.resolve(n).then(load).catch(e => {
        delete C[n];
        throw e;
      })),
      // K1 and b of BM25 come with the index (search/ranking.rs)
      // CL: 0 a county's namesake, 1 another open place, 2 closed
      ready = () => get('meta').then(m => (M = m, K1 = F(m.k1), K = F(1 + K1), B = m.b, CL = new Uint8Array(m.n).fill(1),
        recs(m.first).forEach(d => CL[d] = 0), recs(m.closed).forEach(d => CL[d] = 2))),
      // numbers written in base 32, docs/search.md
      nums = s => {
        var a = [], v = 0, j = 0, c;
        for (; j < s.length; j++) (c = s.charCodeAt(j)) < 93 ? (a.push(v * 32 + c - 35), v = 0) : v = v * 32 + c - 93;
        return a;
      },
      // a list of records (gaps, the first from -1, each written as gap - 1) → their numbers
      recs = (s, d = -1) => nums(s).map(g => d += g + 1),
      // [field, count, doc gaps…, codes…, …] → [[field, doc, tf, norm], …]
      post = s => {
        var a = nums(s), P = [], j = 0, c, d, k;
        for (; j < a.length; j += 2 + 2 * c)
          for (c = a[j + 1], d = k = 0; k < c; k++) P.push([a[j], d += a[j + 2 + k], (a[j + 2 + c + k] >> 8) + 1, a[j + 2 + c + k] & 255]);
        return P;
      },
      // BM25 in f32 as tantivy: idf*2.2*boost * tf/(tf+norm), per term over fields, then over terms
      add = (T, P) => P.forEach(e => {
        var f = M.fields[e[0]], tf = F(e[2]), nm = F(K1 * F(1 - B + F(F(B * F(FN[e[3]])) / F(f.avgdl))));
        T.s[e[1]] = F((T.s[e[1]] || 0) + F(T.w[e[0]] * F(tf / F(tf + nm))));
      }),
      // a query term: the block holding each of its records (in: 1 + block number), their known
      // scores (s) and, for a common term (a number k in its shard), each listed block's records
      // (b), every later block's best score (max) and the next tail block (tn); a rare term's
      // shard entry is a string, its only block
      term = t => get('t/' + fnv(t) % M.shards).then(x => (x = x[t]) >= 0 ? get('p/' + x).then(h => (h.p = 'p/' + x + '-', h)) : { b: x || '', m: [], max: [] })
        .then(h => {
          var T = { s: [], in: new Uint8Array(M.n), p: h.p, max: h.max.map(F), tn: h.m.length + 1, b: h.m.map(g => recs(g)) },
            P = post(h.b), d, u;
          T.w = (h.df || M.fields.map((x, f) => P.filter(e => e[0] == f).length))
            .map((c, f) => F(F(F(Math.log(F(1 + F(F(M.n - c + .5) / F(c + .5))))) * K) * F(M.fields[f].boost)));
          P.forEach(e => T.in[e[1]] = 1);
          // T.in[d] = 2 + j for the records of listed block j (file p/<k>-<j+1>), tn + 1 for the tail
          T.b.forEach((l, j) => l.forEach(d => T.in[d] = j + 2));
          if (h.t) recs(h.t).forEach(d => T.in[d] = T.tn + 1);
          if (h.u != null) {
            u = new Uint8Array(M.n);
            recs(h.u).forEach(d => u[d] = 1);
            for (d = 0; d < M.n; d++) if (!T.in[d] && !u[d]) T.in[d] = T.tn + 1;
          }
          add(T, P);
          return T;
        }),
      // the file of the block that holds d in T: a tail record is bounded by the next tail block
      file = (T, d) => (d = T.in[d]) > T.b.length + 1 ? T.tn : d - 1,
      // closed places after open ones
      order = (a, b) => a.c - b.c || Math.round(b.score * 1e4) - Math.round(a.score * 1e4) || a.doc - b.doc,
      // Y in order as far as its first k: exact scores where every term's part is known, else
      // upper bounds; fetches the blocks of the records whose bound could reach the k-th score.
      // The fallback (fb) ranks by these bounds as they are, from the heads alone
      top = (Y, P, k, fb) => {
        var E = [], U = [], q, w = [];
        Y.forEach(x => {
          var d = x.doc, s = 0, X = E;
          P.forEach(T => {
            if (T.in[d]) s = F(s + (d in T.s ? T.s[d] : (X = U, T.max[file(T, d) - 1])));
          });
          X.push(x);
          x.score = s;
        });
        if (fb) return Y.sort(order);
        E.sort(order);
        q = E[Math.min(k, Y.length) - 1];
        // per term, the best block that could still change the top: blocks fetched best first
        P.forEach((T, i) => U.forEach(x => {
          var b = T.in[x.doc] && file(T, x.doc);
          if (b && !(x.doc in T.s) && (!q || order(x, q) < 0) && !(w[i] <= b)) w[i] = b;
        }));
        // a listed block names its records by their place in the head's list of that block, a
        // tail block by number
        w = w.map((b, i, T) => b && (T = P[i], b > T.b.length && T.tn++, get(T.p + b))
          .then(s => add(T, post(s).map(e => (b <= T.b.length && (e[1] = T.b[b - 1][e[1]]), e))))).filter(Boolean);
        return w.length ? Promise.all(w).then(() => top(Y, P, k)) : E.concat(U);
      },
      // county names in the query (meta.forms: longest first) become the county filter
      cut = q => {
        var N = [], S = [], r = '', j = 0, f;
        for (q = norm(q || ''); j < q.length;) (f = M.forms.find(x => q.startsWith(x[0], j))) ?
          (N.indexOf(f[1]) < 0 && N.push(f[1]), S.push(f), r += ' ', j += f[0].length) : r += q[j++];
        return [r, N, S];
      },
      // filter words (meta.words, longest first; docs/search.md): [rest, understood]
      read = (q, named) => {
        var keep = '', drop = '', U = [], j = 0, w, m, f = (k, u) => M.words.find(x => (x[1] == 'unit') == u && q.startsWith(x[0], k));
        while (j < q.length) {
          // a number and a unit is a group size
          w = (m = !(j && /[a-z0-9]/.test(q[j - 1])) && /^\d{1,6} */.exec(q.slice(j))) && (w = f(j + m[0].length, 1)) ?
            [m[0] + w[0], 'size', '' + +m[0]] : f(j, 0);
          if (w) {
            w[1] != 'filler' ? (U.push({ filter: w[1], value: w[2], from: w[0] }), keep += ' ') : keep += w[0];
            drop += ' ';
            j += w[0].length;
          } else {
            keep += q[j];
            drop += q[j++];
          }
        }
        return [named || U[0] ? drop : keep, U];
      },
      fill = (X, a, b) => Promise.all(X.slice(a, b).map(x => get('c/' + x.doc).then(r => x.id = (x.rec = r)[0]))).then(() => X);

    function search(o, now = nd()) {
      var T, NC, S, U, fc, fk, ft, fg, R, G, org, m, t0,
        f = { ...o, grade: [...o.grade || []], open: [...o.open || []] },
        mask = (l, v) => [...v || []].reduce((a, id) => (m = l.findIndex(x => x.id == id)) < 0 ? a : a | 1 << m, 0);
      return ready().then(() => {
        m = cut(o.q);
        NC = m[1];
        S = m[2];
        // the query's filter words join the form's filters
        m = read(m[0], NC.length);
        (U = m[1]).forEach(({ filter: g, value: v }) => g == 'grade' || g == 'open' ? f[g].push(...v.split(',')) :
          g == 'size' ? f.size = Math.max(f.size || 0, +v) : f[g] = 1);
        T = tokenize(t0 = m[0]);
        fc = NC.reduce((a, i) => a | 1 << i, mask(M.counties, o.county));
        if ((m = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/.exec(o.near || ''))) org = [+m[1], +m[2]];
        else M.counties.forEach(c => { if (c.id == o.near) org = c.centre; });
        // the facet columns (d/<j>) the filters read, all of them for the counts; points (geo)
        // only for distances
        return Promise.all([Promise.all([fc, fk = mask(M.categories, o.category), ft = mask(M.themes, o.theme), fg = mask(M.audiences, f.grade),
          f.free || f.nobooking || f.green || f.open[0], f.open[0], f.size != null].map((v, j) => (o.counts || v) && get('d/' + j))).then(x => R = x),
          org && get('geo').then(x => G = x.points)].concat(T.map(term)));
      }).then(P => {
        var X = [], C, d, collect = (P, min) => { for (d = 0; d < M.n; d++) if (P.reduce((a, T) => a + !!T.in[d], 0) >= min) X.push(d); };
        P = P.slice(2);
        if (!P.length) return [P, 'none'];
        collect(P, P.length);
        // nothing has every term: the characters of the query, half of them at least
        return X.length ? [P, 'all', X] : get('v').then(V => (C = tokenize(t0, V)).length < 2 ? [P, 'all', X] :
          Promise.all(C.map(term)).then(P => (collect(P, Math.ceil(P.length / 2)), [P, 'fallback', X])));
      }).then(([P, mode, X]) => {
          var Y = [], d, k, w, tests = [], res,
            cnt = { county: {}, category: {}, theme: {}, grade: {}, free: 0, nobooking: 0, green: 0 },
            inc = (g, id) => g[id] = (g[id] || 0) + 1,
            // open on the next such weekday (today counts), or now
            day = w => (k = new Date(now.getFullYear(), now.getMonth(), now.getDate() + (w - wd(now) + 7) % 7),
              tests.push((m => s => spans(s, m, w).length > 0)(k.getMonth())));
          f.open.forEach(v => {
            if (v == 'now') {
              w = now.getHours() * 60 + now.getMinutes();
              tests.push(s => spans(s, now.getMonth(), wd(now)).some(x => x[0] <= w && w < x[1]));
            } else ({ weekend: [5, 6], workday: [0, 1, 2, 3, 4], today: [wd(now)], tomorrow: [(wd(now) + 1) % 7] }[v] || [DAYS.indexOf(v)])
              .forEach(w => w >= 0 && day(w));
          });
          if (mode == 'none') {
            X = [];
            if (fc || fk || ft || fg || f.free || f.nobooking || f.green || f.size != null || tests[0] || o.near) {
              mode = 'browse';
              for (d = 0; d < M.n; d++) X.push(d);
            }
          }
          X.forEach(d => {
            var r = R.map(c => c && c[d]), bad = [], ok = g => o.counts && (!bad[0] || !bad[1] && bad[0] == g + 1), x, p = G && G[d];
            [!fc || fc >> r[0] & 1, !fk || fk >> r[1] & 1, !ft || ft & r[2], !fg || fg & r[3], !f.free || r[4] & 1,
              !f.nobooking || r[4] & 2, !f.green || r[4] & 8, f.size == null || r[6] > 0 && r[6] >= f.size,
              // a closed place is open on no day
              !tests[0] || r[4] & 4 && r[5] >= 0 && tests.some(t => t(M.schedules[r[5]]))
            ].forEach((p, j) => p || bad.push(j + 1));
            // ok(g): passes every filter but group g (disjunctive counts)
            if (ok(0)) inc(cnt.county, M.counties[r[0]].id);
            if (ok(1)) inc(cnt.category, M.categories[r[1]].id);
            if (ok(2)) M.themes.forEach((t, j) => r[2] >> j & 1 && inc(cnt.theme, t.id));
            if (ok(3)) M.audiences.forEach((t, j) => r[3] >> j & 1 && inc(cnt.grade, t.id));
            if (ok(4) && r[4] & 1) cnt.free++;
            if (ok(5) && r[4] & 2) cnt.nobooking++;
            if (ok(6) && r[4] & 8) cnt.green++;
            if (!bad[0]) {
              // namesakes first only when browsing, and not by distance
              Y.push(x = { doc: d, score: 0, c: CL[d] >> (mode != 'browse' || !!org) });
              x.far = p ? Math.round((x.km = hav(org[0], org[1], p[0] / 1e4, p[1] / 1e4)) * 1e3) : 1 / 0;
            }
          });
          res = { total: Y.length, mode: mode, results: Y, counts: o.counts && cnt, terms: T, named: NC.map(i => M.counties[i]), understood: U,
            // one other day asked for: its date, for its hours on the cards
            day: tests.length == 1 && f.open[0] != 'now' && wd(k) != wd(now) && k,
            // the county names as written, and the words left
            said: S.map(x => [M.counties[x[1]].name, x[0]]), rest: t0 };
          // results in order as far as the k-th; by distance, every score is irrelevant
          res.top = k => Promise.resolve(org ? Y.sort((a, b) => a.c - b.c || a.far - b.far || a.doc - b.doc) : top(Y, P, k, mode[0] == 'f'))
            .then(r => fill(res.results = r, 0, k)).then(() => res);
          return res.top(o.limit || 10);
        });
    }

    return {
      search: search, fill: fill, ready: ready,
      // the day's hours in words from schedule j, '' without one
      today: (j, now, name, s = j < 0 ? 0 : spans(M.schedules[j], now.getMonth(), wd(now))) =>
        !s ? '' : s[0] ? name + ' ' + s.map(x => hm(x[0]) + '–' + hm(x[1])).join('、') : name + '闭馆'
    };
  }

  W.qingdanSearch = { create: create };

  var D = W.document,
    // the UI
    fm = D && D.querySelector('form[role=search][data-index]'), out = D && D.querySelector('.qs-out');
  if (!fm || !out || !W.URLSearchParams) return;
  // the page's words (the theme's i18n strings), in the order of macros.html's search_words
  var T = fm.getAttribute('data-t').split('|'), N = (i, n) => T[i].replace(/\{\w+\}/, n),
    base = fm.getAttribute('data-index'), root = fm.getAttribute('data-root'), q = fm.elements.q,
    list = out.querySelector('ol'), more = out.querySelector('.qs-more'), sum = D.querySelector('.qs-sum') || {},
    chips = D.querySelector('.qs-chips'), day,
    live = D.querySelector('[aria-live]') || {}, adv = fm.querySelector('.qs-adv'),
    wait = {}, here = '', timer, seq = 0, last, shown, terms, now,
    E = create(n => new Promise((ok, no) => {
      var s = D.createElement('script');
      wait[n] = ok;
      s.src = base + n + '.js';
      // onload comes after the script called qdSearchLoad: no() is then a no-op
      s.onload = s.onerror = () => {
        s.remove();
        no(Error(n));
      };
      D.head.appendChild(s);
    })),
    el = (tag, cls, text, parent) => {
      var e = D.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return parent ? parent.appendChild(e) : e;
    },
    say = t => live.textContent = sum.textContent = t,
    on = (e, type, f) => e.addEventListener(type, f),
    details = () => [...fm.querySelectorAll('details')],
    fail = () => say(T[0]);

  W.qdSearchLoad = (n, d) => wait[n] && wait[n](d);

  function card(x) {
    var r = x.rec, li = el('li', 'card'), a = el('a', 0, 0, el('h3', 'card-title', 0, li)), f = [], nm = r[1], i, j, k = 0, t;
    // c/<n>: [id, name, county, category, phones, hours, advance_days, fee_text, booking_required, stale, status_text, schedule]
    // beside the search page, as the form's action names it (a folder, or with --links files
    // its index.html)
    a.href = fm.getAttribute('action').replace('search/', 'bases/' + r[0] + '/');
    // <mark> the characters of the name that Han query terms match
    terms.forEach(t => {
      if (RegExp(HAN).test(t)) for (i = nm.indexOf(t); i >= 0; i = nm.indexOf(t, i + 1)) for (j = 0; j < t.length; j++) f[i + j] = 1;
    });
    for (i = 1; i <= nm.length; i++) if (i == nm.length || !f[i] != !f[k]) {
      t = nm.slice(k, i);
      f[k] ? el('mark', 0, t, a) : a.append(t);
      k = i;
    }
    if (r[10]) el('strong', 0, r[10], el('p', 'mark mark-closed', 0, li));
    if (r[9]) el('strong', 0, T[1], el('p', 'mark mark-stale', 0, li));
    // where, then what decides a class visit: fee, group size, green channel, notice
    i = x.km;
    el('p', 'meta', [r[3], r[2], i >= 0 && N(2, i < 10 ? i.toFixed(1) : Math.round(i)), r[7], r[12] && N(3, r[12]),
      r[13] && T[4], r[8] === false ? T[5] : r[6] ? N(6, r[6]) : r[8] && T[7]].filter(Boolean).join(' · '), li);
    // a closed place shows its status, not hours; with one open day chosen, that day's hours
    t = r[10] ? '' : E.today(r[11], day || now, day ? T[9].split(',')[wd(day)] : T[8]);
    t = t.slice(-2) == '闭馆' && r[5] ? t + '（' + r[5] + '）' : t || !r[10] && r[5];
    if (t) el('p', 0, t, li);
    if (r[4][0]) {
      k = el('ul', 'phones', 0, li);
      r[4].forEach(p => el('a', 'tel', p[0], el('li', 0, 0, k)).href = 'tel:' + p[1]);
    }
    return li;
  }

  function page(focus) {
    var res = last,
      // next ten results; focus goes to the first new one after "显示更多"
      a = shown, b = Math.min(res.total, a + 10);
    res.top(b).then(() => {
      if (res != last || shown != a) return;
      res.results.slice(a, b).forEach((x, j) => {
        x = list.appendChild(card(x));
        if (focus && !j) x.querySelector('a').focus();
      });
      more.hidden = (shown = b) >= res.total;
      more.textContent = N(10, res.total - b);
    }, fail);
  }

  function params() {
    var u = new URLSearchParams();
    new FormData(fm).forEach((v, k) => {
      if (k == 'near' && v == 'me') v = here;
      if (v) u.append(k, v);
    });
    return u;
  }

  function run() {
    var u = params(), n = ++seq, o = { q: u.get('q'), size: u.get('size') ? +u.get('size') : null, near: u.get('near'), counts: details().some(d => d.open) };
    'county category theme grade open'.split(' ').forEach(k => o[k] = u.getAll(k));
    'free nobooking green'.split(' ').forEach(k => o[k] = u.has(k));
    if (adv) adv.search = o.q ? '?q=' + encodeURIComponent(o.q) : '';
    E.search(o, now = nd()).then(res => {
      if (n != seq) return;
      var c = res.counts, zero = res.mode == 'none';
      last = res;
      terms = res.terms;
      shown = 0;
      list.textContent = '';
      out.hidden = zero;
      more.hidden = true;
      day = res.day;
      say(zero ? '' : !res.total ? T[11] : N(res.mode[0] == 'f' ? 12 : 13, res.total));
      chip(res);
      if (c || zero) fm.querySelectorAll('input[type=checkbox]').forEach(e => {
        var s = e.parentNode.querySelector('.n'), v = c && c[e.name];
        if (!s) return;
        if (!('n0' in s)) s.n0 = s.textContent;
        s.textContent = zero ? s.n0 : (v >= 0 ? v : v[e.value]) || 0;
      });
      if (res.total) page();
      // never a bare zero: the places the words alone find
      else if (!zero) E.search({ q: res.rest }, now).then(r => n == seq && r.total && say(sum.textContent + T[14] + r.results.slice(0, 3).map(x => x.rec[1]).join('、')), fail);
    }, () => n == seq && fail());
  }

  function chip(res) {
    // the active filters, each a button that removes it: the form's and the query's words
    if (!chips) return;
    chips.textContent = '';
    var add = (t, f) => {
      var b = el('button', 'chip', t + ' ×', chips);
      b.ariaLabel = T[15] + t;
      b.onclick = () => (f(), go(1), q.focus());
    };
    res.said.concat(res.understood.map(x => [x.from, x.from])).forEach(x => add(x[0], () => q.value = norm(q.value).replace(x[1], ' ')));
    [...fm.elements].forEach(e => {
      var b = e.type == 'checkbox';
      if (b ? e.checked : e.value && e.name != 'q') add(b ? e.nextSibling.data : e.selectedOptions ? e.selectedOptions[0].text : e.previousSibling.data + e.value,
        () => e[b ? 'checked' : 'value'] = '');
    });
  }

  function go(push) {
    var s = '' + params();
    if (s != location.search.slice(1)) history[push ? 'pushState' : 'replaceState'](0, '', s ? '?' + s : location.pathname);
    run();
  }

  // form controls from the URL (on load, back/forward)
  function restore() {
    var u = new URLSearchParams(location.search);
    [...fm.elements].forEach(e => {
      var v = u.getAll(e.name), n = e.name;
      if (!n) return;
      if (e.type == 'checkbox') e.checked = v.indexOf(e.value) >= 0;
      else {
        e.value = v = v[0] || '';
        // a position in the URL is "me"; ?near=me itself is only in links (the home page's
        // 离我最近), and asks for the position
        if (n == 'near' && v) v == 'me' ? locate(e) : e.value != v && (here = v, e.value = 'me');
      }
    });
  }

  function locate(sel) {
    var g = navigator.geolocation, no = () => {
      sel.value = '';
      say(T[16]);
      go(1);
    };
    say(T[17]);
    if (!g) return no();
    g.getCurrentPosition(p => {
      here = p.coords.latitude.toFixed(3) + ',' + p.coords.longitude.toFixed(3);
      go(1);
    }, no, { timeout: 15e3, maximumAge: 6e5 });
  }

  // as the user types; not while an IME is still composing
  i = e => {
    if (e.target != q || e.isComposing) return;
    clearTimeout(timer);
    timer = setTimeout(go, 120);
  };
  on(fm, 'input', i);
  on(fm, 'compositionend', i);
  on(fm, 'change', e => {
    var t = e.target;
    if (t == q) return;
    if (t.name == 'near' && t.value == 'me') locate(t);
    else go(1);
  });
  on(fm, 'submit', e => {
    e.preventDefault();
    clearTimeout(timer);
    go();
  });
  on(fm, 'focusin', () => E.ready().catch(() => 0));
  on(more, 'click', () => page(1));
  // the counts beside filter values are computed once the filters are shown
  details().forEach(d => on(d, 'toggle', () => d.open && last && !last.counts && run()));
  on(W, 'popstate', () => {
    restore();
    run();
  });
  i = fm.querySelector('option[value=' + DAYS[wd(nd())] + ']');
  if (i) i.text += T[18];
  restore();
  if (location.search) run();
  // Offline after one visit: the service worker keeps the pages and index files seen (http(s)
  // only, not a copy opened from files).
  i = W.navigator.serviceWorker;
  if (i && location.protocol[0] == 'h') i.register(root + 'sw.js').catch(() => 0);
})(window);
