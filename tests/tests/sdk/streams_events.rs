//! Streamed responses of a generated client, read over real loopback TCP:
//! server-sent events (typed data up to `[DONE]`, events by name, raw
//! events, decode errors, error statuses, bytes split anywhere, dropping
//! the stream) and binary bodies streamed chunk by chunk.

use std::future::IntoFuture;
use std::io;
use std::time::Duration;

use fixture_streams::types::{ChatChunk, ChatRequest, Problem, Progress, RunEventsResponseEvent};
use fixture_streams::{Client, Error, ErrorBody, Event, EventStream};
use futures_util::StreamExt;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A generous bound on every wait, so that a bug hangs no test; not a
/// timing claim.
const BOUND: Duration = Duration::from_secs(5);

/// The pause between two writes of a response, so that they arrive as
/// separate reads.
const PAUSE: Duration = Duration::from_millis(2);

const SSE_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                        Cache-Control: no-cache\r\nConnection: close\r\n\r\n";

/// A request as the server read it.
#[derive(Debug)]
struct Received {
    /// The request line and headers.
    head: String,
    body: Vec<u8>,
}

impl Received {
    fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    /// A header's value (the name in any case).
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads one request: the head, then as many body bytes as its
/// `Content-Length` says.
async fn read_request(socket: &mut TcpStream) -> io::Result<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = socket.read(&mut chunk).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[head_end..].to_vec();
    Ok(Received { head, body })
}

/// A server on 127.0.0.1 answering one connection per script: it reads
/// the request, then writes each piece of the script as its own TCP write
/// (Nagle off, a pause between), then closes. A write the client refused
/// (it stopped reading) ends that script. Resolves to the requests.
async fn serve(scripts: Vec<Vec<Vec<u8>>>) -> (String, JoinHandle<Vec<Received>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let mut received = Vec::new();
        for script in scripts {
            let (mut socket, _) = listener.accept().await.expect("accept");
            socket.set_nodelay(true).expect("nodelay");
            received.push(read_request(&mut socket).await.expect("request"));
            for piece in script.iter().filter(|p| !p.is_empty()) {
                if socket.write_all(piece).await.is_err() {
                    break;
                }
                tokio::time::sleep(PAUSE).await;
            }
            let _ = socket.shutdown().await;
        }
        received
    });
    (url, server)
}

/// A script: the event-stream head, then `pieces`.
fn sse_script(pieces: &[&[u8]]) -> Vec<Vec<u8>> {
    let mut script = vec![SSE_HEAD.as_bytes().to_vec()];
    script.extend(pieces.iter().map(|p| p.to_vec()));
    script
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .expect("client")
}

async fn bounded<F: IntoFuture>(what: &str, future: F) -> F::Output {
    tokio::time::timeout(BOUND, future.into_future())
        .await
        .unwrap_or_else(|_| panic!("{what} took more than {BOUND:?}"))
}

/// Every item of a stream that must have no errors.
async fn all_ok<T>(stream: EventStream<T, ErrorBody>) -> Vec<T> {
    let items: Vec<Result<T, Error>> = bounded("reading the stream", stream.collect()).await;
    items
        .into_iter()
        .map(|item| item.expect("no error item"))
        .collect()
}

fn event(name: &str, data: &str, id: Option<&str>, retry_ms: Option<u64>) -> Event {
    Event {
        event: name.to_owned(),
        data: data.to_owned(),
        id: id.map(str::to_owned),
        retry: retry_ms.map(Duration::from_millis),
    }
}

/// A received type (no constructor: users only receive it) from its JSON.
fn received_as<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("the expected value decodes")
}

#[tokio::test]
async fn a_chat_completion_stream_decodes_its_chunks_and_ends_at_done() {
    let (url, server) = serve(vec![sse_script(&[
        b"data: {\"id\":\"c1\",\"delta\":\"Hel\"}\n\n",
        b"data: {\"id\":\"c1\",\"delta\":\"lo\"}\n\n: keep-alive\n\n",
        b"data: {\"id\":\"c1\",\"delta\":\"\",\"finish_reason\":\"stop\",",
        b"\"usage\":{\"total\":3}}\n\n",
        b"data: [DONE]\n\n",
        b"data: {\"id\":\"after\",\"delta\":\"done\"}\n\ndata: not json\n\n",
    ])])
    .await;
    let request = ChatRequest::new("hi").stream(true);
    let mut stream = bounded("the response", client(&url).stream_chat(&request))
        .await
        .expect("a stream");
    assert_eq!(stream.status().as_u16(), 200);
    let mut chunks = Vec::new();
    while let Some(item) = bounded("the next chunk", stream.next()).await {
        chunks.push(item.expect("a chunk"));
    }
    assert_eq!(
        chunks,
        [
            received_as::<ChatChunk>(json!({"id": "c1", "delta": "Hel"})),
            received_as(json!({"id": "c1", "delta": "lo"})),
            received_as(
                json!({"id": "c1", "delta": "", "finish_reason": "stop", "usage": {"total": 3}})
            ),
        ]
    );
    assert!(stream.next().await.is_none(), "the stream stays ended");
    drop(stream);
    let received = bounded("the server", server).await.expect("server");
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].request_line(),
        "POST /chat/completions HTTP/1.1"
    );
    let body: serde_json::Value = serde_json::from_slice(&received[0].body).expect("JSON");
    assert_eq!(body, json!({"prompt": "hi", "stream": true}));
}

/// CRLF, CR and LF line ends, a byte-order mark, a comment, multi-byte
/// characters in names, ids and data, a retry, and an event cut short by
/// the end of the body.
const SPLIT_STREAM: &str = "\u{FEFF}: hello\r\n\r\nevent: greet\r\nid: é-1\r\n\
    data: café\r\ndata: 😀 smile\r\n\r\nretry: 250\r\ndata: {\"n\":1}\r\n\r\n\
    event: mixé\ndata: a\rdata: b\r\n\r\n: trailing\r\ndata: cut short";

fn split_stream_events() -> Vec<Event> {
    vec![
        event("greet", "café\n😀 smile", Some("é-1"), None),
        event("message", "{\"n\":1}", Some("é-1"), Some(250)),
        event("mixé", "a\nb", Some("é-1"), None),
    ]
}

/// The events of `/ticks` when the body is written in `pieces`, one
/// connection per element of `splits`.
async fn ticks_for(splits: Vec<Vec<Vec<u8>>>) -> Vec<Vec<Event>> {
    let count = splits.len();
    let scripts = splits
        .into_iter()
        .map(|pieces| {
            let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
            sse_script(&refs)
        })
        .collect();
    let (url, server) = serve(scripts).await;
    let client = client(&url);
    let mut all = Vec::new();
    for _ in 0..count {
        let stream = bounded("the response", client.ticks())
            .await
            .expect("stream");
        all.push(all_ok(stream).await);
    }
    let received = bounded("the server", server).await.expect("server");
    assert!(
        received
            .iter()
            .all(|r| r.request_line() == "GET /ticks HTTP/1.1")
    );
    all
}

/// `bytes` cut at each of `cuts` (in any order, repeats allowed).
fn split_at(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| (*c).min(bytes.len())).collect();
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        pieces.push(bytes[start..cut].to_vec());
        start = cut;
    }
    pieces
}

#[tokio::test]
async fn a_stream_split_at_every_byte_gives_the_same_events() {
    let bytes = SPLIT_STREAM.as_bytes();
    let splits = (0..=bytes.len()).map(|i| split_at(bytes, &[i])).collect();
    let results = ticks_for(splits).await;
    assert_eq!(results.len(), bytes.len() + 1);
    for (i, events) in results.iter().enumerate() {
        assert_eq!(events, &split_stream_events(), "split at byte {i}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        rng_seed: RngSeed::Fixed(0x55E),
        failure_persistence: None,
        ..ProptestConfig::with_cases(32)
    })]

    /// Any number of cuts anywhere: the events are those of the whole.
    #[test]
    fn a_stream_split_anywhere_gives_the_events_of_the_whole(
        cuts in proptest::collection::vec(0..=SPLIT_STREAM.len(), 0..8)
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let bytes = SPLIT_STREAM.as_bytes();
        let splits = vec![vec![bytes.to_vec()], split_at(bytes, &cuts)];
        let results = runtime.block_on(ticks_for(splits));
        prop_assert_eq!(&results[0], &split_stream_events());
        prop_assert_eq!(&results[1], &results[0]);
    }
}

#[tokio::test]
async fn events_decode_by_name_and_unknown_names_are_kept_raw() {
    let (url, server) = serve(vec![sse_script(&[
        b"event: progress\ndata: {\"percent\":40}\n\n",
        b"event: log\ndata: line one\ndata: line two\n\n",
        b"event: heartbeat\nid: h1\ndata: {}\n\n",
        b"data: no name\n\n",
        b"event: progress\ndata: {\"percent\":100}\n\n",
    ])])
    .await;
    let stream = bounded("the response", client(&url).run_events("r1"))
        .await
        .expect("a stream");
    assert_eq!(
        all_ok(stream).await,
        [
            RunEventsResponseEvent::Progress(received_as::<Progress>(json!({"percent": 40}))),
            RunEventsResponseEvent::Log("line one\nline two".to_owned()),
            RunEventsResponseEvent::Other(event("heartbeat", "{}", Some("h1"), None)),
            RunEventsResponseEvent::Other(event("message", "no name", Some("h1"), None)),
            RunEventsResponseEvent::Progress(received_as::<Progress>(json!({"percent": 100}))),
        ]
    );
    let received = bounded("the server", server).await.expect("server");
    assert_eq!(received[0].request_line(), "GET /runs/r1/events HTTP/1.1");
}

/// The stream's own `next()` reads it without `futures-util` (called by
/// its path, so `StreamExt::next` cannot stand in for it).
#[tokio::test]
async fn events_read_with_their_own_next_method() {
    let (url, _server) = serve(vec![sse_script(&[
        b"event: progress\ndata: {\"percent\":40}\n\n",
        b"event: log\ndata: done\n\n",
    ])])
    .await;
    let mut stream = bounded("the response", client(&url).run_events("r1"))
        .await
        .expect("a stream");
    let mut got = Vec::new();
    while let Some(event) = bounded("an event", EventStream::next(&mut stream)).await {
        got.push(event.expect("decodes"));
    }
    assert_eq!(
        got,
        [
            RunEventsResponseEvent::Progress(received_as::<Progress>(json!({"percent": 40}))),
            RunEventsResponseEvent::Log("done".to_owned()),
        ]
    );
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_item_and_the_stream_goes_on() {
    let (url, _server) = serve(vec![sse_script(&[
        b"event: progress\ndata: {\"percent\":10}\n\n",
        b"event: progress\nid: 7\ndata: {\"percent\":\"half\"}\n\n",
        b"event: log\ndata: still here\n\n",
    ])])
    .await;
    let stream = bounded("the response", client(&url).run_events("r2"))
        .await
        .expect("a stream");
    let mut items: Vec<Result<RunEventsResponseEvent, Error>> =
        bounded("reading the stream", stream.collect()).await;
    assert_eq!(items.len(), 3, "{items:?}");
    let last = items
        .pop()
        .expect("3 items")
        .expect("the next event decodes");
    assert_eq!(last, RunEventsResponseEvent::Log("still here".to_owned()));
    let Err(Error::Decode(err)) = items.pop().expect("3 items") else {
        panic!("the second item is a decode error");
    };
    assert_eq!(err.path(), "event `progress`");
    assert_eq!(err.body(), b"{\"percent\":\"half\"}");
    assert_eq!(
        err.message(),
        "at `percent`: invalid type: string \"half\", expected i64 at line 1 column 17 \
         (event id `7`)"
    );
    assert_eq!(err.status().as_u16(), 200);
    assert_eq!(err.content_type(), Some("text/event-stream"));
    let first = items
        .pop()
        .expect("3 items")
        .expect("the first event decodes");
    assert_eq!(
        first,
        RunEventsResponseEvent::Progress(received_as::<Progress>(json!({"percent": 10})))
    );
}

#[tokio::test]
async fn an_error_status_is_a_typed_api_error_not_a_stream() {
    let body = br#"{"detail":"slow down"}"#;
    let head = format!(
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (url, server) = serve(vec![vec![head.into_bytes(), body.to_vec()]]).await;
    let result = bounded(
        "the response",
        client(&url).stream_chat(&ChatRequest::new("hi")),
    )
    .await;
    let Err(Error::Api(api)) = result else {
        panic!("an API error, got {result:?}");
    };
    assert_eq!(api.status().as_u16(), 429);
    assert_eq!(api.body(), body);
    let mut problem = Problem::default();
    problem.detail = Some("slow down".to_owned());
    assert_eq!(api.typed(), Some(&ErrorBody::Problem(problem)));
    let received = bounded("the server", server).await.expect("server");
    assert_eq!(received.len(), 1, "no retry");
}

/// How the server learnt that the client went away.
#[derive(Debug, PartialEq)]
enum Gone {
    WriteFailed,
    Eof,
}

/// Sends one event, waits for `dropped`, then writes an event every few
/// milliseconds until a write fails or a read sees the end of the
/// connection.
async fn serve_until_gone(listener: TcpListener, dropped: oneshot::Receiver<()>) -> Gone {
    let (mut socket, _) = listener.accept().await.expect("accept");
    socket.set_nodelay(true).expect("nodelay");
    read_request(&mut socket).await.expect("request");
    socket
        .write_all(format!("{SSE_HEAD}data: first\n\n").as_bytes())
        .await
        .expect("the first event is written");
    dropped.await.expect("the client drops the stream");
    let mut buf = [0u8; 64];
    loop {
        if socket.write_all(b"data: more\n\n").await.is_err() {
            return Gone::WriteFailed;
        }
        tokio::select! {
            read = socket.read(&mut buf) => match read {
                Ok(0) | Err(_) => return Gone::Eof,
                Ok(_) => {}
            },
            () = tokio::time::sleep(Duration::from_millis(10)) => {}
        }
    }
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (dropped_tx, dropped_rx) = oneshot::channel();
    let server = tokio::spawn(serve_until_gone(listener, dropped_rx));
    let mut stream = bounded("the response", client(&url).ticks())
        .await
        .expect("a stream");
    let first = bounded("the first event", stream.next())
        .await
        .expect("an item")
        .expect("an event");
    assert_eq!(first, event("message", "first", None, None));
    drop(stream);
    dropped_tx.send(()).expect("the server waits");
    let gone = bounded("the server noticing the drop", server)
        .await
        .expect("server");
    assert!(
        gone == Gone::WriteFailed || gone == Gone::Eof,
        "unexpected {gone:?}"
    );
}

/// 1 MiB that does not repeat with any short period.
fn pattern() -> Vec<u8> {
    (0u32..1 << 20)
        .map(|i| (i.wrapping_mul(31) ^ (i >> 9)) as u8)
        .collect()
}

#[tokio::test]
async fn a_byte_stream_yields_every_byte_of_the_buffered_body() {
    let data = pattern();
    let script = || {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nConnection: close\r\n\r\n";
        let mut pieces = vec![head.as_bytes().to_vec()];
        pieces.extend(data.chunks(64 * 1024).map(<[u8]>::to_vec));
        pieces
    };
    let (url, server) = serve(vec![script(), script()]).await;
    let client = client(&url);
    let buffered = bounded("the buffered body", client.download_file("f"))
        .await
        .expect("bytes");
    assert_eq!(buffered.data.len(), data.len());
    assert!(buffered.data == data, "the buffered body is the pattern");

    let mut stream = bounded("the response", client.download_file("f").byte_stream())
        .await
        .expect("a byte stream");
    assert_eq!(stream.status().as_u16(), 200);
    assert_eq!(
        stream.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"audio/mpeg"[..])
    );
    let mut chunks = Vec::new();
    while let Some(chunk) = bounded("the next chunk", stream.next()).await {
        chunks.push(chunk.expect("a chunk"));
    }
    assert!(chunks.len() > 1, "{} chunk(s)", chunks.len());
    assert!(chunks.iter().all(|c| !c.is_empty()), "no empty chunk");
    let streamed: Vec<u8> = chunks.concat();
    assert_eq!(streamed.len(), buffered.data.len());
    assert!(
        streamed == buffered.data,
        "the streamed bytes are the buffered ones"
    );
    let received = bounded("the server", server).await.expect("server");
    let lines: Vec<&str> = received.iter().map(Received::request_line).collect();
    assert_eq!(lines, ["GET /files/f/content HTTP/1.1"; 2]);
}

#[tokio::test]
async fn an_operation_that_can_also_answer_with_json_has_a_stream_companion() {
    let (url, server) = serve(vec![sse_script(&[
        b"data: {\"id\":\"c2\",\"delta\":\"Hi\"}\n\n",
        b"data: [DONE]\n\n",
    ])])
    .await;
    let request = ChatRequest::new("hi").stream(true);
    let stream = bounded("the response", client(&url).complete_stream(&request))
        .await
        .expect("a stream");
    let chunks = all_ok(stream).await;
    assert_eq!(
        chunks,
        [received_as::<ChatChunk>(json!({"id": "c2", "delta": "Hi"}))]
    );
    let received = bounded("the server", server).await.expect("server");
    assert_eq!(received[0].request_line(), "POST /completions HTTP/1.1");
    assert_eq!(received[0].header("accept"), Some("text/event-stream"));
}
