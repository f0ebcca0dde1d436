//! Webhooks: each payload is lowered as a type the user receives; the
//! `webhooks` module gets a parse function per distinct payload type and,
//! when every payload carries a property whose one value names it, an enum
//! of them all.

use indexmap::IndexMap;
use openapiv3::{PathItem, ReferenceOr};

use super::Lowerer;
use super::bodies::pick_request_media;
use super::resolve::{SRef, View};
use crate::diagnostics::Pointer;
use crate::ir::*;
use crate::naming::Scope;

/// One webhook's payload, as found.
struct Found {
    name: String,
    ty: TypeRef,
    /// Each property whose schema allows exactly one string.
    singles: IndexMap<String, String>,
}

impl<'a> Lowerer<'a> {
    /// Lowers the payloads of `hooks` and plans the `webhooks` module.
    pub(super) fn webhooks(
        &mut self,
        hooks: &'a IndexMap<String, ReferenceOr<PathItem>>,
        custom: Option<&CustomWebhookScheme>,
    ) -> Option<Webhooks> {
        let mut found = Vec::new();
        for (name, item) in hooks {
            let at = Pointer::root().push("webhooks").push(name);
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, op) in item.iter() {
                let Some(rb) = &op.request_body else { continue };
                let Ok(body) = self.resolver.request_body(rb) else {
                    continue;
                };
                let Some((media, mt, _)) = pick_request_media(&body.content) else {
                    continue;
                };
                let Some(schema) = &mt.schema else { continue };
                let hint = format!("{name} payload");
                let lowered = self.lower_schema(
                    schema.into(),
                    &hint,
                    &at.push(method)
                        .push("requestBody")
                        .push("content")
                        .push(media)
                        .push("schema"),
                );
                // The user receives webhook payloads, like responses.
                self.webhook_payloads.push(lowered.ty.clone());
                found.push(Found {
                    name: name.clone(),
                    ty: lowered.ty,
                    singles: self.single_values(schema.into()),
                });
            }
        }
        if found.is_empty() {
            return None;
        }
        let mut functions = Scope::snake().reserving(["verifier", "parse_event"]);
        let mut payloads: Vec<WebhookPayload> = Vec::new();
        for f in &found {
            if let Some(p) = payloads.iter_mut().find(|p| p.ty == f.ty) {
                p.docs = p.docs.clone().then_line(webhook_line(&f.name));
                continue;
            }
            let base = match &f.ty {
                TypeRef::Named(id) => self.type_ident(*id).bare().to_owned(),
                _ => f.name.clone(),
            };
            payloads.push(WebhookPayload {
                function: functions.claim(&format!("parse {base}")),
                ty: f.ty.clone(),
                docs: Docs::lit("Verifies a delivery of these webhooks and decodes its payload:")
                    .then(webhook_line(&f.name)),
            });
        }
        Some(Webhooks {
            scheme: custom.map_or(WebhookScheme::Standard, |c| {
                WebhookScheme::Custom(c.clone())
            }),
            payloads,
            events: discriminated(&found),
        })
    }

    /// The properties of an object schema that allow exactly one string.
    fn single_values(&self, schema: SRef<'_>) -> IndexMap<String, String> {
        let Ok((schema, _)) = self.resolver.schema(schema) else {
            return IndexMap::new();
        };
        let Some(props) = View::of(schema).properties else {
            return IndexMap::new();
        };
        props
            .iter()
            .filter_map(|(name, p)| {
                let (p, _) = self.resolver.schema(p.into()).ok()?;
                match View::of(p).string_enum()?.as_slice() {
                    [one] => Some((name.clone(), one.clone())),
                    _ => None,
                }
            })
            .collect()
    }
}

/// `- `user.created``
fn webhook_line(name: &str) -> Docs {
    Docs::sentence().lit("- ").code(name).done()
}

/// The enum of deliveries: there are at least two payload types, and a
/// property that each payload fixes to a value of its own.
fn discriminated(found: &[Found]) -> Option<WebhookEvents> {
    let first = found.first()?;
    let mut distinct: Vec<&Found> = Vec::new();
    for f in found {
        if !distinct.iter().any(|d| d.ty == f.ty) {
            distinct.push(f);
        }
    }
    if distinct.len() < 2 {
        return None;
    }
    let property = first.singles.keys().find(|p| {
        let values: Vec<Option<&String>> = distinct.iter().map(|f| f.singles.get(*p)).collect();
        values.iter().all(Option::is_some)
            && values
                .iter()
                .enumerate()
                .all(|(i, v)| !values[..i].contains(v))
    })?;
    let mut variants = Scope::variants().reserving(["Unknown"]);
    Some(WebhookEvents {
        property: property.clone(),
        variants: distinct
            .iter()
            .map(|f| {
                let value = f.singles[property].clone();
                WebhookVariant {
                    ident: variants.claim(&value),
                    value,
                    ty: f.ty.clone(),
                }
            })
            .collect(),
    })
}
