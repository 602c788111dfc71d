//! What records' coded values say in Chinese, written once for every output: fees, school
//! stages, designation levels and the booking facts (the record page's wording is the theme's).

use super::{Booking, AUDIENCES, LEVELS};

/// `free`/`paid` in words.
pub fn fee_text(fee: Option<&str>) -> Option<&'static str> {
    match fee {
        Some("free") => Some("免费"),
        Some("paid") => Some("收费"),
        _ => None,
    }
}

/// The fee and its note in one phrase: `免费（学生凭学生证）`, or `费用：…` with a note only.
pub fn fee(b: &Booking) -> Option<String> {
    match (fee_text(b.fee.as_deref()), &b.fee_note) {
        (Some(fee), Some(note)) => Some(format!("{fee}（{note}）")),
        (Some(fee), None) => Some(fee.to_string()),
        (None, Some(note)) => Some(format!("费用：{note}")),
        (None, None) => None,
    }
}

/// The audiences among `ids`, as `(id, name)` in [`AUDIENCES`] order.
pub fn audiences(ids: &[String]) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    AUDIENCES.iter().copied().filter(move |(id, _)| ids.iter().any(|x| x == id))
}

/// A designation level in words (`national` → 国家级).
pub fn level(id: Option<&str>) -> Option<&'static str> {
    LEVELS.iter().find(|l| Some(l.0) == id).map(|l| l.1)
}

/// What a designation's level and year add to its title, in brackets, or nothing: a title that
/// already says them (`自治区科普示范基地（2022年度）`) is not told them again.
pub fn designation_note(title: &str, level: Option<&str>, year: Option<u32>) -> Option<String> {
    let says = |words: &[&str]| words.iter().any(|w| title.contains(w));
    let level = match level {
        Some("national") if says(&["国家", "全国", "中国"]) => None,
        Some("region") if says(&["自治区", "内蒙古"]) => None,
        Some("league") if says(&["兴安盟", "盟级"]) => None,
        Some("county") if says(&["旗", "县", "市"]) => None,
        other => self::level(other),
    };
    // A title with a year in it (`2022年度`, `（2023）`) has its own.
    let year = year.filter(|_| !title.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit)));
    match (level, year) {
        (None, None) => None,
        (Some(l), None) => Some(format!("（{l}）")),
        (None, Some(y)) => Some(format!("（{y} 年）")),
        (Some(l), Some(y)) => Some(format!("（{l}，{y} 年）")),
    }
}

/// How to book, as short sentences: whether and how early, group size, who to contact and
/// where (the phones are listed apart by every output), the green channel.
pub fn booking(b: &Booking) -> Vec<String> {
    let mut parts = Vec::new();
    match (b.required, b.advance_days) {
        (Some(false), _) => parts.push("无需预约".to_string()),
        (Some(true), Some(d)) => parts.push(format!("需提前{d}天预约")),
        (Some(true), None) => parts.push("需预约".to_string()),
        (None, Some(d)) => parts.push(format!("提前{d}天预约")),
        (None, None) => {}
    }
    if let Some(n) = b.group_max {
        parts.push(format!("团体每次不超过{n}人"));
    }
    if let Some(c) = &b.contact {
        parts.push(format!("联系部门：{c}"));
    }
    if let Some(w) = &b.wechat {
        parts.push(format!("微信公众号：{w}"));
    }
    if let Some(u) = &b.url {
        parts.push(format!("网上预约：{u}"));
    }
    if let Some(g) = &b.green_channel {
        parts.push(format!("绿色通道：{g}"));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_facts_in_words() {
        let b = Booking {
            required: Some(true),
            advance_days: Some(3),
            group_max: Some(50),
            contact: Some("社教部".into()),
            fee: Some("free".into()),
            fee_note: Some("凭学生证".into()),
            ..Booking::default()
        };
        assert_eq!(booking(&b), ["需提前3天预约", "团体每次不超过50人", "联系部门：社教部"]);
        assert_eq!(fee(&b).as_deref(), Some("免费（凭学生证）"));
        let note = |t, l, y| designation_note(t, l, y);
        assert_eq!(note("自治区科普示范基地（2022年度）", Some("region"), Some(2023)), None);
        assert_eq!(note("全国科普教育基地", Some("national"), Some(2021)).as_deref(), Some("（2021 年）"));
        assert_eq!(note("爱国主义教育基地", Some("region"), Some(2019)).as_deref(), Some("（自治区级，2019 年）"));
        assert_eq!(note("爱国主义教育基地", Some("league"), None).as_deref(), Some("（盟级）"));
        let b = Booking { required: Some(false), advance_days: Some(3), ..Booking::default() };
        assert_eq!(booking(&b), ["无需预约"]);
        assert_eq!(fee(&b), None);
    }
}
