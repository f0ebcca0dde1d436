//! The client: configuration (base URL, credentials, timeouts, retries,
//! headers) and the shared HTTP connection pool. Cheap to clone.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use std::marker::PhantomData;

use crate::auth::{self, Attach, Credential, Scheme, SchemeKind, Secret};
use crate::error::Error;
use crate::retry::RetryPolicy;

/// Default overall timeout of a request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default timeout for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body's size.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// Facts about the API, generated from the spec.
#[doc(hidden)]
#[derive(Debug)]
pub struct ApiConfig {
    /// The spec's server, if it names one.
    pub default_base_url: Option<&'static str>,
    /// The environment variable `from_env` reads the key from.
    pub api_key_env: Option<&'static str>,
    /// Every security scheme the spec declares; operations name the ones
    /// they accept by index.
    pub schemes: &'static [Scheme],
    /// The scheme [`ClientBuilder::api_key`] and `from_env` fill.
    pub default_scheme: Option<usize>,
    /// The `User-Agent` of every request.
    pub user_agent: &'static str,
}

/// What a generated crate's `Client` is to the runtime: a wrapper of a
/// [`Core`], with the crate's error bodies and API facts.
#[doc(hidden)]
pub trait FromCore: Sized {
    /// The error bodies the crate's spec documents (its `ErrorBody`).
    type ErrorBody: fmt::Debug;
    /// Facts about the API.
    const API: &'static ApiConfig;
    /// Wraps a configured core.
    fn from_core(core: Core) -> Self;
}

/// What every generated client holds: its configuration and the shared
/// connection pool. Cloning is cheap and shares the pool.
#[derive(Clone)]
pub struct Core {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) schemes: &'static [Scheme],
    /// The credential of each scheme, by index.
    pub(crate) credentials: Vec<Option<Attach>>,
    pub(crate) user_agent: HeaderValue,
    pub(crate) default_headers: HeaderMap,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) max_response_bytes: usize,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &i.base_url)
            .field("credentials", &Configured(i))
            .field("timeout", &i.timeout)
            .field("retry", &i.retry)
            .finish_non_exhaustive()
    }
}

/// The names of the schemes a client has credentials for, their values
/// redacted.
struct Configured<'a>(&'a Inner);

impl fmt::Debug for Configured<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let configured = self.0.schemes.iter().zip(&self.0.credentials);
        f.debug_map()
            .entries(
                configured
                    .filter(|(_, c)| c.is_some())
                    .map(|(s, _)| (s.name, "<redacted>")),
            )
            .finish()
    }
}

impl Core {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

/// A client configured from the environment variable the spec's API names
/// (`C::API.api_key_env`), or without a key if it names none.
#[doc(hidden)]
pub fn from_env<C: FromCore>() -> Result<C, Error<C::ErrorBody>> {
    let Some(var) = C::API.api_key_env else {
        return ClientBuilder::<C>::new().build();
    };
    match std::env::var(var) {
        Ok(key) if !key.trim().is_empty() => ClientBuilder::<C>::new().api_key(key).build(),
        Ok(_) => Err(Error::Config {
            message: format!("the environment variable {var} is empty"),
        }),
        Err(_) => Err(Error::Config {
            message: format!("the environment variable {var} is not set"),
        }),
    }
}

/// Configures a client: base URL, credentials, timeouts, retries and
/// default headers.
#[must_use]
pub struct ClientBuilder<C> {
    client: PhantomData<fn() -> C>,
    options: Options,
}

/// What a [`ClientBuilder`] was told, apart from which client it builds:
/// not generic, so building is compiled once, in the runtime, rather than
/// in every generated crate.
struct Options {
    base_url: Option<String>,
    credentials: Vec<Entry>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
    default_headers: HeaderMap,
    header_error: Option<String>,
    retry: RetryPolicy,
    retry_non_idempotent: bool,
    max_response_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base_url: None,
            credentials: Vec::new(),
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            http: None,
            default_headers: HeaderMap::new(),
            header_error: None,
            retry: RetryPolicy::default(),
            retry_non_idempotent: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.options.base_url)
            .field("credentials", &self.options.credentials)
            .field("timeout", &self.options.timeout)
            .field("retry", &self.options.retry)
            .finish_non_exhaustive()
    }
}

impl<C: FromCore> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: FromCore> ClientBuilder<C> {
    /// A builder with the defaults: the spec's server, no key, a 60 s
    /// request timeout, 2 retries.
    #[doc(hidden)]
    pub fn new() -> Self {
        ClientBuilder {
            client: PhantomData,
            options: Options::default(),
        }
    }

    /// Sends requests to `url` instead of the spec's server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.options.base_url = Some(url.into());
        self
    }

    /// The key of the API's main security scheme (for HTTP Basic,
    /// `user:password`). Same as passing that scheme's credential to
    /// [`ClientBuilder::credential`].
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.options
            .credentials
            .push(Entry::ApiKey(Secret::new(key)));
        self
    }

    /// A credential for one of the API's security schemes; a later one for
    /// the same scheme replaces an earlier one. Each request carries the
    /// credentials of the first of its operation's security requirements
    /// that the configured ones satisfy. [`ClientBuilder::build`] checks
    /// that each credential is the kind its scheme takes.
    pub fn credential(mut self, credential: Credential) -> Self {
        self.options.credentials.push(Entry::Credential(credential));
        self
    }

    /// Overall time limit of each attempt, from connecting until the body
    /// has arrived (default 60 s). `None` waits forever.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.options.timeout = timeout.into();
        self
    }

    /// Time limit for establishing a connection (default 10 s). Ignored with
    /// [`ClientBuilder::http_client`], whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.options.connect_timeout = timeout;
        self
    }

    /// Retries after a failed first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.retry.max_retries = retries;
        self
    }

    /// Backoff and `Retry-After` limits, and the retry count.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = policy;
        self
    }

    /// Also retries operations that are not idempotent (such as POST). Off
    /// by default: repeating them may act twice.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.options.retry_non_idempotent = allow;
        self
    }

    /// Uses this `reqwest::Client` (its pool, proxy and TLS settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.options.http = Some(client);
        self
    }

    /// A header sent with every request. An invalid name or value is
    /// reported by [`ClientBuilder::build`].
    pub fn default_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match (
            HeaderName::from_bytes(name.as_ref().as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) => {
                self.options.default_headers.insert(n, v);
            }
            _ => {
                self.options.header_error = Some(format!(
                    "default header `{}` has an invalid name or value",
                    name.as_ref()
                ));
            }
        }
        self
    }

    /// Headers sent with every request.
    pub fn default_headers(mut self, headers: HeaderMap) -> Self {
        self.options.default_headers.extend(headers);
        self
    }

    /// Largest response body accepted (default 64 MiB); a larger one fails
    /// with a decode error instead of exhausting memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.options.max_response_bytes = limit;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error<C::ErrorBody>> {
        self.core().map(C::from_core).map_err(Error::typed_as)
    }

    fn core(self) -> Result<Core, Error> {
        self.options.core(C::API)
    }
}

impl Options {
    fn core(self, config: &'static ApiConfig) -> Result<Core, Error> {
        if let Some(message) = self.header_error {
            return Err(Error::Config { message });
        }
        let base_url = self
            .base_url
            .or_else(|| config.default_base_url.map(str::to_owned))
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_owned();
        if !base_url.is_empty() && reqwest::Url::parse(&base_url).is_err() {
            return Err(Error::Config {
                message: format!("the base URL `{base_url}` is not a valid URL"),
            });
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| Error::Config {
                    message: format!("the HTTP client could not be created: {e}"),
                })?,
        };
        let credentials = self
            .credentials
            .into_iter()
            .map(|entry| entry.into_credential(config))
            .collect::<Result<Vec<_>, _>>()
            .and_then(|list| auth::prepare(config.schemes, list, &base_url))
            .map_err(|message| Error::Config { message })?;
        let user_agent = HeaderValue::from_static(config.user_agent);
        Ok(Core {
            inner: Arc::new(Inner {
                http,
                base_url,
                schemes: config.schemes,
                credentials,
                user_agent,
                default_headers: self.default_headers,
                timeout: self.timeout,
                retry: self.retry,
                retry_non_idempotent: self.retry_non_idempotent,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

/// A credential as the builder was given it.
#[derive(Debug)]
enum Entry {
    Credential(Credential),
    /// For the API's default scheme.
    ApiKey(Secret),
}

impl Entry {
    fn into_credential(self, config: &ApiConfig) -> Result<Credential, String> {
        let key = match self {
            Entry::Credential(c) => return Ok(c),
            Entry::ApiKey(key) => key,
        };
        let Some(scheme) = config.default_scheme else {
            return Err("an API key was given, but the API declares no key scheme; \
                 use ClientBuilder::credential"
                .to_owned());
        };
        let basic = config
            .schemes
            .get(scheme)
            .is_some_and(|s| s.kind == SchemeKind::Basic);
        if basic {
            let (user, password) = key.expose().split_once(':').unwrap_or((key.expose(), ""));
            return Ok(Credential::basic(scheme, user, password));
        }
        Ok(Credential::secret(scheme, key.expose()))
    }
}
