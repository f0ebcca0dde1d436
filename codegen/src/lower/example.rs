//! The usage example in the generated crate's docs and README: a call of the
//! first operation whose arguments can be written without knowing the API.

use super::Lowerer;
use crate::ir::*;

impl Lowerer<'_> {
    /// A doctest-ready call of the first operation whose arguments can be
    /// written without knowing the API: path parameters get placeholder
    /// values, parameter structs and bodies their `Default`, with the first
    /// optional text field of the body set.
    pub(super) fn example(&self, lib: &str, has_auth: bool) -> Option<String> {
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
                            f.ty == TypeRef::Prim(Prim::String)
                                && matches!(
                                    f.encoding,
                                    FieldEncoding::Optional | FieldEncoding::OptionalNullable
                                )
                        });
                        match text_field {
                            Some(f) => {
                                let value = match f.encoding {
                                    FieldEncoding::OptionalNullable => {
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
}
