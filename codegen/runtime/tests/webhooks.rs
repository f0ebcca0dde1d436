//! Webhook verification against the Standard Webhooks test vectors (the
//! ones its reference libraries test with) and GitHub's documented
//! example, then every way a delivery can be refused, each with its exact
//! error.
//!
//! Compiled only with the `webhooks` feature (off by default). The feature
//! is required here rather than by a `[[test]]` entry in Cargo.toml: the
//! runtime's manifest is copied into generated crates without `tests/`,
//! and cargo refuses a manifest whose declared test files are missing.
#![cfg(feature = "webhooks")]

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oneinbox_codegen_runtime::webhooks::{
    Algorithm, Encoding, HeaderLookup, Scheme, SecretEncoding, Verifier, WebhookError,
};

// The vector of every Standard Webhooks library's `sign` test.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: i64 = 1614265330;
const TIMESTAMP_TEXT: &str = "1614265330";
const BODY: &[u8] = br#"{"test": 2432232314}"#;
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// A signature of the right form that matches nothing (from the libraries'
// multi-signature tests).
const OTHER_SIGNATURE: &str = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

fn verifier() -> Verifier {
    Verifier::new(SECRET).expect("the vector's secret is valid")
}

/// The vector's headers, with `signature` as the signature header.
fn headers(signature: &str) -> Vec<(String, String)> {
    vec![
        ("webhook-id".to_owned(), ID.to_owned()),
        ("webhook-timestamp".to_owned(), TIMESTAMP_TEXT.to_owned()),
        ("webhook-signature".to_owned(), signature.to_owned()),
    ]
}

/// `headers` with the header `name` set to `value`.
fn with(mut headers: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    for (k, v) in &mut headers {
        if k == name {
            *v = value.to_owned();
        }
    }
    headers
}

/// The error of a delivery that must be refused.
fn refused(result: Result<(), WebhookError>) -> WebhookError {
    result.expect_err("the delivery should be refused")
}

fn unix_now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(since.as_secs()).unwrap()
}

// ---- the published vectors ----

#[test]
fn standard_webhooks_vector_signs() {
    assert_eq!(verifier().sign(ID, TIMESTAMP, BODY), SIGNATURE);
}

#[test]
fn standard_webhooks_vector_verifies() {
    verifier()
        .verify_at(&headers(SIGNATURE), BODY, TIMESTAMP)
        .unwrap();
}

#[test]
fn standard_webhooks_rust_library_vector() {
    // The Standard Webhooks Rust library's `test_sign`.
    let verifier = Verifier::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
    let body = br#"{"email":"test@example.com","username":"test_user"}"#;
    let signature = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";
    assert_eq!(
        verifier.sign("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1649367553, body),
        signature
    );
    let headers = [
        ("webhook-id", "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"),
        ("webhook-timestamp", "1649367553"),
        ("webhook-signature", signature),
    ];
    verifier.verify_at(&headers, body, 1649367553).unwrap();
}

#[test]
fn live_clock_delivery_verifies() {
    let now = unix_now();
    let signature = verifier().sign(ID, now, BODY);
    let headers = with(headers(&signature), "webhook-timestamp", &now.to_string());
    verifier().verify(&headers, BODY).unwrap();
}

// ---- refused deliveries, each with its error ----

#[test]
fn tampered_body_is_refused() {
    let mut body = BODY.to_vec();
    body[10] ^= 1;
    let err = refused(verifier().verify_at(&headers(SIGNATURE), &body, TIMESTAMP));
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
}

#[test]
fn tampered_id_is_refused() {
    let headers = with(
        headers(SIGNATURE),
        "webhook-id",
        "msg_p5jXN8AQM9LWM0D4loKWxJel",
    );
    let err = refused(verifier().verify_at(&headers, BODY, TIMESTAMP));
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
}

#[test]
fn tampered_timestamp_is_refused() {
    // One second later: well inside the tolerance, so only the signature
    // can tell.
    let headers = with(headers(SIGNATURE), "webhook-timestamp", "1614265331");
    let err = refused(verifier().verify_at(&headers, BODY, TIMESTAMP));
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
}

#[test]
fn stale_timestamp_is_refused() {
    let err = refused(verifier().verify_at(&headers(SIGNATURE), BODY, TIMESTAMP + 301));
    assert!(
        matches!(
            err,
            WebhookError::TimestampOutsideTolerance {
                age_seconds: 301,
                tolerance_seconds: 300,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "webhook timestamp is 301 s old, outside the tolerance of 300 s"
    );
    // Exactly at the edge of the window is still inside it.
    verifier()
        .verify_at(&headers(SIGNATURE), BODY, TIMESTAMP + 300)
        .unwrap();
}

#[test]
fn future_timestamp_is_refused() {
    let err = refused(verifier().verify_at(&headers(SIGNATURE), BODY, TIMESTAMP - 301));
    assert!(
        matches!(
            err,
            WebhookError::TimestampOutsideTolerance {
                age_seconds: -301,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("301 s in the future"), "{err}");
    verifier()
        .verify_at(&headers(SIGNATURE), BODY, TIMESTAMP - 300)
        .unwrap();
}

#[test]
fn tolerance_is_configurable() {
    let strict = verifier().tolerance(Duration::from_secs(10));
    let err = refused(strict.verify_at(&headers(SIGNATURE), BODY, TIMESTAMP + 11));
    assert!(
        matches!(
            err,
            WebhookError::TimestampOutsideTolerance {
                age_seconds: 11,
                tolerance_seconds: 10,
                ..
            }
        ),
        "{err:?}"
    );
    strict
        .verify_at(&headers(SIGNATURE), BODY, TIMESTAMP + 10)
        .unwrap();
}

#[test]
fn invalid_timestamp_is_refused() {
    for text in [
        "hello",
        "",
        "-1614265330",
        "+1614265330",
        "1614265330.5",
        "99999999999999999999",
    ] {
        let headers = with(headers(SIGNATURE), "webhook-timestamp", text);
        let err = refused(verifier().verify_at(&headers, BODY, TIMESTAMP));
        assert!(
            matches!(err, WebhookError::InvalidTimestamp),
            "{text}: {err:?}"
        );
    }
}

#[test]
fn wrong_secret_is_refused() {
    let other = Verifier::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").unwrap();
    let err = refused(other.verify_at(&headers(SIGNATURE), BODY, TIMESTAMP));
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
}

#[test]
fn missing_each_header_is_refused() {
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let headers: Vec<_> = headers(SIGNATURE)
            .into_iter()
            .filter(|(k, _)| k != name)
            .collect();
        let err = refused(verifier().verify_at(&headers, BODY, TIMESTAMP));
        assert!(
            matches!(err, WebhookError::MissingHeader(missing) if missing == name),
            "{name}: {err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!("webhook header `{name}` is missing")
        );
    }
}

#[test]
fn garbage_signature_is_refused() {
    // Of the scheme's form, but not a signature: nothing matches.
    for signature in [
        "v1,!!! not base64 !!!",
        "v1,",
        "v1,g0hM9SsE",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=",
        OTHER_SIGNATURE,
    ] {
        let err = refused(verifier().verify_at(&headers(signature), BODY, TIMESTAMP));
        assert!(
            matches!(err, WebhookError::NoMatchingSignature),
            "{signature}: {err:?}"
        );
    }
    // Not of the scheme's form at all.
    for signature in [
        "",
        "   ",
        "garbage",
        "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    ] {
        let err = refused(verifier().verify_at(&headers(signature), BODY, TIMESTAMP));
        assert!(
            matches!(err, WebhookError::NoSupportedSignature),
            "{signature:?}: {err:?}"
        );
    }
}

#[test]
fn wrong_version_prefix_is_refused() {
    // The right signature bytes under other versions: `v1a` is ed25519 and
    // `v2` does not exist; neither is HMAC-SHA256, so neither is tried.
    for signature in [
        "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        "V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        "v1=g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    ] {
        let err = refused(verifier().verify_at(&headers(signature), BODY, TIMESTAMP));
        assert!(
            matches!(err, WebhookError::NoSupportedSignature),
            "{signature}: {err:?}"
        );
    }
}

// ---- accepted deliveries ----

#[test]
fn second_of_several_signatures_matches() {
    let list = format!("{OTHER_SIGNATURE} {SIGNATURE}");
    verifier()
        .verify_at(&headers(&list), BODY, TIMESTAMP)
        .unwrap();
    // Other versions and extra spaces in between are skipped.
    let list = format!(
        "v1a,AAAA  v2,{} {OTHER_SIGNATURE}   {SIGNATURE} ",
        &SIGNATURE[3..]
    );
    verifier()
        .verify_at(&headers(&list), BODY, TIMESTAMP)
        .unwrap();
}

#[test]
fn rotated_secrets_are_both_accepted() {
    let new_secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    let new_only = Verifier::new(new_secret).unwrap();
    let new_signature = new_only.sign(ID, TIMESTAMP, BODY);

    let rotating = Verifier::new(SECRET)
        .unwrap()
        .add_secret(new_secret)
        .unwrap();
    rotating
        .verify_at(&headers(SIGNATURE), BODY, TIMESTAMP)
        .unwrap();
    rotating
        .verify_at(&headers(&new_signature), BODY, TIMESTAMP)
        .unwrap();
    // The first secret still signs.
    assert_eq!(rotating.sign(ID, TIMESTAMP, BODY), SIGNATURE);

    new_only
        .verify_at(&headers(&new_signature), BODY, TIMESTAMP)
        .unwrap();
    let err = refused(new_only.verify_at(&headers(SIGNATURE), BODY, TIMESTAMP));
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
}

#[test]
fn header_names_in_any_case() {
    let pairs = [
        ("Webhook-Id", ID),
        ("WEBHOOK-TIMESTAMP", TIMESTAMP_TEXT),
        ("webhook-Signature", SIGNATURE),
    ];
    let owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let hash: HashMap<String, String> = owned.iter().cloned().collect();
    let btree: BTreeMap<String, String> = owned.iter().cloned().collect();
    let v = verifier();
    v.verify_at(&pairs, BODY, TIMESTAMP).unwrap();
    v.verify_at(&pairs[..], BODY, TIMESTAMP).unwrap();
    v.verify_at(&owned, BODY, TIMESTAMP).unwrap();
    v.verify_at(&hash, BODY, TIMESTAMP).unwrap();
    v.verify_at(&btree, BODY, TIMESTAMP).unwrap();
    assert_eq!(pairs.header("WEBHOOK-ID"), Some(ID));
    assert_eq!(hash.header("x-missing"), None);
}

#[cfg(feature = "client")]
#[test]
fn http_header_map_is_read() {
    use oneinbox_codegen_runtime::reqwest::header::{HeaderMap, HeaderValue};

    let mut map = HeaderMap::new();
    map.insert("Webhook-Id", HeaderValue::from_static(ID));
    map.insert(
        "webhook-timestamp",
        HeaderValue::from_static(TIMESTAMP_TEXT),
    );
    map.insert("WEBHOOK-SIGNATURE", HeaderValue::from_static(SIGNATURE));
    verifier().verify_at(&map, BODY, TIMESTAMP).unwrap();
    assert_eq!(map.header("Webhook-Signature"), Some(SIGNATURE));
    // A value that is not visible ASCII reads as absent.
    map.insert("webhook-id", HeaderValue::from_bytes(b"msg_\xff").unwrap());
    let err = refused(verifier().verify_at(&map, BODY, TIMESTAMP));
    assert!(
        matches!(err, WebhookError::MissingHeader("webhook-id")),
        "{err:?}"
    );
}

#[test]
fn secret_without_prefix_or_padding() {
    Verifier::new("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        .unwrap()
        .verify_at(&headers(SIGNATURE), BODY, TIMESTAMP)
        .unwrap();
    // The reference libraries also take base64 secrets without their `=`
    // (the Python library's cases, needing one and two).
    for (padded, unpadded) in [
        (
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS=",
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS",
        ),
        (
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr==",
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr",
        ),
    ] {
        let signature = Verifier::new(padded).unwrap().sign(ID, TIMESTAMP, BODY);
        for secret in [unpadded.to_owned(), format!("whsec_{unpadded}")] {
            Verifier::new(&secret)
                .unwrap()
                .verify_at(&headers(&signature), BODY, TIMESTAMP)
                .unwrap();
        }
    }
}

#[test]
fn invalid_secrets_are_refused() {
    for secret in ["", "whsec_", "whsec_!!!notbase64", "not base64 at all"] {
        let err = Verifier::new(secret).expect_err(secret);
        assert!(
            matches!(err, WebhookError::InvalidSecret(_)),
            "{secret:?}: {err:?}"
        );
    }
    let err = Verifier::new(SECRET)
        .unwrap()
        .add_secret("whsec_")
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidSecret("empty")),
        "{err:?}"
    );
    let raw = Scheme::hmac_sha256().signature_header("x-signature");
    let err = Verifier::with_scheme(raw, "").unwrap_err();
    assert!(
        matches!(err, WebhookError::InvalidSecret("empty")),
        "{err:?}"
    );
}

#[test]
fn secrets_stay_out_of_messages() {
    let secret = "whsec_!!!notbase64-but-secret";
    let err = Verifier::new(secret).unwrap_err();
    assert!(!err.to_string().contains("notbase64"), "{err}");
    assert!(!format!("{err:?}").contains("notbase64"), "{err:?}");
    let debug = format!("{:?}", verifier());
    assert!(
        !debug.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        "{debug}"
    );
    assert!(debug.contains("secrets: 1"), "{debug}");
}

// ---- other HMAC schemes ----

/// GitHub's `X-Hub-Signature-256`, as a generated crate would declare it.
const GITHUB: Scheme = Scheme::hmac_sha256()
    .signature_header("x-hub-signature-256")
    .prefix("sha256=")
    .encoding(Encoding::Hex)
    .signed("{body}")
    .secret_encoding(SecretEncoding::Raw);

// GitHub's documented example ("Validating webhook deliveries").
const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const GITHUB_BODY: &[u8] = b"Hello, World!";
const GITHUB_SIGNATURE: &str =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

#[test]
fn github_documented_example_verifies() {
    let verifier = Verifier::with_scheme(GITHUB, GITHUB_SECRET).unwrap();
    assert_eq!(verifier.sign("", 0, GITHUB_BODY), GITHUB_SIGNATURE);
    let headers = [("X-Hub-Signature-256", GITHUB_SIGNATURE)];
    // No timestamp, so no replay window: any clock is fine.
    for now in [0, unix_now(), i64::MIN, i64::MAX] {
        verifier.verify_at(&headers, GITHUB_BODY, now).unwrap();
    }
    verifier.verify(&headers, GITHUB_BODY).unwrap();
    // Hex digits in either case.
    let upper = format!("sha256={}", GITHUB_SIGNATURE[7..].to_uppercase());
    verifier
        .verify(&[("x-hub-signature-256", upper.as_str())], GITHUB_BODY)
        .unwrap();

    let err = refused(verifier.verify(&headers, b"Hello, World?"));
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
    let err = refused(verifier.verify(&[("x-hub-signature-256", "sha256=xyz")], GITHUB_BODY));
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
    let err = refused(verifier.verify(&[("x-hub-signature", "sha256=00")], GITHUB_BODY));
    assert!(
        matches!(err, WebhookError::MissingHeader("x-hub-signature-256")),
        "{err:?}"
    );
}

#[test]
fn hmac_sha1_and_sha512_schemes() {
    // Expected values computed independently (Python's `hmac` module) for
    // GitHub's example secret and payload.
    let sha1 = Scheme::hmac(Algorithm::HmacSha1)
        .signature_header("x-hub-signature")
        .prefix("sha1=");
    Verifier::with_scheme(sha1, GITHUB_SECRET)
        .unwrap()
        .verify(
            &[(
                "X-Hub-Signature",
                "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59",
            )],
            GITHUB_BODY,
        )
        .unwrap();
    let sha512 = GITHUB.algorithm(Algorithm::HmacSha512).prefix("sha512=");
    let signature = "sha512=11ed355a617e98134e842012a7944ccf59c10256cb182357bd7e3a42013ff07c\
                     376f8c14cf5cc1923da20b51d64256b2fb8ebbf100aa67a61326f61fea8111bc";
    let verifier = Verifier::with_scheme(sha512, GITHUB_SECRET).unwrap();
    assert_eq!(verifier.sign("", 0, GITHUB_BODY), signature);
    verifier
        .verify(&[("x-hub-signature-256", signature)], GITHUB_BODY)
        .unwrap();
}

#[test]
fn stripe_style_timestamp_in_signature_header() {
    // `t=<unix seconds>,v1=<hex>` over `{timestamp}.{body}`, the raw
    // `whsec_` text as key; the expected value computed with Python's
    // `hmac` module.
    let scheme = Scheme::hmac_sha256()
        .signature_header("stripe-signature")
        .timestamp_in_signature("t=")
        .separator(',')
        .prefix("v1=")
        .signed("{timestamp}.{body}");
    let verifier = Verifier::with_scheme(scheme, "whsec_stripe_like_secret").unwrap();
    let body = br#"{"id":"evt_1","object":"event"}"#;
    let sig = "v1=22e12e312dfe7edfa4d1fe9c840f1c4688f526aa34caa45adff165d95943d8dc";
    assert_eq!(verifier.sign("", 1700000000, body), sig);
    let header = format!("t=1700000000,v0=00ff,{sig}");
    let headers = [("Stripe-Signature", header.as_str())];
    verifier.verify_at(&headers, body, 1700000000).unwrap();

    let err = refused(verifier.verify_at(&headers, body, 1700000000 + 301));
    assert!(
        matches!(
            err,
            WebhookError::TimestampOutsideTolerance {
                age_seconds: 301,
                ..
            }
        ),
        "{err:?}"
    );
    let moved = format!("t=1700000001,{sig}");
    let err =
        refused(verifier.verify_at(&[("stripe-signature", moved.as_str())], body, 1700000000));
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
    let err = refused(verifier.verify_at(&[("stripe-signature", sig)], body, 1700000000));
    assert!(matches!(err, WebhookError::InvalidTimestamp), "{err:?}");
}

#[test]
fn schemes_that_cannot_verify_are_refused() {
    let cases = [
        Scheme::hmac_sha256(),
        Scheme::hmac_sha256()
            .signature_header("x-sig")
            .signed("{id}.{body}"),
        Scheme::hmac_sha256()
            .signature_header("x-sig")
            .signed("{timestamp}.{body}"),
        Scheme::hmac_sha256()
            .signature_header("x-sig")
            .signed("{bdy}"),
        Scheme::hmac_sha256()
            .signature_header("x-sig")
            .signed("{body"),
        Scheme::hmac_sha256()
            .signature_header("x-sig")
            .signed("constant"),
        Scheme::standard().id_header(""),
        Scheme::standard().timestamp_header(""),
    ];
    for scheme in cases {
        let err = Verifier::with_scheme(scheme, "secret").unwrap_err();
        assert!(
            matches!(err, WebhookError::InvalidScheme(_)),
            "{scheme:?}: {err:?}"
        );
    }
    // The pieces above, put together right, verify.
    let scheme = Scheme::hmac_sha256()
        .signature_header("x-sig")
        .id_header("x-id")
        .timestamp_header("x-time")
        .signed("{id}:{timestamp}:{body}");
    let verifier = Verifier::with_scheme(scheme, "secret").unwrap();
    let sig = verifier.sign("evt_1", 1700000000, b"{}");
    let headers = [
        ("x-id", "evt_1"),
        ("x-time", "1700000000"),
        ("x-sig", sig.as_str()),
    ];
    verifier.verify_at(&headers, b"{}", 1700000000).unwrap();
    assert_eq!(Scheme::default(), Scheme::standard());
}

// ---- parsing ----

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    data: Data,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Data {
    id: String,
    count: u32,
}

/// Headers of a delivery of `body` signed now with the vector's secret.
fn signed_now(body: &[u8]) -> Vec<(String, String)> {
    let now = unix_now();
    let signature = verifier().sign(ID, now, body);
    with(headers(&signature), "webhook-timestamp", &now.to_string())
}

#[test]
fn verify_and_parse_into_struct() {
    let body = br#"{"type":"contact.created","data":{"id":"c_1","count":3}}"#;
    let event: Event = verifier()
        .verify_and_parse(&signed_now(body), body)
        .unwrap();
    assert_eq!(
        event,
        Event {
            kind: "contact.created".to_owned(),
            data: Data {
                id: "c_1".to_owned(),
                count: 3
            }
        }
    );
}

#[test]
fn verify_and_parse_reports_decode_path() {
    let body = br#"{"type":"contact.created","data":{"id":"c_1","count":"many"}}"#;
    let err = verifier()
        .verify_and_parse::<Event, _>(&signed_now(body), body)
        .unwrap_err();
    assert!(
        matches!(&err, WebhookError::Decode { path, .. } if path == "data.count"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("webhook body does not decode at `data.count`: "),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());

    let body = br#"{"type":"contact.created","data":{"id":"c_1","count":3}} trailing"#;
    let err = verifier()
        .verify_and_parse::<Event, _>(&signed_now(body), body)
        .unwrap_err();
    assert!(matches!(&err, WebhookError::Decode { .. }), "{err:?}");
}

#[test]
fn verify_and_parse_refuses_before_parsing() {
    // A forged body is refused as forged, not as badly formed.
    let body = b"not json";
    let headers = signed_now(br#"{"type":"x","data":{"id":"a","count":1}}"#);
    let err = verifier()
        .verify_and_parse::<Event, _>(&headers, body)
        .unwrap_err();
    assert!(matches!(err, WebhookError::NoMatchingSignature), "{err:?}");
}
