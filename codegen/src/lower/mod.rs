//! Spec → IR. Every decision is made here: names (paired with wire names),
//! types, field presence, boxing of recursive types, which structs keep
//! unknown properties, method names, retry classes, diagnostics.
//!
//! Schemas: [`plan`] decides what a schema becomes, [`unions`] plans and
//! builds `oneOf`/`anyOf`, [`fields`] builds structs and enums.
//! Operations: [`operations`] (methods), [`parameters`], [`bodies`],
//! [`responses`], [`auth`]. Types are reserved and filled in an
//! [`arena`]; when every schema and operation is lowered, the whole-API
//! analyses ([`passes`], [`builders`], [`groups`]) return side tables and
//! [`assemble`] builds the IR's types from the finished shapes and them.

mod arena;
mod assemble;
mod auth;
mod bodies;
mod builders;
mod events;
mod example;
mod fields;
mod groups;
mod namespaces;
mod objects;
mod operations;
mod package;
mod pagination;
mod parameters;
pub(crate) mod passes;
mod plan;
mod primitives;
pub(crate) mod resolve;
mod responses;
mod unions;
mod webhooks;

use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::*;
use crate::naming::{self, Scope};
use crate::normalize::Normalized;
use crate::settings::{CrateLayout, RuntimeSource, Settings};
pub(crate) use plan::Lowered;
use resolve::Resolver;

/// The Rust type of every schema position (by JSON pointer), recorded
/// for conformance checks of the spec's examples.
pub(crate) type Positions = BTreeMap<String, TypeRef>;

/// Lowers a normalized document into the IR, and with `positions` the type
/// of every schema position. Problems go to `diags`; `None` when lowering
/// could not finish a type (a generator bug, reported there).
pub(crate) fn lower(
    n: &Normalized,
    settings: &Settings,
    positions: bool,
    diags: &mut Diagnostics,
) -> Option<(Api, Positions)> {
    let mut l = Lowerer::new(&n.api);
    l.op_settings = settings.operations.clone();
    l.tag_parents = n.tag_parents.clone();
    if positions {
        l.positions = Some(BTreeMap::new());
    }
    let component_names: Vec<String> = n
        .api
        .components
        .as_ref()
        .map(|c| c.schemas.keys().cloned().collect())
        .unwrap_or_default();
    l.find_multipart_bodies();
    // Components claim their names first, in spec order, so a schema keeps
    // its own name and inline types adapt around it.
    let fastapi_bodies = fastapi_body_names(&n.api);
    for name in &component_names {
        let at = Resolver::component_pointer(name);
        let hint = fastapi_bodies.get(name).unwrap_or(name);
        let id = l.reserve_type(hint, &at);
        l.components.insert(name.clone(), id);
    }
    for name in &component_names {
        let id = l.components[name];
        l.lower_component(name, id);
    }
    let schemes = l.schemes();
    l.operations(&schemes);
    let webhooks = l.webhooks(&n.webhooks, settings.webhooks.as_ref());
    let paths = std::mem::take(&mut l.group_paths);
    let namespaces = l.namespaces(&paths, &settings.client, &settings.published_methods);
    let types = finish(&mut l);

    let krate = crate_info(n, settings, &mut l.diags);
    let base_url = n
        .api
        .servers
        .first()
        .map(|s| s.url.trim_end_matches('/').to_owned())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let server_docs = match &base_url {
        Some(u) => Docs::sentence()
            .lit("Requests go to ")
            .code(u)
            .lit(" unless [`ClientBuilder::base_url`] says otherwise.")
            .done(),
        None => Docs::lit("The spec names no server: set one with [`ClientBuilder::base_url`]."),
    };
    diags.extend(std::mem::take(&mut l.diags));
    let types = types?;
    let example = l.example(
        &types,
        &krate.package.replace('-', "_"),
        schemes.default.is_some(),
        &namespaces,
    );
    let positions = l.positions.take().unwrap_or_default();
    let api = Api {
        krate,
        docs: Docs::join(&[n.api.info.description.as_deref()]),
        base_url,
        server_docs,
        schemes: schemes.list,
        default_scheme: schemes.default,
        types,
        operations: l.ops,
        groups: l.groups,
        namespaces,
        error_bodies: l.error_bodies,
        webhooks,
        example,
    };
    Some((api, positions))
}

/// The IR's types: the arena's finished shapes, with the side tables of
/// the whole-API analyses. `None` (errors recorded) when a slot was never
/// filled.
fn finish(l: &mut Lowerer<'_>) -> Option<Vec<TypeDef>> {
    let mut shaped = match std::mem::take(&mut l.types).finish() {
        Ok(shaped) => shaped,
        Err(unfilled) => {
            unfilled.into_iter().for_each(|d| l.diags.push(d));
            return None;
        }
    };
    passes::break_alias_cycles(&mut shaped, &mut l.diags);
    let mut received = l.webhook_payloads.clone();
    received.extend(l.error_bodies.iter().map(|e| e.ty.clone()));
    let directions = builders::directions(&shaped, &l.ops, &received);
    let tables = assemble::Tables {
        recursion: passes::Recursion::of(&shaped),
        builders: builders::builders(&shaped, &directions),
        gates: groups::gates(&shaped, &l.ops, l.groups.len(), received),
        directions,
    };
    Some(assemble::assemble(shaped, tables))
}

/// FastAPI names each form or multipart body schema `Body_<operationId>`,
/// and its operationIds end with the path and method: such a schema is
/// named after the operation's readable name instead
/// (`AddRulesToThePronunciationDictionaryBody`).
fn fastapi_body_names(api: &OpenAPI) -> HashMap<String, String> {
    let Some(components) = &api.components else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for (path, item) in api.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (key, op) in item.iter() {
            let (Some(id), Some(method)) = (&op.operation_id, Method::from_key(key)) else {
                continue;
            };
            let body = format!("Body_{id}");
            if components.schemas.contains_key(&body) {
                let readable = naming::readable_operation_id(id, method, path);
                out.insert(body, format!("{readable} body"));
            }
        }
    }
    out
}

fn crate_info(n: &Normalized, settings: &Settings, diags: &mut Diagnostics) -> CrateInfo {
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
    let meta = package::metadata(
        &package,
        &n.api,
        n.license_id.as_deref(),
        &settings.package,
        diags,
    );
    let description = match &settings.package.description {
        Some(d) => Docs::line(d),
        None => Docs::sentence()
            .lit("Async Rust client for the ")
            .docs(&Docs::line(&info.title))
            .lit(if says_api(&info.title) { "" } else { " API" })
            .done(),
    };
    CrateInfo {
        user_agent: format!("{package}-rust"),
        description,
        meta,
        package,
        version,
        title: Docs::line(&info.title),
        api_version: info.version.clone(),
        api_key_env,
        regenerate_command: settings.regenerate_command.clone(),
        spec_path: settings
            .spec_display_path
            .clone()
            .unwrap_or_else(|| "the OpenAPI spec".to_owned()),
        standalone: settings.layout == CrateLayout::Standalone,
        runtime: match &settings.runtime {
            RuntimeSource::Bundled => RuntimeDependency {
                path: Some("runtime".to_owned()),
                bundled: true,
            },
            RuntimeSource::Path(p) => RuntimeDependency {
                path: Some(p.clone()),
                bundled: false,
            },
            RuntimeSource::Registry => RuntimeDependency {
                path: None,
                bundled: false,
            },
        },
    }
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
    types: arena::Arena,
    type_names: Scope,
    components: IndexMap<String, TypeId>,
    /// Inline schemas already lowered, by spec location.
    inline_cache: HashMap<String, Lowered>,
    /// Inline schemas being lowered, to stop a schema that contains itself.
    lowering: HashSet<String>,
    ops: Vec<Operation>,
    /// The API's groups, filled with the operations.
    groups: Vec<Group>,
    /// Names of the module-level functions of `client.rs` (decoders).
    functions: Scope,
    /// Pointers of the schemas sent as multipart bodies: their fields with
    /// `format: binary` are files.
    multipart_bodies: HashSet<String>,
    /// Names in the `requests` module: each operation's request type and
    /// its parameters struct.
    request_names: Scope,
    /// The types of webhook payloads (received by the user).
    webhook_payloads: Vec<TypeRef>,
    /// The type of every schema position, when examples are collected.
    positions: Option<BTreeMap<String, TypeRef>>,
    error_bodies: Vec<ErrorBodyVariant>,
    error_body_scope: Scope,
    /// The settings file's decisions about operations.
    op_settings: crate::settings::OperationSettings,
    /// 3.2 tag nesting, child → parent.
    tag_parents: IndexMap<String, String>,
    /// Each operation's group path (outermost first), parallel to `ops`.
    group_paths: Vec<Vec<String>>,
}

impl<'a> Lowerer<'a> {
    fn new(api: &'a OpenAPI) -> Self {
        Self {
            api,
            resolver: Resolver::new(api),
            diags: Diagnostics::new(),
            types: arena::Arena::default(),
            type_names: Scope::types(),
            components: IndexMap::new(),
            inline_cache: HashMap::new(),
            lowering: HashSet::new(),
            ops: Vec::new(),
            groups: Vec::new(),
            functions: Scope::snake().with_fallback("decode"),
            multipart_bodies: HashSet::new(),
            request_names: Scope::types().reserving(["OperationRequest", "ApiResponse", "Call"]),
            webhook_payloads: Vec::new(),
            positions: None,
            error_bodies: Vec::new(),
            error_body_scope: Scope::variants(),
            op_settings: crate::settings::OperationSettings::default(),
            tag_parents: IndexMap::new(),
            group_paths: Vec::new(),
        }
    }

    /// Claims a type name derived from `hint` and reserves a slot for it,
    /// empty until [`Lowerer::fill`] gives it a shape.
    fn reserve_type(&mut self, hint: &str, at: &Pointer) -> TypeId {
        let ident = self.type_names.claim(hint);
        self.types.reserve(Name {
            ident,
            wire: at.as_str().to_owned(),
        })
    }

    fn fill(&mut self, id: TypeId, kind: TypeKind, docs: Docs) {
        self.types.fill(id, kind, docs);
    }

    fn type_ident(&self, id: TypeId) -> Ident {
        self.types.name(id).ident.clone()
    }
}

/// True when a title already calls itself an API (`Example Platform API`,
/// `Notion API v1`, `REST APIs`), so prose does not say "API API".
fn says_api(title: &str) -> bool {
    title
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("api") || w.eq_ignore_ascii_case("apis"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_versions() {
        assert_eq!(semver_or_default("1.0.0"), "1.0.0");
        assert_eq!(semver_or_default("1.2.3-beta.1"), "1.2.3-beta.1");
        assert_eq!(semver_or_default("v3"), "0.1.0");
        assert_eq!(semver_or_default("2023-01-01"), "0.1.0");
        assert_eq!(semver_or_default("01.0.0"), "0.1.0");
    }

    #[test]
    fn a_title_that_says_api_is_not_followed_by_api() {
        assert!(says_api("Example Platform API"));
        assert!(says_api("Notion API v1"));
        assert!(says_api("Acme REST APIs"));
        assert!(!says_api("Stripe"));
        assert!(!says_api("Rapid Pipeline"));
    }
}
