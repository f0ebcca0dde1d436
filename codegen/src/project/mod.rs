//! A repository's SDKs as one command line: `codegen` regenerates every
//! crate that `sdks.toml` declares (`--check` is the drift gate,
//! `--preview` the change report, `--only NAME` narrows either), `codegen
//! --spec FILE --out DIR` makes a crate for any spec, and `diff OLD NEW`
//! says how the generated API changes between two specs. This repository's
//! `cargo xtask` calls [`main`]; so can any other repository's.

mod diff;
mod files;
pub mod manifest;
pub mod release;
mod run;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use files::{Report, compare, write};
pub use manifest::{Manifest, Sdk};
pub use run::{Mode, check_all, generate_sdk, run_declared};

/// The commands and flags [`main`] takes, for a usage message.
pub const USAGE: &str =
    "  codegen [--only NAME]...            regenerate every crate sdks.toml declares (or NAME)
  codegen --check [--only NAME]...    fail (exit 1) if any generated file is stale,
                                      missing or orphaned; writes nothing
  codegen --preview [--only NAME]...  print how each generated API would change and
                                      the version that calls for; writes nothing
  codegen --spec FILE --out DIR [--crate-name NAME] [--runtime PATH]
                                      generate a standalone crate for any spec, with a
                                      copy of the runtime crate in DIR/runtime, or
                                      depending on the runtime crate at PATH
  diff OLD NEW [--format text|json]   how the generated Rust API changes between two
                                      specs (files, or git REV:PATH), each change classed
                                      breaking, additive or docs-only
";

/// What went wrong before any crate was generated.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line.
    #[error("{0}")]
    Usage(String),
    /// `sdks.toml` or a settings file.
    #[error("{0}")]
    Config(String),
    /// A spec did not generate; its diagnostics are printed.
    #[error("`{0}` did not generate; the problems are printed above")]
    Generation(String),
    /// Reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Runs one command (`codegen …` or `diff …`) for the repository at `root`;
/// prints what it does and returns the exit code (2 for a usage or
/// configuration error).
pub fn main(root: &Path, args: &[String]) -> ExitCode {
    let asks_for_help = |rest: &[String]| rest.iter().any(|a| a == "--help" || a == "-h");
    let result = match args.split_first() {
        None => Ok(usage()),
        Some((command, _)) if command == "help" => Ok(usage()),
        Some((_, rest)) if asks_for_help(rest) => Ok(usage()),
        Some((command, rest)) if command == "codegen" => run::command(root, rest),
        Some((command, rest)) if command == "diff" => diff::command(root, rest),
        _ => Err(Error::Usage(
            "the commands are `codegen` and `diff`".to_owned(),
        )),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        if matches!(e, Error::Usage(_)) {
            eprint!("\nusage:\n{USAGE}");
        }
        match e {
            Error::Generation(_) | Error::Io { .. } => ExitCode::FAILURE,
            Error::Usage(_) | Error::Config(_) => ExitCode::from(2),
        }
    })
}

fn usage() -> ExitCode {
    eprint!("usage:\n{USAGE}");
    ExitCode::SUCCESS
}

/// Reads `sdks.toml` at `root`.
pub fn load(root: &Path) -> Result<Manifest, Error> {
    let path = root.join(manifest::FILE);
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    Manifest::parse(&text, manifest::FILE).map_err(Error::Config)
}

/// A flag's value, or a usage error naming the flag.
fn value(p: &mut lexopt::Parser, flag: &str) -> Result<String, Error> {
    p.value()
        .ok()
        .and_then(|v| v.into_string().ok())
        .ok_or_else(|| Error::Usage(format!("--{flag} takes a value")))
}
