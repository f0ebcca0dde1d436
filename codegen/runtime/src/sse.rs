//! Server-sent events: the event-stream parser of the WHATWG HTML standard
//! (§9.2), fed with chunks split anywhere, and [`EventStream`], the stream
//! of decoded events an operation answering `text/event-stream` returns.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::body::{BodySource, ResponseContext};
use crate::error::Error;
use crate::response::ResponseHead;

/// The data that ends a stream cleanly, as OpenAI-style APIs send it last.
pub const DONE: &str = "[DONE]";

/// One dispatched event, as the standard defines it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// The event type: the last `event:` field, or `message`.
    pub event: String,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
    /// The stream's last event id when this event was dispatched (ids carry
    /// over to later events); `None` if none was set or it was reset.
    pub id: Option<String>,
    /// A `retry:` the server sent since the previous event: how long to
    /// wait before reconnecting.
    pub retry: Option<Duration>,
}

/// The incremental parser. Bytes go in with [`Parser::feed`] in chunks of
/// any size (a chunk may end inside a line, a CRLF pair or a UTF-8
/// character); complete events come out of [`Parser::next_event`].
#[derive(Debug, Default)]
pub struct Parser {
    /// The bytes of the line being received.
    line: Vec<u8>,
    /// The previous chunk ended with CR: an LF starting this one belongs to it.
    after_cr: bool,
    /// Whether the first line (and a byte-order mark on it) was seen.
    started: bool,
    data: String,
    event: String,
    last_id: Option<String>,
    retry: Option<Duration>,
    ready: VecDeque<Event>,
}

impl Parser {
    /// A parser at the start of a stream.
    pub fn new() -> Self {
        Parser::default()
    }

    /// Parses the next bytes of the stream.
    pub fn feed(&mut self, mut bytes: &[u8]) {
        // An empty chunk says nothing about the LF a CR may pair with.
        if self.after_cr && !bytes.is_empty() {
            self.after_cr = false;
            if let [b'\n', rest @ ..] = bytes {
                bytes = rest;
            }
        }
        while let Some(end) = memchr::memchr2(b'\n', b'\r', bytes) {
            let (line, was_cr) = (&bytes[..end], bytes[end] == b'\r');
            // A line within one chunk is parsed where it is; only one that
            // began in an earlier chunk is put together first.
            if self.line.is_empty() {
                self.line_done(line);
            } else {
                self.line.extend_from_slice(line);
                let whole = std::mem::take(&mut self.line);
                self.line_done(&whole);
                self.line = whole;
                self.line.clear();
            }
            bytes = &bytes[end + 1..];
            if was_cr {
                match bytes {
                    [b'\n', rest @ ..] => bytes = rest,
                    [] => self.after_cr = true,
                    _ => {}
                }
            }
        }
        self.line.extend_from_slice(bytes);
    }

    /// The next complete event, if one has arrived.
    pub fn next_event(&mut self) -> Option<Event> {
        self.ready.pop_front()
    }

    /// The stream's last event id, for a `Last-Event-ID` header when
    /// reconnecting.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    fn line_done(&mut self, mut line: &[u8]) {
        if !self.started {
            self.started = true;
            if let [0xEF, 0xBB, 0xBF, rest @ ..] = line {
                line = rest;
            }
        }
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return; // a comment
        }
        let (field, value) = match line.iter().position(|b| *b == b':') {
            Some(i) => {
                let value = &line[i + 1..];
                (&line[..i], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        // Invalid UTF-8 becomes U+FFFD, as the standard's decoder does.
        let value = String::from_utf8_lossy(value);
        match field {
            b"event" => self.event = value.into_owned(),
            b"data" => {
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"id" if !value.contains('\0') => {
                self.last_id = (!value.is_empty()).then(|| value.into_owned());
            }
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                if let Ok(ms) = value.parse::<u64>() {
                    self.retry = Some(Duration::from_millis(ms));
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        if self.data.is_empty() {
            self.event.clear();
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop(); // the newline after the last `data:` line
        let event = match std::mem::take(&mut self.event) {
            e if e.is_empty() => "message".to_owned(),
            e => e,
        };
        self.ready.push_back(Event {
            event,
            data,
            id: self.last_id.clone(),
            retry: self.retry.take(),
        });
    }
}

/// How generated code turns an event into the operation's item type; an
/// `Err` is the reason it could not.
#[doc(hidden)]
pub type Decode<T> = fn(&Event) -> Result<T, String>;

/// The event itself, for streams whose events the spec does not describe.
#[doc(hidden)]
pub fn raw(event: &Event) -> Result<Event, String> {
    Ok(event.clone())
}

/// The event's data decoded as JSON into `T`.
#[doc(hidden)]
pub fn json<T: DeserializeOwned>(event: &Event) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(&event.data);
    serde_path_to_error::deserialize(&mut de)
        .map_err(|e| {
            let at = e.path().to_string();
            format!("at `{at}`: {}", e.into_inner())
        })
        .and_then(|v| de.end().map(|()| v).map_err(|e| e.to_string()))
}

/// A stream of server-sent events, each decoded into `T`.
///
/// - It ends when the server closes the connection (an event cut short by
///   that is dropped, as the standard says) or when an event's data is
///   `[DONE]`.
/// - An event that does not decode is an `Err(Error::Decode)` item holding
///   the event type (as `at`) and its raw data (as the body); the stream
///   goes on with the next event, so stop reading to give up.
/// - A transport failure is the last item.
/// - Dropping the stream closes the connection.
pub struct EventStream<T, E: fmt::Debug = crate::error::Untyped> {
    source: BodySource,
    parser: Parser,
    decode: Decode<T>,
    context: ResponseContext,
    done: bool,
    _error: PhantomData<fn() -> E>,
}

impl<T, E: fmt::Debug> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("context", &self.context)
            .field("last_event_id", &self.parser.last_event_id())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T, E: fmt::Debug> EventStream<T, E> {
    pub(crate) fn new(source: BodySource, context: ResponseContext, decode: Decode<T>) -> Self {
        EventStream {
            source,
            parser: Parser::new(),
            decode,
            context,
            done: false,
            _error: PhantomData,
        }
    }

    /// The last event id the server sent, to resume from with a
    /// `Last-Event-ID` header.
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_event_id()
    }

    /// The response's status, headers and request id.
    pub fn head(&self) -> &ResponseHead {
        &self.context.head
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> reqwest::StatusCode {
        self.context.head.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        self.context.head.headers()
    }

    fn decoded(&mut self, event: Event) -> Option<Result<T, Error<E>>> {
        if event.data == DONE {
            self.done = true;
            return None;
        }
        Some((self.decode)(&event).map_err(|message| {
            let at = format!("event `{}`", event.event);
            let message = match &event.id {
                Some(id) => format!("{message} (event id `{id}`)"),
                None => message,
            };
            self.context
                .decode_error(at, message, event.data.into_bytes().into())
        }))
    }
}

impl<T, E: fmt::Debug> Unpin for EventStream<T, E> {}

impl<T, E: fmt::Debug> EventStream<T, E> {
    /// The next event, or `None` once the stream has ended: what
    /// `futures_util::StreamExt::next` does, with no other crate needed.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T, E: fmt::Debug> Stream for EventStream<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if let Some(event) = this.parser.next_event() {
                return Poll::Ready(this.decoded(event));
            }
            match this.source.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => this.parser.feed(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(this.context.transport_error(e))));
                }
                Poll::Ready(None) => {
                    this.done = true;
                    this.source = BodySource::Finished;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<Event> {
        let mut p = Parser::new();
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c);
            while let Some(e) = p.next_event() {
                out.push(e);
            }
        }
        out
    }

    #[test]
    fn a_cr_at_the_end_of_a_chunk_pairs_with_the_lf_that_starts_the_next() {
        let events = parse(&[b"data: a\r", b"\n\r", b"\ndata: b\r\r"]);
        let data: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
        assert_eq!(data, ["a", "b"]);
    }

    #[test]
    fn a_utf8_character_split_between_chunks_arrives_whole() {
        let text = "data: é€😀\n\n".as_bytes();
        for cut in 0..text.len() {
            let events = parse(&[&text[..cut], &text[cut..]]);
            assert_eq!(events.len(), 1, "cut at {cut}");
            assert_eq!(events[0].data, "é€😀", "cut at {cut}");
        }
    }
}
