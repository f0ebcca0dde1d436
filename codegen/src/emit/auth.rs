//! IR security schemes → `src/auth.rs`: one function per way of
//! authenticating with each scheme, making the credential that
//! `ClientBuilder::credential` takes, and the runtime's token types.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::*;

/// The `auth` module, when the API declares schemes.
pub(super) fn auth_rs(api: &Api) -> TokenStream {
    let makers = api
        .schemes
        .iter()
        .enumerate()
        .flat_map(|(i, scheme)| scheme.makers.iter().map(move |m| maker(i, scheme, m)));
    quote! {
        //! Credentials for each security scheme the API declares: pass them
        //! to [`crate::ClientBuilder::credential`], one per scheme, as many
        //! schemes as the operations you call need. Each operation sends
        //! the credentials of the first of its requirements whose schemes
        //! are all configured, and fails before sending (naming the
        //! schemes) when none is.

        pub use runtime::auth::{
            AccessToken, ClientCredentials, Credential, TokenError, TokenFuture, TokenProvider,
        };

        #(#makers)*
    }
}

fn maker(index: usize, scheme: &Auth, m: &CredentialMaker) -> TokenStream {
    let name = ident(&m.ident);
    let head = Docs::sentence().code(&scheme.name).lit(": ");
    let (head, params, body) = match m.takes {
        MakerTakes::Secret => (
            head.docs(&sent_as(&scheme.kind)),
            quote!(value: impl Into<String>),
            quote!(Credential::secret(#index, value)),
        ),
        MakerTakes::UserPassword => (
            head.lit("a user and password, sent as an `Authorization: Basic` header."),
            quote!(user: impl Into<String>, password: impl Into<String>),
            quote!(Credential::basic(#index, user, password)),
        ),
        MakerTakes::ClientCredentials => (
            head.lit(
                "OAuth2 client credentials, exchanged at the spec's token URL for an access \
                 token that is cached, refreshed before it expires, fetched once for \
                 concurrent calls and replaced once after a 401. For another token URL, pass \
                 a `ClientCredentials` to the provider function.",
            ),
            quote!(client_id: impl Into<String>, client_secret: impl Into<String>),
            quote!(Credential::client_credentials(#index, client_id, client_secret)),
        ),
        MakerTakes::Provider => (
            head.lit(
                "bearer tokens from `provider` (any OAuth2 flow, a vault...), asked before \
                 each request and told when the server rejects one.",
            ),
            quote!(provider: impl TokenProvider),
            quote!(Credential::provider(#index, provider)),
        ),
    };
    let docs = doc_attrs(&head.done().then(scheme.docs.clone()));
    quote! {
        #docs
        pub fn #name(#params) -> Credential {
            #body
        }
    }
}

/// How a token or key travels, as the end of a sentence.
pub(super) fn sent_as(kind: &AuthKind) -> Docs {
    let s = Docs::sentence();
    match kind {
        AuthKind::Bearer | AuthKind::OAuth2 { .. } => s
            .lit("a token, sent as an ")
            .code("Authorization: Bearer <token>")
            .lit(" header."),
        AuthKind::Basic => s
            .lit("a key ")
            .code("user:password")
            .lit(", sent as an ")
            .code("Authorization: Basic")
            .lit(" header."),
        AuthKind::Header(h) => s.lit("a key, sent in the ").code(h).lit(" header."),
        AuthKind::Query(q) => s
            .lit("a key, sent as the ")
            .code(q)
            .lit(" query parameter."),
        AuthKind::Cookie(c) => s.lit("a key, sent as the ").code(c).lit(" cookie."),
    }
    .done()
}
