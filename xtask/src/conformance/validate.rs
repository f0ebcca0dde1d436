//! Is the example valid per its own schema? A JSON Schema 2020-12
//! validator (the `jsonschema` crate) checks it against the schema it
//! illustrates, so "the spec's example is wrong" is told apart from "our
//! type rejects valid data". OpenAPI 3.0's dialect is translated first
//! (`nullable`, boolean `exclusiveMinimum`), and each schema is checked in a
//! small document holding only what it references.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

/// Checks examples against the schemas of one bundled document.
pub struct Validator<'d> {
    document: &'d Value,
    /// OpenAPI 3.0 (`nullable`) rather than 3.1 (plain JSON Schema).
    v30: bool,
}

/// What the validator says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    /// The first problem, with where in the example it is.
    Invalid(String),
    /// The schema could not be checked (the validator rejected it).
    Unchecked(String),
}

impl<'d> Validator<'d> {
    pub fn new(document: &'d Value) -> Self {
        let v30 = document
            .get("openapi")
            .and_then(Value::as_str)
            .is_some_and(|v| v.starts_with("3.0"));
        Validator { document, v30 }
    }

    /// Checks `examples` against the schema at `schema_pointer` (`#/...`).
    pub fn check(&self, schema_pointer: &str, examples: &[&Value]) -> Vec<Verdict> {
        let unchecked = |why: String| vec![Verdict::Unchecked(why); examples.len()];
        let root = self.trimmed(schema_pointer);
        let compiled = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root);
        let validator = match compiled {
            Ok(v) => v,
            Err(e) => return unchecked(e.to_string()),
        };
        examples
            .iter()
            .map(|x| match validator.iter_errors(x).next() {
                None => Verdict::Valid,
                Some(e) => Verdict::Invalid(format!("{e} (at `{}`)", e.instance_path())),
            })
            .collect()
    }

    /// A document with the schema at `pointer` as its root `$ref` and every
    /// schema it reaches, at their own pointers, in JSON Schema's dialect.
    fn trimmed(&self, pointer: &str) -> Value {
        let mut wanted: BTreeSet<String> = BTreeSet::new();
        let mut queue = vec![pointer.trim_start_matches('#').to_owned()];
        while let Some(p) = queue.pop() {
            if !wanted.insert(p.clone()) {
                continue;
            }
            if let Some(node) = self.document.pointer(&p) {
                let mut refs = Vec::new();
                refs_in(node, &mut refs);
                for r in refs {
                    queue.push(whole_component(&r));
                }
            }
        }
        let mut root = json!({});
        for p in &wanted {
            if let Some(node) = self.document.pointer(p) {
                let mut node = node.clone();
                translate(&mut node, self.v30);
                insert(&mut root, p, node);
            }
        }
        if let Value::Object(m) = &mut root {
            m.insert(
                "$ref".into(),
                Value::String(format!("#{}", pointer.trim_start_matches('#'))),
            );
        }
        root
    }
}

/// Every local `$ref` under `node`, as a pointer without `#`.
fn refs_in(node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref")
                && let Some(p) = r.strip_prefix('#')
            {
                out.push(p.to_owned());
            }
            for (k, v) in m {
                if !matches!(
                    k.as_str(),
                    "example" | "examples" | "default" | "enum" | "const"
                ) {
                    refs_in(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs_in(v, out)),
        _ => {}
    }
}

/// A reference into a component schema takes the whole component (its own
/// refs are relative to it).
fn whole_component(p: &str) -> String {
    let segs: Vec<&str> = p.split('/').collect();
    if segs.len() > 4 && segs[1] == "components" && segs[2] == "schemas" {
        segs[..4].join("/")
    } else {
        p.to_owned()
    }
}

fn insert(root: &mut Value, pointer: &str, node: Value) {
    let segs: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut cur = root;
    for (i, seg) in segs.iter().enumerate() {
        let Value::Object(m) = cur else { return };
        if i + 1 == segs.len() {
            m.insert(seg.clone(), node);
            return;
        }
        cur = m
            .entry(seg.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// OpenAPI's schema dialect → JSON Schema 2020-12: 3.0's `nullable` and
/// boolean exclusive bounds; `$id`s and anchors dropped (the bundle's
/// references are already plain pointers).
fn translate(node: &mut Value, v30: bool) {
    match node {
        Value::Object(m) => {
            m.remove("$id");
            m.remove("$anchor");
            m.remove("$dynamicAnchor");
            for (k, v) in m.iter_mut() {
                if !matches!(
                    k.as_str(),
                    "example" | "examples" | "default" | "enum" | "const"
                ) {
                    translate(v, v30);
                }
            }
            if v30 {
                exclusive_bounds(m);
                if m.get("nullable") == Some(&Value::Bool(true)) {
                    m.remove("nullable");
                    let inner = std::mem::take(m);
                    m.insert(
                        "anyOf".into(),
                        json!([Value::Object(inner), {"type": "null"}]),
                    );
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| translate(v, v30)),
        _ => {}
    }
}

fn exclusive_bounds(m: &mut Map<String, Value>) {
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match m.get(flag) {
            Some(Value::Bool(true)) => {
                if let Some(b) = m.remove(bound) {
                    m.insert(flag.into(), b);
                } else {
                    m.remove(flag);
                }
            }
            Some(Value::Bool(false)) => {
                m.remove(flag);
            }
            _ => {}
        }
    }
}
