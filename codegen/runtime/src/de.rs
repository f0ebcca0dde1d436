//! How generated structs read themselves: [`read_struct!`](crate::read_struct)
//! writes a struct's `Deserialize` from a table of its fields, and this
//! module holds what those impls share.
//!
//! A struct reads its properties with one `match` instead of serde's derive,
//! which for a struct that keeps unlisted properties (`#[serde(flatten)]`)
//! buffers every unknown value and expands to several times the code; rustc
//! spent most of a generated crate's compile time on that code.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// serde, for the expansion of [`read_struct!`](crate::read_struct).
pub use serde;

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

/// `impl Deserialize` for a generated struct, from its fields grouped by how
/// each is read: `name = "wire"` pairs, the Rust field and its property.
/// Their types come from the struct.
///
/// - `required`: must be present (serde's `missing field` error otherwise);
/// - `or_none`: an `Option`, `None` when missing or `null`;
/// - `or_absent`: a [`Tristate`](crate::Tristate), `Absent` when missing and
///   `Null` when `null`;
/// - `present`: an `Option<serde_json::Value>`, `None` when missing and
///   `Some(Value::Null)` when `null`;
/// - `unlisted`: the field that keeps every other property (a map, which
///   reads them as its value type), or nothing to skip them.
///
/// A repeated property keeps its last value. The locals of the expansion are
/// hygienic, so no field can shadow them, and its own items and type
/// parameters start with `__`, which no generated type name does.
#[macro_export]
#[doc(hidden)]
macro_rules! read_struct {
    (
        $name:ident,
        required($($req:ident = $req_wire:literal),* $(,)?),
        or_none($($opt:ident = $opt_wire:literal),* $(,)?),
        or_absent($($tri:ident = $tri_wire:literal),* $(,)?),
        present($($json:ident = $json_wire:literal),* $(,)?),
        unlisted($($extra:ident)?) $(,)?
    ) => {
        impl<'de> $crate::de::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::de::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;

                impl<'de> $crate::de::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("struct ", ::core::stringify!($name)))
                    }

                    fn visit_map<__A: $crate::de::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::core::result::Result<$name, __A::Error> {
                        $(let mut $req = ::core::option::Option::None;)*
                        $(let mut $opt = ::core::option::Option::None;)*
                        $(let mut $tri = $crate::Tristate::Absent;)*
                        $(let mut $json = ::core::option::Option::None;)*
                        let mut rest = $crate::read_struct!(@unlisted $($extra)?);
                        while let ::core::option::Option::Some(key) =
                            map.next_key::<$crate::de::Key<'de>>()?
                        {
                            match key.as_str() {
                                $($req_wire => $req = ::core::option::Option::Some(map.next_value()?),)*
                                $($opt_wire => $opt = map.next_value()?,)*
                                $($tri_wire => $tri = map.next_value()?,)*
                                $($json_wire => $json = ::core::option::Option::Some(map.next_value()?),)*
                                _ => $crate::de::Unlisted::keep(&mut rest, key, &mut map)?,
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $($req: $crate::de::required($req, $req_wire)?,)*
                            $($opt,)*
                            $($tri,)*
                            $($json,)*
                            $($extra: rest,)?
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    // Where unlisted properties go: the field's map (its type comes from the
    // field), or nowhere.
    (@unlisted $extra:ident) => {
        ::core::default::Default::default()
    };
    (@unlisted) => {
        $crate::de::Ignore
    };
}
