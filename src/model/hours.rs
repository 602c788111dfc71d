//! Opening hours: OpenStreetMap `opening_hours` values, checked and put into Chinese words.
//!
//! `Tu-Su 09:00-16:30; Mo off` becomes `周二至周日 09:00–16:30，周一闭馆`. Constructs that have
//! no natural Chinese phrasing here (week numbers, years, sunrise offsets) keep their OSM text.

use opening_hours_syntax::rules::day::{DaySelector, MonthdayRange, WeekDayRange, Weekday};
use opening_hours_syntax::rules::time::{Time, TimeSelector, TimeSpan};
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleOperator, RuleSequence};
use opening_hours_syntax::{ExtendedTime, RuleKind};

use super::schedule::{schedule, wrapping_mask, Schedule};

/// Parses a value; the error is the parser's explanation.
pub fn parse(value: &str) -> Result<OpeningHoursExpression, String> {
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(format!("含有控制字符 U+{:04X}", c as u32));
    }
    opening_hours_syntax::parse(value).map_err(|e| e.to_string().trim().to_string())
}

/// `value` in Chinese words and as a schedule, or why it is not valid opening_hours. Records
/// repeat a few common values, and the parser allocates afresh each time (8% of checking
/// 100,000 records went to the kernel zeroing its memory): each thread keeps the first 1,024
/// values it parsed.
pub fn read(value: &str) -> Result<(String, Option<Schedule>), String> {
    type Read = Result<(String, Option<Schedule>), String>;
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, Read>> = Default::default();
    }
    SEEN.with(|seen| {
        if let Some(known) = seen.borrow().get(value) {
            return known.clone();
        }
        let read = parse(value).map(|expr| (to_chinese(&expr), schedule(&expr)));
        let mut seen = seen.borrow_mut();
        if seen.len() < 1024 {
            seen.insert(value.to_string(), read.clone());
        }
        read
    })
}

/// The whole expression in words.
pub fn to_chinese(expr: &OpeningHoursExpression) -> String {
    let mut out = String::new();
    for (i, rule) in expr.rules.iter().enumerate() {
        if i > 0 {
            out.push_str(match rule.operator {
                RuleOperator::Normal | RuleOperator::Additional => "，",
                RuleOperator::Fallback => "；否则",
            });
        }
        out.push_str(&rule_words(rule));
    }
    if open_months(expr).is_some_and(|m| m != 0 && m != 0xFFF) {
        out.push_str("，其余时间不开放");
    }
    if out.is_empty() {
        out.push_str("不开放");
    }
    out
}

/// Months (bit 0 = January) in which some rule opens, when every opening rule names whole months.
fn open_months(expr: &OpeningHoursExpression) -> Option<u16> {
    let mut mask = 0u16;
    for rule in expr.rules.iter().filter(|r| r.kind == RuleKind::Open) {
        if rule.day_selector.monthday.is_empty() {
            return None;
        }
        for range in &rule.day_selector.monthday {
            let MonthdayRange::Month { range, .. } = range else { return None };
            mask |= wrapping_mask(*range.start() as u8 - 1, *range.end() as u8 - 1, 12) as u16;
        }
    }
    Some(mask)
}

fn rule_words(rule: &RuleSequence) -> String {
    if rule.is_constant() && rule.kind == RuleKind::Open {
        return with_comments("全天24小时开放".to_string(), rule);
    }
    let days = day_words(&rule.day_selector);
    let Some(days) = days else {
        return rule.to_string();
    };
    let text = match rule.kind {
        RuleKind::Closed => format!("{}闭馆", if days.is_empty() { "每天".to_string() } else { days }),
        RuleKind::Open | RuleKind::Unknown => {
            let times = match time_words(&rule.time_selector) {
                Some(t) => t,
                None => return rule.to_string(),
            };
            let days = if days.is_empty() || days.ends_with('月') {
                format!("{days} 每天").trim().to_string()
            } else {
                days
            };
            let open = if rule.kind == RuleKind::Unknown { "开放时间不定" } else { "开放" };
            if times.is_empty() {
                format!("{days}{open}")
            } else {
                format!("{days} {times}")
            }
        }
    };
    with_comments(text, rule)
}

fn with_comments(mut text: String, rule: &RuleSequence) -> String {
    for comment in rule.comments.iter() {
        text.push_str(&format!("（{comment}）"));
    }
    text
}

/// Months, dates and weekdays in words; `None` when a part has no plain Chinese form here.
fn day_words(sel: &DaySelector) -> Option<String> {
    if !sel.year.is_empty() || !sel.week.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if !sel.monthday.is_empty() {
        let months: Option<Vec<String>> = sel.monthday.iter().map(monthday_words).collect();
        parts.push(months?.join("、"));
    }
    if !sel.weekday.is_empty() {
        let days: Option<Vec<String>> = sel.weekday.iter().map(weekday_words).collect();
        parts.push(days?.join("、"));
    }
    Some(parts.join(" "))
}

fn monthday_words(range: &MonthdayRange) -> Option<String> {
    use opening_hours_syntax::rules::day::Date;
    match range {
        MonthdayRange::Month { range, year: None } => {
            let (a, b) = (*range.start() as u8, *range.end() as u8);
            Some(if a == b { format!("{a}月") } else { format!("{a}月至{b}月") })
        }
        MonthdayRange::Date { start, end } => {
            let date = |d: &Date| match d {
                Date::Fixed { year: None, month, day } => Some(format!("{}月{day}日", *month as u8)),
                _ => None,
            };
            if start.1 != Default::default() || end.1 != Default::default() {
                return None;
            }
            let (a, b) = (date(&start.0)?, date(&end.0)?);
            Some(if a == b { a } else { format!("{a}至{b}") })
        }
        _ => None,
    }
}

/// Weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/// A run of months (0 = January) in words: `5月至10月`, `11月至次年3月` when it wraps.
pub fn months_words([a, z]: [u8; 2]) -> String {
    match (a + 1, z + 1) {
        (a, z) if a == z => format!("{a}月"),
        (a, z) if a > z => format!("{a}月至次年{z}月"),
        (a, z) => format!("{a}月至{z}月"),
    }
}

fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS[day.num_days_from_monday() as usize]
}

fn weekday_words(range: &WeekDayRange) -> Option<String> {
    match range {
        WeekDayRange::Fixed { range, offset: 0, nth_from_start, nth_from_end } => {
            let (a, b) = (*range.start(), *range.end());
            let days = if a == b {
                weekday_name(a).to_string()
            } else if a == Weekday::Mon && b == Weekday::Sun {
                "每天".to_string()
            } else {
                format!("{}至{}", weekday_name(a), weekday_name(b))
            };
            let every_week = !nth_from_start.contains(&false) && !nth_from_end.contains(&false);
            if every_week {
                return Some(days);
            }
            if nth_from_end.contains(&true) {
                return None;
            }
            let nth: Vec<String> =
                nth_from_start.iter().enumerate().filter(|(_, on)| **on).map(|(i, _)| (i + 1).to_string()).collect();
            Some(format!("每月第{}个{days}", nth.join("、")))
        }
        WeekDayRange::Holiday { kind, offset: 0 } => Some(
            match kind {
                opening_hours_syntax::rules::day::HolidayKind::Public => "法定节假日",
                opening_hours_syntax::rules::day::HolidayKind::School => "学校假期",
            }
            .to_string(),
        ),
        _ => None,
    }
}

fn time_words(sel: &TimeSelector) -> Option<String> {
    let whole_day = TimeSpan::fixed_range(ExtendedTime::MIDNIGHT_00, ExtendedTime::MIDNIGHT_24);
    if sel.time.is_empty() || sel.time == [whole_day] {
        return Some(String::new());
    }
    let spans: Option<Vec<String>> = sel.time.iter().map(span_words).collect();
    Some(spans?.join("、"))
}

fn span_words(span: &TimeSpan) -> Option<String> {
    if span.repeats.is_some() {
        return None;
    }
    let fixed = |t: &Time| match t {
        Time::Fixed(t) => Some(clock(t.mins_from_midnight())),
        Time::Variable(_) => None,
    };
    let start = fixed(&span.range.start)?;
    if span.open_end {
        return Some(format!("{start}起"));
    }
    Some(format!("{start}–{}", fixed(&span.range.end)?))
}

/// Minutes from midnight on a 24-hour clock, `HH:MM`: the end of the day is 24:00, and times
/// past it (`22:00-02:00` is read as 22:00 to 26:00) are the next day's. search.js writes the same.
pub fn clock(minutes: u16) -> String {
    let m = if minutes > 24 * 60 { minutes - 24 * 60 } else { minutes };
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// [`clock`] for `xsd:time` values (JSON-LD, HSDS), which have no 24:00: the end of a day is 23:59.
pub fn xsd_time(minutes: u16) -> String {
    if minutes > 0 && minutes.is_multiple_of(24 * 60) {
        "23:59".to_string()
    } else {
        clock(minutes)
    }
}

/// The open spans of one day in words, `09:00–12:00、14:00–17:00`.
pub fn spans_words(spans: &[[u16; 2]]) -> String {
    spans.iter().map(|[a, b]| format!("{}–{}", clock(*a), clock(*b))).collect::<Vec<_>>().join("、")
}

#[cfg(test)]
mod tests {
    use super::super::schedule::schedule;
    use super::*;

    fn words(v: &str) -> String {
        to_chinese(&parse(v).unwrap())
    }

    #[test]
    fn month_runs_in_words() {
        assert_eq!(months_words([4, 9]), "5月至10月");
        assert_eq!(months_words([10, 2]), "11月至次年3月");
        assert_eq!(months_words([6, 6]), "7月");
    }

    #[test]
    fn read_again_gives_the_same_words_schedule_and_errors() {
        for v in ["Tu-Su 09:00-16:30; Mo off", "Mo-Su 09:00-17:00", "Mo-Fr 25:00-26:00", "every day"] {
            let fresh = parse(v).map(|e| (to_chinese(&e), schedule(&e)));
            for _ in 0..3 {
                assert_eq!(read(v), fresh, "{v}");
            }
        }
        assert!(read("every day").is_err());
    }

    #[test]
    fn common_museum_hours() {
        assert_eq!(words("Tu-Su 09:00-16:30; Mo off"), "周二至周日 09:00–16:30，周一闭馆");
        assert_eq!(words("Mo-Su 09:00-17:00"), "每天 09:00–17:00");
        assert_eq!(words("Mo-Fr 08:30-11:30,14:30-17:30"), "周一至周五 08:30–11:30、14:30–17:30");
        assert_eq!(words("We-Su 09:00-17:00; Mo,Tu off"), "周三至周日 09:00–17:00，周一、周二闭馆");
        assert_eq!(words("24/7"), "全天24小时开放");
        assert_eq!(words("Mo-Fr 08:00-17:00; PH off"), "周一至周五 08:00–17:00，法定节假日闭馆");
    }

    #[test]
    fn seasons_and_nth_weekdays() {
        assert_eq!(words("May-Oct 08:00-17:00"), "5月至10月 每天 08:00–17:00，其余时间不开放");
        assert_eq!(
            words("May-Oct Mo-Su 08:00-17:30; Nov-Apr Tu-Su 09:00-16:00"),
            "5月至10月 每天 08:00–17:30，11月至4月 周二至周日 09:00–16:00"
        );
        assert_eq!(words("Sa[1,3] 09:00-11:00"), "每月第1、3个周六 09:00–11:00");
        assert_eq!(words("Sa 09:00+"), "周六 09:00起");
    }

    #[test]
    fn clock_times_wrap_past_midnight() {
        assert_eq!((clock(540), clock(1440), clock(1560)), ("09:00".into(), "24:00".into(), "02:00".into()));
        assert_eq!((xsd_time(1440), xsd_time(1560), xsd_time(0)), ("23:59".into(), "02:00".into(), "00:00".into()));
        assert_eq!(words("Fr 22:00-02:00"), "周五 22:00–02:00");
    }

    #[test]
    fn rejects_nonsense() {
        assert!(parse("周二至周日").is_err());
        assert!(parse("Tu-Su 9-5").is_err());
    }
}
