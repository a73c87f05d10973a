//! ICD-10-CM: the `Icd10Cm` class and the code, chapter and block handles.

use medcodes::icd10cm::{self as cm, CodeKind};
use medcodes::{Date, ValidationError};
use wasm_bindgen::prelude::*;

use crate::js::{
    array, array_arg, batch_code, date_arg, interned, opt_date_arg, range_js, release_js,
    seventh_characters_js, str_or_null, string_arg, title_source_js, verdict_js, Obj,
};

/// Results of `search` when no `limit` is given.
const DEFAULT_SEARCH_LIMIT: usize = 50;

/// The ICD-10-CM code set, FY2016 (2015-10-01) onward. Cheap to create: the tables are
/// compiled into the module.
#[wasm_bindgen]
#[derive(Clone, Copy, Default)]
pub struct Icd10Cm {
    inner: medcodes::Icd10Cm,
}

/// The plain-object verdict for one ICD-10-CM code (see the `Verdict` type).
pub(crate) fn verdict(
    input: &str,
    result: &Result<cm::Code, ValidationError>,
    date: Option<&JsValue>,
) -> JsValue {
    match result {
        Ok(code) => verdict_js(Ok(code.code().as_str()), || None, date),
        // The canonical form when the input is well formed, from core's normalisation.
        Err(e) => verdict_js(
            Err(e),
            || cm::normalize(input).ok().map(|n| n.dotted().to_string()),
            date,
        ),
    }
}

/// A note as a plain object (see the `Note` type): kind, its heading, where it sits,
/// whether it is inherited, its text, and its lines with their code references.
fn note_js(n: &cm::Note) -> JsValue {
    Obj::new()
        .set("kind", interned(n.kind.as_str()))
        .set("label", interned(n.kind.label()))
        .set("level", interned(note_level(n.site.level)))
        .set("where", n.site.id.as_str())
        .set("inherited", n.inherited)
        .set("text", n.text())
        .set(
            "lines",
            array(&n.lines, |l| {
                Obj::new()
                    .set("text", l.text)
                    .set("refs", array(&l.refs, code_ref_js))
                    .into_js()
            }),
        )
        .into_js()
}

fn note_level(level: cm::NoteLevel) -> &'static str {
    match level {
        cm::NoteLevel::Chapter => "chapter",
        cm::NoteLevel::Block => "block",
        cm::NoteLevel::Code => "code",
    }
}

/// A code reference of a note: as written, and resolved to the range of codes it covers.
fn code_ref_js(r: &cm::CodeRef) -> JsValue {
    Obj::new()
        .set("text", r.text)
        .set("first", r.first.as_str())
        .set("last", r.last.as_str())
        .set("range", r.range)
        .set("qualifier", str_or_null(r.qualifier))
        .set("exact", r.exact)
        .set("resolved", r.resolved)
        .into_js()
}

fn notes_js(notes: &[cm::Note]) -> JsValue {
    array(notes, note_js)
}

/// A finding of `checkEncounter` as a plain object (see the `EncounterFinding` type).
pub(crate) fn encounter_finding_js(f: &cm::Finding) -> JsValue {
    let note = match &f.note {
        Some(n) => Obj::new()
            .set("kind", interned(n.kind.as_str()))
            .set("level", interned(note_level(n.site.level)))
            .set("where", n.site.id.as_str())
            .set("text", n.text.as_str())
            .into_js(),
        None => JsValue::NULL,
    };
    Obj::new()
        .set("kind", interned(f.kind.as_str()))
        .set("severity", interned(f.severity.as_str()))
        .set("codes", array(&f.codes, |c| c.as_str().into()))
        .set("positions", array(&f.positions, |&p| (p as u32).into()))
        .set("note", note)
        .set("message", f.message.as_str())
        .into_js()
}

#[wasm_bindgen]
impl Icd10Cm {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Icd10Cm {
        Icd10Cm {
            inner: medcodes::Icd10Cm::new(),
        }
    }

    /// Finds a code (billable or header) in any release, without regard to date:
    /// `undefined` when the input is not a code (use `check` for the reason).
    pub fn lookup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<Option<Icd10CmCode>, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(self.inner.lookup(&code).ok().map(Icd10CmCode::from))
    }

    /// Whether the input is a code of any release, and if not why: a `Verdict` without a
    /// date (reasons `valid`, `empty`, `too_long`, `malformed`, `unknown`).
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(verdict(&code, &self.inner.lookup(&code), None))
    }

    /// Validates a code for a date of service: valid and billable on that date, or the
    /// reason why not. Invalid codes are results; only a wrong argument type (`TypeError`)
    /// or an unreadable date (`DateError`) throws.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        let date = date_arg(&date, "date")?;
        let date_js = JsValue::from_str(&date.to_string());
        Ok(verdict(
            &code,
            &self.inner.validate(&code, date),
            Some(&date_js),
        ))
    }

    /// Whether the code is valid and billable on the date.
    #[wasm_bindgen(js_name = isValid)]
    pub fn is_valid(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        let code = string_arg(&code, "code")?;
        let date = date_arg(&date, "date")?;
        Ok(self.inner.is_valid(&code, date))
    }

    /// The verdict's reason alone (`'valid'`, `'not_billable'`, ...), without building the
    /// message.
    #[wasm_bindgen(unchecked_return_type = "ReasonKind")]
    pub fn reason(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        let date = date_arg(&date, "date")?;
        Ok(interned(self.inner.reason(&code, date).as_str()))
    }

    /// Validates many codes for one date of service: one `Verdict` per element, in order.
    /// `null`/`undefined` elements are empty cells (reason `empty`).
    #[wasm_bindgen(js_name = validateMany, unchecked_return_type = "Verdict[]")]
    pub fn validate_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<string | null | undefined>")]
        codes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let codes = array_arg(&codes, "codes")?;
        let date = date_arg(&date, "date")?;
        let date_js = JsValue::from_str(&date.to_string());
        let out = js_sys::Array::new_with_length(codes.length());
        for i in 0..codes.length() {
            let code = batch_code(&codes.get(i), "codes", i)?;
            out.set(
                i,
                verdict(&code, &self.inner.validate(&code, date), Some(&date_js)),
            );
        }
        Ok(out.into())
    }

    /// The reason of each code as a number (an index into `reasonKinds()`, 0 = valid): the
    /// fast call for columns of millions of codes.
    #[wasm_bindgen(js_name = reasonCodes)]
    pub fn reason_codes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<string | null | undefined>")]
        codes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let codes = array_arg(&codes, "codes")?;
        let date = date_arg(&date, "date")?;
        let mut out = Vec::with_capacity(codes.length() as usize);
        for i in 0..codes.length() {
            let code = batch_code(&codes.get(i), "codes", i)?;
            out.push(self.inner.reason(&code, date) as u8);
        }
        Ok(out)
    }

    /// Like `reasonCodes`, for codes given as one string, one code a line (`\n` or
    /// `\r\n`): the fastest way across the JS/wasm boundary.
    #[wasm_bindgen(js_name = reasonCodesOfLines)]
    pub fn reason_codes_of_lines(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] lines: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<Vec<u8>, JsValue> {
        let lines = string_arg(&lines, "lines")?;
        let date = date_arg(&date, "date")?;
        if lines.is_empty() {
            return Ok(Vec::new());
        }
        let body = lines.strip_suffix('\n').unwrap_or(&lines);
        Ok(body
            .split('\n')
            .map(|l| self.inner.reason(l.strip_suffix('\r').unwrap_or(l), date) as u8)
            .collect())
    }

    /// The canonical forms of a code, `{ code: 'E11.9', undotted: 'E119' }`, or
    /// `undefined` when the input is not shaped like an ICD-10-CM code (see `check`).
    #[wasm_bindgen(unchecked_return_type = "{ code: string; undotted: string } | undefined")]
    pub fn normalize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(match cm::normalize(&code) {
            Ok(n) => Obj::new()
                .set("code", n.dotted().as_str())
                .set("undotted", n.undotted())
                .into_js(),
            Err(_) => JsValue::UNDEFINED,
        })
    }

    /// Codes by code prefix (`'e11.6'`) or by words in their titles (`'diab mell'`), code
    /// prefix matches first, each in code order. `options.limit` (default 50) caps the
    /// result; `options.date` keeps only codes valid on that date. Without titles in the
    /// module, only code prefixes match.
    pub fn search(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SearchOptions")] options: JsValue,
    ) -> Result<Vec<Icd10CmCode>, JsValue> {
        let query = string_arg(&query, "query")?;
        let (limit, date) = search_options(&options)?;
        Ok(self
            .inner
            .search(&query, limit, date)
            .into_iter()
            .map(Icd10CmCode::from)
            .collect())
    }

    /// First and last date of service the bundled data covers.
    #[wasm_bindgen(getter, unchecked_return_type = "{ first: string; last: string }")]
    pub fn coverage(&self) -> JsValue {
        let (first, last) = self.inner.coverage();
        Obj::new()
            .set("first", first.to_string())
            .set("last", last.to_string())
            .into_js()
    }

    /// Every release (update date) in the bundled data, oldest first.
    #[wasm_bindgen(unchecked_return_type = "Release[]")]
    pub fn releases(&self) -> JsValue {
        array(self.inner.releases(), release_js)
    }

    /// The release in force on a date (`undefined` outside the covered dates).
    #[wasm_bindgen(js_name = releaseOn, unchecked_return_type = "Release | undefined")]
    pub fn release_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(self
            .inner
            .release_on(date)
            .map_or(JsValue::UNDEFINED, release_js))
    }

    /// The releases the titles come from, oldest first (empty without titles).
    #[wasm_bindgen(getter, js_name = titleSources, unchecked_return_type = "TitleSource[]")]
    pub fn title_sources(&self) -> JsValue {
        if !crate::HAS_TITLES {
            return js_sys::Array::new().into();
        }
        array(self.inner.title_sources(), title_source_js)
    }

    /// Every code in the bundled data (all releases), in code order.
    pub fn codes(&self) -> Vec<Icd10CmCode> {
        self.inner.codes().map(Icd10CmCode::from).collect()
    }

    /// The billable codes valid on a date, in code order.
    #[wasm_bindgen(js_name = billableCodesOn)]
    pub fn codes_valid_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<Vec<Icd10CmCode>, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(self
            .inner
            .codes_valid_on(date)
            .map(Icd10CmCode::from)
            .collect())
    }

    /// The 22 chapters.
    pub fn chapters(&self) -> Vec<Icd10CmChapter> {
        self.inner
            .chapters()
            .map(|inner| Icd10CmChapter { inner })
            .collect()
    }

    /// A chapter by number (1-22).
    pub fn chapter(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] number: JsValue,
    ) -> Result<Option<Icd10CmChapter>, JsValue> {
        let n = number
            .as_f64()
            .ok_or_else(|| crate::js::type_error("number", "a number", &number))?;
        if n.fract() != 0.0 || !(0.0..=255.0).contains(&n) {
            return Ok(None);
        }
        Ok(self
            .inner
            .chapter(n as u8)
            .map(|inner| Icd10CmChapter { inner }))
    }

    /// Checks the diagnosis codes of one encounter (the first is the first-listed or
    /// principal diagnosis) against the coding rules of the tabular list: each code valid
    /// on the date, duplicates, a code with its own ancestor, Excludes1 conflicts, "code
    /// first" sequencing, manifestation codes listed first, "use additional code"
    /// reminders. `null`/`undefined` elements are empty cells. Without notes in the module
    /// only the rules that need no notes run (`buildInfo().notes`).
    #[wasm_bindgen(js_name = checkEncounter, unchecked_return_type = "EncounterReport")]
    pub fn check_encounter(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<string | null | undefined>")]
        codes: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let codes = array_arg(&codes, "codes")?;
        let date = date_arg(&date, "date")?;
        let codes = (0..codes.length())
            .map(|i| batch_code(&codes.get(i), "codes", i))
            .collect::<Result<Vec<String>, JsValue>>()?;
        Ok(encounter_report_js(
            &self.inner.check_encounter(&codes, date),
        ))
    }

    /// The release the notes and 7th characters come from, e.g. "April 2026 tabular list
    /// (FY2026)".
    #[wasm_bindgen(getter, js_name = notesSource, unchecked_return_type = "TitleSource")]
    pub fn notes_source(&self) -> JsValue {
        title_source_js(self.inner.notes_source())
    }

    /// A block (section) by its range, e.g. `'E08-E13'`.
    pub fn block(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<Option<Icd10CmBlock>, JsValue> {
        let id = string_arg(&id, "id")?;
        Ok(self.inner.block(&id).map(|inner| Icd10CmBlock { inner }))
    }
}

/// `{ date, notesSource, clean, findings }` of one encounter.
fn encounter_report_js(r: &cm::EncounterReport) -> JsValue {
    Obj::new()
        .set("date", r.date.to_string())
        .set("notesSource", r.notes_source)
        .set("clean", r.is_clean())
        .set("findings", array(&r.findings, encounter_finding_js))
        .into_js()
}

fn search_options(options: &JsValue) -> Result<(usize, Option<Date>), JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok((DEFAULT_SEARCH_LIMIT, None));
    }
    if !options.is_object() {
        return Err(crate::js::type_error(
            "options",
            "an object { limit?, date? }",
            options,
        ));
    }
    let get = |k: &str| js_sys::Reflect::get(options, &JsValue::from_str(k));
    let limit = get("limit")?;
    let limit = if limit.is_undefined() || limit.is_null() {
        DEFAULT_SEARCH_LIMIT
    } else {
        let n = limit.as_f64().ok_or_else(|| {
            crate::js::type_error("options.limit", "a non-negative number", &limit)
        })?;
        if n.is_nan() || n < 0.0 {
            return Err(crate::js::type_error(
                "options.limit",
                "a non-negative number",
                &limit,
            ));
        }
        n.min(u32::MAX as f64) as usize
    };
    let date = opt_date_arg(&get("date")?, "options.date")?;
    Ok((limit, date))
}

fn kind_str(kind: CodeKind) -> JsValue {
    interned(kind.as_str())
}

/// An ICD-10-CM code or header. A small handle: its getters read the compiled tables.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Icd10CmCode {
    inner: cm::Code,
}

impl From<cm::Code> for Icd10CmCode {
    fn from(inner: cm::Code) -> Icd10CmCode {
        Icd10CmCode { inner }
    }
}

fn title_js(title: Option<cm::Title>) -> Option<String> {
    title.map(|t| t.text.into_owned())
}

#[wasm_bindgen]
impl Icd10CmCode {
    /// Canonical dotted form, e.g. `'E11.9'`.
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.inner.code().as_str().to_owned()
    }

    /// Undotted form, e.g. `'E119'`.
    #[wasm_bindgen(getter)]
    pub fn undotted(&self) -> String {
        self.inner.undotted().as_str().to_owned()
    }

    /// `'category'`, `'subcategory'` or `'code'` (billable leaf), in the newest release
    /// that has it.
    #[wasm_bindgen(getter, unchecked_return_type = "CodeKind")]
    pub fn kind(&self) -> JsValue {
        kind_str(self.inner.kind())
    }

    /// The kind on a date.
    #[wasm_bindgen(js_name = kindOn, unchecked_return_type = "CodeKind")]
    pub fn kind_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        Ok(kind_str(self.inner.kind_on(date_arg(&date, "date")?)))
    }

    /// Billable in the newest release that has it.
    #[wasm_bindgen(getter)]
    pub fn billable(&self) -> bool {
        self.inner.is_billable()
    }

    /// Valid and billable on the date.
    #[wasm_bindgen(js_name = isBillableOn)]
    pub fn is_valid_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self.inner.is_valid_on(date_arg(&date, "date")?))
    }

    /// Valid on the date, as a billable code or as a header.
    #[wasm_bindgen(js_name = isPresentOn)]
    pub fn is_present_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self.inner.is_present_on(date_arg(&date, "date")?))
    }

    /// The long title from the newest source that has the code (`undefined` without
    /// titles in the module, or when no source has one).
    #[wasm_bindgen(getter)]
    pub fn title(&self) -> Option<String> {
        title_js(self.inner.title())
    }

    /// The long title in force on a date of service.
    #[wasm_bindgen(js_name = titleOn)]
    pub fn title_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<Option<String>, JsValue> {
        Ok(title_js(self.inner.title_on(date_arg(&date, "date")?)))
    }

    /// The short (abbreviated) title in force on a date, where a source has one.
    #[wasm_bindgen(js_name = shortTitleOn)]
    pub fn short_title_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<Option<String>, JsValue> {
        Ok(title_js(
            self.inner.short_title_on(date_arg(&date, "date")?),
        ))
    }

    /// The long title in force on a date with the release it comes from:
    /// `{ text, source: { name, effective, origin } }`.
    #[wasm_bindgen(
        js_name = titleDetailsOn,
        unchecked_return_type = "{ text: string; source: TitleSource } | undefined"
    )]
    pub fn title_details_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(match self.inner.title_on(date) {
            Some(t) => Obj::new()
                .set("text", t.text.as_ref())
                .set("source", title_source_js(t.source))
                .into_js(),
            None => JsValue::UNDEFINED,
        })
    }

    /// The date ranges in which the code is valid (billable or header), merged.
    #[wasm_bindgen(getter, unchecked_return_type = "ValidityRange[]")]
    pub fn validity(&self) -> JsValue {
        array(self.inner.validity(), |r| range_js(&r).into_js())
    }

    /// Every validity span with its billable status and Medicare Code Editor flags.
    #[wasm_bindgen(getter, js_name = validitySpans, unchecked_return_type = "ValiditySpan[]")]
    pub fn validity_spans(&self) -> JsValue {
        array(self.inner.validity_spans(), |s| {
            range_js(&s.range)
                .set("billable", s.billable)
                .set(
                    "mceFlags",
                    array(s.mce_flags.iter(), |f| interned(f.name())),
                )
                .into_js()
        })
    }

    /// The MCE edit flags in force on a date (`undefined` when not billable then).
    #[wasm_bindgen(js_name = mceFlagsOn, unchecked_return_type = "string[] | undefined")]
    pub fn mce_flags_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(match self.inner.mce_flags_on(date) {
            Some(flags) => array(flags.iter(), |f| interned(f.name())),
            None => JsValue::UNDEFINED,
        })
    }

    /// The instructional notes in force for the code: its own, then those it inherits
    /// from its ancestors (nearest first), its block and its chapter (`inherited` tells
    /// which). Empty without notes in the module (`buildInfo().notes`).
    #[wasm_bindgen(getter, unchecked_return_type = "Note[]")]
    pub fn notes(&self) -> JsValue {
        notes_js(&self.inner.notes())
    }

    /// The 7th characters the code (or the codes below it) take, from its own definition
    /// or the nearest ancestor's: `{ definedAt, note, characters: [{ character, meaning }] }`,
    /// `undefined` for codes that take none. Which of them make a valid code on a date is
    /// up to the code table (`validate`).
    #[wasm_bindgen(getter, js_name = seventhCharacters, unchecked_return_type = "SeventhCharacterDef | undefined")]
    pub fn seventh_characters(&self) -> JsValue {
        match self.inner.seventh_characters() {
            Some(d) => Obj::new()
                .set("definedAt", d.defined_at.as_str())
                .set("note", str_or_null(d.note))
                .set("characters", seventh_characters_js(&d.characters))
                .into_js(),
            None => JsValue::UNDEFINED,
        }
    }

    /// The code one level up (`undefined` for a category: see `block`).
    #[wasm_bindgen(getter)]
    pub fn parent(&self) -> Option<Icd10CmCode> {
        self.inner.parent().map(Icd10CmCode::from)
    }

    /// Parent, grandparent, ... up to the category (nearest first).
    pub fn ancestors(&self) -> Vec<Icd10CmCode> {
        self.inner.ancestors().map(Icd10CmCode::from).collect()
    }

    /// The codes one level below, in code order, across all releases.
    pub fn children(&self) -> Vec<Icd10CmCode> {
        self.inner.children().map(Icd10CmCode::from).collect()
    }

    /// Every code below this one, in code order, across all releases.
    pub fn descendants(&self) -> Vec<Icd10CmCode> {
        self.inner.descendants().map(Icd10CmCode::from).collect()
    }

    /// The block (section) of the code's category.
    #[wasm_bindgen(getter)]
    pub fn block(&self) -> Option<Icd10CmBlock> {
        self.inner.block().map(|inner| Icd10CmBlock { inner })
    }

    /// The chapter of the code.
    #[wasm_bindgen(getter)]
    pub fn chapter(&self) -> Option<Icd10CmChapter> {
        self.inner.chapter().map(|inner| Icd10CmChapter { inner })
    }

    /// Whether two handles are the same code.
    pub fn equals(&self, other: &Icd10CmCode) -> bool {
        self.inner == other.inner
    }

    /// The dotted code.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.code()
    }

    /// `{ code, undotted, kind, billable, title }` for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "CodeJSON")]
    pub fn to_json(&self) -> JsValue {
        Obj::new()
            .set("code", self.code())
            .set("undotted", self.undotted())
            .set("kind", self.kind())
            .set("billable", self.billable())
            .set("title", str_or_null(self.title().as_deref()))
            .into_js()
    }
}

/// A chapter of the tabular list, e.g. 4 "Endocrine, nutritional and metabolic diseases".
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Icd10CmChapter {
    inner: cm::Chapter,
}

#[wasm_bindgen]
impl Icd10CmChapter {
    /// 1-22.
    #[wasm_bindgen(getter)]
    pub fn number(&self) -> u8 {
        self.inner.number()
    }

    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    /// First category, e.g. `'E00'`.
    #[wasm_bindgen(getter)]
    pub fn first(&self) -> String {
        self.inner.range().0.to_owned()
    }

    /// Last category, e.g. `'E89'`.
    #[wasm_bindgen(getter)]
    pub fn last(&self) -> String {
        self.inner.range().1.to_owned()
    }

    /// The instructional notes of the chapter (empty without notes in the module).
    #[wasm_bindgen(getter, unchecked_return_type = "Note[]")]
    pub fn notes(&self) -> JsValue {
        notes_js(&self.inner.notes())
    }

    /// The blocks of the chapter, in order.
    pub fn blocks(&self) -> Vec<Icd10CmBlock> {
        self.inner
            .blocks()
            .map(|inner| Icd10CmBlock { inner })
            .collect()
    }

    /// `{ number, title, first, last }`.
    #[wasm_bindgen(
        js_name = toJSON,
        unchecked_return_type = "{ number: number; title: string; first: string; last: string }"
    )]
    pub fn to_json(&self) -> JsValue {
        Obj::new()
            .set("number", self.number())
            .set("title", self.title())
            .set("first", self.first())
            .set("last", self.last())
            .into_js()
    }
}

/// A block (section) of categories, e.g. `E08-E13` "Diabetes mellitus".
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct Icd10CmBlock {
    inner: cm::Block,
}

#[wasm_bindgen]
impl Icd10CmBlock {
    /// The range as written in the tabular list, e.g. `'E08-E13'`.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.inner.title().to_owned()
    }

    #[wasm_bindgen(getter)]
    pub fn chapter(&self) -> Icd10CmChapter {
        Icd10CmChapter {
            inner: self.inner.chapter(),
        }
    }

    /// The instructional notes of the block (empty without notes in the module).
    #[wasm_bindgen(getter, unchecked_return_type = "Note[]")]
    pub fn notes(&self) -> JsValue {
        notes_js(&self.inner.notes())
    }

    /// The categories in the block (all releases), in code order.
    pub fn categories(&self) -> Vec<Icd10CmCode> {
        self.inner.categories().map(Icd10CmCode::from).collect()
    }

    /// `{ id, title, chapter }` (chapter by number).
    #[wasm_bindgen(
        js_name = toJSON,
        unchecked_return_type = "{ id: string; title: string; chapter: number }"
    )]
    pub fn to_json(&self) -> JsValue {
        Obj::new()
            .set("id", self.id())
            .set("title", self.title())
            .set("chapter", self.inner.chapter().number())
            .into_js()
    }
}
