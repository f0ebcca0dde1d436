//! What a generated `OperationRequest` is made of: per-request options,
//! building and sending its call, and the decoded body with its status and
//! headers.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::call::Call;
use crate::error::{clone_error, Error};
use crate::request::Body;
use crate::transport::{self, RawResponse};

// Where generated code and the crate root name it.
pub use crate::request::RequestOptions;

/// The request the first attempt of `call` would send, after `encode`
/// wrote the parameters, without sending it. A token provider's token is
/// the one it has cached ([`TokenProvider::cached`]); without one, this
/// is an [`Error::Auth`] saying the token is fetched when the request is
/// sent.
///
/// [`TokenProvider::cached`]: crate::auth::TokenProvider::cached
#[doc(hidden)]
pub fn build_request<P>(
    call: &Call,
    params: &P,
    encode: fn(&P, &mut Call),
    options: &RequestOptions,
) -> Result<reqwest::Request, Error> {
    let mut call = call.snapshot()?;
    encode(params, &mut call);
    let (client, mut prepared) = call.into_parts()?;
    // Inspecting must not use up a streamed body: it is left out.
    if matches!(prepared.body, Body::Stream { .. }) {
        prepared.body = Body::None;
    }
    if let Some(e) = &options.error {
        return Err(clone_error(e));
    }
    // Tokens are fetched only to send; a provider's cached one is shown.
    let credentials = crate::attach::resolve_cached(&client, &prepared)?;
    transport::build(&client, &prepared, options, &credentials)
}

/// Sends `call` after `encode` wrote the parameters, and returns the raw
/// response for the operation's decoder.
#[doc(hidden)]
pub async fn send<P>(
    mut call: Call,
    params: P,
    encode: fn(&P, &mut Call),
    options: RequestOptions,
) -> Result<RawResponse, Error> {
    encode(&params, &mut call);
    let (client, prepared) = call.into_parts()?;
    transport::execute(client, prepared, options).await
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
    /// A decoded body with the status, headers and request id of the
    /// response it came from ([`RawResponse::meta`]).
    #[doc(hidden)]
    pub fn new(meta: (StatusCode, HeaderMap, Option<String>), body: T) -> Self {
        let (status, headers, request_id) = meta;
        ApiResponse {
            status,
            headers,
            request_id,
            body,
        }
    }

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
