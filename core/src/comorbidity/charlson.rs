//! The Charlson comorbidity index with the ICD-10 coding algorithm of Quan et al. (Medical
//! Care 2005) and the weights of Charlson et al. (1987) and of Quan et al. (2011). The code
//! table is `core/data/charlson-quan-2005.tsv`, with its sources and how to read it.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The published table, compiled in (a few kilobytes) and read at first use.
const TABLE: &str = include_str!("../../data/charlson-quan-2005.tsv");

/// One of the 17 Charlson conditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CharlsonCondition {
    MyocardialInfarction,
    CongestiveHeartFailure,
    PeripheralVascularDisease,
    CerebrovascularDisease,
    Dementia,
    ChronicPulmonaryDisease,
    RheumaticDisease,
    PepticUlcerDisease,
    MildLiverDisease,
    DiabetesWithoutChronicComplication,
    DiabetesWithChronicComplication,
    HemiplegiaOrParaplegia,
    RenalDisease,
    Malignancy,
    ModerateOrSevereLiverDisease,
    MetastaticSolidTumor,
    AidsHiv,
}

use CharlsonCondition as C;

impl CharlsonCondition {
    /// Every condition, in the table's order.
    pub const ALL: [CharlsonCondition; 17] = [
        C::MyocardialInfarction,
        C::CongestiveHeartFailure,
        C::PeripheralVascularDisease,
        C::CerebrovascularDisease,
        C::Dementia,
        C::ChronicPulmonaryDisease,
        C::RheumaticDisease,
        C::PepticUlcerDisease,
        C::MildLiverDisease,
        C::DiabetesWithoutChronicComplication,
        C::DiabetesWithChronicComplication,
        C::HemiplegiaOrParaplegia,
        C::RenalDisease,
        C::Malignancy,
        C::ModerateOrSevereLiverDisease,
        C::MetastaticSolidTumor,
        C::AidsHiv,
    ];

    /// The snake_case id, as in the data file: `"congestive_heart_failure"`.
    pub fn id(self) -> &'static str {
        self.row().map_or("", |r| r.id)
    }

    /// The name the paper gives.
    pub fn name(self) -> &'static str {
        self.row().map_or("", |r| r.name)
    }

    /// The weight of the original index (Charlson et al. 1987).
    pub fn weight_1987(self) -> u8 {
        self.row().map_or(0, |r| r.weight_1987)
    }

    /// The updated weight (Quan et al. 2011).
    pub fn weight_2011(self) -> u8 {
        self.row().map_or(0, |r| r.weight_2011)
    }

    /// The less severe condition a patient's record counts only when this one is absent:
    /// the index scores the more severe of each pair once.
    fn milder(self) -> Option<CharlsonCondition> {
        match self {
            C::MetastaticSolidTumor => Some(C::Malignancy),
            C::ModerateOrSevereLiverDisease => Some(C::MildLiverDisease),
            C::DiabetesWithChronicComplication => Some(C::DiabetesWithoutChronicComplication),
            _ => None,
        }
    }

    fn row(self) -> Option<&'static Row> {
        table().rows.get(self as usize)
    }

    /// The condition an ICD-10-CM code counts towards (any case, dot optional), if any.
    pub fn of(code: &str) -> Option<CharlsonCondition> {
        // The first characters, upper case, without the dot, on the stack: the table's
        // prefixes have 3 or 4 characters, and the longest that matches wins.
        let t = table();
        let mut buf = [0u8; 8];
        let mut n = 0;
        let limit = t.longest.min(buf.len());
        for b in code.trim().bytes().filter(|&b| b != b'.').take(limit) {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            buf[n] = b.to_ascii_uppercase();
            n += 1;
        }
        (3..=n)
            .rev()
            .filter_map(|len| std::str::from_utf8(&buf[..len]).ok())
            .find_map(|prefix| t.by_prefix.get(prefix).copied())
    }
}

impl std::fmt::Display for CharlsonCondition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

struct Row {
    id: &'static str,
    name: &'static str,
    weight_1987: u8,
    weight_2011: u8,
}

struct Table {
    rows: Vec<Row>,
    by_prefix: HashMap<String, CharlsonCondition>,
    longest: usize,
}

/// Expands a code or range of the table (`I60-I69`, `K700-K703`) into its prefixes.
fn expand(item: &str) -> Vec<String> {
    let Some((from, to)) = item.split_once('-') else {
        return vec![item.to_owned()];
    };
    let (Some(letter), Some(to_letter)) = (from.get(..1), to.get(..1)) else {
        return Vec::new();
    };
    let (Ok(a), Ok(b)) = (from[1..].parse::<u32>(), to[1..].parse::<u32>()) else {
        return Vec::new();
    };
    if letter != to_letter || from.len() != to.len() || a > b {
        return Vec::new();
    }
    let width = from.len() - 1;
    (a..=b).map(|n| format!("{letter}{n:0width$}")).collect()
}

fn table() -> &'static Table {
    static TABLE_READ: OnceLock<Table> = OnceLock::new();
    TABLE_READ.get_or_init(|| {
        let mut rows = Vec::new();
        let mut by_prefix = HashMap::new();
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&'static str> = line.split('\t').collect();
            let (Some(&id), Some(&name), Some(w87), Some(w11), Some(codes)) =
                (f.first(), f.get(1), f.get(2), f.get(3), f.get(4))
            else {
                continue;
            };
            let Some(&condition) = CharlsonCondition::ALL.get(rows.len()) else {
                continue;
            };
            rows.push(Row {
                id,
                name,
                weight_1987: w87.parse().unwrap_or(0),
                weight_2011: w11.parse().unwrap_or(0),
            });
            for item in codes.split_whitespace() {
                for prefix in expand(item) {
                    by_prefix.insert(prefix, condition);
                }
            }
        }
        let longest = by_prefix.keys().map(String::len).max().unwrap_or(0);
        Table {
            rows,
            by_prefix,
            longest,
        }
    })
}

/// A patient's Charlson conditions and scores ([`charlson`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Charlson {
    /// The conditions present, in the table's order, the milder of a pair left out when the
    /// more severe is present (metastatic over any malignancy, moderate or severe over mild
    /// liver disease, diabetes with over without chronic complication).
    pub conditions: Vec<CharlsonCondition>,
    /// The sum of the original weights (Charlson 1987).
    pub score_1987: u32,
    /// The sum of the updated weights (Quan 2011).
    pub score_2011: u32,
}

/// The Charlson conditions and scores of one patient's ICD-10-CM diagnoses (any case, dot
/// optional; codes that count towards no condition, or are not codes, count for nothing).
///
/// ```
/// use medcodes::comorbidity::{charlson, CharlsonCondition};
/// let c = charlson(&["I21.4", "E11.22", "E11.9", "C78.00"]);
/// assert_eq!(c.conditions, [
///     CharlsonCondition::MyocardialInfarction,
///     CharlsonCondition::DiabetesWithChronicComplication,
///     CharlsonCondition::MetastaticSolidTumor,
/// ]);
/// assert_eq!((c.score_1987, c.score_2011), (9, 7));
/// ```
pub fn charlson<S: AsRef<str>>(codes: &[S]) -> Charlson {
    let mut present = [false; 17];
    for code in codes {
        if let Some(c) = CharlsonCondition::of(code.as_ref()) {
            present[c as usize] = true;
        }
    }
    for c in CharlsonCondition::ALL {
        if let (true, Some(milder)) = (present[c as usize], c.milder()) {
            present[milder as usize] = false;
        }
    }
    let conditions: Vec<CharlsonCondition> = CharlsonCondition::ALL
        .into_iter()
        .filter(|&c| present[c as usize])
        .collect();
    Charlson {
        score_1987: conditions.iter().map(|c| u32::from(c.weight_1987())).sum(),
        score_2011: conditions.iter().map(|c| u32::from(c.weight_2011())).sum(),
        conditions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The data file has a row for each condition, in order, with its id: the enum and the
    /// file cannot drift apart; every range expands.
    #[test]
    fn the_table_reads_whole() {
        let t = table();
        assert_eq!(t.rows.len(), 17);
        let ids: Vec<&str> = CharlsonCondition::ALL.iter().map(|c| c.id()).collect();
        assert_eq!(ids[0], "myocardial_infarction");
        assert_eq!(ids[16], "aids_hiv");
        for c in CharlsonCondition::ALL {
            let debug = format!("{c:?}").to_lowercase();
            assert_eq!(debug, c.id().replace('_', ""), "{c:?}");
        }
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            for item in line.split('\t').nth(4).unwrap_or("").split_whitespace() {
                assert!(!expand(item).is_empty(), "{item}");
            }
        }
        assert_eq!(expand("I60-I69").len(), 10);
        assert_eq!(expand("K700-K703"), ["K700", "K701", "K702", "K703"]);
        assert_eq!(expand("C00-C26").first().map(String::as_str), Some("C00"));
        // The weights of the two papers, summed over the 17 conditions.
        let w87: u32 = CharlsonCondition::ALL
            .iter()
            .map(|c| u32::from(c.weight_1987()))
            .sum();
        let w11: u32 = CharlsonCondition::ALL
            .iter()
            .map(|c| u32::from(c.weight_2011()))
            .sum();
        assert_eq!((w87, w11), (33, 28));
    }

    #[test]
    fn codes_count_towards_their_conditions() {
        for (code, condition) in [
            ("I21.09", Some(C::MyocardialInfarction)),
            ("i252", Some(C::MyocardialInfarction)),
            ("I25.10", None),
            ("I50.9", Some(C::CongestiveHeartFailure)),
            ("I63.9", Some(C::CerebrovascularDisease)),
            ("J44.9", Some(C::ChronicPulmonaryDisease)),
            ("E11.9", Some(C::DiabetesWithoutChronicComplication)),
            ("E11.22", Some(C::DiabetesWithChronicComplication)),
            ("N18.6", Some(C::RenalDisease)),
            ("C34.90", Some(C::Malignancy)),
            ("C44.91", None), // skin, not counted
            ("C79.51", Some(C::MetastaticSolidTumor)),
            ("B20", Some(C::AidsHiv)),
            ("K70.30", Some(C::MildLiverDisease)),
            ("K70.40", Some(C::ModerateOrSevereLiverDisease)),
            ("G30.9", Some(C::Dementia)),
            ("Z99.2", Some(C::RenalDisease)),
            ("", None),
            ("not a code", None),
            ("é", None),
        ] {
            assert_eq!(CharlsonCondition::of(code), condition, "{code}");
        }
    }

    #[test]
    fn the_more_severe_of_a_pair_counts_once() {
        let c = charlson(&["K70.30", "K70.40", "C34.90", "C78.00", "E11.9"]);
        assert_eq!(
            c.conditions,
            [
                C::DiabetesWithoutChronicComplication,
                C::ModerateOrSevereLiverDisease,
                C::MetastaticSolidTumor
            ]
        );
        assert_eq!((c.score_1987, c.score_2011), (1 + 3 + 6, 4 + 6));
        assert_eq!(charlson::<&str>(&[]).score_1987, 0);
    }
}
