//! `qingdan search`: the site's search from a terminal, one line per result or JSON.

use super::report;
use crate::diag::Format;
use crate::model::words;
use crate::search::{Engine, Query};
use clap::Args;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct SearchArgs {
    /// The query: Chinese, pinyin (kejiguan, ke ji guan) or initials (kjg); may be empty with filters
    query: Vec<String>,
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Only these counties (repeatable)
    #[arg(long)]
    county: Vec<String>,
    /// Only these categories (repeatable)
    #[arg(long)]
    category: Vec<String>,
    /// Only these themes (repeatable)
    #[arg(long)]
    theme: Vec<String>,
    /// Only places for these audiences: kindergarten, primary, junior, senior, parents
    #[arg(long)]
    grade: Vec<String>,
    /// Only free places
    #[arg(long)]
    free: bool,
    /// Only places that need no booking
    #[arg(long)]
    no_booking: bool,
    /// Only places with a green channel for school groups
    #[arg(long)]
    green: bool,
    /// Only places that take a school group of this many pupils
    #[arg(long)]
    size: Option<u32>,
    /// Only places open on one of these (repeatable): mo…su, weekend, workday, today, tomorrow or now
    #[arg(long)]
    open: Vec<String>,
    /// Sort by distance from a county seat (county id) or from LAT,LNG
    #[arg(long)]
    near: Option<String>,
    /// Print JSON: {"results": [{"id", "name", "score", …}], "total", "mode", "counts"}
    #[arg(long)]
    json: bool,
    /// How many results to print
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// The moment for "open", 今天 and today's hours, e.g. 2026-11-29T10:00 (default: now in China)
    #[arg(long)]
    at: Option<jiff::civil::DateTime>,
    /// The day for "open", 今天 and 明天, at noon (when --at is not given)
    #[arg(long)]
    today: Option<jiff::civil::Date>,
}

pub fn run(args: SearchArgs) -> ExitCode {
    let now = args.at.or(args.today.map(|d| d.at(12, 0, 0, 0))).unwrap_or_else(crate::model::time::now);
    let loaded = crate::load(&crate::Options::reading(args.content.clone(), now.date()));
    let Some(dir) = &loaded.directory else {
        report::diagnostics(&loaded.diagnostics, &loaded.sources, Format::Human);
        return ExitCode::from(1);
    };
    let engine = match Engine::new(dir) {
        Ok(engine) => engine,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let query = Query {
        q: args.query.join(" "),
        county: args.county,
        category: args.category,
        theme: args.theme,
        grade: args.grade,
        free: args.free,
        nobooking: args.no_booking,
        green: args.green,
        size: args.size,
        open: args.open,
        near: args.near,
    };
    let outcome = match engine.run(dir, &query, now) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let shown = outcome.results.iter().take(args.limit);
    // A closed pipe (`| head`) ends the output quietly.
    let mut out = std::io::stdout().lock();
    if args.json {
        let results: Vec<_> = shown
            .map(|h| {
                let mut c = engine.contact(dir, h.doc, now);
                c["score"] = json!(h.score);
                c["distance_km"] = json!(h.distance_km.map(|d| (d * 10.0).round() / 10.0));
                c
            })
            .collect();
        drop(out);
        let out = json!({"query": query.q, "mode": outcome.mode, "named": outcome.named, "understood": outcome.understood, "total": outcome.total, "results": results, "counts": outcome.counts});
        let _ = writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&out).expect("plain data"));
        return ExitCode::SUCCESS;
    }
    for (i, h) in shown.enumerate() {
        let r = &dir.records[h.doc];
        let mut parts =
            vec![r.name.clone(), dir.counties[r.county].name.clone(), dir.categories[r.category].name.clone()];
        parts.extend(r.booking.phones.iter().map(|p| format!("☎ {}", p.display)));
        match r.status {
            crate::model::Status::Open => {
                parts.extend(engine.today_hours(h.doc, now).or_else(|| r.hours.as_ref().map(|x| x.text.clone())))
            }
            closed => parts.push(closed.words().to_string()),
        }
        parts.extend(r.booking.advance_days.map(|d| format!("提前{d}天预约")));
        parts.extend(words::fee_text(r.booking.fee.as_deref()).map(String::from));
        parts.extend(h.distance_km.map(|d| format!("{d:.1} km")));
        let _ = writeln!(out, "{:>2}. {}  [{}]", i + 1, parts.join(" · "), r.id);
    }
    let mode = match outcome.mode {
        "fallback" => "（没有完全匹配的结果，以下为相近结果）",
        _ => "",
    };
    let named: Vec<&str> = outcome
        .named
        .iter()
        .filter_map(|id| dir.counties.iter().find(|c| &c.id == id))
        .map(|c| c.name.as_str())
        .collect();
    let within = if named.is_empty() { String::new() } else { format!("{}：", named.join("、")) };
    if !outcome.understood.is_empty() {
        let read: Vec<String> = outcome.understood.iter().map(crate::search::needs::label).collect();
        let _ = writeln!(out, "按条件：{}", read.join("、"));
    }
    let _ = writeln!(out, "{within}共 {} 处{mode}", outcome.total);
    ExitCode::SUCCESS
}
