//! Which JSON nodes of an OpenAPI document are schemas, which are plain data
//! and which are extensions: the one place that knows the document's shape,
//! shared by the loader (external `$ref`s) and the normalizer.

/// What kind of node a walker is standing on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// The document root.
    Document,
    /// The `components` object.
    Components,
    /// An OpenAPI object that is not a schema (operation, parameter, ...).
    Other,
    /// A schema object.
    Schema,
    /// A map whose values are schemas (`properties`, `components/schemas`).
    SchemaMap,
    /// A list whose items are schemas (`allOf`, `prefixItems`, ...).
    SchemaList,
    /// Literal data (`example`, `default`, `enum`): never interpreted.
    Data,
    /// A vendor extension (`x-...`): never interpreted.
    Extension,
}

impl Ctx {
    /// The context of the value stored under `key` in an object of this context.
    pub fn child(self, key: &str) -> Ctx {
        if key.starts_with("x-") && !matches!(self, Ctx::SchemaMap | Ctx::Data) {
            return Ctx::Extension;
        }
        match self {
            Ctx::Data | Ctx::Extension => self,
            Ctx::SchemaMap => Ctx::Schema,
            Ctx::SchemaList => Ctx::Schema,
            Ctx::Document => match key {
                "components" => Ctx::Components,
                _ => Ctx::Other,
            },
            Ctx::Components => match key {
                "schemas" => Ctx::SchemaMap,
                _ => Ctx::Other,
            },
            Ctx::Other => match key {
                "schema" => Ctx::Schema,
                "example" | "value" => Ctx::Data,
                _ => Ctx::Other,
            },
            Ctx::Schema => match key {
                "properties" | "patternProperties" | "$defs" | "definitions"
                | "dependentSchemas" => Ctx::SchemaMap,
                "items"
                | "additionalProperties"
                | "not"
                | "contains"
                | "if"
                | "then"
                | "else"
                | "propertyNames"
                | "additionalItems"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "contentSchema" => Ctx::Schema,
                "allOf" | "anyOf" | "oneOf" | "prefixItems" => Ctx::SchemaList,
                "discriminator" | "externalDocs" | "xml" => Ctx::Other,
                _ => Ctx::Data,
            },
        }
    }

    /// The context of an element of an array found in this context.
    pub fn element(self) -> Ctx {
        match self {
            Ctx::SchemaList | Ctx::Schema => Ctx::Schema,
            Ctx::Document | Ctx::Components | Ctx::SchemaMap => Ctx::Other,
            other => other,
        }
    }

    /// True where a `{"$ref": ...}` object is a reference (not data).
    pub fn resolves_refs(self) -> bool {
        !matches!(self, Ctx::Data | Ctx::Extension)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_positions() {
        let op = Ctx::Document.child("paths").child("/a").child("get");
        assert_eq!(op, Ctx::Other);
        let schema = op
            .child("responses")
            .child("default")
            .child("content")
            .child("application/json")
            .child("schema");
        assert_eq!(schema, Ctx::Schema);
        assert_eq!(schema.child("properties").child("default"), Ctx::Schema);
        assert_eq!(schema.child("default"), Ctx::Data);
        assert_eq!(schema.child("x-foo"), Ctx::Extension);
        assert_eq!(schema.child("allOf").element(), Ctx::Schema);
        assert_eq!(
            Ctx::Document
                .child("components")
                .child("schemas")
                .child("A"),
            Ctx::Schema
        );
        assert_eq!(schema.child("properties").child("x-weird"), Ctx::Schema);
    }
}
