//! `medcodes`: look up and validate US medical codes (ICD-10-CM and ICD-10-PCS) from the
//! command line.
//!
//! - `medcodes lookup CODE... [--system icd10cm|icd10pcs|auto] [--date D] [--json]`
//! - `medcodes validate [CODE...|-] [--system icd10cm|icd10pcs|auto] [--date D] [--json]`
//! - `medcodes check [--date D] [--json] CODE...`: the ICD-10-CM coding rules on the codes
//!   of one encounter
//! - `medcodes claims FILE [--input csv|jsonl] [--output csv|jsonl] [-o OUT]
//!   [--coding-rules]`: the MCE edits on every claim of a file
//! - `medcodes release diff PATH [--system S] [--json]`: what a CMS release (order file)
//!   changes against the built-in tables; `--release PATH` (or `MEDCODES_RELEASE_DIR`)
//!   loads it for `lookup` and `validate`
//! - `medcodes search QUERY... [--system S] [--limit N] [--offset N] [--date D] [--json]`:
//!   the ranked search (`medcodes::search`) over every code set, by words (titles,
//!   inclusion terms, everyday words) or code prefix, the best first
//! - `medcodes map --to icd10cm|icd9cm|icd10pcs|icd9proc [CODE...|-] [--gem-file PATH]
//!   [--json]`: codes through the GEMs, every row with its flags
//! - `medcodes hcc [FILE|-] [--model M] [--year Y] [--score --segment S]`: each patient's
//!   CMS-HCCs (hierarchies applied) or raw risk score from patient,code[,date] rows
//! - `medcodes comorbidity --index elixhauser|charlson [FILE|-]`: each patient's flags and
//!   indices from patient,code[,poa] rows
//!
//! `lookup` detects each code's system unless told (a code of both systems is an error,
//! not a guess); `validate` checks ICD-10-CM unless told otherwise.
//!
//! Exit status: 0 when every code is fine, 1 when some is not (for `check` and `claims`:
//! some finding is an error, or a claims row is malformed; for `search`: nothing matched),
//! 2 on usage and I/O errors.

#![forbid(unsafe_code)]

mod args;
mod cache;
mod check;
mod claims;
mod comorbidity;
mod hcc;
mod hcpcs_file;
mod lookup;
mod map;
mod output;
mod progress;
mod release;
mod rows;
mod search;
mod system;
mod validate;

use std::io;
use std::process::ExitCode;

use args::{Cli, Command};
use output::Outcome;

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let mut outcome = Outcome::default();
    let release = release::path(cli.release.as_deref());
    let result = match (&cli.command, &release) {
        (Command::Lookup(args), Some(path)) => release::lookup(args, path, &mut outcome),
        (Command::Validate(args), Some(path)) => release::validate(args, path, &mut outcome),
        (Command::Release(args::ReleaseCommand::Diff(args)), _) => release::diff(args),
        (_, Some(_)) if cli.release.is_some() => Err(io::Error::other(
            "--release applies to lookup and validate (and release diff takes the path itself)",
        )),
        (command, _) => run(command, &mut outcome),
    };
    match result {
        Ok(()) => status(&outcome),
        // The reader of our output went away (`| head`): stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => status(&outcome),
        Err(e) => {
            output::report_error(e);
            ExitCode::from(2)
        }
    }
}

/// A subcommand on the built-in tables.
fn run(command: &Command, outcome: &mut Outcome) -> io::Result<()> {
    match command {
        Command::Lookup(args) => lookup::run(args, outcome),
        Command::Validate(args) => validate::run(args, outcome),
        Command::Check(args) => check::run(args, outcome),
        Command::Claims(args) => claims::run(args, outcome),
        Command::Search(args) => search::run(args, outcome),
        Command::Map(args) => map::run(args, outcome),
        Command::Hcc(args) => hcc::run(args, outcome),
        Command::Comorbidity(args) => comorbidity::run(args, outcome),
        Command::HcpcsFile(args) => hcpcs_file::run(args, outcome),
        Command::Release(args::ReleaseCommand::Diff(args)) => release::diff(args),
    }
}

fn status(outcome: &Outcome) -> ExitCode {
    if outcome.some_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
