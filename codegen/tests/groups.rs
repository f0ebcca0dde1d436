//! API groups as Cargo features: which feature gates each type, method and
//! request, what `Cargo.toml` declares, and what the docs list. (That every
//! feature compiles alone is `cargo xtask groups`, run in CI.)

use codegen::{Settings, generate_from_path};

fn generated() -> codegen::Generated {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/specs/groups.yaml"
    );
    match generate_from_path(std::path::Path::new(spec), &Settings::default()) {
        Ok(g) => g,
        Err(d) => panic!("generation failed:\n{d}"),
    }
}

/// The `#[cfg(...)]` among the attributes of the item on the line that
/// starts with `item` (after indentation), or `None` if it has none.
fn gate(text: &str, item: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|l| l.trim_start().starts_with(item)) else {
        panic!("no line starts with `{item}`");
    };
    lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("#[") || l.starts_with("///"))
        .find(|l| l.starts_with("#[cfg("))
        .map(str::to_owned)
}

#[test]
fn types_are_gated_by_the_groups_that_reach_them() {
    let g = generated();
    let types = &g.files["src/types.rs"];
    let cases: &[(&str, Option<&str>)] = &[
        // Only listPets and getPetOwner (both in `pets`) reach a Pet.
        ("pub struct Pet ", Some(r#"#[cfg(feature = "pets")]"#)),
        ("impl NewOwner ", Some(r#"#[cfg(feature = "people")]"#)),
        // `pets` (getPetOwner) and `people` (Fern's group wins over the tag).
        (
            "pub struct Owner ",
            Some(r#"#[cfg(any(feature = "pets", feature = "people"))]"#),
        ),
        (
            "pub struct NewOwner ",
            Some(r#"#[cfg(feature = "people")]"#),
        ),
        ("pub struct Store ", Some(r#"#[cfg(feature = "stores")]"#)),
        // Every group reaches Address: nothing to gate.
        ("pub struct Address ", None),
        // An ungrouped operation's types are always there.
        ("pub struct Health ", None),
        // So is a schema no operation uses, and everything it holds.
        ("pub struct Catalogue ", None),
        ("pub struct Toy ", None),
    ];
    for (item, want) in cases {
        assert_eq!(gate(types, item).as_deref(), *want, "{item}");
    }
}

#[test]
fn methods_decoders_and_requests_are_gated_by_their_group() {
    let g = generated();
    let client = &g.files["src/client.rs"];
    let requests = &g.files["src/requests.rs"];
    let pets = Some(r#"#[cfg(feature = "pets")]"#.to_owned());
    // The group's namespace: its accessor, its handle and its methods.
    assert_eq!(gate(client, "pub fn pets("), pets);
    assert_eq!(gate(client, "pub struct Pets<"), pets);
    assert_eq!(gate(client, "impl<'c> Pets<'c>"), pets);
    assert_eq!(gate(client, "fn decode_list_pets("), pets);
    assert_eq!(gate(requests, "pub type ListPets "), pets);
    assert_eq!(
        gate(client, "pub fn people("),
        Some(r#"#[cfg(feature = "people")]"#.to_owned())
    );
    assert_eq!(gate(client, "pub fn health("), None);
    assert_eq!(gate(requests, "pub type Health "), None);
}

#[test]
fn cargo_toml_declares_every_group_on_by_default() {
    let g = generated();
    let toml = &g.files["Cargo.toml"];
    let features = &toml[toml.find("[features]").expect("a [features] table")..];
    assert_eq!(
        features.trim_end(),
        "[features]\ndefault = [\"pets\", \"people\", \"stores\"]\npets = []\npeople = []\nstores = []"
    );
    let counts: Vec<(String, usize)> = g
        .stats
        .groups
        .iter()
        .map(|s| (s.feature.clone(), s.operations))
        .collect();
    assert_eq!(
        counts,
        [
            ("pets".to_owned(), 2),
            ("people".to_owned(), 1),
            ("stores".to_owned(), 1)
        ]
    );
}

#[test]
fn docs_list_the_groups_with_their_operation_counts() {
    let g = generated();
    // The README is the crate docs too (`lib.rs` includes it).
    let readme = &g.files["README.md"];
    for row in [
        "| `pets` | Pets | 2 |",
        "| `people` | people | 1 |",
        "| `stores` | Stores | 1 |",
    ] {
        assert!(readme.contains(row), "README.md lacks {row}");
    }
    assert!(readme.contains("default-features = false, features = [\"pets\"]"));
}

#[test]
fn an_api_without_tags_has_no_features() {
    let spec = "openapi: 3.1.0
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      responses: {'200': {description: ok}}
";
    let g = match codegen::generate_from_str(spec, "spec.yaml", &Settings::default()) {
        Ok(g) => g,
        Err(d) => panic!("{d}"),
    };
    assert!(!g.files["Cargo.toml"].contains("[features]"));
    assert!(!g.files["src/client.rs"].contains("cfg("));
}

fn generated_with(settings: Settings) -> codegen::Generated {
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/specs/groups.yaml"
    );
    match generate_from_path(std::path::Path::new(spec), &settings) {
        Ok(g) => g,
        Err(d) => panic!("generation failed:\n{d}"),
    }
}

#[test]
fn the_flat_layout_keeps_every_method_on_the_client() {
    let flat = generated_with(Settings {
        client: codegen::ClientSettings {
            layout: codegen::ClientLayout::Flat,
            deprecated_forwarders: true,
        },
        ..Settings::default()
    });
    let client = &flat.files["src/client.rs"];
    assert!(client.contains("    pub fn list_pets(&self)"), "{client}");
    assert!(!client.contains("pub mod resources"));
    assert!(!flat.files["src/lib.rs"].contains("resources"));
}

#[test]
fn a_published_flat_method_keeps_a_deprecated_forwarder_unless_the_settings_drop_it() {
    let published: std::collections::BTreeSet<String> = ["list_pets".to_owned()].into();
    let kept = generated_with(Settings {
        published_methods: published.clone(),
        ..Settings::default()
    });
    let client = &kept.files["src/client.rs"];
    let at = client
        .find("pub fn list_pets(")
        .expect("the forwarder is on Client");
    assert!(
        client[..at].ends_with(
            "#[deprecated(note = \"moved: call `client.pets().list(…)`\")]\n    #[doc(hidden)]\n    #[cfg(feature = \"pets\")]\n    #[cfg_attr(docsrs, doc(cfg(feature = \"pets\")))]\n    "
        ),
        "{}",
        &client[at.saturating_sub(300)..at]
    );
    // Only methods the crate had get one.
    assert!(!client.contains("pub fn get_pet_owner("));
    let dropped = generated_with(Settings {
        published_methods: published,
        client: codegen::ClientSettings {
            layout: codegen::ClientLayout::Namespaced,
            deprecated_forwarders: false,
        },
        ..Settings::default()
    });
    assert!(!dropped.files["src/client.rs"].contains("pub fn list_pets("));
}
