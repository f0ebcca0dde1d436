//! `cargo xtask package`: packages the OneInbox SDK and the runtime
//! together, as a release would (`cargo package` of both, each verified by
//! building what would be uploaded), then a corpus SDK with its bundled
//! runtime. Fails on any packaging error, and on the metadata a registry
//! requires (cargo only warns of it).

use std::path::Path;
use std::process::ExitCode;

use codegen::{CrateLayout, RuntimeSource, Settings};

use crate::Error;
use crate::cargo::Cargo;
use crate::flags::{Command, Flag, Matches};
use crate::paths::workspace_root;

/// The corpus SDK packaged by default: a telephony API that states its
/// license, small enough to verify quickly.
const DEFAULT_SPEC: &str = "twilio-voice-v1";

pub const COMMAND: Command = Command {
    name: "package",
    about: "`cargo package` (with verification) the OneInbox
            SDK and the runtime together, then a corpus SDK
            (default twilio-voice-v1); fails on missing metadata",
    flags: &[
        Flag::repeated("spec", "NAME", "this corpus SDK instead of the default"),
        Flag::switch(
            "no-corpus",
            "no corpus SDK unless named with --spec (no ../shared/specs)",
        ),
    ],
};

pub fn run(m: &Matches) -> Result<ExitCode, Error> {
    let root = workspace_root();
    let mut specs = m.values("spec");
    if specs.is_empty() && !m.is_set("no-corpus") {
        specs.push(DEFAULT_SPEC);
    }
    let mut ok = package(
        &root,
        &["-p", "oneinbox-codegen-runtime", "-p", "oneinbox"],
        "the OneInbox SDK and the runtime",
    );
    let corpus = crate::paths::shared_specs();
    for name in specs {
        let Some(spec) = crate::specs::discover(&corpus)?
            .into_iter()
            .find(|s| s.name == name)
        else {
            return Err(format!("no spec named `{name}` in {}", corpus.display()).into());
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
            return Err(written.io_errors.join("\n").into());
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
