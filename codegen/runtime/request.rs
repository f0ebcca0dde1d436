//! One call: the generated method prepares it ([`Call`]), the caller may
//! adjust it ([`OperationRequest`]), and sending runs the retry loop and
//! hands the raw response to the operation's decoder.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, COOKIE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::binary::Binary;
use super::client::{Client, Credential};
use super::encode::{self, Style};
use super::error::{ApiError, DecodeError, Error};
use super::retry::is_retryable_status;

/// A body ready to send.
#[derive(Debug, Clone)]
enum Body {
    None,
    Bytes {
        content_type: &'static str,
        bytes: Bytes,
    },
    Multipart(Vec<Part>),
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    bytes: Bytes,
    filename: Option<String>,
    content_type: Option<String>,
}

/// Everything needed to (re)build the request for each attempt.
#[derive(Debug, Clone)]
struct Prepared {
    method: Method,
    /// Base URL and path; the path starts at `path_start`.
    url: String,
    path_start: usize,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<String>,
    body: Body,
    idempotent: bool,
    authenticated: bool,
}

/// Builds a request from generated code. Errors (a value that does not
/// serialize) are kept and reported when the request is sent.
pub(crate) struct Call {
    client: Client,
    prepared: Prepared,
    error: Option<Error>,
}

impl Prepared {
    /// The request path (no base URL, no query), for messages.
    fn path(&self) -> &str {
        &self.url[self.path_start..]
    }
}

/// Percent-encodes what is written through it into a path segment.
struct SegmentWriter<'a>(&'a mut String);

impl fmt::Write for SegmentWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for piece in percent_encoding::utf8_percent_encode(s, encode::PATH_SEGMENT) {
            self.0.push_str(piece);
        }
        Ok(())
    }
}

impl Call {
    pub(crate) fn new(
        client: &Client,
        method: Method,
        idempotent: bool,
        authenticated: bool,
    ) -> Self {
        let base = &client.inner.base_url;
        let mut url = String::with_capacity(base.len() + 64);
        url.push_str(base);
        Call {
            client: client.clone(),
            prepared: Prepared {
                method,
                path_start: url.len(),
                url,
                query: Vec::new(),
                headers: HeaderMap::new(),
                cookies: Vec::new(),
                body: Body::None,
                idempotent,
                authenticated,
            },
            error: None,
        }
    }

    fn fail(&mut self, e: Error) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// Literal path text (already URL-safe).
    pub(crate) fn path(&mut self, literal: &str) {
        self.prepared.url.push_str(literal);
    }

    /// A path parameter, percent-encoded (including `/` and spaces).
    pub(crate) fn path_param<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        match encode::path_segment(name, value) {
            Ok(s) => self.prepared.url.push_str(&s),
            Err(e) => self.fail(e),
        }
    }

    /// A path parameter whose `Display` is its wire text (strings, ids,
    /// integers), written percent-encoded without an intermediate string.
    pub(crate) fn path_display<V: fmt::Display + ?Sized>(&mut self, name: &str, value: &V) {
        use std::fmt::Write as _;
        let before = self.prepared.url.len();
        let _ = write!(SegmentWriter(&mut self.prepared.url), "{value}");
        if self.prepared.url.len() == before {
            self.fail(Error::invalid(format!("path parameter `{name}` is empty")));
        }
    }

    /// A query parameter; `None` and `null` add nothing.
    pub(crate) fn query<V: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &V,
        style: Style,
        explode: bool,
    ) {
        if let Err(e) = encode::query_pairs(&mut self.prepared.query, name, value, style, explode) {
            self.fail(e);
        }
    }

    /// A header parameter; `None` and `null` add nothing.
    pub(crate) fn header<V: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
        explode: bool,
    ) {
        match encode::header_value(name, value, explode) {
            Ok(None) => {}
            Ok(Some(text)) => match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&text),
            ) {
                (Ok(n), Ok(v)) => {
                    self.prepared.headers.append(n, v);
                }
                _ => self.fail(Error::invalid(format!(
                    "header parameter `{name}` has an invalid value"
                ))),
            },
            Err(e) => self.fail(e),
        }
    }

    /// A cookie parameter; `None` and `null` add nothing.
    pub(crate) fn cookie<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        match encode::part_text(name, value) {
            Ok(Some(text)) => self.prepared.cookies.push(format!("{name}={text}")),
            Ok(None) => {}
            Err(e) => self.fail(e),
        }
    }

    /// A JSON body.
    pub(crate) fn json<V: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &V) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.prepared.body = Body::Bytes {
                    content_type,
                    bytes: Bytes::from(bytes),
                }
            }
            Err(e) => self.fail(Error::invalid(format!(
                "the request body could not be serialized: {e}"
            ))),
        }
    }

    /// A form-urlencoded body.
    pub(crate) fn form<V: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &V) {
        match encode::form_pairs(body) {
            Ok(pairs) => {
                let mut ser = form_urlencoded::Serializer::new(String::new());
                for (k, v) in &pairs {
                    ser.append_pair(k, v);
                }
                self.prepared.body = Body::Bytes {
                    content_type,
                    bytes: Bytes::from(ser.finish()),
                };
            }
            Err(e) => self.fail(e),
        }
    }

    /// A raw body.
    pub(crate) fn bytes(&mut self, content_type: &'static str, bytes: Bytes) {
        self.prepared.body = Body::Bytes {
            content_type,
            bytes,
        };
    }

    fn parts(&mut self) -> &mut Vec<Part> {
        if !matches!(self.prepared.body, Body::Multipart(_)) {
            self.prepared.body = Body::Multipart(Vec::new());
        }
        match &mut self.prepared.body {
            Body::Multipart(parts) => parts,
            _ => unreachable!("just set to multipart"),
        }
    }

    /// Starts an (empty) multipart body.
    pub(crate) fn multipart(&mut self) {
        self.parts();
    }

    /// A file part.
    pub(crate) fn file_part(&mut self, name: &str, file: &Binary) {
        self.parts().push(Part {
            name: name.to_owned(),
            bytes: Bytes::from(file.data.clone()),
            filename: Some(file.filename.clone().unwrap_or_else(|| name.to_owned())),
            content_type: file.content_type.clone(),
        });
    }

    /// A text part; `null` adds nothing.
    pub(crate) fn text_part<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        match encode::part_text(name, value) {
            Ok(Some(text)) => self.parts().push(Part {
                name: name.to_owned(),
                bytes: Bytes::from(text),
                filename: None,
                content_type: None,
            }),
            Ok(None) => {}
            Err(e) => self.fail(e),
        }
    }

    /// A JSON part.
    pub(crate) fn json_part<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.parts().push(Part {
                name: name.to_owned(),
                bytes: Bytes::from(bytes),
                filename: None,
                content_type: Some("application/json".to_owned()),
            }),
            Err(e) => self.fail(Error::invalid(format!(
                "part `{name}` could not be serialized: {e}"
            ))),
        }
    }

    /// A multipart body from any serializable value: one part per property,
    /// scalars as text, arrays and objects as JSON.
    pub(crate) fn multipart_value<V: Serialize + ?Sized>(&mut self, body: &V) {
        let value = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(other) => {
                return self.fail(Error::invalid(format!(
                    "a multipart body must be an object, not `{other}`"
                )));
            }
            Err(e) => {
                return self.fail(Error::invalid(format!(
                    "the request body could not be serialized: {e}"
                )))
            }
        };
        self.multipart();
        for (name, v) in &value {
            match v {
                serde_json::Value::Null => {}
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    self.json_part(name, v)
                }
                _ => self.text_part(name, v),
            }
        }
    }

    /// Finishes the call with the operation's decoder.
    pub(crate) fn finish<T>(
        self,
        decode: fn(RawResponse) -> Result<T, Error>,
    ) -> OperationRequest<T> {
        OperationRequest {
            client: self.client,
            prepared: match self.error {
                None => Ok(self.prepared),
                Some(e) => Err(e),
            },
            options: RequestOptions::default(),
            decode,
        }
    }
}

#[derive(Debug, Default)]
struct RequestOptions {
    timeout: Option<Option<Duration>>,
    max_retries: Option<u32>,
    retry_non_idempotent: Option<bool>,
    headers: HeaderMap,
    error: Option<Error>,
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
        build(&self.client, prepared, &self.options)
    }

    /// Sends the request and decodes the body.
    pub async fn send(self) -> Result<T, Error> {
        self.send_with_response().await.map(ApiResponse::into_body)
    }

    /// Sends the request and returns the decoded body with the status and
    /// headers.
    pub async fn send_with_response(self) -> Result<ApiResponse<T>, Error> {
        let decode = self.decode;
        let raw = execute(self.client, self.prepared?, self.options).await?;
        let status = raw.status;
        let headers = raw.headers.clone();
        let request_id = raw.request_id.clone();
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

/// A response as received, handed to an operation's decoder.
#[derive(Debug)]
pub(crate) struct RawResponse {
    method: Method,
    path: String,
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
    body: Bytes,
}

impl RawResponse {
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    /// Decodes JSON, reporting where in the document it failed.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let at = e.path().to_string();
            self.decode_error(at, e.into_inner().to_string())
        })?;
        // Trailing bytes after the document mean it was not what we think.
        de.end()
            .map_err(|e| self.decode_error(".".to_owned(), e.to_string()))?;
        Ok(value)
    }

    pub(crate) fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec()).map_err(|e| {
            self.decode_error(".".to_owned(), format!("the body is not UTF-8 text: {e}"))
        })
    }

    pub(crate) fn bytes(&self) -> Binary {
        Binary::new(self.body.to_vec())
    }

    fn decode_error(&self, at: String, message: String) -> Error {
        Error::Decode(Box::new(DecodeError {
            method: self.method.clone(),
            request_path: self.path.clone(),
            status: self.status,
            request_id: self.request_id.clone(),
            content_type: self
                .headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            at,
            message,
            body: self.body.clone(),
        }))
    }

    /// An API error without a typed body.
    pub(crate) fn error(self) -> Error {
        self.into_api_error(None)
    }

    /// An API error whose body is decoded as `B` when it matches.
    pub(crate) fn typed_error<B: DeserializeOwned>(self, wrap: fn(B) -> crate::ErrorBody) -> Error {
        let typed = serde_json::from_slice::<B>(&self.body).ok().map(wrap);
        self.into_api_error(typed)
    }

    fn into_api_error(self, typed: Option<crate::ErrorBody>) -> Error {
        Error::Api(Box::new(ApiError {
            method: self.method,
            request_path: self.path,
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
            body: self.body,
            typed,
        }))
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

fn build(
    client: &Client,
    p: &Prepared,
    options: &RequestOptions,
) -> Result<reqwest::Request, Error> {
    let inner = &client.inner;
    if inner.base_url.is_empty() {
        return Err(Error::invalid(
            "no base URL is configured: the spec names no server, so set one with ClientBuilder::base_url",
        ));
    }
    let mut url = reqwest::Url::parse(&p.url)
        .map_err(|e| Error::invalid(format!("the URL for `{}` is invalid: {e}", p.path())))?;
    let credential = if p.authenticated {
        &inner.credential
    } else {
        &Credential::None
    };
    let auth_query = match credential {
        Credential::Query(name, secret) => Some((name, secret)),
        Credential::Invalid(message) => return Err(Error::invalid(*message)),
        _ => None,
    };
    if !p.query.is_empty() || auth_query.is_some() {
        let mut pairs = url.query_pairs_mut();
        for (k, v) in &p.query {
            pairs.append_pair(k, v);
        }
        if let Some((name, secret)) = auth_query {
            pairs.append_pair(name, secret.expose());
        }
    }
    // The request is assembled directly: cheaper than a RequestBuilder,
    // which would copy every header once more.
    let mut request = reqwest::Request::new(p.method.clone(), url);
    let headers = request.headers_mut();
    if !inner.default_headers.is_empty() {
        *headers = inner.default_headers.clone();
    }
    headers.insert(reqwest::header::USER_AGENT, inner.user_agent.clone());
    for (k, v) in &p.headers {
        headers.append(k.clone(), v.clone());
    }
    let auth_cookie = match credential {
        Credential::Cookie(c) => Some(c.expose()),
        _ => None,
    };
    if !p.cookies.is_empty() || auth_cookie.is_some() {
        let cookies: Vec<&str> = p
            .cookies
            .iter()
            .map(String::as_str)
            .chain(auth_cookie)
            .collect();
        let mut value = HeaderValue::from_str(&cookies.join("; "))
            .map_err(|_| Error::invalid("a cookie has an invalid value"))?;
        value.set_sensitive(auth_cookie.is_some());
        headers.insert(COOKIE, value);
    }
    if let Credential::Header(name, value) = credential {
        headers.insert(name.clone(), value.clone());
    }
    for (k, v) in &options.headers {
        headers.insert(k.clone(), v.clone());
    }
    *request.timeout_mut() = options.timeout.unwrap_or(inner.timeout);
    match &p.body {
        Body::None => Ok(request),
        Body::Bytes {
            content_type,
            bytes,
        } => {
            if !request.headers().contains_key(CONTENT_TYPE) {
                let value = HeaderValue::from_str(content_type).map_err(|_| {
                    Error::invalid(format!(
                        "the media type `{content_type}` is not a valid header value"
                    ))
                })?;
                request.headers_mut().insert(CONTENT_TYPE, value);
            }
            *request.body_mut() = Some(bytes.clone().into());
            Ok(request)
        }
        Body::Multipart(parts) => {
            let mut form = reqwest::multipart::Form::new();
            for part in parts {
                let mut item = reqwest::multipart::Part::bytes(part.bytes.to_vec());
                if let Some(f) = &part.filename {
                    item = item.file_name(f.clone());
                }
                if let Some(ct) = &part.content_type {
                    item = item.mime_str(ct).map_err(|_| {
                        Error::invalid(format!("part `{}` has an invalid media type", part.name))
                    })?;
                }
                form = form.part(part.name.clone(), item);
            }
            reqwest::RequestBuilder::from_parts(inner.http.clone(), request)
                .multipart(form)
                .build()
                .map_err(|e| {
                    Error::invalid(format!(
                        "the request could not be built: {}",
                        e.without_url()
                    ))
                })
        }
    }
}

async fn execute(
    client: Client,
    p: Prepared,
    options: RequestOptions,
) -> Result<RawResponse, Error> {
    if let Some(e) = options.error {
        return Err(e);
    }
    let inner = &client.inner;
    let max_retries = options.max_retries.unwrap_or(inner.retry.max_retries);
    let may_retry = p.idempotent
        || options
            .retry_non_idempotent
            .unwrap_or(inner.retry_non_idempotent);
    let mut retry = 0;
    loop {
        let request = build(&client, &p, &options)?;
        let can_retry = may_retry && retry < max_retries;
        match inner.http.execute(request).await {
            Ok(response) => {
                let status = response.status();
                if can_retry && is_retryable_status(status) {
                    let delay = inner.retry.delay(retry, Some(response.headers()));
                    drop(response);
                    tokio::time::sleep(delay).await;
                    retry += 1;
                    continue;
                }
                let headers = response.headers().clone();
                let request_id = request_id(&headers);
                let body = read_body(response, inner.max_response_bytes).await;
                // What arrived, for a body that could not be read whole.
                let unread = |message: String, received: Bytes| {
                    Error::Decode(Box::new(DecodeError {
                        method: p.method.clone(),
                        request_path: p.path().to_owned(),
                        status,
                        request_id: request_id.clone(),
                        content_type: headers
                            .get(CONTENT_TYPE)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned),
                        at: ".".to_owned(),
                        message,
                        body: received,
                    }))
                };
                let body = match body {
                    Ok(b) => b,
                    Err(BodyError::Transport(e, received)) => {
                        let err = Error::transport(&p.method, p.path(), e);
                        if can_retry
                            && matches!(err, Error::Timeout { .. } | Error::Connection { .. })
                        {
                            tokio::time::sleep(inner.retry.delay(retry, None)).await;
                            retry += 1;
                            continue;
                        }
                        if err.is_timeout() {
                            return Err(err);
                        }
                        // The status is known; the body was cut short.
                        return Err(unread(
                            format!(
                                "the body was cut short after {} bytes: {err}",
                                received.len()
                            ),
                            received,
                        ));
                    }
                    Err(BodyError::TooLarge(received)) => {
                        return Err(unread(
                            format!(
                                "the body exceeds the {}-byte limit (ClientBuilder::max_response_bytes)",
                                inner.max_response_bytes
                            ),
                            received,
                        ));
                    }
                };
                return Ok(RawResponse {
                    method: p.method.clone(),
                    path: p.path().to_owned(),
                    status,
                    headers,
                    request_id,
                    body,
                });
            }
            Err(e) => {
                let err = Error::transport(&p.method, p.path(), e);
                if can_retry && matches!(err, Error::Timeout { .. } | Error::Connection { .. }) {
                    tokio::time::sleep(inner.retry.delay(retry, None)).await;
                    retry += 1;
                    continue;
                }
                return Err(err);
            }
        }
    }
}

enum BodyError {
    /// The transport failed; the bytes received until then.
    Transport(reqwest::Error, Bytes),
    /// The first bytes received, for the error's excerpt.
    TooLarge(Bytes),
}

async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => return Err(BodyError::Transport(e, Bytes::from(buf))),
        };
        if buf.len() + chunk.len() > limit {
            buf.truncate(1024);
            return Err(BodyError::TooLarge(Bytes::from(buf)));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}
