//! Checks on generated code that no compiler enforces: the rendered text
//! parses as Rust (the wire tables are laid out by the renderer, not by
//! prettyplease), and no doc comment opens a code block that rustdoc would
//! run. Used by tests, the fuzzers and `cargo xtask corpus`. (How each
//! field is written and read needs no check here: one wire table drives
//! both directions, and the compiler matches each row to its field.)

/// Whether `source` parses as a Rust file; the parser's message if not.
pub fn parses(source: &str) -> Result<(), String> {
    syn::parse_file(source)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Every code fence in the doc comments of `source` that rustdoc would
/// compile and run: any fence but `text`, except the generator's own crate
/// docs when `is_lib` (`no_run` examples and `toml`, which rustdoc does not
/// compile). The crate docs of a generated crate are its README, which
/// [`runnable_readme_fences`] checks.
pub fn runnable_doc_fences(source: &str, is_lib: bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut open = false;
    for line in source.lines() {
        let t = line.trim_start();
        // The emitter writes one `///` line per doc line; a block doc
        // comment could carry a fence past this check.
        if t.starts_with("/**") || t.starts_with("/*!") {
            found.push(line.to_owned());
            continue;
        }
        let Some(doc) = t.strip_prefix("///").or_else(|| t.strip_prefix("//!")) else {
            continue;
        };
        let doc = doc.trim();
        if !doc.starts_with("```") && !doc.starts_with("~~~") {
            continue;
        }
        if open {
            open = false;
            continue;
        }
        open = true;
        let info = doc.trim_start_matches(['`', '~']);
        if info != "text" && !(is_lib && matches!(info, "no_run" | "toml")) {
            found.push(line.to_owned());
        }
    }
    found
}

/// Every code fence of a generated README, which is also the crate's docs
/// (`lib.rs` includes it), that rustdoc would compile and run: any fence
/// but `text`, `toml` and the generator's own `rust,no_run` examples. Spec
/// text reaches a README only fenced as `text`.
pub fn runnable_readme_fences(readme: &str) -> Vec<String> {
    let mut found = Vec::new();
    // The opening fence's character and length, while a block is open.
    let mut open: Option<(char, usize)> = None;
    for line in readme.lines() {
        let t = line.trim();
        let Some(ch) = t.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            continue;
        };
        let run = t.chars().take_while(|&c| c == ch).count();
        if run < 3 {
            continue;
        }
        match open {
            // Only a run as long, with nothing after it, closes the block.
            Some((c, n)) if c == ch && run >= n && t.len() == run => open = None,
            Some(_) => {}
            None => {
                open = Some((ch, run));
                let info = &t[run..];
                if !matches!(info, "text" | "toml" | "rust,no_run") {
                    found.push(line.to_owned());
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_where_text_stops_parsing() {
        assert_eq!(parses("struct A;\n"), Ok(()));
        let e = parses("struct A;\nfn ();\n").expect_err("does not parse");
        assert!(e.starts_with("expected identifier"), "{e}");
        assert!(parses("fn (").is_err(), "unbalanced delimiters");
    }

    #[test]
    fn finds_fences_that_would_run() {
        let src = "/// ```text\n/// ok\n/// ```\n/// ```\n/// run me\n/// ```\n//! ```no_run\n//! x\n//! ```\n";
        assert_eq!(runnable_doc_fences(src, true), vec!["/// ```"]);
        assert_eq!(runnable_doc_fences(src, false).len(), 2);
        let readme = "```toml\na = 1\n```\n```rust,no_run\nx\n```\n````text\n```\ny\n````\n```rust\nrun me\n```\n";
        assert_eq!(runnable_readme_fences(readme), vec!["```rust"]);
    }
}
