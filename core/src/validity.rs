//! Date ranges in which a code is valid, and the releases (update dates) of a code set.

use std::fmt;

use crate::date::{Date, FiscalYear};
use crate::mce::MceFlags;

/// An inclusive range of dates of service in which a code is valid. `end` is `None` when
/// the code is still valid at the end of the bundled data (no deletion is known). (Named
/// `start`/`end` on every surface: Python cannot name a field `from`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ValidityRange {
    pub start: Date,
    pub end: Option<Date>,
}

impl ValidityRange {
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date <= end)
    }
}

impl fmt::Display for ValidityRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.end {
            Some(end) => write!(f, "from {} to {}", self.start, end),
            None => write!(f, "from {}", self.start),
        }
    }
}

/// One release of a code set: the date an update took effect. Derived from the dates on
/// which the set of valid codes (or their edit flags) changed in the bundled data, so
/// April 1 and January 1 updates appear alongside the October 1 fiscal-year releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Release {
    pub effective: Date,
}

impl Release {
    pub fn fiscal_year(self) -> FiscalYear {
        self.effective.fiscal_year()
    }

    /// The releases of a code set from its generated list of effective dates (YYYYMMDD,
    /// oldest first).
    pub(crate) fn all(dates: &'static [u32]) -> impl Iterator<Item = Release> {
        dates.iter().map(|&d| Release {
            effective: Date::from_raw(d),
        })
    }

    /// The last release effective on or before `date`, from such a list.
    pub(crate) fn on(dates: &'static [u32], date: Date) -> Option<Release> {
        Release::all(dates)
            .take_while(|r| r.effective <= date)
            .last()
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fy = self.fiscal_year();
        if self.effective == fy.first_day() {
            write!(f, "{fy}")
        } else {
            write!(f, "{fy} update of {}", self.effective)
        }
    }
}

/// One span of a code's validity, with the Medicare Code Editor flags in force in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ValiditySpan {
    pub range: ValidityRange,
    /// Billable in this span; otherwise a header with billable codes below it.
    pub billable: bool,
    /// MCE edit flags (empty for headers).
    pub mce_flags: MceFlags,
}
