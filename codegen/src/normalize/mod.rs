//! OpenAPI 3.0 and 3.1 spellings → one form that `openapiv3` (a 3.0 model)
//! parses: every way of saying "nullable" becomes `nullable: true` (with
//! `allOf: [$ref]` for references), `const` becomes a one-value `enum`,
//! `type: 'null'` becomes a marker extension, and parts the generator never
//! reads (examples, links, callbacks) are dropped so they cannot fail parsing.
//! Each top-level piece is then parsed on its own, so every broken piece is
//! reported, not only the first.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Diagnostics, Pointer};
use crate::shape::Ctx;
use walk::Walker;

mod kinds;
mod required;
mod walk;

/// Extension the normalizer puts on a schema that only admits `null`.
pub const NULL_ONLY: &str = "x-codegen-null";

/// Extension the normalizer puts on a media type whose `schema` was its
/// OpenAPI 3.2 `itemSchema` (the schema of each item of a stream).
pub const ITEM_SCHEMA: &str = "x-codegen-item-schema";

/// The OpenAPI version family of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SpecVersion {
    /// 3.0.x
    V30,
    /// 3.1.x
    V31,
}

/// A normalized document, ready for lowering.
#[derive(Debug)]
pub struct Normalized {
    /// The document as `openapiv3` models it.
    pub api: OpenAPI,
    /// 3.1 `webhooks`, which `openapiv3` has no field for.
    pub webhooks: IndexMap<String, ReferenceOr<PathItem>>,
    /// 3.1 `info.license.identifier` (an SPDX expression), which
    /// `openapiv3` has no field for either.
    pub license_id: Option<String>,
    /// OpenAPI 3.2 tag nesting (`tags[].parent`), child tag → parent tag,
    /// which `openapiv3` does not read.
    pub tag_parents: IndexMap<String, String>,
}

/// Normalizes `root` and parses it. Errors and warnings go to `diags`;
/// `None` means the document could not be parsed at all.
pub fn normalize(mut root: Value, diags: &mut Diagnostics) -> Option<Normalized> {
    check_version(&root, diags)?;
    let Value::Object(top) = &mut root else {
        diags.error("#", "the document's top level is not a mapping");
        return None;
    };
    match top.get_mut("info") {
        Some(info) => required::fill_info(info, &mut |at, msg| diags.warning(at, msg)),
        None => {
            diags.warning("#", "the document has no `info` object; using title `API`");
            top.insert("info".into(), json!({"title": "API", "version": "0.1.0"}));
        }
    }
    if !top.contains_key("paths") {
        top.insert("paths".into(), json!({}));
    }
    let license_id = top
        .get("info")
        .and_then(|i| i.get("license")?.get("identifier")?.as_str())
        .map(str::to_owned);
    let tag_parents = tag_parents(top.get("tags"));
    let mut walker = Walker { diags };
    walker.walk(&mut root, Ctx::DOCUMENT, &Pointer::root());
    let Value::Object(mut top) = root else {
        return None;
    };
    let webhooks_value = top.remove("webhooks");
    let paths_value = top.remove("paths");
    let components_value = top.remove("components");

    // The pieces are parsed one by one below, after the frame.
    top.insert("paths".into(), json!({}));
    let mut api: OpenAPI = parse(Value::Object(top), &Pointer::root(), walker.diags)?;

    if let Some(Value::Object(paths)) = paths_value {
        let at = Pointer::root().push("paths");
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            if let Some(item) = parse(item, &at.push(&path), walker.diags) {
                api.paths.paths.insert(path, item);
            }
        }
    } else if paths_value.is_some() {
        walker.diags.error("#/paths", "`paths` is not a mapping");
    }

    if let Some(value) = components_value {
        api.components = Some(parse_components(value, walker.diags));
    }

    let mut webhooks = IndexMap::new();
    if let Some(Value::Object(hooks)) = webhooks_value {
        let at = Pointer::root().push("webhooks");
        for (name, item) in hooks {
            if let Some(item) = parse(item, &at.push(&name), walker.diags) {
                webhooks.insert(name, item);
            }
        }
    }
    Some(Normalized {
        api,
        webhooks,
        license_id,
        tag_parents,
    })
}

/// `tags[].parent` of each tag that names one.
fn tag_parents(tags: Option<&Value>) -> IndexMap<String, String> {
    let Some(Value::Array(tags)) = tags else {
        return IndexMap::new();
    };
    tags.iter()
        .filter_map(|t| {
            let name = t.get("name")?.as_str()?;
            let parent = t.get("parent")?.as_str()?;
            (name != parent).then(|| (name.to_owned(), parent.to_owned()))
        })
        .collect()
}

fn check_version(root: &Value, diags: &mut Diagnostics) -> Option<SpecVersion> {
    if root.get("swagger").is_some() {
        diags.push(
            Diagnostic::error(
                "#/swagger",
                "Swagger 2.0 documents are not supported; this generator reads OpenAPI 3.0 and 3.1",
            )
            .with_help(
                "convert the document to OpenAPI 3.x first, e.g. `npx swagger2openapi swagger.json -o openapi.yaml`",
            ),
        );
        return None;
    }
    let Some(version) = root.get("openapi") else {
        diags.push(
            Diagnostic::error(
                "#",
                "not an OpenAPI document: the `openapi` version field is missing",
            )
            .with_help("add `openapi: 3.1.0` (or the 3.0.x version the document follows)"),
        );
        return None;
    };
    let Some(version) = version.as_str() else {
        diags.error(
            "#/openapi",
            format!("`openapi` must be a version string such as \"3.1.0\", found {version}"),
        );
        return None;
    };
    if version.starts_with("3.0") {
        Some(SpecVersion::V30)
    } else if version.starts_with("3.1") {
        Some(SpecVersion::V31)
    } else {
        let mut d = Diagnostic::error(
            "#/openapi",
            format!("unsupported OpenAPI version `{version}`; 3.0.x and 3.1.x are supported"),
        );
        if version.starts_with('2') {
            d = d.with_help("convert the document to OpenAPI 3.x first");
        }
        diags.push(d);
        None
    }
}

/// Parses one piece, turning a serde error into a located diagnostic.
fn parse<T: DeserializeOwned>(value: Value, at: &Pointer, diags: &mut Diagnostics) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(err) => {
            let mut pointer = at.clone();
            for seg in err.path().iter() {
                use serde_path_to_error::Segment;
                match seg {
                    Segment::Map { key } => pointer = pointer.push(key),
                    Segment::Seq { index } => pointer = pointer.index(*index),
                    Segment::Enum { .. } | Segment::Unknown => {}
                }
            }
            diags.error(pointer, describe_serde_error(&err.into_inner().to_string()));
            None
        }
    }
}

/// Makes openapiv3's serde messages read as statements about the spec.
fn describe_serde_error(msg: &str) -> String {
    let msg = msg.trim();
    if msg.starts_with("data did not match any variant") {
        "this node does not have the shape OpenAPI requires here".to_owned()
    } else {
        format!("invalid OpenAPI node: {msg}")
    }
}

fn parse_components(value: Value, diags: &mut Diagnostics) -> openapiv3::Components {
    let mut out = openapiv3::Components::default();
    let at = Pointer::root().push("components");
    let Value::Object(map) = value else {
        diags.error(at, "`components` is not a mapping");
        return out;
    };
    for (section, entries) in map {
        let section_at = at.push(&section);
        let Value::Object(entries) = entries else {
            if !section.starts_with("x-") {
                diags.error(
                    section_at,
                    format!("`components/{section}` is not a mapping"),
                );
            }
            continue;
        };
        for (name, entry) in entries {
            let entry_at = section_at.push(&name);
            match section.as_str() {
                "schemas" => {
                    if let Some(v) = parse(entry, &entry_at, diags) {
                        out.schemas.insert(name, v);
                    }
                }
                "responses" => {
                    if let Some(v) = parse(entry, &entry_at, diags) {
                        out.responses.insert(name, v);
                    }
                }
                "parameters" => {
                    if let Some(v) = parse(entry, &entry_at, diags) {
                        out.parameters.insert(name, v);
                    }
                }
                "requestBodies" => {
                    if let Some(v) = parse(entry, &entry_at, diags) {
                        out.request_bodies.insert(name, v);
                    }
                }
                "headers" => {
                    if let Some(v) = parse(entry, &entry_at, diags) {
                        out.headers.insert(name, v);
                    }
                }
                "securitySchemes" => {
                    if let Some(v) = parse(entry, &entry_at, diags) {
                        out.security_schemes.insert(name, v);
                    }
                }
                // examples, links, callbacks, pathItems: never read.
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swagger_two_is_rejected_with_help() {
        let mut diags = Diagnostics::new();
        assert!(normalize(json!({"swagger": "2.0"}), &mut diags).is_none());
        let d = diags.iter().next().expect("one");
        assert!(d.message.contains("Swagger 2.0"));
        assert!(d.help.as_deref().unwrap_or("").contains("OpenAPI 3"));
    }

    #[test]
    fn all_broken_pieces_are_reported() {
        let mut diags = Diagnostics::new();
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"responses": 5}},
                "/b": {"get": {"responses": {"200": {"description": "ok"}}, "parameters": [{"name": "x"}]}}
            }
        });
        let out = normalize(doc, &mut diags);
        assert!(out.is_some());
        assert_eq!(diags.errors().count(), 2, "{diags}");
    }
}
