//! `codegen`: generates each declared crate (or one spec's crate) and
//! writes it, compares it with what is on disk, or previews its change
//! report; a version the API's change calls for is written back with a
//! changelog entry.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::files::{self, CHANGELOG, Report};
use super::manifest::{self, Manifest, Sdk};
use super::{Error, release, value};
use crate::settings::{CrateLayout, RuntimeSource, Settings, SpecSettings};
use crate::{Generated, generate_from_path};

/// What a run does with what it generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the crate; report API changes, bump the version and add a
    /// changelog entry when the crate has a version to keep.
    Write,
    /// Compare with what is on disk; write nothing (the drift gate).
    Check,
    /// Report API changes and the version they call for; write nothing.
    Preview,
}

#[derive(Default)]
struct Args {
    check: bool,
    preview: bool,
    only: Vec<String>,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    runtime: Option<String>,
}

fn parse(args: &[String]) -> Result<Args, Error> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args.iter().map(String::as_str));
    let mut a = Args::default();
    let usage = |e: lexopt::Error| Error::Usage(e.to_string());
    while let Some(arg) = p.next().map_err(usage)? {
        match arg {
            Long("check") => a.check = true,
            Long("preview") => a.preview = true,
            Long("only") => a.only.push(value(&mut p, "only")?),
            Long("spec") => a.spec = Some(value(&mut p, "spec")?.into()),
            Long("out") => a.out = Some(value(&mut p, "out")?.into()),
            Long("crate-name") => a.crate_name = Some(value(&mut p, "crate-name")?),
            Long("runtime") => a.runtime = Some(value(&mut p, "runtime")?),
            other => return Err(usage(other.unexpected())),
        }
    }
    Ok(a)
}

/// `codegen …` at `root`.
pub(super) fn command(root: &Path, args: &[String]) -> Result<ExitCode, Error> {
    let args = parse(args)?;
    let mode = match (args.check, args.preview) {
        (true, true) => return Err(Error::Usage("--check and --preview are exclusive".into())),
        (true, false) => Mode::Check,
        (false, true) => Mode::Preview,
        (false, false) => Mode::Write,
    };
    match (&args.spec, &args.out) {
        (Some(spec), Some(out)) if args.only.is_empty() => {
            let runtime = args
                .runtime
                .clone()
                .map_or(RuntimeSource::Bundled, RuntimeSource::Path);
            one_spec(spec, out, args.crate_name.clone(), runtime, mode)
        }
        (None, None) if args.crate_name.is_none() && args.runtime.is_none() => {
            let manifest = super::load(root)?;
            let report = run_declared(root, &manifest, &args.only, mode)?;
            Ok(finish(report, mode, "cargo xtask codegen"))
        }
        _ => Err(Error::Usage(
            "--spec and --out go together (with --crate-name and --runtime), and not with --only"
                .into(),
        )),
    }
}

/// Where a crate's version lives, to be bumped.
enum VersionHome<'a> {
    /// In `sdks.toml`, in the table of the SDK with this name.
    Manifest(&'a Path, &'a str),
    /// In a settings file's `[package]` table.
    Settings(&'a Path),
}

/// One crate to generate.
struct Job<'a> {
    spec: PathBuf,
    out: PathBuf,
    /// How diffs and messages name the output directory.
    shown: String,
    settings: Settings,
    home: Option<VersionHome<'a>>,
}

/// Generates, checks or previews the SDKs `manifest` declares (those named
/// in `only`, or all).
pub fn run_declared(
    root: &Path,
    manifest: &Manifest,
    only: &[String],
    mode: Mode,
) -> Result<Report, Error> {
    if let Some(unknown) = only
        .iter()
        .find(|n| !manifest.sdks.iter().any(|s| &s.name == *n))
    {
        let known: Vec<&str> = manifest.sdks.iter().map(|s| s.name.as_str()).collect();
        return Err(Error::Usage(format!(
            "--only {unknown}: {} declares no such SDK (it has: {})",
            manifest::FILE,
            known.join(", ")
        )));
    }
    let manifest_path = root.join(manifest::FILE);
    let mut report = Report::default();
    let mut snapshots = std::collections::BTreeMap::new();
    for sdk in &manifest.sdks {
        if !only.is_empty() && !only.contains(&sdk.name) {
            continue;
        }
        let job = Job {
            spec: root.join(&sdk.spec),
            out: root.join(&sdk.out),
            shown: format!("{}/", sdk.out),
            settings: sdk_settings(root, manifest, sdk)?,
            home: sdk
                .version
                .as_ref()
                .map(|_| VersionHome::Manifest(&manifest_path, &sdk.name)),
        };
        let (r, ir) = run_job(&job, mode, sdk.version.clone())?;
        report.merge(r, &sdk.out);
        snapshots.insert(format!("{}.ir", sdk.name), ir);
    }
    if let Some(dir) = &manifest.ir_snapshots {
        let out = root.join(dir);
        let mut r = match mode {
            Mode::Check => files::compare(&out, &snapshots, &format!("{dir}/")),
            Mode::Write => files::write_some(&out, &snapshots, only.is_empty()),
            Mode::Preview => Report::default(),
        };
        if !only.is_empty() {
            // The others were not generated: not orphans.
            r.orphaned.clear();
        }
        report.merge(r, dir);
    }
    Ok(report)
}

/// Checks every declared SDK against the files on disk: the drift gate.
pub fn check_all(root: &Path) -> Result<Report, Error> {
    run_declared(root, &super::load(root)?, &[], Mode::Check)
}

/// Generates a declared SDK without writing it.
pub fn generate_sdk(root: &Path, manifest: &Manifest, sdk: &Sdk) -> Result<Generated, Error> {
    generate(
        &root.join(&sdk.spec),
        &sdk_settings(root, manifest, sdk)?,
        &sdk.name,
    )
}

/// The settings a declared SDK is generated with: its table in
/// `sdks.toml`, and its settings file.
fn sdk_settings(root: &Path, manifest: &Manifest, sdk: &Sdk) -> Result<Settings, Error> {
    let file = match &sdk.settings {
        Some(path) => read_settings(&root.join(path))?,
        None => SpecSettings::default(),
    };
    if file.name.is_some() || file.version.is_some() {
        return Err(Error::Config(format!(
            "{}: the name and version of `{}` are declared in {}; remove them here",
            sdk.settings.as_deref().unwrap_or_default(),
            sdk.name,
            manifest::FILE
        )));
    }
    Ok(Settings {
        crate_name: Some(sdk.name.clone()),
        crate_version: sdk.version.clone(),
        spec_display_path: Some(sdk.spec.clone()),
        regenerate_command: "cargo xtask codegen".to_owned(),
        layout: CrateLayout::WorkspaceMember,
        runtime: runtime_for(manifest.runtime.as_deref(), &sdk.out),
        operations: file.operations,
        package: file.package,
        client: file.client,
        webhooks: file.webhooks,
        ..Settings::default()
    })
}

/// The runtime as seen from a crate at `out` (relative to the root).
fn runtime_for(runtime: Option<&str>, out: &str) -> RuntimeSource {
    match runtime {
        None => RuntimeSource::Registry,
        Some(p) if Path::new(p).is_absolute() => RuntimeSource::Path(p.to_owned()),
        Some(p) => {
            let depth = Path::new(out)
                .components()
                .filter(|c| matches!(c, std::path::Component::Normal(_)))
                .count();
            RuntimeSource::Path(format!("{}{p}", "../".repeat(depth)))
        }
    }
}

/// Generates (or checks) a standalone crate for any spec. A `codegen.toml`
/// beside the spec is its settings file, and keeps its version.
fn one_spec(
    spec: &Path,
    out: &Path,
    crate_name: Option<String>,
    runtime: RuntimeSource,
    mode: Mode,
) -> Result<ExitCode, Error> {
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
    let settings_file = settings_file.filter(|p| p.exists());
    let file = match &settings_file {
        Some(path) => read_settings(path)?,
        None => SpecSettings::default(),
    };
    let job = Job {
        spec: spec.to_path_buf(),
        out: out.to_path_buf(),
        shown: format!("{}/", out.display()),
        settings: Settings {
            crate_name: file.name.or(crate_name),
            crate_version: file.version.clone(),
            regenerate_command: command.clone(),
            spec_display_path: Some(spec.display().to_string()),
            layout: CrateLayout::Standalone,
            runtime,
            operations: file.operations,
            package: file.package,
            client: file.client,
            webhooks: file.webhooks,
            ..Settings::default()
        },
        home: settings_file
            .as_deref()
            .filter(|_| file.version.is_some())
            .map(VersionHome::Settings),
    };
    let (report, _) = run_job(&job, mode, file.version)?;
    Ok(finish(report, mode, &command))
}

/// Generates one crate and writes, checks or previews it.
/// Generates one crate and writes, checks or previews it; returns what it
/// found and the crate's IR snapshot.
fn run_job(job: &Job<'_>, mode: Mode, version: Option<String>) -> Result<(Report, String), Error> {
    let (report, generated) = run_job_files(job, mode, version)?;
    Ok((report, generated.ir))
}

fn run_job_files(
    job: &Job<'_>,
    mode: Mode,
    version: Option<String>,
) -> Result<(Report, Generated), Error> {
    let name = job.shown.trim_end_matches('/');
    let published = release::checked_in_surface(&job.out);
    let mut settings = job.settings.clone();
    settings.published_methods = published
        .as_ref()
        .map(crate::surface::client_methods)
        .unwrap_or_default();
    let generated = generate(&job.spec, &settings, name)?;
    if mode == Mode::Check {
        let report = files::compare(&job.out, &generated.files, &job.shown);
        return Ok((report, generated));
    }
    let api = match &published {
        Some(old) => crate::surface::diff(old, &generated.surface),
        None => crate::surface::Report::default(),
    };
    release::print(&job.shown, &api);
    let next = match (api.class(), &version) {
        (Some(class), Some(v)) => Some(release::bump(v, class).map_err(Error::Config)?),
        _ => None,
    };
    if mode == Mode::Preview {
        if let (Some(v), Some(n)) = (&version, &next) {
            eprintln!("  the crate's version would go from {v} to {n}");
        }
        return Ok((Report::default(), generated));
    }
    let (Some(next), Some(home)) = (next, &job.home) else {
        let report = files::write(&job.out, &generated.files);
        return Ok((report, generated));
    };
    // The new version goes where it is kept, into the crate and into the
    // changelog.
    let (path, text) = match home {
        VersionHome::Manifest(path, sdk) => {
            let text = read(path)?;
            let edited = manifest::with_version(&text, sdk, &next).ok_or_else(|| {
                Error::Config(format!("{}: `{sdk}` has no version line", path.display()))
            })?;
            (*path, edited)
        }
        VersionHome::Settings(path) => (*path, SpecSettings::with_version(&read(path)?, &next)),
    };
    std::fs::write(path, text).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    settings.crate_version = Some(next.clone());
    let generated = generate(&job.spec, &settings, name)?;
    let mut report = files::write(&job.out, &generated.files);
    if let Err(e) = release::write_changelog(&job.out.join(CHANGELOG), &next, &api) {
        report.io_errors.push(e);
    }
    eprintln!(
        "  version {} → {next}; {CHANGELOG} has the entry",
        version.unwrap_or_default()
    );
    Ok((report, generated))
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn read_settings(file: &Path) -> Result<SpecSettings, Error> {
    SpecSettings::parse(&read(file)?, &file.display().to_string())
        .map_err(|d| Error::Config(d.to_string()))
}

/// Runs the generator, printing its warnings (and its errors, before
/// returning [`Error::Generation`]).
fn generate(spec: &Path, settings: &Settings, name: &str) -> Result<Generated, Error> {
    match generate_from_path(spec, settings) {
        Ok(g) => {
            for w in g.warnings.iter() {
                eprintln!("{w}");
            }
            Ok(g)
        }
        Err(diags) => {
            eprintln!("{diags}");
            Err(Error::Generation(name.to_owned()))
        }
    }
}

/// Prints what a run did (or, checking, found) and the exit code it means.
fn finish(report: Report, mode: Mode, command: &str) -> ExitCode {
    for e in &report.io_errors {
        eprintln!("error: {e}");
    }
    match mode {
        Mode::Preview => ExitCode::SUCCESS,
        Mode::Write => {
            for f in &report.changed {
                eprintln!("wrote {f}");
            }
            for f in &report.orphaned {
                eprintln!("removed {f}");
            }
            if report.io_errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Mode::Check if report.is_clean() => {
            eprintln!("generated code is up to date");
            ExitCode::SUCCESS
        }
        Mode::Check => {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_is_found_from_each_crate() {
        assert_eq!(runtime_for(None, "sdk"), RuntimeSource::Registry);
        assert_eq!(
            runtime_for(Some("codegen/runtime"), "tests/fixtures/generated/a"),
            RuntimeSource::Path("../../../../codegen/runtime".into())
        );
        assert_eq!(
            runtime_for(Some("/opt/runtime"), "sdk"),
            RuntimeSource::Path("/opt/runtime".into())
        );
    }
}
