//! The GEMs (`medcodes::gems`, feature `icd9`, full build only): `gemsMap(code, to)`
//! through the bundled GEM, every row with its five flags. The rules are the core's.

use medcodes::gems::{self, Direction, GemError, Mapping};
use medcodes::CodeSystem;
use wasm_bindgen::prelude::*;

use crate::js::{array, interned, str_or_null, string_arg, Obj};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One row of a GEM mapping: the target (`null`: no map) and the row's five flags. */
export interface GemTarget {
  code: string | null;
  /** The five flag digits as CMS writes them, e.g. `'10112'`. */
  flags: string;
  approximate: boolean; noMap: boolean; combination: boolean;
  scenario: number; choiceList: number;
}
/** What a GEM says about one code: every row, by scenario, choice list and target. */
export interface GemMapping {
  source: string; sourceSystem: string; targetSystem: string;
  /** Which GEM release answered. */
  release: string;
  targets: GemTarget[];
}
"#;

fn mapping_js(m: &Mapping) -> JsValue {
    Obj::new()
        .set("source", m.source.as_str())
        .set("sourceSystem", interned(m.direction.from().id()))
        .set("targetSystem", interned(m.direction.to().id()))
        .set("release", m.release.as_str())
        .set(
            "targets",
            array(&m.targets, |t| {
                Obj::new()
                    .set("code", str_or_null(t.code.as_deref()))
                    .set("flags", t.flags.digits())
                    .set("approximate", t.flags.approximate)
                    .set("noMap", t.flags.no_map)
                    .set("combination", t.flags.combination)
                    .set("scenario", t.flags.scenario)
                    .set("choiceList", t.flags.choice_list)
                    .into_js()
            }),
        )
        .into_js()
}

fn gem_error(input: &str, e: &GemError) -> JsValue {
    let kind = match e {
        GemError::Malformed { .. } => "malformed",
        GemError::NotInMap { .. } => "not_in_map",
        GemError::NotBundled { .. } => "not_bundled",
        GemError::NoDirection { .. } => "no_direction",
        _ => "other",
    };
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("GemError");
    let _ = js_sys::Reflect::set(&err, &"kind".into(), &kind.into());
    let _ = js_sys::Reflect::set(&err, &"code".into(), &input.into());
    err.into()
}

/// Maps a code through the bundled GEM into `to`: `'icd10cm'` (from ICD-9-CM diagnoses,
/// the FY2016 GEM), `'icd9cm'` (from ICD-10-CM), `'icd10pcs'` (from ICD-9-CM procedures).
/// Throws a `GemError` (`kind`: `'malformed'`, `'not_in_map'`, `'not_bundled'`,
/// `'no_direction'`) when the GEM has no row for the code.
#[wasm_bindgen(js_name = gemsMap, unchecked_return_type = "GemMapping")]
pub fn gems_map(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
) -> Result<JsValue, JsValue> {
    let code = string_arg(&code, "code")?;
    let to_id = string_arg(&to, "to")?;
    let Some(to) = CodeSystem::from_id(&to_id).filter(|s| Direction::towards(*s).is_some()) else {
        let ids: Vec<&str> = Direction::ALL.iter().map(|d| d.to().id()).collect();
        return Err(js_sys::RangeError::new(&format!(
            "to: no GEM maps to {to_id:?}: expected {}",
            ids.join(", ")
        ))
        .into());
    };
    gems::map(&code, to)
        .map(|m| mapping_js(&m))
        .map_err(|e| gem_error(&code, &e))
}
