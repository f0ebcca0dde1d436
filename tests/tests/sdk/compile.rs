//! Compile tests: the README's examples build, and the types reject the
//! mistakes they are designed to reject (`tests/ui/fail/*.stderr` hold the
//! expected compiler errors; refresh them with
//! `TRYBUILD=overwrite cargo test -p sdk-tests --test sdk compile::` and review
//! the diff).
//!
//! The `.stderr` snapshots are rustc's wording, so a new toolchain may need
//! them refreshed.

use std::path::{Path, PathBuf};

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The body of every fenced block whose info string starts with `rust`
/// (```` ```rust ````, ```` ```rust,no_run ````), lines joined with `\n`.
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.starts_with("```rust") => current = Some(String::new()),
            None => {}
            Some(_) if line.trim_end() == "```" => blocks.extend(current.take()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    assert!(current.is_none(), "README.md has an unclosed ```rust block");
    blocks
}

fn pass_files() -> Vec<(PathBuf, String)> {
    let dir = crate_dir().join("ui/pass");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/ui/pass exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (path, text)
        })
        .collect();
    files.sort();
    files
}

/// README and compile tests cannot drift: every ```rust block of the README
/// is, verbatim, in a compile-pass file, and every `readme_*` pass file
/// still holds a block of the README.
#[test]
fn readme_examples_are_compile_tested_verbatim() {
    let readme = std::fs::read_to_string(crate_dir().join("../README.md")).expect("README.md");
    let blocks = rust_blocks(&readme);
    assert!(
        blocks.len() >= 4,
        "expected the README's Rust examples, found {} blocks",
        blocks.len()
    );
    let files = pass_files();
    for block in &blocks {
        assert!(
            files.iter().any(|(_, text)| text.contains(block.as_str())),
            "this README example is in no tests/ui/pass file; copy it there verbatim \
             (with `fn main() {{}}`):\n{block}"
        );
    }
    for (path, text) in &files {
        let is_readme_copy = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("readme_"));
        if is_readme_copy {
            assert!(
                blocks.iter().any(|block| text.contains(block.as_str())),
                "{} no longer matches any README example; update or delete it",
                path.display()
            );
        }
    }
}

#[test]
fn rust_blocks_finds_bodies_only() {
    let md = "text\n```rust,no_run\nfn a() {}\n```\n```sh\nls\n```\n```rust\nfn b() {}\n\nfn c() {}\n```\n";
    assert_eq!(rust_blocks(md), ["fn a() {}\n", "fn b() {}\n\nfn c() {}\n"]);
}
