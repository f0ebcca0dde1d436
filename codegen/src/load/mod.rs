//! Reading a spec: text → JSON tree (YAML or JSON, told apart by content),
//! with relative-file `$ref`s pulled into one bundled document and a source
//! map that remembers where every part came from.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::source_map::{SourceFile, SourceMap};
use bundle::Bundler;
use yaml::parse_yaml;

mod bundle;
mod defs;
mod ids;
mod refs;
mod yaml;

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
    let mut root = root;
    if !matches!(root, Value::Object(_)) {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(
            "#",
            format!("`{display}` is not an OpenAPI document: its top level is not a mapping"),
        ));
        return Err(d);
    }
    let (mut sources, mut warnings) = if text.contains("$ref") {
        Bundler::new(sources, file).bundle(&mut root, file.map(|(p, _)| p))
    } else {
        (sources, Diagnostics::new())
    };
    let has_refs = text.contains("$ref");
    if has_refs {
        refs::nested_defs(&mut root, &mut warnings);
    }
    if text.contains("$defs") || text.contains("definitions") {
        defs::hoist(&mut root, &mut sources);
    }
    if warnings.has_errors() {
        sources.locate_all(&mut warnings);
        return Err(warnings);
    }
    // Problems found here go on with the document: the later stages add
    // the rest, and they are all reported together.
    if has_refs {
        refs::settle(&mut root, &mut sources, &mut warnings);
    }
    Ok(Loaded {
        root,
        sources,
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
