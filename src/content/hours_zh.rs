//! Opening hours as bureaus write them in Chinese (`周二至周日 9:00-16:30，周一闭馆`) read as an
//! OpenStreetMap `opening_hours` value (`Tu-Su 09:00-16:30; Mo off`): what `import` stores and
//! what `check` suggests. Only what it reads whole is converted; anything else is `None`.

use crate::model::hours;

/// The `opening_hours` value of `text`, and the remarks in brackets it set aside (such as
/// `16:00停止入馆`), or `None` when some part of it cannot be read.
pub fn convert(text: &str) -> Option<(String, Vec<String>)> {
    let (text, remarks) = brackets(&normalize(text));
    let mut rules: Vec<Rule> = Vec::new();
    let mut pending: Option<Rule> = None;
    let parts = text.split(['，', ',', '；', ';', '。', '\n']).filter(|c| !c.trim().is_empty());
    for mut rule in parts.map(read_clause).collect::<Option<Vec<_>>>()?.into_iter().flatten() {
        if let Some(p) = pending.take() {
            rule.months = rule.months.or(p.months);
            rule.days = if rule.days == 0 { p.days } else { rule.days };
            rule.holidays |= p.holidays;
        }
        if rule.spans.is_empty() && !rule.closed {
            // Days alone (`周二至周日，9:00-16:30`): they go with the next clause's times.
            if rule.days == 0 && rule.months.is_none() && !rule.holidays {
                continue;
            }
            pending = Some(rule);
            continue;
        }
        // Times alone after a rule with times: a second period of the same days.
        match rules.last_mut() {
            Some(last) if rule.days == 0 && rule.months.is_none() && !rule.holidays && !rule.closed && !last.closed => {
                last.spans.extend(rule.spans)
            }
            _ => rules.push(rule),
        }
    }
    if rules.is_empty() || pending.is_some() {
        return None;
    }
    // Closed days last: a later rule overrides an earlier one for its days.
    rules.sort_by_key(|r| r.closed);
    let value = rules.iter().map(Rule::osm).collect::<Vec<_>>().join("; ");
    hours::parse(&value).ok()?;
    Some((value, remarks))
}

#[derive(Default)]
struct Rule {
    /// First and last month, 1-based.
    months: Option<(u8, u8)>,
    /// Bit 0 = Monday; 0 = not said (every day).
    days: u8,
    holidays: bool,
    spans: Vec<(u16, u16)>,
    closed: bool,
}

impl Rule {
    fn osm(&self) -> String {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let mut parts = Vec::new();
        if let Some((a, z)) = self.months {
            parts.push(if a == z {
                MONTHS[a as usize - 1].to_string()
            } else {
                format!("{}-{}", MONTHS[a as usize - 1], MONTHS[z as usize - 1])
            });
        }
        let mut days = day_runs(self.days);
        if self.holidays {
            days.push("PH".into());
        }
        if !days.is_empty() {
            parts.push(days.join(","));
        } else if !self.closed && self.months.is_none() && self.spans.len() == 1 && self.spans[0] == (0, 1440) {
            return "24/7".into();
        } else if !self.closed {
            parts.push("Mo-Su".into());
        }
        if self.closed {
            parts.push("off".into());
        } else {
            let clock = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
            parts.push(
                self.spans.iter().map(|&(a, z)| format!("{}-{}", clock(a), clock(z))).collect::<Vec<_>>().join(","),
            );
        }
        parts.join(" ")
    }
}

const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// `Tu-Su`, `Mo,We`, `Mo-Fr,Su` from a day mask.
fn day_runs(mask: u8) -> Vec<String> {
    let mut runs = Vec::new();
    let mut d = 0;
    while d < 7 {
        if mask & 1 << d == 0 {
            d += 1;
            continue;
        }
        let start = d;
        while d + 1 < 7 && mask & 1 << (d + 1) != 0 {
            d += 1;
        }
        runs.push(match d - start {
            0 => DAYS[start].to_string(),
            1 => format!("{},{}", DAYS[start], DAYS[d]),
            _ => format!("{}-{}", DAYS[start], DAYS[d]),
        });
        d += 1;
    }
    runs
}

/// Full-width letters, digits and punctuation as ASCII; every dash and tilde as `-`.
fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '—' | '–' | '－' | '~' | '〜' | '～' | '―' => '-',
            '：' | '∶' => ':',
            _ => crate::model::half_width(c),
        })
        .collect()
}

/// The text without its bracketed parts, and those parts: a bracket that holds only days or
/// months joins the text where it is, one that reads as whole rules (`周一闭馆`) joins it as a
/// clause of its own.
fn brackets(text: &str) -> (String, Vec<String>) {
    let (mut out, mut remarks, mut inner, mut depth) = (String::new(), Vec::new(), String::new(), 0);
    let mut clauses = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' | '【' | '[' => {
                depth += 1;
                inner.clear();
            }
            ')' | '）' | '】' | ']' if depth > 0 => {
                depth -= 1;
                match read_clause(&inner) {
                    Some(rules) if rules.iter().all(|r| r.spans.is_empty() && !r.closed) => {
                        out.push(' ');
                        out.push_str(&inner);
                        out.push(' ');
                    }
                    Some(_) => {
                        clauses.push('；');
                        clauses.push_str(&inner);
                    }
                    None if !inner.trim().is_empty() => remarks.push(inner.trim().to_string()),
                    None => {}
                }
            }
            _ if depth > 0 => inner.push(c),
            _ => out.push(c),
        }
    }
    out.push_str(&clauses);
    (out, remarks)
}

/// A word and what it sets in a rule.
type Word = (&'static str, fn(&mut Rule));

/// Words that say nothing the value needs.
const FILLER: [&str; 17] = [
    "对外开放",
    "正常开放",
    "开放时间",
    "开放",
    "开馆",
    "营业",
    "时间",
    "接待",
    "每周",
    "全年",
    "为",
    "均",
    "照常",
    "入馆",
    "时段",
    "工作",
    "及",
];

fn weekday(c: char) -> Option<usize> {
    "一二三四五六日天".find(c).map(|i| (i / 3).min(6))
}

/// One clause: months, days, holidays, times and whether it says closed. Days, months or
/// holidays after times or 闭馆 begin a new rule (`周二至周日9:00-16:30 周一闭馆`).
fn read_clause(clause: &str) -> Option<Vec<Rule>> {
    let s: Vec<char> = clause.chars().collect();
    let mut rules = Vec::new();
    let mut rule = Rule::default();
    let mut i = 0;
    let next = |rule: &mut Rule, rules: &mut Vec<Rule>| {
        if !rule.spans.is_empty() || rule.closed {
            rules.push(std::mem::take(rule));
        }
    };
    // 上午/下午 before a time: the half of the day it is in.
    let mut afternoon = false;
    let starts = |i: usize, w: &str| s[i..].iter().copied().take(w.chars().count()).eq(w.chars());
    while i < s.len() {
        let c = s[i];
        if c.is_whitespace() || matches!(c, '、' | '-' | '和' | ':') {
            i += 1;
            continue;
        }
        // A day or a range of days: 周二至周日, 星期一到星期五, 周六、周日.
        if let Some((day, len)) = day_at(&s, i) {
            next(&mut rule, &mut rules);
            let mut end = day;
            let mut j = i + len;
            let sep = j < s.len() && matches!(s[j], '至' | '到' | '-');
            if sep {
                if let Some((to, l)) = day_at(&s, j + 1) {
                    end = to;
                    j += 1 + l;
                }
            }
            rule.days |= crate::model::schedule::wrapping_mask(day as u8, end as u8, 7) as u8;
            i = j;
            continue;
        }
        if starts(i, "24小时") {
            rule.spans.push((0, 1440));
            i += 4;
            continue;
        }
        if c.is_ascii_digit() {
            let (n, len) = number(&s, i);
            // Months: 4月-10月, 4-10月, 4月至10月.
            if s.get(i + len) == Some(&'月') || months_after(&s, i + len).is_some() {
                let (z, j) = if s.get(i + len) == Some(&'月') {
                    match months_after(&s, i + len + 1) {
                        Some((z, j)) => (z, j),
                        None => (n, i + len + 1),
                    }
                } else {
                    months_after(&s, i + len)?
                };
                if !(1..=12).contains(&n) || !(1..=12).contains(&z) {
                    return None;
                }
                next(&mut rule, &mut rules);
                rule.months = Some((n as u8, z as u8));
                i = j;
                continue;
            }
            // A span of times: 9:00-16:30, 9点-17点, 9点半至11点.
            let (a, j) = time_at(&s, i, afternoon)?;
            let mut k = j;
            while k < s.len() && s[k] == ' ' {
                k += 1;
            }
            if k < s.len() && matches!(s[k], '-' | '至' | '到') {
                k += 1;
                while k < s.len() && s[k] == ' ' {
                    k += 1;
                }
                let pm = afternoon || (k < s.len() && (starts(k, "下午") || starts(k, "晚上")));
                let k2 = if starts(k, "下午") || starts(k, "晚上") || starts(k, "上午") { k + 2 } else { k };
                let (mut z, end) = time_at(&s, k2, pm)?;
                // 8:30-5:30: an end before the start is in the afternoon.
                if z <= a && z + 720 <= 1440 && z + 720 > a {
                    z += 720;
                }
                if z <= a && z != 0 {
                    return None;
                }
                rule.spans.push((a, if z == 0 { 1440 } else { z }));
                i = end;
                continue;
            }
            return None;
        }
        // Words that begin a rule of their own, then words of the rule.
        let heads: [Word; 6] = [
            ("法定节假日", |r| r.holidays = true),
            ("节假日", |r| r.holidays = true),
            ("节日", |r| r.holidays = true),
            ("工作日", |r| r.days |= 0b001_1111),
            ("双休日", |r| r.days |= 0b110_0000),
            ("周末", |r| r.days |= 0b110_0000),
        ];
        if let Some((w, f)) = heads.iter().find(|(w, _)| starts(i, w)) {
            next(&mut rule, &mut rules);
            f(&mut rule);
            i += w.chars().count();
            continue;
        }
        let words: [Word; 6] = [
            ("每天", |_| {}),
            ("每日", |_| {}),
            ("天天", |_| {}),
            ("全天", |r| r.spans.push((0, 1440))),
            ("闭馆", |r| r.closed = true),
            ("休馆", |r| r.closed = true),
        ];
        if let Some((w, f)) = words.iter().find(|(w, _)| starts(i, w)) {
            f(&mut rule);
            i += w.chars().count();
            continue;
        }
        if let Some(w) = ["休息", "不开放", "关闭", "闭园", "停止开放"].iter().find(|w| starts(i, w)) {
            rule.closed = true;
            i += w.chars().count();
            continue;
        }
        if let Some(w) = ["上午", "早上", "中午"].iter().find(|w| starts(i, w)) {
            afternoon = *w == "中午";
            i += w.chars().count();
            continue;
        }
        if let Some(w) = ["下午", "晚上"].iter().find(|w| starts(i, w)) {
            afternoon = true;
            i += w.chars().count();
            continue;
        }
        if let Some(w) = FILLER.iter().find(|w| starts(i, w)) {
            i += w.chars().count();
            continue;
        }
        return None;
    }
    match rules.last_mut() {
        // Days after the times they qualify (`8:30-11:30（周一至周五）`).
        Some(last) if rule.spans.is_empty() && !rule.closed && last.days == 0 && last.months.is_none() => {
            last.days = rule.days;
            last.months = rule.months;
            last.holidays |= rule.holidays;
        }
        _ => rules.push(rule),
    }
    (!rules.iter().any(|r| r.closed && !r.spans.is_empty())).then_some(rules)
}

/// The weekday (0 = Monday) written at `i` as 周X, 星期X or 礼拜X, and its length.
fn day_at(s: &[char], i: usize) -> Option<(usize, usize)> {
    let prefix = if s.get(i) == Some(&'周') {
        1
    } else if s.get(i..i + 2).is_some_and(|p| p == ['星', '期'] || p == ['礼', '拜'] || p == ['每', '周']) {
        2
    } else {
        return None;
    };
    let d = weekday(*s.get(i + prefix)?)?;
    Some((d, prefix + 1))
}

/// A run of ASCII digits at `i`: its value and length.
fn number(s: &[char], i: usize) -> (u32, usize) {
    let len = s[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let n = s[i..i + len].iter().collect::<String>().parse().unwrap_or(u32::MAX);
    (n, len)
}

/// `-10月`, `至10月` at `i`: the last month and where it ends.
fn months_after(s: &[char], i: usize) -> Option<(u32, usize)> {
    if !matches!(s.get(i), Some('-' | '至' | '到')) {
        return None;
    }
    let j = i + 1;
    if !s.get(j)?.is_ascii_digit() {
        return None;
    }
    let (z, len) = number(s, j);
    (s.get(j + len) == Some(&'月')).then_some((z, j + len + 1))
}

/// A time at `i` (`9:00`, `9点`, `9点半`, `9点30分`, `9:00`), in minutes, moved to the
/// afternoon when `pm` and before noon; and where it ends.
fn time_at(s: &[char], i: usize, pm: bool) -> Option<(u16, usize)> {
    if !s.get(i)?.is_ascii_digit() {
        return None;
    }
    let (h, len) = number(s, i);
    let mut j = i + len;
    let mut m = 0;
    match s.get(j) {
        Some(':' | '.') if s.get(j + 1).is_some_and(char::is_ascii_digit) => {
            let (mm, l) = number(s, j + 1);
            if l != 2 {
                return None;
            }
            m = mm;
            j += 1 + l;
        }
        Some('点' | '时') => {
            j += 1;
            if s.get(j) == Some(&'半') {
                m = 30;
                j += 1;
            } else if s.get(j).is_some_and(char::is_ascii_digit) {
                let (mm, l) = number(s, j);
                m = mm;
                j += l;
                if s.get(j) == Some(&'分') {
                    j += 1;
                }
            }
        }
        _ => return None,
    }
    let h = if pm && h < 12 { h + 12 } else { h };
    (h <= 24 && m < 60 && (h < 24 || m == 0)).then_some(((h * 60 + m) as u16, j))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn osm(text: &str) -> Option<String> {
        convert(text).map(|(v, _)| v)
    }

    #[test]
    fn what_bureaus_write_becomes_opening_hours() {
        let cases = [
            ("周二至周日 9:00-16:30", "Tu-Su 09:00-16:30"),
            ("周一至周五 8:30-17:00", "Mo-Fr 08:30-17:00"),
            ("周二至周日 9:00-16:30，周一闭馆", "Tu-Su 09:00-16:30; Mo off"),
            ("周二到周日9:00—16:30 周一闭馆", "Tu-Su 09:00-16:30; Mo off"),
            ("周二至周日 9：00－16：30", "Tu-Su 09:00-16:30"),
            ("每天 9:00-17:00", "Mo-Su 09:00-17:00"),
            ("每日8:00-18:00", "Mo-Su 08:00-18:00"),
            ("9:00-17:00", "Mo-Su 09:00-17:00"),
            ("全天开放", "24/7"),
            ("24小时开放", "24/7"),
            ("周一至周五 上午8:30-11:30，下午14:30-17:30", "Mo-Fr 08:30-11:30,14:30-17:30"),
            ("周一至周五 上午8:30-11:30 下午2:30-5:30", "Mo-Fr 08:30-11:30,14:30-17:30"),
            ("工作日 8:30-12:00，14:30-17:30", "Mo-Fr 08:30-12:00,14:30-17:30"),
            ("周六、周日 9:00-11:00", "Sa,Su 09:00-11:00"),
            ("周六 9:00-11:00", "Sa 09:00-11:00"),
            ("每周六上午9点到11点", "Sa 09:00-11:00"),
            ("周末 9点-17点", "Sa,Su 09:00-17:00"),
            ("双休日 9点半-16点", "Sa,Su 09:30-16:00"),
            ("星期二至星期日 9:00-16:30", "Tu-Su 09:00-16:30"),
            ("礼拜一到礼拜五 8:00-17:00", "Mo-Fr 08:00-17:00"),
            ("周三至周日 9:00-17:00；周一、周二闭馆", "We-Su 09:00-17:00; Mo,Tu off"),
            ("4月-10月 8:00-17:30", "Apr-Oct Mo-Su 08:00-17:30"),
            ("4-10月 8:00-17:30", "Apr-Oct Mo-Su 08:00-17:30"),
            ("5月至10月 每天8:00-17:00", "May-Oct Mo-Su 08:00-17:00"),
            ("4月-10月 8:00-17:30；11月-3月 9:00-16:00", "Apr-Oct Mo-Su 08:00-17:30; Nov-Mar Mo-Su 09:00-16:00"),
            (
                "5月-10月 周一至周日 8:00-17:30；11月-4月 周二至周日 9:00-16:00",
                "May-Oct Mo-Su 08:00-17:30; Nov-Apr Tu-Su 09:00-16:00",
            ),
            ("周二至周日 9:00-16:30，法定节假日闭馆", "Tu-Su 09:00-16:30; PH off"),
            ("周一至周五 8:00-17:00，节假日休息", "Mo-Fr 08:00-17:00; PH off"),
            ("周二至周日 9:00-16:30（16:00停止入馆）", "Tu-Su 09:00-16:30"),
            ("9:00-16:30（周一闭馆）", "Mo-Su 09:00-16:30; Mo off"),
            ("上午8:30-11:30 下午14:30-17:30（周一至周五）", "Mo-Fr 08:30-11:30,14:30-17:30"),
            ("周一至周五：8:30-17:00", "Mo-Fr 08:30-17:00"),
            ("开放时间：周二至周日 9:00-16:30", "Tu-Su 09:00-16:30"),
            ("周二至周日，9:00-16:30", "Tu-Su 09:00-16:30"),
            ("周一至周日 8:30-12:00 14:00-18:00", "Mo-Su 08:30-12:00,14:00-18:00"),
            ("8:30-5:30", "Mo-Su 08:30-17:30"),
            ("周六 下午2点-4点", "Sa 14:00-16:00"),
            ("周四 9点30分-11点", "Th 09:30-11:00"),
            ("周一闭馆，周二至周日9:00-16:30", "Tu-Su 09:00-16:30; Mo off"),
            ("周一至周五 8:30～17:00", "Mo-Fr 08:30-17:00"),
            ("周一至周五８：３０－１７：００", "Mo-Fr 08:30-17:00"),
            ("每天 9:00-24:00", "Mo-Su 09:00-24:00"),
        ];
        let mut wrong = Vec::new();
        for (text, want) in cases {
            if osm(text).as_deref() != Some(want) {
                wrong.push(format!("{text:?}: {:?}, not {want:?}", osm(text)));
            }
        }
        assert!(cases.len() >= 40);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert_eq!(convert("周二至周日 9:00-16:30（16:00停止入馆）").unwrap().1, ["16:00停止入馆"]);
    }

    #[test]
    fn what_it_cannot_read_is_none() {
        for text in [
            "提前预约",
            "以现场公告为准",
            "周二至周日",
            "9:00",
            "周一至周五 8:30-17:00 另行通知",
            "13月-2月 9:00-10:00",
            "25:00-26:00",
            "",
        ] {
            assert_eq!(osm(text), None, "{text}");
        }
    }
}
