//! Which group features compile each type: a type is gated by the groups
//! whose operations reach it, and compiled always when anything outside
//! the groups reaches it (or nothing does).

use super::Lowerer;
use super::passes::roots;
use crate::ir::*;

impl Lowerer<'_> {
    /// Sets every type's [`Gate`]. What a type contains is reached by at
    /// least the groups that reach the type, so a compiled type never
    /// names one that is not.
    pub(super) fn gate_types(&mut self) {
        let groups = self.groups.len();
        if groups == 0 {
            return;
        }
        let mut always: Vec<TypeRef> = self.webhook_payloads.clone();
        always.extend(self.error_bodies.iter().map(|e| e.ty.clone()));
        let mut by_group: Vec<Vec<TypeRef>> = vec![Vec::new(); groups];
        for op in &self.ops {
            let (sent, received) = roots(op);
            let into = match op.group {
                Some(g) => &mut by_group[g.0],
                None => &mut always,
            };
            into.extend(sent);
            into.extend(received);
        }
        let reached: Vec<Vec<bool>> = by_group.iter().map(|r| self.reach(r)).collect();
        // A schema no operation uses is still part of the API's types.
        always.extend(
            (0..self.types.len())
                .filter(|&i| !reached.iter().any(|r| r[i]))
                .map(|i| TypeRef::Named(TypeId(i))),
        );
        let always = self.reach(&always);
        for (i, def) in self.types.iter_mut().enumerate() {
            let by: Vec<GroupId> = (0..groups)
                .filter(|&g| reached[g][i])
                .map(GroupId)
                .collect();
            let every = by.len() == groups;
            def.gate = match NonEmpty::from_vec(by) {
                Some(by) if !always[i] && !every => Gate::Any(by),
                _ => Gate::Always,
            };
        }
    }
}
