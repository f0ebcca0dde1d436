//! Authentication: which security scheme the client attaches, and how.

use openapiv3::{ReferenceOr, SecurityScheme};

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::ir::*;

impl Lowerer<'_> {
    /// Picks the credential the client attaches.
    pub(super) fn auth(&mut self) -> Option<Auth> {
        let schemes = &self.api.components.as_ref()?.security_schemes;
        // Schemes in the order operations ask for them, then declaration order.
        let mut used: Vec<&str> = Vec::new();
        let global = self.api.security.iter().flatten();
        let per_op = self
            .api
            .paths
            .iter()
            .filter_map(|(_, p)| p.as_item())
            .flat_map(|p| p.iter().map(|(_, op)| op))
            .flat_map(|op| op.security.iter().flatten());
        for req in global.chain(per_op) {
            for name in req.keys() {
                if !used.contains(&name.as_str()) {
                    used.push(name);
                }
            }
        }
        if used.is_empty() {
            used = schemes.keys().map(String::as_str).collect();
        }
        for name in used {
            let at = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let Some(ReferenceOr::Item(scheme)) = schemes.get(name) else {
                continue;
            };
            let (kind, description) = match scheme {
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (AuthKind::Bearer, description),
                    "basic" => (AuthKind::Basic, description),
                    other => {
                        self.diags.warning(
                            at.as_str(),
                            format!("HTTP auth scheme `{other}` is not supported; requests are sent without it"),
                        );
                        continue;
                    }
                },
                SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => match location {
                    openapiv3::APIKeyLocation::Header => {
                        (AuthKind::Header(name.clone()), description)
                    }
                    openapiv3::APIKeyLocation::Query => {
                        (AuthKind::Query(name.clone()), description)
                    }
                    openapiv3::APIKeyLocation::Cookie => {
                        (AuthKind::Cookie(name.clone()), description)
                    }
                },
                // OAuth2 and OpenID Connect access tokens travel as bearer
                // tokens; obtaining one is left to the caller.
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. } => {
                    (AuthKind::Bearer, description)
                }
            };
            return Some(Auth {
                kind,
                docs: Docs::join(&[description.as_deref()]),
            });
        }
        None
    }
}
