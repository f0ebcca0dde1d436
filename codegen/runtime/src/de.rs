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
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// serde and serde_json, for the expansion of
/// [`read_struct!`](crate::read_struct).
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

/// A generated struct, read from a map by the code [`read_struct!`]
/// writes; [`read`] turns that into its `Deserialize`.
///
/// [`read_struct!`]: crate::read_struct
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

/// Reads the value of the property just read into `slot`. One generic call
/// per field keeps the generated `match` small for rustc.
pub fn put<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut T,
    map: &mut A,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Like [`put`], for a value that must be present once read (a required
/// property, or a JSON value whose `null` is kept).
pub fn put_some<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The wire name of the first required property that was not read.
pub fn first_missing(read: &[(bool, &'static str)]) -> Option<&'static str> {
    read.iter().find(|(found, _)| !found).map(|(_, name)| *name)
}

/// The value of a required property that [`first_missing`] found read.
pub fn found<T>(slot: Option<T>) -> T {
    match slot {
        Some(value) => value,
        None => unreachable!("a required property was checked before"),
    }
}

/// A generated struct's [`ReadStruct`] and `Deserialize`, from its fields
/// grouped by how each is read: `name(Type) = "wire"`, the Rust field, its
/// type inside the presence wrapper (`Option`, `Tristate`) and its property.
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
/// hygienic, so no field can shadow them, and its type parameters start with
/// `__`, which no generated type name does. The shape of the expansion (one
/// exit for errors, one call per field, typed slots) is what rustc checks
/// fastest; `cargo xtask bench` measures it.
#[macro_export]
#[doc(hidden)]
macro_rules! read_struct {
    (
        $name:ident,
        required($($req:ident($req_ty:ty) = $req_wire:literal),* $(,)?),
        or_none($($opt:ident($opt_ty:ty) = $opt_wire:literal),* $(,)?),
        or_absent($($tri:ident($tri_ty:ty) = $tri_wire:literal),* $(,)?),
        present($($json:ident = $json_wire:literal),* $(,)?),
        unlisted($($extra:ident)?) $(,)?
    ) => {
        impl<'de> $crate::de::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::de::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::de::read(deserializer)
            }
        }

        impl $crate::de::ReadStruct for $name {
            const NAME: &'static str = ::core::stringify!($name);

            fn read<'de, __A: $crate::de::serde::de::MapAccess<'de>>(
                mut map: __A,
            ) -> ::core::result::Result<Self, __A::Error> {
                $(let mut $req: ::core::option::Option<$req_ty> = ::core::option::Option::None;)*
                $(let mut $opt: ::core::option::Option<$opt_ty> = ::core::option::Option::None;)*
                $(let mut $tri: $crate::Tristate<$tri_ty> = $crate::Tristate::Absent;)*
                $(let mut $json: ::core::option::Option<$crate::de::serde_json::Value> =
                    ::core::option::Option::None;)*
                let mut rest = $crate::read_struct!(@unlisted $($extra)?);
                let failed = loop {
                    let key = match map.next_key::<$crate::de::Key<'de>>() {
                        ::core::result::Result::Ok(::core::option::Option::Some(key)) => key,
                        ::core::result::Result::Ok(::core::option::Option::None) => {
                            break ::core::option::Option::None
                        }
                        ::core::result::Result::Err(e) => break ::core::option::Option::Some(e),
                    };
                    let step = match key.as_str() {
                        $($req_wire => $crate::de::put_some(&mut $req, &mut map),)*
                        $($opt_wire => $crate::de::put(&mut $opt, &mut map),)*
                        $($tri_wire => $crate::de::put(&mut $tri, &mut map),)*
                        $($json_wire => $crate::de::put_some(&mut $json, &mut map),)*
                        _ => $crate::de::Unlisted::keep(&mut rest, key, &mut map),
                    };
                    if let ::core::result::Result::Err(e) = step {
                        break ::core::option::Option::Some(e);
                    }
                };
                if let ::core::option::Option::Some(e) = failed {
                    return ::core::result::Result::Err(e);
                }
                if let ::core::option::Option::Some(name) =
                    $crate::de::first_missing(&[$(($req.is_some(), $req_wire)),*])
                {
                    return ::core::result::Result::Err(
                        <__A::Error as $crate::de::serde::de::Error>::missing_field(name),
                    );
                }
                ::core::result::Result::Ok($name {
                    $($req: $crate::de::found($req),)*
                    $($opt,)*
                    $($tri,)*
                    $($json,)*
                    $($extra: rest,)?
                })
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
