//! What the credential tests share: a loopback HTTP/1.1 server written by
//! hand (it records every request and answers what a handler says), a test
//! client with one security scheme of each kind, and sending a call.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use oneinbox_codegen_runtime::auth::{Scheme, SchemeKind};
use oneinbox_codegen_runtime::call::{Call, RetrySafety};
use oneinbox_codegen_runtime::client::{ApiConfig, FromCore};
use oneinbox_codegen_runtime::reqwest::Method;
use oneinbox_codegen_runtime::transport::RawResponse;
use oneinbox_codegen_runtime::{Core, Error, RequestOptions, Untyped};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const BEARER: usize = 0;
pub const BASIC: usize = 1;
pub const HEADER: usize = 2;
pub const QUERY: usize = 3;
pub const COOKIE: usize = 4;
/// OAuth2 with a client credentials flow whose token URL is relative.
pub const OAUTH: usize = 5;
/// OAuth2 without a client credentials flow.
pub const OAUTH_NO_FLOW: usize = 6;
pub const BAD_HEADER: usize = 7;

pub static SCHEMES: &[Scheme] = &[
    Scheme {
        name: "bearerAuth",
        kind: SchemeKind::Bearer,
    },
    Scheme {
        name: "basicAuth",
        kind: SchemeKind::Basic,
    },
    Scheme {
        name: "apiKey",
        kind: SchemeKind::Header("X-Api-Key"),
    },
    Scheme {
        name: "queryKey",
        kind: SchemeKind::Query("api_key"),
    },
    Scheme {
        name: "session",
        kind: SchemeKind::Cookie("session"),
    },
    Scheme {
        name: "oauth",
        kind: SchemeKind::OAuth2 {
            token_url: Some("/oauth/token"),
            scopes: &["pets.read", "pets.write"],
        },
    },
    Scheme {
        name: "openId",
        kind: SchemeKind::OAuth2 {
            token_url: None,
            scopes: &[],
        },
    },
    Scheme {
        name: "badHeader",
        kind: SchemeKind::Header("X Api Key"),
    },
];

/// A generated crate's client, as small as it gets.
#[derive(Debug)]
pub struct TestClient(pub Core);

impl FromCore for TestClient {
    type ErrorBody = Untyped;
    const API: &'static ApiConfig = &ApiConfig {
        default_base_url: None,
        api_key_env: None,
        schemes: SCHEMES,
        default_scheme: Some(BEARER),
        user_agent: "auth-tests/0",
    };

    fn from_core(core: Core) -> Self {
        TestClient(core)
    }
}

/// The same API with a Basic default scheme.
#[derive(Debug)]
pub struct BasicClient(pub Core);

impl FromCore for BasicClient {
    type ErrorBody = Untyped;
    const API: &'static ApiConfig = &ApiConfig {
        default_base_url: None,
        api_key_env: None,
        schemes: SCHEMES,
        default_scheme: Some(BASIC),
        user_agent: "auth-tests/0",
    };

    fn from_core(core: Core) -> Self {
        BasicClient(core)
    }
}

/// An API that declares no scheme `api_key` could fill.
#[derive(Debug)]
pub struct KeylessClient(pub Core);

impl FromCore for KeylessClient {
    type ErrorBody = Untyped;
    const API: &'static ApiConfig = &ApiConfig {
        default_base_url: None,
        api_key_env: None,
        schemes: SCHEMES,
        default_scheme: None,
        user_agent: "auth-tests/0",
    };

    fn from_core(core: Core) -> Self {
        KeylessClient(core)
    }
}

/// A call of `GET path` with these requirements, ready to send.
pub fn call(core: &Core, path: &str, security: &'static [&'static [usize]]) -> Call {
    let mut call = Call::new(core, Method::GET, RetrySafety::Idempotent, security);
    call.path(path);
    call
}

/// Sends `GET path` with these requirements.
pub async fn get(
    core: &Core,
    path: &str,
    security: &'static [&'static [usize]],
) -> Result<RawResponse, Error> {
    let call = call(core, path, security);
    oneinbox_codegen_runtime::handle::send(call, (), |_, _| {}, RequestOptions::default()).await
}

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// Every value of the header `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.all(name).first().copied()
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: String,
    /// How long the server waits before answering.
    pub delay: Duration,
}

impl Response {
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Response {
            status,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn ok() -> Self {
        Response::json(200, "{}")
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// A server on 127.0.0.1 that records the requests it reads.
#[derive(Clone)]
pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    pub async fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = Arc::clone(&requests);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&log);
                tokio::spawn(async move {
                    let _ = answer(stream, &*handler, &log).await;
                });
            }
        });
        Server { url, requests }
    }

    /// Every request read so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("log").clone()
    }

    /// The requests read so far for `path`.
    pub fn hits(&self, path: &str) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|r| r.path() == path)
            .collect()
    }
}

/// Reads one request, logs it, answers it and closes the connection.
async fn answer(
    mut stream: TcpStream,
    handler: &Handler,
    log: &Mutex<Vec<Request>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut start = lines.next().unwrap_or("").split(' ');
    let method = start.next().unwrap_or("").to_owned();
    let target = start.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let request = Request {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    log.lock().expect("log").push(request.clone());
    let response = handler(&request);
    if !response.delay.is_zero() {
        tokio::time::sleep(response.delay).await;
    }
    let text = format!(
        "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
        response.status,
        response.body.len(),
        response.body
    );
    stream.write_all(text.as_bytes()).await?;
    stream.shutdown().await
}
