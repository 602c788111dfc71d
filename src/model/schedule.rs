//! Opening hours as weekly rules: what the open-day filters, JSON-LD and HSDS read. Made
//! from an `opening_hours` value by [`schedule`] when it has that form.

use opening_hours_syntax::rules::day::{MonthdayRange, WeekDayRange};
use opening_hours_syntax::rules::time::Time;
use opening_hours_syntax::rules::{OpeningHoursExpression, RuleOperator};
use opening_hours_syntax::RuleKind;

use jiff::civil::Date;

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

/// Months (first and last, 0 = January; the run wraps past December when first > last) in
/// which the weekly hours are the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Season {
    pub months: [u8; 2],
    pub groups: Vec<DayGroup>,
}

impl Season {
    /// The whole year: the hours do not change with the months.
    pub fn all_year(&self) -> bool {
        self.months == [0, 11]
    }

    /// The first and last day of this season's run that ends on or after `today` (machines
    /// want dates, a season recurs every year).
    pub fn dates(&self, today: Date) -> (Date, Date) {
        let [a, z] = self.months.map(|m| m as i8 + 1);
        let wraps = i16::from(a > z);
        (today.year() - 1..)
            .map(|y| {
                let from = Date::new(y, a, 1).expect("first of a month");
                let last = Date::new(y + wraps, z, 1).expect("first of a month");
                (from, last.last_of_month())
            })
            .find(|(_, to)| *to >= today)
            .expect("a later year ends after today")
    }
}

/// The schedule as runs of months with the same weekly hours, in the order of the year; months
/// with no open day are in none. One run of all twelve months when the hours never change.
pub fn seasons(rules: &[Rule]) -> Vec<Season> {
    let week = |month: u8| -> Vec<DayGroup> {
        let mut groups: Vec<DayGroup> = Vec::new();
        for day in 0..7 {
            let spans = spans_on(rules, month, day as u8);
            if spans.is_empty() {
                continue;
            }
            match groups.iter_mut().find(|g| g.1 == spans) {
                Some(g) => g.0.push(day),
                None => groups.push((vec![day], spans.to_vec())),
            }
        }
        groups
    };
    let mut runs: Vec<Season> = Vec::new();
    for month in 0..12u8 {
        let groups = week(month);
        match runs.last_mut() {
            Some(run) if run.months[1] + 1 == month && run.groups == groups => run.months[1] = month,
            _ if groups.is_empty() => {}
            _ => runs.push(Season { months: [month, month], groups }),
        }
    }
    // A run through December goes on into the January run when their hours are the same.
    if runs.len() > 1
        && runs[0].months[0] == 0
        && runs[runs.len() - 1].months[1] == 11
        && runs[0].groups == runs[runs.len() - 1].groups
    {
        let last = runs.pop().expect("two runs");
        runs[0].months[0] = last.months[0];
    }
    runs
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
        let s = seasons(&schedule(&parse("Mo-Fr 09:00-17:00; We 09:00-12:00; Su off").unwrap()).unwrap());
        assert!(s.len() == 1 && s[0].all_year());
        assert_eq!(s[0].groups, [(vec![0, 1, 3, 4], vec![[540, 1020]]), (vec![2], vec![[540, 720]])]);
    }

    #[test]
    fn seasons_are_runs_of_months_dated_from_today() {
        let seasons = |raw: &str| seasons(&schedule(&parse(raw).unwrap()).unwrap());
        let s = seasons("May-Oct 08:00-17:00");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].months, [4, 9]);
        let day = |t: &str| t.parse::<Date>().unwrap();
        assert_eq!(s[0].dates(day("2026-06-10")), (day("2026-05-01"), day("2026-10-31")));
        assert_eq!(s[0].dates(day("2026-12-01")), (day("2027-05-01"), day("2027-10-31")));
        let s = seasons("Nov-Mar Tu-Su 09:00-16:00; Apr-Oct 08:00-18:00");
        assert_eq!(s.iter().map(|x| x.months).collect::<Vec<_>>(), [[10, 2], [3, 9]]);
        assert_eq!(s[0].dates(day("2026-12-01")), (day("2026-11-01"), day("2027-03-31")));
        assert_eq!(s[0].dates(day("2026-02-01")), (day("2025-11-01"), day("2026-03-31")));
        assert_eq!(s[1].groups, [((0..7).collect::<Vec<_>>(), vec![[480, 1080]])]);
        let s = seasons("Tu-Su 09:00-16:30; Mo off");
        assert!(s.len() == 1 && s[0].all_year());
        assert!(seasons("off").is_empty());
    }
}
