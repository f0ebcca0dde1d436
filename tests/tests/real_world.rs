//! Real specs' habits (issue 10), one fixture spec each: repeated
//! operationIds, JSON Schema 2020-12 references, numbers beyond 64 bits,
//! overlapping discriminator mappings, keywords that do not fit the type,
//! `format: binary` inside JSON, `$ref`s that are not strings, and
//! FastAPI's generated body names. Each fixture's crate is a workspace
//! member, so it also compiles warning-free under `cargo clippy -D warnings`.

use sdk_tests::{Reply, ScriptedServer};
use serde_json::json;

#[tokio::test]
async fn repeated_operation_ids_become_distinct_readable_methods() {
    use fixture_repeated_operation_ids::Client;
    let server = ScriptedServer::start(vec![Reply::json(200, json!(["a"]))]).await;
    let client = Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    // `list` under the `users` and `projects` tags.
    assert_eq!(client.users_list().await.expect("users"), ["a"]);
    assert_eq!(client.projects_list().await.expect("projects"), ["a"]);
    // `status` with no tag: qualified by method and path.
    client.get_v1_status().await.expect("v1");
    client.get_v2_status().await.expect("v2");
    // A unique operationId keeps its usual name.
    client.health_check().await.expect("health");
    // x-fern-sdk-group-name [projects, admin] + x-fern-sdk-method-name.
    let _: fixture_repeated_operation_ids::OperationRequest<()> =
        client.projects_admin_create_project();
    let _ = client.users_create();
    let uris: Vec<String> = server.requests().into_iter().map(|r| r.uri).collect();
    assert_eq!(
        uris,
        ["/users", "/projects", "/v1/status", "/v2/status", "/health"]
    );
}

#[test]
fn references_by_id_anchor_and_defs_resolve_to_the_right_types() {
    use fixture_refs_31::types::{Color, Entry, Owner, Pet, PetDetails, Registry, Toy};
    let pet: Pet = serde_json::from_value(json!({
        "name": "Rex",
        "details": {"weight": 12.5, "tag": "R-1"},
        "tag": "blue collar",
        "color": "ginger",
        "owner": "o-1"
    }))
    .expect("decodes");
    let details: &PetDetails = &pet.details;
    assert_eq!(details.weight, Some(12.5));
    assert_eq!(pet.tag.as_deref(), Some("blue collar"));
    assert_eq!(pet.color, Some(Color::Ginger));
    let owner_id: Option<String> = pet.owner;
    assert_eq!(owner_id.as_deref(), Some("o-1"));

    // The second file: its refs resolved against Owner's `$id`.
    let owner: Owner = serde_json::from_value(json!({
        "name": "Ann",
        "favourite": {"weight": 3.0},
        "address": {"city": "Oslo"}
    }))
    .expect("decodes");
    assert_eq!(owner.favourite.and_then(|f| f.weight), Some(3.0));
    assert_eq!(owner.address.and_then(|a| a.city).as_deref(), Some("Oslo"));

    let registry: Registry =
        serde_json::from_value(json!({"entries": [{"key": "k"}]})).expect("decodes");
    let entries: Vec<Entry> = registry.entries.expect("entries");
    assert_eq!(entries[0].key.as_deref(), Some("k"));
    let toy: Toy = serde_json::from_value(json!({"name": "ball"})).expect("decodes");
    assert_eq!(toy.name, "ball");
}

#[test]
fn a_sibling_description_of_a_ref_documents_the_field() {
    let types = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/generated/refs-31/src/types.rs"
    ))
    .expect("readable");
    assert!(
        types.contains("/// Who looks after the pet.\n    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub owner: Option<OwnerRef>,"),
        "{types}"
    );
    // The anchor's own description documents the property that points at it.
    assert!(types.contains("/// A tag on the collar.\n    #[serde(skip_serializing_if = \"Option::is_none\")]\n    pub tag: Option<String>,"));
}

#[test]
fn integers_with_bounds_beyond_64_bits_are_still_integers() {
    use fixture_big_numbers::types::Counter;
    let c: Counter = serde_json::from_value(json!({
        "value": i64::MIN, "unsigned": 7, "huge": i64::MAX, "ratio": 0.25
    }))
    .expect("decodes");
    let value: i64 = c.value;
    assert_eq!(
        (value, c.unsigned, c.huge, c.ratio),
        (i64::MIN, Some(7), Some(i64::MAX), 0.25)
    );
}

#[test]
fn overlapping_mappings_match_each_tag_once() {
    use fixture_overlapping_discriminator::types::Animal;
    let decode = |v: serde_json::Value| -> Animal { serde_json::from_value(v).expect("decodes") };
    assert!(matches!(
        decode(json!({"kind": "dog", "bark": "woof"})),
        Animal::Dog(_)
    ));
    assert!(matches!(decode(json!({"kind": "hound"})), Animal::Dog(_)));
    assert!(matches!(decode(json!({"kind": "kitten"})), Animal::Cat(_)));
    // Bird's own constant says `dog`, but the mapping names it `bird`.
    assert!(matches!(
        decode(json!({"kind": "bird", "wings": 2})),
        Animal::Bird(_)
    ));
    assert!(matches!(
        decode(json!({"kind": "parrot"})),
        Animal::Parrot(_)
    ));
    // Wolf's only value, `hound`, selects Dog: Wolf is not a variant, and
    // an unknown tag is kept whole.
    let other = decode(json!({"kind": "fox", "tail": true}));
    assert!(
        matches!(&other, Animal::Unknown(v) if v["tail"] == true),
        "{other:?}"
    );
    let dog = decode(json!({"kind": "hound", "bark": "low"}));
    assert_eq!(
        serde_json::to_value(&dog).expect("encodes"),
        json!({"kind": "hound", "bark": "low"})
    );
}

#[test]
fn the_type_wins_over_keywords_of_other_types() {
    use fixture_keyword_mismatch::types::Delivery;
    // GitHub's hook-delivery payload: a string, though the schema also says
    // `additionalProperties: true`.
    let d: Delivery = serde_json::from_value(json!({"payload": "ok", "count": 3, "tags": ["a"]}))
        .expect("decodes");
    let payload: Option<String> = d.payload;
    assert_eq!(
        (payload.as_deref(), d.count, d.tags),
        (Some("ok"), 3, vec!["a".to_owned()])
    );
    let d: Delivery =
        serde_json::from_value(json!({"payload": null, "count": 0, "tags": []})).expect("decodes");
    assert_eq!(d.payload, None);
}

#[tokio::test]
async fn binary_is_text_inside_json_and_a_file_in_multipart() {
    use fixture_binary_in_json::types::{Document, Upload};
    use fixture_binary_in_json::{Base64, Binary, Client};
    let doc: Document = serde_json::from_value(json!({"content": "plain text", "encoded": "aGk="}))
        .expect("decodes");
    let content: String = doc.content.clone();
    assert_eq!(content, "plain text");
    assert_eq!(doc.encoded, Base64(b"hi".to_vec()));
    assert_eq!(
        serde_json::to_value(&doc).expect("encodes"),
        json!({"content": "plain text", "encoded": "aGk="})
    );
    let server = ScriptedServer::start(vec![Reply::raw(204, "text/plain", "")]).await;
    let client = Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    let upload = Upload::new(Binary::new(b"\x00\x01raw".to_vec()).with_filename("a.bin")).note("n");
    client.upload(&upload).await.expect("sent");
    let body = server.requests()[0].body.clone();
    let needle = b"filename=\"a.bin\"\r\n\r\n\x00\x01raw\r\n";
    assert!(
        body.windows(needle.len()).any(|w| w == needle),
        "{}",
        String::from_utf8_lossy(&body)
    );
}

#[tokio::test]
async fn a_ref_that_is_not_a_string_leaves_out_only_its_item() {
    use fixture_non_string_ref::types::Item;
    // The parameter behind `$ref: null` is left out; the other remains.
    let server = ScriptedServer::start(vec![Reply::json(200, json!({"id": "i"}))]).await;
    let client = fixture_non_string_ref::Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    client.list_items().page(2).await.expect("decodes");
    assert_eq!(server.requests()[0].uri, "/items?page=2");
    // The property whose `$ref` was null is any JSON value.
    let item: Item =
        serde_json::from_value(json!({"id": "i", "owner": {"name": "x"}})).expect("decodes");
    assert_eq!(item.owner, Some(json!({"name": "x"})));
}

#[test]
fn fastapi_body_schemas_are_named_after_their_operation() {
    use fixture_fastapi_names::types::{
        AddRulesToThePronunciationDictionaryBody, AddVoiceBody, BodyUnrelated,
    };
    let body = AddRulesToThePronunciationDictionaryBody::new(fixture_fastapi_names::Binary::new(
        b"x".to_vec(),
    ));
    assert_eq!(body.file.data, b"x");
    let _ = AddVoiceBody::new("v");
    // A schema merely named like a body, for no operation, keeps its name.
    let _ = BodyUnrelated::default();
}
