//! The one error type of an SDK, and the details of API and decode errors.
//! Messages never contain credentials: URLs are reduced to their path.
//!
//! `E` is the crate's `ErrorBody`, the error bodies its spec documents;
//! each generated crate names `Error<ErrorBody>` its `Error`. The runtime
//! itself never decodes a documented body, so its own errors are
//! `Error<Untyped>`, which turns into any crate's with [`Error::typed_as`].

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::response::ResponseHead;

/// No documented error body: the runtime's own errors, before a crate's
/// decoder knows the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Untyped {}

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: fmt::Debug = Untyped> {
    /// The server answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError<E>>),
    /// No complete response arrived within the timeout.
    #[error("{method} {path} timed out: {}", chain(.source))]
    Timeout {
        /// HTTP method.
        method: reqwest::Method,
        /// Request path (no query string).
        path: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// The server could not be reached.
    #[error("{method} {path}: could not connect: {}", chain(.source))]
    Connection {
        /// HTTP method.
        method: reqwest::Method,
        /// Request path (no query string).
        path: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// Any other transport failure (a broken connection mid-body, ...).
    #[error("{method} {path}: transport error: {}", chain(.source))]
    Transport {
        /// HTTP method.
        method: reqwest::Method,
        /// Request path (no query string).
        path: String,
        /// The transport error.
        #[source]
        source: reqwest::Error,
    },
    /// A response arrived but its body could not be decoded.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request could not be built (a value did not serialize, a header
    /// value was invalid, no base URL is configured, ...).
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What was wrong.
        message: String,
    },
    /// The client is misconfigured (for example a missing environment
    /// variable).
    #[error("configuration error: {message}")]
    Config {
        /// What was wrong.
        message: String,
    },
    /// The request was not sent: no credential the operation accepts is
    /// configured, or a token provider could not supply an access token.
    #[error("{message}")]
    Auth {
        /// What was missing or failed (naming the security schemes).
        message: String,
        /// The token provider's error, if that is what failed.
        #[source]
        source: Option<crate::auth::TokenError>,
    },
}

impl<E: fmt::Debug> Error<E> {
    /// The API error, if the server answered with an error status.
    pub fn as_api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, for API and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::Decode(e) => Some(e.status()),
            _ => None,
        }
    }

    /// True for timeouts.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    #[doc(hidden)]
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
        }
    }

    pub(crate) fn transport(method: &reqwest::Method, path: &str, err: reqwest::Error) -> Self {
        // Drop the URL: with query-string API keys it would hold the secret.
        let source = err.without_url();
        let method = method.clone();
        let path = path.to_owned();
        if source.is_timeout() {
            Error::Timeout {
                method,
                path,
                source,
            }
        } else if source.is_connect() {
            Error::Connection {
                method,
                path,
                source,
            }
        } else {
            Error::Transport {
                method,
                path,
                source,
            }
        }
    }
}

impl Error<Untyped> {
    /// The same error as a crate's, whose `E` is its documented error
    /// bodies (an untyped API error has none decoded).
    #[doc(hidden)]
    pub fn typed_as<E: fmt::Debug>(self) -> Error<E> {
        match self {
            Error::Api(e) => Error::Api(Box::new(e.typed_as())),
            Error::Timeout {
                method,
                path,
                source,
            } => Error::Timeout {
                method,
                path,
                source,
            },
            Error::Connection {
                method,
                path,
                source,
            } => Error::Connection {
                method,
                path,
                source,
            },
            Error::Transport {
                method,
                path,
                source,
            } => Error::Transport {
                method,
                path,
                source,
            },
            Error::Decode(e) => Error::Decode(e),
            Error::InvalidRequest { message } => Error::InvalidRequest { message },
            Error::Config { message } => Error::Config { message },
            Error::Auth { message, source } => Error::Auth { message, source },
        }
    }
}

/// A build error reported again on each inspection of a request, the
/// original staying for sending (transport errors cannot be cloned).
pub(crate) fn clone_error(e: &Error) -> Error {
    Error::invalid(e.to_string())
}

/// The error and its causes, `: `-separated, so `Display` says what happened.
fn chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        let s = e.to_string();
        if !out.contains(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        cur = e.source();
    }
    out
}

/// Shows at most `max` characters of a body, on one line.
pub(crate) fn excerpt(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}… ({} bytes)", body.len())
    } else {
        flat
    }
}

const EXCERPT_CHARS: usize = 300;

/// The server answered with an error status.
pub struct ApiError<E = Untyped> {
    pub(crate) method: reqwest::Method,
    pub(crate) request_path: String,
    pub(crate) head: ResponseHead,
    pub(crate) body: Bytes,
    pub(crate) typed: Option<E>,
}

impl ApiError<Untyped> {
    fn typed_as<E>(self) -> ApiError<E> {
        ApiError {
            method: self.method,
            request_path: self.request_path,
            head: self.head,
            body: self.body,
            typed: None,
        }
    }
}

impl<E> ApiError<E> {
    /// The response's status, headers and request id.
    pub fn head(&self) -> &ResponseHead {
        &self.head
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.head.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.head.headers()
    }

    /// The request id the server sent (`x-request-id` or similar), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.head.request_id()
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The response body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body decoded into the type the spec documents for this status,
    /// when it has one and the body matched it.
    pub fn typed(&self) -> Option<&E> {
        self.typed.as_ref()
    }

    /// Decodes the body as JSON into any type.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

// Written out so that the head's fields show as the error's own, as they
// always did.
impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("method", &self.method)
            .field("request_path", &self.request_path)
            .field("status", &self.head.status())
            .field("headers", self.head.headers())
            .field("request_id", &self.head.request_id())
            .field("body", &self.body)
            .field("typed", &self.typed)
            .finish()
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} failed with status {}",
            self.method,
            self.request_path,
            self.head.status()
        )?;
        if let Some(id) = self.head.request_id() {
            write!(f, " (request id {id})")?;
        }
        let body = excerpt(&self.body, EXCERPT_CHARS);
        if !body.is_empty() {
            write!(f, ": {body}")?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// A response body that did not match the type the spec promised.
pub struct DecodeError {
    pub(crate) method: reqwest::Method,
    pub(crate) request_path: String,
    pub(crate) head: ResponseHead,
    pub(crate) at: String,
    pub(crate) message: String,
    pub(crate) body: Bytes,
}

impl DecodeError {
    /// The response's status, headers and request id.
    pub fn head(&self) -> &ResponseHead {
        &self.head
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.head.status()
    }

    /// The request id the server sent, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.head.request_id()
    }

    /// The response's `Content-Type`, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.head.content_type()
    }

    /// Where in the document decoding failed (`inbound_routing.fallback`),
    /// or `.` for the top level.
    pub fn path(&self) -> &str {
        &self.at
    }

    /// What the decoder said.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

// Written out to keep the fields it always showed: the head also holds
// the headers, which it never listed.
impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("method", &self.method)
            .field("request_path", &self.request_path)
            .field("status", &self.head.status())
            .field("request_id", &self.head.request_id())
            .field("content_type", &self.content_type())
            .field("at", &self.at)
            .field("message", &self.message)
            .field("body", &self.body)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response to {} {} at `{}`: {}",
            self.head.status(),
            self.method,
            self.request_path,
            self.at,
            self.message
        )?;
        if let Some(id) = self.head.request_id() {
            write!(f, " (request id {id})")?;
        }
        write!(f, "; body: {}", excerpt(&self.body, EXCERPT_CHARS))
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE};
    use reqwest::{Method, StatusCode};

    use super::{ApiError, DecodeError, Untyped};
    use crate::response::ResponseHead;

    /// The errors as they were before they held a [`ResponseHead`], whose
    /// derived `Debug` the written-out ones must match.
    #[allow(dead_code)] // the fields are read by `Debug` only
    mod before {
        use super::*;

        #[derive(Debug)]
        pub(super) struct ApiError {
            pub(super) method: Method,
            pub(super) request_path: String,
            pub(super) status: StatusCode,
            pub(super) headers: HeaderMap,
            pub(super) request_id: Option<String>,
            pub(super) body: Bytes,
            pub(super) typed: Option<Untyped>,
        }

        #[derive(Debug)]
        pub(super) struct DecodeError {
            pub(super) method: Method,
            pub(super) request_path: String,
            pub(super) status: StatusCode,
            pub(super) request_id: Option<String>,
            pub(super) content_type: Option<String>,
            pub(super) at: String,
            pub(super) message: String,
            pub(super) body: Bytes,
        }
    }

    fn headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert("x-request-id", HeaderValue::from_static("req_1"));
        headers
    }

    const BODY: &[u8] = b"{\"error\":\n  \"missing\"}";

    #[test]
    fn an_api_error_reads_its_head_and_shows_it_as_before() {
        let e: ApiError = ApiError {
            method: Method::GET,
            request_path: "/v1/inboxes/x".to_owned(),
            head: ResponseHead::new(StatusCode::NOT_FOUND, headers()),
            body: Bytes::from_static(BODY),
            typed: None,
        };
        assert_eq!(e.status(), StatusCode::NOT_FOUND);
        assert_eq!(e.request_id(), Some("req_1"));
        assert_eq!(e.headers(), &headers());
        assert_eq!(e.head().status(), e.status());
        assert_eq!(
            e.to_string(),
            "GET /v1/inboxes/x failed with status 404 Not Found (request id req_1): \
             {\"error\": \"missing\"}"
        );
        let old = before::ApiError {
            method: Method::GET,
            request_path: "/v1/inboxes/x".to_owned(),
            status: StatusCode::NOT_FOUND,
            headers: headers(),
            request_id: Some("req_1".to_owned()),
            body: Bytes::from_static(BODY),
            typed: None,
        };
        assert_eq!(format!("{e:?}"), format!("{old:?}"));
    }

    #[test]
    fn a_decode_error_reads_its_head_and_shows_it_as_before() {
        let e = DecodeError {
            method: Method::POST,
            request_path: "/v1/messages".to_owned(),
            head: ResponseHead::new(StatusCode::OK, headers()),
            at: "items[0].id".to_owned(),
            message: "invalid type: null, expected a string".to_owned(),
            body: Bytes::from_static(BODY),
        };
        assert_eq!(e.status(), StatusCode::OK);
        assert_eq!(e.request_id(), Some("req_1"));
        assert_eq!(e.content_type(), Some("application/json"));
        assert_eq!(e.head().headers(), &headers());
        assert_eq!(
            e.to_string(),
            "could not decode the 200 OK response to POST /v1/messages at `items[0].id`: \
             invalid type: null, expected a string (request id req_1); \
             body: {\"error\": \"missing\"}"
        );
        let old = before::DecodeError {
            method: Method::POST,
            request_path: "/v1/messages".to_owned(),
            status: StatusCode::OK,
            request_id: Some("req_1".to_owned()),
            content_type: Some("application/json".to_owned()),
            at: "items[0].id".to_owned(),
            message: "invalid type: null, expected a string".to_owned(),
            body: Bytes::from_static(BODY),
        };
        assert_eq!(format!("{e:?}"), format!("{old:?}"));
    }
}
