//! Preparing one call: the generated method writes the path, parameters and
//! body into a [`Call`]; a value that does not serialize is kept as the
//! error the call reports when it is sent.

use std::fmt;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;

use crate::binary::Binary;
use crate::client::Core;
use crate::encode::{self, Style};
use crate::error::{clone_error, Error};
use crate::request::{Body, Part};

// Paths generated code and the crate's `OperationRequest` name.
pub use crate::request::{Prepared, RetrySafety};

/// Builds a request from generated code. Errors (a value that does not
/// serialize) are kept and reported when the request is sent.
pub struct Call {
    client: Core,
    prepared: Prepared,
    error: Option<Error>,
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Call");
        s.field("method", &self.prepared.method)
            .field("path", &self.prepared.path());
        if let Some(e) = &self.error {
            s.field("error", e);
        }
        s.finish_non_exhaustive()
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
    /// A call of `method` on `client`. `security` lists the operation's
    /// security requirements as alternatives, each an AND-list of indices
    /// into the API's schemes (`ApiConfig::schemes`): the request carries
    /// the credentials of the first alternative whose schemes all have
    /// one, and fails before sending if none does. `&[]` sends no
    /// credential; an empty alternative (`&[&[]]`, the spec's `{}`) is
    /// satisfied by none.
    pub fn new(
        client: &Core,
        method: Method,
        safety: RetrySafety,
        security: &'static [&'static [usize]],
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
                safety,
                security,
                streaming: false,
                idempotency_key: None,
            },
            error: None,
        }
    }

    fn fail(&mut self, e: Error) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// Leaves a successful response's body on the connection for the
    /// decoder to stream ([`RawResponse::events`], [`RawResponse::byte_stream`]).
    ///
    /// [`RawResponse::events`]: crate::transport::RawResponse::events
    /// [`RawResponse::byte_stream`]: crate::transport::RawResponse::byte_stream
    pub fn stream_response(&mut self) {
        self.prepared.streaming = true;
    }

    /// Asks for server-sent events (`Accept: text/event-stream`) and leaves
    /// a successful response's body on the connection for the decoder.
    pub fn stream_events(&mut self) {
        self.prepared.streaming = true;
        self.prepared.headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static("text/event-stream"),
        );
    }

    /// Sends a fresh random key in the header `name` (unless the caller
    /// sets one), the same on every retry of this call, and makes the call
    /// safe to retry: the server acts on a key once.
    pub fn idempotency_key(&mut self, name: &'static str) {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&random_key()),
        ) {
            (Ok(header), Ok(key)) => {
                self.prepared.idempotency_key = Some((header, key));
                self.prepared.safety = RetrySafety::Idempotent;
            }
            _ => self.fail(Error::invalid(format!(
                "the idempotency header `{name}` is not a valid header name"
            ))),
        }
    }

    /// Literal path text (already URL-safe).
    pub fn path(&mut self, literal: &str) {
        self.prepared.url.push_str(literal);
    }

    /// A path parameter, percent-encoded (including `/` and spaces).
    pub fn path_param<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        match encode::path_segment(name, value) {
            Ok(s) => self.prepared.url.push_str(&s),
            Err(e) => self.fail(e),
        }
    }

    /// A path parameter whose `Display` is its wire text (strings, ids,
    /// integers), written percent-encoded without an intermediate string.
    pub fn path_display<V: fmt::Display + ?Sized>(&mut self, name: &str, value: &V) {
        use std::fmt::Write as _;
        let before = self.prepared.url.len();
        let _ = write!(SegmentWriter(&mut self.prepared.url), "{value}");
        if self.prepared.url.len() == before {
            self.fail(Error::invalid(format!("path parameter `{name}` is empty")));
        }
    }

    /// A query parameter; `None` and `null` add nothing.
    pub fn query<V: Serialize + ?Sized>(
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
    pub fn header<V: Serialize + ?Sized>(&mut self, name: &'static str, value: &V, explode: bool) {
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
    pub fn cookie<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        match encode::part_text(name, value) {
            Ok(Some(text)) => self.prepared.cookies.push(format!("{name}={text}")),
            Ok(None) => {}
            Err(e) => self.fail(e),
        }
    }

    /// A JSON body.
    pub fn json<V: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &V) {
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
    pub fn form<V: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &V) {
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

    /// A raw body, in memory or streamed.
    pub fn upload(&mut self, content_type: &'static str, upload: crate::body::Upload) {
        self.prepared.body = match upload.body {
            crate::body::UploadBody::Bytes(bytes) => Body::Bytes {
                content_type,
                bytes,
            },
            crate::body::UploadBody::File(path) => Body::File { content_type, path },
            crate::body::UploadBody::Stream { body, length } => Body::Stream {
                content_type,
                body: Arc::new(Mutex::new(Some(body))),
                length,
            },
        };
    }

    /// A raw body.
    pub fn bytes(&mut self, content_type: &'static str, bytes: Bytes) {
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
    pub fn multipart(&mut self) {
        self.parts();
    }

    /// A file part.
    pub fn file_part(&mut self, name: &str, file: &Binary) {
        self.parts().push(Part {
            name: name.to_owned(),
            bytes: Bytes::from(file.data.clone()),
            path: file.path.clone(),
            filename: Some(file.filename.clone().unwrap_or_else(|| name.to_owned())),
            content_type: file.content_type.clone(),
        });
    }

    /// A text part; `null` adds nothing.
    pub fn text_part<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        match encode::part_text(name, value) {
            Ok(Some(text)) => self.parts().push(Part {
                name: name.to_owned(),
                bytes: Bytes::from(text),
                path: None,
                filename: None,
                content_type: None,
            }),
            Ok(None) => {}
            Err(e) => self.fail(e),
        }
    }

    /// A JSON part.
    pub fn json_part<V: Serialize + ?Sized>(&mut self, name: &str, value: &V) {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.parts().push(Part {
                name: name.to_owned(),
                bytes: Bytes::from(bytes),
                path: None,
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
    pub fn multipart_value<V: Serialize + ?Sized>(&mut self, body: &V) {
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
        self.value_parts(&value);
    }

    /// One part per entry: scalars as text, arrays and objects as JSON,
    /// `null` left out.
    pub fn value_parts<'m>(
        &mut self,
        entries: impl IntoIterator<Item = (&'m String, &'m serde_json::Value)>,
    ) {
        for (name, v) in entries {
            match v {
                serde_json::Value::Null => {}
                serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                    self.json_part(name, v)
                }
                _ => self.text_part(name, v),
            }
        }
    }

    /// A copy to inspect (the first error, if any, reported again).
    pub fn snapshot(&self) -> Result<Call, Error> {
        match &self.error {
            Some(e) => Err(clone_error(e)),
            None => Ok(Call {
                client: self.client.clone(),
                prepared: self.prepared.clone(),
                error: None,
            }),
        }
    }

    /// The client and what to send, or the first error met preparing it.
    pub fn into_parts(self) -> Result<(Core, Prepared), Error> {
        match self.error {
            None => Ok((self.client, self.prepared)),
            Some(e) => Err(e),
        }
    }
}

/// 128 random bits in the form of a version-4 UUID.
fn random_key() -> String {
    let mut bits = fastrand::u128(..);
    bits = (bits & !(0xF << 76)) | (0x4 << 76); // version 4
    bits = (bits & !(0x3 << 62)) | (0x2 << 62); // RFC 4122 variant
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}
