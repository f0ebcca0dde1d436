//! Credentials: the security schemes an API declares ([`Scheme`]), the
//! credential a client holds for each ([`Credential`]), access tokens
//! obtained when a request is sent ([`TokenProvider`], [`AccessToken`],
//! [`TokenError`], [`ClientCredentials`]), and checking at build time that
//! each credential fits its scheme.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::StatusCode;

mod oauth;

pub use oauth::ClientCredentials;

/// One entry of the spec's `components.securitySchemes`: how the API
/// wants a credential. Generated as a static slice; operations name the
/// schemes they accept by their index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The spec's key for the scheme (named in error messages).
    pub name: &'static str,
    /// How the credential is sent.
    pub kind: SchemeKind,
}

/// How a scheme's credential travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// An API key in the header with this name.
    Header(&'static str),
    /// An API key in the query parameter with this name.
    Query(&'static str),
    /// An API key in the cookie with this name.
    Cookie(&'static str),
    /// OAuth2 or OpenID Connect: `Authorization: Bearer <access token>`.
    OAuth2 {
        /// The token URL of the spec's client credentials flow, if it has
        /// one (may be relative to the base URL).
        token_url: Option<&'static str>,
        /// The scopes a client credentials grant asks for.
        scopes: &'static [&'static str],
    },
}

impl SchemeKind {
    /// What a credential for this kind must be, for error messages.
    fn takes(&self) -> String {
        match self {
            SchemeKind::Bearer => {
                "a bearer token (Credential::secret or Credential::provider)".into()
            }
            SchemeKind::Basic => "a user name and password (Credential::basic)".into(),
            SchemeKind::Header(h) => {
                format!("an API key for the header `{h}` (Credential::secret)")
            }
            SchemeKind::Query(q) => {
                format!("an API key for the query parameter `{q}` (Credential::secret)")
            }
            SchemeKind::Cookie(c) => {
                format!("an API key for the cookie `{c}` (Credential::secret)")
            }
            SchemeKind::OAuth2 { .. } => "an OAuth2 access token (Credential::secret, \
                 Credential::provider or Credential::client_credentials)"
                .into(),
        }
    }
}

/// A string that never shows in `Debug` output or error messages.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

/// A credential for one of the API's security schemes. A generated SDK
/// offers a constructor for each scheme its spec declares; pass the result
/// to [`ClientBuilder::credential`]. Its `Debug` output names the scheme
/// and the kind of credential, never its value.
///
/// [`ClientBuilder::credential`]: crate::ClientBuilder::credential
#[derive(Clone)]
pub struct Credential {
    pub(crate) scheme: usize,
    pub(crate) value: Value,
}

/// What a credential holds.
#[derive(Clone)]
pub(crate) enum Value {
    /// A bearer token or API key.
    Secret(Secret),
    /// HTTP Basic.
    Basic { user: String, password: Secret },
    /// Tokens fetched when requests are sent.
    Provider(Arc<dyn TokenProvider>),
    /// An OAuth2 client credentials grant whose token URL and scopes come
    /// from the scheme.
    ClientCredentials { client_id: String, secret: Secret },
}

impl Value {
    fn describe(&self) -> &'static str {
        match self {
            Value::Secret(_) => "a secret",
            Value::Basic { .. } => "a user name and password",
            Value::Provider(_) => "a token provider",
            Value::ClientCredentials { .. } => "OAuth2 client credentials",
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.value {
            Value::Secret(_) => "secret",
            Value::Basic { .. } => "basic",
            Value::Provider(_) => "provider",
            Value::ClientCredentials { .. } => "client credentials",
        };
        f.debug_struct("Credential")
            .field("scheme", &self.scheme)
            .field("kind", &kind)
            .finish_non_exhaustive()
    }
}

impl Credential {
    /// A bearer token or API key for the scheme at index `scheme`.
    #[doc(hidden)]
    pub fn secret(scheme: usize, value: impl Into<String>) -> Self {
        Credential {
            scheme,
            value: Value::Secret(Secret::new(value)),
        }
    }

    /// A user name and password (HTTP Basic) for the scheme at `scheme`.
    #[doc(hidden)]
    pub fn basic(scheme: usize, user: impl Into<String>, password: impl Into<String>) -> Self {
        Credential {
            scheme,
            value: Value::Basic {
                user: user.into(),
                password: Secret::new(password),
            },
        }
    }

    /// Access tokens from `provider`, sent as `Authorization: Bearer`, for
    /// the (OAuth2 or bearer) scheme at `scheme`.
    #[doc(hidden)]
    pub fn provider(scheme: usize, provider: impl TokenProvider) -> Self {
        Credential {
            scheme,
            value: Value::Provider(Arc::new(provider)),
        }
    }

    /// An OAuth2 client credentials grant with the token URL and scopes
    /// the spec gives the scheme at `scheme`. [`ClientBuilder::build`]
    /// fails if the scheme has no client credentials flow; use
    /// [`Credential::provider`] with a [`ClientCredentials`] for another
    /// token URL or other scopes.
    ///
    /// [`ClientBuilder::build`]: crate::ClientBuilder::build
    #[doc(hidden)]
    pub fn client_credentials(
        scheme: usize,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        Credential {
            scheme,
            value: Value::ClientCredentials {
                client_id: client_id.into(),
                secret: Secret::new(client_secret),
            },
        }
    }

    /// The index of the scheme this credential is for.
    pub fn scheme(&self) -> usize {
        self.scheme
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AccessToken, TokenError>> + Send + 'a>>;

/// A source of access tokens, sent as `Authorization: Bearer <token>`:
/// [`ClientCredentials`] here, or any other flow (authorization code,
/// device code, tokens kept in a vault) implemented by the caller.
///
/// The client asks for a token before each request that needs one, so a
/// provider should cache it and fetch a new one only when it is about to
/// expire. After the API answers 401 to a token, the client calls
/// [`TokenProvider::invalidate`] with it, asks for a token again and, if
/// it got a different one, sends the request once more.
pub trait TokenProvider: Send + Sync + 'static {
    /// A token that is valid now. `http` is the client's connection pool,
    /// for a provider that fetches tokens over HTTP.
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a>;

    /// The API rejected `rejected` (401): a cached copy should be dropped,
    /// so that the next [`TokenProvider::token`] gets a new one. Does
    /// nothing by default.
    fn invalidate(&self, rejected: &AccessToken) {
        let _ = rejected;
    }

    /// The token [`TokenProvider::token`] would return now without any
    /// I/O, if there is one. Only inspecting a request without sending it
    /// (an SDK's `build_request`) uses it; `None` by default.
    fn cached(&self) -> Option<AccessToken> {
        None
    }
}

/// Several clients can share one provider (and its cached token).
impl<T: TokenProvider + ?Sized> TokenProvider for Arc<T> {
    fn token<'a>(&'a self, http: &'a reqwest::Client) -> TokenFuture<'a> {
        (**self).token(http)
    }

    fn invalidate(&self, rejected: &AccessToken) {
        (**self).invalidate(rejected);
    }

    fn cached(&self) -> Option<AccessToken> {
        (**self).cached()
    }
}

/// An access token and when it expires. Its `Debug` and `Display` output
/// never shows the token; [`AccessToken::secret`] reads it.
#[derive(Clone)]
pub struct AccessToken {
    secret: Arc<str>,
    expires_at: Option<Instant>,
}

impl AccessToken {
    /// A token without a known expiry.
    pub fn new(secret: impl Into<String>) -> Self {
        AccessToken {
            secret: Arc::from(secret.into()),
            expires_at: None,
        }
    }

    /// The same token, expiring at `at`.
    #[must_use]
    pub fn expires_at(mut self, at: Instant) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// The same token, expiring `lifetime` from now.
    #[must_use]
    pub fn expires_in(self, lifetime: Duration) -> Self {
        let now = Instant::now();
        // An absurd lifetime is as good as none.
        match now.checked_add(lifetime) {
            Some(at) => self.expires_at(at),
            None => self,
        }
    }

    /// The token itself.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// When it expires, if known.
    pub fn expiry(&self) -> Option<Instant> {
        self.expires_at
    }

    /// Whether its expiry has passed.
    pub fn is_expired(&self) -> bool {
        self.expires_at.is_some_and(|at| Instant::now() >= at)
    }
}

/// Two tokens are equal when their secrets are (whatever their expiry).
impl PartialEq for AccessToken {
    fn eq(&self, other: &Self) -> bool {
        self.secret == other.secret
    }
}

impl Eq for AccessToken {}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let left = self
            .expires_at
            .map(|at| at.saturating_duration_since(Instant::now()));
        f.debug_struct("AccessToken")
            .field("secret", &"<redacted>")
            .field("expires_in", &left)
            .finish()
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted access token>")
    }
}

type Source = Arc<dyn StdError + Send + Sync>;

/// Why a [`TokenProvider`] could not supply a token. Its messages never
/// hold a client secret or a token: [`ClientCredentials`] reports the
/// token endpoint's status and its `error` and `error_description`, never
/// what it was sent.
#[derive(Clone)]
pub struct TokenError {
    message: String,
    status: Option<StatusCode>,
    source: Option<Source>,
}

impl TokenError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        TokenError {
            message: message.into(),
            status: None,
            source: None,
        }
    }

    /// An error with this message, caused by `source`.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        TokenError {
            message: message.into(),
            status: None,
            source: Some(Arc::from(source.into())),
        }
    }

    /// The same error, with the token endpoint's HTTP status.
    #[must_use]
    pub fn status_code(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The token endpoint's HTTP status, when it answered with an error.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }
}

impl fmt::Debug for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenError")
            .field("message", &self.message)
            .field("status", &self.status)
            .field("source", &self.source.as_ref().map(ToString::to_string))
            .finish()
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        let mut cur: Option<&(dyn StdError + 'static)> = match &self.source {
            Some(s) => Some(&**s),
            None => None,
        };
        while let Some(e) = cur {
            let s = e.to_string();
            if !self.message.contains(&s) {
                write!(f, ": {s}")?;
            }
            cur = e.source();
        }
        Ok(())
    }
}

impl StdError for TokenError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.source {
            Some(s) => Some(&**s),
            None => None,
        }
    }
}

/// A credential ready for every request: a (sensitive) header, a query
/// pair, a cookie, or a token provider asked when a request is sent.
pub(crate) enum Attach {
    Header(HeaderName, HeaderValue),
    Query(&'static str, Secret),
    /// `name=value`, joined with the request's own cookies.
    Cookie(Secret),
    Token(Arc<dyn TokenProvider>),
}

/// The credentials of a client, by scheme index, each checked against its
/// scheme; an error says which scheme and why. `base_url` resolves a
/// relative token URL.
pub(crate) fn prepare(
    schemes: &'static [Scheme],
    credentials: Vec<Credential>,
    base_url: &str,
) -> Result<Vec<Option<Attach>>, String> {
    let mut slots: Vec<Option<Attach>> = schemes.iter().map(|_| None).collect();
    for credential in credentials {
        let Some(scheme) = schemes.get(credential.scheme) else {
            return Err(format!(
                "a credential is for scheme #{}, but the API declares {} security scheme(s)",
                credential.scheme,
                schemes.len()
            ));
        };
        let attach = attach(scheme, credential.value, base_url)?;
        slots[credential.scheme] = Some(attach);
    }
    Ok(slots)
}

/// `value` as `scheme` sends it, if it is the kind of credential the
/// scheme takes.
fn attach(scheme: &Scheme, value: Value, base_url: &str) -> Result<Attach, String> {
    let name = scheme.name;
    match (scheme.kind, value) {
        (SchemeKind::Bearer | SchemeKind::OAuth2 { .. }, Value::Secret(s)) => {
            header(name, AUTHORIZATION, &format!("Bearer {}", s.expose()))
        }
        (SchemeKind::Bearer | SchemeKind::OAuth2 { .. }, Value::Provider(p)) => {
            Ok(Attach::Token(p))
        }
        (
            SchemeKind::OAuth2 { token_url, scopes },
            Value::ClientCredentials { client_id, secret },
        ) => {
            let Some(url) = token_url else {
                return Err(format!(
                    "the scheme `{name}` has no client credentials flow (no tokenUrl); \
                     pass a ClientCredentials with its token URL to Credential::provider"
                ));
            };
            let url = token_endpoint(name, url, base_url)?;
            let grant = ClientCredentials::from_secret(url, client_id, secret)
                .scopes(scopes.iter().copied());
            Ok(Attach::Token(Arc::new(grant)))
        }
        (SchemeKind::Basic, Value::Basic { user, password }) => {
            if user.contains(':') {
                return Err(format!(
                    "the user name for `{name}` contains `:`, which HTTP Basic cannot carry"
                ));
            }
            use base64::Engine as _;
            let pair = format!("{user}:{}", password.expose());
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            header(name, AUTHORIZATION, &format!("Basic {encoded}"))
        }
        (SchemeKind::Header(h), Value::Secret(s)) => {
            let header_name = HeaderName::from_bytes(h.as_bytes()).map_err(|_| {
                format!(
                    "the scheme `{name}` sends its key in `{h}`, which is not a valid header name"
                )
            })?;
            header(name, header_name, s.expose())
        }
        (SchemeKind::Query(q), Value::Secret(s)) => Ok(Attach::Query(q, s)),
        (SchemeKind::Cookie(c), Value::Secret(s)) => {
            let valid = !c.is_empty()
                && c.bytes()
                    .all(|b| b.is_ascii_graphic() && !b"=;,".contains(&b))
                && s.expose()
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b";,".contains(&b));
            if !valid {
                return Err(format!(
                    "the cookie of `{name}` (`{c}`) cannot carry this key: \
                     names and keys are visible ASCII without `;` or `,`"
                ));
            }
            Ok(Attach::Cookie(Secret(format!("{c}={}", s.expose()))))
        }
        (kind, value) => Err(format!(
            "the credential for `{name}` is {}, but the scheme takes {}",
            value.describe(),
            kind.takes()
        )),
    }
}

/// A sensitive header, or why the value cannot be one.
fn header(scheme: &str, name: HeaderName, value: &str) -> Result<Attach, String> {
    match HeaderValue::from_str(value) {
        Ok(mut v) => {
            // Keeps the credential out of `Debug` output of requests.
            v.set_sensitive(true);
            Ok(Attach::Header(name, v))
        }
        Err(_) => Err(format!(
            "the credential for `{scheme}` contains characters not allowed in a header"
        )),
    }
}

/// The token URL, resolved against the base URL if it is relative (RFC
/// 3986, as OpenAPI resolves relative URLs against the server's).
fn token_endpoint(scheme: &str, url: &str, base_url: &str) -> Result<String, String> {
    let parsed = match reqwest::Url::parse(base_url) {
        Ok(base) => base.join(url),
        Err(_) => reqwest::Url::parse(url),
    };
    parsed
        .map(String::from)
        .map_err(|e| format!("the token URL `{url}` of `{scheme}` is invalid: {e}"))
}
