//! Which code system a command works in: `--system`, and what `auto` makes of a bare
//! string (through [`medcodes::detect`], which reports ambiguity instead of guessing).

use medcodes::key::CodeBuf;
use medcodes::{icd10cm, icd10pcs, CodeSystem, Date, Detection, Icd10Cm, Icd10Pcs};

/// A code system the CLI handles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    Cm,
    Pcs,
}

impl System {
    pub const ALL: [System; 2] = [System::Cm, System::Pcs];

    pub fn code_system(self) -> CodeSystem {
        match self {
            System::Cm => CodeSystem::Icd10Cm,
            System::Pcs => CodeSystem::Icd10Pcs,
        }
    }

    /// `None` for a system the library knows and the CLI does not handle yet.
    pub fn from_code_system(system: CodeSystem) -> Option<System> {
        match system {
            CodeSystem::Icd10Cm => Some(System::Cm),
            CodeSystem::Icd10Pcs => Some(System::Pcs),
            _ => None,
        }
    }

    /// The official name, e.g. `ICD-10-CM`.
    pub fn name(self) -> &'static str {
        self.code_system().name()
    }

    /// The `--system` value and JSON `system` field, e.g. `icd10cm`.
    pub fn id(self) -> &'static str {
        self.code_system().id()
    }

    /// First and last date of service the bundled data covers.
    pub fn coverage(self) -> (Date, Date) {
        match self {
            System::Cm => Icd10Cm::new().coverage(),
            System::Pcs => Icd10Pcs::new().coverage(),
        }
    }

    /// What a code of the system looks like, for messages.
    pub fn example(self) -> &'static str {
        match self {
            System::Cm => "an ICD-10-CM code such as E11.9",
            System::Pcs => "an ICD-10-PCS code such as 0DTJ4ZZ",
        }
    }

    /// The most characters a code has, for messages.
    pub fn max_length(self) -> &'static str {
        match self {
            System::Cm => "ICD-10-CM codes have at most 7 characters besides the dot",
            System::Pcs => "ICD-10-PCS codes have 7 characters",
        }
    }
}

/// The value of `--system`: one system, or `auto` (detect it from each code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SystemArg {
    Auto,
    One(System),
}

impl SystemArg {
    /// The systems the codes may belong to.
    pub fn systems(self) -> &'static [System] {
        match self {
            SystemArg::Auto => &System::ALL,
            SystemArg::One(System::Cm) => &[System::Cm],
            SystemArg::One(System::Pcs) => &[System::Pcs],
        }
    }

    /// The system of JSON records that belong to no code in particular (`null` for `auto`).
    pub fn fixed(self) -> Option<System> {
        match self {
            SystemArg::Auto => None,
            SystemArg::One(system) => Some(system),
        }
    }

    /// What a code looks like, for messages.
    pub fn example(self) -> &'static str {
        match self {
            SystemArg::Auto => "a code such as E11.9 (ICD-10-CM) or 0DTJ4ZZ (ICD-10-PCS)",
            SystemArg::One(system) => system.example(),
        }
    }

    /// The most characters a code has, for messages.
    pub fn max_length(self) -> &'static str {
        match self {
            SystemArg::Auto => {
                "codes have at most 7 characters (ICD-10-CM) or exactly 7 (ICD-10-PCS)"
            }
            SystemArg::One(system) => system.max_length(),
        }
    }
}

/// Parses `--system`: `auto`, or anything [`CodeSystem::from_id`] accepts (`icd10cm`,
/// `ICD-10-PCS`, ...).
pub fn parse_system(input: &str) -> Result<SystemArg, String> {
    if input.trim().eq_ignore_ascii_case("auto") {
        return Ok(SystemArg::Auto);
    }
    CodeSystem::from_id(input)
        .and_then(System::from_code_system)
        .map(SystemArg::One)
        .ok_or_else(|| format!("unknown code system {input:?}: expected icd10cm, icd10pcs or auto"))
}

/// Which system one input is to be handled in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    One(System),
    /// `auto` found the input in several systems: the user must say which.
    Ambiguous(Vec<System>),
    /// `auto` found the input in no system.
    Unknown,
}

/// The system `arg` names, or under `auto` the systems that know `input`.
pub fn pick(arg: SystemArg, input: &str) -> Pick {
    match arg {
        SystemArg::One(system) => Pick::One(system),
        SystemArg::Auto => match medcodes::detect(input) {
            Detection::One(system) => {
                System::from_code_system(system).map_or(Pick::Unknown, Pick::One)
            }
            Detection::Ambiguous(systems) => {
                let mut known: Vec<System> = systems
                    .into_iter()
                    .filter_map(System::from_code_system)
                    .collect();
                match known.len() {
                    0 => Pick::Unknown,
                    1 => Pick::One(known.remove(0)),
                    _ => Pick::Ambiguous(known),
                }
            }
            Detection::Unknown => Pick::Unknown,
        },
    }
}

/// Whether an input no system knows looks like an ICD-10-CM code rather than ICD-10-PCS:
/// it starts with a letter and has a dot (ICD-10-PCS codes have none), starts with a letter
/// that begins no ICD-10-PCS section (E11, ZZZ.9), or is not ICD-10-PCS-shaped at all.
pub fn looks_like_cm(input: &str) -> bool {
    let trimmed = input.trim_matches(|c: char| c.is_ascii_whitespace());
    let Some(first) = trimmed.chars().next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && (trimmed.contains('.')
            || icd10pcs::section(first.to_ascii_uppercase()).is_none()
            || icd10pcs::normalize(trimmed).is_err())
}

/// The system to report an input that no system knows in, when only one report is made
/// (`validate --system auto`): ICD-10-CM when it looks like ICD-10-CM, else ICD-10-PCS when
/// it is shaped like (the start of) an ICD-10-PCS code or starts with a digit, else
/// ICD-10-CM.
pub fn likely_system(input: &str) -> System {
    if looks_like_cm(input) {
        return System::Cm;
    }
    let trimmed = input.trim_matches(|c: char| c.is_ascii_whitespace());
    let digit_first = trimmed.chars().next().is_some_and(|c| c.is_ascii_digit());
    if digit_first || icd10pcs::normalize(trimmed).is_ok() {
        System::Pcs
    } else {
        System::Cm
    }
}

/// The message for an input that is a code (or header, or level) in several systems,
/// naming what it is in each and asking for `--system`.
pub fn ambiguity_message(input: &str, systems: &[System], date: Date) -> String {
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
fn describe(system: System, input: &str, date: Date) -> String {
    let what = match system {
        System::Cm => Icd10Cm::new().lookup(input).ok().map(|code| {
            let kind = if code.is_present_on(date) {
                code.kind_on(date)
            } else {
                code.kind()
            };
            let title = code.title_on(date).map(|t| t.text);
            (kind.as_str().replace('_', " "), title)
        }),
        System::Pcs => Icd10Pcs::new().lookup(input).ok().map(|code| {
            let what = match code.section() {
                Some(section) if code.level() != icd10pcs::Level::Code => {
                    Some(format!("in the {} section", section.name).into())
                }
                _ => code.title_on(date).map(|t| t.text),
            };
            (level_name(code.level()).to_owned(), what)
        }),
    };
    match what {
        Some((kind, Some(title))) => format!("an {} {kind} ({title})", system.name()),
        Some((kind, None)) => format!("an {} {kind}", system.name()),
        None => format!("not an {} code", system.name()),
    }
}

/// An ICD-10-PCS level in words, e.g. `body part`.
pub fn level_name(level: icd10pcs::Level) -> &'static str {
    match level {
        icd10pcs::Level::Section => "section",
        icd10pcs::Level::BodySystem => "body system",
        icd10pcs::Level::Table => "table",
        icd10pcs::Level::BodyPart => "body part",
        icd10pcs::Level::Code => "code",
    }
}

/// The canonical form of a well-formed input in a system (dotted for ICD-10-CM), kept on
/// the stack: for messages and the `code` field of invalid results.
pub enum Canonical {
    Cm(CodeBuf),
    Pcs(icd10pcs::NormalizedCode),
}

impl Canonical {
    pub fn new(system: System, input: &str) -> Option<Canonical> {
        match system {
            System::Cm => icd10cm::normalize(input)
                .ok()
                .map(|n| Canonical::Cm(n.dotted())),
            System::Pcs => icd10pcs::normalize(input).ok().map(Canonical::Pcs),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Canonical::Cm(code) => code.as_str(),
            Canonical::Pcs(code) => code.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_system_names() {
        assert_eq!(parse_system("auto"), Ok(SystemArg::Auto));
        assert_eq!(parse_system("AUTO"), Ok(SystemArg::Auto));
        assert_eq!(parse_system("icd10cm"), Ok(SystemArg::One(System::Cm)));
        assert_eq!(parse_system("ICD-10-PCS"), Ok(SystemArg::One(System::Pcs)));
        assert!(parse_system("bogus").is_err());
        assert!(parse_system("").is_err());
    }

    #[test]
    fn tells_cm_shaped_inputs() {
        for cm in ["ZZZ.9", "E1", "e11", "B20.", "U99"] {
            assert!(looks_like_cm(cm), "{cm}");
            assert_eq!(likely_system(cm), System::Cm, "{cm}");
        }
        for other in ["0DTJ4", "B2", "", "  ", "XW0"] {
            assert!(!looks_like_cm(other), "{other}");
        }
        assert_eq!(likely_system("0DTJ4"), System::Pcs);
        assert_eq!(likely_system("0DT.J"), System::Pcs);
        assert_eq!(likely_system("B2"), System::Pcs);
        assert_eq!(likely_system("?"), System::Cm);
    }

    #[test]
    fn auto_reports_ambiguity() {
        assert_eq!(pick(SystemArg::Auto, "E11.9"), Pick::One(System::Cm));
        assert_eq!(pick(SystemArg::Auto, "0dtj4zz"), Pick::One(System::Pcs));
        assert_eq!(
            pick(SystemArg::Auto, "B20"),
            Pick::Ambiguous(vec![System::Cm, System::Pcs])
        );
        assert_eq!(pick(SystemArg::Auto, "nonsense"), Pick::Unknown);
        assert_eq!(
            pick(SystemArg::One(System::Pcs), "E11.9"),
            Pick::One(System::Pcs)
        );
        let date = Date::new(2025, 3, 1).expect("date");
        let message = ambiguity_message("b20", &[System::Cm, System::Pcs], date);
        assert!(message.contains("ICD-10-CM category"), "{message}");
        assert!(message.contains("ICD-10-PCS table"), "{message}");
        assert!(
            message.contains("--system icd10cm or --system icd10pcs"),
            "{message}"
        );
    }

    #[test]
    fn canonical_forms() {
        let canon = |s, i| Canonical::new(s, i).map(|c| c.as_str().to_owned());
        assert_eq!(canon(System::Cm, "e119").as_deref(), Some("E11.9"));
        assert_eq!(canon(System::Pcs, " 0dtj4 ").as_deref(), Some("0DTJ4"));
        assert_eq!(canon(System::Pcs, "0DT.J"), None);
    }
}
