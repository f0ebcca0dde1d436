//! `cargo xtask codegen`: writes (or, with `--check`, compares) the crates
//! generated from specs. Check mode runs the same generation and never
//! writes; it reports files that differ, are missing or are orphaned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{CrateLayout, Generated, RuntimeSource, Settings};

use crate::release;
use crate::targets::{TARGETS, Target};

/// Kept beside the generated files by `cargo xtask codegen`, not generated:
/// never stale, never orphaned.
pub const CHANGELOG: &str = "CHANGELOG.md";

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The runtime crate every generated crate depends on.
pub fn runtime_dir() -> PathBuf {
    workspace_root().join("codegen/runtime")
}

/// The runtime, for crates generated outside the repository's tree (the
/// corpus, the fuzzers, the evolution suite): by absolute path, so they
/// all share one build of it with the repository's crates.
pub fn shared_runtime() -> RuntimeSource {
    RuntimeSource::Path(runtime_dir().display().to_string())
}

/// The runtime as seen from a crate at `out` (relative to the workspace
/// root).
fn runtime_from(out: &str) -> RuntimeSource {
    let depth = Path::new(out).components().count();
    RuntimeSource::Path(format!("{}codegen/runtime", "../".repeat(depth)))
}

struct Args {
    check: bool,
    preview: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    runtime: Option<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args.iter().map(String::as_str));
    let mut a = Args {
        check: false,
        preview: false,
        spec: None,
        out: None,
        crate_name: None,
        runtime: None,
    };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("check") => a.check = true,
            Long("preview") => a.preview = true,
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
            Long("runtime") => {
                a.runtime = Some(
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
    let mode = match (args.check, args.preview) {
        (true, true) => return Err("--check and --preview are exclusive".to_owned()),
        (true, false) => Mode::Check,
        (false, true) => Mode::Preview,
        (false, false) => Mode::Write,
    };
    match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => {
            let runtime = args
                .runtime
                .clone()
                .map_or(RuntimeSource::Bundled, RuntimeSource::Path);
            Ok(one_spec(spec, out, args.crate_name.clone(), runtime, mode))
        }
        (None, None) => Ok(targets(mode)),
        _ => Err("--spec and --out go together".to_owned()),
    }
}

/// What a run does with what it generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the crate; report API changes, bump the version and add a
    /// changelog entry when there is a settings file.
    Write,
    /// Compare with what is on disk; write nothing (the drift gate).
    Check,
    /// Report API changes and the version they call for; write nothing.
    Preview,
}

/// One crate to generate: its spec, output directory and settings.
struct Job<'a> {
    spec: PathBuf,
    out: PathBuf,
    /// How diffs and messages name the output directory.
    shown: String,
    settings: Settings,
    /// The settings file, whose version is bumped when the API changes.
    settings_file: Option<&'a Path>,
}

/// Generates (or checks) a standalone crate for any spec. A `codegen.toml`
/// beside the spec is its settings file.
fn one_spec(
    spec: &Path,
    out: &Path,
    crate_name: Option<String>,
    runtime: RuntimeSource,
    mode: Mode,
) -> ExitCode {
    let mut command = format!(
        "cargo xtask codegen --spec {} --out {}",
        spec.display(),
        out.display()
    );
    if let Some(n) = &crate_name {
        command.push_str(&format!(" --crate-name {n}"));
    }
    if let RuntimeSource::Path(p) = &runtime {
        command.push_str(&format!(" --runtime {p}"));
    }
    let settings_file = spec.parent().map(|d| d.join("codegen.toml"));
    let settings_file = settings_file.as_deref().filter(|p| p.exists());
    let settings = Settings {
        crate_name,
        regenerate_command: command.clone(),
        spec_display_path: Some(spec.display().to_string()),
        layout: CrateLayout::Standalone,
        runtime,
        ..Settings::default()
    };
    let job = Job {
        spec: spec.to_path_buf(),
        out: out.to_path_buf(),
        shown: format!("{}/", out.display()),
        settings,
        settings_file,
    };
    match run_job(&job, mode) {
        Some(report) => finish(report, mode, &command),
        None => ExitCode::FAILURE,
    }
}

/// The settings a checked-in target is generated with.
fn target_settings(t: &Target) -> Settings {
    Settings {
        crate_name: Some(t.crate_name.to_owned()),
        spec_display_path: Some(t.spec.to_owned()),
        regenerate_command: "cargo xtask codegen".to_owned(),
        layout: CrateLayout::WorkspaceMember,
        runtime: runtime_from(t.out),
        ..Settings::default()
    }
}

/// Generates every checked-in target and writes it, or (in check mode)
/// compares it with what is on disk. `None` if a spec does not generate.
/// `cargo xtask codegen [--check]` and the freshness test both run this.
fn run_targets(mode: Mode) -> Option<Report> {
    let root = workspace_root();
    let mut report = Report::default();
    for t in TARGETS {
        let settings_file = t.settings.map(|s| root.join(s));
        let job = Job {
            spec: root.join(t.spec),
            out: root.join(t.out),
            shown: format!("{}/", t.out),
            settings: target_settings(t),
            settings_file: settings_file.as_deref(),
        };
        report.merge(run_job(&job, mode)?, t.out);
    }
    Some(report)
}

/// Generates one crate and writes, checks or previews it.
fn run_job(job: &Job<'_>, mode: Mode) -> Option<Report> {
    let mut settings = job.settings.clone();
    let mut version = None;
    if let Some(file) = job.settings_file {
        let spec = read_settings(file)?;
        settings.crate_name = spec.name.or(settings.crate_name);
        settings.crate_version.clone_from(&spec.version);
        settings.operations = spec.operations;
        version = spec.version;
    }
    let generated = generate(&job.spec, &settings)?;
    if mode == Mode::Check {
        return Some(compare_as(&job.out, &generated.files, &job.shown));
    }
    let api = release::report(&job.out, &generated.surface);
    release::print(&job.shown, &api);
    let next = match (api.class(), &version) {
        (Some(class), Some(v)) => match release::bump(v, class) {
            Ok(next) => Some(next),
            Err(e) => {
                eprintln!(
                    "error: {}: {e}",
                    job.settings_file
                        .map_or(String::new(), |f| f.display().to_string())
                );
                return None;
            }
        },
        _ => None,
    };
    if mode == Mode::Preview {
        if let (Some(v), Some(n)) = (&version, &next) {
            eprintln!("  the crate's version would go from {v} to {n}");
        }
        return Some(Report::default());
    }
    let (Some(next), Some(file)) = (next, job.settings_file) else {
        return Some(write(&job.out, &generated.files));
    };
    // The new version is in the settings file, the crate and the changelog.
    let text = std::fs::read_to_string(file).ok()?;
    if let Err(e) = std::fs::write(file, codegen::SpecSettings::with_version(&text, &next)) {
        eprintln!("error: {}: {e}", file.display());
        return None;
    }
    settings.crate_version = Some(next.clone());
    let generated = generate(&job.spec, &settings)?;
    let mut report = write(&job.out, &generated.files);
    if let Err(e) = release::write_changelog(&job.out.join(CHANGELOG), &next, &api) {
        report.io_errors.push(e);
    }
    eprintln!(
        "  version {} → {next}; CHANGELOG.md has the entry",
        version.unwrap_or_default()
    );
    Some(report)
}

fn read_settings(file: &Path) -> Option<codegen::SpecSettings> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return None;
        }
    };
    match codegen::SpecSettings::parse(&text, &file.display().to_string()) {
        Ok(s) => Some(s),
        Err(d) => {
            eprintln!("{d}");
            None
        }
    }
}

/// Regenerates (or checks) every checked-in target.
fn targets(mode: Mode) -> ExitCode {
    match run_targets(mode) {
        Some(report) => finish(report, mode, "cargo xtask codegen"),
        None => ExitCode::FAILURE,
    }
}

/// Runs the generator, printing diagnostics; `None` on errors.
pub fn generate(spec: &Path, settings: &Settings) -> Option<Generated> {
    match codegen::generate_from_path(spec, settings) {
        Ok(g) => {
            for w in g.warnings.iter() {
                eprintln!("{w}");
            }
            Some(g)
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

fn finish(report: Report, mode: Mode, command: &str) -> ExitCode {
    let check = mode == Mode::Check;
    for e in &report.io_errors {
        eprintln!("error: {e}");
    }
    if mode == Mode::Preview {
        return ExitCode::SUCCESS;
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
        let report = run_targets(Mode::Check).expect("every target generates");
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
            assert_eq!(a.files, b.files, "{} differs between two runs", t.spec);
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
