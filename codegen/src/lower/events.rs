//! Server-sent event streams: what each event of a `text/event-stream`
//! response decodes into. A `schema` describes the data (a string schema
//! says nothing about it); an OpenAPI 3.2 `itemSchema` (normalized to
//! `schema` marked with `ITEM_SCHEMA`) describes the whole event, whose `data`
//! property is the payload, and a `oneOf` of such events keyed by an
//! `event` constant becomes an enum by event name.

use openapiv3::{MediaType, ReferenceOr, Schema, SchemaKind, Type};

use super::Lowerer;
use super::resolve::SRef;
use crate::diagnostics::Pointer;
use crate::ir::*;
use crate::naming::Scope;
use crate::normalize::ITEM_SCHEMA;

impl<'a> Lowerer<'a> {
    /// What each event of a stream with media type `mt` decodes into.
    pub(super) fn event_data(&mut self, mt: &'a MediaType, hint: &str, at: &Pointer) -> EventData {
        let Some(schema) = &mt.schema else {
            return EventData::Raw;
        };
        let at = at.push("schema");
        let Ok((resolved, _)) = self.resolver.schema(schema.into()) else {
            return EventData::Raw;
        };
        if !mt.extensions.contains_key(ITEM_SCHEMA) {
            return self.data_of(schema.into(), resolved, hint, &at);
        }
        if let SchemaKind::OneOf { one_of } = &resolved.schema_kind {
            if let Some(id) = self.events_by_name(one_of, hint, &at.push("oneOf")) {
                return EventData::ByName(id);
            }
        }
        match property(resolved, "data") {
            Some(data) => {
                let data_at = at.push("properties").push("data");
                match self.resolver.schema(data.into()) {
                    Ok((d, _)) => self.data_of(data.into(), d, hint, &data_at),
                    Err(_) => EventData::Raw,
                }
            }
            None => EventData::Raw,
        }
    }

    /// The data's type: text stays raw, anything else is JSON.
    fn data_of(&mut self, s: SRef<'a>, resolved: &Schema, hint: &str, at: &Pointer) -> EventData {
        if is_text(resolved) {
            return EventData::Raw;
        }
        let lowered = self.lower_schema(s, &format!("{hint} event"), at);
        EventData::Json(super::plan::wrap_nullable_item(lowered))
    }

    /// An enum with one variant per member whose `event` is a constant;
    /// `None` unless every member names its event.
    fn events_by_name(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        hint: &str,
        at: &Pointer,
    ) -> Option<TypeId> {
        let mut named: Vec<(String, Option<(SRef<'a>, Pointer)>)> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let (member, _) = self.resolver.schema(m.into()).ok()?;
            let event = property(member, "event").and_then(|e| self.constant(e))?;
            let data = property(member, "data").and_then(|d| {
                let (ds, _) = self.resolver.schema(d.into()).ok()?;
                let data_at = match m {
                    ReferenceOr::Item(_) => at.index(i).push("properties").push("data"),
                    ReferenceOr::Reference { reference } => Pointer::from_fragment(reference)
                        .push("properties")
                        .push("data"),
                };
                (!is_text(ds)).then(|| (SRef::from(d), data_at))
            });
            named.push((event, data));
        }
        let id = self.reserve_type(&format!("{hint} event"), at);
        let mut scope = Scope::variants();
        let variants = named
            .into_iter()
            .map(|(event, data)| {
                let ident = scope.claim(&event);
                let ty = data.map(|(s, data_at)| {
                    let hint = format!("{hint} {event} event");
                    super::plan::wrap_nullable_item(self.lower_schema(s, &hint, &data_at))
                });
                let docs = Docs::sentence()
                    .lit("An event named ")
                    .code(&event)
                    .lit(match ty {
                        Some(_) => ", its data decoded.",
                        None => ", its data as text.",
                    })
                    .done();
                EventVariant {
                    ident,
                    event,
                    ty,
                    docs,
                }
            })
            .collect();
        let other = scope.claim("other");
        self.fill(
            id,
            TypeKind::Events(EventsDef { variants, other }),
            Docs::sentence()
                .lit("The events of the stream, by their ")
                .code("event:")
                .lit(" name; ")
                .code("Other")
                .lit(" holds an event of a name the spec does not list.")
                .done(),
        );
        Some(id)
    }

    /// The single string an `event` property is fixed to.
    fn constant(&self, s: &'a ReferenceOr<Box<Schema>>) -> Option<String> {
        let (schema, _) = self.resolver.schema(s.into()).ok()?;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => match t.enumeration.as_slice() {
                [Some(one)] => Some(one.clone()),
                _ => None,
            },
            // `const: x` without a `type`.
            SchemaKind::Any(a) => match a.enumeration.as_slice() {
                [serde_json::Value::String(one)] => Some(one.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}

fn property<'s>(s: &'s Schema, name: &str) -> Option<&'s ReferenceOr<Box<Schema>>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.get(name),
        SchemaKind::Any(a) => a.properties.get(name),
        _ => None,
    }
}

/// A string schema that is not a JSON document in disguise.
fn is_text(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Type(Type::String(_)))
}
