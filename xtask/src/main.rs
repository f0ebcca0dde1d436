//! `cargo xtask`: regenerate checked-in SDKs (`codegen`), verify them
//! (`codegen --check`), generate for any spec (`codegen --spec`), run the
//! corpus of real-world specs (`corpus`) and the benchmarks (`bench`).

mod bench;
mod cargo;
mod codegen;
mod conformance;
mod corpus;
mod evolution;
mod fuzz_compile;
mod groups;
mod package;
mod paths;
mod scratch;
mod specs;
mod walkthrough;

use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check|--preview] [--only NAME]...
                                      regenerate (check, preview) the crates sdks.toml
                                      declares; `codegen --help` for all the forms
  cargo xtask diff OLD NEW [--format text|json]
                                      how the generated Rust API changes between two
                                      specs (files, or git REV:PATH)
  cargo xtask evolution [--ci] [--only CASE]... [--cases DIR] [--no-semver-checks] [-v]
                                      the spec-mutation suite: for each old/new pair,
                                      compare the change report's class with
                                      cargo-semver-checks and a user crate's build
  cargo xtask corpus [--dir DIR] [--out DIR]
                                      generate and clippy-check a crate for every spec
                                      in DIR (default ../shared/specs); prints a table
  cargo xtask conformance [--dir DIR] [--out DIR]
                                      decode every example the specs in DIR carry through
                                      the generated types; fails if a schema-valid one
                                      does not decode or is written back differently
  cargo xtask fuzz-compile [--seed N] [--count N] [--out DIR]
                                      generate a seeded batch of random specs into one
                                      workspace and `cargo check` it; fails on any crate
                                      that does not build, warns, or has a runnable doc fence
  cargo xtask groups [--spec NAME]... [--dir DIR] [--sample N]
                                      check that every API group's feature compiles on
                                      its own (and none at all), warning-free, for the
                                      OneInbox SDK and corpus specs (default: nexus, frigate)
  cargo xtask package [--spec NAME]... [--no-corpus]
                                      `cargo package` (with verification) the OneInbox
                                      SDK and the runtime together, then a corpus SDK
                                      (default twilio-voice-v1); fails on missing metadata
  cargo xtask walkthrough [--dir DIR]
                                      follow the README's adoption walkthrough in a
                                      scratch repository outside this workspace
  cargo xtask bench [--runs N] [--large-runs N] [--baseline REV] [--out FILE]
                    [--compile-only] [--no-large]
                                      measure against progenitor 0.15.1 (and the generator
                                      at REV, built in a git worktree) and write
                                      BENCHMARKS.md (installs progenitor under target/)
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(command) = args.next() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest: Vec<String> = args.collect();
    let result = match command.as_str() {
        "codegen" | "diff" => return codegen::run(&command, &rest),
        "groups" => groups::run(&rest),
        "corpus" => corpus::run(&rest),
        "evolution" => evolution::run(&rest),
        "conformance" => conformance::run(&rest),
        "fuzz-compile" => fuzz_compile::run(&rest),
        "bench" => bench::run(&rest),
        "package" => package::run(&rest),
        "walkthrough" => walkthrough::run(&rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
