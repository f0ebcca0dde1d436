//! IR namespaces → the `resources` module of `src/client.rs`: one handle
//! type per namespace (borrowing the client's core, so reaching one costs
//! no allocation), its operations' methods, the accessors that return it,
//! and the deprecated flat forwarders left on `Client`.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{argument_names, arguments, method};
use super::{cfg_attrs, doc_attrs, ident, op_cfg_attrs};
use crate::ir::*;

/// The `resources` module: every handle type and its methods. Inside
/// `client.rs`, so the operations' decoders stay private to it.
pub(super) fn module(api: &Api) -> TokenStream {
    if api.namespaces.is_empty() {
        return TokenStream::new();
    }
    let handles = api.namespaces.iter().enumerate().map(|(n, ns)| {
        let docs = doc_attrs(&ns.docs);
        let cfg = cfg_attrs(api, &ns.gate);
        let ty = ident(&ns.ty);
        let children = api
            .namespaces
            .iter()
            .filter(|c| c.parent == Some(NamespaceId(n)))
            .map(|c| accessor(api, c, quote!(self.core)));
        let methods = api.operations.iter().filter_map(|op| match &op.home {
            Home::Namespace { id, method: m, .. } if id.0 == n => {
                Some(method(api, op, m, quote!(self.core)))
            }
            _ => None,
        });
        quote! {
            #docs
            #cfg
            #[derive(Debug, Clone, Copy)]
            pub struct #ty<'c> {
                pub(crate) core: &'c runtime::Core,
            }

            #cfg
            impl<'c> #ty<'c> {
                #(#children)*
                #(#methods)*
            }
        }
    });
    let first = &api.namespaces[0];
    let docs = doc_attrs(
        &Docs::sentence()
            .lit("The API's operations by group, each reached from [`Client`] (")
            .code(&format!("client.{}()", first.accessor))
            .lit("). A handle borrows the client: it is free to make, and the requests it returns own what they need.")
            .done(),
    );
    quote! {
        #docs
        pub mod resources {
            #[allow(unused_imports)]
            use super::*;

            #(#handles)*
        }
    }
}

/// On `Client`: the accessors of the top namespaces and the deprecated
/// forwarders of the methods that moved into one.
pub(super) fn on_client(api: &Api) -> TokenStream {
    if api.namespaces.is_empty() {
        return TokenStream::new();
    }
    let accessors = api
        .namespaces
        .iter()
        .filter(|ns| ns.parent.is_none())
        .map(|ns| accessor(api, ns, quote!(&self.core)));
    let forwarders = api.operations.iter().filter_map(|op| forwarder(api, op));
    quote! {
        impl Client {
            #(#accessors)*
            #(#forwarders)*
        }
    }
}

/// The method that returns `ns`'s handle, given the core (`&self.core` on
/// `Client`, `self.core` on a handle).
fn accessor(api: &Api, ns: &Namespace, core: TokenStream) -> TokenStream {
    let docs = doc_attrs(&ns.docs);
    let cfg = cfg_attrs(api, &ns.gate);
    let (name, ty) = (ident(&ns.accessor), ident(&ns.ty));
    let lifetime = if ns.parent.is_some() {
        quote!('c)
    } else {
        quote!('_)
    };
    quote! {
        #docs
        #cfg
        pub fn #name(&self) -> resources::#ty<#lifetime> {
            resources::#ty { core: #core }
        }
    }
}

/// `Client`'s old flat method for an operation that moved, calling the new
/// one; hidden from the docs' list, and deprecated with where it went.
fn forwarder(api: &Api, op: &Operation) -> Option<TokenStream> {
    let Home::Namespace {
        id,
        method,
        forwarder: true,
    } = &op.home
    else {
        return None;
    };
    let note = format!("moved: call `client.{}(…)`", api.call_path(op));
    let cfg = op_cfg_attrs(api, op);
    let name = ident(&op.name);
    let request = ident(&op.request);
    let args = arguments(api, op);
    let names = argument_names(op);
    // `projects().members().list`: the accessors from the top down.
    let mut chain = vec![ident(method)];
    let mut at = Some(*id);
    while let Some(n) = at {
        chain.push(ident(&api.namespaces[n.0].accessor));
        at = api.namespaces[n.0].parent;
    }
    let method = chain.remove(0);
    chain.reverse();
    let path = quote!(#(#chain()).* . #method);
    Some(quote! {
        #[deprecated(note = #note)]
        #[doc(hidden)]
        #cfg
        pub fn #name(&self, #(#args),*) -> crate::requests::#request {
            self.#path(#(#names),*)
        }
    })
}
