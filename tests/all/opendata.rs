//! The open data as other systems read it: tests/opendata/validate.py reads the sample site's
//! record schema, HSDS tables, vCards, JSON-LD and feed with the Python packages other projects
//! use (installed by tests/setup.sh), and HSDS ids differ between sites.

use crate::common::*;
use std::process::Command;

#[test]
fn other_tools_accept_the_open_data() {
    let tmp = tempdir();
    let site = tmp.path().join("public");
    let out = build(&root().join("content"), &site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut cmd = Command::new(python());
    cmd.arg(root().join("tests/opendata/validate.py")).arg(&site).arg(root().join("content"));
    // Open Referral's own schemas (schema/ of openreferral/specification) when a folder of them
    // is given; tests/opendata/hsds-tables.json holds the same rules, stricter, in any case.
    if let Some(dir) = std::env::var_os("QINGDAN_HSDS_SCHEMAS") {
        cmd.arg("--hsds-schemas").arg(dir);
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    let records = files(&root().join("content/bases")).len();
    assert!(
        text.contains(&format!("checked {records} records, ")) && text.contains(&format!(", {records} vcards, ")),
        "{text}"
    );
}

#[test]
fn the_validator_finds_what_other_tools_refuse() {
    let tmp = tempdir();
    let site = tmp.path().join("public");
    let content = tmp.path().join("content");
    copy_tree(&root().join("content"), &content);
    let out = build(&content, &site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // What earlier versions published: a bare date, a local tel: URI, a null.
    let record = content.join("bases/ulanhot/wuyi-huizhi.md");
    let text = std::fs::read_to_string(&record).unwrap().replace("updated: \"2025-11-20\"", "updated: 2025-11-20");
    std::fs::write(&record, text).unwrap();
    let vcard = site.join("bases/wuyi-huizhi/contact.vcf");
    let text = std::fs::read_to_string(&vcard).unwrap().replace("tel:+86-482-5550101", "tel:04825550101");
    std::fs::write(&vcard, text).unwrap();
    let services = site.join("data/hsds/services.json");
    let text = std::fs::read_to_string(&services).unwrap().replacen("\"status\":", "\"email\":null,\"status\":", 1);
    std::fs::write(&services, text).unwrap();
    let out =
        Command::new(python()).arg(root().join("tests/opendata/validate.py")).args([&site, &content]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("bases/ulanhot/wuyi-huizhi.md: record schema: updated: datetime.date(2025, 11, 20)"),
        "{text}"
    );
    assert!(text.contains("bases/wuyi-huizhi/contact.vcf: TEL tel:04825550101 is not a global tel: URI"), "{text}");
    assert!(text.contains("hsds/services.json") && text.contains("None is not of type 'string'"), "{text}");
}

#[test]
fn hsds_ids_are_stable_for_a_site_and_distinct_between_sites() {
    let ids = |base: &str| -> Vec<String> {
        let tmp = tempdir();
        let out = build(&root().join("content"), &tmp.path().join("public"), &["--base-url", base]);
        assert!(out.status.success(), "{}", stderr(&out));
        let rows: serde_json::Value =
            serde_json::from_str(&read(&tmp.path().join("public"), "data/hsds/organizations.json")).unwrap();
        rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    let (a, again, b) = (ids("https://a.example/"), ids("https://a.example/"), ids("https://b.example/qingdan/"));
    assert_eq!(a, again);
    assert_eq!(a.len(), b.len());
    assert!(a.iter().all(|id| !b.contains(id)), "two sites share HSDS ids");
}
