//! A progress bar on standard error for runs over big inputs (`claims FILE`, `validate <
//! FILE`): how far through the input, how many items, how fast. Drawn only when standard
//! error is a terminal (never into a log or a pipe), at most five times a second, and
//! erased before an error line and at the end.

use std::fs::File;
use std::io::{self, BufRead, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Whether a bar is on the screen: an error line erases it first
/// ([`crate::output::report_error`]), and the next tick draws it again below.
static DRAWN: AtomicBool = AtomicBool::new(false);

/// Erases the bar if one is drawn.
pub fn erase() {
    if DRAWN.swap(false, Ordering::Relaxed) {
        let _ = io::stderr().lock().write_all(b"\r\x1b[2K");
    }
}

/// Redraws at most this often.
const EVERY: Duration = Duration::from_millis(200);

pub struct Progress {
    enabled: bool,
    /// The input's size in bytes, when known (a file, not a pipe).
    total: Option<u64>,
    /// What the count counts ("claims", "lines").
    unit: &'static str,
    start: Instant,
    last: Instant,
}

impl Progress {
    pub fn new(enabled: bool, total: Option<u64>, unit: &'static str) -> Self {
        let now = Instant::now();
        Progress {
            enabled,
            total: total.filter(|&t| t > 0),
            unit,
            start: now,
            last: now,
        }
    }

    /// Redraws, if it is time: `bytes` of the input read, `count` items done. Cheap when
    /// called for every item: a clock read every 1,024 items.
    #[inline]
    pub fn tick(&mut self, bytes: u64, count: u64) {
        if !self.enabled || count % 1024 != 0 {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.last) < EVERY {
            return;
        }
        self.last = now;
        let line = self.line(bytes, count, now.duration_since(self.start));
        let _ = io::stderr().lock().write_all(line.as_bytes());
        DRAWN.store(true, Ordering::Relaxed);
    }

    /// The bar's text (a carriage return first: each draw overwrites the last).
    fn line(&self, bytes: u64, count: u64, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64().max(1e-3);
        let rate = count as f64 / secs;
        let unit = self.unit;
        match self.total {
            Some(total) => {
                let done = (bytes as f64 / total as f64).min(1.0);
                let width = 30;
                let filled = (done * width as f64) as usize;
                format!(
                    "\r[{}{}] {:>3}%  {count} {unit}  {rate:.0} {unit}/s ",
                    "#".repeat(filled),
                    "-".repeat(width - filled),
                    (done * 100.0) as u32
                )
            }
            None => format!("\r{count} {unit}  {rate:.0} {unit}/s "),
        }
    }

    /// Erases the bar (at the end).
    pub fn clear(&mut self) {
        erase();
    }
}

/// The size of standard input when it is a regular file (`validate < FILE`), for the bar's
/// percentage; `None` for a pipe or a terminal.
pub fn stdin_size() -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = File::from(fd).metadata().ok()?;
        meta.is_file().then_some(meta.len())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// A reader that counts the lines and bytes taken from it and draws the bar as they go.
pub struct Counting<R> {
    inner: R,
    bytes: u64,
    lines: u64,
    pub progress: Progress,
}

impl<R: BufRead> Counting<R> {
    pub fn new(inner: R, progress: Progress) -> Self {
        Counting {
            inner,
            bytes: 0,
            lines: 0,
            progress,
        }
    }
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    // The line readers consume a line (or the rest of a buffer) at a time.
    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
        self.bytes += amount as u64;
        self.lines += 1;
        self.progress.tick(self.bytes, self.lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_shows_the_share_read_and_the_rate() {
        let p = Progress::new(true, Some(1000), "lines");
        let line = p.line(250, 5000, Duration::from_secs(2));
        assert_eq!(
            line,
            "\r[#######-----------------------]  25%  5000 lines  2500 lines/s "
        );
        let p = Progress::new(true, None, "claims");
        assert_eq!(
            p.line(250, 10, Duration::from_secs(1)),
            "\r10 claims  10 claims/s "
        );
    }

    #[test]
    fn counting_counts_what_is_consumed() {
        let mut reader = Counting::new(&b"E11.9\nI10\n"[..], Progress::new(false, None, "lines"));
        let mut line = String::new();
        while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {}
        assert_eq!(reader.bytes, 10);
        assert_eq!(line, "E11.9\nI10\n");
    }
}
