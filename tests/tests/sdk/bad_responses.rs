//! The SDK facing responses that are not what the spec promised: malformed
//! or truncated JSON, wrong types, an HTML page, a body cut off mid-way, a
//! huge body. Each is a typed error with the status and an excerpt of what
//! arrived; none panics.

use oneinbox::types::PhoneNumberUpdate;
use oneinbox::{Client, Error};
use sdk_tests::{Reply, ScriptedServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn phone() -> uuid::Uuid {
    uuid::Uuid::nil()
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("k")
        .max_retries(0)
        .build()
        .expect("client")
}

async fn call(client: &Client) -> Result<oneinbox::types::PhoneNumberResponse, Error> {
    client
        .phone_numbers()
        .update(phone(), &PhoneNumberUpdate::default())
        .await
}

fn decode_error(err: Error) -> Box<oneinbox::DecodeError> {
    match err {
        Error::Decode(d) => d,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_and_truncated_json_are_decode_errors_with_the_body() {
    for (body, message) in [
        ("{\"id\": \"n1\", \"phone_number\": ", "EOF while parsing"),
        ("{\"id\": \"n1\",,}", "key must be a string"),
        ("", "EOF while parsing"),
        ("[1, 2, 3]", "invalid type: sequence"),
        ("{} trailing", "missing field `id`"),
    ] {
        let server = ScriptedServer::start(vec![Reply::raw(200, "application/json", body)]).await;
        let err = call(&client(&server.url))
            .await
            .expect_err("not a valid body");
        let shown = err.to_string();
        let d = decode_error(err);
        assert_eq!(d.status().as_u16(), 200);
        assert_eq!(d.body(), body.as_bytes());
        assert!(d.message().contains(message), "{body:?}: {}", d.message());
        assert!(
            shown.contains("200 OK") && shown.contains(body.trim()),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn text_after_a_valid_document_is_a_decode_error() {
    let body = r#"{"id": "n1", "phone_number": "+1", "friendly_name": null, "provider": "p", "agent_id": "a",
        "status": "s", "inbound_trunk_id": null, "outbound_trunk_id": null, "dispatch_rule_id": null,
        "created_at": "2023-11-07T05:31:56Z", "updated_at": "2023-11-07T05:31:56Z"} {"second": 1}"#;
    let server = ScriptedServer::start(vec![Reply::raw(200, "application/json", body)]).await;
    let d = decode_error(call(&client(&server.url)).await.expect_err("two documents"));
    assert!(
        d.message().contains("trailing characters"),
        "{}",
        d.message()
    );
}

#[tokio::test]
async fn an_html_page_with_status_200_is_a_decode_error_with_an_excerpt() {
    let page = format!(
        "<!doctype html><html><body>{}</body></html>",
        "maintenance ".repeat(100)
    );
    let server = ScriptedServer::start(vec![Reply::raw(200, "text/html", page.clone())]).await;
    let err = call(&client(&server.url)).await.expect_err("HTML");
    let shown = err.to_string();
    let d = decode_error(err);
    assert_eq!(d.content_type(), Some("text/html"));
    assert_eq!(d.body(), page.as_bytes());
    // The message shows the start of the page, not all of it.
    assert!(
        shown.contains("<!doctype html><html><body>maintenance"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("… ({} bytes)", page.len())),
        "{shown}"
    );
    assert!(shown.len() < 600, "{} characters", shown.len());
}

#[tokio::test]
async fn a_body_cut_off_mid_way_keeps_the_status_and_what_arrived() {
    // A server that promises 500 bytes, sends a few and hangs up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = vec![0u8; 4096];
        let _ = socket.read(&mut request).await;
        let _ = socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"id\": \"n1\", \"phone_nu")
            .await;
        let _ = socket.shutdown().await;
    });
    let err = call(&client(&url)).await.expect_err("cut short");
    let d = decode_error(err);
    let sent = b"{\"id\": \"n1\", \"phone_nu";
    assert_eq!(d.status().as_u16(), 200);
    assert_eq!(d.body(), sent);
    let expected = format!("the body was cut short after {} bytes", sent.len());
    assert!(d.message().starts_with(&expected), "{}", d.message());
}

#[tokio::test]
async fn a_huge_body_stops_at_the_limit() {
    let huge = vec![b'x'; 3 * 1024 * 1024];
    let server = ScriptedServer::start(vec![Reply::raw(200, "application/json", huge)]).await;
    let client = Client::builder()
        .base_url(&server.url)
        .api_key("oi_sk_test")
        .max_retries(0)
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client");
    let err = call(&client).await.expect_err("too large");
    let d = decode_error(err);
    assert_eq!(d.status().as_u16(), 200);
    assert!(
        d.message().contains("1048576-byte limit"),
        "{}",
        d.message()
    );
    // Only an excerpt is kept.
    assert!(d.body().len() <= 1024, "{} bytes kept", d.body().len());
}

#[tokio::test]
async fn a_huge_error_page_is_an_api_error_with_a_short_message() {
    let page = "<p>".repeat(500_000);
    let server = ScriptedServer::start(vec![Reply::raw(502, "text/html", page.clone())]).await;
    let err = call(&client(&server.url)).await.expect_err("502");
    let shown = err.to_string();
    let api = err.as_api().expect("api error");
    assert_eq!(api.status().as_u16(), 502);
    assert_eq!(api.body().len(), page.len());
    assert!(shown.len() < 600, "{} characters", shown.len());
}
