//! ICD-10-CM: the `Icd10Cm` class and the code, chapter and block handles. The calls
//! every code system has are stamped by `code_set_classes!` (`codeset.rs`); here are
//! ICD-10-CM's own: notes, chapters, blocks, 7th characters, kinds, search and encounter
//! checks.

use medcodes::icd10cm::{self as cm, CodeKind, Icd10CmSystem};
use medcodes::Date;
use wasm_bindgen::prelude::*;

use crate::codeset::code_set_classes;
use crate::js::{
    array, codes_arg, date_arg, interned, limit_arg, opt_date_arg, seventh_characters_js,
    str_or_null, string_arg, title_source_js, Obj,
};

/// Results of `search` when no `limit` is given.
const DEFAULT_SEARCH_LIMIT: usize = 50;

code_set_classes! {
    #[doc = " The ICD-10-CM code set, FY2016 (2015-10-01) onward. Cheap to create: the tables are"]
    #[doc = " compiled into the module."]
    Icd10Cm,
    #[doc = " An ICD-10-CM code or header. A small handle: its getters read the compiled tables."]
    Icd10CmCode: "CodeJSON",
    Icd10CmSystem
}

#[wasm_bindgen(typescript_custom_section)]
const BATCH_CALLS: &'static str = "export interface Icd10Cm extends BatchCalls {}";

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
    /// The canonical forms of a code, `{ code: 'E11.9', undotted: 'E119' }`, or
    /// `undefined` when the input is not shaped like an ICD-10-CM code (see `verdict`).
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
        let codes = codes_arg(&codes)?;
        let date = date_arg(&date, "date")?;
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

    /// Every instructional note of the tabular list, at chapter, block and code level
    /// (chapters, then blocks, then codes in code order). Empty without notes in the
    /// module.
    #[wasm_bindgen(js_name = allNotes, unchecked_return_type = "Note[]")]
    pub fn all_notes(&self) -> JsValue {
        array(self.inner.all_notes(), |n| note_js(&n))
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
    let limit = limit_arg(&get("limit")?, "options.limit", DEFAULT_SEARCH_LIMIT)?;
    let date = opt_date_arg(&get("date")?, "options.date")?;
    Ok((limit, date))
}

fn kind_str(kind: CodeKind) -> JsValue {
    interned(kind.as_str())
}

#[wasm_bindgen]
impl Icd10CmCode {
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
}

impl Icd10CmCode {
    /// `toJSON`'s own fields: `{ code, undotted, kind, billable, title }`.
    fn json_fields(&self, o: Obj) -> Obj {
        o.set("undotted", self.undotted())
            .set("kind", self.kind())
            .set("billable", self.billable())
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
