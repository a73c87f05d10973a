//! Command-line arguments: the clap definitions, and the date of service with its checks.

use std::ffi::OsString;

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use medcodes::{CodeSystem, Date};

use crate::system::{parse_system, SystemArg};

/// Look up and validate US medical codes (ICD-10-CM and ICD-10-PCS) by date of service,
/// offline.
#[derive(Debug, Parser)]
#[command(name = "medcodes", version, propagate_version = true)]
#[command(after_help = EXIT_STATUS)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// A newer CMS release to load over the built-in tables for lookup and validate: an
    /// order file (icd10cm_order_YYYY.txt, icd10pcs_order_YYYY.txt) or a folder holding
    /// one [default: the folder MEDCODES_RELEASE_DIR names, when set]. From its effective
    /// date it decides validity and titles; earlier dates are unchanged. A malformed file is
    /// an error naming its line and field, and nothing is applied.
    #[arg(long, global = true, value_name = "PATH")]
    pub release: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what codes mean and where they sit in their code set
    ///
    /// For each ICD-10-CM code: its long and short titles with the release they come from,
    /// its kind and billable status on the date, the dates it is valid, its Medicare Code
    /// Editor flags, its parent and children, the chapter › block › category › ... › code
    /// path, its instructional notes grouped by kind (inclusion terms, includes, Excludes1,
    /// Excludes2, code first, use additional code, code also, notes), each marked own or
    /// inherited from its category, subcategory, section or chapter, and the 7th characters
    /// it takes with their meanings.
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

    /// Check the ICD-10-CM codes of one encounter against the coding rules
    ///
    /// The codes are taken in the order given, the first as the first-listed (principal)
    /// diagnosis. Reported: codes not valid and billable on the date, duplicates, a code
    /// with its own ancestor, Excludes1 conflicts, "code first" codes without or before
    /// their etiology, manifestation codes listed first, and "use additional code" notes
    /// none of whose codes is present. Each finding names its severity, the codes, the
    /// instructional note behind it and where that note sits.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),

    /// Run the Medicare Code Editor (MCE) edits on every claim of a CSV or JSON Lines file
    ///
    /// Claims are read one at a time (files of any size stream through) and checked for
    /// their discharge date: invalid codes, age and sex conflicts, unacceptable principal
    /// diagnoses, procedure coverage, invalid age, sex, discharge status and POA values,
    /// and the other MCE edits. With --coding-rules the ICD-10-CM coding rules of `check`
    /// run on each claim's diagnoses too.
    #[command(after_help = CLAIMS_HELP)]
    Claims(ClaimsArgs),

    /// Find codes by words, everyday words and abbreviations, or the start of a code
    ///
    /// Searches every code set (or those of --system) on the date of service: titles,
    /// short titles, ICD-10-CM inclusion terms and block and chapter names, ICD-10-PCS axis
    /// labels, HCPCS short descriptors, and a curated list of everyday words and
    /// abbreviations (heart attack, HTN, CHF, laparoscopic ...). The best first: a title or
    /// inclusion term that is the query, a category it names followed by its most general
    /// billable code, then by relevance (BM25F), billable codes before headers. A query
    /// that is the start of a code (E11.6, 0DT, E0100) lists the codes below it. Each line
    /// gives the system, the code, its title and what matched; the total goes to standard
    /// error. Exit status 1 when nothing matches, 2 on a usage error.
    #[command(after_help = SEARCH_EXAMPLES)]
    Search(SearchArgs),

    /// Map codes between ICD-9-CM and ICD-10 with the GEMs
    ///
    /// CMS's General Equivalence Mappings, every row with its five flags: one line a row,
    /// SOURCE TARGET FLAGS and what the flags say (exact or approximate, no map, the
    /// scenario and choice list of a combination). --to icd10cm maps ICD-9-CM diagnoses
    /// (the bundled FY2016 GEM), --to icd9cm ICD-10-CM codes back, --to icd10pcs ICD-9-CM
    /// procedures; --gem-file maps with a CMS GEM file instead (FY2017, FY2018, or the
    /// ICD-10-PCS to ICD-9-CM file for --to icd9proc). Exit status 1 when some code is not
    /// in the GEM.
    Map(crate::map::MapArgs),

    /// Each patient's CMS-HCCs (or risk score) from a CSV of diagnoses
    ///
    /// Reads patient,code[,date] rows (a header line names the columns) and writes
    /// patient,payment_year,hcc,label rows: each patient's categories in the model with its
    /// hierarchies applied. --year gives the payment year; without it each row counts for
    /// the year after its date of service. --score writes each patient's raw risk score
    /// (CMS-HCC V28; the file then needs sex and age columns). A row that cannot be used is
    /// reported with its line number and left out; the exit status is then 1.
    Hcc(crate::hcc::HccArgs),

    /// Each patient's Elixhauser or Charlson comorbidities from a CSV of diagnoses
    ///
    /// Reads patient,code[,poa] rows and writes one row a patient: a 0/1 column a measure
    /// (Elixhauser: AHRQ's 38, with the POA rules; Charlson: Quan's 17), then the indices
    /// (mortality_index, readmission_index; score_1987, score_2011). A row that cannot be
    /// used is reported with its line number and left out; the exit status is then 1.
    Comorbidity(crate::comorbidity::ComorbidityArgs),

    /// Load an official CMS HCPCS file and compare it with the built-in quarters
    ///
    /// Reads the fixed-width text file (HCPC{YEAR}_*_ANWEB.txt) or the xlsx CMS publishes,
    /// checks every record (a malformed one is an error naming its line or row and field,
    /// and nothing is used), and prints what it holds and what differs from the built-in
    /// tables on the date: codes active in one and not the other, changed short
    /// descriptors. Exit status 1 when something differs.
    HcpcsFile(HcpcsFileArgs),

    /// Load a CMS ICD-10-CM or ICD-10-PCS release and list what it changes
    ///
    /// `medcodes release diff PATH` reads an order file (icd10cm_order_YYYY.txt,
    /// icd10pcs_order_YYYY.txt) or a folder holding one, checks every line (a malformed
    /// file is an error naming its line and field, and nothing is applied), and lists the
    /// codes it adds, deletes, makes billable or headers, and retitles against the built-in
    /// tables. A release newer than the built-in tables decides from its effective date;
    /// one they already cover gives its titles over its fiscal year.
    #[command(subcommand)]
    Release(ReleaseCommand),
}

#[derive(Debug, Subcommand)]
pub enum ReleaseCommand {
    /// List what a release changes against the built-in tables
    Diff(ReleaseDiffArgs),
}

#[derive(Debug, Args)]
pub struct ReleaseDiffArgs {
    /// The order file, or a folder holding one.
    #[arg(value_name = "PATH")]
    pub path: std::path::PathBuf,

    /// The code system of the release: icd10cm or icd10pcs.
    #[arg(long, value_name = "SYSTEM", default_value = "icd10cm", value_parser = parse_system)]
    pub system: SystemArg,

    /// Codes listed under each heading (the counts are always whole).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,

    /// Print the differences as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HcpcsFileArgs {
    /// The CMS HCPCS file (text or xlsx).
    #[arg(value_name = "PATH")]
    pub path: std::path::PathBuf,

    /// The date to compare on (default: the built-in tables' last date).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<Date>,

    /// Print the comparison as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: words or the start of a code (several arguments are joined by spaces).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    /// The code systems to search: icd10cm, icd10pcs, hcpcs, several separated by commas,
    /// or all [default: all].
    #[arg(long, value_name = "SYSTEM", value_parser = crate::search::parse_systems)]
    pub system: Option<crate::search::Systems>,

    /// At most this many codes.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,

    /// Skip this many codes first (the next page).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Only codes in force (billable or header) on this date of service, with their titles
    /// then [default: today in UTC; past the end of a system's data, its last date, said
    /// on standard error]. A system whose data does not cover the date is not searched.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<Date>,

    /// Print one JSON object: the query, the total, the systems searched and the hits,
    /// each with the field matched, its text and the byte spans of the matched words.
    #[arg(long)]
    pub json: bool,
}

const SEARCH_EXAMPLES: &str = "Examples:
  medcodes search heart attack
  medcodes search diab mell type 2 --system icd10cm --limit 5
  medcodes search laparoscopic appendectomy --system icd10pcs
  medcodes search e11.6 --offset 20
  medcodes search wheelchair --system hcpcs --date 2025-07-01 --json";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// ICD-10-CM codes of the encounter, first-listed diagnosis first (any case, dot
    /// optional).
    #[arg(required = true, value_name = "CODE")]
    pub codes: Vec<String>,

    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, help = date_help())]
    pub date: Option<Date>,

    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

impl CheckArgs {
    /// The date of service (see [`CommonArgs::date`]).
    pub fn date(&self) -> Date {
        CommonArgs {
            date: self.date,
            json: self.json,
        }
        .date(SystemArg::One(CodeSystem::Icd10Cm), "check")
    }
}

/// The format of a claims file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    Csv,
    Jsonl,
}

/// The format of the claim findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Csv,
    Jsonl,
}

/// The least severity of the findings `claims` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// The claims file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: std::path::PathBuf,

    /// Input format [default: from the file's extension (.csv, .jsonl, .ndjson, .json);
    /// csv for standard input].
    #[arg(long, value_name = "FORMAT")]
    pub input: Option<InputFormat>,

    /// Output format: csv (one row per finding) or jsonl (one object per claim).
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    pub output: OutputFormat,

    /// Write the findings to this file instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    pub out: Option<std::path::PathBuf>,

    /// Also check each claim's diagnoses against the ICD-10-CM coding rules (Excludes1,
    /// code first, use additional code, duplicates, codes with their ancestors).
    #[arg(long)]
    pub coding_rules: bool,

    /// Leave findings of a lesser severity out of the output (e.g. warning: no "use
    /// additional code" reminders). The exit status still counts every error.
    #[arg(long, value_name = "SEVERITY", default_value = "info")]
    pub min_severity: MinSeverity,

    /// Stop at the first malformed row (exit status 1) instead of reporting it and going on.
    #[arg(long)]
    pub fail_fast: bool,

    /// Never show the progress bar (shown on standard error when it is a terminal).
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// Codes, any case: ICD-10-CM with or without the dot (E11.9, e119, S52.521A),
    /// ICD-10-PCS codes and levels (0DTJ4ZZ, 0DT) or HCPCS Level II codes (E0100).
    #[arg(required = true, value_name = "CODE")]
    pub codes: Vec<OsString>,

    /// Code system of the codes: icd10cm, icd10pcs, hcpcs, or auto to detect it from each
    /// code (a code found in two systems, such as J1100, is an error asking for --system).
    #[arg(long, value_name = "SYSTEM", default_value = "auto", value_parser = parse_system)]
    pub system: SystemArg,

    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Codes to check. With none, or `-`, codes are read from standard input, one a line.
    /// An HCPCS line may carry up to four modifiers after the code (J1100 LT RT): the
    /// modifiers are checked too (valid on the date, no repeats, LT with RT, 50 with LT/RT).
    #[arg(value_name = "CODE")]
    pub codes: Vec<OsString>,

    /// Code system of the codes: icd10cm, icd10pcs, hcpcs, or auto to detect it from each
    /// code (a code found in two systems is reported as `ambiguous`). Claim files hold one
    /// system per field, so say which.
    #[arg(long, value_name = "SYSTEM", default_value = "icd10cm", value_parser = parse_system)]
    pub system: SystemArg,

    /// Each input (line or argument) is CODE,DATE: the code and its own date of service
    /// (YYYY-MM-DD or YYYYMMDD), for files that span years. Instead of --date.
    #[arg(long, conflicts_with = "date")]
    pub dates_in_input: bool,

    /// Never show the progress bar (shown on standard error while standard input is read,
    /// when standard error is a terminal and standard output is not).
    #[arg(long)]
    pub no_progress: bool,

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
        for system in CodeSystem::ALL {
            let (first, last) = system.coverage();
            version.push_str(&format!(
                "\n{} data: dates of service {first} to {last}",
                system.name()
            ));
        }
        version.push_str(&crate::release::currency_lines());
        let command = Cli::command().long_version(version);
        let matches = command.get_matches();
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

fn date_help() -> String {
    let (first, last) = CodeSystem::ALL[0].coverage();
    let covered = if CodeSystem::ALL
        .iter()
        .all(|s| s.coverage() == (first, last))
    {
        format!("must be from {first} to {last}")
    } else {
        let each: Vec<String> = CodeSystem::ALL
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

/// The date must be within the data of the system named, or under `auto` of some system
/// (a code of a system whose data ends before it then gets that system's verdict: date out
/// of range).
fn check_coverage(date: Date, system: SystemArg) -> Result<(), String> {
    let outside: Vec<String> = system
        .systems()
        .iter()
        .filter_map(|s| {
            let (first, last) = s.coverage();
            (date < first || date > last)
                .then(|| format!("the bundled {} data covers ({first} to {last})", s.name()))
        })
        .collect();
    if outside.is_empty() || (system == SystemArg::Auto && outside.len() < system.systems().len()) {
        return Ok(());
    }
    let past_horizon = system.systems().iter().any(|s| date > s.coverage().1);
    let hint = if past_horizon {
        format!(
            "; for later dates load the newer CMS release: --release PATH (an order file such as icd10cm_order_{}.txt, or its folder) or {}",
            date.fiscal_year().0,
            crate::release::RELEASE_DIR_VAR
        )
    } else {
        String::new()
    };
    Err(format!(
        "{date} is outside the dates {}{hint}",
        outside.join(" and the dates ")
    ))
}

const EXIT_STATUS: &str = "\
Examples:
  medcodes lookup E11.9
  medcodes lookup 0DTJ4ZZ
  medcodes validate --date 2025-03-01 E11.9 E11 S52.521A
  medcodes validate --system icd10pcs --json < procedures.txt
  medcodes validate --system hcpcs --date 2025-07-01 'J1100 LT' E0100
  medcodes check --date 2025-03-01 E11.9 E10.9
  medcodes claims claims.csv --coding-rules -o findings.csv

Exit status:
  0  every code was found (lookup) or valid and billable (validate)
  1  some code was not (or, for lookup, was found in both code systems); for check and
     claims: some finding of error severity, or (claims) a malformed row
  2  usage error (unknown option or --system, bad or uncovered --date, a claims file
     with an unknown or missing column or no data) or an I/O error";

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
\"icd10pcs\") and the facts shown in text; for ICD-10-CM also notes (kind, site, inherited,
from, lines with their code references), notes_source and seventh_characters
(defined_at, note, characters; null when the code takes none).";

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
--system auto; with --dates-in-input also \"missing_date\", \"malformed_date\" and
\"date_out_of_range\"), message (null when valid), title (or null), billable, date (null
for a row without a usable date), and system (\"icd10cm\" or \"icd10pcs\", the system
the code was checked in; null if none was).

Standard input is read line by line, so files of any size stream through; empty lines
are reported as `empty` and lines that are not UTF-8 as `malformed`, so output lines
match input lines.

A date a row: with --dates-in-input every line (and argument) is CODE,DATE, the date
YYYY-MM-DD or YYYYMMDD, split at the last comma, with no header line:
  E11.9,2025-03-01
  U07.1,2019-06-01
Each code is checked on its own date, as --date would check it, and the output is the
same (with --json, date is the row's). A row whose date is missing, empty or cannot be
read is reported as `missing_date` or `malformed_date` with its line (or argument) number
and the value, also on standard error (the first 10); a date outside the data's coverage
is `date_out_of_range`. Such rows make the exit status 1, and the other rows are still
checked.

Examples:
  medcodes validate E11.9 E11 S52.521A
  medcodes validate --date 2025-03-01 < codes.txt > results.txt
  medcodes validate --system icd10pcs 0DTJ4ZZ 0DTJ4
  cut -d, -f3 claims.csv | medcodes validate --json - | jq 'select(.valid | not)'
  medcodes validate --dates-in-input < codes-and-dates.csv
  awk -F, 'NR > 1 { print $3 \",\" $1 }' visits.csv | medcodes validate --dates-in-input --json

Exit status: 0 when every code is valid, 1 when some are not, 2 on usage or I/O errors.";

const CHECK_EXAMPLES: &str = "\
Output: one block per finding, most severe first in the order the rules run:
  ERROR    excludes1  E11.9 #1 + E10.9 #2
           E11.9 and E10.9: ... Excludes1 ...
           note: Excludes1 at E11 (category): type 1 diabetes mellitus (E10.-)
and a last line `N findings: E errors, W warnings, I info` (or `no findings`).

With --json: one object with date, notes_source, codes (as given) and findings, each
with kind, severity, codes, positions (0-based), note (kind, site, text; or null) and
message.

Kinds: invalid_code, duplicate, code_with_ancestor, excludes1, code_first_missing,
code_first_order, manifestation_first, use_additional_code.

Examples:
  medcodes check --date 2025-03-01 E11.9 E10.9
  medcodes check G01 A39.0
  medcodes check --json E11.65 E11

Exit status: 0 when no finding is an error (warnings and reminders are fine), 1 when
some finding is an error, 2 on usage errors.";

const CLAIMS_HELP: &str = "\
CSV input: a header line, then one claim a row. Columns (any order, names in any case):
  claim_id          optional; the line number when absent
  discharge_date    YYYY-MM-DD or YYYYMMDD (also: date)
  age               whole years on admission, e.g. 67
  sex               M/F/U, male/female/unknown or 1/2/0 (optional; blank = unknown)
  discharge_status  UB-04 patient status, e.g. 01 (optional)
  principal_dx      the principal diagnosis (also: pdx)
  admit_dx          the admitting diagnosis (optional)
  secondary_dx      secondary diagnoses (optional; also: sdx)
  procedures        ICD-10-PCS procedures (optional; also: px)
  length_of_stay    days (optional; also: los)
List columns are separated by spaces or `|`. A diagnosis may carry its present-on-admission
indicator as CODE:POA, e.g. `E11.9:Y|I10:N`. An unknown column is an error (exit 2).

JSON Lines input: one claim object a line, as the medcodes library serialises claims:
  {\"claim_id\": \"c1\", \"date\": \"2025-03-01\", \"age\": 67, \"sex\": \"F\",
   \"principal\": \"I21.4\", \"secondary\": [{\"code\": \"E11.9\", \"poa\": \"Y\"}, \"I10\"],
   \"admitting\": null, \"procedures\": [\"02703ZZ\"], \"discharge_status\": 1}

Output --output csv (default): a header, then one row per finding with the columns
claim_id, line, source (mce or coding_rules), edit, edit_number, edit_name, severity,
position, code, message. Clean claims give no rows.
Output --output jsonl: one object per claim: claim_id, line, findings (edit, number,
name, code, position, severity, message), coding_rules (with --coding-rules).

Malformed rows (a date, age, discharge status or length of stay that cannot be read, a
row with the wrong number of fields, a JSON line that is not a claim) are reported on
standard error with their line number and the offending value, and as a record with
source `input` and edit `malformed_row` in the output; the other claims are still checked
and the exit status is 1. --fail-fast stops at the first one. Values the MCE judges
(codes, an age outside 0-124, sex, POA, a discharge status not in the table) are findings.

A progress bar is drawn on standard error when it is a terminal.

Examples:
  medcodes claims claims.csv
  medcodes claims claims.csv --coding-rules --min-severity warning -o findings.csv
  medcodes claims claims.csv --output jsonl -o findings.jsonl
  zcat claims.jsonl.gz | medcodes claims --input jsonl -

Exit status: 0 when no claim has an error finding, 1 when some has or some row is
malformed, 2 on usage errors (unknown or missing column, empty input) and I/O errors.";
