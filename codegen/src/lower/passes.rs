//! Passes over the whole lowered API: alias cycles, and boxing inside
//! cycles of types.

use super::Lowerer;
use super::resolve;
use crate::ir::*;

impl Lowerer<'_> {
    /// A cycle of aliases (`A = B`, `B = A`) names no type at all.
    pub(super) fn check_alias_cycles(&mut self) {
        for start in 0..self.types.len() {
            let mut seen = vec![start];
            let mut cur = start;
            while let TypeKind::Alias(TypeRef::Named(next)) = &self.types[cur].kind {
                let next = next.0;
                if next == start {
                    let chain: Vec<String> = seen
                        .iter()
                        .chain(std::iter::once(&start))
                        .map(|i| self.types[*i].name.wire.clone())
                        .collect();
                    self.diags.error(
                        self.types[start].name.wire.clone(),
                        resolve::RefError::Cycle(chain).message(),
                    );
                    // Break it so later passes terminate.
                    self.types[start].kind = TypeKind::Alias(TypeRef::Prim(Prim::Json));
                    break;
                }
                if seen.contains(&next) {
                    break;
                }
                seen.push(next);
                cur = next;
            }
        }
    }

    /// Boxes every direct reference that stays inside a cycle of types, and
    /// turns recursive aliases into newtypes (Rust aliases cannot recurse).
    pub(super) fn box_recursion(&mut self) {
        let n = self.types.len();
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                let mut out = Vec::new();
                for_each_ref(&self.types[i].kind, &mut |t| {
                    direct_in(t, &mut |id| out.push(id.0))
                });
                if let TypeKind::Alias(t) | TypeKind::Newtype(t) = &self.types[i].kind {
                    // Any reference back to an alias makes it recursive,
                    // even through a container.
                    named_in(t, &mut |id| out.push(id.0));
                }
                out
            })
            .collect();
        let scc = tarjan(&edges);
        for i in 0..n {
            let cyclic = edges[i].iter().any(|&j| scc[j] == scc[i]);
            if !cyclic {
                continue;
            }
            if let TypeKind::Alias(t) = &self.types[i].kind {
                self.types[i].kind = TypeKind::Newtype(t.clone());
            }
            let same = |id: TypeId| scc[id.0] == scc[i];
            map_refs(&mut self.types[i].kind, &mut |t| box_direct(t, &same));
        }
    }
}

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
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Pending => {}
    }
}

fn map_refs(kind: &mut TypeKind, f: &mut dyn FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|field| f(&mut field.ty)),
        TypeKind::Tagged(t) => t.variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Untagged(u) => u.variants.iter_mut().for_each(|v| f(&mut v.ty)),
        TypeKind::Newtype(t) => f(t),
        TypeKind::Alias(_)
        | TypeKind::StringEnum(_)
        | TypeKind::IntEnum(_)
        | TypeKind::Responses(_)
        | TypeKind::Events(_)
        | TypeKind::Pending => {}
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
fn direct_in(t: &TypeRef, f: &mut dyn FnMut(TypeId)) {
    match t {
        TypeRef::Named(id) => f(*id),
        TypeRef::Option(i) | TypeRef::Tristate(i) => direct_in(i, f),
        TypeRef::Prim(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Boxed(_) => {}
    }
}

fn box_direct(t: &mut TypeRef, same: &dyn Fn(TypeId) -> bool) {
    match t {
        TypeRef::Named(id) if same(*id) => {
            *t = TypeRef::Boxed(Box::new(TypeRef::Named(*id)));
        }
        TypeRef::Option(i) | TypeRef::Tristate(i) => box_direct(i, same),
        _ => {}
    }
}

/// Strongly connected components (iterative Tarjan); returns a component
/// number per node.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if *ei < edges[v].len() {
                let w = edges[v][*ei];
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarjan_finds_cycles() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 alone
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
