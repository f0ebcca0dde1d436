//! Every cargo the xtask runs: which cargo, in which directory, with which
//! target directory and incremental setting, and what its JSON messages say
//! about each crate.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// One cargo invocation, built up and then run.
pub struct Cargo {
    command: Command,
    /// The subcommand, for error messages.
    what: String,
}

impl Cargo {
    /// `cargo ARGS`: the cargo that runs this xtask (`$CARGO`), so nested
    /// runs use the same toolchain; stdin closed, as no cargo run here
    /// asks anything.
    pub fn new<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut command = Command::new(program);
        command.args(args).stdin(Stdio::null());
        let what = command
            .get_args()
            .next()
            .map_or_else(String::new, |a| a.to_string_lossy().into_owned());
        Cargo { command, what }
    }

    /// More arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    /// Runs in `dir` (the workspace or crate to build).
    pub fn dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Builds into `target` (`CARGO_TARGET_DIR`).
    pub fn target(mut self, target: &Path) -> Self {
        self.command.env("CARGO_TARGET_DIR", target);
        self
    }

    /// Sets `CARGO_INCREMENTAL`. Generated crates build once per run, so
    /// their callers turn it off: incremental data would only cost disk
    /// (gigabytes across a corpus) and time.
    pub fn incremental(mut self, on: bool) -> Self {
        self.command
            .env("CARGO_INCREMENTAL", if on { "1" } else { "0" });
        self
    }

    /// The command, for callers that time or report it themselves.
    pub fn into_command(self) -> Command {
        self.command
    }

    /// Runs it to the end, capturing stdout and stderr.
    pub fn output(mut self) -> Result<Output, String> {
        self.command
            .output()
            .map_err(|e| format!("could not run cargo {}: {e}", self.what))
    }

    /// Runs it with `--message-format=json --quiet` (stderr shown as it
    /// comes) and gathers the diagnostics of each package `keep` accepts
    /// (by its directory's name), leaving out dependencies.
    pub fn diagnostics(
        mut self,
        keep: impl Fn(&str) -> bool,
    ) -> Result<BTreeMap<String, CrateDiagnostics>, String> {
        self.command
            .args(["--message-format=json", "--quiet"])
            .stderr(Stdio::inherit());
        let output = self.output()?;
        Ok(read_messages(
            &String::from_utf8_lossy(&output.stdout),
            keep,
        ))
    }
}

/// What the compiler said about one crate of a workspace.
#[derive(Debug, Default)]
pub struct CrateDiagnostics {
    /// Whether it built (`None`: no artifact and no error was seen).
    pub compiled: Option<bool>,
    /// Warnings with a location.
    pub warnings: usize,
    /// The first warning or error, rendered.
    pub first_problem: Option<String>,
}

/// Reads cargo's JSON messages, one a line.
fn read_messages(stdout: &str, keep: impl Fn(&str) -> bool) -> BTreeMap<String, CrateDiagnostics> {
    let mut out: BTreeMap<String, CrateDiagnostics> = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(pkg) = msg["package_id"]
            .as_str()
            .and_then(package_of)
            .filter(|p| keep(p))
        else {
            continue;
        };
        let entry = out.entry(pkg).or_default();
        match msg["reason"].as_str().unwrap_or("") {
            "compiler-message" => {
                let level = msg["message"]["level"].as_str().unwrap_or("");
                let rendered = msg["message"]["rendered"].as_str().unwrap_or("").to_owned();
                // "N warnings emitted" summaries have no spans.
                let located = msg["message"]["spans"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty());
                match level {
                    "warning" if located => {
                        entry.warnings += 1;
                        entry.first_problem.get_or_insert(rendered);
                    }
                    "error" => {
                        entry.compiled = Some(false);
                        entry.first_problem.get_or_insert(rendered);
                    }
                    _ => {}
                }
            }
            "compiler-artifact" if entry.compiled.is_none() => entry.compiled = Some(true),
            _ => {}
        }
    }
    out
}

/// `path+file:///.../crates/corpus-x#0.1.0` → `corpus-x`.
fn package_of(id: &str) -> Option<String> {
    let before = id.split('#').next()?;
    Some(before.rsplit('/').next()?.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_warnings_errors_and_artifacts_per_package() {
        let stdout = [
            r#"{"reason":"compiler-artifact","package_id":"registry+https://x#serde@1.0.0"}"#,
            r#"{"reason":"compiler-message","package_id":"path+file:///w/corpus-a#0.1.0","message":{"level":"warning","rendered":"w1","spans":[{}]}}"#,
            r#"{"reason":"compiler-message","package_id":"path+file:///w/corpus-a#0.1.0","message":{"level":"warning","rendered":"1 warning emitted","spans":[]}}"#,
            r#"{"reason":"compiler-artifact","package_id":"path+file:///w/corpus-a#0.1.0"}"#,
            r#"{"reason":"compiler-message","package_id":"path+file:///w/corpus-b#0.1.0","message":{"level":"error","rendered":"e1","spans":[{}]}}"#,
            "not json",
        ]
        .join("\n");
        let d = read_messages(&stdout, |p| p.starts_with("corpus-"));
        assert_eq!(d.keys().collect::<Vec<_>>(), ["corpus-a", "corpus-b"]);
        assert_eq!(d["corpus-a"].compiled, Some(true));
        assert_eq!(d["corpus-a"].warnings, 1);
        assert_eq!(d["corpus-a"].first_problem.as_deref(), Some("w1"));
        assert_eq!(d["corpus-b"].compiled, Some(false));
    }
}
