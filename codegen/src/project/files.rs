//! A generated crate against the directory it belongs in: what differs,
//! is missing or is orphaned (the drift gate), and writing it there.

use std::collections::BTreeMap;
use std::path::Path;

/// Kept beside the generated files by `codegen`, not generated: never
/// stale, never orphaned.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// What a check or a write found, by file.
#[derive(Debug, Default)]
pub struct Report {
    /// Files whose contents differ (check) or were rewritten (write).
    pub changed: Vec<String>,
    /// Generated files not on disk (check).
    pub missing: Vec<String>,
    /// Files on disk the generator does not produce (check), or removed
    /// (write).
    pub orphaned: Vec<String>,
    /// Unified diffs of the changed files (check).
    pub diffs: String,
    /// Files that could not be read or written.
    pub io_errors: Vec<String>,
}

impl Report {
    /// Adds `other`, its files under `prefix`.
    pub fn merge(&mut self, other: Report, prefix: &str) {
        let p = |v: Vec<String>| {
            v.into_iter()
                .map(|f| format!("{prefix}/{f}"))
                .collect::<Vec<_>>()
        };
        self.changed.extend(p(other.changed));
        self.missing.extend(p(other.missing));
        self.orphaned.extend(p(other.orphaned));
        self.diffs.push_str(&other.diffs);
        self.io_errors.extend(other.io_errors);
    }

    /// Nothing differs and nothing failed.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty()
            && self.missing.is_empty()
            && self.orphaned.is_empty()
            && self.io_errors.is_empty()
    }
}

/// Every file under `dir`, relative, skipping build output.
fn existing_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name();
            if path.is_dir() {
                if name != "target" {
                    stack.push(path);
                }
            } else if name != "Cargo.lock"
                && name != CHANGELOG
                && let Ok(rel) = path.strip_prefix(dir)
            {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// Compares generated `files` with the crate in `out`; diffs name each file
/// as `shown` (the crate directory, e.g. `generated-sdk/`) + its path. A
/// checkout with CRLF line endings compares equal: only content counts.
pub fn compare(out: &Path, files: &BTreeMap<String, String>, shown: &str) -> Report {
    let mut r = Report::default();
    for (rel, want) in files {
        match std::fs::read_to_string(out.join(rel)).map(|t| t.replace("\r\n", "\n")) {
            Ok(have) if &have == want => {}
            Ok(have) => {
                r.changed.push(rel.clone());
                let diff = similar::TextDiff::from_lines(&have, want);
                r.diffs.push_str(
                    &diff
                        .unified_diff()
                        .context_radius(3)
                        .header(
                            &format!("a/{shown}{rel} (on disk)"),
                            &format!("b/{shown}{rel} (generated)"),
                        )
                        .to_string(),
                );
            }
            Err(_) => r.missing.push(rel.clone()),
        }
    }
    for rel in existing_files(out) {
        if !files.contains_key(&rel) {
            r.orphaned.push(rel);
        }
    }
    r
}

/// Writes `files` into `out`, leaving files with the same contents alone
/// and removing the ones the generator no longer produces.
pub fn write(out: &Path, files: &BTreeMap<String, String>) -> Report {
    write_some(out, files, true)
}

/// [`write`], removing the files not in `files` only when `prune` (when
/// `files` is the whole of what belongs in `out`).
pub fn write_some(out: &Path, files: &BTreeMap<String, String>, prune: bool) -> Report {
    let mut r = Report::default();
    for (rel, text) in files {
        let path = out.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            r.io_errors.push(format!("{}: {e}", parent.display()));
            continue;
        }
        match std::fs::write(&path, text) {
            Ok(()) => r.changed.push(rel.clone()),
            Err(e) => r.io_errors.push(format!("{}: {e}", path.display())),
        }
    }
    for rel in existing_files(out).into_iter().filter(|_| prune) {
        if !files.contains_key(&rel) {
            match std::fs::remove_file(out.join(&rel)) {
                Ok(()) => r.orphaned.push(rel),
                Err(e) => r.io_errors.push(format!("{rel}: {e}")),
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_changed_missing_and_orphaned_files() {
        let dir = std::env::temp_dir().join(format!("codegen-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("mkdir");
        std::fs::write(dir.join("src/a.rs"), "old\n").expect("write");
        std::fs::write(dir.join("src/orphan.rs"), "x\n").expect("write");
        let mut files = BTreeMap::new();
        files.insert("src/a.rs".to_owned(), "new\n".to_owned());
        files.insert("src/b.rs".to_owned(), "b\n".to_owned());
        let r = compare(&dir, &files, "my-crate/");
        assert_eq!(r.changed, vec!["src/a.rs"]);
        assert_eq!(r.missing, vec!["src/b.rs"]);
        assert_eq!(r.orphaned, vec!["src/orphan.rs"]);
        assert!(r.diffs.contains("-old\n+new\n"), "{}", r.diffs);
        assert!(
            r.diffs.contains("a/my-crate/src/a.rs (on disk)"),
            "{}",
            r.diffs
        );
        // Writing fixes all three.
        let w = write(&dir, &files);
        assert!(w.io_errors.is_empty());
        assert!(compare(&dir, &files, "").is_clean());
        // A CRLF checkout of the same content is not stale.
        std::fs::write(dir.join("src/a.rs"), "new\r\n").expect("write");
        assert!(compare(&dir, &files, "").is_clean());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
