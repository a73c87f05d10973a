//! Command-line arguments: the clap definitions, and the date of service with its checks.

use std::ffi::OsString;

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use medcodes::{Date, Icd10Cm};

/// Look up and validate US medical codes (ICD-10-CM) by date of service, offline.
#[derive(Debug, Parser)]
#[command(name = "medcodes", version, propagate_version = true)]
#[command(after_help = EXIT_STATUS)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what codes mean and where they sit in the code set
    ///
    /// For each code: its long and short titles with the release they come from, its kind
    /// and billable status on the date, the dates it is valid, its Medicare Code Editor
    /// flags, its parent and children, and the chapter › block › category › ... › code path.
    #[command(after_help = LOOKUP_EXAMPLES)]
    Lookup(LookupArgs),

    /// Check that codes are valid and billable on a date of service, one line per code
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// ICD-10-CM codes, with or without the dot, any case (e.g. E11.9, e119, S52.521A).
    #[arg(required = true, value_name = "CODE")]
    pub codes: Vec<OsString>,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Codes to check. With none, or `-`, codes are read from standard input, one a line.
    #[arg(value_name = "CODE")]
    pub codes: Vec<OsString>,

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
    /// today is outside the dates the bundled tables cover.
    pub fn date(&self) -> Date {
        if let Some(date) = self.date {
            return date;
        }
        let today = Date::today();
        if let Err(message) = check_coverage(today) {
            Cli::command()
                .error(
                    ErrorKind::ValueValidation,
                    format!("today ({today}) cannot be used as the date of service: {message}; pass --date YYYY-MM-DD"),
                )
                .exit();
        }
        today
    }
}

impl Cli {
    /// Parses the process arguments; on a usage error prints it and exits with status 2.
    pub fn parse_args() -> Cli {
        let (first, last) = Icd10Cm::new().coverage();
        let command = Cli::command().long_version(format!(
            "{}\nICD-10-CM data: dates of service {first} to {last}",
            env!("CARGO_PKG_VERSION")
        ));
        let matches = command.get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

fn date_help() -> String {
    let (first, last) = Icd10Cm::new().coverage();
    format!(
        "Date of service [default: today in UTC, {}]; must be from {first} to {last}",
        Date::today()
    )
}

/// Parses `--date`: ISO `YYYY-MM-DD` (or `YYYYMMDD`) inside the covered dates.
fn parse_date(input: &str) -> Result<Date, String> {
    let date: Date = input.parse().map_err(|e| format!("{e}"))?;
    check_coverage(date)?;
    Ok(date)
}

fn check_coverage(date: Date) -> Result<(), String> {
    let (first, last) = Icd10Cm::new().coverage();
    if date < first || date > last {
        return Err(format!(
            "{date} is outside the dates the bundled ICD-10-CM data covers ({first} to {last})"
        ));
    }
    Ok(())
}

const EXIT_STATUS: &str = "\
Examples:
  medcodes lookup E11.9
  medcodes validate --date 2025-03-01 E11.9 E11 S52.521A
  medcodes validate --json < codes.txt

Exit status:
  0  every code was found (lookup) or valid and billable (validate)
  1  some code was not
  2  usage error (unknown option, bad or uncovered --date) or an I/O error";

const LOOKUP_EXAMPLES: &str = "\
Examples:
  medcodes lookup E11.9
  medcodes lookup s52521a --date 2019-06-30
  medcodes lookup E11 E11.65 --json

Unknown or malformed codes are reported on standard error and make the exit status 1.";

const VALIDATE_EXAMPLES: &str = "\
Output, one line per code:
  VALID  E11.9  Type 2 diabetes mellitus without complications
  INVALID  E11  not_billable  E11 is a header, not a billable code: ...

With --json each line is an object with the fields input (the line as read, with U+FFFD
for bytes that are not UTF-8), code (canonical dotted form when the input is a well-formed
code, else null), valid, reason (\"valid\", \"empty\", \"too_long\", \"malformed\",
\"unknown\", \"not_billable\" or \"not_valid_on_date\"), message (null when valid), title
(or null), billable and date.

Standard input is read line by line, so files of any size stream through; empty lines
are reported as `empty` and lines that are not UTF-8 as `malformed`, so output lines
match input lines.

Examples:
  medcodes validate E11.9 E11 S52.521A
  medcodes validate --date 2025-03-01 < codes.txt > results.txt
  cut -d, -f3 claims.csv | medcodes validate --json - | jq 'select(.valid | not)'

Exit status: 0 when every code is valid, 1 when some are not, 2 on usage or I/O errors.";
