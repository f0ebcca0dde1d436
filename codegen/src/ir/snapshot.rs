//! The IR as text, one fact per line, for snapshot tests: what lowering
//! decided for every type and operation (names, shapes, encodings, gates,
//! homes, security), without the docs. `cargo xtask codegen` writes one per
//! declared crate and `--check` compares it, so a change in a decision
//! shows in review even where the generated code looks alike.

use std::fmt::Write;

use super::*;

/// The snapshot of `api`.
pub fn snapshot(api: &Api) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "crate {} {}", api.krate.package, api.krate.version);
    for (i, a) in api.schemes.iter().enumerate() {
        let default = if api.default_scheme == Some(i) {
            " (default)"
        } else {
            ""
        };
        let _ = writeln!(s, "scheme {i} {}: {:?}{default}", a.name, a.kind);
    }
    for g in &api.groups {
        let _ = writeln!(s, "group {}", g.feature);
    }
    for ns in &api.namespaces {
        let parent = ns.parent.map_or("Client".to_owned(), |p| {
            api.namespaces[p.0].ty.bare().to_owned()
        });
        let _ = writeln!(
            s,
            "namespace {}.{}() -> {}",
            parent,
            ns.accessor.bare(),
            ns.ty.bare()
        );
    }
    for t in &api.types {
        type_def(api, t, &mut s);
    }
    for op in &api.operations {
        operation(api, op, &mut s);
    }
    for e in &api.error_bodies {
        let _ = writeln!(s, "error body {}: {}", e.ident.bare(), ty(api, &e.ty));
    }
    s
}

/// A type reference with type names (`Vec<Pet>`).
fn ty(api: &Api, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => api
            .types
            .get(id.0)
            .map_or_else(|| format!("#{}", id.0), |d| d.name.ident.bare().to_owned()),
        TypeRef::Prim(p) => format!("{p:?}"),
        TypeRef::Vec(i) => format!("Vec<{}>", ty(api, i)),
        TypeRef::Map(i) => format!("Map<{}>", ty(api, i)),
        TypeRef::Option(i) => format!("Option<{}>", ty(api, i)),
        TypeRef::Tristate(i) => format!("Tristate<{}>", ty(api, i)),
        TypeRef::Boxed(i) => format!("Box<{}>", ty(api, i)),
    }
}

fn gate(api: &Api, g: &Gate) -> String {
    match g {
        Gate::Always => String::new(),
        Gate::Any(groups) => {
            let names: Vec<&str> = groups
                .iter()
                .map(|g| api.groups[g.0].feature.as_str())
                .collect();
            format!(" [{}]", names.join(" | "))
        }
    }
}

fn type_def(api: &Api, t: &TypeDef, s: &mut String) {
    let name = t.name.ident.bare();
    let g = gate(api, &t.gate);
    match &t.kind {
        TypeKind::Struct(d) => {
            let mut traits = vec![];
            d.default.then(|| traits.push("Default"));
            d.eq.then(|| traits.push("PartialEq"));
            d.serde.then(|| traits.push("wire"));
            d.builder.is_some().then(|| traits.push("builder"));
            let _ = writeln!(s, "struct {name} ({}){g}", traits.join(", "));
            for f in &d.fields {
                let _ = writeln!(
                    s,
                    "  {} {}: {} = {:?}",
                    f.encoding.wire_kind(),
                    f.name.ident.bare(),
                    ty(api, &f.ty),
                    f.name.wire
                );
            }
            if let Some(e) = &d.extra {
                let _ = writeln!(s, "  ..{}: Map<{}>", e.ident.bare(), ty(api, &e.value));
            }
        }
        TypeKind::StringEnum(e) => {
            let values: Vec<String> = e
                .variants
                .iter()
                .map(|v| format!("{} = {:?}", v.ident.bare(), v.value))
                .collect();
            let _ = writeln!(
                s,
                "enum {name} {{ {}, ..{} }}{g}",
                values.join(", "),
                e.other.bare()
            );
        }
        TypeKind::IntEnum(e) => {
            let values: Vec<String> = e
                .variants
                .iter()
                .map(|v| format!("{} = {}", v.ident.bare(), v.value))
                .collect();
            let _ = writeln!(
                s,
                "enum {name} {{ {}, ..{} }}{g}",
                values.join(", "),
                e.other.bare()
            );
        }
        TypeKind::Tagged(u) => {
            let _ = writeln!(s, "union {name} by {:?}{g}", u.tag);
            for v in &u.variants {
                let _ = writeln!(s, "  {}({}) {:?}", v.ident.bare(), ty(api, &v.ty), v.tags);
            }
        }
        TypeKind::Untagged(u) => {
            let _ = writeln!(s, "union {name}{g}");
            for v in &u.variants {
                let _ = writeln!(s, "  {}({})", v.ident.bare(), ty(api, &v.ty));
            }
        }
        TypeKind::Alias(t) => {
            let _ = writeln!(s, "type {name} = {}{g}", ty(api, t));
        }
        TypeKind::Newtype(t) => {
            let _ = writeln!(s, "struct {name}({}){g}", ty(api, t));
        }
        TypeKind::Responses(vs) => {
            let _ = writeln!(s, "responses {name}{g}");
            for v in vs {
                let inner = v.ty.as_ref().map(|t| ty(api, t)).unwrap_or_default();
                let _ = writeln!(s, "  {}({inner})", v.ident.bare());
            }
        }
        TypeKind::Events(e) => {
            let _ = writeln!(s, "events {name}{g}");
            for v in &e.variants {
                let inner = v.ty.as_ref().map_or("String".to_owned(), |t| ty(api, t));
                let _ = writeln!(s, "  {}({inner}) = {:?}", v.ident.bare(), v.event);
            }
        }
    }
}

fn operation(api: &Api, op: &Operation, s: &mut String) {
    let _ = writeln!(
        s,
        "op {} {} {} -> client.{}() {:?}",
        op.name.bare(),
        op.method.upper(),
        op.path_template,
        api.call_path(op),
        op.retry,
    );
    for p in &op.path_params {
        let _ = writeln!(
            s,
            "  path {}: {} {:?}",
            p.name.ident.bare(),
            ty(api, &p.ty),
            p.passing
        );
    }
    for f in op.params().into_iter().flat_map(|p| &p.fields) {
        let given = match &f.given {
            ParamGiven::Argument(_) => "argument".to_owned(),
            ParamGiven::Setter(s) => format!("setter {}", s.bare()),
        };
        let _ = writeln!(
            s,
            "  {:?} {:?}: {} ({given})",
            f.location,
            f.name.wire,
            ty(api, &f.ty)
        );
    }
    if let Some(b) = &op.body {
        let _ = writeln!(
            s,
            "  body {} {:?}: {}",
            b.content_type,
            b.encoding,
            ty(api, &b.ty)
        );
    }
    let _ = writeln!(s, "  success {:?}", op.responses.success);
    for c in &op.responses.cases {
        let _ = writeln!(s, "  {:?} => {:?}", c.status, c.outcome);
    }
    let _ = writeln!(s, "  security {:?}", op.security);
}
