//! The types being lowered. A slot is reserved (its name claimed) before
//! its shape is known, so that references, recursive ones included, can
//! point at it; lowering fills it once. [`Arena::finish`] hands over only
//! complete types, so no half-made type can reach the IR.

use crate::diagnostics::Diagnostic;
use crate::ir::{Docs, Name, TypeId, TypeKind};

/// Reserved and filled types, by [`TypeId`].
#[derive(Debug, Default)]
pub(crate) struct Arena {
    slots: Vec<Slot>,
}

#[derive(Debug)]
struct Slot {
    name: Name,
    shape: Option<(TypeKind, Docs)>,
}

/// A finished type before the whole-API analyses: its name, the spec's
/// docs and its shape.
#[derive(Debug, Clone)]
pub(crate) struct Shaped {
    pub(crate) name: Name,
    pub(crate) docs: Docs,
    pub(crate) kind: TypeKind,
}

impl Arena {
    /// A new slot named `name`, to be filled later.
    pub(crate) fn reserve(&mut self, name: Name) -> TypeId {
        self.slots.push(Slot { name, shape: None });
        TypeId(self.slots.len() - 1)
    }

    /// Gives slot `id` its shape.
    pub(crate) fn fill(&mut self, id: TypeId, kind: TypeKind, docs: Docs) {
        self.slots[id.0].shape = Some((kind, docs));
    }

    /// The name of slot `id`.
    pub(crate) fn name(&self, id: TypeId) -> &Name {
        &self.slots[id.0].name
    }

    /// The shape of slot `id`, once filled.
    pub(crate) fn kind(&self, id: TypeId) -> Option<&TypeKind> {
        self.slots.get(id.0)?.shape.as_ref().map(|(k, _)| k)
    }

    /// The complete types, or an internal error for each slot left empty
    /// (a generator bug), at the spec location it was reserved for.
    pub(crate) fn finish(self) -> Result<Vec<Shaped>, Vec<Diagnostic>> {
        let mut done = Vec::with_capacity(self.slots.len());
        let mut unfilled = Vec::new();
        for Slot { name, shape } in self.slots {
            match shape {
                Some((kind, docs)) => done.push(Shaped { name, docs, kind }),
                None => unfilled.push(
                    Diagnostic::error(
                        name.wire.clone(),
                        format!(
                            "internal error: type `{}` was reserved but never lowered",
                            name.ident.bare()
                        ),
                    )
                    .with_help("please report this with the spec that triggered it"),
                ),
            }
        }
        if unfilled.is_empty() {
            Ok(done)
        } else {
            Err(unfilled)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naming::Scope;

    fn name(ident: &str, wire: &str) -> Name {
        Name {
            ident: Scope::types().claim(ident),
            wire: wire.to_owned(),
        }
    }

    #[test]
    fn a_slot_left_empty_is_an_error_at_its_location() {
        let mut a = Arena::default();
        let filled = a.reserve(name("A", "#/components/schemas/A"));
        a.reserve(name("B", "#/components/schemas/B"));
        a.fill(
            filled,
            TypeKind::Alias(crate::ir::TypeRef::Prim(crate::ir::Prim::Json)),
            Docs::none(),
        );
        let errors = a.finish().expect_err("B is empty");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer.as_str(), "#/components/schemas/B");
        assert!(
            errors[0]
                .message
                .contains("`B` was reserved but never lowered"),
            "{}",
            errors[0].message
        );
    }
}
