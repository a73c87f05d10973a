//! The Arrow C data interface, both ways, through arrow-rs (`arrow-array`'s `ffi`).
//!
//! Import: `__arrow_c_array__` / `__arrow_c_stream__` PyCapsules (pyarrow, polars, pandas,
//! nanoarrow, duckdb...) holding `utf8`, `large_utf8`, `string_view`, `null` or
//! dictionary-of-string arrays; and, for the claim tables, `int64`, `int32` and `date32`
//! arrays. arrow-rs takes ownership of the producer's buffers without copying them, checks
//! their layout ([`ArrayData::validate`]), and the chunks read them in place: no Python
//! string is made.
//! Export: a finished result column as arrow-rs [`ArrayData`] over the Rust buffers, moved
//! to the consumer as `FFI_ArrowArray` / `FFI_ArrowSchema` capsules (or a one-batch stream).
//! See <https://arrow.apache.org/docs/format/CDataInterface.html>.

#![deny(clippy::undocumented_unsafe_blocks)]

use std::ffi::{c_char, c_int, c_void, CStr};
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::types::{
    Date32Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{make_array, Array, ArrayRef, ArrowPrimitiveType};
use arrow_buffer::{Buffer, NullBuffer};
use arrow_data::ArrayData;
use arrow_schema::ffi::Flags;
use arrow_schema::{ArrowError, DataType};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use crate::column::{Bitmap, IntChunk, Keys, Strings};

// ---------------------------------------------------------------------------------------
// Errors

/// Why an Arrow column cannot be read (or a result column made), as text: the column calls
/// raise it as a `TypeError` (a column of the wrong type) or a `ValueError` (malformed
/// data); the polars plugin (plugin.rs) reports it as its error message, on polars'
/// threads, where no Python exception can be made without the GIL.
#[derive(Debug)]
pub enum ColumnError {
    WrongType(String),
    Malformed(String),
}

pub type ColumnResult<T> = Result<T, ColumnError>;

impl ColumnError {
    fn wrong_type(message: impl Into<String>) -> ColumnError {
        ColumnError::WrongType(message.into())
    }

    fn malformed(message: impl Into<String>) -> ColumnError {
        ColumnError::Malformed(message.into())
    }

    pub fn message(&self) -> &str {
        match self {
            ColumnError::WrongType(m) | ColumnError::Malformed(m) => m,
        }
    }
}

impl From<ColumnError> for PyErr {
    fn from(e: ColumnError) -> PyErr {
        match e {
            ColumnError::WrongType(m) => PyTypeError::new_err(m),
            ColumnError::Malformed(m) => PyValueError::new_err(m),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Import

/// Marks an import of a column of strings.
pub struct StrType;

/// Marks an import of a column of integers: `int64`, or `int32` and `date32` (days since
/// 1970).
pub struct IntType;

/// Marks an import of a column of dates: `date32` (days since 1970; the Python side casts
/// other date and timestamp types to it).
pub struct DateType;

fn describe_format(format: &str) -> String {
    let name = match format {
        "b" => "bool",
        "c" => "int8",
        "C" => "uint8",
        "s" => "int16",
        "S" => "uint16",
        "i" => "int32",
        "I" => "uint32",
        "l" => "int64",
        "L" => "uint64",
        "e" => "float16",
        "f" => "float32",
        "g" => "float64",
        "z" => "binary",
        "Z" => "large_binary",
        "vz" => "binary_view",
        "tdD" => "date32",
        "+l" => "list",
        "+L" => "large_list",
        "+s" => "struct",
        _ => "",
    };
    if name.is_empty() {
        format!("Arrow format {format:?}")
    } else {
        format!("{name} (Arrow format {format:?})")
    }
}

const DICT_KEYS: [&str; 8] = ["c", "C", "s", "S", "i", "I", "l", "L"];

/// Checks that a schema's type can hold codes: `TypeError` naming it otherwise.
pub fn check_str_type(schema: &FFI_ArrowSchema) -> ColumnResult<()> {
    let format = schema.format();
    if let Some(values) = schema.dictionary() {
        if !DICT_KEYS.contains(&format) {
            return Err(ColumnError::wrong_type(format!(
                "Arrow dictionary with {} keys is not supported",
                describe_format(format)
            )));
        }
        if values.dictionary().is_some() {
            return Err(ColumnError::wrong_type(
                "Arrow dictionary of dictionaries is not supported",
            ));
        }
        return check_str_type(values);
    }
    match format {
        "u" | "U" | "vu" | "n" => Ok(()),
        other => Err(ColumnError::wrong_type(format!(
            "expected a column of strings, got an Arrow column of {}",
            describe_format(other)
        ))),
    }
}

/// Checks that a schema's type is `date32`, or `null` (no dates at all).
fn check_date_type(schema: &FFI_ArrowSchema) -> ColumnResult<()> {
    match schema.format() {
        "tdD" | "n" if schema.dictionary().is_none() => Ok(()),
        other => Err(ColumnError::wrong_type(format!(
            "dates must be a column of dates (Arrow date32), not an Arrow column of {}",
            describe_format(other)
        ))),
    }
}

/// Checks that a schema's type can hold dates as the polars plugin reads them: `date32`,
/// `null`, a timestamp, or strings.
pub fn check_date_like_type(schema: &FFI_ArrowSchema) -> ColumnResult<()> {
    match schema.format() {
        _ if schema.dictionary().is_some() => Err(ColumnError::wrong_type(
            "dates must be a Date, Datetime or String column, not an Arrow dictionary",
        )),
        "tdD" | "n" | "u" | "U" | "vu" => Ok(()),
        f if f.starts_with("ts") => Ok(()),
        other => Err(ColumnError::wrong_type(format!(
            "dates must be a Date, Datetime or String column, not an Arrow column of {}",
            describe_format(other)
        ))),
    }
}

/// Checks that a schema's type is `int64`, `int32` or `date32`.
fn check_int_type(schema: &FFI_ArrowSchema) -> ColumnResult<()> {
    match schema.format() {
        _ if schema.dictionary().is_some() => Err(ColumnError::wrong_type(
            "expected a column of integers, got an Arrow dictionary",
        )),
        "l" | "i" | "tdD" => Ok(()),
        other => Err(ColumnError::wrong_type(format!(
            "expected a column of int64, int32 or date32, got an Arrow column of {}",
            describe_format(other)
        ))),
    }
}

/// Imported Arrow data ([`StrType`] or [`IntType`]): the arrays that own the producer's
/// buffers, which the chunks point into.
pub struct Imported<T = StrType> {
    arrays: Vec<ArrayRef>,
    _type: PhantomData<T>,
}

impl<T> Imported<T> {
    /// Arrays already imported (and checked) as `T`.
    pub fn new(arrays: Vec<ArrayRef>) -> Imported<T> {
        Imported {
            arrays,
            _type: PhantomData,
        }
    }
}

impl Imported<StrType> {
    /// The chunks, borrowing the imported buffers.
    pub fn chunks(&self) -> ColumnResult<Vec<Strings<'_>>> {
        self.arrays.iter().map(|a| chunk(a.as_ref())).collect()
    }
}

impl Imported<IntType> {
    /// The chunks, borrowing the imported buffers.
    pub fn chunks(&self) -> ColumnResult<Vec<IntChunk<'_>>> {
        self.arrays.iter().map(|a| int_chunk(a.as_ref())).collect()
    }
}

impl Imported<DateType> {
    /// The days and validity of a column of one `date32` chunk, borrowed from the
    /// producer's buffers (no copy); `None` for any other column.
    pub fn one_chunk(&self) -> Option<(&[i32], Option<Bitmap<'_>>)> {
        match self.arrays.as_slice() {
            [a] if a.data_type() == &DataType::Date32 => Some((
                values::<Date32Type>(a.as_ref()).ok()?,
                validity(a.nulls().filter(|n| n.null_count() > 0)),
            )),
            _ => None,
        }
    }

    /// The dates as days since 1970-01-01 a row, the chunks in one piece, and which rows
    /// have one (a bitmap from bit 0; `None` when all have): what the core's batch engine
    /// reads in place (`batch::Dates::Days`).
    pub fn days(&self) -> ColumnResult<(Vec<i32>, Option<Vec<u8>>)> {
        let typed = |a: &ArrayRef| a.data_type() != &DataType::Null;
        let rows: usize = self.arrays.iter().map(|a| a.len()).sum();
        let mut days = Vec::with_capacity(rows);
        for a in &self.arrays {
            match typed(a) {
                true => days.extend_from_slice(values::<Date32Type>(a.as_ref())?),
                false => days.extend(std::iter::repeat_n(0, a.len())),
            }
        }
        let nulls = self.arrays.iter().any(|a| !typed(a) || a.null_count() > 0);
        let validity = nulls.then(|| {
            let mut valid: Vec<u8> = Vec::with_capacity(rows);
            for a in &self.arrays {
                match a.nulls().filter(|_| typed(a)) {
                    Some(n) => valid.extend(n.iter().map(u8::from)),
                    None => valid.extend(std::iter::repeat_n(u8::from(typed(a)), a.len())),
                }
            }
            crate::column::pack_bits(&valid)
        });
        Ok((days, validity))
    }
}

/// As [`import`], for a column of dates.
pub fn import_dates(obj: &Bound<'_, PyAny>) -> PyResult<Option<Imported<DateType>>> {
    import_as(obj, check_date_type)
}

/// Imports `obj.__arrow_c_array__()` or `obj.__arrow_c_stream__()`, whichever it has
/// (`None` when it has neither), as a column of strings.
pub fn import(obj: &Bound<'_, PyAny>) -> PyResult<Option<Imported>> {
    import_as(obj, check_str_type)
}

/// As [`import`], for a column of `int64`, `int32` or `date32`.
pub fn import_ints(obj: &Bound<'_, PyAny>) -> PyResult<Option<Imported<IntType>>> {
    import_as(obj, check_int_type)
}

/// Imports `obj`'s Arrow data, checking its type with `check`.
///
/// arrow-rs trusts the producer's structs where the C data interface says they are
/// well-formed, and panics on a few malformed ones (a null format string, a null buffer
/// list): such a panic becomes a `ValueError` here.
fn import_as<T>(
    obj: &Bound<'_, PyAny>,
    check: fn(&FFI_ArrowSchema) -> ColumnResult<()>,
) -> PyResult<Option<Imported<T>>> {
    let arrays =
        catch_unwind(AssertUnwindSafe(|| import_arrays(obj, check))).unwrap_or_else(|panic| {
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("malformed C data interface structs");
            Err(PyValueError::new_err(format!("invalid Arrow data: {why}")))
        })?;
    Ok(arrays.map(|arrays| Imported {
        arrays,
        _type: PhantomData,
    }))
}

fn import_arrays(
    obj: &Bound<'_, PyAny>,
    check: fn(&FFI_ArrowSchema) -> ColumnResult<()>,
) -> PyResult<Option<Vec<ArrayRef>>> {
    let py = obj.py();
    if let Ok(method) = obj.getattr(pyo3::intern!(py, "__arrow_c_array__")) {
        let pair = method.call0()?;
        let pair = pair.cast::<PyTuple>().map_err(|_| {
            PyTypeError::new_err("__arrow_c_array__() did not return a (schema, array) tuple")
        })?;
        if pair.len() != 2 {
            return Err(PyTypeError::new_err(
                "__arrow_c_array__() did not return a (schema, array) tuple",
            ));
        }
        let schema = capsule_pointer(&pair.get_item(0)?, c"arrow_schema")?;
        let array = capsule_pointer(&pair.get_item(1)?, c"arrow_array")?;
        // SAFETY: by the PyCapsule protocol, capsules named "arrow_schema" and "arrow_array"
        // hold an ArrowSchema and an ArrowArray, which the consumer may move out (leaving
        // released ones for the capsules to drop); nothing ran since their pointers were read.
        let (schema, array) = unsafe {
            (
                FFI_ArrowSchema::from_raw(schema.cast()),
                FFI_ArrowArray::from_raw(array.cast()),
            )
        };
        check(&schema)?;
        return Ok(Some(vec![import_array(array, &schema)?]));
    }
    if let Ok(method) = obj.getattr(pyo3::intern!(py, "__arrow_c_stream__")) {
        let capsule = method.call0()?;
        let stream = capsule_pointer(&capsule, c"arrow_array_stream")?;
        // SAFETY: a capsule named "arrow_array_stream" holds an ArrowArrayStream; moved out
        // as above, and released when `stream` drops.
        let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(stream.cast()) };
        // The producer may need the GIL (some are written in Python): keep it.
        return read_stream(&mut stream, check).map(Some);
    }
    Ok(None)
}

/// Imports arrays already moved out of their producer (the polars plugin's inputs), all
/// made with `schema`, after checking its type with `check`.
pub fn import_moved(
    schema: &FFI_ArrowSchema,
    arrays: Vec<FFI_ArrowArray>,
    check: fn(&FFI_ArrowSchema) -> ColumnResult<()>,
) -> ColumnResult<Vec<ArrayRef>> {
    check(schema)?;
    arrays
        .into_iter()
        .map(|a| import_array(a, schema))
        .collect()
}

/// The pointer a capsule holds, checking the capsule's name.
fn capsule_pointer(capsule: &Bound<'_, PyAny>, name: &CStr) -> PyResult<*mut c_void> {
    let capsule = capsule.cast::<PyCapsule>().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected a PyCapsule named {:?} from the Arrow producer",
            name.to_string_lossy()
        ))
    })?;
    Ok(capsule.pointer_checked(Some(name))?.as_ptr())
}

/// Checks the parts of a producer's array that arrow-rs reads before it can check them
/// itself (lengths, how many buffers), so that a malformed one is an error, not a panic.
fn check_ffi_array(a: &FFI_ArrowArray, schema: &FFI_ArrowSchema) -> ColumnResult<()> {
    if a.is_released() {
        return Err(ColumnError::malformed("released Arrow array"));
    }
    // The C struct's fields are int64: a negative one reads as a huge usize here.
    if [a.len(), a.offset(), a.num_buffers()]
        .iter()
        .any(|&n| n > i64::MAX as usize)
    {
        return Err(ColumnError::malformed(
            "Arrow array with a negative length, offset or number of buffers",
        ));
    }
    let buffers = match schema.format() {
        _ if schema.dictionary().is_some() => 2,
        "n" => 0,
        "u" | "U" => 3,
        // Validity, views and the data buffers' sizes, with any number of data buffers.
        "vu" => 3,
        _ => 2,
    };
    if a.num_buffers() < buffers {
        return Err(ColumnError::malformed("Arrow array has too few buffers"));
    }
    if let Some(values) = schema.dictionary() {
        let Some(dictionary) = a.dictionary() else {
            return Err(ColumnError::malformed(
                "Arrow dictionary array without its dictionary",
            ));
        };
        check_ffi_array(dictionary, values)?;
    }
    Ok(())
}

/// Imports one array (of a type already checked) without copying its buffers, and checks
/// its layout: every buffer as long as its length and offset need, offsets within the data.
fn import_array(array: FFI_ArrowArray, schema: &FFI_ArrowSchema) -> ColumnResult<ArrayRef> {
    check_ffi_array(&array, schema)?;
    // SAFETY: `array` and `schema` were moved out of their producer's capsules (or stream)
    // unreleased, and `array` was made with `schema`; `check_ffi_array` checked what arrow-rs
    // reads before validating. The buffers stay owned by the producer until the returned
    // array (which holds `array`) drops, which releases it.
    let data = unsafe { from_ffi(array, schema) }.map_err(invalid)?;
    data.validate().map_err(invalid)?;
    Ok(make_array(data))
}

fn invalid(e: ArrowError) -> ColumnError {
    ColumnError::malformed(format!("invalid Arrow data: {e}"))
}

fn read_stream(
    stream: &mut FFI_ArrowArrayStream,
    check: fn(&FFI_ArrowSchema) -> ColumnResult<()>,
) -> PyResult<Vec<ArrayRef>> {
    let error = |stream: &mut FFI_ArrowArrayStream, code: c_int| -> PyErr {
        let message = stream
            .get_last_error
            // SAFETY: the producer's own callback on its own unreleased stream: it returns
            // null or a NUL-terminated message that lives until the next call on the stream,
            // and which is copied at once.
            .and_then(|f| unsafe {
                let p = f(stream);
                (!p.is_null()).then(|| CStr::from_ptr(p).to_string_lossy().into_owned())
            })
            .unwrap_or_else(|| format!("error code {code}"));
        PyValueError::new_err(format!("reading the Arrow stream failed: {message}"))
    };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(PyValueError::new_err("released Arrow stream"));
    };
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY: the producer's callback on its own unreleased stream; it fills `schema`, which
    // we then own (released on drop).
    let code = unsafe { get_schema(stream, &mut schema) };
    if code != 0 {
        return Err(error(stream, code));
    }
    check(&schema)?;
    let mut arrays = Vec::new();
    loop {
        let mut array = FFI_ArrowArray::empty();
        // SAFETY: as for `get_schema`; a released `array` marks the end of the stream.
        let code = unsafe { get_next(stream, &mut array) };
        if code != 0 {
            return Err(error(stream, code));
        }
        if array.is_released() {
            break;
        }
        arrays.push(import_array(array, &schema)?);
    }
    Ok(arrays)
}

/// The validity bitmap of an imported array (`None`: no nulls).
fn validity(nulls: Option<&NullBuffer>) -> Option<Bitmap<'_>> {
    nulls.map(|n| Bitmap {
        bits: n.validity(),
        offset: n.offset(),
    })
}

fn mismatch(a: &dyn Array) -> ColumnError {
    ColumnError::malformed(format!(
        "Arrow array of type {} does not have that type's layout",
        a.data_type()
    ))
}

/// The 16-byte views of a `string_view` array, as bytes.
fn views_as_bytes(views: &[u128]) -> &[[u8; 16]] {
    // SAFETY: `[u8; 16]` has the size of `u128`, an alignment (1) no greater, and every bit
    // pattern is valid for both: the same memory, for as long, read as bytes.
    unsafe { std::slice::from_raw_parts(views.as_ptr().cast::<[u8; 16]>(), views.len()) }
}

/// Views the buffers of one imported string array as a [`Strings`].
pub fn chunk(a: &dyn Array) -> ColumnResult<Strings<'_>> {
    let validity = validity(a.nulls());
    Ok(match a.data_type() {
        DataType::Null => Strings::Null { len: a.len() },
        DataType::Utf8 => {
            let s = a.as_string_opt::<i32>().ok_or_else(|| mismatch(a))?;
            Strings::Utf8 {
                offsets: s.value_offsets(),
                data: s.values().as_slice(),
                validity,
            }
        }
        DataType::LargeUtf8 => {
            let s = a.as_string_opt::<i64>().ok_or_else(|| mismatch(a))?;
            Strings::LargeUtf8 {
                offsets: s.value_offsets(),
                data: s.values().as_slice(),
                validity,
            }
        }
        DataType::Utf8View => {
            let s = a.as_string_view_opt().ok_or_else(|| mismatch(a))?;
            Strings::View {
                views: views_as_bytes(s.views()),
                buffers: s.data_buffers().iter().map(Buffer::as_slice).collect(),
                validity,
            }
        }
        DataType::Dictionary(key, _) => {
            macro_rules! dict {
                ($t:ty, $k:ident) => {{
                    let d = a.as_dictionary_opt::<$t>().ok_or_else(|| mismatch(a))?;
                    (Keys::$k(d.keys().values()), d.values())
                }};
            }
            let (keys, values) = match key.as_ref() {
                DataType::Int8 => dict!(Int8Type, I8),
                DataType::UInt8 => dict!(UInt8Type, U8),
                DataType::Int16 => dict!(Int16Type, I16),
                DataType::UInt16 => dict!(UInt16Type, U16),
                DataType::Int32 => dict!(Int32Type, I32),
                DataType::UInt32 => dict!(UInt32Type, U32),
                DataType::Int64 => dict!(Int64Type, I64),
                DataType::UInt64 => dict!(UInt64Type, U64),
                _ => return Err(mismatch(a)),
            };
            Strings::Dict {
                keys,
                validity,
                values: Box::new(chunk(values.as_ref())?),
            }
        }
        _ => return Err(mismatch(a)),
    })
}

/// The values of an imported primitive array of type `T`.
fn values<T: ArrowPrimitiveType>(a: &dyn Array) -> ColumnResult<&[T::Native]> {
    Ok(a.as_primitive_opt::<T>()
        .ok_or_else(|| mismatch(a))?
        .values())
}

/// Views the buffers of one imported integer array as an [`IntChunk`].
fn int_chunk(a: &dyn Array) -> ColumnResult<IntChunk<'_>> {
    let validity = validity(a.nulls());
    Ok(match a.data_type() {
        DataType::Int64 => IntChunk::I64 {
            values: values::<Int64Type>(a)?,
            validity,
        },
        DataType::Int32 => IntChunk::I32 {
            values: values::<Int32Type>(a)?,
            validity,
        },
        DataType::Date32 => IntChunk::I32 {
            values: values::<Date32Type>(a)?,
            validity,
        },
        _ => return Err(mismatch(a)),
    })
}

// ---------------------------------------------------------------------------------------
// Export

/// A finished column as arrow-rs array data over the given buffers (no copy: a `Vec` becomes
/// a [`Buffer`] in place). `validity`: a bitmap, `None` when no row is null. The layout is
/// checked (as for any array data made safely).
pub fn array_data(
    data_type: DataType,
    len: usize,
    validity: Option<Vec<u8>>,
    buffers: Vec<Buffer>,
) -> ColumnResult<ArrayData> {
    ArrayData::try_new(
        data_type,
        len,
        validity.map(Buffer::from_vec),
        0,
        buffers,
        Vec::new(),
    )
    .map_err(|e| ColumnError::malformed(format!("could not make the Arrow result column: {e}")))
}

/// The exported schema of a result column: its type, a name, nullable.
pub fn export_schema(data_type: &DataType, name: &str) -> ColumnResult<FFI_ArrowSchema> {
    FFI_ArrowSchema::try_from(data_type)
        .and_then(|s| s.with_name(name))
        .and_then(|s| s.with_flags(Flags::NULLABLE))
        .map_err(export_error)
}

/// `(schema_capsule, array_capsule)` for `__arrow_c_array__`.
pub fn export_pair(py: Python<'_>, data: ArrayData) -> PyResult<Bound<'_, PyTuple>> {
    let schema = export_schema(data.data_type(), "")?;
    let array = FFI_ArrowArray::new(&data);
    let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
    let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
    PyTuple::new(py, [schema, array])
}

fn export_error(e: ArrowError) -> ColumnError {
    ColumnError::malformed(format!("could not export the Arrow result column: {e}"))
}

/// The private state of an exported stream: one array, handed out once.
///
/// arrow-rs exports streams of record batches only (`FFI_ArrowArrayStream::new` makes
/// struct arrays); a result column is a plain array, so its one-batch stream has the four
/// callbacks below, over arrow-rs's structs. They are called by the consumer, on one thread
/// at a time, with a stream that [`export_stream`] made and that is not released.
struct OneArray {
    data_type: DataType,
    array: Option<ArrayData>,
}

/// `get_schema`: writes the stream's schema to `out`.
///
/// # Safety
/// `stream` as above; `out` valid for writing an `ArrowSchema` (not a live one: it is
/// overwritten without being released).
unsafe extern "C" fn stream_get_schema(
    stream: *mut FFI_ArrowArrayStream,
    out: *mut FFI_ArrowSchema,
) -> c_int {
    // SAFETY: the stream's `private_data` is the `Box<OneArray>` that `export_stream` leaked
    // (freed only by `stream_release`); `out` is valid for writing, and the consumer owns
    // the schema written there.
    unsafe {
        let state = &*(*stream).private_data.cast::<OneArray>();
        match export_schema(&state.data_type, "") {
            Ok(schema) => {
                out.write(schema);
                0
            }
            Err(_) => EINVAL,
        }
    }
}

/// `get_next`: writes the stream's array to `out` the first time, then a released array
/// (the end of the stream).
///
/// # Safety
/// As for [`stream_get_schema`], with `out` valid for writing an `ArrowArray`.
unsafe extern "C" fn stream_get_next(
    stream: *mut FFI_ArrowArrayStream,
    out: *mut FFI_ArrowArray,
) -> c_int {
    // SAFETY: as in `stream_get_schema`; the consumer calls on one thread at a time, so
    // the state is borrowed mutably by this call alone.
    unsafe {
        let state = &mut *(*stream).private_data.cast::<OneArray>();
        out.write(match state.array.take() {
            Some(data) => FFI_ArrowArray::new(&data),
            None => FFI_ArrowArray::empty(),
        });
    }
    0
}

/// `get_last_error`: no message (the calls above fail only with `EINVAL`).
extern "C" fn stream_get_last_error(_: *mut FFI_ArrowArrayStream) -> *const c_char {
    std::ptr::null()
}

/// `release`: frees the stream's state (and the array if it was never taken), and marks
/// the stream released.
///
/// # Safety
/// `stream` as above; called once (by the consumer, or by `FFI_ArrowArrayStream`'s drop).
unsafe extern "C" fn stream_release(stream: *mut FFI_ArrowArrayStream) {
    if stream.is_null() {
        return;
    }
    // SAFETY: a stream that `export_stream` made, not yet released: `private_data` is its
    // leaked `Box<OneArray>`, freed once, here; `release` is cleared so that nothing calls
    // it again.
    unsafe {
        let s = &mut *stream;
        drop(Box::from_raw(s.private_data.cast::<OneArray>()));
        s.private_data = std::ptr::null_mut();
        s.release = None;
    }
}

/// `EINVAL` (22 on every platform), the C stream interface's code for a failed call.
const EINVAL: c_int = 22;

/// A stream capsule for `__arrow_c_stream__`, with the column as its one batch.
pub fn export_stream(py: Python<'_>, data: ArrayData) -> PyResult<Bound<'_, PyAny>> {
    let state = Box::new(OneArray {
        data_type: data.data_type().clone(),
        array: Some(data),
    });
    let stream = FFI_ArrowArrayStream {
        get_schema: Some(stream_get_schema),
        get_next: Some(stream_get_next),
        get_last_error: Some(stream_get_last_error),
        release: Some(stream_release),
        private_data: Box::into_raw(state).cast(),
    };
    Ok(PyCapsule::new_with_value(py, stream, c"arrow_array_stream")?.into_any())
}
