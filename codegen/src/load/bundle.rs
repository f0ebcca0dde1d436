//! Bundling: relative-file `$ref`s pulled into one document. Schemas are
//! hoisted into `components/schemas` (they need a name, and may be
//! recursive); every other referenced object is inlined where it is used.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use url::Url;

use super::ids::{Resources, Target, file_uri, scoped};
use super::{canonical, parse_text, read_text};
use crate::diagnostics::{Diagnostic, Diagnostics, Pointer, split_pointer};
use crate::shape::Ctx;
use crate::source_map::{SourceFile, SourceMap};

/// Pulls relative-file `$ref`s into the root document. Schemas are hoisted
/// into `components/schemas` (they need a name, and may be recursive); every
/// other referenced object is inlined where it is used.
pub(super) struct Bundler {
    sources: SourceMap,
    /// Canonical path → file index.
    files: HashMap<PathBuf, usize>,
    /// File index → parsed root (the bundle root is not stored here).
    roots: HashMap<usize, Value>,
    base_dirs: HashMap<usize, PathBuf>,
    /// (file, fragment) → hoisted schema name.
    hoisted: HashMap<(usize, String), String>,
    /// Names in `components/schemas`, present or about to be.
    taken: HashSet<String>,
    /// Hoisted names whose content has been (or is being) copied.
    filled: HashSet<String>,
    /// Hoisted schemas waiting to be inserted, with their origin.
    new_schemas: Vec<(String, Value, usize, String)>,
    diags: Diagnostics,
    /// (file, fragment) pairs being inlined, to catch cycles.
    inline_stack: Vec<(usize, String)>,
    /// `$id`s and anchors of the files read so far.
    resources: Resources,
}

const ROOT_FILE: usize = 0;

impl Bundler {
    /// A bundler for the document in `sources`' file 0, read from `path`
    /// (with `base` its directory) if it came from a file.
    pub(super) fn new(sources: SourceMap, file: Option<(&Path, &Path)>) -> Self {
        let mut b = Bundler {
            sources,
            files: HashMap::new(),
            roots: HashMap::new(),
            base_dirs: HashMap::new(),
            hoisted: HashMap::new(),
            taken: HashSet::new(),
            filled: HashSet::new(),
            new_schemas: Vec::new(),
            diags: Diagnostics::new(),
            inline_stack: Vec::new(),
            resources: Resources::default(),
        };
        if let Some((path, base)) = file {
            b.files.insert(canonical(path), ROOT_FILE);
            b.base_dirs.insert(ROOT_FILE, base.to_path_buf());
        }
        b
    }

    /// Resolves every reference of `root`: `$id`s and anchors, other files
    /// pulled in. Returns the source map and the problems found.
    pub(super) fn bundle(
        mut self,
        root: &mut Value,
        path: Option<&Path>,
    ) -> (SourceMap, Diagnostics) {
        let display = self.sources.file(ROOT_FILE).display.clone();
        let base = file_uri(path, &display);
        if let Some(uri) = &base {
            self.resources.add_file(ROOT_FILE, uri.clone(), root);
        }
        self.adopt_root_schemas(root);
        self.walk(
            root,
            Ctx::DOCUMENT,
            ROOT_FILE,
            base.as_ref(),
            &mut Vec::new(),
        );
        self.finish(root);
        (self.sources, self.diags)
    }

    fn walk(
        &mut self,
        node: &mut Value,
        ctx: Ctx,
        file: usize,
        base: Option<&Url>,
        path: &mut Vec<String>,
    ) {
        match node {
            Value::Object(map) => {
                let scoped_base = match (ctx, base) {
                    (Ctx::SCHEMA, Some(b)) => Some(scoped(map, b)),
                    _ => base.cloned(),
                };
                let base = scoped_base.as_ref();
                if ctx.resolves_refs()
                    && let Some(Value::String(reference)) = map.get("$ref")
                {
                    let reference = reference.clone();
                    self.resolve_ref(node, &reference, ctx, file, base, path);
                    // A 3.1 schema's keywords beside `$ref` may refer too.
                    if ctx == Ctx::SCHEMA
                        && let Value::Object(map) = node
                    {
                        for (key, child) in map.iter_mut().filter(|(k, _)| *k != "$ref") {
                            path.push(key.clone());
                            self.walk(child, ctx.child(key), file, base, path);
                            path.pop();
                        }
                    }
                    return;
                }
                for (key, child) in map.iter_mut() {
                    path.push(key.clone());
                    self.walk(child, ctx.child(key), file, base, path);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    self.walk(child, ctx.element(), file, base, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn pointer_of(path: &[String]) -> String {
        let mut p = Pointer::root();
        for s in path {
            p = p.push(s);
        }
        p.into()
    }

    fn resolve_ref(
        &mut self,
        node: &mut Value,
        reference: &str,
        ctx: Ctx,
        file: usize,
        base: Option<&Url>,
        path: &mut Vec<String>,
    ) {
        let by_id = match base {
            Some(b) => self.resources.resolve(file, reference, b),
            None => Target::Plain,
        };
        let (target_file, fragment) = match by_id {
            Target::At((f, pointer)) => {
                if f == file && file == ROOT_FILE {
                    set_ref(node, &format!("#{pointer}"));
                }
                (f, pointer)
            }
            Target::Missing(message) => {
                self.diags
                    .push(Diagnostic::error(Self::pointer_of(path), message));
                return;
            }
            Target::Plain => match reference.split_once('#') {
                Some(("", frag)) => (file, frag.to_owned()),
                Some((rel, frag)) => match self.open(rel, file, path) {
                    Some(f) => (f, frag.to_owned()),
                    None => return,
                },
                None => match self.open(reference, file, path) {
                    Some(f) => (f, String::new()),
                    None => return,
                },
            },
        };
        if target_file == ROOT_FILE {
            // A reference into the root document stays a local reference.
            if file != ROOT_FILE {
                set_ref(node, &format!("#{fragment}"));
            }
            return;
        }
        if matches!(ctx, Ctx::SCHEMA) {
            let name = self.hoist(target_file, &fragment, path);
            set_ref(
                node,
                Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(&name)
                    .as_str(),
            );
            return;
        }
        // Any other object is inlined where it is used.
        let key = (target_file, fragment.clone());
        if self.inline_stack.contains(&key) {
            self.diags.push(
                Diagnostic::error(
                    Self::pointer_of(path),
                    format!("`$ref: {reference}` forms a cycle of references"),
                )
                .with_help("only schemas may refer to themselves"),
            );
            return;
        }
        let Some(mut target) = self.target(target_file, &fragment, reference, path) else {
            return;
        };
        let bundled = Self::pointer_of(path);
        self.sources
            .mount(&bundled, target_file, &format!("#{fragment}"));
        self.inline_stack.push(key);
        let base = self.base_at(target_file, &fragment);
        self.walk(&mut target, ctx, target_file, base.as_ref(), path);
        self.inline_stack.pop();
        *node = target;
    }

    /// Root schemas that are nothing but a reference to another file
    /// (`Pet: {$ref: ./Pet.yaml}`) take that file's content under their own
    /// name, so the bundle has `Pet` rather than an alias to `Pet2`.
    fn adopt_root_schemas(&mut self, root: &mut Value) {
        let Some(Value::Object(schemas)) = root.pointer_mut("/components/schemas") else {
            return;
        };
        self.taken.extend(schemas.keys().cloned());
        let names: Vec<String> = schemas.keys().cloned().collect();
        for name in names {
            let Some(Value::String(reference)) =
                schemas.get(&name).and_then(|s| s.get("$ref")).cloned()
            else {
                continue;
            };
            if reference.starts_with('#')
                || schemas[&name].as_object().is_some_and(|m| m.len() != 1)
            {
                continue;
            }
            let path = vec!["components".to_owned(), "schemas".to_owned(), name.clone()];
            let (rel, fragment) = reference
                .split_once('#')
                .unwrap_or((reference.as_str(), ""));
            let Some(file) = self.open(rel, ROOT_FILE, &path) else {
                continue;
            };
            self.hoisted
                .entry((file, fragment.to_owned()))
                .or_insert_with(|| name.clone());
        }
    }

    fn hoist(&mut self, file: usize, fragment: &str, path: &[String]) -> String {
        if let Some(name) = self.hoisted.get(&(file, fragment.to_owned())).cloned() {
            // An adopted root schema is filled in the first time it is met.
            if self.taken.contains(&name)
                && !self.new_schemas.iter().any(|(n, ..)| n == &name)
                && !self.filled.contains(&name)
            {
                self.filled.insert(name.clone());
                self.fill(&name, file, fragment, path);
            }
            return name;
        }
        let base = split_pointer(fragment)
            .last()
            .cloned()
            .unwrap_or_else(|| file_stem(&self.sources.file(file).display));
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.hoisted
            .insert((file, fragment.to_owned()), name.clone());
        self.taken.insert(name.clone());
        self.filled.insert(name.clone());
        self.fill(&name, file, fragment, path);
        name
    }

    /// Copies the schema at `file#fragment` into the bundle as `name`.
    fn fill(&mut self, name: &str, file: usize, fragment: &str, path: &[String]) {
        if let Some(mut target) = self.target(file, fragment, fragment, path) {
            let mut schema_path = vec![
                "components".to_owned(),
                "schemas".to_owned(),
                name.to_owned(),
            ];
            let base = self.base_at(file, fragment);
            self.walk(
                &mut target,
                Ctx::SCHEMA,
                file,
                base.as_ref(),
                &mut schema_path,
            );
            self.new_schemas
                .push((name.to_owned(), target, file, format!("#{fragment}")));
        }
    }

    /// The base URI in effect at `fragment` of `file`.
    fn base_at(&self, file: usize, fragment: &str) -> Option<Url> {
        let root = self.roots.get(&file)?;
        self.resources.base_at(file, root, fragment)
    }

    fn target(
        &mut self,
        file: usize,
        fragment: &str,
        reference: &str,
        path: &[String],
    ) -> Option<Value> {
        let root = self.roots.get(&file)?;
        let mut cur = root;
        for seg in split_pointer(fragment) {
            let next = match cur {
                Value::Object(m) => m.get(&seg),
                Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            match next {
                Some(n) => cur = n,
                None => {
                    self.diags.push(Diagnostic::error(
                        Self::pointer_of(path),
                        format!(
                            "`$ref: {reference}` points to nothing in `{}`",
                            self.sources.file(file).display
                        ),
                    ));
                    return None;
                }
            }
        }
        Some(cur.clone())
    }

    /// Loads the file `rel` (relative to `from`'s directory) once.
    fn open(&mut self, rel: &str, from: usize, path: &[String]) -> Option<usize> {
        // A file named by a `file:` URI (a reference resolved against an
        // `$id`).
        if let Some(full) = Url::parse(rel)
            .ok()
            .filter(|u| u.scheme() == "file")
            .and_then(|u| u.to_file_path().ok())
        {
            return self.open_path(full, path);
        }
        if rel.contains("://") {
            self.diags.push(
                Diagnostic::error(
                    Self::pointer_of(path),
                    format!("remote `$ref: {rel}` is not supported"),
                )
                .with_help("download the referenced document and refer to it by a relative path"),
            );
            return None;
        }
        let Some(base) = self.base_dirs.get(&from).cloned() else {
            self.diags.push(Diagnostic::error(
                Self::pointer_of(path),
                format!(
                    "`$ref: {rel}` refers to another file, but this spec was not read from a file"
                ),
            ));
            return None;
        };
        self.open_path(base.join(rel), path)
    }

    /// Loads the file at `full` once, registering its `$id`s and anchors
    /// and rewriting its references.
    fn open_path(&mut self, full: PathBuf, path: &[String]) -> Option<usize> {
        let canon = canonical(&full);
        if let Some(&idx) = self.files.get(&canon) {
            return Some(idx);
        }
        let display = full.display().to_string();
        let text = match read_text(&full) {
            Ok(t) => t,
            Err(msg) => {
                self.diags.push(Diagnostic::error(
                    Self::pointer_of(path),
                    format!("cannot read `{display}` referenced by `$ref`: {msg}"),
                ));
                return None;
            }
        };
        let parsed = match parse_text(&text, &display) {
            Ok(v) => v,
            Err(d) => {
                self.diags.extend(d);
                return None;
            }
        };
        let idx = self.sources.add_file(SourceFile { display, text });
        if let Some(uri) = file_uri(Some(&full), "") {
            self.resources.add_file(idx, uri, &parsed);
        }
        self.files.insert(canon, idx);
        self.roots.insert(idx, parsed);
        self.base_dirs.insert(
            idx,
            full.parent().map(Path::to_path_buf).unwrap_or_default(),
        );
        Some(idx)
    }

    fn finish(&mut self, root: &mut Value) {
        if self.new_schemas.is_empty() {
            return;
        }
        let Value::Object(top) = root else { return };
        let components = top
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if !components.is_object() {
            return;
        }
        let Some(schemas) = components.as_object_mut().map(|c| {
            c.entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()))
        }) else {
            return;
        };
        let Value::Object(schemas) = schemas else {
            return;
        };
        for (name, value, file, fragment) in std::mem::take(&mut self.new_schemas) {
            let at = Pointer::root()
                .push("components")
                .push("schemas")
                .push(&name);
            self.sources.mount(at.as_str(), file, &fragment);
            schemas.insert(name, value);
        }
    }
}

fn set_ref(node: &mut Value, reference: &str) {
    if let Value::Object(m) = node {
        m.insert("$ref".to_owned(), Value::String(reference.to_owned()));
    }
}

fn file_stem(display: &str) -> String {
    Path::new(display)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Schema".to_owned())
}
