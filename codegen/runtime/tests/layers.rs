//! The runtime's modules: they form layers (each names, as `crate::m`,
//! only modules of lower layers, as the `// layer N:` lines of src/lib.rs
//! list them), and the generator bundles every one of their files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Each module's layer, from the `// layer N: a, b, c` lines of lib.rs.
fn declared_layers(lib: &str) -> BTreeMap<String, usize> {
    let mut layers = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("// layer ") else {
            continue;
        };
        let (n, names) = rest.split_once(':').expect("`// layer N: names`");
        let n: usize = n.trim().parse().expect("a layer number");
        for name in names.split(',') {
            layers.insert(name.trim().to_owned(), n);
        }
    }
    layers
}

/// The top-level module each source file belongs to (`auth/oauth.rs` is
/// part of `auth`), with the file's text; lib.rs, the root, is left out.
fn modules(src: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let first = rel.components().next().unwrap().as_os_str();
            let module = first.to_str().unwrap().trim_end_matches(".rs");
            if module != "lib" {
                let text = fs::read_to_string(&path).unwrap();
                let file = rel.display().to_string();
                out.push((module.to_owned(), file, text));
            }
        }
    }
    out
}

/// The modules a file names as `crate::m...` or `crate::{m, ...}` outside
/// comments (doc links are not dependencies).
fn named(text: &str) -> Vec<String> {
    let code = code_only(text);
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        // `$crate::` in a macro is the crate as its users see it.
        if code[..i].ends_with('$') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        let paths = match rest.strip_prefix('{') {
            Some(group) => top_level_items(group),
            None => vec![rest],
        };
        for path in paths {
            let name = path.trim_start();
            let end = name
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(name.len());
            out.push(name[..end].to_owned());
        }
    }
    out
}

/// A source's text without its comments (from `//` to the line's end;
/// a `//` inside a string, as in a URL, cuts the line short too).
fn code_only(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect();
    lines.join("\n")
}

/// The comma-separated items of a `{...}` group whose `{` was just read.
fn top_level_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start, mut end) = (0, 0, group.len());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                end = i;
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..end]);
    items
}

#[test]
fn modules_only_use_lower_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let layers = declared_layers(&fs::read_to_string(root.join("lib.rs")).unwrap());
    assert!(!layers.is_empty(), "lib.rs lists no `// layer N:` lines");
    let mut wrong = Vec::new();
    for (module, file, text) in modules(&root) {
        let Some(&own) = layers.get(&module) else {
            wrong.push(format!("`{module}` ({file}) is in no layer of lib.rs"));
            continue;
        };
        let mut used_all = named(&text);
        used_all.sort();
        used_all.dedup();
        for used in used_all {
            match layers.get(&used) {
                // Not a module: a root item (`crate::Tristate`) or macro.
                None => {}
                Some(_) if used == module => {}
                Some(&theirs) if theirs < own => {}
                Some(&theirs) => wrong.push(format!(
                    "{file}: `{module}` (layer {own}) uses `{used}` (layer {theirs})"
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The generator bundles the runtime from its own list of files
/// (`codegen/src/emit/runtime.rs`); a module missing there would break
/// every SDK with a bundled runtime. Skipped outside the repository (the
/// published crate has no generator beside it).
#[test]
fn the_generator_bundles_every_source() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(list) = fs::read_to_string(dir.join("../src/emit/runtime.rs")) else {
        return;
    };
    let list = code_only(&list);
    let mut missing: Vec<String> = modules(&dir.join("src"))
        .into_iter()
        .map(|(_, file, _)| file)
        .chain(["lib.rs".to_owned()])
        .filter(|file| !list.contains(&format!("runtime/src/{file}\"")))
        .collect();
    missing.sort();
    assert!(missing.is_empty(), "not bundled: {missing:?}");
}
