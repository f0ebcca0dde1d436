//! Properties of every three-state (`Tristate`) field: the OneInbox request
//! types and the `Patch.opt_null` field of each nullable fixture crate (one
//! per way a spec spells "nullable").
//!
//! For arbitrary `Absent` / `Null` / `Value(v)`:
//! - value → JSON text → value is the identity;
//! - the three states are three different documents: the key is missing,
//!   `null`, or the value's JSON, and nothing else in the document differs.

use std::fmt::Debug;

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A strategy for `$krate::Tristate<T>`: each state a third of the time.
/// (A macro: every generated crate ships its own `Tristate` type.)
macro_rules! tristate {
    ($krate:ident, $value:expr) => {
        prop_oneof![
            Just($krate::Tristate::Absent),
            Just($krate::Tristate::Null),
            $value.prop_map($krate::Tristate::Value),
        ]
    };
}

/// What the field's key must hold in the document: `None` (missing) for
/// `Absent`, `null` for `Null`, the value's JSON for `Value`. Takes the
/// state as `Tristate::as_ref().into_option()`, which every crate's
/// `Tristate` has, so one function serves them all.
fn expected_entry<T: Serialize>(state: Option<Option<&T>>) -> Option<Value> {
    state.map(|v| v.map_or(Value::Null, |v| serde_json::to_value(v).expect("encodes")))
}

/// JSON text → model → JSON text must give back the model unchanged.
fn round_trip<M>(model: &M) -> Result<String, TestCaseError>
where
    M: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let text = serde_json::to_string(model).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: M = serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("{text} does not decode: {e}")))?;
    prop_assert_eq!(&back, model, "JSON was {}", text);
    Ok(text)
}

/// The object holding the field: `parent` is a JSON pointer ("" for the top).
fn holder<'a>(
    doc: &'a Value,
    parent: &str,
) -> Result<&'a serde_json::Map<String, Value>, TestCaseError> {
    doc.pointer(parent)
        .and_then(Value::as_object)
        .ok_or_else(|| TestCaseError::fail(format!("no object at `{parent}` in {doc}")))
}

/// Checks one field in its three states. `models` are the same model with
/// the field `Absent`, `Null` and `Value(value)`; the field is `key` of the
/// object at `parent`.
fn three_states<M, T>(
    parent: &str,
    key: &str,
    models: [&M; 3],
    value: &T,
) -> Result<(), TestCaseError>
where
    M: Serialize + DeserializeOwned + PartialEq + Debug,
    T: Serialize,
{
    let texts = [
        round_trip(models[0])?,
        round_trip(models[1])?,
        round_trip(models[2])?,
    ];
    prop_assert_ne!(&texts[0], &texts[1]);
    prop_assert_ne!(&texts[1], &texts[2]);
    prop_assert_ne!(&texts[0], &texts[2]);

    let mut docs = Vec::new();
    for text in &texts {
        docs.push(serde_json::from_str::<Value>(text).expect("the SDK wrote JSON"));
    }
    let value_json = serde_json::to_value(value).expect("encodes");
    prop_assert_ne!(&value_json, &Value::Null, "a value must not look like null");
    prop_assert_eq!(
        holder(&docs[0], parent)?.get(key),
        None,
        "Absent leaves the key out"
    );
    prop_assert_eq!(
        holder(&docs[1], parent)?.get(key),
        Some(&Value::Null),
        "Null writes null"
    );
    prop_assert_eq!(
        holder(&docs[2], parent)?.get(key),
        Some(&value_json),
        "Value writes the value"
    );

    // Only the field differs between the three documents.
    for doc in &mut docs {
        if let Some(obj) = doc.pointer_mut(parent).and_then(Value::as_object_mut) {
            obj.remove(key);
        }
    }
    prop_assert_eq!(&docs[0], &docs[1]);
    prop_assert_eq!(&docs[1], &docs[2]);
    Ok(())
}

fn uuid() -> impl Strategy<Value = uuid::Uuid> {
    any::<u128>().prop_map(uuid::Uuid::from_u128)
}

mod oneinbox_types {
    use oneinbox::types::{InboundRoutingUpdate, PhoneNumberUpdate, RoutingFallbackUpdate};

    use super::*;

    fn fallback() -> impl Strategy<Value = RoutingFallbackUpdate> {
        uuid().prop_map(RoutingFallbackUpdate::new)
    }

    fn routing_update() -> impl Strategy<Value = InboundRoutingUpdate> {
        (
            proptest::option::of(uuid()),
            tristate!(oneinbox, fallback()),
            proptest::option::of(any::<String>()),
        )
            .prop_map(|(agent_id, fallback, voicemail_message)| {
                // Arbitrary states are assigned to the public fields.
                let mut r = InboundRoutingUpdate::new();
                r.agent_id = agent_id;
                r.fallback = fallback;
                r.voicemail_message = voicemail_message;
                r
            })
    }

    fn update() -> impl Strategy<Value = PhoneNumberUpdate> {
        (
            tristate!(oneinbox, any::<String>()),
            tristate!(oneinbox, uuid()),
            proptest::option::of(routing_update()),
        )
            .prop_map(|(friendly_name, agent_id, inbound_routing)| {
                let mut p = PhoneNumberUpdate::new();
                p.friendly_name = friendly_name;
                p.agent_id = agent_id;
                p.inbound_routing = inbound_routing;
                p
            })
    }

    proptest! {
        /// Whole updates, every field arbitrary: identity through JSON, and
        /// each three-state key present exactly as its state says.
        #[test]
        fn phone_number_update_round_trips(update in update()) {
            let text = round_trip(&update)?;
            let doc: Value = serde_json::from_str(&text).expect("JSON");
            prop_assert_eq!(
                doc.get("friendly_name").cloned(),
                expected_entry(update.friendly_name.as_ref().into_option())
            );
            prop_assert_eq!(
                doc.get("agent_id").cloned(),
                expected_entry(update.agent_id.as_ref().into_option())
            );
            if let Some(routing) = &update.inbound_routing {
                prop_assert_eq!(
                    doc["inbound_routing"].get("fallback").cloned(),
                    expected_entry(routing.fallback.as_ref().into_option())
                );
            } else {
                prop_assert_eq!(doc.get("inbound_routing"), None);
            }
        }

        #[test]
        fn inbound_routing_update_round_trips(routing in routing_update()) {
            round_trip(&routing)?;
        }

        #[test]
        fn friendly_name_states_are_three_documents(base in update(), name in any::<String>()) {
            let with = |friendly_name| {
                let mut m = base.clone();
                m.friendly_name = friendly_name;
                m
            };
            let models = [
                with(oneinbox::Tristate::Absent),
                with(oneinbox::Tristate::Null),
                with(oneinbox::Tristate::Value(name.clone())),
            ];
            three_states("", "friendly_name", [&models[0], &models[1], &models[2]], &name)?;
        }

        #[test]
        fn agent_id_states_are_three_documents(base in update(), agent in uuid()) {
            let with = |agent_id| {
                let mut m = base.clone();
                m.agent_id = agent_id;
                m
            };
            let models = [
                with(oneinbox::Tristate::Absent),
                with(oneinbox::Tristate::Null),
                with(oneinbox::Tristate::Value(agent)),
            ];
            three_states("", "agent_id", [&models[0], &models[1], &models[2]], &agent)?;
        }

        /// `InboundRoutingUpdate.fallback` on its own...
        #[test]
        fn fallback_states_are_three_documents(base in routing_update(), value in fallback()) {
            let with = |fallback| {
                let mut m = base.clone();
                m.fallback = fallback;
                m
            };
            let models = [
                with(oneinbox::Tristate::Absent),
                with(oneinbox::Tristate::Null),
                with(oneinbox::Tristate::Value(value.clone())),
            ];
            three_states("", "fallback", [&models[0], &models[1], &models[2]], &value)?;
        }

        /// ...and nested in a `PhoneNumberUpdate`, as it is sent.
        #[test]
        fn nested_fallback_states_are_three_documents(
            base in update(),
            routing in routing_update(),
            value in fallback(),
        ) {
            let with = |fallback| {
                let mut r = routing.clone();
                r.fallback = fallback;
                let mut m = base.clone();
                m.inbound_routing = Some(r);
                m
            };
            let models = [
                with(oneinbox::Tristate::Absent),
                with(oneinbox::Tristate::Null),
                with(oneinbox::Tristate::Value(value.clone())),
            ];
            three_states("/inbound_routing", "fallback", [&models[0], &models[1], &models[2]], &value)?;
        }
    }
}

/// `Patch.opt_null` of one fixture crate. The fixtures' `Patch` has required
/// fields and no `Default`, so the other fields come from `base` (JSON).
macro_rules! fixture_opt_null {
    ($module:ident, $krate:ident, base = $base:expr, value = $value:expr) => {
        mod $module {
            use $krate::types::Patch;

            use super::*;

            /// A `Patch` with arbitrary required fields and `opt_null`.
            fn patch() -> impl Strategy<Value = Patch> {
                (any::<String>(), tristate!($krate, $value)).prop_map(|(req_plain, opt_null)| {
                    let mut base: Value = $base;
                    base["req_plain"] = Value::String(req_plain);
                    let mut patch: Patch = serde_json::from_value(base).expect("base decodes");
                    patch.opt_null = opt_null;
                    patch
                })
            }

            proptest! {
                #[test]
                fn opt_null_round_trips(patch in patch()) {
                    let text = round_trip(&patch)?;
                    let doc: Value = serde_json::from_str(&text).expect("JSON");
                    prop_assert_eq!(
                        doc.get("opt_null").cloned(),
                        expected_entry(patch.opt_null.as_ref().into_option())
                    );
                }

                #[test]
                fn opt_null_states_are_three_documents(base in patch(), value in $value) {
                    let with = |opt_null| {
                        let mut m = base.clone();
                        m.opt_null = opt_null;
                        m
                    };
                    let models = [
                        with($krate::Tristate::Absent),
                        with($krate::Tristate::Null),
                        with($krate::Tristate::Value(value.clone())),
                    ];
                    three_states("", "opt_null", [&models[0], &models[1], &models[2]], &value)?;
                }
            }
        }
    };
}

fixture_opt_null!(
    nullable_30,
    fixture_nullable_30,
    base = serde_json::json!({"req_plain": "", "req_null": null, "req_null_ref": null}),
    value = any::<String>()
);
fixture_opt_null!(
    nullable_31_type_array,
    fixture_nullable_31_type_array,
    base = serde_json::json!({"req_plain": "", "req_null": "x", "req_null_ref": {"id": "t"}}),
    value = any::<String>()
);
fixture_opt_null!(
    nullable_31_anyof,
    fixture_nullable_31_anyof,
    base = serde_json::json!({"req_plain": "", "req_null": null, "req_null_ref": null}),
    value = any::<String>()
);
fixture_opt_null!(
    nullable_31_oneof,
    fixture_nullable_31_oneof,
    base = serde_json::json!({"req_plain": "", "req_null": null, "req_null_ref": null}),
    value = any::<String>()
);
fixture_opt_null!(
    nullable_enum_null,
    fixture_nullable_enum_null,
    base = serde_json::json!({"req_plain": "", "req_null": "off"}),
    value = enum_value()
);

/// `opt_null` of the enum fixture (`enum: ['on', 'off', null]`): the known
/// values and any other text, including `Unknown("on")`, which decodes as
/// `On` and compares equal to it (enums compare by wire spelling).
fn enum_value() -> impl Strategy<Value = fixture_nullable_enum_null::types::PatchOptNull> {
    use fixture_nullable_enum_null::types::PatchOptNull;
    prop_oneof![
        Just(PatchOptNull::On),
        Just(PatchOptNull::Off),
        Just(PatchOptNull::Unknown("on".to_owned())),
        any::<String>().prop_map(PatchOptNull::Unknown),
    ]
}
