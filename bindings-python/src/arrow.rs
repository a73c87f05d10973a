//! The Arrow C data interface, both ways, for string columns in and result columns out.
//!
//! Import: `__arrow_c_array__` / `__arrow_c_stream__` PyCapsules (pyarrow, polars, pandas,
//! nanoarrow, duckdb...) holding `utf8`, `large_utf8`, `string_view`, `null` or
//! dictionary-of-string arrays; and, for the claim tables, `int64`, `int32` and `date32`
//! arrays. The buffers are read in place: no Python string is made.
//! Export: a finished result column as an `ArrowArray` whose release callback frees the
//! Rust buffers. See <https://arrow.apache.org/docs/format/CDataInterface.html>.

use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::ptr;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::column::{Bitmap, Chunk, IntChunk, Keys};

#[repr(C)]
pub struct FfiSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut FfiSchema,
    dictionary: *mut FfiSchema,
    release: Option<unsafe extern "C" fn(*mut FfiSchema)>,
    private_data: *mut c_void,
}

#[repr(C)]
pub struct FfiArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut FfiArray,
    dictionary: *mut FfiArray,
    release: Option<unsafe extern "C" fn(*mut FfiArray)>,
    private_data: *mut c_void,
}

#[repr(C)]
struct FfiStream {
    get_schema: Option<unsafe extern "C" fn(*mut FfiStream, *mut FfiSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut FfiStream, *mut FfiArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut FfiStream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut FfiStream)>,
    private_data: *mut c_void,
}

impl FfiSchema {
    const fn empty() -> FfiSchema {
        FfiSchema {
            format: ptr::null(),
            name: ptr::null(),
            metadata: ptr::null(),
            flags: 0,
            n_children: 0,
            children: ptr::null_mut(),
            dictionary: ptr::null_mut(),
            release: None,
            private_data: ptr::null_mut(),
        }
    }
}

impl FfiArray {
    const fn empty() -> FfiArray {
        FfiArray {
            length: 0,
            null_count: 0,
            offset: 0,
            n_buffers: 0,
            n_children: 0,
            buffers: ptr::null_mut(),
            children: ptr::null_mut(),
            dictionary: ptr::null_mut(),
            release: None,
            private_data: ptr::null_mut(),
        }
    }
}

/// A schema moved out of its producer; released on drop.
struct OwnedSchema(Box<FfiSchema>);

impl Drop for OwnedSchema {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: the producer's release callback, called once on the struct it filled.
            unsafe { release(&mut *self.0) }
        }
    }
}

/// An array moved out of its producer; released on drop.
struct OwnedArray(Box<FfiArray>);

impl Drop for OwnedArray {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: as for `OwnedSchema`.
            unsafe { release(&mut *self.0) }
        }
    }
}

/// The logical type of an imported string column.
#[derive(Clone, Debug)]
pub enum StrType {
    Utf8,
    LargeUtf8,
    View,
    Null,
    Dict { keys: KeyType, values: Box<StrType> },
}

#[derive(Clone, Copy, Debug)]
pub enum KeyType {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
}

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

/// Reads a schema's type, accepting only what can hold codes.
///
/// # Safety
/// `schema` must be a valid, unreleased Arrow schema.
unsafe fn str_type(schema: &FfiSchema) -> PyResult<StrType> {
    if schema.format.is_null() {
        return Err(PyValueError::new_err("Arrow schema without a format"));
    }
    let format = CStr::from_ptr(schema.format).to_string_lossy();
    if !schema.dictionary.is_null() {
        let keys = match &*format {
            "c" => KeyType::I8,
            "C" => KeyType::U8,
            "s" => KeyType::I16,
            "S" => KeyType::U16,
            "i" => KeyType::I32,
            "I" => KeyType::U32,
            "l" => KeyType::I64,
            "L" => KeyType::U64,
            other => {
                return Err(PyTypeError::new_err(format!(
                    "Arrow dictionary with {} keys is not supported",
                    describe_format(other)
                )))
            }
        };
        let values = str_type(&*schema.dictionary)?;
        if matches!(values, StrType::Dict { .. }) {
            return Err(PyTypeError::new_err(
                "Arrow dictionary of dictionaries is not supported",
            ));
        }
        return Ok(StrType::Dict {
            keys,
            values: Box::new(values),
        });
    }
    match &*format {
        "u" => Ok(StrType::Utf8),
        "U" => Ok(StrType::LargeUtf8),
        "vu" => Ok(StrType::View),
        "n" => Ok(StrType::Null),
        other => Err(PyTypeError::new_err(format!(
            "expected a column of strings, got an Arrow column of {}",
            describe_format(other)
        ))),
    }
}

/// The width of an imported integer column: `int64`, or `int32` and `date32` (days since
/// 1970).
#[derive(Clone, Copy, Debug)]
pub enum IntType {
    I32,
    I64,
}

/// Reads a schema's type, accepting only `int64`, `int32` and `date32`.
///
/// # Safety
/// `schema` must be a valid, unreleased Arrow schema.
unsafe fn int_type(schema: &FfiSchema) -> PyResult<IntType> {
    if schema.format.is_null() {
        return Err(PyValueError::new_err("Arrow schema without a format"));
    }
    let format = CStr::from_ptr(schema.format).to_string_lossy();
    match &*format {
        _ if !schema.dictionary.is_null() => Err(PyTypeError::new_err(
            "expected a column of integers, got an Arrow dictionary",
        )),
        "l" => Ok(IntType::I64),
        "i" | "tdD" => Ok(IntType::I32),
        other => Err(PyTypeError::new_err(format!(
            "expected a column of int64, int32 or date32, got an Arrow column of {}",
            describe_format(other)
        ))),
    }
}

/// Imported Arrow data of type `T` ([`StrType`] or [`IntType`]): the owners of the buffers
/// that the chunks point into.
pub struct Imported<T = StrType> {
    _schema: OwnedSchema,
    arrays: Vec<OwnedArray>,
    ty: T,
}

// SAFETY: the buffers are plain memory owned by the producer until release; the structs are
// only read (and released once, on drop).
unsafe impl<T: Send> Send for Imported<T> {}
unsafe impl<T: Sync> Sync for Imported<T> {}

impl Imported<StrType> {
    /// The chunks, borrowing the imported buffers.
    pub fn chunks(&self) -> PyResult<Vec<Chunk<'_>>> {
        self.arrays
            .iter()
            // SAFETY: every array was produced with the schema `ty` was read from.
            .map(|a| unsafe { chunk(&a.0, &self.ty) })
            .collect()
    }
}

impl Imported<IntType> {
    /// The chunks, borrowing the imported buffers.
    pub fn chunks(&self) -> PyResult<Vec<IntChunk<'_>>> {
        self.arrays
            .iter()
            // SAFETY: every array was produced with the schema `ty` was read from.
            .map(|a| unsafe { int_chunk(&a.0, self.ty) })
            .collect()
    }
}

/// Views the buffers of one integer array as an [`IntChunk`].
///
/// # Safety
/// `a` must be a valid, unreleased array of type `ty`, living as long as the chunk.
unsafe fn int_chunk(a: &FfiArray, ty: IntType) -> PyResult<IntChunk<'_>> {
    if a.length < 0 || a.offset < 0 {
        return Err(PyValueError::new_err(
            "Arrow array with a negative length or offset",
        ));
    }
    let (offset, len) = (a.offset as usize, a.length as usize);
    let validity = validity(a)?;
    Ok(match ty {
        IntType::I32 => IntChunk::I32 {
            values: &buffer::<i32>(a, 1, offset + len)?[offset..],
            validity,
        },
        IntType::I64 => IntChunk::I64 {
            values: &buffer::<i64>(a, 1, offset + len)?[offset..],
            validity,
        },
    })
}

/// Takes the struct out of a capsule, leaving a released (empty) one behind, as the
/// PyCapsule protocol asks of consumers.
///
/// # Safety
/// `T` must be the struct the capsule named `name` holds.
unsafe fn take_capsule<T>(capsule: &Bound<'_, PyAny>, name: &CStr, empty: T) -> PyResult<Box<T>> {
    let p = ffi::PyCapsule_GetPointer(capsule.as_ptr(), name.as_ptr());
    if p.is_null() {
        return Err(PyErr::fetch(capsule.py()));
    }
    let p = p as *mut T;
    let taken = ptr::replace(p, empty);
    Ok(Box::new(taken))
}

/// Imports `obj.__arrow_c_array__()` or `obj.__arrow_c_stream__()`, whichever it has
/// (`None` when it has neither), as a column of strings.
pub fn import(obj: &Bound<'_, PyAny>) -> PyResult<Option<Imported>> {
    import_as(obj, str_type)
}

/// As [`import`], for a column of `int64`, `int32` or `date32`.
pub fn import_ints(obj: &Bound<'_, PyAny>) -> PyResult<Option<Imported<IntType>>> {
    import_as(obj, int_type)
}

/// Imports `obj`'s Arrow data, reading (and so checking) its type with `read_type`.
fn import_as<T>(
    obj: &Bound<'_, PyAny>,
    read_type: unsafe fn(&FfiSchema) -> PyResult<T>,
) -> PyResult<Option<Imported<T>>> {
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
        // SAFETY: the capsule names guarantee the struct types.
        let schema = OwnedSchema(unsafe {
            take_capsule(&pair.get_item(0)?, c"arrow_schema", FfiSchema::empty())?
        });
        let array = OwnedArray(unsafe {
            take_capsule(&pair.get_item(1)?, c"arrow_array", FfiArray::empty())?
        });
        // SAFETY: freshly imported, not released.
        let ty = unsafe { read_type(&schema.0)? };
        return Ok(Some(Imported {
            _schema: schema,
            arrays: vec![array],
            ty,
        }));
    }
    if let Ok(method) = obj.getattr(pyo3::intern!(py, "__arrow_c_stream__")) {
        let capsule = method.call0()?;
        // SAFETY: the capsule name guarantees the struct type.
        let mut stream = unsafe { take_capsule(&capsule, c"arrow_array_stream", empty_stream())? };
        // The producer may need the GIL (some are written in Python): keep it.
        let result = read_stream(&mut stream, read_type);
        if let Some(release) = stream.release {
            // SAFETY: the producer's release callback, called once.
            unsafe { release(&mut *stream) }
        }
        return result.map(Some);
    }
    Ok(None)
}

fn empty_stream() -> FfiStream {
    FfiStream {
        get_schema: None,
        get_next: None,
        get_last_error: None,
        release: None,
        private_data: ptr::null_mut(),
    }
}

struct StreamError(String);

impl From<StreamError> for PyErr {
    fn from(e: StreamError) -> PyErr {
        PyValueError::new_err(e.0)
    }
}

fn read_stream<T>(
    stream: &mut FfiStream,
    read_type: unsafe fn(&FfiSchema) -> PyResult<T>,
) -> PyResult<Imported<T>> {
    let error = |stream: &mut FfiStream, code: c_int| -> PyErr {
        let message = stream
            .get_last_error
            // SAFETY: the producer's callback; the message lives until the next call.
            .map(|f| unsafe { f(stream) })
            .filter(|p| !p.is_null())
            // SAFETY: a NUL-terminated string from the producer.
            .map(|p| unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
            .unwrap_or_else(|| format!("error code {code}"));
        StreamError(format!("reading the Arrow stream failed: {message}")).into()
    };
    let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
        return Err(StreamError("released Arrow stream".into()).into());
    };
    let mut schema = OwnedSchema(Box::new(FfiSchema::empty()));
    // SAFETY: the producer fills `schema`, which we then own.
    let code = unsafe { get_schema(stream, &mut *schema.0) };
    if code != 0 {
        return Err(error(stream, code));
    }
    // SAFETY: just filled.
    let ty = unsafe { read_type(&schema.0)? };
    let mut arrays = Vec::new();
    loop {
        let mut array = Box::new(FfiArray::empty());
        // SAFETY: the producer fills `array`, which we then own.
        let code = unsafe { get_next(stream, &mut *array) };
        if code != 0 {
            return Err(error(stream, code));
        }
        if array.release.is_none() {
            break;
        }
        arrays.push(OwnedArray(array));
    }
    Ok(Imported {
        _schema: schema,
        arrays,
        ty,
    })
}

/// # Safety
/// `a` must be a valid array of type `ty`.
unsafe fn buffer<T>(a: &FfiArray, i: usize, len: usize) -> PyResult<&[T]> {
    if (a.n_buffers as usize) <= i || a.buffers.is_null() {
        return Err(PyValueError::new_err("Arrow array has too few buffers"));
    }
    let p = *a.buffers.add(i) as *const T;
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(PyValueError::new_err("Arrow array has a null data buffer"));
    }
    Ok(std::slice::from_raw_parts(p, len))
}

/// # Safety
/// As for [`buffer`].
unsafe fn validity(a: &FfiArray) -> PyResult<Option<Bitmap<'_>>> {
    let (offset, len) = (a.offset as usize, a.length as usize);
    if a.null_count == 0 || a.n_buffers == 0 || a.buffers.is_null() || (*a.buffers).is_null() {
        return Ok(None);
    }
    let bits = buffer::<u8>(a, 0, (offset + len).div_ceil(8))?;
    Ok(Some(Bitmap { bits, offset }))
}

/// Views the buffers of one array as a [`Chunk`].
///
/// # Safety
/// `a` must be a valid, unreleased array of type `ty`, living as long as the chunk.
unsafe fn chunk<'a>(a: &'a FfiArray, ty: &StrType) -> PyResult<Chunk<'a>> {
    if a.length < 0 || a.offset < 0 {
        return Err(PyValueError::new_err(
            "Arrow array with a negative length or offset",
        ));
    }
    let (offset, len) = (a.offset as usize, a.length as usize);
    Ok(match ty {
        StrType::Null => Chunk::Null { len },
        StrType::Utf8 => {
            let offsets = &buffer::<i32>(a, 1, offset + len + 1)?[offset..];
            let end = offsets.last().copied().unwrap_or(0).max(0) as usize;
            Chunk::Utf8 {
                offsets,
                data: buffer::<u8>(a, 2, end)?,
                validity: validity(a)?,
            }
        }
        StrType::LargeUtf8 => {
            let offsets = &buffer::<i64>(a, 1, offset + len + 1)?[offset..];
            let end = offsets.last().copied().unwrap_or(0).max(0) as usize;
            Chunk::LargeUtf8 {
                offsets,
                data: buffer::<u8>(a, 2, end)?,
                validity: validity(a)?,
            }
        }
        StrType::View => {
            let views = &buffer::<[u8; 16]>(a, 1, offset + len)?[offset..];
            // Buffers: validity, views, the data buffers, then their sizes (int64).
            let n_data = (a.n_buffers as usize).saturating_sub(3);
            let sizes = buffer::<i64>(a, 2 + n_data, n_data)?;
            let mut buffers = Vec::with_capacity(n_data);
            for (k, &size) in sizes.iter().enumerate() {
                buffers.push(buffer::<u8>(a, 2 + k, size.max(0) as usize)?);
            }
            Chunk::View {
                views,
                buffers,
                validity: validity(a)?,
            }
        }
        StrType::Dict { keys, values } => {
            if a.dictionary.is_null() {
                return Err(PyValueError::new_err(
                    "Arrow dictionary array without its dictionary",
                ));
            }
            let valid = validity(a)?;
            let k = match keys {
                KeyType::I8 => Keys::I8(&buffer::<i8>(a, 1, offset + len)?[offset..]),
                KeyType::U8 => Keys::U8(&buffer::<u8>(a, 1, offset + len)?[offset..]),
                KeyType::I16 => Keys::I16(&buffer::<i16>(a, 1, offset + len)?[offset..]),
                KeyType::U16 => Keys::U16(&buffer::<u16>(a, 1, offset + len)?[offset..]),
                KeyType::I32 => Keys::I32(&buffer::<i32>(a, 1, offset + len)?[offset..]),
                KeyType::U32 => Keys::U32(&buffer::<u32>(a, 1, offset + len)?[offset..]),
                KeyType::I64 => Keys::I64(&buffer::<i64>(a, 1, offset + len)?[offset..]),
                KeyType::U64 => Keys::U64(&buffer::<u64>(a, 1, offset + len)?[offset..]),
            };
            Chunk::Dict {
                keys: k,
                validity: valid,
                values: Box::new(chunk(&*a.dictionary, values)?),
            }
        }
    })
}

// ---------------------------------------------------------------------------------------
// Export

/// One exported buffer, 8-byte aligned as the C data interface asks.
pub enum Buf {
    /// A byte vector whose allocation happens to be aligned (the usual case).
    Bytes(Vec<u8>),
    /// A copy into 8-byte words, for one that is not.
    Words(Vec<u64>),
}

impl Buf {
    pub fn new(bytes: Vec<u8>) -> Buf {
        if bytes.is_empty() || bytes.as_ptr() as usize % 8 == 0 {
            return Buf::Bytes(bytes);
        }
        let mut words = vec![0u64; bytes.len().div_ceil(8)];
        for (w, c) in words.iter_mut().zip(bytes.chunks(8)) {
            let mut b = [0u8; 8];
            b[..c.len()].copy_from_slice(c);
            *w = u64::from_ne_bytes(b);
        }
        Buf::Words(words)
    }

    fn pointer(&self) -> *const c_void {
        match self {
            Buf::Bytes(b) if b.is_empty() => ptr::null(),
            Buf::Bytes(b) => b.as_ptr() as *const c_void,
            Buf::Words(w) => w.as_ptr() as *const c_void,
        }
    }
}

/// The data of an exported array, kept alive until the consumer releases it.
struct ExportData {
    buffers: Vec<Buf>,
    pointers: Vec<*const c_void>,
}

unsafe extern "C" fn release_array(array: *mut FfiArray) {
    if array.is_null() {
        return;
    }
    let a = &mut *array;
    if !a.private_data.is_null() {
        drop(Box::from_raw(a.private_data as *mut ExportData));
    }
    a.private_data = ptr::null_mut();
    a.release = None;
}

struct SchemaData {
    format: CString,
    name: CString,
}

unsafe extern "C" fn release_schema(schema: *mut FfiSchema) {
    if schema.is_null() {
        return;
    }
    let s = &mut *schema;
    if !s.private_data.is_null() {
        drop(Box::from_raw(s.private_data as *mut SchemaData));
    }
    s.private_data = ptr::null_mut();
    s.release = None;
}

/// A finished column in Arrow layout: its format and buffers (validity first; an empty
/// validity buffer means no nulls).
pub struct ArrowLayout {
    pub format: &'static str,
    pub len: usize,
    pub null_count: usize,
    pub buffers: Vec<Buf>,
}

fn new_schema(format: &str) -> FfiSchema {
    let data = Box::new(SchemaData {
        format: CString::new(format).unwrap_or_default(),
        name: CString::default(),
    });
    FfiSchema {
        format: data.format.as_ptr(),
        name: data.name.as_ptr(),
        metadata: ptr::null(),
        flags: 2, // ARROW_FLAG_NULLABLE
        n_children: 0,
        children: ptr::null_mut(),
        dictionary: ptr::null_mut(),
        release: Some(release_schema),
        private_data: Box::into_raw(data) as *mut c_void,
    }
}

fn new_array(layout: ArrowLayout) -> FfiArray {
    let mut data = Box::new(ExportData {
        buffers: layout.buffers,
        pointers: Vec::new(),
    });
    data.pointers = data.buffers.iter().map(Buf::pointer).collect();
    // Data buffers may not be null even when empty.
    for (i, p) in data.pointers.iter_mut().enumerate() {
        if i > 0 && p.is_null() {
            *p = EMPTY.as_ptr() as *const c_void;
        }
    }
    FfiArray {
        length: layout.len as i64,
        null_count: layout.null_count as i64,
        offset: 0,
        n_buffers: data.pointers.len() as i64,
        n_children: 0,
        buffers: data.pointers.as_mut_ptr(),
        children: ptr::null_mut(),
        dictionary: ptr::null_mut(),
        release: Some(release_array),
        private_data: Box::into_raw(data) as *mut c_void,
    }
}

/// Zeroes with 8-byte alignment, for empty buffers.
static EMPTY: [u64; 2] = [0; 2];

unsafe extern "C" fn capsule_schema_destructor(capsule: *mut ffi::PyObject) {
    let p = ffi::PyCapsule_GetPointer(capsule, c"arrow_schema".as_ptr()) as *mut FfiSchema;
    if p.is_null() {
        ffi::PyErr_Clear();
        return;
    }
    if let Some(release) = (*p).release {
        release(p);
    }
    drop(Box::from_raw(p));
}

unsafe extern "C" fn capsule_array_destructor(capsule: *mut ffi::PyObject) {
    let p = ffi::PyCapsule_GetPointer(capsule, c"arrow_array".as_ptr()) as *mut FfiArray;
    if p.is_null() {
        ffi::PyErr_Clear();
        return;
    }
    if let Some(release) = (*p).release {
        release(p);
    }
    drop(Box::from_raw(p));
}

fn capsule<'py, T>(
    py: Python<'py>,
    value: T,
    name: &'static CStr,
    destructor: unsafe extern "C" fn(*mut ffi::PyObject),
) -> PyResult<Bound<'py, PyAny>> {
    let p = Box::into_raw(Box::new(value));
    // SAFETY: `p` is a live allocation; the destructor frees it with the matching type.
    unsafe {
        let c = ffi::PyCapsule_New(p as *mut c_void, name.as_ptr(), Some(destructor));
        if c.is_null() {
            drop(Box::from_raw(p));
            return Err(PyErr::fetch(py));
        }
        Ok(Bound::from_owned_ptr(py, c))
    }
}

/// `(schema_capsule, array_capsule)` for `__arrow_c_array__`.
pub fn export_pair(py: Python<'_>, layout: ArrowLayout) -> PyResult<Bound<'_, PyTuple>> {
    let schema = capsule(
        py,
        new_schema(layout.format),
        c"arrow_schema",
        capsule_schema_destructor,
    )?;
    let array = capsule(
        py,
        new_array(layout),
        c"arrow_array",
        capsule_array_destructor,
    )?;
    PyTuple::new(py, [schema, array])
}

/// The private state of an exported stream: one array, handed out once.
struct StreamData {
    format: &'static str,
    array: Option<FfiArray>,
}

unsafe extern "C" fn stream_get_schema(stream: *mut FfiStream, out: *mut FfiSchema) -> c_int {
    let data = &*((*stream).private_data as *const StreamData);
    ptr::write(out, new_schema(data.format));
    0
}

unsafe extern "C" fn stream_get_next(stream: *mut FfiStream, out: *mut FfiArray) -> c_int {
    let data = &mut *((*stream).private_data as *mut StreamData);
    match data.array.take() {
        Some(a) => ptr::write(out, a),
        None => ptr::write(out, FfiArray::empty()),
    }
    0
}

unsafe extern "C" fn stream_get_last_error(_: *mut FfiStream) -> *const c_char {
    ptr::null()
}

unsafe extern "C" fn stream_release(stream: *mut FfiStream) {
    if stream.is_null() {
        return;
    }
    let s = &mut *stream;
    if !s.private_data.is_null() {
        let mut data = Box::from_raw(s.private_data as *mut StreamData);
        if let Some(mut a) = data.array.take() {
            if let Some(release) = a.release {
                release(&mut a);
            }
        }
    }
    s.private_data = ptr::null_mut();
    s.release = None;
}

unsafe extern "C" fn capsule_stream_destructor(capsule: *mut ffi::PyObject) {
    let p = ffi::PyCapsule_GetPointer(capsule, c"arrow_array_stream".as_ptr()) as *mut FfiStream;
    if p.is_null() {
        ffi::PyErr_Clear();
        return;
    }
    if let Some(release) = (*p).release {
        release(p);
    }
    drop(Box::from_raw(p));
}

/// A stream capsule for `__arrow_c_stream__`, with the column as its one batch.
pub fn export_stream(py: Python<'_>, layout: ArrowLayout) -> PyResult<Bound<'_, PyAny>> {
    let data = Box::new(StreamData {
        format: layout.format,
        array: Some(new_array(layout)),
    });
    let stream = FfiStream {
        get_schema: Some(stream_get_schema),
        get_next: Some(stream_get_next),
        get_last_error: Some(stream_get_last_error),
        release: Some(stream_release),
        private_data: Box::into_raw(data) as *mut c_void,
    };
    capsule(py, stream, c"arrow_array_stream", capsule_stream_destructor)
}
