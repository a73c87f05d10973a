//! Output plumbing shared by the subcommands: the buffered standard output, error lines
//! on standard error, the overall outcome, and how inputs are echoed.

use std::borrow::Cow;
use std::ffi::OsString;
use std::fmt::Display;
use std::fs::{self, File};
use std::io::{self, BufWriter, StdoutLock, Write};
use std::path::{Path, PathBuf};

/// Said wherever a code has no title in any bundled source.
pub const NO_TITLE: &str = "no title in the bundled sources";

/// Longest input echoed back in a message, in characters (as the library does).
const MAX_ECHO: usize = 40;

/// Whether every code given was fine; decides the exit status.
#[derive(Debug, Default)]
pub struct Outcome {
    pub some_failed: bool,
}

/// Standard output, locked once and buffered: one `write` system call per 64 KiB.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Prints `error: MESSAGE` on standard error. A closed standard error is ignored rather
/// than a reason to panic.
pub fn report_error(message: impl Display) {
    crate::progress::erase();
    let _ = writeln!(io::stderr().lock(), "error: {message}");
}

/// The input cut to [`MAX_ECHO`] characters, with an ellipsis when cut.
pub fn shorten(input: &str) -> Cow<'_, str> {
    match input.char_indices().nth(MAX_ECHO) {
        None => Cow::Borrowed(input),
        Some((end, _)) => Cow::Owned(format!("{}…", &input[..end])),
    }
}

/// The input as shown in a column of text output: as it is when it is a plain word,
/// quoted and escaped (`""`, `"E11 9"`, `"\u{7}"`) when it is empty or holds white space
/// or control characters, so the columns stay readable. Long inputs are shortened.
pub fn echo(input: &str) -> Cow<'_, str> {
    let short = shorten(input);
    if !short.is_empty() && !short.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return short;
    }
    Cow::Owned(format!("{short:?}"))
}

/// An output file (`-o OUT`) written under a temporary name beside it and renamed to
/// `OUT` only once everything is written and on disk ([`OutputFile::commit`]): a run that
/// stops early (an I/O error such as a full disk, a malformed input that ends the run, a
/// panic) removes what it wrote, so no partial file is ever left under the name that
/// means "done". An earlier `OUT` stays as it was until the new one replaces it whole.
pub struct OutputFile {
    /// `OUT.partial-PID`, in `OUT`'s folder (a rename within a file system is atomic).
    temporary: PathBuf,
    destination: PathBuf,
    /// A handle on the file, to flush it to disk before the rename.
    file: File,
    committed: bool,
}

impl OutputFile {
    /// Creates the temporary file; returns the guard and the file to write to.
    pub fn create(destination: &Path) -> io::Result<(OutputFile, File)> {
        let mut name = destination
            .file_name()
            .map(OsString::from)
            .unwrap_or_else(|| OsString::from("out"));
        name.push(format!(".partial-{}", std::process::id()));
        let temporary = destination.with_file_name(name);
        let cannot = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!("cannot create {}: {e}", destination.display()),
            )
        };
        let file = File::create(&temporary).map_err(cannot)?;
        let writer = file.try_clone().map_err(cannot)?;
        Ok((
            OutputFile {
                temporary,
                destination: destination.to_owned(),
                file,
                committed: false,
            },
            writer,
        ))
    }

    /// Once the writer is flushed: the data to disk (a full disk can first show here),
    /// then the file under its name.
    pub fn commit(mut self) -> io::Result<()> {
        let failed = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!("cannot write {}: {e}", self.destination.display()),
            )
        };
        self.file.sync_all().map_err(failed)?;
        fs::rename(&self.temporary, &self.destination).map_err(failed)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_quotes_only_when_needed() {
        assert_eq!(echo("E11.9"), "E11.9");
        assert_eq!(echo(""), "\"\"");
        assert_eq!(echo("E11 9"), "\"E11 9\"");
        assert_eq!(echo("a\u{7}"), "\"a\\u{7}\"");
        let long = "é".repeat(100);
        assert_eq!(echo(&long).chars().count(), MAX_ECHO + 1);
    }

    #[test]
    fn an_output_file_appears_only_when_committed() {
        let dir = std::env::temp_dir().join(format!("medcodes-out-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let out = dir.join("findings.csv");
        fs::write(&out, "old\n").unwrap();
        // Dropped before commit (an error or a panic on the way): the old file stays, and
        // nothing else is left in the folder.
        {
            let (_guard, mut file) = OutputFile::create(&out).unwrap();
            file.write_all(b"half").unwrap();
        }
        assert_eq!(fs::read_to_string(&out).unwrap(), "old\n");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        let (guard, mut file) = OutputFile::create(&out).unwrap();
        file.write_all(b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "old\n");
        guard.commit().unwrap();
        assert_eq!(fs::read_to_string(&out).unwrap(), "new\n");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        fs::remove_dir_all(&dir).unwrap();
    }
}
