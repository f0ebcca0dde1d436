//! Test support: HTTP servers on 127.0.0.1 that record what the SDK sends
//! and answer with scripted responses. Used by the tests in `tests/tests`.
//!
//! The repository README is this crate's documentation too, so its examples
//! are compiled as doctests by `cargo test --workspace`.
#![doc = include_str!("../../README.md")]

pub mod fake_oneinbox;
pub mod fastapi;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// HTTP method.
    pub method: Method,
    /// Path and query, as sent.
    pub uri: String,
    /// All headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
}

impl Recorded {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Headers to send.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// Wait before answering.
    pub delay: Option<Duration>,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            delay: None,
        }
    }

    /// An answer with any body and content type.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
            delay: None,
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers only after `delay`.
    #[must_use]
    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

#[derive(Debug, Default)]
struct Shared {
    received: Vec<Recorded>,
    replies: VecDeque<Reply>,
}

/// A server that answers each request with the next scripted reply (the
/// last one repeats) and records every request.
#[derive(Debug)]
pub struct ScriptedServer {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    shared: Arc<Mutex<Shared>>,
}

impl ScriptedServer {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start(replies: Vec<Reply>) -> Self {
        let shared = Arc::new(Mutex::new(Shared {
            received: Vec::new(),
            replies: replies.into(),
        }));
        let app = Router::new().fallback(answer).with_state(shared.clone());
        let url = serve(app).await;
        ScriptedServer { url, shared }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().expect("lock").received.clone()
    }
}

async fn answer(
    State(shared): State<Arc<Mutex<Shared>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let reply = {
        let mut s = shared.lock().expect("lock");
        s.received.push(Recorded {
            method,
            uri: uri.to_string(),
            headers,
            body,
        });
        if s.replies.len() > 1 {
            s.replies.pop_front()
        } else {
            s.replies.front().cloned()
        }
    };
    let Some(reply) = reply else {
        return StatusCode::NOT_IMPLEMENTED.into_response();
    };
    if let Some(d) = reply.delay {
        tokio::time::sleep(d).await;
    }
    reply.into_response()
}

/// The HTTP response a reply describes.
impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = Response::builder().status(self.status);
        for (k, v) in &self.headers {
            response = response.header(k, v);
        }
        response
            .body(axum::body::Body::from(self.body))
            .expect("a valid scripted response")
    }
}

/// Two retries with millisecond waits: an idempotent call makes up to
/// three attempts without slowing a test down.
pub fn fast_retries() -> oneinbox::RetryPolicy {
    oneinbox::RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        max_retry_after: Duration::from_millis(2),
    }
}

/// Serves `app` on a free port of 127.0.0.1 and returns its base URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    format!("http://{addr}")
}

/// A client for `url` with a test key and no retries.
pub fn client(url: &str) -> oneinbox::Client {
    oneinbox::Client::builder()
        .base_url(url)
        .api_key("oi_sk_test")
        .max_retries(0)
        .build()
        .expect("client")
}
