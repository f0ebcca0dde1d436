//! A scratch directory of generated crates that build in one target
//! directory: how they are generated (the shared runtime, by path), where
//! they are written, the workspace manifest and lock file that bind them,
//! and the cargo runs over them. Every command that builds generated
//! crates (corpus, groups, conformance, evolution, the compile fuzzer, the
//! compile benchmark) uses it.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codegen::{CrateLayout, Settings};

use crate::cargo::{Cargo, CrateDiagnostics};
use crate::paths::{shared_runtime, workspace_root};

/// How the crates of a scratch directory relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Members of one workspace at the scratch directory's root, so their
    /// dependencies resolve and build once for all of them.
    Workspace,
    /// Each crate a workspace of its own, its lock file beside it: for
    /// crates that cannot share one (the evolution suite's old and new
    /// crates are two versions of one package).
    Standalone,
}

/// A directory of generated crates, emptied when made.
pub struct Scratch {
    dir: PathBuf,
    target: PathBuf,
    layout: Layout,
    /// What each generated file says regenerates it.
    regenerate: &'static str,
    members: Vec<String>,
}

impl Scratch {
    /// Empties (or makes) `dir` for crates that `regenerate` (a command
    /// line) writes, as members of one workspace building in the target
    /// directory every such workspace shares, so dependencies build once
    /// across commands and runs.
    pub fn create(dir: &Path, regenerate: &'static str) -> Result<Self, String> {
        // Programs run inside the crates' directories: a relative path
        // would name another place there.
        let dir = std::path::absolute(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Scratch {
            dir,
            target: workspace_root().join("target/generated-crates"),
            layout: Layout::Workspace,
            regenerate,
            members: Vec::new(),
        })
    }

    /// Builds in `target` instead of the shared target directory.
    pub fn target_dir(mut self, target: PathBuf) -> Self {
        self.target = target;
        self
    }

    /// Makes every crate a workspace of its own ([`Layout::Standalone`]).
    pub fn standalone(mut self) -> Self {
        self.layout = Layout::Standalone;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The crates added with [`Scratch::add_member`], in order.
    pub fn members(&self) -> &[String] {
        &self.members
    }

    /// The generator's settings for the crate `package` here: the layout,
    /// the shared runtime and the regenerate command; callers set the rest.
    pub fn settings(&self, package: &str) -> Settings {
        Settings {
            crate_name: Some(package.to_owned()),
            regenerate_command: self.regenerate.to_owned(),
            layout: match self.layout {
                Layout::Workspace => CrateLayout::WorkspaceMember,
                Layout::Standalone => CrateLayout::Standalone,
            },
            runtime: shared_runtime(),
            ..Settings::default()
        }
    }

    /// Writes one file at `rel` in the crate directory `krate`.
    pub fn write_file(&self, krate: &str, rel: &str, text: &str) -> Result<(), String> {
        write_file(&self.dir.join(krate), rel, text)
    }

    /// Writes the files of the crate directory `krate` (and, standalone,
    /// the lock file beside them). It is not a member until added.
    pub fn write_crate(&self, krate: &str, files: &BTreeMap<String, String>) -> Result<(), String> {
        let dir = self.dir.join(krate);
        files
            .iter()
            .try_for_each(|(rel, text)| write_file(&dir, rel, text))?;
        if self.layout == Layout::Standalone {
            copy_lock(&dir)?;
        }
        Ok(())
    }

    /// Makes the crate directory `krate` a member of the workspace.
    pub fn add_member(&mut self, krate: &str) {
        self.members.push(krate.to_owned());
    }

    /// `cargo ARGS` building into this directory's target, not
    /// incremental (each crate builds once per run). Runs where the caller
    /// says; see [`Scratch::build`] for the whole workspace.
    pub fn cargo<I, S>(&self, args: I) -> Cargo
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Cargo::new(args).target(&self.target).incremental(false)
    }

    /// Writes the workspace's manifest and lock file, runs `cargo ARGS`
    /// over it and gathers each member's diagnostics.
    pub fn build(&self, args: &[&str]) -> Result<BTreeMap<String, CrateDiagnostics>, String> {
        self.write_workspace()?;
        self.cargo(args)
            .dir(&self.dir)
            .diagnostics(|package| self.members.iter().any(|m| m == package))
    }

    /// `cargo clippy` of every member's library, as the corpus and the
    /// compile fuzzer check them.
    pub fn clippy_libraries(&self) -> Result<BTreeMap<String, CrateDiagnostics>, String> {
        eprintln!("checking the generated crates (cargo clippy --workspace --lib)...");
        // A generated crate is a library and nothing else: `--all-targets`
        // would check each one a second time as its (empty) test harness.
        self.build(&["clippy", "--workspace", "--lib"])
    }

    /// The workspace's `Cargo.toml`, and the repository's lock file.
    pub fn write_workspace(&self) -> Result<(), String> {
        let mut toml = String::from(
            "# Written by `cargo xtask`.\n[workspace]\nresolver = \"2\"\nmembers = [\n",
        );
        for m in &self.members {
            let _ = writeln!(toml, "    \"{m}\",");
        }
        toml.push_str("]\n");
        std::fs::write(self.dir.join("Cargo.toml"), toml).map_err(|e| e.to_string())?;
        copy_lock(&self.dir)
    }
}

/// Writes `text` at `rel` below `dir`, creating its folders.
pub fn write_file(dir: &Path, rel: &str, text: &str) -> Result<(), String> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The repository's lock file into `dir`: it pins the dependency versions
/// the SDK is tested with, and spares a registry lookup.
fn copy_lock(dir: &Path) -> Result<(), String> {
    let lock = workspace_root().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_workspace_lists_its_members_and_empties_the_directory_when_made() {
        let dir = std::env::temp_dir().join(format!("xtask-scratch-{}", std::process::id()));
        write_file(&dir, "stale/file", "left from a previous run").expect("writes");
        let mut s = Scratch::create(&dir, "cargo xtask test").expect("creates");
        assert!(!dir.join("stale").exists());
        s.write_crate("a", &files(&[("src/lib.rs", "")]))
            .expect("writes");
        s.write_crate("sources-only", &files(&[("src/lib.rs", "")]))
            .expect("writes");
        s.add_member("a");
        s.write_workspace().expect("writes");
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("a manifest");
        assert!(
            manifest.contains("members = [\n    \"a\",\n]"),
            "{manifest}"
        );
        // The lock file is the workspace's, not each crate's.
        assert!(!dir.join("a/Cargo.lock").exists());
        let settings = s.settings("a");
        assert_eq!(settings.layout, CrateLayout::WorkspaceMember);
        assert_eq!(settings.regenerate_command, "cargo xtask test");

        let s = Scratch::create(&dir, "cargo xtask test")
            .expect("creates")
            .standalone();
        s.write_crate("old", &files(&[("Cargo.toml", "")]))
            .expect("writes");
        assert!(dir.join("old/Cargo.lock").exists());
        assert_eq!(s.settings("old").layout, CrateLayout::Standalone);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
