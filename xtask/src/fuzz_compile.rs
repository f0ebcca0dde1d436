//! `cargo xtask fuzz-compile`: the fuzzer that compiles. A seeded batch of
//! random specs (the structure-aware generator of `oneinbox-specgen`:
//! hostile names, parameters named like every local the emitter uses,
//! fences and bidi characters in every text, the shapes real specs broke
//! it with) is generated into one workspace and checked with `cargo
//! clippy`, as the corpus is; any crate that fails to build, warns (rustc
//! or clippy), or carries a doc fence rustdoc would run fails the command. The
//! same seed gives the same batch on every machine.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

use codegen::Settings;
use specgen::{Bytes, Spec};

use crate::Error;
use crate::flags::{Command, Flag, Matches};
use crate::paths::workspace_root;
use crate::scratch::Scratch;

pub const COMMAND: Command = Command {
    name: "fuzz-compile",
    about: "generate a seeded batch of random specs into one
            workspace and `cargo clippy` it; fails on any crate
            that does not build, warns, or has a runnable doc fence",
    flags: &[
        Flag::value("seed", "N", "the batch's seed (default 1)"),
        Flag::value("count", "N", "how many specs (default 40)"),
        Flag::value(
            "out",
            "DIR",
            "where the crates are written (default target/fuzz-compile)",
        ),
    ],
};

/// What became of one random spec.
enum Fate {
    /// The bytes ran out before a spec was built, or the generator
    /// rejected the spec with diagnostics (allowed); the first error.
    Rejected(String),
    /// The generator panicked (a bug).
    Panicked(String),
    /// A generated file has a doc fence rustdoc would run (a bug).
    Doctest(String),
    /// Written into the workspace for compiling.
    Written,
}

pub fn run(m: &Matches) -> Result<ExitCode, Error> {
    let seed: u64 = m.parsed("seed")?.unwrap_or(1);
    let count: u64 = m.parsed("count")?.unwrap_or(40);
    let out = m.path_or("out", workspace_root().join("target/fuzz-compile"));
    let mut scratch = Scratch::create(&out.join("crates"), "cargo xtask fuzz-compile")?;
    let mut fates: BTreeMap<String, Fate> = BTreeMap::new();
    for i in 0..count {
        let name = format!("fuzz-{seed}-{i}");
        let fate = one(&scratch, &name, seed, i)?;
        if matches!(fate, Fate::Written) {
            scratch.add_member(&name);
        }
        fates.insert(name, fate);
    }
    let compiled = scratch.clippy_libraries()?;

    let mut failures = Vec::new();
    for (name, fate) in &fates {
        let problem = match fate {
            Fate::Rejected(_) => continue,
            Fate::Panicked(m) => format!("the generator panicked: {m}"),
            Fate::Doctest(m) => format!("a doc fence rustdoc would run: {m}"),
            Fate::Written => match compiled.get(name) {
                Some(d) if d.compiled == Some(true) && d.warnings == 0 => continue,
                Some(d) => d
                    .first_problem
                    .clone()
                    .unwrap_or_else(|| "did not compile".to_owned()),
                None => "was not compiled".to_owned(),
            },
        };
        failures.push((name.clone(), problem));
    }
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for f in fates.values() {
        if let Fate::Rejected(why) = f {
            *reasons.entry(why.as_str()).or_default() += 1;
        }
    }
    let rejected: usize = reasons.values().sum();
    println!(
        "seed {}: {} specs, {} rejected by the generator with diagnostics, {} crates checked, {} failures",
        seed,
        count,
        rejected,
        scratch.members().len(),
        failures.len()
    );
    for (why, n) in &reasons {
        println!("  rejected {n}x: {why}");
    }
    for (name, problem) in &failures {
        println!(
            "\n{name} (spec: {}):\n{problem}",
            scratch.dir().join(name).join("spec.json").display()
        );
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Generates spec number `i` of the batch and writes its crate.
fn one(scratch: &Scratch, name: &str, seed: u64, i: u64) -> Result<Fate, String> {
    // Sizes vary so that some specs are small and some are large.
    let len = 256 + (i as usize % 8) * 768;
    let bytes = Bytes::new(seed.wrapping_mul(1_000_003).wrapping_add(i)).take(len);
    let Ok(spec) = Spec::from_bytes(&bytes) else {
        return Ok(Fate::Rejected("too few bytes for a spec".to_owned()));
    };
    let text = serde_json::to_string_pretty(&spec.to_json()).map_err(|e| e.to_string())?;
    // Beside the crate, so a failure can be reproduced from its spec.
    scratch.write_file(name, "spec.json", &text)?;
    let settings = Settings {
        spec_display_path: Some("spec.json".to_owned()),
        ..scratch.settings(name)
    };
    let generated = std::panic::catch_unwind(AssertUnwindSafe(|| {
        codegen::generate_from_str(&text, "spec.json", &settings)
    }));
    let generated = match generated {
        Ok(Ok(g)) => g,
        Ok(Err(diags)) => {
            let first = diags.errors().next().map(|d| d.message.clone());
            return Ok(Fate::Rejected(first.unwrap_or_default()));
        }
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            return Ok(Fate::Panicked(message));
        }
    };
    for (rel, contents) in &generated.files {
        // The README is the crate's docs (`include_str!`): its fences are
        // doctests too.
        let fences = if rel == "README.md" {
            codegen::verify::runnable_readme_fences(contents)
        } else {
            codegen::verify::runnable_doc_fences(contents, rel == "src/lib.rs")
        };
        if let Some(f) = fences.first() {
            return Ok(Fate::Doctest(format!("{rel}: {f}")));
        }
    }
    scratch.write_crate(name, &generated.files)?;
    Ok(Fate::Written)
}
