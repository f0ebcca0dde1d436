//! Gathering an object schema's parts: its properties (with where each
//! was written), which are required, and what it says of unlisted ones,
//! through everything it `allOf`s. Planning decides from these whether a
//! schema is a struct; building a struct reads them.

use std::collections::HashSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::Lowerer;
use super::resolve::{SRef, View};
use crate::diagnostics::{Diagnostic, Pointer};

/// Properties gathered from an object schema and everything it `allOf`s.
#[derive(Default, Clone)]
pub(super) struct ObjectParts<'a> {
    pub(super) props: IndexMap<String, PropSource<'a>>,
    pub(super) required: HashSet<String>,
    pub(super) additional: Additional<'a>,
}

#[derive(Clone)]
pub(super) struct PropSource<'a> {
    pub(super) schema: SRef<'a>,
    pub(super) at: Pointer,
    /// The component the property was written in, when it is not the type
    /// being built (names its inline types after where they live).
    pub(super) owner: Option<String>,
}

/// Problems found while gathering object parts; the caller reports them or,
/// when it is only probing, drops them.
pub(super) type Notes = Vec<Diagnostic>;

#[derive(Default, Clone)]
pub(super) enum Additional<'a> {
    /// Not said: open, so unknown keys are kept.
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
    /// The object parts of `s`, reporting what cannot be merged.
    pub(super) fn object_parts(&mut self, s: SRef<'a>, at: &Pointer) -> ObjectParts<'a> {
        let mut parts = ObjectParts::default();
        let mut notes = Notes::new();
        self.collect_object(s, at, None, &mut parts, &mut HashSet::new(), &mut notes);
        for n in notes {
            self.diags.push(n);
        }
        parts
    }

    /// Gathers properties of `s` and of everything it `allOf`s, in order.
    /// Reads only: problems go to `notes`.
    pub(super) fn collect_object(
        &self,
        s: SRef<'a>,
        at: &Pointer,
        owner: Option<String>,
        parts: &mut ObjectParts<'a>,
        seen: &mut HashSet<String>,
        notes: &mut Notes,
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
                        notes.push(Diagnostic::error(at.as_str(), e.message()));
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
                ReferenceOr::Item(m) => View::of(m),
                ReferenceOr::Reference { .. } => View::default(),
            };
            let is_ref = matches!(member, ReferenceOr::Reference { .. });
            if is_ref || member_view.is_object_like() || !member_view.all_of.is_empty() {
                self.collect_object(member.into(), &member_at, owner.clone(), parts, seen, notes);
            } else if !member_view.is_annotation_only()
                && member_view.additional.is_none()
                && !self.constrains_only(&member_view)
            {
                notes.push(Diagnostic::warning(
                    member_at.as_str(),
                    "an `allOf` member that is not an object cannot be merged into a struct; it is ignored",
                ));
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
        let closed = match view.additional {
            Some(AdditionalProperties::Any(false)) => true,
            Some(AdditionalProperties::Schema(s)) => forbids_everything(s.as_ref()),
            _ => false,
        };
        match view.additional {
            _ if closed => {
                if matches!(parts.additional, Additional::Unspecified) {
                    parts.additional = Additional::Closed;
                }
            }
            Some(AdditionalProperties::Any(_)) => parts.additional = Additional::Any,
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
}

/// `{not: {}}`, the schema no value matches: what normalizing makes of a
/// boolean `false` schema, such as `additionalProperties: false`.
fn forbids_everything(s: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = s else {
        return false;
    };
    match &schema.schema_kind {
        openapiv3::SchemaKind::Not { not } => match not.as_ref() {
            ReferenceOr::Item(inner) => {
                let view = View::of(inner);
                view.is_annotation_only() && !view.has_not
            }
            ReferenceOr::Reference { .. } => false,
        },
        _ => false,
    }
}
