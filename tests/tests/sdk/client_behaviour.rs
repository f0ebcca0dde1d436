//! What the generated client does beyond encoding: retries (counts, limits,
//! Retry-After, idempotency), timeouts, typed and raw errors, raw responses,
//! per-request options and keeping the credential secret. Every test talks
//! to a server on 127.0.0.1; waits use tokio's paused clock.

use std::time::Duration;

use oneinbox::types::PhoneNumberUpdate;
use oneinbox::{Client, Error, ErrorBody, RetryPolicy};
use reqwest_headers::HeaderMap;
use sdk_tests::{Reply, ScriptedServer};
use serde_json::json;

mod reqwest_headers {
    pub use axum::http::{HeaderMap, HeaderValue};
}

const SECRET: &str = "oi_sk_live_5up3r53cr3t";

fn phone() -> uuid::Uuid {
    "3c90c3cc-0d44-4b50-8888-8dd25736052a"
        .parse()
        .expect("uuid")
}

fn number_json() -> serde_json::Value {
    json!({
        "id": "n1", "phone_number": "+14155550100", "friendly_name": null, "provider": "twilio",
        "agent_id": "a1", "status": "active", "inbound_trunk_id": null, "outbound_trunk_id": null,
        "dispatch_rule_id": null, "created_at": "2023-11-07T05:31:56Z", "updated_at": "2023-11-07T05:31:56Z"
    })
}

/// Retries without real waiting: tiny backoff, no Retry-After cap needed.
fn fast_client(url: &str, retries: u32) -> Client {
    Client::builder()
        .base_url(url)
        .api_key(SECRET)
        .retry_policy(RetryPolicy {
            max_retries: retries,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            max_retry_after: Duration::from_millis(2),
        })
        .build()
        .expect("client")
}

async fn patch(client: &Client) -> Result<oneinbox::types::PhoneNumberResponse, Error> {
    client
        .phone_numbers()
        .update(phone(), &PhoneNumberUpdate::default())
        .await
}

#[tokio::test]
async fn retries_stop_at_the_limit_with_an_exact_count() {
    let server = ScriptedServer::start(vec![Reply::json(503, json!({"detail": "down"}))]).await;
    let err = patch(&fast_client(&server.url, 2))
        .await
        .expect_err("always 503");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 3, "one attempt and two retries");

    let server = ScriptedServer::start(vec![Reply::json(503, json!({}))]).await;
    patch(&fast_client(&server.url, 0))
        .await
        .expect_err("always 503");
    assert_eq!(server.requests().len(), 1, "no retries when the limit is 0");
}

#[tokio::test]
async fn a_500_then_a_200_succeeds() {
    let server = ScriptedServer::start(vec![
        Reply::json(500, json!({"detail": "oops"})),
        Reply::json(200, number_json()),
    ])
    .await;
    let number = patch(&fast_client(&server.url, 2))
        .await
        .expect("second attempt succeeds");
    assert_eq!(number.id, "n1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn statuses_408_and_429_are_retried_but_other_4xx_are_not() {
    for status in [408, 429] {
        let server = ScriptedServer::start(vec![
            Reply::json(status, json!({})),
            Reply::json(200, number_json()),
        ])
        .await;
        patch(&fast_client(&server.url, 1)).await.expect("retried");
        assert_eq!(server.requests().len(), 2, "status {status}");
    }
    for status in [400, 401, 404, 409, 422] {
        let server = ScriptedServer::start(vec![Reply::json(status, json!({}))]).await;
        patch(&fast_client(&server.url, 3))
            .await
            .expect_err("not retried");
        assert_eq!(server.requests().len(), 1, "status {status}");
    }
}

#[tokio::test]
async fn non_idempotent_posts_are_retried_only_when_the_caller_opts_in() {
    use fixture_coverage::types::{CallStarted, Event, SubmitFormBody};
    let body = SubmitFormBody::new("+1");
    let client = |url: &str| {
        fixture_coverage::Client::builder()
            .base_url(url)
            .api_key("k")
            .retry_policy(RetryPolicy {
                max_retries: 2,
                initial_backoff: Duration::from_millis(1),
                max_backoff: Duration::from_millis(1),
                max_retry_after: Duration::from_millis(1),
            })
            .build()
            .expect("client")
    };
    let server = ScriptedServer::start(vec![Reply::json(503, json!({}))]).await;
    client(&server.url)
        .submit_form(&body)
        .await
        .expect_err("503");
    assert_eq!(server.requests().len(), 1, "POST is not retried by default");

    let server = ScriptedServer::start(vec![Reply::json(503, json!({}))]).await;
    client(&server.url)
        .submit_form(&body)
        .retry_non_idempotent(true)
        .await
        .expect_err("503");
    assert_eq!(server.requests().len(), 3, "opted in for this request");

    // `x-idempotent: true` in the spec makes a POST retryable.
    let server = ScriptedServer::start(vec![Reply::json(503, json!({}))]).await;
    let event = Event::CallStarted(CallStarted::new("call.started", "c"));
    client(&server.url)
        .post_event(&event)
        .await
        .expect_err("503");
    assert_eq!(server.requests().len(), 3);
}

/// Answers `status` with `Retry-After: retry_after`, then 200; returns how
/// long the client waited on tokio's paused clock.
async fn wait_after(status: u16, retry_after: &str) -> Duration {
    let server = ScriptedServer::start(vec![
        Reply::json(status, json!({})).header("retry-after", retry_after),
        Reply::json(200, number_json()),
    ])
    .await;
    // No request timeout: the only timer is the retry wait.
    let client = Client::builder()
        .base_url(&server.url)
        .api_key(SECRET)
        .timeout(None)
        .build()
        .expect("client");
    let start = tokio::time::Instant::now();
    patch(&client).await.expect("succeeds after waiting");
    assert_eq!(server.requests().len(), 2);
    start.elapsed()
}

#[tokio::test(start_paused = true)]
async fn retry_after_seconds_is_honoured_on_a_paused_clock() {
    let waited = wait_after(429, "30").await;
    assert!(
        waited >= Duration::from_secs(30) && waited < Duration::from_secs(31),
        "waited {waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_capped() {
    let waited = wait_after(503, "86400").await;
    // The default cap is 60 s, not a day.
    assert!(
        waited >= Duration::from_secs(60) && waited < Duration::from_secs(61),
        "{waited:?}"
    );
}

#[test]
fn retry_delays_follow_retry_after_or_backoff() {
    let policy = RetryPolicy::default();
    let mut headers = HeaderMap::new();
    headers.insert(
        "retry-after",
        reqwest_headers::HeaderValue::from_static("7"),
    );
    assert_eq!(policy.delay(0, Some(&headers)), Duration::from_secs(7));

    // HTTP-date form: a date ~20 s ahead gives a wait of about 20 s.
    let when = std::time::SystemTime::now() + Duration::from_secs(20);
    let date = httpdate_fmt(when);
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", date.parse().expect("header"));
    let d = policy.delay(0, Some(&headers));
    assert!(
        d > Duration::from_secs(17) && d <= Duration::from_secs(20),
        "{d:?}"
    );

    // A date in the past means "now".
    let mut headers = HeaderMap::new();
    headers.insert(
        "retry-after",
        reqwest_headers::HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"),
    );
    assert_eq!(policy.delay(0, Some(&headers)), Duration::ZERO);

    // Without the header: 0.5 s doubling to the 8 s cap, minus up to 25% jitter.
    for (retry, full) in [(0, 500), (1, 1000), (2, 2000), (5, 8000), (30, 8000)] {
        let d = policy.delay(retry, None);
        let full = Duration::from_millis(full);
        assert!(d <= full && d >= full.mul_f64(0.75), "retry {retry}: {d:?}");
    }
}

/// RFC 7231 IMF-fixdate, written by hand to keep the test independent of the
/// parser under test.
fn httpdate_fmt(t: std::time::SystemTime) -> String {
    let secs = t
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let dt = chrono::DateTime::from_timestamp(secs as i64, 0).expect("valid");
    dt.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[tokio::test]
async fn the_timeout_fires() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, number_json()).delayed(Duration::from_secs(5)),
    ])
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .api_key(SECRET)
        .max_retries(0)
        .timeout(Duration::from_millis(50))
        .build()
        .expect("client");
    let err = patch(&client).await.expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");

    // The per-request setting overrides the client's.
    let client = Client::builder()
        .base_url(&server.url)
        .api_key("oi_sk_test")
        .max_retries(0)
        .build()
        .expect("client");
    let err = client
        .phone_numbers()
        .update(phone(), &PhoneNumberUpdate::default())
        .timeout(Duration::from_millis(50))
        .await
        .expect_err("times out");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn a_422_decodes_into_the_typed_validation_error() {
    let body = json!({"detail": [{"loc": ["body", "friendly_name"], "msg": "Input should be a valid string", "type": "string_type"}]});
    let server = ScriptedServer::start(vec![
        Reply::json(422, body).header("x-request-id", "req-42"),
    ])
    .await;
    let err = patch(&fast_client(&server.url, 3)).await.expect_err("422");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status().as_u16(), 422);
    assert_eq!(api.request_id(), Some("req-42"));
    let Some(ErrorBody::HttpValidationError(v)) = api.typed() else {
        panic!("typed body: {api:?}")
    };
    let detail = v.detail.as_ref().expect("detail");
    assert_eq!(detail[0].msg, "Input should be a valid string");
    assert_eq!(detail[0].r#type, "string_type");
    assert_eq!(
        serde_json::to_value(&detail[0].loc).expect("serializes"),
        json!(["body", "friendly_name"])
    );
    let shown = err.to_string();
    assert!(
        shown.contains("422") && shown.contains("req-42") && shown.contains("friendly_name"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_404_html_page_is_an_api_error_that_keeps_the_body() {
    let page = "<html><body><h1>404 Not Found</h1><p>nginx</p></body></html>";
    let server = ScriptedServer::start(vec![Reply::raw(404, "text/html", page)]).await;
    let err = patch(&fast_client(&server.url, 2)).await.expect_err("404");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status().as_u16(), 404);
    assert_eq!(api.body_text(), page);
    assert!(api.typed().is_none());
    assert_eq!(
        err.to_string(),
        "PATCH /v1/phone-numbers/3c90c3cc-0d44-4b50-8888-8dd25736052a failed with status 404 Not Found: \
         <html><body><h1>404 Not Found</h1><p>nginx</p></body></html>"
    );
}

#[tokio::test]
async fn a_body_that_does_not_match_is_a_decode_error_with_its_path() {
    let mut wrong = number_json();
    wrong["created_at"] = json!("yesterday");
    let server = ScriptedServer::start(vec![Reply::json(200, wrong)]).await;
    let err = patch(&fast_client(&server.url, 0))
        .await
        .expect_err("bad date");
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.path(), "created_at");
    assert_eq!(d.status().as_u16(), 200);
    assert!(
        std::str::from_utf8(d.body())
            .expect("utf-8")
            .contains("yesterday")
    );
    assert!(err.to_string().contains("at `created_at`"), "{err}");
}

#[tokio::test]
async fn raw_responses_expose_status_headers_and_request_id() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, number_json()).header("x-request-id", "req-7"),
    ])
    .await;
    let response = fast_client(&server.url, 0)
        .phone_numbers()
        .update(phone(), &PhoneNumberUpdate::default())
        .send_with_response()
        .await
        .expect("succeeds");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.request_id(), Some("req-7"));
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert_eq!(response.body().id, "n1");
}

#[tokio::test]
async fn per_request_headers_and_retries_apply_to_one_request() {
    let server = ScriptedServer::start(vec![Reply::json(503, json!({}))]).await;
    let client = fast_client(&server.url, 2);
    client
        .phone_numbers()
        .update(phone(), &PhoneNumberUpdate::default())
        .header("Idempotency-Key", "abc")
        .max_retries(0)
        .await
        .expect_err("503");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("idempotency-key"), Some("abc"));
    // Default headers from the builder go on every request.
    let server = ScriptedServer::start(vec![Reply::json(200, number_json())]).await;
    let client = Client::builder()
        .base_url(&server.url)
        .api_key("oi_sk_test")
        .default_header("X-Team", "voice")
        .build()
        .expect("client");
    patch(&client).await.expect("succeeds");
    assert_eq!(server.requests()[0].header("x-team"), Some("voice"));
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer oi_sk_test")
    );
}

#[tokio::test]
async fn the_key_never_shows_in_debug_or_display() {
    let server = ScriptedServer::start(vec![Reply::raw(500, "text/plain", "boom")]).await;
    let client = fast_client(&server.url, 0);
    let builder = Client::builder().api_key(SECRET);
    let request = client
        .phone_numbers()
        .update(phone(), &PhoneNumberUpdate::default());
    let built = request.build_request().expect("builds");
    assert_eq!(
        built
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some(format!("Bearer {SECRET}").as_str()),
        "the key is sent"
    );
    let err = request.await.expect_err("500");
    // A connection failure, which includes transport details.
    let refused = Client::builder()
        .base_url("http://127.0.0.1:9")
        .api_key(SECRET)
        .max_retries(0)
        .build()
        .expect("client");
    let conn = patch(&refused)
        .await
        .expect_err("nothing listens on port 9");
    assert!(matches!(conn, Error::Connection { .. }), "{conn:?}");
    let shown = [
        format!("{client:?}"),
        format!("{builder:?}"),
        format!("{built:?}"),
        format!("{err}"),
        format!("{err:?}"),
        format!("{conn}"),
        format!("{conn:?}"),
    ];
    for s in &shown {
        assert!(!s.contains(SECRET), "the key leaked: {s}");
    }
    assert!(shown[0].contains("<redacted>"), "{}", shown[0]);
    assert!(shown[5].contains("could not connect"), "{}", shown[5]);
}

#[test]
fn from_env_reports_a_missing_variable() {
    if std::env::var_os("ONEINBOX_API_KEY").is_some() {
        // A developer's real key is set; the message cannot be observed.
        return;
    }
    let err = Client::from_env().expect_err("the variable is not set");
    assert_eq!(
        err.to_string(),
        "configuration error: the environment variable ONEINBOX_API_KEY is not set"
    );
}

#[tokio::test]
async fn a_query_string_key_is_sent_but_never_shown() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, json!(["a"])),
        Reply::raw(200, "text/plain", "hello"),
        Reply::raw(500, "text/plain", "down"),
    ])
    .await;
    let client = fixture_auth_query::Client::builder()
        .base_url(&server.url)
        .api_key(SECRET)
        .max_retries(0)
        .build()
        .expect("client");
    assert_eq!(client.list_items().page(2).await.expect("lists"), vec!["a"]);
    // `security: []` operations go without the key.
    assert_eq!(client.public_info().await.expect("reads"), "hello");
    let err = client.list_items().page(2).await.expect_err("500");
    let requests = server.requests();
    assert_eq!(requests[0].uri, format!("/items?page=2&api_key={SECRET}"));
    assert_eq!(requests[1].uri, "/public");
    assert!(!format!("{err} {err:?}").contains(SECRET), "{err:?}");

    let refused = fixture_auth_query::Client::builder()
        .base_url("http://127.0.0.1:9")
        .api_key(SECRET)
        .max_retries(0)
        .build()
        .expect("client");
    let err = refused.list_items().page(2).await.expect_err("refused");
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(SECRET),
        "the URL with the key leaked: {shown}"
    );
}

#[tokio::test]
async fn a_cookie_key_joins_the_operations_cookies_and_stays_hidden() {
    let server = ScriptedServer::start(vec![Reply::json(200, json!({"cameras": 3}))]).await;
    let client = fixture_auth_cookie::Client::builder()
        .base_url(&server.url)
        .api_key(SECRET)
        .build()
        .expect("client");
    let request = client.get_stats().theme("dark");
    let built = request.build_request().expect("builds");
    assert!(!format!("{built:?}").contains(SECRET), "{built:?}");
    let stats = request.await.expect("reads");
    assert_eq!(stats["cameras"], 3);
    assert_eq!(
        server.requests()[0].header("cookie"),
        Some(format!("theme=dark; frigate_token={SECRET}").as_str())
    );
}
