//! What the generated `Deserialize` impls of structs share: the property
//! name they match on and the error for a missing required property.
//!
//! Structs read their properties with one `match` instead of serde's derive,
//! which for a struct that keeps unlisted properties (`#[serde(flatten)]`)
//! buffers every unknown value and expands to several times the code; rustc
//! spends most of a generated crate's compile time on that code.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error, Visitor};

/// A property name: borrowed from the input when the format allows (JSON
/// without escapes), owned otherwise.
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied or unescaped.
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The name as an owned string, for a map of unlisted properties.
    pub fn into_owned(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key::Owned(v))
    }
}

/// The value of a required property, or serde's `missing field` error
/// naming it as the wire does.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => Err(E::missing_field(name)),
    }
}
