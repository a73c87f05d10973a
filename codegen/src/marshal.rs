//! A decoder of Python's `marshal` format (version 4, as CPython 3.4 to 3.13 write it) for
//! the data values of pinned inputs (`pyoce.mdb` stores every record as a marshalled
//! dict).
//!
//! It reads the data types: `None`, `True`/`False`, `Ellipsis`, ints (`TYPE_INT`, and
//! `TYPE_LONG` up to 128 bits), floats (text and binary), every str type (ascii, short
//! ascii, interned, unicode), bytes, tuples, lists, dicts, sets and frozensets, and the
//! back-references of version 3+ (`FLAG_REF` on a type byte, `TYPE_REF`). Code objects
//! and complex numbers are refused. Every error names the byte offset where it was found;
//! no input makes it panic, recurse without bound or allocate more than the input allows.

use std::fmt;

/// A decoded Python value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Ellipsis,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Value>),
    List(Vec<Value>),
    /// Key/value pairs in the order they were written.
    Dict(Vec<(Value, Value)>),
    Set(Vec<Value>),
    FrozenSet(Vec<Value>),
}

impl Value {
    /// The value of the dict entry whose key is the str `key` (`None` if this is not a
    /// dict or it has no such key).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Dict(pairs) => pairs.iter().find_map(|(k, v)| match k {
                Value::Str(s) if s == key => Some(v),
                _ => None,
            }),
            _ => None,
        }
    }

    /// The str, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The int, if this is an int or a bool (Python's `bool` is an `int`: `False == 0`).
    pub fn as_int(&self) -> Option<i128> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i128::from(*b)),
            _ => None,
        }
    }

    /// The bool, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The Python type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Ellipsis => "ellipsis",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::FrozenSet(_) => "frozenset",
        }
    }
}

/// What went wrong, at [`MarshalError::offset`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarshalErrorKind {
    /// The input ends where `needed` more bytes were expected.
    UnexpectedEnd { needed: usize },
    /// A type byte marshal does not define.
    UnknownType(u8),
    /// A type marshal defines but this decoder does not read (code objects, complex
    /// numbers, `StopIteration`).
    Unsupported(char),
    /// A negative length or count.
    NegativeLength(i32),
    /// A str that is not valid UTF-8 (such as a lone surrogate).
    InvalidUtf8,
    /// A text float (`TYPE_FLOAT`) that does not parse.
    InvalidFloat,
    /// A `TYPE_LONG` whose value does not fit in 128 bits.
    IntegerTooLarge,
    /// A `TYPE_LONG` digit outside `0..2^15`, or a zero top digit.
    InvalidLongDigit,
    /// A `TYPE_REF` to an index no object has been given.
    BadReference { index: u32 },
    /// A `TYPE_REF` to a container that is still being read (a recursive object).
    RecursiveReference { index: u32 },
    /// `TYPE_NULL` where a value is needed (it only ends a dict).
    UnexpectedNull,
    /// Containers nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Bytes after the value.
    TrailingBytes { remaining: usize },
}

/// An error decoding a marshalled value: what, and the byte offset where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarshalError {
    pub offset: usize,
    pub kind: MarshalErrorKind,
}

impl fmt::Display for MarshalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        match &self.kind {
            MarshalErrorKind::UnexpectedEnd { needed } => {
                write!(
                    f,
                    "marshal data ends at offset {at}: {needed} more byte(s) needed"
                )
            }
            MarshalErrorKind::UnknownType(t) => {
                write!(f, "unknown marshal type byte {t:#04x} at offset {at}")
            }
            MarshalErrorKind::Unsupported(c) => {
                write!(f, "unsupported marshal type {c:?} at offset {at}")
            }
            MarshalErrorKind::NegativeLength(n) => {
                write!(f, "negative marshal length {n} at offset {at}")
            }
            MarshalErrorKind::InvalidUtf8 => write!(f, "str at offset {at} is not valid UTF-8"),
            MarshalErrorKind::InvalidFloat => write!(f, "invalid text float at offset {at}"),
            MarshalErrorKind::IntegerTooLarge => {
                write!(f, "int at offset {at} does not fit in 128 bits")
            }
            MarshalErrorKind::InvalidLongDigit => write!(f, "invalid long digit at offset {at}"),
            MarshalErrorKind::BadReference { index } => {
                write!(f, "reference to unknown object {index} at offset {at}")
            }
            MarshalErrorKind::RecursiveReference { index } => write!(
                f,
                "reference at offset {at} to object {index}, which is still being read"
            ),
            MarshalErrorKind::UnexpectedNull => write!(f, "unexpected TYPE_NULL at offset {at}"),
            MarshalErrorKind::TooDeep => {
                write!(
                    f,
                    "marshal data nested deeper than {MAX_DEPTH} at offset {at}"
                )
            }
            MarshalErrorKind::TrailingBytes { remaining } => {
                write!(f, "{remaining} byte(s) after the value, from offset {at}")
            }
        }
    }
}

impl std::error::Error for MarshalError {}

/// Deepest nesting of containers read (CPython allows 2000; our data is 3 deep, and a
/// small limit keeps the recursion far from the stack's end).
pub const MAX_DEPTH: usize = 200;

const FLAG_REF: u8 = 0x80;

const TYPE_NULL: u8 = b'0';
const TYPE_NONE: u8 = b'N';
const TYPE_FALSE: u8 = b'F';
const TYPE_TRUE: u8 = b'T';
const TYPE_STOPITER: u8 = b'S';
const TYPE_ELLIPSIS: u8 = b'.';
const TYPE_INT: u8 = b'i';
const TYPE_INT64: u8 = b'I';
const TYPE_FLOAT: u8 = b'f';
const TYPE_BINARY_FLOAT: u8 = b'g';
const TYPE_COMPLEX: u8 = b'x';
const TYPE_BINARY_COMPLEX: u8 = b'y';
const TYPE_LONG: u8 = b'l';
const TYPE_STRING: u8 = b's';
const TYPE_INTERNED: u8 = b't';
const TYPE_REF: u8 = b'r';
const TYPE_TUPLE: u8 = b'(';
const TYPE_LIST: u8 = b'[';
const TYPE_DICT: u8 = b'{';
const TYPE_CODE: u8 = b'c';
const TYPE_UNICODE: u8 = b'u';
const TYPE_UNKNOWN: u8 = b'?';
const TYPE_SET: u8 = b'<';
const TYPE_FROZENSET: u8 = b'>';
const TYPE_ASCII: u8 = b'a';
const TYPE_ASCII_INTERNED: u8 = b'A';
const TYPE_SMALL_TUPLE: u8 = b')';
const TYPE_SHORT_ASCII: u8 = b'z';
const TYPE_SHORT_ASCII_INTERNED: u8 = b'Z';

/// Decodes one value that fills all of `bytes` (like `marshal.loads`, but trailing bytes
/// are an error rather than ignored).
pub fn loads(bytes: &[u8]) -> Result<Value, MarshalError> {
    let (value, used) = load_prefix(bytes)?;
    if used != bytes.len() {
        return Err(MarshalError {
            offset: used,
            kind: MarshalErrorKind::TrailingBytes {
                remaining: bytes.len() - used,
            },
        });
    }
    Ok(value)
}

/// Decodes the value at the start of `bytes`; returns it and the bytes it took.
pub fn load_prefix(bytes: &[u8]) -> Result<(Value, usize), MarshalError> {
    let mut r = Reader {
        bytes,
        pos: 0,
        refs: Vec::new(),
    };
    let value = r.value(0)?;
    Ok((value, r.pos))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Objects written with `FLAG_REF`, by index; `None` while a container is being read.
    refs: Vec<Option<Value>>,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], MarshalError> {
        let available = self.bytes.len() - self.pos;
        if n > available {
            return Err(error(
                self.bytes.len(),
                MarshalErrorKind::UnexpectedEnd {
                    needed: n - available,
                },
            ));
        }
        let start = self.pos;
        self.pos += n;
        Ok(&self.bytes[start..start + n])
    }

    fn byte(&mut self) -> Result<u8, MarshalError> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], MarshalError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn i32(&mut self) -> Result<i32, MarshalError> {
        self.array::<4>().map(i32::from_le_bytes)
    }

    /// A non-negative i32 length or count.
    fn len32(&mut self) -> Result<usize, MarshalError> {
        let at = self.pos;
        let n = self.i32()?;
        usize::try_from(n).map_err(|_| error(at, MarshalErrorKind::NegativeLength(n)))
    }

    /// A capacity for `n` items that each take at least one byte: never more than the
    /// bytes left, so a forged count cannot make us allocate.
    fn capacity(&self, n: usize) -> usize {
        n.min(self.bytes.len() - self.pos)
    }

    fn value(&mut self, depth: usize) -> Result<Value, MarshalError> {
        let at = self.pos;
        if depth > MAX_DEPTH {
            return Err(error(at, MarshalErrorKind::TooDeep));
        }
        let code = self.byte()?;
        let ty = code & !FLAG_REF;
        if ty == TYPE_REF {
            let index_at = self.pos;
            let index = u32::from_le_bytes(self.array::<4>()?);
            return match self.refs.get(index as usize) {
                Some(Some(v)) => Ok(v.clone()),
                Some(None) => Err(error(
                    index_at,
                    MarshalErrorKind::RecursiveReference { index },
                )),
                None => Err(error(index_at, MarshalErrorKind::BadReference { index })),
            };
        }
        // CPython numbers a flagged object when it starts reading it (containers are
        // registered before their items), so the index is taken here and filled below.
        let slot = if code & FLAG_REF != 0 {
            self.refs.push(None);
            Some(self.refs.len() - 1)
        } else {
            None
        };
        let value = self.body(ty, at, depth)?;
        // Nothing is read after the outermost value, so it is never referred to: no copy.
        if let Some(slot) = slot.filter(|_| depth > 0) {
            self.refs[slot] = Some(value.clone());
        }
        Ok(value)
    }

    fn body(&mut self, ty: u8, at: usize, depth: usize) -> Result<Value, MarshalError> {
        Ok(match ty {
            TYPE_NONE => Value::None,
            TYPE_FALSE => Value::Bool(false),
            TYPE_TRUE => Value::Bool(true),
            TYPE_ELLIPSIS => Value::Ellipsis,
            TYPE_INT => Value::Int(i128::from(self.i32()?)),
            TYPE_INT64 => Value::Int(i128::from(i64::from_le_bytes(self.array::<8>()?))),
            TYPE_LONG => Value::Int(self.long()?),
            TYPE_BINARY_FLOAT => Value::Float(f64::from_le_bytes(self.array::<8>()?)),
            TYPE_FLOAT => {
                let n = usize::from(self.byte()?);
                let text_at = self.pos;
                let text = self.take(n)?;
                let parsed = std::str::from_utf8(text)
                    .ok()
                    .and_then(|t| parse_python_float(t.trim()));
                Value::Float(parsed.ok_or_else(|| error(text_at, MarshalErrorKind::InvalidFloat))?)
            }
            TYPE_STRING => {
                let n = self.len32()?;
                Value::Bytes(self.take(n)?.to_vec())
            }
            TYPE_UNICODE | TYPE_INTERNED => {
                let n = self.len32()?;
                let text_at = self.pos;
                let raw = self.take(n)?;
                let s = std::str::from_utf8(raw)
                    .map_err(|_| error(text_at, MarshalErrorKind::InvalidUtf8))?;
                Value::Str(s.to_owned())
            }
            TYPE_ASCII | TYPE_ASCII_INTERNED => {
                let n = self.len32()?;
                Value::Str(latin1(self.take(n)?))
            }
            TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED => {
                let n = usize::from(self.byte()?);
                Value::Str(latin1(self.take(n)?))
            }
            TYPE_SMALL_TUPLE => {
                let n = usize::from(self.byte()?);
                Value::Tuple(self.items(n, depth)?)
            }
            TYPE_TUPLE => {
                let n = self.len32()?;
                Value::Tuple(self.items(n, depth)?)
            }
            TYPE_LIST => {
                let n = self.len32()?;
                Value::List(self.items(n, depth)?)
            }
            TYPE_SET => {
                let n = self.len32()?;
                Value::Set(self.items(n, depth)?)
            }
            TYPE_FROZENSET => {
                let n = self.len32()?;
                Value::FrozenSet(self.items(n, depth)?)
            }
            TYPE_DICT => {
                let mut pairs = Vec::new();
                loop {
                    if self.bytes.get(self.pos) == Some(&TYPE_NULL) {
                        self.pos += 1;
                        break;
                    }
                    let key = self.value(depth + 1)?;
                    let value = self.value(depth + 1)?;
                    pairs.push((key, value));
                }
                Value::Dict(pairs)
            }
            TYPE_NULL => return Err(error(at, MarshalErrorKind::UnexpectedNull)),
            TYPE_CODE | TYPE_COMPLEX | TYPE_BINARY_COMPLEX | TYPE_STOPITER | TYPE_UNKNOWN => {
                return Err(error(at, MarshalErrorKind::Unsupported(char::from(ty))))
            }
            other => return Err(error(at, MarshalErrorKind::UnknownType(other))),
        })
    }

    fn items(&mut self, n: usize, depth: usize) -> Result<Vec<Value>, MarshalError> {
        let mut out = Vec::with_capacity(self.capacity(n));
        for _ in 0..n {
            out.push(self.value(depth + 1)?);
        }
        Ok(out)
    }

    /// `TYPE_LONG`: a signed i32 count of base-2^15 digits (its sign is the number's),
    /// then the digits as u16, least significant first.
    fn long(&mut self) -> Result<i128, MarshalError> {
        let at = self.pos;
        let n = self.i32()?;
        let count = n.unsigned_abs() as usize;
        let mut magnitude: u128 = 0;
        let mut digits = Vec::with_capacity(self.capacity(count));
        for _ in 0..count {
            let digit_at = self.pos;
            let d = u16::from_le_bytes(self.array::<2>()?);
            if d >= 1 << 15 {
                return Err(error(digit_at, MarshalErrorKind::InvalidLongDigit));
            }
            digits.push((digit_at, d));
        }
        if let Some(&(top_at, 0)) = digits.last() {
            return Err(error(top_at, MarshalErrorKind::InvalidLongDigit));
        }
        for &(_, d) in digits.iter().rev() {
            magnitude = magnitude
                .checked_mul(1 << 15)
                .map(|m| m | u128::from(d))
                .ok_or_else(|| error(at, MarshalErrorKind::IntegerTooLarge))?;
        }
        let too_large = || error(at, MarshalErrorKind::IntegerTooLarge);
        if n < 0 {
            // -2^127 is the one negative value whose magnitude is not an i128.
            if magnitude == 1u128 << 127 {
                Ok(i128::MIN)
            } else {
                i128::try_from(magnitude)
                    .map(|m| -m)
                    .map_err(|_| too_large())
            }
        } else {
            i128::try_from(magnitude).map_err(|_| too_large())
        }
    }
}

fn error(offset: usize, kind: MarshalErrorKind) -> MarshalError {
    MarshalError { offset, kind }
}

/// The ascii str types are read by CPython as Latin-1 (one byte, one code point).
fn latin1(raw: &[u8]) -> String {
    raw.iter().map(|&b| char::from(b)).collect()
}

/// Parses a float as Python's `repr` writes it (`inf`, `-inf`, `nan` included).
fn parse_python_float(text: &str) -> Option<f64> {
    match text {
        "inf" | "+inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => Some(f64::NAN),
        _ => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> MarshalError {
        loads(bytes).unwrap_err()
    }

    // The byte strings below are what CPython 3.12's `marshal.dumps` writes.

    #[test]
    fn scalars() {
        assert_eq!(loads(b"N").unwrap(), Value::None);
        assert_eq!(loads(b"T").unwrap(), Value::Bool(true));
        assert_eq!(loads(b"F").unwrap(), Value::Bool(false));
        assert_eq!(loads(b".").unwrap(), Value::Ellipsis);
        // marshal.dumps(20190701)
        assert_eq!(
            loads(b"\xe9\xed\x15\x34\x01").unwrap(),
            Value::Int(20190701)
        );
        // marshal.dumps(-1)
        assert_eq!(loads(b"\xe9\xff\xff\xff\xff").unwrap(), Value::Int(-1));
        // marshal.dumps(1.5)
        assert_eq!(
            loads(b"\xe7\x00\x00\x00\x00\x00\x00\xf8\x3f").unwrap(),
            Value::Float(1.5)
        );
        // Text floats (marshal version 0/1).
        assert_eq!(loads(b"f\x041.25").unwrap(), Value::Float(1.25));
        assert_eq!(
            loads(b"f\x04-inf").unwrap(),
            Value::Float(f64::NEG_INFINITY)
        );
        assert!(matches!(loads(b"f\x03nan").unwrap(), Value::Float(x) if x.is_nan()));
        // TYPE_INT64 (marshal version 0/1).
        assert_eq!(
            loads(b"I\x00\x00\x00\x00\x01\x00\x00\x00").unwrap(),
            Value::Int(1 << 32)
        );
    }

    #[test]
    fn longs() {
        // marshal.dumps(2**31) = 'l', 3 digits: 0, 0, 2
        assert_eq!(
            loads(b"\xec\x03\x00\x00\x00\x00\x00\x00\x00\x02\x00").unwrap(),
            Value::Int(1 << 31)
        );
        // marshal.dumps(-(2**40))
        assert_eq!(
            loads(b"\xec\xfd\xff\xff\xff\x00\x00\x00\x00\x00\x04").unwrap(),
            Value::Int(-(1i128 << 40))
        );
        // 0 digits: zero.
        assert_eq!(loads(b"l\x00\x00\x00\x00").unwrap(), Value::Int(0));
        // 9 digits of 2^15 - 1 = 2^135 - 1: too large.
        let mut big = b"l\x09\x00\x00\x00".to_vec();
        for _ in 0..9 {
            big.extend_from_slice(&0x7FFFu16.to_le_bytes());
        }
        assert_eq!(err(&big).kind, MarshalErrorKind::IntegerTooLarge);
        // i128::MIN = -(2^127): 9 digits, the top one 2^7 (2^127 = 2^(15*8) * 2^7).
        let mut min = b"l\xf7\xff\xff\xff".to_vec();
        for d in [0u16, 0, 0, 0, 0, 0, 0, 0, 1 << 7] {
            min.extend_from_slice(&d.to_le_bytes());
        }
        assert_eq!(loads(&min).unwrap(), Value::Int(i128::MIN));
        // The positive 2^127 does not fit.
        min[1] = 9;
        min[2..5].copy_from_slice(&[0, 0, 0]);
        assert_eq!(err(&min).kind, MarshalErrorKind::IntegerTooLarge);
        // A digit >= 2^15, and a zero top digit.
        assert_eq!(
            err(b"l\x01\x00\x00\x00\x00\x80"),
            MarshalError {
                offset: 5,
                kind: MarshalErrorKind::InvalidLongDigit
            }
        );
        assert_eq!(
            err(b"l\x02\x00\x00\x00\x01\x00\x00\x00").kind,
            MarshalErrorKind::InvalidLongDigit
        );
    }

    #[test]
    fn strings_and_bytes() {
        // marshal.dumps('J1100') (a short ascii interned str, flagged)
        assert_eq!(loads(b"\xda\x05J1100").unwrap(), Value::Str("J1100".into()));
        assert_eq!(loads(b"\xfa\x05J1100").unwrap(), Value::Str("J1100".into()));
        // marshal.dumps('é') (unicode, utf-8)
        assert_eq!(
            loads(b"\xf5\x02\x00\x00\x00\xc3\xa9").unwrap(),
            Value::Str("é".into())
        );
        // marshal.dumps(b'ab')
        assert_eq!(
            loads(b"\xf3\x02\x00\x00\x00ab").unwrap(),
            Value::Bytes(b"ab".to_vec())
        );
        // ascii (long form), interned forms.
        assert_eq!(
            loads(b"a\x01\x00\x00\x00x").unwrap(),
            Value::Str("x".into())
        );
        assert_eq!(
            loads(b"A\x01\x00\x00\x00y").unwrap(),
            Value::Str("y".into())
        );
        assert_eq!(loads(b"Z\x01z").unwrap(), Value::Str("z".into()));
        assert_eq!(
            loads(b"t\x01\x00\x00\x00w").unwrap(),
            Value::Str("w".into())
        );
        // The ascii types are read as Latin-1.
        assert_eq!(loads(b"z\x01\xe9").unwrap(), Value::Str("é".into()));
        // A lone surrogate (written with surrogatepass) is not a Rust str.
        assert_eq!(
            err(b"u\x03\x00\x00\x00\xed\xa0\x80"),
            MarshalError {
                offset: 5,
                kind: MarshalErrorKind::InvalidUtf8
            }
        );
        assert_eq!(
            err(b"u\xff\xff\xff\xff"),
            MarshalError {
                offset: 1,
                kind: MarshalErrorKind::NegativeLength(-1)
            }
        );
    }

    /// `marshal.dumps({'code': 'J1100', 'lo_version': 76, 'sex': False, 'alias': 'J1100'})`
    /// from CPython 3.12: interned keys with `FLAG_REF`, and `'J1100'` written once and
    /// referred to by `TYPE_REF` the second time.
    const DICT: &[u8] = b"\xfb\xda\x04code\xda\x05J1100\xda\nlo_version\xe9L\x00\x00\x00\xda\x03sexF\xda\x05aliasr\x02\x00\x00\x000";

    #[test]
    fn dicts_and_references() {
        let v = loads(DICT).unwrap();
        assert_eq!(v.get("code"), Some(&Value::Str("J1100".into())));
        assert_eq!(v.get("lo_version").and_then(Value::as_int), Some(76));
        assert_eq!(v.get("sex").and_then(Value::as_int), Some(0));
        assert_eq!(v.get("sex").and_then(Value::as_bool), Some(false));
        // Ref 0 is the dict itself, 1 'code', 2 'J1100'.
        assert_eq!(v.get("alias").and_then(Value::as_str), Some("J1100"));
        assert_eq!(v.get("nope"), None);
        assert_eq!(Value::None.get("code"), None);
        assert_eq!(v.type_name(), "dict");
        // A reference to the dict being read is recursive.
        let mut rec = DICT.to_vec();
        let at = rec.len() - 5;
        rec[at..at + 4].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(
            err(&rec),
            MarshalError {
                offset: at,
                kind: MarshalErrorKind::RecursiveReference { index: 0 }
            }
        );
        // A reference to no object.
        rec[at..at + 4].copy_from_slice(&9u32.to_le_bytes());
        assert_eq!(err(&rec).kind, MarshalErrorKind::BadReference { index: 9 });
        // The dict's end marker is missing.
        assert_eq!(
            err(&DICT[..DICT.len() - 1]).kind,
            MarshalErrorKind::UnexpectedEnd { needed: 1 }
        );
    }

    #[test]
    fn containers() {
        // marshal.dumps((1, [b'x'], {2}, frozenset()))
        let v = loads(b"\xa9\x04\xe9\x01\x00\x00\x00[\x01\x00\x00\x00\xf3\x01\x00\x00\x00x<\x01\x00\x00\x00\xe9\x02\x00\x00\x00>\x00\x00\x00\x00").unwrap();
        assert_eq!(
            v,
            Value::Tuple(vec![
                Value::Int(1),
                Value::List(vec![Value::Bytes(b"x".to_vec())]),
                Value::Set(vec![Value::Int(2)]),
                Value::FrozenSet(vec![]),
            ])
        );
        // A long-form tuple, and a list that holds a reference to an earlier str.
        assert_eq!(
            loads(b"(\x01\x00\x00\x00N").unwrap(),
            Value::Tuple(vec![Value::None])
        );
        assert_eq!(
            loads(b"[\x02\x00\x00\x00\xda\x01ar\x00\x00\x00\x00").unwrap(),
            Value::List(vec![Value::Str("a".into()), Value::Str("a".into())])
        );
        // Forged counts fail on the missing bytes without allocating for them.
        assert_eq!(
            err(b"[\xff\xff\xff\x7f").kind,
            MarshalErrorKind::UnexpectedEnd { needed: 1 }
        );
    }

    #[test]
    fn refusals() {
        assert_eq!(
            err(b"c"),
            MarshalError {
                offset: 0,
                kind: MarshalErrorKind::Unsupported('c')
            }
        );
        assert_eq!(err(b"y").kind, MarshalErrorKind::Unsupported('y'));
        assert_eq!(err(b"\x01").kind, MarshalErrorKind::UnknownType(0x01));
        assert_eq!(err(b"0").kind, MarshalErrorKind::UnexpectedNull);
        assert_eq!(
            err(b"[\x01\x00\x00\x000").kind,
            MarshalErrorKind::UnexpectedNull
        );
        assert_eq!(
            err(b""),
            MarshalError {
                offset: 0,
                kind: MarshalErrorKind::UnexpectedEnd { needed: 1 }
            }
        );
        assert_eq!(
            err(b"NN"),
            MarshalError {
                offset: 1,
                kind: MarshalErrorKind::TrailingBytes { remaining: 1 }
            }
        );
        assert_eq!(load_prefix(b"NN").unwrap(), (Value::None, 1));
        assert_eq!(err(b"f\x03abc").kind, MarshalErrorKind::InvalidFloat);
        // Nesting deeper than the limit.
        let deep = [b")\x01".repeat(MAX_DEPTH + 1), b"N".to_vec()].concat();
        assert_eq!(err(&deep).kind, MarshalErrorKind::TooDeep);
        let ok = [b")\x01".repeat(MAX_DEPTH), b"N".to_vec()].concat();
        assert!(loads(&ok).is_ok());
        let e = err(b"u\x03\x00\x00\x00\xed\xa0\x80");
        assert!(e.to_string().contains("offset 5"), "{e}");
    }

    #[test]
    fn malformed_input_never_panics() {
        let samples: [&[u8]; 2] = [
            DICT,
            b"\xa9\x04\xe9\x01\x00\x00\x00[\x01\x00\x00\x00\xf3\x01\x00\x00\x00x<\x01\x00\x00\x00\xe9\x02\x00\x00\x00>\x00\x00\x00\x00",
        ];
        for sample in samples {
            for cut in 0..sample.len() {
                assert!(loads(&sample[..cut]).is_err(), "cut at {cut}");
            }
            for pos in 0..sample.len() {
                for x in 0..=255u8 {
                    let mut m = sample.to_vec();
                    m[pos] ^= x;
                    let _ = loads(&m);
                }
            }
        }
    }
}
