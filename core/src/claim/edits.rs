//! The MCE edits. One pass over the diagnoses (each looked up once: validity and flags on
//! the claim's date), one lookup pass over the procedures, then the procedure edits, which
//! need flags from the whole claim (pair rules). Nothing is allocated unless an edit fires.

use std::fmt::Write as _;

use super::finding::{Finding, MceEdit, Position, Severity};
use super::lookup::{look_up, Chunk, Diagnoses, Looked, Procedures, BATCH};
use super::{AgeGroup, Claim, Poa, Sex, UNKNOWN_SEX_ACCEPTED_FROM};
use crate::date::Date;
use crate::icd10cm::{self, Icd10Cm};
use crate::icd10pcs::{self, Icd10Pcs};
use crate::key::CodeKey;
use crate::mce::MceFlag;

const fn bit(f: MceFlag) -> u64 {
    1 << f as u8
}

const AGE_FLAGS: [(MceFlag, AgeGroup); 4] = [
    // The MCE checks the groups in this order; the first that fails is reported.
    (MceFlag::Pediatric, AgeGroup::Pediatric),
    (MceFlag::Newborn, AgeGroup::Newborn),
    (MceFlag::Maternity, AgeGroup::Maternity),
    (MceFlag::Adult, AgeGroup::Adult),
];
const ANY_AGE: u64 =
    bit(MceFlag::Pediatric) | bit(MceFlag::Newborn) | bit(MceFlag::Maternity) | bit(MceFlag::Adult);
const ANY_SEX: u64 = bit(MceFlag::Male) | bit(MceFlag::Female);
/// Diagnosis flags some procedure rule reads.
const PAIR_DX: [MceFlag; 5] = [
    MceFlag::DiabetesType1,
    MceFlag::ClinicalTrial,
    MceFlag::NonCoveredPair6,
    MceFlag::NonCoveredPair7,
    MceFlag::NonCoveredPairZ302,
];
/// Minimum length of stay (days) for a `los` procedure on ICD-10 claims.
const MIN_LENGTH_OF_STAY: u32 = 5;
/// `ncov12agele60` procedures are not covered above this age.
const NON_COVERED_ABOVE_AGE: i32 = 60;

#[inline]
fn is_blank(code: &str) -> bool {
    code.bytes().all(|b| b.is_ascii_whitespace())
}

/// The code as a finding names it: canonical when it could be read, else trimmed input.
fn dx_text(code: &str) -> String {
    match icd10cm::normalize(code) {
        Ok(n) => n.dotted().to_string(),
        Err(_) => code.trim().to_owned(),
    }
}

fn pcs_text(code: &str) -> String {
    match icd10pcs::normalize(code) {
        Ok(n) => n.as_str().to_owned(),
        Err(_) => code.trim().to_owned(),
    }
}

fn position_index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

struct Out<'a> {
    findings: &'a mut Vec<Finding>,
}

impl Out<'_> {
    #[cold]
    fn push(&mut self, edit: MceEdit, code: Option<String>, position: Position, message: String) {
        self.push_with(edit, edit.severity(), code, position, message);
    }

    #[cold]
    fn push_with(
        &mut self,
        edit: MceEdit,
        severity: Severity,
        code: Option<String>,
        position: Position,
        message: String,
    ) {
        self.findings.push(Finding {
            edit,
            code,
            position,
            severity,
            message,
        });
    }
}

/// Claim-wide facts the procedure edits read, gathered from the diagnoses.
#[derive(Default)]
struct DxContext {
    /// Flags of the principal and secondary diagnoses, OR-ed.
    flags: u64,
    /// Flags of the secondary diagnoses, OR-ed.
    secondary_flags: u64,
    /// The first diagnosis carrying each of [`PAIR_DX`].
    first_with: [Option<Position>; PAIR_DX.len()],
}

impl DxContext {
    fn note(&mut self, flags: u64, position: Position) {
        self.flags |= flags;
        if matches!(position, Position::Secondary { .. }) {
            self.secondary_flags |= flags;
        }
        for (slot, flag) in self.first_with.iter_mut().zip(PAIR_DX) {
            if slot.is_none() && flags & bit(flag) != 0 {
                *slot = Some(position);
            }
        }
    }

    fn has(&self, flag: MceFlag) -> bool {
        self.flags & bit(flag) != 0
    }

    fn first(&self, flag: MceFlag) -> Option<Position> {
        PAIR_DX
            .iter()
            .position(|f| *f == flag)
            .and_then(|i| self.first_with[i])
    }
}

pub(super) fn run<S: AsRef<str>>(claim: &Claim<S>, findings: &mut Vec<Finding>) {
    let mut out = Out { findings };
    let date = claim.date;
    let (first, last) = super::coverage();
    let in_range = first <= date && date <= last;
    if !in_range {
        out.push(
            MceEdit::DischargeDateOutOfRange,
            None,
            Position::Claim,
            format!(
                "discharge date {date} is outside the dates the MCE tables cover ({first} to {last}): no code was edited"
            ),
        );
    }
    claim_values(claim, date <= last, &mut out);
    if !in_range {
        without_tables(claim, &mut out);
        return;
    }

    let mut ctx = DxContext::default();
    let pdx_code = claim.principal.code.as_ref();
    let mut pdx_key = None;
    let mut dx_codes = claim.secondary.iter().map(|d| d.code.as_ref());
    let mut px_codes = claim.procedures.iter().map(|p| p.code.as_ref());
    // The diagnoses and the procedures read before any is looked up: the cache misses of
    // all the claim's codes overlap.
    let mut dx = Chunk::<Diagnoses>::new();
    let mut px = Chunk::<Procedures>::new();
    dx.read_after(pdx_code, &mut dx_codes);
    px.read(&mut px_codes);
    dx.each(date, &mut dx_codes, |i, looked| {
        if i == 0 {
            pdx_key = looked.key();
            principal(claim, looked, &mut ctx, &mut out);
            admitting(claim, &mut out);
            return;
        }
        let Some(sdx) = claim.secondary.get(i - 1) else {
            return;
        };
        let code = sdx.code.as_ref();
        let position = Position::Secondary {
            index: position_index(i - 1),
        };
        match looked {
            Looked::Blank => return,
            Looked::Invalid(_) => invalid_dx(code, date, position, &mut out),
            Looked::Valid(..) => {}
        }
        poa(sdx.poa, code, position, &mut out);
        duplicate(pdx_code, pdx_key, code, looked.key(), position, &mut out);
        let flags = looked.flags();
        if flags != 0 {
            ctx.note(flags, position);
            diagnosis_edits(claim, code, flags, position, &mut out);
        }
    });

    procedures(claim, &ctx, &mut px, &mut px_codes, &mut out);
}

/// The principal diagnosis: missing or invalid, POA, and its edits.
fn principal<S: AsRef<str>>(
    claim: &Claim<S>,
    looked: Looked,
    ctx: &mut DxContext,
    out: &mut Out<'_>,
) {
    let code = claim.principal.code.as_ref();
    match looked {
        Looked::Blank => out.push(
            MceEdit::InvalidCode,
            None,
            Position::Principal,
            "the principal diagnosis is missing: every inpatient claim needs one".to_owned(),
        ),
        Looked::Invalid(_) => invalid_dx(code, claim.date, Position::Principal, out),
        Looked::Valid(..) => {}
    }
    poa(claim.principal.poa, code, Position::Principal, out);
    let flags = looked.flags();
    if flags != 0 {
        ctx.note(flags, Position::Principal);
        principal_edits(claim, code, flags, out);
        diagnosis_edits(claim, code, flags, Position::Principal, out);
    }
}

/// The admitting diagnosis: validity only (the MCE edits no flag of it).
fn admitting<S: AsRef<str>>(claim: &Claim<S>, out: &mut Out<'_>) {
    let Some(adx) = &claim.admitting else {
        return;
    };
    let code = adx.code.as_ref();
    if let Looked::Invalid(_) = look_up::<Diagnoses>(code, claim.date) {
        let message = invalid_message(Icd10Cm::new().validate(code, claim.date).err(), code);
        out.push_with(
            MceEdit::InvalidCode,
            Severity::Warning,
            Some(dx_text(code)),
            Position::Admitting,
            message,
        );
    }
}

/// Age, sex and discharge status values (edits 14, 15, 16); the status only on dates up
/// to the end of the tables (it has its own table, older than ICD-10).
fn claim_values<S: AsRef<str>>(claim: &Claim<S>, check_status: bool, out: &mut Out<'_>) {
    let (min, max) = super::valid_ages();
    if !(min..=max).contains(&claim.age) {
        out.push(
            MceEdit::InvalidAge,
            None,
            Position::Claim,
            format!(
                "age {} is not a valid age: ages are {min} to {max} years (0 for newborns)",
                claim.age
            ),
        );
    }
    match claim.sex {
        Sex::Male | Sex::Female => {}
        Sex::Unknown if claim.date >= UNKNOWN_SEX_ACCEPTED_FROM => {}
        Sex::Unknown => out.push(
            MceEdit::InvalidSex,
            None,
            Position::Claim,
            format!(
                "sex is unknown: on discharges before {UNKNOWN_SEX_ACCEPTED_FROM} the MCE accepts only male or female"
            ),
        ),
        Sex::Invalid => out.push(
            MceEdit::InvalidSex,
            None,
            Position::Claim,
            "the sex value is not male, female or unknown".to_owned(),
        ),
    }
    if let (Some(status), true) = (claim.discharge_status, check_status) {
        if !super::is_valid_discharge_status(status, claim.date) {
            out.push(
                MceEdit::InvalidDischargeStatus,
                None,
                Position::Claim,
                format!(
                    "discharge status {} is not a valid patient discharge status on {}",
                    if status >= 0 {
                        format!("{status:02}")
                    } else {
                        "(not a number)".to_owned()
                    },
                    claim.date
                ),
            );
        }
    }
}

/// The checks that need no code table (POA values, duplicates of the principal
/// diagnosis), for a claim whose date the tables do not cover.
fn without_tables<S: AsRef<str>>(claim: &Claim<S>, out: &mut Out<'_>) {
    let pdx_code = claim.principal.code.as_ref();
    poa(claim.principal.poa, pdx_code, Position::Principal, out);
    let pdx_key = icd10cm::normalize(pdx_code).ok().map(CodeKey::from);
    for (i, sdx) in claim.secondary.iter().enumerate() {
        let code = sdx.code.as_ref();
        if is_blank(code) {
            continue;
        }
        let position = Position::Secondary {
            index: position_index(i),
        };
        poa(sdx.poa, code, position, out);
        let key = icd10cm::normalize(code).ok().map(CodeKey::from);
        duplicate(pdx_code, pdx_key, code, key, position, out);
    }
}

/// Duplicate of the principal diagnosis (3): same code, however spelled.
fn duplicate(
    pdx_code: &str,
    pdx_key: Option<CodeKey>,
    code: &str,
    key: Option<CodeKey>,
    position: Position,
    out: &mut Out<'_>,
) {
    let same = match (pdx_key, key) {
        (Some(a), Some(b)) => a == b,
        (None, None) => !is_blank(pdx_code) && pdx_code.trim().eq_ignore_ascii_case(code.trim()),
        _ => false,
    };
    if same {
        let c = dx_text(code);
        let message =
            format!("{c} repeats the principal diagnosis: remove it from the secondary diagnoses");
        out.push(MceEdit::DuplicateOfPrincipal, Some(c), position, message);
    }
}

#[inline]
fn poa(poa: Poa, code: &str, position: Position, out: &mut Out<'_>) {
    if poa == Poa::Invalid {
        let c = dx_text(code);
        let message =
            format!("the POA indicator of {c} ({position}) is not one of Y, N, U, W, 1 or blank");
        out.push(MceEdit::InvalidPoa, Some(c), position, message);
    }
}

fn invalid_message(err: Option<crate::error::ValidationError>, code: &str) -> String {
    match err {
        Some(e) => e.to_string(),
        None => format!("{} is not a valid code on the discharge date", code.trim()),
    }
}

#[cold]
fn invalid_dx(code: &str, date: Date, position: Position, out: &mut Out<'_>) {
    let message = invalid_message(Icd10Cm::new().validate(code, date).err(), code);
    out.push(
        MceEdit::InvalidCode,
        Some(dx_text(code)),
        position,
        format!("{position}: {message}"),
    );
}

/// Edits only the principal diagnosis can raise (2, 6, 8, 9).
fn principal_edits<S: AsRef<str>>(claim: &Claim<S>, code: &str, flags: u64, out: &mut Out<'_>) {
    let has = |f: MceFlag| flags & bit(f) != 0;
    let p = Position::Principal;
    let c = || dx_text(code);
    if has(MceFlag::ExternalCauseAsPrincipal) {
        let c = c();
        let message = format!(
            "{c} is an external-cause code: it says how an injury happened, not what it is; sequence the injury or condition treated as principal diagnosis"
        );
        out.push(MceEdit::ExternalCauseAsPrincipal, Some(c), p, message);
    }
    if has(MceFlag::Manifestation) {
        let c = c();
        let message = format!(
            "{c} is a manifestation code: it cannot be the principal diagnosis; sequence the underlying condition first"
        );
        out.push(MceEdit::ManifestationAsPrincipal, Some(c), p, message);
    }
    if has(MceFlag::UnacceptablePrincipal) {
        if has(MceFlag::RequiresSecondary) {
            let has_secondary = claim.secondary.iter().any(|d| !is_blank(d.code.as_ref()));
            if !has_secondary {
                let c = c();
                let message = format!(
                    "{c} is acceptable as principal diagnosis only with a secondary diagnosis, and the claim has none: add the secondary diagnoses"
                );
                out.push(MceEdit::RequiresSecondaryDiagnosis, Some(c), p, message);
            }
        } else {
            let c = c();
            let message = format!(
                "{c} is not acceptable as principal diagnosis: sequence the condition chiefly responsible for the admission first"
            );
            out.push(MceEdit::UnacceptablePrincipal, Some(c), p, message);
        }
    }
    if has(MceFlag::QuestionableAdmission) {
        let c = c();
        let message = format!(
            "{c} as principal diagnosis seldom justifies an inpatient admission: check the principal diagnosis and the medical necessity of the stay"
        );
        out.push(MceEdit::QuestionableAdmission, Some(c), p, message);
    }
}

/// Edits any diagnosis (principal or secondary) can raise (4, 5, 18, 20).
fn diagnosis_edits<S: AsRef<str>>(
    claim: &Claim<S>,
    code: &str,
    flags: u64,
    position: Position,
    out: &mut Out<'_>,
) {
    if flags & ANY_AGE != 0 {
        age_conflict(claim, code, flags, position, out);
    }
    if flags & ANY_SEX != 0 {
        sex_conflict(claim, code, flags, "diagnosis", dx_text, position, out);
    }
    if flags & bit(MceFlag::WrongProcedure) != 0 {
        let c = dx_text(code);
        let message = format!(
            "{c} reports a wrong procedure performed (wrong patient, site or procedure): the claim goes to review; check the procedures billed"
        );
        out.push(MceEdit::WrongProcedurePerformed, Some(c), position, message);
    }
    if flags & bit(MceFlag::Unspecified) != 0 {
        let c = dx_text(code);
        let message = format!(
            "{c} is an unspecified code where codes for the side or site exist: report the specific code, or document why it cannot be determined"
        );
        out.push(MceEdit::UnspecifiedCode, Some(c), position, message);
    }
}

fn age_conflict<S: AsRef<str>>(
    claim: &Claim<S>,
    code: &str,
    flags: u64,
    position: Position,
    out: &mut Out<'_>,
) {
    for (flag, group) in AGE_FLAGS {
        if flags & bit(flag) == 0 {
            continue;
        }
        let Some((min, max)) = group.ages_on(claim.date) else {
            continue;
        };
        if (min..=max).contains(&claim.age) {
            continue;
        }
        let c = dx_text(code);
        let ages = if min == max {
            format!("age {min}")
        } else {
            format!("ages {min}-{max}")
        };
        let article = if group == AgeGroup::Adult { "an" } else { "a" };
        let message = format!(
            "{c} is {article} {group} diagnosis ({ages} on {}); the patient's age is {}: check the age or the code",
            claim.date, claim.age
        );
        out.push(MceEdit::AgeConflict, Some(c), position, message);
        return;
    }
}

fn sex_conflict<S: AsRef<str>>(
    claim: &Claim<S>,
    code: &str,
    flags: u64,
    what: &str,
    text: fn(&str) -> String,
    position: Position,
    out: &mut Out<'_>,
) {
    if claim.sex == Sex::Unknown && claim.date >= UNKNOWN_SEX_ACCEPTED_FROM {
        return;
    }
    let conflict = |f: MceFlag, sex: Sex| flags & bit(f) != 0 && claim.sex != sex;
    let only = if conflict(MceFlag::Male, Sex::Male) {
        "males"
    } else if conflict(MceFlag::Female, Sex::Female) {
        "females"
    } else {
        return;
    };
    let c = text(code);
    let message = format!(
        "{c} is a {what} for {only} only; the patient's sex is {}: check the sex or the code",
        claim.sex
    );
    out.push(MceEdit::SexConflict, Some(c), position, message);
}

/// A procedure's lookup, packed: its flags, or one of these two (flags use 29 bits).
const PROC_BLANK: u64 = u64::MAX;
const PROC_INVALID: u64 = u64::MAX - 1;

fn packed(l: Looked) -> u64 {
    match l {
        Looked::Blank => PROC_BLANK,
        Looked::Invalid(_) => PROC_INVALID,
        Looked::Valid(_, f) => f,
    }
}

/// Procedure lookups: on the stack for ordinary claims, on the heap past [`BATCH`].
struct Lookups {
    stack: [u64; BATCH],
    len: usize,
    heap: Vec<u64>,
}

impl Lookups {
    fn push(&mut self, v: u64) {
        if self.len < BATCH {
            self.stack[self.len] = v;
        } else {
            if self.heap.is_empty() {
                self.heap.extend_from_slice(&self.stack);
            }
            self.heap.push(v);
        }
        self.len += 1;
    }

    fn as_slice(&self) -> &[u64] {
        if self.len <= BATCH {
            &self.stack[..self.len]
        } else {
            &self.heap
        }
    }
}

/// The procedure edits: `first` holds the first procedures, read, and `rest` the others.
fn procedures<'a, S: AsRef<str>>(
    claim: &Claim<S>,
    dx: &DxContext,
    first: &mut Chunk<Procedures>,
    rest: &mut impl Iterator<Item = &'a str>,
    out: &mut Out<'_>,
) {
    let date = claim.date;
    if claim.procedures.is_empty() {
        return;
    }
    let mut looked = Lookups {
        stack: [0; BATCH],
        len: 0,
        heap: Vec::new(),
    };
    first.each(date, rest, |_, l| {
        looked.push(packed(l));
    });
    let looked = looked.as_slice();
    let all = looked
        .iter()
        .filter(|&&f| f < PROC_INVALID)
        .fold(0u64, |acc, f| acc | f);
    // Every edit below needs a flagged or an invalid procedure: most claims have neither.
    if all == 0 && !looked.contains(&PROC_INVALID) {
        return;
    }
    let proc_has = |f: MceFlag| all & bit(f) != 0;
    let kidney = proc_has(MceFlag::KidneyTransplant);
    let heart_pair = proc_has(MceFlag::ArtificialHeartA) && proc_has(MceFlag::ArtificialHeartB);
    let trial = dx.has(MceFlag::ClinicalTrial);
    let delivered = dx.secondary_flags & bit(MceFlag::DeliveryOutcome) != 0;

    for (i, (p, l)) in claim.procedures.iter().zip(looked).enumerate() {
        let code = p.code.as_ref();
        let position = Position::Procedure {
            index: position_index(i),
        };
        let flags = match *l {
            PROC_BLANK | 0 => continue,
            PROC_INVALID => {
                let message = invalid_message(Icd10Pcs::new().validate(code, date).err(), code);
                out.push(
                    MceEdit::InvalidCode,
                    Some(pcs_text(code)),
                    position,
                    format!("{position}: {message}"),
                );
                continue;
            }
            f => f,
        };
        let has = |f: MceFlag| flags & bit(f) != 0;

        if flags & ANY_SEX != 0 {
            sex_conflict(claim, code, flags, "procedure", pcs_text, position, out);
        }
        if has(MceFlag::LengthOfStay) {
            if let Some(los) = claim.length_of_stay {
                if los < MIN_LENGTH_OF_STAY {
                    let c = pcs_text(code);
                    let message = format!(
                        "{c} needs a length of stay of at least {MIN_LENGTH_OF_STAY} days (ventilation over 96 consecutive hours); the stay is {los} day{}: check the procedure code or the dates",
                        if los == 1 { "" } else { "s" }
                    );
                    out.push(
                        MceEdit::InconsistentWithLengthOfStay,
                        Some(c),
                        position,
                        message,
                    );
                }
            }
        }

        let heart = has(MceFlag::ArtificialHeartA) || has(MceFlag::ArtificialHeartB);
        let non_covered = non_covered_reason(claim, flags, dx, kidney, heart && heart_pair, trial);
        if let Some(reason) = non_covered {
            let c = pcs_text(code);
            let message = format!("{c} is not covered by Medicare{reason}");
            out.push(MceEdit::NonCoveredProcedure, Some(c), position, message);
        } else if has(MceFlag::LimitedCoverage) {
            let c = pcs_text(code);
            let message = format!(
                "{c} has limited Medicare coverage: payment depends on the coverage conditions; check them and the documentation"
            );
            out.push(MceEdit::LimitedCoverage, Some(c), position, message);
        } else if heart && heart_pair && trial {
            let c = pcs_text(code);
            let message = format!(
                "{c} (artificial heart) with a clinical trial diagnosis (Z00.6) has limited Medicare coverage: check the trial's coverage conditions"
            );
            out.push(MceEdit::LimitedCoverage, Some(c), position, message);
        }

        if (has(MceFlag::CesareanSection) || has(MceFlag::VaginalDelivery)) && !delivered {
            let c = pcs_text(code);
            let message = format!(
                "{c} is a delivery procedure but no secondary diagnosis gives the outcome of delivery (Z37.-): add the Z37 code, or check the procedure"
            );
            out.push(
                MceEdit::QuestionableObstetricAdmission,
                Some(c),
                position,
                message,
            );
        }
    }
}

/// Why a procedure is not covered (the end of the message), or `None` when it is.
fn non_covered_reason<S: AsRef<str>>(
    claim: &Claim<S>,
    flags: u64,
    dx: &DxContext,
    kidney: bool,
    heart_pair: bool,
    trial: bool,
) -> Option<String> {
    let has = |f: MceFlag| flags & bit(f) != 0;
    if has(MceFlag::NonCovered) {
        return Some(String::new());
    }
    if has(MceFlag::PancreasTransplant) && !kidney && !dx.has(MceFlag::DiabetesType1) {
        return Some(
            " as coded: a pancreas transplant is covered only with a kidney transplant on the same claim or a type 1 diabetes diagnosis"
                .to_owned(),
        );
    }
    if heart_pair && !trial {
        return Some(
            ": an artificial heart is covered only in a clinical trial (add Z00.6 if the patient is in one)"
                .to_owned(),
        );
    }
    for flag in [
        MceFlag::NonCoveredPair6,
        MceFlag::NonCoveredPair7,
        MceFlag::NonCoveredPairZ302,
    ] {
        if has(flag) && dx.has(flag) {
            let with = dx
                .first(flag)
                .map(|p| diagnosis_at(claim, p))
                .unwrap_or_default();
            let mut s = format!(" together with diagnosis {with}");
            if flag == MceFlag::NonCoveredPairZ302 {
                s.push_str(" (sterilization)");
            }
            s.push_str(": check the diagnosis and the procedure");
            return Some(s);
        }
    }
    if has(MceFlag::NonCoveredAgeOver60) && (claim.age < 0 || claim.age > NON_COVERED_ABOVE_AGE) {
        let mut s = String::new();
        let _ = write!(
            s,
            " for patients over {NON_COVERED_ABOVE_AGE}; the patient's age is {}",
            claim.age
        );
        return Some(s);
    }
    None
}

fn diagnosis_at<S: AsRef<str>>(claim: &Claim<S>, p: Position) -> String {
    let code = match p {
        Position::Principal => Some(claim.principal.code.as_ref()),
        Position::Secondary { index } => claim
            .secondary
            .get(usize::from(index))
            .map(|d| d.code.as_ref()),
        _ => None,
    };
    code.map(|c| format!("{} ({p})", dx_text(c)))
        .unwrap_or_default()
}
