//! Spec → IR. Every decision is made here: names (paired with wire names),
//! types, field presence, boxing of recursive types, which structs keep
//! unknown properties, method names, retry classes, diagnostics.

mod operations;
pub(crate) mod resolve;
mod schemas;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::docs;
use crate::ir::*;
use crate::naming::{self, Case, Scope};
use crate::normalize::Normalized;
use crate::settings::{CrateLayout, Settings};
use resolve::Resolver;
pub(crate) use schemas::Lowered;

/// Lowers a normalized document into the IR. Problems go to `diags`.
pub fn lower(n: &Normalized, settings: &Settings, diags: &mut Diagnostics) -> Api {
    let mut l = Lowerer::new(&n.api);
    let component_names: Vec<String> = n
        .api
        .components
        .as_ref()
        .map(|c| c.schemas.keys().cloned().collect())
        .unwrap_or_default();
    // Components claim their names first, in spec order, so a schema keeps
    // its own name and inline types adapt around it.
    for name in &component_names {
        let at = Resolver::component_pointer(name);
        let id = l.reserve_type(name, &at);
        l.components.insert(name.clone(), id);
    }
    for name in &component_names {
        let id = l.components[name];
        l.lower_component(name, id);
    }
    let auth = l.auth();
    l.operations(auth.is_some());
    l.webhooks(&n.webhooks);
    l.check_alias_cycles();
    l.keep_unknown_properties();
    l.box_recursion();

    let info = &n.api.info;
    let package = settings
        .crate_name
        .clone()
        .unwrap_or_else(|| naming::package_name(&info.title));
    let version = settings
        .crate_version
        .clone()
        .unwrap_or_else(|| semver_or_default(&info.version));
    let api_key_env = settings
        .api_key_env
        .clone()
        .unwrap_or_else(|| naming::api_key_env(&package));
    // Spec text, so shown only in sanitized form.
    let title = docs::line(&info.title);
    let krate = CrateInfo {
        user_agent: format!("{package}-rust"),
        description: one_line(&format!(
            "Async Rust client for the {} API",
            docs::code(&info.title)
        )),
        package,
        version,
        title,
        api_version: docs::code(&info.version),
        api_key_env,
        regenerate_command: settings.regenerate_command.clone(),
        spec_path: settings
            .spec_display_path
            .clone()
            .unwrap_or_else(|| "the OpenAPI spec".to_owned()),
        standalone: settings.layout == CrateLayout::Standalone,
    };
    let base_url = n
        .api
        .servers
        .first()
        .map(|s| s.url.trim_end_matches('/').to_owned())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    diags.extend(std::mem::take(&mut l.diags));
    let example = l.example(&krate.package.replace('-', "_"), auth.is_some());
    Api {
        krate,
        docs: Docs(docs::join(&[info.description.as_deref()])),
        base_url,
        auth,
        types: l.types,
        operations: l.ops,
        error_bodies: l.error_bodies,
        example,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('"', "'")
}

/// `info.version` when it is `MAJOR.MINOR.PATCH` (with an optional
/// pre-release), else `0.1.0`.
fn semver_or_default(v: &str) -> String {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    let ok = parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    if ok { v.to_owned() } else { "0.1.0".to_owned() }
}

/// Lowering state.
pub(crate) struct Lowerer<'a> {
    api: &'a OpenAPI,
    resolver: Resolver<'a>,
    diags: Diagnostics,
    types: Vec<TypeDef>,
    type_names: Scope,
    components: IndexMap<String, TypeId>,
    /// Inline schemas already lowered, by spec location.
    inline_cache: HashMap<String, Lowered>,
    /// Inline schemas being lowered, to stop a schema that contains itself.
    lowering: HashSet<String>,
    /// Structs whose schema did not say whether unknown properties exist.
    open_structs: Vec<TypeId>,
    /// Field-name scopes of structs, to add fields later without clashes.
    field_scopes: HashMap<TypeId, Scope>,
    /// Types the client receives (responses, errors, webhook payloads).
    received: Vec<TypeRef>,
    ops: Vec<Operation>,
    error_bodies: Vec<ErrorBodyVariant>,
    error_body_scope: Scope,
}

impl<'a> Lowerer<'a> {
    fn new(api: &'a OpenAPI) -> Self {
        Self {
            api,
            resolver: Resolver::new(api),
            diags: Diagnostics::new(),
            types: Vec::new(),
            type_names: Scope::new(Case::Pascal),
            components: IndexMap::new(),
            inline_cache: HashMap::new(),
            lowering: HashSet::new(),
            open_structs: Vec::new(),
            field_scopes: HashMap::new(),
            received: Vec::new(),
            ops: Vec::new(),
            error_bodies: Vec::new(),
            error_body_scope: Scope::new(Case::Pascal),
        }
    }

    /// Claims a type name derived from `hint` and reserves a slot for it.
    fn reserve_type(&mut self, hint: &str, at: &Pointer) -> TypeId {
        let ident = self.type_names.claim(&naming::type_ident(hint, "Type"));
        self.types.push(TypeDef {
            name: Name {
                ident,
                wire: at.as_str().to_owned(),
            },
            docs: Docs::default(),
            kind: TypeKind::Alias(TypeRef::Prim(Prim::Json)),
        });
        TypeId(self.types.len() - 1)
    }

    fn fill(&mut self, id: TypeId, kind: TypeKind, docs: Docs) {
        let def = &mut self.types[id.0];
        def.kind = kind;
        // `missing_docs` is denied in generated crates: every type says
        // at least where it comes from.
        def.docs = if docs.is_empty() {
            let from = docs::sanitize(&def.name.wire.replace('`', "'"));
            Docs(format!("Generated from `{from}`."))
        } else {
            docs
        };
    }

    fn type_ident(&self, id: TypeId) -> String {
        self.types[id.0].name.ident.clone()
    }

    /// A doctest-ready call of the first operation whose arguments can be
    /// written without knowing the API: path parameters get placeholder
    /// values, parameter structs and bodies their `Default`, with the first
    /// optional text field of the body set.
    fn example(&self, lib: &str, has_auth: bool) -> Option<String> {
        'ops: for op in &self.ops {
            let mut args = Vec::new();
            for p in &op.path_params {
                args.push(match &p.ty {
                    TypeRef::Prim(Prim::String) => "\"example-id\"".to_owned(),
                    TypeRef::Prim(Prim::Uuid) => "uuid::Uuid::nil()".to_owned(),
                    TypeRef::Prim(Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64) => "1".to_owned(),
                    TypeRef::Prim(Prim::Bool) => "true".to_owned(),
                    _ => continue 'ops,
                });
            }
            if let Some(p) = &op.params {
                if !p.all_optional {
                    continue;
                }
                args.push(format!(
                    "&{lib}::types::{}::default()",
                    self.type_ident(p.ty)
                ));
            }
            let mut setup = String::new();
            if let Some(b) = &op.body {
                match (&b.encoding, &b.ty) {
                    (BodyEncoding::Json, TypeRef::Named(id)) => {
                        let TypeKind::Struct(s) = &self.types[id.0].kind else {
                            continue;
                        };
                        if !s.default {
                            continue;
                        }
                        let name = self.type_ident(*id);
                        let text_field = s.fields.iter().find(|f| {
                            matches!(&f.ty, TypeRef::Tristate(t) | TypeRef::Option(t) if **t == TypeRef::Prim(Prim::String))
                        });
                        match text_field {
                            Some(f) => {
                                let value = match f.presence {
                                    Presence::OptionalNullable => {
                                        format!("{lib}::Tristate::Value(\"example\".to_owned())")
                                    }
                                    _ => "Some(\"example\".to_owned())".to_owned(),
                                };
                                setup = format!(
                                    "let body = {lib}::types::{name} {{\n    {}: {value},\n    ..Default::default()\n}};\n",
                                    f.name.ident
                                );
                            }
                            None => {
                                setup = format!("let body = {lib}::types::{name}::default();\n")
                            }
                        }
                        args.push(if b.required {
                            "&body".to_owned()
                        } else {
                            "Some(&body)".to_owned()
                        });
                    }
                    _ => continue,
                }
            }
            let client = if has_auth {
                format!("let client = {lib}::Client::from_env()?;")
            } else {
                format!("let client = {lib}::Client::new();")
            };
            return Some(format!(
                "# async fn example() -> Result<(), {lib}::Error> {{\n{client}\n{setup}let response = client.{}({}).await?;\nprintln!(\"{{response:?}}\");\n# Ok(())\n# }}",
                op.name,
                args.join(", ")
            ));
        }
        None
    }

    /// A cycle of aliases (`A = B`, `B = A`) names no type at all.
    fn check_alias_cycles(&mut self) {
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

    /// Structs the client receives keep properties the spec does not list
    /// (a flattened map), so reading and writing back loses nothing.
    fn keep_unknown_properties(&mut self) {
        let mut reachable = vec![false; self.types.len()];
        let mut stack: Vec<TypeId> = Vec::new();
        for root in &self.received {
            named_in(root, &mut |id| stack.push(id));
        }
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut reachable[id.0], true) {
                continue;
            }
            for_each_ref(&self.types[id.0].kind, &mut |t| {
                named_in(t, &mut |n| stack.push(n))
            });
        }
        for id in std::mem::take(&mut self.open_structs) {
            if !reachable[id.0] {
                continue;
            }
            let scope = self
                .field_scopes
                .entry(id)
                .or_insert_with(|| Scope::new(Case::Snake));
            let ident = scope.claim("additional_properties");
            if let TypeKind::Struct(s) = &mut self.types[id.0].kind {
                s.extra = Some(ExtraField {
                    ident,
                    value: TypeRef::Prim(Prim::Json),
                    docs: Docs(
                        "Properties the schema does not list, kept as received so that writing \
                         this value back loses nothing."
                            .to_owned(),
                    ),
                });
            }
        }
    }

    /// Boxes every direct reference that stays inside a cycle of types, and
    /// turns recursive aliases into newtypes (Rust aliases cannot recurse).
    fn box_recursion(&mut self) {
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
fn for_each_ref(kind: &TypeKind, f: &mut dyn FnMut(&TypeRef)) {
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
        TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
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
        | TypeKind::Responses(_) => {}
    }
}

/// Every named type inside `t`, through any wrapper.
fn named_in(t: &TypeRef, f: &mut dyn FnMut(TypeId)) {
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

    #[test]
    fn semver_versions() {
        assert_eq!(semver_or_default("1.0.0"), "1.0.0");
        assert_eq!(semver_or_default("1.2.3-beta.1"), "1.2.3-beta.1");
        assert_eq!(semver_or_default("v3"), "0.1.0");
        assert_eq!(semver_or_default("2023-01-01"), "0.1.0");
        assert_eq!(semver_or_default("01.0.0"), "0.1.0");
    }
}
