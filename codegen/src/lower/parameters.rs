//! Parameters: the path template split into literals and arguments, and
//! query, header and cookie parameters gathered into one struct.

use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent};

use super::Lowerer;
use super::operations::{ParamMap, SpecOperation};
use super::plan::{Lowered, wrap_nullable_item};
use crate::diagnostics::{Diagnostic, Pointer};
use crate::ir::*;
use crate::naming::Scope;

impl<'a> Lowerer<'a> {
    /// Splits the path template; every `{var}` needs a path parameter.
    pub(super) fn path_template(
        &mut self,
        spec: &SpecOperation<'a>,
        params: &ParamMap<'a>,
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
                    match params.get(&(var.to_owned(), ParamLocation::Path)) {
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
                                    let ident = scope.claim_with_suffix(var, "_param");
                                    path_params.push(PathParam {
                                        name: Name {
                                            ident,
                                            wire: var.to_owned(),
                                        },
                                        ty: TypeRef::Prim(Prim::String),
                                        passing: Passing::Str,
                                        text: ParamText::Display,
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
            if *loc == ParamLocation::Path && !path_params.iter().any(|p| p.name.wire == *pname) {
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
        let ident = scope.claim_with_suffix(&data.name, "_param");
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
        }
    }

    pub(super) fn param_schema(
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

    /// Query, header and cookie parameters, kept in a struct on the
    /// operation's request: required ones become arguments (named in
    /// `args`), optional ones setters (named in `methods`).
    pub(super) fn param_fields(
        &mut self,
        params: &ParamMap<'a>,
        op: &OpNames<'_>,
        scopes: (&mut Scope, &mut Scope),
    ) -> Vec<ParamField> {
        let (args, methods) = scopes;
        let mut chosen = Vec::new();
        for ((name, loc), (param, at)) in params {
            // Path parameters are arguments; the client sets these headers
            // itself.
            let own_header = *loc == ParamLocation::Header
                && (name.eq_ignore_ascii_case("content-type")
                    || name.eq_ignore_ascii_case("accept")
                    || (op.has_auth && name.eq_ignore_ascii_case("authorization")));
            if *loc != ParamLocation::Path && !own_header {
                chosen.push((*param, at));
            }
        }
        let mut field_names = Scope::snake().with_fallback("param");
        let mut fields = Vec::new();
        for (param, at) in chosen {
            let data = param.parameter_data_ref();
            let Some((location, style, explode)) = wire_style(param) else {
                continue;
            };
            let lowered =
                self.param_schema(&data.format, &format!("{} {}", op.type_hint, data.name), at);
            let suffix = match location {
                ParamLocation::Header => "_header",
                ParamLocation::Cookie => "_cookie",
                ParamLocation::Query | ParamLocation::Path => "_query",
            };
            let ty = wrap_nullable_item(lowered);
            fields.push(ParamField {
                name: Name {
                    ident: field_names.claim_with_suffix(&data.name, suffix),
                    wire: data.name.clone(),
                },
                given: if data.required {
                    ParamGiven::Argument(args.claim_with_suffix(&data.name, "_param"))
                } else {
                    ParamGiven::Setter(methods.claim_with_suffix(&data.name, "_param"))
                },
                taking: taking_for(&ty),
                ty,
                location,
                style,
                explode,
                docs: Docs::join(&[data.description.as_deref()]),
            });
        }
        fields
    }

    /// The struct that holds `fields` on the operation's own request type.
    pub(super) fn params_arg(&mut self, op: &OpNames<'_>, fields: Vec<ParamField>) -> ParamsArg {
        ParamsArg {
            ty: self
                .request_names
                .claim(&format!("{} params", op.request.as_str())),
            encoder: self.functions.claim(&format!("encode_{}", op.name.bare())),
            fields,
        }
    }
}

/// Where a (non-path) parameter goes, its style and `explode`, with
/// OpenAPI's defaults.
fn wire_style(param: &Parameter) -> Option<(ParamLocation, QueryStyle, bool)> {
    let explode = param.parameter_data_ref().explode;
    Some(match param {
        Parameter::Query { style, .. } => {
            let style = match style {
                openapiv3::QueryStyle::Form => QueryStyle::Form,
                openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
            };
            let default = matches!(style, QueryStyle::Form | QueryStyle::DeepObject);
            (ParamLocation::Query, style, explode.unwrap_or(default))
        }
        Parameter::Header { .. } => (
            ParamLocation::Header,
            QueryStyle::Form,
            explode.unwrap_or(false),
        ),
        Parameter::Cookie { .. } => (
            ParamLocation::Cookie,
            QueryStyle::Form,
            explode.unwrap_or(true),
        ),
        Parameter::Path { .. } => return None,
    })
}

/// Text is taken as `impl Into<String>`; anything else as itself.
pub(super) fn taking_for(ty: &TypeRef) -> Taking {
    match ty {
        TypeRef::Prim(Prim::String) => Taking::IntoString,
        _ => Taking::Value,
    }
}

/// The names of the operation being lowered.
pub(super) struct OpNames<'n> {
    /// The method.
    pub(super) name: &'n Ident,
    /// Its request type.
    pub(super) request: &'n Ident,
    /// The base of names of types made for it (`ListItems`).
    pub(super) type_hint: &'n str,
    /// Whether the client attaches a credential.
    pub(super) has_auth: bool,
}

/// Small `Copy` values are passed by value, strings as `&str`, the rest by
/// reference.
fn passing_for(ty: &TypeRef) -> Passing {
    match ty {
        TypeRef::Prim(Prim::String) => Passing::Str,
        TypeRef::Prim(
            Prim::Bool | Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64 | Prim::F64 | Prim::Uuid,
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
}
