//! Witnesses: for every item of a crate's surface, a function that uses it
//! the way user code does (reads a field as its type, calls a constructor,
//! setter or method with its argument types, matches a variant). Built
//! against the old crate they must all compile, which checks that the
//! surface describes the crate; against the new crate, exactly the items
//! the report calls breaking must fail. This is the user-crate reference
//! for any pair of specs, with no code written by hand.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use codegen::surface::Surface;

/// One item's witness.
pub struct Witness {
    /// The surface key it exercises.
    pub key: String,
    /// A function using the item.
    pub code: String,
}

/// The names the witness crate imports from the SDK's root: the runtime's
/// types, and the client's items when there is a client (a types-only
/// crate has none).
const RUNTIME: &[&str] = &["Base64", "Binary", "Date", "DateTime", "Time", "Tristate"];
const CLIENT: &[&str] = &["requests", "Client"];

/// What a witness crate of `surface` imports from the client's side: none
/// without a client, and `ErrorBody` only where the spec documents error
/// bodies (otherwise the crate has none).
pub fn client_imports(surface: &Surface) -> Vec<&'static str> {
    let keys = || surface.items.keys();
    if !keys().any(|k| k.starts_with("fn Client::")) {
        return Vec::new();
    }
    let mut names = CLIENT.to_vec();
    if keys().any(|k| k.starts_with("variant ErrorBody::")) {
        names.push("ErrorBody");
    }
    names
}

/// A witness for every item that code can use (statuses have none: they
/// change behaviour, not code).
pub fn witnesses(surface: &Surface) -> Vec<Witness> {
    let types: BTreeSet<&str> = surface
        .items
        .keys()
        .filter_map(|k| k.strip_prefix("type "))
        .collect();
    let q = |sig: &str| qualify(sig, &types);
    let owner = |name: &str| {
        if types.contains(name) {
            format!("types::{name}")
        } else if name == "ErrorBody" {
            "ErrorBody".to_owned()
        } else {
            name.to_owned()
        }
    };
    let mut out = Vec::new();
    for (n, (key, item)) in surface.items.iter().enumerate() {
        let sig = item.signature.as_str();
        let code = if let Some(name) = key.strip_prefix("type ") {
            Some(format!("pub fn w{n}(_: Option<types::{name}>) {{}}"))
        } else if let Some(rest) = key.strip_prefix("field ") {
            rest.split_once('.').map(|(ty, f)| {
                format!(
                    "pub fn w{n}(x: &{}) -> &{} {{ &x.{} }}",
                    owner(ty),
                    q(sig),
                    raw(f)
                )
            })
        } else if let Some(rest) = key.strip_prefix("variant ") {
            rest.rsplit_once("::").map(|(ty, v)| {
                let ty = owner(ty);
                format!("pub fn w{n}(e: &{ty}) -> bool {{ matches!(e, {ty}::{v} {{ .. }}) }}")
            })
        } else if let Some(rest) = key.strip_prefix("setter ") {
            rest.rsplit_once("::").map(|(ty, m)| {
                let ty = if ty.starts_with("requests::") {
                    ty.to_owned()
                } else {
                    owner(ty)
                };
                let (params, args) = arguments(&q(sig), sig == "()");
                format!(
                    "pub fn w{n}(v: {ty}{params}) -> {ty} {{ v.{}({args}) }}",
                    raw(m)
                )
            })
        } else if let Some(m) = key.strip_prefix("fn Client::") {
            method(n, m, &q(sig))
        } else if let Some(rest) = key.strip_prefix("fn ") {
            rest.rsplit_once("::").map(|(ty, m)| {
                let ty = owner(ty);
                let inner = sig.strip_prefix('(').and_then(|s| s.strip_suffix(')'));
                let (params, args) = arguments(&q(inner.unwrap_or("")), inner == Some(""));
                let params = params.trim_start_matches(", ");
                format!(
                    "pub fn w{n}({params}) -> {ty} {{ {ty}::{}({args}) }}",
                    raw(m)
                )
            })
        } else {
            None
        };
        if let Some(code) = code {
            out.push(Witness {
                key: key.clone(),
                code,
            });
        }
    }
    out
}

/// A `Client` method: `(A, B) -> requests::R (T)`, called and awaited.
fn method(n: usize, name: &str, sig: &str) -> Option<String> {
    let close = matching_paren(sig)?;
    let list = &sig[1..close];
    let rest = sig[close + 1..].strip_prefix(" -> ")?;
    let (request, ret) = rest.split_once(" (")?;
    let ret = ret.strip_suffix(')')?;
    let (params, args) = arguments(list, list.is_empty());
    Some(format!(
        "pub async fn w{n}(c: &Client{params}) -> Result<{ret}, sdk::Error> {{\n    \
         let r: {request} = c.{}({args});\n    r.await\n}}",
        raw(name)
    ))
}

/// `, a0: A, a1: B` and `a0, a1` for a comma-separated list of types.
fn arguments(list: &str, empty: bool) -> (String, String) {
    if empty {
        return (String::new(), String::new());
    }
    let types = split_top_level(list);
    let params: String = types
        .iter()
        .enumerate()
        .map(|(i, t)| format!(", a{i}: {t}"))
        .collect();
    let args: Vec<String> = (0..types.len()).map(|i| format!("a{i}")).collect();
    (params, args.join(", "))
}

/// The index of the `)` closing the `(` at the start of `s`.
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => {
                depth -= 1;
                if depth == 0 && c == ')' {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits `A, B<C, D>, E` at its top-level commas.
fn split_top_level(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in list.chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(current.trim().to_owned());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    out
}

/// Writes the generated types of a signature as `types::Name`.
fn qualify(sig: &str, types: &BTreeSet<&str>) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if types.contains(word.as_str()) {
            out.push_str("types::");
        }
        out.push_str(word);
        word.clear();
    };
    let mut prev_colon = false;
    for c in sig.chars() {
        if c.is_alphanumeric() || c == '_' {
            if word.is_empty() && prev_colon {
                // The tail of a path (`uuid::Uuid`): not one of ours.
                out.push(c);
                continue;
            }
            word.push(c);
        } else {
            if !word.is_empty() {
                flush(&mut word, &mut out);
            }
            out.push(c);
        }
        prev_colon = c == ':' || (prev_colon && (c.is_alphanumeric() || c == '_'));
    }
    flush(&mut word, &mut out);
    out
}

/// An identifier as Rust source: keywords are raw.
fn raw(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern",
        "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type",
        "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
        "override", "priv", "typeof", "unsized", "virtual", "yield",
    ];
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// A crate source holding `witnesses`, and the line each one starts on.
/// `client`: the client's items it imports ([`client_imports`]), which
/// every witness crate of one surface imports alike, so that a witness
/// only fails for what changed.
pub fn source(witnesses: &[&Witness], client: &[&str]) -> (String, Vec<usize>) {
    let mut out = String::from(
        "//! Written by `cargo xtask evolution`: each function uses one item of the\n\
         //! old crate's API the way user code would.\n\
         #![allow(unused, non_snake_case, clippy::all)]\n",
    );
    let _ = writeln!(out, "use sdk::{{types, {}}};", RUNTIME.join(", "));
    if !client.is_empty() {
        let _ = writeln!(out, "use sdk::{{{}}};", client.join(", "));
    }
    let mut starts = Vec::new();
    for w in witnesses {
        out.push('\n');
        let _ = writeln!(out, "// {}", w.key);
        starts.push(out.lines().count() + 1);
        out.push_str(&w.code);
        out.push('\n');
    }
    (out, starts)
}

/// The keys of the witnesses the compiler's errors (`src/lib.rs:LINE:..`)
/// point into.
pub fn failing<'a>(witnesses: &[&'a Witness], starts: &[usize], errors: &str) -> Vec<&'a str> {
    let mut keys = BTreeSet::new();
    for line in errors.lines() {
        let Some(rest) = line.split("src/lib.rs:").nth(1) else {
            continue;
        };
        let Some(n) = rest.split(':').next().and_then(|n| n.parse::<usize>().ok()) else {
            continue;
        };
        if let Some(i) = starts.iter().rposition(|&s| s <= n) {
            keys.insert(witnesses[i].key.as_str());
        }
    }
    keys.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_its_own_types_and_leaves_paths_alone() {
        let types: BTreeSet<&str> = ["Pet", "Uuid"].into_iter().collect();
        assert_eq!(
            qualify("Option<Vec<Pet>>, uuid::Uuid, &Pet", &types),
            "Option<Vec<types::Pet>>, uuid::Uuid, &types::Pet"
        );
    }

    #[test]
    fn splits_arguments_at_top_level_commas() {
        assert_eq!(
            split_top_level("&str, std::collections::BTreeMap<String, i64>, impl Into<String>"),
            [
                "&str",
                "std::collections::BTreeMap<String, i64>",
                "impl Into<String>"
            ]
        );
        let sig = "(&str, &types::Pet) -> requests::AddPet (types::Pet)";
        let code = method(3, "add_pet", sig).expect("a method");
        assert!(
            code.contains("c: &Client, a0: &str, a1: &types::Pet"),
            "{code}"
        );
        assert!(
            code.contains("let r: requests::AddPet = c.add_pet(a0, a1);"),
            "{code}"
        );
        assert!(code.contains("Result<types::Pet, sdk::Error>"), "{code}");
    }
}
