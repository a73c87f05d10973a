//! What the fuzz targets share: turning fuzz bytes into dates and spellings, the checks
//! every code set must pass, and fixture writers for the CMS HCPCS file (a fixed-width
//! record, an xlsx workbook) and made-up CPT lines.
//!
//! Every check panics (and so fails the fuzz run) when an invariant does not hold: the
//! message names the input.

use medcodes::{CodeSet, CodeSystem, Date, ReasonKind, System};

pub mod columns;
pub mod fixtures;

/// 2014-06-01, the first day the fuzz dates start from: before every system's data.
const FIRST_DAY: i64 = 16_222;
/// The fuzz dates span this many days: to 2028, after every system's data.
const SPAN_DAYS: i64 = 14 * 365;

/// A date of service from two fuzz bytes: from 2014-06-01 to 2028-05, so some are outside
/// each system's data and many fall on the days a release starts or ends.
pub fn date_from(n: u16) -> Date {
    // Every 8th value is a release boundary (October 1, or a quarter's first day, or the
    // day before), the days where off-by-one errors live.
    if n.is_multiple_of(8) {
        let year = 2014 + (n / 8 % 14);
        let (month, day) = [
            (10, 1),
            (9, 30),
            (1, 1),
            (12, 31),
            (4, 1),
            (3, 31),
            (7, 1),
            (6, 30),
        ][usize::from(n / 112 % 8)];
        return Date::new(year, month, day).expect("a real day");
    }
    Date::from_days_since_epoch(FIRST_DAY + i64::from(n) % SPAN_DAYS)
}

/// Bytes as text, the way a surface that reads bytes does: invalid UTF-8 becomes U+FFFD.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The spellings a code is accepted under: as given, lower case, padded with white space
/// (ICD-10-CM's dotted and undotted forms are both passed in by the callers).
pub fn spellings(code: &str) -> Vec<String> {
    vec![
        code.to_owned(),
        code.to_ascii_lowercase(),
        format!(" {code} "),
        format!("\t{}\r\n", code.to_ascii_lowercase()),
        format!("{code}\n"),
    ]
}

/// The outcome of `validate` as a [`ReasonKind`].
fn kind_of<T>(r: &Result<T, medcodes::ValidationError>) -> ReasonKind {
    match r {
        Ok(_) => ReasonKind::Valid,
        Err(e) => e.kind(),
    }
}

/// The checks of one code set on a list of inputs and a date each (`dates[i]` for
/// `codes[i]`, `date` for the one-date calls):
///
/// - the single call (`reason`) and the full one (`validate`) agree, and `is_valid`;
/// - the batch calls (`reasons`, `are_valid`, `reasons_per_row`, `are_valid_per_row`)
///   give what the single calls give, row by row;
/// - the calls on a [`CodeSystem`] value give what the typed calls give;
/// - a code that is found (`lookup`) is found under every accepted spelling, as the same
///   code, and its canonical spellings normalise to themselves; a code that validates
///   validates under every spelling;
/// - nothing answers about a date outside the data: `title` is `None` there.
pub fn check_code_set<S: System>(codes: &[String], date: Date, dates: &[Option<Date>]) {
    let set = CodeSet::<S>::new();
    let system = S::ID;
    let (first, last) = set.coverage();
    let covered = |d: Date| first <= d && d <= last;

    let singles: Vec<ReasonKind> = codes.iter().map(|c| set.reason(c, date)).collect();
    let mut batch = Vec::new();
    set.reasons(codes, date, &mut batch);
    assert_eq!(
        batch, singles,
        "{system}: reasons vs reason on {date}: {codes:?}"
    );
    let mut batch = Vec::new();
    system.reasons(codes, date, &mut batch);
    assert_eq!(
        batch, singles,
        "{system}: CodeSystem::reasons on {date}: {codes:?}"
    );
    let mut valid = Vec::new();
    set.are_valid(codes, date, &mut valid);
    let expected: Vec<bool> = singles.iter().map(|k| *k == ReasonKind::Valid).collect();
    assert_eq!(valid, expected, "{system}: are_valid on {date}: {codes:?}");

    let per_row_expected: Vec<Option<ReasonKind>> = codes
        .iter()
        .zip(dates)
        .map(|(c, d)| d.map(|d| set.reason(c, d)))
        .collect();
    let mut per_row = Vec::new();
    set.reasons_per_row(codes, dates, &mut per_row)
        .expect("as many dates as codes");
    assert_eq!(
        per_row, per_row_expected,
        "{system}: reasons_per_row: {codes:?} {dates:?}"
    );
    let mut per_row = Vec::new();
    system
        .reasons_per_row(codes, dates, &mut per_row)
        .expect("as many dates as codes");
    assert_eq!(
        per_row, per_row_expected,
        "{system}: CodeSystem::reasons_per_row"
    );
    let mut valid = Vec::new();
    set.are_valid_per_row(codes, dates, &mut valid)
        .expect("as many dates as codes");
    let expected: Vec<Option<bool>> = per_row_expected
        .iter()
        .map(|k| k.map(|k| k == ReasonKind::Valid))
        .collect();
    assert_eq!(
        valid, expected,
        "{system}: are_valid_per_row: {codes:?} {dates:?}"
    );
    // A length mismatch is an error, not a panic.
    if !codes.is_empty() {
        let mut out = Vec::new();
        assert!(set.reasons_per_row(codes, &dates[1..], &mut out).is_err());
    }

    for (code, &kind) in codes.iter().zip(&singles) {
        check_one::<S>(code, date, kind, covered(date));
    }
}

/// [`check_code_set`]'s checks of one input.
fn check_one<S: System>(code: &str, date: Date, kind: ReasonKind, covered: bool) {
    let set = CodeSet::<S>::new();
    let system = S::ID;
    let validated = set.validate(code, date);
    assert_eq!(
        kind_of(&validated),
        kind,
        "{system}: validate vs reason: {code:?} on {date}"
    );
    assert_eq!(set.is_valid(code, date), kind == ReasonKind::Valid);
    assert_eq!(
        system.reason(code, date),
        kind,
        "{system}: CodeSystem::reason {code:?}"
    );
    if !covered {
        assert_eq!(
            kind,
            ReasonKind::DateOutOfRange,
            "{system}: {code:?} on {date}"
        );
        assert_eq!(
            system.title(code, Some(date), false),
            None,
            "{system}: title {code:?} on {date}"
        );
        assert!(system.check_date(date).is_err());
    }
    // Shape errors are the normaliser's, whatever the date (inside the data).
    let normalized = set.normalize(code);
    if covered {
        if let Err(e) = &normalized {
            assert_eq!(
                e.kind(),
                kind,
                "{system}: normalize's error vs reason: {code:?}"
            );
        }
    }
    assert_eq!(
        system.canonical(code).ok().map(|c| c.to_string()),
        normalized.as_ref().ok().map(|n| n.to_string()),
        "{system}: canonical {code:?}"
    );

    let found = set.lookup(code);
    assert_eq!(
        system.knows(code),
        found.is_ok(),
        "{system}: knows {code:?}"
    );
    let any = system.lookup(code);
    assert_eq!(
        any.as_ref().ok().map(|c| c.code()),
        found.as_ref().ok().map(|c| c.code())
    );
    if let Ok(valid) = &validated {
        assert_eq!(
            found.as_ref().ok(),
            Some(valid),
            "{system}: valid but not found: {code:?}"
        );
        assert!(
            valid.is_valid_on(date),
            "{system}: {code:?} validates but not is_valid_on {date}"
        );
    }
    if found.is_err()
        && matches!(
            kind,
            ReasonKind::Valid | ReasonKind::NotBillable | ReasonKind::NotValidOnDate
        )
    {
        panic!("{system}: {code:?} is {kind:?} on {date} but lookup fails");
    }
    let Ok(found) = found else { return };
    let canonical = found.code();
    let undotted = found.undotted();
    // The canonical spellings read back as themselves.
    assert_eq!(
        set.normalize(canonical.as_str())
            .map(|n| n.to_string())
            .ok()
            .as_deref(),
        Some(canonical.as_str()),
        "{system}: canonical {canonical} does not normalise to itself"
    );
    assert_eq!(
        system.compact(code).ok(),
        Some(undotted),
        "{system}: compact {code:?}"
    );
    let mut forms = spellings(canonical.as_str());
    if undotted.as_str() != canonical.as_str() {
        forms.extend(spellings(undotted.as_str()));
    }
    for form in &forms {
        assert_eq!(
            set.lookup(form).ok(),
            Some(found),
            "{system}: {form:?} is not found as {canonical}"
        );
        let k = set.reason(form, date);
        assert_eq!(
            k, kind,
            "{system}: {form:?} ({canonical}) on {date}: {k:?}, {code:?} {kind:?}"
        );
    }
    // The hierarchy reads back: a parent is found, and has the code among its children.
    if let Some(parent) = found.parent() {
        assert_eq!(set.lookup(parent.code().as_str()).ok(), Some(parent));
        assert!(
            parent.children().any(|c| c == found),
            "{system}: {canonical} not a child of its parent"
        );
    }
    assert!(
        set.codes_starting_with(canonical.as_str()).next() == Some(found),
        "{system}: codes_starting_with({canonical})"
    );
    if covered {
        let title = system.title(code, Some(date), false);
        assert_eq!(title, found.title_on(date), "{system}: title {code:?}");
    }
}

/// A real code of the system near the input: the codes starting with the input's first
/// `len` characters (whatever they are), the `pick`-th of them (cheap: a range of the
/// table, not a scan).
pub fn real_code<S: System>(input: &str, len: usize, pick: usize) -> Option<String> {
    let prefix: String = input.chars().take(len).collect();
    let set = CodeSet::<S>::new();
    let mut codes = set.codes_starting_with(&prefix);
    let first = codes.next()?;
    Some(codes.nth(pick % 97).unwrap_or(first).code().to_string())
}

/// The systems of this build, by a fuzz byte.
pub fn system_from(n: u8) -> CodeSystem {
    CodeSystem::ALL[usize::from(n) % CodeSystem::ALL.len()]
}

/// The findings of a claim, borrowed or owned, as comparable values.
pub fn findings<S: AsRef<str>>(claim: &medcodes::claim::Claim<S>) -> Vec<medcodes::claim::Finding> {
    medcodes::claim::check(claim).findings
}

/// A claim borrowing the strings of an owned one.
pub fn borrowed(claim: &medcodes::claim::Claim) -> medcodes::claim::Claim<&str> {
    use medcodes::claim::{Claim, Diagnosis, Procedure};
    fn dx(d: &Diagnosis) -> Diagnosis<&str> {
        Diagnosis {
            code: d.code.as_str(),
            poa: d.poa,
        }
    }
    Claim {
        date: claim.date,
        age: claim.age,
        sex: claim.sex,
        principal: dx(&claim.principal),
        secondary: claim.secondary.iter().map(dx).collect(),
        admitting: claim.admitting.as_ref().map(dx),
        procedures: claim
            .procedures
            .iter()
            .map(|p| Procedure {
                code: p.code.as_str(),
            })
            .collect(),
        discharge_status: claim.discharge_status,
        length_of_stay: claim.length_of_stay,
    }
}

/// The checks of a claim: the borrowed and owned forms give the same findings; the claim
/// round-trips through its serde (JSON) form as the same claim with the same findings;
/// with the coding rules, the MCE findings are the same.
pub fn check_claim(claim: &medcodes::claim::Claim) {
    use medcodes::claim::{self, CheckOptions, Claim};
    let found = findings(claim);
    assert_eq!(
        findings(&borrowed(claim)),
        found,
        "borrowed vs owned: {claim:?}"
    );
    assert_eq!(claim.check().findings, found);
    let json = serde_json::to_string(claim).expect("a claim serialises");
    let back: Claim = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("the serde form of {claim:?} does not read back: {e}: {json}"));
    assert_eq!(&back, claim, "serde round trip: {json}");
    assert_eq!(
        findings(&back),
        found,
        "findings after the serde round trip: {json}"
    );
    // Borrowed claims deserialise too (codes without escapes).
    if let Ok(b) = serde_json::from_str::<Claim<&str>>(&json) {
        assert_eq!(findings(&b), found, "borrowed deserialised: {json}");
    }
    let options = CheckOptions::new().coding_rules(true);
    let report = claim::check_with(claim, &options);
    assert_eq!(
        report.findings, found,
        "check_with changes the MCE findings: {claim:?}"
    );
    let _ = serde_json::to_string(&report).expect("a report serialises");
    let _ = report.max_severity();
    let _ = report.is_clean();
}

/// The checks of a CMS HCPCS file read from `bytes` (text or xlsx): reading the same bytes
/// again gives the same records (or the same error); every record is found by `get` under
/// its code in any case and padded, as itself (the first of its code); the code and
/// modifier lists partition the records (less CPT-form codes); the active lists hold
/// active records only; over the built-in tables, `reason` and `is_valid` agree, and on a
/// date outside the built-in quarters the file decides; `differences` lists codes in order.
pub fn check_hcpcs_file(bytes: &[u8], differences: bool) {
    use medcodes::hcpcs::{Hcpcs, HcpcsFile};
    let first = HcpcsFile::parse(bytes);
    let second = HcpcsFile::parse(bytes);
    let file = match (first, second) {
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "the same bytes, two errors");
            assert!(a.to_string().len() < 2_000, "a long error: {a}");
            return;
        }
        (Ok(a), Ok(b)) => {
            assert_eq!(a.records, b.records, "the same bytes read twice differ");
            assert_eq!((a.format, &a.preamble), (b.format, &b.preamble));
            a
        }
        (a, b) => panic!("the same bytes read once as {a:?}, once as {b:?}"),
    };
    assert_eq!(file.len(), file.records.len());
    for r in &file.records {
        assert!(!r.code.is_empty() && r.code.len() <= 5, "{:?}", r.code);
        let found = file
            .get(&r.code)
            .unwrap_or_else(|| panic!("{:?} not found", r.code));
        assert_eq!(found.code, r.code);
        for form in spellings(&r.code) {
            assert_eq!(file.get(&form).map(|f| &f.code), Some(&r.code), "{form:?}");
        }
        if let Some(added) = r.add_date {
            let open = r.termination_date.is_none_or(|last| added <= last);
            assert_eq!(r.is_active_on(added), open, "{:?}", r.code);
        }
    }
    let codes = file.codes().count();
    let modifiers = file.modifiers().count();
    let cpt = file
        .records
        .iter()
        .filter(|r| r.is_cpt() && !r.is_modifier())
        .count();
    assert_eq!(codes + modifiers + cpt, file.len());
    let date = Date::new(2025, 7, 1).expect("a real day");
    let far = Date::new(2031, 1, 1).expect("a real day");
    for d in [date, far] {
        assert!(file.codes_active_on(d).all(|r| r.is_active_on(d)));
        assert!(file
            .modifiers_active_on(d)
            .all(|r| r.is_active_on(d) && r.is_modifier()));
    }
    let loaded = Hcpcs::new()
        .with_file_bytes(bytes)
        .expect("read once, reads again");
    for r in file.records.iter().take(16) {
        for d in [date, far] {
            let kind = loaded.reason(&r.code, d);
            assert_eq!(loaded.is_valid(&r.code, d), kind == ReasonKind::Valid);
            if d == far && !r.is_modifier() && !r.is_cpt() {
                let want = if file.get(&r.code).is_some_and(|f| f.is_active_on(d)) {
                    ReasonKind::Valid
                } else {
                    ReasonKind::NotValidOnDate
                };
                if r.code.len() == 5 && medcodes::hcpcs::normalize(&r.code).is_ok() {
                    assert_eq!(kind, want, "{:?} on {d}", r.code);
                }
            }
        }
        let _ = loaded.long_description(&r.code);
    }
    if differences {
        let diff = loaded.differences(date);
        assert!(diff.only_in_file.windows(2).all(|w| w[0] <= w[1]));
        assert!(diff.only_built_in.windows(2).all(|w| w[0] < w[1]));
    }
}
