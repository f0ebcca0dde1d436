//! Response bodies read as they arrive: where the chunks come from, what a
//! streamed body's errors say about its response, and [`ByteStream`] for
//! binary bodies (audio, files) too large to hold in memory.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::error::{DecodeError, Error};
use crate::response::ResponseHead;

type Chunks = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// Where a body's chunks come from.
pub(crate) enum BodySource {
    /// The connection, read as the caller polls.
    Live(Chunks),
    /// A body already read, given out once.
    Buffered(Option<Bytes>),
    /// Nothing more.
    Finished,
}

impl fmt::Debug for BodySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodySource::Live(_) => "Live",
            BodySource::Buffered(_) => "Buffered",
            BodySource::Finished => "Finished",
        })
    }
}

impl BodySource {
    pub(crate) fn live(response: reqwest::Response) -> Self {
        BodySource::Live(Box::pin(response.bytes_stream()))
    }

    pub(crate) fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<reqwest::Result<Bytes>>> {
        match self {
            BodySource::Live(s) => s.as_mut().poll_next(cx),
            BodySource::Buffered(b) => Poll::Ready(b.take().map(Ok)),
            BodySource::Finished => Poll::Ready(None),
        }
    }
}

/// What errors met while reading a body report about its response: the
/// request it answered, and its head.
#[derive(Debug, Clone)]
pub(crate) struct ResponseContext {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) head: ResponseHead,
}

impl ResponseContext {
    /// The one place a [`DecodeError`] is made: what arrived, where in it
    /// decoding failed, and why.
    pub(crate) fn decode_error<E: fmt::Debug>(
        &self,
        at: String,
        message: String,
        body: Bytes,
    ) -> Error<E> {
        Error::Decode(Box::new(DecodeError {
            method: self.method.clone(),
            request_path: self.path.clone(),
            head: self.head.clone(),
            at,
            message,
            body,
        }))
    }

    pub(crate) fn transport_error<E: fmt::Debug>(&self, e: reqwest::Error) -> Error<E> {
        Error::transport(&self.method, &self.path, e)
    }
}

/// A binary response body as it arrives, chunk by chunk, so that audio or
/// a large file never has to fit in memory. A transport failure is the
/// last item; dropping the stream closes the connection.
pub struct ByteStream<E: fmt::Debug = crate::error::Untyped> {
    source: BodySource,
    context: ResponseContext,
    _error: PhantomData<fn() -> E>,
}

impl<E: fmt::Debug> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("context", &self.context)
            .field("source", &self.source)
            .finish()
    }
}

impl<E: fmt::Debug> ByteStream<E> {
    pub(crate) fn new(source: BodySource, context: ResponseContext) -> Self {
        ByteStream {
            source,
            context,
            _error: PhantomData,
        }
    }

    /// The response's status, headers and request id.
    pub fn head(&self) -> &ResponseHead {
        &self.context.head
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.context.head.status()
    }

    /// The response headers (`Content-Type`, `Content-Length`, ...).
    pub fn headers(&self) -> &HeaderMap {
        self.context.head.headers()
    }

    /// The next chunk, or `None` at the end of the body.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error<E>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }
}

impl<E: fmt::Debug> Unpin for ByteStream<E> {}

impl<E: fmt::Debug> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        match this.source.poll_chunk(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => {
                this.source = BodySource::Finished;
                Poll::Ready(None)
            }
            Poll::Ready(Some(Ok(chunk))) => Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(Some(Err(e))) => {
                this.source = BodySource::Finished;
                Poll::Ready(Some(Err(this.context.transport_error(e))))
            }
        }
    }
}

/// A request body to upload: bytes in memory, a file read as it is sent,
/// or any stream of chunks; the last two never have to fit in memory.
///
/// Everything that was `Into<Bytes>` converts (`Vec<u8>`, `String`,
/// `&'static [u8]`, ...), and so does a [`Binary`](crate::Binary). A file
/// is opened again for each attempt, so its request is retried like any
/// other; a stream is sent once, so a request that carries one is not
/// retried.
pub struct Upload {
    pub(crate) body: UploadBody,
}

pub(crate) enum UploadBody {
    Bytes(Bytes),
    File(std::path::PathBuf),
    Stream {
        body: reqwest::Body,
        length: Option<u64>,
    },
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.body {
            UploadBody::Bytes(b) => f.debug_tuple("Upload::Bytes").field(&b.len()).finish(),
            UploadBody::File(p) => f.debug_tuple("Upload::File").field(p).finish(),
            UploadBody::Stream { length, .. } => f
                .debug_struct("Upload::Stream")
                .field("length", length)
                .finish(),
        }
    }
}

impl Upload {
    /// A body read from `stream` as it is sent; `length`, when known, is
    /// sent as `Content-Length` (otherwise the body is chunked).
    pub fn stream<S, B, E>(stream: S, length: Option<u64>) -> Upload
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes> + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Upload {
            body: UploadBody::Stream {
                body: reqwest::Body::wrap_stream(MapChunks(Box::pin(stream))),
                length,
            },
        }
    }

    /// The file at `path`, opened and read as each attempt sends it, with
    /// its length; a file that cannot be opened fails the request.
    pub fn file(path: impl Into<std::path::PathBuf>) -> Upload {
        Upload {
            body: UploadBody::File(path.into()),
        }
    }
}

/// Converts a stream's chunks to `Bytes` for reqwest.
struct MapChunks<S>(Pin<Box<S>>);

impl<S, B, E> Stream for MapChunks<S>
where
    S: Stream<Item = Result<B, E>>,
    B: Into<Bytes>,
{
    type Item = Result<Bytes, E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|r| r.map(Into::into)))
    }
}

macro_rules! upload_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Upload {
            fn from(value: $t) -> Upload {
                Upload { body: UploadBody::Bytes(Bytes::from(value)) }
            }
        }
    )*};
}
upload_from!(
    Bytes,
    Vec<u8>,
    String,
    &'static [u8],
    &'static str,
    Box<[u8]>
);

impl From<crate::binary::Binary> for Upload {
    fn from(value: crate::binary::Binary) -> Upload {
        match value.path {
            Some(path) => Upload::file(path),
            None => Upload::from(value.data),
        }
    }
}

/// The file at `path` as a streamed body, and its length.
pub(crate) fn file_body(path: &std::path::Path) -> Result<(reqwest::Body, u64), Error> {
    let open = || -> std::io::Result<(std::fs::File, u64)> {
        let file = std::fs::File::open(path)?;
        let length = file.metadata()?.len();
        Ok((file, length))
    };
    let (file, length) = open().map_err(|e| {
        Error::invalid(format!(
            "the file `{}` could not be read: {e}",
            path.display()
        ))
    })?;
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    Ok((reqwest::Body::wrap_stream(stream), length))
}
