//! OAuth2 client credentials and token providers against a loopback token
//! endpoint and API: one fetch for concurrent callers, refresh before
//! expiry, one renewal after a 401, what the token request carries, and
//! secrets kept out of every `Debug`, `Display` and error.

#![cfg(feature = "client")]

mod support;

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use oneinbox_codegen_runtime::auth::{
    AccessToken, ClientCredentials, Credential, TokenError, TokenFuture, TokenProvider,
};
use oneinbox_codegen_runtime::handle::{build_request, send};
use oneinbox_codegen_runtime::{ClientBuilder, Error, RequestOptions, Upload};
use support::{Request, Response, Server, TestClient, BEARER, OAUTH};

const SECRET: &str = "client-secret-7f3a";
const OAUTH_ONLY: &[&[usize]] = &[&[OAUTH]];

/// Answers `/oauth/token` with `at-<n>` (n counting fetches from 1), valid
/// for `expires_in` seconds, after `delay`; `/pets` with what `api` says.
async fn server(
    expires_in: u64,
    delay: Duration,
    api: impl Fn(&Request) -> Response + Send + Sync + 'static,
) -> Server {
    let fetches = AtomicUsize::new(0);
    Server::start(move |r| {
        if r.path() == "/oauth/token" {
            let n = fetches.fetch_add(1, Ordering::SeqCst) + 1;
            let body = format!(
                r#"{{"access_token":"at-{n}","token_type":"bearer","expires_in":{expires_in}}}"#
            );
            Response::json(200, body).after(delay)
        } else {
            api(r)
        }
    })
    .await
}

fn grant(server: &Server) -> ClientCredentials {
    ClientCredentials::new(format!("{}/oauth/token", server.url), "client-1", SECRET)
}

fn client(server: &Server, grant: impl TokenProvider) -> TestClient {
    ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .credential(Credential::provider(OAUTH, grant))
        .build()
        .expect("client")
}

/// The `Authorization` header of each request to `/pets`.
fn bearers(server: &Server) -> Vec<String> {
    server
        .hits("/pets")
        .iter()
        .map(|r| r.header("authorization").unwrap_or("").to_owned())
        .collect()
}

fn basic(pair: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_token_fetch() {
    let server = server(3600, Duration::from_millis(300), |_| Response::ok()).await;
    let c = client(&server, grant(&server).scope("pets.read"));
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let core = c.0.clone();
        calls.spawn(async move { support::get(&core, "/pets", OAUTH_ONLY).await });
    }
    let mut ok = 0;
    while let Some(done) = calls.join_next().await {
        let raw = done.expect("joined").expect("sent");
        assert_eq!(raw.status(), 200);
        ok += 1;
    }
    assert_eq!(ok, 20);
    let fetches = server.hits("/oauth/token");
    assert_eq!(fetches.len(), 1);
    assert_eq!(bearers(&server), vec!["Bearer at-1"; 20]);
    // The token request (RFC 6749 §4.4.2), the client authenticated with
    // HTTP Basic (§2.3.1).
    let t = &fetches[0];
    assert_eq!(t.method, "POST");
    assert_eq!(
        t.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(t.body, "grant_type=client_credentials&scope=pets.read");
    assert_eq!(
        t.header("authorization"),
        Some(basic(&format!("client-1:{SECRET}")).as_str())
    );
}

#[tokio::test]
async fn an_expired_token_is_fetched_again() {
    let server = server(1, Duration::ZERO, |_| Response::ok()).await;
    let c = client(
        &server,
        grant(&server).refresh_before(Duration::from_millis(200)),
    );
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    assert_eq!(server.hits("/oauth/token").len(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    assert_eq!(server.hits("/oauth/token").len(), 2);
    assert_eq!(
        bearers(&server),
        ["Bearer at-1", "Bearer at-1", "Bearer at-2"]
    );
}

#[tokio::test]
async fn refresh_comes_at_most_half_a_lifetime_early() {
    // The default margin (30 s) exceeds the lifetime: half of it applies.
    let server = server(2, Duration::ZERO, |_| Response::ok()).await;
    let c = client(&server, grant(&server));
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    assert_eq!(server.hits("/oauth/token").len(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    assert_eq!(
        bearers(&server),
        ["Bearer at-1", "Bearer at-1", "Bearer at-2"]
    );
}

#[tokio::test]
async fn a_rejected_token_is_replaced_and_the_request_sent_again() {
    let server = server(3600, Duration::ZERO, |r| match r.header("authorization") {
        Some("Bearer at-1") => Response::json(401, r#"{"error":"expired"}"#),
        _ => Response::ok(),
    })
    .await;
    // No retries: the resend is not one of them.
    let c = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .max_retries(0)
        .credential(Credential::provider(OAUTH, grant(&server)))
        .build()
        .expect("client");
    let raw = support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    assert_eq!(raw.status(), 200);
    assert_eq!(server.hits("/oauth/token").len(), 2);
    assert_eq!(bearers(&server), ["Bearer at-1", "Bearer at-2"]);
}

#[tokio::test]
async fn a_token_rejected_again_returns_the_401_after_one_resend() {
    let server = server(3600, Duration::ZERO, |_| {
        Response::json(401, r#"{"error":"nope"}"#)
    })
    .await;
    let c = client(&server, grant(&server));
    let raw = support::get(&c.0, "/pets", OAUTH_ONLY)
        .await
        .expect("answered");
    assert_eq!(raw.status(), 401);
    assert_eq!(server.hits("/oauth/token").len(), 2);
    assert_eq!(bearers(&server), ["Bearer at-1", "Bearer at-2"]);
}

/// One chunk, once.
struct Once(Option<&'static [u8]>);

impl futures_core::Stream for Once {
    type Item = Result<&'static [u8], std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().map(Ok))
    }
}

#[tokio::test]
async fn a_streamed_body_is_not_resent_but_its_token_is_dropped() {
    let server = server(3600, Duration::ZERO, |r| match r.header("authorization") {
        Some("Bearer at-1") => Response::json(401, "{}"),
        _ => Response::ok(),
    })
    .await;
    let c = client(&server, grant(&server));
    let mut call = support::call(&c.0, "/pets", OAUTH_ONLY);
    call.upload("text/plain", Upload::stream(Once(Some(b"hello")), Some(5)));
    let raw = send(call, (), |_, _| {}, RequestOptions::default())
        .await
        .expect("answered");
    assert_eq!(raw.status(), 401);
    assert_eq!(bearers(&server), ["Bearer at-1"]);
    // The next call gets a new token.
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    assert_eq!(bearers(&server), ["Bearer at-1", "Bearer at-2"]);
}

/// A provider of one fixed token that counts how often it was rejected.
struct Fixed {
    rejected: Arc<AtomicUsize>,
}

impl TokenProvider for Fixed {
    fn token<'a>(
        &'a self,
        _http: &'a oneinbox_codegen_runtime::reqwest::Client,
    ) -> TokenFuture<'a> {
        Box::pin(async { Ok(AccessToken::new("fixed-token")) })
    }

    fn invalidate(&self, rejected: &AccessToken) {
        assert_eq!(rejected.secret(), "fixed-token");
        self.rejected.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_provider_that_gives_the_same_token_again_gets_no_resend() {
    let server = Server::start(|_| Response::json(401, "{}")).await;
    let rejected = Arc::new(AtomicUsize::new(0));
    let provider = Fixed {
        rejected: Arc::clone(&rejected),
    };
    // A bearer scheme takes a provider too.
    let c = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .credential(Credential::provider(BEARER, provider))
        .build()
        .expect("client");
    let raw = support::get(&c.0, "/pets", &[&[BEARER]])
        .await
        .expect("answered");
    assert_eq!(raw.status(), 401);
    assert_eq!(bearers(&server), ["Bearer fixed-token"]);
    assert_eq!(rejected.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_schemes_token_url_and_scopes_fill_client_credentials() {
    let server = server(3600, Duration::ZERO, |_| Response::ok()).await;
    // The scheme's token URL (`/oauth/token`) is relative to the base URL.
    let c = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .credential(Credential::client_credentials(OAUTH, "client-2", SECRET))
        .build()
        .expect("client");
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    let fetches = server.hits("/oauth/token");
    assert_eq!(fetches.len(), 1);
    assert_eq!(
        fetches[0].body,
        "grant_type=client_credentials&scope=pets.read+pets.write"
    );
    assert_eq!(bearers(&server), ["Bearer at-1"]);
}

#[tokio::test]
async fn credentials_go_in_the_body_on_request() {
    let server = server(3600, Duration::ZERO, |_| Response::ok()).await;
    let grant = grant(&server)
        .credentials_in_body(true)
        .param("audience", "https://api.example");
    let c = client(&server, grant);
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    let fetches = server.hits("/oauth/token");
    assert_eq!(fetches[0].header("authorization"), None);
    assert_eq!(
        fetches[0].body,
        format!(
            "grant_type=client_credentials&audience=https%3A%2F%2Fapi.example\
             &client_id=client-1&client_secret={SECRET}"
        )
    );
}

#[tokio::test]
async fn a_shared_provider_fetches_once_for_every_client() {
    let server = server(3600, Duration::ZERO, |_| Response::ok()).await;
    let shared = Arc::new(grant(&server));
    let a = client(&server, Arc::clone(&shared));
    let b = client(&server, Arc::clone(&shared));
    support::get(&a.0, "/pets", OAUTH_ONLY).await.expect("sent");
    support::get(&b.0, "/pets", OAUTH_ONLY).await.expect("sent");
    assert_eq!(server.hits("/oauth/token").len(), 1);
    assert_eq!(bearers(&server), ["Bearer at-1", "Bearer at-1"]);
}

#[tokio::test]
async fn build_request_shows_a_cached_token_only() {
    let server = server(3600, Duration::ZERO, |_| Response::ok()).await;
    let c = client(&server, grant(&server));
    let call = support::call(&c.0, "/pets", OAUTH_ONLY);
    let options = RequestOptions::default();
    let e = build_request(&call, &(), |_, _| {}, &options).expect_err("no token yet");
    assert!(matches!(e, Error::Auth { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "GET /pets: the access token for `oauth` is fetched when the request is sent, \
         and none is cached yet, so the request cannot be shown before it is sent"
    );
    assert!(server.requests().is_empty());
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    let request = build_request(&call, &(), |_, _| {}, &options).expect("request");
    assert_eq!(request.headers()["authorization"], "Bearer at-1");
    assert!(request.headers()["authorization"].is_sensitive());
    assert_eq!(server.hits("/oauth/token").len(), 1);
}

#[tokio::test]
async fn a_failing_token_endpoint_is_an_auth_error_without_secrets() {
    let server = Server::start(|r| {
        if r.path() == "/oauth/token" {
            Response::json(
                401,
                r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
            )
        } else {
            Response::ok()
        }
    })
    .await;
    let c = client(&server, grant(&server));
    let e = support::get(&c.0, "/pets", OAUTH_ONLY)
        .await
        .expect_err("no token");
    assert_eq!(
        e.to_string(),
        "GET /pets: no access token for `oauth`: the token endpoint answered \
         401 Unauthorized: invalid_client (Client authentication failed)"
    );
    let Error::Auth {
        source: Some(token_error),
        ..
    } = &e
    else {
        panic!("not a token error: {e:?}");
    };
    assert_eq!(token_error.status().map(|s| s.as_u16()), Some(401));
    for shown in [
        e.to_string(),
        format!("{e:?}"),
        token_error.to_string(),
        format!("{token_error:?}"),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
    }
    assert!(server.hits("/pets").is_empty());
    // An answer that is not JSON.
    let server = Server::start(|_| Response::json(200, "<html>")).await;
    let e = support::get(&client(&server, grant(&server)).0, "/pets", OAUTH_ONLY)
        .await
        .expect_err("no token");
    assert!(
        e.to_string()
            .ends_with("the token endpoint's answer is not a JSON object"),
        "{e}"
    );
}

#[tokio::test]
async fn secrets_and_tokens_never_show() {
    let server = server(3600, Duration::ZERO, |_| Response::ok()).await;
    let shared = Arc::new(grant(&server).scope("pets.read"));
    let builder = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .credential(Credential::provider(OAUTH, Arc::clone(&shared)))
        .credential(Credential::secret(BEARER, "at-static"));
    let builder_shown = format!("{builder:?}");
    let c = builder.build().expect("client");
    support::get(&c.0, "/pets", OAUTH_ONLY).await.expect("sent");
    let token = shared.cached().expect("cached");
    assert_eq!(token.secret(), "at-1");
    let shown = [
        builder_shown,
        format!("{shared:?}"),
        format!("{:?}", Credential::provider(OAUTH, grant(&server))),
        format!("{:?}", Credential::client_credentials(OAUTH, "c", SECRET)),
        format!("{:?}", c.0),
        format!("{token:?}"),
        token.to_string(),
        format!("{:?}", TokenError::new("failed")),
    ];
    for text in &shown {
        for secret in [SECRET, "at-1", "at-static"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    assert!(
        shown[1].contains(r#"client_secret: <redacted>"#),
        "{}",
        shown[1]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_waiting_on_a_failed_fetch_share_its_error() {
    let server = Server::start(|r| {
        if r.path() == "/oauth/token" {
            Response::json(503, r#"{"error":"temporarily_unavailable"}"#)
                .after(Duration::from_millis(300))
        } else {
            Response::ok()
        }
    })
    .await;
    let c = client(&server, grant(&server));
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let core = c.0.clone();
        calls.spawn(async move { support::get(&core, "/pets", OAUTH_ONLY).await });
    }
    while let Some(done) = calls.join_next().await {
        let e = done.expect("joined").expect_err("no token");
        assert!(
            e.to_string().ends_with(
                "the token endpoint answered 503 Service Unavailable: temporarily_unavailable"
            ),
            "{e}"
        );
    }
    assert_eq!(server.hits("/oauth/token").len(), 1);
    // A later call tries again.
    support::get(&c.0, "/pets", OAUTH_ONLY)
        .await
        .expect_err("still failing");
    assert_eq!(server.hits("/oauth/token").len(), 2);
    assert!(server.hits("/pets").is_empty());
}
