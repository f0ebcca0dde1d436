//! Which way each type travels (sent in requests, received in responses and
//! webhooks), and the constructor and setters of every struct that is
//! sent. Structs are `#[non_exhaustive]`, so these are how callers build
//! them, and a new optional field breaks no one.

use super::Lowerer;
use super::passes::{for_each_ref, named_in};
use crate::ir::*;
use crate::naming::Scope;

/// Inherent method names a setter must not take: `new`, and the methods
/// of the traits the struct derives or users call on it.
const TAKEN_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "fmt",
    "eq",
    "ne",
    "hash",
    "default",
    "serialize",
    "deserialize",
    "to_owned",
    "to_string",
    "into",
    "from",
    "try_into",
    "try_from",
    "borrow",
    "borrow_mut",
    "type_id",
    "as_ref",
    "as_mut",
];

/// Which way a type travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Direction {
    pub(super) sent: bool,
    pub(super) received: bool,
}

impl Lowerer<'_> {
    /// The direction of every type: from the request bodies and parameters
    /// (sent), and the responses and webhook payloads (received), through
    /// every type they contain. A type nothing refers to may go either way.
    pub(super) fn directions(&self, ops: &[Operation]) -> Vec<Direction> {
        let mut sent = Vec::new();
        let mut received: Vec<TypeRef> = self.webhook_payloads.clone();
        for op in ops {
            if let Some(b) = &op.body {
                sent.push(b.ty.clone());
            }
            for f in op.params.iter().flat_map(|p| &p.fields) {
                sent.push(f.ty.clone());
            }
            sent.extend(op.path_params.iter().map(|p| p.ty.clone()));
            match &op.responses.success {
                SuccessType::Single(BodyKind::Json(t)) => received.push(t.clone()),
                SuccessType::Single(_) => {}
                SuccessType::Enum(id) => received.push(TypeRef::Named(*id)),
            }
        }
        received.extend(self.error_bodies.iter().map(|e| e.ty.clone()));
        let reach = |roots: &[TypeRef]| {
            let mut seen = vec![false; self.types.len()];
            let mut stack: Vec<TypeId> = Vec::new();
            for r in roots {
                named_in(r, &mut |id| stack.push(id));
            }
            while let Some(id) = stack.pop() {
                if std::mem::replace(&mut seen[id.0], true) {
                    continue;
                }
                for_each_ref(&self.types[id.0].kind, &mut |t| {
                    named_in(t, &mut |n| stack.push(n))
                });
            }
            seen
        };
        let (s, r) = (reach(&sent), reach(&received));
        s.into_iter()
            .zip(r)
            .map(|(sent, received)| match (sent, received) {
                (false, false) => Direction {
                    sent: true,
                    received: true,
                },
                (sent, received) => Direction { sent, received },
            })
            .collect()
    }

    /// Gives every struct that is sent its constructor and setters.
    pub(super) fn add_builders(&mut self, directions: &[Direction]) {
        for (def, dir) in self.types.iter_mut().zip(directions) {
            if let TypeKind::Struct(s) = &mut def.kind
                && s.serde
                && dir.sent
            {
                s.builder = Some(builder_for(s));
            }
        }
    }
}

fn builder_for(s: &StructDef) -> Builder {
    let mut scope = Scope::snake().reserving(TAKEN_METHODS);
    let new = scope.claim("new");
    let sets: Vec<Ident> = s
        .fields
        .iter()
        .map(|f| scope.claim_with_suffix(f.name.ident.bare(), "_value"))
        .collect();
    let setters = s
        .fields
        .iter()
        .zip(sets)
        .map(|(f, set)| {
            let nullable = matches!(
                f.encoding,
                FieldEncoding::RequiredNullable
                    | FieldEncoding::OptionalNullable
                    | FieldEncoding::OptionalJson
            );
            Setter {
                clear: nullable.then(|| scope.claim(&format!("clear_{}", f.name.ident.bare()))),
                taking: if f.ty == TypeRef::Prim(Prim::String) {
                    Taking::IntoString
                } else {
                    Taking::Value
                },
                set,
            }
        })
        .collect();
    let required = s
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.encoding.is_optional())
        .map(|(i, _)| i)
        .collect();
    Builder {
        new,
        required,
        setters,
        extra: s.extra.as_ref().map(|_| scope.claim("additional_property")),
    }
}
