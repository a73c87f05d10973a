//! The chapters of the ICD-9-CM tabular list of diseases, by the range of their
//! categories (the two supplementary classifications, V and E codes, numbered 18 and 19
//! here: the tabular list does not number them). Fixed since ICD-9-CM ended, so written out
//! rather than generated.

/// An ICD-9-CM diagnosis chapter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Chapter {
    /// 1-17, then 18 for the V codes and 19 for the E codes.
    pub number: u8,
    /// The categories, e.g. `"001-139"`, `"V01-V91"`, `"E000-E999"`.
    pub range: &'static str,
    pub title: &'static str,
}

const NUMBERED: [(u16, &str, &str); 17] = [
    (139, "001-139", "Infectious and parasitic diseases"),
    (239, "140-239", "Neoplasms"),
    (
        279,
        "240-279",
        "Endocrine, nutritional and metabolic diseases, and immunity disorders",
    ),
    (
        289,
        "280-289",
        "Diseases of the blood and blood-forming organs",
    ),
    (319, "290-319", "Mental disorders"),
    (
        389,
        "320-389",
        "Diseases of the nervous system and sense organs",
    ),
    (459, "390-459", "Diseases of the circulatory system"),
    (519, "460-519", "Diseases of the respiratory system"),
    (579, "520-579", "Diseases of the digestive system"),
    (629, "580-629", "Diseases of the genitourinary system"),
    (
        679,
        "630-679",
        "Complications of pregnancy, childbirth, and the puerperium",
    ),
    (
        709,
        "680-709",
        "Diseases of the skin and subcutaneous tissue",
    ),
    (
        739,
        "710-739",
        "Diseases of the musculoskeletal system and connective tissue",
    ),
    (759, "740-759", "Congenital anomalies"),
    (
        779,
        "760-779",
        "Certain conditions originating in the perinatal period",
    ),
    (
        799,
        "780-799",
        "Symptoms, signs, and ill-defined conditions",
    ),
    (999, "800-999", "Injury and poisoning"),
];

impl Chapter {
    /// The chapter of an undotted diagnosis code (or category); `None` for anything not
    /// shaped like one.
    pub fn of(code: &str) -> Option<Chapter> {
        let b = code.as_bytes();
        match b.first()? {
            b'V' => Some(Chapter {
                number: 18,
                range: "V01-V91",
                title: "Supplementary classification of factors influencing health status and contact with health services",
            }),
            b'E' => Some(Chapter {
                number: 19,
                range: "E000-E999",
                title: "Supplementary classification of external causes of injury and poisoning",
            }),
            _ => {
                let category: u16 = code.get(..3)?.parse().ok()?;
                let at = NUMBERED.iter().position(|&(last, _, _)| category <= last)?;
                let (_, range, title) = NUMBERED[at];
                Some(Chapter {
                    number: at as u8 + 1,
                    range,
                    title,
                })
            }
        }
    }

    /// All 19, in order.
    pub fn all() -> impl Iterator<Item = Chapter> {
        [
            "001", "140", "240", "280", "290", "320", "390", "460", "520", "580", "630", "680",
            "710", "740", "760", "780", "800", "V01", "E000",
        ]
        .into_iter()
        .filter_map(Chapter::of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_by_range() {
        assert_eq!(Chapter::of("0010").map(|c| c.number), Some(1));
        assert_eq!(Chapter::of("25000").map(|c| c.number), Some(3));
        assert_eq!(Chapter::of("V700").map(|c| c.number), Some(18));
        assert_eq!(Chapter::of("999").map(|c| c.number), Some(17));
        assert_eq!(Chapter::all().count(), 19);
        assert_eq!(Chapter::of("2"), None);
    }
}
