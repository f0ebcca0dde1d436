//! The rules of the IR that its types cannot state, checked in one pass
//! between lowering and emitting: every reference
//! in range, names unique in their scope, each enum value and each tag value
//! matched once. A failure is a generator bug, reported as an internal error
//! at the spec location the item came from, never a panic.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use crate::ir::walk::{for_each_ref, named_in, roots};
use crate::ir::*;

/// Checks `api`; each problem is an internal-error diagnostic.
pub(crate) fn check(api: &Api) -> Diagnostics {
    let mut c = Checker {
        api,
        diags: Diagnostics::new(),
    };
    c.unique(
        "#",
        "types",
        api.types.iter().map(|t| t.name.ident.bare().to_owned()),
    );
    for t in &api.types {
        c.type_def(t);
    }
    c.unique(
        "#/paths",
        "methods",
        api.operations.iter().map(|o| o.name.bare().to_owned()),
    );
    c.unique(
        "#/paths",
        "decoders",
        api.operations.iter().map(|o| o.decoder.bare().to_owned()),
    );
    let requests = api.operations.iter().flat_map(|o| {
        std::iter::once(o.request.bare().to_owned())
            .chain(o.params().into_iter().map(|p| p.ty.bare().to_owned()))
    });
    c.unique("#/paths", "request types", requests);
    c.unique(
        "#/components",
        "error bodies",
        api.error_bodies.iter().map(|e| e.ident.bare().to_owned()),
    );
    for op in &api.operations {
        c.operation(op);
    }
    for e in &api.error_bodies {
        c.type_ref("#/components", &e.ty);
    }
    c.diags
}

struct Checker<'a> {
    api: &'a Api,
    diags: Diagnostics,
}

impl Checker<'_> {
    fn bug(&mut self, at: &str, message: String) {
        self.diags.push(
            Diagnostic::error(at, format!("internal error: {message}"))
                .with_help("please report this with the spec that triggered it"),
        );
    }

    /// Each name once; `what` is plural (`fields`).
    fn unique(&mut self, at: &str, what: &str, names: impl Iterator<Item = String>) {
        let mut seen = HashSet::new();
        for n in names {
            if !seen.insert(n.clone()) {
                self.bug(at, format!("two {what} are both `{n}`"));
            }
        }
    }

    fn type_ref(&mut self, at: &str, t: &TypeRef) {
        let mut bad = Vec::new();
        named_in(t, &mut |id| {
            if id.0 >= self.api.types.len() {
                bad.push(id.0);
            }
        });
        for id in bad {
            self.bug(
                at,
                format!("a reference to type #{id}, which does not exist"),
            );
        }
    }

    fn type_def(&mut self, t: &TypeDef) {
        let at = t.name.wire.as_str();
        let mut refs = Vec::new();
        for_each_ref(&t.kind, &mut |r| refs.push(r.clone()));
        for r in &refs {
            self.type_ref(at, r);
            self.gate_covers(at, &t.gate, r);
        }
        match &t.kind {
            TypeKind::Struct(s) => {
                let names = s
                    .fields
                    .iter()
                    .map(|f| f.name.ident.bare())
                    .chain(s.extra.iter().map(|e| e.ident.bare()));
                self.unique(at, "fields", names.map(str::to_owned));
                if let Some(b) = &s.builder {
                    let methods = b
                        .setters
                        .iter()
                        .flat_map(|m| std::iter::once(&m.set).chain(&m.clear))
                        .chain([&b.new])
                        .chain(&b.extra)
                        .map(|i| i.bare().to_owned());
                    self.unique(at, "builder methods", methods);
                    if b.setters.len() != s.fields.len() {
                        self.bug(at, "a builder without one setter per field".to_owned());
                    }
                }
                // Parameter structs may hold a query and a header parameter
                // of the same name; a serialized struct may not.
                if s.serde {
                    let wires = s.fields.iter().map(|f| f.name.wire.clone());
                    self.unique(at, "properties", wires);
                }
            }
            TypeKind::StringEnum(e) => {
                self.enum_def(at, e, |v| v.clone());
            }
            TypeKind::IntEnum(e) => {
                self.enum_def(at, e, |v| v.to_string());
            }
            TypeKind::Tagged(tagged) => {
                let names = tagged
                    .variants
                    .iter()
                    .map(|v| v.ident.bare())
                    .chain([tagged.other.bare()]);
                self.unique(at, "variants", names.map(str::to_owned));
                let tags = tagged.variants.iter().flat_map(|v| v.tags.iter().cloned());
                self.unique(at, "tag values", tags);
            }
            TypeKind::Untagged(u) => {
                let names = u.variants.iter().map(|v| v.ident.bare().to_owned());
                self.unique(at, "variants", names);
            }
            TypeKind::Responses(v) => {
                self.unique(at, "variants", v.iter().map(|v| v.ident.bare().to_owned()));
            }
            TypeKind::Events(e) => {
                let names = e
                    .variants
                    .iter()
                    .map(|v| v.ident.bare())
                    .chain([e.other.bare()]);
                self.unique(at, "variants", names.map(str::to_owned));
                self.unique(
                    at,
                    "event names",
                    e.variants.iter().map(|v| v.event.clone()),
                );
            }
            TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
        }
    }

    fn enum_def<T>(&mut self, at: &str, e: &EnumDef<T>, text: impl Fn(&T) -> String) {
        let names = e
            .variants
            .iter()
            .map(|v| v.ident.bare())
            .chain([e.other.bare()]);
        self.unique(at, "variants", names.map(str::to_owned));
        self.unique(at, "enum values", e.variants.iter().map(|v| text(&v.value)));
    }

    fn operation(&mut self, op: &Operation) {
        let at = Pointer::root()
            .push("paths")
            .push(&op.path_template)
            .push(op.method.key());
        let at = at.as_str();
        for seg in &op.path {
            if let PathSegment::Param(i) = seg
                && *i >= op.path_params.len()
            {
                self.bug(at, format!("path segment refers to parameter #{i}"));
            }
        }
        let args = op
            .path_params
            .iter()
            .map(|p| p.name.ident.bare().to_owned());
        self.unique(at, "arguments", args);
        for p in &op.path_params {
            self.type_ref(at, &p.ty);
        }
        if let Some(b) = &op.body {
            self.type_ref(at, &b.ty);
        }
        let gate = match op.group {
            Some(g) => Gate::Any(NonEmpty::new(g)),
            None => Gate::Always,
        };
        let (sent, received) = roots(op);
        for r in sent.iter().chain(&received) {
            self.gate_covers(at, &gate, r);
        }
    }

    /// Whatever compiles an item compiles every type it names: a type is
    /// always compiled, or its groups include all of the item's.
    fn gate_covers(&mut self, at: &str, outer: &Gate, r: &TypeRef) {
        let mut missing = Vec::new();
        named_in(r, &mut |id| {
            let Some(inner) = self.api.types.get(id.0) else {
                return;
            };
            let covered = match (&inner.gate, outer) {
                (Gate::Always, _) => true,
                (Gate::Any(_), Gate::Always) => false,
                (Gate::Any(have), Gate::Any(need)) => {
                    need.iter().all(|g| have.iter().any(|h| h == g))
                }
            };
            if !covered {
                missing.push(inner.name.ident.to_string());
            }
        });
        for name in missing {
            self.bug(
                at,
                format!("type `{name}` is compiled out where something uses it"),
            );
        }
    }
}
