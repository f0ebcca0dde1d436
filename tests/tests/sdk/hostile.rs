//! A spec written to break out of identifiers, string literals and doc
//! comments (`tests/fixtures/specs/hostile.yaml`): its crate compiles (it is
//! a dependency of this crate), defines only what the spec asks for, and
//! keeps every original property name on the wire.

use std::path::Path;

use fixture_hostile::types::{AStdProcessExit1, Choice};
use quote::ToTokens;
use serde_json::json;

fn generated(file: &str) -> syn::File {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/generated/hostile")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("generated file");
    syn::parse_file(&text).expect("parses")
}

#[test]
fn every_original_property_name_round_trips() {
    let doc = json!({
        "a\"; std::process::exit(1); \"": "1",
        "self": "2", "Self": "3", "crate": "4", "super": "5", "": "6",
        "😀": "7", "🎉": "8", "Name": "9", "name": "10", "NAME": "11",
        "type": "12", "#[cfg(any())]": "13", "\u{202e}": "14", "r#raw": "15",
        "_": "16", "123": "17", "__proto__": "18", "a\nb": "19",
        "additional_properties": "20",
        "not in the spec": {"kept": true}
    });
    let parsed: AStdProcessExit1 = serde_json::from_value(doc.clone()).expect("decodes");
    assert_eq!(parsed.self_2.as_deref(), Some("3"));
    assert_eq!(parsed.field_2.as_deref(), Some("7"));
    assert_eq!(parsed.additional_properties.as_deref(), Some("20"));
    assert_eq!(serde_json::to_value(&parsed).expect("encodes"), doc);

    for value in [
        "a\"; exit",
        "",
        "😀",
        "Self",
        "self",
        "*/",
        "crate",
        "Unknown",
        "unknown",
        "other",
    ] {
        let choice: Choice = serde_json::from_value(json!(value)).expect("decodes");
        assert_eq!(
            serde_json::to_value(&choice).expect("encodes"),
            json!(value)
        );
    }
}

/// Names of the items the spec asks for: one type per schema (with the
/// prelude-clashing and unnameable ones renamed).
const TYPES: &[&str] = &[
    "AStdProcessExit1",
    "SelfModel",
    "SelfModel2",
    "Crate",
    "Type",
    "Type2",
    "OptionModel",
    "D",
    "A",
    "Choice",
];

/// In `requests.rs`: one request type per operation, and the parameters
/// behind the only operation that has optional ones.
const REQUESTS: &[&str] = &[
    "AStdProcessExit1",
    "AStdProcessExit1Params",
    "SelfModel",
    "SelfOp",
];

const TRAITS: &[&str] = &[
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Display",
    "From",
    "Serialize",
    "Deserialize",
];

#[test]
fn the_crate_defines_only_what_the_spec_asks_for() {
    let types = generated("src/types.rs");
    let mut defined = Vec::new();
    for item in &types.items {
        match item {
            syn::Item::Struct(s) => defined.push(s.ident.to_string()),
            syn::Item::Enum(e) => defined.push(e.ident.to_string()),
            syn::Item::Type(t) => defined.push(t.ident.to_string()),
            syn::Item::Impl(i) => {
                let self_ty = i.self_ty.to_token_stream().to_string();
                assert!(TYPES.contains(&self_ty.as_str()), "impl for {self_ty}");
                if let Some((_, path, _)) = &i.trait_ {
                    let name = path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    assert!(TRAITS.contains(&name.as_str()), "impl {name} for {self_ty}");
                }
            }
            // A struct's `Serialize` and `Deserialize`, written by the
            // runtime's macro from the struct's wire table.
            syn::Item::Macro(m)
                if m.mac.path.to_token_stream().to_string() == "runtime :: wire_struct" =>
            {
                let tokens = m.mac.tokens.to_string();
                let name = tokens.split('{').next().unwrap_or_default().trim();
                assert!(TYPES.contains(&name), "wire_struct! for {name}");
            }
            other => panic!("unexpected item in types.rs: {}", other.to_token_stream()),
        }
    }
    assert_eq!(defined, TYPES);

    let requests = generated("src/requests.rs");
    let mut defined = Vec::new();
    for item in &requests.items {
        match item {
            syn::Item::Struct(s) => defined.push(s.ident.to_string()),
            syn::Item::Type(t) => defined.push(t.ident.to_string()),
            syn::Item::Impl(i) => {
                let self_ty = i.self_ty.to_token_stream().to_string();
                assert!(REQUESTS.contains(&self_ty.as_str()), "impl for {self_ty}");
                assert!(i.trait_.is_none(), "trait impl for {self_ty}");
            }
            syn::Item::Fn(f) => assert!(f.sig.ident.to_string().starts_with("encode_")),
            syn::Item::Use(_) => {}
            other => panic!(
                "unexpected item in requests.rs: {}",
                other.to_token_stream()
            ),
        }
    }
    assert_eq!(defined, REQUESTS);

    let client = generated("src/client.rs");
    let mut functions = Vec::new();
    let mut traits = Vec::new();
    for item in &client.items {
        match item {
            syn::Item::Fn(f) => functions.push(f.sig.ident.to_string()),
            syn::Item::Impl(i) => {
                assert_eq!(i.self_ty.to_token_stream().to_string(), "Client");
                if let Some((_, path, _)) = &i.trait_ {
                    traits.push(path.to_token_stream().to_string());
                    continue;
                }
                for m in &i.items {
                    let syn::ImplItem::Fn(f) = m else {
                        panic!("not a method")
                    };
                    functions.push(f.sig.ident.to_string());
                }
            }
            syn::Item::Struct(s) => assert_eq!(s.ident, "Client"),
            syn::Item::Use(_) | syn::Item::Enum(_) => {}
            other => panic!("unexpected item in client.rs: {}", other.to_token_stream()),
        }
    }
    assert_eq!(traits, ["std :: fmt :: Debug", "FromCore"]);
    // The constructors, three operations, and their decoders.
    assert_eq!(
        functions,
        [
            "new",
            "builder",
            "base_url",
            "a_std_process_exit_1",
            "self_",
            "self_op",
            "decode_a_std_process_exit_1",
            "decode_self",
            "decode_self_op"
        ]
    );
}

#[test]
fn generated_crates_have_no_build_scripts_or_proc_macros() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut crates = vec![root.join("generated-sdk")];
    for e in std::fs::read_dir(root.join("tests/fixtures/generated"))
        .expect("fixtures")
        .flatten()
    {
        crates.push(e.path());
    }
    assert!(crates.len() >= 8);
    for dir in crates {
        assert!(
            !dir.join("build.rs").exists(),
            "{} has a build script",
            dir.display()
        );
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
        for forbidden in ["build =", "proc-macro", "[lib]", "links ="] {
            assert!(
                !manifest.contains(forbidden),
                "{}: `{forbidden}`",
                dir.display()
            );
        }
    }
}

#[test]
fn spec_text_in_docs_cannot_run_as_a_doctest_or_leave_its_comment() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generated/hostile");
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).expect("lib.rs");
    // The crate docs are the README.
    assert!(
        lib.contains("#![doc = include_str!(\"../README.md\")]"),
        "{lib}"
    );
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
    // The spec's ```rust block became text; the only Rust blocks are ours.
    assert!(
        readme.contains("```text\nstd::process::exit(1);"),
        "{readme}"
    );
    let ours = readme.matches("```rust,no_run\n").count();
    assert!((1..=4).contains(&ours), "{ours} blocks");
    assert_eq!(readme.matches("```rust").count(), ours);
    assert!(!readme.contains("```no_run"), "{readme}");
    assert_eq!(
        codegen::verify::runnable_readme_fences(&readme),
        Vec::<String>::new()
    );
    // Indented code would be a doctest too: it is not indented any more.
    assert!(readme.contains("\nfn indented_code_block()"), "{readme}");
    // Only web links stay links.
    assert!(
        readme.contains("\\[link\\](javascript:alert(1))"),
        "{readme}"
    );
    assert!(
        !readme.contains('\u{202e}'),
        "a bidi override reached the docs"
    );
}

#[test]
fn properties_named_like_the_readers_own_names_are_read() {
    use fixture_hostile::types::{A, D};
    let doc = json!({
        "__map": "1", "__key": "2", "map": "3", "key": "4", "deserializer": "5", "f": "6",
        "a": {"d": {"__map": "inner"}}
    });
    let d: D = serde_json::from_value(doc.clone()).expect("decodes");
    assert_eq!(d.map, "1");
    assert_eq!(d.key.as_deref(), Some("2"));
    assert_eq!(d.map_2.as_deref(), Some("3"));
    assert_eq!(d.deserializer.as_deref(), Some("5"));
    let a: &A = d.a.as_deref().expect("a");
    assert_eq!(a.d.as_ref().map(|d| d.map.as_str()), Some("inner"));
    assert_eq!(serde_json::to_value(&d).expect("encodes"), doc);
}
