//! `cargo xtask`: regenerate checked-in SDKs (`codegen`), verify them
//! (`codegen --check`), generate for any spec (`codegen --spec`), run the
//! corpus of real-world specs (`corpus`) and the benchmarks (`bench`).
//! This file owns the list of commands, the usage, and how a failure is
//! shown; each command's flags are declared in its module.

mod bench;
mod cargo;
mod codegen;
mod conformance;
mod corpus;
mod evolution;
mod flags;
mod fuzz_compile;
mod groups;
mod package;
mod paths;
mod scratch;
mod specs;
mod walkthrough;

use std::process::ExitCode;

/// How a command failed.
#[derive(Debug)]
pub enum Error {
    /// Its command line is wrong: shown with its usage.
    Usage(flags::Error),
    /// It could not do its work.
    Failed(String),
}

impl From<flags::Error> for Error {
    fn from(e: flags::Error) -> Self {
        Error::Usage(e)
    }
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error::Failed(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error::Failed(message.to_owned())
    }
}

/// A command with declared flags, and what runs it.
struct Entry {
    command: &'static flags::Command,
    run: fn(&flags::Matches) -> Result<ExitCode, Error>,
}

/// In the order the usage lists them.
const COMMANDS: &[Entry] = &[
    Entry {
        command: &evolution::COMMAND,
        run: evolution::run,
    },
    Entry {
        command: &corpus::COMMAND,
        run: corpus::run,
    },
    Entry {
        command: &conformance::COMMAND,
        run: conformance::run,
    },
    Entry {
        command: &fuzz_compile::COMMAND,
        run: fuzz_compile::run,
    },
    Entry {
        command: &groups::COMMAND,
        run: groups::run,
    },
    Entry {
        command: &package::COMMAND,
        run: package::run,
    },
    Entry {
        command: &walkthrough::COMMAND,
        run: walkthrough::run,
    },
    Entry {
        command: &bench::COMMAND,
        run: bench::run,
    },
];

/// `codegen` and `diff` parse their own flags (`codegen::project`, a
/// library other repositories call), so their usage is written here.
const PROJECT_USAGE: &str = "  \
  cargo xtask codegen [--check|--preview] [--only NAME]...
                                      regenerate (check, preview) the crates sdks.toml
                                      declares; `codegen --help` for all the forms
  cargo xtask diff OLD NEW [--format text|json]
                                      how the generated Rust API changes between two
                                      specs (files, or git REV:PATH)
";

/// Every command, its synopsis and what it does.
fn usage() -> String {
    let mut out = format!("usage:\n{PROJECT_USAGE}");
    for entry in COMMANDS {
        out.push_str(&format!("  cargo xtask {}\n", entry.command.synopsis(14)));
        for line in entry.command.about.lines() {
            out.push_str(&format!("{:38}{}\n", "", line.trim()));
        }
    }
    out
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(name) = args.next() else {
        eprint!("{}", usage());
        return ExitCode::from(2);
    };
    let rest: Vec<String> = args.collect();
    if name == "codegen" || name == "diff" {
        return codegen::run(&name, &rest);
    }
    if matches!(name.as_str(), "help" | "--help" | "-h") {
        print!("{}", usage());
        return ExitCode::SUCCESS;
    }
    let Some(entry) = COMMANDS.iter().find(|e| e.command.name == name) else {
        eprint!("error: unknown command `{name}`\n{}", usage());
        return ExitCode::from(2);
    };
    let result = flags::parse(entry.command, &rest).map_err(Error::Usage);
    let result = match result {
        Ok(m) if m.help() => {
            print!("{}", entry.command.usage());
            return ExitCode::SUCCESS;
        }
        Ok(m) => (entry.run)(&m),
        Err(e) => Err(e),
    };
    match result {
        Ok(code) => code,
        Err(Error::Usage(e)) => {
            eprint!("error: {e}\n\n{}", entry.command.usage());
            ExitCode::from(2)
        }
        Err(Error::Failed(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usage_lists_every_command_once() {
        let usage = usage();
        for entry in COMMANDS {
            let line = format!("  cargo xtask {} ", entry.command.name);
            assert_eq!(usage.matches(&line).count(), 1, "{line} in\n{usage}");
        }
        assert!(usage.contains("  cargo xtask codegen "));
    }

    /// Every spelling `.ci/run` and the README use (and the rest of each
    /// command's flags) still parses.
    #[test]
    fn the_invocations_ci_and_the_readme_use_parse() {
        for line in [
            "corpus",
            "corpus --dir d --out=o",
            "conformance --dir d --out o",
            "groups --sample 8",
            "groups --spec a --spec b --dir d",
            "evolution --ci",
            "evolution --only a --only b --cases d --no-semver-checks -v --verbose",
            "fuzz-compile --seed 1 --count 60 --out o",
            "package --no-corpus",
            "package --spec twilio-voice-v1",
            "walkthrough --dir /elsewhere",
            "bench --baseline 1812431 --runs 3",
            "bench --large-runs 2 --out f --compile-only --no-large --sse-only --specs d",
        ] {
            let mut words = line.split_whitespace();
            let name = words.next().expect("a command");
            let entry = COMMANDS
                .iter()
                .find(|e| e.command.name == name)
                .expect("a command");
            let args: Vec<String> = words.map(str::to_owned).collect();
            if let Err(e) = flags::parse(entry.command, &args) {
                panic!("`cargo xtask {line}`: {e}");
            }
        }
    }
}
