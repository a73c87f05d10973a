//! Helpers shared by the release tests (`release.rs`, `release_files.rs`).

use medcodes::release::format_line;
use medcodes::{Date, Icd10Cm};

/// The built-in ICD-10-CM codes in force on a date as order-file lines (titles from the
/// built-in tables, or a stand-in where they have none), with `edit` applied to the rows
/// (code undotted, billable, long title) before they are written; each line, the last
/// too, ends with `line_end` (CMS's files use CRLF).
pub fn order_file_from_built_in(
    date: Date,
    line_end: &str,
    edit: impl FnOnce(&mut Vec<(String, bool, String)>),
) -> String {
    let cm = Icd10Cm::new();
    let mut rows: Vec<(String, bool, String)> = cm
        .codes()
        .filter(|c| c.is_present_on(date))
        .map(|c| {
            let title = c
                .title_on(date)
                .map(|t| t.text.into_owned())
                .unwrap_or_else(|| format!("Title of {}", c.code()));
            (c.undotted().to_string(), c.is_valid_on(date), title)
        })
        .collect();
    edit(&mut rows);
    rows.iter()
        .enumerate()
        .map(|(i, (code, billable, long))| {
            format_line(i as u32 + 1, code, *billable, long, long) + line_end
        })
        .collect()
}
