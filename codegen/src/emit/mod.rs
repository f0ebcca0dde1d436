//! IR → files. Rust files are token streams (rendered later); `Cargo.toml`
//! and the README are text; the runtime is copied verbatim. Emitters print
//! what the IR says and decide nothing.

mod auth;
mod builders;
mod client;
mod crate_files;
mod deserialize;
mod readme;
mod requests;
mod resources;
mod runtime;
mod types;
mod webhooks;

pub(crate) use crate_files::{ALLOWED_LINTS, RUNTIME_ALIASES, runtime_exports};

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};
use quote::quote;

use crate::ir::{Api, Docs, Gate, Operation, Prim, TypeRef};
use crate::naming::{self, Local};

/// One output file before rendering.
#[derive(Debug, Clone)]
pub enum Output {
    /// Rust source as tokens, formatted by the renderer.
    Rust {
        /// Path inside the crate.
        path: String,
        /// The code.
        tokens: TokenStream,
    },
    /// A text file; `comment` starts each header line.
    Text {
        /// Path inside the crate.
        path: String,
        /// Contents.
        text: String,
        /// Line-comment marker for the header (`#`, `//`), or `None` for
        /// a Markdown header.
        comment: Option<&'static str>,
    },
    /// Data the generator reads back (`api.json`), written as is, with no
    /// header.
    Data {
        /// Path inside the crate.
        path: String,
        /// Contents.
        text: String,
    },
    /// Hand-written runtime source, copied as is.
    Verbatim {
        /// Path inside the crate.
        path: String,
        /// Contents.
        text: &'static str,
    },
}

/// Emits every file of the crate for `api`.
pub fn emit(api: &Api) -> Vec<Output> {
    let mut out = vec![
        crate_files::cargo_toml(api),
        readme::readme(api),
        Output::Text {
            path: "rustfmt.toml".into(),
            text: "# prettyplease formats this crate; rustfmt would only reformat it\n\
                   # differently and turn regeneration into a diff.\n\
                   disable_all_formatting = true\n"
                .into(),
            comment: Some("#"),
        },
        Output::Rust {
            path: "src/lib.rs".into(),
            tokens: crate_files::lib_rs(api),
        },
        Output::Rust {
            path: "src/types.rs".into(),
            tokens: types::types_rs(api),
        },
    ];
    if api.has_client() {
        out.push(Output::Rust {
            path: "src/client.rs".into(),
            tokens: client::client_rs(api),
        });
        out.push(Output::Rust {
            path: "src/requests.rs".into(),
            tokens: requests::requests_rs(api),
        });
        if !api.schemes.is_empty() {
            out.push(Output::Rust {
                path: "src/auth.rs".into(),
                tokens: auth::auth_rs(api),
            });
        }
    }
    if let Some(w) = &api.webhooks {
        out.push(Output::Rust {
            path: "src/webhooks.rs".into(),
            tokens: webhooks::webhooks_rs(api, w),
        });
    }
    out.extend(runtime::files(api));
    out
}

/// The tokens of an identifier the naming scopes made.
pub(crate) fn ident(name: &naming::Ident) -> Ident {
    let text = name.as_str();
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

/// One of the emitter's own locals, which every argument scope reserves.
pub(crate) fn local(l: Local) -> Ident {
    Ident::new(l.as_str(), Span::call_site())
}

/// `#[cfg(...)]` for a gate: nothing for [`Gate::Always`], else the
/// features of the groups that compile the item, and the same condition
/// for docs.rs to show.
pub(crate) fn cfg_attr(api: &Api, gate: &Gate) -> TokenStream {
    let Gate::Any(groups) = gate else {
        return TokenStream::new();
    };
    let features: Vec<&str> = groups
        .iter()
        .map(|g| api.groups[g.0].feature.as_str())
        .collect();
    let condition = match features.as_slice() {
        [one] => quote!(feature = #one),
        many => quote!(any(#(feature = #many),*)),
    };
    quote! {
        #[cfg(#condition)]
        #[cfg_attr(docsrs, doc(cfg(#condition)))]
    }
}

/// `#[cfg(feature = "...")]` for an operation in a group, and its docs.rs
/// mark.
pub(crate) fn op_cfg(api: &Api, op: &Operation) -> TokenStream {
    match op.group {
        Some(g) => {
            let feature = api.groups[g.0].feature.as_str();
            quote! {
                #[cfg(feature = #feature)]
                #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            }
        }
        None => TokenStream::new(),
    }
}

/// The same items, each under `cfg` (an empty `cfg` leaves them as they
/// are). Every item of a gated type or operation needs the attribute: an
/// `impl` of a type that is compiled out would not compile.
pub(crate) fn gated(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    // Items are split at the token level (parsing them would multiply
    // emit time): an item ends at a top-level `;`, or at a `{ … }` block
    // together with a `;` right after it (`use a::{b};`).
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let mut out = TokenStream::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let end = match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == ';' => Some(i + 1),
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => match tokens.get(i + 1) {
                Some(TokenTree::Punct(p)) if p.as_char() == ';' => Some(i + 2),
                _ => Some(i + 1),
            },
            _ => None,
        };
        if let Some(end) = end {
            out.extend(with_cfg(&tokens[start..end], cfg));
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    out.extend(tokens[start..].iter().cloned());
    out
}

/// One item's tokens with `cfg` after its leading doc attributes, so that
/// rendered items read docs first.
fn with_cfg(item: &[TokenTree], cfg: &TokenStream) -> TokenStream {
    let is_doc = |pair: &[TokenTree]| match pair {
        [TokenTree::Punct(p), TokenTree::Group(g)] if p.as_char() == '#' => {
            g.delimiter() == Delimiter::Bracket
                && matches!(g.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc")
        }
        _ => false,
    };
    let mut at = 0;
    while at + 2 <= item.len() && is_doc(&item[at..at + 2]) {
        at += 2;
    }
    let mut out: TokenStream = item[..at].iter().cloned().collect();
    out.extend(cfg.clone());
    out.extend(item[at..].iter().cloned());
    out
}

/// The error-body argument of the runtime's generic types: the crate's
/// `ErrorBody` when the spec documents error bodies, else nothing (the
/// runtime's default, so that no empty enum shows in signatures). Starts
/// with a comma when not empty, to follow another argument.
pub(crate) fn error_param(api: &Api) -> TokenStream {
    if api.error_bodies.is_empty() {
        TokenStream::new()
    } else {
        quote!(, crate::ErrorBody)
    }
}

/// The runtime's byte stream, with the crate's error bodies.
pub(crate) fn byte_stream(api: &Api) -> TokenStream {
    if api.error_bodies.is_empty() {
        quote!(crate::ByteStream)
    } else {
        quote!(crate::ByteStream<crate::ErrorBody>)
    }
}

/// Where a type is written: inside `types.rs`, or elsewhere (`types::X`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Inside the `types` module.
    Types,
    /// Anywhere else in the crate.
    Outside,
}

/// A type reference as Rust source text, with paths from the crate root.
pub(crate) fn type_text(api: &Api, t: &TypeRef) -> String {
    type_tokens(api, t, Scope::Outside).to_string()
}

/// The Rust spelling of a type reference.
pub(crate) fn type_tokens(api: &Api, t: &TypeRef, scope: Scope) -> TokenStream {
    match t {
        TypeRef::Named(id) => {
            let name = ident(&api.types[id.0].name.ident);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Outside => quote!(crate::types::#name),
            }
        }
        TypeRef::Prim(p) => prim_tokens(*p),
        TypeRef::Vec(inner) => {
            let i = type_tokens(api, inner, scope);
            quote!(Vec<#i>)
        }
        TypeRef::Map(inner) => {
            let i = type_tokens(api, inner, scope);
            quote!(std::collections::BTreeMap<String, #i>)
        }
        TypeRef::Option(inner) => {
            let i = type_tokens(api, inner, scope);
            quote!(Option<#i>)
        }
        TypeRef::Tristate(inner) => {
            let i = type_tokens(api, inner, scope);
            quote!(crate::Tristate<#i>)
        }
        TypeRef::Boxed(inner) => {
            let i = type_tokens(api, inner, scope);
            quote!(Box<#i>)
        }
    }
}

fn prim_tokens(p: Prim) -> TokenStream {
    match p {
        Prim::String => quote!(String),
        Prim::Bool => quote!(bool),
        Prim::I32 => quote!(i32),
        Prim::I64 => quote!(i64),
        Prim::U32 => quote!(u32),
        Prim::U64 => quote!(u64),
        Prim::F64 => quote!(f64),
        Prim::Uuid => quote!(uuid::Uuid),
        Prim::DateTime => quote!(crate::DateTime),
        Prim::Date => quote!(crate::Date),
        Prim::Time => quote!(crate::Time),
        Prim::Base64 => quote!(crate::Base64),
        Prim::Binary => quote!(crate::Binary),
        Prim::Json => quote!(serde_json::Value),
        Prim::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
    }
}

/// `#[doc = "..."]` lines; an item the spec leaves undocumented gets none
/// (filler that repeats its name helps no one; `missing_docs` is not
/// turned on in generated crates, so no attribute has to excuse it).
pub(crate) fn doc_attrs(docs: &Docs) -> TokenStream {
    let lines = docs.as_str().lines().map(|l| {
        // A leading space keeps `/// text` readable after rendering.
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}
