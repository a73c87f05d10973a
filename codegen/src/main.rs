//! `medcodes-codegen fetch | generate | check`: see the crate docs.

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use medcodes_codegen::inputs::{self, Inputs, Manifest};
use medcodes_codegen::{diff, generate, write, OUTPUT_DIR};

const USAGE: &str = "usage: medcodes-codegen <fetch|generate|check> [--inputs DIR]

  fetch     download the pinned wheels listed in codegen/inputs.json and check their sha256
  generate  write the tables under core/src/generated/ from the inputs
  check     regenerate in memory and fail if the committed tables differ
  ingest PATH... --url URL...
            take a CMS release (its zips, or an order file with its tabular XML) into
            the tables (the tabular list: notes, 7th characters, blocks): read and
            checked whole, copied to DIR/cms/, recorded in codegen/inputs.json
            (`releases`: sha256, size, URL), a report of what it changes, then the
            tables regenerated with it (what `generate` does; --no-generate: record only)

  --inputs DIR   folder of downloaded wheels (default: $MEDCODES_INPUTS or .inputs/)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = inputs::default_input_dir();
    let mut command = None;
    let mut rest: Vec<String> = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    let mut regenerate = true;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--inputs" => match args.get(i + 1) {
                Some(d) => {
                    dir = PathBuf::from(d);
                    i += 1;
                }
                None => return usage(),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--url" => match args.get(i + 1) {
                Some(u) => {
                    urls.push(u.clone());
                    i += 1;
                }
                None => return usage(),
            },
            "--no-generate" => regenerate = false,
            c if command.is_none() => command = Some(c.to_owned()),
            c if command.as_deref() == Some("ingest") => rest.push(c.to_owned()),
            _ => return usage(),
        }
        i += 1;
    }
    let result = match command.as_deref() {
        Some("fetch") => Manifest::load(&inputs::manifest_path())
            .and_then(|m| inputs::fetch(&m, &dir))
            .map_err(|e| e.to_string()),
        Some("generate") => run_generate(&dir, false),
        Some("check") => run_generate(&dir, true),
        Some("ingest") => run_ingest(rest, urls, &dir, regenerate),
        _ => return usage(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("medcodes-codegen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn run_generate(dir: &std::path::Path, check_only: bool) -> Result<(), String> {
    let inputs = Inputs::open(dir).map_err(|e| e.to_string())?;
    let outputs = generate(&inputs).map_err(|e| e.to_string())?;
    let out_dir = inputs::workspace_root().join(OUTPUT_DIR);
    if check_only {
        let problems = diff(&out_dir, &outputs);
        if problems.is_empty() {
            println!("generated tables are up to date ({} files)", outputs.len());
            return Ok(());
        }
        return Err(format!(
            "committed tables differ from a fresh generation; run `cargo run -p medcodes-codegen -- generate`:\n  {}",
            problems.join("\n  ")
        ));
    }
    write(&out_dir, &outputs).map_err(|e| e.to_string())?;
    let total: usize = outputs.values().map(Vec::len).sum();
    println!(
        "wrote {} files, {total} bytes, under {OUTPUT_DIR}",
        outputs.len()
    );
    Ok(())
}

fn run_ingest(
    paths: Vec<String>,
    urls: Vec<String>,
    dir: &std::path::Path,
    regenerate: bool,
) -> Result<(), String> {
    let done = medcodes_codegen::ingest::ingest(&medcodes_codegen::ingest::IngestArgs {
        paths: paths.into_iter().map(PathBuf::from).collect(),
        urls,
        manifest: inputs::manifest_path(),
        inputs: dir.to_path_buf(),
    })
    .map_err(|e| e.to_string())?;
    print!("{}", done.report);
    if !regenerate {
        return Ok(());
    }
    // The release is a source of the tables now: regenerate them, so one command takes a
    // release into the committed tables (their REPORT.md lists what it changed).
    run_generate(dir, false).map_err(|e| {
        format!("the release is recorded in codegen/inputs.json, but regenerating the tables failed: {e}")
    })?;
    println!("review core/src/generated/REPORT.md, then rebuild and test");
    Ok(())
}
