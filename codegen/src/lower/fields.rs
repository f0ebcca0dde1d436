//! Structs and enums: each property's presence (the heart of nullable vs
//! optional) and encoding, unknown-property maps, enums with catch-alls.

use openapiv3::Schema;

use super::Lowerer;
use super::plan::{Additional, Lowered, ObjectParts, Values, wrap_nullable_item};
use super::resolve::{Resolver, SRef};
use crate::ir::*;
use crate::naming::{self, Ident, Scope};

impl<'a> Lowerer<'a> {
    pub(super) fn build_struct(&mut self, id: TypeId, parts: ObjectParts<'a>) -> StructDef {
        let parent = self.type_ident(id);
        let parent = parent.as_str();
        let mut scope = Scope::snake();
        let mut fields = Vec::with_capacity(parts.props.len());
        // Only a multipart body's own fields may be files.
        let files = self.multipart_bodies.contains(&self.types.name(id).wire);
        for (wire, src) in &parts.props {
            let hint = match &src.owner {
                Some(owner) => format!("{} {wire}", naming::type_ident(owner, "Type")),
                None => format!("{parent} {wire}"),
            };
            let values = if files { Values::Parts } else { Values::Json };
            let lowered = self.lower_schema_as(src.schema, &hint, &src.at, values);
            let required = parts.required.contains(wire);
            let ident = scope.claim(wire);
            let (docs, deprecated) = self.property_docs(src.schema);
            fields.push(make_field(ident, wire, lowered, required, docs, deprecated));
        }
        let default = fields.iter().all(|f| f.encoding.is_optional());
        // JSON Schema allows what it does not forbid: unlisted properties
        // are kept (received ones written back, and any can be sent).
        let extra = match parts.additional {
            Additional::Closed => None,
            Additional::Unspecified | Additional::Any => Some(TypeRef::Prim(Prim::Json)),
            Additional::Typed(s, at) => {
                let v = self.lower_schema(s, &format!("{parent} value"), &at);
                Some(wrap_nullable_item(v))
            }
        }
        .map(|value| ExtraField {
            ident: scope.claim("additional_properties"),
            value,
            docs: Docs::lit(
                "Properties the schema does not list: kept as received, so that writing this \
                 value back loses nothing, and sent as they are.",
            ),
        });
        StructDef {
            fields,
            extra,
            default,
            serde: true,
            eq: true,
            builder: None,
        }
    }

    /// A property's own description and deprecation. A reference to a
    /// component is documented where the component is; a reference to a
    /// schema inside another (an anchor, a property) carries that
    /// schema's words.
    fn property_docs(&self, s: SRef<'_>) -> (Docs, bool) {
        let schema = match s {
            SRef::Item(schema) => schema,
            SRef::Ref(r) if Resolver::component_schema_name(r).is_some() => {
                return (Docs::none(), false);
            }
            SRef::Ref(_) => match self.resolver.schema(s) {
                Ok((schema, _)) => schema,
                Err(_) => return (Docs::none(), false),
            },
        };
        (
            super::plan::schema_docs(schema),
            schema.schema_data.deprecated,
        )
    }
}

/// Builds a field from its presence rule: the heart of nullable vs optional.
fn make_field(
    ident: Ident,
    wire: &str,
    lowered: Lowered,
    required: bool,
    docs: Docs,
    deprecated: bool,
) -> Field {
    let presence = match (required, lowered.nullable) {
        (true, false) => Presence::Required,
        (true, true) => Presence::RequiredNullable,
        (false, false) => Presence::Optional,
        (false, true) => Presence::OptionalNullable,
    };
    let encoding = FieldEncoding::for_presence(presence, &lowered.ty);
    // What the other encodings mean depends on the way the type travels,
    // which `presence_notes` adds once it is known.
    let note = match (presence, encoding) {
        (Presence::RequiredNullable, FieldEncoding::Required) => {
            Docs::lit("Required, and may be null (`serde_json::Value::Null`).")
        }
        _ => Docs::none(),
    };
    let docs = if deprecated {
        docs.then(Docs::lit("**Deprecated.**"))
    } else {
        docs
    };
    Field {
        name: Name {
            ident,
            wire: wire.to_owned(),
        },
        docs: docs.then(note),
        ty: lowered.ty,
        encoding,
    }
}

pub(super) fn string_enum(values: &[String]) -> EnumDef<String> {
    let mut scope = Scope::variants();
    let mut seen = std::collections::HashSet::new();
    // A value listed twice is one variant (a second would be unreachable).
    let variants: Vec<EnumVariant<String>> = values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| EnumVariant {
            ident: scope.claim(v),
            value: v.clone(),
            docs: Docs::sentence().code(v).done(),
        })
        .collect();
    EnumDef {
        variants,
        other: scope.claim_catch_all(),
    }
}

pub(super) fn int_enum(values: &[i64], names: &[String]) -> EnumDef<i64> {
    let mut scope = Scope::variants();
    let mut seen = std::collections::HashSet::new();
    let variants = values
        .iter()
        .enumerate()
        .filter(|(_, v)| seen.insert(**v))
        .map(|(i, v)| EnumVariant {
            ident: match names.get(i) {
                Some(n) => scope.claim(n),
                None => scope.claim(&v.to_string()),
            },
            value: *v,
            docs: Docs::sentence().code(&v.to_string()).done(),
        })
        .collect();
    EnumDef {
        variants,
        other: scope.claim_catch_all(),
    }
}

/// `x-enum-varnames` / `x-enumNames`, when they match the values one to one.
pub(super) fn enum_var_names(schema: &Schema, len: usize) -> Vec<String> {
    for key in ["x-enum-varnames", "x-enumNames"] {
        if let Some(serde_json::Value::Array(names)) = schema.schema_data.extensions.get(key) {
            let names: Vec<String> = names
                .iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect();
            if names.len() == len {
                return names;
            }
        }
    }
    Vec::new()
}
