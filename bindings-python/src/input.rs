//! Reading a column argument: Arrow (C data interface), numpy arrays (through
//! `__array_interface__`: unicode, bytes and object dtypes) and lists/tuples of `str`.
//! Python `str` objects are read in place (their UTF-8) and copied into one buffer, so the
//! work itself runs without the GIL.

use std::ffi::c_char;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::arrow::{self, Imported};
use crate::column::{OwnedStrings, Strings};
use crate::errors::type_name;

extern "C" {
    // In the limited API from 3.10, and exported (with this signature) by every CPython 3.
    // pyo3-ffi only declares it for abi3-py310 and up, so the abi3-py39 build declares it here.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut ffi::PyObject,
        size: *mut ffi::Py_ssize_t,
    ) -> *const c_char;
}

/// The UTF-8 of a `str` (borrowed from the object, which caches it), or `None` when it
/// has none (lone surrogates).
///
/// # Safety
/// `obj` must be a live `str` object and the GIL held; the slice lives as long as `obj`.
#[inline]
pub unsafe fn utf8_of<'a>(obj: *mut ffi::PyObject) -> Option<&'a [u8]> {
    let mut size: ffi::Py_ssize_t = 0;
    let p = PyUnicode_AsUTF8AndSize(obj, &mut size);
    if p.is_null() {
        ffi::PyErr_Clear();
        return None;
    }
    Some(std::slice::from_raw_parts(p as *const u8, size as usize))
}

/// A `str` argument's text, read in place.
pub fn str_arg<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<std::borrow::Cow<'a, str>> {
    let s = obj.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!("{what} must be a str, not {}", type_name(obj)))
    })?;
    // SAFETY: a live str; the bytes live as long as `obj`.
    match unsafe { utf8_of(s.as_ptr()) } {
        // SAFETY: CPython's UTF-8 of a str is valid UTF-8.
        Some(b) => Ok(std::borrow::Cow::Borrowed(unsafe {
            std::str::from_utf8_unchecked(b)
        })),
        None => Ok(std::borrow::Cow::Owned(s.to_string_lossy().into_owned())),
    }
}

/// Everything a column kernel reads, kept alive for the call.
pub enum Source<'py> {
    Arrow(Imported),
    Owned(OwnedStrings),
    /// numpy `S<n>`, read in place from the array (kept alive by `_array`).
    Fixed {
        _array: Bound<'py, PyAny>,
        data: &'py [u8],
        width: usize,
    },
}

impl Source<'_> {
    pub fn chunks(&self) -> PyResult<Vec<Strings<'_>>> {
        match self {
            Source::Arrow(a) => Ok(a.chunks()?),
            Source::Owned(o) => Ok(vec![o.strings()]),
            Source::Fixed { data, width, .. } => Ok(vec![Strings::Fixed {
                data,
                width: *width,
            }]),
        }
    }
}

/// Objects other than `None` and float NaN that stand for a missing value (pandas.NA...),
/// compared by identity.
pub struct Nulls(Vec<*mut ffi::PyObject>);

impl Nulls {
    pub fn new(tuple: Option<&Bound<'_, PyTuple>>) -> Nulls {
        Nulls(tuple.map_or_else(Vec::new, |t| t.iter().map(|o| o.as_ptr()).collect()))
    }

    /// Whether `obj` is one of them.
    pub fn contains(&self, obj: *mut ffi::PyObject) -> bool {
        self.0.contains(&obj)
    }
}

/// Copies one element (a `str`, or a missing value) into `out`.
///
/// # Safety
/// `obj` must be a live object and the GIL held.
#[inline]
unsafe fn push_object(
    py: Python<'_>,
    out: &mut OwnedStrings,
    obj: *mut ffi::PyObject,
    index: usize,
    nulls: &Nulls,
) -> PyResult<()> {
    let ty = ffi::Py_TYPE(obj);
    if ty == std::ptr::addr_of_mut!(ffi::PyUnicode_Type) || ffi::PyUnicode_Check(obj) != 0 {
        match utf8_of(obj) {
            Some(b) => out.push(b),
            // Lone surrogates: no UTF-8, so no code; the core rejects the replacement.
            None => out.push("\u{FFFD}".as_bytes()),
        }
        return Ok(());
    }
    if obj == ffi::Py_None() || nulls.0.contains(&obj) {
        out.push_null();
        return Ok(());
    }
    if ffi::PyFloat_Check(obj) != 0 && ffi::PyFloat_AsDouble(obj).is_nan() {
        out.push_null();
        return Ok(());
    }
    let item = Bound::from_borrowed_ptr(py, obj);
    let shown = item
        .repr()
        .map(|r| r.to_string_lossy().chars().take(40).collect::<String>())
        .unwrap_or_default();
    Err(PyTypeError::new_err(format!(
        "codes[{index}] is {} ({shown}): expected a str, or None/NaN for a missing code",
        type_name(&item)
    )))
}

/// How many items ahead the loops over Python objects prefetch: the objects lie scattered
/// over the heap, and reading them one miss at a time is what makes such loops slow.
const AHEAD: usize = 16;

/// Starts loading an object's header and the first bytes of its text.
#[inline(always)]
fn prefetch_object(obj: *mut ffi::PyObject) {
    medcodes::memory::prefetch(obj);
    medcodes::memory::prefetch(obj.cast::<u8>().wrapping_add(64));
}

fn from_list(list: &Bound<'_, PyList>, nulls: &Nulls) -> PyResult<OwnedStrings> {
    let py = list.py();
    let n = list.len();
    let mut out = OwnedStrings::with_capacity(n);
    for i in 0..n {
        // SAFETY: GIL held; `i` in bounds; the borrowed item lives while the list holds it,
        // and nothing here runs Python code that could change the list.
        unsafe {
            if i + AHEAD < n {
                prefetch_object(ffi::PyList_GetItem(
                    list.as_ptr(),
                    (i + AHEAD) as ffi::Py_ssize_t,
                ));
            }
            let item = ffi::PyList_GetItem(list.as_ptr(), i as ffi::Py_ssize_t);
            if item.is_null() {
                return Err(PyErr::fetch(py));
            }
            push_object(py, &mut out, item, i, nulls)?;
        }
    }
    out.finish();
    Ok(out)
}

fn from_tuple(tuple: &Bound<'_, PyTuple>, nulls: &Nulls) -> PyResult<OwnedStrings> {
    let py = tuple.py();
    let n = tuple.len();
    let mut out = OwnedStrings::with_capacity(n);
    for i in 0..n {
        // SAFETY: as for lists; tuples are immutable.
        unsafe {
            if i + AHEAD < n {
                prefetch_object(ffi::PyTuple_GetItem(
                    tuple.as_ptr(),
                    (i + AHEAD) as ffi::Py_ssize_t,
                ));
            }
            let item = ffi::PyTuple_GetItem(tuple.as_ptr(), i as ffi::Py_ssize_t);
            if item.is_null() {
                return Err(PyErr::fetch(py));
            }
            push_object(py, &mut out, item, i, nulls)?;
        }
    }
    out.finish();
    Ok(out)
}

/// A 1-D, C-contiguous numpy array as described by `__array_interface__`.
struct NumpyArray {
    typestr: String,
    ptr: usize,
    len: usize,
}

fn numpy_array(obj: &Bound<'_, PyAny>, interface: &Bound<'_, PyAny>) -> PyResult<NumpyArray> {
    let d = interface
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("__array_interface__ is not a dict"))?;
    let get = |k: &str| -> PyResult<Bound<'_, PyAny>> {
        d.get_item(k)?
            .ok_or_else(|| PyValueError::new_err(format!("__array_interface__ has no {k:?}")))
    };
    let typestr: String = get("typestr")?.extract()?;
    let shape: Vec<usize> = get("shape")?.extract()?;
    let strides = d.get_item("strides")?;
    if shape.len() != 1 || strides.is_some_and(|s| !s.is_none()) {
        return Err(PyValueError::new_err(format!(
            "expected a 1-D contiguous array, got shape {shape:?} ({})",
            type_name(obj)
        )));
    }
    let (ptr, _readonly): (usize, bool) = get("data")?.extract()?;
    Ok(NumpyArray {
        typestr,
        ptr,
        len: shape[0],
    })
}

fn from_numpy<'py>(
    obj: &Bound<'py, PyAny>,
    interface: &Bound<'py, PyAny>,
    nulls: &Nulls,
) -> PyResult<Source<'py>> {
    let py = obj.py();
    let a = numpy_array(obj, interface)?;
    let (kind, width) = a.typestr.split_at(a.typestr.len().min(2));
    let width: usize = width.parse().unwrap_or(0);
    let empty = a.len == 0 || width == 0;
    match kind {
        // UCS-4 code points, NUL-padded.
        "<U" if cfg!(target_endian = "little") => {
            let mut out = OwnedStrings::with_capacity(a.len);
            if !empty {
                // SAFETY: numpy's buffer of `len * width` UCS-4 units, alive while `obj` is.
                let units =
                    unsafe { std::slice::from_raw_parts(a.ptr as *const u32, a.len * width) };
                py.detach(|| {
                    let mut s = String::new();
                    for item in units.chunks(width) {
                        let end = item.iter().rposition(|&u| u != 0).map_or(0, |p| p + 1);
                        s.clear();
                        s.extend(
                            item[..end]
                                .iter()
                                .map(|&u| char::from_u32(u).unwrap_or('\u{FFFD}')),
                        );
                        out.push(s.as_bytes());
                    }
                });
            } else {
                for _ in 0..a.len {
                    out.push(b"");
                }
            }
            out.finish();
            Ok(Source::Owned(out))
        }
        "|S" if !empty => Ok(Source::Fixed {
            _array: obj.clone(),
            // SAFETY: numpy's buffer of `len * width` bytes, alive while the array is (kept
            // in the Source).
            data: unsafe { std::slice::from_raw_parts(a.ptr as *const u8, a.len * width) },
            width,
        }),
        "|S" => {
            let mut out = OwnedStrings::with_capacity(a.len);
            for _ in 0..a.len {
                out.push(b"");
            }
            out.finish();
            Ok(Source::Owned(out))
        }
        "|O" => {
            let mut out = OwnedStrings::with_capacity(a.len);
            if a.len > 0 {
                // SAFETY: numpy's buffer of `len` object pointers, alive while `obj` is.
                let items = unsafe {
                    std::slice::from_raw_parts(a.ptr as *const *mut ffi::PyObject, a.len)
                };
                for (i, &item) in items.iter().enumerate() {
                    if let Some(&next) = items.get(i + AHEAD) {
                        prefetch_object(next);
                    }
                    if item.is_null() {
                        out.push_null();
                        continue;
                    }
                    // SAFETY: the array holds a reference to each item; GIL held.
                    unsafe { push_object(py, &mut out, item, i, nulls)? };
                }
            }
            out.finish();
            Ok(Source::Owned(out))
        }
        _ => Err(PyTypeError::new_err(format!(
            "expected an array of strings (numpy dtype str, bytes or object), got dtype {:?}",
            a.typestr
        ))),
    }
}

/// The dates of a numpy array: `datetime64` of any unit from days down to nanoseconds
/// (`NaT` missing; a time of day is dropped), or objects (read one by one as
/// [`read_date_object`](crate::dates::read_date_object) does).
pub fn numpy_dates(
    obj: &Bound<'_, PyAny>,
    interface: &Bound<'_, PyAny>,
    nulls: &Nulls,
) -> PyResult<Vec<Option<medcodes::Date>>> {
    let a = numpy_array(obj, interface)?;
    if a.typestr == "|O" {
        let mut out = Vec::with_capacity(a.len);
        if a.len > 0 {
            // SAFETY: numpy's buffer of `len` object pointers, alive while `obj` is.
            let items =
                unsafe { std::slice::from_raw_parts(a.ptr as *const *mut ffi::PyObject, a.len) };
            for (i, &item) in items.iter().enumerate() {
                if item.is_null() {
                    out.push(None);
                    continue;
                }
                // SAFETY: the array holds a reference to the item; GIL held.
                let item = unsafe { Bound::from_borrowed_ptr(obj.py(), item) };
                out.push(
                    crate::dates::read_date_object(&item, nulls)
                        .map_err(|e| crate::dates::at_row(obj.py(), e, i))?,
                );
            }
        }
        return Ok(out);
    }
    // `<M8[D]`, `<M8[s]`, `<M8[ns]`...: int64 counts of the unit since 1970.
    let per_day: i64 = match a
        .typestr
        .strip_prefix("<M8[")
        .and_then(|u| u.strip_suffix(']'))
    {
        Some("D") => 1,
        Some("h") => 24,
        Some("m") => 24 * 60,
        Some("s") => 86_400,
        Some("ms") => 86_400_000,
        Some("us") => 86_400_000_000,
        Some("ns") => 86_400_000_000_000,
        _ => {
            // numpy's name for the dtype (`int64`, `datetime64[M]`), else the typestr.
            let dtype = obj
                .getattr("dtype")
                .and_then(|d| d.str().map(|s| s.to_string()))
                .unwrap_or_else(|_| a.typestr.clone());
            return Err(PyTypeError::new_err(format!(
                "dates must be a numpy datetime64 array (units D to ns) or an object array of \
                 dates, not numpy dtype {dtype}"
            )));
        }
    };
    if a.len == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: numpy's buffer of `len` int64 values, alive while `obj` is.
    let values = unsafe { std::slice::from_raw_parts(a.ptr as *const i64, a.len) };
    Ok(values
        .iter()
        .map(|&v| {
            // NaT is the smallest int64.
            (v != i64::MIN).then(|| medcodes::Date::from_days_since_epoch(v.div_euclid(per_day)))
        })
        .collect())
}

/// Reads a column argument; `TypeError` naming the type for anything else.
pub fn read<'py>(obj: &Bound<'py, PyAny>, nulls: &Nulls) -> PyResult<Source<'py>> {
    if let Ok(list) = obj.cast::<PyList>() {
        return from_list(list, nulls).map(Source::Owned);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return from_tuple(tuple, nulls).map(Source::Owned);
    }
    if let Some(imported) = arrow::import(obj)? {
        return Ok(Source::Arrow(imported));
    }
    if let Ok(interface) = obj.getattr(pyo3::intern!(obj.py(), "__array_interface__")) {
        return from_numpy(obj, &interface, nulls);
    }
    Err(PyTypeError::new_err(format!(
        "codes must be a str, a list or tuple of str, a numpy array, a pandas, polars or \
         pyarrow column, or an Arrow array (__arrow_c_array__/__arrow_c_stream__), not {}",
        type_name(obj)
    )))
}
