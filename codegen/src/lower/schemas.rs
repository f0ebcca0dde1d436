//! Schemas → types: structs with field presence, enums with catch-alls,
//! tagged and untagged unions, merged `allOf`, aliases. Inline schemas get
//! names from their context and are lowered once per spec location.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, Discriminator, Schema};

use super::Lowerer;
use super::resolve::{SRef, View};
use crate::diagnostics::Pointer;
use crate::docs;
use crate::ir::*;
use crate::naming::{self, Case, Scope};

/// The Rust type of a schema position, and whether `null` is allowed there.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The type, without any nullability wrapper.
    pub ty: TypeRef,
    /// Whether the schema admits `null`.
    pub nullable: bool,
}

/// What a schema becomes.
enum Plan<'a> {
    /// A struct from these merged object parts.
    Struct(ObjectParts<'a>),
    /// A string enum.
    StringEnum(Vec<String>),
    /// An integer enum.
    IntEnum(Vec<i64>, Vec<String>),
    /// A union of these members; every variant also gets the properties
    /// of `common` (from `allOf: [{oneOf: ...}, {...}]`).
    Union {
        members: Vec<SRef<'a>>,
        discriminator: Option<&'a Discriminator>,
        member_ptr: Pointer,
        common: Vec<(SRef<'a>, Pointer)>,
    },
    /// No named type of its own: a primitive, container or reference.
    Inline(Lowered),
}

/// Properties gathered from an object schema and everything it `allOf`s.
#[derive(Default)]
pub(super) struct ObjectParts<'a> {
    props: IndexMap<String, PropSource<'a>>,
    required: HashSet<String>,
    additional: Additional<'a>,
}

struct PropSource<'a> {
    schema: SRef<'a>,
    at: Pointer,
    /// The component the property was written in, when it is not the type
    /// being built (names its inline types after where they live).
    owner: Option<String>,
}

#[derive(Default, Clone)]
enum Additional<'a> {
    /// Not said: open, keeps unknown keys if the type is received.
    #[default]
    Unspecified,
    /// `additionalProperties: false`.
    Closed,
    /// `true` or `{}`.
    Any,
    /// A schema for the values, and where it is.
    Typed(SRef<'a>, Pointer),
}

impl<'a> Lowerer<'a> {
    /// Lowers a schema position (a property, item, parameter or body).
    pub(crate) fn lower_schema(&mut self, s: SRef<'a>, hint: &str, at: &Pointer) -> Lowered {
        match s {
            SRef::Ref(reference) => self.lower_ref(reference, at),
            SRef::Item(schema) => {
                if let Some(hit) = self.inline_cache.get(at.as_str()) {
                    return hit.clone();
                }
                let lowered = self.lower_inline(schema, hint, at);
                self.inline_cache
                    .insert(at.as_str().to_owned(), lowered.clone());
                lowered
            }
        }
    }

    fn lower_ref(&mut self, reference: &'a str, at: &Pointer) -> Lowered {
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
                let lowered = self.lower_inline(schema, &hint, &target);
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
    fn annotation_only(&self, s: SRef<'_>) -> bool {
        match s {
            SRef::Ref(_) => false,
            SRef::Item(schema) => View::of(schema).is_annotation_only(),
        }
    }

    fn lower_inline(&mut self, schema: &'a Schema, hint: &str, at: &Pointer) -> Lowered {
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
        let lowered = match self.plan(schema, hint, at) {
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
        let Some(entry) = self
            .api
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
        else {
            return;
        };
        let ident = self.type_ident(id);
        match entry {
            openapiv3::ReferenceOr::Reference { reference } => {
                let lowered = self.lower_ref(reference, &at);
                self.fill(id, TypeKind::Alias(lowered.ty), Docs::default());
            }
            openapiv3::ReferenceOr::Item(schema) => {
                let docs = schema_docs(schema);
                match self.plan(schema, &ident, &at) {
                    Plan::Inline(lowered) => self.fill(id, TypeKind::Alias(lowered.ty), docs),
                    plan => self.build(id, plan, docs),
                }
            }
        }
    }

    /// Decides what `schema` becomes.
    fn plan(&mut self, schema: &'a Schema, hint: &str, at: &Pointer) -> Plan<'a> {
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
            return self.plan_all_of(schema, view, hint, at);
        }
        let (members, key) = if !view.one_of.is_empty() {
            (view.one_of, "oneOf")
        } else {
            (view.any_of, "anyOf")
        };
        if !members.is_empty() {
            let real: Vec<SRef<'a>> = members
                .iter()
                .filter(|m| !self.annotation_only((*m).into()))
                .map(SRef::from)
                .collect();
            // `oneOf: [{required: [a]}, {required: [b]}]` beside properties
            // only constrains the object; it is not a union.
            if !real.is_empty() {
                if real.len() == 1 && schema.schema_data.discriminator.is_none() {
                    let mut lowered = self.lower_schema(
                        real[0],
                        hint,
                        &at.push(key).index(
                            members
                                .iter()
                                .position(|m| !self.annotation_only(m.into()))
                                .unwrap_or(0),
                        ),
                    );
                    lowered.nullable |= schema.schema_data.nullable;
                    return Plan::Inline(lowered);
                }
                return Plan::Union {
                    members: real,
                    discriminator: schema.schema_data.discriminator.as_ref(),
                    member_ptr: at.push(key),
                    common: Vec::new(),
                };
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
            let mut parts = ObjectParts::default();
            let mut seen = HashSet::new();
            self.collect_object(SRef::Item(schema), at, None, &mut parts, &mut seen, false);
            return Plan::Struct(parts);
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
                    let v =
                        self.lower_schema(items.into(), &format!("{hint} item"), &at.push("items"));
                    wrap_nullable_item(v)
                }
                None => TypeRef::Prim(Prim::Json),
            };
            return inline(TypeRef::Vec(Box::new(item)));
        }
        inline(TypeRef::Prim(prim_for(&view)))
    }

    fn plan_all_of(
        &mut self,
        schema: &'a Schema,
        view: View<'a>,
        hint: &str,
        at: &Pointer,
    ) -> Plan<'a> {
        let substantive: Vec<(usize, SRef<'a>)> = view
            .all_of
            .iter()
            .enumerate()
            .filter(|(_, m)| !self.annotation_only((*m).into()))
            .map(|(i, m)| (i, m.into()))
            .collect();
        let own_object = view.properties.is_some();
        if substantive.len() == 1 && !own_object && view.one_of.is_empty() && view.any_of.is_empty()
        {
            let (i, member) = substantive[0];
            let mut lowered = self.lower_schema(member, hint, &at.push("allOf").index(i));
            lowered.nullable |= schema.schema_data.nullable;
            return Plan::Inline(lowered);
        }
        if substantive.is_empty() && !own_object {
            return Plan::Inline(Lowered {
                ty: TypeRef::Prim(prim_for(&view)),
                nullable: schema.schema_data.nullable,
            });
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
            return Plan::Union {
                members: members
                    .iter()
                    .filter(|m| !self.annotation_only((*m).into()))
                    .map(SRef::from)
                    .collect(),
                discriminator: union_schema.schema_data.discriminator.as_ref(),
                member_ptr: union_at.push(key),
                common,
            };
        }
        let mut parts = ObjectParts::default();
        let mut seen = HashSet::new();
        self.collect_object(SRef::Item(schema), at, None, &mut parts, &mut seen, false);
        Plan::Struct(parts)
    }

    /// True for a `oneOf`/`anyOf` schema that is not also an object.
    fn is_union(&self, s: SRef<'a>) -> bool {
        match self.resolver.schema(s) {
            Ok((schema, _)) => {
                let v = View::of(schema);
                (!v.one_of.is_empty() || !v.any_of.is_empty()) && v.properties.is_none()
            }
            Err(_) => false,
        }
    }

    /// A struct for one variant of a union, from its own properties and the
    /// shared ones in `common`, less the tag the union handles (if any).
    fn variant_struct(
        &mut self,
        hint: &str,
        at: &Pointer,
        mut parts: ObjectParts<'a>,
        tag: Option<&str>,
        docs: Docs,
    ) -> TypeRef {
        if let Some(tag) = tag {
            parts.props.shift_remove(tag);
            parts.required.remove(tag);
        }
        let id = self.reserve_type(hint, at);
        let def = self.build_struct(id, parts);
        self.fill(id, TypeKind::Struct(def), docs);
        TypeRef::Named(id)
    }

    /// Gathers properties of `s` and of everything it `allOf`s, in order.
    pub(super) fn collect_object(
        &mut self,
        s: SRef<'a>,
        at: &Pointer,
        owner: Option<String>,
        parts: &mut ObjectParts<'a>,
        seen: &mut HashSet<String>,
        quiet: bool,
    ) {
        let (schema, at, owner) = match s {
            SRef::Ref(r) => {
                if !seen.insert(r.to_owned()) {
                    return;
                }
                match self.resolver.schema(s) {
                    Ok((schema, name)) => {
                        let at = match &name {
                            Some(n) => super::resolve::Resolver::component_pointer(n),
                            None => Pointer::from_fragment(r),
                        };
                        (schema, at, name.or(owner))
                    }
                    Err(e) => {
                        if !quiet {
                            self.diags.error(at.as_str(), e.message());
                        }
                        return;
                    }
                }
            }
            SRef::Item(schema) => (schema, at.clone(), owner),
        };
        let view = View::of(schema);
        for (i, member) in view.all_of.iter().enumerate() {
            let member_at = at.push("allOf").index(i);
            let member_view = match member {
                openapiv3::ReferenceOr::Item(m) => View::of(m),
                openapiv3::ReferenceOr::Reference { .. } => View::default(),
            };
            let is_ref = matches!(member, openapiv3::ReferenceOr::Reference { .. });
            if is_ref || member_view.is_object_like() || !member_view.all_of.is_empty() {
                self.collect_object(member.into(), &member_at, owner.clone(), parts, seen, quiet);
            } else if !quiet
                && !member_view.is_annotation_only()
                && member_view.additional.is_none()
            {
                self.diags.warning(
                    member_at.as_str(),
                    "an `allOf` member that is not an object cannot be merged into a struct; it is ignored",
                );
            }
        }
        if let Some(props) = view.properties {
            for (name, prop) in props {
                let prop_at = at.push("properties").push(name);
                parts.props.insert(
                    name.clone(),
                    PropSource {
                        schema: prop.into(),
                        at: prop_at,
                        owner: owner.clone(),
                    },
                );
            }
        }
        parts.required.extend(view.required.iter().cloned());
        match view.additional {
            Some(AdditionalProperties::Any(false)) => {
                if matches!(parts.additional, Additional::Unspecified) {
                    parts.additional = Additional::Closed;
                }
            }
            Some(AdditionalProperties::Any(true)) => parts.additional = Additional::Any,
            Some(AdditionalProperties::Schema(s)) => {
                let inner: SRef<'a> = s.as_ref().into();
                let any = matches!(inner, SRef::Item(x) if View::of(x).is_annotation_only());
                parts.additional = if any {
                    Additional::Any
                } else {
                    Additional::Typed(inner, at.push("additionalProperties"))
                };
            }
            None => {}
        }
    }

    /// Fills slot `id` according to `plan`.
    fn build(&mut self, id: TypeId, plan: Plan<'a>, docs: Docs) {
        let kind = match plan {
            Plan::Struct(parts) => TypeKind::Struct(self.build_struct(id, parts)),
            Plan::StringEnum(values) => TypeKind::StringEnum(string_enum(&values)),
            Plan::IntEnum(values, names) => TypeKind::IntEnum(int_enum(&values, &names)),
            Plan::Union {
                members,
                discriminator,
                member_ptr,
                common,
            } => self.build_union(id, members, discriminator, &member_ptr, &common),
            Plan::Inline(lowered) => TypeKind::Alias(lowered.ty),
        };
        self.fill(id, kind, docs);
    }

    fn build_struct(&mut self, id: TypeId, parts: ObjectParts<'a>) -> StructDef {
        let parent = self.type_ident(id);
        let mut scope = Scope::new(Case::Snake);
        let mut fields = Vec::with_capacity(parts.props.len());
        for (wire, src) in &parts.props {
            let hint = match &src.owner {
                Some(owner) => format!("{} {wire}", naming::type_ident(owner, "Type")),
                None => format!("{parent} {wire}"),
            };
            let lowered = self.lower_schema(src.schema, &hint, &src.at);
            let required = parts.required.contains(wire);
            let ident = scope.claim(&naming::snake_ident(wire, "field"));
            let (docs, deprecated) = self.property_docs(src.schema, wire);
            fields.push(make_field(ident, wire, lowered, required, docs, deprecated));
        }
        let default = fields
            .iter()
            .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable));
        let extra = match parts.additional {
            Additional::Closed => None,
            Additional::Unspecified => {
                self.open_structs.push(id);
                None
            }
            Additional::Any => Some(TypeRef::Prim(Prim::Json)),
            Additional::Typed(s, at) => {
                let v = self.lower_schema(s, &format!("{parent} value"), &at);
                Some(wrap_nullable_item(v))
            }
        }
        .map(|value| ExtraField {
            ident: scope.claim("additional_properties"),
            value,
            docs: Docs("Properties not listed in the schema, kept as received.".to_owned()),
        });
        self.field_scopes.insert(id, scope);
        StructDef {
            fields,
            extra,
            default,
            serde: true,
            eq: true,
        }
    }

    fn property_docs(&self, s: SRef<'_>, wire: &str) -> (Docs, bool) {
        let schema = match s {
            SRef::Item(schema) => Some(schema),
            SRef::Ref(_) => None,
        };
        let description = schema.and_then(|s| s.schema_data.description.as_deref());
        let deprecated = schema.is_some_and(|s| s.schema_data.deprecated);
        let text = docs::join(&[description]);
        let text = if text.is_empty() {
            format!("The `{}` property.", docs::code(wire))
        } else {
            text
        };
        (Docs(text), deprecated)
    }

    fn build_union(
        &mut self,
        id: TypeId,
        members: Vec<SRef<'a>>,
        discriminator: Option<&'a Discriminator>,
        member_ptr: &Pointer,
        common: &[(SRef<'a>, Pointer)],
    ) -> TypeKind {
        let parent = self.type_ident(id);
        if !common.is_empty() {
            if let Some(tagged) =
                self.try_tagged(&parent, &members, discriminator, member_ptr, common)
            {
                return TypeKind::Tagged(tagged);
            }
            return self.distributed_untagged(&parent, &members, member_ptr, common);
        }
        // Members that are all strings (enums or free text) are one enum:
        // the catch-all variant carries the free text.
        if let Some(values) = self.all_string_members(&members) {
            return if values.is_empty() {
                TypeKind::Alias(TypeRef::Prim(Prim::String))
            } else {
                TypeKind::StringEnum(string_enum(&values))
            };
        }
        if let Some(tagged) = self.try_tagged(&parent, &members, discriminator, member_ptr, &[]) {
            return TypeKind::Tagged(tagged);
        }
        // (type, variant name from the member's title, if it has one)
        let mut variants: Vec<(TypeRef, Option<String>)> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let title = match member {
                SRef::Item(s) => s.schema_data.title.clone(),
                SRef::Ref(_) => None,
            };
            let hint = match &title {
                Some(t) => format!("{parent} {t}"),
                None => format!("{parent} variant {}", i + 1),
            };
            let lowered = self.lower_schema(*member, &hint, &member_ptr.index(i));
            let ty = wrap_nullable_item(lowered);
            if !variants.iter().any(|(t, _)| *t == ty) {
                variants.push((ty, title));
            }
        }
        // serde tries untagged variants in order: integers before floats,
        // anything-goes JSON last.
        variants.sort_by_key(|(t, _)| untagged_rank(t));
        if variants.len() == 1 {
            return TypeKind::Alias(variants.remove(0).0);
        }
        let mut scope = Scope::new(Case::Pascal);
        let variants = variants
            .into_iter()
            .map(|(ty, title)| {
                let name = match title {
                    Some(t) if !naming::variant_ident(&t).is_empty() => naming::variant_ident(&t),
                    _ => self.variant_name_for(&ty),
                };
                let ident = scope.claim(&name);
                UntaggedVariant {
                    ident,
                    docs: Docs(format!("The {} case.", self.describe(&ty))),
                    ty,
                }
            })
            .collect();
        TypeKind::Untagged(UntaggedDef { variants })
    }

    /// An untagged union whose variants each merge one member with the
    /// shared properties.
    fn distributed_untagged(
        &mut self,
        parent: &str,
        members: &[SRef<'a>],
        member_ptr: &Pointer,
        common: &[(SRef<'a>, Pointer)],
    ) -> TypeKind {
        let mut scope = Scope::new(Case::Pascal);
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let at = member_ptr.index(i);
            let (name, docs) = match self.resolver.schema(*m) {
                Ok((schema, name)) => (
                    name.or_else(|| schema.schema_data.title.clone()),
                    schema_docs(schema),
                ),
                Err(_) => (None, Docs::default()),
            };
            let label = name.unwrap_or_else(|| format!("variant {}", i + 1));
            let parts = self.parts_with_common(*m, &at, common);
            let ty = self.variant_struct(&format!("{parent} {label}"), &at, parts, None, docs);
            variants.push(UntaggedVariant {
                ident: scope.claim(&naming::type_ident(&label, "Variant")),
                docs: Docs(format!("A `{}` value.", docs::code(&label))),
                ty,
            });
        }
        TypeKind::Untagged(UntaggedDef { variants })
    }

    /// A member's properties plus the shared ones.
    fn parts_with_common(
        &mut self,
        member: SRef<'a>,
        at: &Pointer,
        common: &[(SRef<'a>, Pointer)],
    ) -> ObjectParts<'a> {
        let mut parts = ObjectParts::default();
        let mut seen = HashSet::new();
        self.collect_object(member, at, None, &mut parts, &mut seen, true);
        for (c, c_at) in common {
            self.collect_object(*c, c_at, None, &mut parts, &mut seen, false);
        }
        parts
    }

    fn all_string_members(&self, members: &[SRef<'a>]) -> Option<Vec<String>> {
        let mut values = Vec::new();
        for m in members {
            let SRef::Item(schema) = m else { return None };
            let view = View::of(schema);
            if view.ty != Some("string")
                && !matches!(view.enum_values, super::resolve::EnumValues::Json(_))
            {
                return None;
            }
            if view.format.is_some_and(|f| f != "string") {
                return None;
            }
            match view.string_enum() {
                Some(v) => values.extend(v),
                None if view.ty == Some("string") => {}
                None => return None,
            }
        }
        let mut seen = HashSet::new();
        values.retain(|v| seen.insert(v.clone()));
        Some(values)
    }

    /// A tagged union, from a discriminator or from a property every member
    /// fixes to a distinct constant.
    fn try_tagged(
        &mut self,
        parent: &str,
        members: &[SRef<'a>],
        discriminator: Option<&'a Discriminator>,
        member_ptr: &Pointer,
        common: &[(SRef<'a>, Pointer)],
    ) -> Option<TaggedDef> {
        // Each member's object parts (with any shared ones), to find tags.
        let mut member_parts = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let (schema, name) = self.resolver.schema(*m).ok()?;
            let view = View::of(schema);
            if !view.is_object_like() && view.all_of.is_empty() {
                return None;
            }
            let mut parts = ObjectParts::default();
            let mut seen = HashSet::new();
            self.collect_object(*m, &member_ptr.index(i), None, &mut parts, &mut seen, true);
            for (c, c_at) in common {
                self.collect_object(*c, c_at, None, &mut parts, &mut seen, true);
            }
            member_parts.push((name, parts));
        }
        let tag = match discriminator {
            Some(d) => d.property_name.clone(),
            None => self.infer_tag(&member_parts)?,
        };
        let mut variants: Vec<TaggedVariant> = Vec::new();
        let mut scope = Scope::with_reserved(Case::Pascal, &[]);
        for (i, (m, (name, parts))) in members.iter().zip(member_parts).enumerate() {
            let mut tags: Vec<String> = Vec::new();
            if let (Some(d), SRef::Ref(r)) = (discriminator, m) {
                for (value, target) in &d.mapping {
                    if same_ref(target, r) {
                        tags.push(value.clone());
                    }
                }
            }
            if tags.is_empty()
                && let Some(v) = self.const_of(&parts, &tag)
            {
                tags.push(v);
            }
            if tags.is_empty() {
                match (discriminator, &name) {
                    (Some(_), Some(n)) => tags.push(n.clone()),
                    _ => return None,
                }
            }
            let hint = format!("{parent} {}", tags[0]);
            let at = member_ptr.index(i);
            let has_tag = parts.props.contains_key(&tag);
            let (ty, payload_has_tag) = match m {
                // With shared properties, each variant is a merged struct of
                // its own.
                _ if !common.is_empty() => {
                    let docs = match self.resolver.schema(*m) {
                        Ok((schema, _)) => schema_docs(schema),
                        Err(_) => Docs::default(),
                    };
                    (
                        self.variant_struct(&hint, &at, parts, Some(&tag), docs),
                        false,
                    )
                }
                // An inline member belongs to this union alone: its struct
                // leaves the tag to the union, which reads and writes it, so
                // no one-value enum type is made for it.
                SRef::Item(schema) if has_tag && View::of(schema).properties.is_some() => {
                    let ty =
                        self.variant_struct(&hint, &at, parts, Some(&tag), schema_docs(schema));
                    let lowered = Lowered {
                        ty: ty.clone(),
                        nullable: schema.schema_data.nullable,
                    };
                    self.inline_cache.insert(at.as_str().to_owned(), lowered);
                    (ty, false)
                }
                _ => {
                    let lowered = self.lower_schema(*m, &hint, &at);
                    (wrap_nullable_item(lowered), has_tag)
                }
            };
            let ident = scope.claim(&naming::variant_ident(&tags[0]));
            variants.push(TaggedVariant {
                ident,
                docs: Docs(format!("Selected by `{tag}` = `{}`.", tags.join("` or `"))),
                tags,
                ty,
                payload_has_tag,
            });
        }
        // Mapping entries naming schemas outside oneOf are variants too.
        if let Some(d) = discriminator {
            for (value, target) in &d.mapping {
                if variants.iter().any(|v| v.tags.contains(value)) {
                    continue;
                }
                let reference = if target.starts_with('#') {
                    target.clone()
                } else {
                    format!("#/components/schemas/{}", escape(target))
                };
                let Some(name) = super::resolve::Resolver::component_schema_name(&reference) else {
                    continue;
                };
                let Some(&tid) = self.components.get(&name) else {
                    continue;
                };
                let ident = scope.claim(&naming::variant_ident(value));
                variants.push(TaggedVariant {
                    ident,
                    docs: Docs(format!("Selected by `{tag}` = `{value}`.")),
                    tags: vec![value.clone()],
                    ty: TypeRef::Named(tid),
                    payload_has_tag: true,
                });
            }
        }
        let other = scope.claim("Unknown");
        Some(TaggedDef {
            tag,
            variants,
            other,
        })
    }

    fn infer_tag(&self, member_parts: &[(Option<String>, ObjectParts<'a>)]) -> Option<String> {
        let (_, first) = member_parts.first()?;
        'candidates: for name in first.props.keys() {
            let mut values = HashSet::new();
            for (_, parts) in member_parts {
                match self.const_of(parts, name) {
                    Some(v) => {
                        if !values.insert(v) {
                            continue 'candidates;
                        }
                    }
                    None => continue 'candidates,
                }
            }
            return Some(name.clone());
        }
        None
    }

    /// The single string value property `name` is fixed to, if any.
    fn const_of(&self, parts: &ObjectParts<'a>, name: &str) -> Option<String> {
        let src = parts.props.get(name)?;
        let (schema, _) = self.resolver.schema(src.schema).ok()?;
        let values = View::of(schema).string_enum()?;
        match values.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    fn variant_name_for(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.type_ident(*id),
            TypeRef::Prim(p) => match p {
                Prim::String => "String",
                Prim::Bool => "Boolean",
                Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 => "Integer",
                Prim::F32 | Prim::F64 => "Number",
                Prim::Uuid => "Uuid",
                Prim::DateTime => "DateTime",
                Prim::Date => "Date",
                Prim::Base64 | Prim::Binary => "Bytes",
                Prim::Json => "Json",
                Prim::JsonObject => "Object",
                Prim::Unit => "Unit",
            }
            .to_owned(),
            TypeRef::Vec(inner) => format!("{}List", self.variant_name_for(inner)),
            TypeRef::Map(inner) => format!("{}Map", self.variant_name_for(inner)),
            TypeRef::Option(inner) | TypeRef::Tristate(inner) | TypeRef::Boxed(inner) => {
                self.variant_name_for(inner)
            }
        }
    }

    /// A short human description of a type, for generated docs.
    pub(crate) fn describe(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => format!("`{}`", self.type_ident(*id)),
            TypeRef::Prim(p) => match p {
                Prim::String => "string",
                Prim::Bool => "boolean",
                Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 => "integer",
                Prim::F32 | Prim::F64 => "number",
                Prim::Uuid => "UUID",
                Prim::DateTime => "date-time",
                Prim::Date => "date",
                Prim::Base64 | Prim::Binary => "bytes",
                Prim::Json => "JSON",
                Prim::JsonObject => "JSON object",
                Prim::Unit => "empty",
            }
            .to_owned(),
            TypeRef::Vec(inner) => format!("list of {}", self.describe(inner)),
            TypeRef::Map(inner) => format!("map of {}", self.describe(inner)),
            TypeRef::Option(inner) | TypeRef::Tristate(inner) | TypeRef::Boxed(inner) => {
                self.describe(inner)
            }
        }
    }
}

/// Builds a field from its presence rule: the heart of nullable vs optional.
fn make_field(
    ident: String,
    wire: &str,
    lowered: Lowered,
    required: bool,
    docs: Docs,
    deprecated: bool,
) -> Field {
    // A JSON value carries its own `null`: wrapping it would give two
    // spellings of null. Absent stays distinct as `Option::None`.
    let json = lowered.ty == TypeRef::Prim(Prim::Json);
    let inner = Box::new(lowered.ty);
    let (ty, presence, mut serde) = match (required, lowered.nullable) {
        (true, false) => (*inner, Presence::Required, FieldSerde::default()),
        (true, true) if json => (*inner, Presence::RequiredNullable, FieldSerde::default()),
        (false, true) if json => (
            TypeRef::Option(inner),
            Presence::OptionalNullable,
            FieldSerde {
                default: true,
                skip_if: Some(SkipIf::OptionIsNone),
                keep_null: true,
                ..FieldSerde::default()
            },
        ),
        // `None` must reach the wire as `null`: no skip attribute.
        (true, true) => (
            TypeRef::Option(inner),
            Presence::RequiredNullable,
            FieldSerde::default(),
        ),
        (false, false) => (
            TypeRef::Option(inner),
            Presence::Optional,
            FieldSerde {
                default: true,
                skip_if: Some(SkipIf::OptionIsNone),
                ..FieldSerde::default()
            },
        ),
        // Absent, null and value are three different requests.
        (false, true) => (
            TypeRef::Tristate(inner),
            Presence::OptionalNullable,
            FieldSerde {
                default: true,
                skip_if: Some(SkipIf::TristateIsAbsent),
                ..FieldSerde::default()
            },
        ),
    };
    if naming::bare(&ident) != wire {
        serde.rename = Some(wire.to_owned());
    }
    let note = match presence {
        Presence::RequiredNullable if json => {
            Some("Required, and may be null (`serde_json::Value::Null`).")
        }
        Presence::OptionalNullable if json => Some(
            "Optional and nullable: `None` leaves it out of the request, `Some(Value::Null)` sends `null`.",
        ),
        Presence::RequiredNullable => Some("Required, and may be null: `None` is sent as `null`."),
        Presence::OptionalNullable => Some(
            "Optional and nullable: `Absent` leaves it out of the request, `Null` sends `null`.",
        ),
        Presence::Required | Presence::Optional => None,
    };
    let docs = match note {
        Some(n) => Docs(format!("{}\n\n{n}", docs.0)),
        None => docs,
    };
    Field {
        name: Name {
            ident,
            wire: wire.to_owned(),
        },
        docs,
        ty,
        presence,
        serde,
        deprecated,
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

fn untagged_rank(t: &TypeRef) -> u8 {
    match t {
        TypeRef::Prim(Prim::Json | Prim::JsonObject) => 9,
        TypeRef::Prim(Prim::String) => 5,
        TypeRef::Prim(Prim::F32 | Prim::F64) => 4,
        _ => 0,
    }
}

/// The Rust type for a scalar schema.
pub(crate) fn prim_for(view: &View<'_>) -> Prim {
    match view.ty {
        Some("string") => match view.format {
            Some("uuid") => Prim::Uuid,
            Some("date-time") => Prim::DateTime,
            Some("date") => Prim::Date,
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
        Some("number") => match view.format {
            Some("float") => Prim::F32,
            _ => Prim::F64,
        },
        Some("boolean") => Prim::Bool,
        Some("object") => Prim::JsonObject,
        _ => Prim::Json,
    }
}

fn string_enum(values: &[String]) -> EnumDef<String> {
    let mut scope = Scope::new(Case::Pascal);
    let variants: Vec<EnumVariant<String>> = values
        .iter()
        .map(|v| EnumVariant {
            ident: scope.claim(&naming::variant_ident(v)),
            value: v.clone(),
            docs: Docs(format!("`{}`", docs::code(v))),
        })
        .collect();
    EnumDef {
        variants,
        other: catch_all(&mut scope),
    }
}

fn int_enum(values: &[i64], names: &[String]) -> EnumDef<i64> {
    let mut scope = Scope::new(Case::Pascal);
    let variants = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let candidate = match names.get(i) {
                Some(n) => naming::type_ident(n, "Value"),
                None => naming::variant_ident(&v.to_string()),
            };
            EnumVariant {
                ident: scope.claim(&candidate),
                value: *v,
                docs: Docs(format!("`{v}`")),
            }
        })
        .collect();
    EnumDef {
        variants,
        other: catch_all(&mut scope),
    }
}

fn catch_all(scope: &mut Scope) -> String {
    for c in ["Unknown", "Other", "UnknownValue"] {
        if !scope.contains(c) {
            return scope.claim(c);
        }
    }
    scope.claim("UnknownValue")
}

/// `x-enum-varnames` / `x-enumNames`, when they match the values one to one.
fn enum_var_names(schema: &Schema, len: usize) -> Vec<String> {
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

/// Docs for a named type: title and description.
pub(crate) fn schema_docs(schema: &Schema) -> Docs {
    let d = &schema.schema_data;
    Docs(docs::join(&[d.description.as_deref()]))
}

/// Escapes a name for use in a JSON pointer.
pub(crate) fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn same_ref(mapping_target: &str, reference: &str) -> bool {
    if mapping_target == reference {
        return true;
    }
    // Mapping values may be bare schema names.
    !mapping_target.starts_with('#')
        && super::resolve::Resolver::component_schema_name(reference).as_deref()
            == Some(mapping_target)
}
