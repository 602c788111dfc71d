"""Reads a built site's open data with tools other projects use, as a reuser would.

    validate.py SITE CONTENT [--hsds-schemas DIR]

- Every record file of CONTENT, read by PyYAML's default (YAML 1.1) loader, validates against
  the site's published record.schema.json (jsonschema, draft 2020-12, formats checked).
- Every HSDS table validates against the HSDS 3.0 table rules in hsds-tables.json, its ids are
  unique UUIDs and every *_id names a row of the right table; each service assembled with its
  rows into one nested document validates too. With --hsds-schemas, a folder holding Open
  Referral's own schemas (schema/*.json and schema/compiled/service.json of the
  openreferral/specification release), the tables and documents are also validated against
  those.
- datapackage.json names every table with its size and fields.
- Every vCard parses with vobject; every phone in vCards and JSON-LD is a valid number to
  libphonenumber (the phonenumbers package).
- The Atom feed parses with feedparser without a problem.

Prints one line per finding and exits 1 if there is any.
"""

import collections
import datetime
import glob
import json
import os
import re
import sys
import uuid

import feedparser
import jsonschema
import phonenumbers
import vobject
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = os.path.dirname(os.path.abspath(__file__))
problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


def validator(schema, registry=None):
    cls = jsonschema.Draft202012Validator
    kwargs = {"format_checker": cls.FORMAT_CHECKER}
    if registry is not None:
        kwargs["registry"] = registry
    return cls(schema, **kwargs)


def front_matter(path):
    text = open(path, encoding="utf-8").read()
    if path.endswith(".yaml"):
        return text
    return text.split("---", 2)[1]


def records(site, content):
    schema = json.load(open(os.path.join(site, "data/record.schema.json"), encoding="utf-8"))
    check = validator(schema)
    paths = sorted(glob.glob(os.path.join(content, "bases/*/*.md")) + glob.glob(os.path.join(content, "bases/*/*.yaml")))
    for path in paths:
        data = yaml.load(front_matter(path), Loader=yaml.SafeLoader)  # YAML 1.1, as most scripts read it
        for e in check.iter_errors(data):
            problem(os.path.relpath(path, content), f"record schema: {'/'.join(map(str, e.path))}: {e.message}")
    return len(paths)


TABLES = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "addresses": "address",
    "service_at_locations": "service_at_location",
    "phones": "phone",
    "contacts": "contact",
    "schedules": "schedule",
    "cost_options": "cost_option",
    "languages": "language",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "attributes": "attribute",
}

# Foreign keys: field -> table its value must name.
LINKS = {
    "organization_id": "organization",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "contact_id": "contact",
    "taxonomy_id": "taxonomy",
    "taxonomy_term_id": "taxonomy_term",
}

# Child tables nested in a service document, by the field naming their service.
NESTED = {
    "schedules": "schedule",
    "phones": "phone",
    "contacts": "contact",
    "cost_options": "cost_option",
    "languages": "language",
    "service_at_locations": "service_at_location",
}


def official_registry(folder):
    resources = []
    for path in glob.glob(os.path.join(folder, "*.json")):
        contents = json.load(open(path, encoding="utf-8"))
        resources.append((os.path.basename(path), Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def hsds(site, official):
    folder = os.path.join(site, "data/hsds")
    ours = json.load(open(os.path.join(HERE, "hsds-tables.json"), encoding="utf-8"))
    ours_registry = Registry().with_resource("hsds-tables.json", Resource.from_contents(ours, default_specification=DRAFT202012))
    registry = official_registry(official) if official else None
    rows = {}
    for name, table in TABLES.items():
        data = json.load(open(os.path.join(folder, name + ".json"), encoding="utf-8"))
        rows[table] = data
        checks = [("hsds-tables.json", validator({"$ref": f"hsds-tables.json#/$defs/{table}"}, ours_registry))]
        if registry is not None:
            checks.append(("official", validator(json.load(open(os.path.join(official, table + ".json"))), registry)))
        for row in data:
            for label, check in checks:
                for e in check.iter_errors(row):
                    problem(f"hsds/{name}.json {row.get('id')}", f"{label}: {'/'.join(map(str, e.path))}: {e.message}")
    ids = collections.Counter(r["id"] for t in rows.values() for r in t)
    for i, n in ids.items():
        if n > 1:
            problem("hsds", f"id {i} used {n} times")
        try:
            uuid.UUID(i)
        except ValueError:
            problem("hsds", f"id {i} is not a UUID")
    by_table = {t: {r["id"] for r in data} for t, data in rows.items()}
    for table, data in rows.items():
        for r in data:
            for field, target in LINKS.items():
                if field in r and r[field] not in by_table[target]:
                    problem(f"hsds/{table} {r['id']}", f"{field} names no {target}")
            if table == "attribute" and r["link_id"] not in by_table.get(r["link_entity"], ()):
                problem(f"hsds/attribute {r['id']}", f"link_id names no {r['link_entity']}")
    # Each service with its rows as one document, the way the HSDS API serves it.
    compiled = None
    if official:
        compiled = validator(json.load(open(os.path.join(official, "compiled/service.json"), encoding="utf-8")))
    nested = validator({"$ref": "hsds-tables.json#/$defs/service_document"}, ours_registry)
    terms = {t["id"]: t for t in rows["taxonomy_term"]}
    taxonomies = {t["id"]: t for t in rows["taxonomy"]}
    orgs = {o["id"]: o for o in rows["organization"]}
    locations = {loc["id"]: loc for loc in rows["location"]}
    for s in rows["service"]:
        doc = dict(s)
        doc["organization"] = orgs[s["organization_id"]]
        for key, table in NESTED.items():
            doc[key] = [dict(r) for r in rows[table] if r.get("service_id") == s["id"]]
        for sal in doc["service_at_locations"]:
            loc = dict(locations[sal["location_id"]])
            loc["addresses"] = [a for a in rows["address"] if a["location_id"] == loc["id"]]
            sal["location"] = loc
        doc["attributes"] = []
        for a in rows["attribute"]:
            if a["link_id"] == s["id"]:
                term = dict(terms[a["taxonomy_term_id"]])
                term["taxonomy"] = taxonomies[term["taxonomy_id"]]
                doc["attributes"].append(dict(a, taxonomy_term=term))
        for label, check in [("nested", nested)] + ([("official compiled", compiled)] if compiled else []):
            for e in check.iter_errors(doc):
                problem(f"hsds service document {s['id']}", f"{label}: {'/'.join(map(str, e.path))}: {e.message}")
    package = json.load(open(os.path.join(folder, "datapackage.json"), encoding="utf-8"))
    listed = {r["path"]: r for r in package["resources"]}
    for name, table in TABLES.items():
        r = listed.get(name + ".json")
        if r is None:
            problem("hsds/datapackage.json", f"{name}.json is not listed")
            continue
        if r["bytes"] != os.path.getsize(os.path.join(folder, name + ".json")):
            problem("hsds/datapackage.json", f"{name}.json: bytes {r['bytes']} is not the file's size")
        fields = {f["name"] for f in r["schema"]["fields"]}
        for row in rows[table]:
            extra = set(row) - fields
            if extra:
                problem(f"hsds/datapackage.json {name}", f"fields not described: {sorted(extra)}")
                break
    return sum(len(t) for t in rows.values())


def phone(where, number):
    try:
        ok = phonenumbers.is_valid_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException as e:
        ok = False
        number = f"{number} ({e})"
    if not ok:
        problem(where, f"phone {number} is not a valid international number")


def vcards(site):
    paths = sorted(glob.glob(os.path.join(site, "bases/*/contact.vcf")))
    for path in paths:
        where = os.path.relpath(path, site)
        try:
            card = vobject.readOne(open(path, encoding="utf-8").read())
        except Exception as e:  # noqa: BLE001 - any parse failure is the finding
            problem(where, f"vobject cannot read it: {e}")
            continue
        for tel in card.contents.get("tel", []):
            if not tel.value.startswith("tel:+"):
                problem(where, f"TEL {tel.value} is not a global tel: URI")
            phone(where, tel.value.removeprefix("tel:"))
    return len(paths)


LD = re.compile(r'<script type="?application/ld\+json"?>(.*?)</script>', re.S)


def json_ld(site):
    n = 0
    for path in sorted(glob.glob(os.path.join(site, "bases/*/index.html"))):
        for block in LD.findall(open(path, encoding="utf-8").read()):
            n += 1
            data = json.loads(block)
            tels = data.get("telephone", [])
            for t in [tels] if isinstance(tels, str) else tels:
                phone(os.path.relpath(path, site), t)
            for spec in data.get("openingHoursSpecification", []):
                for key in ("validFrom", "validThrough"):
                    if key in spec:
                        datetime.date.fromisoformat(spec[key])
    return n


def atom(site):
    feed = feedparser.parse(os.path.join(site, "atom.xml"))
    if feed.bozo:
        problem("atom.xml", f"feedparser: {feed.bozo_exception}")
    return len(feed.entries)


def main():
    args = sys.argv[1:]
    official = None
    if "--hsds-schemas" in args:
        i = args.index("--hsds-schemas")
        official = args[i + 1]
        del args[i : i + 2]
    site, content = args
    counts = {
        "records": records(site, content),
        "hsds rows": hsds(site, official),
        "vcards": vcards(site),
        "json-ld blocks": json_ld(site),
        "atom entries": atom(site),
    }
    for p in problems:
        print(p)
    print("checked " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ("" if official else " (no official HSDS schemas given)"))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
