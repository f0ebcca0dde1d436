//! `cargo xtask walkthrough`: follows the README's "Adopting the generator
//! in another repository" to the letter, in a scratch directory outside
//! this workspace: writes each ```` ```lang file=PATH ```` block to PATH,
//! then runs the section's ```` ```sh ```` blocks as one script. The
//! checkout the walkthrough sits beside is this workspace (a symlink).

use std::path::Path;
use std::process::{ExitCode, Stdio};

use crate::Error;
use crate::flags::{Command, Flag, Matches};
use crate::paths::workspace_root;

const SECTION: &str = "## Adopting the generator in another repository";

/// What the section asks for: files to write, and the commands.
#[derive(Debug, Default, PartialEq, Eq)]
struct Walkthrough {
    files: Vec<(String, String)>,
    script: String,
}

fn read(readme: &str) -> Result<Walkthrough, String> {
    let start = readme
        .find(SECTION)
        .ok_or_else(|| format!("README.md has no `{SECTION}` section"))?;
    let body = &readme[start + SECTION.len()..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let mut w = Walkthrough::default();
    let mut open: Option<(Option<String>, bool, String)> = None;
    for line in body.lines() {
        match &mut open {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    let file = info
                        .split_whitespace()
                        .find_map(|w| w.strip_prefix("file="))
                        .map(str::to_owned);
                    let is_sh = info.split_whitespace().next() == Some("sh");
                    open = Some((file, is_sh, String::new()));
                }
            }
            Some((file, is_sh, text)) => {
                if line == "```" {
                    if let Some(f) = file.take() {
                        w.files.push((f, std::mem::take(text)));
                    } else if *is_sh {
                        w.script.push_str(text);
                    }
                    open = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    if open.is_some() {
        return Err("README.md: a block of the walkthrough is not closed".into());
    }
    if w.files.is_empty() || w.script.is_empty() {
        return Err("README.md: the walkthrough has no files or no commands".into());
    }
    Ok(w)
}

pub const COMMAND: Command = Command {
    name: "walkthrough",
    about: "follow the README's adoption walkthrough in a
            scratch repository outside this workspace",
    flags: &[Flag::value(
        "dir",
        "DIR",
        "the scratch repository, emptied first (default $TMPDIR/oneinbox-walkthrough)",
    )],
};

pub fn run(m: &Matches) -> Result<ExitCode, Error> {
    let root = workspace_root();
    let dir = m.path_or("dir", std::env::temp_dir().join("oneinbox-walkthrough"));
    // It is emptied, and cargo would take it for part of this workspace.
    if dir.starts_with(&root) {
        return Err(m.bad("dir", "must be outside this workspace").into());
    }
    let readme = std::fs::read_to_string(root.join("README.md")).map_err(|e| e.to_string())?;
    let w = read(&readme)?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::os::unix::fs::symlink(&root, dir.join("oneinbox-sdk")).map_err(|e| e.to_string())?;
    for (path, text) in &w.files {
        write(&dir, path, text)?;
    }
    // Not a step of the walkthrough: this workspace's lock file beside
    // each manifest, so the scratch repository resolves the same
    // dependency versions and reuses their builds from the shared target
    // directory.
    for (path, _) in w.files.iter().filter(|(p, _)| p.ends_with("Cargo.toml")) {
        let lock = dir.join(path).with_file_name("Cargo.lock");
        std::fs::copy(root.join("Cargo.lock"), lock).map_err(|e| e.to_string())?;
    }
    eprintln!("==> the walkthrough in {}:\n{}", dir.display(), w.script);
    let status = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", &w.script])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("could not run bash: {e}"))?;
    if status.success() {
        eprintln!("the walkthrough works");
        let _ = std::fs::remove_dir_all(&dir);
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "error: the walkthrough failed; its files are in {}",
            dir.display()
        );
        Ok(ExitCode::FAILURE)
    }
}

fn write(dir: &Path, rel: &str, text: &str) -> Result<(), String> {
    if rel.split('/').any(|c| c == ".." || c.is_empty()) {
        return Err(format!(
            "README.md: `file={rel}` leaves the scratch directory"
        ));
    }
    crate::scratch::write_file(dir, rel, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_and_commands_of_its_section_only() {
        let md = "# x\n```sh\nnot this\n```\n## Adopting the generator in another repository\ntext\n```toml file=a/b.toml\nk = 1\n```\n```sh\ncd a\n```\n```rust\nignored\n```\n```sh\nls\n```\n## Next\n```sh\nnor this\n```\n";
        let w = read(md).expect("reads");
        assert_eq!(w.files, [("a/b.toml".to_owned(), "k = 1\n".to_owned())]);
        assert_eq!(w.script, "cd a\nls\n");
    }

    #[test]
    fn this_readme_has_a_walkthrough() {
        let readme =
            std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
        let w = read(&readme).expect("reads");
        assert!(w.files.iter().any(|(p, _)| p.ends_with("sdks.toml")));
        assert!(w.script.contains("cargo xtask codegen --check"));
    }
}
