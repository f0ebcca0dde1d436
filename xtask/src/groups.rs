//! `cargo xtask groups`: every API group's feature compiles on its own.
//! Generates the OneInbox SDK, the groups fixture and some corpus specs into one workspace, then
//! checks each crate once per group with only that group's feature on (and
//! once with none), all in one target directory; any error or warning fails.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::{CrateLayout, Settings};

use crate::codegen::{shared_runtime, workspace_root};
use crate::corpus::{cargo_json, discover, generated_target, write_crate, write_workspace};

/// Corpus specs with many tags, checked by default.
const DEFAULT_SPECS: &[&str] = &["progenitor-nexus", "frigate-fastapi"];

struct Args {
    dir: PathBuf,
    specs: Vec<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut a = Args {
        dir: workspace_root().join("../shared/specs"),
        specs: Vec::new(),
    };
    let mut p = lexopt::Parser::from_args(args.iter().map(String::as_str));
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("dir") => a.dir = PathBuf::from(p.value().map_err(|e| e.to_string())?),
            Long("spec") => a.specs.push(
                p.value()
                    .map_err(|e| e.to_string())?
                    .string()
                    .map_err(|_| "--spec takes UTF-8 text".to_owned())?,
            ),
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    if a.specs.is_empty() {
        a.specs = DEFAULT_SPECS.iter().map(|s| (*s).to_owned()).collect();
    }
    Ok(a)
}

/// One generated crate and its groups.
struct Crate {
    package: String,
    groups: Vec<codegen::GroupStats>,
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = parse(args)?;
    let mut sources = vec![
        (
            "groups-oneinbox".to_owned(),
            workspace_root().join("openapi/oneinbox.yaml"),
        ),
        (
            "groups-fixture".to_owned(),
            workspace_root().join("tests/fixtures/specs/groups.yaml"),
        ),
    ];
    let corpus = discover(&args.dir)?;
    for name in &args.specs {
        let spec = corpus
            .iter()
            .find(|s| &s.name == name)
            .ok_or_else(|| format!("no spec `{name}` in {}", args.dir.display()))?;
        sources.push((format!("groups-{name}"), spec.path.clone()));
    }
    let dir = workspace_root().join("target/groups/crates");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut crates = Vec::new();
    for (package, spec) in &sources {
        crates.push(generate(&dir, package, spec)?);
    }
    let members: Vec<String> = crates.iter().map(|c| c.package.clone()).collect();
    write_workspace(&dir, &members)?;

    let mut table = String::from(
        "| crate | feature | operations | types | check | warnings | seconds |\n\
         |---|---|---:|---:|---|---:|---:|\n",
    );
    let mut failures = 0;
    for c in &crates {
        let none = codegen::GroupStats {
            feature: String::new(),
            ..Default::default()
        };
        for g in std::iter::once(&none).chain(&c.groups) {
            let (ok, warnings, secs, problem) = check_alone(&dir, &c.package, &g.feature)?;
            if !ok || warnings > 0 {
                failures += 1;
                if let Some(p) = problem {
                    eprintln!("{} with `{}` alone:\n{p}", c.package, g.feature);
                }
            }
            let shown = if g.feature.is_empty() {
                "(none)".to_owned()
            } else {
                format!("`{}`", g.feature)
            };
            let types = if g.feature.is_empty() {
                String::from("–")
            } else {
                g.types.to_string()
            };
            let _ = writeln!(
                table,
                "| {} | {shown} | {} | {types} | {} | {warnings} | {secs:.1} |",
                c.package,
                g.operations,
                if ok { "ok" } else { "FAILED" },
            );
        }
    }
    println!("{table}");
    let checks: usize = crates.iter().map(|c| c.groups.len() + 1).sum();
    if failures == 0 {
        println!("{checks} of {checks} feature sets compile on their own with 0 warnings");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{failures} of {checks} feature sets failed");
        Ok(ExitCode::FAILURE)
    }
}

fn generate(dir: &Path, package: &str, spec: &Path) -> Result<Crate, String> {
    let settings = Settings {
        crate_name: Some(package.to_owned()),
        spec_display_path: Some(spec.display().to_string()),
        regenerate_command: "cargo xtask groups".to_owned(),
        layout: CrateLayout::WorkspaceMember,
        runtime: shared_runtime(),
        ..Settings::default()
    };
    let g = codegen::generate_from_path(spec, &settings).map_err(|diags| {
        let first = diags.errors().next().map(|d| d.to_string());
        format!(
            "{} does not generate: {}",
            spec.display(),
            first.unwrap_or_default()
        )
    })?;
    write_crate(&dir.join(package), &g.files)?;
    eprintln!("generated {package}: {} groups", g.stats.groups.len());
    Ok(Crate {
        package: package.to_owned(),
        groups: g.stats.groups,
    })
}

/// `cargo clippy -p PACKAGE --no-default-features [--features FEATURE]`,
/// warnings counted: (built, warnings, seconds, first problem).
fn check_alone(
    dir: &Path,
    package: &str,
    feature: &str,
) -> Result<(bool, usize, f64, Option<String>), String> {
    let mut args = vec!["clippy", "-p", package, "--no-default-features"];
    if !feature.is_empty() {
        args.extend(["--features", feature]);
    }
    let start = Instant::now();
    let diags = cargo_json(dir, &generated_target(), &args, package)?;
    let secs = start.elapsed().as_secs_f64();
    let d = diags.get(package);
    let ok = d.and_then(|d| d.compiled).unwrap_or(false);
    let warnings = d.map_or(0, |d| d.warnings);
    Ok((ok, warnings, secs, d.and_then(|d| d.first_problem.clone())))
}
