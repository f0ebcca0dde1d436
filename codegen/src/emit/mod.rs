//! IR → files. Rust files are token streams (rendered later); `Cargo.toml`
//! and the README are text; the runtime is copied verbatim. Emitters print
//! what the IR says and decide nothing.

mod auth;
mod builders;
mod client;
mod crate_files;
pub mod item;
mod readme;
mod requests;
mod resources;
mod runtime;
mod types;
mod webhooks;
mod wire;

pub(crate) use builders::new_argument_type;
pub(crate) use crate_files::{ALLOWED_LINTS, RUNTIME_ALIASES, runtime_exports};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Docs, Operation, Prim, Taking, TypeRef};
use crate::naming::{self, Local};
use item::{Cfg, RustFile};

/// One output file before rendering.
#[derive(Debug, Clone)]
pub enum Output {
    /// Rust source as items, formatted by the renderer.
    Rust {
        /// Path inside the crate.
        path: String,
        /// The code.
        file: RustFile,
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
            file: RustFile::new(TokenStream::new(), crate_files::lib_rs(api)),
        },
        Output::Rust {
            path: "src/types.rs".into(),
            file: types::types_rs(api),
        },
    ];
    if api.has_client() {
        out.push(Output::Rust {
            path: "src/client.rs".into(),
            file: client::client_rs(api),
        });
        out.push(Output::Rust {
            path: "src/requests.rs".into(),
            file: requests::requests_rs(api),
        });
        if !api.schemes.is_empty() {
            out.push(Output::Rust {
                path: "src/auth.rs".into(),
                file: RustFile::new(TokenStream::new(), auth::auth_rs(api)),
            });
        }
    }
    if let Some(w) = &api.webhooks {
        out.push(Output::Rust {
            path: "src/webhooks.rs".into(),
            file: RustFile::new(TokenStream::new(), webhooks::webhooks_rs(api, w)),
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

/// The gate of an operation in a group: its feature.
pub(crate) fn op_cfg(api: &Api, op: &Operation) -> Option<Cfg> {
    op.group
        .map(|g| Cfg::feature(api.groups[g.0].feature.as_str()))
}

/// The attributes of [`op_cfg`], for an item inside another (a method).
pub(crate) fn op_cfg_attrs(api: &Api, op: &Operation) -> TokenStream {
    op_cfg(api, op).map(|c| c.attrs()).unwrap_or_default()
}

/// The attributes of a gate, for an item inside another.
pub(crate) fn cfg_attrs(api: &Api, gate: &crate::ir::Gate) -> TokenStream {
    Cfg::of(api, gate).map(|c| c.attrs()).unwrap_or_default()
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

/// Where a type is written: inside `types.rs`, elsewhere (`types::X`), or
/// in the API surface, where the crate's own names go unqualified (`Pet`,
/// `DateTime`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Inside the `types` module.
    Types,
    /// Anywhere else in the crate.
    Outside,
    /// The public surface (`api.json`), as users read it.
    Surface,
}

/// What a parameter or setter taking a `t` accepts: `impl Into<String>`
/// for text, else the type itself (a boxed value boxed for the caller).
/// The emitters write it and the surface records it, from this one rule.
pub(crate) fn taken_tokens(api: &Api, t: &TypeRef, taking: Taking, scope: Scope) -> TokenStream {
    match (taking, t) {
        (Taking::IntoString, _) => quote!(impl Into<String>),
        (Taking::Value, TypeRef::Boxed(inner)) => type_tokens(api, inner, scope),
        (Taking::Value, t) => type_tokens(api, t, scope),
    }
}

/// Tokens as compact text: a space between two words, after a comma and
/// around a lone `=`, nowhere else (`crate::Tristate<Vec<X>>`, `impl
/// Into<String>`). For the surface's signatures and the renderer's wire
/// tables.
pub(crate) fn tokens_text(tokens: TokenStream) -> String {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    fn walk(tokens: TokenStream, out: &mut String, word: &mut bool) {
        for tt in tokens {
            match tt {
                TokenTree::Ident(_) | TokenTree::Literal(_) => {
                    if *word {
                        out.push(' ');
                    }
                    out.push_str(&tt.to_string());
                    *word = true;
                }
                TokenTree::Punct(p) => {
                    match (p.as_char(), p.spacing()) {
                        (',', _) => out.push_str(", "),
                        ('=', Spacing::Alone) => out.push_str(" = "),
                        (c, _) => out.push(c),
                    }
                    *word = false;
                }
                TokenTree::Group(g) => {
                    let (open, close) = match g.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::None => ("", ""),
                    };
                    out.push_str(open);
                    *word = false;
                    walk(g.stream(), out, word);
                    out.push_str(close);
                    *word = false;
                }
            }
        }
    }
    let mut out = String::new();
    walk(tokens, &mut out, &mut false);
    out
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
                Scope::Types | Scope::Surface => quote!(#name),
                Scope::Outside => quote!(crate::types::#name),
            }
        }
        TypeRef::Prim(p) => prim_tokens(*p, scope),
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
            let krate = krate(scope);
            quote!(#krate Tristate<#i>)
        }
        TypeRef::Boxed(inner) => {
            let i = type_tokens(api, inner, scope);
            quote!(Box<#i>)
        }
    }
}

/// `crate::`, where the crate's own re-exports are named from the root;
/// nothing in the surface.
fn krate(scope: Scope) -> TokenStream {
    match scope {
        Scope::Surface => TokenStream::new(),
        Scope::Types | Scope::Outside => quote!(crate::),
    }
}

fn prim_tokens(p: Prim, scope: Scope) -> TokenStream {
    let krate = krate(scope);
    match p {
        Prim::String => quote!(String),
        Prim::Bool => quote!(bool),
        Prim::I32 => quote!(i32),
        Prim::I64 => quote!(i64),
        Prim::U32 => quote!(u32),
        Prim::U64 => quote!(u64),
        Prim::F64 => quote!(f64),
        Prim::Uuid => quote!(uuid::Uuid),
        Prim::DateTime => quote!(#krate DateTime),
        Prim::Date => quote!(#krate Date),
        Prim::Time => quote!(#krate Time),
        Prim::Base64 => quote!(#krate Base64),
        Prim::Binary => quote!(#krate Binary),
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
