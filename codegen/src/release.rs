//! CMS releases recorded in the manifest (`releases`, written by `ingest`) as sources of the
//! generated tables: from its effective date an order file decides validity (its codes
//! billable or headers, the codes it lacks deleted) and gives a title source (long and
//! short titles). Read with the core's parser ([`medcodes::CodeSet::with_release_files`]),
//! so the generator and the run-time overlay read a release the same way. An ICD-10-CM
//! release recorded with its tabular list (the XML, alone or in the tables-and-index zip)
//! gives that list too, parsed like the pinned ones ([`sources::parse_tabular`]): the
//! newest tabular list is the one the notes, 7th characters, chapters and blocks are
//! built from.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Read as _;

use medcodes::release::ReleaseError;

use crate::ingest::ReleaseInput;
use crate::inputs::{sha256_hex, InputError, Inputs};
use crate::sources::{self, Tabular};
use crate::spans::{self, Billable};
use crate::table::SpanOut;

/// A title source's titles: code → (long, short).
pub type Titles = BTreeMap<String, (String, Option<String>)>;

/// A title source as the generated `TITLE_SOURCES` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleSourceOut {
    pub name: String,
    /// YYYYMMDD.
    pub effective: u32,
    /// Where it was read from.
    pub origin: String,
}

/// One line of a release's order file, as the generator uses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseLine {
    /// Undotted, e.g. `E119`.
    pub code: String,
    pub billable: bool,
    pub short: String,
    pub long: String,
}

/// A recorded release, read and checked.
#[derive(Clone, Debug)]
pub struct LoadedRelease {
    /// `icd10cm` or `icd10pcs`.
    pub system: String,
    /// Its title source: e.g. `FY2028 order file (icd10cm_order_2028.txt)`.
    pub source: TitleSourceOut,
    /// The last day of its fiscal year (YYYYMMDD): the release is in force until then.
    pub last_day: u32,
    /// In code order.
    pub lines: Vec<ReleaseLine>,
    /// The tabular list recorded with it (ICD-10-CM): its name as the core names it (inside
    /// its zip: `zip/member`) and its content.
    pub tabular: Option<(String, Tabular)>,
}

fn ymd(d: medcodes::Date) -> u32 {
    d.year() as u32 * 10000 + d.month() as u32 * 100 + d.day() as u32
}

/// Reads the recorded releases of one system (`icd10cm` or `icd10pcs`), oldest first:
/// every file checked against its sha256, the order file parsed and checked by the core.
pub fn read(
    inputs: &Inputs,
    system: &str,
) -> Result<Vec<LoadedRelease>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for r in inputs
        .manifest
        .releases
        .iter()
        .filter(|r| r.system == system)
    {
        out.push(load(inputs, r)?);
    }
    out.sort_by_key(|r| r.source.effective);
    Ok(out)
}

fn load(inputs: &Inputs, r: &ReleaseInput) -> Result<LoadedRelease, Box<dyn std::error::Error>> {
    let dir = inputs.dir.join("cms");
    let mut files = Vec::new();
    for f in &r.files {
        let path = dir.join(&f.name);
        if !path.exists() {
            return Err(Box::new(InputError::Missing { path }));
        }
        let bytes = std::fs::read(&path).map_err(|source| InputError::Io {
            path: path.clone(),
            source,
        })?;
        let actual = sha256_hex(&bytes);
        if actual != f.sha256 {
            return Err(Box::new(InputError::Checksum {
                what: f.name.clone(),
                expected: f.sha256.clone(),
                actual,
            }));
        }
        files.push((f.name.clone(), bytes));
    }
    let given: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let effective: medcodes::Date = r
        .effective
        .parse()
        .map_err(|e| InputError::Manifest(format!("release {}: effective {e}", r.order_file)))?;
    let failed = |e: ReleaseError| format!("release {} ({}): {e}", r.fiscal_year, r.order_file);
    let (info, lines) = match r.system.as_str() {
        "icd10cm" => {
            let w = medcodes::Icd10Cm::new()
                .with_release_files(&given, Some(effective))
                .map_err(failed)?;
            (w.release().clone(), lines_of(w.entries()))
        }
        "icd10pcs" => {
            let w = medcodes::Icd10Pcs::new()
                .with_release_files(&given, Some(effective))
                .map_err(failed)?;
            (w.release().clone(), lines_of(w.entries()))
        }
        other => {
            return Err(Box::new(InputError::Manifest(format!(
                "release {}: unknown system {other:?}",
                r.order_file
            ))))
        }
    };
    // The tabular list the core picked and checked against the order file, read again by
    // the generator's parser (the one the pinned tabular lists are read with).
    let tabular = match &info.tabular {
        Some(name) => {
            let bytes = member(&files, name)?;
            let text = String::from_utf8(bytes)
                .map_err(|e| InputError::Manifest(format!("{name}: not UTF-8: {e}")))?;
            let t = sources::parse_tabular(&text).map_err(|e| format!("{name}: {e}"))?;
            Some((name.clone(), t))
        }
        None => None,
    };
    let name = match &tabular {
        Some((t, _)) => format!("{} with its tabular list ({})", info.name(), base_name(t)),
        None => info.name(),
    };
    let urls: Vec<&str> = r.files.iter().map(|f| f.url.as_str()).collect();
    Ok(LoadedRelease {
        system: r.system.clone(),
        source: TitleSourceOut {
            name,
            effective: ymd(info.effective),
            origin: format!("CMS release: {}", urls.join(", ")),
        },
        last_day: ymd(info.fiscal_year.last_day()),
        lines,
        tabular,
    })
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The bytes of a file the core named: a file given (`name`), or a member of a zip given
/// (`zip/member`, as the core names it).
fn member(files: &[(String, Vec<u8>)], name: &str) -> Result<Vec<u8>, String> {
    if let Some((_, bytes)) = files.iter().find(|(n, _)| n == name) {
        return Ok(bytes.clone());
    }
    for (zip_name, bytes) in files {
        let Some(inner) = name
            .strip_prefix(zip_name.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
        else {
            continue;
        };
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice()))
            .map_err(|e| format!("{zip_name}: {e}"))?;
        let mut file = archive.by_name(inner).map_err(|e| format!("{name}: {e}"))?;
        let mut out = Vec::new();
        file.read_to_end(&mut out)
            .map_err(|e| format!("{name}: {e}"))?;
        return Ok(out);
    }
    Err(format!("{name}: not among the release's files"))
}

fn lines_of(entries: &[medcodes::release::OrderEntry]) -> Vec<ReleaseLine> {
    entries
        .iter()
        .map(|e| ReleaseLine {
            code: e.code.to_string(),
            billable: e.billable,
            short: e.short_title.clone(),
            long: e.long_title.clone(),
        })
        .collect()
}

impl LoadedRelease {
    /// Its titles, as a title source of the table builders: code → (long, short).
    pub fn titles(&self, billable_only: bool) -> Titles {
        self.lines
            .iter()
            .filter(|l| l.billable || !billable_only)
            .map(|l| (l.code.clone(), (l.long.clone(), Some(l.short.clone()))))
            .collect()
    }
}

/// Applies a release to the billable spans: spans end the day before it takes effect, and
/// from then each code it flags billable is valid to the end of its fiscal year. A code
/// already valid keeps the MCE edit flags of its last span (the MCE tables of the new year
/// are not in the release); a new code has none. Dates between the end of the data before
/// and the effective date stay covered by no source (recorded in `gaps`, so they are not
/// listed as a release).
pub fn apply(billable: &mut Billable, release: &LoadedRelease) {
    let effective = release.source.effective;
    let before = spans::prev_day(effective);
    let mut last_flags: BTreeMap<String, u64> = BTreeMap::new();
    for (code, list) in billable.spans.iter_mut() {
        if let Some(s) = list
            .iter()
            .filter(|s| s.start < effective)
            .max_by_key(|s| s.start)
        {
            last_flags.insert(code.clone(), s.flags);
        }
        list.retain(|s| s.start < effective);
        for s in list.iter_mut() {
            s.end = s.end.min(before);
        }
    }
    billable.spans.retain(|_, list| !list.is_empty());
    if billable.last_date < before {
        billable
            .gaps
            .push((spans::next_day(billable.last_date), before));
    }
    for l in release.lines.iter().filter(|l| l.billable) {
        billable
            .spans
            .entry(l.code.clone())
            .or_default()
            .push(SpanOut {
                start: effective,
                end: release.last_day,
                flags: last_flags.get(&l.code).copied().unwrap_or(0),
                header: false,
            });
    }
    billable.last_date = billable.last_date.max(release.last_day);
}

/// Applies recorded releases in turn ([`apply`]), each the newest title source from its
/// effective date (`billable_only`: only its billable codes' titles), and gives the
/// report of what each changes ([`changes`]).
pub fn apply_all(
    billable: &mut Billable,
    releases: &[LoadedRelease],
    title_sources: &mut Vec<TitleSourceOut>,
    titles: &mut Vec<Titles>,
    billable_only: bool,
) -> String {
    let mut report = String::new();
    for r in releases {
        let by_source: Vec<(u32, &Titles)> = title_sources
            .iter()
            .map(|s| s.effective)
            .zip(titles.iter())
            .collect();
        let title_on = |code: &str, date: u32| title_in_force(&by_source, code, date);
        report.push_str(&changes(billable, r, &title_on));
        apply(billable, r);
        titles.push(r.titles(billable_only));
        title_sources.push(r.source.clone());
    }
    report
}

/// What a release changes against the data before it, on the day before it takes effect
/// (or the last day of the data, when that is earlier): the generator's report on it.
/// `title_on(code, date)` gives a code's long title in force on a date from the sources
/// before the release.
pub fn changes(
    billable: &Billable,
    release: &LoadedRelease,
    title_on: &dyn Fn(&str, u32) -> Option<String>,
) -> String {
    let on = spans::prev_day(release.source.effective).min(billable.last_date);
    let valid: BTreeSet<&str> = billable
        .spans
        .iter()
        .filter(|(_, l)| l.iter().any(|s| s.start <= on && on <= s.end))
        .map(|(c, _)| c.as_str())
        .collect();
    let present: BTreeSet<&str> = valid
        .iter()
        .flat_map(|c| (3..=c.len()).map(move |k| &c[..k]))
        .collect();
    let in_release: BTreeMap<&str, &ReleaseLine> =
        release.lines.iter().map(|l| (l.code.as_str(), l)).collect();
    let (mut added, mut now_billable, mut now_headers, mut retitled, mut newly_titled) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for l in &release.lines {
        if !present.contains(l.code.as_str()) {
            added.push(l.code.clone());
            continue;
        }
        match (valid.contains(l.code.as_str()), l.billable) {
            (false, true) => now_billable.push(l.code.clone()),
            (true, false) => now_headers.push(l.code.clone()),
            _ => {}
        }
        match title_on(&l.code, on) {
            Some(t) if t != l.long => retitled.push(l.code.clone()),
            Some(_) => {}
            None => newly_titled.push(l.code.clone()),
        }
    }
    let deleted: Vec<String> = valid
        .iter()
        .filter(|c| !in_release.contains_key(*c))
        .map(|c| (*c).to_owned())
        .collect();
    let mut out = format!(
        "- release {} (effective {}, {}): {} codes ({} billable); against the data of {on}:\n",
        release.source.name,
        release.source.effective,
        release.source.origin,
        release.lines.len(),
        release.lines.iter().filter(|l| l.billable).count()
    );
    for (what, codes) in [
        ("added", &added),
        ("deleted (valid before, not in the release)", &deleted),
        ("now billable", &now_billable),
        ("now headers", &now_headers),
        ("retitled", &retitled),
        ("newly titled", &newly_titled),
    ] {
        const SHOWN: usize = 40;
        let _ = write!(out, "  - {what}: {}", codes.len());
        if !codes.is_empty() {
            let shown: Vec<&str> = codes.iter().take(SHOWN).map(String::as_str).collect();
            let more = codes.len().saturating_sub(SHOWN);
            let _ = write!(out, " ({}", shown.join(", "));
            if more > 0 {
                let _ = write!(out, ", ... {more} more");
            }
            out.push(')');
        }
        out.push('\n');
    }
    if let Some((name, t)) = &release.tabular {
        let _ = writeln!(
            out,
            "  - tabular list `{name}`: {} chapters, {} blocks, {} codes (the newest tabular list gives the notes, 7th characters, chapters and blocks)",
            t.chapters.len(),
            t.blocks.len(),
            t.diags.len()
        );
    }
    if billable.last_date < spans::prev_day(release.source.effective) {
        let _ = writeln!(
            out,
            "  - no source covers {} to the day before the release: no code is valid on those dates",
            spans::next_day(billable.last_date)
        );
    }
    out
}

/// The long title in force on a date among title sources (oldest first), as the core picks
/// it: the newest source in force that has the code, else an older one, else a later one.
pub fn title_in_force(sources: &[(u32, &Titles)], code: &str, date: u32) -> Option<String> {
    let in_force = sources.iter().rposition(|(e, _)| *e <= date);
    let earlier = in_force.map(|k| (0..=k).rev()).into_iter().flatten();
    let later = in_force.map_or(0, |k| k + 1)..sources.len();
    earlier
        .chain(later)
        .find_map(|s| sources[s].1.get(code).map(|t| t.0.clone()))
}
