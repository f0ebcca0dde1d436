//! The project commands over this repository's `sdks.toml`, and over a
//! temporary copy with a second SDK declared in it: what a repository
//! that adopts the generator runs.

use std::path::{Path, PathBuf};

use codegen::project::{self, Manifest, Mode};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// `cargo test` fails, like `cargo xtask codegen --check` (the same code),
/// when a checked-in crate is stale.
#[test]
fn checked_in_generated_code_is_fresh() {
    let report = project::check_all(&root()).expect("every declared crate generates");
    assert!(
        report.is_clean(),
        "generated code is stale; run `cargo xtask codegen`\n{}",
        report.diffs
    );
}

#[test]
fn generation_is_deterministic() {
    let root = root();
    let manifest = project::load(&root).expect("sdks.toml");
    for sdk in &manifest.sdks {
        let a = project::generate_sdk(&root, &manifest, sdk).expect("generates");
        let b = project::generate_sdk(&root, &manifest, sdk).expect("generates");
        assert_eq!(a.files, b.files, "{} differs between two runs", sdk.spec);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            if e.file_name() != "target" {
                copy_dir(&src, &dst);
            }
        } else {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}

const PETS: &str = "openapi: 3.1.0
info: {title: Pets, version: 1.0.0, license: {name: MIT}}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties: {name: {type: string}, tag: {type: [string, 'null']}}
";

/// A workspace copy with the OneInbox SDK and a second SDK declared: only
/// a spec and a table in `sdks.toml`, no Rust.
fn workspace_with_a_second_sdk(dir: &Path) -> Manifest {
    let _ = std::fs::remove_dir_all(dir);
    let root = root();
    copy_dir(&root.join("openapi"), &dir.join("openapi"));
    copy_dir(&root.join("generated-sdk"), &dir.join("generated-sdk"));
    std::fs::create_dir_all(dir.join("specs")).expect("mkdir");
    std::fs::write(dir.join("specs/pets.yaml"), PETS).expect("spec");
    let ours = std::fs::read_to_string(root.join("sdks.toml")).expect("sdks.toml");
    let oneinbox = ours
        .split("\n[[sdk]]\n")
        .find(|t| t.starts_with("name = \"oneinbox\"\n"))
        .expect("the OneInbox table");
    let text = format!(
        "runtime = \"codegen/runtime\"\n\n[[sdk]]\n{oneinbox}\n[[sdk]]\nname = \"pets\"\nspec = \"specs/pets.yaml\"\nout = \"sdks/pets\"\nversion = \"0.1.0\"\n"
    );
    std::fs::write(dir.join("sdks.toml"), &text).expect("sdks.toml");
    project::load(dir).expect("parses")
}

#[test]
fn a_second_sdk_is_declared_and_the_drift_gate_covers_both() {
    let dir = std::env::temp_dir().join(format!("codegen-project-{}", std::process::id()));
    let manifest = workspace_with_a_second_sdk(&dir);
    let names: Vec<&str> = manifest.sdks.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["oneinbox", "pets"]);

    // Before codegen, the new SDK's files are missing and the gate says so.
    let before = project::check_all(&dir).expect("generates");
    assert!(
        before.missing.contains(&"sdks/pets/Cargo.toml".to_owned()),
        "{:?}",
        before.missing
    );
    assert!(
        before.changed.is_empty(),
        "the OneInbox copy is fresh: {:?}",
        before.changed
    );

    let wrote = project::run_declared(&dir, &manifest, &[], Mode::Write).expect("writes");
    assert!(wrote.io_errors.is_empty(), "{:?}", wrote.io_errors);
    let cargo = std::fs::read_to_string(dir.join("sdks/pets/Cargo.toml")).expect("written");
    assert!(
        cargo.contains("name = \"pets\"\nversion = \"0.1.0\"\n"),
        "{cargo}"
    );
    assert!(cargo.contains("license = \"MIT\"\n"), "{cargo}");
    assert!(
        cargo.contains("path = \"../../codegen/runtime\""),
        "the runtime is found from sdks/pets: {cargo}"
    );
    assert!(project::check_all(&dir).expect("checks").is_clean());

    // A stale copy of either SDK fails the gate, and `--only` narrows it.
    for (file, name) in [
        ("generated-sdk/src/types.rs", "oneinbox"),
        ("sdks/pets/src/types.rs", "pets"),
    ] {
        let path = dir.join(file);
        let fresh = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("{fresh}// edited by hand\n")).expect("edit");
        let report = project::check_all(&dir).expect("checks");
        assert_eq!(report.changed, [file.to_owned()], "{name}");
        let other: Vec<String> = names
            .iter()
            .filter(|n| **n != name)
            .map(|n| (*n).to_owned())
            .collect();
        let narrowed = project::run_declared(&dir, &manifest, &other, Mode::Check).expect("checks");
        assert!(narrowed.is_clean(), "--only {other:?} leaves {name} out");
        std::fs::write(&path, fresh).expect("restore");
    }

    // The spec changes: the gate fails until codegen runs, which bumps the
    // version in sdks.toml (an added operation is additive: 0.1.0 → 0.1.1)
    // and writes the changelog.
    let spec = dir.join("specs/pets.yaml");
    let grown = PETS.replace(
        "components:",
        "  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200': {description: ok}\ncomponents:",
    );
    std::fs::write(&spec, grown).expect("spec");
    assert!(!project::check_all(&dir).expect("checks").is_clean());
    let manifest = project::load(&dir).expect("parses");
    project::run_declared(&dir, &manifest, &["pets".to_owned()], Mode::Write).expect("writes");
    let declared = std::fs::read_to_string(dir.join("sdks.toml")).expect("read");
    assert!(
        declared.ends_with("out = \"sdks/pets\"\nversion = \"0.1.1\"\n"),
        "{declared}"
    );
    let version_of = |m: &Manifest, name: &str| {
        let sdk = m.sdks.iter().find(|s| s.name == name).expect("declared");
        sdk.version.clone()
    };
    let after = project::load(&dir).expect("parses");
    assert_eq!(
        version_of(&after, "oneinbox"),
        version_of(&manifest, "oneinbox"),
        "oneinbox keeps its version"
    );
    let changelog = std::fs::read_to_string(dir.join("sdks/pets/CHANGELOG.md")).expect("changelog");
    assert!(changelog.contains("## [0.1.1]"), "{changelog}");
    assert!(changelog.contains("fn Client::list_pets"), "{changelog}");
    assert!(project::check_all(&dir).expect("checks").is_clean());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_names_a_declared_sdk() {
    let root = root();
    let manifest = project::load(&root).expect("sdks.toml");
    let err = project::run_declared(&root, &manifest, &["nope".to_owned()], Mode::Check)
        .expect_err("unknown");
    let text = err.to_string();
    assert!(
        text.starts_with("--only nope: sdks.toml declares no such SDK (it has: oneinbox, "),
        "{text}"
    );
}
