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
    // `list` under the `users` and `projects` tags: each in its namespace.
    assert_eq!(client.users().list().await.expect("users"), ["a"]);
    assert_eq!(client.projects().list().await.expect("projects"), ["a"]);
    // `status` with no tag: qualified by method and path.
    client.get_v1_status().await.expect("v1");
    client.get_v2_status().await.expect("v2");
    // A unique operationId keeps its usual name.
    client.health_check().await.expect("health");
    // x-fern-sdk-group-name [projects, admin] nests `admin` in `projects`.
    let _: fixture_repeated_operation_ids::OperationRequest<()> =
        client.projects().admin().create_project();
    let _ = client.users().create();
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
        types.contains("/// Who looks after the pet.\n    pub owner: Option<OwnerRef>,"),
        "{types}"
    );
    // The anchor's own description documents the property that points at it.
    assert!(types.contains("/// A tag on the collar.\n    pub tag: Option<String>,"));
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

// Issue 19: the classes that broke on specs the generator had never seen,
// one fixture each.

/// Class 1: operations of the same request shape that return binary bodies
/// each have a request type of their own, so each `byte_stream` is its own.
#[tokio::test]
async fn binary_downloads_of_the_same_shape_each_stream_their_own_body() {
    use fixture_binary_downloads::Client;
    use futures_util::StreamExt;
    let server = ScriptedServer::start(vec![
        Reply::raw(200, "audio/mpeg", b"call-audio".to_vec()),
        Reply::raw(200, "audio/mpeg", b"voicemail".to_vec()),
        Reply::raw(200, "application/octet-stream", b"latest".to_vec()),
        Reply::raw(200, "application/octet-stream", b"previous".to_vec()),
    ])
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    let mut bodies = Vec::new();
    let streams = [
        client.download_recording("c1").byte_stream().await,
        client.download_voicemail("c1").byte_stream().await,
    ];
    for stream in streams {
        let chunks: Vec<_> = stream.expect("a byte stream").collect().await;
        let bytes: Vec<u8> = chunks
            .into_iter()
            .flat_map(|c| c.expect("a chunk").to_vec())
            .collect();
        bodies.push(bytes);
    }
    bodies.push(client.latest_export().await.expect("latest").data);
    let previous = client
        .previous_export()
        .byte_stream()
        .await
        .expect("stream");
    let chunks: Vec<_> = previous.collect().await;
    bodies.push(
        chunks
            .into_iter()
            .flat_map(|c| c.expect("a chunk").to_vec())
            .collect(),
    );
    assert_eq!(
        bodies,
        [&b"call-audio"[..], b"voicemail", b"latest", b"previous"]
    );
    let uris: Vec<String> = server.requests().into_iter().map(|r| r.uri).collect();
    assert_eq!(
        uris,
        [
            "/calls/c1/recording",
            "/calls/c1/voicemail",
            "/exports/latest",
            "/exports/previous"
        ]
    );
}

/// Class 2: parameters named like the request type's own methods get
/// setters of their own (`with_param`), and the request keeps its methods.
#[tokio::test]
async fn parameters_named_like_request_methods_keep_both() {
    use fixture_reserved_params::Client;
    let server = ScriptedServer::start(vec![Reply::json(200, json!(["hit"]))]).await;
    let client = Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    let hits = client
        .search()
        .with_param("a")
        .new_param(true)
        .pages_param(2)
        .streamed_param(false)
        .header_param("h")
        .timeout_param(5)
        .max_retries_param(1)
        .retry_non_idempotent_param(true)
        .send_param("s")
        .send_with_response_param("r")
        .build_request_param("b")
        .into_future_param("f")
        .fmt_param("m")
        .clone_param("c")
        // The request's own methods, untouched.
        .timeout(std::time::Duration::from_secs(5))
        .max_retries(0)
        .header("x-trace", "1")
        .send()
        .await
        .expect("hits");
    assert_eq!(hits, ["hit"]);
    let request = &server.requests()[0];
    assert_eq!(
        request.uri,
        "/search?with=a&new=true&pages=2&streamed=false&header=h&timeout=5&max_retries=1\
         &retry_non_idempotent=true&send=s&send_with_response=r&build_request=b\
         &into_future=f&fmt=m&clone=c"
    );
    assert_eq!(request.header("x-trace"), Some("1"));
    // `items` and `byte_stream` stay the stream methods.
    // (The spec documents no error body: the stream's type says nothing
    // of one.)
    let _: fixture_reserved_params::Items<String> = client.list_items().items_param("i").items();
    let _ = client.download("f").byte_stream_param(true).byte_stream();
}

/// Class 3: names the author chose that spell keywords (a form field
/// `url`, a parameter component `operationId`, a scope and a mapping value
/// `content`, properties `$ref`, `items`, `schema`) are names.
#[tokio::test]
async fn names_that_spell_keywords_are_names() {
    use fixture_keyword_names::Client;
    use fixture_keyword_names::types::{Content, Shape, UploadFormBody};
    let shape: Shape = serde_json::from_value(json!({
        "kind": "content", "content": "c", "$ref": "r", "items": 3,
        "properties": true, "schema": "s", "operationId": "o", "url": "https://x.test/"
    }))
    .expect("decodes");
    let Shape::Content(content) = &shape else {
        panic!("the mapping value `content` selects Content: {shape:?}");
    };
    let content: &Content = content;
    assert_eq!(content.r#ref.as_deref(), Some("r"));
    assert_eq!(content.items, Some(3));
    assert_eq!(content.schema.as_deref(), Some("s"));
    assert_eq!(content.operation_id.as_deref(), Some("o"));

    let server = ScriptedServer::start(vec![Reply::json(200, json!({"kind": "items"}))]).await;
    let client = Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    let form = UploadFormBody::new("https://example.com/a").schema("v1");
    let stored = client
        .upload_form(&form)
        .operation_id("op-1")
        .await
        .expect("stored");
    assert!(matches!(stored, Shape::Items(_)), "{stored:?}");
    let request = &server.requests()[0];
    assert_eq!(request.uri, "/content?operationId=op-1");
    let body = String::from_utf8_lossy(&request.body).into_owned();
    assert!(body.contains("name=\"url\"\r\n"), "{body}");
    assert!(body.contains("https://example.com/a"), "{body}");
}

/// Class 4: a `$ref` to the schema of a parameter, a response, a request
/// body or a path's body is that schema, shared by every place using it.
#[test]
fn refs_into_other_components_share_one_type() {
    use fixture_foreign_refs::types::{
        AuditListItem, AuditMethodType, AuditPatch, CreateAuditBody, CreateAuditBodyStatus,
    };
    let item: AuditListItem =
        serde_json::from_value(json!({"id": "a1", "method": "DELETE"})).expect("decodes");
    let method: AuditMethodType = item.method;
    assert_eq!(method, AuditMethodType::Delete);
    let body = CreateAuditBody::new(AuditMethodType::Post).status(CreateAuditBodyStatus::Open);
    assert_eq!(
        serde_json::to_value(&body).expect("encodes"),
        json!({"method": "POST", "status": "open"})
    );
    let patch: AuditPatch =
        serde_json::from_value(json!({"note": null, "method": "GET"})).expect("decodes");
    assert_eq!(patch.method, Some(AuditMethodType::Get));
    // A content map written as a reference reads the shared one.
    fn _recent(
        client: &fixture_foreign_refs::Client,
    ) -> fixture_foreign_refs::requests::RecentAudits {
        let request: fixture_foreign_refs::OperationRequest<Vec<AuditListItem>> =
            client.recent_audits();
        request
    }
    // The list operation's query parameters take the same types.
    let client = fixture_foreign_refs::Client::new();
    let _ = client
        .list_audits()
        .method(AuditMethodType::Get)
        .status(CreateAuditBodyStatus::Closed);
}

/// Class 5: pydantic's `#/$defs/X` inside a schema without an `$id` reads
/// the enclosing schema's definitions.
#[test]
fn pydantic_nested_defs_resolve_in_the_enclosing_schema() {
    use fixture_pydantic_defs::types::{Address, Line, Order};
    let order: Order = serde_json::from_value(json!({
        "id": "o1",
        "lines": [{"sku": "s", "quantity": 2}],
        "shipping": {"city": "Oslo"}
    }))
    .expect("decodes");
    let lines: &[Line] = &order.lines;
    assert_eq!(lines[0].quantity, 2);
    // `anyOf: [{$ref: '#/$defs/Address'}, {type: null}]`, optional.
    let shipping: fixture_pydantic_defs::Tristate<Address> = order.shipping;
    let city = shipping.into_value().map(|a| a.city);
    assert_eq!(city.as_deref(), Some("Oslo"));
}

/// Class 7: `allOf` over primitives is the primitive, refined: the shared
/// spec's `bank_123456789` example decodes as a string.
#[test]
fn allof_over_primitives_is_the_primitive() {
    use fixture_allof_primitives::types::{BankId, Currency, Transfer};
    let transfer: Transfer = serde_json::from_value(json!({
        "from": "bank_123456789",
        "to": "bank_987654321",
        "amount": 12,
        "currency": "EUR",
        "reference": "INV 1",
        "created": "2024-01-02T03:04:05Z"
    }))
    .expect("decodes");
    let from: &BankId = &transfer.from;
    let from: &String = from;
    assert_eq!(from, "bank_123456789");
    let amount: i64 = transfer.amount;
    assert_eq!(amount, 12);
    assert_eq!(transfer.currency, Currency::Eur);
    assert_eq!(transfer.reference.as_deref(), Some("INV 1"));
    let created: Option<fixture_allof_primitives::DateTime> = transfer.created;
    assert!(created.is_some());
}

/// From the corpus (Lob): `allOf: [{anyOf: [{required: [...]}, ...]},
/// {properties}]` is the object, and `format: float` keeps a double's
/// digits.
#[test]
fn constraint_only_unions_and_float_formats_lose_nothing() {
    use fixture_allof_primitives::types::{Address, Transfer};
    let value = json!({
        "from": "a", "to": "b", "amount": 1, "currency": "USD",
        "rate": 37.77597542841264,
        "beneficiary": {"line": "210 King Street", "zip_code": "94107"}
    });
    let transfer: Transfer = serde_json::from_value(value.clone()).expect("decodes");
    let rate: Option<f64> = transfer.rate;
    assert_eq!(rate, Some(37.77597542841264));
    let address: &Address = transfer.beneficiary.as_ref().expect("beneficiary");
    assert_eq!(address.zip_code.as_deref(), Some("94107"));
    assert_eq!(serde_json::to_value(&transfer).expect("encodes"), value);
}

#[tokio::test]
async fn grouped_operations_are_reached_through_nested_namespaces() {
    use fixture_namespaces::Client;
    let replies = (0..10).map(|_| Reply::raw(204, "text/plain", "")).collect();
    let server = ScriptedServer::start(replies).await;
    let client = Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");
    // The ungrouped `projects` operation keeps its name on `Client`; the
    // `projects` group's accessor yields to it.
    client.projects().await.expect("root");
    let projects = client.projects_api();
    projects.list().await.expect("list");
    // `members` (tag parent) and [projects, members] (Fern) are one namespace.
    projects.members().list("p1").await.expect("members list");
    projects.members().members("p1").await.expect("members");
    projects.members().count("p1").await.expect("count");
    // `project_members` would be `members`, which the namespace took.
    projects.members_op().await.expect("summary");
    // Both would be `list`: both keep their flat names.
    client
        .phone_numbers()
        .list_phone_numbers()
        .await
        .expect("numbers");
    client.phone_numbers().list().await.expect("all");
    // The `call` group's handle is `resources::Call2`: `Call` is taken.
    let calls: fixture_namespaces::resources::Call2<'_> = client.call();
    calls.list().await.expect("calls");
    let got: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| format!("{} {}", r.method, r.uri))
        .collect();
    assert_eq!(
        got,
        [
            "GET /root",
            "GET /projects",
            "GET /projects/p1/members",
            "POST /projects/p1/members",
            "GET /projects/p1/members/count",
            "GET /projects/members-summary",
            "GET /phone-numbers",
            "GET /phone-numbers/all",
            "GET /calls",
        ]
    );
}

/// The requests a security fixture client sent: URI, `Authorization` and
/// `Cookie`.
fn sent(server: &ScriptedServer) -> Vec<(String, Option<String>, Option<String>)> {
    server
        .requests()
        .into_iter()
        .map(|r| {
            let h = |n: &str| r.header(n).map(str::to_owned);
            (r.uri.clone(), h("authorization"), h("cookie"))
        })
        .collect()
}

#[tokio::test]
async fn each_operation_sends_what_its_own_requirement_asks_for() {
    use fixture_security_schemes::{Client, Error, auth};
    let replies = (0..8).map(|_| Reply::raw(204, "text/plain", "")).collect();
    let server = ScriptedServer::start(replies).await;
    let builder = || Client::builder().base_url(&server.url).max_retries(0);
    // Bearer AND the native flag: both go, together.
    let native = builder()
        .credential(auth::production_native_app("tok"))
        .credential(auth::production_native_flag("true"))
        .credential(auth::client_credentials("id", "secret"))
        .build()
        .expect("client");
    native.get_me().await.expect("native");
    // `security: []`: nothing, whatever is configured.
    native.get_asset_links().await.expect("public");
    // Its own requirement: Basic.
    native.revoke_token().await.expect("basic");
    // A query key, a cookie key, and (`{}` first) no key at all.
    let dev = builder()
        .credential(auth::dev_browser("dev"))
        .build()
        .expect("client");
    dev.get_me().await.expect("dev");
    let cookie = builder()
        .credential(auth::production_browser("c1"))
        .build()
        .expect("client");
    cookie.get_me().await.expect("cookie");
    let anonymous = builder().build().expect("client");
    anonymous.get_me().await.expect("anonymous");
    // Basic is not configured: refused before sending, naming the scheme.
    let err = dev.revoke_token().await.expect_err("no basic");
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "POST /oauth/token/revoke needs credentials for `ClientCredentials`; \
         configure them with ClientBuilder::credential"
    );
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        sent(&server),
        [
            ("/me?_is_native=true".to_owned(), some("Bearer tok"), None),
            ("/.well-known/assetlinks.json".to_owned(), None, None),
            (
                "/oauth/token/revoke".to_owned(),
                some("Basic aWQ6c2VjcmV0"),
                None
            ),
            ("/me?__dev_session=dev".to_owned(), None, None),
            ("/me".to_owned(), None, some("__client=c1")),
            ("/me".to_owned(), None, None),
        ]
    );
}

#[tokio::test]
async fn client_credentials_fetch_one_token_for_twenty_concurrent_calls() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::{get, post};
    use fixture_security_schemes::{Client, auth};

    let fetches = Arc::new(AtomicUsize::new(0));
    let bearers = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let (f, b) = (fetches.clone(), bearers.clone());
    let app = Router::new()
        // The spec's tokenUrl is `/oauth/token`, relative to the server.
        .route(
            "/oauth/token",
            post(move |body: String| {
                let n = f.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    assert!(body.contains("grant_type=client_credentials"), "{body}");
                    assert!(body.contains("scope=reports.read"), "{body}");
                    // Slow enough that every caller waits on this one fetch.
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    axum::Json(serde_json::json!({
                        "access_token": format!("tok-{n}"),
                        "token_type": "Bearer",
                        "expires_in": 3600,
                    }))
                }
            }),
        )
        .route(
            "/reports",
            get(move |headers: HeaderMap| {
                let auth = headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                b.lock().expect("lock").push(auth);
                async { StatusCode::NO_CONTENT }
            }),
        );
    let url = sdk_tests::serve(app).await;
    let client = Client::builder()
        .base_url(&url)
        .credential(auth::reports_client_credentials("id", "secret"))
        .build()
        .expect("client");
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let c = client.clone();
        calls.spawn(async move { c.list_reports().await });
    }
    while let Some(done) = calls.join_next().await {
        done.expect("joined").expect("the call succeeds");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    let seen = bearers.lock().expect("lock").clone();
    assert_eq!(seen, vec!["Bearer tok-1".to_owned(); 20]);
    // The secret shows nowhere in the client's Debug output.
    assert!(!format!("{client:?}").contains("secret"));
}

/// The headers of a Standard Webhooks delivery.
fn delivery<'a>(id: &'a str, ts: &'a str, sig: &'a str) -> [(&'a str, &'a str); 3] {
    [
        ("webhook-id", id),
        ("webhook-timestamp", ts),
        ("Webhook-Signature", sig),
    ]
}

#[test]
fn webhook_deliveries_are_verified_then_decoded_into_one_enum() {
    use fixture_webhooks::webhooks::{self, Event, WebhookError};
    let verifier = webhooks::verifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("secret");
    // The Standard Webhooks specification's published vector, through the
    // crate's scheme.
    let vector = delivery(
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "1614265330",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
    let body = br#"{"test": 2432232314}"#;
    verifier
        .verify_at(&vector, body, 1_614_265_330)
        .expect("the vector verifies");

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let ts = now.to_string();
    let body = br#"{"type":"endpoint.deleted","data":{"endpoint_id":"ep_1"}}"#;
    let sig = verifier.sign("msg_1", now, body);
    match webhooks::parse_event(&verifier, &delivery("msg_1", &ts, &sig), body) {
        Ok(Event::EndpointDeleted(e)) => assert_eq!(e.data.endpoint_id, "ep_1"),
        other => panic!("{other:?}"),
    }
    // A type this crate does not know still verifies, and is kept.
    let newer = br#"{"type":"endpoint.renamed","data":{}}"#;
    let sig = verifier.sign("msg_2", now, newer);
    match webhooks::parse_event(&verifier, &delivery("msg_2", &ts, &sig), newer) {
        Ok(Event::Unknown(v)) => assert_eq!(v["type"], "endpoint.renamed"),
        other => panic!("{other:?}"),
    }
    // Tampered body, another secret, a replayed delivery: refused.
    let sig = verifier.sign("msg_1", now, body);
    let tampered = br#"{"type":"endpoint.deleted","data":{"endpoint_id":"ep_2"}}"#;
    let err = webhooks::parse_event(&verifier, &delivery("msg_1", &ts, &sig), tampered);
    assert!(
        matches!(err, Err(WebhookError::NoMatchingSignature)),
        "{err:?}"
    );
    let other = webhooks::verifier("whsec_dGhlIG90aGVyIHNlY3JldA==").expect("secret");
    let err = webhooks::parse_endpoint_deleted(&other, &delivery("msg_1", &ts, &sig), body);
    assert!(
        matches!(err, Err(WebhookError::NoMatchingSignature)),
        "{err:?}"
    );
    let old = (now - 3600).to_string();
    let stale = verifier.sign("msg_1", now - 3600, body);
    let err = webhooks::parse_event(&verifier, &delivery("msg_1", &old, &stale), body);
    assert!(
        matches!(err, Err(WebhookError::TimestampOutsideTolerance { .. })),
        "{err:?}"
    );
}

#[test]
fn a_scheme_from_the_settings_file_verifies_github_style_signatures() {
    use fixture_github_webhooks::webhooks::{self, WebhookError};
    // GitHub's documented example.
    let verifier = webhooks::verifier("It's a Secret to Everybody").expect("secret");
    let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    let headers = [("X-Hub-Signature-256", sig)];
    verifier
        .verify(&headers, b"Hello, World!")
        .expect("verifies");
    let err = verifier.verify(&headers, b"Hello, World?");
    assert!(
        matches!(err, Err(WebhookError::NoMatchingSignature)),
        "{err:?}"
    );
    let body = br#"{"ref":"refs/heads/main"}"#;
    let sig = verifier.sign("", 0, body);
    let push =
        webhooks::parse_push_payload(&verifier, &[("x-hub-signature-256", sig.as_str())], body)
            .expect("verifies and decodes");
    assert_eq!(push.r#ref, "refs/heads/main");
}
