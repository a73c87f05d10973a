//! Output plumbing shared by the subcommands: the buffered standard output, error lines
//! on standard error, the overall outcome, and how inputs are echoed.

use std::borrow::Cow;
use std::fmt::Display;
use std::io::{self, BufWriter, StdoutLock, Write};

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
}
