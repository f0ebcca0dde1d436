//! Planning schemas: what each schema position becomes (a named struct,
//! enum or union, or a primitive, container or reference inline), and
//! nullability through references; `objects` gathers the object parts an
//! `allOf` merges.
//! Inline schemas get names from their context and are lowered once per
//! spec location.

use std::collections::HashSet;

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema};

use super::Lowerer;
use super::fields::{enum_var_names, int_enum, string_enum};
pub(super) use super::objects::{Additional, Notes, ObjectParts};
use super::resolve::{SRef, View};
use crate::diagnostics::Pointer;
use crate::ir::*;

/// The Rust type of a schema position, and whether `null` is allowed there.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The type, without any nullability wrapper.
    pub ty: TypeRef,
    /// Whether the schema admits `null`.
    pub nullable: bool,
}

/// What a schema becomes.
pub(super) enum Plan<'a> {
    /// A struct from these merged object parts.
    Struct(ObjectParts<'a>),
    /// A string enum.
    StringEnum(Vec<String>),
    /// An integer enum.
    IntEnum(Vec<i64>, Vec<String>),
    /// A union of these members; every variant also gets the properties
    /// of `common` (from `allOf: [{oneOf: ...}, {...}]`).
    Union(UnionInput<'a>),
    /// No named type of its own: a primitive, container or reference.
    Inline(Lowered),
}

/// The members of a union and what surrounds them.
pub(super) struct UnionInput<'a> {
    /// Members that say something about the value, in spec order, with
    /// their index in the spec's list.
    pub(super) members: Vec<(usize, SRef<'a>)>,
    /// The union's discriminator, if it declares one.
    pub(super) discriminator: Option<&'a Discriminator>,
    /// Pointer of the member list (`.../oneOf`).
    pub(super) member_ptr: Pointer,
    /// Object schemas every variant also has (`allOf: [{oneOf}, {...}]`).
    pub(super) common: Vec<(SRef<'a>, Pointer)>,
}

/// What the values at a schema position are, which decides what
/// `format: binary` means there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Values {
    /// Inside a JSON document.
    Json,
    /// A multipart body's part, or the items of one.
    Parts,
}

/// The Rust type for a scalar schema. `format: binary` is a file only as a
/// field of a multipart body; inside JSON it is plain text (JSON spells
/// base64 `format: byte`).
fn prim_for(view: &View<'_>, values: Values) -> Prim {
    match scalar_prim(view) {
        Prim::Binary if values == Values::Json => Prim::String,
        p => p,
    }
}

impl<'a> Lowerer<'a> {
    /// Lowers a schema position (a property, item, parameter or body) of
    /// a JSON value.
    pub(crate) fn lower_schema(&mut self, s: SRef<'a>, hint: &str, at: &Pointer) -> Lowered {
        self.lower_schema_as(s, hint, at, Values::Json)
    }

    /// Lowers a schema position where values are `values`.
    pub(super) fn lower_schema_as(
        &mut self,
        s: SRef<'a>,
        hint: &str,
        at: &Pointer,
        values: Values,
    ) -> Lowered {
        let lowered = self.lower_position(s, hint, at, values);
        if let Some(positions) = &mut self.positions {
            positions
                .entry(at.as_str().to_owned())
                .or_insert_with(|| wrap_nullable_item(lowered.clone()));
        }
        lowered
    }

    fn lower_position(&mut self, s: SRef<'a>, hint: &str, at: &Pointer, values: Values) -> Lowered {
        match s {
            SRef::Ref(reference) => self.lower_ref(reference, at, values),
            SRef::Item(schema) => {
                if let Some(hit) = self.inline_cache.get(at.as_str()) {
                    return hit.clone();
                }
                let lowered = self.lower_inline(schema, hint, at, values);
                self.inline_cache
                    .insert(at.as_str().to_owned(), lowered.clone());
                lowered
            }
        }
    }

    fn lower_ref(&mut self, reference: &'a str, at: &Pointer, values: Values) -> Lowered {
        if let Some(name) = super::resolve::Resolver::component_schema_name(reference)
            && let Some(&id) = self.components.get(&name)
        {
            let nullable = self.component_nullable(&name);
            return Lowered {
                ty: TypeRef::Named(id),
                nullable,
            };
        }
        if let Some(hit) = self.inline_cache.get(reference) {
            return hit.clone();
        }
        match self.resolver.schema(SRef::Ref(reference)) {
            Ok((schema, _)) => {
                let hint = crate::diagnostics::split_pointer(reference)
                    .last()
                    .cloned()
                    .unwrap_or_default();
                let target = Pointer::from_fragment(reference);
                let lowered = self.lower_inline(schema, &hint, &target, values);
                self.inline_cache
                    .insert(reference.to_owned(), lowered.clone());
                lowered
            }
            Err(e) => {
                self.diags.error(at.as_str(), e.message());
                Lowered {
                    ty: TypeRef::Prim(Prim::Json),
                    nullable: false,
                }
            }
        }
    }

    /// Whether a component admits `null`, through aliases and wrappers.
    pub(crate) fn component_nullable(&self, name: &str) -> bool {
        let mut seen = HashSet::new();
        self.nullable_via(
            SRef::Ref(&format!("#/components/schemas/{}", escape(name))),
            &mut seen,
        )
    }

    fn nullable_via(&self, s: SRef<'_>, seen: &mut HashSet<String>) -> bool {
        let schema = match s {
            SRef::Ref(r) => {
                if !seen.insert(r.to_owned()) {
                    return false;
                }
                match self.resolver.schema(SRef::Ref(r)) {
                    Ok((s, _)) => s,
                    Err(_) => return false,
                }
            }
            SRef::Item(s) => s,
        };
        if schema.schema_data.nullable {
            return true;
        }
        let view = View::of(schema);
        // A single-reference wrapper inherits its target's nullability.
        let substantive: Vec<_> = view
            .all_of
            .iter()
            .filter(|m| !self.annotation_only((*m).into()))
            .collect();
        if substantive.len() == 1 && view.properties.is_none() {
            return self.nullable_via(substantive[0].into(), seen);
        }
        false
    }

    /// True when `s` (after references) only annotates.
    fn annotation_only(&self, s: SRef<'a>) -> bool {
        match s {
            SRef::Ref(_) => false,
            SRef::Item(schema) => {
                let v = View::of(schema);
                if v.is_annotation_only() {
                    return true;
                }
                // `anyOf: [{required: [a]}, {required: [b]}]` and nothing
                // else: a constraint on the object it sits in.
                let bare = View {
                    one_of: &[],
                    any_of: &[],
                    ..v
                };
                bare.is_annotation_only() && self.constrains_only(&v)
            }
        }
    }

    fn lower_inline(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        at: &Pointer,
        values: Values,
    ) -> Lowered {
        let nullable = schema.schema_data.nullable;
        // A schema that reaches itself without passing through a named type
        // (`items` pointing back at its own array) has no name to recurse
        // through; it is typed as JSON rather than lowered forever.
        if !self.lowering.insert(at.as_str().to_owned()) {
            self.diags.warning(
                at.as_str(),
                "this schema contains itself without a named type in between; it is typed as a JSON value",
            );
            return Lowered {
                ty: TypeRef::Prim(Prim::Json),
                nullable,
            };
        }
        let lowered = match self.plan(schema, hint, at, values) {
            Plan::Inline(mut lowered) => {
                lowered.nullable |= nullable;
                lowered
            }
            plan => {
                let id = self.reserve_type(hint, at);
                let lowered = Lowered {
                    ty: TypeRef::Named(id),
                    nullable,
                };
                // Known before its fields are lowered, so a field that leads
                // back here refers to the type instead of lowering it again.
                self.inline_cache
                    .insert(at.as_str().to_owned(), lowered.clone());
                let docs = schema_docs(schema);
                self.build(id, plan, docs);
                lowered
            }
        };
        self.lowering.remove(at.as_str());
        lowered
    }

    /// Lowers component `name` into its pre-assigned slot.
    pub(crate) fn lower_component(&mut self, name: &str, id: TypeId) {
        let at = super::resolve::Resolver::component_pointer(name);
        if self.positions.is_some() {
            let ty = TypeRef::Named(id);
            let ty = if self.component_nullable(name) {
                TypeRef::Option(Box::new(ty))
            } else {
                ty
            };
            if let Some(positions) = &mut self.positions {
                positions.insert(at.as_str().to_owned(), ty);
            }
        }
        let Some(entry) = self
            .api
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
        else {
            return;
        };
        let ident = self.type_ident(id);
        let ident = ident.as_str();
        match entry {
            ReferenceOr::Reference { reference } => {
                let lowered = self.lower_ref(reference, &at, Values::Json);
                self.fill(id, TypeKind::Alias(lowered.ty), Docs::none());
            }
            ReferenceOr::Item(schema) => {
                let docs = schema_docs(schema);
                match self.plan(schema, ident, &at, Values::Json) {
                    Plan::Inline(lowered) => self.fill(id, TypeKind::Alias(lowered.ty), docs),
                    plan => self.build(id, plan, docs),
                }
            }
        }
    }

    /// Decides what `schema` becomes.
    fn plan(&mut self, schema: &'a Schema, hint: &str, at: &Pointer, values: Values) -> Plan<'a> {
        let view = View::of(schema);
        let inline = |ty| {
            Plan::Inline(Lowered {
                ty,
                nullable: false,
            })
        };
        if view.null_only {
            return Plan::Inline(Lowered {
                ty: TypeRef::Prim(Prim::Json),
                nullable: true,
            });
        }
        if !view.all_of.is_empty() {
            return self.plan_all_of(schema, view, hint, at, values);
        }
        let (members, key) = if !view.one_of.is_empty() {
            (view.one_of, "oneOf")
        } else {
            (view.any_of, "anyOf")
        };
        if !members.is_empty() {
            let real = self.substantive(members);
            // `oneOf: [{required: [a]}, {required: [b]}]` beside properties
            // only constrains the object; it is not a union.
            if let [(i, only)] = real.as_slice()
                && schema.schema_data.discriminator.is_none()
            {
                let mut lowered =
                    self.lower_schema_as(*only, hint, &at.push(key).index(*i), values);
                lowered.nullable |= schema.schema_data.nullable;
                return Plan::Inline(lowered);
            }
            if !real.is_empty() {
                return Plan::Union(UnionInput {
                    members: real,
                    discriminator: schema.schema_data.discriminator.as_ref(),
                    member_ptr: at.push(key),
                    common: Vec::new(),
                });
            }
        }
        if let Some(values) = view.string_enum()
            && !values.is_empty()
        {
            return Plan::StringEnum(values);
        }
        if let Some(values) = view.int_enum()
            && !values.is_empty()
        {
            let names = enum_var_names(schema, values.len());
            return Plan::IntEnum(values, names);
        }
        if view.properties.is_some() {
            return Plan::Struct(self.object_parts(SRef::Item(schema), at));
        }
        if view.is_object_like() || view.additional.is_some() {
            return inline(match view.additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let v = self.lower_schema(
                        s.as_ref().into(),
                        &format!("{hint} value"),
                        &at.push("additionalProperties"),
                    );
                    TypeRef::Map(Box::new(wrap_nullable_item(v)))
                }
                _ => TypeRef::Prim(Prim::JsonObject),
            });
        }
        if view.ty == Some("array") || view.items.is_some() {
            let item = match view.items {
                Some(items) => {
                    let v = self.lower_schema_as(
                        items.into(),
                        &format!("{hint} item"),
                        &at.push("items"),
                        values,
                    );
                    wrap_nullable_item(v)
                }
                None => TypeRef::Prim(Prim::Json),
            };
            return inline(TypeRef::Vec(Box::new(item)));
        }
        inline(TypeRef::Prim(prim_for(&view, values)))
    }

    fn plan_all_of(
        &mut self,
        schema: &'a Schema,
        view: View<'a>,
        hint: &str,
        at: &Pointer,
        values: Values,
    ) -> Plan<'a> {
        let substantive = self.substantive(view.all_of);
        let own_object = view.properties.is_some();
        if substantive.len() == 1 && !own_object && view.one_of.is_empty() && view.any_of.is_empty()
        {
            let (i, member) = substantive[0];
            let mut lowered =
                self.lower_schema_as(member, hint, &at.push("allOf").index(i), values);
            lowered.nullable |= schema.schema_data.nullable;
            return Plan::Inline(lowered);
        }
        if substantive.is_empty() && !own_object {
            return Plan::Inline(Lowered {
                ty: TypeRef::Prim(prim_for(&view, values)),
                nullable: schema.schema_data.nullable,
            });
        }
        // `allOf: [{$ref: BankId}, {type: string}]` is a refined string:
        // members of one primitive type intersect to that type.
        if !own_object
            && view.one_of.is_empty()
            && view.any_of.is_empty()
            && let Some(k) = self.primitive_intersection(&substantive)
        {
            let (i, member) = substantive[k];
            let mut lowered =
                self.lower_schema_as(member, hint, &at.push("allOf").index(i), values);
            lowered.nullable |= schema.schema_data.nullable;
            return Plan::Inline(lowered);
        }
        // `allOf: [{oneOf: [A, B]}, {properties}]` is a union whose every
        // variant also has those properties.
        let unions: Vec<(usize, SRef<'a>)> = substantive
            .iter()
            .copied()
            .filter(|(_, m)| self.is_union(*m))
            .collect();
        if let [(ui, union)] = unions.as_slice()
            && !own_object
            && substantive.len() > 1
            && let Ok((union_schema, name)) = self.resolver.schema(*union)
        {
            let union_view = View::of(union_schema);
            let (members, key) = if union_view.one_of.is_empty() {
                (union_view.any_of, "anyOf")
            } else {
                (union_view.one_of, "oneOf")
            };
            let union_at = match &name {
                Some(n) => super::resolve::Resolver::component_pointer(n),
                None => at.push("allOf").index(*ui),
            };
            let common = substantive
                .iter()
                .filter(|(i, _)| i != ui)
                .map(|(i, m)| (*m, at.push("allOf").index(*i)))
                .collect();
            return Plan::Union(UnionInput {
                members: self.substantive(members),
                discriminator: union_schema.schema_data.discriminator.as_ref(),
                member_ptr: union_at.push(key),
                common,
            });
        }
        Plan::Struct(self.object_parts(SRef::Item(schema), at))
    }

    /// True for a `oneOf`/`anyOf` schema that is not also an object, and
    /// whose members say something about the value: `anyOf: [{required:
    /// [a]}, {required: [b]}]` only constrains the object beside it.
    fn is_union(&self, s: SRef<'a>) -> bool {
        match self.resolver.schema(s) {
            Ok((schema, _)) => {
                let v = View::of(schema);
                (!v.one_of.is_empty() || !v.any_of.is_empty())
                    && v.properties.is_none()
                    && !self.constrains_only(&v)
            }
            Err(_) => false,
        }
    }

    /// True for a `oneOf`/`anyOf` whose every member is only annotations
    /// and constraints (`required`, `title`): it shapes no value.
    pub(super) fn constrains_only(&self, v: &View<'a>) -> bool {
        let members = if v.one_of.is_empty() {
            v.any_of
        } else {
            v.one_of
        };
        !members.is_empty() && self.substantive(members).is_empty()
    }

    /// The members of an `allOf`/`oneOf`/`anyOf` list that say something
    /// about the value, with their index in the list.
    pub(super) fn substantive(&self, list: &'a [ReferenceOr<Schema>]) -> Vec<(usize, SRef<'a>)> {
        list.iter()
            .enumerate()
            .filter(|(_, m)| !self.annotation_only((*m).into()))
            .map(|(i, m)| (i, m.into()))
            .collect()
    }

    /// Fills slot `id` according to `plan`.
    fn build(&mut self, id: TypeId, plan: Plan<'a>, docs: Docs) {
        let kind = match plan {
            Plan::Struct(parts) => TypeKind::Struct(self.build_struct(id, parts)),
            Plan::StringEnum(values) => TypeKind::StringEnum(string_enum(&values)),
            Plan::IntEnum(values, names) => TypeKind::IntEnum(int_enum(&values, &names)),
            Plan::Union(input) => self.build_union(id, input),
            Plan::Inline(lowered) => TypeKind::Alias(lowered.ty),
        };
        self.fill(id, kind, docs);
    }
}

/// In a list, map or union, a nullable element is an `Option`.
pub(crate) fn wrap_nullable_item(l: Lowered) -> TypeRef {
    if l.nullable && !matches!(l.ty, TypeRef::Prim(Prim::Json)) {
        TypeRef::Option(Box::new(l.ty))
    } else {
        l.ty
    }
}

/// The Rust type for a scalar schema, `format: binary` aside.
fn scalar_prim(view: &View<'_>) -> Prim {
    match view.ty {
        Some("string") => match view.format {
            Some("uuid") => Prim::Uuid,
            Some("date-time") => Prim::DateTime,
            Some("date") => Prim::Date,
            Some("time") => Prim::Time,
            Some("byte") => Prim::Base64,
            Some("binary") => Prim::Binary,
            _ => Prim::String,
        },
        Some("integer") => match view.format {
            Some("int32" | "int16" | "int8") => Prim::I32,
            Some("uint32" | "uint16" | "uint8") => Prim::U32,
            Some("uint64" | "uint") => Prim::U64,
            _ => Prim::I64,
        },
        // `format: float` too: servers send every digit of a double
        // whatever the format says, and an `f32` would lose them.
        Some("number") => Prim::F64,
        Some("boolean") => Prim::Bool,
        Some("object") => Prim::JsonObject,
        _ => Prim::Json,
    }
}

/// A schema's description; for an `allOf` without one of its own, the
/// descriptions its inline members carry (`allOf: [{$ref}, {description}]`
/// documents the value that way).
pub(crate) fn schema_docs(schema: &Schema) -> Docs {
    if schema.schema_data.description.is_some() {
        return Docs::join(&[schema.schema_data.description.as_deref()]);
    }
    let members: Vec<Option<&str>> = View::of(schema)
        .all_of
        .iter()
        .filter_map(|m| match m {
            ReferenceOr::Item(m) => Some(m.schema_data.description.as_deref()),
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    Docs::join(&members)
}

/// Escapes a name for use in a JSON pointer.
pub(crate) fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}
