//! The cost of reading a page of phone numbers with the generated
//! `Deserialize` (a `runtime::wire_struct!` table), against serde's derive
//! on mirror structs with the same fields and the same map of unlisted
//! properties (`#[serde(flatten)]`, what the generator emitted before). Run
//! by `cargo xtask bench`, which reports the ratio of the medians.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use oneinbox::types::PhoneNumberResponse;
use serde::Deserialize;
use serde_json::Value;

/// `PhoneNumberResponse` as serde's derive reads it.
#[derive(Deserialize)]
#[allow(dead_code)]
struct DerivedPhoneNumber {
    id: String,
    phone_number: String,
    friendly_name: Option<String>,
    provider: String,
    agent_id: String,
    status: String,
    inbound_trunk_id: Option<String>,
    outbound_trunk_id: Option<String>,
    dispatch_rule_id: Option<String>,
    created_at: oneinbox::DateTime,
    updated_at: oneinbox::DateTime,
    #[serde(default)]
    inbound_routing: Option<DerivedRouting>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct DerivedRouting {
    #[serde(default)]
    agent_id: Option<String>,
    #[serde(default)]
    fallback: Option<Value>,
    #[serde(default)]
    voicemail_message: Option<String>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, Value>,
}

/// Fifty numbers as a server sends them, half with routing, each with one
/// property the spec does not list.
fn page() -> Vec<u8> {
    let numbers: Vec<Value> = (0..50)
        .map(|i| {
            let mut n = serde_json::json!({
                "id": format!("pn_{i:04}"),
                "phone_number": format!("+1415555{i:04}"),
                "friendly_name": if i % 3 == 0 { Value::Null } else { format!("Line {i}").into() },
                "provider": "twilio",
                "agent_id": "8dd25736-0d44-4b50-8888-3c90c3cc052a",
                "status": "active",
                "inbound_trunk_id": "ST_abc123",
                "outbound_trunk_id": null,
                "dispatch_rule_id": "SDR_xyz789",
                "created_at": "2026-11-01T09:30:00Z",
                "updated_at": "2026-11-20T17:45:12.123456+00:00",
                "region": "us-west",
            });
            if i % 2 == 0 {
                n["inbound_routing"] = serde_json::json!({
                    "agent_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
                    "fallback": {"agent_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a"},
                    "voicemail_message": "We are closed; please leave a message.",
                });
            }
            n
        })
        .collect();
    serde_json::to_vec(&numbers).expect("serializes")
}

fn bench(c: &mut Criterion) {
    let bytes = page();
    // Both sides must read the same data, or the comparison means nothing.
    let ours: Vec<PhoneNumberResponse> = serde_json::from_slice(&bytes).expect("reads");
    let theirs: Vec<DerivedPhoneNumber> = serde_json::from_slice(&bytes).expect("reads");
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.friendly_name, b.friendly_name);
        assert_eq!(a.additional_properties, b.additional_properties);
        assert_eq!(a.inbound_routing.is_some(), b.inbound_routing.is_some());
    }

    let mut group = c.benchmark_group("response_decoding");
    group.bench_function("generated_sdk", |b| {
        b.iter(|| {
            let page: Vec<PhoneNumberResponse> =
                serde_json::from_slice(black_box(&bytes)).expect("reads");
            black_box(page)
        })
    });
    group.bench_function("serde_derive", |b| {
        b.iter(|| {
            let page: Vec<DerivedPhoneNumber> =
                serde_json::from_slice(black_box(&bytes)).expect("reads");
            black_box(page)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
