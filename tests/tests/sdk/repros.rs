//! The three generator bugs of issue 12, each a fixture spec of its own:
//! parameters named like the generated code's locals, a discriminator that
//! cannot select (whose fallback must still send the tag), and spec text
//! that tried to become a doctest. Their crates are workspace members, so
//! `cargo test --workspace` also compiles them and runs their doctests.

use std::path::{Path, PathBuf};

use fixture_repro_discriminator_fallback::types::{Pet, PetVariant1, PetVariant1Kind, PetVariant2};
use fixture_repro_local_names::types::PutThingBody;
use fixture_repro_local_names::{Binary, Client};
use sdk_tests::{Reply, ScriptedServer};
use serde_json::json;

#[tokio::test]
async fn parameters_named_like_locals_are_sent_as_themselves() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, json!({"call": "c"})),
        Reply::raw(204, "text/plain", ""),
    ])
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    let item = client
        .get_item("x/y")
        .response("r")
        .value(3)
        .await
        .expect("decodes");
    assert_eq!(item.call.as_deref(), Some("c"));
    let body = PutThingBody::new()
        .file(Binary::new(b"data".to_vec()).with_filename("f.bin"))
        .value("v");
    client
        .put_thing("resp", 7, "b", "val", &body)
        .self_("s")
        .await
        .expect("sends");
    let requests = server.requests();
    assert_eq!(requests[0].uri, "/items/x%2Fy?response=r&value=3");
    assert_eq!(requests[1].uri, "/things/resp/7/b/val?self=s");
    let sent = String::from_utf8_lossy(&requests[1].body);
    assert!(sent.contains("name=\"value\"\r\n\r\nv\r\n"), "{sent}");
    assert!(sent.contains("filename=\"f.bin\""), "{sent}");
}

#[test]
fn an_untagged_fallback_keeps_the_tag_on_the_wire() {
    let dog = Pet::PetVariant1(PetVariant1::new(PetVariant1Kind::Dog, "woof"));
    assert_eq!(
        serde_json::to_value(&dog).expect("serializes"),
        json!({"kind": "dog", "bark": "woof"})
    );
    let cat: Pet = serde_json::from_value(json!({"kind": "cat", "meow": "purr"})).expect("decodes");
    let Pet::PetVariant2(PetVariant2 { kind, meow, .. }) = &cat else {
        panic!("a cat is the second variant: {cat:?}")
    };
    assert_eq!((kind.as_str(), meow.as_str()), ("cat", "purr"));
    assert_eq!(
        serde_json::to_value(&cat).expect("serializes"),
        json!({"kind": "cat", "meow": "purr"})
    );
}

#[tokio::test]
async fn the_server_receives_the_tag() {
    let server =
        ScriptedServer::start(vec![Reply::json(200, json!({"kind": "dog", "bark": "b"}))]).await;
    let client = fixture_repro_discriminator_fallback::Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    let pet = Pet::PetVariant2(PetVariant2::new("cat", "m"));
    let back = client.add_pet(&pet).await.expect("decodes");
    assert!(matches!(back, Pet::PetVariant1(_)), "{back:?}");
    assert_eq!(
        server.requests()[0].json(),
        json!({"kind": "cat", "meow": "m"})
    );
}

fn generated_crates() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut crates = vec![root.join("generated-sdk")];
    let fixtures = root.join("tests/fixtures/generated");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    crates.extend(dirs);
    crates
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// In every generated crate, a code fence in docs is either inert
/// (`text`, `toml`) or one of the generator's own examples (`rust,no_run`,
/// in the README that is the crate docs). Spec text can therefore never be
/// compiled or run as a doctest.
#[test]
fn no_spec_text_reaches_a_doctest() {
    let mut checked = 0;
    for krate in generated_crates() {
        let readme = std::fs::read_to_string(krate.join("README.md")).expect("README.md");
        let fences = codegen::verify::runnable_readme_fences(&readme);
        assert!(
            fences.is_empty(),
            "{}/README.md: fences that rustdoc would run: {fences:?}",
            krate.display()
        );
        let mut files = Vec::new();
        rust_files(&krate.join("src"), &mut files);
        for file in files {
            let source = std::fs::read_to_string(&file).expect("readable");
            let fences =
                codegen::verify::runnable_doc_fences(&source, file.ends_with("src/lib.rs"));
            assert!(
                fences.is_empty(),
                "{}: fences that rustdoc would run: {fences:?}",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} files checked");
}
