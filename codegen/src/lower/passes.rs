//! Analyses of the finished type graph that need the whole API: cycles of
//! aliases (an error, broken before anything else looks), and which types
//! sit in a cycle and so need boxing (a side table that assembly applies).

use super::arena::Shaped;
use super::resolve;
use crate::diagnostics::Diagnostics;
use crate::ir::walk::{direct_in, for_each_ref, map_refs, named_in};
use crate::ir::*;

/// A cycle of aliases (`A = B`, `B = A`) names no type at all: reported,
/// and broken (the first alias becomes a JSON value) so that every later
/// analysis terminates.
pub(super) fn break_alias_cycles(types: &mut [Shaped], diags: &mut Diagnostics) {
    for start in 0..types.len() {
        let mut seen = vec![start];
        let mut cur = start;
        while let TypeKind::Alias(TypeRef::Named(next)) = &types[cur].kind {
            let next = next.0;
            if next == start {
                let chain: Vec<String> = seen
                    .iter()
                    .chain(std::iter::once(&start))
                    .map(|i| types[*i].name.wire.clone())
                    .collect();
                diags.error(
                    types[start].name.wire.clone(),
                    resolve::RefError::Cycle(chain).message(),
                );
                types[start].kind = TypeKind::Alias(TypeRef::Prim(Prim::Json));
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

/// Which types are recursive: each type's strongly connected component,
/// and whether it refers to its own component.
pub(super) struct Recursion {
    component: Vec<usize>,
    cyclic: Vec<bool>,
}

impl Recursion {
    /// The recursion of `types`: a type is cyclic when a reference it
    /// holds inline (or, for an alias, any reference) leads back to it.
    pub(super) fn of(types: &[Shaped]) -> Self {
        let edges: Vec<Vec<usize>> = types
            .iter()
            .map(|t| {
                let mut out = Vec::new();
                for_each_ref(&t.kind, &mut |r| direct_in(r, &mut |id| out.push(id.0)));
                if let TypeKind::Alias(r) | TypeKind::Newtype(r) = &t.kind {
                    // Any reference back to an alias makes it recursive,
                    // even through a container.
                    named_in(r, &mut |id| out.push(id.0));
                }
                out
            })
            .collect();
        let component = tarjan(&edges);
        let cyclic = edges
            .iter()
            .enumerate()
            .map(|(i, out)| out.iter().any(|&j| component[j] == component[i]))
            .collect();
        Recursion { component, cyclic }
    }

    /// Type `id`'s shape with recursion made finite: every inline reference
    /// that stays in its cycle boxed, and a recursive alias a newtype (Rust
    /// aliases cannot recurse).
    pub(super) fn apply(&self, id: TypeId, mut kind: TypeKind) -> TypeKind {
        let i = id.0;
        if !self.cyclic[i] {
            return kind;
        }
        if let TypeKind::Alias(t) = kind {
            kind = TypeKind::Newtype(t);
        }
        let same = |other: TypeId| self.component[other.0] == self.component[i];
        map_refs(&mut kind, &mut |t| box_direct(t, &same));
        kind
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
