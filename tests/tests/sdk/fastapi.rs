//! The SDK against a real FastAPI service (pydantic v2, uvicorn on
//! 127.0.0.1), generated from the OpenAPI document FastAPI itself exports:
//! what pydantic saw as set (`model_fields_set`) for absent, null and value
//! at both levels of the PATCH body, and a response with a naive and an
//! offset datetime and an unknown routing key, decoded and written back
//! unchanged.

use fixture_fastapi_twin::types::{InboundRoutingUpdate, PhoneNumberResponse, PhoneNumberUpdate};
use fixture_fastapi_twin::{Client, Tristate};
use sdk_tests::fastapi::{FastApiServer, app_dir, python};
use serde_json::{Value, json};

const PHONE_ID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("oi_sk_test")
        .max_retries(0)
        .build()
        .expect("client")
}

async fn last_patch(url: &str) -> Value {
    let text = reqwest::get(format!("{url}/_test/last-patch"))
        .await
        .expect("reachable")
        .text()
        .await
        .expect("a body");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn the_checked_in_document_is_what_fastapi_exports() {
    let out = std::env::temp_dir().join(format!("fastapi-openapi-{}.json", std::process::id()));
    let status = std::process::Command::new(python())
        .arg("export_openapi.py")
        .arg(&out)
        .current_dir(app_dir())
        .status()
        .expect("run the export");
    assert!(status.success());
    let exported: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("exported")).expect("JSON");
    let checked_in: Value = serde_json::from_str(
        &std::fs::read_to_string(app_dir().join("openapi.json")).expect("checked in"),
    )
    .expect("JSON");
    let _ = std::fs::remove_file(&out);
    assert!(
        exported == checked_in,
        "tests/fastapi/openapi.json is stale: run `target/fastapi-venv/bin/python export_openapi.py` in tests/fastapi, then `cargo xtask codegen`"
    );
}

/// Each PATCH and what pydantic saw: the fields set at the top level, in
/// the routing object (`null` when it was not sent), and the body as it
/// was read (`exclude_unset`).
#[tokio::test]
async fn absent_null_and_value_arrive_as_meant_at_both_levels() {
    let server = FastApiServer::start();
    let client = client(&server.url);
    let id = PHONE_ID.parse().expect("uuid");
    let agent: uuid::Uuid = "44444444-4444-4444-4444-444444444444"
        .parse()
        .expect("uuid");
    let cases: Vec<(&str, PhoneNumberUpdate, Value)> = vec![
        (
            "nothing",
            PhoneNumberUpdate::default(),
            json!({"top": [], "routing": null, "body": {}}),
        ),
        (
            "a value",
            PhoneNumberUpdate::new().friendly_name("Main line"),
            json!({"top": ["friendly_name"], "routing": null, "body": {"friendly_name": "Main line"}}),
        ),
        (
            "a null",
            PhoneNumberUpdate::new()
                .clear_friendly_name()
                .agent_id(agent),
            json!({"top": ["agent_id", "friendly_name"], "routing": null,
                   "body": {"friendly_name": null, "agent_id": agent.to_string()}}),
        ),
        (
            "a nested null",
            PhoneNumberUpdate::new().inbound_routing(InboundRoutingUpdate::new().clear_fallback()),
            json!({"top": ["inbound_routing"], "routing": ["fallback"],
                   "body": {"inbound_routing": {"fallback": null}}}),
        ),
        (
            "nested values",
            PhoneNumberUpdate::new().inbound_routing(
                InboundRoutingUpdate::new()
                    .agent_id(agent)
                    .voicemail_message("Call back later"),
            ),
            json!({"top": ["inbound_routing"], "routing": ["agent_id", "voicemail_message"],
                   "body": {"inbound_routing": {"agent_id": agent.to_string(), "voicemail_message": "Call back later"}}}),
        ),
    ];
    for (what, patch, seen) in cases {
        let number = client
            .update_phone_number(id, &patch)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(last_patch(&server.url).await, seen, "{what}");
        assert_eq!(number.id, PHONE_ID, "{what}");
    }
    // The merges took effect: the name was cleared, the fallback cleared,
    // the routing agent and message set, the unknown key kept.
    let number = client
        .update_phone_number(id, &PhoneNumberUpdate::default())
        .await
        .expect("patch");
    assert_eq!(number.friendly_name, None);
    let routing = number.inbound_routing.into_value().expect("routing");
    assert_eq!(routing.fallback, Tristate::Null);
    assert_eq!(
        routing.voicemail_message.as_value().map(String::as_str),
        Some("Call back later")
    );
    assert_eq!(
        routing.additional_properties.get("business_hours"),
        Some(&json!({"mon": "09:00-17:00"}))
    );
}

#[tokio::test]
async fn naive_and_offset_datetimes_decode_and_round_trip() {
    let server = FastApiServer::start();
    let id = PHONE_ID.parse().expect("uuid");
    let number: PhoneNumberResponse = client(&server.url)
        .update_phone_number(id, &PhoneNumberUpdate::default())
        .await
        .expect("decodes, naive created_at included");
    assert!(number.created_at.is_naive());
    assert_eq!(number.created_at.to_utc(), None);
    assert_eq!(number.created_at.to_string(), "2023-11-07T05:31:56");
    assert_eq!(
        number.updated_at.to_fixed().map(|t| t.to_rfc3339()),
        Some("2023-11-07T05:31:56.123456-04:00".to_owned())
    );
    // What the server sent, byte for byte, is what writing it back gives.
    let raw = reqwest::Client::new()
        .patch(format!("{}/v1/phone-numbers/{PHONE_ID}", server.url))
        .bearer_auth("oi_sk_test")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .expect("reachable")
        .text()
        .await
        .expect("a body");
    let raw: Value = serde_json::from_str(&raw).expect("JSON");
    assert_eq!(serde_json::to_value(&number).expect("encodes"), raw);
}
