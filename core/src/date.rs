//! Calendar dates of service, and the fiscal years ICD-10 releases follow.
//!
//! medcodes needs only whole days and ordering, so a date is a proleptic Gregorian
//! `(year, month, day)` kept as a `yyyymmdd` integer: comparisons are integer comparisons
//! and the tables store dates the same way.

use std::fmt;
use std::str::FromStr;

use crate::error::DateError;

/// A calendar date (service or discharge date), e.g. `Date::new(2025, 3, 1)`.
///
/// Parses from ISO `YYYY-MM-DD` (also `YYYYMMDD`) and prints as ISO.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(u32);

impl Date {
    /// The earliest year accepted; ICD-10 tables start in 2015 but other systems are older.
    pub const MIN_YEAR: u16 = 1900;
    /// The latest year accepted.
    pub const MAX_YEAR: u16 = 2199;

    /// Builds a date, checking that it exists on the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        let invalid = || DateError::Invalid {
            input: format!("{year:04}-{month:02}-{day:02}"),
            reason: "no such calendar day",
        };
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
            return Err(DateError::Invalid {
                input: format!("{year:04}-{month:02}-{day:02}"),
                reason: "year outside 1900..=2199",
            });
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(invalid());
        }
        Ok(Date(year as u32 * 10_000 + month as u32 * 100 + day as u32))
    }

    /// Builds a date from a `yyyymmdd` integer such as `20251001`.
    pub fn from_yyyymmdd(value: u32) -> Result<Date, DateError> {
        let (y, m, d) = (value / 10_000, value / 100 % 100, value % 100);
        if y > u16::MAX as u32 {
            return Err(DateError::Invalid {
                input: value.to_string(),
                reason: "not a yyyymmdd number",
            });
        }
        Date::new(y as u16, m as u8, d as u8)
    }

    /// Internal: a date known to be valid (tables are checked by the generator).
    pub(crate) const fn from_raw(value: u32) -> Date {
        Date(value)
    }

    /// The date as a `yyyymmdd` integer, e.g. `20251001`.
    pub const fn yyyymmdd(self) -> u32 {
        self.0
    }

    pub const fn year(self) -> u16 {
        (self.0 / 10_000) as u16
    }

    pub const fn month(self) -> u8 {
        (self.0 / 100 % 100) as u8
    }

    pub const fn day(self) -> u8 {
        (self.0 % 100) as u8
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (clamped to the supported dates, 1900-01-01 to
    /// 2199-12-31).
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Clamped as a day count: clamping the year alone made days of 2400-02-29 the
        // nonexistent 2199-02-29, and the sum below overflowed near `i64::MAX`.
        let days = days.clamp(FIRST_DAY, LAST_DAY);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        let y = y.clamp(Self::MIN_YEAR as i64, Self::MAX_YEAR as i64) as u32;
        Date(y * 10_000 + m * 100 + d)
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (self.year() as i64, self.month() as i64, self.day() as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day after this one.
    pub fn next_day(self) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + 1)
    }

    /// The day before this one.
    pub fn previous_day(self) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() - 1)
    }

    /// The US federal fiscal year this date falls in (FY N runs from October 1 of year N-1).
    pub fn fiscal_year(self) -> FiscalYear {
        FiscalYear(if self.month() >= 10 {
            self.year() + 1
        } else {
            self.year()
        })
    }
}

/// 1900-01-01 and 2199-12-31 ([`Date::MIN_YEAR`], [`Date::MAX_YEAR`]) as days since
/// 1970-01-01.
const FIRST_DAY: i64 = -25_567;
const LAST_DAY: i64 = 84_005;

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Accepts `YYYY-MM-DD` or `YYYYMMDD`, with surrounding whitespace.
    fn from_str(input: &str) -> Result<Date, DateError> {
        let s = input.trim();
        let malformed = || DateError::Malformed {
            input: crate::error::shorten(input),
        };
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = b.get(r).ok_or_else(malformed)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return Err(malformed());
            }
            Ok(part
                .iter()
                .fold(0u32, |acc, c| acc * 10 + u32::from(c - b'0')))
        };
        let (y, m, d) = match b.len() {
            10 if b[4] == b'-' && b[7] == b'-' => (digits(0..4)?, digits(5..7)?, digits(8..10)?),
            8 => (digits(0..4)?, digits(4..6)?, digits(6..8)?),
            _ => return Err(malformed()),
        };
        // Date::new's reason (no such day, or a year it cannot hold), with the input as given.
        Date::new(y as u16, m as u8, d as u8).map_err(|e| match e {
            DateError::Invalid { reason, .. } => DateError::Invalid {
                input: crate::error::shorten(input),
                reason,
            },
            other => other,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A US federal fiscal year: `FiscalYear(2025)` runs 2024-10-01 through 2025-09-30.
/// ICD-10-CM and ICD-10-PCS releases are named by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FiscalYear(pub u16);

impl FiscalYear {
    /// October 1 of the previous calendar year.
    pub fn first_day(self) -> Date {
        Date::from_raw((self.0 as u32 - 1) * 10_000 + 1001)
    }

    /// September 30 of the year.
    pub fn last_day(self) -> Date {
        Date::from_raw(self.0 as u32 * 10_000 + 930)
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FY{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parse_error_says_which_limit() {
        let reason = |s: &str| match s.parse::<Date>() {
            Err(DateError::Invalid { reason, input }) => {
                assert_eq!(input, s);
                reason
            }
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(reason("2025-02-30"), "no such calendar day");
        assert_eq!(reason("2025-13-01"), "no such calendar day");
        assert_eq!(reason("9999-12-31"), "year outside 1900..=2199");
        assert_eq!(reason("0000-01-01"), "year outside 1900..=2199");
    }

    #[test]
    fn parses_iso_and_compact() {
        let d: Date = "2025-03-01".parse().unwrap();
        assert_eq!(d, Date::new(2025, 3, 1).unwrap());
        assert_eq!(" 20250301 ".parse::<Date>().unwrap(), d);
        assert_eq!(d.to_string(), "2025-03-01");
    }

    #[test]
    fn rejects_impossible_days() {
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2024-13-01".parse::<Date>().is_err());
        assert!("2024-1-01".parse::<Date>().is_err());
        assert!("".parse::<Date>().is_err());
        assert!("２０２４-01-01".parse::<Date>().is_err());
    }

    #[test]
    fn fiscal_years_start_in_october() {
        assert_eq!(
            Date::new(2024, 9, 30).unwrap().fiscal_year(),
            FiscalYear(2024)
        );
        assert_eq!(
            Date::new(2024, 10, 1).unwrap().fiscal_year(),
            FiscalYear(2025)
        );
        assert_eq!(FiscalYear(2025).first_day().to_string(), "2024-10-01");
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-1000, 0, 16_709, 20_000, 60_000] {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days, "{d}");
        }
        assert_eq!(
            Date::new(2021, 1, 1).unwrap().previous_day().to_string(),
            "2020-12-31"
        );
    }

    /// Found by fuzzing (fuzz/artifacts/date, fuzz/artifacts/claim_table): day counts
    /// outside the supported years gave a nonexistent date (2208-02-29 as 2199-02-29), and
    /// counts near `i64::MAX` overflowed (an Arrow int64 discharge date in a claim table).
    #[test]
    fn day_counts_outside_the_years_clamp_to_real_dates() {
        let first = Date::new(Date::MIN_YEAR, 1, 1).unwrap();
        let last = Date::new(Date::MAX_YEAR, 12, 31).unwrap();
        assert_eq!(first.days_since_epoch(), FIRST_DAY);
        assert_eq!(last.days_since_epoch(), LAST_DAY);
        // 2208-02-29 (the fuzzer's case) and 2400-02-29.
        for days in [86_986, 157_113, LAST_DAY + 1, i64::MAX, i64::MAX - 719_000] {
            assert_eq!(Date::from_days_since_epoch(days), last, "{days}");
        }
        for days in [FIRST_DAY - 1, -200_000, i64::MIN, i64::MIN + 1] {
            assert_eq!(Date::from_days_since_epoch(days), first, "{days}");
        }
        assert_eq!(Date::from_days_since_epoch(LAST_DAY), last);
        assert_eq!(last.next_day(), last);
        assert_eq!(first.previous_day(), first);
    }
}
