//! Scans the generated crates checked into this repository for serde
//! attribute pairings the compiler cannot check (see `codegen::verify`).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_tristate_field_has_default_and_skip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join("generated-sdk/src"), &mut files);
    rust_files(&root.join("tests/fixtures/generated"), &mut files);
    let mut tristate_fields = 0;
    let mut problems = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        tristate_fields += text.matches("crate::Tristate<").count();
        let found = codegen::verify::tristate_pairing(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", f.display()));
        problems.extend(found.into_iter().map(|p| format!("{}: {p}", f.display())));
    }
    // The scan must have something to look at, or it proves nothing.
    assert!(
        tristate_fields >= 10,
        "only {tristate_fields} Tristate fields found"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Generated crates do not turn `missing_docs` on, so no item carries an
/// attribute that excuses its lack of docs (the spec's silence is not
/// filled with words either). The hostile fixture has undocumented items
/// of every kind, so the scan sees them.
#[test]
fn no_item_excuses_missing_docs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join("generated-sdk/src"), &mut files);
    rust_files(&root.join("tests/fixtures/generated"), &mut files);
    assert!(files.len() > 50, "only {} files", files.len());
    let noisy: Vec<String> = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .expect("readable")
                .contains("missing_docs")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(noisy.is_empty(), "{noisy:?}");
}
