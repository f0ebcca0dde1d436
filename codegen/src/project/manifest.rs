//! The declaration file (`sdks.toml`): every crate a repository generates,
//! each with its spec, output directory, crate name, version and settings.

use std::path::{Component, Path};

use serde::Deserialize;

/// The file's name, at the repository's root.
pub const FILE: &str = "sdks.toml";

/// What `sdks.toml` declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// A local runtime crate (relative to the root): generated crates
    /// depend on it by path and version. Without it they depend on the
    /// published runtime by version.
    pub runtime: Option<String>,
    /// A directory (relative to the root) where `codegen` keeps each
    /// crate's IR snapshot, `<name>.ir`, and `--check` compares them.
    pub ir_snapshots: Option<String>,
    /// The crates, in file order.
    pub sdks: Vec<Sdk>,
}

/// One generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sdk {
    /// Package name.
    pub name: String,
    /// The spec, relative to the root.
    pub spec: String,
    /// Output directory, relative to the root.
    pub out: String,
    /// The crate's version. When given, `codegen` bumps it here as the API
    /// changes and keeps a changelog; without it the crate takes the spec's
    /// `info.version`.
    pub version: Option<String>,
    /// A settings file (relative to the root): `[package]` metadata,
    /// `[idempotency]`, `[operations.*]`.
    pub settings: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    runtime: Option<String>,
    #[serde(rename = "ir-snapshots")]
    ir_snapshots: Option<String>,
    #[serde(default)]
    sdk: Vec<Sdk>,
}

impl Manifest {
    /// Reads the file's text; `display` names it in errors, which say
    /// where (`sdks.toml:12:1`) and what.
    pub fn parse(text: &str, display: &str) -> Result<Manifest, String> {
        let file: File = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let before = &text[..s.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                    format!(":{line}:{col}")
                })
                .unwrap_or_default();
            format!("{display}{at}: {}", e.message())
        })?;
        let mut names = std::collections::BTreeSet::new();
        let mut outs = std::collections::BTreeSet::new();
        for s in &file.sdk {
            if !names.insert(&s.name) {
                return Err(format!("{display}: two SDKs are named `{}`", s.name));
            }
            if !outs.insert(&s.out) {
                return Err(format!("{display}: two SDKs write to `{}`", s.out));
            }
            for (key, path) in [("spec", &s.spec), ("out", &s.out)] {
                if !is_inside(path) {
                    return Err(format!(
                        "{display}: `{key} = \"{path}\"` of `{}` must be a relative path inside the repository",
                        s.name
                    ));
                }
            }
        }
        if let Some(dir) = &file.ir_snapshots
            && !is_inside(dir)
        {
            return Err(format!(
                "{display}: `ir-snapshots = \"{dir}\"` must be a relative path inside the repository"
            ));
        }
        Ok(Manifest {
            runtime: file.runtime,
            ir_snapshots: file.ir_snapshots,
            sdks: file.sdk,
        })
    }
}

/// A relative path that stays below the root.
fn is_inside(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && p.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// `text` with the version of the SDK named `name` set to `version`, the
/// rest (comments, order) kept; `None` if that SDK has no version line.
pub fn with_version(text: &str, name: &str, version: &str) -> Option<String> {
    // Each `[[sdk]]` table runs to the next table header.
    let lines: Vec<&str> = text.lines().collect();
    let mut starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with('['))
        .map(|(i, _)| i)
        .collect();
    starts.push(lines.len());
    let value = |line: &str, key: &str| -> Option<String> {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| {
            let v = v.split('#').next().unwrap_or("").trim();
            v.trim_matches('"').to_owned()
        })
    };
    let block = starts.windows(2).find(|w| {
        lines[w[0]].trim() == "[[sdk]]"
            && lines[w[0]..w[1]]
                .iter()
                .any(|l| value(l, "name").as_deref() == Some(name))
    })?;
    let at = (block[0]..block[1]).find(|&i| value(lines[i], "version").is_some())?;
    let mut out = String::with_capacity(text.len());
    for (i, l) in lines.iter().enumerate() {
        if i == at {
            out.push_str(&crate::settings::version_line(l, version));
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# the SDKs\nruntime = \"codegen/runtime\"\n\n[[sdk]]\nname = \"a\"\nspec = \"a.yaml\"\nout = \"a\"\nversion = \"1.0.0\" # bumped\n\n[[sdk]]\nversion = \"0.3.0\"\nname = \"b\"\nspec = \"b.yaml\"\nout = \"gen/b\"\nsettings = \"b.toml\"\n";

    #[test]
    fn declares_sdks_in_order() {
        let m = Manifest::parse(TEXT, FILE).expect("parses");
        assert_eq!(m.runtime.as_deref(), Some("codegen/runtime"));
        let names: Vec<&str> = m.sdks.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(m.sdks[1].settings.as_deref(), Some("b.toml"));
    }

    #[test]
    fn a_version_is_bumped_in_its_own_table_only() {
        let b = with_version(TEXT, "b", "0.4.0").expect("b has a version");
        assert!(b.contains("version = \"1.0.0\" # bumped\n"), "{b}");
        assert!(
            b.contains("[[sdk]]\nversion = \"0.4.0\"\nname = \"b\""),
            "{b}"
        );
        let a = with_version(TEXT, "a", "2.0.0").expect("a has a version");
        assert!(a.contains("version = \"2.0.0\"   # bumped\n"), "{a}");
        assert!(a.contains("version = \"0.3.0\""), "{a}");
        assert_eq!(with_version(TEXT, "c", "1.0.0"), None);
    }

    #[test]
    fn mistakes_are_named_with_their_place() {
        let err = Manifest::parse("[[sdk]]\nname = \"a\"\nspek = \"x\"\n", FILE).expect_err("typo");
        assert!(err.starts_with("sdks.toml:3:1: "), "{err}");
        let twice = "[[sdk]]\nname = \"a\"\nspec = \"a\"\nout = \"a\"\n[[sdk]]\nname = \"a\"\nspec = \"b\"\nout = \"b\"\n";
        assert_eq!(
            Manifest::parse(twice, FILE).expect_err("duplicate"),
            "sdks.toml: two SDKs are named `a`"
        );
        let outside = "[[sdk]]\nname = \"a\"\nspec = \"a\"\nout = \"../a\"\n";
        assert!(
            Manifest::parse(outside, FILE)
                .expect_err("outside")
                .contains("relative path inside the repository")
        );
    }
}
