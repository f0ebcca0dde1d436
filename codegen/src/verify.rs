//! Checks on generated code that no compiler enforces: every `Tristate`
//! field is left out when `Absent` (the `is_absent` skip) and read as
//! `Absent` when missing (`#[serde(default)]`, or the `or_absent` group of
//! its `read_struct!` table), and nothing else carries that skip; no doc
//! comment opens a code block that rustdoc would run. Used by tests, the
//! fuzzers and `cargo xtask corpus`.

use quote::ToTokens;

/// Describes every field of `source` that breaks the pairing rule.
pub fn tristate_pairing(source: &str) -> Result<Vec<String>, syn::Error> {
    let file: syn::File = syn::parse_file(source)?;
    let tables = read_struct_tables(&file);
    let mut problems = Vec::new();
    for item in &file.items {
        let syn::Item::Struct(s) = item else { continue };
        let derives = |name: &str| {
            s.attrs.iter().any(|a| {
                a.path().is_ident("derive") && a.meta.to_token_stream().to_string().contains(name)
            })
        };
        let reader = tables.iter().find(|(ty, _)| s.ident == ty);
        if derives("Serialize") && !derives("Deserialize") && reader.is_none() {
            problems.push(format!("{}: no `read_struct!` table reads it", s.ident));
        }
        for (i, field) in s.fields.iter().enumerate() {
            let name = field
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_else(|| i.to_string());
            let ty = field.ty.to_token_stream().to_string().replace(' ', "");
            let is_tristate =
                ty.contains("Tristate<") && !ty.starts_with("Option<") && !ty.starts_with("Vec<");
            let mut default = false;
            let mut skip_absent = false;
            for attr in &field.attrs {
                if !attr.path().is_ident("serde") {
                    continue;
                }
                let text = attr.meta.to_token_stream().to_string().replace(' ', "");
                default |= text.contains("(default") || text.contains(",default");
                skip_absent |= text.contains("skip_serializing_if=\"crate::Tristate::is_absent\"");
            }
            let reads_absent = match reader {
                Some((_, absent)) => absent.contains(&name),
                None => default,
            };
            let field = format!("{}.{name}", s.ident);
            if is_tristate && derives("Serialize") && !skip_absent {
                problems.push(format!(
                    "{field}: a Tristate field needs `skip_serializing_if = \"crate::Tristate::is_absent\"`"
                ));
            }
            if is_tristate && (derives("Deserialize") || reader.is_some()) && !reads_absent {
                problems.push(format!(
                    "{field}: a missing Tristate property must read as `Absent`"
                ));
            }
            if !is_tristate && skip_absent {
                problems.push(format!(
                    "{field}: `is_absent` skip on a field that is not a Tristate"
                ));
            }
        }
    }
    Ok(problems)
}

/// The `read_struct!` tables of `file`: the struct's name and the fields
/// its `or_absent` group reads.
fn read_struct_tables(file: &syn::File) -> Vec<(String, Vec<String>)> {
    use proc_macro2::{Delimiter, TokenTree};
    file.items
        .iter()
        .filter_map(|item| {
            let syn::Item::Macro(m) = item else {
                return None;
            };
            if m.mac.path.segments.last()?.ident != "read_struct" {
                return None;
            }
            let tokens: Vec<TokenTree> = m.mac.tokens.clone().into_iter().collect();
            let name = tokens.first()?.to_string();
            let group = tokens.windows(2).find_map(|w| match w {
                [TokenTree::Ident(i), TokenTree::Group(g)] if i == "or_absent" => Some(g.stream()),
                _ => None,
            })?;
            // `field(Type) = "wire"`: a field is an identifier right before
            // a parenthesized group.
            let inner: Vec<TokenTree> = group.into_iter().collect();
            let fields = inner
                .windows(2)
                .filter_map(|w| match w {
                    [TokenTree::Ident(i), TokenTree::Group(g)]
                        if g.delimiter() == Delimiter::Parenthesis =>
                    {
                        Some(i.to_string())
                    }
                    _ => None,
                })
                .collect();
            Some((name, fields))
        })
        .collect()
}

/// Every code fence in the doc comments of `source` that rustdoc would
/// compile and run: any fence but `text`, except the generator's own crate
/// docs when `is_lib` (`no_run` examples and `toml`, which rustdoc does not
/// compile). The crate docs of a generated crate are its README, which
/// [`runnable_readme_fences`] checks.
pub fn runnable_doc_fences(source: &str, is_lib: bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut open = false;
    for line in source.lines() {
        let t = line.trim_start();
        // The emitter writes one `///` line per doc line; a block doc
        // comment could carry a fence past this check.
        if t.starts_with("/**") || t.starts_with("/*!") {
            found.push(line.to_owned());
            continue;
        }
        let Some(doc) = t.strip_prefix("///").or_else(|| t.strip_prefix("//!")) else {
            continue;
        };
        let doc = doc.trim();
        if !doc.starts_with("```") && !doc.starts_with("~~~") {
            continue;
        }
        if open {
            open = false;
            continue;
        }
        open = true;
        let info = doc.trim_start_matches(['`', '~']);
        if info != "text" && !(is_lib && matches!(info, "no_run" | "toml")) {
            found.push(line.to_owned());
        }
    }
    found
}

/// Every code fence of a generated README, which is also the crate's docs
/// (`lib.rs` includes it), that rustdoc would compile and run: any fence
/// but `text`, `toml` and the generator's own `rust,no_run` examples. Spec
/// text reaches a README only fenced as `text`.
pub fn runnable_readme_fences(readme: &str) -> Vec<String> {
    let mut found = Vec::new();
    // The opening fence's character and length, while a block is open.
    let mut open: Option<(char, usize)> = None;
    for line in readme.lines() {
        let t = line.trim();
        let Some(ch) = t.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            continue;
        };
        let run = t.chars().take_while(|&c| c == ch).count();
        if run < 3 {
            continue;
        }
        match open {
            // Only a run as long, with nothing after it, closes the block.
            Some((c, n)) if c == ch && run >= n && t.len() == run => open = None,
            Some(_) => {}
            None => {
                open = Some((ch, run));
                let info = &t[run..];
                if !matches!(info, "text" | "toml" | "rust,no_run") {
                    found.push(line.to_owned());
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_tristate_without_its_skip() {
        let src = r#"
            #[derive(serde::Serialize, serde::Deserialize)]
            pub struct P {
                #[serde(default)]
                pub a: crate::Tristate<String>,
                #[serde(default, skip_serializing_if = "crate::Tristate::is_absent")]
                pub b: crate::Tristate<String>,
                #[serde(skip_serializing_if = "crate::Tristate::is_absent")]
                pub c: crate::Tristate<String>,
                #[serde(skip_serializing_if = "crate::Tristate::is_absent")]
                pub d: Option<String>,
            }
        "#;
        let problems = tristate_pairing(src).expect("parses");
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("P.a: a Tristate field needs"));
        assert!(problems[1].starts_with("P.c: a missing Tristate"));
        assert!(problems[2].starts_with("P.d: `is_absent` skip"));
    }

    #[test]
    fn reads_the_read_struct_table() {
        let src = r#"
            #[derive(serde::Serialize)]
            pub struct P {
                #[serde(skip_serializing_if = "crate::Tristate::is_absent")]
                pub a: crate::Tristate<String>,
                #[serde(skip_serializing_if = "crate::Tristate::is_absent")]
                pub b: crate::Tristate<String>,
            }
            runtime::read_struct! {
                P, required(), or_none(), or_absent(a(String) = "a"), present(b = "b"), unlisted(),
            }
            #[derive(serde::Serialize)]
            pub struct Q {}
        "#;
        let problems = tristate_pairing(src).expect("parses");
        assert_eq!(
            problems,
            [
                "P.b: a missing Tristate property must read as `Absent`",
                "Q: no `read_struct!` table reads it"
            ]
        );
    }

    #[test]
    fn finds_fences_that_would_run() {
        let src = "/// ```text\n/// ok\n/// ```\n/// ```\n/// run me\n/// ```\n//! ```no_run\n//! x\n//! ```\n";
        assert_eq!(runnable_doc_fences(src, true), vec!["/// ```"]);
        assert_eq!(runnable_doc_fences(src, false).len(), 2);
        let readme = "```toml\na = 1\n```\n```rust,no_run\nx\n```\n````text\n```\ny\n````\n```rust\nrun me\n```\n";
        assert_eq!(runnable_readme_fences(readme), vec!["```rust"]);
    }
}
