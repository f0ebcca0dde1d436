//! IR webhooks → `src/webhooks.rs`: the API's signing scheme, a verifier
//! constructor, a verify-and-parse function per payload type, and the
//! enum of all deliveries when their payloads name themselves.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, doc_attrs, ident, type_tokens};
use crate::ir::*;

/// The `webhooks` module.
pub(super) fn webhooks_rs(api: &Api, w: &Webhooks) -> TokenStream {
    let (scheme, scheme_docs) = scheme(&w.scheme);
    let scheme_docs = doc_attrs(&scheme_docs);
    let payloads = w.payloads.iter().map(|p| {
        let docs = doc_attrs(&p.docs);
        let name = ident(&p.function);
        let ty = type_tokens(api, &p.ty, Scope::Outside);
        quote! {
            #docs
            pub fn #name<H: HeaderLookup + ?Sized>(
                verifier: &Verifier,
                headers: &H,
                body: &[u8],
            ) -> Result<#ty, WebhookError> {
                verifier.verify_and_parse(headers, body)
            }
        }
    });
    let events = w.events.as_ref().map(|e| events(api, e));
    quote! {
        //! Webhook deliveries: verify that one is authentic (its signature,
        //! and a timestamp inside the replay window) from its headers and
        //! raw body, then decode its payload. No web framework is needed:
        //! headers are anything [`HeaderLookup`] reads (pairs, maps, and
        //! `http::HeaderMap` when the crate has a client).

        pub use runtime::webhooks::{HeaderLookup, Scheme, Verifier, WebhookError};

        #scheme_docs
        pub const SCHEME: Scheme = #scheme;

        /// A verifier of this API's deliveries with `secret`. Add the
        /// previous secret while rotating with [`Verifier::add_secret`];
        /// [`Verifier::tolerance`] sets the replay window (5 minutes).
        pub fn verifier(secret: &str) -> Result<Verifier, WebhookError> {
            Verifier::with_scheme(SCHEME, secret)
        }

        #(#payloads)*
        #events
    }
}

/// The scheme's constant and what its docs say.
fn scheme(s: &WebhookScheme) -> (TokenStream, Docs) {
    let c = match s {
        WebhookScheme::Standard => {
            return (
                quote!(Scheme::standard()),
                Docs::lit(
                    "How the API signs deliveries: the Standard Webhooks specification \
                     (`webhook-id`, `webhook-timestamp` and `webhook-signature` headers; \
                     `v1,` base64 HMAC-SHA256 signatures of `id.timestamp.body`; `whsec_` \
                     secrets).",
                ),
            );
        }
        WebhookScheme::Custom(c) => c,
    };
    let algorithm = match c.algorithm {
        HmacAlgorithm::Sha256 => quote!(HmacSha256),
        HmacAlgorithm::Sha512 => quote!(HmacSha512),
        HmacAlgorithm::Sha1 => quote!(HmacSha1),
    };
    let header = &c.signature_header;
    let mut calls = vec![quote!(.signature_header(#header))];
    let text = |name: &str, v: &Option<String>| {
        let method = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
        v.as_ref().map(|v| quote!(.#method(#v)))
    };
    calls.extend(text("id_header", &c.id_header));
    calls.extend(text("timestamp_header", &c.timestamp_header));
    calls.extend(text("timestamp_in_signature", &c.timestamp_in_signature));
    calls.extend(text("signed", &c.signed));
    calls.extend(text("prefix", &c.prefix));
    if let Some(sep) = c.separator {
        calls.push(quote!(.separator(#sep)));
    }
    if c.base64 {
        calls.push(quote!(.encoding(runtime::webhooks::Encoding::Base64)));
    }
    if c.base64_secret {
        calls.push(quote!(.secret_encoding(runtime::webhooks::SecretEncoding::Base64)));
    }
    let docs = Docs::sentence()
        .lit(
            "How the API signs deliveries, as the settings file describes: HMAC signatures in the ",
        )
        .code(header)
        .lit(" header.")
        .done();
    (
        quote!(Scheme::hmac(runtime::webhooks::Algorithm::#algorithm) #(#calls)*),
        docs,
    )
}

/// The enum of deliveries and its parse function.
fn events(api: &Api, e: &WebhookEvents) -> TokenStream {
    let property = &e.property;
    let variants = e.variants.iter().map(|v| {
        let i = ident(&v.ident);
        let ty = type_tokens(api, &v.ty, Scope::Outside);
        let docs = doc_attrs(&Docs::sentence().code(&v.value).done());
        quote!(#docs #i(#ty),)
    });
    let arms = e.variants.iter().map(|v| {
        let (i, value) = (ident(&v.ident), &v.value);
        quote!(Some(#value) => runtime::webhooks::parse(body).map(Event::#i),)
    });
    let docs = doc_attrs(
        &Docs::sentence()
            .lit("Every webhook delivery, by the value of its ")
            .code(property)
            .lit(" property.")
            .done(),
    );
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// A delivery this version of the crate does not know (a newer
            /// event), kept as JSON.
            Unknown(serde_json::Value),
        }

        /// Verifies a delivery and decodes it into the [`Event`] its
        /// payload names.
        pub fn parse_event<H: HeaderLookup + ?Sized>(
            verifier: &Verifier,
            headers: &H,
            body: &[u8],
        ) -> Result<Event, WebhookError> {
            verifier.verify(headers, body)?;
            let value: serde_json::Value = runtime::webhooks::parse(body)?;
            match value.get(#property).and_then(serde_json::Value::as_str) {
                #(#arms)*
                _ => Ok(Event::Unknown(value)),
            }
        }
    }
}
