//! How generated structs read JSON (issue 13 replaced serde's derive with a
//! generated visitor): property names however the input spells them,
//! unlisted properties kept or ignored as the schema says, the errors
//! serde's derive gave, and structs read inside unions. Also string enums'
//! `Clone` and `Debug`, which go through the wire value instead of a derive.

use fixture_coverage::types::{Closed, Event, Receipt, Shape, SortOrder, Tally};
use serde_json::{Value, json};

/// The same document read from text (names borrowed), a reader (names
/// copied) and a `Value` (names owned).
fn read_three_ways<T: serde::de::DeserializeOwned>(text: &str) -> [T; 3] {
    let from_str = serde_json::from_str(text).expect("reads from text");
    let from_reader = serde_json::from_reader(text.as_bytes()).expect("reads from a reader");
    let value: Value = serde_json::from_str(text).expect("is JSON");
    let from_value = serde_json::from_value(value).expect("reads from a value");
    [from_str, from_reader, from_value]
}

#[test]
fn escaped_property_names_match_their_fields() {
    // `n\u006fte` is `note`, `c\u0061llId` is `callId`: escapes make serde
    // hand over an owned name instead of a borrowed one.
    for closed in read_three_ways::<Closed>(r#"{"c\u0061llId": "c1", "n\u006fte": null}"#) {
        assert_eq!(closed.call_id, "c1");
        assert!(closed.note.is_null());
    }
}

#[test]
fn unlisted_properties_are_kept_and_written_back() {
    let text = r#"{"id": "r1", "size": 3, "extra": {"deep": [1, 2]}, "\u00e9t\u00e9": true}"#;
    for receipt in read_three_ways::<Receipt>(text) {
        assert_eq!(receipt.id, "r1");
        assert_eq!(receipt.size, Some(3));
        assert_eq!(receipt.additional_properties.len(), 2);
        assert_eq!(receipt.additional_properties["été"], json!(true));
        assert_eq!(
            serde_json::to_value(&receipt).expect("writes"),
            json!({"id": "r1", "size": 3, "extra": {"deep": [1, 2]}, "été": true})
        );
    }
}

#[test]
fn a_closed_object_ignores_unlisted_properties_instead_of_failing() {
    // `additionalProperties: false`: a server that adds a property must not
    // break this client, and the property is not written back.
    for closed in read_three_ways::<Closed>(r#"{"callId": "c1", "added": {"x": 1}}"#) {
        assert_eq!(
            serde_json::to_value(&closed).expect("writes"),
            json!({"callId": "c1"})
        );
    }
}

#[test]
fn typed_unlisted_properties_are_read_as_their_type() {
    let tally: Tally = serde_json::from_str(r#"{"total": 3, "a": 1, "b": 2}"#).expect("reads");
    assert_eq!(tally.total, Some(3));
    assert_eq!(
        tally.additional_properties.into_iter().collect::<Vec<_>>(),
        [("a".to_owned(), 1), ("b".to_owned(), 2)]
    );
    let err = serde_json::from_str::<Tally>(r#"{"a": "one"}"#).expect_err("a string is no integer");
    assert_eq!(
        err.to_string(),
        "invalid type: string \"one\", expected i64 at line 1 column 11"
    );
}

#[test]
fn errors_name_the_wire_property_and_the_struct() {
    let missing =
        serde_json::from_str::<Closed>(r#"{"note": "n"}"#).expect_err("callId is required");
    assert_eq!(
        missing.to_string(),
        "missing field `callId` at line 1 column 13"
    );
    let not_object =
        serde_json::from_str::<Closed>(r#"["c1"]"#).expect_err("an array is no object");
    assert_eq!(
        not_object.to_string(),
        "invalid type: sequence, expected struct Closed at line 1 column 0"
    );
    let wrong_field =
        serde_json::from_str::<Closed>(r#"{"callId": 7}"#).expect_err("7 is no string");
    assert_eq!(
        wrong_field.to_string(),
        "invalid type: integer `7`, expected a string at line 1 column 12"
    );
}

#[test]
fn a_repeated_property_keeps_its_last_value() {
    // As `serde_json::Value` and most JSON readers do; serde's derive
    // refused the document with `duplicate field`.
    let closed: Closed = serde_json::from_str(r#"{"callId": "a", "callId": "b"}"#).expect("reads");
    assert_eq!(closed.call_id, "b");
}

#[test]
fn structs_inside_unions_read_the_same_way() {
    // An untagged union buffers the value before trying each variant; a
    // tagged one reads it as a `serde_json::Value` first.
    let shape: Shape =
        serde_json::from_str(r#"{"radius": 1.5, "c\u006flor": "red"}"#).expect("reads");
    let Shape::Circle(circle) = shape else {
        panic!("not a circle: {shape:?}")
    };
    assert_eq!(circle.radius, 1.5);
    assert_eq!(circle.additional_properties["color"], json!("red"));
    let event: Event =
        serde_json::from_str(r#"{"kind": "call.started", "call_id": "c1", "at": 5}"#)
            .expect("reads");
    let Event::CallStarted(started) = event else {
        panic!("not call.started: {event:?}")
    };
    assert_eq!(started.call_id, "c1");
    assert_eq!(started.additional_properties["at"], json!(5));
}

#[test]
fn string_enums_clone_exactly_and_debug_as_their_wire_value() {
    let known = SortOrder::AB;
    assert!(matches!(known.clone(), SortOrder::AB));
    assert_eq!(format!("{known:?}"), r#""a b""#);
    // A catch-all holding a listed value stays the catch-all when cloned.
    let odd = SortOrder::Unknown("asc".to_owned());
    assert!(matches!(odd.clone(), SortOrder::Unknown(v) if v == "asc"));
    assert_eq!(format!("{odd:?}"), r#"Unknown("asc")"#);
    assert_eq!(format!("{:?}", SortOrder::Empty), r#""""#);
}
