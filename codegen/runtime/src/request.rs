//! What a request is made of before it is sent: the prepared method, URL,
//! parameters and body ([`Prepared`]), whether it may be repeated
//! ([`RetrySafety`]) and the caller's per-request options
//! ([`RequestOptions`]). Plain data, so that preparing (`call`), sending
//! (`transport`) and paging (`pages`) share it without using each other.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;

use crate::error::{clone_error, Error};

/// A body ready to send.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    None,
    Bytes {
        content_type: &'static str,
        bytes: Bytes,
    },
    Multipart(Vec<Part>),
    /// A file, opened by each attempt.
    File {
        content_type: &'static str,
        path: std::path::PathBuf,
    },
    /// A stream, sent once (taken by the first attempt).
    Stream {
        content_type: &'static str,
        body: Arc<Mutex<Option<reqwest::Body>>>,
        length: Option<u64>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) bytes: Bytes,
    /// A file read as the part is sent, instead of `bytes`.
    pub(crate) path: Option<std::path::PathBuf>,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
}

/// Whether repeating the operation has the same effect as sending it once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetrySafety {
    /// Safe to repeat: retried on transient failures.
    Idempotent,
    /// May act twice: retried only when the caller opts in.
    NotIdempotent,
}

/// Everything needed to (re)build the request for each attempt.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub(crate) method: Method,
    /// Base URL and path; the path starts at `path_start`.
    pub(crate) url: String,
    pub(crate) path_start: usize,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) cookies: Vec<String>,
    pub(crate) body: Body,
    pub(crate) safety: RetrySafety,
    /// The operation's security requirements: alternatives, each a list of
    /// scheme indices that must all be configured; empty when it needs no
    /// credential.
    pub(crate) security: &'static [&'static [usize]],
    /// The success body is handed over unread (events, byte streams).
    pub(crate) streaming: bool,
    /// The idempotency header and the key every attempt sends in it,
    /// unless the caller sets one.
    pub(crate) idempotency_key: Option<(HeaderName, HeaderValue)>,
}

impl Prepared {
    /// The request path (no base URL, no query), for messages.
    pub fn path(&self) -> &str {
        &self.url[self.path_start..]
    }
}

/// What the caller changed for one request only: the per-request options
/// each generated `OperationRequest` offers.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) retry_non_idempotent: Option<bool>,
    pub(crate) headers: HeaderMap,
    pub(crate) error: Option<Error>,
}

impl RequestOptions {
    /// Time limit of each attempt; `None` waits forever.
    pub fn timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = Some(timeout);
    }

    /// Retries for this request.
    pub fn max_retries(&mut self, retries: u32) {
        self.max_retries = Some(retries);
    }

    /// Whether a non-idempotent request may be retried.
    pub fn retry_non_idempotent(&mut self, allow: bool) {
        self.retry_non_idempotent = Some(allow);
    }

    /// The same options for another request (the next page's).
    pub(crate) fn duplicate(&self) -> RequestOptions {
        RequestOptions {
            timeout: self.timeout,
            max_retries: self.max_retries,
            retry_non_idempotent: self.retry_non_idempotent,
            headers: self.headers.clone(),
            error: self.error.as_ref().map(clone_error),
        }
    }

    /// An extra header; an invalid name or value is reported when the
    /// request is sent.
    pub fn header(&mut self, name: &str, value: &str) {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                self.headers.append(n, v);
            }
            _ => {
                self.error = Some(Error::invalid(format!(
                    "header `{name}` has an invalid name or value"
                )));
            }
        }
    }
}
