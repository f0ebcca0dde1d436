//! The cost of preparing an `update_phone_number` request (body bytes and
//! headers, no network) with the generated SDK, against a hand-written serde
//! struct and `reqwest::RequestBuilder` doing the same work. Run by
//! `cargo xtask bench`, which reports the ratio of the medians.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use oneinbox::types::{InboundRoutingUpdate, PhoneNumberUpdate, RoutingFallbackUpdate};
use serde::Serialize;

const KEY: &str = "oi_sk_bench_0123456789";
const BASE: &str = "https://api.oneinbox.ai";

/// What a careful hand-written client would declare.
#[derive(Serialize)]
struct HandUpdate<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    friendly_name: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_id: Option<Option<uuid::Uuid>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inbound_routing: Option<HandRouting<'a>>,
}

#[derive(Serialize)]
struct HandRouting<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    agent_id: Option<uuid::Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<Option<HandFallback>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    voicemail_message: Option<&'a str>,
}

#[derive(Serialize)]
struct HandFallback {
    agent_id: uuid::Uuid,
}

fn bench(c: &mut Criterion) {
    let phone_id: uuid::Uuid = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
        .parse()
        .expect("uuid");
    let agent: uuid::Uuid = "8dd25736-0d44-4b50-8888-3c90c3cc052a"
        .parse()
        .expect("uuid");

    let sdk = oneinbox::Client::new(KEY);
    let patch = PhoneNumberUpdate::new()
        .friendly_name("Support line")
        .clear_agent_id()
        .inbound_routing(
            InboundRoutingUpdate::new()
                .agent_id(agent)
                .fallback(RoutingFallbackUpdate::new(agent))
                .voicemail_message("We are closed; please leave a message."),
        );

    let http = reqwest::Client::new();
    let hand = HandUpdate {
        friendly_name: Some(Some("Support line")),
        agent_id: Some(None),
        inbound_routing: Some(HandRouting {
            agent_id: Some(agent),
            fallback: Some(Some(HandFallback { agent_id: agent })),
            voicemail_message: Some("We are closed; please leave a message."),
        }),
    };

    // Both sides must build the same request, or the comparison means nothing.
    let ours = sdk
        .phone_numbers()
        .update(phone_id, &patch)
        .build_request()
        .expect("builds");
    let theirs = hand_request(&http, phone_id, &hand);
    assert_eq!(ours.url(), theirs.url());
    assert_eq!(
        ours.body().and_then(|b| b.as_bytes()),
        theirs.body().and_then(|b| b.as_bytes())
    );
    assert_eq!(
        ours.headers().get("authorization"),
        theirs.headers().get("authorization")
    );

    let mut group = c.benchmark_group("request_overhead");
    group.bench_function("generated_sdk", |b| {
        b.iter(|| {
            let request = sdk
                .phone_numbers()
                .update(black_box(phone_id), black_box(&patch))
                .build_request()
                .expect("builds");
            black_box(request)
        })
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| black_box(hand_request(&http, black_box(phone_id), black_box(&hand))))
    });
    group.finish();
}

fn hand_request(
    http: &reqwest::Client,
    phone_id: uuid::Uuid,
    body: &HandUpdate<'_>,
) -> reqwest::Request {
    let bytes = serde_json::to_vec(body).expect("serializes");
    http.patch(format!("{BASE}/v1/phone-numbers/{phone_id}"))
        .bearer_auth(KEY)
        .header(reqwest::header::USER_AGENT, "oneinbox-rust/1.0.0")
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .timeout(std::time::Duration::from_secs(60))
        .body(bytes)
        .build()
        .expect("builds")
}

criterion_group!(benches, bench);
criterion_main!(benches);
