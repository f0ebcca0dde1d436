//! The JSON type each keyword the generator reads must have, by context.

use serde_json::{Value, json};

use crate::shape::{Ctx, Obj};

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
/// the keywords the generator reads. Only objects have keywords: a key of a
/// map of names is a name, whatever it spells.
pub(super) fn expected_kind(ctx: Ctx, key: &str) -> Option<Kind> {
    let obj = ctx.object()?;
    if key == "$ref" && obj != Obj::Document && obj != Obj::Components {
        return Some(Kind::Text);
    }
    Some(match (obj, key) {
        (Obj::Document, "info" | "paths" | "components" | "webhooks") => Kind::Object,
        (Obj::Document, "servers" | "security" | "tags") => Kind::Array,
        (Obj::Document, "openapi") => Kind::Text,
        (Obj::Components, k) if !k.starts_with("x-") => Kind::Object,
        (Obj::PathItem, "parameters" | "servers") => Kind::Array,
        (Obj::PathItem, "summary") => Kind::Text,
        (Obj::Operation, "parameters" | "servers" | "tags" | "security") => Kind::Array,
        (Obj::Operation, "responses" | "requestBody" | "callbacks") => Kind::Object,
        (Obj::Operation, "summary" | "operationId") => Kind::Text,
        (Obj::Operation, "deprecated") => Kind::Bool,
        (Obj::Parameter | Obj::Header | Obj::MediaType, "schema") => Kind::Schema,
        (Obj::Parameter | Obj::Header | Obj::RequestBody | Obj::Response, "content") => {
            Kind::Object
        }
        (Obj::Parameter, "in") => Kind::Text,
        (Obj::Parameter | Obj::Header, "deprecated" | "explode" | "allowReserved") => Kind::Bool,
        (Obj::MediaType, "encoding") => Kind::Object,
        (Obj::Encoding, "contentType") => Kind::Text,
        (Obj::Encoding, "explode" | "allowReserved") => Kind::Bool,
        (Obj::Encoding | Obj::Response, "headers") => Kind::Object,
        (Obj::Server, "url") => Kind::Text,
        (Obj::Server, "variables") => Kind::Object,
        (Obj::SecurityScheme, "in") => Kind::Text,
        (Obj::Discriminator, "propertyName") => Kind::Text,
        (Obj::Discriminator, "mapping") => Kind::Object,
        (Obj::Schema, "properties" | "patternProperties" | "$defs" | "discriminator") => {
            Kind::Object
        }
        (Obj::Schema, "allOf" | "anyOf" | "oneOf" | "enum") => Kind::Array,
        (Obj::Schema, "additionalProperties" | "not") => Kind::Schema,
        (Obj::Schema, "items") => Kind::Items,
        (Obj::Schema, "type") => Kind::TypeName,
        (Obj::Schema, "format") => Kind::Text,
        (Obj::Schema, "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems") => {
            Kind::Bool
        }
        _ => return None,
    })
}
