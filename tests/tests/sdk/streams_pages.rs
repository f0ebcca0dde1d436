//! Owns auto-pagination (`items()` of every pagination shape of the streams
//! fixture, the loop guard, `max_pages`/`limit`, errors and the origin check
//! of `Link`) and idempotency keys (one generated key per call, sent on every
//! retry, replaced by the caller's), against servers on 127.0.0.1.

use std::any::type_name;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::header::HOST;
use axum::http::{HeaderMap, Uri};
use axum::response::IntoResponse;
use fixture_streams::types::Item;
use fixture_streams::{Client, Error, ErrorBody, Items};
use futures_util::StreamExt;
use sdk_tests::{Recorded, Reply, ScriptedServer, fast_retries, serve};
use serde_json::{Value, json};

/// Only a safety net: every stream here ends in milliseconds.
const SAFETY: Duration = Duration::from_secs(5);

/// Two fast retries: an idempotent call makes up to three attempts.
fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .retry_policy(fast_retries())
        .build()
        .expect("client")
}

type Respond = dyn Fn(&str, &str) -> Reply + Send + Sync;

/// A server whose answer depends on the request: `respond` gets the origin
/// the client addressed (`http://127.0.0.1:PORT`) and the query string.
/// Every path and query received is recorded.
struct Pages {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Pages {
    async fn start(respond: impl Fn(&str, &str) -> Reply + Send + Sync + 'static) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let respond: Arc<Respond> = Arc::new(respond);
        let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
            let (log, respond) = (Arc::clone(&log), Arc::clone(&respond));
            async move {
                log.lock().expect("lock").push(uri.to_string());
                let host = headers.get(HOST).and_then(|h| h.to_str().ok());
                let origin = format!("http://{}", host.unwrap_or("no-host"));
                respond(&origin, uri.query().unwrap_or("")).into_response()
            }
        });
        Pages {
            url: serve(app).await,
            seen,
        }
    }

    /// Path and query of every request, in order.
    fn uris(&self) -> Vec<String> {
        self.seen.lock().expect("lock").clone()
    }

    /// The query string of every request, in order (`""` for none).
    fn queries(&self) -> Vec<String> {
        let uris = self.uris();
        let query = |u: &String| u.split_once('?').map_or("", |(_, q)| q).to_owned();
        uris.iter().map(query).collect()
    }
}

/// Answers each known query string with its JSON page (status 200); any
/// other query gets a 418 naming it, so a wrong request fails the stream.
fn by_query(pages: Vec<(&'static str, Value)>) -> impl Fn(&str, &str) -> Reply {
    move |_, query| match pages.iter().find(|(q, _)| *q == query) {
        Some((_, body)) => Reply::json(200, body.clone()),
        None => unexpected(query),
    }
}

/// The answer to a query no page expects: an error the stream reports.
fn unexpected(query: &str) -> Reply {
    Reply::json(418, json!({ "unexpected query": query }))
}

/// Items with these ids, as a page holds them.
fn list(ids: &[&str]) -> Value {
    ids.iter().map(|id| json!({ "id": id })).collect()
}

/// A `{data, next_cursor}` page.
fn cursor(ids: &[&str], next: Option<&str>) -> Value {
    json!({"data": list(ids), "next_cursor": next})
}

/// A `{data, has_more}` page.
fn after(ids: &[&str], more: bool) -> Value {
    json!({"data": list(ids), "has_more": more})
}

/// A `{results}` page (numbered and offset).
fn results(ids: &[&str]) -> Value {
    json!({"results": list(ids)})
}

/// A Dropshot `{items, next_page}` page.
fn dropshot(ids: &[&str], next: Option<&str>) -> Value {
    json!({"items": list(ids), "next_page": next})
}

/// A Fern `{results, meta: {next}}` page; `meta` is empty on the last.
fn fern(ids: &[&str], next: Option<&str>) -> Value {
    let meta = next.map_or(json!({}), |next| json!({ "next": next }));
    json!({"results": list(ids), "meta": meta})
}

/// A settings-named `{entries, continue_from}` page; the last has no
/// `continue_from`.
fn named(ids: &[&str], next: Option<&str>) -> Value {
    let mut page = json!({ "entries": list(ids) });
    if let Some(next) = next {
        page["continue_from"] = json!(next);
    }
    page
}

/// Every outcome of the stream up to its end.
async fn drain(items: Items<Item, ErrorBody>) -> Vec<Result<String, Error>> {
    let all = items.map(|r| r.map(|item| item.id)).collect();
    tokio::time::timeout(SAFETY, all)
        .await
        .expect("the stream ends")
}

/// The ids of every item; any error fails the test.
async fn ids(items: Items<Item, ErrorBody>) -> Vec<String> {
    let all = drain(items).await.into_iter();
    all.map(|r| r.expect("no error")).collect()
}

const SIX: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

/// A `next_cursor` server with pages [a b] → c2 → [c d] → c3 → [e f] → null.
fn cursor_pages() -> impl Fn(&str, &str) -> Reply {
    by_query(vec![
        ("", cursor(&["a", "b"], Some("c2"))),
        ("cursor=c2", cursor(&["c", "d"], Some("c3"))),
        ("cursor=c3", cursor(&["e", "f"], None)),
    ])
}

#[tokio::test]
async fn cursor_pages_follow_next_cursor() {
    let server = Pages::start(by_query(vec![
        ("limit=2", cursor(&["a", "b"], Some("c2"))),
        ("limit=2&cursor=c2", cursor(&["c", "d"], Some("c3"))),
        ("limit=2&cursor=c3", cursor(&["e", "f"], None)),
    ]))
    .await;
    let got = ids(client(&server.url).list_cursor().limit(2).items()).await;
    assert_eq!(got, SIX);
    assert_eq!(
        server.uris(),
        [
            "/cursor-items?limit=2",
            "/cursor-items?limit=2&cursor=c2",
            "/cursor-items?limit=2&cursor=c3"
        ]
    );
}

/// The stream's own `next()` reads it without `futures-util` (called by
/// its path, so `StreamExt::next` cannot stand in for it).
#[tokio::test]
async fn items_read_with_their_own_next_method() {
    let server = Pages::start(cursor_pages()).await;
    let mut items = client(&server.url).list_cursor().items().max_items(5);
    let mut got = Vec::new();
    while let Some(item) = Items::next(&mut items).await {
        got.push(item.expect("no error").id);
    }
    assert_eq!(got, SIX[..5]);
}

#[tokio::test]
async fn has_more_pages_ask_after_the_last_id_until_has_more_is_false() {
    let server = Pages::start(by_query(vec![
        ("limit=2", after(&["a", "b"], true)),
        ("limit=2&after=b", after(&["c", "d"], true)),
        ("limit=2&after=d", after(&["e", "f"], false)),
    ]))
    .await;
    let got = ids(client(&server.url).list_after().limit(2).items()).await;
    assert_eq!(got, SIX);
    assert_eq!(
        server.queries(),
        ["limit=2", "limit=2&after=b", "limit=2&after=d"]
    );
}

#[tokio::test]
async fn numbered_pages_count_from_one_until_an_empty_page() {
    let server = Pages::start(by_query(vec![
        ("page_size=2", results(&["a", "b"])),
        ("page_size=2&page=2", results(&["c", "d"])),
        ("page_size=2&page=3", results(&["e", "f"])),
        ("page_size=2&page=4", results(&[])),
    ]))
    .await;
    let got = ids(client(&server.url).list_numbered().page_size(2).items()).await;
    assert_eq!(got, SIX);
    assert_eq!(
        server.queries(),
        [
            "page_size=2",
            "page_size=2&page=2",
            "page_size=2&page=3",
            "page_size=2&page=4"
        ]
    );
}

#[tokio::test]
async fn numbered_pages_count_on_from_the_page_the_request_names() {
    let server = Pages::start(by_query(vec![
        ("page=5", results(&["a", "b"])),
        ("page=6", results(&["c", "d"])),
        ("page=7", results(&["e", "f"])),
        ("page=8", results(&[])),
    ]))
    .await;
    let got = ids(client(&server.url).list_numbered().page(5).items()).await;
    assert_eq!(got, SIX);
    assert_eq!(server.queries(), ["page=5", "page=6", "page=7", "page=8"]);
}

#[tokio::test]
async fn offset_pages_advance_by_the_items_received() {
    let server = Pages::start(by_query(vec![
        ("limit=2", results(&["a", "b"])),
        ("limit=2&offset=2", results(&["c", "d"])),
        ("limit=2&offset=4", results(&["e", "f"])),
        ("limit=2&offset=6", results(&[])),
    ]))
    .await;
    let got = ids(client(&server.url).list_offset().limit(2).items()).await;
    assert_eq!(got, SIX);
    assert_eq!(
        server.queries(),
        [
            "limit=2",
            "limit=2&offset=2",
            "limit=2&offset=4",
            "limit=2&offset=6"
        ]
    );
}

/// An array page with a `Link` header.
fn linked(ids: &[&str], link: &str) -> Reply {
    Reply::json(200, list(ids)).header("link", link)
}

#[tokio::test]
async fn link_pages_follow_rel_next_absolute_or_relative() {
    let server = Pages::start(|origin: &str, query: &str| {
        // Page 1 links absolutely, beside another relation; page 2 relatively.
        let at = |page: u8| format!("<{origin}/linked-items?per_page=2&page={page}>");
        let first = format!(r#"{}; rel="last", {}; rel="next""#, at(9), at(2));
        let second = r#"</linked-items?per_page=2&page=3>; rel="next""#;
        let third = r#"</linked-items?per_page=2&page=2>; rel="prev""#;
        match query {
            "per_page=2" => linked(&["a", "b"], &first),
            "per_page=2&page=2" => linked(&["c", "d"], second),
            "per_page=2&page=3" => linked(&["e", "f"], third),
            _ => unexpected(query),
        }
    })
    .await;
    let got = ids(client(&server.url).list_linked().per_page(2).items()).await;
    assert_eq!(got, SIX);
    assert_eq!(
        server.uris(),
        [
            "/linked-items?per_page=2",
            "/linked-items?per_page=2&page=2",
            "/linked-items?per_page=2&page=3"
        ]
    );
}

#[tokio::test]
async fn dropshot_next_pages_keep_only_limit_beside_the_token() {
    let server = Pages::start(by_query(vec![
        ("limit=2&sort_by=name", dropshot(&["a", "b"], Some("t2"))),
        ("limit=2&page_token=t2", dropshot(&["c", "d"], Some("t3"))),
        ("limit=2&page_token=t3", dropshot(&["e", "f"], None)),
    ]))
    .await;
    let request = client(&server.url).list_dropshot().sort_by("name");
    let got = ids(request.limit(Some(2)).items()).await;
    assert_eq!(got, SIX);
    assert_eq!(
        server.queries(),
        [
            "limit=2&sort_by=name",
            "limit=2&page_token=t2",
            "limit=2&page_token=t3"
        ]
    );
}

#[tokio::test]
async fn fern_pages_follow_meta_next_in_starting_token() {
    let server = Pages::start(by_query(vec![
        ("", fern(&["a", "b"], Some("f2"))),
        ("starting_token=f2", fern(&["c", "d"], Some("f3"))),
        ("starting_token=f3", fern(&["e", "f"], None)),
    ]))
    .await;
    let got = ids(client(&server.url).list_fern().items()).await;
    assert_eq!(got, SIX);
    assert_eq!(
        server.uris(),
        [
            "/fern-items",
            "/fern-items?starting_token=f2",
            "/fern-items?starting_token=f3"
        ]
    );
}

#[tokio::test]
async fn speakeasy_pages_follow_pagination_next_in_token() {
    let page =
        |ids: &[&str], next: Option<&str>| json!({"data": list(ids), "pagination": {"next": next}});
    let server = Pages::start(by_query(vec![
        ("", page(&["a", "b"], Some("s2"))),
        ("token=s2", page(&["c", "d"], Some("s3"))),
        ("token=s3", page(&["e", "f"], None)),
    ]))
    .await;
    let got = ids(client(&server.url).list_speakeasy().items()).await;
    assert_eq!(got, SIX);
    assert_eq!(server.queries(), ["", "token=s2", "token=s3"]);
}

#[tokio::test]
async fn django_pages_follow_the_next_url_in_the_body() {
    let server = Pages::start(|origin: &str, query: &str| {
        let page = |ids: &[&str], next: Option<String>| {
            json!({"count": 6, "next": next, "previous": null, "results": list(ids)})
        };
        let next = |n: u8| Some(format!("{origin}/drf-items?page={n}"));
        match query {
            "" => Reply::json(200, page(&["a", "b"], next(2))),
            "page=2" => Reply::json(200, page(&["c", "d"], next(3))),
            "page=3" => Reply::json(200, page(&["e", "f"], None)),
            _ => unexpected(query),
        }
    })
    .await;
    let got = ids(client(&server.url).list_drf().items()).await;
    assert_eq!(got, SIX);
    assert_eq!(
        server.uris(),
        ["/drf-items", "/drf-items?page=2", "/drf-items?page=3"]
    );
}

#[tokio::test]
async fn settings_named_pages_follow_continue_from_in_from() {
    let server = Pages::start(by_query(vec![
        ("", named(&["a", "b"], Some("n2"))),
        ("from=n2", named(&["c", "d"], Some("n3"))),
        ("from=n3", named(&["e", "f"], None)),
    ]))
    .await;
    let got = ids(client(&server.url).list_named().items()).await;
    assert_eq!(got, SIX);
    assert_eq!(server.queries(), ["", "from=n2", "from=n3"]);
}

/// What `.items()` resolves to on a request without an inherent `items`
/// method: a type-level check, at run time, that an operation has none.
#[derive(Debug)]
struct NoItemsMethod;

trait ItemsProbe {
    fn items(self) -> NoItemsMethod;
}

impl<T> ItemsProbe for T {
    fn items(self) -> NoItemsMethod {
        NoItemsMethod
    }
}

fn type_of<T>(_: &T) -> &'static str {
    type_name::<T>()
}

#[test]
fn the_vetoed_operation_has_no_items_method() {
    let api = client("http://127.0.0.1:9");
    let probe = type_name::<NoItemsMethod>();
    assert_eq!(type_of(&api.list_vetoed().items()), probe);
    // The probe does see an inherent `items` where there is one.
    assert_eq!(
        type_of(&api.list_cursor().items()),
        type_name::<Items<Item, ErrorBody>>()
    );
}

#[tokio::test]
async fn a_cursor_repeated_forever_ends_the_stream_after_the_second_page() {
    let server = Pages::start(by_query(vec![
        ("", cursor(&["a", "b"], Some("same"))),
        ("cursor=same", cursor(&["c", "d"], Some("same"))),
    ]))
    .await;
    let got = ids(client(&server.url).list_cursor().items()).await;
    assert_eq!(got, ["a", "b", "c", "d"]);
    assert_eq!(server.queries(), ["", "cursor=same"]);
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_despite_a_next_cursor() {
    let server = Pages::start(by_query(vec![
        ("", cursor(&["a", "b"], Some("c2"))),
        ("cursor=c2", cursor(&[], Some("c3"))),
        ("cursor=c3", cursor(&["x"], None)),
    ]))
    .await;
    let got = ids(client(&server.url).list_cursor().items()).await;
    assert_eq!(got, ["a", "b"]);
    assert_eq!(server.queries(), ["", "cursor=c2"]);
}

#[tokio::test]
async fn a_link_to_the_same_url_again_ends_the_stream() {
    let server = Pages::start(|origin: &str, query: &str| {
        let next = format!(r#"<{origin}/linked-items?page=2>; rel="next""#);
        match query {
            "" => linked(&["a", "b"], &next),
            "page=2" => linked(&["c", "d"], &next),
            _ => unexpected(query),
        }
    })
    .await;
    let got = ids(client(&server.url).list_linked().items()).await;
    assert_eq!(got, ["a", "b", "c", "d"]);
    assert_eq!(server.queries(), ["", "page=2"]);
}

#[tokio::test]
async fn max_pages_fetches_exactly_that_many_pages() {
    let server = Pages::start(cursor_pages()).await;
    let got = ids(client(&server.url).list_cursor().items().max_pages(2)).await;
    assert_eq!(got, ["a", "b", "c", "d"]);
    assert_eq!(server.queries(), ["", "cursor=c2"]);
}

/// The request's `limit` is the API's page size, the stream's `max_items`
/// the number of items in all: two names for two things.
#[tokio::test]
async fn the_page_size_and_the_item_count_have_their_own_names() {
    let server = Pages::start(by_query(vec![
        ("limit=2", cursor(&["a", "b"], Some("c2"))),
        ("limit=2&cursor=c2", cursor(&["c", "d"], Some("c3"))),
    ]))
    .await;
    let request = client(&server.url).list_cursor().limit(2);
    let got = ids(request.items().max_items(3)).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(server.queries(), ["limit=2", "limit=2&cursor=c2"]);
}

#[tokio::test]
async fn max_items_stops_at_the_page_holding_the_last_item() {
    let server = Pages::start(cursor_pages()).await;
    let got = ids(client(&server.url).list_cursor().items().max_items(3)).await;
    assert_eq!(got, ["a", "b", "c"]);
    assert_eq!(server.queries(), ["", "cursor=c2"]);

    // The last item wanted ends page 1: page 2 is never asked for.
    let server = Pages::start(cursor_pages()).await;
    let got = ids(client(&server.url).list_cursor().items().max_items(2)).await;
    assert_eq!(got, ["a", "b"]);
    assert_eq!(server.queries(), [""]);
}

/// The stream's next outcome.
async fn next(items: &mut Items<Item, ErrorBody>) -> Option<Result<Item, Error>> {
    let item = tokio::time::timeout(SAFETY, items.next()).await;
    item.expect("an answer in time")
}

#[tokio::test]
async fn an_error_status_on_page_two_is_the_last_item() {
    let server = Pages::start(|_: &str, query: &str| match query {
        "" => Reply::json(200, cursor(&["a", "b"], Some("c2"))),
        _ => Reply::json(404, json!({"detail": "gone"})),
    })
    .await;
    let mut items = client(&server.url).list_cursor().items();
    assert_eq!(next(&mut items).await.expect("1st").expect("a").id, "a");
    assert_eq!(next(&mut items).await.expect("2nd").expect("b").id, "b");
    let err = next(&mut items)
        .await
        .expect("3rd")
        .expect_err("page 2 fails");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    assert!(next(&mut items).await.is_none(), "nothing after the error");
    assert!(next(&mut items).await.is_none(), "and it stays ended");
    assert_eq!(server.queries(), ["", "cursor=c2"]);
}

#[tokio::test]
async fn a_link_to_another_origin_is_an_error_and_is_not_followed() {
    let other = Pages::start(|_: &str, _: &str| Reply::json(200, list(&["x"]))).await;
    let next = format!(r#"<{}/linked-items?page=2>; rel="next""#, other.url);
    let server = Pages::start(move |_: &str, _: &str| linked(&["a", "b"], &next)).await;
    let got = drain(client(&server.url).list_linked().items()).await;
    assert_eq!(got.len(), 3, "two items, then one error: {got:?}");
    assert_eq!(got[0].as_ref().expect("a"), "a");
    assert_eq!(got[1].as_ref().expect("b"), "b");
    match &got[2] {
        Err(Error::InvalidRequest { message }) => {
            assert!(message.contains("leaves the API's origin"), "{message}");
            assert!(message.contains(&other.url), "{message}");
        }
        outcome => panic!("expected InvalidRequest, got {outcome:?}"),
    }
    assert_eq!(server.queries(), [""]);
    assert_eq!(other.uris(), Vec::<String>::new(), "nothing goes elsewhere");
}

// Idempotency keys.

/// 503 twice, then `success`.
async fn flaky(success: Value) -> ScriptedServer {
    ScriptedServer::start(vec![
        Reply::json(503, json!({"detail": "busy"})),
        Reply::json(503, json!({"detail": "busy"})),
        Reply::json(201, success),
    ])
    .await
}

/// The `Idempotency-Key` of each request, which must carry exactly one.
fn keys(requests: &[Recorded]) -> Vec<String> {
    let one = |r: &Recorded| {
        let all: Vec<_> = r.headers.get_all("idempotency-key").iter().collect();
        assert_eq!(all.len(), 1, "one Idempotency-Key header: {all:?}");
        all[0].to_str().expect("text").to_owned()
    };
    requests.iter().map(one).collect()
}

/// A random (version 4, RFC 4122 variant) UUID in lowercase hyphenated form.
fn assert_uuid_v4(key: &str) {
    let uuid = uuid::Uuid::parse_str(key).expect("a UUID");
    assert_eq!(uuid.get_version_num(), 4, "{key}");
    assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122, "{key}");
    assert_eq!(uuid.hyphenated().to_string(), key);
}

/// Three attempts with one generated key, then a second call (answered at
/// once) with another.
fn assert_one_generated_key_per_call(requests: &[Recorded]) {
    assert_eq!(requests.len(), 4, "three attempts, then the second call");
    let keys = keys(requests);
    assert_uuid_v4(&keys[0]);
    assert_eq!(keys[1], keys[0], "the first retry sends the same key");
    assert_eq!(keys[2], keys[0], "the second retry sends the same key");
    assert_uuid_v4(&keys[3]);
    assert_ne!(keys[3], keys[0], "another call, another key");
}

#[tokio::test]
async fn upload_is_retried_with_one_generated_key_per_call() {
    let server = flaky(json!({"size": 3})).await;
    let client = client(&server.url);
    let stored = client.upload(b"abc".to_vec()).await.expect("third attempt");
    assert_eq!(stored.size, 3);
    client.upload(b"abc".to_vec()).await.expect("second call");
    let requests = server.requests();
    assert_one_generated_key_per_call(&requests);
    for r in &requests {
        assert_eq!((r.method.as_str(), r.uri.as_str()), ("POST", "/uploads"));
        assert_eq!(&r.body[..], b"abc", "every attempt sends the body");
    }
}

#[tokio::test]
async fn create_order_is_retried_with_the_settings_key_header() {
    let server = flaky(json!({"id": "o1"})).await;
    let client = client(&server.url);
    let order = Item::new("o1");
    let created = client.create_order(&order).await.expect("third attempt");
    assert_eq!(created.id, "o1");
    client.create_order(&order).await.expect("second call");
    let requests = server.requests();
    assert_one_generated_key_per_call(&requests);
    for r in &requests {
        assert_eq!((r.method.as_str(), r.uri.as_str()), ("POST", "/orders"));
        assert_eq!(r.json(), json!({"id": "o1"}));
    }
}

#[tokio::test]
async fn the_callers_key_is_sent_on_every_attempt_instead() {
    let server = flaky(json!({"size": 3})).await;
    let request = client(&server.url).upload(b"abc".to_vec());
    request.idempotency_key("mine").await.expect("upload");
    assert_eq!(keys(&server.requests()), ["mine", "mine", "mine"]);

    let server = flaky(json!({"id": "o1"})).await;
    let request = client(&server.url).create_order(&Item::new("o1"));
    request
        .header("Idempotency-Key", "mine")
        .await
        .expect("order");
    assert_eq!(keys(&server.requests()), ["mine", "mine", "mine"]);
}
