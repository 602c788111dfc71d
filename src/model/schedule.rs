//! Opening hours as weekly rules: what the open-day filters, JSON-LD and HSDS read. Made
//! from an `opening_hours` value by [`schedule`] when it has that form.

use opening_hours_syntax::rules::day::{MonthdayRange, WeekDayRange};
use opening_hours_syntax::rules::time::Time;
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleOperator};
use opening_hours_syntax::RuleKind;

/// One rule of a weekly schedule: on these months and weekdays, open during these spans
/// (minutes from midnight; none = closed). Later rules replace earlier ones for a day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// Bit 0 = January.
    pub months: u16,
    /// Bit 0 = Monday.
    pub days: u8,
    pub spans: Vec<[u16; 2]>,
}

pub type Schedule = Vec<Rule>;

/// The expression as a schedule the search filters can evaluate, when it has that form.
/// Rules about public or school holidays only are left out (no holiday calendar here).
pub fn schedule(expr: &OpeningHoursExpression) -> Option<Schedule> {
    let mut rules = Vec::new();
    for rule in &expr.rules {
        if rule.operator != RuleOperator::Normal || rule.kind == RuleKind::Unknown {
            return None;
        }
        let sel = &rule.day_selector;
        if !sel.year.is_empty() || !sel.week.is_empty() {
            return None;
        }
        let holidays = sel.weekday.iter().filter(|w| matches!(w, WeekDayRange::Holiday { .. })).count();
        if holidays > 0 && holidays == sel.weekday.len() {
            continue;
        }
        let mut months = if sel.monthday.is_empty() { 0xFFF } else { 0 };
        for m in &sel.monthday {
            let MonthdayRange::Month { range, year: None } = m else { return None };
            months |= wrapping_mask(*range.start() as u8 - 1, *range.end() as u8 - 1, 12) as u16;
        }
        let mut days = if sel.weekday.is_empty() { 0x7F } else { 0 };
        for w in &sel.weekday {
            match w {
                WeekDayRange::Fixed { range, offset: 0, nth_from_start, nth_from_end }
                    if !nth_from_start.contains(&false) && !nth_from_end.contains(&false) =>
                {
                    let (a, b) = (range.start().num_days_from_monday(), range.end().num_days_from_monday());
                    days |= wrapping_mask(a as u8, b as u8, 7) as u8;
                }
                _ => return None,
            }
        }
        let spans = match rule.kind {
            RuleKind::Closed => Vec::new(),
            _ if rule.time_selector.time.is_empty() => vec![[0, 24 * 60]],
            _ => {
                let mut spans = Vec::new();
                for span in &rule.time_selector.time {
                    let (Time::Fixed(a), Time::Fixed(b)) = (span.range.start, span.range.end) else { return None };
                    if span.open_end || span.repeats.is_some() {
                        return None;
                    }
                    spans.push([a.mins_from_midnight(), b.mins_from_midnight()]);
                }
                spans
            }
        };
        rules.push(Rule { months, days, spans });
    }
    Some(rules)
}

/// Weekdays (0 = Monday) that share the same open spans, and those spans.
pub type DayGroup = (Vec<usize>, Vec<[u16; 2]>);

/// A year-round schedule as groups of weekdays with the same spans, in weekday order; days
/// closed are in no group. `None` when the hours change with the months.
pub fn weekly(rules: &[Rule]) -> Option<Vec<DayGroup>> {
    if rules.iter().any(|r| r.months != 0xFFF) {
        return None;
    }
    let mut groups: Vec<DayGroup> = Vec::new();
    for day in 0..7 {
        let spans = spans_on(rules, 0, day as u8);
        if spans.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|g| g.1 == spans) {
            Some(g) => g.0.push(day),
            None => groups.push((vec![day], spans.to_vec())),
        }
    }
    Some(groups)
}

/// Bits `from..=to` of a `len`-bit ring (so Nov-Apr and Su-Tu wrap around).
pub fn wrapping_mask(from: u8, to: u8, len: u8) -> u32 {
    let mut mask = 0;
    let mut i = from;
    loop {
        mask |= 1 << i;
        if i == to {
            return mask;
        }
        i = (i + 1) % len;
    }
}

/// The open spans of a day: the last rule that covers its month and weekday decides.
pub fn spans_on(schedule: &[Rule], month0: u8, weekday0: u8) -> &[[u16; 2]] {
    let covers = |r: &&Rule| r.months & (1 << month0) != 0 && r.days & (1 << weekday0) != 0;
    schedule.iter().rev().find(covers).map_or(&[], |r| r.spans.as_slice())
}

#[cfg(test)]
mod tests {
    use super::super::hours::parse;
    use super::*;

    #[test]
    fn schedules_for_the_open_filter() {
        let s = schedule(&parse("Tu-Su 09:00-16:30; Mo off; PH off").unwrap()).unwrap();
        assert_eq!(spans_on(&s, 4, 0), &[] as &[[u16; 2]]);
        assert_eq!(spans_on(&s, 4, 1), &[[540, 990]]);
        let s = schedule(&parse("May-Oct 08:00-17:00").unwrap()).unwrap();
        assert!(spans_on(&s, 10, 2).is_empty() && !spans_on(&s, 5, 2).is_empty());
        let s = schedule(&parse("Nov-Apr Su-Tu 10:00-12:00").unwrap()).unwrap();
        assert_eq!((s[0].months, s[0].days), (0b1100_0000_1111, 0b100_0011));
        assert!(schedule(&parse("Sa[1] 09:00-11:00").unwrap()).is_none());
    }

    #[test]
    fn weekdays_with_the_same_hours_are_grouped() {
        let groups = weekly(&schedule(&parse("Mo-Fr 09:00-17:00; We 09:00-12:00; Su off").unwrap()).unwrap()).unwrap();
        assert_eq!(groups, [(vec![0, 1, 3, 4], vec![[540, 1020]]), (vec![2], vec![[540, 720]])]);
        assert!(weekly(&schedule(&parse("May-Oct 08:00-17:00").unwrap()).unwrap()).is_none());
    }
}
