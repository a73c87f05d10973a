//! `search(query, options)`: the core's ranked search (`medcodes::search::search`) over
//! every code set of the build, for autocomplete boxes. Hits are plain objects whose
//! `spans` count UTF-16 units of `text`, as JS strings do: `text.slice(start, end)`.

use js_sys::{Array, Reflect};
use medcodes::search::{search as core_search, Hit, Query, SearchError, SystemSearched};
use medcodes::{CodeSystem, Date};
use wasm_bindgen::prelude::*;

use crate::js::{date_arg, interned, range_error_with, str_or_null, string_arg, type_error, Obj};

/// Hits when `options.limit` is not given.
const DEFAULT_LIMIT: usize = 10;
/// The most hits one call returns (a page; `offset` pages further).
const MAX_LIMIT: f64 = 10_000.0;
/// The largest `offset` accepted.
const MAX_OFFSET: f64 = 1_000_000.0;

#[wasm_bindgen(typescript_custom_section)]
const TS_SEARCH: &'static str = r#"
/** How a search hit matched, strongest first: the query is the code, the start of the code, a title or inclusion term exactly (or the general code of a header it names), or words. */
export type MatchKind = 'code' | 'code_prefix' | 'exact' | 'words';

/** The field of a code a search hit matched in. */
export type SearchField = 'code' | 'title' | 'short_title' | 'inclusion_term' | 'axis_label' | 'block' | 'chapter' | 'section';

/** Options of `search`. */
export interface SearchQueryOptions {
  /** A system id or ids to search (default: every system of the build, in this order at equal score). */
  systems?: CodeSystemId | CodeSystemId[];
  /** Only codes in force (billable or header) on this date; default today (UTC), or a system's last date when today is past its data (said in `systems`). */
  date?: DateInput;
  /** Hits of this page, 0 to 10000 (default 10). */
  limit?: number;
  /** Hits skipped first (paging; default 0). */
  offset?: number;
  /** The last word may be unfinished, as typed in a box (default false). */
  prefixLastWord?: boolean;
  /** Codes of every release instead of a date's (titles from the newest). */
  anyRelease?: boolean;
}

/** One code `search` found. */
export interface SearchHit {
  system: CodeSystemId;
  /** The canonical code, e.g. `'I10'`, `'0DTJ4ZZ'`. */
  code: string;
  /** The relevance of the words (0 for a code matched by its characters). */
  score: number;
  kind: MatchKind;
  /** Billable on the date searched; else a header. */
  billable: boolean;
  /** The long title on the date (null for ICD-10-PCS levels and in a build without titles). */
  title: string | null;
  /** The field that matched, and its text on the date (the title when `field` is `'title'`). */
  field: SearchField;
  text: string;
  /** The matched words (or code characters) of `text`, in order, as `[start, end]` UTF-16 indexes: `text.slice(start, end)`. */
  spans: [number, number][];
}

/** How one system was searched: its date (null: any release), or why it was not. */
export interface SystemSearched { system: CodeSystemId; searched: boolean; date: string | null; note: string | null }

/** What `search` found: a page of hits, the total over every page, how each system was searched. */
export interface SearchResults { hits: SearchHit[]; total: number; offset: number; systems: SystemSearched[] }

/** Thrown by `search` for a query too long (`bytes`, `words`), a date outside the data of every system asked for (`date`, `coverage`), or an unknown system id (`value`). */
export interface SearchError extends Error {
  name: 'SearchError';
  kind: 'query_too_long' | 'date_out_of_range' | 'system';
  bytes?: number; words?: number; date?: string;
  coverage?: { system: CodeSystemId; first: string; last: string }[];
  value?: string;
}
"#;

/// An `Error` named `SearchError` with its `kind`.
fn search_error(kind: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    err.set_name("SearchError");
    let err = JsValue::from(err);
    let _ = Reflect::set(&err, &"kind".into(), &kind.into());
    err
}

fn set(err: &JsValue, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(err, &JsValue::from_str(key), &value.into());
}

fn core_error(e: SearchError) -> JsValue {
    let message = e.to_string();
    match e {
        SearchError::QueryTooLong { bytes, words } => {
            let err = search_error("query_too_long", &message);
            set(&err, "bytes", bytes as f64);
            set(&err, "words", words as f64);
            err
        }
        SearchError::DateOutOfRange { date, coverage } => {
            let err = search_error("date_out_of_range", &message);
            set(&err, "date", date.to_string());
            let rows = Array::new();
            for (s, first, last) in coverage {
                rows.push(
                    &Obj::new()
                        .set("system", interned(s.id()))
                        .set("first", first.to_string())
                        .set("last", last.to_string())
                        .into_js(),
                );
            }
            set(&err, "coverage", rows);
            err
        }
        _ => search_error("other", &message),
    }
}

/// A whole number from 0 to `max` (`undefined`/`null`: `default`): a non-number is a
/// `TypeError`, a number outside or not whole a `RangeError`.
fn count_arg(value: &JsValue, argument: &str, default: usize, max: f64) -> Result<usize, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(default);
    }
    let Some(n) = value.as_f64() else {
        return Err(type_error(argument, "a number", value));
    };
    if !(0.0..=max).contains(&n) || n.fract() != 0.0 {
        let expected = format!("a whole number from 0 to {max}");
        return Err(range_error_with(
            &format!("{argument} must be {expected}"),
            argument,
            &expected,
            n,
        ));
    }
    Ok(n as usize)
}

fn bool_arg(value: &JsValue, argument: &str) -> Result<bool, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value
        .as_bool()
        .ok_or_else(|| type_error(argument, "a boolean", value))
}

/// `options.systems`: an id or an array of ids.
fn systems_arg(value: &JsValue) -> Result<Vec<CodeSystem>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let items: Vec<(JsValue, String)> = if value.is_string() {
        vec![(value.clone(), "options.systems".to_string())]
    } else if Array::is_array(value) {
        let a: &Array = value.unchecked_ref();
        a.iter()
            .enumerate()
            .map(|(i, v)| (v, format!("options.systems[{i}]")))
            .collect()
    } else {
        return Err(type_error(
            "options.systems",
            "a system id or an array of them",
            value,
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (v, argument) in items {
        let id = string_arg(&v, &argument)?;
        let found = CodeSystem::ALL.iter().copied().find(|s| s.id() == id);
        match found.or_else(|| CodeSystem::from_id(&id)) {
            Some(s) => out.push(s),
            None => {
                let known: Vec<&str> = CodeSystem::ALL.iter().map(|s| s.id()).collect();
                let err = search_error(
                    "system",
                    &format!(
                        "{argument}: unknown code system {id:?} (this build has {})",
                        known.join(", ")
                    ),
                );
                set(&err, "value", id);
                set(&err, "argument", argument);
                return Err(err);
            }
        }
    }
    Ok(out)
}

/// Today's UTC day by the JS clock (WebAssembly has no other).
fn today() -> Option<Date> {
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_utc_full_year()).ok()?;
    Date::new(
        year,
        now.get_utc_month() as u8 + 1,
        now.get_utc_date() as u8,
    )
    .ok()
}

fn query_arg(query: &JsValue, options: &JsValue) -> Result<Query, JsValue> {
    let text = string_arg(query, "query")?;
    let mut q = Query::new(text);
    if !(options.is_undefined() || options.is_null()) {
        if !options.is_object() || Array::is_array(options) {
            return Err(type_error(
                "options",
                "an object { systems?, date?, limit?, offset?, prefixLastWord?, anyRelease? }",
                options,
            ));
        }
        let get = |k: &str| Reflect::get(options, &JsValue::from_str(k));
        q.systems = systems_arg(&get("systems")?)?;
        let date = get("date")?;
        if !(date.is_undefined() || date.is_null()) {
            q.date = Some(date_arg(&date, "options.date")?);
        }
        q.limit = count_arg(&get("limit")?, "options.limit", DEFAULT_LIMIT, MAX_LIMIT)?;
        q.offset = count_arg(&get("offset")?, "options.offset", 0, MAX_OFFSET)?;
        q.prefix_last_word = bool_arg(&get("prefixLastWord")?, "options.prefixLastWord")?;
        q.any_release = bool_arg(&get("anyRelease")?, "options.anyRelease")?;
    } else {
        q.limit = DEFAULT_LIMIT;
        q.prefix_last_word = false;
    }
    q.today = today();
    Ok(q)
}

fn hit_js(h: &Hit) -> JsValue {
    let spans = Array::new();
    for s in &h.spans {
        if let Some((start, end)) = s.utf16_range(&h.text) {
            let pair = Array::of2(&(start as f64).into(), &(end as f64).into());
            spans.push(&pair);
        }
    }
    Obj::new()
        .set("system", interned(h.system.id()))
        .set("code", h.code.code().as_str())
        .set("score", f64::from(h.score))
        .set("kind", interned(h.kind.as_str()))
        .set("billable", h.billable)
        .set("title", str_or_null(h.title.as_deref()))
        .set("field", interned(h.field.as_str()))
        .set("text", h.text.as_str())
        .set("spans", spans)
        .into_js()
}

fn system_js(s: &SystemSearched) -> JsValue {
    Obj::new()
        .set("system", interned(s.system.id()))
        .set("searched", s.searched)
        .set(
            "date",
            s.date
                .map_or(JsValue::NULL, |d| JsValue::from(d.to_string())),
        )
        .set("note", str_or_null(s.note.as_deref()))
        .into_js()
}

/// Searches the code sets of the build by words (titles, short titles, inclusion terms,
/// group names, ICD-10-PCS axis labels; everyday words and abbreviations such as
/// `'heart attack'` and `'HTN'` expanded) or by code prefix (`'E11.6'`), the best first.
/// The index of a system is built at its first search. `options`: `systems`, `date`,
/// `limit` (default 10), `offset`, `prefixLastWord`, `anyRelease` (see
/// `SearchQueryOptions`). Throws a `TypeError` for a wrong type, a `RangeError` for a
/// limit or offset out of range, a `DateError` for an unreadable date and a `SearchError`
/// for a query too long, a date outside every system's data or an unknown system id.
#[wasm_bindgen(js_name = search, unchecked_return_type = "SearchResults")]
pub fn search(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SearchQueryOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let q = query_arg(&query, &options)?;
    let found = core_search(&q).map_err(core_error)?;
    let hits = Array::new();
    for h in &found.hits {
        hits.push(&hit_js(h));
    }
    let systems = Array::new();
    for s in &found.systems {
        systems.push(&system_js(s));
    }
    Ok(Obj::new()
        .set("hits", hits)
        .set("total", found.total as f64)
        .set("offset", q.offset as f64)
        .set("systems", systems)
        .into_js())
}
