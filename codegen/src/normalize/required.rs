//! Fields OpenAPI requires that a client can do without: a missing one is
//! a warning and a harmless stand-in, not a failed generation. A missing
//! field the client needs (a parameter's `name`, a scheme's `in`) is still
//! an error, reported where the object is parsed.

use serde_json::{Map, Value, json};

use super::walk::Walker;
use crate::diagnostics::Pointer;
use crate::shape::Obj;

/// A required key, and what stands in for it.
struct Required {
    obj: Obj,
    key: &'static str,
    /// The stand-in, and what the warning says it means.
    fill: fn(&Map<String, Value>) -> Value,
    meaning: &'static str,
}

fn empty_text(_: &Map<String, Value>) -> Value {
    json!("")
}

fn empty_map(_: &Map<String, Value>) -> Value {
    json!({})
}

/// A server variable's default: its first allowed value, else empty.
fn first_enum_value(map: &Map<String, Value>) -> Value {
    map.get("enum")
        .and_then(|e| e.get(0))
        .filter(|v| v.is_string())
        .cloned()
        .unwrap_or_else(|| json!(""))
}

const REQUIRED: &[Required] = &[
    Required {
        obj: Obj::Response,
        key: "description",
        fill: empty_text,
        meaning: "the response is documented without one",
    },
    Required {
        obj: Obj::Operation,
        key: "responses",
        fill: empty_map,
        meaning: "its method is read as returning no body",
    },
    Required {
        obj: Obj::ServerVariable,
        key: "default",
        fill: first_enum_value,
        meaning: "its first allowed value (or empty text) is used",
    },
    Required {
        obj: Obj::OAuthFlow,
        key: "scopes",
        fill: empty_map,
        meaning: "the flow is read with no scopes",
    },
    Required {
        obj: Obj::ExternalDocs,
        key: "url",
        fill: empty_text,
        meaning: "the link is left empty",
    },
];

impl Walker<'_> {
    /// Fills each missing field of an `obj` that the client can do
    /// without, with a warning.
    pub(super) fn fill_required(&mut self, map: &mut Map<String, Value>, obj: Obj, at: &Pointer) {
        if map.contains_key("$ref") {
            return;
        }
        for r in REQUIRED.iter().filter(|r| r.obj == obj) {
            if !map.contains_key(r.key) {
                let value = (r.fill)(map);
                map.insert(r.key.into(), value);
                self.diags.warning(
                    at.as_str(),
                    format!("`{}` is required here but missing; {}", r.key, r.meaning),
                );
            }
        }
    }

    /// Drops a schema's discriminator that names no property: the union's
    /// variants are then told apart by trying each.
    pub(super) fn nameless_discriminator(&mut self, schema: &mut Map<String, Value>, at: &Pointer) {
        let Some(d) = schema.get("discriminator") else {
            return;
        };
        if !d.get("propertyName").is_some_and(Value::is_string) {
            schema.shift_remove("discriminator");
            self.diags.warning(
                at.push("discriminator").as_str(),
                "the discriminator has no `propertyName`; it is ignored, and the variants are told apart by trying each in order",
            );
        }
    }

    /// Leaves out tags without a `name` and servers without a `url`, which
    /// say nothing a client can use.
    pub(super) fn drop_nameless(&mut self, items: &mut Vec<Value>, obj: Obj, at: &Pointer) {
        let key = match obj {
            Obj::Tag => "name",
            Obj::Server => "url",
            _ => return,
        };
        let mut i = 0;
        items.retain(|item| {
            let keep = item.get(key).is_some_and(Value::is_string) || item.get("$ref").is_some();
            if !keep {
                self.diags.warning(
                    at.index(i).as_str(),
                    format!("this entry has no `{key}`; it is left out"),
                );
            }
            i += 1;
            keep
        });
    }
}

/// `info` with the fields a client can do without filled in: a missing
/// `title` or `version`, a license without a `name`.
pub(super) fn fill_info(info: &mut Value, warn: &mut impl FnMut(&str, String)) {
    let Value::Object(map) = info else {
        return;
    };
    for (key, stand_in) in [("title", "API"), ("version", "0.1.0")] {
        if !map.get(key).is_some_and(Value::is_string) {
            map.insert(key.into(), json!(stand_in));
            warn(
                "#/info",
                format!("`info.{key}` is missing; `{stand_in}` stands in for it"),
            );
        }
    }
    if let Some(Value::Object(license)) = map.get_mut("license")
        && !license.get("name").is_some_and(Value::is_string)
    {
        license.insert("name".into(), json!(""));
        warn(
            "#/info/license",
            "the license has no `name`; it is read without one".to_owned(),
        );
    }
}
