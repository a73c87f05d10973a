//! The built-in tables with a loaded release over them ([`WithRelease`]), and what the
//! built-in tables are current for ([`currency`]).

use crate::codeset::{Code, CodeSet, LengthMismatch, System, EXAMPLES};
use crate::date::Date;
use crate::error::{ReasonKind, ValidationError};
use crate::key::{CodeBuf, CodeKey};
use crate::system::CodeSystem;
use crate::validity::ValidityRange;

use super::order::{starts_with, OrderEntry};
use super::{ReleaseError, ReleaseInfo, ReleaseRole};

/// A code set with a CMS release loaded over it ([`CodeSet::with_release`]). Owns the
/// release (about 20 MB for a full ICD-10-CM order file); cheap to share by reference.
#[derive(Clone, Debug)]
pub struct WithRelease<S: System> {
    pub(super) info: ReleaseInfo,
    /// Sorted by key (found by binary search: no index to build at load).
    entries: Vec<OrderEntry>,
    set: CodeSet<S>,
    /// The release's tabular list (ICD-10-CM), when one was loaded with the order file.
    #[cfg(feature = "release-xml")]
    pub(super) tabular: Option<std::sync::Arc<super::tabular::Tabular>>,
}

/// A title and where it comes from: a built-in title source or the loaded release.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReleaseTitle {
    pub text: String,
    /// The source's name, e.g. `"FY2028 order file (icd10cm_order_2028.txt)"`.
    pub source: String,
    /// The date the source took effect.
    pub effective: Date,
    /// Whether it is the loaded release's (else a built-in title source's).
    pub from_release: bool,
}

/// A code as the code set with the release sees it ([`WithRelease::lookup`],
/// [`WithRelease::validate`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseCode<S: System> {
    /// Canonical form, e.g. `E11.9`.
    pub code: CodeBuf,
    /// The code in the built-in tables, when they have it.
    pub built_in: Option<Code<S>>,
    /// Whether the release lists it, and then whether as billable.
    pub in_release: Option<bool>,
    /// The long and short titles in force on the date asked (the newest, from `lookup`).
    pub title: Option<ReleaseTitle>,
    pub short_title: Option<ReleaseTitle>,
}

/// A code whose long title the release changes: (code, built-in title, release title).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Retitled {
    pub code: String,
    pub built_in: String,
    pub release: String,
}

/// What a loaded release changes against the built-in tables on `compared_on` (the day
/// before an update takes effect, or the last built-in date; a titles release's effective
/// date). Codes in code order, canonical spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReleaseDifferences {
    pub release: ReleaseInfo,
    pub compared_on: Date,
    /// In the release, not in force (neither valid nor a header) in the built-in tables.
    pub added: Vec<String>,
    /// In force in the built-in tables, not in the release.
    pub deleted: Vec<String>,
    /// Headers in the built-in tables, billable in the release.
    pub now_billable: Vec<String>,
    /// Billable in the built-in tables, headers in the release.
    pub now_headers: Vec<String>,
    /// In both with different long titles.
    pub retitled: Vec<Retitled>,
    /// In both, with no built-in title: the release gives the first one.
    pub newly_titled: Vec<String>,
}

impl ReleaseDifferences {
    /// Whether the release changes no code's validity, billable status or title.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.deleted.is_empty()
            && self.now_billable.is_empty()
            && self.now_headers.is_empty()
            && self.retitled.is_empty()
            && self.newly_titled.is_empty()
    }
}

impl<S: System> WithRelease<S> {
    pub(super) fn new(
        file: &str,
        effective: Date,
        entries: Vec<OrderEntry>,
        extras: super::Extras,
    ) -> Result<Self, ReleaseError> {
        let set = CodeSet::<S>::new();
        let fiscal_year = effective.fiscal_year();
        let (first, last) = set.coverage();
        let newest = set.releases().last().map_or(first, |r| r.effective);
        let refuse = |detail: String| ReleaseError::FiscalYear {
            file: file.to_owned(),
            fiscal_year,
            effective,
            detail,
        };
        let role = if effective < first {
            return Err(refuse(format!(
                "the built-in {} data begins on {first}; a release before it cannot go over it",
                S::ID.name()
            )));
        } else if effective <= newest {
            ReleaseRole::Titles
        } else {
            let built_in = last.fiscal_year();
            if fiscal_year.0 > built_in.0 + 1 {
                return Err(refuse(format!(
                    "the built-in data runs to {last} ({built_in}): load FY{} first; a release only follows the one before it",
                    built_in.0 + 1
                )));
            }
            ReleaseRole::Update
        };
        let info = ReleaseInfo {
            system: S::ID,
            file: file.to_owned(),
            fiscal_year,
            effective,
            role,
            codes: entries.len(),
            billable: entries.iter().filter(|e| e.billable).count(),
            addenda: extras.addenda,
            tabular: extras.tabular_name,
        };
        Ok(WithRelease {
            info,
            entries,
            set,
            #[cfg(feature = "release-xml")]
            tabular: extras.tabular.map(std::sync::Arc::new),
        })
    }

    /// What was loaded.
    pub fn release(&self) -> &ReleaseInfo {
        &self.info
    }

    /// The built-in code set under the release.
    pub fn built_in(&self) -> CodeSet<S> {
        self.set
    }

    /// The release's lines, in code order.
    pub fn entries(&self) -> &[OrderEntry] {
        &self.entries
    }

    /// The first and last date of service answered: the built-in coverage, extended to the
    /// end of an update's fiscal year (the release is in force until the next one; a date
    /// after that still reads the release, with [`WithRelease::is_current_on`] false).
    pub fn coverage(&self) -> (Date, Date) {
        let (first, last) = self.set.coverage();
        match self.info.role {
            ReleaseRole::Update => (first, last.max(self.info.fiscal_year.last_day())),
            ReleaseRole::Titles => (first, last),
        }
    }

    /// Whether a date of service is within [`coverage`](Self::coverage).
    pub fn is_current_on(&self, date: Date) -> bool {
        let (first, last) = self.coverage();
        first <= date && date <= last
    }

    /// Whether the release, not the built-in tables, decides validity on a date.
    fn decides(&self, date: Date) -> bool {
        self.info.role == ReleaseRole::Update && date >= self.info.effective
    }

    /// Whether the release's titles are the ones in force on a date.
    pub(super) fn titles_apply(&self, date: Date) -> bool {
        match self.info.role {
            ReleaseRole::Update => date >= self.info.effective,
            ReleaseRole::Titles => {
                self.info.effective <= date && date <= self.info.fiscal_year.last_day()
            }
        }
    }

    fn entry(&self, key: CodeKey) -> Option<&OrderEntry> {
        self.entries
            .binary_search_by_key(&key, |e| e.key)
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The entries below a code (its descendants in the release).
    fn below(&self, key: CodeKey) -> impl Iterator<Item = &OrderEntry> {
        let len = key.len();
        let start = self.entries.partition_point(|e| e.key <= key);
        self.entries[start..]
            .iter()
            .take_while(move |e| starts_with(e.key, key, len))
    }

    fn built_in_code(&self, key: CodeKey) -> Option<Code<S>> {
        S::table().find(key).map(Code::at)
    }

    fn release_title(&self, entry: &OrderEntry, long: bool) -> ReleaseTitle {
        ReleaseTitle {
            text: if long {
                entry.long_title.clone()
            } else {
                entry.short_title.clone()
            },
            source: self.info.name(),
            effective: self.info.effective,
            from_release: true,
        }
    }

    /// A code's title on a date: the release's where its titles are in force, else the
    /// built-in one; for a titles release, the release's where no built-in source has one.
    fn title_of(&self, key: CodeKey, date: Date, long: bool) -> Option<ReleaseTitle> {
        let entry = self.entry(key);
        if let Some(e) = entry.filter(|_| self.titles_apply(date)) {
            return Some(self.release_title(e, long));
        }
        let built_in = self.built_in_code(key).and_then(|c| {
            if long {
                c.title_on(date)
            } else {
                c.short_title_on(date)
            }
        });
        match built_in {
            Some(t) => Some(ReleaseTitle {
                text: t.text.into_owned(),
                source: t.source.name.to_owned(),
                effective: t.source.effective,
                from_release: false,
            }),
            None if self.info.role == ReleaseRole::Titles => {
                entry.map(|e| self.release_title(e, long))
            }
            None => None,
        }
    }

    fn code_on(&self, key: CodeKey, date: Date) -> ReleaseCode<S> {
        ReleaseCode {
            code: S::spell(key),
            built_in: self.built_in_code(key),
            in_release: self.entry(key).map(|e| e.billable),
            title: self.title_of(key, date, true),
            short_title: self.title_of(key, date, false),
        }
    }

    /// The long title of a code in force on a date (see [`CodeSet::with_release`] for
    /// which source wins). `None` for input that is not a code, or a code no source titles.
    pub fn title_on(&self, code: &str, date: Date) -> Option<ReleaseTitle> {
        let key: CodeKey = S::normalize(code).ok()?.into();
        self.title_of(key, date, true)
    }

    /// The short title of a code in force on a date.
    pub fn short_title_on(&self, code: &str, date: Date) -> Option<ReleaseTitle> {
        let key: CodeKey = S::normalize(code).ok()?.into();
        self.title_of(key, date, false)
    }

    /// A code in the built-in tables or the release, without regard to date; titles the
    /// newest.
    pub fn lookup(&self, code: &str) -> Result<ReleaseCode<S>, ValidationError> {
        let normalized = S::normalize(code)?;
        let key: CodeKey = normalized.into();
        if self.entry(key).is_none() && self.built_in_code(key).is_none() {
            let (first, last) = self.coverage();
            return Err(ValidationError::Unknown {
                code: normalized.to_string(),
                system: S::ID.name(),
                first,
                last,
            });
        }
        let newest = match self.info.role {
            ReleaseRole::Update => self.coverage().1,
            ReleaseRole::Titles => self.set.coverage().1,
        };
        Ok(self.code_on(key, newest))
    }

    /// Why a code is or is not valid on a date: the built-in tables before an update's
    /// effective date (and always, for a titles release), the release from then.
    pub fn reason(&self, code: &str, date: Date) -> ReasonKind {
        if !self.decides(date) {
            return self.set.reason(code, date);
        }
        let key = match S::complete_key(code) {
            Ok(key) => key,
            Err(kind) => return kind,
        };
        match self.entry(key) {
            Some(e) if e.billable => ReasonKind::Valid,
            Some(_) => ReasonKind::NotBillable,
            None if self.built_in_code(key).is_some() => ReasonKind::NotValidOnDate,
            None => ReasonKind::Unknown,
        }
    }

    /// Whether a code is valid (billable, in force) on a date.
    pub fn is_valid(&self, code: &str, date: Date) -> bool {
        self.reason(code, date) == ReasonKind::Valid
    }

    /// [`reason`](Self::reason) for many codes, appended to `out` in order (as
    /// [`CodeSet::reasons`]).
    pub fn reasons<C: AsRef<str>>(&self, codes: &[C], date: Date, out: &mut Vec<ReasonKind>) {
        out.extend(codes.iter().map(|c| self.reason(c.as_ref(), date)));
    }

    /// [`is_valid`](Self::is_valid) for many codes, appended to `out` in order.
    pub fn are_valid<C: AsRef<str>>(&self, codes: &[C], date: Date, out: &mut Vec<bool>) {
        out.extend(codes.iter().map(|c| self.is_valid(c.as_ref(), date)));
    }

    /// [`reasons`](Self::reasons) with a date a code, `None` for a row without one (as
    /// [`CodeSet::reasons_per_row`]); columns of different lengths are an error.
    pub fn reasons_per_row<C: AsRef<str>>(
        &self,
        codes: &[C],
        dates: &[Option<Date>],
        out: &mut Vec<Option<ReasonKind>>,
    ) -> Result<(), LengthMismatch> {
        per_row(codes, dates, out, |c, d| self.reason(c, d))
    }

    /// [`are_valid`](Self::are_valid) with a date a code, as
    /// [`reasons_per_row`](Self::reasons_per_row).
    pub fn are_valid_per_row<C: AsRef<str>>(
        &self,
        codes: &[C],
        dates: &[Option<Date>],
        out: &mut Vec<Option<bool>>,
    ) -> Result<(), LengthMismatch> {
        per_row(codes, dates, out, |c, d| self.is_valid(c, d))
    }

    /// Validates a code for a date of service, as [`CodeSet::validate`] does, with the
    /// release applied.
    pub fn validate(&self, code: &str, date: Date) -> Result<ReleaseCode<S>, ValidationError> {
        if !self.decides(date) {
            let found = self.set.validate(code, date)?;
            return Ok(self.code_on(found.key(), date));
        }
        let normalized = S::normalize(code)?;
        let key: CodeKey = normalized.into();
        let spelled = normalized.to_string();
        let billable_below = || {
            let mut examples = Vec::with_capacity(EXAMPLES);
            let mut n = 0u32;
            for e in self.below(key).filter(|e| e.billable) {
                if examples.len() < EXAMPLES {
                    examples.push(S::spell(e.key).to_string());
                }
                n = n.saturating_add(1);
            }
            (n, examples)
        };
        if let Some(required) = S::CODE_LENGTH.filter(|&n| key.len() < n) {
            let (completions, examples) = billable_below();
            return Err(ValidationError::Incomplete {
                code: spelled,
                system: S::ID.name(),
                length: key.len(),
                required,
                date,
                completions,
                examples,
            });
        }
        match self.entry(key) {
            Some(e) if e.billable => Ok(self.code_on(key, date)),
            Some(_) => {
                let (billable_descendants, examples) = billable_below();
                Err(ValidationError::NotBillable {
                    code: spelled,
                    date,
                    billable_descendants,
                    examples,
                })
            }
            None => match self.built_in_code(key) {
                Some(found) => {
                    let end = self.info.effective.previous_day();
                    let valid = found
                        .validity()
                        .into_iter()
                        .filter(|r| r.start <= end)
                        .map(|r| ValidityRange {
                            start: r.start,
                            end: Some(r.end.map_or(end, |e| e.min(end))),
                        })
                        .collect();
                    Err(ValidationError::NotValidOnDate {
                        code: spelled,
                        date,
                        valid,
                    })
                }
                None => {
                    let (first, last) = self.coverage();
                    Err(ValidationError::Unknown {
                        code: spelled,
                        system: S::ID.name(),
                        first,
                        last,
                    })
                }
            },
        }
    }

    /// The codes valid (billable) on a date, in code order, canonical spelling.
    pub fn codes_valid_on(&self, date: Date) -> Vec<CodeBuf> {
        if self.decides(date) {
            self.entries
                .iter()
                .filter(|e| e.billable)
                .map(|e| S::spell(e.key))
                .collect()
        } else {
            self.set.codes_valid_on(date).map(|c| c.code()).collect()
        }
    }

    /// What the release changes against the built-in tables (see [`ReleaseDifferences`]).
    pub fn differences(&self) -> ReleaseDifferences {
        let (_, last) = self.set.coverage();
        let on = match self.info.role {
            ReleaseRole::Update => self.info.effective.previous_day().min(last),
            ReleaseRole::Titles => self.info.effective,
        };
        let mut out = ReleaseDifferences {
            release: self.info.clone(),
            compared_on: on,
            added: Vec::new(),
            deleted: Vec::new(),
            now_billable: Vec::new(),
            now_headers: Vec::new(),
            retitled: Vec::new(),
            newly_titled: Vec::new(),
        };
        for e in &self.entries {
            let spelled = || S::spell(e.key).to_string();
            let Some(code) = self.built_in_code(e.key).filter(|c| c.is_present_on(on)) else {
                out.added.push(spelled());
                continue;
            };
            match (code.is_valid_on(on), e.billable) {
                (false, true) => out.now_billable.push(spelled()),
                (true, false) => out.now_headers.push(spelled()),
                _ => {}
            }
            match code.title_on(on) {
                Some(t) if t.text != e.long_title => out.retitled.push(Retitled {
                    code: spelled(),
                    built_in: t.text.into_owned(),
                    release: e.long_title.clone(),
                }),
                Some(_) => {}
                None => out.newly_titled.push(spelled()),
            }
        }
        for code in self.set.codes().filter(|c| c.is_present_on(on)) {
            let key = code.key();
            // A node shorter than a fixed-length system's codes (an ICD-10-PCS section, body
            // system or body part) is in no order file: it stays while codes below it do.
            let node_kept =
                S::CODE_LENGTH.is_some_and(|n| key.len() < n) && self.below(key).next().is_some();
            if self.entry(key).is_none() && !node_kept {
                out.deleted.push(code.code().to_string());
            }
        }
        out
    }
}

/// What a built-in table is current for: its newest release and the last date of service
/// it answers. Past that date a newer release must be loaded ([`CodeSet::with_release`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Currency {
    pub system: CodeSystem,
    /// The newest release in the table (its effective date).
    pub newest_release: Date,
    pub fiscal_year: crate::date::FiscalYear,
    /// The last date of service the table answers.
    pub current_through: Date,
    /// The newest title source's name and effective date (`None`: the table has no
    /// titles in this build).
    pub newest_titles: Option<(&'static str, Date)>,
}

fn currency_of<S: System>() -> Currency {
    let set = CodeSet::<S>::new();
    let (first, last) = set.coverage();
    let newest = set.releases().last().map_or(first, |r| r.effective);
    Currency {
        system: S::ID,
        newest_release: newest,
        fiscal_year: newest.fiscal_year(),
        current_through: last,
        newest_titles: cfg!(feature = "titles")
            .then(|| set.title_sources().last())
            .flatten()
            .map(|t| (t.name, t.effective)),
    }
}

/// What each built-in table is current for, ICD-10-CM first.
pub fn currency() -> Vec<Currency> {
    #[allow(unused_mut)] // nothing is pushed without the icd10pcs and hcpcs features
    let mut out = vec![currency_of::<crate::icd10cm::Icd10CmSystem>()];
    #[cfg(feature = "icd10pcs")]
    out.push(currency_of::<crate::icd10pcs::Icd10PcsSystem>());
    #[cfg(feature = "hcpcs")]
    out.push(currency_of::<crate::hcpcs::HcpcsSystem>());
    #[cfg(feature = "icd9")]
    out.push(currency_of::<crate::icd9::Icd9CmSystem>());
    #[cfg(feature = "icd9")]
    out.push(currency_of::<crate::icd9::Icd9ProcSystem>());
    out
}

/// `answer` for each code on its date, `None` for a row without one, appended to `out`;
/// columns of different lengths are an error.
fn per_row<C: AsRef<str>, T>(
    codes: &[C],
    dates: &[Option<Date>],
    out: &mut Vec<Option<T>>,
    answer: impl Fn(&str, Date) -> T,
) -> Result<(), LengthMismatch> {
    LengthMismatch::check(codes.len(), dates.len())?;
    let rows = codes.iter().zip(dates);
    out.extend(rows.map(|(c, d)| d.map(|d| answer(c.as_ref(), d))));
    Ok(())
}
