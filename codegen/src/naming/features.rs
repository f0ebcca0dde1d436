//! Cargo feature names for API groups: lowercase ASCII words joined by `-`,
//! unique, and never a name Cargo or the crate's dependencies already use.

use std::collections::HashSet;

use heck::ToKebabCase;

use super::ascii_words;

/// Names a group's feature must not take: Cargo's `default` and the
/// generated crate's dependencies.
const RESERVED: &[&str] = &[
    "default",
    "runtime",
    "serde",
    "serde_json",
    "serde-json",
    "uuid",
];

/// A Cargo feature name made here: `[a-z0-9-]`, starting with a letter or
/// digit, so spec text reaches `Cargo.toml` and `cfg` only through it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FeatureName(String);

impl FeatureName {
    /// The name as Cargo spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for FeatureName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One feature name per group name, in order: kebab case, `group` for text
/// with no usable letters, numbered (`-2`) where two would be the same.
pub fn feature_names(groups: &[&str]) -> Vec<FeatureName> {
    let mut taken: HashSet<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
    groups
        .iter()
        .map(|g| {
            let mut base = ascii_words(g).to_kebab_case();
            if base.is_empty() {
                base = "group".to_owned();
            }
            let mut name = base.clone();
            let mut n = 2u64;
            while !taken.insert(name.clone()) {
                name = format!("{base}-{n}");
                n += 1;
            }
            FeatureName(name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_unique_and_never_reserved() {
        let names = feature_names(&[
            "Phone Numbers",
            "phone-numbers",
            "default",
            "✓",
            "VoiceV1Trunk",
            "serde",
        ]);
        let names: Vec<&str> = names.iter().map(FeatureName::as_str).collect();
        assert_eq!(
            names,
            [
                "phone-numbers",
                "phone-numbers-2",
                "default-2",
                "group",
                "voice-v1-trunk",
                "serde-2"
            ]
        );
    }
}
