//! The shapes that broke the generator on real specs (issue 19), added to
//! every random document so that each batch meets them: names that spell
//! keywords in every map keyed by names, `$ref`s into other components and
//! paths, parameters named like the request type's own methods, and
//! binary downloads of one request shape.

use arbitrary::Arbitrary;
use serde_json::{Map, Value, json};

/// Keywords of OpenAPI and JSON Schema, used where the grammar allows a
/// name the author chose.
pub(crate) const KEYWORDS: &[&str] = &[
    "url",
    "content",
    "schema",
    "items",
    "properties",
    "$ref",
    "operationId",
    "allOf",
    "type",
    "enum",
    "examples",
    "links",
    "callbacks",
    "description",
    "required",
    "in",
    "name",
    "mapping",
    "scopes",
    "$defs",
    "responses",
    "parameters",
    "headers",
    "encoding",
    "x-ext",
];

/// The methods of the generated request type (the template's, and the
/// stream methods lowering adds).
pub(crate) const REQUEST_METHODS: &[&str] = &[
    "with",
    "new",
    "pages",
    "streamed",
    "items",
    "byte_stream",
    "header",
    "timeout",
    "max_retries",
    "retry_non_idempotent",
    "send",
    "send_with_response",
    "build_request",
    "into_future",
    "fmt",
    "clone",
];

/// What a document adds of these shapes.
#[derive(Debug, Arbitrary)]
pub struct Shapes {
    /// Offsets into [`KEYWORDS`] for the names of component parameters,
    /// responses, request bodies and headers, scopes, webhooks, examples,
    /// links, callbacks and form fields.
    keywords: [u8; 4],
    /// Offset into [`REQUEST_METHODS`] for the query parameters of one
    /// operation (it takes six of them).
    reserved: u8,
    /// Binary downloads of one request shape: 2 to 4 of them.
    downloads: u8,
    /// Whether the downloads have a path parameter.
    download_param: bool,
}

fn keyword(offset: u8, i: usize) -> &'static str {
    KEYWORDS[(offset as usize + i) % KEYWORDS.len()]
}

impl Shapes {
    /// Adds the shapes to `doc`, whose `components/schemas` has `S0`..`S5`.
    pub(crate) fn add(&self, doc: &mut Value) {
        let [k0, k1, k2, k3] = self.keywords;
        let (param, response, body, header) = (
            keyword(k0, 0),
            keyword(k1, 1),
            keyword(k2, 2),
            keyword(k3, 3),
        );
        let components = &mut doc["components"];
        components["parameters"] = json!({param: {
            "name": param, "in": "query", "schema": {"$ref": "#/components/schemas/S1"}
        }});
        components["headers"] =
            json!({header: {"schema": {"type": "string", "enum": [param, body]}}});
        components["requestBodies"] = json!({body: {"content": {"application/json": {
            "schema": {"type": "object", "properties": {response: {"type": "integer"}, "kind": {"type": "string"}}}
        }}}});
        components["responses"] = json!({response: {
            "description": "shared",
            "headers": {header: {"$ref": format!("#/components/headers/{}", escape(header))}},
            "links": {param: {"operationId": "keywords"}},
            "content": {"application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/S2"}},
                "examples": {body: {"value": [{param: 1}]}}
            }}
        }});
        components["securitySchemes"]["oauth"] = json!({"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "https://example.com/token",
            "scopes": {param: "a scope", response: "another"}
        }}});
        components["schemas"]["Foreign"] = self.foreign_refs(param, response, body, header);
        let paths = &mut doc["paths"];
        paths["/keywords"] = self.keyword_operation(param, response, body);
        paths["/reserved"] = self.reserved_operation();
        for i in 0..(2 + self.downloads % 3) {
            let (path, op) = self.download(i);
            paths[path] = op;
        }
        // Unless the spec has webhooks of its own (whose payloads may all
        // name themselves, which one more would spoil).
        if !doc["webhooks"].is_object() {
            doc["webhooks"] = json!({param: {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S3"}}}},
                "responses": {"200": {"description": "ok"}}
            }}});
        }
    }

    /// A schema whose properties refer into parameters, responses, request
    /// bodies, headers and paths.
    fn foreign_refs(&self, param: &str, response: &str, body: &str, header: &str) -> Value {
        let json_media = "content/application~1json/schema";
        json!({"type": "object", "properties": {
            "from_parameter": {"$ref": format!("#/components/parameters/{}/schema", escape(param))},
            "from_response": {"$ref": format!("#/components/responses/{}/{json_media}/items", escape(response))},
            "from_body": {"$ref": format!("#/components/requestBodies/{}/{json_media}/properties/{}", escape(body), escape(response))},
            "from_header": {"$ref": format!("#/components/headers/{}/schema", escape(header))},
            "from_path": {"$ref": format!("#/paths/~1keywords/post/requestBody/content/multipart~1form-data/schema/properties/{}", escape(param))},
        }})
    }

    /// A multipart upload whose form fields, encodings, callbacks and
    /// parameters are named by keywords.
    fn keyword_operation(&self, param: &str, response: &str, body: &str) -> Value {
        let mut fields = Map::new();
        let mut encoding = Map::new();
        for name in [param, response, body] {
            fields.insert(name.to_owned(), json!({"type": "string"}));
            encoding.insert(name.to_owned(), json!({"contentType": "text/plain"}));
        }
        json!({"post": {
            "operationId": "keywords",
            "security": [{"oauth": [param]}],
            "parameters": [{"$ref": format!("#/components/parameters/{}", escape(param))}],
            "requestBody": {"required": true, "content": {"multipart/form-data": {
                "schema": {"type": "object", "properties": fields},
                "encoding": encoding
            }}},
            "callbacks": {body: {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}},
            "responses": {
                "200": {"$ref": format!("#/components/responses/{}", escape(response))},
                "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Foreign"}}}}
            }
        }})
    }

    /// An operation whose optional query parameters are named like the
    /// request type's own methods, and which pages and streams.
    fn reserved_operation(&self) -> Value {
        let params: Vec<Value> = (0..6)
            .map(|i| {
                let name = REQUEST_METHODS[(self.reserved as usize + i) % REQUEST_METHODS.len()];
                json!({"name": name, "in": "query", "schema": {"type": "string"}})
            })
            .chain([json!({"name": "cursor", "in": "query", "schema": {"type": "string"}})])
            .collect();
        json!({"get": {
            "operationId": "reserved",
            "parameters": params,
            "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {
                "type": "object", "required": ["data"],
                "properties": {"data": {"type": "array", "items": {"type": "string"}}, "next_cursor": {"type": "string", "nullable": true}}
            }}}}}
        }})
    }

    /// One of several binary downloads of the same request shape.
    fn download(&self, i: u8) -> (String, Value) {
        let (path, params) = if self.download_param {
            (
                format!("/downloads/{i}/{{id}}"),
                json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]),
            )
        } else {
            (format!("/downloads/{i}"), json!([]))
        };
        let mut responses = json!({"200": {"description": "a file", "content": {"audio/mpeg": {"schema": {"type": "string", "format": "binary"}}}}});
        if i == 0 {
            // Another success with another body: the file, or word that
            // it is not ready yet.
            responses["202"] = json!({"description": "not ready", "content": {"application/json": {"schema": {"type": "object", "properties": {"retry_after": {"type": "integer"}}}}}});
        }
        let op = json!({"get": {
            "operationId": format!("download_{i}"),
            "parameters": params,
            "responses": responses
        }});
        (path, op)
    }
}

/// A name as a JSON pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}
