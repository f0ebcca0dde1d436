//! The generated README, which is also the crate docs: what it tells a
//! user of the API at hand (the dependency line, each operation's method,
//! HTTP method and path), that spec text in its tables stays in its cell,
//! and that sections appear only when the API has something for them.
//! (That its examples compile is `cargo test --doc` on the generated
//! crates.)

use codegen::{Generated, Settings, generate_from_str};

fn generate(yaml: &str) -> Generated {
    let settings = Settings {
        crate_name: Some("petstore-sdk".to_owned()),
        ..Settings::default()
    };
    match generate_from_str(yaml, "spec.yaml", &settings) {
        Ok(g) => g,
        Err(d) => panic!("generation failed:\n{d}"),
    }
}

fn readme(g: &Generated) -> &str {
    &g.files["README.md"]
}

/// The row of a Markdown table that starts with `start`.
fn row<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no row starts with {start}:\n{text}"))
}

/// A table row's cells, split at the pipes Markdown splits at (those not
/// escaped with a backslash).
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            c => cells.last_mut().expect("a cell").push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    // The text before the first pipe and after the last is no cell.
    cells[1..cells.len() - 1]
        .iter()
        .map(|c| c.trim().to_owned())
        .collect()
}

const PETS: &str = r#"openapi: 3.1.0
info: {title: Pet Store, version: 1.2.3}
servers: [{url: 'https://pets.example.com/v1'}]
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      summary: List pets
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}
    post:
      operationId: createPet
      tags: [pets]
      summary: 'Adds `a|b` pets | back\| and ``` fences `unclosed'
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
      responses:
        '201': {description: created}
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      description: "```rust\nstd::process::exit(1);\n```"
      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
  /health:
    get:
      operationId: health
      summary: Is it up?
      responses: {'204': {description: up}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
"#;

#[test]
fn the_readme_names_the_real_dependency_and_is_the_crate_docs() {
    let g = generate(PETS);
    let text = readme(&g);
    assert!(
        text.contains("```toml\n[dependencies]\npetstore-sdk = \"1.2.3\"\n"),
        "{text}"
    );
    assert!(text.contains("# Pet Store\n"), "{text}");
    assert!(text.contains("`https://pets.example.com/v1`"), "{text}");
    let lib = &g.files["src/lib.rs"];
    assert!(
        lib.contains("#![doc = include_str!(\"../README.md\")]"),
        "{lib}"
    );
    // The README is all of the crate docs: none are written beside it.
    assert!(!lib.lines().any(|l| l.starts_with("//!")), "{lib}");
    assert!(
        lib.contains("#![cfg_attr(docsrs, feature(doc_cfg))]"),
        "{lib}"
    );
}

#[test]
fn the_reference_lists_each_operation_under_its_group() {
    let g = generate(PETS);
    let text = readme(&g);
    let reference = &text[text.find("## Operation reference").expect("a reference")..];
    let pets = reference.find("### pets").expect("the pets group");
    let other = reference
        .find("### Other operations")
        .expect("ungrouped ones");
    assert!(pets < other);
    let list = row(reference, "| `pets().list()` ");
    assert_eq!(
        cells(list),
        ["`pets().list()`", "`GET`", "`/pets`", "List pets"]
    );
    let get = row(reference, "| `pets().get(");
    // A description that is a code block has no line to show.
    assert_eq!(
        cells(get),
        ["`pets().get(pet_id)`", "`GET`", "`/pets/{petId}`", ""]
    );
    let health = row(&reference[other..], "| `health()` ");
    assert_eq!(
        cells(health),
        ["`health()`", "`GET`", "`/health`", "Is it up?"]
    );
    assert!(!reference[..other].contains("`health()`"));
}

#[test]
fn a_hostile_summary_stays_in_its_cell() {
    let g = generate(PETS);
    let text = readme(&g);
    let create = row(text, "| `pets().create(body)` ");
    let cells = cells(create);
    assert_eq!(cells.len(), 4, "{create}");
    // Every pipe escaped (a backslash before one is dropped, so it cannot
    // escape the escape), code spans and backticks kept as the sanitizer
    // left them: balanced on the line.
    assert_eq!(
        cells[3],
        "Adds `a\\|b` pets \\| back\\| and ``` fences `unclosed"
    );
    assert_eq!(cells[3].matches('`').count() % 2, 0);
    // The spec's code block never reaches the README as Rust.
    assert!(!text.contains("```rust\nstd::process"), "{text}");
    assert!(codegen::verify::runnable_readme_fences(text).is_empty());
}

#[test]
fn pagination_is_described_only_when_an_operation_paginates() {
    let plain = generate(PETS);
    assert!(!readme(&plain).contains("## Pagination and streams"));
    assert!(!readme(&plain).contains("futures-util"));
    let paged = PETS.replace(
        "      operationId: listPets\n",
        "      operationId: listPets\n      x-dropshot-pagination: {required: []}\n      \
         parameters:\n        - {name: page_token, in: query, schema: {type: string}}\n",
    );
    let paged = paged.replace(
        "content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}",
        "content: {application/json: {schema: {$ref: '#/components/schemas/PetPage'}}}",
    );
    let paged = format!(
        "{paged}    PetPage:\n      type: object\n      required: [items]\n      properties:\n        \
         items: {{type: array, items: {{$ref: '#/components/schemas/Pet'}}}}\n        \
         next_page: {{type: [string, 'null']}}\n"
    );
    let g = generate(&paged);
    let text = readme(&g);
    assert!(text.contains("## Pagination and streams"), "{text}");
    assert!(text.contains("`pets().list().items()`"), "{text}");
    assert!(
        text.contains(
            "let mut items = client.pets().list().items().max_pages(10);\n    \
             while let Some(item) = items.next().await {"
        ),
        "{text}"
    );
    // The streams' own `next()` reads them: no other crate to add.
    assert!(!text.contains("futures-util = "), "{text}");
    assert!(text.matches("```rust,no_run\n").count() <= 4, "{text}");
}

#[test]
fn a_types_only_crate_has_no_client_sections_and_no_examples() {
    let g = generate(
        "openapi: 3.1.0\ninfo: {title: Pet Store, version: 1.2.3}\npaths: {}\n\
         components:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n",
    );
    let text = readme(&g);
    assert!(text.contains("petstore-sdk = \"1.2.3\""), "{text}");
    assert!(text.contains("## Optional and nullable fields"), "{text}");
    assert!(text.contains("## Versioning"), "{text}");
    for absent in [
        "```rust",
        "tokio",
        "## Authentication",
        "## Errors",
        "## Operation reference",
    ] {
        assert!(!text.contains(absent), "{absent}:\n{text}");
    }
}

#[test]
fn an_api_without_auth_or_example_still_shows_errors() {
    // Its only operation takes an object path parameter, which no example
    // can write: the errors section shows a function of its own instead.
    let g = generate(
        "openapi: 3.1.0\ninfo: {title: Pet Store, version: 1.2.3}\npaths:\n  /pets/{at}:\n    get:\n      \
         operationId: getPet\n      parameters: [{name: at, in: path, required: true, schema: {type: number}}]\n      \
         responses: {'200': {description: ok}}\n",
    );
    let text = readme(&g);
    assert!(!text.contains("## Quick start"), "{text}");
    assert!(text.contains("`Client::new()`"), "{text}");
    assert!(!text.contains("from_env"), "{text}");
    assert!(!text.contains(".api_key("), "{text}");
    assert!(
        text.contains("fn report(error: &petstore_sdk::Error)"),
        "{text}"
    );
}

/// The README's header is link reference definitions, which no renderer
/// shows, so the regenerate command keeps its `--` (an HTML comment
/// cannot hold it) and a quote in a path cannot end the title.
#[test]
fn the_readme_header_quotes_the_command_as_written() {
    let g = generate_from_str(
        "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\n",
        "spec.yaml",
        &Settings {
            regenerate_command: "cargo xtask codegen --spec \"my spec.yaml\" --out sdk".to_owned(),
            spec_display_path: Some("my \"spec\".yaml".to_owned()),
            ..Settings::default()
        },
    )
    .expect("generates");
    let readme = &g.files["README.md"];
    assert!(
        readme.starts_with(
            "[//]: # \"@generated by oneinbox-codegen from my \\\"spec\\\".yaml. Do not edit by hand.\"\n\
             [//]: # \"Regenerate with: cargo xtask codegen --spec \\\"my spec.yaml\\\" --out sdk\"\n\n# T\n"
        ),
        "{readme}"
    );
}

/// An example that calls operations a feature gates carries that gate, so
/// the crate's doctests compile (to nothing) with the feature off; one
/// that calls operations of two groups needs both.
#[test]
fn examples_carry_the_features_of_the_operations_they_call() {
    let spec = "openapi: 3.1.0
info: {title: T, version: 1.0.0}
paths:
  /pets:
    get:
      tags: [pets]
      operationId: listPets
      parameters:
        - {name: page_token, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Page'}}}
  /events:
    get:
      tags: [events]
      operationId: watch
      responses:
        '200': {description: ok, content: {text/event-stream: {schema: {type: string}}}}
components:
  schemas:
    Page:
      type: object
      required: [items]
      properties:
        items: {type: array, items: {type: string}}
        next_page: {type: [string, 'null']}
";
    let g = generate(spec);
    let text = readme(&g);
    assert!(
        text.contains("```rust,no_run\n#[cfg(feature = \"pets\")]\nasync fn example()"),
        "{text}"
    );
    assert!(
        text.contains(
            "```rust,no_run\n#[cfg(all(feature = \"pets\", feature = \"events\"))]\nasync fn streams("
        ),
        "{text}"
    );
    // Without groups there is nothing to gate.
    let g = generate(
        &spec
            .replace("      tags: [pets]\n", "")
            .replace("      tags: [events]\n", ""),
    );
    assert!(!readme(&g).contains("#[cfg("), "{}", readme(&g));
}

/// The spec's description keeps its headings, moved below the README's
/// own sections, so that its `## Authentication` is no rival to the
/// README's.
#[test]
fn the_specs_headings_nest_under_the_readmes_sections() {
    let g = generate(
        "openapi: 3.1.0\ninfo:\n  title: T\n  version: 1.0.0\n  description: \"Intro.\\n\\n## Authentication\\n\\nUse a key.\"\npaths: {}\n",
    );
    let text = readme(&g);
    assert!(
        text.contains("Intro.\n\n### Authentication\n\nUse a key."),
        "{text}"
    );
    assert!(!text.contains("\n## Authentication\n"), "{text}");
}
