//! `/data/quality/`: for the education bureau, how complete and how fresh the directory is —
//! records per county and category, and the records missing a phone, hours or location, or
//! not verified for 12 months.

use crate::model::{urls, Directory, Record};
use crate::pages::views;
use crate::write::Output;
use serde_json::{json, Value};

pub fn outputs(dir: &Directory) -> Vec<Output<'_>> {
    vec![Output::Page { template: "quality.html", path: urls::QUALITY.into(), context: Box::new(move || context(dir)) }]
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
    let list = |keep: &dyn Fn(&Record) -> bool| -> Value {
        let records: Vec<Value> = dir
            .records
            .iter()
            .filter(|r| keep(r))
            .map(|r| {
                let v = views::summary(dir, r);
                json!({"id": v.id, "url": v.url, "name": v.name, "county": {"name": v.county.name}, "category": {"name": v.category.name}, "verified": v.verified, "source": r.source, "phones": r.booking.phones.iter().map(|p| json!({"display": p.display, "tel": p.tel})).collect::<Vec<_>>()})
            })
            .collect();
        Value::Array(records)
    };
    let mut context = serde_json::Map::new();
    context.insert("table".into(), table.into());
    context.insert("column_totals".into(), json!(totals));
    context.insert("total".into(), json!(dir.records.len()));
    context.insert(
        "problems".into(),
        json!([
            {"id": "no-phone", "title": "缺少预约电话", "records": list(&|r| r.booking.phones.is_empty())},
            {"id": "no-hours", "title": "缺少开放时间", "records": list(&|r| r.hours.is_none())},
            {"id": "no-location", "title": "缺少坐标", "records": list(&|r| r.location.is_none())},
            {"id": "stale", "title": "超过 12 个月未核实", "records": list(&|r| r.stale)},
        ]),
    );
    context
}
