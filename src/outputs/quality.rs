//! `/data/quality/`: for the people who keep the data, first what to do now — the records whose
//! verification is overdue or falls due within [`DUE_DAYS`], by county, each with its file and
//! booking phone (also as one CSV per county), and the places temporarily closed — then how
//! complete the directory is: records per county and category, and those missing a phone,
//! hours or location.

use super::data::{inert, phones};
use crate::model::{urls, Directory, Record, Status};
use crate::pages::views;
use crate::write::Output;
use jiff::civil::Date;
use serde_json::{json, Value};

/// How far ahead a verification falling due is listed.
pub const DUE_DAYS: i64 = 60;

pub fn outputs(dir: &Directory) -> Vec<Output<'_>> {
    let mut out = vec![Output::Page {
        template: "quality.html",
        path: urls::QUALITY.into(),
        key: dir.digest(),
        context: Box::new(move || context(dir)),
    }];
    for (i, c) in dir.counties.iter().enumerate() {
        out.push(Output::Made { path: due_csv(&c.id), make: Box::new(move || csv(dir, i)) });
    }
    out
}

/// Keeps the previous build's quality page and lists, if it made each of them.
pub fn keep_previous(dir: &Directory, sink: &crate::write::Sink) -> bool {
    let mut paths: Vec<String> = dir.counties.iter().map(|c| due_csv(&c.id)).collect();
    paths.push(urls::file(urls::QUALITY));
    sink.keep_previous(&paths)
}

fn due_csv(county: &str) -> String {
    format!("{}due-{county}.csv", urls::QUALITY)
}

/// The day a record's verification falls due: 12 months after it was verified (`None`: never was).
fn due_on(r: &Record) -> Option<Date> {
    r.verified.and_then(|d| d.checked_add(jiff::Span::new().months(12)).ok())
}

/// The county's records that are overdue or fall due within [`DUE_DAYS`], the most urgent first.
fn due(dir: &Directory, county: usize) -> Vec<&Record> {
    let soon = dir.today.checked_add(jiff::Span::new().days(DUE_DAYS)).unwrap_or(dir.today);
    let mut due: Vec<&Record> =
        dir.county_records(county).filter(|r| r.stale || due_on(r).is_some_and(|d| d <= soon)).collect();
    due.sort_by_key(|r| (due_on(r), r.id.as_str()));
    due
}

/// A county's due records as a CSV for Excel: what to check, with whom, in which file.
fn csv(dir: &Directory, county: usize) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xEF\xBB\xBF".to_vec());
    let header = ["名称", "核实到期", "最后核实", "预约电话", "联系部门", "状态", "文件", "记录id", "网址"];
    w.write_record(header).expect("in memory");
    for r in due(dir, county) {
        let row = [
            r.name.clone(),
            due_on(r).map_or("从未核实".into(), |d| d.to_string()),
            r.verified.map(|d| d.to_string()).unwrap_or_default(),
            phones(&r.booking.phones),
            r.booking.contact.clone().unwrap_or_default(),
            r.status.words().to_string(),
            r.source.clone(),
            r.id.clone(),
            dir.record_url(r),
        ];
        w.write_record(row.map(inert)).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

fn context(dir: &Directory) -> serde_json::Map<String, Value> {
    let table: Vec<Value> = dir
        .counties
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let cells: Vec<usize> =
                (0..dir.categories.len()).map(|k| dir.records.iter().filter(|r| r.county == ci && r.category == k).count()).collect();
            json!({"id": c.id, "name": c.name, "url": urls::county(&c.id), "cells": cells, "total": cells.iter().sum::<usize>()})
        })
        .collect();
    let totals: Vec<usize> =
        (0..dir.categories.len()).map(|k| dir.records.iter().filter(|r| r.category == k).count()).collect();
    // Only what the page shows of each record: a stale record is common, and at 100,000 records
    // whole summaries made this page's context 390 MB.
    let item = |r: &Record| -> Value {
        let v = views::summary(dir, r);
        let phones: Vec<Value> = r.booking.phones.iter().map(|p| json!({"display": p.display, "tel": p.tel})).collect();
        json!({"id": v.id, "url": v.url, "name": v.name, "county": {"name": v.county.name}, "category": {"name": v.category.name}, "verified": v.verified, "due": due_on(r).map(|d| d.to_string()), "overdue": r.stale, "source": r.source, "phones": phones})
    };
    let list = |keep: &dyn Fn(&Record) -> bool| -> Value { dir.records.iter().filter(|r| keep(r)).map(item).collect() };
    let due: Vec<Value> = (0..dir.counties.len())
        .map(|i| {
            let c = &dir.counties[i];
            let records: Vec<Value> = due(dir, i).into_iter().map(item).collect();
            json!({"id": c.id, "name": c.name, "csv": due_csv(&c.id), "records": records})
        })
        .collect();
    let mut context = serde_json::Map::new();
    context.insert("due_days".into(), json!(DUE_DAYS));
    context.insert(
        "due_count".into(),
        json!(due.iter().map(|c| c["records"].as_array().map_or(0, Vec::len)).sum::<usize>()),
    );
    context.insert("due".into(), due.into());
    context.insert("closed".into(), list(&|r| r.status == Status::TemporarilyClosed));
    context.insert("table".into(), table.into());
    context.insert("column_totals".into(), json!(totals));
    context.insert("total".into(), json!(dir.records.len()));
    context.insert(
        "problems".into(),
        json!([
            {"id": "no-phone", "title": "缺少预约电话", "records": list(&|r| r.booking.phones.is_empty())},
            {"id": "no-hours", "title": "缺少开放时间", "records": list(&|r| r.hours.is_none())},
            {"id": "no-location", "title": "缺少坐标", "records": list(&|r| r.location.is_none())},
        ]),
    );
    context
}
