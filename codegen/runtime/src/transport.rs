//! Sending: the request of each attempt, the retry loop (what to retry and
//! how long to wait is `RetryPolicy::decide`'s call), renewing a rejected
//! access token, reading the body under its size cap, and the raw response
//! handed to a decoder.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, COOKIE};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use std::fmt;

use crate::attach::{self, Resolved};
use crate::binary::Binary;
use crate::body::{BodySource, ByteStream, ResponseContext};
use crate::client::Core;
use crate::error::{ApiError, Error};
use crate::request::{Body, Prepared, RequestOptions, RetrySafety};
use crate::response::ResponseHead;
use crate::retry::Attempt;
use crate::sse::EventStream;

/// A response as received, handed to an operation's decoder: its body
/// read in full, or, for a streamed success ([`Call::stream_response`]),
/// still on the connection.
///
/// [`Call::stream_response`]: crate::call::Call::stream_response
#[doc(hidden)]
#[derive(Debug)]
pub struct RawResponse {
    context: ResponseContext,
    body: Bytes,
    live: Option<BodySource>,
}

impl RawResponse {
    /// The response's status, headers and request id.
    pub fn head(&self) -> &ResponseHead {
        &self.context.head
    }

    pub fn status(&self) -> StatusCode {
        self.context.head.status()
    }

    /// Status, headers and request id, for the caller's [`ApiResponse`].
    ///
    /// [`ApiResponse`]: crate::handle::ApiResponse
    pub fn meta(&self) -> (StatusCode, HeaderMap, Option<String>) {
        let head = &self.context.head;
        let request_id = head.request_id().map(str::to_owned);
        (head.status(), head.headers().clone(), request_id)
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.context.head.headers()
    }

    /// Decodes JSON, reporting where in the document it failed.
    pub fn json<T: DeserializeOwned, E: fmt::Debug>(&self) -> Result<T, Error<E>> {
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

    pub fn text<E: fmt::Debug>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.to_vec()).map_err(|e| {
            self.decode_error(".".to_owned(), format!("the body is not UTF-8 text: {e}"))
        })
    }

    pub fn bytes(&self) -> Binary {
        Binary::new(self.body.to_vec())
    }

    /// The body's server-sent events, each decoded by `decode`.
    pub fn events<T, E: fmt::Debug>(self, decode: crate::sse::Decode<T>) -> EventStream<T, E> {
        let (source, context) = self.into_source();
        EventStream::new(source, context, decode)
    }

    /// The body as a stream of chunks.
    pub fn byte_stream<E: fmt::Debug>(self) -> ByteStream<E> {
        let (source, context) = self.into_source();
        ByteStream::new(source, context)
    }

    fn into_source(self) -> (BodySource, ResponseContext) {
        let source = self.live.unwrap_or(BodySource::Buffered(Some(self.body)));
        (source, self.context)
    }

    pub(crate) fn decode_error<E: fmt::Debug>(&self, at: String, message: String) -> Error<E> {
        self.context.decode_error(at, message, self.body.clone())
    }

    /// An API error without a typed body.
    pub fn error<E: fmt::Debug>(self) -> Error<E> {
        self.into_api_error(None)
    }

    /// An API error whose body is decoded as `B` when it matches.
    pub fn typed_error<B: DeserializeOwned, E: fmt::Debug>(self, wrap: fn(B) -> E) -> Error<E> {
        let typed = serde_json::from_slice::<B>(&self.body).ok().map(wrap);
        self.into_api_error(typed)
    }

    fn into_api_error<E: fmt::Debug>(self, typed: Option<E>) -> Error<E> {
        let c = self.context;
        Error::Api(Box::new(ApiError {
            method: c.method,
            request_path: c.path,
            head: c.head,
            body: self.body,
            typed,
        }))
    }
}

/// The request of one attempt: URL with query and credentials, headers,
/// cookies, per-request options and body.
pub(crate) fn build(
    client: &Core,
    p: &Prepared,
    options: &RequestOptions,
    credentials: &Resolved<'_>,
) -> Result<reqwest::Request, Error> {
    let inner = &client.inner;
    check_base_url(client)?;
    let mut url = reqwest::Url::parse(&p.url)
        .map_err(|e| Error::invalid(format!("the URL for `{}` is invalid: {e}", p.path())))?;
    if !p.query.is_empty() || !credentials.query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (k, v) in &p.query {
            pairs.append_pair(k, v);
        }
        for (name, secret) in &credentials.query {
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
    if !p.cookies.is_empty() || !credentials.cookies.is_empty() {
        let cookies: Vec<&str> = p
            .cookies
            .iter()
            .map(String::as_str)
            .chain(credentials.cookies.iter().map(|c| c.expose()))
            .collect();
        let mut value = HeaderValue::from_str(&cookies.join("; "))
            .map_err(|_| Error::invalid("a cookie has an invalid value"))?;
        value.set_sensitive(!credentials.cookies.is_empty());
        headers.insert(COOKIE, value);
    }
    for (name, value) in &credentials.headers {
        headers.insert(name.clone(), value.clone());
    }
    for (k, v) in &options.headers {
        headers.insert(k.clone(), v.clone());
    }
    // A request's timeout covers its whole body, so a streamed body (events
    // that go on for minutes) has only the one the caller sets.
    *request.timeout_mut() = match (options.timeout, p.streaming) {
        (Some(timeout), _) => timeout,
        (None, false) => inner.timeout,
        (None, true) => None,
    };
    if let Some((name, key)) = &p.idempotency_key {
        if !headers_have(&request, &options.headers, name) {
            request.headers_mut().insert(name.clone(), key.clone());
        }
    }
    attach_body(client, request, &p.body)
}

/// Requests need a base URL: the spec's server or the caller's.
fn check_base_url(client: &Core) -> Result<(), Error> {
    if client.inner.base_url.is_empty() {
        return Err(Error::invalid(
            "no base URL is configured: the spec names no server, so set one with ClientBuilder::base_url",
        ));
    }
    Ok(())
}

/// The body's media type, unless the caller set one.
fn set_content_type(request: &mut reqwest::Request, content_type: &str) -> Result<(), Error> {
    if !request.headers().contains_key(CONTENT_TYPE) {
        let value = HeaderValue::from_str(content_type).map_err(|_| {
            Error::invalid(format!(
                "the media type `{content_type}` is not a valid header value"
            ))
        })?;
        request.headers_mut().insert(CONTENT_TYPE, value);
    }
    Ok(())
}

/// Whether the request or the caller's options already carry `name`.
fn headers_have(request: &reqwest::Request, options: &HeaderMap, name: &HeaderName) -> bool {
    request.headers().contains_key(name) || options.contains_key(name)
}

/// Puts the prepared body on the request, with its media type unless the
/// caller set one.
fn attach_body(
    client: &Core,
    mut request: reqwest::Request,
    body: &Body,
) -> Result<reqwest::Request, Error> {
    match body {
        Body::None => Ok(request),
        Body::Bytes {
            content_type,
            bytes,
        } => {
            set_content_type(&mut request, content_type)?;
            *request.body_mut() = Some(bytes.clone().into());
            Ok(request)
        }
        Body::File { content_type, path } => {
            set_content_type(&mut request, content_type)?;
            let (body, length) = crate::body::file_body(path)?;
            request
                .headers_mut()
                .insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(length));
            *request.body_mut() = Some(body);
            Ok(request)
        }
        Body::Stream {
            content_type,
            body,
            length,
        } => {
            set_content_type(&mut request, content_type)?;
            let taken = body.lock().ok().and_then(|mut b| b.take());
            let Some(taken) = taken else {
                return Err(Error::invalid(
                    "a streamed body can be sent once; this request already sent it",
                ));
            };
            if let Some(n) = length {
                request
                    .headers_mut()
                    .insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(*n));
            }
            *request.body_mut() = Some(taken);
            Ok(request)
        }
        Body::Multipart(parts) => {
            let mut form = reqwest::multipart::Form::new();
            for part in parts {
                let mut item = match &part.path {
                    Some(path) => {
                        let (body, length) = crate::body::file_body(path)?;
                        reqwest::multipart::Part::stream_with_length(body, length)
                    }
                    None => reqwest::multipart::Part::bytes(part.bytes.to_vec()),
                };
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
            reqwest::RequestBuilder::from_parts(client.inner.http.clone(), request)
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

/// Sends `p`, retrying as the policy decides, and reads the final body.
///
/// The credentials are resolved before each attempt (so a token that
/// expires during a backoff is replaced). After a 401 to a request that
/// carried a provider's token, the token is invalidated and, if the
/// provider then supplies another, the request is sent once more; that
/// resend is not one of the policy's retries, and a streamed body, which
/// cannot be sent twice, gets none.
#[doc(hidden)]
pub async fn execute(
    client: Core,
    p: Prepared,
    options: RequestOptions,
) -> Result<RawResponse, Error> {
    if let Some(e) = options.error {
        return Err(e);
    }
    check_base_url(&client)?;
    let inner = &client.inner;
    let mut policy = inner.retry;
    if let Some(n) = options.max_retries {
        policy.max_retries = n;
    }
    // A streamed body is gone after the first attempt.
    let resendable = !matches!(p.body, Body::Stream { .. });
    let allowed = resendable
        && (p.safety == RetrySafety::Idempotent
            || options
                .retry_non_idempotent
                .unwrap_or(inner.retry_non_idempotent));
    let mut retries = 0;
    let mut renewed = false;
    let mut next: Option<Resolved<'_>> = None;
    loop {
        let credentials = match next.take() {
            Some(c) => c,
            None => attach::resolve(&client, &p).await?,
        };
        let request = build(&client, &p, &options, &credentials)?;
        let sent = inner
            .http
            .execute(request)
            .await
            .map_err(|e| Error::transport(&p.method, p.path(), e));
        let rejected = matches!(&sent, Ok(r) if r.status() == StatusCode::UNAUTHORIZED);
        if rejected && !renewed && credentials.has_tokens() {
            renewed = true;
            credentials.invalidate();
            if resendable {
                let fresh = attach::resolve(&client, &p).await?;
                if fresh.renews(&credentials) {
                    next = Some(fresh);
                    continue;
                }
            }
        }
        let attempt = match &sent {
            Ok(response) => Attempt::Answered(response.status(), response.headers()),
            Err(e) => Attempt::Failed(e),
        };
        if let Some(wait) = policy.decide(attempt, retries, allowed) {
            drop(sent);
            tokio::time::sleep(wait).await;
            retries += 1;
            continue;
        }
        let received = receive(sent?, &p, inner.max_response_bytes).await;
        let wait = match &received {
            Err(e) => policy.decide(Attempt::Failed(e), retries, allowed),
            Ok(_) => None,
        };
        match wait {
            Some(wait) => {
                tokio::time::sleep(wait).await;
                retries += 1;
            }
            None => return received,
        }
    }
}

/// Reads the body of a response; a body cut short or over the cap is a
/// decode error holding what arrived (or a timeout, if that cut it).
async fn receive(
    response: reqwest::Response,
    p: &Prepared,
    limit: usize,
) -> Result<RawResponse, Error> {
    let status = response.status();
    let mut raw = RawResponse {
        context: ResponseContext {
            method: p.method.clone(),
            path: p.path().to_owned(),
            head: ResponseHead::new(status, response.headers().clone()),
        },
        body: Bytes::new(),
        live: None,
    };
    if p.streaming && status.is_success() {
        raw.live = Some(BodySource::live(response));
        return Ok(raw);
    }
    match read_body(response, limit).await {
        Ok(body) => {
            raw.body = body;
            Ok(raw)
        }
        Err(BodyError::Transport(e, received)) => {
            let err = Error::transport(&p.method, p.path(), e);
            if err.is_timeout() || matches!(err, Error::Connection { .. }) {
                return Err(err);
            }
            let message = format!(
                "the body was cut short after {} bytes: {err}",
                received.len()
            );
            raw.body = received;
            Err(raw.decode_error(".".to_owned(), message))
        }
        Err(BodyError::TooLarge(received)) => {
            raw.body = received;
            Err(raw.decode_error(
                ".".to_owned(),
                format!(
                    "the body exceeds the {limit}-byte limit (ClientBuilder::max_response_bytes)"
                ),
            ))
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
