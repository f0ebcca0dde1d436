//! Which operations get event streams, item streams, byte streams and
//! idempotency keys, decided from the spec and the settings file; what the
//! settings file may say and how its mistakes are reported. (What the
//! streams do on the wire is tested in `tests/tests/streams_*.rs`.)

use codegen::{Settings, SpecSettings, generate_from_path, generate_from_str};

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/specs/streams.yaml"
);
const SETTINGS: &str = include_str!("../../tests/fixtures/specs/streams.codegen.toml");

fn generated(with_settings: bool) -> codegen::Generated {
    let mut settings = Settings::default();
    if with_settings {
        settings.operations = SpecSettings::parse(SETTINGS, "streams.codegen.toml")
            .expect("settings parse")
            .operations;
    }
    match generate_from_path(std::path::Path::new(SPEC), &settings) {
        Ok(g) => g,
        Err(d) => panic!("generation failed:\n{d}"),
    }
}

/// The body of `impl <request> { ... }` blocks that declare `method`, as
/// the request names that have it.
fn requests_with(text: &str, method: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("impl ") {
            current = rest.split_whitespace().next().map(str::to_owned);
        }
        if line.trim_start().starts_with(&format!("pub fn {method}(")) {
            out.extend(current.clone());
        }
    }
    out
}

/// Code without whitespace or trailing commas, so that a comparison does
/// not depend on where the formatter breaks lines.
fn squeezed(code: &str) -> String {
    code.replace(char::is_whitespace, "")
        .replace(",}", "}")
        .replace(",)", ")")
        .replace(",>", ">")
}

#[test]
fn every_recognized_shape_gets_an_item_stream_and_the_veto_holds() {
    let g = generated(true);
    let requests = &g.files["src/requests.rs"];
    assert_eq!(
        requests_with(requests, "items"),
        [
            "ListCursor",
            "ListAfter",
            "ListNumbered",
            "ListOffset",
            "ListLinked",
            "ListDropshot",
            "ListFern",
            "ListSpeakeasy",
            "ListDrf",
            "ListNamed"
        ]
    );
    // Without the settings file the veto and the named rule are gone: the
    // vetoed operation looks paginated, the named one does not.
    let plain = generated(false);
    let items = requests_with(&plain.files["src/requests.rs"], "items");
    assert!(items.contains(&"ListVetoed".to_owned()), "{items:?}");
    assert!(!items.contains(&"ListNamed".to_owned()), "{items:?}");
}

#[test]
fn each_shape_chains_its_pages_as_declared_or_detected() {
    let g = generated(true);
    let requests = squeezed(&g.files["src/requests.rs"]);
    for expected in [
        // cursor fed back
        r#"items:"/data",next:runtime::pages::Next::Token{token:runtime::pages::Token::Body("/next_cursor"),more:None,param:"cursor",keep:None}"#,
        // has_more with the last item's id
        r#"items:"/data",next:runtime::pages::Next::Token{token:runtime::pages::Token::LastItem("/id"),more:Some("/has_more"),param:"after",keep:None}"#,
        r#"items:"/results",next:runtime::pages::Next::Page{param:"page"}"#,
        r#"items:"/results",next:runtime::pages::Next::Offset{param:"offset"}"#,
        r#"items:"",next:runtime::pages::Next::Link"#,
        // Dropshot keeps only `limit` next to a token.
        r#"items:"/items",next:runtime::pages::Next::Token{token:runtime::pages::Token::Body("/next_page"),more:None,param:"page_token",keep:Some(&["limit"])}"#,
        r#"items:"/results",next:runtime::pages::Next::Token{token:runtime::pages::Token::Body("/meta/next"),more:None,param:"starting_token",keep:None}"#,
        r#"items:"/data",next:runtime::pages::Next::Token{token:runtime::pages::Token::Body("/pagination/next"),more:None,param:"token",keep:None}"#,
        // Django REST framework: the next page's URL.
        r#"items:"/results",next:runtime::pages::Next::Url("/next")"#,
        r#"items:"/entries",next:runtime::pages::Next::Token{token:runtime::pages::Token::Body("/continue_from"),more:None,param:"from",keep:None}"#,
    ] {
        assert!(requests.contains(expected), "missing {expected}");
    }
}

#[test]
fn event_streams_are_typed_as_the_spec_says() {
    let g = generated(true);
    let client = squeezed(&g.files["src/client.rs"]);
    for expected in [
        "Result<crate::EventStream<crate::types::ChatChunk,crate::ErrorBody>,Error>",
        "Result<crate::EventStream<crate::types::RunEventsResponseEvent,crate::ErrorBody>,Error>",
        "Result<crate::EventStream<crate::Event,crate::ErrorBody>,Error>",
        // JSON or events: a method for each.
        "fndecode_complete(response:RawResponse)->Result<crate::types::ChatChunk,Error>",
        "fndecode_complete_stream(response:RawResponse)->Result<crate::EventStream<crate::types::ChatChunk,crate::ErrorBody>,Error>",
    ] {
        assert!(client.contains(expected), "missing {expected}");
    }
    let types = &g.files["src/types.rs"];
    assert!(types.contains("Progress(Progress),"), "{types}");
    assert!(types.contains("Log(String),"), "{types}");
    assert!(types.contains(r#""progress" => runtime::sse::json(event).map(Self::Progress),"#));
    let lib = &g.files["src/lib.rs"];
    let start = lib
        .find("pub use runtime::{")
        .expect("the runtime re-exports");
    let exports = &lib[start..start + lib[start..].find("};").expect("closed")];
    for name in ["ByteStream", "Upload", "Event", "EventStream", "Items"] {
        assert!(
            exports.split([' ', ',', '{', '\n']).any(|w| w == name),
            "{name} is not re-exported: {exports}"
        );
    }
}

#[test]
fn idempotency_keys_go_where_declared_or_named() {
    let g = generated(true);
    let client = &g.files["src/client.rs"];
    // Declared on `upload`; every POST by the settings file (streamChat,
    // complete and its stream companion, upload, createOrder).
    assert_eq!(
        client
            .matches(r#"call.idempotency_key("Idempotency-Key");"#)
            .count(),
        5
    );
    let plain = generated(false);
    let client = &plain.files["src/client.rs"];
    assert_eq!(client.matches("call.idempotency_key(").count(), 1);
    assert!(
        client.contains("RetrySafety::NotIdempotent"),
        "createOrder without a key"
    );
}

#[test]
fn a_wrong_pagination_setting_is_an_error_at_the_operation() {
    let text = "[operations.listNamed]\npagination = { items = \"/entries\", cursor = \"continue_from\", param = \"from\" }\n";
    let settings = Settings {
        operations: SpecSettings::parse(text, "codegen.toml")
            .expect("parses")
            .operations,
        ..Settings::default()
    };
    let err = generate_from_path(std::path::Path::new(SPEC), &settings).expect_err("bad pointer");
    let shown = err.to_string();
    assert!(
        shown.contains("#/paths/~1named-items/get")
            && shown.contains("`continue_from` is not a JSON pointer"),
        "{shown}"
    );
    let typo = SpecSettings::parse("[operations.x]\npagnation = false\n", "codegen.toml");
    assert!(
        typo.expect_err("unknown key")
            .to_string()
            .contains("codegen.toml")
    );
}

#[test]
fn items_that_are_not_an_array_leave_the_operation_without_a_stream() {
    let spec = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      x-dropshot-pagination: {required: []}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {things: {type: array, items: {type: string}}}}}}}
"#;
    let g = generate_from_str(spec, "t.yaml", &Settings::default()).expect("generates");
    assert!(!g.files["src/requests.rs"].contains("pub fn items("));
    let warning = g.warnings.warnings().next().expect("a warning").to_string();
    assert!(
        warning.contains("`/items`, which is not an array"),
        "{warning}"
    );
}

#[test]
fn a_stream_without_event_names_reads_raw_events() {
    let spec = r#"
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /feed:
    get:
      operationId: feed
      responses:
        '200':
          description: ok
          content:
            text/event-stream:
              itemSchema:
                oneOf:
                  - {type: object, properties: {data: {type: string}}}
                  - {type: object, properties: {event: {type: string}, data: {type: string}}}
"#;
    let g = generate_from_str(spec, "t.yaml", &Settings::default()).expect("generates");
    let client = squeezed(&g.files["src/client.rs"]);
    // No documented error body: the stream takes the runtime's default.
    assert!(
        client.contains("crate::EventStream<crate::Event>"),
        "{client}"
    );
}
