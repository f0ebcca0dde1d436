//! Per-operation security requirements against a loopback server: which
//! credentials each request carries (exactly what the server receives),
//! failing before sending when none is configured, and what
//! `ClientBuilder::build` refuses.

#![cfg(feature = "client")]

mod support;

use oneinbox_codegen_runtime::auth::Credential;
use oneinbox_codegen_runtime::handle::build_request;
use oneinbox_codegen_runtime::{ClientBuilder, Error, RequestOptions};
use support::{
    BasicClient, KeylessClient, Response, Server, TestClient, BASIC, BEARER, COOKIE, HEADER, OAUTH,
    OAUTH_NO_FLOW, QUERY,
};

const BEARER_ONLY: &[&[usize]] = &[&[BEARER]];
const QUERY_AND_COOKIE: &[&[usize]] = &[&[QUERY, COOKIE]];
const HEADER_OR_BASIC: &[&[usize]] = &[&[HEADER], &[BASIC]];
const NONE: &[&[usize]] = &[];
const BEARER_OR_HEADER_AND_COOKIE: &[&[usize]] = &[&[BEARER], &[HEADER, COOKIE]];
const ANONYMOUS_ALLOWED: &[&[usize]] = &[&[BEARER], &[]];
/// As Clerk writes an optional key: the anonymous alternative first.
const OPTIONAL_QUERY_KEY: &[&[usize]] = &[&[], &[QUERY]];

/// `user:password` in Basic form.
fn basic(pair: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

async fn server() -> Server {
    Server::start(|_| Response::ok()).await
}

/// A client with credentials for bearer, basic, query and cookie (not the
/// header key).
fn client(server: &Server) -> TestClient {
    ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .max_retries(0)
        .credential(Credential::secret(BEARER, "bearer-token"))
        .credential(Credential::basic(BASIC, "ann", "pw"))
        .credential(Credential::secret(QUERY, "query-key"))
        .credential(Credential::secret(COOKIE, "cookie-key"))
        .build()
        .expect("client")
}

/// The credential headers a request carried.
fn credentials(r: &support::Request) -> (Vec<&str>, Vec<&str>, Vec<&str>, Option<&str>) {
    (
        r.all("authorization"),
        r.all("x-api-key"),
        r.all("cookie"),
        r.query(),
    )
}

#[tokio::test]
async fn one_scheme_sends_only_its_credential() {
    let server = server().await;
    let c = client(&server);
    let raw = support::get(&c.0, "/a", BEARER_ONLY).await.expect("sent");
    assert_eq!(raw.status(), 200);
    let hits = server.hits("/a");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        credentials(&hits[0]),
        (vec!["Bearer bearer-token"], vec![], vec![], None)
    );
}

#[tokio::test]
async fn an_and_requirement_sends_every_credential_of_it() {
    let server = server().await;
    let c = client(&server);
    let mut call = support::call(&c.0, "/b", QUERY_AND_COOKIE);
    call.query("page", &2, oneinbox_codegen_runtime::Style::Form, true);
    call.cookie("theme", &"dark");
    let options = RequestOptions::default();
    oneinbox_codegen_runtime::handle::send(call, (), |_, _| {}, options)
        .await
        .expect("sent");
    let hits = server.hits("/b");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        credentials(&hits[0]),
        (
            vec![],
            vec![],
            vec!["theme=dark; session=cookie-key"],
            Some("page=2&api_key=query-key")
        )
    );
}

#[tokio::test]
async fn the_first_satisfied_alternative_is_sent() {
    let server = server().await;
    let c = client(&server);
    support::get(&c.0, "/c", HEADER_OR_BASIC)
        .await
        .expect("sent");
    let hits = server.hits("/c");
    assert_eq!(hits.len(), 1);
    assert_eq!(
        credentials(&hits[0]),
        (vec![basic("ann:pw").as_str()], vec![], vec![], None)
    );
    // With the header key configured too, the first alternative wins.
    let c = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .credential(Credential::basic(BASIC, "ann", "pw"))
        .credential(Credential::secret(HEADER, "header-key"))
        .build()
        .expect("client");
    support::get(&c.0, "/c2", HEADER_OR_BASIC)
        .await
        .expect("sent");
    let hits = server.hits("/c2");
    assert_eq!(
        credentials(&hits[0]),
        (vec![], vec!["header-key"], vec![], None)
    );
}

#[tokio::test]
async fn an_operation_without_requirements_sends_no_credential() {
    let server = server().await;
    let c = client(&server);
    support::get(&c.0, "/d", NONE).await.expect("sent");
    // An empty alternative is satisfied without credentials too.
    let anonymous = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .build()
        .expect("client");
    support::get(&anonymous.0, "/d", ANONYMOUS_ALLOWED)
        .await
        .expect("sent");
    let hits = server.hits("/d");
    assert_eq!(hits.len(), 2);
    for hit in &hits {
        assert_eq!(credentials(hit), (vec![], vec![], vec![], None));
    }
}

#[tokio::test]
async fn an_empty_alternative_listed_first_still_lets_a_configured_key_go() {
    let server = server().await;
    let c = client(&server);
    support::get(&c.0, "/f", OPTIONAL_QUERY_KEY)
        .await
        .expect("sent");
    let anonymous = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .build()
        .expect("client");
    support::get(&anonymous.0, "/f", OPTIONAL_QUERY_KEY)
        .await
        .expect("sent");
    let hits = server.hits("/f");
    assert_eq!(hits.len(), 2);
    assert_eq!(credentials(&hits[0]).3, Some("api_key=query-key"));
    assert_eq!(credentials(&hits[1]), (vec![], vec![], vec![], None));
}

#[tokio::test]
async fn an_unmet_requirement_fails_before_sending_and_names_the_schemes() {
    let server = server().await;
    let c = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .credential(Credential::secret(COOKIE, "cookie-key"))
        .build()
        .expect("client");
    let e = support::get(&c.0, "/e", BEARER_OR_HEADER_AND_COOKIE)
        .await
        .expect_err("no credential");
    assert!(matches!(e, Error::Auth { source: None, .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "GET /e needs credentials for `bearerAuth`, or for `apiKey` and `session`; \
         configure them with ClientBuilder::credential"
    );
    let e = support::get(&c.0, "/e", &[&[HEADER]])
        .await
        .expect_err("no credential");
    assert_eq!(
        e.to_string(),
        "GET /e needs credentials for `apiKey`; configure them with ClientBuilder::credential"
    );
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn api_key_fills_the_default_scheme_and_a_later_credential_replaces_it() {
    let server = server().await;
    let c = ClientBuilder::<TestClient>::new()
        .base_url(&server.url)
        .api_key("first")
        .credential(Credential::secret(BEARER, "second"))
        .build()
        .expect("client");
    support::get(&c.0, "/k", BEARER_ONLY).await.expect("sent");
    let c = ClientBuilder::<BasicClient>::new()
        .base_url(&server.url)
        .api_key("ann:p:w")
        .build()
        .expect("client");
    support::get(&c.0, "/k", &[&[BASIC]]).await.expect("sent");
    let hits = server.hits("/k");
    assert_eq!(hits[0].all("authorization"), ["Bearer second"]);
    assert_eq!(hits[1].all("authorization"), [basic("ann:p:w").as_str()]);
    let e = ClientBuilder::<KeylessClient>::new()
        .api_key("key")
        .build()
        .expect_err("no key scheme");
    assert!(matches!(e, Error::Config { .. }), "{e:?}");
    assert!(
        e.to_string().contains("the API declares no key scheme"),
        "{e}"
    );
}

#[tokio::test]
async fn build_request_shows_the_credentials_without_sending() {
    let server = server().await;
    let c = client(&server);
    let call = support::call(&c.0, "/f", QUERY_AND_COOKIE);
    let request =
        build_request(&call, &(), |_, _| {}, &RequestOptions::default()).expect("request");
    assert_eq!(request.url().query(), Some("api_key=query-key"));
    let cookie = &request.headers()["cookie"];
    assert_eq!(cookie, "session=cookie-key");
    assert!(cookie.is_sensitive());
    let call = support::call(&c.0, "/f", BEARER_ONLY);
    let request =
        build_request(&call, &(), |_, _| {}, &RequestOptions::default()).expect("request");
    assert!(request.headers()["authorization"].is_sensitive());
    let call = support::call(&c.0, "/f", &[&[HEADER]]);
    let e = build_request(&call, &(), |_, _| {}, &RequestOptions::default()).expect_err("unmet");
    assert!(matches!(e, Error::Auth { .. }), "{e:?}");
    assert!(server.requests().is_empty());
}

/// Builds a client with `credential` and returns the configuration error.
fn refused(credential: Credential) -> String {
    match ClientBuilder::<TestClient>::new()
        .base_url("http://127.0.0.1:9")
        .credential(credential)
        .build()
    {
        Ok(c) => panic!("built {c:?}"),
        Err(Error::Config { message }) => message,
        Err(e) => panic!("not a configuration error: {e:?}"),
    }
}

#[test]
fn build_refuses_a_credential_of_the_wrong_kind() {
    assert_eq!(
        refused(Credential::secret(BASIC, "key")),
        "the credential for `basicAuth` is a secret, but the scheme takes \
         a user name and password (Credential::basic)"
    );
    assert_eq!(
        refused(Credential::basic(BEARER, "u", "p")),
        "the credential for `bearerAuth` is a user name and password, but the scheme takes \
         a bearer token (Credential::secret or Credential::provider)"
    );
    assert_eq!(
        refused(Credential::provider(
            HEADER,
            oneinbox_codegen_runtime::auth::ClientCredentials::new("http://x/t", "id", "s")
        )),
        "the credential for `apiKey` is a token provider, but the scheme takes \
         an API key for the header `X-Api-Key` (Credential::secret)"
    );
    assert_eq!(
        refused(Credential::client_credentials(QUERY, "id", "s")),
        "the credential for `queryKey` is OAuth2 client credentials, but the scheme takes \
         an API key for the query parameter `api_key` (Credential::secret)"
    );
    assert_eq!(
        refused(Credential::client_credentials(OAUTH_NO_FLOW, "id", "s")),
        "the scheme `openId` has no client credentials flow (no tokenUrl); \
         pass a ClientCredentials with its token URL to Credential::provider"
    );
    assert_eq!(
        refused(Credential::secret(99, "key")),
        "a credential is for scheme #99, but the API declares 8 security scheme(s)"
    );
    // OAuth2 takes a static access token too.
    ClientBuilder::<TestClient>::new()
        .credential(Credential::secret(OAUTH, "token"))
        .build()
        .expect("an access token fits OAuth2");
}

#[test]
fn build_refuses_what_cannot_be_sent() {
    assert_eq!(
        refused(Credential::secret(support::BAD_HEADER, "key")),
        "the scheme `badHeader` sends its key in `X Api Key`, which is not a valid header name"
    );
    assert_eq!(
        refused(Credential::secret(HEADER, "line\nbreak")),
        "the credential for `apiKey` contains characters not allowed in a header"
    );
    assert_eq!(
        refused(Credential::basic(BASIC, "a:b", "p")),
        "the user name for `basicAuth` contains `:`, which HTTP Basic cannot carry"
    );
    assert!(refused(Credential::secret(COOKIE, "a;b")).starts_with("the cookie of `session`"));
    let e = refused(Credential::secret(HEADER, "line\nsecret-value"));
    assert!(!e.contains("secret-value"));
}

#[test]
fn debug_output_names_the_schemes_and_hides_the_values() {
    let builder = ClientBuilder::<TestClient>::new()
        .api_key("key-one")
        .credential(Credential::basic(BASIC, "ann", "pw-two"))
        .credential(Credential::secret(COOKIE, "cookie-three"));
    let shown = format!("{builder:?}");
    for secret in ["key-one", "pw-two", "cookie-three", "ann"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let client = builder.build().expect("client");
    let shown = format!("{:?}", client.0);
    assert!(
        shown.contains(
            r#"credentials: {"bearerAuth": "<redacted>", "basicAuth": "<redacted>", "session": "<redacted>"}"#
        ),
        "{shown}"
    );
    for secret in ["key-one", "pw-two", "cookie-three"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert_eq!(
        format!("{:?}", Credential::secret(QUERY, "query-four")),
        r#"Credential { scheme: 3, kind: "secret", .. }"#
    );
}
