//! Walks over the IR's type graph: the references a type holds, the named
//! types inside a reference, and what an operation sends and receives.
//! Lowering's analyses and `check` both use them.

use super::*;

/// Calls `f` with every type reference held by `kind`.
pub(crate) fn for_each_ref(kind: &TypeKind, f: &mut dyn FnMut(&TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                f(&field.ty);
            }
            if let Some(e) = &s.extra {
                f(&e.value);
            }
        }
        TypeKind::Tagged(t) => t.variants.iter().for_each(|v| f(&v.ty)),
        TypeKind::Untagged(u) => u.variants.iter().for_each(|v| f(&v.ty)),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => f(t),
        TypeKind::Responses(v) => v.iter().filter_map(|v| v.ty.as_ref()).for_each(f),
        TypeKind::Events(e) => e.variants.iter().filter_map(|v| v.ty.as_ref()).for_each(f),
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
    }
}

/// Calls `f` with every reference of `kind` that boxing may rewrite: the
/// fields and variants that hold a value inline.
pub(crate) fn map_refs(kind: &mut TypeKind, f: &mut dyn FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|field| f(&mut field.ty)),
        TypeKind::Tagged(t) => t.variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Untagged(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Newtype(t) => f(t),
        TypeKind::Alias(_)
        | TypeKind::StringEnum(_)
        | TypeKind::IntEnum(_)
        | TypeKind::Responses(_)
        | TypeKind::Events(_) => {}
    }
}

/// Every named type inside `t`, through any wrapper.
pub(crate) fn named_in(t: &TypeRef, f: &mut dyn FnMut(TypeId)) {
    match t {
        TypeRef::Named(id) => f(*id),
        TypeRef::Prim(_) => {}
        TypeRef::Vec(i)
        | TypeRef::Map(i)
        | TypeRef::Option(i)
        | TypeRef::Tristate(i)
        | TypeRef::Boxed(i) => named_in(i, f),
    }
}

/// Named types stored inline in `t` (not behind a `Vec`, map or `Box`).
pub(crate) fn direct_in(t: &TypeRef, f: &mut dyn FnMut(TypeId)) {
    match t {
        TypeRef::Named(id) => f(*id),
        TypeRef::Option(i) | TypeRef::Tristate(i) => direct_in(i, f),
        TypeRef::Prim(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Boxed(_) => {}
    }
}

/// Which types `roots` reach, through every type they contain, by index
/// into `kinds` (one kind per type, in `TypeId` order).
pub(crate) fn reach<'k>(
    kinds: &dyn Fn(TypeId) -> &'k TypeKind,
    count: usize,
    roots: &[TypeRef],
) -> Vec<bool> {
    let mut seen = vec![false; count];
    let mut stack: Vec<TypeId> = Vec::new();
    for r in roots {
        named_in(r, &mut |id| stack.push(id));
    }
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut seen[id.0], true) {
            continue;
        }
        for_each_ref(kinds(id), &mut |t| named_in(t, &mut |n| stack.push(n)));
    }
    seen
}

/// The types an operation sends (body and parameters) and receives (its
/// success response).
pub(crate) fn roots(op: &Operation) -> (Vec<TypeRef>, Vec<TypeRef>) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    if let Some(b) = &op.body {
        sent.push(b.ty.clone());
    }
    for f in op.params().into_iter().flat_map(|p| &p.fields) {
        sent.push(f.ty.clone());
    }
    sent.extend(op.path_params.iter().map(|p| p.ty.clone()));
    match &op.responses.success {
        SuccessType::Single(BodyKind::Json(t) | BodyKind::Events(EventData::Json(t))) => {
            received.push(t.clone())
        }
        SuccessType::Single(BodyKind::Events(EventData::ByName(id))) => {
            received.push(TypeRef::Named(*id))
        }
        SuccessType::Single(_) => {}
        SuccessType::Enum(id) => received.push(TypeRef::Named(*id)),
    }
    (sent, received)
}
