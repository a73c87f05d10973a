//! Which code system a command works in: `--system` (a [`CodeSystem`], or `auto`), and
//! what `auto` makes of a bare string (through [`medcodes::detect`], which reports
//! ambiguity instead of guessing).
//!
//! Nothing here names a system: what a system is called, what its codes look like and
//! which dates it covers come from [`CodeSystem`]; what it adds to the CLI is its
//! [`Extras`](crate::lookup::Extras).

use std::borrow::Cow;

use medcodes::{CodeSystem, Date, Detection};

use crate::lookup::{with_extras, Extras};

/// The value of `--system`: one system, or `auto` (detect it from each code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemArg {
    Auto,
    One(CodeSystem),
}

impl SystemArg {
    /// The systems the codes may belong to.
    pub fn systems(&self) -> &[CodeSystem] {
        match self {
            SystemArg::Auto => CodeSystem::ALL,
            SystemArg::One(system) => std::slice::from_ref(system),
        }
    }

    /// The system of JSON records that belong to no code in particular (`null` for `auto`).
    pub fn fixed(self) -> Option<CodeSystem> {
        match self {
            SystemArg::Auto => None,
            SystemArg::One(system) => Some(system),
        }
    }

    /// What a code looks like, for messages: `an ICD-10-CM code such as E11.9`.
    pub fn example(self) -> String {
        match self {
            SystemArg::One(s) => format!("an {} code such as {}", s.name(), s.example()),
            SystemArg::Auto => format!("a code such as {}", each(CodeSystem::example)),
        }
    }

    /// How long codes are, for messages: `ICD-10-PCS codes have exactly 7 characters`.
    pub fn length_rule(self) -> String {
        match self {
            SystemArg::One(s) => format!("{} codes have {}", s.name(), s.length_rule()),
            SystemArg::Auto => format!("codes have {}", each(CodeSystem::length_rule)),
        }
    }
}

/// What `fact` says of each system, named: `E11.9 (ICD-10-CM) or 0DTJ4ZZ (ICD-10-PCS)`.
fn each(fact: fn(CodeSystem) -> &'static str) -> String {
    or_list(
        CodeSystem::ALL
            .iter()
            .map(|&s| format!("{} ({})", fact(s), s.name())),
    )
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: impl Iterator<Item = String>) -> String {
    let mut items: Vec<String> = items.collect();
    let last = items.pop().unwrap_or_default();
    if items.is_empty() {
        last
    } else {
        format!("{} or {last}", items.join(", "))
    }
}

/// Parses `--system`: `auto`, or anything [`CodeSystem::from_id`] accepts (`icd10cm`,
/// `ICD-10-PCS`, ...).
pub fn parse_system(input: &str) -> Result<SystemArg, String> {
    if input.trim().eq_ignore_ascii_case("auto") {
        return Ok(SystemArg::Auto);
    }
    CodeSystem::from_id(input)
        .map(SystemArg::One)
        .ok_or_else(|| {
            let ids = CodeSystem::ALL.iter().map(|s| s.id().to_owned());
            let ids = or_list(ids.chain(["auto".to_owned()]));
            format!("unknown code system {input:?}: expected {ids}")
        })
}

/// Which system one input is to be handled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    One(CodeSystem),
    /// `auto` found the input in several systems: the user must say which.
    Ambiguous(Vec<CodeSystem>),
    /// `auto` found the input in no system.
    Unknown,
}

/// The system `arg` names, or under `auto` the systems that know `input`, those in use on
/// the date preferred ([`medcodes::detect_on`]).
pub fn pick(arg: SystemArg, input: &str, date: Date) -> Pick {
    match arg {
        SystemArg::One(system) => Pick::One(system),
        SystemArg::Auto => match medcodes::detect_on(input, date) {
            Detection::One(system) => Pick::One(system),
            Detection::Ambiguous(systems) => Pick::Ambiguous(systems),
            _ => Pick::Unknown,
        },
    }
}

/// Characters of a prefix tried by [`fit`]; longer than any code.
const MAX_FIT: usize = 12;

/// How far an input goes in a system: the length of its longest start (surrounding white
/// space aside) that is a code or header (or level) of the system in some release.
pub fn fit(system: CodeSystem, input: &str) -> usize {
    let trimmed = input.trim();
    trimmed
        .char_indices()
        .take(MAX_FIT)
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&end| system.knows(&trimmed[..end]))
        .map(|end| trimmed[..end].chars().count())
        .max()
        .unwrap_or(0)
}

/// The system to report an input that no system knows in, when only one report is made
/// (`validate --system auto`): the one it goes furthest in ([`fit`]), the first listed in
/// [`CodeSystem::ALL`] on a tie.
pub fn likely_system(input: &str) -> CodeSystem {
    let mut best = (CodeSystem::ALL[0], 0);
    for &system in CodeSystem::ALL {
        let fit = fit(system, input);
        if fit > best.1 {
            best = (system, fit);
        }
    }
    best.0
}

/// The message for an input that is a code (or header, or level) in several systems,
/// naming what it is in each and asking for `--system`.
pub fn ambiguity_message(input: &str, systems: &[CodeSystem], date: Date) -> String {
    let described: Vec<String> = systems.iter().map(|&s| describe(s, input, date)).collect();
    let options: Vec<String> = systems
        .iter()
        .map(|s| format!("--system {}", s.id()))
        .collect();
    format!(
        "{:?} is ambiguous: it is {}; say which with {}",
        crate::output::shorten(input),
        described.join(" and "),
        options.join(" or ")
    )
}

/// What the input is in a system, e.g. `an ICD-10-CM category (Neutropenia)`.
fn describe(system: CodeSystem, input: &str, date: Date) -> String {
    let name = system.name();
    let Ok(code) = system.lookup(input) else {
        return format!("not an {name} code");
    };
    let (level, what): (&str, Option<Cow<str>>) =
        with_extras!(system, X => (X::level(code, date), X::describe(code, date)));
    let level = level.replace('_', " ");
    match what {
        Some(what) => format!("an {name} {level} ({what})"),
        None => format!("an {name} {level}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CM: CodeSystem = CodeSystem::Icd10Cm;
    const PCS: CodeSystem = CodeSystem::Icd10Pcs;
    fn day() -> Date {
        Date::new(2025, 3, 1).expect("date")
    }

    #[test]
    fn parses_system_names() {
        assert_eq!(parse_system("auto"), Ok(SystemArg::Auto));
        assert_eq!(parse_system("AUTO"), Ok(SystemArg::Auto));
        assert_eq!(parse_system("icd10cm"), Ok(SystemArg::One(CM)));
        assert_eq!(parse_system("ICD-10-PCS"), Ok(SystemArg::One(PCS)));
        assert_eq!(
            parse_system("bogus"),
            Err(
                "unknown code system \"bogus\": expected icd10cm, icd10pcs, hcpcs, icd9cm, icd9proc or auto"
                    .to_owned()
            )
        );
        assert!(parse_system("").is_err());
    }

    #[test]
    fn messages_come_from_the_core() {
        assert_eq!(
            SystemArg::One(PCS).example(),
            "an ICD-10-PCS code such as 0DTJ4ZZ"
        );
        assert_eq!(
            SystemArg::Auto.example(),
            "a code such as E11.9 (ICD-10-CM), 0DTJ4ZZ (ICD-10-PCS), E0100 (HCPCS Level II), 250.00 (ICD-9-CM) or 01.23 (ICD-9-CM Volume 3)"
        );
        assert_eq!(
            SystemArg::One(PCS).length_rule(),
            "ICD-10-PCS codes have exactly 7 characters"
        );
        assert_eq!(SystemArg::Auto.systems(), CodeSystem::ALL);
        assert_eq!(SystemArg::One(PCS).systems(), [PCS]);
    }

    #[test]
    fn unknown_inputs_go_to_the_system_they_fit_best() {
        for cm in [
            "ZZZ.9", "E1", "e11", "B20.", "U99", "Q99.999", "E11.9X", "?", "", "  ",
        ] {
            assert_eq!(likely_system(cm), CM, "{cm}");
        }
        for pcs in ["0DTJ4", "0DT.J", "0DTJ4ZZZ", " 0dtj4 "] {
            assert_eq!(likely_system(pcs), PCS, "{pcs}");
        }
        // Digits go furthest in ICD-9-CM: 123.4 is a diagnosis.
        assert_eq!(likely_system("12345"), CodeSystem::Icd9Cm);
        assert_eq!(fit(CM, "E11.9X"), 5);
        assert_eq!(fit(CM, " e119x "), 4);
        assert_eq!(fit(PCS, "0DTJ4"), 4);
        assert_eq!(fit(CM, "0DTJ4"), 0);
    }

    #[test]
    fn auto_reports_ambiguity() {
        assert_eq!(pick(SystemArg::Auto, "E11.9", day()), Pick::One(CM));
        assert_eq!(pick(SystemArg::Auto, "0dtj4zz", day()), Pick::One(PCS));
        assert_eq!(
            pick(SystemArg::Auto, "B20", day()),
            Pick::Ambiguous(vec![CM, PCS])
        );
        assert_eq!(pick(SystemArg::Auto, "nonsense", day()), Pick::Unknown);
        assert_eq!(pick(SystemArg::One(PCS), "E11.9", day()), Pick::One(PCS));
        let date = Date::new(2025, 3, 1).expect("date");
        let message = ambiguity_message("b20", &[CM, PCS], date);
        assert!(message.contains("ICD-10-CM category"), "{message}");
        assert!(message.contains("ICD-10-PCS table"), "{message}");
        assert!(
            message.contains("--system icd10cm or --system icd10pcs"),
            "{message}"
        );
    }
}
