//! Words of a question that mean a filter (docs/search.md, "Words that mean a filter"): 免费,
//! 周末, 小学, 不用预约, 45人 … The table goes to the browser in `meta.js`; search.js scans a
//! query with it exactly as [`understand`] does.

use serde::Serialize;

/// `(word, filter, value)`. Filters: `free`, `open` (a day: `mo`…`su`, `weekend`, `workday`,
/// `today`, `tomorrow`), `grade` (audience ids, `,`-separated), `nobooking`, `green`, `size`
/// (a group of that many pupils), `unit` (counts pupils after a number: `45人`) and `filler`
/// (carries no meaning in a question; dropped when something else in it was understood).
pub const WORDS: &[(&str, &str, &str)] = &[
    ("免费", "free", ""),
    ("不收费", "free", ""),
    ("不要钱", "free", ""),
    ("周一", "open", "mo"),
    ("周二", "open", "tu"),
    ("周三", "open", "we"),
    ("周四", "open", "th"),
    ("周五", "open", "fr"),
    ("周六", "open", "sa"),
    ("周日", "open", "su"),
    ("周天", "open", "su"),
    ("星期一", "open", "mo"),
    ("星期二", "open", "tu"),
    ("星期三", "open", "we"),
    ("星期四", "open", "th"),
    ("星期五", "open", "fr"),
    ("星期六", "open", "sa"),
    ("星期日", "open", "su"),
    ("星期天", "open", "su"),
    ("礼拜一", "open", "mo"),
    ("礼拜二", "open", "tu"),
    ("礼拜三", "open", "we"),
    ("礼拜四", "open", "th"),
    ("礼拜五", "open", "fr"),
    ("礼拜六", "open", "sa"),
    ("礼拜日", "open", "su"),
    ("礼拜天", "open", "su"),
    ("周末", "open", "weekend"),
    ("双休日", "open", "weekend"),
    ("工作日", "open", "workday"),
    ("今天", "open", "today"),
    ("明天", "open", "tomorrow"),
    ("幼儿园", "grade", "kindergarten"),
    ("学前", "grade", "kindergarten"),
    ("幼儿", "grade", "kindergarten"),
    ("小学生", "grade", "primary"),
    ("小学", "grade", "primary"),
    ("初中生", "grade", "junior"),
    ("初中", "grade", "junior"),
    ("高中生", "grade", "senior"),
    ("高中", "grade", "senior"),
    ("中学生", "grade", "junior,senior"),
    ("中学", "grade", "junior,senior"),
    ("家长", "grade", "parents"),
    ("亲子", "grade", "parents"),
    ("不用预约", "nobooking", ""),
    ("无需预约", "nobooking", ""),
    ("免预约", "nobooking", ""),
    ("不需要预约", "nobooking", ""),
    ("不需预约", "nobooking", ""),
    ("绿色通道", "green", ""),
    ("一个班", "size", "45"),
    ("两个班", "size", "90"),
    ("名学生", "unit", ""),
    ("个学生", "unit", ""),
    ("位学生", "unit", ""),
    ("个人", "unit", ""),
    ("人", "unit", ""),
    ("名", "unit", ""),
    ("的", "filler", ""),
    ("能", "filler", ""),
    ("可以", "filler", ""),
    ("接待", "filler", ""),
    ("地方", "filler", ""),
    ("哪里", "filler", ""),
    ("哪儿", "filler", ""),
    ("哪些", "filler", ""),
    ("有没有", "filler", ""),
    ("有什么", "filler", ""),
    ("推荐", "filler", ""),
    ("开放", "filler", ""),
    ("开门", "filler", ""),
    ("适合", "filler", ""),
    ("去", "filler", ""),
    ("带", "filler", ""),
    ("参观", "filler", ""),
    ("吗", "filler", ""),
    ("呢", "filler", ""),
];

/// The words longest first, as both engines try them.
pub fn table() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut words = WORDS.to_vec();
    words.sort_by_key(|w| std::cmp::Reverse(w.0.chars().count()));
    words
}

/// A part of the query read as a filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Understood {
    pub filter: &'static str,
    pub value: String,
    pub from: String,
}

/// Reads the filter words out of `text` (normalised, county names already cut out): at each
/// place, a number followed by a unit (spaces between allowed) is a group size; else the first
/// word of [`table`] that starts there is taken. Taken words become spaces; fillers too, when
/// `named` or anything else was understood. Returns the rest and what was understood, in order.
pub fn understand(text: &str, named: bool) -> (String, Vec<Understood>) {
    let words: Vec<(Vec<char>, &str, &str)> =
        table().into_iter().map(|(w, f, v)| (w.chars().collect(), f, v)).collect();
    let s: Vec<char> = text.chars().collect();
    let (mut keep, mut drop, mut found) = (String::new(), String::new(), Vec::new());
    let starts = |i: usize, kind: &dyn Fn(&str) -> bool| {
        words.iter().find(|(w, f, _)| kind(f) && s[i..].starts_with(w)).map(|(w, f, v)| (w.len(), *f, *v))
    };
    let mut i = 0;
    while i < s.len() {
        if s[i].is_ascii_digit() && (i == 0 || !s[i - 1].is_ascii_alphanumeric()) {
            let digits = s[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let unit = i + digits + s[i + digits..].iter().take_while(|c| **c == ' ').count();
            if let Some((len, _, _)) = starts(unit, &|f| f == "unit").filter(|_| digits <= 6) {
                let value = s[i..i + digits].iter().collect::<String>().trim_start_matches('0').to_string();
                let value = if value.is_empty() { "0".to_string() } else { value };
                let from = s[i..unit + len].iter().collect();
                found.push(Understood { filter: "size", value, from });
                keep.push(' ');
                drop.push(' ');
                i = unit + len;
                continue;
            }
        }
        match starts(i, &|f| f != "unit") {
            Some((len, "filler", _)) => {
                keep.extend(&s[i..i + len]);
                drop.push(' ');
                i += len;
            }
            Some((len, filter, value)) => {
                found.push(Understood { filter, value: value.to_string(), from: s[i..i + len].iter().collect() });
                keep.push(' ');
                drop.push(' ');
                i += len;
            }
            None => {
                keep.push(s[i]);
                drop.push(s[i]);
                i += 1;
            }
        }
    }
    (if named || !found.is_empty() { drop } else { keep }, found)
}

/// What a filter word was read as, in words: `免费`, `周末开放`, `适合小学`, `可接待45人` …
pub fn label(u: &Understood) -> String {
    const DAYS: [(&str, &str); 11] = [
        ("mo", "周一"),
        ("tu", "周二"),
        ("we", "周三"),
        ("th", "周四"),
        ("fr", "周五"),
        ("sa", "周六"),
        ("su", "周日"),
        ("weekend", "周末"),
        ("workday", "工作日"),
        ("today", "今天"),
        ("tomorrow", "明天"),
    ];
    match u.filter {
        "free" => "免费".into(),
        "nobooking" => "无需预约".into(),
        "green" => "有绿色通道".into(),
        "size" => format!("可接待{}人", u.value),
        "open" => format!("{}开放", DAYS.iter().find(|d| d.0 == u.value).map_or("", |d| d.1)),
        _ => {
            let names: Vec<&str> = u
                .value
                .split(',')
                .filter_map(|g| crate::model::AUDIENCES.iter().find(|a| a.0 == g).map(|a| a.1))
                .collect();
            format!("适合{}", names.join("、"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(q: &str) -> (String, Vec<(&'static str, String)>) {
        let (rest, found) = understand(q, false);
        (
            rest.split_whitespace().collect::<Vec<_>>().join(" "),
            found.into_iter().map(|u| (u.filter, u.value)).collect(),
        )
    }

    #[test]
    fn filter_words_become_filters_and_fillers_go_with_them() {
        assert_eq!(read("博物馆 免费"), ("博物馆".into(), vec![("free", String::new())]));
        assert_eq!(read("周六开放的博物馆"), ("博物馆".into(), vec![("open", "sa".into())]));
        assert_eq!(read("45名学生 初中"), (String::new(), vec![("size", "45".into()), ("grade", "junior".into())]));
        assert_eq!(read("一个班 绿色通道"), (String::new(), vec![("size", "45".into()), ("green", String::new())]));
        assert_eq!(read("30 人"), (String::new(), vec![("size", "30".into())]));
        assert_eq!(read("中学生"), (String::new(), vec![("grade", "junior,senior".into())]));
        // Nothing understood: fillers stay, a number without a unit stays.
        assert_eq!(read("可以的"), ("可以的".into(), vec![]));
        assert_eq!(read("4d影院"), ("4d影院".into(), vec![]));
        assert_eq!(understand("哪里 好玩", true).0.trim(), "好玩");
    }
}
