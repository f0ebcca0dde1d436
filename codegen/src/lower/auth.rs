//! Authentication: every security scheme the spec declares (with the
//! function that makes its credential), the scheme `api_key` fills, and
//! each operation's requirement (alternatives of schemes sent together).

use openapiv3::{ReferenceOr, SecurityRequirement, SecurityScheme};

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::*;
use crate::naming::Scope;

/// The API's schemes, by spec name, and the one `api_key` fills.
pub(super) struct Schemes {
    pub(super) list: Vec<Auth>,
    pub(super) default: Option<usize>,
}

impl Schemes {
    fn index(&self, name: &str) -> Option<usize> {
        self.list.iter().position(|s| s.name == name)
    }
}

impl Lowerer<'_> {
    /// Every supported scheme in declaration order; the default is the
    /// first one a requirement names (the document's, then the
    /// operations'), else the first declared.
    pub(super) fn schemes(&mut self) -> Schemes {
        let Some(components) = self.api.components.as_ref() else {
            return Schemes {
                list: Vec::new(),
                default: None,
            };
        };
        let mut idents = Scope::snake().with_fallback("scheme");
        let mut list = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let at = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let ReferenceOr::Item(scheme) = scheme else {
                self.diags.warning(
                    at.as_str(),
                    "a security scheme given by `$ref` is not supported; operations that need it cannot be called with it",
                );
                continue;
            };
            let Some((kind, description)) = self.scheme_kind(scheme, &at) else {
                continue;
            };
            let makers = makers(&kind, name, &mut idents);
            list.push(Auth {
                name: name.clone(),
                makers,
                kind,
                docs: Docs::join(&[description]),
            });
        }
        let mut schemes = Schemes {
            list,
            default: None,
        };
        let global = self.api.security.iter().flatten();
        let per_op = self
            .api
            .paths
            .iter()
            .filter_map(|(_, p)| p.as_item())
            .flat_map(|p| p.iter().map(|(_, op)| op))
            .flat_map(|op| op.security.iter().flatten());
        schemes.default = global
            .chain(per_op)
            .flat_map(|req| req.keys())
            .find_map(|name| schemes.index(name))
            .or((!schemes.list.is_empty()).then_some(0));
        schemes
    }

    fn scheme_kind<'s>(
        &mut self,
        scheme: &'s SecurityScheme,
        at: &Pointer,
    ) -> Option<(AuthKind, Option<&'s str>)> {
        Some(match scheme {
            SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (AuthKind::Bearer, description.as_deref()),
                "basic" => (AuthKind::Basic, description.as_deref()),
                other => {
                    self.diags.warning(
                        at.as_str(),
                        format!("HTTP auth scheme `{other}` is not supported; operations that need it cannot be called with it"),
                    );
                    return None;
                }
            },
            SecurityScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let kind = match location {
                    openapiv3::APIKeyLocation::Header => AuthKind::Header(name.clone()),
                    openapiv3::APIKeyLocation::Query => AuthKind::Query(name.clone()),
                    openapiv3::APIKeyLocation::Cookie => AuthKind::Cookie(name.clone()),
                };
                (kind, description.as_deref())
            }
            SecurityScheme::OAuth2 {
                flows, description, ..
            } => {
                let cc = flows.client_credentials.as_ref();
                let kind = AuthKind::OAuth2 {
                    token_url: cc.map(|f| f.token_url.clone()),
                    scopes: cc
                        .map(|f| f.scopes.keys().cloned().collect())
                        .unwrap_or_default(),
                };
                (kind, description.as_deref())
            }
            // The token travels as a bearer token; obtaining it is the
            // caller's (or a token provider's).
            SecurityScheme::OpenIDConnect { description, .. } => (
                AuthKind::OAuth2 {
                    token_url: None,
                    scopes: Vec::new(),
                },
                description.as_deref(),
            ),
        })
    }

    /// An operation's requirement: its own `security`, else the
    /// document's, as alternatives of scheme indices. Without either, a
    /// spec that declares schemes still sends the default one when it is
    /// configured (many specs forget the top-level `security`), and
    /// nothing otherwise.
    pub(super) fn requirement(
        &mut self,
        schemes: &Schemes,
        own: Option<&Vec<SecurityRequirement>>,
        at: &Pointer,
    ) -> Vec<Vec<usize>> {
        let Some(reqs) = own.or(self.api.security.as_ref()) else {
            return match schemes.default {
                Some(d) => vec![vec![d], Vec::new()],
                None => Vec::new(),
            };
        };
        let mut out = Vec::new();
        for req in reqs {
            let alternative: Option<Vec<usize>> =
                req.keys().map(|name| schemes.index(name)).collect();
            match alternative {
                Some(a) => out.push(a),
                None => {
                    let names: Vec<&str> = req.keys().map(String::as_str).collect();
                    self.diags.warning(
                        at.as_str(),
                        format!(
                            "the security requirement {{{}}} names a scheme that is not declared or not supported; that alternative is left out",
                            names.join(", ")
                        ),
                    );
                }
            }
        }
        out
    }
}

/// The credential functions of a scheme named `name`: the plain one, and
/// for token schemes a provider's and (with a token URL) client
/// credentials'.
fn makers(kind: &AuthKind, name: &str, idents: &mut Scope) -> Vec<CredentialMaker> {
    let mut out = Vec::new();
    let mut add = |suffix: &str, takes: MakerTakes| {
        out.push(CredentialMaker {
            ident: idents.claim(&format!("{name}{suffix}")),
            takes,
        });
    };
    match kind {
        AuthKind::Basic => add("", MakerTakes::UserPassword),
        AuthKind::Header(_) | AuthKind::Query(_) | AuthKind::Cookie(_) => {
            add("", MakerTakes::Secret);
        }
        AuthKind::Bearer => {
            add("", MakerTakes::Secret);
            add(" provider", MakerTakes::Provider);
        }
        AuthKind::OAuth2 { token_url, .. } => {
            add(" token", MakerTakes::Secret);
            if token_url.is_some() {
                add(" client credentials", MakerTakes::ClientCredentials);
            }
            add(" provider", MakerTakes::Provider);
        }
    }
    out
}
