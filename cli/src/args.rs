//! Command-line arguments: the clap definitions, and the date of service with its checks.

use std::ffi::OsString;

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use medcodes::Date;

use crate::system::{parse_system, System, SystemArg};

/// Look up and validate US medical codes (ICD-10-CM and ICD-10-PCS) by date of service,
/// offline.
#[derive(Debug, Parser)]
#[command(name = "medcodes", version, propagate_version = true)]
#[command(after_help = EXIT_STATUS)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what codes mean and where they sit in their code set
    ///
    /// For each ICD-10-CM code: its long and short titles with the release they come from,
    /// its kind and billable status on the date, the dates it is valid, its Medicare Code
    /// Editor flags, its parent and children, and the chapter › block › category › ... ›
    /// code path.
    ///
    /// For each ICD-10-PCS code, or level of the hierarchy (section, body system, table,
    /// body part: the first 1 to 4 characters): its titles, level, validity on the date and
    /// date ranges, MCE flags, the meaning of each of its seven characters (with the
    /// definitions of root operations and approaches), its parent and children (with how
    /// many valid codes each has on the date), and the section › body system › table › body
    /// part › code path.
    ///
    /// The code system is detected from each code unless --system says it; a code that
    /// exists in both systems (such as B20) is reported as ambiguous rather than guessed.
    #[command(after_help = LOOKUP_EXAMPLES)]
    Lookup(LookupArgs),

    /// Check that codes are valid and billable on a date of service, one line per code
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// Codes, any case: ICD-10-CM with or without the dot (E11.9, e119, S52.521A) or
    /// ICD-10-PCS codes and levels (0DTJ4ZZ, 0DT).
    #[arg(required = true, value_name = "CODE")]
    pub codes: Vec<OsString>,

    /// Code system of the codes: icd10cm, icd10pcs, or auto to detect it from each code
    /// (a code found in both systems is an error asking for --system).
    #[arg(long, value_name = "SYSTEM", default_value = "auto", value_parser = parse_system)]
    pub system: SystemArg,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Codes to check. With none, or `-`, codes are read from standard input, one a line.
    #[arg(value_name = "CODE")]
    pub codes: Vec<OsString>,

    /// Code system of the codes: icd10cm, icd10pcs, or auto to detect it from each code
    /// (a code found in both systems is reported as `ambiguous`). Claim files hold one
    /// system per field, so say which.
    #[arg(long, value_name = "SYSTEM", default_value = "icd10cm", value_parser = parse_system)]
    pub system: SystemArg,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help = date_help())]
    pub date: Option<Date>,

    /// Print one JSON object per code, one per line (JSON Lines).
    #[arg(long)]
    pub json: bool,
}

impl CommonArgs {
    /// The date of service: `--date`, or today. Exits with a usage error (status 2) when
    /// the date is outside the dates the bundled data of `system` covers (of every system,
    /// for `auto`); `subcommand` names the subcommand whose usage the error shows.
    pub fn date(&self, system: SystemArg, subcommand: &str) -> Date {
        let (date, given) = match self.date {
            Some(date) => (date, true),
            None => (Date::today(), false),
        };
        if let Err(message) = check_coverage(date, system) {
            let message = if given {
                format!("invalid value '{date}' for '--date <YYYY-MM-DD>': {message}")
            } else {
                format!("today ({date}) cannot be used as the date of service: {message}; pass --date YYYY-MM-DD")
            };
            let mut command = Cli::command();
            command.build();
            match command.find_subcommand_mut(subcommand) {
                Some(sub) => sub.error(ErrorKind::ValueValidation, message).exit(),
                None => command.error(ErrorKind::ValueValidation, message).exit(),
            }
        }
        date
    }
}

impl Cli {
    /// Parses the process arguments; on a usage error prints it and exits with status 2.
    pub fn parse_args() -> Cli {
        let mut version = env!("CARGO_PKG_VERSION").to_owned();
        for system in System::ALL {
            let (first, last) = system.coverage();
            version.push_str(&format!(
                "\n{} data: dates of service {first} to {last}",
                system.name()
            ));
        }
        let command = Cli::command().long_version(version);
        let matches = command.get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

fn date_help() -> String {
    let (first, last) = System::Cm.coverage();
    let covered = if System::ALL.iter().all(|s| s.coverage() == (first, last)) {
        format!("must be from {first} to {last}")
    } else {
        let each: Vec<String> = System::ALL
            .iter()
            .map(|s| {
                let (first, last) = s.coverage();
                format!("{}: {first} to {last}", s.name())
            })
            .collect();
        format!(
            "must be covered by the data of the code system ({})",
            each.join("; ")
        )
    };
    format!(
        "Date of service [default: today in UTC, {}]; {covered}",
        Date::today()
    )
}

/// Parses `--date`: ISO `YYYY-MM-DD` (or `YYYYMMDD`). Whether the bundled data covers it
/// depends on `--system`, so [`CommonArgs::date`] checks that once everything is parsed.
fn parse_date(input: &str) -> Result<Date, String> {
    input.parse().map_err(|e| format!("{e}"))
}

fn check_coverage(date: Date, system: SystemArg) -> Result<(), String> {
    for system in system.systems() {
        let (first, last) = system.coverage();
        if date < first || date > last {
            return Err(format!(
                "{date} is outside the dates the bundled {} data covers ({first} to {last})",
                system.name()
            ));
        }
    }
    Ok(())
}

const EXIT_STATUS: &str = "\
Examples:
  medcodes lookup E11.9
  medcodes lookup 0DTJ4ZZ
  medcodes validate --date 2025-03-01 E11.9 E11 S52.521A
  medcodes validate --system icd10pcs --json < procedures.txt

Exit status:
  0  every code was found (lookup) or valid and billable (validate)
  1  some code was not (or, for lookup, was found in both code systems)
  2  usage error (unknown option or --system, bad or uncovered --date) or an I/O error";

const LOOKUP_EXAMPLES: &str = "\
Examples:
  medcodes lookup E11.9
  medcodes lookup s52521a --date 2019-06-30
  medcodes lookup E11 E11.65 --json
  medcodes lookup 0DTJ4ZZ
  medcodes lookup 0DT --date 2025-03-01
  medcodes lookup B20 --system icd10cm

Unknown or malformed codes, and codes found in both systems when --system is auto, are
reported on standard error and make the exit status 1.

With --json each code is one line: an object with a field system (\"icd10cm\" or
\"icd10pcs\") and the facts shown in text.";

const VALIDATE_EXAMPLES: &str = "\
Output, one line per code:
  VALID  E11.9  Type 2 diabetes mellitus without complications
  INVALID  E11  not_billable  E11 is a header, not a billable code: ...
  VALID  0DTJ4ZZ  Resection of Appendix, Percutaneous Endoscopic Approach
  INVALID  0DTJ4  incomplete  0DTJ4 has 5 of ICD-10-PCS's 7 characters: ...

With --json each line is an object with the fields input (the line as read, with U+FFFD
for bytes that are not UTF-8), code (canonical form, dotted for ICD-10-CM, when the input
is a well-formed code, else null), valid, reason (\"valid\", \"empty\", \"too_long\",
\"malformed\", \"unknown\", \"not_billable\", \"not_valid_on_date\", \"incomplete\" for
the start of an ICD-10-PCS code, or \"ambiguous\" for a code of both systems under
--system auto), message (null when valid), title (or null), billable, date, and system
(\"icd10cm\" or \"icd10pcs\", the system the code was checked in; null if none was).

Standard input is read line by line, so files of any size stream through; empty lines
are reported as `empty` and lines that are not UTF-8 as `malformed`, so output lines
match input lines.

Examples:
  medcodes validate E11.9 E11 S52.521A
  medcodes validate --date 2025-03-01 < codes.txt > results.txt
  medcodes validate --system icd10pcs 0DTJ4ZZ 0DTJ4
  cut -d, -f3 claims.csv | medcodes validate --json - | jq 'select(.valid | not)'

Exit status: 0 when every code is valid, 1 when some are not, 2 on usage or I/O errors.";
