//! `diff OLD NEW [--format text|json]`: how the generated Rust
//! API changes from one spec to another. Each side is a spec file, or a git
//! revision and a path (`HEAD~3:openapi/oneinbox.yaml`), read with its
//! directory so that specs split over several files work too.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::Error;
use crate::Settings;
use crate::surface::{self, Report};

struct Args {
    old: String,
    new: String,
    json: bool,
}

fn parse(args: &[String]) -> Result<Args, Error> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args.iter().map(String::as_str));
    let mut sides = Vec::new();
    let mut json = false;
    let usage = |e: lexopt::Error| Error::Usage(e.to_string());
    while let Some(arg) = p.next().map_err(usage)? {
        match arg {
            Long("format") => {
                json = match super::value(&mut p, "format")?.as_str() {
                    "json" => true,
                    "text" => false,
                    _ => return Err(Error::Usage("--format is `text` or `json`".to_owned())),
                };
            }
            Value(v) => sides.push(
                v.string()
                    .map_err(|_| Error::Usage("a spec path is not UTF-8".to_owned()))?,
            ),
            other => return Err(usage(other.unexpected())),
        }
    }
    let [old, new] = <[String; 2]>::try_from(sides)
        .map_err(|_| Error::Usage("give two specs: diff OLD NEW".to_owned()))?;
    Ok(Args { old, new, json })
}

/// `diff …` at `root` (where `REV:PATH` is read from git).
pub(super) fn command(root: &Path, args: &[String]) -> Result<ExitCode, Error> {
    let args = parse(args)?;
    let scratch = root.join("target/codegen-diff");
    let _ = std::fs::remove_dir_all(&scratch);
    let old = materialize(root, &args.old, &scratch.join("old")).map_err(Error::Config)?;
    let new = materialize(root, &args.new, &scratch.join("new")).map_err(Error::Config)?;
    let report = surface::diff(
        &surface_of(&old).map_err(Error::Config)?,
        &surface_of(&new).map_err(Error::Config)?,
    );
    if args.json {
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "class": report.class(),
            "changes": report.changes,
        }))
        .map_err(|e| Error::Config(e.to_string()))?;
        println!("{text}");
    } else {
        print_text(&report);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(report: &Report) {
    match report.class() {
        None => println!("no change to the generated API"),
        Some(class) => {
            println!("the generated API changes ({class}):");
            print!("{report}");
        }
    }
}

/// A spec on disk: a path as given, or `REV:PATH` checked out of git (its
/// directory, for the files it refers to) under `dir`.
fn materialize(root: &Path, side: &str, dir: &Path) -> Result<PathBuf, String> {
    let as_path = PathBuf::from(side);
    if as_path.exists() {
        return Ok(as_path);
    }
    let Some((rev, path)) = side.split_once(':') else {
        return Err(format!("`{side}` is neither a file nor REV:PATH"));
    };
    let folder = Path::new(path)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".to_owned());
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let archive = Command::new("git")
        .args(["archive", "--format=tar", rev, &folder])
        .current_dir(root)
        .output()
        .map_err(|e| format!("git: {e}"))?;
    if !archive.status.success() {
        return Err(format!(
            "git archive {rev} {folder}: {}",
            String::from_utf8_lossy(&archive.stderr).trim()
        ));
    }
    let tar = dir.join("tree.tar");
    std::fs::write(&tar, &archive.stdout).map_err(|e| e.to_string())?;
    let status = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("tar: {e}"))?;
    if !status.success() {
        return Err(format!("could not unpack {rev}:{folder}"));
    }
    Ok(dir.join(path))
}

fn surface_of(spec: &Path) -> Result<surface::Surface, String> {
    crate::generate_from_path(spec, &Settings::default())
        .map(|g| g.surface)
        .map_err(|d| format!("{}:\n{d}", spec.display()))
}
