//! One vocabulary for a claim's fields, and the readers of their text: what every surface
//! that reads claims from text or tables uses (the CLI's CSV, Python's dicts and tables,
//! JavaScript objects, and serde), so that a field has one name and a value one reading.

use super::{Diagnosis, Poa};

/// A field of a claim as the surfaces name it. Each has one name ([`name`](Self::name),
/// `snake_case`; JavaScript writes it in `camelCase`) and the aliases found in claim
/// extracts ([`names`](Self::names)); [`from_name`](Self::from_name) reads either, in any
/// case and with `_`, `-` or spaces anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimField {
    /// The claim's identifier (tables and files; not part of [`Claim`](super::Claim)).
    ClaimId,
    DischargeDate,
    Age,
    Sex,
    DischargeStatus,
    Principal,
    Admitting,
    Secondary,
    Procedures,
    LengthOfStay,
}

impl ClaimField {
    pub const ALL: [ClaimField; 10] = [
        ClaimField::ClaimId,
        ClaimField::DischargeDate,
        ClaimField::Age,
        ClaimField::Sex,
        ClaimField::DischargeStatus,
        ClaimField::Principal,
        ClaimField::Admitting,
        ClaimField::Secondary,
        ClaimField::Procedures,
        ClaimField::LengthOfStay,
    ];

    /// The field's name, e.g. `"discharge_date"`.
    pub const fn name(self) -> &'static str {
        self.names()[0]
    }

    /// Every name the field is read under, its [`name`](Self::name) first.
    pub const fn names(self) -> &'static [&'static str] {
        match self {
            ClaimField::ClaimId => &["claim_id", "id"],
            ClaimField::DischargeDate => &["discharge_date", "date"],
            ClaimField::Age => &["age"],
            ClaimField::Sex => &["sex"],
            ClaimField::DischargeStatus => &["discharge_status", "status"],
            ClaimField::Principal => &["principal", "principal_dx", "pdx"],
            ClaimField::Admitting => &["admitting", "admitting_dx", "admit_dx", "admit"],
            ClaimField::Secondary => &["secondary", "secondary_dx", "sdx"],
            ClaimField::Procedures => &["procedures", "procedure", "px"],
            ClaimField::LengthOfStay => &["length_of_stay", "los"],
        }
    }

    /// Whether a claim cannot be checked without it.
    pub const fn required(self) -> bool {
        matches!(
            self,
            ClaimField::DischargeDate | ClaimField::Age | ClaimField::Principal
        )
    }

    /// The field a name (or alias) stands for: any case, `_`, `-` and spaces ignored, so
    /// `dischargeDate`, `Discharge-Date` and `DISCHARGE_DATE` are one field; a byte-order
    /// mark before a CSV header's first name is ignored too.
    pub fn from_name(name: &str) -> Option<ClaimField> {
        ClaimField::ALL
            .into_iter()
            .find(|f| f.names().iter().any(|n| same_name(n, name)))
    }
}

/// The role of a code in a claim, as the `kind` column of a long-format code table says
/// it (one row a code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeRole {
    Principal,
    Secondary,
    Admitting,
    Procedure,
}

impl CodeRole {
    pub const ALL: [CodeRole; 4] = [
        CodeRole::Principal,
        CodeRole::Secondary,
        CodeRole::Admitting,
        CodeRole::Procedure,
    ];

    /// The role's name, e.g. `"secondary"`.
    pub const fn name(self) -> &'static str {
        self.names()[0]
    }

    /// Every name the role is read under, its [`name`](Self::name) first.
    pub const fn names(self) -> &'static [&'static str] {
        match self {
            CodeRole::Principal => &["principal", "pdx", "p"],
            CodeRole::Secondary => &["secondary", "sdx", "s"],
            CodeRole::Admitting => &["admitting", "admit_dx", "admit", "a"],
            CodeRole::Procedure => &["procedure", "proc", "px", "pcs"],
        }
    }

    /// The role a name stands for, as [`ClaimField::from_name`] reads names.
    #[inline]
    pub fn from_name(name: &str) -> Option<CodeRole> {
        // The usual spellings first: a table reads one a code row.
        match name {
            "secondary" => return Some(CodeRole::Secondary),
            "procedure" => return Some(CodeRole::Procedure),
            "principal" => return Some(CodeRole::Principal),
            _ => {}
        }
        CodeRole::ALL
            .into_iter()
            .find(|r| r.names().iter().any(|n| same_name(n, name)))
    }
}

/// Whether `name` spells `canonical` (lower case, `_` between words): case, `_`, `-`,
/// spaces and a leading byte-order mark ignored.
fn same_name(canonical: &str, name: &str) -> bool {
    let mut wanted = canonical.bytes().filter(|&b| b != b'_');
    let mut given = name
        .trim_start_matches('\u{feff}')
        .bytes()
        .filter(|b| !matches!(b, b'_' | b'-' | b' ' | b'\t'));
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w == g.to_ascii_lowercase() => {}
            _ => return false,
        }
    }
}

/// Not a number: a discharge status kept as a value no table has, so that it raises
/// [`MceEdit::InvalidDischargeStatus`](super::MceEdit::InvalidDischargeStatus).
pub(super) const NOT_A_STATUS: i32 = -1;

/// A discharge status from text: blank is none (the edit is skipped), a number (`"01"`)
/// is itself, and anything else is a value no table has (the edit fires).
pub fn parse_discharge_status(text: &str) -> Option<i32> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(t.parse().unwrap_or(NOT_A_STATUS))
}

/// A discharge status from an integer (one out of `i32`'s range is no table's value).
pub fn discharge_status_of_int(value: i64) -> Option<i32> {
    Some(i32::try_from(value).unwrap_or(NOT_A_STATUS))
}

/// The items of a list written in one field (secondary diagnoses, procedures): separated
/// by `|` or white space, blanks skipped.
pub fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == '|' || c.is_whitespace())
        .filter(|s| !s.is_empty())
}

/// A diagnosis written `CODE` or `CODE:POA` (e.g. `E11.9:Y`).
pub fn parse_diagnosis(item: &str) -> Diagnosis<&str> {
    match item.rsplit_once(':') {
        Some((code, poa)) => Diagnosis {
            code,
            poa: Poa::parse(poa),
        },
        None => Diagnosis::borrowed(item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_in_any_spelling() {
        for field in ClaimField::ALL {
            for name in field.names() {
                assert_eq!(ClaimField::from_name(name), Some(field), "{name}");
                assert_eq!(
                    ClaimField::from_name(&name.to_uppercase()),
                    Some(field),
                    "{name}"
                );
            }
        }
        assert_eq!(
            ClaimField::from_name("dischargeDate"),
            Some(ClaimField::DischargeDate)
        );
        assert_eq!(
            ClaimField::from_name("\u{feff}claim_id"),
            Some(ClaimField::ClaimId)
        );
        assert_eq!(
            ClaimField::from_name("Length-Of-Stay"),
            Some(ClaimField::LengthOfStay)
        );
        assert_eq!(ClaimField::from_name("principals"), None);
        assert_eq!(ClaimField::from_name(""), None);
        for role in CodeRole::ALL {
            for name in role.names() {
                assert_eq!(CodeRole::from_name(name), Some(role), "{name}");
            }
        }
        assert_eq!(CodeRole::from_name(" PX "), Some(CodeRole::Procedure));
        assert_eq!(CodeRole::from_name("x"), None);
        // Every alias names one field or role only.
        let mut all: Vec<&str> = ClaimField::ALL
            .iter()
            .flat_map(|f| f.names())
            .copied()
            .collect();
        all.sort_unstable();
        let n = all.len();
        all.dedup();
        assert_eq!(all.len(), n);
    }

    #[test]
    fn values() {
        assert_eq!(parse_discharge_status(" 01 "), Some(1));
        assert_eq!(parse_discharge_status(""), None);
        assert_eq!(parse_discharge_status("home"), Some(NOT_A_STATUS));
        assert_eq!(discharge_status_of_int(1 << 40), Some(NOT_A_STATUS));
        let items: Vec<&str> = split_list(" E11.9:Y| I10  Z00.00 ").collect();
        assert_eq!(items, ["E11.9:Y", "I10", "Z00.00"]);
        let d = parse_diagnosis("E11.9:Y");
        assert_eq!((d.code, d.poa), ("E11.9", Poa::Yes));
        assert_eq!(parse_diagnosis("E11.9").poa, Poa::Blank);
    }
}
