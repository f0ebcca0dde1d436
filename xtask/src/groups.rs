//! `cargo xtask groups`: every API group's feature compiles on its own.
//! Generates the OneInbox SDK, the groups fixture and every corpus spec (or
//! those named with `--spec`), then checks each crate once per group with
//! only that group's feature on, and once with none. Each feature set is a
//! package of its own that shares the crate's sources (a manifest whose
//! default features are that set), so one `cargo check` checks them all,
//! on every core, in one target directory; any error or warning fails.
//! `--sample N` checks at most N groups of each crate, spread evenly (CI's
//! batch; the full run checks every group).
//! (Clippy's lints are the corpus's job, with every feature on.)

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use codegen::Settings;

use crate::Error;
use crate::flags::{self, Command, Flag, Matches};
use crate::paths::workspace_root;
use crate::scratch::Scratch;
use crate::specs::{self, crate_dir, discover};

pub const COMMAND: Command = Command {
    name: "groups",
    about: "check that every API group's feature compiles on
            its own (and none at all), warning-free, for the
            OneInbox SDK and corpus specs (default: all of DIR)",
    flags: &[
        Flag::repeated("spec", "NAME", "only this spec of the corpus"),
        specs::DIR_FLAG,
        Flag::value(
            "sample",
            "N",
            "at most N groups of each crate, spread evenly (default: all)",
        ),
    ],
};

/// At most this many groups per crate (evenly spread); all when `None`.
fn sample_size(m: &Matches) -> Result<Option<usize>, flags::Error> {
    match m.parsed::<usize>("sample") {
        Ok(Some(0)) | Err(_) => Err(m.bad("sample", "takes a positive number")),
        n => n,
    }
}

/// One generated crate and its groups.
struct Crate {
    package: String,
    groups: Vec<codegen::GroupStats>,
}

pub fn run(m: &Matches) -> Result<ExitCode, Error> {
    let dir = specs::dir(m);
    let names = m.values("spec");
    let sample = sample_size(m)?;
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
    let corpus = if dir.is_dir() {
        discover(&dir)?
    } else {
        Vec::new()
    };
    for name in &names {
        if !corpus.iter().any(|s| s.name == *name) {
            return Err(format!("no spec `{name}` in {}", dir.display()).into());
        }
    }
    for spec in &corpus {
        if names.is_empty() || names.contains(&spec.name.as_str()) {
            sources.push((
                format!("groups-{}", crate_dir(&spec.name)),
                spec.path.clone(),
            ));
        }
    }
    let mut scratch = Scratch::create(
        &workspace_root().join("target/groups/crates"),
        "cargo xtask groups",
    )?;
    let mut crates = Vec::new();
    for (package, spec) in &sources {
        crates.push(generate(&scratch, package, spec)?);
    }
    // The crates themselves are only sources: the members are their
    // feature sets.
    let sets = feature_sets(scratch.dir(), &crates, sample)?;
    for (_, _, package) in &sets {
        scratch.add_member(package);
    }
    let start = Instant::now();
    eprintln!(
        "checking {} feature sets (cargo check --workspace)...",
        sets.len()
    );
    let diags = scratch.build(&["check", "--workspace", "--keep-going"])?;
    let secs = start.elapsed().as_secs_f64();

    let mut table = String::from(
        "| crate | feature | operations | types | check | warnings |\n\
         |---|---|---:|---:|---|---:|\n",
    );
    let mut failures = 0;
    for (i, feature, package) in &sets {
        let c = &crates[*i];
        let d = diags.get(package);
        let ok = d.and_then(|d| d.compiled).unwrap_or(false);
        let warnings = d.map_or(0, |d| d.warnings);
        if !ok || warnings > 0 {
            failures += 1;
            if let Some(p) = d.and_then(|d| d.first_problem.as_ref()) {
                eprintln!("{} with `{feature}` alone:\n{p}", c.package);
            }
        }
        let group = c.groups.iter().find(|g| &g.feature == feature);
        let (shown, operations, types) = match group {
            Some(g) => (
                format!("`{feature}`"),
                g.operations.to_string(),
                g.types.to_string(),
            ),
            None => ("(none)".to_owned(), String::from("0"), String::from("–")),
        };
        let _ = writeln!(
            table,
            "| {} | {shown} | {operations} | {types} | {} | {warnings} |",
            c.package,
            if ok { "ok" } else { "FAILED" },
        );
    }
    println!("{table}");
    let checks = sets.len();
    if failures == 0 {
        println!(
            "{checks} of {checks} feature sets of {} crates with groups compile on their own with 0 warnings ({secs:.0} s)",
            crates.iter().filter(|c| !c.groups.is_empty()).count()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{failures} of {checks} feature sets failed");
        Ok(ExitCode::FAILURE)
    }
}

/// One package per feature set to check: (crate index, feature, package).
fn feature_sets(
    dir: &Path,
    crates: &[Crate],
    sample_size: Option<usize>,
) -> Result<Vec<(usize, String, String)>, String> {
    let mut sets = Vec::new();
    for (i, c) in crates.iter().enumerate() {
        // A crate without groups has no feature to check alone: the corpus
        // checks it as it is.
        if c.groups.is_empty() {
            continue;
        }
        let chosen = sample(c.groups.len(), sample_size);
        if chosen.len() < c.groups.len() {
            eprintln!(
                "{}: checking {} of its {} groups (--sample)",
                c.package,
                chosen.len(),
                c.groups.len()
            );
        }
        let features =
            std::iter::once("").chain(chosen.iter().map(|&g| c.groups[g].feature.as_str()));
        for (k, feature) in features.enumerate() {
            let package = format!("{}-set{k}", c.package);
            write_feature_set(dir, &c.package, &package, feature)?;
            sets.push((i, feature.to_owned(), package));
        }
    }
    Ok(sets)
}

/// Which of `len` groups to check: all, or `n` spread evenly from the
/// first to the last (the same ones every run).
fn sample(len: usize, n: Option<usize>) -> Vec<usize> {
    match n {
        Some(n) if n < len && n > 1 => (0..n).map(|i| i * (len - 1) / (n - 1)).collect(),
        Some(1) if len > 0 => vec![0],
        _ => (0..len).collect(),
    }
}

/// A package that checks `feature` alone (none for `""`): the crate's
/// manifest under another name with that default feature set, and its
/// sources shared through links.
fn write_feature_set(
    dir: &Path,
    crate_dir: &str,
    package: &str,
    feature: &str,
) -> Result<(), String> {
    let from = dir.join(crate_dir);
    let to = dir.join(package);
    std::fs::create_dir_all(&to).map_err(|e| e.to_string())?;
    let manifest = std::fs::read_to_string(from.join("Cargo.toml")).map_err(|e| e.to_string())?;
    let defaults = if feature.is_empty() {
        "default = []".to_owned()
    } else {
        format!("default = [\"{feature}\"]")
    };
    let manifest: String = manifest
        .lines()
        .map(|line| {
            if line.starts_with("name = ") {
                format!("name = \"{package}\"")
            } else if line.starts_with("default = [") {
                defaults.clone()
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(to.join("Cargo.toml"), manifest + "\n").map_err(|e| e.to_string())?;
    for shared in ["src", "README.md"] {
        let target = Path::new("..").join(crate_dir).join(shared);
        let link = to.join(shared);
        if !link.exists() {
            share(&target, &link, &from.join(shared))?;
        }
    }
    Ok(())
}

/// Links `link` to `target` (relative), or copies `source` where links
/// cannot be made.
fn share(target: &Path, link: &Path, source: &Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        let _ = source;
        std::os::unix::fs::symlink(target, link).map_err(|e| format!("{}: {e}", link.display()))
    }
    #[cfg(not(unix))]
    {
        let _ = target;
        copy_tree(source, link)
    }
}

#[cfg(not(unix))]
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
        for entry in std::fs::read_dir(from)
            .map_err(|e| e.to_string())?
            .flatten()
        {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

fn generate(scratch: &Scratch, package: &str, spec: &Path) -> Result<Crate, String> {
    let settings = Settings {
        spec_display_path: Some(spec.display().to_string()),
        ..scratch.settings(package)
    };
    let g = codegen::generate_from_path(spec, &settings).map_err(|diags| {
        let first = diags.errors().next().map(|d| d.to_string());
        format!(
            "{} does not generate: {}",
            spec.display(),
            first.unwrap_or_default()
        )
    })?;
    scratch.write_crate(package, &g.files)?;
    eprintln!("generated {package}: {} groups", g.stats.groups.len());
    Ok(Crate {
        package: package.to_owned(),
        groups: g.stats.groups,
    })
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn samples_spread_from_first_to_last() {
        assert_eq!(sample(10, Some(4)), [0, 3, 6, 9]);
        assert_eq!(sample(3, Some(4)), [0, 1, 2]);
        assert_eq!(sample(5, None), [0, 1, 2, 3, 4]);
        assert_eq!(sample(5, Some(1)), [0]);
    }
}
