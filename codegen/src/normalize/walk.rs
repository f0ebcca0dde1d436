//! The normalizing walk: every nullable spelling becomes `nullable: true`,
//! `const` an enum, type lists a single type (or an `anyOf`), wrong-typed
//! keywords are reported and emptied, unread parts are dropped.

use serde_json::{Map, Value, json};

use super::NULL_ONLY;
use super::kinds::{describe_value, expected_kind};
use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use crate::shape::{Ctx, Obj};

pub(super) struct Walker<'a> {
    pub(super) diags: &'a mut Diagnostics,
}

/// True for a `$ref` value that cannot be a reference. In a map of names
/// an object (or a boolean schema) under `$ref` is an entry named `$ref`.
fn broken(ctx: Ctx, reference: &Value) -> bool {
    match ctx {
        Ctx::Map(_) => !(reference.is_string() || reference.is_object() || reference.is_boolean()),
        _ => !reference.is_string(),
    }
}

/// Keys of OpenAPI objects the generator never reads, by object kind;
/// dropping them keeps a malformed example from failing an otherwise good
/// spec. Only keywords are dropped: a property or path called `examples` is
/// a name, and stays.
fn unread_keys(obj: Obj) -> &'static [&'static str] {
    match obj {
        Obj::Components => &["examples", "links", "callbacks"],
        Obj::Parameter | Obj::Header | Obj::MediaType => &["examples"],
        Obj::Response => &["links"],
        Obj::Operation => &["callbacks"],
        _ => &[],
    }
}

impl Walker<'_> {
    pub(super) fn walk(&mut self, node: &mut Value, ctx: Ctx, at: &Pointer) {
        match ctx {
            Ctx::Data | Ctx::Extension => {}
            Ctx::Text => {
                if !node.is_string() {
                    self.diags.warning(
                        at.as_str(),
                        format!("this text is {}; it is left empty", describe_value(node)),
                    );
                    *node = Value::String(String::new());
                }
            }
            Ctx::SCHEMA => self.schema(node, at),
            _ => match node {
                Value::Object(map) => {
                    self.drop_broken_refs_in_map(map, ctx, at);
                    if let Some(obj) = ctx.object() {
                        for key in unread_keys(obj) {
                            map.shift_remove(*key);
                        }
                        self.check_kinds(map, ctx, at);
                        self.fill_required(map, obj, at);
                        match obj {
                            Obj::Components => self.security_schemes(map, at),
                            Obj::Parameter | Obj::Header => fill_missing_schema(map),
                            Obj::MediaType => item_schema(map),
                            _ => {}
                        }
                    }
                    for (key, child) in map.iter_mut() {
                        let child_ctx = ctx.child(key);
                        self.walk(child, child_ctx, &at.push(key));
                    }
                }
                Value::Array(items) => {
                    let child_ctx = ctx.element();
                    if let Some(obj) = child_ctx.object() {
                        self.drop_nameless(items, obj, at);
                    }
                    if child_ctx.resolves_refs() && !child_ctx.is_schema() {
                        let mut i = 0;
                        items.retain(|item| {
                            let keep = !self.broken_ref(item, &at.index(i));
                            i += 1;
                            keep
                        });
                    }
                    for (i, child) in items.iter_mut().enumerate() {
                        self.walk(child, child_ctx, &at.index(i));
                    }
                }
                _ => {}
            },
        }
    }

    /// True (with a warning) for an object whose `$ref` is not a string. In
    /// YAML an unquoted `#` starts a comment, so `$ref: #/components/...`
    /// reads as `$ref: null`.
    fn broken_ref(&mut self, node: &Value, at: &Pointer) -> bool {
        let Some(r) = node.get("$ref") else {
            return false;
        };
        if r.is_string() {
            return false;
        }
        self.diags.push(
            Diagnostic::warning(
                at.push("$ref").as_str(),
                format!(
                    "`$ref` is {}, not a reference; this item is left out",
                    describe_value(r)
                ),
            )
            .with_help("quote the reference: in YAML an unquoted `#` starts a comment"),
        );
        true
    }

    /// Removes the OpenAPI objects under `map` (responses, a request body,
    /// ...) that are broken references.
    fn drop_broken_refs_in_map(&mut self, map: &mut Map<String, Value>, ctx: Ctx, at: &Pointer) {
        let broken: Vec<String> = map
            .iter()
            .filter(|(k, v)| {
                let c = ctx.child(k);
                c.resolves_refs() && !c.is_schema() && v.get("$ref").is_some_and(|r| broken(c, r))
            })
            .map(|(k, _)| k.clone())
            .collect();
        for key in broken {
            if let Some(v) = map.get(&key) {
                let v = v.clone();
                self.broken_ref(&v, &at.push(&key));
            }
            map.shift_remove(&key);
        }
    }

    /// Reports every known keyword whose value has the wrong JSON type, at
    /// its exact pointer, and empties it so the rest of the document can
    /// still be read (and checked) without follow-on errors.
    fn check_kinds(&mut self, map: &mut Map<String, Value>, ctx: Ctx, at: &Pointer) {
        // `key:` with nothing after it (YAML's null) says nothing: it is
        // the keyword left out.
        let empty: Vec<String> = map
            .iter()
            .filter(|(k, v)| v.is_null() && expected_kind(ctx, k).is_some())
            .map(|(k, _)| k.clone())
            .collect();
        for key in empty {
            map.shift_remove(&key);
            self.diags.warning(
                at.push(&key).as_str(),
                format!("`{key}` is empty; it is left out"),
            );
        }
        for (key, value) in map.iter_mut() {
            let Some(kind) = expected_kind(ctx, key) else {
                continue;
            };
            if !kind.accepts(value) {
                self.diags.error(
                    at.push(key),
                    format!(
                        "`{key}` must be {}, found {}",
                        kind.describe(),
                        describe_value(value)
                    ),
                );
                *value = kind.empty();
            }
        }
    }

    fn security_schemes(&mut self, components: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") else {
            return;
        };
        schemes.retain(|name, scheme| {
            let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
            let known = matches!(kind, "apiKey" | "http" | "oauth2" | "openIdConnect");
            if !known && scheme.get("$ref").is_none() {
                self.diags.warning(
                    at.push("securitySchemes").push(name),
                    format!("security scheme type `{kind}` is not supported; it is ignored"),
                );
            }
            known || scheme.get("$ref").is_some()
        });
    }

    /// Normalizes one schema (children first, so a parent sees normalized
    /// members when it looks for `null` among them).
    fn schema(&mut self, node: &mut Value, at: &Pointer) {
        match node {
            Value::Bool(true) => *node = json!({}),
            Value::Bool(false) => *node = json!({"not": {}}),
            Value::Object(map) => {
                if map.get("$ref").is_some_and(|r| !r.is_string()) {
                    let r = map.shift_remove("$ref").unwrap_or_default();
                    self.diags.push(
                        Diagnostic::warning(
                            at.push("$ref").as_str(),
                            format!(
                                "`$ref` is {}, not a reference; the schema is read without it",
                                describe_value(&r)
                            ),
                        )
                        .with_help("quote the reference: in YAML an unquoted `#` starts a comment"),
                    );
                }
                self.boolean_required(map, at);
                self.check_kinds(map, Ctx::SCHEMA, at);
                self.nameless_discriminator(map, at);
                for (key, child) in map.iter_mut() {
                    let child_ctx = Ctx::SCHEMA.child(key);
                    self.walk(child, child_ctx, &at.push(key));
                }
                self.schema_object(map, at);
            }
            _ => {}
        }
    }

    /// `required: true` on a property (a Swagger 2 habit) means the parent
    /// lists it as required.
    fn boolean_required(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Object(props)) = map.get_mut("properties") else {
            return;
        };
        let mut newly_required = Vec::new();
        for (name, prop) in props.iter_mut() {
            if let Value::Object(p) = prop
                && let Some(Value::Bool(flag)) = p.get("required").cloned()
            {
                p.shift_remove("required");
                self.diags.warning(
                    at.push("properties").push(name).push("required"),
                    "`required` must be a list on the parent object; treating this boolean as listing the property there",
                );
                if flag {
                    newly_required.push(Value::String(name.clone()));
                }
            }
        }
        if newly_required.is_empty() {
            return;
        }
        match map.entry("required") {
            serde_json::map::Entry::Occupied(mut e) => {
                if let Value::Array(list) = e.get_mut() {
                    for r in newly_required {
                        if !list.contains(&r) {
                            list.push(r);
                        }
                    }
                }
            }
            serde_json::map::Entry::Vacant(e) => {
                e.insert(Value::Array(newly_required));
            }
        }
    }

    fn schema_object(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        // Swagger-era extension for nullable.
        if let Some(Value::Bool(true)) = map.shift_remove("x-nullable") {
            map.insert("nullable".into(), Value::Bool(true));
        }
        self.type_list(map, at);
        self.keywords_of_other_types(map, at);
        if map.get("type").and_then(Value::as_str) == Some("null") {
            map.shift_remove("type");
            mark_null_only(map);
        }
        if let Some(c) = map.shift_remove("const")
            && !map.contains_key("enum")
        {
            map.insert("enum".into(), Value::Array(vec![c]));
        }
        if let Some(Value::Array(values)) = map.get_mut("enum")
            && values.iter().any(Value::is_null)
        {
            values.retain(|v| !v.is_null());
            if values.is_empty() {
                map.shift_remove("enum");
                mark_null_only(map);
            } else {
                map.insert("nullable".into(), Value::Bool(true));
            }
        }
        for (key, flag) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(n)) = map.get(key).cloned() {
                map.insert(flag.into(), Value::Number(n));
                map.insert(key.into(), Value::Bool(true));
            }
        }
        if map.get("items").is_some_and(Value::is_array) || map.contains_key("prefixItems") {
            // Tuples have no Rust-friendly shape here; their items are
            // decoded as JSON values.
            map.shift_remove("prefixItems");
            map.insert("items".into(), json!({}));
        }
        if map.get("items") == Some(&json!({"not": {}})) {
            map.insert("items".into(), json!({}));
        }
        match map.get("contentEncoding").and_then(Value::as_str) {
            Some("base64") => {
                map.entry("format").or_insert_with(|| json!("byte"));
            }
            Some(_) => {}
            None => {
                if map.contains_key("contentMediaType") && map.get("type") == Some(&json!("string"))
                {
                    map.entry("format").or_insert_with(|| json!("binary"));
                }
            }
        }
        if map.get("required").is_some_and(|r| !r.is_array()) {
            self.diags.warning(
                at.push("required"),
                "`required` must be a list of property names; it is ignored",
            );
            map.shift_remove("required");
        }
        self.null_members(map, "anyOf");
        self.null_members(map, "oneOf");
        ref_with_siblings(map);
    }

    /// `type: [T, 'null']` → `type: T, nullable: true`; several non-null
    /// types become an `anyOf`.
    fn type_list(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        let Some(Value::Array(types)) = map.get("type").cloned() else {
            return;
        };
        let mut names: Vec<String> = Vec::new();
        let mut nullable = false;
        for t in &types {
            match t.as_str() {
                Some("null") => nullable = true,
                Some(name) => {
                    if !names.iter().any(|n| n == name) {
                        names.push(name.to_owned());
                    }
                }
                None => {
                    self.diags
                        .error(at.push("type"), "`type` lists a value that is not a string");
                    return;
                }
            }
        }
        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
        }
        match names.len() {
            0 => {
                map.shift_remove("type");
                mark_null_only(map);
            }
            1 => {
                map.insert("type".into(), Value::String(names.remove(0)));
            }
            _ => {
                map.shift_remove("type");
                let mut variants = Vec::new();
                for name in names {
                    let mut v = Map::new();
                    v.insert("type".into(), Value::String(name.clone()));
                    for key in keywords_for(&name) {
                        if let Some(val) = map.get(*key) {
                            v.insert((*key).into(), val.clone());
                        }
                    }
                    variants.push(Value::Object(v));
                }
                for name in ["string", "integer", "number", "array", "object"] {
                    for key in keywords_for(name) {
                        map.shift_remove(*key);
                    }
                }
                map.insert("anyOf".into(), Value::Array(variants));
            }
        }
    }

    /// `type` wins: a keyword that shapes another type (`properties` on a
    /// string, `items` on an object) is ignored, with a warning. GitHub's
    /// `{type: string, additionalProperties: true}` payload is a string.
    fn keywords_of_other_types(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        let Some(ty) = map.get("type").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        let foreign: &[&str] = match ty.as_str() {
            "object" => &["items", "prefixItems"],
            "array" => &["properties", "additionalProperties", "patternProperties"],
            "string" | "integer" | "number" | "boolean" => &[
                "properties",
                "additionalProperties",
                "patternProperties",
                "items",
                "prefixItems",
            ],
            _ => &[],
        };
        for key in foreign {
            if map.shift_remove(*key).is_some() {
                self.diags.warning(
                    at.push(key),
                    format!("`{key}` does not apply to `type: {ty}`; it is ignored"),
                );
            }
        }
    }

    /// Removes `null` members of `anyOf`/`oneOf`, making the parent nullable;
    /// a single remaining member is folded into the parent.
    fn null_members(&mut self, map: &mut Map<String, Value>, key: &str) {
        let Some(Value::Array(members)) = map.get(key) else {
            return;
        };
        if !members.iter().any(is_null_only) {
            return;
        }
        let mut rest: Vec<Value> = members
            .iter()
            .filter(|m| !is_null_only(m))
            .cloned()
            .collect();
        map.insert("nullable".into(), Value::Bool(true));
        match rest.len() {
            0 => {
                map.shift_remove(key);
                mark_null_only(map);
            }
            1 => {
                map.shift_remove(key);
                let member = rest.remove(0);
                fold_member(map, member);
            }
            _ => {
                map.insert(key.into(), Value::Array(rest));
            }
        }
    }
}

/// Schema keywords that belong to one `type`, for splitting `type: [a, b]`.
fn keywords_for(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "string" => &["format", "pattern", "minLength", "maxLength", "enum"],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "multipleOf",
            "exclusiveMinimum",
            "exclusiveMaximum",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

fn mark_null_only(map: &mut Map<String, Value>) {
    map.insert(NULL_ONLY.into(), Value::Bool(true));
    map.insert("nullable".into(), Value::Bool(true));
}

fn is_null_only(v: &Value) -> bool {
    v.get(NULL_ONLY) == Some(&Value::Bool(true))
}

/// Folds the one non-null member of a nullable union into its parent. A
/// reference becomes `allOf: [$ref]` (3.0 cannot put `nullable` beside a
/// `$ref`); an inline schema's keywords move up.
fn fold_member(map: &mut Map<String, Value>, member: Value) {
    let Value::Object(member) = member else {
        return;
    };
    if member.contains_key("$ref") && member.len() == 1 {
        match map.get_mut("allOf") {
            Some(Value::Array(list)) => list.push(Value::Object(member)),
            _ => {
                map.insert("allOf".into(), Value::Array(vec![Value::Object(member)]));
            }
        }
        return;
    }
    for (k, v) in member {
        match k.as_str() {
            // The parent's documentation describes the field; keep it.
            "description" | "title" if map.contains_key(&k) => {}
            "nullable" => {}
            _ => {
                map.insert(k, v);
            }
        }
    }
}

/// 3.1 allows keywords beside `$ref` (and 3.0 specs use them anyway); they
/// are kept by turning the node into `allOf: [$ref]` plus the keywords.
fn ref_with_siblings(map: &mut Map<String, Value>) {
    if !map.contains_key("$ref") || map.len() == 1 {
        return;
    }
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let target = json!({"$ref": reference});
    match map.get_mut("allOf") {
        Some(Value::Array(list)) => list.insert(0, target),
        _ => {
            map.insert("allOf".into(), Value::Array(vec![target]));
        }
    }
}

/// OpenAPI 3.2's `itemSchema` (each event of a stream) becomes the media
/// type's `schema`, marked so lowering reads it as an event. An event's
/// `data` is a string whose `contentSchema` says what JSON it holds: that
/// schema takes the string's place.
fn item_schema(map: &mut Map<String, Value>) {
    if map.contains_key("schema") {
        return;
    }
    let Some(mut item) = map.shift_remove("itemSchema") else {
        return;
    };
    unwrap_content_schema(&mut item);
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(list)) = item.get_mut(key) {
            list.iter_mut().for_each(unwrap_content_schema);
        }
    }
    map.insert("schema".into(), item);
    map.insert(super::ITEM_SCHEMA.into(), Value::Bool(true));
}

fn unwrap_content_schema(event: &mut Value) {
    let Some(data) = event.pointer_mut("/properties/data") else {
        return;
    };
    if let Some(content) = data.get("contentSchema").cloned() {
        *data = content;
    }
}

/// Parameters and headers must have `schema` or `content`; a missing one
/// means "any value" (read as text, as it arrives on the wire).
fn fill_missing_schema(map: &mut Map<String, Value>) {
    if !map.contains_key("$ref") && !map.contains_key("schema") && !map.contains_key("content") {
        map.insert("schema".into(), json!({"type": "string"}));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm_schema(v: Value) -> Value {
        let mut diags = Diagnostics::new();
        let mut w = Walker { diags: &mut diags };
        let mut v = v;
        w.schema(&mut v, &Pointer::root());
        v
    }

    #[test]
    fn every_nullable_spelling_becomes_nullable_true() {
        assert_eq!(
            norm_schema(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            norm_schema(json!({"anyOf": [{"type": "string"}, {"type": "null"}], "title": "T"})),
            json!({"title": "T", "nullable": true, "type": "string"})
        );
        assert_eq!(
            norm_schema(json!({"oneOf": [{"$ref": "#/c"}, {"type": "null"}], "description": "d"})),
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/c"}]})
        );
        assert_eq!(
            norm_schema(json!({"enum": ["a", null]})),
            json!({"enum": ["a"], "nullable": true})
        );
        assert_eq!(
            norm_schema(json!({"$ref": "#/c", "nullable": true})),
            json!({"nullable": true, "allOf": [{"$ref": "#/c"}]})
        );
        assert_eq!(
            norm_schema(
                json!({"anyOf": [{"type": "array", "items": {"type": "integer"}}, {"type": "null"}]})
            ),
            json!({"nullable": true, "type": "array", "items": {"type": "integer"}})
        );
    }

    #[test]
    fn const_and_type_lists() {
        assert_eq!(norm_schema(json!({"const": "x"})), json!({"enum": ["x"]}));
        assert_eq!(
            norm_schema(json!({"type": ["string", "integer"], "format": "uuid"})),
            json!({"anyOf": [{"type": "string", "format": "uuid"}, {"type": "integer", "format": "uuid"}]})
        );
        assert_eq!(
            norm_schema(json!({"type": "null"})),
            json!({NULL_ONLY: true, "nullable": true})
        );
    }
}
