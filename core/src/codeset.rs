//! One model for every code system: [`CodeSet`] (the set, e.g. [`Icd10Cm`](crate::Icd10Cm))
//! and [`Code`] (a code of it), generic over a [`System`] that supplies the system's own
//! parts.
//!
//! Lookup, validation, the reason a code is refused, the batch calls, coverage, releases,
//! titles, the hierarchy and the prefix walk are written here once. A system brings its
//! generated tables, its normaliser and the few rules that explain a refusal in its own
//! terms (ICD-10-CM's 7th characters, ICD-10-PCS's incomplete codes); its extras (notes,
//! chapters, axes, ...) are inherent methods on `CodeSet<ItsSystem>` and `Code<ItsSystem>`
//! in its own module. `docs/ADDING-A-CODE-SYSTEM.md` is the recipe.
//!
//! ```
//! use medcodes::{CodeSet, Date, Icd10Cm, ReasonKind, System};
//!
//! // Generic over the system: the same call for ICD-10-CM, ICD-10-PCS, ...
//! fn valid_share<S: System>(set: CodeSet<S>, codes: &[&str], date: Date) -> f64 {
//!     let mut kinds = Vec::new();
//!     set.reasons(codes, date, &mut kinds);
//!     kinds.iter().filter(|k| **k == ReasonKind::Valid).count() as f64 / codes.len() as f64
//! }
//! let dos = Date::new(2025, 3, 1).unwrap();
//! assert_eq!(valid_share(Icd10Cm::new(), &["E11.9", "E11"], dos), 0.5);
//! ```

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::Range;

use crate::date::Date;
use crate::error::{ReasonKind, ValidationError};
use crate::hot::Hot;
use crate::key::{CodeBuf, CodeKey};
use crate::mce::MceFlags;
use crate::system::CodeSystem;
use crate::table::{HotLookup, Span, SpanKind, Table, Title, TitleKind, TitleSource};
use crate::validity::{Release, ValidityRange, ValiditySpan};

/// How many codes the errors that list examples ([`ValidationError::NotBillable`],
/// [`ValidationError::Incomplete`]) name.
pub(crate) const EXAMPLES: usize = 5;

/// How many codes of the index range `codes` are valid on `date`, and the first
/// [`EXAMPLES`] of them spelled out: what an error that points the coder to the codes meant
/// gives. Counted in the table's bitsets of the codes valid in each period
/// ([`ValidByPeriod`](crate::valid_by_period::ValidByPeriod)); a code at a time past them.
pub(crate) fn valid_codes_in<S: System>(codes: Range<u32>, date: Date) -> (u32, Vec<String>) {
    let table = S::table();
    let spell = |i: u32| Code::<S>::at(i).code().to_string();
    if let Some((n, first)) = Periods::new(table)
        .of(date)
        .and_then(|p| table.valid_by_period().count(p, codes.clone(), EXAMPLES))
    {
        return (n, first.into_iter().map(spell).collect());
    }
    let mut examples = Vec::with_capacity(EXAMPLES);
    let mut n = 0u32;
    for i in codes.filter(|&i| table.is_valid_on(i, date)) {
        if examples.len() < EXAMPLES {
            examples.push(spell(i));
        }
        n = n.saturating_add(1);
    }
    (n, examples)
}

/// A code system's own parts: its tables, its normaliser, and how it explains a refusal.
/// Implemented by the marker types of the systems medcodes knows
/// ([`Icd10CmSystem`](crate::icd10cm::Icd10CmSystem),
/// [`Icd10PcsSystem`](crate::icd10pcs::Icd10PcsSystem)); sealed: the items are the
/// crate's, not public API.
pub trait System: sealed::Sealed + Copy + Default + fmt::Debug + Send + Sync + 'static {
    /// Which system this is.
    const ID: CodeSystem;

    /// Whether the span flags of its tables are Medicare Code Editor edits.
    #[doc(hidden)]
    const MCE_EDITED: bool = false;

    /// How many characters every code of the system has, when they all have the same
    /// number (ICD-10-PCS 7, HCPCS 5): a shorter input is the start of codes, never valid
    /// ([`ValidationError::Incomplete`]). `None`: codes of several lengths (ICD-10-CM).
    #[doc(hidden)]
    const CODE_LENGTH: Option<usize> = None;

    /// A code (or the start of one) in canonical form, checked for shape, not existence;
    /// its key is what the tables are looked up by.
    type Normalized: Copy + fmt::Display + fmt::Debug + Into<CodeKey>;

    #[doc(hidden)]
    fn table() -> &'static Table;

    /// The code as an [`AnyCode`](crate::AnyCode).
    #[doc(hidden)]
    fn wrap(code: Code<Self>) -> crate::AnyCode;

    /// Reads input into canonical form, or says precisely what is wrong with it.
    #[doc(hidden)]
    fn normalize(input: &str) -> Result<Self::Normalized, ValidationError>;

    /// The key of a code that could be valid, without writing its canonical spelling: the
    /// batch calls' and claim edits' reader (its fast path is inlined in their loops). On
    /// failure, the [`ReasonKind`] [`CodeSet::reason`] gives.
    #[doc(hidden)]
    fn complete_key(input: &str) -> Result<CodeKey, ReasonKind>;

    /// The key and length of a prefix for [`CodeSet::codes_starting_with`] (`None`: no
    /// code starts so). By default what [`normalize`](Self::normalize) reads.
    #[doc(hidden)]
    fn prefix_key(prefix: &str) -> Option<(CodeKey, usize)> {
        let key: CodeKey = Self::normalize(prefix).ok()?.into();
        Some((key, key.len()))
    }

    /// The canonical spelling of a key (ICD-10-CM puts the dot back). By default its
    /// characters.
    #[doc(hidden)]
    #[inline]
    fn spell(key: CodeKey) -> CodeBuf {
        key.unpack()
    }

    /// A normalised code that can never be valid for its shape alone: fewer characters
    /// than [`CODE_LENGTH`](Self::CODE_LENGTH). The error, before any table read, says how
    /// many codes valid on the date complete it.
    #[doc(hidden)]
    fn check_shape(
        set: CodeSet<Self>,
        code: &Self::Normalized,
        date: Date,
    ) -> Result<(), ValidationError> {
        let key: CodeKey = (*code).into();
        match Self::CODE_LENGTH {
            Some(required) if key.len() < required => {
                let range = set.table().prefix_range(key, key.len());
                let (completions, examples) = valid_codes_in::<Self>(range, date);
                Err(ValidationError::Incomplete {
                    code: Self::spell(key).to_string(),
                    system: Self::ID.name(),
                    length: key.len(),
                    required,
                    date,
                    completions,
                    examples,
                })
            }
            _ => Ok(()),
        }
    }

    /// Why a key the table does not have is refused (ICD-10-CM: the 7th-character rules).
    #[doc(hidden)]
    fn unknown_kind(_key: CodeKey, _date: Date) -> ReasonKind {
        ReasonKind::Unknown
    }

    /// [`unknown_kind`](Self::unknown_kind) as the full error; `unknown` is the plain
    /// [`ValidationError::Unknown`].
    #[doc(hidden)]
    fn unknown_error(
        _key: CodeKey,
        _date: Date,
        unknown: impl FnOnce() -> ValidationError,
    ) -> ValidationError {
        unknown()
    }

    /// Why a header (a code with codes below it, valid on the date but not billable) is
    /// refused (ICD-10-CM: missing 7th character, or not billable).
    #[doc(hidden)]
    fn header_kind(_record: u32, _key: CodeKey, _date: Date) -> ReasonKind {
        ReasonKind::NotBillable
    }

    /// [`header_kind`](Self::header_kind) as the full error; `not_billable` is the plain
    /// [`ValidationError::NotBillable`].
    #[doc(hidden)]
    fn header_error(
        _record: u32,
        _key: CodeKey,
        _date: Date,
        not_billable: impl FnOnce() -> ValidationError,
    ) -> ValidationError {
        not_billable()
    }
}

pub(crate) mod sealed {
    /// Only the crate's systems implement [`System`](super::System).
    pub trait Sealed {}
}

/// The most periods [`CodeSet::period`] numbers (the bits of [`Profile::valid`]).
pub(crate) const MAX_PERIODS: usize = 32;

/// A spelling across the periods of its code set ([`CodeSet::profile`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Profile {
    /// Bit `p`: valid on the dates of period `p`.
    pub valid: u32,
    /// The reason on the dates it is not valid, when it is one for them all (`None`: ask
    /// the code set on the date).
    pub otherwise: Option<ReasonKind>,
}

/// The periods of a code set's dates ([`CodeSet::periods`]).
#[derive(Clone, Copy)]
pub(crate) struct Periods<'t> {
    /// The day (since 1970) of the first date covered, and the period of each day from it
    /// to the last.
    first_day: i64,
    by_day: &'t [u8],
    /// The same by date, and the change dates up to a date
    /// ([`ChangeDates`](crate::table::ChangeDates)).
    first_year: u32,
    by_ymd: &'t [u8],
    upto_ymd: &'t [u8],
    changes: &'t [u32],
}

impl<'t> Periods<'t> {
    /// The periods of a table's dates (its change dates, worked out at the first call).
    #[inline]
    pub(crate) fn new(table: &'t Table) -> Periods<'t> {
        let changes = table.changes();
        Periods {
            first_day: changes.first_day,
            by_day: &changes.by_day,
            first_year: changes.first_year,
            by_ymd: &changes.by_ymd,
            upto_ymd: &changes.upto_ymd,
            changes: &changes.dates,
        }
    }

    /// The period of a date ([`CodeSet::period`]): one table read.
    #[inline]
    pub(crate) fn of(&self, date: Date) -> Option<u8> {
        let v = date.yyyymmdd();
        let (y, md) = (v / 10_000, v % 10_000);
        let at =
            y.checked_sub(self.first_year)? as usize * 416 + (md / 100 * 32 + md % 100) as usize;
        self.by_ymd
            .get(at)
            .copied()
            .filter(|&p| usize::from(p) < MAX_PERIODS)
    }

    /// The periods whose first day falls in `first..=last` (`yyyymmdd`, `first` at least
    /// 1): the periods a validity span covers, since spans start and end on change dates
    /// (as bits, past [`MAX_PERIODS`] left out).
    #[inline]
    pub(crate) fn covered(&self, first: u32, last: u32) -> u32 {
        let ones = |n: usize| -> u32 {
            if n >= MAX_PERIODS {
                u32::MAX
            } else {
                (1u32 << n) - 1
            }
        };
        ones(self.upto(last)) & !ones(self.upto(first.saturating_sub(1)))
    }

    /// How many change dates are not after `v` (`yyyymmdd`), saturated at 255.
    #[inline]
    fn upto(&self, v: u32) -> usize {
        let (y, m, d) = (v / 10_000, v / 100 % 100, v % 100);
        let Some(years) = y.checked_sub(self.first_year) else {
            return 0;
        };
        let at = years as usize * 416 + (m * 32 + d) as usize;
        match self.upto_ymd.get(at) {
            Some(&n) if m <= 12 && d <= 31 => usize::from(n),
            // Past the table, or not shaped like a date.
            _ => self.changes.iter().filter(|&&c| c <= v).count().min(255),
        }
    }

    /// The period of a date given as days since 1970 (Arrow `date32`): one table read.
    #[inline]
    pub(crate) fn of_day(&self, day: i64) -> Option<u8> {
        let at = usize::try_from(day.wrapping_sub(self.first_day)).ok()?;
        self.by_day
            .get(at)
            .copied()
            .filter(|&p| usize::from(p) < MAX_PERIODS)
    }
}

/// A batch call was given a date per code, but not as many dates as codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{codes} codes but {dates} dates: give one date for all, or one per code")]
pub struct LengthMismatch {
    pub codes: usize,
    pub dates: usize,
}

impl LengthMismatch {
    pub(crate) fn check(codes: usize, dates: usize) -> Result<(), LengthMismatch> {
        if codes == dates {
            Ok(())
        } else {
            Err(LengthMismatch { codes, dates })
        }
    }
}

/// A code set: every code of one system in the bundled data, by date of service. Cheap to
/// create and `Copy` (the tables are static). [`Icd10Cm`](crate::Icd10Cm) and
/// [`Icd10Pcs`](crate::Icd10Pcs) are its instances; each adds its own extras.
pub struct CodeSet<S: System> {
    system: PhantomData<S>,
}

/// A code (or a header, or a level of the hierarchy) of a code set, in any release. A
/// small `Copy` handle (a record number); ordered like the codes.
pub struct Code<S: System> {
    pub(crate) index: u32,
    system: PhantomData<S>,
}

impl<S: System> CodeSet<S> {
    pub const fn new() -> Self {
        CodeSet {
            system: PhantomData,
        }
    }

    /// Which system this is.
    pub fn system(&self) -> CodeSystem {
        S::ID
    }

    #[inline(always)]
    fn table(&self) -> &'static Table {
        S::table()
    }

    /// Reads input into canonical form (case, spaces and the system's punctuation), or
    /// says precisely what is wrong with it. Says nothing of existence.
    pub fn normalize(&self, code: &str) -> Result<S::Normalized, ValidationError> {
        S::normalize(code)
    }

    /// Finds a code (billable or header) in any release, without regard to date.
    pub fn lookup(&self, code: &str) -> Result<Code<S>, ValidationError> {
        let normalized = S::normalize(code)?;
        self.table()
            .find(normalized.into())
            .map(Code::at)
            .ok_or_else(|| self.unknown(&normalized))
    }

    /// The plain error for a code no release has.
    fn unknown(&self, code: &S::Normalized) -> ValidationError {
        ValidationError::Unknown {
            code: code.to_string(),
            system: S::ID.name(),
            first: self.table().first_date,
            last: self.table().last_date,
        }
    }

    /// Validates a code for a date of service: `Ok` with the code when it is valid (a
    /// billable code, in force on that date), otherwise the reason, with what a coder
    /// needs to fix it.
    pub fn validate(&self, code: &str, date: Date) -> Result<Code<S>, ValidationError> {
        self.table().check_date(date, S::ID.name())?;
        let normalized = S::normalize(code)?;
        S::check_shape(*self, &normalized, date)?;
        let key = normalized.into();
        let Some(index) = self.table().find(key) else {
            return Err(S::unknown_error(key, date, || self.unknown(&normalized)));
        };
        let found = Code::at(index);
        match self.table().span_on(index, date) {
            Some(Span {
                kind: SpanKind::Billable,
                ..
            }) => Ok(found),
            Some(Span {
                kind: SpanKind::Header,
                ..
            }) => Err(S::header_error(index, key, date, || {
                let (billable_descendants, examples) =
                    valid_codes_in::<S>(found.descendants_range(), date);
                ValidationError::NotBillable {
                    code: normalized.to_string(),
                    date,
                    billable_descendants,
                    examples,
                }
            })),
            None => Err(ValidationError::NotValidOnDate {
                code: normalized.to_string(),
                date,
                valid: found.validity(),
            }),
        }
    }

    /// The outcome of [`validate`](Self::validate) as a [`ReasonKind`], without allocating:
    /// the call for one code of a column.
    #[inline]
    pub fn reason(&self, code: &str, date: Date) -> ReasonKind {
        let table = self.table();
        if !table.covers(date) {
            return ReasonKind::DateOutOfRange;
        }
        let key = match S::complete_key(code) {
            Ok(key) => key,
            Err(kind) => return kind,
        };
        match table.find(key) {
            None => S::unknown_kind(key, date),
            Some(index) => match table.span_on(index, date) {
                Some(Span {
                    kind: SpanKind::Billable,
                    ..
                }) => ReasonKind::Valid,
                Some(_) => S::header_kind(index, key, date),
                None => ReasonKind::NotValidOnDate,
            },
        }
    }

    /// Whether the code is valid (billable, in force) on the date.
    #[inline]
    pub fn is_valid(&self, code: &str, date: Date) -> bool {
        self.reason(code, date) == ReasonKind::Valid
    }

    /// [`reason`](Self::reason) for many codes, appended to `out` in order (one
    /// kind a code): the call for columns. Valid codes are looked up 32 at a time with
    /// their table reads overlapped, which a loop of single calls cannot do.
    ///
    /// ```
    /// use medcodes::{Date, Icd10Cm, ReasonKind};
    /// let mut kinds = Vec::new();
    /// let date = Date::new(2025, 3, 1).unwrap();
    /// Icd10Cm::new().reasons(&["E11.9", "E11", "e119", ""], date, &mut kinds);
    /// use ReasonKind::*;
    /// assert_eq!(kinds, [Valid, NotBillable, Valid, Empty]);
    /// ```
    pub fn reasons<C: AsRef<str>>(&self, codes: &[C], date: Date, out: &mut Vec<ReasonKind>) {
        out.reserve(codes.len());
        self.for_each_reason(codes, date, |k| out.push(k));
    }

    /// [`is_valid`](Self::is_valid) for many codes, appended to `out` in order.
    pub fn are_valid<C: AsRef<str>>(&self, codes: &[C], date: Date, out: &mut Vec<bool>) {
        out.reserve(codes.len());
        self.for_each_valid(codes, date, |v| out.push(v));
    }

    /// [`reasons`](Self::reasons), each handed to `each` in order.
    #[inline]
    pub(crate) fn for_each_reason<C: AsRef<str>>(
        &self,
        codes: &[C],
        date: Date,
        each: impl FnMut(ReasonKind),
    ) {
        self.table().for_each_reason_kind(
            codes,
            date,
            S::complete_key,
            |c, date| self.reason(c, date),
            each,
        );
    }

    /// [`are_valid`](Self::are_valid), each handed to `each` in order.
    #[inline]
    pub(crate) fn for_each_valid<C: AsRef<str>>(
        &self,
        codes: &[C],
        date: Date,
        mut each: impl FnMut(bool),
    ) {
        // Why a code is not valid does not matter here: skip working it out.
        self.table().for_each_reason_kind(
            codes,
            date,
            S::complete_key,
            |_, _| ReasonKind::Unknown,
            |k| each(k == ReasonKind::Valid),
        );
    }

    /// [`reasons_per_row`](Self::reasons_per_row), each handed to `each` in order (rows
    /// past the shorter of the two are left out).
    #[inline]
    pub(crate) fn for_each_reason_per_row<C: AsRef<str>>(
        &self,
        codes: &[C],
        dates: &[Option<Date>],
        each: impl FnMut(Option<ReasonKind>),
    ) {
        self.table().for_each_reason_kind_per_row(
            codes,
            dates,
            S::complete_key,
            |c, date| self.reason(c, date),
            each,
        );
    }

    /// [`are_valid_per_row`](Self::are_valid_per_row), each handed to `each` in order.
    #[inline]
    pub(crate) fn for_each_valid_per_row<C: AsRef<str>>(
        &self,
        codes: &[C],
        dates: &[Option<Date>],
        mut each: impl FnMut(Option<bool>),
    ) {
        self.table().for_each_reason_kind_per_row(
            codes,
            dates,
            S::complete_key,
            |_, _| ReasonKind::Unknown,
            |k| each(k.map(|k| k == ReasonKind::Valid)),
        );
    }

    /// [`reasons`](Self::reasons) with a date of service a code (claims span years):
    /// `dates[i]` is the date of `codes[i]`, and a code without a date (`None`) has no
    /// reason (`None`). As fast as one date for all.
    ///
    /// ```
    /// use medcodes::{Date, Icd10Cm, ReasonKind::*};
    /// let d = |s: &str| Some(s.parse::<Date>().unwrap());
    /// let mut kinds = Vec::new();
    /// let dates = [d("2020-03-31"), d("2020-04-01"), None];
    /// Icd10Cm::new().reasons_per_row(&["U07.1", "U07.1", "E11.9"], &dates, &mut kinds)?;
    /// assert_eq!(kinds, [Some(NotValidOnDate), Some(Valid), None]);
    /// # Ok::<(), medcodes::LengthMismatch>(())
    /// ```
    pub fn reasons_per_row<C: AsRef<str>>(
        &self,
        codes: &[C],
        dates: &[Option<Date>],
        out: &mut Vec<Option<ReasonKind>>,
    ) -> Result<(), LengthMismatch> {
        LengthMismatch::check(codes.len(), dates.len())?;
        out.reserve(codes.len());
        self.for_each_reason_per_row(codes, dates, |k| out.push(k));
        Ok(())
    }

    /// [`are_valid`](Self::are_valid) with a date a code, as
    /// [`reasons_per_row`](Self::reasons_per_row).
    pub fn are_valid_per_row<C: AsRef<str>>(
        &self,
        codes: &[C],
        dates: &[Option<Date>],
        out: &mut Vec<Option<bool>>,
    ) -> Result<(), LengthMismatch> {
        LengthMismatch::check(codes.len(), dates.len())?;
        out.reserve(codes.len());
        self.for_each_valid_per_row(codes, dates, |v| out.push(v));
        Ok(())
    }

    /// First and last date of service the bundled data covers.
    pub fn coverage(&self) -> (Date, Date) {
        (self.table().first_date, self.table().last_date)
    }

    /// Every release (a date on which codes were added, deleted or changed), oldest first.
    pub fn releases(&self) -> impl Iterator<Item = Release> {
        Release::all(self.table().releases)
    }

    /// The release in force on a date (`None` outside [`coverage`](Self::coverage)).
    pub fn release_on(&self, date: Date) -> Option<Release> {
        self.table().covers(date).then_some(())?;
        Release::on(self.table().releases, date)
    }

    /// The period a covered date falls in, numbered from 0: between two dates on which
    /// some code's validity changes every answer about validity is the same (a test
    /// checks it), so the batch engine remembers, for a spelling, in which periods it is
    /// valid ([`profile`](Self::profile)). `None` outside the coverage or past
    /// [`MAX_PERIODS`].
    #[cfg(test)]
    pub(crate) fn period(&self, date: Date) -> Option<u8> {
        self.periods().of(date)
    }

    /// [`period`](Self::period) for many dates: the table's change dates read once.
    #[inline]
    pub(crate) fn periods(&self) -> Periods<'static> {
        Periods::new(S::table())
    }

    /// What a spelling is across the periods ([`period`](Self::period)): for the batch
    /// engine's memo when each row has its date (which works them out
    /// [`profiles`](Self::profiles) at a time).
    #[cfg(test)]
    pub(crate) fn profile(&self, code: &str) -> Profile {
        let hot = self.table().hot_lookup();
        let entry = S::complete_key(code).map(|key| hot.get(key, hot.probe(hot.home(key))));
        self.profile_of(entry, hot)
    }

    /// [`profile`](Self::profile) of each code, appended to `out` in order: the codes are
    /// read [`STAGE`](crate::table::STAGE) at a time, and the index reads of a stage (then
    /// the span reads of its codes of several spans) all issued before any is used, so
    /// that their cache misses overlap.
    pub(crate) fn profiles<C: AsRef<str>>(&self, codes: &[C], out: &mut Vec<Profile>) {
        use crate::table::{Probed, STAGE};
        let hot = self.table().hot_lookup();
        for chunk in codes.chunks(STAGE) {
            let mut keys = [Err(ReasonKind::Empty); STAGE];
            let mut probes = [Probed::NONE; STAGE];
            let mut entries = [Err(ReasonKind::Empty); STAGE];
            let n = chunk.len();
            for (key, code) in keys.iter_mut().zip(chunk) {
                *key = S::complete_key(code.as_ref());
            }
            for (probe, key) in probes.iter_mut().zip(&keys[..n]) {
                if let Ok(key) = key {
                    *probe = hot.probe(hot.home(*key));
                }
            }
            for ((entry, key), probe) in entries.iter_mut().zip(&keys[..n]).zip(&probes) {
                *entry = key.map(|key| hot.get(key, *probe));
                if let Ok(Hot::Run { start, len: 1.. }) = entry {
                    hot.prefetch_run(*start);
                }
            }
            out.extend(
                entries[..n]
                    .iter()
                    .map(|&entry| self.profile_of(entry, hot)),
            );
        }
    }

    /// The profile of a code whose index entry is `entry` (or refused for its shape).
    #[inline]
    fn profile_of(&self, entry: Result<Hot, ReasonKind>, hot: HotLookup<'_>) -> Profile {
        let entry = match entry {
            Ok(entry) => entry,
            // Refused for its shape: the same on every date.
            Err(kind) => {
                return Profile {
                    valid: 0,
                    otherwise: Some(kind),
                }
            }
        };
        let by = self.periods();
        let periods = |first: u32, last: u32| by.covered(first, last);
        let (mut valid, mut header) = (0u32, 0u32);
        match entry {
            // Why an unknown code is refused can depend on the date (ICD-10-CM's
            // 7th-character rules): ask on each row's date.
            Hot::Absent => {
                return Profile {
                    valid: 0,
                    otherwise: None,
                }
            }
            // Most codes: one span, in the index itself.
            Hot::Span {
                first,
                last,
                billable,
                ..
            } => {
                let m = periods(first, last);
                if billable {
                    valid = m;
                } else {
                    header = m;
                }
            }
            Hot::Run { start, len } => {
                for (first, last, billable) in hot.run(start, len) {
                    let m = periods(first, last);
                    if billable {
                        valid |= m;
                    } else {
                        header |= m;
                    }
                }
            }
        }
        Profile {
            valid,
            // A header's reason can depend on the date (the codes below it then).
            otherwise: (header == 0).then_some(ReasonKind::NotValidOnDate),
        }
    }

    /// The sources the titles come from, oldest first.
    pub fn title_sources(&self) -> &'static [TitleSource] {
        self.table().title_sources
    }

    /// Every code (and header, or level of the hierarchy) in the bundled data, all
    /// releases, in code order.
    pub fn codes(&self) -> impl Iterator<Item = Code<S>> {
        (0..self.table().len() as u32).map(Code::at)
    }

    /// The codes valid (billable) on a date, in code order.
    pub fn codes_valid_on(&self, date: Date) -> impl Iterator<Item = Code<S>> {
        self.codes().filter(move |c| c.is_valid_on(date))
    }

    /// Codes and headers (any release) that start with `prefix`, itself included, in code
    /// order: for autocomplete and browsing. Case, surrounding spaces and the system's
    /// punctuation are ignored; a prefix that cannot start a code gives nothing, and an
    /// empty (or blank) prefix every code, as every code starts with it.
    pub fn codes_starting_with(&self, prefix: &str) -> impl Iterator<Item = Code<S>> {
        let range = match S::prefix_key(prefix) {
            Some((key, len)) => self.table().prefix_range(key, len),
            None if prefix.trim().is_empty() => 0..self.table().len() as u32,
            None => 0..0,
        };
        range.map(Code::at)
    }
}

impl<S: System> Code<S> {
    #[inline]
    pub(crate) fn at(index: u32) -> Self {
        Code {
            index,
            system: PhantomData,
        }
    }

    #[inline(always)]
    fn table(&self) -> &'static Table {
        S::table()
    }

    #[inline]
    pub(crate) fn key(&self) -> CodeKey {
        self.table().key(self.index)
    }

    /// The system the code belongs to.
    pub fn system(&self) -> CodeSystem {
        S::ID
    }

    /// Canonical form, e.g. `E11.9`, `0DTJ4ZZ`.
    pub fn code(&self) -> CodeBuf {
        S::spell(self.key())
    }

    /// The characters without punctuation, e.g. `E119`.
    pub fn undotted(&self) -> CodeBuf {
        self.key().unpack()
    }

    /// Whether the code is valid (billable, in force) on the date.
    pub fn is_valid_on(&self, date: Date) -> bool {
        self.table().is_valid_on(self.index, date)
    }

    /// Whether the code is in force on the date, as a valid code or as a header (a level
    /// with valid codes below it).
    pub fn is_present_on(&self, date: Date) -> bool {
        self.table().span_on(self.index, date).is_some()
    }

    /// The date ranges in which the code is in force (valid or header), merged.
    pub fn validity(&self) -> Vec<ValidityRange> {
        self.table().validity(self.index)
    }

    /// Every validity span with its billable status and MCE flags.
    pub fn validity_spans(&self) -> Vec<ValiditySpan> {
        self.table().validity_spans(self.index)
    }

    /// The MCE edit flags in force on a date (`None` when the code is not valid then, or
    /// its system is not one the Medicare Code Editor edits: HCPCS).
    pub fn mce_flags_on(&self, date: Date) -> Option<MceFlags> {
        if !S::MCE_EDITED {
            return None;
        }
        self.flags_on(date).map(MceFlags::from_bits)
    }

    /// The flag bits of the code's span valid on a date (what they mean is the system's:
    /// MCE edits for ICD-10, the status indicator for HCPCS).
    pub(crate) fn flags_on(&self, date: Date) -> Option<u64> {
        match self.table().span_on(self.index, date) {
            Some(Span {
                kind: SpanKind::Billable,
                flags,
                ..
            }) => Some(flags),
            _ => None,
        }
    }

    /// The long title in force on a date: from the newest title source in force then that
    /// has the code, else the oldest later one. `None` when no bundled source has one.
    pub fn title_on(&self, date: Date) -> Option<Title> {
        self.table().title(self.index, date, TitleKind::Long)
    }

    /// The short (abbreviated) title in force on a date, where a source has one.
    pub fn short_title_on(&self, date: Date) -> Option<Title> {
        self.table().title(self.index, date, TitleKind::Short)
    }

    /// The long title from the newest source that has the code.
    pub fn title(&self) -> Option<Title> {
        self.title_on(self.table().last_date)
    }

    /// The short title from the newest source that has one.
    pub fn short_title(&self) -> Option<Title> {
        self.short_title_on(self.table().last_date)
    }

    /// The long title from one title source (an index into [`CodeSet::title_sources`]).
    pub fn title_from(&self, source: usize) -> Option<Title> {
        self.table()
            .title_from(self.index, source, TitleKind::Long)
            .map(|(text, source)| Title { text, source })
    }

    /// The code one level up (`None` at the top of the hierarchy).
    pub fn parent(&self) -> Option<Code<S>> {
        let p = self.table().record(self.index).parent;
        (p != crate::table::NONE).then(|| Code::at(p))
    }

    /// Parent, grandparent, ... up to the top of the hierarchy.
    pub fn ancestors(&self) -> impl Iterator<Item = Code<S>> {
        std::iter::successors(self.parent(), |c| c.parent())
    }

    /// Every code below this one, in code order, across all releases.
    pub fn descendants(&self) -> impl Iterator<Item = Code<S>> {
        self.descendants_range().map(Code::at)
    }

    /// The indexes of [`descendants`](Self::descendants).
    fn descendants_range(&self) -> Range<u32> {
        let n = self.table().record(self.index).descendants;
        self.index + 1..self.index + 1 + n
    }

    /// The codes one level below, in code order, across all releases.
    pub fn children(&self) -> Children<S> {
        Children {
            next: self.index + 1,
            end: self.index + 1 + self.table().record(self.index).descendants,
            system: PhantomData,
        }
    }
}

/// A code's children: walks its subtree, skipping grandchildren by their subtree sizes.
pub struct Children<S: System> {
    next: u32,
    end: u32,
    system: PhantomData<S>,
}

impl<S: System> Iterator for Children<S> {
    type Item = Code<S>;

    fn next(&mut self) -> Option<Code<S>> {
        if self.next >= self.end {
            return None;
        }
        let index = self.next;
        self.next = index + 1 + S::table().record(index).descendants;
        Some(Code::at(index))
    }
}

// The handles are plain data whatever the marker type: implemented by hand so that no
// bound on `S` is needed.
impl<S: System> Clone for CodeSet<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: System> Copy for CodeSet<S> {}
impl<S: System> Default for CodeSet<S> {
    fn default() -> Self {
        Self::new()
    }
}
impl<S: System> fmt::Debug for CodeSet<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CodeSet({})", S::ID.name())
    }
}

impl<S: System> Clone for Code<S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S: System> Copy for Code<S> {}
impl<S: System> PartialEq for Code<S> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}
impl<S: System> Eq for Code<S> {}
impl<S: System> Hash for Code<S> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}
/// Records are in code order: comparing them compares the codes.
impl<S: System> PartialOrd for Code<S> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<S: System> Ord for Code<S> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}
impl<S: System> fmt::Debug for Code<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.code())
    }
}
impl<S: System> fmt::Display for Code<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.code(), f)
    }
}
impl<S: System> Clone for Children<S> {
    fn clone(&self) -> Self {
        Children { ..*self }
    }
}
impl<S: System> fmt::Debug for Children<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Children")
            .field("next", &self.next)
            .field("end", &self.end)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `period` relies on: validity changes only on a change date.
    fn spans_follow_change_dates<S: System>() {
        let set = CodeSet::<S>::new();
        let changes = S::table().change_dates();
        let (first, last) = set.coverage();
        assert!(changes.len() < 255, "{} periods", changes.len());
        for code in set.codes() {
            for span in code.validity_spans() {
                let r = span.range;
                assert!(changes.contains(&r.start.yyyymmdd()), "{code} {}", r.start);
                if let Some(end) = r.end {
                    assert!(changes.contains(&end.next_day().yyyymmdd()), "{code} {end}");
                }
            }
        }
        // Every release is a change date (not the other way round: see the report).
        for r in S::table().releases {
            assert!(changes.contains(r), "{r}");
        }
        // By day (since 1970) and by date, over the coverage and a year either side: the
        // change dates up to the date, less one.
        let periods = set.periods();
        let mut day = first.days_since_epoch() - 366;
        while day <= last.days_since_epoch() + 366 {
            let date = Date::from_days_since_epoch(day);
            let upto = changes.iter().filter(|&&c| c <= date.yyyymmdd()).count();
            let want = (first <= date && date <= last).then(|| upto as u8 - 1);
            assert_eq!(periods.of(date), want, "{date}");
            assert_eq!(periods.of_day(day), want, "{date}");
            day += 1;
        }
        // The periods a span covers, as a fold over the change dates gives them, for spans
        // starting and ending around every change date and the coverage.
        let mut points: Vec<u32> = changes
            .iter()
            .flat_map(|&c| {
                let d = Date::from_raw(c);
                [
                    c,
                    c - 1,
                    d.previous_day().yyyymmdd(),
                    d.next_day().yyyymmdd(),
                ]
            })
            .collect();
        points.extend([1, 19_000_101, 21_991_231, 99_991_231, last.yyyymmdd()]);
        points.extend([first.previous_day(), last.next_day()].map(Date::yyyymmdd));
        for &a in &points {
            for &b in &points {
                let want = changes
                    .iter()
                    .take(MAX_PERIODS)
                    .enumerate()
                    .fold(0u32, |m, (p, &c)| m | u32::from(a <= c && c <= b) << p);
                assert_eq!(periods.covered(a, b), want, "{a} {b}");
            }
        }
        assert_eq!(set.period(first), Some(0));
        assert_eq!(set.period(last), Some(changes.len() as u8 - 1));
        assert_eq!(set.period(first.previous_day()), None);
        assert_eq!(set.period(last.next_day()), None);
    }

    /// A spelling's profile says what `reason` says on every date of each period, and the
    /// staged `profiles` give the profiles one `profile` call a code gives.
    fn profiles_agree_with_reasons<S: System>() {
        let set = CodeSet::<S>::new();
        let changes = S::table().change_dates();
        let (_, last) = set.coverage();
        // Each period's first and last day.
        let days: Vec<(u8, Date)> = changes
            .iter()
            .enumerate()
            .take(MAX_PERIODS)
            .flat_map(|(p, &c)| {
                let first = Date::from_raw(c);
                let end = changes
                    .get(p + 1)
                    .map_or(last, |&n| Date::from_raw(n).previous_day());
                [(p as u8, first), (p as u8, end)]
            })
            .collect();
        let mut codes: Vec<String> = set
            .codes()
            .step_by(7)
            .flat_map(|c| {
                let c = c.to_string();
                [
                    format!(" {} ", c.to_lowercase()),
                    c.replace('.', "") + "X",
                    c,
                ]
            })
            .collect();
        codes.extend(["", "E11..9", "é11.9", "0DTJ4ZZ", "S52.521", "B20"].map(String::from));
        let mut staged = Vec::new();
        set.profiles(&codes, &mut staged);
        assert_eq!(staged.len(), codes.len());
        for (code, &profile) in codes.iter().zip(&staged) {
            assert_eq!(profile, set.profile(code), "{code:?}");
            for &(p, day) in &days {
                assert_eq!(set.period(day), Some(p));
                let reason = set.reason(code, day);
                if profile.valid >> p & 1 == 1 {
                    assert_eq!(reason, ReasonKind::Valid, "{code:?} {day}");
                } else {
                    assert_ne!(reason, ReasonKind::Valid, "{code:?} {day}");
                    if let Some(kind) = profile.otherwise {
                        assert_eq!(reason, kind, "{code:?} {day}");
                    }
                }
            }
        }
    }

    #[test]
    fn icd10cm_profiles_agree_with_reasons() {
        profiles_agree_with_reasons::<crate::icd10cm::Icd10CmSystem>();
    }

    #[cfg(feature = "icd10pcs")]
    #[test]
    fn icd10pcs_profiles_agree_with_reasons() {
        profiles_agree_with_reasons::<crate::icd10pcs::Icd10PcsSystem>();
    }

    #[test]
    fn icd10cm_spans_follow_change_dates() {
        spans_follow_change_dates::<crate::icd10cm::Icd10CmSystem>();
    }

    #[cfg(feature = "icd10pcs")]
    #[test]
    fn icd10pcs_spans_follow_change_dates() {
        spans_follow_change_dates::<crate::icd10pcs::Icd10PcsSystem>();
    }
}
