//! What a patch built with the SDK *does* on a OneInbox that merges exactly
//! as the reference page says: every row of the table goes through the real
//! client to the fake server on 127.0.0.1, and is checked three ways: the
//! exact request bytes, the state the server ends up with, and the decoded
//! response against that state.

use oneinbox::types::{
    InboundRoutingUpdate, PhoneNumberResponse, PhoneNumberUpdate, RoutingFallbackUpdate,
};
use oneinbox::{Error, ErrorBody};
use sdk_tests::fake_oneinbox::{API_KEY, FakeOneInbox, PhoneNumber};
use serde_json::{Value, json};
use uuid::Uuid;

const PHONE_ID: Uuid = Uuid::from_u128(0x3c90c3cc_0d44_4b50_8888_8dd25736052a);
/// The number's column-level agent.
const COLUMN_AGENT: Uuid = Uuid::from_u128(0xaaaaaaaa_0000_4000_8000_00000000000a);
/// The agent the stored routing sends inbound calls to.
const ROUTING_AGENT: Uuid = Uuid::from_u128(0xbbbbbbbb_0000_4000_8000_00000000000b);
/// The stored fallback's agent.
const FALLBACK_AGENT: Uuid = Uuid::from_u128(0xcccccccc_0000_4000_8000_00000000000c);
/// An agent the patches move things to.
const NEW_AGENT: Uuid = Uuid::from_u128(0xdddddddd_0000_4000_8000_00000000000d);

fn ts(text: &str) -> chrono::DateTime<chrono::Utc> {
    text.parse().expect("an RFC 3339 timestamp")
}

/// The number every row starts from; only its routing varies.
fn number(inbound_routing: Value) -> PhoneNumber {
    PhoneNumber {
        id: PHONE_ID,
        phone_number: "+14155550100".to_owned(),
        friendly_name: Some("Support line".to_owned()),
        provider: "twilio".to_owned(),
        agent_id: COLUMN_AGENT.to_string(),
        status: "active".to_owned(),
        inbound_trunk_id: None,
        outbound_trunk_id: Some("ot_1".to_owned()),
        dispatch_rule_id: Some("dr_1".to_owned()),
        created_at: ts("2023-11-07T05:31:56Z"),
        updated_at: ts("2023-11-08T09:00:00Z"),
        inbound_routing,
    }
}

/// A complete routing: agent, fallback and voicemail.
fn full_routing() -> Value {
    json!({
        "agent_id": ROUTING_AGENT.to_string(),
        "fallback": {"agent_id": FALLBACK_AGENT.to_string()},
        "voicemail_message": "Leave a message",
    })
}

/// A routing with keys the spec does not list, as the JSONB column allows
/// ("extend with business-hours and caller-id rules later").
fn extended_routing() -> Value {
    json!({
        "agent_id": ROUTING_AGENT.to_string(),
        "fallback": {"agent_id": FALLBACK_AGENT.to_string(), "ring_seconds": 20},
        "voicemail_message": "Leave a message",
        "business_hours": {"tz": "Europe/Berlin", "mon": ["09:00", "17:00"]},
        "caller_id_rules": [{"prefix": "+49", "agent_id": "agent_de"}],
    })
}

fn routing(update: InboundRoutingUpdate) -> PhoneNumberUpdate {
    PhoneNumberUpdate::new().inbound_routing(update)
}

#[derive(Debug)]
struct Scenario {
    name: &'static str,
    /// The stored `inbound_routing` before the patch (`null`: none).
    routing_before: Value,
    /// The patch, built with the SDK's types.
    patch: PhoneNumberUpdate,
    /// The exact request body the SDK must send.
    request: &'static str,
    /// The stored fields the patch changes, as the API shows them. Every
    /// field not listed must be unchanged, except `updated_at`, which must
    /// move forward.
    changed: Value,
}

fn scenarios() -> Vec<Scenario> {
    let column = COLUMN_AGENT.to_string();
    let routing_agent = ROUTING_AGENT.to_string();
    let fallback_agent = FALLBACK_AGENT.to_string();
    let new = NEW_AGENT.to_string();
    vec![
        Scenario {
            name: "empty patch changes nothing but updated_at",
            routing_before: full_routing(),
            patch: PhoneNumberUpdate::default(),
            request: r#"{}"#,
            changed: json!({}),
        },
        Scenario {
            name: "rename",
            routing_before: full_routing(),
            patch: PhoneNumberUpdate::new().friendly_name("Front desk"),
            request: r#"{"friendly_name":"Front desk"}"#,
            changed: json!({"friendly_name": "Front desk"}),
        },
        Scenario {
            name: "clear friendly_name with clear_friendly_name()",
            routing_before: full_routing(),
            patch: PhoneNumberUpdate::new().clear_friendly_name(),
            request: r#"{"friendly_name":null}"#,
            changed: json!({"friendly_name": null}),
        },
        Scenario {
            name: "set only voicemail_message: agent and fallback are kept",
            routing_before: full_routing(),
            patch: routing(InboundRoutingUpdate::new().voicemail_message("We are closed")),
            request: r#"{"inbound_routing":{"voicemail_message":"We are closed"}}"#,
            changed: json!({"inbound_routing": {
                "agent_id": routing_agent,
                "fallback": {"agent_id": fallback_agent},
                "voicemail_message": "We are closed",
            }}),
        },
        Scenario {
            name: "clear fallback with clear_fallback()",
            routing_before: full_routing(),
            patch: routing(InboundRoutingUpdate::new().clear_fallback()),
            request: r#"{"inbound_routing":{"fallback":null}}"#,
            changed: json!({"inbound_routing": {
                "agent_id": routing_agent,
                "fallback": null,
                "voicemail_message": "Leave a message",
            }}),
        },
        Scenario {
            name: "set fallback",
            routing_before: full_routing(),
            patch: routing(
                InboundRoutingUpdate::new().fallback(RoutingFallbackUpdate::new(NEW_AGENT)),
            ),
            request: r#"{"inbound_routing":{"fallback":{"agent_id":"dddddddd-0000-4000-8000-00000000000d"}}}"#,
            changed: json!({"inbound_routing": {
                "agent_id": routing_agent,
                "fallback": {"agent_id": new},
                "voicemail_message": "Leave a message",
            }}),
        },
        Scenario {
            name: "set fallback on a routing whose fallback was cleared",
            routing_before: json!({
                "agent_id": routing_agent,
                "fallback": null,
                "voicemail_message": "Leave a message",
            }),
            patch: routing(
                InboundRoutingUpdate::new().fallback(RoutingFallbackUpdate::new(FALLBACK_AGENT)),
            ),
            request: r#"{"inbound_routing":{"fallback":{"agent_id":"cccccccc-0000-4000-8000-00000000000c"}}}"#,
            changed: json!({"inbound_routing": full_routing()}),
        },
        Scenario {
            name: "set routing agent: the column-level agent is untouched",
            routing_before: full_routing(),
            patch: routing(InboundRoutingUpdate::new().agent_id(NEW_AGENT)),
            request: r#"{"inbound_routing":{"agent_id":"dddddddd-0000-4000-8000-00000000000d"}}"#,
            changed: json!({"inbound_routing": {
                "agent_id": new,
                "fallback": {"agent_id": fallback_agent},
                "voicemail_message": "Leave a message",
            }}),
        },
        Scenario {
            name: "omitted routing agent is kept when the routing has one",
            routing_before: full_routing(),
            patch: routing(InboundRoutingUpdate::default()),
            request: r#"{"inbound_routing":{}}"#,
            changed: json!({}),
        },
        Scenario {
            name: "omitted routing agent falls back to the column-level agent",
            routing_before: json!({"voicemail_message": "Leave a message"}),
            patch: routing(InboundRoutingUpdate::new().voicemail_message("We are closed")),
            request: r#"{"inbound_routing":{"voicemail_message":"We are closed"}}"#,
            changed: json!({"inbound_routing": {
                "agent_id": column,
                "voicemail_message": "We are closed",
            }}),
        },
        Scenario {
            name: "omitted routing agent falls back when the stored agent is null",
            routing_before: json!({"agent_id": null, "fallback": null}),
            patch: routing(InboundRoutingUpdate::default()),
            request: r#"{"inbound_routing":{}}"#,
            changed: json!({"inbound_routing": {"agent_id": column, "fallback": null}}),
        },
        Scenario {
            name: "a number without routing gets one, with the column-level agent",
            routing_before: Value::Null,
            patch: routing(
                InboundRoutingUpdate::new().fallback(RoutingFallbackUpdate::new(FALLBACK_AGENT)),
            ),
            request: r#"{"inbound_routing":{"fallback":{"agent_id":"cccccccc-0000-4000-8000-00000000000c"}}}"#,
            changed: json!({"inbound_routing": {
                "agent_id": column,
                "fallback": {"agent_id": fallback_agent},
            }}),
        },
        Scenario {
            name: "no inbound_routing in the patch leaves a missing routing missing",
            routing_before: Value::Null,
            patch: PhoneNumberUpdate::new().friendly_name("Front desk"),
            request: r#"{"friendly_name":"Front desk"}"#,
            changed: json!({"friendly_name": "Front desk"}),
        },
        Scenario {
            name: "top-level agent only: the routing agent keeps answering",
            routing_before: full_routing(),
            patch: PhoneNumberUpdate::new().agent_id(NEW_AGENT),
            request: r#"{"agent_id":"dddddddd-0000-4000-8000-00000000000d"}"#,
            changed: json!({"agent_id": new}),
        },
        Scenario {
            name: "move to another agent: top-level and routing agent_id",
            routing_before: full_routing(),
            patch: PhoneNumberUpdate::new()
                .agent_id(NEW_AGENT)
                .inbound_routing(InboundRoutingUpdate::new().agent_id(NEW_AGENT)),
            request: r#"{"agent_id":"dddddddd-0000-4000-8000-00000000000d","inbound_routing":{"agent_id":"dddddddd-0000-4000-8000-00000000000d"}}"#,
            changed: json!({
                "agent_id": new,
                "inbound_routing": {
                    "agent_id": new,
                    "fallback": {"agent_id": fallback_agent},
                    "voicemail_message": "Leave a message",
                },
            }),
        },
        Scenario {
            // The page does not say what `"agent_id": null` does; the fake
            // keeps the agent (the column cannot be null). The row pins the
            // bytes the SDK sends for it.
            name: "top-level agent_id null is sent as null (fake: keeps, undocumented)",
            routing_before: full_routing(),
            patch: PhoneNumberUpdate::new().clear_agent_id(),
            request: r#"{"agent_id":null}"#,
            changed: json!({}),
        },
        Scenario {
            name: "unknown routing keys stored on the server survive a patch",
            routing_before: extended_routing(),
            patch: routing(
                InboundRoutingUpdate::new()
                    .voicemail_message("We are closed")
                    .clear_fallback(),
            ),
            request: r#"{"inbound_routing":{"fallback":null,"voicemail_message":"We are closed"}}"#,
            changed: json!({"inbound_routing": {
                "agent_id": routing_agent,
                "fallback": null,
                "voicemail_message": "We are closed",
                "business_hours": {"tz": "Europe/Berlin", "mon": ["09:00", "17:00"]},
                "caller_id_rules": [{"prefix": "+49", "agent_id": "agent_de"}],
            }}),
        },
        Scenario {
            name: "every field at once, in the spec's order",
            routing_before: extended_routing(),
            patch: PhoneNumberUpdate::new()
                .friendly_name("Front desk")
                .agent_id(NEW_AGENT)
                .inbound_routing(
                    InboundRoutingUpdate::new()
                        .agent_id(NEW_AGENT)
                        .fallback(RoutingFallbackUpdate::new(COLUMN_AGENT))
                        .voicemail_message("We are closed"),
                ),
            request: concat!(
                r#"{"friendly_name":"Front desk","agent_id":"dddddddd-0000-4000-8000-00000000000d","#,
                r#""inbound_routing":{"agent_id":"dddddddd-0000-4000-8000-00000000000d","#,
                r#""fallback":{"agent_id":"aaaaaaaa-0000-4000-8000-00000000000a"},"#,
                r#""voicemail_message":"We are closed"}}"#,
            ),
            changed: json!({
                "friendly_name": "Front desk",
                "agent_id": new,
                "inbound_routing": {
                    "agent_id": new,
                    // The stored fallback is replaced, its extra key too.
                    "fallback": {"agent_id": column},
                    "voicemail_message": "We are closed",
                    "business_hours": {"tz": "Europe/Berlin", "mon": ["09:00", "17:00"]},
                    "caller_id_rules": [{"prefix": "+49", "agent_id": "agent_de"}],
                },
            }),
        },
    ]
}

/// Runs one row on a fresh server and checks request, state and response.
async fn run(s: &Scenario) {
    let name = s.name;
    let server = FakeOneInbox::start().await;
    server.insert(number(s.routing_before.clone()));
    let before = server.number_json(PHONE_ID).expect("seeded");

    let response = server
        .client()
        .phone_numbers()
        .update(PHONE_ID, &s.patch)
        .await
        .unwrap_or_else(|e| panic!("{name}: the call fails: {e}"));

    // 1. The exact bytes on the wire.
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{name}: one request, no retries");
    let r = &requests[0];
    assert_eq!(r.method, "PATCH", "{name}");
    assert_eq!(r.uri, format!("/v1/phone-numbers/{PHONE_ID}"), "{name}");
    assert_eq!(r.header("content-type"), Some("application/json"), "{name}");
    assert_eq!(
        std::str::from_utf8(&r.body).expect("UTF-8"),
        s.request,
        "{name}: request body"
    );

    // 2. The stored state: `changed` applied to `before`, nothing else.
    let after = server.number_json(PHONE_ID).expect("still stored");
    let mut expected = before.clone();
    for (key, value) in s.changed.as_object().expect("`changed` is an object") {
        assert!(expected.get(key).is_some(), "{name}: unknown field {key}");
        expected[key] = value.clone();
    }
    let (old, new) = (&before["updated_at"], &after["updated_at"]);
    assert!(
        ts(new.as_str().expect("text")) > ts(old.as_str().expect("text")),
        "{name}: updated_at moves forward ({old} → {new})"
    );
    expected["updated_at"] = new.clone();
    assert_eq!(after, expected, "{name}: stored state");

    // 3. The decoded response is the stored state.
    let stored: PhoneNumberResponse =
        serde_json::from_value(after).unwrap_or_else(|e| panic!("{name}: state decodes: {e}"));
    assert_eq!(response, stored, "{name}: response vs stored state");
}

#[tokio::test]
async fn every_scenario_sends_exact_bytes_and_merges_as_documented() {
    let table = scenarios();
    let mut names: Vec<_> = table.iter().map(|s| s.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), table.len(), "scenario names are unique");
    for scenario in &table {
        run(scenario).await;
    }
}

/// GET-like read → decode with the SDK → write the routing back: keys the
/// spec does not list survive in the SDK's value, and a patch made from the
/// read value keeps them on the server.
#[tokio::test]
async fn read_modify_write_keeps_unknown_routing_keys() {
    let server = FakeOneInbox::start().await;
    server.insert(number(extended_routing()));

    // Read: the server's stored JSON, decoded with the SDK's response type.
    let read: PhoneNumberResponse =
        serde_json::from_value(server.number_json(PHONE_ID).expect("seeded"))
            .expect("the stored number decodes");
    let routing = read.inbound_routing.expect("the number has routing");
    assert_eq!(
        routing.additional_properties.get("business_hours"),
        Some(&json!({"tz": "Europe/Berlin", "mon": ["09:00", "17:00"]}))
    );
    let fallback = routing.fallback.as_value().expect("a fallback");
    assert_eq!(fallback.agent_id, FALLBACK_AGENT.to_string());
    assert_eq!(
        fallback.additional_properties.get("ring_seconds"),
        Some(&json!(20))
    );
    // Re-serialized, the routing is the stored JSON, unknown keys included.
    assert_eq!(
        serde_json::to_value(&routing).expect("encodes"),
        extended_routing()
    );

    // Modify and write: a patch built from what was read.
    let current_agent: Uuid = routing
        .agent_id
        .as_deref()
        .expect("a routing agent")
        .parse()
        .expect("a uuid");
    let patch = routing_patch_from(&routing, current_agent, "Back at nine");
    let updated = server
        .client()
        .phone_numbers()
        .update(PHONE_ID, &patch)
        .await
        .expect("the patch succeeds");
    assert_eq!(
        std::str::from_utf8(&server.requests()[0].body).expect("UTF-8"),
        concat!(
            r#"{"inbound_routing":{"agent_id":"bbbbbbbb-0000-4000-8000-00000000000b","#,
            r#""voicemail_message":"Back at nine"}}"#
        )
    );

    // The write lost nothing: the answer and a fresh read both still hold
    // the keys the SDK does not know.
    let mut expected = extended_routing();
    expected["voicemail_message"] = json!("Back at nine");
    let reread: PhoneNumberResponse =
        serde_json::from_value(server.number_json(PHONE_ID).expect("stored"))
            .expect("the stored number decodes");
    assert_eq!(updated, reread);
    let routing_after = updated.inbound_routing.expect("routing");
    assert_eq!(
        serde_json::to_value(&routing_after).expect("encodes"),
        expected
    );
}

/// The update type has no room for unknown keys, so a read-modify-write
/// sends only what it changes and relies on the server's merge.
fn routing_patch_from(
    read: &oneinbox::types::InboundRouting,
    agent: Uuid,
    message: &str,
) -> PhoneNumberUpdate {
    assert_ne!(read.voicemail_message.as_deref(), Some(message));
    routing(
        InboundRoutingUpdate::new()
            .agent_id(agent)
            .voicemail_message(message.to_owned()),
    )
}

#[tokio::test]
async fn an_unknown_number_is_an_api_error_with_status_404() {
    let server = FakeOneInbox::start().await;
    server.insert(number(full_routing()));
    let unknown = NEW_AGENT; // any id that is not stored

    let err = server
        .client()
        .phone_numbers()
        .update(unknown, &PhoneNumberUpdate::default())
        .await
        .expect_err("the number does not exist");

    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status().as_u16(), 404);
    assert_eq!(api.body_text(), r#"{"detail":"Phone number not found"}"#);
    // 404 has no documented body, so nothing is typed.
    assert_eq!(api.typed(), None);
    // Recorded all the same, and the stored number is untouched.
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].uri, format!("/v1/phone-numbers/{unknown}"));
    assert_eq!(&requests[0].body[..], b"{}");
    assert_eq!(server.number(PHONE_ID), Some(number(full_routing())));
}

#[tokio::test]
async fn a_422_from_the_server_decodes_into_http_validation_error() {
    let server = FakeOneInbox::start().await;
    server.insert(number(full_routing()));
    // The typed client cannot send an ill-typed field; a wrong content type
    // is the one thing a caller can get wrong, and FastAPI then validates the
    // body as a string.
    let patch = PhoneNumberUpdate::new().friendly_name("Front desk");
    let err = server
        .client()
        .phone_numbers()
        .update(PHONE_ID, &patch)
        .header("content-type", "text/plain")
        .await
        .expect_err("the server rejects a non-JSON content type");

    let api = err.as_api().expect("an API error");
    assert_eq!(api.status().as_u16(), 422);
    let Some(ErrorBody::HttpValidationError(body)) = api.typed() else {
        panic!(
            "expected a typed HttpValidationError, got {:?}",
            api.typed()
        );
    };
    let expected: oneinbox::types::HttpValidationError = serde_json::from_value(json!({
        "detail": [{
            "type": "model_attributes_type",
            "loc": ["body"],
            "msg": "Input should be a valid dictionary or object to extract fields from",
            "input": r#"{"friendly_name":"Front desk"}"#,
        }]
    }))
    .expect("decodes");
    assert_eq!(body, &expected);
    let detail = &body.detail.as_ref().expect("detail")[0];
    assert_eq!(detail.r#type, "model_attributes_type");
    // `input` is not in the spec; it is kept, not dropped.
    assert_eq!(
        detail.additional_properties.get("input"),
        Some(&json!(r#"{"friendly_name":"Front desk"}"#))
    );
    assert_eq!(server.number(PHONE_ID), Some(number(full_routing())));
}

/// Sends `body` as-is (bypassing the SDK) and returns status and JSON.
async fn raw_patch(server: &FakeOneInbox, body: &'static str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .patch(format!("{}/v1/phone-numbers/{PHONE_ID}", server.url))
        .header("authorization", format!("Bearer {API_KEY}"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the fake answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).expect("a JSON body"))
}

/// Ill-typed fields the SDK's types cannot produce: the fake answers like
/// FastAPI, and the SDK's `HttpValidationError` decodes the answer.
#[tokio::test]
async fn ill_typed_fields_are_422_in_fastapi_shape() {
    let server = FakeOneInbox::start().await;
    server.insert(number(full_routing()));
    let cases: [(&str, Value); 4] = [
        (
            r#"{"friendly_name":5}"#,
            json!([{"type": "string_type", "loc": ["body", "friendly_name"],
                    "msg": "Input should be a valid string", "input": 5}]),
        ),
        (
            r#"{"inbound_routing":null}"#,
            json!([{"type": "model_type", "loc": ["body", "inbound_routing"],
                    "msg": "Input should be a valid dictionary or object", "input": null}]),
        ),
        (
            r#"{"inbound_routing":{"fallback":{}}}"#,
            json!([{"type": "missing", "loc": ["body", "inbound_routing", "fallback", "agent_id"],
                    "msg": "Field required", "input": {}}]),
        ),
        (
            // Every error is reported, not only the first.
            r#"{"agent_id":7,"inbound_routing":{"voicemail_message":null}}"#,
            json!([
                {"type": "uuid_type", "loc": ["body", "agent_id"],
                 "msg": "UUID input should be a string, bytes or UUID object", "input": 7},
                {"type": "string_type", "loc": ["body", "inbound_routing", "voicemail_message"],
                 "msg": "Input should be a valid string", "input": null},
            ]),
        ),
    ];
    for (body, detail) in cases {
        let (status, answer) = raw_patch(&server, body).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(answer, json!({ "detail": detail }), "{body}");
        let typed: oneinbox::types::HttpValidationError =
            serde_json::from_value(answer).expect("the SDK's type decodes a FastAPI 422");
        assert_eq!(
            typed.detail.map(|d| d.len()),
            detail.as_array().map(Vec::len),
            "{body}"
        );
    }
    // Nothing was applied, and every request was recorded byte for byte.
    assert_eq!(server.number(PHONE_ID), Some(number(full_routing())));
    let bodies: Vec<_> = server.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies,
        [
            &br#"{"friendly_name":5}"#[..],
            br#"{"inbound_routing":null}"#,
            br#"{"inbound_routing":{"fallback":{}}}"#,
            br#"{"agent_id":7,"inbound_routing":{"voicemail_message":null}}"#,
        ]
    );
}

#[tokio::test]
async fn requests_without_the_right_bearer_key_are_401() {
    let server = FakeOneInbox::start().await;
    server.insert(number(full_routing()));
    let rename = PhoneNumberUpdate::new().friendly_name("Front desk");
    let wrong_key = oneinbox::Client::builder()
        .base_url(&server.url)
        .api_key("oi_sk_wrong")
        .max_retries(0)
        .build()
        .expect("client");
    let no_key = oneinbox::Client::builder()
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .expect("client");

    let err = wrong_key
        .phone_numbers()
        .update(PHONE_ID, &rename)
        .await
        .expect_err("unauthenticated");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status().as_u16(), 401);
    assert_eq!(api.body_text(), r#"{"detail":"Invalid API key"}"#);
    assert_eq!(
        api.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
    // Without a key the requirement cannot be met: the call fails before
    // anything is sent, naming the scheme it needs.
    let err = no_key
        .phone_numbers()
        .update(PHONE_ID, &rename)
        .await
        .expect_err("no credentials");
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "PATCH /v1/phone-numbers/{PHONE_ID} needs credentials for `HTTPBearer`; \
             configure them with ClientBuilder::credential"
        )
    );
    let auth: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(auth, [Some("Bearer oi_sk_wrong".to_owned())]);
    assert_eq!(server.number(PHONE_ID), Some(number(full_routing())));
}

/// `updated_at` moves on every successful patch, even one that changes
/// nothing else, and the logical clock makes that visible without waiting.
#[tokio::test]
async fn updated_at_changes_on_every_patch() {
    let server = FakeOneInbox::start().await;
    server.insert(number(full_routing()));
    let client = server.client();
    let mut seen = vec![number(full_routing()).updated_at];
    for _ in 0..3 {
        let n = client
            .phone_numbers()
            .update(PHONE_ID, &PhoneNumberUpdate::default())
            .await
            .expect("the patch succeeds");
        seen.push(n.updated_at.to_utc().expect("the fake sends UTC"));
    }
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]),
        "strictly increasing: {seen:?}"
    );
    assert_eq!(
        server.number(PHONE_ID).map(|n| n.updated_at),
        seen.last().copied()
    );
}
