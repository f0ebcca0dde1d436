//! The caller's handle on a prepared call: per-request options, sending,
//! and the decoded body with its status and headers.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;

use super::call::Call;
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

/// An operation's request, ready to send. Set the operation's optional
/// parameters and this request's options with its methods, then `.await`
/// it for the decoded body, or call [`OperationRequest::send_with_response`]
/// for the status and headers too.
///
/// `P` holds the operation's query, header and cookie parameters; each
/// operation names its request in [`crate::requests`].
#[must_use = "a request does nothing until it is awaited"]
pub struct OperationRequest<T, P = ()> {
    pub(crate) call: Call,
    pub(crate) params: P,
    encode: fn(&P, &mut Call),
    options: RequestOptions,
    decode: fn(RawResponse) -> Result<T, Error>,
}

impl<T, P> fmt::Debug for OperationRequest<T, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationRequest")
            .field("call", &self.call)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<T, P> OperationRequest<T, P> {
    pub(crate) fn new(
        call: Call,
        params: P,
        encode: fn(&P, &mut Call),
        decode: fn(RawResponse) -> Result<T, Error>,
    ) -> Self {
        OperationRequest {
            call,
            params,
            encode,
            options: RequestOptions::default(),
            decode,
        }
    }

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
        let mut call = self.call.snapshot()?;
        (self.encode)(&self.params, &mut call);
        let (client, prepared) = call.into_parts()?;
        if let Some(e) = &self.options.error {
            return Err(clone_error(e));
        }
        transport::build(&client, &prepared, &self.options)
    }
}

impl<T: Send + 'static, P: Send + 'static> OperationRequest<T, P> {
    /// Sends the request and decodes the body.
    pub async fn send(self) -> Result<T, Error> {
        self.send_with_response().await.map(ApiResponse::into_body)
    }

    /// Sends the request and returns the decoded body with the status and
    /// headers.
    pub async fn send_with_response(self) -> Result<ApiResponse<T>, Error> {
        let OperationRequest {
            mut call,
            params,
            encode,
            options,
            decode,
        } = self;
        encode(&params, &mut call);
        let (client, prepared) = call.into_parts()?;
        let raw = transport::execute(client, prepared, options).await?;
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

impl<T: Send + 'static, P: Send + 'static> IntoFuture for OperationRequest<T, P> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Build errors are reported again on each inspection; the original stays
/// for sending.
pub(crate) fn clone_error(e: &Error) -> Error {
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
