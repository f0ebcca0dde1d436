//! IR operations → `src/client.rs`: the crate's `Client` (a wrapper of the
//! runtime's core, with the API's configuration), its constructors, the
//! typed error-body enum, one method per operation and its decoder.

use proc_macro2::TokenStream;
use quote::quote;

use super::item::{Item, RustFile};
use super::{Scope, doc_attrs, ident, local, op_cfg, op_cfg_attrs, type_tokens};
use crate::ir::*;
use crate::naming::Local;

pub(super) fn client_rs(api: &Api) -> RustFile {
    let config = config(api);
    let constructors = constructors(api);
    let error_body = error_body(api);
    let methods = api
        .operations
        .iter()
        .filter(|op| op.home == Home::Client)
        .map(|op| method(api, op, &op.name, quote!(&self.core)));
    let namespaces = super::resources::on_client(api);
    let resources = super::resources::module(api);
    let decoders = api.operations.iter().map(|op| {
        let plain = decoder(api, op, None);
        let streamed = op.streamed().map(|s| decoder(api, op, Some(s)));
        Item::rust(op_cfg(api, op), quote!(#plain #streamed))
    });
    // With some groups' features off, their methods are compiled out and
    // these imports may go unused.
    let allow_unused = allow_unused(api);
    let prelude = quote! {
        //! Operations of the API, as methods of [`Client`].
        #allow_unused
        use runtime::call::{Call, RetrySafety};
        use runtime::client::{ApiConfig, FromCore};
        #allow_unused
        use runtime::transport::RawResponse;
        #allow_unused
        use crate::{ClientBuilder, Error, OperationRequest};
    };
    let client = quote! {
        /// The API client. Cloning is cheap and shares the connection pool.
        #[derive(Clone)]
        pub struct Client {
            core: runtime::Core,
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.core.fmt(f)
            }
        }

        #config
        #error_body

        impl Client {
            #constructors

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            #(#methods)*
        }

        #namespaces
    };
    let mut items = vec![Item::rust(None, client)];
    items.extend(decoders);
    items.push(Item::rust(None, resources));
    RustFile { prelude, items }
}

fn config(api: &Api) -> TokenStream {
    let base = match &api.base_url {
        Some(u) => quote!(Some(#u)),
        None => quote!(None),
    };
    let schemes = api.schemes.iter().map(|a| {
        let name = &a.name;
        let kind = scheme_kind(&a.kind);
        quote!(runtime::auth::Scheme { name: #name, kind: #kind },)
    });
    let default_scheme = match api.default_scheme {
        Some(i) => quote!(Some(#i)),
        None => quote!(None),
    };
    let env = match api.auth() {
        Some(_) => {
            let e = &api.krate.api_key_env;
            quote!(Some(#e))
        }
        None => quote!(None),
    };
    let ua = format!("{}/", api.krate.user_agent);
    let error_body = if api.error_bodies.is_empty() {
        quote!(runtime::Untyped)
    } else {
        quote!(ErrorBody)
    };
    quote! {
        impl FromCore for Client {
            type ErrorBody = #error_body;
            const API: &'static ApiConfig = &ApiConfig {
                default_base_url: #base,
                api_key_env: #env,
                schemes: &[#(#schemes)*],
                default_scheme: #default_scheme,
                user_agent: concat!(#ua, env!("CARGO_PKG_VERSION")),
            };

            fn from_core(core: runtime::Core) -> Self {
                Client { core }
            }
        }
    }
}

fn constructors(api: &Api) -> TokenStream {
    let server_docs = doc_attrs(&api.server_docs);
    let builder = quote! {
        /// Starts configuring a client: base URL, credentials, timeouts,
        /// retries and default headers.
        pub fn builder() -> ClientBuilder {
            ClientBuilder::new()
        }
    };
    match api.auth() {
        Some(auth) => {
            let env_doc = doc_attrs(
                &Docs::sentence()
                    .lit("A client whose key is read from the ")
                    .code(&api.krate.api_key_env)
                    .lit(" environment variable.")
                    .done(),
            );
            let auth_docs = doc_attrs(&auth.docs);
            quote! {
                /// A client that authenticates with `api_key`, with default settings.
                #server_docs
                ///
                #auth_docs
                ///
                /// # Panics
                ///
                /// If the TLS backend cannot be initialized, as
                /// `reqwest::Client::new` does; [`ClientBuilder::build`]
                /// reports that as an error instead.
                pub fn new(api_key: impl Into<String>) -> Self {
                    match Self::builder().api_key(api_key).build() {
                        Ok(client) => client,
                        Err(e) => panic!("the HTTP client could not be created: {e}"),
                    }
                }

                #env_doc
                pub fn from_env() -> Result<Self, Error> {
                    runtime::client::from_env()
                }

                #builder
            }
        }
        None => {
            quote! {
                /// A client with default settings.
                #server_docs
                ///
                /// # Panics
                ///
                /// If the TLS backend cannot be initialized, as
                /// `reqwest::Client::new` does; [`ClientBuilder::build`]
                /// reports that as an error instead.
                #[allow(clippy::new_without_default)]
                pub fn new() -> Self {
                    match Self::builder().build() {
                        Ok(client) => client,
                        Err(e) => panic!("the HTTP client could not be created: {e}"),
                    }
                }

                #builder
            }
        }
    }
}

fn error_body(api: &Api) -> TokenStream {
    if api.error_bodies.is_empty() {
        // Nothing documented: no empty enum in the crate's API; its
        // signatures take the runtime's default, as `FromCore` says.
        return TokenStream::new();
    }
    let variants = api.error_bodies.iter().map(|v| {
        let i = ident(&v.ident);
        let t = type_tokens(api, &v.ty, Scope::Outside);
        quote!(#i(#t),)
    });
    quote! {
        /// Error bodies the spec documents, decoded when an error response
        /// matches one (see [`crate::ApiError::typed`]).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants)*
        }
    }
}

/// A scheme's kind as the runtime spells it.
fn scheme_kind(kind: &AuthKind) -> TokenStream {
    match kind {
        AuthKind::Bearer => quote!(runtime::auth::SchemeKind::Bearer),
        AuthKind::Basic => quote!(runtime::auth::SchemeKind::Basic),
        AuthKind::Header(h) => quote!(runtime::auth::SchemeKind::Header(#h)),
        AuthKind::Query(q) => quote!(runtime::auth::SchemeKind::Query(#q)),
        AuthKind::Cookie(c) => quote!(runtime::auth::SchemeKind::Cookie(#c)),
        AuthKind::OAuth2 { token_url, scopes } => {
            let url = match token_url {
                Some(u) => quote!(Some(#u)),
                None => quote!(None),
            };
            quote!(runtime::auth::SchemeKind::OAuth2 { token_url: #url, scopes: &[#(#scopes),*] })
        }
    }
}

fn http_method(m: Method) -> TokenStream {
    match m {
        Method::Get => quote!(runtime::reqwest::Method::GET),
        Method::Put => quote!(runtime::reqwest::Method::PUT),
        Method::Post => quote!(runtime::reqwest::Method::POST),
        Method::Delete => quote!(runtime::reqwest::Method::DELETE),
        Method::Options => quote!(runtime::reqwest::Method::OPTIONS),
        Method::Head => quote!(runtime::reqwest::Method::HEAD),
        Method::Patch => quote!(runtime::reqwest::Method::PATCH),
        Method::Trace => quote!(runtime::reqwest::Method::TRACE),
    }
}

pub(super) fn success_tokens(api: &Api, s: &SuccessType) -> TokenStream {
    match s {
        SuccessType::Single(b) => body_tokens(api, b),
        SuccessType::Enum(id) => type_tokens(api, &TypeRef::Named(*id), Scope::Outside),
    }
}

fn body_tokens(api: &Api, b: &BodyKind) -> TokenStream {
    match b {
        BodyKind::Json(t) => type_tokens(api, t, Scope::Outside),
        BodyKind::Text => quote!(String),
        BodyKind::Bytes => quote!(crate::Binary),
        BodyKind::Empty => quote!(()),
        BodyKind::Events(d) => {
            let item = match d {
                EventData::Raw => quote!(crate::Event),
                EventData::Json(t) => type_tokens(api, t, Scope::Outside),
                EventData::ByName(id) => type_tokens(api, &TypeRef::Named(*id), Scope::Outside),
            };
            let error = super::error_param(api);
            quote!(crate::EventStream<#item #error>)
        }
    }
}

/// `#[allow(unused_imports)]` where groups may be compiled out.
pub(super) fn allow_unused(api: &Api) -> Option<TokenStream> {
    (!api.groups.is_empty()).then(|| quote!(#[allow(unused_imports)]))
}

/// The method that makes `op`'s request, named `fn_name`, for the `impl`
/// of `Client` or of a namespace handle; `core` is how it reaches the
/// client's core (`&self.core` on `Client`; a handle holds a reference).
pub(super) fn method(api: &Api, op: &Operation, fn_name: &Ident, core: TokenStream) -> TokenStream {
    let Operation {
        name: _,
        decoder: _,
        request,
        docs,
        summary: _,
        method,
        path_template: _,
        path,
        path_params,
        request_kind: _,
        body,
        responses: _,
        retry,
        security,
        group: _,
        home: _,
        idempotency_key,
    } = op;
    let (call, this) = (local(Local::Call), local(Local::SelfValue));
    let docs = doc_attrs(docs);
    let cfg = op_cfg_attrs(api, op);
    let fn_name = ident(fn_name);
    let args = arguments(api, op);
    let http = http_method(*method);
    let safety = match retry {
        RetryClass::Idempotent => quote!(RetrySafety::Idempotent),
        RetryClass::NonIdempotent => quote!(RetrySafety::NotIdempotent),
    };
    // `&[&[0], &[1, 2]]`: alternatives of schemes sent together.
    let alternatives = security.iter().map(|a| quote!(&[#(#a),*]));
    let credentials = quote!(&[#(#alternatives),*]);
    let segments = path.iter().map(|s| match s {
        PathSegment::Literal(l) => quote!(#call.path(#l);),
        PathSegment::Param(i) => {
            let p = &path_params[*i];
            let id = ident(&p.name.ident);
            let wire = &p.name.wire;
            let value = match p.passing {
                Passing::Value => quote!(&#id),
                Passing::Str | Passing::Ref => quote!(#id),
            };
            match p.text {
                ParamText::Display => quote!(#call.path_display(#wire, #value);),
                ParamText::Serde => quote!(#call.path_param(#wire, #value);),
            }
        }
    });
    let body_stmt = body
        .as_ref()
        .filter(|b| b.given == BodyGiven::Argument)
        .map(body_statement);
    let stream = matches!(
        op.responses.success,
        SuccessType::Single(BodyKind::Events(_))
    )
    .then(|| quote!(#call.stream_events();));
    let key = idempotency_key
        .as_ref()
        .map(|h| quote!(#call.idempotency_key(#h);));
    let request = ident(request);
    let finish = finish(op);
    quote! {
        #docs
        #cfg
        pub fn #fn_name(&#this, #(#args),*) -> crate::requests::#request {
            let mut #call = Call::new(#core, #http, #safety, #credentials);
            #(#segments)*
            #body_stmt
            #stream
            #key
            #finish
        }
    }
}

/// The request the method returns: the call with its parameters and
/// decoder.
fn finish(op: &Operation) -> TokenStream {
    let call = local(Local::Call);
    let decoder = ident(&op.decoder);
    match op.params() {
        None => quote!(OperationRequest::new(#call, #decoder)),
        Some(p) => {
            let ty = ident(&p.ty);
            let encoder = ident(&p.encoder);
            let inits = p.fields.iter().map(|f| {
                let id = ident(&f.name.ident);
                match &f.given {
                    ParamGiven::Argument(arg) => {
                        let arg = ident(arg);
                        match f.taking {
                            Taking::IntoString => quote!(#id: #arg.into(),),
                            // Shorthand when the argument shares the field's name.
                            Taking::Value if id == arg => quote!(#id,),
                            Taking::Value => quote!(#id: #arg,),
                        }
                    }
                    ParamGiven::Setter(_) => quote!(#id: None,),
                }
            });
            quote! {
                OperationRequest::with(
                    #call,
                    crate::requests::#ty { #(#inits)* },
                    crate::requests::#encoder,
                    #decoder,
                )
            }
        }
    }
}

/// Path parameters in template order, then the required query, header
/// and cookie parameters, then a required body.
pub(super) fn arguments(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = Vec::new();
    for p in &op.path_params {
        let i = ident(&p.name.ident);
        let t = type_tokens(api, &p.ty, Scope::Outside);
        args.push(match p.passing {
            Passing::Str => quote!(#i: &str),
            Passing::Value => quote!(#i: #t),
            Passing::Ref => quote!(#i: &#t),
        });
    }
    for f in op.params().into_iter().flat_map(|p| &p.fields) {
        if let ParamGiven::Argument(arg) = &f.given {
            let arg = ident(arg);
            let t = super::taken_tokens(api, &f.ty, f.taking, Scope::Outside);
            args.push(quote!(#arg: #t));
        }
    }
    if let Some(b) = op.body.as_ref().filter(|b| b.given == BodyGiven::Argument) {
        args.push(body_parameter(api, b));
    }
    args
}

/// The names of [`arguments`], in order, to pass them on.
pub(super) fn argument_names(op: &Operation) -> Vec<TokenStream> {
    let mut names: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| {
            let i = ident(&p.name.ident);
            quote!(#i)
        })
        .collect();
    for f in op.params().into_iter().flat_map(|p| &p.fields) {
        if let ParamGiven::Argument(arg) = &f.given {
            let arg = ident(arg);
            names.push(quote!(#arg));
        }
    }
    if op
        .body
        .as_ref()
        .is_some_and(|b| b.given == BodyGiven::Argument)
    {
        let body = local(Local::Body);
        names.push(quote!(#body));
    }
    names
}

/// The body as a parameter (of the method, or of the request's `body`
/// setter).
pub(super) fn body_parameter(api: &Api, b: &RequestBody) -> TokenStream {
    let t = type_tokens(api, &b.ty, Scope::Outside);
    let body = local(Local::Body);
    match &b.encoding {
        BodyEncoding::Binary => quote!(#body: impl Into<crate::Upload>),
        BodyEncoding::Text => quote!(#body: impl Into<String>),
        _ => quote!(#body: &#t),
    }
}

/// Writes the body into the call (in the method for a required body, in
/// the request's `body` setter for an optional one).
pub(super) fn body_statement(b: &RequestBody) -> TokenStream {
    let (call, body, value, file) = (
        local(Local::Call),
        local(Local::Body),
        local(Local::Value),
        local(Local::File),
    );
    let ct = &b.content_type;
    match &b.encoding {
        BodyEncoding::Json => quote!(#call.json(#ct, #body);),
        BodyEncoding::Form => quote!(#call.form(#ct, #body);),
        BodyEncoding::Binary => quote!(#call.upload(#ct, #body.into());),
        BodyEncoding::Text => {
            quote!(#call.bytes(#ct, runtime::bytes::Bytes::from(#body.into()));)
        }
        BodyEncoding::Multipart(None) => quote!(#call.multipart_value(#body);),
        BodyEncoding::Multipart(Some(MultipartBody { fields, extra })) => {
            let extra = extra.as_ref().map(|e| {
                let e = ident(e);
                quote!(#call.value_parts(&#body.#e);)
            });
            let parts = fields.iter().map(|f| {
                let id = ident(&f.name.ident);
                let wire = &f.name.wire;
                let add = |v: TokenStream| match f.kind {
                    PartKind::File => quote!(#call.file_part(#wire, #v);),
                    PartKind::Files => {
                        quote!(for #file in #v { #call.file_part(#wire, #file); })
                    }
                    PartKind::Text => quote!(#call.text_part(#wire, #v);),
                    PartKind::Json => quote!(#call.json_part(#wire, #v);),
                };
                match f.encoding {
                    FieldEncoding::Required => add(quote!(&#body.#id)),
                    FieldEncoding::Optional
                    | FieldEncoding::RequiredNullable
                    | FieldEncoding::OptionalJson => {
                        let add = add(quote!(#value));
                        quote!(if let Some(#value) = &#body.#id { #add })
                    }
                    FieldEncoding::OptionalNullable => {
                        let add = add(quote!(#value));
                        quote!(if let crate::Tristate::Value(#value) = &#body.#id { #add })
                    }
                }
            });
            quote!(#call.multipart(); #(#parts)* #extra)
        }
    }
}

/// The function that decodes the operation's responses; with `streamed`,
/// the one that hands a binary success over as a byte stream.
fn decoder(api: &Api, op: &Operation, streamed: Option<&Streamed>) -> TokenStream {
    let name = ident(streamed.map_or(&op.decoder, |s| &s.decoder));
    let response = local(Local::Response);
    let ret = match streamed {
        Some(_) => super::byte_stream(api),
        None => success_tokens(api, &op.responses.success),
    };
    let decode_body = |b: &BodyKind| match (b, streamed) {
        (BodyKind::Bytes, Some(_)) => quote!(Ok(#response.byte_stream())),
        _ => decode_body(api, b),
    };
    let single = match &op.responses.success {
        SuccessType::Single(body) => Some(body),
        SuccessType::Enum(_) => None,
    };
    // Statuses with their own arm, then "any success", then "anything else".
    let mut arms: Vec<TokenStream> = Vec::new();
    let mut any_success = single.map(decode_body);
    let mut anything_else = quote!(Err(#response.error()));
    for case in &op.responses.cases {
        let expr = match &case.outcome {
            Outcome::Success { body, variant } => {
                let decode = decode_body(body);
                match (variant, body) {
                    (Some(v), BodyKind::Empty) => {
                        let v = ident(v);
                        quote!(Ok(#ret::#v))
                    }
                    (Some(v), _) => {
                        let v = ident(v);
                        match infallible_body(api, body) {
                            Some(value) => quote!(Ok(#ret::#v(#value))),
                            None => quote!(#decode.map(#ret::#v)),
                        }
                    }
                    (None, _) => decode,
                }
            }
            Outcome::Error { body: None } => quote!(Err(#response.error())),
            Outcome::Error { body: Some(i) } => {
                let v = ident(&api.error_bodies[*i].ident);
                quote!(Err(#response.typed_error(ErrorBody::#v)))
            }
        };
        let is_success = matches!(case.outcome, Outcome::Success { .. });
        let pat = match case.status {
            StatusMatch::Default if is_success => {
                any_success = Some(expr);
                continue;
            }
            StatusMatch::Default => {
                anything_else = expr;
                continue;
            }
            // One body type for every success: the "any success" arm
            // decodes them all.
            _ if is_success && single.is_some() => continue,
            StatusMatch::Code(c) => {
                let c = proc_macro2::Literal::u16_unsuffixed(c);
                quote!(#c)
            }
            StatusMatch::Range(r) => {
                let lo = proc_macro2::Literal::u16_unsuffixed(r * 100);
                let hi = proc_macro2::Literal::u16_unsuffixed(r * 100 + 99);
                quote!(#lo..=#hi)
            }
        };
        arms.push(quote!(#pat => #expr,));
    }
    let body = match (arms.is_empty(), any_success) {
        (true, Some(success)) => quote! {
            if #response.status().is_success() {
                #success
            } else {
                #anything_else
            }
        },
        (true, None) => anything_else,
        (false, success) => {
            let success = success.map(|s| quote!(_ if #response.status().is_success() => #s,));
            quote! {
                match #response.status().as_u16() {
                    #(#arms)*
                    #success
                    _ => #anything_else,
                }
            }
        }
    };
    // The streamed decoder is named by the request's method, in `requests`.
    let vis = streamed.map(|_| quote!(pub(crate)));
    quote! {
        #vis fn #name(#response: RawResponse) -> Result<#ret, Error> {
            #body
        }
    }
}

fn decode_body(api: &Api, b: &BodyKind) -> TokenStream {
    let response = local(Local::Response);
    match (b, infallible_body(api, b)) {
        (_, Some(value)) => quote!(Ok(#value)),
        (BodyKind::Text, None) => quote!(#response.text()),
        _ => quote!(#response.json()),
    }
}

/// The body as a value, for the kinds whose reading cannot fail (bytes,
/// nothing, an event stream): a variant wraps it without `Result::map`.
fn infallible_body(api: &Api, b: &BodyKind) -> Option<TokenStream> {
    let response = local(Local::Response);
    match b {
        BodyKind::Json(_) | BodyKind::Text => None,
        BodyKind::Bytes => Some(quote!(#response.bytes())),
        BodyKind::Empty => Some(quote!(())),
        BodyKind::Events(d) => {
            let decode = match d {
                EventData::Raw => quote!(runtime::sse::raw),
                EventData::Json(_) => quote!(runtime::sse::json),
                EventData::ByName(id) => {
                    let t = type_tokens(api, &TypeRef::Named(*id), Scope::Outside);
                    quote!(#t::from_event)
                }
            };
            Some(quote!(#response.events(#decode)))
        }
    }
}
