//! The order file's addenda (`icd10cm_order_addenda_YYYY.txt`, `order_addenda_YYYY.txt`
//! for ICD-10-PCS): the release's changes, one a line, `Add:`, `Delete:`, `Revise from:` or
//! `Revise to:` before an order-file record. Loaded with the order file of the same release
//! it is a check on it: every added code is in the order file with the same
//! header/billable flag, every deleted one is gone (unless added again with a new flag),
//! every revised one is there. A disagreement means the two files are not one release.

use crate::codeset::System;

use super::order::{self, OrderEntry};
use super::ReleaseError;

/// What the addenda list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AddendaCounts {
    pub added: usize,
    pub deleted: usize,
    pub revised: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Add,
    Delete,
    ReviseFrom,
    ReviseTo,
}

/// Reads the addenda and checks them against the order file's entries (sorted by key).
pub(crate) fn check<S: System>(
    file: &str,
    bytes: &[u8],
    order_file: &str,
    entries: &[OrderEntry],
) -> Result<AddendaCounts, ReleaseError> {
    let mut lines: Vec<(usize, Action, OrderEntry)> = Vec::new();
    for (n, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = n + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if raw.contains(&0) {
            return Err(ReleaseError::Encoding {
                file: file.to_owned(),
                line: line_no,
                detail: "a NUL byte (UTF-16 text?)",
            });
        }
        let text = String::from_utf8_lossy(raw);
        let action_error = || ReleaseError::Field {
            file: file.to_owned(),
            line: line_no,
            field: "action",
            value: crate::error::shorten(&text),
            expected: "Add:, Delete:, Revise from: or Revise to: before an order-file record",
        };
        let (action, rest) = text.split_once(':').ok_or_else(action_error)?;
        let action = match action.split_whitespace().collect::<Vec<_>>().join(" ") {
            a if a.eq_ignore_ascii_case("add") => Action::Add,
            a if a.eq_ignore_ascii_case("delete") => Action::Delete,
            a if a.eq_ignore_ascii_case("revise from") => Action::ReviseFrom,
            a if a.eq_ignore_ascii_case("revise to") => Action::ReviseTo,
            _ => return Err(action_error()),
        };
        // The record after the action, with its order number or without one (columns
        // then count from the code).
        let rest = rest.trim_start();
        let record = if rest.len() > 5 && rest.as_bytes()[..5].iter().all(u8::is_ascii_digit) {
            rest.to_owned()
        } else {
            format!("00000 {rest}")
        };
        let entry = order::parse_line::<S>(file, line_no, &record)?;
        lines.push((line_no, action, entry));
    }
    if lines.is_empty() {
        return Err(ReleaseError::Empty {
            file: file.to_owned(),
        });
    }
    let find = |e: &OrderEntry| {
        entries
            .binary_search_by_key(&e.key, |x| x.key)
            .ok()
            .map(|i| &entries[i])
    };
    let disagree = |line: usize, code: &OrderEntry, detail: String| ReleaseError::Disagree {
        file: file.to_owned(),
        line,
        code: S::spell(code.key).to_string(),
        other: order_file.to_owned(),
        detail,
    };
    let mut counts = AddendaCounts::default();
    for (line, action, e) in &lines {
        match action {
            Action::Add => {
                counts.added += 1;
                match find(e) {
                    None => {
                        return Err(disagree(
                            *line,
                            e,
                            "added by the addenda, not in the order file".into(),
                        ))
                    }
                    Some(o) if o.billable != e.billable => {
                        return Err(disagree(
                            *line,
                            e,
                            format!(
                                "added as {}, the order file has it as {} (line {})",
                                flag(e.billable),
                                flag(o.billable),
                                o.line
                            ),
                        ))
                    }
                    Some(_) => {}
                }
            }
            Action::Delete => {
                counts.deleted += 1;
                let added_again = lines
                    .iter()
                    .any(|(_, a, x)| *a == Action::Add && x.key == e.key);
                if let (Some(o), false) = (find(e), added_again) {
                    return Err(disagree(
                        *line,
                        e,
                        format!(
                            "deleted by the addenda, still in the order file (line {})",
                            o.line
                        ),
                    ));
                }
            }
            Action::ReviseFrom => {}
            Action::ReviseTo => {
                counts.revised += 1;
                if find(e).is_none() {
                    return Err(disagree(
                        *line,
                        e,
                        "revised by the addenda, not in the order file".into(),
                    ));
                }
            }
        }
    }
    Ok(counts)
}

fn flag(billable: bool) -> &'static str {
    if billable {
        "billable (1)"
    } else {
        "a header (0)"
    }
}
