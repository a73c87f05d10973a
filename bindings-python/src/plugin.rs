//! medcodes as a native polars expression plugin: the `_polars_plugin_*` symbols that
//! polars looks up in a shared library (`polars.plugins.register_plugin_function`),
//! exported by this extension module itself, so the tables and memos are the ones Python
//! already loaded.
//!
//! Why: a `map_batches` namespace costs polars' streaming engine a Python call (and the
//! GIL) a batch, and runs the batches one at a time. A plugin is called on polars' own
//! threads, batches side by side, without Python. `medcodes.polars` uses it for every
//! call of its namespace.
//!
//! The interface is polars' plugin ABI, version 0.1 (`polars-ffi`'s `version_0`): a
//! `SeriesExport` is a column as Arrow C data interface structs (one schema, its chunks),
//! and each function `NAME` has a `_polars_plugin_field_NAME` that gives the output's
//! schema from the inputs' (called when the query is planned) and `_polars_plugin_NAME`
//! that computes it. A failure leaves the output empty and its message is read with
//! `_polars_plugin_get_last_error_message`; polars raises it as a `ComputeError`. polars
//! checks the version first and refuses, with an error, an ABI it does not speak.
//!
//! The inputs: the codes (strings or categorical), the code system's id (a literal), an
//! option (an integer literal: `short`, `compact`, the ancestor's length), and optionally
//! the dates: a `Date` column or literal, naive `Datetime`s (their date) or ISO strings
//! (parsed as the column calls parse them). Without dates the date is today (the newest
//! title).
//! Everything computed is the core's batch engine's (`medcodes::batch`), as for the column
//! calls; the arrays are read and made by arrow.rs.

#![deny(clippy::undocumented_unsafe_blocks)]

use std::cell::RefCell;
use std::ffi::{c_char, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, ArrayRef, StringArray};
use arrow_data::ArrayData;
use arrow_schema::{DataType, TimeUnit};
use medcodes::batch::{self, Dates};
use medcodes::{CodeSystem, Date, ReasonKind};

use crate::arrow::{self, ColumnError, ColumnResult};
use crate::column::Strings;
use crate::output::Data;

/// A column as polars hands it over or takes it back (`polars_ffi::version_0::SeriesExport`).
#[repr(C)]
pub struct SeriesExport {
    field: *mut FFI_ArrowSchema,
    /// `len` pointers to the chunks.
    arrays: *mut *mut FFI_ArrowArray,
    len: usize,
    release: Option<unsafe extern "C" fn(*mut SeriesExport)>,
    private_data: *mut c_void,
}

impl Drop for SeriesExport {
    fn drop(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: an export's own release callback, called once (it clears `release`):
            // polars' for an input taken over with `ptr::read`, ours (`release_output`) for
            // an output that was never handed over.
            unsafe { release(self) }
        }
    }
}

/// The ABI version: major 0, minor 1 (`(major << 16) | minor`).
#[no_mangle]
pub extern "C" fn _polars_plugin_get_version() -> u32 {
    1
}

thread_local! {
    /// The message of the last failure on this thread (polars reads it on the same thread,
    /// right after the call).
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

fn set_last_error(message: &str) {
    // A NUL inside the message would end it early: shown as a space.
    let message = CString::new(message.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|last| *last.borrow_mut() = message);
}

/// The last failure's message on this thread; `"PANIC"` tells polars the call panicked.
#[no_mangle]
pub extern "C" fn _polars_plugin_get_last_error_message() -> *const c_char {
    LAST_ERROR.with(|last| last.borrow().as_ptr())
}

/// What a plugin function computes: the namespace's calls, each the column call of the
/// same name.
#[derive(Clone, Copy)]
enum Call {
    IsValid,
    Reason,
    Title,
    Normalize,
    Ancestor,
    Category,
    Block,
    Chapter,
    System,
}

impl Call {
    fn data_type(self) -> DataType {
        // Numbers into a list of names (reason kinds, system labels) go out as a
        // dictionary over the names: polars reads it as a categorical, which
        // `medcodes.polars` casts to its `Enum` of the names.
        let labels = || DataType::Dictionary(Box::new(DataType::Int8), Box::new(DataType::Utf8));
        match self {
            Call::IsValid => DataType::Boolean,
            Call::Reason | Call::System => labels(),
            Call::Chapter => DataType::Int8,
            Call::Title | Call::Normalize | Call::Ancestor | Call::Category | Call::Block => {
                DataType::Utf8
            }
        }
    }

    /// The names the numbers of a [`labels`](Call::data_type) output stand for.
    fn labels(self) -> Option<Vec<&'static str>> {
        match self {
            Call::Reason => Some(ReasonKind::ALL.iter().map(|k| k.as_str()).collect()),
            Call::System => Some(batch::system_labels()),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// The exported functions

/// The output schema of `call`: its type, named as the first input.
///
/// # Safety
/// polars' call: `fields` points to `n` schemas it owns; `out` is valid for writing one.
unsafe fn field(call: Call, fields: *const FFI_ArrowSchema, n: usize, out: *mut FFI_ArrowSchema) {
    let result = catch_unwind(AssertUnwindSafe(|| -> ColumnResult<FFI_ArrowSchema> {
        let name = match n {
            0 => "",
            // SAFETY: polars passes `n` schemas at `fields`, alive for the call.
            _ => unsafe { &*fields }.name().unwrap_or(""),
        };
        arrow::export_schema(&call.data_type(), name)
    }));
    match result {
        // SAFETY: `out` is valid for writing (it holds an empty schema, nothing to release).
        Ok(Ok(schema)) => unsafe { out.write(schema) },
        Ok(Err(e)) => set_last_error(e.message()),
        Err(_) => set_last_error("PANIC"),
    }
}

/// How many calls are running now, on polars' threads.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Runs `call` over polars' inputs and writes the column to `out`, or sets the error.
///
/// # Safety
/// polars' call: `inputs` points to `n` exports whose ownership passes to us; `out` is
/// valid for writing one.
unsafe fn run(call: Call, inputs: *const SeriesExport, n: usize, out: *mut SeriesExport) {
    // SAFETY: as this function's contract: each export is read once, and then owned here
    // (polars forgets its copies); dropping one releases it.
    let inputs: Vec<SeriesExport> = (0..n).map(|i| unsafe { inputs.add(i).read() }).collect();
    // A streaming query runs batches side by side already: a call that starts while
    // another is running keeps to its thread; one alone (an eager query's one column)
    // may use them all.
    let running = RUNNING.fetch_add(1, Ordering::Relaxed);
    let result = catch_unwind(AssertUnwindSafe(|| match running {
        0 => compute(call, inputs),
        _ => batch::on_this_thread(|| compute(call, inputs)),
    }));
    RUNNING.fetch_sub(1, Ordering::Relaxed);
    match result {
        // SAFETY: `out` is valid for writing (it holds an empty export, nothing to release).
        Ok(Ok(export)) => unsafe { out.write(export) },
        Ok(Err(e)) => set_last_error(e.message()),
        Err(_) => set_last_error("PANIC"),
    }
}

/// Exports `_polars_plugin_field_NAME` and `_polars_plugin_NAME` for each call.
macro_rules! plugin_functions {
    ($($call:expr => $field:ident, $run:ident;)*) => {$(
        /// The output schema of this call.
        ///
        /// # Safety
        /// See [`field`].
        #[no_mangle]
        pub unsafe extern "C" fn $field(
            fields: *const FFI_ArrowSchema,
            n: usize,
            out: *mut FFI_ArrowSchema,
            _kwargs: *const u8,
            _kwargs_len: usize,
        ) {
            // SAFETY: this function's contract.
            unsafe { field($call, fields, n, out) }
        }

        /// This call over a batch.
        ///
        /// # Safety
        /// See [`run`].
        #[no_mangle]
        pub unsafe extern "C" fn $run(
            inputs: *const SeriesExport,
            n: usize,
            _kwargs: *const u8,
            _kwargs_len: usize,
            out: *mut SeriesExport,
            _context: *const c_void,
        ) {
            // SAFETY: this function's contract.
            unsafe { run($call, inputs, n, out) }
        }
    )*};
}

plugin_functions! {
    Call::IsValid => _polars_plugin_field_is_valid, _polars_plugin_is_valid;
    Call::Reason => _polars_plugin_field_reason, _polars_plugin_reason;
    Call::Title => _polars_plugin_field_title, _polars_plugin_title;
    Call::Normalize => _polars_plugin_field_normalize, _polars_plugin_normalize;
    Call::Ancestor => _polars_plugin_field_ancestor, _polars_plugin_ancestor;
    Call::Category => _polars_plugin_field_category, _polars_plugin_category;
    Call::Block => _polars_plugin_field_block, _polars_plugin_block;
    Call::Chapter => _polars_plugin_field_chapter, _polars_plugin_chapter;
    Call::System => _polars_plugin_field_system, _polars_plugin_system;
}

// ---------------------------------------------------------------------------------------
// Reading the inputs

/// An input taken over from polars: its export (released on drop) and its chunks, moved
/// out of it at once, so that every chunk is released whatever fails later.
struct Input {
    export: SeriesExport,
    arrays: Vec<FFI_ArrowArray>,
}

impl Input {
    /// # Safety
    /// `export` is an unreleased export from polars, now ours.
    unsafe fn take(export: SeriesExport) -> ColumnResult<Input> {
        if export.field.is_null() || (export.len > 0 && export.arrays.is_null()) {
            return Err(ColumnError::Malformed(
                "polars passed an empty column".into(),
            ));
        }
        // SAFETY: `arrays` points to `len` pointers to unreleased arrays; `from_raw` moves
        // each out, leaving a released one behind for the export's release to free.
        let arrays = (0..export.len)
            .map(|i| unsafe { FFI_ArrowArray::from_raw(*export.arrays.add(i)) })
            .collect();
        Ok(Input { export, arrays })
    }

    fn schema(&self) -> &FFI_ArrowSchema {
        // SAFETY: `field` (checked not null) points to the export's schema, which lives
        // until the export is released, when `self` drops.
        unsafe { &*self.export.field }
    }

    /// The chunks as arrow-rs arrays, of a type `check` accepts.
    fn import(
        &mut self,
        check: fn(&FFI_ArrowSchema) -> ColumnResult<()>,
    ) -> ColumnResult<Vec<ArrayRef>> {
        let arrays = std::mem::take(&mut self.arrays);
        arrow::import_moved(self.schema(), arrays, check)
    }
}

fn rows(arrays: &[ArrayRef]) -> usize {
    arrays.iter().map(|a| a.len()).sum()
}

/// The system an id input names (a one-row string literal).
fn system(arrays: &[ArrayRef]) -> ColumnResult<CodeSystem> {
    let mut id = String::new();
    for a in arrays {
        let chunk = arrow::chunk(a.as_ref())?;
        if let Some(s) = (0..chunk.len()).find_map(|i| chunk.get(i)) {
            id = String::from_utf8_lossy(s).into_owned();
            break;
        }
    }
    crate::systems::system_by_id(&id).map_err(ColumnError::WrongType)
}

/// The dates input, as the batch engine takes them.
enum DateInput {
    Today,
    /// A literal: the same date (or none) for every row.
    One(Option<Date>),
    /// Days since 1970 a row, and the rows that have one (`None`: all).
    Days(Vec<i32>, Option<Vec<u8>>),
    PerRow(Vec<Option<Date>>),
    /// A one-chunk `date32` column, read in place.
    Arrow(arrow::Imported<arrow::DateType>),
}

const SECONDS_A_DAY: i64 = 86_400;

/// The days of naive timestamps (`value` units since 1970, floored to the day).
fn timestamp_days(arrays: &[ArrayRef], unit: TimeUnit) -> DateInput {
    let per_day = SECONDS_A_DAY
        * match unit {
            TimeUnit::Second => 1,
            TimeUnit::Millisecond => 1_000,
            TimeUnit::Microsecond => 1_000_000,
            TimeUnit::Nanosecond => 1_000_000_000,
        };
    let rows = rows(arrays);
    let mut days = Vec::with_capacity(rows);
    let mut valid = Vec::with_capacity(rows);
    for a in arrays {
        // A timestamp array's values are an int64 buffer, whatever the unit.
        let data = a.to_data();
        let values = &data.buffer::<i64>(0)[..a.len()];
        for (i, v) in values.iter().enumerate() {
            valid.push(u8::from(a.is_valid(i)));
            // Beyond i32's days is beyond any date's range: the engine says so.
            days.push(i32::try_from(v.div_euclid(per_day)).unwrap_or(i32::MAX));
        }
    }
    let nulls = valid.contains(&0);
    DateInput::Days(days, nulls.then(|| crate::column::pack_bits(&valid)))
}

/// ISO date strings, parsed as the column calls parse them.
fn parsed_dates(arrays: &[ArrayRef]) -> ColumnResult<DateInput> {
    let mut out = Vec::with_capacity(rows(arrays));
    for a in arrays {
        let chunk = arrow::chunk(a.as_ref())?;
        for i in 0..chunk.len() {
            let date = chunk.get(i).map(|s| {
                String::from_utf8_lossy(s).parse::<Date>().map_err(|e| {
                    ColumnError::Malformed(format!("row {} of the dates: {e}", out.len()))
                })
            });
            out.push(date.transpose()?);
        }
    }
    Ok(DateInput::PerRow(out))
}

fn dates(arrays: Vec<ArrayRef>, rows: usize) -> ColumnResult<DateInput> {
    let literal = self::rows(&arrays) == 1 && rows != 1;
    let input = match arrays.first().map(|a| a.data_type().clone()) {
        Some(DataType::Timestamp(_, Some(zone))) => {
            return Err(ColumnError::WrongType(format!(
                "dates are datetimes in time zone {zone}: give their dates (`.dt.date()`) \
                 or naive datetimes (`.dt.replace_time_zone(None)`)"
            )))
        }
        Some(DataType::Timestamp(unit, None)) => timestamp_days(&arrays, unit),
        Some(DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) => parsed_dates(&arrays)?,
        // Dates: one chunk is read in place, as the column calls read it.
        _ => {
            let imported = arrow::Imported::<arrow::DateType>::new(arrays);
            match imported.one_chunk() {
                Some(_) => DateInput::Arrow(imported),
                None => {
                    let (days, validity) = imported.days()?;
                    DateInput::Days(days, validity)
                }
            }
        }
    };
    // A literal beside a longer column: one date for every row.
    if literal {
        let day = |days: &[i32]| Some(Date::from_days_since_epoch(days[0].into()));
        return Ok(DateInput::One(match &input {
            DateInput::Days(days, None) => day(days),
            DateInput::Arrow(a) => match a.one_chunk() {
                Some((days, None)) => day(days),
                _ => None,
            },
            DateInput::PerRow(d) => d[0],
            _ => None,
        }));
    }
    Ok(input)
}

// ---------------------------------------------------------------------------------------
// The call

/// The option input must be an `int64` or `int32` (a date there is a dates input out of
/// place).
fn check_option_type(schema: &FFI_ArrowSchema) -> ColumnResult<()> {
    match schema.format() {
        "l" | "i" if schema.dictionary().is_none() => Ok(()),
        other => Err(ColumnError::WrongType(format!(
            "the medcodes plugin's option must be an integer literal, not Arrow format {other:?}"
        ))),
    }
}

/// The option input (a one-row integer literal): `short` and `compact` as 0 or 1, the
/// ancestor's length; 0 when missing.
fn option(arrays: &[ArrayRef]) -> ColumnResult<i64> {
    let chunks = arrow::Imported::<arrow::IntType>::new(arrays.to_vec());
    Ok(chunks
        .chunks()?
        .iter()
        .find_map(|c| (!c.is_empty()).then(|| c.get(0)))
        .flatten()
        .unwrap_or(0))
}

fn compute(call: Call, inputs: Vec<SeriesExport>) -> ColumnResult<SeriesExport> {
    let mut inputs = inputs
        .into_iter()
        // SAFETY: `run` owns these exports, unreleased.
        .map(|e| unsafe { Input::take(e) })
        .collect::<ColumnResult<Vec<Input>>>()?;
    let (codes, system, option, date) = match inputs.as_mut_slice() {
        [codes, system, option, rest @ ..] if rest.len() <= 1 => (
            codes.import(arrow::check_str_type)?,
            system.import(arrow::check_str_type)?,
            option.import(check_option_type)?,
            match rest {
                [date] => Some(date.import(arrow::check_date_like_type)?),
                _ => None,
            },
        ),
        _ => {
            return Err(ColumnError::WrongType(
                "the medcodes plugin takes the codes, the system, an option and the dates".into(),
            ))
        }
    };
    let name = inputs[0].schema().name().unwrap_or("").to_owned();
    // The arrays are ours now: release what is left of polars' exports.
    drop(inputs);
    let system = self::system(&system)?;
    let option = self::option(&option)?;
    let rows = rows(&codes);
    let dates = match date {
        None => DateInput::Today,
        Some(d) => dates(d, rows)?,
    };
    let chunks = codes
        .iter()
        .map(|a| arrow::chunk(a.as_ref()))
        .collect::<ColumnResult<Vec<Strings<'_>>>>()?;
    let none = vec![None; rows];
    let dates = match &dates {
        // Today for validity; the newest title.
        DateInput::Today => None,
        DateInput::One(Some(d)) => Some(Dates::One(*d)),
        // A missing literal date: every row null.
        DateInput::One(None) => Some(Dates::PerRow(&none)),
        DateInput::Days(days, validity) => Some(Dates::Days {
            days,
            validity: validity
                .as_deref()
                .map(|bits| batch::Bitmap { bits, offset: 0 }),
        }),
        DateInput::PerRow(d) => Some(Dates::PerRow(d)),
        DateInput::Arrow(a) => a
            .one_chunk()
            .map(|(days, validity)| Dates::Days { days, validity }),
    };
    let on = dates.unwrap_or(Dates::One(Date::today()));
    let memo = crate::systems::memo_on();
    let length = |e: medcodes::LengthMismatch| ColumnError::Malformed(e.to_string());
    let data = match call {
        Call::IsValid => Data::Bool {
            bits: batch::valid_bits(system, &chunks, on, memo).map_err(length)?,
            len: rows,
            validity: on.validity(),
        },
        Call::Reason => Data::Reason(batch::reasons(system, &chunks, on, memo).map_err(length)?),
        Call::Title => {
            Data::Str(batch::titles(system, &chunks, dates, option != 0).map_err(length)?)
        }
        Call::Normalize => Data::Str(batch::normalized(system, &chunks, option != 0)),
        Call::Ancestor => {
            let length = usize::try_from(option).unwrap_or(0);
            Data::Str(batch::ancestors(system, &chunks, length))
        }
        Call::Category => Data::Str(batch::categories(&chunks)),
        Call::Block => Data::Str(batch::blocks(&chunks)),
        Call::Chapter => Data::Reason(batch::chapters(&chunks)),
        Call::System => Data::Reason(batch::systems(&chunks)),
    };
    export(data.into_arrow()?, call, &name)
}

// ---------------------------------------------------------------------------------------
// The output

/// What an output export owns until polars releases it.
struct Owned {
    schema: Box<FFI_ArrowSchema>,
    /// The one chunk; polars moves the array out of its box (`ptr::read`), so the box is
    /// freed without dropping what is left in it.
    arrays: Box<[*mut FFI_ArrowArray; 1]>,
}

/// polars' release of an output export: frees what [`export`] allocated.
///
/// # Safety
/// `e` is an export made by [`export`], released once.
unsafe extern "C" fn release_output(e: *mut SeriesExport) {
    if e.is_null() {
        return;
    }
    // SAFETY: `private_data` is the `Box<Owned>` that `export` leaked, freed once here.
    // polars took the chunk with `ptr::read` (a bitwise copy it releases itself), so the
    // box is freed without dropping its array, which would release it twice.
    unsafe {
        let e = &mut *e;
        let owned = Box::from_raw(e.private_data.cast::<Owned>());
        for &array in owned.arrays.iter() {
            drop(Box::from_raw(
                array.cast::<std::mem::ManuallyDrop<FFI_ArrowArray>>(),
            ));
        }
        drop(owned);
        e.release = None;
        e.private_data = std::ptr::null_mut();
    }
}

fn export(data: ArrayData, call: Call, name: &str) -> ColumnResult<SeriesExport> {
    let data = match call.labels() {
        Some(names) => labelled(data, call.data_type(), names)?,
        None => data,
    };
    let schema = Box::new(arrow::export_schema(data.data_type(), name)?);
    let array = Box::into_raw(Box::new(FFI_ArrowArray::new(&data)));
    let mut owned = Box::new(Owned {
        schema,
        arrays: Box::new([array]),
    });
    let field: *mut FFI_ArrowSchema = &mut *owned.schema;
    let arrays: *mut *mut FFI_ArrowArray = owned.arrays.as_mut_ptr();
    Ok(SeriesExport {
        field,
        arrays,
        len: 1,
        release: Some(release_output),
        private_data: Box::into_raw(owned).cast(),
    })
}

/// Numbers (`int8`, null where missing) as a dictionary over the names they stand for.
fn labelled(numbers: ArrayData, data_type: DataType, names: Vec<&str>) -> ColumnResult<ArrayData> {
    let names = StringArray::from_iter_values(names);
    numbers
        .into_builder()
        .data_type(data_type)
        .child_data(vec![names.into_data()])
        .build()
        .map_err(|e| ColumnError::Malformed(format!("could not make the result column: {e}")))
}
