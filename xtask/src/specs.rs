//! The corpus of real-world specs (`../shared/specs` by default): which
//! specs a directory holds, and the names their crates get.

use std::path::{Path, PathBuf};

use crate::flags::{Flag, Matches};
use crate::paths::shared_specs;

/// One spec of the corpus.
pub struct Spec {
    /// Row name (and crate directory).
    pub name: String,
    /// Path of the entry file.
    pub path: PathBuf,
}

/// The specs of `dir`: the entries of its `MANIFEST.tsv` (columns `name`
/// and `entry`), or, without a manifest, every `.yaml`, `.yml` or `.json`
/// file directly in it or one directory down.
pub fn discover(dir: &Path) -> Result<Vec<Spec>, String> {
    let manifest = dir.join("MANIFEST.tsv");
    if let Ok(text) = std::fs::read_to_string(&manifest) {
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let (Some(name_col), Some(entry_col)) = (col("name"), col("entry")) else {
            return Err(format!(
                "{} needs `name` and `entry` columns",
                manifest.display()
            ));
        };
        let mut specs = Vec::new();
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let cells: Vec<&str> = line.split('\t').collect();
            let (Some(name), Some(entry)) = (cells.get(name_col), cells.get(entry_col)) else {
                return Err(format!("malformed manifest line: {line}"));
            };
            specs.push(Spec {
                name: (*name).to_owned(),
                path: dir.join(entry),
            });
        }
        return Ok(specs);
    }
    let mut specs = Vec::new();
    let is_spec = |p: &Path| {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        )
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(&path)
                .map(|r| {
                    r.flatten()
                        .map(|e| e.path())
                        .filter(|p| is_spec(p))
                        .collect()
                })
                .unwrap_or_default();
            inner.sort();
            // A directory of a multi-file spec names its root `openapi.*`.
            let pick = inner
                .iter()
                .find(|p| p.file_stem().is_some_and(|s| s == "openapi"))
                .or(inner.first())
                .cloned();
            if let Some(p) = pick {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                specs.push(Spec { name, path: p });
            }
        } else if is_spec(&path) {
            let name = path
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            specs.push(Spec { name, path });
        }
    }
    Ok(specs)
}

/// A spec's name in lower case, with `-` for anything but ASCII letters
/// and digits: safe in a directory or package name.
pub fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A directory and package name safe for any spec name.
pub fn crate_dir(name: &str) -> String {
    let mut s = slug(name);
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "spec-");
    }
    format!("corpus-{s}")
}

/// `--dir DIR`, the corpus a command reads.
pub const DIR_FLAG: Flag = Flag::value("dir", "DIR", "the specs (default ../shared/specs)");

/// The value of [`DIR_FLAG`].
pub fn dir(m: &Matches) -> PathBuf {
    m.path_or("dir", shared_specs())
}
