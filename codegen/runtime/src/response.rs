//! The head of a response, [`ResponseHead`]: its status, headers and the
//! request id the server sent, kept once for every type that reports on a
//! response (a success, an API or decode error, a streamed body).

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;

/// A response's status, headers and request id.
#[derive(Debug, Clone)]
pub struct ResponseHead {
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
}

impl ResponseHead {
    /// The head of a response received with `status` and `headers`; the
    /// request id is read from the headers.
    pub(crate) fn new(status: StatusCode, headers: HeaderMap) -> Self {
        let request_id = request_id(&headers);
        ResponseHead {
            status,
            headers,
            request_id,
        }
    }

    /// A head from its parts (as `RawResponse::meta` gives them).
    pub(crate) fn from_parts(
        status: StatusCode,
        headers: HeaderMap,
        request_id: Option<String>,
    ) -> Self {
        ResponseHead {
            status,
            headers,
            request_id,
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

    /// The `Content-Type` header, if it is text.
    pub(crate) fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }
}

/// The first header whose name ends in `request-id` (`x-request-id`,
/// `request-id`, `x-github-request-id`, ...).
fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .iter()
        .find(|(name, _)| name.as_str().ends_with("request-id"))
        .and_then(|(_, v)| v.to_str().ok())
        .map(str::to_owned)
}
