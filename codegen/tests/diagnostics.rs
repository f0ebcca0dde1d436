//! The exact messages for broken specs (snapshots of the fixtures in
//! `tests/fixtures/invalid`), and the limits that keep hostile input from
//! exhausting the stack or memory.
//!
//! Update the snapshots after an intended change with
//! `UPDATE_SNAPSHOTS=1 cargo test -p oneinbox-codegen --test diagnostics`.

use std::path::{Path, PathBuf};

use codegen::{Settings, generate_from_path, generate_from_str};

fn fixtures() -> PathBuf {
    // Relative, so the paths inside messages do not depend on the checkout.
    PathBuf::from("../tests/fixtures/invalid")
}

/// What a user sees for `spec`: the diagnostics, or that it generated.
fn report(spec: &Path) -> String {
    match generate_from_path(spec, &Settings::default()) {
        Ok(g) if g.warnings.is_empty() => "generated without diagnostics\n".to_owned(),
        Ok(g) => format!("generated, with:\n{}\n", g.warnings),
        Err(d) => format!("{d}\n"),
    }
}

#[test]
fn invalid_spec_messages_match_their_snapshots() {
    let dir = fixtures();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 10, "fixtures missing: {specs:?}");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut mismatches = Vec::new();
    for spec in specs {
        let got = report(&spec);
        let snapshot = spec.with_extension("expected");
        if update {
            std::fs::write(&snapshot, &got).expect("write snapshot");
            continue;
        }
        let want = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if got != want {
            mismatches.push(format!(
                "{}:\n--- expected\n{want}--- got\n{got}",
                spec.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn an_unreadable_file_is_one_clear_error() {
    let err = generate_from_path(
        Path::new("../tests/fixtures/invalid/no-such-spec.yaml"),
        &Settings::default(),
    )
    .expect_err("missing");
    assert_eq!(
        err.to_string(),
        "error: cannot read `../tests/fixtures/invalid/no-such-spec.yaml`: No such file or directory (os error 2)"
    );
    let dir = generate_from_path(Path::new("../tests/fixtures/invalid"), &Settings::default())
        .expect_err("a directory");
    assert!(dir.to_string().ends_with("it is a directory"), "{dir}");
}

#[test]
fn ten_thousand_levels_of_nesting_are_an_error_not_a_stack_overflow() {
    let depth = 10_000;
    let json = format!(
        "{{\"openapi\": \"3.1.0\", \"x\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = generate_from_str(&json, "deep.json", &Settings::default()).expect_err("too deep");
    assert_eq!(
        err.to_string(),
        "error: invalid JSON: nesting exceeds the 128-level limit\n  --> deep.json:1:153\n  = help: the document nests deeper than any real spec"
    );
    let yaml = format!(
        "openapi: 3.1.0\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = generate_from_str(&yaml, "deep.yaml", &Settings::default()).expect_err("too deep");
    assert!(
        err.to_string().contains("recursion limit exceeded"),
        "{err}"
    );
}

#[test]
fn a_ten_megabyte_spec_generates() {
    // 200 schemas with long descriptions and 40 properties each.
    let mut schemas = serde_json::Map::new();
    for i in 0..200 {
        let mut props = serde_json::Map::new();
        for j in 0..40 {
            props.insert(
                format!("field_{j}"),
                serde_json::json!({"type": "string", "description": "d".repeat(1_000)}),
            );
        }
        schemas.insert(
            format!("Schema{i}"),
            serde_json::json!({"type": "object", "description": "x ".repeat(5_000), "properties": props}),
        );
    }
    let spec = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "Big", "version": "1.0.0"},
        "paths": {},
        "components": {"schemas": schemas}
    })
    .to_string();
    assert!(spec.len() > 10_000_000, "only {} bytes", spec.len());
    let g = generate_from_str(&spec, "big.json", &Settings::default()).expect("generates");
    assert_eq!(g.stats.types, 200);
    assert!(g.files["src/types.rs"].contains("pub struct Schema199 {"));
}
