//! The public Rust API of a generated crate, as the IR describes it: a flat
//! list of items (types, fields, constructors, variants, methods, optional
//! parameters, response statuses), each with a stable key and the
//! signature user code depends on. Two surfaces compare into a report of
//! changes, each classed as breaking, additive or docs-only. It is written
//! into the crate (`api.json`) so the next regeneration can compare.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::emit::{Scope, new_argument_type, taken_tokens, tokens_text, type_tokens};
use crate::ir::*;

/// The version of the surface's description, written into `api.json`. A
/// surface described by another version is not compared (its signatures
/// may be spelled differently), so a new generator never reports a change
/// the API did not make.
pub const FORMAT: u32 = 3;

/// Reads `api.json`: the surface it holds, or `None` when it was written in
/// another format.
pub fn from_api_json(text: &str) -> Result<Option<Surface>, serde_json::Error> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        format: u32,
        #[serde(flatten)]
        surface: Surface,
    }
    let file: File = serde_json::from_str(text)?;
    Ok((file.format == FORMAT).then_some(file.surface))
}

/// Every public item of a crate, by key (`field Pet.name`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    /// Items by key, in key order.
    pub items: BTreeMap<String, Item>,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// What user code depends on: a type, a signature.
    pub signature: String,
    /// A digest of its documentation, to tell docs-only changes.
    pub docs: String,
    /// For a deprecated item, what to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
}

/// The names of the methods a surface has on `Client`.
pub fn client_methods(s: &Surface) -> std::collections::BTreeSet<String> {
    s.items
        .keys()
        .filter_map(|k| k.strip_prefix("fn Client::"))
        .map(str::to_owned)
        .collect()
}

/// How a change affects code written against the old crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Only documentation changed.
    DocsOnly,
    /// Something was added; code written against the old crate compiles.
    Additive,
    /// Code written against the old crate may no longer compile.
    Breaking,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::DocsOnly => "docs-only",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        })
    }
}

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// New.
    Added,
    /// Gone.
    Removed,
    /// Its signature differs.
    Changed,
    /// Only its documentation differs.
    Documented,
    /// Newly deprecated: it still works, and says what replaces it.
    Deprecated,
}

/// One change between two surfaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The item's key.
    pub item: String,
    /// What happened.
    pub kind: Kind,
    /// Its class.
    pub class: Class,
    /// The old signature, if the item existed.
    pub old: Option<String>,
    /// The new signature, if the item exists.
    pub new: Option<String>,
}

/// All changes from one surface to another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Changes, breaking first, then by item.
    pub changes: Vec<Change>,
}

impl Report {
    /// The class of the whole change (the worst of its parts), or `None`
    /// if nothing changed.
    pub fn class(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).max()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.changes {
            let detail = match (c.kind, &c.old, &c.new) {
                (Kind::Changed, Some(o), Some(n)) => format!(": `{o}` → `{n}`"),
                (Kind::Added, _, Some(n)) | (Kind::Documented, _, Some(n)) => format!(": `{n}`"),
                (Kind::Removed, Some(o), _) => format!(": `{o}`"),
                (Kind::Deprecated, _, Some(n)) => format!(": use {n}"),
                _ => String::new(),
            };
            let kind = match c.kind {
                Kind::Added => "added",
                Kind::Removed => "removed",
                Kind::Changed => "changed",
                Kind::Documented => "docs changed",
                Kind::Deprecated => "deprecated",
            };
            writeln!(f, "{:<9} {kind} {}{detail}", c.class.to_string(), c.item)?;
        }
        Ok(())
    }
}

/// Compares two surfaces.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut changes = Vec::new();
    for (key, o) in &old.items {
        match new.items.get(key) {
            None => changes.push(change(key, Kind::Removed, removal(key), Some(o), None)),
            Some(n) if n.signature != o.signature => changes.push(change(
                key,
                Kind::Changed,
                Class::Breaking,
                Some(o),
                Some(n),
            )),
            // Deprecating breaks no build: a warning, and the item stays.
            Some(n) if n.deprecated.is_some() && o.deprecated.is_none() => changes.push(Change {
                item: key.clone(),
                kind: Kind::Deprecated,
                class: Class::Additive,
                old: Some(o.signature.clone()),
                new: n.deprecated.clone(),
            }),
            Some(n) if n.docs != o.docs => changes.push(change(
                key,
                Kind::Documented,
                Class::DocsOnly,
                Some(o),
                Some(n),
            )),
            Some(_) => {}
        }
    }
    for (key, n) in &new.items {
        if !old.items.contains_key(key) {
            changes.push(change(key, Kind::Added, Class::Additive, None, Some(n)));
        }
    }
    changes.sort_by(|a, b| b.class.cmp(&a.class).then_with(|| a.item.cmp(&b.item)));
    Report { changes }
}

/// The class of removing an item: breaking, except for an error status an
/// operation no longer documents. No code stops compiling (the `ErrorBody`
/// variant stays while any operation names it), and a server that follows
/// the new spec never sends that status, so nothing changes at run time
/// either.
fn removal(key: &str) -> Class {
    if key.starts_with(STATUS) {
        Class::Additive
    } else {
        Class::Breaking
    }
}

/// The key prefix of an operation's error statuses.
const STATUS: &str = "status ";

fn change(key: &str, kind: Kind, class: Class, old: Option<&Item>, new: Option<&Item>) -> Change {
    Change {
        item: key.to_owned(),
        kind,
        class,
        old: old.map(|i| i.signature.clone()),
        new: new.map(|i| i.signature.clone()),
    }
}

/// The surface of the crate `api` generates.
pub(crate) fn of(api: &Api) -> Surface {
    let mut s = Collector {
        api,
        items: BTreeMap::new(),
    };
    for t in &api.types {
        s.type_def(t);
    }
    for op in &api.operations {
        s.operation(op);
    }
    for scheme in &api.schemes {
        for m in &scheme.makers {
            let sig = match m.takes {
                MakerTakes::Secret => "(impl Into<String>) -> Credential",
                MakerTakes::UserPassword => "(impl Into<String>, impl Into<String>) -> Credential",
                MakerTakes::ClientCredentials => "(client_id, client_secret) -> Credential",
                MakerTakes::Provider => "(impl TokenProvider) -> Credential",
            };
            s.add(
                format!("fn auth::{}", m.ident.bare()),
                sig.to_owned(),
                &scheme.docs,
            );
        }
    }
    if let Some(w) = &api.webhooks {
        for p in &w.payloads {
            let sig = format!("(&Verifier, &impl HeaderLookup, &[u8]) -> {}", s.ty(&p.ty));
            s.add(format!("fn webhooks::{}", p.function.bare()), sig, &p.docs);
        }
        for v in w.events.iter().flat_map(|e| &e.variants) {
            let sig = format!("{} = {:?}", s.ty(&v.ty), v.value);
            s.add(
                format!("variant webhooks::Event::{}", v.ident.bare()),
                sig,
                &Docs::none(),
            );
        }
    }
    for ns in &api.namespaces {
        let owner = ns
            .parent
            .map_or("Client", |p| api.namespaces[p.0].ty.bare());
        s.add(
            format!("fn {owner}::{}", ns.accessor.bare()),
            format!("() -> resources::{}", ns.ty.bare()),
            &ns.docs,
        );
    }
    // Removing a feature breaks the builds that enable it by name.
    for g in &api.groups {
        s.add(
            format!("feature {}", g.feature),
            "Cargo feature".to_owned(),
            &g.title,
        );
    }
    for e in &api.error_bodies {
        let sig = s.ty(&e.ty);
        s.add(
            format!("variant ErrorBody::{}", e.ident.bare()),
            sig,
            &Docs::none(),
        );
    }
    // The runtime's types are the crate's too: a runtime outside the
    // semver range recorded here breaks users as surely as a changed field.
    let runtime = format!(
        "{} {}",
        crate::runtime_crate::PACKAGE,
        crate::runtime_crate::compatible_range()
    );
    let aliases = if api.has_client() {
        crate::emit::RUNTIME_ALIASES
    } else {
        &[]
    };
    for name in crate::emit::runtime_exports(api).iter().chain(aliases) {
        s.add(format!("runtime {name}"), runtime.clone(), &Docs::none());
    }
    Surface { items: s.items }
}

struct Collector<'a> {
    api: &'a Api,
    items: BTreeMap<String, Item>,
}

impl Collector<'_> {
    fn add(&mut self, key: String, signature: String, docs: &Docs) {
        self.items.insert(
            key,
            Item {
                signature,
                docs: digest(docs.as_str()),
                deprecated: None,
            },
        );
    }

    /// A type as users see it (`Vec<Pet>`, `Option<DateTime>`), from the
    /// tokens the emitters write, in the surface's scope.
    fn ty(&self, t: &TypeRef) -> String {
        tokens_text(type_tokens(self.api, t, Scope::Surface))
    }

    /// What a setter or argument takes for a value of type `t`: the rule
    /// the emitters follow.
    fn taken(&self, t: &TypeRef, taking: Taking) -> String {
        tokens_text(taken_tokens(self.api, t, taking, Scope::Surface))
    }

    fn type_def(&mut self, t: &TypeDef) {
        let name = t.name.ident.bare();
        let kind = match &t.kind {
            TypeKind::Struct(s) => {
                self.struct_items(name, s);
                "struct".to_owned()
            }
            TypeKind::StringEnum(e) => {
                for v in &e.variants {
                    self.add(
                        format!("variant {name}::{}", v.ident.bare()),
                        format!("{:?}", v.value),
                        &v.docs,
                    );
                }
                "enum".to_owned()
            }
            TypeKind::IntEnum(e) => {
                for v in &e.variants {
                    self.add(
                        format!("variant {name}::{}", v.ident.bare()),
                        v.value.to_string(),
                        &v.docs,
                    );
                }
                "enum".to_owned()
            }
            TypeKind::Tagged(u) => {
                for v in &u.variants {
                    let tags: Vec<&str> = v.tags.iter().map(String::as_str).collect();
                    let sig = format!("{} ({})", self.ty(&v.ty), tags.join(" | "));
                    self.add(format!("variant {name}::{}", v.ident.bare()), sig, &v.docs);
                }
                "enum".to_owned()
            }
            TypeKind::Untagged(u) => {
                for v in &u.variants {
                    let sig = self.ty(&v.ty);
                    self.add(format!("variant {name}::{}", v.ident.bare()), sig, &v.docs);
                }
                "enum".to_owned()
            }
            TypeKind::Responses(vs) => {
                for v in vs {
                    let sig = v.ty.as_ref().map(|t| self.ty(t)).unwrap_or_default();
                    self.add(format!("variant {name}::{}", v.ident.bare()), sig, &v.docs);
                }
                "enum".to_owned()
            }
            TypeKind::Events(e) => {
                for v in &e.variants {
                    let sig = v.ty.as_ref().map_or("String".to_owned(), |t| self.ty(t));
                    let sig = format!("{sig} (event {})", v.event);
                    self.add(format!("variant {name}::{}", v.ident.bare()), sig, &v.docs);
                }
                "enum".to_owned()
            }
            TypeKind::Alias(target) => format!("type = {}", self.ty(target)),
            TypeKind::Newtype(target) => format!("struct({})", self.ty(target)),
        };
        self.add(format!("type {name}"), kind, &t.docs);
    }

    fn struct_items(&mut self, name: &str, s: &StructDef) {
        for f in &s.fields {
            let sig = self.ty(&f.rust_type());
            self.add(
                format!("field {name}.{}", f.name.ident.bare()),
                sig,
                &f.docs,
            );
        }
        if let Some(e) = &s.extra {
            let sig = format!("std::collections::BTreeMap<String, {}>", self.ty(&e.value));
            self.add(format!("field {name}.{}", e.ident.bare()), sig, &e.docs);
        }
        if let Some(b) = &s.builder {
            let args: Vec<String> = b
                .required
                .iter()
                .filter_map(|&i| Some((s.fields.get(i)?, b.setters.get(i)?)))
                .map(|(f, setter)| {
                    tokens_text(new_argument_type(
                        self.api,
                        f,
                        setter.taking,
                        Scope::Surface,
                    ))
                })
                .collect();
            let sig = format!("({})", args.join(", "));
            self.add(format!("fn {name}::{}", b.new.bare()), sig, &Docs::none());
            for (f, setter) in s.fields.iter().zip(&b.setters) {
                let sig = self.taken(&f.ty, setter.taking);
                self.add(
                    format!("setter {name}::{}", setter.set.bare()),
                    sig,
                    &Docs::none(),
                );
                if let Some(clear) = &setter.clear {
                    self.add(
                        format!("setter {name}::{}", clear.bare()),
                        "()".to_owned(),
                        &Docs::none(),
                    );
                }
            }
        }
    }

    fn operation(&mut self, op: &Operation) {
        // `Client::update_phone_number`, `PhoneNumbers::update`.
        let m = match &op.home {
            Home::Client => format!("Client::{}", op.name.bare()),
            Home::Namespace { id, method, .. } => {
                format!("{}::{}", self.api.namespaces[id.0].ty.bare(), method.bare())
            }
        };
        let mut args: Vec<String> = op
            .path_params
            .iter()
            .map(|p| match p.passing {
                Passing::Str => "&str".to_owned(),
                Passing::Value => self.ty(&p.ty),
                Passing::Ref => format!("&{}", self.ty(&p.ty)),
            })
            .collect();
        for f in op.params().into_iter().flat_map(|p| &p.fields) {
            match &f.given {
                ParamGiven::Argument(_) => args.push(self.taken(&f.ty, f.taking)),
                ParamGiven::Setter(s) => {
                    let sig = self.taken(&f.ty, f.taking);
                    self.add(
                        format!("setter requests::{}::{}", op.request.bare(), s.bare()),
                        sig,
                        &f.docs,
                    );
                }
            }
        }
        if let Some(b) = &op.body {
            let sig = match b.encoding {
                BodyEncoding::Binary => "impl Into<Upload>".to_owned(),
                BodyEncoding::Text => "impl Into<String>".to_owned(),
                _ => format!("&{}", self.ty(&b.ty)),
            };
            match &b.given {
                BodyGiven::Argument => args.push(sig),
                BodyGiven::Setter(s) => self.add(
                    format!("setter requests::{}::{}", op.request.bare(), s.bare()),
                    sig,
                    &Docs::none(),
                ),
            }
        }
        let ret = match &op.responses.success {
            SuccessType::Single(b) => match b {
                BodyKind::Json(t) => self.ty(t),
                BodyKind::Text => "String".to_owned(),
                BodyKind::Bytes => "Binary".to_owned(),
                BodyKind::Empty => "()".to_owned(),
                BodyKind::Events(EventData::Raw) => "EventStream<Event>".to_owned(),
                BodyKind::Events(EventData::Json(t)) => format!("EventStream<{}>", self.ty(t)),
                BodyKind::Events(EventData::ByName(id)) => {
                    format!("EventStream<{}>", self.ty(&TypeRef::Named(*id)))
                }
            },
            SuccessType::Enum(id) => self.ty(&TypeRef::Named(*id)),
        };
        let sig = format!(
            "({}) -> requests::{} ({ret})",
            args.join(", "),
            op.request.bare()
        );
        if let Home::Namespace {
            forwarder: true, ..
        } = op.home
        {
            let moved = format!("`client.{}(…)`", self.api.call_path(op));
            self.add(
                format!("fn Client::{}", op.name.bare()),
                sig.clone(),
                &op.docs,
            );
            if let Some(item) = self
                .items
                .get_mut(&format!("fn Client::{}", op.name.bare()))
            {
                item.deprecated = Some(moved);
            }
        }
        self.add(format!("fn {m}"), sig, &op.docs);
        if let Some(p) = op.pagination() {
            let sig = format!("() -> Items<{}>", self.ty(&p.item));
            let name = format!(
                "method requests::{}::{}",
                op.request.bare(),
                p.method.bare()
            );
            self.add(name, sig, &p.docs);
        }
        if let Some(s) = op.streamed() {
            let name = format!(
                "method requests::{}::{}",
                op.request.bare(),
                s.method.bare()
            );
            self.add(name, "() -> ByteStream".to_owned(), &Docs::none());
        }
        for case in &op.responses.cases {
            let Outcome::Error { body } = &case.outcome else {
                continue;
            };
            let status = match case.status {
                StatusMatch::Code(c) => c.to_string(),
                StatusMatch::Range(r) => format!("{r}XX"),
                StatusMatch::Default => "default".to_owned(),
            };
            let sig = match body.and_then(|i| self.api.error_bodies.get(i)) {
                Some(e) => format!("ErrorBody::{}", e.ident.bare()),
                None => "undocumented body".to_owned(),
            };
            self.add(format!("{STATUS}{m} {status}"), sig, &Docs::none());
        }
    }
}

/// A short, stable digest of documentation text (FNV-1a, 64 bits).
fn digest(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
