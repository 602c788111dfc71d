//! China time: the League keeps UTC+8 all year. "Today" decides which records are overdue
//! for verification and which places are open now.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

fn china() -> TimeZone {
    TimeZone::fixed(jiff::tz::offset(8))
}

/// The moment `SOURCE_DATE_EPOCH` names (seconds since 1970, for reproducible builds), if it is
/// set and not empty; an error says why a value cannot be used.
pub fn source_date_epoch() -> Result<Option<Timestamp>, String> {
    let Some(value) = std::env::var("SOURCE_DATE_EPOCH").ok().filter(|v| !v.trim().is_empty()) else { return Ok(None) };
    let stamp = value.trim().parse::<i64>().ok().and_then(|secs| Timestamp::from_second(secs).ok());
    stamp.map(Some).ok_or_else(|| format!("环境变量 SOURCE_DATE_EPOCH 的值 `{value}` 不是 1970 年以来的秒数"))
}

/// Now in China, or the moment of `SOURCE_DATE_EPOCH` (checked by the command line first).
pub fn now() -> DateTime {
    source_date_epoch().ok().flatten().unwrap_or_else(Timestamp::now).to_zoned(china()).datetime()
}

/// Today in China (see [`now`]).
pub fn today() -> Date {
    now().date()
}
