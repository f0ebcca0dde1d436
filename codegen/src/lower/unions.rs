//! `oneOf`/`anyOf` → enums. A union is first *planned* by reading the spec
//! only (`&self`: no names claimed, nothing cached, no diagnostics), then
//! built; so a plan that fails leaves no half-built state behind for the
//! fallback. Plans, in order: all-string members become one string enum; a
//! discriminator (or a property every member fixes to a distinct constant)
//! gives a tagged union; anything else is untagged, tried in order.

use std::collections::HashSet;

use super::Lowerer;
use super::plan::{
    Lowered, Notes, ObjectParts, UnionInput, escape, schema_docs, wrap_nullable_item,
};
use super::resolve::{Resolver, SRef, View};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::*;
use crate::naming::Scope;

/// A union that can be told apart by a tag property.
struct TaggedPlan<'a> {
    tag: String,
    variants: Vec<VariantPlan<'a>>,
    /// Mapping entries that name component schemas outside the member list.
    extra: Vec<(String, TypeId)>,
    /// Members left out because every tag value they had selects an
    /// earlier variant.
    shadowed: Vec<(Pointer, String)>,
}

struct VariantPlan<'a> {
    /// Index in the spec's member list.
    index: usize,
    member: SRef<'a>,
    tags: NonEmpty<String>,
    parts: ObjectParts<'a>,
    shape: VariantShape<'a>,
}

/// How a variant's payload type is made.
enum VariantShape<'a> {
    /// A struct of its own: the member merged with the shared properties,
    /// less the tag.
    Merged,
    /// An inline member with the tag among its properties: its struct leaves
    /// the tag to the union (no one-value enum is made for it).
    InlineWithoutTag(&'a openapiv3::Schema),
    /// The member's own type; `has_tag` if that type carries the tag.
    Own { has_tag: bool },
}

/// Why a union cannot be tagged.
struct NotTagged {
    at: Pointer,
    why: String,
}

impl<'a> Lowerer<'a> {
    /// Builds the union for slot `id`.
    pub(super) fn build_union(&mut self, id: TypeId, input: UnionInput<'a>) -> TypeKind {
        let parent = self.type_ident(id);
        let parent = parent.as_str();
        if input.common.is_empty()
            && let Some(values) = self.all_string_members(&input.members)
        {
            // Members that are all strings (enums or free text) are one enum:
            // the catch-all variant carries the free text.
            return if values.is_empty() {
                TypeKind::Alias(TypeRef::Prim(Prim::String))
            } else {
                TypeKind::StringEnum(super::fields::string_enum(&values))
            };
        }
        match self.plan_tagged(&input) {
            Ok(plan) => TypeKind::Tagged(self.build_tagged(parent, &input, plan)),
            Err(not) => {
                if let Some(d) = input.discriminator {
                    self.diags.push(Diagnostic::warning(
                        not.at.as_str(),
                        format!(
                            "the discriminator `{}` cannot select a variant: {}; the variants are told apart by trying each in order",
                            d.property_name, not.why
                        ),
                    ));
                }
                if input.common.is_empty() {
                    self.untagged(parent, &input)
                } else {
                    self.distributed_untagged(parent, &input)
                }
            }
        }
    }

    /// Reads the members and decides every tag, or says why there is none.
    fn plan_tagged(&self, input: &UnionInput<'a>) -> Result<TaggedPlan<'a>, NotTagged> {
        let at = |i: usize| input.member_ptr.index(i);
        let mut member_parts = Vec::new();
        for &(i, m) in &input.members {
            let not_object = || NotTagged {
                at: at(i),
                why: "this member is not an object".to_owned(),
            };
            let (schema, name) = self.resolver.schema(m).map_err(|_| not_object())?;
            let view = View::of(schema);
            if !view.is_object_like() && view.all_of.is_empty() {
                return Err(not_object());
            }
            let parts = self.parts_with_common(m, &at(i), &input.common, &mut Notes::new());
            member_parts.push((name, parts));
        }
        let tag = match input.discriminator {
            Some(d) => d.property_name.clone(),
            None => self.infer_tag(&member_parts).ok_or_else(|| NotTagged {
                at: input.member_ptr.clone(),
                why: "no property tells the members apart".to_owned(),
            })?,
        };
        let tag_values = self.tag_values(input, &tag, &member_parts);
        let mut taken: HashSet<String> = HashSet::new();
        let mut plan = TaggedPlan {
            tag: tag.clone(),
            variants: Vec::new(),
            extra: Vec::new(),
            shadowed: Vec::new(),
        };
        for ((&(i, m), (_, parts)), values) in
            input.members.iter().zip(member_parts).zip(tag_values)
        {
            if values.is_empty() {
                return Err(NotTagged {
                    at: at(i),
                    why: format!(
                        "this member has no `{tag}` value of its own (no mapping entry, constant or schema name)"
                    ),
                });
            }
            // Each value selects one variant: the first to claim it.
            let free: Vec<String> = values
                .into_iter()
                .filter(|v| taken.insert(v.clone()))
                .collect();
            let Some(tags) = NonEmpty::from_vec(free) else {
                plan.shadowed.push((at(i), tag.clone()));
                continue;
            };
            let has_tag = parts.props.contains_key(&tag);
            let shape = match m {
                _ if !input.common.is_empty() => VariantShape::Merged,
                SRef::Item(schema) if has_tag && View::of(schema).properties.is_some() => {
                    VariantShape::InlineWithoutTag(schema)
                }
                _ => VariantShape::Own { has_tag },
            };
            plan.variants.push(VariantPlan {
                index: i,
                member: m,
                tags,
                parts,
                shape,
            });
        }
        // Mapping entries naming schemas outside the members are variants too.
        if let Some(d) = input.discriminator {
            for (value, target) in &d.mapping {
                if taken.contains(value) {
                    continue;
                }
                let reference = mapping_reference(target);
                let Some(name) = Resolver::component_schema_name(&reference) else {
                    continue;
                };
                if let Some(&tid) = self.components.get(&name) {
                    taken.insert(value.clone());
                    plan.extra.push((value.clone(), tid));
                }
            }
        }
        Ok(plan)
    }

    /// The tag values of each member: its mapping entries (authoritative),
    /// else the constant it fixes the tag to, else (with a discriminator)
    /// its schema name.
    fn tag_values(
        &self,
        input: &UnionInput<'a>,
        tag: &str,
        member_parts: &[(Option<String>, ObjectParts<'a>)],
    ) -> Vec<Vec<String>> {
        let d = input.discriminator;
        input
            .members
            .iter()
            .zip(member_parts)
            .map(|(&(_, m), (name, parts))| {
                let mut values: Vec<String> = Vec::new();
                if let (Some(d), SRef::Ref(r)) = (d, m) {
                    for (value, target) in &d.mapping {
                        if same_ref(target, r) {
                            values.push(value.clone());
                        }
                    }
                }
                if values.is_empty()
                    && let Some(v) = self.const_of(parts, tag)
                {
                    values.push(v);
                }
                if values.is_empty()
                    && d.is_some()
                    && let Some(n) = name
                {
                    values.push(n.clone());
                }
                values
            })
            .collect()
    }

    fn build_tagged(
        &mut self,
        parent: &str,
        input: &UnionInput<'a>,
        plan: TaggedPlan<'a>,
    ) -> TaggedDef {
        let TaggedPlan {
            tag,
            variants: planned,
            extra,
            shadowed,
        } = plan;
        for (at, tag) in shadowed {
            self.diags.warning(
                at.as_str(),
                format!("every `{tag}` value of this member already selects an earlier variant; the member is left out of the union"),
            );
        }
        let mut scope = Scope::variants();
        let mut variants = Vec::new();
        for v in planned {
            let hint = format!("{parent} {}", v.tags.first());
            let at = input.member_ptr.index(v.index);
            let member_docs = || match self.resolver.schema(v.member) {
                Ok((schema, _)) => schema_docs(schema),
                Err(_) => Docs::none(),
            };
            let (ty, payload_has_tag) = match v.shape {
                VariantShape::Merged => {
                    let docs = member_docs();
                    (
                        self.variant_struct(&hint, &at, v.parts, Some(&tag), docs),
                        false,
                    )
                }
                VariantShape::InlineWithoutTag(schema) => {
                    let ty =
                        self.variant_struct(&hint, &at, v.parts, Some(&tag), schema_docs(schema));
                    let lowered = Lowered {
                        ty: ty.clone(),
                        nullable: schema.schema_data.nullable,
                    };
                    self.inline_cache.insert(at.as_str().to_owned(), lowered);
                    (ty, false)
                }
                VariantShape::Own { has_tag } => {
                    let lowered = self.lower_schema(v.member, &hint, &at);
                    (wrap_nullable_item(lowered), has_tag)
                }
            };
            variants.push(TaggedVariant {
                ident: scope.claim(v.tags.first()),
                docs: selected_by(&tag, &v.tags),
                tags: v.tags,
                ty,
                payload_has_tag,
            });
        }
        for (value, tid) in extra {
            let tags = NonEmpty::new(value);
            variants.push(TaggedVariant {
                ident: scope.claim(tags.first()),
                docs: selected_by(&tag, &tags),
                tags,
                ty: TypeRef::Named(tid),
                payload_has_tag: true,
            });
        }
        let other = scope.claim_catch_all();
        TaggedDef {
            other_docs: Docs::sentence()
                .lit("An object whose ")
                .code(&tag)
                .lit(" this version of the SDK does not know, kept whole.")
                .done(),
            tag,
            variants,
            other,
        }
    }

    /// A struct for one variant of a union, from its own properties and the
    /// shared ones, less the tag the union handles (if any).
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

    /// An untagged union of the members' own types, tried in order.
    fn untagged(&mut self, parent: &str, input: &UnionInput<'a>) -> TypeKind {
        // (type, variant name from the member's title, if it has one)
        let mut variants: Vec<(TypeRef, Option<String>)> = Vec::new();
        for (n, &(i, member)) in input.members.iter().enumerate() {
            let title = match member {
                SRef::Item(s) => s.schema_data.title.clone(),
                SRef::Ref(_) => None,
            };
            let hint = match &title {
                Some(t) => format!("{parent} {t}"),
                None => format!("{parent} variant {}", n + 1),
            };
            let lowered = self.lower_schema(member, &hint, &input.member_ptr.index(i));
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
        let mut scope = Scope::variants();
        let variants = variants
            .into_iter()
            .map(|(ty, title)| {
                let ident = match title.filter(|t| t.chars().any(|c| c.is_ascii_alphanumeric())) {
                    Some(t) => scope.claim(&t),
                    None => scope.claim(&self.variant_name_for(&ty)),
                };
                UntaggedVariant {
                    ident,
                    docs: Docs::none(),
                    ty,
                }
            })
            .collect();
        TypeKind::Untagged(UntaggedDef { variants })
    }

    /// An untagged union whose variants each merge one member with the
    /// shared properties.
    fn distributed_untagged(&mut self, parent: &str, input: &UnionInput<'a>) -> TypeKind {
        let mut scope = Scope::variants();
        let mut variants = Vec::new();
        for (n, &(i, m)) in input.members.iter().enumerate() {
            let at = input.member_ptr.index(i);
            let (name, docs) = match self.resolver.schema(m) {
                Ok((schema, name)) => (
                    name.or_else(|| schema.schema_data.title.clone()),
                    schema_docs(schema),
                ),
                Err(_) => (None, Docs::none()),
            };
            let label = name.unwrap_or_else(|| format!("variant {}", n + 1));
            // The member's own problems were reported where it is defined;
            // the shared parts' are this union's.
            let mut notes = Notes::new();
            let mut parts = ObjectParts::default();
            let mut seen = HashSet::new();
            self.collect_object(m, &at, None, &mut parts, &mut seen, &mut Notes::new());
            for (c, c_at) in &input.common {
                self.collect_object(*c, c_at, None, &mut parts, &mut seen, &mut notes);
            }
            for note in notes {
                self.diags.push(note);
            }
            let ty = self.variant_struct(&format!("{parent} {label}"), &at, parts, None, docs);
            variants.push(UntaggedVariant {
                ident: scope.claim(&label),
                docs: Docs::none(),
                ty,
            });
        }
        TypeKind::Untagged(UntaggedDef { variants })
    }

    /// A member's properties plus the shared ones.
    fn parts_with_common(
        &self,
        member: SRef<'a>,
        at: &Pointer,
        common: &[(SRef<'a>, Pointer)],
        notes: &mut Notes,
    ) -> ObjectParts<'a> {
        let mut parts = ObjectParts::default();
        let mut seen = HashSet::new();
        self.collect_object(member, at, None, &mut parts, &mut seen, notes);
        for (c, c_at) in common {
            self.collect_object(*c, c_at, None, &mut parts, &mut seen, notes);
        }
        parts
    }

    fn all_string_members(&self, members: &[(usize, SRef<'a>)]) -> Option<Vec<String>> {
        let mut values = Vec::new();
        for (_, m) in members {
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

    /// A property every member fixes to a distinct constant.
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

    /// A variant name for an untyped member: its type's name or kind.
    fn variant_name_for(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.type_ident(*id).as_str().to_owned(),
            TypeRef::Prim(p) => match p {
                Prim::String => "String",
                Prim::Bool => "Boolean",
                Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 => "Integer",
                Prim::F64 => "Number",
                Prim::Uuid => "Uuid",
                Prim::DateTime => "DateTime",
                Prim::Date => "Date",
                Prim::Time => "Time",
                Prim::Base64 | Prim::Binary => "Bytes",
                Prim::Json => "Json",
                Prim::JsonObject => "Object",
            }
            .to_owned(),
            TypeRef::Vec(inner) => format!("{}List", self.variant_name_for(inner)),
            TypeRef::Map(inner) => format!("{}Map", self.variant_name_for(inner)),
            TypeRef::Option(inner) | TypeRef::Tristate(inner) | TypeRef::Boxed(inner) => {
                self.variant_name_for(inner)
            }
        }
    }
}

/// "Selected by `kind` = `dog` or `hound`."
fn selected_by(tag: &str, tags: &NonEmpty<String>) -> Docs {
    Docs::sentence()
        .lit("Selected by ")
        .code(tag)
        .lit(" = ")
        .codes(tags.iter().map(String::as_str), " or ")
        .lit(".")
        .done()
}

fn untagged_rank(t: &TypeRef) -> u8 {
    match t {
        TypeRef::Prim(Prim::Json | Prim::JsonObject) => 9,
        TypeRef::Prim(Prim::String) => 5,
        TypeRef::Prim(Prim::F64) => 4,
        _ => 0,
    }
}

/// A mapping target as a reference (mapping values may be bare names).
fn mapping_reference(target: &str) -> String {
    if target.starts_with('#') {
        target.to_owned()
    } else {
        format!("#/components/schemas/{}", escape(target))
    }
}

fn same_ref(mapping_target: &str, reference: &str) -> bool {
    if mapping_target == reference {
        return true;
    }
    // Mapping values may be bare schema names.
    !mapping_target.starts_with('#')
        && Resolver::component_schema_name(reference).as_deref() == Some(mapping_target)
}
