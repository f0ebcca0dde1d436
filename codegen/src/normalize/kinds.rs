//! The JSON type each keyword the generator reads must have, by context.

use serde_json::{Value, json};

use crate::shape::Ctx;

/// JSON types a keyword may have.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Object,
    Array,
    Text,
    Bool,
    /// A schema: an object, or `true`/`false` in 3.1.
    Schema,
    /// `type`: one name or a list of names.
    TypeName,
    /// `items`: a schema or (old drafts) a list of schemas.
    Items,
}

impl Kind {
    pub(super) fn accepts(self, v: &Value) -> bool {
        match self {
            Kind::Object => v.is_object(),
            Kind::Array => v.is_array(),
            Kind::Text => v.is_string(),
            Kind::Bool => v.is_boolean(),
            Kind::Schema => v.is_object() || v.is_boolean(),
            Kind::TypeName => v.is_string() || v.is_array(),
            Kind::Items => v.is_object() || v.is_boolean() || v.is_array(),
        }
    }

    /// A harmless value of this kind, standing in for a wrong one.
    pub(super) fn empty(self) -> Value {
        match self {
            Kind::Array => json!([]),
            Kind::Text => json!(""),
            Kind::Bool => json!(false),
            Kind::Object | Kind::Schema | Kind::TypeName | Kind::Items => json!({}),
        }
    }

    pub(super) fn describe(self) -> &'static str {
        match self {
            Kind::Object => "a mapping",
            Kind::Array => "a list",
            Kind::Text => "text",
            Kind::Bool => "true or false",
            Kind::Schema => "a schema (a mapping)",
            Kind::TypeName => "a type name or a list of them",
            Kind::Items => "a schema",
        }
    }
}

pub(super) fn describe_value(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{}`", s.chars().take(40).collect::<String>()),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

/// The JSON type OpenAPI requires for `key` in a node of this context, for
/// the keywords the generator reads.
pub(super) fn expected_kind(ctx: Ctx, key: &str) -> Option<Kind> {
    Some(match (ctx, key) {
        (Ctx::Document, "info" | "paths" | "components" | "webhooks") => Kind::Object,
        (Ctx::Document, "servers" | "security" | "tags") => Kind::Array,
        (Ctx::Document, "openapi") => Kind::Text,
        (Ctx::Components, k) if !k.starts_with("x-") => Kind::Object,
        (Ctx::Other, "parameters" | "servers" | "tags" | "security") => Kind::Array,
        (
            Ctx::Other,
            "responses" | "content" | "headers" | "requestBody" | "variables" | "mapping",
        ) => Kind::Object,
        (Ctx::Other, "schema") => Kind::Schema,
        (Ctx::Other, "summary" | "operationId" | "in" | "url" | "$ref" | "propertyName") => {
            Kind::Text
        }
        (Ctx::Other, "deprecated" | "explode" | "allowReserved") => Kind::Bool,
        (Ctx::Schema, "properties" | "patternProperties" | "$defs" | "discriminator") => {
            Kind::Object
        }
        (Ctx::Schema, "allOf" | "anyOf" | "oneOf" | "enum") => Kind::Array,
        (Ctx::Schema, "additionalProperties" | "not") => Kind::Schema,
        (Ctx::Schema, "items") => Kind::Items,
        (Ctx::Schema, "type") => Kind::TypeName,
        (Ctx::Schema, "format" | "$ref") => Kind::Text,
        (Ctx::Schema, "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems") => {
            Kind::Bool
        }
        _ => return None,
    })
}
