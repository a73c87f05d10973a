//! `medcodes claims`: the MCE edits (and, when asked, the ICD-10-CM coding rules) on every
//! claim of a CSV or JSON Lines file, streamed one claim at a time.
//!
//! Reading only translates rows into [`medcodes::claim::Claim`]s; every edit is the
//! library's. A row that cannot be read as a claim (a date, age, discharge status or
//! length of stay that is not one, a wrong number of fields, a JSON line that is not a
//! claim) is a malformed row: reported on standard error with its line number and the
//! offending value, written to the output as a `malformed_row` record, and the run goes on
//! (unless `--fail-fast`); the exit status is then 1.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::Path;

use medcodes::claim::{
    self, fields, CheckOptions, Claim, ClaimField, CodingRuleFinding, Finding, Procedure, Severity,
    Sex,
};
use medcodes::icd10cm::{self, FindingKind};
use medcodes::Date;
use serde::{Deserialize, Serialize};

use crate::args::{ClaimsArgs, InputFormat, MinSeverity, OutputFormat};
use crate::output::{self, Outcome, OutputFile};
use crate::progress::Progress;

/// Malformed rows reported one by one on standard error; past this, only counted.
const MAX_REPORTED: u64 = 100;

pub fn run(args: &ClaimsArgs, outcome: &mut Outcome) -> io::Result<()> {
    let stdin = args.file.as_os_str() == "-";
    let format = match args.input {
        Some(format) => format,
        None if stdin => InputFormat::Csv,
        None => format_of(&args.file)?,
    };
    let (input, size): (Box<dyn Read>, Option<u64>) = if stdin {
        (Box::new(io::stdin().lock()), None)
    } else {
        let file = File::open(&args.file).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot open {}: {e}", args.file.display()),
            )
        })?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let (out_file, out): (Option<OutputFile>, Box<dyn Write>) = match &args.out {
        Some(path) => {
            let (guard, file) = OutputFile::create(path)?;
            (Some(guard), Box::new(file))
        }
        None => (None, Box::new(io::stdout().lock())),
    };
    let out = BufWriter::with_capacity(64 * 1024, out);
    let sink = match args.output {
        OutputFormat::Csv => Sink::Csv {
            writer: Box::new(csv::Writer::from_writer(out)),
            header_written: false,
        },
        OutputFormat::Jsonl => Sink::Jsonl(out),
    };
    let show_progress = !args.no_progress && io::stderr().is_terminal();
    let mut run = Run {
        options: CheckOptions::new().coding_rules(args.coding_rules),
        coding_rules: args.coding_rules,
        fail_fast: args.fail_fast,
        min_severity: match args.min_severity {
            MinSeverity::Info => Severity::Info,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Error => Severity::Error,
        },
        sink,
        findings: Vec::new(),
        claims: 0,
        failed_claims: 0,
        malformed: 0,
        progress: Progress::new(show_progress, size, "claims"),
    };
    let result = match format {
        InputFormat::Csv => run.csv(BufReader::with_capacity(256 * 1024, input)),
        InputFormat::Jsonl => run.jsonl(BufReader::with_capacity(256 * 1024, input)),
    };
    run.progress.clear();
    result?;
    run.sink.flush()?;
    if let Some(out_file) = out_file {
        out_file.commit()?;
    }
    if run.malformed > 0 {
        output::report_error(format!(
            "{} malformed row{} not checked ({} claim{} checked)",
            run.malformed,
            if run.malformed == 1 { " was" } else { "s were" },
            run.claims,
            if run.claims == 1 { "" } else { "s" }
        ));
    }
    if run.malformed > 0 || run.failed_claims > 0 {
        outcome.some_failed = true;
    }
    Ok(())
}

/// The input format told by a file's extension.
fn format_of(path: &Path) -> io::Result<InputFormat> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Ok(InputFormat::Csv),
        Some("jsonl" | "ndjson" | "json") => Ok(InputFormat::Jsonl),
        _ => Err(usage(format!(
            "cannot tell the format of {} from its extension: pass --input csv or --input jsonl",
            path.display()
        ))),
    }
}

/// A usage error (exit status 2) with its message.
fn usage(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// One claims run: options, output and counts.
struct Run {
    options: CheckOptions,
    coding_rules: bool,
    fail_fast: bool,
    /// Findings below this severity are left out of the output.
    min_severity: Severity,
    sink: Sink,
    /// The MCE findings of the current claim (reused).
    findings: Vec<Finding>,
    claims: u64,
    failed_claims: u64,
    malformed: u64,
    progress: Progress,
}

/// What [`Run::malformed`] says to do next.
enum Next {
    Continue,
    Stop,
}

impl Run {
    /// Checks one claim and writes its findings.
    fn claim<S: AsRef<str>>(&mut self, id: &str, line: u64, claim: &Claim<S>) -> io::Result<()> {
        let coding_rules = if self.coding_rules {
            let report = claim::check_with(claim, &self.options);
            self.findings = report.findings;
            report.coding_rules
        } else {
            self.findings.clear();
            claim::check_into(claim, &mut self.findings);
            Vec::new()
        };
        let error = self.findings.iter().any(|f| f.severity == Severity::Error)
            || coding_rules
                .iter()
                .any(|f| f.severity == icd10cm::Severity::Error);
        self.claims += 1;
        self.failed_claims += u64::from(error);
        let mut coding_rules = coding_rules;
        if self.min_severity > Severity::Info {
            let min = self.min_severity;
            self.findings.retain(|f| f.severity >= min);
            coding_rules.retain(|f| rule_severity(f.severity) >= min);
        }
        let rules = self.coding_rules.then_some(&coding_rules[..]);
        self.sink.claim(id, line, &self.findings, rules)
    }

    /// Reports a malformed row on standard error and in the output.
    fn malformed(&mut self, id: &str, line: u64, message: &str) -> io::Result<Next> {
        self.malformed += 1;
        if self.malformed <= MAX_REPORTED {
            self.progress.clear();
            output::report_error(format!("line {line}: {message}"));
            if self.malformed == MAX_REPORTED {
                output::report_error(
                    "further malformed rows are counted, not shown (they are in the output)",
                );
            }
        }
        self.sink.malformed(id, line, message)?;
        Ok(if self.fail_fast {
            Next::Stop
        } else {
            Next::Continue
        })
    }

    fn csv(&mut self, input: impl Read) -> io::Result<()> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(input);
        let header = reader.byte_headers().map_err(csv_error)?.clone();
        let columns = Columns::from_header(&header)?;
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // Only I/O errors stop the reader; anything else is one bad row.
                    let line = e.position().map_or(0, |p| p.line());
                    if let csv::ErrorKind::Io(_) = e.kind() {
                        return Err(csv_error(e));
                    }
                    let next = self.malformed(&line.to_string(), line, &e.to_string())?;
                    if let Next::Stop = next {
                        return Ok(());
                    }
                    continue;
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            let parsed = columns.claim(&record);
            let result = match parsed {
                Ok((id, claim)) => {
                    let id = id.map_or_else(|| line.to_string(), str::to_owned);
                    self.claim(&id, line, &claim).map(|()| Next::Continue)
                }
                Err(message) => {
                    let id = columns
                        .field(&record, Col::ClaimId)
                        .and_then(|f| std::str::from_utf8(f).ok())
                        .map_or_else(|| line.to_string(), str::to_owned);
                    self.malformed(&id, line, &message)
                }
            };
            if let Next::Stop = result? {
                return Ok(());
            }
            let bytes = record.position().map_or(0, |p| p.byte());
            self.progress.tick(bytes, self.claims + self.malformed);
        }
        if self.claims + self.malformed == 0 && header.is_empty() {
            return Err(usage(format!(
                "the input is empty: expected a header line with the columns {}",
                Col::ALL
                    .iter()
                    .map(|c| c.name())
                    .collect::<Vec<_>>()
                    .join(",")
            )));
        }
        Ok(())
    }

    fn jsonl(&mut self, mut input: impl BufRead) -> io::Result<()> {
        let mut buf = Vec::new();
        let mut line = 0u64;
        let mut bytes = 0u64;
        let mut any = false;
        loop {
            buf.clear();
            let n = input.read_until(b'\n', &mut buf)?;
            if n == 0 {
                break;
            }
            line += 1;
            bytes += n as u64;
            let text = match std::str::from_utf8(&buf) {
                Ok(text) => text.trim(),
                Err(e) => {
                    let message =
                        format!("the line is not UTF-8 text (byte {})", e.valid_up_to() + 1);
                    if let Next::Stop = self.malformed(&line.to_string(), line, &message)? {
                        return Ok(());
                    }
                    continue;
                }
            };
            if text.is_empty() {
                continue;
            }
            any = true;
            match serde_json::from_str::<JsonClaim>(text) {
                Ok(parsed) => {
                    let id = parsed.id(line);
                    self.claim(&id, line, &parsed.claim)?;
                }
                Err(e) => {
                    let id = serde_json::from_str::<serde_json::Value>(text)
                        .ok()
                        .and_then(|v| {
                            ["claim_id", "id"]
                                .iter()
                                .find_map(|k| v.get(k).and_then(id_text))
                        })
                        .unwrap_or_else(|| line.to_string());
                    let message = format!("not a claim: {e}: {}", output::shorten(text));
                    if let Next::Stop = self.malformed(&id, line, &message)? {
                        return Ok(());
                    }
                }
            }
            self.progress.tick(bytes, self.claims + self.malformed);
        }
        if !any && self.malformed == 0 {
            return Err(usage(
                "the input is empty: expected one claim as JSON a line".to_owned(),
            ));
        }
        Ok(())
    }
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
    }
}

/// A claim as a JSON line: the library's `Claim` plus an optional `claim_id` (or `id`).
#[derive(Deserialize)]
struct JsonClaim {
    #[serde(default, alias = "id")]
    claim_id: Option<serde_json::Value>,
    #[serde(flatten)]
    claim: Claim,
}

impl JsonClaim {
    fn id(&self, line: u64) -> String {
        self.claim_id
            .as_ref()
            .and_then(id_text)
            .unwrap_or_else(|| line.to_string())
    }
}

/// A claim id as text: a string as it is, a number as written.
fn id_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A column of the CSV input: a claim field, named and read as the core's one vocabulary
/// says (`claim::fields`).
type Col = ClaimField;

/// Where each column is in the rows.
struct Columns {
    index: [Option<usize>; Col::ALL.len()],
    width: usize,
}

impl Columns {
    fn from_header(header: &csv::ByteRecord) -> io::Result<Columns> {
        let mut index = [None; Col::ALL.len()];
        for (i, raw) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(raw);
            let name = name.trim_start_matches('\u{feff}').trim();
            let col = Col::from_name(name).ok_or_else(|| {
                usage(format!(
                    "unknown column {:?} in the header (line 1, column {}): expected {}",
                    output::shorten(name),
                    i + 1,
                    Col::ALL.map(Col::name).join(", ")
                ))
            })?;
            let slot = &mut index[col as usize];
            if slot.is_some() {
                return Err(usage(format!(
                    "column {} appears twice in the header (line 1, column {})",
                    col.name(),
                    i + 1
                )));
            }
            *slot = Some(i);
        }
        if !header.is_empty() {
            let missing: Vec<&str> = Col::ALL
                .into_iter()
                .filter(|c| c.required() && index[*c as usize].is_none())
                .map(Col::name)
                .collect();
            if !missing.is_empty() {
                return Err(usage(format!(
                    "the header (line 1) lacks the column{} {}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", ")
                )));
            }
        }
        Ok(Columns {
            index,
            width: header.len(),
        })
    }

    fn field<'r>(&self, record: &'r csv::ByteRecord, col: Col) -> Option<&'r [u8]> {
        record.get(self.index[col as usize]?)
    }

    /// The text of a column (`""` when the file has no such column).
    fn text<'r>(&self, record: &'r csv::ByteRecord, col: Col) -> Result<&'r str, String> {
        let Some(raw) = self.field(record, col) else {
            return Ok("");
        };
        std::str::from_utf8(raw).map_err(|e| {
            format!(
                "{} {:?} is not UTF-8 text (byte {})",
                col.name(),
                output::shorten(&String::from_utf8_lossy(raw)),
                e.valid_up_to() + 1
            )
        })
    }

    /// The claim of a row (borrowing it) and its id, or why the row is malformed.
    fn claim<'r>(
        &self,
        record: &'r csv::ByteRecord,
    ) -> Result<(Option<&'r str>, Claim<&'r str>), String> {
        if record.len() != self.width {
            return Err(format!(
                "the row has {} field{}, the header {}",
                record.len(),
                if record.len() == 1 { "" } else { "s" },
                self.width
            ));
        }
        let id = self.text(record, Col::ClaimId)?.trim();
        let date_text = self.text(record, Col::DischargeDate)?;
        let date: Date = date_text
            .parse()
            .map_err(|e| format!("{}: {e}", Col::DischargeDate.name()))?;
        let age = parse_int::<i32>(
            self.text(record, Col::Age)?,
            Col::Age,
            "a whole number of years",
        )?
        .ok_or_else(|| format!("{} is empty", Col::Age.name()))?;
        // As the MCE reads it: a value that is not a number raises its edit.
        let status = fields::parse_discharge_status(self.text(record, Col::DischargeStatus)?);
        let los = parse_int::<u32>(
            self.text(record, Col::LengthOfStay)?,
            Col::LengthOfStay,
            "a whole number of days",
        )?;
        let principal = fields::parse_diagnosis(self.text(record, Col::Principal)?);
        let admitting = self.text(record, Col::Admitting)?.trim();
        let admitting = (!admitting.is_empty()).then(|| fields::parse_diagnosis(admitting));
        let sdx = fields::split_list(self.text(record, Col::Secondary)?)
            .map(fields::parse_diagnosis)
            .collect();
        let px = fields::split_list(self.text(record, Col::Procedures)?)
            .map(Procedure::from)
            .collect();
        Ok((
            (!id.is_empty()).then_some(id),
            Claim {
                date,
                age,
                sex: Sex::parse(self.text(record, Col::Sex)?),
                principal,
                secondary: sdx,
                admitting,
                procedures: px,
                discharge_status: status,
                length_of_stay: los,
            },
        ))
    }
}

/// A blank field as `None`, else the number, or the message naming the value.
fn parse_int<T: std::str::FromStr>(text: &str, col: Col, what: &str) -> Result<Option<T>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| format!("{} {:?} is not {what}", col.name(), output::shorten(text)))
}

/// Where the findings go. The CSV header is written with the first record (or at the
/// end), so a usage error leaves the output empty.
enum Sink {
    Csv {
        writer: Box<csv::Writer<BufWriter<Box<dyn Write>>>>,
        header_written: bool,
    },
    Jsonl(BufWriter<Box<dyn Write>>),
}

/// The CSV output's columns.
const CSV_HEADER: [&str; 10] = [
    "claim_id",
    "line",
    "source",
    "edit",
    "edit_number",
    "edit_name",
    "severity",
    "position",
    "code",
    "message",
];

#[derive(Serialize)]
struct JsonClaimOut<'a> {
    claim_id: &'a str,
    line: u64,
    findings: &'a [Finding],
    #[serde(skip_serializing_if = "Option::is_none")]
    coding_rules: Option<&'a [CodingRuleFinding]>,
}

#[derive(Serialize)]
struct JsonMalformed<'a> {
    claim_id: &'a str,
    line: u64,
    error: &'a str,
}

impl Sink {
    /// The CSV writer, its header written.
    fn csv(
        writer: &mut csv::Writer<BufWriter<Box<dyn Write>>>,
        header_written: &mut bool,
    ) -> io::Result<()> {
        if !*header_written {
            writer.write_record(CSV_HEADER).map_err(csv_error)?;
            *header_written = true;
        }
        Ok(())
    }

    fn claim(
        &mut self,
        id: &str,
        line: u64,
        findings: &[Finding],
        coding_rules: Option<&[CodingRuleFinding]>,
    ) -> io::Result<()> {
        match self {
            Sink::Jsonl(out) => {
                let record = JsonClaimOut {
                    claim_id: id,
                    line,
                    findings,
                    coding_rules,
                };
                serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            Sink::Csv {
                writer: w,
                header_written,
            } => {
                Sink::csv(w, header_written)?;
                if findings.is_empty() && coding_rules.is_none_or(|r| r.is_empty()) {
                    return Ok(());
                }
                let line = line.to_string();
                for f in findings {
                    let number = f.edit.number().map(|n| n.to_string()).unwrap_or_default();
                    let position = f.position.to_string();
                    w.write_record([
                        id,
                        &line,
                        "mce",
                        f.edit.as_str(),
                        &number,
                        f.edit.name(),
                        f.severity.as_str(),
                        &position,
                        f.code.as_deref().unwrap_or(""),
                        &f.message,
                    ])
                    .map_err(csv_error)?;
                }
                for f in coding_rules.unwrap_or_default() {
                    let position: Vec<String> =
                        f.positions.iter().map(|&p| rule_position(p)).collect();
                    w.write_record([
                        id,
                        &line,
                        "coding_rules",
                        f.kind.as_str(),
                        "",
                        rule_name(f.kind),
                        f.severity.as_str(),
                        &position.join(" + "),
                        &f.codes.join(" "),
                        &f.message,
                    ])
                    .map_err(csv_error)?;
                }
                Ok(())
            }
        }
    }

    fn malformed(&mut self, id: &str, line: u64, message: &str) -> io::Result<()> {
        match self {
            Sink::Jsonl(out) => {
                let record = JsonMalformed {
                    claim_id: id,
                    line,
                    error: message,
                };
                serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            Sink::Csv {
                writer: w,
                header_written,
            } => {
                Sink::csv(w, header_written)?;
                w.write_record([
                    id,
                    &line.to_string(),
                    "input",
                    "malformed_row",
                    "",
                    "Malformed row",
                    "error",
                    "claim",
                    "",
                    message,
                ])
                .map_err(csv_error)
            }
        }
    }

    /// Flushes the output (writing the CSV header if no record did).
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Csv {
                writer: w,
                header_written,
            } => {
                Sink::csv(w, header_written)?;
                w.flush()
            }
            Sink::Jsonl(out) => out.flush(),
        }
    }
}

/// A coding-rule severity on the MCE scale (both are info < warning < error).
fn rule_severity(severity: icd10cm::Severity) -> Severity {
    match severity {
        icd10cm::Severity::Info => Severity::Info,
        icd10cm::Severity::Warning => Severity::Warning,
        icd10cm::Severity::Error => Severity::Error,
    }
}

/// A coding-rule position: 0 is the principal diagnosis, `i` secondary diagnosis `i`.
fn rule_position(p: usize) -> String {
    match p {
        0 => "principal diagnosis".to_owned(),
        i => format!("secondary diagnosis {i}"),
    }
}

/// The name of a coding-rule finding in the CSV output's `edit_name` column.
fn rule_name(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::InvalidCode => "Invalid code",
        FindingKind::Duplicate => "Duplicate code",
        FindingKind::CodeWithAncestor => "Code with its own ancestor",
        FindingKind::Excludes1 => "Excludes1 conflict",
        FindingKind::CodeFirstMissing => "Code first: etiology missing",
        FindingKind::CodeFirstOrder => "Code first: listed before its etiology",
        FindingKind::ManifestationFirst => "Manifestation code listed first",
        FindingKind::UseAdditionalCode => "Use additional code",
        _ => "Coding rule",
    }
}
