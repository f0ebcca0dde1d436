//! The client generated from `tests/fixtures/specs/coverage.yaml`, on the
//! wire: parameter encoding and styles, every body encoding, responses by
//! status, enums with catch-alls and tagged unions.

use fixture_coverage::types::{
    CallEnded, DeleteJobResponse, Event, Level, Node, SearchItemsFilter, SortOrder, SubmitFormBody,
    UploadBody, UploadBodyMeta,
};
use fixture_coverage::{Binary, Client, Error, ErrorBody};
use sdk_tests::{Reply, ScriptedServer};
use serde_json::json;

fn client(server: &ScriptedServer) -> Client {
    // The spec's server has a path (`/api`); requests must keep it.
    Client::builder()
        .base_url(format!("{}/api", server.url))
        .api_key("k-123")
        .max_retries(0)
        .build()
        .expect("client")
}

fn receipt() -> serde_json::Value {
    json!({"id": "r1", "created": "2024-02-29", "size": 9007199254740993_i64, "ratio": 0.5,
           "checksum": "aGVsbG8=", "count": 4294967295_u32, "level": -1, "extra": {"kept": true}})
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_whole() {
    let server = ScriptedServer::start(vec![Reply::raw(
        200,
        "application/octet-stream",
        b"\x00\x01".to_vec(),
    )])
    .await;
    let file = client(&server)
        .get_file_version("a b/c?d", 3)
        .await
        .expect("downloads");
    assert_eq!(file.data, vec![0, 1]);
    let r = &server.requests()[0];
    // A space is %20 and a slash inside a value cannot add a path segment.
    assert_eq!(r.uri, "/api/files/a%20b%2Fc%3Fd/versions/3");
    assert_eq!(r.header("x-api-key"), Some("k-123"));
}

#[tokio::test]
async fn query_header_and_cookie_parameters_follow_their_styles() {
    let server = ScriptedServer::start(vec![Reply::json(200, json!([]))]).await;
    client(&server)
        .search_items()
        .tags(vec!["a".into(), "b c".into()])
        .ids(vec![1, 2])
        .words(vec!["x".into(), "y".into()])
        .pipes(vec!["p".into(), "q".into()])
        .filter(SearchItemsFilter::new().color("red").size(3))
        .sort(SortOrder::AB)
        .since("2024-01-02T03:04:05Z".parse().expect("date"))
        .x_trace_id("trace-1")
        .session("s1")
        .client("c")
        .request("r")
        .url("u")
        .body("b")
        .await
        .expect("searches");
    let r = &server.requests()[0];
    assert_eq!(
        r.uri,
        "/api/search?tags=a&tags=b+c&ids=1%2C2&words=x+y&pipes=p%7Cq&filter%5Bcolor%5D=red&filter%5Bsize%5D=3\
         &sort=a+b&since=2024-01-02T03%3A04%3A05Z&client=c&request=r&url=u&body=b"
    );
    assert_eq!(r.header("x-trace-id"), Some("trace-1"));
    assert_eq!(r.header("cookie"), Some("session=s1"));
}

#[tokio::test]
async fn unset_optional_parameters_are_not_sent() {
    let server = ScriptedServer::start(vec![Reply::json(200, json!([]))]).await;
    client(&server).search_items().await.expect("searches");
    let r = &server.requests()[0];
    assert_eq!(r.uri, "/api/search");
    assert_eq!(r.header("x-trace-id"), None);
    assert_eq!(r.header("cookie"), None);
}

#[tokio::test]
async fn recursive_responses_decode() {
    let server = ScriptedServer::start(vec![Reply::json(
        200,
        json!([{"name": "root", "children": [{"name": "leaf", "parent": {"name": "root"}}], "": "empty", "Self": "S", "self": "s"}]),
    )])
    .await;
    let nodes: Vec<Node> = client(&server).search_items().await.expect("decodes");
    let leaf = &nodes[0].children.as_ref().expect("children")[0];
    assert_eq!(leaf.parent.as_ref().map(|p| p.name.as_str()), Some("root"));
    assert_eq!(nodes[0].field.as_deref(), Some("empty"));
    assert_eq!(nodes[0].self_2.as_deref(), Some("S"));
    assert_eq!(nodes[0].self_.as_deref(), Some("s"));
}

#[tokio::test]
async fn form_bodies_repeat_array_keys() {
    let server = ScriptedServer::start(vec![Reply::json(201, receipt())]).await;
    let body = SubmitFormBody::new("+15550100")
        .status_callback_event(vec!["initiated".into(), "ringing".into()])
        .timeout(30);
    client(&server).submit_form(&body).await.expect("submits");
    let r = &server.requests()[0];
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        std::str::from_utf8(&r.body).expect("utf-8"),
        "To=%2B15550100&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&Timeout=30"
    );
}

#[tokio::test]
async fn multipart_bodies_send_files_text_and_json_parts() {
    let server = ScriptedServer::start(vec![Reply::json(200, receipt())]).await;
    let body = UploadBody::new(
        Binary::new(b"RIFF".to_vec())
            .with_filename("a.wav")
            .with_content_type("audio/wav"),
    )
    .description("greeting")
    .meta(UploadBodyMeta::new().k("v"));
    client(&server).upload(&body).await.expect("uploads");
    let r = &server.requests()[0];
    let content_type = r.header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let text = String::from_utf8_lossy(&r.body);
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\ngreeting\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":\"v\"}}\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(text, expected);
}

#[tokio::test]
async fn binary_and_text_bodies_are_sent_as_is() {
    let server = ScriptedServer::start(vec![Reply::raw(204, "text/plain", "")]).await;
    client(&server)
        .put_blob("blob 1", b"\xff\x00".to_vec())
        .await
        .expect("stores");
    let r = &server.requests()[0];
    assert_eq!(r.uri, "/api/blobs/blob%201");
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    assert_eq!(&r.body[..], b"\xff\x00");

    let server = ScriptedServer::start(vec![Reply::raw(200, "text/plain", "echo: hi")]).await;
    let echoed = client(&server).post_note("hi").await.expect("echoes");
    assert_eq!(echoed, "echo: hi");
    let r = &server.requests()[0];
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(&r.body[..], b"hi");
}

#[tokio::test]
async fn responses_decode_by_status_including_default() {
    let id = uuid::Uuid::nil();
    let server = ScriptedServer::start(vec![
        Reply::json(200, receipt()),
        Reply::json(202, json!({"eta_seconds": 5})),
        Reply::raw(204, "application/json", ""),
        Reply::json(418, json!({"title": "teapot", "status": 418})),
    ])
    .await;
    let c = client(&server);
    let DeleteJobResponse::Ok(r) = c.delete_job(id).await.expect("200") else {
        panic!("200 is Ok")
    };
    assert_eq!(
        r.created.map(|d| d.to_string()).as_deref(),
        Some("2024-02-29")
    );
    assert_eq!(r.size, Some(9007199254740993));
    assert_eq!(r.ratio, Some(0.5));
    assert_eq!(
        r.checksum.as_ref().map(|c| c.0.as_slice()),
        Some(&b"hello"[..])
    );
    assert_eq!(r.count, Some(u32::MAX));
    assert_eq!(r.level, Some(Level::Minus1));
    assert_eq!(r.additional_properties["extra"], json!({"kept": true}));
    let DeleteJobResponse::Accepted(p) = c.delete_job(id).await.expect("202") else {
        panic!("202 is Accepted")
    };
    assert_eq!(p.eta_seconds, Some(5));
    assert_eq!(
        c.delete_job(id).await.expect("204"),
        DeleteJobResponse::NoContent
    );
    let err = c.delete_job(id).await.expect_err("418 is an error");
    let Error::Api(api) = err else {
        panic!("an API error")
    };
    assert_eq!(api.status().as_u16(), 418);
    let Some(ErrorBody::Problem(problem)) = api.typed() else {
        panic!("the default response's schema decodes")
    };
    assert_eq!(problem.title, "teapot");
}

#[tokio::test]
async fn unknown_enum_values_and_tags_decode_into_catch_alls() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, json!({"id": "r", "level": 7})),
        Reply::json(
            200,
            json!({"kind": "call.ended", "call_id": "c1", "duration": 1.5}),
        ),
        Reply::json(
            200,
            json!({"kind": "call.transferred", "call_id": "c1", "to": "x"}),
        ),
    ])
    .await;
    let c = client(&server);
    let DeleteJobResponse::Ok(r) = c.delete_job(uuid::Uuid::nil()).await.expect("decodes") else {
        panic!("200")
    };
    assert_eq!(r.level, Some(Level::Unknown(7)));
    let sent = Event::CallEnded(CallEnded::new("call.ended", "c1", 1.5));
    let echoed = c.post_event(&sent).await.expect("decodes");
    assert_eq!(echoed, sent);
    let unknown = c.post_event(&sent).await.expect("decodes");
    let Event::Unknown(raw) = unknown else {
        panic!("an unknown tag is kept whole")
    };
    assert_eq!(raw["to"], "x");
    assert_eq!(SortOrder::from("zz"), SortOrder::Unknown("zz".into()));
    assert_eq!(SortOrder::Plus1.as_str(), "+1");
    assert_eq!(
        serde_json::to_value(SortOrder::Empty).expect("serializes"),
        json!("")
    );
}

#[tokio::test]
async fn a_success_and_a_default_error_both_decode() {
    // 201 is the documented success, `default` the documented error: the
    // success must not fall into the default.
    let server = ScriptedServer::start(vec![
        Reply::json(201, receipt()),
        Reply::json(200, receipt()),
        Reply::json(400, json!({"title": "bad number"})),
    ])
    .await;
    let c = client(&server);
    let body = SubmitFormBody::new("+1");
    assert_eq!(c.submit_form(&body).await.expect("201").id, "r1");
    assert_eq!(
        c.submit_form(&body).await.expect("200 is a success too").id,
        "r1"
    );
    let err = c.submit_form(&body).await.expect_err("400");
    let Some(ErrorBody::Problem(p)) = err.as_api().and_then(|a| a.typed()) else {
        panic!("typed default error: {err:?}")
    };
    assert_eq!(p.title, "bad number");
}
