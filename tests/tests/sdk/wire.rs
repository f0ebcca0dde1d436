//! What the SDK puts on the wire for `update_phone_number`, checked against a
//! real HTTP server on 127.0.0.1, and how it decodes the answer.

use oneinbox::types::{InboundRoutingUpdate, PhoneNumberUpdate};
use sdk_tests::{Reply, ScriptedServer, client};
use serde_json::json;

const PHONE_ID: &str = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

fn phone_number_json() -> serde_json::Value {
    json!({
        "id": PHONE_ID,
        "phone_number": "+14155550100",
        "friendly_name": "Support line",
        "provider": "twilio",
        "agent_id": "agent_123",
        "status": "active",
        "inbound_trunk_id": null,
        "outbound_trunk_id": "ot_1",
        "dispatch_rule_id": null,
        "created_at": "2023-11-07T05:31:56Z",
        "updated_at": "2023-11-08T09:00:00Z",
        "inbound_routing": {
            "agent_id": "agent_123",
            "fallback": {"agent_id": "agent_456"},
            "voicemail_message": "Leave a message"
        }
    })
}

/// The method `update_phone_number` was on `Client` before it moved into
/// `phone_numbers()`: its deprecated forwarder sends the same bytes.
#[tokio::test]
#[allow(deprecated)]
async fn the_deprecated_flat_method_sends_what_the_namespaced_one_does() {
    let replies = vec![
        Reply::json(200, phone_number_json()),
        Reply::json(200, phone_number_json()),
    ];
    let server = ScriptedServer::start(replies).await;
    let client = client(&server.url);
    let phone_id: uuid::Uuid = PHONE_ID.parse().expect("uuid");
    let body = PhoneNumberUpdate::new().friendly_name("Support line");
    let old = client
        .update_phone_number(phone_id, &body)
        .await
        .expect("old");
    let new = client
        .phone_numbers()
        .update(phone_id, &body)
        .await
        .expect("new");
    assert_eq!(old, new);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].uri, requests[1].uri);
    assert_eq!(requests[0].method, requests[1].method);
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn update_phone_number_sends_the_exact_request_and_decodes_the_response() {
    let server = ScriptedServer::start(vec![Reply::json(200, phone_number_json())]).await;
    let client = client(&server.url);
    let phone_id: uuid::Uuid = PHONE_ID.parse().expect("uuid");
    let body = PhoneNumberUpdate::new()
        .friendly_name("Support line")
        .inbound_routing(
            InboundRoutingUpdate::new()
                .voicemail_message("Leave a message")
                .clear_fallback(),
        );

    let updated = client
        .phone_numbers()
        .update(phone_id, &body)
        .await
        .expect("the call succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "PATCH");
    assert_eq!(r.uri, format!("/v1/phone-numbers/{PHONE_ID}"));
    assert_eq!(r.header("authorization"), Some("Bearer oi_sk_test"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let user_agent = format!("oneinbox-rust/{}", sdk_version());
    assert_eq!(r.header("user-agent"), Some(user_agent.as_str()));
    // Exact bytes: field order is the spec's, absent fields are left out,
    // the explicit null is written.
    assert_eq!(
        std::str::from_utf8(&r.body).expect("utf-8"),
        r#"{"friendly_name":"Support line","inbound_routing":{"fallback":null,"voicemail_message":"Leave a message"}}"#
    );

    assert_eq!(updated.id, PHONE_ID);
    assert_eq!(updated.friendly_name.as_deref(), Some("Support line"));
    assert_eq!(updated.inbound_trunk_id, None);
    assert_eq!(updated.outbound_trunk_id.as_deref(), Some("ot_1"));
    assert_eq!(
        updated
            .created_at
            .to_utc()
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2023-11-07T05:31:56+00:00")
    );
    let routing = updated.inbound_routing.expect("routing");
    assert_eq!(
        routing.fallback.as_value().map(|f| f.agent_id.as_str()),
        Some("agent_456")
    );
    assert_eq!(
        routing.voicemail_message.as_deref(),
        Some("Leave a message")
    );
}

#[tokio::test]
async fn an_empty_patch_sends_an_empty_object() {
    let server = ScriptedServer::start(vec![Reply::json(200, phone_number_json())]).await;
    let phone_id: uuid::Uuid = PHONE_ID.parse().expect("uuid");
    client(&server.url)
        .phone_numbers()
        .update(phone_id, &PhoneNumberUpdate::default())
        .await
        .expect("the call succeeds");
    assert_eq!(&server.requests()[0].body[..], b"{}");
}

/// Timestamps as real servers write them: naive (pydantic's naive
/// datetimes), an offset other than UTC, seven fractional digits, a space
/// instead of `T`. Each decodes, and writing the value back sends exactly
/// the text that came.
#[tokio::test]
async fn timestamps_in_every_real_spelling_decode_and_round_trip() {
    for (created, updated) in [
        ("2023-11-07T05:31:56", "2023-11-07T05:31:56.1234567-04:00"),
        ("2023-11-07 05:31:56.5", "2023-11-07T05:31:56+05:30"),
        ("2023-11-07T05:31:56.000001Z", "2023-11-07t05:31:56z"),
    ] {
        let mut body = phone_number_json();
        body["created_at"] = json!(created);
        body["updated_at"] = json!(updated);
        let server = ScriptedServer::start(vec![Reply::json(200, body.clone())]).await;
        let number = client(&server.url)
            .phone_numbers()
            .update(
                PHONE_ID.parse().expect("uuid"),
                &PhoneNumberUpdate::default(),
            )
            .await
            .unwrap_or_else(|e| panic!("{created} / {updated}: {e}"));
        let written = serde_json::to_value(&number).expect("serializes");
        assert_eq!(written["created_at"], json!(created));
        assert_eq!(written["updated_at"], json!(updated));
        assert_eq!(written, body, "reading and writing back loses nothing");
    }
}

/// The SDK's crate version, as its manifest (bumped by `cargo xtask
/// codegen`) states it.
fn sdk_version() -> String {
    let manifest = include_str!("../../../generated-sdk/Cargo.toml");
    let line = manifest
        .lines()
        .find(|l| l.starts_with("version = "))
        .expect("a version line");
    line.trim_start_matches("version = ")
        .trim_matches('"')
        .to_owned()
}
