#!/usr/bin/env python3
"""Turn a qingdan content folder into a Hugo site, for the build comparison in bench/run.sh.

    python3 bench/hugo/convert.py CONTENT_DIR SITE_DIR [--today YYYY-MM-DD]

Python 3.11 standard library only. SITE_DIR is (re)created and gets:

  config.toml                 taxonomies counties/categories/themes, minified output, one feed
                              of the 100 latest records (qingdan's atom.xml), sitemap, robots.txt
  data/qd.json                site, counties, categories (with their group), themes, audiences,
                              levels, statuses: the list files of the content folder
  content/_index.md           home
  content/bases/<id>.md       one per record: the record's own fields as YAML front matter
                              (`name` as Hugo's `title`, `aliases` as `alt_names` since Hugo's
                              `aliases` writes redirect pages; `county`, `category` and `themes`
                              as the taxonomy lists `counties`, `categories`, `themes`;
                              `private:` is dropped, as qingdan drops it) and the Markdown
                              description as body
  content/<taxonomy>/<id>/_index.md   a term page per county, category and theme (name, order)
  content/search/_index.md, content/updates/_index.md   the search form page, the 100 latest
  layouts/                    a copy of bench/hugo/layouts/ (the templates of qingdan's default
                              theme, written for Hugo)
  static/static/              style.css, favicon.svg and search.js of qingdan's default theme

Hugo cannot parse OpenStreetMap opening hours or compute GCJ-02/BD-09 coordinates in templates
(Hugo 0.111 has no trigonometry), so this script adds them to each record as `derived:`
{hours_text, hours_spec, gcj02, bd09}: the words qingdan shows for `hours`, the
openingHoursSpecification of its JSON-LD, and the points of the 高德/腾讯 and 百度 map links.
Everything else (names of ids, 信息待核实 from `verified`, phone links, fee and status words,
JSON-LD, vCard, Markdown) is done by the Hugo templates at build time, as qingdan does it.

The YAML reader covers what qingdan's generator (examples/gen.rs) and the sample directory
write: block mappings and sequences, flow `{}`/`[]`, plain, single- and double-quoted scalars,
comments, literal and folded block scalars (`|`, `>`). Anchors and tags are not supported and
stop the script.
"""

import json
import math
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
THEME_STATIC = os.path.join(REPO, "themes", "default", "static")

# ---------------------------------------------------------------------------------------------
# A small YAML reader


class YamlError(Exception):
    pass


def _strip_comment(line):
    """The line without a trailing `# comment` (a # after whitespace, outside quotes)."""
    quote = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 2
                continue
            if c == quote:
                if quote == "'" and line[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                quote = None
        elif c in "\"'" and (i == 0 or line[i - 1] in " \t[{,:-"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip()
        i += 1
    return line.rstrip()


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "/": "/", " ": " ", "a": "\a",
            "b": "\b", "e": "\x1b", "f": "\f", "v": "\v", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _plain(text):
    t = text.strip()
    if t in ("", "~", "null", "Null", "NULL"):
        return None
    if t in ("true", "True", "TRUE"):
        return True
    if t in ("false", "False", "FALSE"):
        return False
    if re.fullmatch(r"[-+]?[0-9]+", t):
        return int(t)
    if re.fullmatch(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?", t):
        return float(t)
    return t


class _Flow:
    """Reads one scalar or flow collection from a string, starting at pos."""

    def __init__(self, s, where):
        self.s, self.i, self.where = s, 0, where

    def fail(self, msg):
        raise YamlError(f"{self.where}: {msg} in {self.s!r}")

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t":
            self.i += 1

    def value(self, in_flow):
        self.ws()
        if self.i >= len(self.s):
            return None
        c = self.s[self.i]
        if c == "{":
            return self.mapping()
        if c == "[":
            return self.sequence()
        if c == '"':
            return self.double()
        if c == "'":
            return self.single()
        if c in "|>&*!":
            self.fail(f"unsupported YAML syntax `{c}`")
        start = self.i
        while self.i < len(self.s):
            c = self.s[self.i]
            if in_flow and c in ",]}":
                break
            if in_flow and c == ":" and (self.i + 1 == len(self.s) or self.s[self.i + 1] in " ,]}"):
                break
            self.i += 1
        return _plain(self.s[start : self.i])

    def double(self):
        self.i += 1
        out = []
        while True:
            if self.i >= len(self.s):
                self.fail("unterminated string")
            c = self.s[self.i]
            if c == '"':
                self.i += 1
                return "".join(out)
            if c == "\\":
                e = self.s[self.i + 1 : self.i + 2]
                if e in _ESCAPES:
                    out.append(_ESCAPES[e])
                    self.i += 2
                elif e in ("x", "u", "U"):
                    n = {"x": 2, "u": 4, "U": 8}[e]
                    out.append(chr(int(self.s[self.i + 2 : self.i + 2 + n], 16)))
                    self.i += 2 + n
                else:
                    self.fail(f"unknown escape \\{e}")
            else:
                out.append(c)
                self.i += 1

    def single(self):
        self.i += 1
        out = []
        while True:
            if self.i >= len(self.s):
                self.fail("unterminated string")
            c = self.s[self.i]
            if c == "'":
                if self.s[self.i + 1 : self.i + 2] == "'":
                    out.append("'")
                    self.i += 2
                    continue
                self.i += 1
                return "".join(out)
            out.append(c)
            self.i += 1

    def expect(self, c):
        self.ws()
        if self.s[self.i : self.i + 1] != c:
            self.fail(f"expected `{c}`")
        self.i += 1

    def mapping(self):
        self.i += 1
        out = {}
        while True:
            self.ws()
            if self.s[self.i : self.i + 1] == "}":
                self.i += 1
                return out
            key = self.value(True)
            self.expect(":")
            out[str(key)] = self.value(True)
            self.ws()
            if self.s[self.i : self.i + 1] == ",":
                self.i += 1

    def sequence(self):
        self.i += 1
        out = []
        while True:
            self.ws()
            if self.s[self.i : self.i + 1] == "]":
                self.i += 1
                return out
            out.append(self.value(True))
            self.ws()
            if self.s[self.i : self.i + 1] == ",":
                self.i += 1

    def whole(self):
        v = self.value(False)
        self.ws()
        if self.i != len(self.s):
            self.fail("trailing text")
        return v


_KEY = re.compile(r"""^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'{\[#-][^:]*?|-[^\s:][^:]*?)\s*:(?:\s+|$)""")


def _key(line):
    """(key, rest) when the line is `key: rest`, else None."""
    m = _KEY.match(line)
    if not m:
        return None
    k = m.group(1)
    if k[0] in "\"'":
        k = _Flow(k, "key").whole()
    return str(k), line[m.end():]


def parse_yaml(text, where="yaml"):
    lines = []
    for n, raw in enumerate(text.split("\n"), 1):
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise YamlError(f"{where}:{n}: tab in indentation")
        s = _strip_comment(raw)
        if s.strip():
            lines.append((len(s) - len(s.lstrip(" ")), s.strip(), n))
    pos = [0]
    raw_lines = text.split("\n")

    def scalar(s, n):
        return _Flow(s, f"{where}:{n}").whole()

    def block_scalar(head, ind, n):
        """`|` or `>` (with an optional chomping `-`/`+`): the more-indented raw lines after line n."""
        m = re.fullmatch(r"([|>])([-+]?)", head)
        if not m:
            raise YamlError(f"{where}:{n}: unsupported block scalar header `{head}`")
        body, k = [], n
        while k < len(raw_lines) and (not raw_lines[k].strip() or len(raw_lines[k]) - len(raw_lines[k].lstrip(" ")) > ind):
            body.append(raw_lines[k])
            k += 1
        while pos[0] < len(lines) and lines[pos[0]][2] <= k:
            pos[0] += 1
        while body and not body[-1].strip():
            body.pop()
        cut = min((len(b) - len(b.lstrip(" ")) for b in body if b.strip()), default=0)
        body = [b[cut:] for b in body]
        if m.group(1) == "|":
            v = "\n".join(body)
        else:
            v = re.sub(r"(?<!\n)\n(?!\n)", " ", "\n".join(body)).replace("\n\n", "\n")
        return v if m.group(2) == "-" else v + "\n"

    def block(indent):
        ind, s, n = lines[pos[0]]
        if s == "-" or s.startswith("- "):
            return seq(ind)
        if _key(s):
            return mapping(ind)
        pos[0] += 1
        return scalar(s, n)

    def value_after(rest, ind, n, seq_ok):
        if rest[:1] in ("|", ">"):
            return block_scalar(rest, ind, n)
        if rest:
            return scalar(rest, n)
        if pos[0] < len(lines):
            nind, ns, _ = lines[pos[0]]
            if nind > ind or (seq_ok and nind == ind and (ns == "-" or ns.startswith("- "))):
                return block(nind)
        return None

    def mapping(ind):
        out = {}
        while pos[0] < len(lines):
            lind, s, n = lines[pos[0]]
            if lind < ind:
                break
            if lind > ind:
                raise YamlError(f"{where}:{n}: unexpected indentation")
            kv = _key(s)
            if not kv:
                break
            pos[0] += 1
            out[kv[0]] = value_after(kv[1].strip(), ind, n, True)
        return out

    def seq(ind):
        out = []
        while pos[0] < len(lines):
            lind, s, n = lines[pos[0]]
            if lind != ind or not (s == "-" or s.startswith("- ")):
                break
            rest = s[1:].lstrip(" ")
            item_ind = ind + (len(s) - len(rest))
            pos[0] += 1
            kv = _key(rest) if rest and rest[0] not in "{[\"'" else None
            if kv:
                item = {kv[0]: value_after(kv[1].strip(), item_ind, n, True)}
                while pos[0] < len(lines) and lines[pos[0]][0] == item_ind and _key(lines[pos[0]][1]):
                    item.update(mapping(item_ind))
                out.append(item)
            else:
                out.append(value_after(rest, ind, n, False))
        return out

    if not lines:
        return None
    v = block(lines[0][0])
    if pos[0] != len(lines):
        raise YamlError(f"{where}:{lines[pos[0]][2]}: cannot read this line")
    return v


def read_record(path):
    text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n")
    if path.endswith(".md"):
        if not text.startswith("---\n"):
            raise YamlError(f"{path}: no front matter")
        end = text.find("\n---", 3)
        if end < 0:
            raise YamlError(f"{path}: front matter not closed")
        nl = text.find("\n", end + 4)
        body = "" if nl < 0 else text[nl + 1 :]
        return parse_yaml(text[4 : end + 1], path) or {}, body
    data = parse_yaml(text, path) or {}
    return data, data.pop("description", "") or ""


# ---------------------------------------------------------------------------------------------
# YAML writer (block style; strings as JSON double-quoted scalars, which YAML reads as such)


def _scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)


def _flow(v):
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k}: {_flow(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    return _scalar(v)


def write_yaml(obj, out, indent=0):
    pad = " " * indent
    for k, v in obj.items():
        if isinstance(v, dict) and v and any(isinstance(x, (dict, list)) for x in v.values()):
            out.append(f"{pad}{k}:")
            write_yaml(v, out, indent + 2)
        elif isinstance(v, list) and any(isinstance(x, dict) for x in v):
            out.append(f"{pad}{k}:")
            for item in v:
                if isinstance(item, dict) and any(isinstance(x, list) or isinstance(x, dict) for x in item.values()):
                    first = True
                    for ik, iv in item.items():
                        out.append(f"{pad}  {'- ' if first else '  '}{ik}: {_flow(iv)}")
                        first = False
                else:
                    out.append(f"{pad}  - {_flow(item)}")
        else:
            out.append(f"{pad}{k}: {_flow(v)}")


# ---------------------------------------------------------------------------------------------
# Opening hours (the subset of OpenStreetMap's syntax the records use) in qingdan's words

DAY_IDS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_ZH = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
DAY_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _parse_rule(rule):
    """(months bitmask, days bitmask or None, PH?, spans [(a, b) minutes] or None for off)."""
    toks = rule.split()
    months = 0xFFF
    if toks and re.fullmatch(r"[A-Z][a-z]{2}(-[A-Z][a-z]{2})?", toks[0]) and toks[0][:3] in MONTHS:
        a, _, b = toks[0].partition("-")
        i, j = MONTHS.index(a), MONTHS.index(b or a)
        months = 0
        k = i
        while True:
            months |= 1 << k
            if k == j:
                break
            k = (k + 1) % 12
        toks = toks[1:]
    days, ph = None, False
    if toks and re.fullmatch(r"(PH|Mo|Tu|We|Th|Fr|Sa|Su)([-,](PH|Mo|Tu|We|Th|Fr|Sa|Su))*", toks[0]):
        days = 0
        for part in toks[0].split(","):
            if part == "PH":
                ph = True
                continue
            a, _, b = part.partition("-")
            i, j = DAY_IDS.index(a), DAY_IDS.index(b or a)
            k = i
            while True:
                days |= 1 << k
                if k == j:
                    break
                k = (k + 1) % 7
        toks = toks[1:]
    if toks == ["off"] or toks == ["closed"]:
        spans = None
    else:
        if len(toks) != 1:
            raise ValueError(rule)
        spans = []
        for t in toks[0].split(","):
            m = re.fullmatch(r"(\d\d):(\d\d)-(\d\d):(\d\d)", t)
            if not m:
                raise ValueError(rule)
            h1, m1, h2, m2 = map(int, m.groups())
            spans.append((h1 * 60 + m1, h2 * 60 + m2))
    return months, days, ph, spans


def _days_text(days, ph):
    if days is None or days == 0:
        return "法定节假日" if ph else "每天"
    if days == 0x7F:
        return "每天"
    idx = [d for d in range(7) if days >> d & 1]
    if len(idx) > 2 and idx == list(range(idx[0], idx[-1] + 1)):
        t = f"{DAY_ZH[idx[0]]}至{DAY_ZH[idx[-1]]}"
    else:
        t = "、".join(DAY_ZH[d] for d in idx)
    return t + ("、法定节假日" if ph else "")


def _months_text(months):
    idx = [m for m in range(12) if months >> m & 1]
    # a wrapping range such as Nov-Apr: start after the gap
    start = next((m for m in idx if not months >> ((m - 1) % 12) & 1), idx[0])
    end = start
    while months >> ((end + 1) % 12) & 1 and (end + 1) % 12 != start:
        end = (end + 1) % 12
    return f"{start + 1}月至{end + 1}月" if start != end else f"{start + 1}月"


def _hhmm(m):
    return f"{m // 60:02d}:{m % 60:02d}"


def hours_derived(raw):
    """(text, openingHoursSpecification list or None); (raw, None) when the syntax is not read."""
    if raw.strip() == "24/7":
        return "全天24小时开放", [{"days": DAY_EN, "opens": "00:00", "closes": "23:59"}]
    try:
        rules = [_parse_rule(r.strip()) for r in raw.split(";") if r.strip()]
    except (ValueError, IndexError):
        return raw, None
    parts = []
    covered = 0
    for months, days, ph, spans in rules:
        if spans is None:
            parts.append(f"{_days_text(days, ph) if days or ph else '每天'}闭馆")
            continue
        covered |= months
        t = f"{_days_text(days, ph)} " + "、".join(f"{_hhmm(a)}–{_hhmm(b)}" for a, b in spans)
        if months != 0xFFF:
            t = f"{_months_text(months)} {t}"
        parts.append(t)
    text = "，".join(parts)
    if covered and covered != 0xFFF:
        text += "，其余时间不开放"
    spec = None
    if all(m == 0xFFF for m, _, _, _ in rules):
        per_day = [None] * 7
        for _, days, ph, spans in rules:
            if days is None and ph:
                continue
            d_mask = 0x7F if days is None else days
            for d in range(7):
                if d_mask >> d & 1:
                    per_day[d] = spans or []
        spec, done = [], [False] * 7
        for d in range(7):
            if not per_day[d] or done[d]:
                continue
            same = [e for e in range(d, 7) if per_day[e] == per_day[d]]
            for e in same:
                done[e] = True
            for a, b in per_day[d]:
                spec.append({"days": [DAY_EN[e] for e in same], "opens": _hhmm(a), "closes": _hhmm(b)})
        spec = spec or None
    return text, spec


# ---------------------------------------------------------------------------------------------
# Coordinates (the public GCJ-02 formula, as src/geo.rs)

_A, _EE, _XPI = 6378245.0, 0.006693421622965943, math.pi * 3000.0 / 180.0


def _off_lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    return r + (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0


def _off_lng(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    return r + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0


def wgs_to_gcj(lat, lng):
    dlat, dlng = _off_lat(lng - 105.0, lat - 35.0), _off_lng(lng - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1.0 - _EE * math.sin(rad) ** 2
    sq = math.sqrt(magic)
    return (lat + dlat * 180.0 / ((_A * (1.0 - _EE)) / (magic * sq) * math.pi),
            lng + dlng * 180.0 / (_A / sq * math.cos(rad) * math.pi))


def gcj_to_wgs(lat, lng):
    w = (lat, lng)
    for _ in range(30):
        b = wgs_to_gcj(*w)
        d = (b[0] - lat, b[1] - lng)
        w = (w[0] - d[0], w[1] - d[1])
        if abs(d[0]) < 1e-10 and abs(d[1]) < 1e-10:
            break
    return w


def gcj_to_bd(lat, lng):
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _XPI)
    t = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _XPI)
    return z * math.sin(t) + 0.006, z * math.cos(t) + 0.0065


def bd_to_gcj(lat, lng):
    x, y = lng - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _XPI)
    t = math.atan2(y, x) - 0.000003 * math.cos(x * _XPI)
    return z * math.sin(t), z * math.cos(t)


# ---------------------------------------------------------------------------------------------
# The site

SCHEMA_TYPES = {
    "museum": "Museum", "art-gallery": "Museum", "science-centre": "Museum", "library": "Library",
    "sports-venue": "SportsActivityLocation", "fire-station": "FireStation", "university": "CollegeOrUniversity",
    "youth-centre": "EducationalOrganization", "practice-base": "EducationalOrganization",
    "labour-base": "EducationalOrganization", "community": "EducationalOrganization",
    "patriotic-base": ["LandmarksOrHistoricalBuildings", "TouristAttraction"],
    "health": ["MedicalOrganization", "Place"], "enterprise": ["Organization", "Place"],
    "performing-arts": ["PerformingGroup", "Place"],
}
AUDIENCES = [("kindergarten", "幼儿园"), ("primary", "小学"), ("junior", "初中"), ("senior", "高中"), ("parents", "家长")]
LEVELS = {"national": "国家级", "region": "自治区级", "league": "盟级", "county": "旗县级"}
STATUSES = {"open": "开放", "temporarily_closed": "暂停开放", "closed": "已关闭"}
FEES = {"free": "免费", "paid": "收费"}


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def front(fields, body=""):
    out = ["---"]
    write_yaml(fields, out)
    out.append("---")
    return "\n".join(out) + "\n" + body


def convert(content, site_dir, today):
    site = parse_yaml(open(os.path.join(content, "site.yaml"), encoding="utf-8-sig").read(), "site.yaml")
    counties = parse_yaml(open(os.path.join(content, "counties.yaml"), encoding="utf-8-sig").read(), "counties.yaml")
    categories = parse_yaml(open(os.path.join(content, "categories.yaml"), encoding="utf-8-sig").read(), "categories.yaml")
    themes_path = os.path.join(content, "themes.yaml")
    themes = parse_yaml(open(themes_path, encoding="utf-8-sig").read(), "themes.yaml") if os.path.exists(themes_path) else []
    themes = themes or []

    if os.path.exists(site_dir):
        shutil.rmtree(site_dir)
    os.makedirs(site_dir)
    shutil.copytree(os.path.join(HERE, "layouts"), os.path.join(site_dir, "layouts"))
    os.makedirs(os.path.join(site_dir, "static", "static"))
    for f in ("style.css", "favicon.svg", "search.js"):
        shutil.copy(os.path.join(THEME_STATIC, f), os.path.join(site_dir, "static", "static", f))

    base_url = site.get("base_url") or "https://example.org/"
    if not base_url.endswith("/"):
        base_url += "/"
    contact = site.get("contact") or {}
    phone = contact.get("phone")
    with open(os.path.join(site_dir, "config.toml"), "w", encoding="utf-8") as f:
        f.write(f"""baseURL = {toml_str(base_url)}
languageCode = {toml_str(site.get("language") or "zh-CN")}
defaultContentLanguage = "zh"
title = {toml_str(site["title"])}
enableRobotsTXT = true
disableHugoGeneratorInject = true
# Hugo's own `--minify`, set here so that a plain `hugo` build minifies too.
[minify]
  minifyOutput = true
[taxonomies]
  county = "counties"
  category = "categories"
  theme = "themes"
[frontmatter]
  date = ["updated", ":default"]
  lastmod = ["updated", ":default"]
# One feed of the 100 latest records on the home page (qingdan's atom.xml); no feed per list.
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
  page = ["HTML", "vcard"]
[services.rss]
  limit = 100
[mediaTypes."text/vcard"]
  suffixes = ["vcf"]
[outputFormats.vcard]
  mediaType = "text/vcard"
  baseName = "contact"
  isPlainText = true
  notAlternative = true
[params]
  today = {toml_str(today)}
  description = {toml_str(site.get("description") or "")}
  publisher = {toml_str(site.get("publisher") or "")}
  sample = {"true" if site.get("sample") else "false"}
  email = {toml_str(contact.get("email") or "")}
  phone = {toml_str(phone or "")}
  phone_tel = {toml_str(re.sub(r"[^0-9+]", "", phone or ""))}
""")

    groups = []
    for c in categories:
        g = c.get("group") or c["name"]
        if not groups or all(x["name"] != g for x in groups):
            groups.append({"name": g, "categories": []})
        next(x for x in groups if x["name"] == g)["categories"].append(c["id"])
    data = {
        "county_list": [c["id"] for c in counties],
        "counties": {c["id"]: {"name": c["name"], "code": c.get("code")} for c in counties},
        "category_list": [c["id"] for c in categories],
        "categories": {c["id"]: {"name": c["name"], "group": c.get("group") or "",
                                 "schema": SCHEMA_TYPES.get(c["id"], "Place")} for c in categories},
        "groups": groups,
        "theme_list": [t["id"] for t in themes],
        "themes": {t["id"]: {"name": t["name"]} for t in themes},
        "audience_list": [a for a, _ in AUDIENCES],
        "audiences": dict(AUDIENCES),
        "levels": LEVELS,
        "statuses": STATUSES,
        "fees": FEES,
    }
    os.makedirs(os.path.join(site_dir, "data"))
    with open(os.path.join(site_dir, "data", "qd.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)

    cdir = os.path.join(site_dir, "content")
    os.makedirs(cdir)

    def write(rel, text):
        p = os.path.join(cdir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)

    write("_index.md", front({"title": site["title"]}))
    write("search/_index.md", front({"title": "搜索"}))
    write("updates/_index.md", front({"title": "最近更新"}))
    write("bases/_index.md", front({"title": "场所", "_build": {"render": "never", "list": "always"}}))
    for tax, title, items in (("counties", "旗县清单", counties), ("categories", "分类", categories), ("themes", "主题", themes)):
        write(f"{tax}/_index.md", front({"title": title}))
        for n, it in enumerate(items, 1):
            fields = {"title": it["name"], "weight": n}
            if tax == "categories":
                fields["group"] = it.get("group") or ""
            write(f"{tax}/{it['id']}/_index.md", front(fields))

    n = 0
    bases = os.path.join(content, "bases")
    for county in sorted(os.listdir(bases)):
        folder = os.path.join(bases, county)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not (name.endswith(".md") or name.endswith(".yaml")):
                continue
            rid = name.rsplit(".", 1)[0]
            rec, body = read_record(os.path.join(folder, name))
            rec.pop("private", None)
            fields = {"title": rec.pop("name")}
            for k, v in rec.items():
                if k == "county":
                    fields["counties"] = [v]
                elif k == "category":
                    fields["categories"] = [v]
                elif k == "aliases":
                    fields["alt_names"] = v  # Hugo's own `aliases` would write redirect pages
                else:
                    fields[k] = v
            derived = {}
            if rec.get("hours"):
                text, spec = hours_derived(rec["hours"])
                derived["hours_text"] = text
                if spec:
                    derived["hours_spec"] = spec
            loc = rec.get("location")
            if loc:
                lat, lng = float(loc["lat"]), float(loc["lng"])
                crs = loc.get("crs") or "wgs84"
                if crs == "gcj02":
                    lat, lng = gcj_to_wgs(lat, lng)
                elif crs == "bd09":
                    lat, lng = gcj_to_wgs(*bd_to_gcj(lat, lng))
                fields["location"] = {"lat": round(lat, 6) if crs != "wgs84" else loc["lat"],
                                      "lng": round(lng, 6) if crs != "wgs84" else loc["lng"]}
                g = wgs_to_gcj(lat, lng)
                b = gcj_to_bd(*g)
                derived["gcj02"] = {"lat": f"{g[0]:.6f}", "lng": f"{g[1]:.6f}"}
                derived["bd09"] = {"lat": f"{b[0]:.6f}", "lng": f"{b[1]:.6f}"}
            fields["derived"] = derived
            write(f"bases/{rid}.md", front(fields, body))
            n += 1
    return n


def main(argv):
    args = [a for a in argv if not a.startswith("--today")]
    today = "2026-11-29"
    for i, a in enumerate(argv):
        if a == "--today" and i + 1 < len(argv):
            today = argv[i + 1]
            args.remove(today)
        elif a.startswith("--today="):
            today = a.split("=", 1)[1]
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        n = convert(args[0], args[1], today)
    except (YamlError, OSError, KeyError) as e:
        print(f"convert.py: {e}", file=sys.stderr)
        return 1
    print(f"converted {n} records from {args[0]} into the Hugo site {args[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
