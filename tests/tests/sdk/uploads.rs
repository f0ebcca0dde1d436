//! Uploads that need not fit in memory: files (raw bodies and multipart
//! parts) read as they are sent and again on each retry, streams sent once
//! and never retried; and the caller's own `reqwest::Client`.

use std::path::PathBuf;

use fixture_coverage::types::UploadBody;
use fixture_streams::Upload;
use sdk_tests::{Reply, ScriptedServer, fast_retries};
use serde_json::json;

/// A file under the system's temporary directory, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("sdk-tests-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).expect("writes the file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// 300 KiB that are not the same in any two places.
fn pattern() -> Vec<u8> {
    (0..300 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

fn streams_client(url: &str) -> fixture_streams::Client {
    fixture_streams::Client::builder()
        .base_url(url)
        .retry_policy(fast_retries())
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_file_body_is_read_whole_on_every_attempt() {
    let bytes = pattern();
    let file = TempFile::new("retried.bin", &bytes);
    let server = ScriptedServer::start(vec![
        Reply::json(503, json!({})),
        Reply::json(201, json!({"size": 1})),
    ])
    .await;
    let stored = streams_client(&server.url)
        .upload(Upload::file(&file.0))
        .await
        .expect("stored on the second attempt");
    assert_eq!(stored.size, 1);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let length = bytes.len().to_string();
    for r in &requests {
        assert_eq!(r.body.len(), bytes.len());
        assert!(r.body[..] == bytes[..], "the file's bytes");
        assert_eq!(r.header("content-length"), Some(length.as_str()));
        assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    }
}

#[tokio::test]
async fn a_streamed_body_is_sent_once_and_not_retried() {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(b"first ".to_vec()), Ok(b"second".to_vec())];
    let stream = futures_util::stream::iter(chunks);
    let server = ScriptedServer::start(vec![
        Reply::json(503, json!({})),
        Reply::json(201, json!({"size": 1})),
    ])
    .await;
    let err = streams_client(&server.url)
        .upload(Upload::stream(stream, None))
        .await
        .expect_err("the 503 is final");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "a stream cannot be sent twice");
    assert_eq!(&requests[0].body[..], b"first second");
}

#[tokio::test]
async fn a_file_that_cannot_be_read_fails_before_anything_is_sent() {
    let server = ScriptedServer::start(vec![Reply::json(201, json!({"size": 1}))]).await;
    let missing = std::env::temp_dir().join("sdk-tests-no-such-file.bin");
    let err = streams_client(&server.url)
        .upload(Upload::file(&missing))
        .await
        .expect_err("no file");
    let shown = err.to_string();
    assert!(
        shown.starts_with("invalid request: the file `")
            && shown.contains("sdk-tests-no-such-file.bin` could not be read"),
        "{shown}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_multipart_file_part_reads_its_file_as_it_is_sent() {
    let file = TempFile::new("greeting.wav", b"RIFF....WAVE");
    let server = ScriptedServer::start(vec![Reply::json(
        200,
        json!({"id": "r1", "status": "queued", "total": 1}),
    )])
    .await;
    let client = fixture_coverage::Client::builder()
        .base_url(format!("{}/api", server.url))
        .api_key("k")
        .max_retries(0)
        .build()
        .expect("client");
    let part = fixture_coverage::Binary::file(&file.0).with_content_type("audio/wav");
    let _ = client.upload(&UploadBody::new(part)).await;
    let r = &server.requests()[0];
    let content_type = r.header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let name = file.0.file_name().expect("name").to_string_lossy();
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: audio/wav\r\n\r\nRIFF....WAVE\r\n--{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&r.body), expected);
}

#[tokio::test]
async fn the_callers_own_reqwest_client_sends_the_requests() {
    let server = ScriptedServer::start(vec![Reply::json(201, json!({"size": 3}))]).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-my-client", "yes".parse().expect("value"));
    let mine = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("reqwest client");
    let client = fixture_streams::Client::builder()
        .base_url(&server.url)
        .http_client(mine)
        .build()
        .expect("client");
    client.upload(b"abc".to_vec()).await.expect("stored");
    let r = &server.requests()[0];
    assert_eq!(r.header("x-from-my-client"), Some("yes"));
    assert_eq!(&r.body[..], b"abc");
}
