//! Structure-aware: `arbitrary` builds OpenAPI documents (schemas that refer
//! to each other, unions, nullable spellings, operations with parameters and
//! bodies, hostile names), so the fuzzer spends its time in lowering and
//! emission rather than in the parser. The generator must never panic, and
//! its Rust output must parse.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};

/// Names drawn from a small pool that is rich in edge cases.
#[derive(Debug, Arbitrary)]
enum Name {
    Pool(u8),
    Raw(String),
}

const POOL: &[&str] = &[
    "id", "type", "self", "Self", "crate", "", "a b", "+1", "-1", "fooBar", "foo_bar", "😀", "r#x",
    "a\"; std::process::exit(1); \"", "*/", "#[x]", "\u{202e}rtl", "Option", "String", "Result",
    "client", "request", "body", "params", "0start", "default", "null", "true",
];

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Pool(i) => POOL[*i as usize % POOL.len()].to_owned(),
            Name::Raw(s) => s.chars().take(24).collect(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Schema {
    Str { format: u8, enum_values: Vec<Name> },
    Int { format: u8, enum_values: Vec<i64> },
    Num,
    Bool,
    Any,
    Null,
    Ref(u8),
    Array(Box<Schema>),
    Map(Box<Schema>),
    Object { props: Vec<(Name, Schema, bool)>, closed: bool },
    OneOf(Vec<Schema>, Option<Name>),
    AnyOf(Vec<Schema>),
    AllOf(Vec<Schema>),
    Nullable(Box<Schema>, u8),
    Const(Name),
    Described(Box<Schema>, String),
}

const FORMATS: &[&str] = &["", "uuid", "date-time", "date", "byte", "binary", "int32", "int64", "uint64", "float", "weird"];

fn schema(s: &Schema, depth: u32) -> Value {
    if depth > 6 {
        return json!({});
    }
    let d = depth + 1;
    match s {
        Schema::Str { format, enum_values } => {
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
        Schema::Int { format, enum_values } => {
            let mut m = json!({"type": "integer", "format": FORMATS[*format as usize % FORMATS.len()]});
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
        Schema::Array(inner) => json!({"type": "array", "items": schema(inner, d)}),
        Schema::Map(inner) => json!({"type": "object", "additionalProperties": schema(inner, d)}),
        Schema::Object { props, closed } => {
            let mut p = Map::new();
            let mut required = Vec::new();
            for (name, s, req) in props.iter().take(8) {
                p.insert(name.text(), schema(s, d));
                if *req {
                    required.push(json!(name.text()));
                }
            }
            let mut m = json!({"type": "object", "properties": p, "required": required});
            if *closed {
                m["additionalProperties"] = json!(false);
            }
            m
        }
        Schema::OneOf(members, tag) => {
            let mut m = json!({"oneOf": members.iter().take(5).map(|x| schema(x, d)).collect::<Vec<_>>()});
            if let Some(t) = tag {
                m["discriminator"] = json!({"propertyName": t.text()});
            }
            m
        }
        Schema::AnyOf(members) => json!({"anyOf": members.iter().take(5).map(|x| schema(x, d)).collect::<Vec<_>>()}),
        Schema::AllOf(members) => json!({"allOf": members.iter().take(5).map(|x| schema(x, d)).collect::<Vec<_>>()}),
        Schema::Nullable(inner, how) => {
            let base = schema(inner, d);
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
        Schema::Const(n) => json!({"const": n.text()}),
        Schema::Described(inner, text) => {
            let mut b = schema(inner, d);
            if let Value::Object(m) = &mut b {
                m.insert("description".into(), json!(text));
            }
            b
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Param {
    name: Name,
    location: u8,
    required: bool,
    schema: Schema,
}

#[derive(Debug, Arbitrary)]
struct Op {
    path: Vec<Name>,
    method: u8,
    id: Option<Name>,
    params: Vec<Param>,
    body: Option<(u8, Schema)>,
    responses: Vec<(u16, Option<Schema>)>,
}

#[derive(Debug, Arbitrary)]
struct Spec {
    version: bool,
    schemas: Vec<(Name, Schema)>,
    ops: Vec<Op>,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];
const MEDIA: &[&str] = &["application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/octet-stream", "text/plain"];
const LOCATIONS: &[&str] = &["query", "header", "path", "cookie"];

fn build(spec: &Spec) -> Value {
    let mut schemas = Map::new();
    for (i, (_, s)) in spec.schemas.iter().take(6).enumerate() {
        schemas.insert(format!("S{i}"), schema(s, 0));
    }
    // Also some schemas with hostile names, referenced by nothing.
    for (name, s) in spec.schemas.iter().skip(6).take(4) {
        schemas.insert(name.text(), schema(s, 0));
    }
    let mut paths = Map::new();
    for op in spec.ops.iter().take(6) {
        let path = format!(
            "/{}",
            op.path.iter().take(4).map(|n| n.text()).collect::<Vec<_>>().join("/")
        );
        let mut o = Map::new();
        if let Some(id) = &op.id {
            o.insert("operationId".into(), json!(id.text()));
        }
        let params: Vec<Value> = op
            .params
            .iter()
            .take(6)
            .map(|p| {
                json!({
                    "name": p.name.text(),
                    "in": LOCATIONS[p.location as usize % LOCATIONS.len()],
                    "required": p.required,
                    "schema": schema(&p.schema, 2),
                })
            })
            .collect();
        o.insert("parameters".into(), Value::Array(params));
        if let Some((media, s)) = &op.body {
            o.insert(
                "requestBody".into(),
                json!({"required": true, "content": {MEDIA[*media as usize % MEDIA.len()]: {"schema": schema(s, 1)}}}),
            );
        }
        let mut responses = Map::new();
        for (code, s) in op.responses.iter().take(4) {
            let key = match code % 7 {
                0 => "default".to_owned(),
                1 => "2XX".to_owned(),
                _ => (100 + code % 500).to_string(),
            };
            let mut r = json!({"description": "r"});
            if let Some(s) = s {
                r["content"] = json!({"application/json": {"schema": schema(s, 1)}});
            }
            responses.insert(key, r);
        }
        o.insert("responses".into(), Value::Object(responses));
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[METHODS[op.method as usize % METHODS.len()]] = Value::Object(o);
    }
    json!({
        "openapi": if spec.version { "3.1.0" } else { "3.0.3" },
        "info": {"title": "Fuzz", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fuzz_target!(|spec: Spec| {
    let text = build(&spec).to_string();
    if let Ok(generated) = codegen::generate_from_str(&text, "fuzz.json", &codegen::Settings::default()) {
        for (path, contents) in &generated.files {
            // The runtime is copied verbatim (and compiled by the tests);
            // only what the generator wrote for this spec needs checking.
            let verbatim = path.starts_with("src/runtime/") && !path.ends_with("mod.rs");
            if path.ends_with(".rs") && !verbatim {
                if let Err(e) = syn::parse_file(contents) {
                    panic!("generated {path} does not parse: {e}\nspec: {text}");
                }
            }
        }
    }
});
