//! `wire_struct!`: one table writes and reads a struct, each encoding with
//! its own rule for absent, `null` and a value, exactly on the wire.

use std::collections::BTreeMap;

use oneinbox_codegen_runtime::{wire_struct, Tristate};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Default)]
struct Patch {
    id: String,
    nickname: Option<String>,
    note: Option<String>,
    fallback: Tristate<u32>,
    extra: Option<Value>,
    // Named like the expansion's own locals: hygiene keeps them apart.
    map: Option<u8>,
    rest: Option<u8>,
    key: Option<u8>,
    r#type: Option<String>,
    additional_properties: BTreeMap<String, Value>,
}

wire_struct! {
    Patch {
        required id: String = "id",
        nullable nickname: String = "nick-name",
        optional note: String = "note",
        tristate fallback: u32 = "fallback",
        json extra: Value = "extra",
        optional map: u8 = "map",
        optional rest: u8 = "rest",
        optional key: u8 = "key",
        optional r#type: String = "type",
        ..additional_properties
    }
}

#[derive(Debug, PartialEq)]
struct Closed {
    a: i64,
    b: i64,
}

wire_struct! {
    Closed {
        required a: i64 = "a",
        required b: i64 = "b",
    }
}

fn text(p: &Patch) -> String {
    serde_json::to_string(p).expect("serializes")
}

#[test]
fn absent_fields_are_left_out_and_a_required_nullable_is_sent_as_null() {
    let p = Patch {
        id: "x".into(),
        ..Patch::default()
    };
    assert_eq!(text(&p), r#"{"id":"x","nick-name":null}"#);
}

#[test]
fn each_encoding_writes_its_null_and_its_value_in_field_order() {
    let mut p = Patch {
        id: "x".into(),
        nickname: Some("n".into()),
        note: Some("hi".into()),
        fallback: Tristate::Null,
        extra: Some(Value::Null),
        map: Some(1),
        r#type: Some("t".into()),
        ..Patch::default()
    };
    p.additional_properties.insert("z".into(), json!([1]));
    assert_eq!(
        text(&p),
        r#"{"id":"x","nick-name":"n","note":"hi","fallback":null,"extra":null,"map":1,"type":"t","z":[1]}"#
    );
    p.fallback = Tristate::Value(7);
    p.extra = Some(json!({"k": true}));
    assert!(
        text(&p).contains(r#""fallback":7,"extra":{"k":true}"#),
        "{}",
        text(&p)
    );
}

#[test]
fn reading_tells_missing_from_null_per_encoding() {
    let missing: Patch = serde_json::from_str(r#"{"id":"x"}"#).expect("reads");
    assert_eq!(missing.nickname, None);
    assert_eq!(missing.fallback, Tristate::Absent);
    assert_eq!(missing.extra, None);
    let nulls: Patch = serde_json::from_str(
        r#"{"id":"x","nick-name":null,"note":null,"fallback":null,"extra":null}"#,
    )
    .expect("reads");
    assert_eq!(nulls.nickname, None);
    assert_eq!(nulls.note, None);
    assert_eq!(nulls.fallback, Tristate::Null);
    assert_eq!(nulls.extra, Some(Value::Null));
}

#[test]
fn unlisted_properties_are_kept_and_a_round_trip_loses_nothing() {
    let input = r#"{"id":"x","nick-name":"n","fallback":3,"map":2,"key":4,"rest":5,"type":"t","other":{"deep":[1,2]}}"#;
    let p: Patch = serde_json::from_str(input).expect("reads");
    assert_eq!((p.map, p.key, p.rest), (Some(2), Some(4), Some(5)));
    assert_eq!(p.additional_properties["other"], json!({"deep": [1, 2]}));
    let back: Value = serde_json::from_str(&text(&p)).expect("json");
    assert_eq!(back, serde_json::from_str::<Value>(input).expect("json"));
}

#[test]
fn a_closed_struct_skips_unknown_properties_and_names_the_first_missing_one() {
    let c: Closed = serde_json::from_str(r#"{"b":2,"zzz":[],"a":1}"#).expect("reads");
    assert_eq!(c, Closed { a: 1, b: 2 });
    let e = serde_json::from_str::<Closed>(r#"{"zzz":1}"#).expect_err("a and b missing");
    assert_eq!(e.to_string(), "missing field `a` at line 1 column 9");
    let e = serde_json::from_str::<Closed>(r#"{"a":"no"}"#).expect_err("wrong type");
    assert!(
        e.to_string()
            .starts_with("invalid type: string \"no\", expected i64"),
        "{e}"
    );
    let e = serde_json::from_str::<Closed>("[1, 2]").expect_err("not a map");
    assert!(e.to_string().contains("expected struct Closed"), "{e}");
}

#[test]
fn a_repeated_property_keeps_its_last_value() {
    let c: Closed = serde_json::from_str(r#"{"a":1,"b":2,"a":3}"#).expect("reads");
    assert_eq!(c.a, 3);
}
