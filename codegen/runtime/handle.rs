//! The caller's handle on a prepared call: per-request options, sending,
//! and the decoded body with its status and headers.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;

use super::call::Prepared;
use super::client::Client;
use super::error::Error;
use super::transport::{self, RawResponse};

/// What the caller changed for this request only.
#[derive(Debug, Default)]
pub(crate) struct RequestOptions {
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) retry_non_idempotent: Option<bool>,
    pub(crate) headers: HeaderMap,
    pub(crate) error: Option<Error>,
}

/// A prepared call. Adjust it with the methods below, then `.await` it for
/// the decoded body, or call [`OperationRequest::send_with_response`] for
/// the status and headers too.
#[must_use = "a request does nothing until it is awaited"]
pub struct OperationRequest<T> {
    client: Client,
    prepared: Result<Prepared, Error>,
    options: RequestOptions,
    decode: fn(RawResponse) -> Result<T, Error>,
}

impl<T> fmt::Debug for OperationRequest<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("OperationRequest");
        match &self.prepared {
            Ok(p) => s.field("method", &p.method).field("path", &p.path()),
            Err(e) => s.field("error", e),
        };
        s.field("options", &self.options).finish_non_exhaustive()
    }
}

impl<T> OperationRequest<T> {
    pub(crate) fn new(
        client: Client,
        prepared: Result<Prepared, Error>,
        decode: fn(RawResponse) -> Result<T, Error>,
    ) -> Self {
        OperationRequest {
            client,
            prepared,
            options: RequestOptions::default(),
            decode,
        }
    }
}

impl<T: Send + 'static> OperationRequest<T> {
    /// Time limit of each attempt for this request only; `None` waits forever.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.options.timeout = Some(timeout.into());
        self
    }

    /// Retries for this request only.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// Allows (or forbids) retrying this request even though the operation
    /// is not idempotent. Opt in only when repeating it is safe, for example
    /// with an idempotency key.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.options.retry_non_idempotent = Some(allow);
        self
    }

    /// An extra header for this request only. An invalid name or value is
    /// reported when the request is sent.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        match (
            HeaderName::from_bytes(name.as_ref().as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) => {
                self.options.headers.append(n, v);
            }
            _ => {
                self.options.error = Some(Error::invalid(format!(
                    "header `{}` has an invalid name or value",
                    name.as_ref()
                )));
            }
        }
        self
    }

    /// The request the first attempt would send: method, URL, headers and
    /// body, without sending it.
    pub fn build_request(&self) -> Result<reqwest::Request, Error> {
        let prepared = self.prepared.as_ref().map_err(clone_error)?;
        if let Some(e) = &self.options.error {
            return Err(clone_error(e));
        }
        transport::build(&self.client, prepared, &self.options)
    }

    /// Sends the request and decodes the body.
    pub async fn send(self) -> Result<T, Error> {
        self.send_with_response().await.map(ApiResponse::into_body)
    }

    /// Sends the request and returns the decoded body with the status and
    /// headers.
    pub async fn send_with_response(self) -> Result<ApiResponse<T>, Error> {
        let decode = self.decode;
        let raw = transport::execute(self.client, self.prepared?, self.options).await?;
        let (status, headers, request_id) = raw.meta();
        let body = decode(raw)?;
        Ok(ApiResponse {
            status,
            headers,
            request_id,
            body,
        })
    }
}

impl<T: Send + 'static> IntoFuture for OperationRequest<T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Build errors are reported again on each inspection; the original stays
/// for sending.
fn clone_error(e: &Error) -> Error {
    Error::invalid(e.to_string())
}

/// A decoded body with the response's status and headers.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
    body: T,
}

impl<T> ApiResponse<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server sent (`x-request-id` or similar), if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, by value.
    pub fn into_body(self) -> T {
        self.body
    }
}
