//! OAuth2 client credentials (RFC 6749 §4.4): [`ClientCredentials`] asks
//! the token endpoint for an access token, caches it, fetches a new one
//! shortly before it expires, and makes concurrent callers share one fetch.

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::{AccessToken, Secret, TokenError, TokenFuture, TokenProvider};

/// How long before its expiry a token is replaced, by default.
const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(30);
/// Time limit of a token request, by default.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest token response read.
const MAX_RESPONSE_BYTES: usize = 64 * 1024;
/// Longest `expires_in` taken at its word (ten years).
const MAX_LIFETIME: f64 = 10.0 * 365.0 * 24.0 * 3600.0;
/// Longest `error` or `error_description` quoted in a message.
const MAX_QUOTE: usize = 200;

/// OAuth2 client credentials: access tokens for the client itself, from
/// the token endpoint, sent as `Authorization: Bearer`.
///
/// The token is cached and replaced [`ClientCredentials::refresh_before`]
/// its expiry (30 s by default, never more than half its lifetime); callers
/// that need a token while one is being fetched wait for that fetch instead
/// of starting their own. The client id and secret go in HTTP Basic
/// authentication (RFC 6749 §2.3.1), or as form fields with
/// [`ClientCredentials::credentials_in_body`]. The secret and the tokens
/// never appear in `Debug` output or error messages.
///
/// Share one between clients by passing an `Arc<ClientCredentials>`.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    secret: Secret,
    scopes: Vec<String>,
    params: Vec<(String, String)>,
    refresh_before: Duration,
    in_body: bool,
    timeout: Duration,
    state: Mutex<State>,
    /// Held across a fetch, so that there is one at a time.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// Fetches finished so far.
    fetches: u64,
    /// The error of the last fetch, if it failed, with its number.
    failure: Option<(u64, TokenError)>,
}

struct Cached {
    token: AccessToken,
    /// When to fetch a new one; `None` for a token without an expiry.
    refresh_at: Option<Instant>,
}

impl State {
    fn fresh(&self) -> Option<AccessToken> {
        let cached = self.cached.as_ref()?;
        let fresh = cached.refresh_at.is_none_or(|at| Instant::now() < at);
        fresh.then(|| cached.token.clone())
    }
}

/// What a caller does after waiting for its turn to fetch.
enum Turn {
    Use(AccessToken),
    Fail(TokenError),
    Fetch,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<&str> = self.params.iter().map(|(k, _)| k.as_str()).collect();
        let cached = self.state().cached.is_some();
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.secret)
            .field("scopes", &self.scopes)
            .field("params", &params)
            .field("refresh_before", &self.refresh_before)
            .field("credentials_in_body", &self.in_body)
            .field("token", &cached.then_some("<redacted>"))
            .finish()
    }
}

impl ClientCredentials {
    /// A grant that asks `token_url` for tokens as `client_id`, with no
    /// scope.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Self::from_secret(
            token_url.into(),
            client_id.into(),
            Secret::new(client_secret),
        )
    }

    pub(crate) fn from_secret(token_url: String, client_id: String, secret: Secret) -> Self {
        ClientCredentials {
            token_url,
            client_id,
            secret,
            scopes: Vec::new(),
            params: Vec::new(),
            refresh_before: DEFAULT_REFRESH_BEFORE,
            in_body: false,
            timeout: DEFAULT_TIMEOUT,
            state: Mutex::new(State::default()),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// Asks for this scope too.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// Asks for these scopes too.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// An extra form field of the token request (`audience`, `resource`).
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Replaces a token this long before it expires (default 30 s; never
    /// more than half the token's lifetime).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// Sends the client id and secret as the form fields `client_id` and
    /// `client_secret` instead of in HTTP Basic authentication, for token
    /// endpoints that want them there.
    pub fn credentials_in_body(mut self, in_body: bool) -> Self {
        self.in_body = in_body;
        self
    }

    /// Time limit of a token request (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state is replaced whole, so a panic elsewhere cannot leave it
        // half written.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// After waiting for the fetch lock: a token someone else fetched, the
    /// error of a fetch that failed meanwhile, or our turn to fetch.
    fn turn(&self, fetches_before: u64) -> Turn {
        let state = self.state();
        if let Some(token) = state.fresh() {
            return Turn::Use(token);
        }
        match &state.failure {
            Some((n, e)) if *n == state.fetches && state.fetches != fetches_before => {
                Turn::Fail(e.clone())
            }
            _ => Turn::Fetch,
        }
    }

    /// Records a fetch's outcome.
    fn finish(&self, result: Result<Cached, TokenError>) -> Result<AccessToken, TokenError> {
        let mut state = self.state();
        state.fetches += 1;
        match result {
            Ok(cached) => {
                let token = cached.token.clone();
                state.cached = Some(cached);
                state.failure = None;
                Ok(token)
            }
            Err(e) => {
                state.failure = Some((state.fetches, e.clone()));
                Err(e)
            }
        }
    }

    async fn get(&self, http: &reqwest::Client) -> Result<AccessToken, TokenError> {
        let fetches_before = {
            let state = self.state();
            if let Some(token) = state.fresh() {
                return Ok(token);
            }
            state.fetches
        };
        let _turn = self.fetching.lock().await;
        match self.turn(fetches_before) {
            Turn::Use(token) => Ok(token),
            Turn::Fail(e) => Err(e),
            Turn::Fetch => {
                let result = self.fetch(http).await;
                self.finish(result)
            }
        }
    }

    /// The token request: a form-encoded POST to the token endpoint.
    fn request(&self) -> Result<reqwest::Request, TokenError> {
        let url = reqwest::Url::parse(&self.token_url)
            .map_err(|e| TokenError::new(format!("the token URL is invalid: {e}")))?;
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials");
        if !self.scopes.is_empty() {
            form.append_pair("scope", &self.scopes.join(" "));
        }
        for (k, v) in &self.params {
            form.append_pair(k, v);
        }
        let mut request = reqwest::Request::new(Method::POST, url);
        let headers = request.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if self.in_body {
            form.append_pair("client_id", &self.client_id);
            form.append_pair("client_secret", self.secret.expose());
        } else {
            headers.insert(AUTHORIZATION, self.basic()?);
        }
        *request.timeout_mut() = Some(self.timeout);
        *request.body_mut() = Some(form.finish().into());
        Ok(request)
    }

    /// `Basic base64(id:secret)`, each form-encoded first (RFC 6749 §2.3.1).
    fn basic(&self) -> Result<HeaderValue, TokenError> {
        use base64::Engine as _;
        let encode = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let pair = format!(
            "{}:{}",
            encode(&self.client_id),
            encode(self.secret.expose())
        );
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
            .map_err(|_| TokenError::new("the client credentials do not fit in a header"))?;
        value.set_sensitive(true);
        Ok(value)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<Cached, TokenError> {
        let request = self.request()?;
        let sent_at = Instant::now();
        let response = http.execute(request).await.map_err(|e| self.transport(e))?;
        let status = response.status();
        let body = read_capped(response)
            .await
            .map_err(|e| self.transport(e).status_code(status))?;
        if !status.is_success() {
            return Err(self.endpoint_error(status, &body));
        }
        let (token, lifetime) = parse_token(&body).map_err(|e| e.status_code(status))?;
        let mut token = AccessToken::new(token);
        let mut refresh_at = None;
        if let Some(lifetime) = lifetime {
            let margin = self.refresh_before.min(lifetime / 2);
            token = token.expires_at(sent_at.checked_add(lifetime).unwrap_or(sent_at));
            refresh_at = Some(sent_at.checked_add(lifetime - margin).unwrap_or(sent_at));
        }
        Ok(Cached { token, refresh_at })
    }

    fn transport(&self, e: reqwest::Error) -> TokenError {
        let message = if e.is_timeout() {
            format!(
                "the token endpoint did not answer within {:?}",
                self.timeout
            )
        } else {
            "the token endpoint could not be reached".to_owned()
        };
        TokenError::with_source(message, e.without_url())
    }

    /// The status, and the endpoint's `error` and `error_description`
    /// (RFC 6749 §5.2) if it sent them.
    fn endpoint_error(&self, status: StatusCode, body: &[u8]) -> TokenError {
        let mut message = format!("the token endpoint answered {status}");
        if let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(body) {
            if let Some(code) = o.get("error").and_then(Value::as_str) {
                message.push_str(": ");
                message.push_str(&self.quote(code));
            }
            if let Some(text) = o.get("error_description").and_then(Value::as_str) {
                message.push_str(&format!(" ({})", self.quote(text)));
            }
        }
        TokenError::new(message).status_code(status)
    }

    /// Server text fit for a message: one line, cut short, and without the
    /// client secret should the server echo it.
    fn quote(&self, text: &str) -> String {
        let mut line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(MAX_QUOTE)
            .collect();
        let secret = self.secret.expose();
        if !secret.is_empty() {
            line = line.replace(secret, "<redacted>");
        }
        line
    }
}

impl TokenProvider for ClientCredentials {
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a> {
        Box::pin(self.get(http))
    }

    fn invalidate(&self, rejected: &AccessToken) {
        let mut state = self.state();
        if state.cached.as_ref().is_some_and(|c| c.token == *rejected) {
            state.cached = None;
        }
    }

    fn cached(&self) -> Option<AccessToken> {
        self.state().fresh()
    }
}

/// The body, up to [`MAX_RESPONSE_BYTES`].
async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_RESPONSE_BYTES.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if room <= chunk.len() {
            break;
        }
    }
    Ok(body)
}

/// The access token of a successful answer (RFC 6749 §5.1), and its
/// lifetime if the answer gives one. Messages never quote the body, which
/// holds the token.
fn parse_token(body: &[u8]) -> Result<(String, Option<Duration>), TokenError> {
    let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(body) else {
        return Err(TokenError::new(
            "the token endpoint's answer is not a JSON object",
        ));
    };
    let token = match o.get("access_token") {
        Some(Value::String(t)) if !t.is_empty() => t.clone(),
        _ => {
            return Err(TokenError::new(
                "the token endpoint's answer has no `access_token` string",
            ))
        }
    };
    if let Some(kind) = o.get("token_type").and_then(Value::as_str) {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::new(format!(
                "the token endpoint issued a `{}` token; only bearer tokens are supported",
                kind.chars().take(MAX_QUOTE).collect::<String>()
            )));
        }
    }
    let seconds = match o.get("expires_in") {
        Some(Value::Number(n)) => n.as_f64(),
        // Some servers send the number as a string.
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let lifetime = seconds
        .filter(|s| s.is_finite())
        .map(|s| Duration::from_secs_f64(s.clamp(0.0, MAX_LIFETIME)));
    Ok((token, lifetime))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_answers_are_read_leniently_and_never_quoted() {
        let (t, life) =
            parse_token(br#"{"access_token":"abc","token_type":"Bearer","expires_in":"60"}"#)
                .expect("valid answer");
        assert_eq!((t.as_str(), life), ("abc", Some(Duration::from_secs(60))));
        let (_, life) = parse_token(br#"{"access_token":"abc","expires_in":-5}"#).expect("valid");
        assert_eq!(life, Some(Duration::ZERO));
        let (_, life) =
            parse_token(br#"{"access_token":"abc","expires_in":1e300}"#).expect("valid");
        assert_eq!(life, Some(Duration::from_secs_f64(MAX_LIFETIME)));
        for bad in [
            &br#"{"access_token":""}"#[..],
            br#"{"access_token":{"nested":"sekrit"}}"#,
            br#"["sekrit"]"#,
            b"sekrit",
            br#"{"access_token":"sekrit","token_type":"mac"}"#,
        ] {
            let e = parse_token(bad).expect_err("invalid answer");
            assert!(!e.to_string().contains("sekrit"), "{e}");
        }
    }

    #[test]
    fn endpoint_errors_quote_the_error_fields_without_the_secret() {
        let grant = ClientCredentials::new("https://auth.example/token", "id", "s3cr3t-value");
        let e = grant.endpoint_error(
            StatusCode::UNAUTHORIZED,
            br#"{"error":"invalid_client","error_description":"secret s3cr3t-value\nis wrong"}"#,
        );
        assert_eq!(
            e.to_string(),
            "the token endpoint answered 401 Unauthorized: invalid_client (secret <redacted> is wrong)"
        );
        assert_eq!(e.status(), Some(StatusCode::UNAUTHORIZED));
        let e = grant.endpoint_error(StatusCode::BAD_GATEWAY, b"<html>s3cr3t-value</html>");
        assert_eq!(e.to_string(), "the token endpoint answered 502 Bad Gateway");
    }

    #[test]
    fn basic_credentials_are_form_encoded_first() {
        let grant = ClientCredentials::new("https://auth.example/token", "a b", "p:w&");
        let value = grant.basic().expect("header");
        use base64::Engine as _;
        let expected = base64::engine::general_purpose::STANDARD.encode("a+b:p%3Aw%26");
        assert_eq!(
            value.to_str().ok(),
            Some(format!("Basic {expected}").as_str())
        );
        assert!(value.is_sensitive());
    }
}
