//! The Elixhauser Comorbidity Software Refined for ICD-10-CM, v2026.1 (AHRQ): 38
//! comorbidity measures from a record's secondary diagnoses, with the present-on-admission
//! (POA) rules and exclusions of AHRQ's mapping program, and its in-hospital mortality and
//! 30-day readmission indices.
//!
//! The code-to-measure mapping and which measures use POA are AHRQ's reference file
//! (`CMR-Reference-File-v2026-1.xlsx`, generated into tables); the index weights are
//! `core/data/elixhauser-index-weights-v2026-1.tsv`, from AHRQ's index program. The rules,
//! as AHRQ's mapping program applies them to each secondary diagnosis:
//!
//! - a measure that does not use POA counts whatever the diagnosis's POA indicator;
//! - a measure that uses POA counts when the diagnosis was present on admission (`Y`,
//!   `W`) or is exempt from POA reporting;
//! - cerebrovascular disease counts when a cerebrovascular diagnosis was present on
//!   admission, or when only a sequela of one was and no cerebrovascular diagnosis is
//!   marked not present on admission (`N`, `U`);
//! - exclusions: diabetes with complications removes diabetes without, complicated
//!   hypertension uncomplicated, metastatic cancer solid tumours and in situ, a solid
//!   tumour in situ, severe liver and renal disease their mild and moderate forms.
//!
//! AHRQ counts secondary diagnoses only: leave the principal diagnosis out.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::OnceLock;

use crate::batch::Strings;
use crate::codeset::LengthMismatch;
use crate::generated::elixhauser as data;
use crate::key::CodeKey;

const WEIGHTS: &str = include_str!("../../data/elixhauser-index-weights-v2026-1.tsv");

/// One of the 38 Elixhauser measures (`ElixhauserMeasure::all()`, in AHRQ's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElixhauserMeasure(u8);

impl ElixhauserMeasure {
    /// Number of measures.
    pub const COUNT: usize = 38;

    /// Every measure, in AHRQ's order (alphabetical by id).
    pub fn all() -> impl Iterator<Item = ElixhauserMeasure> {
        (0..data::MEASURES.len() as u8).map(ElixhauserMeasure)
    }

    /// The measure with this id (`"HF"`, `"CMR_HF"`, any case).
    pub fn from_id(id: &str) -> Option<ElixhauserMeasure> {
        let id = id.trim();
        let id = id
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("CMR_"))
            .map_or(id, |_| &id[4..]);
        data::MEASURES
            .iter()
            .position(|m| m.0.eq_ignore_ascii_case(id))
            .map(|i| ElixhauserMeasure(i as u8))
    }

    /// The id without AHRQ's `CMR_` prefix: `"HF"`, `"DIAB_CX"`.
    pub fn id(self) -> &'static str {
        data::MEASURES[self.0 as usize].0
    }

    /// AHRQ's description: `"Heart failure"`.
    pub fn description(self) -> &'static str {
        data::MEASURES[self.0 as usize].1
    }

    /// Whether the measure counts only diagnoses present on admission (or exempt).
    pub fn uses_poa(self) -> bool {
        data::MEASURES[self.0 as usize].2
    }

    /// Its weight in the in-hospital mortality index.
    pub fn mortality_weight(self) -> i32 {
        weights()[self.0 as usize].0
    }

    /// Its weight in the 30-day readmission index.
    pub fn readmission_weight(self) -> i32 {
        weights()[self.0 as usize].1
    }

    /// The measures of an ICD-10-CM code (any case, dot optional) on its own, before POA
    /// rules and exclusions: what AHRQ's reference file maps it to.
    pub fn of(code: &str) -> Result<Vec<ElixhauserMeasure>, ElixhauserError> {
        let bits = code_bits(code)?;
        let mut out: Vec<ElixhauserMeasure> = (0..data::COLUMNS.len())
            .filter(|i| bits & (1 << i) != 0)
            .map(|i| ElixhauserMeasure(data::COLUMNS[i].1))
            .collect();
        out.dedup();
        Ok(out)
    }
}

impl std::fmt::Display for ElixhauserMeasure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.description())
    }
}

fn weights() -> &'static [(i32, i32)] {
    static W: OnceLock<Vec<(i32, i32)>> = OnceLock::new();
    W.get_or_init(|| {
        let mut w = vec![(0, 0); data::MEASURES.len()];
        for line in WEIGHTS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let f: Vec<&str> = line.split('\t').collect();
            if let (Some(m), Some(Ok(mw)), Some(Ok(rw))) = (
                f.first().and_then(|id| ElixhauserMeasure::from_id(id)),
                f.get(1).map(|s| s.parse()),
                f.get(2).map(|s| s.parse()),
            ) {
                w[m.0 as usize] = (mw, rw);
            }
        }
        w
    })
}

/// A diagnosis's present-on-admission indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Poa {
    /// `Y`: present on admission.
    Yes,
    /// `N`: not present on admission.
    No,
    /// `U`: documentation insufficient to tell.
    Unknown,
    /// `W`: clinically undetermined.
    ClinicallyUndetermined,
    /// `1`: exempt from POA reporting (counts as present).
    Exempt,
}

impl Poa {
    /// Reads a POA indicator: `Y`, `N`, `U`, `W` or `1` (exempt), either case.
    pub fn parse(s: &str) -> Result<Poa, ElixhauserError> {
        match s.trim() {
            "Y" | "y" => Ok(Poa::Yes),
            "N" | "n" => Ok(Poa::No),
            "U" | "u" => Ok(Poa::Unknown),
            "W" | "w" => Ok(Poa::ClinicallyUndetermined),
            "1" => Ok(Poa::Exempt),
            other => Err(ElixhauserError::Poa {
                input: crate::error::shorten(other),
            }),
        }
    }

    /// Counts as present on admission for the measures that use POA.
    pub fn counts_as_present(self) -> bool {
        matches!(self, Poa::Yes | Poa::ClinicallyUndetermined | Poa::Exempt)
    }

    fn says_not_present(self) -> bool {
        matches!(self, Poa::No | Poa::Unknown)
    }
}

/// Why an Elixhauser call could not answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ElixhauserError {
    /// Not shaped like an ICD-10-CM code.
    #[error("{input:?} is not an ICD-10-CM code: {why}")]
    NotACode { input: String, why: &'static str },
    #[error("{input:?} is not a POA indicator: expected Y, N, U, W or 1 (exempt)")]
    Poa { input: String },
    #[error(transparent)]
    Length(#[from] LengthMismatch),
}

/// A record's Elixhauser measures and indices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elixhauser {
    /// The measures present after the POA rules and exclusions, in AHRQ's order.
    pub measures: Vec<ElixhauserMeasure>,
    /// The in-hospital mortality index: the sum of the measures' mortality weights.
    pub mortality_index: i32,
    /// The 30-day readmission index.
    pub readmission_index: i32,
}

use crate::key::loose_key as read_key;

fn u64_at(b: &[u8], o: usize) -> u64 {
    match b.get(o..o + 8) {
        Some(s) => u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
        None => 0,
    }
}

/// The mapping columns of a packed code (0: none).
fn bits_of(key: CodeKey) -> u64 {
    let count = (data::SLOTS.len() / 16) as u32;
    let n_disps = (data::DISPS.len() / 8) as u32;
    if count == 0 || n_disps == 0 {
        return 0;
    }
    let h = crate::key::hash_key(key.0, data::HASH_KEY);
    let d = (h.g % n_disps) as usize * 8;
    let d1 = u64_at(data::DISPS, d) as u32;
    let d2 = (u64_at(data::DISPS, d) >> 32) as u32;
    let slot = crate::key::displace(h, d1, d2, count) as usize * 16;
    if u64_at(data::SLOTS, slot) == key.0 {
        u64_at(data::SLOTS, slot + 8)
    } else {
        0
    }
}

fn code_bits(code: &str) -> Result<u64, ElixhauserError> {
    read_key(code.as_bytes())
        .map(bits_of)
        .map_err(|why| ElixhauserError::NotACode {
            input: crate::error::shorten(code),
            why,
        })
}

/// The column indices that need AHRQ's special handling.
struct Columns {
    cbvd_poa: u32,
    cbvd_sqla: u32,
    /// Bits of the columns whose measure uses POA.
    poa: u64,
    /// Measure index of each column.
    measure: Vec<u8>,
}

fn columns() -> &'static Columns {
    static C: OnceLock<Columns> = OnceLock::new();
    C.get_or_init(|| {
        let at = |name: &str| {
            data::COLUMNS
                .iter()
                .position(|c| c.0 == name)
                .map_or(u32::MAX, |i| i as u32)
        };
        let mut poa = 0u64;
        for (i, c) in data::COLUMNS.iter().enumerate() {
            if data::MEASURES.get(c.1 as usize).is_some_and(|m| m.2) {
                poa |= 1 << i;
            }
        }
        Columns {
            cbvd_poa: at("CBVD_POA"),
            cbvd_sqla: at("CBVD_SQLA"),
            poa,
            measure: data::COLUMNS.iter().map(|c| c.1).collect(),
        }
    })
}

/// What a record's diagnoses have set so far.
#[derive(Clone, Copy, Debug, Default)]
struct Accumulator {
    /// Mapping columns counted (POA rules applied).
    columns: u64,
    /// A cerebrovascular diagnosis marked not present on admission.
    cbvd_not_poa: bool,
}

impl Accumulator {
    fn add(&mut self, bits: u64, poa: Option<Poa>) {
        let c = columns();
        let present = poa.is_some_and(Poa::counts_as_present);
        self.columns |= bits & !c.poa;
        if present {
            self.columns |= bits & c.poa;
        }
        if poa.is_some_and(Poa::says_not_present) && bit(bits, c.cbvd_poa) {
            self.cbvd_not_poa = true;
        }
    }

    fn finish(self) -> Elixhauser {
        let c = columns();
        let mut present = [false; ElixhauserMeasure::COUNT];
        for (i, &m) in c.measure.iter().enumerate() {
            let special = i as u32 == c.cbvd_poa || i as u32 == c.cbvd_sqla;
            if !special && bit(self.columns, i as u32) {
                if let Some(p) = present.get_mut(m as usize) {
                    *p = true;
                }
            }
        }
        let cbvd_poa = bit(self.columns, c.cbvd_poa);
        let cbvd_sqla = bit(self.columns, c.cbvd_sqla);
        let set = |present: &mut [bool; ElixhauserMeasure::COUNT], id: &str, value: bool| {
            if let Some(m) = ElixhauserMeasure::from_id(id) {
                present[m.0 as usize] = value;
            }
        };
        let has = |present: &[bool; ElixhauserMeasure::COUNT], id: &str| {
            ElixhauserMeasure::from_id(id).is_some_and(|m| present[m.0 as usize])
        };
        if cbvd_poa || (!self.cbvd_not_poa && cbvd_sqla) {
            set(&mut present, "CBVD", true);
        }
        for (over, removed) in [
            ("DIAB_CX", &["DIAB_UNCX"][..]),
            ("HTN_CX", &["HTN_UNCX"]),
            ("CANCER_METS", &["CANCER_SOLID", "CANCER_NSITU"]),
            ("CANCER_SOLID", &["CANCER_NSITU"]),
            ("LIVER_SEV", &["LIVER_MLD"]),
            ("RENLFL_SEV", &["RENLFL_MOD"]),
        ] {
            if has(&present, over) {
                for r in removed {
                    set(&mut present, r, false);
                }
            }
        }
        let measures: Vec<ElixhauserMeasure> = ElixhauserMeasure::all()
            .filter(|m| present[m.0 as usize])
            .collect();
        Elixhauser {
            mortality_index: measures.iter().map(|m| m.mortality_weight()).sum(),
            readmission_index: measures.iter().map(|m| m.readmission_weight()).sum(),
            measures,
        }
    }
}

fn bit(bits: u64, i: u32) -> bool {
    i < 64 && bits & (1 << i) != 0
}

/// The Elixhauser measures and indices of one record's secondary diagnoses, each with its
/// POA indicator (`None`: not reported, which counts as not present on admission for the
/// measures that use POA).
///
/// ```
/// use medcodes::comorbidity::{elixhauser, ElixhauserMeasure, Poa};
/// let e = elixhauser(&[("I50.9", Some(Poa::Yes)), ("E11.9", None), ("N18.6", Some(Poa::No))])?;
/// let ids: Vec<&str> = e.measures.iter().map(|m| m.id()).collect();
/// // Heart failure was present on admission; renal failure was not, so it does not count.
/// assert_eq!(ids, ["DIAB_UNCX", "HF"]);
/// assert_eq!((e.mortality_index, e.readmission_index), (14, 7));
/// # Ok::<(), medcodes::comorbidity::ElixhauserError>(())
/// ```
pub fn elixhauser<S: AsRef<str>>(
    diagnoses: &[(S, Option<Poa>)],
) -> Result<Elixhauser, ElixhauserError> {
    let mut acc = Accumulator::default();
    for (code, poa) in diagnoses {
        acc.add(code_bits(code.as_ref())?, *poa);
    }
    Ok(acc.finish())
}

/// Each patient's (or record's) Elixhauser measures from a long table: a patient id, a
/// secondary diagnosis and its POA indicator a row (`poa`: `None` when the table has no
/// POA column). Patients in the order first met; rows whose diagnosis is null count for
/// nothing; a diagnosis not shaped like a code is an error naming its row.
pub fn elixhauser_by_patient<P: Copy + Eq + Hash>(
    patients: &[P],
    codes: &[Strings<'_>],
    poa: Option<&[Option<Poa>]>,
) -> Result<Vec<(P, Elixhauser)>, ElixhauserRowError> {
    let rows: usize = codes.iter().map(Strings::len).sum();
    for n in [Some(patients.len()), poa.map(<[_]>::len)]
        .into_iter()
        .flatten()
    {
        if n != rows {
            return Err(ElixhauserRowError {
                row: None,
                error: ElixhauserError::Length(LengthMismatch {
                    codes: rows,
                    dates: n,
                }),
            });
        }
    }
    let mut order: Vec<P> = Vec::new();
    let mut slot: HashMap<P, usize> = HashMap::new();
    let mut acc: Vec<Accumulator> = Vec::new();
    let mut row = 0usize;
    for column in codes {
        for i in 0..column.len() {
            let p = patients[row];
            let s = *slot.entry(p).or_insert_with(|| {
                order.push(p);
                acc.push(Accumulator::default());
                acc.len() - 1
            });
            if let Some(bytes) = column.get(i) {
                let bits = read_key(bytes)
                    .map(bits_of)
                    .map_err(|why| ElixhauserRowError {
                        row: Some(row),
                        error: ElixhauserError::NotACode {
                            input: crate::error::shorten(&String::from_utf8_lossy(bytes)),
                            why,
                        },
                    })?;
                acc[s].add(bits, poa.and_then(|p| p[row]));
            }
            row += 1;
        }
    }
    Ok(order
        .into_iter()
        .zip(acc)
        .map(|(p, a)| (p, a.finish()))
        .collect())
}

/// An error of [`elixhauser_by_patient`], with the row it is about.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{error}", row.map(|r| format!("row {r}: ")).unwrap_or_default())]
pub struct ElixhauserRowError {
    pub row: Option<usize>,
    pub error: ElixhauserError,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::OwnedStrings;

    fn ids(e: &Elixhauser) -> Vec<&'static str> {
        e.measures.iter().map(|m| m.id()).collect()
    }

    #[test]
    fn the_tables_and_weights_read_whole() {
        assert_eq!(ElixhauserMeasure::all().count(), ElixhauserMeasure::COUNT);
        assert_eq!(data::CODES, 4_567);
        assert_eq!(
            ElixhauserMeasure::all().filter(|m| m.uses_poa()).count(),
            18
        );
        // Every measure has a weight line (the file lists each once).
        let lines = WEIGHTS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        assert_eq!(lines, 38);
        let hf = ElixhauserMeasure::from_id("cmr_hf").unwrap();
        assert_eq!((hf.id(), hf.description()), ("HF", "Heart failure"));
        assert_eq!((hf.mortality_weight(), hf.readmission_weight()), (14, 7));
        let mets = ElixhauserMeasure::from_id("CANCER_METS").unwrap();
        assert_eq!(
            (mets.mortality_weight(), mets.readmission_weight()),
            (22, 11)
        );
        assert!(ElixhauserMeasure::from_id("XYZ").is_none());
        assert_eq!(
            ElixhauserMeasure::of("I50.9")
                .unwrap()
                .iter()
                .map(|m| m.id())
                .collect::<Vec<_>>(),
            ["HF"]
        );
        assert!(ElixhauserMeasure::of("Z00.00").unwrap().is_empty());
        assert!(ElixhauserMeasure::of("I50-9").is_err());
    }

    #[test]
    fn poa_rules_cerebrovascular_disease_and_exclusions() {
        let e = |d: &[(&str, Option<Poa>)]| elixhauser(d).unwrap();
        // A POA measure needs Y, W or exempt.
        for (poa, counts) in [
            (Some(Poa::Yes), true),
            (Some(Poa::ClinicallyUndetermined), true),
            (Some(Poa::Exempt), true),
            (Some(Poa::No), false),
            (Some(Poa::Unknown), false),
            (None, false),
        ] {
            assert_eq!(ids(&e(&[("I50.9", poa)])) == ["HF"], counts, "{poa:?}");
            // A measure without POA counts whatever the indicator.
            assert_eq!(ids(&e(&[("E11.9", poa)])), ["DIAB_UNCX"], "{poa:?}");
        }
        // Cerebrovascular disease: on admission; or a sequela alone, unless another
        // cerebrovascular diagnosis is marked not present on admission.
        let stroke = "I63.9";
        let sequela = "I69.351";
        assert_eq!(ids(&e(&[(stroke, Some(Poa::Yes))])), ["CBVD"]);
        assert!(ids(&e(&[(stroke, Some(Poa::No))])).is_empty());
        assert!(ids(&e(&[(sequela, Some(Poa::Yes))])).contains(&"CBVD"));
        assert!(!ids(&e(&[(sequela, Some(Poa::Yes)), (stroke, Some(Poa::No))])).contains(&"CBVD"));
        assert!(ids(&e(&[(sequela, Some(Poa::Yes)), (stroke, Some(Poa::Yes))])).contains(&"CBVD"));
        // Exclusions.
        assert_eq!(ids(&e(&[("E11.9", None), ("E11.22", None)])), ["DIAB_CX"]);
        assert_eq!(
            ids(&e(&[
                ("C34.90", None),
                ("C78.00", None),
                ("D05.10", None),
                ("C91.10", None)
            ])),
            ["CANCER_LEUK", "CANCER_METS"]
        );
        let x = e(&[
            ("I10", None),
            ("K70.30", Some(Poa::Yes)),
            ("K72.10", Some(Poa::Yes)),
        ]);
        assert_eq!(ids(&x), ["HTN_UNCX", "LIVER_SEV"]);
        assert!(matches!(
            elixhauser(&[("E11 9", None)]),
            Err(ElixhauserError::NotACode { .. })
        ));
        assert_eq!(Poa::parse(" w "), Ok(Poa::ClinicallyUndetermined));
        assert!(matches!(Poa::parse("X"), Err(ElixhauserError::Poa { .. })));
    }

    #[test]
    fn a_long_table_groups_by_patient() {
        let mut codes = OwnedStrings::with_capacity(5);
        for c in [
            Some("I50.9"),
            Some("E11.9"),
            None,
            Some("N18.6"),
            Some("I50.9"),
        ] {
            match c {
                Some(c) => codes.push(c.as_bytes()),
                None => codes.push_null(),
            }
        }
        codes.finish();
        let poa = [Some(Poa::Yes), None, None, Some(Poa::Yes), Some(Poa::No)];
        let out =
            elixhauser_by_patient(&[1u32, 1, 2, 2, 3], &[codes.strings()], Some(&poa)).unwrap();
        let got: Vec<(u32, Vec<&str>)> = out.iter().map(|(p, e)| (*p, ids(e))).collect();
        assert_eq!(
            got,
            [
                (1, vec!["DIAB_UNCX", "HF"]),
                (2, vec!["RENLFL_SEV"]),
                (3, vec![])
            ]
        );
        assert!(elixhauser_by_patient(&[1u32], &[codes.strings()], None).is_err());
    }
}
