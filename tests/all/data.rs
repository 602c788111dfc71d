//! Open-data downloads under /data/: built by the real binary and read back with real parsers.

use crate::common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn built(content: &str) -> (TempDir, BTreeMap<String, Vec<u8>>) {
    let tmp = tempdir();
    let out = build(Path::new(content), &tmp.path().join("public"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = files(&tmp.path().join("public"));
    (tmp, files)
}

fn get<'a>(files: &'a BTreeMap<String, Vec<u8>>, rel: &str) -> &'a [u8] {
    files.get(rel).unwrap_or_else(|| panic!("{rel} was not built"))
}

fn json(files: &BTreeMap<String, Vec<u8>>, rel: &str) -> Value {
    serde_json::from_slice(get(files, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const HEADERS: [&str; 26] = [
    "名称",
    "别名",
    "旗县",
    "类别",
    "主题",
    "适宜学段",
    "地址",
    "纬度",
    "经度",
    "开放时间",
    "开放时间说明",
    "是否需预约",
    "预约电话",
    "联系部门",
    "微信公众号",
    "预约网址",
    "提前预约天数",
    "团体人数上限",
    "费用",
    "费用说明",
    "绿色通道",
    "状态",
    "最后更新",
    "最后核实",
    "记录id",
    "网址",
];

/// Reads a CSV download: checks the BOM and headers, returns the rows by header name.
fn csv_rows(bytes: &[u8]) -> Vec<BTreeMap<String, String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV must start with a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, HEADERS);
    reader.records().map(|r| headers.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()).collect()
}

/// Ids of the record files of a content folder, by county folder.
fn source_ids(content: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rel in files(&root().join(content).join("bases")).into_keys() {
        let (county, file) = rel.split_once('/').unwrap();
        out.entry(county.to_string()).or_default().insert(file.rsplit_once('.').unwrap().0.to_string());
    }
    out
}

#[test]
fn csv_has_a_bom_the_headers_and_one_row_per_record() {
    for content in ["content", "tests/fixtures/minimal"] {
        let (_tmp, files) = built(content);
        let by_county = source_ids(content);
        let all: BTreeSet<String> = by_county.values().flatten().cloned().collect();
        let rows = csv_rows(get(&files, "data/directory.csv"));
        assert_eq!(rows.len(), all.len(), "{content}");
        let ids: BTreeSet<String> = rows.iter().map(|r| r["记录id"].clone()).collect();
        assert_eq!(ids, all);
        let dir = json(&files, "data/directory.json");
        for (county, expected) in &by_county {
            let rows = csv_rows(get(&files, &format!("data/counties/{county}.csv")));
            let ids: BTreeSet<String> = rows.iter().map(|r| r["记录id"].clone()).collect();
            assert_eq!(&ids, expected, "{content}: data/counties/{county}.csv");
            let name = dir["counties"].as_array().unwrap().iter().find(|c| c["id"] == county.as_str()).unwrap()["name"]
                .clone();
            assert!(rows.iter().all(|r| r["旗县"] == name.as_str().unwrap()));
        }
        let csvs = files.keys().filter(|k| k.starts_with("data/counties/")).count();
        assert_eq!(csvs, dir["counties"].as_array().unwrap().len(), "one CSV per county");
    }
    let (_tmp, files) = built("content");
    let rows = csv_rows(get(&files, "data/directory.csv"));
    let wuyi = rows.iter().find(|r| r["记录id"] == "wuyi-huizhi").unwrap();
    assert_eq!(wuyi["预约电话"], "0482-555 0101");
    assert_eq!(wuyi["别名"], "五一会址、五一会议旧址");
    assert_eq!(wuyi["旗县"], "乌兰浩特市");
    assert_eq!(wuyi["开放时间"], "周二至周日 09:00–16:30，周一闭馆");
    assert_eq!(wuyi["是否需预约"], "是");
    assert_eq!(wuyi["费用"], "免费");
    assert_eq!(wuyi["网址"], "https://example.org/bases/wuyi-huizhi/");
}

#[test]
fn directory_json_holds_every_public_field() {
    let (_tmp, files) = built("content");
    let d = json(&files, "data/directory.json");
    assert_eq!(d["version"], 1);
    assert_eq!(d["generated"], TODAY);
    assert_eq!(d["site"]["base_url"], "https://example.org/");
    let records = d["records"].as_array().unwrap();
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "records in id order");
    assert_eq!(ids.len(), source_ids("content").values().map(|s| s.len()).sum::<usize>());
    let w = records.iter().find(|r| r["id"] == "wuyi-huizhi").unwrap();
    assert_eq!(w["name"], "内蒙古自治政府成立大会会址");
    assert!(w["aliases"].as_array().unwrap().iter().any(|a| a == "五一会址"));
    assert_eq!(w["booking"]["phones"][0], "0482-555 0101");
    assert_eq!(w["booking"]["group_max"], 60);
    assert_eq!(w["county"]["id"], "ulanhot");
    assert_eq!(w["county"]["name"], "乌兰浩特市");
    assert_eq!(w["category"]["id"], "patriotic-base");
    assert_eq!(w["location"]["lat"], 46.0843);
    assert_eq!(w["location"]["lng"], 122.0712);
    assert_eq!(w["hours"]["opening_hours"], "Tu-Su 09:00-16:30; Mo off");
    assert_eq!(w["hours"]["text"], "周二至周日 09:00–16:30，周一闭馆");
    assert_eq!(w["designations"][2]["level"], "national");
    assert_eq!(w["programs"][1]["duration_minutes"], 120);
    assert_eq!(w["verified"], "2026-10-20");
    assert_eq!(w["url"], "https://example.org/bases/wuyi-huizhi/");
    assert!(w["description"].as_str().unwrap().contains("**红色研学**"), "description stays Markdown");
    assert_eq!(w["sources"].as_array().unwrap().len(), 2);
}

/// Checks `v` against the subset of JSON Schema that record.schema.json uses.
fn validate(schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let ty = schema["type"].as_str();
    let ok = match ty {
        Some("object") => v.is_object(),
        Some("array") => v.is_array(),
        Some("string") => v.is_string(),
        Some("integer") => v.is_i64() || v.is_u64(),
        Some("number") => v.is_number(),
        Some("boolean") => v.is_boolean(),
        None => true,
        Some(other) => panic!("validator does not know type {other}"),
    };
    if !ok {
        errors.push(format!("{at}: expected {ty:?}, got {v}"));
        return;
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(v) {
            errors.push(format!("{at}: {v} not in {allowed:?}"));
        }
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), v.as_f64()) {
        if n < min {
            errors.push(format!("{at}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (schema["maximum"].as_f64(), v.as_f64()) {
        if n > max {
            errors.push(format!("{at}: {n} > {max}"));
        }
    }
    if let Some(s) = v.as_str() {
        if schema["minLength"].as_u64().is_some_and(|m| (s.chars().count() as u64) < m) {
            errors.push(format!("{at}: too short"));
        }
        if schema["format"] == "date" {
            let b = s.as_bytes();
            let shape = b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
            if !shape || s.parse::<jiff::civil::Date>().is_err() {
                errors.push(format!("{at}: {s} is not a date"));
            }
        }
    }
    if let Some(items) = v.as_array() {
        for (i, item) in items.iter().enumerate() {
            validate(&schema["items"], item, &format!("{at}[{i}]"), errors);
        }
    }
    if let Some(obj) = v.as_object() {
        for req in schema["required"].as_array().into_iter().flatten() {
            if !obj.contains_key(req.as_str().unwrap()) {
                errors.push(format!("{at}: missing {req}"));
            }
        }
        for (k, x) in obj {
            match schema["properties"].get(k) {
                Some(s) => validate(s, x, &format!("{at}.{k}"), errors),
                None if schema["additionalProperties"] == false => errors.push(format!("{at}: unknown field {k}")),
                None => {}
            }
        }
    }
}

fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml = if path.extension().unwrap() == "md" {
        text.split("\n---").next().unwrap().trim_start_matches("---\n").to_string()
    } else {
        text
    };
    serde_saphyr::from_str(&yaml).unwrap()
}

#[test]
fn every_record_file_validates_against_the_published_schema() {
    let (_tmp, files) = built("content");
    let schema: Value = json(&files, "data/record.schema.json");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["required"], serde_json::json!(["name", "category", "county"]));
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["properties"]["private"]["type"] == "object");
    let mut checked = 0;
    for content in ["content", "tests/fixtures/minimal"] {
        for rel in crate::common::files(&root().join(content).join("bases")).into_keys() {
            let path = root().join(content).join("bases").join(&rel);
            let mut errors = Vec::new();
            validate(&schema, &front_matter(&path), &rel, &mut errors);
            assert!(errors.is_empty(), "{content}/bases/{rel}: {errors:#?}");
            checked += 1;
        }
    }
    assert!(checked > 40);
    // The validator does reject what the schema forbids.
    for (bad, why) in [
        (serde_json::json!({"name": "x", "category": "museum"}), "missing"),
        (serde_json::json!({"name": "x", "category": "m", "county": "c", "adress": "a"}), "unknown field"),
        (serde_json::json!({"name": "x", "category": "m", "county": "c", "status": "gone"}), "not in"),
        (serde_json::json!({"name": "x", "category": "m", "county": "c", "audiences": ["adults"]}), "not in"),
        (serde_json::json!({"name": "x", "category": "m", "county": "c", "verified": "2025-13-01"}), "not a date"),
        (serde_json::json!({"name": "x", "category": "m", "county": "c", "booking": {"fee": "cheap"}}), "not in"),
        (
            serde_json::json!({"name": "x", "category": "m", "county": "c", "location": {"lat": 46, "lng": 122, "crs": "utm"}}),
            "not in",
        ),
        (
            serde_json::json!({"name": "x", "category": "m", "county": "c", "designations": [{"title": "t", "level": "city"}]}),
            "not in",
        ),
    ] {
        let mut errors = Vec::new();
        validate(&schema, &bad, "bad", &mut errors);
        assert!(errors.iter().any(|e| e.contains(why)), "{bad}: {errors:?}");
    }
}

#[test]
fn schema_command_prints_the_published_schema() {
    let out = qingdan(&["schema"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (_tmp, files) = built("tests/fixtures/minimal");
    assert_eq!(out.stdout, get(&files, "data/record.schema.json"));
    assert_eq!(printed["type"], "object");
}

#[test]
fn geojson_points_are_lng_lat_inside_the_league() {
    let (_tmp, files) = built("content");
    let g = json(&files, "data/directory.geojson");
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().unwrap();
    let d = json(&files, "data/directory.json");
    let located = d["records"].as_array().unwrap().iter().filter(|r| !r["location"].is_null()).count();
    assert_eq!(features.len(), located);
    assert!(located > 40);
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lng, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(
            (119.0..=124.0).contains(&lng) && (44.0..=48.5).contains(&lat),
            "{}: {lng},{lat}",
            f["properties"]["id"]
        );
        for key in ["id", "name", "county", "category", "phones", "hours", "url"] {
            assert!(f["properties"].get(key).is_some(), "{key}");
        }
    }
    let w = features.iter().find(|f| f["properties"]["id"] == "wuyi-huizhi").unwrap();
    assert_eq!(w["geometry"]["coordinates"], serde_json::json!([122.0712, 46.0843]));
    assert_eq!(w["properties"]["phones"][0], "0482-555 0101");
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

#[test]
fn hsds_tables_parse_reference_each_other_and_keep_their_ids() {
    let (_tmp, files) = built("content");
    let (_tmp2, again) = built("content");
    let tables = [
        "organizations",
        "services",
        "locations",
        "addresses",
        "service_at_locations",
        "phones",
        "contacts",
        "schedules",
        "cost_options",
        "languages",
        "taxonomies",
        "taxonomy_terms",
        "attributes",
    ];
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut all = BTreeSet::new();
    for t in tables {
        let rel = format!("data/hsds/{t}.json");
        assert_eq!(get(&files, &rel), get(&again, &rel), "{rel} differs between builds");
        for row in json(&files, &rel).as_array().unwrap() {
            let id = row["id"].as_str().unwrap();
            assert!(is_uuid(id), "{t}: {id}");
            assert!(all.insert(id.to_string()), "duplicate id {id}");
            ids.entry(t).or_default().insert(id.to_string());
        }
    }
    let records = source_ids("content").values().map(|s| s.len()).sum::<usize>();
    for t in ["organizations", "services", "locations", "service_at_locations"] {
        assert_eq!(ids[t].len(), records, "{t}");
    }
    let refers = |table: &str, field: &str, target: &str| {
        for row in json(&files, &format!("data/hsds/{table}.json")).as_array().unwrap() {
            let r = row[field].as_str().unwrap_or_else(|| panic!("{table}.{field} missing"));
            assert!(ids[target].contains(r), "{table}.{field} = {r} not in {target}");
        }
    };
    refers("services", "organization_id", "organizations");
    refers("locations", "organization_id", "organizations");
    refers("service_at_locations", "service_id", "services");
    refers("service_at_locations", "location_id", "locations");
    refers("phones", "service_id", "services");
    refers("phones", "location_id", "locations");
    refers("schedules", "service_id", "services");
    refers("schedules", "location_id", "locations");
    refers("schedules", "service_at_location_id", "service_at_locations");
    for s in json(&files, "data/hsds/services.json").as_array().unwrap() {
        assert!(["active", "inactive", "defunct", "temporarily closed"].contains(&s["status"].as_str().unwrap()));
        assert!(s["name"].is_string() && s["description"].is_string());
    }
    let locations = json(&files, "data/hsds/locations.json");
    let wuyi = locations.as_array().unwrap().iter().find(|l| l["external_identifier"] == "wuyi-huizhi").unwrap();
    assert_eq!((wuyi["latitude"].as_f64(), wuyi["longitude"].as_f64()), (Some(46.0843), Some(122.0712)));
    assert_eq!(wuyi["location_type"], "physical");
    let phones = json(&files, "data/hsds/phones.json");
    assert!(phones
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["number"] == "0482-555 0101" && p["location_id"] == wuyi["id"]));
    // "Tu-Su 09:00-16:30; Mo off" is one weekly rule without Monday.
    let schedules = json(&files, "data/hsds/schedules.json");
    let s: Vec<&Value> = schedules.as_array().unwrap().iter().filter(|s| s["location_id"] == wuyi["id"]).collect();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0]["freq"], "WEEKLY");
    assert_eq!(s[0]["byday"], "TU,WE,TH,FR,SA,SU");
    assert_eq!((s[0]["opens_at"].as_str(), s[0]["closes_at"].as_str()), (Some("09:00"), Some("16:30")));
    assert_eq!(s[0]["description"], "周二至周日 09:00–16:30，周一闭馆");
    // Seasonal hours: a weekly rule per season, dated for the current or next one (TODAY is in
    // the winter season of "May-Oct Mo-Su 08:00-17:30; Nov-Apr Tu-Su 09:00-16:00").
    let bailang = locations.as_array().unwrap().iter().find(|l| l["external_identifier"] == "bailang-forest-culture");
    let seasons: Vec<(&str, &str, &str, &str)> = schedules
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["location_id"] == bailang.unwrap()["id"])
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap_or_else(|| panic!("{k} in {s}"));
            (f("valid_from"), f("valid_to"), f("byday"), f("opens_at"))
        })
        .collect();
    assert_eq!(
        seasons,
        [
            ("2026-11-01", "2027-04-30", "TU,WE,TH,FR,SA,SU", "09:00"),
            ("2027-05-01", "2027-10-31", "MO,TU,WE,TH,FR,SA,SU", "08:00")
        ]
    );
    // The address, the booking office, the fee and the category, theme and grade terms.
    let row = |table: &str, field: &str, id: &Value| -> Value {
        let rows = json(&files, &format!("data/hsds/{table}.json"));
        rows.as_array().unwrap().iter().find(|r| &r[field] == id).unwrap_or_else(|| panic!("{table}")).clone()
    };
    let address = row("addresses", "location_id", &wuyi["id"]);
    assert_eq!(
        (&address["city"], &address["postal_code"], &address["state_province"], &address["country"]),
        (&Value::from("乌兰浩特市"), &Value::from("137400"), &Value::from("内蒙古自治区"), &Value::from("CN"))
    );
    let service = row("service_at_locations", "location_id", &wuyi["id"])["service_id"].clone();
    assert_eq!(row("contacts", "service_id", &service)["department"], "宣教部");
    let cost = row("cost_options", "service_id", &service);
    assert_eq!((cost["amount"].as_u64(), cost["currency"].as_str()), (Some(0), Some("CNY")));
    let terms = json(&files, "data/hsds/taxonomy_terms.json");
    let named: BTreeSet<String> = json(&files, "data/hsds/attributes.json")
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["link_id"] == service)
        .map(|a| {
            let term = terms.as_array().unwrap().iter().find(|t| t["id"] == a["taxonomy_term_id"]).unwrap();
            format!("{}:{}", a["link_type"].as_str().unwrap(), term["code"].as_str().unwrap())
        })
        .collect();
    for want in ["category:patriotic-base", "theme:patriotism", "audience:primary", "audience:senior"] {
        assert!(named.contains(want), "{want} in {named:?}");
    }
    // HSDS types its fields as strings: an absent value is left out, never null.
    for t in tables {
        let text = String::from_utf8_lossy(get(&files, &format!("data/hsds/{t}.json"))).into_owned();
        assert!(!text.contains(":null"), "{t} holds null");
    }
}

#[test]
fn data_page_lists_every_download_and_builds_are_identical() {
    let (_tmp, files) = built("content");
    let (_tmp2, again) = built("content");
    let page = String::from_utf8(get(&files, "data/index.html").to_vec()).unwrap();
    assert!(tags(&page).iter().any(|t| t.name == "html" && t.attr("lang") == Some("zh-CN")));
    assert!(page.contains("开放数据下载"));
    let links: BTreeSet<String> = tags(&page).iter().filter_map(|t| t.attr("href")).map(String::from).collect();
    // Other producers may add their own pages under data/ (e.g. data/quality/): check ours.
    let ours = |k: &str| {
        ["data/directory.json", "data/directory.csv", "data/directory.geojson", "data/record.schema.json"].contains(&k)
            || (k.starts_with("data/counties/") && k.ends_with(".csv"))
            || (k.starts_with("data/hsds/") && k.ends_with(".json"))
    };
    let downloads: Vec<&String> = files.keys().filter(|k| ours(k)).collect();
    // Four downloads, six county lists, thirteen HSDS tables and their datapackage.json.
    assert_eq!(downloads.len(), 4 + 6 + 13 + 1, "{downloads:?}");
    for rel in downloads {
        let link = format!("../{rel}");
        assert!(links.contains(&link), "data page does not link {rel}");
    }
    for (rel, bytes) in files.iter().filter(|(k, _)| k.starts_with("data/")) {
        assert_eq!(Some(bytes), again.get(rel), "{rel} differs between builds");
    }
}

#[test]
fn no_private_value_reaches_any_download() {
    for content in ["content", "tests/fixtures/minimal"] {
        let secrets = private_strings(content);
        assert!(!secrets.is_empty(), "{content} has private notes to test with");
        let (_tmp, files) = built(content);
        for (rel, bytes) in files.iter().filter(|(k, _)| k.starts_with("data/")) {
            let text = String::from_utf8_lossy(bytes);
            for s in &secrets {
                assert!(!text.contains(s.as_str()), "{rel} leaks private {s}");
                let escaped = serde_json::to_string(s).unwrap();
                assert!(!text.contains(escaped.trim_matches('"')), "{rel} leaks private {s}");
            }
        }
    }
}

#[test]
fn notes_in_html_comments_are_published_nowhere() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let record = content.join("bases/ulanhot/test-museum.md");
    let text = std::fs::read_to_string(&record).unwrap();
    std::fs::write(
        &record,
        format!("{text}\n公开的说明。<!-- 私密备注：馆长手机 139 -->\n\n<!--\n内部：下月闭馆\n-->\n"),
    )
    .unwrap();
    let out = build(&content, &tmp.path().join("public"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = files(&tmp.path().join("public"));
    assert!(String::from_utf8_lossy(get(&files, "bases/test-museum/index.html")).contains("公开的说明。"));
    for (rel, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("私密备注") && !text.contains("下月闭馆"), "{rel} publishes a comment");
    }
}

/// The CSV downloads are made for Excel: a value Excel would run as a formula is written as
/// text, with a leading `'`.
#[test]
fn csv_cells_never_run_as_formulas() {
    let tmp = tempdir();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    std::fs::write(
        content.join("bases/ulanhot/formulas.md"),
        "---\nname: 公式测试馆\ncategory: museum\ncounty: ulanhot\nhours_note: \"@SUM(A1)\"\nbooking:\n  fee_note: \"=HYPERLINK(\\\"http://example.org\\\",\\\"x\\\")\"\n  contact: \"-2+3\"\n  green_channel: \"+A1\"\n---\n正文。\n",
    )
    .unwrap();
    let out = build(&content, &tmp.path().join("public"), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in ["data/directory.csv", "data/counties/ulanhot.csv"] {
        let text = read(&tmp.path().join("public"), file);
        let mut reader = csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let row = reader.records().map(|r| r.unwrap()).find(|r| &r[0] == "公式测试馆").unwrap();
        let cells: Vec<&str> = row.iter().collect();
        for cell in &cells {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{file}: {cell}");
        }
        assert!(
            cells.contains(&"'=HYPERLINK(\"http://example.org\",\"x\")") && cells.contains(&"'@SUM(A1)"),
            "{cells:?}"
        );
        assert!(cells.contains(&"'-2+3") && cells.contains(&"'+A1"), "{cells:?}");
    }
}
