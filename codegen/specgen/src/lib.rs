//! Random OpenAPI documents for fuzzing the generator. `arbitrary` turns
//! bytes into a [`Spec`] (schemas that refer to each other, unions with and
//! without discriminators, every nullable spelling, operations with path,
//! query, header and cookie parameters, bodies and responses, and the
//! shapes real specs broke it with), which [`Spec::to_json`] writes as a
//! document. Names and texts come from pools rich in trouble: Rust and
//! OpenAPI keywords, the generated code's own locals and methods, code
//! fences, bidi overrides, HTML and injection attempts.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value, json};

mod auth_hooks;
mod shapes;
use auth_hooks::{add_security, add_webhooks};
use shapes::{KEYWORDS, REQUEST_METHODS, Shapes};

/// Names the generated code must survive: keywords, prelude names, the
/// locals of generated method bodies, empty and symbol-only text.
const NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "",
    "a b",
    "+1",
    "-1",
    "fooBar",
    "foo_bar",
    "😀",
    "r#x",
    "a\"; std::process::exit(1); \"",
    "*/",
    "#[x]",
    "\u{202e}rtl",
    "Option",
    "String",
    "Result",
    "Box",
    "Vec",
    "client",
    "request",
    "body",
    "params",
    "call",
    "response",
    "value",
    "file",
    "serializer",
    "deserializer",
    "other",
    "state",
    "f",
    "0start",
    "default",
    "null",
    "true",
    "async",
    "await",
    "new",
    "builder",
    "from_env",
    "unknown",
    "Unknown",
    "Other",
    "additional_properties",
    "decode_x",
    "x",
    "X",
];

/// The locals and arguments of generated method bodies: parameters named
/// like them must not shadow them.
const LOCALS: &[&str] = &[
    "call",
    "body",
    "params",
    "response",
    "value",
    "file",
    "self",
    "serializer",
    "deserializer",
    "other",
    "state",
    "f",
    "client",
    "request",
];

/// Text the generated docs and literals must keep inert.
const TEXTS: &[&str] = &[
    "plain words",
    "```\ncompile_error!(\"spec text ran as a doctest\");\n```",
    "```rust\nfn main() { panic!() }\n```",
    "    indented code\n\n        fn x() {}",
    "<script>alert(1)</script> [link](javascript:alert(1)) [x]",
    "`unclosed code span",
    "\u{202e}bidi override\u{2066} and \u{0} control",
    "*/ /* */ \"quotes\" 'single' \\ backslash",
    "line one\r\nline two\rline three",
    "#[doc = \"x\"] #![allow(x)]",
    "https://example.com/path?a=b&c=d",
    "",
];

/// A name drawn from the pool or raw.
#[derive(Debug, Arbitrary)]
pub enum Name {
    /// From [`NAMES`].
    Pool(u8),
    /// From [`LOCALS`].
    Local(u8),
    /// An OpenAPI or JSON Schema keyword.
    Keyword(u8),
    /// A method of the generated request type.
    Method(u8),
    /// Any text, cut to 24 characters.
    Raw(String),
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Pool(i) => NAMES[*i as usize % NAMES.len()].to_owned(),
            Name::Local(i) => LOCALS[*i as usize % LOCALS.len()].to_owned(),
            Name::Keyword(i) => KEYWORDS[*i as usize % KEYWORDS.len()].to_owned(),
            Name::Method(i) => REQUEST_METHODS[*i as usize % REQUEST_METHODS.len()].to_owned(),
            Name::Raw(s) => s.chars().take(24).collect(),
        }
    }
}

/// Prose drawn from the pool or raw.
#[derive(Debug, Arbitrary)]
pub enum Text {
    /// From [`TEXTS`].
    Pool(u8),
    /// Any text, cut to 80 characters.
    Raw(String),
}

impl Text {
    fn text(&self) -> String {
        match self {
            Text::Pool(i) => TEXTS[*i as usize % TEXTS.len()].to_owned(),
            Text::Raw(s) => s.chars().take(80).collect(),
        }
    }
}

/// A schema.
#[derive(Debug, Arbitrary)]
pub enum Schema {
    /// `type: string`, a format, maybe an enum.
    Str {
        /// Index into the formats.
        format: u8,
        /// Enum values.
        enum_values: Vec<Name>,
    },
    /// `type: integer`, a format, maybe an enum.
    Int {
        /// Index into the formats.
        format: u8,
        /// Enum values.
        enum_values: Vec<i64>,
    },
    /// `type: number`.
    Num,
    /// `type: boolean`.
    Bool,
    /// `{}`.
    Any,
    /// `type: 'null'`.
    Null,
    /// A reference to one of the numbered components.
    Ref(u8),
    /// `type: array`.
    Array(Box<Schema>),
    /// `additionalProperties`.
    Map(Box<Schema>),
    /// An object: properties (name, schema, required) and whether closed.
    Object {
        /// Properties.
        props: Vec<(Name, Schema, bool)>,
        /// `additionalProperties: false`.
        closed: bool,
    },
    /// `oneOf`, with a discriminator property name and mapping keys.
    OneOf(Vec<Schema>, Option<(Name, Vec<(Name, u8)>)>),
    /// `anyOf`.
    AnyOf(Vec<Schema>),
    /// `allOf`.
    AllOf(Vec<Schema>),
    /// One of the nullable spellings.
    Nullable(Box<Schema>, u8),
    /// `const`.
    Const(Name),
    /// With a description and a title.
    Described(Box<Schema>, Text, Option<Text>),
}

const FORMATS: &[&str] = &[
    "",
    "uuid",
    "date-time",
    "date",
    "byte",
    "binary",
    "int32",
    "int64",
    "uint64",
    "float",
    "weird",
];

impl Schema {
    fn to_json(&self, depth: u32) -> Value {
        if depth > 6 {
            return json!({});
        }
        let d = depth + 1;
        match self {
            Schema::Str {
                format,
                enum_values,
            } => {
                let mut m = json!({"type": "string"});
                let f = FORMATS[*format as usize % FORMATS.len()];
                if !f.is_empty() {
                    m["format"] = json!(f);
                }
                if !enum_values.is_empty() {
                    m["enum"] = Value::Array(enum_values.iter().map(|n| json!(n.text())).collect());
                }
                m
            }
            Schema::Int {
                format,
                enum_values,
            } => {
                let mut m =
                    json!({"type": "integer", "format": FORMATS[*format as usize % FORMATS.len()]});
                if !enum_values.is_empty() {
                    m["enum"] = json!(enum_values);
                }
                m
            }
            Schema::Num => json!({"type": "number"}),
            Schema::Bool => json!({"type": "boolean"}),
            Schema::Any => json!({}),
            Schema::Null => json!({"type": "null"}),
            Schema::Ref(i) => json!({"$ref": format!("#/components/schemas/S{}", i % 6)}),
            Schema::Array(inner) => json!({"type": "array", "items": inner.to_json(d)}),
            Schema::Map(inner) => {
                json!({"type": "object", "additionalProperties": inner.to_json(d)})
            }
            Schema::Object { props, closed } => object(props, *closed, d),
            Schema::OneOf(members, tag) => {
                let list: Vec<Value> = members.iter().take(5).map(|x| x.to_json(d)).collect();
                let mut m = json!({"oneOf": list});
                if let Some((name, mapping)) = tag {
                    let mut map = Map::new();
                    for (value, target) in mapping.iter().take(4) {
                        map.insert(
                            value.text(),
                            json!(format!("#/components/schemas/S{}", target % 6)),
                        );
                    }
                    m["discriminator"] = json!({"propertyName": name.text(), "mapping": map});
                }
                m
            }
            Schema::AnyOf(members) => {
                json!({"anyOf": members.iter().take(5).map(|x| x.to_json(d)).collect::<Vec<_>>()})
            }
            Schema::AllOf(members) => {
                json!({"allOf": members.iter().take(5).map(|x| x.to_json(d)).collect::<Vec<_>>()})
            }
            Schema::Nullable(inner, how) => nullable(inner.to_json(d), *how),
            Schema::Const(n) => json!({"const": n.text()}),
            Schema::Described(inner, text, title) => {
                let mut b = inner.to_json(d);
                if let Value::Object(m) = &mut b {
                    m.insert("description".into(), json!(text.text()));
                    if let Some(t) = title {
                        m.insert("title".into(), json!(t.text()));
                    }
                }
                b
            }
        }
    }
}

fn object(props: &[(Name, Schema, bool)], closed: bool, depth: u32) -> Value {
    let mut p = Map::new();
    let mut required = Vec::new();
    for (name, s, req) in props.iter().take(8) {
        p.insert(name.text(), s.to_json(depth));
        if *req {
            required.push(json!(name.text()));
        }
    }
    let mut m = json!({"type": "object", "properties": p, "required": required});
    if closed {
        m["additionalProperties"] = json!(false);
    }
    m
}

fn nullable(base: Value, how: u8) -> Value {
    match how % 4 {
        0 => json!({"anyOf": [base, {"type": "null"}]}),
        1 => json!({"oneOf": [{"type": "null"}, base]}),
        2 => json!({"allOf": [base], "nullable": true}),
        _ => {
            let mut b = base;
            if let Some(Value::String(t)) = b.get("type").cloned() {
                b["type"] = json!([t, "null"]);
            }
            b
        }
    }
}

/// A parameter.
#[derive(Debug, Arbitrary)]
pub struct Param {
    name: Name,
    location: u8,
    required: bool,
    schema: Schema,
    description: Option<Text>,
}

/// An operation.
#[derive(Debug, Arbitrary)]
pub struct Op {
    path: Vec<Name>,
    method: u8,
    id: Option<Name>,
    summary: Option<Text>,
    params: Vec<Param>,
    body: Option<(u8, Schema)>,
    responses: Vec<(u16, Option<Schema>)>,
    /// Its group: none, a tag, its own operationId as its tag, a nested
    /// `x-fern-sdk-group-name`, or a tag with a `parent` (in a loop).
    group: (u8, u8, u8),
}

/// A whole document.
#[derive(Debug, Arbitrary)]
pub struct Spec {
    shapes: Shapes,
    version: bool,
    title: Text,
    description: Text,
    server: Option<Text>,
    security: u8,
    /// How many webhooks, and whether their payloads name themselves.
    hooks: u8,
    schemas: Vec<(Name, Schema)>,
    ops: Vec<Op>,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];
const MEDIA: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/octet-stream",
    "text/plain",
];
const LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];
const RESPONSE_MEDIA: &[&str] = &[
    "application/json",
    "application/json",
    "application/json",
    "text/event-stream",
    "audio/mpeg",
];

impl Spec {
    /// Builds a spec from `data`, as far as the bytes go.
    pub fn from_bytes(data: &[u8]) -> arbitrary::Result<Spec> {
        Spec::arbitrary_take_rest(Unstructured::new(data))
    }

    /// The document.
    pub fn to_json(&self) -> Value {
        // `S0`..`S5` always exist, so every reference resolves.
        let mut schemas = Map::new();
        for i in 0..6 {
            let s = match self.schemas.get(i) {
                Some((_, s)) => s.to_json(0),
                None => json!({"type": "object", "properties": {"id": {"type": "string"}}}),
            };
            schemas.insert(format!("S{i}"), s);
        }
        // Also some schemas with hostile names, referenced by nothing.
        for (name, s) in self.schemas.iter().skip(6).take(4) {
            schemas.insert(name.text(), s.to_json(0));
        }
        // Group names come from the operations' own ids and paths, so that
        // they meet the method names they namespace.
        let mut pool: Vec<String> = self
            .ops
            .iter()
            .take(6)
            .filter_map(|o| o.id.as_ref())
            .map(Name::text)
            .collect();
        pool.extend(
            self.ops
                .iter()
                .take(6)
                .flat_map(|o| o.path.first())
                .map(Name::text),
        );
        let mut tags = Vec::new();
        let mut paths = Map::new();
        for op in self.ops.iter().take(6) {
            let (path, mut o) = op.to_json();
            op.group_json(&pool, &mut o, &mut tags);
            let entry = paths.entry(path).or_insert_with(|| json!({}));
            entry[METHODS[op.method as usize % METHODS.len()]] = o;
        }
        let mut doc = json!({
            "openapi": if self.version { "3.1.0" } else { "3.0.3" },
            "info": {"title": self.title.text(), "version": "1.0.0", "description": self.description.text()},
            "paths": paths,
            "components": {"schemas": schemas},
        });
        if !tags.is_empty() {
            doc["tags"] = Value::Array(tags);
        }
        if let Some(s) = &self.server {
            doc["servers"] = json!([{"url": format!("https://example.com/{}", s.text())}]);
        }
        add_security(&mut doc, self.security);
        add_webhooks(&mut doc, self.hooks, &self.ops);
        self.shapes.add(&mut doc);
        doc
    }
}

impl Op {
    /// Puts the operation in its group (see [`Op::group`]); tags that
    /// nest go to `tags`.
    fn group_json(&self, pool: &[String], o: &mut Value, tags: &mut Vec<Value>) {
        let (kind, a, b) = self.group;
        let pick = |i: u8| pool.get(i as usize % pool.len().max(1)).cloned();
        match kind % 5 {
            1 => o["tags"] = json!(pick(a)),
            2 => o["tags"] = json!(self.id.as_ref().map(Name::text)),
            3 => o["x-fern-sdk-group-name"] = json!([pick(a), pick(b)]),
            4 => {
                let child = format!("child {}", a % 3);
                if let Some(parent) = pick(b) {
                    // The parent names the child back when `a` is odd: a loop.
                    tags.push(json!({"name": child, "parent": parent}));
                    if a % 2 == 1 {
                        tags.push(json!({"name": parent, "parent": child}));
                    }
                }
                o["tags"] = json!([child]);
            }
            _ => {}
        }
        // Some operations carry their own requirement.
        match b % 4 {
            1 => o["security"] = json!([]),
            2 => o["security"] = json!([{"basic": []}, {}]),
            3 => o["security"] = json!([{"oauth": ["read"]}, {"key": [], "flag": []}]),
            _ => {}
        }
        if o.get("tags").is_some_and(|t| !t.is_array()) {
            let tag = o["tags"].take();
            o["tags"] = if tag.is_null() {
                json!([])
            } else {
                json!([tag])
            };
        }
    }

    fn to_json(&self) -> (String, Value) {
        let mut path = format!(
            "/{}",
            self.path
                .iter()
                .take(3)
                .map(|n| n.text().replace(['{', '}'], ""))
                .collect::<Vec<_>>()
                .join("/")
        );
        let mut o = Map::new();
        if let Some(id) = &self.id {
            o.insert("operationId".into(), json!(id.text()));
        }
        if let Some(s) = &self.summary {
            o.insert("summary".into(), json!(s.text()));
        }
        let mut params = Vec::new();
        for p in self.params.iter().take(6) {
            let location = LOCATIONS[p.location as usize % LOCATIONS.len()];
            let name = p.name.text();
            if location == "path" {
                // Path parameters appear in the template, so they become
                // arguments of the generated method.
                path.push_str(&format!("/{{{}}}", name.replace(['{', '}', '/'], "")));
            }
            let mut param = json!({
                "name": name.replace(['{', '}', '/'], ""),
                "in": location,
                "required": p.required || location == "path",
                "schema": p.schema.to_json(2),
            });
            if let Some(d) = &p.description {
                param["description"] = json!(d.text());
            }
            params.push(param);
        }
        // Some operations look paginated, or declare it, so that pagination
        // detection meets arbitrary responses.
        match self.params.len() % 4 {
            1 => {
                params.push(json!({"name": "cursor", "in": "query", "schema": {"type": "string"}}));
                params.push(json!({"name": "page", "in": "query", "schema": {"type": "integer"}}));
            }
            2 => {
                o.insert("x-dropshot-pagination".into(), json!({"required": []}));
                o.insert(
                    "x-fern-pagination".into(),
                    json!({"offset": "$request.page", "results": "$response.data"}),
                );
            }
            _ => {}
        }
        o.insert("parameters".into(), Value::Array(params));
        if let Some((media, s)) = &self.body {
            o.insert(
                "requestBody".into(),
                json!({"required": true, "content": {MEDIA[*media as usize % MEDIA.len()]: {"schema": s.to_json(1)}}}),
            );
        }
        let dropshot = self.params.len() % 4 == 2;
        let mut responses = Map::new();
        for (code, s) in self.responses.iter().take(4) {
            let key = match code % 7 {
                0 => "default".to_owned(),
                1 => "2XX".to_owned(),
                _ => (100 + code % 500).to_string(),
            };
            let mut r = json!({"description": "r"});
            if let Some(s) = s {
                // Event streams and binary bodies too, with the same schemas.
                let media = RESPONSE_MEDIA[*code as usize % RESPONSE_MEDIA.len()];
                let mut schema = s.to_json(1);
                if dropshot && media == "application/json" {
                    // A Dropshot page of arbitrary items.
                    schema = json!({"type": "object", "required": ["items"], "properties": {
                        "items": {"type": "array", "items": schema},
                        "next_page": {"type": "string", "nullable": true},
                    }});
                }
                r["content"] = json!({media: {"schema": schema}});
            }
            responses.insert(key, r);
        }
        o.insert("responses".into(), Value::Object(responses));
        (path, Value::Object(o))
    }
}

/// A small, fast, seedable generator of bytes (splitmix64), so a batch of
/// specs is the same on every machine for the same seed.
#[derive(Debug, Clone)]
pub struct Bytes {
    state: u64,
}

impl Bytes {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Bytes { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// `len` bytes.
    pub fn take(&mut self, len: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(len + 8);
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_spec() {
        let a = Spec::from_bytes(&Bytes::new(7).take(4096)).expect("spec");
        let b = Spec::from_bytes(&Bytes::new(7).take(4096)).expect("spec");
        assert_eq!(a.to_json(), b.to_json());
        let c = Spec::from_bytes(&Bytes::new(8).take(4096)).expect("spec");
        assert_ne!(a.to_json(), c.to_json());
    }

    #[test]
    fn every_spec_carries_the_shapes_real_specs_broke_the_generator_with() {
        for seed in 0..20 {
            let doc = Spec::from_bytes(&Bytes::new(seed).take(4096))
                .expect("spec")
                .to_json();
            let text = doc.to_string();
            for target in [
                "#/components/parameters/",
                "#/components/responses/",
                "#/components/requestBodies/",
                "#/components/headers/",
                "#/paths/~1keywords/",
            ] {
                assert!(text.contains(target), "seed {seed}: no $ref into {target}");
            }
            let params = doc["paths"]["/reserved"]["get"]["parameters"]
                .as_array()
                .expect("parameters");
            assert!(
                params
                    .iter()
                    .any(|p| REQUEST_METHODS.contains(&p["name"].as_str().unwrap_or("")))
            );
            let downloads = doc["paths"]
                .as_object()
                .expect("paths")
                .keys()
                .filter(|p| p.starts_with("/downloads/"))
                .count();
            assert!(downloads >= 2, "seed {seed}: {downloads} downloads");
            let scopes = &doc["components"]["securitySchemes"]["oauth"]["flows"]["clientCredentials"]
                ["scopes"];
            assert!(
                scopes
                    .as_object()
                    .expect("scopes")
                    .keys()
                    .all(|k| KEYWORDS.contains(&k.as_str()))
            );
        }
    }
}
