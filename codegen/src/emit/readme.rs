//! The crate's `README.md`, which is also its crate docs (`lib.rs`
//! includes it): installing, configuring and calling the client, errors,
//! streams, features, presence, versioning, and a reference of every
//! operation. Spec text reaches it only as sanitized [`Docs`] or code
//! spans, and each `rust` block is a doctest written from names the IR
//! has, so it compiles for any API.

mod reference;
mod streams;

use super::Output;
use crate::ir::*;

/// Block fence of every Rust example; rustdoc compiles it, and a reader
/// copies it.
const RUST: &str = "```rust,no_run\n";

fn lib_name(api: &Api) -> String {
    api.krate.package.replace('-', "_")
}

/// The README: its sections in reading order, each left out when the API
/// has nothing for it.
pub(super) fn readme(api: &Api) -> Output {
    let lib = lib_name(api);
    let example = api.example.as_ref();
    let mut sections = vec![intro(api), installation(api)];
    sections.extend(quick_start(api));
    if api.has_client() {
        sections.push(configuration(api, &lib));
        sections.push(per_call(api, &lib, example));
        sections.push(errors(api, &lib, example.is_none()));
    }
    sections.extend(streams::streams(api, &lib));
    sections.extend(webhooks_section(api, &lib));
    sections.extend(groups_section(api));
    sections.push(presence_table(&lib));
    sections.push(versioning(api));
    sections.extend(reference::reference(api));
    Output::Text {
        path: "README.md".into(),
        text: sections.join("\n"),
        comment: None,
    }
}

/// The `#[cfg(...)]` line an example needs when it calls operations that
/// features gate, so that it compiles (to nothing) with them off; empty
/// when none is gated.
pub(super) fn example_cfg<'a>(api: &Api, ops: impl IntoIterator<Item = &'a Operation>) -> String {
    let mut groups: Vec<usize> = ops
        .into_iter()
        .filter_map(|op| op.group.map(|g| g.0))
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let features: Vec<String> = groups
        .iter()
        .map(|&g| format!("feature = \"{}\"", api.groups[g].feature))
        .collect();
    match features.as_slice() {
        [] => String::new(),
        [one] => format!("#[cfg({one})]\n"),
        many => format!("#[cfg(all({}))]\n", many.join(", ")),
    }
}

/// Indents every non-empty line of `code` by `by` spaces.
fn indent(code: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    code.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("{pad}{l}\n")
            }
        })
        .collect()
}

fn intro(api: &Api) -> String {
    let k = &api.krate;
    let mut text = format!("# {}\n\n{}.\n", k.title.as_str(), k.description.as_str());
    if !api.docs.is_empty() {
        // The spec's own headings stay below the README's sections.
        text.push_str(&format!("\n{}\n", api.docs.headings_from(3).as_str()));
    }
    let provenance = Docs::sentence()
        .lit("API version: ")
        .code(&k.api_version)
        .lit(". Generated from ")
        .code(&k.spec_path)
        .lit(" by ")
        .code(&k.regenerate_command)
        .lit("; do not edit by hand.")
        .done();
    text.push_str(&format!("\n{}\n", provenance.as_str()));
    text
}

/// Whether a caller writes a `uuid::Uuid`: an argument or a field is one.
fn uses_uuid(api: &Api) -> bool {
    fn uuid(t: &TypeRef) -> bool {
        match t {
            TypeRef::Prim(p) => *p == Prim::Uuid,
            TypeRef::Named(_) => false,
            TypeRef::Vec(i)
            | TypeRef::Map(i)
            | TypeRef::Option(i)
            | TypeRef::Tristate(i)
            | TypeRef::Boxed(i) => uuid(i),
        }
    }
    let ops = api.operations.iter().any(|op| {
        op.path_params.iter().any(|p| uuid(&p.ty))
            || op
                .params()
                .is_some_and(|p| p.fields.iter().any(|f| uuid(&f.ty)))
    });
    let fields = api.types.iter().any(|t| match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| uuid(&f.ty)),
        _ => false,
    });
    ops || fields
}

fn installation(api: &Api) -> String {
    let k = &api.krate;
    let mut deps = format!("{} = \"{}\"\n", k.package, k.version);
    let mut notes = Vec::new();
    if api.has_client() {
        deps.push_str(
            "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
        );
        notes.push(
            "The client is async and sends its requests with `reqwest`, which runs on \
             tokio: await its calls inside a tokio runtime, for example in \
             `#[tokio::main] async fn main()`.",
        );
    } else {
        notes.push(
            "The spec has no operations, so this crate holds the API's types only, \
             ready for `serde` (for example `serde_json::from_str`).",
        );
    }
    if uses_uuid(api) {
        deps.push_str("uuid = \"1\"\n");
        notes.push("Identifiers the API types as UUIDs are `uuid::Uuid`.");
    }
    format!(
        "## Installation\n\n```toml\n[dependencies]\n{deps}```\n\n{}\n",
        notes.join(" ")
    )
}

/// The IR's example as a whole function.
fn quick_start(api: &Api) -> Option<String> {
    let e = api.example.as_ref()?;
    let lib = lib_name(api);
    let setup: String = e.setup.iter().map(|l| indent(l, 4)).collect();
    let cfg = example_cfg(api, [&api.operations[e.operation]]);
    Some(format!(
        "## Quick start\n\n{RUST}{cfg}async fn example() -> Result<(), {lib}::Error> {{\n    {}\n{setup}    \
         let response = {}.await?;\n    println!(\"{{response:?}}\");\n    Ok(())\n}}\n```\n\n\
         The function is an ordinary `async fn`; the sections below configure the client, set \
         options on one call, and handle its errors.\n",
        e.client, e.call
    ))
}

/// Where the credentials come from, and the spec's own words on them.
fn auth_section(api: &Api) -> String {
    let Some(auth) = api.auth() else {
        return "The API declares no authentication: `Client::new()` is a client with \
                the default settings, and `Client::builder()` configures one.\n"
            .to_owned();
    };
    let public = api.operations.iter().any(|op| op.security.is_empty());
    let key = Docs::sentence()
        .lit("`Client::from_env()` reads the API key from the ")
        .code(&api.krate.api_key_env)
        .lit(
            " environment variable (unset or empty, it is an `Error::Config`); \
             `Client::new(api_key)` takes the key itself, and \
             `Client::builder().api_key(api_key)` takes it with other settings: \
             ",
        )
        .docs(&super::auth::sent_as(&auth.kind))
        .lit(if public {
            ", except to the operations the spec marks public"
        } else {
            ""
        })
        .lit(", and never shows in `Debug` output or error messages.")
        .done();
    let mut text = format!("{}\n", key.as_str());
    if !auth.docs.is_empty() {
        text.push_str(&format!("\n{}\n", auth.docs.as_str()));
    }
    text.push_str(&schemes_table(api));
    text
}

/// Every scheme with the `auth` functions that make its credentials.
fn schemes_table(api: &Api) -> String {
    let mut text = "\nEvery security scheme the spec declares has functions in `auth` that \
                    make its credential; `Client::builder().credential(…)` takes one per \
                    scheme, as many as the operations you call need. Each operation sends \
                    the credentials of the first of its requirements whose schemes are all \
                    configured, and fails before sending, naming the schemes, when none is.\n\n\
                    | scheme | sent as | credential |\n|---|---|---|\n"
        .to_owned();
    for s in &api.schemes {
        let makers: Vec<String> = s
            .makers
            .iter()
            .map(|m| format!("`auth::{}`", m.ident))
            .collect();
        text.push_str(&format!(
            "| {} | {} | {} |\n",
            Docs::sentence().code(&s.name).done().cell().as_str(),
            super::auth::sent_as(&s.kind).cell().as_str(),
            makers.join(", ")
        ));
    }
    text
}

fn configuration(api: &Api, lib: &str) -> String {
    let server = match &api.base_url {
        Some(url) => Docs::sentence()
            .lit("Requests go to ")
            .code(url)
            .lit(", the spec's server, unless `base_url` says otherwise.")
            .done(),
        None => Docs::lit(
            "The spec names no server: set one with `base_url`, or every call \
             fails with `Error::InvalidRequest`.",
        ),
    };
    let (param, key) = match api.auth() {
        Some(_) => ("api_key: String", "        .api_key(api_key)\n"),
        None => ("", ""),
    };
    format!(
        "## Authentication and configuration\n\n{}\n{}\n\n\
         {RUST}use std::time::Duration;\n\nuse {lib}::{{Client, RetryPolicy}};\n\n\
         fn configured({param}) -> Result<Client, {lib}::Error> {{\n    Client::builder()\n        \
         .base_url(\"https://api.example.com\")\n{key}        \
         .timeout(Duration::from_secs(30))\n        .connect_timeout(Duration::from_secs(5))\n        \
         .retry_policy(RetryPolicy {{\n            max_retries: 4,\n            \
         initial_backoff: Duration::from_millis(200),\n            ..RetryPolicy::default()\n        }})\n        \
         .default_header(\"x-app-name\", \"my-app\")\n        .build()\n}}\n```\n\n\
         | builder method | default |\n|---|---|\n\
         | `base_url(url)` | the spec's server |\n\
         | `timeout(duration)` | 60 s for each attempt, from connecting until the whole body has arrived; `None` waits forever |\n\
         | `connect_timeout(duration)` | 10 s |\n\
         | `max_retries(n)`, `retry_policy(policy)` | 2 retries, as described under Errors, retries and timeouts |\n\
         | `retry_non_idempotent(true)` | off: operations that are not idempotent are not retried |\n\
         | `default_header(name, value)`, `default_headers(map)` | none |\n\
         | `http_client(client)` | a `reqwest::Client` of its own; pass yours for its proxy, TLS and pool settings |\n\
         | `max_response_bytes(n)` | 64 MiB; a larger body fails as a decode error |\n\n\
         `build()` reports an invalid base URL or header as `Error::Config`. \
         A `Client` is cheap to clone, and clones share one connection pool.\n",
        auth_section(api),
        server.as_str(),
    )
}

fn per_call(api: &Api, lib: &str, example: Option<&UsageExample>) -> String {
    let mut text = "## Per-call options and raw responses\n\n\
        Each method returns its request (a type in `requests`), which holds the \
        operation's optional parameters as setters and these options, for that \
        request only:\n\n\
        | request method | effect |\n|---|---|\n\
        | `timeout(duration)` | time limit of each attempt; `None` waits forever |\n\
        | `max_retries(n)` | retries after a failed attempt |\n\
        | `retry_non_idempotent(true)` | allows retrying an operation that is not idempotent; opt in only when repeating it is safe |\n\
        | `header(name, value)` | an extra header; an invalid one is reported when the request is sent |\n\
        | `build_request()` | the `reqwest::Request` the first attempt would send, without sending it |\n\
        | `.await`, `send()` | sends it and decodes the body |\n\
        | `send_with_response()` | sends it; the `ApiResponse` has `status()`, `headers()`, `request_id()`, `body()` and `into_body()` |\n"
        .to_owned();
    if let Some(e) = example {
        let setup: String = e.setup.iter().map(|l| indent(l, 4)).collect();
        let cfg = example_cfg(api, [&api.operations[e.operation]]);
        text.push_str(&format!(
            "\n{RUST}use std::time::Duration;\n\n\
             {cfg}async fn call_with_options(client: &{lib}::Client) -> Result<(), {lib}::Error> {{\n\
             {setup}    let result = {}\n        .timeout(Duration::from_secs(10))\n        \
             .max_retries(0)\n        .header(\"x-correlation-id\", \"example\")\n        \
             .send_with_response()\n        .await;\n    match result {{\n        \
             Ok(response) => {{\n            \
             println!(\"{{}} (request id {{:?}})\", response.status(), response.request_id());\n            \
             println!(\"{{:?}}\", response.into_body());\n        }}\n        \
             Err({lib}::Error::Api(error)) => {{\n            \
             println!(\"{{}}: {{}}\", error.status(), error.body_text());\n            \
             if let Some(body) = error.typed() {{\n                \
             println!(\"the documented error body: {{body:?}}\");\n            }}\n        }}\n        \
             Err(error) if error.is_timeout() => println!(\"timed out: {{error}}\"),\n        \
             Err(error) => return Err(error),\n    }}\n    Ok(())\n}}\n```\n",
            e.call
        ));
    }
    text
}

/// `types::Name` for a named type.
fn type_name(api: &Api, t: &TypeRef) -> Option<String> {
    match t {
        TypeRef::Named(id) => Some(format!("types::{}", api.types[id.0].name.ident)),
        _ => None,
    }
}

/// What `ApiError::typed` holds for this API.
fn error_bodies(api: &Api) -> String {
    if api.error_bodies.is_empty() {
        return "The spec documents no error bodies, so `ApiError::typed()` is `None`; \
                read the body with `body_text()` or `json::<T>()`.\n"
            .to_owned();
    }
    const SHOWN: usize = 10;
    let mut items: Vec<String> = api
        .error_bodies
        .iter()
        .take(SHOWN)
        .map(|v| match type_name(api, &v.ty) {
            Some(t) => format!("- `ErrorBody::{}`: `{t}`\n", v.ident),
            None => format!("- `ErrorBody::{}`\n", v.ident),
        })
        .collect();
    if let Some(more) = api.error_bodies.len().checked_sub(SHOWN).filter(|n| *n > 0) {
        items.push(format!(
            "- and {more} more, each a variant of `ErrorBody`\n"
        ));
    }
    format!(
        "`ApiError::typed()` is the body decoded into the type the spec documents \
         for its status, as a variant of `ErrorBody` (`None` when it did not match; \
         `body_text()` and `json::<T>()` read it anyway):\n\n{}",
        items.concat()
    )
}

/// Which operations are retried without an opt-in, in a sentence.
fn retry_rules(api: &Api) -> String {
    let mut methods: Vec<&str> = api
        .operations
        .iter()
        .filter(|op| op.retry == RetryClass::NonIdempotent)
        .map(|op| op.method.upper())
        .collect();
    methods.sort_unstable();
    methods.dedup();
    let mut text = if methods.is_empty() {
        "Every operation of this API is idempotent, so each is retried.".to_owned()
    } else {
        let spans: Vec<String> = methods.iter().map(|m| format!("`{m}`")).collect();
        format!(
            "Operations that are not idempotent (here {} ones) are retried only after \
             `retry_non_idempotent(true)`, on the builder or the request.",
            spans.join(", ")
        )
    };
    let mut keys: Vec<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.idempotency_key.as_deref())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if !keys.is_empty() {
        let line = Docs::sentence()
            .lit(" Operations that take an idempotency key (")
            .codes(keys, ", ")
            .lit(") send a fresh one with each call, the same on its retries, and are retried like idempotent ones.")
            .done();
        text.push_str(line.as_str());
    }
    text
}

fn errors(api: &Api, lib: &str, with_block: bool) -> String {
    let mut text = format!(
        "## Errors, retries and timeouts\n\n\
         Every call returns `Result<T, {lib}::Error>`. `Error` is `#[non_exhaustive]`:\n\n\
         | variant | when |\n|---|---|\n\
         | `Error::Api(ApiError)` | the server answered with an error status: `status()`, `headers()`, `request_id()`, `body()`, `body_text()`, `json::<T>()`, `typed()` |\n\
         | `Error::Timeout {{ method, path, source }}` | no complete response arrived in time |\n\
         | `Error::Connection {{ method, path, source }}` | the server could not be reached |\n\
         | `Error::Transport {{ method, path, source }}` | any other transport failure, such as a connection broken mid-body |\n\
         | `Error::Decode(DecodeError)` | a response body did not match its type: `path()`, `message()`, `body()` |\n\
         | `Error::InvalidRequest {{ message }}` | the request could not be built |\n\
         | `Error::Config {{ message }}` | the client is misconfigured |\n\n\
         `error.status()` is the HTTP status of an API or decode error, `error.as_api()` \
         the `ApiError`, and `error.is_timeout()` tells timeouts. Messages never contain \
         credentials.\n\n{}\n\
         **Retries.** A connection failure, a timeout, or a 408, 429 or 5xx answer is \
         retried, by default twice: after 500 ms, then twice as long each time (at most \
         8 s, less up to 25% jitter), or after what the server's `Retry-After` (or \
         `retry-after-ms`) says, up to 60 s. `RetryPolicy` sets each of these, and \
         `RetryPolicy::none()` never retries. {}\n\n\
         **Timeouts.** Each attempt has 60 s from connecting until the whole body has \
         arrived, and 10 s to connect; `timeout` and `connect_timeout` on the builder, \
         and `timeout` on a request, change them. Running out is `Error::Timeout`.\n",
        error_bodies(api),
        retry_rules(api),
    );
    if with_block {
        text.push_str(&format!(
            "\n{RUST}fn report(error: &{lib}::Error) {{\n    match error {{\n        \
             {lib}::Error::Api(api) => {{\n            \
             println!(\"{{}} (request id {{:?}}): {{}}\", api.status(), api.request_id(), api.body_text());\n            \
             if let Some(body) = api.typed() {{\n                println!(\"{{body:?}}\");\n            }}\n        }}\n        \
             {lib}::Error::Decode(decode) => println!(\"unexpected body at {{}}: {{}}\", decode.path(), decode.message()),\n        \
             error if error.is_timeout() => println!(\"timed out: {{error}}\"),\n        \
             error => println!(\"{{error}}\"),\n    }}\n}}\n```\n"
        ));
    }
    text
}

/// How to choose groups, and each group's feature and operation count, in
/// Markdown; `None` when the API has no groups.
fn groups_section(api: &Api) -> Option<String> {
    let first = api.groups.first()?;
    let mut text = format!(
        "## Features\n\n\
         Each group of operations is a Cargo feature, and all of them are on by default. \
         To compile only the groups you use (and the types they need), turn the \
         defaults off and name them:\n\n\
         ```toml\n{} = {{ version = \"{}\", default-features = false, features = [\"{}\"] }}\n```\n\n\
         | feature | group | operations |\n|---|---|---:|\n",
        api.krate.package, api.krate.version, first.feature
    );
    for g in &api.groups {
        text.push_str(&format!(
            "| `{}` | {} | {} |\n",
            g.feature,
            g.title.cell().as_str(),
            g.operations
        ));
    }
    Some(text)
}

fn presence_table(lib: &str) -> String {
    // One row per encoding, from the encoding itself, so the table cannot
    // miss one or describe it differently from the code.
    let rows: String = FieldEncoding::ALL
        .iter()
        .map(|e| format!("| {} |\n", e.described().join(" | ").replace("{lib}", lib)))
        .collect();
    format!(
        "## Optional and nullable fields\n\n\
         Every object schema maps its properties by this table, whichever way the spec \
         spells nullability:\n\n\
         | in the schema | Rust type | when sending | when receiving |\n\
         |---|---|---|---|\n\
         {rows}\n\
         Models you send are built with `new(...)`, which takes the required fields, and \
         one setter per field; a nullable field also has a `clear_` setter, which sends \
         `null`. Models and enums are `#[non_exhaustive]`, so a field or value the API \
         adds later breaks no caller.\n"
    )
}

fn versioning(api: &Api) -> String {
    let k = &api.krate;
    let line = Docs::sentence()
        .lit("This crate's version (")
        .code(&k.version)
        .lit(") follows Cargo's semver rules. ")
        .code(&k.regenerate_command)
        .lit(
            " bumps it when it regenerates the crate from a changed spec: a change that \
             breaks the generated Rust API bumps the major version, an addition the \
             minor version, and a documentation-only change the patch version (below \
             1.0.0, a breaking change bumps the minor version and any other the patch); \
             `CHANGELOG.md` records each bump. The API's own version (",
        )
        .code(&k.api_version)
        .lit(
            ", the spec's `info.version`) is separate and says which API the crate was \
             generated from. The runtime crate the crate depends on (",
        )
        .code(crate::runtime_crate::PACKAGE)
        .lit(") follows semver too.")
        .done();
    format!("## Versioning\n\n{}\n", line.as_str())
}

/// How deliveries are verified and decoded, with the crate's own
/// functions.
fn webhooks_section(api: &Api, lib: &str) -> Option<String> {
    let w = api.webhooks.as_ref()?;
    let (call, ty) = match &w.events {
        Some(_) => ("parse_event".to_owned(), "the `Event` enum: one variant per payload, and `Unknown` for a delivery this version does not know".to_owned()),
        None => (
            w.payloads.first()?.function.to_string(),
            "its payload type".to_owned(),
        ),
    };
    let scheme = match &w.scheme {
        WebhookScheme::Standard => "by the Standard Webhooks specification (`webhook-id`, `webhook-timestamp` and `webhook-signature` headers, `whsec_` secrets)".to_owned(),
        WebhookScheme::Custom(c) => Docs::sentence()
            .lit("with HMAC signatures in the ")
            .code(&c.signature_header)
            .lit(" header, as the settings file describes")
            .done()
            .as_str()
            .to_owned(),
    };
    let functions: Vec<String> = w
        .payloads
        .iter()
        .map(|p| format!("`webhooks::{}`", p.function))
        .collect();
    Some(format!(
        "## Webhooks\n\nDeliveries are signed {scheme}. `webhooks::verifier(secret)` makes a \
         verifier; each parse function checks a delivery's signature in constant time and its \
         timestamp against a 5-minute replay window, then decodes the body: {}. `{call}` \
         returns {ty}. Headers are anything `webhooks::HeaderLookup` reads (pairs, maps, and an \
         `http::HeaderMap` when the crate has a client), and the body is the raw bytes received; no web framework is needed. \
         `Verifier::add_secret` accepts the previous secret while you rotate it.\n\n\
         {RUST}fn receive(headers: &[(&str, &str)], body: &[u8], secret: &str) \
         -> Result<(), {lib}::webhooks::WebhookError> {{\n    \
         let verifier = {lib}::webhooks::verifier(secret)?;\n    \
         let delivery = {lib}::webhooks::{call}(&verifier, headers, body)?;\n    \
         println!(\"{{delivery:?}}\");\n    Ok(())\n}}\n```\n",
        functions.join(", ")
    ))
}
