//! A finished result column, handed to Python as an Arrow array (zero copy for pyarrow and
//! polars), as bytes for numpy, or as a list.

use std::sync::Mutex;

use arrow_buffer::Buffer;
use arrow_data::ArrayData;
use arrow_schema::DataType;
use pyo3::exceptions::PyValueError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyList, PyString, PyTuple};

use crate::arrow;
use crate::column::{distinct_index, pack_bits, pack_into_xor, StrColumn, NULL};

pub enum Data {
    /// An Arrow bitmap of `len` rows, and which are not null (`None`: all).
    Bool {
        bits: Vec<u8>,
        len: usize,
        validity: Option<Vec<u8>>,
    },
    /// Reason kinds, [`NULL`] for a null row.
    Reason(Vec<u8>),
    Str(StrColumn),
}

impl Data {
    fn len(&self) -> usize {
        match self {
            Data::Bool { len, .. } => *len,
            Data::Reason(v) => v.len(),
            Data::Str(s) => s.len(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Data::Bool { .. } => "bool",
            Data::Reason(_) => "int8",
            Data::Str(_) => "str",
        }
    }

    fn null_count(&self) -> usize {
        match self {
            Data::Bool { validity, len, .. } => validity
                .as_ref()
                .map_or(0, |v| (0..*len).filter(|&i| bit(v, i) == 0).count()),
            Data::Reason(v) => v.iter().filter(|&&b| b == NULL).count(),
            Data::Str(s) => s.null_count(),
        }
    }

    /// The column as arrow-rs array data over its own buffers (the values and data are not
    /// copied; `utf8` offsets are narrowed from the `i64` ones).
    pub fn into_arrow(self) -> crate::arrow::ColumnResult<ArrayData> {
        let len = self.len();
        let null_count = self.null_count();
        match self {
            Data::Bool { bits, validity, .. } => arrow::array_data(
                DataType::Boolean,
                len,
                validity,
                vec![Buffer::from_vec(bits)],
            ),
            Data::Reason(mut values) => {
                let validity = (null_count > 0).then(|| {
                    let mut bits = vec![0u8; len.div_ceil(8)];
                    pack_into_xor(&values, &mut bits, NULL);
                    for b in values.iter_mut().filter(|b| **b == NULL) {
                        *b = 0;
                    }
                    bits
                });
                arrow::array_data(
                    DataType::Int8,
                    len,
                    validity,
                    vec![Buffer::from_vec(values)],
                )
            }
            Data::Str(s) => {
                let validity = (null_count > 0).then(|| pack_bits(&s.valid));
                let (data_type, offsets) = if s.data.len() <= i32::MAX as usize {
                    let o: Vec<i32> = s.offsets.iter().map(|&o| o as i32).collect();
                    (DataType::Utf8, Buffer::from_vec(o))
                } else {
                    (DataType::LargeUtf8, Buffer::from_vec(s.offsets))
                };
                let buffers = vec![offsets, Buffer::from_vec(s.data)];
                arrow::array_data(data_type, len, validity, buffers)
            }
        }
    }
}

/// Bit `i` of an Arrow bitmap, as 0 or 1.
#[inline]
fn bit(bits: &[u8], i: usize) -> u8 {
    bits.get(i >> 3).map_or(0, |b| (b >> (i & 7)) & 1)
}

/// A result column from one of the vectorized calls. Convert it with `pyarrow.array(col)`,
/// `polars.Series(col)` (Arrow PyCapsule interface), `to_bytes()` or `to_list()`.
#[pyclass(frozen, module = "medcodes._medcodes", name = "Column")]
pub struct PyColumn {
    data: Mutex<Option<Data>>,
    len: usize,
    kind: &'static str,
}

impl PyColumn {
    pub fn new(data: Data) -> PyColumn {
        PyColumn {
            len: data.len(),
            kind: data.kind(),
            data: Mutex::new(Some(data)),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&Data) -> PyResult<R>) -> PyResult<R> {
        let guard = self.data.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_ref() {
            Some(d) => f(d),
            None => Err(exported()),
        }
    }

    fn take(&self) -> PyResult<Data> {
        let mut guard = self.data.lock().unwrap_or_else(|e| e.into_inner());
        guard.take().ok_or_else(exported)
    }
}

fn exported() -> PyErr {
    PyValueError::new_err("this result column was already exported to Arrow")
}

/// A list of `n` items made by `item(i)`, each a new reference.
fn new_list<'py>(
    py: Python<'py>,
    n: usize,
    mut item: impl FnMut(usize) -> *mut ffi::PyObject,
) -> PyResult<Bound<'py, PyList>> {
    // SAFETY: a new list of `n` slots, each set once with a new reference it steals.
    unsafe {
        let list = ffi::PyList_New(n as ffi::Py_ssize_t);
        if list.is_null() {
            return Err(PyErr::fetch(py));
        }
        let list = Bound::from_owned_ptr(py, list).cast_into_unchecked::<PyList>();
        for i in 0..n {
            let obj = item(i);
            ffi::PyList_SetItem(list.as_ptr(), i as ffi::Py_ssize_t, obj);
        }
        Ok(list)
    }
}

fn new_ref(obj: &Bound<'_, PyAny>) -> *mut ffi::PyObject {
    obj.clone().into_ptr()
}

#[pymethods]
impl PyColumn {
    fn __len__(&self) -> usize {
        self.len
    }

    fn __repr__(&self) -> String {
        format!("<medcodes column of {} {} values>", self.len, self.kind)
    }

    /// `"bool"`, `"int8"` (reason kinds) or `"str"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind
    }

    #[getter]
    fn null_count(&self) -> PyResult<usize> {
        self.with(|d| Ok(d.null_count()))
    }

    /// One byte per row for numpy (`numpy.frombuffer`): booleans as 0/1, reason kinds as
    /// int8 with -1 for a null row. Not for string columns.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyByteArray>> {
        self.with(|d| match d {
            Data::Bool { bits, len, .. } => PyByteArray::new_with(py, *len, |out| {
                for (i, o) in out.iter_mut().enumerate() {
                    *o = bit(bits, i);
                }
                Ok(())
            }),
            Data::Reason(v) => PyByteArray::new_with(py, v.len(), |out| {
                for (o, &b) in out.iter_mut().zip(v) {
                    *o = if b == NULL { 0xFF } else { b };
                }
                Ok(())
            }),
            Data::Str(_) => Err(PyValueError::new_err("a string column has no byte form")),
        })
    }

    /// The values as a list: bool, int (a reason kind; `values[kind]` when given) or str,
    /// and None for null rows. Equal strings share one object.
    #[pyo3(signature = (values=None))]
    fn to_list<'py>(
        &self,
        py: Python<'py>,
        values: Option<&Bound<'py, PyTuple>>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.with(|d| match d {
            Data::Bool {
                bits,
                len,
                validity,
            } => {
                let none = py.None().into_bound(py);
                let (t, f) = (
                    pyo3::types::PyBool::new(py, true).to_owned().into_any(),
                    pyo3::types::PyBool::new(py, false).to_owned().into_any(),
                );
                new_list(py, *len, |i| {
                    new_ref(match validity {
                        Some(v) if bit(v, i) == 0 => &none,
                        _ if bit(bits, i) != 0 => &t,
                        _ => &f,
                    })
                })
            }
            Data::Reason(v) => {
                let kinds: Vec<Bound<'py, PyAny>> = (0..=u8::MAX)
                    .map(|k| {
                        if k == NULL {
                            return py.None().into_bound(py);
                        }
                        if let Some(v) = values.and_then(|v| v.get_item(k as usize).ok()) {
                            return v;
                        }
                        let Ok(n) = k.into_pyobject(py);
                        n.into_any()
                    })
                    .collect();
                new_list(py, v.len(), |i| new_ref(&kinds[v[i] as usize]))
            }
            Data::Str(s) => {
                let (index, distinct) = distinct_index(s);
                let strings: Vec<Bound<'py, PyAny>> = distinct
                    .iter()
                    .map(|b| PyString::new(py, &String::from_utf8_lossy(b)).into_any())
                    .collect();
                let none = py.None().into_bound(py);
                new_list(py, index.len(), |i| match index[i] {
                    u32::MAX => new_ref(&none),
                    k => new_ref(&strings[k as usize]),
                })
            }
        })
    }

    /// Arrow PyCapsule interface: `(schema, array)` capsules. Exports (moves) the data once.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema;
        arrow::export_pair(py, self.take()?.into_arrow()?)
    }

    /// Arrow PyCapsule interface: a stream of one batch. Exports (moves) the data once.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _ = requested_schema;
        arrow::export_stream(py, self.take()?.into_arrow()?)
    }
}
