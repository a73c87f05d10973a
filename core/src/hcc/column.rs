//! Columns of diagnoses to HCCs, and a long table of (patient, diagnosis) to each
//! patient's categories with the hierarchies applied.
//!
//! A column maps in one pass, each row's key packed on the stack and found by one perfect
//! hash probe (no memo is needed: the probe is cheaper than a hash map's). The answer is
//! long, a (row, category) pair a mapping, because a code maps to none, one or two.

use std::collections::HashMap;
use std::hash::Hash;

use super::{find, read_key, HccError, HccModel, HccModelYear, Present, Variable, ENTRY_SIZE};
use crate::batch::Strings;
use crate::codeset::LengthMismatch;
use crate::date::Date;
use crate::generated::hcc as data;

/// The categories of a column of diagnoses: one (row, category) pair a mapping, rows in
/// order. Rows that map to nothing have no pair; null rows neither; rows that are not
/// shaped like a code are listed in `malformed` (never dropped silently).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HccColumn {
    /// The row of each pair.
    pub rows: Vec<u32>,
    /// The category of each pair: its index among the model-year's variables
    /// ([`HccModelYear::variables`]); with dates a row, among the variables of
    /// `model_years[i]`'s model-year.
    pub categories: Vec<u16>,
    /// The model-year of each pair: all the same with one payment year.
    pub model_years: Vec<HccModelYear>,
    /// Rows whose text is not shaped like an ICD-10-CM code.
    pub malformed: Vec<u32>,
}

impl HccColumn {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The category of pair `i`.
    pub fn variable(&self, i: usize) -> Variable {
        Variable {
            year: self.model_years[i],
            index: self.categories[i],
        }
    }
}

impl HccModelYear {
    /// Maps a column of diagnoses (the chunks of one column, in order).
    pub fn map_column(self, columns: &[Strings<'_>]) -> HccColumn {
        let mut out = HccColumn::default();
        let mut row = 0u32;
        for column in columns {
            for i in 0..column.len() {
                if let Some(bytes) = column.get(i) {
                    map_row(self, bytes, row, &mut out);
                }
                row += 1;
            }
        }
        out.model_years = vec![self; out.rows.len()];
        out
    }
}

#[inline]
fn map_row(year: HccModelYear, bytes: &[u8], row: u32, out: &mut HccColumn) {
    let key = match read_key(bytes) {
        Ok(k) => k,
        Err(_) => {
            out.malformed.push(row);
            return;
        }
    };
    let run = find(key);
    let entries = data::ENTRIES;
    for e in 0..run.len as usize {
        let o = (run.start as usize + e) * ENTRY_SIZE;
        if let Some(b) = entries.get(o..o + ENTRY_SIZE) {
            if u32::from_le_bytes([b[0], b[1], b[2], b[3]]) & year.bit() != 0 {
                out.rows.push(row);
                out.categories.push(u16::from_le_bytes([b[4], b[5]]));
            }
        }
    }
}

/// Maps a column of diagnoses with a date of service a row: each row under the payment
/// year its date counts for (the year of service + 1). A row without a date maps to
/// nothing; a date whose payment year the model lacks is an error naming it.
pub fn map_column_per_row(
    model: HccModel,
    columns: &[Strings<'_>],
    dates: &[Option<Date>],
) -> Result<HccColumn, HccColumnError> {
    let rows: usize = columns.iter().map(Strings::len).sum();
    if rows != dates.len() {
        return Err(HccColumnError::Length(LengthMismatch {
            codes: rows,
            dates: dates.len(),
        }));
    }
    // The model-year of each service year met, looked up once.
    let mut years: HashMap<u16, HccModelYear> = HashMap::new();
    let mut out = HccColumn::default();
    let mut row = 0usize;
    for column in columns {
        for i in 0..column.len() {
            if let (Some(bytes), Some(date)) = (column.get(i), dates[row]) {
                let my = match years.get(&date.year()) {
                    Some(&my) => my,
                    None => {
                        let my = HccModelYear::for_service_date(model, date).map_err(|e| {
                            HccColumnError::Year {
                                row,
                                date,
                                error: e,
                            }
                        })?;
                        years.insert(date.year(), my);
                        my
                    }
                };
                let before = out.rows.len();
                map_row(my, bytes, row as u32, &mut out);
                out.model_years
                    .extend(std::iter::repeat_n(my, out.rows.len() - before));
            }
            row += 1;
        }
    }
    Ok(out)
}

/// Why a column could not be mapped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HccColumnError {
    #[error(transparent)]
    Length(LengthMismatch),
    #[error("row {row}: date of service {date}: {error}")]
    Year {
        row: usize,
        date: Date,
        error: HccError,
    },
}

/// Each patient's categories, hierarchies applied: one (patient, category) pair a
/// category, patients in the order first met, categories in the model's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientCategories<P> {
    pub patients: Vec<P>,
    /// Index among the model-year's variables.
    pub categories: Vec<u16>,
    pub model_year: HccModelYear,
    /// Rows whose diagnosis is not shaped like an ICD-10-CM code.
    pub malformed: Vec<u32>,
}

impl<P> PatientCategories<P> {
    pub fn variable(&self, i: usize) -> Variable {
        Variable {
            year: self.model_year,
            index: self.categories[i],
        }
    }
}

impl HccModelYear {
    /// A long table of (patient, diagnosis) rows to each patient's categories with the
    /// model's hierarchies applied. `patients` has a value a row of `codes` (any id type:
    /// the bindings pass integer ids); null diagnoses count for nothing.
    pub fn patients_categories<P: Copy + Eq + Hash>(
        self,
        patients: &[P],
        codes: &[Strings<'_>],
    ) -> Result<PatientCategories<P>, LengthMismatch> {
        let rows: usize = codes.iter().map(Strings::len).sum();
        if rows != patients.len() {
            return Err(LengthMismatch {
                codes: rows,
                dates: patients.len(),
            });
        }
        let mapped = self.map_column(codes);
        let mut order: Vec<P> = Vec::new();
        let mut sets: HashMap<P, usize> = HashMap::new();
        let mut present: Vec<Present> = Vec::new();
        for (&row, &category) in mapped.rows.iter().zip(&mapped.categories) {
            let p = patients[row as usize];
            let slot = *sets.entry(p).or_insert_with(|| {
                order.push(p);
                present.push(Present::default());
                present.len() - 1
            });
            present[slot].set(category);
        }
        let mut out = PatientCategories {
            patients: Vec::new(),
            categories: Vec::new(),
            model_year: self,
            malformed: mapped.malformed,
        };
        for (p, mut set) in order.into_iter().zip(present) {
            self.apply_hierarchies(&mut set);
            for c in set.iter() {
                out.patients.push(p);
                out.categories.push(c);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::OwnedStrings;

    fn column(codes: &[Option<&str>]) -> OwnedStrings {
        codes.iter().copied().collect()
    }

    #[test]
    fn a_column_maps_row_by_row() {
        let v28 = HccModelYear::new(HccModel::V28, 2026).unwrap();
        let c = column(&[
            Some("E11.9"),
            None,
            Some("Z00.00"),
            Some("E08.311"),
            Some("bad code!"),
            Some("i50.9"),
        ]);
        let out = v28.map_column(&[c.strings()]);
        assert_eq!(out.rows, [0, 3, 3, 5]);
        let names: Vec<&str> = (0..out.len()).map(|i| out.variable(i).name()).collect();
        assert_eq!(names, ["HCC38", "HCC37", "HCC298", "HCC226"]);
        assert_eq!(out.malformed, [4]);
        // The column agrees with the one-code call.
        for (i, code) in ["E11.9", "E08.311", "i50.9"].iter().enumerate() {
            let one: Vec<Variable> = v28.categories(code).unwrap().collect();
            let from_column: Vec<Variable> = (0..out.len())
                .filter(|&j| out.rows[j] == [0, 3, 5][i])
                .map(|j| out.variable(j))
                .collect();
            assert_eq!(one, from_column, "{code}");
        }
    }

    #[test]
    fn dates_a_row_choose_the_payment_year() {
        let c = column(&[Some("A01.03"), Some("A01.03"), Some("E11.9")]);
        let d = |y| Some(Date::new(y, 3, 1).unwrap());
        let out =
            map_column_per_row(HccModel::V24, &[c.strings()], &[d(2019), d(2024), None]).unwrap();
        assert_eq!(out.rows, [0, 1]);
        assert_eq!(out.model_years[0].payment_year(), 2020);
        assert_eq!(out.model_years[1].payment_year(), 2025);
        let err = map_column_per_row(HccModel::V24, &[c.strings()], &[d(2030), None, None]);
        assert!(
            matches!(err, Err(HccColumnError::Year { row: 0, .. })),
            "{err:?}"
        );
        assert!(matches!(
            map_column_per_row(HccModel::V24, &[c.strings()], &[None]),
            Err(HccColumnError::Length(_))
        ));
    }

    #[test]
    fn patients_get_their_hierarchies_applied() {
        let v28 = HccModelYear::new(HccModel::V28, 2026).unwrap();
        let c = column(&[
            Some("E11.9"),
            Some("E11.22"),
            Some("C78.00"),
            Some("C34.90"),
            Some("E11.9"),
            Some("x y"),
        ]);
        let out = v28
            .patients_categories(&[7u64, 7, 7, 7, 9, 9], &[c.strings()])
            .unwrap();
        let pairs: Vec<(u64, &str)> = (0..out.patients.len())
            .map(|i| (out.patients[i], out.variable(i).name()))
            .collect();
        assert_eq!(
            pairs,
            [(7, "HCC17"), (7, "HCC37"), (9, "HCC38")],
            "cancer metastatic to lung (HCC17) removes lung cancer (HCC20), HCC37 removes HCC38"
        );
        assert_eq!(out.malformed, [5]);
        // The same as the one-patient call.
        let one: Vec<&str> = v28
            .patient_categories(&["E11.9", "E11.22", "C78.00", "C34.90"])
            .unwrap()
            .iter()
            .map(|v| v.name())
            .collect();
        assert_eq!(one, ["HCC17", "HCC37"]);
        assert!(v28.patients_categories(&[1u32], &[c.strings()]).is_err());
    }
}
