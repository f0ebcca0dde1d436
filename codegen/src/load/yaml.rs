//! YAML → JSON tree: YAML as real specs write it, merge keys (`<<`),
//! non-string mapping keys as text (`200:`), tags ignored, and numbers of
//! any size kept as JSON numbers (an integer beyond 64 bits becomes the
//! nearest float rather than an error).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostics::{Diagnostic, Location, Pointer};

pub(super) fn parse_yaml(text: &str, display: &str) -> Result<Value, Diagnostic> {
    let node: Node = serde_yaml::from_str(text).map_err(|e| {
        let message = yaml_message(&e);
        let mut d = Diagnostic::error("#", format!("invalid YAML: {message}"));
        if message.contains("repetition limit") {
            d = d.with_help(
                "the document's aliases (`*name`) expand to far more data than it holds; \
                 it looks like an alias bomb and is refused",
            );
        } else if message.contains("recursion limit") {
            d = d.with_help("the document nests deeper than any real spec (over 128 levels)");
        }
        if let Some(loc) = e.location() {
            d = d.at(Location {
                file: display.to_owned(),
                line: loc.line(),
                column: loc.column(),
            });
        }
        d
    })?;
    node.into_json(&Pointer::root())
}

fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

/// A YAML node as read, before it becomes JSON.
#[derive(Debug, Clone)]
enum Node {
    Null,
    Bool(bool),
    Number(Number),
    /// A float JSON cannot hold (`.inf`, `.nan`).
    NotJson(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

fn float(f: f64) -> Node {
    Number::from_f64(f).map_or(Node::NotJson(f), Node::Number)
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(match i64::try_from(v) {
            Ok(i) => Node::Number(i.into()),
            Err(_) => float(v as f64),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(match u64::try_from(v) {
            Ok(u) => Node::Number(u.into()),
            Err(_) => float(v as f64),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }

    /// A tagged value (`!Tag value`): the tag means nothing to OpenAPI.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant()
    }
}

impl Node {
    fn into_json(self, at: &Pointer) -> Result<Value, Diagnostic> {
        Ok(match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Number(n) => Value::Number(n),
            Node::NotJson(f) => {
                return Err(Diagnostic::error(
                    at.as_str(),
                    format!("the number `{f}` cannot be represented in JSON"),
                ));
            }
            Node::Str(s) => Value::String(s),
            Node::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    out.push(item.into_json(&at.index(i))?);
                }
                Value::Array(out)
            }
            Node::Map(entries) => map_into_json(entries, at)?,
        })
    }

    /// A mapping key as JSON text: numbers and booleans (`200:`) by their
    /// spelling.
    fn key(self, at: &Pointer) -> Result<String, Diagnostic> {
        match self {
            Node::Str(s) => Ok(s),
            Node::Number(n) => Ok(n.to_string()),
            Node::NotJson(f) => Ok(f.to_string()),
            Node::Bool(b) => Ok(b.to_string()),
            Node::Null => Ok("null".to_owned()),
            Node::Seq(_) | Node::Map(_) => Err(Diagnostic::error(
                at.as_str(),
                "a mapping key is a sequence or mapping; JSON keys must be strings",
            )),
        }
    }
}

/// A mapping, with `<<` merge keys applied: its own keys win, then the
/// merged mappings in order.
fn map_into_json(entries: Vec<(Node, Node)>, at: &Pointer) -> Result<Value, Diagnostic> {
    let mut out = Map::with_capacity(entries.len());
    let mut merged: Vec<Node> = Vec::new();
    for (k, v) in entries {
        if matches!(&k, Node::Str(s) if s == "<<") {
            match v {
                Node::Seq(items) => merged.extend(items),
                other => merged.push(other),
            }
            continue;
        }
        let key = k.key(at)?;
        let child = at.push(&key);
        out.insert(key, v.into_json(&child)?);
    }
    for source in merged {
        let Node::Map(entries) = source else {
            return Err(Diagnostic::error(
                at.as_str(),
                "invalid YAML merge key: `<<` must merge a mapping or a list of mappings",
            ));
        };
        let Value::Object(source) = map_into_json(entries, at)? else {
            continue;
        };
        for (k, v) in source {
            out.entry(k).or_insert(v);
        }
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        parse_yaml(text, "t.yaml").expect("parses")
    }

    #[test]
    fn numbers_beyond_64_bits_load_as_json_numbers() {
        let v = yaml(
            "a: -9223372036854776000\nb: 18446744073709551616\nc: 123456789012345678901234567890\nd: 9223372036854775807\ne: 1.5\n",
        );
        assert_eq!(v["a"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(v["b"].as_f64(), Some(18446744073709551616.0));
        assert_eq!(v["c"].as_f64(), Some(1.2345678901234568e29));
        assert_eq!(v["d"].as_i64(), Some(i64::MAX));
        assert_eq!(v["e"].as_f64(), Some(1.5));
        let err = parse_yaml("a: .inf\n", "t.yaml").expect_err("not JSON");
        assert_eq!(
            err.message,
            "the number `inf` cannot be represented in JSON"
        );
    }

    #[test]
    fn merge_keys_tags_and_scalar_keys() {
        let v = yaml(
            "base: &b {x: 1, y: 2}\nother: {y: 9}\nm:\n  <<: [*b, {z: 3}]\n  y: 5\n200: ok\ntrue: yes\nt: !Ref {a: 1}\n",
        );
        assert_eq!(v["m"], serde_json::json!({"y": 5, "x": 1, "z": 3}));
        assert_eq!(v["200"], "ok");
        assert_eq!(v["true"], "yes");
        assert_eq!(v["t"], serde_json::json!({"a": 1}));
    }
}
