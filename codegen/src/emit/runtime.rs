//! The hand-written runtime (`codegen/runtime/*.rs`), embedded at build time
//! and copied into every generated crate, and its generated `mod.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// Runtime files every crate needs (its types use them).
const MODEL: &[(&str, &str)] = &[
    ("tristate.rs", include_str!("../../runtime/tristate.rs")),
    ("binary.rs", include_str!("../../runtime/binary.rs")),
    ("datetime.rs", include_str!("../../runtime/datetime.rs")),
    ("union.rs", include_str!("../../runtime/union.rs")),
];

/// Runtime files of the HTTP client.
const CLIENT: &[(&str, &str)] = &[
    ("call.rs", include_str!("../../runtime/call.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("encode.rs", include_str!("../../runtime/encode.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("handle.rs", include_str!("../../runtime/handle.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("transport.rs", include_str!("../../runtime/transport.rs")),
];

/// The runtime files this crate ships.
pub(super) fn files(api: &Api) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<_> = MODEL.to_vec();
    if api.has_client() {
        out.extend_from_slice(CLIENT);
    }
    out
}

/// `src/runtime/mod.rs`, declaring the shipped files.
pub(super) fn mod_rs(api: &Api) -> TokenStream {
    let mods = files(api).into_iter().map(|(file, _)| {
        // Fixed module names of the runtime, not spec text.
        let m =
            proc_macro2::Ident::new(file.trim_end_matches(".rs"), proc_macro2::Span::call_site());
        quote!(pub(crate) mod #m;)
    });
    quote! {
        //! Support code shipped with the SDK, the same for every API.
        #(#mods)*
    }
}
