//! `medcodes map --to SYSTEM [CODE...|-]`: codes through the GEMs ([`medcodes::gems`]),
//! every row with its flags, one line a row (or one JSON object a code).

use std::ffi::OsString;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use clap::Args;
use medcodes::gems::{Direction, GemError, Gems, Mapping};
use medcodes::CodeSystem;
use serde::Serialize;

use crate::output::{self, Outcome};

#[derive(Debug, Args)]
pub struct MapArgs {
    /// Codes to map. With none, or `-`, codes are read from standard input, one a line.
    #[arg(value_name = "CODE")]
    pub codes: Vec<OsString>,

    /// The system to map to: icd10cm (from ICD-9-CM diagnoses), icd9cm (from ICD-10-CM),
    /// icd10pcs (from ICD-9-CM procedures) or icd9proc (from ICD-10-PCS: needs --gem-file).
    #[arg(long, value_name = "SYSTEM", value_parser = parse_to)]
    pub to: CodeSystem,

    /// A CMS GEM text file (`source target flags` lines, e.g. 2018_I9gem.txt) to map with
    /// instead of the bundled GEM (FY2016 diagnosis GEMs; ICD-9-CM procedures to
    /// ICD-10-PCS). A malformed line is an error naming its line and field.
    #[arg(long, value_name = "PATH")]
    pub gem_file: Option<PathBuf>,

    /// The label of --gem-file's release in the output [default: the file's name].
    #[arg(long, value_name = "LABEL", requires = "gem_file")]
    pub gem_release: Option<String>,

    /// Print one JSON object per code, one per line (JSON Lines).
    #[arg(long)]
    pub json: bool,
}

fn parse_to(input: &str) -> Result<CodeSystem, String> {
    let ids = || {
        medcodes::gems::Direction::ALL
            .iter()
            .map(|d| d.to().id())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let system = CodeSystem::from_id(input)
        .ok_or_else(|| format!("unknown code system {:?}: expected {}", input.trim(), ids()))?;
    Direction::towards(system)
        .map(|_| system)
        .ok_or_else(|| format!("no GEM maps to {}: expected {}", system.name(), ids()))
}

#[derive(Serialize)]
struct JsonError<'a> {
    input: &'a str,
    error: String,
}

fn gems(args: &MapArgs) -> io::Result<Gems> {
    let direction = Direction::towards(args.to)
        .ok_or_else(|| io::Error::other(GemError::NoDirection { to: args.to }))?;
    match &args.gem_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            let label = args
                .gem_release
                .clone()
                .unwrap_or_else(|| path.display().to_string());
            Gems::parse(&text, direction, &label)
                .map_err(|e| io::Error::other(format!("{}: {e}", path.display())))
        }
        None => Gems::bundled(direction)
            .ok_or_else(|| io::Error::other(GemError::NotBundled { direction })),
    }
}

/// What CMS's flags say, for the text output.
fn notes(m: &Mapping, row: usize) -> String {
    let f = m.targets[row].flags;
    let mut out = Vec::new();
    if f.no_map {
        out.push("no map".to_owned());
    } else if f.approximate {
        out.push("approximate".to_owned());
    } else {
        out.push("exact".to_owned());
    }
    if f.combination {
        out.push(format!(
            "combination: scenario {}, choice list {}",
            f.scenario, f.choice_list
        ));
    }
    out.join("; ")
}

pub fn run(args: &MapArgs, outcome: &mut Outcome) -> io::Result<()> {
    let gems = gems(args)?;
    let mut out = output::stdout();
    if !args.json {
        let _ = writeln!(
            io::stderr().lock(),
            "# {}: {}",
            gems.direction(),
            gems.release()
        );
    }
    let mut one = |input: &str, out: &mut dyn Write| -> io::Result<()> {
        match gems.map(input) {
            Ok(m) => {
                if args.json {
                    serde_json::to_writer(&mut *out, &m).map_err(io::Error::from)?;
                    writeln!(out)?;
                } else {
                    let no_map = gems.direction().no_map_spelling();
                    for (i, t) in m.targets.iter().enumerate() {
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}",
                            m.source,
                            t.code.as_deref().unwrap_or(no_map),
                            t.flags.digits(),
                            notes(&m, i)
                        )?;
                    }
                }
            }
            Err(e) => {
                outcome.some_failed = true;
                if args.json {
                    let record = JsonError {
                        input,
                        error: e.to_string(),
                    };
                    serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
                    writeln!(out)?;
                } else {
                    writeln!(out, "{}\terror: {e}", output::echo(input))?;
                }
            }
        }
        Ok(())
    };
    let from_stdin = args.codes.is_empty() || (args.codes.len() == 1 && args.codes[0] == "-");
    if from_stdin {
        for line in io::stdin().lock().lines() {
            let line = line?;
            let code = line.trim();
            if code.is_empty() {
                continue;
            }
            one(code, &mut out)?;
        }
    } else {
        for code in &args.codes {
            let code = code.to_string_lossy();
            one(&code, &mut out)?;
        }
    }
    out.flush()
}
