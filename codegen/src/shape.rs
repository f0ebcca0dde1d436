//! The grammar of an OpenAPI document: which JSON nodes are which OpenAPI or
//! JSON Schema objects, which maps are keyed by names the author chose (and
//! what their values are), and which nodes are plain data or extensions.
//! The one place that knows the document's shape, shared by the loader
//! (`$ref`s, `$defs`), the normalizer and the example collector. A key is
//! read as a keyword only inside an object whose grammar has that keyword:
//! a property, path, form field, scope or component called `url`,
//! `content`, `schema` or `$ref` is a name, never a keyword.

/// An OpenAPI (3.0, 3.1, 3.2) or JSON Schema object kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Obj {
    /// The document root.
    Document,
    /// The `components` object.
    Components,
    /// The Paths object: paths to path items, and extensions.
    Paths,
    /// An operation's Responses object: status codes to responses, and
    /// extensions.
    Responses,
    /// A Path Item (also a webhook, a callback's expression, a component).
    PathItem,
    /// An Operation.
    Operation,
    /// A Parameter.
    Parameter,
    /// A Header (a parameter without `name` and `in`).
    Header,
    /// A Request Body.
    RequestBody,
    /// A Media Type (a value of a `content` map).
    MediaType,
    /// An Encoding (a value of a media type's `encoding` map).
    Encoding,
    /// A Response.
    Response,
    /// A Callback: a map from runtime expressions to path items.
    Callback,
    /// An Example.
    Example,
    /// A Link.
    Link,
    /// A Security Scheme.
    SecurityScheme,
    /// An OAuth Flows object.
    OAuthFlows,
    /// One OAuth flow.
    OAuthFlow,
    /// A Server.
    Server,
    /// A Server Variable.
    ServerVariable,
    /// A Tag.
    Tag,
    /// A Discriminator.
    Discriminator,
    /// An External Documentation object.
    ExternalDocs,
    /// A schema.
    Schema,
    /// An object with no nested grammar the generator reads (`info`,
    /// `contact`, `license`, `xml`).
    Plain,
}

/// What kind of node a walker is standing on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    /// An object of this kind (which may be a `{"$ref": ...}` to one).
    Object(Obj),
    /// A map keyed by names the author chose; every value is an `Obj`.
    Map(Obj),
    /// A list whose every element is an `Obj`.
    List(Obj),
    /// Prose (`description`, `summary`), which some specs write as a
    /// `$ref` to text kept elsewhere (`description: {$ref: intro.yml#/x}`).
    Text,
    /// Literal data (`example`, `default`, `enum`, scopes, a
    /// discriminator's mapping): never interpreted.
    Data,
    /// A vendor extension (`x-...`): never interpreted.
    Extension,
}

impl Ctx {
    /// The document root.
    pub const DOCUMENT: Ctx = Ctx::Object(Obj::Document);
    /// A schema.
    pub const SCHEMA: Ctx = Ctx::Object(Obj::Schema);

    /// The context of the value stored under `key` in a node of this
    /// context.
    pub fn child(self, key: &str) -> Ctx {
        match self {
            Ctx::Data | Ctx::Extension => self,
            Ctx::List(_) | Ctx::Text => Ctx::Data,
            // In a map of names, `x-...` is a name too.
            Ctx::Map(obj) => Ctx::Object(obj),
            Ctx::Object(obj) => {
                if key.starts_with("x-") {
                    return Ctx::Extension;
                }
                member(obj, key)
            }
        }
    }

    /// The context of an element of an array found in this context.
    pub fn element(self) -> Ctx {
        match self {
            Ctx::List(obj) => Ctx::Object(obj),
            // `items: [...]`, the tuple form of old drafts.
            Ctx::Object(Obj::Schema) => Ctx::SCHEMA,
            Ctx::Extension => Ctx::Extension,
            _ => Ctx::Data,
        }
    }

    /// True for a schema.
    pub fn is_schema(self) -> bool {
        self == Ctx::SCHEMA
    }

    /// True where `{"$ref": "<text>"}` is a reference: in an object
    /// position, and in a map of names, which some specs write as a
    /// reference to the whole map (`content: {$ref: ...}`); never in data
    /// or extensions. Only text counts: in a map of names, `$ref` whose
    /// value is an object (a property called `$ref`) is a name.
    pub fn resolves_refs(self) -> bool {
        matches!(self, Ctx::Object(_) | Ctx::Map(_) | Ctx::Text)
    }

    /// The object kind, for an object position.
    pub fn object(self) -> Option<Obj> {
        match self {
            Ctx::Object(obj) => Some(obj),
            _ => None,
        }
    }
}

/// The context of `key` (not an extension) inside an object of kind `obj`.
fn member(obj: Obj, key: &str) -> Ctx {
    use Ctx::{Data, List, Map, Object};
    let keyed_by_names = matches!(
        obj,
        Obj::Paths | Obj::Responses | Obj::Callback | Obj::OAuthFlows | Obj::Components
    );
    if matches!(key, "description" | "summary") && !keyed_by_names {
        return Ctx::Text;
    }
    match (obj, key) {
        (Obj::Document, "paths") => Object(Obj::Paths),
        (Obj::Document, "webhooks") => Map(Obj::PathItem),
        (Obj::Paths, _) => Object(Obj::PathItem),
        (Obj::Responses, _) => Object(Obj::Response),
        (Obj::Document, "components") => Object(Obj::Components),
        (Obj::Document, "servers") | (Obj::PathItem | Obj::Operation, "servers") => {
            List(Obj::Server)
        }
        (Obj::Document, "tags") => List(Obj::Tag),
        (Obj::Document, "info") => Object(Obj::Plain),
        (Obj::Document | Obj::Operation | Obj::Tag, "externalDocs") => Object(Obj::ExternalDocs),
        (Obj::Components, section) => match section {
            "schemas" => Map(Obj::Schema),
            "responses" => Map(Obj::Response),
            "parameters" => Map(Obj::Parameter),
            "examples" => Map(Obj::Example),
            "requestBodies" => Map(Obj::RequestBody),
            "headers" => Map(Obj::Header),
            "securitySchemes" => Map(Obj::SecurityScheme),
            "links" => Map(Obj::Link),
            "callbacks" => Map(Obj::Callback),
            "pathItems" => Map(Obj::PathItem),
            "mediaTypes" => Map(Obj::MediaType),
            _ => Data,
        },
        (Obj::PathItem, method) if is_method(method) => Object(Obj::Operation),
        (Obj::PathItem, "additionalOperations") => Map(Obj::Operation),
        (Obj::PathItem | Obj::Operation, "parameters") => List(Obj::Parameter),
        (Obj::Operation, "requestBody") => Object(Obj::RequestBody),
        (Obj::Operation, "responses") => Object(Obj::Responses),
        (Obj::Operation, "callbacks") => Map(Obj::Callback),
        (Obj::Parameter | Obj::Header | Obj::MediaType, "schema") => Ctx::SCHEMA,
        (Obj::MediaType, "itemSchema") => Ctx::SCHEMA,
        (Obj::Parameter | Obj::Header | Obj::RequestBody | Obj::Response, "content") => {
            Map(Obj::MediaType)
        }
        (Obj::Parameter | Obj::Header | Obj::MediaType, "examples") => Map(Obj::Example),
        (Obj::MediaType, "encoding") => Map(Obj::Encoding),
        (Obj::MediaType, "prefixEncoding") => List(Obj::Encoding),
        (Obj::MediaType, "itemEncoding") => Object(Obj::Encoding),
        (Obj::Encoding | Obj::Response, "headers") => Map(Obj::Header),
        (Obj::Response, "links") => Map(Obj::Link),
        (Obj::Callback, _) => Object(Obj::PathItem),
        (Obj::Link, "server") => Object(Obj::Server),
        (Obj::SecurityScheme, "flows") => Object(Obj::OAuthFlows),
        (Obj::OAuthFlows, _) => Object(Obj::OAuthFlow),
        (Obj::Server, "variables") => Map(Obj::ServerVariable),
        (Obj::Schema, key) => schema_member(key),
        // Everything else (scopes, a discriminator's mapping, examples'
        // values, security requirements, descriptions) is data.
        _ => Data,
    }
}

/// The context of `key` inside a schema.
fn schema_member(key: &str) -> Ctx {
    match key {
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
            Ctx::Map(Obj::Schema)
        }
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
        | "contentSchema" => Ctx::SCHEMA,
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Ctx::List(Obj::Schema),
        "discriminator" => Ctx::Object(Obj::Discriminator),
        "externalDocs" => Ctx::Object(Obj::ExternalDocs),
        "xml" => Ctx::Object(Obj::Plain),
        _ => Ctx::Data,
    }
}

/// The keys of a path item that hold operations.
fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" | "query"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_positions() {
        let op = Ctx::DOCUMENT.child("paths").child("/a").child("get");
        assert_eq!(op, Ctx::Object(Obj::Operation));
        let schema = op
            .child("responses")
            .child("default")
            .child("content")
            .child("application/json")
            .child("schema");
        assert_eq!(schema, Ctx::SCHEMA);
        assert_eq!(schema.child("properties").child("default"), Ctx::SCHEMA);
        assert_eq!(schema.child("default"), Ctx::Data);
        assert_eq!(schema.child("description"), Ctx::Text);
        assert_eq!(
            schema.child("properties").child("description"),
            Ctx::SCHEMA,
            "a property called description"
        );
        assert_eq!(schema.child("x-foo"), Ctx::Extension);
        assert_eq!(schema.child("allOf").element(), Ctx::SCHEMA);
        assert_eq!(
            Ctx::DOCUMENT
                .child("components")
                .child("schemas")
                .child("A"),
            Ctx::SCHEMA
        );
        assert_eq!(schema.child("properties").child("x-weird"), Ctx::SCHEMA);
    }

    #[test]
    fn names_the_author_chose_are_never_keywords() {
        let media = Ctx::DOCUMENT
            .child("paths")
            .child("/upload")
            .child("post")
            .child("requestBody")
            .child("content")
            .child("multipart/form-data");
        assert_eq!(media, Ctx::Object(Obj::MediaType));
        // A form field called `url` is an Encoding, not a server's URL.
        assert_eq!(
            media.child("encoding").child("url"),
            Ctx::Object(Obj::Encoding)
        );
        let components = Ctx::DOCUMENT.child("components");
        assert_eq!(
            components.child("parameters").child("operationId"),
            Ctx::Object(Obj::Parameter)
        );
        let flow = components
            .child("securitySchemes")
            .child("oauth")
            .child("flows")
            .child("clientCredentials");
        assert_eq!(flow.child("scopes").child("content"), Ctx::Data);
        let discriminator = Ctx::SCHEMA.child("discriminator");
        assert_eq!(discriminator.child("mapping").child("content"), Ctx::Data);
        // A property called `$ref` is a schema like any other.
        assert_eq!(Ctx::SCHEMA.child("properties").child("$ref"), Ctx::SCHEMA);
        assert!(
            Ctx::SCHEMA
                .child("properties")
                .child("$ref")
                .resolves_refs()
        );
        // Paths and responses are extensible; maps of names are not.
        assert_eq!(
            Ctx::DOCUMENT.child("paths").child("x-internal"),
            Ctx::Extension
        );
        assert_eq!(
            op_responses().child("x-codes"),
            Ctx::Extension,
            "responses may carry extensions"
        );
        assert_eq!(
            components.child("responses").child("x-ext"),
            Ctx::Object(Obj::Response),
            "a component may be called x-ext"
        );
        assert_eq!(
            Ctx::DOCUMENT
                .child("webhooks")
                .child("content")
                .child("post"),
            Ctx::Object(Obj::Operation)
        );
    }

    fn op_responses() -> Ctx {
        Ctx::DOCUMENT
            .child("paths")
            .child("/a")
            .child("get")
            .child("responses")
    }
}
