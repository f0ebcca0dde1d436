//! IR operations → `src/requests.rs`: the request type each client method
//! returns (an alias of `OperationRequest`), the struct holding its query,
//! header and cookie parameters, their setters (and a `body` setter for an
//! optional body), and the function that writes them when it is sent.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::{body_parameter, body_statement, success_tokens};
use super::item::{Item, RustFile};
use super::{Scope, doc_attrs, ident, local, op_cfg, type_tokens};
use crate::ir::*;
use crate::naming::Local;

/// The whole `requests` module.
pub(super) fn requests_rs(api: &Api) -> RustFile {
    let items = api
        .operations
        .iter()
        .map(|op| Item::rust(op_cfg(api, op), request(api, op)))
        .collect();
    let allow_unused = super::client::allow_unused(api);
    let prelude = quote! {
        //! The request each method of [`crate::Client`] returns. Set the
        //! operation's optional parameters with the request's methods, then
        //! `.await` it; see [`crate::OperationRequest`] for what every
        //! request can do.
        #[allow(unused_imports)]
        use runtime::call::Call;
        #allow_unused
        use crate::OperationRequest;
    };
    RustFile { prelude, items }
}

fn request(api: &Api, op: &Operation) -> TokenStream {
    let alias = ident(&op.request);
    let ret = success_tokens(api, &op.responses.success);
    let (shown, link) = api.method_item(op);
    let doc = format!(" The request [`{shown}`]({link}) returns.");
    let own = match &op.request_kind {
        RequestKind::Shared => {
            return quote! {
                #[doc = #doc]
                pub type #alias = OperationRequest<#ret>;
            };
        }
        RequestKind::Own(own) => own,
    };
    let p = &own.params;
    let params = ident(&p.ty);
    let fields = p.fields.iter().map(|f| {
        let id = ident(&f.name.ident);
        let ty = type_tokens(api, &f.ty, Scope::Outside);
        match f.given {
            ParamGiven::Argument(_) => quote!(pub(crate) #id: #ty,),
            ParamGiven::Setter(_) => quote!(pub(crate) #id: Option<#ty>,),
        }
    });
    let setters = p.fields.iter().filter_map(|f| param_setter(api, f));
    let body_setter = op.body.as_ref().and_then(|b| match &b.given {
        BodyGiven::Setter(name) => Some(body_setter(api, b, name)),
        BodyGiven::Argument => None,
    });
    let items = own.pagination.as_ref().map(|p| items_method(api, p));
    let bytes = own.streamed.as_ref().map(|s| bytes_method(api, &params, s));
    let encoder = encoder(p);
    let params_doc = format!(
        " The query, header and cookie parameters of [`{}`].",
        op.request
    );
    quote! {
        #[doc = #doc]
        pub type #alias = OperationRequest<#ret, #params>;

        #[doc = #params_doc]
        pub struct #params {
            #(#fields)*
        }

        impl #alias {
            #(#setters)*
            #body_setter
            #items
            #bytes
        }

        #encoder
    }
}

/// The request's byte stream, for an operation with a binary body.
fn bytes_method(api: &Api, params: &proc_macro2::Ident, s: &Streamed) -> TokenStream {
    let method = ident(&s.method);
    let stream = super::byte_stream(api);
    let decoder = ident(&s.decoder);
    quote! {
        /// Sends the request and hands the body over as it arrives,
        /// chunk by chunk, instead of buffering it: for audio and
        /// files too large to hold in memory. Error statuses are
        /// read and decoded as usual.
        pub fn #method(self) -> OperationRequest<#stream, #params> {
            self.streamed(crate::client::#decoder)
        }
    }
}

fn items_method(api: &Api, p: &Pagination) -> TokenStream {
    let method = ident(&p.method);
    let item = type_tokens(api, &p.item, Scope::Outside);
    let items_at = &p.items_at;
    let next = match &p.next {
        NextPage::Token {
            token,
            more,
            param,
            keep,
        } => {
            let token = match token {
                TokenAt::Body(at) => quote!(runtime::pages::Token::Body(#at)),
                TokenAt::LastItem(at) => quote!(runtime::pages::Token::LastItem(#at)),
            };
            let more = match more {
                Some(m) => quote!(Some(#m)),
                None => quote!(None),
            };
            let keep = match keep {
                Some(k) => quote!(Some(&[#(#k),*])),
                None => quote!(None),
            };
            quote!(runtime::pages::Next::Token { token: #token, more: #more, param: #param, keep: #keep })
        }
        NextPage::Page(param) => quote!(runtime::pages::Next::Page { param: #param }),
        NextPage::Offset(param) => quote!(runtime::pages::Next::Offset { param: #param }),
        NextPage::Link => quote!(runtime::pages::Next::Link),
        NextPage::UrlAt(at) => quote!(runtime::pages::Next::Url(#at)),
    };
    let doc = doc_attrs(&p.docs);
    let error = super::error_param(api);
    quote! {
        #doc
        pub fn #method(self) -> crate::Items<#item #error> {
            self.pages(&runtime::pages::Paging { items: #items_at, next: #next })
        }
    }
}

fn param_setter(api: &Api, f: &ParamField) -> Option<TokenStream> {
    let ParamGiven::Setter(name) = &f.given else {
        return None;
    };
    let setter = ident(name);
    let id = ident(&f.name.ident);
    let arg = super::taken_tokens(api, &f.ty, f.taking, Scope::Outside);
    let value = match f.taking {
        Taking::IntoString => quote!(value.into()),
        Taking::Value => quote!(value),
    };
    let doc = doc_attrs(&f.docs);
    Some(quote! {
        #doc
        pub fn #setter(mut self, value: #arg) -> Self {
            self.params.#id = Some(#value);
            self
        }
    })
}

fn body_setter(api: &Api, b: &RequestBody, name: &Ident) -> TokenStream {
    let setter = ident(name);
    let call = local(Local::Call);
    let arg = body_parameter(api, b);
    let stmt = body_statement(b);
    quote! {
        /// The request body, which this operation does not require.
        pub fn #setter(mut self, #arg) -> Self {
            let #call = &mut self.call;
            #stmt
            self
        }
    }
}

/// Writes every parameter into the call, when it is sent.
fn encoder(p: &ParamsArg) -> TokenStream {
    let name = ident(&p.encoder);
    let ty = ident(&p.ty);
    if p.fields.is_empty() {
        return quote!(pub(crate) fn #name(_: &#ty, _: &mut Call) {});
    }
    let (call, params) = (local(Local::Call), local(Local::Params));
    let stmts = p.fields.iter().map(|f| {
        let id = ident(&f.name.ident);
        let wire = &f.name.wire;
        let explode = f.explode;
        match f.location {
            ParamLocation::Query | ParamLocation::Path => {
                let style = match f.style {
                    QueryStyle::Form => quote!(Form),
                    QueryStyle::SpaceDelimited => quote!(SpaceDelimited),
                    QueryStyle::PipeDelimited => quote!(PipeDelimited),
                    QueryStyle::DeepObject => quote!(DeepObject),
                };
                let style = quote!(runtime::Style::#style);
                quote!(#call.query(#wire, &#params.#id, #style, #explode);)
            }
            ParamLocation::Header => quote!(#call.header(#wire, &#params.#id, #explode);),
            ParamLocation::Cookie => quote!(#call.cookie(#wire, &#params.#id);),
        }
    });
    quote! {
        pub(crate) fn #name(#params: &#ty, #call: &mut Call) {
            #(#stmts)*
        }
    }
}
