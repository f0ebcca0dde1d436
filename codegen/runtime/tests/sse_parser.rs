//! The server-sent-events parser against the WHATWG HTML standard's
//! event-stream rules (§9.2.6): fields, dispatch, ids, retry, comments,
//! line endings, the byte-order mark and invalid UTF-8, each checked on
//! exact events.

// The parser is part of the `client` feature.
#![cfg(feature = "client")]

use std::time::Duration;

use oneinbox_codegen_runtime::sse::{Event, Parser};

/// Every event the parser dispatches while fed `chunks` in order.
fn parse(chunks: &[&[u8]]) -> Vec<Event> {
    let mut parser = Parser::new();
    let mut events = Vec::new();
    for chunk in chunks {
        parser.feed(chunk);
        while let Some(event) = parser.next_event() {
            events.push(event);
        }
    }
    events
}

fn parse_one(text: &[u8]) -> Vec<Event> {
    parse(&[text])
}

/// An event of type `event` with `data`, no id and no retry.
fn ev(event: &str, data: &str) -> Event {
    Event {
        event: event.to_owned(),
        data: data.to_owned(),
        id: None,
        retry: None,
    }
}

fn with_id(mut event: Event, id: &str) -> Event {
    event.id = Some(id.to_owned());
    event
}

fn message(data: &str) -> Event {
    ev("message", data)
}

#[test]
fn data_lines_are_joined_with_a_newline() {
    let events = parse_one(b"data: one\ndata: two\ndata\ndata: three\n\n");
    assert_eq!(events, [message("one\ntwo\n\nthree")]);
}

#[test]
fn the_event_field_names_the_event_and_the_last_one_wins() {
    let events = parse_one(b"event: first\nevent: update\ndata: x\n\ndata: y\n\n");
    assert_eq!(events, [ev("update", "x"), message("y")]);
}

#[test]
fn an_id_carries_over_to_later_events_until_an_empty_id_resets_it() {
    let mut parser = Parser::new();
    parser.feed(b"id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 8\ndata: d\n\nid:\ndata: e\n\n");
    let mut events = Vec::new();
    while let Some(event) = parser.next_event() {
        events.push(event);
    }
    assert_eq!(
        events,
        [
            with_id(message("a"), "7"),
            with_id(message("b"), "7"),
            message("c"),
            with_id(message("d"), "8"),
            message("e"),
        ]
    );
    assert_eq!(parser.last_event_id(), None);
}

#[test]
fn an_id_set_by_an_event_without_data_still_counts() {
    let events = parse_one(b"id: 3\n\ndata: a\n\n");
    assert_eq!(events, [with_id(message("a"), "3")]);
}

#[test]
fn an_id_containing_nul_is_ignored() {
    let events = parse_one(b"id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n");
    assert_eq!(
        events,
        [with_id(message("a"), "1"), with_id(message("b"), "1")]
    );
}

#[test]
fn retry_takes_ascii_digits_only() {
    let events = parse_one(
        b"retry: 1500\ndata: a\n\nretry: 15x\ndata: b\n\nretry: -5\ndata: c\n\n\
          retry:\ndata: d\n\nretry:  20\ndata: e\n\nretry: 0\ndata: f\n\n",
    );
    let retries: Vec<Option<Duration>> = events.iter().map(|e| e.retry).collect();
    assert_eq!(
        retries,
        [
            Some(Duration::from_millis(1500)),
            None,
            None,
            None,
            None,
            Some(Duration::ZERO),
        ]
    );
    let data: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
    assert_eq!(data, ["a", "b", "c", "d", "e", "f"]);
}

#[test]
fn comments_are_ignored() {
    let events = parse_one(b":\n: keep-alive\ndata: a\n:data: b\n\n: only a comment\n\n");
    assert_eq!(events, [message("a")]);
}

#[test]
fn a_field_without_a_colon_has_an_empty_value() {
    let events = parse_one(b"data\n\nevent\ndata: x\n\n");
    assert_eq!(events, [message(""), message("x")]);
}

#[test]
fn only_one_space_after_the_colon_is_stripped() {
    let events = parse_one(b"data:none\n\ndata: one\n\ndata:  two\n\ndata:\tTab\n\ndata:\n\n");
    let data: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
    assert_eq!(data, ["none", "one", " two", "\tTab", ""]);
}

#[test]
fn colons_after_the_first_belong_to_the_value() {
    let events = parse_one(b"data: a: b:c\n\n");
    assert_eq!(events, [message("a: b:c")]);
}

#[test]
fn unknown_fields_are_ignored() {
    let events = parse_one(b"foo: bar\nDATA: shout\nData: mixed\n data: lead\ndata: a\nx\n\n");
    assert_eq!(events, [message("a")]);
}

#[test]
fn an_event_without_data_is_not_dispatched_and_its_name_does_not_leak() {
    let events = parse_one(
        b"event: ping\n\ndata: a\n\nevent: ping\nretry: x\n\nevent: update\n\ndata: b\n\n",
    );
    assert_eq!(events, [message("a"), message("b")]);
}

#[test]
fn data_without_a_closing_blank_line_is_not_dispatched() {
    let events = parse_one(b"data: a\n\ndata: b\n");
    assert_eq!(events, [message("a")]);
    let events = parse_one(b"data: a\n\ndata: b");
    assert_eq!(events, [message("a")]);
}

#[test]
fn lf_cr_and_crlf_end_lines() {
    let expected = [ev("e", "a\nb"), message("c")];
    assert_eq!(
        parse_one(b"event: e\ndata: a\ndata: b\n\ndata: c\n\n"),
        expected
    );
    assert_eq!(
        parse_one(b"event: e\rdata: a\rdata: b\r\rdata: c\r\r"),
        expected
    );
    assert_eq!(
        parse_one(b"event: e\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"),
        expected
    );
    // Mixed: CR then LF is one line end, LF then CR is two.
    assert_eq!(
        parse_one(b"event: e\r\ndata: a\rdata: b\n\rdata: c\n\r"),
        expected
    );
}

#[test]
fn a_crlf_split_between_chunks_is_one_line_end() {
    let events = parse(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]);
    assert_eq!(events, [message("a\nb")]);
}

#[test]
fn an_empty_chunk_between_cr_and_lf_changes_nothing() {
    let events = parse(&[b"data: a\r", b"", b"\ndata: b\r\n\r\n"]);
    assert_eq!(events, [message("a\nb")]);
}

#[test]
fn a_leading_byte_order_mark_is_stripped_once() {
    let bom = "\u{FEFF}";
    let text = format!("{bom}data: a\n\n{bom}data: b\n\ndata: {bom}c\n\n");
    assert_eq!(
        parse_one(text.as_bytes()),
        [message("a"), message(&format!("{bom}c"))]
    );
    // Split inside the mark.
    let bytes = text.as_bytes();
    assert_eq!(
        parse(&[&bytes[..1], &bytes[1..2], &bytes[2..]]),
        [message("a"), message(&format!("{bom}c"))]
    );
    // A mark that is not at the start of the stream is not stripped.
    assert_eq!(
        parse_one(format!("data: x\n\n{bom}data: y\n\n").as_bytes()),
        [message("x")]
    );
}

#[test]
fn invalid_utf8_becomes_the_replacement_character() {
    let events = parse_one(b"data: a\xffb\ndata: c\xe2\x82d\nevent: n\xc3\n\n");
    assert_eq!(events, [ev("n\u{FFFD}", "a\u{FFFD}b\nc\u{FFFD}d")]);
}

#[test]
fn a_split_at_every_byte_gives_the_same_events() {
    let text = "\u{FEFF}: hi\r\nevent: é\r\nid: 😀\r\ndata: café 😀\r\ndata\r\n\r\nretry: 9\rdata: x\r\rdata: tail";
    let expected = [
        with_id(ev("é", "café 😀\n"), "😀"),
        Event {
            retry: Some(Duration::from_millis(9)),
            ..with_id(message("x"), "😀")
        },
    ];
    let bytes = text.as_bytes();
    assert_eq!(parse_one(bytes), expected);
    for cut in 0..=bytes.len() {
        assert_eq!(
            parse(&[&bytes[..cut], &bytes[cut..]]),
            expected,
            "cut at {cut}"
        );
    }
    let bytewise: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(parse(&bytewise), expected);
}
