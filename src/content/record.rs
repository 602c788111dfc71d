//! Validate: turn one parsed record into a [`Record`], reporting every problem it has.

use super::checks::{is_id, phone_field, url, Ctx};
use super::config::Config;
use super::limits::{control_in_text, lengths};
use super::raw::split_front_matter;
use super::raw::{parse_yaml, RawBooking, RawRecord, S};
use super::read::Source;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::{geo, hours};
use crate::model::{Booking, Designation, Hours, Location, Program, Record, Status, AUDIENCES, LEVELS};
use jiff::civil::Date;

/// Parses and checks one record file. `None` when it has any error.
pub fn record(source: &Source, cfg: &Config, today: Date, diags: &mut Diagnostics) -> Option<Record> {
    let is_md = source.rel.ends_with(".md");
    let (yaml, first_line, body) = if is_md {
        match split_front_matter(source) {
            Ok(fm) => (fm.yaml, fm.first_line, Some(fm.body)),
            Err(d) => {
                diags.push(d);
                return None;
            }
        }
    } else {
        (source.text.as_str(), 1, None)
    };
    let raw: RawRecord = match parse_yaml(source, yaml, first_line) {
        Ok(r) => r,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let errors_before = diags.count(Severity::Error);
    if let Some((line, column)) = body.and_then(control_in_text) {
        let body_line = first_line + yaml.lines().count() + 1;
        diags.push(
            Diagnostic::error("Q0315", &source.path, "正文含有控制字符")
                .at(body_line + line - 1, column)
                .field("description")
                .expected("可见的文字")
                .hint("控制字符多来自复制粘贴：删除它"),
        );
    }
    let mut cx = Ctx { source, first_line, diags };
    lengths(&mut cx, &raw);
    let record = check(&mut cx, raw, body, cfg, today);
    (cx.diags.count(Severity::Error) == errors_before).then_some(record).flatten()
}

fn check(cx: &mut Ctx, raw: RawRecord, body: Option<&str>, cfg: &Config, today: Date) -> Option<Record> {
    let file = cx.source.path.clone();
    let top = Diagnostic::error("Q0203", &file, String::new()).at(cx.first_line, 1);
    let mut missing = |field: &str, example: &str| {
        let mut d = top.clone().field(field).expected(format!("`{field}: {example}`"));
        d.message = format!("缺少必填字段 `{field}`");
        cx.diags.push(d);
    };
    if raw.name.is_none() {
        missing("name", "场所的正式名称");
    }
    if raw.category.is_none() {
        missing("category", "categories.yaml 中的类别 id");
    }
    if raw.county.is_none() {
        missing("county", "counties.yaml 中的旗县 id");
    }
    let id = super::record_id(&cx.source.rel).to_string();
    if !is_id(&id) {
        cx.diags.push(
            Diagnostic::error("Q0303", &file, format!("记录 id（文件名）`{id}` 不能用在网址里"))
                .at(1, 0)
                .expected("小写英文字母、数字和连字符，以字母或数字开头，例如 wuyi-huizhi.md")
                .hint("把文件改名；可以用名称的拼音"),
        );
    }
    let name = text(cx, raw.name, "name");
    let category = raw.category.and_then(|c| cx.known(&c, "category", "类别", &cfg.category_ids()));
    let county = raw.county.and_then(|c| {
        let i = cx.known(&c, "county", "旗县", &cfg.county_ids())?;
        let folder = cx.source.rel.split('/').nth(1).unwrap_or("");
        if folder != c.value {
            cx.error("Q0302", &c, "county", format!("记录在文件夹 bases/{folder}/ 中，但 county 是 `{}`", c.value))
                .expected(format!("`county: {folder}`"))
                .hint(format!("把文件移到 bases/{}/，或改正 county", c.value));
        }
        Some(i)
    });
    let theme_ids = cfg.theme_ids();
    let themes = ids(cx, raw.themes, "themes", |cx, t, f| cx.known(t, f, "主题", &theme_ids));
    let audience_ids: Vec<&str> = AUDIENCES.iter().map(|a| a.0).collect();
    let record_audiences = audiences(cx, raw.audiences, "audiences", &audience_ids);
    let designations = raw
        .designations
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let field = format!("designations[{i}]");
            let levels: Vec<&str> = LEVELS.iter().map(|l| l.0).collect();
            let level = d.level.filter(|l| cx.known(l, &format!("{field}.level"), "称号级别", &levels).is_some());
            if let Some(y) = d.year.as_ref().filter(|y| !(1900..=2100).contains(&y.value)) {
                cx.error("Q0313", y, &format!("{field}.year"), format!("年份 {} 不合理", y.value))
                    .expected("四位年份，例如 2009");
            }
            Designation { title: d.title.value, level: level.map(|l| l.value), year: d.year.map(|y| y.value) }
        })
        .collect();
    let location = raw.location.and_then(|l| location(cx, l));
    let hours = raw.hours.and_then(|h| match hours::read(&h.value) {
        Ok((text, schedule)) => Some(Hours { text, schedule, raw: h.value }),
        Err(e) => {
            // Hours written in Chinese: say how to write them.
            let hint = match super::hours_zh::convert(&h.value) {
                Some((value, _)) => format!("可写作 `{value}`"),
                None => e.lines().next().unwrap_or("").to_string(),
            };
            cx.error("Q0309", &h, "hours", format!("开放时间 `{}` 不是有效的 opening_hours 格式", h.value))
                .expected("OpenStreetMap opening_hours，例如 \"Tu-Su 09:00-16:30; Mo off\"")
                .hint(hint);
            None
        }
    });
    let booking = booking(cx, raw.booking.unwrap_or_default());
    let programs = raw
        .programs
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, p)| Program {
            title: p.title.value,
            audiences: audiences(cx, p.audiences, &format!("programs[{i}].audiences"), &audience_ids),
            duration_minutes: p.duration_minutes.map(|d| d.value),
            description: p.description.map(|d| d.value),
        })
        .collect();
    let website = raw.website.and_then(|u| url(cx, u, "website"));
    let status = match raw.status {
        None => Status::Open,
        Some(s) => cx
            .known(&s, "status", "状态", &Status::IDS)
            .map_or(Status::Open, |i| Status::parse(Status::IDS[i]).expect("listed")),
    };
    let updated = raw.updated.as_ref().and_then(|d| date(cx, d, "updated", today));
    let verified = raw.verified.as_ref().and_then(|d| date(cx, d, "verified", today));
    let stale = stale(cx, raw.verified.as_ref(), verified, today);
    let sources = raw.sources.unwrap_or_default().into_iter().enumerate();
    let sources = sources.filter_map(|(i, u)| url(cx, u, &format!("sources[{i}]"))).collect();
    let description = match (raw.description, body) {
        (Some(d), None) => d.value,
        (None, body) => body.unwrap_or("").to_string(),
        (Some(d), Some(body)) => {
            cx.error("Q0311", &d, "description", "Markdown 记录的简介应写在 `---` 之后的正文里".into())
                .expected("删除 description 字段，把内容移到正文");
            body.to_string()
        }
    };
    // Notes kept in HTML comments are not published, in pages or in the data downloads.
    let description = crate::model::markdown::without_comments(&description);
    let aliases = raw.aliases.unwrap_or_default().into_iter().map(|a| a.value).collect();
    Some(Record {
        id,
        source: cx.source.rel.clone(),
        digest: cx.source.digest,
        name: name?,
        name_mn: raw.name_mn.and_then(|v| super::checks::mongolian(cx, v, "name_mn")),
        address_mn: raw.address_mn.and_then(|v| super::checks::mongolian(cx, v, "address_mn")),
        aliases,
        category: category?,
        county: county?,
        themes,
        audiences: record_audiences,
        designations,
        address: raw.address.map(|a| a.value),
        location,
        transport: raw.transport.map(|t| t.value),
        hours,
        hours_note: raw.hours_note.map(|h| h.value),
        booking,
        programs,
        website,
        status,
        updated,
        verified,
        sources,
        description,
        stale,
    })
}

fn text(cx: &mut Ctx, value: Option<S<String>>, field: &str) -> Option<String> {
    let v = value?;
    if v.value.trim().is_empty() {
        cx.error("Q0202", &v, field, format!("字段 `{field}` 是空的")).expected("文字");
        return None;
    }
    Some(v.value.trim().to_string())
}

fn ids<F>(cx: &mut Ctx, list: Option<Vec<S<String>>>, field: &str, mut check: F) -> Vec<usize>
where
    F: FnMut(&mut Ctx, &S<String>, &str) -> Option<usize>,
{
    let mut out: Vec<usize> = Vec::new();
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for (i, item) in list.unwrap_or_default().iter().enumerate() {
        let Some(ix) = check(cx, item, &format!("{field}[{i}]")) else { continue };
        // The published schema says uniqueItems: a repeat is kept once, and said.
        if let Some(&(_, first)) = seen.iter().find(|(x, _)| *x == ix) {
            cx.warn(
                "Q0317",
                item,
                &format!("{field}[{i}]"),
                format!("`{}` 重复：{field}[{first}] 已经写过", item.value),
            )
            .expected("每一项只写一次")
            .hint("删去重复的这一项");
            continue;
        }
        seen.push((ix, i));
        out.push(ix);
    }
    out
}

fn audiences(cx: &mut Ctx, list: Option<Vec<S<String>>>, field: &str, known: &[&str]) -> Vec<String> {
    let mut found = ids(cx, list, field, |cx, a, f| cx.known(a, f, "学段", known));
    found.sort_unstable();
    found.into_iter().map(|i| known[i].to_string()).collect()
}

fn booking(cx: &mut Ctx, raw: RawBooking) -> Booking {
    let phones = raw.phones.unwrap_or_default().into_iter().enumerate();
    let phones = phones.filter_map(|(i, p)| phone_field(cx, &p, &format!("booking.phones[{i}]"))).collect();
    let fee = raw.fee.filter(|f| cx.known(f, "booking.fee", "收费方式", &["free", "paid"]).is_some());
    Booking {
        required: raw.required.map(|r| r.value),
        phones,
        contact: raw.contact.map(|c| c.value),
        wechat: raw.wechat.map(|w| w.value),
        url: raw.url.and_then(|u| url(cx, u, "booking.url")),
        advance_days: raw.advance_days.map(|a| a.value),
        group_max: raw.group_max.map(|g| g.value),
        fee: fee.map(|f| f.value),
        fee_note: raw.fee_note.map(|f| f.value),
        green_channel: raw.green_channel.map(|g| g.value),
    }
}

fn date(cx: &mut Ctx, value: &S<String>, field: &str, today: Date) -> Option<Date> {
    let parsed = (value.value.len() == 10).then(|| value.value.parse::<Date>().ok()).flatten();
    let Some(d) = parsed else {
        cx.error("Q0310", value, field, format!("日期 `{}` 无效", value.value))
            .expected("YYYY-MM-DD 格式的日期，例如 2025-11-20");
        return None;
    };
    if d > today {
        cx.warn("Q0402", value, field, format!("日期 {d} 晚于今天（{today}）")).hint("检查年份是否写错");
    }
    Some(d)
}

/// Not verified within 12 months of `today`, or never: warns, and the page says 信息待核实.
fn stale(cx: &mut Ctx, written: Option<&S<String>>, verified: Option<Date>, today: Date) -> bool {
    let limit = today.checked_sub(jiff::Span::new().months(12)).unwrap_or(today);
    match (written, verified) {
        (_, Some(d)) if d >= limit => false,
        (Some(at), Some(d)) => {
            cx.warn("Q0401", at, "verified", format!("超过 12 个月未核实（最后核实 {d}）"))
                .hint("与场所确认信息后更新 verified 日期；页面上会显示“信息待核实”");
            true
        }
        (None, _) => {
            let d = Diagnostic::warning("Q0401", &cx.source.path, "没有 verified 日期，页面上会显示“信息待核实”")
                .at(cx.first_line, 1)
                .field("verified")
                .expected("`verified: YYYY-MM-DD`，最后一次与场所核实信息的日期");
            cx.diags.push(d);
            true
        }
        (Some(_), None) => true,
    }
}

fn location(cx: &mut Ctx, loc: S<super::raw::RawLocation>) -> Option<Location> {
    let raw = loc.value;
    let mut ok = true;
    for (v, field, max) in [(&raw.lat, "location.lat", 90.0), (&raw.lng, "location.lng", 180.0)] {
        if !v.value.is_finite() || v.value.abs() > max {
            cx.error("Q0307", v, field, format!("坐标 {} 超出范围", v.value))
                .expected(format!("-{max} 到 {max} 之间的十进制度数"));
            ok = false;
        }
    }
    let crs = match &raw.crs {
        None => Some(0),
        Some(c) => cx.known(c, "location.crs", "坐标系", &["wgs84", "gcj02", "bd09"]),
    };
    let (true, Some(crs)) = (ok, crs) else { return None };
    let point = Location { lat: raw.lat.value, lng: raw.lng.value };
    let wgs = match crs {
        0 => point,
        1 => geo::gcj02_to_wgs84(point),
        _ => geo::gcj02_to_wgs84(geo::bd09_to_gcj02(point)),
    };
    if !geo::in_league(wgs) {
        cx.warn("Q0308", &raw.lat, "location", format!("坐标 ({}, {}) 不在兴安盟范围内", raw.lat.value, raw.lng.value))
            .hint("检查是否把 lat 和 lng 写反了，或坐标系（crs）是否正确");
    }
    Some(wgs)
}
