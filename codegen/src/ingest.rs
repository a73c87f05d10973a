//! `medcodes-codegen ingest PATH... --url URL`: takes a CMS release as published (the
//! code-descriptions zip, the tables-and-index zip, or an order file) into the pinned
//! inputs.
//!
//! The release is read whole with the core's reader ([`medcodes::CodeSet::with_release_files`]:
//! the order file, its addenda and the tabular list checked against each other), each file
//! is copied into the input folder under `cms/` and recorded in the manifest's `releases`
//! with its sha256, size and the URL CMS published it at, and a report says what the
//! release changes against the built-in tables (added, deleted, retitled, newly titled
//! codes, flags). Nothing is written unless the release loads.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use medcodes::release::{ReleaseDifferences, ReleaseError};
use serde::{Deserialize, Serialize};

use crate::inputs::{sha256_hex, InputError, Manifest};

/// A CMS release recorded in the manifest (`releases`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReleaseInput {
    /// `icd10cm` or `icd10pcs`.
    pub system: String,
    /// E.g. `FY2027`.
    pub fiscal_year: String,
    /// The first date of service it applies to (ISO).
    pub effective: String,
    /// The order file read (its name, inside its zip when it came in one).
    pub order_file: String,
    /// The files as published.
    pub files: Vec<ReleaseFile>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReleaseFile {
    /// The file's name, as kept under the input folder's `cms/`.
    pub name: String,
    /// Where CMS published it.
    pub url: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug)]
pub enum IngestError {
    Usage(String),
    Input(InputError),
    Release(ReleaseError),
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IngestError::Usage(m) => f.write_str(m),
            IngestError::Input(e) => write!(f, "{e}"),
            IngestError::Release(e) => write!(f, "the release does not load: {e}"),
        }
    }
}

impl std::error::Error for IngestError {}

impl From<InputError> for IngestError {
    fn from(e: InputError) -> Self {
        IngestError::Input(e)
    }
}

/// What `ingest` is given.
pub struct IngestArgs {
    /// The release's files (zips, an order file, a tabular XML).
    pub paths: Vec<PathBuf>,
    /// The URL each was published at, in the order of `paths` (one URL: a folder URL the
    /// file names are appended to when it ends with `/`, else the one file's URL).
    pub urls: Vec<String>,
    /// The manifest to record the release in.
    pub manifest: PathBuf,
    /// The input folder (the files are copied to its `cms/`).
    pub inputs: PathBuf,
}

/// What `ingest` did: the manifest entry and the report.
pub struct Ingested {
    pub entry: ReleaseInput,
    pub report: String,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> InputError + '_ {
    move |source| InputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn base_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| path.to_string_lossy(), |n| n.to_string_lossy())
        .into_owned()
}

/// Reads, checks and records a release; see the module docs.
pub fn ingest(args: &IngestArgs) -> Result<Ingested, IngestError> {
    if args.paths.is_empty() {
        return Err(IngestError::Usage("ingest: no release file given".into()));
    }
    let urls: Vec<String> = match args.urls.as_slice() {
        [] => {
            return Err(IngestError::Usage(
                "ingest: --url URL is required (where CMS published the file, e.g. https://www.cms.gov/files/zip/2027-code-descriptions-tabular-order.zip)".into(),
            ))
        }
        [one] if one.ends_with('/') => args
            .paths
            .iter()
            .map(|p| format!("{one}{}", base_name(p)))
            .collect(),
        many if many.len() == args.paths.len() => many.to_vec(),
        _ => {
            return Err(IngestError::Usage(format!(
                "ingest: {} files and {} URLs; give one --url per file (or one folder URL ending in /)",
                args.paths.len(),
                args.urls.len()
            )))
        }
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for p in &args.paths {
        let bytes = std::fs::read(p).map_err(io(p))?;
        files.push((base_name(p), bytes));
    }
    let given: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();

    // ICD-10-CM first; a release with no ICD-10-CM order file is tried as ICD-10-PCS.
    let (system, differences) = match medcodes::Icd10Cm::new().with_release_files(&given, None) {
        Ok(w) => ("icd10cm", w.differences()),
        Err(ReleaseError::NoOrderFile { .. } | ReleaseError::WrongSystem { .. }) => {
            let w = medcodes::Icd10Pcs::new()
                .with_release_files(&given, None)
                .map_err(IngestError::Release)?;
            ("icd10pcs", w.differences())
        }
        Err(e) => return Err(IngestError::Release(e)),
    };
    let info = &differences.release;
    let entry = ReleaseInput {
        system: system.to_owned(),
        fiscal_year: info.fiscal_year.to_string(),
        effective: info.effective.to_string(),
        order_file: info.file.clone(),
        files: files
            .iter()
            .zip(&urls)
            .map(|((name, bytes), url)| ReleaseFile {
                name: name.clone(),
                url: url.clone(),
                sha256: sha256_hex(bytes),
                bytes: bytes.len() as u64,
            })
            .collect(),
    };

    // Loaded: copy the files, then record them.
    let dir = args.inputs.join("cms");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    for (name, bytes) in &files {
        let to = dir.join(name);
        std::fs::write(&to, bytes).map_err(io(&to))?;
    }
    let mut manifest = Manifest::load(&args.manifest)?;
    manifest
        .releases
        .retain(|r| !(r.system == entry.system && r.effective == entry.effective));
    manifest.releases.push(entry.clone());
    manifest
        .releases
        .sort_by(|a, b| (&a.system, &a.effective).cmp(&(&b.system, &b.effective)));
    let text = serde_json::to_string_pretty(&manifest)
        .map_err(|e| InputError::Manifest(e.to_string()))?
        + "\n";
    std::fs::write(&args.manifest, text).map_err(io(&args.manifest))?;
    Ok(Ingested {
        report: report(&entry, &differences),
        entry,
    })
}

fn list(out: &mut String, what: &str, codes: &[String]) {
    const SHOWN: usize = 40;
    let _ = write!(out, "- {what}: {}", codes.len());
    if !codes.is_empty() {
        let shown: Vec<&str> = codes.iter().take(SHOWN).map(String::as_str).collect();
        let _ = write!(out, " ({}", shown.join(", "));
        if codes.len() > SHOWN {
            let _ = write!(out, ", ... {} more", codes.len() - SHOWN);
        }
        out.push(')');
    }
    out.push('\n');
}

/// The generator's report on an ingested release: what it is and what it changes.
pub fn report(entry: &ReleaseInput, d: &ReleaseDifferences) -> String {
    let info = &d.release;
    let mut out = format!(
        "# Ingested: {} {} release\n\n{}\n\n",
        entry.system, entry.fiscal_year, info
    );
    for f in &entry.files {
        let _ = writeln!(
            out,
            "- `{}`: {} bytes, sha256 {}, from {}",
            f.name, f.bytes, f.sha256, f.url
        );
    }
    if let Some(a) = info.addenda {
        let _ = writeln!(
            out,
            "- addenda agree with the order file: {} added, {} deleted, {} revised",
            a.added, a.deleted, a.revised
        );
    }
    if let Some(t) = &info.tabular {
        let _ = writeln!(out, "- tabular list read and checked: `{t}`");
    }
    let _ = writeln!(
        out,
        "\n## Against the built-in tables on {}\n",
        d.compared_on
    );
    list(&mut out, "added", &d.added);
    list(&mut out, "deleted", &d.deleted);
    list(&mut out, "now billable", &d.now_billable);
    list(&mut out, "now headers", &d.now_headers);
    let retitled: Vec<String> = d.retitled.iter().map(|r| r.code.clone()).collect();
    list(&mut out, "retitled", &retitled);
    list(&mut out, "newly titled", &d.newly_titled);
    out
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use medcodes::release::format_line;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("medcodes-ingest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A (tiny) FY2028 code-descriptions zip: E11 with E11.9 and a new E11.W.
    fn release_zip(new_flag: bool) -> Vec<u8> {
        let order = [
            format_line(
                1,
                "E11",
                false,
                "Type 2 diabetes",
                "Type 2 diabetes mellitus",
            ),
            format_line(
                2,
                "E119",
                true,
                "Type 2 diabetes w/o",
                "Type 2 diabetes mellitus without complications",
            ),
            format_line(
                3,
                "E11W",
                new_flag,
                "Type 2 diabetes, new",
                "Type 2 diabetes mellitus, new code",
            ),
        ]
        .join("\n");
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default();
            w.start_file("Code Descriptions/icd10cm_order_2028.txt", options)
                .unwrap();
            w.write_all(order.as_bytes()).unwrap();
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn the_committed_manifest_round_trips_unchanged() {
        let path = crate::inputs::manifest_path();
        let text = std::fs::read_to_string(&path).unwrap();
        let manifest = Manifest::load(&path).unwrap();
        assert_eq!(
            serde_json::to_string_pretty(&manifest).unwrap() + "\n",
            text
        );
    }

    #[test]
    fn a_release_zip_is_recorded_with_its_sha256_and_url_and_reported() {
        let dir = temp("ok");
        let manifest = dir.join("inputs.json");
        std::fs::copy(crate::inputs::manifest_path(), &manifest).unwrap();
        let before = Manifest::load(&manifest).unwrap();
        let zip_path = dir.join("2028-code-descriptions-tabular-order.zip");
        let bytes = release_zip(true);
        std::fs::write(&zip_path, &bytes).unwrap();
        let args = IngestArgs {
            paths: vec![zip_path],
            urls: vec!["https://www.cms.gov/files/zip/".into()],
            manifest: manifest.clone(),
            inputs: dir.join("inputs"),
        };
        let done = ingest(&args).unwrap();
        assert_eq!(done.entry.system, "icd10cm");
        assert_eq!(done.entry.fiscal_year, "FY2028");
        assert_eq!(done.entry.effective, "2027-10-01");
        let after = Manifest::load(&manifest).unwrap();
        assert_eq!(after.packages, before.packages);
        assert_eq!(after.staged, before.staged);
        assert_eq!(after.releases, std::slice::from_ref(&done.entry));
        let file = &after.releases[0].files[0];
        assert_eq!(file.sha256, sha256_hex(&bytes));
        assert_eq!(
            file.url,
            "https://www.cms.gov/files/zip/2028-code-descriptions-tabular-order.zip"
        );
        assert_eq!(
            std::fs::read(dir.join("inputs/cms/2028-code-descriptions-tabular-order.zip")).unwrap(),
            bytes
        );
        assert!(
            done.report.contains("- added: 1 (E11.W)"),
            "{}",
            done.report
        );
        // Ingested again: one entry, not two.
        ingest(&args).unwrap();
        assert_eq!(Manifest::load(&manifest).unwrap().releases.len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A (tiny) FY2028 tables-and-index zip: the tabular list of [`release_zip`]'s codes,
    /// with a note on the new code.
    fn tables_zip() -> Vec<u8> {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular><version>2028</version>
<chapter><name>4</name><desc>Endocrine, nutritional and metabolic diseases (E00-E89)</desc>
<section id="E08-E13"><desc>Diabetes mellitus (E08-E13)</desc>
<diag><name>E11</name><desc>Type 2 diabetes mellitus</desc>
<diag><name>E11.9</name><desc>Type 2 diabetes mellitus without complications</desc></diag>
<diag><name>E11.W</name><desc>Type 2 diabetes mellitus, new code</desc>
<codeFirst><note>the new manifestation</note></codeFirst></diag>
</diag></section></chapter></ICD10CM.tabular>
"#;
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default();
            w.start_file("Table and Index/icd10cm_tabular_2028.xml", options)
                .unwrap();
            w.write_all(xml.as_bytes()).unwrap();
            w.finish().unwrap();
        }
        out.into_inner()
    }

    /// The tabular list in the tables-and-index zip, next to the code-descriptions zip: read
    /// back by the generator from the recorded zip, with the generator's parser.
    #[test]
    fn a_tabular_list_in_its_zip_is_recorded_and_read_back() {
        let dir = temp("tabular");
        let manifest = dir.join("inputs.json");
        std::fs::copy(crate::inputs::manifest_path(), &manifest).unwrap();
        let mut paths = Vec::new();
        for (name, bytes) in [
            (
                "2028-code-descriptions-tabular-order.zip",
                release_zip(true),
            ),
            ("2028-table-and-index.zip", tables_zip()),
        ] {
            std::fs::write(dir.join(name), bytes).unwrap();
            paths.push(dir.join(name));
        }
        let done = ingest(&IngestArgs {
            paths,
            urls: vec!["https://www.cms.gov/files/zip/".into()],
            manifest: manifest.clone(),
            inputs: dir.join("inputs"),
        })
        .unwrap();
        let name = "2028-table-and-index.zip/Table and Index/icd10cm_tabular_2028.xml";
        assert!(
            done.report
                .contains(&format!("- tabular list read and checked: `{name}`")),
            "{}",
            done.report
        );
        let inputs = crate::inputs::Inputs::open_with(&dir.join("inputs"), &manifest).unwrap();
        let releases = crate::release::read(&inputs, "icd10cm").unwrap();
        assert_eq!(releases.len(), 1);
        let r = &releases[0];
        assert_eq!(
            r.source.name,
            "FY2028 order file (icd10cm_order_2028.txt) with its tabular list (icd10cm_tabular_2028.xml)"
        );
        let (read_name, t) = r.tabular.as_ref().unwrap();
        assert_eq!(read_name, name);
        let codes: Vec<&str> = t.diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["E11", "E119", "E11W"]);
        assert_eq!(t.blocks[0].title, "Diabetes mellitus");
        let w = &t.diags[2];
        assert_eq!(w.notes.len(), 1);
        assert_eq!(w.notes[0].items, ["the new manifestation"]);
        assert!(crate::release::read(&inputs, "icd10pcs")
            .unwrap()
            .is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_release_that_does_not_load_changes_nothing() {
        let dir = temp("bad");
        let manifest = dir.join("inputs.json");
        std::fs::copy(crate::inputs::manifest_path(), &manifest).unwrap();
        let text = std::fs::read_to_string(&manifest).unwrap();
        // E11.W flagged a header with nothing below it.
        let zip_path = dir.join("2028-code-descriptions-tabular-order.zip");
        std::fs::write(&zip_path, release_zip(false)).unwrap();
        let args = IngestArgs {
            paths: vec![zip_path.clone()],
            urls: vec!["https://www.cms.gov/files/zip/x.zip".into()],
            manifest: manifest.clone(),
            inputs: dir.join("inputs"),
        };
        match ingest(&args) {
            Err(IngestError::Release(ReleaseError::Hierarchy { code, .. })) => {
                assert_eq!(code, "E11W")
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("ingested"),
        }
        assert_eq!(std::fs::read_to_string(&manifest).unwrap(), text);
        assert!(!dir.join("inputs").exists());
        // No URL: refused before anything is read.
        let no_url = IngestArgs {
            urls: Vec::new(),
            ..args
        };
        assert!(matches!(ingest(&no_url), Err(IngestError::Usage(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
