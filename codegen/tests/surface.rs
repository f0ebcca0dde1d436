//! The change report: the exact lines and classes for one spec change of
//! each kind, and `api.json`'s format guard.

use codegen::surface::{self, Class, Surface};
use codegen::{Settings, generate_from_str};

fn surface_of(yaml: &str) -> Surface {
    match generate_from_str(yaml, "spec.yaml", &Settings::default()) {
        Ok(g) => g.surface,
        Err(d) => panic!("generation failed:\n{d}"),
    }
}

/// A pet store whose parts the tests below change one at a time.
fn spec(pet_props: &str, status_values: &str, list_params: &str, get_responses: &str) -> String {
    format!(
        "openapi: 3.1.0
info: {{title: T, version: 1.0.0}}
paths:
  /pets:
    get:
      operationId: listPets
      parameters: [{list_params}]
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{type: array, items: {{$ref: '#/components/schemas/Pet'}}}}}}}}}}
    post:
      operationId: addPet
      requestBody: {{required: true, content: {{application/json: {{schema: {{$ref: '#/components/schemas/NewPet'}}}}}}}}
      responses:
        '201': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}
  /pets/{{id}}:
    get:
      operationId: getPet
      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]
      responses:
{get_responses}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {{type: string}}
        name: {{type: string}}
{pet_props}
    NewPet:
      type: object
      required: [name]
      properties:
        name: {{type: string}}
        nickname: {{type: [string, 'null']}}
    Status: {{type: string, enum: [{status_values}]}}
    Problem:
      type: object
      properties:
        detail: {{type: string}}
"
    )
}

const OK: &str = "        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n";
const NOT_FOUND: &str = "        '404': {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n";

fn base() -> String {
    spec("", "active", "", &format!("{OK}{NOT_FOUND}"))
}

fn report(new: &str) -> (Option<Class>, String) {
    let r = surface::diff(&surface_of(&base()), &surface_of(new));
    (r.class(), r.to_string())
}

#[test]
fn the_same_spec_has_no_changes() {
    assert_eq!(report(&base()), (None, String::new()));
}

#[test]
fn additions_are_additive_and_listed() {
    let new = spec(
        "        tag: {type: string}\n",
        "active, asleep",
        "{name: limit, in: query, schema: {type: integer}}",
        &format!("{OK}{NOT_FOUND}        '429': {{description: slow down}}\n"),
    );
    let (class, text) = report(&new);
    assert_eq!(class, Some(Class::Additive));
    assert_eq!(
        text,
        "additive  added field Pet.tag: `Option<String>`\n\
         additive  added setter requests::ListPets::limit: `i64`\n\
         additive  added status Client::get_pet 429: `undocumented body`\n\
         additive  added variant Status::Asleep: `\"asleep\"`\n"
    );
}

#[test]
fn presence_and_type_changes_are_breaking() {
    // `name` may now be null: `String` becomes `Option<String>`.
    let new = base().replace(
        "        name: {type: string}\n\n",
        "        name: {type: [string, 'null']}\n\n",
    );
    assert_ne!(new, base());
    let (class, text) = report(&new);
    assert_eq!(class, Some(Class::Breaking));
    assert_eq!(
        text,
        "breaking  changed field Pet.name: `String` → `Option<String>`\n"
    );
}

#[test]
fn a_new_required_request_field_changes_the_constructor() {
    let new = base().replace(
        "      required: [name]\n      properties:\n        name: {type: string}\n",
        "      required: [name, age]\n      properties:\n        name: {type: string}\n        age: {type: integer}\n",
    );
    let (class, text) = report(&new);
    assert_eq!(class, Some(Class::Breaking));
    assert_eq!(
        text,
        "breaking  changed fn NewPet::new: `(impl Into<String>)` → `(impl Into<String>, i64)`\n\
         additive  added field NewPet.age: `i64`\n\
         additive  added setter NewPet::age: `i64`\n"
    );
}

#[test]
fn a_status_no_longer_documented_is_compatible_but_its_error_variant_is_not() {
    let new = spec("", "active", "", OK);
    let (class, text) = report(&new);
    // No operation documents `Problem` any more, so `ErrorBody` loses its
    // variant (breaking); the status itself going is compatible. Used by
    // no operation, `Problem` may now be sent too, so it gains a builder.
    assert_eq!(class, Some(Class::Breaking));
    assert_eq!(
        text,
        "breaking  removed variant ErrorBody::Problem: `Problem`\n\
         additive  added fn Problem::new: `()`\n\
         additive  added setter Problem::detail: `impl Into<String>`\n\
         additive  removed status Client::get_pet 404: `ErrorBody::Problem`\n"
    );
}

#[test]
fn docs_only_changes_are_docs_only() {
    let new = base().replace(
        "        id: {type: string}\n        name",
        "        id: {type: string, description: The pet's id.}\n        name",
    );
    let (class, text) = report(&new);
    assert_eq!(class, Some(Class::DocsOnly));
    assert_eq!(text, "docs-only docs changed field Pet.id: `String`\n");
}

#[test]
fn api_json_in_another_format_is_not_compared() {
    let g = generate_from_str(&base(), "spec.yaml", &Settings::default()).expect("generates");
    let text = g.files.get("api.json").expect("api.json");
    assert_eq!(
        surface::from_api_json(text).expect("parses"),
        Some(g.surface.clone())
    );
    let older = text.replacen(
        &format!("\"format\": {}", surface::FORMAT),
        "\"format\": 1",
        1,
    );
    assert_ne!(&older, text);
    assert_eq!(surface::from_api_json(&older).expect("parses"), None);
    let unversioned = text.replacen(&format!("\"format\": {},", surface::FORMAT), "", 1);
    assert_eq!(surface::from_api_json(&unversioned).expect("parses"), None);
}

/// The runtime types a crate re-exports are its API too: each is in the
/// surface with the runtime's semver range, so an incompatible runtime is a
/// breaking change of the SDK.
#[test]
fn re_exported_runtime_items_carry_the_runtimes_range() {
    let s = surface_of(&spec(
        "",
        "available",
        "",
        "        '200': {description: ok}",
    ));
    let range = codegen::runtime_crate::compatible_range();
    let want = format!("{} {range}", codegen::runtime_crate::PACKAGE);
    for name in [
        "Tristate",
        "DateTime",
        "Error",
        "ApiError",
        "ClientBuilder",
        "RetryPolicy",
    ] {
        let item = s
            .items
            .get(&format!("runtime {name}"))
            .unwrap_or_else(|| panic!("runtime {name} is not in the surface"));
        assert_eq!(item.signature, want, "{name}");
    }
    // A runtime outside that range: every re-export changes, breaking.
    let mut next = s.clone();
    for (key, item) in next.items.iter_mut() {
        if key.starts_with("runtime ") {
            item.signature = format!("{} 99", codegen::runtime_crate::PACKAGE);
        }
    }
    let report = surface::diff(&s, &next);
    assert_eq!(report.class(), Some(Class::Breaking));
    assert!(report.to_string().contains("runtime Tristate"), "{report}");
}

/// A crate of types only re-exports the field types, not the client's.
#[test]
fn a_crate_of_types_re_exports_no_client_types() {
    let s = surface_of(
        "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n",
    );
    assert!(s.items.contains_key("runtime Tristate"));
    assert!(!s.items.contains_key("runtime Error"));
    assert!(!s.items.contains_key("runtime RetryPolicy"));
}
