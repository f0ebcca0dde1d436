//! Resource namespaces: each group path (a tag and its 3.2 `parent`s, or a
//! list-valued `x-fern-sdk-group-name`) becomes a handle on the client or
//! on its parent namespace, and each grouped operation's method moves into
//! it, named without the words its group says.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use super::Lowerer;
use crate::ir::*;
use crate::naming::{self, CLIENT_METHODS, CLIENT_RS_NAMES, Placed, Scope};
use crate::settings::{ClientLayout, ClientSettings};

/// A namespace being built: its path, parent and operations.
struct Node {
    parent: Option<usize>,
    ops: Vec<usize>,
    children: Vec<usize>,
}

impl Lowerer<'_> {
    /// Builds the namespaces and sets each operation's [`Home`], from the
    /// group path of each operation (`paths`, parallel to the operations).
    pub(super) fn namespaces(
        &mut self,
        paths: &[Vec<String>],
        client: &ClientSettings,
        published: &BTreeSet<String>,
    ) -> Vec<Namespace> {
        if client.layout == ClientLayout::Flat {
            return Vec::new();
        }
        let mut nodes: IndexMap<&[String], Node> = IndexMap::new();
        for (i, path) in paths.iter().enumerate() {
            for depth in 1..=path.len() {
                let parent = (depth > 1).then(|| nodes.get_index_of(&path[..depth - 1]));
                let len = nodes.len();
                let entry = nodes.entry(&path[..depth]).or_insert(Node {
                    parent: parent.flatten(),
                    ops: Vec::new(),
                    children: Vec::new(),
                });
                if depth == path.len() {
                    entry.ops.push(i);
                }
                if nodes.len() > len
                    && let Some(Some(p)) = parent
                {
                    nodes[p].children.push(len);
                }
            }
        }
        // `Client` keeps its own methods and the ungrouped operations.
        let ungrouped = paths
            .iter()
            .zip(&self.ops)
            .filter(|(p, _)| p.is_empty())
            .map(|(_, op)| op.name.bare().to_owned());
        let mut client_scope = Scope::snake()
            .with_fallback("group")
            .reserving(CLIENT_METHODS)
            .reserving(ungrouped);
        let mut child_scopes: Vec<Scope> = vec![Scope::snake().with_fallback("group"); nodes.len()];
        let mut types = Scope::types().reserving(CLIENT_RS_NAMES);
        let mut out = Vec::with_capacity(nodes.len());
        for (path, node) in &nodes {
            let title = path.last().map(String::as_str).unwrap_or_default();
            let accessor = match node.parent {
                None => client_scope.claim_with_suffix(title, "_api"),
                Some(p) => child_scopes[p].claim(title),
            };
            out.push(Namespace {
                accessor,
                ty: types.claim(&path.join(" ")),
                parent: node.parent.map(NamespaceId),
                docs: self.namespace_docs(title),
                gate: Gate::Always,
            });
        }
        for (n, (_, node)) in nodes.iter().enumerate() {
            let accessors: Vec<&str> = node
                .children
                .iter()
                .map(|&c| out[c].accessor.bare())
                .collect();
            let placed: Vec<Placed<'_>> = node
                .ops
                .iter()
                .map(|&i| Placed {
                    flat: self.ops[i].name.bare(),
                    path: &paths[i],
                })
                .collect();
            let methods = naming::namespace_methods(&placed, &accessors);
            for (&i, method) in node.ops.iter().zip(methods) {
                let flat = self.ops[i].name.bare();
                let forwarder = client.deprecated_forwarders
                    && published.contains(flat)
                    && !client_scope.is_taken(flat);
                self.ops[i].home = Home::Namespace {
                    id: NamespaceId(n),
                    method,
                    forwarder,
                };
            }
        }
        let gates = self.namespace_gates(&nodes.values().map(|n| n.parent).collect::<Vec<_>>());
        for (ns, gate) in out.iter_mut().zip(gates) {
            ns.gate = gate;
        }
        out
    }

    /// Each namespace's gate: the groups of the operations in it and in
    /// the namespaces nested in it.
    fn namespace_gates(&self, parents: &[Option<usize>]) -> Vec<Gate> {
        let mut groups: Vec<BTreeSet<GroupId>> = vec![BTreeSet::new(); parents.len()];
        for op in &self.ops {
            let (Home::Namespace { id, .. }, Some(g)) = (&op.home, op.group) else {
                continue;
            };
            let mut at = Some(id.0);
            while let Some(n) = at {
                groups[n].insert(g);
                at = parents[n];
            }
        }
        groups
            .into_iter()
            .map(|g| match NonEmpty::from_vec(g.into_iter().collect()) {
                Some(any) => Gate::Any(any),
                None => Gate::Always,
            })
            .collect()
    }

    /// "Operations of the `Phone Numbers` group.", then what the spec's tag
    /// of that name says.
    fn namespace_docs(&self, title: &str) -> Docs {
        let head = Docs::sentence()
            .lit("Operations of the ")
            .code(title)
            .lit(" group.")
            .done();
        let tag = self.api.tags.iter().find(|t| t.name == title);
        match tag.and_then(|t| t.description.as_deref()) {
            Some(d) => head.then(Docs::line(d)),
            None => head,
        }
    }
}

/// An operation's group path, outermost first: a list-valued
/// `x-fern-sdk-group-name`, or its first tag after that tag's `parent`s.
pub(super) fn group_path(
    op: &openapiv3::Operation,
    parents: &IndexMap<String, String>,
) -> Vec<String> {
    let clean = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
    match op.extensions.get("x-fern-sdk-group-name") {
        Some(serde_json::Value::String(g)) => return clean(g).into_iter().collect(),
        Some(serde_json::Value::Array(gs)) => {
            return gs
                .iter()
                .filter_map(serde_json::Value::as_str)
                .filter_map(clean)
                .collect();
        }
        _ => {}
    }
    let Some(tag) = op.tags.first().and_then(|t| clean(t)) else {
        return Vec::new();
    };
    let mut path = vec![tag];
    // A parent chain that loops stops where it would repeat.
    while let Some(parent) = path.last().and_then(|t| parents.get(t))
        && !path.contains(parent)
        && !parent.trim().is_empty()
    {
        path.push(parent.clone());
    }
    path.reverse();
    path
}
