//! Request bodies: the media type sent (JSON, form, multipart, binary, text)
//! and the argument's type; multipart parts per field.

use indexmap::IndexMap;
use openapiv3::{MediaType, ReferenceOr};

use super::Lowerer;
use super::plan::{Lowered, wrap_nullable_item};
use super::resolve::Resolver;
use crate::diagnostics::Pointer;
use crate::ir::*;

impl<'a> Lowerer<'a> {
    /// Records which schemas are sent as multipart bodies, before anything
    /// is lowered (a component's fields are typed once, wherever it is
    /// used first).
    pub(super) fn find_multipart_bodies(&mut self) {
        for (path, item) in self.api.paths.iter() {
            let Some(item) = item.as_item() else { continue };
            for (method, op) in item.iter() {
                let Some(rb) = op.request_body.as_ref() else {
                    continue;
                };
                let Ok(body) = self.resolver.request_body(rb) else {
                    continue;
                };
                let body_at = Pointer::root()
                    .push("paths")
                    .push(path)
                    .push(method)
                    .push("requestBody");
                let Some((media, mt, Enc::Multipart)) = pick_request_media(&body.content) else {
                    continue;
                };
                let at = match &mt.schema {
                    Some(ReferenceOr::Reference { reference }) => Pointer::from_fragment(reference),
                    Some(ReferenceOr::Item(_)) => Resolver::defined_at(rb, &body_at)
                        .push("content")
                        .push(media)
                        .push("schema"),
                    None => continue,
                };
                self.multipart_bodies.insert(at.as_str().to_owned());
            }
        }
    }

    /// The body argument; `Err` means the operation must be skipped.
    pub(super) fn request_body(
        &mut self,
        rb: &'a ReferenceOr<openapiv3::RequestBody>,
        op_type: &str,
        at: &Pointer,
        methods: &mut crate::naming::Scope,
    ) -> Result<Option<RequestBody>, ()> {
        let body = match self.resolver.request_body(rb) {
            Ok(b) => b,
            Err(e) => {
                self.diags.error(at.as_str(), e.message());
                return Err(());
            }
        };
        let Some((media, mt, encoding)) = pick_request_media(&body.content) else {
            if !body.content.is_empty() {
                self.diags.warning(
                    at.push("content").as_str(),
                    "no supported media type for the request body; the operation is sent without a body",
                );
            }
            return Ok(None);
        };
        let schema_at = Resolver::defined_at(rb, at)
            .push("content")
            .push(media)
            .push("schema");
        let hint = format!("{op_type} body");
        let lowered = match &mt.schema {
            Some(s) => self.lower_schema(s.into(), &hint, &schema_at),
            None => Lowered {
                ty: TypeRef::Prim(Prim::Json),
                nullable: false,
            },
        };
        let (encoding, ty) = match encoding {
            Enc::Json => (BodyEncoding::Json, wrap_nullable_item(lowered)),
            Enc::Form => (BodyEncoding::Form, lowered.ty),
            Enc::Multipart => (
                BodyEncoding::Multipart(self.multipart_fields(&lowered.ty)),
                lowered.ty,
            ),
            Enc::Binary => (BodyEncoding::Binary, TypeRef::Prim(Prim::Binary)),
            Enc::Text => (BodyEncoding::Text, TypeRef::Prim(Prim::String)),
        };
        let content_type = if media.contains('*') {
            "application/octet-stream".to_owned()
        } else {
            media.to_owned()
        };
        Ok(Some(RequestBody {
            content_type,
            encoding,
            ty,
            given: if body.required {
                BodyGiven::Argument
            } else {
                BodyGiven::Setter(methods.claim("body"))
            },
        }))
    }

    fn multipart_fields(&self, ty: &TypeRef) -> Option<MultipartBody> {
        let TypeRef::Named(id) = ty else { return None };
        let Some(TypeKind::Struct(s)) = self.types.kind(*id) else {
            return None;
        };
        let fields = s
            .fields
            .iter()
            .map(|f| {
                let inner = strip_wrappers(&f.ty);
                let kind = match inner {
                    TypeRef::Prim(Prim::Binary) => PartKind::File,
                    TypeRef::Vec(i) if **i == TypeRef::Prim(Prim::Binary) => PartKind::Files,
                    TypeRef::Prim(Prim::Json | Prim::JsonObject)
                    | TypeRef::Vec(_)
                    | TypeRef::Map(_) => PartKind::Json,
                    TypeRef::Named(tid) => match self.types.kind(*tid) {
                        Some(TypeKind::StringEnum(_) | TypeKind::IntEnum(_)) => PartKind::Text,
                        _ => PartKind::Json,
                    },
                    _ => PartKind::Text,
                };
                MultipartField {
                    name: f.name.clone(),
                    kind,
                    encoding: f.encoding,
                }
            })
            .collect();
        Some(MultipartBody {
            fields,
            extra: s.extra.as_ref().map(|e| e.ident.clone()),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Enc {
    Json,
    Form,
    Multipart,
    Binary,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MediaKind {
    Json,
    /// `text/event-stream`
    Events,
    Text,
    Other,
}

pub(super) fn media_kind(media: &str) -> MediaKind {
    let m = media.to_ascii_lowercase();
    let essence = m.split(';').next().unwrap_or("").trim();
    if essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
    {
        MediaKind::Json
    } else if essence == "text/event-stream" {
        MediaKind::Events
    } else if essence.starts_with("text/") {
        MediaKind::Text
    } else {
        MediaKind::Other
    }
}

/// Chooses the request media type: JSON, then form, multipart, binary, text.
pub(super) fn pick_request_media(
    content: &IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType, Enc)> {
    let mut best: Option<(u8, &str, &MediaType, Enc)> = None;
    for (media, mt) in content {
        let m = media.to_ascii_lowercase();
        let essence = m.split(';').next().unwrap_or("").trim().to_owned();
        let (rank, enc) = if essence == "application/json" || essence.ends_with("+json") {
            (0, Enc::Json)
        } else if essence == "application/x-www-form-urlencoded" {
            (1, Enc::Form)
        } else if essence == "multipart/form-data" || essence == "multipart/mixed" {
            (2, Enc::Multipart)
        } else if essence.starts_with("text/") {
            (4, Enc::Text)
        } else {
            (3, Enc::Binary)
        };
        if best.is_none_or(|(r, ..)| rank < r) {
            best = Some((rank, media.as_str(), mt, enc));
        }
    }
    best.map(|(_, m, mt, e)| (m, mt, e))
}

fn strip_wrappers(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Option(i) | TypeRef::Tristate(i) | TypeRef::Boxed(i) => strip_wrappers(i),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_preferences() {
        let mut content = IndexMap::new();
        content.insert(
            "application/x-www-form-urlencoded".to_owned(),
            MediaType::default(),
        );
        content.insert("application/json".to_owned(), MediaType::default());
        assert_eq!(
            pick_request_media(&content).map(|(m, _, _)| m),
            Some("application/json")
        );
    }
}
