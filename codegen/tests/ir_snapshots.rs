//! IR snapshot tests: for every crate `sdks.toml` declares, what lowering
//! decides (`Generated::ir`) must equal its snapshot in `codegen/tests/ir`,
//! which `cargo xtask codegen` writes. A failure shows the decisions that
//! changed; bless them by regenerating.

use std::path::Path;

#[test]
fn every_declared_crate_matches_its_ir_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = codegen::project::load(&root).expect("sdks.toml loads");
    let dir = manifest
        .ir_snapshots
        .clone()
        .expect("sdks.toml names ir-snapshots");
    assert!(
        manifest.sdks.len() > 20,
        "only {} crates",
        manifest.sdks.len()
    );
    let mut stale = Vec::new();
    for sdk in &manifest.sdks {
        let generated = codegen::project::generate_sdk(&root, &manifest, sdk)
            .unwrap_or_else(|e| panic!("{} does not generate: {e}", sdk.name));
        let path = root.join(&dir).join(format!("{}.ir", sdk.name));
        let blessed = std::fs::read_to_string(&path).unwrap_or_default();
        if blessed.replace("\r\n", "\n") != generated.ir {
            let diff = similar::TextDiff::from_lines(&blessed, &generated.ir)
                .unified_diff()
                .header(&format!("{} (blessed)", path.display()), "generated")
                .to_string();
            stale.push(diff);
        }
    }
    assert!(
        stale.is_empty(),
        "IR snapshots differ; if the change is intended, run `cargo xtask codegen`:\n{}",
        stale.join("\n")
    );
}

/// The snapshot says what the crate's code will do: the OneInbox PATCH
/// body's merge-patch fields, their encodings and the namespaced method.
#[test]
fn the_oneinbox_snapshot_records_encodings_and_homes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("codegen/tests/ir/oneinbox.ir")).expect("blessed");
    assert!(
        text.contains("  tristate fallback: RoutingFallbackUpdate = \"fallback\""),
        "{text}"
    );
    assert!(text.contains("op update_phone_number PATCH /v1/phone-numbers/{phone_id} -> client.phone_numbers().update()"), "{text}");
}
