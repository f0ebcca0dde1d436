//! The crate around the code: `Cargo.toml` and `src/lib.rs` (the README
//! as crate docs, lint settings, modules, re-exports); the README itself is
//! `readme`'s.

use proc_macro2::TokenStream;
use quote::quote;

use super::Output;
use crate::ir::{Api, BodyEncoding, Operation};

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
    let m = &k.meta;
    let mut text = String::new();
    text.push_str("[package]\n");
    text.push_str(&format!("name = {}\n", toml_str(&k.package)));
    text.push_str(&format!("version = {}\n", toml_str(&k.version)));
    text.push_str("edition = \"2021\"\n");
    text.push_str(&format!("rust-version = {}\n", toml_str(&m.rust_version)));
    text.push_str(&format!(
        "description = {}\n",
        toml_str(k.description.as_str())
    ));
    let optional = [
        ("license", &m.license),
        ("repository", &m.repository),
        ("homepage", &m.homepage),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            text.push_str(&format!("{key} = {}\n", toml_str(v)));
        }
    }
    text.push_str(&format!("documentation = {}\n", toml_str(&m.documentation)));
    text.push_str("readme = \"README.md\"\n");
    let lists = [
        ("authors", &m.authors),
        ("keywords", &m.keywords),
        ("categories", &m.categories),
    ];
    for (key, values) in lists {
        if !values.is_empty() {
            let items: Vec<String> = values.iter().map(|v| toml_str(v)).collect();
            text.push_str(&format!("{key} = [{}]\n", items.join(", ")));
        }
    }
    // docs.rs documents every group, and marks each gated item with the
    // feature that enables it (`--cfg docsrs` turns the marks on).
    text.push_str(
        "\n[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n",
    );
    // `docsrs` is docs.rs's cfg, not a feature.
    text.push_str(
        "\n[lints.rust]\nunexpected_cfgs = { level = \"warn\", check-cfg = [\"cfg(docsrs)\"] }\n",
    );
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

pub(super) fn lib_rs(api: &Api) -> TokenStream {
    let lints = ALLOWED_LINTS.iter().map(|(l, _)| {
        let path: TokenStream = l.parse().unwrap_or_default();
        path
    });
    let exports = runtime_exports(api)
        .into_iter()
        .map(|n| proc_macro2::Ident::new(n, proc_macro2::Span::call_site()));
    // Without documented error bodies there is no `ErrorBody` to export.
    let errors = if api.error_bodies.is_empty() {
        quote! {
            /// Everything a call can fail with.
            pub type Error = runtime::Error;
            /// The server answered with an error status (the spec
            /// documents no error body to decode it into).
            pub type ApiError = runtime::ApiError;
        }
    } else {
        quote! {
            pub use client::ErrorBody;
            /// Everything a call can fail with.
            pub type Error = runtime::Error<ErrorBody>;
            /// The server answered with an error status; [`ApiError::typed`]
            /// is the body decoded into the type the spec documents.
            pub type ApiError = runtime::ApiError<ErrorBody>;
        }
    };
    let resources = (!api.namespaces.is_empty()).then(|| {
        quote!(
            pub use client::resources;
        )
    });
    let auth = (!api.schemes.is_empty()).then(|| {
        quote!(
            pub mod auth;
        )
    });
    let webhooks = api.webhooks.is_some().then(|| {
        quote!(
            pub mod webhooks;
        )
    });
    let client = api.has_client().then(|| {
        quote! {
            #auth
            mod client;
            #resources
            mod request;
            pub mod requests;
            pub use client::Client;
            pub use request::OperationRequest;
            /// Configures a [`Client`]: base URL, credentials, timeouts,
            /// retries and default headers.
            pub type ClientBuilder = runtime::ClientBuilder<Client>;
            #errors
        }
    });
    quote! {
        // The README is the crate docs, so the two cannot drift, and its
        // examples compile as doctests.
        #![doc = include_str!("../README.md")]
        // docs.rs builds with `--cfg docsrs` on nightly: each gated item
        // then shows the feature that enables it.
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![allow(#(#lints),*)]

        pub mod types;
        #webhooks
        pub use runtime::{#(#exports),*};
        #client
    }
}

/// The runtime items the crate re-exports: the field types always, the
/// client's types with a client, and the streams its methods return. The
/// change report records them, since they are part of the crate's API.
pub(crate) fn runtime_exports(api: &Api) -> Vec<&'static str> {
    let mut names = vec![
        "Base64",
        "Binary",
        "Date",
        "DateTime",
        "ParseDateTimeError",
        "Time",
        "Tristate",
    ];
    if !api.has_client() {
        return names;
    }
    names.extend(["ApiResponse", "DecodeError", "RetryPolicy"]);
    let ops = &api.operations;
    if ops.iter().any(|op| op.streamed().is_some()) {
        names.push("ByteStream");
    }
    let uploads = |op: &Operation| {
        op.body
            .as_ref()
            .is_some_and(|b| b.encoding == BodyEncoding::Binary)
    };
    if ops.iter().any(uploads) {
        names.push("Upload");
    }
    if api.has_events() {
        names.extend(["Event", "EventStream"]);
    }
    if ops.iter().any(|op| op.pagination().is_some()) {
        names.push("Items");
    }
    names.sort_unstable();
    names
}

/// The crate's type aliases of runtime types (with a client).
pub(crate) const RUNTIME_ALIASES: &[&str] = &["ApiError", "ClientBuilder", "Error"];
