//! `cargo xtask codegen`: writes (or, with `--check`, compares) the crates
//! generated from specs. Check mode runs the same generation and never
//! writes; it reports files that differ, are missing or are orphaned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{CrateLayout, Settings};

/// A checked-in crate generated from a spec in this repository.
pub struct Target {
    /// Spec path, relative to the workspace root.
    pub spec: &'static str,
    /// Output directory, relative to the workspace root.
    pub out: &'static str,
    /// Package name.
    pub crate_name: &'static str,
}

/// Everything `cargo xtask codegen` keeps up to date: the SDK, and the
/// crates the tests generate from fixture specs of their own.
pub const TARGETS: &[Target] = &[
    Target {
        spec: "openapi/oneinbox.yaml",
        out: "generated-sdk",
        crate_name: "oneinbox",
    },
    Target {
        spec: "tests/fastapi/openapi.json",
        out: "tests/fixtures/generated/fastapi-twin",
        crate_name: "fixture-fastapi-twin",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-30.yaml",
        out: "tests/fixtures/generated/nullable-30",
        crate_name: "fixture-nullable-30",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-31-type-array.yaml",
        out: "tests/fixtures/generated/nullable-31-type-array",
        crate_name: "fixture-nullable-31-type-array",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-31-anyof.yaml",
        out: "tests/fixtures/generated/nullable-31-anyof",
        crate_name: "fixture-nullable-31-anyof",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-31-oneof.yaml",
        out: "tests/fixtures/generated/nullable-31-oneof",
        crate_name: "fixture-nullable-31-oneof",
    },
    Target {
        spec: "tests/fixtures/specs/nullable-enum-null.yaml",
        out: "tests/fixtures/generated/nullable-enum-null",
        crate_name: "fixture-nullable-enum-null",
    },
    Target {
        spec: "tests/fixtures/specs/coverage.yaml",
        out: "tests/fixtures/generated/coverage",
        crate_name: "fixture-coverage",
    },
    Target {
        spec: "tests/fixtures/specs/auth-query.yaml",
        out: "tests/fixtures/generated/auth-query",
        crate_name: "fixture-auth-query",
    },
    Target {
        spec: "tests/fixtures/specs/auth-cookie.yaml",
        out: "tests/fixtures/generated/auth-cookie",
        crate_name: "fixture-auth-cookie",
    },
    Target {
        spec: "tests/fixtures/specs/hostile.yaml",
        out: "tests/fixtures/generated/hostile",
        crate_name: "fixture-hostile",
    },
    Target {
        spec: "tests/fixtures/specs/repro-local-names.yaml",
        out: "tests/fixtures/generated/repro-local-names",
        crate_name: "fixture-repro-local-names",
    },
    Target {
        spec: "tests/fixtures/specs/repro-discriminator-fallback.yaml",
        out: "tests/fixtures/generated/repro-discriminator-fallback",
        crate_name: "fixture-repro-discriminator-fallback",
    },
    Target {
        spec: "tests/fixtures/specs/repro-doc-injection.yaml",
        out: "tests/fixtures/generated/repro-doc-injection",
        crate_name: "fixture-repro-doc-injection",
    },
    Target {
        spec: "tests/fixtures/specs/repeated-operation-ids.yaml",
        out: "tests/fixtures/generated/repeated-operation-ids",
        crate_name: "fixture-repeated-operation-ids",
    },
    Target {
        spec: "tests/fixtures/specs/refs-31/openapi.yaml",
        out: "tests/fixtures/generated/refs-31",
        crate_name: "fixture-refs-31",
    },
    Target {
        spec: "tests/fixtures/specs/big-numbers.yaml",
        out: "tests/fixtures/generated/big-numbers",
        crate_name: "fixture-big-numbers",
    },
    Target {
        spec: "tests/fixtures/specs/overlapping-discriminator.yaml",
        out: "tests/fixtures/generated/overlapping-discriminator",
        crate_name: "fixture-overlapping-discriminator",
    },
    Target {
        spec: "tests/fixtures/specs/keyword-mismatch.yaml",
        out: "tests/fixtures/generated/keyword-mismatch",
        crate_name: "fixture-keyword-mismatch",
    },
    Target {
        spec: "tests/fixtures/specs/binary-in-json.yaml",
        out: "tests/fixtures/generated/binary-in-json",
        crate_name: "fixture-binary-in-json",
    },
    Target {
        spec: "tests/fixtures/specs/non-string-ref.yaml",
        out: "tests/fixtures/generated/non-string-ref",
        crate_name: "fixture-non-string-ref",
    },
    Target {
        spec: "tests/fixtures/specs/fastapi-names.yaml",
        out: "tests/fixtures/generated/fastapi-names",
        crate_name: "fixture-fastapi-names",
    },
];

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

struct Args {
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args.iter().map(String::as_str));
    let mut a = Args {
        check: false,
        spec: None,
        out: None,
        crate_name: None,
    };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("check") => a.check = true,
            Long("spec") => a.spec = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("out") => a.out = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("crate-name") => {
                a.crate_name = Some(
                    p.value()
                        .map_err(|e| e.to_string())?
                        .string()
                        .map_err(|e| e.to_string())?,
                )
            }
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(a)
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = parse(args)?;
    match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => Ok(one_spec(spec, out, args.crate_name.clone(), args.check)),
        (None, None) => Ok(targets(args.check)),
        _ => Err("--spec and --out go together".to_owned()),
    }
}

/// Generates (or checks) a standalone crate for any spec.
fn one_spec(spec: &Path, out: &Path, crate_name: Option<String>, check: bool) -> ExitCode {
    let mut command = format!(
        "cargo xtask codegen --spec {} --out {}",
        spec.display(),
        out.display()
    );
    if let Some(n) = &crate_name {
        command.push_str(&format!(" --crate-name {n}"));
    }
    let settings = Settings {
        crate_name,
        regenerate_command: command.clone(),
        spec_display_path: Some(spec.display().to_string()),
        layout: CrateLayout::Standalone,
        ..Settings::default()
    };
    let Some(files) = generate(spec, &settings) else {
        return ExitCode::FAILURE;
    };
    let report = if check {
        compare_as(out, &files, &format!("{}/", out.display()))
    } else {
        write(out, &files)
    };
    finish(report, check, &command)
}

/// The settings a checked-in target is generated with.
fn target_settings(t: &Target) -> Settings {
    Settings {
        crate_name: Some(t.crate_name.to_owned()),
        spec_display_path: Some(t.spec.to_owned()),
        regenerate_command: "cargo xtask codegen".to_owned(),
        layout: CrateLayout::WorkspaceMember,
        ..Settings::default()
    }
}

/// Generates every checked-in target and writes it, or (with `check`)
/// compares it with what is on disk. `None` if a spec does not generate.
/// `cargo xtask codegen [--check]` and the freshness test both run this.
fn run_targets(check: bool) -> Option<Report> {
    let root = workspace_root();
    let mut report = Report::default();
    for t in TARGETS {
        let files = generate(&root.join(t.spec), &target_settings(t))?;
        let out = root.join(t.out);
        let r = if check {
            compare_as(&out, &files, &format!("{}/", t.out))
        } else {
            write(&out, &files)
        };
        report.merge(r, t.out);
    }
    Some(report)
}

/// Regenerates (or checks) every checked-in target.
fn targets(check: bool) -> ExitCode {
    match run_targets(check) {
        Some(report) => finish(report, check, "cargo xtask codegen"),
        None => ExitCode::FAILURE,
    }
}

/// Runs the generator, printing diagnostics; `None` on errors.
pub fn generate(spec: &Path, settings: &Settings) -> Option<BTreeMap<String, String>> {
    match codegen::generate_from_path(spec, settings) {
        Ok(g) => {
            for w in g.warnings.iter() {
                eprintln!("{w}");
            }
            Some(g.files)
        }
        Err(diags) => {
            eprintln!("{diags}");
            None
        }
    }
}

#[derive(Default)]
struct Report {
    changed: Vec<String>,
    missing: Vec<String>,
    orphaned: Vec<String>,
    diffs: String,
    io_errors: Vec<String>,
}

impl Report {
    fn merge(&mut self, other: Report, prefix: &str) {
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

    fn is_clean(&self) -> bool {
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
fn compare_as(out: &Path, files: &BTreeMap<String, String>, shown: &str) -> Report {
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

fn write(out: &Path, files: &BTreeMap<String, String>) -> Report {
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
    // Files the generator no longer produces would otherwise linger.
    for rel in existing_files(out) {
        if !files.contains_key(&rel) {
            match std::fs::remove_file(out.join(&rel)) {
                Ok(()) => r.orphaned.push(rel),
                Err(e) => r.io_errors.push(format!("{rel}: {e}")),
            }
        }
    }
    r
}

fn finish(report: Report, check: bool, command: &str) -> ExitCode {
    for e in &report.io_errors {
        eprintln!("error: {e}");
    }
    if !check {
        for f in &report.changed {
            eprintln!("wrote {f}");
        }
        for f in &report.orphaned {
            eprintln!("removed {f}");
        }
        return if report.io_errors.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    if report.is_clean() {
        eprintln!("generated code is up to date");
        return ExitCode::SUCCESS;
    }
    print!("{}", report.diffs);
    for f in &report.changed {
        eprintln!("stale:    {f}");
    }
    for f in &report.missing {
        eprintln!("missing:  {f}");
    }
    for f in &report.orphaned {
        eprintln!("orphaned: {f} (not produced by the generator)");
    }
    eprintln!("\ngenerated code is out of date; run `{command}` and commit the result");
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails, like `cargo xtask codegen --check` (the same
    /// code path), when checked-in output is stale.
    #[test]
    fn checked_in_generated_code_is_fresh() {
        let report = run_targets(true).expect("every target generates");
        assert!(
            report.is_clean(),
            "generated code is stale; run `cargo xtask codegen`\n{}",
            report.diffs
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let root = workspace_root();
        for t in TARGETS {
            let a = generate(&root.join(t.spec), &target_settings(t)).expect("generates");
            let b = generate(&root.join(t.spec), &target_settings(t)).expect("generates");
            assert_eq!(a, b, "{} differs between two runs", t.spec);
        }
    }

    #[test]
    fn check_reports_changed_missing_and_orphaned_files() {
        let dir = std::env::temp_dir().join(format!("xtask-check-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).expect("mkdir");
        std::fs::write(dir.join("src/a.rs"), "old\n").expect("write");
        std::fs::write(dir.join("src/orphan.rs"), "x\n").expect("write");
        let mut files = BTreeMap::new();
        files.insert("src/a.rs".to_owned(), "new\n".to_owned());
        files.insert("src/b.rs".to_owned(), "b\n".to_owned());
        let r = compare_as(&dir, &files, "my-crate/");
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
        assert!(compare_as(&dir, &files, "").is_clean());
        // A CRLF checkout of the same content is not stale.
        std::fs::write(dir.join("src/a.rs"), "new\r\n").expect("write");
        assert!(compare_as(&dir, &files, "").is_clean());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
