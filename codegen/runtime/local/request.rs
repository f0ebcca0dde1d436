//! The request every operation method returns. It lives in each generated
//! crate, not in the runtime, because each operation's optional parameters
//! are methods of its own request type (`impl requests::ListCalls`); the
//! work is the runtime's.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use runtime::call::Call;
use runtime::transport::RawResponse;
use runtime::{ApiResponse, RequestOptions};

use crate::Error;

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

impl<T> OperationRequest<T> {
    /// A request without parameters.
    // Unused by an API whose operations all have optional parameters.
    #[allow(dead_code)]
    pub(crate) fn new(call: Call, decode: fn(RawResponse) -> Result<T, Error>) -> Self {
        OperationRequest::with(call, (), |_, _| {}, decode)
    }
}

impl<T, P> OperationRequest<T, P> {
    /// A request whose parameters `encode` writes when it is sent.
    // Unused by an API without optional parameters.
    #[allow(dead_code)]
    pub(crate) fn with(
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
        self.options.timeout(timeout.into());
        self
    }

    /// Retries for this request only.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries(retries);
        self
    }

    /// Allows (or forbids) retrying this request even though the operation
    /// is not idempotent. Opt in only when repeating it is safe, for example
    /// with an idempotency key.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.options.retry_non_idempotent(allow);
        self
    }

    /// An extra header for this request only. An invalid name or value is
    /// reported when the request is sent.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.options.header(name.as_ref(), value.as_ref());
        self
    }

    /// The request the first attempt would send: method, URL, headers and
    /// body, without sending it.
    pub fn build_request(&self) -> Result<runtime::reqwest::Request, Error> {
        runtime::handle::build_request(&self.call, &self.params, self.encode, &self.options)
            .map_err(runtime::Error::typed_as)
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
        // Parameters are written here, so that the sending future is not
        // generic: it is compiled once, in the runtime.
        encode(&params, &mut call);
        let raw = runtime::handle::send_call(call, options)
            .await
            .map_err(runtime::Error::typed_as)?;
        let meta = raw.meta();
        Ok(ApiResponse::new(meta, decode(raw)?))
    }
}

impl<T: Send + 'static, P: Send + 'static> IntoFuture for OperationRequest<T, P> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
