//! China time: the League keeps UTC+8 all year. "Today" decides which records are overdue
//! for verification and which places are open now.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

fn china() -> TimeZone {
    TimeZone::fixed(jiff::tz::offset(8))
}

/// Now in China, or the moment of `SOURCE_DATE_EPOCH` for reproducible builds.
pub fn now() -> DateTime {
    let stamp = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    stamp.to_zoned(china()).datetime()
}

/// Today in China (see [`now`]).
pub fn today() -> Date {
    now().date()
}
