//! Reads the HCPCS tables of the CMS Integrated Outpatient Code Editor (IOCE) out of the
//! `pyoce` 0.1.0 wheel (`pyoce/data/pyoce.mdb.xz`) into a plain model: the quarters, the
//! codes in force in each quarter with their CMS short descriptor, OPPS status indicator,
//! APC, payment indicator, age/sex limits and edit flags, and the modifiers valid in each
//! quarter.
//!
//! The file is an xz-compressed LMDB environment ([`crate::lmdb`]) of 48 named
//! sub-databases whose values are Python `marshal` dicts ([`crate::marshal`]). This module
//! reads five of them:
//!
//! * `version_range`: key `"<version>"`, one record per quarter: IOCE version number
//!   (76 ..= 103), `version_id` (`"20.2.27"`), `date_started` / `date_ended` (yyyymmdd).
//! * `data_hcpcs`: key `"<code>|<lo_version>|<hi_version>"`, one record per code and run
//!   of quarters with the same data: `description` (the short descriptor), `apc`,
//!   `status_indicator`, `payment_indicator`, `lo_age`/`hi_age`, `sex`, dates, and about
//!   120 booleans (edit flags).
//! * `data_modifier`: key `"<modifier>|<lo>|<hi>"`, 8 booleans and `date_activated`.
//! * `data_status_indicator`, `data_payment_indicator`: key `"<value>|<lo>|<hi>"`, the
//!   CMS description of each status and payment indicator.
//!
//! The IOCE stores an integer 0 as Python `False` in places (`lo_age`, `sex`, absent dates);
//! both read as 0. A code of CPT format (a digit first: Category I, and `nnnnF`, `nnnnT`,
//! `nnnnU`, `nnnnM`, `nnnnA`) or a `D` code (CDT) keeps its data but never its descriptor:
//! those texts are copyrighted (AMA, ADA), so the reader drops them and the model cannot
//! hand them on.

use std::collections::BTreeMap;
use std::fmt;

use crate::inputs::{InputError, Inputs};
use crate::lmdb::{Env, LmdbError};
use crate::marshal::{self, MarshalError, Value};

/// The pinned input: package, version and path inside the wheel (`codegen/inputs.json`).
pub const PACKAGE: &str = "pyoce";
pub const VERSION: &str = "0.1.0";
pub const PATH: &str = "pyoce/data/pyoce.mdb.xz";

const DB_QUARTERS: &str = "version_range";
const DB_CODES: &str = "data_hcpcs";
const DB_MODIFIERS: &str = "data_modifier";
const DB_STATUS: &str = "data_status_indicator";
const DB_PAYMENT: &str = "data_payment_indicator";

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// The IOCE HCPCS tables of the `pyoce` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pyoce {
    /// The quarters, oldest first, one IOCE version each.
    pub quarters: Vec<Quarter>,
    /// Every code's rows, by code, then by first quarter. A code's rows never overlap;
    /// a code may skip quarters (it was deleted and came back).
    pub codes: Vec<CodeSpan>,
    /// Every modifier's rows, by modifier, then by first quarter.
    pub modifiers: Vec<ModifierSpan>,
    /// The CMS description of each OPPS status indicator (`A`, `J1`, ...), by value.
    pub status_indicators: Vec<IndicatorSpan>,
    /// The CMS description of each payment indicator (`1`, `2`, ...), by value.
    pub payment_indicators: Vec<IndicatorSpan>,
}

/// One quarter: one IOCE version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarter {
    /// IOCE version number (76 for July 2019, one more a quarter).
    pub version: u16,
    /// IOCE release id, such as `20.2.27`.
    pub version_id: String,
    /// First and last date of service (yyyymmdd, inclusive). The newest quarter's end is
    /// the IOCE's open end (2036-03-31), not a CMS termination.
    pub start: u32,
    pub end: u32,
}

/// What a code is, by its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// HCPCS Level II, a letter and four digits (not `D`): public domain, descriptor kept.
    LevelII,
    /// `D` and four digits: CDT, the ADA's dental codes. Descriptor dropped.
    Dental,
    /// A digit first: CPT (Category I; `nnnnF` Category II, `nnnnT` Category III,
    /// `nnnnU` PLA, `nnnnM` MAAA, `nnnnA` vaccine administration). Descriptor dropped; the
    /// tables leave these codes out.
    Cpt,
}

impl Kind {
    /// The kind of a five-character HCPCS code (upper-case letters and digits), or `None`
    /// for any other string.
    pub fn of(code: &str) -> Option<Kind> {
        let b = code.as_bytes();
        if b.len() != 5
            || !b
                .iter()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        {
            return None;
        }
        let rest_digits = b[1..].iter().all(u8::is_ascii_digit);
        match b[0] {
            // CPT: five digits, or four digits and a letter.
            b'0'..=b'9' if b[1..4].iter().all(u8::is_ascii_digit) => Some(Kind::Cpt),
            b'D' if rest_digits => Some(Kind::Dental),
            b'A'..=b'Z' if rest_digits => Some(Kind::LevelII),
            _ => None,
        }
    }
}

/// Sex a code is limited to (IOCE: 0 none, 1 male, 2 female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sex {
    Any,
    Male,
    Female,
}

/// One row of `data_hcpcs`: a code's data over a run of quarters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSpan {
    /// Five characters, upper case (`J1100`).
    pub code: String,
    pub kind: Kind,
    /// First and last IOCE version of the run (inclusive).
    pub first: u16,
    pub last: u16,
    /// First and last date of service of the run (yyyymmdd, inclusive): the first
    /// quarter's start and the last quarter's end.
    pub start: u32,
    pub end: u32,
    /// The CMS short descriptor (at most 28 characters), for [`Kind::LevelII`] only:
    /// `None` for CPT and D codes, whose text is never kept.
    pub short_descriptor: Option<String>,
    /// OPPS status indicator (`A`, `E1`, `J1`, `N`, `Q4`, ...).
    pub status_indicator: String,
    /// Five-digit APC, `00000` for none.
    pub apc: String,
    /// Payment indicator (`1` paid standard OPPS amount, `2` fee schedule, `3` not paid,
    /// ...; [`Pyoce::payment_indicators`] has the descriptions).
    pub payment_indicator: u8,
    /// Ages in years, inclusive: the code is valid for a patient aged
    /// `age_low ..= age_high` (0 ..= 124 when there is no limit; 0 ..= 0 newborns only).
    pub age_low: u8,
    pub age_high: u8,
    pub sex: Sex,
    /// Dates (yyyymmdd) the IOCE knows for the code: FDA or CMS approval, termination
    /// (mid-quarter), with the edit raised for services outside them.
    pub date_approved: Option<u32>,
    pub date_terminated: Option<u32>,
    pub mid_quarter_date_edit: Option<u16>,
    /// Partial hospitalization / intensive outpatient duration class, where set.
    pub ph_duration: Option<u8>,
    pub iop_duration: Option<u8>,
    /// The IOCE edit flags that are true, by name (`non_covered`, `bilateral_inherent`,
    /// `telehealth`, ...), sorted.
    pub flags: Vec<String>,
}

impl CodeSpan {
    /// True if the run includes IOCE version `version`.
    pub fn covers(&self, version: u16) -> bool {
        self.first <= version && version <= self.last
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags
            .binary_search_by(|f| f.as_str().cmp(flag))
            .is_ok()
    }
}

/// One row of `data_modifier`: a modifier valid over a run of quarters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModifierSpan {
    /// Two characters (`25`, `LT`, `JW`; the IOCE also lists `#0` ..= `#Z` from April 2025).
    pub modifier: String,
    pub first: u16,
    pub last: u16,
    pub start: u32,
    pub end: u32,
    pub date_activated: Option<u32>,
    /// The IOCE flags that are true (`ncci`, `therapy`, `telehealth`, ...), sorted.
    pub flags: Vec<String>,
}

impl ModifierSpan {
    pub fn covers(&self, version: u16) -> bool {
        self.first <= version && version <= self.last
    }
}

/// A status or payment indicator's description over a run of quarters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorSpan {
    pub value: String,
    pub first: u16,
    pub last: u16,
    pub description: String,
}

impl Pyoce {
    /// The quarter of IOCE version `version`.
    pub fn quarter(&self, version: u16) -> Option<&Quarter> {
        self.quarters.iter().find(|q| q.version == version)
    }

    /// The quarter that includes date of service `date` (yyyymmdd).
    pub fn quarter_on(&self, date: u32) -> Option<&Quarter> {
        self.quarters
            .iter()
            .find(|q| q.start <= date && date <= q.end)
    }

    /// The codes in force in IOCE version `version`, by code (one row each).
    pub fn codes_in(&self, version: u16) -> impl Iterator<Item = &CodeSpan> {
        self.codes.iter().filter(move |c| c.covers(version))
    }

    /// The modifiers valid in IOCE version `version`, by modifier (one row each).
    pub fn modifiers_in(&self, version: u16) -> impl Iterator<Item = &ModifierSpan> {
        self.modifiers.iter().filter(move |m| m.covers(version))
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[derive(Debug)]
pub enum Error {
    /// The pinned file could not be read from the inputs.
    Input(InputError),
    /// The xz stream is invalid.
    Xz(String),
    /// The LMDB container is invalid (or lacks a sub-database).
    Lmdb(LmdbError),
    /// A value is not valid marshal data.
    Marshal {
        database: String,
        key: String,
        source: MarshalError,
    },
    /// A record does not have the shape this reader expects.
    Record {
        database: String,
        key: String,
        reason: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(e) => write!(f, "{e}"),
            Error::Xz(e) => write!(f, "{PATH}: xz: {e}"),
            Error::Lmdb(e) => write!(f, "{PATH}: {e}"),
            Error::Marshal {
                database,
                key,
                source,
            } => write!(f, "{PATH}: {database} record {key:?}: {source}"),
            Error::Record {
                database,
                key,
                reason,
            } => write!(f, "{PATH}: {database} record {key:?}: {reason}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Input(e) => Some(e),
            Error::Lmdb(e) => Some(e),
            Error::Marshal { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<LmdbError> for Error {
    fn from(e: LmdbError) -> Self {
        Error::Lmdb(e)
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Self {
        Error::Input(e)
    }
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// Reads the pinned `pyoce` file from the inputs (sha256-checked) and decodes it.
pub fn read_inputs(inputs: &Inputs) -> Result<Pyoce, Error> {
    read_pyoce(&inputs.read(PACKAGE, VERSION, PATH)?)
}

/// Decodes `pyoce.mdb.xz` (the compressed bytes).
pub fn read_pyoce(mdb_xz: &[u8]) -> Result<Pyoce, Error> {
    let mut mdb = Vec::new();
    lzma_rs::xz_decompress(&mut &mdb_xz[..], &mut mdb).map_err(|e| Error::Xz(e.to_string()))?;
    read_mdb(&mdb)
}

/// Decodes the uncompressed LMDB image `pyoce.mdb`.
pub fn read_mdb(mdb: &[u8]) -> Result<Pyoce, Error> {
    let env = Env::open(mdb)?;
    let quarters = read_quarters(&env)?;
    let versions: BTreeMap<u16, &Quarter> = quarters.iter().map(|q| (q.version, q)).collect();
    let codes = read_codes(&env, &versions)?;
    let modifiers = read_modifiers(&env, &versions)?;
    let status_indicators = read_indicators(&env, DB_STATUS, &versions)?;
    let payment_indicators = read_indicators(&env, DB_PAYMENT, &versions)?;
    Ok(Pyoce {
        quarters,
        codes,
        modifiers,
        status_indicators,
        payment_indicators,
    })
}

/// The descriptors the model withholds (CPT codes' and D codes', copyrighted by the AMA
/// and the ADA), straight from the file: only for the test that proves no generated file
/// carries any of them. Held in memory, never written anywhere.
pub fn withheld_descriptors(mdb_xz: &[u8]) -> Result<Vec<String>, Error> {
    let mut mdb = Vec::new();
    lzma_rs::xz_decompress(&mut &mdb_xz[..], &mut mdb).map_err(|e| Error::Xz(e.to_string()))?;
    let env = Env::open(&mdb)?;
    let mut out = Vec::new();
    for row in rows(&env, DB_CODES)? {
        let kind = row.parts.first().and_then(|code| Kind::of(code));
        if matches!(kind, Some(Kind::Cpt | Kind::Dental)) {
            out.push(row.str("description")?);
        }
    }
    Ok(out)
}

/// One decoded record: its key, split at `|`, and its dict.
struct Row {
    database: &'static str,
    key: String,
    parts: Vec<String>,
    value: Value,
}

impl Row {
    fn error(&self, reason: impl Into<String>) -> Error {
        Error::Record {
            database: self.database.to_string(),
            key: self.key.clone(),
            reason: reason.into(),
        }
    }

    fn field(&self, name: &str) -> Result<&Value, Error> {
        self.value
            .get(name)
            .ok_or_else(|| self.error(format!("no field `{name}`")))
    }

    fn str(&self, name: &str) -> Result<String, Error> {
        match self.field(name)? {
            Value::Str(s) => Ok(s.clone()),
            other => Err(self.error(format!(
                "field `{name}` is a {}, not a str",
                other.type_name()
            ))),
        }
    }

    /// An int field (Python `False` reads as 0) that must fit `T`.
    fn int<T: TryFrom<i128>>(&self, name: &str) -> Result<T, Error> {
        let v = self.field(name)?;
        let i = v.as_int().ok_or_else(|| {
            self.error(format!("field `{name}` is a {}, not an int", v.type_name()))
        })?;
        T::try_from(i).map_err(|_| self.error(format!("field `{name}` = {i} is out of range")))
    }

    /// An optional int: absent, `None` and `False`/0 read as `None`.
    fn opt_int<T: TryFrom<i128>>(&self, name: &str) -> Result<Option<T>, Error> {
        match self.value.get(name) {
            None | Some(Value::None) | Some(Value::Bool(false)) | Some(Value::Int(0)) => Ok(None),
            Some(_) => self.int(name).map(Some),
        }
    }

    /// The `lo_version`/`hi_version` fields, which must match the key's last two parts
    /// and name known quarters.
    fn versions(&self, quarters: &BTreeMap<u16, &Quarter>) -> Result<(u16, u16, u32, u32), Error> {
        let lo: u16 = self.int("lo_version")?;
        let hi: u16 = self.int("hi_version")?;
        let n = self.parts.len();
        if n < 3 || self.parts[n - 2] != lo.to_string() || self.parts[n - 1] != hi.to_string() {
            return Err(self.error(format!(
                "key does not end in |{lo}|{hi} (its lo_version and hi_version)"
            )));
        }
        match (quarters.get(&lo), quarters.get(&hi)) {
            (Some(a), Some(b)) if lo <= hi => Ok((lo, hi, a.start, b.end)),
            _ => Err(self.error(format!(
                "versions {lo}..={hi} are not a run of known quarters"
            ))),
        }
    }

    /// The names of the bool fields that are true, sorted; every field that is neither
    /// a bool nor in `known` is an error (a field this reader does not understand).
    fn flags(&self, known: &[&str]) -> Result<Vec<String>, Error> {
        let Value::Dict(pairs) = &self.value else {
            return Err(self.error(format!("a {}, not a dict", self.value.type_name())));
        };
        let mut flags = Vec::new();
        for (k, v) in pairs {
            let Value::Str(name) = k else {
                return Err(self.error(format!("a {} key", k.type_name())));
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            match v {
                Value::Bool(true) => flags.push(name.clone()),
                Value::Bool(false) => {}
                other => {
                    return Err(self.error(format!(
                        "field `{name}` is a {}; only bool flags are expected",
                        other.type_name()
                    )))
                }
            }
        }
        flags.sort();
        Ok(flags)
    }
}

/// Every record of `database`, decoded, in key order.
fn rows(env: &Env<'_>, database: &'static str) -> Result<Vec<Row>, Error> {
    let mut out = Vec::new();
    for (key, bytes) in env.named_records(database)? {
        let key = String::from_utf8(key.to_vec()).map_err(|_| Error::Record {
            database: database.to_string(),
            key: String::from_utf8_lossy(key).into_owned(),
            reason: "key is not UTF-8".to_string(),
        })?;
        let value = marshal::loads(bytes).map_err(|source| Error::Marshal {
            database: database.to_string(),
            key: key.clone(),
            source,
        })?;
        let row = Row {
            database,
            parts: key.split('|').map(str::to_string).collect(),
            key,
            value,
        };
        if !matches!(row.value, Value::Dict(_)) {
            return Err(row.error(format!("a {}, not a dict", row.value.type_name())));
        }
        out.push(row);
    }
    Ok(out)
}

fn read_quarters(env: &Env<'_>) -> Result<Vec<Quarter>, Error> {
    let mut quarters = Vec::new();
    for row in rows(env, DB_QUARTERS)? {
        let version: u16 = row.int("version")?;
        if row.key != version.to_string() {
            return Err(row.error(format!("key is not its version {version}")));
        }
        let start: u32 = row.int("date_started")?;
        let end: u32 = row.int("date_ended")?;
        if start > end {
            return Err(row.error(format!("starts {start} after it ends {end}")));
        }
        quarters.push(Quarter {
            version,
            version_id: row.str("version_id")?,
            start,
            end,
        });
    }
    // Keys sort as text ("100" < "76"); the model is in version order.
    quarters.sort_by_key(|q| q.version);
    if quarters.is_empty() {
        return Err(Error::Record {
            database: DB_QUARTERS.to_string(),
            key: String::new(),
            reason: "no quarters".to_string(),
        });
    }
    for w in quarters.windows(2) {
        if w[1].version != w[0].version + 1 || w[1].start <= w[0].end {
            return Err(Error::Record {
                database: DB_QUARTERS.to_string(),
                key: w[1].version.to_string(),
                reason: format!(
                    "does not follow version {} (versions consecutive, dates after {})",
                    w[0].version, w[0].end
                ),
            });
        }
    }
    Ok(quarters)
}

/// The fields of a `data_hcpcs` record that are not bool flags.
const CODE_FIELDS: [&str; 14] = [
    "description",
    "apc",
    "status_indicator",
    "payment_indicator",
    "lo_age",
    "hi_age",
    "sex",
    "date_approved",
    "date_terminated",
    "mid_quarter_date_edit",
    "ph_duration",
    "iop_duration",
    "lo_version",
    "hi_version",
];

fn read_codes(env: &Env<'_>, quarters: &BTreeMap<u16, &Quarter>) -> Result<Vec<CodeSpan>, Error> {
    let mut codes = Vec::new();
    for row in rows(env, DB_CODES)? {
        if row.parts.len() != 3 {
            return Err(row.error("key is not code|lo_version|hi_version"));
        }
        let code = row.parts[0].clone();
        let kind = Kind::of(&code)
            .ok_or_else(|| row.error(format!("{code:?} is not a five-character HCPCS code")))?;
        let (first, last, start, end) = row.versions(quarters)?;
        let description = row.str("description")?;
        // CPT and CDT text is copyrighted: it is dropped here, never kept.
        let short_descriptor = (kind == Kind::LevelII).then_some(description);
        let age_low: u8 = row.int("lo_age")?;
        let age_high: u8 = row.int("hi_age")?;
        if age_low > age_high {
            return Err(row.error(format!("lo_age {age_low} > hi_age {age_high}")));
        }
        let sex = match row.int::<u8>("sex")? {
            0 => Sex::Any,
            1 => Sex::Male,
            2 => Sex::Female,
            other => return Err(row.error(format!("sex {other} is not 0, 1 or 2"))),
        };
        let status_indicator = row.str("status_indicator")?;
        if status_indicator.is_empty() {
            return Err(row.error("empty status indicator"));
        }
        codes.push(CodeSpan {
            code,
            kind,
            first,
            last,
            start,
            end,
            short_descriptor,
            status_indicator,
            apc: row.str("apc")?,
            payment_indicator: row.int("payment_indicator")?,
            age_low,
            age_high,
            sex,
            date_approved: row.opt_int("date_approved")?,
            date_terminated: row.opt_int("date_terminated")?,
            mid_quarter_date_edit: row.opt_int("mid_quarter_date_edit")?,
            ph_duration: row.opt_int("ph_duration")?,
            iop_duration: row.opt_int("iop_duration")?,
            flags: row.flags(&CODE_FIELDS)?,
        });
    }
    in_quarter_order(&mut codes, DB_CODES, |c| (&c.code, c.first, c.last))?;
    Ok(codes)
}

/// Sorts a table's runs by name, then by quarter (keys sort by text, so "J1100|100|103"
/// comes before "J1100|76|99"), and refuses two runs of one name that overlap.
fn in_quarter_order<T>(
    runs: &mut [T],
    database: &str,
    run: impl Fn(&T) -> (&String, u16, u16),
) -> Result<(), Error> {
    runs.sort_by(|a, b| {
        let ((na, fa, _), (nb, fb, _)) = (run(a), run(b));
        (na, fa).cmp(&(nb, fb))
    });
    for w in runs.windows(2) {
        let ((name, _, last), (next, first, next_last)) = (run(&w[0]), run(&w[1]));
        if name == next && first <= last {
            return Err(Error::Record {
                database: database.to_string(),
                key: format!("{next}|{first}|{next_last}"),
                reason: format!("overlaps the row ending at version {last}"),
            });
        }
    }
    Ok(())
}

const MODIFIER_FIELDS: [&str; 3] = ["date_activated", "lo_version", "hi_version"];

fn read_modifiers(
    env: &Env<'_>,
    quarters: &BTreeMap<u16, &Quarter>,
) -> Result<Vec<ModifierSpan>, Error> {
    let mut modifiers = Vec::new();
    for row in rows(env, DB_MODIFIERS)? {
        if row.parts.len() != 3 {
            return Err(row.error("key is not modifier|lo_version|hi_version"));
        }
        let modifier = row.parts[0].clone();
        if modifier.len() != 2
            || !modifier
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'#')
        {
            return Err(row.error(format!("{modifier:?} is not a two-character modifier")));
        }
        let (first, last, start, end) = row.versions(quarters)?;
        modifiers.push(ModifierSpan {
            modifier,
            first,
            last,
            start,
            end,
            date_activated: row.opt_int("date_activated")?,
            flags: row.flags(&MODIFIER_FIELDS)?,
        });
    }
    in_quarter_order(&mut modifiers, DB_MODIFIERS, |m| {
        (&m.modifier, m.first, m.last)
    })?;
    Ok(modifiers)
}

fn read_indicators(
    env: &Env<'_>,
    database: &'static str,
    quarters: &BTreeMap<u16, &Quarter>,
) -> Result<Vec<IndicatorSpan>, Error> {
    let mut out = Vec::new();
    for row in rows(env, database)? {
        if row.parts.len() != 3 {
            return Err(row.error("key is not value|lo_version|hi_version"));
        }
        let (first, last, _, _) = row.versions(quarters)?;
        out.push(IndicatorSpan {
            value: row.parts[0].clone(),
            first,
            last,
            description: row.str("description")?,
        });
    }
    out.sort_by(|a, b| (&a.value, a.first).cmp(&(&b.value, b.first)));
    Ok(out)
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lmdb::testenv::build_named_env;
    use crate::lmdb::Record;

    // ----- a minimal marshal writer for synthetic records --------------------

    #[derive(Clone, Copy)]
    enum W<'a> {
        B(bool),
        I(i32),
        S(&'a str),
    }

    /// `marshal.dumps` of a dict of str keys (written as CPython does: flagged short
    /// interned keys, ints, short ascii strs).
    fn dumps(fields: &[(&str, W<'_>)]) -> Vec<u8> {
        let mut out = vec![b'{' | 0x80];
        for (k, v) in fields {
            out.extend([b'Z' | 0x80, k.len() as u8]);
            out.extend(k.as_bytes());
            match v {
                W::B(true) => out.push(b'T'),
                W::B(false) => out.push(b'F'),
                W::I(i) => {
                    out.push(b'i');
                    out.extend(i.to_le_bytes());
                }
                W::S(s) => {
                    out.extend([b'z', s.len() as u8]);
                    out.extend(s.as_bytes());
                }
            }
        }
        out.push(b'0');
        out
    }

    fn rec(key: &str, fields: &[(&str, W<'_>)]) -> Record {
        (key.as_bytes().to_vec(), dumps(fields))
    }

    fn quarter(v: i32, start: i32, end: i32) -> Record {
        rec(
            &v.to_string(),
            &[
                ("version", W::I(v)),
                ("date_started", W::I(start)),
                ("date_ended", W::I(end)),
                ("version_id", W::S("x.y.z")),
            ],
        )
    }

    fn code(
        code: &str,
        lo: i32,
        hi: i32,
        desc: &str,
        si: &str,
        ages: (W<'static>, i32),
        extra: &[(&str, W<'static>)],
    ) -> Record {
        let mut f: Vec<(&str, W<'_>)> = vec![
            ("description", W::S(desc)),
            ("apc", W::S("00000")),
            ("lo_age", ages.0),
            ("hi_age", W::I(ages.1)),
            ("sex", W::B(false)),
            ("status_indicator", W::S(si)),
            ("payment_indicator", W::I(9)),
            ("non_covered", W::B(false)),
            ("date_approved", W::B(false)),
            ("lo_version", W::I(lo)),
            ("hi_version", W::I(hi)),
        ];
        f.extend_from_slice(extra);
        rec(&format!("{code}|{lo}|{hi}"), &f)
    }

    fn quarters() -> Vec<Record> {
        vec![
            quarter(76, 20190701, 20190930),
            quarter(77, 20191001, 20191231),
            quarter(78, 20200101, 20360331),
        ]
    }

    fn image(codes: Vec<Record>, quarters: Vec<Record>) -> Vec<u8> {
        let modifiers = vec![
            rec(
                "LT|76|78",
                &[
                    ("date_activated", W::B(false)),
                    ("ncci", W::B(true)),
                    ("therapy", W::B(false)),
                    ("lo_version", W::I(76)),
                    ("hi_version", W::I(78)),
                ],
            ),
            rec(
                "#0|78|78",
                &[
                    ("date_activated", W::B(false)),
                    ("ncci", W::B(false)),
                    ("lo_version", W::I(78)),
                    ("hi_version", W::I(78)),
                ],
            ),
        ];
        let indicator = |v: &str, d: &'static str| {
            rec(
                &format!("{v}|76|78"),
                &[
                    ("description", W::S(d)),
                    ("lo_version", W::I(76)),
                    ("hi_version", W::I(78)),
                ],
            )
        };
        build_named_env(
            &[
                ("data_hcpcs", codes),
                ("data_modifier", modifiers),
                ("data_payment_indicator", vec![indicator("9", "Packaged")]),
                ("data_status_indicator", vec![indicator("N", "Packaged")]),
                ("version_range", quarters),
            ],
            &[],
        )
    }

    fn sample_codes() -> Vec<Record> {
        vec![
            code(
                "J1100",
                76,
                103,
                "Dexamethasone sodium phos",
                "N",
                (W::B(false), 124),
                &[],
            ),
            // Two runs of one Level II code; keys sort "78" after "76" here, "100" before.
            code(
                "G0008",
                78,
                78,
                "Admin influenza virus vac",
                "S",
                (W::I(0), 124),
                &[("vaccine", W::B(true)), ("telehealth", W::B(true))],
            ),
            code(
                "G0008",
                76,
                77,
                "Admin influenza virus vac",
                "S",
                (W::B(false), 124),
                &[("date_terminated", W::I(20191115))],
            ),
            // A newborn-only code; a CPT-format and a D code with placeholder text.
            code("L3201", 76, 78, "Newborn shoe", "E1", (W::B(false), 0), &[]),
            code("99999", 76, 78, "placeholder one", "B", (W::I(0), 124), &[]),
            code("D0001", 77, 78, "placeholder two", "B", (W::I(0), 124), &[]),
        ]
    }

    #[test]
    fn code_kinds() {
        assert_eq!(Kind::of("J1100"), Some(Kind::LevelII));
        assert_eq!(Kind::of("A0021"), Some(Kind::LevelII));
        assert_eq!(Kind::of("D0120"), Some(Kind::Dental));
        for cpt in ["99213", "0001F", "0042T", "0001U", "0001M", "0001A"] {
            assert_eq!(Kind::of(cpt), Some(Kind::Cpt), "{cpt}");
        }
        for bad in [
            "", "J110", "J11000", "j1100", "JJ100", "D01A0", "0A001", "J1-00",
        ] {
            assert_eq!(Kind::of(bad), None, "{bad}");
        }
    }

    #[test]
    fn reads_a_synthetic_image() {
        // J1100's 103 is no quarter of this image: refused.
        let err = read_mdb(&image(sample_codes(), quarters())).unwrap_err();
        assert!(
            matches!(&err, Error::Record { database, key, .. }
                if database == "data_hcpcs" && key == "J1100|76|103"),
            "{err}"
        );
        let mut codes = sample_codes();
        codes[0] = code(
            "J1100",
            76,
            78,
            "Dexamethasone sodium phos",
            "N",
            (W::B(false), 124),
            &[],
        );
        let p = read_mdb(&image(codes, quarters())).unwrap();

        let versions: Vec<u16> = p.quarters.iter().map(|q| q.version).collect();
        assert_eq!(versions, [76, 77, 78]);
        assert_eq!(p.quarter_on(20191115).map(|q| q.version), Some(77));
        assert_eq!(p.quarter(78).map(|q| q.end), Some(20360331));
        assert!(p.quarter_on(20190630).is_none());

        let keys: Vec<(&str, u16)> = p.codes.iter().map(|c| (c.code.as_str(), c.first)).collect();
        assert_eq!(
            keys,
            [
                ("99999", 76),
                ("D0001", 77),
                ("G0008", 76),
                ("G0008", 78),
                ("J1100", 76),
                ("L3201", 76)
            ]
        );
        let g = &p.codes[2];
        assert_eq!((g.start, g.end), (20190701, 20191231));
        assert_eq!(g.date_terminated, Some(20191115));
        assert_eq!(g.date_approved, None);
        assert!(g.flags.is_empty());
        let g = &p.codes[3];
        assert_eq!(g.flags, ["telehealth", "vaccine"]);
        assert!(g.has_flag("vaccine") && !g.has_flag("non_covered"));
        assert_eq!(
            g.short_descriptor.as_deref(),
            Some("Admin influenza virus vac")
        );
        assert_eq!((g.age_low, g.age_high, g.sex), (0, 124, Sex::Any));
        assert_eq!(g.status_indicator, "S");
        assert_eq!(g.payment_indicator, 9);
        // CPT and D codes keep their data but never their text.
        assert_eq!(p.codes[0].kind, Kind::Cpt);
        assert_eq!(p.codes[1].kind, Kind::Dental);
        assert!(p.codes[..2].iter().all(|c| c.short_descriptor.is_none()));
        assert_eq!(p.codes[1].status_indicator, "B");
        assert_eq!((p.codes[5].age_low, p.codes[5].age_high), (0, 0));

        let in77: Vec<&str> = p.codes_in(77).map(|c| c.code.as_str()).collect();
        assert_eq!(in77, ["99999", "D0001", "G0008", "J1100", "L3201"]);
        assert_eq!(p.codes_in(78).filter(|c| c.code == "G0008").count(), 1);

        let mods: Vec<(&str, &[String])> = p
            .modifiers
            .iter()
            .map(|m| (m.modifier.as_str(), m.flags.as_slice()))
            .collect();
        assert_eq!(mods, [("#0", &[][..]), ("LT", &["ncci".to_string()][..])]);
        assert_eq!(p.modifiers_in(76).count(), 1);
        assert_eq!(p.modifiers_in(78).count(), 2);
        assert_eq!(p.status_indicators[0].value, "N");
        assert_eq!(p.payment_indicators[0].description, "Packaged");

        // The same through xz.
        let mut xz = Vec::new();
        let codes = p.codes.len();
        let mut cs = sample_codes();
        cs[0] = code(
            "J1100",
            76,
            78,
            "Dexamethasone sodium phos",
            "N",
            (W::B(false), 124),
            &[],
        );
        lzma_rs::xz_compress(&mut &image(cs, quarters())[..], &mut xz).unwrap();
        assert_eq!(read_pyoce(&xz).unwrap().codes.len(), codes);
        assert!(matches!(read_pyoce(&xz[..xz.len() / 2]), Err(Error::Xz(_))));
        assert!(matches!(read_pyoce(b"not xz"), Err(Error::Xz(_))));
    }

    fn refused(codes: Vec<Record>, quarters: Vec<Record>) -> String {
        match read_mdb(&image(codes, quarters)) {
            Ok(_) => panic!("accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn refuses_records_it_does_not_understand() {
        let ok = |c: &str| code(c, 76, 78, "x", "N", (W::I(0), 124), &[]);
        // Overlapping rows of one code.
        let e = refused(
            vec![
                ok("J1100"),
                code("J1100", 78, 78, "x", "N", (W::I(0), 124), &[]),
            ],
            quarters(),
        );
        assert!(e.contains("overlaps"), "{e}");
        // Not a HCPCS code.
        assert!(refused(vec![ok("J110")], quarters()).contains("five-character"));
        // Key and fields disagree.
        let mut r = ok("J1100");
        r.0 = b"J1100|76|77".to_vec();
        assert!(refused(vec![r], quarters()).contains("does not end in |76|78"));
        // A non-bool field it does not know.
        let r = code(
            "J1100",
            76,
            78,
            "x",
            "N",
            (W::I(0), 124),
            &[("weight", W::I(3))],
        );
        assert!(refused(vec![r], quarters()).contains("`weight`"));
        // A required field missing, of the wrong type, or out of range.
        let r = rec(
            "J1100|76|78",
            &[("lo_version", W::I(76)), ("hi_version", W::I(78))],
        );
        assert!(refused(vec![r], quarters()).contains("no field"));
        let r = code("J1100", 76, 78, "x", "N", (W::S("old"), 124), &[]);
        assert!(refused(vec![r], quarters()).contains("not an int"));
        let r = code("J1100", 76, 78, "x", "N", (W::I(-1), 124), &[]);
        assert!(refused(vec![r], quarters()).contains("out of range"));
        let r = code("J1100", 76, 78, "x", "N", (W::I(65), 64), &[]);
        assert!(refused(vec![r], quarters()).contains("lo_age"));
        let r = code("J1100", 76, 78, "x", "", (W::I(0), 124), &[]);
        assert!(refused(vec![r], quarters()).contains("status indicator"));
        // Quarters that do not follow each other.
        let mut qs = quarters();
        qs[1] = quarter(77, 20190901, 20191231);
        assert!(refused(vec![ok("J1100")], qs).contains("does not follow"));
        // A missing sub-database.
        let bytes = build_named_env(&[("version_range", quarters())], &[]);
        assert!(matches!(
            read_mdb(&bytes),
            Err(Error::Lmdb(LmdbError::MissingDatabase { .. }))
        ));
        // A value that is not marshal data.
        let mut r = ok("J1100");
        r.1.truncate(r.1.len() - 1);
        let err = read_mdb(&image(vec![r], quarters())).unwrap_err();
        assert!(
            matches!(&err, Error::Marshal { key, .. } if key == "J1100|76|78"),
            "{err}"
        );
        assert!(std::error::Error::source(&err).is_some());
    }

    // ----- the real file -------------------------------------------------------

    /// The pinned file, decoded once for the tests that read it; `None` (with a note)
    /// when the inputs have not been fetched.
    fn real() -> Option<&'static Pyoce> {
        static REAL: std::sync::OnceLock<Option<Pyoce>> = std::sync::OnceLock::new();
        REAL.get_or_init(|| {
            let dir = crate::inputs::default_input_dir();
            let inputs = Inputs::open(&dir).unwrap_or_else(|e| panic!("{e}"));
            match read_inputs(&inputs) {
                Ok(p) => Some(p),
                Err(Error::Input(InputError::Missing { path })) => {
                    eprintln!(
                        "note: skipping the real pyoce tests: {} is missing (run `cargo run -p medcodes-codegen -- fetch`)",
                        path.display()
                    );
                    None
                }
                Err(e) => panic!("{e}"),
            }
        })
        .as_ref()
    }

    fn count(p: &Pyoce, version: u16, kind: Kind) -> usize {
        p.codes_in(version).filter(|c| c.kind == kind).count()
    }

    #[test]
    fn real_quarters() {
        let Some(p) = real() else { return };
        assert_eq!(p.quarters.len(), 28);
        let first = &p.quarters[0];
        let last = &p.quarters[27];
        assert_eq!(
            (first.version, first.start, first.end),
            (76, 20190701, 20190930)
        );
        assert_eq!(first.version_id, "20.2.27");
        assert_eq!(
            (last.version, last.start, last.end),
            (103, 20260401, 20360331)
        );
        assert_eq!(last.version_id, "27.1.0");
        // Each quarter starts on the first of January, April, July or October.
        assert!(p
            .quarters
            .iter()
            .all(|q| q.start % 100 == 1 && [1, 4, 7, 10].contains(&(q.start / 100 % 100))));
    }

    #[test]
    fn real_codes() {
        let Some(p) = real() else { return };
        assert_eq!(p.codes.len(), 31_213);
        // Level II and D codes (no CPT) per quarter: the 6,670 -> 8,256 of DATA-SOURCES.md.
        let l2 = |v| count(p, v, Kind::LevelII);
        let d = |v| count(p, v, Kind::Dental);
        let cpt = |v| count(p, v, Kind::Cpt);
        assert_eq!((l2(76), d(76), cpt(76)), (5_971, 699, 10_364));
        assert_eq!((l2(103), d(103), cpt(103)), (7_409, 847, 11_546));
        assert_eq!(l2(76) + d(76), 6_670);
        assert_eq!(l2(103) + d(103), 8_256);
        for v in 76..=103 {
            let n = l2(v) + d(v);
            assert!((6_670..=8_256).contains(&n), "version {v}: {n}");
        }
        // One row per code and quarter.
        for v in [76, 90, 103] {
            let codes: Vec<&str> = p.codes_in(v).map(|c| c.code.as_str()).collect();
            assert!(codes.windows(2).all(|w| w[0] < w[1]), "version {v}");
        }

        let j1100: Vec<&CodeSpan> = p.codes.iter().filter(|c| c.code == "J1100").collect();
        assert_eq!(j1100.len(), 1);
        let j = j1100[0];
        assert_eq!((j.first, j.last, j.kind), (76, 103, Kind::LevelII));
        assert_eq!(
            j.short_descriptor.as_deref(),
            Some("Dexamethasone sodium phos")
        );
        assert_eq!(
            (j.status_indicator.as_str(), j.apc.as_str()),
            ("N", "00000")
        );
        assert_eq!((j.age_low, j.age_high, j.sex), (0, 124, Sex::Any));

        // Descriptors: every Level II row has one (CMS short: at most 28 characters);
        // no CPT or D row does.
        for c in &p.codes {
            match (c.kind, &c.short_descriptor) {
                (Kind::LevelII, Some(t)) => assert!(!t.is_empty() && t.len() <= 28, "{}", c.code),
                (Kind::LevelII, None) => panic!("{} lacks its descriptor", c.code),
                (_, d) => assert!(d.is_none(), "{}", c.code),
            }
        }
        // No sex limits in these tables; age limits are rare; newborn-only codes exist.
        assert!(p.codes.iter().all(|c| c.sex == Sex::Any));
        assert!(p
            .codes
            .iter()
            .any(|c| c.kind == Kind::LevelII && c.age_high == 0));
        let status: std::collections::BTreeSet<&str> = p
            .codes
            .iter()
            .map(|c| c.status_indicator.as_str())
            .collect();
        for si in &status {
            assert!(
                p.status_indicators.iter().any(|s| s.value == *si),
                "status indicator {si} has no description"
            );
        }
        assert!(p.codes.iter().any(|c| c.has_flag("non_covered")));
    }

    #[test]
    fn real_modifiers() {
        let Some(p) = real() else { return };
        let n = |v| p.modifiers_in(v).count();
        assert_eq!((n(76), n(97), n(98), n(103)), (391, 413, 403, 439));
        assert_eq!(p.modifiers.len(), 457);
        for m in ["25", "59", "LT", "RT", "JW", "XE"] {
            assert!(p.modifiers_in(103).any(|x| x.modifier == m), "{m}");
        }
        // '#0' ..= '#Z' appear in April 2025 (version 99).
        assert!(!p.modifiers_in(98).any(|m| m.modifier.starts_with('#')));
        assert_eq!(
            p.modifiers_in(99)
                .filter(|m| m.modifier.starts_with('#'))
                .count(),
            36
        );
    }
}
