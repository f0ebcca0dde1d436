//! Which group features compile each type: a type is gated by the groups
//! whose operations reach it, and compiled always when anything outside
//! the groups reaches it (or nothing does).

use super::arena::Shaped;
use super::builders::reached;
use crate::ir::walk::roots;
use crate::ir::*;

/// Every type's [`Gate`], by type, for an API of `groups` groups. What a
/// type contains is reached by at least the groups that reach the type, so
/// a compiled type never names one that is not. `always` are the roots
/// compiled whatever the features (webhook payloads, error bodies).
pub(super) fn gates(
    types: &[Shaped],
    ops: &[Operation],
    groups: usize,
    mut always: Vec<TypeRef>,
) -> Vec<Gate> {
    if groups == 0 {
        return vec![Gate::Always; types.len()];
    }
    let mut by_group: Vec<Vec<TypeRef>> = vec![Vec::new(); groups];
    for op in ops {
        let (sent, received) = roots(op);
        let into = match op.group {
            Some(g) => &mut by_group[g.0],
            None => &mut always,
        };
        into.extend(sent);
        into.extend(received);
    }
    let reached_by: Vec<Vec<bool>> = by_group.iter().map(|r| reached(types, r)).collect();
    // A schema no operation uses is still part of the API's types.
    always.extend(
        (0..types.len())
            .filter(|&i| !reached_by.iter().any(|r| r[i]))
            .map(|i| TypeRef::Named(TypeId(i))),
    );
    let always = reached(types, &always);
    (0..types.len())
        .map(|i| {
            let by: Vec<GroupId> = (0..groups)
                .filter(|&g| reached_by[g][i])
                .map(GroupId)
                .collect();
            let every = by.len() == groups;
            match NonEmpty::from_vec(by) {
                Some(by) if !always[i] && !every => Gate::Any(by),
                _ => Gate::Always,
            }
        })
        .collect()
}
