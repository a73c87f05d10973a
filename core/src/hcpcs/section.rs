//! The sections of HCPCS Level II, by the first letter of a code.

/// A section of HCPCS Level II: the first letter of its codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Section {
    letter: u8,
}

/// (letter, name, temporary): CMS's headings of the Level II sections. C, G, K, Q and S
/// are the temporary codes (CMS and the payers add and retire them each quarter).
const SECTIONS: [(u8, &str, bool); 18] = [
    (b'A', "Transportation services, medical and surgical supplies, administrative, miscellaneous and investigational", false),
    (b'B', "Enteral and parenteral therapy", false),
    (b'C', "Outpatient PPS (temporary hospital outpatient codes)", true),
    (b'D', "Dental procedures (CDT, the ADA's codes)", false),
    (b'E', "Durable medical equipment", false),
    (b'G', "Procedures and professional services (temporary)", true),
    (b'H', "Alcohol and drug abuse treatment and behavioral health services", false),
    (b'J', "Drugs administered other than oral method, chemotherapy drugs", false),
    (b'K', "Durable medical equipment for the DME MACs (temporary)", true),
    (b'L', "Orthotic and prosthetic procedures and devices", false),
    (b'M', "Medical services and quality measures", false),
    (b'P', "Pathology and laboratory services", false),
    (b'Q', "Temporary codes", true),
    (b'R', "Diagnostic radiology services", false),
    (b'S', "Temporary national codes (non-Medicare)", true),
    (b'T', "National codes established for state Medicaid agencies", false),
    (b'U', "Coronavirus and other laboratory tests (CMS U codes)", false),
    (b'V', "Vision, hearing and speech-language pathology services", false),
];

impl Section {
    /// Every section, in letter order.
    pub fn all() -> impl Iterator<Item = Section> {
        SECTIONS.iter().map(|&(letter, _, _)| Section { letter })
    }

    /// The section of a first letter (either case).
    pub fn of(letter: u8) -> Option<Section> {
        let letter = letter.to_ascii_uppercase();
        SECTIONS
            .iter()
            .any(|&(l, _, _)| l == letter)
            .then_some(Section { letter })
    }

    fn entry(self) -> (u8, &'static str, bool) {
        SECTIONS
            .iter()
            .copied()
            .find(|&(l, _, _)| l == self.letter)
            .unwrap_or((self.letter, "", false))
    }

    /// The letter its codes start with.
    pub fn letter(self) -> char {
        char::from(self.letter)
    }

    /// CMS's heading of the section.
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    /// Temporary codes (C, G, K, Q, S): added and retired by quarter.
    pub fn is_temporary(self) -> bool {
        self.entry().2
    }
}

impl std::fmt::Display for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.letter(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_by_letter() {
        assert_eq!(Section::all().count(), 18);
        let j = Section::of(b'j').map(|s| s.name());
        assert_eq!(
            j,
            Some("Drugs administered other than oral method, chemotherapy drugs")
        );
        assert!(Section::of(b'F').is_none());
        assert!(Section::of(b'Q').is_some_and(Section::is_temporary));
        assert!(!Section::of(b'E').is_some_and(Section::is_temporary));
    }
}
