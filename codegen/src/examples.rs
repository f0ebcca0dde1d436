//! The examples a spec carries, for conformance checks: a schema's
//! `example` and `examples`, and a JSON media type's `example` and
//! `examples` (with `$ref`s into `components/examples` followed), each with
//! the schema it illustrates. Collected from the bundled document, before
//! normalization drops them.

use serde_json::Value;

use crate::diagnostics::{Pointer, split_pointer};
use crate::shape::{Ctx, Obj};

/// One example and the schema it illustrates.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where the example value is.
    pub pointer: String,
    /// The schema it is an example of.
    pub schema_pointer: String,
    /// The Rust type that schema became (paths from the crate root,
    /// `crate::types::Pet`), if it is a type of its own.
    pub rust_type: Option<String>,
    /// The example.
    pub value: Value,
}

/// Every example of `root`, in document order, with no type yet.
pub(crate) fn collect(root: &Value) -> Vec<Example> {
    let mut out = Vec::new();
    walk(root, root, Ctx::DOCUMENT, &Pointer::root(), &mut out);
    out
}

fn walk(root: &Value, node: &Value, ctx: Ctx, at: &Pointer, out: &mut Vec<Example>) {
    match node {
        Value::Object(map) => {
            if ctx.is_schema() {
                schema_examples(map, at, out);
            }
            for (key, child) in map {
                let child_ctx = ctx.child(key);
                if child_ctx == Ctx::Object(Obj::MediaType) && json_media(key) {
                    media_examples(root, child, &at.push(key), out);
                }
                walk(root, child, child_ctx, &at.push(key), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(root, child, ctx.element(), &at.index(i), out);
            }
        }
        _ => {}
    }
}

fn json_media(media: &str) -> bool {
    let m = media.to_ascii_lowercase();
    let essence = m.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn schema_examples(map: &serde_json::Map<String, Value>, at: &Pointer, out: &mut Vec<Example>) {
    if let Some(v) = map.get("example") {
        out.push(example(at.push("example"), at, v.clone()));
    }
    // 3.1 (JSON Schema): a list of values.
    if let Some(Value::Array(items)) = map.get("examples") {
        for (i, v) in items.iter().enumerate() {
            out.push(example(at.push("examples").index(i), at, v.clone()));
        }
    }
}

fn media_examples(root: &Value, media: &Value, at: &Pointer, out: &mut Vec<Example>) {
    let Value::Object(map) = media else {
        return;
    };
    let schema = at.push("schema");
    if let Some(v) = map.get("example") {
        out.push(example(at.push("example"), &schema, v.clone()));
    }
    let Some(Value::Object(named)) = map.get("examples") else {
        return;
    };
    for (name, entry) in named {
        let entry = follow(root, entry);
        // `externalValue` examples live elsewhere; only inline values count.
        if let Some(v) = entry.and_then(|e| e.get("value")) {
            out.push(example(
                at.push("examples").push(name).push("value"),
                &schema,
                v.clone(),
            ));
        }
    }
}

/// An Example Object, through a `$ref` into `components/examples`.
fn follow<'v>(root: &'v Value, entry: &'v Value) -> Option<&'v Value> {
    let mut cur = entry;
    for _ in 0..8 {
        let Some(Value::String(r)) = cur.get("$ref") else {
            return Some(cur);
        };
        let segs = split_pointer(r.strip_prefix('#')?);
        let mut p = Pointer::root();
        for s in &segs {
            p = p.push(s);
        }
        cur = root.pointer(p.as_str().trim_start_matches('#'))?;
    }
    None
}

/// The type of the schema at `pointer`: its own, or, for a member of a
/// `oneOf`/`anyOf` folded into its parent (`anyOf: [X, null]`), the
/// parent's, which accepts whatever the member does.
pub(crate) fn position_type<'t>(
    positions: &'t std::collections::BTreeMap<String, crate::ir::TypeRef>,
    pointer: &str,
) -> Option<&'t crate::ir::TypeRef> {
    let mut p = pointer;
    loop {
        if let Some(t) = positions.get(p) {
            return Some(t);
        }
        let (parent, index) = p.rsplit_once('/')?;
        let (grand, key) = parent.rsplit_once('/')?;
        if !matches!(key, "anyOf" | "oneOf") || index.parse::<usize>().is_err() {
            return None;
        }
        p = grand;
    }
}

fn example(pointer: Pointer, schema: &Pointer, value: Value) -> Example {
    Example {
        pointer: pointer.as_str().to_owned(),
        schema_pointer: schema.as_str().to_owned(),
        rust_type: None,
        value,
    }
}
