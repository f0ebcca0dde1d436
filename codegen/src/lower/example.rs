//! The usage example in the generated crate's docs and README: a call of the
//! first operation whose arguments can be written without knowing the API.

use super::Lowerer;
use crate::ir::*;

impl Lowerer<'_> {
    /// A doctest-ready call of the first operation whose arguments can be
    /// written without knowing the API: path and required parameters get
    /// placeholder values, a body is built with `new()` and its first text
    /// setter.
    pub(super) fn example(
        &self,
        types: &[TypeDef],
        lib: &str,
        has_auth: bool,
        namespaces: &[Namespace],
    ) -> Option<UsageExample> {
        self.ops.iter().enumerate().find_map(|(operation, op)| {
            let mut args = Vec::new();
            for ty in op.path_params.iter().map(|p| &p.ty) {
                args.push(placeholder(ty)?);
            }
            for f in op.params().into_iter().flat_map(|p| &p.fields) {
                if matches!(f.given, ParamGiven::Argument(_)) {
                    args.push(placeholder(&f.ty)?);
                }
            }
            let mut setup = Vec::new();
            if let Some(b) = op.body.as_ref().filter(|b| b.given == BodyGiven::Argument) {
                setup = self.example_body(types, lib, b)?;
                args.push("&body".to_owned());
            }
            let client = if has_auth {
                format!("let client = {lib}::Client::from_env()?;")
            } else {
                format!("let client = {lib}::Client::new();")
            };
            Some(UsageExample {
                client,
                setup,
                call: format!("client.{}({})", call_path(namespaces, op), args.join(", ")),
                operation,
            })
        })
    }

    /// `let body = T::new().text_field("example");`, for a JSON body whose
    /// type has a constructor without arguments.
    fn example_body(&self, types: &[TypeDef], lib: &str, b: &RequestBody) -> Option<Vec<String>> {
        let (BodyEncoding::Json, TypeRef::Named(id)) = (&b.encoding, &b.ty) else {
            return None;
        };
        let TypeKind::Struct(s) = &types[id.0].kind else {
            return None;
        };
        let builder = s.builder.as_ref().filter(|b| b.required.is_empty())?;
        let name = types[id.0].name.ident.clone();
        let text = s
            .fields
            .iter()
            .zip(&builder.setters)
            .find(|(f, _)| f.ty == TypeRef::Prim(Prim::String))
            .map(|(_, setter)| format!("    .{}(\"example\")", setter.set));
        let first = format!("let body = {lib}::types::{name}::{}()", builder.new);
        Some(match text {
            Some(setter) => vec![first, format!("{setter};")],
            None => vec![format!("{first};")],
        })
    }
}

/// A value of `ty` that any API accepts in an example.
fn placeholder(ty: &TypeRef) -> Option<String> {
    Some(
        match ty {
            TypeRef::Prim(Prim::String) => "\"example-id\"",
            TypeRef::Prim(Prim::Uuid) => "uuid::Uuid::nil()",
            TypeRef::Prim(Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64) => "1",
            TypeRef::Prim(Prim::Bool) => "true",
            _ => return None,
        }
        .to_owned(),
    )
}
