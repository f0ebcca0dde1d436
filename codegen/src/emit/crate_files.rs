//! The crate around the code: `Cargo.toml`, `README.md` and `src/lib.rs`
//! (crate docs, lint settings, modules, re-exports).

use proc_macro2::TokenStream;
use quote::quote;

use super::Output;
use crate::ir::{Api, BodyEncoding, Docs, Operation};

/// Dependencies of every generated crate (its types need them).
const MODEL_DEPS: &[(&str, &str)] = &[
    ("serde", "{ version = \"1\", features = [\"derive\"] }"),
    // Decimal floats read exactly, so a value read and written back keeps
    // every digit.
    (
        "serde_json",
        "{ version = \"1\", features = [\"float_roundtrip\"] }",
    ),
    ("uuid", "{ version = \"1\", features = [\"serde\"] }"),
];

/// The lint allowances of generated code, each with its reason; printed in
/// the `lib.rs` header and applied by one attribute.
pub(crate) const ALLOWED_LINTS: &[(&str, &str)] = &[
    (
        "clippy::large_enum_variant",
        "union variants mirror the spec's schemas, whatever their sizes",
    ),
    (
        "clippy::enum_variant_names",
        "variant names come from the spec's values and schema names",
    ),
    (
        "clippy::too_many_arguments",
        "an operation takes one argument per path parameter",
    ),
    (
        "clippy::should_implement_trait",
        "operation names such as `next` or `default` come from the spec",
    ),
    (
        "clippy::wrong_self_convention",
        "operation names such as `into_x` come from the spec",
    ),
    (
        "clippy::type_complexity",
        "nested schemas make nested types",
    ),
    (
        "clippy::just_underscores_and_digits",
        "a property named `123` is field `_123`, which `Deserialize` binds as a local",
    ),
    (
        "clippy::doc_lazy_continuation",
        "descriptions are the spec's Markdown, kept as written",
    ),
    (
        "clippy::doc_overindented_list_items",
        "descriptions are the spec's Markdown, kept as written",
    ),
];

fn lib_name(api: &Api) -> String {
    api.krate.package.replace('-', "_")
}

pub(super) fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn cargo_toml(api: &Api) -> Output {
    let k = &api.krate;
    let mut text = String::new();
    text.push_str("[package]\n");
    text.push_str(&format!("name = {}\n", toml_str(&k.package)));
    text.push_str(&format!("version = {}\n", toml_str(&k.version)));
    text.push_str("edition = \"2021\"\n");
    text.push_str(&format!(
        "description = {}\n",
        toml_str(k.description.as_str())
    ));
    text.push_str("readme = \"README.md\"\n");
    text.push_str("\n[dependencies]\n");
    // The runtime: HTTP calls, retries, errors and the field types, one
    // build shared by every crate that names the same runtime.
    let runtime = super::runtime::dependency(api);
    let mut deps: Vec<(&str, &str)> = MODEL_DEPS.to_vec();
    deps.push(("runtime", &runtime));
    deps.sort();
    for (name, spec) in deps {
        text.push_str(&format!("{name} = {spec}\n"));
    }
    if !api.groups.is_empty() {
        // Every group on by default: opting out is the user's choice.
        let all: Vec<String> = api
            .groups
            .iter()
            .map(|g| toml_str(g.feature.as_str()))
            .collect();
        text.push_str("\n[features]\n");
        text.push_str(&format!("default = [{}]\n", all.join(", ")));
        for g in &api.groups {
            // A feature name is `[a-z0-9-]`: a bare TOML key.
            text.push_str(&format!("{} = []\n", g.feature));
        }
    }
    if k.standalone {
        text.push_str("\n# Its own workspace, so it builds wherever it is written.\n[workspace]\n");
    }
    Output::Text {
        path: "Cargo.toml".into(),
        text,
        comment: Some("#"),
    }
}

pub(super) fn readme(api: &Api) -> Output {
    let k = &api.krate;
    let lib = lib_name(api);
    let mut text = format!("# {}\n\n{}.\n", k.title.as_str(), k.description.as_str());
    if !api.docs.is_empty() {
        text.push_str(&format!("\n{}\n", api.docs.as_str()));
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
    if let Some(example) = &api.example {
        text.push_str("\n## Example\n\n```rust,no_run\n");
        for line in example.lines() {
            // Hidden doctest lines are noise in a README.
            if !line.starts_with("# ") && line != "#" {
                text.push_str(line);
                text.push('\n');
            }
        }
        text.push_str("```\n");
    }
    if let Some(groups) = groups_section(api) {
        text.push_str(&format!("\n## API groups\n\n{groups}"));
    }
    text.push_str(&format!("\n{}\n", presence_table(&lib)));
    Output::Text {
        path: "README.md".into(),
        text,
        comment: None,
    }
}

/// How to choose groups, and each group's feature and operation count, in
/// Markdown; `None` when the API has no groups.
fn groups_section(api: &Api) -> Option<String> {
    let first = api.groups.first()?;
    let mut text = format!(
        "Each group of operations is a Cargo feature, and all of them are on by default. \
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
            g.title.as_str().replace('|', "\\|"),
            g.operations
        ));
    }
    Some(text)
}

fn presence_table(lib: &str) -> String {
    format!(
        "## Optional and nullable fields\n\n\
         | in the schema | Rust type | when sending | when receiving |\n\
         |---|---|---|---|\n\
         | required | `T` | the value | the value |\n\
         | required, nullable | `Option<T>` | `None` is sent as `null` | `null` is `None` |\n\
         | optional | `Option<T>` | `None` is left out | absent (or `null`) is `None` |\n\
         | optional, nullable | `{lib}::Tristate<T>` | `Absent` is left out, `Null` is sent as `null` | absent is `Absent`, `null` is `Null` |\n"
    )
}

pub(super) fn lib_rs(api: &Api) -> TokenStream {
    let k = &api.krate;
    let lib = lib_name(api);
    let mut docs = format!("# {}\n\n{}.", k.title.as_str(), k.description.as_str());
    if !api.docs.is_empty() {
        docs.push_str("\n\n");
        docs.push_str(api.docs.as_str());
    }
    let version = Docs::sentence()
        .lit("API version ")
        .code(&k.api_version)
        .lit(". Types are in [`types`]; optional and nullable fields follow this table:")
        .done();
    docs.push_str(&format!(
        "\n\n{}\n\n{}",
        version.as_str(),
        presence_table(&lib).trim_start_matches("## Optional and nullable fields\n\n")
    ));
    if let Some(groups) = groups_section(api) {
        docs.push_str("\n\n# API groups\n\n");
        docs.push_str(groups.trim_end());
    }
    if let Some(example) = &api.example {
        docs.push_str("\n\n# Example\n\n```no_run\n");
        docs.push_str(example);
        docs.push_str("\n```");
    }
    let doc_lines = docs.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    let lints = ALLOWED_LINTS.iter().map(|(l, _)| {
        let path: TokenStream = l.parse().unwrap_or_default();
        path
    });
    let streams = stream_exports(api);
    let client = api.has_client().then(|| {
        quote! {
            #streams
            mod client;
            mod request;
            pub mod requests;
            pub use client::{Client, ErrorBody};
            pub use request::OperationRequest;
            pub use runtime::{ApiResponse, DecodeError, RetryPolicy};
            /// Configures a [`Client`]: base URL, credentials, timeouts,
            /// retries and default headers.
            pub type ClientBuilder = runtime::ClientBuilder<Client>;
            /// Everything a call can fail with.
            pub type Error = runtime::Error<ErrorBody>;
            /// The server answered with an error status; [`ApiError::typed`]
            /// is the body decoded into the type the spec documents.
            pub type ApiError = runtime::ApiError<ErrorBody>;
        }
    });
    quote! {
        #(#doc_lines)*
        #![deny(missing_docs)]
        #![allow(#(#lints),*)]

        pub mod types;
        pub use runtime::{Base64, Binary, Date, DateTime, ParseDateTimeError, Time, Tristate};
        #client
    }
}

/// The runtime's stream types the crate's methods return, re-exported so
/// that users can name them.
fn stream_exports(api: &Api) -> Option<TokenStream> {
    let ops = &api.operations;
    let mut names = Vec::new();
    if ops.iter().any(|op| op.streamed().is_some()) {
        names.push(quote!(ByteStream));
    }
    let uploads = |op: &Operation| {
        op.body
            .as_ref()
            .is_some_and(|b| b.encoding == BodyEncoding::Binary)
    };
    if ops.iter().any(uploads) {
        names.push(quote!(Upload));
    }
    if api.has_events() {
        names.extend([quote!(Event), quote!(EventStream)]);
    }
    if ops.iter().any(|op| op.pagination().is_some()) {
        names.push(quote!(Items));
    }
    (!names.is_empty()).then(|| quote!(pub use runtime::{#(#names),*};))
}
