//! Operations → client methods: gathering them in spec order, their names,
//! docs, retry classes and authentication; parameters, bodies and
//! responses are lowered by their own modules. Webhook payloads are types
//! the user receives.

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{Operation as SpecOp, Parameter, PathItem, ReferenceOr};

use super::Lowerer;
use super::parameters::OpNames;
use super::resolve::Resolver;
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::*;
use crate::naming::{self, MethodSource, Scope};

/// One operation as the spec has it, with where it is.
#[derive(Clone)]
pub(super) struct SpecOperation<'a> {
    /// The event-stream companion of an operation that answers with JSON
    /// or events: its success is the event stream.
    pub(super) events: bool,
    pub(super) path: &'a str,
    pub(super) method: Method,
    pub(super) op: &'a SpecOp,
    pub(super) item: &'a PathItem,
    pub(super) item_at: Pointer,
    pub(super) at: Pointer,
}

/// An operation's parameters by name and location, path-level ones
/// overridden by the operation's own.
pub(super) type ParamMap<'a> = IndexMap<(String, ParamLocation), (&'a Parameter, Pointer)>;

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self, schemes: &super::auth::Schemes) {
        let mut all: Vec<SpecOperation<'a>> = Vec::new();
        for (path, item) in self.api.paths.iter() {
            let at = Pointer::root().push("paths").push(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.diags.warning(
                        at.as_str(),
                        format!("path item `$ref: {reference}` is not supported; its operations are skipped"),
                    );
                    continue;
                }
            };
            for (key, op) in item.iter() {
                let Some(method) = Method::from_key(key) else {
                    continue;
                };
                all.push(SpecOperation {
                    events: false,
                    path,
                    method,
                    op,
                    item,
                    item_at: at.clone(),
                    at: at.push(key),
                });
            }
        }
        let sources: Vec<MethodSource<'_>> = all.iter().map(method_source).collect();
        let mut names = naming::method_names(&sources);
        self.report_repeated_ids(&all, &names);
        let mut group_of = self.name_groups(&all);
        self.event_companions(&mut all, &mut names, &mut group_of);
        let paths: Vec<Vec<String>> = all
            .iter()
            .map(|s| super::namespaces::group_path(s.op, &self.tag_parents))
            .collect();
        for (((spec, name), group), path) in all.iter().zip(names).zip(group_of).zip(paths) {
            if let Some(mut op) = self.operation(spec, name, schemes) {
                self.group_paths.push(path);
                op.group = group;
                if let Some(g) = group {
                    self.groups[g.0].operations += 1;
                }
                self.ops.push(op);
            }
        }
    }

    /// After each operation whose success is JSON or an event stream, its
    /// companion `<name>_stream`, which returns the events.
    fn event_companions(
        &self,
        all: &mut Vec<SpecOperation<'a>>,
        names: &mut Vec<Ident>,
        groups: &mut Vec<Option<GroupId>>,
    ) {
        let taken: Vec<&str> = names.iter().map(Ident::bare).collect();
        let mut scope = Scope::snake().reserving(&taken);
        let mut i = 0;
        while i < all.len() {
            if super::responses::offers_json_and_events(all[i].op, &self.resolver) {
                let name = scope.claim(&format!("{}_stream", names[i].bare()));
                let companion = SpecOperation {
                    events: true,
                    ..all[i].clone()
                };
                all.insert(i + 1, companion);
                names.insert(i + 1, name);
                groups.insert(i + 1, groups[i]);
                i += 1;
            }
            i += 1;
        }
    }

    /// Each operation's group: the first of `x-fern-sdk-group-name`, else
    /// its first tag. Groups are numbered in the order the spec first
    /// names them.
    fn name_groups(&mut self, all: &[SpecOperation<'a>]) -> Vec<Option<GroupId>> {
        let mut order: IndexMap<&str, ()> = IndexMap::new();
        let named: Vec<Option<&str>> = all.iter().map(|s| group_name(s.op)).collect();
        for g in named.iter().flatten() {
            order.insert(g, ());
        }
        let titles: Vec<&str> = order.keys().copied().collect();
        self.groups = naming::feature_names(&titles)
            .into_iter()
            .zip(&titles)
            .map(|(feature, title)| Group {
                feature,
                title: Docs::line(title),
                operations: 0,
            })
            .collect();
        named
            .iter()
            .map(|g| g.and_then(|g| order.get_index_of(g)).map(GroupId))
            .collect()
    }

    /// A repeated operationId is accepted (Fern scopes them per resource;
    /// large specs repeat them across versions), with a warning at each
    /// use saying which method it became.
    fn report_repeated_ids(&mut self, all: &[SpecOperation<'a>], names: &[Ident]) {
        let mut uses: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, spec) in all.iter().enumerate() {
            if let Some(id) = spec.op.operation_id.as_deref() {
                uses.entry(id).or_default().push(i);
            }
        }
        for (i, spec) in all.iter().enumerate() {
            let Some(id) = spec.op.operation_id.as_deref() else {
                continue;
            };
            let same = &uses[id];
            if same.len() < 2 {
                continue;
            }
            let others: Vec<&str> = same
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| all[j].at.as_str())
                .collect();
            self.diags.push(
                Diagnostic::warning(
                    spec.at.push("operationId").as_str(),
                    format!(
                        "operationId `{id}` is also used at {}; this operation's method is `{}`",
                        others.join(", "),
                        names[i]
                    ),
                )
                .with_help("operationIds should be unique; the method names were made unique from the tags, x-fern-sdk-* names or paths"),
            );
        }
    }

    /// Path-level parameters, overridden by operation-level ones.
    fn parameters(&mut self, spec: &SpecOperation<'a>) -> ParamMap<'a> {
        let mut params = ParamMap::new();
        let sources = spec
            .item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, spec.item_at.push("parameters").index(i)))
            .chain(
                spec.op
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, spec.at.push("parameters").index(i))),
            );
        for (p, p_at) in sources {
            match self.resolver.parameter(p) {
                Ok(param) => {
                    let name = param.parameter_data_ref().name.clone();
                    let defined = Resolver::defined_at(p, &p_at);
                    params.insert((name, location_of(param)), (param, defined));
                }
                Err(e) => self.diags.error(p_at.as_str(), e.message()),
            }
        }
        params
    }

    fn operation(
        &mut self,
        spec: &SpecOperation<'a>,
        name: Ident,
        schemes: &super::auth::Schemes,
    ) -> Option<Operation> {
        let op = spec.op;
        let at = &spec.at;
        let op_type = naming::type_ident(name.as_str(), "Operation");
        let errors_before = self.diags.error_pushes();
        let params = self.parameters(spec);
        let request = self.request_names.claim(name.as_str());
        let mut args = Scope::arguments().with_fallback("param");
        // Setters and stream methods never take a name the request type
        // already has.
        let mut methods = Scope::snake()
            .with_fallback("param")
            .reserving(naming::request_methods());
        let (path, path_params) = self.path_template(spec, &params, &op_type, &mut args)?;
        let body = match &op.request_body {
            Some(rb) => self
                .request_body(rb, &op_type, &at.push("requestBody"), &mut methods)
                .ok()?,
            None => None,
        };
        let optional_body = body
            .as_ref()
            .is_some_and(|b| matches!(b.given, BodyGiven::Setter(_)));
        let names = OpNames {
            name: &name,
            request: &request,
            type_hint: &op_type,
            has_auth: !schemes.list.is_empty(),
        };
        let responses = self.responses(op, &op_type, &name, at, spec.events);
        // The request's own methods claim their names before the setters,
        // so a parameter called `items` never moves them.
        let pagination = self.pagination(spec, &params, &responses.success, &mut methods);
        let streamed =
            matches!(responses.success, SuccessType::Single(BodyKind::Bytes)).then(|| Streamed {
                method: methods.claim("byte_stream"),
                decoder: self
                    .functions
                    .claim(&format!("decode_{}_stream", name.bare())),
            });
        let fields = self.param_fields(&params, &names, (&mut args, &mut methods));
        if self.diags.error_pushes() > errors_before {
            return None;
        }
        // Operations without parameters or methods of their own share
        // `OperationRequest<T>`; any that has one gets a type of its own,
        // so that two operations' methods never land on one type.
        let request_kind =
            if fields.is_empty() && !optional_body && pagination.is_none() && streamed.is_none() {
                RequestKind::Shared
            } else {
                RequestKind::Own(Box::new(OwnRequest {
                    params: self.params_arg(&names, fields),
                    pagination,
                    streamed,
                }))
            };
        let idempotency_key = self.idempotency_key(spec, &params);
        let retry = match idempotency_key {
            Some(_) => RetryClass::Idempotent,
            None => retry_class(spec.method, op, body.as_ref()),
        };
        let security = self.requirement(schemes, op.security.as_ref(), &spec.at);
        let mut docs = Docs::join(&[op.summary.as_deref(), op.description.as_deref()]);
        // The first line of what the spec says, for tables (the README's
        // reference): before the generator adds words of its own.
        let summary = docs.cell();
        if op.deprecated {
            docs = docs.then(Docs::lit("**Deprecated** by the API."));
        }
        docs = docs.then(self.argument_docs(&path_params, &params, op));
        if spec.events {
            docs = docs.then(
                Docs::sentence()
                    .lit("The answer as server-sent events (")
                    .code("text/event-stream")
                    .lit("), for an operation that can also answer with JSON.")
                    .done(),
            );
        }
        let docs = docs.then(
            Docs::sentence()
                .code(&format!("{} {}", spec.method.upper(), spec.path))
                .done(),
        );
        let decoder = self.functions.claim(&format!("decode_{}", name.bare()));
        Some(Operation {
            name,
            decoder,
            request,
            docs,
            summary,
            method: spec.method,
            path_template: spec.path.to_owned(),
            path,
            path_params,
            request_kind,
            body,
            responses,
            retry,
            security,
            group: None,
            home: Home::Client,
            idempotency_key,
        })
    }

    /// What the settings file says about `spec`, by its operationId.
    pub(super) fn op_setting(
        &self,
        spec: &SpecOperation<'a>,
    ) -> Option<&crate::settings::OperationSetting> {
        let id = spec.op.operation_id.as_deref()?;
        self.op_settings.operations.get(id)
    }

    /// The header of a POST or PATCH that takes an idempotency key: named
    /// for it in the settings file, or a header parameter called
    /// `Idempotency-Key` (any case, any prefix).
    fn idempotency_key(&self, spec: &SpecOperation<'a>, params: &ParamMap<'a>) -> Option<String> {
        if !matches!(spec.method, Method::Post | Method::Patch) {
            return None;
        }
        let named = self
            .op_setting(spec)
            .and_then(|s| s.idempotency_header.clone());
        let declared = || {
            params
                .keys()
                .find(|(name, loc)| {
                    *loc == ParamLocation::Header
                        && name.to_ascii_lowercase().ends_with("idempotency-key")
                })
                .map(|(name, _)| name.clone())
        };
        let api_wide = || {
            (spec.method == Method::Post)
                .then(|| self.op_settings.idempotency_header.clone())
                .flatten()
        };
        named.or_else(declared).or_else(api_wide)
    }

    /// What the spec says about the arguments, one list item each, for the
    /// arguments it documents.
    fn argument_docs(
        &self,
        path_params: &[PathParam],
        params: &ParamMap<'a>,
        op: &'a SpecOp,
    ) -> Docs {
        let mut items: Vec<Docs> = Vec::new();
        for p in path_params {
            let described = params
                .get(&(p.name.wire.clone(), ParamLocation::Path))
                .and_then(|(param, _)| param.parameter_data_ref().description.as_deref());
            if let Some(text) = described.filter(|t| !t.trim().is_empty()) {
                items.push(argument_item(&p.name.ident, text));
            }
        }
        let body = op
            .request_body
            .as_ref()
            .and_then(|rb| self.resolver.request_body(rb).ok())
            .and_then(|b| b.description.as_deref())
            .filter(|t| !t.trim().is_empty());
        if let Some(text) = body {
            items.push(
                Docs::sentence()
                    .lit("- `body`: ")
                    .docs(&Docs::line(text))
                    .done(),
            );
        }
        items
            .into_iter()
            .fold(Docs::none(), |acc, item| acc.then_line(item))
    }
}

/// `- `name`: text`
fn argument_item(name: &Ident, text: &str) -> Docs {
    Docs::sentence()
        .lit("- ")
        .ident(name)
        .lit(": ")
        .docs(&Docs::line(text))
        .done()
}

/// What names an operation: its id, method and path, first tag, and Fern's
/// SDK names.
fn method_source<'s>(s: &SpecOperation<'s>) -> MethodSource<'s> {
    let ext = |key: &str| s.op.extensions.get(key);
    let group: Option<Vec<&'s str>> = match ext("x-fern-sdk-group-name") {
        Some(serde_json::Value::String(g)) => Some(vec![g.as_str()]),
        Some(serde_json::Value::Array(gs)) => gs.iter().map(serde_json::Value::as_str).collect(),
        _ => None,
    };
    let method = ext("x-fern-sdk-method-name").and_then(serde_json::Value::as_str);
    MethodSource {
        operation_id: s.op.operation_id.as_deref(),
        method: s.method,
        path: s.path,
        tag: s.op.tags.first().map(String::as_str),
        fern: group.zip(method),
    }
}

/// The group an operation belongs to, as the spec names it.
fn group_name(op: &SpecOp) -> Option<&str> {
    let fern = match op.extensions.get("x-fern-sdk-group-name") {
        Some(serde_json::Value::String(g)) => Some(g.as_str()),
        Some(serde_json::Value::Array(gs)) => gs.first().and_then(serde_json::Value::as_str),
        _ => None,
    };
    fern.or(op.tags.first().map(String::as_str))
        .filter(|g| !g.trim().is_empty())
}

fn location_of(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// GET, HEAD, OPTIONS, PUT, DELETE and TRACE are idempotent by HTTP's
/// definition. PATCH is retried when its body is a merge (JSON or form), not
/// a JSON Patch, whose operations may not repeat safely. POST is not
/// retried. `x-idempotent: true|false` on the operation overrides all this.
fn retry_class(method: Method, op: &SpecOp, body: Option<&RequestBody>) -> RetryClass {
    if let Some(serde_json::Value::Bool(b)) = op.extensions.get("x-idempotent") {
        return if *b {
            RetryClass::Idempotent
        } else {
            RetryClass::NonIdempotent
        };
    }
    match method {
        Method::Post => RetryClass::NonIdempotent,
        Method::Patch => match body {
            Some(b) if b.content_type.contains("json-patch") => RetryClass::NonIdempotent,
            _ => RetryClass::Idempotent,
        },
        _ => RetryClass::Idempotent,
    }
}
