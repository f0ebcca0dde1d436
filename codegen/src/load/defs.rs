//! `$defs` (and the older `definitions`) inside schemas, moved where the
//! rest of the generator looks for named schemas: each definition some
//! `$ref` points at becomes a component schema (named after it, or after
//! its owner and it when the name is taken), and the references follow it.

use serde_json::Value;

use super::refs::{component_schemas, json_pointer as json, pointer, rewrite};
use crate::diagnostics::{Pointer, split_pointer};
use crate::shape::Ctx;
use crate::source_map::SourceMap;

/// Keys that hold definitions.
const DEF_KEYS: [&str; 2] = ["$defs", "definitions"];

/// Hoists every referenced definition into `components/schemas`.
pub(super) fn hoist(root: &mut Value, sources: &mut SourceMap) {
    // A definition inside a definition becomes reachable once its parent
    // has moved; each round moves the outermost ones.
    for _ in 0..32 {
        let mut refs = Vec::new();
        collect_refs(root, Ctx::DOCUMENT, &mut refs);
        let Some(def) = refs.iter().find_map(|r| outermost_def(r)) else {
            return;
        };
        let Some(value) = root.pointer(&json(&def)).cloned() else {
            // A reference to nothing: lowering reports it where it is used.
            return;
        };
        let name = free_name(root, &def);
        let Some(schemas) = component_schemas(root) else {
            return;
        };
        schemas.insert(name.clone(), value);
        let from = pointer(&def);
        let to = Pointer::root()
            .push("components")
            .push("schemas")
            .push(&name);
        sources.remount(from.as_str(), to.as_str());
        rewrite(root, Ctx::DOCUMENT, from.as_str(), to.as_str());
    }
}

/// Every `$ref` string, where references are references (not in examples).
fn collect_refs(node: &Value, ctx: Ctx, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if ctx.resolves_refs()
                && let Some(Value::String(r)) = map.get("$ref")
            {
                out.push(r.clone());
            }
            for (k, v) in map {
                collect_refs(v, ctx.child(k), out);
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| collect_refs(v, ctx.element(), out)),
        _ => {}
    }
}

/// The segments up to the first definition a local reference passes
/// through (`components/schemas/Pet/$defs/Color`), if any.
fn outermost_def(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    let segs = split_pointer(fragment);
    let i = segs
        .iter()
        .position(|s| DEF_KEYS.contains(&s.as_str()))
        .filter(|i| i + 1 < segs.len())?;
    Some(segs[..i + 2].to_vec())
}

/// The definition's own name, else its owner's name and its own, else
/// numbered.
fn free_name(root: &Value, def: &[String]) -> String {
    let own = def.last().cloned().unwrap_or_default();
    let owner = match def {
        [c, s, owner, ..] if c == "components" && s == "schemas" => owner.clone(),
        _ => String::new(),
    };
    let taken = |n: &str| {
        root.pointer(&json(&["components", "schemas", n].map(str::to_owned)))
            .is_some()
    };
    for candidate in [own.clone(), format!("{owner}{own}")] {
        if !candidate.is_empty() && !taken(&candidate) {
            return candidate;
        }
    }
    let mut n = 2;
    loop {
        let candidate = format!("{owner}{own}{n}");
        if !taken(&candidate) {
            return candidate;
        }
        n += 1;
    }
}
