//! A release as CMS publishes it: files given one by one, a folder, or the zips they come
//! in (the code-descriptions zip: the order file, its addenda, the codes file; the
//! tables-and-index zip: the tabular XML, the index). Each file is known by its name; only
//! the ones a release is read from are decompressed: the order file (the newest, or the
//! one of the effective date given), its addenda and the tabular list of the same release.

#[cfg(feature = "release-zip")]
use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::date::{Date, FiscalYear};
use crate::system::CodeSystem;

use super::ReleaseError;

/// The largest member read from a zip: the biggest CMS file (the ICD-10-CM order file) is
/// about 20 MB; a member declaring more than this is not one (or a zip bomb).
#[cfg(feature = "release-zip")]
const MAX_MEMBER: u64 = 256 << 20;

/// What a file of a release is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Order,
    Addenda,
    Tabular,
}

/// A file given: its name and bytes, or a path to read.
pub(crate) enum Input<'a> {
    Bytes(&'a [u8]),
    Path(PathBuf),
}

/// A file of a release found among the inputs, not read yet.
struct Candidate {
    name: String,
    kind: Kind,
    /// The release its name says (`None`: it says none).
    date: Option<Date>,
    at: Place,
}

enum Place {
    Input(usize),
    #[cfg(feature = "release-zip")]
    Zip {
        archive: usize,
        member: usize,
    },
}

/// The files a release is read from, read.
pub(crate) struct Picked {
    pub order: (String, Vec<u8>),
    pub effective: Date,
    pub addenda: Option<(String, Vec<u8>)>,
    pub tabular: Option<(String, Vec<u8>)>,
}

fn tokens(base: &str) -> Vec<String> {
    base.to_ascii_lowercase()
        .split(['_', '-', ' ', '.'])
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The release a name says: the last four-digit year (FY YYYY, from 1 October before it),
/// with `jan`/`apr` the update of that month.
pub(crate) fn date_in(tokens: &[&str]) -> Option<Date> {
    let year = tokens
        .iter()
        .filter(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|t| t.parse::<u16>().ok())
        .next_back()
        .filter(|y| (2000..=2199).contains(y))?;
    let month = tokens.iter().find_map(|t| match *t {
        "jan" | "january" => Some(1u8),
        "apr" | "april" => Some(4u8),
        _ => None,
    });
    match month {
        None => Some(FiscalYear(year).first_day()),
        Some(m) => Date::new(year, m, 1).ok(),
    }
}

fn base_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or(name.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// What a file is for `system`, by its name (`None`: not read for a release).
fn classify(system: CodeSystem, name: &str) -> Option<(Kind, Option<Date>)> {
    let base = base_name(name).to_ascii_lowercase();
    let (stem, ext) = base.rsplit_once('.')?;
    let owned = tokens(stem);
    let t: Vec<&str> = owned.iter().map(String::as_str).collect();
    let first = *t.first()?;
    let pcs = system.id() == "icd10pcs";
    let own = if pcs { "icd10pcs" } else { "icd10cm" };
    let date = date_in(&t);
    let has = |w: &str| t.contains(&w);
    match ext {
        "txt" if has("order") && has("addenda") => {
            (first == own || (pcs && first == "order")).then_some((Kind::Addenda, date))
        }
        "txt" if has("order") && first == own => Some((Kind::Order, date)),
        // The tabular list: `icd10cm_tabular_2025.xml` (CMS), `icd10cm-tabular-April-2025.xml`
        // (CDC), `icd10c-tabular-April-1-2026.xml` (as simple-icd-10-cm carries it).
        "xml" if !pcs && has("tabular") && first.starts_with("icd10c") => {
            Some((Kind::Tabular, date))
        }
        _ => None,
    }
}

fn is_zip(name: &str, input: &Input) -> bool {
    match input {
        Input::Bytes(b) => b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06"),
        Input::Path(_) => name.to_ascii_lowercase().ends_with(".zip"),
    }
}

fn read_path(path: &Path) -> Result<Vec<u8>, ReleaseError> {
    std::fs::read(path).map_err(|e| ReleaseError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

#[cfg(feature = "release-zip")]
type Archive<'a> = zip::ZipArchive<std::io::Cursor<Cow<'a, [u8]>>>;

#[cfg(feature = "release-zip")]
fn zip_error(file: &str, e: impl std::fmt::Display) -> ReleaseError {
    ReleaseError::Zip {
        file: file.to_owned(),
        detail: e.to_string(),
    }
}

/// Finds the release's files among the inputs (files, zips) and reads them. `place`: what
/// an error about a missing order file names (the folder, or the first file).
pub(crate) fn pick(
    system: CodeSystem,
    inputs: &[(String, Input)],
    effective: Option<Date>,
    place: &Path,
) -> Result<Picked, ReleaseError> {
    let mut candidates: Vec<Candidate> = Vec::new();
    #[cfg(feature = "release-zip")]
    let mut archives: Vec<(String, Archive)> = Vec::new();
    for (i, (name, input)) in inputs.iter().enumerate() {
        if is_zip(name, input) {
            #[cfg(feature = "release-zip")]
            {
                let bytes: Cow<[u8]> = match input {
                    Input::Bytes(b) => Cow::Borrowed(b),
                    Input::Path(p) => Cow::Owned(read_path(p)?),
                };
                let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
                    .map_err(|e| zip_error(name, e))?;
                for member in 0..archive.len() {
                    let Some(inner) = archive.name_for_index(member) else {
                        continue;
                    };
                    if inner.ends_with('/') || inner.starts_with("__MACOSX") {
                        continue;
                    }
                    if let Some((kind, date)) = classify(system, inner) {
                        candidates.push(Candidate {
                            name: format!("{name}/{inner}"),
                            kind,
                            date,
                            at: Place::Zip {
                                archive: archives.len(),
                                member,
                            },
                        });
                    }
                }
                archives.push((name.clone(), archive));
            }
            #[cfg(not(feature = "release-zip"))]
            return Err(ReleaseError::Unsupported {
                file: name.clone(),
                detail: "a zip; this build reads no zips (the `release-zip` feature): give the files in it",
            });
        } else if let Some((kind, date)) = classify(system, name) {
            candidates.push(Candidate {
                name: name.clone(),
                kind,
                date,
                at: Place::Input(i),
            });
        }
    }

    // The order file: the one of the effective date given, else the newest named one.
    let orders = || candidates.iter().filter(|c| c.kind == Kind::Order);
    let order = match effective {
        Some(d) => orders()
            .filter(|c| c.date.is_none_or(|n| n.fiscal_year() == d.fiscal_year()))
            .max_by_key(|c| (c.date == Some(d), c.date)),
        None => orders().filter(|c| c.date.is_some()).max_by_key(|c| c.date),
    };
    let Some(order) = order else {
        if let Some(unnamed) = orders().next() {
            return Err(ReleaseError::FileName {
                file: unnamed.name.clone(),
                expected: super::expected_name(system),
            });
        }
        return Err(ReleaseError::NoOrderFile {
            path: place.to_path_buf(),
            system: system.name(),
            expected: super::expected_name(system),
        });
    };
    let Some(release) = effective.or(order.date) else {
        return Err(ReleaseError::FileName {
            file: order.name.clone(),
            expected: super::expected_name(system),
        });
    };
    if let (Some(given), Some(named)) = (effective, order.date) {
        if given.fiscal_year() != named.fiscal_year() {
            return Err(ReleaseError::FiscalYear {
                file: order.name.clone(),
                fiscal_year: named.fiscal_year(),
                effective: given,
                detail: format!(
                    "the name says {}, the effective date given is in {}",
                    named.fiscal_year(),
                    given.fiscal_year()
                ),
            });
        }
    }
    // The addenda and tabular list of the same release: the same date in the name, or the
    // only one given when its name says none.
    let same_release = |kind: Kind| {
        let of_kind: Vec<&Candidate> = candidates.iter().filter(|c| c.kind == kind).collect();
        of_kind
            .iter()
            .find(|c| c.date == order.date && c.date.is_some())
            .or_else(|| {
                of_kind
                    .iter()
                    .find(|c| c.date.is_none() && of_kind.len() == 1)
            })
            .map(|c| &**c)
    };
    let addenda = same_release(Kind::Addenda);
    let tabular = same_release(Kind::Tabular);

    let mut read = |c: &Candidate| -> Result<(String, Vec<u8>), ReleaseError> {
        let bytes = match &c.at {
            Place::Input(i) => match &inputs[*i].1 {
                Input::Bytes(b) => b.to_vec(),
                Input::Path(p) => read_path(p)?,
            },
            #[cfg(feature = "release-zip")]
            Place::Zip { archive, member } => {
                use std::io::Read;
                let (zip_name, archive) = &mut archives[*archive];
                let mut file = archive
                    .by_index(*member)
                    .map_err(|e| zip_error(&c.name, e))?;
                if file.size() > MAX_MEMBER {
                    return Err(zip_error(
                        &c.name,
                        format!(
                            "{} bytes uncompressed, more than any CMS release file ({MAX_MEMBER})",
                            file.size()
                        ),
                    ));
                }
                let mut out = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
                (&mut file)
                    .take(MAX_MEMBER + 1)
                    .read_to_end(&mut out)
                    .map_err(|e| zip_error(&c.name, format!("{e} (in {zip_name})")))?;
                out
            }
        };
        Ok((c.name.clone(), bytes))
    };
    Ok(Picked {
        order: read(order)?,
        effective: release,
        addenda: addenda.map(&mut read).transpose()?,
        tabular: tabular.map(&mut read).transpose()?,
    })
}
