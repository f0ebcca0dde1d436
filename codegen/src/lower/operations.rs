//! Operations → client methods: method names, path templates, parameters
//! (gathered into one struct), request bodies by media type, responses by
//! status, retry classes and authentication.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Operation as SpecOp, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    SecurityScheme, StatusCode,
};

use super::Lowerer;
use super::schemas::{Lowered, wrap_nullable_item};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::docs;
use crate::ir::*;
use crate::naming::{self, Case, Scope};

/// Inherent methods of the generated `Client`; operations must not take them.
const CLIENT_METHODS: &[&str] = &["new", "builder", "from_env", "base_url", "clone", "fmt"];

/// Argument names the generated method bodies use themselves.
const RESERVED_ARGS: &[&str] = &["self", "body", "params"];

struct SpecOperation<'a> {
    path: &'a str,
    method: &'static str,
    op: &'a SpecOp,
    item: &'a PathItem,
    item_at: Pointer,
    at: Pointer,
}

impl<'a> Lowerer<'a> {
    /// Picks the credential the client attaches.
    pub(super) fn auth(&mut self) -> Option<Auth> {
        let schemes = &self.api.components.as_ref()?.security_schemes;
        // Schemes in the order operations ask for them, then declaration order.
        let mut used: Vec<&str> = Vec::new();
        let global = self.api.security.iter().flatten();
        let per_op = self
            .api
            .paths
            .iter()
            .filter_map(|(_, p)| p.as_item())
            .flat_map(|p| p.iter().map(|(_, op)| op))
            .flat_map(|op| op.security.iter().flatten());
        for req in global.chain(per_op) {
            for name in req.keys() {
                if !used.contains(&name.as_str()) {
                    used.push(name);
                }
            }
        }
        if used.is_empty() {
            used = schemes.keys().map(String::as_str).collect();
        }
        for name in used {
            let at = Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name);
            let Some(ReferenceOr::Item(scheme)) = schemes.get(name) else {
                continue;
            };
            let (kind, description) = match scheme {
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (AuthKind::Bearer, description),
                    "basic" => (AuthKind::Basic, description),
                    other => {
                        self.diags.warning(
                            at.as_str(),
                            format!("HTTP auth scheme `{other}` is not supported; requests are sent without it"),
                        );
                        continue;
                    }
                },
                SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => match location {
                    openapiv3::APIKeyLocation::Header => {
                        (AuthKind::Header(name.clone()), description)
                    }
                    openapiv3::APIKeyLocation::Query => {
                        (AuthKind::Query(name.clone()), description)
                    }
                    openapiv3::APIKeyLocation::Cookie => {
                        (AuthKind::Cookie(name.clone()), description)
                    }
                },
                // OAuth2 and OpenID Connect access tokens travel as bearer
                // tokens; obtaining one is left to the caller.
                SecurityScheme::OAuth2 { description, .. }
                | SecurityScheme::OpenIDConnect { description, .. } => {
                    (AuthKind::Bearer, description)
                }
            };
            return Some(Auth {
                kind,
                docs: Docs(docs::join(&[description.as_deref()])),
            });
        }
        None
    }

    pub(super) fn operations(&mut self, has_auth: bool) {
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
            for (method, op) in item.iter() {
                let method = match method {
                    "get" => "get",
                    "put" => "put",
                    "post" => "post",
                    "delete" => "delete",
                    "options" => "options",
                    "head" => "head",
                    "patch" => "patch",
                    _ => "trace",
                };
                all.push(SpecOperation {
                    path,
                    method,
                    op,
                    item,
                    item_at: at.clone(),
                    at: at.push(method),
                });
            }
        }
        self.check_duplicate_ids(&all);
        let names = method_names(&all);
        for (spec, name) in all.iter().zip(names) {
            if let Some(op) = self.operation(spec, name, has_auth) {
                self.ops.push(op);
            }
        }
    }

    fn check_duplicate_ids(&mut self, all: &[SpecOperation<'a>]) {
        let mut first: HashMap<&str, &Pointer> = HashMap::new();
        for spec in all {
            let Some(id) = spec.op.operation_id.as_deref() else {
                continue;
            };
            if let Some(prev) = first.get(id) {
                self.diags.push(
                    Diagnostic::error(
                        spec.at.push("operationId").as_str(),
                        format!("duplicate operationId `{id}`: also used at {prev}"),
                    )
                    .with_help("operationIds must be unique across the document"),
                );
            } else {
                first.insert(id, &spec.at);
            }
        }
    }

    fn operation(
        &mut self,
        spec: &SpecOperation<'a>,
        name: String,
        has_auth: bool,
    ) -> Option<Operation> {
        let op = spec.op;
        let at = &spec.at;
        let op_type = naming::type_ident(&name, "Operation");
        let errors_before = self.diags.errors().count();

        // Path-level parameters, overridden by operation-level ones.
        let mut params: IndexMap<(String, &'static str), (&'a Parameter, Pointer)> =
            IndexMap::new();
        let sources = spec
            .item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, spec.item_at.push("parameters").index(i)))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, at.push("parameters").index(i))),
            );
        for (p, p_at) in sources {
            match self.resolver.parameter(p) {
                Ok(param) => {
                    let data = param.parameter_data_ref();
                    params.insert((data.name.clone(), location_key(param)), (param, p_at));
                }
                Err(e) => self.diags.error(p_at.as_str(), e.message()),
            }
        }

        let mut arg_scope = Scope::with_reserved(Case::Snake, RESERVED_ARGS);
        let (path, path_params) = self.path_template(spec, &params, &op_type, &mut arg_scope)?;
        let params_arg = self.params_struct(&params, &op_type, &name, has_auth);
        let body = match &op.request_body {
            Some(rb) => self
                .request_body(rb, &op_type, &at.push("requestBody"))
                .ok()?,
            None => None,
        };
        let responses = self.responses(op, &op_type, at);
        if self.diags.errors().count() > errors_before {
            return None;
        }

        let retry = retry_class(spec.method, op, body.as_ref());
        let authenticated = has_auth
            && match op.security.as_ref().or(self.api.security.as_ref()) {
                Some(reqs) => !reqs.is_empty(),
                None => true,
            };
        let mut text = docs::join(&[op.summary.as_deref(), op.description.as_deref()]);
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "`{} {}`",
            spec.method.to_uppercase(),
            docs::code(spec.path)
        ));
        Some(Operation {
            name,
            operation_id: op.operation_id.clone(),
            docs: Docs(text),
            method: http_method(spec.method),
            path_template: spec.path.to_owned(),
            path,
            path_params,
            params: params_arg,
            body,
            responses,
            retry,
            authenticated,
            deprecated: op.deprecated,
        })
    }

    /// Splits the path template; every `{var}` needs a path parameter.
    fn path_template(
        &mut self,
        spec: &SpecOperation<'a>,
        params: &IndexMap<(String, &'static str), (&'a Parameter, Pointer)>,
        op_type: &str,
        scope: &mut Scope,
    ) -> Option<(Vec<PathSegment>, Vec<PathParam>)> {
        let mut segments = Vec::new();
        let mut path_params: Vec<PathParam> = Vec::new();
        let mut rest = spec.path;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(open) => {
                    if open > 0 {
                        segments.push(PathSegment::Literal(encode_path_literal(&rest[..open])));
                    }
                    let Some(close) = rest[open..].find('}') else {
                        self.diags.error(
                            spec.item_at.as_str(),
                            format!("path template `{}` has an unclosed `{{`", spec.path),
                        );
                        return None;
                    };
                    let var = &rest[open + 1..open + close];
                    rest = &rest[open + close + 1..];
                    match params.get(&(var.to_owned(), "path")) {
                        Some((param, p_at)) => {
                            let idx = match path_params.iter().position(|p| p.name.wire == var) {
                                Some(i) => i,
                                None => {
                                    path_params.push(self.path_param(param, p_at, op_type, scope));
                                    path_params.len() - 1
                                }
                            };
                            segments.push(PathSegment::Param(idx));
                        }
                        None => {
                            // The template says what is meant; a string
                            // argument serves it better than dropping the
                            // operation.
                            self.diags.push(
                                Diagnostic::warning(
                                    spec.at.as_str(),
                                    format!(
                                        "path template variable `{{{var}}}` in `{}` has no matching path parameter; it becomes a string argument",
                                        spec.path
                                    ),
                                )
                                .with_help(format!("declare `- name: {var}` with `in: path` and `required: true`")),
                            );
                            let idx = match path_params.iter().position(|p| p.name.wire == var) {
                                Some(i) => i,
                                None => {
                                    let ident = scope.claim_with_suffix(
                                        &naming::snake_ident(var, "param"),
                                        "_param",
                                    );
                                    path_params.push(PathParam {
                                        name: Name {
                                            ident,
                                            wire: var.to_owned(),
                                        },
                                        ty: TypeRef::Prim(Prim::String),
                                        passing: Passing::Str,
                                        text: ParamText::Display,
                                        docs: Docs(format!(
                                            "The `{}` path parameter.",
                                            docs::sanitize(&var.replace('`', "'"))
                                        )),
                                    });
                                    path_params.len() - 1
                                }
                            };
                            segments.push(PathSegment::Param(idx));
                        }
                    }
                }
                None => {
                    segments.push(PathSegment::Literal(encode_path_literal(rest)));
                    rest = "";
                }
            }
        }
        for ((pname, loc), (_, p_at)) in params {
            if *loc == "path" && !path_params.iter().any(|p| p.name.wire == *pname) {
                self.diags.warning(
                    p_at.as_str(),
                    format!("path parameter `{pname}` does not appear in the path template; it is ignored"),
                );
            }
        }
        Some((segments, path_params))
    }

    fn path_param(
        &mut self,
        param: &'a Parameter,
        at: &Pointer,
        op_type: &str,
        scope: &mut Scope,
    ) -> PathParam {
        let data = param.parameter_data_ref();
        let lowered = self.param_schema(&data.format, &format!("{op_type} {}", data.name), at);
        let ident = scope.claim_with_suffix(&naming::snake_ident(&data.name, "param"), "_param");
        let passing = passing_for(&lowered.ty);
        let text = text_for(&lowered.ty);
        PathParam {
            name: Name {
                ident,
                wire: data.name.clone(),
            },
            ty: lowered.ty,
            passing,
            text,
            docs: Docs(param_docs(data)),
        }
    }

    fn param_schema(
        &mut self,
        format: &'a ParameterSchemaOrContent,
        hint: &str,
        at: &Pointer,
    ) -> Lowered {
        match format {
            ParameterSchemaOrContent::Schema(s) => {
                self.lower_schema(s.into(), hint, &at.push("schema"))
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((
                    mt,
                    MediaType {
                        schema: Some(s), ..
                    },
                )) => {
                    self.lower_schema(s.into(), hint, &at.push("content").push(mt).push("schema"))
                }
                _ => Lowered {
                    ty: TypeRef::Prim(Prim::String),
                    nullable: false,
                },
            },
        }
    }

    /// Query, header and cookie parameters become one struct argument.
    fn params_struct(
        &mut self,
        params: &IndexMap<(String, &'static str), (&'a Parameter, Pointer)>,
        op_type: &str,
        method_name: &str,
        has_auth: bool,
    ) -> Option<ParamsArg> {
        let mut chosen = Vec::new();
        for ((name, loc), (param, at)) in params {
            if *loc == "path" {
                continue;
            }
            // The client sets these itself.
            if *loc == "header"
                && (name.eq_ignore_ascii_case("content-type")
                    || name.eq_ignore_ascii_case("accept")
                    || (has_auth && name.eq_ignore_ascii_case("authorization")))
            {
                continue;
            }
            chosen.push((*param, at));
        }
        if chosen.is_empty() {
            return None;
        }
        let type_at = chosen[0].1.clone();
        let id = self.reserve_type(&format!("{op_type} params"), &type_at);
        let mut scope = Scope::new(Case::Snake);
        let mut fields = Vec::new();
        let mut param_fields = Vec::new();
        for (param, at) in chosen {
            let data = param.parameter_data_ref();
            let (location, style, explode) = match param {
                Parameter::Query { style, .. } => {
                    let style = match style {
                        openapiv3::QueryStyle::Form => QueryStyle::Form,
                        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    };
                    (
                        ParamLocation::Query,
                        style,
                        data.explode.unwrap_or(
                            style == QueryStyle::Form || style == QueryStyle::DeepObject,
                        ),
                    )
                }
                Parameter::Header { .. } => (
                    ParamLocation::Header,
                    QueryStyle::Form,
                    data.explode.unwrap_or(false),
                ),
                Parameter::Cookie { .. } => (
                    ParamLocation::Cookie,
                    QueryStyle::Form,
                    data.explode.unwrap_or(true),
                ),
                Parameter::Path { .. } => continue,
            };
            let lowered = self.param_schema(&data.format, &format!("{op_type} {}", data.name), at);
            let base = naming::snake_ident(&data.name, "param");
            let suffix = match location {
                ParamLocation::Query => "_query",
                ParamLocation::Header => "_header",
                ParamLocation::Cookie => "_cookie",
            };
            let ident = scope.claim_with_suffix(&base, suffix);
            let optional = !data.required;
            let inner = wrap_nullable_item(lowered);
            let (ty, presence) = if optional {
                (TypeRef::Option(Box::new(inner)), Presence::Optional)
            } else {
                (inner, Presence::Required)
            };
            let name = Name {
                ident,
                wire: data.name.clone(),
            };
            fields.push(Field {
                name: name.clone(),
                docs: Docs(param_docs(data)),
                ty,
                presence,
                serde: FieldSerde::default(),
                deprecated: data.deprecated.unwrap_or(false),
            });
            param_fields.push(ParamField {
                name,
                location,
                style,
                explode,
                optional,
            });
        }
        let all_optional = param_fields.iter().all(|f| f.optional);
        self.fill(
            id,
            TypeKind::Struct(StructDef {
                fields,
                extra: None,
                default: all_optional,
                serde: false,
                eq: false,
            }),
            Docs(format!(
                "Query, header and cookie parameters of `{method_name}`."
            )),
        );
        Some(ParamsArg {
            ty: id,
            all_optional,
            fields: param_fields,
        })
    }

    /// The body argument; `Err` means the operation must be skipped.
    fn request_body(
        &mut self,
        rb: &'a ReferenceOr<openapiv3::RequestBody>,
        op_type: &str,
        at: &Pointer,
    ) -> Result<Option<RequestBody>, ()> {
        let body = match self.resolver.request_body(rb) {
            Ok(b) => b,
            Err(e) => {
                self.diags.error(at.as_str(), e.message());
                return Err(());
            }
        };
        let Some((media, mt, encoding)) = pick_request_media(&body.content) else {
            if !body.content.is_empty() {
                self.diags.warning(
                    at.push("content").as_str(),
                    "no supported media type for the request body; the operation is sent without a body",
                );
            }
            return Ok(None);
        };
        let schema_at = at.push("content").push(media).push("schema");
        let hint = format!("{op_type} body");
        let lowered = match &mt.schema {
            Some(s) => self.lower_schema(s.into(), &hint, &schema_at),
            None => Lowered {
                ty: TypeRef::Prim(Prim::Json),
                nullable: false,
            },
        };
        let (encoding, ty) = match encoding {
            Enc::Json => (BodyEncoding::Json, wrap_nullable_item(lowered)),
            Enc::Form => (BodyEncoding::Form, lowered.ty),
            Enc::Multipart => (
                BodyEncoding::Multipart(self.multipart_fields(&lowered.ty)),
                lowered.ty,
            ),
            Enc::Binary => (BodyEncoding::Binary, TypeRef::Prim(Prim::Binary)),
            Enc::Text => (BodyEncoding::Text, TypeRef::Prim(Prim::String)),
        };
        let content_type = if media.contains('*') {
            "application/octet-stream".to_owned()
        } else {
            media.to_owned()
        };
        Ok(Some(RequestBody {
            content_type,
            encoding,
            ty,
            required: body.required,
            docs: Docs(docs::join(&[body.description.as_deref()])),
        }))
    }

    fn multipart_fields(&self, ty: &TypeRef) -> Option<Vec<MultipartField>> {
        let TypeRef::Named(id) = ty else { return None };
        let TypeKind::Struct(s) = &self.types[id.0].kind else {
            return None;
        };
        Some(
            s.fields
                .iter()
                .map(|f| {
                    let inner = strip_wrappers(&f.ty);
                    let kind = match inner {
                        TypeRef::Prim(Prim::Binary) => PartKind::File,
                        TypeRef::Vec(i) if **i == TypeRef::Prim(Prim::Binary) => PartKind::Files,
                        TypeRef::Prim(Prim::Json | Prim::JsonObject)
                        | TypeRef::Vec(_)
                        | TypeRef::Map(_) => PartKind::Json,
                        TypeRef::Named(tid) => match &self.types[tid.0].kind {
                            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => PartKind::Text,
                            _ => PartKind::Json,
                        },
                        _ => PartKind::Text,
                    };
                    MultipartField {
                        name: f.name.clone(),
                        kind,
                        presence: f.presence,
                    }
                })
                .collect(),
        )
    }

    fn responses(&mut self, op: &'a SpecOp, op_type: &str, at: &Pointer) -> Responses {
        let at = at.push("responses");
        let mut success: Vec<(StatusMatch, BodyKind, Pointer)> = Vec::new();
        let mut errors: Vec<(StatusMatch, BodyKind)> = Vec::new();
        let mut entries: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, Pointer)> =
            Vec::new();
        for (code, resp) in &op.responses.responses {
            let (status, key) = match code {
                StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
                StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
            };
            entries.push((status, resp, at.push(key)));
        }
        let has_success = entries.iter().any(|(s, ..)| is_success(*s));
        if let Some(resp) = &op.responses.default {
            entries.push((StatusMatch::Default, resp, at.push("default")));
        }
        let success_count = entries
            .iter()
            .filter(|(s, ..)| is_success(*s) || (!has_success && *s == StatusMatch::Default))
            .count();
        for (status, resp, r_at) in entries {
            let resp = match self.resolver.response(resp) {
                Ok(r) => r,
                Err(e) => {
                    self.diags.error(r_at.as_str(), e.message());
                    continue;
                }
            };
            let ok = is_success(status) || (!has_success && status == StatusMatch::Default);
            let hint = if ok && success_count == 1 {
                format!("{op_type} response")
            } else if ok {
                format!("{op_type} {} response", status_word(status))
            } else {
                format!("{op_type} {} error", status_word(status))
            };
            let body = self.response_body(&resp.content, &hint, &r_at);
            if let BodyKind::Json(t) = &body {
                self.received.push(t.clone());
            }
            if ok {
                success.push((status, body, r_at));
            } else if !matches!(status, StatusMatch::Code(c) if c < 200) {
                errors.push((status, body));
            }
        }
        if success.is_empty() {
            success.push((StatusMatch::Range(2), BodyKind::Empty, at.clone()));
        }
        let mut distinct: Vec<&BodyKind> = Vec::new();
        for (_, b, _) in &success {
            if !distinct.contains(&b) {
                distinct.push(b);
            }
        }
        let (success_type, enum_variants) = if distinct.len() == 1 {
            (SuccessType::Single(distinct[0].clone()), None)
        } else {
            let id = self.reserve_type(&format!("{op_type} response"), &at);
            let mut scope = Scope::new(Case::Pascal);
            let variants: Vec<ResponseVariant> = success
                .iter()
                .map(|(status, body, _)| ResponseVariant {
                    ident: scope.claim(&naming::variant_ident(&status_word(*status))),
                    ty: match body {
                        BodyKind::Json(t) => Some(t.clone()),
                        BodyKind::Text => Some(TypeRef::Prim(Prim::String)),
                        BodyKind::Bytes => Some(TypeRef::Prim(Prim::Binary)),
                        BodyKind::Empty => None,
                    },
                    docs: Docs(format!("Status {}.", status_text(*status))),
                })
                .collect();
            let names: Vec<String> = variants.iter().map(|v| v.ident.clone()).collect();
            self.fill(
                id,
                TypeKind::Responses(variants),
                Docs(format!(
                    "The successful results of `{}`, by status.",
                    naming::snake_ident(op_type, "op")
                )),
            );
            (SuccessType::Enum(id), Some(names))
        };
        let mut cases = Vec::new();
        for (i, (status, body, _)) in success.into_iter().enumerate() {
            cases.push(ResponseCase {
                status,
                outcome: Outcome::Success {
                    body,
                    variant: enum_variants.as_ref().map(|n| n[i].clone()),
                },
            });
        }
        for (status, body) in errors {
            let body = match body {
                BodyKind::Json(TypeRef::Named(id)) => Some(self.error_body(id)),
                _ => None,
            };
            cases.push(ResponseCase {
                status,
                outcome: Outcome::Error { body },
            });
        }
        // Exact codes first, then ranges, then default.
        cases.sort_by_key(|c| match c.status {
            StatusMatch::Code(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Default => 2,
        });
        Responses {
            success: success_type,
            cases,
        }
    }

    fn response_body(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        hint: &str,
        at: &Pointer,
    ) -> BodyKind {
        let Some((media, mt)) = pick_response_media(content) else {
            return BodyKind::Empty;
        };
        let kind = media_kind(media);
        match (kind, &mt.schema) {
            (MediaKind::Json, Some(s)) => {
                let lowered = self.lower_schema(
                    s.into(),
                    hint,
                    &at.push("content").push(media).push("schema"),
                );
                BodyKind::Json(wrap_nullable_item(lowered))
            }
            (MediaKind::Json, None) => BodyKind::Json(TypeRef::Prim(Prim::Json)),
            (MediaKind::Text, _) => BodyKind::Text,
            _ => BodyKind::Bytes,
        }
    }

    fn error_body(&mut self, id: TypeId) -> usize {
        let ty = TypeRef::Named(id);
        if let Some(i) = self.error_bodies.iter().position(|e| e.ty == ty) {
            return i;
        }
        let ident = self.error_body_scope.claim(&self.type_ident(id));
        self.error_bodies.push(ErrorBodyVariant { ident, ty });
        self.error_bodies.len() - 1
    }

    pub(super) fn webhooks(&mut self, hooks: &'a IndexMap<String, ReferenceOr<PathItem>>) {
        for (name, item) in hooks {
            let at = Pointer::root().push("webhooks").push(name);
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, op) in item.iter() {
                let Some(rb) = &op.request_body else { continue };
                let Ok(body) = self.resolver.request_body(rb) else {
                    continue;
                };
                let Some((media, mt, _)) = pick_request_media(&body.content) else {
                    continue;
                };
                let Some(schema) = &mt.schema else { continue };
                let hint = format!("{name} payload");
                let lowered = self.lower_schema(
                    schema.into(),
                    &hint,
                    &at.push(method)
                        .push("requestBody")
                        .push("content")
                        .push(media)
                        .push("schema"),
                );
                // The user receives webhook payloads, like responses.
                self.received.push(lowered.ty);
            }
        }
    }
}

/// Readable, unique method names (see [`naming::method_base`]). When two
/// operations shorten to the same name, both keep their full operationId.
fn method_names(all: &[SpecOperation<'_>]) -> Vec<String> {
    let short: Vec<String> = all
        .iter()
        .map(|s| {
            naming::snake_ident(
                &naming::method_base(s.op.operation_id.as_deref(), s.method, s.path),
                "call",
            )
        })
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &short {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    let mut scope = Scope::with_reserved(Case::Snake, CLIENT_METHODS);
    let mut seen = HashSet::new();
    all.iter()
        .zip(&short)
        .map(|(spec, s)| {
            let candidate = match (&spec.op.operation_id, counts[s.as_str()] > 1) {
                (Some(id), true) => naming::snake_ident(id, "call"),
                _ => s.clone(),
            };
            seen.insert(candidate.clone());
            scope.claim_with_suffix(&candidate, "_op")
        })
        .collect()
}

fn location_key(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn param_docs(data: &openapiv3::ParameterData) -> String {
    let text = docs::join(&[data.description.as_deref()]);
    if text.is_empty() {
        format!("The `{}` parameter.", docs::code(&data.name))
    } else {
        text
    }
}

/// Small `Copy` values are passed by value, strings as `&str`, the rest by
/// reference.
fn passing_for(ty: &TypeRef) -> Passing {
    match ty {
        TypeRef::Prim(Prim::String) => Passing::Str,
        TypeRef::Prim(
            Prim::Bool
            | Prim::I32
            | Prim::I64
            | Prim::U32
            | Prim::U64
            | Prim::F32
            | Prim::F64
            | Prim::Uuid
            | Prim::DateTime
            | Prim::Date,
        ) => Passing::Value,
        _ => Passing::Ref,
    }
}

/// `Display` where it is exactly the wire text: not for floats (`1` vs
/// `1.0`) or dates (`Display` is not RFC 3339).
fn text_for(ty: &TypeRef) -> ParamText {
    match ty {
        TypeRef::Prim(
            Prim::String | Prim::Uuid | Prim::Bool | Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64,
        ) => ParamText::Display,
        _ => ParamText::Serde,
    }
}

fn http_method(m: &str) -> Method {
    match m {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

/// GET, HEAD, OPTIONS, PUT, DELETE and TRACE are idempotent by HTTP's
/// definition. PATCH is retried when its body is a merge (JSON or form), not
/// a JSON Patch, whose operations may not repeat safely. POST is not
/// retried. `x-idempotent: true|false` on the operation overrides all this.
fn retry_class(method: &str, op: &SpecOp, body: Option<&RequestBody>) -> RetryClass {
    if let Some(serde_json::Value::Bool(b)) = op.extensions.get("x-idempotent") {
        return if *b {
            RetryClass::Idempotent
        } else {
            RetryClass::NonIdempotent
        };
    }
    match method {
        "post" => RetryClass::NonIdempotent,
        "patch" => match body {
            Some(b) if b.content_type.contains("json-patch") => RetryClass::NonIdempotent,
            _ => RetryClass::Idempotent,
        },
        _ => RetryClass::Idempotent,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Enc {
    Json,
    Form,
    Multipart,
    Binary,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    Json,
    Text,
    Other,
}

fn media_kind(media: &str) -> MediaKind {
    let m = media.to_ascii_lowercase();
    let essence = m.split(';').next().unwrap_or("").trim();
    if essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
    {
        MediaKind::Json
    } else if essence.starts_with("text/") {
        MediaKind::Text
    } else {
        MediaKind::Other
    }
}

/// Chooses the request media type: JSON, then form, multipart, binary, text.
fn pick_request_media(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType, Enc)> {
    let mut best: Option<(u8, &str, &MediaType, Enc)> = None;
    for (media, mt) in content {
        let m = media.to_ascii_lowercase();
        let essence = m.split(';').next().unwrap_or("").trim().to_owned();
        let (rank, enc) = if essence == "application/json" || essence.ends_with("+json") {
            (0, Enc::Json)
        } else if essence == "application/x-www-form-urlencoded" {
            (1, Enc::Form)
        } else if essence == "multipart/form-data" || essence == "multipart/mixed" {
            (2, Enc::Multipart)
        } else if essence.starts_with("text/") {
            (4, Enc::Text)
        } else {
            (3, Enc::Binary)
        };
        if best.is_none_or(|(r, ..)| rank < r) {
            best = Some((rank, media.as_str(), mt, enc));
        }
    }
    best.map(|(_, m, mt, e)| (m, mt, e))
}

/// Chooses the response media type: JSON first, then text, then anything.
fn pick_response_media(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .min_by_key(|(m, _)| match media_kind(m) {
            MediaKind::Json => 0,
            MediaKind::Text => 1,
            MediaKind::Other => 2,
        })
        .map(|(m, mt)| (m.as_str(), mt))
}

fn is_success(s: StatusMatch) -> bool {
    match s {
        StatusMatch::Code(c) => (200..300).contains(&c),
        StatusMatch::Range(r) => r == 2,
        StatusMatch::Default => false,
    }
}

fn status_word(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => match c {
            200 => "ok".into(),
            201 => "created".into(),
            202 => "accepted".into(),
            203 => "non authoritative".into(),
            204 => "no content".into(),
            205 => "reset content".into(),
            206 => "partial content".into(),
            400 => "bad request".into(),
            401 => "unauthorized".into(),
            403 => "forbidden".into(),
            404 => "not found".into(),
            409 => "conflict".into(),
            422 => "unprocessable".into(),
            429 => "too many requests".into(),
            500 => "internal".into(),
            c => format!("status {c}"),
        },
        StatusMatch::Range(r) => format!("status {r}xx"),
        StatusMatch::Default => "default".into(),
    }
}

fn status_text(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(r) => format!("{r}XX"),
        StatusMatch::Default => "default".into(),
    }
}

fn strip_wrappers(t: &TypeRef) -> &TypeRef {
    match t {
        TypeRef::Option(i) | TypeRef::Tristate(i) | TypeRef::Boxed(i) => strip_wrappers(i),
        other => other,
    }
}

/// Percent-encodes what may not appear literally in a URL path.
fn encode_path_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_literals_are_encoded() {
        assert_eq!(encode_path_literal("/a b/ü"), "/a%20b/%C3%BC");
        assert_eq!(
            encode_path_literal("/v1/phone-numbers/"),
            "/v1/phone-numbers/"
        );
    }

    #[test]
    fn media_preferences() {
        let mut content = IndexMap::new();
        content.insert(
            "application/x-www-form-urlencoded".to_owned(),
            MediaType::default(),
        );
        content.insert("application/json".to_owned(), MediaType::default());
        assert_eq!(
            pick_request_media(&content).map(|(m, _, _)| m),
            Some("application/json")
        );
    }
}
