//! Local `$ref`s checked against the document's grammar, so that lowering
//! only meets the two forms it reads: `#/components/<section>/<name>` and
//! pointers into a component schema.
//!
//! - A pointer that lands on a schema anywhere else (a parameter's or a
//!   response's schema, a path's body) is a schema: it moves into
//!   `components/schemas`, and its old place refers to it, so both share
//!   one type.
//! - A pointer to another kind of object outside `components` (a parameter
//!   inside a path), or to a whole map of names, is inlined where it is
//!   used.
//! - A pointer to the wrong kind of object, or to nothing, is one error per
//!   target, at the first place that uses it, saying how many do.
//! - Pydantic writes `#/$defs/X` inside a schema that carries its own
//!   `$defs` but no `$id`; where the root has no such path and an enclosing
//!   schema's `$defs` has it, the reference is read there, with a warning.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer, split_pointer};
use crate::shape::{Ctx, Obj};
use crate::source_map::SourceMap;

/// Rounds of moving and inlining; each round settles every reference it
/// sees, and the next checks what the changes brought.
const MAX_ROUNDS: usize = 16;

/// One `$ref` and where it is.
struct Use {
    /// The object holding the `$ref`.
    at: Vec<String>,
    /// What that object must be.
    ctx: Ctx,
    /// The pointer it names, split (without the `#`).
    target: Vec<String>,
}

/// Settles every local reference of `root` (see the module docs).
pub(super) fn settle(root: &mut Value, sources: &mut SourceMap, diags: &mut Diagnostics) {
    for _ in 0..MAX_ROUNDS {
        let uses = collect(root);
        let mut by_target: BTreeMap<(Vec<String>, bool), Vec<&Use>> = BTreeMap::new();
        for u in &uses {
            let key = (u.target.clone(), u.ctx.is_schema());
            by_target.entry(key).or_default().push(u);
        }
        // Innermost targets first: moving an outer schema then carries
        // the inner one's new reference along.
        let mut targets: Vec<_> = by_target.into_iter().collect();
        targets.sort_by_key(|((t, _), _)| std::cmp::Reverse(t.len()));
        // Another round follows any change: an inlined object may bring
        // references of its own, and a moved schema moves the references
        // inside it out from under the places collected here.
        let mut changed = false;
        let mut broken = Vec::new();
        for ((target, _), uses) in targets {
            let first = uses[0];
            match settle_one(root, first.ctx, &target) {
                Settled::Fine => {}
                Settled::Move => {
                    hoist(root, sources, &target);
                    changed = true;
                }
                // An object that contains its own reference would grow
                // with every round.
                Settled::Inline if uses.iter().any(|u| u.at.starts_with(&target)) => {
                    let message = format!(
                        "$ref `{}` refers to an object that contains it",
                        pointer(&target).as_str()
                    );
                    let d = Diagnostic::error(pointer(&first.at).push("$ref").as_str(), message);
                    diags.push(with_uses(d, uses.len()));
                    broken.extend(uses.iter().map(|u| (u.at.clone(), u.ctx.is_schema())));
                }
                Settled::Inline => {
                    for u in &uses {
                        inline(root, &u.at, &target);
                    }
                    changed = true;
                }
                Settled::Stand(message) => {
                    for u in &uses {
                        inline(root, &u.at, &target);
                    }
                    changed = true;
                    let d = Diagnostic::warning(pointer(&first.at).push("$ref").as_str(), message);
                    diags.push(with_uses(d, uses.len()));
                }
                Settled::Problem(message) => {
                    let d = Diagnostic::error(pointer(&first.at).push("$ref").as_str(), message);
                    diags.push(with_uses(d, uses.len()));
                    broken.extend(uses.iter().map(|u| (u.at.clone(), u.ctx.is_schema())));
                }
            }
        }
        set_aside(root, broken);
        if !changed {
            return;
        }
    }
}

/// What a reference needs.
enum Settled {
    /// Lowering reads it as it is.
    Fine,
    /// A schema outside `components/schemas`: move it there.
    Move,
    /// An object of the right kind outside its components section.
    Inline,
    /// Nothing there, or the wrong kind of object.
    Problem(String),
    /// The wrong kind of object, which reads as the right one: inlined,
    /// with this warning.
    Stand(String),
}

fn settle_one(root: &Value, ctx: Ctx, target: &[String]) -> Settled {
    let reference = pointer(target);
    let Some((found, value)) = ctx_at(root, target) else {
        return Settled::Problem(format!(
            "unresolved $ref `{}`: nothing is defined there",
            reference.as_str()
        ));
    };
    let wanted = match ctx {
        Ctx::Object(obj) => obj,
        // A whole map written as a reference (`content: {$ref: ...}`).
        _ => return Settled::Inline,
    };
    if wanted == Obj::Schema {
        return match found {
            Ctx::Object(Obj::Schema) if readable_schema_pointer(target) => Settled::Fine,
            Ctx::Object(Obj::Schema) => Settled::Move,
            // Under an extension or in data the grammar says nothing; a
            // mapping the author refers to as a schema is taken as one.
            Ctx::Data | Ctx::Extension if value.is_object() || value.is_boolean() => Settled::Move,
            other => Settled::Problem(wrong_kind(&reference, "a schema", other)),
        };
    }
    match found {
        Ctx::Object(obj) if obj == wanted => match target {
            [c, _, _] if c == "components" => Settled::Fine,
            _ => Settled::Inline,
        },
        Ctx::Object(obj) if readable_as(obj, wanted) => Settled::Stand(format!(
            "{}; it is read as {} (they have the same parts)",
            wrong_kind(&reference, describe(Ctx::Object(wanted)), found),
            describe(Ctx::Object(wanted))
        )),
        other => Settled::Problem(wrong_kind(&reference, describe(Ctx::Object(wanted)), other)),
    }
}

/// True when an object of kind `found` is also a valid `wanted`: a request
/// body read as a response (or back) is its description and content.
fn readable_as(found: Obj, wanted: Obj) -> bool {
    matches!(
        (found, wanted),
        (Obj::RequestBody, Obj::Response) | (Obj::Response, Obj::RequestBody)
    )
}

fn wrong_kind(reference: &Pointer, wanted: &str, found: Ctx) -> String {
    format!(
        "$ref `{}` must point at {wanted}, but it points at {}",
        reference.as_str(),
        describe(found)
    )
}

/// The words for what a node is.
fn describe(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Object(obj) => match obj {
            Obj::Document => "the whole document",
            Obj::Components => "the components object",
            Obj::Paths => "the paths object",
            Obj::Responses => "an operation's responses",
            Obj::PathItem => "a path item",
            Obj::Operation => "an operation",
            Obj::Parameter => "a parameter",
            Obj::Header => "a header",
            Obj::RequestBody => "a request body",
            Obj::MediaType => "a media type",
            Obj::Encoding => "an encoding",
            Obj::Response => "a response",
            Obj::Callback => "a callback",
            Obj::Example => "an example",
            Obj::Link => "a link",
            Obj::SecurityScheme => "a security scheme",
            Obj::OAuthFlows | Obj::OAuthFlow => "an OAuth flow",
            Obj::Server | Obj::ServerVariable => "a server",
            Obj::Tag => "a tag",
            Obj::Discriminator => "a discriminator",
            Obj::ExternalDocs => "external documentation",
            Obj::Schema => "a schema",
            Obj::Plain => "an object that is not a schema",
        },
        Ctx::Map(_) => "a map of names",
        Ctx::List(_) => "a list",
        Ctx::Text => "text",
        Ctx::Data => "plain data",
        Ctx::Extension => "an extension",
    }
}

/// True for `#/components/schemas/NAME` and the pointers into a component
/// schema that lowering walks (properties, items, map values, members).
fn readable_schema_pointer(target: &[String]) -> bool {
    let [c, s, _, rest @ ..] = target else {
        return false;
    };
    if c != "components" || s != "schemas" {
        return false;
    }
    let mut i = 0;
    while i < rest.len() {
        match rest[i].as_str() {
            "properties" if i + 1 < rest.len() => i += 2,
            "allOf" | "anyOf" | "oneOf"
                if rest.get(i + 1).is_some_and(|n| n.parse::<usize>().is_ok()) =>
            {
                i += 2
            }
            "items" | "additionalProperties" => i += 1,
            _ => return false,
        }
    }
    true
}

/// The grammar's context of the node at `target`, and the node.
fn ctx_at<'v>(root: &'v Value, target: &[String]) -> Option<(Ctx, &'v Value)> {
    let mut ctx = Ctx::DOCUMENT;
    let mut cur = root;
    for seg in target {
        match cur {
            Value::Object(map) => {
                cur = map.get(seg)?;
                ctx = ctx.child(seg);
            }
            Value::Array(items) => {
                cur = items.get(seg.parse::<usize>().ok()?)?;
                ctx = ctx.element();
            }
            _ => return None,
        }
    }
    Some((ctx, cur))
}

/// Every local `$ref` in an object position.
fn collect(root: &Value) -> Vec<Use> {
    let mut out = Vec::new();
    walk(root, Ctx::DOCUMENT, &mut Vec::new(), &mut out);
    out
}

fn walk(node: &Value, ctx: Ctx, at: &mut Vec<String>, out: &mut Vec<Use>) {
    match node {
        Value::Object(map) => {
            if ctx.resolves_refs()
                && let Some(Value::String(r)) = map.get("$ref")
                && let Some(fragment) = r.strip_prefix('#')
            {
                out.push(Use {
                    at: at.clone(),
                    ctx,
                    target: split_pointer(fragment),
                });
            }
            for (key, child) in map {
                at.push(key.clone());
                walk(child, ctx.child(key), at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(i.to_string());
                walk(child, ctx.element(), at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

/// Moves the schema at `target` into `components/schemas` under a free
/// name, leaves a reference in its place, and points every reference at
/// or into it at its new home.
fn hoist(root: &mut Value, sources: &mut SourceMap, target: &[String]) {
    let Some(value) = root.pointer(&json_pointer(target)).cloned() else {
        return;
    };
    let name = free_name(root, &name_for(root, target));
    let to = Pointer::root()
        .push("components")
        .push("schemas")
        .push(&name);
    let from = pointer(target);
    let Some(schemas) = component_schemas(root) else {
        return;
    };
    schemas.insert(name, value);
    if let Some(slot) = root.pointer_mut(&json_pointer(target)) {
        let mut reference = Map::new();
        reference.insert("$ref".into(), Value::String(to.as_str().to_owned()));
        *slot = Value::Object(reference);
    }
    sources.remount(from.as_str(), to.as_str());
    rewrite(root, Ctx::DOCUMENT, from.as_str(), to.as_str());
}

/// Takes reported references out of the document, so that the stages
/// after loading, which still run to find the rest of the problems, do not
/// report them again: a schema becomes "any value", any other object is
/// left out of its list or map.
fn set_aside(root: &mut Value, mut broken: Vec<(Vec<String>, bool)>) {
    // Last first, so that removing a list element moves no later one.
    broken.sort_by(|a, b| {
        let index = |p: &[String]| p.last().and_then(|s| s.parse::<usize>().ok());
        b.0.len()
            .cmp(&a.0.len())
            .then(index(&b.0).cmp(&index(&a.0)))
    });
    for (at, is_schema) in broken {
        if is_schema {
            if let Some(slot) = root.pointer_mut(&json_pointer(&at)) {
                *slot = Value::Object(Map::new());
            }
            continue;
        }
        let Some((last, parent)) = at.split_last() else {
            continue;
        };
        match root.pointer_mut(&json_pointer(parent)) {
            Some(Value::Array(items)) => {
                if let Ok(i) = last.parse::<usize>()
                    && i < items.len()
                {
                    items.remove(i);
                }
            }
            Some(Value::Object(map)) => {
                map.shift_remove(last);
            }
            _ => {}
        }
    }
}

/// Replaces the reference object at `at` with a copy of `target`.
fn inline(root: &mut Value, at: &[String], target: &[String]) {
    let Some(value) = root.pointer(&json_pointer(target)).cloned() else {
        return;
    };
    if let Some(slot) = root.pointer_mut(&json_pointer(at)) {
        *slot = value;
    }
}

/// A name for a schema found at `target`: the component it belongs to,
/// or the operation (its operationId, else its method and path), then the
/// properties, items and map values the pointer passes through
/// (`AuditList item`, `create_audit body status`).
fn name_for(root: &Value, target: &[String]) -> String {
    let (base, rest) = match target {
        [c, _, name, rest @ ..] if c == "components" => (name.clone(), rest),
        [p, path, method, rest @ ..] if p == "paths" || p == "webhooks" => {
            let id = root
                .get(p.as_str())
                .and_then(|paths| paths.get(path))
                .and_then(|item| item.get(method))
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str);
            let what = match rest.first().map(String::as_str) {
                Some("requestBody") => " body",
                Some("responses") => " response",
                Some("parameters") => " parameter",
                _ => "",
            };
            let base = match id {
                Some(id) => format!("{id}{what}"),
                None => format!("{method} {path}{what}"),
            };
            (base, rest)
        }
        _ => ("Schema".to_owned(), target),
    };
    let mut name = base;
    let mut segs = rest.iter();
    while let Some(seg) = segs.next() {
        let word = match seg.as_str() {
            "properties" => segs.next().map(String::as_str),
            "items" => Some("item"),
            "additionalProperties" => Some("value"),
            _ => None,
        };
        if let Some(word) = word {
            name.push(' ');
            name.push_str(word);
        }
    }
    name
}

/// `base`, else `base` numbered, whichever is free in `components/schemas`.
fn free_name(root: &Value, base: &str) -> String {
    let taken = |n: &str| {
        root.get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(|s| s.get(n))
            .is_some()
    };
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|c| !taken(c))
        .unwrap_or_default()
}

pub(super) fn component_schemas(root: &mut Value) -> Option<&mut Map<String, Value>> {
    let top = root.as_object_mut()?;
    let components = top
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// Points every reference at or inside `from` at `to` instead.
pub(super) fn rewrite(node: &mut Value, ctx: Ctx, from: &str, to: &str) {
    match node {
        Value::Object(map) => {
            if ctx.resolves_refs()
                && let Some(Value::String(r)) = map.get_mut("$ref")
                && let Some(rest) = r.strip_prefix(from)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                *r = format!("{to}{rest}");
            }
            for (k, v) in map.iter_mut() {
                rewrite(v, ctx.child(k), from, to);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| rewrite(v, ctx.element(), from, to)),
        _ => {}
    }
}

/// `#/$defs/X` (or `#/definitions/X`) that the root does not have, read
/// in the nearest enclosing schema that does.
pub(super) fn nested_defs(root: &mut Value, diags: &mut Diagnostics) {
    let mut fixes = Vec::new();
    for u in collect(root) {
        let starts_with_defs = u
            .target
            .first()
            .is_some_and(|s| s == "$defs" || s == "definitions");
        if !starts_with_defs || root.pointer(&json_pointer(&u.target)).is_some() {
            continue;
        }
        let found = (0..u.at.len()).rev().find_map(|n| {
            let mut candidate = u.at[..n].to_vec();
            candidate.extend(u.target.iter().cloned());
            let (owner, _) = ctx_at(root, &u.at[..n])?;
            (owner.is_schema() && root.pointer(&json_pointer(&candidate)).is_some())
                .then_some(candidate)
        });
        if let Some(candidate) = found {
            fixes.push((u.at, u.target, candidate));
        }
    }
    for (at, target, candidate) in fixes {
        let reference = pointer(&target);
        let new = pointer(&candidate);
        if let Some(Value::Object(holder)) = root.pointer_mut(&json_pointer(&at)) {
            holder.insert("$ref".into(), Value::String(new.as_str().to_owned()));
        }
        diags.push(
            Diagnostic::warning(
                pointer(&at).push("$ref").as_str(),
                format!(
                    "$ref `{}` has no target at the document's root; it is read as `{}`, in the enclosing schema's definitions",
                    reference.as_str(),
                    new.as_str()
                ),
            )
            .with_help("give the enclosing schema an `$id`, or refer to its definitions by their full pointer"),
        );
    }
}

/// One diagnostic for a problem that `uses` places share.
fn with_uses(d: Diagnostic, uses: usize) -> Diagnostic {
    let uses = u32::try_from(uses).unwrap_or(u32::MAX);
    Diagnostic { uses, ..d }
}

pub(super) fn pointer(segs: &[String]) -> Pointer {
    segs.iter().fold(Pointer::root(), |p, s| p.push(s))
}

pub(super) fn json_pointer(segs: &[String]) -> String {
    pointer(segs).as_str().trim_start_matches('#').to_owned()
}
