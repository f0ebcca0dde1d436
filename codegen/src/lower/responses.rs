//! Responses: the success type (one body type, or an enum by status), every
//! documented status in order of precedence, and typed error bodies.

use indexmap::IndexMap;
use openapiv3::{MediaType, Operation as SpecOp, ReferenceOr, StatusCode};

use super::Lowerer;
use super::bodies::{MediaKind, media_kind};
use super::plan::wrap_nullable_item;
use super::resolve::Resolver;
use crate::diagnostics::Pointer;
use crate::ir::*;
use crate::naming::Scope;

impl<'a> Lowerer<'a> {
    pub(super) fn responses(
        &mut self,
        op: &'a SpecOp,
        op_type: &str,
        method: &Ident,
        at: &Pointer,
        events: bool,
    ) -> Responses {
        let at = at.push("responses");
        let (mut success, errors) = self.documented(op, op_type, &at, events);
        if success.is_empty() {
            success.push((StatusMatch::Range(2), BodyKind::Empty));
        }
        // A stream of events is what the call returns, whatever else a
        // success may be documented as.
        if let Some(events) = success
            .iter()
            .find(|(_, b)| matches!(b, BodyKind::Events(_)))
            .map(|(_, b)| b.clone())
        {
            success.iter_mut().for_each(|(_, b)| *b = events.clone());
        }
        let (success_type, enum_variants) = self.success_type(&success, op_type, method, &at);
        let mut cases = Vec::new();
        for (i, (status, body)) in success.into_iter().enumerate() {
            cases.push(ResponseCase {
                status,
                outcome: Outcome::Success {
                    body,
                    variant: enum_variants.as_ref().map(|n| n[i].clone()),
                },
            });
        }
        for (status, body) in errors {
            let body = match body {
                BodyKind::Json(TypeRef::Named(id)) => Some(self.error_body(id)),
                _ => None,
            };
            cases.push(ResponseCase {
                status,
                outcome: Outcome::Error { body },
            });
        }
        // Exact codes first, then ranges, then default.
        cases.sort_by_key(|c| match c.status {
            StatusMatch::Code(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Default => 2,
        });
        Responses {
            success: success_type,
            cases,
        }
    }

    /// Every documented status with its body: the successes (a `default`
    /// is one when nothing else is), then the errors (1xx left out).
    #[allow(clippy::type_complexity)]
    fn documented(
        &mut self,
        op: &'a SpecOp,
        op_type: &str,
        at: &Pointer,
        events: bool,
    ) -> (Vec<(StatusMatch, BodyKind)>, Vec<(StatusMatch, BodyKind)>) {
        let mut entries: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, Pointer)> =
            Vec::new();
        for (code, resp) in &op.responses.responses {
            let (status, key) = match code {
                StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
                StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
            };
            entries.push((status, resp, at.push(key)));
        }
        let has_success = entries.iter().any(|(s, ..)| is_success(*s));
        if let Some(resp) = &op.responses.default {
            entries.push((StatusMatch::Default, resp, at.push("default")));
        }
        let ok = |s: StatusMatch| is_success(s) || (!has_success && s == StatusMatch::Default);
        let success_count = entries.iter().filter(|(s, ..)| ok(*s)).count();
        let (mut success, mut errors) = (Vec::new(), Vec::new());
        for (status, resp, r_at) in entries {
            let body_at = Resolver::defined_at(resp, &r_at);
            let resp = match self.resolver.response(resp) {
                Ok(r) => r,
                Err(e) => {
                    self.diags.error(r_at.as_str(), e.message());
                    continue;
                }
            };
            let hint = match (ok(status), success_count) {
                (true, 1) => format!("{op_type} response"),
                (true, _) => format!("{op_type} {} response", status_word(status)),
                (false, _) => format!("{op_type} {} error", status_word(status)),
            };
            let body = self.response_body(&resp.content, &hint, &body_at, events);
            if ok(status) {
                success.push((status, body));
            } else if !matches!(status, StatusMatch::Code(c) if c < 200) {
                errors.push((status, body));
            }
        }
        (success, errors)
    }

    /// One body type for every success, or an enum by status (with its
    /// variant names, one per success).
    fn success_type(
        &mut self,
        success: &[(StatusMatch, BodyKind)],
        op_type: &str,
        method: &Ident,
        at: &Pointer,
    ) -> (SuccessType, Option<Vec<Ident>>) {
        let mut distinct: Vec<&BodyKind> = Vec::new();
        for (_, b) in success {
            if !distinct.contains(&b) {
                distinct.push(b);
            }
        }
        if let [only] = distinct.as_slice() {
            return (SuccessType::Single((*only).clone()), None);
        }
        let id = self.reserve_type(&format!("{op_type} response"), at);
        let mut scope = Scope::variants();
        let variants: Vec<ResponseVariant> = success
            .iter()
            .map(|(status, body)| ResponseVariant {
                ident: scope.claim(&status_word(*status)),
                ty: match body {
                    BodyKind::Json(t) => Some(t.clone()),
                    BodyKind::Text => Some(TypeRef::Prim(Prim::String)),
                    BodyKind::Bytes => Some(TypeRef::Prim(Prim::Binary)),
                    BodyKind::Empty | BodyKind::Events(_) => None,
                },
                docs: Docs::sentence()
                    .lit("Status ")
                    .code(&status_text(*status))
                    .lit(".")
                    .done(),
            })
            .collect();
        let names: Vec<Ident> = variants.iter().map(|v| v.ident.clone()).collect();
        self.fill(
            id,
            TypeKind::Responses(variants),
            Docs::sentence()
                .lit("The successful results of ")
                .ident(method)
                .lit(", by status.")
                .done(),
        );
        (SuccessType::Enum(id), Some(names))
    }

    fn response_body(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        hint: &str,
        at: &Pointer,
        events: bool,
    ) -> BodyKind {
        let Some((media, mt)) = pick_response_media(content, events) else {
            return BodyKind::Empty;
        };
        let kind = media_kind(media);
        match (kind, &mt.schema) {
            (MediaKind::Json, Some(s)) => {
                let lowered = self.lower_schema(
                    s.into(),
                    hint,
                    &at.push("content").push(media).push("schema"),
                );
                BodyKind::Json(wrap_nullable_item(lowered))
            }
            (MediaKind::Json, None) => BodyKind::Json(TypeRef::Prim(Prim::Json)),
            (MediaKind::Events, _) => {
                BodyKind::Events(self.event_data(mt, hint, &at.push("content").push(media)))
            }
            (MediaKind::Text, _) => BodyKind::Text,
            _ => BodyKind::Bytes,
        }
    }

    fn error_body(&mut self, id: TypeId) -> usize {
        let ty = TypeRef::Named(id);
        if let Some(i) = self.error_bodies.iter().position(|e| e.ty == ty) {
            return i;
        }
        let ident = self.error_body_scope.claim(self.type_ident(id).as_str());
        self.error_bodies.push(ErrorBodyVariant { ident, ty });
        self.error_bodies.len() - 1
    }
}

/// Chooses the response media type: JSON first (events first for an
/// operation's event-stream companion), then events, text, anything.
fn pick_response_media(
    content: &IndexMap<String, MediaType>,
    events: bool,
) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .min_by_key(|(m, _)| match media_kind(m) {
            MediaKind::Events if events => 0,
            MediaKind::Json => 1,
            MediaKind::Events => 2,
            MediaKind::Text => 3,
            MediaKind::Other => 4,
        })
        .map(|(m, mt)| (m.as_str(), mt))
}

/// Whether a success of `op` offers both JSON and an event stream, so that
/// it gets a method for each.
pub(super) fn offers_json_and_events(op: &SpecOp, resolver: &Resolver<'_>) -> bool {
    success_responses(op, resolver).any(|resp| {
        let kinds: Vec<MediaKind> = resp.content.keys().map(|m| media_kind(m)).collect();
        kinds.contains(&MediaKind::Json) && kinds.contains(&MediaKind::Events)
    })
}

/// The 2xx responses of `op`, references followed (broken ones left out:
/// lowering reports them).
pub(super) fn success_responses<'r>(
    op: &'r SpecOp,
    resolver: &'r Resolver<'_>,
) -> impl Iterator<Item = &'r openapiv3::Response> + 'r {
    op.responses.responses.iter().filter_map(|(code, r)| {
        let ok = match code {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        };
        ok.then(|| resolver.response(r).ok()).flatten()
    })
}

fn is_success(s: StatusMatch) -> bool {
    match s {
        StatusMatch::Code(c) => (200..300).contains(&c),
        StatusMatch::Range(r) => r == 2,
        StatusMatch::Default => false,
    }
}

fn status_word(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => match c {
            200 => "ok".into(),
            201 => "created".into(),
            202 => "accepted".into(),
            203 => "non authoritative".into(),
            204 => "no content".into(),
            205 => "reset content".into(),
            206 => "partial content".into(),
            400 => "bad request".into(),
            401 => "unauthorized".into(),
            403 => "forbidden".into(),
            404 => "not found".into(),
            409 => "conflict".into(),
            422 => "unprocessable".into(),
            429 => "too many requests".into(),
            500 => "internal".into(),
            c => format!("status {c}"),
        },
        StatusMatch::Range(r) => format!("status {r}xx"),
        StatusMatch::Default => "default".into(),
    }
}

fn status_text(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(r) => format!("{r}XX"),
        StatusMatch::Default => "default".into(),
    }
}
