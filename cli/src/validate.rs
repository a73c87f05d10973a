//! `medcodes validate`: one result line per code, from the arguments or streamed from
//! standard input.
//!
//! Codes are checked in one system (`--system icd10cm`, the default, or any other), or in
//! the system [`medcodes::detect`] finds for each line (`--system auto`, where a code known
//! in several systems is reported as `ambiguous`). Every system shares the streaming, the
//! cache, the output format and the code, which names no system ([`CodeSystem`] and
//! [`AnyCode`](medcodes::AnyCode) values).
//!
//! With one date of service (`--date`) each line is checked as it is read. The CLI adds no
//! allocation on the valid path of its own: `validate` returns a `Copy` handle, the
//! canonical code is a stack buffer, the title is the one string the library assembles,
//! and the line is made in a reused buffer. The rich error (with its message) is built
//! only for invalid codes, which print it. Lines already seen are answered from a cache of
//! output lines (see [`LineCache`]); in text output with one system, a valid code already
//! seen in another spelling (`e119` after `E11.9`) from a second cache, keyed by its
//! canonical spelling.
//!
//! With a date a row (`--dates-in-input`, lines `CODE,DATE`) rows are read ahead in
//! batches ([`Batch`]) and each system's rows are checked in one call of the core
//! ([`CodeSystem::reasons_per_row`]); the title of a valid code and the message of an
//! invalid one are then looked up row by row.

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};

use medcodes::{CodeBuf, CodeSystem, Date, ReasonKind, ValidationError};
use serde::Serialize;

use crate::args::ValidateArgs;
use crate::cache::LineCache;
use crate::output::{self, Outcome, NO_TITLE};
use crate::progress::{self, Counting, Progress};
use crate::rows::{Batch, DateProblem, Place, Row};
use crate::system::{self, Pick, SystemArg};

/// Longest line read from standard input; the rest of a longer line is skipped (and the
/// line reported as `too_long`), so one huge line cannot exhaust memory.
const MAX_LINE: usize = 64 * 1024;

/// Bytes read from standard input at a time.
const READ_BUFFER: usize = 64 * 1024;

/// The output-line cache has up to `2^CACHE_BITS` slots (used for standard input only).
const CACHE_BITS: u32 = 16;

/// The cache of valid lines by canonical code has up to `2^CANONICAL_BITS` slots: room for
/// the codes valid on a date (about 74,000 ICD-10-CM codes).
const CANONICAL_BITS: u32 = 17;

/// The reason given, with `--system auto`, for a code found in several systems.
const AMBIGUOUS: &str = "ambiguous";

/// How many rows without a usable date are also reported on standard error.
const MAX_REPORTED: u64 = 10;

/// The date of service of the codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dates {
    /// One date for every code.
    One(Date),
    /// A date a row: the input is `CODE,DATE` lines.
    PerRow,
}

pub fn run(args: &ValidateArgs, outcome: &mut Outcome) -> io::Result<()> {
    let dates = if args.dates_in_input {
        Dates::PerRow
    } else {
        Dates::One(args.common.date(args.system, "validate"))
    };
    let mut validator = Validator::new(args.system, dates, args.common.json, output::stdout());
    // Over a terminal the bar would mix with the output lines.
    let progress = !args.no_progress && io::stderr().is_terminal() && !io::stdout().is_terminal();
    let result = feed(&mut validator, &args.codes, progress);
    outcome.some_failed |= validator.invalid > 0;
    result?;
    validator.out.flush()?;
    if validator.date_problems > MAX_REPORTED {
        output::report_error(format!(
            "{} rows had no usable date (reported as missing_date or malformed_date)",
            validator.date_problems
        ));
    }
    Ok(())
}

fn feed<W: Write>(
    validator: &mut Validator<W>,
    codes: &[OsString],
    progress: bool,
) -> io::Result<()> {
    if codes.is_empty() {
        return stream_stdin(validator, progress);
    }
    for (i, code) in codes.iter().enumerate() {
        if code == "-" {
            stream_stdin(validator, progress)?;
        } else {
            validator.check_argument(code, i as u64 + 1)?;
        }
    }
    validator.flush_rows()
}

/// Validates the lines of standard input, with the progress bar when asked for.
fn stream_stdin<W: Write>(validator: &mut Validator<W>, progress: bool) -> io::Result<()> {
    let mut input = BufReader::with_capacity(READ_BUFFER, io::stdin().lock());
    if !progress {
        return validator.stream(&mut input);
    }
    let bar = Progress::new(true, progress::stdin_size(), "lines");
    let mut input = Counting::new(input, bar);
    let result = validator.stream(&mut input);
    input.progress.clear();
    result
}

/// One line of `--json` output.
#[derive(Serialize)]
struct Record<'a> {
    input: &'a str,
    code: Option<&'a str>,
    valid: bool,
    reason: &'static str,
    message: Option<&'a str>,
    title: Option<&'a str>,
    billable: bool,
    /// `null` for a row without a usable date.
    date: Option<&'a str>,
    /// The id of the system the code was checked in; `null` when no system was chosen
    /// (`--system auto` and a line that is ambiguous, or not text, or has no usable date).
    system: Option<&'static str>,
}

/// Checks codes and writes one line per code.
pub struct Validator<W: Write> {
    system: SystemArg,
    dates: Dates,
    /// The date of service of the code being checked.
    date: Date,
    /// `date` as text.
    date_text: String,
    /// Whether the line being made has a date (a row may have none).
    dated: bool,
    json: bool,
    out: W,
    /// The output line being made.
    line: Vec<u8>,
    cache: LineCache,
    /// Lines of valid codes by canonical spelling (text output in one system only).
    canonical: LineCache,
    /// The system whose canonical spellings key `canonical`, when it is used.
    by_canonical: Option<CodeSystem>,
    /// Rows read ahead (`--dates-in-input`).
    batch: Batch,
    /// Lines read from standard input so far.
    lines_read: u64,
    /// How many codes were not valid.
    pub invalid: u64,
    /// How many rows had no usable date.
    pub date_problems: u64,
}

impl<W: Write> Validator<W> {
    pub fn new(system: SystemArg, dates: Dates, json: bool, out: W) -> Self {
        let date = match dates {
            Dates::One(date) => date,
            Dates::PerRow => CodeSystem::ALL[0].coverage().0,
        };
        Validator {
            system,
            dates,
            date,
            date_text: date.to_string(),
            dated: true,
            json,
            out,
            line: Vec::with_capacity(512),
            cache: LineCache::new(CACHE_BITS),
            canonical: LineCache::new(CANONICAL_BITS),
            by_canonical: None,
            batch: Batch::default(),
            lines_read: 0,
            invalid: 0,
            date_problems: 0,
        }
    }

    /// Validates every line of `input` as it is read, reusing one line buffer.
    pub fn stream<R: BufRead>(&mut self, input: &mut R) -> io::Result<()> {
        if self.dates == Dates::PerRow {
            return self.stream_rows(input);
        }
        self.cache.enable();
        if !self.json && self.system.fixed().is_some() {
            self.canonical.enable();
            self.by_canonical = self.system.fixed();
        }
        let mut line = Vec::with_capacity(256);
        while let Some(truncated) = read_line(input, &mut line, MAX_LINE)? {
            if truncated {
                self.line.clear();
                self.render_overlong(&line)?;
                self.out.write_all(&self.line)?;
            } else {
                self.check_bytes(strip_eol(&line))?;
            }
        }
        Ok(())
    }

    /// Validates a command-line argument (which need not be UTF-8), the `n`th.
    pub fn check_argument(&mut self, code: &OsStr, n: u64) -> io::Result<()> {
        let bytes = code.as_encoded_bytes();
        if self.dates == Dates::PerRow {
            self.batch.push(bytes, Place::Argument(n), false);
            if self.batch.is_full() {
                self.flush_rows()?;
            }
            return Ok(());
        }
        self.check_bytes(bytes)
    }

    /// Validates one input, which should be UTF-8 text, and writes its line.
    pub fn check_bytes(&mut self, input: &[u8]) -> io::Result<()> {
        // Inputs with one canonical spelling have one normalised key, so one verdict and,
        // when valid, one code: the same text line on the date (`e119` as `E11.9`).
        let canonical = match (self.by_canonical, std::str::from_utf8(input)) {
            (Some(system), Ok(text)) => system.canonical(text).ok(),
            _ => None,
        };
        if let Some(canonical) = &canonical {
            if let Some((line, _)) = self.canonical.get(canonical.as_bytes()) {
                return self.out.write_all(line);
            }
        }
        if let Some((line, invalid)) = self.cache.get(input) {
            self.invalid += u64::from(invalid);
            return self.out.write_all(line);
        }
        self.line.clear();
        let before = self.invalid;
        match std::str::from_utf8(input) {
            Ok(text) => self.render(text)?,
            Err(e) => self.render_non_utf8(input, e.valid_up_to())?,
        }
        self.out.write_all(&self.line)?;
        let invalid = self.invalid > before;
        match &canonical {
            Some(canonical) if !invalid => {
                self.canonical
                    .insert(canonical.as_bytes(), &self.line, false)
            }
            _ => self.cache.insert(input, &self.line, invalid),
        }
        Ok(())
    }

    /// Validates one code into `self.line`.
    fn render(&mut self, input: &str) -> io::Result<()> {
        if let Some((code, modifiers)) = self.hcpcs_line(input) {
            return self.render_hcpcs_line(input, code, &modifiers);
        }
        let system = match system::pick(self.system, input, self.date) {
            Pick::One(system) => system,
            Pick::Ambiguous(systems) => {
                let message = system::ambiguity_message(input, &systems, self.date);
                return self.render_invalid(None, input, None, AMBIGUOUS, &message, None);
            }
            // Known in no system: report it in the one it looks like.
            Pick::Unknown => system::likely_system(input),
        };
        self.render_in(system, input)
    }

    /// An HCPCS claim line, a code and its modifiers (`J1100 LT RT`): under `--system
    /// hcpcs`, or `auto` when the first word is an HCPCS code and only HCPCS's.
    fn hcpcs_line<'i>(&self, input: &'i str) -> Option<(&'i str, Vec<&'i str>)> {
        let mut words = input.split_ascii_whitespace();
        let code = words.next()?;
        let modifiers: Vec<&str> = words.collect();
        if modifiers.is_empty() {
            return None;
        }
        let hcpcs = match self.system {
            SystemArg::One(system) => system == CodeSystem::Hcpcs,
            SystemArg::Auto => {
                system::pick(self.system, code, self.date) == Pick::One(CodeSystem::Hcpcs)
            }
        };
        hcpcs.then_some((code, modifiers))
    }

    /// The line of an HCPCS claim line ([`medcodes::hcpcs::Hcpcs::check_line`]): valid
    /// with the code's title, or the first finding's kind and every finding's message.
    fn render_hcpcs_line(&mut self, input: &str, code: &str, modifiers: &[&str]) -> io::Result<()> {
        let set = medcodes::hcpcs::Hcpcs::new();
        let findings = set.check_line(code, modifiers, self.date);
        let Some(first) = findings.first() else {
            let found = set.lookup(code).ok();
            let title = found.and_then(|c| c.title_on(self.date));
            let canonical = found.map(|c| c.code()).unwrap_or_default();
            let title = title.as_ref().map(|t| &*t.text);
            return self.render_valid(CodeSystem::Hcpcs, input, canonical, title);
        };
        let reason = match &first.error {
            Some(error) => error.kind().as_str(),
            None => first.kind.as_str(),
        };
        let message: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        let canonical = CodeSystem::Hcpcs.canonical(code).ok();
        self.render_invalid(
            Some(CodeSystem::Hcpcs),
            input,
            canonical.as_ref().map(CodeBuf::as_str),
            reason,
            &message.join("; "),
            None,
        )
    }

    /// Validates one code of `system` into `self.line`.
    fn render_in(&mut self, system: CodeSystem, input: &str) -> io::Result<()> {
        match system.validate(input, self.date) {
            Ok(code) => {
                let title = code.title_on(self.date);
                let title = title.as_ref().map(|t| &*t.text);
                self.render_valid(system, input, code.code(), title)
            }
            Err(error) => self.render_error(system, input, &error),
        }
    }

    /// Reads `CODE,DATE` rows, checking them a batch at a time.
    fn stream_rows<R: BufRead>(&mut self, input: &mut R) -> io::Result<()> {
        let mut line = Vec::with_capacity(256);
        while let Some(truncated) = read_line(input, &mut line, MAX_LINE)? {
            self.lines_read += 1;
            let place = Place::Line(self.lines_read);
            self.batch.push(strip_eol(&line), place, truncated);
            if self.batch.is_full() {
                self.flush_rows()?;
            }
        }
        self.flush_rows()
    }

    /// Checks the rows read ahead, in one call of the core a system, and writes their
    /// lines in order.
    pub fn flush_rows(&mut self) -> io::Result<()> {
        let batch = std::mem::take(&mut self.batch);
        // The system of each row that has a date and is text (`None`: it is not checked).
        let mut picks: Vec<Option<Pick>> = Vec::with_capacity(batch.rows.len());
        for row in &batch.rows {
            let code = std::str::from_utf8(batch.code(row)).ok();
            picks.push(match (row.cut, &row.date, code) {
                (false, Ok(date), Some(code)) => {
                    Some(match system::pick(self.system, code, *date) {
                        Pick::Unknown => Pick::One(system::likely_system(code)),
                        pick => pick,
                    })
                }
                _ => None,
            });
        }
        let mut verdicts: Vec<Option<ReasonKind>> = vec![None; batch.rows.len()];
        let (mut index, mut codes, mut dates, mut kinds) = (vec![], vec![], vec![], vec![]);
        for &system in self.system.systems() {
            index.clear();
            codes.clear();
            dates.clear();
            kinds.clear();
            for (i, (row, pick)) in batch.rows.iter().zip(&picks).enumerate() {
                if *pick == Some(Pick::One(system)) {
                    index.push(i);
                    codes.push(std::str::from_utf8(batch.code(row)).unwrap_or_default());
                    dates.push(row.date.as_ref().ok().copied());
                }
            }
            if system.reasons_per_row(&codes, &dates, &mut kinds).is_ok() {
                for (&i, &kind) in index.iter().zip(&kinds) {
                    verdicts[i] = kind;
                }
            }
        }
        for ((row, pick), verdict) in batch.rows.iter().zip(picks).zip(verdicts) {
            self.line.clear();
            self.render_row(&batch, row, pick, verdict)?;
            self.out.write_all(&self.line)?;
        }
        // Keep the buffers for the next batch.
        self.batch = batch;
        self.batch.clear();
        Ok(())
    }

    /// One row into `self.line`: `verdict` is the core's for its code on its date.
    fn render_row(
        &mut self,
        batch: &Batch,
        row: &Row,
        pick: Option<Pick>,
        verdict: Option<ReasonKind>,
    ) -> io::Result<()> {
        let code = batch.code(row);
        self.dated = false;
        if row.cut {
            return self.render_overlong(code);
        }
        let date = match &row.date {
            Ok(date) => *date,
            Err(problem) => return self.render_date_problem(code, problem),
        };
        self.dated = true;
        self.date = date;
        self.date_text.clear();
        let _ = write!(self.date_text, "{date}");
        let text = match std::str::from_utf8(code) {
            Ok(text) => text,
            Err(e) => return self.render_non_utf8(code, e.valid_up_to()),
        };
        match pick {
            Some(Pick::One(system)) => self.render_verdict(system, text, verdict),
            Some(Pick::Ambiguous(systems)) => {
                let message = system::ambiguity_message(text, &systems, date);
                self.render_invalid(None, text, None, AMBIGUOUS, &message, None)
            }
            // Every row with a date that is text has a pick.
            _ => self.render(text),
        }
    }

    /// A code of `system` the core found `verdict` for on `self.date`: its title when
    /// valid, else why not.
    fn render_verdict(
        &mut self,
        system: CodeSystem,
        input: &str,
        verdict: Option<ReasonKind>,
    ) -> io::Result<()> {
        if verdict == Some(ReasonKind::Valid) {
            if let Ok(code) = system.lookup(input) {
                let title = code.title_on(self.date);
                let title = title.as_ref().map(|t| &*t.text);
                return self.render_valid(system, input, code.code(), title);
            }
        }
        self.render_in(system, input)
    }

    /// A row without a usable date: reported in the output and, the first few, on
    /// standard error.
    fn render_date_problem(&mut self, code: &[u8], problem: &DateProblem) -> io::Result<()> {
        self.date_problems += 1;
        if self.date_problems <= MAX_REPORTED {
            output::report_error(&problem.message);
            if self.date_problems == MAX_REPORTED {
                output::report_error("further rows without a usable date are counted, not shown");
            }
        }
        let input = String::from_utf8_lossy(code);
        let system = self.system.fixed();
        let canonical = system.and_then(|s| s.canonical(&input).ok());
        let canonical = canonical.as_ref().map(CodeBuf::as_str);
        let (reason, message) = (problem.reason, &problem.message);
        self.render_invalid(system, &input, canonical, reason, message, None)
    }

    fn render_non_utf8(&mut self, input: &[u8], valid_up_to: usize) -> io::Result<()> {
        let lossy = String::from_utf8_lossy(input);
        let byte = input.get(valid_up_to).copied().unwrap_or(0);
        let message = format!(
            "{:?}: byte {} (0x{byte:02X}) is not UTF-8 text; expected {}",
            output::shorten(&lossy),
            valid_up_to + 1,
            self.system.example(),
        );
        let reason = ReasonKind::Malformed.as_str();
        self.render_invalid(self.system.fixed(), &lossy, None, reason, &message, None)
    }

    fn render_overlong(&mut self, prefix: &[u8]) -> io::Result<()> {
        // The cut may fall inside a character: keep the prefix's whole characters.
        let text = match std::str::from_utf8(prefix) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&prefix[..e.valid_up_to()]).unwrap_or_default(),
        };
        let input = output::shorten(text);
        let message = format!(
            "{input:?}: the line is longer than {MAX_LINE} bytes; {}",
            self.system.length_rule(),
        );
        let reason = ReasonKind::TooLong.as_str();
        self.render_invalid(self.system.fixed(), &input, None, reason, &message, None)
    }

    /// The line of a valid code: its canonical form and its title on the date.
    fn render_valid(
        &mut self,
        system: CodeSystem,
        input: &str,
        canonical: CodeBuf,
        title: Option<&str>,
    ) -> io::Result<()> {
        let line = &mut self.line;
        if self.json {
            let record = Record {
                input,
                code: Some(canonical.as_str()),
                valid: true,
                reason: ReasonKind::Valid.as_str(),
                message: None,
                title,
                billable: true,
                date: Some(&self.date_text),
                system: Some(system.id()),
            };
            return write_json(line, &record);
        }
        line.extend_from_slice(b"VALID  ");
        line.extend_from_slice(canonical.as_bytes());
        line.extend_from_slice(b"  ");
        line.extend_from_slice(title.unwrap_or(NO_TITLE).as_bytes());
        line.push(b'\n');
        Ok(())
    }

    fn render_error(
        &mut self,
        system: CodeSystem,
        input: &str,
        error: &ValidationError,
    ) -> io::Result<()> {
        // Well-formed input has a canonical form, and an existing code a title (levels of
        // a hierarchy, such as ICD-10-PCS tables, have none).
        let canonical = system.canonical(input).ok();
        let title = match error.kind() {
            ReasonKind::NotBillable | ReasonKind::NotValidOnDate => system
                .lookup(input)
                .ok()
                .and_then(|c| c.title_on(self.date)),
            _ => None,
        };
        self.render_invalid(
            Some(system),
            input,
            canonical.as_ref().map(CodeBuf::as_str),
            error.kind().as_str(),
            &error.to_string(),
            title.as_ref().map(|t| &*t.text),
        )
    }

    fn render_invalid(
        &mut self,
        system: Option<CodeSystem>,
        input: &str,
        code: Option<&str>,
        reason: &'static str,
        message: &str,
        title: Option<&str>,
    ) -> io::Result<()> {
        self.invalid += 1;
        if self.json {
            let record = Record {
                input,
                code,
                valid: false,
                reason,
                message: Some(message),
                title,
                billable: false,
                date: self.dated.then_some(&*self.date_text),
                system: system.map(CodeSystem::id),
            };
            return write_json(&mut self.line, &record);
        }
        let shown = match code {
            Some(code) => code.into(),
            None => output::echo(input),
        };
        writeln!(self.line, "INVALID  {shown}  {reason}  {message}")
    }
}

fn write_json(out: &mut impl Write, record: &Record<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Reads one line (through its `\n`) into `line`, keeping at most `max` bytes of it and
/// skipping the rest. `None` at the end of the input, else whether the line was cut.
fn read_line<R: BufRead>(
    input: &mut R,
    line: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<bool>> {
    line.clear();
    let mut read_any = false;
    let mut truncated = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        read_any = true;
        let (used, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = max.saturating_sub(line.len());
        if used > room {
            truncated = true;
        }
        line.extend_from_slice(&available[..used.min(room)]);
        input.consume(used);
        if done {
            break;
        }
    }
    Ok(read_any.then_some(truncated))
}

/// The line without its `\n` or `\r\n`.
fn strip_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CM: SystemArg = SystemArg::One(CodeSystem::Icd10Cm);
    const PCS: SystemArg = SystemArg::One(CodeSystem::Icd10Pcs);

    fn run_with(system: SystemArg, dates: Dates, input: &[u8], json: bool) -> (String, u64) {
        let mut v = Validator::new(system, dates, json, Vec::new());
        v.stream(&mut &input[..]).expect("stream");
        (String::from_utf8(v.out).expect("utf-8"), v.invalid)
    }

    fn run_in(system: SystemArg, input: &[u8], json: bool) -> (String, u64) {
        let date: Date = "2025-03-01".parse().expect("date");
        run_with(system, Dates::One(date), input, json)
    }

    fn run_on(input: &[u8], json: bool) -> (String, u64) {
        run_in(CM, input, json)
    }

    #[test]
    fn one_output_line_per_input_line() {
        let (out, invalid) = run_on(b"E11.9\r\n\nE11\n\xffE11\nS52.521A", false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 5, "{out}");
        assert!(lines[0].starts_with("VALID  E11.9  Type 2 diabetes"));
        assert!(lines[1].starts_with("INVALID  \"\"  empty  "));
        assert!(lines[2].starts_with("INVALID  E11  not_billable  "));
        assert!(lines[3].starts_with("INVALID  \u{fffd}E11  malformed  "));
        assert!(lines[4].starts_with("VALID  S52.521A  "));
        assert_eq!(invalid, 3);
    }

    #[test]
    fn overlong_lines_are_cut_and_skipped() {
        let mut input = vec![b'A'; MAX_LINE * 3];
        input.extend_from_slice("é\nE11.9\n".as_bytes());
        let (out, invalid) = run_on(&input, false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].contains("too_long"));
        assert!(lines[1].starts_with("VALID  E11.9"));
        assert_eq!(invalid, 1);
    }

    #[test]
    fn pcs_lines_share_the_format() {
        let (out, invalid) = run_in(PCS, b"0dtj4zz\n0DTJ4\n0DTJ4IZ\nE11.9\n\n", false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 5, "{out}");
        assert!(lines[0].starts_with("VALID  0DTJ4ZZ  Resection of Appendix"));
        assert!(
            lines[1].starts_with("INVALID  0DTJ4  incomplete  "),
            "{out}"
        );
        assert!(
            lines[2].starts_with("INVALID  0DTJ4IZ  malformed  "),
            "{out}"
        );
        assert!(lines[3].starts_with("INVALID  E11.9  malformed  "), "{out}");
        assert!(lines[4].starts_with("INVALID  \"\"  empty  "), "{out}");
        assert_eq!(invalid, 4);
    }

    fn reasons_and_systems(out: &str) -> Vec<(String, String)> {
        out.lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
            .map(|r| {
                let system = r["system"].as_str().unwrap_or("null").to_owned();
                (r["reason"].as_str().unwrap_or("").to_owned(), system)
            })
            .collect()
    }

    #[test]
    fn auto_checks_each_line_in_its_system() {
        let input = b"E11.9\n0DTJ4ZZ\nB20\n0DTJ4\nZ09.9\n";
        let (out, invalid) = run_in(SystemArg::Auto, input, true);
        let expected = [
            ("valid", "icd10cm"),
            ("valid", "icd10pcs"),
            ("ambiguous", "null"),
            ("incomplete", "icd10pcs"),
            ("unknown", "icd10cm"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(r, s)| (r.to_string(), s.to_string()))
            .collect();
        assert_eq!(reasons_and_systems(&out), expected);
        assert_eq!(invalid, 3);

        // The same with a date a row.
        let dated: Vec<u8> = String::from_utf8_lossy(input)
            .lines()
            .flat_map(|l| format!("{l},2025-03-01\n").into_bytes())
            .collect();
        let (per_row, invalid) = run_with(SystemArg::Auto, Dates::PerRow, &dated, true);
        assert_eq!(reasons_and_systems(&per_row), expected);
        assert_eq!(invalid, 3);
    }

    #[test]
    fn a_date_a_row() {
        let input = b"U07.1,2020-03-31\nU07.1,2020-04-01\nU07.1\nU07.1,\nU07.1,2020-13-01\n\
                      ,2020-04-01\n\xff,2020-04-01\nE11.9,2014-01-01\n";
        let (out, invalid) = run_with(CM, Dates::PerRow, input, false);
        let lines: Vec<&str> = out.lines().collect();
        let expected = [
            "INVALID  U07.1  not_valid_on_date  U07.1 is not valid on 2020-03-31",
            "VALID  U07.1  COVID-19",
            "INVALID  U07.1  missing_date  line 3: no date: expected CODE,DATE",
            "INVALID  U07.1  missing_date  line 4: the date is empty",
            "INVALID  U07.1  malformed_date  line 5: \"2020-13-01\" is not a valid date",
            "INVALID  \"\"  empty  ",
            "INVALID  \u{fffd}  malformed  ",
            "INVALID  E11.9  date_out_of_range  2014-01-01 is outside the dates covered",
        ];
        assert_eq!(lines.len(), expected.len(), "{out}");
        for (line, start) in lines.iter().zip(expected) {
            assert!(
                line.starts_with(start),
                "{line:?} should start with {start:?}"
            );
        }
        assert_eq!(invalid, 7);

        let (out, _) = run_with(CM, Dates::PerRow, b"E11.9,20250301\nE11.9,x\n", true);
        let records: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(records[0]["date"], "2025-03-01");
        assert_eq!(records[0]["input"], "E11.9");
        assert_eq!(records[0]["valid"], true);
        assert!(records[1]["date"].is_null());
        assert_eq!(records[1]["code"], "E11.9");
        assert_eq!(records[1]["reason"], "malformed_date");
        assert_eq!(records[1]["system"], "icd10cm");
    }

    /// Streaming (both caches on) says what checking each input alone (no cache) says,
    /// whatever the spelling and however often it comes.
    #[test]
    fn the_caches_change_nothing() {
        let inputs = [
            "E11.9", "e119", " E11.9 ", "E119", "E11", "e11", "S52.521", "s52521", "E11.9X",
            "Z09.9", "", "12345", "0DTJ4ZZ", "0dtj4zz", "0DTJ4", "B20", "\u{e9}", "E11.9",
        ];
        let lines: Vec<&str> = (0..3).flat_map(|round| inputs[round..].to_vec()).collect();
        let input: Vec<u8> = lines
            .iter()
            .flat_map(|l| format!("{l}\n").into_bytes())
            .collect();
        let date: Date = "2025-03-01".parse().expect("date");
        for system in [CM, PCS, SystemArg::Auto] {
            for json in [false, true] {
                let (streamed, invalid) = run_with(system, Dates::One(date), &input, json);
                let mut alone = Validator::new(system, Dates::One(date), json, Vec::new());
                for (i, line) in lines.iter().enumerate() {
                    alone
                        .check_argument(OsStr::new(line), i as u64)
                        .expect("check");
                }
                assert_eq!(streamed, String::from_utf8(alone.out).expect("utf-8"));
                assert_eq!(invalid, alone.invalid);
            }
        }
    }

    #[test]
    fn read_line_reports_the_end() {
        let mut input: &[u8] = b"ab\ncd";
        let mut line = Vec::new();
        assert_eq!(read_line(&mut input, &mut line, 10).ok(), Some(Some(false)));
        assert_eq!(line, b"ab\n");
        assert_eq!(read_line(&mut input, &mut line, 1).ok(), Some(Some(true)));
        assert_eq!(line, b"c");
        assert_eq!(read_line(&mut input, &mut line, 10).ok(), Some(None));
    }
}
