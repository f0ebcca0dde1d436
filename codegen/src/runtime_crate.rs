//! Facts about the runtime crate (`codegen/runtime`) that generated crates
//! depend on, read from its own manifest so that they live in one place.

/// The runtime's manifest, as written in the repository.
pub(crate) const MANIFEST: &str = include_str!("../runtime/Cargo.toml");

/// The runtime's package name; generated code calls it `runtime`.
pub const PACKAGE: &str = "oneinbox-codegen-runtime";

/// A `key = "value"` of the manifest's `[package]` table.
fn package_key(key: &str) -> &'static str {
    let mut in_package = false;
    for line in MANIFEST.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_package = t == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        if let Some((k, v)) = t.split_once('=')
            && k.trim() == key
        {
            return v.trim().trim_matches('"');
        }
    }
    ""
}

/// The runtime's version (`0.1.0`).
pub fn version() -> &'static str {
    package_key("version")
}

/// The range of runtime versions compatible with this one under Cargo's
/// semver rules (`0.1` for `0.1.x`, `1` for `1.x.y`): the re-exported
/// types stay the same within it.
pub fn compatible_range() -> String {
    let mut parts = version().split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        _ => version().to_owned(),
    }
}

/// The oldest Rust the runtime builds with.
pub(crate) fn rust_version() -> &'static str {
    package_key("rust-version")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_is_read() {
        assert!(MANIFEST.contains(&format!("name = \"{PACKAGE}\"")));
        let v = version();
        assert_eq!(v.split('.').count(), 3, "{v}");
        assert!(v.starts_with(&compatible_range()), "{v}");
        assert!(rust_version().starts_with("1."), "{}", rust_version());
    }
}
