//! What a generated `OperationRequest` does with its call: building the
//! request to inspect it, sending it with the per-request options, and
//! [`ApiResponse`], the decoded body with its response's head.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::call::Call;
use crate::error::{clone_error, Error};
use crate::request::Body;
use crate::response::ResponseHead;
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
    send_call(call, options).await
}

/// Sends `call`, its parameters written, and returns the raw response for
/// the operation's decoder. Not generic, so each generated crate reuses
/// the runtime's compiled future instead of building its own per request
/// type.
#[doc(hidden)]
pub async fn send_call(call: Call, options: RequestOptions) -> Result<RawResponse, Error> {
    let (client, prepared) = call.into_parts()?;
    transport::execute(client, prepared, options).await
}

/// A decoded body with the response's status and headers.
#[derive(Clone)]
pub struct ApiResponse<T> {
    head: ResponseHead,
    body: T,
}

impl<T> ApiResponse<T> {
    /// A decoded body with the status, headers and request id of the
    /// response it came from ([`RawResponse::meta`]).
    #[doc(hidden)]
    pub fn new(meta: (StatusCode, HeaderMap, Option<String>), body: T) -> Self {
        let (status, headers, request_id) = meta;
        ApiResponse {
            head: ResponseHead::from_parts(status, headers, request_id),
            body,
        }
    }

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

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, by value.
    pub fn into_body(self) -> T {
        self.body
    }
}

// Written out so that the head's fields show as the response's own, as
// they always did.
impl<T: fmt::Debug> fmt::Debug for ApiResponse<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("status", &self.head.status())
            .field("headers", self.head.headers())
            .field("request_id", &self.head.request_id())
            .field("body", &self.body)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderValue};
    use reqwest::StatusCode;

    use super::ApiResponse;

    /// The response as it was before it held a `ResponseHead`, whose
    /// derived `Debug` the written-out one must match.
    #[allow(dead_code)] // the fields are read by `Debug` only
    mod before {
        use super::*;

        #[derive(Debug)]
        pub(super) struct ApiResponse {
            pub(super) status: StatusCode,
            pub(super) headers: HeaderMap,
            pub(super) request_id: Option<String>,
            pub(super) body: Vec<u32>,
        }
    }

    #[test]
    fn a_response_reads_its_head_and_shows_it_as_before() {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", HeaderValue::from_static("req_2"));
        let meta = (
            StatusCode::CREATED,
            headers.clone(),
            Some("req_2".to_owned()),
        );
        let r = ApiResponse::new(meta, vec![1, 2]);
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(r.request_id(), Some("req_2"));
        assert_eq!(r.headers(), &headers);
        assert_eq!(r.head().request_id(), r.request_id());
        let old = before::ApiResponse {
            status: StatusCode::CREATED,
            headers,
            request_id: Some("req_2".to_owned()),
            body: vec![1, 2],
        };
        assert_eq!(format!("{r:?}"), format!("{old:?}"));
        assert_eq!(r.into_body(), vec![1, 2]);
    }
}
