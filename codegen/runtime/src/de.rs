//! What the `Deserialize` impls of generated structs share: the property
//! name, what keeps unlisted properties and the one visitor.
//! [`wire_struct!`](crate::wire_struct) writes each impl from the struct's
//! table.
//!
//! A struct reads its properties with one `match` instead of serde's derive,
//! which for a struct that keeps unlisted properties (`#[serde(flatten)]`)
//! buffers every unknown value and expands to several times the code; rustc
//! spent most of a generated crate's compile time on that code.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// serde and serde_json, for the expansion of
/// [`wire_struct!`](crate::wire_struct).
pub use {serde, serde_json};

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

/// What a struct does with the properties its schema does not list.
pub trait Unlisted<'de> {
    /// Takes the value of property `key` from `map`.
    fn keep<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error>;
}

/// Kept in the struct's map of unlisted properties, read as `T`.
impl<'de, T: Deserialize<'de>> Unlisted<'de> for BTreeMap<String, T> {
    fn keep<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        self.insert(key.into_owned(), map.next_value()?);
        Ok(())
    }
}

/// Skipped: the schema is closed (`additionalProperties: false`), but a
/// server that adds a property must not break the client.
#[derive(Debug, Default)]
pub struct Ignore;

impl<'de> Unlisted<'de> for Ignore {
    fn keep<A: MapAccess<'de>>(&mut self, _: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(|_| ())
    }
}

/// A generated struct, read from a map by the code [`wire_struct!`]
/// writes; [`read`] turns that into its `Deserialize`.
///
/// [`wire_struct!`]: crate::wire_struct
pub trait ReadStruct: Sized {
    /// The struct's name, for "expected struct X" errors.
    const NAME: &'static str;

    /// Reads the struct's properties from `map`.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The one visitor of every generated struct: a visitor per struct is more
/// code for rustc to check and does nothing different.
struct Reader<T>(PhantomData<T>);

impl<'de, T: ReadStruct> Visitor<'de> for Reader<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// A generated struct's `Deserialize`: a map read by its [`ReadStruct`].
pub fn read<'de, T: ReadStruct, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(Reader(PhantomData))
}
