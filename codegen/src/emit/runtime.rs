//! What a generated crate takes from the hand-written code beside the
//! generator: the `OperationRequest` every method returns
//! (`codegen/runtime/local/request.rs`, copied into the crate because its
//! per-operation methods must be local), and, when the settings ask for a
//! bundled runtime, a copy of the runtime crate (`codegen/runtime`).

use super::Output;
use crate::ir::Api;

use crate::runtime_crate::{MANIFEST, PACKAGE};

/// The request type, copied into every crate with a client.
const REQUEST: &str = crate::naming::REQUEST_TEMPLATE;

/// What `request.rs` gains when an API paginates or streams binary bodies.
const REQUEST_STREAMS: &str = crate::naming::REQUEST_STREAMS_TEMPLATE;

/// The runtime crate's sources, for a bundled copy.
const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../runtime/src/lib.rs")),
    ("auth.rs", include_str!("../../runtime/src/auth.rs")),
    (
        "auth/oauth.rs",
        include_str!("../../runtime/src/auth/oauth.rs"),
    ),
    ("webhooks.rs", include_str!("../../runtime/src/webhooks.rs")),
    (
        "webhooks/error.rs",
        include_str!("../../runtime/src/webhooks/error.rs"),
    ),
    (
        "webhooks/headers.rs",
        include_str!("../../runtime/src/webhooks/headers.rs"),
    ),
    (
        "webhooks/mac.rs",
        include_str!("../../runtime/src/webhooks/mac.rs"),
    ),
    (
        "webhooks/scheme.rs",
        include_str!("../../runtime/src/webhooks/scheme.rs"),
    ),
    ("binary.rs", include_str!("../../runtime/src/binary.rs")),
    ("datetime.rs", include_str!("../../runtime/src/datetime.rs")),
    ("de.rs", include_str!("../../runtime/src/de.rs")),
    ("tristate.rs", include_str!("../../runtime/src/tristate.rs")),
    ("union.rs", include_str!("../../runtime/src/union.rs")),
    ("wire.rs", include_str!("../../runtime/src/wire.rs")),
    ("attach.rs", include_str!("../../runtime/src/attach.rs")),
    ("body.rs", include_str!("../../runtime/src/body.rs")),
    ("call.rs", include_str!("../../runtime/src/call.rs")),
    ("client.rs", include_str!("../../runtime/src/client.rs")),
    ("encode.rs", include_str!("../../runtime/src/encode.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    ("handle.rs", include_str!("../../runtime/src/handle.rs")),
    ("pages.rs", include_str!("../../runtime/src/pages.rs")),
    ("request.rs", include_str!("../../runtime/src/request.rs")),
    ("response.rs", include_str!("../../runtime/src/response.rs")),
    ("retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("sse.rs", include_str!("../../runtime/src/sse.rs")),
    (
        "transport.rs",
        include_str!("../../runtime/src/transport.rs"),
    ),
];

/// The runtime's line in `[dependencies]`: by version (so the crate
/// publishes), by path as well when the runtime is local, and only the
/// model half for a crate without a client.
pub(super) fn dependency(api: &Api) -> String {
    let path = api
        .krate
        .runtime
        .path
        .as_deref()
        .map(|p| format!(", path = {}", super::crate_files::toml_str(p)))
        .unwrap_or_default();
    let features = match (api.has_client(), api.webhooks.is_some()) {
        (true, false) => "",
        (true, true) => ", features = [\"webhooks\"]",
        (false, false) => ", default-features = false",
        (false, true) => ", default-features = false, features = [\"webhooks\"]",
    };
    format!(
        "{{ package = \"{PACKAGE}\", version = \"{}\"{path}{features} }}",
        crate::runtime_crate::version()
    )
}

/// The files the crate gets from here.
pub(super) fn files(api: &Api) -> Vec<Output> {
    let mut out = Vec::new();
    if api.has_client() && api.has_streams() {
        out.push(Output::Text {
            path: "src/request.rs".into(),
            text: format!("{REQUEST}\n{REQUEST_STREAMS}"),
            comment: Some("//"),
        });
    } else if api.has_client() {
        out.push(Output::Verbatim {
            path: "src/request.rs".into(),
            text: REQUEST,
        });
    }
    if api.krate.runtime.bundled {
        out.push(Output::Text {
            path: "runtime/Cargo.toml".into(),
            text: MANIFEST.to_owned(),
            comment: Some("#"),
        });
        out.push(Output::Text {
            path: "runtime/README.md".into(),
            text: include_str!("../../runtime/README.md").to_owned(),
            comment: None,
        });
        for (name, text) in SOURCES {
            out.push(Output::Verbatim {
                path: format!("runtime/src/{name}"),
                text,
            });
        }
    }
    out
}
