//! JSON Schema 2020-12 references in OpenAPI 3.1: `$id` sets a base URI
//! (relative or absolute) for the schema it is in, `$anchor` names a
//! schema, and a `$ref` resolves against the base in effect where it is
//! written. The bundler asks [`Resources`] where a reference leads; plain
//! file paths and pointers outside any `$id` it follows itself.

use std::collections::HashMap;

use serde_json::{Map, Value};
use url::Url;

use crate::diagnostics::split_pointer;

/// Where a schema is: a file and an RFC 6901 pointer in it (`/a/b`).
pub(super) type Place = (usize, String);

/// Keys whose values are data, never schemas: `$id`s in them mean nothing.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const", "value"];

/// The `$id`s and `$anchor`s of every file read so far.
#[derive(Debug, Default)]
pub(super) struct Resources {
    /// `$id` URIs (no fragment) → the schema that declares it.
    ids: HashMap<String, Place>,
    /// (base URI, anchor) → the schema that declares it.
    anchors: HashMap<(String, String), Place>,
    /// File URIs → file index, and back.
    files: HashMap<String, usize>,
    uris: HashMap<usize, Url>,
}

/// Where a reference leads.
pub(super) enum Target {
    /// Not a matter of `$id`s: a pointer or a relative path for the bundler.
    Plain,
    /// This schema.
    At(Place),
    /// An anchor or `$id` that nothing declares.
    Missing(String),
}

impl Resources {
    /// Registers `file` (read from `uri`) and every `$id` and `$anchor` in
    /// it. Any object may be a schema here (a file of schemas has no
    /// OpenAPI shape); only data keys are skipped.
    pub(super) fn add_file(&mut self, file: usize, uri: Url, root: &Value) {
        self.files.insert(uri.as_str().to_owned(), file);
        self.scan(file, root, &uri, &mut String::new());
        self.uris.insert(file, uri);
    }

    fn scan(&mut self, file: usize, node: &Value, base: &Url, at: &mut String) {
        match node {
            Value::Object(map) => {
                let base = self.enter(file, map, base, at);
                for (key, child) in map {
                    if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                        continue;
                    }
                    let len = at.len();
                    push(at, key);
                    self.scan(file, child, &base, at);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let len = at.len();
                    push(at, &i.to_string());
                    self.scan(file, child, base, at);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// Registers the `$id` and anchors of one object; returns its base.
    fn enter(&mut self, file: usize, map: &Map<String, Value>, base: &Url, at: &str) -> Url {
        let base = scoped(map, base);
        if map.get("$id").is_some_and(Value::is_string) {
            self.ids
                .entry(base.as_str().to_owned())
                .or_insert_with(|| (file, at.to_owned()));
        }
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(name) = map.get(key).and_then(Value::as_str) {
                self.anchors
                    .entry((base.as_str().to_owned(), name.to_owned()))
                    .or_insert_with(|| (file, at.to_owned()));
            }
        }
        base
    }

    /// The base URI of `file` itself.
    pub(super) fn file_base(&self, file: usize) -> Option<Url> {
        self.uris.get(&file).cloned()
    }

    /// The base in effect at `fragment` of `file` (whose tree is `root`):
    /// the file's URI, changed by every `$id` on the way down.
    pub(super) fn base_at(&self, file: usize, root: &Value, fragment: &str) -> Option<Url> {
        let mut base = self.file_base(file)?;
        let mut node = root;
        for seg in split_pointer(fragment) {
            if let Value::Object(map) = node {
                base = scoped(map, &base);
            }
            node = match node {
                Value::Object(m) => m.get(&seg)?,
                Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
                _ => return Some(base),
            };
        }
        if let Value::Object(map) = node {
            base = scoped(map, &base);
        }
        Some(base)
    }

    /// Where `reference`, written in `file` where `base` is in effect, leads.
    pub(super) fn resolve(&self, file: usize, reference: &str, base: &Url) -> Target {
        let in_file_scope = self.uris.get(&file) == Some(base);
        // The common case: a pointer into this file, outside any `$id`.
        if reference.starts_with('#') && reference[1..].starts_with('/') && in_file_scope {
            return Target::Plain;
        }
        let Ok(absolute) = base.join(reference) else {
            return Target::Plain;
        };
        let fragment = decode(absolute.fragment().unwrap_or(""));
        let mut resource = absolute.clone();
        resource.set_fragment(None);
        let place = match (
            self.ids.get(resource.as_str()),
            self.files.get(resource.as_str()),
        ) {
            (Some(place), _) => place.clone(),
            (None, Some(&f)) => (f, String::new()),
            // A relative file path or a remote document, outside any `$id`:
            // the bundler follows or reports it.
            (None, None) if in_file_scope => return Target::Plain,
            // Another file, named relative to an `$id`.
            (None, None) if resource.scheme() == "file" => {
                return Target::Missing(format!(
                    "`$ref: {reference}` resolves to `{absolute}`, which no file read so far and no `$id` declares"
                ));
            }
            (None, None) => return Target::Plain,
        };
        if fragment.is_empty() {
            return Target::At(place);
        }
        if fragment.starts_with('/') {
            let (f, at) = place;
            // `#/components/...` written inside a schema with an `$id` means
            // the document, as OpenAPI authors intend; other pointers
            // (`#/$defs/...`) are inside the resource.
            let document = ["/components/", "/paths/", "/webhooks/"]
                .iter()
                .any(|p| fragment.starts_with(p));
            return Target::At(if document {
                (f, fragment)
            } else {
                (f, at + &fragment)
            });
        }
        match self
            .anchors
            .get(&(resource.as_str().to_owned(), fragment.clone()))
        {
            Some(place) => Target::At(place.clone()),
            None => Target::Missing(format!(
                "`$ref: {reference}` names the anchor `{fragment}`, which no schema in `{resource}` declares"
            )),
        }
    }
}

/// The base URI inside an object: its `$id`, resolved, or the outer base.
pub(super) fn scoped(map: &Map<String, Value>, base: &Url) -> Url {
    match map
        .get("$id")
        .and_then(Value::as_str)
        .map(|id| base.join(id))
    {
        Some(Ok(mut uri)) => {
            uri.set_fragment(None);
            uri
        }
        _ => base.clone(),
    }
}

/// The URI a file is known by: its `file:` URL, or a made-up one for text
/// with no file behind it (so relative `$id`s still resolve).
pub(super) fn file_uri(path: Option<&std::path::Path>, display: &str) -> Option<Url> {
    let from_path = path.and_then(|p| Url::from_file_path(std::fs::canonicalize(p).ok()?).ok());
    from_path.or_else(|| Url::parse("https://spec.invalid/").ok()?.join(display).ok())
}

/// Appends an escaped pointer segment.
fn push(at: &mut String, segment: &str) {
    at.push('/');
    for c in segment.chars() {
        match c {
            '~' => at.push_str("~0"),
            '/' => at.push_str("~1"),
            c => at.push(c),
        }
    }
}

/// Percent-decodes a URI fragment.
fn decode(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = fragment.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
