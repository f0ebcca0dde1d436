//! Field presence, for every way a spec can spell "nullable": each fixture
//! spec in `tests/fixtures/specs` writes the same `Patch` schema in one
//! spelling, and every generated crate must behave identically.
//!
//! | in the schema | Rust type | sent | received |
//! |---|---|---|---|
//! | required | `T` | value | value |
//! | required, nullable | `Option<T>` | `None` → `null` | `null` → `None` |
//! | optional | `Option<T>` | `None` → omitted | absent → `None` |
//! | optional, nullable | `Tristate<T>` | absent / `null` / value | the same three |

use serde_json::{Value, json};

fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(doc: &Value) {
    let parsed: T = serde_json::from_value(doc.clone())
        .unwrap_or_else(|e| panic!("{doc} does not decode: {e}"));
    let back = serde_json::to_value(&parsed).expect("encodes");
    assert_eq!(&back, doc, "decode → encode changed the document");
}

/// `base` holds the required fields; `value` is a valid value of `req_null`
/// and `opt_null`.
macro_rules! scalar_presence {
    ($module:ident, $krate:ident, base = $base:expr, value = $value:expr) => {
        mod $module {
            use super::*;
            use $krate::Tristate;
            use $krate::types::Patch;

            fn with(extra: Value) -> Value {
                let mut doc = $base;
                for (k, v) in extra.as_object().expect("object") {
                    doc[k] = v.clone();
                }
                doc
            }

            /// The Rust types follow the table (this fails to compile if not).
            #[allow(dead_code)]
            fn field_types(p: Patch) {
                let _: String = p.req_plain;
                let _: Option<_> = p.req_null;
                let _: Option<String> = p.opt_plain;
                let _: Tristate<_> = p.opt_null;
            }

            #[test]
            fn every_state_round_trips_unchanged() {
                for doc in [
                    with(json!({})),
                    with(json!({"req_null": null})),
                    with(json!({"req_null": $value})),
                    with(json!({"opt_plain": "text"})),
                    with(json!({"opt_null": null})),
                    with(json!({"opt_null": $value})),
                ] {
                    roundtrip::<Patch>(&doc);
                }
            }

            #[test]
            fn absent_null_and_value_are_three_documents() {
                let absent: Patch = serde_json::from_value(with(json!({}))).expect("decodes");
                assert!(absent.opt_null.is_absent());
                let null: Patch = serde_json::from_value(with(json!({"opt_null": null}))).expect("decodes");
                assert!(null.opt_null.is_null());
                let value: Patch = serde_json::from_value(with(json!({"opt_null": $value}))).expect("decodes");
                assert!(value.opt_null.is_value());
                let docs: Vec<Value> = [absent, null, value]
                    .iter()
                    .map(|p| serde_json::to_value(p).expect("encodes"))
                    .collect();
                assert!(docs[0].get("opt_null").is_none(), "absent is omitted");
                assert_eq!(docs[1]["opt_null"], Value::Null, "null is written");
                assert_eq!(docs[2]["opt_null"], $value);
            }

            #[test]
            fn required_nullable_none_is_sent_as_null_and_optional_none_is_omitted() {
                let mut p: Patch = serde_json::from_value(with(json!({"req_null": $value, "opt_plain": "x"})))
                    .expect("decodes");
                p.req_null = None;
                p.opt_plain = None;
                let doc = serde_json::to_value(&p).expect("encodes");
                assert_eq!(doc["req_null"], Value::Null);
                assert!(doc.get("opt_plain").is_none());
            }

            #[test]
            fn null_for_an_optional_field_decodes_as_none() {
                let p: Patch = serde_json::from_value(with(json!({"opt_plain": null}))).expect("decodes");
                assert_eq!(p.opt_plain, None);
            }
        }
    };
}

/// Nullable references, arrays, inline objects and enums, and empty
/// collections, for the fixtures that spell them.
macro_rules! structured_presence {
    ($module:ident, $krate:ident) => {
        mod $module {
            use super::*;
            use $krate::Tristate;
            use $krate::types::{Patch, Thing};

            fn base() -> Value {
                json!({"req_plain": "x", "req_null": null, "req_null_ref": null})
            }

            fn with(extra: Value) -> Value {
                let mut doc = base();
                for (k, v) in extra.as_object().expect("object") {
                    doc[k] = v.clone();
                }
                doc
            }

            #[allow(dead_code)]
            fn field_types(p: Patch) {
                let _: Option<Thing> = p.req_null_ref;
                let _: Tristate<Thing> = p.opt_null_ref;
                let _: Tristate<Vec<i64>> = p.opt_null_array;
                let _: Tristate<_> = p.opt_null_object;
                let _: Tristate<_> = p.opt_null_enum;
                let _: Option<Vec<String>> = p.opt_list;
                let _: Option<std::collections::BTreeMap<String, String>> = p.opt_map;
            }

            #[test]
            fn every_state_of_every_shape_round_trips() {
                let values = [
                    ("req_null_ref", json!({"id": "t1"})),
                    ("opt_null_ref", json!({"id": "t1"})),
                    ("opt_null_array", json!([1, 2])),
                    ("opt_null_object", json!({"a": "x"})),
                    ("opt_null_enum", json!("on")),
                ];
                roundtrip::<Patch>(&base());
                for (field, value) in values {
                    roundtrip::<Patch>(&with(json!({ field: Value::Null })));
                    roundtrip::<Patch>(&with(json!({ field: value })));
                }
            }

            #[test]
            fn empty_collections_that_were_set_are_sent() {
                let mut p: Patch = serde_json::from_value(base()).expect("decodes");
                p.opt_list = Some(Vec::new());
                p.opt_map = Some(Default::default());
                p.opt_null_array = Tristate::Value(Vec::new());
                let doc = serde_json::to_value(&p).expect("encodes");
                assert_eq!(doc["opt_list"], json!([]));
                assert_eq!(doc["opt_map"], json!({}));
                assert_eq!(doc["opt_null_array"], json!([]));
            }
        }
    };
}

scalar_presence!(
    nullable_30,
    fixture_nullable_30,
    base = json!({"req_plain": "x", "req_null": null, "req_null_ref": null}),
    value = json!("on")
);
scalar_presence!(
    type_list_31,
    fixture_nullable_31_type_array,
    base = json!({"req_plain": "x", "req_null": null, "req_null_ref": null}),
    value = json!("on")
);
scalar_presence!(
    any_of_31,
    fixture_nullable_31_anyof,
    base = json!({"req_plain": "x", "req_null": null, "req_null_ref": null}),
    value = json!("on")
);
scalar_presence!(
    one_of_31,
    fixture_nullable_31_oneof,
    base = json!({"req_plain": "x", "req_null": null, "req_null_ref": null}),
    value = json!("on")
);
scalar_presence!(
    enum_lists_null,
    fixture_nullable_enum_null,
    base = json!({"req_plain": "x", "req_null": null}),
    value = json!("on")
);

structured_presence!(structured_30, fixture_nullable_30);
structured_presence!(structured_type_list_31, fixture_nullable_31_type_array);
structured_presence!(structured_any_of_31, fixture_nullable_31_anyof);
structured_presence!(structured_one_of_31, fixture_nullable_31_oneof);

#[test]
fn enum_listing_null_keeps_the_enum_and_const_null_is_always_null() {
    use fixture_nullable_enum_null::types::{Patch, PatchOptNullEnum};
    let p: Patch = serde_json::from_value(json!({
        "req_plain": "x", "req_null": "off", "opt_null_enum": "on", "opt_always_null": null
    }))
    .expect("decodes");
    assert_eq!(p.opt_null_enum.as_value(), Some(&PatchOptNullEnum::On));
    // A JSON value holds its own null: present-and-null is `Some(Null)`,
    // absent is `None`, and both round-trip.
    assert_eq!(p.opt_always_null, Some(Value::Null));
    roundtrip::<Patch>(&json!({"req_plain": "x", "req_null": null, "opt_always_null": null}));
    roundtrip::<Patch>(&json!({"req_plain": "x", "req_null": null}));
    assert_eq!(
        PatchOptNullEnum::Unknown("on".to_owned()),
        PatchOptNullEnum::On
    );
}

/// The README's table is the one the generator prints into every SDK, and
/// the tests above check each of its rows on every spelling.
#[test]
fn the_readme_table_is_the_generators_table() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let table = |file: &str| -> Vec<String> {
        let text = std::fs::read_to_string(root.join(file)).expect("readable");
        let start = text.find("| in the schema |").expect("the presence table");
        text[start..]
            .lines()
            .take_while(|l| l.starts_with('|'))
            .map(str::to_owned)
            .collect()
    };
    let generated = table("generated-sdk/README.md");
    // A header, its rule and one row per `FieldEncoding`.
    assert_eq!(generated.len(), 7, "{generated:?}");
    assert_eq!(table("README.md"), generated);
}
