//! `cargo xtask package`: packages the OneInbox SDK and the runtime
//! together, as a release would (`cargo package` of both, each verified by
//! building what would be uploaded), then a corpus SDK with its bundled
//! runtime. Fails on any packaging error, and on the metadata a registry
//! requires (cargo only warns of it).

use std::path::Path;
use std::process::ExitCode;

use codegen::{CrateLayout, RuntimeSource, Settings};

use crate::cargo::Cargo;
use crate::paths::workspace_root;

/// The corpus SDK packaged by default: a telephony API that states its
/// license, small enough to verify quickly.
const DEFAULT_SPEC: &str = "twilio-voice-v1";

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    use lexopt::prelude::*;
    let root = workspace_root();
    let mut specs = Vec::new();
    let mut corpus_too = true;
    let mut p = lexopt::Parser::from_args(args.iter().map(String::as_str));
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("spec") => specs.push(
                p.value()
                    .map_err(|e| e.to_string())?
                    .string()
                    .map_err(|_| "--spec takes a name".to_owned())?,
            ),
            Long("no-corpus") => corpus_too = false,
            other => return Err(other.unexpected().to_string()),
        }
    }
    if specs.is_empty() && corpus_too {
        specs.push(DEFAULT_SPEC.to_owned());
    }
    let mut ok = package(
        &root,
        &["-p", "oneinbox-codegen-runtime", "-p", "oneinbox"],
        "the OneInbox SDK and the runtime",
    );
    let corpus = crate::paths::shared_specs();
    for name in &specs {
        let Some(spec) = crate::specs::discover(&corpus)?
            .into_iter()
            .find(|s| &s.name == name)
        else {
            return Err(format!("no spec named `{name}` in {}", corpus.display()));
        };
        let dir = root.join("target/package-check").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        let settings = Settings {
            layout: CrateLayout::Standalone,
            runtime: RuntimeSource::Bundled,
            spec_display_path: Some(format!("{name}/...")),
            ..Settings::default()
        };
        let generated = codegen::generate_from_path(&spec.path, &settings)
            .map_err(|d| format!("{name}: {d}"))?;
        let written = codegen::project::write(&dir, &generated.files);
        if !written.io_errors.is_empty() {
            return Err(written.io_errors.join("\n"));
        }
        ok &= package(
            &dir,
            &["--workspace"],
            &format!("the `{name}` SDK and its bundled runtime"),
        );
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `cargo package ARGS` in `dir` with the workspace's target directory
/// (so verification reuses built dependencies); false on failure or on a
/// warning about missing metadata.
fn package(dir: &Path, args: &[&str], what: &str) -> bool {
    eprintln!("==> packaging {what}");
    // Generated crates are never committed where they are packaged, and a
    // release checks the tree on its own; --allow-dirty lets the same
    // check run in a working copy.
    let output = Cargo::new(["package"])
        .args(args)
        .args(["--allow-dirty"])
        .dir(dir)
        .target(&workspace_root().join("target"))
        .output();
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return false;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    let missing: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.contains("manifest has no") || l.contains("no documentation, homepage or repository")
        })
        .collect();
    for line in stderr.lines().filter(|l| {
        l.trim_start().starts_with("Packaged") || l.starts_with("warning") || l.starts_with("error")
    }) {
        eprintln!("  {}", line.trim_start());
    }
    if !output.status.success() {
        eprintln!("{stderr}");
        eprintln!("error: packaging {what} failed");
        return false;
    }
    if !missing.is_empty() {
        eprintln!("error: {what}: metadata a registry requires is missing");
        return false;
    }
    true
}
