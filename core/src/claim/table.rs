//! Claims in tables: a claim table (a row a claim) and a long-format code table (a row a
//! code: its claim, its role, its position, the code and its POA indicator), read in
//! place ([`crate::batch::Strings`], [`IntChunk`]), grouped by claim and checked on all
//! cores (feature `threads`): what Python's `medcodes.claims.check_table` runs. The edits
//! are [`check_into`]'s.

use std::collections::HashMap;
use std::ops::Range;

use super::fields::{parse_discharge_status, CodeRole};
use super::{check_into, Claim, Diagnosis, Finding, MceEdit, Poa, Position, Procedure, Sex};
use crate::batch::{IntChunk, Keys, StrColumn, Strings};
use crate::date::Date;

/// The columns of a claim table, each in chunks (one per Arrow batch).
pub struct ClaimColumns<'a> {
    /// Discharge dates, as days since 1970 (Arrow `date32`).
    pub discharge_dates: Vec<IntChunk<'a>>,
    pub ages: Vec<IntChunk<'a>>,
    pub sex: Vec<Strings<'a>>,
    pub discharge_status: Option<Vec<Strings<'a>>>,
    pub length_of_stay: Option<Vec<IntChunk<'a>>>,
    /// Unique claim ids; `None` when the code table's claim ids are claim-table rows.
    pub claim_ids: Option<Vec<IntChunk<'a>>>,
}

/// The columns of a long-format code table, each in chunks.
pub struct CodeColumns<'a> {
    /// Each code's claim: an id of [`ClaimColumns::claim_ids`], or a claim-table row.
    pub claim_ids: Vec<IntChunk<'a>>,
    /// Each code's role ([`CodeRole::from_name`]: `principal`, `secondary`, ...).
    pub roles: Vec<Strings<'a>>,
    /// The order of the secondary diagnoses and of the procedures (else table order).
    pub positions: Option<Vec<IntChunk<'a>>>,
    pub codes: Vec<Strings<'a>>,
    pub poa: Option<Vec<Strings<'a>>>,
}

/// Why a pair of tables could not be checked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// The columns of one table are not all as long.
    #[error("the {table} table's columns are not all as long")]
    Lengths { table: &'static str },
    /// A row could not be read (a missing value, an unknown claim id...).
    #[error(transparent)]
    Row(#[from] RowError),
}

/// Runs the MCE edits on every claim of the tables: the findings in claim-table order.
pub fn check_table(
    claims: ClaimColumns<'_>,
    codes: CodeColumns<'_>,
) -> Result<TableFindings, TableError> {
    let claims_in = Claims {
        dates: Ints::new(claims.discharge_dates),
        ages: Ints::new(claims.ages),
        sex: Col::new(claims.sex),
        status: claims.discharge_status.map(Col::new),
        los: claims.length_of_stay.map(Ints::new),
    };
    let ids = claims.claim_ids.map(Ints::new);
    let n = claims_in.dates.len;
    if claims_in.ages.len != n
        || claims_in.sex.len != n
        || claims_in.status.as_ref().is_some_and(|s| s.len != n)
        || claims_in.los.as_ref().is_some_and(|l| l.len != n)
        || ids.as_ref().is_some_and(|c| c.len != n)
    {
        return Err(TableError::Lengths { table: "claim" });
    }
    let code_claims = Ints::new(codes.claim_ids);
    let kind = KindCol::new(Col::new(codes.roles));
    let position = codes.positions.map(Ints::new);
    let code = Col::new(codes.codes);
    let poa = codes.poa.map(Col::new);
    let m = code.len;
    if code_claims.len != m
        || kind.text.len != m
        || position.as_ref().is_some_and(|p| p.len != m)
        || poa.as_ref().is_some_and(|p| p.len != m)
    {
        return Err(TableError::Lengths { table: "code" });
    }
    let index = match &ids {
        Some(ids) => ClaimIndex::new(ids)?,
        None => ClaimIndex::Rows(n),
    };
    let codes_in = Codes {
        rows: ClaimRows::new(&index, &code_claims)?,
        kind,
        position,
        code,
        poa,
    };
    Ok(check_all(&claims_in, &codes_in)?)
}

/// What the chunks of a column have in common: a row count.
trait Rows {
    fn rows(&self) -> usize;
}

impl Rows for Strings<'_> {
    fn rows(&self) -> usize {
        self.len()
    }
}

impl Rows for IntChunk<'_> {
    fn rows(&self) -> usize {
        self.len()
    }
}

/// A column in chunks (one per Arrow batch), read by row number.
struct Chunked<C> {
    chunks: Vec<C>,
    /// Start row of each chunk.
    starts: Vec<usize>,
    len: usize,
}

impl<C: Rows> Chunked<C> {
    fn new(chunks: Vec<C>) -> Chunked<C> {
        let mut starts = Vec::with_capacity(chunks.len());
        let mut len = 0;
        for c in &chunks {
            starts.push(len);
            len += c.rows();
        }
        Chunked {
            chunks,
            starts,
            len,
        }
    }

    /// The chunk holding row `i`, and the row within it.
    #[inline(always)]
    fn locate(&self, i: usize) -> Option<(&C, usize)> {
        if let [only] = &self.chunks[..] {
            return Some((only, i));
        }
        let c = self.starts.partition_point(|&s| s <= i).checked_sub(1)?;
        Some((&self.chunks[c], i - self.starts[c]))
    }
}

/// A column of strings.
type Col<'a> = Chunked<Strings<'a>>;

/// A column of integers (`int64`, `int32` or `date32`).
type Ints<'a> = Chunked<IntChunk<'a>>;

impl Col<'_> {
    /// Row `i`'s bytes (`None` when null).
    #[inline(always)]
    fn get(&self, i: usize) -> Option<&[u8]> {
        let (c, j) = self.locate(i)?;
        c.get(j)
    }

    /// Row `i` as text (blank when null); `field` names the column in errors.
    #[inline(always)]
    fn str(&self, i: usize, field: &'static str) -> Result<&str, RowError> {
        match self.get(i) {
            None => Ok(""),
            // Codes are ASCII: the inlined check is cheaper than a call to the full one.
            // SAFETY: ASCII is valid UTF-8.
            Some(b) if b.is_ascii() => Ok(unsafe { std::str::from_utf8_unchecked(b) }),
            Some(b) => std::str::from_utf8(b).map_err(|_| RowError {
                field,
                row: i,
                value: format!("{:?}", String::from_utf8_lossy(b)),
                what: "not UTF-8",
            }),
        }
    }
}

impl Ints<'_> {
    /// Row `i` (`None` when null).
    #[inline(always)]
    fn get(&self, i: usize) -> Option<i64> {
        let (c, j) = self.locate(i)?;
        c.get(j)
    }
}

/// A row of a table that could not be read: the column, the row, the value as shown in
/// the error, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("row {row}, {field} = {value}: {what}")]
pub struct RowError {
    pub field: &'static str,
    pub row: usize,
    pub value: String,
    pub what: &'static str,
}

/// The `kind` column. Dictionary-encoded (the usual layout, a few distinct values), its
/// values are read once and a row is one index; otherwise each row's text is read.
struct KindCol<'a> {
    text: Col<'a>,
    dictionary: Option<(Keys<'a>, Vec<Option<CodeRole>>)>,
}

impl<'a> KindCol<'a> {
    fn new(text: Col<'a>) -> KindCol<'a> {
        let dictionary = match &text.chunks[..] {
            [Strings::Dict {
                keys,
                validity: None,
                values,
            }] => {
                let kinds = (0..values.len())
                    .map(|k| {
                        let s = values.get(k).and_then(|b| std::str::from_utf8(b).ok());
                        s.and_then(CodeRole::from_name)
                    })
                    .collect();
                Some((*keys, kinds))
            }
            _ => None,
        };
        KindCol { text, dictionary }
    }

    #[inline]
    fn at(&self, r: usize) -> Result<CodeRole, RowError> {
        if let Some((keys, kinds)) = &self.dictionary {
            if let Some(&Some(kind)) = keys.get(r).and_then(|k| kinds.get(k)) {
                return Ok(kind);
            }
        }
        // Text, or a dictionary entry that is not a kind (read again for the error).
        let s = self.text.str(r, "kind")?;
        CodeRole::from_name(s).ok_or_else(|| RowError {
            field: "kind",
            row: r,
            value: format!("{s:?}"),
            what: "not a code kind (principal, secondary, admitting or procedure)",
        })
    }
}

/// The claim table, read.
struct Claims<'a> {
    dates: Ints<'a>,
    ages: Ints<'a>,
    sex: Col<'a>,
    status: Option<Col<'a>>,
    los: Option<Ints<'a>>,
}

/// The code table, read and grouped by claim.
struct Codes<'a> {
    kind: KindCol<'a>,
    position: Option<Ints<'a>>,
    code: Col<'a>,
    poa: Option<Col<'a>>,
    rows: ClaimRows,
}

/// The findings of [`check_table`], as columns, a row a finding, claims in table order:
/// each thread fills its own, then they are appended in claim order.
#[derive(Default)]
pub struct TableFindings {
    /// The claim's row in the claim table (int64 little-endian).
    pub rows: Vec<u8>,
    /// The edit: its index in [`MceEdit::ALL`].
    pub edits: Vec<u8>,
    /// Where: its index in [`POSITION_KINDS`].
    pub kinds: Vec<u8>,
    /// Index among the secondary diagnoses or procedures, -1 for none (int32
    /// little-endian).
    pub indexes: Vec<u8>,
    /// The code the finding is about (null for the claim).
    pub codes: StrColumn,
    pub messages: StrColumn,
}

impl TableFindings {
    fn new() -> TableFindings {
        TableFindings {
            codes: StrColumn::with_capacity(0),
            messages: StrColumn::with_capacity(0),
            ..TableFindings::default()
        }
    }

    /// The number of findings.
    pub fn len(&self) -> usize {
        self.edits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    fn push(&mut self, claim_row: usize, f: &Finding) {
        self.rows
            .extend_from_slice(&(claim_row as i64).to_le_bytes());
        self.edits
            .push(MceEdit::ALL.iter().position(|e| *e == f.edit).unwrap_or(0) as u8);
        let (kind, index) = position_index(f.position);
        self.kinds.push(kind);
        self.indexes.extend_from_slice(&index.to_le_bytes());
        self.codes.push(f.code.as_deref().map(str::as_bytes));
        self.messages.push(Some(f.message.as_bytes()));
    }

    fn append(&mut self, other: TableFindings) {
        self.rows.extend_from_slice(&other.rows);
        self.edits.extend_from_slice(&other.edits);
        self.kinds.extend_from_slice(&other.kinds);
        self.indexes.extend_from_slice(&other.indexes);
        self.codes.append(other.codes);
        self.messages.append(other.messages);
    }
}

/// The claim table's ids, to find a code row's claim.
enum ClaimIndex {
    /// The code table's ids are claim-table rows already, `0..n` (found on the Python
    /// side, for ids that are not integers).
    Rows(usize),
    /// Strictly increasing ids: unique, and found by binary search.
    Increasing(Vec<i64>),
    /// Any other (unique) ids, and the row of each.
    Hashed {
        ids: Vec<i64>,
        rows: HashMap<i64, u32>,
    },
}

impl ClaimIndex {
    /// The index of `ids`: each unique and not null (else the row that is not).
    fn new(ids: &Ints<'_>) -> Result<ClaimIndex, RowError> {
        let mut values = Vec::with_capacity(ids.len);
        for i in 0..ids.len {
            values.push(ids.get(i).ok_or_else(|| RowError {
                field: "claim_id",
                row: i,
                value: "None".into(),
                what: "missing value",
            })?);
        }
        if values.windows(2).all(|w| w[0] < w[1]) {
            return Ok(ClaimIndex::Increasing(values));
        }
        let mut rows = HashMap::with_capacity(values.len());
        for (i, &id) in values.iter().enumerate() {
            if rows.insert(id, i as u32).is_some() {
                return Err(RowError {
                    field: "claim_id",
                    row: i,
                    value: id.to_string(),
                    what: "the same claim_id twice in the claim table",
                });
            }
        }
        Ok(ClaimIndex::Hashed { ids: values, rows })
    }

    /// The number of claims.
    fn len(&self) -> usize {
        match self {
            ClaimIndex::Rows(n) => *n,
            ClaimIndex::Increasing(ids) | ClaimIndex::Hashed { ids, .. } => ids.len(),
        }
    }

    /// The row of the claim with `id`. Code tables usually list each claim's codes
    /// together and the claims in the claim table's order, so `hint` (the previous code
    /// row's claim) and the claim after it are tried first.
    #[inline]
    fn find(&self, id: i64, hint: usize) -> Option<usize> {
        let ids = match self {
            ClaimIndex::Rows(n) => return usize::try_from(id).ok().filter(|r| r < n),
            ClaimIndex::Increasing(ids) | ClaimIndex::Hashed { ids, .. } => ids,
        };
        if ids.get(hint) == Some(&id) {
            return Some(hint);
        }
        if ids.get(hint + 1) == Some(&id) {
            return Some(hint + 1);
        }
        match self {
            ClaimIndex::Hashed { rows, .. } => rows.get(&id).map(|&r| r as usize),
            _ => ids.binary_search(&id).ok(),
        }
    }
}

/// The code rows of each claim: `order[first[c]..first[c + 1]]` for claim `c`, in table
/// order; without `order` (the table already groups the rows by claim, in claim order) the
/// rows are `first[c]..first[c + 1]`.
struct ClaimRows {
    first: Vec<usize>,
    order: Option<Vec<u32>>,
}

impl ClaimRows {
    /// Groups the code rows (their claim ids: `code_claims`) by claim. A counting sort:
    /// rows keep their table order within a claim.
    fn new(index: &ClaimIndex, code_claims: &Ints<'_>) -> Result<ClaimRows, RowError> {
        let n = index.len();
        let claim_of = |i: usize, hint: usize| -> Result<usize, RowError> {
            let id = code_claims.get(i).ok_or_else(|| RowError {
                field: "claim_id",
                row: i,
                value: "None".into(),
                what: "missing value",
            })?;
            index.find(id, hint).ok_or_else(|| RowError {
                field: "claim_id",
                row: i,
                value: id.to_string(),
                what: "not in the claim table",
            })
        };
        let mut first = vec![0usize; n + 1];
        let mut in_order = true;
        let mut last = 0;
        for i in 0..code_claims.len {
            let c = claim_of(i, last)?;
            first[c + 1] += 1;
            in_order &= c >= last;
            last = c;
        }
        for c in 0..n {
            first[c + 1] += first[c];
        }
        if in_order {
            return Ok(ClaimRows { first, order: None });
        }
        // Rows out of claim order: find the claims again (rare, so not kept from above).
        let mut next = first.clone();
        let mut order = vec![0u32; code_claims.len];
        let mut last = 0;
        for i in 0..code_claims.len {
            let c = claim_of(i, last)?;
            order[next[c]] = i as u32;
            next[c] += 1;
            last = c;
        }
        Ok(ClaimRows {
            first,
            order: Some(order),
        })
    }

    /// The code rows of claim `c`.
    #[inline]
    fn of(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        let range = self.first[c]..self.first[c + 1];
        let order = self.order.as_deref();
        range.map(move |k| order.map_or(k, |o| o[k] as usize))
    }
}

fn check_range(
    claims: &Claims<'_>,
    codes: &Codes<'_>,
    range: Range<usize>,
) -> Result<TableFindings, RowError> {
    let mut out = TableFindings::new();
    let mut buf = Vec::new();
    let mut secondary: Vec<(i64, usize)> = Vec::new();
    let mut procedures: Vec<(i64, usize)> = Vec::new();
    // One claim value, its lists reused from claim to claim.
    let mut claim: Claim<&str> = Claim::default();
    for c in range {
        let age = claims.ages.get(c).ok_or_else(|| RowError {
            field: "age",
            row: c,
            value: "None".into(),
            what: "missing value",
        })?;
        let days = claims.dates.get(c).ok_or_else(|| RowError {
            field: "discharge_date",
            row: c,
            value: "None".into(),
            what: "missing value",
        })?;
        claim.date = Date::from_days_since_epoch(days);
        // Out-of-range ages are the core's invalid-age edit.
        claim.age = i32::try_from(age).unwrap_or(if age < 0 { -1 } else { i32::MAX });
        claim.sex = Sex::parse(claims.sex.str(c, "sex").unwrap_or("?"));
        claim.discharge_status = match &claims.status {
            Some(s) => parse_discharge_status(s.str(c, "discharge_status").unwrap_or("?")),
            None => None,
        };
        claim.length_of_stay = claims
            .los
            .as_ref()
            .and_then(|l| l.get(c))
            .map(|l| u32::try_from(l).unwrap_or(u32::MAX));
        claim.principal = Diagnosis::default();
        claim.admitting = None;
        secondary.clear();
        procedures.clear();
        let mut principal_row = None;
        for r in codes.rows.of(c) {
            // No position: table order (the sorts below are stable).
            let pos = codes
                .position
                .as_ref()
                .map_or(0, |p| p.get(r).unwrap_or(i64::MIN));
            match codes.kind.at(r)? {
                CodeRole::Principal => {
                    if principal_row.replace(r).is_some() {
                        return Err(second(
                            codes,
                            r,
                            "a second principal diagnosis for the claim",
                        ));
                    }
                    claim.principal = diagnosis_at(codes, r)?;
                }
                CodeRole::Admitting => {
                    if claim.admitting.replace(diagnosis_at(codes, r)?).is_some() {
                        return Err(second(
                            codes,
                            r,
                            "a second admitting diagnosis for the claim",
                        ));
                    }
                }
                CodeRole::Secondary => secondary.push((pos, r)),
                CodeRole::Procedure => procedures.push((pos, r)),
            }
        }
        secondary.sort_by_key(|&(p, _)| p);
        procedures.sort_by_key(|&(p, _)| p);
        claim.secondary.clear();
        for &(_, r) in &secondary {
            claim.secondary.push(diagnosis_at(codes, r)?);
        }
        claim.procedures.clear();
        for &(_, r) in &procedures {
            claim.procedures.push(Procedure {
                code: codes.code.str(r, "code")?,
            });
        }
        buf.clear();
        check_into(&claim, &mut buf);
        for f in &buf {
            out.push(c, f);
        }
    }
    Ok(out)
}

/// The error for a second principal (or admitting) diagnosis at code row `r`.
fn second(codes: &Codes<'_>, r: usize, what: &'static str) -> RowError {
    RowError {
        field: "code",
        row: r,
        value: format!(
            "{:?}",
            String::from_utf8_lossy(codes.code.get(r).unwrap_or_default())
        ),
        what,
    }
}

fn diagnosis_at<'a>(codes: &'a Codes<'a>, r: usize) -> Result<Diagnosis<&'a str>, RowError> {
    let poa = match &codes.poa {
        Some(p) => Poa::parse(p.str(r, "poa")?),
        None => Poa::Blank,
    };
    Ok(Diagnosis {
        code: codes.code.str(r, "code")?,
        poa,
    })
}

/// Claims per thread, at least.
const MIN_CLAIMS_PER_THREAD: usize = 4096;

fn check_all(claims: &Claims<'_>, codes: &Codes<'_>) -> Result<TableFindings, RowError> {
    let n = claims.dates.len;
    let threads = crate::batch::threads()
        .min(n / MIN_CLAIMS_PER_THREAD)
        .max(1);
    let step = n.div_ceil(threads);
    let parts = std::sync::Mutex::new(Vec::with_capacity(threads));
    let next = std::sync::atomic::AtomicUsize::new(0);
    crate::batch::on_threads(threads, || loop {
        let t = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if t >= threads {
            break;
        }
        let part = check_range(claims, codes, t * step..((t + 1) * step).min(n));
        parts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((t, part));
    });
    let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
    parts.sort_by_key(|(t, _)| *t);
    let mut out = TableFindings::new();
    for (_, p) in parts {
        out.append(p?);
    }
    Ok(out)
}

/// The kinds of [`Position`], by their index in [`TableFindings::kinds`].
pub const POSITION_KINDS: [&str; 5] = ["claim", "principal", "admitting", "secondary", "procedure"];

fn position_index(p: Position) -> (u8, i32) {
    match p {
        Position::Claim => (0, -1),
        Position::Principal => (1, -1),
        Position::Admitting => (2, -1),
        Position::Secondary { index } => (3, i32::from(index)),
        Position::Procedure { index } => (4, i32::from(index)),
    }
}
