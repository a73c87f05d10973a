//! `medcodes validate`: one result line per code, from the arguments or streamed from
//! standard input.
//!
//! Codes are checked in one system (`--system icd10cm`, the default, or `icd10pcs`), or in
//! the system [`medcodes::detect`] finds for each line (`--system auto`, where a code known
//! in both systems is reported as `ambiguous`). Both systems share the streaming, the
//! cache and the output format; only [`Validator::render`] tells them apart.
//!
//! The CLI adds no allocation on the valid path of its own: `validate` returns a `Copy`
//! handle, the canonical code is a stack buffer, the title is the one string the library
//! assembles, and the line is made in a reused buffer. The rich error (with its message)
//! is built only for invalid codes, which print it. Lines already seen are answered from a
//! cache of output lines (see [`LineCache`]).

use std::ffi::{OsStr, OsString};
use std::io::{self, BufRead, BufReader, Write};

use medcodes::key::CodeBuf;
use medcodes::{Date, Icd10Cm, Icd10Pcs, ReasonKind, ValidationError};
use serde::Serialize;

use crate::args::ValidateArgs;
use crate::cache::LineCache;
use crate::output::{self, Outcome, NO_TITLE};
use crate::system::{self, Canonical, Pick, System, SystemArg};

/// Longest line read from standard input; the rest of a longer line is skipped (and the
/// line reported as `too_long`), so one huge line cannot exhaust memory.
const MAX_LINE: usize = 64 * 1024;

/// Bytes read from standard input at a time.
const READ_BUFFER: usize = 64 * 1024;

/// The output-line cache has `2^CACHE_BITS` slots (used for standard input only).
const CACHE_BITS: u32 = 16;

/// The reason given, with `--system auto`, for a code found in several systems.
const AMBIGUOUS: &str = "ambiguous";

pub fn run(args: &ValidateArgs, outcome: &mut Outcome) -> io::Result<()> {
    let date = args.common.date(args.system, "validate");
    let mut validator = Validator::new(args.system, date, args.common.json, output::stdout());
    let result = feed(&mut validator, &args.codes);
    outcome.some_failed |= validator.invalid > 0;
    result?;
    validator.out.flush()
}

fn feed<W: Write>(validator: &mut Validator<W>, codes: &[OsString]) -> io::Result<()> {
    let stdin = || BufReader::with_capacity(READ_BUFFER, io::stdin().lock());
    if codes.is_empty() {
        return validator.stream(&mut stdin());
    }
    for code in codes {
        if code == "-" {
            validator.stream(&mut stdin())?;
        } else {
            validator.check_os(code)?;
        }
    }
    Ok(())
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
    date: &'a str,
    /// `icd10cm` or `icd10pcs`; `null` when no system was chosen (`--system auto` and a
    /// line that is ambiguous, or not text).
    system: Option<&'static str>,
}

/// Checks codes for one date of service and writes one line per code.
pub struct Validator<W: Write> {
    system: SystemArg,
    cm: Icd10Cm,
    pcs: Icd10Pcs,
    date: Date,
    /// `date` as text, made once.
    date_text: String,
    json: bool,
    out: W,
    /// The output line being made.
    line: Vec<u8>,
    cache: LineCache,
    /// How many codes were not valid.
    pub invalid: u64,
}

impl<W: Write> Validator<W> {
    pub fn new(system: SystemArg, date: Date, json: bool, out: W) -> Self {
        Validator {
            system,
            cm: Icd10Cm::new(),
            pcs: Icd10Pcs::new(),
            date,
            date_text: date.to_string(),
            json,
            out,
            line: Vec::with_capacity(512),
            cache: LineCache::new(CACHE_BITS),
            invalid: 0,
        }
    }

    /// Validates every line of `input` as it is read, reusing one line buffer.
    pub fn stream<R: BufRead>(&mut self, input: &mut R) -> io::Result<()> {
        self.cache.enable();
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

    /// Validates a command-line argument (which need not be UTF-8).
    pub fn check_os(&mut self, code: &OsStr) -> io::Result<()> {
        self.check_bytes(code.as_encoded_bytes())
    }

    /// Validates one input, which should be UTF-8 text, and writes its line.
    pub fn check_bytes(&mut self, input: &[u8]) -> io::Result<()> {
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
        self.cache.insert(input, &self.line, self.invalid > before);
        Ok(())
    }

    /// Validates one code into `self.line`.
    fn render(&mut self, input: &str) -> io::Result<()> {
        let system = match system::pick(self.system, input) {
            Pick::One(system) => system,
            Pick::Ambiguous(systems) => {
                let message = system::ambiguity_message(input, &systems, self.date);
                return self.render_invalid(None, input, None, AMBIGUOUS, &message, None);
            }
            // Known in no system: report it in the one it looks like.
            Pick::Unknown => system::likely_system(input),
        };
        let date = self.date;
        match system {
            System::Cm => match self.cm.validate(input, date) {
                Ok(code) => {
                    let title = code.title_on(date);
                    let title = title.as_ref().map(|t| &*t.text);
                    self.render_valid_parts(system, input, code.code(), title)
                }
                Err(error) => self.render_error(system, input, &error),
            },
            System::Pcs => match self.pcs.validate(input, date) {
                Ok(code) => {
                    let title = code.title_on(date);
                    let title = title.as_ref().map(|t| &*t.text);
                    self.render_valid_parts(system, input, code.code(), title)
                }
                Err(error) => self.render_error(system, input, &error),
            },
        }
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
            self.system.max_length(),
        );
        let reason = ReasonKind::TooLong.as_str();
        self.render_invalid(self.system.fixed(), &input, None, reason, &message, None)
    }

    /// The line of a valid code: its canonical form and its title on the date.
    fn render_valid_parts(
        &mut self,
        system: System,
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
                date: &self.date_text,
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
        system: System,
        input: &str,
        error: &ValidationError,
    ) -> io::Result<()> {
        // Well-formed input has a canonical form, and an existing code a title (levels of
        // ICD-10-PCS, reported as incomplete, have none).
        let canonical = Canonical::new(system, input);
        let title = match error.kind() {
            ReasonKind::NotBillable | ReasonKind::NotValidOnDate => match system {
                System::Cm => self
                    .cm
                    .lookup(input)
                    .ok()
                    .and_then(|c| c.title_on(self.date)),
                System::Pcs => self
                    .pcs
                    .lookup(input)
                    .ok()
                    .and_then(|c| c.title_on(self.date)),
            },
            _ => None,
        };
        self.render_invalid(
            Some(system),
            input,
            canonical.as_ref().map(|c| c.as_str()),
            error.kind().as_str(),
            &error.to_string(),
            title.as_ref().map(|t| &*t.text),
        )
    }

    fn render_invalid(
        &mut self,
        system: Option<System>,
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
                date: &self.date_text,
                system: system.map(System::id),
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

    fn run_in(system: SystemArg, input: &[u8], json: bool) -> (String, u64) {
        let date: Date = "2025-03-01".parse().expect("date");
        let mut v = Validator::new(system, date, json, Vec::new());
        v.stream(&mut &input[..]).expect("stream");
        (String::from_utf8(v.out).expect("utf-8"), v.invalid)
    }

    fn run_on(input: &[u8], json: bool) -> (String, u64) {
        run_in(SystemArg::One(System::Cm), input, json)
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
        let pcs = SystemArg::One(System::Pcs);
        let (out, invalid) = run_in(pcs, b"0dtj4zz\n0DTJ4\n0DTJ4IZ\nE11.9\n\n", false);
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

    #[test]
    fn auto_checks_each_line_in_its_system() {
        let (out, invalid) = run_in(
            SystemArg::Auto,
            b"E11.9\n0DTJ4ZZ\nB20\n0DTJ4\nZZZ.9\n",
            true,
        );
        let records: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        let fields: Vec<(&str, &str)> = records
            .iter()
            .map(|r| {
                let system = r["system"].as_str().unwrap_or("null");
                (r["reason"].as_str().unwrap_or(""), system)
            })
            .collect();
        assert_eq!(
            fields,
            [
                ("valid", "icd10cm"),
                ("valid", "icd10pcs"),
                ("ambiguous", "null"),
                ("incomplete", "icd10pcs"),
                ("unknown", "icd10cm"),
            ]
        );
        assert_eq!(invalid, 3);
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
