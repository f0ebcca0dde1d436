//! A struct's `Deserialize`: one `runtime::read_struct!` table that lists
//! each field (name, value type, property) under the [`Read`] its encoding
//! gives and names what keeps the unlisted properties. The macro writes one
//! function with a `match`; serde's derive would write several times the
//! code (and, with `#[serde(flatten)]`, buffer), which rustc then has to
//! check.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Scope, ident, type_tokens};
use crate::ir::*;

/// `runtime::read_struct! { ... }` for a struct.
pub(super) fn struct_deserialize(api: &Api, name: &Ident, s: &StructDef) -> TokenStream {
    let group = |read: Read| {
        let pairs = s
            .fields
            .iter()
            .filter(move |f| f.encoding.serde().read == read)
            .map(|f| {
                let id = ident(&f.name.ident);
                let wire = &f.name.wire;
                // `present` is always a JSON value; the others name the
                // type inside the encoding's wrapper.
                if read == Read::Present {
                    quote!(#id = #wire)
                } else {
                    let ty = type_tokens(api, &f.ty, Scope::Types);
                    quote!(#id(#ty) = #wire)
                }
            });
        quote!((#(#pairs),*))
    };
    let (required, or_none, or_absent, present) = (
        group(Read::Required),
        group(Read::OrNone),
        group(Read::OrAbsent),
        group(Read::Present),
    );
    let unlisted = s.extra.as_ref().map(|e| ident(&e.ident));
    quote! {
        runtime::read_struct! {
            #name,
            required #required,
            or_none #or_none,
            or_absent #or_absent,
            present #present,
            unlisted(#unlisted),
        }
    }
}
