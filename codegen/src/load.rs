//! Reading a spec: text → JSON tree (YAML or JSON, told apart by content),
//! with relative-file `$ref`s pulled into one bundled document and a source
//! map that remembers where every part came from.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Pointer, split_pointer};
use crate::shape::Ctx;
use crate::source_map::{SourceFile, SourceMap};

/// Largest spec file we accept, far above any real spec (GitHub's is 11 MB).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A loaded, bundled document.
#[derive(Debug)]
pub struct Loaded {
    /// The bundled JSON tree.
    pub root: Value,
    /// Where its parts came from.
    pub sources: SourceMap,
    /// Problems that did not stop loading.
    pub warnings: Diagnostics,
}

/// Reads and bundles the spec at `path`.
pub fn load_path(path: &Path) -> Result<Loaded, Diagnostics> {
    let display = path.display().to_string();
    let text = read_text(path).map_err(|msg| {
        Diagnostics::from(Diagnostic::error(
            "#",
            format!("cannot read `{display}`: {msg}"),
        ))
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    load_text_at(&text, &display, Some((path, &base)))
}

/// Parses and bundles spec text that has no file behind it; relative `$ref`s
/// are reported as errors.
pub fn load_str(text: &str, display: &str) -> Result<Loaded, Diagnostics> {
    load_text_at(text, display, None)
}

fn load_text_at(
    text: &str,
    display: &str,
    file: Option<(&Path, &Path)>,
) -> Result<Loaded, Diagnostics> {
    let root = parse_text(text, display)?;
    let mut sources = SourceMap::default();
    let root_file = sources.add_file(SourceFile {
        display: display.to_owned(),
        text: text.to_owned(),
    });
    sources.mount("#", root_file, "#");
    let mut bundler = Bundler {
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
    };
    if let Some((path, base)) = file {
        bundler.files.insert(canonical(path), root_file);
        bundler.base_dirs.insert(root_file, base.to_path_buf());
    }
    let mut root = root;
    if !matches!(root, Value::Object(_)) {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(
            "#",
            format!("`{display}` is not an OpenAPI document: its top level is not a mapping"),
        ));
        return Err(d);
    }
    if text.contains("$ref") {
        bundler.adopt_root_schemas(&mut root);
        bundler.walk(&mut root, Ctx::Document, root_file, &mut Vec::new());
        bundler.finish(&mut root);
    }
    let mut warnings = bundler.diags;
    if warnings.has_errors() {
        bundler.sources.locate_all(&mut warnings);
        return Err(warnings);
    }
    Ok(Loaded {
        root,
        sources: bundler.sources,
        warnings,
    })
}

fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a directory".to_owned());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "it is {} bytes, over the {MAX_FILE_BYTES}-byte limit",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| format!("it is not UTF-8 text ({e})"))
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Parses YAML or JSON. JSON is recognised by content (a leading `{`), not by
/// file extension; YAML that merely starts with a flow mapping still loads.
pub fn parse_text(text: &str, display: &str) -> Result<Value, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => return Ok(v),
            Err(json_err) if json_err.to_string().contains("recursion limit") => {
                return Err(Diagnostics::from(
                    Diagnostic::error("#", "invalid JSON: nesting exceeds the 128-level limit")
                        .with_help("the document nests deeper than any real spec")
                        .at(Location {
                            file: display.to_owned(),
                            line: json_err.line(),
                            column: json_err.column(),
                        }),
                ));
            }
            Err(json_err) => {
                // Valid YAML flow mappings are not always valid JSON; only if
                // YAML also fails is the JSON error the one worth showing.
                if let Ok(v) = parse_yaml(text, display) {
                    return Ok(v);
                }
                let loc = Location {
                    file: display.to_owned(),
                    line: json_err.line(),
                    // serde_json counts a position before the line's first
                    // character as column 0.
                    column: json_err.column().max(1),
                };
                return Err(Diagnostics::from(
                    Diagnostic::error(
                        "#",
                        format!("invalid JSON: {}", strip_position(&json_err.to_string())),
                    )
                    .at(loc),
                ));
            }
        }
    }
    parse_yaml(text, display).map_err(Diagnostics::from)
}

/// serde_json appends " at line L column C"; the location is shown separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

fn parse_yaml(text: &str, display: &str) -> Result<Value, Diagnostic> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let message = yaml_message(&e);
        let mut d = Diagnostic::error("#", format!("invalid YAML: {message}"));
        if message.contains("repetition limit") {
            d = d.with_help(
                "the document's aliases (`*name`) expand to far more data than it holds; \
                 it looks like an alias bomb and is refused",
            );
        } else if message.contains("recursion limit") {
            d = d.with_help("the document nests deeper than any real spec (over 128 levels)");
        }
        if let Some(loc) = e.location() {
            d = d.at(Location {
                file: display.to_owned(),
                line: loc.line(),
                column: loc.column(),
            });
        }
        d
    })?;
    let mut yaml = yaml;
    yaml.apply_merge()
        .map_err(|e| Diagnostic::error("#", format!("invalid YAML merge key: {e}")))?;
    yaml_to_json(yaml, &Pointer::root())
}

fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    }
}

/// Converts YAML to JSON. Mapping keys that YAML reads as numbers or booleans
/// (`200:` in `responses`) become their JSON string form.
fn yaml_to_json(v: serde_yaml::Value, at: &Pointer) -> Result<Value, Diagnostic> {
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match serde_json::Number::from_f64(f) {
                    Some(n) => Value::Number(n),
                    None => {
                        return Err(Diagnostic::error(
                            at.as_str(),
                            format!("the number `{f}` cannot be represented in JSON"),
                        ));
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                out.push(yaml_to_json(item, &at.index(i))?);
            }
            Value::Array(out)
        }
        Y::Mapping(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    Y::Tagged(t) => match t.value {
                        Y::String(s) => s,
                        _ => {
                            return Err(Diagnostic::error(
                                at.as_str(),
                                "a mapping key is not a scalar",
                            ));
                        }
                    },
                    Y::Sequence(_) | Y::Mapping(_) => {
                        return Err(Diagnostic::error(
                            at.as_str(),
                            "a mapping key is a sequence or mapping; JSON keys must be strings",
                        ));
                    }
                };
                let child = at.push(&key);
                out.insert(key, yaml_to_json(v, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_to_json(t.value, at)?,
    })
}

/// Pulls relative-file `$ref`s into the root document. Schemas are hoisted
/// into `components/schemas` (they need a name, and may be recursive); every
/// other referenced object is inlined where it is used.
struct Bundler {
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
}

const ROOT_FILE: usize = 0;

impl Bundler {
    fn walk(&mut self, node: &mut Value, ctx: Ctx, file: usize, path: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                if ctx.resolves_refs()
                    && let Some(Value::String(reference)) = map.get("$ref")
                {
                    let reference = reference.clone();
                    self.resolve_ref(node, &reference, ctx, file, path);
                    return;
                }
                for (key, child) in map.iter_mut() {
                    path.push(key.clone());
                    self.walk(child, ctx.child(key), file, path);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    path.push(i.to_string());
                    self.walk(child, ctx.element(), file, path);
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
        path: &mut Vec<String>,
    ) {
        let (target_file, fragment) = match reference.split_once('#') {
            Some(("", frag)) => (file, frag.to_owned()),
            Some((rel, frag)) => match self.open(rel, file, path) {
                Some(f) => (f, frag.to_owned()),
                None => return,
            },
            None => match self.open(reference, file, path) {
                Some(f) => (f, String::new()),
                None => return,
            },
        };
        if target_file == ROOT_FILE {
            // A reference into the root document stays a local reference.
            if file != ROOT_FILE {
                set_ref(node, &format!("#{fragment}"));
            }
            return;
        }
        if matches!(ctx, Ctx::Schema) {
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
        self.walk(&mut target, ctx, target_file, path);
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
            self.walk(&mut target, Ctx::Schema, file, &mut schema_path);
            self.new_schemas
                .push((name.to_owned(), target, file, format!("#{fragment}")));
        }
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
        let full = base.join(rel);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_by_content() {
        let json = parse_text("{\"openapi\": \"3.1.0\"}", "a.yaml").expect("json");
        assert_eq!(json["openapi"], "3.1.0");
        let yaml = parse_text("openapi: 3.1.0\nresponses:\n  200: ok\n", "a.json").expect("yaml");
        assert_eq!(yaml["responses"]["200"], "ok");
        // A YAML flow mapping that is not JSON still parses.
        let flow = parse_text("{a: 1}", "a").expect("flow");
        assert_eq!(flow["a"], 1);
    }

    #[test]
    fn syntax_errors_have_locations() {
        let err = parse_text("{\n  \"a\": [1,\n}", "bad.json").expect_err("invalid");
        let d = err.iter().next().expect("one");
        assert!(d.message.starts_with("invalid JSON"), "{}", d.message);
        // serde_json reports where it noticed: the `}` on line 3.
        assert_eq!(
            d.location.as_ref().map(|l| (l.line, l.column)),
            Some((3, 1))
        );

        let err = parse_text("a: [1, 2\nb: 3\n", "bad.yaml").expect_err("invalid");
        let d = err.iter().next().expect("one");
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
        assert!(d.location.is_some());
    }
}
