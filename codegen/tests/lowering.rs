//! Lowering decisions, observed through the generated code: names, boxing,
//! unions, types-only crates, bundling, and the diagnostics for specs that
//! cannot be generated as written.

use codegen::{Generated, Settings, generate_from_path, generate_from_str};

fn generate(yaml: &str) -> Generated {
    match generate_from_str(yaml, "spec.yaml", &Settings::default()) {
        Ok(g) => g,
        Err(d) => panic!("generation failed:\n{d}"),
    }
}

fn errors(yaml: &str) -> String {
    match generate_from_str(yaml, "spec.yaml", &Settings::default()) {
        Ok(_) => panic!("generation succeeded but should not"),
        Err(d) => d.to_string(),
    }
}

fn file<'a>(g: &'a Generated, path: &str) -> &'a str {
    g.files
        .get(path)
        .map(String::as_str)
        .unwrap_or_else(|| panic!("no {path}"))
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\n";

#[test]
fn a_cycle_of_bare_refs_is_an_error_with_its_location() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let msg = errors(&spec);
    assert!(msg.contains("form a cycle"), "{msg}");
    assert!(msg.contains("spec.yaml:"), "no file location: {msg}");
    assert!(msg.contains("#/components/schemas/"), "no pointer: {msg}");
}

#[test]
fn recursive_types_are_boxed_only_where_needed() {
    let g = generate(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      required: [next]\n      properties:\n        next: {{$ref: '#/components/schemas/Node'}}\n        kids: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}\n"
    ));
    let types = file(&g, "src/types.rs");
    assert!(types.contains("pub next: Box<Node>,"), "{types}");
    assert!(types.contains("pub kids: Option<Vec<Node>>,"), "{types}");
}

#[test]
fn fastapi_operation_ids_become_short_method_names() {
    let g = generate(&format!(
        "{HEAD}paths:\n  /v1/items/{{item_id}}:\n    get:\n      operationId: read_item_v1_items__item_id__get\n      parameters: [{{name: item_id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'200': {{description: ok}}}}\n    delete:\n      operationId: removeItem\n      parameters: [{{name: item_id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'204': {{description: gone}}}}\n"
    ));
    let client = file(&g, "src/client.rs");
    assert!(client.contains("pub fn read_item("), "{client}");
    assert!(client.contains("pub fn remove_item("), "{client}");
}

#[test]
fn names_that_shorten_to_the_same_method_keep_their_operation_ids() {
    let g = generate(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: list_a_get\n      responses: {{'200': {{description: ok}}}}\n  /b:\n    get:\n      operationId: list_b_get\n      responses: {{'200': {{description: ok}}}}\n"
    ));
    let client = file(&g, "src/client.rs");
    // Both shorten to `list`; neither gets it.
    assert!(client.contains("pub fn list_a_get("), "{client}");
    assert!(client.contains("pub fn list_b_get("), "{client}");
}

#[test]
fn a_spec_without_operations_is_a_crate_of_types() {
    let g = generate(&format!(
        "{HEAD}webhooks:\n  newPet:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties: {{name: {{type: string}}}}\n      responses: {{'200': {{description: ok}}}}\n"
    ));
    assert!(!g.files.contains_key("src/client.rs"));
    assert!(file(&g, "src/types.rs").contains("pub struct NewPetPayload"));
    assert!(!file(&g, "Cargo.toml").contains("reqwest"));
}

#[test]
fn unsupported_security_is_a_warning_with_a_pointer() {
    let g = generate(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    tls: {{type: mutualTLS}}\n"
    ));
    let w = g.warnings.to_string();
    assert!(w.contains("#/components/securitySchemes/tls"), "{w}");
    assert!(w.contains("not supported"), "{w}");
}

#[test]
fn a_path_variable_without_a_parameter_becomes_a_string_argument() {
    let g = generate(&format!(
        "{HEAD}paths:\n  /calls/{{id}}:\n    delete:\n      operationId: deleteCall\n      responses: {{'204': {{description: gone}}}}\n"
    ));
    assert!(file(&g, "src/client.rs").contains("pub fn delete_call(&self, id: &str)"));
    let w = g.warnings.to_string();
    assert!(
        w.contains("`{id}`") && w.contains("#/paths/~1calls~1{id}/delete"),
        "{w}"
    );
}

#[test]
fn repeated_operation_ids_are_warnings_at_each_use() {
    let g = generate(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: same\n      responses: {{'200': {{description: ok}}}}\n  /b:\n    get:\n      operationId: same\n      responses: {{'200': {{description: ok}}}}\n"
    ));
    let warnings: Vec<String> = g
        .warnings
        .iter()
        .map(|d| format!("{} {}", d.pointer, d.message))
        .collect();
    assert_eq!(
        warnings,
        [
            "#/paths/~1a/get/operationId operationId `same` is also used at #/paths/~1b/get; this operation's method is `get_a`",
            "#/paths/~1b/get/operationId operationId `same` is also used at #/paths/~1a/get; this operation's method is `get_b`",
        ]
    );
    let client = file(&g, "src/client.rs");
    assert!(client.contains("pub fn get_a(&self)") && client.contains("pub fn get_b(&self)"));
}

#[test]
fn untagged_unions_name_variants_by_title_or_shape() {
    let g = generate(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Value:\n      anyOf:\n        - {{type: number}}\n        - {{type: integer}}\n        - {{type: object, title: Point, properties: {{x: {{type: number}}}}}}\n"
    ));
    let types = file(&g, "src/types.rs");
    // Integers are tried before floats, so 1 stays an integer.
    let int = types.find("Integer(i64)").expect("integer variant");
    let num = types.find("Number(f64)").expect("number variant");
    assert!(int < num, "{types}");
    assert!(types.contains("Point(ValuePoint)"), "{types}");
}

#[test]
fn one_of_with_a_constant_property_is_a_tagged_union() {
    let g = generate(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Msg:\n      oneOf:\n        - {{type: object, required: [type], properties: {{type: {{const: text}}, body: {{type: string}}}}}}\n        - {{type: object, required: [type], properties: {{type: {{const: image}}, url: {{type: string}}}}}}\n"
    ));
    let types = file(&g, "src/types.rs");
    assert!(types.contains("tag_of(&value, \"type\")"), "{types}");
    assert!(types.contains("Some(\"text\") =>"), "{types}");
    assert!(types.contains("Some(\"image\") =>"), "{types}");
}

#[test]
fn relative_file_refs_are_bundled_and_located_in_their_own_file() {
    let dir = std::env::temp_dir().join(format!("codegen-bundle-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("schemas")).expect("mkdir");
    std::fs::write(
        dir.join("openapi.yaml"),
        format!(
            "{HEAD}paths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: schemas/Pet.yaml}}\n"
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("schemas/Pet.yaml"),
        "type: object\nproperties:\n  owner: {$ref: ./Owner.yaml}\n  tags: {$ref: ../missing.yaml}\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("schemas/Owner.yaml"),
        "type: object\nproperties: {name: {type: string}}\n",
    )
    .expect("write");
    let err = generate_from_path(&dir.join("openapi.yaml"), &Settings::default())
        .expect_err("the missing file is an error")
        .to_string();
    assert!(err.contains("missing.yaml"), "{err}");
    assert!(
        err.contains("Pet.yaml:4:3 (#/components/schemas/Pet/properties/tags)"),
        "located in the referring file: {err}"
    );

    std::fs::write(
        dir.join("schemas/Pet.yaml"),
        "type: object\nproperties:\n  owner: {$ref: ./Owner.yaml}\n",
    )
    .expect("write");
    let g = generate_from_path(&dir.join("openapi.yaml"), &Settings::default()).expect("generates");
    let types = file(&g, "src/types.rs");
    assert!(types.contains("pub struct Pet {"), "{types}");
    assert!(types.contains("pub owner: Option<Owner>,"), "{types}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_keeps_the_spec_order_of_fields() {
    let g = generate(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    R:\n      type: object\n      properties: {{zeta: {{type: string}}, alpha: {{type: string}}, mid: {{type: string}}}}\n"
    ));
    let types = file(&g, "src/types.rs");
    let z = types.find("pub zeta").expect("zeta");
    let a = types.find("pub alpha").expect("alpha");
    let m = types.find("pub mid").expect("mid");
    assert!(z < a && a < m, "{types}");
}

#[test]
fn all_of_a_union_and_an_object_gives_every_variant_the_shared_properties() {
    let g = generate(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Text: {{type: object, required: [type], properties: {{type: {{const: text}}, body: {{type: string}}}}}}\n    Image: {{type: object, required: [type], properties: {{type: {{const: image}}, url: {{type: string}}}}}}\n    Tool:\n      allOf:\n        - oneOf: [{{$ref: '#/components/schemas/Text'}}, {{$ref: '#/components/schemas/Image'}}]\n        - {{type: object, required: [id], properties: {{id: {{type: string}}}}}}\n"
    ));
    assert!(g.warnings.is_empty(), "{}", g.warnings);
    let types = file(&g, "src/types.rs");
    assert!(types.contains("Text(ToolText),"), "{types}");
    assert!(types.contains("Image(ToolImage),"), "{types}");
    let text = &types[types.find("pub struct ToolText {").expect("variant struct")..];
    let text = &text[..text.find('}').expect("end")];
    assert!(
        text.contains("pub body: Option<String>,") && text.contains("pub id: String,"),
        "{text}"
    );
    assert!(
        !text.contains("r#type"),
        "the union carries the tag: {text}"
    );
}

/// Found by the structure-aware fuzzer: a map whose values are `allOf` the
/// map itself plus an object recursed forever (a stack overflow).
#[test]
fn a_schema_reaching_itself_through_inline_schemas_terminates() {
    let g = generate(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    S0:\n      type: object\n      additionalProperties:\n        allOf:\n          - {{$ref: '#/components/schemas/S0'}}\n          - {{type: object, properties: {{id: {{type: string}}}}}}\n        nullable: true\n"
    ));
    let types = file(&g, "src/types.rs");
    assert!(
        types.contains("pub type S0 = std::collections::BTreeMap<String, Option<S0Value>>;"),
        "{types}"
    );
    assert!(
        types.contains(
            "pub additional_properties: std::collections::BTreeMap<String, Option<S0Value>>,"
        ),
        "{types}"
    );

    // An array whose items point back at the array itself has no name to
    // recurse through: it becomes JSON, with a warning.
    let g = generate(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    T:\n      type: object\n      properties:\n        a:\n          type: array\n          items: {{$ref: '#/components/schemas/T/properties/a'}}\n"
    ));
    assert!(
        g.warnings.to_string().contains("contains itself"),
        "{}",
        g.warnings
    );
}

#[test]
fn only_a_closed_object_drops_the_map_of_unlisted_properties() {
    // `false`, and the `{not: {}}` it normalizes to, forbid every other
    // property; `true`, `{}` and no keyword allow any.
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Closed: {{type: object, additionalProperties: false, properties: {{a: {{type: string}}}}}}\n    NotAny: {{type: object, additionalProperties: {{not: {{}}}}, properties: {{a: {{type: string}}}}}}\n    NotString: {{type: object, additionalProperties: {{not: {{type: string}}}}, properties: {{a: {{type: string}}}}}}\n    Open: {{type: object, additionalProperties: true, properties: {{a: {{type: string}}}}}}\n    Unsaid: {{type: object, properties: {{a: {{type: string}}}}}}\n"
    );
    let types = file(&generate(&spec), "src/types.rs").to_owned();
    let body = |name: &str| {
        let start = types
            .find(&format!("pub struct {name} {{"))
            .unwrap_or_else(|| panic!("no {name}: {types}"));
        let end = start + types[start..].find("\n}\n").expect("struct ends");
        types[start..end].to_owned()
    };
    for closed in ["Closed", "NotAny"] {
        assert!(!body(closed).contains("additional_properties"), "{types}");
    }
    for open in ["NotString", "Open", "Unsaid"] {
        assert!(body(open).contains("pub additional_properties:"), "{types}");
    }
}

/// Issue 19, class 8: a title that already says "API" is not followed by
/// another "API" in the crate's description and README (the crate docs).
#[test]
fn a_title_ending_in_api_is_not_doubled() {
    for (title, description) in [
        (
            "Example Platform API",
            "Async Rust client for the Example Platform API",
        ),
        ("Stripe", "Async Rust client for the Stripe API"),
    ] {
        let g = generate(&format!(
            "openapi: 3.1.0\ninfo: {{title: {title}, version: 1.0.0}}\npaths: {{}}\n"
        ));
        // `lib.rs` includes the README as its docs.
        for path in ["Cargo.toml", "README.md"] {
            let text = file(&g, path);
            assert!(text.contains(description), "{path}: {text}");
            assert!(!text.contains("API API"), "{path}: {text}");
        }
    }
}

/// Prose kept elsewhere (`description: {$ref: ...}`) is read where it is
/// used, and a response that refers to a request body reads its content.
#[test]
fn prose_and_bodies_behind_refs_are_read_where_used() {
    let g = generate_from_path(
        std::path::Path::new("../tests/fixtures/invalid/missing-required.yaml"),
        &Settings::default(),
    )
    .expect("generates");
    let client = file(&g, "src/client.rs");
    assert!(client.contains("Sends the body back."), "{client}");
    let requests = file(&g, "src/requests.rs");
    assert!(
        requests.contains("pub type Echo = OperationRequest<String>;"),
        "{requests}"
    );
}

/// The client's own methods, read from what the emitter writes for an API
/// without operations, are never taken by an operation: an API whose
/// operationIds spell each of them keeps every method distinct.
#[test]
fn operations_never_take_the_clients_own_method_names() {
    fn client_fns(g: &Generated) -> Vec<String> {
        let file = syn::parse_file(file(g, "src/client.rs")).expect("client.rs parses");
        file.items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(i) if i.trait_.is_none() => Some(i),
                _ => None,
            })
            .filter(|i| quote::quote!(#i).to_string().starts_with("impl Client"))
            .flat_map(|i| &i.items)
            .filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect()
    }
    let security = "components:\n  securitySchemes:\n    key: {type: http, scheme: bearer}\nsecurity: [{key: []}]\n";
    let ping = "  /ping:\n    get:\n      operationId: zz_ping\n      responses: {'204': {description: ok}}\n";
    let mut own = client_fns(&generate(&format!("{HEAD}paths:\n{ping}{security}")));
    own.retain(|n| n != "zz_ping");
    assert!(own.iter().any(|n| n == "new"), "{own:?}");
    let mut paths = format!("paths:\n{ping}");
    for (i, name) in own.iter().enumerate() {
        paths.push_str(&format!(
            "  /op{i}:\n    get:\n      operationId: {name}\n      responses: {{'204': {{description: ok}}}}\n"
        ));
    }
    let all = client_fns(&generate(&format!("{HEAD}{paths}{security}")));
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), all.len(), "a name is defined twice: {all:?}");
    assert_eq!(all.len(), own.len() * 2 + 1, "{all:?}");
}

/// What a registry and docs.rs read: from the spec (3.1 `identifier`, a
/// common license spelling, `contact`, `externalDocs`), overridden by the
/// settings, with the runtime by version.
#[test]
fn package_metadata_comes_from_the_spec_and_the_settings() {
    let spec = "openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
  license: {name: Apache License 2.0, identifier: Apache-2.0 OR MIT}
  contact: {name: Pet Team, email: pets@example.com, url: 'https://pets.example.com'}
paths: {}
components: {schemas: {Pet: {type: object}}}
";
    let g = generate(spec);
    let cargo = file(&g, "Cargo.toml");
    for line in [
        "license = \"Apache-2.0 OR MIT\"\n",
        "homepage = \"https://pets.example.com\"\n",
        "documentation = \"https://docs.rs/pets\"\n",
        "authors = [\"Pet Team <pets@example.com>\"]\n",
        "keywords = [\"api\", \"client\", \"sdk\", \"openapi\"]\n",
        "categories = [\"api-bindings\", \"web-programming::http-client\"]\n",
        "rust-version = \"1.",
        "[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n",
        "unexpected_cfgs = { level = \"warn\", check-cfg = [\"cfg(docsrs)\"] }\n",
    ] {
        assert!(cargo.contains(line), "no `{line}` in\n{cargo}");
    }
    // The settings file overrides the spec; 3.0's license name is read
    // when it is a common spelling; the published runtime goes by version.
    let settings = codegen::SpecSettings::parse(
        "[package]\nlicense = \"MIT\"\nrepository = \"https://git.example.com/pets\"\nkeywords = [\"pets\", \"not a keyword\"]\n",
        "codegen.toml",
    )
    .expect("parses");
    let g = generate_from_str(
        &spec
            .replace("openapi: 3.1.0", "openapi: 3.0.3")
            .replace(", identifier: Apache-2.0 OR MIT", ""),
        "spec.yaml",
        &Settings {
            package: settings.package,
            runtime: codegen::RuntimeSource::Registry,
            ..Settings::default()
        },
    )
    .expect("generates");
    let cargo = file(&g, "Cargo.toml");
    assert!(cargo.contains("license = \"MIT\"\n"), "{cargo}");
    assert!(
        cargo.contains("repository = \"https://git.example.com/pets\"\n"),
        "{cargo}"
    );
    assert!(cargo.contains("keywords = [\"pets\"]\n"), "{cargo}");
    let runtime = format!(
        "runtime = {{ package = \"{}\", version = \"{}\", default-features = false }}\n",
        codegen::runtime_crate::PACKAGE,
        codegen::runtime_crate::version()
    );
    assert!(cargo.contains(&runtime), "{cargo}");
    let g = generate_from_str(
        &spec.replace(", identifier: Apache-2.0 OR MIT", ""),
        "spec.yaml",
        &Settings::default(),
    )
    .expect("generates");
    assert!(file(&g, "Cargo.toml").contains("license = \"Apache-2.0\"\n"));
}

/// Every item a group gates shows its feature on docs.rs.
#[test]
fn gated_items_are_marked_for_docs_rs() {
    let g = generate(
        "openapi: 3.1.0
info: {title: T, version: 1.0.0}
paths:
  /pets:
    get:
      tags: [pets]
      operationId: listPets
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
  /owners:
    get:
      tags: [owners]
      operationId: listOwners
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
    Owner: {type: object, properties: {name: {type: string}}}
",
    );
    let mark = "#[cfg_attr(docsrs, doc(cfg(feature = \"pets\")))]";
    for path in ["src/types.rs", "src/client.rs", "src/requests.rs"] {
        let text = file(&g, path);
        let gated = text.matches("#[cfg(feature = \"pets\")]").count();
        assert!(gated > 0, "{path}");
        // A wire table is a macro invocation, which rustdoc does not
        // document: it gets the `cfg` alone.
        let tables = text
            .matches("#[cfg(feature = \"pets\")]\nruntime::wire_struct! {")
            .count();
        assert_eq!(
            text.matches(mark).count(),
            gated - tables,
            "{path}:\n{text}"
        );
    }
    assert!(file(&g, "src/lib.rs").contains("#![cfg_attr(docsrs, feature(doc_cfg))]"));
}

/// An API that documents no error body has no empty `ErrorBody` enum: its
/// errors and streams take the runtime's default, and their signatures say
/// nothing of an error body; one that documents a body gets the enum.
#[test]
fn no_documented_error_body_leaves_no_empty_enum() {
    let spec = "openapi: 3.1.0
info: {title: T, version: 1.0.0}
paths:
  /items:
    get:
      operationId: listItems
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties: {items: {type: array, items: {type: string}}, next_cursor: {type: [string, 'null']}}
  /files/{id}:
    get:
      operationId: download
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/octet-stream: {schema: {type: string, format: binary}}}}
";
    let g = generate(spec);
    let all: String = g.files.values().map(String::as_str).collect();
    assert!(!all.contains("pub enum ErrorBody"), "an empty enum");
    assert!(!all.contains("crate::ErrorBody"), "a signature names it");
    let lib = file(&g, "src/lib.rs");
    assert!(lib.contains("pub type Error = runtime::Error;"), "{lib}");
    assert!(!lib.contains("ErrorBody"), "{lib}");
    let requests = file(&g, "src/requests.rs");
    assert!(requests.contains("-> crate::Items<String> {"), "{requests}");
    assert!(
        requests.contains("OperationRequest<crate::ByteStream, "),
        "{requests}"
    );

    let documented = spec.replace(
        "        '200': {description: ok, content: {application/octet-stream:",
        "        '404': {description: gone, content: {application/json: {schema: {type: object, properties: {detail: {type: string}}}}}}\n        '200': {description: ok, content: {application/octet-stream:",
    );
    let g = generate(&documented);
    let lib = file(&g, "src/lib.rs");
    assert!(lib.contains("pub use client::ErrorBody;"), "{lib}");
    assert!(
        lib.contains("pub type Error = runtime::Error<ErrorBody>;"),
        "{lib}"
    );
    let requests = file(&g, "src/requests.rs");
    assert!(
        requests.contains("-> crate::Items<String, crate::ErrorBody> {"),
        "{requests}"
    );
}

/// A nullable field's docs follow the way its type travels: a type only
/// received says how reading goes, one only sent how sending goes, one
/// both ways says both.
#[test]
fn presence_docs_follow_the_types_direction() {
    let g = generate(
        "openapi: 3.1.0
info: {title: T, version: 1.0.0}
paths:
  /pets:
    post:
      operationId: addPet
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
    put:
      operationId: putPet
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Both'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Both'}}}}
components:
  schemas:
    NewPet: {type: object, required: [owner], properties: {tag: {type: [string, 'null']}, owner: {type: [string, 'null']}}}
    Pet: {type: object, required: [owner], properties: {tag: {type: [string, 'null']}, owner: {type: [string, 'null']}}}
    Both: {type: object, properties: {tag: {type: [string, 'null']}}}
",
    );
    let types = file(&g, "src/types.rs");
    let doc_of = |ty: &str, field: &str| -> String {
        let at = types.find(&format!("pub struct {ty} ")).expect(ty);
        let body = &types[at..];
        let end = body.find(&format!("pub {field}:")).expect(field);
        let before = &body[..end];
        let docs: Vec<&str> = before
            .lines()
            .rev()
            .skip(1)
            .take_while(|l| l.trim_start().starts_with("///") || l.trim_start().starts_with("#["))
            .filter(|l| l.trim_start().starts_with("///"))
            .collect();
        docs.into_iter().rev().collect::<Vec<_>>().join("\n")
    };
    let sent = doc_of("NewPet", "tag");
    assert!(
        sent.contains("`Absent` leaves it out of the request, `Null` sends `null`."),
        "{sent}"
    );
    let received = doc_of("Pet", "tag");
    assert!(
        received.contains("`Absent` when the received JSON leaves it out"),
        "{received}"
    );
    assert!(!received.contains("request"), "{received}");
    assert!(doc_of("Pet", "owner").contains("`null` is read as `None`."));
    assert!(doc_of("NewPet", "owner").contains("`None` is sent as `null`."));
    let both = doc_of("Both", "tag");
    assert!(
        both.contains("(of a request, or of the received JSON)"),
        "{both}"
    );
}
