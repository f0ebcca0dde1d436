//! Which way each type travels (sent in requests, received in responses and
//! webhooks), and the constructor and setters of every struct that is
//! sent. Structs are `#[non_exhaustive]`, so these are how callers build
//! them, and a new optional field breaks no one.

use super::arena::Shaped;
use crate::ir::walk::{reach, roots};
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

/// Which types `roots` reach, by index into `types`.
pub(super) fn reached(types: &[Shaped], roots: &[TypeRef]) -> Vec<bool> {
    reach(&|id| &types[id.0].kind, types.len(), roots)
}

/// The direction of every type: from the request bodies and parameters
/// (sent), and the responses, error bodies and webhook payloads
/// (received), through every type they contain. A type nothing refers to
/// may go either way.
pub(super) fn directions(
    types: &[Shaped],
    ops: &[Operation],
    also_received: &[TypeRef],
) -> Vec<Direction> {
    let mut sent = Vec::new();
    let mut received: Vec<TypeRef> = also_received.to_vec();
    for op in ops {
        let (s, r) = roots(op);
        sent.extend(s);
        received.extend(r);
    }
    let (s, r) = (reached(types, &sent), reached(types, &received));
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

/// The constructor and setters of every struct that is sent, by type.
pub(super) fn builders(types: &[Shaped], directions: &[Direction]) -> Vec<Option<Builder>> {
    types
        .iter()
        .zip(directions)
        .map(|(t, dir)| match &t.kind {
            TypeKind::Struct(s) if s.serde && dir.sent => Some(builder_for(s)),
            _ => None,
        })
        .collect()
}

/// What a nullable field's states mean for a type that travels `dir`.
pub(super) fn presence_note(encoding: FieldEncoding, dir: Direction) -> Docs {
    let (sent, received) = (dir.sent, dir.received);
    Docs::lit(match (encoding, sent, received) {
        (FieldEncoding::OptionalNullable, true, false) => {
            "Optional and nullable: `Absent` leaves it out of the request, `Null` sends `null`."
        }
        (FieldEncoding::OptionalNullable, false, true) => {
            "Optional and nullable: `Absent` when the received JSON leaves it out, `Null` when it is `null`."
        }
        (FieldEncoding::OptionalNullable, ..) => {
            "Optional and nullable: `Absent` is a key left out (of a request, or of the received JSON), `Null` is `null`."
        }
        (FieldEncoding::RequiredNullable, true, false) => {
            "Required, and may be null: `None` is sent as `null`."
        }
        (FieldEncoding::RequiredNullable, false, true) => {
            "Required, and may be null: `null` is read as `None`."
        }
        (FieldEncoding::RequiredNullable, ..) => {
            "Required, and may be null: `None` is `null`, sent and received."
        }
        (FieldEncoding::OptionalJson, true, false) => {
            "Optional and nullable: `None` leaves it out of the request, `Some(Value::Null)` sends `null`."
        }
        (FieldEncoding::OptionalJson, false, true) => {
            "Optional and nullable: `None` when the received JSON leaves it out, `Some(Value::Null)` when it is `null`."
        }
        (FieldEncoding::OptionalJson, ..) => {
            "Optional and nullable: `None` is a key left out (of a request, or of the received JSON), `Some(Value::Null)` is `null`."
        }
        (FieldEncoding::Required | FieldEncoding::Optional, ..) => return Docs::none(),
    })
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
