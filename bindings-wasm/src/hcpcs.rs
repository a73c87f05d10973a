//! HCPCS Level II: the `Hcpcs` class and its code handle (feature `hcpcs`). The calls every
//! code system has are stamped by `code_set_classes!` (`codeset.rs`); here are HCPCS's own:
//! sections, the OPPS status indicator, modifiers, the check of a claim line, and a CMS
//! HCPCS file loaded over the built-in quarters (`Hcpcs.withFile`).
//!
//! D codes (CDT) are valid codes with no title: their descriptors are the ADA's. CPT codes
//! are not HCPCS Level II codes here (see `Cpt`, `cpt.rs`).

use medcodes::hcpcs::file::{FileError, Location};
use medcodes::hcpcs::{
    self as hcpcs, FileDifferences, HcpcsRecord, HcpcsSystem, HcpcsWithFile as CoreWithFile,
    LineFinding, Modifier, Section,
};
use medcodes::Date;
use wasm_bindgen::prelude::*;

use crate::codeset::code_set_classes;
use crate::js::{
    array, bytes_arg, date_arg, interned, opt_date_arg, range_js, str_or_null, string_arg,
    strings_arg, ErrorFields, Obj,
};

code_set_classes! {
    #[doc = " The HCPCS Level II codes (supplies, drugs, ambulance, DME and the services CPT"]
    #[doc = " lacks) by quarter, 2019-07-01 onward, with their CMS short descriptors and OPPS"]
    #[doc = " status indicators. CPT codes are not in it (see `Cpt`); D codes (CDT) are valid"]
    #[doc = " codes without a title (their text is the ADA's). Cheap to create: the tables are"]
    #[doc = " compiled into the module."]
    Hcpcs,
    #[doc = " An HCPCS Level II code, or the start of one (a letter and up to four digits,"]
    #[doc = " naming the codes below it). A small handle: its getters read the compiled tables."]
    HcpcsCode: "HcpcsCodeJSON",
    HcpcsSystem
}

// The types of HCPCS's results are declared in lib.rs, for every build (`Enumerations`
// names `LineFindingKind`).
#[wasm_bindgen(typescript_custom_section)]
const BATCH_CALLS: &'static str = "export interface Hcpcs extends BatchCalls {}";

#[wasm_bindgen]
impl Hcpcs {
    /// The canonical form (upper case, a letter and up to four digits), or `undefined`
    /// when the input is not shaped like an HCPCS Level II code or the start of one.
    pub fn normalize(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(hcpcs::normalize(&code).ok().map(|n| n.as_str().to_owned()))
    }

    /// The sections of HCPCS Level II, in letter order.
    #[wasm_bindgen(unchecked_return_type = "HcpcsSection[]")]
    pub fn sections(&self) -> JsValue {
        array(Section::all(), section_js)
    }

    /// A modifier by its two characters (either case), if any quarter of the data lists
    /// it (`undefined` otherwise).
    pub fn modifier(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] modifier: JsValue,
    ) -> Result<Option<HcpcsModifier>, JsValue> {
        let modifier = string_arg(&modifier, "modifier")?;
        Ok(self.inner.modifier(&modifier).map(HcpcsModifier::from))
    }

    /// The modifiers valid on a date, or with no date every modifier any quarter lists; in
    /// order (CPT's two-digit modifiers first).
    pub fn modifiers(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "DateInput")] date: JsValue,
    ) -> Result<Vec<HcpcsModifier>, JsValue> {
        Ok(match opt_date_arg(&date, "date")? {
            Some(date) => self
                .inner
                .modifiers_valid_on(date)
                .map(HcpcsModifier::from)
                .collect(),
            None => self.inner.modifiers().map(HcpcsModifier::from).collect(),
        })
    }

    /// Checks a claim line: the code and its modifiers (at most four) on a date of
    /// service. Each finding names the code or modifier and why (an invalid code,
    /// unknown or misspelt modifiers, one not valid on the date, a modifier twice, LT with
    /// RT, 50 with a side); none means the line is clean. Only wrong argument types
    /// (`TypeError`) or an unreadable date (`DateError`) throw.
    #[wasm_bindgen(js_name = checkLine, unchecked_return_type = "LineFinding[]")]
    pub fn check_line(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<string>")] modifiers: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        let modifiers = strings_arg(&modifiers, "modifiers")?;
        let date = date_arg(&date, "date")?;
        let modifiers: Vec<&str> = modifiers.iter().map(String::as_str).collect();
        Ok(array(
            &self.inner.check_line(&code, &modifiers, date),
            line_finding_js,
        ))
    }

    /// Loads a CMS HCPCS file (the fixed-width text file; the xlsx edition is not read by
    /// this module) over the built-in tables. A file that cannot be read throws an
    /// `HcpcsFileError` naming the line, field and value; nothing is half loaded.
    #[wasm_bindgen(js_name = withFile)]
    pub fn with_file(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    ) -> Result<HcpcsWithFile, JsValue> {
        let bytes = bytes_arg(&bytes, "bytes")?;
        Hcpcs::new()
            .inner
            .with_file_bytes(&bytes)
            .map(|inner| HcpcsWithFile { inner })
            .map_err(|e| file_error_js(&e))
    }
}

fn section_js(s: Section) -> JsValue {
    Obj::new()
        .set("letter", s.letter().to_string())
        .set("name", s.name())
        .set("isTemporary", s.is_temporary())
        .into_js()
}

fn line_finding_js(f: &LineFinding) -> JsValue {
    Obj::new()
        .set("kind", interned(f.kind.as_str()))
        .set("subject", f.subject.as_str())
        .set("message", f.message.as_str())
        .set(
            "reason",
            f.error
                .as_ref()
                .map_or(JsValue::NULL, |e| interned(e.kind().as_str())),
        )
        .into_js()
}

#[wasm_bindgen]
impl HcpcsCode {
    /// The section, by the first letter: `{ letter, name, isTemporary }`.
    #[wasm_bindgen(getter, unchecked_return_type = "HcpcsSection | undefined")]
    pub fn section(&self) -> JsValue {
        self.inner.section().map_or(JsValue::UNDEFINED, section_js)
    }

    /// A CDT (dental) D code: a valid HCPCS Level II code whose text is withheld (the
    /// ADA's).
    #[wasm_bindgen(getter, js_name = isDental)]
    pub fn is_dental(&self) -> bool {
        self.inner.is_dental()
    }

    /// The OPPS status indicator in force on the date (e.g. `'K'`, `'N'`), as the
    /// outpatient code editor's quarter lists it; `undefined` outside the code's quarters.
    #[wasm_bindgen(js_name = statusIndicatorOn)]
    pub fn status_indicator_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(self.inner.status_indicator_on(date).map(str::to_owned))
    }
}

impl HcpcsCode {
    /// `toJSON`'s own fields: `{ code, section, isDental, title }`.
    fn json_fields(&self, o: Obj) -> Obj {
        let section = self.inner.section().map(|s| s.letter().to_string());
        o.set("section", str_or_null(section.as_deref()))
            .set("isDental", self.is_dental())
    }
}

/// A modifier any quarter of the data lists: `code` (`'LT'`, `'59'`), `isCpt` (two
/// digits: its number is a fact, its descriptor the AMA's), `validity`, `isValidOn(date)`.
#[wasm_bindgen]
#[derive(Clone, Copy)]
pub struct HcpcsModifier {
    inner: Modifier,
}

impl From<Modifier> for HcpcsModifier {
    fn from(inner: Modifier) -> HcpcsModifier {
        HcpcsModifier { inner }
    }
}

#[wasm_bindgen]
impl HcpcsModifier {
    /// The two characters, upper case: `'LT'`, `'59'`.
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.inner.code().to_owned()
    }

    /// A CPT modifier (two digits): its number is a fact, its descriptor the AMA's.
    #[wasm_bindgen(getter, js_name = isCpt)]
    pub fn is_cpt(&self) -> bool {
        self.inner.is_cpt()
    }

    /// The date ranges in which the modifier is valid (`end` null: still valid at the end
    /// of the data).
    #[wasm_bindgen(getter, unchecked_return_type = "ValidityRange[]")]
    pub fn validity(&self) -> JsValue {
        array(self.inner.validity(), |r| range_js(&r).into_js())
    }

    /// Whether the modifier is valid on the date.
    #[wasm_bindgen(js_name = isValidOn)]
    pub fn is_valid_on(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self.inner.is_valid_on(date_arg(&date, "date")?))
    }

    /// The two characters.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.code()
    }

    /// `{ code, isCpt, validity }`, for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ code: string; isCpt: boolean; validity: ValidityRange[] }")]
    pub fn to_json(&self) -> JsValue {
        Obj::new()
            .set("code", self.code())
            .set("isCpt", self.is_cpt())
            .set("validity", self.validity())
            .into_js()
    }
}

/// The built-in HCPCS Level II tables with a CMS HCPCS file loaded over them
/// (`Hcpcs.withFile`): the built-in quarters decide validity on the dates they cover, the
/// file's add and termination dates on the others; the file adds long descriptions and
/// every field of its records. What is loaded stays in this object's memory.
#[wasm_bindgen]
pub struct HcpcsWithFile {
    inner: CoreWithFile,
}

#[wasm_bindgen]
impl HcpcsWithFile {
    /// The file's record of a code or modifier (any case), or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "HcpcsRecord | undefined")]
    pub fn record(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(self
            .inner
            .record(&code)
            .map_or(JsValue::UNDEFINED, record_js))
    }

    /// The CMS long description of a code or Level II modifier; `undefined` when the file
    /// has none, and for D codes (the ADA's text) and CPT-form codes (the AMA's), even
    /// when a file carries them.
    #[wasm_bindgen(js_name = longDescription)]
    pub fn long_description(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<Option<String>, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(self.inner.long_description(&code).map(str::to_owned))
    }

    /// Why a code is or is not valid on a date: the built-in tables on their dates, the
    /// file's add and termination dates on the others.
    #[wasm_bindgen(unchecked_return_type = "ReasonKind")]
    pub fn reason(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string_arg(&code, "code")?;
        let kind = self.inner.reason(&code, date_arg(&date, "date")?);
        Ok(interned(kind.as_str()))
    }

    /// Whether a code is valid on a date (`reason` is `'valid'`).
    #[wasm_bindgen(js_name = isValid)]
    pub fn is_valid(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<bool, JsValue> {
        let code = string_arg(&code, "code")?;
        Ok(self.inner.is_valid(&code, date_arg(&date, "date")?))
    }

    /// What the file says differently from the built-in tables on a date within their
    /// quarters (outside them, nothing to compare: empty lists).
    #[wasm_bindgen(unchecked_return_type = "HcpcsFileDifferences")]
    pub fn differences(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] date: JsValue,
    ) -> Result<JsValue, JsValue> {
        let date = date_arg(&date, "date")?;
        Ok(differences_js(&self.inner.differences(date), date))
    }

    /// How many records (codes and modifiers) the file has.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.file().len()).unwrap_or(u32::MAX)
    }
}

fn strings(items: &[String]) -> JsValue {
    array(items, |s| JsValue::from_str(s))
}

fn opt_text(value: &Option<String>) -> JsValue {
    str_or_null(value.as_deref())
}

fn opt_char(value: Option<char>) -> JsValue {
    value.map_or(JsValue::NULL, |c| JsValue::from_str(&c.to_string()))
}

fn opt_date(value: Option<Date>) -> JsValue {
    value.map_or(JsValue::NULL, |d| JsValue::from_str(&d.to_string()))
}

fn opt_number(value: Option<u32>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from)
}

/// Every field of a record, camelCased (see the `HcpcsRecord` type).
fn record_js(r: &HcpcsRecord) -> JsValue {
    let (line, row) = match r.location {
        Location::Line(n) => (Some(n), None),
        Location::Row(n) => (None, Some(n)),
    };
    let position = |n: Option<usize>| opt_number(n.map(|n| u32::try_from(n).unwrap_or(u32::MAX)));
    Obj::new()
        .set("code", r.code.as_str())
        .set("line", position(line))
        .set("row", position(row))
        .set("sequence", opt_number(r.sequence))
        .set("recordId", r.record_id.to_string())
        .set("longDescription", r.long_description.as_str())
        .set("shortDescription", r.short_description.as_str())
        .set("pricingIndicators", strings(&r.pricing_indicators))
        .set(
            "multiplePricingIndicator",
            opt_char(r.multiple_pricing_indicator),
        )
        .set("coverageIssuesManual", strings(&r.coverage_issues_manual))
        .set("carriersManual", strings(&r.carriers_manual))
        .set("statute", opt_text(&r.statute))
        .set("labCertifications", strings(&r.lab_certifications))
        .set("crossReferences", strings(&r.cross_references))
        .set("coverage", opt_char(r.coverage))
        .set("ascPaymentGroup", opt_text(&r.asc_payment_group))
        .set("ascEffectiveDate", opt_date(r.asc_effective_date))
        .set("mogPaymentGroup", opt_text(&r.mog_payment_group))
        .set(
            "mogPaymentPolicyIndicator",
            opt_char(r.mog_payment_policy_indicator),
        )
        .set("mogEffectiveDate", opt_date(r.mog_effective_date))
        .set("processingNote", opt_text(&r.processing_note))
        .set("betos", opt_text(&r.betos))
        .set(
            "typesOfService",
            array(&r.types_of_service, |c| JsValue::from_str(&c.to_string())),
        )
        .set(
            "anesthesiaBaseUnits",
            opt_number(r.anesthesia_base_units.map(u32::from)),
        )
        .set("addDate", opt_date(r.add_date))
        .set("actionEffectiveDate", opt_date(r.action_effective_date))
        .set("terminationDate", opt_date(r.termination_date))
        .set("action", opt_char(r.action))
        .set("isModifier", r.is_modifier())
        .set("isDental", r.is_dental())
        .set("isCpt", r.is_cpt())
        .into_js()
}

fn differences_js(d: &FileDifferences, date: Date) -> JsValue {
    Obj::new()
        .set("date", d.date.unwrap_or(date).to_string())
        .set("onlyInFile", strings(&d.only_in_file))
        .set("onlyBuiltIn", strings(&d.only_built_in))
        .set(
            "shortDescriptors",
            array(&d.short_descriptors, |(code, built_in, file)| {
                Obj::new()
                    .set("code", code.as_str())
                    .set("builtIn", built_in.as_str())
                    .set("file", file.as_str())
                    .into_js()
            }),
        )
        .into_js()
}

/// The `HcpcsFileError` of a core [`FileError`], variant by variant (see the type).
fn file_error_js(e: &FileError) -> JsValue {
    fn at(err: ErrorFields, location: &Location, line: &str, row: &str) -> ErrorFields {
        match location {
            Location::Line(n) => err.set(line, *n as f64),
            Location::Row(n) => err.set(row, *n as f64),
        }
    }
    let err = ErrorFields::new("HcpcsFileError", &e.to_string());
    let (err, kind) = match e {
        FileError::Io { path, .. } => (err.set("path", path.to_string_lossy().into_owned()), "io"),
        FileError::Empty => (err, "empty"),
        FileError::Encoding { location, detail } => (
            at(err, location, "line", "row").set("detail", *detail),
            "encoding",
        ),
        FileError::RecordLength {
            location,
            length,
            expected,
        } => (
            at(err, location, "line", "row")
                .set("length", *length as f64)
                .set("expected", format!("{expected} characters")),
            "record_length",
        ),
        FileError::Date {
            location,
            field,
            value,
        } => (
            at(err, location, "line", "row")
                .set("field", *field)
                .set("value", value.as_str())
                .set("expected", "a date (CCYYMMDD) or blanks"),
            "date",
        ),
        FileError::Field {
            location,
            field,
            value,
            expected,
        } => (
            at(err, location, "line", "row")
                .set("field", *field)
                .set("value", value.as_str())
                .set("expected", *expected),
            "field",
        ),
        FileError::ContinuationWithoutFirst {
            location,
            code,
            record_id,
        } => (
            at(err, location, "line", "row")
                .set("code", code.as_str())
                .set("recordId", record_id.to_string()),
            "continuation_without_first",
        ),
        FileError::Sequence {
            location,
            code,
            sequence,
            previous,
        } => (
            at(err, location, "line", "row")
                .set("code", code.as_str())
                .set("sequence", *sequence)
                .set("previous", *previous),
            "sequence",
        ),
        FileError::DuplicateCode {
            location,
            code,
            first,
        } => (
            at(
                at(err, location, "line", "row"),
                first,
                "firstLine",
                "firstRow",
            )
            .set("code", code.as_str()),
            "duplicate_code",
        ),
        FileError::MissingColumns { missing, found } => (
            err.set("missing", array(missing, |m| JsValue::from_str(m)))
                .set("found", strings(found)),
            "missing_columns",
        ),
        FileError::Xlsx { message } => (err.set("detail", message.as_str()), "xlsx"),
        FileError::UnsupportedFormat { format, hint } => (
            err.set("format", *format).set("hint", *hint),
            "unsupported_format",
        ),
        // A reason added to the core before the bindings learn it: still this class.
        _ => (err, "other"),
    };
    err.set("kind", kind).into_js()
}
